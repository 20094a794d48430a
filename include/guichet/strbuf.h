/* strbuf.h — building a string by appending, with its one truncation rule.
 *
 * Two kinds, one API:
 * - on a caller's buffer (strbuf_init): what does not fit is cut on a UTF-8
 *   character boundary, never in the middle of one, and the buffer says it
 *   was cut (truncated) instead of each call site guarding its own
 *   snprintf and adding up its return values;
 * - growing (strbuf_init_grow): the text lives in malloc'd memory that grows
 *   as needed; truncated then means memory ran out.
 * The text is always NUL-terminated. Appending to a truncated buffer does
 * nothing more: the first cut is where the text ends. */
#ifndef GUICHET_STRBUF_H
#define GUICHET_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct strbuf {
    char *buf;     /* the text (the caller's buffer, or malloc'd when it grows) */
    size_t size;   /* bytes of buf */
    size_t len;    /* bytes of text (< size) */
    int truncated; /* 1 once something did not fit (or memory ran out) */
    int grows;     /* 1: buf is malloc'd and grows */
} strbuf;

/* On a caller's buffer of size bytes (size > 0); empties it. */
void strbuf_init(strbuf *b, char *buf, size_t size);

/* On a caller's buffer that already holds a NUL-terminated text, to go on
 * appending to it. */
void strbuf_attach(strbuf *b, char *buf, size_t size);

/* Growing, empty; release with strbuf_free or hand over with strbuf_take. */
void strbuf_init_grow(strbuf *b);

/* Appends, printf-style. Return 0, or -1 when (now or before) the text had
 * to be cut. */
int strbuf_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int strbuf_vprintf(strbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Appends s (NULL is nothing), or its first n bytes. */
int strbuf_puts(strbuf *b, const char *s);
int strbuf_putn(strbuf *b, const char *s, size_t n);

/* Appends sep, then s, the separator only when the text is not empty:
 * "a · b · c" from a list whose items may be missing. */
int strbuf_join(strbuf *b, const char *sep, const char *s);

/* Appends text as a paragraph wrapped at width columns (utf8_width),
 * breaking at spaces and keeping French punctuation (; : ! ? « ») with its
 * word; the first line starts with `first` (e.g. "  - "), the next ones
 * with `indent` spaces. A word longer than a line stands alone. Ends with
 * '\n'. Returns as strbuf_puts. */
int strbuf_wrap(strbuf *b, const char *first, int indent, int width, const char *text);

/* The text so far ("" for a growing buffer that never grew). */
const char *strbuf_str(const strbuf *b);

/* A growing buffer's text, handed over to the caller (free() it); NULL
 * when memory ran out. The buffer is empty again. */
char *strbuf_take(strbuf *b);

/* Frees a growing buffer's text (nothing for a caller's buffer). */
void strbuf_free(strbuf *b);

#endif
