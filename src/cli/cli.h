/* cli.h — loket's non-interactive subcommands. Each takes the arguments
 * after its name and the DSN from the global -d option, prints its result
 * (text, or JSON with --json) and returns an exit code from db.h. */
#ifndef LOKET_CLI_H
#define LOKET_CLI_H

#include <signal.h>

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

/* Around a long call on `c`: from cli_interrupt_arm on, SIGINT (unless it
 * was ignored when loket started) and SIGTERM ask the server to cancel the
 * statement running on `c` and set the flag cli_interrupt_flag() points
 * at, for the call to roll back its work; a second signal ends loket at
 * once. cli_interrupt_disarm puts the signals back as they were. */
void cli_interrupt_arm(struct pg_conn *c);
void cli_interrupt_disarm(void);

/* The flag: the number of the signal that came, 0 if none. */
const volatile sig_atomic_t *cli_interrupt_flag(void);

#endif
