/* list.c — see list.h. */
#include <string.h>

#include "ui/list.h"
#include "ui/text.h"
#include "ui/theme.h"

void list_init(ui_list *l, const ui_column *cols, size_t ncols, list_cell_fn cell, void *ctx)
{
    memset(l, 0, sizeof *l);
    l->cols = cols;
    l->ncols = ncols;
    l->cell = cell;
    l->ctx = ctx;
    l->header = cols && ncols && cols[0].title != NULL;
}

void list_set_count(ui_list *l, size_t count)
{
    l->count = count;
    if (l->selected >= count)
        l->selected = count ? count - 1 : 0;
    if (l->top > l->selected)
        l->top = l->selected;
}

int list_key(ui_list *l, const ui_key *k, int rows)
{
    if (rows < 1)
        rows = 1;
    size_t page = (size_t)rows;
    switch (k->action) {
    case ACT_UP:
        if (l->selected > 0)
            l->selected--;
        break;
    case ACT_DOWN:
        if (l->selected + 1 < l->count)
            l->selected++;
        break;
    case ACT_PAGE_UP:
        l->selected = l->selected > page ? l->selected - page : 0;
        break;
    case ACT_PAGE_DOWN:
        l->selected =
            l->selected + page < l->count ? l->selected + page : (l->count ? l->count - 1 : 0);
        break;
    case ACT_FIRST:
        l->selected = 0;
        break;
    case ACT_LAST:
        l->selected = l->count ? l->count - 1 : 0;
        break;
    default:
        return 0;
    }
    list_scroll(l, rows);
    return 1;
}

void list_scroll(ui_list *l, int rows)
{
    if (rows < 1)
        rows = 1;
    if (l->selected < l->top)
        l->top = l->selected;
    if (l->selected >= l->top + (size_t)rows)
        l->top = l->selected - (size_t)rows + 1;
    /* no empty rows at the bottom when the list could fill them */
    if (l->count >= (size_t)rows && l->top + (size_t)rows > l->count)
        l->top = l->count - (size_t)rows;
    if (l->count < (size_t)rows)
        l->top = 0;
}

void list_widths(const ui_column *cols, size_t ncols, int width, int *out)
{
    int fixed = 0, flex = 0;
    for (size_t c = 0; c < ncols; c++) {
        if (cols[c].width)
            fixed += cols[c].width;
        else
            flex++;
    }
    int gaps = ncols ? (int)ncols - 1 : 0;
    int rest = width - fixed - gaps;
    if (rest < 0)
        rest = 0;
    int given = 0, seen = 0;
    for (size_t c = 0; c < ncols; c++) {
        if (cols[c].width) {
            out[c] = cols[c].width;
        } else {
            seen++;
            out[c] = seen == flex ? rest - given : rest / flex;
            given += out[c];
        }
    }
    /* too narrow: shrink from the last column */
    int total = gaps;
    for (size_t c = 0; c < ncols; c++)
        total += out[c];
    for (size_t c = ncols; c-- > 0 && total > width;) {
        int cut = total - width < out[c] ? total - width : out[c];
        out[c] -= cut;
        total -= cut;
    }
}

static void draw_row(ui_list *l, WINDOW *win, int y, int x, int w, const int *widths, size_t row,
                     attr_t attr, int header)
{
    text_fill(win, y, x, w, attr);
    int cx = x;
    for (size_t c = 0; c < l->ncols && cx < x + w; c++) {
        char buf[512];
        const char *s = header ? l->cols[c].title : l->cell(l->ctx, row, c, buf, sizeof buf);
        int cw = widths[c];
        if (cx + cw > x + w)
            cw = x + w - cx;
        if (l->cols[c].right)
            text_put_right(win, y, cx, cw, s ? s : "", attr);
        else
            text_put(win, y, cx, cw, s ? s : "", attr);
        cx += widths[c] + 1;
    }
}

void list_draw(ui_list *l, WINDOW *win, int y, int x, int h, int w, int focused)
{
    int widths[32];
    size_t nc = l->ncols < 32 ? l->ncols : 32;
    list_widths(l->cols, nc, w, widths);
    if (l->header && h > 0) {
        draw_row(l, win, y, x, w, widths, 0, theme_attr(TH_HEADING), 1);
        y++, h--;
    }
    if (h <= 0)
        return;
    if (!l->count) {
        if (l->empty)
            text_put(win, y, x, w, l->empty, theme_attr(TH_MUTED));
        return;
    }
    list_scroll(l, h);
    if (l->count > (size_t)h)
        w--; /* the last column carries the scroll marks */
    for (int r = 0; r < h && l->top + (size_t)r < l->count; r++) {
        size_t row = l->top + (size_t)r;
        attr_t a = row == l->selected && focused ? theme_attr(TH_SELECT) : theme_attr(TH_NORMAL);
        draw_row(l, win, y + r, x, w, widths, row, a, 0);
    }
    /* a scroll mark when rows are hidden */
    if (l->count > (size_t)h) {
        if (l->top > 0)
            text_put(win, y, x + w, 1, "↑", theme_attr(TH_MUTED));
        if (l->top + (size_t)h < l->count)
            text_put(win, y + h - 1, x + w, 1, "↓", theme_attr(TH_MUTED));
    }
}
