-- 005: reference lists for clients — channels, outcomes, purposes, case
-- types, teams — in one call. No personal data, so no access_log row.

SET LOCAL ROLE loket_owner;
SET LOCAL search_path = loket, ext, pg_temp;

CREATE FUNCTION api.reference() RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
BEGIN
    PERFORM loket.me();
    RETURN jsonb_build_object(
        'channels', (SELECT jsonb_agg(jsonb_build_object('code', code, 'name', name_en, 'name_nl', name_nl,
                                                         'digital', digital) ORDER BY sort) FROM loket.channel),
        'outcomes', (SELECT jsonb_agg(jsonb_build_object('code', code, 'name', name_en, 'name_nl', name_nl)
                                      ORDER BY sort) FROM loket.outcome),
        'purposes', (SELECT jsonb_agg(jsonb_build_object('code', code, 'name', name_en, 'name_nl', name_nl)
                                      ORDER BY sort) FROM loket.purpose),
        'case_types', (SELECT coalesce(jsonb_agg(jsonb_build_object('code', code, 'name', name,
                                                                    'term_days', term_days) ORDER BY name), '[]')
                         FROM loket.case_type),
        'teams', (SELECT coalesce(jsonb_agg(jsonb_build_object('code', code, 'name', name) ORDER BY code), '[]')
                    FROM loket.team));
END $$;

REVOKE ALL ON FUNCTION api.reference() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.reference()
    TO loket_agent, loket_supervisor, loket_auditor, loket_admin, loket_integration;
