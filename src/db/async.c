/* async.c — see async.h. */
#include "db/async.h"
#include "db/db.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct req {
	struct req *next;
	void *owner;
	dbq_cb cb;
	char *sql;
	int n;
	char **params;
	bool retried; /* sent again after its prepared statement was gone */
};

enum conn_state { Q_ONLINE, Q_OFFLINE, Q_CONNECTING };

/* Statements are prepared on the connection the first time they are sent
 * (named "loket_<generation>_<index>"), then executed by name: parsing and
 * planning the call again each time cost as much as a tenth of a
 * millisecond. A connection made again starts with none. */
#define DBQ_PREPARED_MAX 64

struct dbq {
	PGconn *c;
	char *dsn;
	enum conn_state state;
	PostgresPollingStatusType polling;
	long retry_at, backoff;
	dbq_online_cb online;
	void *online_arg;
	char *fail_msg; /* a failure to report from the loop, never from dbq_send */
	struct req *head, *tail; /* head is in flight when `sent` */
	bool sent;
	bool want_write;
	long since;
	PGresult *last;  /* the result to hand over when the query ends */
	char *prepared[DBQ_PREPARED_MAX]; /* SQL of statement loket_<generation>_<index> */
	int nprepared;
	int generation; /* a new one each time the statements are forgotten */
	bool preparing; /* what is in flight is the head's Prepare */
	bool cancel_pending; /* cancelled while preparing: do not execute */
	dbq_notify_cb notify;
	void *notify_arg;
};

long dbq_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void fail_all(struct dbq *q, const char *why);
static void forget_prepared(struct dbq *q);

/* Notices and the server's goodbye ("terminating connection …") would go
 * to stderr, that is, over the curses screen: untrusted text. The console
 * shows the connection state itself. */
static void quiet_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

struct dbq *dbq_new(PGconn *c, const char *dsn)
{
	struct dbq *q = calloc(1, sizeof *q);
	if (!q)
		abort();
	q->c = c;
	q->dsn = dsn ? strdup(dsn) : NULL;
	q->state = Q_ONLINE;
	PQsetnonblocking(c, 1);
	PQsetNoticeProcessor(c, quiet_notice, NULL);
	return q;
}

void dbq_on_online(struct dbq *q, dbq_online_cb cb, void *arg)
{
	q->online = cb;
	q->online_arg = arg;
}

static void req_free(struct req *r)
{
	for (int i = 0; i < r->n; i++)
		free(r->params[i]);
	free(r->params);
	free(r->sql);
	free(r);
}

void dbq_free(struct dbq **qp)
{
	struct dbq *q = *qp;
	if (!q)
		return;
	for (struct req *r = q->head; r;) {
		struct req *next = r->next;
		req_free(r);
		r = next;
	}
	PQclear(q->last);
	forget_prepared(q);
	PQfinish(q->c);
	free(q->dsn);
	free(q->fail_msg);
	free(q);
	*qp = NULL;
}

int dbq_fd(const struct dbq *q)
{
	return PQsocket(q->c);
}

bool dbq_want_write(const struct dbq *q)
{
	return q->want_write;
}

bool dbq_lost(const char *sqlstate)
{
	return !sqlstate || !*sqlstate || strncmp(sqlstate, "08", 2) == 0 ||
	       strncmp(sqlstate, "57P", 3) == 0;
}

bool dbq_online(const struct dbq *q)
{
	return q->state == Q_ONLINE && PQstatus(q->c) == CONNECTION_OK;
}

/* The connection is gone: fail what waits, and plan a reconnection with
 * exponential backoff (0.5 s doubling to 10 s). */
static void go_offline(struct dbq *q)
{
	q->state = Q_OFFLINE;
	q->backoff = q->backoff ? (q->backoff * 2 > 10000 ? 10000 : q->backoff * 2) : 500;
	q->retry_at = dbq_now_ms() + q->backoff;
}

short dbq_events(const struct dbq *q)
{
	if (q->state == Q_CONNECTING)
		return q->polling == PGRES_POLLING_WRITING ? POLLOUT : POLLIN;
	if (q->state == Q_OFFLINE)
		return 0;
	return (short)(POLLIN | (q->want_write ? POLLOUT : 0));
}

long dbq_timer_ms(const struct dbq *q)
{
	if (q->fail_msg)
		return 0;
	if (q->state != Q_OFFLINE)
		return -1;
	long left = q->retry_at - dbq_now_ms();
	return left < 0 ? 0 : left;
}

long dbq_retry_in(const struct dbq *q)
{
	long ms = dbq_timer_ms(q);
	return ms < 0 ? 0 : (ms + 999) / 1000;
}

static void forget_prepared(struct dbq *q)
{
	for (int i = 0; i < q->nprepared; i++)
		free(q->prepared[i]);
	q->nprepared = 0;
	q->generation++;
	q->preparing = false;
}

static void connect_step(struct dbq *q)
{
	q->polling = PQconnectPoll(q->c);
	if (q->polling == PGRES_POLLING_OK) {
		q->state = Q_ONLINE;
		forget_prepared(q);
		q->backoff = 0;
		PQsetnonblocking(q->c, 1);
		PQclear(PQexec(q->c, DB_SQL_SESSION));
		if (q->online)
			q->online(q->online_arg);
	} else if (q->polling == PGRES_POLLING_FAILED) {
		go_offline(q);
	}
}

void dbq_tick(struct dbq *q)
{
	if (q->fail_msg) {
		char *m = q->fail_msg;
		q->fail_msg = NULL;
		fail_all(q, m);
		free(m);
	}
	if (q->state != Q_OFFLINE || dbq_now_ms() < q->retry_at)
		return;
	const char *keys[] = {"dbname", "fallback_application_name", NULL};
	const char *vals[] = {q->dsn && *q->dsn ? q->dsn : NULL, "loket", NULL};
	PQfinish(q->c);
	q->c = PQconnectStartParams(keys, vals, 1);
	if (!q->c || PQstatus(q->c) == CONNECTION_BAD) {
		go_offline(q);
		return;
	}
	PQsetNoticeProcessor(q->c, quiet_notice, NULL);
	q->state = Q_CONNECTING;
	q->polling = PGRES_POLLING_WRITING;
	connect_step(q);
}

bool dbq_busy(const struct dbq *q)
{
	return q->head != NULL;
}

long dbq_busy_since(const struct dbq *q)
{
	return q->since;
}

void dbq_on_notify(struct dbq *q, dbq_notify_cb cb, void *arg)
{
	q->notify = cb;
	q->notify_arg = arg;
}

static void finish_head(struct dbq *q, const char *err, const char *state)
{
	struct req *r = q->head;
	q->head = r->next;
	if (!q->head)
		q->tail = NULL;
	q->sent = false;
	if (r->cb) {
		if (err)
			r->cb(r->owner, NULL, err, state ? state : "");
		else
			r->cb(r->owner, q->last, NULL, "");
	}
	PQclear(q->last);
	q->last = NULL;
	req_free(r);
	if (q->head)
		q->since = dbq_now_ms();
}

/* Fail everything queued: the connection is gone. */
static void fail_all(struct dbq *q, const char *why)
{
	while (q->head)
		finish_head(q, why, "08006");
}

/* Fail what is queued later, from dbq_tick: a caller of dbq_send must
 * never see its callback run before dbq_send has returned. */
static void defer_fail(struct dbq *q, const char *why)
{
	if (!q->fail_msg)
		q->fail_msg = strdup(why);
}

/* The head's Prepare succeeded: its SQL has the next index. */
static void remember_prepared(struct dbq *q)
{
	q->prepared[q->nprepared] = strdup(q->head->sql);
	if (!q->prepared[q->nprepared++])
		abort();
	q->preparing = false;
}

static void send_head(struct dbq *q);

/* Send the head again (its first answer is dropped). */
static void resend_head(struct dbq *q)
{
	PQclear(q->last);
	q->last = NULL;
	q->sent = false;
	send_head(q);
}

static int prepared_index(const struct dbq *q, const char *sql)
{
	for (int i = 0; i < q->nprepared; i++)
		if (strcmp(q->prepared[i], sql) == 0)
			return i;
	return -1;
}

static void send_head(struct dbq *q)
{
	if (!q->head || q->sent)
		return;
	if (q->state != Q_ONLINE || PQstatus(q->c) != CONNECTION_OK) {
		defer_fail(q, "offline: not connected to the database");
		return;
	}
	struct req *r = q->head;
	int i = prepared_index(q, r->sql);
	char name[32];
	snprintf(name, sizeof name, "loket_%d_%d", q->generation, i >= 0 ? i : q->nprepared);
	int ok;
	if (i >= 0) {
		ok = PQsendQueryPrepared(q->c, name, r->n, (const char *const *)r->params, NULL, NULL, 0);
	} else if (q->nprepared < DBQ_PREPARED_MAX) {
		ok = PQsendPrepare(q->c, name, r->sql, r->n, NULL);
		q->preparing = ok;
	} else {
		ok = PQsendQueryParams(q->c, r->sql, r->n, NULL, (const char *const *)r->params, NULL, NULL, 0);
	}
	if (!ok) {
		if (PQstatus(q->c) != CONNECTION_OK)
			go_offline(q);
		defer_fail(q, PQerrorMessage(q->c));
		return;
	}
	q->sent = true;
	q->want_write = PQflush(q->c) == 1;
}

void dbq_send(struct dbq *q, void *owner, dbq_cb cb, const char *sql, int n,
              const char *const *params)
{
	struct req *r = calloc(1, sizeof *r);
	if (!r)
		abort();
	r->owner = owner;
	r->cb = cb;
	r->sql = strdup(sql);
	r->n = n;
	r->params = calloc((size_t)n + 1, sizeof *r->params);
	for (int i = 0; i < n; i++)
		r->params[i] = params[i] ? strdup(params[i]) : NULL;
	if (q->tail)
		q->tail->next = r;
	else {
		q->head = r;
		q->since = dbq_now_ms();
	}
	q->tail = r;
	send_head(q);
}

static void take_notifies(struct dbq *q)
{
	PGnotify *n;
	while ((n = PQnotifies(q->c)) != NULL) {
		if (q->notify)
			q->notify(q->notify_arg, n->relname, n->extra);
		PQfreemem(n);
	}
}

void dbq_io(struct dbq *q)
{
	if (q->state == Q_CONNECTING) {
		connect_step(q);
		return;
	}
	if (q->state == Q_OFFLINE)
		return;
	if (q->want_write)
		q->want_write = PQflush(q->c) == 1;
	if (!PQconsumeInput(q->c)) {
		char *m = strdup(PQerrorMessage(q->c));
		go_offline(q);
		fail_all(q, m ? m : "connection lost");
		free(m);
		return;
	}
	take_notifies(q);
	while (q->sent && !PQisBusy(q->c)) {
		PGresult *r = PQgetResult(q->c);
		if (!r) {
			/* The query is complete: hand over its (last) result. */
			const PGresult *last = q->last;
			ExecStatusType st = last ? PQresultStatus(last) : PGRES_FATAL_ERROR;
			if (q->preparing && st == PGRES_COMMAND_OK) {
				remember_prepared(q);
				if (q->cancel_pending) {
					/* Cancelled while it was being prepared: never execute it. */
					q->cancel_pending = false;
					finish_head(q, "canceling statement due to user request", "57014");
					send_head(q);
				} else {
					resend_head(q); /* prepared: now execute it */
				}
				continue;
			}
			q->preparing = q->cancel_pending = false;
			const char *code = last ? PQresultErrorField(last, PG_DIAG_SQLSTATE) : NULL;
			if (code && (strcmp(code, "26000") == 0 || strcmp(code, "0A000") == 0) &&
			    !q->head->retried) {
				/* The server no longer knows our prepared statements (the
				 * session was reset under us: 26000), or one no longer fits
				 * a function whose result type a migration changed ("cached
				 * plan must not change result type": 0A000). Prepare them
				 * again, under new names, once; a statement that failed
				 * did nothing. */
				forget_prepared(q);
				q->head->retried = true;
				resend_head(q);
				continue;
			}
			if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
				finish_head(q, NULL, NULL);
			} else {
				const char *m = last ? PQresultErrorField(last, PG_DIAG_MESSAGE_PRIMARY) : NULL;
				const char *s = last ? PQresultErrorField(last, PG_DIAG_SQLSTATE) : NULL;
				char *msg = strdup(m ? m : PQerrorMessage(q->c));
				char *state = strdup(s ? s : "");
				finish_head(q, msg, state);
				free(msg);
				free(state);
			}
			send_head(q);
			continue;
		}
		/* Keep the first error, else the last result. */
		if (q->last && PQresultStatus(q->last) == PGRES_FATAL_ERROR) {
			PQclear(r);
		} else {
			PQclear(q->last);
			q->last = r;
		}
	}
	take_notifies(q);
	if (PQstatus(q->c) != CONNECTION_OK) {
		go_offline(q);
		fail_all(q, "connection lost");
	}
}

void dbq_forget(struct dbq *q, void *owner)
{
	for (struct req *r = q->head; r; r = r->next)
		if (r->owner == owner)
			r->cb = NULL;
}

void dbq_cancel(struct dbq *q)
{
	if (!q->sent)
		return;
	if (q->preparing)
		q->cancel_pending = true;
	PGcancel *c = PQgetCancel(q->c);
	if (c) {
		char buf[256];
		PQcancel(c, buf, sizeof buf);
		PQfreeCancel(c);
	}
	/* Only the query in flight: what is queued behind it (a kept contact
	 * being resent, say) still goes. */
}
