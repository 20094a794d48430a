/* admin_agenda.h — what the agenda's setup screens share (admin_agenda.c:
 * the lists and the resource and motif forms; admin_opening.c: the opening
 * form and its motifs). Everything goes through agenda.h: one transaction
 * per save, journaled by the core with the logged-in manager. */
#ifndef GUICHET_UI_ADMIN_AGENDA_H
#define GUICHET_UI_ADMIN_AGENDA_H

#include <stddef.h>
#include <stdint.h>

#include "ui/app.h"
#include "ui/form.h"
#include "ui/intake_ui.h"

/* --- a form of text and choice fields ------------------------------------- */

#define AGF_MAX 12

typedef struct agf {
    ui_field fields[AGF_MAX];
    ui_choice choices[AGF_MAX]; /* n == 0 for a text field */
    int read_only[AGF_MAX];     /* 1: shown, never changed by a key */
    size_t count;
    ui_form form;
} agf;

/* Adds a text field (max characters) or a choice field (its options then
 * initialised by the caller in f->choices[i]); returns its index, -1 when
 * out of memory or out of room. name matches g_error.field. */
int agf_text(agf *f, const char *name, const char *label, size_t max);
int agf_choice(agf *f, const char *name, const char *label);

/* Call once every field is added. */
void agf_ready(agf *f);

void agf_free(agf *f);

/* A key for the focused field: a choice's keys, else the form's. */
form_result agf_key(agf *f, const ui_key *k);

/* Draws the form from row y, h rows; the cursor on a text field. */
void agf_draw(agf *f, ui_app *app, int y, int x, int h, int w);

/* --- the screens ---------------------------------------------------------- */

/* What a form of the agenda's setup opens on (malloc'd; the screen takes
 * it): id 0 = a new one. resource_id: a new opening's resource. */
typedef struct admin_agenda_arg {
    int64_t id;
    int64_t resource_id;
} admin_agenda_arg;

/* A plage d'ouverture: its resource, repetition, days, hours, dates and
 * allowed motifs (admin_opening.c). */
extern const screen_ops screen_admin_opening;

#endif
