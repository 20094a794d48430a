/* field.h — a single-line text field: label, UTF-8 value, cursor, error.
 *
 * The value is UTF-8, limited to max_chars characters (shown as "(max N)").
 * Editing keys: ←/→, Home/End (also ^A/^E), Backspace, Delete, ^U (erase
 * before the cursor), ^K (erase after). A password field draws one '*' per
 * character. An error message stays under the field, next to what was typed,
 * until the field is edited again. The editing functions need no terminal. */
#ifndef GUICHET_UI_FIELD_H
#define GUICHET_UI_FIELD_H

#include <curses.h>
#include <stddef.h>

#include "ui/keys.h"

enum {
    FIELD_PASSWORD = 1 << 0, /* draw '*', held in locked memory (sodium_malloc), wiped on free */
    FIELD_HIDE_MAX = 1 << 1, /* do not show "(max N)" */
};

typedef struct ui_field {
    const char *name;  /* matches g_error.field ("login", "birth_date") */
    const char *label; /* translated label */
    int flags;         /* FIELD_* */
    size_t max_chars;  /* characters (code points) allowed */
    char *value;       /* UTF-8, NUL-terminated, 4 * max_chars + 1 bytes */
    size_t size;       /* bytes allocated for value */
    size_t cursor;     /* byte offset of the cursor in value */
    size_t view;       /* byte offset of the first shown character */
    char error[256];   /* "" when none */
    size_t over;       /* characters typed past max_chars since the last change */
} ui_field;

/* Sets f's error to how much was typed past its length ("Nom : 80
 * caractères au maximum (300 tapés)."), as field_key does; forms call it
 * again on submit while f->over is not 0. */
void field_say_over(ui_field *f);

/* Prepares f (value allocated, empty). Returns 0, -1 when out of memory. */
int field_init(ui_field *f, const char *name, const char *label, size_t max_chars, int flags);

/* Wipes and frees the value. */
void field_free(ui_field *f);

/* Replaces the value (cut at max_chars; invalid UTF-8 is refused: -1);
 * the cursor goes to the end. */
int field_set(ui_field *f, const char *value);

/* Empties the value (wiped) and the error. */
void field_clear(ui_field *f);

void field_set_error(ui_field *f, const char *msg);

/* Applies one key. Returns 1 when the key was an editing key (the value or
 * the cursor may have changed), 0 when it is not the field's (Tab, Enter,
 * F-keys…). Inserting past max_chars is refused (returns 1, beeps). */
int field_key(ui_field *f, const ui_key *k);

/* Inserts one code point at the cursor (0 ok, -1 refused). */
int field_insert(ui_field *f, unsigned cp);

/* Moves f->view so the cursor is visible in a box of width columns
 * (one column kept for the cursor at the end). Pure. */
void field_scroll(ui_field *f, int width);

/* "(max 80)", translated, into buf. */
const char *field_max_text(const ui_field *f, char *buf, size_t size);

/* Draws the input box only (width columns at y, x); when focused, returns the
 * cursor column through *cur_x. */
void field_draw_box(ui_field *f, WINDOW *win, int y, int x, int width, int focused, int *cur_x);

#endif
