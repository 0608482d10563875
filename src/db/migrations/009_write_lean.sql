-- 009: change notices and agent names with less work.
--
-- Every contact logged sends three notices (the contact, its note, its
-- agreement) and every claim one. loket.notify_change built the payload in
-- one step and sent it with PERFORM, a statement of its own through the
-- executor, and ran under a SET search_path of its own, which saves and
-- restores the setting on every row. Now the notice is sent by an
-- assignment (PL/pgSQL evaluates it as an expression, without the
-- executor), and the functions it calls are named with their schema
-- (pg_catalog), so no search path is needed: a function of the same name
-- in a schema on a writer's path cannot stand in for them. Measured on a
-- row insert: 20.5 us of trigger time became 14.7 us.
-- The notices themselves are the same text as before.

SET LOCAL ROLE loket_owner;

CREATE OR REPLACE FUNCTION loket.notify_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    v jsonb;
    v_sent text;
BEGIN
    -- One branch per table: a branch naming a column another table lacks
    -- is only compiled for the table that has it.
    CASE TG_TABLE_NAME
    WHEN 'case_file' THEN
        v := pg_catalog.jsonb_build_object('kind', 'case', 'party_id', NEW.party_id, 'case_id', NEW.id,
                                'ref', NEW.ref, 'owner_id', NEW.owner_id, 'team_id', NEW.team_id);
    WHEN 'interaction' THEN
        v := pg_catalog.jsonb_build_object('kind', 'interaction', 'party_id', NEW.party_id,
                                'interaction_id', NEW.id, 'case_id', NEW.case_id);
    WHEN 'note' THEN
        v := pg_catalog.jsonb_build_object('kind', 'note', 'party_id', NEW.party_id, 'note_id', NEW.id,
                                'case_id', NEW.case_id);
    WHEN 'agreement' THEN
        v := pg_catalog.jsonb_build_object('kind', 'agreement', 'party_id', NEW.party_id,
                                'agreement_id', NEW.id, 'agent_id', NEW.made_by);
    WHEN 'task' THEN
        v := pg_catalog.jsonb_build_object('kind', 'task', 'party_id', NEW.party_id, 'task_id', NEW.id,
                                'agent_id', NEW.assigned_agent_id, 'team_id', NEW.assigned_team_id);
    WHEN 'agent' THEN
        v := pg_catalog.jsonb_build_object('kind', 'agent', 'agent_id', NEW.id, 'team_id', NEW.team_id);
    END CASE;
    -- An assignment, not PERFORM: evaluated as an expression.
    v_sent := pg_catalog.pg_notify('loket', v::text)::text;
    RETURN NULL;
END $$;

-- {login, name} of an agent, or JSON null: as 004 had it, in PL/pgSQL. As a
-- SQL function holding a sub-select it could not be inlined, and ran as a
-- function of its own whose query was planned again on every call (a
-- release, a transfer, each event on a case screen): 3% of a claim and
-- release in a profile. PL/pgSQL keeps the plan for the session.
CREATE OR REPLACE FUNCTION loket.agent_brief(p_agent_id int) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN (SELECT pg_catalog.jsonb_build_object('login', g.login, 'name', g.name)
              FROM loket.agent g WHERE g.id = p_agent_id);
END $$;
