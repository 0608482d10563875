/* The console as an agent meets it: the real binary in a pseudo-terminal,
 * on a fresh database per test. */
#include "console.h"
#include "harness.h"
#include "term.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Per test (Criterion forks one process per test): a private directory for
 * XDG_CONFIG_HOME and XDG_STATE_HOME, and the loket under test, so that the
 * teardown can stop it even after a failed assertion. */
static char cs_dir[128];
static struct term *cs_term;

static void cs_init(void)
{
	dbt_setup();
	e2e_tmpdir(cs_dir, sizeof cs_dir, "e2e");
}

static void cs_fini(void)
{
	term_free(&cs_term);
	e2e_rmtree(cs_dir);
	dbt_teardown();
}

TestSuite(console, .init = cs_init, .fini = cs_fini, .timeout = 120);

/* Start loket as `login` on this test's database, in a rows x cols pty. */
static struct term *cs_start(const char *login, int rows, int cols)
{
	return cs_term = e2e_start(dbt.dbname, login, cs_dir, rows, cols, NULL, NULL);
}

static long cs_agent_id(const char *login)
{
	const char *p[] = {login};
	return dbt_long(dbt.super, "SELECT id FROM loket.agent WHERE login = $1", 1, p);
}

static long cs_party(const char *initials, const char *surname, const char *born)
{
	const char *p[] = {initials, surname, born};
	return dbt_long(dbt.super,
	                "INSERT INTO loket.party (kind, initials, surname, birth_date, street, "
	                "house_number, postcode, city) VALUES ('person', $1, $2, $3::date, "
	                "'Stationsweg', 12, '3511AB', 'Utrecht') RETURNING id",
	                3, p);
}

/* Type a search into the "/" prompt and run it. */
static void cs_search(struct term *t, const char *query)
{
	term_send(t, "/");
	cr_assert(term_wait_text(t, "Search: ", 20000), "no search prompt:\n%s", term_screen(t));
	term_send(t, query);
	term_send(t, "\r");
}

Test(console, shows_my_work_and_quits_cleanly)
{
	const char *login = dbt_agent("agent", "kcc");
	char me[32], party[32];
	snprintf(me, sizeof me, "%ld", cs_agent_id(login));
	snprintf(party, sizeof party, "%ld", cs_party("M.", "Bouzidi", "1984-07-21"));
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.case_type (code, name, term_days) "
	               "VALUES ('toeslag', 'Toeslag bezwaar', 30)",
	               0, NULL));
	const char *cp[] = {party, me};
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.case_file (ref, party_id, case_type, subject, status, "
	               "due_on, owner_id, owned_since, team_id) "
	               "SELECT 'Z-2025-000417', $1::bigint, 'toeslag', 'Bezwaar huurtoeslag 2024', "
	               "'in_progress', current_date + 20, $2::int, now(), a.team_id "
	               "FROM loket.agent a WHERE a.id = $2::int",
	               2, cp));
	/* An overdue callback agreement made by this agent, and one made by
	 * nobody in particular that must not show. */
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.agreement (party_id, kind, description, due_at, made_by) "
	               "VALUES ($1::bigint, 'callback', 'Terugbellen over bezwaar', "
	               "now() - interval '2 days', $2::int), "
	               "($1::bigint, 'visit', 'Huisbezoek', now() - interval '1 day', NULL)",
	               2, cp));

	struct term *t = cs_start(login, 30, 100);
	cr_assert(term_wait_text(t, " loket · my work", 20000), "no my work:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "My open cases (1)", 20000), "case not counted:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "Z-2025-000417", 20000), "case reference missing:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "Bezwaar huurtoeslag 2024", 20000), "case subject missing:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "My agreements due today or overdue (1)", 20000),
	          "agreement not counted:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "OVERDUE", 20000), "overdue agreement not flagged:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "M. Bouzidi", 20000), "customer name missing:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "Callback requests", 20000), "callback section missing:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "My queues", 20000), "queue section missing:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "team kcc", 20000), "status line lacks the team:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "online", 20000), "status line not online:\n%s",
	          term_screen(t));
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "loket did not exit cleanly:\n%s",
	             term_screen(t));
}

Test(console, refuses_a_role_that_is_not_an_agent_with_a_clear_message)
{
	const char *role = dbt_unique("nobody");
	char sql[128];
	snprintf(sql, sizeof sql, "CREATE ROLE %s LOGIN", role);
	PQclear(dbt_ok(dbt.super, sql, 0, NULL));
	struct term *t = cs_start(role, 24, 80);
	cr_assert(term_wait_text(t, "is not an active loket agent", 20000), "screen:\n%s",
	          term_screen(t));
	cr_assert_neq(term_wait_exit(t, 20000), 0);
	snprintf(sql, sizeof sql, "DROP ROLE %s", role);
	term_free(&cs_term);
	PQclear(dbt_ok(dbt.super, sql, 0, NULL));
}

Test(console, no_hit_suggests_the_nearest_names)
{
	const char *login = dbt_agent("agent", "kcc");
	cs_party("K.", "Vermeulen", "1980-02-02");
	cs_party("A.", "Jansen", "1955-10-10");
	struct term *t = cs_start(login, 30, 100);
	cr_assert(term_wait_text(t, "My queues", 20000), "no my work:\n%s", term_screen(t));
	/* "Vermeer" is too far from "Vermeulen" to be a hit, near enough to suggest. */
	cs_search(t, "Vermeer");
	cr_assert(term_wait_text(t, "No customer found for \"Vermeer\"", 20000), "no miss:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "Nearest names", 20000), "no suggestions:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "  Vermeulen", 20000), "Vermeulen not suggested:\n%s",
	          term_screen(t));
	cr_assert_null(strstr(term_screen(t), "Jansen"), "an unrelated name was suggested:\n%s",
	               term_screen(t));
	/* Enter on the suggestion searches it. */
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Vermeulen, K.", 20000), "suggestion did not search:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "02-02-1980", 20000), "%s", term_screen(t));
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
}
