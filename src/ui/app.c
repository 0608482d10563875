/* app.c — the event loop and the screen stack.
 *
 * One poll() over the terminal and the database socket, with a timer for
 * the spinner and the clock. Keys are drained from curses before every
 * poll (curses may hold typed keys already read from the terminal). */
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/prompt.h"
#include "ui/staff.h"
#include "ui/ui.h"
#include "core/casework.h"
#include "core/layout.h"
#include "db/db.h"
#include "io/files.h"
#include "io/journal.h"

#include <curses.h>
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 32

struct app {
	const struct ui_options *opt;
	const struct ui_factories *f;
	struct dbq *db;
	struct keymap km;
	struct screen *stack[MAX_DEPTH];
	int depth;
	char msg[512];
	bool msg_error;
	bool dirty, quit;
	char login[64], name[128], team[64], role[32], state[32];
	long state_since_ms;
	json_t *ref;
	char *names[257]; /* recent names for search completion, a ring; names[256] stays NULL */
	int names_next;
	struct {
		bool active;
		char *title;
		char **items;
		int n, sel;
		int typed; /* the number typed so far (a list of ten or more) */
		choose_done_fn done;
		void *arg;
	} choose;
	struct {
		prompt_done_fn done;
		void *arg;
	} prompt;
	bool stale[MAX_DEPTH]; /* screens a notice asked to re-read */
	bool was_offline;
	char small_key[32]; /* the last key that waited for a larger terminal */
	json_int_t agent_id; /* the signed-in agent's id (api.whoami) */
	json_int_t team_id;  /* their team's id, 0 for none */
	struct staff staff;  /* colleagues and teams, for Tab after case-transfer */
};

/* Screens ---------------------------------------------------------------- */

struct dbq *app_db(struct app *a)
{
	return a->db;
}

void app_dirty(struct app *a)
{
	a->dirty = true;
}

static struct screen *top(const struct app *a)
{
	return a->depth ? a->stack[a->depth - 1] : NULL;
}

void app_push(struct app *a, struct screen *s)
{
	if (a->depth == MAX_DEPTH) {
		/* Drop the oldest above home: the agent never loses the current one. */
		dbq_forget(a->db, a->stack[1]);
		a->stack[1]->ops->free(a->stack[1]);
		memmove(&a->stack[1], &a->stack[2], (size_t)(MAX_DEPTH - 2) * sizeof a->stack[0]);
		a->depth--;
	}
	a->stack[a->depth++] = s;
	a->dirty = true;
}

void app_pop(struct app *a)
{
	if (a->depth == 0)
		return;
	struct screen *s = a->stack[--a->depth];
	dbq_forget(a->db, s);
	s->ops->free(s);
	a->dirty = true;
}

void app_replace(struct app *a, struct screen *s)
{
	app_pop(a);
	app_push(a, s);
}

const struct keymap *app_keymap(const struct app *a)
{
	return &a->km;
}

const char *app_context(const struct app *a)
{
	struct screen *s = top(a);
	return s ? s->ops->name : "generic";
}

const char *app_key_for(const struct app *a, enum action act, char *buf, size_t len)
{
	if (!keymap_first_key(&a->km, app_context(a), act, buf, len))
		snprintf(buf, len, ":%s", action_table[act].name);
	return buf;
}

const char *app_agent_login(const struct app *a)
{
	return a->login;
}

const char *app_agent_team(const struct app *a)
{
	return a->team;
}

const char *app_agent_role(const struct app *a)
{
	return a->role;
}

long app_agent_id(const struct app *a)
{
	return (long)a->agent_id;
}

long app_agent_team_id(const struct app *a)
{
	return (long)a->team_id;
}

void app_remember_name(struct app *a, const char *name)
{
	if (!name || !*name)
		return;
	for (int i = 0; i < 256; i++)
		if (a->names[i] && strcmp(a->names[i], name) == 0)
			return;
	free(a->names[a->names_next]);
	a->names[a->names_next] = strdup(name);
	a->names_next = (a->names_next + 1) % 256;
}

const json_t *app_reference(const struct app *a)
{
	return a->ref;
}

const char *app_default_purpose(const struct app *a)
{
	(void)a;
	return "contact";
}

void app_message(struct app *a, bool error, const char *fmt, ...)
{
	char raw[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	char *clean = ui_clean(raw, false);
	snprintf(a->msg, sizeof a->msg, "%s", clean);
	free(clean);
	a->msg_error = error;
	a->dirty = true;
}

/* The prompt and the chooser -------------------------------------------- */

static void prompt_done(void *arg, const char *line)
{
	struct app *a = arg;
	prompt_done_fn done = a->prompt.done;
	void *darg = a->prompt.arg;
	a->dirty = true;
	done(a, darg, line);
}

void app_prompt(struct app *a, const char *prompt, const char *const *completions, char history,
                prompt_done_fn done, void *arg)
{
	a->prompt.done = done;
	a->prompt.arg = arg;
	a->msg[0] = '\0';
	prompt_open(prompt, completions, history, prompt_done, a);
	a->dirty = true;
}

static void choose_close(struct app *a)
{
	for (int i = 0; i < a->choose.n; i++)
		free(a->choose.items[i]);
	free(a->choose.items);
	free(a->choose.title);
	memset(&a->choose, 0, sizeof a->choose);
	a->dirty = true;
}

void app_choose(struct app *a, const char *title, const char *const *items, int preselect,
                choose_done_fn done, void *arg)
{
	if (a->choose.active)
		choose_close(a);
	int n = 0;
	while (items[n])
		n++;
	a->choose.active = true;
	a->choose.title = ui_clean(title, false);
	a->choose.items = calloc((size_t)n + 1, sizeof *a->choose.items);
	for (int i = 0; i < n; i++)
		a->choose.items[i] = ui_clean(items[i], false);
	a->choose.n = n;
	a->choose.sel = preselect >= 0 && preselect < n ? preselect : 0;
	a->choose.typed = 0;
	a->choose.done = done;
	a->choose.arg = arg;
	a->dirty = true;
}

static void choose_key(struct app *a, int key)
{
	int pick = -2;
	if (key == (KEY_FUNCTION | KEY_UP) || key == 'k')
		a->choose.sel = (a->choose.sel + a->choose.n - 1) % a->choose.n;
	else if (key == (KEY_FUNCTION | KEY_DOWN) || key == 'j' || key == '\t')
		a->choose.sel = (a->choose.sel + 1) % a->choose.n;
	else if (key == '\n' || key == (KEY_FUNCTION | KEY_ENTER))
		pick = a->choose.sel;
	else if (key == 27 || key == 'q')
		pick = -1;
	else if (key >= '0' && key <= '9') {
		/* An item's number: picked as soon as no longer number begins
		 * with the digits typed (in a list of 11, "1" waits for a second
		 * digit or Enter, "2" picks). */
		int v = a->choose.typed * 10 + (key - '0');
		if (v > a->choose.n)
			v = key - '0'; /* not a longer number: this digit starts anew */
		a->choose.typed = v >= 1 && v <= a->choose.n ? v : 0;
		if (a->choose.typed) {
			a->choose.sel = v - 1;
			if (v * 10 > a->choose.n)
				pick = v - 1;
		}
	}
	if (key < '0' || key > '9')
		a->choose.typed = 0;
	a->dirty = true;
	if (pick == -2)
		return;
	choose_done_fn done = a->choose.done;
	void *arg = a->choose.arg;
	choose_close(a);
	done(a, arg, pick);
}

static void choose_draw(struct app *a)
{
	int w = ui_width(a->choose.title) + 4;
	for (int i = 0; i < a->choose.n; i++) {
		int iw = ui_width(a->choose.items[i]) + 8;
		if (iw > w)
			w = iw;
	}
	if (w > COLS - 4)
		w = COLS - 4;
	int h = a->choose.n + 2;
	if (h > LINES - 4)
		h = LINES - 4;
	int y0 = (LINES - h) / 2, x0 = (COLS - w) / 2;
	for (int r = 0; r < h; r++)
		ui_text(y0 + r, x0, w, "", ui_attr(UI_STATUS), true);
	ui_text(y0, x0 + 1, w - 2, a->choose.title, ui_attr(UI_STATUS) | A_BOLD, false);
	int first = a->choose.sel >= h - 2 ? a->choose.sel - (h - 3) : 0;
	int digits = a->choose.n >= 100 ? 3 : a->choose.n >= 10 ? 2 : 1;
	for (int i = first, r = 1; i < a->choose.n && r < h - 1; i++, r++) {
		char line[512];
		snprintf(line, sizeof line, "%s%*d  %s", i == a->choose.sel ? "> " : "  ", digits, i + 1,
		         a->choose.items[i]);
		ui_text(y0 + r, x0 + 1, w - 2, line,
		        i == a->choose.sel ? ui_attr(UI_SELECTED) : ui_attr(UI_STATUS), true);
	}
}

/* Actions ----------------------------------------------------------------- */

static void command_line_done(struct app *a, void *arg, const char *line);

static const char *const agent_states[] = {"available", "busy", "wrap_up", "break", "offline", NULL};

/* The agent as api.whoami() says, with how long they have been in their
 * state by the server's clock (a state set from another console or `loket
 * state` counts from when it was set). */
#define SQL_WHOAMI                                                                       \
	"SELECT (w::jsonb || jsonb_build_object('state_seconds', greatest(0, floor(extract(" \
	"epoch FROM now() - (w->>'state_since')::timestamptz)))))::text FROM api.whoami() AS w"

/* The state and its time, and the team (an administrator may have moved
 * the agent), from a SQL_WHOAMI answer. */
static void state_from(struct app *a, const json_t *w)
{
	const char *st = json_string_value(json_object_get(w, "state"));
	if (st)
		snprintf(a->state, sizeof a->state, "%s", st);
	const char *team = json_string_value(json_object_get(w, "team"));
	snprintf(a->team, sizeof a->team, "%s", team ? team : "");
	a->team_id = json_integer_value(json_object_get(w, "team_id"));
	json_t *secs = json_object_get(w, "state_seconds");
	a->state_since_ms = dbq_now_ms() - (long)(json_number_value(secs) * 1000);
}

static void state_read(void *owner, const PGresult *r, const char *err, const char *sqlstate)
{
	(void)err, (void)sqlstate;
	struct app *a = owner;
	json_t *w = r ? json_loads(PQgetvalue(r, 0, 0), 0, NULL) : NULL;
	if (w)
		state_from(a, w);
	json_decref(w);
	a->dirty = true;
}

void app_refusal(const struct app *a, const char *what, const char *err, const char *sqlstate,
                 char *out, size_t len)
{
	if (sqlstate && strcmp(sqlstate, "42501") == 0)
		snprintf(out, len, "%s is not part of the %s role.", what, a->role[0] ? a->role : "your");
	else
		snprintf(out, len, "%s: %s", what, err ? err : "failed");
}

/* What a state is called in a sentence: "You are on a break." */
static const char *state_words(const char *state)
{
	static const struct {
		const char *code, *words;
	} w[] = {{"wrap_up", "in wrap-up"}, {"break", "on a break"}};
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
		if (strcmp(state, w[i].code) == 0)
			return w[i].words;
	return state;
}

static void state_set(void *owner, const PGresult *r, const char *err, const char *sqlstate)
{
	struct app *a = owner;
	if (!r) {
		char m[512];
		app_refusal(a, "Setting an agent state", err, sqlstate, m, sizeof m);
		app_message(a, true, "%s", m);
		return;
	}
	json_t *v = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
	const char *st = json_string_value(json_object_get(v, "state"));
	bool changed = json_is_true(json_object_get(v, "changed"));
	if (st) {
		snprintf(a->state, sizeof a->state, "%s", st);
		if (changed)
			a->state_since_ms = dbq_now_ms();
	}
	json_decref(v);
	app_message(a, false, changed ? "You are %s." : "You were %s already.", state_words(a->state));
}

static void state_to(struct app *a, const char *state)
{
	const char *p[] = {state};
	dbq_send(a->db, a, state_set, "SELECT api.agent_set_state($1)", 1, p);
}

static void state_chosen(struct app *a, void *arg, int i)
{
	(void)arg;
	if (i >= 0)
		state_to(a, agent_states[i]);
}
static void search_done(struct app *a, void *arg, const char *line);

/* Arguments of the case actions on the command line ---------------------- */

/* How many words case_argument_words adds, at the most. */
static size_t case_argument_count(const struct app *a)
{
	size_t n = (size_t)(a->staff.nagents + a->staff.nteams);
	for (size_t i = 0; core_case_statuses[i]; i++)
		n++;
	return n;
}

/* Into w from k on: after case-transfer the colleagues who can own a case
 * and the teams, with their names (staff_case_owners: the case screen's
 * prompt offers the same), after case-status the statuses. Returns the
 * next free index. */
static size_t case_argument_words(const struct app *a, char **w, size_t k)
{
	char **owners = staff_case_owners(&a->staff);
	for (size_t i = 0; owners[i]; i++)
		w[k++] = db_strdupf("%s%c%s", action_table[A_CASE_TRANSFER].name, PROMPT_ARG,
		                    owners[i]);
	staff_candidates_free(owners);
	for (size_t i = 0; core_case_statuses[i]; i++)
		w[k++] = db_strdupf("%s%c%s", action_table[A_CASE_STATUS].name, PROMPT_ARG,
		                    core_case_statuses[i]);
	return k;
}

/* What Tab completes on the command line: the action names, and the
 * arguments known here (channels for filter-channel, states for state).
 * NULL-ended and malloc'd, strings too (command_words_free). */
static char **command_words(const struct app *a)
{
	const json_t *chs = json_object_get(a->ref, "channels");
	size_t n = A_COUNT + json_array_size(chs) + sizeof agent_states / sizeof agent_states[0];
	n += case_argument_count(a);
	char **w = calloc(n + 1, sizeof *w);
	size_t k = 0;
	for (int i = 1; w && i < A_COUNT; i++)
		if (action_applies((enum action)i, app_context(a)))
			w[k++] = strdup(action_table[i].name);
	size_t i;
	const json_t *x;
	json_array_foreach(chs, i, x)
	{
		const char *code = json_string_value(json_object_get(x, "code"));
		if (w && code)
			w[k++] = db_strdupf("%s%c%s", action_table[A_FILTER_CHANNEL].name, PROMPT_ARG, code);
	}
	for (i = 0; w && agent_states[i]; i++)
		w[k++] = db_strdupf("%s%c%s", action_table[A_STATE].name, PROMPT_ARG, agent_states[i]);
	if (w)
		k = case_argument_words(a, w, k);
	return w;
}

static void command_words_free(char **w)
{
	for (size_t i = 0; w && w[i]; i++)
		free(w[i]);
	free(w);
}

/* An action that does nothing on this screen, from a key or the command
 * line: say where it does work. One of this screen's own that its screen
 * did not take (a customer still loading) works here, only not now. */
static void does_nothing_here(struct app *a, enum action act, bool error)
{
	const char *name = action_table[act].name;
	if (action_applies(act, app_context(a))) {
		app_message(a, error, "\"%s\" does nothing here now.", name);
		return;
	}
	char where[128];
	action_screens(action_table[act].where, where, sizeof where);
	app_message(a, error, "\"%s\" does nothing here; it works on %s.", name, where);
}

void app_run_action(struct app *a, enum action act, const char *arg)
{
	struct screen *s = top(a);
	if (s && s->ops->action && s->ops->action(s, a, act, arg))
		return;
	switch (act) {
	case A_QUIT:
		a->quit = true;
		break;
	case A_BACK:
		if (a->depth > 1)
			app_pop(a);
		else {
			char quit[32];
			app_message(a, false, "This is the first screen; %s quits loket.",
			            app_key_for(a, A_QUIT, quit, sizeof quit));
		}
		break;
	case A_HELP:
		app_push(a, a->f->help(a, app_context(a)));
		break;
	case A_COMMAND: {
		char **words = command_words(a);
		app_prompt(a, ":", (const char *const *)words, 'c', command_line_done, NULL);
		command_words_free(words);
		break;
	}
	case A_REFRESH:
		/* The state too: it may have been set elsewhere meanwhile. */
		dbq_send(a->db, a, state_read, SQL_WHOAMI, 0, NULL);
		if (s && s->ops->reload)
			s->ops->reload(s, a);
		clearok(curscr, TRUE);
		a->dirty = true;
		break;
	case A_HOME:
		while (a->depth > 1)
			app_pop(a);
		if (top(a) && top(a)->ops->reload)
			top(a)->ops->reload(top(a), a);
		break;
	case A_SEARCH:
		if (arg && *arg)
			app_push(a, a->f->search(a, arg));
		else
			app_prompt(a, "Search: ", (const char *const *)a->names, 's', search_done, NULL);
		break;
	case A_STATE:
		if (arg && *arg)
			state_to(a, arg);
		else
		{
			/* The current state preselected, as other choosers do. */
			int now = 0;
			for (int i = 0; agent_states[i]; i++)
				if (strcmp(agent_states[i], a->state) == 0)
					now = i;
			app_choose(a, "My state", agent_states, now, state_chosen, NULL);
		}
		break;
	case A_CANCEL:
		if (dbq_busy(a->db)) {
			dbq_cancel(a->db);
			app_message(a, false, "Cancelled.");
		} else {
			a->msg[0] = '\0';
			a->dirty = true;
		}
		break;
	default:
		does_nothing_here(a, act, false);
		break;
	}
}

static void search_done(struct app *a, void *arg, const char *line)
{
	(void)arg;
	if (!line)
		return;
	while (*line == ' ')
		line++;
	if (*line)
		app_push(a, a->f->search(a, line));
}

static void command_line_done(struct app *a, void *arg, const char *line)
{
	(void)arg;
	if (!line)
		return;
	char buf[256];
	snprintf(buf, sizeof buf, "%s", line);
	char *p = buf;
	while (*p == ' ')
		p++;
	if (!*p)
		return;
	char *name = p;
	while (*p && *p != ' ')
		p++;
	if (*p)
		*p++ = '\0';
	while (*p == ' ')
		p++;
	enum action act = action_by_name(name);
	if (act == A_NONE) {
		char help[32];
		app_message(a, true,
		            "No action \"%s\"; Tab completes the names, %s lists the keys.", name,
		            app_key_for(a, A_HELP, help, sizeof help));
		return;
	}
	if (!action_applies(act, app_context(a))) {
		does_nothing_here(a, act, true);
		return;
	}
	if (*p && !action_table[act].args) {
		app_message(a, true, "%s takes no argument.", name);
		return;
	}
	/* A query is personal data: it stays out of the history file (the
	 * search prompt keeps its own history in memory only). */
	if (act == A_SEARCH && *p)
		prompt_forget_last('c');
	app_run_action(a, act, *p ? p : NULL);
}

/* Keys -------------------------------------------------------------------- */

/* Keys go to the top screen's own handler first (a text area). */
static bool screen_key(struct app *a, int key)
{
	struct screen *s = top(a);
	if (s && s->ops->key && s->ops->key(s, a, key)) {
		a->dirty = true;
		return true;
	}
	return false;
}

static void handle_key(struct app *a, int key)
{
	if (key == (KEY_FUNCTION | KEY_RESIZE)) {
		a->small_key[0] = '\0';
		a->dirty = true;
		return;
	}
	if (key == (KEY_FUNCTION | KEY_ENTER) || key == '\r')
		key = '\n';
	if (LINES < CORE_MIN_LINES || COLS < CORE_MIN_COLS) {
		/* Nothing but "needs 80x24" is on screen: a key would act on a
		 * screen the agent cannot see (release a case, change their
		 * state). Q quits, as the message says; Esc and ^C still cancel
		 * an open prompt or choice; every other key waits for a larger
		 * terminal. */
		bool open = prompt_active() || a->choose.active;
		if (key == 'Q' || (key == 3 && !open))
			a->quit = true;
		else if ((key == 27 || key == 3) && prompt_active())
			prompt_cancel();
		else if ((key == 27 || key == 3) && a->choose.active)
			choose_key(a, 27);
		else
			key_format(key, a->small_key, sizeof a->small_key);
		a->dirty = true;
		return;
	}
	a->small_key[0] = '\0';
	if (prompt_active()) {
		/* Shortcuts are off while a text field has focus: Esc (or ^C)
		 * cancels, everything else is text for readline. */
		if (key == 27 || key == 3)
			prompt_cancel();
		else
			prompt_key(key & ~KEY_FUNCTION, KEY_IS_FUNCTION(key));
		a->dirty = true;
		return;
	}
	if (a->choose.active) {
		choose_key(a, key == 3 ? 27 : key);
		return;
	}
	if (screen_key(a, key))
		return;
	if (key == 3) { /* ^C: the terminal is raw, so it arrives as a key */
		a->quit = true;
		return;
	}
	const struct binding *b = keymap_lookup(&a->km, app_context(a), key);
	if (!b) {
		char name[32], help[32];
		key_format(key, name, sizeof name);
		app_message(a, false, "%s is not bound here; %s shows the keys.", name,
		            app_key_for(a, A_HELP, help, sizeof help));
		return;
	}
	a->msg[0] = '\0';
	app_run_action(a, b->action, b->arg[0] ? b->arg : NULL);
	a->dirty = true;
}

/* Drawing ----------------------------------------------------------------- */

static const char spinner[] = "|/-\\";

static void draw(struct app *a)
{
	erase();
	if (LINES < CORE_MIN_LINES || COLS < CORE_MIN_COLS) {
		char m[128];
		snprintf(m, sizeof m, "loket needs %dx%d; this terminal is %dx%d.", CORE_MIN_COLS,
		         CORE_MIN_LINES, COLS, LINES);
		ui_text(LINES / 2, 0, COLS, m, A_BOLD, false);
		if (LINES > 1)
			ui_text(LINES / 2 + 1, 0, COLS, "Make it larger, or press Q to quit.", 0, false);
		if (LINES > 3 && a->small_key[0]) {
			snprintf(m, sizeof m, "%s does nothing until it is.", a->small_key);
			ui_text(LINES / 2 + 2, 0, COLS, m, 0, false);
		}
		curs_set(0);
		refresh();
		return;
	}
	struct screen *s = top(a);
	/* Title bar */
	ui_fill_row(0, ui_attr(UI_TITLE));
	char title[256];
	snprintf(title, sizeof title, " loket · %s", s && s->ops->title ? s->ops->title(s) : "");
	ui_text(0, 0, COLS - COLS / 3, title, ui_attr(UI_TITLE), false);
	char who[256];
	snprintf(who, sizeof who, "%s (%s) ", a->name, a->login);
	int ww = ui_width(who), room = COLS / 3;
	if (ww > room)
		ww = room;
	ui_text(0, COLS - ww, ww, who, ui_attr(UI_TITLE), false);
	/* Screen */
	if (s)
		s->ops->draw(s, a, 1, LINES - CORE_CHROME_ROWS);
	/* Status line: state · team · connection · spinner */
	ui_fill_row(LINES - 2, ui_attr(UI_STATUS));
	long mins = (dbq_now_ms() - a->state_since_ms) / 60000;
	char in_state[32];
	if (mins < 60)
		snprintf(in_state, sizeof in_state, "%ld min", mins);
	else
		snprintf(in_state, sizeof in_state, "%ld h %02ld min", mins / 60, mins % 60);
	char st[256];
	bool busy = dbq_busy(a->db) && dbq_now_ms() - dbq_busy_since(a->db) >= 150;
	char conn[48];
	if (dbq_online(a->db))
		snprintf(conn, sizeof conn, "online");
	else
		snprintf(conn, sizeof conn, "OFFLINE, retry in %lds", dbq_retry_in(a->db));
	snprintf(st, sizeof st, " %s %s · team %s · %s%s%c", a->state, in_state,
	         a->team[0] ? a->team : "-", conn,
	         busy ? " · working " : "",
	         busy ? spinner[(dbq_now_ms() / 150) % 4] : ' ');
	char key[32], hint[48];
	snprintf(hint, sizeof hint, " %s help", app_key_for(a, A_HELP, key, sizeof key));
	int hw = ui_width(hint) + 5;
	ui_text(LINES - 2, 0, COLS - hw, st, ui_attr(UI_STATUS), false);
	ui_text(LINES - 2, COLS - hw, hw, hint, ui_attr(UI_STATUS), true);
	/* Message or prompt */
	if (a->choose.active)
		choose_draw(a);
	if (prompt_active()) {
		prompt_draw(LINES - 1, LINES - 2);
	} else {
		curs_set(0);
		ui_text(LINES - 1, 0, COLS, a->msg, a->msg_error ? ui_attr(UI_ERROR) : 0, false);
	}
	refresh();
}

/* Start-up ---------------------------------------------------------------- */

static void keymap_error(void *arg, const char *m)
{
	struct app *a = arg;
	fprintf(stderr, "loket: %s\n", m);
	if (!a->msg[0])
		app_message(a, true, "%s", m);
}

static void load_keymaps(struct app *a)
{
	keymap_load_default(&a->km);
	keymap_load_user(&a->km, a->opt->keymap, keymap_error, a);
}

static int load_agent(struct app *a, PGconn *c, char **err)
{
	int rc;
	char *may = db_call_text(c,
	                         "SELECT CASE WHEN has_schema_privilege('api', 'USAGE') THEN '' "
	                         "ELSE session_user END",
	                         0, NULL, err, &rc);
	if (!may)
		return rc;
	if (*may) {
		*err = db_strdupf("%s is not an active loket agent; an administrator adds agents with: "
		                  "loket agent add LOGIN --name NAME --role ROLE --team TEAM",
		                  may);
		free(may);
		return LOKET_EXIT_FAIL;
	}
	free(may);
	char *who = db_call_text(c, SQL_WHOAMI, 0, NULL, err, &rc);
	if (!who)
		return rc;
	json_t *w = json_loads(who, 0, NULL);
	free(who);
	struct {
		const char *key;
		char *dst;
		size_t len;
	} f[] = {{"login", a->login, sizeof a->login},
	         {"name", a->name, sizeof a->name},
	         {"team", a->team, sizeof a->team},
	         {"role", a->role, sizeof a->role},
	         {"state", a->state, sizeof a->state}};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		char *v = ui_json_str(w, f[i].key);
		snprintf(f[i].dst, f[i].len, "%s", v);
		free(v);
	}
	/* Drafts are this login's only (several agents may share a workstation
	 * account). */
	journal_set_owner(a->login);
	state_from(a, w);
	a->agent_id = json_integer_value(json_object_get(w, "id"));
	json_decref(w);
	char *ref = db_call_text(c, "SELECT api.reference()", 0, NULL, err, &rc);
	if (!ref)
		return rc;
	a->ref = json_loads(ref, 0, NULL);
	free(ref);
	if (!a->ref) {
		*err = strdup("the database sent reference lists that are not JSON");
		return LOKET_EXIT_FAIL;
	}
	return LOKET_EXIT_OK;
}

/* SIGTERM, SIGHUP and SIGINT only set this; the loop ends and restores
 * the terminal. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

static void catch_stop_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

/* Live updates ------------------------------------------------------------ */

static void listen_done(void *owner, const PGresult *r, const char *err, const char *state)
{
	(void)r;
	(void)state;
	if (err)
		app_message(owner, true, "Live updates are off: %s", err);
}

static void listen(struct app *a)
{
	dbq_send(a->db, a, listen_done, "LISTEN loket", 0, NULL);
}

/* A notice names ids and kinds; each screen decides whether it shows
 * something the notice is about, and then re-reads (once, however many
 * notices arrive together). Nothing from the payload is shown. */
static void on_notice(void *arg, const char *channel, const char *payload)
{
	struct app *a = arg;
	if (strcmp(channel, "loket") != 0)
		return;
	json_t *n = json_loads(payload ? payload : "", 0, NULL);
	if (!json_is_object(n)) {
		json_decref(n);
		return;
	}
	/* My state, set elsewhere (another console, loket state): read it. */
	const char *kind = json_string_value(json_object_get(n, "kind"));
	if (kind && strcmp(kind, "agent") == 0 &&
	    json_integer_value(json_object_get(n, "agent_id")) == a->agent_id)
		dbq_send(a->db, a, state_read, SQL_WHOAMI, 0, NULL);
	for (int i = 0; i < a->depth; i++) {
		struct screen *s = a->stack[i];
		if (s->ops->notice && s->ops->notice(s, n))
			a->stale[i] = true;
	}
	json_decref(n);
}

static void reload_stale(struct app *a)
{
	for (int i = 0; i < a->depth; i++) {
		if (!a->stale[i])
			continue;
		a->stale[i] = false;
		if (a->stack[i]->ops->reload)
			a->stack[i]->ops->reload(a->stack[i], a);
	}
}

/* Back after a lost connection: LISTEN again, and re-read every screen on
 * the stack (nothing is replayed; what changed meanwhile is read anew). */
static void on_online(void *arg)
{
	struct app *a = arg;
	listen(a);
	dbq_send(a->db, a, state_read, SQL_WHOAMI, 0, NULL);
	for (int i = 0; i < a->depth; i++)
		a->stale[i] = true;
	app_message(a, false, "Back online.");
	if (a->f->online)
		a->f->online(a);
}

/* Read a key from curses without waiting; ERR when none. */
static int read_key(int *key)
{
	wint_t wc;
	int r = get_wch(&wc);
	if (r == ERR)
		return ERR;
	*key = r == KEY_CODE_YES ? (int)(KEY_FUNCTION | (int)wc) : (int)wc;
	return OK;
}

int ui_run(const struct ui_options *opt, const struct ui_factories *f)
{
	static struct app app;
	struct app *a = &app;
	memset(a, 0, sizeof *a);
	a->opt = opt;
	a->f = f;

	char *err = NULL;
	PGconn *c = db_connect(opt->dsn, &err);
	if (!c) {
		fprintf(stderr, "loket: %s\n", err);
		free(err);
		return LOKET_EXIT_CONNECT;
	}
	int rc = load_agent(a, c, &err);
	if (rc != LOKET_EXIT_OK) {
		fprintf(stderr, "loket: %s\n", err);
		free(err);
		PQfinish(c);
		json_decref(a->ref);
		return rc;
	}
	load_keymaps(a);
	a->db = dbq_new(c, opt->dsn);

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("loket: the console needs a terminal; the subcommands (loket --help) work without\n",
		      stderr);
		dbq_free(&a->db);
		keymap_free(&a->km);
		json_decref(a->ref);
		return LOKET_EXIT_USAGE;
	}
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	SCREEN *scr = newterm(NULL, stdout, stdin);
	/* A terminal that cannot place the cursor (TERM=dumb) would get the
	 * screens as garbage, one after the other. */
	const char *cup = scr ? tigetstr("cup") : NULL;
	if (!scr || !cup || cup == (const char *)-1) {
		if (scr) {
			endwin();
			delscreen(scr);
		}
		fprintf(stderr,
		        "loket: cannot use the terminal \"%s\"%s; xterm-256color, screen, "
		        "tmux-256color, linux and vt100 work\n",
		        getenv("TERM") ? getenv("TERM") : "(TERM not set)",
		        scr ? ": it cannot place the cursor" : "");
		dbq_free(&a->db);
		keymap_free(&a->km);
		json_decref(a->ref);
		return LOKET_EXIT_FAIL;
	}
	/* Some terminals send CSI F / CSI H for End and Home, which terminfo
	 * does not always list: without these, they would arrive as Esc, [, F. */
	define_key("\033[F", KEY_END);
	define_key("\033[H", KEY_HOME);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	timeout(0);
	curs_set(0);
	ui_colors_init();
	char *sd = io_state_dir(NULL, NULL);
	char *hist = sd ? db_strdupf("%s/command_history", sd) : NULL;
	prompt_init(hist);
	free(hist);
	free(sd);

	catch_stop_signals();
	dbq_on_notify(a->db, on_notice, a);
	dbq_on_online(a->db, on_online, a);
	listen(a);
	staff_load(&a->staff, a); /* read once: completion never waits for the database */
	app_push(a, f->home(a));
	if (f->started)
		f->started(a);
	a->dirty = true;
	while (!a->quit && !stop_signal) {
		int key;
		while (!a->quit && read_key(&key) == OK)
			handle_key(a, key);
		if (a->quit)
			break;
		if (a->dirty || prompt_dirty() || dbq_busy(a->db)) {
			draw(a);
			a->dirty = false;
		}
		struct pollfd p[2] = {{.fd = STDIN_FILENO, .events = POLLIN},
		                      {.fd = dbq_fd(a->db), .events = dbq_events(a->db)}};
		int nfds = p[1].fd >= 0 && p[1].events ? 2 : 1;
		int wait = dbq_busy(a->db) ? 100 : 1000;
		long retry = dbq_timer_ms(a->db);
		if (retry >= 0 && retry < wait)
			wait = (int)retry;
		int r = poll(p, (nfds_t)nfds, wait);
		if (r < 0 && errno != EINTR)
			break;
		if (nfds == 2 && p[1].revents) {
			dbq_io(a->db);
			a->dirty = true;
		}
		dbq_tick(a->db);
		if (!dbq_online(a->db) && !a->was_offline) {
			a->was_offline = true;
			app_message(a, true, "Offline: the database cannot be reached; reconnecting. "
			                     "What is on screen stays.");
		} else if (dbq_online(a->db)) {
			a->was_offline = false;
		}
		reload_stale(a);
		struct screen *t = top(a);
		if (t && t->ops->tick)
			t->ops->tick(t, a);
		if (r == 0)
			a->dirty = true; /* the clock in the status line moves on */
	}

	while (a->depth)
		app_pop(a);
	if (a->choose.active)
		choose_close(a);
	prompt_shutdown();
	endwin();
	delscreen(scr);
	staff_free(&a->staff, a);
	dbq_free(&a->db);
	keymap_free(&a->km);
	json_decref(a->ref);
	for (int i = 0; i < 256; i++)
		free(a->names[i]);
	return LOKET_EXIT_OK;
}
