/* staff.h — the agents (login, name, role) and teams (code, name), loaded
 * once per screen for completion (transfer a case, assign a callback). No
 * customer data. */
#ifndef LOKET_UI_STAFF_H
#define LOKET_UI_STAFF_H

#include "ui/app.h"

#include <stdbool.h>

struct staff {
	char **agents, **teams;                          /* logins and codes, NULL-ended */
	char **agent_names, **agent_roles, **team_names; /* cleaned, by the same index */
	int nagents, nteams;
	bool loaded, asked;
};

/* Ask for the lists, unless they are here or on their way; they arrive in
 * `s` (after a failure, the next call asks again). */
void staff_load(struct staff *s, struct app *a);

bool staff_is_agent(const struct staff *s, const char *name);
bool staff_is_team(const struct staff *s, const char *name);

/* Who can take a case over, as prompt candidates: the agents who can own a
 * case, "login" PROMPT_LABEL "name", then the teams, "code" PROMPT_LABEL
 * "team name". NULL-ended; free with staff_candidates_free. */
char **staff_case_owners(const struct staff *s);
void staff_candidates_free(char **c);

/* What an agent typed as the new owner of a case. */
enum staff_pick {
	STAFF_NONE,       /* no colleague or team by that login, code or name */
	STAFF_AGENT,      /* a colleague who can own a case */
	STAFF_TEAM,       /* a team */
	STAFF_CANNOT_OWN, /* a colleague whose role cannot own a case */
	STAFF_SEVERAL,    /* a name that fits more than one */
};

/* Read `typed` as a login, a team code, or a name that fits one colleague
 * or team (core_name_word_prefix; a whole name first); the login or code
 * goes to *value, and for STAFF_CANNOT_OWN the index of the agent to *agent. */
enum staff_pick staff_case_owner(const struct staff *s, const char *typed, const char **value,
                                 int *agent);

/* Free the lists and forget the query if it is still on its way. */
void staff_free(struct staff *s, struct app *a);

#endif
