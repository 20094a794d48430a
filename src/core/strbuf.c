/* strbuf.c — see guichet/strbuf.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/strbuf.h"

static char empty[1];

void strbuf_init(strbuf *b, char *buf, size_t size)
{
    memset(b, 0, sizeof *b);
    b->buf = buf;
    b->size = size;
    if (size)
        buf[0] = 0;
    else
        b->truncated = 1;
}

void strbuf_attach(strbuf *b, char *buf, size_t size)
{
    memset(b, 0, sizeof *b);
    b->buf = buf;
    b->size = size;
    if (!size) {
        b->truncated = 1;
        return;
    }
    b->len = strnlen(buf, size);
    if (b->len == size) { /* not terminated: keep what fits */
        b->len = size - 1;
        buf[b->len] = 0;
        b->truncated = 1;
    }
}

void strbuf_init_grow(strbuf *b)
{
    memset(b, 0, sizeof *b);
    b->grows = 1;
}

/* Room for n more bytes and the NUL: 0, or -1 when it cannot be made. */
static int room(strbuf *b, size_t n)
{
    if (b->len + n < b->size)
        return 0;
    if (!b->grows)
        return -1;
    size_t size = b->size ? b->size : 256;
    while (b->len + n >= size) {
        if (size > (size_t)-1 / 2)
            return -1;
        size *= 2;
    }
    char *p = realloc(b->buf, size);
    if (!p)
        return -1;
    b->buf = p;
    b->size = size;
    return 0;
}

/* Keeps what fits of s (n bytes) in a caller's buffer, cut before the
 * character that would not fit whole. */
static void cut(strbuf *b, const char *s, size_t n)
{
    b->truncated = 1;
    if (b->grows || b->size == 0)
        return;
    size_t k = b->size - 1 - b->len;
    if (k > n)
        k = n;
    /* back to the start of a character: continuation bytes are 10xxxxxx */
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    memcpy(b->buf + b->len, s, k);
    b->len += k;
    b->buf[b->len] = 0;
}

int strbuf_putn(strbuf *b, const char *s, size_t n)
{
    if (b->truncated)
        return -1;
    if (!s || !n)
        return 0;
    if (room(b, n) != 0) {
        cut(b, s, n);
        return -1;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = 0;
    return 0;
}

int strbuf_puts(strbuf *b, const char *s)
{
    return strbuf_putn(b, s, s ? strlen(s) : 0);
}

int strbuf_vprintf(strbuf *b, const char *fmt, va_list ap)
{
    if (b->truncated)
        return -1;
    char small[256];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    if (n < 0) {
        b->truncated = 1;
        return -1;
    }
    if ((size_t)n < sizeof small)
        return strbuf_putn(b, small, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->truncated = 1;
        return -1;
    }
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    int r = strbuf_putn(b, big, (size_t)n);
    free(big);
    return r;
}

int strbuf_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = strbuf_vprintf(b, fmt, ap);
    va_end(ap);
    return r;
}

int strbuf_join(strbuf *b, const char *sep, const char *s)
{
    if (!s || !*s)
        return b->truncated ? -1 : 0;
    if (b->len && strbuf_puts(b, sep) != 0)
        return -1;
    return strbuf_puts(b, s);
}

const char *strbuf_str(const strbuf *b)
{
    return b->buf ? b->buf : empty;
}

char *strbuf_take(strbuf *b)
{
    char *p = NULL;
    if (!b->truncated)
        p = b->buf ? b->buf : strdup("");
    else
        free(b->buf);
    strbuf_init_grow(b);
    return p;
}

void strbuf_free(strbuf *b)
{
    if (b->grows)
        free(b->buf);
    strbuf_init_grow(b);
}
