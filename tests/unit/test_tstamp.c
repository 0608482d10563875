/* Unit tests for src/core/tstamp.c */
#include <criterion/criterion.h>

#include "core/tstamp.h"

#include <stdlib.h>
#include <string.h>

TestSuite(tstamp, .timeout = 10);
TestSuite(amsterdam, .timeout = 10);

static void expect_local(const char *in, const char *want)
{
	char out[CORE_TSTAMP_SIZE];
	cr_assert(core_tstamp_amsterdam(in, out, sizeof out), "%s did not convert", in);
	cr_assert_str_eq(out, want, "%s: got %s, want %s", in, out, want);
}

static void expect_refused(const char *in)
{
	char out[CORE_TSTAMP_SIZE] = "untouched";
	long long secs;
	cr_assert_not(core_tstamp_parse(in, &secs), "\"%s\" parsed", in ? in : "(null)");
	cr_assert_not(core_tstamp_amsterdam(in, out, sizeof out), "\"%s\" converted to %s",
	              in ? in : "(null)", out);
	cr_assert_str_eq(out, "", "\"%s\" left \"%s\" in out", in ? in : "(null)", out);
}

Test(amsterdam, utc_in_winter_is_one_hour_later)
{
	expect_local("2026-11-24T18:48:11Z", "2026-11-24T19:48:11+01:00");
	expect_local("2026-01-15T09:00:00z", "2026-01-15T10:00:00+01:00");
}

Test(amsterdam, utc_in_summer_is_two_hours_later)
{
	expect_local("2026-07-01T12:00:00Z", "2026-07-01T14:00:00+02:00");
}

Test(amsterdam, summer_time_starts_at_one_utc_on_the_last_sunday_of_march)
{
	expect_local("2026-03-29T00:30:00Z", "2026-03-29T01:30:00+01:00");
	expect_local("2026-03-29T00:59:59Z", "2026-03-29T01:59:59+01:00");
	expect_local("2026-03-29T01:00:00Z", "2026-03-29T03:00:00+02:00");
	expect_local("2026-03-29T01:30:00Z", "2026-03-29T03:30:00+02:00");
	/* The Sunday before is still winter time. */
	expect_local("2026-03-22T12:00:00Z", "2026-03-22T13:00:00+01:00");
}

Test(amsterdam, summer_time_ends_at_one_utc_on_the_last_sunday_of_october)
{
	/* 02:30 comes twice: first in summer time, then in winter time. */
	expect_local("2026-10-25T00:30:00Z", "2026-10-25T02:30:00+02:00");
	expect_local("2026-10-25T00:59:59Z", "2026-10-25T02:59:59+02:00");
	expect_local("2026-10-25T01:00:00Z", "2026-10-25T02:00:00+01:00");
	expect_local("2026-10-25T01:30:00Z", "2026-10-25T02:30:00+01:00");
}

Test(amsterdam, changes_on_other_years_last_sundays)
{
	/* 2027: 28 March and 31 October; 2031: 30 March and 26 October. */
	expect_local("2027-03-28T01:00:00Z", "2027-03-28T03:00:00+02:00");
	expect_local("2027-10-31T00:59:00Z", "2027-10-31T02:59:00+02:00");
	expect_local("2027-10-31T01:00:00Z", "2027-10-31T02:00:00+01:00");
	expect_local("2031-03-30T00:59:00Z", "2031-03-30T01:59:00+01:00");
	expect_local("2031-10-26T01:00:00Z", "2031-10-26T02:00:00+01:00");
}

Test(amsterdam, summer_ended_in_september_before_1996)
{
	expect_local("1995-09-24T00:59:00Z", "1995-09-24T02:59:00+02:00");
	expect_local("1995-09-24T01:00:00Z", "1995-09-24T02:00:00+01:00");
	expect_local("1995-10-10T12:00:00Z", "1995-10-10T13:00:00+01:00");
	expect_local("1996-10-10T12:00:00Z", "1996-10-10T14:00:00+02:00");
}

Test(amsterdam, had_no_summer_time_before_1977)
{
	expect_local("1976-07-01T12:00:00Z", "1976-07-01T13:00:00+01:00");
	expect_local("1977-07-01T12:00:00Z", "1977-07-01T14:00:00+02:00");
}

Test(amsterdam, offset_is_in_seconds)
{
	long long secs;
	cr_assert(core_tstamp_parse("2026-03-29T00:59:59Z", &secs));
	cr_assert_eq(core_amsterdam_offset(secs), 3600);
	cr_assert_eq(core_amsterdam_offset(secs + 1), 7200);
}

Test(amsterdam, a_time_with_an_offset_is_the_same_instant)
{
	expect_local("2026-11-24T19:48:11+01:00", "2026-11-24T19:48:11+01:00");
	expect_local("2026-11-24T13:48:11-05:00", "2026-11-24T19:48:11+01:00");
	expect_local("2026-11-25T00:18:11+05:30", "2026-11-24T19:48:11+01:00");
	expect_local("2026-11-24T18:48:11-00:00", "2026-11-24T19:48:11+01:00");
	/* Summer time in Amsterdam, whatever offset the sender wrote. */
	expect_local("2026-07-01T14:00:00+02:00", "2026-07-01T14:00:00+02:00");
	expect_local("2026-07-01T13:00:00+01:00", "2026-07-01T14:00:00+02:00");
}

Test(amsterdam, crosses_into_the_next_day_month_and_year)
{
	expect_local("2026-11-24T23:30:00Z", "2026-11-25T00:30:00+01:00");
	expect_local("2028-02-28T23:15:00Z", "2028-02-29T00:15:00+01:00");
	expect_local("2026-12-31T23:00:00Z", "2027-01-01T00:00:00+01:00");
	expect_local("2026-06-30T22:00:00Z", "2026-07-01T00:00:00+02:00");
	/* And back into the day before. */
	expect_local("2026-11-25T00:30:00+05:00", "2026-11-24T20:30:00+01:00");
}

Test(tstamp, ignores_fractional_seconds)
{
	expect_local("2026-11-24T18:48:11.999999Z", "2026-11-24T19:48:11+01:00");
	expect_local("2026-11-24T19:48:11.5+01:00", "2026-11-24T19:48:11+01:00");
}

Test(tstamp, accepts_a_lower_case_t_or_a_space)
{
	expect_local("2026-11-24t18:48:11Z", "2026-11-24T19:48:11+01:00");
	expect_local("2026-11-24 18:48:11Z", "2026-11-24T19:48:11+01:00");
}

Test(tstamp, keeps_a_leap_second_in_its_minute)
{
	expect_local("2016-12-31T23:59:60Z", "2017-01-01T00:59:59+01:00");
}

Test(tstamp, parses_to_seconds_since_1970)
{
	long long secs;
	cr_assert(core_tstamp_parse("1970-01-01T00:00:00Z", &secs));
	cr_assert_eq(secs, 0);
	cr_assert(core_tstamp_parse("1970-01-01T01:00:00+01:00", &secs));
	cr_assert_eq(secs, 0);
	cr_assert(core_tstamp_parse("2026-11-24T18:48:11Z", &secs));
	cr_assert_eq(secs, 1795546091LL);
	cr_assert(core_tstamp_parse("1969-12-31T23:59:59Z", &secs));
	cr_assert_eq(secs, -1);
}

Test(tstamp, refuses_what_is_not_rfc_3339)
{
	expect_refused(NULL);
	expect_refused("");
	expect_refused("gisteren");
	expect_refused("2026-11-24");
	expect_refused("2026-11-24T18:48");
	expect_refused("2026-11-24T18:48Z");
	expect_refused("2026-11-24T18:48:11");      /* no offset: which clock? */
	expect_refused("2026-11-24T18:48:11+01");   /* offset without minutes */
	expect_refused("2026-11-24T18:48:11+0100"); /* offset without colon */
	expect_refused("2026-11-24T18:48:11.Z");
	expect_refused("2026-11-24T18:48:11Z ");
	expect_refused(" 2026-11-24T18:48:11Z");
	expect_refused("2026-11-24T18:48:11Zjunk");
	expect_refused("2026-11-24X18:48:11Z");
	expect_refused("2026/11/24T18:48:11Z");
	expect_refused("26-11-24T18:48:11Z");
	expect_refused("24-11-2026 18:48");
	expect_refused("+2026-11-24T18:48:11Z");
	expect_refused("2026-1-24T18:48:11Z");
	expect_refused("2026-11-24T8:48:11Z");
}

Test(tstamp, refuses_dates_and_times_that_do_not_exist)
{
	expect_refused("2026-02-29T12:00:00Z");
	expect_refused("2026-13-01T12:00:00Z");
	expect_refused("2026-00-10T12:00:00Z");
	expect_refused("2026-04-31T12:00:00Z");
	expect_refused("2026-11-24T24:00:00Z");
	expect_refused("2026-11-24T18:60:00Z");
	expect_refused("2026-11-24T18:48:61Z");
	expect_refused("2026-11-24T18:48:11+24:00");
	expect_refused("2026-11-24T18:48:11+01:60");
	expect_refused("1582-12-31T12:00:00Z");
}

Test(tstamp, refuses_a_local_date_outside_the_calendar)
{
	char out[CORE_TSTAMP_SIZE] = "untouched";
	cr_assert_not(core_tstamp_amsterdam("9999-12-31T23:30:00Z", out, sizeof out));
	cr_assert_str_eq(out, "");
	cr_assert_not(core_tstamp_amsterdam("1583-01-01T00:30:00+05:00", out, sizeof out));
	cr_assert_str_eq(out, "");
	expect_local("9999-12-31T22:30:00Z", "9999-12-31T23:30:00+01:00");
}

Test(tstamp, refuses_a_buffer_too_small)
{
	char out[CORE_TSTAMP_SIZE] = "untouched";
	cr_assert_not(core_tstamp_amsterdam("2026-11-24T18:48:11Z", out, sizeof out - 1));
	cr_assert_str_eq(out, "");
	cr_assert_not(core_tstamp_amsterdam("2026-11-24T18:48:11Z", NULL, 0));
}

Test(tstamp, reads_nothing_past_the_end_of_a_cut_string)
{
	/* Each prefix of a valid time is refused, and ASan sees any read past its end. */
	static const char full[] = "2026-11-24T18:48:11.25+01:00";
	for (size_t n = 0; n < strlen(full); n++) {
		char *cut = strndup(full, n);
		cr_assert_not_null(cut);
		long long secs;
		cr_assert_not(core_tstamp_parse(cut, &secs), "prefix \"%s\" parsed", cut);
		free(cut);
	}
}
