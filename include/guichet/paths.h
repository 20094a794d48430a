/* paths.h — where guichet keeps its settings and its data: one rule for the
 * settings file, the database, the export outbox, the printouts and the
 * demonstration database.
 *
 * Two layouts (docs/installation.md):
 *   - one person on one PC (the user layout, XDG Base Directory):
 *       settings  $XDG_CONFIG_HOME/guichet/guichet.ini (else ~/.config/…)
 *       data      $XDG_DATA_HOME/guichet/ (else ~/.local/share/guichet/)
 *   - several desks on one server (the system layout), when the system
 *     settings file exists (/etc/guichet/guichet.ini, readable by the Unix
 *     group that runs guichet) and the account has no settings of its own:
 *       settings  /etc/guichet/guichet.ini
 *       data      /var/lib/guichet/
 * An XDG variable counts only when it holds an absolute path (the XDG rule:
 * a relative one is ignored). $HOME counts when absolute, else the password
 * database gives the home folder; when neither does, the user layout has no
 * place and the functions say so rather than writing in the current folder.
 * A system settings file that exists but cannot be read is an error naming
 * the group to join, never a silent switch to a personal database. */
#ifndef GUICHET_PATHS_H
#define GUICHET_PATHS_H

#include <limits.h>
#include <stddef.h>

#include "guichet/error.h"

typedef enum paths_layout {
    PATHS_USER = 0, /* XDG folders of the account */
    PATHS_SYSTEM,   /* /etc/guichet and /var/lib/guichet, shared by a group */
} paths_layout;

/* What the rule reads: the environment and the system folders. Any pointer
 * may be NULL (= unset). */
typedef struct paths_env {
    const char *home;          /* $HOME */
    const char *xdg_config;    /* $XDG_CONFIG_HOME */
    const char *xdg_data;      /* $XDG_DATA_HOME */
    const char *system_config; /* the system settings file, /etc/guichet/guichet.ini */
    const char *system_data;   /* the shared data folder, /var/lib/guichet */
} paths_env;

typedef struct g_paths {
    paths_layout layout;
    char config[PATH_MAX]; /* the settings file (it may not exist) */
    char data[PATH_MAX];   /* the data folder: database, export/, impressions/ */
} g_paths;

/* The system settings file and data folder built in (CMake options
 * GUICHET_SYSTEM_CONFIG and GUICHET_SYSTEM_DATADIR). */
extern const char paths_system_config[];
extern const char paths_system_data[];

/* Fills env from the process environment and the built-in system paths. */
void paths_env_current(paths_env *env);

/* Applies the rule to env. G_ERR_IO with a French message when the system
 * settings file exists but cannot be read (it names the file and the group
 * that owns it), G_ERR_NOTFOUND when the user layout applies and no home
 * folder can be found. */
g_status paths_resolve(const paths_env *env, g_paths *out, g_error *err);

/* The layout for an explicit settings file (--config FILE): the system
 * layout when config is the system settings file, else the user layout with
 * the account's data folder. */
g_status paths_for_config(const paths_env *env, const char *config, g_paths *out, g_error *err);

/* The paths this process uses: those recorded by paths_use() (config_load
 * does it), else paths_resolve() of the current environment. */
g_status paths_current(g_paths *out, g_error *err);

/* Records p as the paths of this process. */
void paths_use(const g_paths *p);

/* The account's home folder ($HOME when absolute, else the password
 * database), NULL when there is none. Static or environment storage. */
const char *paths_home(void);

/* folder/name into buf; G_ERR_INVALID when it does not fit (a cut path would
 * name another file). */
g_status paths_join(const char *folder, const char *name, char *buf, size_t size, g_error *err);

/* The printouts folder: folder (the [print] folder setting, absolute) or,
 * when it is NULL or "", <data>/impressions of the paths in use; created
 * (mode 0770) when missing. G_ERR_IO / G_ERR_INVALID (a relative folder, a
 * path too long) / G_ERR_NOTFOUND with a French message. */
g_status paths_print_dir(const char *folder, char *buf, size_t size, g_error *err);

/* The same for the synchronisation packs the screen writes: folder (the
 * [sync] folder setting) or <data>/synchro. */
g_status paths_sync_dir(const char *folder, char *buf, size_t size, g_error *err);

#endif
