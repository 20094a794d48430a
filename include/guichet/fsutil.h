/* fsutil.h — small file-system helpers shared by the commands, the export
 * and the screens. */
#ifndef GUICHET_FSUTIL_H
#define GUICHET_FSUTIL_H

#include <sys/types.h>

#include "guichet/error.h"

/* mkdir -p: creates dir and every missing parent with mode (an existing
 * component is fine, whatever it is: callers check what they need).
 * G_ERR_IO naming the folder that could not be created, G_ERR_INVALID for
 * a path longer than PATH_MAX. */
g_status fs_mkdirs(const char *dir, mode_t mode, g_error *err);

/* fs_mkdirs of the folder part of path (a file about to be created). */
g_status fs_mkdir_parent(const char *path, mode_t mode, g_error *err);

/* fsync of a folder, so that a rename or a new file in it survives a power
 * cut. File systems that refuse it (vfat on a USB key, some network mounts)
 * are accepted: there is nothing more to do there. G_ERR_IO otherwise. */
g_status fs_sync_dir(const char *dir, g_error *err);

/* Renames from to to, never replacing an existing to (G_ERR_EXISTS then,
 * from left in place): renameat2(RENAME_NOREPLACE), else link + unlink,
 * else (vfat: neither exists) a check then rename. G_ERR_IO with the
 * system's reason otherwise. */
g_status fs_rename_noreplace(const char *from, const char *to, g_error *err);

/* The folder part of path into buf ("." when there is none). */
void fs_dirname(const char *path, char *buf, size_t size);

#endif
