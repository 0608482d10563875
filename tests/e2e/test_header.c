/* The customer header at 80 columns: however long the name, who the
 * customer is (birth date, age, BSN) and the flags CONFIDENTIAL and needs
 * review stay on screen; the name is what gets cut. */
#include "console.h"
#include "harness.h"
#include "term.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static char hd_dir[128];
static struct term *hd_term;

static void hd_init(void)
{
	dbt_setup();
	e2e_tmpdir(hd_dir, sizeof hd_dir, "header");
}

static void hd_fini(void)
{
	term_free(&hd_term);
	e2e_rmtree(hd_dir);
	dbt_teardown();
}

TestSuite(header, .init = hd_init, .fini = hd_fini, .timeout = 120);

Test(header, a_long_name_at_80_columns_leaves_birth_date_bsn_and_flags_in_view)
{
	const char *login = dbt_agent("agent", "kcc");
	PQclear(dbt_ok(dbt.super,
	               "INSERT INTO loket.party (kind, bsn, initials, name_prefix, surname, "
	               "birth_date, confidential, needs_review) VALUES ('person', '111222333', "
	               "'A.M.C.', 'van', 'Schimmelpenninck van der Oye-van Lynden tot Oldenaller', "
	               "'1959-01-28', true, true)",
	               0, NULL));
	struct term *t = hd_term = e2e_start(dbt.dbname, login, hd_dir, 24, 80, NULL, NULL);
	e2e_open_customer(t, "111222333", "Schimmelpenninck", "customer: A.M.C. van");
	cr_assert(e2e_wait_line(t, " A.M.C. ", "BSN *****2333", 20000),
	          "the BSN is cut off the header:\n%s", term_screen(t));
	cr_assert(e2e_wait_line(t, "born 28-01-1959 (", "[CONFIDENTIAL] [needs review]", 20000),
	          "the birth date or the flags are cut off the header:\n%s", term_screen(t));
	cr_assert(e2e_wait_line(t, " A.M.C. va… · born", "BSN", 20000), "the name is not the part cut:\n%s",
	          term_screen(t));
}
