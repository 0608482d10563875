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
#include <sys/stat.h>
#include <unistd.h>

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

/* Q, and loket ends cleanly. */
static void hp_quit(struct term *t)
{
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
}

/* H. Vries (BSN 111222333); the id into party. */
static void hp_vries(char *party, size_t len)
{
	e2e_value(party, len,
	          "INSERT INTO loket.party (kind, bsn, initials, surname, birth_date) "
	          "VALUES ('person', '111222333', 'H.', 'Vries', '1961-03-12') RETURNING id",
	          0, NULL);
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
	hp_quit(t);
}

Test(help, on_a_customer_lists_reveal_bsn)
{
	char party[32];
	hp_vries(party, sizeof party);
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
	hp_quit(t);
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
	hp_quit(t);
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
	hp_quit(t);
}

/* Keymaps, hints and keys that do nothing here ----------------------------- */

static void hp_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "cannot write %s", path);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

/* loket with `args` in a pty, as a new agent; a subcommand ends by itself. */
static struct term *hp_run(const char *const args[])
{
	const char *login = dbt_agent("agent", "kcc");
	return hp_term = e2e_start(dbt.dbname, login, hp_dir, 40, 100, NULL, args);
}

Test(help, keys_reads_a_key_beyond_ascii_as_the_console_does)
{
	char path[256];
	snprintf(path, sizeof path, "%s/u.keymap", hp_dir);
	hp_write(path, "bind customer \xc3\xbc filter-channel email\n");
	/* e2e_start sets LC_ALL=C.UTF-8, as the console runs. */
	struct term *t = hp_run((const char *[]){"-k", path, "keys", NULL});
	cr_assert_eq(term_wait_exit(t, 20000), 0, "loket keys failed:\n%s", term_screen(t));
	cr_assert(e2e_ever_wrote(t, "\n  \xc3\xbc ") &&
	              e2e_ever_wrote(t, "filter-channel   Show only one channel in the timeline "
	                                "(email)"),
	          "the key is not listed:\n%s", term_screen(t));
	cr_assert_not(e2e_ever_wrote(t, "unknown key"), "%s", term_screen(t));
}

Test(help, a_directory_for_a_keymap_is_reported_as_unreadable)
{
	char want[300];
	snprintf(want, sizeof want, "loket: %s: cannot read: Is a directory", hp_dir);
	struct term *t = hp_run((const char *[]){"-k", hp_dir, "keys", NULL});
	cr_assert_eq(term_wait_exit(t, 20000), 1, "-k DIRECTORY passed:\n%s", term_screen(t));
	cr_assert(e2e_ever_wrote(t, want), "not reported:\n%s", term_screen(t));
	term_free(&hp_term);

	/* In the user's keymap's place, the console says so too. */
	char path[256];
	snprintf(path, sizeof path, "%s/loket", hp_dir);
	cr_assert_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/loket/keymap", hp_dir);
	cr_assert_eq(mkdir(path, 0700), 0);
	t = hp_start();
	snprintf(want, sizeof want, "%s: cannot read: Is a directory", path);
	cr_assert(term_wait_text(t, want, 20000), "not on the message line:\n%s", term_screen(t));
	hp_quit(t);
	cr_assert_eq(rmdir(path), 0);
}

Test(help, hints_name_the_key_bound_to_help)
{
	char path[256];
	snprintf(path, sizeof path, "%s/k.keymap", hp_dir);
	hp_write(path, "bind generic ? none\nbind home h search\n");
	struct term *t = hp_run((const char *[]){"-k", path, NULL});
	cr_assert(term_wait_text(t, "My queues", 20000), "no my work:\n%s", term_screen(t));
	cr_assert(e2e_wait_line(t, " online", " F1 help", 20000), "status line:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(
	              t, "h search a customer · Enter open · : command · F1 keys · q quit", 20000),
	          "footer:\n%s", term_screen(t));
	term_send(t, "?");
	cr_assert(term_wait_text(t, "? is not bound here; F1 shows the keys.", 20000), "%s",
	          term_screen(t));
	term_send(t, ":frobnicate\r");
	cr_assert(term_wait_text(t,
	                         "No action \"frobnicate\"; Tab completes the names, F1 lists "
	                         "the keys.",
	                         20000),
	          "%s", term_screen(t));
	hp_quit(t);
	term_free(&hp_term);

	/* No key at all: the command line. */
	hp_write(path, "bind generic ? none\nbind generic F1 none\n");
	t = hp_run((const char *[]){"-k", path, NULL});
	cr_assert(term_wait_text(t, "My queues", 20000), "no my work:\n%s", term_screen(t));
	cr_assert(e2e_wait_line(t, " online", " :help", 20000), "status line:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "· :help keys ·", 20000), "footer:\n%s", term_screen(t));
	term_send(t, "?");
	cr_assert(term_wait_text(t, "? is not bound here; :help shows the keys.", 20000), "%s",
	          term_screen(t));
	hp_quit(t);
}

Test(help, a_key_whose_action_does_nothing_here_says_where_it_works)
{
	struct term *t = hp_start();
	/* Tab on the help screen: next-pane moves between lists elsewhere. */
	term_send(t, "?");
	cr_assert(term_wait_text(t, " loket · keys: home", 20000), "%s", term_screen(t));
	term_send(t, "\t");
	cr_assert(term_wait_text(t,
	                         "\"next-pane\" does nothing here; it works on the home, customer "
	                         "and contact screens.",
	                         20000),
	          "%s", term_screen(t));
	hp_quit(t);
}

Test(help, enter_on_a_contact_in_full_says_where_open_works)
{
	const char *login = dbt_agent("agent", "kcc");
	const char *lp[] = {login};
	char me[32], party[32];
	e2e_value(me, sizeof me, "SELECT id FROM loket.agent WHERE login = $1", 1, lp);
	hp_vries(party, sizeof party);
	const char *ip[] = {party, me};
	PQclear(
	    dbt_ok(dbt.super,
	           "INSERT INTO loket.interaction (party_id, channel, direction, subject, "
	           "content, agent_id) VALUES ($1::bigint, 'phone', 'in', 'Vraag over toeslag', "
	           "'Belt over de huurtoeslag van maart.', $2::int)",
	           2, ip));
	struct term *t = hp_term = e2e_start(dbt.dbname, login, hp_dir, 40, 100, NULL, NULL);
	e2e_open_customer(t, "111222333", "Vries, H.", "customer: H. Vries");
	cr_assert(term_wait_text(t, "Vraag over toeslag", 20000), "timeline empty:\n%s",
	          term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Belt over de huurtoeslag van maart.", 20000),
	          "contact not opened:\n%s", term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t,
	                         "\"open\" does nothing here; it works on the home, search, "
	                         "customer, case and contact screens.",
	                         20000),
	          "Enter on the contact said nothing:\n%s", term_screen(t));
	/* Still the contact in full. */
	cr_assert(strstr(term_screen(t), "Belt over de huurtoeslag van maart."), "%s",
	          term_screen(t));
	hp_quit(t);
}
