/* dialog.c — see dialog.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/i18n.h"
#include "ui/dialog.h"
#include "ui/text.h"
#include "ui/theme.h"

typedef struct dialog {
    char *title;
    char *text;
    int confirm; /* 1: yes/no */
    int error;
    dialog_done_fn done;
    void *ctx;
} dialog;

static dialog *dialog_new(const char *title, const char *text)
{
    dialog *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->title = strdup(title ? title : "");
    d->text = strdup(text ? text : "");
    if (!d->title || !d->text) {
        free(d->title);
        free(d->text);
        free(d);
        return NULL;
    }
    return d;
}

ui_reaction dialog_message(const char *title, const char *text, int kind_error)
{
    dialog *d = dialog_new(title, text);
    if (!d)
        return ui_none();
    d->error = kind_error;
    return ui_push(&screen_dialog, d);
}

ui_reaction dialog_confirm(const char *question, dialog_done_fn done, void *ctx)
{
    dialog *d = dialog_new("", question);
    if (!d)
        return ui_none();
    d->confirm = 1;
    d->done = done;
    d->ctx = ctx;
    return ui_push(&screen_dialog, d);
}

static int dlg_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    *state = arg;
    return 0;
}

static void dlg_close(void *state, ui_app *app)
{
    dialog *d = state;
    free(d->title);
    free(d->text);
    free(d);
}

ui_rect dialog_box(const ui_rect *body, const char *text, int extra_rows)
{
    int w = body->w - 8;
    if (w > 64)
        w = 64;
    int tw = text_width(text) + 4;
    if (tw < 36)
        tw = 36;
    if (tw < w)
        w = tw;
    int lines = text_wrap_count(text, w - 4);
    int h = lines + 4 + extra_rows;
    if (h > body->h)
        h = body->h;
    ui_rect r = {body->y + (body->h - h) / 2, body->x + (body->w - w) / 2, h, w};
    return r;
}

static void dlg_draw(void *state, ui_app *app, const ui_rect *body)
{
    dialog *d = state;
    char close_hint[64];
    const char *hint = d->confirm ? _("o : oui    n : non")
                                  : keys_sentence(close_hint, sizeof close_hint, _("%s : fermer"),
                                                  ACT_SELECT, ACT_NONE);
    ui_rect r = dialog_box(body, d->text, 1);
    attr_t in = theme_attr(TH_DIALOG);
    for (int i = 0; i < r.h; i++)
        text_fill(stdscr, r.y + i, r.x, r.w, in);
    theme_box(stdscr, r.y, r.x, r.h, r.w, in | A_BOLD);
    if (d->title[0]) {
        char t[256];
        snprintf(t, sizeof t, " %s ", d->title);
        text_put(stdscr, r.y, r.x + 2, r.w - 4, t, in | A_BOLD);
    }
    text_put_wrapped(stdscr, r.y + 2, r.x + 2, r.w - 4, r.h - 5, d->text,
                     d->error ? theme_attr(TH_ERROR) : in | A_BOLD);
    text_put_center(stdscr, r.y + r.h - 2, r.x + 1, r.w - 2, hint, in);
}

static ui_reaction dlg_key(void *state, ui_app *app, const ui_key *k)
{
    dialog *d = state;
    if (k->action == ACT_LOCK || k->action == ACT_REDRAW)
        return ui_pass();
    int answer = -1;
    if (d->confirm) {
        if (!k->fn && (k->ch == 'o' || k->ch == 'O' || k->ch == 'y' || k->ch == 'Y'))
            answer = 1;
        else if ((!k->fn && (k->ch == 'n' || k->ch == 'N')) || k->action == ACT_BACK)
            answer = 0;
    } else if (k->action == ACT_SELECT || k->action == ACT_BACK) {
        answer = 0;
    }
    if (answer < 0)
        return ui_none();
    ui_reaction r = d->done ? d->done(d->ctx, app, answer) : ui_redraw();
    if (r.kind == UI_NONE || r.kind == UI_PASS)
        r.kind = UI_REDRAW;
    r.pop++;
    return r;
}

static const ui_action dlg_hints[] = {ACT_NONE};

const screen_ops screen_dialog = {
    .name = "dialog",
    .title = NULL,
    .overlay = 1,
    .hints = dlg_hints,
    .open = dlg_open,
    .close = dlg_close,
    .draw = dlg_draw,
    .key = dlg_key,
};
