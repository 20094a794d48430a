/* strbuf_wrap.c — word wrapping onto a strbuf (see guichet/strbuf.h), for the
 * plain-text documents of the core (subject-access document, referent
 * cards). */
#include <string.h>

#include "guichet/strbuf.h"
#include "guichet/utf8.h"

/* 1 when a word must stay on the line of the word before it (French
 * punctuation preceded by a space: ; : ! ? and the closing guillemet). */
static int clings_back(const char *w)
{
    return w[0] == ';' || w[0] == ':' || w[0] == '!' || w[0] == '?' ||
           strncmp(w, "\xc2\xbb", 2) == 0; /* » */
}

/* 1 when the word after w must stay on w's line (an opening guillemet). */
static int clings_forward(const char *w, size_t n)
{
    return n >= 2 && memcmp(w + n - 2, "\xc2\xab", 2) == 0; /* « */
}

/* The next unit to place at p: a word, with the words that cling to it,
 * joined by single spaces. Returns its length in bytes (0 at the end) and
 * advances *p. */
static size_t next_unit(const char **p, char *unit, size_t size)
{
    const char *s = *p;
    size_t len = 0;
    for (;;) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        size_t n = strcspn(s, " ");
        if (len && !clings_back(s) && !clings_forward(unit, len))
            break;
        if (len + (len ? 1 : 0) + n >= size) {
            if (len)
                break;
            n = size - 1; /* a word longer than the buffer: cut (never at a line) */
        }
        if (len)
            unit[len++] = ' ';
        memcpy(unit + len, s, n);
        len += n;
        unit[len] = 0;
        s += n;
        if (!*s)
            break;
    }
    *p = s;
    return len;
}

int strbuf_wrap(strbuf *b, const char *first, int indent, int width, const char *text)
{
    strbuf_puts(b, first);
    int col = utf8_width(first);
    int start = 1; /* nothing on the line yet but the lead */
    const char *p = text ? text : "";
    char unit[1024];
    while (next_unit(&p, unit, sizeof unit) > 0) {
        int w = utf8_width(unit);
        if (!start && col + 1 + w > width) {
            strbuf_puts(b, "\n");
            for (int i = 0; i < indent; i++)
                strbuf_puts(b, " ");
            col = indent;
            start = 1;
        }
        if (!start) {
            strbuf_puts(b, " ");
            col++;
        }
        strbuf_puts(b, unit);
        col += w;
        start = 0;
    }
    return strbuf_puts(b, "\n");
}
