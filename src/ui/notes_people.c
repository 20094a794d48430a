/* notes_people.c — choosing colleagues by name: the readers of a new private
 * note (several, ticked with Espace) or the one colleague a note is shared
 * with. Typing filters the list (accents and case ignored). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/note.h"
#include "guichet/user.h"
#include "ui/field.h"
#include "ui/list.h"
#include "ui/notes.h"
#include "ui/text.h"
#include "ui/theme.h"

typedef struct people_state {
    notes_people_arg arg;
    user_info *users; /* enabled accounts but the user's own */
    size_t n_users;
    size_t *shown; /* indexes into users passing the filter */
    size_t n_shown;
    int64_t picked[NOTE_MAX_READERS]; /* multi: the ticks (written back on Entrée) */
    size_t n_picked;
    note_reader *readers; /* single: who already reads the note */
    size_t n_readers;
    ui_field filter;
    ui_list list;
    char message[256];
} people_state;

static const ui_column cols[] = {
    {NULL, 4, 0},  /* [x] */
    {NULL, 0, 0},  /* name */
    {NULL, 12, 0}, /* role */
    {NULL, 24, 0}, /* login or « déjà lectrice/lecteur » */
};
#define N_COLS (sizeof cols / sizeof *cols)

static int is_picked(people_state *st, int64_t id)
{
    for (size_t i = 0; i < st->n_picked; i++)
        if (st->picked[i] == id)
            return 1;
    return 0;
}

static int is_reader(people_state *st, int64_t id)
{
    for (size_t i = 0; i < st->n_readers; i++)
        if (!st->readers[i].is_team && st->readers[i].user_id == id && !st->readers[i].stale)
            return 1;
    return 0;
}

static const char *people_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    people_state *st = ctx;
    buf[0] = 0;
    if (row >= st->n_shown)
        return buf;
    const user_info *u = &st->users[st->shown[row]];
    if (col == 0 && st->arg.multi)
        snprintf(buf, size, "%s", is_picked(st, u->id) ? "[x]" : "[ ]");
    else if (col == 1)
        snprintf(buf, size, "%s", u->display_name);
    else if (col == 2)
        snprintf(buf, size, "%s", user_role_label(u->role));
    else if (col == 3)
        snprintf(buf, size, "%s", is_reader(st, u->id) ? _("lit déjà la note") : u->login);
    return buf;
}

static void refilter(people_state *st)
{
    char want[256], name[512];
    normalize_fold(st->filter.value, want, sizeof want);
    st->n_shown = 0;
    for (size_t i = 0; i < st->n_users; i++) {
        char both[600];
        snprintf(both, sizeof both, "%s %s", st->users[i].display_name, st->users[i].login);
        normalize_fold(both, name, sizeof name);
        if (!want[0] || strstr(name, want))
            st->shown[st->n_shown++] = i;
    }
    list_set_count(&st->list, st->n_shown);
}

static int people_open(ui_app *app, void *arg, void **state)
{
    if (!arg || !app->session) {
        free(arg);
        return -1;
    }
    people_state *st = calloc(1, sizeof *st);
    if (!st) {
        free(((notes_people_arg *)arg)->ctx);
        free(arg);
        return -1;
    }
    st->arg = *(notes_people_arg *)arg;
    free(arg);
    g_error err = {0};
    user_info *all = NULL;
    size_t n = 0;
    if (user_list(app->db, &all, &n, &err) != G_OK ||
        field_init(&st->filter, "filter", _("Nom"), 40, 0) != 0) {
        free(all);
        free(st->arg.ctx);
        free(st);
        return -1;
    }
    st->users = all;
    for (size_t i = 0; i < n; i++)
        if (!all[i].disabled && all[i].id != app->session->user_id)
            st->users[st->n_users++] = all[i];
    st->shown = calloc(st->n_users + 1, sizeof *st->shown);
    if (st->arg.multi && st->arg.ids && st->arg.n_ids) {
        st->n_picked = *st->arg.n_ids;
        memcpy(st->picked, st->arg.ids, st->n_picked * sizeof *st->picked);
    } else if (st->arg.note_id) {
        note_readers(app->db, app->session, st->arg.note_id, &st->readers, &st->n_readers, &err);
    }
    list_init(&st->list, cols, N_COLS, people_cell, st);
    refilter(st);
    *state = st;
    return 0;
}

static void people_close(void *state, ui_app *app)
{
    people_state *st = state;
    field_free(&st->filter);
    free(st->users);
    free(st->shown);
    free(st->readers);
    free(st->arg.ctx);
    free(st);
}

static void people_draw(void *state, ui_app *app, const ui_rect *b)
{
    people_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y + 1;
    text_put(stdscr, y, x, w,
             st->arg.multi ? _("Collègues qui pourront lire cette note privée")
                           : _("Partager la note avec un collègue de plus"),
             theme_attr(TH_HEADING));
    char how[256];
    int used = text_put_wrapped(
        stdscr, y + 1, x, w, 2,
        st->arg.multi ? keys_sentence(how, sizeof how,
                                      _("Tapez un nom pour filtrer · %s : cocher · %s : valider · "
                                        "%s : annuler"),
                                      ACT_NOTE_TOGGLE, ACT_SELECT, ACT_BACK, ACT_NONE)
                      : keys_sentence(how, sizeof how,
                                      _("Tapez un nom pour filtrer · %s : partager avec la "
                                        "personne choisie · %s : annuler"),
                                      ACT_SELECT, ACT_BACK, ACT_NONE),
        theme_attr(TH_MUTED));
    y += used > 1 ? used - 1 : 0; /* the field under the hint, however long */
    int lw = text_put(stdscr, y + 3, x, w, _("Nom : "), theme_attr(TH_LABEL));
    int cur_x = -1;
    field_draw_box(&st->filter, stdscr, y + 3, x + lw, 30, 1, &cur_x);
    if (cur_x >= 0)
        app_set_cursor(app, y + 3, cur_x);
    st->list.empty = _("Aucun collègue ne correspond.");
    list_draw(&st->list, stdscr, y + 5, x, b->y + b->h - 2 - (y + 5), w, 1);
    if (st->message[0])
        text_put(stdscr, b->y + b->h - 1, x, w, st->message, theme_attr(TH_ERROR));
    else if (!st->arg.multi)
        text_put(stdscr, b->y + b->h - 1, x, w,
                 _("On ne retire pas un lecteur : ce qu'il a lu, il l'a lu."),
                 theme_attr(TH_MUTED));
}

static ui_reaction people_key(void *state, ui_app *app, const ui_key *k)
{
    people_state *st = state;
    st->message[0] = 0;
    int rows = LINES - 3 - 8;
    if (list_key(&st->list, k, rows > 1 ? rows : 1))
        return ui_redraw();
    int64_t id = st->list.selected < st->n_shown ? st->users[st->shown[st->list.selected]].id : 0;
    if (st->arg.multi && (k->action == ACT_NOTE_TOGGLE || (!k->fn && k->ch == ' '))) {
        if (!id)
            return ui_none();
        if (is_picked(st, id)) {
            size_t j = 0;
            for (size_t i = 0; i < st->n_picked; i++)
                if (st->picked[i] != id)
                    st->picked[j++] = st->picked[i];
            st->n_picked = j;
        } else if (st->n_picked < NOTE_MAX_READERS) {
            st->picked[st->n_picked++] = id;
        } else {
            snprintf(st->message, sizeof st->message,
                     _("Au plus %d collègues par note : pour toute l'équipe, choisissez le "
                       "niveau équipe."),
                     NOTE_MAX_READERS);
        }
        return ui_redraw();
    }
    if (k->action == ACT_SELECT) {
        if (st->arg.multi) {
            memcpy(st->arg.ids, st->picked, st->n_picked * sizeof *st->picked);
            *st->arg.n_ids = st->n_picked;
            return ui_pop();
        }
        if (!id)
            return ui_none();
        if (is_reader(st, id)) {
            snprintf(st->message, sizeof st->message, "%s", _("Cette personne lit déjà la note."));
            return ui_redraw();
        }
        ui_reaction r = st->arg.done(st->arg.ctx, app, id);
        r.pop++;
        if (r.kind == UI_NONE || r.kind == UI_PASS)
            r.kind = UI_REDRAW;
        return r;
    }
    if (k->action == ACT_BACK) {
        if (st->arg.multi)
            return ui_pop();
        ui_reaction r = st->arg.done(st->arg.ctx, app, 0);
        r.pop++;
        if (r.kind == UI_NONE || r.kind == UI_PASS)
            r.kind = UI_REDRAW;
        return r;
    }
    if (field_key(&st->filter, k)) {
        refilter(st);
        return ui_redraw();
    }
    return ui_pass();
}

static const ui_action people_hints[] = {ACT_SELECT, ACT_NOTE_TOGGLE, ACT_BACK, ACT_HELP, ACT_NONE};

const screen_ops screen_notes_people = {
    .name = "notes-people",
    .title = N_("Choisir des collègues"),
    .hints = people_hints,
    .keymap = KM_NOTES_PEOPLE,
    .open = people_open,
    .close = people_close,
    .draw = people_draw,
    .key = people_key,
};
