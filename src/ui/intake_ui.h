/* intake_ui.h — small pieces shared by the intake screens (visitor picker,
 * visitor form and file, arrival, request form): choice fields on top of
 * ui_field, short date and time display. Implemented in intake_ui.c. (A text
 * field typed past its length says so by itself: field.h.) */
#ifndef GUICHET_UI_INTAKE_UI_H
#define GUICHET_UI_INTAKE_UI_H

#include <stddef.h>
#include <stdint.h>

#include "guichet/ref.h"
#include "ui/app.h"
#include "ui/field.h"
#include "ui/form.h"

/* A choice among codes, shown in a ui_field as its label. Keys on the
 * focused field: ← → (or Espace) go through the options; letters pick the
 * first option whose label has a word starting with what was typed
 * ("pap" → « Papiers - Citoyenneté… »); Retour arrière forgets the typed
 * letters, Suppr goes back to the first option. */
typedef struct ui_choice {
    size_t n;            /* options */
    const char **codes;  /* malloc'd array of n codes ("" = none) (not owned strings) */
    const char **labels; /* malloc'd array of n translated labels (not owned strings) */
    size_t sel;          /* the option shown */
    char typed[64];      /* letters typed so far (type-ahead) */
} ui_choice;

/* From a NULL-terminated code array and its parallel N_() labels; with
 * none_label != NULL the first option is "" shown as none_label. 0 or -1. */
int choice_init_codes(ui_choice *c, const char *none_label, const char *const *codes,
                      const char *const *labels);
/* The national partners (short names). */
int choice_init_operators(ui_choice *c, const char *none_label);
/* A ref_code table (families, thématiques: labels shown as they are). */
int choice_init_ref(ui_choice *c, const char *none_label, const ref_code *table);
void choice_free(ui_choice *c);

/* The selected code ("" for none). */
const char *choice_code(const ui_choice *c);

/* Selects code (unknown: the first option) and shows it in f. */
void choice_set(ui_choice *c, ui_field *f, const char *code);

/* Applies a key to the choice shown in f; 1 when the key was the choice's. */
int choice_key(ui_choice *c, ui_field *f, const ui_key *k);

/* Pure: the option matching typed letters (accents and case ignored, word
 * prefix), starting at from; returns n when none. */
size_t choice_match(const ui_choice *c, const char *typed, size_t from);

/* --- a commune typed by its name (commune.h) ----------------------------- */

#define COMMUNE_FIELD_MAX 60 /* characters: a name with its département, or a code */

typedef struct ui_commune {
    char code[6];   /* the INSEE code the field stands for, "" = none */
    char hint[256]; /* the communes that start with what is typed, "" = none */
} ui_commune;

/* At open: the field shows the commune of code (« Clamecy (58) »), or the
 * code when the list does not have it. */
void commune_field_show(ui_app *app, ui_field *f, ui_commune *c, const char *code);

/* After the text changed: c->hint lists the communes that start with it
 * (« Clamecy (58) · Clamart (92) »), fitting width columns. */
void commune_field_suggest(ui_app *app, const ui_field *f, ui_commune *c, int width);

/* Leaving the field or saving: the text resolved (commune_resolve); the
 * field then shows « Name (dep) » and c->code the code. 0, or -1 with the
 * core's French message under the field. */
int commune_field_resolve(ui_app *app, ui_field *f, ui_commune *c);

/* The hint line while the commune field has the focus. */
const char *commune_field_hint(const ui_commune *c);

/* "12/03/2026" / "10:05" / "12/03" of an instant in the site's zone. */
void intake_date(int64_t t, char *buf, size_t size);
void intake_time(int64_t t, char *buf, size_t size);

#endif
