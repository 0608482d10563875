-- 006: the read path made lean, measured with `make bench` (see README).
--
-- What cost the time, and what replaced it:
--
-- * Re-planning. PL/pgSQL plans a query with parameters afresh on each of
--   its first five runs and then keeps a generic plan only if that looks no
--   dearer; with the planner settings of party_search the generic plan
--   always looked dearer, so every search was planned on every call (a
--   third of its time). Every api function now runs with
--   plan_cache_mode = force_generic_plan: the queries that take parameters
--   are served by an index whatever the parameters, so the generic plan is
--   the right one.
-- * loket.log_access was a SQL function holding an INSERT: such a function
--   is planned again on every call. In PL/pgSQL its INSERT is planned once
--   per session.
-- * Sequential scans of the small tables (agents, teams, case types) in
--   joins: each one asks the kernel for the table's size when it starts,
--   once per joined row. Every api function now runs with
--   enable_seqscan = off (and jit = off, see the end of this file).
-- * The customer view was one large statement building jsonb. It is now
--   three statements building json (text: no key sorting) from typed rows,
--   and it returns the access id itself instead of merging two documents.
-- * A name search without a birth date read up to 1,000 parties of each
--   candidate surname and sorted them; a new index gives them in the order
--   listed. With a birth date of a month or less, the few parties born then
--   are compared with the key from a covering index.
-- * Every search and opening locked the named customer's row through the
--   access log's foreign keys; the access log keeps the keys without them,
--   and its ids are time-ordered (UUID version 7), like the console's.
-- * Working days came from a PL/pgSQL function called per case; the same
--   arithmetic is now an inlinable SQL function (loket.working_days), which
--   working_days_between also uses.
-- * The timeline excerpt folded white space with a regular expression per
--   row (2 µs each, 100 µs for a page of 50). It is now the first 200
--   characters as stored; the console folds white space when it draws them.
--
-- One correction rides along: a timeline page could end between a contact
-- and the note logged with it (they share the key (at, id)), and the next
-- page, which starts below that key, then left the note out.

SET LOCAL ROLE loket_owner;
SET LOCAL search_path = loket, ext, pg_temp;

-- The access log ------------------------------------------------------------

-- A UUID whose first 48 bits are the time in milliseconds (the layout of
-- UUID version 7), the other 74 random: rows written one after another get
-- ids that sort together, so the primary key grows at its right edge
-- instead of touching a random page of a large index for every row.
CREATE FUNCTION loket.uuid_v7() RETURNS uuid
    LANGUAGE sql VOLATILE PARALLEL SAFE
    RETURN encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                                          PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp())
                                                                           * 1000)::bigint) FROM 3)
                                          FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid;

ALTER TABLE loket.access_log ALTER COLUMN id SET DEFAULT loket.uuid_v7();

-- The access log names agents, teams, customers and purposes by key but
-- holds no foreign keys to them: it must outlive what it names (a customer
-- erased on request stays in the record of who read them), and a foreign
-- key check locks the named row, so every search and opening wrote a lock
-- to a customer's page. The api functions write only keys they have just
-- read or checked.
ALTER TABLE loket.access_log
    DROP CONSTRAINT access_log_agent_id_fkey,
    DROP CONSTRAINT access_log_team_id_fkey,
    DROP CONSTRAINT access_log_party_id_fkey,
    DROP CONSTRAINT access_log_purpose_fkey;

CREATE OR REPLACE FUNCTION loket.log_access(p_agent loket.agent, p_action text, p_party_id bigint,
                                            p_purpose text DEFAULT NULL, p_query_kind text DEFAULT NULL,
                                            p_result_count int DEFAULT NULL, p_result text DEFAULT 'ok',
                                            p_terminal text DEFAULT NULL, p_detail text DEFAULT NULL)
    RETURNS uuid
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_id uuid;
BEGIN
    INSERT INTO loket.access_log (login, agent_id, team_id, party_id, action, purpose, query_kind,
                                  result_count, result, terminal, detail)
    VALUES (session_user, p_agent.id, p_agent.team_id, p_party_id, p_action, p_purpose, p_query_kind,
            p_result_count, p_result,
            coalesce(nullif(p_terminal, ''), nullif(current_setting('application_name', true), '')),
            p_detail)
    RETURNING id INTO v_id;
    RETURN v_id;
END $$;

-- Unknown keys in a contact: the common case (none) is one jsonb
-- subtraction, without running a query over the keys.
CREATE OR REPLACE FUNCTION loket.contact_keys(p_field text, p_obj jsonb, allowed text[]) RETURNS void
    LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    extra text;
BEGIN
    IF jsonb_typeof(p_obj) <> 'object' THEN
        RAISE EXCEPTION 'contact: % must be an object, not %', p_field, jsonb_typeof(p_obj)
            USING ERRCODE = 'LK422';
    END IF;
    IF (p_obj - allowed) = '{}'::jsonb THEN
        RETURN;
    END IF;
    SELECT string_agg(quote_literal(k), ', ' ORDER BY k) INTO extra
      FROM jsonb_object_keys(p_obj - allowed) AS k;
    RAISE EXCEPTION 'contact: unknown field(s) % in %; known are: %', extra, p_field,
        array_to_string(allowed, ', ') USING ERRCODE = 'LK422';
END $$;

-- Working days after from_day up to and including to_day (0 when to_day is
-- not later): weekdays, less the holidays among them. A set-returning SQL
-- function of one SELECT, so a query calling it in FROM gets it inlined.
CREATE FUNCTION loket.working_days(from_day date, to_day date) RETURNS TABLE(n int)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN to_day <= from_day THEN 0 ELSE
               ((extract(isodow FROM from_day)::int + (to_day - from_day)) / 7 * 5
                + least((extract(isodow FROM from_day)::int + (to_day - from_day)) % 7, 5))
             - (extract(isodow FROM from_day)::int / 7 * 5 + least(extract(isodow FROM from_day)::int % 7, 5))
             - count(*)::int END
      FROM loket.holiday h
     WHERE h.day > from_day AND h.day <= to_day AND extract(isodow FROM h.day) < 6
$$;

CREATE OR REPLACE FUNCTION loket.working_days_between(from_day date, to_day date) RETURNS int
    LANGUAGE sql STABLE PARALLEL SAFE STRICT
    RETURN (SELECT w.n FROM loket.working_days(from_day, to_day) AS w);

-- The rows of the customer view, typed so that json gets their field names
-- from the type (array_to_json), and the alerts can be worked out from the
-- arrays of cases and agreements already read.
CREATE TYPE loket.view_timeline_item AS (
    type text, id uuid, at timestamptz, channel text, direction text, subject text, outcome text,
    agent text, actor text, case_ref text, excerpt text, has_transcript boolean, confidential boolean);
CREATE TYPE loket.view_case AS (
    ref text, case_type text, case_type_name text, subject text, status text, opened_at timestamptz,
    due_on date, working_days_left int, owner json, owned_since timestamptz, team text, priority smallint,
    confidential boolean, closed_at timestamptz);
CREATE TYPE loket.view_agreement AS (
    id bigint, kind text, description text, due_at timestamptz, status text, overdue boolean,
    made_by text, made_at timestamptz, case_ref text);
CREATE TYPE loket.view_alert AS (kind text, text text, ref text);

DROP FUNCTION api.party_open(bigint, text, text, int);
DROP FUNCTION api.party_reread(uuid, bigint, int);
DROP FUNCTION api.timeline_page(uuid, bigint, timestamptz, uuid, text, int);
DROP FUNCTION loket.party_view(bigint, int);
DROP FUNCTION loket.party_timeline(bigint, timestamptz, uuid, text, int);
DROP FUNCTION loket.timeline_excerpt(text);

-- One page of a customer's timeline: interactions and notes, newest first,
-- keyset-paged on (at, id). Each source is read through its own index with
-- LIMIT n + 2, so a page deep in the history costs what the first one does.
-- With a channel filter only interactions are listed (a note's channel is
-- its interaction's; its interaction's detail shows it). `next` is the key
-- to pass as (before_at, before_id) for the following page, or null. The
-- excerpt is the first 200 characters, null for a confidential contact.
CREATE FUNCTION loket.party_timeline(p_party_id bigint, p_before_at timestamptz, p_before_id uuid,
                                     p_channel text, p_limit int)
    RETURNS json
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_at timestamptz := coalesce(p_before_at, 'infinity'::timestamptz);
    v_id uuid := coalesce(p_before_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid);
    v_rows loket.view_timeline_item[];
    v_take int;
BEGIN
    -- A note logged with its contact (api.contact_log) has the contact's
    -- id, and its time too when the contact's time was not given: the same
    -- key (at, id). It sorts right after the contact, and a page never ends
    -- between the two (the next page starts below their shared key). So up
    -- to p_limit + 2 rows are read: the page (which may hold p_limit + 1),
    -- perhaps such a note, and one to tell if more follow.
    IF p_channel IS NULL THEN
        v_rows := ARRAY(
            SELECT ROW(u.type, u.id, u.at, coalesce(u.channel, li.channel), u.direction,
                       coalesce(u.subject, li.subject), u.outcome, a.name, u.actor, cf.ref,
                       CASE WHEN u.confidential OR li.confidential THEN NULL ELSE u.body END,
                       u.has_transcript, u.confidential OR coalesce(li.confidential, false)
                   )::loket.view_timeline_item
              FROM ((SELECT 'interaction'::text AS type, i.id, i.occurred_at AS at, i.channel, i.direction,
                            i.subject, i.outcome, i.agent_id, i.actor, i.case_id, NULL::uuid AS interaction_id,
                            left(i.content, 200) AS body, i.transcript IS NOT NULL AS has_transcript,
                            i.confidential
                       FROM loket.interaction i
                      WHERE i.party_id = p_party_id AND (i.occurred_at, i.id) < (v_at, v_id)
                      ORDER BY i.occurred_at DESC, i.id DESC
                      LIMIT p_limit + 2)
                    UNION ALL
                    (SELECT 'note', n.id, n.created_at, NULL, NULL, NULL, NULL, n.agent_id, NULL, n.case_id,
                            n.interaction_id, left(n.body, 200), false, false
                       FROM loket.note n
                      WHERE n.party_id = p_party_id AND (n.created_at, n.id) < (v_at, v_id)
                      ORDER BY n.created_at DESC, n.id DESC
                      LIMIT p_limit + 2)
                    ORDER BY at DESC, id DESC, type
                    LIMIT p_limit + 2) AS u
              LEFT JOIN loket.interaction li ON li.id = u.interaction_id
              LEFT JOIN loket.agent a ON a.id = u.agent_id
              LEFT JOIN loket.case_file cf ON cf.id = coalesce(u.case_id, li.case_id)
             ORDER BY u.at DESC, u.id DESC, u.type);
    ELSE
        v_rows := ARRAY(
            SELECT ROW('interaction', i.id, i.occurred_at, i.channel, i.direction, i.subject, i.outcome,
                       a.name, i.actor, cf.ref,
                       CASE WHEN i.confidential THEN NULL ELSE left(i.content, 200) END,
                       i.transcript IS NOT NULL, i.confidential)::loket.view_timeline_item
              FROM (SELECT * FROM loket.interaction x
                     WHERE x.party_id = p_party_id AND x.channel = p_channel
                       AND (x.occurred_at, x.id) < (v_at, v_id)
                     ORDER BY x.occurred_at DESC, x.id DESC
                     LIMIT p_limit + 2) AS i
              LEFT JOIN loket.agent a ON a.id = i.agent_id
              LEFT JOIN loket.case_file cf ON cf.id = i.case_id
             ORDER BY i.occurred_at DESC, i.id DESC);
    END IF;
    v_take := least(cardinality(v_rows), p_limit);
    IF cardinality(v_rows) > p_limit AND v_rows[p_limit + 1].at = v_rows[p_limit].at
       AND v_rows[p_limit + 1].id = v_rows[p_limit].id THEN
        v_take := p_limit + 1;
    END IF;
    RETURN json_build_object(
        'items', coalesce(array_to_json(v_rows[1:v_take]), '[]'),
        'next', CASE WHEN cardinality(v_rows) > v_take
                     THEN json_build_object('before_at', v_rows[v_take].at, 'before_id', v_rows[v_take].id) END);
END $$;


-- The whole customer view of party `p` under access id `p_access_id`:
-- party, contact addresses, cases, agreements, alerts and the first
-- timeline page. Shared by api.party_open and api.party_reread.
CREATE FUNCTION loket.party_view(p loket.party, p_access_id uuid, p_timeline_limit int) RETURNS json
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_now timestamptz := now();
    v_today date := (v_now AT TIME ZONE 'Europe/Amsterdam')::date;
    v_cases loket.view_case[];
    v_agreements loket.view_agreement[];
    v_week int;
    v_letter text;
    v_letter_id text;
BEGIN
    -- One statement reads the cases (open by deadline, then those closed in
    -- the last 90 days), the agreements (open by due time, then the last
    -- ten others) and the last 14 days of contacts (how many in 7 days, the
    -- latest letter): each statement costs its own executor start.
    SELECT ARRAY(
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
           r.week, r.letter, r.letter_id
      INTO v_cases, v_agreements, v_week, v_letter, v_letter_id
      FROM (SELECT count(*) FILTER (WHERE r.occurred_at > v_now - interval '7 days') AS week,
                   (array_agg(format('Letter sent %s: %s',
                                     to_char(r.occurred_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD'),
                                     r.subject)
                              ORDER BY r.occurred_at DESC, r.id DESC) FILTER (WHERE r.letter))[1] AS letter,
                   (array_agg(r.id::text ORDER BY r.occurred_at DESC, r.id DESC)
                       FILTER (WHERE r.letter))[1] AS letter_id
              FROM (SELECT i.id, i.occurred_at, i.subject,
                           (i.channel = 'letter' AND i.direction = 'out') OR i.subject LIKE 'Besluit%'
                               OR i.outcome = 'sent' AS letter
                      FROM loket.interaction i
                     WHERE i.party_id = p.id AND i.occurred_at > v_now - interval '14 days'
                     ORDER BY i.occurred_at DESC, i.id DESC
                     LIMIT 200) AS r) AS r;
    RETURN json_build_object(
        'access_id', p_access_id,
        'party', json_build_object(
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
        'contact_addresses', coalesce((
            SELECT json_agg(json_build_object('kind', ca.kind, 'value', ca.value, 'is_default', ca.is_default,
                                              'verified_on', ca.verified_on)
                            ORDER BY ca.is_default DESC, ca.kind, ca.value)
              FROM (SELECT * FROM loket.contact_address c WHERE c.party_id = p.id LIMIT 50) AS ca), '[]'),
        'cases', coalesce(array_to_json(v_cases), '[]'),
        'agreements', coalesce(array_to_json(v_agreements), '[]'),
        'alerts', coalesce(array_to_json(ARRAY(
            SELECT x.a FROM (
                SELECT 1 AS sev, g.due_at AS k,
                       ROW('agreement_overdue',
                           format('Agreement overdue since %s: %s',
                                  to_char(g.due_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI'),
                                  coalesce(g.description, replace(g.kind, '_', ' '))),
                           g.id::text)::loket.view_alert AS a
                  FROM unnest(v_agreements) AS g WHERE g.overdue
                UNION ALL
                SELECT 2, c.due_on::timestamptz,
                       ROW('deadline_passed',
                           format('Case %s deadline %s passed (%s working day%s ago): %s', c.ref, c.due_on,
                                  -c.working_days_left, CASE WHEN c.working_days_left = -1 THEN '' ELSE 's' END,
                                  c.subject),
                           c.ref)::loket.view_alert
                  FROM unnest(v_cases) AS c WHERE c.closed_at IS NULL AND c.due_on < v_today
                UNION ALL
                SELECT 3, b.made_at,
                       ROW('agreement_broken',
                           format('Agreement broken (made %s): %s',
                                  to_char(b.made_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD'),
                                  coalesce(b.description, replace(b.kind, '_', ' '))),
                           b.id::text)::loket.view_alert
                  FROM (SELECT g.* FROM loket.agreement g
                         WHERE g.party_id = p.id AND g.status = 'broken' AND g.made_at > v_now - interval '90 days'
                         ORDER BY g.made_at DESC LIMIT 5) AS b
                UNION ALL
                SELECT 4, c.due_on::timestamptz,
                       ROW('deadline_near',
                           format('Case %s deadline %s: %s working day%s left: %s', c.ref, c.due_on,
                                  c.working_days_left, CASE WHEN c.working_days_left = 1 THEN '' ELSE 's' END,
                                  c.subject),
                           c.ref)::loket.view_alert
                  FROM unnest(v_cases) AS c
                 WHERE c.closed_at IS NULL AND c.due_on >= v_today AND c.working_days_left <= 5
                UNION ALL
                SELECT 5, NULL, ROW('frequent_contact', format('%s contacts in the last 7 days', v_week),
                                    NULL)::loket.view_alert
                 WHERE v_week >= 3
                UNION ALL
                SELECT 6, NULL, ROW('letter_sent', v_letter, v_letter_id)::loket.view_alert
                 WHERE v_letter IS NOT NULL) AS x
             ORDER BY x.sev, x.k)), '[]'),
        'timeline', loket.party_timeline(p.id, NULL, NULL, NULL, p_timeline_limit));
END $$;

-- Open a customer for a stated purpose: one access_log row, whose id comes
-- back as the access id for the further reads of this sitting.
CREATE FUNCTION api.party_open(p_party_id bigint, p_purpose text, p_terminal text DEFAULT NULL,
                               p_timeline_limit int DEFAULT 50)
    RETURNS json
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    v_me loket.agent := loket.me();
    v_party loket.party;
BEGIN
    IF p_purpose IS NULL OR NOT EXISTS (SELECT 1 FROM loket.purpose WHERE code = p_purpose) THEN
        RAISE EXCEPTION 'loket: "%" is not a purpose; purposes are: %', p_purpose,
            (SELECT string_agg(code, ', ' ORDER BY sort) FROM loket.purpose)
            USING ERRCODE = 'LK422';
    END IF;
    IF p_timeline_limit IS NULL OR p_timeline_limit < 1 OR p_timeline_limit > 500 THEN
        RAISE EXCEPTION 'loket: timeline limit % is not between 1 and 500', p_timeline_limit
            USING ERRCODE = 'LK422';
    END IF;
    SELECT * INTO v_party FROM loket.party WHERE id = p_party_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'loket: no customer %', p_party_id USING ERRCODE = 'LK404';
    END IF;
    IF v_party.merged_into IS NOT NULL THEN
        RAISE EXCEPTION 'loket: customer % was merged into customer %', p_party_id, v_party.merged_into
            USING ERRCODE = 'LK409', HINT = format('Open customer %s instead.', v_party.merged_into);
    END IF;
    RETURN loket.party_view(v_party,
                            loket.log_access(v_me, 'open', p_party_id, p_purpose => p_purpose,
                                             p_terminal => p_terminal),
                            p_timeline_limit);
END $$;

-- The same view again within the sitting (after a notice): no new log row.
CREATE FUNCTION api.party_reread(p_access_id uuid, p_party_id bigint, p_timeline_limit int DEFAULT 50)
    RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    v_party loket.party;
BEGIN
    PERFORM loket.me();
    PERFORM loket.access_check(p_access_id, p_party_id);
    IF p_timeline_limit IS NULL OR p_timeline_limit < 1 OR p_timeline_limit > 500 THEN
        RAISE EXCEPTION 'loket: timeline limit % is not between 1 and 500', p_timeline_limit
            USING ERRCODE = 'LK422';
    END IF;
    SELECT * INTO v_party FROM loket.party WHERE id = p_party_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'loket: no customer %', p_party_id USING ERRCODE = 'LK404';
    END IF;
    RETURN loket.party_view(v_party, p_access_id, p_timeline_limit);
END $$;

-- A further timeline page (older than before_at/before_id), optionally one
-- channel only. No log row: the opening covers it.
CREATE FUNCTION api.timeline_page(p_access_id uuid, p_party_id bigint, p_before_at timestamptz DEFAULT NULL,
                                  p_before_id uuid DEFAULT NULL, p_channel text DEFAULT NULL,
                                  p_limit int DEFAULT 50)
    RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
BEGIN
    PERFORM loket.me();
    PERFORM loket.access_check(p_access_id, p_party_id);
    IF p_channel IS NOT NULL AND NOT EXISTS (SELECT 1 FROM loket.channel WHERE code = p_channel) THEN
        RAISE EXCEPTION 'loket: "%" is not a channel; channels are: %', p_channel,
            (SELECT string_agg(code, ', ' ORDER BY sort) FROM loket.channel)
            USING ERRCODE = 'LK422';
    END IF;
    IF (p_before_at IS NULL) <> (p_before_id IS NULL) THEN
        RAISE EXCEPTION 'loket: a timeline page needs both before_at and before_id, or neither'
            USING ERRCODE = 'LK422';
    END IF;
    IF p_limit IS NULL OR p_limit < 1 OR p_limit > 500 THEN
        RAISE EXCEPTION 'loket: timeline limit % is not between 1 and 500', p_limit USING ERRCODE = 'LK422';
    END IF;
    RETURN loket.party_timeline(p_party_id, p_before_at, p_before_id, p_channel, p_limit);
END $$;

-- Search --------------------------------------------------------------------

-- The parties born on a day, with their surnames: a search by name and
-- birth date compares those surnames with the key from the index alone.
CREATE INDEX party_birth_name_idx ON loket.party (birth_date) INCLUDE (surname_norm, id)
    WHERE merged_into IS NULL;

-- A surname's parties in the order a search lists them.
CREATE INDEX party_name_order_idx ON loket.party
    (surname_norm, surname, (coalesce(initials, left(given_name, 1) || '.')) NULLS FIRST,
     name_prefix NULLS FIRST, id)
    WHERE merged_into IS NULL;

-- Find customers (as in 003; without a birth date, each surname's parties
-- now come in name order from party_name_order_idx, as many as the page
-- needs, where 003 read up to 1,000 of them by birth date and sorted them:
-- a common surname has 45,000 parties among a million customers).
--
-- The client has classified and normalised what the agent
-- typed; p_kind says how to look it up. For names: exact surname matches,
-- then prefix matches, then (keys of 3+ characters) fuzzy matches found
-- through loket.surname. Merged parties are never returned; confidential
-- ones come without address. One access_log row per call.
--
-- Order: match rank, score, then the sort name's order (surname, initials,
-- prefix — spelled out rather than calling loket.party_sort_name, which is
-- not inlined and costs microseconds a row). Every tier is bounded: without
-- a birth date a surname contributes its first parties in that order, read
-- in order from party_name_order_idx and no more than the page needs, and
-- candidate surnames are taken, closest first, only until their party
-- counts can fill the page; a search that broad fills the page, and the
-- client asks for a birth date.
--
-- Planner settings: every query here has a btree index that serves it in
-- order, so sequential and bitmap scans are off. Otherwise the generic plan,
-- which expects an average surname (a few hundred parties), reads all 45,000
-- parties of the commonest one through a bitmap and sorts them, where an
-- ordered index scan stops after the first 1,000. jit is off with them, or
-- the "disabled" cost of the one unavoidable scan (loket.me() on agent)
-- would start a JIT compilation of a hundred milliseconds.
CREATE OR REPLACE FUNCTION api.party_search(p_kind text, p_key text, p_birth_from date DEFAULT NULL,
                                 p_birth_to date DEFAULT NULL, p_house_number int DEFAULT NULL,
                                 p_limit int DEFAULT 20)
    RETURNS TABLE(party_id bigint, kind text, display_name text, sort_name text, birth_date date,
                  bsn_masked text, address text, open_cases int, match text, score real)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp
    SET enable_seqscan = off
    SET enable_bitmapscan = off
    SET jit = off AS $$
#variable_conflict use_column
DECLARE
    v_me loket.agent := loket.me();
    k text;
    k_hi text;                      -- upper bound of the prefix range of k
    v_from date;
    v_to date;
    v_birth boolean := p_birth_from IS NOT NULL OR p_birth_to IS NOT NULL;
    v_hits loket.party_search_hit[] := '{}';
    v_left int;
    v_count int;
    v_days int;                     -- days in the birth date range, when it is bounded
BEGIN
    IF p_kind IS NULL OR p_kind NOT IN ('bsn', 'kvk', 'postcode', 'phone', 'email', 'case', 'name') THEN
        RAISE EXCEPTION 'loket: unknown search kind "%"; kinds are: bsn, kvk, postcode, phone, email, case, name',
            p_kind USING ERRCODE = 'LK422';
    END IF;
    IF NOT loket.nonblank(p_key) THEN
        RAISE EXCEPTION 'loket: a % search needs a key', p_kind USING ERRCODE = 'LK422';
    END IF;
    IF p_limit IS NULL OR p_limit < 1 OR p_limit > 200 THEN
        RAISE EXCEPTION 'loket: search limit % is not between 1 and 200', p_limit USING ERRCODE = 'LK422';
    END IF;
    IF p_birth_from > p_birth_to THEN
        RAISE EXCEPTION 'loket: birth date range % to % is empty', p_birth_from, p_birth_to
            USING ERRCODE = 'LK422';
    END IF;

    IF p_kind = 'bsn' THEN
        k := btrim(p_key);
        v_hits := ARRAY(SELECT ROW(p.id, 'exact', 1)::loket.party_search_hit
                          FROM loket.party p WHERE p.bsn = k AND p.merged_into IS NULL);
    ELSIF p_kind = 'kvk' THEN
        -- An 8-digit number also finds the 12-digit branches under it.
        k := btrim(p_key);
        IF k ~ '^[0-9]{8}$' THEN
            v_hits := ARRAY(SELECT ROW(p.id, 'exact', 1)::loket.party_search_hit
                              FROM loket.party p
                             WHERE p.kvk BETWEEN k AND k || '9999' AND p.merged_into IS NULL
                             ORDER BY length(p.kvk), p.kvk, p.id LIMIT p_limit);
        ELSE
            v_hits := ARRAY(SELECT ROW(p.id, 'exact', 1)::loket.party_search_hit
                              FROM loket.party p WHERE p.kvk = k AND p.merged_into IS NULL
                             ORDER BY p.id LIMIT p_limit);
        END IF;
    ELSIF p_kind = 'postcode' THEN
        k := upper(replace(p_key, ' ', ''));
        IF p_house_number IS NULL THEN
            v_hits := ARRAY(SELECT ROW(p.id, 'exact', 1)::loket.party_search_hit
                              FROM loket.party p WHERE p.postcode = k AND p.merged_into IS NULL
                             ORDER BY p.house_number, p.house_letter NULLS FIRST, p.house_suffix NULLS FIRST,
                                      p.surname, coalesce(p.initials, left(p.given_name, 1) || '.') NULLS FIRST,
                                      p.name_prefix NULLS FIRST, p.id
                             LIMIT p_limit);
        ELSE
            v_hits := ARRAY(SELECT ROW(p.id, 'exact', 1)::loket.party_search_hit
                              FROM loket.party p
                             WHERE p.postcode = k AND p.house_number = p_house_number AND p.merged_into IS NULL
                             ORDER BY p.house_letter NULLS FIRST, p.house_suffix NULLS FIRST,
                                      p.surname, coalesce(p.initials, left(p.given_name, 1) || '.') NULLS FIRST,
                                      p.name_prefix NULLS FIRST, p.id
                             LIMIT p_limit);
        END IF;
    ELSIF p_kind IN ('phone', 'email') THEN
        k := CASE p_kind WHEN 'email' THEN lower(btrim(p_key)) ELSE btrim(p_key) END;
        v_hits := ARRAY(SELECT ROW(p.id, 'exact', 1)::loket.party_search_hit
                          FROM loket.party p
                         WHERE p.id IN (SELECT ca.party_id FROM loket.contact_address ca
                                         WHERE ca.value = k
                                           AND ca.kind = ANY (CASE p_kind WHEN 'email' THEN ARRAY['email']
                                                                      ELSE ARRAY['phone', 'whatsapp'] END))
                           AND p.merged_into IS NULL
                         ORDER BY p.surname, coalesce(p.initials, left(p.given_name, 1) || '.') NULLS FIRST,
                                  p.name_prefix NULLS FIRST, p.id
                         LIMIT p_limit);
    ELSIF p_kind = 'case' THEN
        k := upper(btrim(p_key));
        v_hits := ARRAY(SELECT ROW(p.id, 'exact', 1)::loket.party_search_hit
                          FROM loket.party p
                         WHERE p.id IN (SELECT cf.party_id FROM loket.case_file cf WHERE cf.ref = k)
                           AND p.merged_into IS NULL);
    ELSE
        -- 'name'
        k := loket.norm_name(p_key);
        IF k = '' THEN
            RAISE EXCEPTION 'loket: a name search needs letters' USING ERRCODE = 'LK422';
        END IF;
        k_hi := k || chr(1114111);
        v_from := coalesce(p_birth_from, '-infinity'::date);
        v_to := coalesce(p_birth_to, 'infinity'::date);
        IF isfinite(p_birth_from) AND isfinite(p_birth_to) THEN
            v_days := p_birth_to - p_birth_from + 1;
        END IF;

        -- 1. The surname itself.
        IF v_birth THEN
            v_hits := ARRAY(SELECT ROW(p.id, 'exact', 1)::loket.party_search_hit
                              FROM loket.party p
                             WHERE p.surname_norm = k AND p.birth_date BETWEEN v_from AND v_to
                               AND p.merged_into IS NULL
                             ORDER BY p.surname, coalesce(p.initials, left(p.given_name, 1) || '.') NULLS FIRST,
                                      p.name_prefix NULLS FIRST, p.id
                             LIMIT p_limit);
        ELSE
            v_hits := ARRAY(SELECT ROW(p.id, 'exact', 1)::loket.party_search_hit
                              FROM (SELECT * FROM loket.party x
                                     WHERE x.surname_norm = k AND x.merged_into IS NULL
                                     ORDER BY x.surname, coalesce(x.initials, left(x.given_name, 1) || '.') NULLS FIRST, x.name_prefix NULLS FIRST, x.id LIMIT p_limit) AS p
                             ORDER BY p.surname, coalesce(p.initials, left(p.given_name, 1) || '.') NULLS FIRST,
                                      p.name_prefix NULLS FIRST, p.id
                             LIMIT p_limit);
        END IF;

        -- 2. Surnames that start with the key. With a birth date of a
        -- month or less, the parties born then are few (a few dozen among
        -- millions) and are read through the birth date index, typos
        -- (tier 3) in the same pass: every such party whose surname is
        -- close enough (similarity 0.4) is a typo match, where a longer
        -- range takes them from the 20 nearest surnames of all (tier 3) —
        -- with a birth date the few parties can all be weighed. With a longer birth range the party
        -- index (surname_norm text_pattern_ops, birth_date) answers it in
        -- one range that starts after the key itself; without a birth date
        -- the candidate surnames come from loket.surname, taking only as
        -- many (closest first) as can fill the page.
        v_left := p_limit - cardinality(v_hits);
        IF v_left > 0 AND v_days <= 31 THEN
            v_hits := v_hits || ARRAY(
                SELECT ROW(p.id, CASE WHEN c.prefix THEN 'prefix' ELSE 'fuzzy' END, c.sim)::loket.party_search_hit
                  FROM (SELECT x.id, starts_with(x.surname_norm, k) AS prefix,
                               similarity(x.surname_norm, k) AS sim
                          FROM loket.party x
                         WHERE x.birth_date BETWEEN v_from AND v_to AND x.merged_into IS NULL
                           AND x.surname_norm <> k) AS c
                  JOIN loket.party p ON p.id = c.id
                 WHERE c.prefix OR (length(k) >= 3 AND c.sim >= 0.4)
                 ORDER BY c.prefix DESC, c.sim DESC,
                          p.surname, coalesce(p.initials, left(p.given_name, 1) || '.') NULLS FIRST,
                          p.name_prefix NULLS FIRST, p.id
                 LIMIT v_left);
        ELSIF v_left > 0 AND v_birth THEN
            v_hits := v_hits || ARRAY(
                SELECT ROW(p.id, 'prefix', similarity(p.surname_norm, k))::loket.party_search_hit
                  FROM loket.party p
                 WHERE p.surname_norm ~>~ k AND p.surname_norm ~<~ k_hi
                   AND starts_with(p.surname_norm, k)
                   AND p.birth_date BETWEEN v_from AND v_to AND p.merged_into IS NULL
                 ORDER BY similarity(p.surname_norm, k) DESC,
                          p.surname, coalesce(p.initials, left(p.given_name, 1) || '.') NULLS FIRST,
                          p.name_prefix NULLS FIRST, p.id
                 LIMIT v_left);
        ELSIF v_left > 0 THEN
            v_hits := v_hits || ARRAY(
                WITH cand AS (
                    SELECT s.norm, s.parties, similarity(s.norm, k) AS sim
                      FROM loket.surname s
                     WHERE s.norm ~>=~ k AND s.norm ~<~ k_hi AND starts_with(s.norm, k)
                       AND s.norm <> k AND s.parties > 0
                ), enough AS (
                    SELECT c.norm, c.sim,
                           coalesce(sum(c.parties) OVER (ORDER BY c.sim DESC
                                    RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP), 0) AS before
                      FROM cand c
                )
                SELECT ROW(p.id, 'prefix', e.sim)::loket.party_search_hit
                  FROM enough e
                 CROSS JOIN LATERAL (SELECT * FROM loket.party x
                                      WHERE x.surname_norm = e.norm AND x.merged_into IS NULL
                                      ORDER BY x.surname, coalesce(x.initials, left(x.given_name, 1) || '.') NULLS FIRST, x.name_prefix NULLS FIRST, x.id
                                      LIMIT v_left) AS p
                 WHERE e.before < v_left
                 ORDER BY e.sim DESC, p.surname, coalesce(p.initials, left(p.given_name, 1) || '.') NULLS FIRST,
                          p.name_prefix NULLS FIRST, p.id
                 LIMIT v_left);
        END IF;

        -- 3. Typos: the nearest distinct surnames by trigram similarity
        -- (loket.surname_fuzzy), then party by equality.
        -- Keys of one or two characters stop at prefix matches; a short
        -- birth date range had its typos read with tier 2.
        v_left := p_limit - cardinality(v_hits);
        IF v_left > 0 AND length(k) >= 3 AND NOT coalesce(v_days <= 31, false) THEN
            IF v_birth THEN
                v_hits := v_hits || ARRAY(
                    SELECT ROW(p.id, 'fuzzy', c.sim)::loket.party_search_hit
                      FROM loket.surname_fuzzy(k, 20) AS c
                      JOIN loket.party p ON p.surname_norm = c.norm AND p.birth_date BETWEEN v_from AND v_to
                                        AND p.merged_into IS NULL
                     ORDER BY c.sim DESC, p.surname, coalesce(p.initials, left(p.given_name, 1) || '.') NULLS FIRST,
                              p.name_prefix NULLS FIRST, p.id
                     LIMIT v_left);
            ELSE
                v_hits := v_hits || ARRAY(
                    WITH enough AS (
                        SELECT c.norm, c.sim,
                               coalesce(sum(c.parties) OVER (ORDER BY c.sim DESC
                                        RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP), 0) AS before
                          FROM loket.surname_fuzzy(k, 20) AS c
                    )
                    SELECT ROW(p.id, 'fuzzy', e.sim)::loket.party_search_hit
                      FROM enough e
                     CROSS JOIN LATERAL (SELECT * FROM loket.party x
                                          WHERE x.surname_norm = e.norm AND x.merged_into IS NULL
                                          ORDER BY x.surname, coalesce(x.initials, left(x.given_name, 1) || '.') NULLS FIRST, x.name_prefix NULLS FIRST, x.id
                                          LIMIT v_left) AS p
                     WHERE e.before < v_left
                     ORDER BY e.sim DESC, p.surname, coalesce(p.initials, left(p.given_name, 1) || '.') NULLS FIRST,
                              p.name_prefix NULLS FIRST, p.id
                     LIMIT v_left);
            END IF;
        END IF;
    END IF;

    RETURN QUERY
    SELECT p.id, p.kind, loket.party_display_name(p), loket.party_sort_name(p), p.birth_date,
           loket.bsn_mask(p.bsn),
           CASE WHEN p.confidential THEN NULL ELSE loket.party_address(p) END,
           (SELECT count(*)::int FROM loket.case_file cf WHERE cf.party_id = p.id AND cf.closed_at IS NULL),
           h.match, h.score
      FROM unnest(v_hits) WITH ORDINALITY AS h(party_id, match, score, ord)
      JOIN loket.party p ON p.id = h.party_id
     ORDER BY h.ord;
    GET DIAGNOSTICS v_count = ROW_COUNT;

    PERFORM loket.log_access(v_me, 'search', NULL, p_query_kind => p_kind, p_result_count => v_count);
END $$;

-- Every api function: generic plans, no sequential scans where an index
-- serves, and no JIT. The small tables (agents, teams, purposes, case types)
-- would otherwise be scanned whole, and a sequential scan asks the kernel
-- for the table's size each time it starts: inside a join, once per row (a
-- page of the timeline spent half its time on that). A few queries have
-- no index to use (the reference lists in their display order, the count
-- of active agents); the cost the planner then gives their scan would
-- start a JIT compilation on a server with jit on, hence jit = off.
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
              WHERE p.pronamespace = 'api'::regnamespace
              ORDER BY p.oid::regprocedure::text
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET plan_cache_mode = force_generic_plan '
                       'SET enable_seqscan = off SET jit = off', f);
    END LOOP;
END $$;

-- Privileges -----------------------------------------------------------------

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA loket FROM PUBLIC;
REVOKE ALL ON FUNCTION
    api.party_open(bigint, text, text, int),
    api.party_reread(uuid, bigint, int),
    api.timeline_page(uuid, bigint, timestamptz, uuid, text, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    api.party_open(bigint, text, text, int),
    api.party_reread(uuid, bigint, int),
    api.timeline_page(uuid, bigint, timestamptz, uuid, text, int) TO loket_agent;
