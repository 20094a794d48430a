/* legend.c — see legend.h. */
#include <stdio.h>

#include "guichet/i18n.h"
#include "ui/legend.h"
#include "ui/text.h"
#include "ui/theme.h"

static const char *label_of(const ui_legend_item *item)
{
    if (item->action == ACT_NONE)
        return item->label ? item->label : "";
    return item->label ? _(item->label) : keys_label(item->action);
}

const char *legend_item_text(const ui_legend_item *item, char *buf, size_t size)
{
    if (item->action == ACT_NONE) {
        snprintf(buf, size, "%s", label_of(item));
        return buf;
    }
    char key[32];
    keys_action_key(item->action, key, sizeof key);
    if (!key[0])
        snprintf(buf, size, "%s", "");
    else
        snprintf(buf, size, "%s %s", key, label_of(item));
    return buf;
}

int legend_layout(const ui_legend_item *items, size_t n, int width, int *row_of, int *x_of)
{
    int row = 0, x = 0;
    for (size_t i = 0; i < n; i++) {
        char text[160];
        legend_item_text(&items[i], text, sizeof text);
        row_of[i] = x_of[i] = -1;
        if (!text[0])
            continue;
        int w = text_width(text);
        if (x > 0 && x + 2 + w > width) /* wrap before it */
            row++, x = 0;
        else if (x > 0)
            x += 2;
        row_of[i] = row;
        x_of[i] = x;
        x += w;
    }
    return x > 0 || row > 0 ? row + 1 : 0;
}

static unsigned dropped;

unsigned legend_dropped(void)
{
    return dropped;
}

int legend_draw(int y, int x, int w, int max_rows, const ui_legend_item *items, size_t n)
{
    int row_of[64], x_of[64];
    if (n > 64)
        n = 64;
    int rows = legend_layout(items, n, w, row_of, x_of);
    for (size_t i = 0; i < n; i++) {
        if (row_of[i] < 0)
            continue;
        if (row_of[i] >= max_rows) {
            dropped++;
            continue;
        }
        int cx = x + x_of[i], cy = y + row_of[i];
        if (items[i].action != ACT_NONE) {
            char key[32];
            keys_action_key(items[i].action, key, sizeof key);
            cx += text_put(stdscr, cy, cx, x + w - cx, key, theme_attr(TH_HOTKEY)) + 1;
        }
        text_put(stdscr, cy, cx, x + w - cx, label_of(&items[i]), theme_attr(TH_MUTED));
    }
    return rows < max_rows ? rows : max_rows;
}
