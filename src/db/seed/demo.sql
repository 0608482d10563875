-- demo.sql — realistic, deterministic Dutch demo data for loket.
--
-- Run by `loket db seed --demo [--customers N] [--seed S]` as a superuser,
-- in one libpq simple-query call, after
--   SELECT set_config('loket.seed_customers', 'N', false),
--          set_config('loket.seed_seed', 'S', false);
-- It also runs statement by statement (psql -f). The last statement returns
-- one row of counts.
--
-- Deterministic: every "random" choice is a pure function of (row key, salt,
-- seed) through hashint8extended (pg_temp.r below); random() is never used,
-- so parallel plans and row order cannot change the outcome. Ids, UUIDs and
-- texts are the same for the same N and seed. Times are relative to the
-- seeding day (midnight Europe/Amsterdam), so the demo always looks current
-- — agreements due today, deadlines in the coming days — and the content is
-- identical for two seedings on the same day. Only today's live picture
-- (queue items, agents' states and their history) follows the time of day
-- of the seeding, since it has to end "now".
--
-- Scale: everything is set-based (INSERT … SELECT over generate_series);
-- contacts are generated per block of 20,000 customers to bound memory.
-- Measured on two cores: 10,000 customers (≈ 210,000 contacts) in about
-- 13 s; 1,000,000 customers (≈ 20.6 M contacts) in about 18 minutes and
-- 17 GB, most of it the contacts and their five indexes. With
-- client_min_messages = debug1 each block reports its progress.
--
-- Triggers: the bulk insert runs with session_replication_role = replica,
-- which skips ordinary triggers for this session only: the per-row NOTIFY
-- triggers (one notice per contact would flood every listener, and 20 M in
-- one transaction overflow the notify queue), the surname tracker (filled
-- set-based below) and the foreign-key triggers. CHECK, NOT NULL and UNIQUE
-- constraints are still enforced on every row; every reference is built
-- from rows inserted before it, and the script verifies all references
-- set-based before it finishes (section 13). A later migration that adds a
-- trigger maintaining derived data must be mirrored here, set-based.
-- The revisions of kept customer views (008) are not bumped row by row:
-- one loket.views_changed() at the end makes every kept view stale.

-- 1. Only into an empty database ---------------------------------------------

DO $seed_guard$
BEGIN
    IF EXISTS (SELECT 1 FROM loket.party) THEN
        RAISE EXCEPTION 'loket: the database already holds customers; seed only into an empty one'
            USING ERRCODE = 'LK409';
    END IF;
END
$seed_guard$;

-- 2. Parameters, baked into small pg_temp functions -----------------------------
--
-- pg_temp.n()        number of customers
-- pg_temp.today()    the seeding day (Europe/Amsterdam)
-- pg_temp.t0()       its midnight as timestamptz: all history lies before it
-- pg_temp.now0()     the moment the seeding started (live queue picture only)
-- pg_temp.r(k, s)    uniform [0,1) from key k and salt s, for this seed
-- pg_temp.ri(k,s,n)  integer in [0, n)
-- pg_temp.uuid(k,s)  a version-7-shaped UUID from key k and salt s

DROP TABLE IF EXISTS pg_temp.seed_run;
CREATE TEMP TABLE seed_run AS SELECT clock_timestamp() AS started;

DO $seed_config$
DECLARE
    v_n_text text := btrim(coalesce(current_setting('loket.seed_customers', true), ''));
    v_s_text text := btrim(coalesce(current_setting('loket.seed_seed', true), ''));
    v_n bigint;
    v_s bigint;
    v_mix bigint;
    v_today date := (now() AT TIME ZONE 'Europe/Amsterdam')::date;
BEGIN
    IF v_n_text = '' THEN
        v_n := 10000;
    ELSIF v_n_text ~ '^[0-9]{1,9}$' THEN
        v_n := v_n_text::bigint;
    ELSE
        RAISE EXCEPTION 'loket: the number of customers "%" is not a whole number', v_n_text
            USING ERRCODE = 'LK422';
    END IF;
    -- Case references hold six digits per year; beyond 3 million customers
    -- a year would run out of numbers.
    IF v_n < 1 OR v_n > 3000000 THEN
        RAISE EXCEPTION 'loket: the demo seeder makes between 1 and 3000000 customers, not %', v_n
            USING ERRCODE = 'LK422';
    END IF;
    IF v_s_text = '' THEN
        v_s := 1;
    ELSIF v_s_text ~ '^-?[0-9]{1,18}$' THEN
        v_s := v_s_text::bigint;
    ELSE
        RAISE EXCEPTION 'loket: the seed "%" is not a whole number', v_s_text USING ERRCODE = 'LK422';
    END IF;
    v_mix := hashint8extended(v_s, 20260101);

    EXECUTE format('CREATE OR REPLACE FUNCTION pg_temp.n() RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
                   format('SELECT %s::bigint', v_n));
    EXECUTE format('CREATE OR REPLACE FUNCTION pg_temp.today() RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
                   format('SELECT %L::date', to_char(v_today, 'YYYY-MM-DD')));
    EXECUTE format('CREATE OR REPLACE FUNCTION pg_temp.t0() RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
                   format('SELECT %L::timestamp AT TIME ZONE %L', to_char(v_today, 'YYYY-MM-DD'), 'Europe/Amsterdam'));
    EXECUTE format('CREATE OR REPLACE FUNCTION pg_temp.now0() RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
                   format('SELECT to_timestamp(%s)', extract(epoch FROM now())));
    -- The top 53 bits of a 64-bit hash, as a double in [0, 1).
    EXECUTE format('CREATE OR REPLACE FUNCTION pg_temp.r(k bigint, salt int) RETURNS double precision '
                   'LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
                   format('SELECT ((hashint8extended(k, (%s)::bigint # salt) >> 11) & 9007199254740991)::float8 '
                          '/ 9007199254740992.0', v_mix));
    -- UUIDv7-shaped: the 48-bit "timestamp" is 2020-01-01 plus the row key in
    -- milliseconds, so rows inserted in key order append to the primary key;
    -- the other 74 bits come from two hashes.
    EXECUTE format('CREATE OR REPLACE FUNCTION pg_temp.uuid(k bigint, salt int) RETURNS uuid '
                   'LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
                   format('SELECT (lpad(to_hex(((1577836800000 + k) << 16) | 28672 '
                          '| (hashint8extended(k, (%s)::bigint # salt) & 4095)), 16, ''0'') '
                          '|| lpad(to_hex((hashint8extended(k, (%s)::bigint # salt) & 4611686018427387903) '
                          '| (-9223372036854775807 - 1)), 16, ''0''))::uuid',
                          v_mix, hashint8extended(v_s, 777)));
END
$seed_config$;

CREATE OR REPLACE FUNCTION pg_temp.ri(k bigint, salt int, n int) RETURNS int
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT floor(pg_temp.r(k, salt) * n)::int';

-- A keyed bijection on [0, hn * ln): three Feistel rounds over the two
-- digits (x / ln, x % ln). Unique inputs give unique, unpatterned outputs
-- (BSNs, KvK and mobile numbers of neighbouring rows look unrelated).
CREATE OR REPLACE FUNCTION pg_temp.feistel_lo(x bigint, ln int, salt int) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT (x % ln + pg_temp.ri(x / ln, salt, ln)) % ln';
CREATE OR REPLACE FUNCTION pg_temp.feistel_hi(x bigint, hn int, ln int, salt int) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT (x / ln + pg_temp.ri(pg_temp.feistel_lo(x, ln, salt), salt + 1, hn)) % hn';
CREATE OR REPLACE FUNCTION pg_temp.feistel(x bigint, hn int, ln int, salt int) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT pg_temp.feistel_hi(x, hn, ln, salt) * ln
               + (pg_temp.feistel_lo(x, ln, salt) + pg_temp.ri(pg_temp.feistel_hi(x, hn, ln, salt), salt + 2, ln)) % ln';

-- A local wall-clock time in the Netherlands: day d, s seconds after midnight.
CREATE OR REPLACE FUNCTION pg_temp.lt(d date, s int) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$SELECT (d + s * interval '1 second') AT TIME ZONE 'Europe/Amsterdam'$$;

-- A weekend day moved back to the Friday before (staffed channels).
CREATE OR REPLACE FUNCTION pg_temp.weekday_before(d date) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$SELECT CASE extract(isodow FROM d) WHEN 6 THEN d - 1 WHEN 7 THEN d - 2 ELSE d END$$;

-- A weekend day moved on to the Monday after (due dates).
CREATE OR REPLACE FUNCTION pg_temp.weekday_after(d date) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$SELECT CASE extract(isodow FROM d) WHEN 6 THEN d + 2 WHEN 7 THEN d + 1 ELSE d END$$;

-- An amount in euros, Dutch style: "312,45".
CREATE OR REPLACE FUNCTION pg_temp.euro(cents int) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$SELECT (cents / 100)::text || ',' || lpad((cents % 100)::text, 2, '0')$$;

-- dd-mm-yyyy, independent of DateStyle and lc_time.
CREATE OR REPLACE FUNCTION pg_temp.dmy(d date) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$SELECT lpad(extract(day FROM d)::text, 2, '0') || '-' || lpad(extract(month FROM d)::text, 2, '0')
                 || '-' || extract(year FROM d)::text$$;

-- A contact text with its placeholders filled in: {jaar}, {bedrag},
-- {nummer}, {straat}, {datum} (k: the contact's key, d: its day).
CREATE OR REPLACE FUNCTION pg_temp.fill(t text, k bigint, d date, street text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$SELECT CASE WHEN strpos(t, '{') = 0 THEN t
                     ELSE replace(replace(replace(replace(replace(t,
                              '{jaar}', extract(year FROM d)::text),
                              '{bedrag}', pg_temp.euro(4000 + pg_temp.ri(k, 140, 90000))),
                              '{nummer}', (1 + pg_temp.ri(k, 141, 180))::text),
                              '{straat}', coalesce(street, 'Kerkstraat')),
                              '{datum}', pg_temp.dmy(d + 3 + pg_temp.ri(k, 142, 10))) END$$;

-- ISO 8601 in UTC, independent of the session's TimeZone and DateStyle
-- (for transcripts). STABLE like to_char, so that it is inlined.
CREATE OR REPLACE FUNCTION pg_temp.iso(t timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')$$;

-- Weighted choice: from a table (grp, ord, w), a table lot_<name> with
-- `slots` rows per group mapping a slot to an item in proportion to w.
CREATE OR REPLACE FUNCTION pg_temp.make_lottery(src text, slots int) RETURNS void
    LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE format('DROP TABLE IF EXISTS pg_temp.%I', 'lot_' || src);
    EXECUTE format($q$
        CREATE TEMP TABLE %I AS
        WITH c AS (SELECT grp, ord, w,
                          sum(w) OVER (PARTITION BY grp ORDER BY ord) AS hi,
                          sum(w) OVER (PARTITION BY grp) AS tot
                     FROM pg_temp.%I WHERE w > 0)
        -- slot s goes to the item whose [hi - w, hi) holds (s + 0.5) * tot / slots
        SELECT c.grp, s.slot, c.ord
          FROM c, generate_series(ceil((c.hi - c.w)::numeric * %s / c.tot - 0.5)::int,
                                  ceil(c.hi::numeric * %s / c.tot - 0.5)::int - 1) AS s(slot)$q$,
        'lot_' || src, src, slots, slots);
    EXECUTE format('CREATE UNIQUE INDEX ON pg_temp.%I (grp, slot)', 'lot_' || src);
    EXECUTE format('ANALYZE pg_temp.%I', 'lot_' || src);
END
$f$;

-- JIT would spend seconds compiling the long generated expressions.
SET jit = off;
SET session_replication_role = replica;
SET plan_cache_mode = force_custom_plan;
SET synchronous_commit = off;
SET work_mem = '64MB';

-- 3. Reference data: case types, teams, queues, staff ---------------------------

INSERT INTO loket.case_type (code, name, term_days) VALUES
    ('woz_bezwaar',             'WOZ-bezwaar',             30),
    ('bijstand',                'Bijstandsaanvraag',       40),
    ('paspoort',                'Paspoort',                10),
    ('parkeervergunning',       'Parkeervergunning',       20),
    ('afvalpas',                'Afvalpas',                10),
    ('verhuizing',              'Verhuizing',               5),
    ('kwijtschelding',          'Kwijtschelding',          40),
    ('toeslag',                 'Toeslag',                 40),
    ('melding_openbare_ruimte', 'Melding openbare ruimte', 10),
    ('bezwaar',                 'Bezwaar',                 60)
ON CONFLICT (code) DO NOTHING;

SELECT api.team_add(code, name) FROM (VALUES
    (1, 'kcc',          'Klantcontactcentrum'),
    (2, 'burgerzaken',  'Burgerzaken'),
    (3, 'belastingen',  'Belastingen'),
    (4, 'werk_inkomen', 'Werk en Inkomen'),
    (5, 'vergunningen', 'Vergunningen')) AS t(ord, code, name)
ORDER BY ord;

INSERT INTO loket.queue (code, name, channel, team_id, sla_seconds, sla_target, short_abandon_seconds, wrap_up_seconds)
SELECT q.code, q.name, q.channel, t.id, q.sla, q.target, q.short_abandon, q.wrap_up
  FROM (VALUES
    ('kcc_phone',          'KCC telefoon',             'phone',    'kcc',             30, 0.800, 5,  60),
    ('kcc_chat',           'KCC live chat',            'chat',     'kcc',             60, 0.800, 5,  30),
    ('kcc_whatsapp',       'KCC WhatsApp',             'whatsapp', 'kcc',           3600, 0.800, 0,  30),
    ('kcc_email',          'KCC e-mail',               'email',    'kcc',         172800, 0.900, 0, 120),
    ('burgerzaken_phone',  'Burgerzaken telefoon',     'phone',    'burgerzaken',     30, 0.800, 5,  60),
    ('belastingen_phone',  'Belastingen telefoon',     'phone',    'belastingen',     30, 0.800, 5,  60),
    ('werk_inkomen_phone', 'Werk en Inkomen telefoon', 'phone',    'werk_inkomen',    25, 0.700, 5,  90)
  ) AS q(code, name, channel, team, sla, target, short_abandon, wrap_up)
  JOIN loket.team t ON t.code = q.team
ORDER BY q.code
ON CONFLICT (code) DO NOTHING;

-- Staff. Every login starts with "demo" so they are easy to tell apart
-- (and to drop) in a shared cluster. api.agent_add creates the login role
-- or reuses it when an earlier seeding in this cluster made it already.
DROP TABLE IF EXISTS pg_temp.w_agent;
CREATE TEMP TABLE w_agent (ord int, login text, name text, role text, team text);
INSERT INTO pg_temp.w_agent VALUES
    ( 1, 'demo',             'Sanne de Demo',       'agent',      'kcc'),
    ( 2, 'demo_supervisor',  'Pieter de Demo',      'supervisor', 'kcc'),
    ( 3, 'demo_auditor',     'Anne de Demo',        'auditor',    NULL),
    ( 4, 'demo_hdejong',     'Henk de Jong',        'supervisor', 'kcc'),
    ( 5, 'demo_lbakker',     'Lisa Bakker',         'agent',      'kcc'),
    ( 6, 'demo_melidrissi',  'Mohamed El Idrissi',  'agent',      'kcc'),
    ( 7, 'demo_fyilmaz',     'Fatma Yılmaz',        'agent',      'kcc'),
    ( 8, 'demo_jvandijk',    'Joost van Dijk',      'agent',      'kcc'),
    ( 9, 'demo_amulder',     'Anouk Mulder',        'agent',      'kcc'),
    (10, 'demo_kdegroot',    'Kevin de Groot',      'agent',      'kcc'),
    (11, 'demo_eschouten',   'Esther Schouten',     'agent',      'kcc'),
    (12, 'demo_rsoekhai',    'Rishi Soekhai',       'agent',      'kcc'),
    (13, 'demo_mnowak',      'Marta Nowak',         'agent',      'kcc'),
    (14, 'demo_tvisser',     'Tim Visser',          'agent',      'kcc'),
    (15, 'demo_nbenali',     'Naima Benali',        'agent',      'kcc'),
    (16, 'demo_cvandenberg', 'Carla van den Berg',  'supervisor', 'burgerzaken'),
    (17, 'demo_sjanssen',    'Stefan Janssen',      'agent',      'burgerzaken'),
    (18, 'demo_dtran',       'Duc Trần',            'agent',      'burgerzaken'),
    (19, 'demo_wdewit',      'Wendy de Wit',        'agent',      'burgerzaken'),
    (20, 'demo_rhoekstra',   'Roel Hoekstra',       'supervisor', 'belastingen'),
    (21, 'demo_imeijer',     'Ingrid Meijer',       'agent',      'belastingen'),
    (22, 'demo_bkaya',       'Burak Kaya',          'agent',      'belastingen'),
    (23, 'demo_mdebruijn',   'Marieke de Bruijn',   'supervisor', 'werk_inkomen'),
    (24, 'demo_yelamrani',   'Youssef El Amrani',   'agent',      'werk_inkomen'),
    (25, 'demo_lsmit',       'Lotte Smit',          'agent',      'werk_inkomen'),
    (26, 'demo_gpeters',     'Gerard Peters',       'agent',      'werk_inkomen'),
    (27, 'demo_bvos',        'Bas Vos',             'supervisor', 'vergunningen'),
    (28, 'demo_ndekker',     'Nina Dekker',         'agent',      'vergunningen'),
    (29, 'demo_fprins',      'Frank Prins',         'auditor',    NULL);

SELECT api.agent_add(login, name, role, team) FROM pg_temp.w_agent ORDER BY ord;

-- The staff as the generator sees them: id, team, first name.
DROP TABLE IF EXISTS pg_temp.ag;
CREATE TEMP TABLE ag AS
SELECT w.ord, a.id, w.login, w.name, split_part(w.name, ' ', 1) AS first_name, w.role, w.team, a.team_id
  FROM pg_temp.w_agent w JOIN loket.agent a ON a.login = w.login;
ANALYZE pg_temp.ag;

-- History goes back years: the staff existed before it.
UPDATE loket.agent a
   SET created_at = pg_temp.t0() - (1500 + 37 * g.ord) * interval '1 day',
       state = 'offline', state_since = pg_temp.t0() - interval '7 hours'
  FROM pg_temp.ag g WHERE g.id = a.id;

DO $demo_id$
BEGIN
    EXECUTE format('CREATE OR REPLACE FUNCTION pg_temp.demo_id() RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
                   format('SELECT %s', (SELECT id FROM pg_temp.ag WHERE login = 'demo')));
END
$demo_id$;

-- Agent pools, 60 slots per team so a pick is one join.
--   lot_agent_all: who handled contacts (the demo agent included, so it has history)
--   lot_agent_work: who owns cases and gets callbacks (not the demo logins,
--                   whose work is made by hand below so their screens stay readable)
DROP TABLE IF EXISTS pg_temp.lot_agent_all, pg_temp.lot_agent_work;
CREATE TEMP TABLE lot_agent_all AS
SELECT p.team, s.slot, p.ids[1 + s.slot % cardinality(p.ids)] AS agent_id
  FROM (SELECT team, array_agg(id ORDER BY ord) AS ids FROM pg_temp.ag
         WHERE role IN ('agent', 'supervisor') AND login <> 'demo_supervisor' GROUP BY team) p,
       generate_series(0, 59) AS s(slot);
CREATE TEMP TABLE lot_agent_work AS
SELECT p.team, s.slot, p.ids[1 + s.slot % cardinality(p.ids)] AS agent_id
  FROM (SELECT team, array_agg(id ORDER BY ord) AS ids FROM pg_temp.ag
         WHERE role IN ('agent', 'supervisor') AND login NOT IN ('demo', 'demo_supervisor') GROUP BY team) p,
       generate_series(0, 59) AS s(slot);
CREATE UNIQUE INDEX ON pg_temp.lot_agent_all (team, slot);
CREATE UNIQUE INDEX ON pg_temp.lot_agent_work (team, slot);
ANALYZE pg_temp.lot_agent_all;
ANALYZE pg_temp.lot_agent_work;

-- 4. Word lists -----------------------------------------------------------------

-- Surnames: prefix (tussenvoegsel) | surname | weight | origin | female form.
-- Weights follow the Dutch frequency order roughly; origin picks matching
-- given names and sometimes a language.
DROP TABLE IF EXISTS pg_temp.w_surname;
CREATE TEMP TABLE w_surname AS
SELECT t.ord::int AS ord, 'all'::text AS grp,
       nullif(split_part(t.l, '|', 1), '') AS prefix, split_part(t.l, '|', 2) AS surname,
       split_part(t.l, '|', 3)::int AS w, coalesce(nullif(split_part(t.l, '|', 4), ''), 'nl') AS origin,
       nullif(split_part(t.l, '|', 5), '') AS surname_f
  FROM regexp_split_to_table($list$
de|Jong|60
|Jansen|55
de|Vries|52
van den|Berg|42
van|Dijk|40
|Bakker|39
|Janssen|38
|Visser|36
|Smit|32
|Meijer|29
de|Boer|28
|Mulder|27
de|Groot|26
|Bos|25
|Vos|23
|Peters|22
|Hendriks|22
van|Leeuwen|21
|Dekker|20
|Brouwer|19
de|Wit|19
|Dijkstra|18
|Smits|17
de|Graaf|17
van der|Meer|17
van der|Linden|16
|Kok|16
|Jacobs|15
de|Haan|15
|Vermeulen|15
van den|Heuvel|14
van der|Veen|14
van den|Broek|14
de|Bruijn|14
de|Bruin|13
van der|Heijden|13
|Schouten|13
van|Beek|12
|Willems|12
van|Vliet|12
van de|Ven|12
|Hoekstra|12
|Maas|12
|Verhoeven|12
|Koster|11
van|Dam|11
van der|Wal|11
|Prins|11
|Blom|11
|Huisman|10
|Peeters|10
de|Jonge|10
|Kuipers|10
van|Veen|10
|Post|10
|Kuiper|10
|Veenstra|10
|Kramer|10
van den|Brink|9
|Scholten|9
van|Wijk|9
|Postma|9
|Martens|9
|Vink|9
de|Ruiter|9
|Timmermans|9
|Groen|9
|Gerritsen|9
|Jonker|8
van|Loon|8
|Boersma|8
|Willemsen|8
van der|Berg|6
|Sanders|8
|Bosman|8
|Wouters|8
|Mertens|8
|Hermans|8
van|Doorn|7
|Molenaar|7
|Verbeek|7
|Aarts|7
|Evers|7
|Hoogendoorn|7
van|Rijn|7
de|Lange|7
|Koning|7
|Zwart|7
|Hofman|7
|Lammers|6
|Wolters|6
van|Es|6
|Goossens|6
van|Dongen|6
|Bruins|6
|Gerrits|6
|Mol|6
|Schipper|6
de|Haas|6
|Bouwman|6
van den|Bosch|6
van der|Laan|6
|Nijhuis|5
|Kroon|5
van|Hout|5
|Veldhuis|5
van|Os|5
|Bergsma|5
|Stam|5
|Kamphuis|5
|Hoek|5
|Boon|5
|Claassen|5
|Koopman|5
|Berends|5
|Wagenaar|5
|Faber|5
|Vis|5
|Rutten|5
|Arts|5
|Zijlstra|5
|Terpstra|5
|Bouma|5
|Smeets|5
|Kuijpers|5
van der|Ploeg|5
van der|Velden|5
van de|Kamp|5
de|Leeuw|5
de|Koning|5
|Haverkamp|4
van|Zon|4
|Wijnands|4
|Sluiter|4
|Verschuren|4
van|Wijngaarden|4
|Tromp|4
|Hendriksen|4
|Baas|4
|Pronk|4
|Koch|4
|Brouwers|4
|Kooij|4
|Hoekman|4
van der|Zee|4
van der|Steen|4
van der|Horst|4
van|Eijk|4
van|Schaik|4
van der|Molen|4
van de|Pol|4
van de|Velde|4
den|Hartog|4
de|Vos|4
de|Kok|4
de|Klerk|4
de|Rooij|4
de|Waal|4
|Westra|4
|Wiersma|4
|Vermeer|4
|Verhagen|4
|Vogel|4
|Franssen|4
|Nieuwenhuis|4
|Roelofs|4
|Snijders|4
|Groeneveld|4
van der|Hoeven|4
van den|Akker|4
van den|Bos|4
|Spijker|3
van der|Vlist|3
van|Gils|3
van|Ommen|3
van de|Water|3
van|Kempen|3
ter|Horst|3
ter|Haar|3
in 't|Veld|3
van 't|Hof|3
den|Boer|3
den|Ouden|3
de|Kruijf|3
de|Roos|3
de|Wolf|3
de|Hoog|3
de|Man|3
de|Zwart|3
de|Bakker|3
|IJzerman|3
|Ouwehand|3
|Oosterhuis|3
|Zuidema|3
|Jansma|3
|Kingma|3
|Sikkema|3
|Hiemstra|3
|Bosma|3
|Mulders|3
|Verheij|3
|Verbruggen|3
|Verkerk|3
|Vonk|3
|Hulshof|3
|Jaspers|3
|Kessels|3
|Knol|3
|Koenen|3
|Leenders|3
|Pieters|3
|Reijnders|3
|Roos|3
|Schaap|3
|Scheffer|3
|Schreurs|3
|Schuurman|3
|Slot|3
|Swinkels|3
|Teunissen|3
|Thijssen|3
|Valk|3
|Vissers|3
|Bijl|3
|Brink|3
|Coenen|3
|Cornelissen|3
|Damen|3
|Dekkers|3
|Driessen|3
|Groenewegen|3
|Janssens|3
|Kerkhof|3
|Klein|3
|Meijers|3
|Muller|3
|Otten|3
|Raaijmakers|3
|Rietveld|3
|Schepers|3
|Schoenmakers|3
|Wessels|3
|Doornbos|3
|Feenstra|3
|Kloosterman|3
|Buijs|3
|Geurts|3
van|Bergen|3
van|Dalen|3
van|Gelder|3
van|Ginkel|3
van|Hulst|3
van|Kampen|3
van|Noort|3
van|Oosten|3
van|Putten|3
van|Rooij|3
van|Rossum|3
van der|Graaf|3
van der|Kamp|3
van der|Pol|3
van der|Sluis|3
van den|Bergh|3
van den|Hoek|3
van de|Wetering|3
ter|Beek|2
te|Velde|2
van 't|Zand|2
de|Vet|2
de|Heer|2
de|Mol|2
van|Amstel|2
|IJsselstein|2
van|IJzendoorn|2
|Bakema|2
|Hoekema|2
|Wijnen|2
|Lambregts|2
|Meulenbelt|2
|Oomen|2
|Pijnenburg|2
|Steenbergen|2
|Stoffels|2
|Tuinstra|2
|Ubbink|2
|Veenhuizen|2
|Verstappen|2
|Wolff|2
|Zandbergen|2
|Zeegers|2
|Bijlsma|2
|Blokland|2
|Donkers|2
|Elzinga|2
|Geerts|2
|Gijsbers|2
|Hendrix|2
|Heijnen|2
|Hoogland|2
|Kemp|2
|Koolen|2
|Kort|2
|Lemmens|2
|Linssen|2
|Manders|2
|Michels|2
|Nijland|2
|Paulussen|2
|Poels|2
|Polman|2
|Quist|2
|Smeenk|2
|Strijbos|2
|Tak|2
|Vaessen|2
|Verdonk|2
|Vlaar|2
|Wouda|2
|Lubbers|2
|Mooij|2
|Overbeek|2
|Pool|2
|Smid|2
|Bruggeman|2
|Hoeks|2
|Daniëls|2
|Schröder|2
|Müller|2
|Lodewijks|2
van|Baal|2
van|Beers|2
van|Boxtel|2
van|Bruggen|2
van|Deursen|2
van|Eck|2
van|Engelen|2
van|Haren|2
van|Heeswijk|2
van|Laar|2
van|Maanen|2
van|Mierlo|2
van|Schijndel|2
van|Son|2
van|Straaten|2
van|Tol|2
van|Veldhoven|2
van|Velzen|2
van|Wezel|2
van|Zanten|2
van der|Leij|2
van der|Maas|2
van der|Valk|2
van der|Wiel|2
van den|Dool|2
van den|Oever|2
van den|Hurk|2
van den|Eijnden|2
van de|Sande|2
van de|Vijver|2
van de|Laar|2
op den|Brouw|1
|IJpelaar|1
|Tjeerdsma|1
|Gortzak|1
|Hooijmaijers|1
|Maessen|1
|Nooijen|1
|Renes|1
|Rijnders|1
|Ruijs|1
|Sijbrandij|1
|Tiemens|1
|Uijterwaal|1
|Voskuilen|1
|Zoutendijk|1
|Heerkens|1
|Ritsema|1
|Boeije|1
|Jongeneel|1
|Kühne|1
|Geëlen|1
|Hoëvenaars|1
|Eijkelenboom|2
van der|Aa|1
van|Lith|1
van|Hattem|2
|Yılmaz|9|tr
|Kaya|8|tr
|Demir|8|tr
|Çelik|6|tr
|Şahin|6|tr
|Öztürk|5|tr
|Aydın|5|tr
|Yıldız|5|tr
|Yıldırım|4|tr
|Arslan|4|tr
|Doğan|4|tr
|Kılıç|3|tr
|Aslan|3|tr
|Çetin|3|tr
|Koç|3|tr
|Kurt|3|tr
|Özdemir|3|tr
|Polat|3|tr
|Erdoğan|3|tr
|Güneş|2|tr
|Bulut|2|tr
|Akgül|2|tr
|El Amrani|5|ma
|El Idrissi|5|ma
|Bouzid|5|ma
|Benali|5|ma
|Bakkali|4|ma
|Azzouzi|3|ma
|Tahiri|3|ma
|El Khattabi|3|ma
|Boukhari|3|ma
|Ziani|3|ma
|Essaidi|3|ma
|El Hamdaoui|3|ma
|Amrani|3|ma
|Belhaj|2|ma
|Haddouchi|2|ma
|Ouahabi|2|ma
|Bouchtaoui|2|ma
|Ahajjam|2|ma
|Chahid|2|ma
|Ouali|2|ma
|Ramdin|3|sr
|Soekhai|3|sr
|Jagesar|3|sr
|Kartosen|2|sr
|Ramautar|2|sr
|Sewdien|2|sr
|Pinas|3|sr
|Doelwijt|2|sr
|Bhagwandin|2|sr
|Kromodimedjo|2|sr
|Sapoen|1|sr
|Wongsodikromo|1|sr
|Nguyễn|6|vn
|Trần|3|vn
|Lê|3|vn
|Phạm|3|vn
|Hoàng|2|vn
|Huỳnh|1|vn
|Võ|1|vn
|Đặng|1|vn
|Bùi|1|vn
|Đỗ|1|vn
|Kowalski|3|pl|Kowalska
|Nowak|4|pl
|Wiśniewski|3|pl|Wiśniewska
|Wójcik|3|pl
|Kowalczyk|2|pl
|Kamiński|2|pl|Kamińska
|Lewandowski|2|pl|Lewandowska
|Zieliński|2|pl|Zielińska
|Szymański|2|pl|Szymańska
|Woźniak|2|pl
|Dąbrowski|2|pl|Dąbrowska
|Santos|3|pt
|Pereira|3|pt
da|Silva|3|pt
|Rodrigues|2|pt
|Fernandes|2|pt
|Gomes|2|pt
|Lopes|3|pt
|Monteiro|2|pt
|Tavares|2|pt
|Gonçalves|2|pt
|Martina|3|cw
|Rosaria|2|cw
|Isenia|2|cw
|Koeiman|1|cw
|Cijntje|1|cw
|Maduro|2|cw
|Leito|1|cw
|Albertina|1|cw
|Statia|1|cw
|Pieternella|1|cw
|Al Hussein|2|ar
|Khalil|2|ar
|Haddad|2|ar
|Ibrahim|3|ar
|Mahmoud|2|ar
|Al Ahmad|2|ar
|Hassan|3|ar
|Ahmadi|2|ar
|Hosseini|2|ar
|Mohammadi|2|ar
|Tesfay|2|er
|Haile|2|er
|Kidane|2|er
|Abdi|3|er
|Mohamed|3|er
|Warsame|2|er
|Gebremariam|2|er
$list$, '\n') WITH ORDINALITY AS t(l, ord)
 WHERE btrim(t.l) <> '';
SELECT pg_temp.make_lottery('w_surname', 20000);

-- Given names by origin, gender and (for Dutch names) generation.
DROP TABLE IF EXISTS pg_temp.w_given;
CREATE TEMP TABLE w_given AS
SELECT split_part(t.l, '|', 1) || '/' || split_part(t.l, '|', 2) || '/' || split_part(t.l, '|', 3) AS grp,
       string_to_array(split_part(t.l, '|', 4), ',') AS names
  FROM regexp_split_to_table($list$
nl|f|old|Maria,Johanna,Hendrika,Wilhelmina,Cornelia,Anna,Geertruida,Elisabeth,Catharina,Adriana,Grietje,Aaltje,Jacoba,Trijntje,Riet,Corrie,Annie,Truus,Gerda,Ria,Joke,Tineke,Ineke,Els,Hennie,Willy,Dini
nl|m|old|Johannes,Hendrik,Cornelis,Jan,Pieter,Willem,Gerrit,Jacobus,Dirk,Klaas,Gerardus,Theodorus,Adrianus,Antonius,Hendrikus,Petrus,Wilhelmus,Albert,Arie,Henk,Kees,Wim,Piet,Joop,Gerard,Ton,Harm,Sjoerd,Bernard,IJsbrand
nl|f|mid|Sandra,Monique,Linda,Marieke,Petra,Anja,Ingrid,Esther,Karin,Saskia,Wendy,Mirjam,Marjolein,Annemieke,Yvonne,Femke,Ellen,Chantal,Nicole,Natasja,Mariëlle,Renée,Anouk,Inge,Ilse,Marloes,Judith
nl|m|mid|Peter,Marco,Erik,Mark,Jeroen,Dennis,Michel,Patrick,Martijn,Richard,Robert,Paul,René,Frank,Arjan,Bas,Hans,Rob,Edwin,Sander,Remco,Wouter,Maarten,Ruud,Frits,Joost,Niels,Erwin,Vincent
nl|f|young|Emma,Julia,Sophie,Lotte,Lisa,Anna,Fleur,Sanne,Eva,Tess,Isa,Noa,Lieke,Sara,Zoë,Iris,Femke,Amber,Roos,Lynn,Maud,Esmée,Floor,Lauren,Chloë,Jade,Noor
nl|m|young|Daan,Sem,Lucas,Levi,Finn,Milan,Jesse,Thijs,Lars,Bram,Ruben,Tim,Stijn,Luuk,Jelle,Sven,Niels,Joris,Gijs,Koen,Tom,Mees,Noah,Julian,Thomas,Mats,Siem
tr|f|*|Fatma,Ayşe,Emine,Hatice,Zeynep,Elif,Büşra,Merve,Esra,Özlem,Gül,Sevgi,Dilek,Selin,Şeyma
tr|m|*|Mehmet,Mustafa,Ahmet,Ali,Hüseyin,Hasan,İbrahim,Murat,Emre,Yusuf,Ömer,Burak,Kerem,Can,Serkan
ma|f|*|Fatima,Khadija,Malika,Naima,Samira,Hanan,Nadia,Latifa,Yasmina,Fatiha,Salma,Imane,Soumaya,Ikram,Houda
ma|m|*|Mohamed,Ahmed,Mustafa,Abdelkader,Youssef,Said,Hassan,Rachid,Khalid,Karim,Nordin,Bilal,Ilias,Soufiane,Anouar,Hamza
sr|f|*|Shanti,Sharmila,Anita,Reshma,Priya,Sunita,Nancy,Ingrid,Shirley,Kavita,Roshni
sr|m|*|Radjesh,Sunil,Ravi,Anil,Rakesh,Ronald,Glenn,Roy,Kishan,Dinesh,Soeresh
vn|f|*|Thị Lan,Thu,Hoa,Linh,Mai,Hương,Ngọc,Thảo,Trang,Hạnh
vn|m|*|Minh,Tuấn,Hùng,Dũng,Quang,Nam,Huy,Thắng,Long,Phúc
pl|f|*|Agnieszka,Katarzyna,Małgorzata,Anna,Joanna,Magdalena,Ewa,Monika,Dorota,Aleksandra
pl|m|*|Piotr,Krzysztof,Tomasz,Paweł,Michał,Marcin,Łukasz,Jakub,Grzegorz,Wojciech
pt|f|*|Maria,Ana,Sofia,Inês,Joana,Mariana,Fernanda,Beatriz,Carla,Rita
pt|m|*|João,José,António,Carlos,Manuel,Paulo,Rui,Pedro,Luís,Tiago
cw|f|*|Shudaira,Naomi,Rosalie,Jeanine,Shakira,Sharon,Yamila,Ruthsella
cw|m|*|Shurandy,Jairo,Giovanni,Edsel,Jurick,Rudsel,Keyron,Ruthmilo
ar|f|*|Amal,Rania,Lina,Noor,Hala,Dina,Reem,Maryam,Huda,Layla
ar|m|*|Mohammad,Ahmad,Omar,Khaled,Ali,Hussein,Samer,Tarek,Rami,Yousef
er|f|*|Senait,Helen,Selam,Ruta,Yordanos,Mebrat,Hodan,Amina
er|m|*|Yonas,Dawit,Samuel,Daniel,Filmon,Robel,Abdirahman,Mahad
$list$, '\n') AS t(l)
 WHERE btrim(t.l) <> '';
-- 840 slots per group: a pick is one join, (nearly) uniform over the names.
DROP TABLE IF EXISTS pg_temp.lot_given;
CREATE TEMP TABLE lot_given AS
SELECT g.grp, s.slot, g.names[1 + s.slot % cardinality(g.names)] AS name
  FROM pg_temp.w_given g, generate_series(0, 839) AS s(slot);
CREATE UNIQUE INDEX ON pg_temp.lot_given (grp, slot);
ANALYZE pg_temp.lot_given;

-- Places: postcode range (four digits), area code, weight. The home
-- municipality (Utrecht and the towns around it) dominates.
DROP TABLE IF EXISTS pg_temp.w_city;
CREATE TEMP TABLE w_city AS
SELECT t.ord::int AS ord, 'all'::text AS grp, split_part(t.l, '|', 1) AS city,
       split_part(t.l, '|', 2)::int AS pc_lo, split_part(t.l, '|', 3)::int AS pc_hi,
       split_part(t.l, '|', 4) AS area, split_part(t.l, '|', 5)::int AS w
  FROM regexp_split_to_table($list$
Utrecht|3511|3585|30|40
Amsterdam|1011|1109|20|10
Rotterdam|3011|3089|10|7
Den Haag|2491|2599|70|5
Nieuwegein|3431|3439|30|4
Zeist|3701|3709|30|3
Amersfoort|3811|3829|33|3
Eindhoven|5611|5658|40|3
Groningen|9711|9747|50|3
Houten|3991|3997|30|2
Tilburg|5011|5049|13|2
Almere|1311|1364|36|2
Breda|4811|4839|76|2
Nijmegen|6511|6546|24|2
Zwolle|8011|8048|38|2
Leeuwarden|8911|8941|58|1
Maastricht|6211|6229|43|1
Enschede|7511|7548|53|1
Haarlem|2011|2037|23|1
Arnhem|6811|6846|26|1
's-Hertogenbosch|5211|5249|73|1
$list$, '\n') WITH ORDINALITY AS t(l, ord)
 WHERE btrim(t.l) <> '';
SELECT pg_temp.make_lottery('w_city', 1000);

-- Streets: the place's own streets (300 of 2000 slots), then names every
-- Dutch town has, made of a stem (birds, trees, flowers, painters, writers,
-- the royal family, provinces, rivers, …) and a kind of street. A street
-- keeps one four-digit postcode; the letters change every 24 numbers.
DROP TABLE IF EXISTS pg_temp.lot_street;
CREATE TEMP TABLE lot_street AS
WITH local(city, streets) AS (VALUES
    ('Utrecht', 'Oudegracht,Biltstraat,Amsterdamsestraatweg,Kanaalstraat,Twijnstraat,Nachtegaalstraat,Vleutenseweg,Lange Nieuwstraat,Croeselaan,Burgemeester Reigerstraat,Adelaarstraat,Zwarte Woud,Columbusweg'),
    ('Amsterdam', 'Kinkerstraat,Ferdinand Bolstraat,Jan Pieter Heijestraat,Javastraat,Albert Cuypstraat,Bos en Lommerweg,Haarlemmerdijk,Van Woustraat,Postjesweg'),
    ('Rotterdam', 'Witte de Withstraat,Nieuwe Binnenweg,Zwart Janstraat,Beijerlandselaan,Kleiweg,Schiedamseweg,Putselaan'),
    ('Den Haag', 'Laan van Meerdervoort,Weimarstraat,Fahrenheitstraat,Prinsegracht,Hoefkade,Loosduinseweg'),
    ('Nieuwegein', 'Structuurbaan,Zuidstedeweg,Batauweg,Herenstraat'),
    ('Zeist', 'Slotlaan,Utrechtseweg,Laan van Vollenhove'),
    ('Amersfoort', 'Langestraat,Leusderweg,Kamp'),
    ('Eindhoven', 'Kruisstraat,Woenselse Markt,Boschdijk,Hoogstraat'),
    ('Groningen', 'Herestraat,Oosterstraat,Korreweg,Paterswoldseweg'),
    ('Houten', 'Het Rond,Loerikseweg'),
    ('Tilburg', 'Korvelseweg,Ringbaan-West,Heuvelstraat'),
    ('Almere', 'Grote Markt,Hollandstraat,Spoordreef'),
    ('Breda', 'Haagweg,Ginnekenweg,Boschstraat'),
    ('Nijmegen', 'Graafseweg,Sint Annastraat,Hatertseweg'),
    ('Zwolle', 'Assendorperstraat,Diezerstraat'),
    ('Leeuwarden', 'Nieuwestad,Voorstreek,Tesselschadestraat'),
    ('Maastricht', 'Tongersestraat,Boschstraat,Rechtstraat'),
    ('Enschede', 'Haaksbergerstraat,Oldenzaalsestraat'),
    ('Haarlem', 'Kleine Houtweg,Rijksstraatweg'),
    ('Arnhem', 'Steenstraat,Klarendalseweg'),
    ('''s-Hertogenbosch', 'Orthenseweg,Vughterweg')
), stem(stem, ord) AS (
    SELECT t.stem, t.ord FROM unnest(string_to_array(
        'Merel,Lijster,Vink,Mees,Spreeuw,Zwaluw,Reiger,Kievit,Roodborst,Koekoek,Specht,Valk,'
        'Eiken,Beuken,Linden,Kastanje,Berken,Essen,Populieren,Wilgen,Iepen,Platanen,Esdoorn,Acacia,'
        'Rozen,Tulpen,Lelie,Narcis,Krokus,Anjer,Seringen,Jasmijn,Hyacint,Zonnebloem,'
        'Rembrandt,Vermeer,Van Gogh,Mondriaan,Frans Hals,Jan Steen,Van Ruisdael,Breitner,'
        'Vondel,Bilderdijk,Multatuli,Hooft,Da Costa,Potgieter,Tollens,Anne Frank,'
        'Juliana,Beatrix,Wilhelmina,Emma,Irene,Margriet,Prins Bernhard,Prins Hendrik,Oranje,Nassau,'
        'Friesland,Gelderland,Brabant,Limburg,Zeeland,Drenthe,Maas,Rijn,IJssel,Waal,Amstel,Vecht,Lek,'
        'Kerk,School,Molen,Dorps,Station,Markt,Haven,Spoor,Industrie,Sport,Park,Zuider,Noorder,Ooster,Wester', ','))
        WITH ORDINALITY AS t(stem, ord)
), kind(ord, kind) AS (
    VALUES (1, 'straat'), (2, 'laan'), (3, 'weg'), (4, 'plein'), (5, 'hof'), (6, 'kade'),
           (7, 'singel'), (8, 'pad'), (9, 'dreef'), (10, 'park')
), generic AS (
    SELECT array_agg(stem.stem || kind.kind ORDER BY stem.ord, kind.ord) AS streets FROM stem CROSS JOIN kind
), lists AS (
    SELECT c.ord AS city_ord, string_to_array(l.streets, ',') AS own, g.streets AS generic
      FROM pg_temp.w_city c JOIN local l ON l.city = c.city CROSS JOIN generic g
)
SELECT l.city_ord, s.slot,
       CASE WHEN s.slot < 300 THEN l.own[1 + s.slot % cardinality(l.own)]
            ELSE l.generic[1 + (s.slot - 300) % cardinality(l.generic)] END AS street,
       CASE WHEN s.slot < 300 THEN 1 + s.slot % cardinality(l.own)
            ELSE 100 + (s.slot - 300) % cardinality(l.generic) END AS street_no
  FROM lists l, generate_series(0, 1999) AS s(slot);
CREATE UNIQUE INDEX ON pg_temp.lot_street (city_ord, slot);
ANALYZE pg_temp.lot_street;
ANALYZE pg_temp.w_city;
ANALYZE pg_temp.w_surname;

-- Organisations: a name template ({S} a surname with its prefix, {P} the
-- place, {W} a word from the template's own list, {T} a street, {N} a number).
DROP TABLE IF EXISTS pg_temp.w_org;
CREATE TEMP TABLE w_org AS
SELECT t.ord::int AS ord, 'all'::text AS grp, split_part(t.l, '|', 1) AS tpl,
       split_part(t.l, '|', 2)::int AS w, string_to_array(nullif(split_part(t.l, '|', 3), ''), ',') AS words
  FROM regexp_split_to_table($list$
Bakkerij {S} B.V.|6|
Installatiebedrijf {S}|5|
Schildersbedrijf {S} V.O.F.|4|
Autobedrijf {S} & Zn.|4|
Administratiekantoor {S}|4|
Bouwbedrijf {S} B.V.|4|
Hoveniersbedrijf {S}|3|
Fietsenwinkel {S}|3|
Tandartspraktijk {S}|3|
Loodgietersbedrijf {S}|3|
Transportbedrijf {S} B.V.|3|
Slagerij {S}|2|
Kapsalon {W}|4|Knip & Go,Anja,Chez Monique,Coupe Soleil,Yasmina,Ömer,Chantal,De Krul,Fleur,Het Knipperlichtje
Café {W}|5|Het Hoekje,De Gouden Leeuw,De Zwaan,Het Pleintje,De Buurvrouw,De Beurs,Het Anker,De Pelikaan,De Kroon,Marktzicht,De Tapperij,Bij Ome Jan
Eetcafé {W}|3|De Gezelligheid,Het Wapen,De Zon,De Vrolijke Jager,Het Gemaal
Restaurant {W}|3|De Smaak,Ankara,Saigon,La Cucina,De Waag,Bombay Palace,Aan de Gracht
Stichting Buurtzorg {W}|4|Oost,West,Noord,Zuid,Centrum,Binnenstad,Lunetten,Overvecht,Leidsche Rijn,Kanaleneiland
Stichting Voedselbank {P}|2|
Stichting Welzijn {P} {W}|2|Oost,West,Noord,Zuid,Centrum
Huisartsenpraktijk {W}|3|De Linde,Het Plein,De Meern,Oost,De Bilt,Vleuten,Tuindorp
Vereniging van Eigenaren {T} {N}|5|
Speeltuinvereniging {W}|2|De Egel,Het Zonnetje,De Bijenkorf,Ons Genoegen
Kinderopvang {W}|3|De Boefjes,Het Kabouterhuis,Ukkepuk,De Regenboog,Zonnestraal,Het Klavertje,De Vlindertuin
Sportvereniging {W}|2|Velox,Hercules,Oranje Wit,De Zwaluwen,Sparta,DOS
Stichting Wijkcentrum {W}|2|De Leeuw,Het Huis van de Wijk,De Sterrenburg,Op Noord
Supermarkt {S}|2|
Kringloopwinkel {W}|1|De Tweede Ronde,Het Goed,Snuffelmarkt
$list$, '\n') WITH ORDINALITY AS t(l, ord)
 WHERE btrim(t.l) <> '';
SELECT pg_temp.make_lottery('w_org', 1000);
ANALYZE pg_temp.w_org;

-- What people contact the municipality about. Weights per kind of customer:
-- w_p persons, w_o organisations, w_c at the counter. `contents` are short
-- summaries as an agent would log them; q, q2 and a feed chat transcripts;
-- `note` is the agent's note; `letter` the subject of an outgoing letter.
-- Placeholders: {jaar} year, {bedrag} amount, {nummer} number, {straat}
-- street, {datum} a date.
DROP TABLE IF EXISTS pg_temp.subj;
CREATE TEMP TABLE subj (
    ord int PRIMARY KEY, code text, team text, subject text,
    w_p int, w_o int, w_c int, agr_kind text, referred boolean,
    contents text[], q text, q2 text, a text, note text, letter text);
INSERT INTO pg_temp.subj VALUES
(1, 'woz_vraag', 'belastingen', 'Vraag over WOZ-waarde', 6, 4, 0, 'send_document', false,
 ARRAY['Klant vraagt hoe de WOZ-waarde van de woning is bepaald en waarom die hoger is dan vorig jaar.',
       'Vraag over de WOZ-beschikking {jaar}: klant wil het taxatieverslag inzien.',
       'Klant vindt de WOZ-waarde te hoog vergeleken met de buren en wil weten wat de mogelijkheden zijn.'],
 'Waarom is mijn WOZ-waarde zo veel hoger dan vorig jaar?', 'Kan ik het taxatieverslag ergens inzien?',
 'Het taxatieverslag staat in Mijn Gemeente onder Belastingen. Daar ziet u ook welke vergelijkbare woningen zijn gebruikt.',
 'Uitgelegd hoe de WOZ-waarde tot stand komt en waar het taxatieverslag staat.', 'WOZ-beschikking en aanslag {jaar}'),
(2, 'woz_bezwaar', 'belastingen', 'Bezwaar WOZ-waarde', 4, 3, 0, 'send_document', false,
 ARRAY['Klant wil bezwaar maken tegen de WOZ-waarde; termijn van zes weken uitgelegd.',
       'Klant vraagt of een bezwaarschrift via een no-cure-no-paybureau nodig is.',
       'Klant heeft bezwaar ingediend en vraagt wanneer er een taxateur langskomt.'],
 'Hoe kan ik bezwaar maken tegen mijn WOZ-waarde?', 'Moet ik dat binnen een bepaalde termijn doen?',
 'U kunt binnen zes weken na de dagtekening van de aanslag bezwaar maken via Mijn Gemeente. Dat is gratis.',
 'Bezwaarprocedure uitgelegd; klant dient zelf online in.', NULL),
(3, 'aanslag', 'belastingen', 'Aanslag gemeentelijke belastingen', 7, 6, 1, 'payment_plan', false,
 ARRAY['Klant heeft de aanslag {jaar} ontvangen en vraagt waarom de afvalstoffenheffing is gestegen.',
       'Klant vraagt of de aanslag in termijnen betaald kan worden via automatische incasso.',
       'Aanslagnummer {nummer}: klant denkt dat er dubbel is betaald (€ {bedrag}).'],
 'Ik heb twee keer betaald voor dezelfde aanslag, hoe krijg ik mijn geld terug?', 'Hoe lang duurt het voordat het terug is?',
 'Een dubbele betaling storten wij binnen vijf werkdagen terug op het rekeningnummer waarvan u betaalde.',
 'Uitleg gegeven over de aanslag en betalen in termijnen.', 'Aanslag gemeentelijke belastingen {jaar}'),
(4, 'kwijtschelding', 'belastingen', 'Kwijtschelding gemeentelijke belastingen', 4, 0, 1, 'send_document', false,
 ARRAY['Klant kan de aanslag niet betalen en vraagt naar kwijtschelding; voorwaarden doorgenomen.',
       'Vraag over het formulier kwijtschelding: welke bankafschriften moeten mee?',
       'Kwijtschelding is afgewezen, klant begrijpt de berekening van de betalingscapaciteit niet.'],
 'Ik heb een bijstandsuitkering, kan ik kwijtschelding krijgen voor de afvalstoffenheffing?', 'Welke papieren moet ik meesturen?',
 'Met een inkomen op bijstandsniveau komt u vaak in aanmerking. Vraag het aan via Mijn Gemeente en voeg uw laatste drie bankafschriften toe.',
 'Voorwaarden kwijtschelding besproken, klant vraagt online aan.', NULL),
(5, 'betalingsregeling', 'belastingen', 'Betalingsregeling belastingen', 3, 2, 0, 'payment_plan', false,
 ARRAY['Klant wil de aanslag van € {bedrag} in termijnen betalen.',
       'Klant heeft een aanmaning ontvangen en vraagt om uitstel van betaling.',
       'Betalingsregeling loopt; klant mist een termijn door ziekte.'],
 'Kan ik mijn aanslag in delen betalen?', 'Ik heb ook al een aanmaning gehad, geldt dat dan nog?',
 'Ja, u kunt een betalingsregeling van maximaal tien termijnen aanvragen via Mijn Gemeente.',
 'Betalingsregeling afgesproken in termijnen.', 'Aanmaning gemeentelijke belastingen'),
(6, 'hondenbelasting', 'belastingen', 'Hondenbelasting', 1, 0, 0, 'other', false,
 ARRAY['Klant heeft geen hond meer en wil de hondenbelasting stopzetten.',
       'Nieuwe hond aangemeld voor de hondenbelasting.'],
 'Mijn hond is overleden, hoe stop ik de hondenbelasting?', 'Krijg ik dan geld terug?',
 'Dat kunt u doorgeven via Mijn Gemeente. U krijgt het teveel betaalde bedrag per maand terug.',
 'Afmelding hond verwerkt.', NULL),
(7, 'bijstand', 'werk_inkomen', 'Bijstandsuitkering aanvragen', 4, 0, 1, 'send_document', false,
 ARRAY['Klant is ontslagen en wil weten of er recht is op bijstand.',
       'Vraag over de aanvraag bijstand: welke bewijsstukken moeten worden aangeleverd.',
       'Klant vraagt wanneer de eerste betaling van de uitkering komt.'],
 'Ik heb mijn baan verloren, kan ik bijstand aanvragen?', 'Hoe lang duurt het voordat ik geld krijg?',
 'U kunt bijstand aanvragen via Mijn Gemeente. Wij beslissen binnen acht weken; u kunt een voorschot vragen.',
 'Aanvraagprocedure bijstand uitgelegd, voorschot besproken.', 'Wijziging van uw uitkering per 1 januari {jaar}'),
(8, 'uitkering_betaling', 'werk_inkomen', 'Betaling uitkering', 3, 0, 0, 'callback', false,
 ARRAY['Uitkering is niet op de verwachte datum bijgeschreven.',
       'Klant geeft inkomsten uit parttime werk door via het inkomstenformulier.',
       'Vraag over de vakantietoeslag bij de bijstandsuitkering.'],
 'Mijn uitkering staat nog niet op mijn rekening, klopt dat?', 'Kan ik een voorschot krijgen?',
 'De uitkering wordt rond de 25e van de maand betaald. Ik kijk even of er iets bijzonders is met uw betaling.',
 'Betaaldatum uitgelegd.', 'Specificatie uitkering'),
(9, 'schuldhulp', 'werk_inkomen', 'Schuldhulpverlening', 3, 0, 1, 'visit', false,
 ARRAY['Klant heeft betalingsachterstanden en vraagt om hulp bij schulden.',
       'Aanmelding schuldhulpverlening; klant krijgt een intakegesprek.',
       'Klant vraagt of de gemeente kan bemiddelen bij de energieleverancier.'],
 'Ik heb schulden en weet niet meer hoe ik het moet oplossen. Kan de gemeente helpen?', 'Hoe snel kan ik een gesprek krijgen?',
 'Ja, u kunt zich aanmelden voor schuldhulpverlening. Binnen drie werkdagen belt een schuldhulpverlener u voor een eerste gesprek.',
 'Aangemeld voor intake schuldhulpverlening.', 'Uitnodiging intakegesprek schuldhulpverlening'),
(10, 'wmo', 'werk_inkomen', 'Wmo-aanvraag huishoudelijke hulp', 3, 0, 1, 'visit', false,
 ARRAY['Klant kan het huishouden niet meer zelf doen na een heupoperatie en vraagt huishoudelijke hulp aan.',
       'Melding Wmo gedaan; keukentafelgesprek wordt ingepland.',
       'Dochter belt namens haar moeder over de Wmo-aanvraag.'],
 'Mijn moeder kan het huishouden niet meer aan. Hoe vragen we hulp aan?', 'Komt er dan iemand bij haar thuis?',
 'U kunt een melding Wmo doen. Een consulent maakt daarna een afspraak voor een gesprek bij u thuis.',
 'Wmo-melding aangenomen, consulent neemt contact op.', 'Uitnodiging gesprek Wmo'),
(11, 'wmo_vervoer', 'werk_inkomen', 'Wmo: vervoer en hulpmiddelen', 2, 0, 0, 'send_document', false,
 ARRAY['Vraag over de Wmo-taxipas en de eigen bijdrage.',
       'Klant wil een scootmobiel aanvragen.',
       'Traplift aangevraagd; klant vraagt naar de levertijd.'],
 'Hoe kom ik aan een pas voor het Wmo-vervoer?', 'Wat kost een rit?',
 'De pas vraagt u aan met een melding Wmo. Per rit betaalt u een eigen bijdrage vergelijkbaar met het openbaar vervoer.',
 'Informatie Wmo-vervoer gegeven.', NULL),
(12, 'toeslag_rijk', 'werk_inkomen', 'Huurtoeslag en zorgtoeslag', 3, 0, 0, 'other', true,
 ARRAY['Klant vraagt naar huurtoeslag; doorverwezen naar Dienst Toeslagen.',
       'Vraag over terugbetalen zorgtoeslag; de gemeente gaat hier niet over.',
       'Klant wil hulp bij het aanvragen van huurtoeslag; verwezen naar het Formulierenspreekuur.'],
 'Kunnen jullie mijn huurtoeslag regelen?', 'Waar moet ik dan heen?',
 'Huurtoeslag en zorgtoeslag regelt de Dienst Toeslagen. Hulp bij het invullen krijgt u bij het Formulierenspreekuur in de bibliotheek.',
 'Verwezen naar Dienst Toeslagen en het Formulierenspreekuur.', NULL),
(13, 'inkomenstoeslag', 'werk_inkomen', 'Individuele inkomenstoeslag', 1, 0, 0, 'send_document', false,
 ARRAY['Klant heeft al drie jaar een laag inkomen en vraagt naar de individuele inkomenstoeslag.',
       'Vraag over de voorwaarden van de inkomenstoeslag.'],
 'Ik heb al jaren een laag inkomen. Heb ik recht op een toeslag van de gemeente?', 'Hoeveel is dat?',
 'Als u drie jaar of langer een laag inkomen heeft, kunt u de individuele inkomenstoeslag aanvragen via Mijn Gemeente.',
 'Voorwaarden inkomenstoeslag besproken.', NULL),
(14, 'energietoeslag', 'werk_inkomen', 'Energietoeslag', 2, 0, 0, 'other', false,
 ARRAY['Klant vraagt of de energietoeslag dit jaar weer wordt uitgekeerd.',
       'Energietoeslag aangevraagd, klant vraagt naar de status.'],
 'Komt er dit jaar weer een energietoeslag?', 'Moet ik die zelf aanvragen?',
 'Als u een uitkering van de gemeente heeft, krijgt u de toeslag automatisch. Anders vraagt u hem aan via Mijn Gemeente.',
 'Uitleg energietoeslag gegeven.', 'Energietoeslag {jaar}'),
(15, 'paspoort', 'burgerzaken', 'Paspoort aanvragen', 5, 0, 12, 'visit', false,
 ARRAY['Klant wil een afspraak voor een nieuw paspoort; vertrekt over drie weken op vakantie.',
       'Vraag over de kosten van een paspoort voor een kind.',
       'Paspoort is kwijt; uitgelegd dat eerst een verklaring van vermissing nodig is.'],
 'Mijn paspoort is verlopen en ik ga over twee weken op reis. Lukt dat nog?', 'Kan ik een spoedaanvraag doen?',
 'Een paspoort is normaal na vijf werkdagen klaar. Met een spoedaanvraag kunt u het de volgende werkdag ophalen.',
 'Afspraak stadswinkel gemaakt voor aanvraag reisdocument.', 'Herinnering: uw reisdocument verloopt'),
(16, 'idkaart', 'burgerzaken', 'ID-kaart aanvragen', 4, 0, 10, 'visit', false,
 ARRAY['Klant vraagt of een ID-kaart voldoende is voor een reis binnen Europa.',
       'ID-kaart verlopen; afspraak gemaakt bij de stadswinkel.'],
 'Hoe lang is een ID-kaart geldig?', 'Moet ik een pasfoto meenemen?',
 'Een ID-kaart voor volwassenen is tien jaar geldig. Neemt u een recente pasfoto en uw oude ID-kaart mee naar de afspraak.',
 'Afspraak gemaakt voor aanvraag ID-kaart.', NULL),
(17, 'rijbewijs', 'burgerzaken', 'Rijbewijs verlengen', 3, 0, 8, 'other', false,
 ARRAY['Rijbewijs verloopt volgende maand; klant vraagt of een keuring nodig is.',
       'Klant is 75 en moet een gezondheidsverklaring indienen bij het CBR.'],
 'Mijn rijbewijs verloopt, kan ik het online verlengen?', 'Heb ik een medische keuring nodig?',
 'U vraagt het rijbewijs online aan met DigiD en haalt het daarna op bij de stadswinkel. Vanaf 75 jaar heeft u een gezondheidsverklaring nodig.',
 'Uitleg verlengen rijbewijs en CBR-keuring.', NULL),
(18, 'afspraak', 'burgerzaken', 'Afspraak stadswinkel', 5, 0, 2, 'visit', false,
 ARRAY['Klant wil een afspraak verzetten.',
       'Afspraak gemaakt voor het ophalen van een reisdocument op {datum}.',
       'Klant kan online geen afspraak maken; telefonisch ingepland.'],
 'Ik wil mijn afspraak bij de stadswinkel verzetten.', 'Kan het ook op zaterdag?',
 'Dat kan via de link in uw bevestigingsmail, of ik doe het nu voor u.',
 'Afspraak verzet.', NULL),
(19, 'verhuizing', 'burgerzaken', 'Verhuizing doorgeven', 4, 1, 4, 'send_document', false,
 ARRAY['Klant verhuist binnen de gemeente en wil de verhuizing doorgeven.',
       'Verhuizing naar de gemeente; klant vraagt welke documenten nodig zijn.',
       'Klant heeft de verhuizing doorgegeven maar het nieuwe adres staat nog niet in de BRP.'],
 'Ik ga verhuizen, hoe geef ik mijn nieuwe adres door?', 'Hoe ver van tevoren kan dat?',
 'U geeft uw verhuizing door via Mijn Gemeente, vanaf vier weken voor tot vijf dagen na de verhuisdatum.',
 'Verhuisprocedure uitgelegd.', 'Bevestiging adreswijziging'),
(20, 'uittreksel', 'burgerzaken', 'Uittreksel BRP', 3, 0, 5, 'send_document', false,
 ARRAY['Klant heeft een uittreksel BRP nodig voor een nieuwe werkgever.',
       'Vraag om een internationaal uittreksel voor een huwelijk in het buitenland.'],
 'Ik heb een uittreksel nodig, kan ik dat online aanvragen?', 'Hoe lang duurt het?',
 'Ja, met DigiD vraagt u het uittreksel aan via Mijn Gemeente. U ontvangt het binnen drie werkdagen per post.',
 'Uittreksel BRP besteld.', 'Uittreksel Basisregistratie Personen'),
(21, 'geboorte', 'burgerzaken', 'Geboorteaangifte', 1, 0, 3, 'visit', false,
 ARRAY['Vader wil online geboorteaangifte doen.',
       'Vraag over erkenning van een ongeboren kind.'],
 'Onze dochter is geboren, hoe doen we aangifte?', 'Moeten we langskomen?',
 'Gefeliciteerd! U doet binnen drie dagen aangifte, online met DigiD of op afspraak bij de stadswinkel.',
 'Geboorteaangifte uitgelegd.', NULL),
(22, 'huwelijk', 'burgerzaken', 'Huwelijk of geregistreerd partnerschap', 1, 0, 2, 'visit', false,
 ARRAY['Stel wil trouwen en vraagt naar de mogelijkheden voor een gratis ceremonie.',
       'Vraag over de melding voorgenomen huwelijk.'],
 'Wij willen trouwen, wat moeten we regelen?', 'Kan het ook gratis?',
 'Eerst doet u een melding voorgenomen huwelijk via Mijn Gemeente. Op maandagochtend is er een gratis ceremonie in het stadhuis.',
 'Informatie huwelijk gegeven.', NULL),
(23, 'parkeervergunning', 'vergunningen', 'Parkeervergunning', 4, 3, 1, 'other', false,
 ARRAY['Klant heeft een nieuwe auto en wil het kenteken op de bewonersvergunning wijzigen.',
       'Vraag over de wachtlijst voor een parkeervergunning in de binnenstad.',
       'Bezoekersregeling: klant vraagt hoe bezoekers kunnen parkeren.'],
 'Ik heb een nieuwe auto. Hoe wijzig ik het kenteken van mijn parkeervergunning?', 'Kost dat extra?',
 'U wijzigt het kenteken zelf in Mijn Gemeente onder Parkeren. Dat is gratis en direct geregeld.',
 'Kentekenwijziging uitgelegd.', 'Verlenging parkeervergunning {jaar}'),
(24, 'omgevingsvergunning', 'vergunningen', 'Omgevingsvergunning', 1, 4, 0, 'callback', false,
 ARRAY['Klant wil een dakkapel plaatsen en vraagt of een vergunning nodig is.',
       'Vraag over de status van een aanvraag omgevingsvergunning voor een verbouwing.',
       'Buren bouwen een schuur; klant wil weten of daar een vergunning voor is.'],
 'Heb ik een vergunning nodig voor een dakkapel?', 'Hoe lang duurt een aanvraag?',
 'Dat hangt af van de plek. Met de vergunningcheck op het Omgevingsloket ziet u direct of een vergunning nodig is.',
 'Verwezen naar de vergunningcheck van het Omgevingsloket.', NULL),
(25, 'evenement', 'vergunningen', 'Evenementenvergunning', 0, 2, 0, 'send_document', false,
 ARRAY['Organisatie wil een buurtfeest houden en vraagt naar de evenementenvergunning.',
       'Vraag over de termijn voor een vergunning voor een braderie.'],
 'Wij organiseren een straatfeest, hebben we een vergunning nodig?', 'Hoe ver van tevoren moeten we die aanvragen?',
 'Voor een klein buurtfeest volstaat vaak een melding. Grotere evenementen vraagt u minimaal acht weken van tevoren aan.',
 'Informatie evenementenvergunning gegeven.', NULL),
(26, 'terras', 'vergunningen', 'Terrasvergunning', 0, 2, 0, 'send_document', false,
 ARRAY['Horecaondernemer wil het terras uitbreiden.',
       'Vraag over de terrastijden in de zomer.'],
 'Mag ik mijn terras in de zomer groter maken?', 'Tot hoe laat mag het terras open?',
 'Een tijdelijke uitbreiding vraagt u aan via het Omgevingsloket. De terrastijden staan in de APV.',
 'Terrasregels uitgelegd.', NULL),
(27, 'afvalpas', 'kcc', 'Afvalpas', 4, 1, 2, 'send_document', false,
 ARRAY['Afvalpas is kwijt; nieuwe pas aangevraagd.',
       'Pas werkt niet bij de ondergrondse container.',
       'Nieuwe bewoner heeft nog geen afvalpas ontvangen.'],
 'Mijn afvalpas werkt niet meer bij de container. Wat nu?', 'Kost een nieuwe pas geld?',
 'Ik vraag een nieuwe pas voor u aan. De eerste vervanging is gratis; u ontvangt hem binnen vijf werkdagen.',
 'Nieuwe afvalpas aangevraagd.', 'Uw nieuwe afvalpas'),
(28, 'grofvuil', 'kcc', 'Grofvuil ophalen', 5, 0, 0, 'visit', false,
 ARRAY['Klant wil een oude bank en een matras laten ophalen.',
       'Afspraak grofvuil gemaakt voor {datum}.',
       'Grofvuil is niet opgehaald op de afgesproken dag.'],
 'Kunnen jullie mijn oude bank ophalen?', 'Wanneer kan dat?',
 'Ja, u kunt een ophaalafspraak maken. De eerste vier keer per jaar is het gratis.',
 'Ophaalafspraak grofvuil ingepland.', NULL),
(29, 'container', 'kcc', 'Container niet geleegd', 3, 2, 0, 'other', false,
 ARRAY['De groene container is al twee weken niet geleegd.',
       'Ondergrondse container in de {straat} zit vol; melding doorgezet.'],
 'Onze container is niet geleegd, kunnen jullie langskomen?', 'Moet ik hem buiten laten staan?',
 'Ik heb een melding gemaakt. Laat de container buiten staan; hij wordt binnen twee werkdagen alsnog geleegd.',
 'Melding container doorgezet naar afvalinzameling.', NULL),
(30, 'melding', 'kcc', 'Melding openbare ruimte', 5, 2, 0, 'other', false,
 ARRAY['Losliggende stoeptegels voor nummer {nummer} in de {straat}.',
       'Lantaarnpaal in de {straat} brandt al een week niet.',
       'Zwerfvuil en gedumpte vuilniszakken bij het speeltuintje.',
       'Overhangende takken belemmeren het fietspad.'],
 'Er liggen al weken losse stoeptegels bij ons voor de deur.', 'Hoor ik nog iets over mijn melding?',
 'Bedankt voor uw melding. De buitendienst komt binnen vijf werkdagen kijken; u krijgt bericht als het is opgelost.',
 'Melding openbare ruimte aangemaakt.', 'Terugkoppeling melding'),
(31, 'bezwaar', 'vergunningen', 'Bezwaar tegen besluit', 2, 2, 0, 'send_document', false,
 ARRAY['Klant wil bezwaar maken tegen een afgewezen aanvraag.',
       'Vraag over de hoorzitting van de bezwaarcommissie.',
       'Klant vraagt of de beslistermijn op het bezwaar wordt verlengd.'],
 'Ik ben het niet eens met jullie besluit. Hoe maak ik bezwaar?', 'Krijg ik de kans het mondeling toe te lichten?',
 'U stuurt binnen zes weken een ondertekend bezwaarschrift. U wordt uitgenodigd voor een hoorzitting.',
 'Bezwaarprocedure uitgelegd.', 'Uitnodiging hoorzitting bezwaarcommissie'),
(32, 'klacht', 'kcc', 'Klacht over behandeling', 2, 1, 0, 'callback', false,
 ARRAY['Klant is ontevreden dat er niet is teruggebeld zoals afgesproken.',
       'Klacht over de bejegening aan de balie.',
       'Klant klaagt over de lange wachttijd aan de telefoon.'],
 'Ik zou teruggebeld worden maar niemand heeft gebeld. Ik wil een klacht indienen.', 'Wie gaat mijn klacht behandelen?',
 'Dat spijt me. Ik leg uw klacht vast; de klachtencoördinator neemt binnen vijf werkdagen contact met u op.',
 'Klacht vastgelegd en doorgezet naar de klachtencoördinator.', 'Ontvangstbevestiging klacht'),
(33, 'status', 'kcc', 'Status van mijn aanvraag', 4, 2, 1, 'callback', false,
 ARRAY['Klant vraagt hoe ver de aanvraag is.',
       'Klant heeft nog niets gehoord over de aanvraag en wil weten wanneer er een besluit komt.'],
 'Ik heb een tijd geleden iets aangevraagd maar nog niets gehoord.', 'Wanneer kan ik een besluit verwachten?',
 'Ik zie uw aanvraag in behandeling. De behandelaar neemt uiterlijk binnen de wettelijke termijn een besluit.',
 'Status aanvraag doorgegeven.', NULL),
(34, 'digid', 'kcc', 'Inloggen Mijn Gemeente en DigiD', 3, 1, 1, 'visit', false,
 ARRAY['Klant kan niet inloggen met DigiD; uitgelegd hoe de DigiD-app werkt.',
       'Klant heeft geen DigiD en wil weten hoe je die aanvraagt.',
       'Klant krijgt een foutmelding in Mijn Gemeente.'],
 'Ik kom niet in Mijn Gemeente, het inloggen lukt niet.', 'Kan iemand mij daarmee helpen?',
 'U logt in met DigiD. Lukt dat niet, dan helpt de DigiD-hulp in de bibliotheek u gratis op afspraak.',
 'Stap voor stap door het inloggen geleid.', NULL),
(35, 'reinigingsrecht', 'belastingen', 'Bedrijfsafval en reinigingsrecht', 0, 4, 0, 'send_document', false,
 ARRAY['Bedrijf vraagt waarom het reinigingsrecht is opgelegd terwijl het een eigen afvalcontract heeft.',
       'Vraag over de afvalinzameling voor ondernemers in de binnenstad.'],
 'Wij hebben een eigen afvalcontract, waarom betalen we reinigingsrecht?', 'Kunnen we vrijstelling krijgen?',
 'Met een bewijs van uw eigen afvalcontract kunt u vrijstelling aanvragen via het ondernemersloket.',
 'Uitleg reinigingsrecht en vrijstelling gegeven.', 'Aanslag reinigingsrecht {jaar}'),
(36, 'leerlingenvervoer', 'werk_inkomen', 'Leerlingenvervoer', 1, 0, 0, 'send_document', false,
 ARRAY['Ouder vraagt leerlingenvervoer aan voor een kind in het speciaal onderwijs.',
       'De taxi van het leerlingenvervoer was te laat.'],
 'Mijn zoon gaat naar het speciaal onderwijs. Kan hij met de taxi?', 'Wanneer moet ik dat aanvragen?',
 'U kunt leerlingenvervoer aanvragen via Mijn Gemeente, het liefst vóór 1 juni voor het nieuwe schooljaar.',
 'Aanvraag leerlingenvervoer uitgelegd.', NULL);

ANALYZE pg_temp.subj;
DROP TABLE IF EXISTS pg_temp.w_subj;
CREATE TEMP TABLE w_subj AS
SELECT 'person'::text AS grp, ord, w_p AS w FROM pg_temp.subj
UNION ALL SELECT 'org', ord, w_o FROM pg_temp.subj
UNION ALL SELECT 'counter', ord, w_c FROM pg_temp.subj;
SELECT pg_temp.make_lottery('w_subj', 1000);

-- Channel mixes: most people phone; older people phone, write and come to
-- the counter more; organisations e-mail and use the portal.
DROP TABLE IF EXISTS pg_temp.w_channel;
CREATE TEMP TABLE w_channel AS
SELECT g.grp, c.ord, c.channel, (ARRAY[c.std, c.old, c.org])[g.i] AS w
  FROM (VALUES (1, 'phone', 30, 52, 35), (2, 'email', 15, 8, 30), (3, 'webform', 9, 3, 8),
               (4, 'portal', 10, 3, 12), (5, 'whatsapp', 10, 5, 2), (6, 'chat', 7, 2, 3),
               (7, 'chatbot', 8, 2, 2), (8, 'letter', 5, 12, 6), (9, 'counter', 5, 12, 1),
               (10, 'social', 1, 1, 1)) AS c(ord, channel, std, old, org),
       (VALUES (1, 'std'), (2, 'old'), (3, 'org')) AS g(i, grp);
SELECT pg_temp.make_lottery('w_channel', 1000);
DROP TABLE IF EXISTS pg_temp.channel_no;
CREATE TEMP TABLE channel_no AS SELECT DISTINCT ord, channel FROM pg_temp.w_channel;
ANALYZE pg_temp.channel_no;

-- Chat transcripts: {who, at, text} turns with a delay in seconds.
-- bot_hN: the chatbot hands over to an agent after N turns; bot_aN: the
-- chatbot answers; chatN: live chat; waN: WhatsApp; wa_out: a message sent.
DROP TABLE IF EXISTS pg_temp.flow;
CREATE TEMP TABLE flow AS
WITH base(fam, turn, who, dt, txt) AS (VALUES
    ('bot', 1, 'customer',   0, '{q}'),
    ('bot', 2, 'chatbot',    4, 'Ik denk dat uw vraag gaat over: {s}. Klopt dat?'),
    ('bot', 3, 'customer',  21, 'Ja'),
    ('bot', 4, 'chatbot',   24, '{a}'),
    ('bot', 5, 'customer',  70, '{q2}'),
    ('bot', 6, 'chatbot',   73, 'Sorry, die vraag begrijp ik niet helemaal. Kunt u het anders zeggen?'),
    ('bot', 7, 'customer', 101, 'Ik wil gewoon een mens spreken.'),
    ('bot', 8, 'chatbot',  104, 'Ik kan veel vragen zelf beantwoorden. Wilt u toch een medewerker spreken?'),
    ('bot', 9, 'customer', 118, 'Ja graag'),
    ('chat', 1, 'agent',      0, 'Goedendag, u chat met {agent} van de gemeente. Waarmee kan ik u helpen?'),
    ('chat', 2, 'customer',  35, '{q}'),
    ('chat', 3, 'agent',     95, '{a}'),
    ('chat', 4, 'customer', 150, '{q2}'),
    ('chat', 5, 'agent',    230, 'Dat zoek ik even voor u uit. U hoort binnen twee werkdagen van ons.'),
    ('chat', 6, 'customer', 262, 'Top, bedankt!'),
    ('chat', 7, 'agent',    280, 'Kan ik u verder nog ergens mee helpen?'),
    ('chat', 8, 'customer', 301, 'Nee, dat was het. Fijne dag!'),
    ('wa', 1, 'customer',     0, 'Hallo! {q}'),
    ('wa', 2, 'agent',      540, 'Hallo, dank voor uw bericht. U spreekt met {agent} van de gemeente. {a}'),
    ('wa', 3, 'customer',  1380, '{q2}'),
    ('wa', 4, 'agent',     2100, 'Dat zoek ik voor u uit. Ik kom er vandaag nog bij u op terug.'),
    ('wa', 5, 'customer',  2160, 'Oké, dank je wel 👍'),
    ('wa', 6, 'agent',     9300, 'Ik heb het nagevraagd: het is in orde. Fijne dag!'),
    ('wa', 7, 'customer',  9900, '🙏 Dank u'),
    ('wa', 8, 'agent',     9960, 'Graag gedaan!'),
    ('wa', 9, 'customer', 86400, 'Nog één vraag: {q2}'),
    ('wa', 10, 'agent',   88200, 'Goedemorgen! Daarvoor kunt u het beste even bellen met 14 030.')
)
SELECT 'bot_h' || n AS fid, turn, who, dt, txt FROM base, (VALUES (4), (6), (8), (10)) AS l(n)
 WHERE fam = 'bot' AND turn < n
UNION ALL
SELECT 'bot_h' || n, n, 'chatbot', (SELECT dt FROM base b WHERE b.fam = 'bot' AND b.turn = n - 1) + 3,
       'Ik verbind u door met een medewerker.'
  FROM (VALUES (4), (6), (8), (10)) AS l(n)
UNION ALL
SELECT 'bot_a4', turn, who, dt, txt FROM base WHERE fam = 'bot' AND turn <= 4
UNION ALL
SELECT 'bot_a6', turn, who, dt, txt FROM base WHERE fam = 'bot' AND turn <= 4
UNION ALL
SELECT 'bot_a6', t, w, d, x FROM (VALUES (5, 'customer', 48, 'Dank u wel!'),
    (6, 'chatbot', 50, 'Graag gedaan. Heeft u nog een vraag? Typ die dan hieronder.')) AS e(t, w, d, x)
UNION ALL
SELECT 'chat' || n, turn, who, dt, txt FROM base, (VALUES (4), (6), (8)) AS l(n)
 WHERE fam = 'chat' AND turn <= n
UNION ALL
SELECT 'wa' || n, turn, who, dt, txt FROM base, (VALUES (4), (6), (8), (10)) AS l(n)
 WHERE fam = 'wa' AND turn <= n
UNION ALL
SELECT 'wa_out', t, w, d, x FROM (VALUES (1, 'agent', 0, 'Goedendag, u spreekt met {agent} van de gemeente. {a}'),
    (2, 'customer', 1260, 'Dank u wel!')) AS e(t, w, d, x);
CREATE INDEX ON pg_temp.flow (fid, turn);
ANALYZE pg_temp.flow;

-- A handful of hostile customer texts, so the console's sanitising shows:
-- colour escapes, a bidi override that turns "fdp.exe" into "exe.pdf", a
-- terminal title change, carriage return and backspaces, a C1 control.
DROP TABLE IF EXISTS pg_temp.hostile;
CREATE TEMP TABLE hostile (n int PRIMARY KEY, txt text);
INSERT INTO pg_temp.hostile VALUES
    (1, E'\u001b[31mDRINGEND\u001b[0m: mijn container is al drie weken niet geleegd!!'),
    (2, E'Zie bijlage factuur_\u202Efdp.exe\u202C graag vandaag nog betalen'),
    (3, E'\u001b]0;loket gehackt\u0007Hallo, ik wil mijn afspraak verzetten'),
    (4, E'Ik heb al betaald\rIK HEB NIET BETAALD\u0008\u0008\u0008 hoor'),
    (5, E'Mijn naam is \u009b2J\u009bH Jan en ik bel over mijn paspoort');
ANALYZE pg_temp.hostile;

-- Transcript templates per (flow, subject, agent): the JSON of each turn
-- without its time, so a contact only stamps the times in. Keys in the
-- order jsonb keeps them (at, who, text).
DROP TABLE IF EXISTS pg_temp.tx;
CREATE TEMP TABLE tx AS
SELECT fl.fid, s.ord AS subj_ord, a.id AS agent_id, count(*)::int AS n,
       array_agg(fl.dt ORDER BY fl.turn) AS dts,
       array_agg('", "who": ' || to_jsonb(fl.who)::text || ', "text": '
                 || to_jsonb(replace(replace(replace(replace(replace(fl.txt,
                        '{q}', s.q), '{q2}', s.q2), '{a}', s.a), '{s}', s.subject), '{agent}', a.first_name))::text
                 || '}' ORDER BY fl.turn) AS tails
  FROM pg_temp.flow fl
 CROSS JOIN pg_temp.subj s
 CROSS JOIN (SELECT id, first_name FROM pg_temp.ag UNION ALL SELECT 0, 'een medewerker') AS a
 GROUP BY fl.fid, s.ord, a.id;
CREATE UNIQUE INDEX ON pg_temp.tx (fid, subj_ord, agent_id);
ANALYZE pg_temp.tx;

-- A transcript from a template: the turns' times are t plus their delays.
CREATE OR REPLACE FUNCTION pg_temp.transcript(t timestamptz, n int, dts int[], tails text[]) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$SELECT concat('[{"at": "', pg_temp.iso(t + dts[1] * interval '1 second'), tails[1],
        CASE WHEN n >= 2 THEN ', {"at": "' || pg_temp.iso(t + dts[2] * interval '1 second') || tails[2] END,
        CASE WHEN n >= 3 THEN ', {"at": "' || pg_temp.iso(t + dts[3] * interval '1 second') || tails[3] END,
        CASE WHEN n >= 4 THEN ', {"at": "' || pg_temp.iso(t + dts[4] * interval '1 second') || tails[4] END,
        CASE WHEN n >= 5 THEN ', {"at": "' || pg_temp.iso(t + dts[5] * interval '1 second') || tails[5] END,
        CASE WHEN n >= 6 THEN ', {"at": "' || pg_temp.iso(t + dts[6] * interval '1 second') || tails[6] END,
        CASE WHEN n >= 7 THEN ', {"at": "' || pg_temp.iso(t + dts[7] * interval '1 second') || tails[7] END,
        CASE WHEN n >= 8 THEN ', {"at": "' || pg_temp.iso(t + dts[8] * interval '1 second') || tails[8] END,
        CASE WHEN n >= 9 THEN ', {"at": "' || pg_temp.iso(t + dts[9] * interval '1 second') || tails[9] END,
        CASE WHEN n >= 10 THEN ', {"at": "' || pg_temp.iso(t + dts[10] * interval '1 second') || tails[10] END,
        ']')::jsonb$$;

-- 5. Customers ------------------------------------------------------------------
--
-- Party i (1 … N). About 8 % are organisations. Some people share an address
-- with a neighbouring row (a household) and most of those also its surname.
-- Party 1 is the one customer with 10,000 contacts: Hendrika de Vries.

INSERT INTO loket.party (id, kind, bsn, kvk, initials, given_name, name_prefix, surname, birth_date,
                         street, house_number, house_letter, house_suffix, postcode, city, country,
                         preferred_channel, language, needs_digital_help, needs_language_help,
                         hearing_impaired, confidential, needs_review, source_system, external_id,
                         created_at, updated_at)
WITH b AS (
    SELECT i, i > 1 AND pg_temp.r(i, 1) < 0.08 AS org,
           i - 1 - pg_temp.ri(i, 3, 3) AS near,
           pg_temp.r(i, 4) < 0.5 AS female,
           CASE WHEN pg_temp.r(i, 19) < 0.55 THEN 1938 + floor(70 * pg_temp.r(i, 21))::int
                ELSE 1930 + least(77, floor(78 * (pg_temp.r(i, 21) + pg_temp.r(i, 22) + pg_temp.r(i, 23)) / 3))::int
           END AS byear
      FROM generate_series(1, pg_temp.n()) AS i
), h AS (
    -- a household: live with a neighbouring person (never with party 1)
    SELECT b.*,
           CASE WHEN NOT b.org AND b.near >= 2 AND pg_temp.r(b.i, 2) < 0.22
                     AND pg_temp.r(b.near, 1) >= 0.08 THEN b.near ELSE b.i END AS hh
      FROM b
), k AS (
    SELECT h.*, CASE WHEN h.hh <> h.i AND pg_temp.r(h.i, 5) < 0.6 THEN h.hh ELSE h.i END AS name_key,
           CASE WHEN h.byear < 1955 THEN 'old' WHEN h.byear < 1985 THEN 'mid' ELSE 'young' END AS era
      FROM h
), s AS (
    SELECT k.*, sn.prefix, sn.surname AS surname_m,
           CASE WHEN k.female AND sn.surname_f IS NOT NULL THEN sn.surname_f ELSE sn.surname END AS surname_p,
           sn.origin, c.ord AS city_ord, c.city, c.pc_lo, c.pc_hi, st.street, st.street_no,
           1 + floor(260 * pg_temp.r(k.hh, 12) ^ 1.7)::int AS house_number
      FROM k
      JOIN pg_temp.lot_w_surname ls ON ls.grp = 'all' AND ls.slot = pg_temp.ri(k.name_key, 6, 20000)
      JOIN pg_temp.w_surname sn ON sn.ord = ls.ord
      JOIN pg_temp.lot_w_city lc ON lc.grp = 'all' AND lc.slot = pg_temp.ri(k.hh, 10, 1000)
      JOIN pg_temp.w_city c ON c.ord = lc.ord
      JOIN pg_temp.lot_street st ON st.city_ord = c.ord AND st.slot = pg_temp.ri(k.hh, 11, 2000)
), g AS (
    SELECT s.*, g1.name AS given1, g2.name AS given2,
           (s.city_ord * 1000 + s.street_no)::bigint AS street_key
      FROM s
      JOIN pg_temp.lot_given g1
        ON g1.grp = s.origin || '/' || CASE WHEN s.female THEN 'f' ELSE 'm' END || '/'
                    || CASE WHEN s.origin = 'nl' THEN s.era ELSE '*' END
       AND g1.slot = pg_temp.ri(s.i, 20, 840)
      JOIN pg_temp.lot_given g2 ON g2.grp = g1.grp AND g2.slot = pg_temp.ri(s.i, 25, 840)
), a AS (
    SELECT g.*,
           least(make_date(g.byear, 12, 31), make_date(g.byear, 1, 1) + pg_temp.ri(g.i, 24, 365)) AS birth,
           g.pc_lo + floor(pg_temp.r(g.street_key, 15) * (g.pc_hi - g.pc_lo + 1))::int AS pc4,
           substr('ABCDEGHJKLMNPRSTVWXZ', 1 + pg_temp.ri(g.street_key * 1000 + g.house_number / 24, 16, 20), 1) AS l1,
           substr('ABCDEGHJKLMNPRSTVWXZ', 1 + pg_temp.ri(g.street_key * 1000 + g.house_number / 24, 19, 20), 1) AS l2,
           CASE WHEN pg_temp.r(g.hh, 13) < 0.05 THEN chr(65 + pg_temp.ri(g.hh, 17, 3)) END AS house_letter,
           pg_temp.feistel(g.i % 10000000, 1000, 10000, 29) AS bsn_tail,
           1 + pg_temp.ri(g.i, 30, 3) AS bsn_d1
      FROM g
), z AS (
    SELECT a.*,
           (8 * (bsn_tail / 1000000 % 10) + 7 * (bsn_tail / 100000 % 10) + 6 * (bsn_tail / 10000 % 10)
            + 5 * (bsn_tail / 1000 % 10) + 4 * (bsn_tail / 100 % 10) + 3 * (bsn_tail / 10 % 10)
            + 2 * (bsn_tail % 10))::int AS bsn_sum,
           extract(year FROM age(pg_temp.today(), a.birth))::int AS age_now,
           CASE WHEN a.house_letter IS NULL AND pg_temp.r(a.hh, 14) < 0.08
                THEN (ARRAY['1', '2', '3', 'hs', 'bis', 'II'])[1 + pg_temp.ri(a.hh, 18, 6)] END AS house_suffix,
           CASE a.origin
               WHEN 'tr' THEN CASE WHEN pg_temp.r(a.i, 34) < 0.35 THEN 'tr' END
               WHEN 'ma' THEN CASE WHEN pg_temp.r(a.i, 34) < 0.25 THEN 'ar' END
               WHEN 'ar' THEN CASE WHEN pg_temp.r(a.i, 34) < 0.50 THEN 'ar' END
               WHEN 'pl' THEN CASE WHEN pg_temp.r(a.i, 34) < 0.45 THEN 'pl' END
               WHEN 'er' THEN CASE WHEN pg_temp.r(a.i, 34) < 0.35 THEN 'en' END
               WHEN 'vn' THEN CASE WHEN pg_temp.r(a.i, 34) < 0.20 THEN 'en' END
               WHEN 'pt' THEN CASE WHEN pg_temp.r(a.i, 34) < 0.15 THEN 'en' END
               ELSE CASE WHEN pg_temp.r(a.i, 34) < 0.01 THEN 'en' END
           END AS lang
      FROM a
), o AS (
    -- organisations: a name from a template
    SELECT z.i, replace(replace(replace(replace(replace(t.tpl,
               '{S}', concat_ws(' ', z.prefix, z.surname_m)),
               '{P}', z.city),
               '{W}', coalesce(t.words[1 + pg_temp.ri(z.i, 27, coalesce(cardinality(t.words), 1))], '')),
               '{T}', z.street),
               '{N}', z.house_number::text) AS org_name
      FROM z
      JOIN pg_temp.lot_w_org lo ON lo.grp = 'all' AND lo.slot = pg_temp.ri(z.i, 26, 1000)
      JOIN pg_temp.w_org t ON t.ord = lo.ord
     WHERE z.org
)
SELECT z.i,
       CASE WHEN z.org THEN 'organisation' ELSE 'person' END,
       CASE WHEN NOT z.org THEN
           (CASE WHEN (9 * z.bsn_d1 + z.bsn_sum) % 11 = 10 THEN z.bsn_d1 + 1 ELSE z.bsn_d1 END)::text
           || lpad(z.bsn_tail::text, 7, '0')
           || ((9 * CASE WHEN (9 * z.bsn_d1 + z.bsn_sum) % 11 = 10 THEN z.bsn_d1 + 1 ELSE z.bsn_d1 END + z.bsn_sum) % 11)::text
       END,
       CASE WHEN z.org THEN (10000000 + pg_temp.feistel(z.i % 90000000, 9000, 10000, 28))::text END,
       CASE WHEN z.i = 1 THEN 'H.J.'
            WHEN NOT z.org THEN
                CASE WHEN z.given1 LIKE 'IJ%' THEN 'IJ.' ELSE regexp_replace(z.given1, '(\S)\S*\s*', '\1.', 'g') END
                || CASE WHEN z.origin IN ('nl', 'pl', 'pt') AND pg_temp.r(z.i, 35) < 0.45
                        THEN CASE WHEN z.given2 LIKE 'IJ%' THEN 'IJ.' ELSE left(z.given2, 1) || '.' END
                        ELSE '' END
       END,
       CASE WHEN z.i = 1 THEN 'Hendrika' WHEN NOT z.org THEN z.given1 END,
       CASE WHEN z.i = 1 THEN 'de' WHEN NOT z.org THEN z.prefix END,
       CASE WHEN z.i = 1 THEN 'Vries' WHEN z.org THEN o.org_name ELSE z.surname_p END,
       CASE WHEN z.i = 1 THEN date '1961-03-12' WHEN NOT z.org THEN z.birth END,
       CASE WHEN z.i = 1 THEN 'Oudegracht' ELSE z.street END,
       CASE WHEN z.i = 1 THEN 241 ELSE z.house_number END,
       CASE WHEN z.i = 1 THEN NULL ELSE z.house_letter END,
       CASE WHEN z.i = 1 THEN 'bis' ELSE z.house_suffix END,
       CASE WHEN z.i = 1 THEN '3511NK'
            ELSE z.pc4::text || z.l1 || CASE WHEN z.l1 = 'S' AND z.l2 IN ('A', 'D', 'S') THEN 'T' ELSE z.l2 END END,
       CASE WHEN z.i = 1 THEN 'Utrecht' ELSE z.city END,
       'NL',
       CASE WHEN z.i = 1 THEN 'phone'
            WHEN z.org THEN CASE WHEN pg_temp.r(z.i, 36) < 0.40 THEN 'email' WHEN pg_temp.r(z.i, 36) < 0.60 THEN 'phone'
                                 WHEN pg_temp.r(z.i, 36) < 0.75 THEN 'portal' END
            WHEN z.age_now >= 70 THEN
                CASE WHEN pg_temp.r(z.i, 36) < 0.40 THEN 'phone' WHEN pg_temp.r(z.i, 36) < 0.52 THEN 'letter'
                     WHEN pg_temp.r(z.i, 36) < 0.60 THEN 'counter' WHEN pg_temp.r(z.i, 36) < 0.64 THEN 'email' END
            ELSE CASE WHEN pg_temp.r(z.i, 36) < 0.20 THEN 'phone' WHEN pg_temp.r(z.i, 36) < 0.35 THEN 'email'
                      WHEN pg_temp.r(z.i, 36) < 0.47 THEN 'portal' WHEN pg_temp.r(z.i, 36) < 0.59 THEN 'whatsapp'
                      WHEN pg_temp.r(z.i, 36) < 0.62 THEN 'chat' WHEN pg_temp.r(z.i, 36) < 0.64 THEN 'letter' END
       END,
       CASE WHEN z.org OR z.i = 1 THEN 'nl' ELSE coalesce(z.lang, 'nl') END,
       CASE WHEN z.i = 1 THEN true WHEN z.org THEN false
            ELSE pg_temp.r(z.i, 37) < CASE WHEN z.age_now >= 75 THEN 0.30 ELSE 0.04 END END,
       NOT z.org AND z.i > 1 AND z.lang IS NOT NULL AND pg_temp.r(z.i, 38) < 0.6,
       NOT z.org AND z.i > 1 AND pg_temp.r(z.i, 39) < CASE WHEN z.age_now >= 75 THEN 0.08 ELSE 0.01 END,
       z.i > 1 AND pg_temp.r(z.i, 40) < 0.005,
       z.i > 1 AND pg_temp.r(z.i, 41) < 0.003,
       'demo', 'P' || lpad(z.i::text, 8, '0'),
       pg_temp.t0() - CASE WHEN z.i = 1 THEN 4000 ELSE 1100 + pg_temp.ri(z.i, 31, 2900) END * interval '1 day'
           - pg_temp.ri(z.i, 32, 86400) * interval '1 second',
       pg_temp.t0() - CASE WHEN z.i = 1 THEN 4000 ELSE 1100 + pg_temp.ri(z.i, 31, 2900) END * interval '1 day'
           - pg_temp.ri(z.i, 32, 86400) * interval '1 second'
           + (CASE WHEN z.i = 1 THEN 4000 ELSE 1100 + pg_temp.ri(z.i, 31, 2900) END * interval '1 day')
             * pg_temp.r(z.i, 33)
  FROM z LEFT JOIN o ON o.i = z.i
 ORDER BY z.i;

ANALYZE loket.party;

-- The surname tracker did not fire (replica mode): fill it in one go.
INSERT INTO loket.surname AS s (norm, parties)
SELECT surname_norm, count(*) FROM loket.party GROUP BY surname_norm
ON CONFLICT (norm) DO UPDATE SET parties = s.parties + excluded.parties;

-- 6. Contact addresses ---------------------------------------------------------
--
-- Mobiles are a bijection of the party id, so no two customers share one.
-- E-mail addresses are made from the name, lower case and without accents,
-- at example.nl/.com/.org; a counter keeps them unique.

INSERT INTO loket.contact_address (id, party_id, kind, value, is_default, verified_on, created_at)
WITH p AS (
    SELECT p.id, p.kind, p.given_name, p.name_prefix, p.surname, p.birth_date, p.preferred_channel, p.created_at,
           c.area, extract(year FROM age(pg_temp.today(), p.birth_date))::int AS age_now
      FROM loket.party p LEFT JOIN pg_temp.w_city c ON c.city = p.city
), f AS (
    SELECT p.*,
           CASE WHEN p.kind = 'organisation' THEN false
                WHEN p.age_now >= 75 THEN pg_temp.r(p.id, 50) < 0.55
                ELSE pg_temp.r(p.id, 50) < 0.90 END AS has_mobile,
           CASE WHEN p.kind = 'organisation' THEN true
                WHEN p.age_now >= 65 THEN pg_temp.r(p.id, 51) < 0.45
                ELSE pg_temp.r(p.id, 51) < 0.06 END AS has_landline,
           CASE WHEN p.kind = 'organisation' THEN pg_temp.r(p.id, 52) < 0.92
                WHEN p.age_now >= 75 THEN pg_temp.r(p.id, 52) < 0.30
                ELSE pg_temp.r(p.id, 52) < 0.75 END AS has_email,
           pg_temp.r(p.id, 53) < 0.35 AS has_whatsapp,
           '+316' || (10000000 + pg_temp.feistel(p.id % 60000000, 6000, 10000, 54))::text AS mobile,
           '+31' || coalesce(p.area, '30') || (2000000 + pg_temp.ri(p.id, 55, 7999999))::text AS landline,
           (ARRAY['example.nl', 'example.nl', 'example.nl', 'example.com', 'example.org'])[1 + pg_temp.ri(p.id, 56, 5)] AS domain,
           btrim(regexp_replace(regexp_replace(loket.norm_name(
               CASE WHEN p.kind = 'organisation'
                    THEN (ARRAY['info', 'administratie', 'contact'])[1 + pg_temp.ri(p.id, 57, 3)] || '.'
                         || regexp_replace(loket.norm_name(left(p.surname, 30)), '[^a-z0-9]', '', 'g')
                    ELSE CASE pg_temp.ri(p.id, 57, 4)
                             WHEN 0 THEN p.given_name || '.' || concat(p.name_prefix, p.surname)
                             WHEN 1 THEN left(p.given_name, 1) || '.' || concat(p.name_prefix, p.surname)
                             WHEN 2 THEN p.given_name || concat(p.name_prefix, p.surname)
                                         || lpad((extract(year FROM p.birth_date)::int % 100)::text, 2, '0')
                             ELSE left(p.given_name, 1) || concat(p.name_prefix, p.surname) END
               END), '[^a-z0-9.]', '', 'g'), '[.]{2,}', '.', 'g'), '.') AS local
      FROM p
), e AS (
    SELECT f.*, row_number() OVER (PARTITION BY f.local, f.domain ORDER BY f.id) AS dup
      FROM f WHERE f.has_email
), r AS (
    SELECT f.id, f.created_at, f.preferred_channel, x.ord, x.kind, x.value
      FROM f LEFT JOIN e ON e.id = f.id
     CROSS JOIN LATERAL (VALUES
         (1, 'phone', CASE WHEN f.has_mobile THEN f.mobile END),
         (2, 'phone', CASE WHEN f.has_landline THEN f.landline END),
         (3, 'email', CASE WHEN f.has_email THEN e.local || CASE WHEN e.dup > 1 THEN '.' || e.dup ELSE '' END
                                                  || '@' || e.domain END),
         (4, 'whatsapp', CASE WHEN f.has_mobile AND f.has_whatsapp THEN f.mobile END)) AS x(ord, kind, value)
     WHERE x.value IS NOT NULL
), d AS (
    -- one default per party: the preferred channel's address, else the first
    SELECT r.*, row_number() OVER (PARTITION BY r.id ORDER BY
               (r.kind = CASE r.preferred_channel WHEN 'email' THEN 'email' WHEN 'whatsapp' THEN 'whatsapp'
                                                   WHEN 'portal' THEN 'email' ELSE 'phone' END) DESC, r.ord) AS pref
      FROM r
)
SELECT row_number() OVER (ORDER BY d.id, d.ord), d.id, d.kind, d.value, d.pref = 1,
       CASE WHEN pg_temp.r(d.id * 8 + d.ord, 58) < 0.45
            THEN least(pg_temp.today() - 1, (d.created_at AT TIME ZONE 'Europe/Amsterdam')::date
                                           + pg_temp.ri(d.id * 8 + d.ord, 59, 900)) END,
       d.created_at + pg_temp.ri(d.id * 8 + d.ord, 60, 400) * interval '1 hour'
  FROM d
 ORDER BY d.id, d.ord;

-- 7. Cases (zaken) ----------------------------------------------------------------
--
-- About 0.6 per customer, opened over the last two years. Deadlines are
-- loket.add_working_days(opened, term), computed set-based from a table of
-- working-day ordinals (same definition: weekends and loket.holiday). A
-- share of the open cases is placed so that its deadline falls within the
-- next five working days, so the "deadline near" alert shows.

DROP TABLE IF EXISTS pg_temp.wd, pg_temp.wdo;
CREATE TEMP TABLE wd AS
SELECT g.d::date AS d, loket.is_working_day(g.d::date) AS working,
       count(*) FILTER (WHERE loket.is_working_day(g.d::date)) OVER (ORDER BY g.d) AS ord
  FROM generate_series(pg_temp.today() - 1100, pg_temp.today() + 400, interval '1 day') AS g(d);
CREATE UNIQUE INDEX ON pg_temp.wd (d);
CREATE TEMP TABLE wdo AS SELECT ord, d FROM pg_temp.wd WHERE working;
CREATE UNIQUE INDEX ON pg_temp.wdo (ord);
ANALYZE pg_temp.wd;
ANALYZE pg_temp.wdo;
DO $today_ord$
BEGIN
    EXECUTE format('CREATE OR REPLACE FUNCTION pg_temp.today_ord() RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
                   format('SELECT %s::bigint', (SELECT ord FROM pg_temp.wd WHERE d = pg_temp.today())));
END
$today_ord$;

DROP TABLE IF EXISTS pg_temp.w_ctype;
CREATE TEMP TABLE w_ctype (ord int, code text, team text, w_p int, w_o int, subjects text[],
                           phrase text, intake text[], results text[], subj_code text);
INSERT INTO pg_temp.w_ctype VALUES
(1, 'woz_bezwaar', 'belastingen', 8, 15, ARRAY['Bezwaar WOZ-beschikking {jaar}', 'Bezwaar WOZ-waarde {jaar}'],
 'uw WOZ-bezwaar', ARRAY['portal', 'portal', 'webform', 'letter', 'email'],
 ARRAY['gegrond: WOZ-waarde verlaagd', 'ongegrond', 'deels gegrond: WOZ-waarde aangepast', 'ingetrokken'], 'woz_bezwaar'),
(2, 'bijstand', 'werk_inkomen', 5, 0, ARRAY['Aanvraag bijstandsuitkering', 'Aanvraag bijstand en voorschot'],
 'uw aanvraag bijstand', ARRAY['portal', 'portal', 'counter'],
 ARRAY['toegekend', 'afgewezen: vermogen boven de grens', 'toegekend met voorschot', 'buiten behandeling: gegevens niet compleet'], 'bijstand'),
(3, 'paspoort', 'burgerzaken', 20, 0, ARRAY['Aanvraag paspoort', 'Aanvraag ID-kaart', 'Spoedaanvraag paspoort', 'Aanvraag paspoort minderjarige'],
 'uw aanvraag voor een reisdocument', ARRAY['counter'],
 ARRAY['reisdocument uitgereikt', 'reisdocument uitgereikt', 'aanvraag ingetrokken'], 'paspoort'),
(4, 'parkeervergunning', 'vergunningen', 8, 15, ARRAY['Bewonersvergunning parkeren', 'Bedrijfsvergunning parkeren', 'Wijziging kenteken parkeervergunning', 'Bezoekersvergunning'],
 'uw aanvraag parkeervergunning', ARRAY['portal', 'portal', 'webform'],
 ARRAY['verleend', 'afgewezen: wachtlijst', 'verleend'], 'parkeervergunning'),
(5, 'afvalpas', 'kcc', 6, 5, ARRAY['Vervangende afvalpas', 'Afvalpas nieuwe bewoner'],
 'uw aanvraag afvalpas', ARRAY['phone', 'webform', 'counter'], ARRAY['pas verstuurd'], 'afvalpas'),
(6, 'verhuizing', 'burgerzaken', 12, 0, ARRAY['Verhuizing binnen de gemeente', 'Verhuizing naar de gemeente', 'Adresonderzoek na verhuizing'],
 'uw verhuizing', ARRAY['portal', 'portal', 'counter'],
 ARRAY['adres gewijzigd in de BRP', 'adres gewijzigd in de BRP', 'adresonderzoek gestart'], 'verhuizing'),
(7, 'kwijtschelding', 'belastingen', 6, 0, ARRAY['Kwijtschelding aanslag {jaar}', 'Kwijtschelding afvalstoffenheffing {jaar}'],
 'uw verzoek om kwijtschelding', ARRAY['portal', 'letter'],
 ARRAY['volledig kwijtgescholden', 'gedeeltelijk kwijtgescholden', 'afgewezen: betalingscapaciteit te hoog'], 'kwijtschelding'),
(8, 'toeslag', 'werk_inkomen', 3, 0, ARRAY['Individuele inkomenstoeslag {jaar}', 'Aanvraag energietoeslag {jaar}'],
 'uw aanvraag toeslag', ARRAY['portal'], ARRAY['toegekend', 'afgewezen: inkomen te hoog'], 'inkomenstoeslag'),
(9, 'melding_openbare_ruimte', 'kcc', 25, 30, ARRAY['Melding: losliggende stoeptegels', 'Melding: straatverlichting defect', 'Melding: zwerfvuil', 'Melding: overhangende takken', 'Melding: gat in het wegdek', 'Melding: container niet geleegd'],
 'uw melding', ARRAY['webform', 'phone', 'whatsapp', 'webform'],
 ARRAY['opgelost', 'opgelost', 'doorgezet naar de netbeheerder', 'geen actie nodig'], 'melding'),
(10, 'bezwaar', 'vergunningen', 3, 15, ARRAY['Bezwaar tegen afwijzing parkeervergunning', 'Bezwaar tegen omgevingsvergunning buren', 'Bezwaar tegen naheffingsaanslag parkeren', 'Bezwaar tegen besluit Wmo'],
 'uw bezwaarschrift', ARRAY['letter', 'email', 'portal'],
 ARRAY['gegrond', 'ongegrond', 'niet-ontvankelijk', 'ingetrokken na hoorzitting'], 'bezwaar');
DROP TABLE IF EXISTS pg_temp.w_ctype_w;
CREATE TEMP TABLE w_ctype_w AS
SELECT 'person'::text AS grp, ord, w_p AS w FROM pg_temp.w_ctype
UNION ALL SELECT 'org', ord, w_o FROM pg_temp.w_ctype;
SELECT pg_temp.make_lottery('w_ctype_w', 1000);
ANALYZE pg_temp.w_ctype;

DROP TABLE IF EXISTS pg_temp.cs;
CREATE TEMP TABLE cs AS
WITH n AS (
    SELECT p.id AS party_id, p.kind, p.confidential,
           CASE WHEN p.id = 1 THEN 12
                WHEN pg_temp.r(p.id, 100) < 0.55 THEN 0 WHEN pg_temp.r(p.id, 100) < 0.85 THEN 1
                WHEN pg_temp.r(p.id, 100) < 0.95 THEN 2 ELSE 3 END AS ncases
      FROM loket.party p
), c1 AS MATERIALIZED (
    SELECT n.party_id, n.kind, n.confidential, m.m, n.party_id * 16 + m.m AS ck,
           t.code AS case_type, t.team, ct.term_days AS term, ct.name AS type_name, t.subjects, t.phrase,
           t.results, t.subj_code, tm.id AS team_id,
           t.intake[1 + pg_temp.ri(n.party_id * 16 + m.m, 105, cardinality(t.intake))] AS intake,
           pg_temp.r(n.party_id * 16 + m.m, 101) < CASE WHEN n.party_id <= 200 THEN 0.35 ELSE 0.06 END AS near
      FROM n
     CROSS JOIN LATERAL generate_series(1, n.ncases) AS m(m)
      JOIN pg_temp.lot_w_ctype_w l ON l.grp = CASE WHEN n.kind = 'organisation' THEN 'org' ELSE 'person' END
                                  AND l.slot = pg_temp.ri(n.party_id * 16 + m.m, 102, 1000)
      JOIN pg_temp.w_ctype t ON t.ord = l.ord
      JOIN loket.case_type ct ON ct.code = t.code
      JOIN loket.team tm ON tm.code = t.team
), c2 AS MATERIALIZED (
    -- the opening day; a near case opens `term` working days before a day
    -- in the next five working days
    SELECT c1.*,
           CASE WHEN c1.near THEN w1.d
                WHEN c1.intake IN ('counter', 'phone', 'letter', 'email')
                THEN pg_temp.weekday_before(pg_temp.today() - 1 - floor(730 * pg_temp.r(c1.ck, 103) ^ 1.25)::int)
                ELSE pg_temp.today() - 1 - floor(730 * pg_temp.r(c1.ck, 103) ^ 1.25)::int END AS opened_date
      FROM c1
      LEFT JOIN pg_temp.wdo w1
        ON c1.near AND w1.ord = pg_temp.today_ord() + pg_temp.ri(c1.ck, 104, least(6, c1.term)) - c1.term
), c3 AS MATERIALIZED (
    SELECT c2.*, w2.d AS due_on,
           pg_temp.lt(c2.opened_date,
                      CASE WHEN c2.intake IN ('counter', 'phone') THEN 30600 + pg_temp.ri(c2.ck, 106, 30000)
                           WHEN c2.intake IN ('letter', 'email') THEN 32400 + pg_temp.ri(c2.ck, 106, 25200)
                           ELSE 25200 + pg_temp.ri(c2.ck, 106, 57600) END) AS opened_at,
           pg_temp.r(c2.ck, 107) AS x
      FROM c2
      JOIN pg_temp.wd w ON w.d = c2.opened_date
      JOIN pg_temp.wdo w2 ON w2.ord = w.ord + c2.term
), c4 AS MATERIALIZED (
    SELECT c3.*,
           CASE WHEN c3.near THEN CASE WHEN x < 0.2 THEN 'received' WHEN x < 0.8 THEN 'in_progress' ELSE 'waiting_customer' END
                WHEN c3.due_on < pg_temp.today() THEN
                     CASE WHEN x < 0.95 THEN 'closed' WHEN x < 0.98 THEN 'in_progress' ELSE 'waiting_customer' END
                WHEN pg_temp.today() - c3.opened_date < 3 THEN CASE WHEN x < 0.6 THEN 'received' ELSE 'in_progress' END
                ELSE CASE WHEN x < 0.12 THEN 'received' WHEN x < 0.62 THEN 'in_progress'
                          WHEN x < 0.80 THEN 'waiting_customer' WHEN x < 0.88 THEN 'decided' ELSE 'closed' END
           END AS status
      FROM c3
), c5 AS MATERIALIZED (
    SELECT c4.*,
           -- closed during office hours, mostly before the deadline
           CASE WHEN c4.status = 'closed'
                THEN least(pg_temp.t0() - interval '1 minute', greatest(c4.opened_at + interval '1 hour',
                         pg_temp.lt(pg_temp.weekday_before((least(pg_temp.t0() - interval '2 hours',
                                        c4.opened_at + greatest(1, c4.due_on - c4.opened_date)
                                                       * (0.25 + 0.85 * pg_temp.r(c4.ck, 108)) * interval '1 day')
                                        AT TIME ZONE 'Europe/Amsterdam')::date),
                                    32400 + pg_temp.ri(c4.ck, 120, 28800)))) END AS closed_at,
           CASE WHEN c4.party_id <= 200 AND c4.status <> 'closed' AND pg_temp.r(c4.ck, 109) < 0.5 THEN 'demo'
                WHEN pg_temp.r(c4.ck, 110) < CASE c4.status WHEN 'received' THEN 0.15 WHEN 'closed' THEN 0.75 ELSE 0.88 END
                THEN 'pool' END AS owner_kind
      FROM c4
), c6 AS MATERIALIZED (
    SELECT c5.*,
           CASE c5.owner_kind WHEN 'demo' THEN pg_temp.demo_id() WHEN 'pool' THEN lw.agent_id END AS owner_id,
           CASE WHEN c5.owner_kind IS NOT NULL
                THEN date_trunc('second', c5.opened_at
                         + (coalesce(c5.closed_at, pg_temp.t0() - interval '1 hour') - c5.opened_at)
                           * (0.05 + 0.25 * pg_temp.r(c5.ck, 111))) END AS owned_since,
           CASE c5.intake WHEN 'counter' THEN lb.agent_id WHEN 'phone' THEN lk.agent_id WHEN 'whatsapp' THEN lk.agent_id
                          WHEN 'letter' THEN lw.agent_id WHEN 'email' THEN lw.agent_id END AS opener_id
      FROM c5
      JOIN pg_temp.lot_agent_work lw ON lw.team = c5.team AND lw.slot = pg_temp.ri(c5.ck, 112, 60)
      JOIN pg_temp.lot_agent_all lb ON lb.team = 'burgerzaken' AND lb.slot = pg_temp.ri(c5.ck, 113, 60)
      JOIN pg_temp.lot_agent_all lk ON lk.team = 'kcc' AND lk.slot = pg_temp.ri(c5.ck, 113, 60)
), c7 AS MATERIALIZED (
    SELECT c6.*,
           -- into progress; then decided or waiting for the customer
           CASE WHEN c6.status <> 'received'
                THEN coalesce(c6.owned_since + interval '10 minutes',
                              date_trunc('second', c6.opened_at
                                  + (coalesce(c6.closed_at, pg_temp.t0() - interval '1 hour') - c6.opened_at) * 0.1))
           END AS progress_at
      FROM c6
)
SELECT row_number() OVER (ORDER BY c7.opened_at, c7.party_id, c7.m) AS id,
       'Z-' || extract(year FROM c7.opened_at AT TIME ZONE 'Europe/Amsterdam')::text || '-'
           || lpad((row_number() OVER (PARTITION BY extract(year FROM c7.opened_at AT TIME ZONE 'Europe/Amsterdam')
                                       ORDER BY c7.opened_at, c7.party_id, c7.m))::text, 6, '0') AS ref,
       c7.*,
       replace(c7.subjects[1 + pg_temp.ri(c7.ck, 114, cardinality(c7.subjects))], '{jaar}',
               extract(year FROM c7.opened_at AT TIME ZONE 'Europe/Amsterdam')::text) AS subject,
       CASE WHEN c7.status IN ('decided', 'closed')
            THEN c7.results[1 + pg_temp.ri(c7.ck, 115, cardinality(c7.results))] END AS result,
       CASE WHEN c7.status = 'decided' OR (c7.status = 'closed' AND pg_temp.r(c7.ck, 116) < 0.4)
            THEN date_trunc('second', c7.progress_at
                     + (coalesce(c7.closed_at, pg_temp.t0() - interval '1 hour') - c7.progress_at) * 0.6)
       END AS decided_at,
       CASE WHEN c7.status = 'waiting_customer'
            THEN date_trunc('second', c7.progress_at + (pg_temp.t0() - interval '1 hour' - c7.progress_at) * 0.5)
       END AS waiting_at,
       CASE WHEN pg_temp.r(c7.ck, 117) < 0.70 THEN 3 WHEN pg_temp.r(c7.ck, 117) < 0.88 THEN 2
            WHEN pg_temp.r(c7.ck, 117) < 0.92 THEN 1 ELSE 4 END AS priority,
       c7.confidential OR pg_temp.r(c7.ck, 118) < 0.003 AS case_confidential,
       CASE WHEN c7.opened_at < pg_temp.t0() - interval '1 day'
            THEN CASE WHEN pg_temp.r(c7.ck, 119) < 0.45 THEN 0 WHEN pg_temp.r(c7.ck, 119) < 0.8 THEN 1 ELSE 2 END
            ELSE 0 END AS questions
  FROM c7;
CREATE UNIQUE INDEX ON pg_temp.cs (id);
CREATE INDEX ON pg_temp.cs (party_id);
ANALYZE pg_temp.cs;

INSERT INTO loket.case_file (id, ref, party_id, case_type, subject, status, opened_at, due_on, closed_at,
                             result, owner_id, owned_since, team_id, priority, confidential)
SELECT id, ref, party_id, case_type, subject, status, opened_at, due_on, closed_at,
       result, owner_id, owned_since, team_id, priority, case_confidential
  FROM pg_temp.cs ORDER BY id;

-- The history of each case: opened, claimed, into progress, decided or
-- waiting, closed.
INSERT INTO loket.case_event (id, case_id, party_id, kind, at, by_agent_id, by_login, from_owner_id, to_owner_id,
                              to_team_id, old_status, new_status, detail)
SELECT row_number() OVER (ORDER BY e.case_id, e.seq), e.case_id, e.party_id, e.kind, e.at,
       e.by_agent_id, coalesce(a.login, 'mijn-omgeving'), e.from_owner_id, e.to_owner_id, e.to_team_id,
       e.old_status, e.new_status, e.detail
  FROM (
    SELECT c.id AS case_id, 1 AS seq, c.party_id, 'opened' AS kind, c.opened_at AS at, c.opener_id AS by_agent_id,
           NULL::int AS from_owner_id, NULL::int AS to_owner_id, c.team_id AS to_team_id,
           NULL::text AS old_status, 'received'::text AS new_status,
           'Zaak aangemaakt via ' || CASE c.intake WHEN 'portal' THEN 'Mijn Gemeente' WHEN 'webform' THEN 'het contactformulier'
                                                   WHEN 'counter' THEN 'de balie' WHEN 'phone' THEN 'de telefoon'
                                                   WHEN 'letter' THEN 'een brief' WHEN 'email' THEN 'e-mail'
                                                   ELSE c.intake END AS detail
      FROM pg_temp.cs c
    UNION ALL
    SELECT c.id, 2, c.party_id, 'claimed', c.owned_since, c.owner_id, NULL, c.owner_id, NULL, NULL, NULL, NULL
      FROM pg_temp.cs c WHERE c.owner_id IS NOT NULL
    UNION ALL
    SELECT c.id, 3, c.party_id, 'status', c.progress_at, coalesce(c.owner_id, c.opener_id), NULL, NULL, NULL,
           'received', 'in_progress', NULL
      FROM pg_temp.cs c WHERE c.progress_at IS NOT NULL
    UNION ALL
    SELECT c.id, 4, c.party_id, 'status', coalesce(c.decided_at, c.waiting_at), coalesce(c.owner_id, c.opener_id),
           NULL, NULL, NULL, 'in_progress', CASE WHEN c.decided_at IS NOT NULL THEN 'decided' ELSE 'waiting_customer' END,
           CASE WHEN c.decided_at IS NOT NULL THEN c.result ELSE 'Aanvullende gegevens opgevraagd bij de klant' END
      FROM pg_temp.cs c WHERE c.decided_at IS NOT NULL OR c.waiting_at IS NOT NULL
    UNION ALL
    SELECT c.id, 5, c.party_id, 'closed', c.closed_at, coalesce(c.owner_id, c.opener_id), NULL, NULL, NULL,
           CASE WHEN c.decided_at IS NOT NULL THEN 'decided' ELSE 'in_progress' END, 'closed', c.result
      FROM pg_temp.cs c WHERE c.closed_at IS NOT NULL
  ) e
  LEFT JOIN pg_temp.ag a ON a.id = e.by_agent_id;

-- Notes by the owner on a third of the owned cases.
INSERT INTO loket.note (id, party_id, interaction_id, case_id, body, agent_id, created_at, corrects)
SELECT pg_temp.uuid(c.id, 300), c.party_id, NULL, c.id,
       'Zaak ' || c.ref || ' in behandeling genomen. '
           || (ARRAY['Dossier is compleet; beoordeling gestart.', 'Aanvullende stukken opgevraagd bij de klant.',
                     'Klant gebeld ter controle van de gegevens.', 'Advies gevraagd aan een vakspecialist.',
                     'Wacht op reactie van de klant.', 'Eerder contact over dezelfde vraag meegenomen.'])
              [1 + pg_temp.ri(c.id, 301, 6)],
       c.owner_id, c.owned_since + interval '20 minutes', NULL
  FROM pg_temp.cs c
 WHERE c.owner_id IS NOT NULL AND pg_temp.r(c.id, 302) < 0.35
   AND c.owned_since + interval '20 minutes' < pg_temp.t0()
 ORDER BY c.id;

-- Contacts that belong to a case: the intake, an acknowledgement, the
-- customer asking how far it is, the decision. Their keys (party * 100000
-- + 90000 + …) never meet the keys of the other contacts (party * 100000 + j).
DROP TABLE IF EXISTS pg_temp.case_contact;
CREATE TEMP TABLE case_contact AS
WITH e AS (
    SELECT c.*, e.e, c.party_id * 100000 + 90000 + c.m * 10 + e.e AS k,
           coalesce(c.closed_at, pg_temp.t0() - interval '1 hour') AS until
      FROM pg_temp.cs c
     CROSS JOIN generate_series(1, 5) AS e(e)
     WHERE CASE e.e WHEN 1 THEN true
                    WHEN 2 THEN c.term >= 20 AND c.opened_at + interval '1 day' < pg_temp.t0()
                    WHEN 3 THEN c.questions >= 1
                    WHEN 4 THEN c.questions >= 2
                    ELSE c.status IN ('decided', 'closed') END
), t AS (
    SELECT e.*,
           CASE e.e WHEN 1 THEN e.intake
                    WHEN 2 THEN CASE WHEN pg_temp.r(e.k, 120) < 0.7 THEN 'email' ELSE 'letter' END
                    WHEN 5 THEN CASE WHEN pg_temp.r(e.k, 120) < 0.5 THEN 'letter'
                                     WHEN pg_temp.r(e.k, 120) < 0.8 THEN 'email' ELSE 'portal' END
                    ELSE CASE WHEN pg_temp.r(e.k, 120) < 0.6 THEN 'phone' WHEN pg_temp.r(e.k, 120) < 0.75 THEN 'whatsapp'
                              WHEN pg_temp.r(e.k, 120) < 0.9 THEN 'email' ELSE 'chat' END
           END AS channel,
           CASE e.e WHEN 1 THEN e.opened_at - CASE WHEN e.intake IN ('counter', 'phone', 'whatsapp')
                                                   THEN interval '6 minutes' ELSE interval '0' END
                    WHEN 2 THEN e.opened_at + (4 + pg_temp.ri(e.k, 121, 16)) * interval '1 hour'
                    WHEN 3 THEN date_trunc('second', e.opened_at + (e.until - e.opened_at) * (0.25 + 0.2 * pg_temp.r(e.k, 121)))
                    WHEN 4 THEN date_trunc('second', e.opened_at + (e.until - e.opened_at) * (0.55 + 0.2 * pg_temp.r(e.k, 121)))
                    ELSE coalesce(e.decided_at, e.closed_at) END AS at,
           CASE WHEN e.e IN (3, 4) THEN pg_temp.r(e.k, 122) END AS xq
      FROM e
)
SELECT t.k, t.party_id, t.id AS case_id, t.channel,
       CASE WHEN t.e IN (2, 5) THEN 'out' ELSE 'in' END AS direction,
       -- staffed channels: move into office hours on a weekday
       CASE WHEN t.e IN (3, 4) AND t.channel = 'phone'
            THEN greatest(t.opened_at + interval '1 hour',
                          pg_temp.lt(pg_temp.weekday_before(least(pg_temp.today() - 1,
                                                                  (t.at AT TIME ZONE 'Europe/Amsterdam')::date)),
                                     30600 + pg_temp.ri(t.k, 123, 30000)))
            ELSE t.at END AS occurred_at,
       CASE t.e WHEN 1 THEN t.subject
                WHEN 2 THEN 'Ontvangstbevestiging ' || t.type_name
                WHEN 5 THEN CASE WHEN t.case_type = 'melding_openbare_ruimte' THEN 'Terugkoppeling melding'
                                 ELSE 'Besluit ' || t.type_name END
                ELSE 'Vraag over zaak ' || t.ref END AS subject,
       CASE t.e
           WHEN 1 THEN CASE t.channel
                           WHEN 'portal' THEN 'Aanvraag ingediend via Mijn Gemeente: ' || t.subject || '.'
                           WHEN 'webform' THEN 'Ingediend via het contactformulier: ' || t.subject || '.'
                           WHEN 'letter' THEN 'Brief ontvangen en ingescand: ' || t.subject || '.'
                           WHEN 'email' THEN 'E-mail ontvangen: ' || t.subject || '.'
                           ELSE 'Klant meldt zich voor: ' || t.subject || '. Zaak ' || t.ref || ' aangemaakt.' END
           WHEN 2 THEN 'Wij hebben ' || t.phrase || ' ontvangen. Uw zaaknummer is ' || t.ref
                       || '. U krijgt uiterlijk ' || pg_temp.dmy(t.due_on) || ' bericht van ons.'
           WHEN 5 THEN 'Besluit op ' || t.phrase || ' (' || t.ref || '): ' || t.result || '.'
           ELSE 'Klant vraagt naar de stand van zaken van ' || t.ref || ' (' || t.subject || '). '
                || CASE WHEN t.xq < 0.7 THEN 'Uitgelegd dat de zaak in behandeling is en wat de termijn is.'
                        WHEN t.xq < 0.9 THEN 'Behandelaar was niet bereikbaar; terugbelverzoek gemaakt.'
                        ELSE 'Doorverbonden met de behandelende afdeling.' END
       END AS content,
       CASE WHEN t.e IN (2, 5) THEN 'sent'
            WHEN t.e = 1 THEN CASE WHEN t.channel IN ('counter', 'phone', 'whatsapp') THEN 'answered' END
            WHEN t.xq < 0.7 THEN 'answered' WHEN t.xq < 0.9 THEN 'callback_requested' ELSE 'forwarded_team' END AS outcome,
       CASE WHEN t.e = 1 THEN t.opener_id
            WHEN t.e = 2 THEN NULL
            WHEN t.e = 5 THEN t.owner_id
            ELSE lk.agent_id END AS agent_id,
       CASE WHEN t.e = 1 AND t.opener_id IS NULL THEN 'mijn-omgeving'
            WHEN t.e = 2 OR (t.e = 5 AND t.owner_id IS NULL) THEN 'zaaksysteem' END AS actor,
       CASE WHEN t.channel = 'whatsapp' THEN 'wa' || (4 + 2 * pg_temp.ri(t.k, 124, 3))::text
            WHEN t.channel = 'chat' THEN 'chat' || (4 + 2 * pg_temp.ri(t.k, 124, 3))::text END AS fid,
       s.ord AS subj_ord, t.team, t.case_confidential AS confidential,
       'Zaak ' || t.ref || ': ' || CASE WHEN t.e IN (3, 4) THEN 'klant geïnformeerd over de voortgang.'
                                        ELSE s.note END AS note_txt
  FROM t
  JOIN pg_temp.subj s ON s.code = t.subj_code
  JOIN pg_temp.lot_agent_all lk ON lk.team = 'kcc' AND lk.slot = pg_temp.ri(t.k, 125, 60)
 WHERE t.at < pg_temp.t0();
CREATE INDEX ON pg_temp.case_contact (party_id);
ANALYZE pg_temp.case_contact;

-- 8. Contacts, with their notes, agreements, callback requests and
--    representatives ---------------------------------------------------------------
--
-- Per block of customers, one statement: the contacts are generated once
-- (g) and each table takes its share from them. About 20 contacts per
-- customer (0 to 60), over the last three years, the recent ones denser;
-- party 1 gets 10,000 over ten years. WhatsApp, chatbot and chat only
-- exist in the recent years.

DROP TABLE IF EXISTS pg_temp.lot_ch;
CREATE TEMP TABLE lot_ch AS
SELECT l.grp, l.slot, c.channel FROM pg_temp.lot_w_channel l JOIN pg_temp.channel_no c ON c.ord = l.ord;
CREATE UNIQUE INDEX ON pg_temp.lot_ch (grp, slot);
ANALYZE pg_temp.lot_ch;

DO $contacts$
DECLARE
    v_n bigint := pg_temp.n();
    v_block bigint := 20000;
    v_lo bigint := 1;
    v_hi bigint;
    v_heavy int;
    v_agreement bigint := 0;
    v_task bigint := 0;
BEGIN
    -- party 1 has exactly 10,000 contacts, its case contacts included
    v_heavy := greatest(0, 10000 - (SELECT count(*) FROM pg_temp.case_contact WHERE party_id = 1));
    WHILE v_lo <= v_n LOOP
        v_hi := least(v_n, v_lo + v_block - 1);

        WITH p AS (
            SELECT p.id AS pid, p.kind, p.confidential AS pconf, p.needs_language_help AS langhelp, p.street,
                   CASE WHEN p.kind = 'organisation' THEN 'org'
                        WHEN p.birth_date <= pg_temp.today() - interval '70 years' THEN 'old' ELSE 'std' END AS cgrp,
                   extract(year FROM age(pg_temp.today(), p.birth_date))::int AS age_now
              FROM loket.party p
             WHERE p.id BETWEEN v_lo AND v_hi
        ), f1 AS MATERIALIZED (
            -- which contacts: key, day, channel, subject
            SELECT p.*, j.j, x.k, x.hostile, x.d0,
                   CASE WHEN x.d0 < pg_temp.today() - 1000 AND x.ch0 IN ('whatsapp', 'chat') THEN 'phone'
                        WHEN x.d0 < pg_temp.today() - 1000 AND x.ch0 = 'chatbot' THEN 'webform'
                        ELSE x.ch0 END AS channel,
                   CASE x.hostile WHEN 1 THEN 29 WHEN 2 THEN 3 WHEN 3 THEN 18 WHEN 4 THEN 3 WHEN 5 THEN 15
                                  ELSE ls.ord END AS subj_ord
              FROM p
             CROSS JOIN LATERAL generate_series(1,
                   CASE WHEN p.pid = 1 THEN v_heavy
                        WHEN p.pid <= 30 THEN greatest(1, floor(57 * pg_temp.r(p.pid, 130) ^ 2)::int)
                        ELSE floor(57 * pg_temp.r(p.pid, 130) ^ 2)::int END) AS j(j)
              JOIN pg_temp.lot_ch lc ON lc.grp = p.cgrp AND lc.slot = pg_temp.ri(p.pid * 100000 + j.j, 132, 1000)
             CROSS JOIN LATERAL (SELECT
                   p.pid * 100000 + j.j AS k,
                   CASE WHEN p.pid BETWEEN 2 AND 6 AND j.j = 1 THEN p.pid::int - 1 END AS hostile,
                   CASE WHEN p.pid BETWEEN 2 AND 6 AND j.j = 1 THEN 'whatsapp' ELSE lc.channel END AS ch0,
                   CASE WHEN p.pid BETWEEN 2 AND 6 AND j.j = 1 THEN pg_temp.today() - 2 * p.pid::int
                        ELSE pg_temp.today() - 1
                             - floor(CASE WHEN p.pid = 1 THEN 3650 ELSE 1095 END
                                     * (1 - sqrt(1 - pg_temp.r(p.pid * 100000 + j.j, 131))))::int END AS d0) AS x
              JOIN pg_temp.lot_w_subj ls
                ON ls.grp = CASE WHEN p.kind = 'organisation' THEN 'org' WHEN x.ch0 = 'counter' THEN 'counter'
                                 ELSE 'person' END
               AND ls.slot = pg_temp.ri(x.k, 133, 1000)
        ), f2 AS MATERIALIZED (
            -- direction, time of day, outcome drivers, the agent
            SELECT f1.*, s.subject AS subj_name, s.team, s.referred, s.code AS subj_code, s.agr_kind AS subj_agr,
                   s.note, s.q, s.a,
                   replace(s.letter, '{jaar}', extract(year FROM f1.d0)::text) AS letter,
                   s.contents[1 + pg_temp.ri(f1.k, 139, cardinality(s.contents))] AS content0,
                   CASE WHEN f1.hostile IS NULL
                         AND pg_temp.r(f1.k, 134) < CASE f1.channel WHEN 'phone' THEN 0.15 WHEN 'email' THEN 0.25
                                                                    WHEN 'whatsapp' THEN 0.12 WHEN 'letter' THEN 0.70
                                                                    ELSE 0 END
                        THEN 'out' ELSE 'in' END AS direction,
                   CASE WHEN f1.channel IN ('phone', 'counter', 'letter', 'chat') THEN pg_temp.weekday_before(f1.d0)
                        ELSE f1.d0 END AS d,
                   CASE WHEN f1.channel IN ('phone', 'counter', 'chat') THEN 30600 + pg_temp.ri(f1.k, 135, 30000)
                        WHEN f1.channel = 'letter' THEN 32400 + pg_temp.ri(f1.k, 135, 25200)
                        ELSE 25200 + pg_temp.ri(f1.k, 135, 57600) END AS secs,
                   pg_temp.r(f1.k, 136) AS xo,
                   pg_temp.r(f1.k, 137) < 0.45 AS handover,
                   la.agent_id AS pool_agent
              FROM f1
              JOIN pg_temp.subj s ON s.ord = f1.subj_ord
              JOIN pg_temp.lot_agent_all la
                ON la.team = CASE WHEN f1.channel = 'counter' THEN 'burgerzaken' WHEN f1.channel = 'letter' THEN s.team
                                  ELSE 'kcc' END
               AND la.slot = pg_temp.ri(f1.k, 138, 60)
        ), f3 AS (
            SELECT f2.*,
                   CASE WHEN f2.direction = 'out' AND f2.channel <> 'phone' THEN 'sent'
                        WHEN f2.direction = 'out' THEN CASE WHEN f2.xo < 0.78 THEN 'answered'
                                                            WHEN f2.xo < 0.93 THEN 'customer_calls_back'
                                                            ELSE 'connection_lost' END
                        WHEN f2.channel = 'chatbot' THEN CASE WHEN f2.handover THEN 'forwarded_colleague' ELSE 'answered' END
                        WHEN f2.referred THEN CASE WHEN f2.xo < 0.8 THEN 'referred_elsewhere' ELSE 'answered' END
                        WHEN f2.channel IN ('email', 'webform', 'portal', 'letter', 'social') THEN
                             CASE WHEN f2.xo < 0.62 THEN 'answered' WHEN f2.xo < 0.80 THEN 'forwarded_team'
                                  WHEN f2.xo < 0.92 THEN 'callback_requested' ELSE 'coached_online' END
                        ELSE CASE WHEN f2.xo < 0.54 THEN 'answered' WHEN f2.xo < 0.63 THEN 'forwarded_team'
                                  WHEN f2.xo < 0.68 THEN 'forwarded_colleague' WHEN f2.xo < 0.80 THEN 'callback_requested'
                                  WHEN f2.xo < 0.84 THEN 'customer_calls_back' WHEN f2.xo < 0.93 THEN 'coached_online'
                                  WHEN f2.xo < 0.96 THEN 'referred_elsewhere'
                                  WHEN f2.channel = 'counter' THEN 'answered' ELSE 'connection_lost' END
                   END AS outcome
              FROM f2
        ), g AS MATERIALIZED (
            SELECT f.k, f.pid AS party_id, NULL::bigint AS case_id, f.channel, f.direction,
                   pg_temp.lt(f.d, f.secs) AS occurred_at, f.d AS occ_date,
                   CASE WHEN f.direction = 'in' OR f.channel = 'whatsapp' THEN f.subj_name
                        WHEN f.channel = 'phone' THEN 'Terugbellen: ' || f.subj_name
                        WHEN f.channel = 'email' THEN 'Re: ' || f.subj_name
                        ELSE coalesce(f.letter, 'Brief: ' || f.subj_name) END AS subject,
                   CASE WHEN f.hostile IS NOT NULL THEN (SELECT h.txt FROM pg_temp.hostile h WHERE h.n = f.hostile)
                        WHEN f.direction = 'out' THEN
                             CASE f.channel WHEN 'phone' THEN 'Klant teruggebeld. ' || f.note
                                            WHEN 'email' THEN E'Geachte heer, mevrouw,\n\n' || f.a
                                                              || E'\n\nMet vriendelijke groet,\nKlantcontactcentrum'
                                            WHEN 'letter' THEN 'Brief verstuurd: ' || coalesce(f.letter, f.subj_name) || '.'
                                            ELSE f.a END
                        WHEN f.channel = 'chatbot' THEN 'Gesprek met de chatbot over ' || f.subj_name
                             || CASE WHEN f.handover THEN '; doorverbonden met een medewerker.'
                                     ELSE '; beantwoord door de chatbot.' END
                        WHEN f.channel IN ('whatsapp', 'chat') THEN f.q
                        ELSE CASE f.channel WHEN 'letter' THEN 'Brief van de klant: '
                                            WHEN 'portal' THEN 'Bericht via Mijn Gemeente: '
                                            WHEN 'social' THEN 'Privébericht via sociale media: ' ELSE '' END
                             || pg_temp.fill(f.content0, f.k, f.d, f.street)
                   END AS content,
                   f.outcome,
                   CASE WHEN f.channel = 'chatbot' AND NOT f.handover THEN NULL ELSE f.pool_agent END AS agent_id,
                   CASE WHEN f.channel = 'chatbot' THEN 'chatbot' END AS actor,
                   CASE WHEN f.channel = 'chatbot' AND f.handover THEN 'bot_h' || (4 + 2 * pg_temp.ri(f.k, 143, 4))::text
                        WHEN f.channel = 'chatbot' THEN 'bot_a' || (4 + 2 * pg_temp.ri(f.k, 143, 2))::text
                        WHEN f.channel = 'chat' THEN 'chat' || (4 + 2 * pg_temp.ri(f.k, 143, 3))::text
                        WHEN f.channel = 'whatsapp' AND f.direction = 'out' THEN 'wa_out'
                        WHEN f.channel = 'whatsapp' THEN 'wa' || (4 + 2 * pg_temp.ri(f.k, 143, 4))::text END AS fid,
                   CASE WHEN f.hostile IS NOT NULL
                        THEN (SELECT h.txt FROM pg_temp.hostile h WHERE h.n = f.hostile) END AS hostile_txt,
                   f.subj_ord, f.subj_name, f.subj_agr, f.team,
                   btrim(f.note || ' ' || CASE f.outcome
                         WHEN 'forwarded_team' THEN 'Doorverbonden met de afdeling.'
                         WHEN 'forwarded_colleague' THEN 'Doorverbonden met een collega.'
                         WHEN 'callback_requested' THEN 'Terugbelverzoek uitgezet.'
                         WHEN 'customer_calls_back' THEN 'Klant neemt zelf opnieuw contact op.'
                         WHEN 'coached_online' THEN 'Klant laten zien hoe dit via Mijn Gemeente kan.'
                         WHEN 'referred_elsewhere' THEN 'Doorverwezen naar de juiste instantie.'
                         WHEN 'connection_lost' THEN 'Verbinding viel weg.' ELSE '' END) AS note_txt,
                   f.pconf OR (f.subj_code = 'schuldhulp' AND pg_temp.r(f.k, 144) < 0.1) AS confidential,
                   f.kind AS pkind, f.age_now, f.langhelp
              FROM f3 f
            UNION ALL
            SELECT c.k, c.party_id, c.case_id, c.channel, c.direction, c.occurred_at,
                   (c.occurred_at AT TIME ZONE 'Europe/Amsterdam')::date, c.subject, c.content, c.outcome,
                   c.agent_id, c.actor, c.fid, NULL, c.subj_ord, s.subject, s.agr_kind, c.team, c.note_txt, c.confidential,
                   NULL, NULL, NULL
              FROM pg_temp.case_contact c JOIN pg_temp.subj s ON s.ord = c.subj_ord
             WHERE c.party_id BETWEEN v_lo AND v_hi
        ), ins_interaction AS (
            INSERT INTO loket.interaction (id, party_id, channel, direction, occurred_at, subject, content, outcome,
                                           agent_id, actor, case_id, transcript, source_system, external_id,
                                           confidential, created_at)
            SELECT pg_temp.uuid(g.k, 200), g.party_id, g.channel, g.direction, g.occurred_at, g.subject, g.content,
                   g.outcome, g.agent_id, g.actor, g.case_id,
                   CASE WHEN g.hostile_txt IS NOT NULL THEN
                       -- the few hostile texts: built turn by turn
                       (SELECT jsonb_agg(jsonb_build_object(
                                   'who', fl.who,
                                   'at', pg_temp.iso(g.occurred_at + fl.dt * interval '1 second'),
                                   'text', replace(replace(replace(replace(replace(fl.txt,
                                               '{q}', g.hostile_txt), '{q2}', s.q2), '{a}', s.a), '{s}', s.subject),
                                               '{agent}', coalesce(a.first_name, 'een medewerker')))
                                ORDER BY fl.turn)
                          FROM pg_temp.flow fl WHERE fl.fid = g.fid)
                        WHEN g.fid IS NOT NULL THEN pg_temp.transcript(g.occurred_at, tx.n, tx.dts, tx.tails) END,
                   'demo', 'kc-' || lpad(g.k::text, 13, '0'), g.confidential,
                   g.occurred_at + (20 + pg_temp.ri(g.k, 201, 280)) * interval '1 second'
              FROM g
              JOIN pg_temp.subj s ON s.ord = g.subj_ord
              LEFT JOIN pg_temp.ag a ON a.id = g.agent_id
              LEFT JOIN pg_temp.tx ON tx.fid = g.fid AND tx.subj_ord = g.subj_ord AND tx.agent_id = coalesce(g.agent_id, 0)
        ), ins_note AS (
            -- notes on 30 % of the contacts an agent handled; 3 % of those corrected later
            INSERT INTO loket.note (id, party_id, interaction_id, case_id, body, agent_id, created_at, corrects)
            SELECT pg_temp.uuid(g.k, 210), g.party_id, pg_temp.uuid(g.k, 200), g.case_id, g.note_txt, g.agent_id,
                   g.occurred_at + (90 + pg_temp.ri(g.k, 211, 600)) * interval '1 second', NULL
              FROM g WHERE g.agent_id IS NOT NULL AND pg_temp.r(g.k, 212) < 0.30
            UNION ALL
            SELECT pg_temp.uuid(g.k, 213), g.party_id, pg_temp.uuid(g.k, 200), g.case_id,
                   'Correctie: ' || (ARRAY['de klant belde namens haar moeder, niet voor zichzelf.',
                                           'de afspraak is een week later dan eerder genoteerd.',
                                           'verkeerde zaak genoemd in de vorige notitie.',
                                           'het bedrag moet € ' || pg_temp.euro(2500 + pg_temp.ri(g.k, 217, 50000)) || ' zijn.',
                                           'het telefoonnummer klopte niet; de klant gaf het juiste door.'])
                                    [1 + pg_temp.ri(g.k, 214, 5)],
                   g.agent_id, g.occurred_at + (900 + pg_temp.ri(g.k, 215, 6000)) * interval '1 second',
                   pg_temp.uuid(g.k, 210)
              FROM g WHERE g.agent_id IS NOT NULL AND pg_temp.r(g.k, 212) < 0.30 AND pg_temp.r(g.k, 216) < 0.03
        ), ins_agreement AS (
            INSERT INTO loket.agreement (id, party_id, kind, description, due_at, status, made_by, made_at,
                                         interaction_id, case_id, status_at, status_by)
            SELECT v_agreement + row_number() OVER (ORDER BY a.k), a.party_id, a.kind,
                   CASE a.kind
                       WHEN 'callback' THEN 'Terugbellen over: ' || a.subj_name
                       WHEN 'send_document' THEN 'Informatie en formulier toesturen over: ' || a.subj_name
                       WHEN 'payment_plan' THEN 'Betalingsregeling: ' || (2 + pg_temp.ri(a.k, 224, 9))::text
                                                || ' termijnen van € ' || pg_temp.euro(2500 + pg_temp.ri(a.k, 225, 15000))
                       WHEN 'visit' THEN 'Gesprek op afspraak over: ' || a.subj_name
                       ELSE 'Klant stuurt ontbrekende gegevens na over: ' || a.subj_name END,
                   a.due_at, a.status, a.agent_id, a.occurred_at, pg_temp.uuid(a.k, 200), a.case_id,
                   CASE a.status
                       WHEN 'kept' THEN greatest(a.occurred_at + interval '1 hour',
                                                 a.due_at - pg_temp.ri(a.k, 226, 20) * interval '1 hour')
                       WHEN 'broken' THEN least(pg_temp.t0() - interval '1 hour',
                                                a.due_at + (1 + pg_temp.ri(a.k, 226, 48)) * interval '1 hour')
                       WHEN 'cancelled' THEN a.occurred_at + (a.due_at - a.occurred_at) * 0.5 END,
                   CASE WHEN a.status <> 'open' THEN a.agent_id END
              FROM (SELECT b.*,
                           CASE WHEN b.due_at >= pg_temp.t0() THEN 'open'
                                WHEN b.due_at >= pg_temp.t0() - interval '14 days' AND b.x < 0.25
                                THEN CASE WHEN b.agent_id = pg_temp.demo_id() THEN 'kept' ELSE 'open' END
                                WHEN b.x < 0.80 THEN 'kept' WHEN b.x < 0.94 THEN 'broken' ELSE 'cancelled' END AS status
                      FROM (SELECT g.*, pg_temp.r(g.k, 221) AS x,
                                   CASE WHEN pg_temp.r(g.k, 220) < 0.6 THEN g.subj_agr ELSE 'callback' END AS kind,
                                   pg_temp.lt(pg_temp.weekday_after(g.occ_date + 1 + pg_temp.ri(g.k, 222, 10)),
                                              32400 + 1800 * pg_temp.ri(g.k, 223, 16)) AS due_at
                              FROM g
                             WHERE g.agent_id IS NOT NULL AND g.direction = 'in'
                               AND g.outcome IN ('answered', 'callback_requested', 'customer_calls_back', 'forwarded_team')
                               AND pg_temp.r(g.k, 227) < 0.07) b) a
        ), ins_task AS (
            -- every "callback requested" leaves a task for a team or a colleague
            INSERT INTO loket.task (id, party_id, kind, reason, status, assigned_agent_id, assigned_team_id, due_at,
                                    created_by, created_at, interaction_id, case_id, done_at, done_by, result)
            SELECT v_task + row_number() OVER (ORDER BY t.k), t.party_id, 'callback',
                   'Klant wil teruggebeld worden over: ' || t.subj_name || '. '
                       || (ARRAY['Graag na 15.00 uur bellen.', 'Klant is alleen ''s ochtends bereikbaar.',
                                 'Vraag kon niet direct worden beantwoord.', 'Klant wil uitleg van een specialist.',
                                 'Klant heeft haast: termijn loopt bijna af.'])[1 + pg_temp.ri(t.k, 232, 5)],
                   CASE WHEN t.done THEN 'done' ELSE 'todo' END,
                   t.assignee, CASE WHEN t.assignee IS NULL THEN tm.id END, t.due_at,
                   t.agent_id, t.occurred_at + interval '2 minutes', pg_temp.uuid(t.k, 200), t.case_id,
                   CASE WHEN t.done THEN least(pg_temp.t0() - interval '30 minutes',
                                               t.occurred_at + (1 + pg_temp.ri(t.k, 230, 40)) * interval '1 hour') END,
                   CASE WHEN t.done THEN coalesce(t.assignee, t.team_agent) END,
                   CASE WHEN t.done THEN (ARRAY['Klant teruggebeld en geïnformeerd.', 'Teruggebeld; vraag beantwoord.',
                                                'Niet bereikt; voicemail ingesproken en e-mail gestuurd.',
                                                'Teruggebeld; afspraak gemaakt.'])[1 + pg_temp.ri(t.k, 233, 4)] END
              FROM (SELECT g.*, lw.agent_id AS team_agent,
                           CASE WHEN pg_temp.r(g.k, 231) < 0.55 THEN NULL ELSE lw.agent_id END AS assignee,
                           pg_temp.lt(pg_temp.weekday_after(g.occ_date + 2), 61200) AS due_at,
                           CASE WHEN pg_temp.lt(pg_temp.weekday_after(g.occ_date + 2), 61200) < pg_temp.t0() - interval '1 day'
                                THEN pg_temp.r(g.k, 234) < 0.995
                                WHEN pg_temp.lt(pg_temp.weekday_after(g.occ_date + 2), 61200) < pg_temp.t0()
                                THEN pg_temp.r(g.k, 234) < 0.6
                                ELSE pg_temp.r(g.k, 234) < 0.2 END AS done
                      FROM g
                      JOIN pg_temp.lot_agent_work lw ON lw.team = g.team AND lw.slot = pg_temp.ri(g.k, 235, 60)
                     WHERE g.outcome = 'callback_requested' AND g.agent_id IS NOT NULL) t
              JOIN loket.team tm ON tm.code = t.team
        )
        -- an interpreter, a representative or a partner on some contacts
        INSERT INTO loket.interaction_party (interaction_id, party_id, role)
        SELECT pg_temp.uuid(g.k, 200),
               1 + (g.party_id + pg_temp.ri(g.k, 241, (v_n - 1)::int)) % v_n,
               CASE WHEN g.langhelp THEN 'interpreter'
                    WHEN g.age_now >= 85 THEN (ARRAY['representative', 'guardian', 'partner'])[1 + pg_temp.ri(g.k, 242, 3)]
                    ELSE (ARRAY['representative', 'partner', 'other'])[1 + pg_temp.ri(g.k, 242, 3)] END
          FROM g
         WHERE v_n > 1 AND g.pkind = 'person' AND g.direction = 'in'
           AND g.channel IN ('phone', 'counter', 'email', 'letter', 'webform')
           AND pg_temp.r(g.k, 240) < CASE WHEN g.langhelp OR g.age_now >= 85 THEN 0.25 ELSE 0.004 END;

        v_agreement := coalesce((SELECT max(id) FROM loket.agreement), 0);
        v_task := coalesce((SELECT max(id) FROM loket.task), 0);
        RAISE DEBUG 'loket seed: contacts of customers % to % done at %', v_lo, v_hi,
            round(extract(epoch FROM clock_timestamp() - (SELECT started FROM pg_temp.seed_run))::numeric, 1);
        v_lo := v_hi + 1;
    END LOOP;
END
$contacts$;

-- 9. Work for the demo logins ------------------------------------------------------
--
-- The demo agent (login demo) opens on a home screen with agreements due
-- today and overdue, callback requests for her and for her team, and the
-- cases she owns (made above, on the first 200 customers). Each agreement
-- comes with the phone call and the note it was made in.

DROP TABLE IF EXISTS pg_temp.demo_agreement;
CREATE TEMP TABLE demo_agreement AS
SELECT v.n, 1 + (5 + v.n) % pg_temp.n() AS party_id, v.kind, v.subj_ord, v.status, v.description,
       pg_temp.lt(pg_temp.today() + v.due_day, v.due_secs) AS due_at,
       pg_temp.lt(pg_temp.today() - v.made_days, 36000 + 1500 * v.n) AS made_at,
       9000000000000 + v.n AS k
  FROM (VALUES
    (1,  'callback',      3, 'open',   0, 34200, 1,  'Terugbellen over de dubbele betaling van de aanslag: is het geld teruggestort?'),
    (2,  'callback',     33, 'open',   0, 39600, 2,  'Terugbellen met de stand van zaken van de aanvraag'),
    (3,  'send_document', 4, 'open',   0, 48600, 3,  'Formulier kwijtschelding en lijst met bewijsstukken toesturen'),
    (4,  'payment_plan',  5, 'open',   0, 54000, 5,  'Eerste termijn betalingsregeling: 6 termijnen van € 48,50'),
    (5,  'visit',        10, 'open',   0, 59400, 6,  'Keukentafelgesprek Wmo bevestigen met de consulent'),
    (6,  'callback',     27, 'open',  -1, 36000, 3,  'Terugbellen of de nieuwe afvalpas is aangekomen'),
    (7,  'send_document',20, 'open',  -2, 50400, 6,  'Uittreksel BRP opsturen naar het nieuwe adres'),
    (8,  'callback',      1, 'open',  -4, 39600, 8,  'Terugbellen met uitleg over het taxatieverslag WOZ'),
    (9,  'other',        30, 'open',  -7, 32400, 12, 'Klant stuurt foto''s van de losliggende stoeptegels na'),
    (10, 'callback',      7, 'open',   1, 36000, 1,  'Terugbellen over het voorschot op de bijstandsuitkering'),
    (11, 'visit',        15, 'open',   3, 50400, 2,  'Afspraak stadswinkel: paspoort ophalen'),
    (12, 'payment_plan',  5, 'open',   8, 39600, 4,  'Tweede termijn betalingsregeling: € 48,50'),
    (13, 'callback',     23, 'kept', -20, 36000, 25, 'Terugbellen over de wachtlijst parkeervergunning'),
    (14, 'send_document',19, 'broken',-15, 43200, 20, 'Bevestiging van de adreswijziging toesturen')
  ) AS v(n, kind, subj_ord, status, due_day, due_secs, made_days, description);

INSERT INTO loket.interaction (id, party_id, channel, direction, occurred_at, subject, content, outcome,
                               agent_id, source_system, external_id, created_at)
SELECT pg_temp.uuid(d.k, 200), d.party_id, 'phone', 'in', d.made_at - interval '6 minutes', s.subject,
       pg_temp.fill(s.contents[1], d.k, (d.made_at AT TIME ZONE 'Europe/Amsterdam')::date, p.street),
       'answered', pg_temp.demo_id(), 'demo', 'kc-demo-' || lpad(d.n::text, 4, '0'),
       d.made_at - interval '5 minutes'
  FROM pg_temp.demo_agreement d JOIN pg_temp.subj s ON s.ord = d.subj_ord JOIN loket.party p ON p.id = d.party_id
 ORDER BY d.n;

INSERT INTO loket.note (id, party_id, interaction_id, body, agent_id, created_at)
SELECT pg_temp.uuid(d.k, 210), d.party_id, pg_temp.uuid(d.k, 200),
       s.note || ' Afspraak gemaakt: ' || d.description || '.', pg_temp.demo_id(), d.made_at
  FROM pg_temp.demo_agreement d JOIN pg_temp.subj s ON s.ord = d.subj_ord
 ORDER BY d.n;

INSERT INTO loket.agreement (id, party_id, kind, description, due_at, status, made_by, made_at, interaction_id,
                             status_at, status_by)
SELECT (SELECT coalesce(max(id), 0) FROM loket.agreement) + d.n, d.party_id, d.kind, d.description, d.due_at,
       d.status, pg_temp.demo_id(), d.made_at, pg_temp.uuid(d.k, 200),
       CASE d.status WHEN 'kept' THEN d.due_at - interval '2 hours' WHEN 'broken' THEN d.due_at + interval '1 day' END,
       CASE WHEN d.status <> 'open' THEN pg_temp.demo_id() END
  FROM pg_temp.demo_agreement d
 ORDER BY d.n;

INSERT INTO loket.task (id, party_id, kind, reason, status, assigned_agent_id, assigned_team_id, due_at,
                        created_by, created_at, done_at, done_by, result)
SELECT (SELECT coalesce(max(id), 0) FROM loket.task) + v.n, 1 + (19 + v.n) % pg_temp.n(), v.kind, v.reason,
       CASE WHEN v.done THEN 'done' ELSE 'todo' END,
       CASE WHEN v.who = 'demo' THEN pg_temp.demo_id() END,
       CASE WHEN v.who = 'kcc' THEN (SELECT id FROM loket.team WHERE code = 'kcc') END,
       pg_temp.lt(pg_temp.today() + v.due_day, v.due_secs),
       (SELECT id FROM pg_temp.ag WHERE login = v.creator),
       pg_temp.lt(pg_temp.today() + v.due_day - 2, 37800 + 900 * v.n),
       CASE WHEN v.done THEN pg_temp.lt(pg_temp.today() + v.due_day, v.due_secs - 3600) END,
       CASE WHEN v.done THEN pg_temp.demo_id() END,
       CASE WHEN v.done THEN 'Klant teruggebeld en geïnformeerd.' END
  FROM (VALUES
    (1,  'demo', 'callback', false,  0, 43200, 'demo_lbakker',
         'Klant wil teruggebeld worden over de WOZ-beschikking; graag vóór 12.00 uur.'),
    (2,  'demo', 'callback', false,  0, 57600, 'demo_jvandijk',
         'Terugbellen over de status van de bijstandsaanvraag.'),
    (3,  'demo', 'callback', false, -1, 61200, 'demo_hdejong',
         'Klacht over een gemiste terugbelafspraak: graag persoonlijk terugbellen.'),
    (4,  'demo', 'other',    false,  1, 36000, 'demo_amulder',
         'Controleer of de nieuwe afvalpas is verstuurd en bel de klant.'),
    (5,  'demo', 'callback', false,  0, 50400, 'demo_fyilmaz',
         'Klant vraagt uitleg over de aanmaning; spreekt beperkt Nederlands (tolk Turks via tolkdienst).'),
    (6,  'demo', 'callback', false, -2, 61200, 'demo_nbenali',
         'Dochter belt namens haar moeder over de Wmo-aanvraag; terugbellen op haar mobiel.'),
    (7,  'kcc',  'callback', false,  0, 46800, 'demo_melidrissi',
         'Klant wil teruggebeld worden over het ophalen van grofvuil.'),
    (8,  'kcc',  'callback', false,  0, 61200, 'demo_eschouten',
         'Terugbellen: vraag over de kosten van een paspoort voor een kind.'),
    (9,  'kcc',  'callback', false, -1, 61200, 'demo_kdegroot',
         'Klant kon niet inloggen met DigiD; terugbellen om samen in te loggen.'),
    (10, 'kcc',  'callback', false,  1, 61200, 'demo_tvisser',
         'Terugbellen over de melding van een kapotte lantaarnpaal.'),
    (11, 'kcc',  'other',    false,  2, 61200, 'demo_rsoekhai',
         'Nagaan of de verhuizing al in de BRP staat en de klant informeren.'),
    (12, 'kcc',  'callback', false,  0, 39600, 'demo_mnowak',
         'Klant belt voor de derde keer over de container; graag vandaag terugbellen.'),
    (13, 'demo', 'callback', true,  -1, 54000, 'demo_lbakker',
         'Terugbellen over de betalingsregeling.'),
    (14, 'demo', 'callback', true,  -3, 43200, 'demo_jvandijk',
         'Terugbellen over het uittreksel BRP.'),
    (15, 'demo', 'callback', true,  -6, 50400, 'demo_hdejong',
         'Klant wil weten wanneer de parkeervergunning ingaat.')
  ) AS v(n, who, kind, done, due_day, due_secs, creator, reason)
 ORDER BY v.n;

-- 10. Today: agents' states and their history (follows the time of day) -----------
--
-- The history runs from 08:00 today (or the last eight hours, when seeding
-- before nine) until now: log in, then calls (busy, wrap-up, available)
-- and breaks. Each agent's last event is its current state.

DROP TABLE IF EXISTS pg_temp.day;
CREATE TEMP TABLE day AS
SELECT CASE WHEN pg_temp.now0() >= pg_temp.t0() + interval '9 hours' THEN pg_temp.t0() + interval '8 hours'
            ELSE pg_temp.now0() - interval '8 hours' END AS ws,
       pg_temp.now0() - interval '30 seconds' AS we;

DROP TABLE IF EXISTS pg_temp.state_event;
CREATE TEMP TABLE state_event AS
WITH a AS (
    SELECT g.id, g.ord, d.ws + pg_temp.ri(g.id, 301, 2700) * interval '1 second' AS shift_start,
           d.ws + (4 + pg_temp.ri(g.id, 305, 2)) * interval '1 hour' + pg_temp.ri(g.id, 306, 3600) * interval '1 second'
               AS part_time_end,
           pg_temp.r(g.id, 304) < 0.15 AS part_time
      FROM pg_temp.ag g CROSS JOIN pg_temp.day d
     WHERE g.role IN ('agent', 'supervisor') AND g.login NOT IN ('demo', 'demo_supervisor')
       AND pg_temp.r(g.id, 300) < 0.85
), c AS (
    SELECT a.id, c.c, pg_temp.r(a.id * 1000 + c.c, 302) < 0.06 AS pause
      FROM a CROSS JOIN generate_series(0, 199) AS c(c)
), e AS (
    SELECT a.id, -1 AS c, 0 AS seq, 'available' AS state, 0 AS dur FROM a
    UNION ALL
    SELECT c.id, c.c, x.seq, x.state, x.dur
      FROM c CROSS JOIN LATERAL (VALUES
          (1, CASE WHEN c.pause THEN 'break' ELSE 'busy' END,
              CASE WHEN c.pause THEN 600 + pg_temp.ri(c.id * 1000 + c.c, 303, 600)
                   ELSE 180 + pg_temp.ri(c.id * 1000 + c.c, 303, 420) END),
          (2, CASE WHEN NOT c.pause THEN 'wrap_up' END, 30 + pg_temp.ri(c.id * 1000 + c.c, 307, 90)),
          (3, 'available', 30 + pg_temp.ri(c.id * 1000 + c.c, 308, 270))) AS x(seq, state, dur)
     WHERE x.state IS NOT NULL
), t AS (
    SELECT e.id, e.c, e.seq, e.state,
           a.shift_start + (sum(e.dur) OVER (PARTITION BY e.id ORDER BY e.c, e.seq) - e.dur) * interval '1 second' AS at,
           a.part_time, a.part_time_end
      FROM e JOIN a ON a.id = e.id
)
SELECT t.id AS agent_id, t.state, t.at FROM t, pg_temp.day d
 WHERE t.at < d.we AND NOT (t.part_time AND t.at >= t.part_time_end)
UNION ALL
SELECT a.id, 'offline', a.part_time_end FROM a, pg_temp.day d WHERE a.part_time AND a.part_time_end < d.we;

INSERT INTO loket.agent_state_event (id, agent_id, state, previous, at)
SELECT row_number() OVER (ORDER BY s.agent_id, s.at), s.agent_id, s.state,
       coalesce(lag(s.state) OVER (PARTITION BY s.agent_id ORDER BY s.at), 'offline'), s.at
  FROM pg_temp.state_event s;

UPDATE loket.agent a SET state = l.state, state_since = l.at
  FROM (SELECT DISTINCT ON (agent_id) agent_id, state, at FROM pg_temp.state_event
         ORDER BY agent_id, at DESC) l
 WHERE a.id = l.agent_id;

-- 11. Today: queues (follows the time of day) -----------------------------------
--
-- A day of calls, chats, WhatsApp messages and e-mails per queue: waits
-- drawn from an exponential distribution, callers who hang up, and a few
-- contacts waiting right now.

DROP TABLE IF EXISTS pg_temp.qi;
CREATE TEMP TABLE qi AS
WITH q AS (
    SELECT q.id, q.code, q.channel, t.code AS team, v.per_hour, v.mean_wait, v.patience,
           d.ws, d.we, greatest(0, floor(v.per_hour * extract(epoch FROM d.we - d.ws) / 3600))::int AS n
      FROM loket.queue q JOIN loket.team t ON t.id = q.team_id
      JOIN (VALUES ('kcc_phone', 40, 25, 150), ('kcc_chat', 10, 45, 400), ('kcc_whatsapp', 8, 900, NULL),
                   ('kcc_email', 12, 10800, NULL), ('burgerzaken_phone', 12, 30, 150),
                   ('belastingen_phone', 8, 35, 150), ('werk_inkomen_phone', 6, 50, 180))
           AS v(code, per_hour, mean_wait, patience) ON v.code = q.code
      CROSS JOIN pg_temp.day d
), i AS (
    SELECT q.*, s.s,
           q.ws + (q.we - q.ws) * ((s.s + pg_temp.r(q.id * 100000 + s.s, 310)) / q.n) AS enqueued_at,
           -ln(1 - pg_temp.r(q.id * 100000 + s.s, 311)) * q.mean_wait AS wait,
           CASE WHEN q.patience IS NOT NULL THEN -ln(1 - pg_temp.r(q.id * 100000 + s.s, 312)) * q.patience END AS give_up
      FROM q CROSS JOIN LATERAL generate_series(0, q.n - 1) AS s(s)
    UNION ALL
    -- waiting right now
    SELECT q.*, 90000 + w.s, pg_temp.now0() - w.ago * interval '1 second', 1e9, NULL
      FROM q JOIN (VALUES ('kcc_phone', 1, 14), ('kcc_phone', 2, 41), ('kcc_phone', 3, 97),
                          ('kcc_chat', 1, 52), ('kcc_whatsapp', 1, 640), ('kcc_whatsapp', 2, 1930),
                          ('kcc_email', 1, 5400), ('kcc_email', 2, 16200), ('kcc_email', 3, 86400),
                          ('burgerzaken_phone', 1, 22), ('werk_inkomen_phone', 1, 71)) AS w(code, s, ago)
        ON w.code = q.code
)
SELECT i.id AS queue_id, i.code, i.channel, i.team, i.s, i.enqueued_at,
       CASE WHEN i.enqueued_at + i.wait * interval '1 second' < i.we
             AND (i.give_up IS NULL OR i.wait <= i.give_up)
            THEN i.enqueued_at + i.wait * interval '1 second' END AS answered_at,
       CASE WHEN i.give_up IS NOT NULL AND i.give_up < i.wait AND i.enqueued_at + i.give_up * interval '1 second' < i.we
            THEN i.enqueued_at + i.give_up * interval '1 second' END AS abandoned_at,
       CASE WHEN pg_temp.r(i.id * 100000 + i.s, 313) < 0.8
            THEN 1 + pg_temp.ri(i.id * 100000 + i.s, 314, pg_temp.n()::int) END AS party_id,
       lw.agent_id,
       i.code IN ('burgerzaken_phone', 'belastingen_phone', 'werk_inkomen_phone')
           AND pg_temp.r(i.id * 100000 + i.s, 315) < 0.25 AS moved
  FROM i JOIN pg_temp.lot_agent_work lw ON lw.team = i.team AND lw.slot = pg_temp.ri(i.id * 100000 + i.s, 316, 60);

DROP TABLE IF EXISTS pg_temp.qi2;
CREATE TEMP TABLE qi2 AS
SELECT row_number() OVER (ORDER BY qi.queue_id, qi.enqueued_at, qi.s) AS id, qi.*,
       CASE WHEN qi.answered_at IS NOT NULL
            THEN greatest(qi.enqueued_at, qi.answered_at - CASE WHEN qi.channel = 'phone' THEN interval '6 seconds'
                                                                ELSE interval '1 second' END) END AS offered_at
  FROM pg_temp.qi;

INSERT INTO loket.queue_item (id, queue_id, party_id, enqueued_at, offered_at, answered_at, abandoned_at, agent_id)
SELECT id, queue_id, party_id, enqueued_at, offered_at, answered_at, abandoned_at,
       CASE WHEN answered_at IS NOT NULL THEN agent_id END
  FROM pg_temp.qi2 ORDER BY id;

INSERT INTO loket.queue_event (id, queue_item_id, kind, at, from_queue_id, to_queue_id, agent_id)
SELECT row_number() OVER (ORDER BY e.item, e.at, e.seq), e.item, e.kind, e.at, e.from_q, e.to_q, e.agent_id
  FROM (
    SELECT q.id AS item, 1 AS seq, 'enqueued' AS kind, q.enqueued_at AS at, NULL::int AS from_q,
           CASE WHEN q.moved THEN (SELECT id FROM loket.queue WHERE code = 'kcc_phone') ELSE q.queue_id END AS to_q,
           NULL::int AS agent_id
      FROM pg_temp.qi2 q
    UNION ALL
    SELECT q.id, 2, 'moved', q.enqueued_at + interval '20 seconds',
           (SELECT id FROM loket.queue WHERE code = 'kcc_phone'), q.queue_id, NULL
      FROM pg_temp.qi2 q WHERE q.moved AND q.enqueued_at + interval '20 seconds' < coalesce(q.answered_at, q.abandoned_at, pg_temp.now0())
    UNION ALL
    SELECT q.id, 3, 'offered', q.offered_at, NULL, NULL, q.agent_id FROM pg_temp.qi2 q WHERE q.offered_at IS NOT NULL
    UNION ALL
    SELECT q.id, 4, 'answered', q.answered_at, NULL, NULL, q.agent_id FROM pg_temp.qi2 q WHERE q.answered_at IS NOT NULL
    UNION ALL
    SELECT q.id, 4, 'abandoned', q.abandoned_at, NULL, NULL, NULL FROM pg_temp.qi2 q WHERE q.abandoned_at IS NOT NULL
  ) e;

-- 12. Sequences past the explicit ids ---------------------------------------------

DO $sequences$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['party', 'contact_address', 'case_file', 'case_event', 'agreement', 'task',
                             'agent_state_event', 'queue_item', 'queue_event']
    LOOP
        EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''), coalesce(max(id), 1), max(id) IS NOT NULL) '
                       'FROM loket.%I', 'loket.' || t, t);
    END LOOP;
END
$sequences$;
-- Case references continue after the highest number used in any year.
SELECT setval('loket.case_ref_seq', greatest(1, coalesce((SELECT max(right(ref, 6)::int) FROM loket.case_file), 1)));

-- Statistics for the planner (and for the check below).
ANALYZE loket.party, loket.surname, loket.contact_address, loket.case_file, loket.case_event,
        loket.interaction, loket.interaction_party, loket.note, loket.agreement, loket.task,
        loket.agent, loket.agent_state_event, loket.queue, loket.queue_item, loket.queue_event;

-- 13. Every reference holds -------------------------------------------------------
--
-- Replica mode skipped the foreign-key triggers, so check every foreign key
-- of schema loket set-based instead, and fail loudly if one does not hold.
-- Tables up to a million rows are checked whole; bigger ones through a
-- fixed sample of about 100,000 rows (a generator bug repeats itself, so a
-- sample finds it), which keeps the check to seconds at a million customers.

DO $check_references$
DECLARE
    t record;
    v_joins text;
    v_counts text;
    v_bad bigint[];
    v_hash text := current_setting('enable_hashjoin');
    v_merge text := current_setting('enable_mergejoin');
BEGIN
    FOR t IN
        SELECT src.relname AS child, max(src.reltuples) AS child_rows, max(dst.reltuples) AS parent_rows,
               array_agg(con.conname ORDER BY con.conname) AS names,
               array_agg(dst.relname ORDER BY con.conname) AS parents,
               array_agg(a1.attname ORDER BY con.conname) AS fk_cols,
               array_agg(a2.attname ORDER BY con.conname) AS pk_cols
          FROM pg_constraint con
          JOIN pg_class src ON src.oid = con.conrelid
          JOIN pg_class dst ON dst.oid = con.confrelid
          JOIN pg_attribute a1 ON a1.attrelid = con.conrelid AND a1.attnum = con.conkey[1]
          JOIN pg_attribute a2 ON a2.attrelid = con.confrelid AND a2.attnum = con.confkey[1]
         WHERE con.contype = 'f' AND con.connamespace = 'loket'::regnamespace
           AND cardinality(con.conkey) = 1
         GROUP BY src.relname
         ORDER BY src.relname
    LOOP
        -- one scan of the table per check, one outer join per reference
        SELECT string_agg(format(' LEFT JOIN loket.%I p%s ON p%s.%I = c.%I', t.parents[i], i, i, t.pk_cols[i], t.fk_cols[i]), ''),
               string_agg(format('count(*) FILTER (WHERE c.%I IS NOT NULL AND p%s.%I IS NULL)', t.fk_cols[i], i, t.pk_cols[i]), ', ')
          INTO v_joins, v_counts
          FROM generate_series(1, cardinality(t.names)) AS i;
        -- a big parent is probed through its key index, never hashed or sorted whole
        PERFORM set_config('enable_hashjoin', CASE WHEN t.parent_rows > 1000000 THEN 'off' ELSE v_hash END, true),
                set_config('enable_mergejoin', CASE WHEN t.parent_rows > 1000000 THEN 'off' ELSE v_merge END, true);
        EXECUTE format('SELECT ARRAY[%s] FROM loket.%I c%s%s', v_counts, t.child,
                       CASE WHEN t.child_rows > 1000000
                            THEN format(' TABLESAMPLE SYSTEM (%s) REPEATABLE (7)', round((10000000 / t.child_rows)::numeric, 4))
                            ELSE '' END,
                       v_joins)
           INTO v_bad;
        FOR i IN 1 .. cardinality(v_bad) LOOP
            IF v_bad[i] > 0 THEN
                RAISE EXCEPTION 'loket: demo seeder bug: % rows of loket.% break the reference % to loket.%',
                    v_bad[i], t.child, t.names[i], t.parents[i];
            END IF;
        END LOOP;
    END LOOP;
    PERFORM set_config('enable_hashjoin', v_hash, true), set_config('enable_mergejoin', v_merge, true);
END
$check_references$;

-- 14. Done ---------------------------------------------------------------------------

RESET session_replication_role;
-- The triggers that mark kept customer views stale were off too.
SELECT loket.views_changed();
RESET plan_cache_mode;
RESET synchronous_commit;
RESET work_mem;
RESET jit;

DROP TABLE IF EXISTS pg_temp.cs, pg_temp.case_contact, pg_temp.tx, pg_temp.qi, pg_temp.qi2, pg_temp.state_event,
    pg_temp.lot_w_surname, pg_temp.lot_given, pg_temp.lot_street;

SELECT (SELECT count(*) FROM loket.party) AS customers,
       (SELECT count(*) FROM loket.party WHERE kind = 'person') AS persons,
       (SELECT count(*) FROM loket.party WHERE kind = 'organisation') AS organisations,
       (SELECT count(*) FROM loket.interaction) AS interactions,
       (SELECT count(*) FROM loket.note) AS notes,
       (SELECT count(*) FROM loket.case_file) AS cases,
       (SELECT count(*) FROM loket.agreement) AS agreements,
       (SELECT count(*) FROM loket.task) AS tasks,
       (SELECT count(*) FROM loket.agent WHERE active) AS agents,
       round(extract(epoch FROM clock_timestamp() - (SELECT started FROM pg_temp.seed_run))::numeric, 1) AS seconds,
       1::bigint AS heavy_party_id;
