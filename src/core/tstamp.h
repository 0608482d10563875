/* tstamp.h — instants written in RFC 3339 ("2026-11-24T18:48:11Z",
 * "2026-11-24T19:48:11+01:00"), as a Europe/Amsterdam clock shows them. */
#ifndef CORE_TSTAMP_H
#define CORE_TSTAMP_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes needed for core_tstamp_amsterdam's "2026-11-24T19:48:11+01:00" including NUL. */
#define CORE_TSTAMP_SIZE 26

/* Parses an RFC 3339 date-time into seconds since 1970-01-01T00:00:00Z: date, 'T' (or 't'
 * or one space), hh:mm:ss with optional fractional seconds (ignored), then 'Z', 'z' or
 * ±hh:mm; a leap second (ss = 60) counts as ss = 59. Years 1583–9999. False for anything
 * else, including a time without an offset. */
bool core_tstamp_parse(const char *s, long long *secs);

/* Returns the UTC offset of Europe/Amsterdam at the instant secs, in seconds: +2 h in
 * summer time as the EU has kept it since 1977 (from 1996: last Sunday of March 01:00 UTC
 * to last Sunday of October 01:00 UTC), +1 h otherwise and before 1977. */
int core_amsterdam_offset(long long secs);

/* Writes the RFC 3339 instant `s` as Europe/Amsterdam time with its offset,
 * "2026-11-24T19:48:11+01:00", into out; false (and out "" when outlen > 0) when s does not
 * parse, the local date leaves years 1583–9999, or outlen < CORE_TSTAMP_SIZE. */
bool core_tstamp_amsterdam(const char *s, char *out, size_t outlen);

#endif
