/* agenda_visitor.c — one visitor's appointments, from their file:
 * - the summary line of the file (« 1 à venir : lun. 08/12 09:50 CAF ·
 *   3 passés »);
 * - the list of all their appointments, past and future, with their state;
 *   Entrée on a future one opens the agenda on its day, selected. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/agenda.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/ref.h"
#include "guichet/utf8.h"
#include "guichet/visitor.h"
#include "guichet/status.h"
#include "guichet/strbuf.h"
#include "ui/agenda.h"
#include "ui/list.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"

/* Who the appointment is with, shortly: the partner's short name, else the
 * resource's name. */
static const char *with_whom(const agenda_item *it)
{
    const ref_operator *op = it->operator_code[0] ? ref_operator_find(it->operator_code) : NULL;
    return op ? op->name : it->resource_name;
}

void agenda_visitor_summary_line(ui_app *app, int64_t visitor_id, char *buf, size_t size)
{
    agenda_visitor_counts c;
    g_error err = {0};
    if (agenda_visitor_summary(app->db, visitor_id, &c, &err) != G_OK) {
        snprintf(buf, size, "%s", err.msg);
        return;
    }
    if (!c.upcoming && !c.past && !c.cancelled) {
        snprintf(buf, size, "%s", _("aucun"));
        return;
    }
    strbuf sb;
    strbuf_init(&sb, buf, size);
    if (c.upcoming) {
        agenda_item next;
        char when[64];
        char whom[64];
        if (agenda_get(app->db, c.next_id, &next, &err) == G_OK &&
            utf8_fit(with_whom(&next), 18, 1, whom, sizeof whom) >= 0)
            strbuf_printf(&sb, P_("%zu à venir : %s %s", "%zu à venir : %s %s", c.upcoming),
                          c.upcoming, agenda_short_when(next.start_at, when, sizeof when), whom);
        else
            strbuf_printf(&sb, P_("%zu à venir", "%zu à venir", c.upcoming), c.upcoming);
    }
    if (c.past)
        strbuf_printf(&sb, P_("%s%zu passé", "%s%zu passés", c.past), sb.len ? " · " : "", c.past);
    if (c.cancelled)
        strbuf_printf(&sb, P_("%s%zu annulé", "%s%zu annulés", c.cancelled), sb.len ? " · " : "",
                      c.cancelled);
}

/* --- the list ------------------------------------------------------------------ */

typedef struct avisit_state {
    int64_t visitor_id;
    char name[VISITOR_NAME_MAX * 8 + 2];
    agenda_item *items; /* newest first */
    size_t count;
    ui_list list;
    unsigned seen; /* agenda_ui_generation() when loaded */
    char msg[512];
    int msg_error;
    int rows;
} avisit_state;

static const ui_column avisit_cols[] = {
    {N_("Date"), 16, 0}, {N_("Motif"), 0, 0}, {N_("Avec"), 16, 0}, {N_("État"), 18, 0}};
#define N_AVISIT_COLS (sizeof avisit_cols / sizeof *avisit_cols)
static ui_column avisit_shown[N_AVISIT_COLS];

static const char *avisit_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    avisit_state *st = ctx;
    const agenda_item *it = &st->items[row];
    buf[0] = 0;
    switch (col) {
    case 0:
        clock_format(it->start_at, "%d/%m/%Y %H:%M", buf, size);
        break;
    case 1:
        snprintf(buf, size, "%s%s", strcmp(it->place, "telephone") == 0 ? _("[TÉL] ") : "",
                 it->motif_name);
        break;
    case 2:
        snprintf(buf, size, "%s", with_whom(it));
        break;
    case 3:
        agenda_state_text(it, buf, size);
        break;
    }
    return buf;
}

static void avisit_load(avisit_state *st, ui_app *app)
{
    free(st->items);
    st->items = NULL;
    st->count = 0;
    g_error err = {0};
    if (agenda_visitor_list(app->db, st->visitor_id, &st->items, &st->count, &err) != G_OK) {
        snprintf(st->msg, sizeof st->msg, "%s", err.msg);
        st->msg_error = 1;
    }
    st->seen = agenda_ui_generation();
    list_set_count(&st->list, st->count);
}

static int avisit_open(ui_app *app, void *arg, void **state)
{
    int64_t id = (int64_t)(intptr_t)arg;
    if (id <= 0)
        return -1;
    avisit_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    st->visitor_id = id;
    visitor v;
    g_error err = {0};
    if (visitor_get(app->db, id, &v, &err) == G_OK)
        visitor_name(&v, st->name, sizeof st->name);
    for (size_t i = 0; i < N_AVISIT_COLS; i++) {
        avisit_shown[i] = avisit_cols[i];
        avisit_shown[i].title = _(avisit_cols[i].title);
    }
    list_init(&st->list, avisit_shown, N_AVISIT_COLS, avisit_cell, st);
    st->list.empty = _("Aucun rendez-vous pour cette personne.");
    avisit_load(st, app);
    /* start on the next appointment to come, if any (the list is newest first) */
    int64_t now = clock_now();
    for (size_t i = st->count; i-- > 0;)
        if (st->items[i].start_at >= now && strcmp(st->items[i].status, APPT_TO_COME) == 0) {
            st->list.selected = i;
            break;
        }
    *state = st;
    return 0;
}

static void avisit_close(void *state, ui_app *app)
{
    avisit_state *st = state;
    free(st->items);
    free(st);
}

static const char *avisit_title(void *state)
{
    return _("Rendez-vous de la personne");
}

static void avisit_draw(void *state, ui_app *app, const ui_rect *b)
{
    avisit_state *st = state;
    if (st->seen != agenda_ui_generation())
        avisit_load(st, app);
    int x = b->x + 2, w = b->w - 4, y = b->y;
    char line[600], sum[300];
    agenda_visitor_summary_line(app, st->visitor_id, sum, sizeof sum);
    snprintf(line, sizeof line, _("Rendez-vous de %s : %s"), st->name, sum);
    text_put(stdscr, y++, x, w, line, theme_attr(TH_HEADING));
    y++;
    int lh = b->y + b->h - 2 - y;
    st->rows = lh - 1;
    list_draw(&st->list, stdscr, y, x, lh, w, 1);
    int fy = b->y + b->h - 2;
    if (st->msg[0])
        text_put(stdscr, fy, x, w, st->msg, theme_attr(st->msg_error ? TH_ERROR : TH_OK));
    text_put(stdscr, fy + 1, x, w, _("Entrée sur un rendez-vous à venir : l'ouvrir dans l'agenda"),
             theme_attr(TH_HOTKEY));
}

static ui_reaction avisit_key(void *state, ui_app *app, const ui_key *k)
{
    avisit_state *st = state;
    if (list_key(&st->list, k, st->rows > 0 ? st->rows : 1))
        return ui_redraw();
    if (k->action == ACT_SELECT) {
        st->msg[0] = 0;
        if (!st->count)
            return ui_none();
        const agenda_item *it = &st->items[st->list.selected];
        char today[11], day[11];
        clock_today(today);
        agenda_day_of(it->start_at, day);
        if (strcmp(day, today) < 0) {
            snprintf(st->msg, sizeof st->msg, "%s",
                     _("Ce rendez-vous est passé : seuls ceux à venir s'ouvrent dans l'agenda."));
            st->msg_error = 1;
            return ui_redraw();
        }
        agenda_ui_focus(it->id);
        return ui_push(&screen_agenda, NULL);
    }
    return ui_pass();
}

static const ui_action avisit_hints[] = {ACT_HELP, ACT_SELECT, ACT_BACK, ACT_NONE};

const screen_ops screen_agenda_visitor = {
    .name = "agenda-visitor",
    .title = N_("Rendez-vous de la personne"),
    .hints = avisit_hints,
    .open = avisit_open,
    .close = avisit_close,
    .draw = avisit_draw,
    .key = avisit_key,
    .title_of = avisit_title,
};
