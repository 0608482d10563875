/* staff.c — see staff.h. */
#include "screens/staff.h"

#include <stdlib.h>
#include <string.h>

static void loaded(void *owner, const PGresult *r, const char *err, const char *state)
{
	(void)err;
	(void)state;
	struct staff *s = owner;
	if (!r)
		return;
	int n = PQntuples(r);
	s->agents = calloc((size_t)n + 1, sizeof *s->agents);
	s->teams = calloc((size_t)n + 1, sizeof *s->teams);
	for (int i = 0; i < n; i++) {
		if (PQgetvalue(r, i, 0)[0] == 'a')
			s->agents[s->nagents++] = strdup(PQgetvalue(r, i, 1));
		else
			s->teams[s->nteams++] = strdup(PQgetvalue(r, i, 1));
	}
}

void staff_load(struct staff *s, struct app *a)
{
	/* The lists are the query's owner; staff_free forgets the query. */
	dbq_send(app_db(a), s, loaded,
	         "SELECT 'a', login FROM api.agent_list() UNION ALL SELECT 't', code FROM api.team_list()",
	         0, NULL);
}

const char **staff_all(const struct staff *s)
{
	const char **all = calloc((size_t)(s->nagents + s->nteams) + 1, sizeof *all);
	for (int i = 0; i < s->nagents; i++)
		all[i] = s->agents[i];
	for (int i = 0; i < s->nteams; i++)
		all[s->nagents + i] = s->teams[i];
	return all;
}

static bool in(char **list, int n, const char *x)
{
	for (int i = 0; i < n; i++)
		if (strcmp(list[i], x) == 0)
			return true;
	return false;
}

bool staff_is_agent(const struct staff *s, const char *name)
{
	return in(s->agents, s->nagents, name);
}

bool staff_is_team(const struct staff *s, const char *name)
{
	return in(s->teams, s->nteams, name);
}

void staff_free(struct staff *s, struct app *a)
{
	dbq_forget(app_db(a), s);
	for (int i = 0; i < s->nagents; i++)
		free(s->agents[i]);
	for (int i = 0; i < s->nteams; i++)
		free(s->teams[i]);
	free(s->agents);
	free(s->teams);
	memset(s, 0, sizeof *s);
}
