/* action.h — every action of the console, declared once with its help.
 *
 * Keys are bound to actions by keymaps (keymap.h); the help screen and the
 * KEYS section of loket(1) are generated from this table and the bindings,
 * so the three cannot drift apart. */
#ifndef LOKET_UI_ACTION_H
#define LOKET_UI_ACTION_H

#include <stddef.h>

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
};

/* The table, indexed by enum action. */
extern const struct action_info action_table[A_COUNT];

/* The action called `name`, or A_NONE. */
enum action action_by_name(const char *name);

#endif
