/* case.c — one case: details, owner and team, status history, notes and
 * linked contacts. The agent claims it (takes ownership), releases it,
 * transfers it to a colleague or a team, changes its status, or logs a
 * contact on it. Claiming a case someone else owns says who, and since when. */
#include "core/casework.h"
#include "core/due.h"
#include "core/tstamp.h"
#include "db/work.h"
#include "screens/rows.h"
#include "screens/screens.h"
#include "ui/staff.h"

#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Lines of the case itself above its lists; they stay while the lists scroll. */
#define HEAD_MAX 4

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
	char *head[HEAD_MAX]; /* cleaned */
	enum ui_color head_color[HEAD_MAX];
	int nhead;
	struct rows rows;   /* history, notes, contacts */
	struct staff staff; /* completion lists */
};

static const char *case_title(struct screen *s)
{
	return ((struct casev *)s)->title;
}

static void head_clear(struct casev *c)
{
	for (int i = 0; i < c->nhead; i++)
		free(c->head[i]);
	c->nhead = 0;
}

static void head_addf(struct casev *c, enum ui_color color, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void head_addf(struct casev *c, enum ui_color color, const char *fmt, ...)
{
	if (c->nhead == HEAD_MAX)
		return;
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	c->head_color[c->nhead] = color;
	c->head[c->nhead++] = ui_clean(buf, false);
}

/* An instant from the database as the Amsterdam clock shows it,
 * "dd-mm-yyyy hh:mm" ("" when there is none). */
static void when_local(const char *iso, char *out, size_t len)
{
	char local[CORE_TSTAMP_SIZE];
	if (iso && core_tstamp_amsterdam(iso, local, sizeof local))
		fmt_when(local, true, out, len);
	else
		fmt_when(iso, true, out, len);
}

/* The label of `code` in the reference list `list` (outcomes, channels),
 * or the code itself when the list does not have it. */
static const char *ref_label(struct app *a, const char *list, const char *code)
{
	size_t i;
	const json_t *x;
	json_array_foreach(json_object_get(app_reference(a), list), i, x)
	{
		const char *cd = json_string_value(json_object_get(x, "code"));
		const char *nm = json_string_value(json_object_get(x, "name"));
		if (cd && nm && strcmp(cd, code) == 0)
			return nm;
	}
	return code;
}

/* "(3 working days left)", "(due today)", … after the deadline `due`
 * ("yyyy-mm-dd"); "" without a count (a closed case). */
static void deadline_words(const char *due, const char *left, char *out, size_t len)
{
	struct core_date d;
	out[0] = '\0';
	if (!left[0] || sscanf(due, "%4d-%2d-%2d", &d.y, &d.m, &d.d) != 3 ||
	    !core_date_valid(d.y, d.m, d.d))
		return;
	char w[64];
	core_case_deadline_words(atoi(left), d, core_nl_time_of(time(NULL)).date, w, sizeof w);
	snprintf(out, len, " (%s)", w);
}

/* Newest first, as on the customer's timeline; the same moment by id. */
static int newest_first(const void *x, const void *y)
{
	const json_t *a = *(const json_t *const *)x, *b = *(const json_t *const *)y;
	long long ta = 0, tb = 0;
	core_tstamp_parse(json_string_value(json_object_get(a, "at")), &ta);
	core_tstamp_parse(json_string_value(json_object_get(b, "at")), &tb);
	if (ta != tb)
		return ta < tb ? 1 : -1;
	const char *ia = json_string_value(json_object_get(a, "id")),
	           *ib = json_string_value(json_object_get(b, "id"));
	return strcmp(ib ? ib : "", ia ? ia : "");
}

/* The elements of a JSON array, newest first (free the array). */
static const json_t **sorted_newest_first(const json_t *arr, size_t *n)
{
	*n = json_array_size(arr);
	const json_t **v = calloc(*n + 1, sizeof *v);
	if (!v)
		abort();
	for (size_t i = 0; i < *n; i++)
		v[i] = json_array_get(arr, i);
	qsort(v, *n, sizeof *v, newest_first);
	return v;
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
	head_clear(c);
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
	char d[32], s[32], dw[80];
	fmt_when(due, false, d, sizeof d);
	when_local(since, s, sizeof s);
	deadline_words(due, left, dw, sizeof dw);
	snprintf(c->status, sizeof c->status, "%s", status);
	head_addf(c, UI_HEADING, " %s · %s · %s · customer %s", c->ref, type, status, who);
	head_addf(c, UI_NORMAL, " %s", subj);
	head_addf(c, left[0] && atoi(left) <= 5 ? UI_ALERT : UI_NORMAL,
	          " deadline %s%s · owner %s%s%s · team %s", d[0] ? d : "-", dw, owner_s,
	          s[0] ? " since " : "", s, team[0] ? team : "-");
	if (res[0])
		head_addf(c, UI_NORMAL, " result: %s", res);
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
		when_local(at, w, sizeof w);
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
	size_t n;
	const json_t **notes = sorted_newest_first(json_object_get(v, "notes"), &n);
	add_section(&c->rows, "Notes", n);
	for (i = 0; i < n; i++) {
		e = notes[i];
		char *at = ui_json_str(e, "at"), *body = ui_json_str(e, "body");
		char *by = brief_name(json_object_get(e, "by"));
		char w[32];
		when_local(at, w, sizeof w);
		struct row *row = rows_addf(&c->rows, false, UI_NORMAL, "  %s  %s: %s", w, by, body);
		item_key(row, e);
		free(at), free(body), free(by);
	}
	free(notes);
	const json_t **ints = sorted_newest_first(json_object_get(v, "interactions"), &n);
	add_section(&c->rows, "Contacts", n);
	for (i = 0; i < n; i++) {
		e = ints[i];
		char *at = ui_json_str(e, "at"), *ch = ui_json_str(e, "channel"),
		     *sj = ui_json_str(e, "subject"), *out = ui_json_str(e, "outcome");
		char w[32];
		when_local(at, w, sizeof w);
		struct row *row = rows_addf(&c->rows, false, UI_NORMAL, "  %s  %-9s %s%s%s", w, ch,
		                            sj, out[0] ? " → " : "",
		                            out[0] ? ref_label(c->app, "outcomes", out) : "");
		item_key(row, e);
		free(at), free(ch), free(sj), free(out);
	}
	free(ints);
	json_decref(v);
}

static void case_reload(struct screen *s, struct app *a)
{
	struct casev *c = (struct casev *)s;
	const char *p[] = {c->ref, c->access_id[0] ? c->access_id : NULL};
	dbq_send(app_db(a), c, case_loaded, DB_SQL_CASE_GET, 2, p);
	/* Once; again after a failure (offline), with the case. */
	staff_load(&c->staff, a);
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
	for (int i = 0; i < c->nhead; i++)
		ui_text(top + i, 0, COLS, c->head[i], ui_attr(c->head_color[i]), true);
	int list = rows - 1 - c->nhead;
	rows_draw(&c->rows, top + c->nhead, list > 1 ? list : 1);
	ui_text(top + rows - 1, 1, COLS - 2,
	        "c claim · r release · t transfer · s status · n log a contact · q back",
	        ui_attr(UI_DIM), false);
}

/* The database says since when a colleague owns a case as "since
 * yyyy-mm-dd hh:mm" (Dutch time); the screen writes its times as
 * dd-mm-yyyy hh:mm, and so does the message. */
static void since_local(const char *err, char *out, size_t len)
{
	static const char form[] = "dddd-dd-dd dd:dd";
	for (const char *p = strstr(err, " since "); p; p = strstr(p + 1, " since ")) {
		const char *t = p + 7;
		size_t k = 0;
		while (form[k] && t[k] &&
		       (form[k] == 'd' ? isdigit((unsigned char)t[k]) != 0 : t[k] == form[k]))
			k++;
		if (form[k])
			continue;
		char w[32];
		fmt_when(t, true, w, sizeof w);
		snprintf(out, len, "%.*s%s%s", (int)(t - err), err, w, t + k);
		return;
	}
	snprintf(out, len, "%s", err);
}

/* Results of claim, release, transfer and status: say what happened, or
 * why not (a claim of an owned case names the owner), and re-read. */
static void changed(void *owner, const PGresult *r, const char *err, const char *state)
{
	(void)state;
	struct casev *c = owner;
	if (!r) {
		char m[512];
		since_local(err, m, sizeof m);
		app_message(c->app, true, "%s", m);
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

/* `to` is a login, a team code, or a name that fits one colleague who can
 * own the case or one team. */
static void transfer_to(struct casev *c, const char *to)
{
	if (!c->staff.loaded) {
		app_message(c->app, true, "The colleagues and teams are still loading; try again.");
		return;
	}
	const char *value = NULL;
	int ag = -1;
	switch (staff_case_owner(&c->staff, to, &value, &ag)) {
	case STAFF_AGENT:
	case STAFF_TEAM: {
		bool agent = staff_is_agent(&c->staff, value);
		const char *p[] = {c->ref, agent ? value : NULL, agent ? NULL : value};
		dbq_send(app_db(c->app), c, changed, DB_SQL_CASE_TRANSFER, 3, p);
		return;
	}
	case STAFF_CANNOT_OWN:
		app_message(c->app, true, "%s (%s) has the role %s and cannot own a case.",
		            c->staff.agent_names[ag], value, c->staff.agent_roles[ag]);
		return;
	case STAFF_SEVERAL:
		app_message(c->app, true,
		            "\"%s\" fits more than one colleague or team; Tab lists them.", to);
		return;
	case STAFF_NONE:
		break;
	}
	app_message(c->app, true,
	            "\"%s\" is neither a colleague who can own a case nor a team "
	            "(Tab completes).",
	            to);
}

static void transfer_done(struct app *a, void *arg, const char *line)
{
	(void)a;
	if (line && *line)
		transfer_to(arg, line);
}

static const char *const *const statuses = core_case_statuses;

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
	if (core_case_status_closes(statuses[i]))
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
		char **owners = staff_case_owners(&c->staff);
		app_prompt(a, "Transfer to (agent or team): ", (const char *const *)owners, 0,
		           transfer_done, c);
		staff_candidates_free(owners);
		return true;
	}
	case A_CASE_STATUS:
		if (arg && *arg) {
			/* Only closing takes a result, and it is asked for. */
			const char *st = core_case_status(arg);
			if (!st)
				app_message(a, true,
				            "\"%s\" is not a case status (Tab completes them).",
				            arg);
			else if (strcmp(st, c->status) == 0)
				app_message(a, false, "%s is %s already; nothing changed.", c->ref,
				            c->status);
			else if (core_case_status_closes(st))
				app_prompt(a, "Result (closing the case): ", NULL, 0, result_done, c);
			else
				set_status(c, st, NULL);
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
	head_clear(c);
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
	return &c->base;
}
