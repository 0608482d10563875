/* Keymaps: parsing, errors with file and line, overrides, and the KEYS
 * section of loket(1) generated from the same table and keymap. */
#include "ui/keydoc.h"
#include "ui/keymap.h"

#include <criterion/criterion.h>
#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void utf8_locale(void)
{
	setlocale(LC_ALL, "C.UTF-8");
}

TestSuite(keymap, .init = utf8_locale, .timeout = 10);

static char errors[8][256];
static int nerrors;

static void collect(void *arg, const char *m)
{
	(void)arg;
	if (nerrors < 8)
		snprintf(errors[nerrors++], sizeof errors[0], "%s", m);
}

Test(keymap, a_bad_line_is_reported_with_file_and_line_and_the_rest_applies)
{
	struct keymap km = {0};
	nerrors = 0;
	int bad = keymap_load(&km,
	                      "# my keys\n"
	                      "bind generic x search\n"
	                      "bind generic ^Q frobnicate\n"
	                      "bind customer y reveal-bsn\n",
	                      "/home/a/.config/loket/keymap", true, collect, NULL);
	cr_assert_eq(bad, 1);
	cr_assert_eq(nerrors, 1);
	cr_assert(strstr(errors[0], "/home/a/.config/loket/keymap:3: ") == errors[0], "%s", errors[0]);
	cr_assert(strstr(errors[0], "frobnicate"));
	const struct binding *b = keymap_lookup(&km, "home", 'x');
	cr_assert_not_null(b);
	cr_assert_eq(b->action, A_SEARCH);
	b = keymap_lookup(&km, "customer", 'y');
	cr_assert_not_null(b);
	cr_assert_eq(b->action, A_REVEAL_BSN);
	keymap_free(&km);
}

Test(keymap, each_kind_of_bad_line_says_why)
{
	struct keymap km = {0};
	nerrors = 0;
	keymap_load(&km,
	            "bnid generic q quit\n"
	            "bind generic q\n"
	            "bind nowhere q quit\n"
	            "bind generic Ctrl-Q quit\n"
	            "bind generic q quit extra\n",
	            "k", true, collect, NULL);
	cr_assert_eq(nerrors, 5);
	cr_assert(strstr(errors[0], "k:1: unknown command"));
	cr_assert(strstr(errors[1], "k:2: incomplete"));
	cr_assert(strstr(errors[2], "k:3: unknown context"));
	cr_assert(strstr(errors[3], "k:4: unknown key"));
	cr_assert(strstr(errors[4], "k:5: action \"quit\" takes no argument"));
	cr_assert_eq(km.n, 0);
	keymap_free(&km);
}

Test(keymap, a_later_binding_overrides_and_none_unbinds)
{
	struct keymap km = {0};
	keymap_load(&km, "bind generic q quit\nbind generic ? help\n", "d", false, NULL, NULL);
	keymap_load(&km, "bind generic q back\nbind generic ? none\n", "u", true, NULL, NULL);
	cr_assert_eq(keymap_lookup(&km, "home", 'q')->action, A_BACK);
	cr_assert_null(keymap_lookup(&km, "home", '?'));
	keymap_free(&km);
}

Test(keymap, a_context_binding_wins_over_generic)
{
	struct keymap km = {0};
	keymap_load(&km, "bind home q quit\nbind generic q back\n", "d", false, NULL, NULL);
	cr_assert_eq(keymap_lookup(&km, "home", 'q')->action, A_QUIT);
	cr_assert_eq(keymap_lookup(&km, "customer", 'q')->action, A_BACK);
	keymap_free(&km);
}

Test(keymap, key_names_round_trip)
{
	const char *names[] = {"q", "?", "^L", "F1", "F12", "Enter", "Tab", "Esc", "Space", "PgDn",
	                       "PgUp", "Home", "End", "Up", "é", NULL};
	for (int i = 0; names[i]; i++) {
		int key;
		cr_assert(key_parse(names[i], &key), "%s", names[i]);
		char back[32];
		key_format(key, back, sizeof back);
		cr_assert_str_eq(back, names[i]);
	}
	int key;
	cr_assert(key_parse("F1", &key));
	cr_assert_eq(key, KEY_FUNCTION | KEY_F(1));
	cr_assert_not(key_parse("F13", &key));
	cr_assert_not(key_parse("", &key));
	cr_assert_not(key_parse("qq", &key));
}

Test(keymap, a_file_with_a_nul_byte_reports_that_line_and_keeps_the_others)
{
	char path[] = "/tmp/loket-keymap-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	const char text[] = "bind generic x search\nbind generic \0y quit\nbind generic z home\n";
	cr_assert_eq(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
	close(fd);
	struct keymap km = {0};
	nerrors = 0;
	int bad = keymap_load_file(&km, path, false, collect, NULL);
	unlink(path);
	cr_assert_eq(bad, 1);
	cr_assert(strstr(errors[0], ":2: "), "%s", errors[0]);
	cr_assert_not_null(keymap_lookup(&km, "home", 'x'));
	cr_assert_not_null(keymap_lookup(&km, "home", 'z'));
	keymap_free(&km);
}

Test(keymap, a_missing_file_is_an_error_unless_optional)
{
	struct keymap km = {0};
	nerrors = 0;
	cr_assert_eq(keymap_load_file(&km, "/nonexistent/keymap", true, collect, NULL), 0);
	cr_assert_eq(keymap_load_file(&km, "/nonexistent/keymap", false, collect, NULL), 1);
	cr_assert(strstr(errors[0], "/nonexistent/keymap: cannot read"));
}

/* Read a whole file into a malloc'd string. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot read %s (run the tests from the top of the checkout)", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

/* keymaps/default.keymap into km, with no bad line. */
static void load_default(struct keymap *km)
{
	char *def = slurp("keymaps/default.keymap");
	cr_assert_eq(keymap_load(km, def, "keymaps/default.keymap", false, NULL, NULL), 0);
	free(def);
}

Test(keymap, the_man_page_keys_section_matches_the_bindings)
{
	struct keymap km = {0};
	char *def = slurp("keymaps/default.keymap");
	cr_assert_eq(keymap_load(&km, def, "keymaps/default.keymap", false, NULL, NULL), 0);
	char *want = keydoc_man(&km);
	char *page = slurp("man/loket.1");
	char *begin = strstr(page, ".\\\" KEYS-BEGIN");
	char *end = strstr(page, ".\\\" KEYS-END");
	cr_assert(begin && end && begin < end, "man/loket.1 lacks the KEYS-BEGIN/KEYS-END markers");
	begin = strchr(begin, '\n') + 1;
	*end = '\0';
	cr_assert_str_eq(begin, want,
	                 "man/loket.1's KEYS section is stale: run `make man` and commit it");
	free(def);
	free(want);
	free(page);
	keymap_free(&km);
}

Test(keymap, help_lists_only_live_bindings)
{
	struct keymap km = {0};
	keymap_load(&km, "bind generic ? help\nbind generic F1 help\n", "d", false, NULL, NULL);
	keymap_load(&km, "bind generic ? none\n", "u", true, NULL, NULL);
	char keys[64];
	keymap_keys_for(&km, "home", A_HELP, keys, sizeof keys);
	cr_assert_str_eq(keys, "F1");
	keymap_free(&km);
}

/* Screens and actions ---------------------------------------------------- */

/* What each screen's action handler does (in screens/), besides what the
 * console does on every screen (quit, back, help, command, refresh, home,
 * search, state, cancel) and up and down, which every screen handles. */
static const struct {
	const char *context;
	const char *actions;
} screen_actions[] = {
	{"home", "page-up page-down first last next-pane open"},
	{"search", "page-up page-down first last open"},
	{"customer", "page-up page-down first last next-pane open reveal-bsn filter-channel "
	             "filter-clear alerts log-contact"},
	{"item", "page-up page-down first last"},
	{"case", "page-up page-down first last open case-claim case-release case-transfer "
	         "case-status log-contact"},
	{"contact", "next-pane open save editor"},
	{"help", "page-up page-down first last"},
	{"generic", ""},
};

static bool in_words(const char *words, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = strstr(words, name); p; p = strstr(p + 1, name))
		if ((p == words || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

Test(keymap, each_screen_has_exactly_the_actions_it_handles)
{
	static const char every[] =
	    "quit back help command refresh home search up down cancel state";
	size_t n = sizeof screen_actions / sizeof screen_actions[0];
	cr_assert_eq(n, CTX_COUNT, "a context without its line here");
	for (size_t c = 0; c < n; c++) {
		cr_assert_geq(action_context(screen_actions[c].context), 0, "%s",
		              screen_actions[c].context);
		for (int a = 1; a < A_COUNT; a++) {
			const char *name = action_table[a].name;
			bool want =
			    in_words(every, name) || in_words(screen_actions[c].actions, name);
			cr_assert_eq(action_applies((enum action)a, screen_actions[c].context),
			             want, "%s on %s: %s", name, screen_actions[c].context,
			             want ? "should work" : "does nothing there");
		}
	}
	/* A name that is no screen gets only what works everywhere. */
	cr_assert(action_applies(A_QUIT, "nowhere"));
	cr_assert_not(action_applies(A_CASE_CLAIM, "nowhere"));
}

Test(keymap, where_an_action_works_reads_as_words)
{
	char buf[160];
	action_screens(action_table[A_CASE_CLAIM].where, buf, sizeof buf);
	cr_assert_str_eq(buf, "the case screen");
	action_screens(action_table[A_LOG_CONTACT].where, buf, sizeof buf);
	cr_assert_str_eq(buf, "the customer and case screens");
	action_screens(action_table[A_OPEN].where, buf, sizeof buf);
	cr_assert_str_eq(buf, "the home, search, customer, case and contact screens");
	action_screens(action_table[A_QUIT].where, buf, sizeof buf);
	cr_assert_str_eq(buf, "every screen");
	/* Cut short, still a string. */
	action_screens(action_table[A_OPEN].where, buf, 12);
	cr_assert_str_eq(buf, "the home, s");
}

Test(keymap, binding_an_action_where_it_does_nothing_is_reported_and_the_rest_applies)
{
	struct keymap km = {0};
	nerrors = 0;
	int bad = keymap_load(&km,
	                      "bind home x case-claim\n"
	                      "bind case x case-claim\n"
	                      "bind generic y case-claim\n"
	                      "bind contact z none\n"
	                      "bind contact PgUp page-up\n"
	                      "bind home a state\n",
	                      "/home/a/.config/loket/keymap", true, collect, NULL);
	cr_assert_eq(bad, 2);
	cr_assert_eq(nerrors, 2);
	cr_assert_str_eq(
	    errors[0], "/home/a/.config/loket/keymap:1: action \"case-claim\" does nothing on the "
	               "home screen; it works on the case screen");
	cr_assert(strstr(errors[1], "/home/a/.config/loket/keymap:5: action \"page-up\" does "
	                            "nothing on the contact screen"),
	          "%s", errors[1]);
	cr_assert_null(keymap_lookup(&km, "home", 'x'), "the bad line applied");
	cr_assert_eq(keymap_lookup(&km, "case", 'x')->action, A_CASE_CLAIM);
	/* generic binds anything; "none" unbinds anywhere. */
	cr_assert_eq(keymap_lookup(&km, "home", 'y')->action, A_CASE_CLAIM);
	cr_assert_eq(km.n, 4);
	cr_assert_eq(keymap_lookup(&km, "home", 'a')->action, A_STATE);
	keymap_free(&km);
}

/* The help line for `action` among `lines`, or NULL. The action stands
 * in column 18 (KEYDOC_HELP_LINE). */
static const char *help_line(char **lines, const char *action)
{
	size_t n = strlen(action);
	for (int i = 0; lines[i]; i++)
		if (strlen(lines[i]) > 18 + n && strncmp(lines[i] + 18, action, n) == 0 &&
		    lines[i][18 + n] == ' ')
			return lines[i];
	return NULL;
}

Test(keymap, help_lists_what_works_on_the_screen_it_is_opened_from)
{
	struct keymap km = {0};
	load_default(&km);
	/* Two actions the command line only reaches. */
	keymap_load(&km, "bind customer B none\nbind customer F none\n", "u", true, NULL, NULL);

	char **home = keydoc_help(&km, "home");
	cr_assert_not_null(help_line(home, "search"), "no search on home");
	cr_assert(strstr(help_line(home, "search"), " /, F2 "), "%s", help_line(home, "search"));
	cr_assert_not_null(help_line(home, "state"));
	cr_assert_null(help_line(home, "reveal-bsn"), "reveal-bsn listed on home");
	cr_assert_null(help_line(home, "case-claim"), "case-claim listed on home");
	cr_assert_null(help_line(home, "save"), "save listed on home");
	cr_assert_null(help_line(home, "log-contact"), "log-contact listed on home");
	cr_assert_not_null(help_line(home, "next-pane"), "next-pane (the next list) not on home");
	keydoc_help_free(&home);
	cr_assert_null(home);

	char **cust = keydoc_help(&km, "customer");
	cr_assert_not_null(help_line(cust, "reveal-bsn"));
	cr_assert_not_null(help_line(cust, "filter-clear"));
	cr_assert_null(help_line(cust, "case-claim"));
	/* Bound first, then what only the command line reaches. */
	int i = 0;
	while (cust[i] && !strstr(cust[i], "(:command)"))
		i++;
	cr_assert_not_null(cust[i], "unbound actions missing");
	for (int j = i; cust[j]; j++)
		cr_assert(strstr(cust[j], "(:command)"), "bound after unbound: %s", cust[j]);
	cr_assert(strstr(help_line(cust, "reveal-bsn"), "(:command)"), "B was unbound");
	cr_assert(strstr(help_line(cust, "filter-clear"), "(:command)"), "F was unbound");
	keydoc_help_free(&cust);
	keymap_free(&km);
}

Test(keymap, the_keymap_manual_names_every_context)
{
	char *page = slurp("man/loket-keymap.5");
	for (int c = 0; action_contexts[c]; c++) {
		char want[64];
		snprintf(want, sizeof want, "\n.B %s\n", action_contexts[c]);
		cr_assert(strstr(page, want), "loket-keymap(5) does not list the context %s",
		          action_contexts[c]);
	}
	char *def = slurp("keymaps/default.keymap");
	char *head = strstr(def, "\n\n");
	cr_assert_not_null(head);
	*head = '\0';
	for (int c = 0; action_contexts[c]; c++) {
		char want[64];
		snprintf(want, sizeof want, " %s (", action_contexts[c]);
		cr_assert(strstr(def, want), "default.keymap's heading does not list %s",
		          action_contexts[c]);
	}
	free(def);
	free(page);
}

/* Unreadable keymaps, keys beyond ASCII, hints, keys as text ------------- */

Test(keymap, a_directory_as_keymap_is_an_error_given_or_in_its_place)
{
	char dir[] = "/tmp/loket-keymap-dir-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	struct keymap km = {0};
	nerrors = 0;
	cr_assert_eq(keymap_load_file(&km, dir, false, collect, NULL), 1);
	char want[256];
	snprintf(want, sizeof want, "%s: cannot read: %s", dir, strerror(EISDIR));
	cr_assert_str_eq(errors[0], want);
	/* The user's keymap in its place, a directory: not silently empty. */
	char place[256];
	snprintf(place, sizeof place, "%s/loket", dir);
	cr_assert_eq(mkdir(place, 0700), 0);
	snprintf(place, sizeof place, "%s/loket/keymap", dir);
	cr_assert_eq(mkdir(place, 0700), 0);
	cr_assert_eq(setenv("XDG_CONFIG_HOME", dir, 1), 0);
	nerrors = 0;
	int bad = keymap_load_user(&km, NULL, collect, NULL);
	unsetenv("XDG_CONFIG_HOME");
	rmdir(place);
	snprintf(place, sizeof place, "%s/loket", dir);
	rmdir(place);
	rmdir(dir);
	cr_assert_eq(bad, 1);
	cr_assert_eq(nerrors, 1);
	cr_assert(strstr(errors[0], "/loket/keymap: cannot read: "), "%s", errors[0]);
	cr_assert_eq(km.n, 0);
	keymap_free(&km);
}

Test(keymap, a_key_beyond_ascii_in_a_locale_of_bytes_says_to_use_utf8)
{
	struct keymap km = {0};
	nerrors = 0;
	cr_assert_not_null(setlocale(LC_ALL, "C"));
	keymap_load(&km, "bind customer \xc3\xbc filter-channel email\n", "k", true, collect, NULL);
	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"));
	cr_assert_eq(nerrors, 1);
	cr_assert(strstr(errors[0], "k:1: unknown key \"\xc3\xbc\" (a character other than ASCII "
	                            "needs a UTF-8 locale"),
	          "%s", errors[0]);
	nerrors = 0;
	keymap_load(&km, "bind customer \xc3\xbc filter-channel email\n", "k", true, collect, NULL);
	cr_assert_eq(nerrors, 0, "%s", errors[0]);
	cr_assert_eq(keymap_lookup(&km, "customer", 0xfc)->action, A_FILTER_CHANNEL);
	keymap_free(&km);
}

Test(keymap, the_first_key_of_an_action_is_the_screens_own_then_a_generic_live_one)
{
	struct keymap km = {0};
	load_default(&km);
	char key[32];
	cr_assert(keymap_first_key(&km, "customer", A_HELP, key, sizeof key));
	cr_assert_str_eq(key, "?");
	/* On my work q quits, though the generic Q comes first in the file. */
	cr_assert(keymap_first_key(&km, "home", A_QUIT, key, sizeof key));
	cr_assert_str_eq(key, "q");
	cr_assert(keymap_first_key(&km, "customer", A_QUIT, key, sizeof key));
	cr_assert_str_eq(key, "Q");
	/* A key with an argument is not the action's plain key. */
	keymap_load(&km, "bind customer w none\nbind customer f none\n", "u", true, NULL, NULL);
	cr_assert_not(keymap_first_key(&km, "customer", A_FILTER_CHANNEL, key, sizeof key));
	cr_assert_str_eq(key, "");
	/* An unbound or rebound key is not offered. */
	keymap_load(&km, "bind generic ? none\nbind case F1 home\n", "u", true, NULL, NULL);
	cr_assert(keymap_first_key(&km, "customer", A_HELP, key, sizeof key));
	cr_assert_str_eq(key, "F1");
	cr_assert_not(keymap_first_key(&km, "case", A_HELP, key, sizeof key));
	keymap_free(&km);
}

/* The line of `text` that starts with `start`, and the line after it. */
static const char *text_line(const char *text, const char *start, char *next, size_t len)
{
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, start, strlen(start)) != 0)
			continue;
		const char *n = strchr(l, '\n');
		n = n ? n + 1 : "";
		snprintf(next, len, "%.*s", (int)strcspn(n, "\n"), n);
		return l;
	}
	return NULL;
}

Test(keymap, keys_as_text_say_where_an_action_of_every_screen_works_as_the_manual_does)
{
	struct keymap km = {0};
	load_default(&km);
	char *text = keydoc_text(&km);
	char next[256];
	cr_assert_not_null(text_line(text, "  Tab              next-pane ", next, sizeof next),
	                   "%s", text);
	cr_assert_str_eq(next,
	                 "                                    Only on the home, customer and contact "
	                 "screens.");
	cr_assert_not_null(text_line(text, "  Enter            open ", next, sizeof next), "%s",
	                   text);
	cr_assert_str_eq(next,
	                 "                                    Not on the item and help screens.");
	/* Every screen's own: no note. */
	cr_assert_not_null(text_line(text, "  Q                quit ", next, sizeof next), "%s",
	                   text);
	cr_assert(strncmp(next, "  q ", 4) == 0, "%s", next);
	/* A screen's own section says where already. */
	cr_assert_not_null(text_line(text, "  c                case-claim ", next, sizeof next));
	cr_assert(strncmp(next, "  r ", 4) == 0, "%s", next);
	cr_assert_null(strstr(text, "From the command line only"), "%s", text);
	free(text);

	/* Unbound everywhere: listed as the manual lists it; a key beyond
	 * ASCII keeps the columns. */
	keymap_load(&km,
	            "bind generic ? none\nbind generic F1 none\n"
	            "bind customer \xc3\xbc filter-channel email\n",
	            "u", true, NULL, NULL);
	text = keydoc_text(&km);
	const char *l = text_line(text, "From the command line only\n", next, sizeof next);
	cr_assert_not_null(l, "%s", text);
	cr_assert_str_eq(next, "  :help            help             Show the keys of this screen");
	cr_assert_not_null(
	    text_line(text, "  \xc3\xbc                filter-channel ", next, sizeof next), "%s",
	    text);
	free(text);
	keymap_free(&km);
}
