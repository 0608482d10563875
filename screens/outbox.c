/* outbox.c — contacts kept on disk (io/journal.h) that still have to reach
 * the database: sent again after a reconnect, and offered at start-up when
 * a console was closed or killed before they were stored. */
#include "core/due.h"
#include "db/work.h"
#include "io/journal.h"
#include "screens/screens.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A contact on its way to the database; it is the owner of its query, so
 * each result finds its own draft. */
struct pending {
	struct pending *next;
	char id[37];
	struct app *app;
};
static struct pending *inflight;

static bool on_its_way(const char *id)
{
	for (struct pending *p = inflight; p; p = p->next)
		if (strcmp(p->id, id) == 0)
			return true;
	return false;
}

static void unlink_pending(struct pending *x)
{
	for (struct pending **p = &inflight; *p; p = &(*p)->next) {
		if (*p == x) {
			*p = x->next;
			return;
		}
	}
}

/* The draft goes only once the server has it. */
static void resent(void *owner, const PGresult *r, const char *err, const char *state)
{
	struct pending *x = owner;
	unlink_pending(x);
	struct app *a = x->app;
	if (r) {
		journal_remove(x->id);
		app_message(a, false, "A kept contact was stored.");
		app_run_action(a, A_REFRESH, NULL);
	} else if (!dbq_lost(state)) {
		/* Refused for its content: keep it as an editable draft. */
		char *e = NULL;
		json_t *d = journal_read(x->id, &e);
		if (d) {
			json_object_set_new(d, "state", json_string("editing"));
			journal_write(x->id, d, true, &e);
			json_decref(d);
		}
		free(e);
		app_message(a, true, "A kept contact was refused (%s); it stays a draft.", err);
	}
	free(x);
}

static void send_one(struct app *a, const char *id, const json_t *d)
{
	if (on_its_way(id))
		return;
	char *js = json_dumps(json_object_get(d, "contact"), JSON_COMPACT | JSON_SORT_KEYS);
	if (!js)
		return;
	struct pending *x = calloc(1, sizeof *x);
	snprintf(x->id, sizeof x->id, "%s", id);
	x->app = a;
	x->next = inflight;
	inflight = x;
	const char *p[] = {id, js};
	dbq_send(app_db(a), x, resent, DB_SQL_CONTACT_LOG, 2, p);
	free(js);
}

void outbox_online(struct app *a)
{
	char **ids = journal_list();
	for (int i = 0; ids[i]; i++) {
		char *err = NULL;
		json_t *d = journal_read(ids[i], &err);
		free(err);
		const char *st = d ? json_string_value(json_object_get(d, "state")) : NULL;
		if (st && strcmp(st, "sending") == 0)
			send_one(a, ids[i], d);
		json_decref(d);
	}
	journal_list_free(ids);
}

/* At start: offer each kept draft, one at a time. */
struct offer {
	char id[37];
	long party_id;
	json_t *draft;
	bool fell_due; /* its agreement or callback is due by now: not sent as it is */
};

/* Has the agreement or the callback in draft d fallen due (or, for an
 * agreement, its time become unreadable)? A callback may have no time. */
static bool fell_due(const json_t *d)
{
	const json_t *c = json_object_get(d, "contact");
	const json_t *ag = json_object_get(c, "agreement");
	const char *ag_at = json_string_value(json_object_get(ag, "due_at"));
	const char *cb_at = json_string_value(json_object_get(json_object_get(c, "task"), "due_at"));
	time_t now = time(NULL);
	return (ag && core_due_passed(ag_at, now)) || (cb_at && core_due_passed(cb_at, now));
}

static void offer_next(struct app *a, const char *after);

static void offered(struct app *a, void *arg, int choice)
{
	struct offer *o = arg;
	if (choice == 0 && o->fell_due) {
		/* As saving refuses it (contact.c): its due date is set again. */
		app_message(a, true, "Its agreement or callback has fallen due since it was kept: set "
		                     "its time again, then save.");
		choice = 1;
	}
	switch (choice) {
	case 0: /* send it now */
		send_one(a, o->id, o->draft);
		break;
	case 1: /* continue editing */
		app_push(a, screen_contact_new(a, o->party_id, NULL, NULL, o->id));
		break;
	case 3: /* discard */
		journal_remove(o->id);
		app_message(a, false, "The draft was discarded.");
		break;
	default: /* keep for later */
		break;
	}
	char after[37];
	snprintf(after, sizeof after, "%s", o->id);
	json_decref(o->draft);
	free(o);
	if (choice != 1)
		offer_next(a, after);
}

static void offer_next(struct app *a, const char *after)
{
	char **ids = journal_list();
	for (int i = 0; ids[i]; i++) {
		if (after && strcmp(ids[i], after) <= 0)
			continue;
		char *err = NULL;
		json_t *d = journal_read(ids[i], &err);
		if (!d) {
			app_message(a, true, "%s", err);
			free(err);
			continue;
		}
		struct offer *o = calloc(1, sizeof *o);
		snprintf(o->id, sizeof o->id, "%s", ids[i]);
		o->party_id = (long)json_integer_value(json_object_get(d, "party_id"));
		o->draft = d;
		o->fell_due = fell_due(d);
		const json_t *c = json_object_get(d, "contact");
		const char *subj = json_string_value(json_object_get(c, "subject"));
		const char *who = json_string_value(json_object_get(d, "customer"));
		char title[300];
		snprintf(title, sizeof title, "A contact was not stored: %s, \"%s\"", who ? who : "?",
		         subj && *subj ? subj : "no subject yet");
		static const char *const items[] = {"Send it now", "Continue editing it",
		                                    "Keep it for later", "Discard it", NULL};
		/* Without a subject or an outcome, or with an agreement now due, it
		 * cannot be sent as it is: continue editing first. */
		const char *outcome = json_string_value(json_object_get(c, "outcome"));
		bool whole = subj && *subj && outcome && *outcome && !o->fell_due;
		app_choose(a, title, items, whole ? 0 : 1, offered, o);
		break;
	}
	journal_list_free(ids);
}

void outbox_started(struct app *a)
{
	offer_next(a, NULL);
}
