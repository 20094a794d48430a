/* i18n.h — gettext for every user-visible string.
 *
 * The msgids are French, the interface language: a machine with only the C
 * locale shows French. data/po/en.po is the English catalog, used when
 * [ui] language = en. */
#ifndef GUICHET_I18N_H
#define GUICHET_I18N_H

#include <libintl.h>
#include <stddef.h>

#define _(s)        gettext(s)
#define N_(s)       (s)
#define P_(s, p, n) ngettext((s), (p), (n))

/* Sets LC_ALL from the environment (for UTF-8 width), binds the catalog
 * directory (i18n_localedir) and
 * chooses the language: "fr" (the msgids) or "en". Safe to call again when the
 * settings change the language. */
void i18n_init(const char *language);

/* The catalog directory: $GUICHET_LOCALEDIR when it exists (tests), else
 * <program's folder>/../share/locale (an installed program, wherever its
 * prefix or DESTDIR), else <program's folder>/locale (the build tree: the
 * binary sits beside locale/), else the configured install prefix. */
void i18n_localedir(char *buf, size_t size);

/* 1 when the terminal locale's character set is UTF-8. */
int i18n_utf8(void);

#endif
