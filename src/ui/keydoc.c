/* keydoc.c — see keydoc.h. */
#include "ui/keydoc.h"
#include "core/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
	char *s;
	size_t len, cap;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p)
			abort();
		b->s = p;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* roff-safe text: backslashes doubled as \e, a leading dot or quote guarded. */
static void put_roff(struct buf *b, const char *s)
{
	if (*s == '.' || *s == '\'')
		put(b, "\\&");
	for (; *s; s++) {
		if (*s == '\\')
			put(b, "\\e");
		else if (*s == '-')
			put(b, "\\-");
		else
			put(b, "%c", *s);
	}
}

static const char *context_title(const char *c)
{
	if (strcmp(c, "generic") == 0)
		return "On every screen";
	if (strcmp(c, "home") == 0)
		return "My work (the first screen)";
	if (strcmp(c, "search") == 0)
		return "Search results";
	if (strcmp(c, "customer") == 0)
		return "The customer view";
	if (strcmp(c, "item") == 0)
		return "A contact or note in full";
	if (strcmp(c, "case") == 0)
		return "A case";
	if (strcmp(c, "contact") == 0)
		return "Logging a contact";
	if (strcmp(c, "help") == 0)
		return "The help screen";
	return c;
}

/* Actions bound in exactly this context (not inherited from generic), in
 * table order, with their keys; calls `emit` for each. */
static void each_binding(const struct keymap *km, const char *ctx,
                         void (*emit)(struct buf *b, const char *ctx, const char *keys,
                                      enum action a, const char *arg),
                         struct buf *b)
{
	for (int act = 1; act < A_COUNT; act++) {
		/* group keys by (action, argument) */
		for (size_t i = 0; i < km->n; i++) {
			const struct binding *x = &km->b[i];
			if ((int)x->action != act || strcmp(x->context, ctx) != 0)
				continue;
			if (keymap_lookup(km, ctx, x->key) != x)
				continue;
			/* first binding of this (action, arg) in this context? */
			bool first = true;
			for (size_t j = 0; j < i; j++) {
				const struct binding *y = &km->b[j];
				if (y->action == x->action && strcmp(y->context, ctx) == 0 &&
				    strcmp(y->arg, x->arg) == 0 && keymap_lookup(km, ctx, y->key) == y)
					first = false;
			}
			if (!first)
				continue;
			char keys[128] = "";
			size_t used = 0;
			for (size_t j = i; j < km->n; j++) {
				const struct binding *y = &km->b[j];
				if (y->action != x->action || strcmp(y->context, ctx) != 0 ||
				    strcmp(y->arg, x->arg) != 0 || keymap_lookup(km, ctx, y->key) != y)
					continue;
				char name[32];
				key_format(y->key, name, sizeof name);
				int w = snprintf(keys + used, sizeof keys - used, "%s%s", used ? ", " : "",
				                 name);
				if (w > 0 && (size_t)w < sizeof keys - used)
					used += (size_t)w;
			}
			emit(b, ctx, keys, x->action, x->arg);
		}
	}
}

/* An action's help for a key: one that gives the argument itself does not
 * ask for it, so a closing "(asks …)" goes. */
static const char *help_for(enum action a, const char *arg, char *buf, size_t len)
{
	snprintf(buf, len, "%s", action_table[a].help);
	char *asks = strstr(buf, " (asks ");
	if (arg[0] && asks && asks[strlen(asks) - 1] == ')')
		*asks = '\0';
	return buf;
}

/* Where an action works, for the manual, when that is not every screen:
 * "Only on the customer and case screens." or, when that is shorter, "Not
 * on the contact screen."; "" for every screen. */
static const char *where_note(enum action a, char *buf, size_t len)
{
	unsigned where = action_table[a].where;
	buf[0] = '\0';
	if (where == ACTION_EVERYWHERE)
		return buf;
	int on = 0;
	for (int c = CTX_GENERIC + 1; c < CTX_COUNT; c++)
		on += (where & ACTION_ON(c)) != 0;
	char screens[160];
	bool only = on * 2 <= CTX_COUNT - 1;
	action_screens(only ? where : ACTION_EVERYWHERE & ~where, screens, sizeof screens);
	snprintf(buf, len, "%s on %s.", only ? "Only" : "Not", screens);
	return buf;
}

/* Actions no live binding reaches, only the command line; calls `emit`
 * for each, in table order. */
static void each_unbound(const struct keymap *km, void (*emit)(struct buf *b, enum action a),
                         struct buf *b)
{
	for (int a = 1; a < A_COUNT; a++) {
		bool bound = false;
		for (size_t i = 0; i < km->n && !bound; i++)
			bound = km->b[i].action == (enum action)a &&
			        keymap_lookup(km, km->b[i].context, km->b[i].key) == &km->b[i];
		if (!bound)
			emit(b, (enum action)a);
	}
}

static void emit_man(struct buf *b, const char *ctx, const char *keys, enum action a,
                     const char *arg)
{
	char help[256];
	put(b, ".TP\n.B ");
	put_roff(b, keys);
	put(b, "\n");
	put_roff(b, help_for(a, arg, help, sizeof help));
	if (arg[0]) {
		put(b, " (");
		put_roff(b, arg);
		put(b, ")");
	}
	/* One quoted argument of .RB: its words keep their space. */
	put(b, ".\n.RB [ \"");
	put_roff(b, action_table[a].name);
	if (arg[0]) {
		put(b, " ");
		put_roff(b, arg);
	}
	put(b, "\" ]\n");
	/* A screen's own section says where already. */
	char note[256];
	if (strcmp(ctx, "generic") == 0 && *where_note(a, note, sizeof note)) {
		put_roff(b, note);
		put(b, "\n");
	}
}

static void emit_man_unbound(struct buf *b, enum action a)
{
	put(b, ".TP\n.B :");
	put_roff(b, action_table[a].name);
	if (action_table[a].args) {
		put(b, " ");
		put_roff(b, action_table[a].args);
	}
	put(b, "\n");
	put_roff(b, action_table[a].help);
	put(b, ".\n");
	char note[256];
	if (*where_note(a, note, sizeof note)) {
		put_roff(b, note);
		put(b, "\n");
	}
}

char *keydoc_man(const struct keymap *km)
{
	struct buf b = {0};
	put(&b, "Keys work only while no text field has focus; in a prompt, Esc cancels.\n"
	        "Every action can also be run by name from the command line\n"
	        ".RB ( : );\n"
	        "the name is shown in brackets.\n"
	        "An action of one screen does nothing elsewhere (its key, or the command line,\n"
	        "says where it works); the help screen\n"
	        ".RB ( ? )\n"
	        "lists what works on the screen it is opened from.\n");
	for (int c = 0; action_contexts[c]; c++) {
		struct buf section = {0};
		each_binding(km, action_contexts[c], emit_man, &section);
		if (section.len == 0)
			continue;
		put(&b, ".SS \"%s\"\n%s", context_title(action_contexts[c]), section.s);
		free(section.s);
	}
	struct buf section = {0};
	each_unbound(km, emit_man_unbound, &section);
	if (section.len)
		put(&b, ".SS \"From the command line only\"\n%s", section.s);
	free(section.s);
	if (!b.s)
		put(&b, "%s", "");
	return b.s;
}

/* A line of `loket keys`: keys, action, help; then, under the help, where
 * an action of every screen works when not everywhere (as in the manual).
 * The keys column is padded by display width ("ü" is two bytes, one
 * column) and never cut: a long list of keys pushes the rest right. */
static void put_text_line(struct buf *b, const char *keys, enum action a, const char *help,
                          const char *arg, bool note)
{
	int pad = 16 - core_text_width(keys);
	put(b, "  %s%*s %-16s %s%s%s%s\n", keys, pad > 0 ? pad : 0, "", action_table[a].name, help,
	    arg[0] ? " (" : "", arg, arg[0] ? ")" : "");
	char where[256];
	if (note && *where_note(a, where, sizeof where))
		put(b, "  %-16s %-16s %s\n", "", "", where);
}

static void emit_text(struct buf *b, const char *ctx, const char *keys, enum action a,
                      const char *arg)
{
	char help[256];
	put_text_line(b, keys, a, help_for(a, arg, help, sizeof help), arg,
	              strcmp(ctx, "generic") == 0);
}

static void emit_text_unbound(struct buf *b, enum action a)
{
	char keys[64];
	snprintf(keys, sizeof keys, ":%s", action_table[a].name);
	put_text_line(b, keys, a, action_table[a].help, "", true);
}

char *keydoc_text(const struct keymap *km)
{
	struct buf b = {0};
	for (int c = 0; action_contexts[c]; c++) {
		struct buf section = {0};
		each_binding(km, action_contexts[c], emit_text, &section);
		if (section.len == 0)
			continue;
		put(&b, "%s [%s]\n%s", context_title(action_contexts[c]), action_contexts[c],
		    section.s);
		free(section.s);
	}
	struct buf section = {0};
	each_unbound(km, emit_text_unbound, &section);
	if (section.len)
		put(&b, "From the command line only\n%s", section.s);
	free(section.s);
	if (!b.s)
		put(&b, "%s", "");
	return b.s;
}

char **keydoc_help(const struct keymap *km, const char *context)
{
	char **lines = calloc(A_COUNT + 1, sizeof *lines);
	if (!lines)
		abort();
	int n = 0;
	/* Bound actions first, in table order; then the ones only the command
	 * line reaches. */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 1; i < A_COUNT; i++) {
			if (!action_applies((enum action)i, context))
				continue;
			char keys[64];
			keymap_keys_for(km, context, (enum action)i, keys, sizeof keys);
			if ((pass == 0) != (keys[0] != '\0'))
				continue;
			char line[512];
			snprintf(line, sizeof line, KEYDOC_HELP_LINE, keys[0] ? keys : "(:command)",
			         action_table[i].name, action_table[i].help);
			if (!(lines[n++] = strdup(line)))
				abort();
		}
	}
	return lines;
}

void keydoc_help_free(char ***lines)
{
	for (size_t i = 0; *lines && (*lines)[i]; i++)
		free((*lines)[i]);
	free(*lines);
	*lines = NULL;
}
