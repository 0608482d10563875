/* Unit tests for src/core/email.c */
#include <criterion/criterion.h>
#include <string.h>

#include "core/email.h"

TestSuite(email, .timeout = 10);

static void expect(const char *in, const char *want)
{
	char out[300];
	cr_assert(core_email_normalise(in, out, sizeof out), "should accept '%s'", in);
	cr_assert_str_eq(out, want);
}

static void reject(const char *in)
{
	char out[300];
	cr_assert_not(core_email_normalise(in, out, sizeof out), "should reject '%s'", in);
}

Test(email, trims_and_lower_cases)
{
	expect("  Jan.Jansen@Example.NL \n", "jan.jansen@example.nl");
}

Test(email, accepts_plus_tags_and_subdomains)
{
	expect("a+loket@mail.gemeente.example.nl", "a+loket@mail.gemeente.example.nl");
	expect("o'neill@example.ie", "o'neill@example.ie");
}

Test(email, accepts_utf8_and_leaves_its_case)
{
	expect("JOSÉ@Example.com", "josÉ@example.com");
	expect("info@bücher.de", "info@bücher.de");
}

Test(email, rejects_missing_or_double_at)
{
	reject("jan.example.nl");
	reject("jan@@example.nl");
	reject("jan@example@nl.nl");
}

Test(email, rejects_empty_local_part_or_domain)
{
	reject("@example.nl");
	reject("jan@");
	reject("");
	reject("   ");
}

Test(email, rejects_domain_without_dot)
{
	reject("jan@localhost");
}

Test(email, rejects_empty_labels)
{
	reject("jan@.example.nl");
	reject("jan@example.nl.");
	reject("jan@example..nl");
	reject(".jan@example.nl");
	reject("jan.@example.nl");
	reject("ja..n@example.nl");
}

Test(email, rejects_inner_blanks_and_controls)
{
	reject("jan jansen@example.nl");
	reject("jan@exa mple.nl");
	reject("jan\t@example.nl");
	reject("jan\x1b[31m@example.nl");
	reject("jan\x7f@example.nl");
	reject("jan\xc2\x85@example.nl");      /* NEL, a C1 control */
	reject("jan\xe2\x80\xae@example.nl");  /* RIGHT-TO-LEFT OVERRIDE */
	reject("jan\xc2\xa0@example.nl");      /* NO-BREAK SPACE */
}

Test(email, rejects_invalid_utf8)
{
	reject("jan\xff@example.nl");
	reject("jan@example.n\xc3");
}

Test(email, rejects_characters_needing_quotes)
{
	reject("\"jan\"@example.nl");
	reject("jan,piet@example.nl");
	reject("<jan@example.nl>");
	reject("jan@[127.0.0.1]");
	reject("jan@exa_mple.nl");
}

Test(email, enforces_length_limits)
{
	char local[80];
	memset(local, 'a', 64);
	strcpy(local + 64, "@x.nl");
	expect(local, local);
	memset(local, 'a', 65);
	strcpy(local + 65, "@x.nl");
	reject(local);

	char longest[300];
	memset(longest, 'b', sizeof longest);
	memcpy(longest, "a@", 2);
	memcpy(longest + 250, ".nl", 4); /* 253 bytes */
	expect(longest, longest);
	memset(longest, 'b', sizeof longest);
	memcpy(longest, "a@", 2);
	memcpy(longest + 252, ".nl", 4); /* 255 bytes */
	reject(longest);
}

Test(email, fails_when_output_too_small)
{
	char out[10];
	cr_assert_not(core_email_normalise("jan@example.nl", out, sizeof out));
	char exact[15];
	cr_assert(core_email_normalise(" jan@example.nl ", exact, sizeof exact));
	cr_assert_str_eq(exact, "jan@example.nl");
}

Test(email, rejects_null)
{
	char out[10];
	cr_assert_not(core_email_normalise(NULL, out, sizeof out));
	cr_assert_not(core_email_normalise("a@b.nl", NULL, 10));
}
