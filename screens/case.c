/* case.c — one case: details, owner and team, status history, notes and
 * linked contacts. The agent claims it (takes ownership), releases it,
 * transfers it to a colleague or a team, changes its status, or logs a
 * contact on it. Claiming a case someone else owns says who, and since when. */
#include "db/work.h"
#include "screens/rows.h"
#include "screens/screens.h"
#include "screens/staff.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct casev {
	struct screen base;
	struct app *app;
	char ref[32];
	char access_id[40];
	long party_id;
	char title[64];
	char status[24]; /* as last read */
	char error[300];
	bool loaded;
	struct rows rows;
	struct staff staff; /* completion lists */
};

static const char *case_title(struct screen *s)
{
	return ((struct casev *)s)->title;
}

static void add_section(struct rows *r, const char *title, size_t n)
{
	rows_addf(r, true, UI_HEADING, " %s (%zu)", title, n);
}

static char *brief_name(const json_t *o)
{
	if (!json_is_object(o))
		return ui_clean("-", false);
	const char *n = json_string_value(json_object_get(o, "name"));
	const char *l = json_string_value(json_object_get(o, "login"));
	char buf[200];
	snprintf(buf, sizeof buf, "%s%s%s%s", n ? n : "", n ? " (" : "", l ? l : "?", n ? ")" : "");
	return ui_clean(buf, false);
}

/* A note's or contact's row stands for its id: Enter shows it in full. */
static void item_key(struct row *row, const json_t *e)
{
	const char *id = json_string_value(json_object_get(e, "id"));
	if (row && id)
		snprintf(row->key, sizeof row->key, "%s", id);
}

static void case_loaded(void *owner, const PGresult *r, const char *err, const char *state)
{
	(void)state;
	struct casev *c = owner;
	c->loaded = true;
	rows_clear(&c->rows);
	if (!r) {
		snprintf(c->error, sizeof c->error, "%s", err);
		return;
	}
	c->error[0] = '\0';
	json_t *v = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	if (!v) {
		snprintf(c->error, sizeof c->error, "The database sent a case that is not JSON.");
		return;
	}
	const char *aid = json_string_value(json_object_get(v, "access_id"));
	if (aid && !c->access_id[0])
		snprintf(c->access_id, sizeof c->access_id, "%s", aid);
	c->party_id = (long)json_integer_value(json_object_get(json_object_get(v, "party"), "id"));
	char *type = ui_json_str(v, "case_type_name"), *status = ui_json_str(v, "status"),
	     *due = ui_json_str(v, "due_on"), *subj = ui_json_str(v, "subject"),
	     *since = ui_json_str(v, "owned_since"), *left = ui_json_str(v, "working_days_left"),
	     *who = ui_json_str(json_object_get(v, "party"), "name"),
	     *team = ui_json_str(json_object_get(v, "team"), "name"), *res = ui_json_str(v, "result");
	char *owner_s = brief_name(json_object_get(v, "owner"));
	char d[32], s[32];
	fmt_when(due, false, d, sizeof d);
	fmt_when(since, true, s, sizeof s);
	snprintf(c->status, sizeof c->status, "%s", status);
	rows_addf(&c->rows, true, UI_NORMAL, " %s · %s · %s · customer %s", c->ref, type, status, who);
	rows_addf(&c->rows, true, UI_NORMAL, " %s", subj);
	rows_addf(&c->rows, true, left[0] && atoi(left) <= 5 ? UI_ALERT : UI_NORMAL,
	          " deadline %s%s%s%s · owner %s%s%s · team %s", d[0] ? d : "-", left[0] ? " (" : "",
	          left, left[0] ? " working days)" : "", owner_s, s[0] ? " since " : "", s,
	          team[0] ? team : "-");
	if (res[0])
		rows_addf(&c->rows, true, UI_NORMAL, " result: %s", res);
	free(type), free(status), free(due), free(subj), free(since), free(left), free(who),
		free(team), free(res), free(owner_s);

	const json_t *hist = json_object_get(v, "history");
	add_section(&c->rows, "History", json_array_size(hist));
	size_t i;
	const json_t *e;
	json_array_foreach(hist, i, e)
	{
		char *at = ui_json_str(e, "at"), *kind = ui_json_str(e, "kind"),
		     *os = ui_json_str(e, "old_status"), *ns = ui_json_str(e, "new_status"),
		     *tt = ui_json_str(e, "to_team"), *detail = ui_json_str(e, "detail");
		char *by = brief_name(json_object_get(e, "by")),
		     *to = brief_name(json_object_get(e, "to_owner"));
		char w[32];
		fmt_when(at, true, w, sizeof w);
		char what[256] = "";
		if (ns[0])
			snprintf(what, sizeof what, "%s → %s", os, ns);
		else if (json_is_object(json_object_get(e, "to_owner")))
			snprintf(what, sizeof what, "to %s", to);
		else if (tt[0])
			snprintf(what, sizeof what, "to team %s", tt);
		rows_addf(&c->rows, false, UI_NORMAL, "  %s  %-11s by %s  %s %s", w, kind, by, what,
		          detail);
		free(at), free(kind), free(os), free(ns), free(tt), free(detail), free(by), free(to);
	}
	const json_t *notes = json_object_get(v, "notes");
	add_section(&c->rows, "Notes", json_array_size(notes));
	json_array_foreach(notes, i, e)
	{
		char *at = ui_json_str(e, "at"), *body = ui_json_str(e, "body");
		char *by = brief_name(json_object_get(e, "by"));
		char w[32];
		fmt_when(at, true, w, sizeof w);
		struct row *row = rows_addf(&c->rows, false, UI_NORMAL, "  %s  %s: %s", w, by, body);
		item_key(row, e);
		free(at), free(body), free(by);
	}
	const json_t *ints = json_object_get(v, "interactions");
	add_section(&c->rows, "Contacts", json_array_size(ints));
	json_array_foreach(ints, i, e)
	{
		char *at = ui_json_str(e, "at"), *ch = ui_json_str(e, "channel"),
		     *sj = ui_json_str(e, "subject"), *out = ui_json_str(e, "outcome");
		char w[32];
		fmt_when(at, true, w, sizeof w);
		struct row *row = rows_addf(&c->rows, false, UI_NORMAL, "  %s  %-9s %s%s%s", w, ch, sj,
		                            out[0] ? " → " : "", out);
		item_key(row, e);
		free(at), free(ch), free(sj), free(out);
	}
	json_decref(v);
}

static void case_reload(struct screen *s, struct app *a)
{
	struct casev *c = (struct casev *)s;
	const char *p[] = {c->ref, c->access_id[0] ? c->access_id : NULL};
	dbq_send(app_db(a), c, case_loaded, DB_SQL_CASE_GET, 2, p);
}

static void case_draw(struct screen *s, struct app *a, int top, int rows)
{
	(void)a;
	struct casev *c = (struct casev *)s;
	if (c->error[0]) {
		ui_text(top + 1, 1, COLS - 2, c->error, ui_attr(UI_ALERT), false);
		return;
	}
	if (!c->loaded) {
		ui_text(top + 1, 1, COLS - 2, "Loading the case…", ui_attr(UI_DIM), false);
		return;
	}
	rows_draw(&c->rows, top, rows - 1);
	ui_text(top + rows - 1, 1, COLS - 2,
	        "c claim · r release · t transfer · s status · n log a contact · q back",
	        ui_attr(UI_DIM), false);
}

/* Results of claim, release, transfer and status: say what happened, or
 * why not (a claim of an owned case names the owner), and re-read. */
static void changed(void *owner, const PGresult *r, const char *err, const char *state)
{
	(void)state;
	struct casev *c = owner;
	if (!r) {
		app_message(c->app, true, "%s", err);
		return;
	}
	json_t *v = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	const json_t *o = json_object_get(v, "owner");
	const char *on = json_string_value(json_object_get(o, "name"));
	const char *tn = json_string_value(json_object_get(v, "team"));
	const char *st = json_string_value(json_object_get(v, "status"));
	if (json_is_true(json_object_get(v, "already")))
		app_message(c->app, false, "You already own %s.", c->ref);
	else if (st)
		app_message(c->app, false, "%s is now %s.", c->ref, st);
	else if (on)
		app_message(c->app, false, "%s is now owned by %s.", c->ref, on);
	else if (tn)
		app_message(c->app, false, "%s went to team %s.", c->ref, tn);
	else
		app_message(c->app, false, "%s has no owner now.", c->ref);
	json_decref(v);
	case_reload(&c->base, c->app);
}

static void transfer_to(struct casev *c, const char *to)
{
	bool agent = staff_is_agent(&c->staff, to), team = staff_is_team(&c->staff, to);
	if (!agent && !team) {
		app_message(c->app, true, "\"%s\" is neither an agent nor a team (Tab completes).", to);
		return;
	}
	const char *p[] = {c->ref, agent ? to : NULL, agent ? NULL : to};
	dbq_send(app_db(c->app), c, changed, DB_SQL_CASE_TRANSFER, 3, p);
}

static void transfer_done(struct app *a, void *arg, const char *line)
{
	(void)a;
	if (line && *line)
		transfer_to(arg, line);
}

static const char *const statuses[] = {"received", "in_progress", "waiting_customer", "decided",
                                       "closed", NULL};

static void set_status(struct casev *c, const char *status, const char *result)
{
	const char *p[] = {c->ref, status, result};
	dbq_send(app_db(c->app), c, changed, DB_SQL_CASE_STATUS, 3, p);
}

static void result_done(struct app *a, void *arg, const char *line)
{
	(void)a;
	if (line && *line)
		set_status(arg, "closed", line);
}

static void status_chosen(struct app *a, void *arg, int i)
{
	struct casev *c = arg;
	if (i < 0)
		return;
	if (strcmp(statuses[i], c->status) == 0) {
		app_message(a, false, "%s is %s already; nothing changed.", c->ref, c->status);
		return;
	}
	if (strcmp(statuses[i], "closed") == 0)
		app_prompt(a, "Result (closing the case): ", NULL, 0, result_done, arg);
	else
		set_status(arg, statuses[i], NULL);
}

static bool case_action(struct screen *s, struct app *a, enum action act, const char *arg)
{
	struct casev *c = (struct casev *)s;
	if (rows_action(&c->rows, act)) {
		app_dirty(a);
		return true;
	}
	const char *p[] = {c->ref};
	switch (act) {
	case A_CASE_CLAIM:
		dbq_send(app_db(a), c, changed, DB_SQL_CASE_CLAIM, 1, p);
		return true;
	case A_CASE_RELEASE:
		dbq_send(app_db(a), c, changed, DB_SQL_CASE_RELEASE, 1, p);
		return true;
	case A_CASE_TRANSFER: {
		if (arg && *arg) {
			transfer_to(c, arg);
			return true;
		}
		const char **all = staff_all(&c->staff);
		app_prompt(a, "Transfer to (agent or team): ", all, 0, transfer_done, c);
		free(all);
		return true;
	}
	case A_CASE_STATUS:
		if (arg && *arg) {
			if (strcmp(arg, "closed") == 0)
				app_prompt(a, "Result (closing the case): ", NULL, 0, result_done, c);
			else
				set_status(c, arg, NULL);
		} else {
			/* On the status it has: an Enter too many changes nothing. */
			int now = 0;
			while (statuses[now] && strcmp(statuses[now], c->status) != 0)
				now++;
			app_choose(a, "New status of the case", statuses, statuses[now] ? now : 0,
			           status_chosen, c);
		}
		return true;
	case A_OPEN: {
		const struct row *row = rows_selected(&c->rows);
		if (!row || !row->key[0]) {
			app_message(a, false, "Enter shows a note or a contact in full: select one first.");
			return true;
		}
		if (!c->party_id || !c->access_id[0]) {
			app_message(a, false, "The case is still loading.");
			return true;
		}
		app_push(a, screen_item_new(a, c->access_id, c->party_id, row->key));
		return true;
	}
	case A_LOG_CONTACT:
		if (!c->party_id || !c->access_id[0]) {
			app_message(a, false, "The case is still loading.");
			return true;
		}
		app_push(a, screen_contact_new(a, c->party_id, c->access_id, c->ref, NULL));
		return true;
	default:
		return false;
	}
}

static bool case_notice(struct screen *s, const json_t *n)
{
	struct casev *c = (struct casev *)s;
	const char *ref = json_string_value(json_object_get(n, "ref"));
	if (ref && strcmp(ref, c->ref) == 0)
		return true;
	/* A new note or contact of this customer may be on this case. */
	return c->party_id && json_integer_value(json_object_get(n, "party_id")) == c->party_id;
}

static void case_free(struct screen *s)
{
	struct casev *c = (struct casev *)s;
	rows_clear(&c->rows);
	staff_free(&c->staff, c->app);
	free(c);
}

static const struct screen_ops case_ops = {
	.name = "case",
	.title = case_title,
	.draw = case_draw,
	.action = case_action,
	.reload = case_reload,
	.notice = case_notice,
	.free = case_free,
};

struct screen *screen_case_new(struct app *a, const char *ref, const char *access_id)
{
	struct casev *c = calloc(1, sizeof *c);
	c->base.ops = &case_ops;
	c->app = a;
	snprintf(c->ref, sizeof c->ref, "%s", ref);
	snprintf(c->access_id, sizeof c->access_id, "%s", access_id ? access_id : "");
	snprintf(c->title, sizeof c->title, "case %s", ref);
	case_reload(&c->base, a);
	staff_load(&c->staff, a);
	return &c->base;
}
