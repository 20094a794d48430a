/* notes_read.c — one version of a note, decrypted: who wrote it and when,
 * its level and readers, the text (scrolls with ↑↓ and the page keys). The
 * text lives in a read-only textarea (sodium_malloc'd) and is wiped when the
 * screen closes or the session locks; each opening is a journaled read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/i18n.h"
#include "guichet/note.h"
#include "guichet/strbuf.h"
#include "ui/notes.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/textarea.h"
#include "ui/theme.h"

typedef struct read_state {
    notes_read_arg arg;
    ui_textarea ta;      /* the decrypted text, read-only view */
    int shown;           /* 1 while ta holds the text */
    note_level level;    /* of the note */
    int version;         /* the version shown */
    int current_version; /* the note's newest */
    char author[USER_NAME_MAX + 1];
    int64_t created_at; /* of this version */
    g_error err;        /* why it could not be opened */
} read_state;

/* Decrypts the version into the view (a journaled read). */
static g_status load_text(read_state *st, ui_app *app)
{
    note_text *t = NULL;
    g_err_clear(&st->err);
    g_status rc = note_read(app->db, app->session, st->arg.note_id, st->arg.version, &t, &st->err);
    if (rc != G_OK)
        return rc;
    st->level = t->level;
    st->version = t->version;
    st->current_version = t->current_version;
    snprintf(st->author, sizeof st->author, "%s", t->author_name);
    st->created_at = t->created_at;
    if (textarea_set(&st->ta, t->text, t->len) != 0) {
        note_text_free(t);
        return g_err(&st->err, G_ERR_INVALID, "%s", _("Le texte de cette note est illisible."));
    }
    note_text_free(t); /* wipes the core's copy */
    st->ta.top = 0;
    st->shown = 1;
    return G_OK;
}

static int read_open(ui_app *app, void *arg, void **state)
{
    if (!arg || !app->session) {
        free(arg);
        return -1;
    }
    read_state *st = calloc(1, sizeof *st);
    if (!st || textarea_init(&st->ta, NOTE_MAX_BYTES) != 0) {
        free(st);
        free(arg);
        return -1;
    }
    st->ta.readonly = 1;
    st->arg = *(notes_read_arg *)arg;
    free(arg);
    load_text(st, app);
    *state = st;
    return 0;
}

static ui_reaction read_enter(void *state, ui_app *app)
{
    read_state *st = state;
    if (st->shown)
        return ui_none();
    ui_reaction r = notes_error(&st->err); /* and the reader goes away */
    r.pop = 1;
    return r;
}

static void read_close(void *state, ui_app *app)
{
    read_state *st = state;
    textarea_free(&st->ta);
    free(st);
}

static void read_on_lock(void *state, ui_app *app)
{
    read_state *st = state;
    textarea_clear(&st->ta); /* the decrypted text is wiped, not kept for later */
    st->shown = 0;
    g_err_clear(&st->err);
}

static void readers_line(read_state *st, ui_app *app, char *out, size_t size)
{
    note_reader *r = NULL;
    size_t n = 0;
    g_error err = {0};
    snprintf(out, size, "%s", _("Lecteurs : "));
    if (note_readers(app->db, app->session, st->arg.note_id, &r, &n, &err) != G_OK) {
        snprintf(out, size, "%s", _("Lecteurs : (liste indisponible)"));
        return;
    }
    strbuf sb;
    strbuf_attach(&sb, out, size);
    for (size_t i = 0; i < n; i++) {
        const char *name =
            r[i].is_team ? _("l'équipe (conseillers et responsables)") : r[i].display_name;
        strbuf_printf(&sb, "%s%s%s", i ? ", " : "", name,
                      r[i].stale ? _(" (ancienne clé : ne la lit plus)") : "");
    }
    free(r);
}

static void read_draw(void *state, ui_app *app, const ui_rect *b)
{
    read_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y + 1;
    if (!st->shown) {
        int cy = b->y + b->h / 2 - 1;
        if (st->err.msg[0]) {
            text_put_center(stdscr, cy, b->x, b->w, st->err.msg, theme_attr(TH_ERROR));
        } else {
            text_put_center(stdscr, cy, b->x, b->w, _("Note refermée au verrouillage du poste."),
                            theme_attr(TH_HEADING));
            text_put_center(stdscr, cy + 2, b->x, b->w, _("Entrée : la rouvrir."),
                            theme_attr(TH_MUTED));
        }
        return;
    }
    char line[1024], date[32];
    notes_date(st->created_at, date, sizeof date);
    snprintf(line, sizeof line, _("Note %s · version %d sur %d · écrite par %s le %s"),
             st->level == NOTE_EQUIPE ? _("d'équipe") : _("privée"), st->version,
             st->current_version, st->author, date);
    text_put(stdscr, y, x, w, line, theme_attr(TH_HEADING));
    readers_line(st, app, line, sizeof line);
    text_put(stdscr, y + 1, x, w, line, theme_attr(TH_MUTED));
    theme_hline(stdscr, y + 2, x, w, theme_attr(TH_BORDER));
    int th = b->y + b->h - 2 - (y + 3);
    int cy, cx;
    textarea_draw(&st->ta, stdscr, y + 3, x, th, w, 0, &cy, &cx);
    if (st->version != st->current_version)
        text_put(stdscr, b->y + b->h - 1, x, w,
                 _("Version ancienne : seule la dernière version peut être modifiée."),
                 theme_attr(TH_MUTED));
}

static ui_reaction delete_answer(void *ctx, ui_app *app, int yes)
{
    read_state *st = ctx;
    if (!yes)
        return ui_redraw();
    g_error err = {0};
    if (note_delete(app->db, app->session, st->arg.note_id, &err) != G_OK)
        return notes_error(&err);
    if (st->arg.parent) {
        snprintf(st->arg.parent->message, sizeof st->arg.parent->message, "%s",
                 _("Note supprimée : son texte et ses versions sont détruits."));
        st->arg.parent->stale = 1;
    }
    return ui_pop(); /* the dialog adds its own pop: back to the list */
}

static ui_reaction read_key(void *state, ui_app *app, const ui_key *k)
{
    read_state *st = state;
    if (!st->shown) {
        if (k->action == ACT_SELECT) {
            if (load_text(st, app) != G_OK)
                return notes_error(&st->err);
            return ui_redraw();
        }
        return ui_pass();
    }
    if (textarea_key(&st->ta, k))
        return ui_redraw();
    if (st->arg.version &&
        (notes_key_is(ACT_NOTE_EDIT, k) || notes_key_is(ACT_NOTE_SHARE, k) ||
         notes_key_is(ACT_NOTE_HISTORY, k) || notes_key_is(ACT_NOTE_DELETE, k))) {
        g_error err = {0};
        g_err(&err, G_ERR_INVALID, "%s",
              _("Une version ouverte depuis l'historique se lit seulement : modifiez, "
                "partagez ou supprimez la note depuis la liste des notes."));
        return notes_error(&err);
    }
    if (notes_key_is(ACT_NOTE_EDIT, k)) {
        if (st->version != st->current_version) {
            g_error err = {0};
            g_err(&err, G_ERR_CONFLICT, "%s",
                  _("Seule la dernière version d'une note peut être modifiée : ouvrez-la "
                    "depuis la liste des notes."));
            return notes_error(&err);
        }
        notes_edit_arg *a = calloc(1, sizeof *a);
        if (!a)
            return ui_none();
        a->note_id = st->arg.note_id;
        a->parent = st->arg.parent;
        return ui_replace(&screen_notes_edit, a);
    }
    if (notes_key_is(ACT_NOTE_SHARE, k))
        return notes_share_start(st->arg.note_id, NULL);
    if (notes_key_is(ACT_NOTE_HISTORY, k)) {
        notes_history_arg *a = calloc(1, sizeof *a);
        if (!a)
            return ui_none();
        a->note_id = st->arg.note_id;
        a->parent = st->arg.parent;
        return ui_push(&screen_notes_history, a);
    }
    if (notes_key_is(ACT_NOTE_DELETE, k))
        return notes_delete_question(delete_answer, st);
    return ui_pass();
}

static const ui_action read_hints[] = {ACT_BACK,         ACT_NOTE_EDIT,   ACT_NOTE_SHARE,
                                       ACT_NOTE_HISTORY, ACT_NOTE_DELETE, ACT_LOCK,
                                       ACT_HELP,         ACT_NONE};

const screen_ops screen_notes_read = {
    .name = "notes-read",
    .title = N_("Lecture d'une note confidentielle"),
    .hints = read_hints,
    .open = read_open,
    .close = read_close,
    .draw = read_draw,
    .key = read_key,
    .enter = read_enter,
    .on_lock = read_on_lock,
};
