/* layout.c — the rows of the customer screen. */
#include "core/layout.h"

enum { HEADER_ROWS = 4, TIMELINE_HEADING = 1, MIN_PANE = 3, MAX_FIRST_PAGE = 100 };

int core_customer_pane_rows(int rows)
{
	int n = (rows - 6) / 4;
	return n < MIN_PANE ? MIN_PANE : n;
}

int core_customer_timeline_rows(int rows)
{
	int n = rows - HEADER_ROWS - core_customer_pane_rows(rows) - TIMELINE_HEADING;
	return n < 1 ? 1 : n;
}

int core_customer_first_page(int lines)
{
	int n = core_customer_timeline_rows((lines < CORE_MIN_LINES ? CORE_MIN_LINES : lines) -
	                                    CORE_CHROME_ROWS);
	return n > MAX_FIRST_PAGE ? MAX_FIRST_PAGE : n;
}
