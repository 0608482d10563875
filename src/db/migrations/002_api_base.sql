-- 002: the foundation of schema api — who is calling, the access log, the
-- access id check — and staff administration.
--
-- Every api function is SECURITY DEFINER, owned by loket_owner, with a fixed
-- search_path, EXECUTE revoked from PUBLIC and granted to the group roles
-- that need it. The caller is session_user, never an argument.
--
-- Errors carry SQLSTATEs of class LK, so clients can tell them apart:
--   LK401 the caller is not an active loket agent, or lacks the role
--   LK403 an access id was refused (another agent's, another customer's, expired)
--   LK404 not found
--   LK409 conflict: the case is owned, the state does not allow it, the UUID was used for other content
--   LK422 invalid input

SET LOCAL ROLE loket_owner;
SET LOCAL search_path = loket, ext, pg_temp;

-- How long an access id stays valid after the opening it was issued by.
CREATE FUNCTION loket.access_ttl() RETURNS interval
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN interval '1 hour';

-- The calling agent (session_user), or an LK401 error.
CREATE FUNCTION loket.me() RETURNS loket.agent
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    a loket.agent;
BEGIN
    -- session_user is a name (collation C): compare in the column's
    -- collation so the unique index on agent.login is used.
    SELECT * INTO a FROM loket.agent WHERE login = session_user::text COLLATE "default" AND active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'loket: % is not an active loket agent', session_user
            USING ERRCODE = 'LK401',
                  HINT = 'An administrator adds agents with: loket agent add LOGIN --name NAME --role ROLE --team TEAM';
    END IF;
    RETURN a;
END $$;

-- The caller, who must hold one of `roles`.
CREATE FUNCTION loket.me_with_role(VARIADIC roles text[]) RETURNS loket.agent
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    a loket.agent := loket.me();
BEGIN
    IF NOT a.role = ANY (roles) THEN
        RAISE EXCEPTION 'loket: this needs the role %; % is %', array_to_string(roles, ' or '), a.login, a.role
            USING ERRCODE = 'LK401';
    END IF;
    RETURN a;
END $$;

-- Append one access_log row for the caller; returns its id.
CREATE FUNCTION loket.log_access(p_agent loket.agent, p_action text, p_party_id bigint,
                                 p_purpose text DEFAULT NULL, p_query_kind text DEFAULT NULL,
                                 p_result_count int DEFAULT NULL, p_result text DEFAULT 'ok',
                                 p_terminal text DEFAULT NULL, p_detail text DEFAULT NULL)
    RETURNS uuid
    LANGUAGE sql VOLATILE AS $$
    INSERT INTO loket.access_log (login, agent_id, team_id, party_id, action, purpose, query_kind,
                                  result_count, result, terminal, detail)
    VALUES (session_user, p_agent.id, p_agent.team_id, p_party_id, p_action, p_purpose, p_query_kind,
            p_result_count, p_result,
            coalesce(nullif(p_terminal, ''), nullif(current_setting('application_name', true), '')),
            p_detail)
    RETURNING id;
$$;

-- Check an access id presented by the caller for `p_party_id`: it must be
-- an 'open' row of this same agent, for this same customer, and fresh.
-- Returns the opening row (its purpose is reused by later logged calls).
CREATE FUNCTION loket.access_check(p_access_id uuid, p_party_id bigint) RETURNS loket.access_log
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    r loket.access_log;
BEGIN
    SELECT * INTO r FROM loket.access_log
     WHERE id = p_access_id AND action = 'open' AND result = 'ok';
    IF NOT FOUND OR r.login <> session_user THEN
        RAISE EXCEPTION 'loket: access id refused: it was not issued to %', session_user
            USING ERRCODE = 'LK403';
    END IF;
    IF r.party_id IS DISTINCT FROM p_party_id THEN
        RAISE EXCEPTION 'loket: access id refused: it was issued for another customer'
            USING ERRCODE = 'LK403';
    END IF;
    IF r.at < clock_timestamp() - loket.access_ttl() THEN
        RAISE EXCEPTION 'loket: access id expired (issued %); open the customer again', r.at
            USING ERRCODE = 'LK403';
    END IF;
    RETURN r;
END $$;

-- The display name of a party: "J. van der Berg", or an organisation's name.
-- (STABLE, as concat is: an IMMUTABLE wrapper around it is never inlined.)
CREATE FUNCTION loket.party_display_name(p loket.party) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN btrim(concat_ws(' ', coalesce(p.initials, left(p.given_name, 1) || '.'), p.name_prefix, p.surname));

-- The sort form: "Berg, J. van der".
CREATE FUNCTION loket.party_sort_name(p loket.party) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN p.kind = 'organisation' THEN p.surname
                ELSE p.surname || coalesce(', ' || nullif(btrim(concat_ws(' ',
                         coalesce(p.initials, left(p.given_name, 1) || '.'), p.name_prefix)), ''), '') END;

-- One line of address: "Oudegracht 12-2, 3511 AB Utrecht".
CREATE FUNCTION loket.party_address(p loket.party) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN nullif(concat_ws(', ',
        nullif(concat(p.street, ' ', p.house_number, p.house_letter, '-' || p.house_suffix), ' '),
        nullif(btrim(concat(left(p.postcode, 4), ' ', right(p.postcode, 2), ' ', p.city)), '')), '');

-- Staff administration ------------------------------------------------------

-- Create or update a team (admins).
CREATE FUNCTION api.team_add(p_code text, p_name text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    t loket.team;
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
        PERFORM loket.me_with_role('admin');
    END IF;
    IF p_code IS NULL OR p_code !~ '^[a-z0-9_-]{1,32}$' THEN
        RAISE EXCEPTION 'loket: team code "%" is not valid: use 1-32 of a-z, 0-9, _ and -', p_code
            USING ERRCODE = 'LK422';
    END IF;
    INSERT INTO loket.team AS x (code, name) VALUES (p_code, coalesce(nullif(btrim(p_name), ''), p_code))
        ON CONFLICT (code) DO UPDATE SET name = coalesce(nullif(btrim(p_name), ''), x.name)
        RETURNING * INTO t;
    RETURN jsonb_build_object('id', t.id, 'code', t.code, 'name', t.name);
END $$;

-- Create (or update) an agent: the PostgreSQL login role, its group role and
-- the agent row. Run by an admin, or by a superuser setting up the first one.
-- The login role gets no password: authentication is the cluster's (peer,
-- SCRAM via ALTER ROLE … PASSWORD by a DBA, cert, LDAP, GSS).
CREATE FUNCTION api.agent_add(p_login text, p_name text, p_role text, p_team text DEFAULT NULL)
    RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
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
    IF p_role IS NULL OR p_role NOT IN ('agent', 'supervisor', 'auditor', 'admin', 'integration') THEN
        RAISE EXCEPTION 'loket: role "%" is not one of agent, supervisor, auditor, admin, integration', p_role
            USING ERRCODE = 'LK422';
    END IF;
    IF NOT loket.nonblank(p_name) THEN
        RAISE EXCEPTION 'loket: an agent needs a name' USING ERRCODE = 'LK422';
    END IF;
    IF p_team IS NOT NULL THEN
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
        IF v_group <> 'loket_' || p_role AND EXISTS (SELECT 1 FROM pg_auth_members m
                        WHERE m.roleid = v_group::regrole AND m.member = p_login::regrole) THEN
            EXECUTE format('REVOKE %I FROM %I', v_group, p_login);
        END IF;
    END LOOP;
    EXECUTE format('GRANT %I TO %I', 'loket_' || p_role, p_login);
    INSERT INTO loket.agent AS x (login, name, role, team_id) VALUES (p_login, btrim(p_name), p_role, v_team_id)
        ON CONFLICT (login) DO UPDATE SET name = excluded.name, role = excluded.role,
                                          team_id = excluded.team_id, active = true
        RETURNING * INTO a;
    RETURN jsonb_build_object('id', a.id, 'login', a.login, 'name', a.name, 'role', a.role,
                              'team', p_team);
END $$;

-- Who am I: the calling agent, their team and state.
CREATE FUNCTION api.whoami() RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
DECLARE
    a loket.agent := loket.me();
BEGIN
    RETURN (SELECT jsonb_build_object('id', a.id, 'login', a.login, 'name', a.name, 'role', a.role,
                                      'team', t.code, 'team_name', t.name,
                                      'state', a.state, 'state_since', a.state_since)
              FROM (SELECT 1) AS one LEFT JOIN loket.team t ON t.id = a.team_id);
END $$;

-- Counts without personal data, for the status line and health checks.
CREATE FUNCTION api.stats() RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = loket, ext, pg_temp AS $$
BEGIN
    PERFORM loket.me();
    RETURN jsonb_build_object(
        'customers', (SELECT count(*) FROM loket.party WHERE merged_into IS NULL),
        'open_cases', (SELECT count(*) FROM loket.case_file WHERE closed_at IS NULL),
        'agents', (SELECT count(*) FROM loket.agent WHERE active));
END $$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA loket FROM PUBLIC;
REVOKE ALL ON FUNCTION api.team_add(text, text), api.agent_add(text, text, text, text),
                       api.whoami(), api.stats() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.team_add(text, text), api.agent_add(text, text, text, text) TO loket_admin;
GRANT EXECUTE ON FUNCTION api.whoami(), api.stats()
    TO loket_agent, loket_supervisor, loket_auditor, loket_admin, loket_integration;
