/* screens.h — every screen's ops, for the reactions that open them.
 *
 * A new screen is one file src/ui/<name>.c defining `const screen_ops
 * screen_<name>` plus one line here; to reach it from the home screen, put
 * &screen_<name> in the entry table of home.c. */
#ifndef GUICHET_UI_SCREENS_H
#define GUICHET_UI_SCREENS_H

#include "ui/app.h"

extern const screen_ops screen_login; /* arg: NULL */
extern const screen_ops screen_home;  /* arg: NULL */
extern const screen_ops screen_help;  /* arg: NULL */
extern const screen_ops screen_lock;  /* arg: NULL; app->session must be locked */
extern const screen_ops screen_soon;  /* arg: const char *title (not freed) */
extern const screen_ops screen_agenda; /* arg: NULL; the agenda's day view (agenda.c) */

/* Orientation (directory.c, orient_*.c); the argument structs are in ui/orient.h */
extern const screen_ops screen_directory;   /* arg: NULL, or malloc'd directory_arg (pick mode) */
extern const screen_ops screen_orient_new;  /* arg: malloc'd orient_new_arg {visitor, visit, service} */
extern const screen_ops screen_orient_list; /* arg: NULL = to follow up, or malloc'd orient_list_arg */

#endif
