/* The console against the terminal: user keymaps, resizing, hostile text
 * from the database, several terminal types and NO_COLOR. */
#include "console.h"
#include "harness.h"
#include "term.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tm_dir[128];
static struct term *tm_term;

static void tm_init(void)
{
	dbt_setup();
	e2e_tmpdir(tm_dir, sizeof tm_dir, "e2e");
}

static void tm_fini(void)
{
	term_free(&tm_term);
	e2e_rmtree(tm_dir);
	dbt_teardown();
}

TestSuite(terminal, .init = tm_init, .fini = tm_fini, .timeout = 180);

/* Start loket as `login` in a rows x cols pty. `env` (NULL-ended, may be
 * NULL) comes after the defaults and so overrides them ("NAME=value" sets,
 * a bare "NAME" removes); `args` are passed on the command line. */
static struct term *tm_start(const char *login, int rows, int cols, const char *const env[],
                             const char *const args[])
{
	return tm_term = e2e_start(dbt.dbname, login, tm_dir, rows, cols, env, args);
}

/* Q, and loket ends cleanly. */
static void tm_quit(struct term *t)
{
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
}

/* `login`'s state, as if set `ago` (an interval) elsewhere. */
static void tm_set_state(const char *login, const char *state, const char *ago)
{
	char done[8];
	e2e_value(done, sizeof done,
	          "UPDATE loket.agent SET state = $2, state_since = now() - $3::interval "
	          "WHERE login = $1 RETURNING 'set'",
	          3, (const char *[]){login, state, ago});
}

/* H. Vries (BSN 111222333), with no address; the id into party. */
static void tm_vries(char *party, size_t len)
{
	e2e_value(party, len,
	          "INSERT INTO loket.party (kind, bsn, initials, surname, birth_date) "
	          "VALUES ('person', '111222333', 'H.', 'Vries', '1961-03-12') RETURNING id",
	          0, NULL);
}

static void tm_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

/* Row `row` of a screen text, trailing blanks removed, into buf. */
static const char *tm_row(const char *screen, int row, char *buf, size_t len)
{
	const char *l = screen;
	for (int i = 0; i < row && l; i++) {
		l = strchr(l, '\n');
		if (l)
			l++;
	}
	buf[0] = '\0';
	if (!l)
		return buf;
	const char *eol = strchr(l, '\n');
	size_t n = eol ? (size_t)(eol - l) : strlen(l);
	if (n >= len)
		n = len - 1;
	memcpy(buf, l, n);
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return buf;
}

/* Columns of a UTF-8 line of one-column characters. */
static int tm_cols(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Pump the program's output until pred(screen) holds or the deadline
 * passes: a wait for a condition, never a blind sleep. */
static bool tm_wait_until(struct term *t, bool (*pred)(struct term *, const void *),
                          const void *arg, int timeout_ms)
{
	for (int waited = 0; waited <= timeout_ms; waited += 50) {
		if (pred(t, arg))
			return true;
		e2e_pump(t, 50);
	}
	return pred(t, arg);
}

struct tm_size {
	int rows, cols;
	bool prompt; /* the search prompt is open */
};

/* The screen is drawn for exactly this size: either the "needs 80x24"
 * message naming it, or the title bar plus a status line (or the open
 * prompt) on the last rows. */
static bool tm_sane_for(struct term *t, const void *arg)
{
	const struct tm_size *z = arg;
	const char *s = term_screen(t);
	if (z->rows < 24 || z->cols < 80) {
		char m[96];
		int n = snprintf(m, sizeof m, "loket needs 80x24; this terminal is %dx%d.", z->cols,
		                 z->rows);
		if (n > z->cols) /* cut to the width, with an ellipsis */
			snprintf(m + z->cols - 1, sizeof m - (size_t)z->cols + 1, "…");
		return strstr(s, m) != NULL;
	}
	char r0[1024], last[1024];
	tm_row(s, 0, r0, sizeof r0);
	if (strncmp(r0, " loket · ", strlen(" loket · ")) != 0 || strstr(s, "needs 80x24"))
		return false;
	if (z->prompt)
		return strncmp(tm_row(s, z->rows - 1, last, sizeof last), "Search: ab", 10) == 0;
	tm_row(s, z->rows - 2, last, sizeof last);
	/* " ? help" is drawn 12 columns from the right edge. */
	return strstr(last, "online") && strstr(last, "? help") && tm_cols(last) == z->cols - 5;
}

/* The keys column (first 17 columns) of the help line for `action`, or
 * NULL when the help screen has no such line. */
static const char *tm_help_keys(const char *screen, const char *action, char *buf, size_t len)
{
	size_t al = strlen(action);
	for (const char *l = screen; *l;) {
		const char *eol = strchr(l, '\n');
		size_t n = eol ? (size_t)(eol - l) : strlen(l);
		/* " %-16s %-17s %s": keys, action, help (keys are ASCII). */
		if (n > 18 + al && l[0] == ' ' && strncmp(l + 18, action, al) == 0 &&
		    l[18 + al] == ' ') {
			size_t k = 16;
			while (k > 0 && l[k] == ' ')
				k--;
			if (k >= len)
				k = len - 1;
			memcpy(buf, l + 1, k);
			buf[k] = '\0';
			return buf;
		}
		l = eol ? eol + 1 : l + n;
	}
	return NULL;
}

/* Is `key` one of the ", "-separated keys in `keys`? */
static bool tm_has_key(const char *keys, const char *key)
{
	size_t kl = strlen(key);
	for (const char *p = keys; *p;) {
		const char *e = strstr(p, ", ");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == kl && strncmp(p, key, kl) == 0)
			return true;
		p += n;
		if (e)
			p += 2;
	}
	return false;
}

/* The help screen has the lines this file looks at. */
static bool tm_help_drawn(struct term *t, const void *arg)
{
	(void)arg;
	static const char *const acts[] = {"quit", "help", "home", "search", "cancel", NULL};
	const char *s = term_screen(t);
	char keys[64];
	for (int i = 0; acts[i]; i++)
		if (!tm_help_keys(s, acts[i], keys, sizeof keys))
			return false;
	return true;
}

/* Keys ------------------------------------------------------------------- */

Test(terminal, a_bad_keymap_line_is_reported_with_file_and_line_and_the_rest_applies)
{
	const char *login = dbt_agent("agent", "kcc");
	char path[256];
	snprintf(path, sizeof path, "%s/my.keymap", tm_dir);
	tm_write_file(path, "# mine\n"
	                    "bind generic ^Q frobnicate\n"
	                    "bind home z help\n"
	                    "bind home y search\n");
	const char *args[] = {"-k", path, NULL};
	struct term *t = tm_start(login, 30, 100, NULL, args);
	char where[300], row[1024];
	snprintf(where, sizeof where, "%s:2: unknown action \"frobnicate\"", path);
	cr_assert(term_wait_text(t, where, 20000), "no report of line 2:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "My queues", 20000), "%s", term_screen(t));
	/* On the message line, the bottom row. */
	cr_assert(strstr(tm_row(term_screen(t), 29, row, sizeof row), where), "not on row 30:\n%s",
	          term_screen(t));
	snprintf(where, sizeof where, "%s:3:", path);
	cr_assert_null(strstr(term_screen(t), where), "a good line was reported:\n%s",
	               term_screen(t));
	/* The lines after the bad one apply. */
	term_send(t, "z");
	cr_assert(term_wait_text(t, " loket · keys: home", 20000), "z did not open help:\n%s",
	          term_screen(t));
	term_send(t, "q");
	cr_assert(term_wait_text(t, " loket · my work", 20000), "%s", term_screen(t));
	term_send(t, "y");
	cr_assert(term_wait_text(t, "Search: ", 20000), "y did not search:\n%s", term_screen(t));
	term_send(t, "\x1b");
	tm_quit(t);
	/* And on stderr, which lands on the terminal too. */
	size_t len;
	const unsigned char *out = term_output(t, &len);
	snprintf(where, sizeof where, "loket: %s:2: unknown action \"frobnicate\"", path);
	cr_assert(e2e_contains(out, len, where), "not reported on stderr");
}

Test(terminal, help_lists_the_live_bindings)
{
	const char *login = dbt_agent("agent", "kcc");
	/* The user's keymap in its default place. */
	char path[256];
	snprintf(path, sizeof path, "%s/loket", tm_dir);
	cr_assert_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/loket/keymap", tm_dir);
	tm_write_file(path, "bind generic v home\n"
	                    "bind generic ? none\n");
	struct term *t = tm_start(login, 40, 100, NULL, NULL);
	cr_assert(term_wait_text(t, "My queues", 20000), "%s", term_screen(t));
	cr_assert_null(strstr(term_screen(t), "keymap:"), "keymap reported bad:\n%s",
	               term_screen(t));
	term_send(t, "\x1bOP"); /* F1 */
	cr_assert(term_wait_text(t, " loket · keys: home", 20000), "F1 did not open help:\n%s",
	          term_screen(t));
	cr_assert(tm_wait_until(t, tm_help_drawn, NULL, 20000), "help incomplete:\n%s",
	          term_screen(t));
	const char *s = term_screen(t);
	/* The heading stands over its columns: actions at 18, help at 36. */
	cr_assert(strstr(s, "\n Key(s)           Action            What it does"), "heading:\n%s", s);
	char keys[64];
	cr_assert_not_null(tm_help_keys(s, "home", keys, sizeof keys), "no home line:\n%s", s);
	cr_assert(tm_has_key(keys, "v"), "v not listed for home (%s):\n%s", keys, s);
	cr_assert(tm_has_key(keys, "H"), "default H lost (%s):\n%s", keys, s);
	cr_assert_not_null(tm_help_keys(s, "help", keys, sizeof keys), "no help line:\n%s", s);
	cr_assert(tm_has_key(keys, "F1"), "F1 not listed for help (%s):\n%s", keys, s);
	cr_assert_not(tm_has_key(keys, "?"), "unbound ? still listed (%s):\n%s", keys, s);
	cr_assert_not_null(tm_help_keys(s, "search", keys, sizeof keys), "%s", s);
	cr_assert(tm_has_key(keys, "/"), "default / lost (%s):\n%s", keys, s);
	cr_assert_not_null(tm_help_keys(s, "quit", keys, sizeof keys), "%s", s);
	cr_assert(tm_has_key(keys, "Q"), "%s", s);

	/* ? is gone: it no longer opens help. The "/" after it shows when
	 * both were handled; the screen under the prompt is still my work. */
	term_send(t, "q");
	cr_assert(term_wait_text(t, " loket · my work", 20000), "%s", term_screen(t));
	term_send(t, "?/");
	cr_assert(term_wait_text(t, "Search: ", 20000), "%s", term_screen(t));
	cr_assert(strstr(term_screen(t), " loket · my work"), "? still opens something:\n%s",
	          term_screen(t));
	term_send(t, "\x1b");
	tm_quit(t);
}

/* Resizing ---------------------------------------------------------------- */

Test(terminal, resize_storm_leaves_a_sane_screen)
{
	const char *login = dbt_agent("agent", "kcc");
	struct term *t = tm_start(login, 30, 100, NULL, NULL);
	cr_assert(term_wait_text(t, "My queues", 20000), "%s", term_screen(t));
	srand(20251128);
	struct tm_size z = {30, 100, false};
	int small = 0;
	for (int i = 0; i < 200; i++) {
		z.rows = 10 + rand() % 51;
		z.cols = 40 + rand() % 161;
		small += z.rows < 24 || z.cols < 80;
		term_resize(t, z.rows, z.cols);
		cr_assert(tm_wait_until(t, tm_sane_for, &z, 20000),
		          "resize %d to %dx%d%s not drawn:\n%s", i, z.cols, z.rows,
		          z.prompt ? " (prompt open)" : "", term_screen(t));
		if (z.prompt) {
			term_send(t, "\x1b");
			z.prompt = false;
			continue;
		}
		switch (rand() % 4) {
		case 0:
			term_send(t, "j");
			break;
		case 1:
			term_send(t, "k");
			break;
		case 2:
			term_send(t, "\x0c"); /* ^L: refresh */
			break;
		case 3:
			/* Open the prompt and leave it open over the next resize
			 * (below 80x24 the keys do nothing: the prompt stays shut). */
			term_send(t, "/ab");
			if (z.rows >= 24 && z.cols >= 80) {
				cr_assert(
				    tm_wait_until(t, tm_sane_for,
				                  &(struct tm_size){z.rows, z.cols, true}, 20000),
				    "no prompt at %dx%d:\n%s", z.cols, z.rows, term_screen(t));
				z.prompt = true;
			} else {
				cr_assert(term_wait_text(t, "b does nothing until it is.", 20000),
				          "keys at %dx%d:\n%s", z.cols, z.rows, term_screen(t));
			}
			break;
		}
	}
	cr_assert_geq(small, 50, "too few small sizes: %d", small);
	if (z.prompt)
		term_send(t, "\x1b");
	z = (struct tm_size){30, 100, false};
	term_resize(t, 30, 100);
	cr_assert(tm_wait_until(t, tm_sane_for, &z, 20000), "not sane at 100x30:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, " loket · my work", 20000), "%s", term_screen(t));
	cr_assert(term_wait_text(t, "· online", 20000), "%s", term_screen(t));
	cr_assert(term_wait_text(t, "My queues", 20000), "%s", term_screen(t));

	z = (struct tm_size){20, 60, false};
	term_resize(t, 20, 60);
	cr_assert(tm_wait_until(t, tm_sane_for, &z, 20000), "%s", term_screen(t));
	cr_assert(strstr(term_screen(t), "needs 80x24"), "%s", term_screen(t));

	z = (struct tm_size){24, 80, false};
	term_resize(t, 24, 80);
	cr_assert(tm_wait_until(t, tm_sane_for, &z, 20000), "not back at 80x24:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, " loket · my work", 20000), "%s", term_screen(t));
	cr_assert(term_wait_text(t, "My queues", 20000), "%s", term_screen(t));
	term_send(t, "Q");
	/* A sanitizer finding would end it with another status. */
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
}

Test(terminal, keys_below_80x24_do_nothing_until_it_is_larger_again)
{
	/* Only "needs 80x24" is on screen: a key must not change the agent's
	 * state, open a prompt or act on a case behind it. Each key is
	 * confirmed on screen before the next, so all are seen small. */
	const char *login = dbt_agent("agent", "kcc");
	struct term *t = tm_start(login, 24, 80, NULL, NULL);
	cr_assert(term_wait_text(t, "My queues", 20000), "%s", term_screen(t));
	char before[64], after[64];
	e2e_value(before, sizeof before, "SELECT state FROM loket.agent WHERE login = $1", 1,
	          (const char *[]){login});
	struct tm_size z = {20, 60, false};
	term_resize(t, 20, 60);
	cr_assert(tm_wait_until(t, tm_sane_for, &z, 20000), "%s", term_screen(t));
	/* a, then 2: "state", "busy" on a screen of the normal size. */
	const char *keys[] = {"a", "2", "/", "x"};
	for (int i = 0; i < 4; i++) {
		char want[64];
		snprintf(want, sizeof want, "%s does nothing until it is.", keys[i]);
		term_send(t, keys[i]);
		cr_assert(term_wait_text(t, want, 20000), "%s", term_screen(t));
	}
	z = (struct tm_size){24, 80, false};
	term_resize(t, 24, 80);
	cr_assert(tm_wait_until(t, tm_sane_for, &z, 20000), "not back at 80x24:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "My queues", 20000), "%s", term_screen(t));
	cr_assert(e2e_wait_gone(t, "does nothing", 20000), "%s", term_screen(t));
	e2e_value(after, sizeof after, "SELECT state FROM loket.agent WHERE login = $1", 1,
	          (const char *[]){login});
	cr_assert_str_eq(after, before, "the state changed behind the message");
	/* Q quits, small or not. */
	term_resize(t, 20, 60);
	z = (struct tm_size){20, 60, false};
	cr_assert(tm_wait_until(t, tm_sane_for, &z, 20000), "%s", term_screen(t));
	tm_quit(t);
}

Test(terminal, the_time_in_state_counts_from_when_the_state_was_set)
{
	/* Set 75 minutes ago (another console, `loket state`): the status line
	 * says so from the start, not "0 min". */
	const char *login = dbt_agent("agent", "kcc");
	tm_set_state(login, "break", "75 minutes");
	struct term *t = tm_start(login, 24, 80, NULL, NULL);
	cr_assert(term_wait_text(t, "My queues", 20000), "%s", term_screen(t));
	cr_assert(term_wait_text(t, " break 1 h 15 min · team kcc", 20000), "%s", term_screen(t));
	/* Set elsewhere while this console runs: ^L reads it again. */
	tm_set_state(login, "busy", "2 hours");
	term_send(t, "\x0c");
	cr_assert(term_wait_text(t, " busy 2 h 00 min · team kcc", 20000), "%s", term_screen(t));
	/* And without ^L: the change's notice makes the console read it. */
	tm_set_state(login, "wrap_up", "3 hours");
	cr_assert(term_wait_text(t, " wrap_up 3 h 00 min · team kcc", 20000), "%s", term_screen(t));
	tm_quit(t);
}

Test(terminal, an_opening_cancelled_with_esc_is_made_again_with_ctrl_l)
{
	const char *login = dbt_agent("agent", "kcc");
	char party[32];
	tm_vries(party, sizeof party);
	struct term *t = tm_start(login, 24, 80, NULL, NULL);
	cr_assert(term_wait_text(t, "My queues", 20000), "%s", term_screen(t));
	term_send(t, "/");
	cr_assert(term_wait_text(t, "Search: ", 20000), "%s", term_screen(t));
	term_send(t, "111222333\r");
	cr_assert(term_wait_text(t, "Vries, H.", 20000), "%s", term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Why are you opening", 20000), "%s", term_screen(t));
	/* The access log held by another session: the opening waits. */
	PQclear(dbt_ok(dbt.super, "BEGIN", 0, NULL));
	PQclear(dbt_ok(dbt.super, "LOCK TABLE loket.access_log IN EXCLUSIVE MODE", 0, NULL));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, " · working ", 20000), "no spinner:\n%s", term_screen(t));
	term_send(t, "\x1b");
	cr_assert(term_wait_text(t, "Opening cancelled (^L tries again).", 20000), "%s",
	          term_screen(t));
	PQclear(dbt_ok(dbt.super, "COMMIT", 0, NULL));
	term_send(t, "\x0c");
	cr_assert(term_wait_text(t, "customer: H. Vries", 20000), "not opened on ^L:\n%s",
	          term_screen(t));
	char opened[16];
	e2e_value(opened, sizeof opened,
	          "SELECT count(*) FROM loket.access_log WHERE action = 'open' AND party_id = $1::bigint",
	          1, (const char *[]){party});
	cr_assert_str_eq(opened, "1", "the cancelled opening left a row, or the second none");
	tm_quit(t);
}

Test(terminal, alerts_that_do_not_fit_are_counted_and_listed_in_full)
{
	/* Eight overdue agreements: their alerts do not fit one line of 80. */
	const char *login = dbt_agent("agent", "kcc");
	const char *lp[] = {login};
	char me[32], party[32];
	e2e_value(me, sizeof me, "SELECT id FROM loket.agent WHERE login = $1", 1, lp);
	tm_vries(party, sizeof party);
	const char *ap[] = {party, me};
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.agreement (party_id, kind, description, due_at, made_by) "
	               "SELECT $1::bigint, 'callback', 'Terugbellen ' || n, now() - n * interval '1 day', "
	               "$2::int FROM generate_series(1, 8) AS n",
	               2, ap));
	/* One number for calls and WhatsApp: once, saying what it is for. */
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.contact_address (party_id, kind, value, is_default) VALUES "
	               "($1::bigint, 'phone', '+31612345678', true), "
	               "($1::bigint, 'whatsapp', '+31612345678', false)",
	               1, ap));
	struct term *t = tm_start(login, 24, 80, NULL, NULL);
	e2e_open_customer(t, "111222333", "Vries, H.", "customer: H. Vries");
	cr_assert(term_wait_text(t, " more (A)", 20000), "the alerts line does not count the rest:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "· phone/whatsapp +31612345678", 20000), "%s", term_screen(t));
	const char *first = strstr(term_screen(t), "+31612345678");
	cr_assert(first && !strstr(first + 1, "+31612345678"), "the number shows twice:\n%s",
	          term_screen(t));
	cr_assert_null(strstr(term_screen(t), "Terugbellen 1\n"), "%s", term_screen(t));
	term_send(t, "A");
	cr_assert(term_wait_text(t, "Alerts (8), most urgent first", 20000), "%s", term_screen(t));
	/* Every one of them, the oldest (most overdue) first. */
	for (int n = 8; n >= 1; n--) {
		char want[64];
		snprintf(want, sizeof want, ": Terugbellen %d", n);
		cr_assert(term_wait_text(t, want, 20000), "%s missing:\n%s", want, term_screen(t));
	}
	term_send(t, "q");
	cr_assert(e2e_wait_gone(t, "Alerts (8)", 20000), "%s", term_screen(t));

	/* A list of ten or more: its items are picked by their whole number. */
	term_send(t, "f");
	cr_assert(term_wait_text(t, "11  social media", 20000), "%s", term_screen(t));
	term_send(t, "1");
	term_send(t, "1");
	cr_assert(term_wait_text(t, "Timeline · social", 20000), "item 11 not picked by number:\n%s",
	          term_screen(t));

	/* The command line completes an action's argument too. */
	term_send(t, ":");
	cr_assert(term_wait_text(t, ":", 20000), "%s", term_screen(t));
	term_send(t, "filter-ch\t");
	cr_assert(term_wait_text(t, ":filter-channel", 20000), "%s", term_screen(t));
	term_send(t, "whats\t");
	cr_assert(term_wait_text(t, ":filter-channel whatsapp", 20000), "no argument completed:\n%s",
	          term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Timeline · whatsapp", 20000), "%s", term_screen(t));
	tm_quit(t);
}

Test(terminal, a_search_on_the_command_line_stays_out_of_its_history_file)
{
	/* The query is personal data; the other commands are remembered. */
	const char *login = dbt_agent("agent", "kcc");
	struct term *t = tm_start(login, 24, 80, NULL, NULL);
	cr_assert(term_wait_text(t, "My queues", 20000), "%s", term_screen(t));
	term_send(t, ":search 123456782\r");
	cr_assert(term_wait_text(t, "search: 123456782", 20000), "%s", term_screen(t));
	term_send(t, ":home\r");
	cr_assert(term_wait_text(t, "My queues", 20000), "%s", term_screen(t));
	tm_quit(t);
	char path[512], hist[4096] = "";
	snprintf(path, sizeof path, "%s/loket/command_history", tm_dir);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "no history file %s", path);
	size_t n = fread(hist, 1, sizeof hist - 1, f);
	hist[n] = '\0';
	fclose(f);
	cr_expect_null(strstr(hist, "123456782"), "the query reached %s:\n%s", path, hist);
	cr_expect(strstr(hist, "home"), "the other command was not kept:\n%s", hist);
}

Test(terminal, an_auditor_is_told_why_my_work_is_empty_not_shown_a_database_error)
{
	const char *login = dbt_agent("auditor", "kcc");
	struct term *t = tm_start(login, 24, 80, NULL, NULL);
	cr_assert(term_wait_text(t, "No work list for the auditor role", 20000), "%s",
	          term_screen(t));
	cr_assert_null(strstr(term_screen(t), "permission denied"), "%s", term_screen(t));
	tm_quit(t);
}

/* Hostile text ------------------------------------------------------------- */

/* ESC-led SGR and an OSC title change ending in BEL, a C1 CSI (U+009B),
 * a right-to-left override (U+202E). Invalid UTF-8 cannot be stored in a
 * UTF8 database, so that path is left to the unit tests. */
#define TM_HOSTILE                                                                                 \
	"Before \x1b[31mRED\x1b]0;pwned\x07 C1:\xc2\x9b"                                           \
	"2J bidi:\xe2\x80\xae"                                                                     \
	"evil end"
#define TM_FFFD "\xef\xbf\xbd"

#define TM_SHOWN "Before ␛[31mRED␛]0;pwned␇ C1:" TM_FFFD "2J bidi:" TM_FFFD "evil end"

/* The hostile text, inert, at least three times on the screen. */
static bool tm_inert_thrice(struct term *t, const void *arg)
{
	(void)arg;
	int seen = 0;
	for (const char *p = term_screen(t); (p = strstr(p, TM_SHOWN)); p++)
		seen++;
	return seen >= 3;
}

Test(terminal, hostile_text_reaches_the_terminal_inert)
{
	const char *login = dbt_agent("agent", "kcc");
	const char *lp[] = {login};
	char me[32], party[32], item[64];
	e2e_value(me, sizeof me, "SELECT id FROM loket.agent WHERE login = $1", 1, lp);
	const char *pp[] = {"Ruiz\x1b]2;pwned-title\x07"};
	e2e_value(party, sizeof party,
	          "INSERT INTO loket.party (kind, bsn, initials, surname, birth_date) "
	          "VALUES ('person', '123456782', 'C.', $1, '1990-01-01') RETURNING id",
	          1, pp);
	const char *ip[] = {party, me, "Klacht " TM_HOSTILE, TM_HOSTILE, "bot\x1b[5mX"};
	e2e_value(
	    item, sizeof item,
	    "INSERT INTO loket.interaction (party_id, channel, direction, occurred_at, subject, "
	    "content, agent_id, transcript) VALUES ($1::bigint, 'whatsapp', 'in', "
	    "now() - interval '1 hour', $3::text, $4::text, $2::int, jsonb_build_array("
	    "  jsonb_build_object('who', 'customer', 'at', '2024-05-01T10:00:00+02:00', 'text', "
	    "$4::text), "
	    "  jsonb_build_object('who', $5::text, 'at', '2024-05-01T10:02:00+02:00', 'text', "
	    "'ok'))) "
	    "RETURNING id",
	    5, ip);
	const char *np[] = {party, me, item, "Notitie " TM_HOSTILE};
	PQclear(dbt_ok(
	    dbt.super,
	    "INSERT INTO loket.note (id, party_id, interaction_id, body, agent_id, created_at) "
	    "VALUES (gen_random_uuid(), $1::bigint, $3::uuid, $4, $2::int, "
	    "now() - interval '2 hours')",
	    4, np));

	struct term *t = tm_start(login, 40, 160, NULL, NULL);
	cr_assert(term_wait_text(t, "My queues", 20000), "%s", term_screen(t));
	term_send(t, "/");
	cr_assert(term_wait_text(t, "Search: ", 20000), "%s", term_screen(t));
	term_send(t, "123456782\r");
	const char *const after_search[] = {"Why are you opening", "Ruiz", NULL};
	int w = term_wait_any(t, after_search, 20000);
	cr_assert_geq(w, 0, "search found nothing:\n%s", term_screen(t));
	if (w == 1) {
		cr_assert(term_wait_text(t, "Ruiz␛]2;pwned-title␇", 20000), "name not inert:\n%s",
		          term_screen(t));
		term_send(t, "\r");
	}
	cr_assert(term_wait_text(t, "Why are you opening", 20000), "%s", term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "customer: C. Ruiz␛]2;pwned-title␇", 20000),
	          "title not inert:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "Klacht Before ␛[31mRED␛]0;pwned␇", 20000),
	          "timeline subject not inert:\n%s", term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Transcript (2 turns)", 20000), "item not opened:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "Notitie Before", 20000), "note missing:\n%s", term_screen(t));
	/* Content, transcript and note: the controls shown as pictures or U+FFFD. */
	cr_assert(tm_wait_until(t, tm_inert_thrice, NULL, 20000),
	          "the hostile text is not shown inert in content, transcript and note:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "bot␛[5mX", 20000), "speaker not inert:\n%s", term_screen(t));
	tm_quit(t);

	/* What actually went to the terminal: none of the hostile sequences. */
	size_t len;
	const unsigned char *out = term_output(t, &len);
	static const char *const banned[] = {
	    "\x1b[31mRED", "\x1b]0;pwned", "\x1b]2;pwned", "pwned\x07", "pwned-title\x07",
	    "\xc2\x9b",    "\xe2\x80\xae", "\x1b[5mX",     "\x1b]",
	};
	for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++)
		cr_expect_not(e2e_contains(out, len, banned[i]),
		              "the terminal got hostile bytes #%zu", i);
	/* And the inert forms did go out. */
	cr_assert(e2e_contains(out, len, "␛[31mRED␛]0;pwned␇"));
}

/* Terminal types and colour -------------------------------------------------- */

Test(terminal, draws_on_each_terminal_type)
{
	const char *login = dbt_agent("agent", "kcc");
	static const char *const terms[] = {"TERM=xterm-256color", "TERM=screen",
	                                    "TERM=tmux-256color", "TERM=linux", "TERM=vt100"};
	for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
		const char *env[] = {terms[i], NULL};
		struct term *t = tm_start(login, 24, 80, env, NULL);
		cr_assert(term_wait_text(t, " loket · my work", 20000), "%s: no title:\n%s",
		          terms[i], term_screen(t));
		cr_assert(term_wait_text(t, "online", 20000), "%s: no status:\n%s", terms[i],
		          term_screen(t));
		cr_assert(term_wait_text(t, "My queues", 20000), "%s: no my work:\n%s", terms[i],
		          term_screen(t));
		term_send(t, "Q");
		cr_assert_eq(term_wait_exit(t, 20000), 0, "%s: %s", terms[i], term_screen(t));
		term_free(&tm_term);
	}
}

/* Does the output set a foreground or background colour (SGR 30-38, 40-48,
 * 90-97, 100-107)? Resets to the default colours (39, 49) do not count. */
static bool tm_sets_colour(const unsigned char *out, size_t len)
{
	for (size_t i = 0; i + 2 < len; i++) {
		if (out[i] != 0x1b || out[i + 1] != '[')
			continue;
		size_t j = i + 2;
		while (j < len &&
		       ((out[j] >= '0' && out[j] <= '9') || out[j] == ';' || out[j] == ':'))
			j++;
		if (j >= len || out[j] != 'm')
			continue;
		int p = 0;
		bool have = false;
		for (size_t k = i + 2; k <= j; k++) {
			if (out[k] >= '0' && out[k] <= '9') {
				p = p * 10 + (out[k] - '0');
				have = true;
				continue;
			}
			if (have && ((p >= 30 && p <= 38) || (p >= 40 && p <= 48) ||
			             (p >= 90 && p <= 97) || (p >= 100 && p <= 107)))
				return true;
			if (out[k] == ':' && (p == 38 || p == 48))
				return true;
			p = 0;
			have = false;
		}
	}
	return false;
}

static void tm_run_home(const char *login, const char *const env[], bool *colour)
{
	struct term *t = tm_start(login, 24, 80, env, NULL);
	cr_assert(term_wait_text(t, "My queues", 20000), "%s", term_screen(t));
	cr_assert(term_wait_text(t, "online", 20000), "%s", term_screen(t));
	term_send(t, "?");
	cr_assert(term_wait_text(t, "keys: home", 20000), "%s", term_screen(t));
	tm_quit(t);
	size_t len;
	const unsigned char *out = term_output(t, &len);
	*colour = tm_sets_colour(out, len);
	term_free(&tm_term);
}

Test(terminal, honours_no_color)
{
	const char *login = dbt_agent("agent", "kcc");
	bool colour;
	tm_run_home(login, (const char *const[]){"NO_COLOR=1", NULL}, &colour);
	cr_assert_not(colour, "colour codes sent despite NO_COLOR");
	/* The same session with colour does set colours, so the check can fail. */
	tm_run_home(login, NULL, &colour);
	cr_assert(colour, "no colour codes without NO_COLOR");
}

/* A terminal that cannot place the cursor gets a message saying so, and
 * which terminals work, instead of screens drawn as garbage; so does one
 * that terminfo does not know. */
Test(terminal, a_terminal_that_cannot_place_the_cursor_is_refused_with_a_message)
{
	const char *login = dbt_agent("agent", "kcc");
	static const char *const dumb[] = {"TERM=dumb", NULL};
	struct term *t = tm_start(login, 24, 80, dumb, NULL);
	cr_assert(term_wait_text(t, "cannot use the terminal \"dumb\": it cannot place the cursor",
	                         20000),
	          "no message for TERM=dumb:\n%s", term_screen(t));
	cr_assert_eq(term_wait_exit(t, 20000), 1, "%s", term_screen(t));
	term_free(&tm_term);
	static const char *const unknown[] = {"TERM=no-such-terminal", NULL};
	t = tm_start(login, 24, 80, unknown, NULL);
	cr_assert(term_wait_text(t, "cannot use the terminal \"no-such-terminal\"", 20000),
	          "no message for an unknown TERM:\n%s", term_screen(t));
	cr_assert_eq(term_wait_exit(t, 20000), 1, "%s", term_screen(t));
}
