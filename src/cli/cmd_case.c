/* cmd_case.c — loket case claim|release|transfer REF [--to AGENT|TEAM],
 * loket note …, loket state STATE: acting on cases and logging contacts
 * from scripts, through the same api calls as the console. */
#include "cli/cli.h"
#include "core/caseref.h"
#include "db/db.h"
#include "db/work.h"
#include "io/files.h"

#include <jansson.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Run a call that returns one jsonb value; print it; exit code from the
 * SQLSTATE on failure. */
static int call_json(PGconn *c, const char *what, const char *sql, int n, const char *const *p)
{
	int rc;
	char *err = NULL;
	char *v = db_call_text(c, sql, n, p, &err, &rc);
	if (!v) {
		cli_error(what, err);
		free(err);
		return rc;
	}
	puts(v);
	free(v);
	return LOKET_EXIT_OK;
}

/* Is `name` an agent login (1), a team code (2), or neither (0)? */
static int agent_or_team(PGconn *c, const char *name)
{
	const char *p[] = {name};
	PGresult *r = PQexecParams(c, "SELECT (SELECT count(*) FROM api.agent_list() WHERE login = $1), "
	                              "(SELECT count(*) FROM api.team_list() WHERE code = $1)",
	                           1, NULL, p, NULL, NULL, 0);
	int kind = 0;
	if (PQresultStatus(r) == PGRES_TUPLES_OK) {
		if (strcmp(PQgetvalue(r, 0, 0), "0") != 0)
			kind = 1;
		else if (strcmp(PQgetvalue(r, 0, 1), "0") != 0)
			kind = 2;
	}
	PQclear(r);
	return kind;
}

/* Is `status` "closed" as the database reads it (lower case, spaces
 * around it removed)? */
static bool is_closed(const char *status)
{
	status += strspn(status, " ");
	size_t n = strlen(status);
	while (n && status[n - 1] == ' ')
		n--;
	return n == 6 && strncasecmp(status, "closed", 6) == 0;
}

int cli_case(int argc, char **argv, const char *dsn)
{
	if (argc < 2) {
		fputs("usage: loket case claim|release REF\n"
		      "       loket case transfer REF --to AGENT|TEAM\n"
		      "       loket case status REF STATUS [--result TEXT]\n",
		      stderr);
		return LOKET_EXIT_USAGE;
	}
	const char *sub = argv[0], *to = NULL, *result = NULL, *status = NULL;
	char ref[32];
	if (!core_case_ref_normalise(argv[1], ref, sizeof ref)) {
		fprintf(stderr, "loket: case %s: \"%s\" is not a case reference (like Z-2026-000123)\n",
		        sub, argv[1]);
		return LOKET_EXIT_USAGE;
	}
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--to") == 0 && i + 1 < argc)
			to = argv[++i];
		else if (strcmp(argv[i], "--result") == 0 && i + 1 < argc)
			result = argv[++i];
		else if (strcmp(sub, "status") == 0 && !status)
			status = argv[i];
		else {
			fprintf(stderr, "loket: case %s: unexpected argument %s\n", sub, argv[i]);
			return LOKET_EXIT_USAGE;
		}
	}
	bool claim = strcmp(sub, "claim") == 0, release = strcmp(sub, "release") == 0,
	     transfer = strcmp(sub, "transfer") == 0, st = strcmp(sub, "status") == 0;
	if (!claim && !release && !transfer && !st) {
		fprintf(stderr, "loket: case: unknown command \"%s\"\n", sub);
		return LOKET_EXIT_USAGE;
	}
	if ((transfer && !to) || (!transfer && to) || (st && !status)) {
		fprintf(stderr, "loket: case %s: %s\n", sub,
		        transfer ? "--to AGENT|TEAM is required" : st ? "say which STATUS" : "--to is only for transfer");
		return LOKET_EXIT_USAGE;
	}
	/* The database refuses it too; here the message can name the option. */
	if (st && !result && is_closed(status)) {
		fputs("loket: case status: closing a case needs its result: add --result TEXT "
		      "(what was decided for the customer)\n",
		      stderr);
		return LOKET_EXIT_USAGE;
	}
	PGconn *c = cli_connect(dsn);
	if (!c)
		return LOKET_EXIT_CONNECT;
	int rc;
	if (claim || release) {
		const char *p[] = {ref};
		rc = call_json(c, claim ? "case claim" : "case release",
		               claim ? DB_SQL_CASE_CLAIM : DB_SQL_CASE_RELEASE, 1, p);
	} else if (transfer) {
		int kind = agent_or_team(c, to);
		if (kind == 0) {
			fprintf(stderr, "loket: case transfer: \"%s\" is neither an agent nor a team\n", to);
			rc = LOKET_EXIT_NOTFOUND;
		} else {
			const char *p[] = {ref, kind == 1 ? to : NULL, kind == 2 ? to : NULL};
			rc = call_json(c, "case transfer", DB_SQL_CASE_TRANSFER, 3, p);
		}
	} else {
		const char *p[] = {ref, status, result};
		rc = call_json(c, "case status", DB_SQL_CASE_STATUS, 3, p);
	}
	PQfinish(c);
	return rc;
}

int cli_note(int argc, char **argv, const char *dsn)
{
	const char *party = NULL, *ref_in = NULL, *channel = NULL, *subject = NULL, *outcome = NULL,
	           *id = NULL, *direction = "in";
	for (int i = 0; i < argc; i++) {
		const char **dst = NULL;
		if (strcmp(argv[i], "--party") == 0)
			dst = &party;
		else if (strcmp(argv[i], "--case") == 0)
			dst = &ref_in;
		else if (strcmp(argv[i], "--channel") == 0)
			dst = &channel;
		else if (strcmp(argv[i], "--subject") == 0)
			dst = &subject;
		else if (strcmp(argv[i], "--outcome") == 0)
			dst = &outcome;
		else if (strcmp(argv[i], "--id") == 0)
			dst = &id;
		else if (strcmp(argv[i], "--direction") == 0)
			dst = &direction;
		if (!dst || i + 1 >= argc) {
			fprintf(stderr, "loket: note: %s %s\n", argv[i], dst ? "needs a value" : "is not an option");
			return LOKET_EXIT_USAGE;
		}
		*dst = argv[++i];
	}
	char refbuf[32];
	const char *ref = NULL;
	if (ref_in) {
		if (!core_case_ref_normalise(ref_in, refbuf, sizeof refbuf)) {
			fprintf(stderr, "loket: note: \"%s\" is not a case reference\n", ref_in);
			return LOKET_EXIT_USAGE;
		}
		ref = refbuf;
	}
	if ((!party && !ref) || !channel || !subject || !outcome) {
		fputs("usage: loket note --party ID|--case REF --channel C --subject S --outcome O "
		      "[--direction in|out] [--id UUID] < text\n",
		      stderr);
		return LOKET_EXIT_USAGE;
	}
	char uuid[37];
	if (id && !db_uuid_valid(id)) {
		fprintf(stderr, "loket: note: --id \"%s\" is not a UUID (8-4-4-4-12 hexadecimal digits)\n",
		        id);
		return LOKET_EXIT_USAGE;
	}
	if (id) {
		snprintf(uuid, sizeof uuid, "%s", id);
	} else if (!db_uuid_new(uuid)) {
		cli_error("note", "no randomness for a UUID");
		return LOKET_EXIT_FAIL;
	}
	/* The note, at most 1 MiB: nothing but white space there is a mistake
	 * upstream (a pipe from a command that failed), not a note. */
	size_t len = 0;
	char *text = io_read_all(stdin, (1u << 20) + 1, &len);
	if (!text) {
		fprintf(stderr, "loket: note: cannot read the note on standard input: %s\n",
		        strerror(errno));
		return LOKET_EXIT_FAIL;
	}
	if (len > (1u << 20)) {
		fputs("loket: note: the note on standard input is larger than 1 MiB\n", stderr);
		free(text);
		return LOKET_EXIT_USAGE;
	}
	if (text[strspn(text, " \t\r\n")] == '\0') {
		fputs("loket: note: no note on standard input (the note is the text read from it)\n",
		      stderr);
		free(text);
		return LOKET_EXIT_USAGE;
	}
	json_t *note = strlen(text) == len ? json_string(text) : NULL;
	free(text);
	if (!note) {
		fputs("loket: note: the note on standard input is not UTF-8 text\n", stderr);
		return LOKET_EXIT_USAGE;
	}
	PGconn *c = cli_connect(dsn);
	if (!c) {
		json_decref(note);
		return LOKET_EXIT_CONNECT;
	}
	int rc = LOKET_EXIT_OK;
	json_int_t party_id = 0;
	if (party) {
		char *end;
		party_id = strtoll(party, &end, 10);
		if (*end || party_id <= 0) {
			fprintf(stderr, "loket: note: --party \"%s\" is not a customer number\n", party);
			rc = LOKET_EXIT_USAGE;
		}
	} else {
		/* The case names its customer; reading it is logged as such. */
		const char *p[] = {ref, NULL};
		char *err = NULL;
		char *v = db_call_text(c, DB_SQL_CASE_GET, 2, p, &err, &rc);
		if (!v) {
			cli_error("note", err);
			free(err);
		} else {
			json_t *cj = json_loads(v, 0, NULL);
			party_id = json_integer_value(json_object_get(json_object_get(cj, "party"), "id"));
			json_decref(cj);
			free(v);
		}
	}
	if (rc == LOKET_EXIT_OK) {
		json_t *body = json_pack("{s:I, s:s, s:s, s:s, s:s}", "party_id", party_id, "channel",
		                         channel, "direction", direction, "subject", subject, "outcome",
		                         outcome);
		if (!body) {
			fputs("loket: note: --channel, --direction, --subject and --outcome must be UTF-8 "
			      "text\n",
			      stderr);
			json_decref(note);
			PQfinish(c);
			return LOKET_EXIT_USAGE;
		}
		if (ref)
			json_object_set_new(body, "case_ref", json_string(ref));
		json_object_set_new(body, "note", json_incref(note));
		char *js = json_dumps(body, JSON_COMPACT);
		json_decref(body);
		const char *p[] = {uuid, js};
		rc = call_json(c, "note", DB_SQL_CONTACT_LOG, 2, p);
		free(js);
	}
	json_decref(note);
	PQfinish(c);
	return rc;
}

int cli_state(int argc, char **argv, const char *dsn)
{
	if (argc != 1) {
		fputs("usage: loket state available|busy|wrap_up|break|offline\n", stderr);
		return LOKET_EXIT_USAGE;
	}
	PGconn *c = cli_connect(dsn);
	if (!c)
		return LOKET_EXIT_CONNECT;
	const char *p[] = {argv[0]};
	int rc = call_json(c, "state", DB_SQL_AGENT_STATE, 1, p);
	PQfinish(c);
	return rc;
}
