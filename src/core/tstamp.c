/* tstamp.c — RFC 3339 instants and the Europe/Amsterdam clock. */
#include "core/tstamp.h"

#include "core/workday.h"

#include <stdio.h>

#define DAY 86400LL
#define HOUR 3600
#define DAYS_1977 2557L    /* 1977-01-01 */
#define DAYS_9999 2932896L /* 9999-12-31 */

/* Reads exactly n digits at p into *v; stops at the first non-digit, so never reads past a NUL. */
static bool digits(const char *p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		*v = *v * 10 + (p[i] - '0');
	}
	return true;
}

static long long floor_div(long long a, long long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

bool core_tstamp_parse(const char *s, long long *secs)
{
	int y, mo, d, hh, mi, ss, oh = 0, om = 0, sign = 0;
	if (!s || !secs)
		return false;
	if (!(digits(s, 4, &y) && s[4] == '-' && digits(s + 5, 2, &mo) && s[7] == '-' &&
	      digits(s + 8, 2, &d)))
		return false;
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return false;
	const char *p = s + 11;
	if (!(digits(p, 2, &hh) && p[2] == ':' && digits(p + 3, 2, &mi) && p[5] == ':' &&
	      digits(p + 6, 2, &ss)))
		return false;
	p += 8;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return false;
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		if (!(digits(p + 1, 2, &oh) && p[3] == ':' && digits(p + 4, 2, &om)))
			return false;
		p += 6;
	} else {
		return false;
	}
	if (*p != '\0' || !core_date_valid(y, mo, d) || hh > 23 || mi > 59 || ss > 60 || oh > 23 ||
	    om > 59)
		return false;
	if (ss == 60)
		ss = 59;
	long long days = core_date_to_days((struct core_date){.y = y, .m = mo, .d = d});
	*secs = days * DAY + hh * HOUR + mi * 60 + ss - sign * (oh * HOUR + om * 60);
	return true;
}

/* Days since 1970-01-01 of the last Sunday on or before y-m-d. */
static long sunday_on_or_before(int y, int m, int d)
{
	struct core_date date = {.y = y, .m = m, .d = d};
	return core_date_to_days(date) - core_date_weekday(date) % 7;
}

int core_amsterdam_offset(long long secs)
{
	/* No summer time before 1977; no calendar dates after 9999. */
	long long days = floor_div(secs, DAY);
	if (days < DAYS_1977 || days > DAYS_9999)
		return HOUR;
	int y = core_date_from_days((long)days).y;
	/* Summer time starts and ends at 01:00 UTC (tzdata's EU rules): from the first Sunday
	 * of April in 1977-1980, the last Sunday of March since 1981; until the last Sunday of
	 * September (1 October in 1978) up to 1995, the last Sunday of October since 1996. */
	long start = y <= 1980 ? sunday_on_or_before(y, 4, 7) : sunday_on_or_before(y, 3, 31);
	long end = y >= 1996   ? sunday_on_or_before(y, 10, 31)
	           : y == 1978 ? sunday_on_or_before(y, 10, 1)
	                       : sunday_on_or_before(y, 9, 30);
	long long from = start * DAY + HOUR, to = end * DAY + HOUR;
	return secs >= from && secs < to ? 2 * HOUR : HOUR;
}

bool core_tstamp_amsterdam(const char *s, char *out, size_t outlen)
{
	if (out && outlen > 0)
		out[0] = '\0';
	long long secs;
	if (!out || outlen < CORE_TSTAMP_SIZE || !core_tstamp_parse(s, &secs))
		return false;
	int off = core_amsterdam_offset(secs);
	long long local = secs + off, days = floor_div(local, DAY);
	int sod = (int)(local - days * DAY);
	struct core_date date = core_date_from_days((long)days);
	if (date.y < 1583 || date.y > 9999)
		return false;
	int n = snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d+%02d:00", date.y, date.m,
	                 date.d, sod / HOUR, sod / 60 % 60, sod % 60, off / HOUR);
	if (n != CORE_TSTAMP_SIZE - 1) {
		out[0] = '\0';
		return false;
	}
	return true;
}
