/* notes.c — a visitor's confidential notes: the ones the user may read
 * (date, author, level, first line) and how many others exist; from here a
 * note is read, written, edited, shared, deleted, its history shown. Also
 * the helpers shared by the notes screens (notes.h). */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/note.h"
#include "guichet/visitor.h"
#include "ui/dialog.h"
#include "ui/list.h"
#include "ui/notes.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/textarea.h"
#include "ui/theme.h"
#include "ui/visitor_pick.h"

/* --- shared helpers ------------------------------------------------------ */
int notes_key_is(ui_action a, const ui_key *k)
{
    return keys_is(k, a);
}

ui_reaction notes_error(const g_error *err)
{
    return dialog_message(_("Notes confidentielles"),
                          err && err->msg[0] ? err->msg : _("L'opération a échoué."), 1);
}

const char *notes_date(int64_t t, char *buf, size_t size)
{
    clock_format(t, "%d/%m/%Y %H:%M", buf, size);
    return buf;
}

typedef struct share_ctx {
    int64_t note_id;
    notes_parent *parent;
} share_ctx;

static ui_reaction share_done(void *ctx, ui_app *app, int64_t user_id)
{
    share_ctx *c = ctx;
    if (user_id <= 0)
        return ui_redraw();
    g_error err = {0};
    if (note_share(app->db, app->session, c->note_id, user_id, &err) != G_OK)
        return notes_error(&err);
    user_info u;
    g_error e2 = {0};
    char msg[256];
    if (user_get_by_id(app->db, user_id, &u, &e2) == G_OK)
        snprintf(msg, sizeof msg, _("Note partagée avec %s."), u.display_name);
    else
        snprintf(msg, sizeof msg, "%s", _("Note partagée."));
    if (c->parent) {
        snprintf(c->parent->message, sizeof c->parent->message, "%s", msg);
        c->parent->stale = 1;
        return ui_redraw();
    }
    return dialog_message(_("Notes confidentielles"), msg, 0);
}

ui_reaction notes_share_start(int64_t note_id, notes_parent *parent)
{
    notes_people_arg *a = calloc(1, sizeof *a);
    share_ctx *c = calloc(1, sizeof *c);
    if (!a || !c) {
        free(a);
        free(c);
        return ui_none();
    }
    c->note_id = note_id;
    c->parent = parent;
    a->note_id = note_id;
    a->done = share_done;
    a->ctx = c;
    return ui_push(&screen_notes_people, a);
}

/* --- the list of a visitor's notes -------------------------------------- */
typedef struct notes_state {
    int64_t visitor_id;      /* 0 until the picker chose one */
    char name[512];          /* the visitor's name as shown */
    note_list_result *notes; /* readable notes (first lines in locked memory), NULL = none */
    ui_list list;            /* selection over notes->items */
    notes_parent parent;     /* what the screens above report */
    int64_t pending_delete;  /* the note the delete question is about */
    char error[512];         /* the list could not be loaded */
} notes_state;

static const ui_column cols[] = {
    {NULL, 16, 0}, /* date */
    {NULL, 18, 0}, /* author */
    {NULL, 7, 0},  /* level */
    {NULL, 0, 0},  /* first line: drawn by draw_first_lines (secret) */
};
#define N_COLS (sizeof cols / sizeof *cols)

static const char *notes_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    notes_state *st = ctx;
    buf[0] = 0;
    if (!st->notes || row >= st->notes->count)
        return buf;
    const note_summary *n = &st->notes->items[row];
    if (col == 0)
        notes_date(n->updated_at ? n->updated_at : n->created_at, buf, size);
    else if (col == 1)
        snprintf(buf, size, "%s", n->author_name);
    else if (col == 2)
        snprintf(buf, size, "%s", note_level_label(n->level));
    return buf;
}

static void load(notes_state *st, ui_app *app)
{
    note_list_free(st->notes);
    st->notes = NULL;
    st->error[0] = 0;
    g_error err = {0};
    if (note_list(app->db, app->session, st->visitor_id, &st->notes, &err) != G_OK) {
        st->notes = NULL;
        snprintf(st->error, sizeof st->error, "%s", err.msg);
    }
    list_set_count(&st->list, st->notes ? st->notes->count : 0);
}

static void set_visitor(notes_state *st, ui_app *app, int64_t id)
{
    st->visitor_id = id;
    visitor *v = calloc(1, sizeof *v);
    g_error err = {0};
    if (v && visitor_get(app->db, id, v, &err) == G_OK)
        visitor_name(v, st->name, sizeof st->name);
    else
        snprintf(st->name, sizeof st->name, _("visiteur n° %lld"), (long long)id);
    free(v);
    load(st, app);
}

static int notes_open(ui_app *app, void *arg, void **state)
{
    if (!app->session)
        return -1;
    notes_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    list_init(&st->list, cols, N_COLS, notes_cell, st);
    st->list.header = 0; /* drawn by notes_draw with translated titles */
    if (arg)             /* (void *)(intptr_t) visitor id, as the visitor's file passes it */
        set_visitor(st, app, (int64_t)(intptr_t)arg);
    *state = st;
    return 0;
}

static void notes_close(void *state, ui_app *app)
{
    notes_state *st = state;
    note_list_free(st->notes);
    free(st);
}

static ui_reaction picked(void *ctx, ui_app *app, int64_t visitor_id)
{
    if (visitor_id <= 0)
        return ui_pop(); /* no visitor chosen: back to where we came from */
    set_visitor(ctx, app, visitor_id);
    return ui_redraw();
}

static ui_reaction notes_enter(void *state, ui_app *app)
{
    notes_state *st = state;
    if (st->visitor_id)
        return ui_none();
    visitor_pick_arg *a = calloc(1, sizeof *a);
    if (!a)
        return ui_pop();
    a->title = _("Notes confidentielles : de quel visiteur ?");
    a->allow_new = 0;
    a->done = picked;
    a->ctx = st;
    return ui_push(&screen_visitor_pick, a);
}

static void notes_on_lock(void *state, ui_app *app)
{
    notes_state *st = state;
    note_list_free(st->notes); /* wipes the first lines */
    st->notes = NULL;
    list_set_count(&st->list, 0);
    if (st->visitor_id)
        st->parent.stale = 1;
}

static void notes_on_unlock(void *state, ui_app *app)
{
    notes_state *st = state;
    if (st->visitor_id && st->parent.stale) {
        load(st, app);
        st->parent.stale = 0;
    }
}

static void draw_first_lines(notes_state *st, int y, int x, int h, int w)
{
    if (!st->notes || !st->notes->count || h <= 0)
        return;
    int widths[N_COLS];
    if (st->notes->count > (size_t)h)
        w--;
    list_widths(cols, N_COLS, w, widths);
    int cx = x + widths[0] + widths[1] + widths[2] + 3;
    for (int r = 0; r < h && st->list.top + (size_t)r < st->notes->count; r++) {
        size_t row = st->list.top + (size_t)r;
        const note_summary *n = &st->notes->items[row];
        attr_t a = row == st->list.selected ? theme_attr(TH_SELECT) : theme_attr(TH_NORMAL);
        if (n->damaged)
            text_put(stdscr, y + r, cx, widths[3], _("(note altérée : illisible)"),
                     row == st->list.selected ? a : theme_attr(TH_ERROR));
        else
            textarea_put_secret(stdscr, y + r, cx, widths[3], n->first_line, strlen(n->first_line),
                                a);
    }
}

static void notes_draw(void *state, ui_app *app, const ui_rect *b)
{
    notes_state *st = state;
    if (!st->visitor_id)
        return;
    if (st->parent.stale && !app->locked) {
        load(st, app);
        st->parent.stale = 0;
    }
    int x = b->x + 2, w = b->w - 4, y = b->y + 1;
    char line[768];
    snprintf(line, sizeof line, _("Notes confidentielles sur %s"), st->name);
    text_put(stdscr, y, x, w, line, theme_attr(TH_HEADING));
    text_put(stdscr, y + 1, x, w,
             _("Chiffrées ; seuls leurs lecteurs les ouvrent, chaque lecture est journalisée."),
             theme_attr(TH_MUTED));
    theme_hline(stdscr, y + 2, x, w, theme_attr(TH_BORDER));

    int list_y = y + 4, list_h = b->y + b->h - 3 - list_y;
    const char *titles[N_COLS] = {_("Date"), _("Auteur"), _("Niveau"), _("Première ligne")};
    int widths[N_COLS];
    list_widths(cols, N_COLS, w, widths);
    for (size_t c = 0, cx = (size_t)x; c < N_COLS; c++) {
        text_put(stdscr, y + 3, (int)cx, widths[c], titles[c], theme_attr(TH_HEADING));
        cx += (size_t)widths[c] + 1;
    }
    size_t count = st->notes ? st->notes->count : 0;
    if (st->error[0]) {
        text_put_wrapped(stdscr, list_y, x, w, 3, st->error, theme_attr(TH_ERROR));
    } else if (!count) {
        text_put(stdscr, list_y, x, w, _("Aucune note que vous puissiez lire sur ce visiteur."),
                 theme_attr(TH_MUTED));
    } else {
        list_draw(&st->list, stdscr, list_y, x, list_h, w, 1);
        draw_first_lines(st, list_y, x, list_h, w);
    }

    int by = b->y + b->h - 2;
    if (st->notes && st->notes->hidden) {
        size_t n = st->notes->hidden;
        if (count)
            snprintf(line, sizeof line,
                     P_("%zu autre note confidentielle, non accessible",
                        "%zu autres notes confidentielles, non accessibles", n),
                     n);
        else
            snprintf(line, sizeof line,
                     P_("%zu note confidentielle, non accessible",
                        "%zu notes confidentielles, non accessibles", n),
                     n);
        text_put(stdscr, by, x, w, line, theme_attr(TH_LABEL));
    }
    if (st->parent.message[0])
        text_put(stdscr, by + 1, x, w, st->parent.message, theme_attr(TH_OK));
}

static int64_t selected_id(notes_state *st)
{
    if (!st->notes || st->list.selected >= st->notes->count)
        return 0;
    return st->notes->items[st->list.selected].id;
}

static ui_reaction delete_answer(void *ctx, ui_app *app, int yes)
{
    notes_state *st = ctx;
    int64_t id = st->pending_delete; /* not the selection: a lock may reload the list */
    st->pending_delete = 0;
    if (!yes || !id)
        return ui_redraw();
    g_error err = {0};
    if (note_delete(app->db, app->session, id, &err) != G_OK)
        return notes_error(&err);
    snprintf(st->parent.message, sizeof st->parent.message, "%s",
             _("Note supprimée : son texte et ses versions sont détruits."));
    st->parent.stale = 1;
    return ui_redraw();
}

ui_reaction notes_delete_question(dialog_done_fn done, void *ctx)
{
    return dialog_confirm(_("Supprimer cette note ? Son texte et toutes ses versions seront "
                            "détruits, pour tous ses lecteurs. C'est définitif. (o/n)"),
                          done, ctx);
}

static ui_reaction notes_key(void *state, ui_app *app, const ui_key *k)
{
    notes_state *st = state;
    if (!st->visitor_id)
        return ui_pass();
    size_t count = st->notes ? st->notes->count : 0;
    int rows = LINES - 3 - 8;
    if (list_key(&st->list, k, rows > 1 ? rows : 1)) {
        st->parent.message[0] = 0;
        return ui_redraw();
    }
    if (notes_key_is(ACT_NOTE_NEW, k)) {
        st->parent.message[0] = 0;
        notes_edit_arg *a = calloc(1, sizeof *a);
        if (!a)
            return ui_none();
        a->visitor_id = st->visitor_id;
        a->parent = &st->parent;
        return ui_push(&screen_notes_edit, a);
    }
    int64_t id = selected_id(st);
    int act = k->action == ACT_SELECT             ? 1
              : notes_key_is(ACT_NOTE_EDIT, k)    ? 2
              : notes_key_is(ACT_NOTE_SHARE, k)   ? 3
              : notes_key_is(ACT_NOTE_HISTORY, k) ? 4
              : notes_key_is(ACT_NOTE_DELETE, k)  ? 5
                                                  : 0;
    if (!act)
        return ui_pass();
    st->parent.message[0] = 0;
    if (!count || !id) {
        beep();
        return ui_redraw();
    }
    if (st->notes->items[st->list.selected].damaged && act != 5) {
        g_error err = {0};
        g_err(&err, G_ERR_CRYPTO, "%s",
              _("Cette note a été altérée dans la base et ne peut pas être déchiffrée. "
                "Prévenez le responsable du site."));
        return notes_error(&err);
    }
    switch (act) {
    case 1: {
        notes_read_arg *a = calloc(1, sizeof *a);
        if (!a)
            return ui_none();
        a->note_id = id;
        a->parent = &st->parent;
        return ui_push(&screen_notes_read, a);
    }
    case 2: {
        notes_edit_arg *a = calloc(1, sizeof *a);
        if (!a)
            return ui_none();
        a->visitor_id = st->visitor_id;
        a->note_id = id;
        a->parent = &st->parent;
        return ui_push(&screen_notes_edit, a);
    }
    case 3:
        return notes_share_start(id, &st->parent);
    case 4: {
        notes_history_arg *a = calloc(1, sizeof *a);
        if (!a)
            return ui_none();
        a->note_id = id;
        a->parent = &st->parent;
        return ui_push(&screen_notes_history, a);
    }
    default:
        st->pending_delete = id;
        return notes_delete_question(delete_answer, st);
    }
}

static const ui_action notes_hints[] = {ACT_SELECT,     ACT_NOTE_NEW,     ACT_NOTE_EDIT,
                                        ACT_NOTE_SHARE, ACT_NOTE_HISTORY, ACT_NOTE_DELETE,
                                        ACT_BACK,       ACT_HELP,         ACT_NONE};

const screen_ops screen_notes = {
    .name = "notes",
    .title = N_("Notes confidentielles"),
    .hints = notes_hints,
    .open = notes_open,
    .close = notes_close,
    .draw = notes_draw,
    .key = notes_key,
    .enter = notes_enter,
    .on_lock = notes_on_lock,
    .on_unlock = notes_on_unlock,
};
