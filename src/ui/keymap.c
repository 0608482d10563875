/* keymap.c — reading keymaps and looking keys up. No curses here beyond
 * the KEY_* codes, so the parser is tested without a terminal. */
#include "ui/keymap.h"
#include "embedded.h"
#include "io/files.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static const struct {
	const char *name;
	int key;
} named_keys[] = {
	{"Enter", '\n'},
	{"Tab", '\t'},
	{"Esc", 27},
	{"Space", ' '},
	{"Backspace", KEY_FUNCTION | KEY_BACKSPACE},
	{"BackTab", KEY_FUNCTION | KEY_BTAB},
	{"Up", KEY_FUNCTION | KEY_UP},
	{"Down", KEY_FUNCTION | KEY_DOWN},
	{"Left", KEY_FUNCTION | KEY_LEFT},
	{"Right", KEY_FUNCTION | KEY_RIGHT},
	{"PgUp", KEY_FUNCTION | KEY_PPAGE},
	{"PgDn", KEY_FUNCTION | KEY_NPAGE},
	{"Home", KEY_FUNCTION | KEY_HOME},
	{"End", KEY_FUNCTION | KEY_END},
	{"Insert", KEY_FUNCTION | KEY_IC},
	{"Delete", KEY_FUNCTION | KEY_DC},
};

bool key_parse(const char *name, int *key)
{
	size_t n = strlen(name);
	if (n == 0)
		return false;
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++) {
		if (strcmp(name, named_keys[i].name) == 0) {
			*key = named_keys[i].key;
			return true;
		}
	}
	if ((name[0] == 'F' || name[0] == 'f') && n >= 2 && n <= 3) {
		char *end;
		long f = strtol(name + 1, &end, 10);
		if (*end == '\0' && f >= 1 && f <= 12) {
			*key = KEY_FUNCTION | KEY_F((int)f);
			return true;
		}
	}
	if (name[0] == '^' && n == 2) {
		char c = name[1];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c >= '@' && c <= '_' && c != 'I' && c != 'J' && c != 'M' && c != '[') {
			*key = c - '@';
			return true;
		}
		return false;
	}
	/* One character, in UTF-8. */
	mbstate_t st;
	memset(&st, 0, sizeof st);
	wchar_t wc;
	size_t used = mbrtowc(&wc, name, n, &st);
	if (used == n && wc > ' ' && wc != 0x7f) {
		*key = (int)wc;
		return true;
	}
	return false;
}

void key_format(int key, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++) {
		if (named_keys[i].key == key) {
			snprintf(buf, len, "%s", named_keys[i].name);
			return;
		}
	}
	if (KEY_IS_FUNCTION(key)) {
		int k = key & ~KEY_FUNCTION;
		if (k >= KEY_F(1) && k <= KEY_F(12)) {
			snprintf(buf, len, "F%d", k - KEY_F0);
			return;
		}
		snprintf(buf, len, "key-%d", k);
		return;
	}
	if (key > 0 && key < ' ') {
		snprintf(buf, len, "^%c", key + '@');
		return;
	}
	char mb[MB_LEN_MAX + 1];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = wcrtomb(mb, (wchar_t)key, &st);
	if (n == (size_t)-1)
		n = 0;
	mb[n] = '\0';
	snprintf(buf, len, "%s", mb);
}

static void add(struct keymap *km, const struct binding *b)
{
	if (km->n == km->cap) {
		size_t cap = km->cap ? km->cap * 2 : 64;
		struct binding *p = realloc(km->b, cap * sizeof *p);
		if (!p)
			abort();
		km->b = p;
		km->cap = cap;
	}
	km->b[km->n++] = *b;
}

static void report(keymap_error_fn err, void *arg, const char *file, int line, const char *fmt,
                   const char *what)
{
	char reason[256], msg[512];
	snprintf(reason, sizeof reason, fmt, what);
	snprintf(msg, sizeof msg, "%s:%d: %s", file, line, reason);
	if (err)
		err(arg, msg);
}

/* Split off the next blank-separated word; NULL at the end of the line. */
static char *word(char **p)
{
	char *s = *p;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return NULL;
	char *w = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return w;
}

static bool parse_line(struct keymap *km, char *line, const char *file, int ln, bool from_user,
                       keymap_error_fn err, void *arg)
{
	char *p = line;
	char *cmd = word(&p);
	if (!cmd || cmd[0] == '#')
		return true;
	if (strcmp(cmd, "bind") != 0) {
		report(err, arg, file, ln, "unknown command \"%s\" (expected: bind CONTEXT KEY ACTION)",
		       cmd);
		return false;
	}
	char *ctx = word(&p), *key = word(&p), *act = word(&p);
	if (!ctx || !key || !act) {
		report(err, arg, file, ln, "%s", "incomplete line (expected: bind CONTEXT KEY ACTION)");
		return false;
	}
	if (action_context(ctx) < 0) {
		char known[128] = "";
		for (int c = 0; action_contexts[c]; c++)
			snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s",
			         c ? ", " : "", action_contexts[c]);
		char reason[256];
		snprintf(reason, sizeof reason, "unknown context \"%.64s\" (one of %s)", ctx,
		         known);
		report(err, arg, file, ln, "%s", reason);
		return false;
	}
	struct binding b;
	memset(&b, 0, sizeof b);
	snprintf(b.context, sizeof b.context, "%s", ctx);
	if (!key_parse(key, &b.key)) {
		/* "ü" in a locale of single bytes (LANG unset, C): not the key's fault. */
		bool wide = (unsigned char)key[0] >= 0x80 && MB_CUR_MAX == 1;
		report(err, arg, file, ln,
		       wide ? "unknown key \"%s\" (a character other than ASCII needs a UTF-8 "
		              "locale: set LANG or LC_ALL)"
		            : "unknown key \"%s\"",
		       key);
		return false;
	}
	if (strcmp(act, "none") == 0) {
		b.action = A_NONE;
	} else if ((b.action = action_by_name(act)) == A_NONE) {
		report(err, arg, file, ln, "unknown action \"%s\" (see loket(1), KEYS)", act);
		return false;
	}
	/* A key for an action the screen never does would only say so when
	 * pressed; "generic" binds on every screen, so anything goes there. */
	if (strcmp(ctx, "generic") != 0 && !action_applies(b.action, ctx)) {
		char where[128], reason[256];
		action_screens(action_table[b.action].where, where, sizeof where);
		snprintf(reason, sizeof reason,
		         "action \"%s\" does nothing on the %s screen; it works on %s", act, ctx,
		         where);
		report(err, arg, file, ln, "%s", reason);
		return false;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	size_t alen = strlen(p);
	while (alen > 0 && (p[alen - 1] == ' ' || p[alen - 1] == '\t'))
		p[--alen] = '\0';
	if (alen >= sizeof b.arg) {
		report(err, arg, file, ln, "%s", "argument too long");
		return false;
	}
	if (alen && !action_table[b.action].args) {
		report(err, arg, file, ln, "action \"%s\" takes no argument", act);
		return false;
	}
	memcpy(b.arg, p, alen + 1);
	b.from_user = from_user;
	add(km, &b);
	return true;
}

int keymap_load(struct keymap *km, const char *text, const char *file, bool from_user,
                keymap_error_fn err, void *arg)
{
	int bad = 0, ln = 0;
	const char *s = text;
	while (*s) {
		ln++;
		const char *eol = strchr(s, '\n');
		size_t n = eol ? (size_t)(eol - s) : strlen(s);
		char *line = malloc(n + 1);
		if (!line)
			abort();
		memcpy(line, s, n);
		line[n] = '\0';
		if (n && line[n - 1] == '\r')
			line[n - 1] = '\0';
		if (!parse_line(km, line, file, ln, from_user, err, arg))
			bad++;
		free(line);
		s = eol ? eol + 1 : s + n;
	}
	return bad;
}

int keymap_load_file(struct keymap *km, const char *path, bool optional, keymap_error_fn err,
                     void *arg)
{
	FILE *f = fopen(path, "r");
	if (!f && optional && errno == ENOENT)
		return 0;
	size_t len = 0;
	/* A keymap is small; read at most 1 MiB. A directory opens, and then
	 * fails to read (EISDIR): an error like any file that cannot be read,
	 * in the user's place too, not an empty keymap. */
	char *buf = f ? io_read_all(f, 1u << 20, &len) : NULL;
	int read_errno = errno;
	if (f)
		fclose(f);
	if (!buf) {
		if (read_errno == ENOMEM)
			abort();
		char msg[512];
		snprintf(msg, sizeof msg, "%s: cannot read: %s", path, strerror(read_errno));
		if (err)
			err(arg, msg);
		return 1;
	}
	/* A NUL byte would end the text early: blank out its line instead and
	 * say where it was, so the lines after it still apply. */
	int bad = 0;
	for (char *z = memchr(buf, '\0', len); z; z = memchr(z, '\0', len - (size_t)(z - buf))) {
		char *start = z, *end = z;
		while (start > buf && start[-1] != '\n')
			start--;
		while (end < buf + len && *end != '\n')
			end++;
		int ln = 1;
		for (const char *q = buf; q < start; q++)
			ln += *q == '\n';
		report(err, arg, path, ln, "%s", "the line holds a NUL byte; is this a keymap?");
		bad++;
		memset(start, ' ', (size_t)(end - start));
		z = end;
		if (z >= buf + len)
			break;
	}
	bad += keymap_load(km, buf, path, true, err, arg);
	free(buf);
	return bad;
}

static const struct binding *find(const struct keymap *km, const char *context, int key)
{
	for (size_t i = km->n; i-- > 0;)
		if (km->b[i].key == key && strcmp(km->b[i].context, context) == 0)
			return &km->b[i];
	return NULL;
}

const struct binding *keymap_lookup(const struct keymap *km, const char *context, int key)
{
	const struct binding *b = find(km, context, key);
	if (!b)
		b = find(km, "generic", key);
	return b && b->action != A_NONE ? b : NULL;
}

void keymap_keys_for(const struct keymap *km, const char *context, enum action action, char *buf,
                     size_t len)
{
	buf[0] = '\0';
	size_t used = 0;
	int seen[32], nseen = 0;
	for (size_t i = 0; i < km->n; i++) {
		const struct binding *b = &km->b[i];
		if (b->action != action)
			continue;
		if (strcmp(b->context, context) != 0 && strcmp(b->context, "generic") != 0)
			continue;
		/* Live only: the lookup for this key in this context gives this binding. */
		if (keymap_lookup(km, context, b->key) != b)
			continue;
		bool dup = false;
		for (int k = 0; k < nseen; k++)
			dup |= seen[k] == b->key;
		if (dup || nseen == 32)
			continue;
		seen[nseen++] = b->key;
		char name[32];
		key_format(b->key, name, sizeof name);
		int w = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
}

bool keymap_first_key(const struct keymap *km, const char *context, enum action action, char *buf,
                      size_t len)
{
	/* The screen's own bindings first: on my work `q` quits, though the
	 * generic Q comes earlier in the default keymap. */
	const char *in[] = {context, "generic"};
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < km->n; i++) {
			const struct binding *b = &km->b[i];
			if (b->action != action || strcmp(b->context, in[pass]) != 0 || b->arg[0])
				continue;
			if (keymap_lookup(km, context, b->key) != b)
				continue;
			key_format(b->key, buf, len);
			return true;
		}
	}
	if (len)
		buf[0] = '\0';
	return false;
}

void keymap_load_default(struct keymap *km)
{
	for (size_t i = 0; i < loket_keymaps_count; i++)
		if (strcmp(loket_keymaps[i].name, "default.keymap") == 0)
			keymap_load(km, loket_keymaps[i].data, "default.keymap", false, NULL, NULL);
}

int keymap_load_user(struct keymap *km, const char *path, keymap_error_fn err, void *arg)
{
	if (path)
		return keymap_load_file(km, path, false, err, arg);
	char p[1024];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(p, sizeof p, "%s/loket/keymap", xdg);
	else if (home && *home)
		snprintf(p, sizeof p, "%s/.config/loket/keymap", home);
	else
		return 0;
	return keymap_load_file(km, p, true, err, arg);
}

void keymap_free(struct keymap *km)
{
	free(km->b);
	km->b = NULL;
	km->n = km->cap = 0;
}
