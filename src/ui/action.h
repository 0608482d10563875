/* action.h — every action of the console, declared once with its help and
 * the screens it works on.
 *
 * Keys are bound to actions by keymaps (keymap.h); the help screen and the
 * KEYS section of loket(1) are generated from this table and the bindings,
 * so the three cannot drift apart. */
#ifndef LOKET_UI_ACTION_H
#define LOKET_UI_ACTION_H

#include <stdbool.h>
#include <stddef.h>

/* The contexts a keymap binds keys in: each screen by its name
 * (screen_ops.name), and "generic" for every screen. */
enum context {
	CTX_GENERIC,
	CTX_HOME,
	CTX_SEARCH,
	CTX_CUSTOMER,
	CTX_ITEM,
	CTX_CASE,
	CTX_CONTACT,
	CTX_HELP,
	CTX_COUNT
};

/* Their names, indexed by enum context, NULL-ended. */
extern const char *const action_contexts[CTX_COUNT + 1];

/* The context called `name`, or -1. */
int action_context(const char *name);

/* A set of screens an action works on: one bit per screen context. */
#define ACTION_ON(ctx) (1u << (ctx))
#define ACTION_EVERYWHERE                                                                          \
	(ACTION_ON(CTX_HOME) | ACTION_ON(CTX_SEARCH) | ACTION_ON(CTX_CUSTOMER) |                   \
	 ACTION_ON(CTX_ITEM) | ACTION_ON(CTX_CASE) | ACTION_ON(CTX_CONTACT) | ACTION_ON(CTX_HELP))

enum action {
	A_NONE = 0,
	A_QUIT,
	A_BACK,
	A_HELP,
	A_COMMAND,
	A_REFRESH,
	A_HOME,
	A_SEARCH,
	A_UP,
	A_DOWN,
	A_PAGE_UP,
	A_PAGE_DOWN,
	A_FIRST,
	A_LAST,
	A_NEXT_PANE,
	A_OPEN,
	A_REVEAL_BSN,
	A_FILTER_CHANNEL,
	A_FILTER_CLEAR,
	A_ALERTS,
	A_CANCEL,
	A_CASE_CLAIM,
	A_CASE_RELEASE,
	A_CASE_TRANSFER,
	A_CASE_STATUS,
	A_LOG_CONTACT,
	A_STATE,
	A_SAVE,
	A_EDITOR,
	A_COUNT
};

struct action_info {
	const char *name; /* as typed on the command line and in keymaps */
	const char *args; /* argument synopsis for the command line, or NULL */
	const char *help; /* one line */
	unsigned where;   /* the screens it does something on: ACTION_ON bits */
};

/* The table, indexed by enum action. */
extern const struct action_info action_table[A_COUNT];

/* The action called `name`, or A_NONE. */
enum action action_by_name(const char *name);

/* Does `action` do something on the screen `context`? In "generic" (or a
 * name that is no screen) only the actions of every screen do. */
bool action_applies(enum action action, const char *context);

/* A set of screens (ACTION_ON bits) in words: "the case screen", "the
 * customer and case screens", "every screen". */
void action_screens(unsigned set, char *buf, size_t len);

#endif
