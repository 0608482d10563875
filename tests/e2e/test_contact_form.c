/* The log-a-contact form, end to end: a due date that does not exist or has
 * passed is refused with a message and no agreement is stored; a typed due
 * time is Dutch time whatever TZ the console runs with; an agreement that
 * fell due while its draft was kept is not stored overdue; a note line wider
 * than the screen stays readable while it is typed; a form left with q is
 * taken up again by n on the same customer. */
#include "console.h"
#include "harness.h"
#include "term.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char cf_dir[128];
static struct term *cf_term;
static char cf_party[32];

static void cf_init(void)
{
	dbt_setup();
	e2e_tmpdir(cf_dir, sizeof cf_dir, "contact");
}

static void cf_fini(void)
{
	term_free(&cf_term);
	e2e_rmtree(cf_dir);
	dbt_teardown();
}

TestSuite(contact_form, .init = cf_init, .fini = cf_fini, .timeout = 120);

/* Start loket for a new agent with `extra` in its environment, rows x cols; open the
 * customer H. Vries and a new contact form, and fill in its subject and outcome (the
 * outcome row stays selected). */
static struct term *cf_form(const char *const extra[], int rows, int cols)
{
	const char *login = dbt_agent("agent", "kcc");
	e2e_value(cf_party, sizeof cf_party,
	          "INSERT INTO loket.party (kind, bsn, initials, surname, birth_date, street, "
	          "house_number, postcode, city) VALUES ('person', '111222333', 'H.', 'Vries', "
	          "'1961-03-12', 'Lange Nieuwstraat', 7, '3512PB', 'Utrecht') RETURNING id",
	          0, NULL);
	struct term *t = cf_term = e2e_start(dbt.dbname, login, cf_dir, rows, cols, extra, NULL);
	e2e_open_customer(t, "111222333", "Vries, H.", "customer: H. Vries");
	term_send(t, "n");
	cr_assert(term_wait_text(t, "Log the contact", 20000), "no contact form:\n%s",
	          term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Subject: ", 20000), "no subject prompt:\n%s", term_screen(t));
	term_send(t, "Terugbelverzoek\r");
	cr_assert(term_wait_text(t, " Subject    Terugbelverzoek", 20000), "%s", term_screen(t));
	term_send(t, "j\r");
	cr_assert(term_wait_text(t, "Outcome of the contact", 20000), "no outcome chooser:\n%s",
	          term_screen(t));
	term_send(t, "1");
	cr_assert(term_wait_text(t, " Outcome    answered", 20000), "%s", term_screen(t));
	return t;
}

/* With the agreement row selected: choose a callback agreement due `due`. */
static void cf_callback_due(struct term *t, const char *due)
{
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Agreement with the customer", 20000),
	          "no agreement chooser:\n%s", term_screen(t));
	term_send(t, "2");
	cr_assert(term_wait_text(t, "Agreement due (dd-mm-yyyy [hh:mm] or +N days): ", 20000),
	          "no due prompt:\n%s", term_screen(t));
	char line[64];
	snprintf(line, sizeof line, "%s\r", due);
	term_send(t, line);
}

/* Save with ^S, wait until it is stored, quit, and check that loket ended cleanly. */
static void cf_save_and_quit(struct term *t)
{
	term_send(t, "\x13");
	cr_assert(term_wait_text(t, "Contact logged.", 20000), "not logged:\n%s", term_screen(t));
	cr_assert_eq(e2e_drafts(cf_dir, NULL, 0), 0, "a draft was left behind");
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "loket did not exit cleanly:\n%s",
	             term_screen(t));
	e2e_no_sanitizer_report(t);
}

/* A draft kept by an earlier console for H. Vries (cf_party): a phone
 * contact "Terugbelverzoek", answered, with the contact members `extra`. */
static void cf_keep_draft(const char *extra)
{
	char path[256], draft[1024];
	snprintf(path, sizeof path, "%s/loket", cf_dir);
	cr_assert_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/loket/drafts", cf_dir);
	cr_assert_eq(mkdir(path, 0700), 0);
	const char *id = "6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b7c6a10";
	snprintf(path, sizeof path, "%s/loket/drafts/%s.json", cf_dir, id);
	snprintf(draft, sizeof draft,
	         "{\"id\": \"%s\", \"party_id\": %s, \"state\": \"editing\", \"customer\": "
	         "\"H. Vries\", \"contact\": {\"party_id\": %s, \"channel\": \"phone\", "
	         "\"direction\": \"in\", \"subject\": \"Terugbelverzoek\", \"outcome\": "
	         "\"answered\", %s}}",
	         id, cf_party, cf_party, extra);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "cannot write %s", path);
	fputs(draft, f);
	fclose(f);
}

/* Next year in the Netherlands, as digits. */
static int cf_next_year(void)
{
	char y[16];
	e2e_value(y, sizeof y,
	          "SELECT extract(year FROM now() AT TIME ZONE 'Europe/Amsterdam')::int + 1", 0,
	          NULL);
	return atoi(y);
}

Test(contact_form, a_due_date_that_does_not_exist_or_has_passed_is_refused_and_no_agreement_stored)
{
	struct term *t = cf_form(NULL, 30, 160);
	int y = cf_next_year();
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	term_send(t, "jjj");
	cr_assert(term_wait_text(t, " Agreement  none", 20000), "%s", term_screen(t));

	/* 31 February used to become 3 March without a word. */
	char typed[32], msg[160];
	snprintf(typed, sizeof typed, "31-02-%d", y);
	cf_callback_due(t, typed);
	snprintf(msg, sizeof msg,
	         "\"%s\": February %d has %d days. Use dd-mm-yyyy [hh:mm] or +N days.", typed, y,
	         leap ? 29 : 28);
	cr_assert(term_wait_text(t, msg, 20000), "no message naming the impossible date:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, " Agreement  none", 20000),
	          "an agreement was kept for an impossible date:\n%s", term_screen(t));
	cr_assert(!strstr(term_screen(t), "callback due"), "%s", term_screen(t));

	/* A moment that has passed would make an agreement overdue from the start. */
	snprintf(typed, sizeof typed, "01-03-%d 09:30", y - 2);
	cf_callback_due(t, typed);
	snprintf(msg, sizeof msg, "\"%s\" has passed (it is ", typed);
	cr_assert(term_wait_text(t, msg, 20000), "no message that the date has passed:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, " Agreement  none", 20000),
	          "an agreement was kept for a past date:\n%s", term_screen(t));

	cf_save_and_quit(t);
	cr_assert_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.interaction", 0, NULL), 1,
	             "the contact itself was not stored once");
	cr_assert_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.agreement", 0, NULL), 0,
	             "an agreement was stored for a refused due date");
}

Test(contact_form, a_typed_due_time_is_dutch_time_on_a_console_running_in_utc)
{
	static const char *const utc[] = {"TZ=UTC", NULL};
	struct term *t = cf_form(utc, 30, 160);
	int y = cf_next_year();
	term_send(t, "jjj");
	cr_assert(term_wait_text(t, " Agreement  none", 20000), "%s", term_screen(t));
	/* July: summer time, two hours ahead of UTC. */
	char typed[32], shown[64];
	snprintf(typed, sizeof typed, "03-07-%d 17:00", y);
	cf_callback_due(t, typed);
	snprintf(shown, sizeof shown, " Agreement  callback due %s", typed);
	cr_assert(term_wait_text(t, shown, 20000), "the form does not show the time typed:\n%s",
	          term_screen(t));
	cf_save_and_quit(t);
	const char *p[] = {typed};
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.agreement WHERE to_char(due_at AT TIME "
	                      "ZONE 'Europe/Amsterdam', 'DD-MM-YYYY HH24:MI') = $1",
	                      1, p),
	             1, "the agreement is not due at %s Dutch time", typed);
}

Test(contact_form, plus_n_days_is_17_00_dutch_time_on_a_console_running_in_new_york)
{
	static const char *const new_york[] = {"TZ=America/New_York", NULL};
	struct term *t = cf_form(new_york, 30, 160);
	term_send(t, "jjj");
	cr_assert(term_wait_text(t, " Agreement  none", 20000), "%s", term_screen(t));
	cf_callback_due(t, "+2");
	cr_assert(e2e_wait_line(t, " Agreement  callback due ", " 17:00", 20000),
	          "the agreement is not set for 17:00:\n%s", term_screen(t));
	cf_save_and_quit(t);
	/* The date is counted in the Netherlands too; a save that straddles midnight there
	 * counts from either day. */
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.agreement "
	                      "WHERE to_char(due_at AT TIME ZONE 'Europe/Amsterdam', 'HH24:MI') = "
	                      "'17:00' AND (due_at AT TIME ZONE 'Europe/Amsterdam')::date - "
	                      "(now() AT TIME ZONE 'Europe/Amsterdam')::date IN (1, 2)",
	                      0, NULL),
	             1, "the agreement is not due at 17:00 Dutch time two days on");
}

Test(contact_form, a_note_line_wider_than_the_screen_wraps_so_all_of_it_shows_while_typed)
{
	static const char *const no_editor[] = {"VISUAL", "EDITOR", NULL};
	struct term *t = cf_form(no_editor, 24, 80);
	term_send(t, "jj\r");
	cr_assert(term_wait_text(t, "typing: Esc ends", 20000), "note not in typing mode:\n%s",
	          term_screen(t));
	/* 170 characters on one line; the note has 80 - 12 = 68 columns. */
	const char *note = "De klant belt over de aanvraag van een nieuw paspoort en vraagt of het "
	                   "formulier ook online kan worden ingevuld; uitgelegd hoe dat gaat, via "
	                   "de website en met DigiD.";
	size_t len = strlen(note);
	cr_assert_gt(len, 2 * 68);
	term_send(t, note);
	char row[3][80];
	for (int i = 0; i < 3; i++) {
		snprintf(row[i], sizeof row[i], "%.*s", 68, note + 68 * i);
		cr_assert(term_wait_text(t, row[i], 20000),
		          "row %d of the note (\"%s\") not shown:\n%s", i + 1, row[i],
		          term_screen(t));
	}

	/* A second line starts on a row of its own. */
	term_send(t, "\rTerugbellen na 14:00");
	cr_assert(term_wait_text(t, "            Terugbellen na 14:00", 20000),
	          "the second line is not on its own row:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, row[2], 20000), "%s", term_screen(t));
	term_send(t, "\x1b");
	cr_assert(e2e_wait_gone(t, "typing: Esc ends", 20000), "Esc did not end typing:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, row[0], 20000), "the note is not shown whole after typing:\n%s",
	          term_screen(t));
	cf_save_and_quit(t);
	char body[512];
	snprintf(body, sizeof body, "%s\nTerugbellen na 14:00", note);
	const char *p[] = {body};
	cr_assert_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.note WHERE body = $1", 1, p),
	             1, "the note was not stored as typed");
}

Test(contact_form,
     a_kept_draft_whose_agreement_fell_due_meanwhile_is_not_saved_until_it_is_set_again)
{
	const char *login = dbt_agent("agent", "kcc");
	e2e_value(cf_party, sizeof cf_party,
	          "INSERT INTO loket.party (kind, bsn, initials, surname, birth_date, street, "
	          "house_number, postcode, city) VALUES ('person', '111222333', 'H.', 'Vries', "
	          "'1961-03-12', 'Lange Nieuwstraat', 7, '3512PB', 'Utrecht') RETURNING id",
	          0, NULL);
	/* A draft kept by an earlier console, with a callback due on 3 March 2026. */
	cf_keep_draft("\"agreement\": {\"kind\": \"callback\", \"due_at\": "
	              "\"2026-03-03T17:00:00+0100\", \"description\": \"callback\"}");

	struct term *t = cf_term = e2e_start(dbt.dbname, login, cf_dir, 30, 160, NULL, NULL);
	cr_assert(term_wait_text(t, "Continue editing it", 20000), "the draft is not offered:\n%s",
	          term_screen(t));
	term_send(t, "2");
	cr_assert(term_wait_text(t, " Agreement  callback due 03-03-2026 17:00", 20000),
	          "the draft's agreement is not shown:\n%s", term_screen(t));
	term_send(t, "\x13");
	cr_assert(term_wait_text(t,
	                         "The agreement was due 03-03-2026 17:00, which has passed: Enter "
	                         "sets it again.",
	                         20000),
	          "no message that the agreement's due date has passed:\n%s", term_screen(t));
	cr_assert_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.interaction", 0, NULL), 0,
	             "the contact was stored with an agreement overdue from the start");
	cr_assert_eq(e2e_drafts(cf_dir, NULL, 0), 1, "the draft is no longer kept");

	/* Enter on the agreement row (now selected) sets it again. */
	cf_callback_due(t, "+1");
	cr_assert(e2e_wait_line(t, " Agreement  callback due ", " 17:00", 20000),
	          "the agreement is not set again:\n%s", term_screen(t));
	cf_save_and_quit(t);
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.agreement WHERE due_at > now()", 0, NULL),
	             1, "the agreement stored is not due ahead");
}

Test(contact_form, a_callback_request_gets_the_time_it_is_due)
{
	struct term *t = cf_form(NULL, 30, 160);
	term_send(t, "jjjj");
	cr_assert(term_wait_text(t, " Callback   none", 20000), "%s", term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Callback by (colleague or team; empty for none): ", 20000), "%s",
	          term_screen(t));
	term_send(t, "kcc\r");
	cr_assert(term_wait_text(t, "Callback reason: ", 20000), "%s", term_screen(t));
	term_send(t, "Terugbellen over de aanslag\r");
	cr_assert(term_wait_text(t, "Call back by (dd-mm-yyyy [hh:mm] or +N days; empty for no time): ",
	                         20000),
	          "no time asked:\n%s", term_screen(t));
	term_send(t, "+2\r");
	char when[32], shown[128];
	e2e_value(when, sizeof when,
	          "SELECT to_char((now() AT TIME ZONE 'Europe/Amsterdam')::date + 2, 'DD-MM-YYYY')", 0,
	          NULL);
	snprintf(shown, sizeof shown, "team kcc: Terugbellen over de aanslag, by %s 17:00", when);
	cr_assert(term_wait_text(t, shown, 20000), "%s", term_screen(t));
	cf_save_and_quit(t);
	const char *p[] = {when};
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.task WHERE reason = 'Terugbellen over de "
	                      "aanslag' AND to_char(due_at AT TIME ZONE 'Europe/Amsterdam', "
	                      "'DD-MM-YYYY HH24:MI') = $1 || ' 17:00'",
	                      1, p),
	             1, "the callback is not due at 17:00 on %s", when);
}

Test(contact_form, a_kept_draft_whose_callback_fell_due_is_not_saved_until_it_is_set_again)
{
	const char *login = dbt_agent("agent", "kcc");
	e2e_value(cf_party, sizeof cf_party,
	          "INSERT INTO loket.party (kind, bsn, initials, surname, birth_date) VALUES "
	          "('person', '111222333', 'H.', 'Vries', '1961-03-12') RETURNING id",
	          0, NULL);
	cf_keep_draft("\"task\": {\"team\": \"kcc\", \"reason\": \"Terugbellen\", "
	              "\"due_at\": \"2026-03-03T17:00:00+01:00\"}");
	struct term *t = cf_term = e2e_start(dbt.dbname, login, cf_dir, 30, 160, NULL, NULL);
	cr_assert(term_wait_text(t, "Continue editing it", 20000), "%s", term_screen(t));
	term_send(t, "2");
	cr_assert(term_wait_text(t, "team kcc: Terugbellen, by 03-03-2026 17:00", 20000), "%s",
	          term_screen(t));
	term_send(t, "\x13");
	cr_assert(term_wait_text(t, "The callback was due 03-03-2026 17:00, which has passed", 20000),
	          "%s", term_screen(t));
	cr_assert_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.interaction", 0, NULL), 0,
	             "stored with a callback overdue from the start");
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
}

Test(contact_form, a_contact_left_with_q_is_continued_by_n_not_started_again_beside_it)
{
	struct term *t = cf_form(NULL, 30, 120);
	term_send(t, "q");
	cr_assert(term_wait_text(t, "n on this customer continues it", 20000),
	          "no word that the draft is kept:\n%s", term_screen(t));
	cr_assert_eq(e2e_drafts(cf_dir, NULL, 0), 1, "the draft left with q is not kept");

	/* n again: the same contact, as it was left, and still one draft. */
	term_send(t, "n");
	cr_assert(term_wait_text(t, "Continuing the contact you left for this customer.", 20000),
	          "the kept contact is not taken up again:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, " Subject    Terugbelverzoek", 20000),
	          "the form does not show what was typed before q:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, " Outcome    answered", 20000), "%s", term_screen(t));
	cr_assert_eq(e2e_drafts(cf_dir, NULL, 0), 1, "a second draft was started beside it");
	cf_save_and_quit(t);
	cr_assert_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.interaction", 0, NULL), 1);
}

Test(contact_form, a_callback_goes_to_a_colleague_by_name_and_never_to_an_auditor)
{
	const char *auditor = dbt_agent("auditor", "audit");
	const char *mate = dbt_agent("agent", "kcc");
	char mate_name[128];
	e2e_value(mate_name, sizeof mate_name, "SELECT name FROM loket.agent WHERE login = $1", 1,
	          (const char *[]){mate});
	struct term *t = cf_form(NULL, 30, 160);
	term_send(t, "jjjj");
	cr_assert(term_wait_text(t, " Callback   none", 20000), "%s", term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Callback by (colleague or team; empty for none): ", 20000),
	          "%s", term_screen(t));
	char line[160];
	snprintf(line, sizeof line, "%s\r", auditor);
	term_send(t, line);
	cr_assert(term_wait_text(t, "has the role auditor and takes no callbacks.", 20000),
	          "a callback to an auditor was taken:\n%s", term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Callback by (colleague or team; empty for none): ", 20000),
	          "%s", term_screen(t));
	snprintf(line, sizeof line, "%s\r", mate_name);
	term_send(t, line);
	cr_assert(term_wait_text(t, "Callback reason: ", 20000), "the colleague's name was not taken:\n%s",
	          term_screen(t));
	term_send(t, "Nabellen\r");
	cr_assert(term_wait_text(t, "Call back by (", 20000), "%s", term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Nabellen", 20000), "%s", term_screen(t));
	cf_save_and_quit(t);
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.task k JOIN loket.agent g "
	                      "ON g.id = k.assigned_agent_id WHERE g.login = $1",
	                      1, (const char *[]){mate}),
	             1, "the callback is not assigned to the colleague named");
}
