/* The case screen, end to end: whom a case can go to and how Tab finds
 * them (by login or by name, never an auditor), the statuses on the command
 * line, how its deadline and an owner's "since" read, a header that stays
 * while its lists scroll, and notes and contacts newest first with their
 * outcomes in words. */
#include "console.h"
#include "harness.h"
#include "term.h"
#include "work.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char cs_dir[128];
static struct term *cs_term;

static void cs_init(void)
{
	dbt_setup();
	e2e_tmpdir(cs_dir, sizeof cs_dir, "case");
}

static void cs_fini(void)
{
	term_free(&cs_term);
	e2e_rmtree(cs_dir);
	dbt_teardown();
}

TestSuite(case, .init = cs_init, .fini = cs_fini, .timeout = 120);

/* A colleague named `name` with `role` in team kcc; the login. */
static const char *cs_colleague(const char *role, const char *name)
{
	const char *login = dbt_agent(role, "kcc");
	char done[8];
	e2e_value(done, sizeof done,
	          "UPDATE loket.agent SET name = $2 WHERE login = $1 RETURNING 'ok'", 2,
	          (const char *[]){login, name});
	return login;
}

/* H. Vries and her case Z-2026-000123 (wk_customer_with_case), and the id
 * of the agent `login`, as text parameters. */
struct cs_case {
	char party[32], case_id[32], agent_id[16];
};

static void cs_case_for(const char *login, struct cs_case *c)
{
	e2e_value(c->agent_id, sizeof c->agent_id, "SELECT id FROM loket.agent WHERE login = $1", 1,
	          (const char *[]){login});
	wk_customer_with_case(c->party, sizeof c->party, c->case_id, sizeof c->case_id);
}

/* Start loket as `login` and open the case Z-2026-000123 from its
 * customer's open cases. */
static struct term *cs_open_case(const char *login, int rows, int cols)
{
	struct term *t = cs_term = e2e_start(dbt.dbname, login, cs_dir, rows, cols, NULL, NULL);
	e2e_open_customer(t, "111222333", "Vries, H.", "customer: H. Vries");
	cr_assert(term_wait_text(t, "Open cases (1)", 20000), "%s", term_screen(t));
	term_send(t, "\t");
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "case Z-2026-000123", 20000), "case screen not opened:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "History (", 20000), "case not loaded:\n%s", term_screen(t));
	return t;
}

/* Open a prompt with `open`, type `keys` and wait for `want`; `shown` is
 * on screen while that prompt is open. The names come a moment after the
 * screen: until then Tab has nothing to complete, so the prompt is left
 * (Esc) and opened again. */
static void cs_tab_gives(struct term *t, const char *open, const char *keys, const char *shown,
                         const char *want)
{
	for (int tries = 0;; tries++) {
		cr_assert_lt(tries, 100, "Tab on \"%s\" never gave \"%s\":\n%s", keys, want,
		             term_screen(t));
		term_send(t, open);
		term_send(t, keys);
		if (term_wait_text(t, want, 200))
			return;
		cr_assert(term_wait_text(t, shown, 20000), "%s", term_screen(t));
		term_send(t, "\x1b");
		cr_assert(e2e_wait_gone(t, shown, 20000), "%s", term_screen(t));
	}
}

/* On the command line, `keys` give `want`; Esc leaves it. */
static void cs_command_completes(struct term *t, const char *keys, const char *want)
{
	term_send(t, keys);
	cr_assert(term_wait_text(t, want, 20000), "%s did not give %s:\n%s", keys, want,
	          term_screen(t));
	term_send(t, "\x1b");
	cr_assert(e2e_wait_gone(t, want, 20000), "%s", term_screen(t));
}

static void cs_quit(struct term *t)
{
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
	e2e_no_sanitizer_report(t);
}

/* How many case events of `kind` the case has. */
static long cs_events(const char *case_id, const char *kind)
{
	return dbt_long(dbt.super,
	                "SELECT count(*) FROM loket.case_event WHERE case_id = $1::bigint "
	                "AND kind = $2",
	                2, (const char *[]){case_id, kind});
}

Test(case, the_command_line_completes_colleagues_teams_and_statuses)
{
	const char *me = dbt_agent("agent", "kcc");
	const char *jan = cs_colleague("agent", "Jan de Vries");
	struct cs_case c;
	cs_case_for(me, &c);
	struct term *t = cs_open_case(me, 24, 80);

	/* A colleague by name: the login goes on the line. */
	char want[128];
	snprintf(want, sizeof want, ":case-transfer %s", jan);
	cs_tab_gives(t, ":", "case-transfer vries\t", ":case-transfer", want);
	term_send(t, "\x1b");
	cr_assert(e2e_wait_gone(t, want, 20000), "%s", term_screen(t));
	/* A team by its code, and the statuses. */
	cs_command_completes(t, ":case-transfer kc\t", ":case-transfer kcc");
	cs_command_completes(t, ":case-status in_\t", ":case-status in_progress");
	cs_command_completes(t, ":case-status wa\t", ":case-status waiting_customer");
	cs_quit(t);
}

Test(case, the_transfer_prompt_offers_no_auditor_and_lists_names_with_logins)
{
	const char *me = dbt_agent("agent", "kcc");
	const char *jan = cs_colleague("agent", "Jan de Vries");
	const char *bakker = cs_colleague("supervisor", "Jan Bakker");
	const char *auditor = cs_colleague("auditor", "Jan Prins");
	struct cs_case c;
	cs_case_for(me, &c);
	struct term *t = cs_open_case(me, 24, 100);

	/* "jan" fits three; the two who can own a case are listed, each as
	 * name (login), the auditor not. */
	char a[128], b[128];
	snprintf(a, sizeof a, "Jan de Vries (%s)", jan);
	snprintf(b, sizeof b, "Jan Bakker (%s)", bakker);
	cs_tab_gives(t, "t", "jan\t\t", "Transfer to (agent or team): ", a);
	cr_assert(term_wait_text(t, b, 20000), "%s", term_screen(t));
	cr_assert(term_wait_text(t, "Transfer to (agent or team): jan", 20000),
	          "what was typed did not stay:\n%s", term_screen(t));
	cr_assert_null(strstr(term_screen(t), auditor), "the auditor is offered:\n%s",
	               term_screen(t));
	cr_assert_null(strstr(term_screen(t), "Jan Prins"), "the auditor is offered:\n%s",
	               term_screen(t));

	/* Named in full, the auditor is refused before the database is asked. */
	term_send(t, "\x15");
	term_send(t, auditor);
	term_send(t, "\r");
	snprintf(a, sizeof a, "Jan Prins (%s) has the role auditor and cannot own a case.",
	         auditor);
	cr_assert(term_wait_text(t, a, 20000), "%s", term_screen(t));
	cr_assert_eq(cs_events(c.case_id, "transferred"), 0, "the case went to the auditor");
	cs_quit(t);
}

Test(case, a_name_typed_at_the_transfer_prompt_completes_to_the_login)
{
	const char *me = dbt_agent("agent", "kcc");
	const char *jan = cs_colleague("agent", "Jan de Vries");
	const char *duc = cs_colleague("agent", "Duc Trần");
	cs_colleague("agent", "Jan Bakker");
	struct cs_case c;
	cs_case_for(me, &c);
	struct term *t = cs_open_case(me, 24, 80);

	/* Surname with its prefix, and a surname typed without its accent. */
	char want[128];
	snprintf(want, sizeof want, "(agent or team): %s", jan);
	cs_tab_gives(t, "t", "de vries\t", "Transfer to (agent or team): ", want);
	term_send(t, "\x15tran\t");
	snprintf(want, sizeof want, "(agent or team): %s", duc);
	cr_assert(term_wait_text(t, want, 20000), "tran did not complete:\n%s", term_screen(t));

	/* A whole name is taken as that colleague. */
	term_send(t, "\x15Jan de Vries\r");
	const char *cp[] = {c.case_id, jan};
	for (int waited = 0;
	     dbt_long(dbt.super,
	              "SELECT count(*) FROM loket.case_file c JOIN loket.agent g "
	              "ON g.id = c.owner_id WHERE c.id = $1::bigint AND g.login = $2",
	              2, cp) == 0;
	     waited += 100) {
		cr_assert_lt(waited, 20000, "not transferred to Jan de Vries:\n%s", term_screen(t));
		e2e_pump(t, 100);
	}
	cs_quit(t);
}

Test(case, claiming_an_owned_case_says_since_when_as_the_screen_writes_times)
{
	const char *me = dbt_agent("agent", "kcc");
	const char *lotte = cs_colleague("agent", "Lotte Smit");
	struct cs_case c;
	cs_case_for(me, &c);
	char done[8];
	e2e_value(
	    done, sizeof done,
	    "UPDATE loket.case_file SET owner_id = (SELECT id FROM loket.agent WHERE login = $2), "
	    "owned_since = '2026-11-28 14:03:00+01' WHERE id = $1::bigint RETURNING 'ok'",
	    2, (const char *[]){c.case_id, lotte});
	struct term *t = cs_open_case(me, 24, 100);
	cr_assert(term_wait_text(t, "since 28-11-2026 14:03", 20000), "%s", term_screen(t));
	term_send(t, "c");
	char want[160];
	snprintf(want, sizeof want, "is owned by Lotte Smit (%s) since 28-11-2026 14:03", lotte);
	cr_assert(term_wait_text(t, want, 20000), "%s", term_screen(t));
	cr_assert_null(strstr(term_screen(t), "2026-11-28"), "%s", term_screen(t));
	cs_quit(t);
}

Test(case, the_deadline_counts_one_working_day_and_says_when_it_is_today)
{
	const char *me = dbt_agent("agent", "kcc");
	struct cs_case c;
	cs_case_for(me, &c);
	const char *cp[] = {c.case_id};
	char done[8];
	e2e_value(done, sizeof done,
	          "UPDATE loket.case_file SET due_on = loket.add_working_days(loket.today_nl(), 1) "
	          "WHERE id = $1::bigint RETURNING 'ok'",
	          1, cp);
	struct term *t = cs_open_case(me, 24, 100);
	cr_assert(term_wait_text(t, " (1 working day left) · owner ", 20000), "%s", term_screen(t));

	/* Due today: not "0 working days". */
	e2e_value(done, sizeof done,
	          "UPDATE loket.case_file SET due_on = loket.today_nl() WHERE id = $1::bigint "
	          "RETURNING 'ok'",
	          1, cp);
	term_send(t, "\x0c");
	cr_assert(term_wait_text(t, " (due today) · owner ", 20000), "%s", term_screen(t));
	cr_assert_null(strstr(term_screen(t), "working days)"), "%s", term_screen(t));
	cs_quit(t);
}

Test(case, the_header_stays_while_the_notes_scroll)
{
	const char *me = dbt_agent("agent", "kcc");
	struct cs_case c;
	cs_case_for(me, &c);
	const char *np[] = {c.party, c.case_id, c.agent_id};
	PQclear(
	    dbt_ok(dbt.super,
	           "INSERT INTO loket.note (id, party_id, case_id, agent_id, body, created_at) "
	           "SELECT gen_random_uuid(), $1::bigint, $2::bigint, $3::int, "
	           "'Notitie ' || g, now() - g * interval '1 hour' FROM generate_series(1, 30) g",
	           3, np));
	PQclear(
	    dbt_ok(dbt.super,
	           "INSERT INTO loket.interaction (party_id, channel, direction, occurred_at, "
	           "subject, outcome, agent_id, case_id) VALUES ($1::bigint, 'phone', 'in', "
	           "now() - interval '2 days', 'Eerste melding', 'answered', $3::int, $2::bigint)",
	           3, np));
	struct term *t = cs_open_case(me, 24, 80);
	cr_assert(term_wait_text(t, "Notes (30)", 20000), "%s", term_screen(t));

	/* To the end of the lists: the contact, below the thirty notes. */
	term_send(t, "G");
	cr_assert(term_wait_text(t, "Eerste melding", 20000), "%s", term_screen(t));
	cr_assert(e2e_wait_gone(t, "Notes (30)", 20000), "the list did not scroll:\n%s",
	          term_screen(t));
	cr_assert(
	    term_wait_text(t, " Z-2026-000123 · Paspoort · received · customer H. Vries", 20000),
	    "the header scrolled away:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, " Paspoort vermist", 20000), "%s", term_screen(t));
	cr_assert(term_wait_text(t, " deadline ", 20000), "%s", term_screen(t));
	cs_quit(t);
}

/* The screen row that holds `text`, or -1. */
static int cs_row(struct term *t, const char *text)
{
	const char *s = term_screen(t), *hit = strstr(s, text);
	if (!hit)
		return -1;
	int row = 0;
	for (const char *p = s; p < hit; p++)
		row += *p == '\n';
	return row;
}

Test(case, notes_and_contacts_come_newest_first_with_their_outcomes_in_words)
{
	const char *me = dbt_agent("agent", "kcc");
	struct cs_case c;
	cs_case_for(me, &c);
	const char *np[] = {c.party, c.case_id, c.agent_id};
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.note (id, party_id, case_id, agent_id, body, created_at) "
	               "VALUES (gen_random_uuid(), $1::bigint, $2::bigint, $3::int, 'NOTITIE-OUD', "
	               "now() - interval '3 days'), (gen_random_uuid(), $1::bigint, $2::bigint, "
	               "$3::int, 'NOTITIE-NIEUW', now() - interval '1 hour')",
	               3, np));
	PQclear(
	    dbt_ok(dbt.super,
	           "INSERT INTO loket.interaction (party_id, channel, direction, occurred_at, "
	           "subject, outcome, agent_id, case_id) VALUES ($1::bigint, 'phone', 'in', "
	           "now() - interval '4 days', 'CONTACT-OUD', 'answered', $3::int, $2::bigint), "
	           "($1::bigint, 'phone', 'in', now() - interval '2 hours', 'CONTACT-NIEUW', "
	           "'callback_requested', $3::int, $2::bigint)",
	           3, np));
	struct term *t = cs_open_case(me, 24, 100);
	cr_assert(term_wait_text(t, "CONTACT-OUD", 20000), "%s", term_screen(t));
	cr_assert(term_wait_text(t, "NOTITIE-OUD", 20000), "%s", term_screen(t));
	cr_assert_lt(cs_row(t, "NOTITIE-NIEUW"), cs_row(t, "NOTITIE-OUD"),
	             "notes are not newest first:\n%s", term_screen(t));
	cr_assert_lt(cs_row(t, "CONTACT-NIEUW"), cs_row(t, "CONTACT-OUD"),
	             "contacts are not newest first:\n%s", term_screen(t));
	cr_assert(e2e_wait_line(t, "CONTACT-NIEUW", "→ callback requested", 20000), "%s",
	          term_screen(t));
	cr_assert_null(strstr(term_screen(t), "callback_requested"), "a raw outcome code:\n%s",
	               term_screen(t));
	cs_quit(t);
}

Test(case, a_status_typed_in_capitals_is_that_status_and_only_closing_asks_a_result)
{
	const char *me = dbt_agent("agent", "kcc");
	struct cs_case c;
	cs_case_for(me, &c);
	struct term *t = cs_open_case(me, 24, 80);
	term_send(t, "c");
	cr_assert(term_wait_text(t, "Z-2026-000123 is now owned by", 20000), "%s", term_screen(t));

	term_send(t, ":case-status In_Progress\r");
	cr_assert(term_wait_text(t, "Z-2026-000123 is now in_progress.", 20000), "%s",
	          term_screen(t));
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.case_file WHERE id = $1::bigint "
	                      "AND status = 'in_progress' AND result IS NULL",
	                      1, (const char *[]){c.case_id}),
	             1, "not in progress, or a result came with it");

	term_send(t, ":case-status Closed\r");
	cr_assert(term_wait_text(t, "Result (closing the case): ", 20000),
	          "closing did not ask for the result:\n%s", term_screen(t));
	term_send(t, "Nieuw paspoort aangevraagd\r");
	cr_assert(term_wait_text(t, "Z-2026-000123 is now closed.", 20000), "%s", term_screen(t));
	cr_assert_eq(cs_events(c.case_id, "closed"), 1, "not closed");
	cs_quit(t);
}
