/* Searching as an agent does: a search that finds more than the list shows
 * says so, in the console and on the command line; Tab completes the
 * surnames seen, typed with or without prefix or accents; a suggested name
 * leads somewhere. The real binary, on a fresh database per test. */
#include "console.h"
#include "harness.h"
#include "term.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static char sr_dir[128];
static struct term *sr_term;

static void sr_init(void)
{
	dbt_setup();
	e2e_tmpdir(sr_dir, sizeof sr_dir, "search");
}

static void sr_fini(void)
{
	term_free(&sr_term);
	e2e_rmtree(sr_dir);
	dbt_teardown();
}

TestSuite(search, .init = sr_init, .fini = sr_fini, .timeout = 120);

/* `count` people named `surname`, born on successive days from 1950 on. */
static void sr_people(const char *surname, int count)
{
	const char *p[] = {surname, dbt_num(count)};
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.party (kind, initials, surname, birth_date, street, "
	               "house_number, postcode, city) "
	               "SELECT 'person', chr(65 + i % 26) || '.', $1, date '1950-01-01' + i, "
	               "'Dorpsstraat', i, '1234AB', 'Ede' FROM generate_series(1, $2::int) i",
	               2, p));
}

static void sr_party(const char *initials, const char *prefix, const char *surname,
                     const char *born)
{
	const char *p[] = {initials, prefix, surname, born};
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.party (kind, initials, name_prefix, surname, birth_date, "
	               "street, house_number, postcode, city) VALUES ('person', $1, $2, $3, "
	               "$4::date, 'Stationsweg', 12, '3511AB', 'Utrecht')",
	               4, p));
}

static struct term *sr_start(const char *login)
{
	struct term *t = sr_term = e2e_start(dbt.dbname, login, sr_dir, 24, 80, NULL, NULL);
	cr_assert(term_wait_text(t, "My queues", 20000), "no my work:\n%s", term_screen(t));
	return t;
}

/* Open the search prompt and type `text` (without Enter). */
static void sr_prompt(struct term *t, const char *text)
{
	term_send(t, "/");
	cr_assert(term_wait_text(t, "Search: ", 20000), "no search prompt:\n%s", term_screen(t));
	term_send(t, text);
}

/* The search rows logged for `login`, kind 'name': "count,count,…" in order (malloc'd). */
static char *sr_logged(const char *login)
{
	const char *p[] = {login};
	return dbt_value(dbt.super,
	                 "SELECT coalesce(string_agg(result_count::text, ',' ORDER BY at), '') "
	                 "FROM loket.access_log WHERE login = $1 AND action = 'search' "
	                 "AND query_kind = 'name'",
	                 1, p);
}

/* What one `loket ARGS…` run as `login` wrote and how it exited. */
struct sr_run {
	char out[65536], err[4096];
	int status; /* exit status, or -1 when it did not exit normally */
};

static void sr_slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot read %s", path);
	size_t n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static void sr_cli(struct sr_run *r, const char *login, const char *const args[])
{
	char out[256], err[256], db[96], user[96];
	snprintf(out, sizeof out, "%s/out", sr_dir);
	snprintf(err, sizeof err, "%s/err", sr_dir);
	snprintf(db, sizeof db, "PGDATABASE=%s", dbt.dbname);
	snprintf(user, sizeof user, "PGUSER=%s", login);
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = calloc(n + 3, sizeof *env);
	cr_assert_not_null(env);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "PGDATABASE=", 11) != 0 &&
		    strncmp(environ[i], "PGUSER=", 7) != 0)
			env[k++] = environ[i];
	env[k++] = db;
	env[k++] = user;
	env[k] = NULL;
	char *argv[8] = {(char *)e2e_bin()};
	size_t m = 1;
	for (size_t i = 0; args[i] && m + 1 < sizeof argv / sizeof argv[0]; i++)
		argv[m++] = (char *)args[i];
	argv[m] = NULL;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, out, O_WRONLY | O_CREAT | O_TRUNC,
	                                 0600);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, err, O_WRONLY | O_CREAT | O_TRUNC,
	                                 0600);
	pid_t pid;
	int rc = posix_spawn(&pid, e2e_bin(), &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	cr_assert_eq(rc, 0, "cannot start %s: %s", e2e_bin(), strerror(rc));
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	sr_slurp(out, r->out, sizeof r->out);
	sr_slurp(err, r->err, sizeof r->err);
	cr_assert_null(strstr(r->err, "Sanitizer"), "loket reported: %s", r->err);
	cr_assert_null(strstr(r->err, "runtime error:"), "loket reported: %s", r->err);
}

static int sr_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

Test(search, more_than_fifty_found_says_so_and_stays_on_screen)
{
	const char *login = dbt_agent("agent", "kcc");
	sr_people("Jansen", 60);
	sr_people("Bakker", 50);
	struct term *t = sr_start(login);

	/* Exactly as many as shown: the list is all there is, no notice. */
	sr_prompt(t, "bakker\r");
	cr_assert(term_wait_text(t, "Bakker, B.", 20000), "no list:\n%s", term_screen(t));
	cr_assert_null(strstr(term_screen(t), "More than"), "a notice for a complete list:\n%s",
	               term_screen(t));

	sr_prompt(t, "jansen\r");
	cr_assert(term_wait_text(
	              t, "More than 50 found for \"jansen\": only the first 50 are shown.", 20000),
	          "no notice that there are more:\n%s", term_screen(t));
	cr_assert(term_wait_text(t,
	                         "To narrow the search, add the birth date (dd-mm-yyyy) or year "
	                         "to the name.",
	                         20000),
	          "no advice how to narrow it:\n%s", term_screen(t));
	/* At the end of the list the notice is still there. */
	term_send(t, "G");
	cr_assert(e2e_wait_gone(t, "Name                           Born", 20000),
	          "did not scroll to the end:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "More than 50 found for \"jansen\"", 20000),
	          "the notice scrolled away:\n%s", term_screen(t));

	/* A birth date narrows it to the one person. */
	sr_prompt(t, "jansen 11-01-1950\r");
	cr_assert(term_wait_text(t, "11-01-1950", 20000), "%s", term_screen(t));
	cr_assert(e2e_wait_gone(t, "More than", 20000), "the notice stayed:\n%s", term_screen(t));
	e2e_no_sanitizer_report(t);
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
	/* The log counts the rows the database returned: one more than shown. */
	char *logged = sr_logged(login);
	cr_expect_str_eq(logged, "50,51,1");
	free(logged);
}

Test(search, command_line_notes_more_than_fifty_on_stderr_and_in_json)
{
	const char *login = dbt_agent("agent", "kcc");
	sr_people("Jansen", 60);
	sr_people("Bakker", 50);
	static struct sr_run r;

	static const char *const jansen[] = {"search", "jansen", NULL};
	sr_cli(&r, login, jansen);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	cr_expect_eq(sr_lines(r.out), 50, "stdout is not the 50 listed:\n%s", r.out);
	cr_expect_not_null(strstr(r.err, "loket: search: more than 50 found for \"jansen\" (as "
	                                 "name), only the first 50 listed; to narrow the search, "
	                                 "add the birth date (dd-mm-yyyy) or year to the name\n"),
	                   "no note on stderr: '%s'", r.err);
	cr_expect_null(strstr(r.out, "more than"), "the note is in the list: %s", r.out);

	static const char *const jansen_json[] = {"search", "jansen", "--json", NULL};
	sr_cli(&r, login, jansen_json);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	char *more = dbt_jq(r.out, "->> 'more'"), *count = dbt_jq(r.out, "-> 'results'");
	char *kind = dbt_jq(r.out, "->> 'kind'");
	cr_expect_str_eq(more, "true", "%s", r.out);
	cr_expect_str_eq(kind, "name");
	free(more), free(count), free(kind);
	count = dbt_jq(r.out, "-> 'results' ->> 49"), more = dbt_jq(r.out, "-> 'results' ->> 50");
	cr_expect_str_neq(count, "<null>", "fewer than 50 results: %s", r.out);
	cr_expect_str_eq(more, "<null>", "more than 50 results: %s", r.out);
	free(more), free(count);

	/* Exactly 50: complete, no note, "more" false. */
	static const char *const bakker[] = {"search", "bakker", NULL};
	sr_cli(&r, login, bakker);
	cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
	cr_expect_eq(sr_lines(r.out), 50, "%s", r.out);
	cr_expect_str_eq(r.err, "", "a note for a complete list");
	static const char *const bakker_json[] = {"search", "bakker", "--json", NULL};
	sr_cli(&r, login, bakker_json);
	more = dbt_jq(r.out, "->> 'more'");
	cr_expect_str_eq(more, "false", "%s", r.out);
	free(more);

	/* Nothing found: exit status and message as before. */
	static const char *const none[] = {"search", "Zwanenburg", NULL};
	sr_cli(&r, login, none);
	cr_expect_eq(r.status, 5, "exit %d: %s", r.status, r.err);
	cr_expect_null(strstr(r.err, "more than"), "%s", r.err);

	char *logged = sr_logged(login);
	cr_expect_str_eq(logged, "51,51,50,50,0");
	free(logged);
}

/* Tab on `typed` in a new search prompt gives `want`; the prompt is cancelled again. */
static void sr_completes(struct term *t, const char *typed, const char *want)
{
	char line[256];
	snprintf(line, sizeof line, "%s\t", typed);
	sr_prompt(t, line);
	snprintf(line, sizeof line, "Search: %s", want);
	cr_assert(term_wait_text(t, line, 20000), "Tab on \"%s\" does not give \"%s\":\n%s", typed,
	          want, term_screen(t));
	term_send(t, "\x1b");
	cr_assert(e2e_wait_gone(t, "Search: ", 20000), "Esc did not cancel:\n%s", term_screen(t));
}

Test(search, tab_completes_surnames_typed_with_or_without_prefix_or_accents)
{
	const char *login = dbt_agent("agent", "kcc");
	sr_party("H.J.", "de", "Vries", "1961-03-12");
	sr_party("P.", NULL, "Jansen", "1970-01-02");
	sr_party("A.", NULL, "Çelik", "1980-04-05");
	sr_party("T.V.", NULL, "Trần", "1990-08-09");
	sr_party("M.", NULL, "El Amrani", "1985-05-06");
	struct term *t = sr_start(login);
	sr_prompt(t, "3511 AB\r");
	cr_assert(term_wait_text(t, "Vries, H.J. de", 20000), "no list:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "Trần, T.V.", 20000), "%s", term_screen(t));

	sr_completes(t, "Jans", "Jansen ");
	sr_completes(t, "jans", "Jansen ");
	sr_completes(t, "Vri", "Vries ");
	sr_completes(t, "de Vri", "de Vries ");
	sr_completes(t, "van der Vri", "van der Vries ");
	sr_completes(t, "Çel", "Çelik ");
	sr_completes(t, "cel", "Celik ");
	sr_completes(t, "tran", "Tran ");
	sr_completes(t, "Am", "Amrani ");
	sr_completes(t, "El Am", "El Amrani ");

	/* What Tab gave is a search that finds her. */
	sr_prompt(t, "cel\t");
	cr_assert(term_wait_text(t, "Search: Celik ", 20000), "%s", term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "search: Celik", 20000), "%s", term_screen(t));
	cr_assert(term_wait_text(t, "Çelik, A.", 20000), "completion did not find her:\n%s",
	          term_screen(t));
	e2e_no_sanitizer_report(t);
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
}

Test(search, suggesting_the_surname_searched_drops_the_birth_date)
{
	const char *login = dbt_agent("agent", "kcc");
	sr_party("A.", NULL, "Jansen", "1955-10-10");
	sr_party("K.", NULL, "Janssen", "1970-01-01");
	struct term *t = sr_start(login);
	/* Nobody named Jansen born that day; the suggestion Jansen is the surname typed. */
	sr_prompt(t, "jansen 12-03-1961\r");
	cr_assert(term_wait_text(t, "No customer found for \"jansen 12-03-1961\"", 20000),
	          "no miss:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "  Jansen (without the birth date)", 20000),
	          "the surname searched is not offered without the date:\n%s", term_screen(t));
	/* Another surname keeps the date: it may be a typo for the one meant. */
	cr_assert(term_wait_text(t, "  Janssen", 20000), "%s", term_screen(t));
	cr_expect_null(strstr(term_screen(t), "Janssen (without"), "%s", term_screen(t));
	/* Enter on it finds her, born another day, instead of the same search again. */
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "search: Jansen", 20000), "%s", term_screen(t));
	cr_assert(term_wait_text(t, "10-10-1955", 20000), "the suggestion searched again:\n%s",
	          term_screen(t));
	cr_expect_null(strstr(term_screen(t), "search: Jansen 12-03-1961"), "%s", term_screen(t));
	e2e_no_sanitizer_report(t);
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
}
