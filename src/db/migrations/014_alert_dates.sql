-- 014: dates in the alerts as the console writes dates, dd-mm-yyyy.
--
-- Every date the console shows reads 28-11-2026 (a Dutch reader's form),
-- but the alerts of the customer view came from the server as ISO dates:
-- "Agreement overdue since 2026-11-23 16:00", "Case Z-… deadline
-- 2024-12-30 passed", "Letter sent 2026-11-20". The view as 013 built it,
-- with only the dates' form changed; views kept with the old text are
-- built again.

SET LOCAL ROLE loket_owner;
SET LOCAL search_path = loket, ext, pg_temp;

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
                                     to_char(r.occurred_at AT TIME ZONE 'Europe/Amsterdam', 'DD-MM-YYYY'),
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
                       to_char(v_g.due_at AT TIME ZONE 'Europe/Amsterdam', 'DD-MM-YYYY HH24:MI'),
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
                format('Case %s deadline %s passed %s: %s', v_c.ref, to_char(v_c.due_on, 'DD-MM-YYYY'),
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
                   to_char(v_g.made_at AT TIME ZONE 'Europe/Amsterdam', 'DD-MM-YYYY'),
                   coalesce(v_g.description, replace(v_g.kind, '_', ' '))),
            v_g.id::text)::loket.view_alert;
    END LOOP;
    FOREACH v_c IN ARRAY v_cases LOOP
        IF v_c.closed_at IS NULL AND v_c.due_on >= v_today AND v_c.working_days_left <= 5 THEN
            v_alerts := v_alerts || ROW('deadline_near',
                format('Case %s deadline %s: %s: %s', v_c.ref, to_char(v_c.due_on, 'DD-MM-YYYY'),
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

SELECT loket.views_changed();
