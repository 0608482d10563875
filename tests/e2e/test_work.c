/* Taking ownership and logging the contact, end to end: an agent finds the
 * customer, claims the open case, logs what happened with a note and a
 * callback agreement in one save — and the database holds exactly that,
 * once, with nothing left behind in the drafts journal. */
#include "console.h"
#include "harness.h"
#include "term.h"
#include "work.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char wk_dir[128];
static struct term *wk_term;

static void wk_init(void)
{
	dbt_setup();
	e2e_tmpdir(wk_dir, sizeof wk_dir, "work");
}

static void wk_fini(void)
{
	term_free(&wk_term);
	e2e_rmtree(wk_dir);
	dbt_teardown();
}

TestSuite(work, .init = wk_init, .fini = wk_fini, .timeout = 120);

void wk_customer_with_case(char *party, size_t plen, char *case_id, size_t clen)
{
	e2e_value(party, plen,
	          "INSERT INTO loket.party (kind, bsn, initials, surname, birth_date, street, "
	          "house_number, postcode, city) VALUES ('person', '111222333', 'H.', 'Vries', "
	          "'1961-03-12', 'Lange Nieuwstraat', 7, '3512PB', 'Utrecht') RETURNING id",
	          0, NULL);
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.case_type (code, name, term_days) "
	               "VALUES ('paspoort', 'Paspoort', 10)",
	               0, NULL));
	const char *pp[] = {party};
	e2e_value(case_id, clen,
	          "INSERT INTO loket.case_file (ref, party_id, case_type, subject, status, due_on) "
	          "VALUES ('Z-2026-000123', $1::bigint, 'paspoort', 'Paspoort vermist', "
	          "'received', current_date + 20) RETURNING id",
	          1, pp);
}

Test(work, journey_claim_then_log_a_note_with_an_agreement_shows_both_on_the_timeline)
{
	const char *login = dbt_agent("agent", "kcc");
	const char *lp[] = {login};
	char me[32], name[128], party[32], case_id[32];
	e2e_value(me, sizeof me, "SELECT id FROM loket.agent WHERE login = $1", 1, lp);
	e2e_value(name, sizeof name, "SELECT name FROM loket.agent WHERE login = $1", 1, lp);
	wk_customer_with_case(party, sizeof party, case_id, sizeof case_id);

	/* The user's VISUAL and EDITOR do not reach loket. */
	static const char *const no_editor[] = {"VISUAL", "EDITOR", NULL};
	struct term *t = wk_term = e2e_start(dbt.dbname, login, wk_dir, 30, 160, no_editor, NULL);

	/* Find her by BSN and open her for the current contact. */
	e2e_open_customer(t, "111222333", "Vries, H.", "customer: H. Vries");
	cr_assert(term_wait_text(t, "Open cases (1)", 20000), "case not listed:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "Agreements (0)", 20000), "%s", term_screen(t));

	/* The cases pane, the case, and claim it. */
	term_send(t, "\t");
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "case Z-2026-000123", 20000), "case screen not opened:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, " · owner - · ", 20000), "case not shown as unowned:\n%s",
	          term_screen(t));
	term_send(t, "c");
	char msg[256];
	snprintf(msg, sizeof msg, "Z-2026-000123 is now owned by %s.", name);
	cr_assert(term_wait_text(t, msg, 20000), "no claim message:\n%s", term_screen(t));
	char owner[256];
	snprintf(owner, sizeof owner, " · owner %s (%s) since ", name, login);
	cr_assert(term_wait_text(t, owner, 20000), "case screen does not name me as owner:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "claimed", 20000), "history lacks the claim:\n%s",
	          term_screen(t));

	/* Back on the customer: the cases pane names me. */
	term_send(t, "q");
	cr_assert(term_wait_text(t, "customer: H. Vries", 20000), "q went elsewhere:\n%s",
	          term_screen(t));
	char mine[160];
	snprintf(mine, sizeof mine, "· %s", name);
	cr_assert(e2e_wait_line(t, "Z-2026-000123", mine, 20000),
	          "cases pane does not show me as owner:\n%s", term_screen(t));

	/* Log the contact on that case. */
	term_send(t, "n");
	cr_assert(term_wait_text(t, "Log the contact", 20000), "no contact form:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, " Case       Z-2026-000123", 20000),
	          "the contact is not on the selected case:\n%s", term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Subject: ", 20000), "no subject prompt:\n%s", term_screen(t));
	term_send(t, "Paspoort kwijt gemeld\r");
	cr_assert(term_wait_text(t, " Subject    Paspoort kwijt gemeld", 20000), "%s",
	          term_screen(t));
	term_send(t, "j\r");
	cr_assert(term_wait_text(t, "Outcome of the contact", 20000), "no outcome chooser:\n%s",
	          term_screen(t));
	term_send(t, "1");
	cr_assert(term_wait_text(t, " Outcome    answered", 20000), "%s", term_screen(t));
	term_send(t, "jj\r");
	cr_assert(term_wait_text(t, "typing: Esc ends", 20000), "note not in typing mode:\n%s",
	          term_screen(t));
	term_send(t, "Aangifte gedaan bij de balie\rNieuwe aanvraag volgt");
	cr_assert(term_wait_text(t, "Nieuwe aanvraag volgt", 20000), "note text not shown:\n%s",
	          term_screen(t));
	term_send(t, "\x1b");
	cr_assert(e2e_wait_gone(t, "typing: Esc ends", 20000), "Esc did not end typing:\n%s",
	          term_screen(t));
	cr_assert_eq(e2e_drafts(wk_dir, NULL, 0), 1, "the draft is not journaled while typed");
	term_send(t, "j\r");
	cr_assert(term_wait_text(t, "Agreement with the customer", 20000),
	          "no agreement chooser:\n%s", term_screen(t));
	term_send(t, "2");
	cr_assert(term_wait_text(t, "Agreement due (dd-mm-yyyy [hh:mm] or +N days): ", 20000),
	          "no due prompt:\n%s", term_screen(t));
	term_send(t, "+7\r");
	cr_assert(term_wait_text(t, " Agreement  callback due ", 20000), "agreement not set:\n%s",
	          term_screen(t));

	/* One step saves it all. */
	term_send(t, "\x13");
	cr_assert(term_wait_text(t, "Contact logged.", 20000), "not logged:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "customer: H. Vries", 20000), "%s", term_screen(t));
	cr_assert(e2e_wait_line(t, "Paspoort kwijt gemeld", "answered", 20000),
	          "the contact is not on the timeline:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "Aangifte gedaan bij de balie", 20000),
	          "the note is not on the timeline:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "Agreements (1)", 20000), "agreement not counted:\n%s",
	          term_screen(t));
	cr_assert(e2e_wait_line(t, "callback open", name, 20000),
	          "the agreement is not in the Agreements pane:\n%s", term_screen(t));

	/* Stored: nothing is left in the journal. */
	cr_assert_eq(e2e_drafts(wk_dir, NULL, 0), 0,
	             "a draft was left behind after the contact was stored");

	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "loket did not exit cleanly:\n%s",
	             term_screen(t));
	e2e_no_sanitizer_report(t);

	/* The database holds exactly that, once. */
	const char *ip[] = {party, me, case_id};
	cr_assert_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.interaction", 0, NULL), 1,
	             "not exactly one contact");
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.interaction WHERE party_id = $1::bigint "
	                      "AND agent_id = $2::int AND case_id = $3::bigint "
	                      "AND subject = 'Paspoort kwijt gemeld' AND outcome = 'answered' "
	                      "AND channel = 'phone' AND direction = 'in'",
	                      3, ip),
	             1, "the contact is not the one logged, by this agent, on the case");
	cr_assert_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.note", 0, NULL), 1,
	             "not exactly one note");
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.note n JOIN loket.interaction i "
	                      "ON i.id = n.id AND n.interaction_id = i.id "
	                      "WHERE n.agent_id = $2::int AND n.party_id = $1::bigint "
	                      "AND n.body = E'Aangifte gedaan bij de balie\\nNieuwe aanvraag volgt'",
	                      2, ip),
	             1, "the note does not share the contact's id, or its text differs");
	cr_assert_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.agreement", 0, NULL), 1,
	             "not exactly one agreement");
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.agreement g JOIN loket.interaction i "
	                      "ON i.id = g.interaction_id WHERE g.kind = 'callback' "
	                      "AND g.status = 'open' AND g.made_by = $2::int "
	                      "AND g.party_id = $1::bigint "
	                      "AND g.due_at BETWEEN now() + interval '6 days' "
	                      "AND now() + interval '8 days'",
	                      2, ip),
	             1, "the agreement is not a callback by me due in 6 to 8 days");
	const char *cp[] = {case_id, me};
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.case_event WHERE case_id = $1::bigint "
	                      "AND kind = 'claimed'",
	                      1, cp),
	             1, "not exactly one claim event");
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.case_event WHERE case_id = $1::bigint "
	                      "AND kind = 'claimed' AND by_agent_id = $2::int "
	                      "AND to_owner_id = $2::int",
	                      2, cp),
	             1, "the claim event is not by this agent");
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.case_file WHERE id = $1::bigint "
	                      "AND owner_id = $2::int",
	                      2, cp),
	             1, "the case is not owned by the agent");
}

Test(work, a_note_on_the_case_screen_opens_in_full_with_enter)
{
	/* A note longer than its line on the case screen: Enter on it shows it
	 * whole (and on a heading says what Enter does here). */
	const char *login = dbt_agent("agent", "kcc");
	const char *lp[] = {login};
	char me[32], party[32], case_id[32];
	e2e_value(me, sizeof me, "SELECT id FROM loket.agent WHERE login = $1", 1, lp);
	wk_customer_with_case(party, sizeof party, case_id, sizeof case_id);
	const char *np[] = {party, case_id, me};
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.note (id, party_id, case_id, agent_id, body) VALUES "
	               "(gen_random_uuid(), $1::bigint, $2::bigint, $3::int, 'Klant belde: paspoort "
	               "verloren op het station, aangifte gedaan bij de politie; nieuwe aanvraag "
	               "besproken en de afspraak voor de balie staat op dinsdag ochtend. EINDE-NOTITIE')",
	               3, np));

	struct term *t = wk_term = e2e_start(dbt.dbname, login, wk_dir, 24, 80, NULL, NULL);
	e2e_open_customer(t, "111222333", "Vries, H.", "customer: H. Vries");
	cr_assert(term_wait_text(t, "Open cases (1)", 20000), "%s", term_screen(t));
	/* At 80 columns the pane still shows the deadline and the owner. */
	char due[16];
	e2e_value(due, sizeof due, "SELECT to_char(current_date + 20, 'DD-MM-YYYY')", 0, NULL);
	cr_assert(e2e_wait_line(t, due, "· unowned", 20000), "%s", term_screen(t));
	term_send(t, "\t");
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Notes (1)", 20000), "case screen not opened:\n%s",
	          term_screen(t));
	cr_assert_null(strstr(term_screen(t), "EINDE-NOTITIE"), "the note fits its line:\n%s",
	               term_screen(t));
	/* The first line that can be selected is the note (no history yet). */
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "EINDE-NOTITIE", 20000), "the note is not shown in full:\n%s",
	          term_screen(t));
	term_send(t, "q");
	cr_assert(term_wait_text(t, "Notes (1)", 20000), "q did not go back to the case:\n%s",
	          term_screen(t));
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
}

Test(work, a_team_picked_with_tab_takes_the_transfer)
{
	/* Tab completes "kc" to "kcc " (readline adds a space): that is the
	 * team, as if typed in full. */
	const char *login = dbt_agent("agent", "kcc");
	char party[32], case_id[32];
	wk_customer_with_case(party, sizeof party, case_id, sizeof case_id);
	struct term *t = wk_term = e2e_start(dbt.dbname, login, wk_dir, 24, 80, NULL, NULL);
	e2e_open_customer(t, "111222333", "Vries, H.", "customer: H. Vries");
	cr_assert(term_wait_text(t, "Open cases (1)", 20000), "%s", term_screen(t));
	term_send(t, "\t");
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "case Z-2026-000123", 20000), "%s", term_screen(t));
	/* The names come with the case screen, a moment after it: until then
	 * Tab has nothing to complete, so ask again. */
	for (int tries = 0;; tries++) {
		cr_assert_lt(tries, 100, "Tab never completed kcc:\n%s", term_screen(t));
		term_send(t, "t");
		cr_assert(term_wait_text(t, "Transfer to (agent or team): ", 20000), "%s",
		          term_screen(t));
		term_send(t, "kc\t");
		if (term_wait_text(t, "(agent or team): kcc", 200))
			break;
		term_send(t, "\x1b");
		cr_assert(e2e_wait_gone(t, "Transfer to (agent or team): ", 20000), "%s", term_screen(t));
	}
	term_send(t, "\r");
	const char *cp[] = {case_id};
	for (int waited = 0; dbt_long(dbt.super,
	                              "SELECT count(*) FROM loket.case_event WHERE case_id = $1::bigint "
	                              "AND kind = 'transferred'",
	                              1, cp) == 0;
	     waited += 100) {
		cr_assert_lt(waited, 20000, "not transferred:\n%s", term_screen(t));
		e2e_pump(t, 100);
	}
	cr_assert_null(strstr(term_screen(t), "is neither an agent nor a team"), "%s",
	               term_screen(t));

	/* The status chooser opens on the status the case has. */
	PQclear(dbt_ok(dbt.super, "UPDATE loket.case_file SET status = 'in_progress' WHERE id = $1::bigint",
	               1, cp));
	cr_assert(term_wait_text(t, " · in_progress · ", 20000), "%s", term_screen(t));
	term_send(t, "s");
	cr_assert(term_wait_text(t, "> 2  in_progress", 20000), "%s", term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "is in_progress already; nothing changed.", 20000), "%s",
	          term_screen(t));
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
}
