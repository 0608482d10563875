/* Unit tests for src/core/query.c */
#include <criterion/criterion.h>
#include <string.h>

#include "core/query.h"

TestSuite(query, .timeout = 10);

static struct core_query classify(const char *in)
{
	struct core_query q;
	memset(&q, 0x5a, sizeof q); /* classify must set every field */
	core_query_classify(in, &q);
	return q;
}

static void expect_kind_key(const char *in, enum core_query_kind kind, const char *key)
{
	struct core_query q = classify(in);
	cr_assert_eq(q.kind, kind, "'%s': kind %s, message '%s'", in, core_query_kind_name(q.kind), q.message);
	cr_assert_str_eq(q.key, key, "'%s'", in);
	cr_assert_str_eq(q.message, "", "'%s'", in);
}

static void expect_invalid(const char *in, const char *message)
{
	struct core_query q = classify(in);
	cr_assert_eq(q.kind, CORE_Q_INVALID, "'%s': kind %s", in, core_query_kind_name(q.kind));
	cr_assert_str_eq(q.key, "");
	if (message != NULL)
		cr_assert_str_eq(q.message, message, "'%s'", in);
	else
		cr_assert_neq(q.message[0], '\0', "'%s' needs a message", in);
}

Test(query, empty_input_is_empty)
{
	cr_assert_eq(classify("").kind, CORE_Q_EMPTY);
	cr_assert_eq(classify("  \t ").kind, CORE_Q_EMPTY);
	cr_assert_eq(classify(NULL).kind, CORE_Q_EMPTY);
}

Test(query, nine_digits_passing_elfproef_is_bsn)
{
	expect_kind_key("111222333", CORE_Q_BSN, "111222333");
	expect_kind_key(" 1234.56.782 ", CORE_Q_BSN, "123456782");
	expect_kind_key("123 456 782", CORE_Q_BSN, "123456782");
}

Test(query, nine_digits_failing_elfproef_is_invalid_with_reason)
{
	expect_invalid("123456789", "9 digits but not a valid BSN (elfproef)");
}

Test(query, eight_digits_is_kvk)
{
	expect_kind_key("12345678", CORE_Q_KVK, "12345678");
	expect_kind_key("1234 5678", CORE_Q_KVK, "12345678");
}

Test(query, twelve_digits_is_kvk_branch)
{
	expect_kind_key("000012345678", CORE_Q_KVK, "000012345678");
}

Test(query, zero_kvk_is_invalid)
{
	expect_invalid("00000000", NULL);
}

Test(query, phone_notations_are_phone)
{
	expect_kind_key("06-12345678", CORE_Q_PHONE, "+31612345678");
	expect_kind_key("0612345678", CORE_Q_PHONE, "+31612345678");
	expect_kind_key("+31 (0)6 12345678", CORE_Q_PHONE, "+31612345678");
	expect_kind_key("0031612345678", CORE_Q_PHONE, "+31612345678");
	expect_kind_key("(020) 123 4567", CORE_Q_PHONE, "+31201234567");
	expect_kind_key("+32 2 123 45 67", CORE_Q_PHONE, "+3221234567");
}

Test(query, foreign_twelve_digit_number_with_00_is_phone_not_kvk)
{
	expect_kind_key("0032 2 123 4567", CORE_Q_PHONE, "+3221234567");
}

Test(query, bad_digit_strings_are_invalid)
{
	expect_invalid("12345", NULL);
	expect_invalid("06-1234567", NULL);
	expect_invalid("+31 6 123", NULL);
	expect_invalid("1234567890123456789012345678901234567890", NULL);
}

Test(query, at_sign_is_email)
{
	expect_kind_key(" Jan.Jansen@Example.NL ", CORE_Q_EMAIL, "jan.jansen@example.nl");
}

Test(query, bad_email_is_invalid)
{
	expect_invalid("jan@", "not a valid e-mail address");
	expect_invalid("@jansen", "not a valid e-mail address");
}

Test(query, z_reference_is_case)
{
	expect_kind_key("Z-2026-000123", CORE_Q_CASE_REF, "Z-2026-000123");
	expect_kind_key("z-2026-123", CORE_Q_CASE_REF, "Z-2026-000123");
	expect_kind_key("Z2026000123", CORE_Q_CASE_REF, "Z-2026-000123");
}

Test(query, bad_case_reference_is_invalid)
{
	expect_invalid("Z-1999-000123", "not a valid case reference (Z-2026-000123)");
}

Test(query, names_starting_with_z_are_names)
{
	expect_kind_key("Zwart", CORE_Q_NAME, "zwart");
	expect_kind_key("Z. Zwart", CORE_Q_NAME, "z. zwart");
}

Test(query, postcode_with_house_number_is_postcode)
{
	struct core_query q = classify("3511 ab 12-2");
	cr_assert_eq(q.kind, CORE_Q_POSTCODE);
	cr_assert_str_eq(q.key, "3511AB");
	cr_assert_str_eq(q.addr.postcode, "3511AB");
	cr_assert_eq(q.addr.house_number, 12);
	cr_assert_str_eq(q.addr.suffix, "2");
}

Test(query, postcode_alone_is_postcode_without_number)
{
	struct core_query q = classify("3511AB");
	cr_assert_eq(q.kind, CORE_Q_POSTCODE);
	cr_assert_str_eq(q.key, "3511AB");
	cr_assert_eq(q.addr.house_number, 0);
	cr_assert_eq(q.addr.letter, 0);
	cr_assert_str_eq(q.addr.suffix, "");
}

Test(query, bad_postcode_is_invalid)
{
	expect_invalid("3511 SS 12", "not a valid postcode and house number (3511 AB 12)");
	expect_invalid("0511 AB 12", NULL);
	expect_invalid("3511AB 0", NULL);
}

Test(query, surname_alone_is_name)
{
	struct core_query q = classify("Jansen");
	cr_assert_eq(q.kind, CORE_Q_NAME);
	cr_assert_str_eq(q.key, "jansen");
	cr_assert_str_eq(q.name_prefix, "");
	cr_assert_eq(q.birth_year, 0);
	cr_assert_eq(q.birth_month, 0);
	cr_assert_eq(q.birth_day, 0);
}

Test(query, prefix_is_split_off_name)
{
	struct core_query q = classify("van der berg");
	cr_assert_eq(q.kind, CORE_Q_NAME);
	cr_assert_str_eq(q.key, "berg");
	cr_assert_str_eq(q.name_prefix, "van der");
}

Test(query, name_with_dutch_birth_date)
{
	struct core_query q = classify("jansen 12-03-1961");
	cr_assert_eq(q.kind, CORE_Q_NAME);
	cr_assert_str_eq(q.key, "jansen");
	cr_assert_eq(q.birth_year, 1961);
	cr_assert_eq(q.birth_month, 3);
	cr_assert_eq(q.birth_day, 12);
}

Test(query, name_with_slashed_short_birth_date)
{
	struct core_query q = classify("Çelik 12/3/1961");
	cr_assert_eq(q.kind, CORE_Q_NAME);
	cr_assert_str_eq(q.key, "celik");
	cr_assert_eq(q.birth_month, 3);
	cr_assert_eq(q.birth_day, 12);
}

Test(query, name_with_iso_birth_date)
{
	struct core_query q = classify("Nguyễn 1961-03-12");
	cr_assert_eq(q.kind, CORE_Q_NAME);
	cr_assert_str_eq(q.key, "nguyen");
	cr_assert_eq(q.birth_year, 1961);
	cr_assert_eq(q.birth_month, 3);
	cr_assert_eq(q.birth_day, 12);
}

Test(query, name_with_prefix_and_birth_year)
{
	struct core_query q = classify("de vriez 1961");
	cr_assert_eq(q.kind, CORE_Q_NAME);
	cr_assert_str_eq(q.key, "vriez");
	cr_assert_str_eq(q.name_prefix, "de");
	cr_assert_eq(q.birth_year, 1961);
	cr_assert_eq(q.birth_month, 0);
	cr_assert_eq(q.birth_day, 0);
}

Test(query, names_from_the_field)
{
	expect_kind_key("Yılmaz", CORE_Q_NAME, "yilmaz");
	expect_kind_key("El Amrani", CORE_Q_NAME, "el amrani");
	expect_kind_key("IJzerman", CORE_Q_NAME, "ijzerman");
	expect_kind_key("ter Horst", CORE_Q_NAME, "horst");
	expect_kind_key("in 't Veld", CORE_Q_NAME, "veld");
	expect_kind_key("d'Hondt", CORE_Q_NAME, "hondt");
	expect_kind_key("Müller-Lüdenscheidt", CORE_Q_NAME, "muller ludenscheidt");
}

Test(query, impossible_birth_date_is_invalid)
{
	expect_invalid("jansen 31-02-1961", "not a valid birth date (use dd-mm-yyyy, yyyy-mm-dd or a year)");
	expect_invalid("jansen 1961-13-01", NULL);
	expect_invalid("jansen 29-02-1961", NULL);
}

Test(query, leap_day_birth_date_is_accepted)
{
	struct core_query q = classify("jansen 29-02-1960");
	cr_assert_eq(q.kind, CORE_Q_NAME);
	cr_assert_eq(q.birth_day, 29);
}

Test(query, two_digit_year_and_odd_date_shapes_are_invalid)
{
	expect_invalid("jansen 12-03-61", NULL);
	expect_invalid("jansen 12-03/1961", NULL);
	expect_invalid("jansen 1961/03/12", NULL);
	expect_invalid("jansen 1700", NULL);
}

Test(query, birth_date_alone_is_invalid)
{
	expect_invalid("12-03-1961", "a birth date alone is not enough: type the surname too");
	expect_invalid("1961-03-12", "a birth date alone is not enough: type the surname too");
	expect_invalid("1961", "a birth date alone is not enough: type the surname too");
	expect_invalid("31-02-1961", "a birth date alone is not enough: type the surname too");
}

Test(query, digits_inside_a_name_are_invalid)
{
	expect_invalid("jan 12 jansen", "a name cannot contain digits; put the birth date last");
	expect_invalid("jansen2", NULL);
}

Test(query, punctuation_only_is_invalid)
{
	expect_invalid("'-'", "nothing to search for");
	expect_invalid("?!", NULL);
}

Test(query, control_characters_are_invalid)
{
	expect_invalid("jan\x1b[31msen", "search text contains control characters");
	expect_invalid("jan\xe2\x80\xaesen", NULL);
}

Test(query, invalid_utf8_is_invalid)
{
	expect_invalid("jan\xffsen", "search text is not valid UTF-8");
}

Test(query, tab_inside_is_a_blank)
{
	struct core_query q = classify("van\tder\tBerg\t1961");
	cr_assert_eq(q.kind, CORE_Q_NAME);
	cr_assert_str_eq(q.name_prefix, "van der");
	cr_assert_str_eq(q.key, "berg");
	cr_assert_eq(q.birth_year, 1961);
}

Test(query, overlong_input_is_invalid)
{
	char big[400];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	expect_invalid(big, "search text too long");
}

Test(query, only_a_prefix_searches_it_as_surname)
{
	struct core_query q = classify("Van");
	cr_assert_eq(q.kind, CORE_Q_NAME);
	cr_assert_str_eq(q.key, "van");
	cr_assert_str_eq(q.name_prefix, "");
}

Test(query, kind_names_are_stable)
{
	cr_assert_str_eq(core_query_kind_name(CORE_Q_BSN), "bsn");
	cr_assert_str_eq(core_query_kind_name(CORE_Q_POSTCODE), "postcode");
	cr_assert_str_eq(core_query_kind_name(CORE_Q_PHONE), "phone");
	cr_assert_str_eq(core_query_kind_name(CORE_Q_EMAIL), "email");
	cr_assert_str_eq(core_query_kind_name(CORE_Q_CASE_REF), "case");
	cr_assert_str_eq(core_query_kind_name(CORE_Q_KVK), "kvk");
	cr_assert_str_eq(core_query_kind_name(CORE_Q_NAME), "name");
	cr_assert_str_eq(core_query_kind_name(CORE_Q_EMPTY), "empty");
	cr_assert_str_eq(core_query_kind_name(CORE_Q_INVALID), "invalid");
	cr_assert_str_eq(core_query_kind_name((enum core_query_kind)99), "invalid");
}
