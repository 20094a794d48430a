/* text.h — drawing strings clipped to a width, whatever the locale.
 *
 * Strings are UTF-8. In a UTF-8 locale they are drawn as they are, clipped
 * by columns (utf8_fit: "王芳" takes 4). Otherwise (LANG=C on a Linux
 * console) they are first transliterated to ASCII ("é" -> "e", "«" -> "\"")
 * so that French text stays readable instead of showing escaped bytes. The
 * pure functions (text_prepare, text_width, text_wrap) need no terminal. */
#ifndef GUICHET_UI_TEXT_H
#define GUICHET_UI_TEXT_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/keys.h"

#define TEXT_MAX 2048 /* bytes of one drawn line after preparation */

/* The string as it will be drawn: a copy, or its ASCII transliteration when
 * the locale is not UTF-8. Always NUL-terminated; returns out. */
char *text_prepare(const char *s, char *out, size_t size);

/* ASCII transliteration of one code point ("e" for é, "oe" for œ, "?" when
 * unknown); exposed for tests. */
const char *text_translit(unsigned cp);

/* 1 when a typed code point may go into a text: a printable character; in
 * a locale that is not UTF-8 any character but U+FFFD (it is kept as UTF-8
 * and drawn transliterated: "é" as "e"). */
int text_typable(uint32_t cp);

/* The UTF-8 bytes of cp into out; returns how many (1 to 4). */
size_t text_encode(uint32_t cp, char out[4]);

/* Columns the string takes once prepared. */
int text_width(const char *s);

/* Scrolls a text view of total lines shown rows at a time when k is ↑ ↓
 * PgPréc PgSuiv Début Fin: updates *top (kept in range) and returns 1;
 * returns 0 for any other key. */
int text_scroll_key(const ui_key *k, int total, int rows, int *top);

/* Draws s at (y, x) in at most max_cols columns with attr ("…" when cut).
 * Returns the columns drawn. */
int text_put(WINDOW *win, int y, int x, int max_cols, const char *s, attr_t attr);

/* Same, padded with spaces (in attr) up to max_cols: a full bar or cell. */
void text_put_pad(WINDOW *win, int y, int x, int max_cols, const char *s, attr_t attr);

/* Draws s right-aligned so it ends at column x + cols. */
void text_put_right(WINDOW *win, int y, int x, int cols, const char *s, attr_t attr);

/* Draws s centred in cols columns starting at x. */
void text_put_center(WINDOW *win, int y, int x, int cols, const char *s, attr_t attr);

/* Fills cols columns with spaces. */
void text_fill(WINDOW *win, int y, int x, int cols, attr_t attr);

/* Word wrap: byte length of the first line of s that fits in width columns
 * (breaking after a space when possible, never inside a character); *next
 * receives the offset where the following line starts (spaces skipped).
 * Returns 0 when s is empty. Stops at '\n'. */
size_t text_wrap(const char *s, int width, size_t *next);

/* Number of lines text_wrap makes of s at width. */
int text_wrap_count(const char *s, int width);

/* Draws s wrapped in a w x h area; returns the lines used. */
int text_put_wrapped(WINDOW *win, int y, int x, int w, int h, const char *s, attr_t attr);

#endif
