/* layout.h — the rows of the customer screen, worked out once for the
 * screen that draws them and for what it asks the database for. */
#ifndef CORE_LAYOUT_H
#define CORE_LAYOUT_H

/* The smallest terminal loket draws on; below it, it says so. */
enum { CORE_MIN_LINES = 24, CORE_MIN_COLS = 80 };

/* Rows the application keeps for itself: the title line above a screen,
 * the status and prompt lines below it. A screen gets the rest. */
enum { CORE_CHROME_ROWS = 3 };

/* The customer screen in a screen area of `rows` rows: three header lines
 * and the alerts line; the cases and agreements panes, side by side, of
 * (rows - 6) / 4 rows (at least 3: a heading and two items); then the
 * timeline's heading and its rows. */
int core_customer_pane_rows(int rows);
int core_customer_timeline_rows(int rows);

/* The first timeline page a console of `lines` lines asks for on opening a
 * customer: the rows it shows (the terminal counted as at least CORE_MIN_LINES),
 * at most 100. The next page is fetched in the background. */
int core_customer_first_page(int lines);

#endif
