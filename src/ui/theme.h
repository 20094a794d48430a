/* theme.h — colour roles, not colours; line drawing per locale.
 *
 * Screens ask for a role (the title bar, a selected row, an error); the theme
 * maps it to a colour pair and attributes, or in the monochrome theme to
 * A_REVERSE/A_BOLD/A_UNDERLINE only (the Linux console, [ui] theme =
 * monochrome, a terminal without colours). Lines are drawn with ACS/Unicode in
 * a UTF-8 locale and with + - | otherwise. */
#ifndef GUICHET_UI_THEME_H
#define GUICHET_UI_THEME_H

#include <curses.h>

#include "guichet/config.h"

typedef enum th_role {
    TH_NORMAL = 0,
    TH_TITLE,       /* top bar */
    TH_STATUS,      /* bottom bars */
    TH_STATUS_KEY,  /* a key name inside the status bar */
    TH_SELECT,      /* selected row of a list or menu */
    TH_HOTKEY,      /* the letter that opens a menu entry */
    TH_ERROR,       /* error messages */
    TH_OK,          /* confirmations */
    TH_MUTED,       /* hints, "(max 80)" */
    TH_LABEL,       /* field labels */
    TH_FIELD,       /* a text field without focus */
    TH_FIELD_FOCUS, /* the text field being typed in */
    TH_BORDER,      /* boxes */
    TH_DIALOG,      /* inside a dialog box */
    TH_HEADING,     /* column headers, section titles */
    TH_INACTIVE,    /* data no longer current: free time, a cancelled appointment */
    TH__COUNT
} th_role;

/* After initscr: chooses colour or monochrome from cfg->ui.theme ("couleur",
 * "monochrome", "auto") and the terminal, and the line set from the locale. */
void theme_init(const g_config *cfg);

/* The attributes (colour pair included) for a role. */
attr_t theme_attr(th_role role);

int theme_is_mono(void);  /* 1 when the monochrome theme is in use */
int theme_is_ascii(void); /* 1 when lines are drawn with + - | */

/* Fill character of empty positions in a text field (' ' in colour, '_' in
 * monochrome so that the field stays visible). */
int theme_field_fill(void);

/* A box of h rows and w columns at (y, x), interior untouched. */
void theme_box(WINDOW *win, int y, int x, int h, int w, attr_t attr);

/* A horizontal line of n columns. */
void theme_hline(WINDOW *win, int y, int x, int n, attr_t attr);

#endif
