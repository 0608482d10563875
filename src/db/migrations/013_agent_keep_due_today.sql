-- 013: an agent updated keeps what is not given, and a deadline today
-- reads so.
--
-- * api.agent_add on an existing agent set every field to what it was
--   given: `loket agent add LOGIN --name N --role R` without --team took
--   the agent out of their team (ON CONFLICT ... team_id = excluded.team_id
--   with a NULL team). Now a NULL name, role or team leaves that field as
--   it is; an empty team ('') takes the agent out of their team (`loket
--   agent add LOGIN --no-team`). A new agent still needs a name and a role
--   (LK422 otherwise, and no login role is made). The result names the
--   team the agent is in, not the one given. The function is 002's
--   otherwise, with the settings 006 and 008 gave every api function.
-- * The customer view's alert for a near deadline read "0 working days
--   left" for a deadline today, or on a weekend day or holiday with no
--   working day before it. It now says "due today", or "due tomorrow, no
--   working day in between" ("due in 2 days, ..."); otherwise "1 working
--   day left" or "3 working days left" as before. Only the format of that
--   text changed; the function is 011's otherwise, statement for
--   statement. Views kept with the old wording are rebuilt (the epoch
--   moves on at the end).

SET LOCAL ROLE loket_owner;
SET LOCAL search_path = loket, ext, pg_temp;

-- Create an agent, or update one: the PostgreSQL login role, its group
-- role and the agent row. Run by an admin, or by a superuser setting up the
-- first one. On an existing agent, what is NULL stays as it is; p_team ''
-- means no team. The login role gets no password: authentication is the
-- cluster's (as in 002).
CREATE OR REPLACE FUNCTION api.agent_add(p_login text, p_name text, p_role text, p_team text DEFAULT NULL)
    RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp
    SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET jit = off AS $$
DECLARE
    v_old loket.agent;
    v_name text;
    v_role text;
    v_team_id int;
    a loket.agent;
    v_group text;
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
        PERFORM loket.me_with_role('admin');
    END IF;
    IF p_login IS NULL OR p_login !~ '^[a-z_][a-z0-9_.-]{0,62}$' THEN
        RAISE EXCEPTION 'loket: login "%" is not valid: start with a-z or _, then a-z, 0-9, _, . or - (at most 63)', p_login
            USING ERRCODE = 'LK422';
    END IF;
    IF p_login LIKE 'pg\_%' OR p_login LIKE 'loket\_%' OR p_login = 'postgres' THEN
        RAISE EXCEPTION 'loket: login "%" is reserved', p_login USING ERRCODE = 'LK422';
    END IF;
    SELECT * INTO v_old FROM loket.agent WHERE login = p_login FOR UPDATE;
    IF v_old.id IS NULL AND (p_name IS NULL OR p_role IS NULL) THEN
        RAISE EXCEPTION 'loket: there is no agent "%" yet: a new agent needs a name and a role', p_login
            USING ERRCODE = 'LK422';
    END IF;
    v_name := coalesce(p_name, v_old.name);
    v_role := coalesce(p_role, v_old.role);
    IF v_role NOT IN ('agent', 'supervisor', 'auditor', 'admin', 'integration') THEN
        RAISE EXCEPTION 'loket: role "%" is not one of agent, supervisor, auditor, admin, integration', p_role
            USING ERRCODE = 'LK422';
    END IF;
    IF NOT loket.nonblank(v_name) THEN
        RAISE EXCEPTION 'loket: an agent needs a name' USING ERRCODE = 'LK422';
    END IF;
    IF p_team IS NULL THEN
        v_team_id := v_old.team_id;
    ELSIF p_team <> '' THEN
        SELECT id INTO v_team_id FROM loket.team WHERE code = p_team;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'loket: no team "%"; teams are: %', p_team,
                coalesce((SELECT string_agg(code, ', ' ORDER BY code) FROM loket.team), 'none yet')
                USING ERRCODE = 'LK404';
        END IF;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login AND rolsuper) THEN
        RAISE EXCEPTION 'loket: "%" is a superuser role and cannot be an agent', p_login
            USING ERRCODE = 'LK422';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', p_login);
    END IF;
    -- One group role: a changed role takes the old one away.
    FOREACH v_group IN ARRAY ARRAY['loket_agent', 'loket_supervisor', 'loket_auditor', 'loket_admin', 'loket_integration']
    LOOP
        IF v_group <> 'loket_' || v_role AND EXISTS (SELECT 1 FROM pg_auth_members m
                        WHERE m.roleid = v_group::regrole AND m.member = p_login::regrole) THEN
            EXECUTE format('REVOKE %I FROM %I', v_group, p_login);
        END IF;
    END LOOP;
    EXECUTE format('GRANT %I TO %I', 'loket_' || v_role, p_login);
    INSERT INTO loket.agent AS x (login, name, role, team_id) VALUES (p_login, btrim(v_name), v_role, v_team_id)
        ON CONFLICT (login) DO UPDATE SET name = excluded.name, role = excluded.role,
                                          team_id = excluded.team_id, active = true
        RETURNING * INTO a;
    RETURN jsonb_build_object('id', a.id, 'login', a.login, 'name', a.name, 'role', a.role,
                              'team', (SELECT t.code FROM loket.team t WHERE t.id = a.team_id));
END $$;

REVOKE ALL ON FUNCTION api.agent_add(text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.agent_add(text, text, text, text) TO loket_admin;

-- The view, as 011 built it; only the text of a near deadline changed.
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
                format('Case %s deadline %s: %s: %s', v_c.ref, v_c.due_on,
                       CASE WHEN v_c.due_on = v_today THEN 'due today'
                            WHEN v_c.working_days_left = 0
                                THEN format('due %s, no working day in between',
                                            CASE WHEN v_c.due_on - v_today = 1 THEN 'tomorrow'
                                                 ELSE format('in %s days', v_c.due_on - v_today) END)
                            WHEN v_c.working_days_left = 1 THEN '1 working day left'
                            ELSE format('%s working days left', v_c.working_days_left) END,
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
-- api.agent_add gets back the empty loket.view_touched that 008 gave every
-- api function (a setting only a superuser may give; db migrate runs as
-- one).
RESET ROLE;
ALTER FUNCTION api.agent_add(text, text, text, text) SET loket.view_touched = '';

-- Views kept with the old wording count no more.
SELECT loket.views_changed();
