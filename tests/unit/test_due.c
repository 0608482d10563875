/* Unit tests for src/core/due.c */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/due.h"

TestSuite(nl_time, .timeout = 10);
TestSuite(due, .timeout = 10);

/* The instant of a UTC wall-clock time. */
static time_t utc(int y, int m, int d, int hh, int mm)
{
	return (time_t)(core_date_to_days((struct core_date){y, m, d}) * 86400L + hh * 3600L +
	                mm * 60L);
}

/* Saturday 28 November 2026, 21:49 in the Netherlands. */
static time_t saturday_evening(void)
{
	return utc(2026, 11, 28, 20, 49);
}

static void expect_nl(time_t t, int y, int m, int d, int hh, int mm, int offset)
{
	struct core_nl_time n = core_nl_time_of(t);
	cr_assert(n.date.y == y && n.date.m == m && n.date.d == d && n.hh == hh && n.mm == mm &&
	              n.utc_offset == offset,
	          "got %04d-%02d-%02d %02d:%02d (%+d), want %04d-%02d-%02d %02d:%02d (%+d)",
	          n.date.y, n.date.m, n.date.d, n.hh, n.mm, n.utc_offset, y, m, d, hh, mm, offset);
}

/* Parses `in` at `now` and expects it accepted as `want`. */
static void expect_due(const char *in, time_t now, const char *want)
{
	char iso[40] = "", err[256] = "";
	bool ok = core_due_parse(in, now, iso, sizeof iso, err, sizeof err);
	cr_assert(ok, "\"%s\" refused: %s", in, err);
	cr_assert_str_eq(iso, want, "\"%s\"", in);
}

/* Parses `in` at `now` and expects it refused with a message holding `says` (and what was
 * typed); nothing is written as the due date. */
static void expect_refused(const char *in, time_t now, const char *says)
{
	char iso[40] = "", err[256] = "";
	bool ok = core_due_parse(in, now, iso, sizeof iso, err, sizeof err);
	cr_assert_not(ok, "\"%s\" accepted as %s", in, iso);
	cr_assert_str_eq(iso, "", "\"%s\" wrote a due date on refusal", in);
	cr_assert(strstr(err, says), "\"%s\": message \"%s\" lacks \"%s\"", in, err, says);
}

/* Dutch time ---------------------------------------------------------------- */

Test(nl_time, winter_is_utc_plus_one)
{
	expect_nl(utc(2026, 1, 15, 12, 0), 2026, 1, 15, 13, 0, 3600);
	expect_nl(utc(2026, 11, 28, 20, 49), 2026, 11, 28, 21, 49, 3600);
}

Test(nl_time, summer_is_utc_plus_two)
{
	expect_nl(utc(2026, 7, 3, 7, 30), 2026, 7, 3, 9, 30, 7200);
}

Test(nl_time, summer_time_starts_at_one_utc_on_the_last_sunday_of_march)
{
	expect_nl(utc(2026, 3, 29, 0, 59), 2026, 3, 29, 1, 59, 3600);
	expect_nl(utc(2026, 3, 29, 1, 0), 2026, 3, 29, 3, 0, 7200);
	expect_nl(utc(2027, 3, 28, 1, 0), 2027, 3, 28, 3, 0, 7200);
	expect_nl(utc(2027, 3, 27, 12, 0), 2027, 3, 27, 13, 0, 3600);
}

Test(nl_time, summer_time_ends_at_one_utc_on_the_last_sunday_of_october)
{
	expect_nl(utc(2026, 10, 25, 0, 59), 2026, 10, 25, 2, 59, 7200);
	expect_nl(utc(2026, 10, 25, 1, 0), 2026, 10, 25, 2, 0, 3600);
	expect_nl(utc(2027, 10, 31, 1, 0), 2027, 10, 31, 2, 0, 3600);
}

Test(nl_time, the_dutch_date_turns_an_hour_before_the_utc_date)
{
	expect_nl(utc(2026, 12, 31, 23, 30), 2027, 1, 1, 0, 30, 3600);
	expect_nl(utc(2026, 6, 30, 22, 30), 2026, 7, 1, 0, 30, 7200);
}

Test(nl_time, the_hour_skipped_in_march_has_no_instant)
{
	time_t t = 42;
	cr_assert_eq(core_nl_instant((struct core_date){2026, 3, 29}, 2, 30, &t), CORE_NL_SKIPPED);
	cr_assert_eq(core_nl_instant((struct core_date){2026, 3, 29}, 2, 0, &t), CORE_NL_SKIPPED);
	cr_assert_eq(t, 42, "a skipped time wrote an instant");
	cr_assert_eq(core_nl_instant((struct core_date){2026, 3, 29}, 1, 59, &t), CORE_NL_EXACT);
	cr_assert_eq(t, utc(2026, 3, 29, 0, 59));
	cr_assert_eq(core_nl_instant((struct core_date){2026, 3, 29}, 3, 0, &t), CORE_NL_EXACT);
	cr_assert_eq(t, utc(2026, 3, 29, 1, 0));
}

Test(nl_time, the_hour_repeated_in_october_is_taken_in_summer_time)
{
	time_t t = 0;
	cr_assert_eq(core_nl_instant((struct core_date){2026, 10, 25}, 2, 30, &t),
	             CORE_NL_REPEATED);
	cr_assert_eq(t, utc(2026, 10, 25, 0, 30));
	cr_assert_eq(core_nl_instant((struct core_date){2026, 10, 25}, 2, 0, &t), CORE_NL_REPEATED);
	cr_assert_eq(t, utc(2026, 10, 25, 0, 0));
	cr_assert_eq(core_nl_instant((struct core_date){2026, 10, 25}, 3, 0, &t), CORE_NL_EXACT);
	cr_assert_eq(t, utc(2026, 10, 25, 2, 0));
	cr_assert_eq(core_nl_instant((struct core_date){2026, 10, 25}, 1, 59, &t), CORE_NL_EXACT);
	cr_assert_eq(t, utc(2026, 10, 24, 23, 59));
}

/* The forms ------------------------------------------------------------------- */

Test(due, a_date_alone_is_due_at_17_00_dutch_time)
{
	expect_due("03-03-2027", saturday_evening(), "2027-03-03T17:00:00+01:00");
	expect_due("1-3-2027", saturday_evening(), "2027-03-01T17:00:00+01:00");
	expect_due("  03-03-2027  ", saturday_evening(), "2027-03-03T17:00:00+01:00");
}

Test(due, a_date_and_time_are_taken_as_typed_with_the_dutch_offset)
{
	expect_due("03-03-2027 09:30", saturday_evening(), "2027-03-03T09:30:00+01:00");
	expect_due("03-07-2027 9:30", saturday_evening(), "2027-07-03T09:30:00+02:00");
	expect_due("31-12-2026 23:59", saturday_evening(), "2026-12-31T23:59:00+01:00");
	expect_due("01-01-2027 00:00", saturday_evening(), "2027-01-01T00:00:00+01:00");
}

Test(due, plus_n_is_n_calendar_days_after_today_at_17_00)
{
	expect_due("+1", saturday_evening(), "2026-11-29T17:00:00+01:00");
	expect_due("+7", saturday_evening(), "2026-12-05T17:00:00+01:00");
	expect_due("+7 days", saturday_evening(), "2026-12-05T17:00:00+01:00");
	expect_due("+1 day", saturday_evening(), "2026-11-29T17:00:00+01:00");
	expect_due("+7 dagen", saturday_evening(), "2026-12-05T17:00:00+01:00");
	expect_due("+7d", saturday_evening(), "2026-12-05T17:00:00+01:00");
	expect_due("+0", utc(2026, 11, 28, 8, 0), "2026-11-28T17:00:00+01:00");
}

Test(due, plus_n_across_the_change_to_summer_time_keeps_17_00)
{
	/* Friday 27 March 2026, 10:00: Sunday is the first day of summer time. */
	expect_due("+3", utc(2026, 3, 27, 9, 0), "2026-03-30T17:00:00+02:00");
}

Test(due, plus_n_counts_from_the_dutch_date_not_the_utc_date)
{
	/* 23:30 UTC on Saturday is already 00:30 on Sunday in the Netherlands. */
	time_t t = utc(2026, 11, 28, 23, 30);
	expect_due("+0", t, "2026-11-29T17:00:00+01:00");
	expect_due("+1", t, "2026-11-30T17:00:00+01:00");
}

Test(due, other_forms_are_refused_naming_what_was_typed_and_the_forms)
{
	const char *bad[] = {"",
	                     "tomorrow",
	                     "7",
	                     "+",
	                     "+ 7",
	                     "+7 weeks",
	                     "-1",
	                     "03-03-27",
	                     "03/03/2027",
	                     "03-03-2027 17",
	                     "2027-03-03",
	                     "03-03-2027 17:00 x",
	                     "03-03-2027 17.00",
	                     "003-03-2027",
	                     "03-03-20270",
	                     NULL};
	for (int i = 0; bad[i]; i++) {
		expect_refused(bad[i], saturday_evening(), "dd-mm-yyyy [hh:mm] or +N days");
		char quoted[64];
		snprintf(quoted, sizeof quoted, "\"%s\"", bad[i]);
		expect_refused(bad[i], saturday_evening(), quoted);
	}
}

/* Impossible dates and times ------------------------------------------------- */

Test(due, 31_february_is_refused_not_rolled_into_march)
{
	expect_refused("31-02-2027", saturday_evening(),
	               "\"31-02-2027\": February 2027 has 28 days");
	expect_refused("31-02-2027", saturday_evening(), "dd-mm-yyyy [hh:mm] or +N days");
	expect_refused("30-02-2028 10:00", saturday_evening(), "February 2028 has 29 days");
}

Test(due, 31_april_is_refused_not_rolled_into_may)
{
	expect_refused("31-04-2027 09:30", saturday_evening(),
	               "\"31-04-2027 09:30\": April 2027 has 30 days");
	expect_refused("31-06-2027", saturday_evening(), "June 2027 has 30 days");
	expect_refused("31-09-2027", saturday_evening(), "September 2027 has 30 days");
	expect_refused("31-11-2027", saturday_evening(), "November 2027 has 30 days");
}

Test(due, 29_february_only_in_leap_years)
{
	expect_refused("29-02-2027", saturday_evening(), "February 2027 has 28 days");
	expect_due("29-02-2028", saturday_evening(), "2028-02-29T17:00:00+01:00");
	/* Centuries are leap years only when divisible by 400. */
	expect_refused("29-02-2100", utc(2099, 6, 1, 12, 0), "February 2100 has 28 days");
	expect_due("29-02-2000", utc(1999, 6, 1, 12, 0), "2000-02-29T17:00:00+01:00");
}

Test(due, day_0_and_month_13_are_refused)
{
	expect_refused("00-03-2027", saturday_evening(), "there is no day 0");
	expect_refused("03-13-2027", saturday_evening(), "there is no month 13");
	expect_refused("03-00-2027", saturday_evening(), "there is no month 0");
}

Test(due, hour_24_and_minute_60_are_refused)
{
	expect_refused("03-03-2027 24:00", saturday_evening(),
	               "\"03-03-2027 24:00\": 24:00 is not a time of day");
	expect_refused("03-03-2027 17:60", saturday_evening(), "17:60 is not a time of day");
	expect_refused("03-03-2027 99:99", saturday_evening(), "dd-mm-yyyy [hh:mm] or +N days");
}

/* Summer time ----------------------------------------------------------------- */

Test(due, the_hour_skipped_when_summer_time_starts_is_refused)
{
	time_t jan = utc(2026, 1, 15, 9, 0);
	expect_refused("29-03-2026 02:30", jan,
	               "\"29-03-2026 02:30\" does not exist in Dutch time");
	expect_refused("29-03-2026 02:00", jan, "the clocks go from 02:00 to 03:00");
	expect_due("29-03-2026 01:59", jan, "2026-03-29T01:59:00+01:00");
	expect_due("29-03-2026 03:00", jan, "2026-03-29T03:00:00+02:00");
}

Test(due, the_hour_repeated_when_summer_time_ends_is_taken_the_first_time)
{
	time_t jan = utc(2026, 1, 15, 9, 0);
	expect_due("25-10-2026 02:30", jan, "2026-10-25T02:30:00+02:00");
	expect_due("25-10-2026 03:00", jan, "2026-10-25T03:00:00+01:00");
	expect_due("25-10-2026 01:59", jan, "2026-10-25T01:59:00+02:00");
}

/* The past and the far future ----------------------------------------------------- */

Test(due, a_moment_in_the_past_is_refused)
{
	expect_refused("01-03-2026 17:00", saturday_evening(), "\"01-03-2026 17:00\" has passed");
	expect_refused("01-03-2026 17:00", saturday_evening(), "it is 28-11-2026 21:49");
	expect_refused("31-12-2025", saturday_evening(), "has passed");
	expect_refused("28-11-2026 21:49", saturday_evening(), "has passed");
	expect_due("28-11-2026 21:50", saturday_evening(), "2026-11-28T21:50:00+01:00");
}

Test(due, today_without_a_time_after_17_00_says_the_default_time_has_passed)
{
	expect_refused("28-11-2026", saturday_evening(), "\"28-11-2026\" means 17:00 that day");
	expect_refused("28-11-2026", saturday_evening(), "which has passed");
	expect_due("28-11-2026", utc(2026, 11, 28, 15, 59), "2026-11-28T17:00:00+01:00");
}

Test(due, plus_0_after_17_00_says_today_17_00_has_passed)
{
	expect_refused("+0", saturday_evening(), "\"+0\" is today at 17:00, which has passed");
	expect_refused("+0", saturday_evening(), "it is 21:49");
	expect_refused("+0", saturday_evening(), "use +1");
	expect_refused("+0 days", utc(2026, 11, 28, 16, 0), "has passed");
}

Test(due, more_than_ten_years_ahead_is_refused)
{
	expect_due("+3660", saturday_evening(), "2036-12-05T17:00:00+01:00");
	expect_refused("+3661", saturday_evening(), "more than ten years ahead");
	expect_refused("03-03-2062", saturday_evening(), "\"03-03-2062\" is more than ten years");
}

Test(due, a_long_entry_is_quoted_short)
{
	char iso[40] = "", err[256] = "";
	const char *in = "not a date at all, but a whole sentence that an agent typed by mistake";
	cr_assert_not(core_due_parse(in, saturday_evening(), iso, sizeof iso, err, sizeof err));
	cr_assert(strstr(err, "\"not a date at all, but a whole sentence …\""), "%s", err);
}

/* The workstation's time zone ----------------------------------------------------- */

/* Every case of the time zone tests, with what it must give at saturday_evening(). */
static const struct {
	const char *in, *want;
} tz_cases[] = {
    {"03-03-2027 17:00", "2027-03-03T17:00:00+01:00"},
    {"03-07-2027 17:00", "2027-07-03T17:00:00+02:00"},
    {"28-11-2026 23:30", "2026-11-28T23:30:00+01:00"},
    {"+1", "2026-11-29T17:00:00+01:00"},
    {"+180", "2027-05-27T17:00:00+02:00"},
    {"25-10-2027 02:30", "2027-10-25T02:30:00+02:00"},
    {"31-10-2027 02:30", "2027-10-31T02:30:00+02:00"},
    {"01-11-2027 02:30", "2027-11-01T02:30:00+01:00"},
};

static void expect_same_in(const char *tz)
{
	const char *old = getenv("TZ");
	char *saved = old ? strdup(old) : NULL;
	cr_assert_eq(setenv("TZ", tz, 1), 0);
	tzset();
	for (size_t i = 0; i < sizeof tz_cases / sizeof tz_cases[0]; i++) {
		char iso[40] = "", err[256] = "";
		bool ok = core_due_parse(tz_cases[i].in, saturday_evening(), iso, sizeof iso, err,
		                         sizeof err);
		cr_assert(ok && strcmp(iso, tz_cases[i].want) == 0,
		          "TZ=%s: \"%s\" gave %s%s, want %s", tz, tz_cases[i].in,
		          ok ? iso : "refusal: ", ok ? "" : err, tz_cases[i].want);
	}
	/* +0 after 17:00 Dutch time is refused, even where it is still morning. */
	char iso[40] = "", err[256] = "";
	cr_assert_not(core_due_parse("+0", saturday_evening(), iso, sizeof iso, err, sizeof err),
	              "TZ=%s: +0 at 21:49 Dutch time accepted as %s", tz, iso);
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
}

Test(due, is_the_same_with_tz_europe_amsterdam)
{
	expect_same_in("Europe/Amsterdam");
}

Test(due, is_the_same_with_tz_utc)
{
	expect_same_in("UTC");
}

Test(due, is_the_same_with_tz_america_new_york)
{
	expect_same_in("America/New_York");
}

/* Reading a stored due date back --------------------------------------------------- */

Test(due, instant_reads_what_parse_writes)
{
	time_t t = 0;
	cr_assert(core_due_instant("2027-03-03T17:00:00+01:00", &t));
	cr_assert_eq(t, utc(2027, 3, 3, 16, 0));
	cr_assert(core_due_instant("2027-07-03T09:30:00+02:00", &t));
	cr_assert_eq(t, utc(2027, 7, 3, 7, 30));
}

Test(due, instant_reads_other_iso_offsets)
{
	time_t t = 0;
	cr_assert(core_due_instant("2026-03-03T17:00:00+0100", &t));
	cr_assert_eq(t, utc(2026, 3, 3, 16, 0));
	cr_assert(core_due_instant("2026-03-03 17:00:00+01", &t));
	cr_assert_eq(t, utc(2026, 3, 3, 16, 0));
	cr_assert(core_due_instant("2026-03-03T16:00Z", &t));
	cr_assert_eq(t, utc(2026, 3, 3, 16, 0));
	cr_assert(core_due_instant("2026-03-03T12:00:00.250-04:00", &t));
	cr_assert_eq(t, utc(2026, 3, 3, 16, 0));
}

Test(due, instant_refuses_what_is_not_a_timestamp_with_offset)
{
	time_t t = 7;
	const char *bad[] = {"",
	                     "2026-03-03",
	                     "2026-03-03T17:00",
	                     "2026-02-31T17:00:00+01:00",
	                     "2026-03-03T24:00:00+01:00",
	                     "2026-03-03T17:00:00+01:00x",
	                     "03-03-2026 17:00",
	                     NULL};
	for (int i = 0; bad[i]; i++)
		cr_assert_not(core_due_instant(bad[i], &t), "\"%s\" read as an instant", bad[i]);
	cr_assert_not(core_due_instant(NULL, &t));
	cr_assert_eq(t, 7);
}

Test(due, passed_at_and_after_its_moment_and_when_unreadable)
{
	time_t t;
	cr_assert(core_due_instant("2026-03-03T17:00:00+01:00", &t));
	cr_expect_not(core_due_passed("2026-03-03T17:00:00+01:00", t - 1));
	cr_expect(core_due_passed("2026-03-03T17:00:00+01:00", t));
	cr_expect(core_due_passed("2026-03-03T17:00:00+01:00", t + 1));
	cr_expect(core_due_passed("morgen", t - 86400));
	cr_expect(core_due_passed(NULL, t - 86400));
}
