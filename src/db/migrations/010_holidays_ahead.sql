-- 010: Dutch public holidays from 2000 to 2099.
--
-- 001 held the holidays of 2025 to 2030 only. A deadline in 2031 would have
-- counted its holidays as working days, and so would a case from before
-- 2025 that is still open: the alerts (a deadline within 5 working days,
-- a deadline passed so many working days ago) would have been wrong
-- without a word. The same rules, for every year from 2000 to 2099:
-- Koninginnedag on 30 April until 2013 (29 April when the 30th is a
-- Sunday), Koningsdag on 27 April from 2014 (26 April when the 27th is a
-- Sunday). Days already in the table stay as they are: an operator may
-- have changed or added some (the table is theirs to keep).

SET LOCAL ROLE loket_owner;

INSERT INTO loket.holiday (day, name_nl, name_en)
SELECT d, n_nl, n_en FROM generate_series(2000, 2099) AS y,
LATERAL (VALUES
    (make_date(y, 1, 1),           'Nieuwjaarsdag',        'New Year''s Day'),
    (loket.easter(y) - 2,          'Goede Vrijdag',        'Good Friday'),
    (loket.easter(y),              'Eerste Paasdag',       'Easter Sunday'),
    (loket.easter(y) + 1,          'Tweede Paasdag',       'Easter Monday'),
    (CASE WHEN y < 2014 THEN
              CASE WHEN extract(isodow FROM make_date(y, 4, 30)) = 7
                   THEN make_date(y, 4, 29) ELSE make_date(y, 4, 30) END
          WHEN extract(isodow FROM make_date(y, 4, 27)) = 7
              THEN make_date(y, 4, 26) ELSE make_date(y, 4, 27) END,
          CASE WHEN y < 2014 THEN 'Koninginnedag' ELSE 'Koningsdag' END,
          CASE WHEN y < 2014 THEN 'Queen''s Day' ELSE 'King''s Day' END),
    (make_date(y, 5, 5),           'Bevrijdingsdag',       'Liberation Day'),
    (loket.easter(y) + 39,         'Hemelvaartsdag',       'Ascension Day'),
    (loket.easter(y) + 49,         'Eerste Pinksterdag',   'Whit Sunday'),
    (loket.easter(y) + 50,         'Tweede Pinksterdag',   'Whit Monday'),
    (make_date(y, 12, 25),         'Eerste Kerstdag',      'Christmas Day'),
    (make_date(y, 12, 26),         'Tweede Kerstdag',      'Boxing Day')
) AS h(d, n_nl, n_en)
ON CONFLICT (day) DO NOTHING;
