/* prompt.c — see prompt.h.
 *
 * Readline reads its bytes from a small buffer we fill from curses keys
 * (rl_getc_function), and tells us to redraw (rl_redisplay_function); we
 * draw its line buffer ourselves. Signals, SIGWINCH and LINES/COLUMNS are
 * left alone (rl_catch_signals, rl_catch_sigwinch, rl_change_environment),
 * or readline would pin the terminal size and resizes would stop working. */
#include "ui/prompt.h"
#include "ui/draw.h"
#include "core/name.h"
#include "core/text.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <readline/history.h>
#include <readline/readline.h>

static struct {
	bool active, dirty;
	unsigned char buf[64];
	size_t head, len;
	char *prompt;
	char **completions;
	bool whole_line; /* candidates with labels: the word is the whole line */
	char **shown;    /* the candidates Tab listed, as drawn; NULL-ended */
	char history;
	prompt_line_fn done;
	void *arg;
	HISTORY_STATE *hist_search, *hist_cmd;
	char *history_file;
	FILE *null_out;
} P;

static int feed_getc(FILE *f)
{
	(void)f;
	if (P.len == 0)
		return EOF;
	int c = P.buf[P.head];
	P.head = (P.head + 1) % sizeof P.buf;
	P.len--;
	return c;
}

static int feed_available(void)
{
	return P.len > 0;
}

static void redisplay(void)
{
	P.dirty = true;
}

static void prep_noop(int meta)
{
	(void)meta;
}

static void deprep_noop(void)
{
}

/* Where the word being completed starts in the line, and whether the
 * candidates for a later word are used ("filter-channel" PROMPT_ARG
 * "whatsapp": after "filter-channel " on the line), or the others; and
 * whether a candidate was found by its label rather than its value. */
static struct {
	int start;
	bool by_line, by_label;
} W;

/* Candidate c for the word `text`: the value of c that completes it (its
 * length in *vlen), or NULL. The value matches when it begins with `text`,
 * the label (*by_label) when `text` begins one of its words. */
static const char *candidate(const char *c, const char *text, size_t len, size_t *vlen,
                             bool *by_label)
{
	const char *sep = strchr(c, PROMPT_ARG);
	if (W.by_line) {
		/* The line before the word is the candidate's words, then spaces. */
		size_t head = sep ? (size_t)(sep - c) : 0;
		if (!sep || (size_t)W.start <= head || strncmp(c, rl_line_buffer, head) != 0 ||
		    strspn(rl_line_buffer + head, " ") != (size_t)W.start - head)
			return NULL;
		c = sep + 1;
	} else if (sep) {
		return NULL;
	}
	const char *label = strchr(c, PROMPT_LABEL);
	*vlen = label ? (size_t)(label - c) : strlen(c);
	*by_label = label && core_name_word_prefix(text, label + 1);
	return *by_label || (len <= *vlen && strncasecmp(c, text, len) == 0) ? c : NULL;
}

static char *completion_gen(const char *text, int state)
{
	static size_t i, len;
	if (!state) {
		i = 0;
		len = strlen(text);
	}
	while (P.completions && P.completions[i]) {
		size_t vlen;
		bool by_label;
		const char *c = candidate(P.completions[i++], text, len, &vlen, &by_label);
		if (c) {
			W.by_label |= by_label;
			return strndup(c, vlen);
		}
	}
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1;
	W.start = start;
	W.by_line = true;
	W.by_label = false;
	char **m = start > 0 ? rl_completion_matches(text, completion_gen) : NULL;
	if (!m) {
		W.by_line = false;
		m = rl_completion_matches(text, completion_gen);
	}
	/* Several, and some by name: what they have in common is the start
	 * of their values ("jvd"), not what was typed ("de v"); keep that. */
	if (m && m[1] && W.by_label) {
		free(m[0]);
		m[0] = strdup(text);
	}
	return m;
}

/* The word to complete is the whole line when the candidates are names. */
static char *word_breaks(void)
{
	static char none[] = "";
	return P.whole_line ? none : NULL;
}

static void shown_free(void)
{
	for (size_t i = 0; P.shown && P.shown[i]; i++)
		free(P.shown[i]);
	free(P.shown);
	P.shown = NULL;
}

/* The label of the candidate whose value is `value`, or NULL. */
static const char *label_of(const char *value)
{
	size_t n = strlen(value);
	for (size_t i = 0; P.completions && P.completions[i]; i++) {
		const char *c = P.completions[i], *sep = strchr(c, PROMPT_ARG);
		if (sep)
			c = sep + 1;
		if (strncmp(c, value, n) == 0 && c[n] == PROMPT_LABEL)
			return c + n + 1;
	}
	return NULL;
}

/* Candidates are drawn over the screen by prompt_draw, not written to a
 * stream that would scribble over the curses screen: a name with its
 * value, "Joost van Dijk (jvdijk)", when it has a label. */
static void show_matches(char **matches, int n, int max)
{
	(void)max;
	shown_free();
	P.shown = calloc((size_t)n + 1, sizeof *P.shown);
	for (int i = 1; P.shown && i <= n; i++) {
		const char *label = label_of(matches[i]);
		size_t len = strlen(matches[i]) + (label ? strlen(label) + 4 : 1);
		char *raw = malloc(len);
		if (!raw)
			break;
		if (label)
			snprintf(raw, len, "%s (%s)", label, matches[i]);
		else
			snprintf(raw, len, "%s", matches[i]);
		P.shown[i - 1] = ui_clean(raw, false);
		free(raw);
	}
	P.dirty = true;
}

static void save_state(void)
{
	HISTORY_STATE *st = history_get_history_state();
	if (P.history == 's') {
		free(P.hist_search);
		P.hist_search = st;
	} else if (P.history == 'c') {
		free(P.hist_cmd);
		P.hist_cmd = st;
	} else {
		clear_history();
		free(st);
	}
}

static void load_state(char which)
{
	HISTORY_STATE empty;
	memset(&empty, 0, sizeof empty);
	HISTORY_STATE *st = which == 's' ? P.hist_search : which == 'c' ? P.hist_cmd : NULL;
	history_set_history_state(st ? st : &empty);
	history_set_pos(history_length);
}

static void close_prompt(void)
{
	rl_callback_handler_remove();
	P.active = false;
	P.head = P.len = 0;
	shown_free();
	P.whole_line = false;
	for (size_t i = 0; P.completions && P.completions[i]; i++)
		free(P.completions[i]);
	free(P.completions);
	P.completions = NULL;
	free(P.prompt);
	P.prompt = NULL;
	curs_set(0);
}

static void on_line(char *line)
{
	prompt_line_fn done = P.done;
	void *arg = P.arg;
	/* Tab completion leaves a space after the word it completed: a name
	 * picked that way must read the same as one typed in full. */
	for (size_t n = line ? strlen(line) : 0; n > 0 && line[n - 1] == ' '; n--)
		line[n - 1] = '\0';
	if (line && *line && P.history)
		add_history(line);
	save_state();
	close_prompt();
	done(arg, line);
	free(line);
}

void prompt_forget_last(char which)
{
	if (P.active)
		return;
	char was = P.history;
	load_state(which);
	if (history_length > 0) {
		HIST_ENTRY *e = remove_history(history_length - 1);
		if (e)
			free(free_history_entry(e));
	}
	P.history = which;
	save_state();
	P.history = was;
}

void prompt_init(const char *history_file)
{
	rl_readline_name = "loket";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_getc_function = feed_getc;
	rl_input_available_hook = feed_available;
	rl_redisplay_function = redisplay;
	rl_prep_term_function = prep_noop;
	rl_deprep_term_function = deprep_noop;
	P.null_out = fopen("/dev/null", "w");
	rl_outstream = P.null_out;
	rl_instream = NULL;
	rl_attempted_completion_function = complete;
	rl_completion_display_matches_hook = show_matches;
	rl_completion_word_break_hook = word_breaks;
	rl_initialize();
	rl_variable_bind("bell-style", "none");
	rl_variable_bind("horizontal-scroll-mode", "on");
	using_history();
	stifle_history(500);
	if (history_file) {
		P.history_file = strdup(history_file);
		read_history(history_file);
	}
	P.hist_cmd = history_get_history_state();
	HISTORY_STATE empty;
	memset(&empty, 0, sizeof empty);
	history_set_history_state(&empty);
}

static void free_state(HISTORY_STATE **st)
{
	if (!*st)
		return;
	history_set_history_state(*st);
	clear_history();
	/* clear_history frees the entries, not readline's array of them. */
	free((*st)->entries);
	free(*st);
	*st = NULL;
}

void prompt_shutdown(void)
{
	if (P.active)
		close_prompt();
	if (P.hist_cmd && P.history_file) {
		history_set_history_state(P.hist_cmd);
		write_history(P.history_file);
	}
	free_state(&P.hist_cmd);
	free_state(&P.hist_search);
	HISTORY_STATE empty;
	memset(&empty, 0, sizeof empty);
	history_set_history_state(&empty);
	free(P.history_file);
	P.history_file = NULL;
	if (P.null_out)
		fclose(P.null_out);
	P.null_out = NULL;
	rl_outstream = NULL;
}

void prompt_open(const char *prompt, const char *const *completions, char history,
                 prompt_line_fn done, void *arg)
{
	if (P.active)
		prompt_cancel();
	P.active = true;
	P.dirty = true;
	P.done = done;
	P.arg = arg;
	P.history = history;
	P.prompt = strdup(prompt);
	size_t n = 0;
	while (completions && completions[n])
		n++;
	P.completions = calloc(n + 1, sizeof *P.completions);
	bool labels = false, args = false;
	for (size_t i = 0; i < n; i++) {
		P.completions[i] = strdup(completions[i]);
		labels |= strchr(completions[i], PROMPT_LABEL) != NULL;
		args |= strchr(completions[i], PROMPT_ARG) != NULL;
	}
	P.whole_line = labels && !args;
	load_state(history);
	rl_callback_handler_install(prompt, on_line);
}

bool prompt_active(void)
{
	return P.active;
}

bool prompt_dirty(void)
{
	return P.dirty;
}

static void push_bytes(const char *s, size_t n)
{
	for (size_t i = 0; i < n && P.len < sizeof P.buf; i++) {
		P.buf[(P.head + P.len) % sizeof P.buf] = (unsigned char)s[i];
		P.len++;
	}
}

void prompt_key(int key, bool function)
{
	if (!P.active)
		return;
	if (function) {
		const char *seq = NULL;
		switch (key) {
		case KEY_LEFT: seq = "\033[D"; break;
		case KEY_RIGHT: seq = "\033[C"; break;
		case KEY_UP: seq = "\033[A"; break;
		case KEY_DOWN: seq = "\033[B"; break;
		case KEY_HOME: seq = "\001"; break;
		case KEY_END: seq = "\005"; break;
		case KEY_BACKSPACE: seq = "\177"; break;
		case KEY_DC: seq = "\004"; break;
		case KEY_ENTER: seq = "\n"; break;
		default: return;
		}
		push_bytes(seq, strlen(seq));
	} else {
		char mb[8];
		mbstate_t st;
		memset(&st, 0, sizeof st);
		size_t n = wcrtomb(mb, (wchar_t)key, &st);
		if (n == (size_t)-1)
			return;
		if (n == 1 && mb[0] == '\r')
			mb[0] = '\n';
		push_bytes(mb, n);
	}
	shown_free();
	while (P.active && P.len > 0)
		rl_callback_read_char();
	P.dirty = true;
}

void prompt_cancel(void)
{
	if (!P.active)
		return;
	prompt_line_fn done = P.done;
	void *arg = P.arg;
	rl_replace_line("", 0);
	rl_point = rl_end = 0;
	save_state();
	close_prompt();
	done(arg, NULL);
}

/* The candidates Tab listed, in columns read downwards, on the rows that
 * end at `bottom` (at most half the screen; "… N more" when they do not
 * fit). */
static void draw_shown(int bottom)
{
	int n = 0, widest = 1;
	for (; P.shown[n]; n++)
		if (ui_width(P.shown[n]) > widest)
			widest = ui_width(P.shown[n]);
	int colw = widest + 2 < COLS ? widest + 2 : COLS;
	int cols = COLS / colw > 0 ? COLS / colw : 1;
	int max_rows = LINES / 2 < bottom + 1 ? LINES / 2 : bottom + 1;
	if (max_rows < 1)
		max_rows = 1;
	int rows = (n + cols - 1) / cols;
	int room = n;
	if (rows > max_rows) {
		rows = max_rows;
		room = rows * cols - 1; /* the last cell says how many more */
	}
	for (int r = 0; r < rows; r++) {
		int y = bottom - rows + 1 + r;
		ui_fill_row(y, ui_attr(UI_STATUS));
		for (int k = 0; k < cols; k++) {
			int i = k * rows + r;
			char more[48];
			const char *text = i < room ? P.shown[i] : NULL;
			int width = colw;
			if (i == room && room < n) {
				/* the last cell of the last row: the rest of it is free */
				snprintf(more, sizeof more, "… %d more", n - room);
				text = more;
				width = COLS - k * colw;
			}
			if (text)
				ui_text(y, k * colw, width, text, ui_attr(UI_STATUS), false);
		}
	}
}

void prompt_draw(int y, int hint_row)
{
	if (!P.active)
		return;
	P.dirty = false;
	if (P.shown && P.shown[0] && hint_row >= 0)
		draw_shown(hint_row);
	char *line = ui_clean(rl_line_buffer ? rl_line_buffer : "", false);
	char *pr = ui_clean(P.prompt, false);
	int pw = ui_width(pr);
	/* Columns before the insertion point: keep it on screen by scrolling
	 * the text left when the line is wider than the room. */
	char *before = strndup(rl_line_buffer ? rl_line_buffer : "", (size_t)rl_point);
	char *bclean = ui_clean(before, false);
	int cur = ui_width(bclean);
	int room = COLS - pw - 1;
	const char *show = line;
	while (room > 0 && cur >= room && *show) {
		/* drop one character from the left */
		int w = 0;
		const char *p = show + 1;
		while ((*p & 0xC0) == 0x80)
			p++;
		char one[8];
		size_t n = (size_t)(p - show);
		memcpy(one, show, n < sizeof one ? n : sizeof one - 1);
		one[n < sizeof one ? n : sizeof one - 1] = '\0';
		w = ui_width(one);
		cur -= w;
		show = p;
	}
	move(y, 0);
	clrtoeol();
	ui_text(y, 0, pw, pr, A_BOLD, false);
	ui_text(y, pw, COLS - pw, show, A_NORMAL, false);
	curs_set(1);
	move(y, pw + cur);
	free(before);
	free(bclean);
	free(line);
	free(pr);
}
