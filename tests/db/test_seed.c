/* The demo seeder, run through the real binary: realistic, deterministic,
 * valid Dutch data, and it refuses a database that already has customers.
 * Agents' login roles are cluster-wide, so both seedings run in one test. */
#include "harness.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

TestSuite(seed, .init = dbt_setup, .fini = dbt_teardown, .timeout = 300);

static const char *bin(void)
{
	const char *b = getenv("LOKET_BIN");
	return b && *b ? b : "build/san/loket";
}

/* Run `loket -d dbname=DB db seed --demo --customers ARGS`; returns the exit
 * status, its output (stdout; stderr too unless ARGS has --json) in err. */
static int seed_in(const char *db, const char *args, char *err, size_t errlen)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd,
	         "%s -d 'dbname=%s user=postgres' db seed --demo --customers %s %s", bin(), db,
	         args, strstr(args, "--json") ? "2>/dev/null" : "2>&1");
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	size_t n = fread(err, 1, errlen - 1, p);
	err[n] = '\0';
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int seed(const char *db, const char *customers, const char *s, char *err, size_t errlen)
{
	char args[128];
	snprintf(args, sizeof args, "%s --seed %s", customers, s);
	return seed_in(db, args, err, errlen);
}

static const char *fingerprint_sql =
	"SELECT md5(string_agg(x, '|' ORDER BY x)) FROM ("
	" SELECT concat_ws(',', id, kind, bsn, kvk, initials, name_prefix, surname, birth_date, postcode,"
	"        house_number, city) AS x FROM loket.party"
	" UNION ALL SELECT concat_ws(',', id, party_id, channel, direction, subject, outcome,"
	"        occurred_at::date - current_date) FROM loket.interaction"
	" UNION ALL SELECT concat_ws(',', ref, party_id, case_type, status, owner_id) FROM loket.case_file"
	" UNION ALL SELECT concat_ws(',', id, party_id, kind, status) FROM loket.agreement) s";

Test(seed, makes_realistic_deterministic_data_and_refuses_a_second_seeding)
{
	char out[8192];
	int rc = seed(dbt.dbname, "300", "5", out, sizeof out);
	cr_assert_eq(rc, 0, "seeding failed (%d): %s", rc, out);
	cr_assert(strstr(out, "seeded 300 customers"), "%s", out);

	PGconn *s = dbt.super;
	cr_expect_eq(dbt_long(s, "SELECT count(*) FROM loket.party", 0, NULL), 300);
	cr_expect_gt(dbt_long(s, "SELECT count(*) FROM loket.party WHERE kind = 'organisation'", 0, NULL), 0);
	/* Every person has a BSN passing the elfproef (the CHECK enforces it too). */
	cr_expect_eq(dbt_long(s, "SELECT count(*) FROM loket.party WHERE kind = 'person' AND "
	                         "(bsn IS NULL OR NOT loket.bsn_valid(bsn))", 0, NULL), 0);
	/* Names with prefixes and diacritics. */
	cr_expect_gt(dbt_long(s, "SELECT count(*) FROM loket.party WHERE name_prefix IS NOT NULL", 0, NULL), 0);
	cr_expect_gt(dbt_long(s, "SELECT count(*) FROM loket.party WHERE surname ~ '[^[:ascii:]]'", 0, NULL), 0);
	/* Contacts on at least 8 channels, chatbot hand-overs with transcripts. */
	cr_expect_geq(dbt_long(s, "SELECT count(DISTINCT channel) FROM loket.interaction", 0, NULL), 8);
	cr_expect_gt(dbt_long(s, "SELECT count(*) FROM loket.interaction WHERE channel = 'chatbot' "
	                         "AND jsonb_array_length(transcript) >= 4", 0, NULL), 0);
	/* One customer with 10,000 contacts. */
	cr_expect_geq(dbt_long(s, "SELECT max(n) FROM (SELECT count(*) n FROM loket.interaction "
	                          "GROUP BY party_id) x", 0, NULL), 10000);
	/* Agreements kept, broken, overdue and open. */
	cr_expect_gt(dbt_long(s, "SELECT count(*) FROM loket.agreement WHERE status = 'kept'", 0, NULL), 0);
	cr_expect_gt(dbt_long(s, "SELECT count(*) FROM loket.agreement WHERE status = 'broken'", 0, NULL), 0);
	cr_expect_gt(dbt_long(s, "SELECT count(*) FROM loket.agreement WHERE status = 'open' AND due_at < now()", 0, NULL), 0);
	cr_expect_gt(dbt_long(s, "SELECT count(*) FROM loket.agreement WHERE status = 'open' AND due_at > now()", 0, NULL), 0);
	/* Cases with deadlines, owned and unowned; teams, queues with SLA, the demo agent. */
	cr_expect_gt(dbt_long(s, "SELECT count(*) FROM loket.case_file WHERE owner_id IS NOT NULL", 0, NULL), 0);
	cr_expect_gt(dbt_long(s, "SELECT count(*) FROM loket.case_file WHERE owner_id IS NULL AND closed_at IS NULL", 0, NULL), 0);
	cr_expect_gt(dbt_long(s, "SELECT count(*) FROM loket.queue WHERE sla_seconds > 0", 0, NULL), 0);
	cr_expect_eq(dbt_long(s, "SELECT count(*) FROM loket.agent WHERE login = 'demo' AND role = 'agent'", 0, NULL), 1);
	cr_expect_eq(dbt_long(s, "SELECT count(*) FROM pg_roles WHERE rolname = 'demo' AND rolcanlogin", 0, NULL), 1);
	/* The surname index the fuzzy search relies on is filled. */
	cr_expect_eq(dbt_long(s, "SELECT count(*) FROM (SELECT DISTINCT surname_norm FROM loket.party) p "
	                         "WHERE NOT EXISTS (SELECT 1 FROM loket.surname s WHERE s.norm = p.surname_norm)",
	                      0, NULL), 0);

	/* Seeding again is refused and changes nothing. */
	char *before = dbt_value(s, fingerprint_sql, 0, NULL);
	rc = seed(dbt.dbname, "300", "5", out, sizeof out);
	cr_expect_eq(rc, 1, "a second seeding should fail: %s", out);
	cr_expect(strstr(out, "already holds"), "%s", out);
	cr_expect_null(strstr(out, "seeding 300"), "it said it was seeding: %s", out);
	char *after = dbt_value(s, fingerprint_sql, 0, NULL);
	cr_expect_str_eq(before, after);

	/* The same size and seed in another database give the same data. */
	char other[80];
	snprintf(other, sizeof other, "%s_b", dbt.dbname);
	char sql[256];
	snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\" TEMPLATE \"%s\"", other,
	         getenv("LOKET_TEST_TEMPLATE") ? getenv("LOKET_TEST_TEMPLATE") : "loket_template");
	PQclear(dbt_ok(s, sql, 0, NULL));
	/* With --json: one object, its seconds to 0.1 s (1.9, not 1.8999999999999999). */
	rc = seed_in(other, "300 --seed 5 --json", out, sizeof out);
	cr_assert_eq(rc, 0, "second database: %s", out);
	char *v = dbt_jq(out, "->>'seeded'");
	cr_expect_str_eq(v, "true", "%s", out);
	free(v);
	const char *sec = strstr(out, "\"seconds\": ");
	cr_expect(sec && strspn(sec + 11, "0123456789.") <= strcspn(sec + 11, ".") + 2,
	          "seconds not to 0.1 s: %s", out);
	const char *keys[] = {"dbname", "user", NULL}, *vals[] = {other, "postgres", NULL};
	PGconn *o = PQconnectdbParams(keys, vals, 0);
	cr_assert_eq(PQstatus(o), CONNECTION_OK);
	char *theirs = dbt_value(o, fingerprint_sql, 0, NULL);
	PQfinish(o);
	cr_expect_str_eq(before, theirs, "the same seed gave different data");
	snprintf(sql, sizeof sql, "DROP DATABASE \"%s\" WITH (FORCE)", other);
	PQclear(dbt_ok(s, sql, 0, NULL));
	free(before);
	free(after);
	free(theirs);
}

Test(seed, refuses_nonsense_sizes_with_a_clear_message)
{
	char out[2048];
	int rc = seed(dbt.dbname, "0", "1", out, sizeof out);
	cr_expect_eq(rc, 2, "a size of 0 is a wrong command line: %s", out);
	cr_expect(strstr(out, "--customers must be between"), "%s", out);
	cr_expect_null(strstr(out, "seeding"), "it said it was seeding: %s", out);
	rc = seed(dbt.dbname, "12x", "1", out, sizeof out);
	cr_expect_eq(rc, 2);
	cr_expect(strstr(out, "is not a whole number"), "%s", out);
	cr_expect_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.party", 0, NULL), 0);
}
