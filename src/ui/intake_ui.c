/* intake_ui.c — see intake_ui.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "guichet/clock.h"
#include "guichet/commune.h"
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
    if (k->fn || k->ch < 0x20 || k->ch == 0x7F || !text_typable((uint32_t)k->ch))
        return 0;
    /* type-ahead: the letters typed so far, plus this one */
    char typed[sizeof c->typed];
    size_t len = strlen(c->typed);
    char enc[8] = {0};
    text_encode((uint32_t)k->ch, enc);
    strbuf sb;
    strbuf_init(&sb, typed, sizeof typed);
    if (strbuf_puts(&sb, c->typed) != 0 || strbuf_puts(&sb, enc) != 0) {
        /* too long to be any option */
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

/* --- a commune typed by its name ------------------------------------------ */

void commune_field_show(ui_app *app, ui_field *f, ui_commune *c, const char *code)
{
    char label[COMMUNE_LABEL_MAX];
    g_error err = {0};
    snprintf(c->code, sizeof c->code, "%s", code ? code : "");
    c->hint[0] = 0;
    if (commune_label(app->db, c->code, label, sizeof label, &err) != G_OK) {
        field_set(f, c->code);
        field_set_error(f, err.msg);
        return;
    }
    field_set(f, label);
}

void commune_field_suggest(ui_app *app, const ui_field *f, ui_commune *c, int width)
{
    c->hint[0] = 0;
    commune_row rows[6];
    int n = 0;
    g_error err = {0};
    if (!f->value[0] || commune_search(app->db, f->value, rows, 6, &n, &err) != G_OK || !n)
        return;
    strbuf b;
    strbuf_init(&b, c->hint, sizeof c->hint);
    strbuf_puts(&b, _("Communes : "));
    for (int i = 0; i < n; i++) {
        char item[COMMUNE_LABEL_MAX + 32];
        if (rows[i].parent[0]) /* an old name: today's commune follows */
            snprintf(item, sizeof item, _("%s (%s, aujourd'hui %s)"), rows[i].name, rows[i].dep,
                     rows[i].parent);
        else
            snprintf(item, sizeof item, "%s (%s)", rows[i].name, rows[i].dep);
        if (utf8_width(c->hint) + 3 + utf8_width(item) + 2 > width) {
            strbuf_puts(&b, i ? " …" : "");
            break;
        }
        strbuf_printf(&b, "%s%s", i ? " · " : "", item);
    }
}

int commune_field_resolve(ui_app *app, ui_field *f, ui_commune *c)
{
    char code[6], label[COMMUNE_LABEL_MAX];
    g_error err = {0};
    if (commune_resolve(app->db, f->value, code, label, sizeof label, &err) != G_OK) {
        field_set_error(f, err.msg);
        return -1;
    }
    snprintf(c->code, sizeof c->code, "%s", code);
    c->hint[0] = 0;
    if (label[0])
        field_set(f, label);
    f->error[0] = 0;
    return 0;
}

const char *commune_field_hint(const ui_commune *c)
{
    return c->hint[0] ? c->hint
                      : _("Commune : son nom (Clamecy ; Saint-Denis (93)) "
                          "ou son code INSEE.");
}
