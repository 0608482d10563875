/* Unit tests for src/core/wrap.c */
#include <criterion/criterion.h>
#include <locale.h>
#include <string.h>

#include "core/wrap.h"

static void utf8_locale(void)
{
	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"), "C.UTF-8 locale missing");
}

TestSuite(wrap, .timeout = 10, .init = utf8_locale);

static size_t row(const char *s, int cols)
{
	return core_wrap_row(s, strlen(s), cols);
}

Test(wrap, a_line_that_fits_is_one_row)
{
	cr_assert_eq(row("Aangifte gedaan", 20), 15);
	cr_assert_eq(row("Aangifte gedaan", 15), 15);
	cr_assert_eq(row("", 15), 0);
}

Test(wrap, a_longer_line_is_cut_at_the_width)
{
	cr_assert_eq(row("Aangifte gedaan bij de balie", 10), 10);
	cr_assert_eq(row("Aangifte gedaan bij de balie", 1), 1);
}

Test(wrap, a_character_is_never_split)
{
	/* "één" is 3 columns in 5 bytes. */
	cr_assert_eq(row("\xc3\xa9\xc3\xa9n twee", 2), 4);
	cr_assert_eq(row("\xc3\xa9\xc3\xa9n twee", 3), 5);
}

Test(wrap, combining_marks_stay_with_their_character)
{
	/* "e" + U+0301 COMBINING ACUTE ACCENT, then "x": the mark goes on the full row. */
	cr_assert_eq(row("e\xcc\x81x", 1), 3);
	cr_assert_eq(core_wrap_width("e\xcc\x81x", 4), 2);
}

Test(wrap, a_wide_character_that_does_not_fit_goes_to_the_next_row)
{
	/* "ab漢字": 6 columns; 漢 ends at column 4, 字 would end at 6. */
	const char *s = "ab\xe6\xbc\xa2\xe5\xad\x97";
	cr_assert_eq(row(s, 5), 5);
	cr_assert_eq(row(s, 6), 8);
	cr_assert_eq(core_wrap_width(s, strlen(s)), 6);
}

Test(wrap, a_character_wider_than_the_row_still_takes_a_row)
{
	cr_assert_eq(row("\xe6\xbc\xa2\xe5\xad\x97", 1), 3);
}

Test(wrap, rows_cover_the_whole_line_in_order)
{
	const char *s = "Klant belt over de aanvraag van een nieuw paspoort; \xc3\xa9\xc3\xa9n "
	                "formulier ontbreekt nog en wordt nagestuurd.";
	size_t len = strlen(s), at = 0;
	int rows = 0;
	while (at < len) {
		size_t n = core_wrap_row(s + at, len - at, 13);
		cr_assert_gt(n, 0);
		cr_assert_leq(core_wrap_width(s + at, n), 13);
		at += n;
		rows++;
	}
	cr_assert_eq(at, len);
	cr_assert_eq(rows, (core_wrap_width(s, len) + 12) / 13);
}

Test(wrap, undecodable_bytes_count_one_column_each)
{
	cr_assert_eq(core_wrap_width("a\xff\xfe"
	                             "b",
	                             4),
	             4);
	cr_assert_eq(row("a\xff\xfe"
	                 "b",
	                 2),
	             2);
}
