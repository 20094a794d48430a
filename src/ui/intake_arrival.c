/* intake_arrival.c — someone arrives at the desk: a known visitor (the
 * picker), a new one (the visitor form, then the arrival in the same
 * transaction), or an anonymous person (sex, age band, commune, each
 * allowed « non communiqué »). The arrival is dated now and appears in the
 * home screen's queue. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/i18n.h"
#include "guichet/ref.h"
#include "guichet/visit.h"
#include "guichet/visitor.h"
#include "ui/intake_ui.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/visitor_form.h"
#include "ui/visitor_pick.h"

enum { AF_SEX, AF_AGE, AF_COMMUNE, AF_COUNT };

typedef struct arrival_state {
    int anon; /* 1: the anonymous profile form is shown */
    ui_field fields[AF_COUNT];
    ui_choice choices[AF_COUNT];
    ui_form form;
    ui_commune commune; /* what the commune field stands for, its suggestions */
} arrival_state;

static int arr_open(ui_app *app, void *arg, void **state)
{
    arrival_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    int fail = field_init(&st->fields[AF_SEX], "sex", _("Sexe"), 40, FIELD_HIDE_MAX);
    fail |= field_init(&st->fields[AF_AGE], "age_band", _("Tranche d'âge"), 40, FIELD_HIDE_MAX);
    fail |= field_init(&st->fields[AF_COMMUNE], "commune", _("Commune"), COMMUNE_FIELD_MAX, 0);
    fail |= choice_init_codes(&st->choices[AF_SEX], NULL, ref_sexes, ref_sex_labels);
    fail |= choice_init_codes(&st->choices[AF_AGE], NULL, ref_age_bands, ref_age_band_labels);
    if (fail) {
        for (int i = 0; i < AF_COUNT; i++) {
            field_free(&st->fields[i]);
            choice_free(&st->choices[i]);
        }
        free(st);
        return -1;
    }
    choice_set(&st->choices[AF_SEX], &st->fields[AF_SEX], "non-communique");
    choice_set(&st->choices[AF_AGE], &st->fields[AF_AGE], "non-communique");
    form_init(&st->form, st->fields, AF_COUNT);
    *state = st;
    return 0;
}

static void arr_close(void *state, ui_app *app)
{
    arrival_state *st = state;
    for (int i = 0; i < AF_COUNT; i++) {
        field_free(&st->fields[i]);
        choice_free(&st->choices[i]);
    }
    free(st);
}

static void arr_draw(void *state, ui_app *app, const ui_rect *b)
{
    arrival_state *st = state;
    int x = b->x + 4, w = b->w - 8, y = b->y + 1;
    text_put(stdscr, y, x, w, _("Qui arrive ?"), theme_attr(TH_HEADING));
    static const struct {
        ui_action action;
        const char *text;
    } items[] = {
        {ACT_ARR_KNOWN, N_("Un visiteur connu : le rechercher")},
        {ACT_ARR_NEW, N_("Un nouveau visiteur : créer sa fiche")},
        {ACT_ARR_ANON, N_("Une personne anonyme : sexe, tranche d'âge, commune")},
    };
    for (int i = 0; i < 3; i++) {
        char key[32], k[40];
        snprintf(k, sizeof k, " %s ", keys_action_key(items[i].action, key, sizeof key));
        int kw = text_width(k);
        text_put(stdscr, y + 2 + i, x, kw, k, theme_attr(TH_HOTKEY) | A_BOLD);
        text_put(stdscr, y + 2 + i, x + kw + 1, w - kw - 1, _(items[i].text),
                 theme_attr(st->anon && i == 2 ? TH_SELECT : TH_NORMAL));
    }
    if (!st->anon)
        return;
    theme_hline(stdscr, y + 6, x, w, theme_attr(TH_BORDER));
    char save[32], enter[32], how[400];
    snprintf(how, sizeof how,
             _("Chaque réponse peut rester « Non communiqué ». Listes : ← → ou premières "
               "lettres. %s ou %s sur le dernier champ : enregistrer l'arrivée."),
             keys_action_key(ACT_SAVE, save, sizeof save),
             keys_action_key(ACT_SELECT, enter, sizeof enter));
    const char *hint = st->form.focus == AF_COMMUNE ? commune_field_hint(&st->commune) : how;
    int used = text_put_wrapped(stdscr, y + 7, x, w, 2, hint, theme_attr(TH_MUTED));
    int cy, cx;
    form_draw(&st->form, stdscr, y + 8 + used, x, b->h - 9 - used, w, &cy, &cx);
    if (cy >= 0 && st->form.focus == AF_COMMUNE)
        app_set_cursor(app, cy, cx);
}

static ui_reaction known_done(void *ctx, ui_app *app, int64_t visitor_id)
{
    if (!visitor_id)
        return ui_redraw(); /* back to the arrival choice */
    g_error err = {0};
    ui_reaction r = ui_redraw();
    r.pop = 1; /* the arrival screen goes too */
    if (visit_arrive(app->db, app->session->user_id, visitor_id, NULL, NULL, NULL, &err) != G_OK) {
        app_message(app, 1, err.msg);
        return r;
    }
    app_data_changed(app);
    visitor v;
    char msg[1024];
    if (visitor_get(app->db, visitor_id, &v, &err) == G_OK)
        snprintf(msg, sizeof msg, _("Arrivée de %s %s enregistrée."), v.last_name, v.first_names);
    else
        snprintf(msg, sizeof msg, "%s", _("Arrivée enregistrée."));
    app_message(app, 0, msg);
    return r;
}

static ui_reaction new_done(void *ctx, ui_app *app, int64_t visitor_id)
{
    ui_reaction r = ui_redraw();
    r.pop = 1; /* the arrival screen goes too; the form said what it saved */
    return r;
}

static ui_reaction arr_save_anon(arrival_state *st, ui_app *app)
{
    visit_anon anon;
    memset(&anon, 0, sizeof anon);
    snprintf(anon.sex, sizeof anon.sex, "%s", choice_code(&st->choices[AF_SEX]));
    snprintf(anon.age_band, sizeof anon.age_band, "%s", choice_code(&st->choices[AF_AGE]));
    form_clear_errors(&st->form);
    if (commune_field_resolve(app, &st->fields[AF_COMMUNE], &st->commune) != 0) {
        st->form.focus = AF_COMMUNE;
        return ui_redraw();
    }
    snprintf(anon.commune, sizeof anon.commune, "%s", st->commune.code);
    g_error err = {0};
    if (visit_arrive(app->db, app->session->user_id, 0, &anon, NULL, NULL, &err) != G_OK) {
        if (!err.field[0])
            snprintf(err.field, sizeof err.field, "commune");
        form_apply_error(&st->form, &err);
        return ui_redraw();
    }
    app_message(app, 0, _("Arrivée anonyme enregistrée."));
    app_data_changed(app);
    return ui_pop();
}

static ui_reaction arr_key(void *state, ui_app *app, const ui_key *k)
{
    arrival_state *st = state;
    if (st->anon) {
        if (k->action == ACT_SAVE)
            return arr_save_anon(st, app);
        if (k->action == ACT_BACK) {
            st->anon = 0;
            return ui_redraw();
        }
        size_t i = st->form.focus;
        int nav = k->action == ACT_NEXT_FIELD || k->action == ACT_PREV_FIELD ||
                  k->action == ACT_UP || k->action == ACT_DOWN || k->action == ACT_SELECT;
        /* leaving the commune resolves it, as the visitor form does (the
         * message stays, with what was typed, until the field is edited) */
        if (nav && i == AF_COMMUNE && !st->fields[i].over && k->action != ACT_SELECT)
            commune_field_resolve(app, &st->fields[i], &st->commune);
        if (st->choices[i].n && !nav && choice_key(&st->choices[i], &st->fields[i], k))
            return ui_redraw();
        switch (form_key(&st->form, k)) {
        case FORM_SUBMIT:
            return arr_save_anon(st, app);
        case FORM_HANDLED:
            if (i == AF_COMMUNE && !nav)
                commune_field_suggest(app, &st->fields[i], &st->commune, COLS - 10);
            return ui_redraw();
        case FORM_IGNORED:
            break;
        }
        return ui_pass();
    }
    switch (k->action) {
    case ACT_ARR_KNOWN: {
        visitor_pick_arg *pa = calloc(1, sizeof *pa);
        if (!pa)
            return ui_none();
        pa->title = _("Arrivée : rechercher le visiteur");
        pa->allow_new = 0;
        pa->done = known_done;
        pa->ctx = st;
        return ui_push(&screen_visitor_pick, pa);
    }
    case ACT_ARR_NEW: {
        visitor_form_arg *fa = calloc(1, sizeof *fa);
        if (!fa)
            return ui_none();
        fa->arrive = 1;
        fa->done = new_done;
        fa->ctx = st;
        return ui_push(&screen_visitor_form, fa);
    }
    case ACT_ARR_ANON:
        st->anon = 1;
        st->form.focus = 0;
        return ui_redraw();
    default:
        break;
    }
    return ui_pass();
}

static const ui_action arr_hints[] = {ACT_HELP, ACT_SAVE, ACT_BACK, ACT_NONE};

const screen_ops screen_intake_arrival = {
    .name = "intake_arrival",
    .title = N_("Arrivée"),
    .hints = arr_hints,
    .keymap = KM_ARRIVAL,
    .open = arr_open,
    .close = arr_close,
    .draw = arr_draw,
    .key = arr_key,
};
