-- 015: expired kept views cleared aside, not in an opening.
--
-- One opening or re-read in ten that built a view also cleared up to 16
-- expired kept views (008). Just after midnight, when every kept view of
-- the day before has expired at once, that clearing made those openings
-- the slowest: with 8,330 expired views in a 10,000-customer database,
-- p99 of an opening was 6.3-8.3 ms with it and 2.5-2.7 ms without.
-- The clearing now happens in api.views_tidy(), which a console calls
-- while the agent looks at my work (about once a minute), off the path of
-- an opening. It clears up to 500 expired views a call, passing over rows
-- another session holds, and says how many it cleared. It reads and
-- returns nothing personal.

SET LOCAL ROLE loket_owner;
SET LOCAL search_path = loket, ext, pg_temp;

-- As in 008, without the clearing.
CREATE OR REPLACE FUNCTION loket.view_get(l loket.view_lookup, p_timeline_limit int) RETURNS loket.view_doc
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_doc loket.view_doc;
    v_seen text;
BEGIN
    IF l.hit THEN
        RETURN l.doc;
    END IF;
    v_doc := loket.party_view_doc(l.party, p_timeline_limit);
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
REVOKE ALL ON FUNCTION loket.view_get(loket.view_lookup, int) FROM PUBLIC;

CREATE FUNCTION api.views_tidy() RETURNS int
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    v_me loket.agent := loket.me(); -- an active agent only
    v_n int;
BEGIN
    DELETE FROM loket.view_cache c
     WHERE c.ctid = ANY (ARRAY(SELECT x.ctid FROM loket.view_cache x WHERE x.valid_until <= now()
                                LIMIT 500 FOR UPDATE SKIP LOCKED));
    GET DIAGNOSTICS v_n = ROW_COUNT;
    RETURN v_n;
END $$;
REVOKE ALL ON FUNCTION api.views_tidy() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.views_tidy() TO loket_agent;
ALTER FUNCTION api.views_tidy() SET plan_cache_mode = force_generic_plan SET enable_seqscan = off SET jit = off;
RESET ROLE;
ALTER FUNCTION api.views_tidy() SET loket.view_touched = '';
