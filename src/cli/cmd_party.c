/* cmd_party.c — loket search QUERY [--json] and loket show PARTY --purpose P
 * [--json]: the console's search and customer view for scripts, through the
 * same api calls (and so the same access logging). */
#include "cli/cli.h"
#include "core/found.h"
#include "core/query.h"
#include "core/text.h"
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

static void print_view(const json_t *v)
{
	const json_t *p = json_object_get(v, "party");
	out(json_string_value(json_object_get(p, "display_name")));
	printf("  BSN %s  born %s\n",
	       json_string_value(json_object_get(p, "bsn_masked"))
	               ? json_string_value(json_object_get(p, "bsn_masked"))
	               : "-",
	       json_string_value(json_object_get(p, "birth_date"))
	               ? json_string_value(json_object_get(p, "birth_date"))
	               : "-");
	out(json_string_value(json_object_get(json_object_get(p, "address"), "line")));
	putchar('\n');
	size_t i;
	const json_t *x;
	json_array_foreach(json_object_get(v, "alerts"), i, x)
	{
		fputs("! ", stdout);
		out(json_string_value(json_object_get(x, "text")));
		putchar('\n');
	}
	/* Open cases first (the view lists them first), then those closed in
	 * the last 90 days under their own heading: a customer often calls
	 * about a decision just made, and the agent needs to see that the case
	 * is closed, and since when, not mistake it for open work. */
	bool closed_heading = false;
	json_array_foreach(json_object_get(v, "cases"), i, x)
	{
		const char *closed = json_string_value(json_object_get(x, "closed_at"));
		if (closed && !closed_heading) {
			puts("Closed in the last 90 days:");
			closed_heading = true;
		}
		printf("%scase %s ", closed ? "  " : "",
		       json_string_value(json_object_get(x, "ref")));
		out(json_string_value(json_object_get(x, "status")));
		if (closed)
			printf(" %.10s", closed);
		fputs("  ", stdout);
		out(json_string_value(json_object_get(x, "subject")));
		putchar('\n');
	}
	json_array_foreach(json_object_get(v, "agreements"), i, x)
	{
		printf("agreement %s ", json_string_value(json_object_get(x, "status")));
		out(json_string_value(json_object_get(x, "kind")));
		fputs(" due ", stdout);
		out(json_string_value(json_object_get(x, "due_at")));
		putchar('\n');
	}
	/* A note logged with its contact has the contact's id: it is shown
	 * under the contact, not as a line of its own that repeats it. */
	const json_t *items = json_object_get(json_object_get(v, "timeline"), "items");
	json_array_foreach(items, i, x)
	{
		bool note = item_is(x, "note");
		const char *id = json_string_value(json_object_get(x, "id"));
		if (note && item_with_id(items, "interaction", id))
			continue;
		out(json_string_value(json_object_get(x, "at")));
		fputs("  ", stdout);
		const char *channel = json_string_value(json_object_get(x, "channel"));
		out(channel ? channel : "-");
		fputs("  ", stdout);
		if (note) {
			const char *about = json_string_value(json_object_get(x, "subject"));
			if (!about)
				about = json_string_value(json_object_get(x, "case_ref"));
			fputs("note", stdout);
			if (about) {
				fputs(" on ", stdout);
				out(about);
			}
			print_note_text(x);
			continue;
		}
		out(json_string_value(json_object_get(x, "subject")));
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
