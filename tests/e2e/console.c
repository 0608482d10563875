/* console.c — see console.h. */
#include "console.h"
#include "harness.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *e2e_bin(void)
{
	const char *b = getenv("LOKET_BIN");
	return b && *b ? b : "build/san/loket";
}

void e2e_tmpdir(char *buf, size_t len, const char *tag)
{
	const char *tmp = getenv("TMPDIR");
	char name[PATH_MAX];
	int n = snprintf(name, sizeof name, "%s/loket-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", tag);
	/* Until it exists, buf names nothing that a teardown could remove. */
	if (len > 0)
		buf[0] = '\0';
	cr_assert(n > 0 && (size_t)n < len && (size_t)n < sizeof name,
	          "temporary directory name %s too long", name);
	cr_assert_not_null(mkdtemp(name), "mkdtemp %s: %s", name, strerror(errno));
	memcpy(buf, name, (size_t)n + 1);
}

/* nftw callback: remove one entry (files first, then their directory). */
static int e2e_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

void e2e_rmtree(const char *dir)
{
	if (dir && dir[0])
		nftw(dir, e2e_rm, 8, FTW_DEPTH | FTW_PHYS);
}

struct term *e2e_start(const char *db, const char *login, const char *dir, int rows, int cols,
                       const char *const extra[], const char *const args[])
{
	/* term_spawn forks before it returns and the child copies these with
	 * putenv, so buffers on this stack are enough. */
	char pgdb[256], user[256], cfg[PATH_MAX + 32], state[PATH_MAX + 32];
	snprintf(pgdb, sizeof pgdb, "PGDATABASE=%s", db);
	snprintf(user, sizeof user, "PGUSER=%s", login);
	snprintf(cfg, sizeof cfg, "XDG_CONFIG_HOME=%s", dir);
	snprintf(state, sizeof state, "XDG_STATE_HOME=%s", dir);
	/* A name without '=' removes it from the environment (glibc putenv);
	 * later entries win, so `extra` overrides these. `extra` and `args` are
	 * NULL-ended and may be NULL. */
	char *env[48] = {pgdb,
	                 user,
	                 "TERM=xterm-256color",
	                 "LANG=C.UTF-8",
	                 "LC_ALL=C.UTF-8",
	                 cfg,
	                 state,
	                 "NO_COLOR",
	                 "LINES",
	                 "COLUMNS"};
	size_t n = 10;
	for (size_t i = 0; extra && extra[i]; i++) {
		cr_assert(n + 1 < sizeof env / sizeof env[0], "too many environment entries");
		env[n++] = (char *)extra[i];
	}
	env[n] = NULL;
	char *argv[16] = {(char *)e2e_bin()};
	size_t m = 1;
	for (size_t i = 0; args && args[i]; i++) {
		cr_assert(m + 1 < sizeof argv / sizeof argv[0], "too many arguments");
		argv[m++] = (char *)args[i];
	}
	argv[m] = NULL;
	struct term *t = term_spawn(argv, env, rows, cols);
	cr_assert_not_null(t, "could not start %s in a pty", e2e_bin());
	return t;
}

void e2e_value(char *buf, size_t len, const char *sql, int n, const char *const *params)
{
	char *v = dbt_value(dbt.super, sql, n, params);
	snprintf(buf, len, "%s", v);
	free(v);
}

int e2e_drafts(const char *dir, char *first, size_t len)
{
	if (first && len > 0)
		first[0] = '\0';
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/loket/drafts", dir);
	DIR *d = opendir(path);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0) {
			if (first && len > 0 && !first[0])
				snprintf(first, len, "%s", e->d_name);
			n++;
		}
	}
	closedir(d);
	return n;
}

bool e2e_contains(const unsigned char *buf, size_t len, const char *text)
{
	size_t m = strlen(text);
	for (size_t k = 0; k + m <= len; k++)
		if (memcmp(buf + k, text, m) == 0)
			return true;
	return false;
}

bool e2e_ever_wrote(struct term *t, const char *text)
{
	size_t len;
	const unsigned char *out = term_output(t, &len);
	return e2e_contains(out, len, text);
}

void e2e_no_sanitizer_report(struct term *t)
{
	static const char *const marks[] = {"AddressSanitizer", "LeakSanitizer",
	                                    "runtime error:", NULL};
	for (int i = 0; marks[i]; i++)
		cr_assert(!e2e_ever_wrote(t, marks[i]), "loket wrote a %s report:\n%s", marks[i],
		          term_screen(t));
}

void e2e_pump(struct term *t, int ms)
{
	static const char *const never[] = {"\x01\x02never on a screen\x02\x01", NULL};
	term_wait_any(t, never, ms);
}

bool e2e_wait_gone(struct term *t, const char *text, int timeout_ms)
{
	for (int waited = 0;; waited += 50) {
		if (!strstr(term_screen(t), text))
			return true;
		if (waited >= timeout_ms)
			return false;
		e2e_pump(t, 50);
	}
}

bool e2e_wait_line(struct term *t, const char *a, const char *b, int timeout_ms)
{
	for (int waited = 0;; waited += 50) {
		const char *s = term_screen(t);
		for (const char *l = s; *l;) {
			const char *eol = strchr(l, '\n');
			size_t n = eol ? (size_t)(eol - l) : strlen(l);
			char line[1024];
			snprintf(line, sizeof line, "%.*s",
			         (int)(n < sizeof line ? n : sizeof line - 1), l);
			if (strstr(line, a) && strstr(line, b))
				return true;
			l = eol ? eol + 1 : l + n;
		}
		if (waited >= timeout_ms)
			return false;
		e2e_pump(t, 50);
	}
}

void e2e_open_customer(struct term *t, const char *bsn, const char *hit, const char *title)
{
	char query[64];
	snprintf(query, sizeof query, "%s\r", bsn);
	cr_assert(term_wait_text(t, "My queues", 20000), "no my work:\n%s", term_screen(t));
	term_send(t, "/");
	cr_assert(term_wait_text(t, "Search: ", 20000), "no search prompt:\n%s", term_screen(t));
	term_send(t, query);
	cr_assert(term_wait_text(t, hit, 20000), "not found by BSN:\n%s", term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, "Why are you opening this customer? (logged)", 20000),
	          "no purpose chooser:\n%s", term_screen(t));
	term_send(t, "\r");
	cr_assert(term_wait_text(t, title, 20000), "customer not opened:\n%s", term_screen(t));
}
