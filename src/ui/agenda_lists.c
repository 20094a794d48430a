/* agenda_lists.c — the agenda's smaller screens:
 * - cancelling an appointment (excusé or annulé par le service, with the
 *   reason);
 * - « À renseigner »: past appointments still `a-venir`, to qualify as
 *   honoré or absent (or cancel as excused);
 * - reminder calls: the next opening day's appointments with each visitor's
 *   phone, ticked appelé / message laissé / injoignable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/agenda.h"
#include "guichet/clock.h"
#include "guichet/daysheet.h"
#include "guichet/status.h"
#include "guichet/i18n.h"
#include "ui/agenda.h"
#include "ui/field.h"
#include "ui/list.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"

static int64_t actor_of(const ui_app *app)
{
    return app->session ? app->session->user_id : 0;
}

/* --- cancelling ------------------------------------------------------------ */

typedef struct cancel_state {
    agenda_item it;
    int service; /* 0: excusé, 1: annulé par le service */
    int focus;   /* 0: the choice, 1: the reason */
    ui_field reason;
    char msg[512];
} cancel_state;

static int cancel_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    int64_t id = *(int64_t *)arg;
    free(arg);
    cancel_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    g_error err = {0};
    if (agenda_get(app->db, id, &st->it, &err) != G_OK ||
        field_init(&st->reason, "reason", _("Raison"), 100, 0) != 0) {
        agenda_ui_changed(err.msg[0] ? err.msg : _("Rendez-vous introuvable."), 1);
        free(st);
        return -1;
    }
    *state = st;
    return 0;
}

static void cancel_close(void *state, ui_app *app)
{
    cancel_state *st = state;
    field_free(&st->reason);
    free(st);
}

static void cancel_draw(void *state, ui_app *app, const ui_rect *b)
{
    cancel_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y;
    char line[800], when[64], h[32], who[200];
    text_put(stdscr, y, x, w, _("Annuler un rendez-vous"), theme_attr(TH_HEADING));
    daysheet_long_date(st->it.start_at, when, sizeof when);
    snprintf(line, sizeof line, "%s, %s · %s", when,
             agenda_hours(st->it.start_at, st->it.end_at, h, sizeof h), st->it.resource_name);
    text_put(stdscr, y + 2, x, w, line, theme_attr(TH_LABEL));
    snprintf(line, sizeof line, "%s — %s", agenda_who(&st->it, who, sizeof who), st->it.motif_name);
    text_put(stdscr, y + 3, x, w, line, theme_attr(TH_NORMAL));

    int fy = y + 5;
    text_put(stdscr, fy, x, 12, _("Annulé"), theme_attr(st->focus == 0 ? TH_LABEL : TH_NORMAL));
    const char *choices[2] = {_("excusé (la personne a prévenu)"), _("par le service")};
    int cx = x + 12;
    for (int i = 0; i < 2; i++) {
        snprintf(line, sizeof line, "(%s) %s", st->service == i ? "•" : " ", choices[i]);
        attr_t a = st->service == i && st->focus == 0 ? theme_attr(TH_FIELD_FOCUS)
                   : st->service == i                 ? theme_attr(TH_LABEL)
                                                      : theme_attr(TH_NORMAL);
        cx += text_put(stdscr, fy, cx, x + w - cx, line, a) + 3;
    }
    text_put(stdscr, fy + 1, x + 12, w - 12, _("←/→ ou Espace pour changer"), theme_attr(TH_MUTED));
    text_put(stdscr, fy + 3, x, 12, _("Raison"), theme_attr(st->focus == 1 ? TH_LABEL : TH_NORMAL));
    int fx;
    field_draw_box(&st->reason, stdscr, fy + 3, x + 12, w - 24, st->focus == 1, &fx);
    char max[32];
    text_put(stdscr, fy + 3, x + w - 11, 11, field_max_text(&st->reason, max, sizeof max),
             theme_attr(TH_MUTED));
    if (st->focus == 1)
        app_set_cursor(app, fy + 3, fx);
    text_put(stdscr, fy + 4, x + 12, w - 12,
             st->service ? _("Obligatoire : elle est journalisée et reprise dans l'agenda.")
                         : _("Facultative."),
             theme_attr(TH_MUTED));
    if (st->reason.error[0])
        text_put(stdscr, fy + 5, x + 12, w - 12, st->reason.error, theme_attr(TH_ERROR));
    char key[32];
    snprintf(line, sizeof line, _("%s : annuler le rendez-vous (le créneau redevient libre)"),
             keys_action_key(ACT_SELECT, key, sizeof key));
    text_put(stdscr, fy + 7, x, w, line, theme_attr(TH_NORMAL));
    if (st->msg[0])
        text_put_wrapped(stdscr, fy + 9, x, w, 3, st->msg, theme_attr(TH_ERROR));
}

static ui_reaction cancel_key(void *state, ui_app *app, const ui_key *k)
{
    cancel_state *st = state;
    if (k->action == ACT_SELECT) {
        g_error err = {0};
        const char *status = st->service ? APPT_CANCELLED_BY_SERVICE : APPT_EXCUSED;
        st->reason.error[0] = 0;
        st->msg[0] = 0;
        if (agenda_cancel(app->db, actor_of(app), st->it.id, status, st->reason.value, &err) !=
            G_OK) {
            if (strcmp(err.field, "reason") == 0) {
                field_set_error(&st->reason, err.msg);
                st->focus = 1;
            } else {
                snprintf(st->msg, sizeof st->msg, "%s", err.msg);
            }
            return ui_redraw();
        }
        char msg[400], who[200];
        snprintf(msg, sizeof msg, _("Rendez-vous de %s annulé ; le créneau est libre."),
                 agenda_who(&st->it, who, sizeof who));
        agenda_ui_changed(msg, 0);
        return ui_pop();
    }
    if (k->action == ACT_NEXT_FIELD || k->action == ACT_PREV_FIELD || k->action == ACT_UP ||
        k->action == ACT_DOWN) {
        st->focus = !st->focus;
        return ui_redraw();
    }
    if (st->focus == 0) {
        if ((k->fn && (k->ch == KEY_LEFT || k->ch == KEY_RIGHT)) || (!k->fn && k->ch == ' ')) {
            st->service = !st->service;
            return ui_redraw();
        }
        return ui_pass();
    }
    if ((k->fn && k->action != ACT_NONE && k->action != ACT_FIRST && k->action != ACT_LAST) ||
        (!k->fn && k->ch < 0x20 && k->action != ACT_NONE))
        return ui_pass();
    if (field_key(&st->reason, k))
        return ui_redraw();
    return ui_pass();
}

static const ui_action cancel_hints[] = {ACT_HELP, ACT_SELECT, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE};

const screen_ops screen_agenda_cancel = {
    .name = "agenda-cancel",
    .title = N_("Agenda · annuler un rendez-vous"),
    .hints = cancel_hints,
    .open = cancel_open,
    .close = cancel_close,
    .draw = cancel_draw,
    .key = cancel_key,
};

/* --- the lists: à renseigner, reminder calls --------------------------------- */

typedef struct items_state {
    int calls; /* 1: reminder calls, 0: à renseigner */
    agenda_item *items;
    size_t count;
    char day[11]; /* calls: the day called for */
    ui_list list;
    char msg[512];
    int msg_error;
    unsigned seen;
} items_state;

static void items_load(items_state *st, ui_app *app)
{
    free(st->items);
    st->items = NULL;
    st->count = 0;
    g_error err = {0};
    g_status s;
    if (st->calls) {
        char today[11];
        clock_today(today);
        s = agenda_reminders(app->db, today, st->day, &st->items, &st->count, &err);
    } else {
        s = agenda_to_fill(app->db, clock_now(), 0, &st->items, &st->count, &err);
    }
    if (s != G_OK) {
        snprintf(st->msg, sizeof st->msg, "%s", err.msg);
        st->msg_error = 1;
    }
    st->seen = agenda_ui_generation();
    list_set_count(&st->list, st->count);
}

static int items_open_kind(ui_app *app, void **state, int calls)
{
    items_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    st->calls = calls;
    list_init(&st->list, NULL, 0, NULL, NULL);
    items_load(st, app);
    *state = st;
    return 0;
}

static int to_fill_open(ui_app *app, void *arg, void **state)
{
    return items_open_kind(app, state, 0);
}

static int calls_open(ui_app *app, void *arg, void **state)
{
    return items_open_kind(app, state, 1);
}

static void items_close(void *state, ui_app *app)
{
    items_state *st = state;
    free(st->items);
    free(st);
}

static const char *call_label(const char *code)
{
    if (strcmp(code, APPT_CALL_DONE) == 0)
        return _("Appelé");
    if (strcmp(code, APPT_CALL_MESSAGE) == 0)
        return _("Message laissé");
    if (strcmp(code, APPT_CALL_NOREPLY) == 0)
        return _("Injoignable");
    return _("À appeler");
}

static int items_rows(void)
{
    int h = LINES - 3 - 6;
    return h < 1 ? 1 : h;
}

static void items_draw(void *state, ui_app *app, const ui_rect *b)
{
    items_state *st = state;
    if (st->seen != agenda_ui_generation())
        items_load(st, app);
    int x = b->x + 1, w = b->w - 2, y = b->y;
    char head[400];
    if (st->calls) {
        if (st->day[0]) {
            int64_t s, e;
            g_error err = {0};
            char date[64];
            agenda_day_bounds(st->day, &s, &e, &err);
            daysheet_long_date(s + 12 * 3600, date, sizeof date);
            snprintf(head, sizeof head,
                     P_("Appels de rappel pour le %s : %zu rendez-vous",
                        "Appels de rappel pour le %s : %zu rendez-vous", st->count),
                     date, st->count);
        } else {
            snprintf(head, sizeof head, "%s",
                     _("Aucun jour d'ouverture dans les deux semaines qui viennent."));
        }
    } else {
        snprintf(head, sizeof head,
                 P_("%zu rendez-vous passé à renseigner (honoré ou absent)",
                    "%zu rendez-vous passés à renseigner (honoré ou absent)", st->count),
                 st->count);
    }
    text_put(stdscr, y, x, w, head, theme_attr(TH_HEADING));
    /* columns */
    int cw[5] = {st->calls ? 11 : 16, 20, 16, 0, 15};
    cw[3] = w - 1 - cw[0] - cw[1] - cw[2] - cw[4] - 4;
    const char *titles[5] = {st->calls ? _("Heure") : _("Date"), _("Visiteur"), _("Téléphone"),
                             _("Motif · ressource"), st->calls ? _("Rappel") : _("État")};
    int cx = x;
    text_fill(stdscr, y + 1, x, w, theme_attr(TH_HEADING));
    for (int i = 0; i < 5; i++) {
        text_put(stdscr, y + 1, cx, cw[i], titles[i], theme_attr(TH_HEADING));
        cx += cw[i] + 1;
    }
    int rows = items_rows();
    if (!st->count)
        text_put(stdscr, y + 2, x, w,
                 st->calls ? _("Personne à rappeler.") : _("Rien à renseigner : tout est à jour."),
                 theme_attr(TH_MUTED));
    list_scroll(&st->list, rows);
    for (int r = 0; r < rows && st->list.top + (size_t)r < st->count; r++) {
        size_t i = st->list.top + (size_t)r;
        const agenda_item *it = &st->items[i];
        char c[5][400];
        if (st->calls)
            agenda_hours(it->start_at, it->end_at, c[0], sizeof c[0]);
        else
            agenda_short_when(it->start_at, c[0], sizeof c[0]);
        agenda_who(it, c[1], sizeof c[1]);
        if (it->visitor_phone[0])
            daysheet_phone(it->visitor_phone, c[2], sizeof c[2]);
        else
            snprintf(c[2], sizeof c[2], "%s", _("(aucun)"));
        snprintf(c[3], sizeof c[3], "%s%s · %s",
                 strcmp(it->place, "telephone") == 0 ? _("[TÉL] ") : "", it->motif_name,
                 it->resource_name);
        if (st->calls)
            snprintf(c[4], sizeof c[4], "%s", call_label(it->call_status));
        else
            agenda_state_text(it, c[4], sizeof c[4]);
        attr_t a = i == st->list.selected ? theme_attr(TH_SELECT) : theme_attr(TH_NORMAL);
        text_fill(stdscr, y + 2 + r, x, w - 1, a);
        cx = x;
        for (int k = 0; k < 5; k++) {
            text_put(stdscr, y + 2 + r, cx, cw[k], c[k], a);
            cx += cw[k] + 1;
        }
    }
    if (st->list.top > 0)
        text_put(stdscr, y + 2, x + w - 1, 1, "↑", theme_attr(TH_MUTED));
    if (st->list.top + (size_t)rows < st->count)
        text_put(stdscr, y + 1 + rows, x + w - 1, 1, "↓", theme_attr(TH_MUTED));
    int by = b->y + b->h - 3;
    theme_hline(stdscr, by, x, w, theme_attr(TH_BORDER));
    if (st->msg[0])
        text_put(stdscr, by + 1, x, w, st->msg, theme_attr(st->msg_error ? TH_ERROR : TH_OK));
    static const ui_action calls_legend[] = {ACT_AG_CALLED, ACT_AG_MESSAGE, ACT_AG_UNREACHABLE,
                                             ACT_AG_SLIP, ACT_NONE};
    static const ui_action fill_legend[] = {ACT_AG_HONORED, ACT_AG_ABSENT, ACT_AG_CANCEL, ACT_NONE};
    agenda_draw_legend(by + 2, x, w, "", st->calls ? calls_legend : fill_legend);
}

static ui_reaction items_key(void *state, ui_app *app, const ui_key *k)
{
    items_state *st = state;
    if (list_key(&st->list, k, items_rows())) {
        st->msg[0] = 0;
        return ui_redraw();
    }
    if (!st->count)
        return ui_pass();
    const agenda_item *it = &st->items[st->list.selected];
    g_error err = {0};
    char who[200], msg[512];
    agenda_who(it, who, sizeof who);
    const char *status = NULL, *call = NULL;
    if (st->calls) {
        if (agenda_key_is(k, ACT_AG_CALLED))
            call = APPT_CALL_DONE;
        else if (agenda_key_is(k, ACT_AG_MESSAGE))
            call = APPT_CALL_MESSAGE;
        else if (agenda_key_is(k, ACT_AG_UNREACHABLE))
            call = APPT_CALL_NOREPLY;
        else if (agenda_key_is(k, ACT_AG_SLIP)) {
            char *text = NULL;
            if (daysheet_slip(app->db, it->id, &text, &err) != G_OK) {
                snprintf(st->msg, sizeof st->msg, "%s", err.msg);
                st->msg_error = 1;
                return ui_redraw();
            }
            char title[300], file[96], day[11];
            snprintf(title, sizeof title, _("Fiche de rendez-vous de %s"), who);
            agenda_day_of(it->start_at, day);
            snprintf(file, sizeof file, "rendez-vous-%s-%.8s.txt", day, it->uuid);
            return agenda_preview(title, file, text);
        }
    } else {
        if (agenda_key_is(k, ACT_AG_HONORED))
            status = APPT_HONORED;
        else if (agenda_key_is(k, ACT_AG_ABSENT))
            status = APPT_ABSENT;
        else if (agenda_key_is(k, ACT_AG_CANCEL)) {
            if (agenda_cancel_check(app->db, it->id, &err) != G_OK) {
                snprintf(st->msg, sizeof st->msg, "%s", err.msg);
                st->msg_error = 1;
                return ui_redraw();
            }
            int64_t *id = malloc(sizeof *id);
            if (!id)
                return ui_none();
            *id = it->id;
            return ui_push(&screen_agenda_cancel, id);
        }
    }
    if (!status && !call)
        return ui_pass();
    g_status s = call ? agenda_set_call_status(app->db, actor_of(app), it->id, call, &err)
                      : agenda_set_status(app->db, actor_of(app), it->id, status, &err);
    if (s != G_OK) {
        snprintf(st->msg, sizeof st->msg, "%s", err.msg);
        st->msg_error = 1;
        return ui_redraw();
    }
    if (call)
        snprintf(msg, sizeof msg, _("%s : %s."), who, call_label(call));
    else
        snprintf(msg, sizeof msg, _("%s : %s."), who, agenda_status_label(status, 0));
    size_t keep = st->list.selected;
    agenda_ui_changed(NULL, 0);
    items_load(st, app);
    /* the calls list keeps its line (now ticked) and moves to the next one */
    if (st->calls && keep + 1 < st->count)
        st->list.selected = keep + 1;
    else if (st->count)
        st->list.selected = keep < st->count ? keep : st->count - 1;
    snprintf(st->msg, sizeof st->msg, "%s", msg);
    st->msg_error = 0;
    return ui_redraw();
}

static const ui_action fill_hints[] = {ACT_HELP,      ACT_AG_HONORED, ACT_AG_ABSENT,
                                       ACT_AG_CANCEL, ACT_BACK,       ACT_NONE};
static const ui_action calls_hints[] = {ACT_HELP,           ACT_AG_CALLED, ACT_AG_MESSAGE,
                                        ACT_AG_UNREACHABLE, ACT_BACK,      ACT_NONE};

const screen_ops screen_agenda_to_fill = {
    .name = "agenda-to-fill",
    .title = N_("Agenda · à renseigner"),
    .hints = fill_hints,
    .open = to_fill_open,
    .close = items_close,
    .draw = items_draw,
    .key = items_key,
};

const screen_ops screen_agenda_calls = {
    .name = "agenda-calls",
    .title = N_("Agenda · appels de rappel"),
    .hints = calls_hints,
    .open = calls_open,
    .close = items_close,
    .draw = items_draw,
    .key = items_key,
};
