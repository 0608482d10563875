/* harness.h — database tests: one fresh database per test, cloned from the
 * migrated template that `make test` prepares, and connections as
 * uniquely named agent roles (roles are cluster-wide). */
#ifndef LOKET_TEST_DB_HARNESS_H
#define LOKET_TEST_DB_HARNESS_H

#include <libpq-fe.h>
#include <stdbool.h>

/* Per-test state, filled by dbt_setup(). */
struct dbt {
	char dbname[64];
	PGconn *super; /* superuser connection to the test's database */
};

extern struct dbt dbt;

/* Criterion .init/.fini: create the test's database from the template and
 * connect to it as superuser; drop it afterwards. */
void dbt_setup(void);
void dbt_teardown(void);

/* A name unique in the cluster, made of `prefix`, the pid and a counter. */
const char *dbt_unique(const char *prefix);

/* Connect to the test's database as `user` (trust on the private socket). */
PGconn *dbt_connect(const char *user);

/* Run `sql` with text params; fail the test unless it succeeds. */
PGresult *dbt_ok(PGconn *c, const char *sql, int n, const char *const *params);

/* Run `sql`; fail the test unless it fails. Returns the SQLSTATE (static
 * buffer) and copies the primary message into msg when msg is not NULL. */
const char *dbt_fails(PGconn *c, const char *sql, int n, const char *const *params,
                      char *msg, size_t msglen);

/* First column of the first row, as a malloc'd string ("" for NULL). */
char *dbt_value(PGconn *c, const char *sql, int n, const char *const *params);

/* A decimal string for an id, for use as a text parameter (one of 16
 * rotating static buffers: valid until 16 more calls). */
const char *dbt_num(long v);

/* `($1::jsonb)EXPR` over a JSON text, as text ("<null>" for SQL NULL),
 * malloc'd: dbt_jq(json, "#>> '{party,surname}'"). */
char *dbt_jq(const char *json, const char *expr);

/* Integer form of dbt_value. */
long dbt_long(PGconn *c, const char *sql, int n, const char *const *params);

/* Create a team (if needed) and an agent with a unique login; returns the
 * login (static storage per call until 64 calls). */
const char *dbt_agent(const char *role, const char *team);

#endif
