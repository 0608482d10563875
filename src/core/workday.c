/* workday.c — proleptic Gregorian date arithmetic and the Dutch holiday calendar. */
#include "core/workday.h"

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return (m == 2 && is_leap(y)) ? 29 : days[m - 1];
}

bool core_date_valid(int y, int m, int d)
{
	return y >= 1583 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* Howard Hinnant's days_from_civil: exact for the whole proleptic Gregorian calendar. */
long core_date_to_days(struct core_date date)
{
	long y = date.y - (date.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (date.m + 9) % 12; /* March = 0 so the leap day ends the year */
	long doy = (153 * mp + 2) / 5 + date.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct core_date core_date_from_days(long days)
{
	days += 719468;
	long era = (days >= 0 ? days : days - 146096) / 146097;
	long doe = days - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	long y = yoe + era * 400 + (m <= 2);
	return (struct core_date){ .y = (int)y, .m = (int)m, .d = (int)d };
}

struct core_date core_date_add_days(struct core_date date, long n)
{
	return core_date_from_days(core_date_to_days(date) + n);
}

int core_date_weekday(struct core_date date)
{
	long days = core_date_to_days(date);
	/* 1970-01-01 was a Thursday (ISO 4). */
	long w = (days % 7 + 7 + 3) % 7;
	return (int)w + 1;
}

struct core_date core_easter(int y)
{
	/* The "anonymous Gregorian algorithm" (Meeus/Jones/Butcher). */
	int a = y % 19;
	int b = y / 100;
	int c = y % 100;
	int d = b / 4;
	int e = b % 4;
	int f = (b + 8) / 25;
	int g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4;
	int k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int day = (h + l - 7 * m + 114) % 31 + 1;
	return (struct core_date){ .y = y, .m = month, .d = day };
}

/* Tells whether y-m-d is the monarch's birthday holiday of year y (none before 1949). */
static bool is_kings_day(int y, int m, int d)
{
	struct core_date day;
	if (y >= 2014) {
		/* Koningsdag: 27 April, moved back to the 26th when the 27th is a Sunday. */
		day = (struct core_date){ y, 4, 27 };
		if (core_date_weekday(day) == 7)
			day.d = 26;
	} else if (y >= 1949) {
		/* Koninginnedag: 30 April; on a Sunday moved to 1 May until 1980, then to 29 April. */
		day = (struct core_date){ y, 4, 30 };
		if (core_date_weekday(day) == 7)
			day = y < 1980 ? (struct core_date){ y, 5, 1 } : (struct core_date){ y, 4, 29 };
	} else {
		return false;
	}
	return m == day.m && d == day.d;
}

bool core_is_dutch_holiday(int y, int m, int d)
{
	if (!core_date_valid(y, m, d))
		return false;
	if ((m == 1 && d == 1) || (m == 5 && d == 5) || (m == 12 && (d == 25 || d == 26)))
		return true;
	if (is_kings_day(y, m, d))
		return true;
	/* Movable feasts: Good Friday −2, Easter 0 and +1, Ascension +39, Whitsun +49 and +50. */
	long offset = core_date_to_days((struct core_date){ y, m, d }) - core_date_to_days(core_easter(y));
	return offset == -2 || offset == 0 || offset == 1 || offset == 39 || offset == 49 || offset == 50;
}

bool core_is_working_day(int y, int m, int d)
{
	if (!core_date_valid(y, m, d))
		return false;
	return core_date_weekday((struct core_date){ y, m, d }) <= 5 && !core_is_dutch_holiday(y, m, d);
}

int core_working_days_between(struct core_date from, struct core_date to)
{
	if (!core_date_valid(from.y, from.m, from.d) || !core_date_valid(to.y, to.m, to.d))
		return 0;
	long a = core_date_to_days(from);
	long b = core_date_to_days(to);
	int sign = 1;
	if (b < a) {
		long t = a;
		a = b;
		b = t;
		sign = -1;
	}
	/* A day at a time: spans are days or weeks in practice, and holidays make a closed
	 * formula more error-prone than it is worth. */
	int count = 0;
	for (long day = a + 1; day <= b; day++) {
		struct core_date dt = core_date_from_days(day);
		if (core_is_working_day(dt.y, dt.m, dt.d))
			count++;
	}
	return sign * count;
}

struct core_date core_add_working_days(struct core_date date, int n)
{
	if (!core_date_valid(date.y, date.m, date.d))
		return date;
	long day = core_date_to_days(date);
	while (n > 0) {
		struct core_date dt = core_date_from_days(++day);
		if (dt.y > 9999)
			return date; /* off the calendar: no answer rather than an endless loop */
		if (core_is_working_day(dt.y, dt.m, dt.d))
			n--;
	}
	return core_date_from_days(day);
}
