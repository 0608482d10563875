/* rss.c — the release build's resident memory with the timeline of the
 * customer with the most contacts scrolled to its end (target: 16 MB).
 * Runs ./loket in a pseudo-terminal as the demo agent, opens that customer
 * by BSN, presses G (to the oldest contact), then reads /proc/PID/status. */
#include "term.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long status_kb(pid_t pid, const char *field)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	FILE *f = fopen(path, "r");
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, field, strlen(field)) == 0)
			kb = strtol(line + strlen(field) + 1, NULL, 10);
	if (f)
		fclose(f);
	return kb;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: rss DBNAME\n", stderr);
		return 2;
	}
	const char *k[] = {"dbname", "user", NULL}, *v[] = {argv[1], "postgres", NULL};
	PGconn *c = PQconnectdbParams(k, v, 0);
	PGresult *r = PQexec(c, "SELECT p.bsn, count(*) FROM loket.interaction i JOIN loket.party p "
	                        "ON p.id = i.party_id WHERE p.bsn IS NOT NULL GROUP BY p.bsn "
	                        "ORDER BY count(*) DESC LIMIT 1");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		fprintf(stderr, "rss: %s", PQerrorMessage(c));
		return 1;
	}
	char bsn[16], keys[64];
	snprintf(bsn, sizeof bsn, "%s", PQgetvalue(r, 0, 0));
	long contacts = strtol(PQgetvalue(r, 0, 1), NULL, 10);
	PQclear(r);
	PQfinish(c);

	static char db[128];
	snprintf(db, sizeof db, "PGDATABASE=%s", argv[1]);
	char *env[] = {db, "PGUSER=demo", "TERM=xterm-256color", "LC_ALL=C.UTF-8", NULL};
	char *args[] = {"./loket", NULL};
	struct term *t = term_spawn(args, env, 40, 120);
	if (!t || !term_wait_text(t, "my work", 30000)) {
		fputs("rss: loket did not start\n", stderr);
		return 1;
	}
	snprintf(keys, sizeof keys, "/%s\r", bsn);
	term_send(t, keys);
	if (!term_wait_text(t, "Open", 30000)) {
		fprintf(stderr, "rss: no search result:\n%s", term_screen(t));
		return 1;
	}
	term_send(t, "\r");
	term_wait_text(t, "Why are you opening", 30000);
	term_send(t, "\r");
	if (!term_wait_text(t, "Timeline", 30000)) {
		fprintf(stderr, "rss: no customer view:\n%s", term_screen(t));
		return 1;
	}
	long before = status_kb(term_pid(t), "VmRSS:");
	term_send(t, "G");
	if (!term_wait_text(t, "The oldest contact", 300000)) {
		fprintf(stderr, "rss: never reached the oldest contact:\n%s", term_screen(t));
		return 1;
	}
	long rss = status_kb(term_pid(t), "VmRSS:"), hwm = status_kb(term_pid(t), "VmHWM:");
	term_send(t, "Q");
	term_wait_exit(t, 10000);
	term_free(&t);
	printf("\nrelease build, %s: customer with %ld contacts, timeline scrolled to the end\n",
	       argv[1], contacts);
	printf("  resident memory %.1f MB (peak %.1f MB; %.1f MB before scrolling)  target <= 16 MB  %s\n",
	       rss / 1024.0, hwm / 1024.0, before / 1024.0, rss <= 16 * 1024 ? "ok" : "MISSED");
	return 0;
}
