/* chart.h — terminal charts: a heat scale and horizontal bars, in Unicode
 * blocks in a UTF-8 locale and in ASCII on a bare console, readable in
 * monochrome (the level is the glyph, never only a colour).
 *
 * Pure functions (no terminal): tests/ui/test_chart.c checks them. */
#ifndef GUICHET_UI_CHART_H
#define GUICHET_UI_CHART_H

#include <stddef.h>
#include <stdint.h>

#define CHART_LEVELS 8 /* heat levels 1..8 (0 = nothing) */

/* The heat level 0..CHART_LEVELS of value on a scale whose top is max:
 * 0 only for 0, CHART_LEVELS for max, never 0 for a value above 0. */
int chart_level(int64_t value, int64_t max);

/* The glyph of a level (one column): "▁".."█" (UTF-8) or ":-=+*#%@"
 * (ascii); level 0: " ". Static string. */
const char *chart_glyph(int level, int ascii);

/* The glyph of an empty hour when the site is open ("·", ascii "."): the
 * dots draw the shape of the opening hours. */
const char *chart_open_dot(int ascii);

/* A horizontal bar of value on a scale whose top (max) takes width
 * columns: full blocks and the last eighth ("█▉▊▋▌▍▎▏", ascii "#" and,
 * for half a cell or more, "="), at least one eighth for a value above 0.
 * Writes at most width columns into buf (NUL-terminated); returns the
 * columns used. */
int chart_bar(int64_t value, int64_t max, int width, int ascii, char *buf, size_t size);

/* value / total as a rounded whole percentage, "" when total is 0:
 * « 33 % » (a narrow no-break space before %, shown as a space on a bare console). */
const char *chart_percent(int64_t value, int64_t total, char *buf, size_t size);

#endif
