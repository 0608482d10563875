/* postcode.c — postcode and house-number parsing, ASCII only and locale-independent. */
#include "core/postcode.h"

#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_space(char c) { return c == ' ' || c == '\t'; }
static char to_upper(char c) { return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c; }
static char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

static const char *skip_space(const char *p)
{
	while (is_space(*p))
		p++;
	return p;
}

/* Reads "3511AB" or "3511 ab" at *pp into out and advances *pp past it. */
static bool read_postcode(const char **pp, char out[7])
{
	const char *p = *pp;
	if (!(p[0] >= '1' && p[0] <= '9') || !is_digit(p[1]) || !is_digit(p[2]) || !is_digit(p[3]))
		return false;
	memcpy(out, p, 4);
	p = skip_space(p + 4);
	if (!is_alpha(p[0]) || !is_alpha(p[1]) || is_alpha(p[2]))
		return false;
	out[4] = to_upper(p[0]);
	out[5] = to_upper(p[1]);
	out[6] = '\0';
	/* PostNL never issues SA, SD and SS: they carried wartime connotations. */
	if (out[4] == 'S' && (out[5] == 'A' || out[5] == 'D' || out[5] == 'S'))
		return false;
	*pp = p + 2;
	return true;
}

bool core_postcode_normalise(const char *in, char out[7])
{
	if (in == NULL)
		return false;
	const char *p = skip_space(in);
	char pc[7];
	if (!read_postcode(&p, pc))
		return false;
	if (*skip_space(p) != '\0')
		return false;
	memcpy(out, pc, sizeof pc);
	return true;
}

/* Skips a separator between house-number parts: blanks, or one '-' with blanks around it.
 * Returns NULL for a malformed separator such as "--". */
static const char *skip_separator(const char *p)
{
	p = skip_space(p);
	if (*p == '-') {
		p = skip_space(p + 1);
		if (*p == '-')
			return NULL;
	}
	return p;
}

bool core_postcode_parse(const char *in, struct core_address_key *out)
{
	if (in == NULL || out == NULL)
		return false;
	struct core_address_key key = { .postcode = "", .house_number = 0, .letter = 0, .suffix = "" };
	const char *p = skip_space(in);
	if (!read_postcode(&p, key.postcode))
		return false;

	p = skip_space(p);
	if (*p == '0' || !is_digit(*p))
		return false;
	long number = 0;
	int digits = 0;
	while (is_digit(*p)) {
		if (++digits > 5)
			return false;
		number = number * 10 + (*p++ - '0');
	}
	key.house_number = (int)number;

	/* What follows is a huisletter (one letter), a toevoeging, or a letter then a toevoeging. */
	for (int part = 0; part < 2; part++) {
		const char *q = skip_separator(p);
		if (q == NULL)
			return false;
		if (*q == '\0') {
			if (memchr(p, '-', (size_t)(q - p)) != NULL)
				return false; /* a dangling "12-" is a typo, not an address */
			p = q;
			break;
		}
		if (q == p && !(part == 0 && is_alpha(*q)))
			return false; /* parts must be separated, except a letter glued to the number */
		size_t n = 0;
		while (is_alpha(q[n]) || is_digit(q[n]))
			n++;
		if (n == 0)
			return false;
		if (part == 0 && n == 1 && is_alpha(q[0])) {
			key.letter = to_upper(q[0]);
		} else {
			if (n > 4)
				return false; /* the BAG allows at most four characters */
			for (size_t i = 0; i < n; i++)
				key.suffix[i] = to_lower(q[i]);
			key.suffix[n] = '\0';
			p = q + n;
			break;
		}
		p = q + n;
	}
	if (*skip_space(p) != '\0')
		return false;
	*out = key;
	return true;
}
