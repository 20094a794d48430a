/* fsutil.c — see fsutil.h. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

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
