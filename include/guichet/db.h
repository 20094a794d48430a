/* db.h — the guichet database file.
 *
 * The handle is opaque outside src/core/: screens and commands never see
 * SQLite. db_open refuses, and leaves untouched, a file that is not a guichet
 * database or was written by a newer guichet. */
#ifndef GUICHET_DB_H
#define GUICHET_DB_H

#include "guichet/error.h"

/* "GCHT": PRAGMA application_id of every guichet database. */
#define GUICHET_APPLICATION_ID 0x47434854

typedef struct g_db g_db;

enum {
    DB_OPEN_EXISTING = 0, /* the file must exist */
    DB_OPEN_CREATE = 1,   /* create it (and its schema) if missing */
};

/* Opens (or creates) the file at path, sets the pragmas (WAL, synchronous
 * FULL, foreign keys, busy timeout 5 s, trusted_schema off, secure_delete)
 * and brings the schema up to date. On failure *out is NULL. */
g_status db_open(const char *path, int flags, g_db **out, g_error *err);
void db_close(g_db *db);

/* The path given to db_open. */
const char *db_path(const g_db *db);

/* Schema version of the open file, and the newest this guichet knows. */
int db_schema_version(g_db *db);
int db_schema_latest(void);

/* A write transaction: BEGIN IMMEDIATE (waits up to busy_timeout for other
 * desks). Every user action is one db_begin … db_commit. */
g_status db_begin(g_db *db, g_error *err);
g_status db_commit(g_db *db, g_error *err);
void db_rollback(g_db *db);

/* `guichet check`: integrity_check, foreign_key_check and the journal's hash
 * chain. Appends a line per problem to report (size bytes, NUL-terminated)
 * and returns G_OK only when everything holds. */
g_status db_check(g_db *db, char *report, size_t size, g_error *err);

/* Copies the live database to dest with SQLite's online backup. */
g_status db_backup(g_db *db, const char *dest, g_error *err);

/* Site-wide settings stored in the database (table site). */
typedef struct g_site {
    char matricule[32];
    char name[128];
    char commune[8];
    char timezone[64];
} g_site;
g_status db_site_get(g_db *db, g_site *out, g_error *err);

#endif
