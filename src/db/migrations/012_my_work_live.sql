-- 012: my work, live.
--
-- The home screen read api.my_work() once, and again on every notice of
-- any case, agreement or callback in the whole centre. Its queue lines
-- (waiting, longest wait) did not change while the agent looked at them:
-- queue items send no notices, and re-reading my work every few seconds
-- would write an access-log row each time (it shows customers' names).
--
-- * api.my_queues(): the queue lines alone. Counts and waits only, no
--   personal data, so no access-log row: the console reads them every few
--   seconds while my work is on screen. my_work's queue lines come from
--   the same function (loket.team_queues).
-- * api.whoami() also gives the agent's team id, which notices carry: the
--   console re-reads my work only for a notice about its agent or team.

SET LOCAL ROLE loket_owner;
SET LOCAL search_path = loket, ext, pg_temp;

-- The queues team `p_team_id` serves, by code: waiting items, the longest
-- wait in seconds, and the service level's threshold and target.
CREATE FUNCTION loket.team_queues(p_team_id int) RETURNS jsonb
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'code', q.code, 'name', q.name, 'channel', q.channel,
               'waiting', w.waiting, 'longest_wait_seconds', w.longest,
               'sla_seconds', q.sla_seconds, 'sla_target', q.sla_target)
               ORDER BY q.code), '[]')
      FROM loket.queue q
      CROSS JOIN LATERAL (
          SELECT count(*)::int AS waiting,
                 floor(extract(epoch FROM now() - min(i.enqueued_at)))::int AS longest
            FROM loket.queue_item i
           WHERE i.queue_id = q.id AND i.answered_at IS NULL AND i.abandoned_at IS NULL) w
     WHERE q.team_id = p_team_id;
$$;
REVOKE ALL ON FUNCTION loket.team_queues(int) FROM PUBLIC;

CREATE FUNCTION api.my_queues() RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    a loket.agent := loket.me();
BEGIN
    RETURN jsonb_build_object('queues', loket.team_queues(a.team_id));
END $$;
REVOKE ALL ON FUNCTION api.my_queues() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.my_queues() TO loket_agent;

-- As in 004, with the queue lines from loket.team_queues.
CREATE OR REPLACE FUNCTION api.my_work() RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    a loket.agent := loket.me();
    v_tomorrow timestamptz := ((loket.today_nl() + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam');
    v_cases jsonb;
    v_agreements jsonb;
    v_tasks jsonb;
    v_count int;
BEGIN
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'ref', c.ref, 'subject', c.subject, 'status', c.status, 'due_on', c.due_on,
               'working_days_left', loket.case_days_left(c.due_on),
               'party_id', p.id, 'party_name', loket.party_display_name(p))
               ORDER BY c.due_on NULLS LAST, c.priority, c.ref), '[]')
      INTO v_cases
      FROM loket.case_file c JOIN loket.party p ON p.id = c.party_id
     WHERE c.owner_id = a.id AND c.closed_at IS NULL;

    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'id', g.id, 'kind', g.kind, 'due_at', g.due_at,
               'party_id', p.id, 'party_name', loket.party_display_name(p),
               'overdue', g.due_at < now())
               ORDER BY g.due_at, g.id), '[]')
      INTO v_agreements
      FROM loket.agreement g JOIN loket.party p ON p.id = g.party_id
     WHERE g.made_by = a.id AND g.status = 'open' AND g.due_at < v_tomorrow;

    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'id', k.id, 'reason', k.reason, 'due_at', k.due_at,
               'party_id', p.id, 'party_name', loket.party_display_name(p),
               'assigned', coalesce((SELECT g.login FROM loket.agent g WHERE g.id = k.assigned_agent_id),
                                    (SELECT t.code FROM loket.team t WHERE t.id = k.assigned_team_id)))
               ORDER BY k.due_at NULLS LAST, k.id), '[]')
      INTO v_tasks
      FROM loket.task k JOIN loket.party p ON p.id = k.party_id
     WHERE k.status = 'todo'
       AND (k.assigned_agent_id = a.id OR (a.team_id IS NOT NULL AND k.assigned_team_id = a.team_id));

    v_count := jsonb_array_length(v_cases) + jsonb_array_length(v_agreements) + jsonb_array_length(v_tasks);
    PERFORM loket.log_access(a, 'search', NULL, p_query_kind => 'my_work', p_result_count => v_count);
    RETURN jsonb_build_object('cases', v_cases, 'agreements', v_agreements,
                              'tasks', v_tasks, 'queues', loket.team_queues(a.team_id));
END $$;

-- As in 002, with the team's id.
CREATE OR REPLACE FUNCTION api.whoami() RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    a loket.agent := loket.me();
BEGIN
    RETURN (SELECT jsonb_build_object('id', a.id, 'login', a.login, 'name', a.name, 'role', a.role,
                                      'team', t.code, 'team_id', a.team_id, 'team_name', t.name,
                                      'state', a.state, 'state_since', a.state_since)
              FROM (SELECT 1) AS one LEFT JOIN loket.team t ON t.id = a.team_id);
END $$;

-- Every api function runs with the settings 006 and 008 gave them all (a
-- replaced function keeps only the settings its new definition names).
ALTER FUNCTION api.my_queues() SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET jit = off;
ALTER FUNCTION api.my_work() SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET jit = off;
ALTER FUNCTION api.whoami() SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET jit = off;
RESET ROLE;
ALTER FUNCTION api.my_queues() SET loket.view_touched = '';
ALTER FUNCTION api.my_work() SET loket.view_touched = '';
ALTER FUNCTION api.whoami() SET loket.view_touched = '';
