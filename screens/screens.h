/* screens.h — the console's screens, one module each, each filling a
 * struct screen_ops (ui/app.h). */
#ifndef LOKET_SCREENS_H
#define LOKET_SCREENS_H

#include "ui/app.h"

/* My work: my cases, agreements due, callbacks, my team's queues. */
struct screen *screen_home_new(struct app *a);

/* Search results for what the agent typed. */
struct screen *screen_search_new(struct app *a, const char *query);

/* The customer view; `purpose` is why it is opened (logged). */
struct screen *screen_customer_new(struct app *a, long party_id, const char *purpose);

/* One timeline item in full (a contact with its transcript, or a note). */
struct screen *screen_item_new(struct app *a, const char *access_id, long party_id,
                               const char *item_id);

/* A case; `access_id` is the customer's when opened from the customer
 * view (no new access-log row), NULL otherwise (reading it is logged). */
struct screen *screen_case_new(struct app *a, const char *ref, const char *access_id);

/* Log a contact (afhandeling) for a customer, optionally on a case, or
 * continue a saved draft (`draft_id`). */
struct screen *screen_contact_new(struct app *a, long party_id, const char *access_id,
                                  const char *case_ref, const char *draft_id);

/* Send the kept contacts that wait for the connection (after a reconnect). */
void outbox_online(struct app *a);

/* Offer the drafts a previous console left behind (at start). */
void outbox_started(struct app *a);

/* The keys of a context, from the live bindings. */
struct screen *screen_help_new(struct app *a, const char *context);

/* Ask for a purpose (preselecting `preset`) and open the customer. */
void screens_open_customer(struct app *a, long party_id, const char *preset);

#endif
