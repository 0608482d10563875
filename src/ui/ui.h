/* ui.h — the interactive console. */
#ifndef LOKET_UI_H
#define LOKET_UI_H

struct ui_options {
	const char *dsn;    /* -d: connection string, or NULL for libpq's defaults */
	const char *keymap; /* -k: a keymap file instead of the user's */
};

/* Run the console until the agent quits; returns an exit code (db.h). */
int ui_run(const struct ui_options *opt);

#endif
