/* form.h — a column of text fields with labels, focus and errors.
 *
 * The screen owns the fields (usually an array in its state) and the form
 * points at them. Keys: Tab/↓ next field, Shift-Tab/↑ previous, Enter next
 * field or, on the last one, submit. After a core call fails,
 * form_apply_error() puts err->msg under the field err->field names (and
 * focuses it) or, when no field matches, in the form's message line; what was
 * typed stays. The layout is computed by form_layout() with no terminal. */
#ifndef GUICHET_UI_FORM_H
#define GUICHET_UI_FORM_H

#include <curses.h>
#include <stddef.h>

#include "guichet/error.h"
#include "ui/field.h"

typedef enum form_result {
    FORM_IGNORED = 0, /* not a form key: the screen or the app may use it */
    FORM_HANDLED,     /* edited or moved: redraw */
    FORM_SUBMIT,      /* Enter on the last field (or any field with submit_any) */
} form_result;

typedef struct ui_form {
    ui_field *fields; /* owned by the caller */
    size_t count;
    size_t focus;      /* index of the focused field */
    int submit_any;    /* 1: Enter submits from any field */
    int label_width;   /* 0 = computed from the labels */
    char message[512]; /* form-level message, "" = none */
    int message_error; /* 1: the message is an error (else a confirmation) */
    int top_row;       /* first layout row shown (long forms scroll) */
} ui_form;

void form_init(ui_form *form, ui_field *fields, size_t count);

/* Applies a key (see above). */
form_result form_key(ui_form *form, const ui_key *k);

/* The field named name, NULL if none. */
ui_field *form_field(ui_form *form, const char *name);

/* Its value ("" when there is no such field). */
const char *form_value(ui_form *form, const char *name);

void form_focus(ui_form *form, const char *name);

/* Clears every field's error and the message. */
void form_clear_errors(ui_form *form);

/* Shows a core error (see above). */
void form_apply_error(ui_form *form, const g_error *err);

/* A form-level message (error = 1 in the error colour). */
void form_set_message(ui_form *form, int error, const char *msg);

/* --- layout, pure ------------------------------------------------------ */
typedef struct form_row {
    int field;       /* index of the field */
    int y;           /* row relative to the form's top, before scrolling */
    int error_y;     /* first row of its error, -1 when it has none */
    int error_lines; /* rows its error takes once wrapped (0 when none) */
} form_row;

typedef struct form_geometry {
    int label_w; /* label column */
    int box_x;   /* input box column (relative) */
    int box_w;   /* the widest input box */
    int hint_x;  /* "(max N)" column */
    int error_x; /* column where field errors are wrapped from */
    int error_w; /* their wrap width */
    int height;  /* rows of all fields with their error lines + message */
} form_geometry;

/* Computes positions for a form drawn in width columns; rows must hold
 * form->count entries. Errors are word-wrapped (never cut): a field's error
 * under its input box (from the label column when the box column leaves
 * too little room), the form message across the whole width. */
void form_layout(const ui_form *form, int width, form_row *rows, form_geometry *geo);

/* Width of field i's input box under geometry geo. */
int form_box_width(const ui_form *form, size_t i, const form_geometry *geo);

/* Draws the form in the rectangle; returns the cursor position of the focused
 * field through cur_y and cur_x (-1 when not visible). The focused field and
 * its whole error stay visible (long forms scroll); the form message, when
 * the form does not fit, is kept at the bottom of the rectangle. */
void form_draw(ui_form *form, WINDOW *win, int y, int x, int h, int w, int *cur_y, int *cur_x);

#endif
