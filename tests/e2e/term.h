/* term.h — run the real loket binary in a pseudo-terminal and read its
 * screen through libvterm, as a person at a terminal would see it. Waits
 * are for text on the screen, with a deadline; nothing sleeps blindly. */
#ifndef LOKET_TEST_TERM_H
#define LOKET_TEST_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct term;

/* Start argv[0] (a path) in a pty of rows x cols, with `env` (NULL-ended
 * "NAME=value" strings) added to the current environment. */
struct term *term_spawn(char *const argv[], char *const env[], int rows, int cols);

/* Read what the program wrote until `text` is on the screen; false when
 * the deadline passes or the program exits first. */
bool term_wait_text(struct term *t, const char *text, int timeout_ms);

/* Like term_wait_text, for any of the strings; returns its index or -1. */
int term_wait_any(struct term *t, const char *const texts[], int timeout_ms);

/* Type bytes into the terminal. */
void term_send(struct term *t, const char *bytes);

/* Change the terminal size (the program gets SIGWINCH). */
void term_resize(struct term *t, int rows, int cols);

/* The whole screen as text, rows separated by '\n'; valid until the next
 * call on `t` (for assertion messages and searching). */
const char *term_screen(struct term *t);

/* Every byte the program wrote so far, and how many. */
const unsigned char *term_output(struct term *t, size_t *len);

/* Wait for the program to exit; its exit status, or -1 on timeout (then
 * it is killed). */
int term_wait_exit(struct term *t, int timeout_ms);

/* The program's process id. */
pid_t term_pid(const struct term *t);

/* Kill the program if it still runs and free everything; sets *t = NULL. */
void term_free(struct term **t);

#endif
