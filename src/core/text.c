/* text.c — sanitising and measuring untrusted text before it reaches the terminal.
 *
 * Why replace rather than drop: a dropped ESC or U+202E leaves no trace for the agent,
 * while a visible stand-in shows that the data contained something odd. */
#include "core/text.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/utf8.h"

#define ELLIPSIS "\xe2\x80\xa6" /* U+2026, one column */

bool core_text_codepoint_unsafe(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return true; /* C0, DEL, C1 (0x9B is a one-byte CSI on some terminals) */
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return true;
	if (cp > 0x10FFFF)
		return true;
	switch (cp) {
	case 0x061C:          /* ARABIC LETTER MARK */
	case 0x200B:          /* ZERO WIDTH SPACE: makes equal-looking names differ */
	case 0x200E: case 0x200F: /* LRM, RLM */
	case 0x2028: case 0x2029: /* line and paragraph separators: break layouts */
	case 0xFEFF:          /* BOM / zero width no-break space */
	case 0xFFFE: case 0xFFFF: /* noncharacters */
		return true;
	default:
		break;
	}
	/* LRE…RLO embeddings and overrides; word joiner and invisible operators; LRI…PDI
	 * isolates and the deprecated format controls; interlinear annotation; tag characters.
	 * ZWJ/ZWNJ stay: scripts and emoji need them and they cannot reorder text. */
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
	       (cp >= 0x2066 && cp <= 0x206F) || (cp >= 0xFFF9 && cp <= 0xFFFB) ||
	       cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F);
}

char *core_text_sanitise(const char *in, size_t len, unsigned flags)
{
	if (in == NULL)
		len = 0;
	/* Worst case: every input byte becomes a 3-byte stand-in. */
	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	char *out = malloc(len * 3 + 1);
	if (out == NULL)
		return NULL;

	size_t o = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = core_utf8_decode(in + i, len - i, &cp);
		if (cp == CORE_UTF8_INVALID) {
			memcpy(out + o, CORE_UTF8_REPLACEMENT, 3);
			o += 3;
		} else if ((flags & CORE_TEXT_FOLD_SPACE) &&
		           (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v')) {
			if (o > 0 && out[o - 1] != ' ')
				out[o++] = ' ';
		} else if (cp == '\n' || cp == '\r') {
			bool crlf = cp == '\r' && i + 1 < len && in[i + 1] == '\n';
			if (crlf)
				n++; /* one line break, not two */
			out[o++] = (flags & CORE_TEXT_KEEP_NEWLINE) ? '\n' : ' ';
		} else if (cp == '\t') {
			out[o++] = (flags & CORE_TEXT_KEEP_TAB) ? '\t' : ' ';
		} else if (cp < 0x20 || cp == 0x7F) {
			/* Control pictures: U+2400..U+241F for C0, U+2421 for DEL. */
			o += core_utf8_encode(cp == 0x7F ? 0x2421 : 0x2400 + cp, out + o);
		} else if (core_text_codepoint_unsafe(cp)) {
			memcpy(out + o, CORE_UTF8_REPLACEMENT, 3);
			o += 3;
		} else {
			memcpy(out + o, in + i, n);
			o += n;
		}
		i += n;
	}
	if ((flags & CORE_TEXT_FOLD_SPACE) && o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';

	/* Give back the slack of the worst-case allocation; keep the big block if that fails. */
	char *shrunk = realloc(out, o + 1);
	return shrunk != NULL ? shrunk : out;
}

/* Measures the character at s: sets *bytes (≥ 1) and returns its columns (0 for combining
 * marks, 1 for anything unprintable or undecodable). Returns -1 at the terminating NUL. */
static int char_width(const char *s, size_t *bytes)
{
	if (*s == '\0')
		return -1;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	wchar_t wc;
	/* strnlen: never let mbrtowc look past the terminating NUL. */
	size_t n = mbrtowc(&wc, s, strnlen(s, MB_LEN_MAX), &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*bytes = 1;
		return 1;
	}
	*bytes = n;
	int w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

int core_text_width(const char *utf8)
{
	if (utf8 == NULL)
		return 0;
	long total = 0;
	size_t n;
	int w;
	while ((w = char_width(utf8, &n)) >= 0) {
		if (total < INT_MAX - 2)
			total += w; /* saturate rather than overflow on absurd input */
		utf8 += n;
	}
	return (int)total;
}

size_t core_text_fit(const char *utf8, int cols, char *out, size_t outlen)
{
	if (out == NULL || outlen == 0)
		return 0;
	out[0] = '\0';
	if (utf8 == NULL || cols <= 0)
		return 0;

	/* Walk clusters (a character plus the zero-width ones after it), remembering the last
	 * cut that leaves room for the ellipsis, until the text ends or stops fitting. */
	size_t bytes = 0, cut_bytes = 0;
	long width = 0, cut_width = 0;
	bool truncated = false;
	size_t ellipsis_room = outlen >= 4 ? outlen - 4 : 0;
	for (;;) {
		size_t n;
		int w = char_width(utf8 + bytes, &n);
		if (w < 0)
			break;
		size_t cluster = n;
		size_t m;
		while (char_width(utf8 + bytes + cluster, &m) == 0)
			cluster += m;
		if (width + w > cols || bytes + cluster + 1 > outlen) {
			truncated = true;
			break;
		}
		bytes += cluster;
		width += w;
		if (width <= cols - 1 && outlen >= 4 && bytes <= ellipsis_room) {
			cut_bytes = bytes;
			cut_width = width;
		}
	}

	if (!truncated) {
		memcpy(out, utf8, bytes);
		out[bytes] = '\0';
		return (size_t)width;
	}
	if (outlen < 4)
		return 0; /* not even the ellipsis fits */
	memcpy(out, utf8, cut_bytes);
	memcpy(out + cut_bytes, ELLIPSIS, sizeof ELLIPSIS);
	return (size_t)cut_width + 1;
}

size_t core_text_pad(const char *utf8, int cols, char *out, size_t outlen)
{
	if (out == NULL || outlen == 0)
		return 0;
	out[0] = '\0';
	/* Measured after sanitising: an ill-formed sequence or a control character takes the
	 * width of what stands in for it on the screen, not of its bytes. */
	char *safe = core_text_sanitise(utf8, utf8 != NULL ? strlen(utf8) : 0, 0);
	if (safe == NULL)
		return 0;
	/* Keep a byte per column for the padding, so that text heavy with combining marks is cut
	 * rather than left without room to pad; a buffer that small gets what room allows. */
	size_t room = cols > 0 && outlen > (size_t)cols + 4 ? outlen - (size_t)cols : outlen;
	size_t used = core_text_fit(safe, cols, out, room);
	free(safe);
	size_t len = strlen(out);
	for (; (long)used < cols && len + 1 < outlen; used++)
		out[len++] = ' ';
	out[len] = '\0';
	return used;
}
