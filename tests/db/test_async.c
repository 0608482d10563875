/* test_async.c — the console's query queue (src/db/async.c) against a real
 * server: statements are prepared once per connection and executed by name,
 * and a session that lost its prepared statements gets them made again. */
#include "db/async.h"
#include "harness.h"

#include <criterion/criterion.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(async_queue, .init = dbt_setup, .fini = dbt_teardown, .timeout = 60);

struct answer {
	bool done;
	char value[64];
	char err[256];
};

static void got(void *owner, const PGresult *r, const char *err, const char *state)
{
	struct answer *a = owner;
	(void)state;
	a->done = true;
	if (err)
		snprintf(a->err, sizeof a->err, "%s", err);
	else
		snprintf(a->value, sizeof a->value, "%s", PQgetvalue(r, 0, 0));
}

/* Send `sql` with one parameter and drive the queue until it answers
 * (a generous deadline: 20 s). */
static struct answer ask(struct dbq *q, const char *sql, const char *param)
{
	struct answer a = {0};
	const char *p[] = {param};
	dbq_send(q, &a, got, sql, 1, p);
	long end = dbq_now_ms() + 20000;
	while (!a.done && dbq_now_ms() < end) {
		struct pollfd pfd = {.fd = dbq_fd(q), .events = dbq_events(q)};
		poll(&pfd, 1, 100);
		dbq_tick(q);
		dbq_io(q);
	}
	cr_assert(a.done, "no answer to %s within 20 s", sql);
	return a;
}

static long prepared_count(PGconn *c)
{
	PGresult *r =
	    PQexec(c, "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'loket\\_%'");
	cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQerrorMessage(c));
	long n = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return n;
}

Test(async_queue, prepares_each_statement_once_and_executes_it_by_name)
{
	PGconn *c = dbt_connect("postgres");
	struct dbq *q = dbq_new(c, NULL);
	const char *sql = "SELECT ($1::int + 1)::text";
	struct answer a = ask(q, sql, "41");
	cr_expect_str_eq(a.err, "");
	cr_expect_str_eq(a.value, "42");
	a = ask(q, sql, "1");
	cr_expect_str_eq(a.value, "2");
	a = ask(q, "SELECT upper($1)", "loket");
	cr_expect_str_eq(a.value, "LOKET");
	cr_expect_eq(prepared_count(c), 2, "one prepared statement per distinct SQL text");
	dbq_free(&q);
}

Test(async_queue, prepares_again_when_the_session_lost_its_statements)
{
	PGconn *c = dbt_connect("postgres");
	struct dbq *q = dbq_new(c, NULL);
	const char *sql = "SELECT ($1::int * 2)::text";
	cr_expect_str_eq(ask(q, sql, "21").value, "42");
	/* A reset session (DISCARD ALL, as a pooler would do) forgets them. */
	PQclear(PQexec(c, "DEALLOCATE ALL"));
	cr_assert_eq(prepared_count(c), 0);
	struct answer a = ask(q, sql, "4");
	cr_expect_str_eq(a.err, "", "the call succeeds after preparing again: %s", a.err);
	cr_expect_str_eq(a.value, "8");
	cr_expect_eq(prepared_count(c), 1);
	dbq_free(&q);
}

Test(async_queue, prepares_again_when_a_result_type_changed_under_it)
{
	/* As when a migration changes what an api function returns: the
	 * prepared statement no longer fits ("cached plan must not change
	 * result type"); the queue prepares it again, once, and the call works. */
	PQclear(dbt_ok(dbt.super, "CREATE TABLE public.answer (a int)", 0, NULL));
	PQclear(dbt_ok(dbt.super, "INSERT INTO public.answer VALUES (42)", 0, NULL));
	PGconn *c = dbt_connect("postgres");
	struct dbq *q = dbq_new(c, NULL);
	const char *sql = "SELECT * FROM public.answer WHERE $1::int IS NOT NULL";
	cr_expect_str_eq(ask(q, sql, "1").value, "42");
	PQclear(dbt_ok(dbt.super, "ALTER TABLE public.answer ADD COLUMN b text", 0, NULL));
	struct answer a = ask(q, sql, "1");
	cr_expect_str_eq(a.err, "", "the call succeeds after preparing again: %s", a.err);
	cr_expect_str_eq(a.value, "42");
	dbq_free(&q);
}

Test(async_queue, a_statement_the_server_refuses_reports_its_error)
{
	PGconn *c = dbt_connect("postgres");
	struct dbq *q = dbq_new(c, NULL);
	struct answer a = ask(q, "SELECT no_such_column FROM pg_class WHERE relname = $1", "x");
	cr_expect_neq(strstr(a.err, "no_such_column"), NULL, "error names the column: %s", a.err);
	/* The queue goes on: the next statement is prepared and answered. */
	cr_expect_str_eq(ask(q, "SELECT lower($1)", "LOKET").value, "loket");
	dbq_free(&q);
}
