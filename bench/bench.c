/* bench.c — latency of loket's database calls against seeded databases,
 * with the floors they are measured against, in the same run (before and
 * after the calls; the lower of the two judges):
 *
 *   SELECT 1       a bare round trip
 *   durable write  a single-row INSERT committed with fsync: the least that
 *                  any logged read costs, since it writes an access-log row
 *
 * Usage: bench DBNAME [DBNAME2]  (PG* variables reach the cluster; the
 * agent is $LOKET_BENCH_AGENT, default "demo"). With two databases (10k and
 * 1M customers) it prints the ratio of the second to the first. Output is
 * one line per measurement: name, p50 and p99 in ms, and the ratios. */
#include "bench/common.h"
#include "core/layout.h"
#include "core/query.h"
#include "db/party.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAXN 2000

struct stat {
	const char *name;
	double p50, p99;
};

static void pct(double *v, int n, struct stat *s)
{
	bench_pct(v, n, &s->p50, &s->p99);
}

/* Sample values (as superuser) to search for: `n` rows of `sql`. */
static char **sample(PGconn *su, const char *sql, int n)
{
	char lim[16];
	snprintf(lim, sizeof lim, "%d", n);
	const char *p[] = {lim};
	PGresult *r = bench_run(su, sql, 1, p);
	int got = PQntuples(r);
	if (got == 0) {
		fprintf(stderr, "bench: no sample rows for: %s\n", sql);
		exit(1);
	}
	char **v = calloc((size_t)n + 1, sizeof *v);
	for (int i = 0; i < n; i++)
		v[i] = strdup(PQgetvalue(r, i % got, 0));
	PQclear(r);
	return v;
}

static void free_sample(char **v)
{
	for (int i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

/* A typo: swap two letters in the middle, or drop one. */
static void typo(char *s, int i)
{
	size_t n = strlen(s);
	if (n < 5)
		return;
	size_t k = 1 + (size_t)i % (n - 3);
	if (i % 2) {
		char t = s[k];
		s[k] = s[k + 1];
		s[k + 1] = t;
	} else {
		memmove(s + k, s + k + 1, n - k);
	}
}

struct run {
	const char *db;
	struct stat st[32]; /* st[0], st[1]: the floors (the lower of before and after) */
	int n;
	struct stat after[2]; /* the floors measured after the calls */
};

static void add(struct run *r, const char *name, double *v, int n)
{
	struct stat *s = &r->st[r->n++];
	s->name = name;
	pct(v, n, s);
}

static int iters(void)
{
	const char *e = getenv("LOKET_BENCH_ITERS");
	int n = e ? atoi(e) : 300;
	return n < 10 ? 10 : n > MAXN ? MAXN : n;
}

/* Time a search of kind `kind` for each typed query in `q`. */
static void bench_search(PGconn *c, struct run *rr, const char *name, char **q, int n)
{
	static double v[MAXN];
	for (int i = 0; i < n; i++) {
		struct core_query cq;
		core_query_classify(q[i], &cq);
		struct db_search_args a;
		char why[200];
		if (!db_search_args(&cq, 20, &a, why, sizeof why)) {
			fprintf(stderr, "bench: %s: cannot search \"%s\": %s\n", name, q[i], why);
			exit(1);
		}
		double t0 = bench_now_ms();
		PQclear(bench_call(c, DB_SQL_PARTY_SEARCH, 6, a.v));
		v[i] = bench_now_ms() - t0;
	}
	add(rr, name, v, n);
}

/* Warm caches, as on a server that has been answering calls for a while:
 * every table and index of schema loket (and their TOAST) is read once with
 * pg_prewarm, the smallest first into shared buffers while three quarters
 * of them are free, the rest into the operating system's page cache.
 * Without it the first touch of each customer's pages is a disk read and
 * the figures measure the disk. LOKET_BENCH_COLD=1 skips it. */
static void prewarm(PGconn *su, const char *db)
{
	const char *cold = getenv("LOKET_BENCH_COLD");
	if (cold && strcmp(cold, "1") == 0) {
		printf("%s: caches left cold (LOKET_BENCH_COLD=1)\n", db);
		return;
	}
	double t0 = bench_now_ms();
	PQclear(bench_run(su, "CREATE EXTENSION IF NOT EXISTS pg_prewarm", 0, NULL));
	PGresult *r = bench_run(
	    su,
	    "WITH rel AS ("
	    "    SELECT c.oid, pg_relation_size(c.oid) AS bytes FROM pg_class c"
	    "     WHERE (c.relnamespace = 'loket'::regnamespace AND c.relkind IN ('r', 'i', 'm'))"
	    "        OR c.oid IN (SELECT t.reltoastrelid FROM pg_class t"
	    "                      WHERE t.relnamespace = 'loket'::regnamespace AND "
	    "t.reltoastrelid <> 0)"
	    "), plan AS ("
	    "    SELECT oid, sum(bytes) OVER (ORDER BY bytes, oid)"
	    "               <= pg_size_bytes(current_setting('shared_buffers')) * 3 / 4 AS buffer"
	    "      FROM rel"
	    "), done AS ("
	    "    SELECT buffer, pg_prewarm(oid, CASE WHEN buffer THEN 'buffer' ELSE 'read' END) AS "
	    "blocks"
	    "      FROM plan"
	    ")"
	    "SELECT count(*), (coalesce(sum(blocks) FILTER (WHERE buffer), 0) * 8 / 1024)::bigint,"
	    "       (coalesce(sum(blocks) FILTER (WHERE NOT buffer), 0) * 8 / 1024)::bigint, "
	    "current_setting('shared_buffers')"
	    "  FROM done",
	    0, NULL);
	printf("%s: %s relations read in %.1f s: %s MB into shared buffers (%s), %s MB into the "
	       "page cache\n",
	       db, PQgetvalue(r, 0, 0), (bench_now_ms() - t0) / 1000, PQgetvalue(r, 0, 1),
	       PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 2));
	PQclear(r);
	fflush(stdout);
}

static void bench_db(const char *db, struct run *rr)
{
	const char *agent = getenv("LOKET_BENCH_AGENT") ? getenv("LOKET_BENCH_AGENT") : "demo";
	PGconn *su = bench_conn(db, "postgres"), *c = bench_conn(db, agent);
	int n = iters();
	static double v[MAXN];
	rr->db = db;
	prewarm(su, db);
	/* Views kept by an earlier run (the same customers are sampled each
	 * time) would make the openings below cache hits: they are measured as
	 * the first opening of each customer, so none counts. */
	PQclear(bench_run(su, "SELECT loket.views_changed()", 0, NULL));

	/* Floors, before the calls (and again after them, below). */
	static double one[MAXN], write[MAXN];
	bench_floors(c, su, n, one, write);
	add(rr, "floor: SELECT 1", one, n);
	add(rr, "floor: durable write", write, n);

	/* Searches, one kind at a time, on values sampled from the data. */
	char **s;
	s = sample(
	    su, "SELECT bsn FROM loket.party WHERE bsn IS NOT NULL ORDER BY hashint8(id) LIMIT $1",
	    n);
	bench_search(c, rr, "search: bsn", s, n);
	free_sample(s);
	s = sample(
	    su,
	    "SELECT postcode || ' ' || house_number FROM loket.party WHERE postcode IS NOT NULL "
	    "ORDER BY hashint8(id + 1) LIMIT $1",
	    n);
	bench_search(c, rr, "search: postcode", s, n);
	free_sample(s);
	s = sample(su,
	           "SELECT '0' || substr(value, 4) FROM loket.contact_address WHERE kind = 'phone' "
	           "AND value LIKE '+31%' ORDER BY hashint8(id + 2) LIMIT $1",
	           n);
	bench_search(c, rr, "search: phone", s, n);
	free_sample(s);
	s = sample(su,
	           "SELECT value FROM loket.contact_address WHERE kind = 'email' "
	           "ORDER BY hashint8(id + 3) LIMIT $1",
	           n);
	bench_search(c, rr, "search: e-mail", s, n);
	free_sample(s);
	s = sample(su, "SELECT ref FROM loket.case_file ORDER BY hashint8(id + 4) LIMIT $1", n);
	bench_search(c, rr, "search: case", s, n);
	free_sample(s);
	s = sample(
	    su,
	    "SELECT kvk FROM loket.party WHERE kvk IS NOT NULL ORDER BY hashint8(id + 5) LIMIT $1",
	    n);
	bench_search(c, rr, "search: kvk", s, n);
	free_sample(s);
	s = sample(
	    su,
	    "SELECT surname_norm || ' ' || to_char(birth_date, 'DD-MM-YYYY') FROM loket.party "
	    "WHERE kind = 'person' AND length(surname_norm) >= 6 AND surname_norm !~ ' ' "
	    "ORDER BY hashint8(id + 6) LIMIT $1",
	    n);
	for (int i = 0; s[i]; i++) {
		char *sp = strchr(s[i], ' ');
		*sp = '\0';
		typo(s[i], i);
		char tmp[256];
		snprintf(tmp, sizeof tmp, "%s %s", s[i], sp + 1);
		free(s[i]);
		s[i] = strdup(tmp);
	}
	bench_search(c, rr, "search: name typo + birth", s, n);
	free_sample(s);
	s = sample(su,
	           "SELECT surname_norm FROM loket.party WHERE kind = 'person' "
	           "AND length(surname_norm) >= 6 AND surname_norm !~ ' ' "
	           "ORDER BY hashint8(id + 7) LIMIT $1",
	           n);
	for (int i = 0; s[i]; i++)
		typo(s[i], i);
	bench_search(c, rr, "search: name typo alone", s, n);
	free_sample(s);

	/* Opening a customer (one access-log row), re-reading with the access
	 * id. The first timeline page is what the console asks for on an 80x24
	 * terminal: the rows its timeline shows (core/layout.h). The opening
	 * keeps the view it built (008_view_kept.sql), so the re-read of the
	 * unchanged customer gets it back; a re-read after a change and one
	 * with 50 rows (what a console of 74 lines shows, not kept yet) build
	 * it again, and are given besides (no target). */
	char first_page[16];
	snprintf(first_page, sizeof first_page, "%d", core_customer_first_page(CORE_MIN_LINES));
	char **ids = sample(su, "SELECT id FROM loket.party ORDER BY hashint8(id + 8) LIMIT $1", n);
	char **aids = calloc((size_t)n + 1, sizeof *aids);
	char **next_at = calloc((size_t)n + 1, sizeof *next_at);
	char **next_id = calloc((size_t)n + 1, sizeof *next_id);
	static double opened[MAXN];
	static PGresult *views[MAXN];
	/* The calls back to back, as the floors are measured; the answers are
	 * read after (the client's work between calls would leave the server
	 * idle and add its wake-up to each call, but not to the floors). */
	for (int i = 0; i < n; i++) {
		const char *p[] = {ids[i], "contact", "bench", first_page};
		double t0 = bench_now_ms();
		views[i] = bench_call(c, DB_SQL_PARTY_OPEN, 4, p);
		opened[i] = bench_now_ms() - t0;
	}
	for (int i = 0; i < n; i++) {
		PGresult *r = views[i];
		/* The whole view came back, as to the console; keep its access id
		 * and where the next page starts. */
		json_t *doc = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
		const char *aid = json_string_value(json_object_get(doc, "access_id"));
		if (!aid) {
			fprintf(stderr, "bench: opening customer %s gave no access id\n", ids[i]);
			exit(1);
		}
		aids[i] = strdup(aid);
		const json_t *next = json_object_get(json_object_get(doc, "timeline"), "next");
		const char *na = json_string_value(json_object_get(next, "before_at"));
		const char *ni = json_string_value(json_object_get(next, "before_id"));
		next_at[i] = na ? strdup(na) : NULL;
		next_id[i] = ni ? strdup(ni) : NULL;
		json_decref(doc);
		PQclear(r);
		views[i] = NULL;
	}
	add(rr, "open customer", opened, n);
	for (int i = 0; i < n; i++) {
		const char *p[] = {aids[i], ids[i], first_page};
		double t0 = bench_now_ms();
		PQclear(bench_call(c, DB_SQL_PARTY_REREAD, 3, p));
		v[i] = bench_now_ms() - t0;
	}
	add(rr, "re-read (access id)", v, n);
	/* The same after a change: the kept views no longer count (all made
	 * stale at once) and each is built again, and kept, as after a notice
	 * of a change. */
	PQclear(bench_run(su, "SELECT loket.views_changed()", 0, NULL));
	for (int i = 0; i < n; i++) {
		const char *p[] = {aids[i], ids[i], first_page};
		double t0 = bench_now_ms();
		PQclear(bench_call(c, DB_SQL_PARTY_REREAD, 3, p));
		v[i] = bench_now_ms() - t0;
	}
	add(rr, "re-read after a change", v, n);
	for (int i = 0; i < n; i++) {
		const char *p[] = {aids[i], ids[i], "50"};
		double t0 = bench_now_ms();
		PQclear(bench_call(c, DB_SQL_PARTY_REREAD, 3, p));
		v[i] = bench_now_ms() - t0;
	}
	add(rr, "re-read, 50-row page", v, n);
	/* The same customers opened again, as a colleague would later that day:
	 * the opening writes its own access-log row and gets the 13-row view
	 * kept by "re-read after a change" above, which must come before it
	 * (no target). */
	for (int i = 0; i < n; i++) {
		const char *p[] = {ids[i], "contact", "bench", first_page};
		double t0 = bench_now_ms();
		PQclear(bench_call(c, DB_SQL_PARTY_OPEN, 4, p));
		v[i] = bench_now_ms() - t0;
	}
	add(rr, "open again, view kept", v, n);
	/* What the console asks next, in the background: the following 50 rows
	 * (nothing when the first page held them all). Shown as the opening
	 * plus that page, per customer; no target. */
	for (int i = 0; i < n; i++) {
		v[i] = opened[i];
		if (next_at[i] && next_id[i]) {
			const char *p[] = {aids[i], ids[i], next_at[i], next_id[i], NULL, "50"};
			double t0 = bench_now_ms();
			PQclear(bench_call(c, DB_SQL_TIMELINE_PAGE, 6, p));
			v[i] += bench_now_ms() - t0;
		}
		free(next_at[i]);
		free(next_id[i]);
	}
	free(next_at);
	free(next_id);
	add(rr, "open, then the next 50 rows", v, n);

	/* A timeline page deep in the history of the customer with the most
	 * contacts: open it, walk to depth ~9,000 once, then time that page. */
	PGresult *h = bench_run(su,
	                        "SELECT party_id FROM loket.interaction GROUP BY party_id "
	                        "ORDER BY count(*) DESC LIMIT 1",
	                        0, NULL);
	char heavy[32];
	snprintf(heavy, sizeof heavy, "%s", PQgetvalue(h, 0, 0));
	PQclear(h);
	const char *op[] = {heavy, "contact", "bench", "50"};
	PGresult *o =
	    bench_run(c, "SELECT api.party_open($1::bigint, $2, $3, $4::int)->>'access_id'", 4, op);
	char aid[64];
	snprintf(aid, sizeof aid, "%s", PQgetvalue(o, 0, 0));
	PQclear(o);
	h = bench_run(su,
	              "SELECT occurred_at, id FROM loket.interaction WHERE party_id = $1 "
	              "ORDER BY occurred_at DESC, id DESC OFFSET 9000 LIMIT 1",
	              1, (const char *const[]){heavy});
	char at[64] = "", id[64] = "";
	if (PQntuples(h)) {
		snprintf(at, sizeof at, "%s", PQgetvalue(h, 0, 0));
		snprintf(id, sizeof id, "%s", PQgetvalue(h, 0, 1));
	}
	PQclear(h);
	for (int i = 0; i < n; i++) {
		const char *p[] = {aid, heavy, at[0] ? at : NULL, id[0] ? id : NULL, NULL, "50"};
		double t0 = bench_now_ms();
		PQclear(bench_call(c, DB_SQL_TIMELINE_PAGE, 6, p));
		v[i] = bench_now_ms() - t0;
	}
	add(rr, "timeline page at depth", v, n);

	for (int i = 0; i < n; i++)
		free(aids[i]);
	free(aids);
	/* Floors again, after the calls: the lower of the two judges. */
	bench_floors(c, su, n, one, write);
	rr->after[0].name = "floor: SELECT 1";
	pct(one, n, &rr->after[0]);
	rr->after[1].name = "floor: durable write";
	pct(write, n, &rr->after[1]);
	for (int i = 0; i < 2; i++)
		if (rr->after[i].p50 < rr->st[i].p50)
			rr->st[i] = rr->after[i];
	free_sample(ids);
	bench_finish(c);
	bench_finish(su);
}

static const struct stat *find(const struct run *r, const char *name)
{
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->st[i].name, name) == 0)
			return &r->st[i];
	return NULL;
}

static void report(const struct run *r)
{
	const struct stat *f1 = find(r, "floor: SELECT 1"), *f2 = find(r, "floor: durable write");
	printf("\n%s  (%d iterations each)\n", r->db, iters());
	printf("  %-28s %9s %9s   %-17s %-17s\n", "measurement", "p50 ms", "p99 ms",
	       "p50/p99 ÷ SELECT1", "p50/p99 ÷ write");
	for (int i = 0; i < r->n; i++) {
		const struct stat *s = &r->st[i];
		printf("  %-28s %9.3f %9.3f   %7.2f %7.2f   %7.2f %7.2f\n", s->name, s->p50, s->p99,
		       s->p50 / f1->p50, s->p99 / f1->p50, s->p50 / f2->p50, s->p99 / f2->p50);
	}
	printf("  floors after the calls: SELECT 1 p50 %.3f ms, durable write p50 %.3f ms "
	       "(the lower of before and after is used)\n",
	       r->after[0].p50, r->after[1].p50);
}

/* The targets, checked against the largest database measured. */
static void targets(const struct run *big, const struct run *small)
{
	static const struct {
		const char *name;
		char floor; /* 'w' durable write, 's' SELECT 1 */
		char pct;   /* '5' p50, '9' p99 */
		double limit;
	} t[] = {
	    {"open customer", 'w', '5', 3},
	    {"open customer", 'w', '9', 5},
	    {"re-read (access id)", 's', '5', 5},
	    {"search: bsn", 'w', '5', 3},
	    {"search: postcode", 'w', '5', 3},
	    {"search: phone", 'w', '5', 3},
	    {"search: e-mail", 'w', '5', 3},
	    {"search: case", 'w', '5', 3},
	    {"search: kvk", 'w', '5', 3},
	    {"search: name typo + birth", 'w', '5', 3},
	    {"search: name typo alone", 'w', '5', 10},
	};
	const struct stat *w = find(big, "floor: durable write"),
	                  *one = find(big, "floor: SELECT 1");
	printf("\ntargets on %s\n", big->db);
	int fails = 0;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		const struct stat *s = find(big, t[i].name);
		double val = t[i].pct == '5' ? s->p50 : s->p99;
		double ratio = val / (t[i].floor == 'w' ? w->p50 : one->p50);
		bool ok = ratio <= t[i].limit;
		fails += !ok;
		printf("  %-28s %s ÷ %-13s %6.2f  target <= %4.1f  %s\n", t[i].name,
		       t[i].pct == '5' ? "p50" : "p99",
		       t[i].floor == 'w' ? "durable write" : "SELECT 1", ratio, t[i].limit,
		       ok ? "ok" : "MISSED");
	}
	if (small) {
		for (int i = 2; i < big->n; i++) {
			const struct stat *a = find(small, big->st[i].name), *b = &big->st[i];
			double r = b->p50 / a->p50;
			double limit = strcmp(b->name, "search: name typo alone") == 0 ? 2.0 : 1.3;
			bool ok = r <= limit;
			fails += !ok;
			printf("  %-28s %s ÷ %s p50 %5.2f  target <= %3.1f  %s\n", b->name, big->db,
			       small->db, r, limit, ok ? "ok" : "MISSED");
		}
	}
	printf("%d target%s missed\n", fails, fails == 1 ? "" : "s");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: bench DBNAME [DBNAME2]\n", stderr);
		return 2;
	}
	static struct run runs[2];
	int nr = argc > 2 ? 2 : 1;
	for (int i = 0; i < nr; i++) {
		bench_db(argv[1 + i], &runs[i]);
		report(&runs[i]);
	}
	if (nr == 2) {
		/* The target is on the plain ratio of the two p50s; the ratio with
		 * each divided by its own durable-write floor is shown besides,
		 * though it carries two floors' noise (fsync times vary by tens
		 * of percent from one minute to the next). */
		printf("\n%s ÷ %s (p50; besides, each divided by its own durable-write floor)\n",
		       argv[2], argv[1]);
		const struct stat *a0 = find(&runs[0], "floor: durable write"),
		                  *b0 = find(&runs[1], "floor: durable write");
		for (int i = 2; i < runs[1].n; i++) {
			const struct stat *a = find(&runs[0], runs[1].st[i].name),
			                  *b = &runs[1].st[i];
			printf("  %-28s %6.2f   (by floors %6.2f)\n", b->name, b->p50 / a->p50,
			       (b->p50 / b0->p50) / (a->p50 / a0->p50));
		}
	}
	targets(&runs[nr - 1], nr == 2 ? &runs[0] : NULL);
	return 0;
}
