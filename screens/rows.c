/* rows.c — see rows.h. */
#include "screens/rows.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct row *rows_add(struct rows *r, bool heading, enum ui_color color, const char *text)
{
	if (r->list.n == r->cap) {
		int cap = r->cap ? r->cap * 2 : 32;
		struct row *v = realloc(r->v, (size_t)cap * sizeof *v);
		if (!v)
			abort();
		r->v = v;
		r->cap = cap;
	}
	struct row *row = &r->v[r->list.n++];
	memset(row, 0, sizeof *row);
	row->text = ui_clean(text, false);
	row->heading = heading;
	row->color = color;
	/* Keep the selection off headings. */
	if (r->list.n == 1 || (r->v[r->list.sel].heading && !heading))
		r->list.sel = r->list.n - 1;
	return row;
}

struct row *rows_addf(struct rows *r, bool heading, enum ui_color color, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return rows_add(r, heading, color, buf);
}

void rows_set(struct rows *r, int i, enum ui_color color, const char *text)
{
	if (i < 0 || i >= r->list.n)
		return;
	free(r->v[i].text);
	r->v[i].text = ui_clean(text, false);
	r->v[i].color = color;
}

void rows_clear(struct rows *r)
{
	for (int i = 0; i < r->list.n; i++)
		free(r->v[i].text);
	free(r->v);
	memset(r, 0, sizeof *r);
}

void rows_mark(const struct rows *r, struct rows_mark *m)
{
	const struct row *row = rows_selected(r);
	m->purpose = row ? row->purpose : NULL;
	snprintf(m->key, sizeof m->key, "%s", row ? row->key : "");
	m->sel = r->list.sel;
	m->top = r->list.top;
}

void rows_restore(struct rows *r, const struct rows_mark *m)
{
	int n = r->list.n, at = -1;
	for (int i = 0; m->purpose && m->key[0] && i < n; i++)
		if (!r->v[i].heading && r->v[i].purpose &&
		    strcmp(r->v[i].purpose, m->purpose) == 0 && strcmp(r->v[i].key, m->key) == 0)
			at = i;
	if (at < 0) {
		/* Gone: the nearest selectable line at or above where it was. */
		at = m->sel < n ? m->sel : n - 1;
		while (at > 0 && r->v[at].heading)
			at--;
		while (at >= 0 && at < n - 1 && r->v[at].heading)
			at++;
	}
	if (at < 0)
		return;
	r->list.sel = at;
	r->list.top = at - (m->sel - m->top);
	if (r->list.top < 0)
		r->list.top = 0;
	if (r->list.top > at)
		r->list.top = at;
}

void rows_draw(struct rows *r, int top, int n)
{
	r->shown = n;
	ui_list_move(&r->list, 0, n);
	for (int i = 0; i < n && r->list.top + i < r->list.n; i++) {
		const struct row *row = &r->v[r->list.top + i];
		attr_t at = row->heading ? ui_attr(UI_HEADING) : ui_attr(row->color);
		if (r->list.top + i == r->list.sel && !row->heading)
			at = ui_attr(UI_SELECTED);
		ui_text(top + i, 0, COLS, row->text, at, true);
	}
}

/* Move by delta to the nearest selectable row in the direction of travel
 * (or, at an end, the other way). */
static void rows_move(struct rows *r, int delta)
{
	int n = r->list.n, rows = r->shown > 0 ? r->shown : 10;
	if (n == 0)
		return;
	int dir = delta < 0 ? -1 : 1;
	int target = r->list.sel + delta;
	target = target < 0 ? 0 : target >= n ? n - 1 : target;
	int i = target;
	while (i >= 0 && i < n && r->v[i].heading)
		i += dir;
	if (i < 0 || i >= n)
		for (i = target; i >= 0 && i < n && r->v[i].heading; i -= dir)
			;
	if (i < 0 || i >= n)
		return;
	ui_list_move(&r->list, i - r->list.sel, rows);
	/* Show the heading above the first item of a section. */
	if (r->list.sel > 0 && r->v[r->list.sel - 1].heading && r->list.top == r->list.sel)
		r->list.top--;
}

bool rows_action(struct rows *r, enum action act)
{
	int page = r->shown > 1 ? r->shown - 1 : 1;
	switch (act) {
	case A_UP:
		rows_move(r, -1);
		return true;
	case A_DOWN:
		rows_move(r, 1);
		return true;
	case A_PAGE_UP:
		rows_move(r, -page);
		return true;
	case A_PAGE_DOWN:
		rows_move(r, page);
		return true;
	case A_FIRST:
		rows_move(r, -r->list.n);
		return true;
	case A_LAST:
		rows_move(r, r->list.n);
		return true;
	default:
		return false;
	}
}

bool rows_next_section(struct rows *r)
{
	int n = r->list.n, rows = r->shown > 0 ? r->shown : 10;
	for (int k = 1; k <= n; k++) {
		int i = (r->list.sel + k) % n;
		if (r->v[i].heading && i + 1 < n && !r->v[i + 1].heading &&
		    i + 1 != r->list.sel) {
			ui_list_move(&r->list, i + 1 - r->list.sel, rows);
			/* With its heading in view. */
			if (r->list.top == r->list.sel)
				r->list.top--;
			return true;
		}
	}
	return false;
}

const struct row *rows_selected(const struct rows *r)
{
	if (r->list.n == 0 || r->v[r->list.sel].heading)
		return NULL;
	return &r->v[r->list.sel];
}

void fmt_when(const char *iso, bool with_time, char *out, size_t len)
{
	/* "2026-11-28" or "2026-11-28T14:03:00+01:00" / "2026-11-28 14:03…" */
	if (!iso || strlen(iso) < 10) {
		snprintf(out, len, "%s", iso ? iso : "");
		return;
	}
	if (with_time && strlen(iso) >= 16)
		snprintf(out, len, "%.2s-%.2s-%.4s %.5s", iso + 8, iso + 5, iso, iso + 11);
	else
		snprintf(out, len, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
}
