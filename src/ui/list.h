/* list.h — a scrolling list of rows with columns and one selected row.
 *
 * The rows stay with the caller: the list asks for each visible cell through
 * a callback, so a screen can show a query's results without copying them.
 * Keys: ↑/↓, PgUp/PgDn, Home/End. Column widths and scrolling are computed
 * by pure functions (list_widths, list_scroll). */
#ifndef GUICHET_UI_LIST_H
#define GUICHET_UI_LIST_H

#include <curses.h>
#include <stddef.h>

#include "ui/keys.h"

typedef struct ui_column {
    const char *title; /* translated header, NULL = no header row for the list */
    int width;         /* columns; 0 = shares what is left */
    int right;         /* 1: right-aligned (numbers, times) */
} ui_column;

/* Fills buf with the text of one cell (UTF-8) and returns it. */
typedef const char *(*list_cell_fn)(void *ctx, size_t row, size_t col, char *buf, size_t size);

typedef struct ui_list {
    const ui_column *cols;
    size_t ncols;
    size_t count;    /* rows */
    size_t selected; /* index of the selected row */
    size_t top;      /* first visible row */
    int header;      /* 1: draw the column titles */
    list_cell_fn cell;
    void *ctx;
    const char *empty; /* shown when count == 0 ("Aucun résultat."), may be NULL */
} ui_list;

void list_init(ui_list *l, const ui_column *cols, size_t ncols, list_cell_fn cell, void *ctx);

/* Changes the number of rows, keeping the selection inside. */
void list_set_count(ui_list *l, size_t count);

/* Moves the selection (↑↓ PgUp PgDn Home End) for a list of `rows` visible
 * rows. Returns 1 when the key was the list's. */
int list_key(ui_list *l, const ui_key *k, int rows);

/* Pure: column widths for a total width (one space between columns);
 * flexible columns share the rest. out has l->ncols entries. */
void list_widths(const ui_column *cols, size_t ncols, int width, int *out);

/* Pure: adjusts l->top so that the selection is visible in `rows` rows. */
void list_scroll(ui_list *l, int rows);

/* Draws the list (header included) in the rectangle. */
void list_draw(ui_list *l, WINDOW *win, int y, int x, int h, int w, int focused);

#endif
