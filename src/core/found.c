/* found.c — see found.h. */
#include "core/found.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "core/fold.h"
#include "core/utf8.h"

const char *core_found_narrow(const struct core_query *q)
{
	switch (q->kind) {
	case CORE_Q_NAME:
		if (!q->birth_year)
			return "add the birth date (dd-mm-yyyy) or year to the name";
		if (!q->birth_day)
			return "give the whole birth date (dd-mm-yyyy) instead of the year";
		return "search by BSN, phone, or postcode and house number instead";
	case CORE_Q_POSTCODE:
		if (q->addr.house_number == 0)
			return "add the house number to the postcode (3511 AB 12)";
		return "search by BSN, or by name and birth date instead";
	case CORE_Q_KVK:
		return "type the 12-digit number of the branch";
	default:
		return "search by BSN, or by name and birth date instead";
	}
}

/* A malloc'd copy of word with its diacritics removed as the database's search does
 * (core_fold_codepoint), but with its capitals kept; NULL when out of memory. */
static char *unaccent(const char *word)
{
	size_t len = strlen(word);
	/* A character of two bytes or more folds to at most five bytes, capitalised or not. */
	char *out = malloc(len * 4 + 1);
	if (out == NULL)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = core_utf8_decode(word + i, len - i, &cp);
		const char *f =
		    cp == CORE_UTF8_INVALID || cp < 0x80 ? NULL : core_fold_codepoint(cp);
		if (cp == CORE_UTF8_INVALID) {
			/* dropped: the database holds valid UTF-8 */
		} else if (f == NULL) {
			memcpy(out + o, word + i, n);
			o += n;
		} else if (*f != '\0' && towlower((wint_t)cp) != (wint_t)cp) {
			/* The fold is lower case: give its first character back its capital. */
			uint32_t first;
			size_t fn = core_utf8_decode(f, strlen(f), &first);
			size_t en = 0;
			if (first != CORE_UTF8_INVALID)
				en = core_utf8_encode((uint32_t)towupper((wint_t)first), out + o);
			if (en == 0) {
				memcpy(out + o, f, fn);
				en = fn;
			}
			o += en;
			size_t rest = strlen(f + fn);
			memcpy(out + o, f + fn, rest);
			o += rest;
		} else {
			size_t fl = strlen(f);
			memcpy(out + o, f, fl);
			o += fl;
		}
		i += n;
	}
	out[o] = '\0';
	return out;
}

/* Offers s[0..len) and, when it has diacritics, the same without them. */
static void offer(const char *s, size_t len, void (*add)(void *arg, const char *word), void *arg)
{
	char *word = strndup(s, len);
	if (word == NULL)
		return;
	add(arg, word);
	char *plain = unaccent(word);
	if (plain != NULL && plain[0] != '\0' && strcmp(plain, word) != 0)
		add(arg, plain);
	free(plain);
	free(word);
}

void core_found_completions(const char *name, bool sort_form,
                            void (*add)(void *arg, const char *word), void *arg)
{
	if (name == NULL)
		return;
	size_t len = strlen(name);
	if (sort_form) {
		const char *comma = strchr(name, ',');
		if (comma != NULL)
			len = (size_t)(comma - name);
	}
	while (len > 0 && name[0] == ' ')
		name++, len--;
	while (len > 0 && name[len - 1] == ' ')
		len--;
	/* The whole surname, then what follows each break the prompt completes after. */
	for (size_t i = 0; i < len; i++) {
		bool start =
		    i == 0 || name[i - 1] == ' ' || name[i - 1] == '\'' || name[i - 1] == '`';
		if (start && name[i] != ' ' && name[i] != '\'' && name[i] != '`')
			offer(name + i, len - i, add, arg);
	}
}
