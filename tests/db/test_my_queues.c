/* test_my_queues.c — api.my_queues(): the queue lines of my work, read
 * every few seconds while my work is on screen. They hold counts only, so
 * they write no access-log row; they are the same lines my_work gives;
 * an auditor (no work list) may not read them. api.whoami() names the
 * team's id, as notices do. */
#include "harness.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

TestSuite(my_queues, .init = dbt_setup, .fini = dbt_teardown, .timeout = 60);

static long mq_count(const char *sql)
{
	return dbt_long(dbt.super, sql, 0, NULL);
}

Test(my_queues, gives_my_teams_queue_lines_as_my_work_does_and_logs_nothing)
{
	const char *me = dbt_agent("agent", "kcc");
	dbt_agent("agent", "wmo");
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.queue (code, name, channel, team_id, sla_seconds, sla_target) "
	               "SELECT 'kcc-phone', 'KCC telefoon', 'phone', id, 30, 0.8 FROM loket.team "
	               "WHERE code = 'kcc' UNION ALL SELECT 'wmo-mail', 'WMO e-mail', 'email', id, "
	               "172800, 0.9 FROM loket.team WHERE code = 'wmo'",
	               0, NULL));
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.queue_item (queue_id, enqueued_at, answered_at) "
	               "SELECT q.id, now() - v.w, v.ans FROM loket.queue q, (VALUES "
	               "(interval '95 seconds', NULL::timestamptz), (interval '10 seconds', NULL), "
	               "(interval '500 seconds', now())) AS v(w, ans) WHERE q.code = 'kcc-phone' "
	               "UNION ALL SELECT id, now(), NULL FROM loket.queue WHERE code = 'wmo-mail'",
	               0, NULL));
	PGconn *c = dbt_connect(me);
	long logs = mq_count("SELECT count(*) FROM loket.access_log");
	char *q = dbt_value(c, "SELECT api.my_queues()", 0, NULL);
	cr_assert_eq(mq_count("SELECT count(*) FROM loket.access_log"), logs,
	             "reading the queue lines wrote to the access log");
	char *w = dbt_value(c, "SELECT api.my_work()", 0, NULL);
	const char *p[] = {q, w};
	char *same = dbt_value(dbt.super,
	                       "SELECT ($1::jsonb->'queues' #- '{0,longest_wait_seconds}') = "
	                       "($2::jsonb->'queues' #- '{0,longest_wait_seconds}')",
	                       2, p);
	cr_assert_str_eq(same, "t", "my_queues %s differs from my_work's %s", q, w);
	char *line = dbt_value(dbt.super,
	                       "SELECT string_agg(concat_ws(' ', x->>'code', x->>'waiting', "
	                       "(x->>'longest_wait_seconds')::int BETWEEN 95 AND 200), ',') "
	                       "FROM jsonb_array_elements($1::jsonb->'queues') AS x",
	                       1, p);
	cr_assert_str_eq(line, "kcc-phone 2 t");
	free(line);
	free(same);
	free(w);
	free(q);
	PQfinish(c);
}

Test(my_queues, an_auditor_may_not_read_them)
{
	const char *auditor = dbt_agent("auditor", "audit");
	PGconn *c = dbt_connect(auditor);
	const char *state = dbt_fails(c, "SELECT api.my_queues()", 0, NULL, NULL, 0);
	cr_assert_str_eq(state, "42501");
	PQfinish(c);
}

Test(my_queues, whoami_names_the_team_id_notices_carry)
{
	const char *me = dbt_agent("agent", "kcc");
	PGconn *c = dbt_connect(me);
	char *who = dbt_value(c, "SELECT api.whoami()->>'team_id'", 0, NULL);
	char *team = dbt_value(dbt.super, "SELECT id FROM loket.team WHERE code = 'kcc'", 0, NULL);
	cr_assert_str_eq(who, team);
	free(who);
	free(team);
	PQfinish(c);
}
