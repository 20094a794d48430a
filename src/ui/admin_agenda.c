/* admin_agenda.c — « Agenda du site » (Administration, responsable only):
 * the resources, motifs and openings of the agenda in three lists, and the
 * forms of a resource and of a motif (the opening's is admin_opening.c).
 * What the command line does with `guichet agenda …`, without it. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/agenda.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/recurrence.h"
#include "guichet/ref.h"
#include "ui/admin.h"
#include "ui/admin_agenda.h"
#include "ui/dialog.h"
#include "ui/legend.h"
#include "ui/list.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"

/* ========================================================================= */
/* the form helper (admin_agenda.h)                                          */
/* ========================================================================= */

static int agf_add(agf *f, const char *name, const char *label, size_t max)
{
    if (f->count >= AGF_MAX)
        return -1;
    size_t i = f->count;
    if (field_init(&f->fields[i], name, label, max, FIELD_HIDE_MAX) != 0)
        return -1;
    f->count++;
    return (int)i;
}

int agf_text(agf *f, const char *name, const char *label, size_t max)
{
    int i = agf_add(f, name, label, max);
    if (i >= 0)
        f->fields[i].flags = 0; /* a text field shows its maximum */
    return i;
}

int agf_choice(agf *f, const char *name, const char *label)
{
    return agf_add(f, name, label, 80);
}

void agf_ready(agf *f)
{
    form_init(&f->form, f->fields, f->count);
    f->form.label_width = 22;
}

void agf_free(agf *f)
{
    for (size_t i = 0; i < AGF_MAX; i++) {
        field_free(&f->fields[i]);
        choice_free(&f->choices[i]);
    }
}

static int is_nav(const ui_key *k)
{
    return k->action == ACT_NEXT_FIELD || k->action == ACT_PREV_FIELD || k->action == ACT_UP ||
           k->action == ACT_DOWN || k->action == ACT_SELECT;
}

form_result agf_key(agf *f, const ui_key *k)
{
    size_t i = f->form.focus;
    if (!is_nav(k) && f->read_only[i])
        return FORM_IGNORED;
    if (!is_nav(k) && f->choices[i].n > 0) {
        if (choice_key(&f->choices[i], &f->fields[i], k)) {
            f->fields[i].error[0] = 0;
            return FORM_HANDLED;
        }
        return FORM_IGNORED;
    }
    return form_key(&f->form, k);
}

void agf_draw(agf *f, ui_app *app, int y, int x, int h, int w)
{
    int cy, cx;
    form_draw(&f->form, stdscr, y, x, h, w, &cy, &cx);
    size_t i = f->form.focus;
    if (cy >= 0 && f->choices[i].n == 0 && !f->read_only[i])
        app_set_cursor(app, cy, cx);
}

/* ========================================================================= */
/* the lists                                                                 */
/* ========================================================================= */

enum { TAB_RESOURCES, TAB_MOTIFS, TAB_OPENINGS, N_TABS };

typedef struct ag_state {
    int tab;
    agenda_resource *res; /* every resource, archived ones too */
    size_t nres;
    agenda_motif *mot;
    size_t nmot;
    agenda_availability *av;
    size_t nav;
    ui_list list;
    char error[768]; /* what could not be read, "" = none */
    int rows;        /* list rows at the last draw */
    char empty[256]; /* what the list says when it is empty */
} ag_state;

static const ui_column res_cols[] = {
    {N_("N°"), 4, 1},          {N_("Nom"), 0, 0},   {N_("Type"), 11, 0},
    {N_("Partenaire"), 12, 0}, {N_("Lieu"), 11, 0}, {N_("État"), 8, 0},
};
static const ui_column mot_cols[] = {
    {N_("N°"), 4, 1},    {N_("Nom"), 0, 0},    {N_("Partenaire"), 11, 0}, {N_("Durée"), 7, 1},
    {N_("Lieu"), 11, 0}, {N_("Places"), 6, 1}, {N_("État"), 8, 0},
};
static const ui_column av_cols[] = {
    {N_("N°"), 4, 1},  {N_("Ressource"), 16, 0}, {N_("Répétition"), 0, 0},
    {N_("Du"), 10, 0}, {N_("Au"), 10, 0},        {N_("Motifs"), 6, 1},
};
#define NCOLS(a) (sizeof a / sizeof *a)
static ui_column shown_res[NCOLS(res_cols)], shown_mot[NCOLS(mot_cols)], shown_av[NCOLS(av_cols)];

static const char *kind_label(const char *kind)
{
    if (strcmp(kind, AGENDA_KIND_AGENT) == 0)
        return _("Agent");
    if (strcmp(kind, AGENDA_KIND_PERMANENCE) == 0)
        return _("Permanence");
    if (strcmp(kind, AGENDA_KIND_ROOM) == 0)
        return _("Salle");
    return kind;
}

static const char *operator_name(const char *code)
{
    const ref_operator *o = code[0] ? ref_operator_find(code) : NULL;
    return o ? o->name : code[0] ? code : "—";
}

static const char *resource_name(const ag_state *st, int64_t id)
{
    for (size_t i = 0; i < st->nres; i++)
        if (st->res[i].id == id)
            return st->res[i].name;
    return "?";
}

static const char *ag_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    ag_state *st = ctx;
    buf[0] = 0;
    if (st->tab == TAB_RESOURCES) {
        const agenda_resource *r = &st->res[row];
        const char *v[] = {NULL,
                           r->name,
                           kind_label(r->kind),
                           operator_name(r->operator_code),
                           r->place,
                           r->active ? _("active") : _("archivée")};
        if (col == 0)
            snprintf(buf, size, "%" PRId64, r->id);
        else
            snprintf(buf, size, "%s", v[col]);
    } else if (st->tab == TAB_MOTIFS) {
        const agenda_motif *m = &st->mot[row];
        switch (col) {
        case 0:
            snprintf(buf, size, "%" PRId64, m->id);
            break;
        case 1:
            snprintf(buf, size, "%s", m->name);
            break;
        case 2:
            snprintf(buf, size, "%s", operator_name(m->operator_code));
            break;
        case 3:
            snprintf(buf, size, _("%d min"), m->duration_min);
            break;
        case 4:
            snprintf(buf, size, "%s", agenda_place_label(m->place));
            break;
        case 5:
            snprintf(buf, size, "%d", m->capacity);
            break;
        default:
            snprintf(buf, size, "%s", m->active ? _("actif") : _("archivé"));
        }
    } else {
        const agenda_availability *a = &st->av[row];
        switch (col) {
        case 0:
            snprintf(buf, size, "%" PRId64, a->id);
            break;
        case 1:
            snprintf(buf, size, "%s", resource_name(st, a->resource_id));
            break;
        case 2:
            recur_describe(&a->rule, buf, size);
            break;
        case 3:
            normalize_date_display(a->rule.dtstart, buf);
            break;
        case 4:
            if (a->rule.until[0])
                normalize_date_display(a->rule.until, buf);
            else
                snprintf(buf, size, "%s", _("sans fin"));
            break;
        default:
            snprintf(buf, size, "%zu", a->nmotifs);
        }
    }
    return buf;
}

static void set_tab(ag_state *st, int tab)
{
    st->tab = tab;
    const ui_column *cols = tab == TAB_RESOURCES ? shown_res
                            : tab == TAB_MOTIFS  ? shown_mot
                                                 : shown_av;
    size_t n = tab == TAB_RESOURCES ? NCOLS(res_cols)
               : tab == TAB_MOTIFS  ? NCOLS(mot_cols)
                                    : NCOLS(av_cols);
    list_init(&st->list, cols, n, ag_cell, st);
    st->list.header = 1;
    keys_sentence(st->empty, sizeof st->empty,
                  tab == TAB_RESOURCES ? _("Aucune ressource : %s en crée une.")
                  : tab == TAB_MOTIFS  ? _("Aucun motif : %s en crée un.")
                                       : _("Aucune plage d'ouverture : %s en crée une."),
                  ACT_NEW, ACT_NONE);
    st->list.empty = st->empty;
    list_set_count(&st->list, tab == TAB_RESOURCES ? st->nres
                              : tab == TAB_MOTIFS  ? st->nmot
                                                   : st->nav);
}

static void ag_reload(void *state, ui_app *app)
{
    ag_state *st = state;
    g_error err = {0};
    agenda_resource *res = NULL;
    agenda_motif *mot = NULL;
    agenda_availability *av = NULL;
    size_t nres = 0, nmot = 0, nav = 0;
    st->error[0] = 0;
    if (agenda_resource_list(app->db, 0, &res, &nres, &err) != G_OK ||
        agenda_motif_list(app->db, 0, NULL, &mot, &nmot, &err) != G_OK ||
        agenda_availability_list(app->db, 0, &av, &nav, &err) != G_OK) {
        snprintf(st->error, sizeof st->error, "%s", err.msg);
        free(res);
        free(mot);
        free(av);
        return;
    }
    free(st->res);
    free(st->mot);
    free(st->av);
    st->res = res, st->nres = nres;
    st->mot = mot, st->nmot = nmot;
    st->av = av, st->nav = nav;
    size_t sel = st->list.selected;
    set_tab(st, st->tab);
    int64_t focus = app_take_focus(app);
    for (size_t i = 0; i < st->list.count; i++) {
        int64_t id = st->tab == TAB_RESOURCES ? st->res[i].id
                     : st->tab == TAB_MOTIFS  ? st->mot[i].id
                                              : st->av[i].id;
        if (focus && id == focus)
            sel = i;
    }
    st->list.selected = sel < st->list.count ? sel : 0;
}

static int ag_open(ui_app *app, void *arg, void **state)
{
    if (!admin_is_manager(app))
        return -1;
    ag_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    for (size_t i = 0; i < NCOLS(res_cols); i++)
        shown_res[i] = res_cols[i], shown_res[i].title = _(res_cols[i].title);
    for (size_t i = 0; i < NCOLS(mot_cols); i++)
        shown_mot[i] = mot_cols[i], shown_mot[i].title = _(mot_cols[i].title);
    for (size_t i = 0; i < NCOLS(av_cols); i++)
        shown_av[i] = av_cols[i], shown_av[i].title = _(av_cols[i].title);
    st->tab = TAB_OPENINGS;
    ag_reload(st, app);
    set_tab(st, TAB_OPENINGS);
    *state = st;
    return 0;
}

static void ag_close(void *state, ui_app *app)
{
    ag_state *st = state;
    free(st->res);
    free(st->mot);
    free(st->av);
    free(st);
}

static const ui_legend_item ag_legend[] = {
    {ACT_ADM_AG_RESOURCES, N_("ressources")},
    {ACT_ADM_AG_MOTIFS, N_("motifs")},
    {ACT_ADM_AG_OPENINGS, N_("ouvertures")},
    {ACT_NEW, N_("nouveau")},
    {ACT_SELECT, N_("modifier")},
    {ACT_ADM_AG_DELETE, N_("supprimer une ouverture")},
};
#define N_AG_LEGEND (sizeof ag_legend / sizeof *ag_legend)

static void ag_draw(void *state, ui_app *app, const ui_rect *b)
{
    ag_state *st = state;
    int x = b->x + 1, w = b->w - 2, y = b->y;
    static const char *const titles[N_TABS] = {N_("Ressources"), N_("Motifs de rendez-vous"),
                                               N_("Plages d'ouverture")};
    char line[256];
    size_t n = st->list.count;
    snprintf(line, sizeof line, "%s (%zu)", _(titles[st->tab]), n);
    text_put(stdscr, y, x, w, line, theme_attr(TH_HEADING));
    static const char *const hints[N_TABS] = {
        N_("Une ressource archivée ne prend plus de rendez-vous ; les anciens restent."),
        N_("La durée fixe les créneaux ; plus d'une place fait un atelier collectif."),
        N_("Deux plages d'une ressource qui se chevauchent sont refusées, sauf confirmation."),
    };
    int used = text_put_wrapped(stdscr, y + 1, x, w, 2, _(hints[st->tab]), theme_attr(TH_MUTED));
    y += used > 1 ? used - 1 : 0; /* the list under the hint, however long */
    int row_of[N_AG_LEGEND], x_of[N_AG_LEGEND];
    int lrows = legend_layout(ag_legend, N_AG_LEGEND, w, row_of, x_of);
    if (lrows > 2)
        lrows = 2;
    int ly = b->y + b->h - lrows;
    legend_draw(ly, x, w, lrows, ag_legend, N_AG_LEGEND);
    int lh = ly - (y + 2);
    if (st->error[0]) {
        text_put_wrapped(stdscr, y + 2, x, w, lh, st->error, theme_attr(TH_ERROR));
        return;
    }
    st->rows = lh - 1;
    list_draw(&st->list, stdscr, y + 2, x, lh, w, 1);
}

/* --- deleting an opening ---------------------------------------------------- */

static ui_reaction delete_answer(void *ctx, ui_app *app, int yes)
{
    ag_state *st = ctx;
    if (!yes || st->tab != TAB_OPENINGS || !st->nav)
        return ui_redraw();
    int64_t id = st->av[st->list.selected].id;
    g_error err = {0};
    if (agenda_availability_delete(app->db, app->session->user_id, id, &err) != G_OK) {
        app_message(app, 1, err.msg);
        return ui_redraw();
    }
    char msg[256];
    snprintf(msg, sizeof msg, _("Plage d'ouverture n° %" PRId64 " supprimée."), id);
    app_message(app, 0, msg);
    app_data_changed(app);
    return ui_redraw();
}

static ui_reaction ask_delete(ag_state *st, ui_app *app)
{
    if (st->tab != TAB_OPENINGS) {
        app_message(app, 1,
                    _("Une ressource ou un motif ne se supprime pas (les rendez-vous passés s'y "
                      "rapportent) : ouvrez-le et choisissez « archivée »."));
        return ui_redraw();
    }
    if (!st->nav)
        return ui_none();
    const agenda_availability *a = &st->av[st->list.selected];
    char desc[256], q[512];
    recur_describe(&a->rule, desc, sizeof desc);
    snprintf(q, sizeof q,
             _("Supprimer la plage n° %" PRId64 " de « %s » (%s) avec ses jours fermés ? (o/n)"),
             a->id, resource_name(st, a->resource_id), desc);
    return dialog_confirm(q, delete_answer, st);
}

/* --- opening a form ------------------------------------------------------- */

extern const screen_ops screen_admin_resource, screen_admin_motif;

static ui_reaction open_form(ag_state *st, int new_one)
{
    admin_agenda_arg *a = calloc(1, sizeof *a);
    if (!a)
        return ui_none();
    size_t i = st->list.selected;
    if (st->tab == TAB_RESOURCES) {
        a->id = new_one || !st->nres ? 0 : st->res[i].id;
        return ui_push(&screen_admin_resource, a);
    }
    if (st->tab == TAB_MOTIFS) {
        a->id = new_one || !st->nmot ? 0 : st->mot[i].id;
        return ui_push(&screen_admin_motif, a);
    }
    if (!new_one && st->nav)
        a->id = st->av[i].id;
    else if (st->nav)
        a->resource_id = st->av[i].resource_id; /* a new one, for the same resource */
    return ui_push(&screen_admin_opening, a);
}

static ui_reaction ag_key(void *state, ui_app *app, const ui_key *k)
{
    ag_state *st = state;
    if (list_key(&st->list, k, st->rows > 0 ? st->rows : 1))
        return ui_redraw();
    switch (k->action) {
    case ACT_ADM_AG_RESOURCES:
        set_tab(st, TAB_RESOURCES);
        return ui_redraw();
    case ACT_ADM_AG_MOTIFS:
        set_tab(st, TAB_MOTIFS);
        return ui_redraw();
    case ACT_ADM_AG_OPENINGS:
        set_tab(st, TAB_OPENINGS);
        return ui_redraw();
    case ACT_NEW:
        return open_form(st, 1);
    case ACT_SELECT:
        return st->list.count ? open_form(st, 0) : ui_none();
    case ACT_ADM_AG_DELETE:
        return ask_delete(st, app);
    default:
        return ui_pass();
    }
}

static const ui_action ag_hints[] = {ACT_HELP, ACT_NEW, ACT_SELECT, ACT_BACK, ACT_NONE};

const screen_ops screen_admin_agenda = {
    .name = "admin-agenda",
    .title = N_("Agenda du site"),
    .hints = ag_hints,
    .keymap = KM_ADMIN_AGENDA,
    .open = ag_open,
    .close = ag_close,
    .draw = ag_draw,
    .key = ag_key,
    .reload = ag_reload,
};

/* ========================================================================= */
/* a resource, a motif                                                       */
/* ========================================================================= */

typedef struct rm_state {
    int motif;  /* 0: a resource, 1: a motif */
    int64_t id; /* 0 = new */
    agenda_resource r;
    agenda_motif m;
    agf f;
} rm_state;

enum { R_NAME, R_KIND, R_OPERATOR, R_PLACE, R_ACTIVE };
enum { M_NAME, M_OPERATOR, M_DURATION, M_PLACE, M_CAPACITY, M_BRING, M_ACTIVE };

static const char *const kind_codes[] = {AGENDA_KIND_PERMANENCE, AGENDA_KIND_AGENT,
                                         AGENDA_KIND_ROOM, NULL};
static const char *const kind_labels[] = {N_("Permanence d'un partenaire"), N_("Agenda d'un agent"),
                                          N_("Salle"), NULL};
static const char *const place_labels[] = {N_("Sur place"), N_("Par téléphone"), N_("À domicile"),
                                           N_("En visioconférence"), NULL};
static const char *const active_codes[] = {"1", "0", NULL};
static const char *const active_labels[] = {N_("active : prend des rendez-vous"),
                                            N_("archivée : plus de nouveau rendez-vous"), NULL};

static int rm_open(ui_app *app, void *arg, int motif, void **state)
{
    admin_agenda_arg *a = arg;
    if (!a)
        return -1;
    rm_state *st = calloc(1, sizeof *st);
    if (!st || !admin_is_manager(app)) {
        free(a);
        free(st);
        return -1;
    }
    st->motif = motif;
    st->id = a->id;
    free(a);
    g_error err = {0};
    g_status s = G_OK;
    if (st->id)
        s = motif ? agenda_motif_get(app->db, st->id, &st->m, &err)
                  : agenda_resource_get(app->db, st->id, &st->r, &err);
    if (s != G_OK) {
        app_message(app, 1, err.msg);
        free(st);
        return -1;
    }
    agf *f = &st->f;
    int fail = 0;
    if (!motif) {
        fail |= agf_text(f, "name", _("Nom"), AGENDA_NAME_MAX) < 0;
        fail |= agf_choice(f, "kind", _("Type")) < 0;
        fail |= choice_init_codes(&f->choices[R_KIND], NULL, kind_codes, kind_labels);
        fail |= agf_choice(f, "operator", _("Partenaire")) < 0;
        fail |= choice_init_operators(&f->choices[R_OPERATOR], _("Aucun (le site)"));
        fail |= agf_text(f, "place", _("Lieu (bureau)"), 80) < 0;
        fail |= agf_choice(f, "active", _("État")) < 0;
        fail |= choice_init_codes(&f->choices[R_ACTIVE], NULL, active_codes, active_labels);
    } else {
        fail |= agf_text(f, "name", _("Nom"), AGENDA_NAME_MAX) < 0;
        fail |= agf_choice(f, "operator", _("Partenaire")) < 0;
        fail |= choice_init_operators(&f->choices[M_OPERATOR], _("Aucun (le site)"));
        fail |= agf_text(f, "duration", _("Durée (minutes)"), 3) < 0;
        fail |= agf_choice(f, "place", _("Lieu")) < 0;
        fail |= choice_init_codes(&f->choices[M_PLACE], NULL, agenda_places, place_labels);
        fail |= agf_text(f, "capacity", _("Places"), 3) < 0;
        fail |= agf_text(f, "to_bring", _("À apporter"), 200) < 0;
        fail |= agf_choice(f, "active", _("État")) < 0;
        fail |= choice_init_codes(&f->choices[M_ACTIVE], NULL, active_codes, active_labels);
    }
    if (fail) {
        agf_free(f);
        free(st);
        return -1;
    }
    agf_ready(f);
    char num[16];
    if (!motif) {
        field_set(&f->fields[R_NAME], st->r.name);
        choice_set(&f->choices[R_KIND], &f->fields[R_KIND],
                   st->id ? st->r.kind : AGENDA_KIND_PERMANENCE);
        choice_set(&f->choices[R_OPERATOR], &f->fields[R_OPERATOR], st->r.operator_code);
        field_set(&f->fields[R_PLACE], st->r.place);
        choice_set(&f->choices[R_ACTIVE], &f->fields[R_ACTIVE],
                   !st->id || st->r.active ? "1" : "0");
    } else {
        field_set(&f->fields[M_NAME], st->m.name);
        choice_set(&f->choices[M_OPERATOR], &f->fields[M_OPERATOR], st->m.operator_code);
        snprintf(num, sizeof num, "%d", st->id ? st->m.duration_min : 30);
        field_set(&f->fields[M_DURATION], num);
        choice_set(&f->choices[M_PLACE], &f->fields[M_PLACE],
                   st->id ? st->m.place : AGENDA_PLACE_ON_SITE);
        snprintf(num, sizeof num, "%d", st->id ? st->m.capacity : 1);
        field_set(&f->fields[M_CAPACITY], num);
        field_set(&f->fields[M_BRING], st->m.to_bring);
        choice_set(&f->choices[M_ACTIVE], &f->fields[M_ACTIVE],
                   !st->id || st->m.active ? "1" : "0");
    }
    *state = st;
    return 0;
}

static int resource_open(ui_app *app, void *arg, void **state)
{
    return rm_open(app, arg, 0, state);
}

static int motif_open(ui_app *app, void *arg, void **state)
{
    return rm_open(app, arg, 1, state);
}

static void rm_close(void *state, ui_app *app)
{
    rm_state *st = state;
    agf_free(&st->f);
    free(st);
}

static void rm_draw(void *state, ui_app *app, const ui_rect *b)
{
    rm_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y + 1;
    char title[256];
    if (st->motif && st->id)
        snprintf(title, sizeof title, _("Motif n° %" PRId64 " : %s"), st->id, st->m.name);
    else if (st->id)
        snprintf(title, sizeof title, _("Ressource n° %" PRId64 " : %s"), st->id, st->r.name);
    else
        snprintf(title, sizeof title, "%s",
                 st->motif ? _("Nouveau motif de rendez-vous") : _("Nouvelle ressource"));
    text_put(stdscr, y, x, w, title, theme_attr(TH_HEADING));
    char how[256];
    text_put_wrapped(stdscr, y + 1, x, w, 1,
                     keys_sentence(how, sizeof how,
                                   _("Listes : ← → ou premières lettres. %s : enregistrer."),
                                   ACT_SAVE, ACT_NONE),
                     theme_attr(TH_MUTED));
    agf_draw(&st->f, app, y + 3, x, b->h - 4, w);
}

/* A whole number typed in field i, or -1. */
static long number_of(const ui_field *f)
{
    char *end = NULL;
    long v = strtol(f->value, &end, 10);
    return f->value[0] && !*end && v >= 0 ? v : -1;
}

static ui_reaction rm_submit(rm_state *st, ui_app *app)
{
    agf *f = &st->f;
    form_clear_errors(&f->form);
    g_error err = {0};
    g_status s;
    int64_t uid = app->session->user_id, id = st->id;
    const char *name;
    if (!st->motif) {
        agenda_resource r = st->r; /* keeps the agent's account link */
        snprintf(r.name, sizeof r.name, "%s", f->fields[R_NAME].value);
        snprintf(r.kind, sizeof r.kind, "%s", choice_code(&f->choices[R_KIND]));
        snprintf(r.operator_code, sizeof r.operator_code, "%s",
                 choice_code(&f->choices[R_OPERATOR]));
        snprintf(r.place, sizeof r.place, "%s", f->fields[R_PLACE].value);
        r.active = strcmp(choice_code(&f->choices[R_ACTIVE]), "1") == 0;
        r.id = id;
        s = id ? agenda_resource_update(app->db, uid, &r, &err)
               : agenda_resource_add(app->db, uid, &r, &id, &err);
        name = f->fields[R_NAME].value;
    } else {
        agenda_motif m = st->m;
        snprintf(m.name, sizeof m.name, "%s", f->fields[M_NAME].value);
        snprintf(m.operator_code, sizeof m.operator_code, "%s",
                 choice_code(&f->choices[M_OPERATOR]));
        snprintf(m.place, sizeof m.place, "%s", choice_code(&f->choices[M_PLACE]));
        snprintf(m.to_bring, sizeof m.to_bring, "%s", f->fields[M_BRING].value);
        m.active = strcmp(choice_code(&f->choices[M_ACTIVE]), "1") == 0;
        long d = number_of(&f->fields[M_DURATION]), c = number_of(&f->fields[M_CAPACITY]);
        if (d < 0) {
            field_set_error(&f->fields[M_DURATION], _("Durée : un nombre de minutes (5 à 480)."));
            f->form.focus = M_DURATION;
            return ui_redraw();
        }
        if (c < 0) {
            field_set_error(&f->fields[M_CAPACITY],
                            _("Places : un nombre (1 = rendez-vous individuel)."));
            f->form.focus = M_CAPACITY;
            return ui_redraw();
        }
        m.duration_min = (int)d;
        m.capacity = (int)c;
        m.id = id;
        s = id ? agenda_motif_update(app->db, uid, &m, &err)
               : agenda_motif_add(app->db, uid, &m, &id, &err);
        name = f->fields[M_NAME].value;
    }
    if (s != G_OK) {
        form_apply_error(&f->form, &err);
        return ui_redraw();
    }
    char msg[512];
    snprintf(msg, sizeof msg,
             st->motif
                 ? (st->id ? _("Motif « %s » enregistré.") : _("Motif « %s » créé."))
                 : (st->id ? _("Ressource « %s » enregistrée.") : _("Ressource « %s » créée.")),
             name);
    app_message(app, 0, msg);
    app_focus(app, id);
    app_data_changed(app);
    return ui_pop();
}

static ui_reaction rm_key(void *state, ui_app *app, const ui_key *k)
{
    rm_state *st = state;
    if (k->action == ACT_SAVE)
        return rm_submit(st, app);
    switch (agf_key(&st->f, k)) {
    case FORM_SUBMIT:
        return rm_submit(st, app);
    case FORM_HANDLED:
        return ui_redraw();
    case FORM_IGNORED:
        break;
    }
    return ui_pass();
}

static const ui_action rm_hints[] = {ACT_SAVE, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE};

const screen_ops screen_admin_resource = {
    .name = "admin-resource",
    .title = N_("Ressource de l'agenda"),
    .hints = rm_hints,
    .keymap = KM_FORM,
    .open = resource_open,
    .close = rm_close,
    .draw = rm_draw,
    .key = rm_key,
};

const screen_ops screen_admin_motif = {
    .name = "admin-motif",
    .title = N_("Motif de rendez-vous"),
    .hints = rm_hints,
    .keymap = KM_FORM,
    .open = motif_open,
    .close = rm_close,
    .draw = rm_draw,
    .key = rm_key,
};
