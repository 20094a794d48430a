/* referents.c — Administration › Référents: the partners' back-office
 * referents (referent.h) for the responsable: the list of those in post
 * (or, with h, their whole history: who replaced whom), a detail panel as
 * the slip's agent copy shows them, and the changes — add one for an
 * operator or a service of the directory, correct their details, replace
 * them (the old one ends the day before), end their post. Every change is
 * one core call, journaled. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/ref.h"
#include "guichet/referent.h"
#include "guichet/strbuf.h"
#include "ui/admin.h"
#include "ui/form.h"
#include "ui/list.h"
#include "ui/orient.h"
#include "ui/prompt.h"
#include "ui/text.h"
#include "ui/theme.h"

/* --- the form: add, correct, replace ---------------------------------------- */

typedef enum rform_mode { RF_ADD, RF_EDIT, RF_REPLACE } rform_mode;

typedef struct rform_arg {
    rform_mode mode;
    referent r; /* RF_ADD: the attachment (operator or service) only; else the referent */
} rform_arg;

enum { F_NAME, F_ROLE, F_PHONE, F_EMAIL, F_CHANNEL, F_DAYS, F_FROM, F_COUNT };

typedef struct rform_state {
    rform_arg arg;
    char about[600]; /* « Référent de : CAF », « Remplace : … » */
    ui_field fields[F_COUNT];
    ui_form form;
    int nfields;
} rform_state;

static const char *partner_name(const referent *r)
{
    const ref_operator *o = r->operator_code[0] ? ref_operator_find(r->operator_code) : NULL;
    return o ? o->name : r->service_name;
}

static int rform_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    rform_state *st = calloc(1, sizeof *st);
    if (!st) {
        free(arg);
        return -1;
    }
    st->arg = *(rform_arg *)arg;
    free(arg);
    if (!admin_is_manager(app)) {
        free(st);
        return -1;
    }
    static const struct {
        const char *name, *label;
        size_t max;
    } def[F_COUNT] = {
        {"name", N_("Nom"), REFERENT_NAME_MAX},
        {"role", N_("Fonction"), REFERENT_ROLE_MAX},
        {"phone", N_("Téléphone"), 20},
        {"email", N_("Courriel"), REFERENT_EMAIL_MAX},
        {"channel", N_("Canal dédié"), REFERENT_CHANNEL_MAX},
        {"days", N_("Jours de réponse"), REFERENT_DAYS_MAX},
        {"valid_from", N_("À partir du"), 10},
    };
    st->nfields = st->arg.mode == RF_EDIT ? F_COUNT - 1 : F_COUNT;
    for (int i = 0; i < st->nfields; i++)
        if (field_init(&st->fields[i], def[i].name, _(def[i].label), def[i].max,
                       i == F_FROM || i == F_PHONE ? FIELD_HIDE_MAX : 0) != 0) {
            for (int k = 0; k < i; k++)
                field_free(&st->fields[k]);
            free(st);
            return -1;
        }
    const referent *r = &st->arg.r;
    strbuf sb;
    strbuf_init(&sb, st->about, sizeof st->about);
    if (st->arg.mode == RF_REPLACE)
        strbuf_printf(&sb, _("Remplace %s (%s) ; %s finit la veille du jour choisi."), r->name,
                      partner_name(r), r->name);
    else
        strbuf_printf(&sb, _("Référent de : %s"), partner_name(r));
    if (st->arg.mode == RF_EDIT) {
        char phone[40] = "";
        if (r->phone[0])
            normalize_phone_display(r->phone, phone, sizeof phone);
        field_set(&st->fields[F_NAME], r->name);
        field_set(&st->fields[F_ROLE], r->role);
        field_set(&st->fields[F_PHONE], phone);
        field_set(&st->fields[F_EMAIL], r->email);
        field_set(&st->fields[F_CHANNEL], r->channel);
        field_set(&st->fields[F_DAYS], r->days);
    } else {
        /* the channel and the days often stay when a referent changes */
        if (st->arg.mode == RF_REPLACE) {
            field_set(&st->fields[F_EMAIL], r->email);
            field_set(&st->fields[F_CHANNEL], r->channel);
            field_set(&st->fields[F_DAYS], r->days);
        }
        char today[11], shown[11];
        clock_today(today);
        normalize_date_display(today, shown);
        field_set(&st->fields[F_FROM], shown);
    }
    form_init(&st->form, st->fields, (size_t)st->nfields);
    *state = st;
    return 0;
}

static void rform_close(void *state, ui_app *app)
{
    rform_state *st = state;
    for (int i = 0; i < st->nfields; i++)
        field_free(&st->fields[i]);
    free(st);
}

static void rform_draw(void *state, ui_app *app, const ui_rect *b)
{
    rform_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y;
    static const char *const titles[] = {N_("Nouveau référent"), N_("Corriger un référent"),
                                         N_("Remplacer un référent")};
    text_put(stdscr, y, x, w, _(titles[st->arg.mode]), theme_attr(TH_HEADING));
    int used = text_put_wrapped(stdscr, y + 1, x, w, 2, st->about, theme_attr(TH_NORMAL));
    char hint[300];
    keys_sentence(hint, sizeof hint,
                  _("Jours de réponse comme des horaires : « Tu,Th 09:00-12:00; PH off ». %s : "
                    "enregistrer."),
                  ACT_SAVE, ACT_NONE);
    int hl = text_wrap_count(hint, w);
    text_put_wrapped(stdscr, b->y + b->h - hl, x, w, hl, hint, theme_attr(TH_MUTED));
    int cy, cx;
    form_draw(&st->form, stdscr, y + 2 + used, x, b->h - 3 - used - hl, w, &cy, &cx);
    if (cy >= 0)
        app_set_cursor(app, cy, cx);
}

static ui_reaction rform_submit(rform_state *st, ui_app *app)
{
    form_clear_errors(&st->form);
    referent r = st->arg.r;
    if (st->arg.mode != RF_EDIT) {
        /* a new row: only the attachment is kept */
        referent fresh;
        referent_init(&fresh);
        snprintf(fresh.operator_code, sizeof fresh.operator_code, "%s", r.operator_code);
        fresh.service_id = r.service_id;
        r = fresh;
    }
    snprintf(r.name, sizeof r.name, "%s", st->fields[F_NAME].value);
    snprintf(r.role, sizeof r.role, "%s", st->fields[F_ROLE].value);
    snprintf(r.phone, sizeof r.phone, "%s", st->fields[F_PHONE].value);
    snprintf(r.email, sizeof r.email, "%s", st->fields[F_EMAIL].value);
    snprintf(r.channel, sizeof r.channel, "%s", st->fields[F_CHANNEL].value);
    snprintf(r.days, sizeof r.days, "%s", st->fields[F_DAYS].value);
    g_error err = {0};
    char from[11] = "";
    if (st->arg.mode != RF_EDIT && st->fields[F_FROM].value[0] &&
        normalize_date(st->fields[F_FROM].value, from, &err) != G_OK) {
        g_err_field(&err, G_ERR_INVALID, "valid_from", "%s", err.msg);
        form_apply_error(&st->form, &err);
        return ui_redraw();
    }
    int64_t uid = app->session ? app->session->user_id : 0;
    g_status s;
    if (st->arg.mode == RF_ADD) {
        snprintf(r.valid_from, sizeof r.valid_from, "%s", from);
        s = referent_add(app->db, uid, &r, &err);
    } else if (st->arg.mode == RF_EDIT) {
        s = referent_update(app->db, uid, &r, &err);
    } else {
        s = referent_replace(app->db, uid, st->arg.r.id, from, &r, &err);
    }
    if (s != G_OK) {
        if (strcmp(err.field, "from") == 0)
            snprintf(err.field, sizeof err.field, "valid_from");
        form_apply_error(&st->form, &err);
        return ui_redraw();
    }
    char msg[600];
    static const char *const done[] = {N_("Référent %s ajouté."), N_("Référent %s corrigé."),
                                       N_("%s remplace désormais %s.")};
    if (st->arg.mode == RF_REPLACE)
        snprintf(msg, sizeof msg, _(done[2]), r.name, st->arg.r.name);
    else
        snprintf(msg, sizeof msg, _(done[st->arg.mode]), r.name);
    app_message(app, 0, msg);
    app_focus(app, r.id);
    app_data_changed(app);
    return ui_pop();
}

static ui_reaction rform_key(void *state, ui_app *app, const ui_key *k)
{
    rform_state *st = state;
    if (k->action == ACT_SAVE)
        return rform_submit(st, app);
    switch (form_key(&st->form, k)) {
    case FORM_SUBMIT:
        return rform_submit(st, app);
    case FORM_HANDLED:
        return ui_redraw();
    case FORM_IGNORED:
        break;
    }
    return ui_pass();
}

static const ui_action rform_hints[] = {ACT_SAVE, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE};

static const screen_ops screen_referent_form = {
    .name = "referent-form",
    .title = N_("Référent"),
    .hints = rform_hints,
    .keymap = KM_FORM,
    .open = rform_open,
    .close = rform_close,
    .draw = rform_draw,
    .key = rform_key,
};

static ui_reaction open_form(rform_mode mode, const referent *r)
{
    rform_arg *a = calloc(1, sizeof *a);
    if (!a)
        return ui_none();
    a->mode = mode;
    a->r = *r;
    return ui_push(&screen_referent_form, a);
}

/* --- the list ------------------------------------------------------------- */

typedef struct rlist_state {
    referent *rows;
    size_t n;
    int history; /* 1: past and future referents too */
    ui_list list;
    int list_rows;
    char today[11];
    char error[600];
    char detail[1600]; /* the selected one's card, made when the selection moves */
    size_t detail_of;
    int64_t ending_id;
    char empty[160]; /* what the empty list says */
} rlist_state;

static void make_detail(rlist_state *st)
{
    st->detail[0] = 0;
    st->detail_of = st->list.selected;
    if (!st->n)
        return;
    const referent *r = &st->rows[st->list.selected];
    referent_describe(r, clock_now(), 74, st->detail, sizeof st->detail);
    strbuf sb;
    strbuf_init(&sb, st->detail + strlen(st->detail), sizeof st->detail - strlen(st->detail));
    char d[11];
    normalize_date_display(r->valid_from, d);
    strbuf_printf(&sb, _("  En fonction depuis le %s"), d);
    for (size_t i = 0; i < st->n; i++) {
        if (r->replaces_id && st->rows[i].id == r->replaces_id)
            strbuf_printf(&sb, _(" · remplace %s"), st->rows[i].name);
        if (r->replaced_by_id && st->rows[i].id == r->replaced_by_id)
            strbuf_printf(&sb, _(" · remplacé(e) par %s"), st->rows[i].name);
    }
    strbuf_puts(&sb, "\n");
}

static void rlist_refresh(rlist_state *st, ui_app *app)
{
    g_error err = {0};
    referent *rows = NULL;
    size_t n = 0;
    clock_today(st->today);
    referent_filter f = {.history = st->history};
    st->error[0] = 0;
    if (referent_list(app->db, &f, &rows, &n, &err) != G_OK) {
        snprintf(st->error, sizeof st->error, "%s", err.msg);
        rows = NULL;
        n = 0;
    }
    int64_t keep = app_take_focus(app);
    if (!keep && st->n)
        keep = st->rows[st->list.selected].id;
    free(st->rows);
    st->rows = rows;
    st->n = n;
    size_t sel = st->list.selected;
    for (size_t i = 0; i < n; i++)
        if (rows[i].id == keep)
            sel = i;
    list_set_count(&st->list, n);
    st->list.selected = sel < n ? sel : (n ? n - 1 : 0);
    make_detail(st);
}

static const char *rlist_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    rlist_state *st = ctx;
    const referent *r = &st->rows[row];
    char d[11];
    switch (col) {
    case 0:
        snprintf(buf, size, "%s", partner_name(r));
        break;
    case 1:
        snprintf(buf, size, "%s", r->name);
        break;
    case 2:
        snprintf(buf, size, "%s", r->channel);
        break;
    default:
        if (r->valid_to[0]) {
            normalize_date_display(r->valid_to, d);
            snprintf(buf, size, _("jusqu'au %s"), d);
        } else if (strcmp(r->valid_from, st->today) > 0) {
            normalize_date_display(r->valid_from, d);
            snprintf(buf, size, _("dès le %s"), d);
        } else {
            snprintf(buf, size, "%s", _("en poste"));
        }
        break;
    }
    return buf;
}

static ui_column rlist_cols[4];

static int rlist_open(ui_app *app, void *arg, void **state)
{
    if (!admin_is_manager(app))
        return -1;
    rlist_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    rlist_cols[0] = (ui_column){_("Partenaire"), 18, 0};
    rlist_cols[1] = (ui_column){_("Référent"), 0, 0};
    rlist_cols[2] = (ui_column){_("Canal dédié"), 20, 0};
    rlist_cols[3] = (ui_column){_("Poste"), 19, 0};
    list_init(&st->list, rlist_cols, 4, rlist_cell, st);
    keys_sentence(st->empty, sizeof st->empty, _("Aucun référent : %s pour en ajouter un."),
                  ACT_REF_NEW, ACT_NONE);
    st->list.empty = st->empty;
    rlist_refresh(st, app);
    *state = st;
    return 0;
}

static void rlist_close(void *state, ui_app *app)
{
    rlist_state *st = state;
    free(st->rows);
    free(st);
}

static void rlist_draw(void *state, ui_app *app, const ui_rect *b)
{
    rlist_state *st = state;
    int x = b->x + 1, w = b->w - 2, y = b->y;
    char head[200];
    snprintf(head, sizeof head,
             st->history ? P_("%zu référent, anciens et futurs compris",
                              "%zu référents, anciens et futurs compris", st->n)
                         : P_("%zu référent en poste aujourd'hui",
                              "%zu référents en poste aujourd'hui", st->n),
             st->n);
    text_put(stdscr, y, x, w, head, theme_attr(TH_HEADING));
    int h = b->h - 10;
    st->list_rows = h - 1;
    list_draw(&st->list, stdscr, y + 1, x, h, w, 1);
    y += 1 + h;
    theme_hline(stdscr, y++, x, w, theme_attr(TH_BORDER));
    if (st->error[0]) {
        text_put_wrapped(stdscr, y, x, w, b->y + b->h - y, st->error, theme_attr(TH_ERROR));
        return;
    }
    const char *p = st->detail;
    char line[400];
    for (int n = 0; *p && y < b->y + b->h; n++) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        snprintf(line, sizeof line, "%.*s", (int)len, p);
        text_put(stdscr, y++, x, w, line, theme_attr(n ? TH_MUTED : TH_NORMAL));
        p = e ? e + 1 : p + len;
    }
}

/* n: for whom? the operators, then « a service of the directory ». */
static ui_reaction service_picked(void *ctx, ui_app *app, int64_t service_id)
{
    referent r;
    referent_init(&r);
    r.service_id = service_id;
    g_service *s = malloc(sizeof *s);
    g_error err = {0};
    if (s && directory_get(app->db, service_id, s, &err) == G_OK) {
        strbuf sb; /* a long service name is cut on a character */
        strbuf_init(&sb, r.service_name, sizeof r.service_name);
        strbuf_puts(&sb, s->name);
    }
    free(s);
    return open_form(RF_ADD, &r);
}

static ui_reaction partner_chosen(void *ctx, ui_app *app, size_t i)
{
    int n = ref_operator_count();
    if ((int)i < n) {
        referent r;
        referent_init(&r);
        snprintf(r.operator_code, sizeof r.operator_code, "%s", ref_operators[i].code);
        return open_form(RF_ADD, &r);
    }
    directory_arg *a = calloc(1, sizeof *a);
    if (!a)
        return ui_none();
    a->pick = service_picked;
    return ui_push(&screen_directory, a);
}

static ui_reaction choose_partner(void)
{
    int n = ref_operator_count();
    const char **labels = calloc((size_t)n + 1, sizeof *labels);
    if (!labels)
        return ui_none();
    for (int i = 0; i < n; i++)
        labels[i] = ref_operators[i].name;
    labels[n] = _("Un service de l'annuaire…");
    ui_reaction r = orient_choice(_("Référent de quel partenaire ?"), labels, (size_t)n + 1, 0,
                                  partner_chosen, NULL);
    free(labels);
    return r;
}

static int end_done(void *ctx, ui_app *app, const char *value, char *err_msg, size_t err_size,
                    ui_reaction *after)
{
    rlist_state *st = ctx;
    char iso[11] = "";
    g_error err = {0};
    if (value[0] && normalize_date(value, iso, &err) != G_OK) {
        snprintf(err_msg, err_size, "%s", err.msg);
        return -1;
    }
    if (referent_end(app->db, app->session ? app->session->user_id : 0, st->ending_id, iso, &err) !=
        G_OK) {
        snprintf(err_msg, err_size, "%s", err.msg);
        return -1;
    }
    app_message(app, 0, _("Fin de fonction enregistrée : l'historique garde ce référent."));
    app_data_changed(app);
    return 0;
}

static ui_reaction rlist_key(void *state, ui_app *app, const ui_key *k)
{
    rlist_state *st = state;
    if (list_key(&st->list, k, st->list_rows > 0 ? st->list_rows : 1)) {
        make_detail(st);
        return ui_redraw();
    }
    const referent *r = st->n ? &st->rows[st->list.selected] : NULL;
    switch (k->action) {
    case ACT_REF_NEW:
        return choose_partner();
    case ACT_REF_HISTORY:
        st->history = !st->history;
        rlist_refresh(st, app);
        return ui_redraw();
    case ACT_SELECT:
    case ACT_REF_EDIT:
        if (!r) {
            beep();
            return ui_none();
        }
        return open_form(RF_EDIT, r);
    case ACT_REF_REPLACE:
    case ACT_REF_END:
        if (!r) {
            beep();
            return ui_none();
        }
        if (r->valid_to[0] || r->replaced_by_id) {
            char msg[400];
            snprintf(msg, sizeof msg,
                     _("%s n'est plus en poste : choisissez un référent en "
                       "poste."),
                     r->name);
            app_message(app, 1, msg);
            return ui_redraw();
        }
        if (k->action == ACT_REF_REPLACE)
            return open_form(RF_REPLACE, r);
        {
            st->ending_id = r->id;
            prompt_arg a = {0};
            snprintf(a.title, sizeof a.title, "%s", _("Fin de fonction"));
            snprintf(a.about, sizeof a.about,
                     _("%s (%s) quitte ses fonctions sans remplaçant : son dernier jour ?"),
                     r->name, partner_name(r));
            snprintf(a.label, sizeof a.label, "%s", _("Dernier jour"));
            char today[11];
            clock_today(today);
            normalize_date_display(today, a.initial);
            snprintf(a.hint, sizeof a.hint, "%s", _("JJ/MM/AAAA"));
            a.max_chars = 10;
            a.done = end_done;
            a.ctx = st;
            return prompt_open(&a);
        }
    default:
        return ui_pass();
    }
}

static void rlist_reload(void *state, ui_app *app)
{
    rlist_refresh(state, app);
}

static const ui_action rlist_hints[] = {ACT_REF_NEW,     ACT_REF_EDIT, ACT_REF_REPLACE, ACT_REF_END,
                                        ACT_REF_HISTORY, ACT_BACK,     ACT_NONE};

const screen_ops screen_admin_referents = {
    .name = "admin-referents",
    .title = N_("Référents des partenaires"),
    .hints = rlist_hints,
    .keymap = KM_REFERENTS,
    .open = rlist_open,
    .close = rlist_close,
    .draw = rlist_draw,
    .key = rlist_key,
    .reload = rlist_reload,
};
