/* textbuf.c — a growing text and word wrapping (see textbuf.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/utf8.h"
#include "textbuf.h"

static int grow(textbuf *b, size_t more)
{
    if (b->oom)
        return -1;
    if (b->len + more + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) {
        b->oom = 1;
        return -1;
    }
    b->s = s;
    b->cap = cap;
    return 0;
}

void tb_put(textbuf *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (grow(b, n) != 0)
        return;
    memcpy(b->s + b->len, s ? s : "", n);
    b->len += n;
    b->s[b->len] = 0;
}

void tb_printf(textbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || grow(b, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

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

void tb_wrap(textbuf *b, const char *first, int indent, int width, const char *text)
{
    tb_put(b, first);
    int col = utf8_width(first);
    int start = 1; /* nothing on the line yet but the lead */
    const char *p = text ? text : "";
    char unit[1024];
    while (next_unit(&p, unit, sizeof unit) > 0) {
        int w = utf8_width(unit);
        if (!start && col + 1 + w > width) {
            tb_put(b, "\n");
            for (int i = 0; i < indent; i++)
                tb_put(b, " ");
            col = indent;
            start = 1;
        }
        if (!start) {
            tb_put(b, " ");
            col++;
        }
        tb_put(b, unit);
        col += w;
        start = 0;
    }
    tb_put(b, "\n");
}

char *tb_take(textbuf *b)
{
    if (b->oom) {
        tb_free(b);
        return NULL;
    }
    if (!b->s)
        tb_put(b, "");
    char *s = b->oom ? NULL : b->s;
    if (!s)
        tb_free(b);
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void tb_free(textbuf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}
