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

/* The keys of a context, from the live bindings. */
struct screen *screen_help_new(struct app *a, const char *context);

/* Ask for a purpose (preselecting `preset`) and open the customer. */
void screens_open_customer(struct app *a, long party_id, const char *preset);

#endif
