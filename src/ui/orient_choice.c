/* orient_choice.c — a pick list overlay with a filter typed as you go (see
 * orient.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "ui/field.h"
#include "ui/list.h"
#include "ui/orient.h"
#include "ui/text.h"
#include "ui/theme.h"

int orient_choice_match(const char *label, const char *typed)
{
    char fl[1024], ft[256];
    normalize_fold(label ? label : "", fl, sizeof fl);
    normalize_fold(typed ? typed : "", ft, sizeof ft);
    char *save = NULL;
    for (char *w = strtok_r(ft, " ", &save); w; w = strtok_r(NULL, " ", &save))
        if (!strstr(fl, w))
            return 0;
    return 1;
}

typedef struct choice_state {
    char *title;
    char **labels;
    size_t n;
    size_t *shown; /* indexes of the labels that match the filter */
    size_t nshown;
    ui_field filter;
    ui_list list;
    orient_choice_done done;
    void *ctx;
} choice_state;

static void choice_free(choice_state *st)
{
    if (!st)
        return;
    for (size_t i = 0; st->labels && i < st->n; i++)
        free(st->labels[i]);
    free(st->labels);
    free(st->shown);
    free(st->title);
    field_free(&st->filter);
    free(st);
}

static const char *choice_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    choice_state *st = ctx;
    snprintf(buf, size, "%s", row < st->nshown ? st->labels[st->shown[row]] : "");
    return buf;
}

static const ui_column choice_cols[] = {{NULL, 0, 0}};

static void choice_refilter(choice_state *st)
{
    size_t keep = st->nshown ? st->shown[st->list.selected] : (size_t)-1;
    st->nshown = 0;
    for (size_t i = 0; i < st->n; i++)
        if (orient_choice_match(st->labels[i], st->filter.value))
            st->shown[st->nshown++] = i;
    size_t sel = 0;
    for (size_t i = 0; i < st->nshown; i++)
        if (st->shown[i] == keep)
            sel = i;
    list_set_count(&st->list, st->nshown);
    st->list.selected = sel;
}

ui_reaction orient_choice(const char *title, const char *const *labels, size_t n, size_t selected,
                          orient_choice_done done, void *ctx)
{
    choice_state *st = calloc(1, sizeof *st);
    if (!st)
        return ui_none();
    st->title = strdup(title ? title : "");
    st->labels = calloc(n ? n : 1, sizeof *st->labels);
    st->shown = calloc(n ? n : 1, sizeof *st->shown);
    st->n = n;
    int ok = st->title && st->labels && st->shown &&
             field_init(&st->filter, "filter", _("Filtrer"), 40, FIELD_HIDE_MAX) == 0;
    for (size_t i = 0; ok && i < n; i++)
        ok = (st->labels[i] = strdup(labels[i] ? labels[i] : "")) != NULL;
    if (!ok) {
        choice_free(st);
        return ui_none();
    }
    st->done = done;
    st->ctx = ctx;
    list_init(&st->list, choice_cols, 1, choice_cell, st);
    st->list.empty = _("Aucune ligne ne correspond.");
    for (size_t i = 0; i < n; i++)
        st->shown[i] = i;
    st->nshown = n;
    list_set_count(&st->list, n);
    st->list.selected = selected < n ? selected : 0;
    return ui_push(&screen_orient_choice, st);
}

static int choice_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    *state = arg;
    return 0;
}

static void choice_close(void *state, ui_app *app)
{
    choice_free(state);
}

/* The box: as wide as the longest label (within the body), as tall as the
 * list (within the body). */
static ui_rect choice_box(const choice_state *st, const ui_rect *b)
{
    int w = text_width(st->title) + 6;
    for (size_t i = 0; i < st->n; i++) {
        int lw = text_width(st->labels[i]) + 6;
        if (lw > w)
            w = lw;
    }
    if (w < 40)
        w = 40;
    if (w > b->w - 4)
        w = b->w - 4;
    int h = (int)st->n + 6;
    if (h > b->h - 2)
        h = b->h - 2;
    ui_rect r = {b->y + (b->h - h) / 2, b->x + (b->w - w) / 2, h, w};
    return r;
}

static int choice_rows(const choice_state *st, const ui_rect *b)
{
    ui_rect r = choice_box(st, b);
    return r.h - 5;
}

static void choice_draw(void *state, ui_app *app, const ui_rect *b)
{
    choice_state *st = state;
    ui_rect r = choice_box(st, b);
    attr_t in = theme_attr(TH_DIALOG);
    for (int i = 0; i < r.h; i++)
        text_fill(stdscr, r.y + i, r.x, r.w, in);
    theme_box(stdscr, r.y, r.x, r.h, r.w, in | A_BOLD);
    char t[300];
    snprintf(t, sizeof t, " %s ", st->title);
    text_put(stdscr, r.y, r.x + 2, r.w - 4, t, in | A_BOLD);
    int lw = text_width(st->filter.label) + 3;
    char lab[64];
    snprintf(lab, sizeof lab, "%s :", st->filter.label);
    text_put(stdscr, r.y + 1, r.x + 2, lw, lab, in);
    int cx;
    field_draw_box(&st->filter, stdscr, r.y + 1, r.x + 2 + lw, r.w - 4 - lw, 1, &cx);
    app_set_cursor(app, r.y + 1, cx);
    list_draw(&st->list, stdscr, r.y + 3, r.x + 2, r.h - 5, r.w - 4, 1);
    char how[128];
    text_put_center(stdscr, r.y + r.h - 2, r.x + 1, r.w - 2,
                    keys_sentence(how, sizeof how, _("Tapez pour filtrer · %s : choisir"),
                                  ACT_SELECT, ACT_NONE),
                    in);
}

static ui_reaction choice_key(void *state, ui_app *app, const ui_key *k)
{
    choice_state *st = state;
    if (k->action == ACT_BACK)
        return ui_pop();
    if (k->action == ACT_SELECT) {
        if (!st->nshown) {
            beep();
            return ui_none();
        }
        size_t index = st->shown[st->list.selected];
        ui_reaction r = st->done ? st->done(st->ctx, app, index) : ui_redraw();
        if (r.kind == UI_NONE || r.kind == UI_PASS)
            r.kind = UI_REDRAW;
        r.pop++;
        return r;
    }
    ui_rect body = app_body_rect(LINES, COLS);
    if (k->action != ACT_FIRST && k->action != ACT_LAST &&
        list_key(&st->list, k, choice_rows(st, &body)))
        return ui_redraw();
    if (k->fn && k->action != ACT_NONE && k->action != ACT_FIRST && k->action != ACT_LAST)
        return ui_pass();
    if (!k->fn && k->ch < 0x20 && k->action != ACT_NONE)
        return ui_pass();
    if (field_key(&st->filter, k)) {
        choice_refilter(st);
        return ui_redraw();
    }
    return ui_pass();
}

static const ui_action choice_hints[] = {ACT_SELECT, ACT_BACK, ACT_HELP, ACT_NONE};

const screen_ops screen_orient_choice = {
    .name = "orient-choice",
    .title = NULL,
    .overlay = 1,
    .hints = choice_hints,
    .open = choice_open,
    .close = choice_close,
    .draw = choice_draw,
    .key = choice_key,
};
