/* phone.c — phone number normalisation; ASCII only, no numbering-plan database:
 * Dutch numbers are checked for length, foreign ones only for E.164's limits. */
#include "core/phone.h"

#include <string.h>

enum { MAX_DIGITS = 20 };

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_separator(char c) { return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '/'; }

bool core_phone_normalise(const char *in, char *out, size_t outlen)
{
	if (in == NULL || out == NULL)
		return false;
	const char *p = in;
	while (*p == ' ' || *p == '\t')
		p++;

	bool international = false;
	if (*p == '+') {
		international = true;
		p++;
	}

	char digits[MAX_DIGITS + 1];
	size_t n = 0;
	bool had_group = false;
	for (; *p != '\0'; p++) {
		if (is_digit(*p)) {
			if (n == MAX_DIGITS)
				return false;
			digits[n++] = *p;
		} else if (is_separator(*p)) {
			continue;
		} else if (*p == '(') {
			/* One parenthesised group of digits: an area code "(020)", or the trunk
			 * prefix "(0)" that "+31 (0)6 …" shows but must not be dialled. */
			if (had_group)
				return false;
			had_group = true;
			const char *close = strchr(p, ')');
			if (close == NULL || close == p + 1)
				return false;
			size_t len = (size_t)(close - p - 1);
			if (strspn(p + 1, "0123456789") != len)
				return false;
			bool after_cc = international || (n >= 2 && digits[0] == '0' && digits[1] == '0');
			bool trunk = after_cc && len == 1 && p[1] == '0';
			if (!trunk) {
				if (n + len > MAX_DIGITS)
					return false;
				memcpy(digits + n, p + 1, len);
				n += len;
			}
			p = close;
		} else {
			return false; /* letters, a second '+', a stray ')' … */
		}
	}
	digits[n] = '\0';

	if (!international && n >= 2 && digits[0] == '0' && digits[1] == '0') {
		international = true; /* "0031…": the international access code */
		memmove(digits, digits + 2, n - 1);
		n -= 2;
	}

	char result[CORE_PHONE_MAX];
	if (international) {
		if (n == 0 || digits[0] == '0')
			return false;
		if (digits[0] == '3' && digits[1] == '1') {
			const char *national = digits + 2;
			size_t len = n - 2;
			if (len > 0 && national[0] == '0') {
				national++; /* "+31 06 …": a trunk 0 written without the parentheses */
				len--;
			}
			if (len != 9 || national[0] == '0')
				return false;
			memcpy(result, "+31", 3);
			memcpy(result + 3, national, len + 1);
		} else {
			/* E.164 allows 15 digits; the shortest numbers in use (small island states) have 7. */
			if (n < 7 || n > 15)
				return false;
			result[0] = '+';
			memcpy(result + 1, digits, n + 1);
		}
	} else {
		if (n != 10 || digits[0] != '0' || digits[1] == '0')
			return false;
		memcpy(result, "+31", 3);
		memcpy(result + 3, digits + 1, 10);
	}

	size_t len = strlen(result);
	if (len + 1 > outlen)
		return false;
	memcpy(out, result, len + 1);
	return true;
}
