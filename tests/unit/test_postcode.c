/* Unit tests for src/core/postcode.c */
#include <criterion/criterion.h>
#include <string.h>

#include "core/postcode.h"

TestSuite(postcode, .timeout = 10);
TestSuite(postcode_normalise, .timeout = 10);

static struct core_address_key parse_ok(const char *in)
{
	struct core_address_key k;
	memset(&k, 0x5a, sizeof k);
	cr_assert(core_postcode_parse(in, &k), "should parse: '%s'", in);
	return k;
}

static void parse_fails(const char *in)
{
	struct core_address_key k;
	cr_assert_not(core_postcode_parse(in, &k), "should not parse: '%s'", in);
}

Test(postcode, parses_postcode_and_number)
{
	struct core_address_key k = parse_ok("3511AB 12");
	cr_assert_str_eq(k.postcode, "3511AB");
	cr_assert_eq(k.house_number, 12);
	cr_assert_eq(k.letter, 0);
	cr_assert_str_eq(k.suffix, "");
}

Test(postcode, parses_lower_case_with_hyphenated_suffix)
{
	struct core_address_key k = parse_ok("3511 ab 12-2");
	cr_assert_str_eq(k.postcode, "3511AB");
	cr_assert_eq(k.house_number, 12);
	cr_assert_eq(k.letter, 0);
	cr_assert_str_eq(k.suffix, "2");
}

Test(postcode, parses_letter_glued_to_number)
{
	struct core_address_key k = parse_ok("3511AB12a");
	cr_assert_eq(k.house_number, 12);
	cr_assert_eq(k.letter, 'A');
	cr_assert_str_eq(k.suffix, "");
}

Test(postcode, parses_letter_after_space)
{
	struct core_address_key k = parse_ok("3511 AB 12 A");
	cr_assert_eq(k.house_number, 12);
	cr_assert_eq(k.letter, 'A');
}

Test(postcode, parses_word_suffix_lower_cased)
{
	struct core_address_key k = parse_ok("3511ab 12 BIS");
	cr_assert_eq(k.letter, 0);
	cr_assert_str_eq(k.suffix, "bis");
}

Test(postcode, parses_letter_and_suffix)
{
	struct core_address_key k = parse_ok("3511AB 12A-2");
	cr_assert_eq(k.letter, 'A');
	cr_assert_str_eq(k.suffix, "2");
	k = parse_ok("3511AB 12 a hs");
	cr_assert_eq(k.letter, 'A');
	cr_assert_str_eq(k.suffix, "hs");
}

Test(postcode, parses_spaces_around_hyphen)
{
	struct core_address_key k = parse_ok("3511AB 12 - 3");
	cr_assert_str_eq(k.suffix, "3");
}

Test(postcode, ignores_leading_and_trailing_blanks)
{
	struct core_address_key k = parse_ok("  \t3511AB 12  ");
	cr_assert_str_eq(k.postcode, "3511AB");
	cr_assert_eq(k.house_number, 12);
}

Test(postcode, accepts_house_number_range_limits)
{
	cr_assert_eq(parse_ok("1000AA 1").house_number, 1);
	cr_assert_eq(parse_ok("9999ZZ 99999").house_number, 99999);
}

Test(postcode, rejects_house_number_zero_or_too_long)
{
	parse_fails("3511AB 0");
	parse_fails("3511AB 012");
	parse_fails("3511AB 100000");
}

Test(postcode, rejects_postcode_starting_with_zero)
{
	parse_fails("0511AB 12");
}

Test(postcode, rejects_letter_pairs_never_issued)
{
	parse_fails("3511SA 12");
	parse_fails("3511 sd 12");
	parse_fails("3511Ss 12");
}

Test(postcode, accepts_other_s_pairs)
{
	cr_assert_str_eq(parse_ok("3511SB 1").postcode, "3511SB");
	cr_assert_str_eq(parse_ok("3511AS 1").postcode, "3511AS");
}

Test(postcode, rejects_wrong_digit_or_letter_count)
{
	parse_fails("351AB 12");
	parse_fails("35111AB 12");
	parse_fails("3511A 12");
	parse_fails("3511ABC 12");
}

Test(postcode, rejects_missing_house_number)
{
	parse_fails("3511AB");
	parse_fails("3511AB ");
}

Test(postcode, rejects_suffix_longer_than_four)
{
	parse_fails("3511AB 12 abcde");
}

Test(postcode, rejects_dangling_or_doubled_hyphen)
{
	parse_fails("3511AB 12-");
	parse_fails("3511AB 12--2");
}

Test(postcode, rejects_trailing_junk)
{
	parse_fails("3511AB 12 A 2 x");
	parse_fails("3511AB 12, Utrecht");
	parse_fails("3511AB 12!");
}

Test(postcode, rejects_non_ascii_letters)
{
	parse_fails("3511ÄB 12");
}

Test(postcode, rejects_null_and_empty)
{
	struct core_address_key k;
	cr_assert_not(core_postcode_parse(NULL, &k));
	cr_assert_not(core_postcode_parse("3511AB 12", NULL));
	parse_fails("");
}

Test(postcode_normalise, upper_cases_and_removes_space)
{
	char out[7];
	cr_assert(core_postcode_normalise(" 3511 ab ", out));
	cr_assert_str_eq(out, "3511AB");
	cr_assert(core_postcode_normalise("9999ZZ", out));
	cr_assert_str_eq(out, "9999ZZ");
}

Test(postcode_normalise, rejects_house_number_and_invalid_shapes)
{
	char out[7] = "keep";
	cr_assert_not(core_postcode_normalise("3511AB 12", out));
	cr_assert_not(core_postcode_normalise("3511SS", out));
	cr_assert_not(core_postcode_normalise("0511AB", out));
	cr_assert_not(core_postcode_normalise("3511", out));
	cr_assert_not(core_postcode_normalise(NULL, out));
	cr_assert_str_eq(out, "keep", "output untouched on failure");
}
