/* db_internal.h — what core modules (and only they) know of the database. */
#ifndef GUICHET_DB_INTERNAL_H
#define GUICHET_DB_INTERNAL_H

#include <sqlite3.h>
#include "guichet/db.h"

struct g_db {
    sqlite3 *sql;
    char *path;
    int in_tx; /* depth of db_begin nesting: inner begins are no-ops */
};

sqlite3 *db_sql(g_db *db);

/* Fills err from the connection's last error with a user-fit message:
 * "base occupée" for SQLITE_BUSY, "disque plein" for SQLITE_FULL, … and
 * returns the matching status. what says what was being done. */
g_status db_fail(g_db *db, g_error *err, const char *what);

/* Prepares sql or fails through db_fail. */
g_status db_prepare(g_db *db, const char *sql, sqlite3_stmt **st, g_error *err);

/* Steps a prepared statement that returns no rows (INSERT, UPDATE…),
 * finalizes it, and fails through db_fail(what) unless it ran to the end. */
g_status db_step_done(g_db *db, sqlite3_stmt *st, const char *what, g_error *err);

/* Runs one or more statements with no result rows. */
g_status db_exec(g_db *db, const char *sql, g_error *err);

/* Binds text that may be NULL (bound as NULL). */
int db_bind_text(sqlite3_stmt *st, int idx, const char *s);

/* Copies column text into buf (size bytes, always NUL-terminated, "" for NULL). */
void db_column_text(sqlite3_stmt *st, int col, char *buf, size_t size);

/* Runs the migrations above user_version inside one transaction. */
g_status migrate_run(g_db *db, g_error *err);

#endif
