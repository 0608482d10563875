/* found.h — what a customer search found, as the console and the command line show it:
 * how many hits, what to tell an agent whose search found more, and which words of the
 * names found Tab completes in the next search. */
#ifndef CORE_FOUND_H
#define CORE_FOUND_H

#include "core/query.h"

#include <stdbool.h>

/* Hits shown for one search. The database is asked for one more, so that a search that
 * found more can say so instead of ending the list as if that were all. */
enum { CORE_FOUND_SHOWN = 50 };

/* How to narrow a search of q that found more than CORE_FOUND_SHOWN: a lower-case English
 * phrase without a full stop ("add the birth date (dd-mm-yyyy) or year to the name"),
 * chosen by what was typed. Never NULL. */
const char *core_found_narrow(const struct core_query *q);

/* Calls add(arg, word) for each word that Tab should complete to once `name` was found:
 * `name` is a surname (or an organisation's name), or with `sort_form` a person's sort name
 * "Vries, H.J. de", whose surname is the part before the comma. The words are the surname
 * and each of its later words ("El Amrani", "Amrani"; "O'Brien", "Brien"): the prompt
 * completes the word before the cursor, so "de Vri" and "Vri" both reach "Vries". Each
 * word with diacritics comes a second time without them, its capitals kept ("Çelik",
 * "Celik"), for agents who type the name as they hear it. Needs a UTF-8 LC_CTYPE for the
 * capitals of non-ASCII letters. */
void core_found_completions(const char *name, bool sort_form,
                            void (*add)(void *arg, const char *word), void *arg);

#endif
