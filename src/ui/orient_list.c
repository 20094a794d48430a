/* orient_list.c — the orientations to follow up (or one visitor's), with the
 * follow-up actions; the history of one orientation; the follow-up count for
 * the home screen (see orient.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/orientation.h"
#include "guichet/ref.h"
#include "guichet/status.h"
#include "guichet/strbuf.h"
#include "ui/dialog.h"
#include "ui/escalation.h"
#include "ui/field.h"
#include "ui/list.h"
#include "ui/orient.h"
#include "ui/text.h"
#include "ui/theme.h"

int orient_followup_count(ui_app *app)
{
    g_error err = {0};
    char today[11];
    clock_today(today);
    int n = 0;
    return orientation_count_followup(app->db, today, &n, &err) == G_OK ? n : -1;
}

int orient_followup_due(ui_app *app)
{
    g_error err = {0};
    if (orientation_expire_due(app->db, app->cfg, NULL, &err) != G_OK)
        return -1;
    return orient_followup_count(app);
}

/* --- the list ------------------------------------------------------------ */

typedef struct olist_state {
    int64_t visitor_id; /* 0 = follow-up list */
    g_orientation *rows;
    size_t n;
    ui_list list;
    int list_rows;   /* rows of the list at the last draw */
    char today[11];  /* YYYY-MM-DD */
    char error[600]; /* the list could not be read, "" = none */
} olist_state;

static void olist_refresh(olist_state *st, ui_app *app)
{
    g_error err = {0};
    g_orientation *rows = NULL;
    size_t n = 0;
    clock_today(st->today);
    g_status s = st->visitor_id ? orientation_list_visitor(app->db, st->visitor_id, &rows, &n, &err)
                                : orientation_list_followup(app->db, st->today, &rows, &n, &err);
    st->error[0] = 0;
    if (s != G_OK) {
        snprintf(st->error, sizeof st->error, "%s", err.msg);
        free(rows);
        rows = NULL;
        n = 0;
    }
    int64_t keep = st->n ? st->rows[st->list.selected].id : 0;
    free(st->rows);
    st->rows = rows;
    st->n = n;
    size_t sel = st->list.selected;
    for (size_t i = 0; i < n; i++)
        if (rows[i].id == keep)
            sel = i;
    list_set_count(&st->list, n);
    st->list.selected = sel < n ? sel : (n ? n - 1 : 0);
}

static const char *status_of(const olist_state *st, const g_orientation *o)
{
    if (strcmp(o->status, ORIENT_OPEN) != 0)
        return orientation_label(orientation_statuses, orientation_status_labels, o->status);
    int c = strcmp(o->followup_on, st->today);
    return c < 0 ? _("en retard") : c == 0 ? _("aujourd'hui") : _("à venir");
}

static const char *olist_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    olist_state *st = ctx;
    const g_orientation *o = &st->rows[row];
    char d[11];
    switch (col) {
    case 0:
        normalize_date_display(o->followup_on, d);
        snprintf(buf, size, "%s", d);
        break;
    case 1:
        snprintf(buf, size, "%s", status_of(st, o));
        break;
    case 2:
        snprintf(buf, size, "%s",
                 st->visitor_id       ? o->service_name
                 : o->visitor_name[0] ? o->visitor_name
                                      : _("(dossier anonymisé)"));
        break;
    default:
        snprintf(buf, size, "%s", st->visitor_id ? o->service_phone : o->service_name);
        break;
    }
    return buf;
}

static ui_column followup_cols[4], visitor_cols[4];

static int olist_open(ui_app *app, void *arg, void **state)
{
    olist_state *st = calloc(1, sizeof *st);
    if (!st) {
        free(arg);
        return -1;
    }
    if (arg) {
        st->visitor_id = ((orient_list_arg *)arg)->visitor_id;
        free(arg);
    }
    ui_column *cols = st->visitor_id ? visitor_cols : followup_cols;
    cols[0] = (ui_column){_("Suivi le"), 10, 0};
    cols[1] = (ui_column){_("État"), 11, 0};
    cols[2] = (ui_column){st->visitor_id ? _("Service") : _("Visiteur"), 0, 0};
    cols[3] =
        (ui_column){st->visitor_id ? _("Téléphone") : _("Service"), st->visitor_id ? 16 : 0, 0};
    list_init(&st->list, cols, 4, olist_cell, st);
    st->list.empty = st->visitor_id ? _("Aucune orientation pour ce visiteur.")
                                    : _("Aucune orientation à suivre aujourd'hui.");
    g_error err = {0};
    int expired = 0;
    if (orientation_expire_due(app->db, app->cfg, &expired, &err) != G_OK) {
        app_message(app, 1, err.msg);
    } else if (expired > 0) {
        char msg[300];
        snprintf(msg, sizeof msg,
                 P_("%d orientation sans réponse depuis %d jours vient d'expirer.",
                    "%d orientations sans réponse depuis %d jours viennent d'expirer.", expired),
                 expired, app->cfg->orientation.expiry_days);
        app_message(app, 0, msg);
        app_data_changed(app);
    }
    olist_refresh(st, app);
    *state = st;
    return 0;
}

static void olist_close(void *state, ui_app *app)
{
    olist_state *st = state;
    free(st->rows);
    free(st);
}

static void pair(int y, int x, int w, const char *label, const char *value)
{
    int lw = 12;
    text_put(stdscr, y, x, lw, label, theme_attr(TH_LABEL));
    text_put(stdscr, y, x + lw + 1, w - lw - 1, value, theme_attr(TH_NORMAL));
}

static void olist_draw(void *state, ui_app *app, const ui_rect *b)
{
    olist_state *st = state;
    int x = b->x + 1, w = b->w - 2;
    char head[200];
    if (st->visitor_id)
        snprintf(head, sizeof head, "%s",
                 st->n && st->rows[0].visitor_name[0] ? st->rows[0].visitor_name : "");
    else
        snprintf(head, sizeof head,
                 P_("%zu orientation à suivre aujourd'hui ou en retard",
                    "%zu orientations à suivre aujourd'hui ou en retard", st->n),
                 st->n);
    text_put(stdscr, b->y, x, w, head, theme_attr(TH_HEADING));
    int h = b->h - 8;
    st->list_rows = h - 1;
    list_draw(&st->list, stdscr, b->y + 1, x, h, w, 1);
    int y = b->y + 1 + h;
    theme_hline(stdscr, y++, x, w, theme_attr(TH_BORDER));
    if (st->n) {
        const g_orientation *o = &st->rows[st->list.selected];
        char buf[800], d[11];
        const ref_code *t = o->theme[0] ? ref_theme_find(o->theme) : NULL;
        snprintf(buf, sizeof buf, "%s%s%s", t ? t->label : "", t && o->reason[0] ? " — " : "",
                 o->reason);
        pair(y++, x, w, _("Motif"), buf);
        snprintf(buf, sizeof buf, "%s%s%s", o->service_name, o->service_phone[0] ? " · " : "",
                 o->service_phone);
        pair(y++, x, w, _("Service"), buf);
        pair(y++, x, w, _("Contact"),
             orientation_label(orientation_contacts, orientation_contact_labels, o->contact));
        char created[32];
        clock_format(o->created_at, "%d/%m/%Y", created, sizeof created);
        normalize_date_display(o->followup_on, d);
        if (o->refusal_reason[0])
            snprintf(buf, sizeof buf, _("orientée le %s · %s : %s"), created,
                     orientation_label(orientation_statuses, orientation_status_labels, o->status),
                     orientation_label(orientation_refusals, orientation_refusal_labels,
                                       o->refusal_reason));
        else if (orientation_is_closed(o->status)) /* its follow-up date is past history */
            snprintf(buf, sizeof buf, _("orientée le %s · %s"), created,
                     orientation_label(orientation_statuses, orientation_status_labels, o->status));
        else
            snprintf(buf, sizeof buf, _("orientée le %s · %s · à suivre le %s"), created,
                     orientation_label(orientation_statuses, orientation_status_labels, o->status),
                     d);
        pair(y++, x, w, _("Suivi"), buf);
    } else {
        y += 4;
    }
    if (st->error[0])
        text_put_wrapped(stdscr, y, x, w, b->y + b->h - y, st->error, theme_attr(TH_ERROR));
}

/* --- actions ------------------------------------------------------------- */

static int64_t user_of(ui_app *app)
{
    return app->session ? app->session->user_id : 0;
}

/* The status a status key moves the orientation to, NULL for another key. */
static const char *status_of_action(ui_action a)
{
    return a == ACT_OR_VALIDATE ? ORIENT_ACCEPTED : a == ACT_OR_REFUSE ? ORIENT_REFUSED : NULL;
}

/* The status bar offers a status key only when the selected orientation's
 * status allows the move, and the follow-up date only while it is open (the
 * core's own rule, orientation_can_become and orientation_check_followup). */
static int olist_hint_shown(void *state, ui_action a)
{
    const olist_state *st = state;
    const char *to = status_of_action(a);
    if (!to && a != ACT_OR_DATE)
        return 1;
    if (!st->n)
        return 0;
    const g_orientation *o = &st->rows[st->list.selected];
    return to ? orientation_can_become(o->status, to)
              : orientation_check_followup(o->status, NULL) == G_OK;
}

/* The orientation a status key (or the date) applies to: the selected one
 * when its status allows it; else the reason is said at once in the status
 * row, the core's own (orientation_check_move, orientation_check_followup),
 * and no window opens. */
static g_orientation *target(olist_state *st, ui_app *app, ui_action a)
{
    if (!st->n) {
        beep();
        return NULL;
    }
    g_orientation *o = &st->rows[st->list.selected];
    const char *to = status_of_action(a);
    g_error err = {0};
    if ((to ? orientation_check_move(o->status, to, &err)
            : orientation_check_followup(o->status, &err)) != G_OK) {
        app_message(app, 1, err.msg);
        return NULL;
    }
    return o;
}

static ui_reaction validate_answer(void *ctx, ui_app *app, int yes)
{
    olist_state *st = ctx;
    if (!yes || !st->n)
        return ui_redraw();
    g_orientation *o = &st->rows[st->list.selected];
    char who[200];
    snprintf(who, sizeof who, "%s", o->visitor_name);
    g_error err = {0};
    if (orientation_set_status(app->db, user_of(app), o->id, ORIENT_ACCEPTED, NULL, &err) != G_OK) {
        app_message(app, 1, err.msg);
    } else {
        char msg[400];
        snprintf(msg, sizeof msg, _("Orientation de %s validée."), who);
        app_message(app, 0, msg);
        app_data_changed(app);
    }
    olist_refresh(st, app);
    return ui_redraw();
}

static ui_reaction refusal_chosen(void *ctx, ui_app *app, size_t i)
{
    olist_state *st = ctx;
    if (!st->n)
        return ui_redraw();
    g_orientation *o = &st->rows[st->list.selected];
    char who[200];
    snprintf(who, sizeof who, "%s", o->visitor_name);
    g_error err = {0};
    if (orientation_set_status(app->db, user_of(app), o->id, ORIENT_REFUSED,
                               orientation_refusals[i], &err) != G_OK) {
        app_message(app, 1, err.msg);
    } else {
        char msg[400];
        snprintf(msg, sizeof msg, _("Orientation de %s refusée : %s."), who,
                 _(orientation_refusal_labels[i]));
        app_message(app, 0, msg);
        app_data_changed(app);
    }
    olist_refresh(st, app);
    return ui_redraw();
}

static ui_reaction choose_refusal(olist_state *st)
{
    const char *labels[32];
    size_t n = 0;
    while (orientation_refusals[n] && n < 32) {
        labels[n] = _(orientation_refusal_labels[n]);
        n++;
    }
    return orient_choice(_("Motif du refus"), labels, n, 0, refusal_chosen, st);
}

/* --- the follow-up date overlay ----------------------------------------- */

typedef struct odate_state {
    int64_t id;
    ui_field field;
    char who[200];
} odate_state;

static const screen_ops screen_orient_date;

static ui_reaction change_date(olist_state *st, ui_app *app)
{
    g_orientation *o = target(st, app, ACT_OR_DATE);
    if (!o)
        return ui_redraw();
    odate_state *d = calloc(1, sizeof *d);
    if (!d || field_init(&d->field, "followup_on", _("À suivre le"), 10, FIELD_HIDE_MAX) != 0) {
        free(d);
        return ui_none();
    }
    d->id = o->id;
    strbuf sb; /* a display line: cut on a character when the names are long */
    strbuf_init(&sb, d->who, sizeof d->who);
    strbuf_printf(&sb, "%s → %s", o->visitor_name, o->service_name);
    char shown[11];
    normalize_date_display(o->followup_on, shown);
    field_set(&d->field, shown);
    return ui_push(&screen_orient_date, d);
}

static int odate_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    *state = arg;
    return 0;
}

static void odate_close(void *state, ui_app *app)
{
    odate_state *d = state;
    field_free(&d->field);
    free(d);
}

static void odate_draw(void *state, ui_app *app, const ui_rect *b)
{
    odate_state *d = state;
    int w = 60, h = d->field.error[0] ? 9 : 8;
    ui_rect r = {b->y + (b->h - h) / 2, b->x + (b->w - w) / 2, h, w};
    attr_t in = theme_attr(TH_DIALOG);
    for (int i = 0; i < r.h; i++)
        text_fill(stdscr, r.y + i, r.x, r.w, in);
    theme_box(stdscr, r.y, r.x, r.h, r.w, in | A_BOLD);
    char t[80];
    snprintf(t, sizeof t, " %s ", _("Date de suivi"));
    text_put(stdscr, r.y, r.x + 2, r.w - 4, t, in | A_BOLD);
    text_put(stdscr, r.y + 2, r.x + 2, r.w - 4, d->who, in);
    char label[64];
    snprintf(label, sizeof label, "%s :", d->field.label);
    int lw = text_put(stdscr, r.y + 4, r.x + 2, 20, label, in) + 1;
    int cx;
    field_draw_box(&d->field, stdscr, r.y + 4, r.x + 2 + lw, 11, 1, &cx);
    app_set_cursor(app, r.y + 4, cx);
    text_put(stdscr, r.y + 4, r.x + 2 + lw + 13, r.w - lw - 17, _("JJ/MM/AAAA"),
             theme_attr(TH_MUTED));
    int y = r.y + 5;
    if (d->field.error[0])
        text_put(stdscr, y++, r.x + 2, r.w - 4, d->field.error, theme_attr(TH_ERROR));
    char how[128];
    text_put_center(stdscr, r.y + r.h - 2, r.x + 1, r.w - 2,
                    keys_sentence(how, sizeof how, _("%s : enregistrer · %s : annuler"), ACT_SELECT,
                                  ACT_BACK, ACT_NONE),
                    in);
}

static ui_reaction odate_key(void *state, ui_app *app, const ui_key *k)
{
    odate_state *d = state;
    if (k->action == ACT_BACK)
        return ui_pop();
    if (k->action == ACT_SELECT) {
        char iso[11] = "", today[11];
        g_error err = {0};
        clock_today(today);
        if (normalize_date(d->field.value, iso, &err) != G_OK) {
            field_set_error(&d->field, err.msg);
            return ui_redraw();
        }
        if (strcmp(iso, today) < 0) {
            field_set_error(&d->field, _("Cette date est passée."));
            return ui_redraw();
        }
        if (orientation_set_followup(app->db, user_of(app), d->id, iso, &err) != G_OK) {
            field_set_error(&d->field, err.msg);
            return ui_redraw();
        }
        char msg[300], shown[11];
        normalize_date_display(iso, shown);
        snprintf(msg, sizeof msg, _("Suivi reporté au %s."), shown);
        app_message(app, 0, msg);
        app_data_changed(app); /* the list below reads itself again */
        return ui_pop();
    }
    if (k->fn && k->action != ACT_NONE && k->action != ACT_FIRST && k->action != ACT_LAST)
        return ui_pass();
    if (!k->fn && k->ch < 0x20 && k->action != ACT_NONE)
        return ui_pass();
    return field_key(&d->field, k) ? ui_redraw() : ui_pass();
}

static const ui_action odate_hints[] = {ACT_SELECT, ACT_BACK, ACT_NONE};

static const screen_ops screen_orient_date = {
    .name = "orient-date",
    .title = NULL,
    .overlay = 1,
    .hints = odate_hints,
    .open = odate_open,
    .close = odate_close,
    .draw = odate_draw,
    .key = odate_key,
};

/* --- keys of the list ---------------------------------------------------- */

static ui_reaction push_id(const screen_ops *s, int64_t id)
{
    int64_t *a = malloc(sizeof *a);
    if (!a)
        return ui_none();
    *a = id;
    return ui_push(s, a);
}

static ui_reaction olist_key(void *state, ui_app *app, const ui_key *k)
{
    olist_state *st = state;
    if (list_key(&st->list, k, st->list_rows))
        return ui_redraw();
    if (k->action == ACT_SELECT || k->action == ACT_OR_HISTORY) {
        if (!st->n) {
            beep();
            return ui_none();
        }
        return push_id(&screen_orient_history, st->rows[st->list.selected].id);
    }
    if (k->action == ACT_OR_SLIP) {
        if (!st->n) {
            beep();
            return ui_none();
        }
        return push_id(&screen_orient_slip, st->rows[st->list.selected].id);
    }
    if (k->action == ACT_OR_VALIDATE) {
        g_orientation *o = target(st, app, ACT_OR_VALIDATE);
        if (!o)
            return ui_redraw();
        char q[700];
        snprintf(q, sizeof q,
                 _("%s a bien été pris(e) en charge par « %s » : orientation validée ? (o/n)"),
                 o->visitor_name, o->service_name);
        return dialog_confirm(q, validate_answer, st);
    }
    if (k->action == ACT_OR_REFUSE) {
        if (!target(st, app, ACT_OR_REFUSE))
            return ui_redraw();
        return choose_refusal(st);
    }
    if (k->action == ACT_OR_DATE)
        return change_date(st, app);
    if (k->action == ACT_ES_NEW) {
        /* hand this person's file to the service's referent */
        if (!st->n) {
            beep();
            return ui_none();
        }
        const g_orientation *o = &st->rows[st->list.selected];
        if (!o->visitor_name[0]) {
            app_message(app, 1, _("Dossier anonymisé : rien à transmettre."));
            return ui_redraw();
        }
        escalation_new_arg *a = calloc(1, sizeof *a);
        if (!a)
            return ui_none();
        a->visitor_id = o->visitor_id;
        a->visit_id = o->visit_id;
        a->service_id = o->service_id;
        return ui_push(&screen_escalation_new, a);
    }
    if (st->visitor_id && k->action == ACT_OR_ORIENT) {
        orient_new_arg *a = calloc(1, sizeof *a);
        if (!a)
            return ui_none();
        a->visitor_id = st->visitor_id;
        return ui_push(&screen_orient_new, a);
    }
    return ui_pass();
}

/* After a change (here or in a screen above), and every few idle seconds
 * for the other desks': the list again, the selection kept. */
static void olist_reload(void *state, ui_app *app)
{
    olist_refresh(state, app);
}

static const char *olist_title(void *state)
{
    olist_state *st = state;
    return st && st->visitor_id ? _("Orientations du visiteur") : _("Orientations à suivre");
}

static const ui_action olist_hints[] = {ACT_OR_VALIDATE, ACT_OR_REFUSE, ACT_OR_DATE, ACT_OR_HISTORY,
                                        ACT_OR_SLIP,     ACT_BACK,      ACT_NONE};

const screen_ops screen_orient_list = {
    .name = "orient-list",
    .title = N_("Orientations à suivre"),
    .hints = olist_hints,
    .hint_shown = olist_hint_shown,
    .open = olist_open,
    .close = olist_close,
    .draw = olist_draw,
    .key = olist_key,
    .reload = olist_reload,
    .keymap = KM_ORIENT_LIST,
    .title_of = olist_title,
};

/* --- a visitor's orientations, as a section of their file ---------------- */

static int ovisitor_open(ui_app *app, void *arg, void **state)
{
    orient_list_arg *a = calloc(1, sizeof *a);
    if (!a)
        return -1;
    a->visitor_id = (int64_t)(intptr_t)arg;
    return olist_open(app, a, state);
}

static const ui_action ovisitor_hints[] = {ACT_OR_ORIENT, ACT_OR_VALIDATE, ACT_OR_REFUSE,
                                           ACT_OR_DATE,   ACT_OR_HISTORY,  ACT_OR_SLIP,
                                           ACT_BACK,      ACT_NONE};

const screen_ops screen_orient_visitor = {
    .name = "orient-visitor",
    .title = N_("Orientations du visiteur"),
    .hints = ovisitor_hints,
    .hint_shown = olist_hint_shown,
    .open = ovisitor_open,
    .close = olist_close,
    .draw = olist_draw,
    .key = olist_key,
    .reload = olist_reload,
    .keymap = KM_ORIENT_LIST,
    .title_of = olist_title,
};

/* « 2 ouvertes »: how many orientations have one status, in words that
 * agree with the count (« orientation » is implied). */
static void put_count(strbuf *sb, const char *status, int n)
{
    if (sb->len)
        strbuf_puts(sb, " · ");
    if (strcmp(status, ORIENT_OPEN) == 0)
        strbuf_printf(sb, P_("%d ouverte", "%d ouvertes", n), n);
    else if (strcmp(status, ORIENT_ACCEPTED) == 0)
        strbuf_printf(sb, P_("%d validée", "%d validées", n), n);
    else if (strcmp(status, ORIENT_REFUSED) == 0)
        strbuf_printf(sb, P_("%d refusée", "%d refusées", n), n);
    else
        strbuf_printf(sb, P_("%d expirée", "%d expirées", n), n);
}

void orient_visitor_summary(ui_app *app, int64_t visitor_id, char *buf, size_t size)
{
    g_orientation *rows = NULL;
    size_t n = 0;
    g_error err = {0};
    buf[0] = 0;
    if (orientation_list_visitor(app->db, visitor_id, &rows, &n, &err) != G_OK) {
        snprintf(buf, size, "%s", err.msg);
        return;
    }
    if (!n) {
        snprintf(buf, size, "%s", _("aucune"));
        free(rows);
        return;
    }
    strbuf sb;
    strbuf_init(&sb, buf, size);
    for (size_t s = 0; orientation_statuses[s]; s++) {
        int count = 0;
        for (size_t i = 0; i < n; i++)
            count += strcmp(rows[i].status, orientation_statuses[s]) == 0;
        if (count)
            put_count(&sb, orientation_statuses[s], count);
    }
    free(rows);
}

/* --- the history of one orientation -------------------------------------- */

typedef struct ohist_state {
    g_orientation o;
    orientation_event *ev;
    size_t nev;
    ui_list list;
} ohist_state;

static const char *ohist_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    ohist_state *st = ctx;
    const orientation_event *e = &st->ev[row];
    switch (col) {
    case 0:
        clock_format(e->at, "%d/%m/%Y %H:%M", buf, size);
        break;
    case 1:
        snprintf(buf, size, "%s", e->login[0] ? e->login : _("automatique"));
        break;
    default: {
        const char *to =
            orientation_label(orientation_statuses, orientation_status_labels, e->to_status);
        const char *detail = e->detail[0] ? orientation_label(orientation_refusals,
                                                              orientation_refusal_labels, e->detail)
                                          : "";
        if (!e->from_status[0])
            snprintf(buf, size, _("créée (%s)"), to);
        else
            snprintf(
                buf, size, "%s → %s%s%s",
                orientation_label(orientation_statuses, orientation_status_labels, e->from_status),
                to, detail[0] ? " : " : "", detail);
        break;
    }
    }
    return buf;
}

static ui_column hist_cols[3];

static int ohist_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    int64_t id = *(int64_t *)arg;
    free(arg);
    ohist_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    g_error err = {0};
    if (orientation_get(app->db, id, &st->o, &err) != G_OK ||
        orientation_history(app->db, id, &st->ev, &st->nev, &err) != G_OK) {
        free(st->ev);
        free(st);
        return -1;
    }
    hist_cols[0] = (ui_column){_("Date"), 16, 0};
    hist_cols[1] = (ui_column){_("Par"), 14, 0};
    hist_cols[2] = (ui_column){_("Changement"), 0, 0};
    list_init(&st->list, hist_cols, 3, ohist_cell, st);
    list_set_count(&st->list, st->nev);
    *state = st;
    return 0;
}

static void ohist_close(void *state, ui_app *app)
{
    ohist_state *st = state;
    free(st->ev);
    free(st);
}

static void ohist_draw(void *state, ui_app *app, const ui_rect *b)
{
    ohist_state *st = state;
    const g_orientation *o = &st->o;
    int x = b->x + 1, w = b->w - 2, y = b->y;
    char buf[800], d[11];
    snprintf(buf, sizeof buf, "%s → %s",
             o->visitor_name[0] ? o->visitor_name : _("(dossier anonymisé)"), o->service_name);
    text_put(stdscr, y++, x, w, buf, theme_attr(TH_HEADING));
    y++;
    const ref_code *t = o->theme[0] ? ref_theme_find(o->theme) : NULL;
    pair(y++, x, w, _("Thématique"), t ? t->label : _("(aucune)"));
    int lines = text_put_wrapped(stdscr, y, x + 13, w - 13, 3, o->reason, theme_attr(TH_NORMAL));
    text_put(stdscr, y, x, 12, _("Motif"), theme_attr(TH_LABEL));
    y += lines > 0 ? lines : 1;
    snprintf(buf, sizeof buf, "%s%s%s", o->service_name, o->service_phone[0] ? " · " : "",
             o->service_phone);
    pair(y++, x, w, _("Service"), buf);
    pair(y++, x, w, _("Contact"),
         orientation_label(orientation_contacts, orientation_contact_labels, o->contact));
    snprintf(buf, sizeof buf, "%s%s%s",
             orientation_label(orientation_statuses, orientation_status_labels, o->status),
             o->refusal_reason[0] ? " : " : "",
             o->refusal_reason[0] ? orientation_label(orientation_refusals,
                                                      orientation_refusal_labels, o->refusal_reason)
                                  : "");
    pair(y++, x, w, _("État"), buf);
    normalize_date_display(o->followup_on, d);
    pair(y++, x, w, _("À suivre le"), d);
    y++;
    text_put(stdscr, y++, x, w, _("Historique"), theme_attr(TH_HEADING));
    list_draw(&st->list, stdscr, y, x, b->y + b->h - y, w, 0);
}

static ui_reaction ohist_key(void *state, ui_app *app, const ui_key *k)
{
    ohist_state *st = state;
    if (list_key(&st->list, k, 5))
        return ui_redraw();
    if (k->action == ACT_OR_SLIP)
        return push_id(&screen_orient_slip, st->o.id);
    return ui_pass();
}

static const ui_action ohist_hints[] = {ACT_OR_SLIP, ACT_HELP, ACT_BACK, ACT_NONE};

const screen_ops screen_orient_history = {
    .name = "orient-history",
    .title = N_("Orientation"),
    .hints = ohist_hints,
    .keymap = KM_ORIENT_SLIP_OPEN,
    .open = ohist_open,
    .close = ohist_close,
    .draw = ohist_draw,
    .key = ohist_key,
};
