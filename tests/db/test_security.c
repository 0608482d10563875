/* test_security.c — the security model: agents and the other group roles
 * reach no table, only api functions; every api function is SECURITY
 * DEFINER with a fixed search_path, owned by loket_owner and not executable
 * by PUBLIC; append-only tables refuse changes even from their owner; and
 * api.agent_add makes safe login roles. */
#include "harness.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void sec_setup(void)
{
	dbt_setup();
}

static void sec_teardown(void)
{
	dbt_teardown();
}

static void sec_exec(PGconn *c, const char *sql, int n, const char *const *params)
{
	PQclear(dbt_ok(c, sql, n, params));
}

static void sec_assert_value(PGconn *c, const char *sql, int n, const char *const *params, const char *want)
{
	char *v = dbt_value(c, sql, n, params);
	cr_assert_str_eq(v, want, "%s\n  got \"%s\", want \"%s\"", sql, v, want);
	free(v);
}

/* A connection as `login` must get 42501 for `sql`. */
static void sec_denied(PGconn *c, const char *login, const char *sql)
{
	char msg[512];
	const char *state = dbt_fails(c, sql, 0, NULL, msg, sizeof msg);
	cr_assert_str_eq(state, "42501", "%s: %s got %s (%s)", login, sql, state, msg);
}

/* The group role `role` (through a fresh agent of that role) can neither
 * read nor change any table of schema loket, and holds no privilege on any. */
static void sec_no_table_access(const char *role)
{
	char login[64];
	snprintf(login, sizeof login, "%s", dbt_agent(role, "kcc"));
	PGconn *c = dbt_connect(login);

	/* Statements built on the server from the catalogue, identifiers quoted there. */
	PGresult *t = dbt_ok(dbt.super,
	                     "SELECT 'SELECT * FROM ' || q.t || ' LIMIT 1', "
	                     "       'INSERT INTO ' || q.t || ' DEFAULT VALUES', "
	                     "       'UPDATE ' || q.t || ' SET ' || q.col || ' = ' || q.col, "
	                     "       'DELETE FROM ' || q.t "
	                     "FROM (SELECT quote_ident(p.schemaname) || '.' || quote_ident(p.tablename) AS t, "
	                     "             (SELECT quote_ident(a.attname) FROM pg_attribute a "
	                     "               WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
	                     "               ORDER BY a.attnum LIMIT 1) AS col "
	                     "        FROM pg_tables p "
	                     "        JOIN pg_class c ON c.relname = p.tablename "
	                     "        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = p.schemaname "
	                     "       WHERE p.schemaname = 'loket') AS q ORDER BY q.t",
	                     0, NULL);
	int tables = PQntuples(t);
	cr_assert(tables >= 20, "only %d tables in schema loket?", tables);
	for (int i = 0; i < tables; i++)
		for (int j = 0; j < 4; j++)
			sec_denied(c, login, PQgetvalue(t, i, j));
	PQclear(t);

	const char *p[] = {login};
	sec_assert_value(dbt.super,
	                 "SELECT coalesce(string_agg(p.tablename || ':' || v.priv, ', '), 'none') "
	                 "FROM pg_tables p, unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', "
	                 "                               'REFERENCES', 'TRIGGER']) AS v(priv) "
	                 "WHERE p.schemaname = 'loket' "
	                 "  AND has_table_privilege($1, quote_ident(p.schemaname) || '.' || quote_ident(p.tablename), v.priv)",
	                 1, p, "none");
	sec_assert_value(dbt.super,
	                 "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
	                 "WHERE n.nspname = 'loket' AND c.relkind = 'S' "
	                 "  AND (has_sequence_privilege($1, c.oid, 'USAGE') OR has_sequence_privilege($1, c.oid, 'SELECT') "
	                 "       OR has_sequence_privilege($1, c.oid, 'UPDATE'))",
	                 1, p, "0");
	sec_assert_value(dbt.super, "SELECT has_schema_privilege($1, 'loket', 'USAGE')", 1, p, "f");
	/* Not a single function of schema loket either: only api. */
	sec_assert_value(dbt.super,
	                 "SELECT coalesce(string_agg(p.oid::regprocedure::text, ', '), 'none') FROM pg_proc p "
	                 "WHERE p.pronamespace = 'loket'::regnamespace AND has_function_privilege($1, p.oid, 'EXECUTE')",
	                 1, p, "none");
	PQfinish(c);
}

TestSuite(sec_tables, .init = sec_setup, .fini = sec_teardown, .timeout = 60);

Test(sec_tables, an_agent_role_cannot_touch_any_table)
{
	sec_no_table_access("agent");
}

Test(sec_tables, a_supervisor_role_cannot_touch_any_table)
{
	sec_no_table_access("supervisor");
}

Test(sec_tables, an_auditor_role_cannot_touch_any_table)
{
	sec_no_table_access("auditor");
}

Test(sec_tables, an_admin_role_cannot_touch_any_table)
{
	sec_no_table_access("admin");
}

Test(sec_tables, an_integration_role_cannot_touch_any_table)
{
	sec_no_table_access("integration");
}

/* A row in each append-only table; returns nothing, fails on error. */
static void sec_fill_append_only_tables(void)
{
	char login[64];
	snprintf(login, sizeof login, "%s", dbt_agent("agent", "kcc"));
	const char *p[] = {login};
	sec_exec(dbt.super,
	         "WITH a AS (SELECT id, team_id FROM loket.agent WHERE login = $1), "
	         "p AS (INSERT INTO loket.party (kind, surname) VALUES ('person', 'Berg') RETURNING id), "
	         "ct AS (INSERT INTO loket.case_type VALUES ('woz', 'WOZ-bezwaar', 30) RETURNING code), "
	         "c AS (INSERT INTO loket.case_file (ref, party_id, case_type, subject) "
	         "      SELECT 'Z-2026-000001', p.id, ct.code, 'Bezwaar' FROM p, ct RETURNING id, party_id), "
	         "ce AS (INSERT INTO loket.case_event (case_id, party_id, kind, by_agent_id) "
	         "       SELECT c.id, c.party_id, 'opened', a.id FROM c, a RETURNING id), "
	         "n AS (INSERT INTO loket.note (id, party_id, body, agent_id) "
	         "      SELECT gen_random_uuid(), p.id, 'Notitie', a.id FROM p, a RETURNING id), "
	         "al AS (INSERT INTO loket.access_log (agent_id, party_id, action) "
	         "       SELECT a.id, p.id, 'open' FROM p, a RETURNING id), "
	         "se AS (INSERT INTO loket.agent_state_event (agent_id, state, previous) "
	         "       SELECT a.id, 'available', 'offline' FROM a RETURNING id), "
	         "q AS (INSERT INTO loket.queue (code, name, channel, team_id, sla_seconds, sla_target) "
	         "      SELECT 'kcc-phone', 'KCC', 'phone', a.team_id, 30, 0.8 FROM a RETURNING id), "
	         "qi AS (INSERT INTO loket.queue_item (queue_id) SELECT q.id FROM q RETURNING id) "
	         "INSERT INTO loket.queue_event (queue_item_id, kind) SELECT qi.id, 'enqueued' FROM qi",
	         1, p);
}

TestSuite(sec_append_only, .init = sec_setup, .fini = sec_teardown, .timeout = 60);

Test(sec_append_only, append_only_tables_refuse_update_and_delete_even_for_the_owner)
{
	sec_fill_append_only_tables();
	const char *tables[] = {"access_log", "note", "case_event", "agent_state_event", "queue_event"};
	sec_exec(dbt.super, "SET ROLE loket_owner", 0, NULL);
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM loket.%s", tables[i]);
		sec_assert_value(dbt.super, sql, 0, NULL, "1");
		snprintf(sql, sizeof sql, "UPDATE loket.%s SET id = id", tables[i]);
		sec_denied(dbt.super, "loket_owner", sql);
		snprintf(sql, sizeof sql, "DELETE FROM loket.%s", tables[i]);
		sec_denied(dbt.super, "loket_owner", sql);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM loket.%s", tables[i]);
		sec_assert_value(dbt.super, sql, 0, NULL, "1");
	}
	sec_exec(dbt.super, "RESET ROLE", 0, NULL);
}

/* Functions ---------------------------------------------------------------- */

TestSuite(sec_functions, .init = sec_setup, .fini = sec_teardown, .timeout = 60);

Test(sec_functions, an_agent_cannot_execute_agent_add_or_team_add)
{
	char login[64];
	snprintf(login, sizeof login, "%s", dbt_agent("supervisor", "kcc"));
	PGconn *c = dbt_connect(login);
	sec_denied(c, login, "SELECT api.agent_add('someone_new', 'Someone', 'admin', 'kcc')");
	sec_denied(c, login, "SELECT api.team_add('newteam', 'New team')");
	sec_assert_value(dbt.super, "SELECT count(*) FROM loket.team WHERE code = 'newteam'", 0, NULL, "0");
	sec_assert_value(dbt.super, "SELECT count(*) FROM pg_roles WHERE rolname = 'someone_new'", 0, NULL, "0");
	PQfinish(c);
}

Test(sec_functions, every_api_function_runs_with_generic_plans_no_scans_and_no_jit)
{
	/* The settings 006 gives them (see its end); a function added later
	 * without them would re-plan on every call or start a JIT compilation
	 * on a server with jit on. */
	sec_assert_value(dbt.super,
	                 "SELECT coalesce(string_agg(p.oid::regprocedure::text, ', '), 'none') FROM pg_proc p "
	                 "WHERE p.pronamespace = 'api'::regnamespace AND NOT (coalesce(p.proconfig, '{}') "
	                 "@> ARRAY['plan_cache_mode=force_generic_plan', 'enable_seqscan=off', 'jit=off'])",
	                 0, NULL, "none");
}

Test(sec_functions, no_api_function_is_executable_by_public)
{
	/* A NULL acl means the default: EXECUTE for PUBLIC. */
	sec_assert_value(dbt.super,
	                 "SELECT coalesce(string_agg(p.oid::regprocedure::text, ', '), 'none') FROM pg_proc p "
	                 "WHERE p.pronamespace = 'api'::regnamespace AND (p.proacl IS NULL OR EXISTS ("
	                 "  SELECT 1 FROM aclexplode(p.proacl) x WHERE x.grantee = 0 AND x.privilege_type = 'EXECUTE'))",
	                 0, NULL, "none");

	/* A login role in no group can call none of them. */
	const char *nobody = dbt_unique("nogroup");
	char sql[160];
	snprintf(sql, sizeof sql, "CREATE ROLE \"%s\" LOGIN", nobody);
	sec_exec(dbt.super, sql, 0, NULL);
	const char *p[] = {nobody};
	sec_assert_value(dbt.super,
	                 "SELECT coalesce(string_agg(p.oid::regprocedure::text, ', '), 'none') FROM pg_proc p "
	                 "WHERE p.pronamespace = 'api'::regnamespace AND has_function_privilege($1, p.oid, 'EXECUTE')",
	                 1, p, "none");
	PGconn *c = dbt_connect(nobody);
	sec_denied(c, nobody, "SELECT api.whoami()");
	sec_denied(c, nobody, "SELECT api.case_claim('Z-2026-000001')");
	PQfinish(c);
	snprintf(sql, sizeof sql, "DROP ROLE \"%s\"", nobody);
	sec_exec(dbt.super, sql, 0, NULL);
}

Test(sec_functions, every_api_function_is_security_definer_with_search_path_owned_by_loket_owner)
{
	sec_assert_value(dbt.super, "SELECT count(*) >= 16 FROM pg_proc WHERE pronamespace = 'api'::regnamespace", 0,
	                 NULL, "t");
	sec_assert_value(dbt.super,
	                 "SELECT coalesce(string_agg(p.oid::regprocedure::text, ', '), 'none') FROM pg_proc p "
	                 "WHERE p.pronamespace = 'api'::regnamespace "
	                 "  AND NOT (p.prosecdef AND p.proowner = 'loket_owner'::regrole "
	                 "           AND 'search_path=loket, ext, pg_temp' = ANY (coalesce(p.proconfig, '{}')))",
	                 0, NULL, "none");
}

Test(sec_functions, a_write_function_is_granted_to_agents_and_not_to_auditors)
{
	char agent[64], auditor[64];
	snprintf(agent, sizeof agent, "%s", dbt_agent("agent", "kcc"));
	snprintf(auditor, sizeof auditor, "%s", dbt_agent("auditor", "kcc"));
	const char *p[] = {agent, auditor};
	sec_assert_value(dbt.super,
	                 "SELECT has_function_privilege($1, 'api.contact_log(uuid, jsonb)', 'EXECUTE')::text || ' ' || "
	                 "       has_function_privilege($2, 'api.contact_log(uuid, jsonb)', 'EXECUTE')::text || ' ' || "
	                 "       has_function_privilege($2, 'api.case_claim(text)', 'EXECUTE')::text || ' ' || "
	                 "       has_function_privilege($2, 'api.team_list()', 'EXECUTE')::text",
	                 2, p, "true false false true");
	PGconn *c = dbt_connect(auditor);
	sec_denied(c, auditor, "SELECT api.my_work()");
	PQfinish(c);
}

/* agent_add ------------------------------------------------------------------ */

TestSuite(sec_agent_add, .init = sec_setup, .fini = sec_teardown, .timeout = 60);

Test(sec_agent_add, agent_add_creates_a_login_role_in_loket_agent_with_no_table_privileges)
{
	char admin[64], login[64];
	snprintf(admin, sizeof admin, "%s", dbt_agent("admin", "kcc"));
	snprintf(login, sizeof login, "%s", dbt_unique("nw"));
	PGconn *c = dbt_connect(admin);
	const char *args[] = {login, "Nieuwe Collega", "agent", "kcc"};
	sec_exec(c, "SELECT api.agent_add($1, $2, $3, $4)", 4, args);
	PQfinish(c);

	const char *p[] = {login};
	sec_assert_value(dbt.super,
	                 "SELECT concat_ws(' ', rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls) "
	                 "FROM pg_roles WHERE rolname = $1",
	                 1, p, "t f f f f");
	sec_assert_value(dbt.super,
	                 "SELECT string_agg(r.rolname, ',' ORDER BY r.rolname) FROM pg_auth_members m "
	                 "JOIN pg_roles r ON r.oid = m.roleid WHERE m.member = $1::regrole",
	                 1, p, "loket_agent");
	sec_assert_value(dbt.super,
	                 "SELECT count(*) FROM pg_tables t, unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) v(priv) "
	                 "WHERE t.schemaname = 'loket' "
	                 "  AND has_table_privilege($1, quote_ident(t.schemaname) || '.' || quote_ident(t.tablename), v.priv)",
	                 1, p, "0");
	sec_assert_value(dbt.super,
	                 "SELECT a.name || ' ' || a.role || ' ' || t.code FROM loket.agent a JOIN loket.team t "
	                 "ON t.id = a.team_id WHERE a.login = $1",
	                 1, p, "Nieuwe Collega agent kcc");

	/* The new login works, as an agent. */
	PGconn *n = dbt_connect(login);
	sec_assert_value(n, "SELECT api.whoami()->>'role'", 0, NULL, "agent");
	PQfinish(n);
}

Test(sec_agent_add, a_bad_login_is_refused_and_no_role_is_created)
{
	char admin[64];
	snprintf(admin, sizeof admin, "%s", dbt_agent("admin", "kcc"));
	PGconn *c = dbt_connect(admin);
	const char *bad[] = {"Robert\"; drop", "pg_x", "", "loket_owner", "postgres"};
	long agents = dbt_long(dbt.super, "SELECT count(*) FROM loket.agent", 0, NULL);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *args[] = {bad[i], "Robert", "agent", "kcc"};
		char msg[512];
		const char *state = dbt_fails(c, "SELECT api.agent_add($1, $2, $3, $4)", 4, args, msg, sizeof msg);
		cr_assert_str_eq(state, "LK422", "login \"%s\": %s (%s)", bad[i], state, msg);
	}
	cr_assert_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.agent", 0, NULL), agents);
	/* Roles are cluster-wide and other tests create some meanwhile: look
	 * for these names only. */
	sec_assert_value(dbt.super, "SELECT count(*) FROM pg_roles WHERE rolname IN ('Robert\"; drop', 'pg_x', '')", 0,
	                 NULL, "0");
	PQfinish(c);
}

Test(sec_agent_add, changing_an_agents_role_moves_the_group_membership)
{
	char login[64];
	snprintf(login, sizeof login, "%s", dbt_unique("nw"));
	const char *p[] = {login};
	const char *groups = "SELECT string_agg(r.rolname, ',' ORDER BY r.rolname) FROM pg_auth_members m "
	                     "JOIN pg_roles r ON r.oid = m.roleid WHERE m.member = $1::regrole";
	sec_exec(dbt.super, "SELECT api.team_add('kcc', 'KCC')", 0, NULL);

	const char *as_agent[] = {login, "Wisselende Rol", "agent", "kcc"};
	sec_exec(dbt.super, "SELECT api.agent_add($1, $2, $3, $4)", 4, as_agent);
	sec_assert_value(dbt.super, groups, 1, p, "loket_agent");

	const char *as_supervisor[] = {login, "Wisselende Rol", "supervisor", "kcc"};
	sec_exec(dbt.super, "SELECT api.agent_add($1, $2, $3, $4)", 4, as_supervisor);
	sec_assert_value(dbt.super, groups, 1, p, "loket_supervisor");
	/* A supervisor is an agent too, through loket_supervisor. */
	sec_assert_value(dbt.super, "SELECT pg_has_role($1, 'loket_agent', 'USAGE')", 1, p, "t");

	const char *as_auditor[] = {login, "Wisselende Rol", "auditor", "kcc"};
	sec_exec(dbt.super, "SELECT api.agent_add($1, $2, $3, $4)", 4, as_auditor);
	sec_assert_value(dbt.super, groups, 1, p, "loket_auditor");
	sec_assert_value(dbt.super, "SELECT pg_has_role($1, 'loket_agent', 'USAGE')", 1, p, "f");
	sec_assert_value(dbt.super, "SELECT role FROM loket.agent WHERE login = $1", 1, p, "auditor");
}
