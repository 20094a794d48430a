/* ui.h — the interactive program (ncursesw). */
#ifndef GUICHET_UI_H
#define GUICHET_UI_H

#include "guichet/config.h"
#include "guichet/db.h"

/* Opens the base for ui_run: G_OK and *db, or the error, filled. *demo: set
 * to 1 when the base is the demonstration's. */
typedef g_status (*ui_open_fn)(void *ctx, g_db **db, int *demo, g_error *err);

/* ui_run's result when the base could not be opened (or its site read):
 * *open_err says why, for the caller to report (the terminal is restored). */
enum { UI_OPEN_FAILED = -1 };

/* Runs the screens until the user quits or a signal ends the session. The
 * login screen is drawn first, then open_base(open_ctx, …) opens the base (errors
 * db_open_check can tell should be told before, while the terminal is still
 * the shell's). demo: show the demo accounts on the login screen. Returns the
 * process exit status, or UI_OPEN_FAILED. *db is the base opened, or NULL,
 * for the caller to close. The terminal is restored on every path. */
int ui_run(const g_config *cfg, int demo, ui_open_fn open_base, void *open_ctx, g_db **db,
           g_error *open_err);

#endif
