/* ui.h — the interactive console. */
#ifndef LOKET_UI_H
#define LOKET_UI_H

struct app;
struct screen;

struct ui_options {
	const char *dsn;    /* -d: connection string, or NULL for libpq's defaults */
	const char *keymap; /* -k: a keymap file instead of the user's */
};

/* The screens the console itself opens; given by main, so that ui/ does
 * not know screens by name. */
struct ui_factories {
	struct screen *(*home)(struct app *a);
	struct screen *(*search)(struct app *a, const char *query);
	struct screen *(*help)(struct app *a, const char *context);
	/* After start and after every reconnect: resend what waits to be sent,
	 * offer what was left behind. May be NULL. */
	void (*started)(struct app *a);
	void (*online)(struct app *a);
};

/* Run the console until the agent quits; returns an exit code (db.h). */
int ui_run(const struct ui_options *opt, const struct ui_factories *f);

#endif
