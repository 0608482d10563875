/* The agent's state from the console: the chooser starts on the state the
 * agent is in, the message reads as a sentence ("You are on a break.");
 * a role without the right (an auditor) is told so in words, not with the
 * database's "permission denied for function …". */
#include "console.h"
#include "harness.h"
#include "term.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static char st_dir[128];
static struct term *st_term;

static void st_init(void)
{
	dbt_setup();
	e2e_tmpdir(st_dir, sizeof st_dir, "state");
}

static void st_fini(void)
{
	term_free(&st_term);
	e2e_rmtree(st_dir);
	dbt_teardown();
}

TestSuite(state, .init = st_init, .fini = st_fini, .timeout = 120);

Test(state, the_chooser_starts_on_the_current_state_and_the_message_reads_as_a_sentence)
{
	const char *login = dbt_agent("agent", "kcc");
	PQclear(dbt_ok(dbt.super, "UPDATE loket.agent SET state = 'busy' WHERE login = $1", 1,
	               (const char *[]){login}));
	struct term *t = st_term = e2e_start(dbt.dbname, login, st_dir, 24, 80, NULL, NULL);
	cr_assert(term_wait_text(t, "My queues", 20000), "%s", term_screen(t));
	term_send(t, "a");
	cr_assert(term_wait_text(t, "My state", 20000), "no state chooser:\n%s", term_screen(t));
	cr_assert(e2e_wait_line(t, "> 2", "busy", 20000),
	          "the chooser does not start on the current state:\n%s", term_screen(t));
	term_send(t, "4");
	cr_assert(term_wait_text(t, "You are on a break.", 20000), "%s", term_screen(t));
	term_send(t, ":state break\r");
	cr_assert(term_wait_text(t, "You were on a break already.", 20000), "%s", term_screen(t));
	term_send(t, ":state wrap_up\r");
	cr_assert(term_wait_text(t, "You are in wrap-up.", 20000), "%s", term_screen(t));
}

Test(state, an_auditor_is_told_in_words_what_the_role_does_not_do)
{
	const char *login = dbt_agent("auditor", "audit");
	struct term *t = st_term = e2e_start(dbt.dbname, login, st_dir, 24, 100, NULL, NULL);
	cr_assert(term_wait_text(t, "No work list for the auditor role", 20000), "%s",
	          term_screen(t));
	term_send(t, ":state busy\r");
	cr_assert(term_wait_text(t, "Setting an agent state is not part of the auditor role.", 20000),
	          "%s", term_screen(t));
	term_send(t, "/");
	cr_assert(term_wait_text(t, "Search: ", 20000), "%s", term_screen(t));
	term_send(t, "jansen\r");
	cr_assert(term_wait_text(t, "Searching customers is not part of the auditor role.", 20000),
	          "%s", term_screen(t));
	cr_assert_null(strstr(term_screen(t), "permission denied"), "%s", term_screen(t));
}
