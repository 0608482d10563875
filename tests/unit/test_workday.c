/* Unit tests for src/core/workday.c */
#include <criterion/criterion.h>

#include "core/workday.h"

TestSuite(easter, .timeout = 10);
TestSuite(holiday, .timeout = 10);
TestSuite(workday, .timeout = 10);
TestSuite(date, .timeout = 10);

static void expect_easter(int y, int m, int d)
{
	struct core_date e = core_easter(y);
	cr_assert(e.y == y && e.m == m && e.d == d, "Easter %d: got %d-%02d-%02d, want %d-%02d-%02d",
	          y, e.y, e.m, e.d, y, m, d);
}

static struct core_date D(int y, int m, int d)
{
	return (struct core_date){ y, m, d };
}

Test(easter, is_5_april_2026)
{
	expect_easter(2026, 4, 5);
}

Test(easter, is_28_march_2027)
{
	expect_easter(2027, 3, 28);
}

Test(easter, matches_known_dates)
{
	expect_easter(2000, 4, 23);
	expect_easter(2019, 4, 21);
	expect_easter(2024, 3, 31);
	expect_easter(2025, 4, 20);
	expect_easter(2028, 4, 16);
	expect_easter(2030, 4, 21);
	expect_easter(1961, 4, 2);
}

Test(easter, reaches_earliest_and_latest_possible_dates)
{
	expect_easter(1818, 3, 22);
	expect_easter(2285, 3, 22);
	expect_easter(1943, 4, 25);
	expect_easter(2038, 4, 25);
}

Test(easter, always_falls_on_a_sunday_between_22_march_and_25_april)
{
	for (int y = 1583; y <= 4099; y++) {
		struct core_date e = core_easter(y);
		cr_assert_eq(core_date_weekday(e), 7, "%d", y);
		cr_assert((e.m == 3 && e.d >= 22) || (e.m == 4 && e.d <= 25), "%d", y);
	}
}

Test(holiday, koningsdag_2025_is_26_april_because_27_is_sunday)
{
	cr_assert(core_is_dutch_holiday(2025, 4, 26));
	cr_assert_not(core_is_dutch_holiday(2025, 4, 27));
}

Test(holiday, koningsdag_is_27_april_otherwise)
{
	cr_assert(core_is_dutch_holiday(2026, 4, 27));
	cr_assert_not(core_is_dutch_holiday(2026, 4, 26));
	cr_assert(core_is_dutch_holiday(2014, 4, 26)); /* 27 April 2014 was a Sunday */
}

Test(holiday, koninginnedag_before_2014_was_30_april)
{
	cr_assert(core_is_dutch_holiday(2013, 4, 30));
	cr_assert_not(core_is_dutch_holiday(2013, 4, 27));
	cr_assert(core_is_dutch_holiday(2006, 4, 29)); /* 30 April 2006 was a Sunday */
}

Test(holiday, fixed_dates_every_year)
{
	for (int y = 2020; y <= 2035; y++) {
		cr_assert(core_is_dutch_holiday(y, 1, 1), "%d", y);
		cr_assert(core_is_dutch_holiday(y, 5, 5), "%d Bevrijdingsdag", y);
		cr_assert(core_is_dutch_holiday(y, 12, 25), "%d", y);
		cr_assert(core_is_dutch_holiday(y, 12, 26), "%d", y);
		cr_assert_not(core_is_dutch_holiday(y, 12, 24), "%d", y);
		cr_assert_not(core_is_dutch_holiday(y, 12, 31), "%d", y);
	}
}

Test(holiday, movable_feasts_of_2026)
{
	cr_assert(core_is_dutch_holiday(2026, 4, 3));   /* Goede Vrijdag */
	cr_assert(core_is_dutch_holiday(2026, 4, 5));   /* Eerste Paasdag */
	cr_assert(core_is_dutch_holiday(2026, 4, 6));   /* Tweede Paasdag */
	cr_assert(core_is_dutch_holiday(2026, 5, 14));  /* Hemelvaartsdag */
	cr_assert(core_is_dutch_holiday(2026, 5, 24));  /* Eerste Pinksterdag */
	cr_assert(core_is_dutch_holiday(2026, 5, 25));  /* Tweede Pinksterdag */
	cr_assert_not(core_is_dutch_holiday(2026, 4, 4));  /* Holy Saturday */
	cr_assert_not(core_is_dutch_holiday(2026, 4, 7));
	cr_assert_not(core_is_dutch_holiday(2026, 5, 15));
	cr_assert_not(core_is_dutch_holiday(2026, 5, 26));
}

Test(holiday, movable_feasts_cross_month_boundary_in_2027)
{
	cr_assert(core_is_dutch_holiday(2027, 3, 26));  /* Goede Vrijdag */
	cr_assert(core_is_dutch_holiday(2027, 3, 29));  /* Tweede Paasdag */
	cr_assert(core_is_dutch_holiday(2027, 5, 6));   /* Hemelvaartsdag */
	cr_assert(core_is_dutch_holiday(2027, 5, 16));
	cr_assert(core_is_dutch_holiday(2027, 5, 17));
}

Test(holiday, counts_eleven_distinct_days_in_2026)
{
	int count = 0;
	for (int m = 1; m <= 12; m++)
		for (int d = 1; d <= 31; d++)
			count += core_is_dutch_holiday(2026, m, d);
	cr_assert_eq(count, 11);
}

Test(holiday, rejects_invalid_dates)
{
	cr_assert_not(core_is_dutch_holiday(2026, 2, 30));
	cr_assert_not(core_is_dutch_holiday(2026, 13, 1));
	cr_assert_not(core_is_dutch_holiday(2026, 0, 1));
}

Test(workday, weekdays_are_working_days_weekends_are_not)
{
	cr_assert(core_is_working_day(2026, 3, 2));      /* Monday */
	cr_assert(core_is_working_day(2026, 3, 6));      /* Friday */
	cr_assert_not(core_is_working_day(2026, 3, 7));  /* Saturday */
	cr_assert_not(core_is_working_day(2026, 3, 8));  /* Sunday */
}

Test(workday, holidays_on_weekdays_are_not_working_days)
{
	cr_assert_not(core_is_working_day(2026, 4, 6));  /* Easter Monday */
	cr_assert_not(core_is_working_day(2026, 4, 27)); /* Koningsdag, a Monday */
	cr_assert_not(core_is_working_day(2026, 5, 5));  /* Bevrijdingsdag, a Tuesday */
	cr_assert_not(core_is_working_day(2026, 1, 1));
}

Test(workday, invalid_dates_are_not_working_days)
{
	cr_assert_not(core_is_working_day(2025, 2, 29));
	cr_assert_not(core_is_working_day(2026, 4, 31));
}

Test(workday, counts_days_after_start_up_to_and_including_end)
{
	/* Friday 6 March 2026 → Tuesday 10 March: Monday and Tuesday. */
	cr_assert_eq(core_working_days_between(D(2026, 3, 6), D(2026, 3, 10)), 2);
	cr_assert_eq(core_working_days_between(D(2026, 3, 2), D(2026, 3, 9)), 5);
}

Test(workday, skips_easter_weekend)
{
	/* Thursday 2 April → Tuesday 7 April 2026: Good Friday and Easter Monday are off. */
	cr_assert_eq(core_working_days_between(D(2026, 4, 2), D(2026, 4, 7)), 1);
}

Test(workday, is_zero_for_same_day_and_invalid_dates)
{
	cr_assert_eq(core_working_days_between(D(2026, 3, 4), D(2026, 3, 4)), 0);
	cr_assert_eq(core_working_days_between(D(2026, 2, 30), D(2026, 3, 4)), 0);
}

Test(workday, is_negative_when_end_precedes_start)
{
	cr_assert_eq(core_working_days_between(D(2026, 3, 10), D(2026, 3, 6)), -2);
}

Test(workday, counts_a_whole_year)
{
	/* 2026 has 261 weekdays; 8 holidays fall on weekdays (24 May Whit Sunday and
	 * 5 April Easter Sunday do not; 5 May is a Tuesday, Christmas Fri/Sat). */
	int n = core_working_days_between(D(2025, 12, 31), D(2026, 12, 31));
	int weekdays = 0, holidays_on_weekdays = 0;
	for (long day = core_date_to_days(D(2026, 1, 1)); day <= core_date_to_days(D(2026, 12, 31)); day++) {
		struct core_date dt = core_date_from_days(day);
		if (core_date_weekday(dt) <= 5) {
			weekdays++;
			holidays_on_weekdays += core_is_dutch_holiday(dt.y, dt.m, dt.d);
		}
	}
	cr_assert_eq(weekdays, 261);
	cr_assert_eq(n, weekdays - holidays_on_weekdays);
	cr_assert_eq(n, 261 - 8);
}

Test(workday, adds_working_days_for_deadlines)
{
	struct core_date due = core_add_working_days(D(2026, 4, 2), 2); /* Thursday before Easter */
	cr_assert(due.y == 2026 && due.m == 4 && due.d == 8, "got %d-%d-%d", due.y, due.m, due.d);
	due = core_add_working_days(D(2026, 3, 7), 0);
	cr_assert(due.m == 3 && due.d == 7);
	due = core_add_working_days(D(2026, 12, 24), 1); /* Thursday; 25/26 Dec and the weekend */
	cr_assert(due.y == 2026 && due.m == 12 && due.d == 28, "got %d-%d-%d", due.y, due.m, due.d);
}

Test(workday, adding_past_the_calendar_end_returns_the_start)
{
	struct core_date due = core_add_working_days(D(9999, 12, 31), 5);
	cr_assert(due.y == 9999 && due.m == 12 && due.d == 31);
}

Test(date, validates_leap_years)
{
	cr_assert(core_date_valid(2024, 2, 29));
	cr_assert(core_date_valid(2000, 2, 29));
	cr_assert_not(core_date_valid(1900, 2, 29));
	cr_assert_not(core_date_valid(2026, 2, 29));
	cr_assert_not(core_date_valid(2026, 4, 31));
	cr_assert_not(core_date_valid(1582, 12, 31));
	cr_assert_not(core_date_valid(10000, 1, 1));
}

Test(date, converts_days_both_ways)
{
	cr_assert_eq(core_date_to_days(D(1970, 1, 1)), 0);
	cr_assert_eq(core_date_to_days(D(2000, 3, 1)), 11017);
	cr_assert_eq(core_date_to_days(D(1969, 12, 31)), -1);
	for (long day = -140000; day <= 2900000; day += 7) { /* 1586 … 9909 */
		struct core_date dt = core_date_from_days(day);
		cr_assert(core_date_valid(dt.y, dt.m, dt.d));
		cr_assert_eq(core_date_to_days(dt), day);
	}
}

Test(date, knows_weekdays)
{
	cr_assert_eq(core_date_weekday(D(1970, 1, 1)), 4);  /* Thursday */
	cr_assert_eq(core_date_weekday(D(2026, 4, 5)), 7);  /* Easter Sunday */
	cr_assert_eq(core_date_weekday(D(2026, 4, 6)), 1);
	cr_assert_eq(core_date_weekday(D(1961, 3, 12)), 7);
	cr_assert_eq(core_date_weekday(D(1600, 1, 1)), 6);
}

Test(date, adds_days_across_years)
{
	struct core_date dt = core_date_add_days(D(2024, 12, 31), 60);
	cr_assert(dt.y == 2025 && dt.m == 3 && dt.d == 1);
	dt = core_date_add_days(D(2024, 3, 1), -1);
	cr_assert(dt.y == 2024 && dt.m == 2 && dt.d == 29);
}
