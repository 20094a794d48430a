/* textarea.c — see textarea.h. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <wchar.h>
#include <wctype.h>

#include "guichet/i18n.h"
#include "guichet/utf8.h"
#include "ui/text.h"
#include "ui/textarea.h"
#include "ui/theme.h"

int textarea_init(ui_textarea *t, size_t max_bytes)
{
    memset(t, 0, sizeof *t);
    t->buf = sodium_malloc(max_bytes + 1);
    if (!t->buf)
        return -1;
    sodium_memzero(t->buf, max_bytes + 1);
    t->max_bytes = max_bytes;
    t->goal_col = -1;
    t->width = 80; /* until the first draw tells the real width */
    t->height = 10;
    return 0;
}

void textarea_free(ui_textarea *t)
{
    if (t->buf)
        sodium_free(t->buf); /* sodium_free wipes before unmapping */
    t->buf = NULL;
    t->len = t->cursor = 0;
}

void textarea_clear(ui_textarea *t)
{
    if (t->buf)
        sodium_memzero(t->buf, t->max_bytes + 1);
    t->len = t->cursor = 0;
    t->top = 0;
    t->goal_col = -1;
    t->error[0] = 0;
}

int textarea_set(ui_textarea *t, const char *s, size_t len)
{
    if (!t->buf || len > t->max_bytes || !utf8_valid(s, len) || memchr(s, 0, len))
        return -1;
    textarea_clear(t);
    memcpy(t->buf, s, len);
    t->buf[len] = 0;
    t->len = len;
    t->modified = 0;
    return 0;
}

/* Columns one code point takes once drawn in the current locale (as text.c). */
static int cp_cols(uint32_t cp)
{
    if (cp == '\t')
        return 1; /* drawn as a space */
    if (cp < 0x80)
        return 1;
    if (!i18n_utf8())
        return (int)strlen(text_translit(cp));
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

static int cols_at(const ui_textarea *t, size_t pos, size_t *next)
{
    uint32_t cp;
    int n = utf8_decode(t->buf + pos, &cp);
    if (next)
        *next = pos + (size_t)n;
    return cp_cols(cp);
}

int textarea_layout(const ui_textarea *t, int width, size_t *starts, int max)
{
    if (width < 1)
        width = 1;
    const char *b = t->buf;
    size_t p = 0;
    int n = 0;
    for (;;) {
        if (n < max)
            starts[n] = p;
        n++;
        size_t i = p, brk = 0;
        int cols = 0, wrapped = 0;
        while (i < t->len && b[i] != '\n') {
            if (b[i] == ' ') {
                /* spaces hang at the end of the line they follow */
                cols++;
                i++;
                brk = i;
                continue;
            }
            size_t nx;
            int w = cols_at(t, i, &nx);
            if (cols + w > width && i > p) {
                p = brk > p ? brk : i;
                wrapped = 1;
                break;
            }
            cols += w;
            i = nx;
        }
        if (wrapped)
            continue;
        if (i >= t->len)
            break;
        p = i + 1; /* after the line break: the next line (maybe empty and last) */
    }
    return n;
}

/* The visual lines as a malloc'd array of offsets (not secret), NULL when
 * out of memory. */
static size_t *layout_alloc(const ui_textarea *t, int width, int *n)
{
    int max = (int)t->len + 2;
    size_t *starts = malloc(sizeof *starts * (size_t)max);
    if (!starts)
        return NULL;
    *n = textarea_layout(t, width, starts, max);
    return starts;
}

static int line_of(const size_t *starts, int n, size_t pos)
{
    int l = 0;
    while (l + 1 < n && starts[l + 1] <= pos)
        l++;
    return l;
}

/* Last cursor position of visual line l (before its '\n', or before the
 * first character of the next visual line). */
static size_t line_end(const ui_textarea *t, const size_t *starts, int n, int l)
{
    if (l + 1 >= n)
        return t->len;
    size_t e = starts[l + 1];
    return utf8_prev(t->buf, e) >= starts[l] ? utf8_prev(t->buf, e) : starts[l];
}

static int span_cols(const ui_textarea *t, size_t from, size_t to)
{
    int c = 0;
    for (size_t i = from; i < to && i < t->len;) {
        if (t->buf[i] == '\n')
            break;
        c += cols_at(t, i, &i);
    }
    return c;
}

void textarea_pos(const ui_textarea *t, int width, size_t pos, int *line, int *col)
{
    int n;
    size_t *starts = layout_alloc(t, width, &n);
    if (!starts) {
        *line = *col = 0;
        return;
    }
    int l = line_of(starts, n, pos);
    *line = l;
    *col = span_cols(t, starts[l], pos);
    free(starts);
}

/* The position on visual line l nearest to column goal. */
static size_t pos_at_col(const ui_textarea *t, const size_t *starts, int n, int l, int goal)
{
    size_t end = line_end(t, starts, n, l);
    size_t p = starts[l];
    int col = 0;
    while (p < end && t->buf[p] != '\n') {
        size_t nx;
        int w = cols_at(t, p, &nx);
        if (col + w > goal)
            break;
        col += w;
        p = nx;
    }
    return p;
}

static void erase_range(ui_textarea *t, size_t from, size_t to)
{
    if (to <= from || to > t->len)
        return;
    memmove(t->buf + from, t->buf + to, t->len - to);
    sodium_memzero(t->buf + t->len - (to - from), to - from);
    t->len -= to - from;
    t->buf[t->len] = 0;
    t->modified = 1;
    t->error[0] = 0;
}

static void fmt_thousands(size_t v, char *buf, size_t size)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%zu", v);
    size_t n = strlen(digits), o = 0;
    /* a narrow no-break space between groups of three, as in French */
    const char *sep = "\xe2\x80\xaf";
    for (size_t i = 0; i < n && o + 5 < size; i++) {
        if (i && (n - i) % 3 == 0) {
            memcpy(buf + o, sep, 3);
            o += 3;
        }
        buf[o++] = digits[i];
    }
    buf[o] = 0;
}

const char *textarea_size_text(const ui_textarea *t, char *buf, size_t size)
{
    char used[32], max[32];
    fmt_thousands(t->len, used, sizeof used);
    fmt_thousands(t->max_bytes, max, sizeof max);
    snprintf(buf, size, _("%s / %s octets"), used, max);
    return buf;
}

int textarea_insert(ui_textarea *t, uint32_t cp)
{
    if ((cp < 0x20 && cp != '\n') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    char enc[4];
    size_t n = text_encode(cp, enc);
    if (t->len + n > t->max_bytes) {
        char max[32];
        fmt_thousands(t->max_bytes, max, sizeof max);
        snprintf(t->error, sizeof t->error,
                 _("Taille maximale atteinte : une note compte au plus %s octets."), max);
        sodium_memzero(enc, sizeof enc);
        return -1;
    }
    memmove(t->buf + t->cursor + n, t->buf + t->cursor, t->len - t->cursor);
    memcpy(t->buf + t->cursor, enc, n);
    sodium_memzero(enc, sizeof enc);
    t->len += n;
    t->buf[t->len] = 0;
    t->cursor += n;
    t->modified = 1;
    t->error[0] = 0;
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t';
}

static size_t word_next(const ui_textarea *t, size_t p)
{
    while (p < t->len && !is_space(t->buf[p]))
        p = utf8_next(t->buf, p);
    while (p < t->len && is_space(t->buf[p]))
        p++;
    return p;
}

static size_t word_prev(const ui_textarea *t, size_t p)
{
    while (p > 0 && is_space(t->buf[p - 1]))
        p--;
    while (p > 0 && !is_space(t->buf[utf8_prev(t->buf, p)]))
        p = utf8_prev(t->buf, p);
    return p;
}

/* Ctrl+←/→ as this terminal sends them (terminfo kLFT5/kRIT5), 0 if unknown. */
static int ctrl_arrow(int right)
{
    static int done, left_code, right_code;
    if (!done) {
        done = 1;
        if (cur_term) {
            char *l = tigetstr("kLFT5"), *r = tigetstr("kRIT5");
            if (l && l != (char *)-1)
                left_code = key_defined(l);
            if (r && r != (char *)-1)
                right_code = key_defined(r);
            if (left_code < 0)
                left_code = 0;
            if (right_code < 0)
                right_code = 0;
        }
    }
    return right ? right_code : left_code;
}

/* Vertical move by delta visual lines, keeping the goal column. */
static void move_lines(ui_textarea *t, int delta)
{
    int n;
    size_t *starts = layout_alloc(t, t->width, &n);
    if (!starts)
        return;
    int l = line_of(starts, n, t->cursor);
    if (t->goal_col < 0)
        t->goal_col = span_cols(t, starts[l], t->cursor);
    int target = l + delta;
    if (target < 0) {
        t->cursor = 0;
    } else if (target >= n) {
        t->cursor = t->len;
    } else {
        t->cursor = pos_at_col(t, starts, n, target, t->goal_col);
    }
    free(starts);
}

static void line_home_end(ui_textarea *t, int end)
{
    int n;
    size_t *starts = layout_alloc(t, t->width, &n);
    if (!starts)
        return;
    int l = line_of(starts, n, t->cursor);
    t->cursor = end ? line_end(t, starts, n, l) : starts[l];
    free(starts);
}

static size_t logical_start(const ui_textarea *t, size_t p)
{
    while (p > 0 && t->buf[p - 1] != '\n')
        p--;
    return p;
}

static size_t logical_end(const ui_textarea *t, size_t p)
{
    while (p < t->len && t->buf[p] != '\n')
        p++;
    return p;
}

/* A viewer's keys: scroll by lines and pages. */
static int readonly_key(ui_textarea *t, const ui_key *k)
{
    int page = t->height > 1 ? t->height - 1 : 1;
    if (!k->fn)
        return 0;
    switch ((int)k->ch) {
    case KEY_UP:
        t->top--;
        break;
    case KEY_DOWN:
        t->top++;
        break;
    case KEY_PPAGE:
        t->top -= page;
        break;
    case KEY_NPAGE:
        t->top += page;
        break;
    case KEY_HOME:
        t->top = 0;
        break;
    case KEY_END:
        t->top = 1 << 30;
        break;
    default:
        return 0;
    }
    if (t->top < 0)
        t->top = 0; /* the upper bound is applied by textarea_draw */
    return 1;
}

int textarea_key(ui_textarea *t, const ui_key *k)
{
    if (t->readonly)
        return readonly_key(t, k);
    int keep_goal = 0, handled = 1;
    if (k->fn) {
        int code = (int)k->ch;
        int cl = ctrl_arrow(0), cr = ctrl_arrow(1);
        if (cl && code == cl) {
            t->cursor = word_prev(t, t->cursor);
        } else if (cr && code == cr) {
            t->cursor = word_next(t, t->cursor);
        } else {
            switch (code) {
            case KEY_LEFT:
                t->cursor = utf8_prev(t->buf, t->cursor);
                break;
            case KEY_RIGHT:
                if (t->cursor < t->len)
                    t->cursor = utf8_next(t->buf, t->cursor);
                break;
            case KEY_UP:
                move_lines(t, -1), keep_goal = 1;
                break;
            case KEY_DOWN:
                move_lines(t, 1), keep_goal = 1;
                break;
            case KEY_PPAGE:
                move_lines(t, -(t->height > 1 ? t->height - 1 : 1)), keep_goal = 1;
                break;
            case KEY_NPAGE:
                move_lines(t, t->height > 1 ? t->height - 1 : 1), keep_goal = 1;
                break;
            case KEY_HOME:
                line_home_end(t, 0);
                break;
            case KEY_END:
                line_home_end(t, 1);
                break;
            case KEY_BACKSPACE: {
                size_t p = utf8_prev(t->buf, t->cursor);
                erase_range(t, p, t->cursor);
                t->cursor = p;
                break;
            }
            case KEY_DC:
                if (t->cursor < t->len)
                    erase_range(t, t->cursor, utf8_next(t->buf, t->cursor));
                break;
            case KEY_ENTER:
                if (textarea_insert(t, '\n') != 0)
                    beep();
                break;
            default:
                handled = 0;
                break;
            }
        }
    } else {
        switch (k->ch) {
        case '\r':
        case '\n':
            if (textarea_insert(t, '\n') != 0)
                beep();
            break;
        case CTRL('a'):
            line_home_end(t, 0);
            break;
        case CTRL('e'):
            line_home_end(t, 1);
            break;
        case CTRL('b'):
            t->cursor = utf8_prev(t->buf, t->cursor);
            break;
        case CTRL('f'):
            if (t->cursor < t->len)
                t->cursor = utf8_next(t->buf, t->cursor);
            break;
        case CTRL('p'):
            t->cursor = word_prev(t, t->cursor);
            break;
        case CTRL('n'):
            t->cursor = word_next(t, t->cursor);
            break;
        case CTRL('h'):
        case 0x7F: {
            size_t p = utf8_prev(t->buf, t->cursor);
            erase_range(t, p, t->cursor);
            t->cursor = p;
            break;
        }
        case CTRL('d'):
            if (t->cursor < t->len)
                erase_range(t, t->cursor, utf8_next(t->buf, t->cursor));
            break;
        case CTRL('u'): {
            size_t s = logical_start(t, t->cursor);
            erase_range(t, s, t->cursor);
            t->cursor = s;
            break;
        }
        case CTRL('k'): {
            size_t e = logical_end(t, t->cursor);
            if (e == t->cursor && e < t->len)
                e++; /* at the end of a line: join the next one */
            erase_range(t, t->cursor, e);
            break;
        }
        default:
            if (k->ch < 0x20 || k->ch == 0x7F) {
                handled = 0;
            } else if (!text_typable((uint32_t)k->ch)) {
                beep(); /* (outside a UTF-8 locale input.c decodes UTF-8 itself) */
            } else if (textarea_insert(t, (uint32_t)k->ch) != 0) {
                beep();
            }
            break;
        }
    }
    if (handled && !keep_goal)
        t->goal_col = -1;
    return handled;
}

/* --- drawing ----------------------------------------------------------- */
static int put_secret(WINDOW *win, int y, int x, int max_cols, const char *s, size_t len,
                      attr_t attr, int ellipsis)
{
    if (max_cols <= 0)
        return 0;
    char raw[TEXT_MAX], prep[TEXT_MAX], fit[TEXT_MAX];
    if (len >= sizeof raw) {
        len = sizeof raw - 1;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(raw, s, len);
    raw[len] = 0;
    for (size_t i = 0; i < len; i++)
        if (raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r')
            raw[i] = ' ';
    text_prepare(raw, prep, sizeof prep);
    int cols = utf8_fit(prep, max_cols, ellipsis, fit, sizeof fit);
    wattrset(win, (int)attr);
    mvwaddstr(win, y, x, fit);
    wattrset(win, A_NORMAL);
    sodium_memzero(raw, sizeof raw);
    sodium_memzero(prep, sizeof prep);
    sodium_memzero(fit, sizeof fit);
    return cols;
}

int textarea_put_secret(WINDOW *win, int y, int x, int max_cols, const char *s, size_t len,
                        attr_t attr)
{
    return put_secret(win, y, x, max_cols, s, len, attr, 1);
}

void textarea_draw(ui_textarea *t, WINDOW *win, int y, int x, int h, int w, int focused, int *cur_y,
                   int *cur_x)
{
    *cur_y = *cur_x = -1;
    if (h < 1 || w < 2 || !t->buf)
        return;
    int width = w - 1; /* one column kept for the cursor after a full line */
    t->width = width;
    t->height = h;
    int n;
    size_t *starts = layout_alloc(t, width, &n);
    if (!starts)
        return;
    int cl = line_of(starts, n, t->cursor);
    if (!t->readonly) {
        if (cl < t->top)
            t->top = cl;
        if (cl >= t->top + h)
            t->top = cl - h + 1;
    }
    if (t->top > 0 && t->top + h > n)
        t->top = n - h > 0 ? n - h : 0;
    attr_t a = theme_attr(focused ? TH_FIELD_FOCUS : TH_FIELD);
    for (int r = 0; r < h; r++) {
        text_fill(win, y + r, x, w, a);
        int l = t->top + r;
        if (l >= n)
            continue;
        size_t from = starts[l], to = l + 1 < n ? starts[l + 1] : t->len;
        if (to > from && t->buf[to - 1] == '\n')
            to--;
        put_secret(win, y + r, x, width, t->buf + from, to - from, a, 0);
    }
    if (t->top > 0)
        text_put(win, y, x + w - 1, 1, "↑", theme_attr(TH_MUTED));
    if (t->top + h < n)
        text_put(win, y + h - 1, x + w - 1, 1, "↓", theme_attr(TH_MUTED));
    if (focused && !t->readonly) {
        int col = span_cols(t, starts[cl], t->cursor);
        if (col > width)
            col = width;
        *cur_y = y + cl - t->top;
        *cur_x = x + col;
    }
    free(starts);
}
