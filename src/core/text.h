/* text.h — terminal safety and display width for untrusted text (everything from the database). */
#ifndef CORE_TEXT_H
#define CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* core_text_sanitise flags. */
#define CORE_TEXT_KEEP_NEWLINE 0x1u /* keep '\n' (and turn '\r' / "\r\n" into '\n'); else they become a space */
#define CORE_TEXT_KEEP_TAB     0x2u /* keep '\t'; else it becomes a space */
#define CORE_TEXT_FOLD_SPACE   0x4u /* runs of spaces, tabs and line breaks become one space, none at the ends */

/* Returns a malloc'd, NUL-terminated, valid UTF-8 copy of in[0..len) that is safe to draw:
 * ill-formed UTF-8 becomes U+FFFD per maximal subpart; C0 controls (ESC, BEL, NUL …) and
 * DEL become their control pictures (U+2400 + code, "␛", "␡"); C1 controls, bidi controls
 * and other invisible format characters become U+FFFD. NULL only when out of memory. */
char *core_text_sanitise(const char *in, size_t len, unsigned flags);

/* Tells whether cp must never reach a terminal as is: C0 controls (including '\n' and '\t',
 * which core_text_sanitise treats by its flags), DEL, C1, bidi controls, invisible format
 * characters that can spoof, the noncharacters U+FFFE/U+FFFF, and non-scalar values. */
bool core_text_codepoint_unsafe(uint32_t cp);

/* Returns the display width of utf8 in terminal columns (mbrtowc + wcwidth, so the caller
 * must have set a UTF-8 LC_CTYPE); non-printables and undecodable bytes count 1 each. */
int core_text_width(const char *utf8);

/* Copies into out (outlen bytes) the longest prefix of utf8 that fits in cols columns,
 * never splitting a character or separating it from its combining marks; if anything was
 * cut (by cols or by outlen) the copy ends in "…" inside the width. Returns the columns
 * used. Does not pad. */
size_t core_text_fit(const char *utf8, int cols, char *out, size_t outlen);

/* One cell of a column: copies into out (outlen bytes) the text made safe as
 * core_text_sanitise does (flags 0), fitted to cols columns as core_text_fit does ("…" when
 * cut) and padded with spaces to exactly cols columns. printf's "%-30.30s" counts bytes:
 * it misaligns names with diacritics and can cut a character in half. Returns the columns
 * written: cols whenever outlen is more than cols + 4 (fewer in a smaller buffer; 0 and ""
 * when out of memory). */
size_t core_text_pad(const char *utf8, int cols, char *out, size_t outlen);

#endif
