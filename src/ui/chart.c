/* chart.c — terminal charts (see chart.h). */
#include <stdio.h>
#include <string.h>

#include "ui/chart.h"

static const char *const blocks[CHART_LEVELS] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
static const char *const ascii_glyphs[CHART_LEVELS] = {":", "-", "=", "+", "*", "#", "%", "@"};
/* eighths of a cell, left-aligned: index 1..7 */
static const char *const eighths[8] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

int chart_level(int64_t value, int64_t max)
{
    if (value <= 0 || max <= 0)
        return 0;
    if (value >= max)
        return CHART_LEVELS;
    /* ceiling: the smallest value above 0 is level 1 */
    int64_t l = (value * CHART_LEVELS + max - 1) / max;
    return l < 1 ? 1 : l > CHART_LEVELS ? CHART_LEVELS : (int)l;
}

const char *chart_glyph(int level, int ascii)
{
    if (level <= 0)
        return " ";
    if (level > CHART_LEVELS)
        level = CHART_LEVELS;
    return ascii ? ascii_glyphs[level - 1] : blocks[level - 1];
}

const char *chart_open_dot(int ascii)
{
    return ascii ? "." : "·";
}

int chart_bar(int64_t value, int64_t max, int width, int ascii, char *buf, size_t size)
{
    buf[0] = 0;
    if (value <= 0 || max <= 0 || width <= 0 || size < 2)
        return 0;
    if (value > max)
        value = max;
    int64_t e = value * width * 8 / max; /* eighths of a column */
    if (e < 1)
        e = 1;
    int full = (int)(e / 8), part = (int)(e % 8), cols = 0;
    size_t len = 0;
    for (int i = 0; i < full; i++) {
        const char *g = ascii ? "#" : "█";
        size_t gl = strlen(g);
        if (len + gl + 1 > size)
            break;
        memcpy(buf + len, g, gl);
        len += gl;
        cols++;
    }
    if (part && cols < width) {
        const char *g = ascii ? (part >= 4 ? "=" : (full ? "" : "=")) : eighths[part];
        size_t gl = strlen(g);
        if (gl && len + gl + 1 <= size) {
            memcpy(buf + len, g, gl);
            len += gl;
            cols++;
        }
    }
    buf[len] = 0;
    return cols;
}

const char *chart_percent(int64_t value, int64_t total, char *buf, size_t size)
{
    if (total <= 0) {
        snprintf(buf, size, "%s", "");
        return buf;
    }
    int64_t p = (value * 200 + total) / (2 * total); /* rounded */
    snprintf(buf, size, "%lld\u202f%%", (long long)p);
    return buf;
}
