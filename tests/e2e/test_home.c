/* My work, live: a change elsewhere in the centre leaves my work (and the
 * line the agent is on) as it is, while one for me re-reads it with the
 * selection kept; the queue lines follow the queue without writing to the
 * access log; an agreement turns OVERDUE when its time comes; a deadline
 * passed with no working day since reads "late", not "0 wd". */
#include "console.h"
#include "harness.h"
#include "term.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char hm_dir[128];
static struct term *hm_term;

static void hm_init(void)
{
	dbt_setup();
	e2e_tmpdir(hm_dir, sizeof hm_dir, "home");
}

static void hm_fini(void)
{
	term_free(&hm_term);
	e2e_rmtree(hm_dir);
	dbt_teardown();
}

TestSuite(home, .init = hm_init, .fini = hm_fini, .timeout = 120);

/* Run `sql` as superuser with text parameters. */
static void hm_exec(const char *sql, int n, const char *const *p)
{
	PQclear(dbt_ok(dbt.super, sql, n, p));
}

/* A customer called `surname`; their id into `id`. */
static void hm_party(const char *surname, char *id, size_t len)
{
	const char *p[] = {surname};
	e2e_value(id, len,
	          "INSERT INTO loket.party (kind, initials, surname, birth_date) "
	          "VALUES ('person', 'A.', $1, '1970-01-01') RETURNING id",
	          1, p);
}

/* Case `ref` of customer `party`, owned by agent `owner` since now, due on
 * the date SQL expression `due`. */
static void hm_case(const char *ref, const char *party, const char *owner, const char *due)
{
	hm_exec("INSERT INTO loket.case_type (code, name, term_days) VALUES ('wmo', 'Wmo', 10) "
	        "ON CONFLICT DO NOTHING",
	        0, NULL);
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO loket.case_file (ref, party_id, case_type, subject, status, due_on, "
	         "owner_id, owned_since) VALUES ($1, $2::bigint, 'wmo', 'Hulpmiddel', 'received', "
	         "%s, $3::int, now())",
	         due);
	hm_exec(sql, 3, (const char *[]){ref, party, owner});
}

/* The agent's id. */
static void hm_agent_id(const char *login, char *id, size_t len)
{
	const char *p[] = {login};
	e2e_value(id, len, "SELECT id FROM loket.agent WHERE login = $1", 1, p);
}

/* How many times `login` read my work. */
static long hm_reads(const char *login)
{
	const char *p[] = {login};
	return dbt_long(dbt.super,
	                "SELECT count(*) FROM loket.access_log WHERE login = $1 "
	                "AND query_kind = 'my_work'",
	                1, p);
}

static struct term *hm_start(const char *login)
{
	struct term *t = hm_term = e2e_start(dbt.dbname, login, hm_dir, 30, 120, NULL, NULL);
	cr_assert(term_wait_text(t, "My queues", 20000), "no my work:\n%s", term_screen(t));
	return t;
}

Test(home, a_change_elsewhere_leaves_my_work_as_it_is_and_one_for_me_keeps_the_selected_line)
{
	const char *me = dbt_agent("agent", "kcc"), *other = dbt_agent("agent", "wmo");
	char my_id[32], aa[32], bb[32], cc[32];
	hm_agent_id(me, my_id, sizeof my_id);
	hm_party("Aalders", aa, sizeof aa);
	hm_party("Bakker", bb, sizeof bb);
	hm_party("Claes", cc, sizeof cc);
	hm_exec("INSERT INTO loket.case_type (code, name, term_days) VALUES ('wmo', 'Wmo', 10)", 0,
	        NULL);
	/* Two cases of mine, one nobody owns yet, and a callback for me about C. Claes. */
	const char *mine[] = {aa, bb, my_id};
	hm_exec("INSERT INTO loket.case_file (ref, party_id, case_type, subject, status, due_on, "
	        "owner_id, owned_since) VALUES ('Z-2026-000001', $1::bigint, 'wmo', 'Hulpmiddel', "
	        "'received', current_date + 20, $3::int, now()), ('Z-2026-000002', $2::bigint, "
	        "'wmo', 'Vervoer', 'received', current_date + 30, $3::int, now()), "
	        "('Z-2026-000003', $1::bigint, 'wmo', 'Woning', 'received', current_date + 40, "
	        "NULL, NULL)",
	        3, mine);
	const char *task[] = {cc, my_id};
	hm_exec("INSERT INTO loket.task (party_id, reason, assigned_agent_id) "
	        "VALUES ($1::bigint, 'Terugbellen over uitslag', $2::int)",
	        2, task);

	struct term *t = hm_start(me);
	cr_assert(term_wait_text(t, "Callback requests for me or my team (1)", 20000), "%s",
	          term_screen(t));
	/* The callback is the last line (no queues): select it. */
	term_send(t, "G");
	e2e_pump(t, 200);
	long reads = hm_reads(me);

	/* A colleague of another team claims the case nobody owned. */
	PGconn *c = dbt_connect(other);
	PQclear(dbt_ok(c, "SELECT api.case_claim('Z-2026-000003')", 0, NULL));
	PQfinish(c);
	/* Then a callback for me arrives: that one is mine, and re-reads my work. */
	const char *task2[] = {bb, my_id};
	hm_exec("INSERT INTO loket.task (party_id, reason, assigned_agent_id) "
	        "VALUES ($1::bigint, 'Nabellen', $2::int)",
	        2, task2);
	cr_assert(term_wait_text(t, "Callback requests for me or my team (2)", 20000),
	          "the callback for me did not show:\n%s", term_screen(t));
	cr_assert_eq(hm_reads(me), reads + 1,
	             "my work was read again for a colleague's claim of a case not mine");

	/* Enter opens the customer of the line the agent was on: C. Claes. */
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Why are you opening this customer? (logged)", 20000), "%s",
	          term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "customer: A. Claes", 20000),
	          "the selection moved when my work was read again:\n%s", term_screen(t));
}

/* The longest wait on the queue line, "m:ss", into out[16] ("" when none). */
static void hm_longest(struct term *t, char *out)
{
	const char *s = strstr(term_screen(t), "longest ");
	out[0] = '\0';
	if (s)
		sscanf(s + 8, "%15[0-9:hm]", out);
}

/* Wait until the longest wait shows something other than `was`, into `now`. */
static bool hm_longest_changes(struct term *t, const char *was, char *now, int timeout_ms)
{
	for (int waited = 0; waited <= timeout_ms; waited += 100) {
		hm_longest(t, now);
		if (now[0] && strcmp(now, was) != 0)
			return true;
		e2e_pump(t, 100);
	}
	return false;
}

Test(home, the_queue_lines_follow_the_queue_without_writing_to_the_access_log)
{
	const char *me = dbt_agent("agent", "kcc");
	hm_exec("INSERT INTO loket.queue (code, name, channel, team_id, sla_seconds, sla_target) "
	        "SELECT 'kcc-chat', 'KCC live chat', 'chat', id, 60, 0.8 FROM loket.team "
	        "WHERE code = 'kcc'",
	        0, NULL);
	struct term *t = hm_start(me);
	cr_assert(e2e_wait_line(t, "KCC live chat", "waiting   0", 20000), "%s", term_screen(t));
	long reads = hm_reads(me);

	/* Seven chats start waiting, the oldest five minutes ago. */
	hm_exec("INSERT INTO loket.queue_item (queue_id, enqueued_at) "
	        "SELECT q.id, now() - interval '5 minutes' + g * interval '1 second' "
	        "FROM loket.queue q, generate_series(0, 6) AS g WHERE q.code = 'kcc-chat'",
	        0, NULL);
	cr_assert(e2e_wait_line(t, "KCC live chat", "waiting   7", 30000),
	          "the queue line did not follow the queue:\n%s", term_screen(t));
	/* The wait counts on, second by second, between reads. */
	char was[16], now[16];
	hm_longest(t, was);
	cr_assert(hm_longest_changes(t, was, now, 20000), "the longest wait does not count on:\n%s",
	          term_screen(t));
	cr_assert_gt(strcmp(now, was), 0, "the longest wait went from %s back to %s", was, now);
	cr_assert_eq(hm_reads(me), reads, "reading the queue lines wrote to the access log");
}

Test(home, an_agreement_turns_overdue_when_its_time_comes)
{
	const char *me = dbt_agent("agent", "kcc");
	char my_id[32], dd[32];
	hm_agent_id(me, my_id, sizeof my_id);
	hm_party("Dekker", dd, sizeof dd);
	const char *p[] = {dd, my_id};
	hm_exec("INSERT INTO loket.agreement (party_id, kind, due_at, made_by) "
	        "VALUES ($1::bigint, 'callback', now() + interval '4 seconds', $2::int)",
	        2, p);
	struct term *t = hm_start(me);
	cr_assert(e2e_wait_line(t, "callback", "today", 20000), "%s", term_screen(t));
	long reads = hm_reads(me);
	cr_assert(e2e_wait_line(t, "callback", "OVERDUE", 20000),
	          "the agreement did not turn OVERDUE when it fell due:\n%s", term_screen(t));
	cr_assert_eq(hm_reads(me), reads, "my work was read again to turn it");
}

Test(home, a_deadline_passed_with_no_working_day_since_reads_late_not_0_wd)
{
	const char *me = dbt_agent("agent", "kcc");
	char my_id[32], ee[32];
	hm_agent_id(me, my_id, sizeof my_id);
	hm_party("Evers", ee, sizeof ee);
	/* Today and yesterday are days off, as a weekend is: the deadline of
	 * yesterday passed with no working day since. */
	hm_exec("INSERT INTO loket.holiday (day, name_nl, name_en) "
	        "SELECT d, 'Vrij', 'Day off' FROM (VALUES (loket.today_nl()), "
	        "(loket.today_nl() - 1)) AS v(d) ON CONFLICT (day) DO NOTHING",
	        0, NULL);
	hm_case("Z-2026-000009", ee, my_id, "loket.today_nl() - 1");
	struct term *t = hm_start(me);
	cr_assert(e2e_wait_line(t, "Z-2026-000009", "late", 20000),
	          "a deadline passed yesterday does not read late:\n%s", term_screen(t));
	cr_assert_null(strstr(term_screen(t), " 0 wd"), "%s", term_screen(t));
}

Test(home, a_callback_past_its_time_is_marked_overdue_as_agreements_are)
{
	const char *me = dbt_agent("agent", "kcc");
	char my_id[32], ff[32];
	hm_agent_id(me, my_id, sizeof my_id);
	hm_party("Faber", ff, sizeof ff);
	const char *p[] = {ff, my_id};
	hm_exec("INSERT INTO loket.task (party_id, reason, assigned_agent_id, due_at) VALUES "
	        "($1::bigint, 'Terugbellen gisteren', $2::int, now() - interval '1 day'), "
	        "($1::bigint, 'Terugbellen morgen', $2::int, now() + interval '1 day')",
	        2, p);
	struct term *t = hm_start(me);
	cr_assert(e2e_wait_line(t, "Terugbellen gisteren", "OVERDUE", 20000),
	          "a callback a day late is not marked:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "Terugbellen morgen", 20000), "%s", term_screen(t));
	cr_assert(!e2e_wait_line(t, "Terugbellen morgen", "OVERDUE", 500),
	          "a callback due tomorrow is marked overdue:\n%s", term_screen(t));
}

Test(home, tab_moves_to_the_next_list_that_has_lines)
{
	const char *me = dbt_agent("agent", "kcc");
	char my_id[32], gg[32];
	hm_agent_id(me, my_id, sizeof my_id);
	hm_party("Gerritsen", gg, sizeof gg);
	hm_case("Z-2026-000021", gg, my_id, "current_date + 20");
	const char *p[] = {gg, my_id};
	hm_exec("INSERT INTO loket.task (party_id, reason, assigned_agent_id) "
	        "VALUES ($1::bigint, 'Terugbellen over Tab', $2::int)",
	        2, p);
	struct term *t = hm_start(me);
	cr_assert(term_wait_text(t, "Terugbellen over Tab", 20000), "%s", term_screen(t));
	/* From the case (selected first), Tab skips the empty agreements to the callback. */
	term_send(t, "\t\r");
	cr_assert(term_wait_text(t, "Why are you opening this customer? (logged)", 20000), "%s",
	          term_screen(t));
	cr_assert(e2e_wait_line(t, ">", "callback", 20000),
	          "Tab did not move to the callback list:\n%s", term_screen(t));
}
