/* query.c — search classification. The order of the checks matters: the most specific
 * shapes (e-mail, case reference, postcode) first, then digit strings, and only what is
 * left is read as a name, so a mistyped number is reported rather than searched as a name. */
#include "core/query.h"

#include <string.h>

#include "core/bsn.h"
#include "core/caseref.h"
#include "core/email.h"
#include "core/name.h"
#include "core/phone.h"
#include "core/text.h"
#include "core/utf8.h"
#include "core/workday.h"

enum { MAX_QUERY = 200, MIN_BIRTH_YEAR = 1880, MAX_BIRTH_YEAR = 2099 };

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static void set_invalid(struct core_query *q, const char *message)
{
	q->kind = CORE_Q_INVALID;
	q->key[0] = '\0';
	size_t n = strlen(message);
	if (n >= sizeof q->message)
		n = sizeof q->message - 1;
	memcpy(q->message, message, n);
	q->message[n] = '\0';
}

/* Reads 1..max digits at s[*i] as a number; false if there are none or too many. */
static bool read_number(const char *s, size_t len, size_t *i, int max, int *value)
{
	int n = 0, v = 0;
	while (*i < len && is_digit(s[*i])) {
		if (++n > max)
			return false;
		v = v * 10 + (s[(*i)++] - '0');
	}
	*value = v;
	return n > 0;
}

/* Tells whether s[0..len) has the shape of a date or year, valid or not: only digits and
 * date separators, with a digit. Such a word is never part of a name. */
static bool looks_like_date(const char *s, size_t len)
{
	bool digit = false;
	for (size_t i = 0; i < len; i++) {
		if (is_digit(s[i]))
			digit = true;
		else if (s[i] != '-' && s[i] != '/' && s[i] != '.')
			return false;
	}
	return digit;
}

enum date_result {
	DATE_NONE, /* not shaped like a date */
	DATE_OK,
	DATE_BAD,  /* shaped like a date, but no such day (31-02-1961) or an unlikely year */
};

/* Parses a birth date "12-03-1961", "12/3/1961", "12.3.1961", "1961-03-12" or a year "1961". */
static enum date_result parse_date(const char *s, size_t len, int *y, int *m, int *d)
{
	size_t i = 0;
	int a, b, c;
	*y = *m = *d = 0;
	if (!read_number(s, len, &i, 4, &a))
		return DATE_NONE;
	size_t na = i;
	if (i == len) {
		if (na != 4)
			return DATE_NONE;
		*y = a;
	} else {
		char sep = s[i];
		bool iso = na == 4;
		if ((iso && sep != '-') || (!iso && na > 2) || (sep != '-' && sep != '/' && sep != '.'))
			return DATE_NONE;
		i++;
		if (!read_number(s, len, &i, 2, &b) || i >= len || s[i] != sep)
			return DATE_NONE;
		i++;
		size_t start = i;
		if (!read_number(s, len, &i, iso ? 2 : 4, &c) || i != len || (!iso && i - start != 4))
			return DATE_NONE;
		*y = iso ? a : c;
		*m = b;
		*d = iso ? c : a;
	}
	if (*y < MIN_BIRTH_YEAR || *y > MAX_BIRTH_YEAR)
		return DATE_BAD;
	if (*m != 0 && !core_date_valid(*y, *m, *d))
		return DATE_BAD;
	return DATE_OK;
}

/* Tells whether the query is only digits, blanks, and the punctuation of phone numbers. */
static bool is_number_like(const char *s)
{
	return s[strspn(s, "0123456789 \t+-()./")] == '\0';
}

static void classify_number(const char *s, struct core_query *q)
{
	char digits[32];
	size_t n = 0;
	bool phone_marks = false; /* '+', parentheses or '/' only occur in phone numbers */
	for (const char *p = s; *p != '\0'; p++) {
		if (is_digit(*p)) {
			if (n + 1 >= sizeof digits) {
				set_invalid(q, "too many digits for a BSN, KvK or phone number");
				return;
			}
			digits[n++] = *p;
		} else if (*p == '+' || *p == '(' || *p == ')' || *p == '/') {
			phone_marks = true;
		}
	}
	digits[n] = '\0';
	if (!phone_marks) {
		/* Only digits, blanks, '-' and '.': the grouping people use for any number. */
		if (n == 9) {
			if (!core_bsn_valid(digits)) {
				set_invalid(q, "9 digits but not a valid BSN (elfproef)");
				return;
			}
			q->kind = CORE_Q_BSN;
			memcpy(q->key, digits, n + 1);
			return;
		}
		/* Twelve digits are a branch number, unless they read as "00" + country code
		 * + number; a country code never starts with 0, so "0000…" is always KvK. */
		bool foreign_phone = n == 12 && digits[0] == '0' && digits[1] == '0' && digits[2] != '0' &&
		                     core_phone_normalise(s, q->key, sizeof q->key);
		if (n == 8 || (n == 12 && !foreign_phone)) {
			if (!core_kvk_valid(digits)) {
				set_invalid(q, "not a valid KvK number");
				return;
			}
			q->kind = CORE_Q_KVK;
			memcpy(q->key, digits, n + 1);
			return;
		}
	}
	if (core_phone_normalise(s, q->key, sizeof q->key)) {
		q->kind = CORE_Q_PHONE;
		return;
	}
	set_invalid(q, "not a BSN (9 digits), KvK number (8 or 12 digits) or phone number");
}

/* Tells whether s starts like a postcode: four digits, optional blanks, a letter. */
static bool starts_like_postcode(const char *s)
{
	if (!(is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3])))
		return false;
	s += 4;
	while (*s == ' ' || *s == '\t')
		s++;
	return is_alpha(*s);
}

static void classify_name(char *s, size_t len, struct core_query *q)
{
	/* A trailing birth date or year. */
	size_t end = len;
	size_t word = end;
	while (word > 0 && !is_blank(s[word - 1]))
		word--;
	if (looks_like_date(s + word, end - word)) {
		int y, m, d;
		if (parse_date(s + word, end - word, &y, &m, &d) != DATE_OK) {
			set_invalid(q, "not a valid birth date (use dd-mm-yyyy, yyyy-mm-dd or a year)");
			return;
		}
		q->birth_year = y;
		q->birth_month = m;
		q->birth_day = d;
		end = word;
		while (end > 0 && is_blank(s[end - 1]))
			end--;
	}
	if (end == 0) {
		set_invalid(q, "a birth date alone is not enough: type the surname too");
		return;
	}
	s[end] = '\0';

	bool letter = false;
	for (size_t i = 0; i < end; i++) {
		if (is_digit(s[i])) {
			set_invalid(q, "a name cannot contain digits; put the birth date last");
			return;
		}
		/* Any non-ASCII character counts as a letter: "Ødegård", "Иванов". */
		letter |= is_alpha(s[i]) || (unsigned char)s[i] >= 0x80;
	}
	if (!letter) {
		set_invalid(q, "nothing to search for");
		return;
	}

	char surname[MAX_QUERY + 1];
	if (!core_name_split(s, q->name_prefix, sizeof q->name_prefix, surname, sizeof surname)) {
		set_invalid(q, "name too long");
		return;
	}
	size_t need = core_name_normalise(surname, q->key, sizeof q->key);
	if (need >= sizeof q->key) {
		set_invalid(q, "name too long");
		return;
	}
	if (need == 0) {
		set_invalid(q, "nothing to search for");
		return;
	}
	q->kind = CORE_Q_NAME;
}

void core_query_classify(const char *in, struct core_query *out)
{
	memset(out, 0, sizeof *out);
	out->kind = CORE_Q_EMPTY;
	if (in == NULL)
		return;
	while (is_blank(*in))
		in++;
	size_t len = strlen(in);
	while (len > 0 && is_blank(in[len - 1]))
		len--;
	if (len == 0)
		return;
	if (len > MAX_QUERY) {
		set_invalid(out, "search text too long");
		return;
	}
	char s[MAX_QUERY + 1];
	memcpy(s, in, len);
	s[len] = '\0';

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = core_utf8_decode(s + i, len - i, &cp);
		if (cp == CORE_UTF8_INVALID) {
			set_invalid(out, "search text is not valid UTF-8");
			return;
		}
		if (cp == '\t') {
			s[i] = ' ';
		} else if (core_text_codepoint_unsafe(cp)) {
			set_invalid(out, "search text contains control characters");
			return;
		}
		i += n;
	}

	if (memchr(s, '@', len) != NULL) {
		if (core_email_normalise(s, out->key, sizeof out->key))
			out->kind = CORE_Q_EMAIL;
		else
			set_invalid(out, "not a valid e-mail address");
		return;
	}

	if ((s[0] == 'Z' || s[0] == 'z') &&
	    (is_digit(s[1]) || ((s[1] == '-' || s[1] == ' ') && is_digit(s[2])))) {
		if (core_case_ref_normalise(s, out->key, sizeof out->key))
			out->kind = CORE_Q_CASE_REF;
		else
			set_invalid(out, "not a valid case reference (Z-2026-000123)");
		return;
	}

	if (starts_like_postcode(s)) {
		if (core_postcode_parse(s, &out->addr) ||
		    core_postcode_normalise(s, out->addr.postcode)) {
			out->kind = CORE_Q_POSTCODE;
			memcpy(out->key, out->addr.postcode, sizeof out->addr.postcode);
		} else {
			memset(&out->addr, 0, sizeof out->addr);
			set_invalid(out, "not a valid postcode and house number (3511 AB 12)");
		}
		return;
	}

	if (is_number_like(s)) {
		/* "12-03-1961" or "1961" alone: a date, but nothing to find a person by. */
		int y, m, d;
		enum date_result r = parse_date(s, len, &y, &m, &d);
		if (r == DATE_OK || (r == DATE_BAD && len > 4)) {
			set_invalid(out, "a birth date alone is not enough: type the surname too");
			return;
		}
		classify_number(s, out);
		return;
	}

	classify_name(s, len, out);
}

const char *core_query_kind_name(enum core_query_kind kind)
{
	switch (kind) {
	case CORE_Q_EMPTY: return "empty";
	case CORE_Q_BSN: return "bsn";
	case CORE_Q_POSTCODE: return "postcode";
	case CORE_Q_PHONE: return "phone";
	case CORE_Q_EMAIL: return "email";
	case CORE_Q_CASE_REF: return "case";
	case CORE_Q_KVK: return "kvk";
	case CORE_Q_NAME: return "name";
	case CORE_Q_INVALID: return "invalid";
	}
	return "invalid";
}
