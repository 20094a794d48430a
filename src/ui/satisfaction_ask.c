/* satisfaction_ask.c — the visitor's answer at the close of a request (see
 * satisfaction_ask.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/i18n.h"
#include "ui/satisfaction_ask.h"
#include "ui/text.h"
#include "ui/theme.h"

typedef struct ask_state {
    char who[400];
    satisfaction_done_fn done;
    void *ctx;
    satisfaction_answer a;
} ask_state;

ui_reaction satisfaction_ask(ui_app *app, const char *who, satisfaction_done_fn done, void *ctx)
{
    ask_state *st = calloc(1, sizeof *st);
    if (!st)
        return done(ctx, app, NULL); /* never in the way of the close */
    snprintf(st->who, sizeof st->who, "%s", who ? who : "");
    st->done = done;
    st->ctx = ctx;
    return ui_push(&screen_satisfaction_ask, st);
}

static int ask_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    *state = arg;
    return 0;
}

static void ask_close(void *state, ui_app *app)
{
    free(state);
}

/* One answer: its key and label, drawn as « [o] Oui, c'est réglé » with the
 * chosen one marked (a mark, not only a colour: the Linux console). */
static int draw_choice(int y, int x, int w, ui_action action, const char *label, int chosen,
                       attr_t in)
{
    char key[16], item[200];
    keys_action_key(action, key, sizeof key);
    snprintf(item, sizeof item, "%s%s %s%s", chosen ? "[" : " ", key, label, chosen ? "]" : " ");
    attr_t a = chosen ? theme_attr(TH_SELECT) | A_BOLD : in;
    int used = text_put(stdscr, y, x, w, item, a);
    text_put(stdscr, y, x + 1, text_width(key), key, (chosen ? a : theme_attr(TH_HOTKEY)) | A_BOLD);
    return used;
}

static void ask_draw(void *state, ui_app *app, const ui_rect *b)
{
    ask_state *st = state;
    int w = b->w - 4 > 76 ? 76 : b->w - 4, h = 13;
    ui_rect r = {b->y + (b->h - h) / 2, b->x + (b->w - w) / 2, h, w};
    attr_t in = theme_attr(TH_DIALOG);
    for (int i = 0; i < r.h; i++)
        text_fill(stdscr, r.y + i, r.x, r.w, in);
    theme_box(stdscr, r.y, r.x, r.h, r.w, in | A_BOLD);
    char t[500];
    snprintf(t, sizeof t, _(" Avis de %s (facultatif, anonyme) "), st->who);
    text_put(stdscr, r.y, r.x + 2, r.w - 4, t, in | A_BOLD);
    int x = r.x + 2, cw = r.w - 4, y = r.y + 2;
    text_put(stdscr, y++, x, cw, _("Votre problème est-il réglé ?"), in | A_BOLD);
    static const ui_action solved_keys[SATISFACTION_SOLVED] = {ACT_SAT_YES, ACT_SAT_PARTLY,
                                                               ACT_SAT_NO};
    int cx = x;
    for (int i = 0; i < SATISFACTION_SOLVED; i++)
        cx += draw_choice(y, cx, x + cw - cx, solved_keys[i], _(satisfaction_solved_labels[i]),
                          strcmp(st->a.solved, satisfaction_solved[i]) == 0, in) +
              1;
    y += 2;
    text_put(stdscr, y++, x, cw, _("Êtes-vous satisfait(e) de l'accueil ?"), in | A_BOLD);
    static const ui_action level_keys[SATISFACTION_LEVELS] = {ACT_SAT_1, ACT_SAT_2, ACT_SAT_3,
                                                              ACT_SAT_4};
    for (int i = 0; i < SATISFACTION_LEVELS; i++)
        draw_choice(y + i / 2, x + (i % 2) * (cw / 2), cw / 2, level_keys[i],
                    _(satisfaction_level_labels[i]), st->a.satisfied == i + 1, in);
    y += 3;
    text_put(stdscr, y, x, cw,
             _("La réponse est gardée sans lien avec la personne ni avec sa demande."), in);
    char how[300];
    keys_sentence(how, sizeof how, _("%s : clore avec cet avis · %s : sans avis · %s : retour"),
                  ACT_SELECT, ACT_SAT_SKIP, ACT_BACK, ACT_NONE);
    text_put_center(stdscr, r.y + r.h - 2, r.x + 1, r.w - 2, how, in);
}

static ui_reaction finish(ask_state *st, ui_app *app, int with_answer)
{
    int any = st->a.solved[0] || st->a.satisfied;
    ui_reaction r = st->done(st->ctx, app, with_answer && any ? &st->a : NULL);
    if (r.kind == UI_NONE || r.kind == UI_PASS)
        r.kind = UI_REDRAW;
    r.pop++;
    return r;
}

static ui_reaction ask_key(void *state, ui_app *app, const ui_key *k)
{
    ask_state *st = state;
    int solved = -1, level = 0;
    switch (k->action) {
    case ACT_BACK:
        return ui_pop();
    case ACT_SELECT:
        return finish(st, app, 1);
    case ACT_SAT_SKIP:
        return finish(st, app, 0);
    case ACT_SAT_YES:
        solved = 0;
        break;
    case ACT_SAT_PARTLY:
        solved = 1;
        break;
    case ACT_SAT_NO:
        solved = 2;
        break;
    case ACT_SAT_1:
    case ACT_SAT_2:
    case ACT_SAT_3:
    case ACT_SAT_4:
        level = 1 + (int)(k->action - ACT_SAT_1);
        break;
    default:
        return ui_pass();
    }
    if (solved >= 0)
        snprintf(st->a.solved, sizeof st->a.solved, "%s", satisfaction_solved[solved]);
    if (level)
        st->a.satisfied = level;
    /* both answered: the question closes by itself */
    if (st->a.solved[0] && st->a.satisfied)
        return finish(st, app, 1);
    return ui_redraw();
}

static const ui_action ask_hints[] = {ACT_SELECT, ACT_SAT_SKIP, ACT_BACK, ACT_NONE};

const screen_ops screen_satisfaction_ask = {
    .name = "satisfaction-ask",
    .title = NULL,
    .overlay = 1,
    .hints = ask_hints,
    .keymap = KM_SATISFACTION,
    .open = ask_open,
    .close = ask_close,
    .draw = ask_draw,
    .key = ask_key,
};
