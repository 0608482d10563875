-- 011: a case's result only with its closing, and passed deadlines in words.
--
-- * api.case_set_status stored a result given with any status: `loket case
--   status REF in_progress --result …` left an open case with a result
--   (uitkomst), which belongs to closing it. A result with a status that
--   does not close the case is now refused (LK422), and nothing changes.
--   Closing without a result was refused already; its message now says
--   what to do.
-- * The customer view's alert for a passed deadline read "passed (0
--   working days ago)" when the deadline fell on a weekend day or holiday
--   and no working day has come since (a Saturday deadline, seen on the
--   Sunday). With no working day since, it now says "passed yesterday" or
--   "passed 3 days ago" in calendar days; otherwise "passed (1 working day
--   ago)" or "(2 working days ago)" as before. Only the format of that
--   text changed; the function is 008's otherwise, statement for
--   statement. (The other builders of this text, in 003, 006 and 007,
--   were dropped by 006 and 008.) Views kept with the old wording are
--   rebuilt (the epoch moves on at the end).

SET LOCAL ROLE loket_owner;
SET LOCAL search_path = loket, ext, pg_temp;

-- Change a case's status: its owner or a supervisor/admin. Closing needs a
-- result, and only closing takes one; a closed case does not change any
-- more. As in 004, with the settings 006 gave every api function.
CREATE OR REPLACE FUNCTION api.case_set_status(p_ref text, p_status text, p_result text DEFAULT NULL)
    RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp
    SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET jit = off AS $$
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
        RAISE EXCEPTION 'closing a case needs its result (what was decided for the customer): '
                        'give the result with status closed' USING ERRCODE = 'LK422';
    END IF;
    IF v_status <> 'closed' AND v_result IS NOT NULL THEN
        RAISE EXCEPTION 'a case result is given when closing the case, not with status %: '
                        'leave the result out, or give it with status closed', v_status
            USING ERRCODE = 'LK422';
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

REVOKE ALL ON FUNCTION api.case_set_status(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.case_set_status(text, text, text) TO loket_agent;

-- The view, as 008 built it; only the text of a passed deadline changed.
CREATE OR REPLACE FUNCTION loket.party_view_doc(p loket.party, p_timeline_limit int) RETURNS loket.view_doc
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_now timestamptz := now();
    v_today date := (v_now AT TIME ZONE 'Europe/Amsterdam')::date;
    v_addresses loket.view_contact_address[];
    v_cases loket.view_case[];
    v_agreements loket.view_agreement[];
    v_broken loket.view_agreement[];
    v_week int;
    v_letter text;
    v_letter_id text;
    v_week_from timestamptz;
    v_letter_at timestamptz;
    -- Until when this view holds as it is, if nothing is written: the next
    -- midnight (age, working days, deadlines), or the first moment one of
    -- the windows below lets something in or out: an open agreement falls
    -- due, a closed case or a broken agreement turns 90 days old, a contact
    -- leaves the 7-day count, the latest letter turns 14 days old.
    v_until timestamptz := ((v_today + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam');
    v_alerts loket.view_alert[] := '{}';
    v_c loket.view_case;
    v_g loket.view_agreement;
BEGIN
    -- One statement reads the contact addresses, the cases (open by
    -- deadline, then those closed in the last 90 days), the agreements
    -- (open by due time, then the last ten others), the agreements broken
    -- in the last 90 days (the latest five) and the last 14 days of
    -- contacts (how many in 7 days, the latest letter).
    SELECT ARRAY(
               SELECT ROW(ca.kind, ca.value, ca.is_default, ca.verified_on)::loket.view_contact_address
                 FROM loket.contact_address ca
                WHERE ca.party_id = p.id
                ORDER BY ca.is_default DESC, ca.kind, ca.value
                LIMIT 50),
           ARRAY(
               SELECT ROW(c.ref, c.case_type, ct.name, c.subject, c.status, c.opened_at, c.due_on,
                          CASE WHEN c.closed_at IS NOT NULL OR c.due_on IS NULL THEN NULL
                               WHEN c.due_on >= v_today THEN wd.n ELSE -wd.n END,
                          CASE WHEN o.id IS NOT NULL THEN json_build_object('login', o.login, 'name', o.name) END,
                          c.owned_since, t.code, c.priority, c.confidential, c.closed_at)::loket.view_case
                 FROM loket.case_file c
                 LEFT JOIN loket.case_type ct ON ct.code = c.case_type
                 LEFT JOIN loket.agent o ON o.id = c.owner_id
                 LEFT JOIN loket.team t ON t.id = c.team_id
                CROSS JOIN LATERAL loket.working_days(least(v_today, c.due_on), greatest(v_today, c.due_on)) AS wd
                WHERE c.party_id = p.id
                  AND (c.closed_at IS NULL OR c.closed_at > v_now - interval '90 days')
                ORDER BY c.closed_at IS NOT NULL, c.due_on, c.closed_at DESC, c.id
                LIMIT 100),
           ARRAY(
               SELECT ROW(g.id, g.kind, g.description, g.due_at, g.status, g.status = 'open' AND g.due_at < v_now,
                          m.name, g.made_at, cf.ref)::loket.view_agreement
                 FROM ((SELECT g.*, 0 AS grp FROM loket.agreement g
                         WHERE g.party_id = p.id AND g.status = 'open'
                         ORDER BY g.due_at, g.id LIMIT 100)
                       UNION ALL
                       (SELECT g.*, 1 FROM loket.agreement g
                         WHERE g.party_id = p.id AND g.status <> 'open'
                         ORDER BY g.due_at DESC, g.id DESC LIMIT 10)) AS g
                 LEFT JOIN loket.agent m ON m.id = g.made_by
                 LEFT JOIN loket.case_file cf ON cf.id = g.case_id
                ORDER BY g.grp, CASE WHEN g.grp = 0 THEN g.due_at END, g.due_at DESC, g.id),
           ARRAY(
               SELECT ROW(b.id, b.kind, b.description, b.due_at, b.status, false, NULL, b.made_at,
                          NULL)::loket.view_agreement
                 FROM loket.agreement b
                WHERE b.party_id = p.id AND b.status = 'broken' AND b.made_at > v_now - interval '90 days'
                ORDER BY b.made_at DESC, b.id DESC LIMIT 5),
           r.week, r.letter, r.letter_id, r.week_from, r.letter_at
      INTO v_addresses, v_cases, v_agreements, v_broken, v_week, v_letter, v_letter_id,
           v_week_from, v_letter_at
      FROM (SELECT count(*) FILTER (WHERE r.occurred_at > v_now - interval '7 days') AS week,
                   (array_agg(format('Letter sent %s: %s',
                                     to_char(r.occurred_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD'),
                                     r.subject)
                              ORDER BY r.occurred_at DESC, r.id DESC) FILTER (WHERE r.letter))[1] AS letter,
                   (array_agg(r.id::text ORDER BY r.occurred_at DESC, r.id DESC)
                       FILTER (WHERE r.letter))[1] AS letter_id,
                   min(r.occurred_at) FILTER (WHERE r.occurred_at > v_now - interval '7 days') AS week_from,
                   max(r.occurred_at) FILTER (WHERE r.letter) AS letter_at
              FROM (SELECT i.id, i.occurred_at, i.subject,
                           (i.channel = 'letter' AND i.direction = 'out') OR i.subject LIKE 'Besluit%'
                               OR i.outcome = 'sent' AS letter
                      FROM loket.interaction i
                     WHERE i.party_id = p.id AND i.occurred_at > v_now - interval '14 days'
                     ORDER BY i.occurred_at DESC, i.id DESC
                     LIMIT 200) AS r) AS r;

    -- Alerts, most severe first (and the moments of v_until, from the same
    -- rows). The open agreements come by due time and the open cases by
    -- deadline, so each kind is in its order already.
    FOREACH v_g IN ARRAY v_agreements LOOP
        IF v_g.overdue THEN
            v_alerts := v_alerts || ROW('agreement_overdue',
                format('Agreement overdue since %s: %s',
                       to_char(v_g.due_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI'),
                       coalesce(v_g.description, replace(v_g.kind, '_', ' '))),
                v_g.id::text)::loket.view_alert;
        ELSIF v_g.status = 'open' THEN
            v_until := least(v_until, v_g.due_at);
        END IF;
    END LOOP;
    FOREACH v_c IN ARRAY v_cases LOOP
        v_until := least(v_until, v_c.closed_at + interval '90 days');
        IF v_c.closed_at IS NULL AND v_c.due_on < v_today THEN
            v_alerts := v_alerts || ROW('deadline_passed',
                format('Case %s deadline %s passed %s: %s', v_c.ref, v_c.due_on,
                       CASE WHEN v_c.working_days_left = -1 THEN '(1 working day ago)'
                            WHEN v_c.working_days_left < 0
                                THEN format('(%s working days ago)', -v_c.working_days_left)
                            WHEN v_today - v_c.due_on = 1 THEN 'yesterday'
                            ELSE format('%s days ago', v_today - v_c.due_on) END,
                       v_c.subject),
                v_c.ref)::loket.view_alert;
        END IF;
    END LOOP;
    -- The broken ones were read latest first; they are listed oldest first.
    FOR i IN REVERSE cardinality(v_broken) .. 1 LOOP
        v_g := v_broken[i];
        v_until := least(v_until, v_g.made_at + interval '90 days');
        v_alerts := v_alerts || ROW('agreement_broken',
            format('Agreement broken (made %s): %s',
                   to_char(v_g.made_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD'),
                   coalesce(v_g.description, replace(v_g.kind, '_', ' '))),
            v_g.id::text)::loket.view_alert;
    END LOOP;
    FOREACH v_c IN ARRAY v_cases LOOP
        IF v_c.closed_at IS NULL AND v_c.due_on >= v_today AND v_c.working_days_left <= 5 THEN
            v_alerts := v_alerts || ROW('deadline_near',
                format('Case %s deadline %s: %s working day%s left: %s', v_c.ref, v_c.due_on,
                       v_c.working_days_left, CASE WHEN v_c.working_days_left = 1 THEN '' ELSE 's' END,
                       v_c.subject),
                v_c.ref)::loket.view_alert;
        END IF;
    END LOOP;
    IF v_week >= 3 THEN
        v_alerts := v_alerts || ROW('frequent_contact', format('%s contacts in the last 7 days', v_week),
                                    NULL)::loket.view_alert;
    END IF;
    IF v_letter IS NOT NULL THEN
        v_alerts := v_alerts || ROW('letter_sent', v_letter, v_letter_id)::loket.view_alert;
    END IF;
    v_until := least(v_until, v_week_from + interval '7 days', v_letter_at + interval '14 days');

    RETURN ROW(
        json_build_object(
            'id', p.id,
            'kind', p.kind,
            'initials', p.initials,
            'given_name', p.given_name,
            'name_prefix', p.name_prefix,
            'surname', p.surname,
            'display_name', loket.party_display_name(p),
            'sort_name', loket.party_sort_name(p),
            'birth_date', p.birth_date,
            'age', extract(year FROM age(v_today, p.birth_date))::int,
            'bsn_masked', loket.bsn_mask(p.bsn),
            'kvk', p.kvk,
            'address', json_build_object(
                'street', p.street,
                'house_number', p.house_number,
                'house_letter', p.house_letter,
                'house_suffix', p.house_suffix,
                'postcode', p.postcode,
                'city', p.city,
                'country', p.country,
                'line', loket.party_address(p)),
            'preferred_channel', p.preferred_channel,
            'language', p.language,
            'assistance', json_build_object(
                'digital', p.needs_digital_help,
                'language', p.needs_language_help,
                'hearing', p.hearing_impaired),
            'confidential', p.confidential,
            'needs_review', p.needs_review,
            'merged_into', p.merged_into),
        array_to_json(v_addresses),
        array_to_json(v_cases),
        array_to_json(v_agreements),
        array_to_json(v_alerts),
        loket.party_timeline(p.id, NULL, NULL, NULL, p_timeline_limit),
        v_until)::loket.view_doc;
END $$;
REVOKE ALL ON FUNCTION loket.party_view_doc(loket.party, int) FROM PUBLIC;

-- A CREATE OR REPLACE sets the function's settings to those it names:
-- api.case_set_status gets back the empty loket.view_touched that 008 gave
-- every api function (a setting only a superuser may give; db migrate
-- runs as one).
RESET ROLE;
ALTER FUNCTION api.case_set_status(text, text, text) SET loket.view_touched = '';

-- Views kept with the old wording count no more.
SELECT loket.views_changed();
