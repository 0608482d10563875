/* utf8.c — strict UTF-8 per Unicode 15 table 3-7, with the "maximal subpart" rule for
 * errors (Unicode 3.9, U+FFFD substitution), which is what browsers and terminals do. */
#include "core/utf8.h"

size_t core_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	if (len == 0) {
		*cp = CORE_UTF8_INVALID;
		return 0;
	}
	unsigned char b0 = p[0];
	if (b0 < 0x80) {
		*cp = b0;
		return 1;
	}

	/* The second byte's allowed range depends on the lead byte: that is how overlongs,
	 * surrogates and values above U+10FFFF are refused without decoding them first. */
	size_t need;
	unsigned char lo = 0x80, hi = 0xBF;
	uint32_t value;
	if (b0 >= 0xC2 && b0 <= 0xDF) {
		need = 1;
		value = b0 & 0x1Fu;
	} else if (b0 >= 0xE0 && b0 <= 0xEF) {
		need = 2;
		value = b0 & 0x0Fu;
		if (b0 == 0xE0)
			lo = 0xA0;
		else if (b0 == 0xED)
			hi = 0x9F;
	} else if (b0 >= 0xF0 && b0 <= 0xF4) {
		need = 3;
		value = b0 & 0x07u;
		if (b0 == 0xF0)
			lo = 0x90;
		else if (b0 == 0xF4)
			hi = 0x8F;
	} else {
		/* 0x80..0xC1 and 0xF5..0xFF never start a well-formed sequence. */
		*cp = CORE_UTF8_INVALID;
		return 1;
	}

	size_t i = 1;
	for (; i <= need; i++) {
		if (i >= len) {
			*cp = CORE_UTF8_INVALID; /* truncated: the whole prefix is one subpart */
			return i;
		}
		unsigned char b = p[i];
		if (b < lo || b > hi) {
			*cp = CORE_UTF8_INVALID; /* the offending byte starts the next attempt */
			return i;
		}
		value = (value << 6) | (b & 0x3Fu);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = value;
	return i;
}

size_t core_utf8_encode(uint32_t cp, char out[4])
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		o[0] = (unsigned char)(0xF0 | (cp >> 18));
		o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (unsigned char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

bool core_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = core_utf8_decode(s + i, len - i, &cp);
		if (cp == CORE_UTF8_INVALID)
			return false;
		i += n;
	}
	return true;
}
