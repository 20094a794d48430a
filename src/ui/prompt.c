/* prompt.c — one line typed in a box (see prompt.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/i18n.h"
#include "ui/field.h"
#include "ui/prompt.h"
#include "ui/text.h"
#include "ui/theme.h"

typedef struct prompt_state {
    prompt_arg a;
    ui_field field;
} prompt_state;

ui_reaction prompt_open(const prompt_arg *a)
{
    prompt_arg *copy = malloc(sizeof *copy);
    if (!copy)
        return ui_none();
    *copy = *a;
    return ui_push(&screen_prompt, copy);
}

static int prompt_screen_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    prompt_state *st = calloc(1, sizeof *st);
    if (!st) {
        free(arg);
        return -1;
    }
    st->a = *(prompt_arg *)arg;
    free(arg);
    if (field_init(&st->field, "value", st->a.label, st->a.max_chars ? st->a.max_chars : 80,
                   FIELD_HIDE_MAX) != 0) {
        free(st);
        return -1;
    }
    field_set(&st->field, st->a.initial);
    *state = st;
    return 0;
}

static void prompt_close(void *state, ui_app *app)
{
    prompt_state *st = state;
    field_free(&st->field);
    free(st);
}

static void prompt_draw(void *state, ui_app *app, const ui_rect *b)
{
    prompt_state *st = state;
    int w = b->w - 8 > 72 ? 72 : b->w - 8;
    int about = st->a.about[0] ? text_wrap_count(st->a.about, w - 4) : 0;
    if (about > 3)
        about = 3;
    int err = st->field.error[0] ? text_wrap_count(st->field.error, w - 4) : 0;
    if (err > 3)
        err = 3;
    int h = 7 + about + err;
    ui_rect r = {b->y + (b->h - h) / 2, b->x + (b->w - w) / 2, h, w};
    attr_t in = theme_attr(TH_DIALOG);
    for (int i = 0; i < r.h; i++)
        text_fill(stdscr, r.y + i, r.x, r.w, in);
    theme_box(stdscr, r.y, r.x, r.h, r.w, in | A_BOLD);
    char t[160];
    snprintf(t, sizeof t, " %s ", st->a.title);
    text_put(stdscr, r.y, r.x + 2, r.w - 4, t, in | A_BOLD);
    int y = r.y + 2;
    if (about)
        y += text_put_wrapped(stdscr, y, r.x + 2, r.w - 4, about, st->a.about, in);
    char label[96];
    snprintf(label, sizeof label, "%s :", st->a.label);
    int lw = text_put(stdscr, y, r.x + 2, 24, label, in) + 1;
    int hw = st->a.hint[0] ? text_width(st->a.hint) + 1 : 0;
    int bw = r.w - 4 - lw - hw;
    int cx;
    field_draw_box(&st->field, stdscr, y, r.x + 2 + lw, bw, 1, &cx);
    app_set_cursor(app, y, cx);
    if (hw)
        text_put(stdscr, y, r.x + 2 + lw + bw + 1, hw, st->a.hint, theme_attr(TH_MUTED));
    y++;
    if (err)
        text_put_wrapped(stdscr, y, r.x + 2, r.w - 4, err, st->field.error, theme_attr(TH_ERROR));
    char how[128];
    text_put_center(stdscr, r.y + r.h - 2, r.x + 1, r.w - 2,
                    keys_sentence(how, sizeof how, _("%s : enregistrer · %s : annuler"), ACT_SELECT,
                                  ACT_BACK, ACT_NONE),
                    in);
}

static ui_reaction prompt_key(void *state, ui_app *app, const ui_key *k)
{
    prompt_state *st = state;
    if (k->action == ACT_BACK)
        return ui_pop();
    if (k->action == ACT_SELECT) {
        char msg[512] = "";
        ui_reaction after = ui_redraw();
        if (st->a.done(st->a.ctx, app, st->field.value, msg, sizeof msg, &after) != 0) {
            field_set_error(&st->field, msg);
            return ui_redraw();
        }
        after.pop += 1;
        return after;
    }
    if (k->fn && k->action != ACT_NONE && k->action != ACT_FIRST && k->action != ACT_LAST)
        return ui_pass();
    if (!k->fn && k->ch < 0x20 && k->action != ACT_NONE)
        return ui_pass();
    if (field_key(&st->field, k)) {
        st->field.error[0] = 0;
        return ui_redraw();
    }
    return ui_pass();
}

static const ui_action prompt_hints[] = {ACT_SELECT, ACT_BACK, ACT_NONE};

const screen_ops screen_prompt = {
    .name = "prompt",
    .title = NULL,
    .overlay = 1,
    .hints = prompt_hints,
    .open = prompt_screen_open,
    .close = prompt_close,
    .draw = prompt_draw,
    .key = prompt_key,
};
