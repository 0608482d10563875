/* work.h — what test_work.c sets up that other test files use too. */
#ifndef LOKET_TEST_WORK_H
#define LOKET_TEST_WORK_H

#include <stddef.h>

/* H. Vries (BSN 111222333) in Utrecht, with one open, unowned case
 * Z-2026-000123 "Paspoort vermist" (type Paspoort, due in 20 days); their
 * ids into party and case_id. */
void wk_customer_with_case(char *party, size_t plen, char *case_id, size_t clen);

#endif
