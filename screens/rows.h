/* rows.h — a list of text rows with headings, selection and scrolling,
 * shared by the screens that show lists (home, search). */
#ifndef LOKET_SCREENS_ROWS_H
#define LOKET_SCREENS_ROWS_H

#include "ui/action.h"
#include "ui/draw.h"
#include "ui/list.h"

#include <stdbool.h>

struct row {
	char *text;   /* cleaned */
	bool heading; /* not selectable */
	enum ui_color color;
	long party_id;       /* 0: none */
	char key[64];        /* what the row stands for: a case ref, a surname, … */
	const char *purpose; /* why opening its customer (static string) */
};

struct rows {
	struct row *v;
	struct ui_list list;
	int cap;
	int shown; /* rows drawn last time */
};

/* Add a row; `text` is cleaned here. Returns it for the caller to fill. */
struct row *rows_add(struct rows *r, bool heading, enum ui_color color, const char *text);

/* printf form of rows_add. */
struct row *rows_addf(struct rows *r, bool heading, enum ui_color color, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Give row `i` new text (cleaned here) and colour; nothing when there is
 * no such row. */
void rows_set(struct rows *r, int i, enum ui_color color, const char *text);

void rows_clear(struct rows *r);

/* The selected line, to find again after the rows are filled anew. */
struct rows_mark {
	const char *purpose; /* NULL: no line was selected */
	char key[64];
	int sel, top;
};
void rows_mark(const struct rows *r, struct rows_mark *m);

/* Select the line that stands for what the mark's line stood for, at the
 * same height on screen; when it is gone, the line now where it was. */
void rows_restore(struct rows *r, const struct rows_mark *m);

/* Draw in rows top .. top+n-1. */
void rows_draw(struct rows *r, int top, int n);

/* Handle movement actions; true if handled. */
bool rows_action(struct rows *r, enum action act);

/* Select the first line under the next heading that has lines, from the
 * top again after the last; false when no other heading has any. */
bool rows_next_section(struct rows *r);

/* The selected row, or NULL (none, or a heading). */
const struct row *rows_selected(const struct rows *r);

/* Format an ISO timestamp/date as "dd-mm-yyyy" (+ " hh:mm" when with_time). */
void fmt_when(const char *iso, bool with_time, char *out, size_t len);

#endif
