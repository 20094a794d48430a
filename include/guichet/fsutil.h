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

#endif
