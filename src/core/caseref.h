/* caseref.h — case (zaak) references such as "Z-2026-000123". */
#ifndef CORE_CASEREF_H
#define CORE_CASEREF_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes needed for a normalised case reference including NUL. */
#define CORE_CASE_REF_SIZE 14

/* Normalises "z-2026-123", "Z2026000123", "Z 2026 123", " Z-2026-000123 " to
 * "Z-2026-000123" (year 2000–2099, sequence 1–999999, zero-padded to 6) in out;
 * returns false for anything else or when outlen < CORE_CASE_REF_SIZE. */
bool core_case_ref_normalise(const char *in, char *out, size_t outlen);

#endif
