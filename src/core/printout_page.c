/* printout_page.c — what every printed page shares: the site's letterhead
 * and the pure-ASCII form for old printers (see printout.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/hours.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/printout.h"
#include "guichet/utf8.h"

/* ---- the letterhead ------------------------------------------------------ */

g_status printout_letterhead(g_db *db, const g_config *cfg, int width, strbuf *b, g_error *err)
{
    g_site site;
    g_error serr = {0};
    g_status s = db_site_get(db, &site, &serr);
    if (s != G_OK && s != G_ERR_NOTFOUND) { /* unread, not absent: no default name */
        if (err)
            *err = serr;
        return s;
    }
    if (s != G_OK || !site.name[0])
        snprintf(site.name, sizeof site.name, "%s", cfg ? cfg->site.name : "");
    strbuf_wrap(b, "", 0, width, site.name[0] ? site.name : _("France Services"));
    if (!cfg)
        return G_OK;
    if (cfg->site.address[0])
        strbuf_wrap(b, "", 0, width, cfg->site.address);
    if (cfg->site.phone[0]) {
        char shown[64], line[96];
        normalize_phone_display(cfg->site.phone, shown, sizeof shown);
        snprintf(line, sizeof line, _("Tél. %s"), shown);
        strbuf_wrap(b, "", 0, width, line);
    }
    g_hours h;
    if (cfg->site.hours[0] && hours_parse(cfg->site.hours, &h, NULL) == G_OK) {
        /* the lines of hours_describe joined with « ; » into one paragraph */
        char words[1024];
        hours_describe(&h, words, sizeof words);
        strbuf para;
        strbuf_init_grow(&para);
        for (char *save = NULL, *line = strtok_r(words, "\n", &save); line;
             line = strtok_r(NULL, "\n", &save))
            strbuf_join(&para, " ; ", line);
        char *text = strbuf_take(&para);
        if (!text)
            return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
        if (text[0])
            strbuf_wrap(b, _("Horaires : "), 2, width, text);
        free(text);
    }
    return G_OK;
}

/* ---- pure ASCII ------------------------------------------------------------ */

/* U+00C0–U+00FF, one entry per character */
static const char *const latin1[64] = {
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",
    "D", "N", "O", "O", "O", "O", "O",  "x", "O", "U", "U", "U", "U", "Y", "TH", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "/", "o", "u", "u", "u", "u", "y", "th", "y",
};

/* U+0100–U+017F: the base letter of each (its case kept); the few that
 * spell out are handled before */
static const char latin_a[] = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi"
                              "--JjKkkLlLlLlLlLlNnNnNn-NnOoOoOo--RrRrRrSsSsSsSsTtTtTt"
                              "UuUuUuUuUuUuWwYyYZzZzZzs";

/* What one code point prints as, or NULL for "?". */
static const char *ascii_of(uint32_t cp, char one[2])
{
    one[1] = 0;
    if (cp < 0x80) {
        one[0] = (char)cp;
        return one;
    }
    if (cp >= 0xC0 && cp <= 0xFF)
        return latin1[cp - 0xC0];
    switch (cp) {
    case 0x132:
        return "IJ";
    case 0x133:
        return "ij";
    case 0x149:
        return "'n";
    case 0x152:
        return "OE";
    case 0x153:
        return "oe";
    case 0xA0:   /* no-break space */
    case 0x202F: /* narrow no-break space (before « : ; ! ? » in French) */
    case 0x2009: /* thin space */
        return " ";
    case 0xAB: /* « */
    case 0xBB: /* » */
    case 0x201C:
    case 0x201D:
    case 0x201E:
        return "\"";
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x2039:
    case 0x203A:
    case 0xB4:
        return "'";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212: /* minus */
    case 0xB7:   /* middle dot, as a separator */
    case 0x2022: /* bullet */
        return "-";
    case 0x2026:
        return "...";
    case 0x20AC:
        return "EUR";
    case 0xB0: /* n° */
        return "o";
    case 0xA7:
        return "S";
    case 0x2192:
        return "->";
    case 0x2190:
        return "<-";
    case 0x2191:
        return "^";
    case 0x2193:
        return "v";
    case 0x25B8: /* ▸ */
    case 0x25B6:
        return ">";
    }
    if (cp >= 0x100 && cp <= 0x17F && latin_a[cp - 0x100] != '-') {
        one[0] = latin_a[cp - 0x100];
        return one;
    }
    if (cp >= 0x2500 && cp <= 0x257F) { /* box drawing */
        if (cp == 0x2550)
            return "=";
        if (cp <= 0x2501 || cp == 0x2504 || cp == 0x2505 || cp == 0x2508 || cp == 0x2509 ||
            cp == 0x254C || cp == 0x254D || (cp >= 0x2574 && cp % 2 == 0))
            return "-";
        if (cp <= 0x250B || cp == 0x254E || cp == 0x254F || cp == 0x2551 || cp >= 0x2574)
            return "|";
        if (cp == 0x2571)
            return "/";
        if (cp == 0x2572)
            return "\\";
        return "+";
    }
    if (cp >= 0x1E00 && cp <= 0x1EFF) {
        /* Latin Extended Additional (Vietnamese ễ, ạ…): upper case at even
         * code points; the letter is what the folding table says */
        char utf[5], folded[8];
        int n = 0;
        utf[n++] = (char)(0xE0 | (cp >> 12));
        utf[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        utf[n++] = (char)(0x80 | (cp & 0x3F));
        utf[n] = 0;
        normalize_fold(utf, folded, sizeof folded);
        if (folded[0] >= 'a' && folded[0] <= 'z' && !folded[1]) {
            one[0] = cp % 2 == 0 ? (char)(folded[0] - 'a' + 'A') : folded[0];
            return one;
        }
    }
    return NULL;
}

char *printout_ascii(const char *text)
{
    strbuf b;
    strbuf_init_grow(&b);
    const char *p = text ? text : "";
    while (*p) {
        uint32_t cp;
        int n = utf8_decode(p, &cp);
        char one[2];
        const char *a = ascii_of(cp, one);
        strbuf_puts(&b, a ? a : "?");
        p += n;
    }
    return strbuf_take(&b);
}

g_status printout_finish(const g_config *cfg, char **text, g_error *err)
{
    if (!cfg || !cfg->print.ascii || !*text)
        return G_OK;
    char *a = printout_ascii(*text);
    free(*text);
    *text = a;
    if (!a)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    return G_OK;
}
