/* utf8.h — strict UTF-8 decoding and encoding shared by the core modules. */
#ifndef CORE_UTF8_H
#define CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Returned in *cp by core_utf8_decode for an ill-formed subsequence. */
#define CORE_UTF8_INVALID UINT32_C(0xFFFFFFFF)

/* The replacement character U+FFFD, encoded. */
#define CORE_UTF8_REPLACEMENT "\xef\xbf\xbd"

/* Decodes one code point from s[0..len); returns the bytes consumed (0 only when len is 0)
 * and sets *cp to the code point, or to CORE_UTF8_INVALID for one maximal ill-formed subpart. */
size_t core_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encodes a Unicode scalar value into out; returns its length 1..4, or 0 if cp is not a scalar value. */
size_t core_utf8_encode(uint32_t cp, char out[4]);

/* Tells whether s[0..len) is well-formed UTF-8 (surrogates, overlongs and > U+10FFFF are not). */
bool core_utf8_valid(const char *s, size_t len);

#endif
