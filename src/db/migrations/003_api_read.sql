-- 003: the read side of schema api — finding a customer, opening the
-- customer view, the contact timeline, revealing the BSN, and the access
-- log for auditors.
--
-- Every read of personal data writes one access_log row: a search (its kind
-- and result count, never its text), an opening (with its purpose; its row id
-- is the access id), a reveal, an audit. Later reads in the same sitting —
-- timeline pages, a re-read, one item in full — present the access id
-- instead (loket.access_check) and write nothing.
--
-- Performance rules followed here: every query is an index lookup or a
-- bounded index range with a LIMIT; fuzzy name matching runs over the small
-- table of distinct surnames and only then probes party by equality; the
-- timeline is keyset-paged over (at, id) with a LIMIT per source.

SET LOCAL ROLE loket_owner;
SET LOCAL search_path = loket, ext, pg_temp;

-- Prefix matches on the distinct surnames (byte order, any collation).
CREATE INDEX surname_norm_pattern_idx ON loket.surname (norm text_pattern_ops);

-- Load pg_trgm's library now, so that its setting pg_trgm.similarity_threshold
-- is known (and known to be user-settable) when the functions below name it
-- in their SET clauses; a placeholder may be set there by superusers only.
DO $$ BEGIN PERFORM ext.similarity('loket', 'loket'); END $$;

-- One hit of a search tier, in the order it will be returned.
CREATE TYPE loket.party_search_hit AS (party_id bigint, match text, score real);

-- Search -------------------------------------------------------------------

-- The distinct surnames nearest to k by trigram similarity (at least 0.4),
-- best first, that still belong to a party, leaving out those that start
-- with k (they are prefix matches). Only a bitmap scan can use the GIN
-- index of loket.surname, and party_search turns bitmap scans off for its
-- own queries, so this lookup is a function of its own with its settings.
CREATE FUNCTION loket.surname_fuzzy(k text, n int) RETURNS TABLE(norm text, parties int, sim real)
    LANGUAGE plpgsql STABLE ROWS 20
    SET pg_trgm.similarity_threshold = 0.4
    SET enable_seqscan = off
    SET enable_bitmapscan = on
    SET jit = off AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT s.norm, s.parties, ext.similarity(s.norm, k)
      FROM loket.surname s
     WHERE s.norm OPERATOR(ext.%) k AND s.parties > 0 AND NOT starts_with(s.norm, k)
     ORDER BY 3 DESC, s.norm
     LIMIT n;
END $$;

-- Find customers. The client has classified and normalised what the agent
-- typed; p_kind says how to look it up. For names: exact surname matches,
-- then prefix matches, then (keys of 3+ characters) fuzzy matches found
-- through loket.surname. Merged parties are never returned; confidential
-- ones come without address. One access_log row per call.
--
-- Order: match rank, score, then the sort name's order (surname, initials,
-- prefix — spelled out rather than calling loket.party_sort_name, which is
-- not inlined and costs microseconds a row). Every tier is bounded: without
-- a birth date a surname contributes at most its first 1,000 parties (by
-- birth date) to the sort, and candidate surnames are taken, closest first,
-- only until their party counts can fill the page; a search that broad
-- fills the page, and the client asks for a birth date.
--
-- Planner settings: every query here has a btree index that serves it in
-- order, so sequential and bitmap scans are off. Otherwise the generic plan,
-- which expects an average surname (a few hundred parties), reads all 45,000
-- parties of the commonest one through a bitmap and sorts them, where an
-- ordered index scan stops after the first 1,000. jit is off with them, or
-- the "disabled" cost of the one unavoidable scan (loket.me() on agent)
-- would start a JIT compilation of a hundred milliseconds.
CREATE FUNCTION api.party_search(p_kind text, p_key text, p_birth_from date DEFAULT NULL,
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
                                     ORDER BY x.birth_date LIMIT 1000) AS p
                             ORDER BY p.surname, coalesce(p.initials, left(p.given_name, 1) || '.') NULLS FIRST,
                                      p.name_prefix NULLS FIRST, p.id
                             LIMIT p_limit);
        END IF;

        -- 2. Surnames that start with the key. With a birth date the party
        -- index (surname_norm text_pattern_ops, birth_date) answers it in one
        -- range; without, the candidate surnames come from loket.surname,
        -- taking only as many (closest first) as can fill the page.
        v_left := p_limit - cardinality(v_hits);
        IF v_left > 0 AND v_birth THEN
            v_hits := v_hits || ARRAY(
                SELECT ROW(p.id, 'prefix', similarity(p.surname_norm, k))::loket.party_search_hit
                  FROM loket.party p
                 WHERE p.surname_norm ~>=~ k AND p.surname_norm ~<~ k_hi
                   AND starts_with(p.surname_norm, k) AND p.surname_norm <> k
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
                                      ORDER BY x.birth_date LIMIT 1000) AS p
                 WHERE e.before < v_left
                 ORDER BY e.sim DESC, p.surname, coalesce(p.initials, left(p.given_name, 1) || '.') NULLS FIRST,
                          p.name_prefix NULLS FIRST, p.id
                 LIMIT v_left);
        END IF;

        -- 3. Typos: the nearest distinct surnames by trigram similarity
        -- (loket.surname_fuzzy), then party by equality.
        -- Keys of one or two characters stop at prefix matches.
        v_left := p_limit - cardinality(v_hits);
        IF v_left > 0 AND length(k) >= 3 THEN
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
                                          ORDER BY x.birth_date LIMIT 1000) AS p
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

-- "No hit — did you mean …": the nearest known surnames (one spelling each).
CREATE FUNCTION api.name_suggest(p_key text, p_limit int DEFAULT 5)
    RETURNS TABLE(surname text, similarity real)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp
    SET pg_trgm.similarity_threshold = 0.3
    SET enable_seqscan = off
    SET jit = off AS $$
#variable_conflict use_column
DECLARE
    v_me loket.agent := loket.me();
    k text := loket.norm_name(p_key);
    v_count int;
BEGIN
    IF k IS NULL OR k = '' THEN
        RAISE EXCEPTION 'loket: name suggestions need letters' USING ERRCODE = 'LK422';
    END IF;
    IF p_limit IS NULL OR p_limit < 1 OR p_limit > 50 THEN
        RAISE EXCEPTION 'loket: suggestion limit % is not between 1 and 50', p_limit USING ERRCODE = 'LK422';
    END IF;
    RETURN QUERY
    SELECT sp.surname, c.sim
      FROM (SELECT s.norm, ext.similarity(s.norm, k) AS sim
              FROM loket.surname s
             WHERE s.norm % k AND s.parties > 0
             ORDER BY sim DESC, s.norm LIMIT p_limit * 2) AS c
      CROSS JOIN LATERAL (SELECT p.surname FROM loket.party p
                           WHERE p.surname_norm = c.norm AND p.merged_into IS NULL LIMIT 1) AS sp
     ORDER BY c.sim DESC, c.norm
     LIMIT p_limit;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM loket.log_access(v_me, 'search', NULL, p_query_kind => 'suggest', p_result_count => v_count);
END $$;

-- The customer view --------------------------------------------------------


-- First 160 characters of a text with runs of white space folded to one
-- space. The pattern matches only runs that need folding (two or more, or
-- containing a tab or line break), so ordinary prose costs one scan.
CREATE FUNCTION loket.timeline_excerpt(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN nullif(left(btrim(regexp_replace(left(t, 400),
        '[[:space:]]*[\t\n\r\f\v][[:space:]]*|[[:space:]]{2,}', ' ', 'g')), 160), '');

-- One page of a customer's timeline: interactions and notes, newest first,
-- keyset-paged on (at, id). Each source is read through its own index with
-- LIMIT n + 1, so a page deep in the history costs what the first one does.
-- With a channel filter only interactions are listed (a note's channel is
-- its interaction's; its interaction's detail shows it). `next` is the key
-- to pass as (before_at, before_id) for the following page, or null.
CREATE FUNCTION loket.party_timeline(p_party_id bigint, p_before_at timestamptz, p_before_id uuid,
                                     p_channel text, p_limit int)
    RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_at timestamptz := coalesce(p_before_at, 'infinity'::timestamptz);
    v_id uuid := coalesce(p_before_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid);
BEGIN
    RETURN (
    WITH page AS (
        SELECT u.*, row_number() OVER (ORDER BY u.at DESC, u.id DESC) AS rn
          FROM ((SELECT 'interaction'::text AS type, i.id, i.occurred_at AS at, i.channel, i.direction,
                        i.subject, i.outcome, i.agent_id, i.actor, i.case_id, NULL::uuid AS interaction_id,
                        left(i.content, 400) AS body, i.transcript IS NOT NULL AS has_transcript,
                        i.confidential
                   FROM loket.interaction i
                  WHERE p_channel IS NULL AND i.party_id = p_party_id
                    AND (i.occurred_at, i.id) < (v_at, v_id)
                  ORDER BY i.occurred_at DESC, i.id DESC
                  LIMIT p_limit + 1)
                UNION ALL
                (SELECT 'interaction'::text, i.id, i.occurred_at, i.channel, i.direction,
                        i.subject, i.outcome, i.agent_id, i.actor, i.case_id, NULL::uuid,
                        left(i.content, 400), i.transcript IS NOT NULL, i.confidential
                   FROM loket.interaction i
                  WHERE p_channel IS NOT NULL AND i.party_id = p_party_id AND i.channel = p_channel
                    AND (i.occurred_at, i.id) < (v_at, v_id)
                  ORDER BY i.occurred_at DESC, i.id DESC
                  LIMIT p_limit + 1)
                UNION ALL
                (SELECT 'note'::text, n.id, n.created_at, NULL, NULL,
                        NULL, NULL, n.agent_id, NULL, n.case_id, n.interaction_id,
                        left(n.body, 400), false, false
                   FROM loket.note n
                  WHERE p_channel IS NULL AND n.party_id = p_party_id
                    AND (n.created_at, n.id) < (v_at, v_id)
                  ORDER BY n.created_at DESC, n.id DESC
                  LIMIT p_limit + 1)
                ORDER BY at DESC, id DESC
                LIMIT p_limit + 1) AS u
    )
    SELECT jsonb_build_object(
        'items', coalesce(jsonb_agg(jsonb_build_object(
                     'type', x.type,
                     'id', x.id,
                     'at', x.at,
                     'channel', coalesce(x.channel, li.channel),
                     'direction', x.direction,
                     'subject', coalesce(x.subject, li.subject),
                     'outcome', x.outcome,
                     'agent', a.name,
                     'actor', x.actor,
                     'case_ref', cf.ref,
                     'excerpt', CASE WHEN x.confidential OR li.confidential THEN NULL
                                     ELSE loket.timeline_excerpt(x.body) END,
                     'has_transcript', x.has_transcript,
                     'confidential', x.confidential OR coalesce(li.confidential, false))
                   ORDER BY x.rn) FILTER (WHERE x.rn <= p_limit), '[]'::jsonb),
        'next', CASE WHEN max(x.rn) > p_limit THEN
                    (array_agg(jsonb_build_object('before_at', x.at, 'before_id', x.id))
                        FILTER (WHERE x.rn = p_limit))[1] END)
      FROM page x
      LEFT JOIN loket.interaction li ON li.id = x.interaction_id
      LEFT JOIN loket.agent a ON a.id = x.agent_id
      LEFT JOIN loket.case_file cf ON cf.id = coalesce(x.case_id, li.case_id)
    );
END $$;

-- The whole customer view (without access id): party, contact addresses,
-- cases, agreements, alerts and the first timeline page. Shared by
-- api.party_open and api.party_reread; one statement of index lookups.
-- The plan is kept generic: the default plan cache mode re-plans this
-- statement on every call (about 1 ms) because its custom plans look
-- cheaper, while the generic plan runs a re-read in a fraction of that.
CREATE FUNCTION loket.party_view(p_party_id bigint, p_timeline_limit int) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_today date := (now() AT TIME ZONE 'Europe/Amsterdam')::date;
BEGIN
    RETURN (
    WITH pt AS (
        SELECT p FROM loket.party p WHERE p.id = p_party_id
    ), cs AS (
        SELECT c.*,
               CASE WHEN c.closed_at IS NOT NULL OR c.due_on IS NULL THEN NULL
                    WHEN c.due_on >= v_today THEN loket.working_days_between(v_today, c.due_on)
                    ELSE -loket.working_days_between(c.due_on, v_today) END AS wdl
          FROM loket.case_file c
         WHERE c.party_id = p_party_id
           AND (c.closed_at IS NULL OR c.closed_at > now() - interval '90 days')
         ORDER BY c.closed_at IS NOT NULL, c.due_on, c.closed_at DESC, c.id
         LIMIT 100
    ), ag AS (
        (SELECT g.*, 0 AS grp FROM loket.agreement g
          WHERE g.party_id = p_party_id AND g.status = 'open'
          ORDER BY g.due_at, g.id LIMIT 100)
        UNION ALL
        (SELECT g.*, 1 FROM loket.agreement g
          WHERE g.party_id = p_party_id AND g.status <> 'open'
          ORDER BY g.due_at DESC, g.id DESC LIMIT 10)
    ), recent AS (
        SELECT i.id, i.occurred_at, i.channel, i.direction, i.subject, i.outcome
          FROM loket.interaction i
         WHERE i.party_id = p_party_id AND i.occurred_at > now() - interval '14 days'
         ORDER BY i.occurred_at DESC, i.id DESC
         LIMIT 200
    ), alerts AS (
        SELECT 1 AS sev, g.due_at AS k, 'agreement_overdue' AS kind,
               format('Agreement overdue since %s: %s',
                      to_char(g.due_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI'),
                      coalesce(g.description, replace(g.kind, '_', ' '))) AS text,
               g.id::text AS ref
          FROM ag g WHERE g.status = 'open' AND g.due_at < now()
        UNION ALL
        SELECT 2, c.due_on::timestamptz, 'deadline_passed',
               format('Case %s deadline %s passed (%s working day%s ago): %s', c.ref, c.due_on, -c.wdl,
                      CASE WHEN c.wdl = -1 THEN '' ELSE 's' END, c.subject),
               c.ref
          FROM cs c WHERE c.closed_at IS NULL AND c.due_on < v_today
        UNION ALL
        SELECT 3, b.made_at, 'agreement_broken',
               format('Agreement broken (made %s): %s',
                      to_char(b.made_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD'),
                      coalesce(b.description, replace(b.kind, '_', ' '))),
               b.id::text
          FROM (SELECT g.* FROM loket.agreement g
                 WHERE g.party_id = p_party_id AND g.status = 'broken' AND g.made_at > now() - interval '90 days'
                 ORDER BY g.made_at DESC LIMIT 5) b
        UNION ALL
        SELECT 4, c.due_on::timestamptz, 'deadline_near',
               format('Case %s deadline %s: %s working day%s left: %s', c.ref, c.due_on, c.wdl,
                      CASE WHEN c.wdl = 1 THEN '' ELSE 's' END, c.subject),
               c.ref
          FROM cs c WHERE c.closed_at IS NULL AND c.due_on >= v_today AND c.wdl <= 5
        UNION ALL
        SELECT 5, NULL, 'frequent_contact',
               format('%s contacts in the last 7 days', n), NULL
          FROM (SELECT count(*) AS n FROM recent r WHERE r.occurred_at > now() - interval '7 days') f
         WHERE f.n >= 3
        UNION ALL
        (SELECT 6, r.occurred_at, 'letter_sent',
                format('Letter sent %s: %s',
                       to_char(r.occurred_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD'), r.subject),
                r.id::text
           FROM recent r
          WHERE (r.channel = 'letter' AND r.direction = 'out') OR r.subject LIKE 'Besluit%' OR r.outcome = 'sent'
          ORDER BY r.occurred_at DESC LIMIT 1)
    )
    SELECT jsonb_build_object(
        'party', (SELECT jsonb_build_object(
                'id', (pt.p).id,
                'kind', (pt.p).kind,
                'initials', (pt.p).initials,
                'given_name', (pt.p).given_name,
                'name_prefix', (pt.p).name_prefix,
                'surname', (pt.p).surname,
                'display_name', loket.party_display_name(pt.p),
                'sort_name', loket.party_sort_name(pt.p),
                'birth_date', (pt.p).birth_date,
                'age', extract(year FROM age(v_today, (pt.p).birth_date))::int,
                'bsn_masked', loket.bsn_mask((pt.p).bsn),
                'kvk', (pt.p).kvk,
                'address', jsonb_build_object(
                    'street', (pt.p).street,
                    'house_number', (pt.p).house_number,
                    'house_letter', (pt.p).house_letter,
                    'house_suffix', (pt.p).house_suffix,
                    'postcode', (pt.p).postcode,
                    'city', (pt.p).city,
                    'country', (pt.p).country,
                    'line', loket.party_address(pt.p)),
                'preferred_channel', (pt.p).preferred_channel,
                'language', (pt.p).language,
                'assistance', jsonb_build_object(
                    'digital', (pt.p).needs_digital_help,
                    'language', (pt.p).needs_language_help,
                    'hearing', (pt.p).hearing_impaired),
                'confidential', (pt.p).confidential,
                'needs_review', (pt.p).needs_review,
                'merged_into', (pt.p).merged_into) FROM pt),
        'contact_addresses', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                'kind', ca.kind, 'value', ca.value, 'is_default', ca.is_default, 'verified_on', ca.verified_on)
                ORDER BY ca.is_default DESC, ca.kind, ca.value), '[]'::jsonb)
              FROM (SELECT * FROM loket.contact_address c WHERE c.party_id = p_party_id LIMIT 50) ca),
        'cases', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                'ref', c.ref,
                'case_type', c.case_type,
                'case_type_name', ct.name,
                'subject', c.subject,
                'status', c.status,
                'opened_at', c.opened_at,
                'due_on', c.due_on,
                'working_days_left', c.wdl,
                'owner', CASE WHEN o.id IS NOT NULL THEN jsonb_build_object('login', o.login, 'name', o.name) END,
                'owned_since', c.owned_since,
                'team', t.code,
                'priority', c.priority,
                'confidential', c.confidential,
                'closed_at', c.closed_at)
                ORDER BY c.closed_at IS NOT NULL, c.due_on, c.closed_at DESC, c.id), '[]'::jsonb)
              FROM cs c
              LEFT JOIN loket.case_type ct ON ct.code = c.case_type
              LEFT JOIN loket.agent o ON o.id = c.owner_id
              LEFT JOIN loket.team t ON t.id = c.team_id),
        'agreements', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                'id', g.id,
                'kind', g.kind,
                'description', g.description,
                'due_at', g.due_at,
                'status', g.status,
                'overdue', g.status = 'open' AND g.due_at < now(),
                'made_by', m.name,
                'made_at', g.made_at,
                'case_ref', cf.ref)
                ORDER BY g.grp, CASE WHEN g.grp = 0 THEN g.due_at END, g.due_at DESC, g.id), '[]'::jsonb)
              FROM ag g
              LEFT JOIN loket.agent m ON m.id = g.made_by
              LEFT JOIN loket.case_file cf ON cf.id = g.case_id),
        'alerts', (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', al.kind, 'text', al.text, 'ref', al.ref)
                ORDER BY al.sev, al.k), '[]'::jsonb) FROM alerts al),
        'timeline', loket.party_timeline(p_party_id, NULL, NULL, NULL, p_timeline_limit))
      FROM pt
    );
END $$;

-- Open a customer for a stated purpose: one access_log row, whose id comes
-- back as the access id for the further reads of this sitting.
CREATE FUNCTION api.party_open(p_party_id bigint, p_purpose text, p_terminal text DEFAULT NULL,
                               p_timeline_limit int DEFAULT 50)
    RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    v_me loket.agent := loket.me();
    v_party loket.party;
    v_access uuid;
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
    v_access := loket.log_access(v_me, 'open', p_party_id, p_purpose => p_purpose, p_terminal => p_terminal);
    RETURN jsonb_build_object('access_id', v_access) || loket.party_view(p_party_id, p_timeline_limit);
END $$;

-- The same view again within the sitting (after a notice): no new log row.
CREATE FUNCTION api.party_reread(p_access_id uuid, p_party_id bigint, p_timeline_limit int DEFAULT 50)
    RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
BEGIN
    PERFORM loket.me();
    PERFORM loket.access_check(p_access_id, p_party_id);
    IF p_timeline_limit IS NULL OR p_timeline_limit < 1 OR p_timeline_limit > 500 THEN
        RAISE EXCEPTION 'loket: timeline limit % is not between 1 and 500', p_timeline_limit
            USING ERRCODE = 'LK422';
    END IF;
    RETURN jsonb_build_object('access_id', p_access_id) || loket.party_view(p_party_id, p_timeline_limit);
END $$;

-- A further timeline page (older than before_at/before_id), optionally one
-- channel only. No log row: the opening covers it.
CREATE FUNCTION api.timeline_page(p_access_id uuid, p_party_id bigint, p_before_at timestamptz DEFAULT NULL,
                                  p_before_id uuid DEFAULT NULL, p_channel text DEFAULT NULL,
                                  p_limit int DEFAULT 50)
    RETURNS jsonb
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

-- One timeline item in full: an interaction with content, transcript and
-- its notes, or a note with its body. No log row: the opening covers it.
CREATE FUNCTION api.timeline_item(p_access_id uuid, p_party_id bigint, p_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    v jsonb;
BEGIN
    PERFORM loket.me();
    PERFORM loket.access_check(p_access_id, p_party_id);
    SELECT jsonb_build_object(
               'type', 'interaction',
               'id', i.id,
               'at', i.occurred_at,
               'channel', i.channel,
               'channel_name', ch.name_en,
               'direction', i.direction,
               'subject', i.subject,
               'content', i.content,
               'outcome', i.outcome,
               'outcome_name', oc.name_en,
               'agent', a.name,
               'agent_login', a.login,
               'actor', i.actor,
               'case_ref', cf.ref,
               'transcript', coalesce(i.transcript, '[]'::jsonb),
               'has_transcript', i.transcript IS NOT NULL,
               'confidential', i.confidential,
               'source_system', i.source_system,
               'external_id', i.external_id,
               'recorded_at', i.created_at,
               'notes', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                 'id', n.id, 'at', n.created_at, 'agent', na.name, 'body', n.body,
                                 'corrects', n.corrects) ORDER BY n.created_at, n.id), '[]'::jsonb)
                           FROM loket.note n LEFT JOIN loket.agent na ON na.id = n.agent_id
                          WHERE n.interaction_id = i.id))
      INTO v
      FROM loket.interaction i
      JOIN loket.channel ch ON ch.code = i.channel
      LEFT JOIN loket.outcome oc ON oc.code = i.outcome
      LEFT JOIN loket.agent a ON a.id = i.agent_id
      LEFT JOIN loket.case_file cf ON cf.id = i.case_id
     WHERE i.id = p_id AND i.party_id = p_party_id;
    IF v IS NOT NULL THEN
        RETURN v;
    END IF;
    SELECT jsonb_build_object(
               'type', 'note',
               'id', n.id,
               'at', n.created_at,
               'channel', li.channel,
               'agent', a.name,
               'agent_login', a.login,
               'body', n.body,
               'corrects', n.corrects,
               'interaction_id', n.interaction_id,
               'interaction_subject', li.subject,
               'case_ref', cf.ref,
               'confidential', coalesce(li.confidential, false))
      INTO v
      FROM loket.note n
      LEFT JOIN loket.interaction li ON li.id = n.interaction_id
      LEFT JOIN loket.agent a ON a.id = n.agent_id
      LEFT JOIN loket.case_file cf ON cf.id = coalesce(n.case_id, li.case_id)
     WHERE n.id = p_id AND n.party_id = p_party_id;
    IF v IS NULL THEN
        RAISE EXCEPTION 'loket: customer % has no timeline item %', p_party_id, p_id USING ERRCODE = 'LK404';
    END IF;
    RETURN v;
END $$;

-- The BSN in full: its own access_log row, with the opening's purpose.
CREATE FUNCTION api.bsn_reveal(p_access_id uuid, p_party_id bigint) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    v_me loket.agent := loket.me();
    v_open loket.access_log := loket.access_check(p_access_id, p_party_id);
    v_bsn text;
BEGIN
    SELECT bsn INTO v_bsn FROM loket.party WHERE id = p_party_id;
    PERFORM loket.log_access(v_me, 'reveal', p_party_id, p_purpose => v_open.purpose,
                             p_result => CASE WHEN v_bsn IS NULL THEN 'not_found' ELSE 'ok' END,
                             p_terminal => v_open.terminal);
    RETURN v_bsn;
END $$;

-- Auditing -------------------------------------------------------------------

-- Who looked at this customer, newest first. Auditors and admins; the look
-- itself is logged as 'audit'.
CREATE FUNCTION api.access_log_for_party(p_party_id bigint, p_limit int DEFAULT 100)
    RETURNS TABLE(at timestamptz, login text, agent_name text, team text, action text, purpose text,
                  query_kind text, result_count int, result text, terminal text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_me loket.agent := loket.me_with_role('auditor', 'admin');
    v_count int;
BEGIN
    IF p_limit IS NULL OR p_limit < 1 OR p_limit > 10000 THEN
        RAISE EXCEPTION 'loket: limit % is not between 1 and 10000', p_limit USING ERRCODE = 'LK422';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM loket.party WHERE id = p_party_id) THEN
        RAISE EXCEPTION 'loket: no customer %', p_party_id USING ERRCODE = 'LK404';
    END IF;
    RETURN QUERY
    SELECT l.at, l.login, a.name, t.code, l.action, l.purpose, l.query_kind, l.result_count, l.result, l.terminal
      FROM loket.access_log l
      LEFT JOIN loket.agent a ON a.id = l.agent_id
      LEFT JOIN loket.team t ON t.id = l.team_id
     WHERE l.party_id = p_party_id
     ORDER BY l.at DESC, l.id DESC
     LIMIT p_limit;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM loket.log_access(v_me, 'audit', p_party_id, p_result_count => v_count);
END $$;

-- Privileges -----------------------------------------------------------------

REVOKE ALL ON FUNCTION loket.surname_fuzzy(text, int),
                       loket.timeline_excerpt(text),
                       loket.party_timeline(bigint, timestamptz, uuid, text, int),
                       loket.party_view(bigint, int) FROM PUBLIC;
REVOKE ALL ON FUNCTION
    api.party_search(text, text, date, date, int, int),
    api.name_suggest(text, int),
    api.party_open(bigint, text, text, int),
    api.party_reread(uuid, bigint, int),
    api.timeline_page(uuid, bigint, timestamptz, uuid, text, int),
    api.timeline_item(uuid, bigint, uuid),
    api.bsn_reveal(uuid, bigint),
    api.access_log_for_party(bigint, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    api.party_search(text, text, date, date, int, int),
    api.name_suggest(text, int),
    api.party_open(bigint, text, text, int),
    api.party_reread(uuid, bigint, int),
    api.timeline_page(uuid, bigint, timestamptz, uuid, text, int),
    api.timeline_item(uuid, bigint, uuid),
    api.bsn_reveal(uuid, bigint) TO loket_agent;
GRANT EXECUTE ON FUNCTION api.access_log_for_party(bigint, int) TO loket_auditor, loket_admin;
