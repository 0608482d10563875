/* wrap.c — see wrap.h. */
#include "core/wrap.h"
#include "core/utf8.h"

#include <wchar.h>

/* Measures the character at s[0..len) (len > 0): sets *bytes and returns its columns. */
static int char_cols(const char *s, size_t len, size_t *bytes)
{
	uint32_t cp;
	*bytes = core_utf8_decode(s, len, &cp);
	if (cp == CORE_UTF8_INVALID)
		return 1;
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

size_t core_wrap_row(const char *utf8, size_t len, int cols)
{
	size_t at = 0;
	int used = 0;
	while (at < len) {
		size_t n;
		int w = char_cols(utf8 + at, len - at, &n);
		if (w > 0 && at > 0 && used + w > cols)
			break;
		used += w;
		at += n;
	}
	return at;
}

int core_wrap_width(const char *utf8, size_t len)
{
	int used = 0;
	for (size_t at = 0, n; at < len; at += n)
		used += char_cols(utf8 + at, len - at, &n);
	return used;
}
