/* Command lines through the real binary (loket(1), EXIT STATUS): a wrong
 * one exits 2 and says why; `loket note` then stores nothing, and a good
 * note is stored once. */
#include "harness.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

TestSuite(cli_note, .init = dbt_setup, .fini = dbt_teardown, .timeout = 120);

static const char *cn_bin(void)
{
	const char *b = getenv("LOKET_BIN");
	return b && *b ? b : "build/san/loket";
}

/* Run the shell command `cmd`; its exit status, and what it wrote to its
 * standard output in out. */
static int cn_popen(const char *cmd, char *out, size_t len)
{
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	size_t n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Run `printf STDIN | loket COMMAND ARGS` as `login`; the exit status, and
 * what it wrote to stderr in err. `in` and `args` are the test's own
 * fixed text (no quotes in them). */
static int cn_cmd(const char *login, const char *command, const char *in, const char *args,
                  char *err, size_t len)
{
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "printf '%s' | PGUSER=%s %s -d 'dbname=%s' %s %s 2>&1 >/dev/null",
	         in, login, cn_bin(), dbt.dbname, command, args);
	return cn_popen(cmd, err, len);
}

/* `loket show PARTY --purpose contact EXTRA` as `login`: its exit status,
 * and its output (stdout and stderr) in out. */
static int cn_show(const char *login, const char *party, const char *extra, char *out, size_t len)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "PGUSER=%s %s -d 'dbname=%s' show %s --purpose contact %s 2>&1",
	         login, cn_bin(), dbt.dbname, party, extra);
	return cn_popen(cmd, out, len);
}

/* `loket -d 'dbname=DB' db ARGS` as the superuser; its exit status, and in
 * out what it wrote to the streams `redirect` keeps ("2>&1" for both,
 * "2>/dev/null" for stdout, "2>&1 >/dev/null" for stderr). */
static int cn_db(const char *db, const char *args, const char *redirect, char *out, size_t len)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "PGUSER=postgres %s -d 'dbname=%s' db %s %s", cn_bin(), db, args,
	         redirect);
	return cn_popen(cmd, out, len);
}

static int cn_run(const char *login, const char *in, const char *args, char *err, size_t len)
{
	return cn_cmd(login, "note", in, args, err, len);
}

Test(cli_note, a_wrong_command_line_or_no_note_exits_2_says_why_and_stores_nothing)
{
	const char *login = dbt_agent("agent", "kcc");
	char *party = dbt_value(dbt.super,
	                        "INSERT INTO loket.party (kind, bsn, initials, surname, birth_date) "
	                        "VALUES ('person', '111222333', 'H.', 'Vries', '1961-03-12') RETURNING id",
	                        0, NULL);
	char ok[128], args[512], err[2048];
	snprintf(ok, sizeof ok, "--party %s --channel phone --subject Vraag --outcome answered", party);
	static const struct {
		const char *in, *extra, *says;
	} bad[] = {
	    {"Notitie", "--id notauuid", "is not a UUID"},
	    {"  \\n\\t\\n", "", "no note on standard input"},
	    {"", "", "no note on standard input"},
	    {"Notitie \\377 kapot", "", "is not UTF-8 text"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(args, sizeof args, "%s %s", ok, bad[i].extra);
		int rc = cn_run(login, bad[i].in, args, err, sizeof err);
		cr_expect_eq(rc, 2, "note %s < '%s': exit %d: %s", args, bad[i].in, rc, err);
		cr_expect(strstr(err, bad[i].says), "note %s < '%s': %s", args, bad[i].in, err);
	}
	/* Standard input that cannot be read (a directory) says why, and stores nothing. */
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "PGUSER=%s %s -d 'dbname=%s' note %s < /tmp 2>&1 >/dev/null", login,
	         cn_bin(), dbt.dbname, ok);
	int unread = cn_popen(cmd, err, sizeof err);
	cr_expect_eq(unread, 1, "note < /tmp: exit %d: %s", unread, err);
	cr_expect(strstr(err, "cannot read the note on standard input: Is a directory"), "%s", err);
	/* Values the database refuses as invalid: the command line was wrong. */
	static const struct {
		const char *args, *says;
	} refused[] = {
	    {"--party 999999 --channel phone --subject Vraag --outcome answered", "not a known customer"},
	    {"--party %s --channel pigeon --subject Vraag --outcome answered", "is not one of"},
	    {"--party %s --channel phone --subject Vraag --outcome frob", "is not one of"},
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		snprintf(args, sizeof args, refused[i].args, party);
		int rc = cn_run(login, "Notitie", args, err, sizeof err);
		cr_expect_eq(rc, 2, "note %s: exit %d: %s", args, rc, err);
		cr_expect(strstr(err, refused[i].says), "note %s: %s", args, err);
	}
	const char *pp[] = {party};
	cr_expect_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.interaction WHERE party_id = $1::bigint",
	                      1, pp),
	             0, "a refused note stored a contact");
	int rc = cn_run(login, "Klant belde over zijn aanslag.", ok, err, sizeof err);
	cr_expect_eq(rc, 0, "a good note: exit %d: %s", rc, err);
	cr_expect_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.interaction i JOIN loket.note n ON n.id = i.id "
	                      "WHERE i.party_id = $1::bigint AND n.body = 'Klant belde over zijn aanslag.'",
	                      1, pp),
	             1, "the good note was not stored once, with its text");
	free(party);
}

TestSuite(cli_search, .init = dbt_setup, .fini = dbt_teardown, .timeout = 60);

Test(cli_search, a_mistyped_option_or_a_query_too_long_exits_2_and_searches_nothing)
{
	const char *login = dbt_agent("agent", "kcc");
	char err[2048], longq[700];
	int rc = cn_cmd(login, "search", "", "jansen --jsn", err, sizeof err);
	cr_expect_eq(rc, 2, "exit %d: %s", rc, err);
	cr_expect(strstr(err, "--jsn is not an option"), "%s", err);
	memset(longq, 'x', 600);
	longq[600] = '\0';
	rc = cn_cmd(login, "search", "", longq, err, sizeof err);
	cr_expect_eq(rc, 2, "exit %d: %s", rc, err);
	cr_expect(strstr(err, "the query is longer than"), "%s", err);
	const char *lp[] = {login};
	cr_expect_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.access_log WHERE login = $1", 1, lp),
	             0, "a refused search reached the database");
}

TestSuite(cli_time, .init = dbt_setup, .fini = dbt_teardown, .timeout = 60);

Test(cli_time, times_are_dutch_time_on_a_server_that_runs_in_utc)
{
	/* A hosted PostgreSQL often runs in UTC: loket's sessions still show
	 * Amsterdam time (13:00 in winter for 12:00 UTC). */
	const char *login = dbt_agent("agent", "kcc");
	char sql[256];
	snprintf(sql, sizeof sql, "ALTER DATABASE \"%s\" SET TimeZone = 'UTC'", dbt.dbname);
	PQclear(dbt_ok(dbt.super, sql, 0, NULL));
	char *party = dbt_value(dbt.super,
	                        "INSERT INTO loket.party (kind, bsn, initials, surname, birth_date) "
	                        "VALUES ('person', '111222333', 'H.', 'Vries', '1961-03-12') RETURNING id",
	                        0, NULL);
	const char *lp[] = {login, party};
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.interaction (party_id, channel, direction, occurred_at, "
	               "subject, agent_id) SELECT $2::bigint, 'phone', 'in', "
	               "'2026-01-15 12:00:00+00', 'Vraag in de winter', id FROM loket.agent "
	               "WHERE login = $1",
	               2, lp));
	char out[16384];
	int rc = cn_show(login, party, "--json", out, sizeof out);
	cr_assert_eq(rc, 0, "show failed: %s", out);
	cr_expect(strstr(out, "2026-01-15T13:00:00+01:00"), "not in Dutch time:\n%s", out);
	free(party);
}

TestSuite(cli_case, .init = dbt_setup, .fini = dbt_teardown, .timeout = 60);

/* A case of a new customer, owned by `login`. */
static void cn_case(const char *login, const char *ref)
{
	PQclear(dbt_ok(
	    dbt.super,
	    "INSERT INTO loket.case_type VALUES ('woz', 'WOZ-bezwaar', 30) ON CONFLICT DO NOTHING",
	    0, NULL));
	const char *p[] = {ref, login};
	PQclear(
	    dbt_ok(dbt.super,
	           "WITH p AS (INSERT INTO loket.party (kind, initials, surname) VALUES ('person', "
	           "'J.', 'Berg') "
	           "           RETURNING id) "
	           "INSERT INTO loket.case_file (ref, party_id, case_type, subject, due_on, "
	           "owner_id, owned_since) "
	           "SELECT $1, p.id, 'woz', 'Bezwaar WOZ-waarde', current_date + 20, a.id, now() "
	           "  FROM p, loket.agent a WHERE a.login = $2",
	           2, p));
}

Test(cli_case, a_result_only_with_closing_otherwise_exit_2_with_what_to_do)
{
	const char *login = dbt_agent("agent", "kcc");
	cn_case(login, "Z-2026-000123");
	char err[2048];
	int rc = cn_cmd(login, "case", "", "status Z-2026-000123 in_progress --result toegekend",
	                err, sizeof err);
	cr_expect_eq(rc, 2, "exit %d: %s", rc, err);
	cr_expect(
	    strstr(
	        err,
	        "loket: case status: a case result is given when closing the case, not with status "
	        "in_progress: leave the result out, or give it with status closed"),
	    "%s", err);
	rc = cn_cmd(login, "case", "", "status Z-2026-000123 closed", err, sizeof err);
	cr_expect_eq(rc, 2, "exit %d: %s", rc, err);
	cr_expect(strstr(err, "closing a case needs its result: add --result TEXT"), "%s", err);
	char *v = dbt_value(dbt.super,
	                    "SELECT status || ' ' || coalesce(result, '-') FROM loket.case_file", 0,
	                    NULL);
	cr_expect_str_eq(v, "received -", "a refused status change was stored");
	free(v);
	rc = cn_cmd(login, "case", "", "status Z-2026-000123 closed --result toegekend", err,
	            sizeof err);
	cr_expect_eq(rc, 0, "exit %d: %s", rc, err);
	v = dbt_value(dbt.super,
	              "SELECT status || ' ' || coalesce(result, '-') FROM loket.case_file", 0,
	              NULL);
	cr_expect_str_eq(v, "closed toegekend");
	free(v);
}

TestSuite(cli_show, .init = dbt_setup, .fini = dbt_teardown, .timeout = 60);

/* Occurrences of `needle` in `hay`. */
static int cn_count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *s = strstr(hay, needle); s; s = strstr(s + 1, needle))
		n++;
	return n;
}

/* `loket note` as `login`: a phone call "Aanslag" of `party`, answered,
 * with the note `text`; then `loket show` of that customer into out. */
static void cn_note_and_show(const char *login, const char *party, const char *text, char *out,
                             size_t len)
{
	char args[256], err[2048];
	snprintf(args, sizeof args,
	         "--party %s --channel phone --subject Aanslag --outcome answered", party);
	int rc = cn_cmd(login, "note", text, args, err, sizeof err);
	cr_assert_eq(rc, 0, "note: exit %d: %s", rc, err);
	rc = cn_show(login, party, "", out, len);
	cr_assert_eq(rc, 0, "show: exit %d: %s", rc, out);
}

Test(cli_show, plain_text_shows_a_contact_once_with_its_note_and_closed_cases_apart)
{
	const char *login = dbt_agent("agent", "kcc");
	cn_case(login, "Z-2026-000001");
	char *party = dbt_value(dbt.super, "SELECT party_id FROM loket.case_file", 0, NULL);
	const char *pp[] = {party};
	PQclear(dbt_ok(
	    dbt.super,
	    "INSERT INTO loket.case_file (ref, party_id, case_type, subject, status, result, "
	    "closed_at) "
	    "VALUES ('Z-2026-000002', $1::bigint, 'woz', 'Eerder bezwaar', 'closed', 'afgewezen', "
	    "        now() - interval '10 days')",
	    1, pp));
	static char out[65536];
	cn_note_and_show(login, party, "Klant belde over zijn aanslag.", out, sizeof out);
	/* The contact once, its note once, right under it. */
	cr_expect_eq(cn_count(out, "  phone  Aanslag\n"), 1,
	             "the contact's line is not there once:\n%s", out);
	cr_expect_eq(cn_count(out, "phone  "), 1, "a line repeats the contact:\n%s", out);
	cr_expect(strstr(out, "  phone  Aanslag\n    note: Klant belde over zijn aanslag.\n"),
	          "the note is not under its contact:\n%s", out);
	/* The open case among the open ones, the closed one apart. */
	const char *open = strstr(out, "case Z-2026-000001 received  Bezwaar WOZ-waarde\n");
	const char *head = strstr(out, "Closed in the last 90 days:\n");
	const char *closed = strstr(out, "  case Z-2026-000002 closed ");
	cr_expect(open && head && closed && open < head && head < closed,
	          "open and closed cases are not apart:\n%s", out);

	/* --json is the view as the database returns it: both items, both cases. */
	int rc = cn_show(login, party, "--json", out, sizeof out);
	cr_assert_eq(rc, 0, "show --json: exit %d: %s", rc, out);
	const char *jp[] = {out};
	char *types = dbt_value(dbt.super,
	                        "SELECT string_agg(i->>'type', ',') || ' ' || "
	                        "       (SELECT string_agg(c->>'status', ',') FROM "
	                        "json_array_elements($1::json->'cases') c) "
	                        "  FROM json_array_elements($1::json->'timeline'->'items') i",
	                        1, jp);
	cr_expect_str_eq(types, "interaction,note received,closed");
	free(types);
	free(party);
}

Test(cli_show, plain_text_flags_the_customer_names_an_organisations_kvk_and_keeps_agreements_apart)
{
	const char *login = dbt_agent("agent", "kcc");
	char *person = dbt_value(
	    dbt.super,
	    "INSERT INTO loket.party (kind, bsn, initials, surname, birth_date, confidential, "
	    "needs_review) VALUES ('person', '111222333', 'H.', 'Vries', '1961-03-12', true, true) "
	    "RETURNING id",
	    0, NULL);
	char *org = dbt_value(dbt.super,
	                      "INSERT INTO loket.party (kind, kvk, surname) "
	                      "VALUES ('organisation', '75267542', 'Hoveniersbedrijf de Jong') "
	                      "RETURNING id",
	                      0, NULL);
	const char *pp[] = {person, login};
	/* A case note (no contact: no channel, no subject), agreements open
	 * and kept, a contact logged through the command line (its time has
	 * microseconds). */
	PQclear(dbt_ok(
	    dbt.super,
	    "INSERT INTO loket.case_type VALUES ('woz', 'WOZ-bezwaar', 30) ON CONFLICT DO NOTHING",
	    0, NULL));
	PQclear(dbt_ok(dbt.super,
	               "WITH c AS (INSERT INTO loket.case_file (ref, party_id, case_type, subject, "
	               "due_on) VALUES ('Z-2026-000007', $1::bigint, 'woz', 'Bezwaar', "
	               "current_date + 20) RETURNING id) "
	               "INSERT INTO loket.note (id, party_id, case_id, body, agent_id) "
	               "SELECT gen_random_uuid(), $1::bigint, c.id, 'Dossier compleet.', a.id "
	               "  FROM c, loket.agent a "
	               "WHERE a.login = $2",
	               2, pp));
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.agreement (party_id, kind, description, due_at, status) "
	               "VALUES ($1::bigint, 'callback', 'Al gebeld', now() - interval '2 days', "
	               "'kept'), "
	               "($1::bigint, 'callback', 'Nog bellen', now() + interval '2 days', 'open')",
	               1, pp));
	static char out[65536];
	cn_note_and_show(login, person, "Belde.", out, sizeof out);
	cr_expect(strstr(out, "H. Vries  BSN *****2333  born 1961-03-12  [CONFIDENTIAL]  [needs "
	                      "review]\n"),
	          "the customer's flags are not in the header:\n%s", out);
	cr_expect(strstr(out, "  -  note on Z-2026-000007: Dossier compleet.\n"),
	          "the case note is not shown with its text:\n%s", out);
	/* Times to the minute, as "2026-11-24 19:48": no seconds, fraction or offset. */
	const char *contact = strstr(out, "  phone  Aanslag\n");
	cr_assert(contact && contact - out >= 16, "no contact line:\n%s", out);
	const char *t = contact - 16;
	cr_expect((t == out || t[-1] == '\n') && isdigit((unsigned char)t[0]) && t[4] == '-' &&
	              t[7] == '-' && t[10] == ' ' && t[13] == ':' && isdigit((unsigned char)t[15]),
	          "the contact's time is not to the minute:\n%s", out);
	cr_expect_null(strstr(out, "+01:00"), "a time with its offset:\n%s", out);
	cr_expect_null(strstr(out, "+02:00"), "a time with its offset:\n%s", out);
	const char *open = strstr(out, "\nagreement open callback due ");
	const char *head =
	    strstr(out, "\nAgreements no longer open:\n  agreement kept callback due ");
	cr_expect(open && head && open < head, "open and kept agreements are not apart:\n%s", out);
	cr_expect(open && strstr(open, "Nog bellen\n"), "no description:\n%s", out);

	int rc = cn_show(login, org, "", out, sizeof out);
	cr_assert_eq(rc, 0, "show: exit %d: %s", rc, out);
	cr_expect(strncmp(out, "Hoveniersbedrijf de Jong  KvK 75267542\n", 39) == 0,
	          "an organisation is not shown with its KvK number:\n%s", out);
	cr_expect_null(strstr(out, "BSN"), "an organisation with a BSN:\n%s", out);
	free(person);
	free(org);
}

TestSuite(cli_agent, .init = dbt_setup, .fini = dbt_teardown, .timeout = 60);

/* The agent row of `login` as "name role team" ("-" for no team), and
 * its group roles. */
static char *cn_agent_row(const char *login)
{
	const char *p[] = {login};
	return dbt_value(dbt.super,
	                 "SELECT a.name || ' ' || a.role || ' ' || coalesce(t.code, '-') || ' ' || "
	                 "       (SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) "
	                 "          FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
	                 "         WHERE m.member = a.login::regrole) "
	                 "  FROM loket.agent a LEFT JOIN loket.team t ON t.id = a.team_id "
	                 " WHERE a.login = $1",
	                 1, p);
}

Test(cli_agent, updating_an_agent_changes_only_what_is_given)
{
	PQclear(dbt_ok(dbt.super, "SELECT api.team_add('kcc', 'KCC'), api.team_add('bo', 'BO')", 0,
	               NULL));
	const char *login = dbt_unique("ag");
	static const struct {
		const char *args, *row;
	} steps[] = {
	    {"--name Bram --role agent --team kcc", "Bram agent kcc loket_agent"},
	    {"--name Bas --role supervisor", "Bas supervisor kcc loket_supervisor"},
	    {"--role agent", "Bas agent kcc loket_agent"},
	    {"--team bo", "Bas agent bo loket_agent"},
	    {"--no-team", "Bas agent - loket_agent"},
	};
	char args[256], err[2048];
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		snprintf(args, sizeof args, "add %s %s", login, steps[i].args);
		int rc = cn_cmd("postgres", "agent", "", args, err, sizeof err);
		cr_assert_eq(rc, 0, "agent %s: exit %d: %s", args, rc, err);
		char *row = cn_agent_row(login);
		cr_expect_str_eq(row, steps[i].row, "after agent %s", args);
		free(row);
	}
	/* A new agent needs a name and a role: no login role is made without. */
	const char *other = dbt_unique("ag");
	snprintf(args, sizeof args, "add %s --name Els", other);
	int rc = cn_cmd("postgres", "agent", "", args, err, sizeof err);
	cr_expect_eq(rc, 2, "exit %d: %s", rc, err);
	cr_expect(strstr(err, "a new agent needs a name and a role"), "%s", err);
	const char *op[] = {other};
	cr_expect_eq(dbt_long(dbt.super, "SELECT count(*) FROM pg_roles WHERE rolname = $1", 1, op),
	             0);
	snprintf(args, sizeof args, "add %s --team kcc --no-team", login);
	rc = cn_cmd("postgres", "agent", "", args, err, sizeof err);
	cr_expect_eq(rc, 2, "exit %d: %s", rc, err);
}

TestSuite(cli_db, .init = dbt_setup, .fini = dbt_teardown, .timeout = 300);

Test(cli_db, each_subcommand_refuses_the_options_of_another_naming_it)
{
	static const struct {
		const char *args, *says;
	} bad[] = {
	    {"status --quiet", "--quiet is not an option of db status"},
	    {"migrate --json", "--json is not an option of db migrate"},
	    {"seed --demo --quiet", "--quiet is not an option of db seed"},
	    {"status extra", "unexpected argument extra"},
	};
	char out[4096];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = cn_db(dbt.dbname, bad[i].args, "2>&1", out, sizeof out);
		cr_expect_eq(rc, 2, "db %s: exit %d: %s", bad[i].args, rc, out);
		cr_expect(strstr(out, bad[i].says), "db %s: %s", bad[i].args, out);
		cr_expect(strstr(out, "usage: loket db "), "db %s: no usage: %s", bad[i].args, out);
		cr_expect_null(strstr(out, "applied"), "db %s ran: %s", bad[i].args, out);
	}
}

Test(cli_db, seeding_a_database_that_is_not_migrated_says_to_migrate_first)
{
	char db[80], sql[200], out[4096];
	snprintf(db, sizeof db, "%s_bare", dbt.dbname);
	snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\"", db);
	PQclear(dbt_ok(dbt.super, sql, 0, NULL));
	int rc = cn_db(db, "seed --demo --customers 5", "2>&1", out, sizeof out);
	snprintf(sql, sizeof sql, "DROP DATABASE \"%s\" WITH (FORCE)", db);
	PQclear(dbt_ok(dbt.super, sql, 0, NULL));
	cr_expect_eq(rc, 2, "exit %d: %s", rc, out);
	cr_expect(strstr(out, "the database is not migrated: run loket db migrate first"), "%s",
	          out);
	cr_expect_null(strstr(out, "does not exist"), "%s", out);
}

Test(cli_db, migrate_refuses_a_changed_migration_and_warns_of_one_it_does_not_know)
{
	char out[16384];
	char *sum = dbt_value(
	    dbt.super, "SELECT checksum FROM loket.schema_migration WHERE version = 5", 0, NULL);
	PQclear(
	    dbt_ok(dbt.super,
	           "UPDATE loket.schema_migration SET checksum = md5('other') WHERE version = 5", 0,
	           NULL));
	int rc = cn_db(dbt.dbname, "migrate", "2>&1", out, sizeof out);
	cr_expect_eq(rc, 4, "exit %d: %s", rc, out);
	cr_expect(
	    strstr(out, "applied migration 005_api_reference.sql differs from this loket's copy"),
	    "%s", out);
	cr_expect_null(strstr(out, "up to date"), "%s", out);
	rc = cn_db(dbt.dbname, "status", "2>&1 >/dev/null", out, sizeof out);
	cr_expect_eq(rc, 0, "exit %d: %s", rc, out);
	cr_expect(strstr(out, "warning: applied migration 005_api_reference.sql differs"), "%s",
	          out);
	rc = cn_db(dbt.dbname, "status", "2>/dev/null", out, sizeof out);
	const char *line = strstr(out, "005  005_api_reference.sql ");
	cr_expect(line && strncmp(line + strspn(line + 26, " ") + 26, "changed ", 8) == 0, "%s",
	          out);

	/* Applied by a newer loket: said on stderr; nothing else to apply. */
	const char *sp[] = {sum};
	PQclear(dbt_ok(dbt.super,
	               "UPDATE loket.schema_migration SET checksum = $1 WHERE version = 5", 1, sp));
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.schema_migration (version, name, checksum) "
	               "VALUES (999, '999_later.sql', md5('later'))",
	               0, NULL));
	rc = cn_db(dbt.dbname, "migrate", "2>&1 >/dev/null", out, sizeof out);
	cr_expect_eq(rc, 0, "exit %d: %s", rc, out);
	cr_expect(strstr(out, "warning: the database holds a migration this loket does not know "
	                      "(999_later.sql): it was migrated by a newer loket"),
	          "%s", out);
	rc = cn_db(dbt.dbname, "status --json", "2>/dev/null", out, sizeof out);
	cr_assert_eq(rc, 0, "exit %d: %s", rc, out);
	char *v = dbt_jq(out, "->-1->>'state'");
	cr_expect_str_eq(v, "unknown", "%s", out);
	free(v);
	/* Every applied_at is RFC 3339 with its offset. */
	const char *jp[] = {out};
	cr_expect_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM json_array_elements($1::json) m "
	                      " WHERE m->>'applied_at' !~ "
	                      "   '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d$'",
	                      1, jp),
	             0, "an applied_at that is not RFC 3339: %s", out);
	free(sum);
}

Test(cli_db, seed_if_empty_with_json_says_that_it_skipped)
{
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.party (kind, initials, surname) VALUES ('person', 'J.', "
	               "'Berg')",
	               0, NULL));
	char out[4096];
	int rc = cn_db(dbt.dbname, "seed --demo --if-empty --json", "2>/dev/null", out, sizeof out);
	cr_expect_eq(rc, 0, "exit %d: %s", rc, out);
	char *v = dbt_jq(out, "->>'seeded'");
	cr_expect_str_eq(v, "false", "%s", out);
	free(v);
	v = dbt_jq(out, "->>'reason'");
	cr_expect_str_eq(v, "not_empty", "%s", out);
	free(v);
	v = dbt_jq(out, "->>'customers'");
	cr_expect_str_eq(v, "1", "%s", out);
	free(v);
}

/* Start `loket -d 'dbname=DB user=postgres' ARGS…` with its stdout and
 * stderr in a temporary file (returned in *out), as a shell starts it in the
 * foreground (SIGINT and SIGTERM not ignored); its pid. */
static pid_t cn_start(const char *db, const char *const *args, FILE **out)
{
	char dsn[128];
	snprintf(dsn, sizeof dsn, "dbname=%s user=postgres", db);
	const char *argv[16] = {cn_bin(), "-d", dsn};
	size_t n = 3;
	for (; *args && n < 15; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	*out = tmpfile();
	cr_assert_not_null(*out);
	fflush(NULL);
	pid_t pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		dup2(fileno(*out), STDOUT_FILENO);
		dup2(fileno(*out), STDERR_FILENO);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	return pid;
}

static long cn_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Wait (polling the server, with a generous deadline) until a backend of
 * the test's database other than ours runs a statement like `query` (a
 * LIKE pattern), or, with `gone`, until none does any more. */
static void cn_wait_backend(const char *query, bool gone)
{
	const char *p[] = {dbt.dbname, query};
	long deadline = cn_now_ms() + 120000;
	while (cn_now_ms() < deadline) {
		long n = dbt_long(dbt.super,
		                  "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 "
		                  "   AND pid <> pg_backend_pid() AND state = 'active' "
		                  "   AND query LIKE $2",
		                  2, p);
		if ((n > 0) != gone)
			return;
	}
	cr_assert_fail("no backend %s running %s", gone ? "stopped" : "started", query);
}

/* Wait for `pid` to end; its exit status (128 + the signal if one ended it)
 * and its output in out. */
static int cn_finish(pid_t pid, FILE *f, char *out, size_t len)
{
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	rewind(f);
	size_t n = fread(out, 1, len - 1, f);
	out[n] = '\0';
	fclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

Test(cli_db, ctrl_c_during_a_seed_cancels_it_and_stores_nothing)
{
	FILE *f;
	const char *args[] = {"db", "seed", "--demo", "--customers", "2000", NULL};
	pid_t pid = cn_start(dbt.dbname, args, &f);
	cn_wait_backend("-- demo.sql%", false);
	cr_assert_eq(kill(pid, SIGINT), 0);
	char out[8192];
	int rc = cn_finish(pid, f, out, sizeof out);
	cr_expect_eq(rc, 130, "exit %d: %s", rc, out);
	cr_expect(strstr(out, "loket: db seed: cancelled; nothing was stored\n"), "%s", out);
	cr_expect_null(strstr(out, "Sanitizer"), "%s", out);
	/* Whatever the client did, the server is done with the seeding. */
	cn_wait_backend("-- demo.sql%", true);
	cr_expect_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.party", 0, NULL), 0);
	cr_expect_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.interaction", 0, NULL), 0);
}

Test(cli_db, sigterm_during_a_migrate_cancels_it)
{
	/* Another migration runs: this one waits for its lock. */
	PQclear(dbt_ok(dbt.super, "SELECT pg_advisory_lock(7472310)", 0, NULL));
	FILE *f;
	const char *args[] = {"db", "migrate", NULL};
	pid_t pid = cn_start(dbt.dbname, args, &f);
	cn_wait_backend("SELECT pg_advisory_lock(7472310)", false);
	cr_assert_eq(kill(pid, SIGTERM), 0);
	char out[8192];
	int rc = cn_finish(pid, f, out, sizeof out);
	cr_expect_eq(rc, 130, "exit %d: %s", rc, out);
	cr_expect(strstr(out, "loket: db migrate: cancelled; nothing was applied\n"), "%s", out);
	cr_expect_null(strstr(out, "Sanitizer"), "%s", out);
	PQclear(dbt_ok(dbt.super, "SELECT pg_advisory_unlock(7472310)", 0, NULL));
}
