/* test_read.c — the read side of schema api: search, opening a customer,
 * alerts, the timeline with keyset paging, access ids, BSN reveal and the
 * access log for auditors. Fixtures are plain INSERTs through dbt.super;
 * every api call goes through an agent's own connection. */
#include "harness.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fixture helpers ------------------------------------------------------- */

static void rd_exec(const char *sql, int n, const char *const *params)
{
	PQclear(dbt_ok(dbt.super, sql, n, params));
}

/* A person; birth and bsn may be NULL. */
static long rd_person(const char *surname, const char *prefix, const char *birth, const char *bsn)
{
	const char *p[] = {surname, prefix, birth, bsn};
	return dbt_long(dbt.super,
	                "INSERT INTO loket.party (kind, initials, name_prefix, surname, birth_date, bsn)"
	                " VALUES ('person', 'A.', $2, $1, $3::date, $4) RETURNING id",
	                4, p);
}

static long rd_person_at(const char *surname, const char *postcode, const char *number)
{
	const char *p[] = {surname, postcode, number};
	return dbt_long(dbt.super,
	                "INSERT INTO loket.party (kind, initials, surname, street, house_number, postcode, city)"
	                " VALUES ('person', 'B.', $1, 'Oudegracht', $3::int, $2, 'Utrecht') RETURNING id",
	                3, p);
}

static long rd_agent_id(const char *login)
{
	const char *p[] = {login};
	return dbt_long(dbt.super, "SELECT id FROM loket.agent WHERE login = $1", 1, p);
}

static void rd_case_type(void)
{
	rd_exec("INSERT INTO loket.case_type VALUES ('woz', 'WOZ-bezwaar', 30) ON CONFLICT DO NOTHING", 0, NULL);
}

/* An open case of `party` due on the date the SQL expression `due` gives
 * (e.g. "loket.add_working_days(current_date, 5)"). */
static void rd_case(long party, const char *ref, const char *due)
{
	rd_case_type();
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO loket.case_file (ref, party_id, case_type, subject, due_on)"
	         " VALUES ($1, $2, 'woz', 'Bezwaar WOZ', %s)", due);
	const char *p[] = {ref, dbt_num(party)};
	rd_exec(sql, 2, p);
}

/* An interaction `ago` (an interval literal) before now; returns its id. */
static char *rd_interaction(long party, const char *channel, const char *direction, const char *ago,
                            const char *subject, long agent)
{
	const char *p[] = {dbt_num(party), channel, direction, ago, subject, dbt_num(agent)};
	return dbt_value(dbt.super,
	                 "INSERT INTO loket.interaction (party_id, channel, direction, occurred_at, subject, content, agent_id)"
	                 " VALUES ($1, $2, $3, now() - $4::interval, $5, 'Inhoud van ' || $5, $6) RETURNING id",
	                 6, p);
}

static char *rd_note(long party, const char *interaction, const char *ago, const char *body, long agent)
{
	const char *p[] = {dbt_num(party), interaction, ago, body, dbt_num(agent)};
	return dbt_value(dbt.super,
	                 "INSERT INTO loket.note (id, party_id, interaction_id, created_at, body, agent_id)"
	                 " VALUES (gen_random_uuid(), $1, $2::uuid, now() - $3::interval, $4, $5) RETURNING id",
	                 5, p);
}

static long rd_access_rows(void)
{
	return dbt_long(dbt.super, "SELECT count(*) FROM loket.access_log", 0, NULL);
}

/* An agent in team kcc, connected; its login through *login when wanted. */
static PGconn *rd_agent(const char **login)
{
	const char *l = dbt_agent("agent", "kcc");
	if (login)
		*login = l;
	return dbt_connect(l);
}

/* party_id:match of each search row, in order, comma-separated (malloc'd). */
static char *rd_search(PGconn *c, const char *kind, const char *key, const char *from, const char *to,
                       const char *house)
{
	const char *p[] = {kind, key, from, to, house};
	return dbt_value(c,
	                 "SELECT coalesce(string_agg(s.party_id || ':' || s.match, ',' ORDER BY s.n), '')"
	                 "  FROM api.party_search($1, $2, $3::date, $4::date, $5::int) WITH ORDINALITY"
	                 "       AS s(party_id, kind, display_name, sort_name, birth_date, bsn_masked, address,"
	                 "            open_cases, match, score, n)",
	                 5, p);
}

static void rd_expect_search(PGconn *c, const char *kind, const char *key, const char *from, const char *to,
                             const char *house, const char *want)
{
	char *got = rd_search(c, kind, key, from, to, house);
	cr_expect_str_eq(got, want, "search %s '%s' (from %s to %s, house %s): got [%s], want [%s]", kind, key,
	                 from ? from : "-", to ? to : "-", house ? house : "-", got, want);
	free(got);
}

/* api.party_open as text JSON (malloc'd). */
static char *rd_open(PGconn *c, long party, const char *purpose, const char *limit)
{
	const char *p[] = {dbt_num(party), purpose, limit ? limit : "50"};
	return dbt_value(c, "SELECT api.party_open($1::bigint, $2, 'tty7', $3::int)", 3, p);
}

static void rd_expect_jq(const char *json, const char *expr, const char *want)
{
	char *got = dbt_jq(json, expr);
	cr_expect_str_eq(got, want, "%s: got %s, want %s", expr, got, want);
	free(got);
}

/* The alert kinds of a party as opened by c, comma-separated. */
static char *rd_alert_kinds(PGconn *c, long party)
{
	char *json = rd_open(c, party, "contact", NULL);
	const char *p[] = {json};
	char *v = dbt_value(dbt.super,
	                    "SELECT coalesce(string_agg(a->>'kind', ',' ORDER BY n), '')"
	                    "  FROM jsonb_array_elements($1::jsonb->'alerts') WITH ORDINALITY AS x(a, n)",
	                    1, p);
	free(json);
	return v;
}

/* Search ----------------------------------------------------------------- */

TestSuite(read_search, .init = dbt_setup, .fini = dbt_teardown, .timeout = 60);

Test(read_search, bsn_finds_the_person_with_masked_bsn)
{
	long a = rd_person("Vries", "de", "1980-05-05", "111222333");
	rd_person("Jansen", NULL, "1975-01-01", "123456782");
	PGconn *c = rd_agent(NULL);
	char want[64];
	snprintf(want, sizeof want, "%ld:exact", a);
	rd_expect_search(c, "bsn", "111222333", NULL, NULL, NULL, want);
	const char *p[] = {"111222333"};
	char *masked = dbt_value(c, "SELECT bsn_masked FROM api.party_search('bsn', $1)", 1, p);
	cr_expect_str_eq(masked, "*****2333");
	free(masked);
	rd_expect_search(c, "bsn", "999999990", NULL, NULL, NULL, "");
	PQfinish(c);
}

Test(read_search, kvk_finds_the_organisation_and_its_branches)
{
	long org = dbt_long(dbt.super,
	                    "INSERT INTO loket.party (kind, surname, kvk) VALUES ('organisation', 'Bakkerij Bol BV', '12345678')"
	                    " RETURNING id", 0, NULL);
	long branch = dbt_long(dbt.super,
	                       "INSERT INTO loket.party (kind, surname, kvk) VALUES ('organisation', 'Bakkerij Bol Zuid', '123456780001')"
	                       " RETURNING id", 0, NULL);
	rd_exec("INSERT INTO loket.party (kind, surname, kvk) VALUES ('organisation', 'Ander BV', '87654321')", 0, NULL);
	PGconn *c = rd_agent(NULL);
	char want[64];
	snprintf(want, sizeof want, "%ld:exact,%ld:exact", org, branch);
	rd_expect_search(c, "kvk", "12345678", NULL, NULL, NULL, want);
	snprintf(want, sizeof want, "%ld:exact", branch);
	rd_expect_search(c, "kvk", "123456780001", NULL, NULL, NULL, want);
	PQfinish(c);
}

Test(read_search, postcode_and_house_number_finds_the_resident)
{
	rd_person_at("Aalders", "3511AB", "12");
	long b = rd_person_at("Bakker", "3511AB", "14");
	rd_person_at("Claes", "3512CD", "14");
	PGconn *c = rd_agent(NULL);
	char want[64];
	snprintf(want, sizeof want, "%ld:exact", b);
	rd_expect_search(c, "postcode", "3511AB", NULL, NULL, "14", want);
	rd_expect_search(c, "postcode", "3511AB", NULL, NULL, "16", "");
	PQfinish(c);
}

Test(read_search, postcode_alone_finds_everyone_there_by_house_number)
{
	long b = rd_person_at("Aalders", "3511AB", "14");
	long a = rd_person_at("Bakker", "3511AB", "12");
	rd_person_at("Claes", "3512CD", "12");
	PGconn *c = rd_agent(NULL);
	char want[64];
	snprintf(want, sizeof want, "%ld:exact,%ld:exact", a, b);
	rd_expect_search(c, "postcode", "3511AB", NULL, NULL, NULL, want);
	PQfinish(c);
}

Test(read_search, phone_matches_phone_and_whatsapp_numbers)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	long b = rd_person("Bakker", NULL, NULL, NULL);
	long e = rd_person("Claes", NULL, NULL, NULL);
	const char *p[] = {dbt_num(a), dbt_num(b), dbt_num(e)};
	rd_exec("INSERT INTO loket.contact_address (party_id, kind, value) VALUES"
	        " ($1, 'phone', '+31612345678'), ($2, 'whatsapp', '+31612345678'), ($3, 'phone', '+31687654321')",
	        3, p);
	PGconn *c = rd_agent(NULL);
	char want[64];
	snprintf(want, sizeof want, "%ld:exact,%ld:exact", a, b);
	rd_expect_search(c, "phone", "+31612345678", NULL, NULL, NULL, want);
	rd_expect_search(c, "phone", "+31600000000", NULL, NULL, NULL, "");
	PQfinish(c);
}

Test(read_search, email_finds_the_party)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	long b = rd_person("Bakker", NULL, NULL, NULL);
	const char *p[] = {dbt_num(a), dbt_num(b)};
	rd_exec("INSERT INTO loket.contact_address (party_id, kind, value) VALUES"
	        " ($1, 'email', 'jan@example.nl'), ($2, 'email', 'piet@example.nl')",
	        2, p);
	PGconn *c = rd_agent(NULL);
	char want[64];
	snprintf(want, sizeof want, "%ld:exact", a);
	rd_expect_search(c, "email", "jan@example.nl", NULL, NULL, NULL, want);
	PQfinish(c);
}

Test(read_search, case_ref_finds_the_case_party_and_counts_open_cases)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	long b = rd_person("Bakker", NULL, NULL, NULL);
	rd_case(a, "Z-2026-000123", "NULL");
	rd_case(a, "Z-2026-000124", "NULL");
	rd_case(b, "Z-2026-000125", "NULL");
	rd_exec("INSERT INTO loket.case_file (ref, party_id, case_type, subject, status, closed_at)"
	        " SELECT 'Z-2025-000001', party_id, 'woz', 'Oud', 'closed', now() FROM loket.case_file"
	        "  WHERE ref = 'Z-2026-000123'", 0, NULL);
	PGconn *c = rd_agent(NULL);
	char want[64];
	snprintf(want, sizeof want, "%ld:exact", a);
	rd_expect_search(c, "case", "Z-2026-000123", NULL, NULL, NULL, want);
	long open = dbt_long(c, "SELECT open_cases FROM api.party_search('case', 'Z-2026-000124')", 0, NULL);
	cr_expect_eq(open, 2, "open_cases counts open cases only: %ld", open);
	PQfinish(c);
}

Test(read_search, name_ranks_exact_then_prefix_then_fuzzy)
{
	long fuzzy = rd_person("Vriend", NULL, NULL, NULL);
	long prefix = rd_person("Vriesema", NULL, NULL, NULL);
	long exact = rd_person("Vries", "de", NULL, NULL);
	rd_person("Jansen", NULL, NULL, NULL);
	PGconn *c = rd_agent(NULL);
	char want[96];
	snprintf(want, sizeof want, "%ld:exact,%ld:prefix,%ld:fuzzy", exact, prefix, fuzzy);
	rd_expect_search(c, "name", "vries", NULL, NULL, NULL, want);
	PQfinish(c);
}

Test(read_search, name_prefix_finds_longer_surnames)
{
	long a = rd_person("Jansen", NULL, NULL, NULL);
	long b = rd_person("Janssen", NULL, NULL, NULL);
	rd_person("Smit", NULL, NULL, NULL);
	PGconn *c = rd_agent(NULL);
	char want[96];
	snprintf(want, sizeof want, "%ld:prefix,%ld:prefix", a, b);
	rd_expect_search(c, "name", "jans", NULL, NULL, NULL, want);
	PQfinish(c);
}

Test(read_search, name_matches_come_in_sort_name_order)
{
	long b = dbt_long(dbt.super,
	                  "INSERT INTO loket.party (kind, initials, surname) VALUES ('person', 'B.', 'Jansen') RETURNING id",
	                  0, NULL);
	long a2 = dbt_long(dbt.super,
	                   "INSERT INTO loket.party (kind, initials, name_prefix, surname) VALUES ('person', 'A.', 'van', 'Jansen')"
	                   " RETURNING id", 0, NULL);
	long a1 = dbt_long(dbt.super,
	                   "INSERT INTO loket.party (kind, given_name, surname) VALUES ('person', 'Anna', 'Jansen') RETURNING id",
	                   0, NULL);
	PGconn *c = rd_agent(NULL);
	char want[96];
	snprintf(want, sizeof want, "%ld:exact,%ld:exact,%ld:exact", a1, a2, b);
	rd_expect_search(c, "name", "jansen", NULL, NULL, NULL, want);
	char *v = dbt_value(c, "SELECT string_agg(sort_name, '|') FROM api.party_search('name', 'jansen')", 0, NULL);
	cr_expect_str_eq(v, "Jansen, A.|Jansen, A. van|Jansen, B.");
	free(v);
	PQfinish(c);
}

Test(read_search, name_with_a_typo_finds_the_surname)
{
	long v = rd_person("Vries", "de", NULL, NULL);
	long j = rd_person("Jansen", NULL, NULL, NULL);
	rd_person("Bakker", NULL, NULL, NULL);
	PGconn *c = rd_agent(NULL);
	char want[64];
	snprintf(want, sizeof want, "%ld:fuzzy", v);
	rd_expect_search(c, "name", "vriez", NULL, NULL, NULL, want);
	snprintf(want, sizeof want, "%ld:fuzzy", j);
	rd_expect_search(c, "name", "jansn", NULL, NULL, NULL, want);
	PQfinish(c);
}

Test(read_search, name_with_birth_date_narrows_exact_prefix_and_fuzzy)
{
	long a = rd_person("Jansen", NULL, "1975-01-01", NULL);
	long b = rd_person("Jansen", NULL, "1975-06-01", NULL);
	rd_person("Jansen", NULL, "1980-01-01", NULL);
	long d = rd_person("Jansens", NULL, "1975-01-01", NULL);
	long d2 = rd_person("Jansens", NULL, "1975-01-02", NULL);
	long e = rd_person("Janssen", NULL, "1975-01-01", NULL);
	rd_person("Janssen", NULL, "1981-01-01", NULL);
	PGconn *c = rd_agent(NULL);
	char want[96];
	snprintf(want, sizeof want, "%ld:exact,%ld:prefix,%ld:fuzzy", a, d, e);
	rd_expect_search(c, "name", "jansen", "1975-01-01", "1975-01-01", NULL, want);
	long prefixes = dbt_long(c,
	                         "SELECT count(*) FILTER (WHERE match = 'prefix') * 10 + count(*)"
	                         "  FROM api.party_search('name', 'jans', '1975-01-01', '1975-01-01')",
	                         0, NULL);
	cr_expect_eq(prefixes, 33, "three prefix matches born that day (10 x prefix + all): %ld", prefixes);
	snprintf(want, sizeof want, "%ld:fuzzy,%ld:fuzzy", a, d);
	rd_expect_search(c, "name", "jansem", "1975-01-01", "1975-01-01", NULL, want);
	/* A year is read per tier (a day or a month through the birth date). */
	snprintf(want, sizeof want, "%ld:exact,%ld:exact,%ld:prefix,%ld:prefix,%ld:fuzzy", a, b, d, d2, e);
	rd_expect_search(c, "name", "jansen", "1975-01-01", "1975-12-31", NULL, want);
	PQfinish(c);
}

Test(read_search, name_with_an_open_ended_birth_range)
{
	long a = rd_person("Jansen", NULL, "1975-01-01", NULL);
	rd_person("Jansen", NULL, "1990-01-01", NULL);
	PGconn *c = rd_agent(NULL);
	char want[32];
	snprintf(want, sizeof want, "%ld:exact", a);
	rd_expect_search(c, "name", "jansen", "-infinity", "1980-01-01", NULL, want);
	rd_expect_search(c, "name", "jansen", NULL, "1980-01-01", NULL, want);
	PQfinish(c);
}

Test(read_search, name_with_birth_year_narrows)
{
	long a = rd_person("Jansen", NULL, "1975-01-01", NULL);
	long b = rd_person("Jansen", NULL, "1975-12-31", NULL);
	rd_person("Jansen", NULL, "1976-01-01", NULL);
	rd_person("Jansen", NULL, "1974-12-31", NULL);
	PGconn *c = rd_agent(NULL);
	char *got = rd_search(c, "name", "jansen", "1975-01-01", "1975-12-31", NULL);
	char w1[96], w2[96];
	snprintf(w1, sizeof w1, "%ld:exact,%ld:exact", a, b);
	snprintf(w2, sizeof w2, "%ld:exact,%ld:exact", b, a);
	cr_expect(strcmp(got, w1) == 0 || strcmp(got, w2) == 0, "year 1975: got [%s], want %s", got, w1);
	free(got);
	PQfinish(c);
}

Test(read_search, name_ignores_diacritics)
{
	long c1 = rd_person("Çelik", NULL, NULL, NULL);
	long n = rd_person("Nguyễn", NULL, NULL, NULL);
	long y = rd_person("Yılmaz", NULL, NULL, NULL);
	PGconn *c = rd_agent(NULL);
	char want[64];
	snprintf(want, sizeof want, "%ld:exact", c1);
	rd_expect_search(c, "name", "celik", NULL, NULL, NULL, want);
	snprintf(want, sizeof want, "%ld:exact", n);
	rd_expect_search(c, "name", "nguyen", NULL, NULL, NULL, want);
	snprintf(want, sizeof want, "%ld:exact", y);
	rd_expect_search(c, "name", "yilmaz", NULL, NULL, NULL, want);
	/* The typed form with its accents normalises to the same key. */
	snprintf(want, sizeof want, "%ld:exact", n);
	rd_expect_search(c, "name", "Nguyễn", NULL, NULL, NULL, want);
	PQfinish(c);
}

Test(read_search, short_key_gives_prefix_matches_only)
{
	long exact = rd_person("Li", NULL, NULL, NULL);
	long prefix = rd_person("Lie", NULL, NULL, NULL);
	rd_person("Ang Li", NULL, NULL, NULL); /* trigram-similar to "li", not a prefix match */
	PGconn *c = rd_agent(NULL);
	char want[64];
	snprintf(want, sizeof want, "%ld:exact,%ld:prefix", exact, prefix);
	rd_expect_search(c, "name", "li", NULL, NULL, NULL, want);
	PQfinish(c);
}

Test(read_search, merged_parties_are_never_returned)
{
	long keep = rd_person("Vries", "de", "1980-05-05", "111222333");
	long gone = rd_person("Vries", "de", "1980-05-05", "123456782");
	const char *p[] = {dbt_num(gone), dbt_num(keep)};
	rd_exec("UPDATE loket.party SET merged_into = $2 WHERE id = $1", 2, p);
	rd_exec("INSERT INTO loket.contact_address (party_id, kind, value) VALUES ($1, 'phone', '+31612345678')", 1, p);
	rd_case(gone, "Z-2026-000001", "NULL");
	PGconn *c = rd_agent(NULL);
	char want[64];
	snprintf(want, sizeof want, "%ld:exact", keep);
	rd_expect_search(c, "name", "vries", NULL, NULL, NULL, want);
	snprintf(want, sizeof want, "%ld:fuzzy", keep);
	rd_expect_search(c, "name", "vriez", "1980-05-05", "1980-05-05", NULL, want);
	rd_expect_search(c, "bsn", "123456782", NULL, NULL, NULL, "");
	rd_expect_search(c, "phone", "+31612345678", NULL, NULL, NULL, "");
	rd_expect_search(c, "case", "Z-2026-000001", NULL, NULL, NULL, "");
	PQfinish(c);
}

Test(read_search, confidential_party_comes_without_address)
{
	rd_person_at("Aalders", "3511AB", "12");
	rd_person_at("Bakker", "3511AB", "14");
	rd_exec("UPDATE loket.party SET confidential = true WHERE surname = 'Bakker'", 0, NULL);
	PGconn *c = rd_agent(NULL);
	char *v = dbt_value(c,
	                    "SELECT string_agg(display_name || '=' || coalesce(address, '<none>'), '|' ORDER BY sort_name)"
	                    "  FROM api.party_search('postcode', '3511AB')", 0, NULL);
	cr_expect_str_eq(v, "B. Aalders=Oudegracht 12, 3511 AB Utrecht|B. Bakker=<none>");
	free(v);
	PQfinish(c);
}

Test(read_search, writes_one_access_log_row_with_kind_and_count_but_not_the_key)
{
	rd_person("Vries", "de", "1980-05-05", "111222333");
	rd_person("Vriend", NULL, "1981-05-05", NULL);
	const char *login;
	PGconn *c = rd_agent(&login);
	const char *kinds[][2] = {{"bsn", "111222333"}, {"name", "vriez"}};
	for (size_t i = 0; i < 2; i++) {
		long before = rd_access_rows();
		char *got = rd_search(c, kinds[i][0], kinds[i][1], NULL, NULL, NULL);
		long n = (long)(got[0] ? 1 : 0);
		for (const char *s = got; *s; s++)
			n += *s == ',';
		free(got);
		cr_expect_eq(rd_access_rows(), before + 1, "%s search writes exactly one row", kinds[i][0]);
		const char *p[] = {login, kinds[i][0], dbt_num(n), kinds[i][1]};
		long ok = dbt_long(dbt.super,
		                   "SELECT count(*) FROM loket.access_log a WHERE a.login = $1 AND a.action = 'search'"
		                   "   AND a.query_kind = $2 AND a.result_count = $3::int AND a.party_id IS NULL"
		                   "   AND a.result = 'ok' AND strpos(row_to_json(a)::text, $4) = 0"
		                   "   AND a.id = (SELECT id FROM loket.access_log ORDER BY at DESC LIMIT 1)",
		                   4, p);
		cr_expect_eq(ok, 1, "%s search: the row has kind, count %ld and no key", kinds[i][0], n);
	}
	PQfinish(c);
}

Test(read_search, unknown_kind_is_refused)
{
	PGconn *c = rd_agent(NULL);
	long before = rd_access_rows();
	const char *st = dbt_fails(c, "SELECT * FROM api.party_search('shoe_size', '42')", 0, NULL, NULL, 0);
	cr_expect_str_eq(st, "LK422");
	cr_expect_eq(rd_access_rows(), before);
	PQfinish(c);
}

Test(read_search, name_suggest_returns_the_nearest_surnames_and_is_logged)
{
	rd_person("Vries", "de", NULL, NULL);
	rd_person("Vriend", NULL, NULL, NULL);
	rd_person("Jansen", NULL, NULL, NULL);
	const char *login;
	PGconn *c = rd_agent(&login);
	char *v = dbt_value(c, "SELECT string_agg(surname, ',' ORDER BY similarity DESC) FROM api.name_suggest('vriez')",
	                    0, NULL);
	cr_expect_str_eq(v, "Vries,Vriend");
	free(v);
	const char *p[] = {login};
	long logged = dbt_long(dbt.super,
	                       "SELECT count(*) FROM loket.access_log WHERE login = $1 AND action = 'search'"
	                       "   AND query_kind = 'suggest' AND result_count = 2",
	                       1, p);
	cr_expect_eq(logged, 1);
	PQfinish(c);
}

/* Opening a customer ------------------------------------------------------ */

TestSuite(read_open, .init = dbt_setup, .fini = dbt_teardown, .timeout = 60);

Test(read_open, access_ids_are_time_ordered_version_7)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	PGconn *c = rd_agent(NULL);
	char *first = rd_open(c, a, "contact", "1"), *second = rd_open(c, a, "contact", "1");
	char *x = dbt_jq(first, "->>'access_id'"), *y = dbt_jq(second, "->>'access_id'");
	cr_expect_eq(x[14], '7', "version nibble of %s", x);
	cr_expect(strchr("89ab", x[19]) != NULL, "variant of %s", x);
	cr_expect_lt(strcmp(x, y), 0, "%s was issued before %s", x, y);
	free(x), free(y), free(first), free(second);
	PQfinish(c);
}

Test(read_open, a_re_read_of_a_customer_gone_since_the_opening_is_refused)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	PGconn *c = rd_agent(NULL);
	char *json = rd_open(c, a, "contact", NULL);
	char *access = dbt_jq(json, "->>'access_id'");
	const char *p[] = {dbt_num(a)};
	rd_exec("DELETE FROM loket.party WHERE id = $1", 1, p);
	const char *q[] = {access, dbt_num(a)};
	const char *st = dbt_fails(c, "SELECT api.party_reread($1::uuid, $2::bigint)", 2, q, NULL, 0);
	cr_expect_str_eq(st, "LK404");
	free(access), free(json);
	PQfinish(c);
}

Test(read_open, writes_one_access_log_row_with_purpose_and_returns_its_id)
{
	long a = rd_person("Vries", "de", "1980-05-05", "111222333");
	const char *login;
	PGconn *c = rd_agent(&login);
	long before = rd_access_rows();
	char *json = rd_open(c, a, "case", NULL);
	cr_expect_eq(rd_access_rows(), before + 1);
	char *id = dbt_jq(json, "->>'access_id'");
	const char *p[] = {id, login, dbt_num(a)};
	long ok = dbt_long(dbt.super,
	                   "SELECT count(*) FROM loket.access_log WHERE id = $1::uuid AND login = $2 AND action = 'open'"
	                   "   AND purpose = 'case' AND party_id = $3::bigint AND terminal = 'tty7'"
	                   "   AND team_id = (SELECT id FROM loket.team WHERE code = 'kcc')",
	                   3, p);
	cr_expect_eq(ok, 1, "the access id is the opening's log row");
	free(id);
	free(json);
	PQfinish(c);
}

Test(read_open, returns_the_masked_bsn_and_never_the_real_one)
{
	long a = rd_person("Vries", "de", "1980-05-05", "111222333");
	PGconn *c = rd_agent(NULL);
	char *json = rd_open(c, a, "contact", NULL);
	cr_expect_null(strstr(json, "111222333"), "the real BSN is nowhere in the view");
	rd_expect_jq(json, "->'party'->>'bsn_masked'", "*****2333");
	rd_expect_jq(json, "->'party'->>'display_name'", "A. de Vries");
	rd_expect_jq(json, "->'party'->>'sort_name'", "Vries, A. de");
	free(json);
	PQfinish(c);
}

Test(read_open, returns_party_cases_agreements_and_contact_addresses)
{
	long a = rd_person("Vries", "de", "1980-05-05", "111222333");
	const char *login;
	PGconn *c = rd_agent(&login);
	long ag = rd_agent_id(login);
	const char *p[] = {dbt_num(a), dbt_num(ag)};
	rd_exec("INSERT INTO loket.contact_address (party_id, kind, value, is_default) VALUES"
	        " ($1, 'email', 'a@example.nl', false), ($1, 'phone', '+31612345678', true)", 1, p);
	rd_case(a, "Z-2026-000002", "current_date + 60");
	rd_case(a, "Z-2026-000001", "current_date + 30");
	rd_exec("UPDATE loket.case_file SET owner_id = $2::int, owned_since = now()"
	        " WHERE ref = 'Z-2026-000001' AND party_id = $1::bigint", 2, p);
	rd_exec("INSERT INTO loket.case_file (ref, party_id, case_type, subject, status, closed_at) VALUES"
	        " ('Z-2025-000009', $1, 'woz', 'Recent dicht', 'closed', now() - interval '10 days'),"
	        " ('Z-2024-000009', $1, 'woz', 'Lang geleden', 'closed', now() - interval '200 days')", 1, p);
	rd_exec("INSERT INTO loket.agreement (party_id, kind, description, due_at, status, made_by) VALUES"
	        " ($1, 'callback', 'later', now() + interval '2 days', 'open', $2::int),"
	        " ($1, 'send_document', 'eerder', now() + interval '1 day', 'open', $2::int),"
	        " ($1, 'visit', 'gedaan', now() - interval '5 days', 'kept', $2::int)", 2, p);
	char *json = rd_open(c, a, "contact", NULL);
	{
		const char *q[] = {json};
		long age_ok = dbt_long(dbt.super,
		                       "SELECT (($1::jsonb->'party'->>'age')::int ="
		                       "        extract(year FROM age((now() AT TIME ZONE 'Europe/Amsterdam')::date, date '1980-05-05')))::int",
		                       1, q);
		cr_expect_eq(age_ok, 1, "age in whole years");
	}
	rd_expect_jq(json, "->'contact_addresses'->0->>'value'", "+31612345678");
	rd_expect_jq(json, "->'contact_addresses'->1->>'value'", "a@example.nl");
	rd_expect_jq(json, "->'cases'->0->>'ref'", "Z-2026-000001");
	rd_expect_jq(json, "->'cases'->0->'owner'->>'login'", login);
	rd_expect_jq(json, "->'cases'->0->>'case_type_name'", "WOZ-bezwaar");
	rd_expect_jq(json, "->'cases'->1->>'ref'", "Z-2026-000002");
	rd_expect_jq(json, "->'cases'->1->>'owner'", "<null>");
	rd_expect_jq(json, "->'cases'->2->>'ref'", "Z-2025-000009");
	rd_expect_jq(json, "->'cases'->>3", "<null>");
	rd_expect_jq(json, "->'agreements'->0->>'description'", "eerder");
	rd_expect_jq(json, "->'agreements'->1->>'description'", "later");
	rd_expect_jq(json, "->'agreements'->2->>'description'", "gedaan");
	rd_expect_jq(json, "->'agreements'->0->>'overdue'", "false");
	char made_by[128];
	snprintf(made_by, sizeof made_by, "Test agent %s", login);
	rd_expect_jq(json, "->'agreements'->0->>'made_by'", made_by);
	free(json);
	PQfinish(c);
}

Test(read_open, unknown_purpose_is_refused_naming_the_valid_ones)
{
	long a = rd_person("Vries", "de", NULL, NULL);
	PGconn *c = rd_agent(NULL);
	long before = rd_access_rows();
	char msg[512];
	const char *p[] = {dbt_num(a)};
	const char *st = dbt_fails(c, "SELECT api.party_open($1::bigint, 'curiosity')", 1, p, msg, sizeof msg);
	cr_expect_str_eq(st, "LK422");
	cr_expect_not_null(strstr(msg, "contact, callback, case"), "message lists purposes: %s", msg);
	cr_expect_eq(rd_access_rows(), before);
	PQfinish(c);
}

Test(read_open, unknown_party_is_not_found)
{
	PGconn *c = rd_agent(NULL);
	const char *st = dbt_fails(c, "SELECT api.party_open(987654, 'contact')", 0, NULL, NULL, 0);
	cr_expect_str_eq(st, "LK404");
	PQfinish(c);
}

Test(read_open, a_timeline_limit_out_of_range_is_refused_on_opening_and_re_reading_without_a_log_row)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	PGconn *c = rd_agent(NULL);
	char *json = rd_open(c, a, "contact", NULL);
	char *access = dbt_jq(json, "->>'access_id'");
	long before = rd_access_rows();
	static const char *const limits[] = {"0", "501", "-3"};
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		char msg[512];
		const char *p[] = {dbt_num(a), limits[i]};
		const char *st = dbt_fails(c, "SELECT api.party_open($1::bigint, 'contact', 'tty7', $2::int)", 2, p,
		                           msg, sizeof msg);
		cr_expect_str_eq(st, "LK422", "opening with limit %s", limits[i]);
		cr_expect_not_null(strstr(msg, "timeline limit"), "message names the limit: %s", msg);
		const char *q[] = {access, dbt_num(a), limits[i]};
		st = dbt_fails(c, "SELECT api.party_reread($1::uuid, $2::bigint, $3::int)", 3, q, msg, sizeof msg);
		cr_expect_str_eq(st, "LK422", "re-reading with limit %s", limits[i]);
		cr_expect_not_null(strstr(msg, "timeline limit"), "message names the limit: %s", msg);
	}
	cr_expect_eq(rd_access_rows(), before, "a refused opening writes no access-log row");
	free(access), free(json);
	PQfinish(c);
}

Test(read_open, merged_party_is_a_conflict_naming_the_survivor)
{
	long keep = rd_person("Vries", "de", NULL, NULL);
	long gone = rd_person("Vries", "de", NULL, NULL);
	const char *p[] = {dbt_num(gone), dbt_num(keep)};
	rd_exec("UPDATE loket.party SET merged_into = $2 WHERE id = $1", 2, p);
	PGconn *c = rd_agent(NULL);
	char msg[512], want[64];
	const char *st = dbt_fails(c, "SELECT api.party_open($1::bigint, 'contact')", 1, p, msg, sizeof msg);
	cr_expect_str_eq(st, "LK409");
	snprintf(want, sizeof want, "merged into customer %ld", keep);
	cr_expect_not_null(strstr(msg, want), "message names the survivor: %s", msg);
	PQfinish(c);
}

Test(read_open, organisation_view_has_kvk_and_no_age)
{
	long org = dbt_long(dbt.super,
	                    "INSERT INTO loket.party (kind, surname, kvk, postcode, house_number, street, city)"
	                    " VALUES ('organisation', 'Bakkerij Bol BV', '12345678', '3511AB', 1, 'Oudegracht', 'Utrecht')"
	                    " RETURNING id", 0, NULL);
	PGconn *c = rd_agent(NULL);
	char *json = rd_open(c, org, "contact", NULL);
	rd_expect_jq(json, "->'party'->>'kind'", "organisation");
	rd_expect_jq(json, "->'party'->>'kvk'", "12345678");
	rd_expect_jq(json, "->'party'->>'age'", "<null>");
	rd_expect_jq(json, "->'party'->>'display_name'", "Bakkerij Bol BV");
	rd_expect_jq(json, "->'party'->'address'->>'line'", "Oudegracht 1, 3511 AB Utrecht");
	rd_expect_jq(json, "->'alerts'", "[]");
	rd_expect_jq(json, "->'timeline'->'items'", "[]");
	free(json);
	PQfinish(c);
}

/* loket.working_days_between counts arithmetically; it must agree with a
 * day-by-day count over loket.is_working_day — checked around Easter, King's
 * Day, Liberation Day, Ascension, Whitsun, Christmas and New Year 2026. */
Test(read_open, working_day_count_agrees_with_working_days_between)
{
	long wrong = dbt_long(dbt.super,
	                      "SELECT count(*) FROM (SELECT generate_series(date '2026-03-01', date '2026-06-30', interval '1 day')"
	                      "                      UNION ALL"
	                      "                      SELECT generate_series(date '2026-12-01', date '2027-01-10', interval '1 day')) AS f(f),"
	                      "       generate_series(-2, 20) AS n"
	                      " WHERE loket.working_days_between(f::date, f::date + n)"
	                      "       <> (SELECT count(*) FROM generate_series(f::date + 1, f::date + n, interval '1 day') d"
	                      "            WHERE loket.is_working_day(d::date))",
	                      0, NULL);
	cr_expect_eq(wrong, 0, "%ld ranges differ", wrong);
}

/* Alerts: each trigger against a near miss that must stay silent. */

Test(read_open, alerts_an_overdue_agreement)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	long b = rd_person("Bakker", NULL, NULL, NULL);
	const char *p[] = {dbt_num(a), dbt_num(b)};
	rd_exec("INSERT INTO loket.agreement (party_id, kind, due_at, status) VALUES"
	        " ($1, 'callback', now() - interval '1 hour', 'open'),"
	        " ($2, 'callback', now() + interval '1 hour', 'open'),"
	        " ($2, 'callback', now() - interval '1 day', 'kept'),"
	        " ($2, 'callback', now() - interval '1 day', 'cancelled')", 2, p);
	PGconn *c = rd_agent(NULL);
	char *k = rd_alert_kinds(c, a);
	cr_expect_str_eq(k, "agreement_overdue");
	free(k);
	/* Its time as the console writes times: dd-mm-yyyy hh:mm, Dutch time. */
	char *since = dbt_value(dbt.super,
	                        "SELECT 'Agreement overdue since ' || to_char(due_at AT TIME ZONE "
	                        "'Europe/Amsterdam', 'DD-MM-YYYY HH24:MI') || ': callback' "
	                        "FROM loket.agreement WHERE party_id = $1",
	                        1, p);
	char *json = rd_open(c, a, "contact", NULL);
	rd_expect_jq(json, "->'alerts'->0->>'text'", since);
	free(json);
	free(since);
	k = rd_alert_kinds(c, b);
	cr_expect_str_eq(k, "");
	free(k);
	PQfinish(c);
}

Test(read_open, alerts_a_recently_broken_agreement)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	long b = rd_person("Bakker", NULL, NULL, NULL);
	const char *p[] = {dbt_num(a), dbt_num(b)};
	rd_exec("INSERT INTO loket.agreement (party_id, kind, due_at, status, made_at) VALUES"
	        " ($1, 'payment_plan', now() - interval '5 days', 'broken', now() - interval '10 days'),"
	        " ($2, 'payment_plan', now() - interval '95 days', 'broken', now() - interval '100 days')", 2, p);
	PGconn *c = rd_agent(NULL);
	char *k = rd_alert_kinds(c, a);
	cr_expect_str_eq(k, "agreement_broken");
	free(k);
	k = rd_alert_kinds(c, b);
	cr_expect_str_eq(k, "");
	free(k);
	PQfinish(c);
}

/* Five working days from today always spans a weekend (and sometimes a
 * holiday), so counting calendar days would get both of these wrong. */
Test(read_open, alerts_a_deadline_within_five_working_days_only)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	long b = rd_person("Bakker", NULL, NULL, NULL);
	rd_case(a, "Z-2026-000001", "loket.add_working_days((now() AT TIME ZONE 'Europe/Amsterdam')::date, 5)");
	rd_case(b, "Z-2026-000002", "loket.add_working_days((now() AT TIME ZONE 'Europe/Amsterdam')::date, 6)");
	PGconn *c = rd_agent(NULL);
	char *k = rd_alert_kinds(c, a);
	cr_expect_str_eq(k, "deadline_near");
	free(k);
	char *json = rd_open(c, a, "contact", NULL);
	rd_expect_jq(json, "->'cases'->0->>'working_days_left'", "5");
	rd_expect_jq(json, "->'alerts'->0->>'ref'", "Z-2026-000001");
	free(json);
	k = rd_alert_kinds(c, b);
	cr_expect_str_eq(k, "");
	free(k);
	PQfinish(c);
}

Test(read_open, alerts_a_passed_deadline_of_an_open_case)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	long b = rd_person("Bakker", NULL, NULL, NULL);
	rd_case(a, "Z-2026-000001", "(now() AT TIME ZONE 'Europe/Amsterdam')::date - 1");
	const char *p[] = {dbt_num(b)};
	rd_exec("INSERT INTO loket.case_file (ref, party_id, case_type, subject, due_on, status, closed_at) VALUES"
	        " ('Z-2026-000002', $1, 'woz', 'Dicht', current_date - 10, 'closed', now() - interval '1 day')", 1, p);
	PGconn *c = rd_agent(NULL);
	char *k = rd_alert_kinds(c, a);
	cr_expect_str_eq(k, "deadline_passed");
	free(k);
	k = rd_alert_kinds(c, b);
	cr_expect_str_eq(k, "");
	free(k);
	PQfinish(c);
}

/* Today in Europe/Amsterdam, and `days` before it, as SQL expressions. */
#define RD_TODAY "(now() AT TIME ZONE 'Europe/Amsterdam')::date"
#define RD_DAYS_AGO(days) "(" RD_TODAY " - " days ")"

/* The working day `offset` working days before the latest one up to today
 * (offset 0: today, or the last working day before it), as an SQL
 * expression: a deadline then passed `offset` working days ago, whatever
 * day today is. */
#define RD_WORKING_DAY_BACK(offset)                                                                \
	"(SELECT g.d::date"                                                                        \
	"   FROM generate_series(" RD_TODAY " - 30, " RD_TODAY ", interval '1 day') AS g(d)"       \
	"  WHERE loket.is_working_day(g.d::date)"                                                  \
	"  ORDER BY g.d DESC OFFSET " offset " LIMIT 1)"

/* Two customers, each with one open case, due on the dates `due1` and
 * `due2` give: the first alert of each as an agent opens them must read
 * "Case REF deadline <dd-mm-yyyy><how>: Bezwaar WOZ". */
static void rd_expect_deadline(const char *due1, const char *how1, const char *due2,
                               const char *how2)
{
	const char *due[] = {due1, due2}, *how[] = {how1, how2};
	PGconn *c = rd_agent(NULL);
	for (int i = 0; i < 2; i++) {
		char ref[32], sql[512], want[256];
		snprintf(ref, sizeof ref, "Z-2026-00000%d", i + 1);
		long party = rd_person(i ? "Bakker" : "Aalders", NULL, NULL, NULL);
		rd_case(party, ref, due[i]);
		snprintf(sql, sizeof sql, "SELECT to_char(%s, 'DD-MM-YYYY')", due[i]);
		char *day = dbt_value(dbt.super, sql, 0, NULL);
		snprintf(want, sizeof want, "Case %s deadline %s%s: Bezwaar WOZ", ref, day, how[i]);
		char *json = rd_open(c, party, "contact", NULL);
		rd_expect_jq(json, "->'alerts'->0->>'text'", want);
		free(json);
		free(day);
	}
	PQfinish(c);
}

/* Make the days from today + `from` to today + `to` holidays, which they
 * are as much as a weekend. */
static void rd_days_off(const char *from, const char *to)
{
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO loket.holiday (day, name_nl, name_en)"
	         " SELECT d::date, 'Vrij', 'Day off'"
	         "   FROM generate_series(" RD_TODAY " + %s, " RD_TODAY
	         " + %s, interval '1 day') AS d"
	         " ON CONFLICT (day) DO NOTHING",
	         from, to);
	rd_exec(sql, 0, NULL);
}

/* A deadline on a Saturday seen on the Sunday: no working day has passed
 * since, so it passed "yesterday", not "0 working days ago". */
Test(read_open, a_deadline_passed_with_no_working_day_since_reads_in_calendar_days)
{
	rd_days_off("-1", "0");
	rd_expect_deadline(RD_DAYS_AGO("1"), " passed yesterday", RD_DAYS_AGO("2"),
	                   " passed 2 days ago");
}

Test(read_open, a_deadline_passed_working_days_ago_counts_them_in_singular_and_plural)
{
	rd_expect_deadline(RD_WORKING_DAY_BACK("1"), " passed (1 working day ago)",
	                   RD_WORKING_DAY_BACK("2"), " passed (2 working days ago)");
}

/* Due today, whatever day today is: not "0 working days left". */
Test(read_open, a_deadline_today_reads_due_today)
{
	rd_expect_deadline(RD_TODAY, ": due today", "loket.add_working_days(" RD_TODAY ", 1)",
	                   ": 1 working day left");
}

/* A deadline on a Sunday seen on the Friday: no working day is left
 * before it, so it is due in so many days, not "0 working days left". */
Test(read_open, a_deadline_with_no_working_day_before_it_reads_in_calendar_days)
{
	rd_days_off("1", "2");
	rd_expect_deadline("(" RD_TODAY " + 1)", ": due tomorrow, no working day in between",
	                   "(" RD_TODAY " + 2)", ": due in 2 days, no working day in between");
}

Test(read_open, alerts_three_contacts_in_seven_days)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	long b = rd_person("Bakker", NULL, NULL, NULL);
	const char *login;
	PGconn *c = rd_agent(&login);
	long ag = rd_agent_id(login);
	free(rd_interaction(a, "phone", "in", "1 day", "Vraag", ag));
	free(rd_interaction(a, "email", "in", "3 days", "Vraag", ag));
	free(rd_interaction(a, "chat", "in", "6 days", "Vraag", ag));
	free(rd_interaction(b, "phone", "in", "1 day", "Vraag", ag));
	free(rd_interaction(b, "email", "in", "3 days", "Vraag", ag));
	free(rd_interaction(b, "chat", "in", "8 days", "Vraag", ag));
	char *k = rd_alert_kinds(c, a);
	cr_expect_str_eq(k, "frequent_contact");
	free(k);
	k = rd_alert_kinds(c, b);
	cr_expect_str_eq(k, "");
	free(k);
	PQfinish(c);
}

Test(read_open, alerts_a_letter_sent_recently)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	long b = rd_person("Bakker", NULL, NULL, NULL);
	long d = rd_person("Claes", NULL, NULL, NULL);
	const char *login;
	PGconn *c = rd_agent(&login);
	long ag = rd_agent_id(login);
	char *id = rd_interaction(a, "letter", "out", "3 days", "Ontvangstbevestiging", ag);
	free(rd_interaction(b, "letter", "out", "20 days", "Ontvangstbevestiging", ag));
	free(rd_interaction(b, "letter", "in", "2 days", "Brief van klant", ag));
	free(rd_interaction(d, "portal", "out", "2 days", "Besluit op uw aanvraag", ag));
	char *k = rd_alert_kinds(c, a);
	cr_expect_str_eq(k, "letter_sent");
	free(k);
	char *json = rd_open(c, a, "contact", NULL);
	rd_expect_jq(json, "->'alerts'->0->>'ref'", id);
	free(json);
	free(id);
	k = rd_alert_kinds(c, b);
	cr_expect_str_eq(k, "");
	free(k);
	k = rd_alert_kinds(c, d);
	cr_expect_str_eq(k, "letter_sent");
	free(k);
	PQfinish(c);
}

Test(read_open, a_quiet_customer_has_no_alerts)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	const char *login;
	PGconn *c = rd_agent(&login);
	long ag = rd_agent_id(login);
	rd_case(a, "Z-2026-000001", "loket.add_working_days(current_date, 30)");
	const char *p[] = {dbt_num(a)};
	rd_exec("INSERT INTO loket.agreement (party_id, kind, due_at) VALUES ($1, 'callback', now() + interval '1 day')",
	        1, p);
	free(rd_interaction(a, "phone", "in", "1 day", "Vraag", ag));
	char *k = rd_alert_kinds(c, a);
	cr_expect_str_eq(k, "");
	free(k);
	PQfinish(c);
}

/* Timeline ----------------------------------------------------------------- */

TestSuite(read_timeline, .init = dbt_setup, .fini = dbt_teardown, .timeout = 60);

/* 80 interactions on four channels and 40 notes; pairs share a timestamp so
 * the id breaks ties. */
static void rd_many_items(long party, long agent)
{
	const char *p[] = {dbt_num(party), dbt_num(agent)};
	rd_exec("INSERT INTO loket.interaction (party_id, channel, direction, occurred_at, subject, content, agent_id)"
	        " SELECT $1, (ARRAY['phone', 'email', 'whatsapp', 'letter'])[g % 4 + 1], 'in',"
	        "        date_trunc('hour', now()) - (g / 2) * interval '1 hour', 'Contact ' || g, 'Tekst ' || g, $2::int"
	        "   FROM generate_series(1, 80) AS g", 2, p);
	rd_exec("INSERT INTO loket.note (id, party_id, created_at, body, agent_id)"
	        " SELECT gen_random_uuid(), $1, date_trunc('hour', now()) - (g / 2) * interval '2 hours', 'Notitie ' || g, $2::int"
	        "   FROM generate_series(1, 40) AS g", 2, p);
}

/* Ids of a timeline JSON's items, comma-separated; next key into at/id. */
static char *rd_page_ids(const char *json, char **next_at, char **next_id, long *count)
{
	const char *p[] = {json};
	char *ids = dbt_value(dbt.super,
	                      "SELECT coalesce(string_agg(i->>'id', ',' ORDER BY n), '')"
	                      "  FROM jsonb_array_elements($1::jsonb->'items') WITH ORDINALITY AS x(i, n)",
	                      1, p);
	*count = dbt_long(dbt.super, "SELECT jsonb_array_length($1::jsonb->'items')", 1, p);
	*next_at = dbt_value(dbt.super, "SELECT $1::jsonb->'next'->>'before_at'", 1, p);
	*next_id = dbt_value(dbt.super, "SELECT $1::jsonb->'next'->>'before_id'", 1, p);
	return ids;
}

Test(read_timeline, merges_interactions_and_notes_newest_first)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	const char *login;
	PGconn *c = rd_agent(&login);
	long ag = rd_agent_id(login);
	char *i1 = rd_interaction(a, "phone", "in", "3 hours", "Vraag over WOZ", ag);
	char *n1 = rd_note(a, i1, "2 hours", "Klant   belt\nterug", ag);
	char *n2 = rd_note(a, NULL, "1 hour", "Losse notitie", ag);
	char *i2 = rd_interaction(a, "email", "out", "30 minutes", "Antwoord", ag);
	char *json = rd_open(c, a, "contact", NULL);
	char want[256];
	snprintf(want, sizeof want, "[\"%s\", \"%s\", \"%s\", \"%s\"]", i2, n2, n1, i1);
	rd_expect_jq(json, "->'timeline'->'items' @? '$[*]'", "true");
	rd_expect_jq(json, "#> '{timeline,items}' -> 0 ->> 'type'", "interaction");
	{
		const char *p[] = {json};
		char *ids = dbt_value(dbt.super,
		                      "SELECT jsonb_agg(i->'id' ORDER BY n)::text"
		                      "  FROM jsonb_array_elements($1::jsonb#>'{timeline,items}') WITH ORDINALITY AS x(i, n)",
		                      1, p);
		cr_expect_str_eq(ids, want);
		free(ids);
	}
	rd_expect_jq(json, "#>> '{timeline,items,1,type}'", "note");
	rd_expect_jq(json, "#>> '{timeline,items,1,channel}'", "<null>");
	rd_expect_jq(json, "#>> '{timeline,items,2,channel}'", "phone");
	rd_expect_jq(json, "#>> '{timeline,items,2,subject}'", "Vraag over WOZ");
	/* The excerpt is the text as stored (the console folds its white space). */
	rd_expect_jq(json, "#>> '{timeline,items,2,excerpt}'", "Klant   belt\nterug");
	rd_expect_jq(json, "#>> '{timeline,items,3,excerpt}'", "Inhoud van Vraag over WOZ");
	rd_expect_jq(json, "#>> '{timeline,items,0,direction}'", "out");
	rd_expect_jq(json, "#>> '{timeline,items,0,has_transcript}'", "false");
	rd_expect_jq(json, "#> '{timeline,next}'", "null");
	free(json);
	free(i1);
	free(i2);
	free(n1);
	free(n2);
	PQfinish(c);
}

Test(read_timeline, page_never_separates_a_contact_from_its_note)
{
	/* A contact logged in one call stores its note under the contact's own
	 * id and time: both have the timeline key (at, id). A page that ended
	 * between them would lose the note, since the next page starts below
	 * that key. */
	long a = rd_person("Aalders", NULL, NULL, NULL);
	const char *login;
	PGconn *c = rd_agent(&login);
	long ag = rd_agent_id(login);
	char *old = rd_interaction(a, "letter", "out", "2 days", "Brief", ag);
	char *i1 = rd_interaction(a, "phone", "in", "1 hour", "Vraag", ag);
	const char *p[] = {i1};
	rd_exec("INSERT INTO loket.note (id, party_id, interaction_id, created_at, body, agent_id)"
	        " SELECT id, party_id, id, occurred_at, 'Teruggebeld', agent_id FROM loket.interaction WHERE id = $1::uuid",
	        1, p);
	char *json = rd_open(c, a, "contact", "1");
	rd_expect_jq(json, "#> '{timeline,items}' @? '$[1]'", "true");
	rd_expect_jq(json, "#>> '{timeline,items,0,type}'", "interaction");
	rd_expect_jq(json, "#>> '{timeline,items,1,type}'", "note");
	rd_expect_jq(json, "#>> '{timeline,items,1,id}'", i1);
	rd_expect_jq(json, "#>> '{timeline,next,before_id}'", i1);
	char *access = dbt_jq(json, "->>'access_id'");
	char *at = dbt_jq(json, "#>> '{timeline,next,before_at}'");
	const char *q[] = {access, dbt_num(a), at, i1};
	char *page = dbt_value(c, "SELECT api.timeline_page($1::uuid, $2::bigint, $3::timestamptz, $4::uuid, NULL, 1)",
	                       4, q);
	rd_expect_jq(page, "->'items' @? '$[1]'", "false");
	rd_expect_jq(page, "#>> '{items,0,id}'", old);
	rd_expect_jq(page, "->'next'", "null");
	free(page), free(at), free(access), free(json), free(i1), free(old);
	PQfinish(c);
}

Test(read_timeline, excerpt_is_the_first_200_characters)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	const char *login;
	PGconn *c = rd_agent(&login);
	/* 250 characters, two bytes each in UTF-8: cut by characters, not bytes. */
	char body[1024] = "";
	for (int i = 0; i < 250; i++)
		strcat(body, "\xc3\xa9");
	free(rd_note(a, NULL, "1 hour", body, rd_agent_id(login)));
	char *json = rd_open(c, a, "contact", NULL);
	rd_expect_jq(json, "#>> '{timeline,items,0,excerpt}' ~ '^\xc3\xa9{200}$'", "true");
	free(json);
	PQfinish(c);
}

Test(read_timeline, confidential_contact_is_listed_without_excerpt)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	const char *login;
	PGconn *c = rd_agent(&login);
	char *i1 = rd_interaction(a, "phone", "in", "1 hour", "Gevoelig", rd_agent_id(login));
	const char *p[] = {i1};
	rd_exec("UPDATE loket.interaction SET confidential = true WHERE id = $1::uuid", 1, p);
	free(rd_note(a, i1, "30 minutes", "Notitie bij gevoelig contact", rd_agent_id(login)));
	char *json = rd_open(c, a, "contact", NULL);
	rd_expect_jq(json, "#>> '{timeline,items,0,type}'", "note");
	rd_expect_jq(json, "#>> '{timeline,items,0,confidential}'", "true");
	rd_expect_jq(json, "#>> '{timeline,items,0,excerpt}'", "<null>");
	rd_expect_jq(json, "#>> '{timeline,items,1,confidential}'", "true");
	rd_expect_jq(json, "#>> '{timeline,items,1,excerpt}'", "<null>");
	rd_expect_jq(json, "#>> '{timeline,items,1,subject}'", "Gevoelig");
	char *access = dbt_jq(json, "->>'access_id'");
	const char *q[] = {access, dbt_num(a), i1};
	char *item = dbt_value(c, "SELECT api.timeline_item($1::uuid, $2::bigint, $3::uuid)", 3, q);
	rd_expect_jq(item, "->>'content'", "Inhoud van Gevoelig");
	free(item);
	free(access);
	free(json);
	free(i1);
	PQfinish(c);
}

Test(read_timeline, keyset_pages_of_50_50_20_without_gaps_or_duplicates)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	const char *login;
	PGconn *c = rd_agent(&login);
	rd_many_items(a, rd_agent_id(login));
	const char *pa[] = {dbt_num(a)};
	char *want = dbt_value(dbt.super,
	                       "SELECT string_agg(id::text, ',' ORDER BY at DESC, id DESC) FROM ("
	                       "  SELECT id, occurred_at AS at FROM loket.interaction WHERE party_id = $1"
	                       "  UNION ALL SELECT id, created_at FROM loket.note WHERE party_id = $1) AS t",
	                       1, pa);
	char *json = rd_open(c, a, "contact", "50");
	char *access = dbt_jq(json, "->>'access_id'");
	char *tl = dbt_jq(json, "->'timeline'");
	free(json);

	size_t cap = 120 * 40;
	char *all = calloc(1, cap);
	cr_assert_not_null(all);
	long counts[3] = {0, 0, 0};
	char *next_at = NULL, *next_id = NULL;
	for (int page = 0; page < 3; page++) {
		char *ids = rd_page_ids(tl, &next_at, &next_id, &counts[page]);
		if (page > 0 && ids[0])
			strncat(all, ",", cap - strlen(all) - 1);
		strncat(all, ids, cap - strlen(all) - 1);
		free(ids);
		free(tl);
		tl = NULL;
		if (page < 2) {
			cr_assert(next_at[0] && next_id[0], "page %d has a next key", page + 1);
			const char *p[] = {access, dbt_num(a), next_at, next_id};
			tl = dbt_value(c, "SELECT api.timeline_page($1::uuid, $2::bigint, $3::timestamptz, $4::uuid, NULL, 50)",
			               4, p);
		} else {
			cr_expect_str_eq(next_at, "", "the last page has no next key");
		}
		free(next_at);
		free(next_id);
	}
	cr_expect_eq(counts[0], 50);
	cr_expect_eq(counts[1], 50);
	cr_expect_eq(counts[2], 20);
	cr_expect_str_eq(all, want, "the three pages together are the whole timeline in order");
	free(all);
	free(want);
	free(access);
	PQfinish(c);
}

Test(read_timeline, last_page_has_no_next_key)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	const char *login;
	PGconn *c = rd_agent(&login);
	rd_many_items(a, rd_agent_id(login));
	char *json = rd_open(c, a, "contact", "120");
	rd_expect_jq(json, "->'timeline'->'next'", "null");
	rd_expect_jq(json, "->'timeline'->'items'->>119 IS NOT NULL", "true");
	free(json);
	json = rd_open(c, a, "contact", "119");
	rd_expect_jq(json, "->'timeline'->'next' IS NOT NULL", "true");
	free(json);
	PQfinish(c);
}

Test(read_timeline, channel_filter_returns_only_that_channel)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	const char *login;
	PGconn *c = rd_agent(&login);
	rd_many_items(a, rd_agent_id(login));
	char *json = rd_open(c, a, "contact", NULL);
	char *access = dbt_jq(json, "->>'access_id'");
	free(json);
	const char *p[] = {access, dbt_num(a)};
	char *v = dbt_value(c,
	                    "SELECT string_agg(DISTINCT (i->>'type') || '/' || (i->>'channel'), ',') || ' '"
	                    "       || count(*) FROM json_array_elements("
	                    "   api.timeline_page($1::uuid, $2::bigint, NULL, NULL, 'email', 500)->'items') AS i",
	                    2, p);
	cr_expect_str_eq(v, "interaction/email 20");
	free(v);
	char *tl = dbt_value(c, "SELECT api.timeline_page($1::uuid, $2::bigint, NULL, NULL, 'letter', 15)", 2, p);
	char *next_at, *next_id;
	long n;
	char *ids = rd_page_ids(tl, &next_at, &next_id, &n);
	cr_expect_eq(n, 15);
	const char *q[] = {access, dbt_num(a), next_at, next_id};
	long rest = dbt_long(c,
	                     "SELECT json_array_length(api.timeline_page($1::uuid, $2::bigint, $3::timestamptz, $4::uuid,"
	                     "       'letter', 15)->'items')",
	                     4, q);
	cr_expect_eq(rest, 5, "the second letter page holds the other 5");
	free(ids);
	free(next_at);
	free(next_id);
	free(tl);
	free(access);
	PQfinish(c);
}

Test(read_timeline, unknown_channel_is_refused)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	PGconn *c = rd_agent(NULL);
	char *json = rd_open(c, a, "contact", NULL);
	char *access = dbt_jq(json, "->>'access_id'");
	const char *p[] = {access, dbt_num(a)};
	const char *st = dbt_fails(c, "SELECT api.timeline_page($1::uuid, $2::bigint, NULL, NULL, 'pigeon')", 2, p,
	                           NULL, 0);
	cr_expect_str_eq(st, "LK422");
	free(access);
	free(json);
	PQfinish(c);
}

Test(read_timeline, timeline_page_writes_no_access_log_row)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	const char *login;
	PGconn *c = rd_agent(&login);
	rd_many_items(a, rd_agent_id(login));
	char *json = rd_open(c, a, "contact", NULL);
	char *access = dbt_jq(json, "->>'access_id'");
	long before = rd_access_rows();
	const char *p[] = {access, dbt_num(a)};
	long n = dbt_long(c, "SELECT json_array_length(api.timeline_page($1::uuid, $2::bigint)->'items')", 2, p);
	cr_expect_eq(n, 50);
	cr_expect_eq(rd_access_rows(), before);
	free(access);
	free(json);
	PQfinish(c);
}

Test(read_timeline, refuses_another_agents_access_id)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	PGconn *c = rd_agent(NULL);
	PGconn *other = rd_agent(NULL);
	char *json = rd_open(c, a, "contact", NULL);
	char *access = dbt_jq(json, "->>'access_id'");
	const char *p[] = {access, dbt_num(a)};
	cr_expect_str_eq(dbt_fails(other, "SELECT api.timeline_page($1::uuid, $2::bigint)", 2, p, NULL, 0), "LK403");
	cr_expect_str_eq(dbt_fails(other, "SELECT api.party_reread($1::uuid, $2::bigint)", 2, p, NULL, 0), "LK403");
	cr_expect_str_eq(dbt_fails(other, "SELECT api.bsn_reveal($1::uuid, $2::bigint)", 2, p, NULL, 0), "LK403");
	free(access);
	free(json);
	PQfinish(other);
	PQfinish(c);
}

Test(read_timeline, refuses_an_access_id_for_another_customer)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	long b = rd_person("Bakker", NULL, NULL, NULL);
	PGconn *c = rd_agent(NULL);
	char *json = rd_open(c, a, "contact", NULL);
	char *access = dbt_jq(json, "->>'access_id'");
	const char *p[] = {access, dbt_num(b)};
	cr_expect_str_eq(dbt_fails(c, "SELECT api.timeline_page($1::uuid, $2::bigint)", 2, p, NULL, 0), "LK403");
	cr_expect_str_eq(dbt_fails(c, "SELECT api.bsn_reveal($1::uuid, $2::bigint)", 2, p, NULL, 0), "LK403");
	free(access);
	free(json);
	PQfinish(c);
}

Test(read_timeline, refuses_an_expired_access_id)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	const char *login;
	PGconn *c = rd_agent(&login);
	const char *p[] = {login, dbt_num(a)};
	char *access = dbt_value(dbt.super,
	                         "INSERT INTO loket.access_log (at, login, agent_id, party_id, action, purpose)"
	                         " SELECT now() - interval '2 hours', $1, id, $2::bigint, 'open', 'contact'"
	                         "   FROM loket.agent WHERE login = $1 RETURNING id",
	                         2, p);
	const char *q[] = {access, dbt_num(a)};
	char msg[256];
	cr_expect_str_eq(dbt_fails(c, "SELECT api.timeline_page($1::uuid, $2::bigint)", 2, q, msg, sizeof msg),
	                 "LK403");
	cr_expect_not_null(strstr(msg, "expired"), "%s", msg);
	cr_expect_str_eq(dbt_fails(c, "SELECT api.party_reread($1::uuid, $2::bigint)", 2, q, NULL, 0), "LK403");
	free(access);
	PQfinish(c);
}

Test(read_timeline, timeline_item_returns_transcript_and_linked_notes)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	const char *login;
	PGconn *c = rd_agent(&login);
	long ag = rd_agent_id(login);
	const char *p[] = {dbt_num(a)};
	char *iid = dbt_value(dbt.super,
	                      "INSERT INTO loket.interaction (party_id, channel, direction, occurred_at, subject, content,"
	                      "                               actor, transcript)"
	                      " VALUES ($1, 'chatbot', 'in', now() - interval '1 hour', 'Afvalpas', 'Gesprek met de chatbot',"
	                      "         'chatbot', '[{\"who\": \"customer\", \"at\": \"2026-01-05T10:00:00+01:00\", \"text\": \"Hallo\"},"
	                      "                     {\"who\": \"chatbot\", \"at\": \"2026-01-05T10:00:02+01:00\", \"text\": \"Waarmee kan ik helpen?\"}]')"
	                      " RETURNING id",
	                      1, p);
	char *nid = rd_note(a, iid, "30 minutes", "Doorgezet naar KCC", ag);
	char *json = rd_open(c, a, "contact", NULL);
	rd_expect_jq(json, "#>> '{timeline,items,1,has_transcript}'", "true");
	rd_expect_jq(json, "#>> '{timeline,items,1,actor}'", "chatbot");
	char *access = dbt_jq(json, "->>'access_id'");
	long before = rd_access_rows();
	const char *q[] = {access, dbt_num(a), iid};
	char *item = dbt_value(c, "SELECT api.timeline_item($1::uuid, $2::bigint, $3::uuid)", 3, q);
	rd_expect_jq(item, "->>'type'", "interaction");
	rd_expect_jq(item, "->>'content'", "Gesprek met de chatbot");
	rd_expect_jq(item, "->'transcript'->>0 IS NOT NULL", "true");
	rd_expect_jq(item, "->'transcript'->0->>'text'", "Hallo");
	rd_expect_jq(item, "->'transcript'->1->>'who'", "chatbot");
	rd_expect_jq(item, "->'notes'->0->>'id'", nid);
	rd_expect_jq(item, "->'notes'->0->>'body'", "Doorgezet naar KCC");
	free(item);
	const char *r[] = {access, dbt_num(a), nid};
	item = dbt_value(c, "SELECT api.timeline_item($1::uuid, $2::bigint, $3::uuid)", 3, r);
	rd_expect_jq(item, "->>'type'", "note");
	rd_expect_jq(item, "->>'body'", "Doorgezet naar KCC");
	rd_expect_jq(item, "->>'interaction_subject'", "Afvalpas");
	rd_expect_jq(item, "->>'channel'", "chatbot");
	free(item);
	cr_expect_eq(rd_access_rows(), before, "reading an item writes no row");
	free(access);
	free(json);
	free(iid);
	free(nid);
	PQfinish(c);
}

Test(read_timeline, timeline_item_of_another_customer_is_not_found)
{
	long a = rd_person("Aalders", NULL, NULL, NULL);
	long b = rd_person("Bakker", NULL, NULL, NULL);
	const char *login;
	PGconn *c = rd_agent(&login);
	char *other = rd_interaction(b, "phone", "in", "1 hour", "Van Bakker", rd_agent_id(login));
	char *json = rd_open(c, a, "contact", NULL);
	char *access = dbt_jq(json, "->>'access_id'");
	const char *q[] = {access, dbt_num(a), other};
	cr_expect_str_eq(dbt_fails(c, "SELECT api.timeline_item($1::uuid, $2::bigint, $3::uuid)", 3, q, NULL, 0),
	                 "LK404");
	free(access);
	free(json);
	free(other);
	PQfinish(c);
}

/* Access ids, reveal, audit ------------------------------------------------ */

TestSuite(read_access, .init = dbt_setup, .fini = dbt_teardown, .timeout = 60);

Test(read_access, party_reread_returns_the_same_view_without_a_log_row)
{
	long a = rd_person("Vries", "de", "1980-05-05", "111222333");
	const char *login;
	PGconn *c = rd_agent(&login);
	long ag = rd_agent_id(login);
	free(rd_interaction(a, "phone", "in", "1 day", "Vraag", ag));
	rd_case(a, "Z-2026-000001", "loket.add_working_days(current_date, 3)");
	char *json = rd_open(c, a, "contact", NULL);
	char *access = dbt_jq(json, "->>'access_id'");
	long before = rd_access_rows();
	const char *p[] = {access, dbt_num(a), json};
	long same = dbt_long(c, "SELECT (api.party_reread($1::uuid, $2::bigint)::jsonb = $3::jsonb)::int", 3, p);
	cr_expect_eq(same, 1, "the re-read equals the opening's view, access id included");
	cr_expect_eq(rd_access_rows(), before);
	free(access);
	free(json);
	PQfinish(c);
}

Test(read_access, bsn_reveal_returns_the_real_bsn_and_logs_it_with_the_opening_purpose)
{
	long a = rd_person("Vries", "de", "1980-05-05", "111222333");
	const char *login;
	PGconn *c = rd_agent(&login);
	char *json = rd_open(c, a, "case", NULL);
	char *access = dbt_jq(json, "->>'access_id'");
	long before = rd_access_rows();
	const char *p[] = {access, dbt_num(a)};
	char *bsn = dbt_value(c, "SELECT api.bsn_reveal($1::uuid, $2::bigint)", 2, p);
	cr_expect_str_eq(bsn, "111222333");
	cr_expect_eq(rd_access_rows(), before + 1);
	const char *q[] = {login, dbt_num(a)};
	long ok = dbt_long(dbt.super,
	                   "SELECT count(*) FROM loket.access_log WHERE login = $1 AND action = 'reveal'"
	                   "   AND party_id = $2::bigint AND purpose = 'case' AND result = 'ok'",
	                   2, q);
	cr_expect_eq(ok, 1);
	free(bsn);
	free(access);
	free(json);
	PQfinish(c);
}

Test(read_access, access_log_for_party_is_refused_to_an_agent)
{
	long a = rd_person("Vries", "de", NULL, NULL);
	PGconn *c = rd_agent(NULL);
	const char *p[] = {dbt_num(a)};
	const char *st = dbt_fails(c, "SELECT * FROM api.access_log_for_party($1::bigint)", 1, p, NULL, 0);
	cr_expect(strcmp(st, "42501") == 0 || strcmp(st, "LK401") == 0, "refused with %s", st);
	PQfinish(c);
}

Test(read_access, access_log_for_party_shows_openings_to_an_auditor_and_logs_the_audit)
{
	long a = rd_person("Vries", "de", NULL, NULL);
	const char *agent_login;
	PGconn *c = rd_agent(&agent_login);
	free(rd_open(c, a, "complaint", NULL));
	const char *auditor = dbt_agent("auditor", "privacy");
	PGconn *au = dbt_connect(auditor);
	const char *p[] = {dbt_num(a)};
	char *v = dbt_value(au,
	                    "SELECT string_agg(action || '/' || purpose || '/' || login || '/' || team || '/' || terminal, ',')"
	                    "  FROM api.access_log_for_party($1::bigint)",
	                    1, p);
	char want[256];
	snprintf(want, sizeof want, "open/complaint/%s/kcc/tty7", agent_login);
	cr_expect_str_eq(v, want);
	free(v);
	const char *q[] = {auditor, dbt_num(a)};
	long audit = dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.access_log WHERE login = $1 AND action = 'audit'"
	                      "   AND party_id = $2::bigint AND result_count = 1",
	                      2, q);
	cr_expect_eq(audit, 1);
	PQfinish(au);
	PQfinish(c);
}

Test(read_access, agent_can_call_the_api_but_not_select_the_party_table)
{
	rd_person("Vries", "de", NULL, "111222333");
	PGconn *c = rd_agent(NULL);
	long n = dbt_long(c, "SELECT count(*) FROM api.party_search('bsn', '111222333')", 0, NULL);
	cr_expect_eq(n, 1);
	cr_expect_str_eq(dbt_fails(c, "SELECT bsn FROM loket.party", 0, NULL, NULL, 0), "42501");
	cr_expect_str_eq(dbt_fails(c, "SELECT * FROM loket.access_log", 0, NULL, NULL, 0), "42501");
	PQfinish(c);
}
