/* help.h — the help screen's content, computed without a terminal.
 *
 * F1 opens the help over the screen the user is on. It lists first that
 * screen's keys (its status-bar hints, plus the actions help.c knows the
 * screen reads), then the keys that act everywhere, the editing keys of text
 * fields, and last the keys of the other screens, each with its context.
 * Every key comes from the binding table (actions.def + [keys]), so what
 * the help says is what the screens do. Descriptions are word-wrapped on as
 * many rows as they need, never cut. */
#ifndef GUICHET_UI_HELP_H
#define GUICHET_UI_HELP_H

#include <stddef.h>

#include "ui/app.h"

typedef enum help_row_kind {
    HELP_HEADING, /* a section title in text */
    HELP_KEY,     /* keys, label and the first row of text */
    HELP_MORE,    /* the text continued (keys and label empty) */
} help_row_kind;

typedef struct help_row {
    help_row_kind kind;
    int action;     /* ui_action of a HELP_KEY/HELP_MORE row, 0 for others */
    char keys[64];  /* "F1, ?" */
    char label[96]; /* "Aide" */
    char text[256]; /* one wrapped row of the description (or the title) */
} help_row;

/* Column widths of the help table drawn in width columns. */
void help_widths(int width, int *keys_w, int *label_w, int *text_w);

/* Fills rows (at most max) with the help of screen `from` (may be NULL)
 * for a table width columns wide; returns the rows used. */
size_t help_build(const screen_ops *from, int width, help_row *rows, size_t max);

#endif
