/* cmd_agent.c — loket agent add | loket team add: staff administration
 * through api.agent_add and api.team_add. */
#include "cli/cli.h"
#include "db/db.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Take "--name VALUE" style options; returns 0 on an unknown option. */
static int take_opt(int argc, char **argv, int *i, const char *name, const char **dst)
{
	if (strcmp(argv[*i], name) != 0)
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "loket: %s needs a value\n", name);
		return -1;
	}
	*dst = argv[++*i];
	return 1;
}

static int call_and_print(const char *dsn, const char *what, const char *sql, int n,
                          const char *const *p)
{
	PGconn *c = cli_connect(dsn);
	if (!c)
		return LOKET_EXIT_CONNECT;
	char *err = NULL;
	int rc;
	char *v = db_call_text(c, sql, n, p, &err, &rc);
	if (!v) {
		cli_error(what, err);
		free(err);
	} else {
		puts(v);
		free(v);
	}
	PQfinish(c);
	return rc;
}

int cli_agent(int argc, char **argv, const char *dsn)
{
	static const char usage[] =
	    "usage: loket agent add LOGIN [--name NAME] [--role agent|supervisor|auditor|admin|"
	    "integration] [--team TEAM | --no-team]\n"
	    "a new agent needs --name and --role; updating one, what is left out stays as it is\n";
	if (argc < 2 || strcmp(argv[0], "add") != 0 || argv[1][0] == '-') {
		fputs(usage, stderr);
		return LOKET_EXIT_USAGE;
	}
	const char *login = argv[1], *name = NULL, *role = NULL, *team = NULL;
	bool no_team = false;
	for (int i = 2; i < argc; i++) {
		int r = take_opt(argc, argv, &i, "--name", &name);
		if (!r)
			r = take_opt(argc, argv, &i, "--role", &role);
		if (!r)
			r = take_opt(argc, argv, &i, "--team", &team);
		if (!r && strcmp(argv[i], "--no-team") == 0) {
			no_team = true;
			r = 1;
		}
		if (r < 0)
			return LOKET_EXIT_USAGE;
		if (!r) {
			fprintf(stderr, "loket: agent add: unknown option %s\n", argv[i]);
			fputs(usage, stderr);
			return LOKET_EXIT_USAGE;
		}
	}
	if (team && no_team) {
		fputs("loket: agent add: --team and --no-team: give one of them\n", stderr);
		return LOKET_EXIT_USAGE;
	}
	/* Empty is "no team" to api.agent_add; NULL leaves the team as it is. */
	if (team && !*team) {
		fputs(
		    "loket: agent add: --team needs a team code (--no-team takes the agent out of "
		    "their team)\n",
		    stderr);
		return LOKET_EXIT_USAGE;
	}
	const char *p[] = {login, name, role, no_team ? "" : team};
	return call_and_print(dsn, "agent add", "SELECT api.agent_add($1, $2, $3, $4)", 4, p);
}

int cli_team(int argc, char **argv, const char *dsn)
{
	if (argc < 2 || strcmp(argv[0], "add") != 0) {
		fputs("usage: loket team add CODE [--name NAME]\n", stderr);
		return LOKET_EXIT_USAGE;
	}
	const char *code = argv[1], *name = NULL;
	for (int i = 2; i < argc; i++) {
		int r = take_opt(argc, argv, &i, "--name", &name);
		if (r < 0)
			return LOKET_EXIT_USAGE;
		if (!r) {
			fprintf(stderr, "loket: team add: unknown option %s\n", argv[i]);
			return LOKET_EXIT_USAGE;
		}
	}
	const char *p[] = {code, name};
	return call_and_print(dsn, "team add", "SELECT api.team_add($1, $2)", 2, p);
}
