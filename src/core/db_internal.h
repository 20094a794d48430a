/* db_internal.h — what core modules (and only they) know of the database. */
#ifndef GUICHET_DB_INTERNAL_H
#define GUICHET_DB_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>
#include "guichet/db.h"

/* Bound of the prepared-statement cache: the hot paths use about a dozen
 * statements; beyond this the least recently used one is finalized. */
#define DB_STMT_CACHE_MAX 64

typedef struct db_cached_stmt {
    sqlite3_stmt *st; /* prepared once (SQLITE_PREPARE_PERSISTENT); NULL = free slot */
    uint32_t hash;    /* FNV-1a of the SQL text, checked before strcmp */
    uint64_t used;    /* tick of the last hand-out, for LRU eviction */
    int in_use;       /* handed out and not yet given back by db_stmt_done */
} db_cached_stmt;

struct g_db {
    sqlite3 *sql;
    char *path;
    int in_tx; /* depth of db_begin nesting: inner begins are no-ops */
    db_cached_stmt cache[DB_STMT_CACHE_MAX]; /* prepared statements kept for the hot paths */
    int n_cache;                             /* slots of cache[] in use (0..DB_STMT_CACHE_MAX) */
    uint64_t tick;                           /* LRU clock of the cache */
    int wal_bound;                           /* frames beyond which a commit checkpoints */
    int wal_frames;   /* frames in the -wal after this connection's last commit */
    int page_size;    /* bytes of a page (a -wal frame is 24 + page_size) */
    int cache_filled; /* db_cache_fill has filled the page cache once */
};

/* How long a connection waits for another desk's write (busy_timeout). */
#define DB_BUSY_MS 5000

/* The WAL's bound in bytes: beyond it, a commit runs a passive checkpoint
 * itself (see db_idle in guichet/db.h). */
#define DB_WAL_BOUND_BYTES (16 * 1024 * 1024)

/* The -wal grows by this much at a time, zeros written ahead of its frames
 * (db_vfs.c), and SQLite cuts it back to DB_WAL_BOUND_BYTES +
 * DB_WAL_EXTEND_BYTES when it restarts (journal_size_limit): past its first
 * cycle, a -wal that reached its bound is only overwritten. An idle desk
 * extends it to that size ahead of the saves (db_idle); without that, a
 * saved request writing about 60 KiB, one commit in seventy would pay for
 * an extension while the -wal grows past its largest size so far. */
#define DB_WAL_EXTEND_BYTES (4 * 1024 * 1024)

/* Below this many bytes of pages not yet copied, an idle desk leaves the
 * -wal alone: the checkpoint's own flush after each save would double the
 * cost of saving (see db_idle in guichet/db.h). */
#define DB_WAL_IDLE_BYTES (4 * 1024 * 1024)

/* Sets the WAL's bound in frames (tests; db_open sets DB_WAL_BOUND_BYTES). */
void db_wal_bound_set(g_db *db, int frames);

sqlite3 *db_sql(g_db *db);

/* The name of guichet's SQLite VFS (db_vfs.c: SQLite's own, with the -wal
 * file's writes gathered into one write before each flush), registered at
 * the first call; NULL when it cannot be (SQLite's default is then used). */
#define DB_VFS_NAME "guichet"
const char *db_vfs_name(void);

/* The size of a -wal file of this layer (the file SQLite's
 * SQLITE_FCNTL_JOURNAL_POINTER gives in WAL mode), or -1 when f is not one
 * or its size cannot be read. */
sqlite3_int64 db_vfs_wal_size(sqlite3_file *f);

/* Zeros from the -wal's end up to target bytes, then its flush: the file
 * kept ahead of its frames at an idle moment rather than in a commit
 * (db_idle). Only under the WAL's write lock (BEGIN IMMEDIATE), so that no
 * other desk appends meanwhile. Returns SQLITE_OK (also when the file is
 * already that long), SQLITE_NOTFOUND when f is not a -wal of this layer,
 * or the error of the write or the flush. A failed write cuts the file back
 * to its size before the call; after a failed flush the zeros stay (past
 * every frame, they are no frame anyone reads). */
int db_vfs_wal_ahead(sqlite3_file *f, sqlite3_int64 target);

/* Fills err from the connection's last error with a user-fit message:
 * "base occupée" for SQLITE_BUSY, "disque plein" for SQLITE_FULL, … and
 * returns the matching status. what says what was being done. */
g_status db_fail(g_db *db, g_error *err, const char *what);

/* Prepares sql or fails through db_fail. */
g_status db_prepare(g_db *db, const char *sql, sqlite3_stmt **st, g_error *err);

/* A statement for sql from the connection's cache: prepared once, then
 * handed out again reset with its bindings cleared. The caller binds and
 * steps it and MUST give it back with db_stmt_done (never finalize it).
 * Keyed by the SQL text (so a text built in a stack buffer is fine). When
 * the cached statement is already handed out (a nested caller while the
 * outer one still steps it), a fresh uncached statement is prepared instead;
 * db_stmt_done finalizes that one. Fails through db_fail (*st = NULL). */
g_status db_stmt(g_db *db, const char *sql, sqlite3_stmt **st, g_error *err);

/* Gives back a statement from db_stmt: resets it and clears its bindings
 * (so it holds no read snapshot), or finalizes it when it was not cached.
 * NULL is accepted. */
void db_stmt_done(g_db *db, sqlite3_stmt *st);

/* db_step_done for a statement from db_stmt: steps it once, gives it back
 * with db_stmt_done and fails through db_fail(what) unless it ran to the end. */
g_status db_stmt_step_done(g_db *db, sqlite3_stmt *st, const char *what, g_error *err);

/* Finalizes every cached statement (db_close does it). No statement from
 * db_stmt may be in use. */
void db_stmt_flush(g_db *db);

/* Steps a prepared statement that returns no rows (INSERT, UPDATE…),
 * finalizes it, and fails through db_fail(what) unless it ran to the end. */
g_status db_step_done(g_db *db, sqlite3_stmt *st, const char *what, g_error *err);

/* The end of a row loop, `while ((rc = sqlite3_step(st)) == SQLITE_ROW)`:
 * G_OK when rc is SQLITE_DONE (every row read) or SQLITE_ROW (the caller
 * stopped early on purpose), else db_fail(what). An error in the middle of
 * the rows is never "no more rows". The statement is left to the caller. */
g_status db_rows_end(g_db *db, int rc, const char *what, g_error *err);

/* Steps a statement that gives at most one row: G_OK with the row ready to
 * read, G_ERR_NOTFOUND when there is none (err untouched: the caller says
 * what is missing), else db_fail(what). The statement is left to the
 * caller. */
g_status db_step_row(g_db *db, sqlite3_stmt *st, const char *what, g_error *err);

/* The count sql gives (SELECT count(*) … with ?1 = text), from the
 * connection's statement cache: *out 0 on failure, db_fail(what). */
g_status db_count_text(g_db *db, const char *sql, const char *text, int *out, const char *what,
                       g_error *err);

/* Runs one or more statements with no result rows. */
g_status db_exec(g_db *db, const char *sql, g_error *err);

/* Sets the connection's page cache (PRAGMA cache_size: KiB when negative,
 * pages when positive) and gives in *was the value it had, to hand back
 * here afterwards. Returns 1 when set; 0 when the old value could not be
 * read (the cache is then left as it was) or the new one not set. */
int db_cache_size(g_db *db, int size, int *was);

/* The page cache: what the main base's may hold, in bytes of pages (PRAGMA
 * cache_size; 0 when it cannot be read), and the heap that the caches of
 * the connection's bases use now (SQLITE_DBSTATUS_CACHE_USED: each page
 * with its headers, so a little more than its bytes). */
int64_t db_cache_capacity(g_db *db);
int64_t db_cache_used(g_db *db);

/* Fills the page cache, once per connection, with the pages that the rows
 * of sql read: steps them until the cache uses 90 % of its capacity, the
 * rows end, or max_ms have passed (then the next call goes on: the cache
 * is not yet counted as filled). A cache grows one slot of new memory
 * per page read, and the first touch of that memory is a page fault: here,
 * at a moment the caller chose, instead of in the first reads that need
 * the room. Once full, the cache reuses its slots (and the heap keeps what
 * SQLite frees, malloc_keep_heap), even when another connection's write
 * empties it; so later calls do nothing. A failure while reading is
 * reported through db_fail(what). */
g_status db_cache_fill(g_db *db, const char *sql, int max_ms, const char *what, g_error *err);

/* Binds text that may be NULL (bound as NULL). */
int db_bind_text(sqlite3_stmt *st, int idx, const char *s);

/* Copies column text into buf (size bytes, always NUL-terminated, "" for NULL). */
void db_column_text(sqlite3_stmt *st, int col, char *buf, size_t size);

/* PRAGMA user_version into *version; fails through db_fail (never -1). */
g_status db_schema_read(g_db *db, int *version, g_error *err);

/* Runs the migrations above user_version inside one transaction. */
g_status migrate_run(g_db *db, g_error *err);

#endif
