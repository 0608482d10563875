/* staff.h — the agents' logins and team codes, loaded once per screen for
 * completion (transfer a case, assign a callback). No customer data. */
#ifndef LOKET_SCREENS_STAFF_H
#define LOKET_SCREENS_STAFF_H

#include "ui/app.h"

#include <stdbool.h>

struct staff {
	char **agents, **teams; /* NULL-ended */
	int nagents, nteams;
};

/* Ask for the lists; they arrive in `s`. */
void staff_load(struct staff *s, struct app *a);

/* Agents and teams together, NULL-ended (free the array, not the names). */
const char **staff_all(const struct staff *s);

bool staff_is_agent(const struct staff *s, const char *name);
bool staff_is_team(const struct staff *s, const char *name);
/* Free the lists and forget the query if it is still on its way. */
void staff_free(struct staff *s, struct app *a);

#endif
