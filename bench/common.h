/* common.h — what the benchmark programs share: a monotonic clock,
 * percentiles of a sample, connecting and calling, and the floors sampled
 * between measured calls. Header-only, static inline. */
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

/* Call `sql` as the console does: prepared on the connection the first
 * time (src/db/async.c), executed by name after that. */
static inline PGresult *bench_call(PGconn *c, const char *sql, int n, const char *const *p)
{
	static struct {
		PGconn *c;
		const char *sql;
	} known[64];
	static int nknown;
	int i = 0;
	while (i < nknown && !(known[i].c == c && strcmp(known[i].sql, sql) == 0))
		i++;
	char name[32];
	snprintf(name, sizeof name, "bench_%d", i);
	if (i == nknown) {
		if (nknown == 64)
			return bench_run(c, sql, n, p);
		PGresult *r = PQprepare(c, name, sql, n, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			fprintf(stderr, "bench: prepare %s\n  %s", sql, PQerrorMessage(c));
			exit(1);
		}
		PQclear(r);
		known[nknown].c = c;
		known[nknown++].sql = sql;
	}
	PGresult *r = PQexecPrepared(c, name, n, p, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		fprintf(stderr, "bench: %s\n  %s", sql, PQerrorMessage(c));
		exit(1);
	}
	return r;
}

/* The floors, sampled between the measured calls: SELECT 1 just before a
 * call (on the calling connection), a durable single-row INSERT just after
 * it (on a superuser connection). Each timed statement runs on a backend
 * that has just answered an untimed one: a backend that waited idle while
 * the other connection's write went to disk answers its next statement
 * late (its virtual CPU had gone to sleep), and neither the floors nor the
 * calls should carry that. */
#define BENCH_FLOORS_MAX 32000

struct bench_floors {
	PGconn *c, *su;
	double one[BENCH_FLOORS_MAX], write[BENCH_FLOORS_MAX];
	int n;
};

static inline void bench_floors_init(struct bench_floors *f, PGconn *c, PGconn *su)
{
	f->c = c;
	f->su = su;
	f->n = 0;
	PQclear(
	    bench_run(su,
	              "CREATE TABLE IF NOT EXISTS public.bench_floor (id bigserial PRIMARY KEY, "
	              "at timestamptz NOT NULL DEFAULT now())",
	              0, NULL));
	PQclear(bench_run(su, "SET synchronous_commit = on", 0, NULL));
}

static inline void bench_floor_before(struct bench_floors *f)
{
	if (f->n >= BENCH_FLOORS_MAX)
		return;
	PQclear(bench_run(f->c, "SELECT 1", 0, NULL));
	double t0 = bench_now_ms();
	PQclear(bench_run(f->c, "SELECT 1", 0, NULL));
	f->one[f->n] = bench_now_ms() - t0;
}

static inline void bench_floor_after(struct bench_floors *f)
{
	if (f->n >= BENCH_FLOORS_MAX)
		return;
	PQclear(bench_run(f->su, "SELECT 1", 0, NULL));
	double t0 = bench_now_ms();
	PQclear(bench_run(f->su, "INSERT INTO public.bench_floor DEFAULT VALUES", 0, NULL));
	f->write[f->n++] = bench_now_ms() - t0;
}

#endif
