/* textbuf.h — a growing text and word wrapping, for the plain-text
 * documents of the core (subject-access document, referent cards). Private
 * to the core. (core-refactor brings a shared string builder: this one is
 * small on purpose and can move onto it.) */
#ifndef GUICHET_TEXTBUF_H
#define GUICHET_TEXTBUF_H

#include <stddef.h>

typedef struct textbuf {
    char *s;    /* NUL-terminated once anything was added; NULL before */
    size_t len; /* bytes, NUL excluded */
    size_t cap;
    int oom; /* an allocation failed: the text is incomplete */
} textbuf;

/* Appends s. */
void tb_put(textbuf *b, const char *s);

/* Appends formatted text. */
void tb_printf(textbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends text as a paragraph wrapped at width columns (utf8_width),
 * breaking at spaces; the first line starts with `first` (e.g. "  - "), the
 * next ones with `indent` spaces. A word longer than a line stands alone.
 * Ends with '\n'. */
void tb_wrap(textbuf *b, const char *first, int indent, int width, const char *text);

/* Hands the text over (caller frees) and resets b; NULL after a failed
 * allocation (b is freed). */
char *tb_take(textbuf *b);

void tb_free(textbuf *b);

#endif
