/* fold.h — per-code-point search folding, identical to PostgreSQL's
 * lower(ext.unaccent('ext.unaccent', x)) in a C.UTF-8 database. */
#ifndef CORE_FOLD_H
#define CORE_FOLD_H

#include <stdint.h>

/* Returns what cp folds to (lower case, accents removed; "" for a combining mark that
 * unaccent deletes), or NULL when cp folds to itself. */
const char *core_fold_codepoint(uint32_t cp);

#endif
