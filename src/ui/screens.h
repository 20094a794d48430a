/* screens.h — every screen's ops, for the reactions that open them.
 *
 * A new screen is one file src/ui/<name>.c defining `const screen_ops
 * screen_<name>` plus one line here; to reach it from the home screen, put
 * &screen_<name> in the entry table of home.c. */
#ifndef GUICHET_UI_SCREENS_H
#define GUICHET_UI_SCREENS_H

#include "ui/app.h"

extern const screen_ops screen_login;  /* arg: NULL */
extern const screen_ops screen_home;   /* arg: NULL */
extern const screen_ops screen_help;   /* arg: NULL */
extern const screen_ops screen_lock;   /* arg: NULL; app->session must be locked */
extern const screen_ops screen_soon;   /* arg: const char *title (not freed) */
extern const screen_ops screen_agenda; /* arg: NULL; the agenda's day view (agenda.c) */

/* Orientation (directory.c, orient_*.c); the argument structs are in ui/orient.h */
extern const screen_ops screen_directory; /* arg: NULL, or malloc'd directory_arg (pick mode) */
extern const screen_ops
    screen_orient_new; /* arg: malloc'd orient_new_arg {visitor, visit, service} */
extern const screen_ops
    screen_orient_list; /* arg: NULL = to follow up, or malloc'd orient_list_arg */
extern const screen_ops
    screen_orient_visitor; /* arg: (void *)(intptr_t)visitor_id: their orientations */
/* « 2 ouvertes · 1 validée » for the visitor's file (orient_list.c) */
void orient_visitor_summary(ui_app *app, int64_t visitor_id, char *buf, size_t size);

/* Intake (home.c, intake_arrival.c; the visitor and request screens have
 * their own headers: visitor_pick.h, visitor_form.h, request_form.h) */
extern const screen_ops screen_intake_arrival; /* arg: NULL: who arrives (known, new, anonymous) */
extern const screen_ops screen_intake_quick; /* arg: NULL: quick information, one key per partner */

/* Confidential notes (notes*.c; sub-screens in ui/notes.h) */
extern const screen_ops
    screen_notes; /* arg: (void *)(intptr_t) visitor id, or NULL: the visitor picker first */

/* Administration and Statistiques (admin*.c, stats_screen.c; sub-screens in ui/admin.h) */
extern const screen_ops
    screen_admin; /* arg: NULL; the menu (accounts, password, team key, export, journal) */
extern const screen_ops screen_stats; /* arg: NULL; counts over today, week, month, a period */

#endif
