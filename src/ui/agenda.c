/* agenda.c — the agenda's day view of the whole site and week view of one
 * resource (one screen, two modes), the date prompt, and the helpers the
 * other agenda screens share (agenda.h).
 *
 * The day view lists, chronologically, every appointment of the day (all
 * resources) and the free stretches of the openings, so that the desk sees
 * at once who comes, who has arrived, and where a slot is still free. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/agenda.h"
#include "guichet/clock.h"
#include "guichet/daysheet.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/status.h"
#include "guichet/strbuf.h"
#include "ui/agenda.h"
#include "ui/dialog.h"
#include "ui/field.h"
#include "ui/legend.h"
#include "ui/list.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"

/* --- shared helpers (agenda.h) ------------------------------------------ */

int agenda_parse_date(const char *text, char out[11], char *msg, size_t msgsize)
{
    /* the core's date rule (formats, impossible dates) and its words, as a
     * sentence */
    g_error err = {0};
    if (normalize_date(text, out, &err) == G_OK)
        return 0;
    snprintf(msg, msgsize, "%s.", err.msg);
    if (msg[0] >= 'a' && msg[0] <= 'z')
        msg[0] = (char)(msg[0] - 'a' + 'A');
    return -1;
}

const char *agenda_who(const agenda_item *it, char *buf, size_t size)
{
    snprintf(buf, size, "%s", it->visitor_name[0] ? it->visitor_name : _("(sans visiteur)"));
    return buf;
}

const char *agenda_hours(int64_t start, int64_t end, char *buf, size_t size)
{
    char a[8], b[8];
    clock_format(start, "%H:%M", a, sizeof a);
    clock_format(end, "%H:%M", b, sizeof b);
    snprintf(buf, size, "%s–%s", a, b);
    return buf;
}

const char *agenda_short_when(int64_t t, char *buf, size_t size)
{
    static const char *const wd[] = {N_("dim."), N_("lun."), N_("mar."), N_("mer."),
                                     N_("jeu."), N_("ven."), N_("sam.")};
    struct tm tm;
    clock_local(t, &tm);
    char dm[16], hm[8];
    clock_format(t, "%d/%m", dm, sizeof dm);
    clock_format(t, "%H:%M", hm, sizeof hm);
    snprintf(buf, size, "%s %s %s", _(wd[tm.tm_wday % 7]), dm, hm);
    return buf;
}

const char *agenda_state_text(const agenda_item *it, char *buf, size_t size)
{
    if (strcmp(it->status, APPT_TO_COME) == 0 && it->arrived_at) {
        char t[8];
        clock_format(it->arrived_at, "%H:%M", t, sizeof t);
        snprintf(buf, size, _("Arrivé à %s"), t);
    } else {
        snprintf(buf, size, "%s", agenda_status_label(it->status, it->to_fill));
    }
    return buf;
}

const char *agenda_state_short(const agenda_item *it, char *buf, size_t size)
{
    const char *st = it->status;
    if (strcmp(st, APPT_TO_COME) == 0 && it->arrived_at) {
        char t[8];
        clock_format(it->arrived_at, "%H:%M", t, sizeof t);
        snprintf(buf, size, _("Arrivé %s"), t);
        return buf;
    }
    const char *s = strcmp(st, APPT_TO_COME) == 0 ? (it->to_fill ? _("À renseigner") : _("À venir"))
                    : strcmp(st, APPT_HONORED) == 0 ? _("Honoré")
                    : strcmp(st, APPT_EXCUSED) == 0 ? _("Excusé")
                    : strcmp(st, APPT_ABSENT) == 0  ? _("Absent")
                                                    : _("Annulé serv.");
    snprintf(buf, size, "%s", s);
    return buf;
}

int agenda_draw_legend(int y, int x, int w, int max_rows, const char *extra, const ui_action *acts)
{
    /* the extra text first (« ←/→ Jour »), then the keys, wrapped (legend.c) */
    ui_legend_item items[24];
    size_t n = 0;
    if (extra && *extra)
        items[n++] = (ui_legend_item){ACT_NONE, extra};
    for (const ui_action *a = acts; *a != ACT_NONE && n < 24; a++)
        items[n++] = (ui_legend_item){*a, NULL};
    return legend_draw(y, x, w, max_rows, items, n);
}

/* --- the date prompt (overlay) ------------------------------------------- */

typedef struct date_state {
    agenda_date_arg arg;
    ui_field field;
} date_state;

static int date_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    date_state *st = calloc(1, sizeof *st);
    if (!st) {
        free(arg);
        return -1;
    }
    st->arg = *(agenda_date_arg *)arg;
    free(arg);
    if (field_init(&st->field, "date", _("Date"), 10, FIELD_HIDE_MAX) != 0) {
        free(st);
        return -1;
    }
    *state = st;
    return 0;
}

static void date_close(void *state, ui_app *app)
{
    date_state *st = state;
    field_free(&st->field);
    free(st);
}

static void date_draw(void *state, ui_app *app, const ui_rect *b)
{
    date_state *st = state;
    int w = 56, h = st->field.error[0] ? 8 : 7;
    int x = b->x + (b->w - w) / 2, y = b->y + (b->h - h) / 2;
    attr_t in = theme_attr(TH_DIALOG);
    for (int i = 0; i < h; i++)
        text_fill(stdscr, y + i, x, w, in);
    theme_box(stdscr, y, x, h, w, in | A_BOLD);
    char t[128];
    snprintf(t, sizeof t, " %s ", _("Aller à une date"));
    text_put(stdscr, y, x + 2, w - 4, t, in | A_BOLD);
    text_put(stdscr, y + 2, x + 2, 22, _("Date (JJ/MM/AAAA) :"), in);
    char also[128], century[64], today[11];
    clock_today(today);
    normalize_century_hint(NORMALIZE_CENTURY_NEXT, atoi(today), century, sizeof century);
    snprintf(also, sizeof also, _("Aussi 1/3/26 ou 01032026 (%s)."), century);
    text_put(stdscr, y + 3, x + 2, w - 4, also, in);
    int cx;
    field_draw_box(&st->field, stdscr, y + 2, x + 23, 12, 1, &cx);
    app_set_cursor(app, y + 2, cx);
    if (st->field.error[0])
        text_put(stdscr, y + 4, x + 2, w - 4, st->field.error, theme_attr(TH_ERROR));
    char how[128];
    text_put_center(stdscr, y + h - 2, x + 1, w - 2,
                    keys_sentence(how, sizeof how, _("%s : aller à ce jour    %s : annuler"),
                                  ACT_SELECT, ACT_BACK, ACT_NONE),
                    in);
}

static ui_reaction date_key(void *state, ui_app *app, const ui_key *k)
{
    date_state *st = state;
    if (k->action == ACT_BACK)
        return ui_pop();
    if (k->action == ACT_SELECT) {
        char day[11], msg[256];
        if (agenda_parse_date(st->field.value, day, msg, sizeof msg) != 0) {
            field_set_error(&st->field, msg);
            return ui_redraw();
        }
        ui_reaction r = st->arg.done(st->arg.ctx, app, day);
        if (r.kind == UI_NONE || r.kind == UI_PASS)
            r.kind = UI_REDRAW;
        r.pop++;
        return r;
    }
    if (k->fn && k->action != ACT_NONE)
        return ui_pass();
    if (!k->fn && k->ch < 0x20 && k->action != ACT_NONE)
        return ui_pass();
    if (field_key(&st->field, k))
        return ui_redraw();
    return ui_pass();
}

static const ui_action date_hints[] = {ACT_SELECT, ACT_BACK, ACT_NONE};

const screen_ops screen_agenda_date = {
    .name = "agenda-date",
    .title = NULL,
    .overlay = 1,
    .hints = date_hints,
    .open = date_open,
    .close = date_close,
    .draw = date_draw,
    .key = date_key,
};

/* --- the day / week view ---------------------------------------------------- */

enum { ROW_ITEM, ROW_GAP, ROW_DAY };

typedef struct view_row {
    int kind;       /* ROW_* */
    size_t index;   /* into items or gaps */
    int64_t start;  /* for ordering */
    char day[11];   /* ROW_DAY: the local day */
    char label[64]; /* ROW_DAY: « lundi 6 avril 2026 » (set by load) */
} view_row;

typedef struct agenda_state {
    int week;            /* 0: the site's day, 1: one resource's week */
    char day[11];        /* the day shown (day mode), a day of the week (week mode) */
    int64_t resource_id; /* week mode */
    char resource_name[AGENDA_NAME_MAX + 1];
    agenda_view view;
    view_row *rows;
    size_t nrows;
    ui_list list;         /* selection and scrolling only; drawn here */
    int64_t loaded_at;    /* clock_now() of the load: what is past */
    char head[512];       /* the day or the week, as a title (set by load) */
    char error[512];      /* the agenda could not be read, "" = none */
    int64_t arrive_id;    /* the appointment whose early arrival is being confirmed */
    char arrive_who[200]; /* its visitor, for the confirmation */
} agenda_state;

static int row_cmp(const void *a, const void *b)
{
    const view_row *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    /* a day header first, then appointments, then free time */
    if (x->kind != y->kind)
        return x->kind == ROW_DAY ? -1 : y->kind == ROW_DAY ? 1 : x->kind - y->kind;
    return x->index < y->index ? -1 : x->index > y->index;
}

static const char *resource_name_of(const agenda_state *st, int64_t id)
{
    for (size_t i = 0; i < st->view.nresources; i++)
        if (st->view.resources[i].id == id)
            return st->view.resources[i].name;
    return "";
}

/* 1 when a free stretch is over: nothing can be booked in it any more. */
static int gap_past(const agenda_state *st, const agenda_gap *g)
{
    return g->end_at <= st->loaded_at;
}

/* Day headers of the week are titles, not lines to act upon: the
 * selection steps over them (dir = +1 or -1, the way it was moving), to
 * the nearest line that way, else the other way. With no line at all it
 * stays where it is (before, a week of titles only turned the walk round
 * at each end for ever: the desk hung). */
static void skip_headers(agenda_state *st, int dir)
{
    size_t i = st->list.selected;
    if (i >= st->nrows || st->rows[i].kind != ROW_DAY)
        return;
    for (int pass = 0; pass < 2; pass++, dir = -dir) {
        size_t j = i;
        while (st->rows[j].kind == ROW_DAY && (dir > 0 ? j + 1 < st->nrows : j > 0))
            j = dir > 0 ? j + 1 : j - 1;
        if (st->rows[j].kind != ROW_DAY) {
            st->list.selected = j;
            return;
        }
    }
}

/* Remembers what is selected so that a reload keeps it. */
static void selected_key(const agenda_state *st, int *kind, int64_t *id, int64_t *start)
{
    *kind = -1, *id = 0, *start = 0;
    if (!st->nrows)
        return;
    const view_row *r = &st->rows[st->list.selected];
    *kind = r->kind, *start = r->start;
    if (r->kind == ROW_ITEM)
        *id = st->view.items[r->index].id;
    else if (r->kind == ROW_GAP)
        *id = st->view.gaps[r->index].resource_id;
}

static void load(agenda_state *st, ui_app *app)
{
    int kind;
    int64_t keep_id, keep_start;
    selected_key(st, &kind, &keep_id, &keep_start);
    agenda_view_free(&st->view);
    free(st->rows);
    st->rows = NULL;
    st->nrows = 0;
    g_error err = {0};
    agenda_item focus;
    int64_t want = app_take_focus(app);
    if (want && agenda_get(app->db, want, &focus, &err) == G_OK) {
        /* show the appointment just booked or moved, on its own day */
        agenda_day_of(focus.start_at, st->day);
        if (st->week)
            st->resource_id = focus.resource_id,
            snprintf(st->resource_name, sizeof st->resource_name, "%s", focus.resource_name);
        kind = ROW_ITEM, keep_id = want;
    }
    g_status s = st->week ? agenda_week(app->db, st->resource_id, st->day, &st->view, &err)
                          : agenda_day(app->db, st->day, &st->view, &err);
    st->loaded_at = clock_now();
    st->error[0] = 0;
    /* the heading: the day or the week */
    char date[64];
    int64_t ds = 0, de = 0;
    g_error herr = {0};
    if (st->week) {
        agenda_day_bounds(s == G_OK && st->view.from[0] ? st->view.from : st->day, &ds, &de, &herr);
        daysheet_long_date(ds + 12 * 3600, date, sizeof date);
        snprintf(st->head, sizeof st->head, _("Semaine du %s · %s"), date, st->resource_name);
    } else {
        agenda_day_bounds(st->day, &ds, &de, &herr);
        daysheet_long_date(ds + 12 * 3600, date, sizeof date);
        char today[11];
        clock_today(today);
        snprintf(st->head, sizeof st->head, "%s%s", date,
                 strcmp(today, st->day) == 0 ? _(" (aujourd'hui)") : "");
        if (st->head[0] >= 'a' && st->head[0] <= 'z')
            st->head[0] = (char)(st->head[0] - 'a' + 'A');
    }
    if (s != G_OK) {
        memset(&st->view, 0, sizeof st->view);
        snprintf(st->error, sizeof st->error, "%s", err.msg);
        list_set_count(&st->list, 0);
        return;
    }
    size_t cap = st->view.nitems + st->view.ngaps + 8;
    st->rows = calloc(cap, sizeof *st->rows);
    if (!st->rows) {
        list_set_count(&st->list, 0);
        return;
    }
    for (size_t i = 0; i < st->view.nitems; i++)
        st->rows[st->nrows++] = (view_row){ROW_ITEM, i, st->view.items[i].start_at, "", ""};
    for (size_t i = 0; i < st->view.ngaps; i++)
        st->rows[st->nrows++] = (view_row){ROW_GAP, i, st->view.gaps[i].start_at, "", ""};
    if (st->week && st->nrows) {
        /* a header row for each day of the week (a week with nothing in it
         * says so, without seven empty titles) */
        int64_t d0;
        if (clock_date_parse(st->view.from, &d0) == 0) {
            for (int i = 0; i < 7; i++) {
                view_row h = {ROW_DAY, (size_t)i, 0, "", ""};
                clock_date_format(d0 + i, h.day);
                int64_t end;
                if (agenda_day_bounds(h.day, &h.start, &end, &err) == G_OK) {
                    daysheet_long_date(h.start + 3600 * 12, h.label, sizeof h.label);
                    st->rows[st->nrows++] = h;
                }
            }
        }
    }
    qsort(st->rows, st->nrows, sizeof *st->rows, row_cmp);
    list_set_count(&st->list, st->nrows);
    /* keep the selection on the same line */
    size_t pick = st->list.selected;
    int found = 0;
    for (size_t i = 0; i < st->nrows && kind >= 0 && !found; i++) {
        const view_row *r = &st->rows[i];
        if (r->kind != kind)
            continue;
        if ((kind == ROW_ITEM && st->view.items[r->index].id == keep_id) ||
            (kind == ROW_GAP && st->view.gaps[r->index].resource_id == keep_id &&
             r->start == keep_start))
            pick = i, found = 1;
    }
    if (!found && kind < 0) {
        /* first load: the first line that is not over yet */
        int64_t now = clock_now();
        pick = 0;
        for (size_t i = 0; i < st->nrows; i++) {
            const view_row *r = &st->rows[i];
            int64_t end = r->kind == ROW_ITEM  ? st->view.items[r->index].end_at
                          : r->kind == ROW_GAP ? st->view.gaps[r->index].end_at
                                               : 0;
            if (r->kind != ROW_DAY && end > now) {
                pick = i;
                break;
            }
        }
    }
    st->list.selected = pick < st->nrows ? pick : (st->nrows ? st->nrows - 1 : 0);
    skip_headers(st, +1);
}

static void agenda_reload(void *state, ui_app *app)
{
    load(state, app);
}

static int agenda_open(ui_app *app, void *arg, void **state)
{
    agenda_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    clock_today(st->day);
    list_init(&st->list, NULL, 0, NULL, NULL);
    load(st, app);
    *state = st;
    return 0;
}

static void agenda_close(void *state, ui_app *app)
{
    agenda_state *st = state;
    agenda_view_free(&st->view);
    free(st->rows);
    free(st);
}

static const agenda_item *selected_item(const agenda_state *st)
{
    if (!st->nrows)
        return NULL;
    const view_row *r = &st->rows[st->list.selected];
    return r->kind == ROW_ITEM ? &st->view.items[r->index] : NULL;
}

static int list_rows(const ui_rect *b)
{
    int h = b->h - 6;
    return h < 1 ? 1 : h;
}

/* Column widths of a line: hours, resource, visitor, motif, state. */
static void columns(int w, int week, int *cw)
{
    cw[0] = 11;
    cw[1] = week ? 0 : 16;
    cw[4] = 12;
    int rest = w - cw[0] - cw[1] - cw[4] - (week ? 3 : 4);
    cw[2] = rest * 45 / 100;
    cw[3] = rest - cw[2];
}

static void draw_line(agenda_state *st, int y, int x, int w, const view_row *r, int selected)
{
    int cw[5];
    columns(w, st->week, cw);
    char c[5][512];
    for (int i = 0; i < 5; i++)
        c[i][0] = 0;
    attr_t a = theme_attr(TH_NORMAL);
    attr_t state_attr = a;
    if (r->kind == ROW_DAY) {
        text_fill(stdscr, y, x, w, theme_attr(TH_NORMAL));
        text_put(stdscr, y, x, w, r->label, theme_attr(TH_HEADING));
        return;
    }
    if (r->kind == ROW_GAP) {
        const agenda_gap *g = &st->view.gaps[r->index];
        agenda_hours(g->start_at, g->end_at, c[0], sizeof c[0]);
        snprintf(c[1], sizeof c[1], "%s", resource_name_of(st, g->resource_id));
        snprintf(c[2], sizeof c[2], "%s", gap_past(st, g) ? _("· passé ·") : _("· libre ·"));
        a = theme_attr(TH_INACTIVE);
        state_attr = a;
    } else {
        const agenda_item *it = &st->view.items[r->index];
        agenda_hours(it->start_at, it->end_at, c[0], sizeof c[0]);
        snprintf(c[1], sizeof c[1], "%s", it->resource_name);
        agenda_who(it, c[2], sizeof c[2]);
        snprintf(c[3], sizeof c[3], "%s%s%s",
                 strcmp(it->place, AGENDA_PLACE_PHONE) == 0 ? _("[TÉL] ") : "",
                 it->capacity > 1 ? _("[Atelier] ") : "", it->motif_name);
        agenda_state_short(it, c[4], sizeof c[4]);
        int live = strcmp(it->status, APPT_TO_COME) == 0;
        if (!live && strcmp(it->status, APPT_HONORED) != 0)
            a = theme_attr(TH_INACTIVE); /* cancelled, absent */
        state_attr = it->to_fill              ? theme_attr(TH_ERROR)
                     : it->arrived_at && live ? theme_attr(TH_OK)
                                              : a;
    }
    if (selected)
        a = state_attr = theme_attr(TH_SELECT);
    text_fill(stdscr, y, x, w, a);
    int cx = x;
    for (int i = 0; i < 5; i++) {
        if (!cw[i])
            continue;
        text_put(stdscr, y, cx, cw[i], c[i], i == 4 ? state_attr : a);
        cx += cw[i] + 1;
    }
}

static void draw_detail(agenda_state *st, int y, int x, int w)
{
    if (!st->nrows)
        return;
    const view_row *r = &st->rows[st->list.selected];
    char buf[1024];
    if (r->kind == ROW_GAP) {
        const agenda_gap *g = &st->view.gaps[r->index];
        char h[32], key[32];
        if (gap_past(st, g)) {
            snprintf(buf, sizeof buf, _("Libre %s · créneau passé : plus de rendez-vous possible"),
                     agenda_hours(g->start_at, g->end_at, h, sizeof h));
        } else {
            keys_action_key(ACT_SELECT, key, sizeof key);
            snprintf(buf, sizeof buf, _("Libre %s · %s : prendre un rendez-vous dans ce créneau"),
                     agenda_hours(g->start_at, g->end_at, h, sizeof h), key);
        }
        text_put(stdscr, y, x, w, buf, theme_attr(TH_MUTED));
        return;
    }
    if (r->kind != ROW_ITEM)
        return;
    const agenda_item *it = &st->view.items[r->index];
    char phone[40] = "";
    if (it->visitor_phone[0])
        daysheet_phone(it->visitor_phone, phone, sizeof phone);
    const char *origin = strcmp(it->origin, AGENDA_ORIGIN_PHONE) == 0 ? _("pris par téléphone")
                         : strcmp(it->origin, AGENDA_ORIGIN_PARTNER) == 0
                             ? _("pris par un partenaire")
                             : _("pris au guichet");
    char state[128];
    char who[200];
    strbuf sb;
    strbuf_init(&sb, buf, sizeof buf);
    strbuf_printf(&sb, "%s · %s · %s%s%s · %s · %s", agenda_who(it, who, sizeof who),
                  agenda_state_text(it, state, sizeof state), phone[0] ? _("Tél. ") : "", phone,
                  phone[0] ? "" : _("pas de téléphone"), agenda_place_label(it->place), origin);
    strbuf_join(&sb, " · ", it->comment);
    strbuf_join(&sb, " · ", it->cancel_reason);
    text_put(stdscr, y, x, w, buf, theme_attr(TH_NORMAL));
}

static void agenda_draw(void *state, ui_app *app, const ui_rect *b)
{
    agenda_state *st = state;
    int x = b->x + 1, w = b->w - 2, y = b->y;
    text_put(stdscr, y, x, w, st->head, theme_attr(TH_HEADING));
    /* the day sheet's figures (daysheet_count): the screen and the paper
     * must not disagree */
    daysheet_counts k;
    daysheet_count(st->view.items, st->view.nitems, &k);
    char count[128];
    snprintf(count, sizeof count, _("%zu rendez-vous · arrivés : %zu"), k.live, k.came);
    text_put_right(stdscr, y, x, w, count, theme_attr(TH_MUTED));

    /* column titles */
    int cw[5];
    columns(w, st->week, cw);
    const char *titles[5] = {_("Heure"), _("Ressource"), _("Visiteur"), _("Motif"), _("État")};
    int cx = x;
    text_fill(stdscr, y + 1, x, w, theme_attr(TH_HEADING));
    for (int i = 0; i < 5; i++) {
        if (!cw[i])
            continue;
        text_put(stdscr, y + 1, cx, cw[i], titles[i], theme_attr(TH_HEADING));
        cx += cw[i] + 1;
    }

    int rows = list_rows(b);
    if (st->error[0]) {
        text_put_wrapped(stdscr, y + 2, x, w, rows, st->error, theme_attr(TH_ERROR));
    } else if (!st->nrows) {
        text_put(stdscr, y + 2, x, w,
                 st->week ? _("Aucune ouverture ni aucun rendez-vous cette semaine.")
                          : _("Aucune permanence ni aucun rendez-vous ce jour-là."),
                 theme_attr(TH_MUTED));
    } else {
        list_scroll(&st->list, rows);
        for (int r = 0; r < rows && st->list.top + (size_t)r < st->nrows; r++) {
            size_t i = st->list.top + (size_t)r;
            draw_line(st, y + 2 + r, x, w - 1, &st->rows[i], i == st->list.selected);
        }
        if (st->list.top > 0)
            text_put(stdscr, y + 2, x + w - 1, 1, "↑", theme_attr(TH_MUTED));
        if (st->list.top + (size_t)rows < st->nrows)
            text_put(stdscr, y + 1 + rows, x + w - 1, 1, "↓", theme_attr(TH_MUTED));
    }
    int by = b->y + b->h - 4;
    theme_hline(stdscr, by, x, w, theme_attr(TH_BORDER));
    draw_detail(st, by + 1, x, w);
    static const ui_action legend[] = {ACT_AG_TODAY,   ACT_AG_MOVE,   ACT_AG_CANCEL,
                                       ACT_AG_HONORED, ACT_AG_ABSENT, ACT_AG_TO_FILL,
                                       ACT_AG_CALLS,   ACT_AG_SLIP,   ACT_NONE};
    agenda_draw_legend(by + 2, x, w, 2, st->week ? _("←/→ Semaine") : _("←/→ Jour"), legend);
}

static void go_day(agenda_state *st, ui_app *app, const char *day)
{
    snprintf(st->day, sizeof st->day, "%s", day);
    st->list.selected = 0;
    st->list.top = 0;
    st->nrows = 0; /* forget the selection: a new day starts at its first open line */
    load(st, app);
}

static void shift_days(agenda_state *st, ui_app *app, int n)
{
    int64_t d;
    if (clock_date_parse(st->day, &d) != 0)
        return;
    char day[11];
    clock_date_format(d + n, day);
    go_day(st, app, day);
}

static ui_reaction on_date(void *ctx, ui_app *app, const char *day)
{
    agenda_state *st = ctx;
    go_day(st, app, day);
    return ui_redraw();
}

static ui_reaction need_item(ui_app *app)
{
    app_message(app, 1, _("Choisissez d'abord un rendez-vous dans la liste (↑/↓)."));
    return ui_redraw();
}

static ui_reaction core_result(ui_app *app, g_status s, const g_error *err, const char *ok)
{
    if (s != G_OK) {
        app_message(app, 1, err->msg);
    } else {
        app_message(app, 0, ok);
        app_data_changed(app);
    }
    return ui_redraw();
}

static ui_reaction mark_arrived(agenda_state *st, ui_app *app, int64_t id, const char *who)
{
    g_error err = {0};
    char msg[400];
    snprintf(msg, sizeof msg, _("%s est arrivé(e) : inscrit(e) dans la file d'attente."), who);
    int64_t actor = app->session ? app->session->user_id : 0;
    (void)st;
    return core_result(app, agenda_mark_arrived(app->db, actor, id, &err), &err, msg);
}

static ui_reaction arrive_answer(void *ctx, ui_app *app, int yes)
{
    agenda_state *st = ctx;
    if (!yes || !st->arrive_id)
        return ui_redraw();
    int64_t id = st->arrive_id;
    st->arrive_id = 0;
    return mark_arrived(st, app, id, st->arrive_who);
}

static ui_reaction open_booking(agenda_state *st, int64_t move_id, int64_t after)
{
    agenda_book_arg *a = calloc(1, sizeof *a);
    if (!a)
        return ui_none();
    a->move_id = move_id;
    a->after = after;
    (void)st;
    return ui_push(&screen_agenda_book, a);
}

static ui_reaction item_dialog(const agenda_item *it)
{
    char who[200], h[32], state[128], phone[40] = "", when[64], text[1400];
    daysheet_long_date(it->start_at, when, sizeof when);
    if (it->visitor_phone[0])
        daysheet_phone(it->visitor_phone, phone, sizeof phone);
    snprintf(text, sizeof text, _("%s, %s\n%s\n%s — %s\nVisiteur : %s%s%s\nÉtat : %s%s%s"), when,
             agenda_hours(it->start_at, it->end_at, h, sizeof h), it->motif_name, it->resource_name,
             agenda_place_label(it->place), agenda_who(it, who, sizeof who),
             phone[0] ? _(", tél. ") : "", phone, agenda_state_text(it, state, sizeof state),
             it->comment[0] ? _("\nCommentaire : ") : "", it->comment);
    return dialog_message(_("Rendez-vous"), text, 0);
}

/* Entrée on a free stretch: a booking from its start; nothing for a
 * stretch that is over. */
static ui_reaction book_gap(agenda_state *st, ui_app *app, const agenda_gap *g)
{
    if (gap_past(st, g)) {
        app_message(app, 1, _("Ce créneau est passé : on ne peut plus y prendre de rendez-vous."));
        return ui_redraw();
    }
    return open_booking(st, 0, g->start_at);
}

static ui_reaction agenda_key(void *state, ui_app *app, const ui_key *k)
{
    agenda_state *st = state;
    int rows = list_rows(&(ui_rect){0, 0, LINES - 3, COLS});
    size_t before = st->list.selected;
    if (list_key(&st->list, k, rows)) {
        skip_headers(st, st->list.selected >= before ? +1 : -1);
        return ui_redraw();
    }
    int64_t actor = app->session ? app->session->user_id : 0;
    const agenda_item *it = selected_item(st);
    g_error err = {0};
    if (k->fn && (k->ch == KEY_LEFT || k->ch == KEY_RIGHT)) {
        shift_days(st, app, (k->ch == KEY_LEFT ? -1 : 1) * (st->week ? 7 : 1));
        return ui_redraw();
    }
    if (k->action == ACT_SELECT) {
        if (!st->nrows)
            return open_booking(st, 0, 0);
        const view_row *r = &st->rows[st->list.selected];
        if (r->kind == ROW_GAP)
            return book_gap(st, app, &st->view.gaps[r->index]);
        if (r->kind == ROW_ITEM)
            return item_dialog(it);
        return ui_none();
    }
    if (k->action == ACT_BACK && st->week) {
        st->week = 0;
        load(st, app);
        return ui_redraw();
    }
    switch (k->action) {
    case ACT_AG_TODAY: {
        char today[11];
        clock_today(today);
        go_day(st, app, today);
        return ui_redraw();
    }
    case ACT_AG_DATE: {
        agenda_date_arg *a = calloc(1, sizeof *a);
        if (!a)
            return ui_none();
        a->done = on_date;
        a->ctx = st;
        return ui_push(&screen_agenda_date, a);
    }
    case ACT_AG_WEEK: {
        if (st->week) {
            st->week = 0;
        } else {
            int64_t rid = 0;
            if (st->nrows) {
                const view_row *r = &st->rows[st->list.selected];
                if (r->kind == ROW_ITEM)
                    rid = st->view.items[r->index].resource_id;
                else if (r->kind == ROW_GAP)
                    rid = st->view.gaps[r->index].resource_id;
            }
            if (!rid && st->view.nresources)
                rid = st->view.resources[0].id;
            if (!rid) {
                app_message(app, 1, _("Aucune ressource ce jour-là : choisissez un autre jour."));
                return ui_redraw();
            }
            agenda_resource res;
            if (agenda_resource_get(app->db, rid, &res, &err) != G_OK) {
                app_message(app, 1, err.msg);
                return ui_redraw();
            }
            st->week = 1;
            st->resource_id = rid;
            snprintf(st->resource_name, sizeof st->resource_name, "%s", res.name);
        }
        st->nrows = 0;
        load(st, app);
        return ui_redraw();
    }
    case ACT_AG_BOOK:
        return open_booking(st, 0, 0);
    case ACT_AG_TO_FILL:
        return ui_push(&screen_agenda_to_fill, NULL);
    case ACT_AG_CALLS:
        return ui_push(&screen_agenda_calls, NULL);
    case ACT_AG_DAYSHEET: {
        char *text = NULL;
        if (daysheet_day(app->db, app->cfg, st->day, &text, &err) != G_OK) {
            app_message(app, 1, err.msg);
            return ui_redraw();
        }
        char title[160], file[64], date[64];
        int64_t s, e;
        agenda_day_bounds(st->day, &s, &e, &err);
        daysheet_long_date(s + 12 * 3600, date, sizeof date);
        snprintf(title, sizeof title, _("Feuille du jour du %s"), date);
        snprintf(file, sizeof file, "feuille-du-jour-%s.txt", st->day);
        return agenda_preview(title, file, text);
    }
    case ACT_AG_MOVE:
    case ACT_AG_CANCEL:
    case ACT_AG_ARRIVED:
    case ACT_AG_HONORED:
    case ACT_AG_ABSENT:
    case ACT_AG_SLIP:
        break;
    default:
        return ui_pass();
    }
    /* the actions on the chosen appointment */
    if (!it)
        return need_item(app);
    char who[200], msg[400];
    agenda_who(it, who, sizeof who);
    switch (k->action) {
    case ACT_AG_ARRIVED:
        if (it->start_at - clock_now() > 3600 && !it->arrived_at) {
            /* a 14:00 appointment at 08:02: probably the wrong line */
            char h[6], q[300];
            clock_format(it->start_at, "%H:%M", h, sizeof h);
            st->arrive_id = it->id;
            snprintf(st->arrive_who, sizeof st->arrive_who, "%s", who);
            snprintf(q, sizeof q, _("Le rendez-vous est à %s. Noter l'arrivée maintenant ? (o/n)"),
                     h);
            return dialog_confirm(q, arrive_answer, st);
        }
        return mark_arrived(st, app, it->id, who);
    case ACT_AG_HONORED:
        snprintf(msg, sizeof msg, _("Rendez-vous de %s noté honoré."), who);
        return core_result(app, agenda_set_status(app->db, actor, it->id, APPT_HONORED, &err), &err,
                           msg);
    case ACT_AG_ABSENT:
        snprintf(msg, sizeof msg, _("%s noté(e) absent(e)."), who);
        return core_result(app, agenda_set_status(app->db, actor, it->id, APPT_ABSENT, &err), &err,
                           msg);
    case ACT_AG_SLIP: {
        char *text = NULL;
        if (daysheet_slip(app->db, app->cfg, it->id, &text, &err) != G_OK) {
            app_message(app, 1, err.msg);
            return ui_redraw();
        }
        char title[300], file[96], day[11];
        snprintf(title, sizeof title, _("Fiche de rendez-vous de %s"), who);
        agenda_day_of(it->start_at, day);
        snprintf(file, sizeof file, "rendez-vous-%s-%.8s.txt", day, it->uuid);
        return agenda_preview(title, file, text);
    }
    default:
        break;
    }
    if (strcmp(it->status, APPT_TO_COME) != 0) {
        app_message(app, 1,
                    _("Ce rendez-vous n'est plus à venir : il ne peut être ni déplacé ni "
                      "annulé."));
        return ui_redraw();
    }
    if (k->action == ACT_AG_MOVE)
        return open_booking(st, it->id, 0);
    if (agenda_cancel_check(app->db, it->id, &err) != G_OK) {
        app_message(app, 1, err.msg);
        return ui_redraw();
    }
    int64_t *id = malloc(sizeof *id);
    if (!id)
        return ui_none();
    *id = it->id;
    return ui_push(&screen_agenda_cancel, id);
}

static const char *agenda_title(void *state)
{
    agenda_state *st = state;
    return st && st->week ? _("Agenda · semaine") : _("Agenda · journée du site");
}

/* (all fit at 80 columns; the legend above gives the others) */
static const ui_action agenda_hints[] = {ACT_HELP,    ACT_AG_BOOK,     ACT_AG_ARRIVED, ACT_AG_DATE,
                                         ACT_AG_WEEK, ACT_AG_DAYSHEET, ACT_NONE};

const screen_ops screen_agenda = {
    .name = "agenda",
    .title = N_("Agenda"),
    .hints = agenda_hints,
    .keymap = KM_AGENDA,
    .open = agenda_open,
    .close = agenda_close,
    .draw = agenda_draw,
    .key = agenda_key,
    .reload = agenda_reload,
    .title_of = agenda_title,
};
