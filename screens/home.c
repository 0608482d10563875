/* home.c — "my work": my open cases by deadline, my agreements due today
 * or overdue, callback requests for me or my team, and one line per queue
 * my team serves. Enter opens the customer of the selected line.
 *
 * Live: a notice about my cases, agreements or callbacks, or my team's,
 * re-reads my work (and the selection stays on the line it was on); the
 * queue lines are read again every few seconds while my work is on screen
 * (api.my_queues: counts only, no access-log row) and their longest wait
 * counts on between reads; an agreement turns OVERDUE when its time comes;
 * my work is read again when the day changes. */
#include "core/text.h"
#include "core/tstamp.h"
#include "screens/rows.h"
#include "screens/screens.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Bytes for one padded cell of a column (core_text_pad): room for any name. */
#define CELL 256

/* How often the queue lines are read while my work is on screen. */
#define QUEUES_EVERY_MS 5000

/* How often expired kept customer views are cleared (api.views_tidy) while
 * my work is on screen: housekeeping kept off the path of an opening. */
#define TIDY_EVERY_MS 60000

struct home {
	struct screen base;
	struct app *app;
	struct rows rows;
	bool loaded;
	char error[256];
	json_t *work;       /* the last answer of api.my_work() */
	json_t *queues;     /* the last queue lines (my_work's, then my_queues') */
	long queues_at_ms;  /* when they were read (dbq_now_ms) */
	long next_poll_ms;  /* when to read them again */
	bool polling;       /* api.my_queues() asked, no answer yet */
	long next_tidy_ms;  /* when to clear expired kept views; -1: the role may not */
	long long next_due; /* when the next agreement shown falls due (Unix time), or 0 */
	long shown_wait;    /* the longest wait's seconds drawn last, to redraw as it counts */
	int queue_row;      /* the first queue line in rows */
	char day[11];       /* the Dutch date my work was read on */
};

/* Today in the Netherlands, "yyyy-mm-dd". */
static void today_nl(char out[11])
{
	time_t now = time(NULL);
	time_t local = now + core_amsterdam_offset((long long)now);
	struct tm tm;
	gmtime_r(&local, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static const char *home_title(struct screen *s)
{
	(void)s;
	return "my work";
}

/* My cases; `today` is the Dutch date, "yyyy-mm-dd". */
static void add_cases(struct rows *r, const json_t *cases, const char *today)
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
		/* A deadline passed with no working day since (a Friday's, seen on
		 * Sunday) counts 0 working days, as one due today does. */
		bool passed = due && strlen(due) >= 10 && strncmp(due, today, 10) < 0;
		if (json_is_integer(left) && passed && json_integer_value(left) == 0)
			snprintf(days, sizeof days, "late");
		else if (json_is_integer(left))
			snprintf(days, sizeof days, "%lld wd", (long long)json_integer_value(left));
		bool late = json_is_integer(left) && json_integer_value(left) <= 5;
		char c_ref[CELL], c_status[CELL], c_who[CELL];
		core_text_pad(ref, 13, c_ref, sizeof c_ref);
		core_text_pad(status, 16, c_status, sizeof c_status);
		core_text_pad(who, 22, c_who, sizeof c_who);
		struct row *row =
		    rows_addf(r, false, late ? UI_ALERT : UI_NORMAL, "  %s %-10s %-7s %s %s %s",
		              c_ref, when, days, c_status, c_who, subj);
		row->party_id = (long)json_integer_value(json_object_get(c, "party_id"));
		snprintf(row->key, sizeof row->key, "%s", ref);
		row->purpose = "case";
		free(ref), free(subj), free(status), free(due), free(who);
	}
}

/* Whether an item due at `due` (RFC 3339, or none) is overdue: it was when
 * read (`was`), or it has fallen due since. The first moment one not yet
 * due falls due is kept in h->next_due, to turn it then. */
static bool fallen_due(struct home *h, const char *due, bool was, long long now)
{
	long long at;
	bool timed = due && core_tstamp_parse(due, &at);
	bool overdue = was || (timed && at <= now);
	if (!overdue && timed && (!h->next_due || at < h->next_due))
		h->next_due = at;
	return overdue;
}

static void add_agreements(struct home *h, struct rows *r, const json_t *ags)
{
	long long now = (long long)time(NULL);
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
		bool overdue = fallen_due(h, due, json_is_true(json_object_get(g, "overdue")), now);
		char c_kind[CELL];
		core_text_pad(kind, 13, c_kind, sizeof c_kind);
		struct row *row =
		    rows_addf(r, false, overdue ? UI_ALERT : UI_NORMAL, "  %-16s %s %-8s %s", when,
		              c_kind, overdue ? "OVERDUE" : "today", who);
		row->party_id = (long)json_integer_value(json_object_get(g, "party_id"));
		row->purpose = "agreement";
		snprintf(row->key, sizeof row->key, "%lld",
		         (long long)json_integer_value(json_object_get(g, "id")));
		free(kind), free(due), free(who);
	}
}

static void add_tasks(struct home *h, struct rows *r, const json_t *tasks)
{
	long long now = (long long)time(NULL);
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
		bool overdue = fallen_due(h, due, false, now);
		struct row *row = rows_addf(r, false, overdue ? UI_ALERT : UI_NORMAL,
		                            "  %-16s %-8s %s %s %s", when, overdue ? "OVERDUE" : "",
		                            c_to, c_who, reason);
		row->party_id = (long)json_integer_value(json_object_get(t, "party_id"));
		row->purpose = "callback";
		snprintf(row->key, sizeof row->key, "%lld",
		         (long long)json_integer_value(json_object_get(t, "id")));
		free(reason), free(due), free(who), free(to);
	}
}

/* Queue `q`'s line into out, its longest wait counting on from `since_s`
 * seconds after it was read; its colour (past the service level). */
static enum ui_color queue_line(const json_t *q, long since_s, char *out, size_t len)
{
	char *name = ui_json_str(q, "name"), *ch = ui_json_str(q, "channel");
	long waiting = (long)json_integer_value(json_object_get(q, "waiting"));
	long longest = (long)json_integer_value(json_object_get(q, "longest_wait_seconds"));
	long sla = (long)json_integer_value(json_object_get(q, "sla_seconds"));
	if (waiting > 0)
		longest += since_s;
	char wait[32];
	if (longest >= 3600)
		snprintf(wait, sizeof wait, "%ldh%02ldm", longest / 3600, longest / 60 % 60);
	else
		snprintf(wait, sizeof wait, "%ld:%02ld", longest / 60, longest % 60);
	char c_name[CELL], c_ch[CELL];
	core_text_pad(name, 28, c_name, sizeof c_name);
	core_text_pad(ch, 9, c_ch, sizeof c_ch);
	snprintf(out, len, "  %s %s waiting %3ld   longest %s", c_name, c_ch, waiting, wait);
	free(name), free(ch);
	return waiting && longest > sla ? UI_ALERT : UI_NORMAL;
}

static long queues_since_s(const struct home *h)
{
	return (dbq_now_ms() - h->queues_at_ms) / 1000;
}

/* The queue lines, last on my work (h->queue_row: the first of them). */
static void add_queues(struct home *h, struct rows *r)
{
	h->shown_wait = queues_since_s(h);
	rows_addf(r, true, UI_HEADING, " My queues (%zu)", json_array_size(h->queues));
	h->queue_row = r->list.n;
	size_t i;
	const json_t *q;
	json_array_foreach(h->queues, i, q)
	{
		char line[1024];
		enum ui_color color = queue_line(q, h->shown_wait, line, sizeof line);
		rows_add(r, false, color, line);
	}
}

/* The queue lines again as their waits count on, in place: the rest of my
 * work (which may be a thousand cases) is not built again every second. */
static void count_on(struct home *h)
{
	h->shown_wait = queues_since_s(h);
	size_t i;
	const json_t *q;
	json_array_foreach(h->queues, i, q)
	{
		char line[1024];
		enum ui_color color = queue_line(q, h->shown_wait, line, sizeof line);
		rows_set(&h->rows, h->queue_row + (int)i, color, line);
	}
	app_dirty(h->app);
}

/* Fill the rows from what was read, the selection staying on the line
 * it was on (by what the line stands for), or where it was. */
static void build(struct home *h)
{
	struct rows_mark m;
	rows_mark(&h->rows, &m);
	rows_clear(&h->rows);
	char today[11];
	today_nl(today);
	add_cases(&h->rows, json_object_get(h->work, "cases"), today);
	h->next_due = 0;
	add_agreements(h, &h->rows, json_object_get(h->work, "agreements"));
	add_tasks(h, &h->rows, json_object_get(h->work, "tasks"));
	add_queues(h, &h->rows);
	rows_restore(&h->rows, &m);
	app_dirty(h->app);
}

static void home_loaded(void *owner, const PGresult *r, const char *err, const char *state)
{
	struct home *h = owner;
	h->loaded = true;
	if (!r && strcmp(state, "42501") == 0) {
		/* An auditor's or an integration's role: no cases or queues of
		 * their own. */
		rows_clear(&h->rows);
		snprintf(h->error, sizeof h->error,
		         "No work list for the %s role: my work shows an agent's cases and queues.",
		         app_agent_role(h->app));
		return;
	}
	if (!r) {
		/* What was on screen stays, under the message. */
		snprintf(h->error, sizeof h->error, "%s", err);
		return;
	}
	json_t *w = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	if (!w) {
		snprintf(h->error, sizeof h->error,
		         "my work: the database sent something that is not JSON");
		return;
	}
	h->error[0] = '\0';
	json_decref(h->work);
	h->work = w;
	json_decref(h->queues);
	h->queues = json_incref(json_object_get(w, "queues"));
	h->queues_at_ms = dbq_now_ms();
	h->next_poll_ms = h->queues_at_ms + QUEUES_EVERY_MS;
	today_nl(h->day);
	build(h);
}

static void home_reload(struct screen *s, struct app *a)
{
	dbq_send(app_db(a), s, home_loaded, "SELECT api.my_work()", 0, NULL);
}

static void queues_read(void *owner, const PGresult *r, const char *err, const char *state)
{
	(void)err, (void)state;
	struct home *h = owner;
	h->polling = false;
	json_t *v = r ? json_loads(PQgetvalue(r, 0, 0), 0, NULL) : NULL;
	json_t *q = json_object_get(v, "queues");
	/* Not read (offline, say): the lines stay, their waits counting on. */
	if (json_is_array(q) && h->work) {
		json_decref(h->queues);
		h->queues = json_incref(q);
		h->queues_at_ms = dbq_now_ms();
		build(h);
	}
	json_decref(v);
}

static void tidied(void *owner, const PGresult *r, const char *err, const char *state)
{
	(void)r, (void)err;
	struct home *h = owner;
	if (state && strcmp(state, "42501") == 0)
		h->next_tidy_ms = -1;
}

/* What changes with time: the queue lines, an agreement falling due, the day. */
static void home_tick(struct screen *s, struct app *a)
{
	struct home *h = (struct home *)s;
	if (!h->work || h->error[0])
		return;
	char today[11];
	today_nl(today);
	if (strcmp(today, h->day) != 0) {
		snprintf(h->day, sizeof h->day, "%s", today); /* once */
		home_reload(s, a);
		return;
	}
	long now_ms = dbq_now_ms();
	if (!h->polling && now_ms >= h->next_poll_ms && dbq_online(app_db(a))) {
		h->polling = true;
		h->next_poll_ms = now_ms + QUEUES_EVERY_MS;
		dbq_send(app_db(a), h, queues_read, "SELECT api.my_queues()", 0, NULL);
	}
	if (h->next_tidy_ms >= 0 && now_ms >= h->next_tidy_ms && dbq_online(app_db(a))) {
		h->next_tidy_ms = now_ms + TIDY_EVERY_MS;
		dbq_send(app_db(a), h, tidied, "SELECT api.views_tidy()", 0, NULL);
	}
	bool waiting = false;
	size_t i;
	const json_t *q;
	json_array_foreach(h->queues, i, q)
	{
		waiting |= json_integer_value(json_object_get(q, "waiting")) > 0;
	}
	if (h->next_due && (long long)time(NULL) >= h->next_due)
		build(h);
	else if (waiting && queues_since_s(h) != h->shown_wait)
		count_on(h);
}

static void home_draw(struct screen *s, struct app *a, int top, int rows)
{
	struct home *h = (struct home *)s;
	if (h->error[0] && !h->work) {
		ui_text(top + 1, 1, COLS - 2, h->error, ui_attr(UI_ALERT), false);
		return;
	}
	if (!h->loaded) {
		ui_text(top + 1, 1, COLS - 2, "Loading my work…", ui_attr(UI_DIM), false);
		return;
	}
	if (h->error[0]) {
		/* A re-read failed: what was read before stays, under the reason. */
		ui_text(top, 1, COLS - 2, h->error, ui_attr(UI_ALERT), false);
		top++, rows--;
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
	if (act == A_NEXT_PANE) {
		if (rows_next_section(&h->rows))
			app_dirty(a);
		else
			app_message(a, false, "No other list on my work has anything in it.");
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
	json_decref(h->work);
	json_decref(h->queues);
	free(h);
}

/* Whether the rows hold a line for `purpose` `key`. */
static bool shows(const struct home *h, const char *purpose, const char *key)
{
	for (int i = 0; key && i < h->rows.list.n; i++) {
		const struct row *r = &h->rows.v[i];
		if (r->purpose && strcmp(r->purpose, purpose) == 0 && strcmp(r->key, key) == 0)
			return true;
	}
	return false;
}

/* My work changes with my cases (taken, or leaving me), my agreements,
 * callback requests for me or my team (or one shown, done by a colleague),
 * and my own agent row (my team may have changed). Anything else happening
 * in the centre leaves it as it is. */
static bool home_notice(struct screen *s, const json_t *n)
{
	struct home *h = (struct home *)s;
	const char *kind = json_string_value(json_object_get(n, "kind"));
	long me = app_agent_id(h->app), team = app_agent_team_id(h->app);
	json_int_t owner = json_integer_value(json_object_get(n, "owner_id"));
	json_int_t agent = json_integer_value(json_object_get(n, "agent_id"));
	json_int_t team_id = json_integer_value(json_object_get(n, "team_id"));
	char id[32];
	if (!kind)
		return false;
	if (strcmp(kind, "case") == 0)
		return owner == me ||
		       shows(h, "case", json_string_value(json_object_get(n, "ref")));
	if (strcmp(kind, "agreement") == 0)
		return agent == me;
	if (strcmp(kind, "task") == 0) {
		snprintf(id, sizeof id, "%lld",
		         (long long)json_integer_value(json_object_get(n, "task_id")));
		return agent == me || (team && team_id == team) || shows(h, "callback", id);
	}
	if (strcmp(kind, "agent") == 0)
		return agent == me;
	return false;
}

static const struct screen_ops home_ops = {
	.notice = home_notice,
	.name = "home",
	.title = home_title,
	.draw = home_draw,
	.action = home_action,
	.reload = home_reload,
	.tick = home_tick,
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
