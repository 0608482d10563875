/* list.h — selection and scrolling of a list drawn in a fixed number of
 * rows; the screen draws the rows itself. */
#ifndef LOKET_UI_LIST_H
#define LOKET_UI_LIST_H

struct ui_list {
	int n;   /* items */
	int sel; /* selected item, 0 when empty */
	int top; /* first visible item */
};

/* Move the selection by `delta` (clamped) and keep it visible in `rows`. */
static inline void ui_list_move(struct ui_list *l, int delta, int rows)
{
	if (l->n == 0) {
		l->sel = l->top = 0;
		return;
	}
	l->sel += delta;
	if (l->sel < 0)
		l->sel = 0;
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (rows < 1)
		rows = 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + rows)
		l->top = l->sel - rows + 1;
	if (l->top > l->n - rows)
		l->top = l->n - rows > 0 ? l->n - rows : 0;
	if (l->top < 0)
		l->top = 0;
}

#endif
