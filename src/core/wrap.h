/* wrap.h — cutting a line of text into rows of a terminal's width, so that text being typed
 * shows whole rather than cut off. */
#ifndef CORE_WRAP_H
#define CORE_WRAP_H

#include <stddef.h>

/* Returns how many bytes of utf8[0..len) make its first row of at most cols columns: the
 * longest prefix that fits, never splitting a character nor parting it from the zero-width
 * marks after it; at least one character (with its marks) when len > 0, even one wider than
 * cols, so that a loop over the rows always ends. Widths are wcwidth's (the caller sets a
 * UTF-8 LC_CTYPE); undecodable bytes and unprintables count one column. */
size_t core_wrap_row(const char *utf8, size_t len, int cols);

/* Returns the display width of utf8[0..len), measured as core_wrap_row measures. */
int core_wrap_width(const char *utf8, size_t len);

#endif
