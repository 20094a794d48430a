/* legend.h — the key legends drawn in a screen's body ("i Info rapide
 * r Rechercher  Entrée prendre/clore…"), made from actions.def: the key is
 * the one bound to the action now ([keys] included), the label the action's
 * (or the screen's own wording for a shared action). A legend wraps onto
 * more rows when it does not fit; an item is never cut. */
#ifndef GUICHET_UI_LEGEND_H
#define GUICHET_UI_LEGEND_H

#include <stddef.h>

#include "ui/keys.h"

typedef struct ui_legend_item {
    ui_action action;  /* its key: the first one bound; ACT_NONE: label is plain text */
    const char *label; /* N_() wording on this screen, NULL = the action's label;
                        * with ACT_NONE, a translated text shown as it is ("←/→ Jour") */
} ui_legend_item;

/* Pure: places the items in rows of width columns, two spaces apart;
 * row_of[i] and x_of[i] get each item's row and column (-1 for an
 * unbound action, not shown). Returns the rows needed. */
int legend_layout(const ui_legend_item *items, size_t n, int width, int *row_of, int *x_of);

/* The text of one item ("r Rechercher") into buf; "" when its action has no key. */
const char *legend_item_text(const ui_legend_item *item, char *buf, size_t size);

/* Draws the legend from row y, at most max_rows rows (items past them are
 * not drawn: size the legend with legend_layout); returns the rows used. */
int legend_draw(int y, int x, int w, int max_rows, const ui_legend_item *items, size_t n);

/* Items legend_draw could not draw for want of rows, since the start (the
 * headless tests check it stays 0 on every screen at 80x24). */
unsigned legend_dropped(void);

#endif
