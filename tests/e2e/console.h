/* console.h — what every end-to-end test file needs around the loket
 * binary: a private directory, starting loket in a pty with a known
 * environment, and the waits and checks they all make on its output. */
#ifndef LOKET_TEST_CONSOLE_H
#define LOKET_TEST_CONSOLE_H

#include "term.h"

#include <stdbool.h>
#include <stddef.h>

/* The loket under test: $LOKET_BIN, else build/san/loket. */
const char *e2e_bin(void);

/* Make a private directory $TMPDIR/loket-<tag>-XXXXXX (or under /tmp) into buf; asserts. */
void e2e_tmpdir(char *buf, size_t len, const char *tag);

/* Remove the directory tree `dir` (links not followed); nothing for "" or NULL. */
void e2e_rmtree(const char *dir);

/* Start loket as `login` on `db`, XDG dirs `dir`; `extra` env overrides, `args`; asserts. */
struct term *e2e_start(const char *db, const char *login, const char *dir, int rows, int cols,
                       const char *const extra[], const char *const args[]);

/* dbt_value on dbt.super into buf, so that a failed assertion later leaks nothing. */
void e2e_value(char *buf, size_t len, const char *sql, int n, const char *const *params);

/* How many drafts (<uuid>.json) are kept in dir/loket/drafts; the first one's name into `first`. */
int e2e_drafts(const char *dir, char *first, size_t len);

/* Does buf[0..len) hold the bytes of `text`? */
bool e2e_contains(const unsigned char *buf, size_t len, const char *text);

/* Was `text` ever written to the terminal, in any frame? */
bool e2e_ever_wrote(struct term *t, const char *text);

/* Assert that no sanitizer report is anywhere in what the program wrote. */
void e2e_no_sanitizer_report(struct term *t);

/* Read the program's output for up to `ms`, waiting for nothing in particular. */
void e2e_pump(struct term *t, int ms);

/* Wait until `text` is no longer on the screen; false when the deadline passes. */
bool e2e_wait_gone(struct term *t, const char *text, int timeout_ms);

/* Wait until one screen line holds both `a` and `b`; false when the deadline passes. */
bool e2e_wait_line(struct term *t, const char *a, const char *b, int timeout_ms);

/* From "my work", search `bsn`, open the hit `hit` for a contact until `title` shows. */
void e2e_open_customer(struct term *t, const char *bsn, const char *hit, const char *title);

#endif
