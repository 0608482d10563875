/* files.c — see files.h. */
#include "io/files.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *io_read_all(FILE *f, size_t max, size_t *len)
{
	size_t cap = 4096, n = 0, got;
	char *buf = malloc(cap);
	while (buf && n < max && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap) {
			char *p = realloc(buf, cap * 2);
			if (!p) {
				free(buf);
				return NULL;
			}
			buf = p;
			cap *= 2;
		}
	}
	if (!buf)
		return NULL;
	/* A read error (EISDIR for a directory, EIO) ends the loop as the end
	 * of the file would: part of a file must not pass for all of it. */
	if (ferror(f)) {
		int e = errno;
		free(buf);
		errno = e;
		return NULL;
	}
	if (n > max)
		n = max;
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static void set_err(char **err, const char *what, const char *path)
{
	if (!err)
		return;
	size_t n = strlen(what) + strlen(path) + strlen(strerror(errno)) + 8;
	*err = malloc(n);
	if (*err)
		snprintf(*err, n, "%s %s: %s", what, path, strerror(errno));
}

char *io_state_dir(const char *sub, char **err)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	const char *base = xdg && *xdg ? xdg : home && *home ? home : NULL;
	if (!base) {
		if (err)
			*err = strdup("neither XDG_STATE_HOME nor HOME is set: nowhere to keep state");
		return NULL;
	}
	size_t n = strlen(base) + (sub ? strlen(sub) : 0) + 32;
	char *dir = malloc(n);
	if (!dir)
		return NULL;
	snprintf(dir, n, "%s%s%s%s", base, xdg && *xdg ? "/loket" : "/.local/state/loket",
	         sub ? "/" : "", sub ? sub : "");
	/* mkdir -p, every level private */
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int r = mkdir(dir, 0700);
		*p = '/';
		if (r != 0 && errno != EEXIST) {
			set_err(err, "cannot make", dir);
			free(dir);
			return NULL;
		}
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		set_err(err, "cannot make", dir);
		free(dir);
		return NULL;
	}
	return dir;
}
