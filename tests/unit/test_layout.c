/* test_layout.c — the rows of the customer screen, and the first timeline
 * page the console asks for. */
#include <criterion/criterion.h>

#include "core/layout.h"

TestSuite(layout, .timeout = 10);

Test(layout, an_80x24_console_shows_and_asks_for_13_timeline_rows)
{
	/* 24 lines: 21 for the screen; 4 header rows, panes of 3, a heading. */
	cr_expect_eq(core_customer_pane_rows(24 - CORE_CHROME_ROWS), 3);
	cr_expect_eq(core_customer_timeline_rows(24 - CORE_CHROME_ROWS), 13);
	cr_expect_eq(core_customer_first_page(24), 13);
}

Test(layout, the_parts_fill_the_screen_area)
{
	for (int rows = 21; rows <= 300; rows++)
		cr_expect_eq(4 + core_customer_pane_rows(rows) + 1 + core_customer_timeline_rows(rows),
		             rows, "%d rows", rows);
}

Test(layout, a_taller_console_asks_for_more_up_to_100)
{
	int last = core_customer_first_page(24);
	for (int lines = 25; lines <= 400; lines++) {
		int n = core_customer_first_page(lines);
		cr_expect_geq(n, last, "%d lines", lines);
		cr_expect_leq(n, 100, "%d lines", lines);
		last = n;
	}
	cr_expect_eq(core_customer_first_page(74), 50);
	cr_expect_eq(core_customer_first_page(400), 100);
}

Test(layout, a_terminal_below_24_lines_counts_as_24)
{
	/* The console says it is too small and draws nothing; a page asked for
	 * then is the smallest screen's. */
	cr_expect_eq(core_customer_first_page(10), core_customer_first_page(24));
	cr_expect_eq(core_customer_first_page(0), 13);
	cr_expect_eq(core_customer_first_page(-5), 13);
}
