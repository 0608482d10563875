/* Unit tests for src/core/phone.c */
#include <criterion/criterion.h>
#include <string.h>

#include "core/phone.h"

TestSuite(phone, .timeout = 10);

static void expect(const char *in, const char *e164)
{
	char out[CORE_PHONE_MAX];
	cr_assert(core_phone_normalise(in, out, sizeof out), "should accept '%s'", in);
	cr_assert_str_eq(out, e164, "'%s'", in);
}

static void reject(const char *in)
{
	char out[CORE_PHONE_MAX];
	cr_assert_not(core_phone_normalise(in, out, sizeof out), "should reject '%s'", in);
}

Test(phone, normalises_dutch_mobile_notations)
{
	expect("06-12345678", "+31612345678");
	expect("06 1234 5678", "+31612345678");
	expect("0612345678", "+31612345678");
	expect("06.12.34.56.78", "+31612345678");
}

Test(phone, normalises_international_dutch_notations)
{
	expect("+31 6 12345678", "+31612345678");
	expect("+31612345678", "+31612345678");
	expect("0031612345678", "+31612345678");
	expect("0031 6 1234 5678", "+31612345678");
}

Test(phone, drops_parenthesised_trunk_zero)
{
	expect("+31 (0)6 12345678", "+31612345678");
	expect("+31(0)20 123 4567", "+31201234567");
	expect("0031 (0)6 12345678", "+31612345678");
}

Test(phone, drops_trunk_zero_written_without_parentheses)
{
	expect("+31 06 12345678", "+31612345678");
}

Test(phone, normalises_landlines_with_area_codes)
{
	expect("(020) 123 4567", "+31201234567");
	expect("020-1234567", "+31201234567");
	expect("010 - 123 45 67", "+31101234567");
	expect("0575 123456", "+31575123456");
	expect("088/1234567", "+31881234567");
}

Test(phone, keeps_foreign_numbers_with_country_code)
{
	expect("+32 2 123 45 67", "+3221234567");
	expect("0032 2 123 45 67", "+3221234567");
	expect("+49 (0)30 1234567", "+49301234567");
	expect("+1 (212) 555-0123", "+12125550123");
}

Test(phone, ignores_surrounding_blanks)
{
	expect("  06 12345678\t", "+31612345678");
}

Test(phone, rejects_letters)
{
	reject("06-1234567a");
	reject("tel 0612345678");
	reject("06-CALLME");
}

Test(phone, rejects_wrong_dutch_digit_count)
{
	reject("06-1234567");   /* 9 digits */
	reject("06-123456789"); /* 11 digits */
	reject("+31 6 1234567");
	reject("+31 6 123456789");
	reject("612345678");    /* no trunk 0 */
}

Test(phone, rejects_foreign_numbers_outside_e164_length)
{
	reject("+32 1234");             /* 6 digits: E.164 numbers in use have at least 7 */
	reject("+1234567890123456");   /* 16 digits */
}

Test(phone, rejects_misplaced_plus_and_broken_parentheses)
{
	reject("06+12345678");
	reject("++31612345678");
	reject("(020 1234567");
	reject("020) 1234567");
	reject("(020)(123)4567");
	reject("() 0201234567");
	reject("(0a0) 1234567");
}

Test(phone, rejects_country_code_zero_and_empty)
{
	reject("+0612345678");
	reject("000612345678");
	reject("");
	reject("   ");
	reject("+");
}

Test(phone, rejects_double_zero_area_code_as_national)
{
	/* "00" opens an international number: "0012" is a two-digit foreign number. */
	reject("0012");
}

Test(phone, rejects_absurdly_many_digits_without_overflow)
{
	reject("0612345678901234567890123456789012345678901234567890");
	reject("+31 (000000000000000000000000000000000000) 6");
}

Test(phone, fails_when_output_buffer_too_small)
{
	char out[12];
	cr_assert_not(core_phone_normalise("0612345678", out, sizeof out));
	char exact[13];
	cr_assert(core_phone_normalise("0612345678", exact, sizeof exact));
	cr_assert_str_eq(exact, "+31612345678");
}

Test(phone, rejects_null)
{
	char out[CORE_PHONE_MAX];
	cr_assert_not(core_phone_normalise(NULL, out, sizeof out));
	cr_assert_not(core_phone_normalise("0612345678", NULL, 0));
}
