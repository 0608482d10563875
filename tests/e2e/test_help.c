/* What works where: the help screen lists the actions of the screen it was
 * opened from, and the command line says where an action works when it
 * does nothing on this screen, and completes only what works here. */
#include "console.h"
#include "harness.h"
#include "term.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char hp_dir[128];
static struct term *hp_term;

static void hp_init(void)
{
	dbt_setup();
	e2e_tmpdir(hp_dir, sizeof hp_dir, "help");
}

static void hp_fini(void)
{
	term_free(&hp_term);
	e2e_rmtree(hp_dir);
	dbt_teardown();
}

TestSuite(help, .init = hp_init, .fini = hp_fini, .timeout = 120);

/* loket as a new agent, on my work, in a 40 x 100 pty: room for every line
 * of the help. */
static struct term *hp_start(void)
{
	const char *login = dbt_agent("agent", "kcc");
	struct term *t = hp_term = e2e_start(dbt.dbname, login, hp_dir, 40, 100, NULL, NULL);
	cr_assert(term_wait_text(t, "My queues", 20000), "no my work:\n%s", term_screen(t));
	return t;
}

Test(help, on_my_work_lists_search_and_not_the_customer_keys)
{
	struct term *t = hp_start();
	term_send(t, "?");
	cr_assert(term_wait_text(t, " loket · keys: home", 20000), "? did not open help:\n%s",
	          term_screen(t));
	/* The help is drawn in one frame: once its last bound line shows, all do. */
	cr_assert(e2e_wait_line(t, "/, F2", "search", 20000), "search not listed:\n%s",
	          term_screen(t));
	cr_assert(e2e_wait_line(t, " a ", "state", 20000), "state not listed:\n%s", term_screen(t));
	const char *s = term_screen(t);
	cr_assert_null(strstr(s, "reveal-bsn"), "reveal-bsn listed on my work:\n%s", s);
	cr_assert_null(strstr(s, "case-claim"), "case-claim listed on my work:\n%s", s);
	cr_assert_null(strstr(s, "filter-channel"), "filter-channel listed on my work:\n%s", s);
	cr_assert_null(strstr(s, "log-contact"), "log-contact listed on my work:\n%s", s);
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
}

Test(help, on_a_customer_lists_reveal_bsn)
{
	char party[32];
	e2e_value(party, sizeof party,
	          "INSERT INTO loket.party (kind, bsn, initials, surname, birth_date) "
	          "VALUES ('person', '111222333', 'H.', 'Vries', '1961-03-12') RETURNING id",
	          0, NULL);
	struct term *t = hp_start();
	e2e_open_customer(t, "111222333", "Vries, H.", "customer: H. Vries");
	term_send(t, "?");
	cr_assert(term_wait_text(t, " loket · keys: customer", 20000), "? did not open help:\n%s",
	          term_screen(t));
	cr_assert(e2e_wait_line(t, "reveal-bsn", "Show the full BSN", 20000),
	          "reveal-bsn not listed:\n%s", term_screen(t));
	cr_assert(e2e_wait_line(t, "log-contact", "Log the contact", 20000), "%s", term_screen(t));
	const char *s = term_screen(t);
	cr_assert_null(strstr(s, "case-claim"), "case-claim listed on a customer:\n%s", s);
	cr_assert_null(strstr(s, "editor"), "the contact form's editor listed:\n%s", s);
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
}

Test(help, the_command_line_says_where_an_action_works)
{
	struct term *t = hp_start();
	term_send(t, ":case-claim\r");
	cr_assert(term_wait_text(
	              t, "\"case-claim\" does nothing here; it works on the case screen.", 20000),
	          "no word on where case-claim works:\n%s", term_screen(t));
	/* An unknown name keeps its own message. */
	term_send(t, ":frobnicate\r");
	cr_assert(term_wait_text(t, "No action \"frobnicate\"", 20000), "%s", term_screen(t));
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
}

Test(help, tab_completes_only_the_actions_of_this_screen)
{
	struct term *t = hp_start();
	/* On my work no action starts with "cas": Tab adds nothing, the Z
	 * comes right after what was typed. */
	term_send(t, ":cas\tZ");
	cr_assert(term_wait_text(t, ":casZ", 20000), "Tab completed a case action on my work:\n%s",
	          term_screen(t));
	term_send(t, "\x1b");
	cr_assert(e2e_wait_gone(t, ":casZ", 20000), "%s", term_screen(t));
	/* What works here still completes. */
	term_send(t, ":stat\tZ");
	cr_assert(term_wait_text(t, ":state Z", 20000), "state not completed:\n%s", term_screen(t));
	term_send(t, "\x1b");
	cr_assert(e2e_wait_gone(t, ":state Z", 20000), "%s", term_screen(t));
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
}
