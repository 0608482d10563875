/* draw.c — see draw.h. */
#include "ui/draw.h"
#include "core/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool use_color;

void ui_colors_init(void)
{
	const char *nc = getenv("NO_COLOR");
	use_color = has_colors() && !(nc && *nc);
	if (!use_color)
		return;
	start_color();
	use_default_colors();
	init_pair(UI_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(UI_STATUS, COLOR_BLACK, COLOR_CYAN);
	init_pair(UI_SELECTED, COLOR_BLACK, COLOR_YELLOW);
	init_pair(UI_ERROR, COLOR_WHITE, COLOR_RED);
	init_pair(UI_ALERT, COLOR_RED, -1);
	init_pair(UI_DIM, COLOR_BLUE, -1);
	init_pair(UI_HEADING, COLOR_CYAN, -1);
	init_pair(UI_OK, COLOR_GREEN, -1);
}

attr_t ui_attr(enum ui_color c)
{
	if (use_color) {
		attr_t bold = (c == UI_TITLE || c == UI_HEADING || c == UI_ALERT) ? A_BOLD : 0;
		return c == UI_NORMAL ? A_NORMAL : (attr_t)COLOR_PAIR(c) | bold;
	}
	switch (c) {
	case UI_TITLE:
	case UI_STATUS:
	case UI_SELECTED:
	case UI_ERROR:
		return A_REVERSE;
	case UI_ALERT:
	case UI_HEADING:
		return A_BOLD;
	case UI_DIM:
	case UI_OK:
	case UI_NORMAL:
		break;
	}
	return A_NORMAL;
}

static char *clean(const char *s, unsigned flags)
{
	if (!s)
		s = "";
	char *c = core_text_sanitise(s, strlen(s), flags);
	if (!c)
		abort();
	return c;
}

char *ui_clean(const char *s, bool multiline)
{
	return clean(s, multiline ? CORE_TEXT_KEEP_NEWLINE : 0);
}

char *ui_json_str(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	if (json_is_string(v))
		return ui_clean(json_string_value(v), false);
	char buf[64] = "";
	if (json_is_integer(v))
		snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, sizeof buf, "%g", json_real_value(v));
	else if (json_is_true(v))
		snprintf(buf, sizeof buf, "yes");
	else if (json_is_false(v))
		snprintf(buf, sizeof buf, "no");
	return ui_clean(buf, false);
}

char *ui_json_folded(const json_t *obj, const char *key)
{
	return clean(json_string_value(json_object_get(obj, key)), CORE_TEXT_FOLD_SPACE);
}

int ui_width(const char *text)
{
	return core_text_width(text);
}

int ui_text(int y, int x, int width, const char *text, attr_t attr, bool pad)
{
	if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + width > COLS)
		width = COLS - x;
	char buf[2048];
	int used = (int)core_text_fit(text ? text : "", width, buf, sizeof buf);
	attron(attr);
	mvaddstr(y, x, buf);
	if (pad)
		for (int i = used; i < width; i++)
			addch(' ');
	attroff(attr);
	return pad ? width : used;
}

void ui_fill_row(int y, attr_t attr)
{
	attron(attr);
	mvhline(y, 0, ' ', COLS);
	attroff(attr);
}
