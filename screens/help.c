/* help.c — the keys of the screen the agent came from, generated from the
 * live bindings (default keymap plus the user's) and the action table. */
#include "screens/screens.h"
#include "ui/draw.h"
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

/* A line of the help, and its heading: keys, action, what it does. */
#define HELP_LINE " %-16s %-17s %s"

static void help_draw(struct screen *s, struct app *a, int top, int rows)
{
	(void)a;
	struct help *h = (struct help *)s;
	h->rows = rows - 1;
	ui_list_move(&h->list, 0, h->rows);
	char head[128];
	snprintf(head, sizeof head, HELP_LINE, "Key(s)", "Action", "What it does");
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
	h->lines = calloc(A_COUNT + 1, sizeof *h->lines);
	const struct keymap *km = app_keymap(a);
	/* Bound actions first, in table order; then the ones only the command
	 * line reaches. */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 1; i < A_COUNT; i++) {
			char keys[64];
			keymap_keys_for(km, context, (enum action)i, keys, sizeof keys);
			if ((pass == 0) != (keys[0] != '\0'))
				continue;
			char line[512];
			snprintf(line, sizeof line, HELP_LINE, keys[0] ? keys : "(:command)",
			         action_table[i].name, action_table[i].help);
			h->lines[h->list.n++] = ui_clean(line, false);
		}
	}
	return &h->base;
}
