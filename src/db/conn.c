/* conn.c — connecting, error messages and simple calls. */
#include "db/db.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

char *db_strdupf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* Strip the trailing newline libpq puts on its messages. */
static char *chomp_dup(const char *m)
{
	char *s = strdup(m ? m : "");
	if (!s)
		return NULL;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
	return s;
}

PGconn *db_connect(const char *dsn, char **err)
{
	/* dbname may hold a whole connection string or URI (expand_dbname);
	 * everything left unset comes from PG* variables and service files. */
	const char *keys[] = {"dbname", "fallback_application_name", NULL};
	const char *vals[] = {dsn && *dsn ? dsn : NULL, "loket", NULL};
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	if (!c) {
		*err = strdup("out of memory");
		return NULL;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		char *m = chomp_dup(PQerrorMessage(c));
		*err = db_strdupf("cannot connect to the database: %s", m ? m : "");
		free(m);
		PQfinish(c);
		return NULL;
	}
	PQclear(PQexec(c, DB_SQL_SESSION));
	return c;
}

char *db_error_message(const PGresult *r, const PGconn *c)
{
	const char *prim = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!prim)
		return chomp_dup(c ? PQerrorMessage(c) : "unknown error");
	const char *detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
	if (detail && strstr(prim, detail))
		detail = NULL; /* machine-readable detail already in the message */
	const char *hint = PQresultErrorField(r, PG_DIAG_MESSAGE_HINT);
	/* Our own messages start with "loket: "; the caller adds its prefix. */
	if (strncmp(prim, "loket: ", 7) == 0)
		prim += 7;
	return db_strdupf("%s%s%s%s%s%s", prim, detail ? " (" : "", detail ? detail : "",
	                  detail ? ")" : "", hint ? "; " : "", hint ? hint : "");
}

int db_error_exit_code(const PGresult *r)
{
	const char *st = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (!st)
		return LOKET_EXIT_CONNECT;
	if (strcmp(st, "LK409") == 0 || strcmp(st, "23505") == 0)
		return LOKET_EXIT_CONFLICT;
	if (strcmp(st, "LK404") == 0)
		return LOKET_EXIT_NOTFOUND;
	/* Refused as invalid: loket's own checks, or a value of the wrong form
	 * (a UUID, a number, a date, text that is not UTF-8): what the command
	 * line gave was wrong. */
	static const char *const invalid[] = {"LK422", "22P02", "22003", "22007",
	                                      "22008", "22021", "22023", NULL};
	for (int i = 0; invalid[i]; i++)
		if (strcmp(st, invalid[i]) == 0)
			return LOKET_EXIT_USAGE;
	if (strncmp(st, "08", 2) == 0)
		return LOKET_EXIT_CONNECT;
	return LOKET_EXIT_FAIL;
}

char *db_call_text(PGconn *c, const char *sql, int n, const char *const *params, char **err,
                   int *exit_code)
{
	PGresult *r = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		*err = db_error_message(r, c);
		if (exit_code)
			*exit_code = PQstatus(c) == CONNECTION_OK ? db_error_exit_code(r) : LOKET_EXIT_CONNECT;
		PQclear(r);
		return NULL;
	}
	char *v = strdup(PQntuples(r) > 0 && !PQgetisnull(r, 0, 0) ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	if (exit_code)
		*exit_code = LOKET_EXIT_OK;
	return v;
}

long db_party_count(PGconn *c, char **err)
{
	/* Two statements: one naming loket.party fails to parse where the
	 * table does not exist, whichever branch of a CASE would run. */
	char *v = db_call_text(c, "SELECT to_regclass('loket.party') IS NULL", 0, NULL, err, NULL);
	if (!v)
		return -2;
	bool missing = strcmp(v, "t") == 0;
	free(v);
	if (missing)
		return -1;
	v = db_call_text(c, "SELECT count(*) FROM loket.party", 0, NULL, err, NULL);
	if (!v)
		return -2;
	long n = strtol(v, NULL, 10);
	free(v);
	return n;
}

bool db_uuid_valid(const char *s)
{
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	}
	return s[36] == '\0';
}

bool db_uuid_new(char out[37])
{
	unsigned char b[16];
	size_t got = 0;
	while (got < sizeof b) {
		ssize_t n = getrandom(b + got, sizeof b - got, 0);
		if (n <= 0)
			return false;
		got += (size_t)n;
	}
	/* Version 7: the first 48 bits are the Unix time in milliseconds, so
	 * contacts and notes logged one after another get ids that sort
	 * together and land at the right edge of their primary key's index,
	 * not on a random page of it; 74 bits stay random. */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t ms = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)(ms >> (40 - 8 * i));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x70); /* version 7 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* variant 10 */
	snprintf(out, 37,
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
	         b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
	         b[15]);
	return true;
}
