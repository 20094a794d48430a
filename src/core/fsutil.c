/* fsutil.c — see fsutil.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guichet/fsutil.h"
#include "guichet/i18n.h"

g_status fs_mkdirs(const char *dir, mode_t mode, g_error *err)
{
    char buf[PATH_MAX];
    if ((size_t)snprintf(buf, sizeof buf, "%s", dir) >= sizeof buf)
        return g_err(err, G_ERR_INVALID, _("Chemin trop long : « %s »."), dir);
    for (char *p = buf + 1;; p++) {
        if (*p != '/' && *p != 0)
            continue;
        char c = *p;
        *p = 0;
        if (mkdir(buf, mode) != 0 && errno != EEXIST)
            return g_err(err, G_ERR_IO, _("Impossible de créer le dossier « %s » : %s."), buf,
                         strerror(errno));
        *p = c;
        if (!c)
            break;
    }
    return G_OK;
}

g_status fs_mkdir_parent(const char *path, mode_t mode, g_error *err)
{
    char dir[PATH_MAX];
    if ((size_t)snprintf(dir, sizeof dir, "%s", path) >= sizeof dir)
        return g_err(err, G_ERR_INVALID, _("Chemin trop long : « %s »."), path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return G_OK; /* the current folder, or the root */
    *slash = 0;
    return fs_mkdirs(dir, mode, err);
}

g_status fs_sync_dir(const char *dir, g_error *err)
{
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return g_err(err, G_ERR_IO, _("Impossible d'ouvrir le dossier « %s » : %s."), dir,
                     strerror(errno));
    int rc = fsync(dfd);
    int e = errno;
    close(dfd);
    if (rc != 0 && e != EINVAL && e != ENOTSUP && e != EROFS)
        return g_err(err, G_ERR_IO, _("Impossible de synchroniser le dossier « %s » : %s."), dir,
                     strerror(e));
    return G_OK;
}

static g_status exists_error(const char *to, g_error *err)
{
    return g_err(err, G_ERR_EXISTS,
                 _("« %s » existe déjà : une sauvegarde ne remplace jamais un fichier. Choisissez "
                   "un autre nom."),
                 to);
}

g_status fs_rename_noreplace(const char *from, const char *to, g_error *err)
{
#ifdef SYS_renameat2
    /* RENAME_NOREPLACE = 1; called by number: glibc only declares it under
     * _GNU_SOURCE */
    if (syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 1u) == 0)
        return G_OK;
    if (errno == EEXIST)
        return exists_error(to, err);
    if (errno != ENOSYS && errno != EINVAL)
        return g_err(err, G_ERR_IO, _("Impossible de renommer « %s » en « %s » : %s."), from, to,
                     strerror(errno));
#endif
    if (link(from, to) == 0) {
        unlink(from);
        return G_OK;
    }
    if (errno == EEXIST)
        return exists_error(to, err);
    if (errno != EPERM && errno != ENOTSUP && errno != ENOSYS)
        return g_err(err, G_ERR_IO, _("Impossible de renommer « %s » en « %s » : %s."), from, to,
                     strerror(errno));
    struct stat st;
    if (lstat(to, &st) == 0)
        return exists_error(to, err);
    if (rename(from, to) != 0)
        return g_err(err, G_ERR_IO, _("Impossible de renommer « %s » en « %s » : %s."), from, to,
                     strerror(errno));
    return G_OK;
}

void fs_dirname(const char *path, char *buf, size_t size)
{
    snprintf(buf, size, "%s", path);
    char *slash = strrchr(buf, '/');
    if (!slash)
        snprintf(buf, size, ".");
    else if (slash == buf)
        buf[1] = 0;
    else
        *slash = 0;
}
