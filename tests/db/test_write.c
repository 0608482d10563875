/* test_write.c — the write side of schema api (004_api_write.sql): case
 * ownership and status, the case screen, logging a contact in one
 * idempotent call, agreements, tasks, agent state, my work, and the NOTIFY
 * triggers. Fixtures are plain INSERTs through dbt.super. */
#include "harness.h"
#include "core/workday.h"
#include "db/db.h"

#include <criterion/criterion.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Helpers ------------------------------------------------------------------ */

/* A login from dbt_agent, copied out of its reused storage. */
struct w_login {
	char s[64];
};

static struct w_login w_agent(const char *role, const char *team)
{
	struct w_login l;
	snprintf(l.s, sizeof l.s, "%s", dbt_agent(role, team));
	return l;
}

/* An error as the server reported it. */
struct w_err {
	char state[6];
	char msg[512];
	char detail[256];
};

static struct w_err w_fail(PGconn *c, const char *sql, int n, const char *const *params)
{
	struct w_err e = {{0}, {0}, {0}};
	PGresult *r = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
		PQclear(r);
		cr_assert_fail("query should have failed but succeeded: %s", sql);
	}
	const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	const char *d = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
	snprintf(e.state, sizeof e.state, "%s", s ? s : "");
	snprintf(e.msg, sizeof e.msg, "%s", m ? m : "");
	snprintf(e.detail, sizeof e.detail, "%s", d ? d : "");
	PQclear(r);
	return e;
}

static void w_exec(PGconn *c, const char *sql, int n, const char *const *params)
{
	PQclear(dbt_ok(c, sql, n, params));
}

/* The first value of `sql` must equal `want`. */
static void w_assert_value(PGconn *c, const char *sql, int n, const char *const *params,
                           const char *want)
{
	char *v = dbt_value(c, sql, n, params);
	cr_assert_str_eq(v, want, "%s\n  got \"%s\", want \"%s\"", sql, v, want);
	free(v);
}

static long w_party(const char *given, const char *surname, const char *bsn)
{
	const char *p[] = {given, surname, bsn};
	return dbt_long(dbt.super,
	                "INSERT INTO loket.party (kind, given_name, surname, bsn, birth_date) "
	                "VALUES ('person', $1, $2, $3, '1970-05-01') RETURNING id",
	                3, p);
}

/* A case of `party`, owned by `owner` (a login, or NULL for none) since an
 * hour ago; returns its id. */
static long w_case(const char *ref, long party, const char *owner)
{
	char pid[24];
	snprintf(pid, sizeof pid, "%ld", party);
	w_exec(dbt.super, "INSERT INTO loket.case_type VALUES ('woz', 'WOZ-bezwaar', 30) ON CONFLICT DO NOTHING",
	       0, NULL);
	const char *p[] = {ref, pid, owner};
	return dbt_long(dbt.super,
	                "INSERT INTO loket.case_file (ref, party_id, case_type, subject, due_on, owner_id, owned_since) "
	                "VALUES ($1, $2::bigint, 'woz', 'Bezwaar WOZ-waarde', current_date + 20, "
	                "        (SELECT id FROM loket.agent WHERE login = $3), "
	                "        CASE WHEN $3::text IS NOT NULL THEN now() - interval '1 hour' END) "
	                "RETURNING id",
	                3, p);
}

static long w_agent_id(const char *login)
{
	const char *p[] = {login};
	return dbt_long(dbt.super, "SELECT id FROM loket.agent WHERE login = $1", 1, p);
}

static char *w_agent_name(const char *login)
{
	const char *p[] = {login};
	return dbt_value(dbt.super, "SELECT name FROM loket.agent WHERE login = $1", 1, p);
}

/* Number of rows in a table of schema loket (a fixed name from this file). */
static long w_rows(const char *table)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM loket.%s", table);
	return dbt_long(dbt.super, sql, 0, NULL);
}

/* Row counts of everything a contact may write, as one comparable string. */
static char *w_contact_counts(void)
{
	return dbt_value(dbt.super,
	                 "SELECT format('interaction=%s note=%s agreement=%s task=%s contact_request=%s access_log=%s',"
	                 " (SELECT count(*) FROM loket.interaction), (SELECT count(*) FROM loket.note),"
	                 " (SELECT count(*) FROM loket.agreement), (SELECT count(*) FROM loket.task),"
	                 " (SELECT count(*) FROM loket.contact_request), (SELECT count(*) FROM loket.access_log))",
	                 0, NULL);
}

static long w_now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static char *w_uuid(void)
{
	return dbt_value(dbt.super, "SELECT gen_random_uuid()", 0, NULL);
}

static void w_setup(void)
{
	dbt_setup();
}

static void w_teardown(void)
{
	dbt_teardown();
}

/* Claiming ----------------------------------------------------------------- */

TestSuite(case_write, .init = w_setup, .fini = w_teardown, .timeout = 60);

Test(case_write, claiming_an_unowned_case_makes_me_the_owner)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	long case_id = w_case("Z-2026-000123", party, NULL);
	PGconn *c = dbt_connect(me.s);

	const char *ref[] = {"z-2026-000123"};
	PGresult *r = dbt_ok(c, "SELECT r->'owner'->>'login', r->>'already', r->>'ref' FROM api.case_claim($1) AS r",
	                     1, ref);
	cr_assert_str_eq(PQgetvalue(r, 0, 0), me.s);
	cr_assert_str_eq(PQgetvalue(r, 0, 1), "false");
	cr_assert_str_eq(PQgetvalue(r, 0, 2), "Z-2026-000123");
	PQclear(r);

	char cid[24], aid[24], pid[24];
	snprintf(cid, sizeof cid, "%ld", case_id);
	snprintf(aid, sizeof aid, "%ld", w_agent_id(me.s));
	snprintf(pid, sizeof pid, "%ld", party);
	const char *p[] = {cid, aid, pid};
	w_assert_value(dbt.super, "SELECT owner_id = $2::int AND owned_since IS NOT NULL FROM loket.case_file WHERE id = $1::bigint",
	               2, p, "t");
	w_assert_value(dbt.super,
	               "SELECT count(*) FROM loket.case_event WHERE case_id = $1::bigint AND kind = 'claimed' "
	               "AND by_agent_id = $2::int AND to_owner_id = $2::int AND party_id = $3::bigint",
	               3, p, "1");
	cr_assert_eq(w_rows("case_event"), 1);
	w_assert_value(dbt.super,
	               "SELECT count(*) FROM loket.access_log WHERE action = 'claim' AND agent_id = $2::int "
	               "AND party_id = $3::bigint AND $1 <> ''",
	               3, p, "1");
	cr_assert_eq(w_rows("access_log"), 1);
	PQfinish(c);
}

Test(case_write, claim_fails_when_case_already_owned)
{
	struct w_login owner = w_agent("agent", "kcc");
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, owner.s);
	PGconn *c = dbt_connect(me.s);

	const char *ref[] = {"Z-2026-000123"};
	struct w_err e = w_fail(c, "SELECT api.case_claim($1)", 1, ref);
	cr_assert_str_eq(e.state, "LK409");

	char *name = w_agent_name(owner.s);
	char *since = dbt_value(dbt.super,
	                        "SELECT to_char(owned_since AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI') "
	                        "FROM loket.case_file WHERE ref = $1",
	                        1, ref);
	char want[512];
	snprintf(want, sizeof want, "case Z-2026-000123 is owned by %s (%s) since %s", name, owner.s, since);
	cr_assert_str_eq(e.msg, want);
	cr_assert_str_eq(e.detail, owner.s);
	free(name);
	free(since);

	/* Nothing changed, nothing logged. */
	const char *o[] = {owner.s};
	w_assert_value(dbt.super, "SELECT a.login FROM loket.case_file c JOIN loket.agent a ON a.id = c.owner_id", 0, NULL,
	               o[0]);
	cr_assert_eq(w_rows("case_event"), 0);
	cr_assert_eq(w_rows("access_log"), 0);
	PQfinish(c);
}

Test(case_write, claiming_my_own_case_again_is_already_and_adds_no_event)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, NULL);
	PGconn *c = dbt_connect(me.s);
	const char *ref[] = {"Z-2026-000123"};

	w_assert_value(c, "SELECT api.case_claim($1)->>'already'", 1, ref, "false");
	char *since = dbt_value(dbt.super, "SELECT owned_since FROM loket.case_file", 0, NULL);
	w_assert_value(c, "SELECT api.case_claim($1)->>'already'", 1, ref, "true");
	w_assert_value(dbt.super, "SELECT owned_since FROM loket.case_file", 0, NULL, since);
	free(since);
	cr_assert_eq(w_rows("case_event"), 1);
	cr_assert_eq(w_rows("access_log"), 1);
	PQfinish(c);
}

Test(case_write, claiming_a_closed_case_is_refused)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, NULL);
	w_exec(dbt.super, "UPDATE loket.case_file SET status = 'closed', closed_at = now(), result = 'toegekend'", 0,
	       NULL);
	PGconn *c = dbt_connect(me.s);
	const char *ref[] = {"Z-2026-000123"};

	struct w_err e = w_fail(c, "SELECT api.case_claim($1)", 1, ref);
	cr_assert_str_eq(e.state, "LK409");
	cr_assert_str_eq(e.msg, "case Z-2026-000123 is closed");
	w_assert_value(dbt.super, "SELECT owner_id IS NULL FROM loket.case_file", 0, NULL, "t");
	cr_assert_eq(w_rows("case_event"), 0);
	PQfinish(c);
}

Test(case_write, claiming_an_unknown_case_is_not_found)
{
	struct w_login me = w_agent("agent", "kcc");
	PGconn *c = dbt_connect(me.s);
	const char *ref[] = {"Z-2026-999999"};
	struct w_err e = w_fail(c, "SELECT api.case_claim($1)", 1, ref);
	cr_assert_str_eq(e.state, "LK404");
	cr_assert(strstr(e.msg, "Z-2026-999999"), "message: %s", e.msg);
	PQfinish(c);
}

/* Release and transfer ----------------------------------------------------- */

Test(case_write, the_owner_releases_a_case)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, me.s);
	PGconn *c = dbt_connect(me.s);
	const char *ref[] = {"Z-2026-000123"};

	w_exec(c, "SELECT api.case_release($1)", 1, ref);

	char aid[24];
	snprintf(aid, sizeof aid, "%ld", w_agent_id(me.s));
	const char *p[] = {aid};
	w_assert_value(dbt.super, "SELECT owner_id IS NULL AND owned_since IS NULL FROM loket.case_file", 0, NULL, "t");
	w_assert_value(dbt.super,
	               "SELECT count(*) FROM loket.case_event WHERE kind = 'released' AND by_agent_id = $1::int "
	               "AND from_owner_id = $1::int AND to_owner_id IS NULL",
	               1, p, "1");
	w_assert_value(dbt.super, "SELECT count(*) FROM loket.access_log WHERE action = 'release' AND agent_id = $1::int",
	               1, p, "1");

	/* Released: nobody owns it, so releasing again is a conflict. */
	struct w_err e = w_fail(c, "SELECT api.case_release($1)", 1, ref);
	cr_assert_str_eq(e.state, "LK409");
	cr_assert(strstr(e.msg, "not owned"), "message: %s", e.msg);
	PQfinish(c);
}

Test(case_write, releasing_someone_elses_case_is_refused_naming_the_owner)
{
	struct w_login owner = w_agent("agent", "kcc");
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, owner.s);
	PGconn *c = dbt_connect(me.s);
	const char *ref[] = {"Z-2026-000123"};

	struct w_err e = w_fail(c, "SELECT api.case_release($1)", 1, ref);
	cr_assert_str_eq(e.state, "LK409");
	char *name = w_agent_name(owner.s);
	cr_assert(strstr(e.msg, name) && strstr(e.msg, owner.s), "message: %s", e.msg);
	free(name);
	w_assert_value(dbt.super, "SELECT owner_id IS NOT NULL FROM loket.case_file", 0, NULL, "t");
	cr_assert_eq(w_rows("case_event"), 0);
	PQfinish(c);
}

Test(case_write, a_supervisor_may_release_any_case)
{
	struct w_login owner = w_agent("agent", "kcc");
	struct w_login sup = w_agent("supervisor", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, owner.s);
	PGconn *c = dbt_connect(sup.s);
	const char *ref[] = {"Z-2026-000123"};

	w_exec(c, "SELECT api.case_release($1)", 1, ref);
	char sid[24], oid[24];
	snprintf(sid, sizeof sid, "%ld", w_agent_id(sup.s));
	snprintf(oid, sizeof oid, "%ld", w_agent_id(owner.s));
	const char *p[] = {sid, oid};
	w_assert_value(dbt.super, "SELECT owner_id IS NULL FROM loket.case_file", 0, NULL, "t");
	w_assert_value(dbt.super,
	               "SELECT count(*) FROM loket.case_event WHERE kind = 'released' AND by_agent_id = $1::int "
	               "AND from_owner_id = $2::int",
	               2, p, "1");
	PQfinish(c);
}

Test(case_write, the_owner_transfers_a_case_to_an_agent)
{
	struct w_login me = w_agent("agent", "kcc");
	struct w_login other = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, me.s);
	char *before = dbt_value(dbt.super, "SELECT owned_since FROM loket.case_file", 0, NULL);
	PGconn *c = dbt_connect(me.s);
	const char *args[] = {"Z-2026-000123", other.s};

	PGresult *r = dbt_ok(c, "SELECT r->>'kind', r->'owner'->>'login' FROM api.case_transfer($1, $2) AS r", 2, args);
	cr_assert_str_eq(PQgetvalue(r, 0, 0), "transferred");
	cr_assert_str_eq(PQgetvalue(r, 0, 1), other.s);
	PQclear(r);

	char mid[24], oid[24];
	snprintf(mid, sizeof mid, "%ld", w_agent_id(me.s));
	snprintf(oid, sizeof oid, "%ld", w_agent_id(other.s));
	const char *p[] = {mid, oid, before};
	w_assert_value(dbt.super,
	               "SELECT owner_id = $2::int AND owned_since > $3::timestamptz FROM loket.case_file "
	               "WHERE $1 <> ''",
	               3, p, "t");
	w_assert_value(dbt.super,
	               "SELECT count(*) FROM loket.case_event WHERE kind = 'transferred' AND by_agent_id = $1::int "
	               "AND from_owner_id = $1::int AND to_owner_id = $2::int AND to_team_id IS NULL",
	               2, p, "1");
	w_assert_value(dbt.super, "SELECT count(*) FROM loket.access_log WHERE action = 'transfer' AND agent_id = $1::int",
	               1, p, "1");
	free(before);
	PQfinish(c);
}

Test(case_write, the_owner_transfers_a_case_to_a_team)
{
	struct w_login me = w_agent("agent", "kcc");
	w_agent("agent", "wmo"); /* makes team wmo */
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, me.s);
	PGconn *c = dbt_connect(me.s);
	const char *args[] = {"Z-2026-000123", "wmo"};

	w_assert_value(c, "SELECT api.case_transfer($1, p_to_team => $2)->>'team'", 2, args, "wmo");

	char mid[24];
	snprintf(mid, sizeof mid, "%ld", w_agent_id(me.s));
	const char *p[] = {mid};
	w_assert_value(dbt.super,
	               "SELECT c.owner_id IS NULL AND c.owned_since IS NULL AND t.code = 'wmo' "
	               "FROM loket.case_file c JOIN loket.team t ON t.id = c.team_id",
	               0, NULL, "t");
	w_assert_value(dbt.super,
	               "SELECT count(*) FROM loket.case_event e JOIN loket.team t ON t.id = e.to_team_id "
	               "WHERE e.kind = 'transferred' AND e.by_agent_id = $1::int AND e.from_owner_id = $1::int "
	               "AND e.to_owner_id IS NULL AND t.code = 'wmo'",
	               1, p, "1");
	PQfinish(c);
}

Test(case_write, a_supervisor_reassigns_a_case_owned_by_someone_else)
{
	struct w_login owner = w_agent("agent", "kcc");
	struct w_login other = w_agent("agent", "kcc");
	struct w_login sup = w_agent("supervisor", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, owner.s);
	PGconn *c = dbt_connect(sup.s);
	const char *args[] = {"Z-2026-000123", other.s};

	w_assert_value(c, "SELECT api.case_transfer($1, $2)->>'kind'", 2, args, "reassigned");

	char sid[24], fid[24], tid[24];
	snprintf(sid, sizeof sid, "%ld", w_agent_id(sup.s));
	snprintf(fid, sizeof fid, "%ld", w_agent_id(owner.s));
	snprintf(tid, sizeof tid, "%ld", w_agent_id(other.s));
	const char *p[] = {sid, fid, tid};
	w_assert_value(dbt.super, "SELECT owner_id = $3::int FROM loket.case_file WHERE $1 <> $2", 3, p, "t");
	w_assert_value(dbt.super,
	               "SELECT count(*) FROM loket.case_event WHERE kind = 'reassigned' AND by_agent_id = $1::int "
	               "AND from_owner_id = $2::int AND to_owner_id = $3::int",
	               3, p, "1");
	cr_assert_eq(w_rows("case_event"), 1);
	PQfinish(c);
}

Test(case_write, an_agent_cannot_transfer_a_case_owned_by_someone_else)
{
	struct w_login owner = w_agent("agent", "kcc");
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, owner.s);
	PGconn *c = dbt_connect(me.s);
	const char *args[] = {"Z-2026-000123", me.s};

	struct w_err e = w_fail(c, "SELECT api.case_transfer($1, $2)", 2, args);
	cr_assert_str_eq(e.state, "LK409");
	cr_assert(strstr(e.msg, owner.s), "message: %s", e.msg);
	cr_assert_str_eq(e.detail, owner.s);
	const char *o[] = {owner.s};
	w_assert_value(dbt.super, "SELECT a.login FROM loket.case_file c JOIN loket.agent a ON a.id = c.owner_id", 0, NULL,
	               o[0]);
	cr_assert_eq(w_rows("case_event"), 0);
	cr_assert_eq(w_rows("access_log"), 0);
	PQfinish(c);
}

Test(case_write, transfer_names_exactly_one_known_target)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, me.s);
	PGconn *c = dbt_connect(me.s);

	const char *agent[] = {"Z-2026-000123", "nobody_here"};
	struct w_err e = w_fail(c, "SELECT api.case_transfer($1, $2)", 2, agent);
	cr_assert_str_eq(e.state, "LK404");
	cr_assert(strstr(e.msg, "nobody_here"), "message: %s", e.msg);
	/* No list of colleagues in the message. */
	cr_assert_null(strstr(e.msg, me.s), "message: %s", e.msg);

	const char *team[] = {"Z-2026-000123", "noteam"};
	e = w_fail(c, "SELECT api.case_transfer($1, p_to_team => $2)", 2, team);
	cr_assert_str_eq(e.state, "LK404");

	const char *both[] = {"Z-2026-000123", me.s, "kcc"};
	e = w_fail(c, "SELECT api.case_transfer($1, $2, $3)", 3, both);
	cr_assert_str_eq(e.state, "LK422");
	const char *none[] = {"Z-2026-000123"};
	e = w_fail(c, "SELECT api.case_transfer($1)", 1, none);
	cr_assert_str_eq(e.state, "LK422");
	cr_assert_eq(w_rows("case_event"), 0);
	PQfinish(c);
}

Test(case_write, every_change_appends_a_case_event_with_its_actor)
{
	struct w_login me = w_agent("agent", "kcc");
	struct w_login other = w_agent("agent", "kcc");
	struct w_login sup = w_agent("supervisor", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, NULL);
	PGconn *c = dbt_connect(me.s);
	PGconn *s = dbt_connect(sup.s);
	const char *ref[] = {"Z-2026-000123"};
	const char *to_other[] = {"Z-2026-000123", other.s};
	const char *to_me[] = {"Z-2026-000123", me.s};
	const char *to_team[] = {"Z-2026-000123", "kcc"};

	w_exec(c, "SELECT api.case_claim($1)", 1, ref);
	w_exec(c, "SELECT api.case_set_status($1, 'in_progress')", 1, ref);
	w_exec(c, "SELECT api.case_transfer($1, $2)", 2, to_other);
	w_exec(s, "SELECT api.case_transfer($1, $2)", 2, to_me);
	w_exec(c, "SELECT api.case_release($1)", 1, ref);
	w_exec(c, "SELECT api.case_transfer($1, p_to_team => $2)", 2, to_team);
	w_exec(c, "SELECT api.case_claim($1)", 1, ref);
	w_exec(c, "SELECT api.case_set_status($1, 'closed', 'toegekend')", 1, ref);

	char want[1024];
	snprintf(want, sizeof want,
	         "claimed:%s,status:%s,transferred:%s,reassigned:%s,released:%s,transferred:%s,claimed:%s,closed:%s",
	         me.s, me.s, me.s, sup.s, me.s, me.s, me.s, me.s);
	/* Every event names its actor, by id and by login, in order. */
	w_assert_value(dbt.super,
	               "SELECT string_agg(e.kind || ':' || a.login, ',' ORDER BY e.id) "
	               "FROM loket.case_event e JOIN loket.agent a ON a.id = e.by_agent_id AND a.login = e.by_login",
	               0, NULL, want);
	cr_assert_eq(w_rows("case_event"), 8);
	PQfinish(c);
	PQfinish(s);
}

/* Status ------------------------------------------------------------------- */

Test(case_write, set_status_records_old_and_new_status)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, me.s);
	PGconn *c = dbt_connect(me.s);
	const char *ref[] = {"Z-2026-000123"};

	w_assert_value(c, "SELECT api.case_set_status($1, 'waiting_customer')->>'status'", 1, ref, "waiting_customer");
	w_assert_value(dbt.super, "SELECT status FROM loket.case_file", 0, NULL, "waiting_customer");
	w_assert_value(dbt.super, "SELECT kind || ' ' || old_status || '>' || new_status FROM loket.case_event", 0, NULL,
	               "status received>waiting_customer");
	w_assert_value(dbt.super, "SELECT count(*) FROM loket.access_log WHERE action = 'status'", 0, NULL, "1");

	struct w_err e = w_fail(c, "SELECT api.case_set_status($1, 'sleeping')", 1, ref);
	cr_assert_str_eq(e.state, "LK422");
	cr_assert(strstr(e.msg, "sleeping") && strstr(e.msg, "in_progress"), "message: %s", e.msg);
	cr_assert_eq(w_rows("case_event"), 1);
	PQfinish(c);
}

Test(case_write, closing_needs_a_result_and_a_closed_case_cannot_change)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, me.s);
	PGconn *c = dbt_connect(me.s);
	const char *ref[] = {"Z-2026-000123"};

	struct w_err e = w_fail(c, "SELECT api.case_set_status($1, 'closed')", 1, ref);
	cr_assert_str_eq(e.state, "LK422");
	cr_assert(strstr(e.msg, "result"), "message: %s", e.msg);
	e = w_fail(c, "SELECT api.case_set_status($1, 'closed', '   ')", 1, ref);
	cr_assert_str_eq(e.state, "LK422");
	cr_assert_eq(w_rows("case_event"), 0);

	w_exec(c, "SELECT api.case_set_status($1, 'closed', 'bezwaar gegrond')", 1, ref);
	w_assert_value(dbt.super, "SELECT status || ' ' || result || ' ' || (closed_at IS NOT NULL) FROM loket.case_file",
	               0, NULL, "closed bezwaar gegrond true");
	w_assert_value(dbt.super, "SELECT kind || ' ' || old_status || '>' || new_status FROM loket.case_event", 0, NULL,
	               "closed received>closed");

	e = w_fail(c, "SELECT api.case_set_status($1, 'in_progress')", 1, ref);
	cr_assert_str_eq(e.state, "LK409");
	cr_assert_str_eq(e.msg, "case Z-2026-000123 is closed");
	e = w_fail(c, "SELECT api.case_release($1)", 1, ref);
	cr_assert_str_eq(e.state, "LK409");
	const char *to_team[] = {"Z-2026-000123", "kcc"};
	e = w_fail(c, "SELECT api.case_transfer($1, p_to_team => $2)", 2, to_team);
	cr_assert_str_eq(e.state, "LK409");
	cr_assert_eq(w_rows("case_event"), 1);
	PQfinish(c);
}

/* A result (uitkomst) belongs to closing a case: with any other status it
 * is refused, and the case keeps its status and has no result. */
Test(case_write, a_result_with_a_status_that_does_not_close_the_case_is_refused)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, me.s);
	PGconn *c = dbt_connect(me.s);
	static const char *const open[] = {"received", "in_progress", "waiting_customer", "decided",
	                                   " Decided "};
	for (size_t i = 0; i < sizeof open / sizeof open[0]; i++) {
		const char *p[] = {"Z-2026-000123", open[i]};
		struct w_err e = w_fail(c, "SELECT api.case_set_status($1, $2, 'toegekend')", 2, p);
		cr_expect_str_eq(e.state, "LK422", "status %s", open[i]);
		cr_expect(strstr(e.msg, "leave the result out, or give it with status closed"),
		          "status %s: %s", open[i], e.msg);
	}
	w_assert_value(dbt.super,
	               "SELECT status || ' ' || coalesce(result, '-') FROM loket.case_file", 0,
	               NULL, "received -");
	cr_assert_eq(w_rows("case_event"), 0);
	/* Closing without one says what to do. */
	const char *ref[] = {"Z-2026-000123"};
	struct w_err e = w_fail(c, "SELECT api.case_set_status($1, 'closed')", 1, ref);
	cr_assert_str_eq(e.state, "LK422");
	cr_assert(strstr(e.msg, "closing a case needs its result") &&
	              strstr(e.msg, "give the result"),
	          "message: %s", e.msg);
	/* A result of white space only is no result: the status changes. */
	w_assert_value(c, "SELECT api.case_set_status($1, 'in_progress', '  ')->>'status'", 1, ref,
	               "in_progress");
	w_assert_value(dbt.super, "SELECT coalesce(result, '-') FROM loket.case_file", 0, NULL,
	               "-");
	PQfinish(c);
}

Test(case_write, only_the_owner_or_a_supervisor_sets_the_status)
{
	struct w_login owner = w_agent("agent", "kcc");
	struct w_login me = w_agent("agent", "kcc");
	struct w_login sup = w_agent("supervisor", "wmo");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, owner.s);
	w_case("Z-2026-000124", party, NULL);
	PGconn *c = dbt_connect(me.s);
	PGconn *s = dbt_connect(sup.s);
	const char *owned[] = {"Z-2026-000123"};
	const char *free_case[] = {"Z-2026-000124"};

	struct w_err e = w_fail(c, "SELECT api.case_set_status($1, 'in_progress')", 1, owned);
	cr_assert_str_eq(e.state, "LK409");
	cr_assert(strstr(e.msg, owner.s), "message: %s", e.msg);
	e = w_fail(c, "SELECT api.case_set_status($1, 'in_progress')", 1, free_case);
	cr_assert_str_eq(e.state, "LK409");
	cr_assert(strstr(e.msg, "claim it first"), "message: %s", e.msg);
	cr_assert_eq(w_rows("case_event"), 0);

	w_exec(s, "SELECT api.case_set_status($1, 'decided')", 1, owned);
	w_assert_value(dbt.super, "SELECT status FROM loket.case_file WHERE ref = 'Z-2026-000123'", 0, NULL, "decided");
	PQfinish(c);
	PQfinish(s);
}

/* The case screen ---------------------------------------------------------- */

Test(case_write, case_get_without_access_id_logs_one_opening)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, NULL);
	PGconn *c = dbt_connect(me.s);
	const char *ref[] = {"Z-2026-000123"};
	w_exec(c, "SELECT api.case_claim($1)", 1, ref);
	char *id = w_uuid();
	char body[512];
	snprintf(body, sizeof body,
	         "{\"party_id\": %ld, \"channel\": \"phone\", \"subject\": \"WOZ-waarde\", \"outcome\": \"answered\","
	         " \"case_ref\": \"Z-2026-000123\", \"note\": \"Uitleg gegeven over de WOZ-beschikking\"}",
	         party);
	const char *cp[] = {id, body};
	w_exec(c, "SELECT api.contact_log($1::uuid, $2::jsonb)", 2, cp);
	long logs = w_rows("access_log");

	PGresult *r = dbt_ok(c,
	                     "SELECT r->>'access_id', r->>'ref', r->'owner'->>'login', r->'party'->>'id', "
	                     "       jsonb_array_length(r->'history'), r->'notes'->0->>'body', "
	                     "       r->'interactions'->0->>'subject', r->'interactions'->0->>'channel', "
	                     "       r->'history'->0->'by'->>'login', r->>'working_days_left' "
	                     "FROM api.case_get($1) AS r",
	                     1, ref);
	char access[64];
	snprintf(access, sizeof access, "%s", PQgetvalue(r, 0, 0));
	cr_assert_str_eq(PQgetvalue(r, 0, 1), "Z-2026-000123");
	cr_assert_str_eq(PQgetvalue(r, 0, 2), me.s);
	cr_assert_eq(strtol(PQgetvalue(r, 0, 3), NULL, 10), party);
	cr_assert_str_eq(PQgetvalue(r, 0, 4), "1");
	cr_assert_str_eq(PQgetvalue(r, 0, 5), "Uitleg gegeven over de WOZ-beschikking");
	cr_assert_str_eq(PQgetvalue(r, 0, 6), "WOZ-waarde");
	cr_assert_str_eq(PQgetvalue(r, 0, 7), "phone");
	cr_assert_str_eq(PQgetvalue(r, 0, 8), me.s);
	cr_assert(strtol(PQgetvalue(r, 0, 9), NULL, 10) > 0);
	PQclear(r);

	cr_assert_eq(w_rows("access_log"), logs + 1);
	char pid[24];
	snprintf(pid, sizeof pid, "%ld", party);
	const char *p[] = {access, pid, me.s};
	w_assert_value(dbt.super,
	               "SELECT action || ' ' || purpose FROM loket.access_log "
	               "WHERE id = $1::uuid AND party_id = $2::bigint AND login = $3",
	               3, p, "open case");
	free(id);
	PQfinish(c);
}

Test(case_write, case_get_with_an_access_id_logs_nothing)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	long other = w_party("Piet", "Klaassen", NULL);
	w_case("Z-2026-000123", party, NULL);
	w_case("Z-2026-000124", other, NULL);
	PGconn *c = dbt_connect(me.s);
	const char *ref[] = {"Z-2026-000123"};

	char *access = dbt_value(c, "SELECT api.case_get($1)->>'access_id'", 1, ref);
	long logs = w_rows("access_log");
	cr_assert_eq(logs, 1);

	const char *again[] = {"Z-2026-000123", access};
	w_assert_value(c, "SELECT api.case_get($1, $2::uuid)->>'ref'", 2, again, "Z-2026-000123");
	w_assert_value(c, "SELECT api.case_get($1, $2::uuid)->>'access_id'", 2, again, access);
	cr_assert_eq(w_rows("access_log"), logs);

	/* The access id of one customer does not open another's case. */
	const char *foreign[] = {"Z-2026-000124", access};
	struct w_err e = w_fail(c, "SELECT api.case_get($1, $2::uuid)", 2, foreign);
	cr_assert_str_eq(e.state, "LK403");
	cr_assert_eq(w_rows("access_log"), logs);

	/* Nor does another agent's. */
	struct w_login colleague = w_agent("agent", "kcc");
	PGconn *k = dbt_connect(colleague.s);
	e = w_fail(k, "SELECT api.case_get($1, $2::uuid)", 2, again);
	cr_assert_str_eq(e.state, "LK403");
	free(access);
	PQfinish(k);
	PQfinish(c);
}

/* Logging a contact -------------------------------------------------------- */

TestSuite(contact_log, .init = w_setup, .fini = w_teardown, .timeout = 60);

/* A full contact for `party` with a note, an agreement and a callback task
 * for team kcc, linked to case Z-2026-000123. */
static void w_full_contact(char *buf, size_t len, long party, const char *subject)
{
	snprintf(buf, len,
	         "{\"party_id\": %ld, \"channel\": \"phone\", \"direction\": \"in\", \"subject\": \"%s\","
	         " \"outcome\": \"callback_requested\", \"case_ref\": \"Z-2026-000123\","
	         " \"note\": \"Klant vraagt naar de stand van het bezwaar\","
	         " \"agreement\": {\"kind\": \"callback\", \"due_at\": \"2026-03-03T10:00:00+01:00\","
	         " \"description\": \"terugbellen over bezwaar\"},"
	         " \"task\": {\"team\": \"kcc\", \"reason\": \"Bel klant terug over bezwaar\","
	         " \"due_at\": \"2026-03-03T12:00:00+01:00\"}, \"access_id\": null}",
	         party, subject);
}

Test(contact_log, a_contact_with_note_agreement_and_task_is_stored_in_one_call)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	long case_id = w_case("Z-2026-000123", party, me.s);
	PGconn *c = dbt_connect(me.s);
	char *id = w_uuid();
	char body[1024];
	w_full_contact(body, sizeof body, party, "Stand bezwaar");
	const char *p[] = {id, body};

	PGresult *r = dbt_ok(c,
	                     "SELECT r->>'interaction_id', r->>'note_id', r->>'agreement_id', r->>'task_id', "
	                     "       r->>'stored' FROM api.contact_log($1::uuid, $2::jsonb) AS r",
	                     2, p);
	cr_assert_str_eq(PQgetvalue(r, 0, 0), id);
	cr_assert_str_eq(PQgetvalue(r, 0, 1), id);
	cr_assert_str_neq(PQgetvalue(r, 0, 2), "");
	cr_assert_str_neq(PQgetvalue(r, 0, 3), "");
	cr_assert_str_eq(PQgetvalue(r, 0, 4), "true");
	PQclear(r);

	char *counts = w_contact_counts();
	cr_assert_str_eq(counts, "interaction=1 note=1 agreement=1 task=1 contact_request=1 access_log=1");
	free(counts);

	char cid[24], aid[24], pid[24];
	snprintf(cid, sizeof cid, "%ld", case_id);
	snprintf(aid, sizeof aid, "%ld", w_agent_id(me.s));
	snprintf(pid, sizeof pid, "%ld", party);
	const char *q[] = {id, cid, aid, pid};
	w_assert_value(dbt.super,
	               "SELECT party_id = $4::bigint AND agent_id = $3::int AND case_id = $2::bigint "
	               "AND channel = 'phone' AND direction = 'in' AND outcome = 'callback_requested' "
	               "AND subject = 'Stand bezwaar' FROM loket.interaction WHERE id = $1::uuid",
	               4, q, "t");
	w_assert_value(dbt.super,
	               "SELECT interaction_id = $1::uuid AND case_id = $2::bigint AND agent_id = $3::int "
	               "AND party_id = $4::bigint FROM loket.note WHERE id = $1::uuid",
	               4, q, "t");
	w_assert_value(dbt.super,
	               "SELECT kind = 'callback' AND status = 'open' AND made_by = $3::int AND interaction_id = $1::uuid "
	               "AND case_id = $2::bigint AND party_id = $4::bigint AND due_at = '2026-03-03T09:00Z' "
	               "FROM loket.agreement",
	               4, q, "t");
	w_assert_value(dbt.super,
	               "SELECT t.kind = 'callback' AND t.status = 'todo' AND t.created_by = $3::int "
	               "AND t.interaction_id = $1::uuid AND t.case_id = $2::bigint AND tm.code = 'kcc' "
	               "AND t.assigned_agent_id IS NULL AND t.party_id = $4::bigint "
	               "FROM loket.task t JOIN loket.team tm ON tm.id = t.assigned_team_id",
	               4, q, "t");
	/* The request is kept as sent, nulls stripped. */
	w_assert_value(dbt.super,
	               "SELECT login = $2 AND party_id = $3::bigint AND NOT request ? 'access_id' "
	               "AND request->>'subject' = 'Stand bezwaar' FROM loket.contact_request WHERE id = $1::uuid",
	               3, (const char *[]){id, me.s, pid}, "t");
	w_assert_value(dbt.super,
	               "SELECT action || ' ' || purpose FROM loket.access_log WHERE party_id = $1::bigint", 1,
	               (const char *[]){pid}, "write contact");
	free(id);
	PQfinish(c);
}

Test(contact_log, a_contact_sent_twice_with_same_uuid_is_stored_once)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, me.s);
	PGconn *c = dbt_connect(me.s);
	char *id = w_uuid();
	char body[1024];
	w_full_contact(body, sizeof body, party, "Stand bezwaar");
	const char *p[] = {id, body};

	char *first = dbt_value(c, "SELECT api.contact_log($1::uuid, $2::jsonb) - 'stored'", 2, p);
	char *counts = w_contact_counts();

	/* The resend: same UUID, same content (keys in another order). */
	PGresult *r = dbt_ok(c,
	                     "SELECT r - 'stored', r->>'stored' FROM api.contact_log($1::uuid, "
	                     "  (SELECT jsonb_object_agg(k, v) FROM (SELECT * FROM jsonb_each($2::jsonb) "
	                     "   ORDER BY key DESC) AS e(k, v))) AS r",
	                     2, p);
	cr_assert_str_eq(PQgetvalue(r, 0, 0), first);
	cr_assert_str_eq(PQgetvalue(r, 0, 1), "false");
	PQclear(r);

	char *after = w_contact_counts();
	cr_assert_str_eq(after, counts);
	free(after);
	/* And a third time, plainly. */
	w_assert_value(c, "SELECT api.contact_log($1::uuid, $2::jsonb)->>'stored'", 2, p, "false");
	after = w_contact_counts();
	cr_assert_str_eq(after, counts);
	free(after);
	free(counts);
	free(first);
	free(id);
	PQfinish(c);
}

Test(contact_log, same_uuid_with_other_content_is_an_error)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, me.s);
	PGconn *c = dbt_connect(me.s);
	char *id = w_uuid();
	char body[1024], other[1024];
	w_full_contact(body, sizeof body, party, "Stand bezwaar");
	w_full_contact(other, sizeof other, party, "Iets anders");
	const char *p[] = {id, body};
	const char *q[] = {id, other};

	w_exec(c, "SELECT api.contact_log($1::uuid, $2::jsonb)", 2, p);
	char *counts = w_contact_counts();

	struct w_err e = w_fail(c, "SELECT api.contact_log($1::uuid, $2::jsonb)", 2, q);
	cr_assert_str_eq(e.state, "LK409");
	char want[128];
	snprintf(want, sizeof want, "contact %s was already stored with other content", id);
	cr_assert_str_eq(e.msg, want);

	char *after = w_contact_counts();
	cr_assert_str_eq(after, counts);
	w_assert_value(dbt.super, "SELECT subject FROM loket.interaction", 0, NULL, "Stand bezwaar");
	free(after);
	free(counts);
	free(id);
	PQfinish(c);
}

Test(contact_log, another_agent_resending_my_uuid_is_refused)
{
	struct w_login me = w_agent("agent", "kcc");
	struct w_login other = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, me.s);
	PGconn *c = dbt_connect(me.s);
	PGconn *o = dbt_connect(other.s);
	char *id = w_uuid();
	char body[1024];
	w_full_contact(body, sizeof body, party, "Stand bezwaar");
	const char *p[] = {id, body};

	w_exec(c, "SELECT api.contact_log($1::uuid, $2::jsonb)", 2, p);
	char *counts = w_contact_counts();
	struct w_err e = w_fail(o, "SELECT api.contact_log($1::uuid, $2::jsonb)", 2, p);
	cr_assert_str_eq(e.state, "LK409");
	cr_assert(strstr(e.msg, "already stored"), "message: %s", e.msg);
	char *after = w_contact_counts();
	cr_assert_str_eq(after, counts);
	free(after);
	free(counts);
	free(id);
	PQfinish(o);
	PQfinish(c);
}

/* `body` must be refused with LK422 naming `field`, storing nothing. */
static void w_contact_refused(const char *body, const char *field)
{
	struct w_login me = w_agent("agent", "kcc");
	PGconn *c = dbt_connect(me.s);
	char *id = w_uuid();
	char *counts = w_contact_counts();
	const char *p[] = {id, body};
	struct w_err e = w_fail(c, "SELECT api.contact_log($1::uuid, $2::jsonb)", 2, p);
	cr_assert_str_eq(e.state, "LK422", "%s: %s", e.state, e.msg);
	char prefix[64];
	snprintf(prefix, sizeof prefix, "contact: %s", field);
	cr_assert(strncmp(e.msg, prefix, strlen(prefix)) == 0, "message should start with \"%s\": %s", prefix,
	          e.msg);
	char *after = w_contact_counts();
	cr_assert_str_eq(after, counts);
	free(after);
	free(counts);
	free(id);
	PQfinish(c);
}

/* A valid contact (note, agreement, task, case) with one field replaced. */
static void w_contact_with(char *buf, size_t len, long party, const char *channel, const char *subject,
                           const char *outcome, const char *case_ref)
{
	snprintf(buf, len,
	         "{\"party_id\": %ld, \"channel\": \"%s\", \"subject\": \"%s\", \"outcome\": \"%s\","
	         " \"case_ref\": \"%s\", \"note\": \"Notitie\","
	         " \"agreement\": {\"kind\": \"callback\", \"due_at\": \"2026-03-03T10:00:00+01:00\"},"
	         " \"task\": {\"team\": \"kcc\", \"reason\": \"Terugbellen\"}}",
	         party, channel, subject, outcome, case_ref);
}

Test(contact_log, an_unknown_outcome_is_refused_naming_the_field_and_nothing_is_stored)
{
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, NULL);
	char body[1024];
	w_contact_with(body, sizeof body, party, "phone", "Vraag", "foo", "Z-2026-000123");
	w_contact_refused(body, "outcome 'foo' is not one of answered, ");
}

Test(contact_log, an_unknown_channel_is_refused_naming_the_field_and_nothing_is_stored)
{
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, NULL);
	char body[1024];
	w_contact_with(body, sizeof body, party, "fax", "Vraag", "answered", "Z-2026-000123");
	w_contact_refused(body, "channel 'fax' is not one of phone, ");
}

Test(contact_log, a_blank_subject_is_refused_naming_the_field_and_nothing_is_stored)
{
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, NULL);
	char body[1024];
	w_contact_with(body, sizeof body, party, "phone", " \\t ", "answered", "Z-2026-000123");
	w_contact_refused(body, "subject");
}

Test(contact_log, a_case_of_another_customer_is_refused_naming_the_field_and_nothing_is_stored)
{
	long party = w_party("Jan", "Berg", NULL);
	long other = w_party("Piet", "Klaassen", NULL);
	w_case("Z-2026-000123", party, NULL);
	w_case("Z-2026-000124", other, NULL);
	char body[1024];
	w_contact_with(body, sizeof body, party, "phone", "Vraag", "answered", "Z-2026-000124");
	w_contact_refused(body, "case_ref");
	w_contact_with(body, sizeof body, party, "phone", "Vraag", "answered", "Z-2026-999999");
	w_contact_refused(body, "case_ref");
}

Test(contact_log, a_bad_agreement_or_task_is_refused_and_nothing_is_stored)
{
	long party = w_party("Jan", "Berg", NULL);
	char body[1024];
	snprintf(body, sizeof body,
	         "{\"party_id\": %ld, \"channel\": \"phone\", \"subject\": \"Vraag\", \"outcome\": \"answered\","
	         " \"note\": \"Notitie\", \"agreement\": {\"kind\": \"callback\", \"due_at\": \"morgen\"}}",
	         party);
	w_contact_refused(body, "agreement.due_at");
	snprintf(body, sizeof body,
	         "{\"party_id\": %ld, \"channel\": \"phone\", \"subject\": \"Vraag\", \"outcome\": \"answered\","
	         " \"note\": \"Notitie\", \"task\": {\"team\": \"nosuchteam\", \"reason\": \"Bellen\"}}",
	         party);
	w_contact_refused(body, "task.team");
	snprintf(body, sizeof body,
	         "{\"party_id\": %ld, \"channel\": \"phone\", \"subject\": \"Vraag\", \"outcome\": \"answered\","
	         " \"notes\": \"typo in the field name\"}",
	         party);
	w_contact_refused(body, "unknown field(s) 'notes'");
	w_contact_refused("{\"channel\": \"phone\", \"subject\": \"Vraag\", \"outcome\": \"answered\"}", "party_id");
}

Test(contact_log, a_blank_note_stores_no_note_and_defaults_apply)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	PGconn *c = dbt_connect(me.s);
	char *id = w_uuid();
	char body[512];
	snprintf(body, sizeof body,
	         "{\"party_id\": \"%ld\", \"channel\": \"email\", \"subject\": \"Adreswijziging\","
	         " \"outcome\": \"answered\", \"note\": \"   \"}",
	         party);
	const char *p[] = {id, body};
	PGresult *r = dbt_ok(c,
	                     "SELECT r->'note_id' = 'null', r->'agreement_id' = 'null', r->'task_id' = 'null' "
	                     "FROM api.contact_log($1::uuid, $2::jsonb) AS r",
	                     2, p);
	cr_assert_str_eq(PQgetvalue(r, 0, 0), "t");
	cr_assert_str_eq(PQgetvalue(r, 0, 1), "t");
	cr_assert_str_eq(PQgetvalue(r, 0, 2), "t");
	PQclear(r);
	char *counts = w_contact_counts();
	cr_assert_str_eq(counts, "interaction=1 note=0 agreement=0 task=0 contact_request=1 access_log=1");
	free(counts);
	w_assert_value(dbt.super,
	               "SELECT direction || ' ' || (occurred_at > now() - interval '1 minute') || ' ' || (case_id IS NULL) "
	               "FROM loket.interaction",
	               0, NULL, "in true true");
	free(id);
	PQfinish(c);
}

Test(contact_log, a_contact_with_an_access_id_logs_the_write_under_its_purpose)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, NULL);
	PGconn *c = dbt_connect(me.s);
	const char *ref[] = {"Z-2026-000123"};
	char *access = dbt_value(c, "SELECT api.case_get($1)->>'access_id'", 1, ref);
	char *id = w_uuid();
	char body[512];
	snprintf(body, sizeof body,
	         "{\"party_id\": %ld, \"channel\": \"phone\", \"subject\": \"Vraag\", \"outcome\": \"answered\","
	         " \"access_id\": \"%s\"}",
	         party, access);
	const char *p[] = {id, body};
	w_exec(c, "SELECT api.contact_log($1::uuid, $2::jsonb)", 2, p);
	w_assert_value(dbt.super, "SELECT string_agg(action || ' ' || purpose, ',' ORDER BY at) FROM loket.access_log", 0,
	               NULL, "open case,write case");

	/* A resend after a reconnect may carry a fresh access id: still the same contact. */
	char *access2 = dbt_value(c, "SELECT api.case_get($1)->>'access_id'", 1, ref);
	snprintf(body, sizeof body,
	         "{\"party_id\": %ld, \"channel\": \"phone\", \"subject\": \"Vraag\", \"outcome\": \"answered\","
	         " \"access_id\": \"%s\"}",
	         party, access2);
	w_assert_value(c, "SELECT api.contact_log($1::uuid, $2::jsonb)->>'stored'", 2, p, "false");
	cr_assert_eq(w_rows("interaction"), 1);

	/* Another customer's access id is refused. */
	long other = w_party("Piet", "Klaassen", NULL);
	char *id2 = w_uuid();
	snprintf(body, sizeof body,
	         "{\"party_id\": %ld, \"channel\": \"phone\", \"subject\": \"Vraag\", \"outcome\": \"answered\","
	         " \"access_id\": \"%s\"}",
	         other, access);
	const char *q[] = {id2, body};
	struct w_err e = w_fail(c, "SELECT api.contact_log($1::uuid, $2::jsonb)", 2, q);
	cr_assert_str_eq(e.state, "LK403");
	cr_assert_eq(w_rows("interaction"), 1);
	free(id2);
	free(access2);
	free(id);
	free(access);
	PQfinish(c);
}

/* Wait (with a deadline, by polling the server) until backend `pid` waits
 * on a lock. */
static void w_wait_for_lock(const char *pid)
{
	const char *p[] = {pid};
	long deadline = w_now_ms() + 20000;
	while (w_now_ms() < deadline) {
		char *w = dbt_value(dbt.super, "SELECT coalesce(wait_event_type, '') FROM pg_stat_activity WHERE pid = $1::int",
		                    1, p);
		int waiting = strcmp(w, "Lock") == 0;
		free(w);
		if (waiting)
			return;
	}
	cr_assert_fail("backend %s never waited on a lock", pid);
}

Test(contact_log, a_resend_while_the_first_is_uncommitted_waits_and_returns_the_stored_result)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	w_case("Z-2026-000123", party, me.s);
	PGconn *first = dbt_connect(me.s);
	PGconn *second = dbt_connect(me.s);
	char *id = w_uuid();
	char body[1024];
	w_full_contact(body, sizeof body, party, "Stand bezwaar");
	const char *p[] = {id, body};

	w_exec(first, "BEGIN", 0, NULL);
	w_exec(first, "SELECT api.contact_log($1::uuid, $2::jsonb)", 2, p);
	cr_assert(PQsendQueryParams(second, "SELECT api.contact_log($1::uuid, $2::jsonb)->>'stored'", 2, NULL, p, NULL,
	                            NULL, 0));
	char pid[24];
	snprintf(pid, sizeof pid, "%d", PQbackendPID(second));
	w_wait_for_lock(pid);
	w_exec(first, "COMMIT", 0, NULL);

	PGresult *r = PQgetResult(second);
	cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQerrorMessage(second));
	cr_assert_str_eq(PQgetvalue(r, 0, 0), "false");
	PQclear(r);
	while ((r = PQgetResult(second)))
		PQclear(r);
	char *counts = w_contact_counts();
	cr_assert_str_eq(counts, "interaction=1 note=1 agreement=1 task=1 contact_request=1 access_log=1");
	free(counts);

	/* When the first rolls back instead, the waiting resend stores it. */
	char *id2 = w_uuid();
	const char *q[] = {id2, body};
	w_exec(first, "BEGIN", 0, NULL);
	w_exec(first, "SELECT api.contact_log($1::uuid, $2::jsonb)", 2, q);
	cr_assert(PQsendQueryParams(second, "SELECT api.contact_log($1::uuid, $2::jsonb)->>'stored'", 2, NULL, q, NULL,
	                            NULL, 0));
	w_wait_for_lock(pid);
	w_exec(first, "ROLLBACK", 0, NULL);
	r = PQgetResult(second);
	cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQerrorMessage(second));
	cr_assert_str_eq(PQgetvalue(r, 0, 0), "true");
	PQclear(r);
	while ((r = PQgetResult(second)))
		PQclear(r);
	counts = w_contact_counts();
	cr_assert_str_eq(counts, "interaction=2 note=2 agreement=2 task=2 contact_request=2 access_log=2");
	free(counts);
	free(id2);
	free(id);
	PQfinish(second);
	PQfinish(first);
}

/* Agreements, tasks, agent state, my work ------------------------------------ */

TestSuite(work_items, .init = w_setup, .fini = w_teardown, .timeout = 60);

static long w_agreement(long party, const char *made_by, const char *due_expr, const char *status)
{
	char pid[24], sql[512];
	snprintf(pid, sizeof pid, "%ld", party);
	snprintf(sql, sizeof sql,
	         "INSERT INTO loket.agreement (party_id, kind, due_at, made_by, status, status_at) "
	         "SELECT $1::bigint, 'callback', %s, id, $3, CASE WHEN $3 <> 'open' THEN now() END "
	         "FROM loket.agent WHERE login = $2 RETURNING id",
	         due_expr);
	const char *p[] = {pid, made_by, status};
	return dbt_long(dbt.super, sql, 3, p);
}

/* A to-do task for an agent (login) or a team (code): pass one, NULL the other. */
static long w_task(long party, const char *agent, const char *team, const char *due_expr)
{
	char pid[24], sql[512];
	snprintf(pid, sizeof pid, "%ld", party);
	snprintf(sql, sizeof sql,
	         "INSERT INTO loket.task (party_id, reason, assigned_agent_id, assigned_team_id, due_at) "
	         "VALUES ($1::bigint, 'Terugbellen', (SELECT id FROM loket.agent WHERE login = $2), "
	         "        (SELECT id FROM loket.team WHERE code = $3), %s) RETURNING id",
	         due_expr);
	const char *p[] = {pid, agent, team};
	return dbt_long(dbt.super, sql, 3, p);
}

Test(work_items, an_open_agreement_becomes_kept_and_then_cannot_change)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	long kept = w_agreement(party, me.s, "now()", "open");
	long broken = w_agreement(party, me.s, "now()", "open");
	long cancelled = w_agreement(party, me.s, "now()", "open");
	PGconn *c = dbt_connect(me.s);
	char k[24], b[24], x[24];
	snprintf(k, sizeof k, "%ld", kept);
	snprintf(b, sizeof b, "%ld", broken);
	snprintf(x, sizeof x, "%ld", cancelled);

	w_assert_value(c, "SELECT api.agreement_set_status($1::bigint, 'kept')->>'status'", 1, (const char *[]){k},
	               "kept");
	w_assert_value(c, "SELECT api.agreement_set_status($1::bigint, 'broken')->>'status'", 1, (const char *[]){b},
	               "broken");
	w_assert_value(c, "SELECT api.agreement_set_status($1::bigint, 'cancelled')->>'status'", 1, (const char *[]){x},
	               "cancelled");
	char aid[24];
	snprintf(aid, sizeof aid, "%ld", w_agent_id(me.s));
	w_assert_value(dbt.super,
	               "SELECT string_agg(status || (status_at IS NOT NULL) || (status_by = $1::int), ',' ORDER BY id) "
	               "FROM loket.agreement",
	               1, (const char *[]){aid}, "kepttruetrue,brokentruetrue,cancelledtruetrue");
	w_assert_value(dbt.super, "SELECT count(*) FROM loket.access_log WHERE action = 'status' AND purpose = 'agreement'",
	               0, NULL, "3");

	struct w_err e = w_fail(c, "SELECT api.agreement_set_status($1::bigint, 'broken')", 1, (const char *[]){k});
	cr_assert_str_eq(e.state, "LK409");
	cr_assert(strstr(e.msg, "already kept"), "message: %s", e.msg);
	e = w_fail(c, "SELECT api.agreement_set_status($1::bigint, 'open')", 1, (const char *[]){k});
	cr_assert_str_eq(e.state, "LK422");
	e = w_fail(c, "SELECT api.agreement_set_status(999999, 'kept')", 0, NULL);
	cr_assert_str_eq(e.state, "LK404");
	w_assert_value(dbt.super, "SELECT status FROM loket.agreement WHERE id = $1::bigint", 1, (const char *[]){k},
	               "kept");
	cr_assert_eq(w_rows("access_log"), 3);
	PQfinish(c);
}

Test(work_items, a_team_member_finishes_a_team_task)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", NULL);
	long task = w_task(party, NULL, "kcc", "NULL");
	PGconn *c = dbt_connect(me.s);
	char t[24], aid[24];
	snprintf(t, sizeof t, "%ld", task);
	snprintf(aid, sizeof aid, "%ld", w_agent_id(me.s));

	w_assert_value(c, "SELECT api.task_finish($1::bigint, 'klant teruggebeld')->>'status'", 1, (const char *[]){t},
	               "done");
	w_assert_value(dbt.super,
	               "SELECT status || ' ' || (done_at IS NOT NULL) || ' ' || (done_by = $2::int) || ' ' || result "
	               "FROM loket.task WHERE id = $1::bigint",
	               2, (const char *[]){t, aid}, "done true true klant teruggebeld");

	struct w_err e = w_fail(c, "SELECT api.task_finish($1::bigint)", 1, (const char *[]){t});
	cr_assert_str_eq(e.state, "LK409");
	cr_assert(strstr(e.msg, "already done"), "message: %s", e.msg);
	PQfinish(c);
}

Test(work_items, an_outsider_cannot_finish_a_task_but_the_assignee_and_a_supervisor_can)
{
	struct w_login assignee = w_agent("agent", "kcc");
	struct w_login outsider = w_agent("agent", "wmo");
	struct w_login sup = w_agent("supervisor", "wmo");
	long party = w_party("Jan", "Berg", NULL);
	long team_task = w_task(party, NULL, "kcc", "NULL");
	long own_task = w_task(party, assignee.s, NULL, "NULL");
	char tt[24], ot[24];
	snprintf(tt, sizeof tt, "%ld", team_task);
	snprintf(ot, sizeof ot, "%ld", own_task);
	PGconn *o = dbt_connect(outsider.s);

	struct w_err e = w_fail(o, "SELECT api.task_finish($1::bigint)", 1, (const char *[]){tt});
	cr_assert_str_eq(e.state, "LK409");
	cr_assert(strstr(e.msg, "team kcc"), "message: %s", e.msg);
	e = w_fail(o, "SELECT api.task_finish($1::bigint)", 1, (const char *[]){ot});
	cr_assert_str_eq(e.state, "LK409");
	w_assert_value(dbt.super, "SELECT count(*) FROM loket.task WHERE status = 'todo'", 0, NULL, "2");
	cr_assert_eq(w_rows("access_log"), 0);

	PGconn *a = dbt_connect(assignee.s);
	w_exec(a, "SELECT api.task_finish($1::bigint)", 1, (const char *[]){ot});
	PGconn *s = dbt_connect(sup.s);
	w_exec(s, "SELECT api.task_finish($1::bigint)", 1, (const char *[]){tt});
	w_assert_value(dbt.super, "SELECT count(*) FROM loket.task WHERE status = 'done'", 0, NULL, "2");
	PQfinish(s);
	PQfinish(a);
	PQfinish(o);
}

Test(work_items, agent_set_state_appends_events_and_skips_a_repeat)
{
	struct w_login me = w_agent("agent", "kcc");
	PGconn *c = dbt_connect(me.s);
	const char *p[] = {me.s};

	w_assert_value(c, "SELECT api.agent_set_state('available')->>'state'", 0, NULL, "available");
	char *since = dbt_value(c, "SELECT api.agent_set_state('available')->>'since'", 0, NULL);
	w_assert_value(c, "SELECT api.agent_set_state('busy')->>'state'", 0, NULL, "busy");
	w_assert_value(dbt.super,
	               "SELECT string_agg(coalesce(e.previous, '-') || '>' || e.state, ',' ORDER BY e.id) "
	               "FROM loket.agent_state_event e JOIN loket.agent a ON a.id = e.agent_id WHERE a.login = $1",
	               1, p, "offline>available,available>busy");
	w_assert_value(dbt.super,
	               "SELECT a.state || ' ' || (a.state_since = (SELECT max(at) FROM loket.agent_state_event)) "
	               "FROM loket.agent a WHERE a.login = $1",
	               1, p, "busy true");
	cr_assert_str_neq(since, "");
	free(since);

	struct w_err e = w_fail(c, "SELECT api.agent_set_state('asleep')", 0, NULL);
	cr_assert_str_eq(e.state, "LK422");
	cr_assert_eq(w_rows("agent_state_event"), 2);
	PQfinish(c);
}

Test(work_items, my_work_lists_exactly_my_items_and_my_teams_queues_and_logs_one_row)
{
	struct w_login me = w_agent("agent", "kcc");
	struct w_login mate = w_agent("agent", "kcc");
	struct w_login stranger = w_agent("agent", "wmo");
	long party = w_party("Jan", "Berg", NULL);
	long other = w_party("Piet", "Klaassen", NULL);

	/* Cases: two open of mine (the later deadline first in the table), one
	 * closed of mine, one of a colleague. */
	w_case("Z-2026-000002", party, me.s);
	w_case("Z-2026-000001", other, me.s);
	w_exec(dbt.super, "UPDATE loket.case_file SET due_on = current_date + 3 WHERE ref = 'Z-2026-000001'", 0, NULL);
	w_case("Z-2026-000003", party, me.s);
	w_exec(dbt.super,
	       "UPDATE loket.case_file SET status = 'closed', closed_at = now(), result = 'x' WHERE ref = 'Z-2026-000003'",
	       0, NULL);
	w_case("Z-2026-000004", party, mate.s);

	/* Agreements: mine overdue since yesterday, mine due tonight, mine next
	 * week, mine kept, a colleague's overdue. */
	long overdue = w_agreement(party, me.s, "now() - interval '1 day'", "open");
	long tonight = w_agreement(other, me.s,
	                           "((now() AT TIME ZONE 'Europe/Amsterdam')::date + 1)::timestamp "
	                           "AT TIME ZONE 'Europe/Amsterdam' - interval '1 second'",
	                           "open");
	w_agreement(party, me.s, "now() + interval '7 days'", "open");
	w_agreement(party, me.s, "now() - interval '1 day'", "kept");
	w_agreement(party, mate.s, "now() - interval '1 day'", "open");

	/* Tasks: mine, my team's, my team's done, the other team's, a colleague's. */
	long my_task = w_task(party, me.s, NULL, "now() + interval '1 hour'");
	long team_task = w_task(other, NULL, "kcc", "now() + interval '2 hours'");
	char done_task[24];
	snprintf(done_task, sizeof done_task, "%ld", w_task(party, NULL, "kcc", "NULL"));
	w_exec(dbt.super, "UPDATE loket.task SET status = 'done', done_at = now() WHERE id = $1::bigint", 1,
	       (const char *[]){done_task});
	w_task(party, NULL, "wmo", "NULL");
	w_task(party, mate.s, NULL, "NULL");

	/* Queues: my team's phone queue with two waiting, one answered, one
	 * abandoned; the other team's queue with one waiting. */
	w_exec(dbt.super,
	       "INSERT INTO loket.queue (code, name, channel, team_id, sla_seconds, sla_target) "
	       "SELECT 'kcc-phone', 'KCC telefoon', 'phone', id, 30, 0.8 FROM loket.team WHERE code = 'kcc' "
	       "UNION ALL SELECT 'wmo-mail', 'WMO e-mail', 'email', id, 172800, 0.9 FROM loket.team WHERE code = 'wmo'",
	       0, NULL);
	w_exec(dbt.super,
	       "INSERT INTO loket.queue_item (queue_id, enqueued_at, answered_at, abandoned_at) "
	       "SELECT q.id, now() - v.w, v.ans, v.ab FROM loket.queue q, (VALUES "
	       " (interval '95 seconds', NULL::timestamptz, NULL::timestamptz), (interval '10 seconds', NULL, NULL), "
	       " (interval '500 seconds', now(), NULL), (interval '600 seconds', NULL, now())) AS v(w, ans, ab) "
	       "WHERE q.code = 'kcc-phone' "
	       "UNION ALL SELECT id, now(), NULL, NULL FROM loket.queue WHERE code = 'wmo-mail'",
	       0, NULL);
	(void)stranger;

	PGconn *c = dbt_connect(me.s);
	long logs = w_rows("access_log");
	char *work = dbt_value(c, "SELECT api.my_work()", 0, NULL);
	cr_assert_eq(w_rows("access_log"), logs + 1);

	char ov[24], tn[24], mt[24], tt[24], pid[24];
	snprintf(ov, sizeof ov, "%ld", overdue);
	snprintf(tn, sizeof tn, "%ld", tonight);
	snprintf(mt, sizeof mt, "%ld", my_task);
	snprintf(tt, sizeof tt, "%ld", team_task);
	snprintf(pid, sizeof pid, "%ld", party);
	const char *p[] = {work};
	w_assert_value(dbt.super,
	               "SELECT string_agg((c->>'ref') || ' ' || (c->>'party_name'), ',' ORDER BY o) "
	               "FROM jsonb_array_elements($1::jsonb->'cases') WITH ORDINALITY AS x(c, o)",
	               1, p, "Z-2026-000001 P. Klaassen,Z-2026-000002 J. Berg");
	w_assert_value(dbt.super,
	               "SELECT count(*) FROM jsonb_array_elements($1::jsonb->'cases') c "
	               "WHERE c ? 'working_days_left' AND c ? 'due_on' AND c ? 'status' AND c ? 'subject' AND c ? 'party_id'",
	               1, p, "2");
	char want[256];
	snprintf(want, sizeof want, "%s true,%s false", ov, tn);
	w_assert_value(dbt.super,
	               "SELECT string_agg(a->>'id' || ' ' || (a->>'overdue'), ',' ORDER BY o) "
	               "FROM jsonb_array_elements($1::jsonb->'agreements') WITH ORDINALITY AS x(a, o)",
	               1, p, want);
	snprintf(want, sizeof want, "%s %s,%s kcc", mt, me.s, tt);
	w_assert_value(dbt.super,
	               "SELECT string_agg(t->>'id' || ' ' || (t->>'assigned'), ',' ORDER BY o) "
	               "FROM jsonb_array_elements($1::jsonb->'tasks') WITH ORDINALITY AS x(t, o)",
	               1, p, want);
	w_assert_value(dbt.super,
	               "SELECT string_agg(concat_ws(' ', q->>'code', q->>'channel', q->>'waiting', "
	               "  (q->>'longest_wait_seconds')::int BETWEEN 95 AND 200, q->>'sla_seconds', q->>'sla_target'), ',') "
	               "FROM jsonb_array_elements($1::jsonb->'queues') AS q",
	               1, p, "kcc-phone phone 2 t 30 0.800");

	const char *l[] = {me.s};
	w_assert_value(dbt.super,
	               "SELECT action || ' ' || query_kind || ' ' || result_count || ' ' || (party_id IS NULL) "
	               "FROM loket.access_log WHERE login = $1",
	               1, l, "search my_work 6 true");
	free(work);
	PQfinish(c);
}

Test(work_items, team_and_agent_lists_log_nothing)
{
	struct w_login me = w_agent("agent", "kcc");
	struct w_login other = w_agent("supervisor", "wmo");
	w_exec(dbt.super, "UPDATE loket.agent SET active = false WHERE login = $1", 1, (const char *[]){other.s});
	PGconn *c = dbt_connect(me.s);
	w_assert_value(c, "SELECT string_agg(code || '=' || name, ',' ORDER BY code) FROM api.team_list()", 0, NULL,
	               "kcc=kcc,wmo=wmo");
	char want[256];
	snprintf(want, sizeof want, "%s agent kcc offline", me.s);
	w_assert_value(c, "SELECT string_agg(concat_ws(' ', login, role, team, state), ',') FROM api.agent_list()", 0,
	               NULL, want);
	cr_assert_eq(w_rows("access_log"), 0);
	PQfinish(c);
}

/* The claim race --------------------------------------------------------- */

TestSuite(claim_race, .init = w_setup, .fini = w_teardown, .timeout = 120);

/* The one result of a query sent with PQsendQueryParams. */
struct w_outcome {
	int ok;
	char owner[64];
	char already[8];
	char state[6];
	char msg[512];
};

static struct w_outcome w_collect(PGconn *c)
{
	struct w_outcome o = {0, {0}, {0}, {0}, {0}};
	PGresult *r;
	int n = 0;
	while ((r = PQgetResult(c))) {
		n++;
		if (PQresultStatus(r) == PGRES_TUPLES_OK) {
			o.ok = 1;
			snprintf(o.owner, sizeof o.owner, "%s", PQgetvalue(r, 0, 0));
			snprintf(o.already, sizeof o.already, "%s", PQgetvalue(r, 0, 1));
		} else {
			const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
			const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
			snprintf(o.state, sizeof o.state, "%s", s ? s : "");
			snprintf(o.msg, sizeof o.msg, "%s", m ? m : PQerrorMessage(c));
		}
		PQclear(r);
	}
	cr_assert_eq(n, 1, "expected one result, got %d", n);
	return o;
}

Test(claim_race, exactly_one_of_two_simultaneous_claims_wins_and_the_loser_is_told_who)
{
	enum { ROUNDS = 1000 };
	struct w_login login[2] = {w_agent("agent", "kcc"), w_agent("agent", "kcc")};
	char *name[2] = {w_agent_name(login[0].s), w_agent_name(login[1].s)};
	long party = w_party("Jan", "Berg", NULL);
	w_exec(dbt.super, "INSERT INTO loket.case_type VALUES ('woz', 'WOZ-bezwaar', 30)", 0, NULL);
	char pid[24];
	snprintf(pid, sizeof pid, "%ld", party);
	w_exec(dbt.super,
	       "INSERT INTO loket.case_file (ref, party_id, case_type, subject) "
	       "SELECT format('Z-2026-%s', lpad(g::text, 6, '0')), $1::bigint, 'woz', 'Bezwaar' "
	       "FROM generate_series(1, 1000) AS g",
	       1, (const char *[]){pid});
	PGconn *c[2] = {dbt_connect(login[0].s), dbt_connect(login[1].s)};
	const char *sql = "SELECT r->'owner'->>'login', r->>'already' FROM api.case_claim($1) AS r";
	int wins[2] = {0, 0};

	for (int round = 1; round <= ROUNDS; round++) {
		char ref[32];
		snprintf(ref, sizeof ref, "Z-2026-%06d", round);
		const char *p[] = {ref};
		int a = round % 2, b = !a; /* who sends first alternates */
		cr_assert(PQsendQueryParams(c[a], sql, 1, NULL, p, NULL, NULL, 0), "%s", PQerrorMessage(c[a]));
		cr_assert(PQsendQueryParams(c[b], sql, 1, NULL, p, NULL, NULL, 0), "%s", PQerrorMessage(c[b]));
		struct w_outcome o[2] = {w_collect(c[0]), w_collect(c[1])};

		cr_assert_eq(o[0].ok + o[1].ok, 1, "round %d: %d winners (%s / %s)", round, o[0].ok + o[1].ok,
		             o[0].msg, o[1].msg);
		int w = o[0].ok ? 0 : 1, l = !w;
		wins[w]++;
		cr_assert_str_eq(o[w].owner, login[w].s, "round %d", round);
		cr_assert_str_eq(o[w].already, "false", "round %d", round);
		cr_assert_str_eq(o[l].state, "LK409", "round %d: %s", round, o[l].msg);
		cr_assert(strstr(o[l].msg, name[w]) && strstr(o[l].msg, login[w].s),
		          "round %d: the loser's message does not name %s (%s): %s", round, name[w], login[w].s,
		          o[l].msg);
	}
	cr_assert_eq(wins[0] + wins[1], ROUNDS);

	/* One event and one log row per case, each for its owner. */
	w_assert_value(dbt.super,
	               "SELECT count(*) FROM loket.case_file c WHERE c.owner_id IS NOT NULL AND "
	               "(SELECT count(*) FROM loket.case_event e WHERE e.case_id = c.id AND e.kind = 'claimed' "
	               "  AND e.by_agent_id = c.owner_id) = 1",
	               0, NULL, "1000");
	cr_assert_eq(w_rows("case_event"), ROUNDS);
	w_assert_value(dbt.super, "SELECT count(*) FROM loket.access_log WHERE action = 'claim'", 0, NULL, "1000");
	free(name[0]);
	free(name[1]);
	PQfinish(c[0]);
	PQfinish(c[1]);
}

/* Notices ------------------------------------------------------------------ */

TestSuite(write_notify, .init = w_setup, .fini = w_teardown, .timeout = 60);

/* The next notice on `c`, waiting up to `ms`; NULL when none came. */
static PGnotify *w_next_notice(PGconn *c, long ms)
{
	long deadline = w_now_ms() + ms;
	for (;;) {
		cr_assert(PQconsumeInput(c), "%s", PQerrorMessage(c));
		PGnotify *n = PQnotifies(c);
		if (n)
			return n;
		long left = deadline - w_now_ms();
		if (left <= 0)
			return NULL;
		struct pollfd pfd = {.fd = PQsocket(c), .events = POLLIN};
		int rc = poll(&pfd, 1, (int)left);
		cr_assert(rc >= 0, "poll failed");
	}
}

/* The payload must be JSON with only id and kind keys, and name nothing personal. */
static void w_assert_clean_payload(const char *payload)
{
	cr_assert(strlen(payload) < 8000);
	const char *forbidden[] = {"Berg", "Jan", "111222333", "Klaassen", "WOZ", "bezwaar", "Notitie", "Terug"};
	for (size_t i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++)
		cr_assert_null(strstr(payload, forbidden[i]), "payload names \"%s\": %s", forbidden[i], payload);
	w_assert_value(dbt.super,
	               "SELECT count(*) FROM jsonb_each($1::jsonb) AS e(k, v) "
	               "WHERE NOT (k = 'kind' OR k = 'ref' OR k LIKE '%\\_id')",
	               1, (const char *[]){payload}, "0");
}

Test(write_notify, a_claim_notifies_listeners_with_ids_only)
{
	struct w_login me = w_agent("agent", "kcc");
	struct w_login listener = w_agent("supervisor", "kcc");
	long party = w_party("Jan", "Berg", "111222333");
	long case_id = w_case("Z-2026-000123", party, NULL);
	PGconn *l = dbt_connect(listener.s);
	w_exec(l, "LISTEN loket", 0, NULL);
	PGconn *c = dbt_connect(me.s);
	w_exec(c, "SELECT api.case_claim('Z-2026-000123')", 0, NULL);

	PGnotify *n = w_next_notice(l, 10000);
	cr_assert_not_null(n, "no notice within 10 s");
	cr_assert_str_eq(n->relname, "loket");
	w_assert_clean_payload(n->extra);
	char cid[24], pid[24];
	snprintf(cid, sizeof cid, "%ld", case_id);
	snprintf(pid, sizeof pid, "%ld", party);
	w_assert_value(dbt.super,
	               "SELECT concat_ws(' ', j->>'kind', j->>'ref', (j->>'case_id')::bigint = $2::bigint, "
	               "  (j->>'party_id')::bigint = $3::bigint) FROM (SELECT $1::jsonb AS j) AS x",
	               3, (const char *[]){n->extra, cid, pid}, "case Z-2026-000123 t t");
	PQfreemem(n);
	PQfinish(c);
	PQfinish(l);
}

Test(write_notify, a_logged_contact_notifies_each_kind_without_its_text)
{
	struct w_login me = w_agent("agent", "kcc");
	long party = w_party("Jan", "Berg", "111222333");
	w_case("Z-2026-000123", party, me.s);
	PGconn *l = dbt_connect(me.s);
	w_exec(l, "LISTEN loket", 0, NULL);
	PGconn *c = dbt_connect(me.s);
	char *id = w_uuid();
	char body[1024];
	snprintf(body, sizeof body,
	         "{\"party_id\": %ld, \"channel\": \"phone\", \"subject\": \"WOZ bezwaar van Jan Berg\","
	         " \"outcome\": \"callback_requested\", \"case_ref\": \"Z-2026-000123\","
	         " \"note\": \"Notitie: Jan Berg, BSN 111222333\","
	         " \"agreement\": {\"kind\": \"callback\", \"due_at\": \"2026-03-03T10:00:00+01:00\","
	         "   \"description\": \"Terugbellen Jan Berg\"},"
	         " \"task\": {\"team\": \"kcc\", \"reason\": \"Terugbellen Jan Berg\"}}",
	         party);
	w_exec(c, "SELECT api.contact_log($1::uuid, $2::jsonb)", 2, (const char *[]){id, body});

	int seen = 0; /* bits: interaction, note, agreement, task */
	const char *kinds[] = {"interaction", "note", "agreement", "task"};
	while (seen != 15) {
		PGnotify *n = w_next_notice(l, 10000);
		cr_assert_not_null(n, "missing notices within 10 s (seen %#x)", seen);
		w_assert_clean_payload(n->extra);
		char *kind = dbt_value(dbt.super, "SELECT $1::jsonb->>'kind'", 1, (const char *[]){n->extra});
		for (int i = 0; i < 4; i++)
			if (strcmp(kind, kinds[i]) == 0)
				seen |= 1 << i;
		free(kind);
		PQfreemem(n);
	}
	free(id);
	PQfinish(c);
	PQfinish(l);
}

Test(work_items, working_days_left_counts_like_working_days_between)
{
	/* The arithmetic count agrees with a day-by-day one, around every
	 * holiday and over longer spans. */
	w_assert_value(dbt.super,
	               "SELECT count(*) FROM ("
	               "  SELECT h.day - 3 AS lo, n FROM loket.holiday h, generate_series(0, 14) AS n "
	               "  UNION ALL "
	               "  SELECT g::date, n FROM generate_series(date '2025-01-01', date '2030-12-01', interval '29 days') AS g, "
	               "         unnest(ARRAY[0, 1, 5, 6, 7, 8, 20, 45, 90]) AS n) AS x "
	               "WHERE loket.working_days_between(x.lo, x.lo + x.n) <> (SELECT count(*) FROM "
	               "  generate_series(x.lo + 1, x.lo + x.n, interval '1 day') d WHERE loket.is_working_day(d::date))",
	               0, NULL, "0");
	w_assert_value(dbt.super,
	               "SELECT concat_ws(' ', loket.case_days_left(loket.today_nl()), "
	               "  loket.case_days_left(NULL), "
	               "  loket.case_days_left(loket.add_working_days(loket.today_nl(), 3)), "
	               "  loket.case_days_left(loket.today_nl() - 7) = -loket.working_days_between(loket.today_nl() - 7, loket.today_nl()))",
	               0, NULL, "0 3 t");
}

Test(work_items, holidays_are_known_from_2000_to_2099)
{
	/* Every year has them, from New Year's Day 2000 to Boxing Day 2099.
	 * (Two may fall on one day: Ascension Day was on 5 May in 2016.) */
	w_assert_value(dbt.super,
	               "SELECT concat_ws(' ', count(DISTINCT extract(year FROM day)), min(day), max(day)) "
	               "FROM loket.holiday WHERE day BETWEEN '2000-01-01' AND '2099-12-31'",
	               0, NULL, "100 2000-01-01 2099-12-26");
	/* Easter Monday 2045 is 10 April, Ascension Day 2045 is 18 May, and
	 * Queen's Day 2006 was on Saturday 29 April (the 30th was a Sunday):
	 * the days around them count one working day less. */
	w_assert_value(dbt.super,
	               "SELECT concat_ws(' ', loket.working_days_between('2045-04-07', '2045-04-11'), "
	               "  loket.working_days_between('2045-05-17', '2045-05-19'), "
	               "  (SELECT name_nl FROM loket.holiday WHERE day = '2006-04-29'), "
	               "  (SELECT name_nl FROM loket.holiday WHERE day = '2099-04-27'), "
	               "  loket.working_days_between('2031-12-24', '2031-12-30'))",
	               0, NULL, "1 1 Koninginnedag Koningsdag 2");
	/* The table and the console's own calendar (core/workday.c) name the
	 * same days, every one of the hundred years. */
	PGresult *r = dbt_ok(dbt.super,
	                     "SELECT extract(year FROM day)::int, extract(month FROM day)::int, "
	                     "extract(day FROM day)::int FROM loket.holiday "
	                     "WHERE day BETWEEN '2000-01-01' AND '2099-12-31' ORDER BY day",
	                     0, NULL);
	int row = 0, days = 0;
	for (struct core_date d = {2000, 1, 1}; d.y < 2100; d = core_date_add_days(d, 1)) {
		if (!core_is_dutch_holiday(d.y, d.m, d.d))
			continue;
		days++;
		cr_assert_lt(row, PQntuples(r), "%04d-%02d-%02d is not in loket.holiday", d.y, d.m, d.d);
		cr_assert(atoi(PQgetvalue(r, row, 0)) == d.y && atoi(PQgetvalue(r, row, 1)) == d.m &&
		              atoi(PQgetvalue(r, row, 2)) == d.d,
		          "%04d-%02d-%02d: loket.holiday has %s-%s-%s here", d.y, d.m, d.d, PQgetvalue(r, row, 0),
		          PQgetvalue(r, row, 1), PQgetvalue(r, row, 2));
		row++;
	}
	cr_expect_eq(row, PQntuples(r), "loket.holiday has %d days the calendar does not", PQntuples(r) - row);
	cr_expect_eq(days, 1098);
	PQclear(r);
}

Test(contact_log, client_ids_are_time_ordered_version_7)
{
	/* Contact ids made by the client (db_uuid_new) sort by time, so that
	 * contacts and notes land at the right edge of their key's index. */
	char a[37], b[37];
	cr_assert(db_uuid_new(a));
	/* Make ids until the clock has moved on a millisecond (5 s at most). */
	struct timespec t0, now;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		cr_assert(db_uuid_new(b));
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (strncmp(a, b, 13) == 0 && now.tv_sec - t0.tv_sec < 5);
	cr_expect_eq(a[14], '7', "version nibble of %s", a);
	cr_expect(strchr("89ab", a[19]) != NULL, "variant of %s", a);
	cr_expect_lt(strcmp(a, b), 0, "%s sorts before %s", a, b);
	const char *p[] = {a};
	char *ms = dbt_value(dbt.super,
	                     "SELECT abs(extract(epoch FROM clock_timestamp()) * 1000"
	                     " - ('x' || translate(left($1, 13), '-', ''))::bit(48)::bigint) < 60000",
	                     1, p);
	cr_expect_str_eq(ms, "t", "the first 48 bits of %s are the time in milliseconds", a);
	free(ms);
}
