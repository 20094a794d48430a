/* escalation_list.c — the files handed to a referent: those to follow up
 * today or overdue, or one visitor's, with the follow-up actions (answer
 * received, solved, refused with the answer, follow-up date), the history
 * of one, the count for the home screen (see escalation.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/escalation.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/status.h"
#include "guichet/strbuf.h"
#include "ui/escalation.h"
#include "ui/list.h"
#include "ui/prompt.h"
#include "ui/text.h"
#include "ui/theme.h"

int escalation_followup_count(ui_app *app)
{
    g_error err = {0};
    char today[11];
    clock_today(today);
    int n = 0;
    return escalation_count_followup(app->db, today, &n, &err) == G_OK ? n : -1;
}

int escalation_followup_due(ui_app *app)
{
    g_error err = {0};
    if (escalation_expire_due(app->db, app->cfg, NULL, &err) != G_OK)
        return -1;
    return escalation_followup_count(app);
}

/* « 2 réponses reçues »: how many files have one status, in words that
 * agree with the count (« dossier » is implied). */
static void put_count(strbuf *sb, const char *status, int n)
{
    if (sb->len)
        strbuf_puts(sb, " · ");
    if (strcmp(status, ESCAL_OPEN) == 0)
        strbuf_printf(sb, P_("%d transmis en attente", "%d transmis en attente", n), n);
    else if (strcmp(status, ESCAL_ANSWERED) == 0)
        strbuf_printf(sb, P_("%d réponse reçue", "%d réponses reçues", n), n);
    else if (strcmp(status, ESCAL_RESOLVED) == 0)
        strbuf_printf(sb, P_("%d résolu", "%d résolus", n), n);
    else if (strcmp(status, ESCAL_REFUSED) == 0)
        strbuf_printf(sb, P_("%d refusé", "%d refusés", n), n);
    else
        strbuf_printf(sb, P_("%d expiré", "%d expirés", n), n);
}

void escalation_visitor_summary(ui_app *app, int64_t visitor_id, char *buf, size_t size)
{
    escalation *rows = NULL;
    size_t n = 0;
    g_error err = {0};
    if (escalation_list_visitor(app->db, visitor_id, &rows, &n, &err) != G_OK) {
        snprintf(buf, size, "%s", err.msg);
        return;
    }
    strbuf sb;
    strbuf_init(&sb, buf, size);
    if (!n)
        strbuf_puts(&sb, _("aucun"));
    for (size_t s = 0; escalation_statuses[s]; s++) {
        int count = 0;
        for (size_t i = 0; i < n; i++)
            count += strcmp(rows[i].status, escalation_statuses[s]) == 0;
        if (count)
            put_count(&sb, escalation_statuses[s], count);
    }
    free(rows);
}

/* --- the list ------------------------------------------------------------ */

typedef struct elist_state {
    int64_t visitor_id; /* 0 = the follow-up list */
    escalation *rows;
    size_t n;
    ui_list list;
    int list_rows;
    char today[11];
    char error[600];
    int64_t pending_id; /* the file a prompt is about */
    char pending_status[12];
} elist_state;

static void elist_refresh(elist_state *st, ui_app *app)
{
    g_error err = {0};
    escalation *rows = NULL;
    size_t n = 0;
    clock_today(st->today);
    g_status s = st->visitor_id ? escalation_list_visitor(app->db, st->visitor_id, &rows, &n, &err)
                                : escalation_list_followup(app->db, st->today, &rows, &n, &err);
    st->error[0] = 0;
    if (s != G_OK) {
        snprintf(st->error, sizeof st->error, "%s", err.msg);
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

static const char *state_of(const elist_state *st, const escalation *e)
{
    if (escalation_is_closed(e->status) || strcmp(e->status, ESCAL_ANSWERED) == 0)
        return escalation_status_label(e->status);
    int c = strcmp(e->followup_on, st->today);
    return c < 0 ? _("en retard") : c == 0 ? _("aujourd'hui") : _("en attente");
}

static const char *elist_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    elist_state *st = ctx;
    const escalation *e = &st->rows[row];
    char d[11];
    switch (col) {
    case 0:
        normalize_date_display(e->followup_on, d);
        snprintf(buf, size, "%s", d);
        break;
    case 1:
        snprintf(buf, size, "%s", state_of(st, e));
        break;
    case 2:
        snprintf(buf, size, "%s",
                 st->visitor_id       ? e->partner
                 : e->visitor_name[0] ? e->visitor_name
                                      : _("(dossier anonymisé)"));
        break;
    default:
        snprintf(buf, size, "%s", st->visitor_id ? e->referent_name : e->partner);
        break;
    }
    return buf;
}

static ui_column followup_cols[4], visitor_cols[4];

static int elist_open_for(ui_app *app, int64_t visitor_id, void **state)
{
    elist_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    st->visitor_id = visitor_id;
    ui_column *cols = visitor_id ? visitor_cols : followup_cols;
    cols[0] = (ui_column){_("Relance"), 10, 0};
    cols[1] = (ui_column){_("État"), 14, 0};
    cols[2] = (ui_column){visitor_id ? _("Partenaire") : _("Visiteur"), visitor_id ? 18 : 0, 0};
    cols[3] = (ui_column){visitor_id ? _("Référent") : _("Partenaire"), visitor_id ? 0 : 18, 0};
    list_init(&st->list, cols, 4, elist_cell, st);
    st->list.empty = visitor_id ? _("Aucun dossier transmis pour ce visiteur.")
                                : _("Aucun dossier transmis à relancer aujourd'hui.");
    g_error err = {0};
    int expired = 0;
    if (escalation_expire_due(app->db, app->cfg, &expired, &err) != G_OK) {
        app_message(app, 1, err.msg);
    } else if (expired > 0) {
        char msg[300];
        snprintf(msg, sizeof msg,
                 P_("%d dossier transmis sans réponse depuis %d jours vient d'expirer.",
                    "%d dossiers transmis sans réponse depuis %d jours viennent d'expirer.",
                    expired),
                 expired, app->cfg->orientation.expiry_days);
        app_message(app, 0, msg);
        app_data_changed(app);
    }
    elist_refresh(st, app);
    *state = st;
    return 0;
}

static int elist_open(ui_app *app, void *arg, void **state)
{
    return elist_open_for(app, 0, state);
}

static int evisitor_open(ui_app *app, void *arg, void **state)
{
    int64_t id = (int64_t)(intptr_t)arg;
    return id > 0 ? elist_open_for(app, id, state) : -1;
}

static void elist_close(void *state, ui_app *app)
{
    elist_state *st = state;
    free(st->rows);
    free(st);
}

#define LW 14 /* the label column of the detail panes */

static void pair(int y, int x, int w, const char *label, const char *value)
{
    int lw = LW;
    text_put(stdscr, y, x, lw, label, theme_attr(TH_LABEL));
    text_put(stdscr, y, x + lw + 1, w - lw - 1, value, theme_attr(TH_NORMAL));
}

static void elist_draw(void *state, ui_app *app, const ui_rect *b)
{
    elist_state *st = state;
    int x = b->x + 1, w = b->w - 2;
    char head[300];
    if (st->visitor_id)
        snprintf(head, sizeof head, "%s",
                 st->n && st->rows[0].visitor_name[0] ? st->rows[0].visitor_name
                                                      : _("Dossiers transmis"));
    else
        snprintf(head, sizeof head,
                 P_("%zu dossier transmis à relancer aujourd'hui ou en retard",
                    "%zu dossiers transmis à relancer aujourd'hui ou en retard", st->n),
                 st->n);
    text_put(stdscr, b->y, x, w, head, theme_attr(TH_HEADING));
    int h = b->h - 8;
    st->list_rows = h - 1;
    list_draw(&st->list, stdscr, b->y + 1, x, h, w, 1);
    int y = b->y + 1 + h;
    theme_hline(stdscr, y++, x, w, theme_attr(TH_BORDER));
    if (st->n) {
        const escalation *e = &st->rows[st->list.selected];
        char buf[1400], created[32];
        pair(y++, x, w, _("Objet"), e->subject);
        snprintf(buf, sizeof buf, "%s — %s", e->referent_name, e->partner);
        pair(y++, x, w, _("Référent"), buf);
        pair(y++, x, w, _("Réponse"), e->answer[0] ? e->answer : _("(pas encore)"));
        clock_format(e->created_at, "%d/%m/%Y", created, sizeof created);
        snprintf(buf, sizeof buf, _("transmis le %s · %s"), created,
                 escalation_status_label(e->status));
        pair(y++, x, w, _("Suivi"), buf);
    } else {
        y += 4;
    }
    if (st->error[0])
        text_put_wrapped(stdscr, y, x, w, b->y + b->h - y, st->error, theme_attr(TH_ERROR));
}

/* --- actions --------------------------------------------------------------- */

static int64_t user_of(ui_app *app)
{
    return app->session ? app->session->user_id : 0;
}

/* The file an action applies to: the selected one, if not closed. */
static escalation *target(elist_state *st, ui_app *app)
{
    if (!st->n) {
        beep();
        return NULL;
    }
    escalation *e = &st->rows[st->list.selected];
    if (escalation_is_closed(e->status)) {
        char msg[300];
        snprintf(msg, sizeof msg,
                 _("Ce dossier est clos (%s) : transmettez-le à nouveau si besoin."),
                 escalation_status_label(e->status));
        app_message(app, 1, msg);
        return NULL;
    }
    return e;
}

/* The answer typed: the move is made (answer required for a refusal). */
static int status_done(void *ctx, ui_app *app, const char *value, char *err_msg, size_t err_size,
                       ui_reaction *after)
{
    elist_state *st = ctx;
    g_error err = {0};
    if (escalation_set_status(app->db, user_of(app), st->pending_id, st->pending_status, value,
                              &err) != G_OK) {
        snprintf(err_msg, err_size, "%s", err.msg);
        return -1;
    }
    char msg[300];
    snprintf(msg, sizeof msg, _("Dossier transmis : %s."),
             escalation_status_label(st->pending_status));
    app_message(app, 0, msg);
    app_data_changed(app);
    return 0;
}

/* The status a status key moves the file to, NULL for another key. */
static const char *status_of_action(ui_action a)
{
    return a == ACT_ES_ANSWERED  ? ESCAL_ANSWERED
           : a == ACT_ES_SOLVED  ? ESCAL_RESOLVED
           : a == ACT_ES_REFUSED ? ESCAL_REFUSED
                                 : NULL;
}

/* The status bar offers a status key only when the selected file's status
 * allows the move, and the follow-up date only while it is not closed. */
static int elist_hint_shown(void *state, ui_action a)
{
    const elist_state *st = state;
    const char *to = status_of_action(a);
    if (!to && a != ACT_ES_DATE)
        return 1;
    if (!st->n)
        return 0;
    const escalation *e = &st->rows[st->list.selected];
    return to ? escalation_can_become(e->status, to) : !escalation_is_closed(e->status);
}

/* A status key: says at once why the file cannot take that status, or asks
 * for the answer. */
static ui_reaction ask_status(elist_state *st, ui_app *app, const char *status)
{
    escalation *e = target(st, app);
    if (!e)
        return ui_redraw();
    g_error err = {0};
    if (escalation_check_move(e->status, status, &err) != G_OK) {
        app_message(app, 1, err.msg);
        return ui_redraw();
    }
    st->pending_id = e->id;
    snprintf(st->pending_status, sizeof st->pending_status, "%s", status);
    prompt_arg a = {0};
    snprintf(a.title, sizeof a.title, "%s", escalation_status_label(status));
    strbuf sb;
    strbuf_init(&sb, a.about, sizeof a.about);
    strbuf_printf(&sb, "%s → %s", e->visitor_name[0] ? e->visitor_name : _("(dossier anonymisé)"),
                  e->referent_name);
    snprintf(a.label, sizeof a.label, "%s",
             strcmp(status, ESCAL_REFUSED) == 0 ? _("Réponse (obligatoire)")
                                                : _("Réponse (facultatif)"));
    snprintf(a.initial, sizeof a.initial, "%s", e->answer);
    a.max_chars = ESCALATION_TEXT_MAX;
    a.done = status_done;
    a.ctx = st;
    return prompt_open(&a);
}

static int date_done(void *ctx, ui_app *app, const char *value, char *err_msg, size_t err_size,
                     ui_reaction *after)
{
    elist_state *st = ctx;
    char iso[11] = "", today[11];
    g_error err = {0};
    clock_today(today);
    if (normalize_date(value, iso, &err) != G_OK) {
        snprintf(err_msg, err_size, "%s", err.msg);
        return -1;
    }
    if (strcmp(iso, today) < 0) {
        snprintf(err_msg, err_size, "%s", _("Cette date est passée."));
        return -1;
    }
    if (escalation_set_followup(app->db, user_of(app), st->pending_id, iso, &err) != G_OK) {
        snprintf(err_msg, err_size, "%s", err.msg);
        return -1;
    }
    char msg[200], shown[11];
    normalize_date_display(iso, shown);
    snprintf(msg, sizeof msg, _("Relance reportée au %s."), shown);
    app_message(app, 0, msg);
    app_data_changed(app);
    return 0;
}

static ui_reaction ask_date(elist_state *st, ui_app *app)
{
    escalation *e = target(st, app);
    if (!e)
        return ui_redraw();
    st->pending_id = e->id;
    prompt_arg a = {0};
    snprintf(a.title, sizeof a.title, "%s", _("Date de relance"));
    strbuf sb;
    strbuf_init(&sb, a.about, sizeof a.about);
    strbuf_printf(&sb, "%s → %s", e->visitor_name[0] ? e->visitor_name : _("(dossier anonymisé)"),
                  e->referent_name);
    snprintf(a.label, sizeof a.label, "%s", _("À relancer le"));
    normalize_date_display(e->followup_on, a.initial);
    snprintf(a.hint, sizeof a.hint, "%s", _("JJ/MM/AAAA"));
    a.max_chars = 10;
    a.done = date_done;
    a.ctx = st;
    return prompt_open(&a);
}

static const screen_ops screen_escalation_history;

static ui_reaction elist_key(void *state, ui_app *app, const ui_key *k)
{
    elist_state *st = state;
    if (list_key(&st->list, k, st->list_rows > 0 ? st->list_rows : 1))
        return ui_redraw();
    switch (k->action) {
    case ACT_SELECT:
    case ACT_ES_HISTORY: {
        if (!st->n) {
            beep();
            return ui_none();
        }
        int64_t *id = malloc(sizeof *id);
        if (!id)
            return ui_none();
        *id = st->rows[st->list.selected].id;
        return ui_push(&screen_escalation_history, id);
    }
    case ACT_ES_ANSWERED:
    case ACT_ES_SOLVED:
    case ACT_ES_REFUSED:
        return ask_status(st, app, status_of_action(k->action));
    case ACT_ES_DATE:
        return ask_date(st, app);
    case ACT_ES_NEW: {
        if (!st->visitor_id)
            return ui_pass();
        escalation_new_arg *a = calloc(1, sizeof *a);
        if (!a)
            return ui_none();
        a->visitor_id = st->visitor_id;
        return ui_push(&screen_escalation_new, a);
    }
    default:
        return ui_pass();
    }
}

static void elist_reload(void *state, ui_app *app)
{
    elist_refresh(state, app);
}

static const char *elist_title(void *state)
{
    elist_state *st = state;
    return st && st->visitor_id ? _("Dossiers transmis du visiteur")
                                : _("Dossiers transmis à relancer");
}

static const ui_action elist_hints[] = {ACT_ES_ANSWERED, ACT_ES_SOLVED, ACT_ES_REFUSED,
                                        ACT_ES_DATE,     ACT_BACK,      ACT_NONE};

const screen_ops screen_escalation_list = {
    .name = "escalation-list",
    .title = N_("Dossiers transmis à relancer"),
    .hints = elist_hints,
    .hint_shown = elist_hint_shown,
    .keymap = KM_ESCALATIONS,
    .open = elist_open,
    .close = elist_close,
    .draw = elist_draw,
    .key = elist_key,
    .reload = elist_reload,
    .title_of = elist_title,
};

static const ui_action evisitor_hints[] = {ACT_ES_NEW,     ACT_ES_ANSWERED, ACT_ES_SOLVED,
                                           ACT_ES_REFUSED, ACT_BACK,        ACT_NONE};

const screen_ops screen_escalation_visitor = {
    .name = "escalation-visitor",
    .title = N_("Dossiers transmis du visiteur"),
    .hints = evisitor_hints,
    .hint_shown = elist_hint_shown,
    .keymap = KM_ESCALATIONS,
    .open = evisitor_open,
    .close = elist_close,
    .draw = elist_draw,
    .key = elist_key,
    .reload = elist_reload,
    .title_of = elist_title,
};

/* --- the history of one ------------------------------------------------------ */

typedef struct ehist_state {
    escalation e;
    escalation_event *ev;
    size_t nev;
    ui_list list;
} ehist_state;

static const char *ehist_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    ehist_state *st = ctx;
    const escalation_event *e = &st->ev[row];
    switch (col) {
    case 0:
        clock_format(e->at, "%d/%m/%Y %H:%M", buf, size);
        break;
    case 1:
        snprintf(buf, size, "%s", e->login[0] ? e->login : _("automatique"));
        break;
    default: {
        strbuf sb;
        strbuf_init(&sb, buf, size);
        if (!e->from_status[0])
            strbuf_printf(&sb, _("transmis (%s)"), escalation_status_label(e->to_status));
        else
            strbuf_printf(&sb, "%s → %s", escalation_status_label(e->from_status),
                          escalation_status_label(e->to_status));
        if (e->detail[0])
            strbuf_printf(&sb, " : %s", e->detail);
        break;
    }
    }
    return buf;
}

static ui_column ehist_cols[3];

static int ehist_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    int64_t id = *(int64_t *)arg;
    free(arg);
    ehist_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    g_error err = {0};
    if (escalation_get(app->db, id, &st->e, &err) != G_OK ||
        escalation_history(app->db, id, &st->ev, &st->nev, &err) != G_OK) {
        app_message(app, 1, err.msg);
        free(st->ev);
        free(st);
        return -1;
    }
    ehist_cols[0] = (ui_column){_("Date"), 16, 0};
    ehist_cols[1] = (ui_column){_("Par"), 14, 0};
    ehist_cols[2] = (ui_column){_("Changement"), 0, 0};
    list_init(&st->list, ehist_cols, 3, ehist_cell, st);
    list_set_count(&st->list, st->nev);
    *state = st;
    return 0;
}

static void ehist_close(void *state, ui_app *app)
{
    ehist_state *st = state;
    free(st->ev);
    free(st);
}

static void ehist_draw(void *state, ui_app *app, const ui_rect *b)
{
    ehist_state *st = state;
    const escalation *e = &st->e;
    int x = b->x + 1, w = b->w - 2, y = b->y;
    char buf[1400], d[11];
    snprintf(buf, sizeof buf, "%s → %s",
             e->visitor_name[0] ? e->visitor_name : _("(dossier anonymisé)"), e->referent_name);
    y += text_put_wrapped(stdscr, y, x, w, 2, buf, theme_attr(TH_HEADING));
    y++;
    text_put(stdscr, y, x, LW, _("Objet"), theme_attr(TH_LABEL));
    int lines =
        text_put_wrapped(stdscr, y, x + LW + 1, w - LW - 1, 3, e->subject, theme_attr(TH_NORMAL));
    y += lines > 0 ? lines : 1;
    pair(y++, x, w, _("Partenaire"), e->partner);
    pair(y++, x, w, _("État"), escalation_status_label(e->status));
    text_put(stdscr, y, x, LW, _("Réponse"), theme_attr(TH_LABEL));
    lines = text_put_wrapped(stdscr, y, x + LW + 1, w - LW - 1, 3,
                             e->answer[0] ? e->answer : _("(pas encore)"), theme_attr(TH_NORMAL));
    y += lines > 0 ? lines : 1;
    normalize_date_display(e->followup_on, d);
    pair(y++, x, w, _("À relancer le"), d);
    y++;
    text_put(stdscr, y++, x, w, _("Historique"), theme_attr(TH_HEADING));
    list_draw(&st->list, stdscr, y, x, b->y + b->h - y, w, 0);
}

static ui_reaction ehist_key(void *state, ui_app *app, const ui_key *k)
{
    ehist_state *st = state;
    if (list_key(&st->list, k, 5))
        return ui_redraw();
    return ui_pass();
}

static const ui_action ehist_hints[] = {ACT_HELP, ACT_BACK, ACT_NONE};

static const screen_ops screen_escalation_history = {
    .name = "escalation-history",
    .title = N_("Dossier transmis"),
    .hints = ehist_hints,
    .open = ehist_open,
    .close = ehist_close,
    .draw = ehist_draw,
    .key = ehist_key,
};
