/* Live updates between consoles: a change made at one desk shows at the
 * other without a key pressed there, the loser of a claim is told who owns
 * the case, and a notice — which anyone can send — is only a hint to
 * re-read, never data to show. */
#include "console.h"
#include "harness.h"
#include "term.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Two consoles per test, each with its own state directory. */
static char lv_dir[128];
static struct term *lv_a, *lv_b;

static void lv_init(void)
{
	dbt_setup();
	e2e_tmpdir(lv_dir, sizeof lv_dir, "live");
}

static void lv_fini(void)
{
	term_free(&lv_a);
	term_free(&lv_b);
	e2e_rmtree(lv_dir);
	dbt_teardown();
}

TestSuite(live, .init = lv_init, .fini = lv_fini, .timeout = 120);

/* Start loket as `login` with its own XDG dirs under lv_dir/<tag>. */
static struct term *lv_start(struct term **slot, const char *tag, const char *login)
{
	char home[200];
	snprintf(home, sizeof home, "%s/%s", lv_dir, tag);
	cr_assert(mkdir(home, 0700) == 0, "mkdir %s", home);
	return *slot = e2e_start(dbt.dbname, login, home, 30, 160, NULL, NULL);
}

/* Copy the screen line that holds `needle` into buf ("" when none). */
static void lv_line(struct term *t, const char *needle, char *buf, size_t len)
{
	buf[0] = '\0';
	const char *s = term_screen(t);
	const char *hit = strstr(s, needle);
	if (!hit)
		return;
	const char *start = hit;
	while (start > s && start[-1] != '\n')
		start--;
	const char *eol = strchr(hit, '\n');
	size_t n = eol ? (size_t)(eol - start) : strlen(start);
	snprintf(buf, len, "%.*s", (int)(n < len ? n : len - 1), start);
}

/* A person with one open case of type paspoort; returns the party id. */
static void lv_arrange(char *party, size_t len, const char *owner_id)
{
	e2e_value(party, len,
	          "INSERT INTO loket.party (kind, bsn, initials, surname, birth_date, street, "
	          "house_number, postcode, city) VALUES ('person', '111222333', 'H.', 'Vries', "
	          "'1961-03-12', 'Lange Nieuwstraat', 7, '3512PB', 'Utrecht') RETURNING id",
	          0, NULL);
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.case_type (code, name, term_days) "
	               "VALUES ('paspoort', 'Paspoort', 10)",
	               0, NULL));
	const char *pp[] = {party, owner_id};
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.case_file (ref, party_id, case_type, subject, status, "
	               "due_on, owner_id, owned_since) VALUES ('Z-2026-000123', $1::bigint, "
	               "'paspoort', 'Paspoort vermist', 'received', current_date + 20, $2::int, "
	               "CASE WHEN $2::int IS NOT NULL THEN now() END)",
	               2, pp));
}

/* Open the customer by BSN from "my work", for the current contact. */
static void lv_open_customer(struct term *t)
{
	e2e_open_customer(t, "111222333", "Vries, H.", "customer: H. Vries");
	cr_assert(term_wait_text(t, "Open cases (1)", 20000), "case not listed:\n%s",
	          term_screen(t));
	cr_assert(e2e_wait_line(t, "Z-2026-000123", "Paspoort", 20000), "case line missing:\n%s",
	          term_screen(t));
}

static void lv_quit(struct term *t)
{
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "loket did not exit cleanly:\n%s",
	             term_screen(t));
	e2e_no_sanitizer_report(t);
}

Test(live, an_unowned_case_says_unowned_in_the_cases_pane)
{
	const char *login = dbt_agent("agent", "kcc");
	char party[32];
	lv_arrange(party, sizeof party, NULL);
	struct term *t = lv_start(&lv_a, "a", login);
	lv_open_customer(t);
	cr_assert(e2e_wait_line(t, "Z-2026-000123", "· unowned", 5000),
	          "the cases pane does not say the case is unowned:\n%s", term_screen(t));
	lv_quit(t);
}

Test(live, two_consoles_see_a_claim_and_the_loser_is_told_the_owner)
{
	const char *la = dbt_agent("agent", "kcc");
	const char *lb = dbt_agent("agent", "kcc");
	const char *ap[] = {la}, *bp[] = {lb};
	char a_id[32], a_name[128], b_id[32], party[32];
	e2e_value(a_id, sizeof a_id, "SELECT id FROM loket.agent WHERE login = $1", 1, ap);
	e2e_value(a_name, sizeof a_name, "SELECT name FROM loket.agent WHERE login = $1", 1, ap);
	e2e_value(b_id, sizeof b_id, "SELECT id FROM loket.agent WHERE login = $1", 1, bp);
	lv_arrange(party, sizeof party, NULL);

	struct term *a = lv_start(&lv_a, "a", la);
	struct term *b = lv_start(&lv_b, "b", lb);
	lv_open_customer(a);
	lv_open_customer(b);
	char line[1024];
	lv_line(b, "Z-2026-000123", line, sizeof line);
	cr_assert_null(strstr(line, a_name), "B shows an owner before anyone claimed:\n%s",
	               term_screen(b));

	/* A takes the case. */
	term_send(a, "\t\r");
	cr_assert(term_wait_text(a, "case Z-2026-000123", 20000), "A's case screen:\n%s",
	          term_screen(a));
	cr_assert(term_wait_text(a, " · owner - · ", 20000), "A does not see it unowned:\n%s",
	          term_screen(a));
	term_send(a, "c");
	char msg[256];
	snprintf(msg, sizeof msg, "Z-2026-000123 is now owned by %s.", a_name);
	cr_assert(term_wait_text(a, msg, 20000), "A's claim failed:\n%s", term_screen(a));

	/* B, untouched, re-reads on the notice and names A as owner. */
	char by_a[160];
	snprintf(by_a, sizeof by_a, "· %s", a_name);
	cr_assert(e2e_wait_line(b, "Z-2026-000123", by_a, 30000),
	          "B's cases pane does not show A as owner without a key pressed:\n%s",
	          term_screen(b));

	/* B tries anyway and is told who owns it. */
	term_send(b, "\t\r");
	cr_assert(term_wait_text(b, "case Z-2026-000123", 20000), "B's case screen:\n%s",
	          term_screen(b));
	char owner[256];
	snprintf(owner, sizeof owner, " · owner %s (%s) since ", a_name, la);
	cr_assert(term_wait_text(b, owner, 20000), "B's case screen does not name A:\n%s",
	          term_screen(b));
	term_send(b, "c");
	char refused[256];
	snprintf(refused, sizeof refused, "case Z-2026-000123 is owned by %s (%s) since ", a_name,
	         la);
	cr_assert(term_wait_text(b, refused, 20000), "B is not told who owns the case:\n%s",
	          term_screen(b));

	/* One owner, one claim. */
	const char *cp[] = {a_id, b_id};
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.case_file WHERE ref = 'Z-2026-000123' "
	                      "AND owner_id = $1::int",
	                      1, cp),
	             1, "A does not own the case");
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.case_event WHERE kind = 'claimed'", 0,
	                      NULL),
	             1, "not exactly one claim event");
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.case_event WHERE kind = 'claimed' "
	                      "AND by_agent_id = $1::int",
	                      1, cp),
	             1, "the claim event is not A's");

	lv_quit(a);
	lv_quit(b);
}

Test(live, a_forged_notice_only_makes_the_console_reread)
{
	const char *la = dbt_agent("agent", "kcc");
	const char *lb = dbt_agent("agent", "kcc");
	const char *ap[] = {la};
	char a_id[32], party[32];
	e2e_value(a_id, sizeof a_id, "SELECT id FROM loket.agent WHERE login = $1", 1, ap);
	lv_arrange(party, sizeof party, a_id); /* A owns the case */

	struct term *b = lv_start(&lv_b, "b", lb);
	lv_open_customer(b);
	cr_assert(e2e_wait_line(b, "Z-2026-000123", "received", 20000), "%s", term_screen(b));

	/* A change no trigger announces: B cannot know of it yet. */
	PQclear(dbt_ok(dbt.super,
	               "UPDATE loket.case_file SET due_on = '2031-03-14' WHERE ref = 'Z-2026-000123'",
	               0, NULL));
	/* Anyone may NOTIFY: a payload naming a name, with escape bytes. */
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT pg_notify('loket', '{\"kind\":\"case\",\"party_id\":%s,"
	         "\"ref\":\"Z-2026-000123\",\"name\":\"EVIL NAME\","
	         "\"subject\":\"\\u001b]0;EVIL NAME\\u0007\\u001b[2J\"}')",
	         party);
	PQclear(dbt_ok(dbt.super, sql, 0, NULL));
	/* The notice only made B re-read: the new deadline shows. */
	cr_assert(e2e_wait_line(b, "Z-2026-000123", "14-03-2031", 30000),
	          "B did not re-read on the notice:\n%s", term_screen(b));

	/* Junk on the channel: not JSON, an array, a wrong party id type. */
	PQclear(dbt_ok(dbt.super,
	               "SELECT pg_notify('loket', 'EVIL NAME {{{ not json'), "
	               "pg_notify('loket', '[\"EVIL NAME\"]'), "
	               "pg_notify('loket', '{\"kind\":\"case\",\"party_id\":\"EVIL NAME\"}'), "
	               "pg_notify('loket', '')",
	               0, NULL));

	/* A real change afterwards, made by A through the api, still arrives. */
	PGconn *ca = dbt_connect(la);
	PQclear(dbt_ok(ca, "SELECT api.case_set_status('Z-2026-000123', 'in_progress')", 0, NULL));
	PQfinish(ca);
	cr_assert(e2e_wait_line(b, "Z-2026-000123", "in_progress", 30000),
	          "B stopped re-reading after junk notices:\n%s", term_screen(b));

	cr_assert_eq(kill(term_pid(b), 0), 0, "B is no longer running");
	cr_assert_null(strstr(term_screen(b), "EVIL NAME"), "a notice's text is on screen:\n%s",
	               term_screen(b));
	cr_assert(!e2e_ever_wrote(b, "EVIL NAME"), "a notice's text was written to the terminal");
	cr_assert(!e2e_ever_wrote(b, "\x1b]0;"), "a notice set the terminal title");
	lv_quit(b);
}
