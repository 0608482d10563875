/* email.h — e-mail addresses as a search and storage key. */
#ifndef CORE_EMAIL_H
#define CORE_EMAIL_H

#include <stdbool.h>
#include <stddef.h>

/* Trims, lower-cases (ASCII) and checks an e-mail address into out: one '@', a local part
 * of 1..64 bytes without quoting, a dotted domain, no blanks or control characters, valid
 * UTF-8, at most 254 bytes. Returns false if invalid or if out (outlen bytes) is too small. */
bool core_email_normalise(const char *in, char *out, size_t outlen);

#endif
