/* item.c — one timeline item in full: a contact with its content, its
 * transcript (who said what) and its notes, or a note. Read with the
 * customer's access id: no new access-log row. */
#include "core/tstamp.h"
#include "db/party.h"
#include "screens/rows.h"
#include "screens/screens.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

struct para {
	char *text; /* cleaned, may hold newlines */
	enum ui_color color;
	int indent;
};

struct item {
	struct screen base;
	struct app *app;
	char title[200];
	char error[300];
	bool loaded;
	struct para *paras;
	int np, pcap;
	/* wrapped lines for the current width */
	char **lines;
	enum ui_color *colors;
	int nlines, wrapped_for;
	int top, rows;
};

static const char *item_title(struct screen *s)
{
	return ((struct item *)s)->title;
}

static void para_add(struct item *it, enum ui_color color, int indent, const char *text)
{
	if (it->np == it->pcap) {
		int cap = it->pcap ? it->pcap * 2 : 32;
		struct para *p = realloc(it->paras, (size_t)cap * sizeof *p);
		if (!p)
			abort();
		it->paras = p;
		it->pcap = cap;
	}
	it->paras[it->np].text = ui_clean(text, true);
	it->paras[it->np].color = color;
	it->paras[it->np].indent = indent;
	it->np++;
}

/* para_add of a printf-formatted text, however long. */
static void para_addf(struct item *it, enum ui_color color, int indent, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void para_addf(struct item *it, enum ui_color color, int indent, const char *fmt, ...)
{
	va_list ap, again;
	va_start(ap, fmt);
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (!text)
		abort();
	vsnprintf(text, (size_t)n + 1, fmt, again);
	va_end(again);
	para_add(it, color, indent, text);
	free(text);
}

/* The time of a transcript turn as the rest of the screen shows times: the
 * instant `at` (RFC 3339) on the Amsterdam clock, "hh:mm", with the date in
 * front when it is not `day` ("yyyy-mm-dd", then set to it). "--:--" when
 * `at` is missing or not a time. */
static void turn_when(const char *at, char day[11], char *out, size_t len)
{
	char local[CORE_TSTAMP_SIZE], when[32];
	if (!core_tstamp_amsterdam(at, local, sizeof local)) {
		snprintf(out, len, "--:--");
		return;
	}
	fmt_when(local, true, when, sizeof when);
	const char *clock = strrchr(when, ' ');
	if (clock && strncmp(local, day, 10) == 0) {
		snprintf(out, len, "%s", clock + 1);
		return;
	}
	snprintf(out, len, "%s", when);
	memcpy(day, local, 10);
	day[10] = '\0';
}

static void lines_free(struct item *it)
{
	for (int i = 0; i < it->nlines; i++)
		free(it->lines[i]);
	free(it->lines);
	free(it->colors);
	it->lines = NULL;
	it->colors = NULL;
	it->nlines = 0;
}

static void line_add(struct item *it, int *cap, const char *s, size_t n, int indent,
                     enum ui_color color)
{
	if (it->nlines == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		it->lines = realloc(it->lines, (size_t)*cap * sizeof *it->lines);
		it->colors = realloc(it->colors, (size_t)*cap * sizeof *it->colors);
		if (!it->lines || !it->colors)
			abort();
	}
	char *l = malloc(n + (size_t)indent + 1);
	memset(l, ' ', (size_t)indent);
	memcpy(l + indent, s, n);
	l[n + (size_t)indent] = '\0';
	it->lines[it->nlines] = l;
	it->colors[it->nlines] = color;
	it->nlines++;
}

/* Bytes of the longest prefix of `s` that fits in `cols` columns. */
static size_t fit_bytes(const char *s, int cols)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t off = 0, len = strlen(s);
	int used = 0;
	while (off < len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s + off, len - off, &st);
		if (n == 0 || n == (size_t)-1 || n == (size_t)-2)
			n = 1, wc = L'?';
		int w = wcwidth(wc);
		if (w < 0)
			w = 1;
		if (used + w > cols)
			break;
		used += w;
		off += n;
	}
	return off;
}

/* Wrap every paragraph to `width` columns at spaces (a word longer than a
 * line is cut between characters). */
static void wrap(struct item *it, int width)
{
	lines_free(it);
	int cap = 0;
	for (int p = 0; p < it->np; p++) {
		const struct para *pa = &it->paras[p];
		int room = width - pa->indent;
		if (room < 10)
			room = 10;
		const char *s = pa->text;
		while (s) {
			const char *eol = strchr(s, '\n');
			char *one = eol ? strndup(s, (size_t)(eol - s)) : strdup(s);
			const char *q = one;
			if (!*q)
				line_add(it, &cap, "", 0, 0, pa->color);
			while (*q) {
				size_t fit = fit_bytes(q, room), used = fit;
				if (q[fit] != '\0') {
					size_t cut = fit;
					while (cut > 0 && q[cut] != ' ')
						cut--;
					if (cut > 0)
						used = cut;
				}
				if (used == 0)
					used = 1;
				line_add(it, &cap, q, used, pa->indent, pa->color);
				q += used;
				while (*q == ' ')
					q++;
			}
			free(one);
			s = eol ? eol + 1 : NULL;
		}
	}
	it->wrapped_for = width;
}

static void item_loaded(void *owner, const PGresult *r, const char *err, const char *state)
{
	(void)state;
	struct item *it = owner;
	it->loaded = true;
	if (!r) {
		snprintf(it->error, sizeof it->error, "%s", err);
		return;
	}
	json_t *v = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	if (!v) {
		snprintf(it->error, sizeof it->error, "The database sent an item that is not JSON.");
		return;
	}
	const char *type = json_string_value(json_object_get(v, "type"));
	bool note = type && strcmp(type, "note") == 0;
	char *at = ui_json_str(v, "at"), *ch = ui_json_str(v, note ? "channel" : "channel_name"),
	     *agent = ui_json_str(v, "agent"), *ref = ui_json_str(v, "case_ref");
	char when[32];
	fmt_when(at, true, when, sizeof when);
	if (note) {
		char *subj = ui_json_str(v, "interaction_subject"), *body = ui_json_str(v, "body");
		snprintf(it->title, sizeof it->title, "note of %s", when);
		para_addf(it, UI_HEADING, 1, "Note by %s, %s%s%s", agent[0] ? agent : "?", when,
		          ref[0] ? " · case " : "", ref);
		if (subj[0])
			para_addf(it, UI_DIM, 1, "On the contact: %s (%s)", subj, ch);
		if (!json_is_null(json_object_get(v, "corrects")) && json_object_get(v, "corrects"))
			para_add(it, UI_DIM, 1, "This note corrects an earlier one.");
		para_add(it, UI_NORMAL, 0, "");
		para_add(it, UI_NORMAL, 1, json_string_value(json_object_get(v, "body")));
		free(subj), free(body);
	} else {
		char *subj = ui_json_str(v, "subject"), *out = ui_json_str(v, "outcome_name"),
		     *dir = ui_json_str(v, "direction"), *actor = ui_json_str(v, "actor");
		snprintf(it->title, sizeof it->title, "%s of %s", ch, when);
		para_add(it, UI_HEADING, 1, subj);
		para_addf(it, UI_DIM, 1, "%s · %s · %s · by %s%s%s%s%s", when, ch,
		          strcmp(dir, "in") == 0 ? "from the customer" : "to the customer",
		          agent[0] ? agent : actor[0] ? actor : "-", out[0] ? " · outcome: " : "", out,
		          ref[0] ? " · case " : "", ref);
		if (json_is_true(json_object_get(v, "confidential")))
			para_add(it, UI_ALERT, 1, "Confidential contact.");
		const char *content = json_string_value(json_object_get(v, "content"));
		if (content && *content) {
			para_add(it, UI_NORMAL, 0, "");
			para_add(it, UI_NORMAL, 1, content);
		}
		const json_t *tr = json_object_get(v, "transcript");
		if (json_array_size(tr)) {
			para_add(it, UI_NORMAL, 0, "");
			para_addf(it, UI_HEADING, 1, "Transcript (%zu turns)", json_array_size(tr));
			/* A turn on the contact's day shows its time, others their date too. */
			char local[CORE_TSTAMP_SIZE], day[11] = "";
			if (core_tstamp_amsterdam(at, local, sizeof local))
				snprintf(day, sizeof day, "%.10s", local);
			size_t i;
			const json_t *turn;
			json_array_foreach(tr, i, turn)
			{
				char *who = ui_json_str(turn, "who"), *tat = ui_json_str(turn, "at");
				const char *text = json_string_value(json_object_get(turn, "text"));
				char t[32];
				turn_when(tat, day, t, sizeof t);
				para_addf(it, strcmp(who, "customer") == 0 ? UI_NORMAL : UI_DIM, 2,
				          "%s %-8s %s", t, who, text ? text : "");
				free(who), free(tat);
			}
		}
		const json_t *notes = json_object_get(v, "notes");
		if (json_array_size(notes)) {
			para_add(it, UI_NORMAL, 0, "");
			para_add(it, UI_HEADING, 1, "Notes");
			size_t i;
			const json_t *n;
			json_array_foreach(notes, i, n)
			{
				char *nat = ui_json_str(n, "at"), *na = ui_json_str(n, "agent");
				char nw[32];
				fmt_when(nat, true, nw, sizeof nw);
				para_addf(it, UI_DIM, 2, "%s, %s:", na, nw);
				para_add(it, UI_NORMAL, 4, json_string_value(json_object_get(n, "body")));
				free(nat), free(na);
			}
		}
		free(subj), free(out), free(dir), free(actor);
	}
	free(at), free(ch), free(agent), free(ref);
	json_decref(v);
	it->wrapped_for = 0;
}

static void item_draw(struct screen *s, struct app *a, int top, int rows)
{
	(void)a;
	struct item *it = (struct item *)s;
	if (it->error[0]) {
		ui_text(top + 1, 1, COLS - 2, it->error, ui_attr(UI_ALERT), false);
		return;
	}
	if (!it->loaded) {
		ui_text(top + 1, 1, COLS - 2, "Loading…", ui_attr(UI_DIM), false);
		return;
	}
	if (it->wrapped_for != COLS - 1)
		wrap(it, COLS - 1);
	it->rows = rows;
	if (it->top > it->nlines - rows)
		it->top = it->nlines - rows;
	if (it->top < 0)
		it->top = 0;
	for (int i = 0; i < rows && it->top + i < it->nlines; i++)
		ui_text(top + i, 0, COLS, it->lines[it->top + i], ui_attr(it->colors[it->top + i]), true);
}

static bool item_action(struct screen *s, struct app *a, enum action act, const char *arg)
{
	(void)arg;
	struct item *it = (struct item *)s;
	int page = it->rows > 1 ? it->rows - 1 : 1;
	switch (act) {
	case A_UP: it->top--; break;
	case A_DOWN: it->top++; break;
	case A_PAGE_UP: it->top -= page; break;
	case A_PAGE_DOWN: it->top += page; break;
	case A_FIRST: it->top = 0; break;
	case A_LAST: it->top = it->nlines; break;
	default: return false;
	}
	app_dirty(a);
	return true;
}

static void item_free(struct screen *s)
{
	struct item *it = (struct item *)s;
	lines_free(it);
	for (int i = 0; i < it->np; i++)
		free(it->paras[i].text);
	free(it->paras);
	free(it);
}

static const struct screen_ops item_ops = {
	.name = "item",
	.title = item_title,
	.draw = item_draw,
	.action = item_action,
	.reload = NULL,
	.free = item_free,
};

struct screen *screen_item_new(struct app *a, const char *access_id, long party_id,
                               const char *item_id)
{
	struct item *it = calloc(1, sizeof *it);
	it->base.ops = &item_ops;
	it->app = a;
	snprintf(it->title, sizeof it->title, "contact");
	char pid[32];
	snprintf(pid, sizeof pid, "%ld", party_id);
	const char *p[] = {access_id, pid, item_id};
	dbq_send(app_db(a), it, item_loaded, DB_SQL_TIMELINE_ITEM, 3, p);
	return &it->base;
}
