/* stats_screen.c — the Statistiques screen: the site's activity over today,
 * this week, this month or a typed period. On top, the counts of stats.h
 * (requests by partner operator × type of help, by channel, orientations
 * and appointments by status); then the observation of the territory
 * (observe.h) as terminal charts (chart.h): arrivals by weekday × hour
 * against the opening hours, the contacts that came while closed, requests
 * by theme, commune and age band, the waiting time, the autonomy, the
 * orientations' outcome, the appointments' no-show rate by motif, the
 * visitors' answers. One scrolling page; Tab goes to the next chart.
 * Aggregates only: open to every role. `guichet stats` writes the same
 * charts to a CSV file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/observe.h"
#include "guichet/orientation.h"
#include "guichet/ref.h"
#include "guichet/stats.h"
#include "guichet/strbuf.h"
#include "ui/admin.h"
#include "ui/chart.h"
#include "ui/form.h"
#include "ui/legend.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"

/* One line of the scrolling page. */
typedef enum line_kind {
    L_BLANK,
    L_HEAD,      /* a section's title (Tab stops there) */
    L_ROW,       /* a table row: label and 1 or 4 numbers */
    L_TOTAL,     /* the table's total row */
    L_NOTE,      /* muted text */
    L_TEXT,      /* plain text (a chart's summary) */
    L_HEAT_AXIS, /* the hours above the heatmap */
    L_HEAT,      /* one weekday of the heatmap */
    L_BAR,       /* one bar of an observe chart */
} line_kind;

typedef struct stat_line {
    line_kind kind;
    char label[200];
    int ncols; /* L_HEAD, L_ROW: numbers shown, 4 (help types + total) or 1 */
    int v[4];  /* values */
    int chart; /* L_BAR: observe_chart_id */
    size_t row;
    int day; /* L_HEAT: 0 = Monday */
} stat_line;

typedef struct stats_state {
    stats_report rep;
    observe_report obs;
    int span; /* stats_span, or -1 for a typed period */
    stat_line *lines;
    size_t nlines, cap;
    size_t top;          /* first line shown */
    int rows;            /* lines shown at the last draw */
    int h_first, h_last; /* the heatmap's hours */
    int64_t bar_max[OBS_CHARTS];
    char error[512];
} stats_state;

static const char *const short_days[7] = {N_("Lun"), N_("Mar"), N_("Mer"), N_("Jeu"),
                                          N_("Ven"), N_("Sam"), N_("Dim")};

static stat_line *add_line(stats_state *st, line_kind kind, const char *label, int ncols)
{
    if (st->nlines == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 128;
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
    strbuf sb; /* a label is cut on a character, never in the middle of one */
    strbuf_init(&sb, l->label, sizeof l->label);
    strbuf_puts(&sb, label ? label : "");
    return l;
}

/* A note wrapped into lines of 70 columns (every terminal guichet accepts). */
static void add_note(stats_state *st, const char *note, line_kind kind)
{
    char buf[200];
    while (*note) {
        size_t next = 0, len = text_wrap(note, 70, &next);
        snprintf(buf, sizeof buf, "%.*s", (int)len, note);
        if (!add_line(st, kind, buf, 0) || !next)
            break;
        note += next;
    }
}

static const char *row_label(const observe_row *r)
{
    return r->translate ? _(r->label) : r->label;
}

/* The bars of a chart; skip_zero leaves out the empty ones (open lists:
 * communes, themes). */
static void add_bars(stats_state *st, observe_chart_id id, int skip_zero)
{
    const observe_chart *c = &st->obs.chart[id];
    int64_t max = 0;
    size_t shown = 0;
    for (size_t i = 0; i < c->n; i++) {
        const observe_row *r = &c->rows[i];
        if (skip_zero && !r->value)
            continue;
        stat_line *l = add_line(st, L_BAR, row_label(r), 0);
        if (!l)
            return;
        l->chart = (int)id;
        l->row = i;
        shown++;
        int64_t v = c->kind == OBSERVE_RATE ? (r->ref ? r->value * 1000 / r->ref : 0) : r->value;
        if (v > max)
            max = v;
    }
    st->bar_max[id] = c->kind == OBSERVE_RATE ? 1000 : max;
    if (!shown)
        add_line(st, L_NOTE, _("Rien sur la période."), 0);
}

static void section(stats_state *st, const char *title)
{
    if (st->nlines)
        add_line(st, L_BLANK, NULL, 0);
    add_line(st, L_HEAD, title, 0);
}

/* The heatmap's columns: from the first to the last hour with an arrival
 * or an opening, at least 08 to 17. */
static void heat_span(stats_state *st)
{
    int first = 8, last = 17;
    for (int d = 0; d < 7; d++)
        for (int h = 0; h < 24; h++)
            if (st->obs.arrivals[d][h] || st->obs.open_minutes[d][h]) {
                if (h < first)
                    first = h;
                if (h > last)
                    last = h;
            }
    st->h_first = first;
    st->h_last = last;
}

static void build_lines(stats_state *st)
{
    const stats_report *r = &st->rep;
    const observe_report *o = &st->obs;
    st->nlines = 0;
    st->top = 0;
    stat_line *l;
    char buf[300], pct[32];

    add_line(st, L_HEAD, _("Par partenaire et type d'aide"), 4);
    for (int op = 0; op <= r->n_operators; op++) {
        int sum = 0;
        for (int h = 0; h < STATS_HELP; h++)
            sum += r->by_operator[op][h];
        if (!sum)
            continue;
        const char *name =
            op < r->n_operators ? ref_operators[op].name : _("Aucun partenaire national");
        if (!(l = add_line(st, L_ROW, name, 4)))
            return;
        for (int h = 0; h < STATS_HELP; h++)
            l->v[h] = r->by_operator[op][h];
        l->v[3] = sum;
    }
    if (!(l = add_line(st, L_TOTAL, _("Total des demandes"), 4)))
        return;
    for (int h = 0; h < STATS_HELP; h++)
        l->v[h] = r->by_help[h];
    l->v[3] = r->requests;
    /* why a column may add up to more than the total */
    if (r->requests)
        add_note(st,
                 _("Une demande avec plusieurs partenaires compte pour chacun : les "
                   "colonnes peuvent dépasser le total."),
                 L_NOTE);

    /* the arrivals against the opening hours */
    section(st, _("Arrivées par jour et par heure"));
    heat_span(st);
    add_line(st, L_HEAT_AXIS, NULL, 0);
    for (int d = 0; d < 7; d++)
        if ((l = add_line(st, L_HEAT, _(short_days[d]), 0)))
            l->day = d;
    if (o->hours_set) {
        int phone = 0;
        const observe_chart *c = &o->chart[OBS_CLOSED_HOURS];
        for (size_t i = 0; i < c->n; i++)
            if (strcmp(c->rows[i].code, "telephone") == 0)
                phone = (int)c->rows[i].value;
        char calls[64];
        snprintf(calls, sizeof calls, P_("%d appel", "%d appels", (unsigned long)phone), phone);
        snprintf(buf, sizeof buf,
                 P_("%d contact en dehors des heures d'ouverture, dont %s",
                    "%d contacts en dehors des heures d'ouverture, dont %s",
                    (unsigned long)o->closed_total),
                 o->closed_total, calls);
        add_line(st, L_TEXT, buf, 0);
        snprintf(buf, sizeof buf,
                 theme_is_ascii() ? _(". ouvert, personne ; :-=+*#%%@ de 1 à %d arrivées ; ! "
                                      "arrivées le site fermé")
                                  : _("· ouvert, personne ; ▁▂▃▄▅▆▇█ de 1 à %d arrivées ; ! "
                                      "arrivées le site fermé"),
                 o->arrivals_max);
        add_note(st, buf, L_NOTE);
    } else {
        add_note(st,
                 o->hours_error[0] ? o->hours_error
                                   : _("Les heures d'ouverture du site ne sont pas réglées "
                                       "([site] hours) : les heures fermées ne sont pas "
                                       "marquées."),
                 L_NOTE);
    }
    if (o->hours_set && o->closed_total) {
        section(st, _(o->chart[OBS_CLOSED_HOURS].title));
        add_bars(st, OBS_CLOSED_HOURS, 1);
    }

    section(st, _(o->chart[OBS_THEME].title));
    add_bars(st, OBS_THEME, 1);
    section(st, _(o->chart[OBS_COMMUNE].title));
    add_bars(st, OBS_COMMUNE, 1);
    section(st, _(o->chart[OBS_AGE].title));
    add_bars(st, OBS_AGE, 0);

    section(st, _(o->chart[OBS_WAIT].title));
    if (o->wait_median >= 0) {
        snprintf(buf, sizeof buf,
                 P_("Attente médiane : %d min (%d personne reçue au guichet)",
                    "Attente médiane : %d min (%d personnes reçues au guichet)", o->waited),
                 o->wait_median, o->waited);
        add_line(st, L_TEXT, buf, 0);
    }
    add_bars(st, OBS_WAIT, 0);

    section(st, _(o->chart[OBS_AUTONOMY].title));
    {
        const observe_chart *c = &o->chart[OBS_AUTONOMY];
        int64_t full = c->n ? c->rows[0].value : 0; /* entierement-accompagne comes first */
        chart_percent(full, c->total, pct, sizeof pct);
        snprintf(buf, sizeof buf, _("Besoin d'un accompagnement complet : %s des demandes closes"),
                 pct[0] ? pct : "—");
        add_line(st, L_TEXT, buf, 0);
    }
    add_bars(st, OBS_AUTONOMY, 0);

    section(st, _("Par canal"));
    st->lines[st->nlines - 1].ncols = 1;
    for (int c = 0; c < STATS_CHANNELS && ref_channels[c]; c++)
        if ((l = add_line(st, L_ROW, _(ref_channel_labels[c]), 1)))
            l->v[3] = r->by_channel[c];

    snprintf(buf, sizeof buf, _("Orientations créées : %d"), r->orientations);
    section(st, buf);
    add_bars(st, OBS_ORIENTATION, 0);

    snprintf(buf, sizeof buf, _("Rendez-vous : %d"), r->appointments);
    section(st, buf);
    st->lines[st->nlines - 1].ncols = 1;
    for (int i = 0; i < STATS_APPT && agenda_statuses[i]; i++)
        if ((l = add_line(st, L_ROW, _(stats_appointment_status_labels[i]), 1)))
            l->v[3] = r->appt_by_status[i];
    if (r->appointments_rdvsp &&
        (l = add_line(st, L_ROW, _("dont pris dans RDV Service Public"), 1)))
        l->v[3] = r->appointments_rdvsp;

    section(st, _(o->chart[OBS_NOSHOW].title));
    add_note(st, _("Absences non excusées sur les rendez-vous passés, honorés ou manqués."),
             L_NOTE);
    add_bars(st, OBS_NOSHOW, 0);

    section(st, _(o->chart[OBS_SOLVED].title));
    add_bars(st, OBS_SOLVED, 0);
    section(st, _(o->chart[OBS_SATISFIED].title));
    add_bars(st, OBS_SATISFIED, 0);
}

/* Reads the period from..to (ISO) or a predefined span. */
static g_status compute(stats_state *st, ui_app *app, const char *from, const char *to, int span,
                        g_error *err)
{
    stats_report rep;
    observe_report obs;
    g_status s = span >= 0 ? stats_compute_span(app->db, (stats_span)span, &rep, err)
                           : stats_compute(app->db, from, to, &rep, err);
    if (s != G_OK)
        return s;
    if ((s = observe_compute(app->db, app->cfg, rep.from, rep.to, &obs, err)) != G_OK) {
        observe_free(&obs);
        return s;
    }
    observe_free(&st->obs);
    st->rep = rep;
    st->obs = obs;
    st->span = span;
    st->error[0] = 0;
    build_lines(st);
    return G_OK;
}

static void compute_span(stats_state *st, ui_app *app, stats_span span)
{
    g_error err = {0};
    if (compute(st, app, NULL, NULL, (int)span, &err) != G_OK)
        snprintf(st->error, sizeof st->error, "%s", err.msg);
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

/* Data changed (a request closed at this desk): the same period again,
 * the page kept where it was. */
static void stats_reload(void *state, ui_app *app)
{
    stats_state *st = state;
    size_t top = st->top;
    char from[11], to[11];
    snprintf(from, sizeof from, "%s", st->rep.from);
    snprintf(to, sizeof to, "%s", st->rep.to);
    g_error err = {0};
    if (compute(st, app, from, to, st->span, &err) != G_OK)
        snprintf(st->error, sizeof st->error, "%s", err.msg);
    st->top = top < st->nlines ? top : 0;
}

static void stats_close(void *state, ui_app *app)
{
    stats_state *st = state;
    observe_free(&st->obs);
    free(st->lines);
    free(st);
}

/* Rows of the scrolling page in a body: under the 3 summary rows and the
 * error row, above the legend row. */
static int page_rows(const ui_rect *b)
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

/* --- drawing the charts ------------------------------------------------ */

/* Columns of one hour of the heatmap: 3 when the hours fit, else 2. */
static int heat_cell(const stats_state *st, int w)
{
    int n = st->h_last - st->h_first + 1;
    return 5 + n * 3 + 6 <= w ? 3 : 2;
}

static void draw_heat_axis(const stats_state *st, int y, int x, int w)
{
    int cw = heat_cell(st, w);
    for (int h = st->h_first; h <= st->h_last; h++) {
        if (cw == 2 && (h - st->h_first) % 2)
            continue;
        char t[8];
        snprintf(t, sizeof t, "%02d", h);
        text_put(stdscr, y, x + 5 + (h - st->h_first) * cw, 2, t, theme_attr(TH_MUTED));
    }
    text_put_right(stdscr, y, x, w, _("Total"), theme_attr(TH_MUTED));
}

static void draw_heat_row(const stats_state *st, const stat_line *l, int y, int x, int w)
{
    const observe_report *o = &st->obs;
    int ascii = theme_is_ascii(), cw = heat_cell(st, w), d = l->day, total = 0;
    text_put(stdscr, y, x, 4, l->label, theme_attr(TH_LABEL));
    for (int h = st->h_first; h <= st->h_last; h++) {
        int n = o->arrivals[d][h], cx = x + 5 + (h - st->h_first) * cw;
        int open = o->open_minutes[d][h] > 0, closed = o->hours_set && !open;
        total += n;
        if (!n) {
            if (open)
                for (int i = 0; i < cw - 1; i++)
                    text_put(stdscr, y, cx + i, 1, chart_open_dot(ascii), theme_attr(TH_MUTED));
            continue;
        }
        const char *g = chart_glyph(chart_level(n, o->arrivals_max), ascii);
        attr_t a = closed ? theme_attr(TH_ERROR) | A_BOLD : theme_attr(TH_HEADING);
        int glyphs = closed ? cw - 2 : cw - 1;
        if (glyphs < 1)
            glyphs = 1;
        for (int i = 0; i < glyphs; i++)
            text_put(stdscr, y, cx + i, 1, g, a);
        if (closed)
            text_put(stdscr, y, cx + glyphs, 1, "!", theme_attr(TH_ERROR) | A_BOLD);
    }
    char t[16];
    snprintf(t, sizeof t, "%d", total);
    text_put_right(stdscr, y, x, w, t, theme_attr(TH_NORMAL));
}

static void draw_bar(const stats_state *st, const stat_line *l, int y, int x, int w)
{
    const observe_chart *c = &st->obs.chart[l->chart];
    const observe_row *r = &c->rows[l->row];
    int lw = w * 4 / 9 > 40 ? 40 : w * 4 / 9, nw = 16;
    int bw = w - lw - nw - 2;
    text_put(stdscr, y, x, lw, l->label, theme_attr(TH_NORMAL));
    char bar[512], num[64], pct[32];
    int64_t v = c->kind == OBSERVE_RATE ? (r->ref ? r->value * 1000 / r->ref : 0) : r->value;
    chart_bar(v, st->bar_max[l->chart], bw, theme_is_ascii(), bar, sizeof bar);
    text_put(stdscr, y, x + lw + 1, bw, bar, theme_attr(TH_HEADING));
    if (c->kind == OBSERVE_RATE) {
        snprintf(num, sizeof num, "%lld/%lld", (long long)r->value, (long long)r->ref);
        chart_percent(r->value, r->ref, pct, sizeof pct);
    } else {
        snprintf(num, sizeof num, "%lld", (long long)r->value);
        chart_percent(r->value, c->total, pct, sizeof pct);
    }
    text_put_right(stdscr, y, x + w - nw, 9, num, theme_attr(TH_NORMAL));
    text_put_right(stdscr, y, x + w - 6, 6, pct, theme_attr(TH_MUTED));
}

static const ui_legend_item stats_legend[] = {
    {ACT_NEXT_FIELD, N_("graphique suivant")},
    {ACT_PREV_FIELD, N_("précédent")},
    {ACT_PAGE_DOWN, N_("page suivante")},
};
#define N_STATS_LEGEND (sizeof stats_legend / sizeof *stats_legend)

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

    /* the page: label, then four number columns of 8 (tables), bars, heat */
    const int nw = 8, nx = x + w - 4 * (nw + 1);
    const int lw = nx - x - 1;
    int ty = y + 4, rows = page_rows(b);
    st->rows = rows;
    if (st->top + (size_t)rows > st->nlines)
        st->top = st->nlines > (size_t)rows ? st->nlines - (size_t)rows : 0;
    for (int i = 0; i < rows && st->top + (size_t)i < st->nlines; i++) {
        const stat_line *l = &st->lines[st->top + (size_t)i];
        int ly = ty + i;
        switch (l->kind) {
        case L_BLANK:
            continue;
        case L_NOTE:
            text_put(stdscr, ly, x, w, l->label, theme_attr(TH_MUTED));
            continue;
        case L_TEXT:
            text_put(stdscr, ly, x, w, l->label, theme_attr(TH_NORMAL));
            continue;
        case L_HEAT_AXIS:
            draw_heat_axis(st, ly, x, w);
            continue;
        case L_HEAT:
            draw_heat_row(st, l, ly, x, w);
            continue;
        case L_BAR:
            draw_bar(st, l, ly, x, w);
            continue;
        default:
            break;
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
                text_put_right(stdscr, ly, nx + 3 * (nw + 1), nw, _("Nombre"), a);
            }
            continue;
        }
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
    legend_draw(b->y + b->h - 1, x, w, 1, stats_legend, N_STATS_LEGEND);
}

/* Tab: the next section's title at the top of the page; Maj+Tab the one
 * before. */
static void jump(stats_state *st, int dir)
{
    if (dir > 0) {
        for (size_t i = st->top + 1; i < st->nlines; i++)
            if (st->lines[i].kind == L_HEAD) {
                st->top = i;
                return;
            }
    } else {
        for (size_t i = st->top; i-- > 0;)
            if (st->lines[i].kind == L_HEAD) {
                st->top = i;
                return;
            }
    }
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
        g_error err = {0};
        if (compute(st->stats, app, st->fields[R_FROM].value, st->fields[R_TO].value, -1, &err) !=
            G_OK) {
            form_apply_error(&st->form, &err);
            return ui_redraw();
        }
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
    int top = (int)st->top;
    if (text_scroll_key(k, (int)st->nlines, page_rows(&b), &top)) {
        st->top = (size_t)top;
        return ui_redraw();
    }
    if (k->action == ACT_NEXT_FIELD || k->action == ACT_PREV_FIELD) {
        jump(st, k->action == ACT_NEXT_FIELD ? 1 : -1);
        return ui_redraw();
    }
    if (k->action == ACT_ST_TODAY)
        compute_span(st, app, STATS_TODAY);
    else if (k->action == ACT_ST_WEEK)
        compute_span(st, app, STATS_WEEK);
    else if (k->action == ACT_ST_MONTH)
        compute_span(st, app, STATS_MONTH);
    else if (k->action == ACT_ST_RANGE)
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
    .keymap = KM_STATS,
    .open = stats_open,
    .close = stats_close,
    .draw = stats_draw,
    .key = stats_key,
    .reload = stats_reload,
    .reload_on_change_only = 1,
};
