/* app.h — the console: the screen stack, the event loop and what every
 * screen shares (the connection, the keymap, the status and message lines).
 *
 * Layout: row 0 is the title bar, rows 1 .. LINES-3 belong to the screen on
 * top of the stack, row LINES-2 is the status line (agent, state,
 * connection, spinner) and row LINES-1 the message line or the prompt. */
#ifndef LOKET_UI_APP_H
#define LOKET_UI_APP_H

#include "db/async.h"
#include "ui/action.h"
#include "ui/keymap.h"

#include <jansson.h>
#include <stdbool.h>

struct app;
struct screen;

/* What a screen module provides (designated initialisers, one per file). */
struct screen_ops {
	const char *name; /* its keymap context */
	/* Title for the title bar. */
	const char *(*title)(struct screen *s);
	/* Draw into rows top .. top+rows-1 (full width). */
	void (*draw)(struct screen *s, struct app *a, int top, int rows);
	/* Handle an action; false lets the app handle it. */
	bool (*action)(struct screen *s, struct app *a, enum action act, const char *arg);
	/* Re-read from the database (after `refresh`, a reconnect, a notice). */
	void (*reload)(struct screen *s, struct app *a);
	/* A notice from the database (ids and kinds only, and anyone can send
	 * one: a hint, never data). True when the screen should re-read. */
	bool (*notice)(struct screen *s, const json_t *notice);
	/* A raw key, before the keymap: true when consumed (a text area with
	 * focus takes every key, so shortcuts are off while typing). */
	bool (*key)(struct screen *s, struct app *a, int key);
	/* The top screen only, at least once a second and after each answer
	 * from the database: for what changes with time (NULL: nothing). */
	void (*tick)(struct screen *s, struct app *a);
	/* Free everything (the app has already forgotten its queries). */
	void (*free)(struct screen *s);
};

struct screen {
	const struct screen_ops *ops;
};

/* Called with the entered line, or NULL when the prompt was cancelled. */
typedef void (*prompt_done_fn)(struct app *a, void *arg, const char *line);

/* Push a screen on the stack; it is drawn on the next pass. */
void app_push(struct app *a, struct screen *s);

/* Pop (and free) the top screen; the one below reloads nothing. */
void app_pop(struct app *a);

/* Replace the top screen. */
void app_replace(struct app *a, struct screen *s);

/* The connection queue, for screens' queries. */
struct dbq *app_db(struct app *a);

/* Show a message on the message line (errors stand out). */
void app_message(struct app *a, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Ask for a line with readline on the message line. `completions` (NULL
 * ended, may be NULL) are offered on Tab; `history` selects a history:
 * 's' for search (kept in memory only), 'c' for the command line
 * (persisted), 0 for none. */
void app_prompt(struct app *a, const char *prompt, const char *const *completions, char history,
                prompt_done_fn done, void *arg);

/* Ask the agent to choose one of `items` (NULL ended); `done` gets the index
 * or -1 when cancelled. Drawn as a small menu over the screen. */
typedef void (*choose_done_fn)(struct app *a, void *arg, int index);
void app_choose(struct app *a, const char *title, const char *const *items, int preselect,
                choose_done_fn done, void *arg);

/* Run an action as if its key was pressed (the command line uses this). */
void app_run_action(struct app *a, enum action act, const char *arg);

/* The keymap and the context of the top screen (for help). */
const struct keymap *app_keymap(const struct app *a);
const char *app_context(const struct app *a);

/* The key that runs `act` on the top screen, for hints ("? keys"): the
 * first one the screen binds to it, else the first generic one, else
 * ":NAME" (the command line). buf is returned. */
const char *app_key_for(const struct app *a, enum action act, char *buf, size_t len);

/* Mark the screen for redrawing. */
void app_dirty(struct app *a);

/* The signed-in agent. */
const char *app_agent_login(const struct app *a);
const char *app_agent_team(const struct app *a);
const char *app_agent_role(const struct app *a);
/* The message for `what` refused: "Searching customers is not part of the
 * auditor role." when the role lacks the right (SQLSTATE 42501), else
 * "WHAT: ERR". */
void app_refusal(const struct app *a, const char *what, const char *err, const char *sqlstate,
                 char *out, size_t len);
/* Their agent id and team id (as notices name them; 0 for no team). */
long app_agent_id(const struct app *a);
long app_agent_team_id(const struct app *a);

/* Reference lists from api.reference(): channels, outcomes, purposes,
 * case_types, teams (arrays of objects with "code" and "name"). */
const json_t *app_reference(const struct app *a);

/* Remember a name seen on screen, for Tab completion in the search
 * prompt (this session only: names are personal data). */
void app_remember_name(struct app *a, const char *name);

/* The purpose the current contact implies ("contact" while on a contact);
 * the purpose chooser preselects it. */
const char *app_default_purpose(const struct app *a);

#endif
