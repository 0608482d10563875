/* casework.c — see casework.h. */
#include "core/casework.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *const core_case_statuses[] = {"received", "in_progress", "waiting_customer",
                                          "decided",  "closed",      NULL};

const char *core_case_status(const char *typed)
{
	if (!typed)
		return NULL;
	while (*typed == ' ' || *typed == '\t')
		typed++;
	size_t n = strlen(typed);
	while (n > 0 && (typed[n - 1] == ' ' || typed[n - 1] == '\t'))
		n--;
	for (int i = 0; core_case_statuses[i]; i++)
		if (strlen(core_case_statuses[i]) == n &&
		    strncasecmp(core_case_statuses[i], typed, n) == 0)
			return core_case_statuses[i];
	return NULL;
}

bool core_case_status_closes(const char *status)
{
	return status && strcmp(status, "closed") == 0;
}

bool core_case_role_can_own(const char *role)
{
	static const char *const owners[] = {"agent", "supervisor", "admin"};
	for (size_t i = 0; role && i < sizeof owners / sizeof owners[0]; i++)
		if (strcmp(role, owners[i]) == 0)
			return true;
	return false;
}

void core_case_deadline_words(int left, struct core_date due, struct core_date today, char *out,
                              size_t len)
{
	if (left > 0)
		snprintf(out, len, "%d working day%s left", left, left == 1 ? "" : "s");
	else if (left < 0)
		snprintf(out, len, "%d working day%s overdue", -left, left == -1 ? "" : "s");
	else {
		long d = core_date_to_days(due), t = core_date_to_days(today);
		snprintf(out, len, "%s",
		         d == t  ? "due today"
		         : d > t ? "no working day left"
		                 : "deadline passed");
	}
}
