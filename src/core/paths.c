/* paths.c — the one rule for guichet's folders (see paths.h). */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guichet/fsutil.h"
#include "guichet/i18n.h"
#include "guichet/paths.h"

#ifndef GUICHET_SYSTEM_CONFIG
#define GUICHET_SYSTEM_CONFIG "/etc/guichet/guichet.ini"
#endif
#ifndef GUICHET_SYSTEM_DATADIR
#define GUICHET_SYSTEM_DATADIR "/var/lib/guichet"
#endif

const char paths_system_config[] = GUICHET_SYSTEM_CONFIG;
const char paths_system_data[] = GUICHET_SYSTEM_DATADIR;

static g_paths in_use;
static int in_use_set;

void paths_env_current(paths_env *env)
{
    env->home = getenv("HOME");
    env->xdg_config = getenv("XDG_CONFIG_HOME");
    env->xdg_data = getenv("XDG_DATA_HOME");
    env->system_config = paths_system_config;
    env->system_data = paths_system_data;
}

g_status paths_join(const char *folder, const char *name, char *buf, size_t size, g_error *err)
{
    int n = snprintf(buf, size, "%s/%s", folder, name);
    if (n < 0 || (size_t)n >= size) {
        if (size)
            buf[0] = 0;
        return g_err(err, G_ERR_INVALID, _("Chemin trop long : « %s/%s »."), folder, name);
    }
    return G_OK;
}

static int absolute(const char *s)
{
    return s && s[0] == '/';
}

/* The home folder: $HOME when absolute, else the password database. */
static const char *home_dir(const paths_env *env)
{
    if (absolute(env->home))
        return env->home;
    struct passwd *pw = getpwuid(getuid());
    return pw && absolute(pw->pw_dir) ? pw->pw_dir : NULL;
}

const char *paths_home(void)
{
    paths_env env;
    paths_env_current(&env);
    return home_dir(&env);
}

/* $var when absolute (the XDG rule), else ~/fallback. */
static g_status xdg_dir(const paths_env *env, const char *var, const char *fallback, char *buf,
                        size_t size, g_error *err)
{
    if (absolute(var))
        return paths_join(var, "guichet", buf, size, err);
    const char *home = home_dir(env);
    if (!home)
        return g_err(err, G_ERR_NOTFOUND, "%s",
                     _("Impossible de trouver le dossier personnel du compte (HOME n'est pas "
                       "défini) : indiquez --config et --db."));
    char base[PATH_MAX];
    g_status s = paths_join(home, fallback, base, sizeof base, err);
    return s == G_OK ? paths_join(base, "guichet", buf, size, err) : s;
}

static g_status user_paths(const paths_env *env, g_paths *out, g_error *err)
{
    out->layout = PATHS_USER;
    char dir[PATH_MAX];
    g_status s = xdg_dir(env, env->xdg_config, ".config", dir, sizeof dir, err);
    if (s == G_OK)
        s = paths_join(dir, "guichet.ini", out->config, sizeof out->config, err);
    if (s == G_OK)
        s = xdg_dir(env, env->xdg_data, ".local/share", out->data, sizeof out->data, err);
    return s;
}

static g_status system_paths(const paths_env *env, g_paths *out, g_error *err)
{
    out->layout = PATHS_SYSTEM;
    if ((size_t)snprintf(out->config, sizeof out->config, "%s", env->system_config) >=
            sizeof out->config ||
        (size_t)snprintf(out->data, sizeof out->data, "%s", env->system_data) >= sizeof out->data)
        return g_err(err, G_ERR_INVALID, _("Chemin trop long : « %s »."), env->system_config);
    return G_OK;
}

/* The shared settings exist (or may) but this account cannot read them:
 * say which group to join (the group of owner_of), never fall back to a
 * private database. */
static g_status refused(const char *file, const char *owner_of, int e, g_error *err)
{
    struct stat st;
    struct group *gr = stat(owner_of, &st) == 0 ? getgrgid(st.st_gid) : NULL;
    if (gr && gr->gr_name)
        return g_err(err, G_ERR_IO,
                     _("Le fichier de réglages commun %s existe mais ce compte ne peut pas le "
                       "lire (%s) : demandez à l'administrateur de vous ajouter au groupe « %s » "
                       "(puis reconnectez-vous)."),
                     file, strerror(e), gr->gr_name);
    return g_err(err, G_ERR_IO,
                 _("Le fichier de réglages commun %s existe mais ce compte ne peut pas le lire "
                   "(%s)."),
                 file, strerror(e));
}

g_status paths_resolve(const paths_env *env, g_paths *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    g_paths user;
    g_error uerr = {0};
    g_status us = user_paths(env, &user, &uerr);
    struct stat st;
    /* the account's own settings win: it chose them */
    if (us == G_OK && stat(user.config, &st) == 0) {
        *out = user;
        return G_OK;
    }
    if (env->system_config && env->system_config[0]) {
        if (stat(env->system_config, &st) == 0) {
            if (access(env->system_config, R_OK) == 0)
                return system_paths(env, out, err);
            return refused(env->system_config, env->system_config, errno, err);
        }
        /* /etc/guichet itself may be closed to this account (mode 0750):
         * then the file is there for the group, not absent */
        if (errno != ENOENT && errno != ENOTDIR) {
            int e = errno;
            char dir[PATH_MAX];
            snprintf(dir, sizeof dir, "%s", env->system_config);
            char *slash = strrchr(dir, '/');
            if (slash && slash != dir)
                *slash = 0;
            return refused(env->system_config, dir, e, err);
        }
    }
    if (us != G_OK) {
        if (err)
            *err = uerr;
        return us;
    }
    *out = user;
    return G_OK;
}

g_status paths_for_config(const paths_env *env, const char *config, g_paths *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    if (env->system_config && strcmp(config, env->system_config) == 0)
        return system_paths(env, out, err);
    /* without a home folder the data folder stays "": the settings file
     * given may name the database itself ([database] path) */
    if (user_paths(env, out, NULL) != G_OK)
        out->data[0] = 0;
    out->layout = PATHS_USER;
    if ((size_t)snprintf(out->config, sizeof out->config, "%s", config) >= sizeof out->config)
        return g_err(err, G_ERR_INVALID, _("Chemin trop long : « %s »."), config);
    return G_OK;
}

g_status paths_current(g_paths *out, g_error *err)
{
    if (in_use_set) {
        *out = in_use;
        return G_OK;
    }
    paths_env env;
    paths_env_current(&env);
    return paths_resolve(&env, out, err);
}

void paths_use(const g_paths *p)
{
    in_use = *p;
    in_use_set = 1;
}

/* folder (a setting, absolute) or <data>/sub; created when missing. The
 * two messages name the setting. */
static g_status setting_or_data_dir(const char *folder, const char *sub, const char *not_absolute,
                                    const char *too_long, char *buf, size_t size, g_error *err)
{
    g_status s;
    if (folder && folder[0]) {
        if (folder[0] != '/')
            return g_err(err, G_ERR_INVALID, not_absolute, folder);
        if ((size_t)snprintf(buf, size, "%s", folder) >= size)
            return g_err(err, G_ERR_INVALID, "%s", too_long);
    } else {
        g_paths p;
        if ((s = paths_current(&p, err)) != G_OK ||
            (s = paths_join(p.data, sub, buf, size, err)) != G_OK)
            return s;
    }
    return fs_mkdirs(buf, 0770, err);
}

g_status paths_print_dir(const char *folder, char *buf, size_t size, g_error *err)
{
    return setting_or_data_dir(folder, "impressions",
                               _("Le dossier des impressions « %s » doit être un chemin absolu "
                                 "([print] folder)."),
                               _("Le chemin du dossier des impressions est trop long."), buf, size,
                               err);
}

g_status paths_sync_dir(const char *folder, char *buf, size_t size, g_error *err)
{
    return setting_or_data_dir(folder, "synchro",
                               _("Le dossier des paquets de synchronisation « %s » doit être un "
                                 "chemin absolu ([sync] folder)."),
                               _("Le chemin du dossier des paquets de synchronisation est trop "
                                 "long."),
                               buf, size, err);
}
