/* Unit tests for src/core/name.c and src/core/fold.c */
#include <criterion/criterion.h>
#include <string.h>

#include "core/fold.h"
#include "core/name.h"

TestSuite(name_normalise, .timeout = 10);
TestSuite(name_split, .timeout = 10);
TestSuite(name_format, .timeout = 10);
TestSuite(fold, .timeout = 10);

static void expect_norm(const char *in, const char *want)
{
	char out[128];
	size_t n = core_name_normalise(in, out, sizeof out);
	cr_assert_str_eq(out, want, "normalise('%s')", in);
	cr_assert_eq(n, strlen(want));
}

/* The expected values below were produced by PostgreSQL 15 (C.UTF-8) with loket.norm_name:
 *   btrim(regexp_replace(lower(unaccent(x)), '[[:space:]''`´’-]+', ' ', 'g'))
 * so these tests pin the client to the server's search form. */
Test(name_normalise, lower_cases_dutch_names_with_prefix)
{
	expect_norm("van der Berg", "van der berg");
	expect_norm("de Vries", "de vries");
	expect_norm("ter Horst", "ter horst");
}

Test(name_normalise, folds_apostrophes_to_space_like_the_database)
{
	expect_norm("in 't Veld", "in t veld");
	expect_norm("d'Hondt", "d hondt");
	expect_norm("d\xe2\x80\x99Hondt", "d hondt"); /* RIGHT SINGLE QUOTATION MARK */
	expect_norm("d`Hondt", "d hondt");
	expect_norm("d\xc2\xb4Hondt", "d hondt");     /* ACUTE ACCENT */
}

Test(name_normalise, removes_turkish_diacritics_and_dotless_i)
{
	expect_norm("Yılmaz", "yilmaz");
	expect_norm("Çelik", "celik");
	expect_norm("Gül Ğ", "gul g");
	expect_norm("İnce", "ince");
}

Test(name_normalise, removes_vietnamese_diacritics)
{
	expect_norm("Nguyễn", "nguyen");
	expect_norm("Trần Thị Ánh", "tran thi anh");
	expect_norm("Đặng", "dang");
}

Test(name_normalise, removes_combining_marks_of_decomposed_text)
{
	expect_norm("Nguye\xcc\x82\xcc\x83n", "nguyen"); /* e + U+0302 + U+0303 */
}

Test(name_normalise, keeps_arabic_article_as_part_of_name)
{
	expect_norm("El Amrani", "el amrani");
}

Test(name_normalise, lower_cases_ij_digraph_and_ligature)
{
	expect_norm("IJzerman", "ijzerman");
	expect_norm("\xc4\xb2sselmuiden", "ijsselmuiden"); /* U+0132 LATIN CAPITAL LIGATURE IJ */
}

Test(name_normalise, expands_letters_that_are_two_letters)
{
	expect_norm("Straße", "strasse");
	expect_norm("Ærøskøbing", "aeroskobing");
	expect_norm("Œuvre", "oeuvre");
	expect_norm("Þórsson", "thorsson");
}

Test(name_normalise, removes_other_latin_diacritics)
{
	expect_norm("ŁUKASZEWICZ", "lukaszewicz");
	expect_norm("Šťastný", "stastny");
	expect_norm("Ångström", "angstrom");
	expect_norm("François  Ñúñez", "francois nunez");
	expect_norm("Müller-Lüdenscheidt", "muller ludenscheidt");
}

Test(name_normalise, lower_cases_greek_and_cyrillic)
{
	expect_norm("Иванов", "иванов");
	expect_norm("Παπαδόπουλος", "παπαδοπουλος");
}

Test(name_normalise, folds_runs_of_separators_and_trims)
{
	expect_norm("  Jean-Luc   O'Neill  ", "jean luc o neill");
	expect_norm("Van\xe2\x80\x94" "Dam", "van dam"); /* EM DASH becomes '-' in unaccent */
	expect_norm("a \t\n- ' b", "a b");
}

Test(name_normalise, keeps_no_break_space_as_the_database_does)
{
	/* PostgreSQL's \s does not match U+00A0, so neither do we. */
	expect_norm("a\xc2\xa0" "b", "a\xc2\xa0" "b");
}

Test(name_normalise, folds_unicode_spaces_the_database_folds)
{
	expect_norm("a\xe2\x80\x82" "b", "a b");  /* EN SPACE */
	expect_norm("a\xe3\x80\x80" "b", "a b");  /* IDEOGRAPHIC SPACE */
}

Test(name_normalise, gives_empty_for_only_separators)
{
	expect_norm("'-'- ", "");
	expect_norm("", "");
}

Test(name_normalise, drops_invalid_utf8)
{
	expect_norm("Jan\xff" "sen\xc3", "jansen");
}

Test(name_normalise, returns_needed_length_and_truncates_on_character_boundary)
{
	char out[6];
	/* "иванов" is 12 bytes; 5 bytes of room holds two 2-byte letters. */
	size_t n = core_name_normalise("Иванов", out, sizeof out);
	cr_assert_eq(n, 12);
	cr_assert_str_eq(out, "ив");
}

Test(name_normalise, handles_null_and_zero_length_buffer)
{
	char out[4] = "xyz";
	cr_assert_eq(core_name_normalise(NULL, out, sizeof out), 0);
	cr_assert_eq(core_name_normalise("Jansen", out, 0), 6);
	cr_assert_eq(core_name_normalise("Jansen", NULL, 0), 6);
	cr_assert_str_eq(out, "", "NULL input yields an empty string");
}

Test(fold, maps_ascii_upper_case_only)
{
	cr_assert_str_eq(core_fold_codepoint('A'), "a");
	cr_assert_str_eq(core_fold_codepoint('Z'), "z");
	cr_assert_null(core_fold_codepoint('a'));
	cr_assert_null(core_fold_codepoint('0'));
	cr_assert_null(core_fold_codepoint('-'));
}

Test(fold, covers_latin_ranges_asked_for)
{
	cr_assert_str_eq(core_fold_codepoint(0x00C7), "c");  /* Ç */
	cr_assert_str_eq(core_fold_codepoint(0x0131), "i");  /* ı */
	cr_assert_str_eq(core_fold_codepoint(0x1EC5), "e");  /* ễ */
	cr_assert_str_eq(core_fold_codepoint(0x00F6), "o");  /* ö */
	cr_assert_str_eq(core_fold_codepoint(0x00DF), "ss"); /* ß */
	cr_assert_str_eq(core_fold_codepoint(0x00F8), "o");  /* ø */
	cr_assert_str_eq(core_fold_codepoint(0x00E6), "ae"); /* æ */
	cr_assert_str_eq(core_fold_codepoint(0x0133), "ij"); /* ĳ */
	cr_assert_str_eq(core_fold_codepoint(0x1EF9), "y");  /* ỹ, end of the Vietnamese block */
	cr_assert_str_eq(core_fold_codepoint(0x1EA0), "a");  /* Ạ, its start */
}

Test(fold, every_vietnamese_letter_folds_to_ascii)
{
	for (uint32_t cp = 0x1EA0; cp <= 0x1EF9; cp++) {
		const char *f = core_fold_codepoint(cp);
		cr_assert_not_null(f, "U+%04X", cp);
		cr_assert_eq(strlen(f), 1, "U+%04X", cp);
		cr_assert(f[0] >= 'a' && f[0] <= 'z', "U+%04X", cp);
	}
}

Test(fold, deletes_combining_diacritics)
{
	cr_assert_str_eq(core_fold_codepoint(0x0301), "");
	cr_assert_str_eq(core_fold_codepoint(0x0308), "");
}

Test(fold, leaves_unmapped_code_points_alone)
{
	cr_assert_null(core_fold_codepoint(0x00A0)); /* NO-BREAK SPACE */
	cr_assert_null(core_fold_codepoint(0x4E2D)); /* 中 */
	cr_assert_null(core_fold_codepoint(0x10FFFF));
}

/* ------------------------------------------------------------------ split */

static void expect_split(const char *in, const char *prefix, const char *surname)
{
	char p[32], s[64];
	cr_assert(core_name_split(in, p, sizeof p, s, sizeof s), "split('%s')", in);
	cr_assert_str_eq(p, prefix, "prefix of '%s'", in);
	cr_assert_str_eq(s, surname, "surname of '%s'", in);
}

Test(name_split, splits_van_der)
{
	expect_split("van der Berg", "van der", "Berg");
}

Test(name_split, lower_cases_capitalised_prefix)
{
	expect_split("De Vries", "de", "Vries");
	expect_split("VAN DEN BERG", "van den", "BERG");
}

Test(name_split, prefers_longest_prefix)
{
	expect_split("van de Kamp", "van de", "Kamp");
	expect_split("van het Hof", "van het", "Hof");
	expect_split("Van Dijk", "van", "Dijk");
}

Test(name_split, splits_ter_and_in_t)
{
	expect_split("ter Horst", "ter", "Horst");
	expect_split("in 't Veld", "in 't", "Veld");
	expect_split("'t Hart", "'t", "Hart");
}

Test(name_split, normalises_curly_apostrophe_in_prefix)
{
	expect_split("in \xe2\x80\x99t Veld", "in 't", "Veld");
}

Test(name_split, splits_elided_article_glued_to_name)
{
	expect_split("d'Hondt", "d'", "Hondt");
	expect_split("D\xe2\x80\x99Hondt", "d'", "Hondt");
	expect_split("l'Ami", "l'", "Ami");
}

Test(name_split, keeps_arabic_article_in_surname)
{
	expect_split("El Amrani", "", "El Amrani");
	expect_split("al Khatib", "", "al Khatib");
}

Test(name_split, leaves_names_without_prefix_alone)
{
	expect_split("Yılmaz", "", "Yılmaz");
	expect_split("Nguyễn", "", "Nguyễn");
	expect_split("Çelik", "", "Çelik");
	expect_split("IJzerman", "", "IJzerman");
	expect_split("Vanderbilt", "", "Vanderbilt");
	expect_split("Dekker", "", "Dekker");
}

Test(name_split, keeps_a_name_that_is_only_a_prefix)
{
	expect_split("Van", "", "Van");
	expect_split("van der", "", "van der");
	expect_split("d'", "", "d'");
}

Test(name_split, keeps_double_name_after_prefix)
{
	expect_split("van der Berg-Jansen", "van der", "Berg-Jansen");
	expect_split("Jansen-van der Berg", "", "Jansen-van der Berg");
}

Test(name_split, collapses_blanks)
{
	expect_split("  van   der\tBerg  ", "van der", "Berg");
	expect_split("de  la   Cruz  Fernández", "de la", "Cruz Fernández");
}

Test(name_split, reads_sorted_spelling_with_comma)
{
	expect_split("Berg, van der", "van der", "Berg");
	expect_split("Hondt, d'", "d'", "Hondt");
}

Test(name_split, leaves_comma_without_prefix_in_surname)
{
	expect_split("Berg, J.", "", "Berg, J.");
}

Test(name_split, fails_on_empty_or_too_small_buffers)
{
	char p[32], s[64];
	cr_assert_not(core_name_split("", p, sizeof p, s, sizeof s));
	cr_assert_not(core_name_split("   ", p, sizeof p, s, sizeof s));
	cr_assert_not(core_name_split(NULL, p, sizeof p, s, sizeof s));
	char small[4];
	cr_assert_not(core_name_split("van der Berg", small, sizeof small, s, sizeof s));
	cr_assert_not(core_name_split("van der Berg", p, sizeof p, small, 4));
	char exact[5];
	cr_assert(core_name_split("van der Berg", p, sizeof p, exact, sizeof exact));
	cr_assert_str_eq(exact, "Berg");
}

Test(name_split, survives_very_many_words)
{
	char p[32], s[512];
	const char *many = "van a b c d e f g h i j k l m n o p q r s t u v w x y z";
	cr_assert(core_name_split(many, p, sizeof p, s, sizeof s));
	cr_assert_str_eq(p, "van");
}

/* ------------------------------------------------------------------ format */

static void expect_format(const char *given, const char *prefix, const char *surname,
                          enum core_name_style style, const char *want)
{
	char out[64];
	memset(out, 'x', sizeof out);
	core_name_format(given, prefix, surname, style, out, sizeof out);
	cr_assert_str_eq(out, want);
}

Test(name_format, displays_initials_prefix_surname)
{
	expect_format("J.", "van der", "Berg", CORE_NAME_DISPLAY, "J. van der Berg");
	expect_format("Anna", "de", "Vries", CORE_NAME_DISPLAY, "Anna de Vries");
}

Test(name_format, sorts_on_surname_after_prefix)
{
	expect_format("J.", "van der", "Berg", CORE_NAME_SORT, "Berg, J. van der");
	expect_format("P.", "in 't", "Veld", CORE_NAME_SORT, "Veld, P. in 't");
}

Test(name_format, lower_cases_prefix_after_initials)
{
	expect_format("J.", "Van Der", "Berg", CORE_NAME_DISPLAY, "J. van der Berg");
	expect_format("J.", "Van Der", "Berg", CORE_NAME_SORT, "Berg, J. van der");
}

Test(name_format, capitalises_prefix_opening_the_name)
{
	expect_format("", "van der", "Berg", CORE_NAME_DISPLAY, "Van der Berg");
	expect_format(NULL, "in 't", "Veld", CORE_NAME_DISPLAY, "In 't Veld");
}

Test(name_format, keeps_apostrophe_t_lower_case_at_start)
{
	expect_format(NULL, "'t", "Hart", CORE_NAME_DISPLAY, "'t Hart");
}

Test(name_format, writes_elided_article_against_surname)
{
	expect_format("M.", "d'", "Hondt", CORE_NAME_DISPLAY, "M. d'Hondt");
	expect_format(NULL, "d'", "Hondt", CORE_NAME_DISPLAY, "D'Hondt");
	expect_format("M.", "d'", "Hondt", CORE_NAME_SORT, "Hondt, M. d'");
}

Test(name_format, omits_missing_parts)
{
	expect_format("S.", NULL, "Yılmaz", CORE_NAME_DISPLAY, "S. Yılmaz");
	expect_format("S.", "", "Yılmaz", CORE_NAME_SORT, "Yılmaz, S.");
	expect_format(NULL, NULL, "Nguyễn", CORE_NAME_DISPLAY, "Nguyễn");
	expect_format(NULL, NULL, "Nguyễn", CORE_NAME_SORT, "Nguyễn");
	expect_format(NULL, "ter", "Horst", CORE_NAME_SORT, "Horst, ter");
	expect_format("  ", " ", "  ", CORE_NAME_DISPLAY, "");
}

Test(name_format, trims_parts)
{
	expect_format(" A. ", " el ", " Amrani ", CORE_NAME_DISPLAY, "A. el Amrani");
	expect_format("K.", NULL, "El Amrani", CORE_NAME_SORT, "El Amrani, K.");
}

Test(name_format, keeps_non_ascii_letters_of_given_name_and_surname)
{
	expect_format("Çağla", NULL, "Çelik", CORE_NAME_DISPLAY, "Çağla Çelik");
	expect_format("Ĳsbrand", NULL, "IJzerman", CORE_NAME_SORT, "IJzerman, Ĳsbrand");
}

Test(name_format, truncates_on_character_boundary)
{
	char out[8];
	/* "Ç. Çelik" is 10 bytes; 7 fit: "Ç. Çel" (8 bytes) does not, "Ç. Çe" (7) does. */
	core_name_format("Ç.", NULL, "Çelik", CORE_NAME_DISPLAY, out, sizeof out);
	cr_assert_str_eq(out, "Ç. Çe");
}

Test(name_format, tolerates_tiny_and_null_buffers)
{
	char out[1] = { 'x' };
	core_name_format("J.", "van", "Dam", CORE_NAME_DISPLAY, out, sizeof out);
	cr_assert_eq(out[0], '\0');
	core_name_format("J.", "van", "Dam", CORE_NAME_DISPLAY, NULL, 0);
}

TestSuite(name_word_prefix, .timeout = 10);

Test(name_word_prefix, a_colleague_is_found_by_given_name_surname_or_both)
{
	cr_assert(core_name_word_prefix("Jan", "Jan de Vries"));
	cr_assert(core_name_word_prefix("jan de", "Jan de Vries"));
	cr_assert(core_name_word_prefix("de Vries", "Jan de Vries"));
	cr_assert(core_name_word_prefix("vri", "Jan de Vries"));
	cr_assert(core_name_word_prefix("  DE   vries ", "Jan de Vries"));
}

Test(name_word_prefix, accents_case_and_hyphens_do_not_count)
{
	cr_assert(core_name_word_prefix("tran", "Duc Trần"));
	cr_assert(core_name_word_prefix("yilmaz", "Fatma Yılmaz"));
	cr_assert(core_name_word_prefix("celik", "Ayşe Çelik"));
	cr_assert(core_name_word_prefix("el idrissi", "Mohamed El-Idrissi"));
}

Test(name_word_prefix, only_the_start_of_a_word_matches)
{
	cr_assert_not(core_name_word_prefix("ries", "Jan de Vries"));
	cr_assert_not(core_name_word_prefix("vries jan", "Jan de Vries"));
	cr_assert_not(core_name_word_prefix("", "Jan de Vries"));
	cr_assert_not(core_name_word_prefix("  ", "Jan de Vries"));
	cr_assert_not(core_name_word_prefix("jan", ""));
	cr_assert_not(core_name_word_prefix(NULL, "Jan de Vries"));
}
