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


#endif
