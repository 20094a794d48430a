/* admin_opening.c — one plage d'ouverture of the agenda (Administration,
 * Agenda du site): its resource, how it repeats (every week, every N weeks,
 * the n-th weekday of the month), its days, hours, first and last dates and
 * the motifs it allows, chosen on a list of check boxes. The rules are the
 * core's (agenda_availability_save): an overlap with another opening of the
 * resource is said, and saved only when confirmed. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/agenda.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/recurrence.h"
#include "guichet/strbuf.h"
#include "ui/admin.h"
#include "ui/admin_agenda.h"
#include "ui/dialog.h"
#include "ui/list.h"
#include "ui/text.h"
#include "ui/theme.h"

enum { O_RES, O_FREQ, O_EVERY, O_DAYS, O_FROM, O_TO, O_START, O_UNTIL, O_MOTIFS };

typedef struct op_state {
    int64_t id; /* 0 = new */
    agenda_resource *res;
    size_t nres;
    char (*res_codes)[24];
    const char **codes, **labels; /* the resource choice (NULL-terminated) */
    agenda_motif *mot;            /* the motifs that may be chosen */
    size_t nmot;
    int *chosen; /* parallel to mot */
    agf f;
    agenda_availability pending; /* waiting for « Enregistrer quand même ? » */
    char resource_name[AGENDA_NAME_MAX + 1];
} op_state;

static const char *const freq_codes[] = {"WEEKLY", "MONTHLY", NULL};
static const char *const freq_labels[] = {N_("chaque semaine, ou toutes les N semaines"),
                                          N_("chaque mois, le n-ième jour de la semaine"), NULL};

/* « Dossier CAF, Atelier numérique » of the chosen motifs, into the field. */
static void show_motifs(op_state *st)
{
    char line[512];
    strbuf b;
    strbuf_init(&b, line, sizeof line);
    for (size_t i = 0; i < st->nmot; i++)
        if (st->chosen[i])
            strbuf_join(&b, ", ", st->mot[i].name);
    ui_field *f = &st->f.fields[O_MOTIFS];
    char none[128];
    field_set(f, b.len ? line
                       : keys_sentence(none, sizeof none, _("aucun (%s pour choisir)"), ACT_SELECT,
                                       ACT_NONE));
    f->cursor = f->view = 0; /* read from its start */
}

static void op_free(op_state *st)
{
    agf_free(&st->f);
    free(st->res);
    free(st->res_codes);
    free(st->codes);
    free(st->labels);
    free(st->mot);
    free(st->chosen);
    free(st);
}

/* The resources a new opening may take (active ones) plus its own. */
static int load_choices(op_state *st, ui_app *app, const agenda_availability *a, g_error *err)
{
    agenda_motif *mot = NULL;
    size_t nmot = 0;
    if (agenda_resource_list(app->db, 0, &st->res, &st->nres, err) != G_OK ||
        agenda_motif_list(app->db, 0, NULL, &mot, &nmot, err) != G_OK)
        return -1;
    st->res_codes = calloc(st->nres + 1, sizeof *st->res_codes);
    st->codes = calloc(st->nres + 1, sizeof *st->codes);
    st->labels = calloc(st->nres + 1, sizeof *st->labels);
    st->mot = calloc(nmot + 1, sizeof *st->mot);
    st->chosen = calloc(nmot + 1, sizeof *st->chosen);
    if (!st->res_codes || !st->codes || !st->labels || !st->mot || !st->chosen) {
        free(mot);
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < st->nres; i++) {
        if (!st->res[i].active && st->res[i].id != a->resource_id)
            continue;
        snprintf(st->res_codes[n], sizeof st->res_codes[n], "%" PRId64, st->res[i].id);
        st->codes[n] = st->res_codes[n];
        st->labels[n] = st->res[i].name;
        n++;
    }
    for (size_t i = 0; i < nmot; i++) {
        int in = 0;
        for (size_t k = 0; k < a->nmotifs; k++)
            in |= a->motifs[k] == mot[i].id;
        if (!mot[i].active && !in)
            continue; /* an archived motif stays only where it already is */
        st->chosen[st->nmot] = in;
        st->mot[st->nmot++] = mot[i];
    }
    free(mot);
    return 0;
}

static int op_open(ui_app *app, void *arg, void **state)
{
    admin_agenda_arg *arg_in = arg;
    if (!arg_in)
        return -1;
    op_state *st = calloc(1, sizeof *st);
    if (!st || !admin_is_manager(app)) {
        free(arg_in);
        free(st);
        return -1;
    }
    st->id = arg_in->id;
    agenda_availability a = {0};
    a.resource_id = arg_in->resource_id;
    free(arg_in);
    g_error err = {0};
    if ((st->id && agenda_availability_get(app->db, st->id, &a, &err) != G_OK) ||
        load_choices(st, app, &a, &err) != 0) {
        app_message(app, 1, err.msg[0] ? err.msg : _("Mémoire insuffisante."));
        op_free(st);
        return -1;
    }
    if (!st->codes[0]) {
        char msg[256];
        app_message(app, 1,
                    keys_sentence(msg, sizeof msg, _("Créez d'abord une ressource (%s, puis %s)."),
                                  ACT_ADM_AG_RESOURCES, ACT_NEW, ACT_NONE));
        op_free(st);
        return -1;
    }
    agf *f = &st->f;
    int fail = 0;
    fail |= agf_choice(f, "resource", _("Ressource")) < 0;
    fail |= choice_init_codes(&f->choices[O_RES], NULL, st->codes, st->labels);
    fail |= agf_choice(f, "freq", _("Répétition")) < 0;
    fail |= choice_init_codes(&f->choices[O_FREQ], NULL, freq_codes, freq_labels);
    fail |= agf_text(f, "interval", _("Toutes les N"), 2) < 0;
    fail |= agf_text(f, "byday", _("Jours"), 40) < 0;
    fail |= agf_text(f, "start", _("De (HH:MM)"), 5) < 0;
    fail |= agf_text(f, "end", _("À (HH:MM)"), 5) < 0;
    fail |= agf_text(f, "dtstart", _("À partir du"), 10) < 0;
    fail |= agf_text(f, "until", _("Jusqu'au"), 10) < 0;
    fail |= agf_text(f, "motifs", _("Motifs permis"), 200) < 0;
    if (fail) {
        op_free(st);
        return -1;
    }
    f->fields[O_MOTIFS].flags = FIELD_HIDE_MAX;
    f->read_only[O_MOTIFS] = 1;
    f->read_only[O_RES] = st->id != 0; /* an opening stays with its resource */
    agf_ready(f);
    char code[24], buf[64];
    snprintf(code, sizeof code, "%" PRId64, a.resource_id);
    choice_set(&f->choices[O_RES], &f->fields[O_RES], code);
    if (st->id) {
        choice_set(&f->choices[O_FREQ], &f->fields[O_FREQ],
                   a.rule.freq == RECUR_MONTHLY ? "MONTHLY" : "WEEKLY");
        snprintf(buf, sizeof buf, "%d", a.rule.interval);
        field_set(&f->fields[O_EVERY], buf);
        recur_byday_to_french(a.rule.byday, buf, sizeof buf);
        field_set(&f->fields[O_DAYS], buf);
        recur_time_format(a.rule.start_min, buf);
        field_set(&f->fields[O_FROM], buf);
        recur_time_format(a.rule.end_min, buf);
        field_set(&f->fields[O_TO], buf);
        normalize_date_display(a.rule.dtstart, buf);
        field_set(&f->fields[O_START], buf);
        normalize_date_display(a.rule.until, buf);
        field_set(&f->fields[O_UNTIL], buf);
        f->form.focus = O_FREQ;
    } else {
        choice_set(&f->choices[O_FREQ], &f->fields[O_FREQ], "WEEKLY");
        field_set(&f->fields[O_EVERY], "1");
        char today[11];
        clock_today(today);
        normalize_date_display(today, buf);
        field_set(&f->fields[O_START], buf);
    }
    show_motifs(st);
    *state = st;
    return 0;
}

static void op_close(void *state, ui_app *app)
{
    op_free(state);
}

/* What the focused field expects, on the hint line. */
static const char *field_hint(const op_state *st, char *buf, size_t size)
{
    int monthly = strcmp(choice_code(&st->f.choices[O_FREQ]), "MONTHLY") == 0;
    switch (st->f.form.focus) {
    case O_RES:
        return st->id ? _("La ressource d'une plage ne change pas : créez-en une autre.")
                      : _("La personne, la permanence ou la salle qui reçoit.");
    case O_EVERY:
        return monthly ? _("1 = chaque mois ; 2 = un mois sur deux…")
                       : _("1 = chaque semaine ; 2 = une semaine sur deux…");
    case O_DAYS:
        return monthly ? _("2MA,4MA = 2e et 4e mardis ; -1VE = dernier vendredi ; vide = le "
                           "jour du mois du début.")
                       : _("LU MA ME JE VE SA DI, séparés par des virgules ; vide = le jour du "
                           "début.");
    case O_FROM:
    case O_TO:
        return _("Heures du site (elles ne bougent pas au changement d'heure), même jour.");
    case O_START:
    case O_UNTIL: {
        char today[11], century[64];
        clock_today(today);
        normalize_century_hint(NORMALIZE_CENTURY_NEXT, atoi(today), century, sizeof century);
        snprintf(buf, size,
                 _("JJ/MM/AAAA, 1/3/26 ou 01032026 (%s) ; « Jusqu'au » vide = sans "
                   "fin."),
                 century);
        return buf;
    }
    case O_MOTIFS:
        return keys_sentence(buf, size, _("%s : choisir les motifs qu'on peut réserver ici."),
                             ACT_SELECT, ACT_NONE);
    default:
        return _("Listes : ← → ou premières lettres.");
    }
}

static void op_draw(void *state, ui_app *app, const ui_rect *b)
{
    op_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y + 1;
    char title[256], hint[256];
    if (st->id)
        snprintf(title, sizeof title, _("Plage d'ouverture n° %" PRId64), st->id);
    else
        snprintf(title, sizeof title, "%s", _("Nouvelle plage d'ouverture"));
    text_put(stdscr, y, x, w, title, theme_attr(TH_HEADING));
    text_put_wrapped(stdscr, y + 1, x, w, 2, field_hint(st, hint, sizeof hint),
                     theme_attr(TH_MUTED));
    agf_draw(&st->f, app, y + 3, x, b->h - 4, w);
}

/* The opening typed, into a; 0, or -1 with the error under its field. */
static int collect(op_state *st, agenda_availability *a)
{
    agf *f = &st->f;
    memset(a, 0, sizeof *a);
    a->id = st->id;
    a->resource_id = strtoll(choice_code(&f->choices[O_RES]), NULL, 10);
    a->rule.freq =
        strcmp(choice_code(&f->choices[O_FREQ]), "MONTHLY") == 0 ? RECUR_MONTHLY : RECUR_WEEKLY;
    char *end = NULL;
    long every = strtol(f->fields[O_EVERY].value, &end, 10);
    g_error err = {0};
    if (!f->fields[O_EVERY].value[0] || *end || every < 1 || every > 52) {
        g_err_field(&err, G_ERR_INVALID, "interval", "%s",
                    _("Toutes les N : un nombre de 1 à 52 (1 = chaque semaine ou chaque mois)."));
        goto bad;
    }
    a->rule.interval = (int)every;
    const char *days = f->fields[O_DAYS].value;
    if (strspn(days, " ") != strlen(days))
        if (recur_byday_from_french(days, a->rule.freq, a->rule.byday, sizeof a->rule.byday,
                                    &err) != G_OK)
            goto bad;
    if ((a->rule.start_min = recur_time_parse(f->fields[O_FROM].value)) < 0) {
        g_err_field(&err, G_ERR_INVALID, "start", "%s",
                    _("De : une heure HH:MM, par exemple 09:00."));
        goto bad;
    }
    if ((a->rule.end_min = recur_time_parse(f->fields[O_TO].value)) < 0) {
        g_err_field(&err, G_ERR_INVALID, "end", "%s", _("À : une heure HH:MM, par exemple 12:00."));
        goto bad;
    }
    g_error why = {0};
    if (normalize_date(f->fields[O_START].value, a->rule.dtstart, &why) != G_OK) {
        g_err_field(&err, G_ERR_INVALID, "dtstart", _("À partir du : %s."), why.msg);
        goto bad;
    }
    if (f->fields[O_UNTIL].value[0] &&
        normalize_date(f->fields[O_UNTIL].value, a->rule.until, &why) != G_OK) {
        g_err_field(&err, G_ERR_INVALID, "until", _("Jusqu'au : %s."), why.msg);
        goto bad;
    }
    for (size_t i = 0; i < st->nmot && a->nmotifs < AGENDA_MOTIFS_MAX; i++)
        if (st->chosen[i])
            a->motifs[a->nmotifs++] = st->mot[i].id;
    return 0;
bad:
    form_apply_error(&f->form, &err);
    return -1;
}

static ui_reaction saved(op_state *st, ui_app *app, const agenda_save_info *info)
{
    char msg[512];
    if (info->overlap_id) {
        char d[11];
        normalize_date_display(info->overlap_date, d);
        snprintf(msg, sizeof msg,
                 _("Plage d'ouverture n° %" PRId64
                   " enregistrée ; elle chevauche la plage n° %" PRId64
                   " (dès le %s) : l'agenda montre ce temps une seule fois."),
                 info->id, info->overlap_id, d);
    } else {
        snprintf(msg, sizeof msg, _("Plage d'ouverture n° %" PRId64 " enregistrée."), info->id);
    }
    app_message(app, 0, msg);
    app_focus(app, info->id);
    app_data_changed(app);
    return ui_pop();
}

static ui_reaction overlap_answer(void *ctx, ui_app *app, int yes)
{
    op_state *st = ctx;
    if (!yes)
        return ui_redraw();
    g_error err = {0};
    agenda_save_info info;
    if (agenda_availability_save(app->db, app->session->user_id, &st->pending, AGENDA_SAVE_FORCE,
                                 &info, &err) != G_OK) {
        form_apply_error(&st->f.form, &err);
        return ui_redraw();
    }
    return saved(st, app, &info);
}

static ui_reaction op_submit(op_state *st, ui_app *app)
{
    form_clear_errors(&st->f.form);
    agenda_availability a;
    if (collect(st, &a) != 0)
        return ui_redraw();
    g_error err = {0};
    agenda_save_info info;
    if (agenda_availability_save(app->db, app->session->user_id, &a, 0, &info, &err) == G_OK)
        return saved(st, app, &info);
    if (err.code == G_ERR_CONFLICT && strcmp(err.field, "overlap") == 0) {
        st->pending = a;
        char q[1024];
        snprintf(q, sizeof q, _("%s Enregistrer quand même ? (o/n)"), err.msg);
        return dialog_confirm(q, overlap_answer, st);
    }
    form_apply_error(&st->f.form, &err);
    return ui_redraw();
}

extern const screen_ops screen_admin_opening_motifs;

static ui_reaction op_key(void *state, ui_app *app, const ui_key *k)
{
    op_state *st = state;
    if (k->action == ACT_SAVE)
        return op_submit(st, app);
    if (st->f.form.focus == O_MOTIFS && k->action == ACT_SELECT)
        return ui_push(&screen_admin_opening_motifs, st);
    switch (agf_key(&st->f, k)) {
    case FORM_SUBMIT:
        return op_submit(st, app);
    case FORM_HANDLED:
        return ui_redraw();
    case FORM_IGNORED:
        break;
    }
    return ui_pass();
}

static const ui_action op_hints[] = {ACT_SAVE, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE};

const screen_ops screen_admin_opening = {
    .name = "admin-opening",
    .title = N_("Plage d'ouverture"),
    .hints = op_hints,
    .keymap = KM_FORM,
    .open = op_open,
    .close = op_close,
    .draw = op_draw,
    .key = op_key,
};

/* ========================================================================= */
/* the motifs of the opening: check boxes                                    */
/* ========================================================================= */

typedef struct om_state {
    op_state *op; /* the form below (not owned) */
    ui_list list;
    int rows;
    char empty[256]; /* what the list says when there is no motif */
} om_state;

static const ui_column om_cols[] = {{NULL, 4, 0}, {NULL, 0, 0}, {NULL, 12, 0}, {NULL, 8, 1}};

static const char *om_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    om_state *st = ctx;
    const agenda_motif *m = &st->op->mot[row];
    if (col == 0)
        snprintf(buf, size, "%s", st->op->chosen[row] ? "[x]" : "[ ]");
    else if (col == 1)
        snprintf(buf, size, "%s%s", m->name, m->active ? "" : _(" (archivé)"));
    else if (col == 2)
        snprintf(buf, size, "%s", agenda_place_label(m->place));
    else
        snprintf(buf, size, _("%d min"), m->duration_min);
    return buf;
}

static int om_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    om_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    st->op = arg;
    list_init(&st->list, om_cols, 4, om_cell, st);
    keys_sentence(st->empty, sizeof st->empty,
                  _("Aucun motif : créez-en un dans l'onglet Motifs (%s, puis %s)."),
                  ACT_ADM_AG_MOTIFS, ACT_NEW, ACT_NONE);
    st->list.empty = st->empty;
    list_set_count(&st->list, st->op->nmot);
    *state = st;
    return 0;
}

static void om_close(void *state, ui_app *app)
{
    free(state);
}

static void om_draw(void *state, ui_app *app, const ui_rect *b)
{
    om_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y + 1;
    text_put(stdscr, y, x, w, _("Motifs qu'on peut réserver dans cette plage"),
             theme_attr(TH_HEADING));
    char how[256];
    text_put_wrapped(stdscr, y + 1, x, w, 2,
                     keys_sentence(how, sizeof how, _("%s : cocher ou décocher. %s : c'est fait."),
                                   ACT_ADM_AG_TOGGLE, ACT_BACK, ACT_NONE),
                     theme_attr(TH_MUTED));
    st->rows = b->h - 4;
    list_draw(&st->list, stdscr, y + 3, x, st->rows, w, 1);
}

static ui_reaction om_key(void *state, ui_app *app, const ui_key *k)
{
    om_state *st = state;
    if (list_key(&st->list, k, st->rows > 0 ? st->rows : 1))
        return ui_redraw();
    if (k->action == ACT_ADM_AG_TOGGLE && st->op->nmot) {
        int *c = &st->op->chosen[st->list.selected];
        *c = !*c;
        show_motifs(st->op);
        st->op->f.fields[O_MOTIFS].error[0] = 0;
        return ui_redraw();
    }
    if (k->action == ACT_SAVE || k->action == ACT_SELECT)
        return ui_pop();
    return ui_pass();
}

static const ui_action om_hints[] = {ACT_ADM_AG_TOGGLE, ACT_BACK, ACT_NONE};

const screen_ops screen_admin_opening_motifs = {
    .name = "admin-opening-motifs",
    .title = N_("Motifs d'une plage"),
    .hints = om_hints,
    .keymap = KM_ADMIN_AGENDA_MOTIFS,
    .open = om_open,
    .close = om_close,
    .draw = om_draw,
    .key = om_key,
};
