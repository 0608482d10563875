/* db.h — loket's database layer: connecting, migrating, seeding and the
 * calls into schema api. Functions that can fail return false (or NULL) and
 * leave a malloc'd message in *err for the caller to show; nothing here
 * prints, except seeding progress through the notice callback. */
#ifndef LOKET_DB_H
#define LOKET_DB_H

#include <libpq-fe.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Run on every new connection: only warnings reach the client, and times
 * are Dutch time (agents and the data's day boundaries are in the
 * Netherlands), whatever the server's own time zone is. */
#define DB_SQL_SESSION "SET client_min_messages = warning; SET TIME ZONE 'Europe/Amsterdam'"

/* Exit codes shared by every subcommand (documented in loket(1)). */
enum {
	LOKET_EXIT_OK = 0,
	LOKET_EXIT_FAIL = 1,          /* the database refused or the work failed */
	LOKET_EXIT_USAGE = 2,         /* bad command line */
	LOKET_EXIT_CONNECT = 3,       /* no connection to the database */
	LOKET_EXIT_CONFLICT = 4,      /* a conflict: the case is owned, the UUID was used */
	LOKET_EXIT_NOTFOUND = 5,      /* no such customer, case, agent or team */
	LOKET_EXIT_INTERRUPTED = 130, /* SIGINT or SIGTERM: the running work was rolled back */
};

/* A long call (migrating, seeding) takes `stop`, a flag that a signal
 * handler sets after asking the server to cancel the running statement
 * (PQcancel); NULL for none. Once it is set, the work in progress is rolled
 * back instead of committed and the call fails. */

/* Connect with libpq's own rules: `dsn` (a keyword string or URI; NULL for
 * none) overrides PG* variables, service files and .pgpass. */
PGconn *db_connect(const char *dsn, char **err);

/* A malloc'd message for a failed result: "message (DETAIL; HINT)". */
char *db_error_message(const PGresult *r, const PGconn *c);

/* The exit code that fits a failed result's SQLSTATE. */
int db_error_exit_code(const PGresult *r);

/* printf into a malloc'd string. */
char *db_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One migration's state, as `loket db status` shows it. */
enum db_migration_state { DB_MIG_APPLIED, DB_MIG_PENDING, DB_MIG_CHANGED, DB_MIG_UNKNOWN };

struct db_migration_info {
	int version;
	char name[96];
	enum db_migration_state state;
	char applied_at[40]; /* RFC 3339, "2026-11-24T19:48:11+01:00"; empty when pending */
};

/* List every embedded migration and every applied one. *out is malloc'd. */
bool db_migrate_status(PGconn *c, struct db_migration_info **out, size_t *n, char **err);

/* Apply the pending migrations in order, each in its own transaction.
 * `applied` receives how many were applied (and committed); progress goes
 * to `progress` (may be NULL), called with each migration's name before it
 * runs. When *stop is set, the migration running is rolled back and no
 * further one starts. */
bool db_migrate(PGconn *c, int *applied, void (*progress)(const char *name, void *arg), void *arg,
                const volatile sig_atomic_t *stop, char **err);

/* The demo seeder's summary row. */
struct db_seed_result {
	long customers, persons, organisations, interactions, notes, cases, agreements, tasks, agents;
	long heavy_party_id;
	double seconds;
};

/* Free bytes the server's data directory needs for `customers` demo
 * customers (an estimate, with margin). */
unsigned long long db_seed_bytes_needed(long customers);

/* Case references have six digits a year: past this many customers the
 * demo would run out of them. */
enum { DB_SEED_MAX_CUSTOMERS = 3000000 };

/* Seed realistic Dutch demo data, set-based in SQL, into a database that
 * has loket's schema and no customers yet, in one transaction. Checks the
 * free disk space of the data directory first when it is on this machine.
 * Once all checks have passed it says on `progress` (unless NULL) that it
 * is seeding. When *stop is set before it commits, nothing is stored. */
bool db_seed_demo(PGconn *c, long customers, long seed, FILE *progress,
                  const volatile sig_atomic_t *stop, struct db_seed_result *res, char **err);

/* Number of customers (parties) in the database, as superuser/owner. */
long db_party_count(PGconn *c, char **err);

/* Run `sql` with text parameters and return the first value of the first
 * row as a malloc'd string (NULL on error, with *err and *exit_code set). */
char *db_call_text(PGconn *c, const char *sql, int n, const char *const *params, char **err,
                   int *exit_code);

/* A new UUID (version 7: time in milliseconds, then 74 random bits) as
 * text: the idempotency key a client makes for each contact it logs. False
 * when no randomness is available. */
bool db_uuid_new(char out[37]);

/* Is s a UUID as text: 8-4-4-4-12 hexadecimal digits (either case)? */
bool db_uuid_valid(const char *s);

#endif
