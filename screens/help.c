/* help.c — the keys of the screen the agent came from, generated from the
 * live bindings (default keymap plus the user's) and the action table: only
 * the actions that work on that screen. */
#include "screens/screens.h"
#include "ui/draw.h"
#include "ui/keydoc.h"
#include "ui/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct help {
	struct screen base;
	char context[16];
	char **lines;
	struct ui_list list;
	int rows;
};

static const char *help_title(struct screen *s)
{
	struct help *h = (struct help *)s;
	static char t[64];
	snprintf(t, sizeof t, "keys: %s", h->context);
	return t;
}

static void help_draw(struct screen *s, struct app *a, int top, int rows)
{
	(void)a;
	struct help *h = (struct help *)s;
	h->rows = rows - 1;
	ui_list_move(&h->list, 0, h->rows);
	char head[128];
	snprintf(head, sizeof head, KEYDOC_HELP_LINE, "Key(s)", "Action", "What it does");
	ui_text(top, 0, COLS, head, ui_attr(UI_HEADING), true);
	for (int r = 0; r < h->rows && h->list.top + r < h->list.n; r++) {
		int i = h->list.top + r;
		ui_text(top + 1 + r, 0, COLS, h->lines[i],
		        i == h->list.sel ? ui_attr(UI_SELECTED) : 0, true);
	}
}

static bool help_action(struct screen *s, struct app *a, enum action act, const char *arg)
{
	(void)arg;
	struct help *h = (struct help *)s;
	switch (act) {
	case A_UP: ui_list_move(&h->list, -1, h->rows); break;
	case A_DOWN: ui_list_move(&h->list, 1, h->rows); break;
	case A_PAGE_UP: ui_list_move(&h->list, -h->rows, h->rows); break;
	case A_PAGE_DOWN: ui_list_move(&h->list, h->rows, h->rows); break;
	case A_FIRST: ui_list_move(&h->list, -h->list.n, h->rows); break;
	case A_LAST: ui_list_move(&h->list, h->list.n, h->rows); break;
	case A_HELP: return true; /* already here */
	default: return false;
	}
	app_dirty(a);
	return true;
}

static void help_free(struct screen *s)
{
	struct help *h = (struct help *)s;
	for (int i = 0; i < h->list.n; i++)
		free(h->lines[i]);
	free(h->lines);
	free(h);
}

static const struct screen_ops help_ops = {
	.name = "help",
	.title = help_title,
	.draw = help_draw,
	.action = help_action,
	.reload = NULL,
	.free = help_free,
};

struct screen *screen_help_new(struct app *a, const char *context)
{
	struct help *h = calloc(1, sizeof *h);
	h->base.ops = &help_ops;
	snprintf(h->context, sizeof h->context, "%s", context);
	char **lines = keydoc_help(app_keymap(a), context);
	int n = 0;
	while (lines[n])
		n++;
	h->lines = calloc((size_t)n + 1, sizeof *h->lines);
	for (int i = 0; i < n; i++)
		h->lines[h->list.n++] = ui_clean(lines[i], false);
	keydoc_help_free(&lines);
	return &h->base;
}
