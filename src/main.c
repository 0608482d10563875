/* main.c — loket: command line and dispatch. */
#include "cli/cli.h"
#include "db/db.h"
#include "screens/screens.h"
#include "ui/ui.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef LOKET_VERSION
#define LOKET_VERSION "0.0.0"
#endif

static void usage(FILE *f)
{
	fputs("usage: loket [-d DSN] [-k KEYMAP]               open the console\n"
	      "       loket [-d DSN] db migrate [--quiet]       apply pending migrations\n"
	      "       loket [-d DSN] db status [--json]         applied and pending migrations\n"
	      "       loket [-d DSN] db seed --demo [--customers N] [--seed S] [--if-empty] [--json]\n"
	      "                                                 fill an empty database with demo data\n"
	      "       loket [-d DSN] agent add LOGIN --name NAME --role ROLE [--team TEAM]\n"
	      "                                                 create or update an agent and its login role\n"
	      "       loket [-d DSN] team add CODE [--name NAME] create or rename a team\n"
	      "       loket [-d DSN] search QUERY [--json]       find customers (logged)\n"
	      "       loket [-d DSN] show PARTY --purpose P [--json]\n"
	      "                                                 the customer view (logged, with purpose)\n"
	      "       loket [-d DSN] case claim|release REF      take or give back a case\n"
	      "       loket [-d DSN] case transfer REF --to AGENT|TEAM\n"
	      "       loket [-d DSN] case status REF STATUS [--result TEXT]\n"
	      "       loket [-d DSN] note --party ID|--case REF --channel C --subject S --outcome O\n"
	      "                         [--direction in|out] [--id UUID] < text\n"
	      "                                                 log a contact with its note\n"
	      "       loket [-d DSN] state STATE                 available, busy, wrap_up, break, offline\n"
	      "       loket [-k KEYMAP] keys [--man]            the key bindings (--man: as roff)\n"
	      "       loket --version | --help\n"
	      "\n"
	      "options:\n"
	      "  -d, --dsn DSN      connection string or URI; otherwise PG* variables, a\n"
	      "                     service file (PGSERVICE) and ~/.pgpass apply, as in psql\n"
	      "  -k, --keymap FILE  key bindings to load instead of ~/.config/loket/keymap\n"
	      "  -h, --help         this text\n"
	      "  -V, --version      the version\n"
	      "\n"
	      "See loket(1).\n",
	      f);
}

int main(int argc, char **argv)
{
	/* Once, for every path: a keymap key such as "ü" is read in the
	 * locale's encoding by `loket keys` as by the console. Numbers stay in
	 * the C convention: they are read from PostgreSQL and written as JSON
	 * and in messages that scripts parse, which a decimal comma would break. */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	struct ui_options opt = {0};
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return LOKET_EXIT_OK;
		} else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			printf("loket %s\n", LOKET_VERSION);
			return LOKET_EXIT_OK;
		} else if (strcmp(a, "-d") == 0 || strcmp(a, "--dsn") == 0) {
			if (++i >= argc) {
				fprintf(stderr, "loket: %s needs a connection string\n", a);
				return LOKET_EXIT_USAGE;
			}
			opt.dsn = argv[i];
		} else if (strcmp(a, "-k") == 0 || strcmp(a, "--keymap") == 0) {
			if (++i >= argc) {
				fprintf(stderr, "loket: %s needs a file\n", a);
				return LOKET_EXIT_USAGE;
			}
			opt.keymap = argv[i];
		} else if (strcmp(a, "--") == 0) {
			i++;
			break;
		} else {
			fprintf(stderr, "loket: unknown option %s\n", a);
			usage(stderr);
			return LOKET_EXIT_USAGE;
		}
	}
	if (i >= argc) {
		static const struct ui_factories screens = {
			.home = screen_home_new,
			.search = screen_search_new,
			.help = screen_help_new,
			.started = outbox_started,
			.online = outbox_online,
		};
		return ui_run(&opt, &screens);
	}
	const char *cmd = argv[i];
	int sub_argc = argc - i - 1;
	char **sub_argv = argv + i + 1;
	if (strcmp(cmd, "db") == 0)
		return cli_db(sub_argc, sub_argv, opt.dsn);
	if (strcmp(cmd, "agent") == 0)
		return cli_agent(sub_argc, sub_argv, opt.dsn);
	if (strcmp(cmd, "team") == 0)
		return cli_team(sub_argc, sub_argv, opt.dsn);
	if (strcmp(cmd, "search") == 0)
		return cli_search(sub_argc, sub_argv, opt.dsn);
	if (strcmp(cmd, "show") == 0)
		return cli_show(sub_argc, sub_argv, opt.dsn);
	if (strcmp(cmd, "case") == 0)
		return cli_case(sub_argc, sub_argv, opt.dsn);
	if (strcmp(cmd, "note") == 0)
		return cli_note(sub_argc, sub_argv, opt.dsn);
	if (strcmp(cmd, "state") == 0)
		return cli_state(sub_argc, sub_argv, opt.dsn);
	if (strcmp(cmd, "keys") == 0)
		return cli_keys(sub_argc, sub_argv, opt.keymap);
	if (strcmp(cmd, "help") == 0) {
		usage(stdout);
		return LOKET_EXIT_OK;
	}
	fprintf(stderr, "loket: unknown command \"%s\"\n", cmd);
	usage(stderr);
	return LOKET_EXIT_USAGE;
}
