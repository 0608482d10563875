/* casework.h — what the console needs to know of a case's life: its statuses, who may own
 * it, and how its deadline reads. The database decides (api.case_set_status,
 * api.case_transfer); these restate its rules so the console offers only what it accepts. */
#ifndef CORE_CASEWORK_H
#define CORE_CASEWORK_H

#include "core/workday.h"

#include <stdbool.h>
#include <stddef.h>

/* The statuses of a case in the order of its life, NULL-ended: received, in_progress,
 * waiting_customer, decided, closed. */
extern const char *const core_case_statuses[];

/* Returns the status of core_case_statuses that `typed` names, case and surrounding blanks
 * aside (" Closed " → "closed"), or NULL when it names none. */
const char *core_case_status(const char *typed);

/* Tells whether a change to `status` closes the case: only then does it take a result. */
bool core_case_status_closes(const char *status);

/* Tells whether an agent with `role` can own a case: agent, supervisor and admin can; an
 * auditor cannot (nor anything else). */
bool core_case_role_can_own(const char *role);

/* Writes what a deadline means for the work, for after the date: "1 working day left",
 * "3 working days left", "due today", "no working day left" (due on a later day that is not
 * a working day), "deadline passed" (due on an earlier day with no working day since),
 * "1 working day overdue", "4 working days overdue". `left` is the database's
 * working_days_left (working days after today up to and including `due`, negative when
 * `due` has passed); `today` is the date in the Netherlands. */
void core_case_deadline_words(int left, struct core_date due, struct core_date today, char *out,
                              size_t len);

#endif
