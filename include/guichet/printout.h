/* printout.h — printed pages (day sheet, slips) as text: saved to a file
 * atomically, or sent to the printer command of the settings.
 *
 * Any printed page is built as UTF-8 text, at most 80 columns, lines ending
 * in "\n". The screens show it as a preview, then save or print it. */
#ifndef GUICHET_PRINTOUT_H
#define GUICHET_PRINTOUT_H

#include "guichet/error.h"

/* Writes text to path atomically: a temporary file in the same directory
 * (mode 0600), fsync, rename over path, fsync of the directory. A reader
 * never sees half a page; on failure path is left as it was and the
 * temporary file is removed. G_ERR_IO with the reason (disk full…). */
g_status printout_save(const char *path, const char *text, g_error *err);

/* Sends text to the standard input of command (the [print] command setting,
 * e.g. "lp -d accueil"), run by /bin/sh. An empty command is G_ERR_INVALID
 * (« aucune imprimante n'est configurée »); a command that cannot start or
 * exits with a non-zero status is G_ERR_IO naming the status: a print never
 * fails silently. */
g_status printout_print(const char *command, const char *text, g_error *err);

#endif
