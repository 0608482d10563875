/* The console as an agent meets it: the real binary in a pseudo-terminal. */
#include "harness.h"
#include "term.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(console, .init = dbt_setup, .fini = dbt_teardown, .timeout = 60);

static const char *loket_bin(void)
{
	const char *b = getenv("LOKET_BIN");
	return b && *b ? b : "build/san/loket";
}

/* Start loket as `login` on this test's database. */
static struct term *start_as(const char *login, int rows, int cols)
{
	static char db[96], user[96];
	snprintf(db, sizeof db, "PGDATABASE=%s", dbt.dbname);
	snprintf(user, sizeof user, "PGUSER=%s", login);
	char *env[] = {db, user, "TERM=xterm-256color", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", NULL};
	char *argv[] = {(char *)loket_bin(), NULL};
	struct term *t = term_spawn(argv, env, rows, cols);
	cr_assert_not_null(t, "could not start %s in a pty", loket_bin());
	return t;
}

static void add_parties(int n)
{
	char sql[256];
	snprintf(sql, sizeof sql,
	         "INSERT INTO loket.party (kind, surname) SELECT 'person', 'Persoon ' || g "
	         "FROM generate_series(1, %d) g",
	         n);
	PQclear(dbt_ok(dbt.super, sql, 0, NULL));
}

Test(console, shows_the_signed_in_agent_and_customer_count_then_quits_cleanly)
{
	const char *login = dbt_agent("agent", "kcc");
	add_parties(3);
	struct term *t = start_as(login, 24, 80);
	cr_assert(term_wait_text(t, login, 20000), "agent login not shown:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "3 customers", 20000));
	term_send(t, "q");
	cr_assert_eq(term_wait_exit(t, 20000), 0);
	term_free(&t);
}

Test(console, says_the_terminal_is_too_small_and_recovers_when_it_grows)
{
	const char *login = dbt_agent("agent", "kcc");
	struct term *t = start_as(login, 20, 60);
	cr_assert(term_wait_text(t, "needs 80x24", 20000), "no size message:\n%s", term_screen(t));
	term_resize(t, 30, 100);
	cr_assert(term_wait_text(t, "Signed in as", 20000), "did not recover:\n%s", term_screen(t));
	term_send(t, "q");
	cr_assert_eq(term_wait_exit(t, 20000), 0);
	term_free(&t);
}

Test(console, refuses_a_role_that_is_not_an_agent_with_a_clear_message)
{
	const char *role = dbt_unique("nobody");
	char sql[128];
	snprintf(sql, sizeof sql, "CREATE ROLE %s LOGIN", role);
	PQclear(dbt_ok(dbt.super, sql, 0, NULL));
	struct term *t = start_as(role, 24, 80);
	cr_assert(term_wait_text(t, "is not an active loket agent", 20000), "screen:\n%s",
	          term_screen(t));
	cr_assert_neq(term_wait_exit(t, 20000), 0);
	term_free(&t);
}
