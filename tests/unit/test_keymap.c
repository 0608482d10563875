/* Keymaps: parsing, errors with file and line, overrides, and the KEYS
 * section of loket(1) generated from the same table and keymap. */
#include "ui/keydoc.h"
#include "ui/keymap.h"

#include <criterion/criterion.h>
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
