/* fieldtext.c — see fieldtext.h. */
#include <stdio.h>
#include <string.h>

#include "guichet/fieldtext.h"
#include "guichet/i18n.h"
#include "guichet/utf8.h"

/* The bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069) are refused with the C0 and C1 controls: not drawn
 * themselves, they reverse how the text after them is drawn (a name that
 * shows as another, "Trojan Source"). */
static int is_bidi_control(uint32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

int fieldtext_is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || is_bidi_control(cp);
}

long fieldtext_find_control(const char *s, int flags, uint32_t *cp)
{
    if (!s)
        return -1;
    for (const char *p = s; *p;) {
        unsigned char b = (unsigned char)*p;
        if (b >= 0x20 && b < 0x7F) { /* printable ASCII: the common case */
            p++;
            continue;
        }
        uint32_t c;
        int n = utf8_decode(p, &c);
        int invalid = c == 0xFFFD && !(n == 3 && memcmp(p, "\xEF\xBF\xBD", 3) == 0);
        if (invalid || (fieldtext_is_control(c) && !(c == '\n' && (flags & FIELDTEXT_MULTILINE)))) {
            if (cp)
                *cp = invalid ? 0xFFFD : c;
            return (long)(p - s);
        }
        p += n;
    }
    return -1;
}

/* A name for the characters people may recognise. */
static const char *control_name(uint32_t cp)
{
    switch (cp) {
    case '\t':
        return _("tabulation");
    case '\n':
        return _("retour à la ligne");
    case '\r':
        return _("retour chariot");
    case 0x07:
        return _("sonnerie");
    case 0x1B:
        return _("échappement");
    case 0x7F:
        return _("suppression");
    case 0x00:
        return _("caractère nul");
    default:
        if (is_bidi_control(cp))
            return _("inversion du sens d'écriture");
        return _("caractère de contrôle");
    }
}

g_status fieldtext_check(const char *s, int flags, const char *field, const char *label,
                         g_error *err)
{
    uint32_t cp = 0;
    long at = fieldtext_find_control(s, flags, &cp);
    if (at < 0)
        return G_OK;
    /* the position in characters, as a person counts */
    long pos = 1;
    for (const char *p = s; p < s + at;) {
        uint32_t c;
        p += utf8_decode(p, &c);
        pos++;
    }
    if (cp == 0xFFFD)
        return g_err_field(err, G_ERR_INVALID, field,
                           _("%s : texte illisible en position %ld (ce n'est pas de l'UTF-8)."),
                           label, pos);
    if (flags & FIELDTEXT_MULTILINE)
        return g_err_field(err, G_ERR_INVALID, field,
                           _("%s : caractère de contrôle interdit (U+%04X, %s) en position %ld ; "
                             "seuls les retours à la ligne sont admis."),
                           label, (unsigned)cp, control_name(cp), pos);
    return g_err_field(err, G_ERR_INVALID, field,
                       _("%s : caractère de contrôle interdit (U+%04X, %s) en position %ld ; "
                         "tabulations, retours à la ligne et codes de terminal ne sont pas "
                         "admis."),
                       label, (unsigned)cp, control_name(cp), pos);
}

char *fieldtext_visible(const char *s, int keep_lf, char *out, size_t size)
{
    if (!size)
        return out;
    size_t w = 0;
    for (const char *p = s ? s : ""; *p;) {
        uint32_t c;
        int n = utf8_decode(p, &c);
        int invalid = c == 0xFFFD && !(n == 3 && memcmp(p, "\xEF\xBF\xBD", 3) == 0);
        const char *rep = p;
        size_t len = (size_t)n;
        if (invalid || (fieldtext_is_control(c) && !(c == '\n' && keep_lf))) {
            rep = FIELDTEXT_PLACEHOLDER;
            len = 3;
        }
        if (w + len >= size)
            break;
        memcpy(out + w, rep, len);
        w += len;
        p += n;
    }
    out[w] = 0;
    return out;
}
