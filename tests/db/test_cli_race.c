/* One owner per case, through the real command line: two agents run
 * `loket case claim REF` at the same moment, round after round. Each round
 * has exactly one winner; the loser exits 4 (conflict) and is told who won. */
#include "harness.h"

#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <errno.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

TestSuite(cli_race, .init = dbt_setup, .fini = dbt_teardown, .timeout = 300);

#define RACE_ROUNDS 200

static const char *race_bin(void)
{
	const char *b = getenv("LOKET_BIN");
	return b && *b ? b : "build/san/loket";
}

/* The current environment with PGDATABASE and PGUSER replaced. Without
 * `leaks`, LeakSanitizer is off in the child: its exit-time scan costs more
 * than the claim itself, and one round with it on covers the code path. */
struct race_env {
	char **v;
	char db[96], user[96], asan[512];
};

static void race_env_make(struct race_env *e, const char *login, bool leaks)
{
	size_t n = 0;
	while (environ[n])
		n++;
	e->v = calloc(n + 4, sizeof *e->v);
	cr_assert_not_null(e->v);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "PGDATABASE=", 11) != 0 && strncmp(environ[i], "PGUSER=", 7) != 0 &&
		    (leaks || strncmp(environ[i], "ASAN_OPTIONS=", 13) != 0))
			e->v[k++] = environ[i];
	snprintf(e->db, sizeof e->db, "PGDATABASE=%s", dbt.dbname);
	snprintf(e->user, sizeof e->user, "PGUSER=%s", login);
	e->v[k++] = e->db;
	e->v[k++] = e->user;
	if (!leaks) {
		const char *old = getenv("ASAN_OPTIONS");
		snprintf(e->asan, sizeof e->asan, "ASAN_OPTIONS=%.400s%sdetect_leaks=0",
		         old ? old : "", old && *old ? ":" : "");
		e->v[k++] = e->asan;
	}
	e->v[k] = NULL;
}

/* A sanitizer report in a child's stderr is a finding of its own. */
static void race_no_report(const char *ref, const char *login, const char *err)
{
	static const char *const marks[] = {"Sanitizer", "runtime error:", NULL};
	for (int i = 0; marks[i]; i++)
		cr_assert_null(strstr(err, marks[i]), "%s: %s's loket reported: %s", ref, login, err);
}

/* One `loket case claim REF` run: its pipes, output and exit status. */
struct race_run {
	pid_t pid;
	int out_fd, err_fd;
	char out[2048], err[2048];
	size_t out_len, err_len;
	int status;
};

static void race_spawn(struct race_run *r, const char *ref, struct race_env *e)
{
	memset(r, 0, sizeof *r);
	int po[2], pe[2];
	cr_assert_eq(pipe(po), 0);
	cr_assert_eq(pipe(pe), 0);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, po[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, pe[1], STDERR_FILENO);
	posix_spawn_file_actions_addclose(&fa, po[0]);
	posix_spawn_file_actions_addclose(&fa, pe[0]);
	posix_spawn_file_actions_addclose(&fa, po[1]);
	posix_spawn_file_actions_addclose(&fa, pe[1]);
	char *argv[] = {(char *)race_bin(), "case", "claim", (char *)ref, NULL};
	int rc = posix_spawn(&r->pid, race_bin(), &fa, NULL, argv, e->v);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	cr_assert_eq(rc, 0, "cannot start %s: %s", race_bin(), strerror(rc));
	r->out_fd = po[0];
	r->err_fd = pe[0];
}

/* Read what both runs write until they close their pipes; reap them. */
static void race_collect(struct race_run *runs, int n)
{
	for (;;) {
		struct pollfd p[4];
		int np = 0;
		for (int i = 0; i < n; i++) {
			if (runs[i].out_fd >= 0)
				p[np++] = (struct pollfd){.fd = runs[i].out_fd, .events = POLLIN};
			if (runs[i].err_fd >= 0)
				p[np++] = (struct pollfd){.fd = runs[i].err_fd, .events = POLLIN};
		}
		if (np == 0)
			break;
		int r = poll(p, (nfds_t)np, 60000);
		if (r < 0 && errno == EINTR)
			continue;
		cr_assert(r > 0, "a claim wrote nothing and did not end within 60 s");
		for (int j = 0; j < np; j++) {
			if (!p[j].revents)
				continue;
			for (int i = 0; i < n; i++) {
				struct race_run *x = &runs[i];
				bool is_out = p[j].fd == x->out_fd, is_err = p[j].fd == x->err_fd;
				if (!is_out && !is_err)
					continue;
				char *buf = is_out ? x->out : x->err;
				size_t *len = is_out ? &x->out_len : &x->err_len;
				char tmp[1024];
				ssize_t got = read(p[j].fd, tmp, sizeof tmp);
				if (got > 0) {
					size_t room = 2047 - *len;
					size_t take = (size_t)got < room ? (size_t)got : room;
					memcpy(buf + *len, tmp, take);
					*len += take;
					buf[*len] = '\0';
				} else if (got == 0 || errno != EINTR) {
					close(p[j].fd);
					if (is_out)
						x->out_fd = -1;
					else
						x->err_fd = -1;
				}
			}
		}
	}
	for (int i = 0; i < n; i++) {
		int st;
		cr_assert_eq(waitpid(runs[i].pid, &st, 0), runs[i].pid);
		runs[i].status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	}
}

Test(cli_race, claim_race_through_the_cli_one_winner_each_round)
{
	const char *login[2];
	login[0] = dbt_agent("agent", "kcc");
	login[1] = dbt_agent("agent", "kcc");
	char name[2][128];
	for (int i = 0; i < 2; i++) {
		const char *lp[] = {login[i]};
		char *v = dbt_value(dbt.super, "SELECT name FROM loket.agent WHERE login = $1", 1, lp);
		snprintf(name[i], sizeof name[i], "%s", v);
		free(v);
	}
	char *party = dbt_value(dbt.super,
	                        "INSERT INTO loket.party (kind, initials, surname, birth_date) "
	                        "VALUES ('person', 'R.', 'Renner', '1970-01-01') RETURNING id",
	                        0, NULL);
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.case_type (code, name, term_days) "
	               "VALUES ('paspoort', 'Paspoort', 10)",
	               0, NULL));
	char rounds[16];
	snprintf(rounds, sizeof rounds, "%d", RACE_ROUNDS);
	const char *pp[] = {party, rounds};
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.case_file (ref, party_id, case_type, subject) "
	               "SELECT 'Z-2026-' || lpad(g::text, 6, '0'), $1::bigint, 'paspoort', "
	               "'Race ' || g FROM generate_series(1, $2::int) g",
	               2, pp));
	free(party);

	struct race_env env[2][2]; /* [agent][leak check] */
	for (int i = 0; i < 2; i++)
		for (int l = 0; l < 2; l++)
			race_env_make(&env[i][l], login[i], l);
	int wins[2] = {0, 0};
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int round = 1; round <= RACE_ROUNDS; round++) {
		char ref[32];
		snprintf(ref, sizeof ref, "Z-2026-%06d", round);
		struct race_run run[2];
		/* Start both at once; who goes first alternates. */
		int first = round % 2, leaks = round <= 2;
		race_spawn(&run[first], ref, &env[first][leaks]);
		race_spawn(&run[1 - first], ref, &env[1 - first][leaks]);
		race_collect(run, 2);
		race_no_report(ref, login[0], run[0].err);
		race_no_report(ref, login[1], run[1].err);

		int winner = run[0].status == 0 ? 0 : 1, loser = 1 - winner;
		cr_assert(run[winner].status == 0 && run[loser].status == 4,
		          "%s: exit statuses %d (%s) and %d (%s), expected one 0 and one 4\n"
		          "%s stderr: %s\n%s stderr: %s",
		          ref, run[0].status, login[0], run[1].status, login[1], login[0], run[0].err,
		          login[1], run[1].err);
		char said[128];
		snprintf(said, sizeof said, "\"login\": \"%s\"", login[winner]);
		cr_assert_not_null(strstr(run[winner].out, said), "%s: the winner %s printed: %s", ref,
		                   login[winner], run[winner].out);
		char owned[256];
		snprintf(owned, sizeof owned, "is owned by %s (%s) since ", name[winner], login[winner]);
		cr_assert_not_null(strstr(run[loser].err, owned),
		                   "%s: the loser %s was not told the winner %s: %s", ref, login[loser],
		                   login[winner], run[loser].err);
		wins[winner]++;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cr_log_info("%d claim rounds (%d processes) in %.1f s; %s won %d, %s won %d", RACE_ROUNDS,
	            2 * RACE_ROUNDS,
	            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	            login[0], wins[0], login[1], wins[1]);
	for (int i = 0; i < 2; i++)
		for (int l = 0; l < 2; l++)
			free(env[i][l].v);

	/* Every case: one owner, one claim event, by that owner. */
	cr_assert_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.case_file WHERE owner_id IS NULL",
	                      0, NULL),
	             0, "a case was left without an owner");
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.case_file c WHERE (SELECT count(*) "
	                      "FROM loket.case_event e WHERE e.case_id = c.id "
	                      "AND e.kind = 'claimed') <> 1",
	                      0, NULL),
	             0, "a case has not exactly one claim event");
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.case_file c JOIN loket.case_event e "
	                      "ON e.case_id = c.id AND e.kind = 'claimed' "
	                      "WHERE e.by_agent_id IS DISTINCT FROM c.owner_id "
	                      "OR e.to_owner_id IS DISTINCT FROM c.owner_id",
	                      0, NULL),
	             0, "a claim event names another agent than the owner");
	const char *lp[] = {login[0]};
	cr_assert_eq(dbt_long(dbt.super,
	                      "SELECT count(*) FROM loket.case_file c JOIN loket.agent a "
	                      "ON a.id = c.owner_id WHERE a.login = $1",
	                      1, lp),
	             wins[0], "the database's owners differ from the exit statuses");
	cr_assert_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.case_event", 0, NULL),
	             RACE_ROUNDS, "events other than the claims were written");
}
