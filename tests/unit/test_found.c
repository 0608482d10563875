/* Unit tests for src/core/found.c */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "core/found.h"

static void utf8_locale(void)
{
	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"), "C.UTF-8 locale missing");
}

TestSuite(found_narrow, .timeout = 10);
TestSuite(found_completions, .timeout = 10, .init = utf8_locale);

static const char *narrow(const char *typed)
{
	struct core_query q;
	core_query_classify(typed, &q);
	return core_found_narrow(&q);
}

Test(found_narrow, asks_for_a_birth_date_after_a_surname)
{
	cr_assert_str_eq(narrow("jansen"), "add the birth date (dd-mm-yyyy) or year to the name");
	cr_assert_str_eq(narrow("van der berg"),
	                 "add the birth date (dd-mm-yyyy) or year to the name");
}

Test(found_narrow, asks_for_the_whole_date_after_a_year)
{
	cr_assert_str_eq(narrow("jansen 1961"),
	                 "give the whole birth date (dd-mm-yyyy) instead of the year");
}

Test(found_narrow, points_elsewhere_when_name_and_date_are_not_enough)
{
	cr_assert_str_eq(narrow("jansen 12-03-1961"),
	                 "search by BSN, phone, or postcode and house number instead");
}

Test(found_narrow, asks_for_the_house_number_after_a_postcode)
{
	cr_assert_str_eq(narrow("3511 AB"), "add the house number to the postcode (3511 AB 12)");
	cr_assert_str_eq(narrow("3511 AB 12"), "search by BSN, or by name and birth date instead");
}

Test(found_narrow, never_gives_null)
{
	static const char *const typed[] = {
	    "", "12345678", "0612345678", "a@b.nl", "Z-2026-000001", "123456782", "1961", NULL};
	for (int i = 0; typed[i]; i++)
		cr_assert_not_null(narrow(typed[i]), "'%s'", typed[i]);
}

/* The words offered for a name, joined by '|'. */
struct words {
	char s[512];
};

static void collect(void *arg, const char *word)
{
	struct words *w = arg;
	size_t n = strlen(w->s);
	snprintf(w->s + n, sizeof w->s - n, "%s%s", n ? "|" : "", word);
}

static void expect_words(const char *name, bool sort_form, const char *want)
{
	struct words w = {""};
	core_found_completions(name, sort_form, collect, &w);
	cr_assert_str_eq(w.s, want, "'%s'", name);
}

Test(found_completions, offers_the_surname_of_a_sort_name_not_the_initials)
{
	expect_words("Jansen, G.A.", true, "Jansen");
	expect_words("Vries, H.J. de", true, "Vries");
	expect_words("Berg, J. van der", true, "Berg");
	expect_words("Jansen", true, "Jansen");
}

Test(found_completions, offers_later_words_so_that_a_typed_prefix_completes)
{
	expect_words("El Amrani, M.", true, "El Amrani|Amrani");
	expect_words("O'Brien, K.", true, "O'Brien|Brien");
	expect_words("Jansen-de Vries, P.", true, "Jansen-de Vries|Vries");
}

Test(found_completions, offers_names_with_diacritics_also_without_them)
{
	expect_words("Çelik, A.", true, "Çelik|Celik");
	expect_words("Trần, T.V.", true, "Trần|Tran");
	expect_words("Tra\xcc\x80\xcc\x82n, Q.", true, "Tra\xcc\x80\xcc\x82n|Tran");
	expect_words("Yıldırım, E.", true, "Yıldırım|Yildirim");
	expect_words("Erdoğan", false, "Erdoğan|Erdogan");
	expect_words("Müller-Lüdenscheidt", false, "Müller-Lüdenscheidt|Muller-Ludenscheidt");
}

Test(found_completions, keeps_capitals_when_removing_diacritics)
{
	expect_words("ÇELIK", false, "ÇELIK|CELIK");
	expect_words("İnce", false, "İnce|Ince");
	expect_words("Ørsted", false, "Ørsted|Orsted");
}

Test(found_completions, offers_an_organisation_whole_and_by_its_later_words)
{
	expect_words("Café De Buurvrouw", false,
	             "Café De Buurvrouw|Cafe De Buurvrouw|De Buurvrouw|Buurvrouw");
	expect_words("Bakkerij Jansen, Zn.", false, "Bakkerij Jansen, Zn.|Jansen, Zn.|Zn.");
}

Test(found_completions, offers_other_scripts_as_they_are)
{
	expect_words("Иванов", false, "Иванов");
	expect_words("中村, H.", true, "中村");
}

Test(found_completions, offers_nothing_for_an_empty_name)
{
	expect_words("", true, "");
	expect_words("  ", false, "");
	expect_words(", A.", true, "");
	expect_words(NULL, true, "");
}
