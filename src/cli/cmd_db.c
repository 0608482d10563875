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

static const char usage_migrate[] = "usage: loket db migrate [--quiet]\n";
static const char usage_status[] = "usage: loket db status [--json]\n";
static const char usage_seed[] =
    "usage: loket db seed --demo [--customers N] [--seed S] [--if-empty] [--json]\n";

/* An option or argument that `loket db SUB` does not take: exit 2, naming it. */
static int refuse(const char *sub, const char *usage, const char *arg)
{
	if (arg[0] == '-')
		fprintf(stderr, "loket: db %s: %s is not an option of db %s\n", sub, arg, sub);
	else
		fprintf(stderr, "loket: db %s: unexpected argument %s\n", sub, arg);
	fputs(usage, stderr);
	return LOKET_EXIT_USAGE;
}

/* Every migration this loket and the database know, and how many of them
 * are in each state; false (said on stderr) when they cannot be read. */
struct mig_list {
	struct db_migration_info *m;
	size_t n;
	int count[DB_MIG_UNKNOWN + 1];
};

static bool mig_read(PGconn *c, const char *what, struct mig_list *l)
{
	char *err = NULL;
	memset(l, 0, sizeof *l);
	if (!db_migrate_status(c, &l->m, &l->n, &err)) {
		cli_error(what, err);
		free(err);
		return false;
	}
	for (size_t i = 0; i < l->n; i++)
		l->count[l->m[i].state]++;
	return true;
}

/* The names of the migrations in state `s`, "a.sql, b.sql", into buf. */
static const char *mig_names(const struct mig_list *l, enum db_migration_state s, char *buf,
                             size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < l->n; i++) {
		if (l->m[i].state != s)
			continue;
		int w = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", l->m[i].name);
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
	return buf;
}

/* Say on stderr which applied migrations this loket's copy differs from,
 * and which it does not know: the database was migrated by another loket.
 * `changed` starts the first ("warning: ", or "" where it is an error). */
static void mig_warn(const struct mig_list *l, const char *what, const char *changed)
{
	char names[1024];
	int n = l->count[DB_MIG_CHANGED];
	if (n)
		fprintf(stderr,
		        "loket: %s: %sapplied migration%s %s differ%s from this loket's copy: "
		        "changed since %s applied, or applied by another build of loket\n",
		        what, changed, n == 1 ? "" : "s",
		        mig_names(l, DB_MIG_CHANGED, names, sizeof names), n == 1 ? "s" : "",
		        n == 1 ? "it was" : "they were");
	n = l->count[DB_MIG_UNKNOWN];
	if (n)
		fprintf(
		    stderr,
		    "loket: %s: warning: the database holds %s this loket does not know (%s): it "
		    "was migrated by a newer loket, which is the one to use with it\n",
		    what, n == 1 ? "a migration" : "migrations",
		    mig_names(l, DB_MIG_UNKNOWN, names, sizeof names));
}

/* The migration applying now, for the message when it is cancelled. */
struct migrating {
	bool quiet;
	const char *name;
};

static void say_applying(const char *name, void *arg)
{
	struct migrating *m = arg;
	m->name = name;
	if (!m->quiet)
		fprintf(stderr, "loket: db migrate: applying %s\n", name);
}

static int db_migrate_cmd(PGconn *c, bool quiet)
{
	struct mig_list l;
	if (!mig_read(c, "db migrate", &l))
		return LOKET_EXIT_FAIL;
	mig_warn(&l, "db migrate", "");
	int changed = l.count[DB_MIG_CHANGED];
	free(l.m);
	/* A changed migration means the schema is not what this loket's
	 * migrations build: applying more on top of it is guesswork. */
	if (changed) {
		fputs(
		    "loket: db migrate: nothing applied: see loket db status, and migrate with the "
		    "loket that applied them\n",
		    stderr);
		return LOKET_EXIT_CONFLICT;
	}
	char *err = NULL;
	int applied = 0;
	struct migrating m = {.quiet = quiet};
	cli_interrupt_arm(c);
	bool ok = db_migrate(c, &applied, say_applying, &m, cli_interrupt_flag(), &err);
	cli_interrupt_disarm();
	if (!ok && *cli_interrupt_flag()) {
		fprintf(stderr, "loket: db migrate: cancelled; ");
		if (m.name)
			fprintf(stderr, "%s was rolled back", m.name);
		else
			fprintf(stderr, "nothing was applied");
		if (applied)
			fprintf(stderr, "; the %d migration%s applied before it %s kept", applied,
			        applied == 1 ? "" : "s", applied == 1 ? "is" : "are");
		fputc('\n', stderr);
		free(err);
		return LOKET_EXIT_INTERRUPTED;
	}
	if (!ok) {
		cli_error("db migrate", err);
		free(err);
		return LOKET_EXIT_FAIL;
	}
	if (!quiet)
		printf(applied ? "applied %d migration%s\n" : "up to date: nothing to apply\n", applied,
		       applied == 1 ? "" : "s");
	return LOKET_EXIT_OK;
}

/* Print a JSON value (and free it); reals to 15 digits, so that the 1.9
 * seconds the seeder measured print as 1.9, not 1.8999999999999999. */
static void put_json(json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	puts(s);
	free(s);
	json_decref(o);
}

static int db_status_cmd(PGconn *c, bool json)
{
	struct mig_list l;
	if (!mig_read(c, "db status", &l))
		return LOKET_EXIT_FAIL;
	struct db_migration_info *m = l.m;
	json_t *arr = json ? json_array() : NULL;
	for (size_t i = 0; i < l.n; i++) {
		if (json) {
			json_array_append_new(
				arr, json_pack("{s:i, s:s, s:s, s:s?}", "version", m[i].version, "name",
			                       m[i].name, "state", state_name(m[i].state), "applied_at",
			                       m[i].applied_at[0] ? m[i].applied_at : NULL));
		} else {
			/* "2026-11-24 19:48:11" of "2026-11-24T19:48:11+01:00". */
			printf("%03d  %-28s %-8s %.10s%s%.8s\n", m[i].version, m[i].name,
			       state_name(m[i].state), m[i].applied_at,
			       m[i].applied_at[0] ? " " : "",
			       m[i].applied_at[0] ? m[i].applied_at + 11 : "");
		}
	}
	if (json) {
		put_json(arr);
	} else {
		printf("%d pending%s\n", l.count[DB_MIG_PENDING],
		       l.count[DB_MIG_CHANGED]
		           ? "; some applied migrations differ from this loket's copy"
		           : "");
	}
	mig_warn(&l, "db status", "warning: ");
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

struct seed_opts {
	long customers, seed;
	bool demo, if_empty, json;
};

static int seed_parse(int argc, char **argv, struct seed_opts *o)
{
	*o = (struct seed_opts){.customers = 10000, .seed = 1};
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--demo") == 0) {
			o->demo = true;
		} else if (strcmp(argv[i], "--customers") == 0) {
			if (!parse_long("--customers", i + 1 < argc ? argv[++i] : NULL,
			                &o->customers))
				return LOKET_EXIT_USAGE;
		} else if (strcmp(argv[i], "--seed") == 0) {
			if (!parse_long("--seed", i + 1 < argc ? argv[++i] : NULL, &o->seed))
				return LOKET_EXIT_USAGE;
		} else if (strcmp(argv[i], "--if-empty") == 0) {
			o->if_empty = true;
		} else if (strcmp(argv[i], "--json") == 0) {
			o->json = true;
		} else {
			return refuse("seed", usage_seed, argv[i]);
		}
	}
	if (!o->demo) {
		fprintf(stderr, "loket: db seed: say what to seed: --demo\n");
		return LOKET_EXIT_USAGE;
	}
	if (o->customers < 1 || o->customers > DB_SEED_MAX_CUSTOMERS) {
		fprintf(stderr, "loket: db seed: --customers must be between 1 and %d, not %ld\n",
		        DB_SEED_MAX_CUSTOMERS, o->customers);
		return LOKET_EXIT_USAGE;
	}
	return LOKET_EXIT_OK;
}

/* Seeding needs every migration of this loket applied: said, exit 2. */
static int seed_needs_migrated(PGconn *c)
{
	struct mig_list l;
	if (!mig_read(c, "db seed", &l))
		return LOKET_EXIT_FAIL;
	int pending = l.count[DB_MIG_PENDING];
	bool none =
	    l.count[DB_MIG_APPLIED] + l.count[DB_MIG_CHANGED] + l.count[DB_MIG_UNKNOWN] == 0;
	free(l.m);
	if (!pending)
		return LOKET_EXIT_OK;
	if (none)
		fputs("loket: db seed: the database is not migrated: run loket db migrate first\n",
		      stderr);
	else
		fprintf(
		    stderr,
		    "loket: db seed: the database is not fully migrated (%d migration%s pending): "
		    "run loket db migrate first\n",
		    pending, pending == 1 ? "" : "s");
	return LOKET_EXIT_USAGE;
}

static int db_seed_cmd(PGconn *c, const struct seed_opts *o)
{
	int rc = seed_needs_migrated(c);
	if (rc != LOKET_EXIT_OK)
		return rc;
	char *err = NULL;
	if (o->if_empty) {
		long have = db_party_count(c, &err);
		if (have < 0) {
			cli_error("db seed", err);
			free(err);
			return LOKET_EXIT_FAIL;
		}
		if (have > 0) {
			char msg[100];
			snprintf(msg, sizeof msg,
			         "the database already holds %ld customers; not seeding", have);
			if (o->json)
				put_json(json_pack("{s:b, s:s, s:I, s:s}", "seeded", 0, "reason",
				                   "not_empty", "customers", (json_int_t)have,
				                   "message", msg));
			else
				puts(msg);
			return LOKET_EXIT_OK;
		}
	}
	struct db_seed_result r;
	cli_interrupt_arm(c);
	bool ok = db_seed_demo(c, o->customers, o->seed, o->json ? NULL : stderr,
	                       cli_interrupt_flag(), &r, &err);
	cli_interrupt_disarm();
	if (!ok) {
		cli_error("db seed", err);
		free(err);
		return *cli_interrupt_flag() ? LOKET_EXIT_INTERRUPTED : LOKET_EXIT_FAIL;
	}
	if (*cli_interrupt_flag())
		fputs("loket: db seed: interrupted too late: the seed was stored already\n",
		      stderr);
	if (o->json) {
		put_json(json_pack(
		    "{s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f}", "seeded", 1,
		    "customers", (json_int_t)r.customers, "persons", (json_int_t)r.persons,
		    "organisations", (json_int_t)r.organisations, "interactions",
		    (json_int_t)r.interactions, "notes", (json_int_t)r.notes, "cases",
		    (json_int_t)r.cases, "agreements", (json_int_t)r.agreements, "tasks",
		    (json_int_t)r.tasks, "agents", (json_int_t)r.agents, "heavy_party_id",
		    (json_int_t)r.heavy_party_id, "seconds", r.seconds));
	} else {
		printf("seeded %ld customers (%ld persons, %ld organisations), %ld contacts, %ld notes, "
		       "%ld cases, %ld agreements, %ld tasks, %ld agents in %.1f s\n",
		       r.customers, r.persons, r.organisations, r.interactions, r.notes, r.cases,
		       r.agreements, r.tasks, r.agents, r.seconds);
		printf("the customer with the longest history is party %ld\n", r.heavy_party_id);
	}
	return LOKET_EXIT_OK;
}

/* `loket db migrate|status` take one flag each: on, or a refusal (exit 2). */
static int one_flag(const char *sub, const char *usage, const char *flag, int argc, char **argv,
                    bool *on)
{
	*on = false;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], flag) != 0)
			return refuse(sub, usage, argv[i]);
		*on = true;
	}
	return LOKET_EXIT_OK;
}

int cli_db(int argc, char **argv, const char *dsn)
{
	const char *sub = argc > 0 ? argv[0] : "";
	bool migrate = strcmp(sub, "migrate") == 0, status = strcmp(sub, "status") == 0,
	     seed = strcmp(sub, "seed") == 0;
	if (!migrate && !status && !seed) {
		if (argc > 0)
			fprintf(stderr, "loket: db: unknown command \"%s\"\n", sub);
		/* The three usage lines as one: "usage: " once, then aligned. */
		fprintf(stderr, "%s       %s       %s", usage_migrate, usage_status + 7,
		        usage_seed + 7);
		return LOKET_EXIT_USAGE;
	}
	bool flag = false;
	struct seed_opts so;
	int rc = migrate  ? one_flag(sub, usage_migrate, "--quiet", argc - 1, argv + 1, &flag)
	         : status ? one_flag(sub, usage_status, "--json", argc - 1, argv + 1, &flag)
	                  : seed_parse(argc - 1, argv + 1, &so);
	if (rc != LOKET_EXIT_OK)
		return rc;
	PGconn *c = cli_connect(dsn);
	if (!c)
		return LOKET_EXIT_CONNECT;
	if (migrate)
		rc = db_migrate_cmd(c, flag);
	else if (status)
		rc = db_status_cmd(c, flag);
	else
		rc = db_seed_cmd(c, &so);
	PQfinish(c);
	return rc;
}
