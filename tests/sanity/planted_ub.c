/* Planted undefined behaviour: UBSan must fail this test. scripts/test.sh
 * expects this binary to fail. */
#include <criterion/criterion.h>
#include <limits.h>

volatile int planted_big = INT_MAX;

TestSuite(planted, .timeout = 30);

Test(planted, signed_overflow_is_reported)
{
	int x = planted_big;
	x += 1; /* signed overflow */
	cr_assert(x != 0);
}
