/* harness.c — see harness.h. */
#include "harness.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct dbt dbt;

static const char *template_name(void)
{
	const char *t = getenv("LOKET_TEST_TEMPLATE");
	return t && *t ? t : "loket_template";
}

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static PGconn *connect_db(const char *db, const char *user)
{
	const char *keys[] = {"dbname", "user", "application_name", NULL};
	const char *vals[] = {db, user, "loket-test", NULL};
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(c) != CONNECTION_OK)
		cr_assert_fail("connect to %s as %s: %s", db, user ? user : "(default)", PQerrorMessage(c));
	PQsetNoticeProcessor(c, quiet, NULL);
	return c;
}

const char *dbt_unique(const char *prefix)
{
	static char names[64][64];
	static unsigned n;
	char *out = names[n % 64];
	snprintf(out, sizeof names[0], "%s_%ld_%u", prefix, (long)getpid(), n);
	n++;
	return out;
}

void dbt_setup(void)
{
	snprintf(dbt.dbname, sizeof dbt.dbname, "%s", dbt_unique("t"));
	PGconn *admin = connect_db("postgres", "postgres");
	PQsetNoticeProcessor(admin, quiet, NULL);
	char sql[256];
	snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\" TEMPLATE \"%s\" STRATEGY FILE_COPY",
	         dbt.dbname, template_name());
	PGresult *r = PQexec(admin, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		cr_assert_fail("%s: %s", sql, PQerrorMessage(admin));
	PQclear(r);
	PQfinish(admin);
	dbt.super = connect_db(dbt.dbname, "postgres");
	PQsetNoticeProcessor(dbt.super, quiet, NULL);
}

void dbt_teardown(void)
{
	if (dbt.super)
		PQfinish(dbt.super);
	dbt.super = NULL;
	PGconn *admin = connect_db("postgres", "postgres");
	PQsetNoticeProcessor(admin, quiet, NULL);
	char sql[256];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", dbt.dbname);
	PQclear(PQexec(admin, sql));
	PQfinish(admin);
}

PGconn *dbt_connect(const char *user)
{
	PGconn *c = connect_db(dbt.dbname, user);
	PQsetNoticeProcessor(c, quiet, NULL);
	return c;
}

PGresult *dbt_ok(PGconn *c, const char *sql, int n, const char *const *params)
{
	PGresult *r = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
		cr_assert_fail("query failed: %s\n  %s", sql, PQerrorMessage(c));
	return r;
}

const char *dbt_fails(PGconn *c, const char *sql, int n, const char *const *params,
                      char *msg, size_t msglen)
{
	static char state[6];
	PGresult *r = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
		PQclear(r);
		cr_assert_fail("query should have failed but succeeded: %s", sql);
	}
	const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	snprintf(state, sizeof state, "%s", s ? s : "");
	if (msg && msglen) {
		const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
		snprintf(msg, msglen, "%s", m ? m : "");
	}
	PQclear(r);
	return state;
}

char *dbt_value(PGconn *c, const char *sql, int n, const char *const *params)
{
	PGresult *r = dbt_ok(c, sql, n, params);
	if (PQntuples(r) < 1 || PQnfields(r) < 1) {
		PQclear(r);
		cr_assert_fail("query returned no value: %s", sql);
	}
	char *v = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

const char *dbt_num(long v)
{
	static char bufs[16][24];
	static unsigned i;
	char *b = bufs[i++ % 16];
	snprintf(b, sizeof bufs[0], "%ld", v);
	return b;
}

char *dbt_jq(const char *json, const char *expr)
{
	char sql[1024];
	snprintf(sql, sizeof sql, "SELECT coalesce((($1::jsonb)%s)::text, '<null>')", expr);
	const char *p[] = {json};
	return dbt_value(dbt.super, sql, 1, p);
}

long dbt_long(PGconn *c, const char *sql, int n, const char *const *params)
{
	char *v = dbt_value(c, sql, n, params);
	long x = strtol(v, NULL, 10);
	free(v);
	return x;
}

const char *dbt_agent(const char *role, const char *team)
{
	const char *login = dbt_unique("ag");
	const char *tp[] = {team, team};
	PQclear(dbt_ok(dbt.super, "SELECT api.team_add($1, $2)", 2, tp));
	char name[96];
	snprintf(name, sizeof name, "Test %s %s", role, login);
	const char *ap[] = {login, name, role, team};
	PQclear(dbt_ok(dbt.super, "SELECT api.agent_add($1, $2, $3, $4)", 4, ap));
	return login;
}
