/* intake_ui.c — see intake_ui.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/utf8.h"
#include "guichet/strbuf.h"
#include "ui/intake_ui.h"
#include "ui/text.h"
#include "ui/theme.h"

static int choice_alloc(ui_choice *c, size_t n)
{
    memset(c, 0, sizeof *c);
    c->codes = calloc(n ? n : 1, sizeof *c->codes);
    c->labels = calloc(n ? n : 1, sizeof *c->labels);
    if (!c->codes || !c->labels) {
        free(c->codes);
        free(c->labels);
        c->codes = c->labels = NULL;
        return -1;
    }
    return 0;
}

static void choice_add(ui_choice *c, const char *code, const char *label)
{
    c->codes[c->n] = code;
    c->labels[c->n] = label;
    c->n++;
}

int choice_init_codes(ui_choice *c, const char *none_label, const char *const *codes,
                      const char *const *labels)
{
    size_t n = 0;
    while (codes[n])
        n++;
    if (choice_alloc(c, n + 1) != 0)
        return -1;
    if (none_label)
        choice_add(c, "", none_label);
    for (size_t i = 0; i < n; i++)
        choice_add(c, codes[i], _(labels[i]));
    return 0;
}

int choice_init_operators(ui_choice *c, const char *none_label)
{
    size_t n = (size_t)ref_operator_count();
    if (choice_alloc(c, n + 1) != 0)
        return -1;
    if (none_label)
        choice_add(c, "", none_label);
    for (size_t i = 0; i < n; i++)
        choice_add(c, ref_operators[i].code, ref_operators[i].name);
    return 0;
}

int choice_init_ref(ui_choice *c, const char *none_label, const ref_code *table)
{
    size_t n = 0;
    while (table[n].code)
        n++;
    if (choice_alloc(c, n + 1) != 0)
        return -1;
    if (none_label)
        choice_add(c, "", none_label);
    for (size_t i = 0; i < n; i++)
        choice_add(c, table[i].code, table[i].label);
    return 0;
}

void choice_free(ui_choice *c)
{
    free(c->codes);
    free(c->labels);
    memset(c, 0, sizeof *c);
}

const char *choice_code(const ui_choice *c)
{
    return c->n ? c->codes[c->sel] : "";
}

static void show(ui_choice *c, ui_field *f)
{
    field_set(f, c->n ? c->labels[c->sel] : "");
    f->cursor = 0;
}

void choice_set(ui_choice *c, ui_field *f, const char *code)
{
    c->sel = 0;
    for (size_t i = 0; code && i < c->n; i++)
        if (strcmp(c->codes[i], code) == 0) {
            c->sel = i;
            break;
        }
    c->typed[0] = 0;
    show(c, f);
}

/* 1 when a word of folded label starts with folded typed. */
static int word_prefix(const char *label, const char *typed)
{
    char fl[512], ft[128];
    normalize_fold(label, fl, sizeof fl);
    normalize_fold(typed, ft, sizeof ft);
    size_t tl = strlen(ft);
    if (!tl)
        return 1;
    for (const char *p = fl; *p; p++) {
        int start = p == fl || p[-1] == ' ' || p[-1] == '-' || p[-1] == '\'' || p[-1] == '(' ||
                    p[-1] == '/';
        if (start && strncmp(p, ft, tl) == 0)
            return 1;
    }
    return 0;
}

size_t choice_match(const ui_choice *c, const char *typed, size_t from)
{
    for (size_t k = 0; k < c->n; k++) {
        size_t i = (from + k) % c->n;
        if (c->codes[i][0] && word_prefix(c->labels[i], typed))
            return i;
    }
    return c->n;
}

int choice_key(ui_choice *c, ui_field *f, const ui_key *k)
{
    if (!c->n)
        return 0;
    if ((k->fn && k->ch == KEY_RIGHT) || (!k->fn && k->ch == ' ')) {
        c->sel = (c->sel + 1) % c->n;
        c->typed[0] = 0;
        show(c, f);
        return 1;
    }
    if (k->fn && k->ch == KEY_LEFT) {
        c->sel = (c->sel + c->n - 1) % c->n;
        c->typed[0] = 0;
        show(c, f);
        return 1;
    }
    if ((k->fn && k->ch == KEY_BACKSPACE) || (!k->fn && (k->ch == 0x7F || k->ch == CTRL('h')))) {
        if (c->typed[0])
            c->typed[0] = 0;
        else
            c->sel = 0;
        show(c, f);
        return 1;
    }
    if (k->fn && k->ch == KEY_DC) {
        c->sel = 0;
        c->typed[0] = 0;
        show(c, f);
        return 1;
    }
    if (k->fn || k->ch < 0x20 || k->ch == 0x7F || !iswprint((wint_t)k->ch))
        return 0;
    /* type-ahead: the letters typed so far, plus this one */
    char typed[sizeof c->typed];
    size_t len = strlen(c->typed);
    char enc[8] = {0};
    wchar_t wc[2] = {(wchar_t)k->ch, 0};
    strbuf sb;
    strbuf_init(&sb, typed, sizeof typed);
    if (wcstombs(enc, wc, sizeof enc) == (size_t)-1 || strbuf_puts(&sb, c->typed) != 0 ||
        strbuf_puts(&sb, enc) != 0) { /* too long to be any option */
        beep();
        return 1;
    }
    size_t m = choice_match(c, typed, c->sel);
    if (m == c->n && len) {
        /* the same letter again goes to the next option starting so */
        snprintf(typed, sizeof typed, "%s", enc);
        m = choice_match(c, typed, (c->sel + 1) % c->n);
    }
    if (m == c->n) {
        beep();
        return 1;
    }
    snprintf(c->typed, sizeof c->typed, "%s", typed);
    c->sel = m;
    show(c, f);
    return 1;
}

int intake_overflow_key(ui_field *f, const ui_key *k, int *over)
{
    if (k->fn || k->ch < 0x20 || k->ch == 0x7F)
        return 0;
    if (utf8_chars(f->value) < f->max_chars)
        return 0;
    (*over)++;
    char msg[256];
    snprintf(msg, sizeof msg, _("%s : %d caractères au maximum (%ld tapés)."), f->label,
             (int)f->max_chars, (long)(f->max_chars + (size_t)*over));
    field_set_error(f, msg);
    beep();
    return 1;
}

void intake_date(int64_t t, char *buf, size_t size)
{
    if (t <= 0) {
        snprintf(buf, size, "%s", "");
        return;
    }
    clock_format(t, "%d/%m/%Y", buf, size);
}

void intake_time(int64_t t, char *buf, size_t size)
{
    if (t <= 0) {
        snprintf(buf, size, "%s", "");
        return;
    }
    clock_format(t, "%H:%M", buf, size);
}

void intake_flash(int y, int x, int w, const char *msg, int error)
{
    if (msg && *msg)
        text_put_center(stdscr, y, x, w, msg, theme_attr(error ? TH_ERROR : TH_OK) | A_BOLD);
}

static char flash_msg[512];
static int flash_error;

void intake_flash_set(const char *msg, int error)
{
    snprintf(flash_msg, sizeof flash_msg, "%s", msg ? msg : "");
    flash_error = error;
}

const char *intake_flash_get(int *error)
{
    if (error)
        *error = flash_error;
    return flash_msg;
}

void intake_flash_clear(void)
{
    flash_msg[0] = 0;
}
