/* email.c — deliberately a plausibility check, not RFC 5322: quoted local parts and
 * address literals do not occur in customer data, and rejecting them keeps keys simple.
 * The local part is lower-cased too: mailbox names are case-insensitive in practice,
 * and one customer must not become two because of a capital. */
#include "core/email.h"

#include <string.h>

#include "core/text.h"
#include "core/utf8.h"

enum { MAX_LOCAL = 64, MAX_ADDRESS = 254 };

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Tells whether a dotted part has no empty label: no leading, trailing or double dot. */
static bool dots_ok(const char *s, size_t len)
{
	if (len == 0 || s[0] == '.' || s[len - 1] == '.')
		return false;
	for (size_t i = 1; i < len; i++)
		if (s[i] == '.' && s[i - 1] == '.')
			return false;
	return true;
}

bool core_email_normalise(const char *in, char *out, size_t outlen)
{
	if (in == NULL || out == NULL)
		return false;
	while (is_blank(*in))
		in++;
	size_t len = strlen(in);
	while (len > 0 && is_blank(in[len - 1]))
		len--;
	if (len == 0 || len > MAX_ADDRESS || len + 1 > outlen)
		return false;

	const char *at = memchr(in, '@', len);
	if (at == NULL || memchr(at + 1, '@', len - (size_t)(at - in) - 1) != NULL)
		return false;
	size_t local_len = (size_t)(at - in);
	const char *domain = at + 1;
	size_t domain_len = len - local_len - 1;
	if (local_len == 0 || local_len > MAX_LOCAL || !dots_ok(in, local_len))
		return false;
	if (!dots_ok(domain, domain_len) || memchr(domain, '.', domain_len) == NULL)
		return false;

	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)in[i];
		if (c >= 0x80) {
			uint32_t cp;
			size_t n = core_utf8_decode(in + i, len - i, &cp);
			if (cp == CORE_UTF8_INVALID || core_text_codepoint_unsafe(cp) || cp == 0xA0)
				return false;
			i += n;
			continue;
		}
		if (c <= 0x20 || c == 0x7F)
			return false;
		bool in_domain = in + i > at;
		/* Characters that need quoting in a local part, and anything but
		 * letters, digits, '-' and '.' in a host name. */
		if (in_domain ? !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		                  (c >= '0' && c <= '9') || c == '-' || c == '.')
		              : strchr("()<>[]\\,;:\"", c) != NULL)
			return false;
		i++;
	}

	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[len] = '\0';
	return true;
}
