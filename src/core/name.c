/* name.c — name normalisation, prefix splitting and formatting. */
#include "core/name.h"

#include <string.h>

#include "core/fold.h"
#include "core/utf8.h"

/* ---------------------------------------------------------------- output buffer */

/* An output buffer that stops at the first piece that does not fit, so a truncated result
 * never ends in half a character and never skips a piece to fit a later, shorter one. */
struct sbuf {
	char *out;
	size_t cap;
	size_t len;   /* bytes written, excluding NUL */
	size_t need;  /* bytes the full result needs */
	bool full;
};

static void sbuf_init(struct sbuf *b, char *out, size_t cap)
{
	b->out = out;
	b->cap = cap;
	b->len = 0;
	b->need = 0;
	b->full = out == NULL || cap == 0;
	if (!b->full)
		out[0] = '\0';
}

/* Appends n bytes that form whole characters. */
static void sbuf_put(struct sbuf *b, const char *s, size_t n)
{
	b->need += n;
	if (b->full)
		return;
	if (b->len + n + 1 > b->cap) {
		b->full = true;
		return;
	}
	memcpy(b->out + b->len, s, n);
	b->len += n;
	b->out[b->len] = '\0';
}

/* ---------------------------------------------------------------- normalise */

/* White space as PostgreSQL's regex \s sees it in C.UTF-8 (glibc iswspace); NBSP is not. */
static bool is_regex_space(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x2006) || (cp >= 0x2008 && cp <= 0x200A) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x205F || cp == 0x3000;
}

/* Emits one folded code point, turning separators into a single pending space. */
static void emit_folded(struct sbuf *b, bool *pending_space, uint32_t cp, const char *bytes, size_t n)
{
	/* The separators of loket.norm_name(): white space, ', `, U+00B4 ´, U+2019 ’ (already
	 * ' after unaccent) and '-'. */
	if (is_regex_space(cp) || cp == '-' || cp == '\'' || cp == '`' || cp == 0xB4) {
		*pending_space = b->need > 0; /* leading separators vanish: that is the trim */
		return;
	}
	if (*pending_space) {
		sbuf_put(b, " ", 1);
		*pending_space = false;
	}
	sbuf_put(b, bytes, n);
}

size_t core_name_normalise(const char *in, char *out, size_t outlen)
{
	struct sbuf b;
	sbuf_init(&b, out, outlen);
	if (in == NULL)
		return 0;
	bool pending_space = false;
	size_t len = strlen(in);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = core_utf8_decode(in + i, len - i, &cp);
		if (cp != CORE_UTF8_INVALID) {
			const char *folded = core_fold_codepoint(cp);
			if (folded == NULL) {
				emit_folded(&b, &pending_space, cp, in + i, n);
			} else {
				/* A folding may yield several characters ("ß" → "ss", "ŉ" → "'n"),
				 * each of which may be a separator. */
				size_t flen = strlen(folded);
				for (size_t j = 0; j < flen;) {
					uint32_t fcp;
					size_t fn = core_utf8_decode(folded + j, flen - j, &fcp);
					emit_folded(&b, &pending_space, fcp, folded + j, fn);
					j += fn;
				}
			}
		}
		i += n;
	}
	return b.need;
}

/* ---------------------------------------------------------------- split */

/* Prefixes (voorvoegsels) from the population register's table that occur in practice,
 * lower case with a plain apostrophe. "el" and "al" are left out on purpose: in Arabic
 * names they belong to the surname ("El Amrani"), and agents search them that way. */
static const char *const prefixes[] = {
	"van", "van de", "van der", "van den", "van het", "van 't",
	"de", "den", "der", "des", "het", "'t", "ter", "ten", "te",
	"in 't", "in de", "in den", "in het",
	"op de", "op den", "op het", "op 't", "op ten",
	"uit de", "uit den", "uit het", "uit 't",
	"aan de", "aan den", "aan het", "aan 't",
	"bij de", "bij den", "bij het", "bij 't",
	"over de", "over 't", "voor de", "voor 't",
	"von", "von der", "von dem", "von den", "vom", "zu", "zum", "zur",
	"la", "le", "les", "du", "da", "dal", "das", "dos", "di", "del", "della", "de la",
	"d'", "l'",
};

enum { MAX_WORDS = 16 };

struct word {
	const char *s;
	size_t len;
};

/* Length of an apostrophe at s (ASCII ', ` or U+2018/U+2019/U+00B4), 0 if none. */
static size_t apostrophe_len(const char *s, size_t len)
{
	if (len >= 1 && (s[0] == '\'' || s[0] == '`'))
		return 1;
	if (len >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xB4)
		return 2;
	if (len >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x98 || (unsigned char)s[2] == 0x99))
		return 3;
	return 0;
}

/* Compares word w with the ASCII text t[0..tlen), ignoring ASCII case and apostrophe style. */
static bool word_equals(struct word w, const char *t, size_t tlen)
{
	size_t i = 0, j = 0;
	while (i < w.len && j < tlen) {
		size_t a = apostrophe_len(w.s + i, w.len - i);
		if (a > 0 || t[j] == '\'') {
			if (a == 0 || t[j] != '\'')
				return false;
			i += a;
			j++;
			continue;
		}
		char c = w.s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != t[j])
			return false;
		i++;
		j++;
	}
	return i == w.len && j == tlen;
}

/* Tells how many leading words match the prefix p ("van der" is two), 0 if they do not. */
static size_t match_prefix(const struct word *words, size_t nwords, const char *p)
{
	size_t k = 0;
	while (*p != '\0') {
		size_t plen = strcspn(p, " ");
		if (k >= nwords || !word_equals(words[k], p, plen))
			return 0;
		k++;
		p += plen;
		if (*p == ' ')
			p++;
	}
	return k;
}

/* Splits s[0..len) at blanks into words; returns the count, or MAX_WORDS + 1 if too many. */
static size_t split_words(const char *s, size_t len, struct word *words)
{
	size_t n = 0;
	size_t i = 0;
	while (i < len) {
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == len)
			break;
		size_t start = i;
		while (i < len && s[i] != ' ' && s[i] != '\t')
			i++;
		if (n == MAX_WORDS)
			return MAX_WORDS + 1;
		words[n].s = s + start;
		words[n].len = i - start;
		n++;
	}
	return n;
}

/* Copies words[from..to) joined by single spaces into out; false if it does not fit. */
static bool join_words(const struct word *words, size_t from, size_t to, char *out, size_t outlen)
{
	size_t o = 0;
	for (size_t k = from; k < to; k++) {
		size_t need = words[k].len + (k > from ? 1 : 0);
		if (o + need + 1 > outlen)
			return false;
		if (k > from)
			out[o++] = ' ';
		memcpy(out + o, words[k].s, words[k].len);
		o += words[k].len;
	}
	if (o + 1 > outlen)
		return false;
	out[o] = '\0';
	return true;
}

static bool copy_string(const char *s, char *out, size_t outlen)
{
	size_t n = strlen(s);
	if (n + 1 > outlen)
		return false;
	memcpy(out, s, n + 1);
	return true;
}

/* Finds the longest table prefix covering exactly words[0..nwords) (all == true) or
 * leaving at least one word after it (all == false); returns its index or -1. */
static int find_prefix(const struct word *words, size_t nwords, bool all, size_t *used)
{
	int best = -1;
	size_t best_words = 0;
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		size_t k = match_prefix(words, nwords, prefixes[i]);
		if (k == 0 || (all ? k != nwords : k >= nwords) || k <= best_words)
			continue;
		best = (int)i;
		best_words = k;
	}
	*used = best_words;
	return best;
}

bool core_name_split(const char *surname_full, char *prefix, size_t plen, char *surname, size_t slen)
{
	if (surname_full == NULL || prefix == NULL || surname == NULL || plen == 0 || slen == 0)
		return false;
	prefix[0] = '\0';
	surname[0] = '\0';
	size_t len = strlen(surname_full);
	struct word words[MAX_WORDS];
	size_t used;

	/* The sorted spelling "Berg, van der", as registers and spreadsheets write it. */
	const char *comma = memchr(surname_full, ',', len);
	if (comma != NULL) {
		size_t nafter = split_words(comma + 1, len - (size_t)(comma + 1 - surname_full), words);
		int p = nafter <= MAX_WORDS ? find_prefix(words, nafter, true, &used) : -1;
		if (p >= 0) {
			size_t nbefore = split_words(surname_full, (size_t)(comma - surname_full), words);
			if (nbefore >= 1 && nbefore <= MAX_WORDS)
				return copy_string(prefixes[p], prefix, plen) &&
				       join_words(words, 0, nbefore, surname, slen);
		}
	}

	size_t nwords = split_words(surname_full, len, words);
	if (nwords == 0)
		return false;
	if (nwords > MAX_WORDS)
		nwords = MAX_WORDS; /* absurd input: split what fits, keep the rest out */

	/* Nothing but prefix words ("Van", "van der"): then they are the surname itself. */
	if (find_prefix(words, nwords, true, &used) >= 0)
		return join_words(words, 0, nwords, surname, slen);

	int p = find_prefix(words, nwords, false, &used);
	if (p >= 0)
		return copy_string(prefixes[p], prefix, plen) && join_words(words, used, nwords, surname, slen);

	/* "d'Hondt", "l'Ami": the elided article is written against the name. */
	for (const char *art = "dl"; *art != '\0'; art++) {
		struct word w = words[0];
		char c = w.s[0];
		if (w.len < 2 || (c != *art && c != *art - 'a' + 'A'))
			continue;
		size_t a = apostrophe_len(w.s + 1, w.len - 1);
		if (a == 0 || 1 + a >= w.len)
			continue;
		words[0].s += 1 + a;
		words[0].len -= 1 + a;
		const char elided[3] = { *art, '\'', '\0' };
		return copy_string(elided, prefix, plen) && join_words(words, 0, nwords, surname, slen);
	}

	return join_words(words, 0, nwords, surname, slen);
}

/* ---------------------------------------------------------------- format */

enum letter_case {
	CASE_KEEP,
	CASE_LOWER,      /* a prefix after initials: "J. van der Berg" */
	CASE_CAPITALISE, /* a prefix opening the name: "Van der Berg", "In 't Veld" */
};

/* Appends s without its leading and trailing blanks; tells whether anything was appended.
 * Case changes touch ASCII only: prefixes are ASCII, and "'t" stays lower case. */
static bool put_trimmed(struct sbuf *b, const char *s, enum letter_case lc)
{
	if (s == NULL)
		return false;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0)
		return false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = core_utf8_decode(s + i, len - i, &cp);
		if (n == 1 && lc != CASE_KEEP) {
			char c = s[i];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (i == 0 && lc == CASE_CAPITALISE && c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			sbuf_put(b, &c, 1);
		} else {
			sbuf_put(b, s + i, n);
		}
		i += n;
	}
	return true;
}

static bool is_blank_or_empty(const char *s)
{
	if (s == NULL)
		return true;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

/* Tells whether a prefix is written against the surname: "d'Hondt", not "d' Hondt". */
static bool prefix_is_elided(const char *p)
{
	size_t len = strlen(p);
	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	for (size_t k = 1; k <= 3 && k <= len; k++)
		if (apostrophe_len(p + len - k, k) == k)
			return true;
	return false;
}

void core_name_format(const char *initials_or_given, const char *prefix, const char *surname,
                      enum core_name_style style, char *out, size_t outlen)
{
	struct sbuf b;
	sbuf_init(&b, out, outlen);
	bool has_given = !is_blank_or_empty(initials_or_given);
	bool has_prefix = !is_blank_or_empty(prefix);
	bool has_surname = !is_blank_or_empty(surname);

	if (style == CORE_NAME_SORT) {
		put_trimmed(&b, surname, CASE_KEEP);
		if (has_given || has_prefix) {
			if (has_surname)
				sbuf_put(&b, ", ", 2);
			if (has_given)
				put_trimmed(&b, initials_or_given, CASE_KEEP);
			if (has_given && has_prefix)
				sbuf_put(&b, " ", 1);
			if (has_prefix)
				put_trimmed(&b, prefix, CASE_LOWER);
		}
		return;
	}

	if (has_given)
		put_trimmed(&b, initials_or_given, CASE_KEEP);
	if (has_prefix) {
		if (has_given)
			sbuf_put(&b, " ", 1);
		put_trimmed(&b, prefix, has_given ? CASE_LOWER : CASE_CAPITALISE);
	}
	if (has_surname) {
		if ((has_given && !has_prefix) || (has_prefix && !prefix_is_elided(prefix)))
			sbuf_put(&b, " ", 1);
		put_trimmed(&b, surname, CASE_KEEP);
	}
}

bool core_name_word_prefix(const char *typed, const char *name)
{
	char t[256], n[512];
	size_t tl = core_name_normalise(typed ? typed : "", t, sizeof t);
	size_t nl = core_name_normalise(name ? name : "", n, sizeof n);
	if (tl == 0 || tl >= sizeof t || nl >= sizeof n)
		return false;
	for (const char *w = n; w; w = strchr(w, ' ')) {
		if (*w == ' ')
			w++;
		if (strncmp(w, t, tl) == 0)
			return true;
	}
	return false;
}
