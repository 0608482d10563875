/* journal.c — see journal.h. */
#include "io/journal.h"
#include "io/files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[1024];
static char owner[64];

void journal_set_owner(const char *login)
{
	snprintf(owner, sizeof owner, "%s", login ? login : "");
}

static bool valid_id(const char *id)
{
	/* A UUID: hex digits and dashes only, so it is a safe file name. */
	size_t n = strlen(id);
	if (n != 36)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f') || id[i] == '-'))
			return false;
	return true;
}

const char *journal_dir(char **err)
{
	if (dir[0])
		return dir;
	char *d = io_state_dir("drafts", err);
	if (!d)
		return NULL;
	snprintf(dir, sizeof dir, "%s", d);
	free(d);
	return dir;
}

bool journal_write(const char *id, const json_t *draft, bool durable, char **err)
{
	const char *d = journal_dir(err);
	if (!d)
		return false;
	if (!valid_id(id)) {
		*err = strdup("a draft id must be a UUID");
		return false;
	}
	char path[1200], tmp[1300];
	snprintf(path, sizeof path, "%s/%s.json", d, id);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	json_t *mine = json_copy((json_t *)draft);
	if (mine && owner[0])
		json_object_set_new(mine, "login", json_string(owner));
	char *text = mine ? json_dumps(mine, JSON_INDENT(1) | JSON_SORT_KEYS) : NULL;
	json_decref(mine);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	bool ok = fd >= 0 && text;
	if (ok) {
		size_t len = strlen(text), off = 0;
		while (ok && off < len) {
			ssize_t w = write(fd, text + off, len - off);
			if (w < 0 && errno == EINTR)
				continue;
			ok = w > 0;
			off += w > 0 ? (size_t)w : 0;
		}
		ok = ok && (!durable || fsync(fd) == 0);
	}
	int saved = errno;
	if (fd >= 0)
		close(fd);
	free(text);
	if (ok && rename(tmp, path) != 0) {
		saved = errno;
		ok = false;
	}
	if (!ok) {
		unlink(tmp);
		char m[1400];
		snprintf(m, sizeof m, "cannot keep the draft in %s: %s", path, strerror(saved));
		*err = strdup(m);
	}
	return ok;
}

json_t *journal_read(const char *id, char **err)
{
	const char *d = journal_dir(err);
	if (!d)
		return NULL;
	if (!valid_id(id)) {
		*err = strdup("a draft id must be a UUID");
		return NULL;
	}
	char path[1200];
	snprintf(path, sizeof path, "%s/%s.json", d, id);
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e);
	if (!j || !json_is_object(j)) {
		char m[1500];
		snprintf(m, sizeof m, "%s:%d: the draft is not readable: %s", path, e.line, e.text);
		*err = strdup(m);
		json_decref(j);
		return NULL;
	}
	return j;
}

bool journal_remove(const char *id)
{
	const char *d = journal_dir(NULL);
	if (!d || !valid_id(id))
		return false;
	char path[1200];
	snprintf(path, sizeof path, "%s/%s.json", d, id);
	return unlink(path) == 0 || errno == ENOENT;
}

/* Is draft `id` the owner's? A draft kept before drafts named their login
 * names none, and is listed (its note must not be lost); one that cannot
 * be read is listed, so that reading it says what is wrong with it. With
 * no owner known nothing is. */
static bool owned(const char *id)
{
	if (!owner[0])
		return false;
	char *err = NULL;
	json_t *d = journal_read(id, &err);
	free(err);
	const json_t *login = d ? json_object_get(d, "login") : NULL;
	bool mine = !d || !login ||
	            (json_is_string(login) && strcmp(json_string_value(login), owner) == 0);
	json_decref(d);
	return mine;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **journal_list(void)
{
	const char *d = journal_dir(NULL);
	size_t n = 0, cap = 8;
	char **ids = calloc(cap + 1, sizeof *ids);
	DIR *dp = d ? opendir(d) : NULL;
	struct dirent *e;
	while (dp && (e = readdir(dp)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len != 41 || strcmp(e->d_name + 36, ".json") != 0)
			continue;
		char id[37];
		memcpy(id, e->d_name, 36);
		id[36] = '\0';
		if (!valid_id(id) || !owned(id))
			continue;
		if (n == cap) {
			cap *= 2;
			char **p = realloc(ids, (cap + 1) * sizeof *ids);
			if (!p)
				break;
			ids = p;
		}
		ids[n++] = strdup(id);
		ids[n] = NULL;
	}
	if (dp)
		closedir(dp);
	qsort(ids, n, sizeof *ids, cmp);
	return ids;
}

void journal_list_free(char **ids)
{
	for (size_t i = 0; ids && ids[i]; i++)
		free(ids[i]);
	free(ids);
}
