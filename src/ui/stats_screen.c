/* stats_screen.c — the Statistiques screen: the site's activity over today,
 * this week, this month or a typed period (stats.h): requests by partner
 * operator × type of help, by channel, orientations and appointments by
 * status. Aggregates only: open to every role. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/orientation.h"
#include "guichet/ref.h"
#include "guichet/stats.h"
#include "guichet/strbuf.h"
#include "ui/admin.h"
#include "ui/form.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"

/* One line of the scrolling table. */
typedef enum line_kind { L_BLANK, L_HEAD, L_ROW, L_TOTAL, L_NOTE } line_kind;

typedef struct stat_line {
    line_kind kind;
    char label[160];
    int ncols; /* numbers shown: 4 (help types + total) or 1 (total) */
    int v[4];  /* values */
} stat_line;

typedef struct stats_state {
    stats_report rep;
    int span; /* stats_span, or -1 for a typed period */
    stat_line *lines;
    size_t nlines, cap;
    size_t top; /* first line shown */
    char error[512];
} stats_state;

static stat_line *add_line(stats_state *st, line_kind kind, const char *label, int ncols)
{
    if (st->nlines == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 64;
        stat_line *l = realloc(st->lines, cap * sizeof *l);
        if (!l)
            return NULL;
        st->lines = l;
        st->cap = cap;
    }
    stat_line *l = &st->lines[st->nlines++];
    memset(l, 0, sizeof *l);
    l->kind = kind;
    l->ncols = ncols;
    snprintf(l->label, sizeof l->label, "%s", label ? label : "");
    return l;
}

static void build_lines(stats_state *st)
{
    const stats_report *r = &st->rep;
    st->nlines = 0;
    st->top = 0;
    stat_line *l;
    char buf[160];

    add_line(st, L_HEAD, _("Par partenaire et type d'aide"), 4);
    for (int o = 0; o <= r->n_operators; o++) {
        int sum = 0;
        for (int h = 0; h < STATS_HELP; h++)
            sum += r->by_operator[o][h];
        if (!sum)
            continue;
        const char *name =
            o < r->n_operators ? ref_operators[o].name : _("Aucun partenaire national");
        if (!(l = add_line(st, L_ROW, name, 4)))
            return;
        for (int h = 0; h < STATS_HELP; h++)
            l->v[h] = r->by_operator[o][h];
        l->v[3] = sum;
    }
    if (!(l = add_line(st, L_TOTAL, _("Total des demandes"), 4)))
        return;
    for (int h = 0; h < STATS_HELP; h++)
        l->v[h] = r->by_help[h];
    l->v[3] = r->requests;
    /* why a column may add up to more than the total: one line of the note
     * per row of the table (70 columns fit every terminal guichet accepts) */
    const char *note = _("Une demande avec plusieurs partenaires compte pour chacun : les "
                         "colonnes peuvent dépasser le total.");
    while (r->requests && *note) {
        size_t next = 0, len = text_wrap(note, 70, &next);
        snprintf(buf, sizeof buf, "%.*s", (int)len, note);
        if (!add_line(st, L_NOTE, buf, 0) || !next)
            break;
        note += next;
    }

    add_line(st, L_BLANK, NULL, 0);
    add_line(st, L_HEAD, _("Par canal"), 1);
    for (int c = 0; c < STATS_CHANNELS && ref_channels[c]; c++)
        if ((l = add_line(st, L_ROW, _(ref_channel_labels[c]), 1)))
            l->v[3] = r->by_channel[c];

    add_line(st, L_BLANK, NULL, 0);
    snprintf(buf, sizeof buf, _("Orientations créées : %d"), r->orientations);
    add_line(st, L_HEAD, buf, 0);
    for (int i = 0; i < STATS_ORIENT && orientation_statuses[i]; i++)
        if ((l = add_line(st, L_ROW, _(orientation_status_labels[i]), 1)))
            l->v[3] = r->orient_by_status[i];

    add_line(st, L_BLANK, NULL, 0);
    snprintf(buf, sizeof buf, _("Rendez-vous : %d"), r->appointments);
    add_line(st, L_HEAD, buf, 0);
    for (int i = 0; i < STATS_APPT && agenda_statuses[i]; i++)
        if ((l = add_line(st, L_ROW, _(stats_appointment_status_labels[i]), 1)))
            l->v[3] = r->appt_by_status[i];
    if (r->appointments_rdvsp &&
        (l = add_line(st, L_ROW, _("dont pris dans RDV Service Public"), 1)))
        l->v[3] = r->appointments_rdvsp;
}

static void compute_span(stats_state *st, ui_app *app, stats_span span)
{
    g_error err = {0};
    st->error[0] = 0;
    if (stats_compute_span(app->db, span, &st->rep, &err) != G_OK) {
        snprintf(st->error, sizeof st->error, "%s", err.msg);
        return;
    }
    st->span = (int)span;
    build_lines(st);
}

static int stats_open(ui_app *app, void *arg, void **state)
{
    if (!app->session)
        return -1;
    stats_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    compute_span(st, app, STATS_TODAY);
    *state = st;
    return 0;
}

static void stats_close(void *state, ui_app *app)
{
    stats_state *st = state;
    free(st->lines);
    free(st);
}

/* Rows of the table area in a body. */
static int table_rows(const ui_rect *b)
{
    return b->h - 5 > 1 ? b->h - 5 : 1;
}

static void minutes_text(int64_t m, char *buf, size_t size)
{
    if (m < 60)
        snprintf(buf, size, _("%lld min"), (long long)m);
    else
        snprintf(buf, size, _("%lld h %02lld"), (long long)(m / 60), (long long)(m % 60));
}

static void stats_draw(void *state, ui_app *app, const ui_rect *b)
{
    stats_state *st = state;
    const stats_report *r = &st->rep;
    int x = b->x + 2, w = b->w - 4, y = b->y;
    char line[512], d1[11], d2[11], dur[32];
    static const char *const span_names[] = {N_("aujourd'hui"), N_("cette semaine"),
                                             N_("ce mois-ci")};
    normalize_date_display(r->from, d1);
    normalize_date_display(r->to, d2);
    strbuf sb;
    strbuf_init(&sb, line, sizeof line);
    if (r->days == 1)
        strbuf_printf(&sb, _("Le %s"), d1);
    else
        strbuf_printf(&sb, _("Du %s au %s"), d1, d2);
    if (st->span >= 0 && st->span <= 2)
        strbuf_printf(&sb, " (%s)", _(span_names[st->span]));
    text_put(stdscr, y, x, w, line, theme_attr(TH_HEADING));
    minutes_text(r->minutes, dur, sizeof dur);
    snprintf(line, sizeof line,
             P_("%d demande traitée, durée totale %s", "%d demandes traitées, durée totale %s",
                r->requests),
             r->requests, dur);
    text_put(stdscr, y + 1, x, w, line, theme_attr(TH_NORMAL));
    char left[200], pending[200];
    snprintf(
        left, sizeof left,
        P_("%d personne partie sans être reçue", "%d personnes parties sans être reçues", r->left),
        r->left);
    snprintf(pending, sizeof pending,
             P_("%d en attente ou en cours", "%d en attente ou en cours", r->pending), r->pending);
    char final[420];
    snprintf(final, sizeof final, "%s · %s", left, pending);
    text_put(stdscr, y + 2, x, w, final, theme_attr(TH_NORMAL));
    if (st->error[0])
        text_put(stdscr, y + 3, x, w, st->error, theme_attr(TH_ERROR));

    /* the table: label, then four number columns of 8 */
    const int nw = 8, nx = x + w - 4 * (nw + 1);
    const int lw = nx - x - 1;
    int ty = y + 4, rows = table_rows(b);
    if (st->top + (size_t)rows > st->nlines)
        st->top = st->nlines > (size_t)rows ? st->nlines - (size_t)rows : 0;
    for (int i = 0; i < rows && st->top + (size_t)i < st->nlines; i++) {
        const stat_line *l = &st->lines[st->top + (size_t)i];
        int ly = ty + i;
        if (l->kind == L_NOTE) {
            text_put(stdscr, ly, x, w, l->label, theme_attr(TH_MUTED));
            continue;
        }
        attr_t a = theme_attr(l->kind == L_HEAD ? TH_HEADING : TH_NORMAL);
        if (l->kind == L_TOTAL)
            a |= A_BOLD;
        text_put(stdscr, ly, x, l->kind == L_HEAD ? w : lw, l->label, a);
        if (l->kind == L_HEAD) {
            if (l->ncols == 4) {
                static const char *const short_help[STATS_HELP] = {N_("Inform."), N_("Accomp."),
                                                                   N_("Orient.")};
                for (int h = 0; h < STATS_HELP; h++)
                    text_put_right(stdscr, ly, nx + h * (nw + 1), nw, _(short_help[h]), a);
                text_put_right(stdscr, ly, nx + 3 * (nw + 1), nw, _("Total"), a);
            } else if (l->ncols == 1) {
                text_put_right(stdscr, ly, nx + 3 * (nw + 1), nw, _("Demandes"), a);
            }
            continue;
        }
        if (l->kind == L_BLANK)
            continue;
        for (int c = 4 - l->ncols; c < 4; c++) {
            char n[16];
            snprintf(n, sizeof n, "%d", l->v[c]);
            text_put_right(stdscr, ly, nx + c * (nw + 1), nw, n, a);
        }
    }
    if (st->nlines > (size_t)rows) {
        if (st->top > 0)
            text_put(stdscr, ty, x + w + 1, 1, "↑", theme_attr(TH_MUTED));
        if (st->top + (size_t)rows < st->nlines)
            text_put(stdscr, ty + rows - 1, x + w + 1, 1, "↓", theme_attr(TH_MUTED));
    }
}

static void scroll_by(stats_state *st, long delta, int rows)
{
    long max = (long)st->nlines - rows;
    long top = (long)st->top + delta;
    if (top > max)
        top = max;
    if (top < 0)
        top = 0;
    st->top = (size_t)top;
}

/* --- a typed period -------------------------------------------------------- */
enum { R_FROM, R_TO, R_COUNT };

typedef struct range_state {
    stats_state *stats; /* the screen below (not owned) */
    ui_field fields[R_COUNT];
    ui_form form;
} range_state;

static int range_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    range_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    if (field_init(&st->fields[R_FROM], "from", _("Du"), 10, FIELD_HIDE_MAX) != 0 ||
        field_init(&st->fields[R_TO], "to", _("Au"), 10, FIELD_HIDE_MAX) != 0) {
        field_free(&st->fields[R_FROM]);
        free(st);
        return -1;
    }
    st->stats = arg;
    char d[11];
    normalize_date_display(st->stats->rep.from, d);
    field_set(&st->fields[R_FROM], d);
    normalize_date_display(st->stats->rep.to, d);
    field_set(&st->fields[R_TO], d);
    form_init(&st->form, st->fields, R_COUNT);
    *state = st;
    return 0;
}

static void range_close(void *state, ui_app *app)
{
    range_state *st = state;
    for (int i = 0; i < R_COUNT; i++)
        field_free(&st->fields[i]);
    free(st);
}

static void range_draw(void *state, ui_app *app, const ui_rect *b)
{
    range_state *st = state;
    int w = 68, h = 10, x = b->x + (b->w - w) / 2, y = b->y + (b->h - h) / 2;
    attr_t in = theme_attr(TH_DIALOG);
    for (int i = 0; i < h; i++)
        text_fill(stdscr, y + i, x, w, in);
    theme_box(stdscr, y, x, h, w, in | A_BOLD);
    char t[128];
    snprintf(t, sizeof t, " %s ", _("Choisir une période"));
    text_put(stdscr, y, x + 2, w - 4, t, in | A_BOLD);
    text_put(stdscr, y + 1, x + 2, w - 4, _("Dates au format JJ/MM/AAAA, bornes comprises."), in);
    int cy, cx;
    form_draw(&st->form, stdscr, y + 3, x + 2, h - 4, w - 4, &cy, &cx);
    if (cy >= 0)
        app_set_cursor(app, cy, cx);
}

static ui_reaction range_key(void *state, ui_app *app, const ui_key *k)
{
    range_state *st = state;
    switch (form_key(&st->form, k)) {
    case FORM_SUBMIT: {
        form_clear_errors(&st->form);
        stats_report rep;
        g_error err = {0};
        if (stats_compute(app->db, st->fields[R_FROM].value, st->fields[R_TO].value, &rep, &err) !=
            G_OK) {
            form_apply_error(&st->form, &err);
            return ui_redraw();
        }
        st->stats->rep = rep;
        st->stats->span = -1;
        st->stats->error[0] = 0;
        build_lines(st->stats);
        return ui_pop();
    }
    case FORM_HANDLED:
        return ui_redraw();
    case FORM_IGNORED:
        break;
    }
    return ui_pass();
}

static const ui_action range_hints[] = {ACT_SELECT, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE};

static const screen_ops screen_stats_range = {
    .name = "stats-range",
    .title = N_("Choisir une période"),
    .overlay = 1,
    .hints = range_hints,
    .open = range_open,
    .close = range_close,
    .draw = range_draw,
    .key = range_key,
};

/* --- keys -------------------------------------------------------------------- */
static ui_reaction stats_key(void *state, ui_app *app, const ui_key *k)
{
    stats_state *st = state;
    ui_rect b = app_body_rect(LINES, COLS);
    int rows = table_rows(&b);
    switch (k->action) {
    case ACT_UP:
        scroll_by(st, -1, rows);
        return ui_redraw();
    case ACT_DOWN:
        scroll_by(st, 1, rows);
        return ui_redraw();
    case ACT_PAGE_UP:
        scroll_by(st, -rows, rows);
        return ui_redraw();
    case ACT_PAGE_DOWN:
        scroll_by(st, rows, rows);
        return ui_redraw();
    case ACT_FIRST:
        st->top = 0;
        return ui_redraw();
    case ACT_LAST:
        scroll_by(st, (long)st->nlines, rows);
        return ui_redraw();
    default:
        break;
    }
    if (keys_is(k, ACT_ST_TODAY))
        compute_span(st, app, STATS_TODAY);
    else if (keys_is(k, ACT_ST_WEEK))
        compute_span(st, app, STATS_WEEK);
    else if (keys_is(k, ACT_ST_MONTH))
        compute_span(st, app, STATS_MONTH);
    else if (keys_is(k, ACT_ST_RANGE))
        return ui_push(&screen_stats_range, st);
    else
        return ui_pass();
    return ui_redraw();
}

static const ui_action stats_hints[] = {ACT_ST_TODAY, ACT_ST_WEEK, ACT_ST_MONTH, ACT_ST_RANGE,
                                        ACT_BACK,     ACT_HELP,    ACT_NONE};

const screen_ops screen_stats = {
    .name = "stats",
    .title = N_("Statistiques"),
    .hints = stats_hints,
    .open = stats_open,
    .close = stats_close,
    .draw = stats_draw,
    .key = stats_key,
};
