/* common.h — what the benchmark programs share: a monotonic clock,
 * percentiles of a sample, connecting and calling, and the floors.
 * Header-only, static inline. */
#ifndef LOKET_BENCH_COMMON_H
#define LOKET_BENCH_COMMON_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Monotonic milliseconds, with fractions. */
static inline double bench_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static inline int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Sort the sample and give its median and 99th percentile. */
static inline void bench_pct(double *v, int n, double *p50, double *p99)
{
	qsort(v, (size_t)n, sizeof *v, bench_cmp);
	int k = (int)(n * 0.99);
	*p50 = v[n / 2];
	*p99 = v[k >= n ? n - 1 : k];
}

static inline void bench_quiet(void *arg, const char *message)
{
	(void)arg, (void)message;
}

/* A connection to `db` as `user` (NULL: the default); exits on failure.
 * Notices (such as "already exists, skipping") are not printed. */
static inline PGconn *bench_conn(const char *db, const char *user)
{
	const char *k[] = {"dbname", "user", "application_name", NULL};
	const char *v[] = {db, user, "loket-bench", NULL};
	PGconn *c = PQconnectdbParams(k, v, 0);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "bench: connect %s as %s: %s", db, user ? user : "-",
		        PQerrorMessage(c));
		exit(1);
	}
	PQsetNoticeProcessor(c, bench_quiet, NULL);
	return c;
}

/* Run `sql` with text parameters; exits on an error. */
static inline PGresult *bench_run(PGconn *c, const char *sql, int n, const char *const *p)
{
	PGresult *r = PQexecParams(c, sql, n, NULL, p, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		fprintf(stderr, "bench: %s\n  %s", sql, PQerrorMessage(c));
		exit(1);
	}
	return r;
}

/* The statements bench_call has prepared, per connection. */
static struct {
	PGconn *c;
	const char *sql;
} bench_known[64];
static int bench_nknown;

/* Call `sql` as the console does: prepared on the connection the first
 * time (src/db/async.c), executed by name after that. */
static inline PGresult *bench_call(PGconn *c, const char *sql, int n, const char *const *p)
{
	int i = 0;
	while (i < bench_nknown && !(bench_known[i].c == c && strcmp(bench_known[i].sql, sql) == 0))
		i++;
	char name[32];
	snprintf(name, sizeof name, "bench_%d", i);
	if (i == bench_nknown) {
		if (bench_nknown == 64)
			return bench_run(c, sql, n, p);
		PGresult *r = PQprepare(c, name, sql, n, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			fprintf(stderr, "bench: prepare %s\n  %s", sql, PQerrorMessage(c));
			exit(1);
		}
		PQclear(r);
		bench_known[bench_nknown].c = c;
		bench_known[bench_nknown++].sql = sql;
	}
	PGresult *r = PQexecPrepared(c, name, n, p, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		fprintf(stderr, "bench: %s\n  %s", sql, PQerrorMessage(c));
		exit(1);
	}
	return r;
}

/* Close a connection, forgetting what bench_call prepared on it (a new
 * connection may come back at the same address). */
static inline void bench_finish(PGconn *c)
{
	for (int i = 0; i < bench_nknown; i++)
		if (bench_known[i].c == c)
			bench_known[i].c = NULL;
	PQfinish(c);
}

/* The two floors, each measured alone `n` times in a row on its own
 * connection: a bare SELECT 1 round trip on `c`, a durable single-row
 * INSERT with COMMIT on `su`. Measured calls are timed the same way, one
 * after another: timing them between other connections' durable writes
 * made every write of theirs wait behind the other's flush, about a third
 * of a millisecond more here, and the floors drift by tens of percent
 * from minute to minute, so each program measures them before and after
 * its calls and judges against the lower. */
static inline void bench_floors(PGconn *c, PGconn *su, int n, double *one, double *write)
{
	PQclear(
	    bench_run(su,
	              "CREATE TABLE IF NOT EXISTS public.bench_floor (id bigserial PRIMARY KEY, "
	              "at timestamptz NOT NULL DEFAULT now())",
	              0, NULL));
	PQclear(bench_run(su, "SET synchronous_commit = on", 0, NULL));
	for (int i = 0; i < n; i++) {
		double t0 = bench_now_ms();
		PQclear(bench_run(c, "SELECT 1", 0, NULL));
		one[i] = bench_now_ms() - t0;
	}
	for (int i = 0; i < n; i++) {
		double t0 = bench_now_ms();
		PQclear(bench_run(su, "INSERT INTO public.bench_floor DEFAULT VALUES", 0, NULL));
		write[i] = bench_now_ms() - t0;
	}
}

#endif
