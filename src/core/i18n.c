/* i18n.c — catalog binding and language choice. */
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "guichet/i18n.h"

static int dir_exists(const char *p)
{
    struct stat st;
    return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

void i18n_init(const char *language)
{
    setlocale(LC_ALL, "");
    const char *dir = getenv("GUICHET_LOCALEDIR");
    if (!dir_exists(dir))
        dir = dir_exists(GUICHET_BUILD_LOCALEDIR) ? GUICHET_BUILD_LOCALEDIR : GUICHET_LOCALEDIR;
    bindtextdomain("guichet", dir);
    bind_textdomain_codeset("guichet", "UTF-8");
    textdomain("guichet");

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
