/* due.h — the moment an agreement is due, as an agent types it, in Dutch time
 * (Europe/Amsterdam) whatever time zone the workstation runs in. */
#ifndef CORE_DUE_H
#define CORE_DUE_H

#include "core/workday.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* The time of day a due date without a time gets, and "+N days" too. */
#define CORE_DUE_HOUR 17

/* How far ahead a due date may lie, in days (about ten years). */
#define CORE_DUE_MAX_DAYS 3660

/* A wall-clock time in the Netherlands. */
struct core_nl_time {
	struct core_date date;
	int hh, mm, ss;
	int utc_offset; /* seconds east of UTC: 3600 (CET) or 7200 (CEST) */
};

/* How a Dutch wall-clock time maps to an instant. */
enum core_nl_fit {
	CORE_NL_EXACT,    /* one instant */
	CORE_NL_REPEATED, /* in the hour repeated when summer time ends: the first is taken */
	CORE_NL_SKIPPED,  /* in the hour skipped when summer time starts: no such time */
};

/* Returns the Dutch wall-clock time at instant t, with the offset core_amsterdam_offset
 * (core/tstamp.h) gives: the EU summer-time rules since 1977. */
struct core_nl_time core_nl_time_of(time_t t);

/* Puts into *t the instant of Dutch wall-clock time date hh:mm:00 (a valid date, 0 ≤ hh ≤ 23,
 * 0 ≤ mm ≤ 59). *t is left alone for CORE_NL_SKIPPED. */
enum core_nl_fit core_nl_instant(struct core_date date, int hh, int mm, time_t *t);

/* Reads a due moment as an agent types it — "dd-mm-yyyy" (17:00 that day), "dd-mm-yyyy
 * hh:mm", or "+N" optionally followed by "days" (N calendar days after today, 17:00) — in
 * Dutch time, at `now`. On success writes ISO 8601 with the Dutch offset
 * ("2026-03-03T17:00:00+01:00") into iso and returns true. Refuses, with a message for the
 * agent that quotes what was typed in err: another form, a date or time that does not exist
 * (31-02, 29-02 outside leap years, 24:00, the hour skipped when summer time starts), a
 * moment not after `now`, and one more than CORE_DUE_MAX_DAYS days ahead. In the hour that
 * happens twice when summer time ends, the first (summer time, +02:00) is taken. */
bool core_due_parse(const char *in, time_t now, char *iso, size_t iso_len, char *err,
                    size_t err_len);

/* Reads "yyyy-mm-ddThh:mm[:ss]" with an offset ("+01:00", "+0100", "Z"; a space may stand
 * for the T) into *t; false when the text is not that. */
bool core_due_instant(const char *iso, time_t *t);

/* Has the due moment `iso` come by `now`? An unreadable one counts as
 * come: it cannot be sent as it is, and is set again. */
bool core_due_passed(const char *iso, time_t now);

#endif
