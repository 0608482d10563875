/* Columns of the lists stay straight whatever the names hold: diacritics,
 * Vietnamese, Turkish, Chinese. Measured on the screen as the agent sees
 * it, in terminal columns; a name too long for its column is cut between
 * characters, with "…". */
#include "console.h"
#include "harness.h"
#include "term.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static char co_dir[128];
static struct term *co_term;

static void co_init(void)
{
	/* col_of measures with wcwidth, as the terminal does. */
	cr_assert_not_null(setlocale(LC_CTYPE, "C.UTF-8"), "no C.UTF-8 locale");
	dbt_setup();
	e2e_tmpdir(co_dir, sizeof co_dir, "columns");
}

static void co_fini(void)
{
	term_free(&co_term);
	e2e_rmtree(co_dir);
	dbt_teardown();
}

TestSuite(columns, .init = co_init, .fini = co_fini, .timeout = 120);

/* The line of the screen that holds `text`, into out; false when none does. */
static bool co_line(struct term *t, const char *text, char *out, size_t len)
{
	const char *s = term_screen(t);
	for (const char *l = s; *l;) {
		const char *eol = strchr(l, '\n');
		size_t n = eol ? (size_t)(eol - l) : strlen(l);
		snprintf(out, len, "%.*s", (int)n, l);
		if (strstr(out, text))
			return true;
		l = eol ? eol + 1 : l + n;
	}
	return false;
}

/* The terminal column at which `needle` starts in `line`, or -1. */
static int co_col(const char *line, const char *needle)
{
	const char *at = strstr(line, needle);
	if (!at)
		return -1;
	int col = 0;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	for (const char *p = line; p < at;) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, (size_t)(at - p), &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			return -1;
		int w = wcwidth(wc);
		col += w > 0 ? w : 0;
		p += n;
	}
	return col;
}

/* Assert that on the line holding `row`, `cell` starts at column `want`. */
static void co_expect_col(struct term *t, const char *row, const char *cell, int want)
{
	char line[1024];
	/* Wait for it: a screen read mid-frame may lack the line's end. */
	cr_assert(term_wait_text(t, row, 20000) && co_line(t, row, line, sizeof line),
	          "no line with \"%s\":\n%s", row, term_screen(t));
	int got = co_col(line, cell);
	cr_expect_eq(got, want, "\"%s\" starts at column %d, not %d, on the line of \"%s\":\n%s",
	             cell, got, want, row, term_screen(t));
}

static void co_party(const char *kind, const char *initials, const char *surname, const char *born)
{
	const char *p[] = {kind, initials, surname, born};
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.party (kind, initials, surname, birth_date, street, "
	               "house_number, postcode, city) VALUES ($1, $2, $3, $4::date, "
	               "'Stationsweg', 12, '3511AB', 'Utrecht')",
	               4, p));
}

Test(columns, search_results_line_up_with_non_ascii_names)
{
	const char *login = dbt_agent("agent", "kcc");
	/* Name, initials, born; the first lines' names are narrower in columns than
	 * in bytes, the last is wider than the column and has "ğ" where 30 bytes end. */
	static const char *const people[][4] = {
	    {"Jansen", "P.", "1961-03-12", "12-03-1961"},
	    {"Trần", "T.V.", "1970-01-02", "02-01-1970"},
	    {"Tra\xcc\x80\xcc\x82n", "Q.", "1970-01-03", "03-01-1970"}, /* decomposed */
	    {"Çelik", "A.", "1980-04-05", "05-04-1980"},
	    {"Yıldırım", "E.", "1982-06-07", "07-06-1982"},
	    {"中村", "H.", "1990-08-09", "09-08-1990"},
	    {"Hoveniersbedrijfsleiders Erdoğan", "K.", "1975-10-11", "11-10-1975"},
	};
	size_t n = sizeof people / sizeof people[0];
	for (size_t i = 0; i < n; i++)
		co_party("person", people[i][1], people[i][0], people[i][2]);

	struct term *t = co_term = e2e_start(dbt.dbname, login, co_dir, 30, 110, NULL, NULL);
	cr_assert(term_wait_text(t, "My queues", 20000), "no my work:\n%s", term_screen(t));
	term_send(t, "/");
	cr_assert(term_wait_text(t, "Search: ", 20000), "no search prompt:\n%s", term_screen(t));
	term_send(t, "3511 AB\r");
	cr_assert(term_wait_text(t, "Jansen, P.", 20000), "no results:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "中村, H.", 20000), "%s", term_screen(t));

	char head[1024];
	cr_assert(term_wait_text(t, " Address", 20000) && co_line(t, " Born ", head, sizeof head),
	          "no heading:\n%s", term_screen(t));
	int born = co_col(head, "Born"), addr = co_col(head, "Address");
	cr_assert_gt(born, 0, "%s", head);
	for (size_t i = 0; i < n; i++) {
		co_expect_col(t, people[i][3], people[i][3], born);
		co_expect_col(t, people[i][3], "Stationsweg", addr);
	}
	/* Cut between characters, with an ellipsis, never through "ğ". */
	cr_expect(term_wait_text(t, "Hoveniersbedrijfsleiders Erdo… 11-10-1975", 20000),
	          "the long name is not cut to its column with an ellipsis:\n%s", term_screen(t));
	cr_expect_null(strstr(term_screen(t), "\xef\xbf\xbd"), "a character was cut in half:\n%s",
	               term_screen(t));
	e2e_no_sanitizer_report(t);
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
}

Test(columns, my_work_lines_up_with_non_ascii_names)
{
	const char *login = dbt_agent("agent", "kcc");
	const char *lp[] = {login};
	char me[32];
	e2e_value(me, sizeof me, "SELECT id FROM loket.agent WHERE login = $1", 1, lp);
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.case_type (code, name, term_days) "
	               "VALUES ('klacht', 'Klacht', 30)",
	               0, NULL));
	co_party("person", "P.", "Jansen", "1961-03-12");
	co_party("organisation", NULL, "Café De Buurvrouw", NULL);
	co_party("organisation", NULL, "Hoveniersbedrijf Erdoğan", NULL);
	/* One case each, owned by me, due on different days so their order is known. */
	const char *mp[] = {me};
	PQclear(
	    dbt_ok(dbt.super,
	           "INSERT INTO loket.case_file (ref, party_id, case_type, subject, status, "
	           "due_on, owner_id, owned_since, team_id) "
	           "SELECT 'Z-2026-00001' || row_number() OVER (ORDER BY p.id), p.id, 'klacht', "
	           "'Onderwerp ' || p.id, 'in_progress', current_date + 20 + p.id::int, "
	           "a.id, now(), a.team_id "
	           "FROM loket.party p, loket.agent a WHERE a.id = $1::int",
	           1, mp));
	/* Callback requests for the team: one on an ASCII name, one on the long name. */
	PQclear(
	    dbt_ok(dbt.super,
	           "INSERT INTO loket.task (party_id, reason, due_at, assigned_team_id) "
	           "SELECT p.id, CASE WHEN p.surname = 'Jansen' THEN 'Terugbellen A' "
	           "ELSE 'Terugbellen B' END, now() + interval '1 day', a.team_id "
	           "FROM loket.party p, loket.agent a "
	           "WHERE a.id = $1::int AND p.surname IN ('Jansen', 'Hoveniersbedrijf Erdoğan')",
	           1, mp));

	struct term *t = co_term = e2e_start(dbt.dbname, login, co_dir, 30, 120, NULL, NULL);
	cr_assert(term_wait_text(t, "My open cases (3)", 20000), "cases not listed:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "Callback requests for me or my team (2)", 20000), "%s",
	          term_screen(t));
	char jansen[1024];
	cr_assert(term_wait_text(t, "P. Jansen", 20000) && co_line(t, "P. Jansen", jansen, sizeof jansen),
	          "%s", term_screen(t));
	int subject = co_col(jansen, "Onderwerp ");
	cr_assert_gt(subject, 0, "%s", jansen);
	co_expect_col(t, "Café De Buurvrouw", "Onderwerp ", subject);
	co_expect_col(t, "Hoveniersbedrijf Erdo… Onderwerp ", "Onderwerp ", subject);
	char task[1024];
	cr_assert(term_wait_text(t, "Terugbellen A", 20000) &&
	              co_line(t, "Terugbellen A", task, sizeof task),
	          "%s", term_screen(t));
	co_expect_col(t, "Hoveniersbedrijf Erdo… Terugbellen B", "Terugbellen B",
	              co_col(task, "Terugbellen A"));
	cr_expect_null(strstr(term_screen(t), "\xef\xbf\xbd"), "a character was cut in half:\n%s",
	               term_screen(t));
	e2e_no_sanitizer_report(t);
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
}
