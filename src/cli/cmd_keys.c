/* cmd_keys.c — loket keys [--man]: the key bindings, as text or as the
 * roff KEYS section of loket(1) (what `make man` puts in the page). */
#include "cli/cli.h"
#include "db/db.h"
#include "ui/keydoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void report(void *arg, const char *m)
{
	(void)arg;
	fprintf(stderr, "loket: %s\n", m);
}

int cli_keys(int argc, char **argv, const char *keymap)
{
	bool man = argc == 1 && strcmp(argv[0], "--man") == 0;
	if (argc > 1 || (argc == 1 && !man)) {
		fputs("usage: loket [-k KEYMAP] keys [--man]\n", stderr);
		return LOKET_EXIT_USAGE;
	}
	struct keymap km = {0};
	keymap_load_default(&km);
	int bad = 0;
	/* The manual documents the defaults; the text shows the live bindings. */
	if (!man)
		bad = keymap_load_user(&km, keymap, report, NULL);
	char *doc = man ? keydoc_man(&km) : keydoc_text(&km);
	fputs(doc, stdout);
	free(doc);
	keymap_free(&km);
	return bad ? LOKET_EXIT_FAIL : LOKET_EXIT_OK;
}
