/* i18n.c — catalog binding and language choice. */
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guichet/i18n.h"

static int dir_exists(const char *p)
{
    struct stat st;
    return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the running program, from /proc/self/exe; "" if unknown. */
static void exe_dir(char *buf, size_t size)
{
    buf[0] = 0;
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
        return;
    path[n] = 0;
    char *slash = strrchr(path, '/');
    if (!slash)
        return;
    *slash = 0;
    snprintf(buf, size, "%s", path);
}

void i18n_localedir(char *buf, size_t size)
{
    const char *env = getenv("GUICHET_LOCALEDIR");
    if (dir_exists(env)) {
        snprintf(buf, size, "%s", env);
        return;
    }
    /* relative to the program, so that an installed copy (even under a
     * DESTDIR, or moved to another prefix) reads its own catalogs: bin/../
     * share/locale first; the build tree's locale/ beside the program only
     * when there is no installed tree around it, so an installed binary never
     * reads a build folder's catalogs */
    char dir[PATH_MAX], cand[PATH_MAX + 32];
    exe_dir(dir, sizeof dir);
    if (dir[0]) {
        snprintf(cand, sizeof cand, "%s/../share/locale", dir);
        if (dir_exists(cand)) {
            snprintf(buf, size, "%s", cand);
            return;
        }
        snprintf(cand, sizeof cand, "%s/locale", dir);
        if (dir_exists(cand)) {
            snprintf(buf, size, "%s", cand);
            return;
        }
    }
    snprintf(buf, size, "%s", GUICHET_LOCALEDIR);
}

void i18n_init(const char *language)
{
    /* called twice at start (before and after the settings name the
     * language): the locale and the catalog's folder are set up once */
    static int bound;
    if (!bound) {
        setlocale(LC_ALL, "");
        char dir[PATH_MAX + 32];
        i18n_localedir(dir, sizeof dir);
        bindtextdomain("guichet", dir);
        bind_textdomain_codeset("guichet", "UTF-8");
        textdomain("guichet");
        bound = 1;
    }

    /* msgids are French. For English, gettext ignores LANGUAGE when
     * LC_MESSAGES is exactly "C" or "POSIX": move LC_MESSAGES to a locale it
     * honours (C.UTF-8 is built into glibc 2.35+, en_US.UTF-8 may be
     * installed); if none exists the interface stays French. */
    if (language && strcmp(language, "en") == 0) {
        setenv("LANGUAGE", "en", 1);
        const char *cur = setlocale(LC_MESSAGES, NULL);
        if (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0) {
            if (!setlocale(LC_MESSAGES, "C.UTF-8") && !setlocale(LC_MESSAGES, "en_US.UTF-8"))
                setlocale(LC_MESSAGES, "en_GB.UTF-8");
        }
    } else {
        /* French whatever the environment says (LANG=en_US would otherwise
         * pick the English catalog): there is no "fr" catalog, so gettext
         * returns the French msgids. */
        setenv("LANGUAGE", "fr", 1);
    }
    /* gettext caches translations per language; nudge it after a change */
    textdomain("guichet");
}

int i18n_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}
