/* common.c — what every subcommand shares. */
#include "cli/cli.h"
#include "db/db.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void cli_error(const char *what, const char *msg)
{
	fprintf(stderr, "loket: %s: %s\n", what, msg ? msg : "unknown error");
}

struct pg_conn *cli_connect(const char *dsn)
{
	char *err = NULL;
	PGconn *c = db_connect(dsn, &err);
	if (!c) {
		fprintf(stderr, "loket: %s\n", err);
		free(err);
	}
	return c;
}

/* Prepared before the signal can come: a handler may only use what is
 * async-signal-safe, and PQcancel with a cancel object made beforehand is. */
static PGcancel *volatile cancel_obj;
static volatile sig_atomic_t interrupted;
static struct sigaction old_int, old_term;
static bool armed_int;

static void on_interrupt(int sig)
{
	int saved = errno;
	if (!interrupted) {
		interrupted = sig;
		static const char msg[] = "loket: interrupted: cancelling the work on the server "
		                          "(again to quit at once)\n";
		ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
		(void)w;
		char buf[256];
		PGcancel *c = cancel_obj;
		if (c)
			PQcancel(c, buf, sizeof buf);
	}
	errno = saved;
}

void cli_interrupt_arm(PGconn *c)
{
	interrupted = 0;
	cancel_obj = PQgetCancel(c);
	struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = SA_RESETHAND};
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	/* A job started in the background by a shell ignores SIGINT, and so
	 * does loket then: Ctrl-C is meant for the foreground. */
	sigaction(SIGINT, NULL, &old_int);
	armed_int = old_int.sa_handler != SIG_IGN;
	if (armed_int)
		sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, &old_term);
}

void cli_interrupt_disarm(void)
{
	if (armed_int)
		sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	armed_int = false;
	PGcancel *c = cancel_obj;
	cancel_obj = NULL;
	PQfreeCancel(c);
}

const volatile sig_atomic_t *cli_interrupt_flag(void)
{
	return &interrupted;
}
