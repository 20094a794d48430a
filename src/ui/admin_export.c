/* admin_export.c — « Exporter maintenant » and the journal viewer, for the
 * responsable.
 *
 * The export screen shows export_status (days waiting, last day exported) and
 * the outbox, and runs export_pending — the very code of `guichet export` —
 * as the logged-in user, waiting a few seconds if the nightly run holds the
 * outbox. It then shows what was written, or the French error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/audit.h"
#include "guichet/export.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "ui/admin.h"
#include "ui/list.h"
#include "ui/text.h"
#include "ui/theme.h"

/* Seconds to wait for another export of the same outbox (cron) to finish. */
#define EXPORT_WAIT_SECONDS 5

typedef struct export_state {
    int pending;       /* days waiting, from export_status */
    char last_day[11]; /* last day exported, "" = never */
    char status_error[512];
    int ran;              /* 1 once « Exporter maintenant » was pressed */
    g_status rc;          /* its outcome */
    export_result result; /* what it wrote */
    char error[512];      /* its French error */
} export_state;

static void export_refresh(export_state *st, ui_app *app)
{
    g_error err = {0};
    st->status_error[0] = 0;
    if (export_status(app->db, &st->pending, st->last_day, &err) != G_OK) {
        st->pending = -1;
        snprintf(st->status_error, sizeof st->status_error, "%s", err.msg);
    }
}

static int export_open(ui_app *app, void *arg, void **state)
{
    if (!admin_is_manager(app))
        return -1;
    export_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    export_refresh(st, app);
    *state = st;
    return 0;
}

static void export_close(void *state, ui_app *app)
{
    free(state);
}

static void put_line(int *y, int x, int w, const char *s, th_role role)
{
    *y += text_put_wrapped(stdscr, *y, x, w, 4, s, theme_attr(role));
}

static void export_draw(void *state, ui_app *app, const ui_rect *b)
{
    export_state *st = state;
    int x = b->x + 3, w = b->w - 6, y = b->y + 1;
    char line[PATH_MAX + 256], d1[11], d2[11];
    text_put(stdscr, y++, x, w, _("Export CSV pour les partenaires financeurs"),
             theme_attr(TH_HEADING));
    y++;
    if (st->pending < 0) {
        put_line(&y, x, w, st->status_error, TH_ERROR);
    } else {
        if (st->last_day[0])
            normalize_date_display(st->last_day, d1);
        else
            snprintf(d1, sizeof d1, "%s", _("aucun"));
        snprintf(line, sizeof line,
                 P_("%d jour à exporter, dernier : %s", "%d jours à exporter, dernier : %s",
                    st->pending),
                 st->pending, d1);
        put_line(&y, x, w, line, st->pending ? TH_NORMAL : TH_OK);
    }
    snprintf(line, sizeof line, _("Dossier de dépôt : %s"), app->cfg->export.dir);
    put_line(&y, x, w, line, TH_NORMAL);
    char key[32];
    snprintf(line, sizeof line,
             _("%s : exporter maintenant tous les jours terminés pas encore exportés (la même "
               "chose que l'export de la nuit)."),
             keys_action_key(ACT_ADM_EXPORT, key, sizeof key));
    y++;
    put_line(&y, x, w, line, TH_MUTED);
    if (!st->ran)
        return;
    y++;
    const export_result *r = &st->result;
    if (st->rc == G_OK && r->days == 0) {
        put_line(&y, x, w, _("Rien à exporter : tout est déjà à jour."), TH_OK);
        return;
    }
    if (r->days > 0) {
        normalize_date_display(r->first_day, d1);
        normalize_date_display(r->last_day, d2);
        char days[64];
        if (r->days == 1)
            snprintf(days, sizeof days, "%s", d1);
        else
            snprintf(days, sizeof days, _("du %s au %s"), d1, d2);
        snprintf(line, sizeof line,
                 P_("Export terminé : %d jour (%s), %d fichiers, %lld lignes.",
                    "Export terminé : %d jours (%s), %d fichiers, %lld lignes.", r->days),
                 r->days, days, r->files, (long long)r->rows);
        put_line(&y, x, w, line, TH_OK);
        snprintf(line, sizeof line, _("Fichiers écrits dans %s"), r->outdir);
        put_line(&y, x, w, line, TH_NORMAL);
    }
    if (st->rc != G_OK) {
        if (r->failed_day[0]) {
            normalize_date_display(r->failed_day, d1);
            snprintf(line, sizeof line, _("Échec de l'export du %s : %s"), d1, st->error);
        } else {
            snprintf(line, sizeof line, _("Échec de l'export : %s"), st->error);
        }
        put_line(&y, x, w, line, TH_ERROR);
    }
}

/* A catch-up of years of days takes seconds: the status line says how far
 * it is. */
static void show_progress(void *ctx, int done, int total)
{
    char line[160];
    snprintf(line, sizeof line, _(" Export en cours : %d jours sur %d…"), done, total);
    app_busy(ctx, line);
}

static ui_reaction export_key(void *state, ui_app *app, const ui_key *k)
{
    export_state *st = state;
    if (k->action != ACT_ADM_EXPORT && k->action != ACT_SELECT)
        return ui_pass();
    app_busy(app, _(" Export en cours…"));
    export_opts opts = {.outdir = NULL,
                        .user_id = app->session->user_id,
                        .wait_seconds = EXPORT_WAIT_SECONDS,
                        .progress = show_progress,
                        .progress_ctx = app};
    g_error err = {0};
    memset(&st->result, 0, sizeof st->result);
    st->rc = export_pending(app->db, app->cfg, &opts, &st->result, &err);
    snprintf(st->error, sizeof st->error, "%s", err.msg);
    st->ran = 1;
    export_refresh(st, app);
    return ui_redraw();
}

static const ui_action export_hints[] = {ACT_ADM_EXPORT, ACT_BACK, ACT_HELP, ACT_LOCK, ACT_NONE};

const screen_ops screen_admin_export = {
    .name = "admin-export",
    .title = N_("Exporter maintenant"),
    .hints = export_hints,
    .keymap = KM_ADMIN_EXPORT,
    .open = export_open,
    .close = export_close,
    .draw = export_draw,
    .key = export_key,
};

/* ========================================================================= */
/* the journal                                                               */
/* ========================================================================= */

#define JOURNAL_ENTRIES 500

typedef struct journal_state {
    audit_entry *entries;
    size_t count;
    ui_list list;
    char error[512];
} journal_state;

static const ui_column journal_cols[] = {
    {N_("Date"), 16, 0},  {N_("Qui"), 12, 0},   {N_("Action"), 25, 0},
    {N_("Objet"), 12, 0}, {N_("Détail"), 0, 0},
};
#define N_JOURNAL_COLS (sizeof journal_cols / sizeof *journal_cols)
static ui_column journal_shown[N_JOURNAL_COLS];

static const char *journal_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    journal_state *st = ctx;
    const audit_entry *e = &st->entries[row];
    switch (col) {
    case 0:
        return admin_when(e->at, buf, size);
    case 1:
        snprintf(buf, size, "%s", e->user_id ? e->login : _("(système)"));
        break;
    case 2:
        snprintf(buf, size, "%s", audit_action_label(e->action));
        break;
    case 3:
        snprintf(buf, size, "%s", e->object);
        break;
    default:
        snprintf(buf, size, "%s", e->detail);
        break;
    }
    return buf;
}

static int journal_open(ui_app *app, void *arg, void **state)
{
    if (!admin_is_manager(app))
        return -1;
    journal_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    for (size_t i = 0; i < N_JOURNAL_COLS; i++) {
        journal_shown[i] = journal_cols[i];
        journal_shown[i].title = _(journal_cols[i].title);
    }
    list_init(&st->list, journal_shown, N_JOURNAL_COLS, journal_cell, st);
    st->list.header = 1;
    st->list.empty = _("Le journal est vide.");
    g_error err = {0};
    if (audit_recent(app->db, app->session->user_id, JOURNAL_ENTRIES, &st->entries, &st->count,
                     &err) != G_OK) {
        snprintf(st->error, sizeof st->error, "%s", err.msg);
        st->count = 0;
    }
    list_set_count(&st->list, st->count);
    *state = st;
    return 0;
}

static void journal_close(void *state, ui_app *app)
{
    journal_state *st = state;
    free(st->entries);
    free(st);
}

static int journal_rows(const ui_rect *b)
{
    return b->h - 3 > 1 ? b->h - 3 : 1;
}

static void journal_draw(void *state, ui_app *app, const ui_rect *b)
{
    journal_state *st = state;
    int x = b->x + 1, w = b->w - 2, y = b->y;
    char line[256];
    if (st->error[0]) {
        text_put(stdscr, y, x, w, st->error, theme_attr(TH_ERROR));
    } else {
        snprintf(line, sizeof line,
                 P_("%zu dernière entrée, la plus récente en haut.",
                    "%zu dernières entrées, les plus récentes en haut.", st->count),
                 st->count);
        text_put(stdscr, y, x, w, line, theme_attr(TH_MUTED));
    }
    list_draw(&st->list, stdscr, y + 1, x, journal_rows(b) + 1, w, 1);
}

static ui_reaction journal_key(void *state, ui_app *app, const ui_key *k)
{
    journal_state *st = state;
    ui_rect b = app_body_rect(LINES, COLS);
    if (list_key(&st->list, k, journal_rows(&b)))
        return ui_redraw();
    return ui_pass();
}

static void journal_resize(void *state, ui_app *app, const ui_rect *b)
{
    journal_state *st = state;
    list_scroll(&st->list, journal_rows(b));
}

static const ui_action journal_hints[] = {ACT_UP,   ACT_DOWN, ACT_PAGE_DOWN,
                                          ACT_BACK, ACT_HELP, ACT_NONE};

const screen_ops screen_admin_journal = {
    .name = "admin-journal",
    .title = N_("Journal"),
    .hints = journal_hints,
    .open = journal_open,
    .close = journal_close,
    .draw = journal_draw,
    .key = journal_key,
    .resize = journal_resize,
};
