/* notes.h — the confidential notes screens (notes*.c), shared pieces.
 *
 *   screen_notes          a visitor's notes: the readable ones (date, author,
 *                         level, first line) and the count of the others
 *   screen_notes_read     one version of a note, decrypted (notes_read.c)
 *   screen_notes_edit     write a note or a new version (notes_edit.c)
 *   screen_notes_history  a note's versions (notes_history.c)
 *   screen_notes_people   choose colleagues (readers, sharing) (notes_people.c)
 *
 * Secrecy: decrypted text is only ever held in sodium_malloc'd memory (the
 * core's note_text and note_list_result, the textarea's buffer) and drawn
 * through textarea_put_secret (wiped drawing buffers). On lock (on_lock) the
 * list and the reader wipe what they hold; the editor seals the text being
 * typed for the user's own public key (crypto_box_seal) and wipes it, and
 * opens it again on unlock with the secret key the password brought back.
 * Nothing is kept as a draft. */
#ifndef GUICHET_UI_NOTES_H
#define GUICHET_UI_NOTES_H

#include <stdint.h>

#include "guichet/error.h"
#include "ui/app.h"
#include "ui/dialog.h"

typedef struct notes_read_arg {
    int64_t note_id;
    int version; /* 0 = the current one */
} notes_read_arg;

typedef struct notes_edit_arg {
    int64_t visitor_id; /* whose file (new note) */
    int64_t note_id;    /* 0 = a new note, else a new version of this one */
} notes_edit_arg;

typedef struct notes_history_arg {
    int64_t note_id;
} notes_history_arg;

/* Single choice: called with the chosen user (> 0) or 0 when cancelled; the
 * picker has already been popped. */
typedef ui_reaction (*notes_people_done)(void *ctx, ui_app *app, int64_t user_id);

typedef struct notes_people_arg {
    int multi;              /* 1: tick several (Espace), Entrée validates */
    int64_t *ids;           /* multi: the caller's array, updated in place */
    size_t *n_ids;          /* multi: its count (at most NOTE_MAX_READERS) */
    int64_t note_id;        /* single: the note to share (its readers are shown) */
    notes_people_done done; /* single: required */
    void *ctx;              /* handed back to done; malloc'd or NULL, freed by the picker */
} notes_people_arg;

/* All args are malloc'd and freed by the screen. */
extern const screen_ops screen_notes_read;
extern const screen_ops screen_notes_edit;
extern const screen_ops screen_notes_history;
extern const screen_ops screen_notes_people;

/* A core error in a dialog (French message from the core). */
ui_reaction notes_error(const g_error *err);

/* "30/03/2026 10:05" in the site's zone. */
const char *notes_date(int64_t t, char *buf, size_t size);

/* Opens the colleague picker to share note_id; on a choice, note_share and
 * the app's message (or an error dialog). */
ui_reaction notes_share_start(int64_t note_id);

/* The delete confirmation (says the text is destroyed for every reader). */
ui_reaction notes_delete_question(dialog_done_fn done, void *ctx);

#endif
