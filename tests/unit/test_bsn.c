/* Unit tests for src/core/bsn.c */
#include <criterion/criterion.h>
#include <string.h>

#include "core/bsn.h"

TestSuite(bsn, .timeout = 10);
TestSuite(kvk, .timeout = 10);
TestSuite(bsn_mask, .timeout = 10);

Test(bsn, accepts_nine_digits_passing_elfproef)
{
	cr_assert(core_bsn_valid("111222333"));
	cr_assert(core_bsn_valid("123456782"));
}

Test(bsn, accepts_leading_zero)
{
	cr_assert(core_bsn_valid("012345672"));
}

Test(bsn, rejects_nine_digits_failing_elfproef)
{
	cr_assert_not(core_bsn_valid("123456789"));
	cr_assert_not(core_bsn_valid("111222334"));
}

Test(bsn, rejects_all_zeros_even_though_sum_is_zero)
{
	cr_assert_not(core_bsn_valid("000000000"));
}

Test(bsn, rejects_only_last_digit_set)
{
	/* The sum is −d9 here: never a multiple of 11 unless zero. */
	cr_assert_not(core_bsn_valid("000000009"));
}

Test(bsn, rejects_eight_digits_callers_must_pad)
{
	cr_assert_not(core_bsn_valid("12345672"));
}

Test(bsn, rejects_ten_digits)
{
	cr_assert_not(core_bsn_valid("1112223330"));
}

Test(bsn, rejects_spaces_and_separators)
{
	cr_assert_not(core_bsn_valid(" 111222333"));
	cr_assert_not(core_bsn_valid("111222333 "));
	cr_assert_not(core_bsn_valid("111 222 333"));
	cr_assert_not(core_bsn_valid("111.22.333"));
}

Test(bsn, rejects_letters_and_non_ascii_digits)
{
	cr_assert_not(core_bsn_valid("11122233a"));
	cr_assert_not(core_bsn_valid("11122233\xd9\xa3")); /* ARABIC-INDIC DIGIT THREE */
}

Test(bsn, rejects_empty_and_null)
{
	cr_assert_not(core_bsn_valid(""));
	cr_assert_not(core_bsn_valid(NULL));
}

Test(bsn, every_single_digit_change_of_valid_number_is_caught)
{
	/* The point of the elfproef: one mistyped digit is always detected. */
	const char *good = "123456782";
	for (int pos = 0; pos < 9; pos++) {
		for (char c = '0'; c <= '9'; c++) {
			if (c == good[pos])
				continue;
			char s[10];
			memcpy(s, good, 10);
			s[pos] = c;
			cr_assert_not(core_bsn_valid(s), "%s should fail", s);
		}
	}
}

Test(kvk, accepts_eight_digits)
{
	cr_assert(core_kvk_valid("12345678"));
	cr_assert(core_kvk_valid("01234567"));
}

Test(kvk, accepts_twelve_digit_branch_number)
{
	cr_assert(core_kvk_valid("000012345678"));
}

Test(kvk, rejects_other_lengths)
{
	cr_assert_not(core_kvk_valid("1234567"));
	cr_assert_not(core_kvk_valid("123456789"));
	cr_assert_not(core_kvk_valid("12345678901"));
	cr_assert_not(core_kvk_valid("1234567890123"));
	cr_assert_not(core_kvk_valid(""));
}

Test(kvk, rejects_all_zeros)
{
	cr_assert_not(core_kvk_valid("00000000"));
	cr_assert_not(core_kvk_valid("000000000000"));
}

Test(kvk, rejects_non_digits_and_null)
{
	cr_assert_not(core_kvk_valid("1234567a"));
	cr_assert_not(core_kvk_valid("1234 5678"));
	cr_assert_not(core_kvk_valid(NULL));
}

Test(bsn_mask, shows_only_last_four_digits)
{
	char out[10];
	core_bsn_mask("123456782", out);
	cr_assert_str_eq(out, "*****6782");
}

Test(bsn_mask, masks_invalid_input_completely)
{
	char out[10];
	core_bsn_mask("123456789", out);
	cr_assert_str_eq(out, "*********");
	core_bsn_mask("12", out);
	cr_assert_str_eq(out, "*********");
	core_bsn_mask("", out);
	cr_assert_str_eq(out, "*********");
}

Test(bsn_mask, masks_null)
{
	char out[10];
	core_bsn_mask(NULL, out);
	cr_assert_str_eq(out, "*********");
}

Test(bsn_mask, never_reveals_a_long_string)
{
	char out[10];
	core_bsn_mask("1234567820000", out);
	cr_assert_str_eq(out, "*********");
}
