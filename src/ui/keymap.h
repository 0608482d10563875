/* keymap.h — key bindings: `bind CONTEXT KEY ACTION [ARG]` lines, from the
 * compiled-in default keymap and then the user's, later lines winning.
 * The contexts are action_contexts (action.h); "generic" binds on every
 * screen. */
#ifndef LOKET_UI_KEYMAP_H
#define LOKET_UI_KEYMAP_H

#include "ui/action.h"

#include <stdbool.h>
#include <stddef.h>

/* A key: a character (its Unicode code point) or a curses function key
 * marked with KEY_FUNCTION (curses codes overlap real characters). */
#define KEY_FUNCTION 0x40000000
#define KEY_IS_FUNCTION(k) (((k) & KEY_FUNCTION) != 0)

struct binding {
	char context[16];
	int key;
	enum action action;
	char arg[64]; /* optional argument, "" for none */
	bool from_user; /* from a user keymap, not the default */
};

struct keymap {
	struct binding *b;
	size_t n, cap;
};

/* Called for each bad line with "file:line: reason". */
typedef void (*keymap_error_fn)(void *arg, const char *message);

/* Parse keymap text; good lines apply, bad ones are reported and skipped.
 * Returns the number of bad lines. */
int keymap_load(struct keymap *km, const char *text, const char *file, bool from_user,
                keymap_error_fn err, void *arg);

/* Read and parse a file; a file that cannot be read counts as one error
 * unless `optional` and it does not exist. */
int keymap_load_file(struct keymap *km, const char *path, bool optional, keymap_error_fn err,
                     void *arg);

/* The binding for `key` in `context`, else in "generic"; NULL if none (or
 * bound to "none"). */
const struct binding *keymap_lookup(const struct keymap *km, const char *context, int key);

/* Keys bound to `action` in `context` (or generic), formatted and joined
 * with ", " into buf; "" when none. Only live bindings count: a key later
 * rebound elsewhere is not listed. */
void keymap_keys_for(const struct keymap *km, const char *context, enum action action, char *buf,
                     size_t len);

/* The first live key bound to `action` (with no argument) in `context`,
 * else in "generic", formatted into buf; false and "" when none. */
bool keymap_first_key(const struct keymap *km, const char *context, enum action action, char *buf,
                      size_t len);

/* The compiled-in keymaps/default.keymap. */
void keymap_load_default(struct keymap *km);

/* The user's keymap: `path` when given (it must exist), else
 * $XDG_CONFIG_HOME/loket/keymap or ~/.config/loket/keymap when present
 * (present and unreadable, as a directory is, counts as an error).
 * Returns the number of bad lines. */
int keymap_load_user(struct keymap *km, const char *path, keymap_error_fn err, void *arg);

void keymap_free(struct keymap *km);

/* Parse a key name ("q", "^L", "F1", "Enter", "PgDn", "é"); false if unknown. */
bool key_parse(const char *name, int *key);

/* The name of a key, as key_parse reads it. */
void key_format(int key, char *buf, size_t len);

#endif
