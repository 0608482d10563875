/* term.c — see term.h. */
#include "term.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

struct term {
	pid_t pid;
	int fd;
	int rows, cols;
	VTerm *vt;
	VTermScreen *screen;
	char *text;         /* the last screen text */
	unsigned char *out; /* everything the program wrote */
	size_t out_len, out_cap;
	int status; /* exit status once reaped, else -1 */
};

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

struct term *term_spawn(char *const argv[], char *const env[], int rows, int cols)
{
	struct term *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->rows = rows;
	t->cols = cols;
	t->status = -1;
	struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
	t->pid = forkpty(&t->fd, NULL, NULL, &ws);
	if (t->pid < 0) {
		free(t);
		return NULL;
	}
	if (t->pid == 0) {
		for (size_t i = 0; env && env[i]; i++)
			putenv(env[i]);
		execv(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	fcntl(t->fd, F_SETFL, fcntl(t->fd, F_GETFL) | O_NONBLOCK);
	t->vt = vterm_new(rows, cols);
	vterm_set_utf8(t->vt, 1);
	t->screen = vterm_obtain_screen(t->vt);
	vterm_screen_reset(t->screen, 1);
	return t;
}

static void keep(struct term *t, const char *buf, size_t n)
{
	if (t->out_len + n > t->out_cap) {
		size_t cap = t->out_cap ? t->out_cap * 2 : 65536;
		while (cap < t->out_len + n)
			cap *= 2;
		unsigned char *p = realloc(t->out, cap);
		if (!p)
			abort();
		t->out = p;
		t->out_cap = cap;
	}
	memcpy(t->out + t->out_len, buf, n);
	t->out_len += n;
}

/* Read what is there, waiting at most `ms`; false once the program is gone. */
static bool pump(struct term *t, int ms)
{
	struct pollfd p = {.fd = t->fd, .events = POLLIN};
	int r = poll(&p, 1, ms);
	if (r <= 0)
		return true;
	char buf[8192];
	for (;;) {
		ssize_t n = read(t->fd, buf, sizeof buf);
		if (n > 0) {
			keep(t, buf, (size_t)n);
			vterm_input_write(t->vt, buf, (size_t)n);
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return true;
		return false; /* EOF or EIO: the program closed the pty */
	}
}

const char *term_screen(struct term *t)
{
	size_t cap = (size_t)t->rows * ((size_t)t->cols * 4 + 1) + 1;
	char *s = realloc(t->text, cap);
	if (!s)
		abort();
	t->text = s;
	size_t len = 0;
	for (int row = 0; row < t->rows; row++) {
		VTermRect rect = {.start_row = row, .end_row = row + 1, .start_col = 0, .end_col = t->cols};
		len += vterm_screen_get_text(t->screen, s + len, cap - len - 2, rect);
		s[len++] = '\n';
	}
	s[len] = '\0';
	return s;
}

int term_wait_any(struct term *t, const char *const texts[], int timeout_ms)
{
	long end = now_ms() + timeout_ms;
	for (;;) {
		const char *s = term_screen(t);
		for (int i = 0; texts[i]; i++)
			if (strstr(s, texts[i]))
				return i;
		long left = end - now_ms();
		if (left <= 0)
			return -1;
		if (!pump(t, left > 100 ? 100 : (int)left)) {
			/* Gone: one last look at what it drew. */
			const char *last = term_screen(t);
			for (int i = 0; texts[i]; i++)
				if (strstr(last, texts[i]))
					return i;
			return -1;
		}
	}
}

bool term_wait_text(struct term *t, const char *text, int timeout_ms)
{
	const char *texts[] = {text, NULL};
	return term_wait_any(t, texts, timeout_ms) == 0;
}

void term_send(struct term *t, const char *bytes)
{
	size_t n = strlen(bytes);
	while (n > 0) {
		ssize_t w = write(t->fd, bytes, n);
		if (w < 0) {
			if (errno == EAGAIN || errno == EINTR) {
				pump(t, 10);
				continue;
			}
			return;
		}
		bytes += w;
		n -= (size_t)w;
	}
}

void term_resize(struct term *t, int rows, int cols)
{
	struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
	t->rows = rows;
	t->cols = cols;
	vterm_set_size(t->vt, rows, cols);
	ioctl(t->fd, TIOCSWINSZ, &ws);
}

const unsigned char *term_output(struct term *t, size_t *len)
{
	*len = t->out_len;
	return t->out;
}

int term_wait_exit(struct term *t, int timeout_ms)
{
	long end = now_ms() + timeout_ms;
	while (t->status < 0) {
		int st;
		pid_t r = waitpid(t->pid, &st, WNOHANG);
		if (r == t->pid) {
			t->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
			break;
		}
		long left = end - now_ms();
		if (left <= 0) {
			kill(t->pid, SIGKILL);
			waitpid(t->pid, &st, 0);
			t->status = 128 + SIGKILL;
			return -1;
		}
		pump(t, left > 50 ? 50 : (int)left);
	}
	return t->status;
}

pid_t term_pid(const struct term *t)
{
	return t->pid;
}

void term_free(struct term **tp)
{
	struct term *t = *tp;
	if (!t)
		return;
	if (t->status < 0) {
		kill(t->pid, SIGKILL);
		waitpid(t->pid, NULL, 0);
	}
	close(t->fd);
	vterm_free(t->vt);
	free(t->text);
	free(t->out);
	free(t);
	*tp = NULL;
}
