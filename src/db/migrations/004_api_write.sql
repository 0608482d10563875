-- 004: the write side of schema api — case ownership and status, the case
-- screen, logging a contact (afhandeling) in one idempotent call,
-- agreements, tasks, agent state, "my work", completion lists, and the
-- triggers that NOTIFY listeners with ids only.
--
-- Patterns as in 002: SECURITY DEFINER, owned by loket_owner, fixed
-- search_path, EXECUTE revoked from PUBLIC and granted per group role; the
-- caller is session_user through loket.me(). Errors use the LK SQLSTATEs of
-- 002. Day boundaries are Europe/Amsterdam.
--
-- Concurrency: a claim is one conditional UPDATE (the loser of a race waits
-- on the winner's row lock, re-checks the WHERE and finds the case owned);
-- every other change of a case locks its row first (SELECT … FOR UPDATE)
-- and then decides; a contact is keyed by its client-made UUID through
-- INSERT … ON CONFLICT DO NOTHING on contact_request, so a concurrent
-- resend waits for the first transaction and then compares.

SET LOCAL ROLE loket_owner;
SET LOCAL search_path = loket, ext, pg_temp;

-- Private helpers ------------------------------------------------------------

-- Today in Europe/Amsterdam.
CREATE FUNCTION loket.today_nl() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (now() AT TIME ZONE 'Europe/Amsterdam')::date;

-- Working days from today until a case's deadline: 0 when due today,
-- negative when overdue, NULL without a deadline.
CREATE FUNCTION loket.case_days_left(p_due date) RETURNS int
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN p_due IS NULL THEN NULL
                WHEN p_due >= loket.today_nl() THEN loket.working_days_between(loket.today_nl(), p_due)
                ELSE -loket.working_days_between(p_due, loket.today_nl()) END;

-- Text with surrounding white space (tabs, newlines too) removed; NULL when
-- nothing is left.
CREATE FUNCTION loket.text_or_null(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN nullif(regexp_replace(t, '^[[:space:]]+|[[:space:]]+$', '', 'g'), '');

-- A reference typed by an agent, in its stored form ("z-2026-000123 " ->
-- "Z-2026-000123").
CREATE FUNCTION loket.case_ref_norm(p_ref text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN upper(btrim(p_ref));

-- {login, name} of an agent, or JSON null.
CREATE FUNCTION loket.agent_brief(p_agent_id int) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (SELECT jsonb_build_object('login', g.login, 'name', g.name)
              FROM loket.agent g WHERE g.id = p_agent_id);

-- The case row for a reference, locked for the change that follows; LK404
-- when there is none.
CREATE FUNCTION loket.case_lock(p_ref text) RETURNS loket.case_file
    LANGUAGE plpgsql AS $$
DECLARE
    c loket.case_file;
BEGIN
    SELECT * INTO c FROM loket.case_file WHERE ref = loket.case_ref_norm(p_ref) FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'case % not found', coalesce(loket.case_ref_norm(p_ref), '(none)')
            USING ERRCODE = 'LK404';
    END IF;
    RETURN c;
END $$;

-- LK409 naming who owns the case: "case Z-2026-000123 is owned by Name
-- (login) since 2026-03-02 14:05", the owner's login in the DETAIL.
CREATE FUNCTION loket.case_owned_error(c loket.case_file) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    o loket.agent;
BEGIN
    SELECT * INTO o FROM loket.agent WHERE id = c.owner_id;
    RAISE EXCEPTION 'case % is owned by % (%) since %', c.ref, o.name, o.login,
        to_char(c.owned_since AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI')
        USING ERRCODE = 'LK409', DETAIL = o.login;
END $$;

CREATE FUNCTION loket.case_closed_error(c loket.case_file) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'case % is closed', c.ref
        USING ERRCODE = 'LK409',
              DETAIL = 'closed ' || to_char(c.closed_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI');
END $$;

CREATE FUNCTION loket.is_supervisor(a loket.agent) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN a.role IN ('supervisor', 'admin');

-- A timestamp from a contact's payload, or LK422 naming the field.
CREATE FUNCTION loket.contact_ts(p_field text, p_value text) RETURNS timestamptz
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF p_value IS NULL THEN
        RETURN NULL;
    END IF;
    BEGIN
        RETURN p_value::timestamptz;
    EXCEPTION WHEN data_exception THEN
        RAISE EXCEPTION 'contact: % ''%'' is not a date and time (use ISO 8601, e.g. 2026-03-02T14:00+01:00)',
            p_field, p_value USING ERRCODE = 'LK422';
    END;
END $$;

-- Text from a contact's payload: a JSON string (or nothing), else LK422.
CREATE FUNCTION loket.contact_text(p_field text, p_value jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(p_value) <> 'string' THEN
        RAISE EXCEPTION 'contact: % must be a string, not %', p_field, jsonb_typeof(p_value)
            USING ERRCODE = 'LK422';
    END IF;
    RETURN p_value #>> '{}';
END $$;

-- Keys of a payload object that are not in `allowed`, or LK422.
CREATE FUNCTION loket.contact_keys(p_field text, p_obj jsonb, allowed text[]) RETURNS void
    LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    extra text;
BEGIN
    IF jsonb_typeof(p_obj) <> 'object' THEN
        RAISE EXCEPTION 'contact: % must be an object, not %', p_field, jsonb_typeof(p_obj)
            USING ERRCODE = 'LK422';
    END IF;
    SELECT string_agg(quote_literal(k), ', ' ORDER BY k) INTO extra
      FROM jsonb_object_keys(p_obj) AS k WHERE k <> ALL (allowed);
    IF extra IS NOT NULL THEN
        RAISE EXCEPTION 'contact: unknown field(s) % in %; known are: %', extra, p_field,
            array_to_string(allowed, ', ') USING ERRCODE = 'LK422';
    END IF;
END $$;

-- Case ownership ----------------------------------------------------------------

-- Take ownership of an unowned open case.
CREATE FUNCTION api.case_claim(p_ref text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    a loket.agent := loket.me();
    v_ref text := loket.case_ref_norm(p_ref);
    c loket.case_file;
    v_already boolean := false;
BEGIN
    FOR attempt IN 1..3 LOOP
        UPDATE loket.case_file SET owner_id = a.id, owned_since = now()
         WHERE ref = v_ref AND owner_id IS NULL AND closed_at IS NULL
        RETURNING * INTO c;
        EXIT WHEN FOUND;
        -- Lost, or never could: read the row as it is now (a new snapshot,
        -- so a winner that committed while we waited is visible).
        SELECT * INTO c FROM loket.case_file WHERE ref = v_ref;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'case % not found', coalesce(v_ref, '(none)') USING ERRCODE = 'LK404';
        ELSIF c.closed_at IS NOT NULL THEN
            PERFORM loket.case_closed_error(c);
        ELSIF c.owner_id = a.id THEN
            v_already := true;
            EXIT;
        ELSIF c.owner_id IS NOT NULL THEN
            PERFORM loket.case_owned_error(c);
        END IF;
        -- Released again in between: try once more.
    END LOOP;
    IF c.owner_id IS DISTINCT FROM a.id THEN
        RAISE EXCEPTION 'case % could not be claimed: it keeps changing; try again', v_ref
            USING ERRCODE = 'LK409';
    END IF;
    IF NOT v_already THEN
        INSERT INTO loket.case_event (case_id, party_id, kind, by_agent_id, from_owner_id, to_owner_id)
        VALUES (c.id, c.party_id, 'claimed', a.id, NULL, a.id);
        PERFORM loket.log_access(a, 'claim', c.party_id, 'case', p_detail => c.ref);
    END IF;
    RETURN jsonb_build_object('ref', c.ref,
                              'owner', jsonb_build_object('login', a.login, 'name', a.name),
                              'owned_since', c.owned_since,
                              'already', v_already);
END $$;

-- Give a case back: its owner, or a supervisor/admin.
CREATE FUNCTION api.case_release(p_ref text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    a loket.agent := loket.me();
    c loket.case_file := loket.case_lock(p_ref);
BEGIN
    IF c.closed_at IS NOT NULL THEN
        PERFORM loket.case_closed_error(c);
    END IF;
    IF c.owner_id IS NULL THEN
        RAISE EXCEPTION 'case % is not owned by anyone', c.ref USING ERRCODE = 'LK409';
    END IF;
    IF c.owner_id <> a.id AND NOT loket.is_supervisor(a) THEN
        PERFORM loket.case_owned_error(c);
    END IF;
    UPDATE loket.case_file SET owner_id = NULL, owned_since = NULL WHERE id = c.id;
    INSERT INTO loket.case_event (case_id, party_id, kind, by_agent_id, from_owner_id)
    VALUES (c.id, c.party_id, 'released', a.id, c.owner_id);
    PERFORM loket.log_access(a, 'release', c.party_id, 'case', p_detail => c.ref);
    RETURN jsonb_build_object('ref', c.ref, 'owner', NULL,
                              'released_from', loket.agent_brief(c.owner_id));
END $$;

-- Hand a case to another agent or to a team. Allowed for its owner, for
-- anyone while it is unowned, and for supervisors/admins always (then the
-- event is 'reassigned' rather than 'transferred').
CREATE FUNCTION api.case_transfer(p_ref text, p_to_agent text DEFAULT NULL, p_to_team text DEFAULT NULL)
    RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    a loket.agent := loket.me();
    v_agent text := nullif(btrim(p_to_agent), '');
    v_team text := nullif(btrim(p_to_team), '');
    c loket.case_file;
    g loket.agent;
    t loket.team;
    v_from int;
    v_kind text;
BEGIN
    IF (v_agent IS NULL) = (v_team IS NULL) THEN
        RAISE EXCEPTION 'transfer: name exactly one of an agent (login) or a team (code)'
            USING ERRCODE = 'LK422';
    END IF;
    IF v_agent IS NOT NULL THEN
        SELECT * INTO g FROM loket.agent WHERE login = v_agent AND active;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'transfer: no active agent "%"', v_agent USING ERRCODE = 'LK404';
        END IF;
        IF g.role NOT IN ('agent', 'supervisor', 'admin') THEN
            RAISE EXCEPTION 'transfer: "%" has the role % and cannot own cases', g.login, g.role
                USING ERRCODE = 'LK422';
        END IF;
    ELSE
        SELECT * INTO t FROM loket.team WHERE code = v_team;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'transfer: no team "%"', v_team USING ERRCODE = 'LK404';
        END IF;
    END IF;

    c := loket.case_lock(p_ref);
    IF c.closed_at IS NOT NULL THEN
        PERFORM loket.case_closed_error(c);
    END IF;
    IF c.owner_id IS NOT NULL AND c.owner_id <> a.id AND NOT loket.is_supervisor(a) THEN
        PERFORM loket.case_owned_error(c);
    END IF;
    IF g.id IS NOT NULL AND c.owner_id = g.id THEN
        -- Already there: nothing changes, no event.
        RETURN jsonb_build_object('ref', c.ref, 'owner', loket.agent_brief(c.owner_id),
                                  'owned_since', c.owned_since,
                                  'team', (SELECT x.code FROM loket.team x WHERE x.id = c.team_id),
                                  'kind', NULL, 'already', true);
    END IF;
    v_from := c.owner_id;
    v_kind := CASE WHEN loket.is_supervisor(a) AND c.owner_id IS DISTINCT FROM a.id
                   THEN 'reassigned' ELSE 'transferred' END;

    IF g.id IS NOT NULL THEN
        UPDATE loket.case_file SET owner_id = g.id, owned_since = now() WHERE id = c.id
        RETURNING * INTO c;
    ELSE
        UPDATE loket.case_file SET team_id = t.id, owner_id = NULL, owned_since = NULL WHERE id = c.id
        RETURNING * INTO c;
    END IF;
    INSERT INTO loket.case_event (case_id, party_id, kind, by_agent_id, from_owner_id, to_owner_id, to_team_id)
    VALUES (c.id, c.party_id, v_kind, a.id, v_from, g.id, t.id);
    PERFORM loket.log_access(a, 'transfer', c.party_id, 'case', p_detail => c.ref);
    RETURN jsonb_build_object('ref', c.ref, 'owner', loket.agent_brief(c.owner_id),
                              'owned_since', c.owned_since,
                              'team', (SELECT x.code FROM loket.team x WHERE x.id = c.team_id),
                              'kind', v_kind, 'already', false);
END $$;

-- Change a case's status: its owner or a supervisor/admin. Closing needs a
-- result; a closed case does not change any more.
CREATE FUNCTION api.case_set_status(p_ref text, p_status text, p_result text DEFAULT NULL)
    RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    a loket.agent := loket.me();
    c loket.case_file;
    v_status text := lower(btrim(p_status));
    v_result text := loket.text_or_null(p_result);
    v_old text;
BEGIN
    IF v_status IS NULL OR v_status NOT IN ('received', 'in_progress', 'waiting_customer', 'decided', 'closed') THEN
        RAISE EXCEPTION 'case status ''%'' is not one of received, in_progress, waiting_customer, decided, closed',
            p_status USING ERRCODE = 'LK422';
    END IF;
    IF v_status = 'closed' AND v_result IS NULL THEN
        RAISE EXCEPTION 'case result is required to close a case' USING ERRCODE = 'LK422';
    END IF;
    c := loket.case_lock(p_ref);
    IF c.closed_at IS NOT NULL THEN
        PERFORM loket.case_closed_error(c);
    END IF;
    IF c.owner_id IS DISTINCT FROM a.id AND NOT loket.is_supervisor(a) THEN
        IF c.owner_id IS NULL THEN
            RAISE EXCEPTION 'case % is not owned by you: claim it first', c.ref USING ERRCODE = 'LK409';
        END IF;
        PERFORM loket.case_owned_error(c);
    END IF;
    v_old := c.status;
    IF v_old = v_status AND v_result IS NULL THEN
        RETURN jsonb_build_object('ref', c.ref, 'status', c.status, 'old_status', v_old,
                                  'closed_at', c.closed_at, 'result', c.result, 'changed', false);
    END IF;
    UPDATE loket.case_file
       SET status = v_status,
           closed_at = CASE WHEN v_status = 'closed' THEN now() END,
           result = coalesce(v_result, result)
     WHERE id = c.id
    RETURNING * INTO c;
    INSERT INTO loket.case_event (case_id, party_id, kind, by_agent_id, old_status, new_status)
    VALUES (c.id, c.party_id, CASE WHEN v_status = 'closed' THEN 'closed' ELSE 'status' END,
            a.id, v_old, v_status);
    PERFORM loket.log_access(a, 'status', c.party_id, 'case', p_detail => c.ref);
    RETURN jsonb_build_object('ref', c.ref, 'status', c.status, 'old_status', v_old,
                              'closed_at', c.closed_at, 'result', c.result, 'changed', true);
END $$;

-- The case screen. Reading a case reads personal data: without an access id
-- it writes an 'open' row (purpose 'case') and returns its id; with a valid
-- access id for the case's customer it writes nothing.
CREATE FUNCTION api.case_get(p_ref text, p_access_id uuid DEFAULT NULL) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    a loket.agent := loket.me();
    c loket.case_file;
    v_access uuid;
BEGIN
    SELECT * INTO c FROM loket.case_file WHERE ref = loket.case_ref_norm(p_ref);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'case % not found', coalesce(loket.case_ref_norm(p_ref), '(none)')
            USING ERRCODE = 'LK404';
    END IF;
    IF p_access_id IS NULL THEN
        v_access := loket.log_access(a, 'open', c.party_id, 'case', p_detail => c.ref);
    ELSE
        PERFORM loket.access_check(p_access_id, c.party_id);
        v_access := p_access_id;
    END IF;
    RETURN jsonb_build_object(
        'access_id', v_access,
        'id', c.id,
        'ref', c.ref,
        'case_type', c.case_type,
        'case_type_name', (SELECT ct.name FROM loket.case_type ct WHERE ct.code = c.case_type),
        'subject', c.subject,
        'status', c.status,
        'opened_at', c.opened_at,
        'due_on', c.due_on,
        'working_days_left', CASE WHEN c.closed_at IS NULL THEN loket.case_days_left(c.due_on) END,
        'closed_at', c.closed_at,
        'result', c.result,
        'priority', c.priority,
        'confidential', c.confidential,
        'owner', loket.agent_brief(c.owner_id),
        'owned_since', c.owned_since,
        'team', (SELECT jsonb_build_object('code', t.code, 'name', t.name)
                   FROM loket.team t WHERE t.id = c.team_id),
        'party', (SELECT jsonb_build_object('id', p.id, 'name', loket.party_display_name(p))
                    FROM loket.party p WHERE p.id = c.party_id),
        'history', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                       'at', e.at, 'kind', e.kind,
                       'by', coalesce(loket.agent_brief(e.by_agent_id),
                                      jsonb_build_object('login', e.by_login, 'name', NULL)),
                       'from_owner', loket.agent_brief(e.from_owner_id),
                       'to_owner', loket.agent_brief(e.to_owner_id),
                       'to_team', (SELECT t.code FROM loket.team t WHERE t.id = e.to_team_id),
                       'old_status', e.old_status, 'new_status', e.new_status,
                       'detail', e.detail) ORDER BY e.at, e.id)
              FROM loket.case_event e WHERE e.case_id = c.id), '[]'),
        'notes', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                       'id', n.id, 'at', n.created_at, 'body', n.body,
                       'by', loket.agent_brief(n.agent_id),
                       'interaction_id', n.interaction_id, 'corrects', n.corrects)
                       ORDER BY n.created_at, n.id)
              FROM loket.note n WHERE n.case_id = c.id), '[]'),
        'interactions', coalesce((
            SELECT jsonb_agg(jsonb_build_object(
                       'id', i.id, 'at', i.occurred_at, 'channel', i.channel,
                       'direction', i.direction, 'subject', i.subject, 'outcome', i.outcome,
                       'by', coalesce(loket.agent_brief(i.agent_id), to_jsonb(i.actor)),
                       'confidential', i.confidential)
                       ORDER BY i.occurred_at DESC, i.id)
              FROM loket.interaction i WHERE i.case_id = c.id), '[]'));
END $$;

-- Logging a contact (afhandeling) --------------------------------------------

-- The interaction, its note, an agreement and a callback task in one call and
-- one transaction, keyed by the client-made UUID p_id: a resend of the same
-- content by the same agent returns the stored result ("stored": false);
-- other content under a used UUID is refused.
CREATE FUNCTION api.contact_log(p_id uuid, p_contact jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    a loket.agent := loket.me();
    v_req jsonb := jsonb_strip_nulls(p_contact);
    v_party_txt text;
    v_party loket.party;
    prev loket.contact_request;
    v_purpose text := 'contact';
    v_access uuid;
    v_channel text;
    v_direction text;
    v_subject text;
    v_outcome text;
    v_case loket.case_file;
    v_case_ref text;
    v_at timestamptz;
    v_note text;
    ag jsonb;
    v_ag_kind text;
    v_ag_due timestamptz;
    v_ag_desc text;
    tk jsonb;
    v_tk_team loket.team;
    v_tk_agent loket.agent;
    v_tk_reason text;
    v_tk_due timestamptz;
    v_note_id uuid;
    v_agreement_id bigint;
    v_task_id bigint;
    v_result jsonb;
BEGIN
    IF p_id IS NULL THEN
        RAISE EXCEPTION 'contact: id is required (a UUID made by the client)' USING ERRCODE = 'LK422';
    END IF;
    IF v_req IS NULL OR jsonb_typeof(v_req) <> 'object' THEN
        RAISE EXCEPTION 'contact: the contact must be a JSON object' USING ERRCODE = 'LK422';
    END IF;
    PERFORM loket.contact_keys('contact', v_req,
        ARRAY['party_id', 'channel', 'direction', 'subject', 'outcome', 'case_ref',
              'occurred_at', 'note', 'agreement', 'task', 'access_id']);

    -- The customer first: contact_request refers to it.
    IF coalesce(jsonb_typeof(v_req -> 'party_id'), 'null') NOT IN ('number', 'string') THEN
        RAISE EXCEPTION 'contact: party_id is required' USING ERRCODE = 'LK422';
    END IF;
    v_party_txt := v_req ->> 'party_id';
    IF v_party_txt !~ '^[0-9]{1,18}$' THEN
        RAISE EXCEPTION 'contact: party_id ''%'' is not a customer id', v_party_txt USING ERRCODE = 'LK422';
    END IF;
    SELECT * INTO v_party FROM loket.party WHERE id = v_party_txt::bigint;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'contact: party_id % is not a known customer', v_party_txt USING ERRCODE = 'LK422';
    END IF;

    -- Idempotency: claim the UUID. A concurrent first send holds the row
    -- lock; this waits for it to commit (then finds its row) or roll back.
    INSERT INTO loket.contact_request (id, login, party_id, request, result)
    VALUES (p_id, session_user, v_party.id, v_req, '{}')
    ON CONFLICT (id) DO NOTHING;
    IF NOT FOUND THEN
        SELECT * INTO prev FROM loket.contact_request WHERE id = p_id;
        -- The access id only says under which opening it was sent; a resend
        -- after a reconnect may carry a fresh one.
        IF prev.login = session_user AND (prev.request - 'access_id') = (v_req - 'access_id') THEN
            RETURN prev.result || jsonb_build_object('stored', false);
        END IF;
        RAISE EXCEPTION 'contact % was already stored with other content', p_id
            USING ERRCODE = 'LK409';
    END IF;
    IF EXISTS (SELECT 1 FROM loket.interaction WHERE id = p_id)
       OR EXISTS (SELECT 1 FROM loket.note WHERE id = p_id) THEN
        RAISE EXCEPTION 'contact % was already stored with other content', p_id
            USING ERRCODE = 'LK409';
    END IF;

    IF v_party.merged_into IS NOT NULL THEN
        RAISE EXCEPTION 'contact: party_id % was merged into %; log the contact there',
            v_party.id, v_party.merged_into USING ERRCODE = 'LK422';
    END IF;
    IF v_req ? 'access_id' THEN
        BEGIN
            v_access := (v_req ->> 'access_id')::uuid;
        EXCEPTION WHEN data_exception THEN
            RAISE EXCEPTION 'contact: access_id ''%'' is not a UUID', v_req ->> 'access_id'
                USING ERRCODE = 'LK422';
        END;
        v_purpose := (loket.access_check(v_access, v_party.id)).purpose;
    END IF;

    v_channel := loket.contact_text('channel', v_req -> 'channel');
    IF v_channel IS NULL THEN
        RAISE EXCEPTION 'contact: channel is required; it is one of %',
            (SELECT string_agg(code, ', ' ORDER BY sort) FROM loket.channel) USING ERRCODE = 'LK422';
    ELSIF NOT EXISTS (SELECT 1 FROM loket.channel WHERE code = v_channel) THEN
        RAISE EXCEPTION 'contact: channel ''%'' is not one of %', v_channel,
            (SELECT string_agg(code, ', ' ORDER BY sort) FROM loket.channel) USING ERRCODE = 'LK422';
    END IF;
    v_direction := coalesce(loket.contact_text('direction', v_req -> 'direction'), 'in');
    IF v_direction NOT IN ('in', 'out') THEN
        RAISE EXCEPTION 'contact: direction ''%'' is not one of in, out', v_direction USING ERRCODE = 'LK422';
    END IF;
    v_subject := loket.text_or_null(loket.contact_text('subject', v_req -> 'subject'));
    IF v_subject IS NULL THEN
        RAISE EXCEPTION 'contact: subject is required and must not be blank' USING ERRCODE = 'LK422';
    END IF;
    v_outcome := loket.contact_text('outcome', v_req -> 'outcome');
    IF v_outcome IS NULL THEN
        RAISE EXCEPTION 'contact: outcome is required; it is one of %',
            (SELECT string_agg(code, ', ' ORDER BY sort) FROM loket.outcome) USING ERRCODE = 'LK422';
    ELSIF NOT EXISTS (SELECT 1 FROM loket.outcome WHERE code = v_outcome) THEN
        RAISE EXCEPTION 'contact: outcome ''%'' is not one of %', v_outcome,
            (SELECT string_agg(code, ', ' ORDER BY sort) FROM loket.outcome) USING ERRCODE = 'LK422';
    END IF;
    v_case_ref := loket.case_ref_norm(loket.contact_text('case_ref', v_req -> 'case_ref'));
    IF v_case_ref IS NOT NULL THEN
        SELECT * INTO v_case FROM loket.case_file WHERE ref = v_case_ref;
        IF NOT FOUND OR v_case.party_id <> v_party.id THEN
            RAISE EXCEPTION 'contact: case_ref ''%'' is not a case of this customer', v_case_ref
                USING ERRCODE = 'LK422';
        END IF;
    END IF;
    v_at := coalesce(loket.contact_ts('occurred_at', loket.contact_text('occurred_at', v_req -> 'occurred_at')), now());
    IF v_at > now() + interval '5 minutes' THEN
        RAISE EXCEPTION 'contact: occurred_at % is in the future', v_req ->> 'occurred_at' USING ERRCODE = 'LK422';
    END IF;
    v_note := loket.text_or_null(loket.contact_text('note', v_req -> 'note'));

    ag := v_req -> 'agreement';
    IF ag IS NOT NULL THEN
        PERFORM loket.contact_keys('agreement', ag, ARRAY['kind', 'due_at', 'description']);
        v_ag_kind := loket.contact_text('agreement.kind', ag -> 'kind');
        IF v_ag_kind IS NULL OR v_ag_kind NOT IN ('callback', 'send_document', 'payment_plan', 'visit', 'other') THEN
            RAISE EXCEPTION 'contact: agreement.kind ''%'' is not one of callback, send_document, payment_plan, visit, other',
                coalesce(v_ag_kind, '') USING ERRCODE = 'LK422';
        END IF;
        v_ag_due := loket.contact_ts('agreement.due_at', loket.contact_text('agreement.due_at', ag -> 'due_at'));
        IF v_ag_due IS NULL THEN
            RAISE EXCEPTION 'contact: agreement.due_at is required' USING ERRCODE = 'LK422';
        END IF;
        v_ag_desc := loket.text_or_null(loket.contact_text('agreement.description', ag -> 'description'));
    END IF;

    tk := v_req -> 'task';
    IF tk IS NOT NULL THEN
        PERFORM loket.contact_keys('task', tk, ARRAY['team', 'agent', 'reason', 'due_at']);
        IF (tk ? 'team') = (tk ? 'agent') THEN
            RAISE EXCEPTION 'contact: task needs exactly one of task.team or task.agent' USING ERRCODE = 'LK422';
        END IF;
        IF tk ? 'team' THEN
            SELECT * INTO v_tk_team FROM loket.team WHERE code = btrim(loket.contact_text('task.team', tk -> 'team'));
            IF NOT FOUND THEN
                RAISE EXCEPTION 'contact: task.team ''%'' is not a team', tk ->> 'team' USING ERRCODE = 'LK422';
            END IF;
        ELSE
            SELECT * INTO v_tk_agent FROM loket.agent
             WHERE login = btrim(loket.contact_text('task.agent', tk -> 'agent')) AND active;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'contact: task.agent ''%'' is not an active agent', tk ->> 'agent' USING ERRCODE = 'LK422';
            END IF;
        END IF;
        v_tk_reason := loket.text_or_null(loket.contact_text('task.reason', tk -> 'reason'));
        IF v_tk_reason IS NULL THEN
            RAISE EXCEPTION 'contact: task.reason is required and must not be blank' USING ERRCODE = 'LK422';
        END IF;
        v_tk_due := loket.contact_ts('task.due_at', loket.contact_text('task.due_at', tk -> 'due_at'));
    END IF;

    INSERT INTO loket.interaction (id, party_id, channel, direction, occurred_at, subject, outcome,
                                   agent_id, case_id)
    VALUES (p_id, v_party.id, v_channel, v_direction, v_at, v_subject, v_outcome, a.id, v_case.id);
    IF v_note IS NOT NULL THEN
        INSERT INTO loket.note (id, party_id, interaction_id, case_id, body, agent_id)
        VALUES (p_id, v_party.id, p_id, v_case.id, v_note, a.id)
        RETURNING id INTO v_note_id;
    END IF;
    IF ag IS NOT NULL THEN
        INSERT INTO loket.agreement (party_id, kind, description, due_at, made_by, interaction_id, case_id)
        VALUES (v_party.id, v_ag_kind, v_ag_desc, v_ag_due, a.id, p_id, v_case.id)
        RETURNING id INTO v_agreement_id;
    END IF;
    IF tk IS NOT NULL THEN
        INSERT INTO loket.task (party_id, kind, reason, assigned_agent_id, assigned_team_id, due_at,
                                created_by, interaction_id, case_id)
        VALUES (v_party.id, 'callback', v_tk_reason, v_tk_agent.id, v_tk_team.id, v_tk_due,
                a.id, p_id, v_case.id)
        RETURNING id INTO v_task_id;
    END IF;
    PERFORM loket.log_access(a, 'write', v_party.id, v_purpose, p_detail => 'contact ' || p_id);

    v_result := jsonb_build_object('interaction_id', p_id, 'note_id', v_note_id,
                                   'agreement_id', v_agreement_id, 'task_id', v_task_id);
    UPDATE loket.contact_request SET result = v_result WHERE id = p_id;
    RETURN v_result || jsonb_build_object('stored', true);
END $$;

-- Agreements and tasks ----------------------------------------------------------

-- An open agreement becomes kept, broken or cancelled; then it is final.
CREATE FUNCTION api.agreement_set_status(p_id bigint, p_status text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    a loket.agent := loket.me();
    g loket.agreement;
    v_status text := lower(btrim(p_status));
BEGIN
    IF v_status IS NULL OR v_status NOT IN ('kept', 'broken', 'cancelled') THEN
        RAISE EXCEPTION 'agreement status ''%'' is not one of kept, broken, cancelled', p_status
            USING ERRCODE = 'LK422';
    END IF;
    SELECT * INTO g FROM loket.agreement WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'agreement % not found', coalesce(p_id::text, '(none)') USING ERRCODE = 'LK404';
    END IF;
    IF g.status <> 'open' THEN
        RAISE EXCEPTION 'agreement % is already % and cannot change', g.id, g.status
            USING ERRCODE = 'LK409',
                  DETAIL = 'since ' || to_char(g.status_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI');
    END IF;
    UPDATE loket.agreement SET status = v_status, status_at = now(), status_by = a.id
     WHERE id = g.id RETURNING * INTO g;
    PERFORM loket.log_access(a, 'status', g.party_id, 'agreement', p_detail => 'agreement ' || g.id);
    RETURN jsonb_build_object('id', g.id, 'status', g.status, 'status_at', g.status_at,
                              'status_by', jsonb_build_object('login', a.login, 'name', a.name));
END $$;

-- Finish a task: the agent it is assigned to, a member of the team it is
-- assigned to, or a supervisor/admin.
CREATE FUNCTION api.task_finish(p_id bigint, p_result text DEFAULT NULL) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    a loket.agent := loket.me();
    k loket.task;
BEGIN
    SELECT * INTO k FROM loket.task WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'task % not found', coalesce(p_id::text, '(none)') USING ERRCODE = 'LK404';
    END IF;
    IF k.status <> 'todo' THEN
        RAISE EXCEPTION 'task % is already %', k.id, k.status
            USING ERRCODE = 'LK409',
                  DETAIL = 'since ' || to_char(k.done_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI');
    END IF;
    IF NOT (k.assigned_agent_id IS NOT DISTINCT FROM a.id AND k.assigned_agent_id IS NOT NULL
            OR (k.assigned_team_id IS NOT NULL AND k.assigned_team_id IS NOT DISTINCT FROM a.team_id)
            OR loket.is_supervisor(a)) THEN
        RAISE EXCEPTION 'task % is assigned to %; only % or a supervisor can finish it', k.id,
            coalesce('agent ' || (SELECT g.login FROM loket.agent g WHERE g.id = k.assigned_agent_id),
                     'team ' || (SELECT t.code FROM loket.team t WHERE t.id = k.assigned_team_id)),
            CASE WHEN k.assigned_agent_id IS NOT NULL THEN 'that agent' ELSE 'its members' END
            USING ERRCODE = 'LK409';
    END IF;
    UPDATE loket.task SET status = 'done', done_at = now(), done_by = a.id,
                          result = loket.text_or_null(p_result)
     WHERE id = k.id RETURNING * INTO k;
    PERFORM loket.log_access(a, 'status', k.party_id, 'callback', p_detail => 'task ' || k.id);
    RETURN jsonb_build_object('id', k.id, 'status', k.status, 'done_at', k.done_at,
                              'done_by', jsonb_build_object('login', a.login, 'name', a.name),
                              'result', k.result);
END $$;

-- Agent state --------------------------------------------------------------------

CREATE FUNCTION api.agent_set_state(p_state text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    a loket.agent := loket.me();
    v_state text := lower(btrim(p_state));
    cur loket.agent;
BEGIN
    IF v_state IS NULL OR v_state NOT IN ('offline', 'available', 'busy', 'wrap_up', 'break') THEN
        RAISE EXCEPTION 'agent state ''%'' is not one of offline, available, busy, wrap_up, break', p_state
            USING ERRCODE = 'LK422';
    END IF;
    SELECT * INTO cur FROM loket.agent WHERE id = a.id FOR UPDATE;
    IF cur.state = v_state THEN
        RETURN jsonb_build_object('state', cur.state, 'since', cur.state_since, 'changed', false);
    END IF;
    UPDATE loket.agent SET state = v_state, state_since = now() WHERE id = a.id RETURNING * INTO a;
    INSERT INTO loket.agent_state_event (agent_id, state, previous, at)
    VALUES (a.id, v_state, cur.state, a.state_since);
    RETURN jsonb_build_object('state', a.state, 'since', a.state_since, 'changed', true);
END $$;

-- My work ------------------------------------------------------------------------

-- The home screen: my open cases, my agreements due today or overdue, to-do
-- tasks for me or my team, and my team's queues. It shows customers' names,
-- so it writes one access_log row (a 'search' of kind 'my_work').
CREATE FUNCTION api.my_work() RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    a loket.agent := loket.me();
    v_tomorrow timestamptz := ((loket.today_nl() + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam');
    v_cases jsonb;
    v_agreements jsonb;
    v_tasks jsonb;
    v_queues jsonb;
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

    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'code', q.code, 'name', q.name, 'channel', q.channel,
               'waiting', w.waiting, 'longest_wait_seconds', w.longest,
               'sla_seconds', q.sla_seconds, 'sla_target', q.sla_target)
               ORDER BY q.code), '[]')
      INTO v_queues
      FROM loket.queue q
      CROSS JOIN LATERAL (
          SELECT count(*)::int AS waiting,
                 floor(extract(epoch FROM now() - min(i.enqueued_at)))::int AS longest
            FROM loket.queue_item i
           WHERE i.queue_id = q.id AND i.answered_at IS NULL AND i.abandoned_at IS NULL) w
     WHERE q.team_id = a.team_id;

    v_count := jsonb_array_length(v_cases) + jsonb_array_length(v_agreements) + jsonb_array_length(v_tasks);
    PERFORM loket.log_access(a, 'search', NULL, p_query_kind => 'my_work', p_result_count => v_count);
    RETURN jsonb_build_object('cases', v_cases, 'agreements', v_agreements,
                              'tasks', v_tasks, 'queues', v_queues);
END $$;

-- Completion lists (no customer data, no log) ------------------------------------

CREATE FUNCTION api.team_list() RETURNS TABLE (code text, name text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
BEGIN
    PERFORM loket.me();
    RETURN QUERY SELECT t.code, t.name FROM loket.team t ORDER BY t.code;
END $$;

CREATE FUNCTION api.agent_list() RETURNS TABLE (login text, name text, role text, team text, state text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
BEGIN
    PERFORM loket.me();
    RETURN QUERY
        SELECT g.login, g.name, g.role, t.code, g.state
          FROM loket.agent g LEFT JOIN loket.team t ON t.id = g.team_id
         WHERE g.active
         ORDER BY g.login;
END $$;

-- Notices: ids and kinds only -------------------------------------------------
--
-- Every listener sees every notice, so a payload names no customer, BSN or
-- text: it only tells clients what to re-read. A case reference is not
-- personal data. Payloads are a few hundred bytes at most.

CREATE FUNCTION loket.notify_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    v jsonb;
BEGIN
    CASE TG_TABLE_NAME
    WHEN 'case_file' THEN
        v := jsonb_build_object('kind', 'case', 'party_id', NEW.party_id, 'case_id', NEW.id,
                                'ref', NEW.ref, 'owner_id', NEW.owner_id, 'team_id', NEW.team_id);
    WHEN 'interaction' THEN
        v := jsonb_build_object('kind', 'interaction', 'party_id', NEW.party_id,
                                'interaction_id', NEW.id, 'case_id', NEW.case_id);
    WHEN 'note' THEN
        v := jsonb_build_object('kind', 'note', 'party_id', NEW.party_id, 'note_id', NEW.id,
                                'case_id', NEW.case_id);
    WHEN 'agreement' THEN
        v := jsonb_build_object('kind', 'agreement', 'party_id', NEW.party_id,
                                'agreement_id', NEW.id, 'agent_id', NEW.made_by);
    WHEN 'task' THEN
        v := jsonb_build_object('kind', 'task', 'party_id', NEW.party_id, 'task_id', NEW.id,
                                'agent_id', NEW.assigned_agent_id, 'team_id', NEW.assigned_team_id);
    WHEN 'agent' THEN
        v := jsonb_build_object('kind', 'agent', 'agent_id', NEW.id, 'team_id', NEW.team_id);
    END CASE;
    PERFORM pg_notify('loket', v::text);
    RETURN NULL;
END $$;

CREATE TRIGGER case_file_notify_insert AFTER INSERT ON case_file
    FOR EACH ROW EXECUTE FUNCTION loket.notify_change();
CREATE TRIGGER case_file_notify_update AFTER UPDATE OF owner_id, team_id, status ON case_file
    FOR EACH ROW
    WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id OR OLD.team_id IS DISTINCT FROM NEW.team_id
          OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION loket.notify_change();
CREATE TRIGGER interaction_notify AFTER INSERT ON interaction
    FOR EACH ROW EXECUTE FUNCTION loket.notify_change();
CREATE TRIGGER note_notify AFTER INSERT ON note
    FOR EACH ROW EXECUTE FUNCTION loket.notify_change();
CREATE TRIGGER agreement_notify_insert AFTER INSERT ON agreement
    FOR EACH ROW EXECUTE FUNCTION loket.notify_change();
CREATE TRIGGER agreement_notify_update AFTER UPDATE OF status ON agreement
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION loket.notify_change();
CREATE TRIGGER task_notify_insert AFTER INSERT ON task
    FOR EACH ROW EXECUTE FUNCTION loket.notify_change();
CREATE TRIGGER task_notify_update AFTER UPDATE OF status ON task
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION loket.notify_change();
-- Supervisors watch agents' states live.
CREATE TRIGGER agent_notify_state AFTER UPDATE OF state ON agent
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION loket.notify_change();

-- Privileges ----------------------------------------------------------------------

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA loket FROM PUBLIC;
REVOKE ALL ON FUNCTION
    api.case_claim(text), api.case_release(text), api.case_transfer(text, text, text),
    api.case_set_status(text, text, text), api.case_get(text, uuid),
    api.contact_log(uuid, jsonb), api.agreement_set_status(bigint, text),
    api.task_finish(bigint, text), api.agent_set_state(text), api.my_work(),
    api.team_list(), api.agent_list()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    api.case_claim(text), api.case_release(text), api.case_transfer(text, text, text),
    api.case_set_status(text, text, text), api.case_get(text, uuid),
    api.contact_log(uuid, jsonb), api.agreement_set_status(bigint, text),
    api.task_finish(bigint, text), api.agent_set_state(text), api.my_work(),
    api.team_list(), api.agent_list()
    TO loket_agent;
-- Admins move work too (release, reassign); everyone with a loket role may
-- fill completion lists.
GRANT EXECUTE ON FUNCTION api.case_release(text), api.case_transfer(text, text, text) TO loket_admin;
GRANT EXECUTE ON FUNCTION api.team_list(), api.agent_list()
    TO loket_auditor, loket_admin, loket_integration;
