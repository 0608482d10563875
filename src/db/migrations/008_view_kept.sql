-- 008: the customer view kept, for the next read of an unchanged customer.
--
-- A re-read with the access id (after a notice, a reconnect, or a console
-- coming back to the customer) built the whole view again: some 300 us of
-- server time for an answer that was usually the same as the last one.
-- The view a read builds is now kept in loket.view_cache, and the next
-- opening or re-read of that customer with the same first-page size gets
-- it back as it was kept, if nothing it shows has changed since:
--
-- * Every write to what the view shows bumps the customer's revision in
--   loket.view_rev (triggers on party, contact_address, case_file,
--   agreement, interaction and note). A kept view holds the revision it
--   was built at, and counts only while that is still the revision.
-- * Names the view shows from shared tables (agents, teams, case types)
--   and the holidays its working days count bump one epoch for all
--   customers, as does a TRUNCATE of the tables above. So does
--   loket.views_changed(), which whoever writes with the triggers off (the
--   demo seeder, session_replication_role = replica) calls after.
-- * A view also changes with the clock: ages and working days at
--   midnight, an agreement falling due, a contact leaving the 7-day count.
--   Each view says until when it holds (valid_until) and is rebuilt after.
-- * The revision and epoch are read in the same statement as the party
--   row, before the rest of the view. A view built from data newer than its
--   revision is rebuilt once more than needed; it is never kept stale.
-- * Within one api call a customer's revision is bumped once per run of
--   writes to them (loket.view_touched, a transaction-local setting that
--   every api function starts empty), and again after a view was kept.
-- * A view is text in the builder's time zone and DateStyle; a session
--   with other settings builds its own.
--
-- The tables are UNLOGGED: not written to the WAL, so keeping a view adds
-- no flush to a read, and emptied after a crash, revisions and views alike.
-- A kept view is the json the view was, not personal data beyond what the
-- tables hold; only the owner reads it, through the api functions, which
-- still check the access id and log each opening as before. Kept views
-- expire by the next midnight at the latest; each view kept removes a few
-- expired ones.

SET LOCAL ROLE loket_owner;
SET LOCAL search_path = loket, ext, pg_temp;

CREATE TYPE loket.view_doc AS (
    party json, contact_addresses json, cases json, agreements json, alerts json, timeline json,
    valid_until timestamptz);

CREATE UNLOGGED TABLE loket.view_rev (
    party_id    bigint PRIMARY KEY,
    rev         bigint NOT NULL
);

CREATE UNLOGGED TABLE loket.view_epoch (
    one         boolean PRIMARY KEY DEFAULT true CHECK (one),
    epoch       bigint NOT NULL
);
INSERT INTO loket.view_epoch (epoch) VALUES (1);

CREATE UNLOGGED TABLE loket.view_cache (
    party_id        bigint NOT NULL,
    timeline_limit  int NOT NULL,
    rev             bigint NOT NULL,
    epoch           bigint NOT NULL,
    valid_until     timestamptz NOT NULL,
    style           text NOT NULL,
    doc             loket.view_doc NOT NULL,
    PRIMARY KEY (party_id, timeline_limit)
);
CREATE INDEX view_cache_valid_until ON loket.view_cache (valid_until);
-- A view of 13 timeline rows is some 7 kB of json: kept in the row as it
-- is (no TOAST, no decompression on a read) up to a full page; larger
-- ones are compressed with lz4 where the server has it, which reads back
-- faster than pglz.
ALTER TABLE loket.view_cache SET (toast_tuple_target = 8160);
DO $$
BEGIN
    ALTER TABLE loket.view_cache ALTER COLUMN doc SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END $$;

-- The settings the view's text depends on: times are written in the
-- session's time zone, dates in its DateStyle. A view kept by a session
-- with other settings is built again.
CREATE FUNCTION loket.view_style() RETURNS text
    LANGUAGE sql STABLE
    RETURN current_setting('TimeZone') || ' ' || current_setting('DateStyle');

-- Every kept view of every customer stops counting.
CREATE FUNCTION loket.views_changed() RETURNS void
    LANGUAGE sql VOLATILE AS $$
    INSERT INTO loket.view_epoch AS e (epoch) VALUES (1)
        ON CONFLICT (one) DO UPDATE SET epoch = e.epoch + 1;
$$;

CREATE FUNCTION loket.views_changed_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM loket.views_changed();
    RETURN NULL;
END $$;

-- After a write to a table the view shows: the kept views of the
-- customers of the old and the new row stop counting. Once per customer
-- and transaction (loket.view_touched remembers the last one), since the
-- view of a customer with three rows written at once (a contact, its note
-- and its agreement) changes once, at commit. Simple assignments only,
-- besides the one INSERT: a PERFORM is a statement of its own, and cost a
-- contact 100 us when this used them.
CREATE FUNCTION loket.view_touch() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    v_old bigint;
    v_new bigint;
    v_party bigint;
    v_seen text := current_setting('loket.view_touched', true);
BEGIN
    IF TG_TABLE_NAME = 'party' THEN
        IF TG_OP <> 'INSERT' THEN v_old := OLD.id; END IF;
        IF TG_OP <> 'DELETE' THEN v_new := NEW.id; END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN v_old := OLD.party_id; END IF;
        IF TG_OP <> 'DELETE' THEN v_new := NEW.party_id; END IF;
    END IF;
    IF TG_TABLE_NAME = 'party' AND TG_OP = 'DELETE' THEN
        -- A customer removed: nothing of them stays kept.
        DELETE FROM loket.view_cache WHERE party_id = v_old;
    END IF;
    FOREACH v_party IN ARRAY ARRAY[v_old, v_new] LOOP
        CONTINUE WHEN v_party IS NULL OR v_party::text = v_seen;
        INSERT INTO loket.view_rev AS r (party_id, rev) VALUES (v_party, 1)
            ON CONFLICT (party_id) DO UPDATE SET rev = r.rev + 1;
        v_seen := set_config('loket.view_touched', v_party::text, true);
    END LOOP;
    RETURN NULL;
END $$;

-- A row inserted for the customer this transaction has just marked does
-- not even queue the trigger (WHEN is checked as the row is written; the
-- trigger itself runs at the end of the statement). The contact, note and
-- agreement logged together so mark their customer once.
CREATE TRIGGER party_view_touch AFTER UPDATE OR DELETE ON party
    FOR EACH ROW EXECUTE FUNCTION loket.view_touch();
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['contact_address', 'case_file', 'agreement', 'interaction', 'note'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON loket.%I FOR EACH ROW '
                       'WHEN (NEW.party_id::text IS DISTINCT FROM current_setting(''loket.view_touched'', true)) '
                       'EXECUTE FUNCTION loket.view_touch()', t || '_view_touch_insert', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE OR DELETE ON loket.%I FOR EACH ROW '
                       'EXECUTE FUNCTION loket.view_touch()', t || '_view_touch', t);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON loket.%I FOR EACH STATEMENT '
                       'EXECUTE FUNCTION loket.views_changed_trigger()', t || '_views_changed', t);
    END LOOP;
END $$;
-- A case's reference shows on other customers' timelines too (a contact
-- linked to it); references do not change, but if one does, all views go.
CREATE TRIGGER case_file_ref_views_changed AFTER UPDATE OF ref ON case_file
    FOR EACH ROW WHEN (OLD.ref IS DISTINCT FROM NEW.ref)
    EXECUTE FUNCTION loket.views_changed_trigger();
CREATE TRIGGER agent_views_changed AFTER UPDATE OF name, login ON agent
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.login IS DISTINCT FROM NEW.login)
    EXECUTE FUNCTION loket.views_changed_trigger();
CREATE TRIGGER team_views_changed AFTER UPDATE OF code ON team
    FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code)
    EXECUTE FUNCTION loket.views_changed_trigger();
CREATE TRIGGER case_type_views_changed AFTER UPDATE OR DELETE ON case_type
    FOR EACH STATEMENT EXECUTE FUNCTION loket.views_changed_trigger();
CREATE TRIGGER holiday_views_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON holiday
    FOR EACH STATEMENT EXECUTE FUNCTION loket.views_changed_trigger();
CREATE TRIGGER party_views_changed AFTER TRUNCATE ON party
    FOR EACH STATEMENT EXECUTE FUNCTION loket.views_changed_trigger();
-- Revisions starting again would make old kept views count again.
CREATE TRIGGER view_rev_views_changed AFTER TRUNCATE ON view_rev
    FOR EACH STATEMENT EXECUTE FUNCTION loket.views_changed_trigger();

-- The view, as 007 built it, in its parts (the api functions add the
-- access id), with the moment it stops holding.
CREATE FUNCTION loket.party_view_doc(p loket.party, p_timeline_limit int) RETURNS loket.view_doc
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
                format('Case %s deadline %s passed (%s working day%s ago): %s', v_c.ref, v_c.due_on,
                       -v_c.working_days_left, CASE WHEN v_c.working_days_left = -1 THEN '' ELSE 's' END,
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
DROP FUNCTION loket.party_view(loket.party, uuid, int);

-- A customer as a read finds them: the party row, the revision and epoch
-- seen with it, and the kept view if it still counts (hit). A timeline
-- limit out of range and an unknown customer are refused here.
CREATE TYPE loket.view_lookup AS (party loket.party, rev bigint, epoch bigint, hit boolean, doc loket.view_doc);

CREATE FUNCTION loket.view_lookup(p_party_id bigint, p_timeline_limit int) RETURNS loket.view_lookup
    LANGUAGE plpgsql STABLE
    -- Without statistics yet (a new table) the planner picks a bitmap scan
    -- for the kept view: three times the cost of the index scan.
    SET enable_bitmapscan = off AS $$
DECLARE
    v loket.view_lookup;
    v_rev bigint;
    v_epoch bigint;
    v_until timestamptz;
    v_style boolean;
BEGIN
    IF p_timeline_limit IS NULL OR p_timeline_limit < 1 OR p_timeline_limit > 500 THEN
        RAISE EXCEPTION 'loket: timeline limit % is not between 1 and 500', p_timeline_limit
            USING ERRCODE = 'LK422';
    END IF;
    SELECT p, coalesce((SELECT r.rev FROM loket.view_rev r WHERE r.party_id = p.id), 0),
           coalesce((SELECT e.epoch FROM loket.view_epoch e WHERE e.one), 0),
           c.rev, c.epoch, c.valid_until, c.style = loket.view_style(), c.doc
      INTO v.party, v.rev, v.epoch, v_rev, v_epoch, v_until, v_style, v.doc
      FROM loket.party p
      LEFT JOIN LATERAL (SELECT * FROM loket.view_cache c
                          WHERE c.party_id = p.id AND c.timeline_limit = p_timeline_limit) AS c ON true
     WHERE p.id = p_party_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'loket: no customer %', p_party_id USING ERRCODE = 'LK404';
    END IF;
    v.hit := coalesce(v_rev = v.rev AND v_epoch = v.epoch AND v_until > now() AND v_style, false);
    IF NOT v.hit THEN
        v.doc := NULL;
    END IF;
    RETURN v;
END $$;

-- The view of the customer `l` found: the kept one when it counts, else
-- built now and kept under the revision and epoch seen with the party row.
CREATE FUNCTION loket.view_get(l loket.view_lookup, p_timeline_limit int) RETURNS loket.view_doc
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_doc loket.view_doc;
    v_seen text;
BEGIN
    IF l.hit THEN
        RETURN l.doc;
    END IF;
    v_doc := loket.party_view_doc(l.party, p_timeline_limit);
    -- Expired views go, 16 at a time after one in ten views kept: more
    -- than expire, since each view kept expires once. First, and passing
    -- over rows another session holds: two openings each holding the row
    -- they keep and waiting for the other's would deadlock.
    IF random() < 0.1 THEN
        DELETE FROM loket.view_cache c
         WHERE c.ctid = ANY (ARRAY(SELECT x.ctid FROM loket.view_cache x WHERE x.valid_until <= now()
                                    LIMIT 16 FOR UPDATE SKIP LOCKED));
    END IF;
    INSERT INTO loket.view_cache AS c (party_id, timeline_limit, rev, epoch, valid_until, style, doc)
    VALUES ((l.party).id, p_timeline_limit, l.rev, l.epoch, v_doc.valid_until, loket.view_style(), v_doc)
        ON CONFLICT (party_id, timeline_limit) DO UPDATE
       SET rev = excluded.rev, epoch = excluded.epoch, valid_until = excluded.valid_until,
           style = excluded.style, doc = excluded.doc
     WHERE c.rev <= excluded.rev AND c.epoch <= excluded.epoch;
    -- A write later in this transaction bumps the revision again.
    v_seen := set_config('loket.view_touched', '', true);
    RETURN v_doc;
END $$;

-- The view as the api returns it: the access id, then its parts.
CREATE FUNCTION loket.view_json(p_access_id uuid, d loket.view_doc) RETURNS json
    LANGUAGE sql STABLE
    RETURN json_build_object('access_id', p_access_id, 'party', d.party, 'contact_addresses', d.contact_addresses,
                             'cases', d.cases, 'agreements', d.agreements, 'alerts', d.alerts,
                             'timeline', d.timeline);

REVOKE ALL ON FUNCTION
    loket.views_changed(), loket.views_changed_trigger(), loket.view_touch(), loket.view_style(),
    loket.view_lookup(bigint, int), loket.view_get(loket.view_lookup, int),
    loket.view_json(uuid, loket.view_doc) FROM PUBLIC;

-- Opening and re-reading, as in 006, with the kept view when it counts.
CREATE OR REPLACE FUNCTION api.party_open(p_party_id bigint, p_purpose text, p_terminal text DEFAULT NULL,
                                          p_timeline_limit int DEFAULT 50)
    RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp
    SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET jit = off AS $$
DECLARE
    v_me loket.agent := loket.me();
    v loket.view_lookup;
    v_access uuid;
    v_doc loket.view_doc;
BEGIN
    IF p_purpose IS NULL OR NOT EXISTS (SELECT 1 FROM loket.purpose WHERE code = p_purpose) THEN
        RAISE EXCEPTION 'loket: "%" is not a purpose; purposes are: %', p_purpose,
            (SELECT string_agg(code, ', ' ORDER BY sort) FROM loket.purpose)
            USING ERRCODE = 'LK422';
    END IF;
    v := loket.view_lookup(p_party_id, p_timeline_limit);
    IF (v.party).merged_into IS NOT NULL THEN
        RAISE EXCEPTION 'loket: customer % was merged into customer %', p_party_id, (v.party).merged_into
            USING ERRCODE = 'LK409', HINT = format('Open customer %s instead.', (v.party).merged_into);
    END IF;
    v_access := loket.log_access(v_me, 'open', p_party_id, p_purpose => p_purpose, p_terminal => p_terminal);
    v_doc := loket.view_get(v, p_timeline_limit);
    -- Plain variables as arguments, so that view_json is inlined: with a
    -- call among them it ran as a function of its own, parsing its body
    -- on every call (12% of a re-read).
    RETURN loket.view_json(v_access, v_doc);
END $$;

CREATE OR REPLACE FUNCTION api.party_reread(p_access_id uuid, p_party_id bigint, p_timeline_limit int DEFAULT 50)
    RETURNS json
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = loket, ext, pg_temp
    SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET jit = off AS $$
DECLARE
    -- Assigned, not PERFORMed: an assignment is evaluated as an expression,
    -- a PERFORM runs a statement through the executor around the call.
    v_me loket.agent := loket.me();
    v_opening loket.access_log := loket.access_check(p_access_id, p_party_id);
    v loket.view_lookup;
    v_doc loket.view_doc;
BEGIN
    v := loket.view_lookup(p_party_id, p_timeline_limit);
    v_doc := loket.view_get(v, p_timeline_limit);
    RETURN loket.view_json(p_access_id, v_doc);
END $$;

-- loket.view_touched is a setting any session may set: an agent setting it
-- to a customer's id would keep that customer's writes from marking their
-- kept views stale. Every api function starts with it empty (and puts the
-- caller's value back on return), so only what the call itself wrote is
-- remembered, whatever the session set. A later migration that adds an api
-- function gives it the same setting (a db test checks every one has it).
-- (A setting no module defines may be given to a function only by a
-- superuser: db migrate runs as one.)
RESET ROLE;
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
              WHERE p.pronamespace = 'api'::regnamespace
              ORDER BY p.oid::regprocedure::text
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET loket.view_touched = %L', f, '');
    END LOOP;
END $$;
