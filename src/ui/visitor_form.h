/* visitor_form.h — registering or editing a visitor's file.
 *
 * Every field of the file with its maximum; each field is checked as the
 * user leaves it (visitor_validate_field) and all of them on F2
 * (visitor_validate), in French, keeping what was typed. Before a NEW file
 * is saved, files that may be the same person (visitor_find_duplicates) are
 * listed: Entrée opens (or picks) the existing one, F2 saves anyway.
 * Implemented in visitor_form.c. */
#ifndef GUICHET_UI_VISITOR_FORM_H
#define GUICHET_UI_VISITOR_FORM_H

#include <stdint.h>

#include "ui/app.h"

/* Called once a file is saved (or an existing duplicate chosen instead):
 * visitor_id is that file. The form is popped along with the reaction
 * returned (as visitor_pick_done). */
typedef ui_reaction (*visitor_form_done)(void *ctx, ui_app *app, int64_t visitor_id);

typedef struct visitor_form_arg {
    int64_t visitor_id;     /* 0: a new visitor, else the file to edit */
    char prefill[256];      /* new file: what the search box held (a name, a
                               phone or a birth date goes to its field) */
    int arrive;             /* new file: also record the arrival (visit_arrive_new) */
    visitor_form_done done; /* NULL: a new file opens its visitor file, an edit goes back */
    void *ctx;              /* handed back to done */
    char *draft;            /* malloc'd payload of a draft to restore (kind
                               "visitor"), freed by the form; NULL = none */
} visitor_form_arg;

/* The draft kind of this form (draft.h). */
#define VISITOR_FORM_DRAFT "visitor"

/* Reopens the form from a draft payload (malloc'd, ownership passes). */
ui_reaction visitor_form_resume(char *payload);

/* arg: a malloc'd visitor_form_arg, freed by the form. */
extern const screen_ops screen_visitor_form;

/* The visitor's file (identity, flags, history of requests; later issues
 * add their sections through visitor_file.c's section table).
 * arg: (void *)(intptr_t)visitor_id. */
extern const screen_ops screen_visitor_file;

#endif
