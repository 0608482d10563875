/* Unit tests for src/core/caseref.c */
#include <criterion/criterion.h>
#include <string.h>

#include "core/caseref.h"

TestSuite(caseref, .timeout = 10);

static void expect(const char *in, const char *want)
{
	char out[CORE_CASE_REF_SIZE];
	cr_assert(core_case_ref_normalise(in, out, sizeof out), "should accept '%s'", in);
	cr_assert_str_eq(out, want);
}

static void reject(const char *in)
{
	char out[CORE_CASE_REF_SIZE];
	cr_assert_not(core_case_ref_normalise(in, out, sizeof out), "should reject '%s'", in);
}

Test(caseref, keeps_canonical_reference)
{
	expect("Z-2026-000123", "Z-2026-000123");
}

Test(caseref, upper_cases_and_pads_sequence)
{
	expect("z-2026-123", "Z-2026-000123");
	expect("z-2026-1", "Z-2026-000001");
}

Test(caseref, splits_unseparated_year_and_sequence)
{
	expect("Z2026000123", "Z-2026-000123");
	expect("z20261", "Z-2026-000001");
}

Test(caseref, accepts_blanks_as_separators_and_trims)
{
	expect("Z-2026-000123 ", "Z-2026-000123");
	expect("  Z 2026 123\t", "Z-2026-000123");
	expect("Z - 2026 - 999999", "Z-2026-999999");
}

Test(caseref, accepts_year_range_limits)
{
	expect("Z-2000-1", "Z-2000-000001");
	expect("Z-2099-1", "Z-2099-000001");
}

Test(caseref, rejects_years_outside_2000_2099)
{
	reject("Z-1999-000123");
	reject("Z-2100-000123");
	reject("Z-26-000123");
}

Test(caseref, rejects_sequence_zero_missing_or_too_long)
{
	reject("Z-2026-000000");
	reject("Z-2026");
	reject("Z-2026-");
	reject("Z-2026-1234567");
	reject("Z20261234567");
}

Test(caseref, rejects_other_letters_and_junk)
{
	reject("X-2026-000123");
	reject("Z-2026-00012a");
	reject("Z--2026-000123");
	reject("Z-2026-000123 extra");
	reject("ZZ-2026-000123");
	reject("");
	reject(NULL);
}

Test(caseref, fails_when_output_too_small)
{
	char out[13];
	cr_assert_not(core_case_ref_normalise("Z-2026-000123", out, sizeof out));
}
