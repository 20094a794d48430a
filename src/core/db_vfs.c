/* db_vfs.c — the operating system layer of guichet's connections: SQLite's
 * own (unix), with the writes to the -wal file gathered.
 *
 * At each commit SQLite appends its pages to the -wal file one frame at a
 * time, and each frame in two writes (its 24-byte header, then the page):
 * some fourteen to twenty-four pwrite(2) calls for a saved request, then
 * one fdatasync. Here those writes are kept in memory, in order, while they
 * follow one another in the file, and given to the system as one write just
 * before the flush (xSync), or before anything that must see the file as
 * SQLite wrote it (a read, its size, a truncation, a file control, the
 * close). The bytes that reach the disk, their order relative to the flush
 * and the flush itself are unchanged: nothing is acknowledged earlier, and a
 * crash before the flush loses what it lost before (a commit not yet
 * acknowledged).
 *
 * Why this is safe: SQLite tells other connections (other desks) about new
 * frames only through the -shm index, which it updates after the flush of
 * the commit; the gathering relies on that flush, which synchronous = FULL
 * makes at every commit (db_open sets it and checks it). Frames written
 * without a flush (a transaction too big for the page cache, which spills
 * into the -wal) are read back only by this connection, through xRead,
 * which writes the gathered bytes first. A failed write is reported by the
 * call that gathered it out (xSync for a commit), with the same code and
 * errno: the commit fails as it did when the write itself failed.
 *
 * The -wal is also kept ahead of its frames: a commit whose frames end past
 * the file's end extends the file with real zeros up to the next multiple of
 * WAL_EXTEND, in the same flush. A commit that only overwrites allocated
 * bytes of an unchanged size lets ext4's fdatasync skip the inode (its size
 * and extents), as for the probe of the bench (4 KiB overwritten in place);
 * an append makes it write the inode at every commit. Why zeros are safe:
 * SQLite reads the -wal's frames in order and stops at the first whose page
 * number is 0 or whose salts and checksums do not follow (walIndexRecover):
 * a zeroed frame ends the log as the end of the file did, and the frames of
 * an older cycle of the -wal, left behind a restart, already end it the same
 * way. The zeros are written only right after a commit frame (its header
 * holds the base's size, never 0) and before its flush, so under the WAL's
 * write lock: no other connection writes the -wal then, and nothing past the
 * commit's last frame is a frame anyone reads. An idle desk writes zeros
 * past the file's end (db_vfs_wal_ahead: db_idle), under a BEGIN IMMEDIATE
 * that holds the same lock and writes no frame: the file's end is past
 * every frame. When the file is empty (a TRUNCATE checkpoint emptied it),
 * those zeros also cover the 32-byte header: the -shm then says the log
 * holds no frame, so no reader reads it; SQLite's recovery takes a header
 * without its magic number for an empty log; and the next commit writes a
 * header before its first frame, as it does in an empty file. SQLite cuts
 * the file back at its restart (journal_size_limit) or at a TRUNCATE
 * checkpoint, as before.
 *
 * The zeros are only an optimisation, and never take a disk's last free
 * bytes: they are written where the file system keeps WAL_ROOM free after
 * them (statvfs), so that a save, the night's export or another program
 * does not find the disk full because of them; and after a failed write of
 * zeros (a quota, a file size limit, an I/O error: what statvfs does not
 * show), none for WAL_RETRY_MS. Before, on a nearly full disk, every idle
 * moment (every three seconds) and every save past the file's end wrote
 * zeros up to the full disk, then cut them back (tests/unit/test_db.c). */
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "db_internal.h"
#include "guichet/clock.h"

/* Beyond this, gathered bytes are written at once (a big transaction):
 * the memory stays small, and one write stays under what SQLite's unix
 * layer passes to a single pwrite (it masks the length with 0x1ffff: a
 * longer write would be cut, then reported as a full disk). 120 KiB holds
 * 29 frames of 4 KiB pages; a saved request writes 7 to 12. */
#define WAL_GATHER_MAX (120 * 1024)

/* The -wal grows by DB_WAL_EXTEND_BYTES (db_internal.h) at a time, in zeros
 * written in pieces of sizeof wal_zeros (as WAL_GATHER_MAX, under what
 * SQLite's unix layer writes in one call). 1 MiB at a time made one save in
 * twenty write 1 MiB more before its flush, in the bench's 1,000 saves in a
 * row: the p99 of a save went from 1.2-1.7 ms to 4.3-5.5 ms
 * (docs/performance.md). */
#define WAL_EXTEND DB_WAL_EXTEND_BYTES
static const unsigned char wal_zeros[WAL_GATHER_MAX];

/* Free space the zeros leave on the disk, at least; and how long no zeros
 * are written after a failed write of zeros (the header comment). */
#define WAL_ROOM     ((sqlite3_int64)64 * 1024 * 1024)
#define WAL_RETRY_MS ((sqlite3_int64)10 * 60 * 1000)

typedef struct gather_file {
    sqlite3_file base;  /* pMethods: gather_methods */
    sqlite3_file *real; /* the unix file, right after this struct */
    unsigned char *buf; /* bytes gathered, for offsets [off, off + n) */
    sqlite3_int64 off;
    size_t n, cap;
    sqlite3_int64 size;        /* the file's size as last seen or written here, -1 unknown */
    sqlite3_int64 commit_hdr;  /* offset of the last frame header written, if a commit's; -1 */
    sqlite3_int64 commit_end;  /* end of that commit frame's page once written; -1 */
    char *name;                /* the -wal's name, or the base's (a main file) */
    sqlite3_int64 zeros_after; /* no zeros written before this instant (monotonic ms) */
    struct gather_file *next;  /* the open -wal files of this process */
} gather_file;

/* The -wal files open in this process, under SQLITE_MUTEX_STATIC_VFS3. */
static gather_file *open_wals;

static sqlite3_vfs gather_vfs;
static sqlite3_io_methods gather_methods, main_methods;

static sqlite3_vfs *real_vfs(void)
{
    return gather_vfs.pAppData;
}

/* A write to the real file, the known size kept. */
static int real_write(gather_file *g, const void *p, int amt, sqlite3_int64 off)
{
    int rc = g->real->pMethods->xWrite(g->real, p, amt, off);
    if (rc != SQLITE_OK)
        g->size = -1;
    else if (g->size >= 0 && off + amt > g->size)
        g->size = off + amt;
    return rc;
}

/* Writes what is gathered, in one call; the gathered bytes are dropped
 * whether it succeeds or not (SQLite rewrites what a failed commit wrote). */
static int gather_flush(gather_file *g)
{
    if (g->n == 0)
        return SQLITE_OK;
    int rc = real_write(g, g->buf, (int)g->n, g->off);
    g->n = 0;
    return rc;
}

/* 1 when bytes of zeros may be written now: no recent failure, and the
 * disk keeps WAL_ROOM free after them (the header comment). */
static int wal_room(const gather_file *g, sqlite3_int64 bytes)
{
    struct statvfs v;
    return clock_monotonic_ms() >= g->zeros_after && statvfs(g->name, &v) == 0 &&
           (sqlite3_int64)v.f_bavail * (sqlite3_int64)v.f_frsize >= bytes + WAL_ROOM;
}

/* Zeros over [from, to) of a -wal, under the WAL's write lock and past its
 * last frame, when the disk has room for them (SQLITE_FULL otherwise); on
 * a failure the file is cut back to from, and no zeros are written for a
 * while. */
static int wal_zeros_to(gather_file *g, sqlite3_int64 from, sqlite3_int64 to)
{
    if (to > from && !wal_room(g, to - from))
        return SQLITE_FULL;
    for (sqlite3_int64 o = from; o < to;) {
        int len = to - o < (sqlite3_int64)sizeof wal_zeros ? (int)(to - o) : (int)sizeof wal_zeros;
        int rc = real_write(g, wal_zeros, len, o);
        if (rc != SQLITE_OK) {
            if (g->real->pMethods->xTruncate(g->real, from) == SQLITE_OK)
                g->size = from;
            g->zeros_after = clock_monotonic_ms() + WAL_RETRY_MS;
            return rc;
        }
        o += len;
    }
    return SQLITE_OK;
}

/* After a commit's frames ending at end were written, before their flush:
 * when they reached the file's end, zeros up to the next multiple of WAL_EXTEND.
 * Best effort: the commit does not depend on it; without room on the disk
 * nothing is written, and on a failure the file is cut back to the
 * commit's end (wal_zeros_to). */
static void wal_extend(gather_file *g, sqlite3_int64 end)
{
    if (g->size < 0 && g->real->pMethods->xFileSize(g->real, &g->size) != SQLITE_OK) {
        g->size = -1;
        return;
    }
    if (end < g->size)
        return; /* the frames overwrote allocated bytes: the usual case */
    wal_zeros_to(g, end, (end / WAL_EXTEND + 1) * WAL_EXTEND);
}

static int g_close(sqlite3_file *f)
{
    gather_file *g = (gather_file *)f;
    int rc = gather_flush(g);
    if (f->pMethods == &gather_methods) {
        sqlite3_mutex *m = sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_VFS3);
        sqlite3_mutex_enter(m);
        for (gather_file **p = &open_wals; *p; p = &(*p)->next)
            if (*p == g) {
                *p = g->next;
                break;
            }
        sqlite3_mutex_leave(m);
    }
    int rc2 = g->real->pMethods->xClose(g->real);
    free(g->buf);
    free(g->name);
    g->buf = NULL;
    g->name = NULL;
    g->cap = 0;
    return rc != SQLITE_OK ? rc : rc2;
}

static int g_read(sqlite3_file *f, void *p, int amt, sqlite3_int64 off)
{
    gather_file *g = (gather_file *)f;
    int rc = gather_flush(g);
    return rc != SQLITE_OK ? rc : g->real->pMethods->xRead(g->real, p, amt, off);
}

static int g_write(sqlite3_file *f, const void *p, int amt, sqlite3_int64 off)
{
    gather_file *g = (gather_file *)f;
    size_t len = (size_t)amt;
    /* SQLite writes each frame as its 24-byte header, then its page; the
     * header of a commit's last frame holds the base's size in pages */
    if (amt == 24 && off >= 32) {
        const unsigned char *h = p;
        g->commit_hdr = (h[4] | h[5] | h[6] | h[7]) ? off : -1;
        g->commit_end = -1;
    } else if (g->commit_hdr >= 0 && off == g->commit_hdr + 24) {
        g->commit_end = off + amt;
    }
    /* not right after the gathered bytes, or too much: write them first */
    if (g->n && (off != g->off + (sqlite3_int64)g->n || g->n + len > WAL_GATHER_MAX)) {
        int rc = gather_flush(g);
        if (rc != SQLITE_OK)
            return rc;
    }
    if (len > WAL_GATHER_MAX)
        return real_write(g, p, amt, off);
    if (g->n + len > g->cap) {
        size_t cap = g->cap ? g->cap : 32 * 1024;
        while (cap < g->n + len)
            cap *= 2;
        unsigned char *nb = realloc(g->buf, cap);
        if (!nb) { /* no memory to gather: write as SQLite asked */
            int rc = gather_flush(g);
            return rc != SQLITE_OK ? rc : real_write(g, p, amt, off);
        }
        g->buf = nb;
        g->cap = cap;
    }
    if (g->n == 0)
        g->off = off;
    memcpy(g->buf + g->n, p, len);
    g->n += len;
    return SQLITE_OK;
}

static int g_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    gather_file *g = (gather_file *)f;
    int rc = gather_flush(g);
    if (rc == SQLITE_OK)
        rc = g->real->pMethods->xTruncate(g->real, size);
    g->size = rc == SQLITE_OK ? size : -1;
    return rc;
}

static int g_sync(sqlite3_file *f, int flags)
{
    gather_file *g = (gather_file *)f;
    /* the gathered bytes end with a commit frame: this is its flush, under
     * the write lock (a checkpoint's flush of the -wal gathers nothing) */
    sqlite3_int64 end = g->off + (sqlite3_int64)g->n;
    int commit = g->n > 0 && g->commit_end == end;
    g->commit_hdr = g->commit_end = -1;
    int rc = gather_flush(g);
    if (rc != SQLITE_OK)
        return rc;
    if (commit)
        wal_extend(g, end);
    return g->real->pMethods->xSync(g->real, flags);
}

static int g_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    gather_file *g = (gather_file *)f;
    int rc = gather_flush(g);
    if (rc == SQLITE_OK)
        rc = g->real->pMethods->xFileSize(g->real, size);
    g->size = rc == SQLITE_OK ? *size : -1;
    return rc;
}

static int g_lock(sqlite3_file *f, int lock)
{
    gather_file *g = (gather_file *)f;
    return g->real->pMethods->xLock(g->real, lock);
}

static int g_unlock(sqlite3_file *f, int lock)
{
    gather_file *g = (gather_file *)f;
    return g->real->pMethods->xUnlock(g->real, lock);
}

static int g_check_reserved(sqlite3_file *f, int *out)
{
    gather_file *g = (gather_file *)f;
    return g->real->pMethods->xCheckReservedLock(g->real, out);
}

static int g_file_control(sqlite3_file *f, int op, void *arg)
{
    gather_file *g = (gather_file *)f;
    int rc = gather_flush(g);
    return rc != SQLITE_OK ? rc : g->real->pMethods->xFileControl(g->real, op, arg);
}

static int g_sector_size(sqlite3_file *f)
{
    gather_file *g = (gather_file *)f;
    return g->real->pMethods->xSectorSize(g->real);
}

static int g_device_characteristics(sqlite3_file *f)
{
    gather_file *g = (gather_file *)f;
    return g->real->pMethods->xDeviceCharacteristics(g->real);
}

static int g_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
    gather_file *g = (gather_file *)f;
    return g->real->pMethods->xShmMap(g->real, pg, pgsz, extend, pp);
}

static int g_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    gather_file *g = (gather_file *)f;
    return g->real->pMethods->xShmLock(g->real, offset, n, flags);
}

/* A base file's own writes and flushes: SQLite's, as they are. */
static int m_write(sqlite3_file *f, const void *p, int amt, sqlite3_int64 off)
{
    gather_file *g = (gather_file *)f;
    return g->real->pMethods->xWrite(g->real, p, amt, off);
}

static int m_sync(sqlite3_file *f, int flags)
{
    gather_file *g = (gather_file *)f;
    return g->real->pMethods->xSync(g->real, flags);
}

/* The WAL's write lock is the first of the -shm's locks (sqlite.org/
 * walformat.html). Bytes gathered for a -wal exist only while its
 * connection holds that lock: a commit writes them at its flush, but a
 * transaction that spilled frames into the -wal and was rolled back leaves
 * its last ones gathered. Written after the lock was given up, they would
 * land on the frames another connection (another desk) commits at the same
 * place. So they are written here, just before the lock is given up: past
 * the last commit, they are nothing anyone reads. Only the connection that
 * holds the lock can have gathered bytes: those of every -wal of this base
 * in this process are written. */
static int m_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    gather_file *g = (gather_file *)f;
    if ((flags & SQLITE_SHM_UNLOCK) && offset == 0 && n >= 1 && g->name) {
        size_t len = strlen(g->name);
        sqlite3_mutex *m = sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_VFS3);
        sqlite3_mutex_enter(m);
        for (gather_file *w = open_wals; w; w = w->next)
            if (w->n && strncmp(w->name, g->name, len) == 0 && strcmp(w->name + len, "-wal") == 0) {
                gather_flush(w);
                w->commit_hdr = w->commit_end = -1;
            }
        sqlite3_mutex_leave(m);
    }
    return g->real->pMethods->xShmLock(g->real, offset, n, flags);
}

static void g_shm_barrier(sqlite3_file *f)
{
    gather_file *g = (gather_file *)f;
    g->real->pMethods->xShmBarrier(g->real);
}

static int g_shm_unmap(sqlite3_file *f, int del)
{
    gather_file *g = (gather_file *)f;
    return g->real->pMethods->xShmUnmap(g->real, del);
}

static int g_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **pp)
{
    gather_file *g = (gather_file *)f;
    int rc = gather_flush(g);
    return rc != SQLITE_OK ? rc : g->real->pMethods->xFetch(g->real, off, amt, pp);
}

static int g_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    gather_file *g = (gather_file *)f;
    return g->real->pMethods->xUnfetch(g->real, off, p);
}

static int g_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    sqlite3_vfs *rv = real_vfs();
    int wal = (flags & SQLITE_OPEN_WAL) != 0;
    /* every file but the -wal and the base (for its -shm locks): SQLite's
     * own, as it is */
    if (!wal && (!(flags & SQLITE_OPEN_MAIN_DB) || !name))
        return rv->xOpen(rv, name, f, flags, out_flags);
    gather_file *g = (gather_file *)f;
    memset(g, 0, sizeof *g);
    g->size = g->commit_hdr = g->commit_end = -1;
    g->real = (sqlite3_file *)(g + 1);
    g->name = strdup(name);
    if (!g->name) {
        g->base.pMethods = NULL;
        return SQLITE_NOMEM;
    }
    int rc = rv->xOpen(rv, name, g->real, flags, out_flags);
    if (rc != SQLITE_OK || !g->real->pMethods) {
        /* SQLite calls xClose on a file whose pMethods is set, even after a
         * failed open: leave it to the real file's own */
        g->base.pMethods = NULL;
        if (g->real->pMethods)
            g->real->pMethods->xClose(g->real);
        free(g->name);
        g->name = NULL;
        return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
    }
    int version = g->real->pMethods->iVersion < 3 ? g->real->pMethods->iVersion : 3;
    gather_methods.iVersion = main_methods.iVersion = version;
    g->base.pMethods = wal ? &gather_methods : &main_methods;
    if (wal) {
        sqlite3_mutex *m = sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_VFS3);
        sqlite3_mutex_enter(m);
        g->next = open_wals;
        open_wals = g;
        sqlite3_mutex_leave(m);
    }
    return SQLITE_OK;
}

/* The rest of the layer is SQLite's, called with its own vfs. */
static int v_delete(sqlite3_vfs *v, const char *name, int sync_dir)
{
    (void)v;
    return real_vfs()->xDelete(real_vfs(), name, sync_dir);
}

static int v_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
    (void)v;
    return real_vfs()->xAccess(real_vfs(), name, flags, out);
}

static int v_full_pathname(sqlite3_vfs *v, const char *name, int n, char *out)
{
    (void)v;
    return real_vfs()->xFullPathname(real_vfs(), name, n, out);
}

static void *v_dlopen(sqlite3_vfs *v, const char *name)
{
    (void)v;
    return real_vfs()->xDlOpen(real_vfs(), name);
}

static void v_dlerror(sqlite3_vfs *v, int n, char *out)
{
    (void)v;
    real_vfs()->xDlError(real_vfs(), n, out);
}

static void (*v_dlsym(sqlite3_vfs *v, void *h, const char *sym))(void)
{
    (void)v;
    return real_vfs()->xDlSym(real_vfs(), h, sym);
}

static void v_dlclose(sqlite3_vfs *v, void *h)
{
    (void)v;
    real_vfs()->xDlClose(real_vfs(), h);
}

static int v_randomness(sqlite3_vfs *v, int n, char *out)
{
    (void)v;
    return real_vfs()->xRandomness(real_vfs(), n, out);
}

static int v_sleep(sqlite3_vfs *v, int us)
{
    (void)v;
    return real_vfs()->xSleep(real_vfs(), us);
}

static int v_current_time(sqlite3_vfs *v, double *out)
{
    (void)v;
    return real_vfs()->xCurrentTime(real_vfs(), out);
}

static int v_last_error(sqlite3_vfs *v, int n, char *out)
{
    (void)v;
    return real_vfs()->xGetLastError(real_vfs(), n, out);
}

static int v_current_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
    (void)v;
    return real_vfs()->xCurrentTimeInt64(real_vfs(), out);
}

sqlite3_int64 db_vfs_wal_size(sqlite3_file *f)
{
    if (!f || f->pMethods != &gather_methods)
        return -1;
    sqlite3_int64 size = 0;
    return g_file_size(f, &size) == SQLITE_OK ? size : -1;
}

int db_vfs_wal_ahead(sqlite3_file *f, sqlite3_int64 target)
{
    if (!f || f->pMethods != &gather_methods)
        return SQLITE_NOTFOUND;
    gather_file *g = (gather_file *)f;
    sqlite3_int64 size = 0;
    int rc = g_file_size(f, &size); /* writes what is gathered first: nothing, at idle */
    if (rc != SQLITE_OK || size >= target)
        return rc;
    rc = wal_zeros_to(g, size, target);
    return rc != SQLITE_OK ? rc : g->real->pMethods->xSync(g->real, SQLITE_SYNC_NORMAL);
}

const char *db_vfs_name(void)
{
    static int state; /* 0 not tried, 1 registered, -1 unavailable */
    if (state == 0) {
        sqlite3_vfs *rv = sqlite3_vfs_find(NULL);
        state = -1;
        if (rv && rv->iVersion >= 2 && rv->xCurrentTimeInt64) {
            gather_methods = (sqlite3_io_methods){
                .iVersion = 3,
                .xClose = g_close,
                .xRead = g_read,
                .xWrite = g_write,
                .xTruncate = g_truncate,
                .xSync = g_sync,
                .xFileSize = g_file_size,
                .xLock = g_lock,
                .xUnlock = g_unlock,
                .xCheckReservedLock = g_check_reserved,
                .xFileControl = g_file_control,
                .xSectorSize = g_sector_size,
                .xDeviceCharacteristics = g_device_characteristics,
                .xShmMap = g_shm_map,
                .xShmLock = g_shm_lock,
                .xShmBarrier = g_shm_barrier,
                .xShmUnmap = g_shm_unmap,
                .xFetch = g_fetch,
                .xUnfetch = g_unfetch,
            };
            main_methods = gather_methods;
            main_methods.xWrite = m_write;
            main_methods.xSync = m_sync;
            main_methods.xShmLock = m_shm_lock;
            gather_vfs = (sqlite3_vfs){
                .iVersion = 2,
                .szOsFile = (int)sizeof(gather_file) + rv->szOsFile,
                .mxPathname = rv->mxPathname,
                .zName = DB_VFS_NAME,
                .pAppData = rv,
                .xOpen = g_open,
                .xDelete = v_delete,
                .xAccess = v_access,
                .xFullPathname = v_full_pathname,
                .xDlOpen = v_dlopen,
                .xDlError = v_dlerror,
                .xDlSym = v_dlsym,
                .xDlClose = v_dlclose,
                .xRandomness = v_randomness,
                .xSleep = v_sleep,
                .xCurrentTime = v_current_time,
                .xGetLastError = v_last_error,
                .xCurrentTimeInt64 = v_current_time64,
            };
            if (sqlite3_vfs_register(&gather_vfs, 0) == SQLITE_OK)
                state = 1;
        }
    }
    return state == 1 ? DB_VFS_NAME : NULL;
}
