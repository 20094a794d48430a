/* visitor_pick.h — the search-as-you-type visitor picker.
 *
 * Shared by the intake, agenda and orientation screens: one search box
 * (visitor_search in the core), results refreshed on every keystroke, Entrée
 * picks, Échap cancels, and (when allow_new) a key registers a new visitor
 * through the visitor form before picking them. Implemented in
 * visitor_pick.c. */
#ifndef GUICHET_UI_VISITOR_PICK_H
#define GUICHET_UI_VISITOR_PICK_H

#include <stdint.h>

#include "ui/app.h"

/* Called once when the picker closes: visitor_id > 0 is the chosen visitor,
 * 0 means cancelled. ctx is the caller's (still open) screen state. The
 * picker has already been popped; the returned reaction is applied next. */
typedef ui_reaction (*visitor_pick_done)(void *ctx, ui_app *app, int64_t visitor_id);

typedef struct visitor_pick_arg {
    const char *title;      /* shown above the box (not freed), NULL = default */
    int allow_new;          /* 1: offer « nouveau visiteur » */
    visitor_pick_done done; /* required */
    void *ctx;              /* handed back to done */
} visitor_pick_arg;

/* arg: a malloc'd visitor_pick_arg, freed by the picker. */
extern const screen_ops screen_visitor_pick;

#endif
