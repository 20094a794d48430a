/* field.c — see field.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include <sodium.h>

#include "guichet/i18n.h"
#include "guichet/utf8.h"
#include "ui/field.h"
#include "ui/text.h"
#include "ui/theme.h"

int field_init(ui_field *f, const char *name, const char *label, size_t max_chars, int flags)
{
    memset(f, 0, sizeof *f);
    f->name = name;
    f->label = label;
    f->flags = flags;
    f->max_chars = max_chars ? max_chars : 1;
    f->size = f->max_chars * 4 + 1;
    if (flags & FIELD_PASSWORD) {
        /* a password or passphrase: locked memory, never swapped, guarded */
        if (sodium_init() < 0 || !(f->value = sodium_malloc(f->size)))
            return -1;
        memset(f->value, 0, f->size);
        return 0;
    }
    f->value = calloc(1, f->size);
    return f->value ? 0 : -1;
}

void field_free(ui_field *f)
{
    if (f->value && (f->flags & FIELD_PASSWORD)) {
        sodium_free(f->value); /* wipes it too */
    } else if (f->value) {
        explicit_bzero(f->value, f->size);
        free(f->value);
    }
    f->value = NULL;
    f->size = 0;
}

void field_clear(ui_field *f)
{
    if (f->value)
        explicit_bzero(f->value, f->size);
    f->cursor = f->view = 0;
    f->error[0] = 0;
    f->over = 0;
}

void field_set_error(ui_field *f, const char *msg)
{
    snprintf(f->error, sizeof f->error, "%s", msg ? msg : "");
}

int field_set(ui_field *f, const char *value)
{
    if (!value)
        value = "";
    if (!utf8_valid(value, strlen(value)))
        return -1;
    field_clear(f);
    size_t o = 0, chars = 0;
    while (value[o] && chars < f->max_chars) {
        size_t n = utf8_next(value, o) - o;
        if (o + n >= f->size)
            break;
        o += n;
        chars++;
    }
    memcpy(f->value, value, o);
    f->value[o] = 0;
    f->cursor = o;
    return 0;
}

int field_insert(ui_field *f, unsigned cp)
{
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    if (utf8_chars(f->value) >= f->max_chars)
        return -1;
    char enc[4];
    size_t n = text_encode(cp, enc);
    size_t len = strlen(f->value);
    if (len + n >= f->size)
        return -1;
    memmove(f->value + f->cursor + n, f->value + f->cursor, len - f->cursor + 1);
    memcpy(f->value + f->cursor, enc, n);
    f->cursor += n;
    f->error[0] = 0;
    return 0;
}

static void erase_range(ui_field *f, size_t from, size_t to)
{
    size_t len = strlen(f->value);
    if (to <= from)
        return;
    memmove(f->value + from, f->value + to, len - to + 1);
    explicit_bzero(f->value + len - (to - from), to - from);
    f->error[0] = 0;
    f->over = 0;
}

void field_say_over(ui_field *f)
{
    snprintf(f->error, sizeof f->error, _("%s : %zu caractères au maximum (%zu tapés)."), f->label,
             f->max_chars, f->max_chars + f->over);
}

int field_key(ui_field *f, const ui_key *k)
{
    if (k->fn) {
        switch (k->ch) {
        case KEY_LEFT:
            f->cursor = utf8_prev(f->value, f->cursor);
            return 1;
        case KEY_RIGHT:
            f->cursor = utf8_next(f->value, f->cursor);
            return 1;
        case KEY_HOME:
            f->cursor = 0;
            return 1;
        case KEY_END:
            f->cursor = strlen(f->value);
            return 1;
        case KEY_BACKSPACE: {
            size_t p = utf8_prev(f->value, f->cursor);
            erase_range(f, p, f->cursor);
            f->cursor = p;
            return 1;
        }
        case KEY_DC:
            erase_range(f, f->cursor, utf8_next(f->value, f->cursor));
            return 1;
        default:
            return 0;
        }
    }
    switch (k->ch) {
    case CTRL('a'):
        f->cursor = 0;
        return 1;
    case CTRL('e'):
        f->cursor = strlen(f->value);
        return 1;
    case CTRL('b'):
        f->cursor = utf8_prev(f->value, f->cursor);
        return 1;
    case CTRL('f'):
        f->cursor = utf8_next(f->value, f->cursor);
        return 1;
    case CTRL('h'):
    case 0x7F: {
        size_t p = utf8_prev(f->value, f->cursor);
        erase_range(f, p, f->cursor);
        f->cursor = p;
        return 1;
    }
    case CTRL('d'):
        erase_range(f, f->cursor, utf8_next(f->value, f->cursor));
        return 1;
    case CTRL('u'):
        erase_range(f, 0, f->cursor);
        f->cursor = 0;
        return 1;
    case CTRL('k'):
        erase_range(f, f->cursor, strlen(f->value));
        return 1;
    default:
        break;
    }
    if (k->ch < 0x20 || k->ch == 0x7F)
        return 0;
    /* (outside a UTF-8 locale the input decodes UTF-8 itself: input.c) */
    if (!text_typable((uint32_t)k->ch)) {
        beep();
        return 1;
    }
    if (field_insert(f, (unsigned)k->ch) != 0) {
        beep();
        /* a paste longer than the field: said, not silently cut */
        if (utf8_chars(f->value) >= f->max_chars && !(f->flags & FIELD_PASSWORD)) {
            f->over++;
            field_say_over(f);
        }
    } else
        f->over = 0;
    return 1;
}

/* Columns of value[from, to) as shown (stars for a password). */
static int span_cols(const ui_field *f, size_t from, size_t to)
{
    if (f->flags & FIELD_PASSWORD) {
        int n = 0;
        for (size_t i = from; i < to; i = utf8_next(f->value, i))
            n++;
        return n;
    }
    char buf[1024];
    size_t len = to - from < sizeof buf - 1 ? to - from : sizeof buf - 1;
    memcpy(buf, f->value + from, len);
    buf[len] = 0;
    return text_width(buf);
}

void field_scroll(ui_field *f, int width)
{
    if (width < 2)
        width = 2;
    if (f->cursor < f->view)
        f->view = f->cursor;
    /* keep the cursor's column inside the box, the last column for it */
    while (f->view < f->cursor && span_cols(f, f->view, f->cursor) > width - 1)
        f->view = utf8_next(f->value, f->view);
    /* when text was erased, show as much as fits again */
    while (f->view > 0) {
        size_t p = utf8_prev(f->value, f->view);
        if (span_cols(f, p, strlen(f->value)) > width - 1)
            break;
        f->view = p;
    }
}

const char *field_max_text(const ui_field *f, char *buf, size_t size)
{
    snprintf(buf, size, _("(max %zu)"), f->max_chars);
    return buf;
}

void field_draw_box(ui_field *f, WINDOW *win, int y, int x, int width, int focused, int *cur_x)
{
    attr_t a = theme_attr(focused ? TH_FIELD_FOCUS : TH_FIELD);
    field_scroll(f, width);
    wattrset(win, (int)a);
    mvwhline(win, y, x, (chtype)theme_field_fill(), width);
    wattrset(win, A_NORMAL);
    if (f->flags & FIELD_PASSWORD) {
        int n = span_cols(f, f->view, strlen(f->value));
        if (n > width)
            n = width;
        if (n > 0) {
            wattrset(win, (int)a);
            mvwhline(win, y, x, '*', n);
            wattrset(win, A_NORMAL);
        }
    } else {
        text_put(win, y, x, width, f->value + f->view, a);
    }
    if (cur_x)
        *cur_x = x + span_cols(f, f->view, f->cursor);
}
