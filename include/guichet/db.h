/* db.h — the guichet database file.
 *
 * The handle is opaque outside src/core/: screens and commands never see
 * SQLite. db_open refuses, and leaves untouched, a file that is not a guichet
 * database or was written by a newer guichet. */
#ifndef GUICHET_DB_H
#define GUICHET_DB_H

#include <stdint.h>

#include "guichet/error.h"

/* "GCHT": PRAGMA application_id of every guichet database. */
#define GUICHET_APPLICATION_ID 0x47434854

typedef struct g_db g_db;

enum {
    DB_OPEN_EXISTING = 0, /* the file must exist */
    DB_OPEN_CREATE = 1,   /* create it (and its schema) if missing */
    /* open even though the -wal file disappeared with saves in it
     * (db_wal_inspect): the loss is journaled ("wal-lost") and the base goes
     * on from what its file holds. Refused while another process has the
     * base open. `guichet check --accepter-perte` only. */
    DB_OPEN_ACCEPT_WAL_LOSS = 2,
    /* read-only view of the base file alone, as it is on disk: no -wal, no
     * -shm touched, no pragma, no migration (SQLite's immutable=1). For
     * `guichet check` of a base whose -wal file is lost. */
    DB_OPEN_SNAPSHOT = 4,
};

/* A -wal file gone with acknowledged saves in it. */
enum { DB_WAL_OK = 0, DB_WAL_GONE, DB_WAL_CUT, DB_WAL_REPLACED };
typedef struct db_wal_state {
    int lost;        /* DB_WAL_OK, or how the -wal file lost its saves */
    int live;        /* another process has the base open right now */
    unsigned frames; /* pages written to the -wal since the last checkpoint… */
    unsigned copied; /* …of which already copied into the base file */
} db_wal_state;

/* Reads the -shm index of the base at path, without SQLite (which would
 * reset it), to see whether saves acknowledged in the -wal file are missing
 * from it: -wal deleted, cut short or replaced. db_open refuses such a base
 * (G_ERR_DB) unless DB_OPEN_ACCEPT_WAL_LOSS; `guichet check` reports it.
 * G_ERR_IO only when a file that exists cannot be read. */
g_status db_wal_inspect(const char *path, db_wal_state *out, g_error *err);

/* The French sentence (no final period) saying what was lost, into buf. */
const char *db_wal_loss_text(const db_wal_state *w, const char *path, char *buf, size_t size);

/* Opens (or creates) the file at path, sets the pragmas (WAL, synchronous
 * FULL, foreign keys, busy timeout 5 s, trusted_schema off, secure_delete)
 * and brings the schema up to date. On failure *out is NULL. */
g_status db_open(const char *path, int flags, g_db **out, g_error *err);
void db_close(g_db *db);

/* The checks db_open makes before SQLite touches the file (missing, folder,
 * empty or foreign file, newer schema, -wal lost), alone, with the same
 * messages: the screens say these before taking the terminal, and open the
 * base itself once the login screen is drawn (ui.h). */
g_status db_open_check(const char *path, int flags, g_error *err);

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

/* Checkpoints (copying the -wal's pages into the base file, with an fsync)
 * are kept off the interactive path: SQLite's automatic checkpoint at
 * commit is off on every guichet connection. Instead a passive checkpoint
 * (it never waits for, nor blocks, other desks) runs:
 *  - when a desk is idle (the screens call db_idle after a few seconds
 *    without a key) and the -wal holds at least DB_WAL_IDLE_BYTES (4 MiB)
 *    of pages not yet copied: a few saves are not each followed by the
 *    checkpoint's own flush;
 *  - when a command closes the base (db_close), the export included;
 *  - at commit only when the -wal has grown past DB_WAL_BOUND_BYTES (16 MiB;
 *    a desk left typing for hours while others save): the bound of the file.
 * The -wal file is cut back to 20 MiB when it restarts (journal_size_limit;
 * a transaction bigger than that, an import, grows it past until then; a
 * TRUNCATE checkpoint, after a note is deleted or an RGPD erasure, empties
 * it). An idle desk extends the -wal to those 20 MiB, zeros ahead of its
 * frames, so that no save pays for an extension (db.c, db_vfs.c): best
 * effort, one step per write lock taken without waiting, and left for a
 * later idle moment while another desk holds that lock.
 * db_idle returns a db error only for an I/O failure of the checkpoint; a
 * busy base is not one (the next idle moment does it). */
g_status db_idle(g_db *db, g_error *err);

/* A passive checkpoint now, whatever the -wal holds (db_close; tests). */
g_status db_checkpoint(g_db *db, g_error *err);

/* `guichet check`: integrity_check, foreign_key_check and the journal's hash
 * chain. Appends a line per problem to report (size bytes, NUL-terminated)
 * and returns G_OK only when everything holds. */
g_status db_check(g_db *db, char *report, size_t size, g_error *err);

/* What a backup wrote (db_backup). */
typedef struct db_backup_info {
    int64_t bytes;         /* size of the copy */
    char sha256[65];       /* SHA-256 of the copy, hex */
    int64_t journal_id;    /* the copy's journal head: its last entry… */
    char journal_hash[65]; /* …and that entry's chained hash */
    char manifest[300];    /* name of the manifest written beside the copy */
} db_backup_info;

/* The backup's manifest is dest + this suffix (CSV: fichier, octets, sha256,
 * journal_tete, journal_sha256). */
#define DB_BACKUP_MANIFEST_SUFFIX ".manifeste.csv"

/* `guichet backup`: a consistent copy of the live database at dest, which
 * must not exist (G_ERR_EXISTS: a backup never replaces a file).
 * The order, and why:
 *  1. the backup is journaled first ("backup", by user_id, 0 = command
 *     line), in its own transaction: no copy of everything ever exists
 *     without its journal entry, a busy or full base stops the backup before
 *     any copying, and the copy holds its own entry;
 *  2. SQLite's online backup writes a hidden temporary file in dest's folder
 *     (desks keep working), which is fsync'd and read back (SHA-256);
 *  3. it is renamed to dest (never replacing a file) and the folder fsync'd;
 *  4. dest + DB_BACKUP_MANIFEST_SUFFIX records its size, SHA-256 and journal
 *     head (written the same way: temporary file, fsync, rename).
 * A run killed at any point leaves either no dest or a complete one; its
 * temporary file is removed by the next backup into that folder. On
 * failure after step 1 the temporary file is removed and a "backup-failed"
 * entry names the cause; err names it too (disk full, permission…). */
g_status db_backup(g_db *db, const char *dest, int64_t user_id, db_backup_info *info, g_error *err);

/* Site-wide settings stored in the database (table site). */
typedef struct g_site {
    char matricule[32];
    char name[128];
    char commune[8];
    char timezone[64];
} g_site;
g_status db_site_get(g_db *db, g_site *out, g_error *err);

#endif
