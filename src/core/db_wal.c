/* db_wal.c — a -wal file that disappeared with saves in it, seen before
 * SQLite opens the base (see db_wal_inspect in guichet/db.h).
 *
 * In WAL mode a save is acknowledged once it is in the -wal file; it reaches
 * the base file only at the next checkpoint. If the -wal file is deleted (or
 * cut, or replaced) in between, SQLite opening the base would quietly start
 * from the base file alone and reset the index: the saves would be gone and
 * nothing would show it. The index, the -shm file, still says how far the
 * -wal went (mxFrame) and how much of it was copied (nBackfill): guichet
 * reads it first. Layout (sqlite.org/walformat.html): two copies of a
 * 48-byte header at 0 and 48 (iVersion u32, unused u32, iChange u32, isInit
 * u8, bigEndCksum u8, szPage u16, mxFrame u32 at 16, nPage u32 at 20,
 * aFrameCksum, aSalt at 32, aCksum), then nBackfill u32 at 96; native byte
 * order. The -wal file: a 32-byte header (salts at 16) then frames of 24 +
 * page size bytes. SQLite's "dead man switch" lock is byte 128 of the -shm:
 * a live connection holds it shared. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_internal.h"
#include "guichet/i18n.h"

#define SHM_DMS_BYTE 128

static uint32_t u32_at(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* 1 when another process holds a lock on the -shm's DMS byte (is alive). */
static int shm_in_use(int fd)
{
    struct flock fl = {
        .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = SHM_DMS_BYTE, .l_len = 1};
    return fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
}

g_status db_wal_inspect(const char *path, db_wal_state *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    char shm[PATH_MAX], wal[PATH_MAX];
    if ((size_t)snprintf(shm, sizeof shm, "%s-shm", path) >= sizeof shm ||
        (size_t)snprintf(wal, sizeof wal, "%s-wal", path) >= sizeof wal)
        return g_err(err, G_ERR_INVALID, _("Chemin trop long : « %s »."), path);
    int fd = open(shm, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return G_OK; /* no index: nothing was pending (or nothing shows it) */
    unsigned char h[136];
    int consistent = 0;
    /* a desk may be writing the header: the two copies must agree */
    for (int tries = 0; tries < 5 && !consistent; tries++) {
        ssize_t n = pread(fd, h, sizeof h, 0);
        if (n < (ssize_t)sizeof h)
            break;
        consistent = memcmp(h, h + 48, 48) == 0;
    }
    out->live = shm_in_use(fd);
    close(fd);
    if (!consistent || u32_at(h) != 3007000 || h[12] != 1)
        return G_OK;
    uint32_t mx = u32_at(h + 16), backfill = u32_at(h + 96);
    uint16_t sz;
    memcpy(&sz, h + 14, sizeof sz);
    unsigned page = sz == 1 ? 65536u : sz;
    out->frames = mx;
    out->copied = backfill;
    if (mx <= backfill)
        return G_OK; /* everything the -wal held is in the base file */
    struct stat st;
    if (stat(wal, &st) != 0) {
        out->lost = DB_WAL_GONE;
        return G_OK;
    }
    if ((uint64_t)st.st_size < 32 + (uint64_t)mx * (24 + page)) {
        out->lost = DB_WAL_CUT;
        return G_OK;
    }
    unsigned char wh[32];
    int wfd = open(wal, O_RDONLY | O_CLOEXEC);
    if (wfd < 0)
        return g_err(err, G_ERR_IO, _("Impossible d'ouvrir « %s » : %s."), wal, strerror(errno));
    ssize_t n = pread(wfd, wh, sizeof wh, 0);
    close(wfd);
    if (n != (ssize_t)sizeof wh || memcmp(wh + 16, h + 32, 8) != 0)
        out->lost = DB_WAL_REPLACED;
    return G_OK;
}

const char *db_wal_loss_text(const db_wal_state *w, const char *path, char *buf, size_t size)
{
    unsigned long pending = (unsigned long)(w->frames - w->copied);
    const char *how = w->lost == DB_WAL_GONE  ? _("a disparu")
                      : w->lost == DB_WAL_CUT ? _("a été tronqué")
                                              : _("a été remplacé par un autre");
    snprintf(buf, size,
             P_("Le fichier « %s-wal » %s alors qu'il contenait des enregistrements validés "
                "(%lu page) qui n'avaient pas encore été recopiés dans la base",
                "Le fichier « %s-wal » %s alors qu'il contenait des enregistrements validés "
                "(%lu pages) qui n'avaient pas encore été recopiés dans la base",
                pending),
             path, how, pending);
    return buf;
}
