/* contact.c — logging a contact (afhandeling) in one form, saved in one
 * step through api.contact_log: channel, direction, subject, outcome, the
 * case it was about, the note (multi-line, or in $VISUAL/$EDITOR), and
 * optionally an agreement or a callback request for a colleague or team.
 *
 * Never lose a note: the draft is journaled on every change and removed
 * only when the server has confirmed it. Offline, the draft is kept and
 * the outbox sends it, once, with the same UUID, when the connection is
 * back; a console killed mid-draft offers it at the next start. */
#include "core/due.h"
#include "core/wrap.h"
#include "db/db.h"
#include "db/party.h"
#include "db/work.h"
#include "io/files.h"
#include "io/journal.h"
#include "screens/rows.h"
#include "screens/screens.h"
#include "ui/staff.h"

#include <curses.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

enum field { F_CHANNEL, F_DIRECTION, F_SUBJECT, F_OUTCOME, F_CASE, F_NOTE, F_AGREEMENT, F_CALLBACK,
             F_COUNT };

static const char *const labels[F_COUNT] = {"Channel", "Direction", "Subject", "Outcome",
                                            "Case", "Note", "Agreement", "Callback"};

struct contact {
	struct screen base;
	struct app *app;
	char id[37];
	long party_id;
	char access_id[40];
	char title[160];
	char channel[24], direction[4], subject[256], outcome[32], case_ref[24];
	char *note;
	char ag_kind[24], ag_due[40], ag_text[128];
	char cb_to[64], cb_reason[256], cb_due[40];
	bool cb_team;
	int sel;
	bool typing, sending;
	char **cases; /* the customer's open cases, NULL-ended */
	struct staff staff;
};

static const char *contact_title(struct screen *s)
{
	return ((struct contact *)s)->title;
}

/* The request for api.contact_log. */
static json_t *payload(const struct contact *c)
{
	json_t *p = json_pack("{s:I, s:s, s:s, s:s, s:s}", "party_id", (json_int_t)c->party_id,
	                      "channel", c->channel, "direction", c->direction, "subject", c->subject,
	                      "outcome", c->outcome);
	if (c->case_ref[0])
		json_object_set_new(p, "case_ref", json_string(c->case_ref));
	if (c->note && *c->note)
		json_object_set_new(p, "note", json_string(c->note));
	if (c->ag_kind[0])
		json_object_set_new(p, "agreement",
		                    json_pack("{s:s, s:s, s:s}", "kind", c->ag_kind, "due_at", c->ag_due,
		                              "description", c->ag_text));
	if (c->cb_to[0]) {
		json_t *t = json_pack("{s:s, s:s}", c->cb_team ? "team" : "agent", c->cb_to, "reason",
		                      c->cb_reason[0] ? c->cb_reason : "Terugbellen");
		if (c->cb_due[0])
			json_object_set_new(t, "due_at", json_string(c->cb_due));
		json_object_set_new(p, "task", t);
	}
	if (c->access_id[0])
		json_object_set_new(p, "access_id", json_string(c->access_id));
	return p;
}

static bool is_empty(const struct contact *c);

/* Journal the draft; `state` is "editing" or "sending". An empty form is
 * not kept. Typing in the note journals every keystroke without fsync
 * (keep_typed); every other change, and sending, is made durable. */
static void keep_as(struct contact *c, const char *state, bool durable)
{
	if (is_empty(c)) {
		journal_remove(c->id);
		return;
	}
	const char *who = c->title;
	if (strncmp(who, "log contact: ", 13) == 0)
		who += 13;
	json_t *d = json_pack("{s:s, s:I, s:s, s:s, s:o}", "id", c->id, "party_id",
	                      (json_int_t)c->party_id, "state", state, "customer", who,
	                      "contact", payload(c));
	char *err = NULL;
	if (!journal_write(c->id, d, durable, &err)) {
		app_message(c->app, true, "The draft is NOT kept on disk: %s", err);
		free(err);
	}
	json_decref(d);
}

static void keep(struct contact *c, const char *state)
{
	keep_as(c, state, true);
}

static bool is_empty(const struct contact *c)
{
	return !c->subject[0] && !(c->note && *c->note) && !c->ag_kind[0] && !c->cb_to[0];
}

/* Editing the fields ------------------------------------------------------ */

static const json_t *ref_list(struct app *a, const char *name)
{
	return json_object_get(app_reference(a), name);
}

static void chosen_code(struct contact *c, const char *list, int i, char *dst, size_t len)
{
	const json_t *x = json_array_get(ref_list(c->app, list), (size_t)i);
	const char *code = json_string_value(json_object_get(x, "code"));
	if (code)
		snprintf(dst, len, "%s", code);
}

static void channel_chosen(struct app *a, void *arg, int i)
{
	struct contact *c = arg;
	if (i >= 0)
		chosen_code(c, "channels", i, c->channel, sizeof c->channel);
	keep(c, "editing");
	app_dirty(a);
}

static void outcome_chosen(struct app *a, void *arg, int i)
{
	struct contact *c = arg;
	if (i >= 0)
		chosen_code(c, "outcomes", i, c->outcome, sizeof c->outcome);
	keep(c, "editing");
	app_dirty(a);
}

static void choose_from(struct contact *c, const char *title, const char *list, const char *current,
                        choose_done_fn done)
{
	const json_t *l = ref_list(c->app, list);
	size_t n = json_array_size(l);
	const char **names = calloc(n + 1, sizeof *names);
	int pre = 0;
	for (size_t i = 0; i < n; i++) {
		const json_t *x = json_array_get(l, i);
		names[i] = json_string_value(json_object_get(x, "name"));
		const char *code = json_string_value(json_object_get(x, "code"));
		if (code && strcmp(code, current) == 0)
			pre = (int)i;
	}
	app_choose(c->app, title, names, pre, done, c);
	free(names);
}

static void subject_done(struct app *a, void *arg, const char *line)
{
	struct contact *c = arg;
	if (line)
		snprintf(c->subject, sizeof c->subject, "%s", line);
	keep(c, "editing");
	app_dirty(a);
}

static void case_chosen(struct app *a, void *arg, int i)
{
	struct contact *c = arg;
	if (i == 0)
		c->case_ref[0] = '\0';
	else if (i > 0)
		snprintf(c->case_ref, sizeof c->case_ref, "%s", c->cases[i - 1]);
	keep(c, "editing");
	app_dirty(a);
}

static const char *const ag_kinds[] = {"none", "callback", "send_document", "payment_plan",
                                       "visit", "other", NULL};

static void ag_due_done(struct app *a, void *arg, const char *line)
{
	struct contact *c = arg;
	char err[256];
	if (!line) {
		c->ag_kind[0] = '\0';
	} else if (!core_due_parse(line, time(NULL), c->ag_due, sizeof c->ag_due, err, sizeof err)) {
		/* No agreement rather than one due at a moment the agent did not mean. */
		app_message(a, true, "%s", err);
		c->ag_kind[0] = '\0';
	}
	keep(c, "editing");
	app_dirty(a);
}

static void ag_kind_chosen(struct app *a, void *arg, int i)
{
	struct contact *c = arg;
	if (i <= 0) {
		c->ag_kind[0] = '\0';
		keep(c, "editing");
		return;
	}
	snprintf(c->ag_kind, sizeof c->ag_kind, "%s", ag_kinds[i]);
	snprintf(c->ag_text, sizeof c->ag_text, "%s", ag_kinds[i]);
	for (char *p = c->ag_text; *p; p++)
		if (*p == '_')
			*p = ' ';
	app_prompt(a, "Agreement due (dd-mm-yyyy [hh:mm] or +N days): ", NULL, 0, ag_due_done, c);
}

static void cb_due_done(struct app *a, void *arg, const char *line)
{
	struct contact *c = arg;
	char err[256];
	c->cb_due[0] = '\0';
	if (line && *line &&
	    !core_due_parse(line, time(NULL), c->cb_due, sizeof c->cb_due, err, sizeof err)) {
		/* The callback stays, without a moment the agent did not mean. */
		app_message(a, true, "%s (the callback has no time now; Enter sets it)", err);
		c->cb_due[0] = '\0';
	}
	keep(c, "editing");
	app_dirty(a);
}

static void cb_reason_done(struct app *a, void *arg, const char *line)
{
	struct contact *c = arg;
	if (line)
		snprintf(c->cb_reason, sizeof c->cb_reason, "%s", line);
	keep(c, "editing");
	app_prompt(a, "Call back by (dd-mm-yyyy [hh:mm] or +N days; empty for no time): ", NULL, 0,
	           cb_due_done, c);
}

static void cb_to_done(struct app *a, void *arg, const char *line)
{
	struct contact *c = arg;
	if (!line || !*line) {
		c->cb_to[0] = c->cb_due[0] = '\0';
		keep(c, "editing");
		return;
	}
	/* A login, a team code, or a name that fits one colleague or team; the
	 * callback goes to those who take work (not to an auditor). */
	const char *value = NULL;
	int ag = -1;
	switch (staff_case_owner(&c->staff, line, &value, &ag)) {
	case STAFF_AGENT:
	case STAFF_TEAM: break;
	case STAFF_CANNOT_OWN:
		app_message(a, true, "%s (%s) has the role %s and takes no callbacks.",
		            c->staff.agent_names[ag], value, c->staff.agent_roles[ag]);
		return;
	case STAFF_SEVERAL:
		app_message(a, true, "\"%s\" fits more than one colleague or team; Tab lists them.",
		            line);
		return;
	case STAFF_NONE:
		app_message(a, true, "\"%s\" is neither a colleague nor a team (Tab completes).",
		            line);
		return;
	}
	snprintf(c->cb_to, sizeof c->cb_to, "%s", value);
	c->cb_team = !staff_is_agent(&c->staff, value);
	app_prompt(a, "Callback reason: ", NULL, 0, cb_reason_done, c);
}

/* Write the note in the agent's editor: the terminal is handed over and
 * taken back; the text comes back from a private file next to the drafts. */
static void run_editor(struct contact *c)
{
	char *err = NULL;
	const char *dir = journal_dir(&err);
	if (!dir) {
		app_message(c->app, true, "%s", err);
		free(err);
		return;
	}
	char path[1200];
	snprintf(path, sizeof path, "%s/%s.txt", dir, c->id);
	FILE *f = fopen(path, "w");
	if (!f) {
		app_message(c->app, true, "Cannot write %s.", path);
		return;
	}
	fputs(c->note ? c->note : "", f);
	fclose(f);
	const char *ed = getenv("VISUAL");
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	def_prog_mode();
	endwin();
	setenv("LOKET_EDITOR", ed, 1);
	pid_t pid = fork();
	if (pid == 0) {
		/* The editor may be "emacs -nw": let the shell split it; the path
		 * goes as an argument, never into the command text. */
		execl("/bin/sh", "sh", "-c", "exec $LOKET_EDITOR \"$1\"", "sh", path, (char *)NULL);
		_exit(127);
	}
	int st = 0;
	if (pid > 0)
		waitpid(pid, &st, 0);
	reset_prog_mode();
	refresh();
	f = fopen(path, "r");
	if (f) {
		size_t len;
		char *buf = io_read_all(f, 1u << 20, &len);
		fclose(f);
		if (buf) {
			while (len > 0 && buf[len - 1] == '\n')
				buf[--len] = '\0';
			free(c->note);
			c->note = buf;
		}
	}
	unlink(path);
	keep(c, "editing");
	if (pid < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		app_message(c->app, true, "The editor (%s) did not finish cleanly; the note is as it was saved.", ed);
	app_dirty(c->app);
}

/* Saving -------------------------------------------------------------------- */

static void saved(void *owner, const PGresult *r, const char *err, const char *state)
{
	struct contact *c = owner;
	struct app *a = c->app;
	c->sending = false;
	if (r) {
		journal_remove(c->id);
		const char *text = PQgetvalue(r, 0, 0);
		bool again = strstr(text, "\"stored\": false") != NULL;
		app_pop(a); /* frees c */
		app_run_action(a, A_REFRESH, NULL);
		app_message(a, false, again ? "The contact was already stored (sent twice, stored once)."
		                            : "Contact logged.");
		return;
	}
	if (dbq_lost(state)) {
		/* Sent or not, we cannot know: the outbox sends it again with the
		 * same UUID when the connection is back, and it is stored once. */
		keep(c, "sending");
		app_pop(a);
		app_message(a, true, "Offline: the contact is kept and will be sent when the connection is back.");
		return;
	}
	keep(c, "editing");
	app_message(a, true, "Not saved: %s", err);
}

/* Has the moment `due` of the form's `what` (row `row`) passed? Then it
 * says so, with the row selected. */
static bool passed(struct contact *c, const char *due, enum field row, const char *what)
{
	if (!core_due_passed(due, time(NULL)))
		return false;
	char when[32];
	fmt_when(due, true, when, sizeof when);
	c->sel = row;
	app_message(c->app, true, "The %s was due %s, which has passed: Enter sets it again.", what,
	            when);
	return true;
}

static void save(struct contact *c)
{
	if (c->sending)
		return;
	if (!c->subject[0]) {
		c->sel = F_SUBJECT;
		app_message(c->app, true, "A contact needs a subject (what was it about?).");
		return;
	}
	if (!c->outcome[0]) {
		c->sel = F_OUTCOME;
		app_message(c->app, true, "A contact needs an outcome.");
		return;
	}
	/* Time passes while the form is open, and a draft may be days old: an agreement or
	 * a callback is never stored overdue from the start. */
	if ((c->ag_kind[0] && passed(c, c->ag_due, F_AGREEMENT, "agreement")) ||
	    (c->cb_to[0] && c->cb_due[0] && passed(c, c->cb_due, F_CALLBACK, "callback")))
		return;
	keep(c, "sending");
	json_t *p = payload(c);
	char *js = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(p);
	const char *params[] = {c->id, js};
	c->sending = true;
	app_message(c->app, false, "Saving…");
	dbq_send(app_db(c->app), c, saved, DB_SQL_CONTACT_LOG, 2, params);
	free(js);
}

/* Screen ------------------------------------------------------------------- */

static void value_of(const struct contact *c, int f, char *buf, size_t len)
{
	switch (f) {
	case F_CHANNEL: snprintf(buf, len, "%s", c->channel); break;
	case F_DIRECTION:
		snprintf(buf, len, "%s", strcmp(c->direction, "in") == 0 ? "in (from the customer)"
		                                                          : "out (to the customer)");
		break;
	case F_SUBJECT: snprintf(buf, len, "%s", c->subject[0] ? c->subject : "(required)"); break;
	case F_OUTCOME: snprintf(buf, len, "%s", c->outcome[0] ? c->outcome : "(required)"); break;
	case F_CASE: snprintf(buf, len, "%s", c->case_ref[0] ? c->case_ref : "none"); break;
	case F_NOTE:
		snprintf(buf, len, "%s", c->typing ? "typing: Esc ends, ^E opens your editor"
		                                   : c->note && *c->note ? "" : "(Enter to write)");
		break;
	case F_AGREEMENT:
		if (c->ag_kind[0]) {
			char when[32];
			fmt_when(c->ag_due, true, when, sizeof when);
			snprintf(buf, len, "%s due %s", c->ag_text, when);
		} else {
			snprintf(buf, len, "none");
		}
		break;
	case F_CALLBACK:
		if (c->cb_to[0] && c->cb_due[0]) {
			char when[32];
			fmt_when(c->cb_due, true, when, sizeof when);
			snprintf(buf, len, "%s %s: %s, by %s", c->cb_team ? "team" : "agent", c->cb_to,
			         c->cb_reason, when);
		} else if (c->cb_to[0]) {
			snprintf(buf, len, "%s %s: %s", c->cb_team ? "team" : "agent", c->cb_to, c->cb_reason);
		} else {
			snprintf(buf, len, "none");
		}
		break;
	}
}

/* Columns before a note row: " Note       " lines up with the field values. */
enum { NOTE_X = 12 };

/* A row of the note on screen: its bytes in the cleaned text. */
struct note_row {
	size_t at, len;
};

/* Cut the cleaned note into rows of `cols` columns: each line of it, wrapped where it
 * reaches the edge, so that nothing typed is cut off. Returns the number of rows (at least
 * one), malloc'd into *rows. */
static int note_rows(const char *txt, int cols, struct note_row **rows)
{
	int n = 0, cap = 16;
	struct note_row *r = malloc((size_t)cap * sizeof *r);
	if (!r)
		abort();
	const char *line = txt;
	for (;;) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line), at = 0;
		do {
			size_t cut = core_wrap_row(line + at, len - at, cols);
			if (n == cap) {
				cap *= 2;
				struct note_row *more = realloc(r, (size_t)cap * sizeof *r);
				if (!more)
					abort();
				r = more;
			}
			r[n++] = (struct note_row){.at = (size_t)(line - txt) + at, .len = cut};
			at += cut;
		} while (at < len);
		if (!eol)
			break;
		line = eol + 1;
	}
	*rows = r;
	return n;
}

/* Draw the note's last rows from row y, at most `room`; while it is typed, a block after
 * its last character stands for the cursor (the console hides the terminal's own cursor
 * unless a prompt is open). Returns the row after the note. */
static int draw_note(const struct contact *c, int y, int room)
{
	int cols = COLS - NOTE_X;
	char *txt = ui_clean(c->note ? c->note : "", true);
	struct note_row *r;
	int n = note_rows(txt, cols, &r);
	/* The cursor after a full last row goes to a row of its own. */
	int last_w = core_wrap_width(txt + r[n - 1].at, r[n - 1].len);
	bool cursor_row = c->typing && last_w >= cols;
	int total = n + cursor_row;
	int skip = total > room ? total - room : 0;
	for (int i = skip; i < n; i++) {
		char *row = strndup(txt + r[i].at, r[i].len);
		ui_text(y++, NOTE_X, cols, row, 0, true);
		free(row);
	}
	if (c->typing) {
		if (cursor_row)
			ui_text(y++, NOTE_X, cols, "", 0, true);
		int x = cursor_row ? NOTE_X : NOTE_X + last_w;
		ui_text(y - 1, x, 1, " ", A_REVERSE, true);
	}
	free(r);
	free(txt);
	return y;
}

static void contact_draw(struct screen *s, struct app *a, int top, int rows)
{
	(void)a;
	struct contact *c = (struct contact *)s;
	int y = top;
	ui_text(y++, 0, COLS, " Log the contact · ^S saves in one step · the draft is kept until it is stored",
	        ui_attr(UI_HEADING), true);
	for (int f = 0; f < F_COUNT && y < top + rows; f++) {
		char val[512], line[600];
		value_of(c, f, val, sizeof val);
		snprintf(line, sizeof line, " %-10s %s", labels[f], val);
		char *clean = ui_clean(line, false);
		ui_text(y++, 0, COLS, clean, f == c->sel ? ui_attr(UI_SELECTED) : 0, true);
		free(clean);
		if (f == F_NOTE && ((c->note && *c->note) || c->typing)) {
			/* The rows left once the fields after the note have theirs (and one spare). */
			int room = rows - (F_COUNT - F_NOTE) - (y - top) - 1;
			y = draw_note(c, y, room < 1 ? 1 : room);
		}
	}
}

static void note_append(struct contact *c, const char *bytes)
{
	size_t old = c->note ? strlen(c->note) : 0, add = strlen(bytes);
	char *p = realloc(c->note, old + add + 1);
	if (!p)
		return;
	memcpy(p + old, bytes, add + 1);
	c->note = p;
}

static void note_backspace(struct contact *c)
{
	if (!c->note || !*c->note)
		return;
	size_t n = strlen(c->note);
	do
		n--;
	while (n > 0 && ((unsigned char)c->note[n] & 0xC0) == 0x80);
	c->note[n] = '\0';
}

/* While the note has focus, every key is text (shortcuts are off). */
static bool contact_key(struct screen *s, struct app *a, int key)
{
	struct contact *c = (struct contact *)s;
	if (!c->typing)
		return false;
	if (key == 27) {
		c->typing = false;
		curs_set(0);
		keep(c, "editing"); /* leaving the note: make it durable */
		app_dirty(a);
		return true;
	} else if (key == 5) { /* ^E */
		run_editor(c);
		return true;
	} else if (key == 19) { /* ^S saves from the text too */
		c->typing = false;
		save(c);
		return true;
	} else if (key == '\n') {
		note_append(c, "\n");
	} else if (key == 127 || key == 8 || key == (KEY_FUNCTION | KEY_BACKSPACE)) {
		note_backspace(c);
	} else if (!KEY_IS_FUNCTION(key) && key >= ' ') {
		char mb[8];
		mbstate_t st;
		memset(&st, 0, sizeof st);
		size_t n = wcrtomb(mb, (wchar_t)key, &st);
		if (n != (size_t)-1) {
			mb[n] = '\0';
			note_append(c, mb);
		}
	} else {
		return true; /* other keys do nothing while typing */
	}
	keep_as(c, "editing", false);
	app_dirty(a);
	return true;
}

static void edit_field(struct contact *c)
{
	struct app *a = c->app;
	switch (c->sel) {
	case F_CHANNEL: choose_from(c, "Channel of the contact", "channels", c->channel, channel_chosen); break;
	case F_DIRECTION:
		snprintf(c->direction, sizeof c->direction, "%s", strcmp(c->direction, "in") == 0 ? "out" : "in");
		keep(c, "editing");
		break;
	case F_SUBJECT: app_prompt(a, "Subject: ", NULL, 0, subject_done, c); break;
	case F_OUTCOME: choose_from(c, "Outcome of the contact", "outcomes", c->outcome, outcome_chosen); break;
	case F_CASE: {
		int n = 0;
		while (c->cases && c->cases[n])
			n++;
		const char **items = calloc((size_t)n + 2, sizeof *items);
		items[0] = "none";
		int pre = 0;
		for (int i = 0; i < n; i++) {
			items[i + 1] = c->cases[i];
			if (strcmp(c->cases[i], c->case_ref) == 0)
				pre = i + 1;
		}
		app_choose(a, "The case this contact was about", items, pre, case_chosen, c);
		free(items);
		break;
	}
	case F_NOTE: c->typing = true; break;
	case F_AGREEMENT: app_choose(a, "Agreement with the customer", ag_kinds, 0, ag_kind_chosen, c); break;
	case F_CALLBACK: {
		char **who = staff_case_owners(&c->staff);
		app_prompt(a, "Callback by (colleague or team; empty for none): ",
		           (const char *const *)who, 0, cb_to_done, c);
		staff_candidates_free(who);
		break;
	}
	}
}

static bool contact_action(struct screen *s, struct app *a, enum action act, const char *arg)
{
	(void)arg;
	struct contact *c = (struct contact *)s;
	switch (act) {
	case A_UP: c->sel = (c->sel + F_COUNT - 1) % F_COUNT; break;
	case A_DOWN:
	case A_NEXT_PANE: c->sel = (c->sel + 1) % F_COUNT; break;
	case A_OPEN: edit_field(c); break;
	case A_SAVE: save(c); break;
	case A_EDITOR: run_editor(c); break;
	case A_BACK:
		if (is_empty(c)) {
			journal_remove(c->id);
			app_pop(a);
		} else {
			app_pop(a);
			app_message(a, false, "The draft is kept: n on this customer continues it, and loket "
			                      "offers it at the next start.");
		}
		return true;
	default: return false;
	}
	app_dirty(a);
	return true;
}

static void cases_loaded(void *owner, const PGresult *r, const char *err, const char *state)
{
	(void)err;
	(void)state;
	struct contact *c = owner;
	if (!r)
		return;
	json_t *v = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	const json_t *cases = json_object_get(v, "cases");
	size_t n = json_array_size(cases), k = 0;
	c->cases = calloc(n + 1, sizeof *c->cases);
	for (size_t i = 0; i < n; i++) {
		const json_t *x = json_array_get(cases, i);
		if (!json_is_null(json_object_get(x, "closed_at")))
			continue;
		const char *ref = json_string_value(json_object_get(x, "ref"));
		if (ref)
			c->cases[k++] = strdup(ref);
	}
	const char *name = json_string_value(json_object_get(json_object_get(v, "party"), "display_name"));
	if (name) {
		char *clean = ui_clean(name, false);
		snprintf(c->title, sizeof c->title, "log contact: %s", clean);
		free(clean);
	}
	json_decref(v);
}

static void contact_free(struct screen *s)
{
	struct contact *c = (struct contact *)s;
	for (int i = 0; c->cases && c->cases[i]; i++)
		free(c->cases[i]);
	free(c->cases);
	staff_free(&c->staff, c->app);
	free(c->note);
	curs_set(0);
	free(c);
}

static const struct screen_ops contact_ops = {
	.name = "contact",
	.title = contact_title,
	.draw = contact_draw,
	.action = contact_action,
	.key = contact_key,
	.free = contact_free,
};

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* Fill the form from a journaled draft. */
static void from_draft(struct contact *c, const json_t *d)
{
	const json_t *p = json_object_get(d, "contact");
	struct {
		const char *key;
		char *dst;
		size_t len;
	} f[] = {{"channel", c->channel, sizeof c->channel},
	         {"direction", c->direction, sizeof c->direction},
	         {"subject", c->subject, sizeof c->subject},
	         {"outcome", c->outcome, sizeof c->outcome},
	         {"case_ref", c->case_ref, sizeof c->case_ref}};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		const char *v = json_string_value(json_object_get(p, f[i].key));
		if (v)
			snprintf(f[i].dst, f[i].len, "%s", v);
	}
	const char *note = json_string_value(json_object_get(p, "note"));
	if (note)
		c->note = strdup(note);
	const json_t *ag = json_object_get(p, "agreement");
	if (json_is_object(ag)) {
		snprintf(c->ag_kind, sizeof c->ag_kind, "%s", nz(json_string_value(json_object_get(ag, "kind"))));
		snprintf(c->ag_due, sizeof c->ag_due, "%s", nz(json_string_value(json_object_get(ag, "due_at"))));
		snprintf(c->ag_text, sizeof c->ag_text, "%s", nz(json_string_value(json_object_get(ag, "description"))));
	}
	const json_t *t = json_object_get(p, "task");
	if (json_is_object(t)) {
		const char *team = json_string_value(json_object_get(t, "team"));
		const char *agent = json_string_value(json_object_get(t, "agent"));
		snprintf(c->cb_to, sizeof c->cb_to, "%s", team ? team : agent ? agent : "");
		c->cb_team = team != NULL;
		snprintf(c->cb_reason, sizeof c->cb_reason, "%s", nz(json_string_value(json_object_get(t, "reason"))));
		snprintf(c->cb_due, sizeof c->cb_due, "%s", nz(json_string_value(json_object_get(t, "due_at"))));
	}
	const char *who = json_string_value(json_object_get(d, "customer"));
	if (who)
		snprintf(c->title, sizeof c->title, "log contact: %s", who);
}

/* The id of the newest draft kept for customer `party_id` that the agent
 * left while editing (q on the form, or a console that stopped), or "".
 * Drafts being sent are the outbox's. Draft ids are version-7 UUIDs, so the
 * last listed is the newest. */
static void left_draft(long party_id, char id[37])
{
	id[0] = '\0';
	char **ids = journal_list();
	for (int i = 0; ids[i]; i++) {
		char *err = NULL;
		json_t *d = journal_read(ids[i], &err);
		free(err);
		const char *st = json_string_value(json_object_get(d, "state"));
		if (st && strcmp(st, "editing") == 0 &&
		    json_integer_value(json_object_get(d, "party_id")) == party_id)
			snprintf(id, 37, "%s", ids[i]);
		json_decref(d);
	}
	journal_list_free(ids);
}

struct screen *screen_contact_new(struct app *a, long party_id, const char *access_id,
                                  const char *case_ref, const char *draft_id)
{
	/* A contact left with q is taken up again, not started anew beside it. */
	char left[37];
	if (!draft_id) {
		left_draft(party_id, left);
		if (left[0]) {
			draft_id = left;
			app_message(a, false, "Continuing the contact you left for this customer.");
		}
	}
	struct contact *c = calloc(1, sizeof *c);
	c->base.ops = &contact_ops;
	c->app = a;
	c->party_id = party_id;
	snprintf(c->access_id, sizeof c->access_id, "%s", access_id ? access_id : "");
	snprintf(c->channel, sizeof c->channel, "phone");
	snprintf(c->direction, sizeof c->direction, "in");
	snprintf(c->case_ref, sizeof c->case_ref, "%s", case_ref ? case_ref : "");
	snprintf(c->title, sizeof c->title, "log contact: customer %ld", party_id);
	c->sel = F_SUBJECT;
	if (draft_id) {
		snprintf(c->id, sizeof c->id, "%s", draft_id);
		char *err = NULL;
		json_t *d = journal_read(draft_id, &err);
		if (d) {
			from_draft(c, d);
			json_decref(d);
		} else {
			app_message(a, true, "%s", err);
			free(err);
		}
	} else if (!db_uuid_new(c->id)) {
		app_message(a, true, "No randomness for the contact's UUID; cannot log it safely.");
	}
	if (c->access_id[0]) {
		char pid[32];
		snprintf(pid, sizeof pid, "%ld", party_id);
		const char *p[] = {c->access_id, pid, "1"};
		dbq_send(app_db(a), c, cases_loaded, DB_SQL_PARTY_REREAD, 3, p);
	}
	staff_load(&c->staff, a);
	keep(c, "editing");
	return &c->base;
}
