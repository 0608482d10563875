/* keydoc.h — the KEYS section of loket(1) and the lines of the help screen,
 * generated from the action table and a keymap (the compiled-in default for
 * the manual, the live one for the help), so neither can drift from the
 * bindings. `make man` writes the section into man/loket.1; a unit test
 * fails when the page is stale. */
#ifndef LOKET_UI_KEYDOC_H
#define LOKET_UI_KEYDOC_H

#include "ui/keymap.h"

/* The roff text between the KEYS-BEGIN and KEYS-END markers (malloc'd). */
char *keydoc_man(const struct keymap *km);

/* A plain-text table of the bindings: context, keys, action, help. */
char *keydoc_text(const struct keymap *km);

/* A line of the help screen (and its heading): keys, action, what it does. */
#define KEYDOC_HELP_LINE " %-16s %-17s %s"

/* The help screen's lines for the screen `context`: the actions that work
 * there, the bound ones first with their keys, then those only the command
 * line reaches, as "(:command)". NULL-ended, malloc'd; keydoc_help_free. */
char **keydoc_help(const struct keymap *km, const char *context);

void keydoc_help_free(char ***lines);

#endif
