/* orient_form.c — orient a visitor to a service: visitor, service, reason
 * (a thématique and a few words), contact preference, follow-up date; then
 * a confirmation, and the slip (see orient.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/directory.h"
#include "guichet/hours.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/orientation.h"
#include "guichet/ref.h"
#include "guichet/visitor.h"
#include "guichet/strbuf.h"
#include "ui/dialog.h"
#include "ui/field.h"
#include "ui/orient.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/visitor_pick.h"

enum { R_VISITOR, R_SERVICE, R_THEME, R_REASON, R_CONTACT, R_FOLLOWUP, R_COUNT };

typedef struct oform_state {
    int64_t visitor_id, visit_id, service_id;
    char visitor_name[400];
    g_service service; /* loaded when service_id > 0 */
    char theme[96];    /* thématique code, "" = none */
    int contact;       /* index in orientation_contacts */
    ui_field reason;
    ui_field followup;                              /* JJ/MM/AAAA */
    int focus;                                      /* R_* */
    char error[R_COUNT][sizeof((g_error *)0)->msg]; /* a core message, whole */
    char message[512];
    char pick_title[160];      /* the visitor picker's title (outlives it) */
    char default_followup[11]; /* JJ/MM/AAAA proposed at opening (the core's default) */
    int contact_at_open;       /* to tell whether anything was changed */
    char theme_at_open[96];
} oform_state;

static const char *row_label(int r)
{
    switch (r) {
    case R_VISITOR:
        return _("Visiteur");
    case R_SERVICE:
        return _("Service");
    case R_THEME:
        return _("Thématique");
    case R_REASON:
        return _("Motif");
    case R_CONTACT:
        return _("Contact");
    default:
        return _("À suivre le");
    }
}

static void load_visitor(oform_state *st, ui_app *app)
{
    st->visitor_name[0] = 0;
    if (st->visitor_id <= 0)
        return;
    visitor *v = calloc(1, sizeof *v);
    g_error err = {0};
    strbuf sb;
    if (v && visitor_get(app->db, st->visitor_id, v, &err) == G_OK) {
        strbuf_init(&sb, st->visitor_name, sizeof st->visitor_name);
        strbuf_puts(&sb, v->first_names);
        strbuf_join(&sb, " ", v->last_name);
    } else {
        snprintf(st->error[R_VISITOR], sizeof st->error[R_VISITOR], "%s",
                 err.msg[0] ? err.msg : _("Visiteur introuvable."));
    }
    free(v);
}

static void load_service(oform_state *st, ui_app *app)
{
    if (st->service_id <= 0)
        return;
    g_error err = {0};
    if (directory_get(app->db, st->service_id, &st->service, &err) != G_OK) {
        snprintf(st->error[R_SERVICE], sizeof st->error[R_SERVICE], "%s", err.msg);
        st->service_id = 0;
        return;
    }
    /* the service's first thématique is the likely reason */
    if (!st->theme[0] && st->service.ntheme > 0)
        snprintf(st->theme, sizeof st->theme, "%s", st->service.themes[0]);
}

static int oform_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    orient_new_arg a = *(orient_new_arg *)arg;
    free(arg);
    oform_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    if (field_init(&st->reason, "reason", _("Motif"), 150, 0) != 0 ||
        field_init(&st->followup, "followup_on", _("À suivre le"), 10, FIELD_HIDE_MAX) != 0) {
        field_free(&st->reason);
        free(st);
        return -1;
    }
    st->visitor_id = a.visitor_id;
    st->visit_id = a.visit_id;
    st->service_id = a.service_id;
    load_visitor(st, app);
    load_service(st, app);
    char iso[11];
    orientation_default_followup(app->cfg, iso);
    normalize_date_display(iso, st->default_followup);
    field_set(&st->followup, st->default_followup);
    /* the reason is what is typed first once the visitor and service are known */
    st->focus = st->visitor_id <= 0 ? R_VISITOR : st->service_id <= 0 ? R_SERVICE : R_REASON;
    st->contact_at_open = st->contact;
    snprintf(st->theme_at_open, sizeof st->theme_at_open, "%s", st->theme);
    *state = st;
    return 0;
}

static void oform_close(void *state, ui_app *app)
{
    oform_state *st = state;
    field_free(&st->reason);
    field_free(&st->followup);
    free(st);
}

static const char *theme_text(const char *code, char *buf, size_t size)
{
    const ref_code *t = code[0] ? ref_theme_find(code) : NULL;
    if (!t) {
        snprintf(buf, size, "%s", _("(aucune)"));
        return buf;
    }
    const ref_code *c = t->category ? ref_theme_find(t->category) : NULL;
    snprintf(buf, size, "%s%s%s", c ? c->label : "", c ? " — " : "", t->label);
    return buf;
}

static void oform_draw(void *state, ui_app *app, const ui_rect *b)
{
    oform_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y;
    int lw = 14, vx = x + lw + 2, vw = w - lw - 2;
    text_put(stdscr, y, x, w, _("Orienter un visiteur vers un service partenaire"),
             theme_attr(TH_HEADING));
    y += 2;
    for (int r = 0; r < R_COUNT; r++) {
        int focused = r == st->focus;
        char label[64];
        snprintf(label, sizeof label, "%s :", row_label(r));
        text_put(stdscr, y, x, lw + 1, label, theme_attr(focused ? TH_LABEL : TH_NORMAL));
        attr_t va = theme_attr(focused ? TH_FIELD_FOCUS : TH_FIELD);
        char buf[600];
        int cx;
        switch (r) {
        case R_VISITOR:
            text_put_pad(
                stdscr, y, vx, vw,
                st->visitor_id > 0 ? st->visitor_name : _("(Entrée : choisir le visiteur)"), va);
            break;
        case R_SERVICE:
            text_put_pad(stdscr, y, vx, vw,
                         st->service_id > 0 ? st->service.name
                                            : _("(Entrée : choisir dans l'annuaire)"),
                         va);
            if (st->service_id > 0) {
                /* what the visitor will need at once: the phone and whether it is open */
                char status[128] = "";
                g_hours h;
                if (st->service.hours[0] && hours_parse(st->service.hours, &h, NULL) == G_OK)
                    hours_status(&h, clock_now(), status, sizeof status);
                snprintf(buf, sizeof buf, "%s%s%s", st->service.phone,
                         st->service.phone[0] && status[0] ? " · " : "", status);
                y++;
                text_put(stdscr, y, vx, vw, buf, theme_attr(TH_MUTED));
            }
            break;
        case R_THEME:
            text_put_pad(stdscr, y, vx, vw, theme_text(st->theme, buf, sizeof buf), va);
            break;
        case R_REASON:
            field_draw_box(&st->reason, stdscr, y, vx, vw, focused, &cx);
            if (focused)
                app_set_cursor(app, y, cx);
            break;
        case R_CONTACT:
            snprintf(buf, sizeof buf, "< %s >", _(orientation_contact_labels[st->contact]));
            text_put_pad(stdscr, y, vx, vw, buf, va);
            break;
        case R_FOLLOWUP:
            field_draw_box(&st->followup, stdscr, y, vx, 11, focused, &cx);
            text_put(stdscr, y, vx + 13, vw - 13, _("JJ/MM/AAAA"), theme_attr(TH_MUTED));
            if (focused)
                app_set_cursor(app, y, cx);
            break;
        }
        y++;
        if (st->error[r][0]) {
            y += text_put_wrapped(stdscr, y, vx, vw, 2, st->error[r], theme_attr(TH_ERROR));
        }
        y++;
    }
    if (st->message[0])
        y += text_put_wrapped(stdscr, y, x, w, 3, st->message, theme_attr(TH_ERROR)) + 1;
    char key[24], line[300];
    keys_action_key(ACT_OR_ORIENT, key, sizeof key);
    snprintf(line, sizeof line,
             _("%s (ou Entrée sur la dernière ligne) : enregistrer l'orientation et voir la fiche. "
               "Sur Visiteur, Service, Thématique, Contact : Entrée pour choisir."),
             key);
    int lines = text_wrap_count(line, w);
    text_put_wrapped(stdscr, b->y + b->h - lines, x, w, lines, line, theme_attr(TH_MUTED));
}

/* --- choices ------------------------------------------------------------- */

static ui_reaction visitor_chosen(void *ctx, ui_app *app, int64_t id)
{
    oform_state *st = ctx;
    if (id > 0) {
        st->visitor_id = id;
        st->error[R_VISITOR][0] = 0;
        load_visitor(st, app);
        st->focus = st->service_id > 0 ? R_REASON : R_SERVICE;
    }
    return ui_redraw();
}

static ui_reaction service_chosen(void *ctx, ui_app *app, int64_t id)
{
    oform_state *st = ctx;
    st->service_id = id;
    st->error[R_SERVICE][0] = 0;
    st->theme[0] = 0;
    load_service(st, app);
    st->focus = R_REASON; /* the thématique is proposed from the service */
    return ui_redraw();
}

/* The thématiques as "Catégorie — Thème", index 0 = none. */
static size_t theme_count(void)
{
    size_t n = 0;
    while (ref_themes[n].code)
        n++;
    return n;
}

static ui_reaction theme_chosen(void *ctx, ui_app *app, size_t i)
{
    oform_state *st = ctx;
    if (i == 0 || i > theme_count())
        st->theme[0] = 0;
    else
        snprintf(st->theme, sizeof st->theme, "%s", ref_themes[i - 1].code);
    st->error[R_THEME][0] = 0;
    st->focus = R_REASON;
    return ui_redraw();
}

static ui_reaction choose_theme(oform_state *st)
{
    size_t n = theme_count();
    const char **labels = calloc(n + 1, sizeof *labels);
    char *texts = calloc(n + 1, 300);
    if (!labels || !texts) {
        free(labels);
        free(texts);
        return ui_none();
    }
    labels[0] = _("(aucune)");
    size_t sel = 0;
    for (size_t i = 0; i < n; i++) {
        labels[i + 1] = theme_text(ref_themes[i].code, texts + i * 300, 300);
        if (strcmp(ref_themes[i].code, st->theme) == 0)
            sel = i + 1;
    }
    ui_reaction r =
        orient_choice(_("Thématique de l'orientation"), labels, n + 1, sel, theme_chosen, st);
    free(labels);
    free(texts);
    return r;
}

static ui_reaction contact_chosen(void *ctx, ui_app *app, size_t i)
{
    oform_state *st = ctx;
    st->contact = (int)i;
    st->focus = R_FOLLOWUP;
    return ui_redraw();
}

static ui_reaction choose_contact(oform_state *st)
{
    const char *labels[8];
    size_t n = 0;
    while (orientation_contacts[n] && n < 8) {
        labels[n] = _(orientation_contact_labels[n]);
        n++;
    }
    return orient_choice(_("Comment la personne préfère être contactée"), labels, n,
                         (size_t)st->contact, contact_chosen, st);
}

static ui_reaction open_row(oform_state *st)
{
    switch (st->focus) {
    case R_VISITOR: {
        visitor_pick_arg *a = calloc(1, sizeof *a);
        if (!a)
            return ui_none();
        snprintf(st->pick_title, sizeof st->pick_title, "%s", _("Quel visiteur orienter ?"));
        a->title = st->pick_title;
        a->allow_new = 1;
        a->done = visitor_chosen;
        a->ctx = st;
        return ui_push(&screen_visitor_pick, a);
    }
    case R_SERVICE: {
        directory_arg *a = calloc(1, sizeof *a);
        if (!a)
            return ui_none();
        a->pick = service_chosen;
        a->ctx = st;
        return ui_push(&screen_directory, a);
    }
    case R_THEME:
        return choose_theme(st);
    case R_CONTACT:
        return choose_contact(st);
    default:
        return ui_none();
    }
}

/* --- saving -------------------------------------------------------------- */

static int field_row(const char *field)
{
    static const char *const names[R_COUNT] = {"visitor", "service", "theme",
                                               "reason",  "contact", "followup_on"};
    for (int r = 0; r < R_COUNT; r++)
        if (strcmp(field, names[r]) == 0)
            return r;
    return -1;
}

static void clear_errors(oform_state *st)
{
    for (int r = 0; r < R_COUNT; r++)
        st->error[r][0] = 0;
    st->message[0] = 0;
}

static void show_error(oform_state *st, const g_error *err)
{
    int r = field_row(err->field);
    if (r >= 0) {
        snprintf(st->error[r], sizeof st->error[r], "%s", err->msg);
        st->focus = r;
    } else {
        snprintf(st->message, sizeof st->message, "%s", err->msg);
    }
}

static ui_reaction save_confirmed(void *ctx, ui_app *app, int yes)
{
    oform_state *st = ctx;
    if (!yes)
        return ui_redraw();
    char iso[11] = "";
    g_error err = {0};
    normalize_date(st->followup.value, iso, &err);
    orientation_new in = {.visitor_id = st->visitor_id,
                          .visit_id = st->visit_id,
                          .service_id = st->service_id,
                          .theme = st->theme,
                          .reason = st->reason.value,
                          .contact = orientation_contacts[st->contact],
                          .followup_on = iso};
    int64_t id = 0;
    if (orientation_create(app->db, app->cfg, app->session ? app->session->user_id : 0, &in, &id,
                           &err) != G_OK) {
        show_error(st, &err);
        return ui_redraw();
    }
    int64_t *arg = malloc(sizeof *arg);
    if (!arg)
        return ui_pop();
    *arg = id;
    return ui_replace(&screen_orient_slip, arg);
}

static ui_reaction submit(oform_state *st, ui_app *app)
{
    clear_errors(st);
    int first = -1;
    if (st->visitor_id <= 0) {
        snprintf(st->error[R_VISITOR], sizeof st->error[R_VISITOR], "%s",
                 _("Choisissez le visiteur à orienter (Entrée)."));
        first = R_VISITOR;
    }
    if (st->service_id <= 0) {
        snprintf(st->error[R_SERVICE], sizeof st->error[R_SERVICE], "%s",
                 _("Choisissez le service dans l'annuaire (Entrée)."));
        if (first < 0)
            first = R_SERVICE;
    }
    char iso[11];
    g_error err = {0};
    if (normalize_date(st->followup.value, iso, &err) != G_OK) {
        snprintf(st->error[R_FOLLOWUP], sizeof st->error[R_FOLLOWUP], "%s", err.msg);
        if (first < 0)
            first = R_FOLLOWUP;
    } else {
        char today[11];
        clock_today(today);
        if (strcmp(iso, today) < 0) {
            snprintf(st->error[R_FOLLOWUP], sizeof st->error[R_FOLLOWUP], "%s",
                     _("La date de suivi est passée : choisissez aujourd'hui ou plus tard."));
            if (first < 0)
                first = R_FOLLOWUP;
        }
    }
    if (first >= 0) {
        st->focus = first;
        return ui_redraw();
    }
    char q[900];
    snprintf(q, sizeof q, _("Orienter %s vers %s ? (o/n)"), st->visitor_name, st->service.name);
    return dialog_confirm(q, save_confirmed, st);
}

/* --- keys ---------------------------------------------------------------- */

/* 1 when something was typed or chosen in the form itself (the visitor and
 * service given at opening do not count). */
static int oform_dirty(const oform_state *st)
{
    return st->reason.value[0] || strcmp(st->followup.value, st->default_followup) != 0 ||
           st->contact != st->contact_at_open || strcmp(st->theme, st->theme_at_open) != 0;
}

static ui_reaction abandon_answer(void *ctx, ui_app *app, int yes)
{
    return yes ? ui_pop() : ui_redraw();
}

static ui_reaction oform_key(void *state, ui_app *app, const ui_key *k)
{
    oform_state *st = state;
    if (keys_is(k, ACT_OR_ORIENT))
        return submit(st, app);
    if (k->action == ACT_BACK && oform_dirty(st))
        return dialog_confirm(_("Abandonner la saisie ? (o/n)"), abandon_answer, st);
    /* letters typed on a line that is chosen, not typed (visitor, service,
     * thématique, contact) go to the reason once the service is known */
    if (!k->fn && k->ch > 0x20 && k->ch != 0x7f && st->focus != R_REASON &&
        st->focus != R_FOLLOWUP && st->visitor_id > 0 && st->service_id > 0)
        st->focus = R_REASON;
    switch (k->action) {
    case ACT_NEXT_FIELD:
    case ACT_DOWN:
        st->focus = (st->focus + 1) % R_COUNT;
        return ui_redraw();
    case ACT_PREV_FIELD:
    case ACT_UP:
        st->focus = (st->focus + R_COUNT - 1) % R_COUNT;
        return ui_redraw();
    case ACT_SELECT:
        if (st->focus == R_FOLLOWUP)
            return submit(st, app);
        if (st->focus == R_REASON) {
            st->focus++;
            return ui_redraw();
        }
        return open_row(st);
    default:
        break;
    }
    ui_field *f = st->focus == R_REASON     ? &st->reason
                  : st->focus == R_FOLLOWUP ? &st->followup
                                            : NULL;
    if (k->fn && k->action != ACT_NONE && k->action != ACT_FIRST && k->action != ACT_LAST)
        return ui_pass();
    if (!k->fn && k->ch < 0x20 && k->action != ACT_NONE)
        return ui_pass(); /* Esc, ^L */
    if (f) {
        if (field_key(f, k)) {
            st->error[st->focus][0] = 0;
            return ui_redraw();
        }
        return ui_pass();
    }
    if (st->focus == R_CONTACT && k->fn && (k->ch == KEY_LEFT || k->ch == KEY_RIGHT)) {
        int n = 0;
        while (orientation_contacts[n])
            n++;
        st->contact = (st->contact + (k->ch == KEY_LEFT ? n - 1 : 1)) % n;
        return ui_redraw();
    }
    if (!k->fn && k->ch == ' ')
        return open_row(st);
    return ui_pass();
}

/* Opened without a visitor (or without a service): their choice comes first. */
static ui_reaction oform_enter(void *state, ui_app *app)
{
    oform_state *st = state;
    if (st->visitor_id <= 0 || st->service_id <= 0) {
        st->focus = st->visitor_id <= 0 ? R_VISITOR : R_SERVICE;
        return open_row(st);
    }
    return ui_none();
}

static const ui_action oform_hints[] = {ACT_OR_ORIENT, ACT_SELECT, ACT_NEXT_FIELD,
                                        ACT_HELP,      ACT_BACK,   ACT_NONE};

const screen_ops screen_orient_new = {
    .name = "orient-new",
    .title = N_("Orienter un visiteur"),
    .hints = oform_hints,
    .open = oform_open,
    .close = oform_close,
    .draw = oform_draw,
    .key = oform_key,
    .enter = oform_enter,
};
