/* Unit tests for src/core/text.c and src/core/utf8.c */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/utf8.h"

static void utf8_locale(void)
{
	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"), "C.UTF-8 locale missing");
}

TestSuite(text_sanitise, .timeout = 10);
TestSuite(text_width, .timeout = 10, .init = utf8_locale);
TestSuite(text_fit, .timeout = 10, .init = utf8_locale);
TestSuite(text_pad, .timeout = 10, .init = utf8_locale);
TestSuite(utf8, .timeout = 10);

/* Sanitises a NUL-terminated string with the given flags; the caller frees. */
static char *san(const char *s, unsigned flags)
{
	char *out = core_text_sanitise(s, strlen(s), flags);
	cr_assert_not_null(out);
	return out;
}

static void expect_san(const char *in, size_t len, unsigned flags, const char *want)
{
	char *out = core_text_sanitise(in, len, flags);
	cr_assert_not_null(out);
	cr_assert_str_eq(out, want);
	free(out);
}

/* Asserts what a terminal must never receive. */
static void assert_terminal_safe(const char *s)
{
	size_t len = strlen(s);
	cr_assert(core_utf8_valid(s, len), "not valid UTF-8");
	cr_assert_null(memchr(s, 0x1b, len), "contains ESC");
	cr_assert_null(memchr(s, 0x07, len), "contains BEL");
	cr_assert_null(memchr(s, '\r', len), "contains CR");
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = core_utf8_decode(s + i, len - i, &cp);
		cr_assert(!(cp >= 0x80 && cp <= 0x9f), "contains C1 U+%04X", cp);
		cr_assert(!(cp < 0x20 && cp != '\n' && cp != '\t'), "contains C0 U+%04X", cp);
		cr_assert_neq(cp, 0x7f, "contains DEL");
		cr_assert_neq(cp, 0x202e, "contains RLO");
		i += n;
	}
}

#define FFFD "\xef\xbf\xbd"

Test(text_sanitise, keeps_names_with_diacritics)
{
	expect_san("Çelik", strlen("Çelik"), 0, "Çelik");
	expect_san("Nguyễn", strlen("Nguyễn"), 0, "Nguyễn");
	expect_san("IJsbrand", 8, 0, "IJsbrand");
	expect_san("中村", strlen("中村"), 0, "中村");
}

Test(text_sanitise, shows_escape_sequences_as_control_pictures)
{
	const char *hostile = "\x1b[31mred\x1b]0;title\x07";
	char *out = san(hostile, 0);
	cr_assert_str_eq(out, "\xe2\x90\x9b[31mred\xe2\x90\x9b]0;title\xe2\x90\x87"); /* ␛ … ␇ */
	assert_terminal_safe(out);
	free(out);
}

Test(text_sanitise, replaces_c1_csi)
{
	char *out = san("a\xc2\x9b" "31mb", 0);
	cr_assert_str_eq(out, "a" FFFD "31mb");
	assert_terminal_safe(out);
	free(out);
}

Test(text_sanitise, replaces_every_c1_control)
{
	for (uint32_t cp = 0x80; cp <= 0x9f; cp++) {
		char in[2] = { (char)(0xc0 | (cp >> 6)), (char)(0x80 | (cp & 0x3f)) };
		expect_san(in, 2, 0, FFFD);
	}
}

Test(text_sanitise, replaces_bidi_override_and_isolates)
{
	char *out = san("abc\xe2\x80\xae" "fed", 0); /* U+202E RIGHT-TO-LEFT OVERRIDE */
	cr_assert_str_eq(out, "abc" FFFD "fed");
	assert_terminal_safe(out);
	free(out);
	const uint32_t bidi[] = { 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
	                          0x2066, 0x2067, 0x2068, 0x2069, 0x061c };
	for (size_t i = 0; i < sizeof bidi / sizeof bidi[0]; i++) {
		char in[4];
		size_t n = core_utf8_encode(bidi[i], in);
		expect_san(in, n, 0, FFFD);
	}
}

Test(text_sanitise, replaces_spoofing_format_characters)
{
	expect_san("\xef\xbb\xbf" "Jan", 6, 0, FFFD "Jan");          /* BOM */
	expect_san("a\xe2\x80\xa8" "b", 5, 0, "a" FFFD "b");         /* LINE SEPARATOR */
	expect_san("a\xe2\x80\xa9" "b", 5, 0, "a" FFFD "b");         /* PARAGRAPH SEPARATOR */
	expect_san("Jan\xe2\x80\x8bsen", 9, 0, "Jan" FFFD "sen");    /* ZERO WIDTH SPACE */
}

Test(text_sanitise, keeps_zero_width_joiner_for_emoji_and_scripts)
{
	const char *family = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9";
	expect_san(family, strlen(family), 0, family);
}

Test(text_sanitise, replaces_invalid_lead_bytes_each)
{
	expect_san("\xff\xfe", 2, 0, FFFD FFFD);
	expect_san("a\x80" "b", 3, 0, "a" FFFD "b");
}

Test(text_sanitise, replaces_truncated_sequence_once)
{
	expect_san("\xe2\x82", 2, 0, FFFD);
	expect_san("\xe2\x82" "x", 3, 0, FFFD "x");
	expect_san("\xf0\x9f\x98", 3, 0, FFFD);
}

Test(text_sanitise, replaces_overlong_encodings)
{
	expect_san("\xc0\xaf", 2, 0, FFFD FFFD);         /* overlong '/' */
	expect_san("\xe0\x80\xaf", 3, 0, FFFD FFFD FFFD); /* 3-byte overlong '/' */
	expect_san("\xc1\xbf", 2, 0, FFFD FFFD);
}

Test(text_sanitise, replaces_surrogates)
{
	expect_san("\xed\xa0\x80", 3, 0, FFFD FFFD FFFD);
	expect_san("\xed\xbf\xbf", 3, 0, FFFD FFFD FFFD);
}

Test(text_sanitise, replaces_code_points_above_10ffff)
{
	expect_san("\xf4\x90\x80\x80", 4, 0, FFFD FFFD FFFD FFFD);
	expect_san("\xf8\x88\x80\x80\x80", 5, 0, FFFD FFFD FFFD FFFD FFFD);
}

Test(text_sanitise, keeps_largest_scalar_values)
{
	expect_san("\xf4\x8f\xbf\xbd", 4, 0, "\xf4\x8f\xbf\xbd"); /* U+10FFFD */
	expect_san("\xed\x9f\xbf", 3, 0, "\xed\x9f\xbf");         /* U+D7FF */
}

Test(text_sanitise, replaces_noncharacters_fffe_ffff)
{
	expect_san("\xef\xbf\xbe\xef\xbf\xbf", 6, 0, FFFD FFFD);
}

Test(text_sanitise, shows_nul_inside_length_as_control_picture)
{
	expect_san("a\0b", 3, 0, "a\xe2\x90\x80" "b");
}

Test(text_sanitise, shows_del_as_control_picture)
{
	expect_san("a\x7f", 2, 0, "a\xe2\x90\xa1");
}

Test(text_sanitise, turns_newline_and_tab_into_spaces_by_default)
{
	expect_san("a\nb\tc\rd", 7, 0, "a b c d");
	expect_san("a\r\nb", 4, 0, "a b");
}

Test(text_sanitise, keeps_newline_when_asked_and_normalises_cr)
{
	expect_san("a\nb\r\nc\rd", 8, CORE_TEXT_KEEP_NEWLINE, "a\nb\nc\nd");
	expect_san("a\tb", 3, CORE_TEXT_KEEP_NEWLINE, "a b");
}

Test(text_sanitise, keeps_tab_when_asked)
{
	expect_san("a\tb\nc", 5, CORE_TEXT_KEEP_TAB, "a\tb c");
	expect_san("a\tb\nc", 5, CORE_TEXT_KEEP_TAB | CORE_TEXT_KEEP_NEWLINE, "a\tb\nc");
}

Test(text_sanitise, folds_white_space_runs_when_asked)
{
	expect_san("  Geachte heer,\r\n\r\n\tUw  aanvraag \f\v is binnen.\n ", 48, CORE_TEXT_FOLD_SPACE,
	           "Geachte heer, Uw aanvraag is binnen.");
	expect_san(" \n\t ", 4, CORE_TEXT_FOLD_SPACE, "");
	/* Folding never lets a control through: ESC still becomes its picture. */
	expect_san("a \x1b[2J  b", 9, CORE_TEXT_FOLD_SPACE, "a \xe2\x90\x9b[2J b");
}

Test(text_sanitise, respects_length_not_nul)
{
	expect_san("abcdef", 3, 0, "abc");
	expect_san("\xc3\xa7", 1, 0, FFFD); /* cut inside 'ç' */
}

Test(text_sanitise, handles_empty_and_null)
{
	expect_san("", 0, 0, "");
	char *out = core_text_sanitise(NULL, 5, 0);
	cr_assert_not_null(out);
	cr_assert_str_eq(out, "");
	free(out);
}

Test(text_sanitise, every_byte_pair_yields_safe_output)
{
	/* Exhaustive over two-byte inputs: whatever the database holds, nothing leaks. */
	for (int a = 0; a < 256; a++) {
		for (int b = 0; b < 256; b++) {
			char in[2] = { (char)a, (char)b };
			char *out = core_text_sanitise(in, 2, 0);
			cr_assert_not_null(out);
			cr_assert(core_utf8_valid(out, strlen(out)));
			cr_assert_null(memchr(out, 0x1b, strlen(out)));
			free(out);
		}
	}
}

Test(text_sanitise, output_of_hostile_mix_is_terminal_safe)
{
	const char *mix = "\x1b[31mred\x1b]0;title\x07\xc2\x9b\xe2\x80\xae\xff\xfe\xe2\x82"
	                  "\xc0\xaf\xed\xa0\x80\x7f\x01ok";
	char *out = san(mix, 0);
	assert_terminal_safe(out);
	cr_assert(strstr(out, "ok") != NULL);
	free(out);
}

/* ------------------------------------------------------------------ width */

Test(text_width, counts_one_column_per_latin_letter)
{
	cr_assert_eq(core_text_width("Çelik"), 5);
	cr_assert_eq(core_text_width("IJsbrand"), 8);
	cr_assert_eq(core_text_width("Ĳsbrand"), 7);
}

Test(text_width, counts_precomposed_and_decomposed_vietnamese_alike)
{
	cr_assert_eq(core_text_width("Nguyễn"), 6);
	cr_assert_eq(core_text_width("Nguye\xcc\x82\xcc\x83n"), 6);
}

Test(text_width, counts_two_columns_for_cjk)
{
	cr_assert_eq(core_text_width("中村"), 4);
	cr_assert_eq(core_text_width("a中b"), 4);
}

Test(text_width, counts_unprintables_and_invalid_bytes_as_one)
{
	cr_assert_eq(core_text_width("a\x1b" "b"), 3);
	cr_assert_eq(core_text_width("\xff\xfe"), 2);
	cr_assert_eq(core_text_width("\xe2\x82"), 2);
}

Test(text_width, is_zero_for_empty_and_null)
{
	cr_assert_eq(core_text_width(""), 0);
	cr_assert_eq(core_text_width(NULL), 0);
}

Test(text_width, sanitised_names_align_in_columns)
{
	/* Columns line up when every cell is fitted to the same width. */
	const char *names[] = { "Çelik", "Nguyễn", "IJsbrand", "中村太郎", "Nguye\xcc\x82\xcc\x83n" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char cell[64];
		size_t used = core_text_fit(names[i], 6, cell, sizeof cell);
		cr_assert_leq(used, 6);
		cr_assert_eq((int)used, core_text_width(cell), "%s", names[i]);
	}
}

/* ------------------------------------------------------------------ fit */

static void expect_fit(const char *in, int cols, const char *want, size_t want_cols)
{
	char out[64];
	memset(out, 'x', sizeof out);
	size_t used = core_text_fit(in, cols, out, sizeof out);
	cr_assert_str_eq(out, want, "fit('%s', %d)", in, cols);
	cr_assert_eq(used, want_cols, "fit('%s', %d) columns", in, cols);
}

Test(text_fit, copies_text_that_fits)
{
	expect_fit("Çelik", 10, "Çelik", 5);
	expect_fit("Çelik", 5, "Çelik", 5);
	expect_fit("", 5, "", 0);
}

Test(text_fit, truncates_with_ellipsis_inside_width)
{
	expect_fit("IJsbrand", 5, "IJsb…", 5);
	expect_fit("Nguyễn", 4, "Ngu…", 4);
}

Test(text_fit, never_splits_a_wide_character)
{
	expect_fit("中村太郎", 5, "中村…", 5);
	expect_fit("中村太郎", 4, "中…", 3);
	expect_fit("中村太郎", 8, "中村太郎", 8);
	expect_fit("中", 1, "…", 1);
}

Test(text_fit, keeps_combining_marks_with_their_letter)
{
	const char *nfd = "Nguye\xcc\x82\xcc\x83n"; /* 6 columns */
	expect_fit(nfd, 6, nfd, 6);
	expect_fit(nfd, 5, "Nguy…", 5);
	expect_fit("e\xcc\x81" "abc", 2, "e\xcc\x81…", 2);
}

Test(text_fit, gives_only_ellipsis_for_one_column)
{
	expect_fit("abc", 1, "…", 1);
	expect_fit("a", 1, "a", 1);
}

Test(text_fit, gives_nothing_for_zero_or_negative_width)
{
	expect_fit("abc", 0, "", 0);
	expect_fit("abc", -3, "", 0);
}

Test(text_fit, truncates_when_the_byte_buffer_is_the_limit)
{
	char out[8];
	/* "Çelik Yılmaz" fits 20 columns but not 7 bytes: cut to 4 bytes + "…". */
	size_t used = core_text_fit("Çelik Yılmaz", 20, out, sizeof out);
	cr_assert_str_eq(out, "Çel…");
	cr_assert_eq(used, 4);
}

Test(text_fit, cuts_before_a_character_that_does_not_fit_the_buffer)
{
	char out[5];
	/* "a中" + NUL fits 5 bytes but "a中b" does not, and "a中…" would not either: "a…". */
	size_t used = core_text_fit("a中b", 10, out, sizeof out);
	cr_assert_str_eq(out, "a…");
	cr_assert_eq(used, 2);
}

Test(text_fit, gives_empty_string_when_even_ellipsis_does_not_fit)
{
	char out[3];
	cr_assert_eq(core_text_fit("abc", 10, out, sizeof out), 0);
	cr_assert_str_eq(out, "");
	char two[3];
	cr_assert_eq(core_text_fit("ab", 10, two, sizeof two), 2);
	cr_assert_str_eq(two, "ab");
}

Test(text_fit, tolerates_null_input_and_output)
{
	char out[4] = "xyz";
	cr_assert_eq(core_text_fit(NULL, 5, out, sizeof out), 0);
	cr_assert_str_eq(out, "");
	cr_assert_eq(core_text_fit("abc", 5, NULL, 0), 0);
	cr_assert_eq(core_text_fit("abc", 5, out, 0), 0);
}

Test(text_fit, result_of_sanitised_hostile_text_is_safe_and_fits)
{
	char *safe = san("\x1b[2J\xe2\x80\xae" "evil\x07", 0);
	char out[64];
	size_t used = core_text_fit(safe, 5, out, sizeof out);
	cr_assert_leq(used, 5);
	cr_assert_eq((int)used, core_text_width(out));
	assert_terminal_safe(out);
	free(safe);
}

/* ------------------------------------------------------------------ pad */

static void expect_pad(const char *in, int cols, const char *want)
{
	char out[64];
	memset(out, 'x', sizeof out);
	size_t used = core_text_pad(in, cols, out, sizeof out);
	cr_assert_str_eq(out, want, "pad('%s', %d)", in, cols);
	cr_assert_eq(used, (size_t)cols, "pad('%s', %d) columns", in, cols);
	cr_assert_eq(core_text_width(out), cols, "pad('%s', %d) is %d wide", in, cols,
	             core_text_width(out));
	cr_assert(core_utf8_valid(out, strlen(out)), "pad('%s', %d) is not valid UTF-8", in, cols);
}

Test(text_pad, pads_ascii_to_the_width)
{
	expect_pad("Jansen", 10, "Jansen    ");
	expect_pad("Jansen", 6, "Jansen");
	expect_pad("", 3, "   ");
	expect_pad(NULL, 2, "  ");
}

Test(text_pad, counts_latin_accents_as_one_column)
{
	/* "%-8s" would give "Çelik" two spaces, "Café" three: one column short each. */
	expect_pad("Çelik", 8, "Çelik   ");
	expect_pad("Café De Buurvrouw", 22, "Café De Buurvrouw     ");
	expect_pad("Yıldırım", 10, "Yıldırım  ");
}

Test(text_pad, never_cuts_g_breve_in_half)
{
	/* "%-22.22s" kept 21 bytes and the first byte of "ğ". */
	expect_pad("Hoveniersbedrijf Erdoğan", 22, "Hoveniersbedrijf Erdo…");
	expect_pad("Hoveniersbedrijf Erdoğan", 24, "Hoveniersbedrijf Erdoğan");
	expect_pad("Erdoğan", 5, "Erdo…");
}

Test(text_pad, keeps_vietnamese_combining_marks_with_their_letter)
{
	const char *nfd = "Tra\xcc\x80\xcc\x82n"; /* "Trần" decomposed: 4 columns */
	char want[64];
	snprintf(want, sizeof want, "%s  ", nfd);
	expect_pad(nfd, 6, want);
	expect_pad("Trần", 6, "Trần  ");
	expect_pad("Nguyễn Văn", 7, "Nguyễn…");
	expect_pad("Nguye\xcc\x82\xcc\x83n Van", 7, "Nguye\xcc\x82\xcc\x83n…");
}

Test(text_pad, counts_cjk_as_two_columns)
{
	expect_pad("中村", 6, "中村  ");
	/* A wide character that would straddle the edge is left out, the gap padded. */
	expect_pad("中村太郎", 5, "中村…");
	expect_pad("中村太郎", 4, "中… ");
	expect_pad("a中", 2, "a…");
}

Test(text_pad, shows_invalid_utf8_as_one_replacement_per_subpart)
{
	/* A sequence cut short is one U+FFFD of one column, as on the screen. */
	expect_pad("a\xe2\x82" "b", 5, "a" FFFD "b  ");
	expect_pad("\xff\xfe", 3, FFFD FFFD " ");
	expect_pad("Erdo\xc4", 6, "Erdo" FFFD " ");
}

Test(text_pad, makes_control_characters_inert)
{
	expect_pad("a\x1b[2Jb", 8, "a\xe2\x90\x9b[2Jb  ");
}

Test(text_pad, columns_line_up_for_any_name)
{
	const char *names[] = {"Jansen", "Çelik", "Trần", "Tra\xcc\x80\xcc\x82n", "中村太郎",
	                       "Hoveniersbedrijf Erdoğan", "\xe2\x82", "Café De Buurvrouw"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char line[128], cell[64];
		core_text_pad(names[i], 12, cell, sizeof cell);
		snprintf(line, sizeof line, "%s|", cell);
		cr_assert_eq(core_text_width(line), 13, "'%s' moves the next column: '%s'", names[i],
		             line);
	}
}

Test(text_pad, stops_at_the_buffer)
{
	char out[6];
	cr_assert_eq(core_text_pad("ab", 10, out, sizeof out), 5);
	cr_assert_str_eq(out, "ab   ");
	char small[8];
	/* "Çelik Yılmaz" does not fit 8 bytes: cut like core_text_fit, no room left to pad. */
	cr_assert_eq(core_text_pad("Çelik Yılmaz", 8, small, sizeof small), 4);
	cr_assert_str_eq(small, "Çel…");
	/* A letter with 14 combining marks (29 bytes) would leave no room to pad 6 columns in
	 * 32 bytes: it is cut instead, and the cell is still 6 columns wide. */
	char marked[64] = "e", cell[32];
	for (int i = 0; i < 14; i++)
		strcat(marked, "\xcc\x81");
	cr_assert_eq(core_text_pad(marked, 6, cell, sizeof cell), 6);
	cr_assert_str_eq(cell, "…     ");
	cr_assert_eq(core_text_pad("abc", 5, NULL, 0), 0);
	cr_assert_eq(core_text_pad("abc", 0, out, sizeof out), 0);
	cr_assert_str_eq(out, "");
}

/* ------------------------------------------------------------------ utf8 */

Test(utf8, decodes_each_length)
{
	uint32_t cp;
	cr_assert_eq(core_utf8_decode("A", 1, &cp), 1);
	cr_assert_eq(cp, 'A');
	cr_assert_eq(core_utf8_decode("\xc3\xa7", 2, &cp), 2);
	cr_assert_eq(cp, 0xe7);
	cr_assert_eq(core_utf8_decode("\xe1\xbb\x85", 3, &cp), 3);
	cr_assert_eq(cp, 0x1ec5);
	cr_assert_eq(core_utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	cr_assert_eq(cp, 0x1f600);
}

Test(utf8, consumes_maximal_subpart_of_ill_formed_sequence)
{
	uint32_t cp;
	cr_assert_eq(core_utf8_decode("\xe2\x82" "A", 3, &cp), 2);
	cr_assert_eq(cp, CORE_UTF8_INVALID);
	cr_assert_eq(core_utf8_decode("\xf0\x9f\x98" "A", 4, &cp), 3);
	cr_assert_eq(cp, CORE_UTF8_INVALID);
	cr_assert_eq(core_utf8_decode("\xed\xa0\x80", 3, &cp), 1);
	cr_assert_eq(cp, CORE_UTF8_INVALID);
	cr_assert_eq(core_utf8_decode("\xe0\x80\x80", 3, &cp), 1);
	cr_assert_eq(cp, CORE_UTF8_INVALID);
}

Test(utf8, returns_zero_for_empty_input)
{
	uint32_t cp;
	cr_assert_eq(core_utf8_decode("", 0, &cp), 0);
}

Test(utf8, encodes_and_refuses_non_scalars)
{
	char buf[4];
	cr_assert_eq(core_utf8_encode(0x2026, buf), 3);
	cr_assert_eq(memcmp(buf, "\xe2\x80\xa6", 3), 0);
	cr_assert_eq(core_utf8_encode(0x10ffff, buf), 4);
	cr_assert_eq(core_utf8_encode(0xd800, buf), 0);
	cr_assert_eq(core_utf8_encode(0x110000, buf), 0);
}

Test(utf8, round_trips_every_scalar_value)
{
	for (uint32_t cp = 0; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		char buf[4];
		size_t n = core_utf8_encode(cp, buf);
		uint32_t back;
		cr_assert_eq(core_utf8_decode(buf, n, &back), n);
		if (back != cp)
			cr_assert_fail("U+%04X round-trips to U+%04X", cp, back);
	}
}
