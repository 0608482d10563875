/* customer.c — the integrated customer view, on one screen: who the
 * customer is, alerts, open cases, agreements and the timeline of every
 * contact and note on every channel, newest first.
 *
 * Opening writes one access-log row with the purpose and returns an access
 * id; everything after that in this sitting (re-reads, timeline pages,
 * items, the BSN) presents the access id instead. */
#include "core/layout.h"
#include "core/text.h"
#include "db/party.h"
#include "screens/rows.h"
#include "screens/screens.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum pane { PANE_TIMELINE, PANE_CASES, PANE_AGREEMENTS, PANE_COUNT };

struct tl_item {
	char id[40];
	char at[40];  /* as the database sent it: the keyset cursor */
	char *line;   /* cleaned, formatted */
	bool note;
};

struct customer {
	struct screen base;
	struct app *app;
	long party_id;
	char purpose[32];
	char access_id[40];
	char title[160];
	char error[300];
	bool loaded;
	bool opening; /* the opening (party_open) is on its way */
	bool refused; /* loket refused the opening (LK...): trying again is no use */
	/* header */
	/* The header: the name (cut to what the line leaves it), then who they
	 * are (birth date, age, BSN or KvK) and the flags, which are never cut;
	 * the address and contacts; preferences and needs. */
	char *name, *head1, *flags, *head2, *head3, *bsn_full;
	char **alerts;
	int nalerts;
	/* panes */
	struct rows cases, agreements;
	enum pane focus;
	/* timeline */
	struct tl_item *tl;
	struct ui_list tlist;
	int tcap;
	char next_at[40], next_id[40];
	bool has_next, want_last;
	/* Pages asked for and not yet arrived; the first `pages_stale` of them
	 * were asked for a list since cleared (the queue answers in order), and
	 * are dropped when they come. */
	int pages_out, pages_stale;
	/* After a re-read: the row the agent was on, until the background page
	 * brings it back (-1: none), and where the selection was left. */
	int keep_sel, keep_at;
	char channel[24]; /* filter, "" for all */
	int tl_rows;
};

static const char *customer_title(struct screen *s)
{
	return ((struct customer *)s)->title;
}

static void tl_clear(struct customer *c)
{
	for (int i = 0; i < c->tlist.n; i++)
		free(c->tl[i].line);
	free(c->tl);
	c->tl = NULL;
	c->tcap = 0;
	memset(&c->tlist, 0, sizeof c->tlist);
	c->has_next = false;
	c->pages_stale = c->pages_out;
	c->keep_sel = -1;
}

/* A page for the list as it is now is on its way. */
static bool tl_loading(const struct customer *c)
{
	return c->pages_out > c->pages_stale;
}

static const char *dir_mark(const char *d)
{
	if (!d)
		return " ";
	return strcmp(d, "in") == 0 ? "←" : strcmp(d, "out") == 0 ? "→" : " ";
}

/* Append one page of timeline items ({items, next}). */
static void tl_append(struct customer *c, const json_t *page)
{
	const json_t *items = json_object_get(page, "items");
	size_t i;
	const json_t *it;
	json_array_foreach(items, i, it)
	{
		if (c->tlist.n == c->tcap) {
			int cap = c->tcap ? c->tcap * 2 : 64;
			struct tl_item *p = realloc(c->tl, (size_t)cap * sizeof *p);
			if (!p)
				abort();
			c->tl = p;
			c->tcap = cap;
		}
		struct tl_item *t = &c->tl[c->tlist.n++];
		memset(t, 0, sizeof *t);
		const char *id = json_string_value(json_object_get(it, "id"));
		const char *at = json_string_value(json_object_get(it, "at"));
		snprintf(t->id, sizeof t->id, "%s", id ? id : "");
		snprintf(t->at, sizeof t->at, "%s", at ? at : "");
		const char *type = json_string_value(json_object_get(it, "type"));
		t->note = type && strcmp(type, "note") == 0;
		char when[32];
		fmt_when(at, true, when, sizeof when);
		char *ch = ui_json_str(it, "channel"), *subj = ui_json_str(it, "subject"),
		     *out = ui_json_str(it, "outcome"), *agent = ui_json_str(it, "agent"),
		     *actor = ui_json_str(it, "actor"), *ex = ui_json_folded(it, "excerpt"),
		     *ref = ui_json_str(it, "case_ref");
		const char *dir = json_string_value(json_object_get(it, "direction"));
		bool transcript = json_is_true(json_object_get(it, "has_transcript"));
		bool conf = json_is_true(json_object_get(it, "confidential"));
		char line[1024];
		/* Outcome codes read as words: "callback_requested" → "callback requested". */
		for (char *p = out; *p; p++)
			if (*p == '_')
				*p = ' ';
		if (t->note)
			snprintf(line, sizeof line, " %s  %-9.9s   note by %s%s%s: %s", when, ch[0] ? ch : "-",
			         agent, ref[0] ? " on " : "", ref, ex);
		else
			snprintf(line, sizeof line, " %s  %-9.9s %s %s%s%s%s%s · %s", when, ch, dir_mark(dir),
			         conf ? "[confidential] " : "", subj, out[0] ? " → " : "", out,
			         transcript ? " [transcript]" : "", agent[0] ? agent : actor);
		t->line = ui_clean(line, false);
		free(ch), free(subj), free(out), free(agent), free(actor), free(ex), free(ref);
	}
	const json_t *next = json_object_get(page, "next");
	c->has_next = json_is_object(next);
	if (c->has_next) {
		const char *na = json_string_value(json_object_get(next, "before_at"));
		const char *ni = json_string_value(json_object_get(next, "before_id"));
		snprintf(c->next_at, sizeof c->next_at, "%s", na ? na : "");
		snprintf(c->next_id, sizeof c->next_id, "%s", ni ? ni : "");
	}
}

static void tl_more(struct customer *c, int limit);

static void page_loaded(void *owner, const PGresult *r, const char *err, const char *state)
{
	(void)state;
	struct customer *c = owner;
	c->pages_out--;
	if (c->pages_stale > 0) {
		c->pages_stale--;
		return;
	}
	if (!r) {
		c->want_last = false;
		app_message(c->app, true, "Timeline: %s", err);
		return;
	}
	json_t *page = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	tl_append(c, page);
	json_decref(page);
	if (c->keep_sel >= 0) {
		if (c->tlist.sel == c->keep_at)
			ui_list_move(&c->tlist, c->keep_sel - c->tlist.sel, c->tl_rows);
		c->keep_sel = -1;
	}
	if (c->want_last) {
		if (c->has_next) {
			tl_more(c, 500);
		} else {
			c->want_last = false;
			ui_list_move(&c->tlist, c->tlist.n, c->tl_rows);
			app_message(c->app, false, "The oldest contact: %d items in all.", c->tlist.n);
		}
	}
}

/* Load the next (older) page, if there is one and none is on its way. */
static void tl_more(struct customer *c, int limit)
{
	if (!c->has_next || tl_loading(c))
		return;
	c->pages_out++;
	char lim[16];
	snprintf(lim, sizeof lim, "%d", limit);
	char pid[32];
	snprintf(pid, sizeof pid, "%ld", c->party_id);
	const char *p[] = {c->access_id, pid, c->next_at, c->next_id,
	                   c->channel[0] ? c->channel : NULL, lim};
	dbq_send(app_db(c->app), c, page_loaded, DB_SQL_TIMELINE_PAGE, 6, p);
}

/* Reload the first page (after a filter change). */
static void tl_first(struct customer *c)
{
	tl_clear(c);
	c->has_next = true;
	c->next_at[0] = c->next_id[0] = '\0';
	char pid[32];
	snprintf(pid, sizeof pid, "%ld", c->party_id);
	const char *p[] = {c->access_id, pid, NULL, NULL, c->channel[0] ? c->channel : NULL, "50"};
	c->pages_out++;
	dbq_send(app_db(c->app), c, page_loaded, DB_SQL_TIMELINE_PAGE, 6, p);
}

static void fill_header(struct customer *c, const json_t *party, const json_t *addrs)
{
	char *name = ui_json_str(party, "display_name"), *bsn = ui_json_str(party, "bsn_masked"),
	     *kvk = ui_json_str(party, "kvk"), *born = ui_json_str(party, "birth_date"),
	     *age = ui_json_str(party, "age"), *pref = ui_json_str(party, "preferred_channel"),
	     *lang = ui_json_str(party, "language");
	const json_t *addr = json_object_get(party, "address");
	char *line = ui_json_str(addr, "line");
	bool conf = json_is_true(json_object_get(party, "confidential"));
	bool review = json_is_true(json_object_get(party, "needs_review"));
	char b[32];
	fmt_when(born, false, b, sizeof b);
	char buf[600];
	snprintf(c->title, sizeof c->title, "customer: %s", name);
	if (kvk[0])
		snprintf(buf, sizeof buf, " · KvK %s", kvk);
	else
		snprintf(buf, sizeof buf, " · born %s%s%s%s · BSN %s", b, age[0] ? " (" : "", age,
		         age[0] ? ")" : "", c->bsn_full ? c->bsn_full : bsn);
	free(c->head1);
	c->head1 = ui_clean(buf, false);
	free(c->name);
	c->name = ui_clean(name, false);
	snprintf(buf, sizeof buf, "%s%s", conf ? " [CONFIDENTIAL]" : "", review ? " [needs review]" : "");
	free(c->flags);
	c->flags = ui_clean(buf, false);
	/* Contact addresses, the defaults first, each with what it is for; a
	 * number for both calls and WhatsApp once: "phone/whatsapp +316…". */
	enum { MAX_SHOWN = 3 };
	struct {
		const char *value;
		char kinds[64];
	} shown[MAX_SHOWN];
	int n = 0;
	size_t i;
	const json_t *ca;
	json_array_foreach(addrs, i, ca)
	{
		const char *v = json_string_value(json_object_get(ca, "value"));
		const char *k = json_string_value(json_object_get(ca, "kind"));
		if (!v)
			continue;
		int j = 0;
		while (j < n && strcmp(shown[j].value, v) != 0)
			j++;
		if (j == n) {
			if (n == MAX_SHOWN)
				continue;
			shown[n].value = v;
			shown[n++].kinds[0] = '\0';
		}
		size_t kl = strlen(shown[j].kinds);
		snprintf(shown[j].kinds + kl, sizeof shown[j].kinds - kl, "%s%s", kl ? "/" : "",
		         k ? k : "?");
	}
	char contacts[400] = "";
	size_t used = 0;
	for (int j = 0; j < n; j++) {
		int w = snprintf(contacts + used, sizeof contacts - used, "%s%s %s", used ? " · " : "",
		                 shown[j].kinds, shown[j].value);
		if (w > 0 && (size_t)w < sizeof contacts - used)
			used += (size_t)w;
	}
	snprintf(buf, sizeof buf, " %s%s%s", line[0] ? line : "(no address)", contacts[0] ? " · " : "",
	         contacts);
	free(c->head2);
	c->head2 = ui_clean(buf, false);
	const json_t *as = json_object_get(party, "assistance");
	char needs[120] = "";
	if (json_is_true(json_object_get(as, "digital")))
		strcat(needs, " digital help");
	if (json_is_true(json_object_get(as, "language")))
		strcat(needs, needs[0] ? ", language help" : " language help");
	if (json_is_true(json_object_get(as, "hearing")))
		strcat(needs, needs[0] ? ", hearing impaired" : " hearing impaired");
	snprintf(buf, sizeof buf, " prefers %s · language %s%s%s", pref[0] ? pref : "-", lang,
	         needs[0] ? " · needs:" : "", needs);
	free(c->head3);
	c->head3 = ui_clean(buf, false);
	free(name), free(bsn), free(kvk), free(born), free(age), free(pref), free(lang), free(line);
}

static void fill_panes(struct customer *c, const json_t *cases, const json_t *ags)
{
	rows_clear(&c->cases);
	rows_clear(&c->agreements);
	size_t i;
	const json_t *x;
	size_t open = 0;
	json_array_foreach(cases, i, x) open += json_is_null(json_object_get(x, "closed_at"));
	rows_addf(&c->cases, true, UI_HEADING, " Open cases (%zu)", open);
	json_array_foreach(cases, i, x)
	{
		if (!json_is_null(json_object_get(x, "closed_at")))
			continue;
		char *ref = ui_json_str(x, "ref"), *type = ui_json_str(x, "case_type_name"),
		     *status = ui_json_str(x, "status"), *due = ui_json_str(x, "due_on");
		const json_t *owner = json_object_get(x, "owner");
		char *oname = json_is_object(owner) ? ui_json_str(owner, "name") : ui_clean("unowned", false);
		const json_t *left = json_object_get(x, "working_days_left");
		bool late = json_is_integer(left) && json_integer_value(left) <= 5;
		char d[32];
		fmt_when(due, false, d, sizeof d);
		/* What a narrow pane must show comes first: the deadline and the
		 * owner; the case type, often long, last. */
		struct row *row = rows_addf(&c->cases, false, late ? UI_ALERT : UI_NORMAL,
		                            " %s %s · %s · %s · %s", ref, d, oname, status, type);
		snprintf(row->key, sizeof row->key, "%s", ref);
		free(ref), free(type), free(status), free(due), free(oname);
	}
	rows_addf(&c->agreements, true, UI_HEADING, " Agreements (%zu)", json_array_size(ags));
	json_array_foreach(ags, i, x)
	{
		char *kind = ui_json_str(x, "kind"), *due = ui_json_str(x, "due_at"),
		     *status = ui_json_str(x, "status"), *by = ui_json_str(x, "made_by"),
		     *desc = ui_json_str(x, "description");
		bool overdue = json_is_true(json_object_get(x, "overdue"));
		bool broken = strcmp(status, "broken") == 0;
		char d[32];
		fmt_when(due, true, d, sizeof d);
		for (char *p = kind; *p; p++)
			if (*p == '_')
				*p = ' ';
		rows_addf(&c->agreements, false, overdue || broken ? UI_ALERT : UI_NORMAL,
		          " %s %s %s · %s · %s", d, kind, overdue ? "OVERDUE" : status, by, desc);
		free(kind), free(due), free(status), free(by), free(desc);
	}
}

static void view_loaded(void *owner, const PGresult *r, const char *err, const char *state)
{
	struct customer *c = owner;
	c->loaded = true;
	c->opening = false;
	if (!r) {
		/* Not opened yet (no access id): ^L, or the connection coming
		 * back, tries the opening again. loket's own refusals (LK...)
		 * would only be refused again. */
		const char *again = "";
		c->refused = !c->access_id[0] && strncmp(state, "LK", 2) == 0;
		if (strcmp(state, "LK403") == 0)
			again = " (press q, then open the customer again)";
		else if (!c->access_id[0] && !c->refused)
			again = " (^L tries again)";
		if (strcmp(state, "57014") == 0)
			snprintf(c->error, sizeof c->error, "Opening cancelled%s.", again);
		else
			snprintf(c->error, sizeof c->error, "%s%s", err, again);
		return;
	}
	json_t *v = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	if (!v) {
		snprintf(c->error, sizeof c->error, "The database sent a customer view that is not JSON.");
		return;
	}
	c->error[0] = '\0';
	const char *aid = json_string_value(json_object_get(v, "access_id"));
	if (aid)
		snprintf(c->access_id, sizeof c->access_id, "%s", aid);
	fill_header(c, json_object_get(v, "party"), json_object_get(v, "contact_addresses"));
	for (int i = 0; i < c->nalerts; i++)
		free(c->alerts[i]);
	free(c->alerts);
	const json_t *alerts = json_object_get(v, "alerts");
	c->nalerts = (int)json_array_size(alerts);
	c->alerts = calloc((size_t)c->nalerts + 1, sizeof *c->alerts);
	for (int i = 0; i < c->nalerts; i++)
		c->alerts[i] = ui_json_str(json_array_get(alerts, (size_t)i), "text");
	fill_panes(c, json_object_get(v, "cases"), json_object_get(v, "agreements"));
	int keep = c->tlist.sel;
	if (c->tlist.n > 50 && c->tlist.sel >= 40) {
		/* Deep in the history: keep the agent's place; a re-read on
		 * arrival at the top (g) shows what is new. */
		app_message(c->app, false, "Updated; g shows the newest contacts.");
		json_decref(v);
		return;
	}
	tl_clear(c);
	if (c->channel[0]) {
		tl_first(c);
	} else {
		tl_append(c, json_object_get(v, "timeline"));
		ui_list_move(&c->tlist, keep, c->tl_rows ? c->tl_rows : 10);
		/* The first page is what shows; the next one comes now, so that
		 * scrolling finds it loaded, and brings back the row the agent was
		 * on if it lies beyond the first page (unless they moved since). */
		if (keep > c->tlist.sel) {
			c->keep_sel = keep;
			c->keep_at = c->tlist.sel;
		}
		tl_more(c, 50);
	}
	json_decref(v);
}

/* The first timeline page, on opening and on a re-read: the rows the
 * screen shows; the next page follows in the background (view_loaded). */
static void first_page(char *buf, size_t len)
{
	snprintf(buf, len, "%d", core_customer_first_page(LINES));
}

static void customer_open(struct customer *c, struct app *a);

static void customer_reload(struct screen *s, struct app *a)
{
	struct customer *c = (struct customer *)s;
	if (!c->access_id[0]) {
		/* The opening failed (offline, cancelled): open it now. */
		if (!c->opening && !c->refused)
			customer_open(c, a);
		return;
	}
	char pid[32];
	snprintf(pid, sizeof pid, "%ld", c->party_id);
	char n[16];
	first_page(n, sizeof n);
	const char *p[] = {c->access_id, pid, n};
	dbq_send(app_db(a), c, view_loaded, DB_SQL_PARTY_REREAD, 3, p);
}

/* A pane: its heading (row 0 of `r`) stays; the items scroll under it. */
static void draw_pane(struct rows *r, int top, int x, int w, int n, bool focused)
{
	if (r->list.n == 0)
		return;
	r->shown = n - 1;
	int slots = n - 1, start = 1;
	if (r->list.sel >= start + slots)
		start = r->list.sel - slots + 1;
	ui_text(top, x, w, r->v[0].text, ui_attr(UI_HEADING), true);
	for (int i = 0; i < slots && start + i < r->list.n; i++) {
		const struct row *row = &r->v[start + i];
		attr_t at = ui_attr(row->color);
		if (focused && start + i == r->list.sel)
			at = ui_attr(UI_SELECTED);
		ui_text(top + 1 + i, x, w, row->text, at, true);
	}
}

/* The alerts line: as many whole alerts as fit the width, then how many
 * more there are (A lists them all); a first alert too long for the line
 * is cut to leave room for the count. */
static void alerts_line(const struct customer *c, char *out, size_t len)
{
	out[0] = '\0';
	int shown = 0;
	for (; shown < c->nalerts; shown++) {
		char more[48] = "", next[1024];
		int rest = c->nalerts - shown - 1;
		if (rest > 0)
			snprintf(more, sizeof more, " · +%d more (A)", rest);
		int w = snprintf(next, sizeof next, "%s%s%s", out, shown ? " · " : " ! ", c->alerts[shown]);
		if (w > 0 && (size_t)w < len && (size_t)w < sizeof next &&
		    ui_width(next) + ui_width(more) <= COLS) {
			snprintf(out, len, "%s", next);
			continue;
		}
		if (shown == 0) {
			memcpy(out, " ! ", 4);
			if (len > 3)
				core_text_fit(c->alerts[0], COLS - 3 - ui_width(more), out + 3, len - 3);
			shown = 1;
		}
		break;
	}
	if (shown < c->nalerts) {
		size_t u = strlen(out);
		snprintf(out + u, len - u, " · +%d more (A)", c->nalerts - shown);
	}
}

/* The header's first line on row y: the name cut to what is left after who
 * they are and the flags, which an agent checking identity (or the
 * confidentiality) must always see, at 80 columns too. */
static void draw_identity(const struct customer *c, int y)
{
	int rest = core_text_width(c->head1) + core_text_width(c->flags);
	int room = COLS - 1 - rest;
	char name[512];
	core_text_fit(c->name ? c->name : "", room > 8 ? room : 8, name, sizeof name);
	char line[1024];
	snprintf(line, sizeof line, " %s%s", name, c->head1 ? c->head1 : "");
	ui_text(y, 0, COLS, line, A_BOLD, true);
	int x = core_text_width(line);
	if (c->flags && c->flags[0] && x < COLS)
		ui_text(y, x, COLS - x, c->flags, ui_attr(UI_ALERT) | A_BOLD, false);
}

static void customer_draw(struct screen *s, struct app *a, int top, int rows)
{
	(void)a;
	struct customer *c = (struct customer *)s;
	if (c->error[0]) {
		ui_text(top + 1, 1, COLS - 2, c->error, ui_attr(UI_ALERT), false);
		return;
	}
	if (!c->loaded) {
		ui_text(top + 1, 1, COLS - 2, "Opening the customer…", ui_attr(UI_DIM), false);
		return;
	}
	int y = top;
	draw_identity(c, y++);
	ui_text(y++, 0, COLS, c->head2, 0, true);
	ui_text(y++, 0, COLS, c->head3, ui_attr(UI_DIM), true);
	char al[1024];
	alerts_line(c, al, sizeof al);
	if (c->nalerts == 0)
		ui_text(y++, 0, COLS, " no alerts", ui_attr(UI_DIM), true);
	else
		ui_text(y++, 0, COLS, al, ui_attr(UI_ALERT), true);
	/* Panes: cases left, agreements right; a quarter of the rows left. */
	int pane_rows = core_customer_pane_rows(rows);
	int half = COLS / 2;
	draw_pane(&c->cases, y, 0, half - 1, pane_rows, c->focus == PANE_CASES);
	draw_pane(&c->agreements, y, half, COLS - half, pane_rows, c->focus == PANE_AGREEMENTS);
	y += pane_rows;
	/* Timeline */
	char head[160];
	snprintf(head, sizeof head, " Timeline · %s · %d loaded%s%s", c->channel[0] ? c->channel : "all channels",
	         c->tlist.n, c->has_next ? ", older on PgDn" : ", to the oldest",
	         tl_loading(c) && c->tlist.sel > c->tlist.n - c->tl_rows ? " · loading…" : "");
	ui_text(y++, 0, COLS, head, ui_attr(UI_HEADING), true);
	c->tl_rows = core_customer_timeline_rows(rows);
	ui_list_move(&c->tlist, 0, c->tl_rows);
	for (int i = 0; i < c->tl_rows && c->tlist.top + i < c->tlist.n; i++) {
		int idx = c->tlist.top + i;
		attr_t at = c->tl[idx].note ? ui_attr(UI_DIM) : 0;
		if (c->focus == PANE_TIMELINE && idx == c->tlist.sel)
			at = ui_attr(UI_SELECTED);
		ui_text(y + i, 0, COLS, c->tl[idx].line, at, true);
	}
	if (c->tlist.n == 0)
		ui_text(y, 1, COLS - 2, tl_loading(c) ? "loading…" : "no contacts", ui_attr(UI_DIM), false);
}

static void bsn_loaded(void *owner, const PGresult *r, const char *err, const char *state)
{
	(void)state;
	struct customer *c = owner;
	if (!r) {
		app_message(c->app, true, "BSN: %s", err);
		return;
	}
	free(c->bsn_full);
	c->bsn_full = ui_clean(PQgetvalue(r, 0, 0), false);
	/* Redraw the header line with the full number. */
	char *h = c->head1;
	char *star = h ? strstr(h, "*****") : NULL;
	if (star && strlen(c->bsn_full) == 9)
		memcpy(star, c->bsn_full, 5);
	app_message(c->app, false, "BSN shown; this read is in the access log.");
}

struct filter_req {
	struct customer *c;
	char **codes;
	int n;
};

static void set_filter(struct customer *c, const char *channel)
{
	snprintf(c->channel, sizeof c->channel, "%s", channel ? channel : "");
	c->focus = PANE_TIMELINE;
	tl_first(c);
}

/* The list of alerts is to read; choosing one only closes it. */
static void alerts_seen(struct app *a, void *arg, int index)
{
	(void)a, (void)arg, (void)index;
}

static void filter_chosen(struct app *a, void *arg, int index)
{
	(void)a;
	struct filter_req *f = arg;
	if (index >= 0 && index < f->n)
		set_filter(f->c, index == 0 ? NULL : f->codes[index]);
	for (int i = 0; i < f->n; i++)
		free(f->codes[i]);
	free(f->codes);
	free(f);
}

static bool valid_channel(struct app *a, const char *ch)
{
	const json_t *chs = json_object_get(app_reference(a), "channels");
	size_t i;
	const json_t *x;
	json_array_foreach(chs, i, x)
	{
		const char *code = json_string_value(json_object_get(x, "code"));
		if (code && strcmp(code, ch) == 0)
			return true;
	}
	return false;
}

static void choose_channel(struct customer *c, struct app *a)
{
	const json_t *chs = json_object_get(app_reference(a), "channels");
	size_t n = json_array_size(chs);
	struct filter_req *f = calloc(1, sizeof *f);
	f->c = c;
	f->codes = calloc(n + 1, sizeof *f->codes);
	const char **names = calloc(n + 2, sizeof *names);
	f->codes[0] = strdup("");
	names[0] = "all channels";
	int pre = 0;
	for (size_t i = 0; i < n; i++) {
		const json_t *x = json_array_get(chs, i);
		const char *code = json_string_value(json_object_get(x, "code"));
		f->codes[i + 1] = strdup(code ? code : "");
		names[i + 1] = json_string_value(json_object_get(x, "name"));
		if (!names[i + 1])
			names[i + 1] = f->codes[i + 1];
		if (c->channel[0] && strcmp(c->channel, f->codes[i + 1]) == 0)
			pre = (int)i + 1;
	}
	f->n = (int)n + 1;
	app_choose(a, "Show which channel?", names, pre, filter_chosen, f);
	free(names);
}

static bool timeline_action(struct customer *c, struct app *a, enum action act)
{
	int page = c->tl_rows > 1 ? c->tl_rows - 1 : 1;
	switch (act) {
	case A_UP: ui_list_move(&c->tlist, -1, c->tl_rows); break;
	case A_DOWN: ui_list_move(&c->tlist, 1, c->tl_rows); break;
	case A_PAGE_UP: ui_list_move(&c->tlist, -page, c->tl_rows); break;
	case A_PAGE_DOWN: ui_list_move(&c->tlist, page, c->tl_rows); break;
	case A_FIRST: ui_list_move(&c->tlist, -c->tlist.n, c->tl_rows); break;
	case A_LAST:
		if (c->has_next) {
			c->want_last = true;
			tl_more(c, 500);
			app_message(a, false, "Loading to the oldest contact…");
		}
		ui_list_move(&c->tlist, c->tlist.n, c->tl_rows);
		break;
	case A_OPEN:
		if (c->tlist.n)
			app_push(a, screen_item_new(a, c->access_id, c->party_id, c->tl[c->tlist.sel].id));
		break;
	default: return false;
	}
	/* Near the end of what is loaded: fetch the next page. */
	if (c->tlist.sel >= c->tlist.n - c->tl_rows - 1)
		tl_more(c, 50);
	app_dirty(a);
	return true;
}

static bool customer_action(struct screen *s, struct app *a, enum action act, const char *arg)
{
	struct customer *c = (struct customer *)s;
	if (!c->loaded || c->error[0])
		return false;
	switch (act) {
	case A_NEXT_PANE:
		c->focus = (c->focus + 1) % PANE_COUNT;
		app_dirty(a);
		return true;
	case A_REVEAL_BSN: {
		char pid[32];
		snprintf(pid, sizeof pid, "%ld", c->party_id);
		const char *p[] = {c->access_id, pid};
		dbq_send(app_db(a), c, bsn_loaded, DB_SQL_BSN_REVEAL, 2, p);
		return true;
	}
	case A_FILTER_CHANNEL:
		if (arg && *arg) {
			if (!valid_channel(a, arg)) {
				app_message(a, true, "No channel \"%s\".", arg);
				return true;
			}
			set_filter(c, arg);
		} else {
			choose_channel(c, a);
		}
		return true;
	case A_FILTER_CLEAR:
		set_filter(c, NULL);
		return true;
	case A_ALERTS: {
		if (!c->loaded || c->nalerts == 0) {
			app_message(a, false, "This customer has no alerts.");
			return true;
		}
		char title[64];
		snprintf(title, sizeof title, "Alerts (%d), most urgent first", c->nalerts);
		app_choose(a, title, (const char *const *)c->alerts, -1, alerts_seen, NULL);
		return true;
	}
	case A_LOG_CONTACT: {
		/* On the case selected in the cases pane, if any. */
		const struct row *row = c->focus == PANE_CASES ? rows_selected(&c->cases) : NULL;
		app_push(a, screen_contact_new(a, c->party_id, c->access_id,
		                               row && row->key[0] ? row->key : NULL, NULL));
		return true;
	}
	default:
		break;
	}
	if (c->focus == PANE_TIMELINE)
		return timeline_action(c, a, act);
	struct rows *r = c->focus == PANE_CASES ? &c->cases : &c->agreements;
	if (rows_action(r, act)) {
		app_dirty(a);
		return true;
	}
	if (act == A_OPEN) {
		const struct row *row = rows_selected(r);
		if (c->focus == PANE_CASES && row && row->key[0])
			app_push(a, screen_case_new(a, row->key, c->access_id));
		return true;
	}
	return false;
}

static void customer_free(struct screen *s)
{
	struct customer *c = (struct customer *)s;
	tl_clear(c);
	rows_clear(&c->cases);
	rows_clear(&c->agreements);
	for (int i = 0; i < c->nalerts; i++)
		free(c->alerts[i]);
	free(c->alerts);
	free(c->name), free(c->head1), free(c->flags), free(c->head2), free(c->head3),
		free(c->bsn_full);
	free(c);
}

static bool customer_notice(struct screen *s, const json_t *n)
{
	struct customer *c = (struct customer *)s;
	return c->access_id[0] && json_integer_value(json_object_get(n, "party_id")) == c->party_id;
}

static const struct screen_ops customer_ops = {
	.notice = customer_notice,
	.name = "customer",
	.title = customer_title,
	.draw = customer_draw,
	.action = customer_action,
	.reload = customer_reload,
	.free = customer_free,
};

struct screen *screen_customer_new(struct app *a, long party_id, const char *purpose)
{
	struct customer *c = calloc(1, sizeof *c);
	c->base.ops = &customer_ops;
	c->app = a;
	c->party_id = party_id;
	c->keep_sel = -1;
	snprintf(c->purpose, sizeof c->purpose, "%s", purpose);
	snprintf(c->title, sizeof c->title, "customer %ld", party_id);
	customer_open(c, a);
	return &c->base;
}

/* Open the customer for c->purpose: one access-log row, the access id
 * for every re-read after. */
static void customer_open(struct customer *c, struct app *a)
{
	char pid[32], terminal[128] = "";
	snprintf(pid, sizeof pid, "%ld", c->party_id);
	const char *tty = ttyname(STDIN_FILENO);
	char host[64] = "";
	gethostname(host, sizeof host - 1);
	snprintf(terminal, sizeof terminal, "%s:%s", host, tty ? tty : "?");
	char n[16];
	first_page(n, sizeof n);
	const char *p[] = {pid, c->purpose, terminal, n};
	c->opening = true;
	c->loaded = false;
	c->error[0] = '\0';
	dbq_send(app_db(a), c, view_loaded, DB_SQL_PARTY_OPEN, 4, p);
}
