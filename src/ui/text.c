/* text.c — see text.h. */
#include <string.h>
#include <wchar.h>

#include "guichet/fieldtext.h"
#include "guichet/i18n.h"
#include "guichet/utf8.h"
#include "ui/text.h"

/* Latin-1 supplement U+00C0..U+00FF, one ASCII rendering each. */
static const char *const latin1[64] = {
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",
    "D", "N", "O", "O", "O", "O", "O",  "x", "O", "U", "U", "U", "U", "Y", "Th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "/", "o", "u", "u", "u", "u", "y", "th", "y",
};

static const struct {
    unsigned cp;
    const char *ascii;
} extra[] = {
    {0x00A0, " "},   {0x00AB, "\""}, {0x00BB, "\""}, {0x00B7, "."},   {0x00B0, "o"},
    {0x00A9, "(c)"}, {0x0152, "OE"}, {0x0153, "oe"}, {0x0178, "Y"},   {0x2018, "'"},
    {0x2019, "'"},   {0x201C, "\""}, {0x201D, "\""}, {0x2013, "-"},   {0x2014, "-"},
    {0x2026, "..."}, {0x202F, " "},  {0x2009, " "},  {0x20AC, "EUR"}, {0x2192, "->"},
    {0x2190, "<-"},  {0x2191, "^"},  {0x2193, "v"},  {0x2022, "*"},   {0x00E6, "ae"},
};

const char *text_translit(unsigned cp)
{
    if (cp >= 0xC0 && cp <= 0xFF)
        return latin1[cp - 0xC0];
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
        if (extra[i].cp == cp)
            return extra[i].ascii;
    /* Latin Extended-A: a rough base letter is better than nothing */
    if (cp >= 0x100 && cp <= 0x17F) {
        static const char base[] = "AaAaAaCcCcCcCcDd"
                                   "DdEeEeEeEeEeGgGg"
                                   "GgGgHhHhIiIiIiIi"
                                   "IiJjJjKkkLlLlLlL"
                                   "lLlNnNnNnnNnOoOo"
                                   "OoOoRrRrRrSsSsSs"
                                   "SsTtTtTtUuUuUuUu"
                                   "UuUuWwYyYZzZzZzs";
        static char one[2];
        size_t i = cp - 0x100;
        one[0] = i < sizeof base - 1 ? base[i] : '?';
        return one;
    }
    return "?";
}

char *text_prepare(const char *s, char *out, size_t size)
{
    if (!size)
        return out;
    if (!s)
        s = "";
    if (i18n_utf8()) {
        /* a stored text holding a control character (saved before the input
         * rule, or behind guichet's back) is drawn with « � » in its place:
         * nothing reaches the terminal as a control (fieldtext.h) */
        if (fieldtext_find_control(s, FIELDTEXT_LINE, NULL) >= 0)
            return fieldtext_visible(s, 0, out, size);
        /* never cut a character: utf8_fit with no column limit that matters */
        size_t n = strlen(s);
        if (n < size) {
            memcpy(out, s, n + 1);
        } else {
            size_t cut = size - 1;
            while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
                cut--;
            memcpy(out, s, cut);
            out[cut] = 0;
        }
        return out;
    }
    size_t o = 0;
    while (*s) {
        uint32_t cp;
        int n = utf8_decode(s, &cp);
        const char *rep;
        char one[2] = {0, 0};
        if (cp < 0x80) {
            one[0] = (char)(cp < 0x20 || cp == 0x7F ? '?' : cp);
            rep = one;
        } else {
            rep = text_translit(cp);
        }
        size_t len = strlen(rep);
        if (o + len + 1 > size)
            break;
        memcpy(out + o, rep, len);
        o += len;
        s += n;
    }
    out[o] = 0;
    return out;
}

int text_width(const char *s)
{
    char buf[TEXT_MAX];
    return utf8_width(text_prepare(s, buf, sizeof buf));
}

int text_put(WINDOW *win, int y, int x, int max_cols, const char *s, attr_t attr)
{
    if (max_cols <= 0)
        return 0;
    char prep[TEXT_MAX], fit[TEXT_MAX];
    text_prepare(s, prep, sizeof prep);
    int cols = utf8_fit(prep, max_cols, 1, fit, sizeof fit);
    wattrset(win, (int)attr);
    mvwaddstr(win, y, x, fit);
    wattrset(win, A_NORMAL);
    return cols;
}

void text_fill(WINDOW *win, int y, int x, int cols, attr_t attr)
{
    if (cols <= 0)
        return;
    wattrset(win, (int)attr);
    mvwhline(win, y, x, ' ', cols);
    wattrset(win, A_NORMAL);
}

void text_put_pad(WINDOW *win, int y, int x, int max_cols, const char *s, attr_t attr)
{
    text_fill(win, y, x, max_cols, attr);
    text_put(win, y, x, max_cols, s, attr);
}

void text_put_right(WINDOW *win, int y, int x, int cols, const char *s, attr_t attr)
{
    int w = text_width(s);
    if (w > cols)
        w = cols;
    text_put(win, y, x + cols - w, w, s, attr);
}

void text_put_center(WINDOW *win, int y, int x, int cols, const char *s, attr_t attr)
{
    int w = text_width(s);
    if (w > cols)
        w = cols;
    text_put(win, y, x + (cols - w) / 2, w, s, attr);
}

/* Columns one code point takes once drawn in the current locale. */
static int cp_cols(uint32_t cp)
{
    if (cp < 0x80)
        return 1;
    if (!i18n_utf8())
        return (int)strlen(text_translit(cp));
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

size_t text_wrap(const char *s, int width, size_t *next)
{
    size_t i = 0, last_space = 0;
    int cols = 0, have_space = 0;
    if (width < 1)
        width = 1;
    while (s[i] && s[i] != '\n') {
        uint32_t cp;
        int n = utf8_decode(s + i, &cp);
        int w = cp_cols(cp);
        if (cols + w > width && i > 0)
            break;
        if (s[i] == ' ')
            last_space = i, have_space = 1;
        cols += w;
        i += (size_t)n;
    }
    size_t len = i, nx = i;
    if (s[i] == '\n') {
        nx = i + 1;
    } else if (s[i]) {
        /* cut inside a word: break at the last space if there was one */
        if (have_space && last_space > 0)
            len = last_space, nx = last_space;
        while (s[nx] == ' ')
            nx++;
    }
    if (next)
        *next = nx;
    return len;
}

int text_wrap_count(const char *s, int width)
{
    int lines = 0;
    while (*s) {
        size_t next;
        text_wrap(s, width, &next);
        lines++;
        if (next == 0)
            break;
        s += next;
    }
    return lines;
}

int text_put_wrapped(WINDOW *win, int y, int x, int w, int h, const char *s, attr_t attr)
{
    int line = 0;
    char buf[TEXT_MAX];
    while (*s && line < h) {
        size_t next, len = text_wrap(s, w, &next);
        if (len >= sizeof buf)
            len = sizeof buf - 1;
        memcpy(buf, s, len);
        buf[len] = 0;
        text_put(win, y + line, x, w, buf, attr);
        line++;
        if (next == 0)
            break;
        s += next;
    }
    return line;
}

int text_scroll_key(const ui_key *k, int total, int rows, int *top)
{
    int max_top = total > rows ? total - rows : 0;
    int page = rows > 1 ? rows - 1 : 1;
    int t = *top;
    switch (k->action) {
    case ACT_UP:
        t--;
        break;
    case ACT_DOWN:
        t++;
        break;
    case ACT_PAGE_UP:
        t -= page;
        break;
    case ACT_PAGE_DOWN:
        t += page;
        break;
    case ACT_FIRST:
        t = 0;
        break;
    case ACT_LAST:
        t = max_top;
        break;
    default:
        return 0;
    }
    *top = t < 0 ? 0 : t > max_top ? max_top : t;
    return 1;
}
