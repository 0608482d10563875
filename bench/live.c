/* live.c — the notice-to-redraw delay between two consoles, and the cost
 * of claiming a case and logging a contact.
 *
 * Console B (the release build in a pseudo-terminal, as demo_supervisor)
 * shows a customer with an open case; this program, as agent A ("demo"),
 * claims and releases that case in turn, and measures from the moment it
 * sends the call until B's screen shows the new owner: the notice's delay,
 * plus the call itself (an upper bound on the notice-to-redraw delay). */
#include "bench/common.h"
#include "db/db.h"
#include "term.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void pct(const char *name, double *v, int n, double floor)
{
	double p50, p99;
	bench_pct(v, n, &p50, &p99);
	if (floor > 0)
		printf("  %-30s p50 %8.3f ms  p99 %8.3f ms   p50 ÷ durable write %5.2f  target <= "
		       "3  %s\n",
		       name, p50, p99, p50 / floor, p50 / floor <= 3 ? "ok" : "MISSED");
	else
		printf("  %-30s p50 %8.3f ms  p99 %8.3f ms   target p99 <= 100 ms  %s\n", name, p50,
		       p99, p99 <= 100 ? "ok" : "MISSED");
}

/* Wait until the screen row that shows case `ref` also shows `want` (the
 * owner's name, or "unowned"); other rows may hold the same name. */
static bool wait_row(struct term *t, const char *ref, const char *want, int timeout_ms)
{
	double end = bench_now_ms() + timeout_ms;
	while (bench_now_ms() < end) {
		const char *s = term_screen(t);
		for (const char *r = strstr(s, ref); r; r = strstr(r + 1, ref)) {
			const char *eol = strchr(r, '\n');
			size_t n = eol ? (size_t)(eol - r) : strlen(r);
			char row[512];
			snprintf(row, sizeof row, "%.*s",
			         (int)(n < sizeof row ? n : sizeof row - 1), r);
			if (strstr(row, want))
				return true;
		}
		/* Read what the console wrote, up to 1 ms (no text matches this). */
		term_wait_text(t, "\x01", 1);
	}
	return false;
}

/* The contacts this benchmark logged (ids in `ids`, an array literal) are
 * removed again, with their notes, agreements and access-log rows, so that
 * repeated runs do not make the benchmark's customers heavier. The tables
 * are append-only for everyone else: their triggers are off for this one
 * transaction (session_replication_role, as the seeder does), so the kept
 * customer views are told with loket.views_changed(). */
static void remove_contacts(PGconn *su, const char *ids)
{
	const char *p[] = {ids};
	PQclear(bench_run(su, "BEGIN", 0, NULL));
	PQclear(bench_run(su, "SET LOCAL session_replication_role = replica", 0, NULL));
	PQclear(bench_run(su, "DELETE FROM loket.agreement WHERE interaction_id = ANY ($1::uuid[])", 1, p));
	PQclear(bench_run(su, "DELETE FROM loket.note WHERE interaction_id = ANY ($1::uuid[])", 1, p));
	PQclear(bench_run(su, "DELETE FROM loket.interaction WHERE id = ANY ($1::uuid[])", 1, p));
	PQclear(bench_run(su, "DELETE FROM loket.contact_request WHERE id = ANY ($1::uuid[])", 1, p));
	PQclear(bench_run(su,
	                  "DELETE FROM loket.access_log WHERE action = 'write' AND detail IN "
	                  "(SELECT 'contact ' || x FROM unnest($1::uuid[]) AS x)",
	                  1, p));
	/* With the triggers off, the kept customer views were not told. */
	PQclear(bench_run(su, "SELECT loket.views_changed()", 0, NULL));
	PQclear(bench_run(su, "COMMIT", 0, NULL));
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: live DBNAME\n", stderr);
		return 2;
	}
	const char *db = argv[1];
	int n = getenv("LOKET_BENCH_ITERS") ? atoi(getenv("LOKET_BENCH_ITERS")) : 200;
	n = n < 10 ? 10 : n > 4000 ? 4000 : n;
	static double v[4000], claims[4000];
	PGconn *su = bench_conn(db, "postgres"), *a = bench_conn(db, "demo");

	/* The floors before the calls, and again after them: the lower judges
	 * (bench/common.h). */
	static double one[4000], write[4000];
	double floor, after, p99;
	bench_floors(a, su, n, one, write);
	bench_pct(write, n, &floor, &p99);

	/* Claim: unowned open cases, released again afterwards (not timed). */
	char lim[16];
	snprintf(lim, sizeof lim, "%d", n);
	const char *lp[] = {lim};
	PGresult *cases =
	    bench_run(su,
	              "SELECT ref FROM loket.case_file WHERE owner_id IS NULL AND closed_at "
	              "IS NULL ORDER BY hashint8(id) LIMIT $1",
	              1, lp);
	int nc = PQntuples(cases);
	for (int i = 0; i < nc; i++) {
		const char *p[] = {PQgetvalue(cases, i, 0)};
		double t0 = bench_now_ms();
		PQclear(bench_call(a, "SELECT api.case_claim($1)", 1, p));
		claims[i] = bench_now_ms() - t0;
	}
	for (int i = 0; i < nc; i++) {
		const char *p[] = {PQgetvalue(cases, i, 0)};
		PQclear(bench_run(a, "SELECT api.case_release($1)", 1, p));
	}
	PQclear(cases);

	/* Log a contact: interaction + note + agreement, one call. */
	PGresult *parties =
	    bench_run(su, "SELECT id FROM loket.party ORDER BY hashint8(id + 11) LIMIT $1", 1, lp);
	int np = PQntuples(parties);
	char *written = malloc((size_t)np * 37 + 3); /* "{id,id,...}": removed afterwards */
	if (!written)
		return 1;
	size_t wn = 0;
	written[wn++] = '{';
	for (int i = 0; i < np; i++) {
		char id[37], body[512];
		if (!db_uuid_new(id))
			return 1;
		wn += (size_t)sprintf(written + wn, "%s%s", i ? "," : "", id);
		snprintf(body, sizeof body,
		         "{\"party_id\": %s, \"channel\": \"phone\", \"subject\": \"Benchmark\", "
		         "\"outcome\": \"answered\", \"note\": \"Klant belde; vraag beantwoord.\", "
		         "\"agreement\": {\"kind\": \"callback\", \"due_at\": "
		         "\"2030-01-01T10:00:00+01\"}}",
		         PQgetvalue(parties, i, 0));
		const char *p[] = {id, body};
		double t0 = bench_now_ms();
		PQclear(bench_call(a, "SELECT api.contact_log($1::uuid, $2::jsonb)", 2, p));
		v[i] = bench_now_ms() - t0;
	}
	bench_floors(a, su, n, one, write);
	bench_pct(write, n, &after, &p99);
	printf("\n%s: claim, log a contact, notice-to-redraw (%d iterations)\n", db, n);
	printf("  %-30s p50 %8.3f ms before the calls, %.3f ms after (the lower is used)\n",
	       "floor: durable write", floor, after);
	if (after < floor)
		floor = after;
	if (nc >= 10)
		pct("claim a case", claims, nc, floor);
	pct("log a contact", v, np, floor);
	PQclear(parties);
	strcpy(written + wn, "}");
	remove_contacts(su, written);
	free(written);

	/* Notice to redraw: console B watches a customer with an open case. */
	PGresult *pick =
	    bench_run(su,
	              "SELECT c.ref, p.bsn, (SELECT name FROM loket.agent WHERE login = 'demo') "
	              "FROM loket.case_file c JOIN loket.party p ON p.id = c.party_id "
	              "WHERE c.owner_id IS NULL AND c.closed_at IS NULL AND p.bsn IS NOT NULL "
	              "AND (SELECT count(*) FROM loket.case_file x WHERE x.party_id = p.id "
	              "AND x.closed_at IS NULL) = 1 LIMIT 1",
	              0, NULL);
	if (PQntuples(pick) != 1) {
		fputs("live: no customer with exactly one open unowned case\n", stderr);
		return 1;
	}
	char ref[32], bsn[16], name[128], keys[64];
	snprintf(ref, sizeof ref, "%s", PQgetvalue(pick, 0, 0));
	snprintf(bsn, sizeof bsn, "%s", PQgetvalue(pick, 0, 1));
	snprintf(name, sizeof name, "%s", PQgetvalue(pick, 0, 2));
	PQclear(pick);
	static char dbenv[128];
	snprintf(dbenv, sizeof dbenv, "PGDATABASE=%s", db);
	char *env[] = {dbenv,
	               "PGUSER=demo_supervisor",
	               "TERM=xterm-256color",
	               "LC_ALL=C.UTF-8",
	               "XDG_STATE_HOME=/tmp/loket-bench-state",
	               NULL};
	char *args[] = {"./loket", NULL};
	struct term *t = term_spawn(args, env, 40, 160);
	if (!t || !term_wait_text(t, "my work", 30000)) {
		fputs("live: console B did not start\n", stderr);
		return 1;
	}
	term_send(t, "\x1b"); /* close a draft offer, if any */
	snprintf(keys, sizeof keys, "/%s\r", bsn);
	term_send(t, keys);
	term_wait_text(t, "Open", 30000);
	term_send(t, "\r");
	term_wait_text(t, "Why are you opening", 30000);
	term_send(t, "\r");
	if (!wait_row(t, ref, "unowned", 30000)) {
		fprintf(stderr, "live: console B does not show the case:\n%s", term_screen(t));
		return 1;
	}
	int rounds = n > 100 ? 100 : n, k = 0;
	for (int i = 0; i < rounds; i++) {
		const char *p[] = {ref};
		bool claim = i % 2 == 0;
		/* Timed from before the call: when the machine is busy, console B
		 * can redraw before this program has seen its own call return. */
		double t0 = bench_now_ms();
		PQclear(bench_run(
		    a, claim ? "SELECT api.case_claim($1)" : "SELECT api.case_release($1)", 1, p));
		if (!wait_row(t, ref, claim ? name : "unowned", 10000)) {
			fprintf(stderr, "live: console B did not update within 10 s\n");
			continue;
		}
		v[k++] = bench_now_ms() - t0;
	}
	const char *p[] = {ref};
	PQclear(PQexecParams(a, "SELECT api.case_release($1)", 1, NULL, p, NULL, NULL, 0));
	term_send(t, "Q");
	term_wait_exit(t, 10000);
	term_free(&t);
	if (k >= 10)
		pct("call to redraw (console B)", v, k, 0);
	bench_finish(a);
	bench_finish(su);
	return 0;
}
