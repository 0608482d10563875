/* async.h — queries that never freeze the screen.
 *
 * One connection, one query in flight, the rest queued. The event loop
 * polls dbq_fd() and calls dbq_io() when it is readable (or writable while
 * dbq_want_write()); results reach their callbacks from there. A screen that
 * goes away calls dbq_forget() so no callback reaches freed memory. */
#ifndef LOKET_DB_ASYNC_H
#define LOKET_DB_ASYNC_H

#include <libpq-fe.h>
#include <stdbool.h>

struct dbq;

/* A result: `r` on success (owned by the queue: valid during the call), or
 * r == NULL and `err` the message (`sqlstate` may be ""). */
typedef void (*dbq_cb)(void *owner, const PGresult *r, const char *err, const char *sqlstate);

/* Called for each NOTIFY on the connection (channel, payload). */
typedef void (*dbq_notify_cb)(void *arg, const char *channel, const char *payload);

/* Take over a connected PGconn (made non-blocking here); `dsn` (may be
 * NULL) is used to reconnect after the connection is lost. */
struct dbq *dbq_new(PGconn *c, const char *dsn);

/* Called when the connection is back after a loss (LISTEN again and
 * re-read what is on screen there). */
typedef void (*dbq_online_cb)(void *arg);
void dbq_on_online(struct dbq *q, dbq_online_cb cb, void *arg);

/* The poll() events the connection waits for (POLLIN, POLLOUT), and how
 * long until the next reconnection attempt (ms; -1: none planned). */
short dbq_events(const struct dbq *q);
long dbq_timer_ms(const struct dbq *q);

/* Drive reconnection: call when the timer ran out (cheap otherwise). */
void dbq_tick(struct dbq *q);

/* Seconds until the next reconnection attempt, for the status line. */
long dbq_retry_in(const struct dbq *q);

/* Close the connection and free the queue; callbacks are not called. */
void dbq_free(struct dbq **q);

int dbq_fd(const struct dbq *q);
bool dbq_want_write(const struct dbq *q);

/* Queue `sql` with text params (copied). The callback never runs before
 * dbq_send returns (failures while offline arrive from dbq_tick). */
void dbq_send(struct dbq *q, void *owner, dbq_cb cb, const char *sql, int n,
              const char *const *params);

/* Read and dispatch what arrived; send the next query. */
void dbq_io(struct dbq *q);

/* No callback for `owner` will be called any more. */
void dbq_forget(struct dbq *q, void *owner);

/* Ask the server to cancel the query in flight (its callback gets an
 * error); queued queries still run. */
void dbq_cancel(struct dbq *q);

/* Is a query queued or in flight, and since when (ms, monotonic)? */
bool dbq_busy(const struct dbq *q);
long dbq_busy_since(const struct dbq *q);

/* Is the connection up? (False while it reconnects.) */
bool dbq_online(const struct dbq *q);

/* Did a query fail because the connection did (sqlstate as a callback
 * gets it: no SQLSTATE, class 08, or the server shutting down), not
 * because the database refused it? A refusal's text may well say
 * "connection" (the outcome connection_lost): only the code counts. */
bool dbq_lost(const char *sqlstate);

void dbq_on_notify(struct dbq *q, dbq_notify_cb cb, void *arg);

/* Monotonic milliseconds. */
long dbq_now_ms(void);

#endif
