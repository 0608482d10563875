/* A planted leak: LeakSanitizer must fail this test, or the test build's
 * sanitizer settings are not doing their job. scripts/test.sh expects
 * this binary to fail. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

void *volatile planted_keep;

TestSuite(planted, .timeout = 30);

Test(planted, leak_is_reported)
{
	char *p = malloc(64);
	memset(p, 'x', 64);
	planted_keep = p;
	planted_keep = NULL; /* now unreachable: a leak */
	cr_assert(1);
}
