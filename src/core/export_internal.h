/* export_internal.h — the parts of the export that export.c shares with its
 * helpers (and tests). Not public. */
#ifndef GUICHET_EXPORT_INTERNAL_H
#define GUICHET_EXPORT_INTERNAL_H

#include <stdint.h>

#include "guichet/db.h"
#include "guichet/error.h"

/* The visitors of one export run: pseudonym and birth date of each visitor,
 * read and computed once (export_visitors.c). Fixed size (about 1 MiB)
 * whatever the number of visitors. */
typedef struct export_visitors export_visitors;

/* A new, empty cache for the site's pseudonym key. Free it with
 * export_visitors_free (which wipes the key). G_ERR_NOMEM. */
g_status export_visitors_new(const unsigned char key[32], export_visitors **out, g_error *err);
void export_visitors_free(export_visitors *c);

/* Call inside each read transaction of the run, after its first read: the
 * cache is emptied when another connection wrote to the database since it
 * was filled (a file merged or anonymised meanwhile). */
g_status export_visitors_snapshot(export_visitors *c, g_db *db, g_error *err);

/* Visitor id's pseudonym (*pseudo: 32 hex digits, or "" when the file or the
 * one it was merged into is anonymised) and birth date as stored (*birth:
 * NULL when the file is anonymised or missing). Both stay valid until the
 * next call. Errors are the database's (db_fail). */
g_status export_visitors_get(export_visitors *c, g_db *db, int64_t id, const char **pseudo,
                             const char **birth, g_error *err);

#endif
