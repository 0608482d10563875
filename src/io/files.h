/* files.h — small file helpers shared by the keymap loader, the drafts
 * journal, the editor hand-over and the subcommands. */
#ifndef LOKET_IO_FILES_H
#define LOKET_IO_FILES_H

#include <stddef.h>
#include <stdio.h>

/* Read all of `f` (at most `max` bytes) into a malloc'd, NUL-terminated
 * buffer; its length (which may include NUL bytes) goes to *len when len
 * is not NULL. NULL when out of memory or when reading fails (a directory
 * opened as a file, an I/O error); errno says which. */
char *io_read_all(FILE *f, size_t max, size_t *len);

/* $XDG_STATE_HOME/loket (or ~/.local/state/loket), with `sub` appended
 * when not NULL, made with mode 0700: a malloc'd path, or NULL with a
 * malloc'd reason in *err (when err is not NULL). */
char *io_state_dir(const char *sub, char **err);

#endif
