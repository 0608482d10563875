/* bsn.h — citizen service numbers (BSN) and chamber of commerce (KvK) numbers. */
#ifndef CORE_BSN_H
#define CORE_BSN_H

#include <stdbool.h>

/* Tells whether s is exactly 9 ASCII digits, not all zero, passing the elfproef
 * (9·d1 + 8·d2 + … + 2·d8 − 1·d9 divisible by 11). Callers pad 8-digit input themselves. */
bool core_bsn_valid(const char *s);

/* Tells whether s is a KvK number: exactly 8 ASCII digits, or 12 for a branch
 * (vestigingsnummer); all zeros is refused. KvK numbers carry no check digit. */
bool core_kvk_valid(const char *s);

/* Writes the BSN as shown to agents, "*****6789", into out; "*********" when bsn is not valid. */
void core_bsn_mask(const char *bsn, char out[10]);

#endif
