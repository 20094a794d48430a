/* ui.h — the interactive program (ncursesw). */
#ifndef GUICHET_UI_H
#define GUICHET_UI_H

#include "guichet/config.h"
#include "guichet/db.h"

/* Runs the screens on an open database until the user quits or a signal ends
 * the session. demo: show the demo accounts on the login screen. Returns the
 * process exit status. The terminal is restored on every path. */
int ui_run(g_db *db, const g_config *cfg, int demo);

#endif
