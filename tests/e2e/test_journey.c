/* One agent's whole errand, end to end: a typo'd search, opening the
 * customer for a stated purpose, filtering the timeline to WhatsApp,
 * reading a transcript, and paging to the oldest of 10,000 contacts —
 * with the access log telling exactly what happened. */
#include "console.h"
#include "harness.h"
#include "term.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char jr_dir[128];
static struct term *jr_term;

static void jr_init(void)
{
	dbt_setup();
	e2e_tmpdir(jr_dir, sizeof jr_dir, "e2e");
}

static void jr_fini(void)
{
	term_free(&jr_term);
	e2e_rmtree(jr_dir);
	dbt_teardown();
}

TestSuite(journey, .init = jr_init, .fini = jr_fini, .timeout = 180);

/* The timeline rows on the screen: lines that start " dd-mm-yyyy hh:mm  ".
 * Counts them and the ones whose channel column is not `channel`. */
static void jr_timeline_rows(const char *screen, const char *channel, int *rows, int *other)
{
	*rows = *other = 0;
	for (const char *l = screen; *l;) {
		const char *eol = strchr(l, '\n');
		size_t n = eol ? (size_t)(eol - l) : strlen(l);
		int d = 0;
		for (size_t i = 1; i < n && i <= 16; i++)
			d += l[i] >= '0' && l[i] <= '9';
		if (n > 20 && l[0] == ' ' && l[3] == '-' && l[6] == '-' && l[14] == ':' &&
		    d == 12) {
			(*rows)++;
			const char *ch = l + 17;
			while (*ch == ' ')
				ch++;
			size_t cl = strlen(channel);
			if (strncmp(ch, channel, cl) != 0 || ch[cl] != ' ')
				(*other)++;
		}
		l = eol ? eol + 1 : l + n;
	}
}

/* Wait until the screen shows at least 10 timeline rows, all of `channel`.
 * Pumps the output meanwhile; fails only when the deadline passes. */
static bool jr_wait_only_channel(struct term *t, const char *channel, int timeout_ms)
{
	for (int waited = 0;; waited += 50) {
		int rows, other;
		jr_timeline_rows(term_screen(t), channel, &rows, &other);
		if (rows >= 10 && other == 0)
			return true;
		if (waited >= timeout_ms)
			return false;
		e2e_pump(t, 50);
	}
}

static void jr_arrange(const char *login, char *id, size_t len)
{
	const char *lp[] = {login};
	char me[32];
	e2e_value(me, sizeof me, "SELECT id FROM loket.agent WHERE login = $1", 1, lp);
	e2e_value(id, len,
	          "INSERT INTO loket.party (kind, bsn, initials, given_name, name_prefix, "
	          "surname, birth_date, street, house_number, postcode, city) VALUES "
	          "('person', '111222333', 'H.', 'Hendrika', 'de', 'Vries', '1961-03-12', "
	          "'Lange Nieuwstraat', 7, '3512PB', 'Utrecht') RETURNING id",
	          0, NULL);
	/* Distractors: a near surname with the same birth year, another "de". */
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.party (kind, bsn, initials, surname, birth_date) VALUES "
	               "('person', '123456782', 'J.', 'Vriens', '1961-05-01'), "
	               "('person', NULL, 'P.', 'Vos', '1961-03-12'), "
	               "('person', NULL, 'A.', 'Vries', '1988-11-30')",
	               0, NULL));
	PQclear(dbt_ok(dbt.super, "UPDATE loket.party SET name_prefix = 'de' WHERE surname = 'Vos'",
	               0, NULL));
	/* 10,000 contacts over about six years, newest first by g: every
	 * seventh is a WhatsApp conversation with a transcript. */
	const char *ip[] = {id, me};
	PQclear(dbt_ok(
	    dbt.super,
	    "INSERT INTO loket.interaction (party_id, channel, direction, occurred_at, subject, "
	    "content, outcome, agent_id, actor, transcript) "
	    "SELECT $1::bigint, "
	    "  (ARRAY['phone','email','webform','portal','whatsapp','chat','letter'])[1 + g % 7], "
	    "  CASE WHEN g % 2 = 0 THEN 'in' ELSE 'out' END, "
	    "  now() - g * interval '5 hours' - interval '1 minute', "
	    "  'Contact ' || g || ' over toeslag', "
	    "  'Inhoud van contact ' || g, 'answered', "
	    "  CASE WHEN g % 3 <> 0 THEN $2::int END, "
	    "  CASE WHEN g % 3 = 0 THEN 'chatbot' END, "
	    "  CASE WHEN g % 7 = 4 THEN jsonb_build_array("
	    "    jsonb_build_object('who', 'customer', 'at', '2024-05-01T10:00:00+02:00', "
	    "      'text', 'Mijn toeslag van maand ' || g || ' is niet betaald'), "
	    "    jsonb_build_object('who', 'agent', 'at', '2024-05-01T10:01:00+02:00', "
	    "      'text', 'Ik zoek het voor u uit')) END "
	    "FROM generate_series(1, 10000) g",
	    2, ip));
	/* A few notes, which the unfiltered timeline lists too. */
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.note (id, party_id, body, agent_id, created_at) "
	               "SELECT gen_random_uuid(), $1::bigint, 'Notitie ' || g, $2::int, "
	               "now() - g * interval '1 day' FROM generate_series(1, 3) g",
	               2, ip));
}

Test(journey, journey_search_typo_open_filter_transcript_page_to_oldest)
{
	const char *login = dbt_agent("agent", "kcc");
	char party[32];
	jr_arrange(login, party, sizeof party);

	struct term *t = jr_term = e2e_start(dbt.dbname, login, jr_dir, 30, 100, NULL, NULL);
	cr_assert(term_wait_text(t, " loket · my work", 20000), "%s", term_screen(t));
	cr_assert(term_wait_text(t, "My queues", 20000), "%s", term_screen(t));

	/* A typo in the surname, the birth year to narrow it down. */
	term_send(t, "/");
	cr_assert(term_wait_text(t, "Search: ", 20000), "no prompt:\n%s", term_screen(t));
	term_send(t, "de vriez 1961\r");
	cr_assert(term_wait_text(t, "search: de vriez 1961", 20000), "%s", term_screen(t));
	cr_assert(term_wait_text(t, "Vries, H. de", 20000), "typo did not find her:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "12-03-1961", 20000), "birth date missing:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "*****2333", 20000), "masked BSN missing:\n%s", term_screen(t));
	cr_assert_null(strstr(term_screen(t), "111222333"), "full BSN on a result list:\n%s",
	               term_screen(t));
	cr_assert_null(strstr(term_screen(t), "30-11-1988"), "the other birth year matched:\n%s",
	               term_screen(t));

	/* She is first: the closest name. Open her, stating the purpose. */
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Why are you opening this customer? (logged)", 20000),
	          "no purpose chooser:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "current contact with the customer", 20000), "%s",
	          term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "customer: H. de Vries", 20000), "customer not opened:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "Timeline · all channels", 20000), "%s", term_screen(t));
	cr_assert(term_wait_text(t, "Contact 1 over toeslag", 20000), "timeline empty:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "BSN *****2333", 20000), "header lacks the masked BSN:\n%s",
	          term_screen(t));
	cr_assert_null(strstr(term_screen(t), "111222333"), "BSN shown unasked:\n%s",
	               term_screen(t));

	/* Only WhatsApp: row 74 is far below the first screen unfiltered. */
	term_send(t, "w");
	cr_assert(term_wait_text(t, "Timeline · whatsapp", 20000), "%s", term_screen(t));
	cr_assert(term_wait_text(t, "Contact 74 over toeslag", 20000), "filter not applied:\n%s",
	          term_screen(t));
	cr_assert(jr_wait_only_channel(t, "whatsapp", 20000),
	          "not only WhatsApp rows (or too few):\n%s", term_screen(t));

	/* The newest WhatsApp conversation (g = 4): who said what, when. */
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Transcript (2 turns)", 20000), "no transcript:\n%s",
	          term_screen(t));
	cr_assert(
	    term_wait_text(t, "10:00 customer Mijn toeslag van maand 4 is niet betaald", 20000),
	    "customer's turn missing:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "10:01 agent    Ik zoek het voor u uit", 20000),
	          "agent's turn missing:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "Contact 4 over toeslag", 20000), "%s", term_screen(t));

	/* Back, every channel again, and all the way down. */
	term_send(t, "q");
	cr_assert(term_wait_text(t, "Timeline · whatsapp", 20000), "back went elsewhere:\n%s",
	          term_screen(t));
	term_send(t, "F");
	cr_assert(term_wait_text(t, "Timeline · all channels", 20000), "%s", term_screen(t));
	cr_assert(term_wait_text(t, "Notitie 1", 20000), "notes not listed:\n%s", term_screen(t));
	term_send(t, "\x1bOF"); /* End, as xterm sends it in keypad mode */
	cr_assert(term_wait_text(t, "The oldest contact: 10003 items in all.", 90000),
	          "did not reach the oldest:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "Contact 10000 over toeslag", 20000),
	          "oldest row not shown:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "10003 loaded, to the oldest", 20000), "%s", term_screen(t));

	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "loket did not exit cleanly:\n%s",
	             term_screen(t));

	/* One opening for the whole sitting — filtering, reading an item and
	 * paging 10,000 rows add none — and one search row for the one search. */
	const char *pp[] = {party, login};
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.access_log WHERE action = 'open' "
	                      "AND party_id = $1::bigint",
	                      1, pp),
	             1);
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.access_log WHERE action = 'open' "
	                      "AND party_id = $1::bigint AND purpose = 'contact' AND login = $2 "
	                      "AND result = 'ok'",
	                      2, pp),
	             1);
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.access_log WHERE action = 'open'", 0,
	                      NULL),
	             1, "another customer was opened");
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.access_log WHERE action = 'search' "
	                      "AND query_kind IS DISTINCT FROM 'my_work' AND login = $1",
	                      1, pp + 1),
	             1);
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.access_log WHERE action = 'search' "
	                      "AND query_kind = 'name' AND result_count >= 1",
	                      0, NULL),
	             1);
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.access_log WHERE action = 'reveal'", 0,
	                      NULL),
	             0, "the BSN was revealed without B");
}

/* The next timeline page is fetched in the background as soon as a
 * customer opens. A filter chosen while that page is on its way gets only
 * the filtered rows: the page asked for the unfiltered list is dropped when
 * it comes (the server is made slow for such pages here, so that it comes
 * after the filter was chosen, and before the filtered page). */
Test(journey, a_filter_chosen_while_the_next_page_is_on_its_way_lists_only_that_channel)
{
	const char *login = dbt_agent("agent", "kcc");
	char party[32], me[32];
	const char *lp[] = {login};
	e2e_value(me, sizeof me, "SELECT id FROM loket.agent WHERE login = $1", 1, lp);
	e2e_value(party, sizeof party,
	          "INSERT INTO loket.party (kind, bsn, initials, name_prefix, surname, birth_date) "
	          "VALUES ('person', '111222333', 'H.', 'de', 'Vries', '1961-03-12') RETURNING id",
	          0, NULL);
	/* 300 contacts on seven channels: 43 of them WhatsApp (g % 7 = 4). */
	const char *ip[] = {party, me};
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.interaction (party_id, channel, direction, occurred_at, "
	               "subject, outcome, agent_id) "
	               "SELECT $1::bigint, (ARRAY['phone','email','webform','portal','whatsapp',"
	               "'chat','letter'])[1 + g % 7], 'in', now() - g * interval '5 hours', "
	               "'Contact ' || g || ' over toeslag', 'answered', $2::int "
	               "FROM generate_series(1, 300) g",
	               2, ip));
	/* Pages after the first, of all channels, take two seconds. */
	PQclear(dbt_ok(dbt.super,
	               "ALTER FUNCTION api.timeline_page(uuid, bigint, timestamptz, uuid, text, int) "
	               "RENAME TO timeline_page_fast",
	               0, NULL));
	PQclear(dbt_ok(
	    dbt.super,
	    "CREATE FUNCTION api.timeline_page(a uuid, p bigint, bat timestamptz DEFAULT NULL, "
	    "bid uuid DEFAULT NULL, ch text DEFAULT NULL, n int DEFAULT 50) RETURNS json "
	    "LANGUAGE plpgsql AS $$ BEGIN "
	    "IF bat IS NOT NULL AND ch IS NULL THEN PERFORM pg_sleep(2); END IF; "
	    "RETURN api.timeline_page_fast(a, p, bat, bid, ch, n); END $$",
	    0, NULL));
	PQclear(dbt_ok(dbt.super,
	               "GRANT EXECUTE ON FUNCTION api.timeline_page(uuid, bigint, timestamptz, uuid, "
	               "text, int) TO loket_agent",
	               0, NULL));

	struct term *t = jr_term = e2e_start(dbt.dbname, login, jr_dir, 30, 100, NULL, NULL);
	e2e_open_customer(t, "111222333", "Vries, H. de", "customer: H. de Vries");
	cr_assert(term_wait_text(t, "Contact 1 over toeslag", 20000), "timeline empty:\n%s",
	          term_screen(t));
	term_send(t, "w");
	cr_assert(term_wait_text(t, "Timeline · whatsapp", 20000), "%s", term_screen(t));
	/* The filtered page comes after the slow one: once it shows, both came. */
	cr_assert(term_wait_text(t, "43 loaded, to the oldest", 20000),
	          "the filtered list is not the 43 WhatsApp contacts:\n%s", term_screen(t));
	cr_assert(jr_wait_only_channel(t, "whatsapp", 5000), "rows of other channels listed:\n%s",
	          term_screen(t));

	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "loket did not exit cleanly:\n%s",
	             term_screen(t));
	e2e_no_sanitizer_report(t);
}
