/* cli.h — loket's non-interactive subcommands. Each takes the arguments
 * after its name and the DSN from the global -d option, prints its result
 * (text, or JSON with --json) and returns an exit code from db.h. */
#ifndef LOKET_CLI_H
#define LOKET_CLI_H

int cli_db(int argc, char **argv, const char *dsn);
int cli_agent(int argc, char **argv, const char *dsn);
int cli_team(int argc, char **argv, const char *dsn);
int cli_search(int argc, char **argv, const char *dsn);
int cli_show(int argc, char **argv, const char *dsn);
int cli_case(int argc, char **argv, const char *dsn);
int cli_note(int argc, char **argv, const char *dsn);
int cli_state(int argc, char **argv, const char *dsn);
int cli_keys(int argc, char **argv, const char *keymap);

/* Print "loket: <what>: <msg>" to stderr. */
void cli_error(const char *what, const char *msg);

/* Connect or print why not; NULL means exit with LOKET_EXIT_CONNECT. */
struct pg_conn *cli_connect(const char *dsn);

#endif
