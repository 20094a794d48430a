/* textarea.h — a multi-line UTF-8 text editor for secret text (notes).
 *
 * The text lives only in memory from sodium_malloc (locked, guarded) and is
 * wiped when freed; nothing here copies it anywhere else except short-lived
 * drawing buffers that are wiped before returning. Lines are word-wrapped at
 * the box width (spaces stay at the end of the line they follow; a word
 * longer than the box is cut). Limit: max_bytes of UTF-8, shown as
 * « 1 234 / 8 192 octets »; typing past it is refused (beep, error line).
 *
 * Keys (textarea_key): characters insert, Entrée inserts a line break,
 * ←/→ by character, ↑/↓ by visual line (keeping the column), Ctrl+←/→ (or
 * ^B/^F on consoles without them) by word, Début/Fin (^A/^E) start/end of
 * the visual line, PgPréc/PgSuiv by a page, Retour arrière, Suppr, ^U erase
 * to the start of the line, ^K erase to its end. Tab and the function keys
 * are not the editor's (the screen uses them).
 *
 * Layout (textarea_layout, textarea_cursor_pos) is pure and needs no
 * terminal. */
#ifndef GUICHET_UI_TEXTAREA_H
#define GUICHET_UI_TEXTAREA_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/keys.h"

typedef struct ui_textarea {
    char *buf;        /* PLAINTEXT, sodium_malloc'd, max_bytes + 1, NUL-terminated */
    size_t max_bytes; /* limit of the text in bytes */
    size_t len;       /* bytes used */
    size_t cursor;    /* byte offset of the cursor (on a character boundary) */
    int top;          /* first visual line shown */
    int width;        /* wrap width of the last draw (for ↑↓ and PgUp/PgDn) */
    int height;       /* rows of the last draw */
    int goal_col;     /* column kept by ↑↓, -1 = the cursor's own */
    int modified;     /* 1 once the text was edited */
    int readonly;     /* 1: a viewer: keys scroll (↑↓, pages, Début/Fin), no cursor */
    char error[256];  /* "" or the last refusal (« taille maximale atteinte ») */
} ui_textarea;

/* Allocates the buffer (sodium_malloc) for max_bytes of text, empty.
 * Returns 0, -1 when out of memory. */
int textarea_init(ui_textarea *t, size_t max_bytes);

/* Wipes and frees the buffer (sodium_free); t can be initialised again. */
void textarea_free(ui_textarea *t);

/* Replaces the text by len bytes of s (must be valid UTF-8 and fit, else -1
 * and nothing changes); the cursor goes to the start; modified = 0. */
int textarea_set(ui_textarea *t, const char *s, size_t len);

/* Wipes the text (buffer kept), cursor at the start. */
void textarea_clear(ui_textarea *t);

/* Inserts one code point at the cursor ('\n' allowed). 0, or -1 when it
 * does not fit or is a control character (t->error says why). */
int textarea_insert(ui_textarea *t, uint32_t cp);

/* Applies one key; 1 when it was an editing key, 0 when not the editor's. */
int textarea_key(ui_textarea *t, const ui_key *k);

/* « 1 234 / 8 192 octets » (translated) into buf. */
const char *textarea_size_text(const ui_textarea *t, char *buf, size_t size);

/* --- layout, pure ------------------------------------------------------ */
/* The start offsets of the visual lines of t's text wrapped at width columns,
 * into starts (at most max entries); returns the number of lines (≥ 1). */
int textarea_layout(const ui_textarea *t, int width, size_t *starts, int max);

/* Visual line and column of byte offset pos at width. */
void textarea_pos(const ui_textarea *t, int width, size_t pos, int *line, int *col);

/* Draws the text in an h x w box at (y, x), scrolled so the cursor shows;
 * when focused returns the cursor's screen position (else -1). */
void textarea_draw(ui_textarea *t, WINDOW *win, int y, int x, int h, int w, int focused, int *cur_y,
                   int *cur_x);

/* Draws len bytes of secret UTF-8 text s at (y, x) in at most max_cols
 * columns ("…" when cut), through local buffers wiped before returning.
 * Returns the columns drawn. For a note's first line in a list, a reader. */
int textarea_put_secret(WINDOW *win, int y, int x, int max_cols, const char *s, size_t len,
                        attr_t attr);

#endif
