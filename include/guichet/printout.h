/* printout.h — printed pages (day sheet, slips) as text: saved to a file
 * atomically, or sent to the printer command of the settings.
 *
 * Any printed page is built as UTF-8 text, at most 80 columns, lines ending
 * in "\n". The screens show it as a preview, then save or print it. */
#ifndef GUICHET_PRINTOUT_H
#define GUICHET_PRINTOUT_H

#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"
#include "guichet/strbuf.h"

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

/* The site's letterhead that heads every printed page (orientation slip,
 * appointment slip, day sheet), appended to b, each item wrapped at width
 * columns:
 *   its name (the database's site, else [site] name, else « France
 *   Services »);
 *   [site] address;
 *   « Tél. 03 86 27 00 00 » from [site] phone;
 *   « Horaires : du lundi au vendredi : 08:30–12:00, 13:30–17:00 ; … »
 *   from [site] hours in words (hours_describe).
 * cfg may be NULL (the name only). A site that cannot be read is an
 * error (G_ERR_DB), never the default name. */
g_status printout_letterhead(g_db *db, const g_config *cfg, int width, strbuf *b, g_error *err);

/* Pure ASCII for old printers ([print] ascii): Latin letters lose their
 * accents with their case kept (é → e, É → E, ç → c, ñ → n, ễ → e), ligatures
 * and ß are spelt out (œ → oe, Æ → AE, ß → ss), quotes become " and '
 * (« » “ ” → ", ’ → '), dashes - (– —), … three dots, non-breaking spaces
 * spaces, the middle dot ·, bullets and box drawing - | + (═ =), arrows
 * -> <- ^ v, € EUR; anything else (王芳, invalid bytes) becomes ?. Line
 * breaks and ASCII are kept. Returns a malloc'd string (free() it), NULL when
 * memory runs out. */
char *printout_ascii(const char *text);

/* The last step of every rendered page: with [print] ascii (cfg may be
 * NULL: nothing to do), *text is replaced by printout_ascii(*text) (the old
 * one freed). G_ERR_NOMEM (then *text is freed and NULL). */
g_status printout_finish(const g_config *cfg, char **text, g_error *err);

#endif
