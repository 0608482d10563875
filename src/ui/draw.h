/* draw.h — drawing text safely and in columns. Text from the database is
 * cleaned once, when it is loaded (ui_clean); drawing only fits it. */
#ifndef LOKET_UI_DRAW_H
#define LOKET_UI_DRAW_H

#include <curses.h>
#include <jansson.h>
#include <stdbool.h>

enum ui_color {
	UI_NORMAL = 0,
	UI_TITLE,
	UI_STATUS,
	UI_SELECTED,
	UI_ERROR,
	UI_ALERT,
	UI_DIM,
	UI_HEADING,
	UI_OK,
};

/* Set up colours, unless the terminal has none or NO_COLOR is set. */
void ui_colors_init(void);

/* The attributes for a role (colour pair or, without colour, bold/reverse). */
attr_t ui_attr(enum ui_color c);

/* A cleaned, malloc'd copy of untrusted text: no control characters, no
 * bidi overrides, valid UTF-8; newlines kept only when `multiline`. */
char *ui_clean(const char *s, bool multiline);

/* ui_clean of a JSON object's string member ("" when absent or null; a
 * number is formatted). */
char *ui_json_str(const json_t *obj, const char *key);

/* A JSON string member cleaned for one line, with runs of white space
 * folded to one space (an excerpt of a note or a letter); "" when absent. */
char *ui_json_folded(const json_t *obj, const char *key);

/* Draw cleaned text at (y, x) in at most `width` columns, padded with
 * spaces to `width` when `pad`. Returns the columns drawn. */
int ui_text(int y, int x, int width, const char *text, attr_t attr, bool pad);

/* Fill a row with spaces in `attr`. */
void ui_fill_row(int y, attr_t attr);

/* Display width of cleaned text. */
int ui_width(const char *text);

#endif
