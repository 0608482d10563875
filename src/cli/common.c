/* common.c — what every subcommand shares. */
#include "cli/cli.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>

void cli_error(const char *what, const char *msg)
{
	fprintf(stderr, "loket: %s: %s\n", what, msg ? msg : "unknown error");
}

struct pg_conn *cli_connect(const char *dsn)
{
	char *err = NULL;
	PGconn *c = db_connect(dsn, &err);
	if (!c) {
		fprintf(stderr, "loket: %s\n", err);
		free(err);
	}
	return c;
}
