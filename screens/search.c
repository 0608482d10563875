/* search.c — search results. What the agent typed is classified first
 * (core/query.h) and each kind has its own index in the database. Enter
 * asks for the purpose and opens the customer; with no hit, the nearest
 * surnames are offered. */
#include "core/found.h"
#include "core/name.h"
#include "core/text.h"
#include "db/party.h"
#include "screens/rows.h"
#include "screens/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes for one padded cell of a column (core_text_pad): room for any name. */
#define CELL 256

struct search {
	struct screen base;
	struct app *app;
	char query[256];
	char title[300];
	struct core_query q;
	struct rows rows;
	bool loaded;
	char error[300];
	char *more[2]; /* cleaned; the notice above a list cut at CORE_FOUND_SHOWN, else NULL */
};

static void more_clear(struct search *s)
{
	for (int i = 0; i < 2; i++) {
		free(s->more[i]);
		s->more[i] = NULL;
	}
}

static const char *search_title(struct screen *s)
{
	return ((struct search *)s)->title;
}

/* Tab in the next search completes the surnames seen (core_found_completions). */
static void remember(void *app, const char *word)
{
	app_remember_name(app, word);
}

/* Tells whether a suggested surname is the one searched: searching it with the same birth
 * date would find nothing again. */
static bool searched_surname(const struct search *s, const char *surname)
{
	char norm[sizeof s->q.key];
	return core_name_normalise(surname, norm, sizeof norm) < sizeof norm &&
	       strcmp(norm, s->q.key) == 0;
}

static void suggest_loaded(void *owner, const PGresult *r, const char *err, const char *state)
{
	struct search *s = owner;
	if (!r) {
		app_refusal(s->app, "Searching customers", err, state, s->error, sizeof s->error);
		return;
	}
	int shown = 0;
	for (int i = 0; i < PQntuples(r); i++) {
		const char *name = PQgetvalue(r, i, 0);
		bool same = searched_surname(s, name);
		if (same && !s->q.birth_year)
			continue; /* it would search the same again */
		if (shown++ == 0)
			rows_add(&s->rows, true, UI_HEADING, " Nearest names (Enter searches one):");
		struct row *row = rows_addf(&s->rows, false, UI_NORMAL, "  %s%s", name,
		                            same ? " (without the birth date)" : "");
		snprintf(row->key, sizeof row->key, "%s", name);
		core_found_completions(name, false, remember, s->app);
	}
	if (shown == 0)
		rows_add(&s->rows, false, UI_DIM, "  No similar names either.");
}

static void search_loaded(void *owner, const PGresult *r, const char *err, const char *state)
{
	struct search *s = owner;
	s->loaded = true;
	rows_clear(&s->rows);
	more_clear(s);
	if (!r) {
		app_refusal(s->app, "Searching customers", err, state, s->error, sizeof s->error);
		return;
	}
	/* One more than shown was asked for: a full list says so, or the agent reads its end
	 * as the end of what the database holds. */
	int n = PQntuples(r);
	if (n > CORE_FOUND_SHOWN) {
		n = CORE_FOUND_SHOWN;
		char line[600];
		snprintf(line, sizeof line, "More than %d found for \"%s\": only the first %d are shown.",
		         CORE_FOUND_SHOWN, s->query, CORE_FOUND_SHOWN);
		s->more[0] = ui_clean(line, false);
		snprintf(line, sizeof line, "To narrow the search, %s.", core_found_narrow(&s->q));
		s->more[1] = ui_clean(line, false);
	}
	if (n == 0) {
		rows_addf(&s->rows, true, UI_ALERT, " No customer found for \"%s\" (searched as %s).",
		          s->query, core_query_kind_name(s->q.kind));
		if (s->q.kind == CORE_Q_NAME) {
			const char *p[] = {s->q.key, "5"};
			dbq_send(app_db(s->app), s, suggest_loaded, DB_SQL_NAME_SUGGEST, 2, p);
		}
		return;
	}
	rows_addf(&s->rows, true, UI_HEADING, " %-30s %-10s %-9s %-30s %s", "Name", "Born", "BSN",
	          "Address", "Open");
	for (int i = 0; i < n; i++) {
		char born[16], name[CELL], addr[CELL];
		fmt_when(PQgetvalue(r, i, 4), false, born, sizeof born);
		core_text_pad(PQgetvalue(r, i, 3), 30, name, sizeof name);
		core_text_pad(PQgetisnull(r, i, 6) ? "-" : PQgetvalue(r, i, 6), 30, addr,
		              sizeof addr);
		struct row *row = rows_addf(&s->rows, false, UI_NORMAL, " %s %-10s %-9s %s %s", name,
		                            born, PQgetvalue(r, i, 5), addr, PQgetvalue(r, i, 7));
		row->party_id = strtol(PQgetvalue(r, i, 0), NULL, 10);
		core_found_completions(PQgetvalue(r, i, 3), strcmp(PQgetvalue(r, i, 1), "person") == 0,
		                       remember, s->app);
	}
}

static void search_reload(struct screen *sc, struct app *a)
{
	struct search *s = (struct search *)sc;
	struct db_search_args args;
	char why[200];
	s->error[0] = '\0';
	if (!db_search_args(&s->q, CORE_FOUND_SHOWN + 1, &args, why, sizeof why)) {
		s->loaded = true;
		rows_clear(&s->rows);
		more_clear(s);
		rows_addf(&s->rows, true, UI_ALERT, " Cannot search \"%s\": %s", s->query, why);
		return;
	}
	dbq_send(app_db(a), s, search_loaded, DB_SQL_PARTY_SEARCH, 6, args.v);
}

static void search_draw(struct screen *sc, struct app *a, int top, int rows)
{
	(void)a;
	struct search *s = (struct search *)sc;
	if (s->error[0]) {
		ui_text(top + 1, 1, COLS - 2, s->error, ui_attr(UI_ALERT), false);
		return;
	}
	if (!s->loaded) {
		ui_text(top + 1, 1, COLS - 2, "Searching…", ui_attr(UI_DIM), false);
		return;
	}
	/* The notice stays on screen however far the agent scrolls. */
	int head = 0;
	for (; head < 2 && s->more[head]; head++)
		ui_text(top + head, 1, COLS - 2, s->more[head], ui_attr(UI_ALERT), false);
	rows_draw(&s->rows, top + head, rows - 1 - head);
	ui_text(top + rows - 1, 1, COLS - 2, "Enter open · / new search · q back", ui_attr(UI_DIM),
	        false);
}

static bool search_action(struct screen *sc, struct app *a, enum action act, const char *arg)
{
	(void)arg;
	struct search *s = (struct search *)sc;
	if (rows_action(&s->rows, act)) {
		app_dirty(a);
		return true;
	}
	if (act != A_OPEN)
		return false;
	const struct row *row = rows_selected(&s->rows);
	if (row && row->party_id) {
		screens_open_customer(a, row->party_id, app_default_purpose(a));
	} else if (row && row->key[0]) {
		/* A suggested surname: search it, keeping the birth date typed, unless it is the
		 * surname searched, which is found only without that date. */
		char q[300];
		if (searched_surname(s, row->key))
			snprintf(q, sizeof q, "%s", row->key);
		else if (s->q.birth_year && s->q.birth_day)
			snprintf(q, sizeof q, "%s %02d-%02d-%04d", row->key, s->q.birth_day,
			         s->q.birth_month, s->q.birth_year);
		else if (s->q.birth_year)
			snprintf(q, sizeof q, "%s %04d", row->key, s->q.birth_year);
		else
			snprintf(q, sizeof q, "%s", row->key);
		app_replace(a, screen_search_new(a, q));
	}
	return true;
}

static void search_free(struct screen *sc)
{
	struct search *s = (struct search *)sc;
	rows_clear(&s->rows);
	more_clear(s);
	free(s);
}

static const struct screen_ops search_ops = {
	.name = "search",
	.title = search_title,
	.draw = search_draw,
	.action = search_action,
	.reload = search_reload,
	.free = search_free,
};

struct screen *screen_search_new(struct app *a, const char *query)
{
	struct search *s = calloc(1, sizeof *s);
	s->base.ops = &search_ops;
	s->app = a;
	snprintf(s->query, sizeof s->query, "%s", query);
	char *clean = ui_clean(query, false);
	snprintf(s->title, sizeof s->title, "search: %s", clean);
	free(clean);
	core_query_classify(query, &s->q);
	search_reload(&s->base, a);
	return &s->base;
}

struct open_req {
	long party_id;
	char **codes;
	int n;
};

static void purpose_chosen(struct app *a, void *arg, int index)
{
	struct open_req *o = arg;
	if (index >= 0 && index < o->n)
		app_push(a, screen_customer_new(a, o->party_id, o->codes[index]));
	for (int i = 0; i < o->n; i++)
		free(o->codes[i]);
	free(o->codes);
	free(o);
}

void screens_open_customer(struct app *a, long party_id, const char *preset)
{
	const json_t *purposes = json_object_get(app_reference(a), "purposes");
	size_t n = json_array_size(purposes);
	if (n == 0) {
		app_message(a, true, "The database lists no purposes; cannot open a customer.");
		return;
	}
	struct open_req *o = calloc(1, sizeof *o);
	o->party_id = party_id;
	o->codes = calloc(n, sizeof *o->codes);
	const char **names = calloc(n + 1, sizeof *names);
	int pre = 0;
	for (size_t i = 0; i < n; i++) {
		const json_t *p = json_array_get(purposes, i);
		const char *code = json_string_value(json_object_get(p, "code"));
		o->codes[i] = strdup(code ? code : "");
		names[i] = json_string_value(json_object_get(p, "name"));
		if (!names[i])
			names[i] = o->codes[i];
		if (preset && strcmp(o->codes[i], preset) == 0)
			pre = (int)i;
	}
	o->n = (int)n;
	app_choose(a, "Why are you opening this customer? (logged)", names, pre, purpose_chosen, o);
	free(names);
}
