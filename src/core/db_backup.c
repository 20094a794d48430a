/* db_backup.c — `guichet backup`: journal, copy to a temporary file, fsync,
 * rename (the order and its reasons are in guichet/db.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/csvout.h"
#include "guichet/fieldtext.h"
#include "guichet/fsutil.h"
#include "guichet/i18n.h"

/* Temporary copies are ".<name>.guichet-tmp-XXXXXX" beside the destination,
 * flock'ed by their writer for as long as it runs. */
#define TMP_TAG ".guichet-tmp-"

/* Removes the temporary copies of killed backups in dir: a file whose lock
 * can be taken has no writer left. */
static void clean_stale_temps(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.' || !strstr(e->d_name, TMP_TAG))
            continue;
        char path[PATH_MAX];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path)
            continue;
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
            continue;
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            unlink(path);
        close(fd);
    }
    closedir(d);
}

/* What was being done to a file of the copy when it failed. */
enum step { STEP_CREATE, STEP_LOCK, STEP_OPEN, STEP_SYNC, STEP_READ };

/* An error on a file of the copy, named from errno. */
static g_status file_error(int e, enum step step, const char *path, g_error *err)
{
    char what[PATH_MAX + 64];
    switch (step) {
    case STEP_CREATE:
        snprintf(what, sizeof what, _("création de « %s »"), path);
        break;
    case STEP_LOCK:
        snprintf(what, sizeof what, _("verrouillage de « %s »"), path);
        break;
    case STEP_OPEN:
        snprintf(what, sizeof what, _("ouverture de « %s »"), path);
        break;
    case STEP_SYNC:
        snprintf(what, sizeof what, _("écriture sur le disque de « %s »"), path);
        break;
    default:
        snprintf(what, sizeof what, _("relecture de « %s »"), path);
        break;
    }
    if (e == ENOSPC || e == EDQUOT)
        return g_err(err, G_ERR_IO,
                     _("Le disque de la sauvegarde est plein (%s) : aucune copie n'a été "
                       "laissée. Libérez de la place ou choisissez un autre disque."),
                     what);
    return g_err(err, G_ERR_IO, _("Sauvegarde impossible (%s) : %s."), what, strerror(e));
}

/* Copies db into the empty file tmp; reads the copy's journal head. */
static g_status copy_into(g_db *db, const char *tmp, const char *dest, db_backup_info *info,
                          g_error *err)
{
    sqlite3 *to = NULL;
    if (sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        g_status s = file_error(sqlite3_system_errno(to) ? sqlite3_system_errno(to) : EIO,
                                STEP_OPEN, tmp, err);
        sqlite3_close(to);
        return s;
    }
    sqlite3_extended_result_codes(to, 1);
    /* the temporary file has no readers: no journal, and one fsync below */
    sqlite3_exec(to, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF", NULL, NULL, NULL);
    sqlite3_backup *b = sqlite3_backup_init(to, "main", db->sql, "main");
    int rc = SQLITE_ERROR;
    if (b) {
        /* WAL readers do not wait for writers; BUSY only during a recovery */
        for (int tries = 0; tries < 50; tries++) {
            rc = sqlite3_backup_step(b, -1);
            if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
                break;
            sqlite3_sleep(100);
        }
        sqlite3_backup_finish(b);
    }
    g_status s = G_OK;
    if (rc != SQLITE_DONE) {
        /* the destination's error (disk full…) or else the source's */
        struct g_db side = {.sql = sqlite3_errcode(to) != SQLITE_OK ? to : db->sql,
                            .path = (char *)(sqlite3_errcode(to) != SQLITE_OK ? dest : db->path)};
        s = db_fail(&side, err, _("copie de sauvegarde"));
    } else {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(to, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", -1, &st,
                               NULL) == SQLITE_OK) {
            rc = sqlite3_step(st);
            if (rc == SQLITE_ROW) {
                info->journal_id = sqlite3_column_int64(st, 0);
                db_column_text(st, 1, info->journal_hash, sizeof info->journal_hash);
            }
            sqlite3_finalize(st);
        }
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            struct g_db side = {.sql = to, .path = (char *)dest};
            s = db_fail(&side, err, _("relecture de la copie"));
        }
    }
    sqlite3_close(to);
    return s;
}

/* fsync of tmp, then its size and SHA-256 (reading it back also proves the
 * copy is readable). */
static g_status seal_copy(const char *tmp, db_backup_info *info, g_error *err)
{
    int fd = open(tmp, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return file_error(errno, STEP_OPEN, tmp, err);
    if (fsync(fd) != 0) {
        int e = errno;
        close(fd);
        return file_error(e, STEP_SYNC, tmp, err);
    }
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    unsigned char buf[1 << 16];
    ssize_t n;
    info->bytes = 0;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        crypto_hash_sha256_update(&h, buf, (unsigned long long)n);
        info->bytes += n;
    }
    int e = errno;
    close(fd);
    if (n < 0)
        return file_error(e, STEP_READ, tmp, err);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, digest);
    sodium_bin2hex(info->sha256, sizeof info->sha256, digest, sizeof digest);
    return G_OK;
}

/* dir/<base>.manifeste.csv: the copy's size, SHA-256 and journal head, the
 * anchor `guichet check --manifeste` compares the live journal with. CSV as
 * the export writes it (';', BOM, CRLF); written like the copy: a flock'ed
 * temporary file, fsync, rename, folder sync. */
static g_status write_manifest(const char *dir, const char *base, db_backup_info *info,
                               g_error *err)
{
    snprintf(info->manifest, sizeof info->manifest, "%s" DB_BACKUP_MANIFEST_SUFFIX, base);
    /* the file name is the one text cell: quoted, and neutralised like every
     * text cell of guichet's CSV (csvout.h) */
    char name[600];
    size_t n = 0;
    name[n++] = '"';
    if (csvout_is_dangerous(base))
        name[n++] = '\'';
    for (const char *p = base; *p && n + 3 < sizeof name; p++) {
        if (*p == '"')
            name[n++] = '"';
        name[n++] = *p;
    }
    name[n++] = '"';
    name[n] = 0;
    char text[1024];
    int len = snprintf(text, sizeof text,
                       "\xEF\xBB\xBF"
                       "fichier;octets;sha256;journal_tete;journal_sha256\r\n"
                       "%s;%lld;%s;%lld;%s\r\n",
                       name, (long long)info->bytes, info->sha256, (long long)info->journal_id,
                       info->journal_hash);
    char tmp[PATH_MAX], path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, info->manifest) >= sizeof path ||
        (size_t)snprintf(tmp, sizeof tmp, "%s/.%s" TMP_TAG "XXXXXX", dir, info->manifest) >=
            sizeof tmp)
        return g_err(err, G_ERR_INVALID, _("Chemin trop long : « %s »."), dir);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return file_error(errno, STEP_CREATE, path, err);
    g_status s = G_OK;
    if (flock(fd, LOCK_EX) != 0)
        s = file_error(errno, STEP_LOCK, tmp, err);
    else if ((errno = 0, write(fd, text, (size_t)len)) != len)
        s = file_error(errno ? errno : EIO, STEP_SYNC, tmp, err);
    else if (fsync(fd) != 0)
        s = file_error(errno, STEP_SYNC, tmp, err);
    else if (rename(tmp, path) != 0)
        s = file_error(errno, STEP_CREATE, path, err);
    close(fd);
    if (s == G_OK)
        s = fs_sync_dir(dir, err);
    else
        unlink(tmp);
    if (s != G_OK && err) {
        g_error inner = *err;
        g_err(err, inner.code,
              _("La copie « %s » est complète, mais son manifeste n'a pas pu être écrit : %s"),
              base, inner.msg);
    }
    return s;
}

g_status db_backup(g_db *db, const char *dest, int64_t user_id, db_backup_info *info, g_error *err)
{
    db_backup_info local;
    if (!info)
        info = &local;
    memset(info, 0, sizeof *info);
    if (sodium_init() < 0)
        return g_err(err, G_ERR_CRYPTO, _("La bibliothèque de chiffrement n'a pas pu démarrer."));
    if (!dest || !*dest)
        return g_err(err, G_ERR_INVALID, _("Aucun fichier de sauvegarde n'est indiqué."));
    /* the name is printed back, and lands in the journal: the text rule */
    g_status fs = fieldtext_check(dest, FIELDTEXT_LINE, "dest", _("Fichier de sauvegarde"), err);
    if (fs != G_OK)
        return fs;
    struct stat st;
    if (lstat(dest, &st) == 0 && S_ISDIR(st.st_mode))
        return g_err(err, G_ERR_EXISTS,
                     _("« %s » est un dossier : donnez le nom du fichier de sauvegarde à créer "
                       "dedans."),
                     dest);
    if (lstat(dest, &st) == 0)
        return g_err(err, G_ERR_EXISTS,
                     _("« %s » existe déjà : une sauvegarde ne remplace jamais un fichier. "
                       "Choisissez un autre nom."),
                     dest);
    char dir[PATH_MAX], tmp[PATH_MAX];
    fs_dirname(dest, dir, sizeof dir);
    const char *base = strrchr(dest, '/') ? strrchr(dest, '/') + 1 : dest;
    if ((size_t)snprintf(tmp, sizeof tmp, "%s/.%s" TMP_TAG "XXXXXX", dir, base) >= sizeof tmp)
        return g_err(err, G_ERR_INVALID, _("Chemin trop long : « %s »."), dest);
    clean_stale_temps(dir);
    /* private (the copy holds everything the base holds), and locked while
     * it is written so that another backup never takes it for a stale one */
    int fd = mkstemp(tmp);
    if (fd < 0)
        return file_error(errno, STEP_CREATE, dest, err);
    if (flock(fd, LOCK_EX) != 0) {
        g_status s = file_error(errno, STEP_LOCK, tmp, err);
        close(fd);
        unlink(tmp);
        return s;
    }

    /* 1. the journal first (see db.h) */
    g_status s = audit_log(db, user_id, "backup", "", dest, err);
    if (s != G_OK) {
        close(fd);
        unlink(tmp);
        return s;
    }
    /* 2. the copy, on disk; 3. its final name */
    s = copy_into(db, tmp, dest, info, err);
    if (s == G_OK)
        s = seal_copy(tmp, info, err);
    if (s == G_OK && (s = fs_rename_noreplace(tmp, dest, err)) == G_OK) {
        close(fd);
        /* dest is complete; only its durability across a power cut is at
         * stake if the folder cannot be synced (reported, dest kept) */
        s = fs_sync_dir(dir, err);
        if (s == G_OK)
            s = write_manifest(dir, base, info, err);
        return s;
    }
    close(fd);
    unlink(tmp);
    /* the "backup" entry stays: a second one says it ended without a copy */
    g_error lerr = {0};
    char detail[600];
    snprintf(detail, sizeof detail, "%s : %s", dest, err ? err->msg : "");
    if (audit_log(db, user_id, "backup-failed", "", detail, &lerr) != G_OK && err) {
        size_t len = strlen(err->msg);
        snprintf(err->msg + len, sizeof err->msg - len,
                 _(" (Cet échec n'a pas pu être inscrit au journal : %s)"), lerr.msg);
    }
    return s;
}
