/* Never lose a note: the database goes away while an agent saves a
 * contact. The console says it is offline, keeps the draft on disk, and
 * stores it exactly once when the database is back — also when the console
 * itself was killed in between and the next start has to offer it.
 *
 * The test cluster is shared by every test, so it must keep running: each
 * test here makes, stops and restarts a PostgreSQL cluster of its own
 * (scripts/pgcluster.sh), and removes it afterwards. */
#include "console.h"
#include "harness.h"
#include "term.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char of_cluster[64];  /* the dedicated cluster's directory */
static char of_state[128];   /* XDG_STATE_HOME and XDG_CONFIG_HOME of the consoles */
static char of_top[PATH_MAX]; /* the checkout: scripts/pgcluster.sh is there */
static char of_host[160], of_port[16];
static char of_login[32] = "off_agent";
static bool of_made;
static PGconn *of_super;
static struct term *of_term;

/* The checkout: the current directory when it has the scripts, else three
 * levels above LOKET_BIN (…/build/san/loket). */
static void of_find_top(void)
{
	if (access("scripts/pgcluster.sh", X_OK) == 0 && getcwd(of_top, sizeof of_top))
		return;
	char bin[PATH_MAX];
	cr_assert_not_null(realpath(e2e_bin(), bin), "LOKET_BIN %s not found", e2e_bin());
	for (int i = 0; i < 3; i++) {
		char *slash = strrchr(bin, '/');
		if (slash)
			*slash = '\0';
	}
	snprintf(of_top, sizeof of_top, "%s", bin);
	char p[PATH_MAX + 32];
	snprintf(p, sizeof p, "%s/scripts/pgcluster.sh", of_top);
	cr_assert(access(p, X_OK) == 0, "no scripts/pgcluster.sh in . or %s", of_top);
}

/* Run a set-up command through the shell, its output appended to
 * <cluster dir>.log; its exit status. */
static int of_sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	cr_assert(n > 0 && (size_t)n < sizeof cmd - 64, "command too long");
	snprintf(cmd + n, sizeof cmd - (size_t)n, " >>%s.log 2>&1", of_cluster);
	int st = system(cmd);
	return st == -1 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void of_cluster_cmd(const char *what)
{
	cr_assert_eq(of_sh("'%s/scripts/pgcluster.sh' --dir '%s' --fast %s", of_top, of_cluster, what),
	             0, "pgcluster.sh %s failed; see %s.log", what, of_cluster);
	/* The test's own connection went down with the server. */
	if (strcmp(what, "up") == 0 && of_super) {
		PQreset(of_super);
		cr_assert_eq(PQstatus(of_super), CONNECTION_OK, "reconnect: %s",
		             PQerrorMessage(of_super));
	}
}

/* PGHOST and PGPORT of the dedicated cluster, from `pgcluster.sh env`. */
static void of_read_env(void)
{
	char cmd[PATH_MAX + 200];
	snprintf(cmd, sizeof cmd, "'%s/scripts/pgcluster.sh' --dir '%s' env", of_top, of_cluster);
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p, "popen %s", cmd);
	char line[512];
	while (fgets(line, sizeof line, p)) {
		char *semi = strchr(line, ';');
		if (semi)
			*semi = '\0';
		if (strncmp(line, "PGHOST=", 7) == 0)
			snprintf(of_host, sizeof of_host, "%.150s", line + 7);
		else if (strncmp(line, "PGPORT=", 7) == 0)
			snprintf(of_port, sizeof of_port, "%.15s", line + 7);
	}
	pclose(p);
	cr_assert(of_host[0] && of_port[0], "pgcluster.sh env named no PGHOST/PGPORT");
}

static void of_init(void)
{
	of_find_top();
	snprintf(of_cluster, sizeof of_cluster, "/tmp/lkoff-XXXXXX");
	cr_assert_not_null(mkdtemp(of_cluster), "mkdtemp %s", of_cluster);
	of_made = true;
	e2e_tmpdir(of_state, sizeof of_state, "offline");

	of_cluster_cmd("up");
	of_read_env();
	of_cluster_cmd("createdb loketoff");
	char dsn[300];
	snprintf(dsn, sizeof dsn, "host=%s port=%s dbname=loketoff user=postgres", of_host, of_port);
	cr_assert_eq(of_sh("'%s' -d '%s' db migrate --quiet", e2e_bin(), dsn), 0,
	             "migrate failed; see %s.log", of_cluster);
	cr_assert_eq(
	    of_sh("'%s' -d '%s' team add kcc --name 'Klantcontactcentrum'", e2e_bin(), dsn), 0,
	    "team add failed; see %s.log", of_cluster);
	cr_assert_eq(
	    of_sh("'%s' -d '%s' agent add %s --name 'Olga Offline' --role agent --team kcc",
	          e2e_bin(), dsn, of_login),
	    0, "agent add failed; see %s.log", of_cluster);

	const char *keys[] = {"host", "port", "dbname", "user", NULL};
	const char *vals[] = {of_host, of_port, "loketoff", "postgres", NULL};
	of_super = PQconnectdbParams(keys, vals, 0);
	cr_assert_eq(PQstatus(of_super), CONNECTION_OK, "connect to the dedicated cluster: %s",
	             PQerrorMessage(of_super));
	PQclear(dbt_ok(of_super,
	               "INSERT INTO loket.party (kind, bsn, initials, surname, birth_date, street, "
	               "house_number, postcode, city) VALUES ('person', '111222333', 'H.', 'Vries', "
	               "'1961-03-12', 'Lange Nieuwstraat', 7, '3512PB', 'Utrecht')",
	               0, NULL));
}

static void of_fini(void)
{
	term_free(&of_term);
	if (of_super)
		PQfinish(of_super);
	of_super = NULL;
	if (of_made) {
		/* Always: the cluster must not outlive the test. */
		char cmd[PATH_MAX + 200];
		snprintf(cmd, sizeof cmd, "'%s/scripts/pgcluster.sh' --dir '%s' destroy >/dev/null 2>&1",
		         of_top, of_cluster);
		if (system(cmd) != 0)
			fprintf(stderr, "test_offline: could not destroy %s\n", of_cluster);
		char log[96];
		snprintf(log, sizeof log, "%s.log", of_cluster);
		remove(log);
	}
	e2e_rmtree(of_state);
}

TestSuite(offline, .init = of_init, .fini = of_fini, .timeout = 180);

static struct term *of_start(void)
{
	char host[200], port[40];
	snprintf(host, sizeof host, "PGHOST=%s", of_host);
	snprintf(port, sizeof port, "PGPORT=%s", of_port);
	const char *const extra[] = {host, port, "PGSERVICE", NULL};
	return of_term = e2e_start("loketoff", of_login, of_state, 30, 120, extra, NULL);
}

static void of_quit(struct term *t)
{
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "loket did not exit cleanly:\n%s",
	             term_screen(t));
	e2e_no_sanitizer_report(t);
}

/* Contacts stored with this subject. */
static long of_stored(const char *subject)
{
	const char *p[] = {subject};
	return dbt_long(of_super, "SELECT count(*) FROM loket.interaction WHERE subject = $1", 1, p);
}

/* Open the customer, and fill in the contact form without saving. */
static void of_fill(struct term *t, const char *subject, const char *note)
{
	e2e_open_customer(t, "111222333", "Vries, H.", "customer: H. Vries");
	cr_assert(term_wait_text(t, "Timeline · all channels", 20000), "%s", term_screen(t));
	term_send(t, "n");
	cr_assert(term_wait_text(t, "Log the contact", 20000), "no contact form:\n%s",
	          term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Subject: ", 20000), "no subject prompt:\n%s", term_screen(t));
	term_send(t, subject);
	term_send(t, "\r");
	char shown[300];
	snprintf(shown, sizeof shown, " Subject    %s", subject);
	cr_assert(term_wait_text(t, shown, 20000), "subject not taken:\n%s", term_screen(t));
	term_send(t, "j\r");
	cr_assert(term_wait_text(t, "Outcome of the contact", 20000), "no outcome chooser:\n%s",
	          term_screen(t));
	term_send(t, "1");
	cr_assert(term_wait_text(t, " Outcome    answered", 20000), "%s", term_screen(t));
	term_send(t, "jj\r");
	cr_assert(term_wait_text(t, "typing: Esc ends", 20000), "note not in typing mode:\n%s",
	          term_screen(t));
	term_send(t, note);
	cr_assert(term_wait_text(t, note, 20000), "note text not shown:\n%s", term_screen(t));
	term_send(t, "\x1b");
	cr_assert(e2e_wait_gone(t, "typing: Esc ends", 20000), "Esc did not end typing:\n%s",
	          term_screen(t));
	cr_assert_eq(e2e_drafts(of_state, NULL, 0), 1,
	             "the draft is not journaled while it is typed");
}

/* Stop the database and wait until the console has noticed; then save. */
static void of_save_while_down(struct term *t)
{
	of_cluster_cmd("down");
	cr_assert(term_wait_text(t, "OFFLINE, retry in ", 30000),
	          "the status line does not say offline:\n%s", term_screen(t));
	term_send(t, "\x13");
	cr_assert(term_wait_text(t,
	                         "Offline: the contact is kept and will be sent when the "
	                         "connection is back.",
	                         20000),
	          "no offline message after ^S:\n%s", term_screen(t));
	cr_assert_eq(e2e_drafts(of_state, NULL, 0), 1, "the draft is not kept while offline");
}

Test(offline, lost_connection_keeps_the_draft_and_stores_it_once_when_back)
{
	const char *subject = "Paspoort verloren tijdens storing";
	struct term *t = of_start();
	of_fill(t, subject, "Melding gedaan bij politie");
	of_save_while_down(t);
	/* What was on screen stays: the customer view. */
	cr_assert(term_wait_text(t, "customer: H. Vries", 20000), "%s", term_screen(t));

	of_cluster_cmd("up");
	cr_assert(term_wait_text(t, "A kept contact was stored.", 60000),
	          "the kept contact was not resent after the reconnect:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, " · online", 20000), "status line not online:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, subject, 20000), "the stored contact is not on the timeline:\n%s",
	          term_screen(t));
	cr_assert_eq(e2e_drafts(of_state, NULL, 0), 0, "the draft stays after it was stored");
	cr_assert_eq(of_stored(subject), 1, "the contact was not stored exactly once");
	const char *lp[] = {of_login};
	cr_assert_eq(dbt_long(of_super,
	                      "SELECT count(*) FROM loket.note n JOIN loket.interaction i "
	                      "ON i.id = n.id JOIN loket.agent a ON a.id = n.agent_id "
	                      "WHERE n.body = 'Melding gedaan bij politie' AND a.login = $1",
	                      1, lp),
	             1, "the note was not stored once, with the contact, by the agent");
	of_quit(t);
}

Test(offline, a_console_killed_before_resending_offers_the_draft_at_next_start_and_stores_it_once)
{
	const char *subject = "Uittreksel aangevraagd";
	struct term *t = of_start();
	of_fill(t, subject, "Klant wil uittreksel per post");
	of_save_while_down(t);

	/* Keep a copy of the draft for a second sending later. */
	char name[128], path[512];
	cr_assert_eq(e2e_drafts(of_state, name, sizeof name), 1);
	snprintf(path, sizeof path, "%s/loket/drafts/%s", of_state, name);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot read %s", path);
	char draft[8192];
	size_t dlen = fread(draft, 1, sizeof draft, f);
	fclose(f);
	cr_assert(dlen > 0 && dlen < sizeof draft, "draft %s empty or too large", path);
	cr_assert(e2e_contains((const unsigned char *)draft, dlen, subject),
	          "the draft on disk lacks the subject");

	/* The console dies before the database is back. */
	cr_assert_eq(kill(term_pid(t), SIGKILL), 0);
	cr_assert_eq(term_wait_exit(t, 20000), 128 + SIGKILL);
	term_free(&of_term);
	of_cluster_cmd("up");
	cr_assert_eq(of_stored(subject), 0, "stored although the database was down");

	/* The next start offers it; sending it stores it. */
	t = of_start();
	cr_assert(term_wait_text(t, "A contact was not stored", 20000), "the draft is not offered:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, subject, 20000), "the offer does not name the subject:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "Send it now", 20000), "%s", term_screen(t));
	term_send(t, "1");
	cr_assert(term_wait_text(t, "A kept contact was stored.", 30000),
	          "the offered draft was not stored:\n%s", term_screen(t));
	cr_assert_eq(e2e_drafts(of_state, NULL, 0), 0, "the draft stays after it was stored");
	cr_assert_eq(of_stored(subject), 1, "the contact was not stored exactly once");
	of_quit(t);
	term_free(&of_term);

	/* The same draft once more (a copy restored from a backup, say): the
	 * database already has it under its UUID and stores nothing new. */
	f = fopen(path, "w");
	cr_assert_not_null(f, "cannot write %s", path);
	cr_assert_eq(fwrite(draft, 1, dlen, f), dlen);
	fclose(f);
	t = of_start();
	cr_assert(term_wait_text(t, "A contact was not stored", 20000),
	          "the restored draft is not offered:\n%s", term_screen(t));
	term_send(t, "1");
	cr_assert(term_wait_text(t, "A kept contact was stored.", 30000),
	          "the second sending was not answered:\n%s", term_screen(t));
	cr_assert_eq(e2e_drafts(of_state, NULL, 0), 0, "the draft stays after the second sending");
	cr_assert_eq(of_stored(subject), 1, "sent twice, stored twice");
	cr_assert_eq(dbt_long(of_super, "SELECT count(*) FROM loket.note", 0, NULL), 1,
	             "sent twice, two notes");
	of_quit(t);
}

Test(offline, a_server_shutdown_shows_on_the_status_line_without_writing_over_the_screen)
{
	struct term *t = of_start();
	cr_assert(term_wait_text(t, "My queues", 20000), "no my work:\n%s", term_screen(t));
	of_cluster_cmd("down");
	cr_assert(term_wait_text(t, "OFFLINE, retry in ", 30000),
	          "the status line does not say offline:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "Offline: the database cannot be reached", 20000),
	          "no offline message:\n%s", term_screen(t));
	/* The server's goodbye is not printed raw over the screen: the title
	 * bar is still the first line. */
	cr_assert(!e2e_ever_wrote(t, "terminating connection"),
	          "the server's message was written straight to the terminal:\n%s", term_screen(t));
	cr_assert_eq(strncmp(term_screen(t), " loket · my work", strlen(" loket · my work")), 0,
	             "the screen was scrolled or overwritten:\n%s", term_screen(t));
	of_cluster_cmd("up");
	cr_assert(term_wait_text(t, " · online", 60000), "did not come back online:\n%s",
	          term_screen(t));
	of_quit(t);
}

Test(offline, a_customer_opened_while_offline_opens_when_the_connection_is_back)
{
	struct term *t = of_start();
	cr_assert(term_wait_text(t, "My queues", 20000), "no my work:\n%s", term_screen(t));
	term_send(t, "/");
	cr_assert(term_wait_text(t, "Search: ", 20000), "no search prompt:\n%s", term_screen(t));
	term_send(t, "111222333\r");
	cr_assert(term_wait_text(t, "Vries, H.", 20000), "not found:\n%s", term_screen(t));
	of_cluster_cmd("down");
	cr_assert(term_wait_text(t, "OFFLINE, retry in ", 30000),
	          "the status line does not say offline:\n%s", term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Why are you opening this customer? (logged)", 20000),
	          "no purpose chooser:\n%s", term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "(^L tries again)", 20000), "no offline opening:\n%s",
	          term_screen(t));
	/* Back: the opening is made then, once, without a key. */
	of_cluster_cmd("up");
	cr_assert(term_wait_text(t, "customer: H. Vries", 60000), "not opened when back:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "Timeline · all channels", 20000), "%s", term_screen(t));
	cr_assert_eq(dbt_long(of_super,
	                      "SELECT count(*) FROM loket.access_log WHERE action = 'open' "
	                      "AND party_id = (SELECT id FROM loket.party WHERE bsn = '111222333')",
	                      0, NULL),
	             1, "not one opening in the access log");
	of_quit(t);
}

/* The outbox on the shared test cluster, without stopping it: a kept
 * contact whose resend is still under way when the agent also picks "Send
 * it now" at start-up is stored once, and its draft goes once it is. The
 * resend is held up by a transaction that holds its UUID's row lock; the
 * reconnect that starts the resend is forced by ending the console's
 * server process. */
static char ob_state[128];
static struct term *ob_term;
static PGconn *ob_blocker;

static void ob_init(void)
{
	dbt_setup();
	e2e_tmpdir(ob_state, sizeof ob_state, "outbox");
}

static void ob_fini(void)
{
	term_free(&ob_term);
	if (ob_blocker)
		PQfinish(ob_blocker);
	ob_blocker = NULL;
	e2e_rmtree(ob_state);
	dbt_teardown();
}

TestSuite(outbox, .init = ob_init, .fini = ob_fini, .timeout = 120);

/* A contact kept while it was being sent (as a killed console leaves it),
 * written by `login` (NULL: a draft that names no login). */
static void ob_keep_draft(const char *id, const char *login, const char *party)
{
	char dir[200], path[300], who[96] = "";
	snprintf(dir, sizeof dir, "%s/loket", ob_state);
	cr_assert(mkdir(dir, 0700) == 0 || errno == EEXIST);
	snprintf(dir, sizeof dir, "%s/loket/drafts", ob_state);
	cr_assert(mkdir(dir, 0700) == 0 || errno == EEXIST);
	snprintf(path, sizeof path, "%s/%s.json", dir, id);
	if (login)
		snprintf(who, sizeof who, "\"login\": \"%s\", ", login);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fprintf(f,
	        "{\"id\": \"%s\", %s\"party_id\": %s, \"state\": \"sending\", "
	        "\"customer\": \"H. Vries\", \"contact\": {\"party_id\": %s, \"channel\": \"phone\", "
	        "\"direction\": \"in\", \"subject\": \"Vraag over verhuizing\", "
	        "\"outcome\": \"answered\", \"note\": \"Verhuist per 1 mei\"}}\n",
	        id, who, party, party);
	fclose(f);
}

/* H. Vries (BSN 111222333) into party, and a new UUID for a draft into id. */
static void ob_vries(char *party, size_t plen, char *id, size_t ilen)
{
	e2e_value(party, plen,
	          "INSERT INTO loket.party (kind, bsn, initials, surname, birth_date) VALUES "
	          "('person', '111222333', 'H.', 'Vries', '1961-03-12') RETURNING id",
	          0, NULL);
	e2e_value(id, ilen, "SELECT gen_random_uuid()", 0, NULL);
}

/* Write draft `id` with the JSON `text` as is. */
static void ob_keep_raw(const char *id, const char *text)
{
	char dir[200], path[300];
	snprintf(dir, sizeof dir, "%s/loket", ob_state);
	cr_assert(mkdir(dir, 0700) == 0 || errno == EEXIST);
	snprintf(dir, sizeof dir, "%s/loket/drafts", ob_state);
	cr_assert(mkdir(dir, 0700) == 0 || errno == EEXIST);
	snprintf(path, sizeof path, "%s/%s.json", dir, id);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

/* Poll a count until it reaches `want`, pumping the terminal meanwhile. */
static bool ob_wait_count(struct term *t, const char *sql, int n, const char *const *p, long want,
                          int timeout_ms)
{
	for (int waited = 0;; waited += 100) {
		if (dbt_long(dbt.super, sql, n, p) == want)
			return true;
		if (waited >= timeout_ms)
			return false;
		e2e_pump(t, 100);
	}
}

Test(outbox, a_kept_contact_sent_again_while_its_resend_is_under_way_is_stored_once)
{
	const char *login = dbt_agent("agent", "kcc");
	char party[32], id[40];
	ob_vries(party, sizeof party, id, sizeof id);

	/* A contact kept while it was being sent, as a killed console leaves it. */
	ob_keep_draft(id, NULL, party);

	/* Another transaction holds the UUID: a send of it waits. */
	ob_blocker = dbt_connect("postgres");
	const char *bp[] = {id, party};
	PQclear(dbt_ok(ob_blocker, "BEGIN", 0, NULL));
	PQclear(dbt_ok(ob_blocker,
	               "INSERT INTO loket.contact_request (id, login, party_id, request, result) "
	               "VALUES ($1::uuid, 'blocker', $2::bigint, '{}', '{}')",
	               2, bp));

	struct term *t = ob_term = e2e_start(dbt.dbname, login, ob_state, 30, 120, NULL, NULL);
	cr_assert(term_wait_text(t, "A contact was not stored", 20000), "not offered:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "Vraag over verhuizing", 20000), "%s", term_screen(t));

	/* The connection drops and comes back: the outbox resends, and waits. */
	const char *lp[] = {login};
	cr_assert_geq(dbt_long(dbt.super,
	                       "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
	                       "FROM pg_stat_activity WHERE usename = $1",
	                       1, lp),
	              1, "the console's server process was not found");
	cr_assert(ob_wait_count(t,
	                        "SELECT count(*) FROM pg_stat_activity WHERE usename = $1 "
	                        "AND wait_event_type = 'Lock'",
	                        1, lp, 1, 30000),
	          "the resend after the reconnect did not start:\n%s", term_screen(t));

	/* Meanwhile the agent answers the offer: send it now. */
	cr_assert(term_wait_text(t, "Send it now", 20000), "the offer is gone:\n%s", term_screen(t));
	term_send(t, "1");
	cr_assert(term_wait_text(t, "Back online.", 20000), "%s", term_screen(t));

	/* The blocker gives way; the resend is stored, once. */
	PQclear(dbt_ok(ob_blocker, "ROLLBACK", 0, NULL));
	const char *ip[] = {id};
	cr_assert(ob_wait_count(t, "SELECT count(*) FROM loket.interaction WHERE id = $1::uuid", 1,
	                        ip, 1, 30000),
	          "the kept contact was not stored:\n%s", term_screen(t));
	cr_assert(term_wait_text(t, "A kept contact was stored.", 20000),
	          "the console does not say the kept contact was stored:\n%s", term_screen(t));
	cr_assert_eq(e2e_drafts(ob_state, NULL, 0), 0,
	             "the draft stays although its contact is stored");
	cr_assert_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.interaction", 0, NULL), 1,
	             "stored more than once");
	of_quit(t);
}

Test(outbox, a_draft_is_offered_to_its_own_login_only)
{
	/* Two agents taking turns on one workstation account: the contact one
	 * of them kept names their customer and question, and is not the
	 * other's to see or to send. */
	const char *mine = dbt_agent("agent", "kcc");
	const char *other = dbt_agent("agent", "kcc");
	char party[32], id[40];
	ob_vries(party, sizeof party, id, sizeof id);
	ob_keep_draft(id, mine, party);

	/* The other login: no offer (it would be open before my work is
	 * drawn), nothing sent, the draft left where it is. */
	struct term *t = ob_term = e2e_start(dbt.dbname, other, ob_state, 30, 120, NULL, NULL);
	cr_assert(term_wait_text(t, "My queues", 20000), "%s", term_screen(t));
	/* The rest of that first frame (an offer is drawn over my work). */
	e2e_pump(t, 500);
	cr_assert_null(strstr(term_screen(t), "A contact was not stored"), "%s", term_screen(t));
	cr_assert_null(strstr(term_screen(t), "Vraag over verhuizing"), "%s", term_screen(t));
	of_quit(t);
	term_free(&ob_term);
	cr_assert_eq(e2e_drafts(ob_state, NULL, 0), 1, "the other login's console removed the draft");
	cr_assert_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.interaction", 0, NULL), 0,
	             "the other login's console sent the draft");

	/* Its own login: offered. */
	t = ob_term = e2e_start(dbt.dbname, mine, ob_state, 30, 120, NULL, NULL);
	cr_assert(term_wait_text(t, "A contact was not stored", 20000), "not offered:\n%s",
	          term_screen(t));
	cr_assert(term_wait_text(t, "Vraag over verhuizing", 20000), "%s", term_screen(t));
	term_send(t, "1");
	const char *ip[] = {id};
	cr_assert(ob_wait_count(t, "SELECT count(*) FROM loket.interaction WHERE id = $1::uuid", 1,
	                        ip, 1, 30000),
	          "the draft was not stored for its own login:\n%s", term_screen(t));
	of_quit(t);
}

Test(outbox, a_kept_draft_whose_agreement_fell_due_is_not_sent_as_it_is)
{
	/* Kept two days ago with a callback due yesterday; and one whose login
	 * is not text, which is no one's to send. */
	const char *login = dbt_agent("agent", "kcc");
	char party[32], id[40], odd[40], text[1024];
	ob_vries(party, sizeof party, id, sizeof id);
	e2e_value(odd, sizeof odd, "SELECT gen_random_uuid()", 0, NULL);
	snprintf(text, sizeof text,
	         "{\"id\": \"%s\", \"login\": \"%s\", \"party_id\": %s, \"state\": \"editing\", "
	         "\"customer\": \"H. Vries\", \"contact\": {\"party_id\": %s, \"channel\": \"phone\", "
	         "\"direction\": \"in\", \"subject\": \"Terugbelverzoek\", \"outcome\": "
	         "\"callback_requested\", \"agreement\": {\"kind\": \"callback\", "
	         "\"due_at\": \"2020-01-01T17:00:00+01:00\"}}}\n",
	         id, login, party, party);
	ob_keep_raw(id, text);
	snprintf(text, sizeof text,
	         "{\"id\": \"%s\", \"login\": 42, \"party_id\": %s, \"state\": \"editing\", "
	         "\"customer\": \"H. Vries\", \"contact\": {\"party_id\": %s, \"channel\": \"phone\", "
	         "\"direction\": \"in\", \"subject\": \"Niet van mij\", \"outcome\": \"answered\"}}\n",
	         odd, party, party);
	ob_keep_raw(odd, text);

	struct term *t = ob_term = e2e_start(dbt.dbname, login, ob_state, 30, 120, NULL, NULL);
	cr_assert(term_wait_text(t, "Terugbelverzoek", 20000), "not offered:\n%s", term_screen(t));
	/* "Send it now" is not what is offered first; chosen anyway, the form opens. */
	cr_assert(term_wait_text(t, "> 2  Continue editing it", 20000), "%s", term_screen(t));
	term_send(t, "1");
	cr_assert(term_wait_text(t, "has fallen due since it was kept", 20000), "%s", term_screen(t));
	cr_assert(term_wait_text(t, "Log the contact", 20000), "the form did not open:\n%s",
	          term_screen(t));
	cr_assert_eq(dbt_long(dbt.super, "SELECT count(*) FROM loket.interaction", 0, NULL), 0,
	             "sent with its agreement overdue");
	cr_assert_null(strstr(term_screen(t), "Niet van mij"), "%s", term_screen(t));
	term_send(t, "Q");
	cr_assert_eq(term_wait_exit(t, 20000), 0, "%s", term_screen(t));
}
