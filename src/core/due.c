/* due.c — due moments typed by agents, and Dutch time without the process's TZ. */
#include "core/due.h"
#include "core/tstamp.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define DAY 86400LL

static long long floor_div(long long a, long long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Seconds east of UTC in the Netherlands at instant t (core/tstamp). */
static int nl_offset(long long t)
{
	return core_amsterdam_offset(t);
}

struct core_nl_time core_nl_time_of(time_t t)
{
	int off = nl_offset((long long)t);
	long long local = (long long)t + off;
	long long days = floor_div(local, DAY), secs = local - days * DAY;
	return (struct core_nl_time){.date = core_date_from_days((long)days),
	                             .hh = (int)(secs / 3600),
	                             .mm = (int)(secs / 60 % 60),
	                             .ss = (int)(secs % 60),
	                             .utc_offset = off};
}

enum core_nl_fit core_nl_instant(struct core_date date, int hh, int mm, time_t *t)
{
	long long local = core_date_to_days(date) * DAY + hh * 3600LL + mm * 60LL;
	/* A wall-clock time is winter time, summer time, both (the repeated hour) or
	 * neither (the skipped hour). */
	bool winter = nl_offset(local - 3600) == 3600;
	bool summer = nl_offset(local - 7200) == 7200;
	if (summer) {
		*t = (time_t)(local - 7200);
		return winter ? CORE_NL_REPEATED : CORE_NL_EXACT;
	}
	if (winter) {
		*t = (time_t)(local - 3600);
		return CORE_NL_EXACT;
	}
	return CORE_NL_SKIPPED;
}

/* Reading ------------------------------------------------------------------ */

/* What the agent typed, in one of the accepted forms. */
struct typed {
	bool relative;
	int n;          /* relative: days after today */
	int d, m, y;    /* absolute */
	bool with_time; /* absolute: a time was typed */
	int hh, mm;
};

static const char *skip_blank(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Reads min..max decimal digits into *v; the text after them, or NULL. */
static const char *read_digits(const char *p, int min, int max, int *v)
{
	int n = 0, value = 0;
	while (n < max && p[n] >= '0' && p[n] <= '9') {
		value = value * 10 + (p[n] - '0');
		n++;
	}
	if (n < min || (p[n] >= '0' && p[n] <= '9'))
		return NULL;
	*v = value;
	return p + n;
}

/* Reads the optional unit after "+N": days, in English or Dutch. */
static const char *read_unit(const char *p)
{
	static const char *const units[] = {"days", "day", "d", "dagen", "dag", NULL};
	for (int i = 0; units[i]; i++) {
		size_t n = strlen(units[i]);
		if (strncasecmp(p, units[i], n) == 0 &&
		    (p[n] == '\0' || p[n] == ' ' || p[n] == '\t'))
			return p + n;
	}
	return p;
}

/* Reads "+N [days]" or "dd-mm-yyyy [hh:mm]", blanks around; false for anything else. */
static bool read_typed(const char *in, struct typed *t)
{
	memset(t, 0, sizeof *t);
	const char *p = skip_blank(in);
	if (*p == '+') {
		t->relative = true;
		p = read_digits(p + 1, 1, 4, &t->n);
		if (!p)
			return false;
		p = read_unit(skip_blank(p));
	} else {
		p = read_digits(p, 1, 2, &t->d);
		if (!p || *p != '-' || !(p = read_digits(p + 1, 1, 2, &t->m)) || *p != '-' ||
		    !(p = read_digits(p + 1, 4, 4, &t->y)))
			return false;
		const char *q = skip_blank(p);
		if (q != p && *q) {
			t->with_time = true;
			p = read_digits(q, 1, 2, &t->hh);
			if (!p || *p != ':' || !(p = read_digits(p + 1, 2, 2, &t->mm)))
				return false;
		}
	}
	return *skip_blank(p) == '\0';
}

/* Reads exactly n decimal digits into *v (digits may follow); the text after them, or NULL. */
static const char *read_fixed(const char *p, int n, int *v)
{
	int value = 0;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return NULL;
		value = value * 10 + (p[i] - '0');
	}
	*v = value;
	return p + n;
}

static int days_in_month(int y, int m)
{
	struct core_date first = {y, m, 1}, next = {m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1};
	return (int)(core_date_to_days(next) - core_date_to_days(first));
}

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};

#define FORMS "Use dd-mm-yyyy [hh:mm] or +N days."

bool core_due_parse(const char *in, time_t now, char *iso, size_t iso_len, char *err,
                    size_t err_len)
{
	/* What was typed, as the messages quote it: without the blanks around, and short. */
	char shown[44];
	const char *s = skip_blank(in ? in : "");
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n > sizeof shown - 4) {
		/* Cut between characters, and say so. */
		n = sizeof shown - 4;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		snprintf(shown, sizeof shown, "%.*s…", (int)n, s);
	} else {
		snprintf(shown, sizeof shown, "%.*s", (int)n, s);
	}

	struct typed t;
	if (!read_typed(s, &t)) {
		snprintf(err, err_len, "\"%s\" is not a due date. " FORMS, shown);
		return false;
	}
	struct core_nl_time today = core_nl_time_of(now);
	struct core_date date;
	int hh = CORE_DUE_HOUR, mm = 0;
	if (t.relative) {
		date = core_date_add_days(today.date, t.n);
	} else {
		if (t.m < 1 || t.m > 12) {
			snprintf(err, err_len, "\"%s\": there is no month %d. " FORMS, shown, t.m);
			return false;
		}
		int last = days_in_month(t.y, t.m);
		if (t.d < 1) {
			snprintf(err, err_len, "\"%s\": there is no day 0. " FORMS, shown);
			return false;
		}
		if (t.d > last) {
			snprintf(err, err_len, "\"%s\": %s %d has %d days. " FORMS, shown,
			         month_names[t.m - 1], t.y, last);
			return false;
		}
		if (t.hh > 23 || t.mm > 59) {
			snprintf(err, err_len,
			         "\"%s\": %02d:%02d is not a time of day (00:00 to 23:59). " FORMS,
			         shown, t.hh, t.mm);
			return false;
		}
		date = (struct core_date){t.y, t.m, t.d};
		if (t.with_time) {
			hh = t.hh;
			mm = t.mm;
		}
	}
	time_t due;
	if (core_nl_instant(date, hh, mm, &due) == CORE_NL_SKIPPED) {
		snprintf(err, err_len,
		         "\"%s\" does not exist in Dutch time: the clocks go from 02:00 to 03:00 "
		         "that night.",
		         shown);
		return false;
	}
	if (due <= now) {
		char at[24];
		snprintf(at, sizeof at, "%02d-%02d-%04d %02d:%02d", today.date.d, today.date.m,
		         today.date.y, today.hh, today.mm);
		if (t.relative)
			snprintf(err, err_len,
			         "\"%s\" is today at %02d:00, which has passed (it is %02d:%02d): "
			         "use +1, or dd-mm-yyyy hh:mm.",
			         shown, CORE_DUE_HOUR, today.hh, today.mm);
		else if (!t.with_time)
			snprintf(err, err_len,
			         "\"%s\" means %02d:00 that day, which has passed (it is %s): "
			         "add a later time.",
			         shown, CORE_DUE_HOUR, at);
		else
			snprintf(err, err_len,
			         "\"%s\" has passed (it is %s): an agreement is due ahead.", shown,
			         at);
		return false;
	}
	if (core_date_to_days(date) - core_date_to_days(today.date) > CORE_DUE_MAX_DAYS) {
		snprintf(err, err_len, "\"%s\" is more than ten years ahead: check the year.",
		         shown);
		return false;
	}
	struct core_nl_time at = core_nl_time_of(due);
	int w = snprintf(iso, iso_len, "%04d-%02d-%02dT%02d:%02d:00+%02d:00", at.date.y, at.date.m,
	                 at.date.d, at.hh, at.mm, at.utc_offset / 3600);
	if (w < 0 || (size_t)w >= iso_len) {
		snprintf(err, err_len, "No room for the due date.");
		return false;
	}
	return true;
}

bool core_due_instant(const char *iso, time_t *t)
{
	int y, m, d, hh, mm, ss = 0, oh = 0, om = 0;
	const char *p = read_fixed(iso ? iso : "", 4, &y);
	if (!p || *p != '-' || !(p = read_fixed(p + 1, 2, &m)) || *p != '-' ||
	    !(p = read_fixed(p + 1, 2, &d)) || (*p != 'T' && *p != ' ') ||
	    !(p = read_fixed(p + 1, 2, &hh)) || *p != ':' || !(p = read_fixed(p + 1, 2, &mm)))
		return false;
	if (*p == ':') {
		if (!(p = read_fixed(p + 1, 2, &ss)))
			return false;
		if (*p == '.')
			for (p++; *p >= '0' && *p <= '9'; p++)
				; /* fractions of a second do not matter here */
	}
	int sign = 0;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		if (!(p = read_fixed(p + 1, 2, &oh)))
			return false;
		if (*p == ':')
			p++;
		if (*p && !(p = read_fixed(p, 2, &om)))
			return false;
	} else {
		return false;
	}
	if (*p || !core_date_valid(y, m, d) || hh > 23 || mm > 59 || ss > 60 || oh > 23 || om > 59)
		return false;
	long long secs = core_date_to_days((struct core_date){y, m, d}) * DAY + hh * 3600LL +
	                 mm * 60LL + ss - sign * (oh * 3600LL + om * 60LL);
	*t = (time_t)secs;
	return true;
}

bool core_due_passed(const char *iso, time_t now)
{
	time_t t;
	return !core_due_instant(iso, &t) || t <= now;
}
