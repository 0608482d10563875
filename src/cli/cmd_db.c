/* cmd_db.c — loket db migrate | status | seed. */
#include "cli/cli.h"
#include "db/db.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *state_name(enum db_migration_state s)
{
	switch (s) {
	case DB_MIG_APPLIED:
		return "applied";
	case DB_MIG_PENDING:
		return "pending";
	case DB_MIG_CHANGED:
		return "changed";
	case DB_MIG_UNKNOWN:
		return "unknown";
	}
	return "?";
}

static void say_applying(const char *name, void *arg)
{
	if (!*(int *)arg)
		fprintf(stderr, "loket: db migrate: applying %s\n", name);
}

static int db_migrate_cmd(PGconn *c, int quiet)
{
	char *err = NULL;
	int applied = 0;
	if (!db_migrate(c, &applied, say_applying, &quiet, &err)) {
		cli_error("db migrate", err);
		free(err);
		return LOKET_EXIT_FAIL;
	}
	if (!quiet)
		printf(applied ? "applied %d migration%s\n" : "up to date: nothing to apply\n", applied,
		       applied == 1 ? "" : "s");
	return LOKET_EXIT_OK;
}

static int db_status_cmd(PGconn *c, int json)
{
	char *err = NULL;
	struct db_migration_info *m;
	size_t n;
	if (!db_migrate_status(c, &m, &n, &err)) {
		cli_error("db status", err);
		free(err);
		return LOKET_EXIT_FAIL;
	}
	int pending = 0, changed = 0;
	json_t *arr = json ? json_array() : NULL;
	for (size_t i = 0; i < n; i++) {
		pending += m[i].state == DB_MIG_PENDING;
		changed += m[i].state == DB_MIG_CHANGED;
		if (json) {
			json_array_append_new(
				arr, json_pack("{s:i, s:s, s:s, s:s?}", "version", m[i].version, "name",
			                       m[i].name, "state", state_name(m[i].state), "applied_at",
			                       m[i].applied_at[0] ? m[i].applied_at : NULL));
		} else {
			printf("%03d  %-28s %-8s %s\n", m[i].version, m[i].name,
			       state_name(m[i].state), m[i].applied_at);
		}
	}
	if (json) {
		char *s = json_dumps(arr, JSON_INDENT(2));
		puts(s);
		free(s);
		json_decref(arr);
	} else {
		printf("%d pending%s\n", pending,
		       changed ? "; some applied migrations differ from this loket's copy" : "");
	}
	free(m);
	return LOKET_EXIT_OK;
}

static int parse_long(const char *opt, const char *v, long *out)
{
	char *end;
	if (!v) {
		fprintf(stderr, "loket: db seed: %s needs a number\n", opt);
		return 0;
	}
	long x = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0') {
		fprintf(stderr, "loket: db seed: %s: \"%s\" is not a whole number\n", opt, v);
		return 0;
	}
	*out = x;
	return 1;
}

static int db_seed_cmd(PGconn *c, int argc, char **argv)
{
	long customers = 10000, seed = 1;
	int demo = 0, if_empty = 0, json = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--demo") == 0) {
			demo = 1;
		} else if (strcmp(argv[i], "--customers") == 0) {
			if (!parse_long("--customers", i + 1 < argc ? argv[++i] : NULL, &customers))
				return LOKET_EXIT_USAGE;
		} else if (strcmp(argv[i], "--seed") == 0) {
			if (!parse_long("--seed", i + 1 < argc ? argv[++i] : NULL, &seed))
				return LOKET_EXIT_USAGE;
		} else if (strcmp(argv[i], "--if-empty") == 0) {
			if_empty = 1;
		} else if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else {
			fprintf(stderr, "loket: db seed: unknown option %s\n", argv[i]);
			return LOKET_EXIT_USAGE;
		}
	}
	if (!demo) {
		fprintf(stderr, "loket: db seed: say what to seed: --demo\n");
		return LOKET_EXIT_USAGE;
	}
	if (customers < 1 || customers > DB_SEED_MAX_CUSTOMERS) {
		fprintf(stderr, "loket: db seed: --customers must be between 1 and %d, not %ld\n",
		        DB_SEED_MAX_CUSTOMERS, customers);
		return LOKET_EXIT_USAGE;
	}
	char *err = NULL;
	if (if_empty) {
		long have = db_party_count(c, &err);
		if (have > 0) {
			if (!json)
				printf("the database already holds %ld customers; not seeding\n", have);
			return LOKET_EXIT_OK;
		}
		free(err);
		err = NULL;
	}
	struct db_seed_result r;
	if (!db_seed_demo(c, customers, seed, json ? NULL : stderr, &r, &err)) {
		cli_error("db seed", err);
		free(err);
		return LOKET_EXIT_FAIL;
	}
	if (json) {
		json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f}",
		                      "customers", (json_int_t)r.customers, "persons",
		                      (json_int_t)r.persons, "organisations", (json_int_t)r.organisations,
		                      "interactions", (json_int_t)r.interactions, "notes",
		                      (json_int_t)r.notes, "cases", (json_int_t)r.cases, "agreements",
		                      (json_int_t)r.agreements, "tasks", (json_int_t)r.tasks, "agents",
		                      (json_int_t)r.agents, "heavy_party_id",
		                      (json_int_t)r.heavy_party_id, "seconds", r.seconds);
		char *s = json_dumps(o, JSON_INDENT(2));
		puts(s);
		free(s);
		json_decref(o);
	} else {
		printf("seeded %ld customers (%ld persons, %ld organisations), %ld contacts, %ld notes, "
		       "%ld cases, %ld agreements, %ld tasks, %ld agents in %.1f s\n",
		       r.customers, r.persons, r.organisations, r.interactions, r.notes, r.cases,
		       r.agreements, r.tasks, r.agents, r.seconds);
		printf("the customer with the longest history is party %ld\n", r.heavy_party_id);
	}
	return LOKET_EXIT_OK;
}

static void db_usage(void)
{
	fputs("usage: loket db migrate [--quiet]\n"
	      "       loket db status [--json]\n"
	      "       loket db seed --demo [--customers N] [--seed S] [--if-empty] [--json]\n",
	      stderr);
}

int cli_db(int argc, char **argv, const char *dsn)
{
	if (argc < 1) {
		db_usage();
		return LOKET_EXIT_USAGE;
	}
	const char *sub = argv[0];
	int flag = argc > 1 && (strcmp(argv[1], "--json") == 0 || strcmp(argv[1], "--quiet") == 0);
	if (strcmp(sub, "seed") != 0 && argc > 1 + flag) {
		fprintf(stderr, "loket: db %s: unexpected argument %s\n", sub, argv[1 + flag]);
		return LOKET_EXIT_USAGE;
	}
	if (strcmp(sub, "migrate") != 0 && strcmp(sub, "status") != 0 && strcmp(sub, "seed") != 0) {
		fprintf(stderr, "loket: db: unknown command \"%s\"\n", sub);
		db_usage();
		return LOKET_EXIT_USAGE;
	}
	PGconn *c = cli_connect(dsn);
	if (!c)
		return LOKET_EXIT_CONNECT;
	int rc;
	if (strcmp(sub, "migrate") == 0)
		rc = db_migrate_cmd(c, flag);
	else if (strcmp(sub, "status") == 0)
		rc = db_status_cmd(c, flag);
	else
		rc = db_seed_cmd(c, argc - 1, argv + 1);
	PQfinish(c);
	return rc;
}
