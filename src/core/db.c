/* db.c — opening the guichet file safely, transactions, check, backup. */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/sync.h"
#include "guichet/fsutil.h"
#include "guichet/i18n.h"
#include "migrate_table.h"

sqlite3 *db_sql(g_db *db)
{
    return db->sql;
}

const char *db_path(const g_db *db)
{
    return db->path;
}

/* The operating system's reason behind the last SQLite error ("Aucun espace
 * disponible sur le périphérique", "Système de fichiers accessible en lecture
 * seulement"…), or SQLite's own words when it gave no errno. */
static const char *os_reason(g_db *db)
{
    int e = sqlite3_system_errno(db->sql);
    return e ? strerror(e) : sqlite3_errmsg(db->sql);
}

/* Why SQLite could not create or write a file beside the database: the
 * folder itself is asked (SQLite's last errno is often that of its read-only
 * fallback, ENOENT, not the cause). */
static const char *folder_reason(g_db *db)
{
    char dir[PATH_MAX];
    fs_dirname(db->path, dir, sizeof dir);
    struct statvfs vfs;
    if (statvfs(dir, &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
        return strerror(EROFS);
    if (access(dir, W_OK | X_OK) != 0 || access(db->path, W_OK) != 0)
        return strerror(errno);
    return os_reason(db);
}

g_status db_fail(g_db *db, g_error *err, const char *what)
{
    int ext = sqlite3_extended_errcode(db->sql);
    int rc = ext & 0xff;
    int os = sqlite3_system_errno(db->sql);
    const char *detail = sqlite3_errmsg(db->sql);
    /* a full disk shows as SQLITE_FULL when writing pages, but as an I/O
     * error (IOERR_WRITE, IOERR_SHMSIZE…) when SQLite grows the -shm or
     * -wal file: name it the same way */
    if ((rc == SQLITE_IOERR || rc == SQLITE_CANTOPEN) && (os == ENOSPC || os == EDQUOT))
        rc = SQLITE_FULL;
    if ((rc == SQLITE_IOERR || rc == SQLITE_CANTOPEN) && os == EROFS)
        rc = SQLITE_READONLY;
    switch (rc) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return g_err(err, G_ERR_BUSY,
                     _("La base de données est occupée par un autre poste (%s) ; rien n'a été "
                       "perdu, réessayez dans un instant."),
                     what);
    case SQLITE_FULL:
        return g_err(err, G_ERR_IO,
                     _("Le disque est plein (%s) : l'action n'a pas été enregistrée, les données "
                       "déjà enregistrées sont intactes. Libérez de la place sur le disque de « %s "
                       "»."),
                     what, db->path);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
        return g_err(err, G_ERR_IO,
                     _("Impossible d'écrire dans la base de données ou dans son dossier (%s) : "
                       "%s. Vérifiez les droits du dossier de « %s » (guichet y crée les fichiers "
                       "-wal et -shm)."),
                     what, folder_reason(db), db->path);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return g_err(err, G_ERR_DB,
                     _("La base de données est endommagée (%s). Lancez « guichet check » et "
                       "prévenez le responsable."),
                     what);
    case SQLITE_IOERR:
        return g_err(err, G_ERR_IO, _("Erreur d'entrée-sortie sur la base de données (%s) : %s."),
                     what, os_reason(db));
    case SQLITE_CONSTRAINT:
        return g_err(err, G_ERR_CONFLICT, _("Enregistrement refusé (%s) : %s."), what, detail);
    case SQLITE_NOMEM:
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante (%s)."), what);
    default:
        return g_err(err, G_ERR_DB, _("Erreur de base de données (%s) : %s."), what, detail);
    }
}

g_status db_prepare(g_db *db, const char *sql, sqlite3_stmt **st, g_error *err)
{
    if (sqlite3_prepare_v2(db->sql, sql, -1, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return db_fail(db, err, _("préparation d'une requête"));
    }
    return G_OK;
}

/* ---- prepared-statement cache ------------------------------------------ */

static uint32_t sql_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

g_status db_stmt(g_db *db, const char *sql, sqlite3_stmt **st, g_error *err)
{
    *st = NULL;
    uint32_t h = sql_hash(sql);
    int shared = 0; /* the cached one is handed out already: prepare another */
    for (int i = 0; i < db->n_cache; i++) {
        db_cached_stmt *e = &db->cache[i];
        if (e->hash != h || strcmp(sqlite3_sql(e->st), sql) != 0)
            continue;
        if (e->in_use || sqlite3_stmt_busy(e->st)) {
            shared = 1;
            break;
        }
        e->in_use = 1;
        e->used = ++db->tick;
        *st = e->st;
        return G_OK;
    }
    if (shared)
        return db_prepare(db, sql, st, err);

    int slot = db->n_cache;
    if (slot == DB_STMT_CACHE_MAX) {
        slot = -1; /* evict the least recently used statement not handed out */
        for (int i = 0; i < db->n_cache; i++)
            if (!db->cache[i].in_use && (slot < 0 || db->cache[i].used < db->cache[slot].used))
                slot = i;
        if (slot < 0)
            return db_prepare(db, sql, st, err);
    }
    sqlite3_stmt *fresh;
    if (sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &fresh, NULL) !=
        SQLITE_OK) {
        sqlite3_finalize(fresh);
        return db_fail(db, err, _("préparation d'une requête"));
    }
    db_cached_stmt *e = &db->cache[slot];
    if (slot == db->n_cache)
        db->n_cache++;
    else
        sqlite3_finalize(e->st);
    e->st = fresh;
    e->hash = h;
    e->used = ++db->tick;
    e->in_use = 1;
    *st = fresh;
    return G_OK;
}

void db_stmt_done(g_db *db, sqlite3_stmt *st)
{
    if (!st)
        return;
    for (int i = 0; i < db->n_cache; i++)
        if (db->cache[i].st == st) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            db->cache[i].in_use = 0;
            return;
        }
    sqlite3_finalize(st);
}

g_status db_stmt_step_done(g_db *db, sqlite3_stmt *st, const char *what, g_error *err)
{
    g_status s = sqlite3_step(st) == SQLITE_DONE ? G_OK : db_fail(db, err, what);
    db_stmt_done(db, st);
    return s;
}

void db_stmt_flush(g_db *db)
{
    for (int i = 0; i < db->n_cache; i++)
        sqlite3_finalize(db->cache[i].st);
    memset(db->cache, 0, sizeof db->cache);
    db->n_cache = 0;
}

g_status db_exec(g_db *db, const char *sql, g_error *err)
{
    if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(db, err, _("exécution d'une requête"));
    return G_OK;
}

g_status db_step_done(g_db *db, sqlite3_stmt *st, const char *what, g_error *err)
{
    g_status s = sqlite3_step(st) == SQLITE_DONE ? G_OK : db_fail(db, err, what);
    sqlite3_finalize(st);
    return s;
}

int db_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
    if (!s)
        return sqlite3_bind_null(st, idx);
    return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

void db_column_text(sqlite3_stmt *st, int col, char *buf, size_t size)
{
    /* on every row of every list (a search keystroke copies ~150 cells):
     * a copy, not snprintf's format machinery */
    if (size == 0)
        return;
    const unsigned char *t = sqlite3_column_text(st, col);
    size_t n = t ? (size_t)sqlite3_column_bytes(st, col) : 0;
    if (n >= size)
        n = size - 1;
    if (n)
        memcpy(buf, t, n);
    buf[n] = 0;
}

int db_schema_latest(void)
{
    return migrations_count ? migrations[migrations_count - 1].version : 0;
}

/* Reads a one-integer pragma; a failure (disk full, unreadable folder, busy,
 * damaged file) is reported as what it is, never as a value. */
static g_status pragma_get(g_db *db, const char *sql, int *out, g_error *err)
{
    sqlite3_stmt *st;
    *out = -1;
    g_status s = db_prepare(db, sql, &st, err);
    if (s != G_OK)
        return s;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    else
        s = db_fail(db, err, _("lecture de l'en-tête de la base"));
    sqlite3_finalize(st);
    return s;
}

int db_cache_size(g_db *db, int size, int *was)
{
    if (pragma_get(db, "PRAGMA cache_size", was, NULL) != G_OK)
        return 0;
    char sql[48];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", size);
    return sqlite3_exec(db_sql(db), sql, NULL, NULL, NULL) == SQLITE_OK;
}

int64_t db_cache_capacity(g_db *db)
{
    int size;
    if (pragma_get(db, "PRAGMA cache_size", &size, NULL) != G_OK)
        return 0;
    return size < 0 ? -(int64_t)size * 1024 : (int64_t)size * db->page_size;
}

int64_t db_cache_used(g_db *db)
{
    int used = 0, high = 0;
    sqlite3_db_status(db_sql(db), SQLITE_DBSTATUS_CACHE_USED, &used, &high, 0);
    return used;
}

g_status db_cache_fill(g_db *db, const char *sql, int max_ms, const char *what, g_error *err)
{
    if (db->cache_filled)
        return G_OK; /* every later opening of a search screen: no pragma read */
    int64_t room = db_cache_capacity(db) * 9 / 10, until = clock_monotonic_ms() + max_ms;
    if (room <= 0)
        return G_OK;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, sql, &st, err);
    if (s != G_OK)
        return s;
    int rc, n = 0, full = 0, late = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (++n % 64 == 0 &&
            ((full = db_cache_used(db) >= room) || (late = clock_monotonic_ms() >= until)))
            break;
    s = db_rows_end(db, rc, what, err);
    sqlite3_finalize(st);
    /* full, or every row read; stopped by the time, the next call goes on
     * (the pages read so far are in the cache: it gets further) */
    if (s == G_OK && (full || !late))
        db->cache_filled = 1;
    return s;
}

g_status db_schema_read(g_db *db, int *version, g_error *err)
{
    return pragma_get(db, "PRAGMA user_version", version, err);
}

int db_schema_version(g_db *db)
{
    int v;
    return db_schema_read(db, &v, NULL) == G_OK ? v : -1;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Looks at the 100-byte SQLite header without SQLite, so that a foreign file
 * is refused before anything (a -wal, a -shm, a journal) is created beside
 * it. Returns G_OK for an empty or guichet file; *empty tells which. */
static g_status inspect_header(const char *path, int *empty, g_error *err)
{
    *empty = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return g_err(err, G_ERR_IO, _("Impossible d'ouvrir « %s » : %s."), path, strerror(errno));
    unsigned char h[100];
    ssize_t n = read(fd, h, sizeof h);
    close(fd);
    /* A live guichet file whose pages still sit in its WAL (another desk has
     * it open, or a crash came before the checkpoint) can look empty or show
     * no id in the main file: let SQLite, which reads the WAL, decide. */
    char wal[PATH_MAX];
    struct stat wst;
    snprintf(wal, sizeof wal, "%s-wal", path);
    int live_wal = stat(wal, &wst) == 0 && wst.st_size > 0;
    if (n == 0) {
        *empty = !live_wal;
        return G_OK;
    }
    if (n < (ssize_t)sizeof h || memcmp(h, "SQLite format 3", 16) != 0)
        return g_err(err, G_ERR_FOREIGN,
                     _("« %s » n'est pas une base de données guichet (ce n'est pas un fichier "
                       "SQLite). Le fichier n'a pas été modifié."),
                     path);
    uint32_t appid = be32(h + 68);
    if (appid == 0 && live_wal)
        return G_OK;
    if (appid != GUICHET_APPLICATION_ID)
        return g_err(err, G_ERR_FOREIGN,
                     _("« %s » est une base SQLite d'un autre logiciel, pas une base guichet. Le "
                       "fichier n'a pas été modifié."),
                     path);
    int version = (int)be32(h + 60);
    if (version > db_schema_latest())
        return g_err(err, G_ERR_NEWER,
                     _("« %s » a été écrite par une version plus récente de guichet (schéma %d, "
                       "cette version connaît le schéma %d). Mettez guichet à jour ; le fichier "
                       "n'a pas été modifié."),
                     path, version, db_schema_latest());
    return G_OK;
}

/* After every commit (SQLite's WAL hook, the write lock already released):
 * a checkpoint only when the -wal has passed its bound (see db_idle). */
static int wal_bound_hook(void *arg, sqlite3 *sql, const char *name, int frames)
{
    g_db *db = arg;
    db->wal_frames = frames;
    if (frames >= db->wal_bound) {
        int log = 0, copied = 0;
        if (sqlite3_wal_checkpoint_v2(sql, name, SQLITE_CHECKPOINT_PASSIVE, &log, &copied) ==
                SQLITE_OK &&
            copied >= log)
            db->wal_frames = 0;
    }
    return SQLITE_OK;
}

void db_wal_bound_set(g_db *db, int frames)
{
    db->wal_bound = frames > 0 ? frames : 1;
}

/* The -wal extended to its whole size (its bound and one extension: what
 * journal_size_limit keeps) at an idle moment, so that no save pays for an
 * extension (db_vfs.c): 4 MiB of zeros written and flushed inside a commit
 * made that save 5 to 9 ms instead of 0.4 (docs/performance.md). One
 * extension per write lock, taken without waiting: a desk saving now makes
 * this wait for the next idle moment, and a desk that starts saving during
 * it waits for one step at most. For at most DB_WAL_AHEAD_MS (an old disk
 * gets there over a few idle moments). Best effort, as the commit's own
 * extension: a failed write cuts that step back, and the saves extend the
 * file as before. */
#define DB_WAL_AHEAD_MS 50

/* One step, zeros up to target, under the write lock; 0 when not now. */
static int wal_ahead_step(g_db *db, sqlite3_file *f, sqlite3_int64 target)
{
    int busy = DB_BUSY_MS;
    pragma_get(db, "PRAGMA busy_timeout", &busy, NULL);
    sqlite3_busy_timeout(db->sql, 0);
    int rc = sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    sqlite3_busy_timeout(db->sql, busy >= 0 ? busy : DB_BUSY_MS);
    if (rc != SQLITE_OK) {
        if (!sqlite3_get_autocommit(db->sql)) /* no transaction left open, whatever the failure */
            sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
        return 0;
    }
    /* a base SQLite opened read-only takes BEGIN IMMEDIATE as a read: the
     * write lock is not held then, and nothing is written */
    int done = sqlite3_txn_state(db->sql, "main") == SQLITE_TXN_WRITE &&
               db_vfs_wal_ahead(f, target) == SQLITE_OK;
    /* nothing was written in the transaction: its end writes nothing; were
     * it to fail, the lock would still be held by this desk */
    if (sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK &&
        !sqlite3_get_autocommit(db->sql))
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
    return done;
}

static void wal_ahead(g_db *db)
{
    const sqlite3_int64 whole = DB_WAL_BOUND_BYTES + DB_WAL_EXTEND_BYTES;
    sqlite3_file *f = NULL;
    if (sqlite3_db_readonly(db->sql, "main") != 0 ||
        sqlite3_file_control(db->sql, "main", SQLITE_FCNTL_JOURNAL_POINTER, &f) != SQLITE_OK)
        return;
    int64_t until = clock_monotonic_ms() + DB_WAL_AHEAD_MS;
    sqlite3_int64 size;
    /* not a -wal of guichet's layer (-1), or already whole: no lock taken */
    while ((size = db_vfs_wal_size(f)) >= 0 && size < whole && clock_monotonic_ms() < until) {
        sqlite3_int64 next = (size / DB_WAL_EXTEND_BYTES + 1) * DB_WAL_EXTEND_BYTES;
        if (!wal_ahead_step(db, f, next < whole ? next : whole))
            break;
    }
}

g_status db_idle(g_db *db, g_error *err)
{
    if (!db || db->in_tx > 0)
        return G_OK;
    wal_ahead(db);
    /* a few saves' pages stay in the -wal: copying them now would follow
     * each save with a second flush; past DB_WAL_IDLE_BYTES they are copied */
    if ((sqlite3_int64)db->wal_frames * (24 + db->page_size) < DB_WAL_IDLE_BYTES)
        return G_OK;
    return db_checkpoint(db, err);
}

g_status db_checkpoint(g_db *db, g_error *err)
{
    if (!db || db->in_tx > 0)
        return G_OK;
    int log = 0, copied = 0;
    int rc = sqlite3_wal_checkpoint_v2(db->sql, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
    if (rc == SQLITE_OK && copied >= log)
        db->wal_frames = 0;
    if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return G_OK;
    return db_fail(db, err, _("recopie du fichier -wal dans la base"));
}

static g_status set_pragmas(g_db *db, g_error *err)
{
    sqlite3_busy_timeout(db->sql, DB_BUSY_MS);
    static const char *const pragmas[] = {
        "PRAGMA foreign_keys = ON",
        "PRAGMA trusted_schema = OFF",
        "PRAGMA secure_delete = ON",
        "PRAGMA synchronous = FULL",
        /* the -wal cut back when it restarts, to its bound and one extension
         * (db_internal.h): 20 MiB */
        "PRAGMA journal_size_limit = 20971520",
    };
    _Static_assert(20971520 == DB_WAL_BOUND_BYTES + DB_WAL_EXTEND_BYTES,
                   "journal_size_limit is the -wal's bound and one extension");
    for (size_t i = 0; i < sizeof pragmas / sizeof *pragmas; i++)
        if (db_exec(db, pragmas[i], err) != G_OK)
            return err ? err->code : G_ERR_DB;
    sqlite3_stmt *st;
    if (db_prepare(db, "PRAGMA journal_mode = WAL", &st, err) != G_OK)
        return err ? err->code : G_ERR_DB;
    int rc = sqlite3_step(st);
    int wal = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return db_fail(db, err, _("passage en mode WAL"));
    if (!wal)
        return g_err(err, G_ERR_IO,
                     _("Le mode WAL est impossible sur « %s » (système de fichiers réseau ?). "
                       "Placez la base sur un disque local."),
                     db->path);
    /* every commit flushes the -wal: a saved request survives a power cut,
     * and the -wal's gathered writes (db_vfs.c) reach the file at that flush */
    int sync = 0;
    if (pragma_get(db, "PRAGMA synchronous", &sync, err) != G_OK)
        return err ? err->code : G_ERR_DB;
    if (sync < 2)
        return g_err(err, G_ERR_DB, _("Erreur de base de données (%s) : %s."), "PRAGMA synchronous",
                     "FULL");
    /* no checkpoint inside a desk's commit: idle, close, or past the bound */
    sqlite3_wal_autocheckpoint(db->sql, 0);
    int page = 4096;
    pragma_get(db, "PRAGMA page_size", &page, NULL);
    db->page_size = page > 0 ? page : 4096;
    db_wal_bound_set(db, DB_WAL_BOUND_BYTES / db->page_size);
    sqlite3_wal_hook(db->sql, wal_bound_hook, db);
    return G_OK;
}

/* "file:" URI of path, read-only and immutable (percent-encoding what a URI
 * path cannot hold as it is). */
static void snapshot_uri(const char *path, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p && n + 4 < size; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7f)
            n += (size_t)snprintf(buf + n, size - n, "%%%02X", *p);
        else
            buf[n++] = (char)*p;
    }
    snprintf(buf + n, size - n, "?mode=ro&immutable=1");
}

/* The -wal file's loss, accepted by the manager, goes into the journal: what
 * was lost stays on record after SQLite has reset its index. */
static g_status journal_wal_loss(g_db *db, const db_wal_state *w, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "SELECT COALESCE(max(id), 0) FROM audit", &st, err);
    if (s != G_OK)
        return s;
    int64_t last = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        last = sqlite3_column_int64(st, 0);
    else
        s = db_fail(db, err, _("lecture du journal"));
    sqlite3_finalize(st);
    if (s != G_OK)
        return s;
    char detail[256];
    snprintf(detail, sizeof detail,
             "fichier -wal %s : %u pages validées perdues ; le journal reprend après l'entrée "
             "%lld",
             w->lost == DB_WAL_GONE  ? "disparu"
             : w->lost == DB_WAL_CUT ? "tronqué"
                                     : "remplacé",
             w->frames - w->copied, (long long)last);
    return audit_log(db, 0, "wal-lost", "", detail, err);
}

/* Every write transaction makes SQLite allocate, then free at its end,
 * some 90 KiB (sqlite3BtreeBeginTrans). glibc gives the top of its heap
 * back to the system once more than 128 KiB of it is free (M_TRIM_THRESHOLD)
 * and takes it again at the next save: about 1.2 ms of page faults per
 * saved request, ten times SQLite's own work (perf: exc_page_fault in
 * libsqlite3; 1,395 → 103 µs per save on tmpfs, bench_core save). The heap
 * keeps up to 8 MiB free instead; allocations of 128 KiB or more still
 * have their own mapping, given back at once (Argon2id's 64 MiB). */
static void malloc_keep_heap(void)
{
#ifdef M_TRIM_THRESHOLD
    static int done;
    if (!done) {
        mallopt(M_MMAP_THRESHOLD, 128 * 1024);
        mallopt(M_TRIM_THRESHOLD, 8 * 1024 * 1024);
        done = 1;
    }
#endif
}

/* SQLite counts every allocation it makes (sqlite3_memory_used, the soft
 * heap limit) under a global mutex. guichet reads neither the count nor sets
 * a limit. The locking cost 1.65 M of the 10.8 M instructions of reading the
 * schema at each open, and some 37,000 of a saved request's ~350,000
 * (callgrind, docs/performance.md). Only possible before SQLite initialises
 * itself, at the first db_open; later calls change nothing. */
static void sqlite_no_memstatus(void)
{
    static int done;
    if (!done) {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        done = 1;
    }
}

/* What can be told of the file at path before SQLite touches it (nothing is
 * created or changed): a missing file, a folder, an empty or foreign file, a
 * newer schema, a -wal lost with saves in it. *exists, *empty and *wal say
 * what was seen, for db_open. */
static g_status check_file(const char *path, int flags, int *exists, int *empty, db_wal_state *wal,
                           g_error *err)
{
    if (!path || !*path)
        return g_err(err, G_ERR_INVALID, _("Aucun chemin de base de données n'est indiqué."));
    struct stat stt;
    *exists = stat(path, &stt) == 0;
    *empty = 0;
    if (!*exists && !(flags & DB_OPEN_CREATE))
        return g_err(err, G_ERR_NOTFOUND,
                     _("La base de données « %s » n'existe pas. Créez-la avec « guichet init »."),
                     path);
    if (*exists) {
        if (S_ISDIR(stt.st_mode))
            return g_err(err, G_ERR_INVALID, _("« %s » est un dossier, pas une base de données."),
                         path);
        g_status s = inspect_header(path, empty, err);
        if (s != G_OK)
            return s;
        if (*empty && !(flags & DB_OPEN_CREATE))
            return g_err(err, G_ERR_FOREIGN, _("« %s » est un fichier vide, pas une base guichet."),
                         path);
    }
    if (*exists && !(flags & DB_OPEN_SNAPSHOT)) {
        g_status s = db_wal_inspect(path, wal, err);
        if (s != G_OK)
            return s;
        if (wal->lost) {
            char lost[PATH_MAX + 256];
            db_wal_loss_text(wal, path, lost, sizeof lost);
            if (!(flags & DB_OPEN_ACCEPT_WAL_LOSS))
                return g_err(err, G_ERR_DB,
                             _("%s : ouvrir la base les effacerait pour de bon. Remettez ce "
                               "fichier en place s'il existe encore (corbeille, copie) ; sinon "
                               "« guichet check » dit ce qui est perdu, et « guichet check "
                               "--accepter-perte » repart de la base telle qu'elle est en "
                               "inscrivant la perte au journal. Le fichier n'a pas été modifié."),
                             lost);
            if (wal->live)
                return g_err(err, G_ERR_BUSY,
                             _("%s, et un autre poste a encore la base ouverte : fermez guichet "
                               "sur tous les postes avant d'accepter la perte."),
                             lost);
        }
    }
    return G_OK;
}

g_status db_open_check(const char *path, int flags, g_error *err)
{
    int exists, empty;
    db_wal_state wal = {0};
    return check_file(path, flags, &exists, &empty, &wal, err);
}

g_status db_open(const char *path, int flags, g_db **out, g_error *err)
{
    *out = NULL;
    malloc_keep_heap();
    sqlite_no_memstatus();
    int exists, empty;
    db_wal_state wal = {0};
    g_status checked = check_file(path, flags, &exists, &empty, &wal, err);
    if (checked != G_OK)
        return checked;

    g_db *db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(path))) {
        free(db);
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    }
    int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                 ((flags & DB_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);
    char uri[3 * PATH_MAX + 32];
    const char *target = path;
    if (flags & DB_OPEN_SNAPSHOT) {
        if (!exists) {
            db_close(db);
            return g_err(err, G_ERR_NOTFOUND, _("La base de données « %s » n'existe pas."), path);
        }
        snapshot_uri(path, uri, sizeof uri);
        target = uri;
        oflags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    }
    if (sqlite3_open_v2(target, &db->sql, oflags, db_vfs_name()) != SQLITE_OK) {
        g_status s = db->sql ? db_fail(db, err, _("ouverture de la base"))
                             : g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
        db_close(db);
        return s;
    }
    sqlite3_extended_result_codes(db->sql, 1);
    sqlite3_busy_timeout(db->sql, DB_BUSY_MS);

    /* The header may be stale when a newer guichet's changes still sit in the
     * WAL: ask SQLite too before changing anything. */
    if (exists && !empty) {
        int appid = 0, version = 0;
        g_status s = pragma_get(db, "PRAGMA application_id", &appid, err);
        if (s == G_OK)
            s = db_schema_read(db, &version, err);
        if (s != G_OK)
            ; /* reported as what it is: an I/O error is not a foreign file */
        else if (appid != GUICHET_APPLICATION_ID)
            s = g_err(err, G_ERR_FOREIGN,
                      _("« %s » n'est pas une base de données guichet. Le fichier n'a pas été "
                        "modifié."),
                      path);
        else if (version > db_schema_latest())
            s = g_err(err, G_ERR_NEWER,
                      _("« %s » a été écrite par une version plus récente de guichet (schéma %d, "
                        "cette version connaît le schéma %d). Mettez guichet à jour ; le fichier "
                        "n'a pas été modifié."),
                      path, version, db_schema_latest());
        if (s != G_OK) {
            db_close(db);
            return s;
        }
    }
    if (flags & DB_OPEN_SNAPSHOT) {
        *out = db;
        return G_OK;
    }
    g_status s = set_pragmas(db, err);
    if (s == G_OK)
        s = migrate_run(db, err);
    if (s == G_OK && wal.lost)
        s = journal_wal_loss(db, &wal, err);
    if (s != G_OK) {
        db_close(db);
        return s;
    }
    *out = db;
    return G_OK;
}

void db_close(g_db *db)
{
    if (!db)
        return;
    db_stmt_flush(db);
    /* a command's writes (the export's records…) reach the base file now,
     * not inside the next desk's commit; a failure loses nothing (the -wal
     * keeps the pages for the next checkpoint) */
    if (db->sql && db->wal_bound)
        db_checkpoint(db, NULL);
    if (db->sql)
        sqlite3_close_v2(db->sql);
    free(db->path);
    free(db);
}

/* Nesting: an action may call another (audit_log inside user_add); only the
 * outermost begin/commit touch SQLite. A rollback at any depth aborts all. */
g_status db_begin(g_db *db, g_error *err)
{
    if (db->in_tx > 0) {
        db->in_tx++;
        return G_OK;
    }
    sqlite3_stmt *st;
    g_status s = db_stmt(db, "BEGIN IMMEDIATE", &st, err);
    if (s != G_OK || (s = db_stmt_step_done(db, st, _("début d'une écriture"), err)) != G_OK)
        return s;
    db->in_tx = 1;
    return G_OK;
}

g_status db_commit(g_db *db, g_error *err)
{
    if (db->in_tx <= 0)
        return g_err(err, G_ERR_DB, _("L'écriture a été annulée ; rien n'a été enregistré."));
    if (--db->in_tx > 0)
        return G_OK;
    sqlite3_stmt *st;
    g_status s = db_stmt(db, "COMMIT", &st, err);
    if (s == G_OK)
        s = db_stmt_step_done(db, st, _("enregistrement"), err);
    if (s != G_OK)
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
    return s;
}

void db_rollback(g_db *db)
{
    if (db->in_tx <= 0)
        return;
    db->in_tx = 0;
    sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

static void report_add(char *report, size_t size, const char *line)
{
    size_t len = strlen(report);
    if (len + 1 < size)
        snprintf(report + len, size - len, "%s\n", line);
}

g_status db_check(g_db *db, char *report, size_t size, g_error *err)
{
    report[0] = 0;
    int problems = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "PRAGMA integrity_check", &st, err);
    if (s != G_OK)
        return s;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *r = (const char *)sqlite3_column_text(st, 0);
        if (r && strcmp(r, "ok") != 0) {
            char line[600];
            snprintf(line, sizeof line, _("intégrité : %s"), r);
            report_add(report, size, line);
            problems++;
        }
    }
    /* a check that could not run to its end found nothing: never "all is well" */
    s = db_rows_end(db, rc, _("vérification de l'intégrité"), err);
    sqlite3_finalize(st);
    if (s != G_OK)
        return s;

    if ((s = db_prepare(db, "PRAGMA foreign_key_check", &st, err)) != G_OK)
        return s;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char line[300];
        snprintf(line, sizeof line, _("clé étrangère : table %s, ligne %lld -> %s"),
                 (const char *)sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1),
                 (const char *)sqlite3_column_text(st, 2));
        report_add(report, size, line);
        problems++;
    }
    s = db_rows_end(db, rc, _("vérification des clés étrangères"), err);
    sqlite3_finalize(st);
    if (s != G_OK)
        return s;

    int64_t bad = 0;
    g_error aerr = {0};
    if (audit_verify(db, &bad, &aerr) != G_OK) {
        report_add(report, size, aerr.msg);
        problems++;
    }
    g_err_clear(&aerr);
    if (audit_verify_head(db, &aerr) != G_OK) {
        report_add(report, size, aerr.msg);
        problems++;
    }
    /* the journals of the other instances, received by synchronisation */
    int64_t chains = 0, entries = 0;
    g_err_clear(&aerr);
    if (db_schema_version(db) >= 41 && sync_audit_verify(db, &chains, &entries, &aerr) != G_OK) {
        report_add(report, size, aerr.msg);
        problems++;
    }
    if (problems)
        return g_err(
            err, G_ERR_CONFLICT,
            P_("%d problème trouvé dans la base.", "%d problèmes trouvés dans la base.", problems),
            problems);
    return G_OK;
}

g_status db_site_get(g_db *db, g_site *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    if (db_prepare(db, "SELECT matricule, name, commune, timezone FROM site WHERE id = 1", &st,
                   err) != G_OK)
        return err ? err->code : G_ERR_DB;
    g_status s = db_step_row(db, st, _("lecture du site"), err);
    if (s == G_OK) {
        db_column_text(st, 0, out->matricule, sizeof out->matricule);
        db_column_text(st, 1, out->name, sizeof out->name);
        db_column_text(st, 2, out->commune, sizeof out->commune);
        db_column_text(st, 3, out->timezone, sizeof out->timezone);
    }
    sqlite3_finalize(st);
    if (s == G_ERR_NOTFOUND)
        return g_err(err, G_ERR_NOTFOUND,
                     _("Le site n'est pas encore configuré : lancez « guichet init »."));
    return s;
}
