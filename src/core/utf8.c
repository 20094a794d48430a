/* utf8.c — see utf8.h. */
#define _XOPEN_SOURCE 700
#include <string.h>
#include <wchar.h>

#include "guichet/i18n.h"
#include "guichet/utf8.h"

int utf8_decode(const char *str, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    uint32_t c = s[0];
    int n;
    uint32_t min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        n = 2, min = 0x80, c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3, min = 0x800, c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4, min = 0x10000, c &= 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = c;
    return n;
}

int utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        /* decode from a bounded copy so a truncated sequence at the end is
         * not read past len */
        char buf[5] = {0};
        size_t k = len - i < 4 ? len - i : 4;
        memcpy(buf, s + i, k);
        uint32_t cp;
        int n = utf8_decode(buf, &cp);
        if (n == 1) /* a byte >= 0x80 that starts no valid sequence */
            return 0;
        i += (size_t)n;
    }
    return 1;
}

size_t utf8_chars(const char *s)
{
    size_t n = 0;
    uint32_t cp;
    while (*s) {
        s += utf8_decode(s, &cp);
        n++;
    }
    return n;
}

static int cp_width(uint32_t cp)
{
    int w = wcwidth((wchar_t)cp);
    if (w >= 0)
        return w;
    /* wcwidth needs a UTF-8 locale; outside one, count a column each */
    return 1;
}

int utf8_width(const char *s)
{
    int w = 0;
    uint32_t cp;
    while (*s) {
        s += utf8_decode(s, &cp);
        w += cp_width(cp);
    }
    return w;
}

int utf8_fit(const char *s, int max_cols, int ellipsis, char *out, size_t size)
{
    if (size == 0)
        return 0;
    out[0] = 0;
    if (max_cols <= 0)
        return 0;
    int total = utf8_width(s);
    int limit = max_cols;
    const char *mark = i18n_utf8() ? "…" : "~";
    int cut = total > max_cols;
    if (cut && ellipsis)
        limit = max_cols - 1;
    size_t o = 0;
    int cols = 0;
    uint32_t cp;
    while (*s) {
        int n = utf8_decode(s, &cp);
        int w = cp_width(cp);
        if (cols + w > limit || o + (size_t)n + 4 > size)
            break;
        memcpy(out + o, s, (size_t)n);
        o += (size_t)n;
        cols += w;
        s += n;
    }
    if (cut && ellipsis && o + strlen(mark) < size) {
        memcpy(out + o, mark, strlen(mark));
        o += strlen(mark);
        cols += 1;
    }
    out[o] = 0;
    return cols;
}

size_t utf8_prev(const char *s, size_t pos)
{
    if (pos == 0)
        return 0;
    pos--;
    while (pos > 0 && ((unsigned char)s[pos] & 0xC0) == 0x80)
        pos--;
    return pos;
}

size_t utf8_next(const char *s, size_t pos)
{
    if (!s[pos])
        return pos;
    uint32_t cp;
    return pos + (size_t)utf8_decode(s + pos, &cp);
}
