/* seed.c — realistic Dutch demo data (src/db/seed/demo.sql, embedded).
 *
 * The seeder is set-based SQL that runs inside the server; the client only
 * sets its parameters, checks the disk first, reads the summary row and
 * commits (or, stopped, rolls back). */
#include "db/db.h"
#include "embedded.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

/* Measured: 16.8 GB for 1,000,000 customers with ~20 contacts each
 * (the contacts and their indexes are 12 GB of it). Ask for half as much
 * again, plus room for write-ahead log. */
unsigned long long db_seed_bytes_needed(long customers)
{
	return (unsigned long long)customers * 25000ULL + 2ULL * 1024 * 1024 * 1024;
}

static const struct embedded_file *seed_file(const char *name)
{
	for (size_t i = 0; i < loket_seeds_count; i++)
		if (strcmp(loket_seeds[i].name, name) == 0)
			return &loket_seeds[i];
	return NULL;
}

/* Check the free space of the server's data directory when it is on this
 * machine and readable; a remote server is not checked (said in *note). */
static bool check_space(PGconn *c, long customers, char **err)
{
	char *e = NULL;
	char *dir = db_call_text(c, "SELECT current_setting('data_directory', true)", 0, NULL, &e,
	                         NULL);
	free(e);
	if (!dir || !*dir) {
		free(dir);
		return true; /* not visible to this role: the server will tell */
	}
	struct statvfs vfs;
	if (statvfs(dir, &vfs) != 0) {
		free(dir);
		return true; /* a server on another machine */
	}
	unsigned long long avail = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
	unsigned long long need = db_seed_bytes_needed(customers);
	if (avail < need) {
		*err = db_strdupf("not enough free disk space for %ld customers: the data directory %s "
		                  "has %.1f GB free and seeding needs about %.1f GB; seed fewer "
		                  "customers (--customers N) or free some space",
		                  customers, dir, avail / 1e9, need / 1e9);
		free(dir);
		return false;
	}
	free(dir);
	return true;
}

static bool stopped(const volatile sig_atomic_t *stop)
{
	return stop && *stop;
}

/* Run `sql` (simple query); false with the server's message in *err. */
static bool exec_ok(PGconn *c, const char *sql, char **err)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);
	bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
	if (!ok)
		*err = db_error_message(r, c);
	PQclear(r);
	return ok;
}

/* Roll back the seeding transaction; the message for a stop or a failure. */
static bool give_up(PGconn *c, const volatile sig_atomic_t *stop, char *why, char **err)
{
	PQclear(PQexec(c, "ROLLBACK"));
	if (stopped(stop)) {
		free(why);
		*err = strdup("cancelled; nothing was stored");
	} else {
		*err = why;
	}
	return false;
}

bool db_seed_demo(PGconn *c, long customers, long seed, FILE *progress,
                  const volatile sig_atomic_t *stop, struct db_seed_result *res, char **err)
{
	memset(res, 0, sizeof *res);
	const struct embedded_file *f = seed_file("demo.sql");
	if (!f) {
		*err = strdup("this loket was built without the demo seeder");
		return false;
	}
	if (customers < 1 || customers > DB_SEED_MAX_CUSTOMERS) {
		*err = db_strdupf("--customers must be between 1 and %d, not %ld", DB_SEED_MAX_CUSTOMERS,
		                  customers);
		return false;
	}
	long have = db_party_count(c, err);
	if (have < -1)
		return false;
	if (have == -1) {
		*err = strdup("the database is not migrated: run loket db migrate first");
		return false;
	}
	if (have > 0) {
		*err = db_strdupf("the database already holds %ld customers; seed only into an empty one",
		                  have);
		return false;
	}
	if (!check_space(c, customers, err))
		return false;
	if (stopped(stop)) {
		*err = strdup("cancelled before it started; nothing was stored");
		return false;
	}
	if (progress)
		fprintf(progress, "loket: db seed: seeding %ld demo customers (seed %ld)...\n", customers,
		        seed);

	/* One transaction that this client commits: a seeding cancelled, or
	 * whose client went away, stores nothing (run as one simple query,
	 * the script would commit on its own at its end, client or not). */
	if (!exec_ok(c, "BEGIN", err))
		return false;
	char n[32], s[32];
	snprintf(n, sizeof n, "%ld", customers);
	snprintf(s, sizeof s, "%ld", seed);
	const char *p[] = {n, s};
	PGresult *r = PQexecParams(c,
	                           "SELECT set_config('loket.seed_customers', $1, false), "
	                           "set_config('loket.seed_seed', $2, false)",
	                           2, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		char *m = db_error_message(r, c);
		PQclear(r);
		return give_up(c, stop, m, err);
	}
	PQclear(r);

	/* Run the whole script; PQexec returns the last statement's result,
	 * but stops at the first error. */
	r = PQexec(c, f->data);
	if (PQresultStatus(r) == PGRES_COMMAND_OK ||
	    (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) != 1)) {
		PQclear(r);
		return give_up(c, stop,
		               strdup("the seeder ran but did not end with its summary row"), err);
	}
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		char *m = db_error_message(r, c);
		char *why = db_strdupf("seeding failed: %s", m);
		free(m);
		PQclear(r);
		return give_up(c, stop, why, err);
	}
	if (stopped(stop)) {
		PQclear(r);
		return give_up(c, stop, NULL, err);
	}
	char *why = NULL;
	if (!exec_ok(c, "COMMIT", &why)) {
		PQclear(r);
		*err = db_strdupf("storing the seed failed: %s", why);
		free(why);
		return false;
	}
	struct {
		const char *col;
		long *dst;
	} cols[] = {
		{"customers", &res->customers},     {"persons", &res->persons},
		{"organisations", &res->organisations}, {"interactions", &res->interactions},
		{"notes", &res->notes},             {"cases", &res->cases},
		{"agreements", &res->agreements},   {"tasks", &res->tasks},
		{"agents", &res->agents},           {"heavy_party_id", &res->heavy_party_id},
	};
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		int k = PQfnumber(r, cols[i].col);
		if (k >= 0 && PQntuples(r) > 0)
			*cols[i].dst = strtol(PQgetvalue(r, 0, k), NULL, 10);
	}
	int k = PQfnumber(r, "seconds");
	if (k >= 0 && PQntuples(r) > 0)
		res->seconds = strtod(PQgetvalue(r, 0, k), NULL);
	PQclear(r);
	return true;
}
