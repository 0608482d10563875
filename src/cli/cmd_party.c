/* cmd_party.c — loket search QUERY [--json] and loket show PARTY --purpose P
 * [--json]: the console's search and customer view for scripts, through the
 * same api calls (and so the same access logging). */
#include "cli/cli.h"
#include "core/found.h"
#include "core/query.h"
#include "core/text.h"
#include "core/tstamp.h"
#include "db/db.h"
#include "db/party.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Untrusted text on a terminal: cleaned of control characters (flags as
 * core_text_sanitise takes them). */
static void out_as(const char *s, unsigned flags)
{
	char *c = core_text_sanitise(s ? s : "", strlen(s ? s : ""), flags);
	fputs(c ? c : "", stdout);
	free(c);
}

static void out(const char *s)
{
	out_as(s, 0);
}

static int search_cmd(PGconn *c, const char *query, bool json)
{
	struct core_query q;
	core_query_classify(query, &q);
	struct db_search_args args;
	char why[200];
	if (!db_search_args(&q, CORE_FOUND_SHOWN + 1, &args, why, sizeof why)) {
		fprintf(stderr, "loket: search: cannot search \"%s\": %s\n", query, why);
		return LOKET_EXIT_USAGE;
	}
	PGresult *r = PQexecParams(c, DB_SQL_PARTY_SEARCH, 6, NULL, args.v, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		char *m = db_error_message(r, c);
		cli_error("search", m);
		free(m);
		int rc = db_error_exit_code(r);
		PQclear(r);
		return rc;
	}
	/* One more than listed was asked for, to tell a complete list from a cut one. */
	int n = PQntuples(r);
	bool more = n > CORE_FOUND_SHOWN;
	if (more)
		n = CORE_FOUND_SHOWN;
	if (json) {
		json_t *arr = json_array();
		for (int i = 0; i < n; i++) {
			json_t *o = json_object();
			for (int f = 0; f < PQnfields(r); f++) {
				const char *name = PQfname(r, f);
				if (PQgetisnull(r, i, f))
					json_object_set_new(o, name, json_null());
				else if (strcmp(name, "party_id") == 0 || strcmp(name, "open_cases") == 0)
					json_object_set_new(o, name,
					                    json_integer(strtoll(PQgetvalue(r, i, f), NULL, 10)));
				else if (strcmp(name, "score") == 0)
					json_object_set_new(o, name, json_real(strtod(PQgetvalue(r, i, f), NULL)));
				else
					json_object_set_new(o, name, json_string(PQgetvalue(r, i, f)));
			}
			json_array_append_new(arr, o);
		}
		json_t *doc = json_pack("{s:s, s:o, s:b}", "kind", core_query_kind_name(q.kind),
		                        "results", arr, "more", more);
		char *s = json_dumps(doc, JSON_INDENT(2));
		puts(s);
		free(s);
		json_decref(doc);
	} else {
		for (int i = 0; i < n; i++) {
			printf("%-8s ", PQgetvalue(r, i, 0));
			out(PQgetvalue(r, i, 3));
			printf("  %s  %s  ", PQgetvalue(r, i, 4), PQgetvalue(r, i, 5));
			out(PQgetisnull(r, i, 6) ? "-" : PQgetvalue(r, i, 6));
			printf("  %s open\n", PQgetvalue(r, i, 7));
		}
		if (n == 0)
			fprintf(stderr, "loket: search: no customer found for \"%s\" (as %s)\n", query,
			        core_query_kind_name(q.kind));
		if (more)
			fprintf(stderr,
			        "loket: search: more than %d found for \"%s\" (as %s), only the first %d "
			        "listed; to narrow the search, %s\n",
			        CORE_FOUND_SHOWN, query, core_query_kind_name(q.kind), CORE_FOUND_SHOWN,
			        core_found_narrow(&q));
	}
	PQclear(r);
	if (n == 0 && q.kind == CORE_Q_NAME && !json) {
		const char *p[] = {q.key, "5"};
		r = PQexecParams(c, DB_SQL_NAME_SUGGEST, 2, NULL, p, NULL, NULL, 0);
		if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) {
			fputs("nearest names:", stderr);
			for (int i = 0; i < PQntuples(r); i++)
				fprintf(stderr, " %s", PQgetvalue(r, i, 0));
			fputc('\n', stderr);
		}
		PQclear(r);
	}
	return n ? LOKET_EXIT_OK : LOKET_EXIT_NOTFOUND;
}

/* Is timeline item `x` of `type` ("interaction", "note")? */
static bool item_is(const json_t *x, const char *type)
{
	const char *t = json_string_value(json_object_get(x, "type"));
	return t && strcmp(t, type) == 0;
}

/* The item of `type` with id `id` among `items`, or NULL. */
static const json_t *item_with_id(const json_t *items, const char *type, const char *id)
{
	size_t i;
	const json_t *x;
	json_array_foreach(items, i, x)
	{
		const char *xid = json_string_value(json_object_get(x, "id"));
		if (id && xid && strcmp(xid, id) == 0 && item_is(x, type))
			return x;
	}
	return NULL;
}

/* ": <the note's text on one line>" and the end of the line. */
static void print_note_text(const json_t *note)
{
	const char *text = json_string_value(json_object_get(note, "excerpt"));
	fputs(": ", stdout);
	if (text)
		out_as(text, CORE_TEXT_FOLD_SPACE);
	else
		fputs(json_is_true(json_object_get(note, "confidential")) ? "[confidential]" : "-",
		      stdout);
	putchar('\n');
}

/* A string member of `o`, or NULL. */
static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* An instant of the view ("2026-11-24T19:48:11.089555+01:00", Dutch time)
 * as the text writes times: "2026-11-24 19:48". */
static void out_time(const char *at)
{
	char t[CORE_TSTAMP_SIZE];
	if (at && core_tstamp_amsterdam(at, t, sizeof t))
		printf("%.10s %.5s", t, t + 11);
	else
		out(at ? at : "-");
}

/* The customer: name, BSN and birth date (KvK number for an organisation)
 * and what an agent must know before saying anything: confidential, or
 * their data to be checked. */
static void print_party(const json_t *p)
{
	out(str(p, "display_name"));
	const char *kind = str(p, "kind");
	if (kind && strcmp(kind, "organisation") == 0) {
		fputs("  KvK ", stdout);
		out(str(p, "kvk") ? str(p, "kvk") : "-");
	} else {
		printf("  BSN %s  born %s", str(p, "bsn_masked") ? str(p, "bsn_masked") : "-",
		       str(p, "birth_date") ? str(p, "birth_date") : "-");
	}
	if (json_is_true(json_object_get(p, "confidential")))
		fputs("  [CONFIDENTIAL]", stdout);
	if (json_is_true(json_object_get(p, "needs_review")))
		fputs("  [needs review]", stdout);
	putchar('\n');
	out(str(json_object_get(p, "address"), "line"));
	putchar('\n');
}

/* Open agreements first (the view lists them first), then the latest
 * kept, broken or cancelled ones under their own heading. */
static void print_agreements(const json_t *ags)
{
	bool done_heading = false;
	size_t i;
	const json_t *x;
	json_array_foreach(ags, i, x)
	{
		const char *status = str(x, "status");
		bool open = status && strcmp(status, "open") == 0;
		if (!open && !done_heading) {
			puts("Agreements no longer open:");
			done_heading = true;
		}
		fputs(open ? "agreement " : "  agreement ", stdout);
		out(status);
		putchar(' ');
		out(str(x, "kind"));
		fputs(" due ", stdout);
		out_time(str(x, "due_at"));
		if (json_is_true(json_object_get(x, "overdue")))
			fputs(" [overdue]", stdout);
		if (str(x, "description")) {
			fputs("  ", stdout);
			out_as(str(x, "description"), CORE_TEXT_FOLD_SPACE);
		}
		putchar('\n');
	}
}

static void print_view(const json_t *v)
{
	print_party(json_object_get(v, "party"));
	size_t i;
	const json_t *x;
	json_array_foreach(json_object_get(v, "alerts"), i, x)
	{
		fputs("! ", stdout);
		out(str(x, "text"));
		putchar('\n');
	}
	/* Open cases first (the view lists them first), then those closed in
	 * the last 90 days under their own heading: a customer often calls
	 * about a decision just made, and the agent needs to see that the case
	 * is closed, and since when, not mistake it for open work. */
	bool closed_heading = false;
	json_array_foreach(json_object_get(v, "cases"), i, x)
	{
		const char *closed = str(x, "closed_at");
		if (closed && !closed_heading) {
			puts("Closed in the last 90 days:");
			closed_heading = true;
		}
		printf("%scase %s ", closed ? "  " : "", str(x, "ref"));
		out(str(x, "status"));
		if (closed)
			printf(" %.10s", closed);
		fputs("  ", stdout);
		out(str(x, "subject"));
		putchar('\n');
	}
	print_agreements(json_object_get(v, "agreements"));
	/* A note logged with its contact has the contact's id: it is shown
	 * under the contact, not as a line of its own that repeats it. */
	const json_t *items = json_object_get(json_object_get(v, "timeline"), "items");
	json_array_foreach(items, i, x)
	{
		bool note = item_is(x, "note");
		const char *id = str(x, "id");
		if (note && item_with_id(items, "interaction", id))
			continue;
		out_time(str(x, "at"));
		fputs("  ", stdout);
		out(str(x, "channel") ? str(x, "channel") : "-");
		fputs("  ", stdout);
		if (note) {
			const char *about =
			    str(x, "subject") ? str(x, "subject") : str(x, "case_ref");
			fputs("note", stdout);
			if (about) {
				fputs(" on ", stdout);
				out(about);
			}
			print_note_text(x);
			continue;
		}
		if (json_is_true(json_object_get(x, "confidential")))
			fputs("[confidential] ", stdout);
		out(str(x, "subject") ? str(x, "subject") : "-");
		putchar('\n');
		const json_t *with = item_with_id(items, "note", id);
		if (with) {
			fputs("    note", stdout);
			print_note_text(with);
		}
	}
}

static int show_cmd(PGconn *c, const char *party, const char *purpose, bool json)
{
	char *end;
	long id = strtol(party, &end, 10);
	if (*party == '\0' || *end != '\0' || id <= 0) {
		fprintf(stderr, "loket: show: \"%s\" is not a customer number (see loket search)\n",
		        party);
		return LOKET_EXIT_USAGE;
	}
	char terminal[160];
	const char *tty = isatty(STDIN_FILENO) ? ttyname(STDIN_FILENO) : NULL;
	snprintf(terminal, sizeof terminal, "cli:%s", tty ? tty : "script");
	const char *p[] = {party, purpose, terminal, "50"};
	int rc;
	char *err = NULL;
	char *v = db_call_text(c, DB_SQL_PARTY_OPEN, 4, p, &err, &rc);
	if (!v) {
		cli_error("show", err);
		free(err);
		return rc;
	}
	json_t *doc = json_loads(v, 0, NULL);
	free(v);
	if (!doc) {
		cli_error("show", "the database sent a view that is not JSON");
		return LOKET_EXIT_FAIL;
	}
	if (json) {
		char *s = json_dumps(doc, JSON_INDENT(2));
		puts(s);
		free(s);
	} else {
		print_view(doc);
	}
	json_decref(doc);
	return LOKET_EXIT_OK;
}

int cli_search(int argc, char **argv, const char *dsn)
{
	bool json = false;
	char query[512] = "";
	size_t used = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
			continue;
		}
		/* A query never starts with "--": a mistyped option is not searched for. */
		if (strncmp(argv[i], "--", 2) == 0) {
			fprintf(stderr, "loket: search: %s is not an option (only --json is)\n", argv[i]);
			return LOKET_EXIT_USAGE;
		}
		int w = snprintf(query + used, sizeof query - used, "%s%s", used ? " " : "", argv[i]);
		if (w < 0 || (size_t)w >= sizeof query - used) {
			fprintf(stderr, "loket: search: the query is longer than %zu bytes\n",
			        sizeof query - 1);
			return LOKET_EXIT_USAGE;
		}
		used += (size_t)w;
	}
	if (!used) {
		fputs("usage: loket search QUERY [--json]\n", stderr);
		return LOKET_EXIT_USAGE;
	}
	PGconn *c = cli_connect(dsn);
	if (!c)
		return LOKET_EXIT_CONNECT;
	int rc = search_cmd(c, query, json);
	PQfinish(c);
	return rc;
}

int cli_show(int argc, char **argv, const char *dsn)
{
	bool json = false;
	const char *party = NULL, *purpose = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--purpose") == 0 && i + 1 < argc)
			purpose = argv[++i];
		else if (!party && argv[i][0] != '-')
			party = argv[i];
		else {
			fprintf(stderr, "loket: show: unexpected argument %s\n", argv[i]);
			return LOKET_EXIT_USAGE;
		}
	}
	if (!party || !purpose) {
		fputs("usage: loket show PARTY --purpose PURPOSE [--json]\n"
		      "purposes: contact, callback, case, agreement, complaint, access_request, quality\n",
		      stderr);
		return LOKET_EXIT_USAGE;
	}
	PGconn *c = cli_connect(dsn);
	if (!c)
		return LOKET_EXIT_CONNECT;
	int rc = show_cmd(c, party, purpose, json);
	PQfinish(c);
	return rc;
}
