/* utf8.h — UTF-8 text as the screens and validators need it.
 *
 * Width is terminal columns (wcwidth: "王" is 2, a combining accent 0).
 * Nothing here ever cuts a character in the middle. */
#ifndef GUICHET_UTF8_H
#define GUICHET_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* 1 when s (len bytes) is valid UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t len);

/* Decodes one character at s; returns its byte length (1..4) and the code
 * point in *cp, or 1 with *cp = 0xFFFD on an invalid byte. s must not be at
 * its terminating NUL. */
int utf8_decode(const char *s, uint32_t *cp);

/* Number of characters (code points) in s. */
size_t utf8_chars(const char *s);

/* Terminal columns of s (unprintable characters count 1). */
int utf8_width(const char *s);

/* Copies into out (size bytes) at most max_cols columns of s, never cutting a
 * character; when s is longer and ellipsis is set, the last column is "…"
 * (or "~" when the locale is not UTF-8). Returns the columns used. */
int utf8_fit(const char *s, int max_cols, int ellipsis, char *out, size_t size);

/* Byte offset of the start of the character before offset pos (0 if none). */
size_t utf8_prev(const char *s, size_t pos);

/* Byte offset just after the character at pos. */
size_t utf8_next(const char *s, size_t pos);

#endif
