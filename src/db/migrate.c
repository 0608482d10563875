/* migrate.c — the numbered SQL migrations embedded in the binary.
 *
 * Each migration runs in its own transaction together with the row that
 * records it in loket.schema_migration, so a failed migration leaves
 * nothing behind and a re-run applies only what is pending. A session-level
 * advisory lock keeps two concurrent `loket db migrate` runs apart. */
#include "db/db.h"
#include "embedded.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIGRATE_LOCK "SELECT pg_advisory_lock(7472310)"
#define MIGRATE_UNLOCK "SELECT pg_advisory_unlock(7472310)"
#define VIEWS_CHANGED_SQL                                                                          \
	"DO $$ BEGIN IF to_regprocedure('loket.views_changed()') IS NOT NULL THEN "                \
	"PERFORM loket.views_changed(); END IF; END $$"

static const char bootstrap_sql[] =
	"CREATE SCHEMA IF NOT EXISTS loket;"
	"CREATE TABLE IF NOT EXISTS loket.schema_migration ("
	" version int PRIMARY KEY,"
	" name text NOT NULL,"
	" checksum text NOT NULL,"
	" applied_at timestamptz NOT NULL DEFAULT now(),"
	" applied_by text NOT NULL DEFAULT session_user)";

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static bool exec_ok(PGconn *c, const char *sql, char **err)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		char *m = db_error_message(r, c);
		*err = db_strdupf("%s", m ? m : "error");
		free(m);
		PQclear(r);
		return false;
	}
	PQclear(r);
	return true;
}

/* The line of `text` that holds 1-based character `pos`. */
static int line_of(const char *text, long pos)
{
	int line = 1;
	/* The position counts characters, not bytes: skip continuation bytes. */
	for (long chars = 1; *text && chars < pos; text++) {
		if (*text == '\n')
			line++;
		if (((unsigned char)text[1] & 0xC0) != 0x80)
			chars++;
	}
	return line;
}

static int version_of(const char *name)
{
	return atoi(name);
}

/* Applied migrations: version → checksum and time, read into parallel arrays. */
struct applied {
	int n;
	int *version;
	char **name, **checksum, **at;
};

static void applied_free(struct applied *a)
{
	for (int i = 0; i < a->n; i++) {
		free(a->name[i]);
		free(a->checksum[i]);
		free(a->at[i]);
	}
	free(a->version);
	free(a->name);
	free(a->checksum);
	free(a->at);
	memset(a, 0, sizeof *a);
}

static bool applied_read(PGconn *c, struct applied *a, char **err)
{
	memset(a, 0, sizeof *a);
	PGresult *r = PQexec(c, "SELECT version, name, checksum, "
	                        "to_char(applied_at, 'YYYY-MM-DD\"T\"HH24:MI:SSTZH:TZM') "
	                        "FROM loket.schema_migration ORDER BY version");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		*err = db_error_message(r, c);
		PQclear(r);
		return false;
	}
	a->n = PQntuples(r);
	size_t n = (size_t)a->n + 1;
	a->version = calloc(n, sizeof *a->version);
	a->name = calloc(n, sizeof *a->name);
	a->checksum = calloc(n, sizeof *a->checksum);
	a->at = calloc(n, sizeof *a->at);
	for (int i = 0; i < a->n; i++) {
		a->version[i] = atoi(PQgetvalue(r, i, 0));
		a->name[i] = strdup(PQgetvalue(r, i, 1));
		a->checksum[i] = strdup(PQgetvalue(r, i, 2));
		a->at[i] = strdup(PQgetvalue(r, i, 3));
	}
	PQclear(r);
	return true;
}

static int applied_find(const struct applied *a, int version)
{
	for (int i = 0; i < a->n; i++)
		if (a->version[i] == version)
			return i;
	return -1;
}

/* The checksum the server computes for a migration's text. */
static char *checksum_of(PGconn *c, const struct embedded_file *f, char **err)
{
	const char *p[] = {f->data};
	return db_call_text(c, "SELECT md5($1)", 1, p, err, NULL);
}

static bool prepare(PGconn *c, struct applied *a, char **err)
{
	PQnoticeProcessor old = PQsetNoticeProcessor(c, quiet, NULL);
	bool ok = exec_ok(c, bootstrap_sql, err) && applied_read(c, a, err);
	PQsetNoticeProcessor(c, old, NULL);
	return ok;
}

bool db_migrate_status(PGconn *c, struct db_migration_info **out, size_t *n, char **err)
{
	struct applied a;
	*out = NULL;
	*n = 0;
	/* Reading the status should not create anything: only read when the
	 * table exists. */
	char *exists = db_call_text(c, "SELECT to_regclass('loket.schema_migration') IS NOT NULL",
	                            0, NULL, err, NULL);
	if (!exists)
		return false;
	bool have_table = strcmp(exists, "t") == 0;
	free(exists);
	if (have_table) {
		if (!applied_read(c, &a, err))
			return false;
	} else {
		memset(&a, 0, sizeof a);
	}
	struct db_migration_info *info =
		calloc(loket_migrations_count + (size_t)a.n + 1, sizeof *info);
	size_t k = 0;
	bool ok = true;
	for (size_t i = 0; i < loket_migrations_count; i++) {
		const struct embedded_file *f = &loket_migrations[i];
		struct db_migration_info *m = &info[k++];
		m->version = version_of(f->name);
		snprintf(m->name, sizeof m->name, "%s", f->name);
		int j = applied_find(&a, m->version);
		if (j < 0) {
			m->state = DB_MIG_PENDING;
			continue;
		}
		snprintf(m->applied_at, sizeof m->applied_at, "%s", a.at[j]);
		char *sum = checksum_of(c, f, err);
		if (!sum) {
			ok = false;
			break;
		}
		m->state = strcmp(sum, a.checksum[j]) == 0 ? DB_MIG_APPLIED : DB_MIG_CHANGED;
		free(sum);
	}
	/* Applied by a newer loket: known to the database, not to this binary. */
	for (int j = 0; ok && j < a.n; j++) {
		bool known = false;
		for (size_t i = 0; i < loket_migrations_count; i++)
			known |= version_of(loket_migrations[i].name) == a.version[j];
		if (known)
			continue;
		struct db_migration_info *m = &info[k++];
		m->version = a.version[j];
		snprintf(m->name, sizeof m->name, "%s", a.name[j]);
		snprintf(m->applied_at, sizeof m->applied_at, "%s", a.at[j]);
		m->state = DB_MIG_UNKNOWN;
	}
	applied_free(&a);
	if (!ok) {
		free(info);
		return false;
	}
	*out = info;
	*n = k;
	return true;
}

static bool stopped(const volatile sig_atomic_t *stop)
{
	return stop && *stop;
}

static bool apply_one(PGconn *c, const struct embedded_file *f, const volatile sig_atomic_t *stop,
                      char **err)
{
	if (!exec_ok(c, "BEGIN", err))
		return false;
	PGresult *r = PQexec(c, f->data);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		const char *pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
		char *m = db_error_message(r, c);
		if (pos)
			*err = db_strdupf("%s:%d: %s", f->name, line_of(f->data, atol(pos)), m);
		else
			*err = db_strdupf("%s: %s", f->name, m);
		free(m);
		PQclear(r);
		PQclear(PQexec(c, "ROLLBACK"));
		return false;
	}
	PQclear(r);
	char version[16];
	snprintf(version, sizeof version, "%d", version_of(f->name));
	const char *p[] = {version, f->name, f->data};
	/* The migration may have switched roles with SET LOCAL ROLE. */
	PQclear(PQexec(c, "RESET ROLE"));
	/* The customer views kept so far were built by the functions before
	 * this migration: none counts after it (see 008_view_kept.sql). */
	if (!exec_ok(c, VIEWS_CHANGED_SQL, err)) {
		char *m = *err;
		*err = db_strdupf("%s: %s", f->name, m);
		free(m);
		PQclear(PQexec(c, "ROLLBACK"));
		return false;
	}
	r = PQexecParams(c,
	                 "INSERT INTO loket.schema_migration (version, name, checksum) "
	                 "VALUES ($1::int, $2, md5($3))",
	                 3, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		char *m = db_error_message(r, c);
		*err = db_strdupf("%s: recording it: %s", f->name, m);
		free(m);
		PQclear(r);
		PQclear(PQexec(c, "ROLLBACK"));
		return false;
	}
	PQclear(r);
	if (stopped(stop)) {
		*err = db_strdupf("%s: cancelled; rolled back", f->name);
		PQclear(PQexec(c, "ROLLBACK"));
		return false;
	}
	if (!exec_ok(c, "COMMIT", err)) {
		char *m = *err;
		*err = db_strdupf("%s: commit: %s", f->name, m);
		free(m);
		return false;
	}
	return true;
}

bool db_migrate(PGconn *c, int *applied, void (*progress)(const char *name, void *arg), void *arg,
                const volatile sig_atomic_t *stop, char **err)
{
	*applied = 0;
	if (!exec_ok(c, MIGRATE_LOCK, err))
		return false;
	struct applied a;
	memset(&a, 0, sizeof a);
	bool ok = prepare(c, &a, err);
	PQnoticeProcessor old = PQsetNoticeProcessor(c, quiet, NULL);
	for (size_t i = 0; ok && i < loket_migrations_count; i++) {
		const struct embedded_file *f = &loket_migrations[i];
		if (applied_find(&a, version_of(f->name)) >= 0)
			continue;
		if (stopped(stop)) {
			*err = strdup("cancelled");
			ok = false;
			break;
		}
		if (progress)
			progress(f->name, arg);
		ok = apply_one(c, f, stop, err);
		if (ok)
			(*applied)++;
	}
	PQsetNoticeProcessor(c, old, NULL);
	applied_free(&a);
	PQclear(PQexec(c, MIGRATE_UNLOCK));
	return ok;
}
