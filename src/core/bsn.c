/* bsn.c — BSN elfproef and KvK number shape. */
#include "core/bsn.h"

#include <string.h>

/* Counts the leading ASCII digits of s, stopping at max + 1 so huge inputs cost nothing. */
static size_t digit_run(const char *s, size_t max)
{
	size_t n = 0;
	while (n <= max && s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

bool core_bsn_valid(const char *s)
{
	if (s == NULL || digit_run(s, 9) != 9 || s[9] != '\0')
		return false;
	int sum = 0;
	bool any_nonzero = false;
	for (int i = 0; i < 9; i++) {
		int d = s[i] - '0';
		any_nonzero |= d != 0;
		/* Weights 9..2 for the first eight digits, −1 for the last. */
		sum += (i < 8) ? (9 - i) * d : -d;
	}
	return any_nonzero && sum % 11 == 0;
}

bool core_kvk_valid(const char *s)
{
	if (s == NULL)
		return false;
	size_t n = digit_run(s, 12);
	if ((n != 8 && n != 12) || s[n] != '\0')
		return false;
	/* A number of only zeros is a placeholder, never issued. */
	return strspn(s, "0") != n;
}

void core_bsn_mask(const char *bsn, char out[10])
{
	if (core_bsn_valid(bsn)) {
		memcpy(out, "*****", 5);
		memcpy(out + 5, bsn + 5, 4);
	} else {
		memcpy(out, "*********", 9);
	}
	out[9] = '\0';
}
