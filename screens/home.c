/* home.c — "my work": my open cases by deadline, my agreements due today
 * or overdue, callback requests for me or my team, and one line per queue
 * my team serves. Enter opens the customer of the selected line. */
#include "core/text.h"
#include "screens/rows.h"
#include "screens/screens.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes for one padded cell of a column (core_text_pad): room for any name. */
#define CELL 256

struct home {
	struct screen base;
	struct app *app;
	struct rows rows;
	bool loaded;
	char error[256];
};

static const char *home_title(struct screen *s)
{
	(void)s;
	return "my work";
}

static void add_cases(struct rows *r, const json_t *cases)
{
	rows_addf(r, true, UI_HEADING, " My open cases (%zu)", json_array_size(cases));
	size_t i;
	const json_t *c;
	json_array_foreach(cases, i, c)
	{
		char *ref = ui_json_str(c, "ref"), *subj = ui_json_str(c, "subject"),
		     *status = ui_json_str(c, "status"), *due = ui_json_str(c, "due_on"),
		     *who = ui_json_str(c, "party_name");
		const json_t *left = json_object_get(c, "working_days_left");
		char when[32], days[32] = "";
		fmt_when(due, false, when, sizeof when);
		if (json_is_integer(left))
			snprintf(days, sizeof days, "%lld wd", (long long)json_integer_value(left));
		bool late = json_is_integer(left) && json_integer_value(left) <= 5;
		char c_ref[CELL], c_status[CELL], c_who[CELL];
		core_text_pad(ref, 13, c_ref, sizeof c_ref);
		core_text_pad(status, 16, c_status, sizeof c_status);
		core_text_pad(who, 22, c_who, sizeof c_who);
		struct row *row = rows_addf(r, false, late ? UI_ALERT : UI_NORMAL,
		                            "  %s %-10s %-7s %s %s %s", c_ref, when, days, c_status,
		                            c_who, subj);
		row->party_id = (long)json_integer_value(json_object_get(c, "party_id"));
		snprintf(row->key, sizeof row->key, "%s", ref);
		row->purpose = "case";
		free(ref), free(subj), free(status), free(due), free(who);
	}
}

static void add_agreements(struct rows *r, const json_t *ags)
{
	rows_addf(r, true, UI_HEADING, " My agreements due today or overdue (%zu)",
	          json_array_size(ags));
	size_t i;
	const json_t *g;
	json_array_foreach(ags, i, g)
	{
		char *kind = ui_json_str(g, "kind"), *due = ui_json_str(g, "due_at"),
		     *who = ui_json_str(g, "party_name");
		char when[32];
		fmt_when(due, true, when, sizeof when);
		bool overdue = json_is_true(json_object_get(g, "overdue"));
		char c_kind[CELL];
		core_text_pad(kind, 13, c_kind, sizeof c_kind);
		struct row *row =
			rows_addf(r, false, overdue ? UI_ALERT : UI_NORMAL, "  %-16s %s %-8s %s", when,
		                  c_kind, overdue ? "OVERDUE" : "today", who);
		row->party_id = (long)json_integer_value(json_object_get(g, "party_id"));
		row->purpose = "agreement";
		free(kind), free(due), free(who);
	}
}

static void add_tasks(struct rows *r, const json_t *tasks)
{
	rows_addf(r, true, UI_HEADING, " Callback requests for me or my team (%zu)",
	          json_array_size(tasks));
	size_t i;
	const json_t *t;
	json_array_foreach(tasks, i, t)
	{
		char *reason = ui_json_str(t, "reason"), *due = ui_json_str(t, "due_at"),
		     *who = ui_json_str(t, "party_name"), *to = ui_json_str(t, "assigned");
		char when[32];
		fmt_when(due, true, when, sizeof when);
		char c_to[CELL], c_who[CELL];
		core_text_pad(to, 12, c_to, sizeof c_to);
		core_text_pad(who, 22, c_who, sizeof c_who);
		struct row *row =
			rows_addf(r, false, UI_NORMAL, "  %-16s %s %s %s", when, c_to, c_who, reason);
		row->party_id = (long)json_integer_value(json_object_get(t, "party_id"));
		row->purpose = "callback";
		free(reason), free(due), free(who), free(to);
	}
}

static void add_queues(struct rows *r, const json_t *queues)
{
	rows_addf(r, true, UI_HEADING, " My queues (%zu)", json_array_size(queues));
	size_t i;
	const json_t *q;
	json_array_foreach(queues, i, q)
	{
		char *name = ui_json_str(q, "name"), *ch = ui_json_str(q, "channel");
		long waiting = (long)json_integer_value(json_object_get(q, "waiting"));
		long longest = (long)json_integer_value(json_object_get(q, "longest_wait_seconds"));
		long sla = (long)json_integer_value(json_object_get(q, "sla_seconds"));
		char wait[32];
		if (longest >= 3600)
			snprintf(wait, sizeof wait, "%ldh%02ldm", longest / 3600, longest / 60 % 60);
		else
			snprintf(wait, sizeof wait, "%ld:%02ld", longest / 60, longest % 60);
		char c_name[CELL], c_ch[CELL];
		core_text_pad(name, 28, c_name, sizeof c_name);
		core_text_pad(ch, 9, c_ch, sizeof c_ch);
		rows_addf(r, false, waiting && longest > sla ? UI_ALERT : UI_NORMAL,
		          "  %s %s waiting %3ld   longest %s", c_name, c_ch, waiting, wait);
		free(name), free(ch);
	}
}

static void home_loaded(void *owner, const PGresult *r, const char *err, const char *state)
{
	struct home *h = owner;
	rows_clear(&h->rows);
	h->loaded = true;
	if (!r && strcmp(state, "42501") == 0) {
		/* An auditor's or an integration's role: no cases or queues of
		 * their own. */
		snprintf(h->error, sizeof h->error,
		         "No work list for the %s role: my work shows an agent's cases and queues.",
		         app_agent_role(h->app));
		return;
	}
	if (!r) {
		snprintf(h->error, sizeof h->error, "%s", err);
		return;
	}
	h->error[0] = '\0';
	json_t *w = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	if (!w) {
		snprintf(h->error, sizeof h->error, "my work: the database sent something that is not JSON");
		return;
	}
	add_cases(&h->rows, json_object_get(w, "cases"));
	add_agreements(&h->rows, json_object_get(w, "agreements"));
	add_tasks(&h->rows, json_object_get(w, "tasks"));
	add_queues(&h->rows, json_object_get(w, "queues"));
	json_decref(w);
}

static void home_reload(struct screen *s, struct app *a)
{
	dbq_send(app_db(a), s, home_loaded, "SELECT api.my_work()", 0, NULL);
}

static void home_draw(struct screen *s, struct app *a, int top, int rows)
{
	(void)a;
	struct home *h = (struct home *)s;
	if (h->error[0]) {
		ui_text(top + 1, 1, COLS - 2, h->error, ui_attr(UI_ALERT), false);
		return;
	}
	if (!h->loaded) {
		ui_text(top + 1, 1, COLS - 2, "Loading my work…", ui_attr(UI_DIM), false);
		return;
	}
	rows_draw(&h->rows, top, rows - 1);
	{
		char k[5][32], line[256];
		snprintf(line, sizeof line,
		         "%s search a customer · %s open · %s command · %s keys · %s quit",
		         app_key_for(a, A_SEARCH, k[0], sizeof k[0]),
		         app_key_for(a, A_OPEN, k[1], sizeof k[1]),
		         app_key_for(a, A_COMMAND, k[2], sizeof k[2]),
		         app_key_for(a, A_HELP, k[3], sizeof k[3]),
		         app_key_for(a, A_QUIT, k[4], sizeof k[4]));
		ui_text(top + rows - 1, 1, COLS - 2, line, ui_attr(UI_DIM), false);
	}
}

static bool home_action(struct screen *s, struct app *a, enum action act, const char *arg)
{
	(void)arg;
	struct home *h = (struct home *)s;
	if (rows_action(&h->rows, act)) {
		app_dirty(a);
		return true;
	}
	if (act == A_OPEN) {
		const struct row *row = rows_selected(&h->rows);
		if (row && row->party_id)
			screens_open_customer(a, row->party_id, row->purpose);
		else
			app_message(a, false, "Nothing to open on this line.");
		return true;
	}
	return false;
}

static void home_free(struct screen *s)
{
	struct home *h = (struct home *)s;
	rows_clear(&h->rows);
	free(h);
}

/* My work changes with cases, agreements and callback requests. */
static bool home_notice(struct screen *s, const json_t *n)
{
	(void)s;
	const char *kind = json_string_value(json_object_get(n, "kind"));
	return kind && (strcmp(kind, "case") == 0 || strcmp(kind, "agreement") == 0 ||
	                strcmp(kind, "task") == 0);
}

static const struct screen_ops home_ops = {
	.notice = home_notice,
	.name = "home",
	.title = home_title,
	.draw = home_draw,
	.action = home_action,
	.reload = home_reload,
	.free = home_free,
};

struct screen *screen_home_new(struct app *a)
{
	struct home *h = calloc(1, sizeof *h);
	h->base.ops = &home_ops;
	h->app = a;
	home_reload(&h->base, a);
	return &h->base;
}
