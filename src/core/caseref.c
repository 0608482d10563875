/* caseref.c — case reference parsing. */
#include "core/caseref.h"

#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* Skips one optional separator ('-' or blanks, or a '-' with blanks around it). */
static const char *skip_separator(const char *p)
{
	while (is_blank(*p))
		p++;
	if (*p == '-')
		p++;
	while (is_blank(*p))
		p++;
	return p;
}

bool core_case_ref_normalise(const char *in, char *out, size_t outlen)
{
	if (in == NULL || out == NULL || outlen < CORE_CASE_REF_SIZE)
		return false;
	const char *p = in;
	while (is_blank(*p))
		p++;
	if (*p != 'Z' && *p != 'z')
		return false;
	p = skip_separator(p + 1);

	if (!(p[0] == '2' && p[1] == '0' && is_digit(p[2]) && is_digit(p[3])))
		return false;
	int year = 2000 + (p[2] - '0') * 10 + (p[3] - '0');
	p = skip_separator(p + 4);

	/* Without separators ("Z2026000123") the year is the first four digits and the
	 * rest is the sequence, so the same loop serves both spellings. */
	long seq = 0;
	int digits = 0;
	while (is_digit(*p)) {
		if (++digits > 6)
			return false;
		seq = seq * 10 + (*p++ - '0');
	}
	while (is_blank(*p))
		p++;
	if (digits == 0 || seq == 0 || *p != '\0')
		return false;

	/* Written by hand: snprintf is fine here, but -Wformat-truncation cannot see the ranges. */
	char buf[CORE_CASE_REF_SIZE] = "Z-0000-000000";
	for (int i = 5, y = year; i >= 2; i--, y /= 10)
		buf[i] = (char)('0' + y % 10);
	for (int i = 12; i >= 7; i--, seq /= 10)
		buf[i] = (char)('0' + seq % 10);
	memcpy(out, buf, sizeof buf);
	return true;
}
