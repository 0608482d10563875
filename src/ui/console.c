/* console.c — the interactive console: connect, say who is signed in and
 * how many customers the database holds, and quit cleanly.
 *
 * The terminal is always restored before anything is printed to stderr. */
#include "ui/ui.h"
#include "db/db.h"
#include "core/text.h"

#include <jansson.h>
#include <locale.h>
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct console {
	char *agent_line;  /* "Sanne de Demo (demo) · agent · kcc" */
	char *state;       /* available, busy, … */
	long customers;
};

/* Read who is signed in and the counts, through schema api. */
static int console_load(PGconn *c, struct console *con, char **err)
{
	int rc;
	/* A role outside loket's group roles cannot even see schema api; say
	 * so in the words of the error an agent row would give. */
	char *may = db_call_text(c, "SELECT CASE WHEN has_schema_privilege('api', 'USAGE') THEN '' "
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
	char *who = db_call_text(c, "SELECT api.whoami()", 0, NULL, err, &rc);
	if (!who)
		return rc;
	char *stats = db_call_text(c, "SELECT api.stats()", 0, NULL, err, &rc);
	if (!stats) {
		free(who);
		return rc;
	}
	json_t *w = json_loads(who, 0, NULL), *s = json_loads(stats, 0, NULL);
	const char *name = json_string_value(json_object_get(w, "name"));
	const char *login = json_string_value(json_object_get(w, "login"));
	const char *role = json_string_value(json_object_get(w, "role"));
	const char *team = json_string_value(json_object_get(w, "team"));
	const char *state = json_string_value(json_object_get(w, "state"));
	con->agent_line = db_strdupf("%s (%s) · %s%s%s", name ? name : "?", login ? login : "?",
	                             role ? role : "?", team ? " · " : "", team ? team : "");
	con->state = strdup(state ? state : "offline");
	con->customers = (long)json_integer_value(json_object_get(s, "customers"));
	json_decref(w);
	json_decref(s);
	free(who);
	free(stats);
	return LOKET_EXIT_OK;
}

/* Draw sanitised text at (y, x), cut to the columns left on the line. */
static void draw_text(int y, int x, const char *utf8)
{
	char *safe = core_text_sanitise(utf8, strlen(utf8), 0);
	if (!safe)
		return;
	int room = COLS - x;
	if (room > 0) {
		char buf[1024];
		core_text_fit(safe, room, buf, sizeof buf);
		mvaddstr(y, x, buf);
	}
	free(safe);
}

static void console_draw(const struct console *con)
{
	erase();
	if (LINES < 24 || COLS < 80) {
		char msg[96];
		snprintf(msg, sizeof msg, "loket needs 80x24; this terminal is %dx%d", COLS, LINES);
		draw_text(LINES / 2, 0, msg);
		refresh();
		return;
	}
	attron(A_BOLD);
	draw_text(0, 0, "loket");
	attroff(A_BOLD);
	char line[128];
	draw_text(2, 2, "Signed in as");
	draw_text(2, 16, con->agent_line);
	snprintf(line, sizeof line, "%ld customers in the database", con->customers);
	draw_text(4, 2, line);
	draw_text(6, 2, "q: quit");
	/* The status line: agent, state, connection. */
	attron(A_REVERSE);
	mvhline(LINES - 1, 0, ' ', COLS);
	snprintf(line, sizeof line, " %s · online", con->state);
	draw_text(LINES - 1, 0, line);
	attroff(A_REVERSE);
	refresh();
}

int ui_run(const struct ui_options *opt)
{
	char *err = NULL;
	PGconn *c = db_connect(opt->dsn, &err);
	if (!c) {
		fprintf(stderr, "loket: %s\n", err);
		free(err);
		return LOKET_EXIT_CONNECT;
	}
	struct console con = {0};
	int rc = console_load(c, &con, &err);
	if (rc != LOKET_EXIT_OK) {
		fprintf(stderr, "loket: %s\n", err);
		free(err);
		PQfinish(c);
		return rc;
	}

	setlocale(LC_ALL, "");
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	if (!initscr()) {
		fputs("loket: cannot initialise the terminal; is TERM set?\n", stderr);
		PQfinish(c);
		return LOKET_EXIT_FAIL;
	}
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	console_draw(&con);
	for (;;) {
		int ch = getch();
		if (ch == 'q' || ch == 'Q')
			break;
		if (ch == KEY_RESIZE || ch == 12 /* ^L */)
			console_draw(&con);
	}
	endwin();
	free(con.agent_line);
	free(con.state);
	PQfinish(c);
	return LOKET_EXIT_OK;
}
