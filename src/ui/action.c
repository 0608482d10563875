/* action.c — the action table. Add an action here, give it a default key in
 * keymaps/default.keymap, run `make man`; the help screen follows by itself. */
#include "ui/action.h"

#include <string.h>

const struct action_info action_table[A_COUNT] = {
	[A_NONE] = {"none", NULL, "Do nothing (unbinds a key)"},
	[A_QUIT] = {"quit", NULL, "Quit loket"},
	[A_BACK] = {"back", NULL, "Close this screen and go back to the previous one"},
	[A_HELP] = {"help", NULL, "Show the keys of this screen"},
	[A_COMMAND] = {"command", NULL, "Open the command line to run any action by name"},
	[A_REFRESH] = {"refresh", NULL, "Re-read the screen from the database and redraw it"},
	[A_HOME] = {"home", NULL, "Go to my work: my cases, agreements due, callbacks, queues"},
	[A_SEARCH] = {"search", "[QUERY]",
	              "Find a customer by BSN, postcode and number, phone, e-mail, case, KvK or name"},
	[A_UP] = {"up", NULL, "Move the selection up"},
	[A_DOWN] = {"down", NULL, "Move the selection down"},
	[A_PAGE_UP] = {"page-up", NULL, "Move up one page"},
	[A_PAGE_DOWN] = {"page-down", NULL, "Move down one page, loading older contacts when needed"},
	[A_FIRST] = {"first", NULL, "Move to the first line"},
	[A_LAST] = {"last", NULL, "Move to the last line (loads the whole timeline page by page)"},
	[A_NEXT_PANE] = {"next-pane", NULL, "Move to the next pane"},
	[A_OPEN] = {"open", NULL, "Open the selected line"},
	[A_REVEAL_BSN] = {"reveal-bsn", NULL, "Show the full BSN (a logged read)"},
	[A_FILTER_CHANNEL] = {"filter-channel", "[CHANNEL]",
	                      "Show only one channel in the timeline (asks which)"},
	[A_FILTER_CLEAR] = {"filter-clear", NULL, "Show every channel in the timeline again"},
	[A_ALERTS] = {"alerts", NULL, "List every alert of this customer (the alerts line shows what fits)"},
	[A_CANCEL] = {"cancel", NULL, "Cancel the running query"},
	[A_CASE_CLAIM] = {"case-claim", NULL, "Take ownership of the case"},
	[A_CASE_RELEASE] = {"case-release", NULL, "Give the case back (no owner)"},
	[A_CASE_TRANSFER] = {"case-transfer", "[AGENT|TEAM]",
	                     "Transfer the case to a colleague or a team (asks whom)"},
	[A_CASE_STATUS] = {"case-status", "[STATUS]", "Change the case's status (asks which)"},
	[A_LOG_CONTACT] = {"log-contact", NULL,
	                   "Log the contact: channel, subject, outcome, note, agreement or callback"},
	[A_STATE] = {"state", "[STATE]", "Set my state: available, busy, wrap_up, break, offline"},
	[A_SAVE] = {"save", NULL, "Save the contact (one step; kept and re-sent if offline)"},
	[A_EDITOR] = {"editor", NULL, "Write the note in $VISUAL or $EDITOR"},
};

enum action action_by_name(const char *name)
{
	for (int a = 1; a < A_COUNT; a++)
		if (strcmp(action_table[a].name, name) == 0)
			return (enum action)a;
	return A_NONE;
}
