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

void tb_wrap(textbuf *b, const char *first, int indent, int width, const char *text)
{
    tb_put(b, first);
    int col = utf8_width(first);
    int start = 1; /* nothing on the line yet but the lead */
    const char *p = text ? text : "";
    char word[1024];
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, " ");
        if (n >= sizeof word)
            n = sizeof word - 1;
        memcpy(word, p, n);
        word[n] = 0;
        p += n;
        int w = utf8_width(word);
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
        tb_put(b, word);
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
