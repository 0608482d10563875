/* name.h — Dutch personal names: search normalisation, prefixes (tussenvoegsels), formatting. */
#ifndef CORE_NAME_H
#define CORE_NAME_H

#include <stdbool.h>
#include <stddef.h>

enum core_name_style {
	CORE_NAME_DISPLAY, /* "J. van der Berg"; without initials "Van der Berg" */
	CORE_NAME_SORT,    /* "Berg, J. van der": sorted on the surname after the prefix */
};

/* Writes the search form of a name into out (outlen bytes, always NUL-terminated, never
 * cut inside a character) and returns the length the full result needs, as snprintf does:
 * lower case with diacritics removed ("Nguyễn" → "nguyen", "IJzerman" → "ijzerman",
 * "ß" → "ss"), runs of white space, '-', '\'', '`', '´' and '’' folded to one space,
 * trimmed; ill-formed UTF-8 is dropped. Equal, byte for byte, to the database's
 * loket.norm_name(x) = btrim(regexp_replace(lower(ext.unaccent('ext.unaccent', x)),
 * '[[:space:]''`´’-]+', ' ', 'g')) in a C.UTF-8 database (fold.c says how). */
size_t core_name_normalise(const char *in, char *out, size_t outlen);

/* Splits a full surname into its prefix and the surname proper: "van der Berg" → "van der"
 * + "Berg", "De Vries" → "de" + "Vries", "d'Hondt" → "d'" + "Hondt", "Berg, van der" →
 * "van der" + "Berg". The prefix comes from a fixed table, lower case with a plain
 * apostrophe; the surname keeps its case. A name that is only a prefix ("Van") and Arabic
 * articles ("El Amrani") stay whole as surname with an empty prefix. Returns false for an
 * empty name or when a buffer is too small. */
bool core_name_split(const char *surname_full, char *prefix, size_t plen, char *surname, size_t slen);

/* Formats a name for display or sorting into out (outlen bytes, truncated on a character
 * boundary). Any part may be NULL or empty. The prefix is written lower case after initials
 * and capitalised when it opens the name ("Van der Berg"), following Dutch usage. */
void core_name_format(const char *initials_or_given, const char *prefix, const char *surname,
                      enum core_name_style style, char *out, size_t outlen);

/* Tells whether `typed`, which may have several words, begins at a word of `name` when both
 * are in their search form (core_name_normalise: case, accents and hyphens aside): "Jan",
 * "de vries" and "vries" begin at a word of "Jan de Vries", "tran" at one of "Duc Trần";
 * "ries" does not. False when `typed` has nothing left to compare. */
bool core_name_word_prefix(const char *typed, const char *name);

#endif
