-- 001: roles, schemas, extensions and the domain tables of loket.
--
-- Runs as a superuser (or the database owner with CREATEROLE) inside one
-- transaction. Tables and functions are owned by the NOLOGIN role
-- loket_owner; agents reach them only through SECURITY DEFINER functions in
-- schema api (see 002). Roles are cluster-wide, so their creation tolerates
-- a second database in the same cluster.

DO $roles$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['loket_owner', 'loket_agent', 'loket_supervisor',
                             'loket_auditor', 'loket_admin', 'loket_integration']
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$roles$;

-- The owner creates agents' login roles through api.agent_add.
ALTER ROLE loket_owner CREATEROLE;
GRANT loket_agent TO loket_supervisor;
GRANT loket_agent, loket_supervisor, loket_auditor, loket_admin, loket_integration
    TO loket_owner WITH ADMIN OPTION;

CREATE SCHEMA IF NOT EXISTS ext;
GRANT USAGE ON SCHEMA ext TO PUBLIC;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA ext;
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA ext;

CREATE SCHEMA IF NOT EXISTS loket;
ALTER SCHEMA loket OWNER TO loket_owner;
ALTER TABLE loket.schema_migration OWNER TO loket_owner;
REVOKE ALL ON SCHEMA loket FROM PUBLIC;
REVOKE ALL ON loket.schema_migration FROM PUBLIC;

CREATE SCHEMA IF NOT EXISTS api AUTHORIZATION loket_owner;
-- Functions loket_owner creates are not executable by PUBLIC: each api
-- function is granted to the group roles that need it.
ALTER DEFAULT PRIVILEGES FOR ROLE loket_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
REVOKE ALL ON SCHEMA api FROM PUBLIC;
GRANT USAGE ON SCHEMA api
    TO loket_agent, loket_supervisor, loket_auditor, loket_admin, loket_integration;

-- Everything below is created by, and so owned by, loket_owner.
SET LOCAL ROLE loket_owner;
SET LOCAL search_path = loket, ext, pg_temp;

-- Pure helpers ------------------------------------------------------------

-- Normalised form of a name for search: lower case, accents removed, the
-- Dutch digraph kept as "ij", separators folded to one space. unaccent() is
-- only STABLE because its dictionary could change; naming the dictionary
-- with its schema makes this wrapper safe to declare IMMUTABLE for indexes.
CREATE FUNCTION loket.norm_name(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN btrim(regexp_replace(
        lower(ext.unaccent('ext.unaccent'::regdictionary, t)),
        '[[:space:]''''`´’-]+', ' ', 'g'));

-- The elfproef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible by 11.
CREATE FUNCTION loket.bsn_valid(b text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN b ~ '^[0-9]{9}$' AND b <> '000000000' AND
        (SELECT sum((substr(b, i, 1))::int * CASE WHEN i = 9 THEN -1 ELSE 10 - i END)
           FROM generate_series(1, 9) AS i) % 11 = 0;

CREATE FUNCTION loket.bsn_mask(b text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN b IS NULL THEN NULL ELSE '*****' || right(b, 4) END;

-- Gregorian Easter Sunday (anonymous algorithm).
CREATE FUNCTION loket.easter(y int) RETURNS date
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
DECLARE
    a int := y % 19; b int := y / 100; c int := y % 100;
    d int := b / 4; e int := b % 4; f int := (b + 8) / 25;
    g int := (b - f + 1) / 3; h int := (19 * a + b - d - g + 15) % 30;
    i int := c / 4; k int := c % 4; l int := (32 + 2 * e + 2 * i - h - k) % 7;
    m int := (a + 11 * h + 22 * l) / 451;
BEGIN
    RETURN make_date(y, (h + l - 7 * m + 114) / 31, ((h + l - 7 * m + 114) % 31) + 1);
END $$;

-- Holds something besides white space (tabs and newlines count as space).
CREATE FUNCTION loket.nonblank(t text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN t IS NOT NULL AND t ~ '[^[:space:]]';

-- Rows of the append-only tables are never changed or removed: a correction
-- is a new row pointing at the old one.
CREATE FUNCTION loket.forbid_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

-- Reference lists ---------------------------------------------------------

CREATE TABLE team (
    id          serial PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_-]{1,32}$'),
    name        text NOT NULL CHECK (nonblank(name))
);

CREATE TABLE channel (
    code        text PRIMARY KEY,
    name_en     text NOT NULL,
    name_nl     text NOT NULL,
    digital     boolean NOT NULL,
    sort        smallint NOT NULL
);
INSERT INTO channel VALUES
    ('phone',    'phone',       'telefoon',          false, 1),
    ('email',    'e-mail',      'e-mail',            true,  2),
    ('webform',  'web form',    'contactformulier',  true,  3),
    ('portal',   'mijn-omgeving', 'mijn-omgeving',   true,  4),
    ('whatsapp', 'WhatsApp',    'WhatsApp',          true,  5),
    ('chat',     'live chat',   'live chat',         true,  6),
    ('chatbot',  'chatbot',     'chatbot',           true,  7),
    ('letter',   'letter',      'brief',             false, 8),
    ('counter',  'counter',     'balie',             false, 9),
    ('social',   'social media', 'social media',     true,  10);

CREATE TABLE outcome (
    code        text PRIMARY KEY,
    name_en     text NOT NULL,
    name_nl     text NOT NULL,
    sort        smallint NOT NULL
);
INSERT INTO outcome VALUES
    ('answered',            'answered',                 'zelfstandig afgehandeld', 1),
    ('forwarded_team',      'forwarded to team',        'doorverbonden naar afdeling', 2),
    ('forwarded_colleague', 'forwarded to colleague',   'doorverbonden naar collega', 3),
    ('callback_requested',  'callback requested',       'contactverzoek gemaakt', 4),
    ('customer_calls_back', 'customer will call back',  'klant neemt opnieuw contact op', 5),
    ('coached_online',      'coached to online channel', 'online kanaal uitgelegd', 6),
    ('referred_elsewhere',  'referred to another organisation', 'verwezen naar andere instantie', 7),
    ('connection_lost',     'connection lost',          'verbinding verbroken', 8),
    ('sent',                'sent',                     'verzonden', 9);

-- Why an agent opens a customer (doelbinding); the access log names one.
CREATE TABLE purpose (
    code        text PRIMARY KEY,
    name_en     text NOT NULL,
    name_nl     text NOT NULL,
    sort        smallint NOT NULL
);
INSERT INTO purpose VALUES
    ('contact',        'current contact with the customer', 'lopend klantcontact', 1),
    ('callback',       'callback request',                 'terugbelverzoek', 2),
    ('case',           'handling a case',                  'behandeling zaak', 3),
    ('agreement',      'following up an agreement',        'opvolging afspraak', 4),
    ('complaint',      'complaint handling',               'klachtbehandeling', 5),
    ('access_request', 'access request (GDPR art. 15)',    'inzageverzoek (AVG art. 15)', 6),
    ('quality',        'quality review',                   'kwaliteitscontrole', 7);

CREATE TABLE case_type (
    code        text PRIMARY KEY,
    name        text NOT NULL,
    term_days   int  NOT NULL CHECK (term_days > 0)  -- statutory term, working days
);

CREATE TABLE holiday (
    day         date PRIMARY KEY,
    name_nl     text NOT NULL,
    name_en     text NOT NULL
);

-- Dutch public holidays 2025-2030. Day boundaries are Europe/Amsterdam.
INSERT INTO holiday (day, name_nl, name_en)
SELECT d, n_nl, n_en FROM generate_series(2025, 2030) AS y,
LATERAL (VALUES
    (make_date(y, 1, 1),           'Nieuwjaarsdag',        'New Year''s Day'),
    (easter(y) - 2,                'Goede Vrijdag',        'Good Friday'),
    (easter(y),                    'Eerste Paasdag',       'Easter Sunday'),
    (easter(y) + 1,                'Tweede Paasdag',       'Easter Monday'),
    (CASE WHEN extract(isodow FROM make_date(y, 4, 27)) = 7
          THEN make_date(y, 4, 26) ELSE make_date(y, 4, 27) END,
                                   'Koningsdag',           'King''s Day'),
    (make_date(y, 5, 5),           'Bevrijdingsdag',       'Liberation Day'),
    (easter(y) + 39,               'Hemelvaartsdag',       'Ascension Day'),
    (easter(y) + 49,               'Eerste Pinksterdag',   'Whit Sunday'),
    (easter(y) + 50,               'Tweede Pinksterdag',   'Whit Monday'),
    (make_date(y, 12, 25),         'Eerste Kerstdag',      'Christmas Day'),
    (make_date(y, 12, 26),         'Tweede Kerstdag',      'Boxing Day')
) AS h(d, n_nl, n_en);

-- A working day: Monday to Friday and not a public holiday.
CREATE FUNCTION loket.is_working_day(d date) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE STRICT
    RETURN extract(isodow FROM d) < 6 AND NOT EXISTS (SELECT 1 FROM loket.holiday h WHERE h.day = d);

-- Working days after `from_day` up to and including `to_day` (0 when to <= from),
-- without a lookup per day: weekdays counted by arithmetic on whole and
-- partial weeks, minus the holidays on weekdays in the range. Cheap enough
-- for every case in a list.
CREATE FUNCTION loket.working_days_between(from_day date, to_day date) RETURNS int
    LANGUAGE plpgsql STABLE PARALLEL SAFE STRICT AS $$
DECLARE
    n int := to_day - from_day;
    w int := extract(isodow FROM from_day)::int - 1;
BEGIN
    IF n <= 0 THEN
        RETURN 0;
    END IF;
    RETURN ((w + n + 1) / 7 * 5 + least((w + n + 1) % 7, 5))
         - ((w + 1) / 7 * 5 + least((w + 1) % 7, 5))
         - (SELECT count(*)::int FROM loket.holiday h
             WHERE h.day > from_day AND h.day <= to_day AND extract(isodow FROM h.day) < 6);
END $$;

-- The day `n` working days after `from_day`.
CREATE FUNCTION loket.add_working_days(from_day date, n int) RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE STRICT
    RETURN (SELECT g.d::date FROM generate_series(from_day + 1, from_day + n * 2 + 30, interval '1 day') AS g(d)
             WHERE loket.is_working_day(g.d::date) ORDER BY g.d OFFSET greatest(n, 1) - 1 LIMIT 1);

-- Staff -------------------------------------------------------------------

CREATE TABLE agent (
    id          serial PRIMARY KEY,
    login       text NOT NULL UNIQUE CHECK (login ~ '^[a-z_][a-z0-9_.-]{0,62}$'),
    name        text NOT NULL CHECK (nonblank(name)),
    role        text NOT NULL CHECK (role IN ('agent', 'supervisor', 'auditor', 'admin', 'integration')),
    team_id     int REFERENCES team,
    state       text NOT NULL DEFAULT 'offline'
                CHECK (state IN ('offline', 'available', 'busy', 'wrap_up', 'break')),
    state_since timestamptz NOT NULL DEFAULT now(),
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agent_state_event (
    id          bigserial PRIMARY KEY,
    agent_id    int NOT NULL REFERENCES agent,
    state       text NOT NULL CHECK (state IN ('offline', 'available', 'busy', 'wrap_up', 'break')),
    previous    text,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON agent_state_event (agent_id, at);

-- Customers ---------------------------------------------------------------

CREATE TABLE party (
    id              bigserial PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('person', 'organisation')),
    bsn             text UNIQUE CHECK (bsn_valid(bsn)),
    kvk             text CHECK (kvk ~ '^[0-9]{8}([0-9]{4})?$'),
    initials        text,
    given_name      text,
    name_prefix     text,             -- tussenvoegsel: "van der"
    surname         text NOT NULL CHECK (nonblank(surname)),  -- or the organisation's name
    surname_norm    text GENERATED ALWAYS AS (norm_name(surname)) STORED,
    birth_date      date CHECK (birth_date > '1880-01-01'),
    street          text,
    house_number    int CHECK (house_number BETWEEN 1 AND 99999),
    house_letter    text CHECK (house_letter ~ '^[A-Z]$'),
    house_suffix    text CHECK (house_suffix ~ '^[A-Za-z0-9]{1,4}$'),
    postcode        text CHECK (postcode ~ '^[1-9][0-9]{3}[A-Z]{2}$'),
    city            text,
    country         text NOT NULL DEFAULT 'NL' CHECK (country ~ '^[A-Z]{2}$'),
    preferred_channel text REFERENCES channel,
    language        text NOT NULL DEFAULT 'nl' CHECK (language ~ '^[a-z]{2}$'),
    needs_digital_help  boolean NOT NULL DEFAULT false,  -- doe-vermogen: digital skills
    needs_language_help boolean NOT NULL DEFAULT false,
    hearing_impaired    boolean NOT NULL DEFAULT false,
    confidential    boolean NOT NULL DEFAULT false,      -- geheimhouding
    merged_into     bigint REFERENCES party,
    needs_review    boolean NOT NULL DEFAULT false,
    source_system   text,
    external_id     text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (source_system, external_id),
    CHECK (kind = 'person' OR (bsn IS NULL AND birth_date IS NULL)),
    CHECK (kind = 'organisation' OR kvk IS NULL),
    CHECK (merged_into IS DISTINCT FROM id)
);
-- Search indexes, one per kind of query.
CREATE INDEX party_kvk_idx ON party (kvk) WHERE kvk IS NOT NULL;
CREATE INDEX party_address_idx ON party (postcode, house_number);
CREATE INDEX party_surname_idx ON party (surname_norm text_pattern_ops, birth_date);
CREATE INDEX party_birth_idx ON party (birth_date);

-- Distinct normalised surnames: fuzzy matching runs over this small table
-- first and only then joins the (much larger) party table.
CREATE TABLE surname (
    norm        text PRIMARY KEY,
    parties     int NOT NULL DEFAULT 0
);
CREATE INDEX surname_trgm_idx ON surname USING gin (norm ext.gin_trgm_ops);

CREATE FUNCTION loket.surname_track() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE loket.surname SET parties = parties - 1 WHERE norm = OLD.surname_norm;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO loket.surname AS s (norm, parties) VALUES (NEW.surname_norm, 1)
            ON CONFLICT (norm) DO UPDATE SET parties = s.parties + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER party_surname_track AFTER INSERT OR DELETE OR UPDATE OF surname ON party
    FOR EACH ROW EXECUTE FUNCTION loket.surname_track();

CREATE TABLE contact_address (
    id          bigserial PRIMARY KEY,
    party_id    bigint NOT NULL REFERENCES party,
    kind        text NOT NULL CHECK (kind IN ('email', 'phone', 'whatsapp')),
    value       text NOT NULL CHECK (nonblank(value)),  -- e-mail lower case; phone E.164
    is_default  boolean NOT NULL DEFAULT false,
    verified_on date,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (party_id, kind, value),
    CHECK (kind <> 'email' OR value ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    CHECK (kind = 'email' OR value ~ '^\+[1-9][0-9]{6,14}$')
);
CREATE INDEX contact_address_value_idx ON contact_address (value);

-- Cases (zaken) -----------------------------------------------------------

CREATE SEQUENCE case_ref_seq;

CREATE TABLE case_file (
    id          bigserial PRIMARY KEY,
    ref         text NOT NULL UNIQUE CHECK (ref ~ '^Z-[0-9]{4}-[0-9]{6}$'),
    party_id    bigint NOT NULL REFERENCES party,
    case_type   text NOT NULL REFERENCES case_type,
    subject     text NOT NULL CHECK (nonblank(subject)),
    status      text NOT NULL DEFAULT 'received'
                CHECK (status IN ('received', 'in_progress', 'waiting_customer', 'decided', 'closed')),
    opened_at   timestamptz NOT NULL DEFAULT now(),
    due_on      date,                   -- uiterlijke einddatum
    closed_at   timestamptz,
    result      text,
    owner_id    int REFERENCES agent,   -- behandelaar
    owned_since timestamptz,
    team_id     int REFERENCES team,
    priority    smallint NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 4),
    confidential boolean NOT NULL DEFAULT false,
    CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
    CHECK ((owner_id IS NULL) = (owned_since IS NULL))
);
CREATE INDEX case_file_party_idx ON case_file (party_id, opened_at DESC);
CREATE INDEX case_file_owner_idx ON case_file (owner_id, due_on) WHERE closed_at IS NULL;
CREATE INDEX case_file_team_idx ON case_file (team_id, due_on) WHERE closed_at IS NULL;

CREATE TABLE case_event (
    id          bigserial PRIMARY KEY,
    case_id     bigint NOT NULL REFERENCES case_file,
    party_id    bigint NOT NULL REFERENCES party,
    kind        text NOT NULL
                CHECK (kind IN ('opened', 'status', 'claimed', 'released', 'transferred', 'reassigned', 'closed')),
    at          timestamptz NOT NULL DEFAULT now(),
    by_agent_id int REFERENCES agent,
    by_login    text NOT NULL DEFAULT session_user,
    from_owner_id int REFERENCES agent,
    to_owner_id int REFERENCES agent,
    to_team_id  int REFERENCES team,
    old_status  text,
    new_status  text,
    detail      text
);
CREATE INDEX case_event_case_idx ON case_event (case_id, at);

-- Contacts (klantcontacten) -----------------------------------------------

CREATE TABLE interaction (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    party_id    bigint NOT NULL REFERENCES party,
    channel     text NOT NULL REFERENCES channel,
    direction   text NOT NULL CHECK (direction IN ('in', 'out')),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    subject     text NOT NULL CHECK (nonblank(subject)),  -- vraag
    content     text,
    outcome     text REFERENCES outcome,                   -- gespreksresultaat
    agent_id    int REFERENCES agent,
    actor       text,               -- an automated actor, e.g. 'chatbot'
    case_id     bigint REFERENCES case_file,
    transcript  jsonb CHECK (transcript IS NULL OR jsonb_typeof(transcript) = 'array'),
    source_system text,
    external_id text,
    confidential boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (source_system, external_id),
    CHECK (agent_id IS NOT NULL OR actor IS NOT NULL OR source_system IS NOT NULL)
);
CREATE INDEX interaction_party_idx ON interaction (party_id, occurred_at DESC, id DESC);
CREATE INDEX interaction_party_channel_idx ON interaction (party_id, channel, occurred_at DESC, id DESC);
CREATE INDEX interaction_case_idx ON interaction (case_id) WHERE case_id IS NOT NULL;

-- Others involved in a contact: a representative, an interpreter, …
CREATE TABLE interaction_party (
    interaction_id uuid NOT NULL REFERENCES interaction,
    party_id    bigint NOT NULL REFERENCES party,
    role        text NOT NULL CHECK (role IN ('representative', 'guardian', 'partner', 'interpreter', 'other')),
    PRIMARY KEY (interaction_id, party_id)
);

CREATE TABLE note (
    id          uuid PRIMARY KEY,   -- made by the client: the idempotency key
    party_id    bigint NOT NULL REFERENCES party,
    interaction_id uuid REFERENCES interaction,
    case_id     bigint REFERENCES case_file,
    body        text NOT NULL CHECK (nonblank(body)),
    agent_id    int NOT NULL REFERENCES agent,
    created_at  timestamptz NOT NULL DEFAULT now(),
    corrects    uuid REFERENCES note
);
CREATE INDEX note_party_idx ON note (party_id, created_at DESC, id DESC);
CREATE INDEX note_case_idx ON note (case_id, created_at) WHERE case_id IS NOT NULL;
CREATE INDEX note_interaction_idx ON note (interaction_id) WHERE interaction_id IS NOT NULL;

CREATE TABLE agreement (
    id          bigserial PRIMARY KEY,
    party_id    bigint NOT NULL REFERENCES party,
    kind        text NOT NULL CHECK (kind IN ('callback', 'send_document', 'payment_plan', 'visit', 'other')),
    description text,
    due_at      timestamptz NOT NULL,
    status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken', 'cancelled')),
    made_by     int REFERENCES agent,
    made_at     timestamptz NOT NULL DEFAULT now(),
    interaction_id uuid REFERENCES interaction,
    case_id     bigint REFERENCES case_file,
    status_at   timestamptz,
    status_by   int REFERENCES agent
);
CREATE INDEX agreement_party_idx ON agreement (party_id, due_at DESC);
CREATE INDEX agreement_open_idx ON agreement (made_by, due_at) WHERE status = 'open';

-- Callback requests (contactverzoeken) and other internal tasks.
CREATE TABLE task (
    id          bigserial PRIMARY KEY,
    party_id    bigint NOT NULL REFERENCES party,
    kind        text NOT NULL DEFAULT 'callback' CHECK (kind IN ('callback', 'other')),
    reason      text NOT NULL CHECK (nonblank(reason)),
    status      text NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'done', 'cancelled')),
    assigned_agent_id int REFERENCES agent,
    assigned_team_id  int REFERENCES team,
    due_at      timestamptz,
    created_by  int REFERENCES agent,
    created_at  timestamptz NOT NULL DEFAULT now(),
    interaction_id uuid REFERENCES interaction,
    case_id     bigint REFERENCES case_file,
    done_at     timestamptz,
    done_by     int REFERENCES agent,
    result      text,
    CHECK (assigned_agent_id IS NOT NULL OR assigned_team_id IS NOT NULL),
    CHECK ((status = 'todo') = (done_at IS NULL))
);
CREATE INDEX task_agent_idx ON task (assigned_agent_id, due_at) WHERE status = 'todo';
CREATE INDEX task_team_idx ON task (assigned_team_id, due_at) WHERE status = 'todo';
CREATE INDEX task_party_idx ON task (party_id);

-- One afhandeling request, keyed by the client's UUID: a resend with the
-- same content returns the stored result; other content is refused.
CREATE TABLE contact_request (
    id          uuid PRIMARY KEY,
    login       text NOT NULL,
    party_id    bigint NOT NULL REFERENCES party,
    request     jsonb NOT NULL,
    result      jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Queues ------------------------------------------------------------------

CREATE TABLE queue (
    id          serial PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_-]{1,32}$'),
    name        text NOT NULL CHECK (nonblank(name)),
    channel     text NOT NULL REFERENCES channel,
    team_id     int NOT NULL REFERENCES team,
    sla_seconds int NOT NULL CHECK (sla_seconds > 0),            -- answered within …
    sla_target  numeric(4,3) NOT NULL CHECK (sla_target > 0 AND sla_target <= 1),  -- … for this share
    short_abandon_seconds int NOT NULL DEFAULT 5 CHECK (short_abandon_seconds >= 0),
    wrap_up_seconds int NOT NULL DEFAULT 60 CHECK (wrap_up_seconds >= 0)
);

CREATE TABLE queue_item (
    id          bigserial PRIMARY KEY,
    queue_id    int NOT NULL REFERENCES queue,
    party_id    bigint REFERENCES party,      -- unknown caller: NULL
    enqueued_at timestamptz NOT NULL DEFAULT now(),
    offered_at  timestamptz,
    answered_at timestamptz,
    abandoned_at timestamptz,
    agent_id    int REFERENCES agent,
    interaction_id uuid REFERENCES interaction,
    CHECK (answered_at IS NULL OR abandoned_at IS NULL)
);
CREATE INDEX queue_item_waiting_idx ON queue_item (queue_id, enqueued_at)
    WHERE answered_at IS NULL AND abandoned_at IS NULL;
CREATE INDEX queue_item_day_idx ON queue_item (queue_id, enqueued_at);

CREATE TABLE queue_event (
    id          bigserial PRIMARY KEY,
    queue_item_id bigint NOT NULL REFERENCES queue_item,
    kind        text NOT NULL CHECK (kind IN ('enqueued', 'offered', 'answered', 'abandoned', 'moved')),
    at          timestamptz NOT NULL DEFAULT now(),
    from_queue_id int REFERENCES queue,
    to_queue_id int REFERENCES queue,
    agent_id    int REFERENCES agent
);
CREATE INDEX queue_event_item_idx ON queue_event (queue_item_id, at);

-- The access log ----------------------------------------------------------

-- Every search, opening, reveal, export, claim and write of personal data.
-- The id of an 'open' row is the access id that later reads in the same
-- sitting present instead of writing new rows.
CREATE TABLE access_log (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    login       text NOT NULL DEFAULT session_user,
    agent_id    int REFERENCES agent,
    team_id     int REFERENCES team,      -- the agent's team at that moment
    party_id    bigint REFERENCES party,
    action      text NOT NULL CHECK (action IN ('search', 'open', 'reveal', 'export', 'claim',
                                                'release', 'transfer', 'write', 'status', 'audit')),
    purpose     text REFERENCES purpose,
    query_kind  text,                     -- the kind of search, never its text
    result_count int,
    result      text NOT NULL DEFAULT 'ok' CHECK (result IN ('ok', 'denied', 'not_found', 'error')),
    terminal    text,
    detail      text
);
CREATE INDEX access_log_party_idx ON access_log (party_id, at);
CREATE INDEX access_log_login_idx ON access_log (login, at);

CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION loket.forbid_change();
CREATE TRIGGER note_append_only BEFORE UPDATE OR DELETE ON note
    FOR EACH ROW EXECUTE FUNCTION loket.forbid_change();
CREATE TRIGGER case_event_append_only BEFORE UPDATE OR DELETE ON case_event
    FOR EACH ROW EXECUTE FUNCTION loket.forbid_change();
CREATE TRIGGER agent_state_event_append_only BEFORE UPDATE OR DELETE ON agent_state_event
    FOR EACH ROW EXECUTE FUNCTION loket.forbid_change();
CREATE TRIGGER queue_event_append_only BEFORE UPDATE OR DELETE ON queue_event
    FOR EACH ROW EXECUTE FUNCTION loket.forbid_change();
-- TRUNCATE bypasses row triggers: refuse it too.
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION loket.forbid_change();
CREATE TRIGGER note_no_truncate BEFORE TRUNCATE ON note
    FOR EACH STATEMENT EXECUTE FUNCTION loket.forbid_change();
CREATE TRIGGER case_event_no_truncate BEFORE TRUNCATE ON case_event
    FOR EACH STATEMENT EXECUTE FUNCTION loket.forbid_change();
CREATE TRIGGER agent_state_event_no_truncate BEFORE TRUNCATE ON agent_state_event
    FOR EACH STATEMENT EXECUTE FUNCTION loket.forbid_change();
CREATE TRIGGER queue_event_no_truncate BEFORE TRUNCATE ON queue_event
    FOR EACH STATEMENT EXECUTE FUNCTION loket.forbid_change();

-- Nobody but the owner touches a table directly.
REVOKE ALL ON ALL TABLES IN SCHEMA loket FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA loket FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA loket FROM PUBLIC;
