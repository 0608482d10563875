/* prompt.h — the one-line prompt at the bottom, with GNU readline in
 * callback mode: editing, completion and history, while the event loop
 * keeps running. Readline never touches the terminal itself. */
#ifndef LOKET_UI_PROMPT_H
#define LOKET_UI_PROMPT_H

#include <stdbool.h>

typedef void (*prompt_line_fn)(void *arg, const char *line);

/* Set readline up; `history_file` keeps the command-line history. */
void prompt_init(const char *history_file);

/* Save the command-line history and free readline's state. */
void prompt_shutdown(void);

/* In a completion, separates the words already typed from a candidate for
 * the next one: "state" PROMPT_ARG "busy" completes "b" after "state ". */
#define PROMPT_ARG '\x1f'

/* In a candidate, separates the value Tab puts on the line from a label
 * that names it: "jvdijk" PROMPT_LABEL "Joost van Dijk" completes "Joost",
 * "van dijk" and "dijk" (case and accents aside) to "jvdijk" too, and is
 * listed as "Joost van Dijk (jvdijk)". The label is last, after the value
 * (and after PROMPT_ARG). A prompt whose candidates have labels and no
 * PROMPT_ARG completes its whole line, spaces and all ("de vries"). */
#define PROMPT_LABEL '\x1e'

/* Start a prompt. history: 's' search (memory only), 'c' command line
 * (persisted), 0 none. `completions` is NULL-ended (copied). */
void prompt_open(const char *prompt, const char *const *completions, char history,
                 prompt_line_fn done, void *arg);

bool prompt_active(void);

/* Feed a key (a character, or a curses key code when `function`). */
void prompt_key(int key, bool function);

/* Cancel the prompt: `done` gets NULL. */
void prompt_cancel(void);

/* Drop the line last added to a history ('s' or 'c'; no prompt open): one
 * that holds personal data must not reach the command line's history file. */
void prompt_forget_last(char which);

/* Draw the prompt on row y; leaves the cursor at the insertion point.
 * `hint_row` shows completion candidates when there are some. */
void prompt_draw(int y, int hint_row);

/* Has readline asked for a redisplay since the last draw? */
bool prompt_dirty(void);

#endif
