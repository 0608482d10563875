/* Unit tests for src/core/casework.c */
#include <criterion/criterion.h>
#include <string.h>

#include "core/casework.h"

TestSuite(case_status, .timeout = 10);
TestSuite(case_owner, .timeout = 10);
TestSuite(case_deadline, .timeout = 10);

Test(case_status, a_status_is_read_whatever_its_case_and_blanks)
{
	cr_assert_str_eq(core_case_status("closed"), "closed");
	cr_assert_str_eq(core_case_status(" Closed "), "closed");
	cr_assert_str_eq(core_case_status("IN_PROGRESS"), "in_progress");
	cr_assert_null(core_case_status("close"));
	cr_assert_null(core_case_status("closed Verleend"));
	cr_assert_null(core_case_status(""));
	cr_assert_null(core_case_status(NULL));
}

Test(case_status, only_closing_takes_a_result)
{
	for (int i = 0; core_case_statuses[i]; i++)
		cr_assert_eq(core_case_status_closes(core_case_statuses[i]),
		             strcmp(core_case_statuses[i], "closed") == 0, "%s",
		             core_case_statuses[i]);
	cr_assert_not(core_case_status_closes(NULL));
}

Test(case_owner, auditors_cannot_own_a_case)
{
	cr_assert(core_case_role_can_own("agent"));
	cr_assert(core_case_role_can_own("supervisor"));
	cr_assert(core_case_role_can_own("admin"));
	cr_assert_not(core_case_role_can_own("auditor"));
	cr_assert_not(core_case_role_can_own("integration"));
	cr_assert_not(core_case_role_can_own(""));
	cr_assert_not(core_case_role_can_own(NULL));
}

static void expect_words(int left, struct core_date due, const char *want)
{
	/* Saturday 28 November 2026. */
	struct core_date today = {2026, 11, 28};
	char out[64];
	core_case_deadline_words(left, due, today, out, sizeof out);
	cr_assert_str_eq(out, want, "left %d", left);
}

Test(case_deadline, one_working_day_is_singular)
{
	expect_words(1, (struct core_date){2026, 11, 30}, "1 working day left");
	expect_words(2, (struct core_date){2026, 12, 1}, "2 working days left");
	expect_words(-1, (struct core_date){2026, 11, 26}, "1 working day overdue");
	expect_words(-3, (struct core_date){2026, 11, 24}, "3 working days overdue");
}

Test(case_deadline, no_working_day_left_says_which_way)
{
	expect_words(0, (struct core_date){2026, 11, 28}, "due today");
	expect_words(0, (struct core_date){2026, 11, 29}, "no working day left");
	expect_words(0, (struct core_date){2026, 11, 27}, "deadline passed");
}
