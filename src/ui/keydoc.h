/* keydoc.h — the KEYS section of loket(1), generated from the action table
 * and a keymap (the compiled-in default), so the manual cannot drift from
 * the bindings. `make man` writes it into man/loket.1; a unit test fails
 * when the page is stale. */
#ifndef LOKET_UI_KEYDOC_H
#define LOKET_UI_KEYDOC_H

#include "ui/keymap.h"

/* The roff text between the KEYS-BEGIN and KEYS-END markers (malloc'd). */
char *keydoc_man(const struct keymap *km);

/* A plain-text table of the bindings: context, keys, action, help. */
char *keydoc_text(const struct keymap *km);

#endif
