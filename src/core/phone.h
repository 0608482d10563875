/* phone.h — telephone numbers to E.164 ("+31612345678"). */
#ifndef CORE_PHONE_H
#define CORE_PHONE_H

#include <stdbool.h>
#include <stddef.h>

/* Longest E.164 number plus NUL: '+' and at most 15 digits. */
#define CORE_PHONE_MAX 17

/* Normalises a phone number as typed ("06-12345678", "+31 (0)6 12345678", "0031…",
 * "(020) 123 4567", "+32 2 123 45 67") to E.164 in out; returns false for letters, stray
 * characters, a wrong digit count (Dutch national numbers have 10 digits starting with 0),
 * or when out (outlen bytes) cannot hold the result. */
bool core_phone_normalise(const char *in, char *out, size_t outlen);

#endif
