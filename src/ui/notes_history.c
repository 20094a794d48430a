/* notes_history.c — the versions of a note (who, when; no content); Entrée
 * opens a version the user can read (a journaled read). */
#include <stdio.h>
#include <stdlib.h>

#include "guichet/i18n.h"
#include "guichet/note.h"
#include "ui/list.h"
#include "ui/notes.h"
#include "ui/text.h"
#include "ui/theme.h"

typedef struct history_state {
    notes_history_arg arg;
    note_version_info *versions; /* oldest first */
    size_t count;
    ui_list list; /* shown newest first */
    g_error err;
} history_state;

static const ui_column cols[] = {
    {NULL, 9, 0},  /* version */
    {NULL, 16, 0}, /* date */
    {NULL, 0, 0},  /* author */
    {NULL, 22, 0}, /* readable */
};
#define N_COLS (sizeof cols / sizeof *cols)

static const note_version_info *row_version(history_state *st, size_t row)
{
    return row < st->count ? &st->versions[st->count - 1 - row] : NULL;
}

static const char *history_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    history_state *st = ctx;
    const note_version_info *v = row_version(st, row);
    buf[0] = 0;
    if (!v)
        return buf;
    if (col == 0)
        snprintf(buf, size, _("v%d"), v->version);
    else if (col == 1)
        notes_date(v->created_at, buf, size);
    else if (col == 2)
        snprintf(buf, size, "%s", v->author_name);
    else
        snprintf(buf, size, "%s", v->readable ? "" : _("non lisible pour vous"));
    return buf;
}

static int history_open(ui_app *app, void *arg, void **state)
{
    if (!arg || !app->session) {
        free(arg);
        return -1;
    }
    history_state *st = calloc(1, sizeof *st);
    if (!st) {
        free(arg);
        return -1;
    }
    st->arg = *(notes_history_arg *)arg;
    free(arg);
    list_init(&st->list, cols, N_COLS, history_cell, st);
    if (note_history(app->db, app->session, st->arg.note_id, &st->versions, &st->count, &st->err) !=
        G_OK) {
        st->versions = NULL;
        st->count = 0;
    }
    list_set_count(&st->list, st->count);
    *state = st;
    return 0;
}

static ui_reaction history_enter(void *state, ui_app *app)
{
    history_state *st = state;
    if (!st->err.msg[0])
        return ui_none();
    ui_reaction r = notes_error(&st->err);
    r.pop = 1;
    return r;
}

static void history_close(void *state, ui_app *app)
{
    history_state *st = state;
    free(st->versions);
    free(st);
}

static void history_draw(void *state, ui_app *app, const ui_rect *b)
{
    history_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y + 1;
    char line[256];
    snprintf(line, sizeof line,
             P_("Historique de la note : %zu version", "Historique de la note : %zu versions",
                st->count),
             st->count);
    text_put(stdscr, y, x, w, line, theme_attr(TH_HEADING));
    int used = text_put_wrapped(stdscr, y + 1, x, w, 2,
                                _("Chaque modification crée une version ; les anciennes restent "
                                  "lisibles par les mêmes lecteurs."),
                                theme_attr(TH_MUTED));
    y += used > 1 ? used - 1 : 0; /* the list under the hint, however long */
    theme_hline(stdscr, y + 2, x, w, theme_attr(TH_BORDER));
    const char *titles[N_COLS] = {_("Version"), _("Date"), _("Auteur"), ""};
    int widths[N_COLS];
    list_widths(cols, N_COLS, w, widths);
    for (size_t c = 0, cx = (size_t)x; c < N_COLS; c++) {
        text_put(stdscr, y + 3, (int)cx, widths[c], titles[c], theme_attr(TH_HEADING));
        cx += (size_t)widths[c] + 1;
    }
    list_draw(&st->list, stdscr, y + 4, x, b->y + b->h - 1 - (y + 4), w, 1);
}

static ui_reaction history_key(void *state, ui_app *app, const ui_key *k)
{
    history_state *st = state;
    int rows = LINES - 3 - 6;
    if (list_key(&st->list, k, rows > 1 ? rows : 1))
        return ui_redraw();
    if (k->action == ACT_SELECT) {
        const note_version_info *v = row_version(st, st->list.selected);
        if (!v)
            return ui_none();
        if (!v->readable) {
            g_error err = {0};
            g_err(&err, G_ERR_DENIED, "%s",
                  _("Cette version n'a pas été chiffrée pour votre clé actuelle : vous ne "
                    "pouvez pas la lire."));
            return notes_error(&err);
        }
        notes_read_arg *a = calloc(1, sizeof *a);
        if (!a)
            return ui_none();
        a->note_id = st->arg.note_id;
        a->version = v->version;
        return ui_push(&screen_notes_read, a);
    }
    return ui_pass();
}

static const ui_action history_hints[] = {ACT_SELECT, ACT_BACK, ACT_LOCK, ACT_HELP, ACT_NONE};

const screen_ops screen_notes_history = {
    .name = "notes-history",
    .title = N_("Historique d'une note"),
    .hints = history_hints,
    .open = history_open,
    .close = history_close,
    .draw = history_draw,
    .key = history_key,
    .enter = history_enter,
};
