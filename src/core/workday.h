/* workday.h — calendar dates, Dutch public holidays and working days (no time zones:
 * callers turn instants into Europe/Amsterdam dates first). */
#ifndef CORE_WORKDAY_H
#define CORE_WORKDAY_H

#include <stdbool.h>

struct core_date {
	int y, m, d;
};

/* Tells whether y-m-d is a real Gregorian date in years 1583..9999. */
bool core_date_valid(int y, int m, int d);

/* Returns the number of days since 1970-01-01 (negative before); date must be valid. */
long core_date_to_days(struct core_date date);

/* Returns the date that lies days after 1970-01-01. */
struct core_date core_date_from_days(long days);

/* Returns the date n days after (n < 0: before) date. */
struct core_date core_date_add_days(struct core_date date, long n);

/* Returns the ISO weekday of a valid date: 1 = Monday … 7 = Sunday. */
int core_date_weekday(struct core_date date);

/* Returns Easter Sunday of year y (Gregorian, anonymous algorithm). */
struct core_date core_easter(int y);

/* Tells whether y-m-d is a Dutch public holiday: Nieuwjaarsdag, Goede Vrijdag, both Easter
 * days, Koningsdag (Koninginnedag before 2014), Bevrijdingsdag (every year), Hemelvaartsdag,
 * both Whitsun days and both Christmas days. False for an invalid date. */
bool core_is_dutch_holiday(int y, int m, int d);

/* Tells whether y-m-d is a Monday–Friday that is not a Dutch public holiday. */
bool core_is_working_day(int y, int m, int d);

/* Counts the working days after from up to and including to ("answered within 2 working
 * days": Friday → Tuesday is 2); negative when to lies before from, 0 for equal or invalid dates. */
int core_working_days_between(struct core_date from, struct core_date to);

/* Returns the n-th working day after date (n ≥ 0; n = 0 gives date itself): the deadline of
 * a norm of n working days. An invalid date, or a result past 9999, gives date unchanged. */
struct core_date core_add_working_days(struct core_date date, int n);

#endif
