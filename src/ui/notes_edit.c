/* notes_edit.c — write a note, or a new version of one.
 *
 * The level is chosen consciously and shown prominently (privée by default;
 * F3 switches to équipe and back); a private note may name colleagues (F4).
 * The text is typed in a textarea whose buffer is sodium_malloc'd; it is
 * never saved as a draft (the screen says so). While the session is locked
 * the text is sealed for the user's own public key and wiped: only their
 * password (which brings the secret key back) opens it again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/i18n.h"
#include "guichet/note.h"
#include "guichet/visitor.h"
#include "guichet/strbuf.h"
#include "ui/dialog.h"
#include "ui/notes.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/textarea.h"
#include "ui/theme.h"

typedef struct edit_state {
    notes_edit_arg arg;
    ui_textarea ta;                    /* the text being typed (locked memory) */
    note_level level;                  /* new note: the choice; edit: the note's */
    int64_t readers[NOTE_MAX_READERS]; /* new private note: colleagues named */
    size_t n_readers;
    int expected_version;   /* edit: the version the text started from */
    char visitor_name[512]; /* new note: whose file */
    char error[512];        /* the last refusal, "" = none */
    g_error open_err;       /* edit: the note could not be opened */
    unsigned char *sealed;  /* while locked: the text sealed for the user */
    size_t sealed_len;      /* bytes of sealed */
    size_t sealed_cursor;   /* cursor to restore */
    int sealed_modified;    /* modified flag to restore */
} edit_state;

static int edit_open(ui_app *app, void *arg, void **state)
{
    if (!arg || !app->session) {
        free(arg);
        return -1;
    }
    edit_state *st = calloc(1, sizeof *st);
    if (!st || textarea_init(&st->ta, NOTE_MAX_BYTES) != 0) {
        free(st);
        free(arg);
        return -1;
    }
    st->arg = *(notes_edit_arg *)arg;
    free(arg);
    st->level = NOTE_PRIVEE; /* the default: the narrowest readership */
    if (st->arg.note_id) {
        note_text *t = NULL;
        if (note_read(app->db, app->session, st->arg.note_id, 0, &t, &st->open_err) == G_OK) {
            st->level = t->level;
            st->expected_version = t->version;
            st->arg.visitor_id = t->visitor_id;
            if (textarea_set(&st->ta, t->text, t->len) != 0)
                g_err(&st->open_err, G_ERR_INVALID, "%s",
                      _("Le texte de cette note est illisible."));
            note_text_free(t);
        }
    }
    visitor *v = calloc(1, sizeof *v);
    g_error err = {0};
    if (v && st->arg.visitor_id && visitor_get(app->db, st->arg.visitor_id, v, &err) == G_OK)
        visitor_name(v, st->visitor_name, sizeof st->visitor_name);
    free(v);
    *state = st;
    return 0;
}

static ui_reaction edit_enter(void *state, ui_app *app)
{
    edit_state *st = state;
    if (!st->open_err.msg[0])
        return ui_none();
    ui_reaction r = notes_error(&st->open_err);
    r.pop = 1;
    return r;
}

static void edit_close(void *state, ui_app *app)
{
    edit_state *st = state;
    textarea_free(&st->ta); /* wiped: a note is never kept as a draft */
    free(st->sealed);
    free(st);
}

static void edit_on_lock(void *state, ui_app *app)
{
    edit_state *st = state;
    free(st->sealed);
    st->sealed = NULL;
    if (!st->ta.len || !app->session)
        return;
    g_error err = {0};
    if (note_draft_seal(app->session, st->ta.buf, st->ta.len, &st->sealed, &st->sealed_len, &err) ==
        G_OK) {
        st->sealed_cursor = st->ta.cursor;
        st->sealed_modified = st->ta.modified;
    } else {
        snprintf(st->error, sizeof st->error, "%s",
                 _("Le texte en cours a été effacé au verrouillage du poste."));
    }
    textarea_clear(&st->ta); /* no plaintext while the desk is locked */
}

static void edit_on_unlock(void *state, ui_app *app)
{
    edit_state *st = state;
    if (!st->sealed)
        return;
    size_t len = 0;
    g_error err = {0};
    if (note_draft_open(app->session, st->sealed, st->sealed_len, st->ta.buf, st->ta.max_bytes + 1,
                        &len, &err) == G_OK) {
        st->ta.len = len;
        st->ta.cursor = st->sealed_cursor <= len ? st->sealed_cursor : len;
        st->ta.modified = st->sealed_modified;
    } else {
        textarea_clear(&st->ta);
        snprintf(st->error, sizeof st->error, "%s",
                 _("Le texte en cours n'a pas pu être rouvert après le verrouillage."));
    }
    free(st->sealed);
    st->sealed = NULL;
}

/* "vous seulement" / "vous et : A, B" for a new private note. */
static void readers_names(edit_state *st, ui_app *app, char *out, size_t size)
{
    if (!st->n_readers) {
        snprintf(out, size, "%s", _("lisible par vous seulement"));
        return;
    }
    strbuf sb;
    strbuf_init(&sb, out, size);
    strbuf_puts(&sb, _("lisible par vous et : "));
    for (size_t i = 0; i < st->n_readers; i++) {
        user_info u;
        g_error err = {0};
        if (user_get_by_id(app->db, st->readers[i], &u, &err) == G_OK)
            strbuf_printf(&sb, "%s%s", i ? ", " : "", u.display_name);
        else
            strbuf_printf(&sb, "%s(%s)", i ? ", " : "", err.msg); /* never a silent gap */
    }
}

/* The readers of the note being edited (the new version keeps them). */
static void current_readers(edit_state *st, ui_app *app, char *out, size_t size)
{
    note_reader *r = NULL;
    size_t n = 0;
    g_error err = {0};
    strbuf sb;
    strbuf_init(&sb, out, size);
    strbuf_puts(&sb, _("la nouvelle version garde les mêmes lecteurs : "));
    if (note_readers(app->db, app->session, st->arg.note_id, &r, &n, &err) != G_OK) {
        strbuf_puts(&sb, err.msg);
        return;
    }
    for (size_t i = 0; i < n; i++)
        strbuf_printf(&sb, "%s%s", i ? ", " : "", r[i].is_team ? _("l'équipe") : r[i].display_name);
    free(r);
}

static void edit_draw(void *state, ui_app *app, const ui_rect *b)
{
    edit_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y + 1;
    char line[1024], more[768];
    if (st->arg.note_id)
        snprintf(line, sizeof line, _("Modifier la note sur %s (version %d → %d)"),
                 st->visitor_name, st->expected_version, st->expected_version + 1);
    else
        snprintf(line, sizeof line, _("Nouvelle note confidentielle sur %s"), st->visitor_name);
    text_put(stdscr, y, x, w, line, theme_attr(TH_HEADING));

    /* the level, prominent: who will be able to read this */
    int lx = x;
    lx += text_put(stdscr, y + 1, lx, w, _("Niveau : "), theme_attr(TH_LABEL));
    char level[64];
    snprintf(level, sizeof level, " %s ", st->level == NOTE_EQUIPE ? _("ÉQUIPE") : _("PRIVÉE"));
    lx += text_put(stdscr, y + 1, lx, x + w - lx, level, theme_attr(TH_SELECT) | A_BOLD);
    if (st->arg.note_id)
        current_readers(st, app, more, sizeof more);
    else if (st->level == NOTE_EQUIPE)
        snprintf(more, sizeof more, "%s",
                 _("lisible par tous les conseillers et responsables du site"));
    else
        readers_names(st, app, more, sizeof more);
    snprintf(line, sizeof line, " %s", more);
    text_put(stdscr, y + 1, lx, x + w - lx, line, theme_attr(TH_NORMAL));
    if (!st->arg.note_id) {
        char k3[16], k4[16];
        keys_action_key(ACT_NOTE_LEVEL, k3, sizeof k3);
        keys_action_key(ACT_NOTE_READERS, k4, sizeof k4);
        if (st->level == NOTE_PRIVEE)
            snprintf(line, sizeof line,
                     _("%s : passer au niveau équipe · %s : désigner des collègues lecteurs"), k3,
                     k4);
        else
            snprintf(line, sizeof line, _("%s : revenir au niveau privée"), k3);
        text_put(stdscr, y + 2, x, w, line, theme_attr(TH_MUTED));
    }
    text_put(stdscr, y + 3, x, w,
             _("Ce texte n'est pas enregistré en brouillon : validez avant de quitter."),
             theme_attr(TH_LABEL));

    int box_y = y + 4, box_h = b->y + b->h - 1 - box_y;
    theme_box(stdscr, box_y, x, box_h, w, theme_attr(TH_BORDER));
    int cy, cx;
    textarea_draw(&st->ta, stdscr, box_y + 1, x + 1, box_h - 2, w - 2, !app->locked, &cy, &cx);
    if (cy >= 0)
        app_set_cursor(app, cy, cx);

    char size[64];
    textarea_size_text(&st->ta, size, sizeof size);
    int sw = text_width(size);
    int by = b->y + b->h - 1;
    const char *msg = st->error[0] ? st->error : st->ta.error;
    if (msg[0])
        text_put(stdscr, by, x, w - sw - 2, msg, theme_attr(TH_ERROR));
    text_put_right(stdscr, by, x, w, size,
                   st->ta.len + 64 > st->ta.max_bytes ? theme_attr(TH_ERROR)
                                                      : theme_attr(TH_MUTED));
}

static ui_reaction save(edit_state *st, ui_app *app)
{
    g_error err = {0};
    st->error[0] = 0;
    if (note_check_text(st->ta.buf, &err) != G_OK) {
        snprintf(st->error, sizeof st->error, "%s", err.msg);
        return ui_redraw();
    }
    char msg[256];
    if (st->arg.note_id) {
        int v = 0;
        if (note_update(app->db, app->session, st->arg.note_id, st->expected_version, st->ta.buf,
                        &v, &err) != G_OK) {
            snprintf(st->error, sizeof st->error, "%s", err.msg);
            return err.code == G_ERR_CONFLICT ? notes_error(&err) : ui_redraw();
        }
        snprintf(msg, sizeof msg, _("Nouvelle version enregistrée (version %d)."), v);
    } else {
        int priv = st->level == NOTE_PRIVEE;
        if (note_create(app->db, app->session, st->arg.visitor_id, st->level, st->ta.buf,
                        priv ? st->readers : NULL, priv ? st->n_readers : 0, NULL, &err) != G_OK) {
            snprintf(st->error, sizeof st->error, "%s", err.msg);
            return ui_redraw();
        }
        snprintf(msg, sizeof msg, "%s",
                 priv ? _("Note privée enregistrée, chiffrée pour ses lecteurs.")
                      : _("Note d'équipe enregistrée, chiffrée pour l'équipe."));
    }
    if (st->arg.parent) {
        snprintf(st->arg.parent->message, sizeof st->arg.parent->message, "%s", msg);
        st->arg.parent->stale = 1;
    }
    return ui_pop(); /* closing wipes the text */
}

static ui_reaction abandon_answer(void *ctx, ui_app *app, int yes)
{
    return yes ? ui_pop() : ui_redraw();
}

static ui_reaction edit_key(void *state, ui_app *app, const ui_key *k)
{
    edit_state *st = state;
    if (notes_key_is(ACT_NOTE_SAVE, k))
        return save(st, app);
    if (textarea_key(&st->ta, k)) {
        st->error[0] = 0;
        if (st->ta.error[0])
            beep();
        return ui_redraw();
    }
    if (!st->arg.note_id && notes_key_is(ACT_NOTE_LEVEL, k)) {
        st->level = st->level == NOTE_PRIVEE ? NOTE_EQUIPE : NOTE_PRIVEE;
        return ui_redraw();
    }
    if (!st->arg.note_id && notes_key_is(ACT_NOTE_READERS, k)) {
        if (st->level != NOTE_PRIVEE) {
            snprintf(st->error, sizeof st->error, "%s",
                     _("Une note d'équipe est lue par toute l'équipe : repassez au niveau "
                       "privée pour désigner des collègues."));
            return ui_redraw();
        }
        notes_people_arg *a = calloc(1, sizeof *a);
        if (!a)
            return ui_none();
        a->multi = 1;
        a->ids = st->readers;
        a->n_ids = &st->n_readers;
        return ui_push(&screen_notes_people, a);
    }
    if (k->action == ACT_BACK) {
        if (st->ta.modified && st->ta.len)
            return dialog_confirm(_("Abandonner ce texte ? Il sera effacé, rien n'est "
                                    "enregistré. (o/n)"),
                                  abandon_answer, st);
        return ui_pop();
    }
    /* printable keys are text here: only function keys reach the app */
    return k->fn || k->ch < 0x20 ? ui_pass() : ui_none();
}

static const ui_action edit_hints[] = {ACT_NOTE_SAVE, ACT_NOTE_LEVEL, ACT_NOTE_READERS, ACT_BACK,
                                       ACT_LOCK,      ACT_HELP,       ACT_NONE};

const screen_ops screen_notes_edit = {
    .name = "notes-edit",
    .title = N_("Note confidentielle"),
    .hints = edit_hints,
    .open = edit_open,
    .close = edit_close,
    .draw = edit_draw,
    .key = edit_key,
    .enter = edit_enter,
    .on_lock = edit_on_lock,
    .on_unlock = edit_on_unlock,
};
