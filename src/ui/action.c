/* action.c — the action table. Add an action here with the screens it works
 * on (the ones whose action handler does something with it), give it a
 * default key in keymaps/default.keymap, run `make man`; the help screen
 * follows by itself. */
#include "ui/action.h"

#include <stdio.h>
#include <string.h>

const char *const action_contexts[CTX_COUNT + 1] = {
	[CTX_GENERIC] = "generic",   [CTX_HOME] = "home", [CTX_SEARCH] = "search",
	[CTX_CUSTOMER] = "customer", [CTX_ITEM] = "item", [CTX_CASE] = "case",
	[CTX_CONTACT] = "contact",   [CTX_HELP] = "help", [CTX_COUNT] = NULL,
};

/* Where an action works: on every screen (the console itself handles it,
 * or every screen's handler does, as with up and down), or on the screens
 * named. */
#define ALL ACTION_EVERYWHERE
#define ON(ctx) ACTION_ON(CTX_##ctx)
/* The lists that scroll a page and jump to an end: not the contact form. */
#define LISTS (ON(HOME) | ON(SEARCH) | ON(CUSTOMER) | ON(ITEM) | ON(CASE) | ON(HELP))

const struct action_info action_table[A_COUNT] = {
	[A_NONE] = {"none", NULL, "Do nothing (unbinds a key)", ALL},
	[A_QUIT] = {"quit", NULL, "Quit loket", ALL},
	[A_BACK] = {"back", NULL, "Close this screen and go back to the previous one", ALL},
	[A_HELP] = {"help", NULL, "Show the keys of this screen", ALL},
	[A_COMMAND] = {"command", NULL, "Open the command line to run any action by name", ALL},
	[A_REFRESH] = {"refresh", NULL, "Re-read the screen from the database and redraw it", ALL},
	[A_HOME] = {"home", NULL, "Go to my work: my cases, agreements due, callbacks, queues", ALL},
	[A_SEARCH] = {"search", "[QUERY]",
	              "Find a customer by BSN, postcode and number, phone, e-mail, case, KvK or name",
	              ALL},
	[A_UP] = {"up", NULL, "Move the selection up", ALL},
	[A_DOWN] = {"down", NULL, "Move the selection down", ALL},
	[A_PAGE_UP] = {"page-up", NULL, "Move up one page", LISTS},
	[A_PAGE_DOWN] = {"page-down", NULL, "Move down one page, loading older contacts when needed",
	                 LISTS},
	[A_FIRST] = {"first", NULL, "Move to the first line", LISTS},
	[A_LAST] = {"last", NULL, "Move to the last line (loads the whole timeline page by page)",
	            LISTS},
	[A_NEXT_PANE] = {"next-pane", NULL, "Move to the next pane (on my work: the next list)",
	                 ON(HOME) | ON(CUSTOMER) | ON(CONTACT)},
	/* A contact in full has nothing to open: Enter there says where it works. */
	[A_OPEN] = {"open", NULL, "Open the selected line",
	            ON(HOME) | ON(SEARCH) | ON(CUSTOMER) | ON(CASE) | ON(CONTACT)},
	[A_REVEAL_BSN] = {"reveal-bsn", NULL, "Show the full BSN (a logged read)", ON(CUSTOMER)},
	[A_FILTER_CHANNEL] = {"filter-channel", "[CHANNEL]",
	                      "Show only one channel in the timeline (asks which)", ON(CUSTOMER)},
	[A_FILTER_CLEAR] = {"filter-clear", NULL, "Show every channel in the timeline again",
	                    ON(CUSTOMER)},
	[A_ALERTS] = {"alerts", NULL,
	              "List every alert of this customer (the alerts line shows what fits)",
	              ON(CUSTOMER)},
	[A_CANCEL] = {"cancel", NULL, "Cancel the running query", ALL},
	[A_CASE_CLAIM] = {"case-claim", NULL, "Take ownership of the case", ON(CASE)},
	[A_CASE_RELEASE] = {"case-release", NULL, "Give the case back (no owner)", ON(CASE)},
	[A_CASE_TRANSFER] = {"case-transfer", "[AGENT|TEAM]",
	                     "Transfer the case to a colleague or a team (asks whom)", ON(CASE)},
	[A_CASE_STATUS] = {"case-status", "[STATUS]", "Change the case's status (asks which)",
	                   ON(CASE)},
	[A_LOG_CONTACT] = {"log-contact", NULL,
	                   "Log the contact: channel, subject, outcome, note, agreement or callback",
	                   ON(CUSTOMER) | ON(CASE)},
	[A_STATE] = {"state", "[STATE]", "Set my state: available, busy, wrap_up, break, offline", ALL},
	[A_SAVE] = {"save", NULL, "Save the contact (one step; kept and re-sent if offline)",
	            ON(CONTACT)},
	[A_EDITOR] = {"editor", NULL, "Write the note in $VISUAL or $EDITOR", ON(CONTACT)},
};

enum action action_by_name(const char *name)
{
	for (int a = 1; a < A_COUNT; a++)
		if (strcmp(action_table[a].name, name) == 0)
			return (enum action)a;
	return A_NONE;
}

int action_context(const char *name)
{
	for (int c = 0; c < CTX_COUNT; c++)
		if (strcmp(action_contexts[c], name) == 0)
			return c;
	return -1;
}

bool action_applies(enum action action, const char *context)
{
	unsigned where = action_table[action].where;
	int c = action_context(context);
	if (c <= CTX_GENERIC)
		return where == ALL;
	return (where & ACTION_ON(c)) != 0;
}

void action_screens(unsigned set, char *buf, size_t len)
{
	set &= ALL;
	if (set == ALL) {
		snprintf(buf, len, "every screen");
		return;
	}
	int left = 0;
	for (int c = CTX_GENERIC + 1; c < CTX_COUNT; c++)
		left += (set & ACTION_ON(c)) != 0;
	int n = left;
	size_t used = 0;
	buf[0] = '\0';
	for (int c = CTX_GENERIC + 1; c < CTX_COUNT && used < len; c++) {
		if (!(set & ACTION_ON(c)))
			continue;
		const char *sep = left == n ? "the " : left == 1 ? " and " : ", ";
		left--;
		used += (size_t)snprintf(buf + used, len - used, "%s%s", sep, action_contexts[c]);
	}
	if (used < len)
		snprintf(buf + used, len - used, n == 1 ? " screen" : n ? " screens" : "no screen");
}
