/* One contact in full (screens/item.c): its chat transcript as the agent
 * reads it, in Amsterdam time and to the end of every turn. */
#include "console.h"
#include "harness.h"
#include "term.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char it_dir[128];
static struct term *it_term;

static void it_init(void)
{
	dbt_setup();
	e2e_tmpdir(it_dir, sizeof it_dir, "e2e");
}

static void it_fini(void)
{
	term_free(&it_term);
	e2e_rmtree(it_dir);
	dbt_teardown();
}

#define IT_FFFD "\xef\xbf\xbd"

TestSuite(item, .init = it_init, .fini = it_fini, .timeout = 120);

/* A customer with one WhatsApp contact, handled by `login`, at 24-11-2026
 * 19:48 Amsterdam time, whose transcript is the JSON array `transcript`. */
static void it_contact(const char *login, const char *transcript)
{
	const char *lp[] = {login};
	char me[32], party[32];
	e2e_value(me, sizeof me, "SELECT id FROM loket.agent WHERE login = $1", 1, lp);
	e2e_value(party, sizeof party,
	          "INSERT INTO loket.party (kind, bsn, initials, surname, birth_date) "
	          "VALUES ('person', '123456782', 'C.', 'Ruiz', '1990-01-01') RETURNING id",
	          0, NULL);
	const char *ip[] = {party, me, transcript};
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.interaction (party_id, channel, direction, occurred_at, "
	               "subject, agent_id, transcript) VALUES ($1::bigint, 'whatsapp', 'in', "
	               "'2026-11-24T18:48:00Z', 'Vraag over toeslag', $2::int, $3::jsonb)",
	               3, ip));
}

/* Start loket as `login`, open the customer and the contact's full view. */
static struct term *it_open(const char *login, const char *turns)
{
	struct term *t = it_term = e2e_start(dbt.dbname, login, it_dir, 30, 100, NULL, NULL);
	e2e_open_customer(t, "123456782", "Ruiz, C.", "customer: C. Ruiz");
	cr_assert(term_wait_text(t, "Vraag over toeslag", 20000), "timeline empty:\n%s",
	          term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, turns, 20000), "contact not opened:\n%s", term_screen(t));
	return t;
}

/* Read the program's output until the screen stays the same for 200 ms
 * (at most 10 s), so that a search of it does not see half a redraw. */
static void it_settle(struct term *t)
{
	for (int i = 0; i < 50; i++) {
		char *before = strdup(term_screen(t));
		cr_assert_not_null(before);
		e2e_pump(t, 200);
		bool same = strcmp(before, term_screen(t)) == 0;
		free(before);
		if (same)
			return;
	}
}

static void it_quit(struct term *t)
{
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "loket did not exit cleanly:\n%s",
	             term_screen(t));
	e2e_no_sanitizer_report(t);
}

Test(item, transcript_times_are_amsterdam_time_with_the_date_when_the_day_changes)
{
	const char *login = dbt_agent("agent", "kcc");
	it_contact(login, "["
	                  "{\"who\": \"customer\", \"at\": \"2026-11-24T18:48:11Z\", "
	                  "\"text\": \"Hallo! Mijn toeslag klopt niet.\"},"
	                  "{\"who\": \"chatbot\", \"at\": \"2026-11-24T19:55:00+01:00\", "
	                  "\"text\": \"Waar gaat het om?\"},"
	                  "{\"who\": \"customer\", \"at\": \"2026-11-24T23:30:00Z\", "
	                  "\"text\": \"Na middernacht nog een vraag.\"},"
	                  "{\"who\": \"customer\", \"at\": \"2026-11-25T05:40:00+05:30\", "
	                  "\"text\": \"Vanuit Delhi geschreven.\"},"
	                  "{\"who\": \"customer\", \"at\": \"gisteren\\u001b[31m\", "
	                  "\"text\": \"Tijd onleesbaar.\"},"
	                  "{\"who\": \"customer\", \"text\": \"Zonder tijd.\"}"
	                  "]");
	struct term *t = it_open(login, "Transcript (6 turns)");
	/* 18:48 UTC is 19:48 in Amsterdam; the contact's own day needs no date. */
	cr_assert(term_wait_text(t, "  19:48 customer Hallo! Mijn toeslag", 20000),
	          "the first turn is not in Amsterdam time:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "  19:55 chatbot  Waar gaat het om?", 20000),
	          "a turn written with +01:00 is not shown as such:\n%s", term_screen(t));
	/* 23:30 UTC is past midnight in Amsterdam: a new day, so its date. */
	cr_assert(term_wait_text(t, "  25-11-2026 00:30 customer Na middernacht", 20000),
	          "the turn on the next day lacks its date:\n%s", term_screen(t));
	/* 05:40 in India is 01:10 in Amsterdam, the same day as the turn before. */
	cr_assert(term_wait_text(t, "  01:10 customer Vanuit Delhi", 20000),
	          "a turn written with +05:30 is not in Amsterdam time:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "  --:-- customer Tijd onleesbaar.", 20000),
	          "an unreadable time is not shown as unknown:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "  --:-- customer Zonder tijd.", 20000),
	          "a missing time is not shown as unknown:\n%s", term_screen(t));
	const char *s = term_screen(t);
	cr_assert_null(strstr(s, "18:48 customer"), "a UTC time is shown:\n%s", s);
	cr_assert_null(strstr(s, "2026 19:48 customer"), "the contact's own day has a date:\n%s",
	               s);
	cr_assert_null(strstr(s, "2026 01:10"), "the same day has its date again:\n%s", s);
	cr_assert_null(strstr(s, "gisteren"), "the unreadable time is shown as text:\n%s", s);
	it_quit(t);
	size_t len;
	const unsigned char *out = term_output(t, &len);
	cr_assert_not(e2e_contains(out, len, "gisteren\x1b"), "the terminal got the time's escape");
}

/* A chat turn of 4,000 characters: numbered words, an escape sequence past
 * the first kilobyte and a last word to look for. */
static char *it_long_turn(void)
{
	size_t cap = 8192, n = 0;
	char *s = malloc(cap);
	cr_assert_not_null(s);
	n += (size_t)snprintf(s + n, cap - n,
	                      "[{\"who\": \"customer\", \"at\": "
	                      "\"2026-11-24T18:50:00Z\", \"text\": \"Begin");
	for (int w = 1; w <= 600; w++) {
		n += (size_t)snprintf(s + n, cap - n, " w%03d", w);
		if (w == 300)
			n += (size_t)snprintf(s + n, cap - n, " \\u001b[31mROOD\\u009b2J");
	}
	n += (size_t)snprintf(s + n, cap - n,
	                      " EINDE-VAN-DE-BEURT\"},"
	                      "{\"who\": \"chatbot\", \"at\": "
	                      "\"2026-11-24T18:51:00Z\", \"text\": \"Dank u.\"}]");
	cr_assert_lt(n, cap);
	return s;
}

Test(item, a_long_chat_turn_is_shown_whole_and_inert)
{
	const char *login = dbt_agent("agent", "kcc");
	char *turns = it_long_turn();
	it_contact(login, turns);
	free(turns);
	struct term *t = it_open(login, "Transcript (2 turns)");
	cr_assert(term_wait_text(t, "customer Begin w001 w002", 20000), "%s", term_screen(t));
	/* Page down through the turn: every word, in order, up to its end. A
	 * word not on the screen is on the line just below it, so one page down
	 * shows it; after a page the screen settles before it is searched. */
	it_settle(t);
	for (int w = 1; w <= 600; w++) {
		char word[8];
		snprintf(word, sizeof word, "w%03d", w);
		bool paged = !strstr(term_screen(t), word);
		if (paged)
			term_send(t, " ");
		cr_assert(term_wait_text(t, word, 20000), "word %s never shown:\n%s", word,
		          term_screen(t));
		if (paged)
			it_settle(t);
		/* Once w301 shows, so does what came before it after w300. */
		if (w == 301)
			cr_assert(term_wait_text(t, "␛[31mROOD" IT_FFFD "2J", 20000),
			          "the escape past the first kilobyte is not shown inert:\n%s",
			          term_screen(t));
	}
	cr_assert(term_wait_text(t, "EINDE-VAN-DE-BEURT", 20000), "the turn is cut:\n%s",
	          term_screen(t));
	term_send(t, "G");
	cr_assert(term_wait_text(t, "chatbot  Dank u.", 20000), "the next turn is lost:\n%s",
	          term_screen(t));
	term_send(t, "g");
	cr_assert(term_wait_text(t, "Begin w001", 20000), "cannot scroll back:\n%s",
	          term_screen(t));
	it_quit(t);
	size_t len;
	const unsigned char *out = term_output(t, &len);
	cr_assert_not(e2e_contains(out, len, "\x1b[31mROOD"), "the terminal got the escape");
	cr_assert_not(e2e_contains(out, len, "\xc2\x9b"), "the terminal got a C1 control");
}
