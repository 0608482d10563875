/* journal.h — never lose a note. The contact an agent is logging is kept
 * as a JSON file in $XDG_STATE_HOME/loket/drafts/ while it is typed and
 * until the server has confirmed it; a resend uses the same UUID, which the
 * database stores once. */
#ifndef LOKET_IO_JOURNAL_H
#define LOKET_IO_JOURNAL_H

#include <jansson.h>
#include <stdbool.h>

/* The drafts directory (made, mode 0700), or NULL with *err set. */
const char *journal_dir(char **err);

/* The database login whose drafts these are. Every draft written names
 * it ("login"), and journal_list passes over the drafts of other logins:
 * two agents sharing one account on a workstation never see (or send)
 * each other's contacts. Until it is set journal_list lists none; drafts
 * kept before drafts named their login (none named) are listed. */
void journal_set_owner(const char *login);

/* Write the draft `id` atomically (a temporary file, then rename). With
 * `durable` the file is fsync'd first, so it survives a power cut too; a
 * keystroke's write skips that (it survives the console being killed). */
bool journal_write(const char *id, const json_t *draft, bool durable, char **err);

/* Read draft `id`; NULL with *err when unreadable or not JSON. */
json_t *journal_read(const char *id, char **err);

/* Remove draft `id` (after the server confirmed it). */
bool journal_remove(const char *id);

/* The ids of the owner's drafts kept, sorted; a NULL-ended malloc'd array. */
char **journal_list(void);
void journal_list_free(char **ids);

#endif
