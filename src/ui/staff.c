/* staff.c — see staff.h. */
#include "ui/staff.h"
#include "core/casework.h"
#include "core/name.h"
#include "ui/draw.h"
#include "ui/prompt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void loaded(void *owner, const PGresult *r, const char *err, const char *state)
{
	(void)err;
	(void)state;
	struct staff *s = owner;
	s->asked = false;
	if (!r)
		return; /* asked again on the next staff_load */
	int n = PQntuples(r);
	s->agents = calloc((size_t)n + 1, sizeof *s->agents);
	s->agent_names = calloc((size_t)n + 1, sizeof *s->agent_names);
	s->agent_roles = calloc((size_t)n + 1, sizeof *s->agent_roles);
	s->teams = calloc((size_t)n + 1, sizeof *s->teams);
	s->team_names = calloc((size_t)n + 1, sizeof *s->team_names);
	if (!s->agents || !s->agent_names || !s->agent_roles || !s->teams || !s->team_names)
		abort();
	for (int i = 0; i < n; i++) {
		if (PQgetvalue(r, i, 0)[0] == 'a') {
			s->agents[s->nagents] = strdup(PQgetvalue(r, i, 1));
			s->agent_names[s->nagents] = ui_clean(PQgetvalue(r, i, 2), false);
			s->agent_roles[s->nagents++] = ui_clean(PQgetvalue(r, i, 3), false);
		} else {
			s->teams[s->nteams] = strdup(PQgetvalue(r, i, 1));
			s->team_names[s->nteams++] = ui_clean(PQgetvalue(r, i, 2), false);
		}
	}
	s->loaded = true;
}

void staff_load(struct staff *s, struct app *a)
{
	if (s->loaded || s->asked)
		return;
	s->asked = true;
	/* The lists are the query's owner; staff_free forgets the query. */
	dbq_send(app_db(a), s, loaded,
	         "SELECT 'a', login, name, role FROM api.agent_list() "
	         "UNION ALL SELECT 't', code, name, NULL FROM api.team_list()",
	         0, NULL);
}

static int index_of(char **list, int n, const char *x)
{
	for (int i = 0; i < n; i++)
		if (strcmp(list[i], x) == 0)
			return i;
	return -1;
}

bool staff_is_agent(const struct staff *s, const char *name)
{
	return index_of(s->agents, s->nagents, name) >= 0;
}

bool staff_is_team(const struct staff *s, const char *name)
{
	return index_of(s->teams, s->nteams, name) >= 0;
}

static char *labelled(const char *value, const char *kind, const char *label)
{
	size_t n = strlen(value) + strlen(kind) + strlen(label) + 2;
	char *c = malloc(n);
	if (!c)
		abort();
	snprintf(c, n, "%s%c%s%s", value, PROMPT_LABEL, kind, label);
	return c;
}

char **staff_case_owners(const struct staff *s)
{
	char **c = calloc((size_t)(s->nagents + s->nteams) + 1, sizeof *c);
	if (!c)
		abort();
	int k = 0;
	for (int i = 0; i < s->nagents; i++)
		if (core_case_role_can_own(s->agent_roles[i]))
			c[k++] = labelled(s->agents[i], "", s->agent_names[i]);
	for (int i = 0; i < s->nteams; i++)
		c[k++] = labelled(s->teams[i], "team ", s->team_names[i]);
	return c;
}

void staff_candidates_free(char **c)
{
	for (size_t i = 0; c && c[i]; i++)
		free(c[i]);
	free(c);
}

/* Is `typed` the whole of `name`, in their search forms? */
static bool same_name(const char *typed, const char *name)
{
	char a[256], b[256];
	size_t al = core_name_normalise(typed, a, sizeof a),
	       bl = core_name_normalise(name, b, sizeof b);
	return al > 0 && al < sizeof a && bl < sizeof b && strcmp(a, b) == 0;
}

/* The colleagues who can own a case and the teams whose name fits `typed`
 * (whole, or from the start of a word): how many, and the first one's value
 * (and whether it is a team). */
static int names_fitting(const struct staff *s, const char *typed, bool whole, const char **value,
                         bool *team)
{
	int n = 0;
	for (int i = 0; i < s->nagents; i++) {
		if (!core_case_role_can_own(s->agent_roles[i]))
			continue;
		const char *nm = s->agent_names[i];
		if (whole ? same_name(typed, nm) : core_name_word_prefix(typed, nm)) {
			if (n++ == 0)
				*value = s->agents[i], *team = false;
		}
	}
	for (int i = 0; i < s->nteams; i++) {
		const char *nm = s->team_names[i];
		if (whole ? same_name(typed, nm) : core_name_word_prefix(typed, nm)) {
			if (n++ == 0)
				*value = s->teams[i], *team = true;
		}
	}
	return n;
}

enum staff_pick staff_case_owner(const struct staff *s, const char *typed, const char **value,
                                 int *agent)
{
	int i = index_of(s->agents, s->nagents, typed);
	if (i >= 0) {
		*value = s->agents[i];
		*agent = i;
		return core_case_role_can_own(s->agent_roles[i]) ? STAFF_AGENT : STAFF_CANNOT_OWN;
	}
	i = index_of(s->teams, s->nteams, typed);
	if (i >= 0) {
		*value = s->teams[i];
		return STAFF_TEAM;
	}
	bool team = false;
	int n = names_fitting(s, typed, true, value, &team);
	if (n == 0)
		n = names_fitting(s, typed, false, value, &team);
	if (n == 1)
		return team ? STAFF_TEAM : STAFF_AGENT;
	if (n > 1)
		return STAFF_SEVERAL;
	/* Someone who cannot own a case, named in full. */
	for (i = 0; i < s->nagents; i++)
		if (same_name(typed, s->agent_names[i])) {
			*value = s->agents[i];
			*agent = i;
			return STAFF_CANNOT_OWN;
		}
	return STAFF_NONE;
}

static void strings_free(char **v, int n)
{
	for (int i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

void staff_free(struct staff *s, struct app *a)
{
	dbq_forget(app_db(a), s);
	strings_free(s->agents, s->nagents);
	strings_free(s->agent_names, s->nagents);
	strings_free(s->agent_roles, s->nagents);
	strings_free(s->teams, s->nteams);
	strings_free(s->team_names, s->nteams);
	memset(s, 0, sizeof *s);
}
