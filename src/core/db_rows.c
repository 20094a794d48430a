/* db_rows.c — stepping through result rows without losing an error.
 *
 * A `while (sqlite3_step(st) == SQLITE_ROW)` loop stops on the last row and
 * on an error alike; read naively, a disk error, a busy database or an
 * interrupted query becomes "no (more) rows": a free slot, an unknown
 * visitor, an empty list. These two helpers make the end of a loop and a
 * single-row lookup say which it was (see db_internal.h). */
#include "db_internal.h"

g_status db_rows_end(g_db *db, int rc, const char *what, g_error *err)
{
    if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        return G_OK;
    return db_fail(db, err, what);
}

g_status db_step_row(g_db *db, sqlite3_stmt *st, const char *what, g_error *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return G_OK;
    if (rc == SQLITE_DONE)
        return G_ERR_NOTFOUND;
    return db_fail(db, err, what);
}

g_status db_count_text(g_db *db, const char *sql, const char *text, int *out, const char *what,
                       g_error *err)
{
    *out = 0;
    sqlite3_stmt *st;
    g_status s = db_stmt(db, sql, &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_text(st, 1, text ? text : "", -1, SQLITE_TRANSIENT);
    if ((s = db_step_row(db, st, what, err)) == G_OK)
        *out = sqlite3_column_int(st, 0);
    db_stmt_done(db, st);
    return s == G_ERR_NOTFOUND ? db_fail(db, err, what) : s;
}
