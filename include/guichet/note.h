/* note.h — confidential notes on a visitor: end-to-end encrypted, need to
 * know, journaled (docs/notes-confidentielles.md).
 *
 * Each version of a note is encrypted (XChaCha20-Poly1305) with its own
 * random key, with the note's uuid and the version number as associated
 * data; that key is sealed (crypto_box_seal) for each reader: level `privee`
 * → the author and the colleagues the author names; level `equipe` → the
 * team key (team.h) and the author. Reading needs the session's secret key
 * (auth.h). Plaintext only ever lives in sodium_malloc'd (locked, guarded)
 * memory that these functions hand out and free; it is never written to the
 * database, the journal, a log or a file. Every read, write, share and
 * deletion is journaled (who, which note, when) — never content.
 *
 * Who may do what:
 * - anyone logged in may write a note on a visitor, for the readers they
 *   choose (a reception agent too, `equipe` included: the note is then
 *   written for the team);
 * - a user reads the notes sealed for them, and a conseiller/responsable
 *   holding the team key reads `equipe` notes; an `accueil` reads only the
 *   notes sealed for them personally;
 * - any current reader may edit (a new version, sealed for the same readers)
 *   and share a note with one more colleague (every version is sealed for
 *   them);
 * - the author may delete their note; so may a responsable who can read it. */
#ifndef GUICHET_NOTE_H
#define GUICHET_NOTE_H

#include <stddef.h>
#include <stdint.h>

#include "guichet/auth.h"
#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"
#include "guichet/user.h"

#define NOTE_MAX_BYTES      8192 /* of UTF-8 text per note (the editor shows it) */
#define NOTE_FIRST_LINE_MAX 161  /* bytes (with the NUL) of the first line in lists */
#define NOTE_MAX_READERS    16   /* colleagues named at creation, besides the author */
#define NOTE_UUID_SIZE      37   /* "xxxxxxxx-xxxx-4xxx-…" and the NUL */

typedef enum note_level {
    NOTE_PRIVEE = 0, /* the author and the colleagues named */
    NOTE_EQUIPE = 1, /* every conseiller and responsable holding the team key */
} note_level;

const char *note_level_code(note_level level);           /* "privee", "equipe" */
const char *note_level_label(note_level level);          /* translated: "Privée", "Équipe" */
int note_level_parse(const char *code, note_level *out); /* 0 ok, -1 unknown */

/* Checks a note's text: not blank, at most NOTE_MAX_BYTES, valid UTF-8, no
 * control character but line feed and tab. G_ERR_INVALID naming field
 * "text" with a French message. */
g_status note_check_text(const char *text, g_error *err);

/* One readable note in a list. */
typedef struct note_summary {
    int64_t id;                           /* note.id */
    char uuid[NOTE_UUID_SIZE];            /* stable identifier */
    int64_t author_id;                    /* who wrote version 1 */
    char author_name[USER_NAME_MAX + 1];  /* their display name */
    note_level level;                     /* privee or equipe */
    int version;                          /* current version number (1 = never edited) */
    int64_t created_at;                   /* UTC */
    int64_t updated_at;                   /* UTC, of the current version */
    int damaged;                          /* 1 = sealed for the user but does not decrypt */
    char first_line[NOTE_FIRST_LINE_MAX]; /* PLAINTEXT: first non-blank line, cut on a character */
} note_summary;

/* A visitor's notes as the user may see them. Free with note_list_free. */
typedef struct note_list_result {
    note_summary *items; /* readable notes, newest first; locked memory */
    size_t count;        /* number of items */
    size_t hidden;       /* the visitor's other notes, which the user may not read */
} note_list_result;

/* The notes on visitor_id the session may read (decrypted to show their
 * first line), and the count of the others. Journaled `note-list` (counts
 * only). *out is owned by the caller: note_list_free. */
g_status note_list(g_db *db, const g_session *s, int64_t visitor_id, note_list_result **out,
                   g_error *err);
void note_list_free(note_list_result *l);

/* How many notes on visitor_id the session may read (note_list would list
 * them) and how many it may not, for a summary line: reveals counts only,
 * decrypts no text and writes no journal entry. G_ERR_DENIED for a session
 * without keys (like note_list). */
g_status note_count(g_db *db, const g_session *s, int64_t visitor_id, size_t *readable,
                    size_t *hidden, g_error *err);

/* Writes a new note on visitor_id. level must be given by the caller (the
 * interface defaults to NOTE_PRIVEE). readers: up to NOTE_MAX_READERS more
 * user ids (enabled accounts) who may read it, besides the author (may be
 * NULL when n_readers is 0). *id_out (may be NULL) is the new note's id.
 * Journaled `note-create`. */
g_status note_create(g_db *db, const g_session *s, int64_t visitor_id, note_level level,
                     const char *text, const int64_t *readers, size_t n_readers, int64_t *id_out,
                     g_error *err);

/* A decrypted version of a note. Free with note_text_free, which wipes it. */
typedef struct note_text {
    int64_t note_id;                     /* note.id */
    char uuid[NOTE_UUID_SIZE];           /* stable identifier */
    int64_t visitor_id;                  /* whose file */
    note_level level;                    /* privee or equipe */
    int version;                         /* the version read */
    int current_version;                 /* the newest version */
    int64_t note_author_id;              /* who wrote version 1 */
    int64_t author_id;                   /* who wrote this version */
    char author_name[USER_NAME_MAX + 1]; /* their display name */
    int64_t created_at;                  /* UTC, of this version */
    size_t len;                          /* bytes of text */
    char *text;                          /* PLAINTEXT, NUL-terminated, locked memory */
} note_text;

/* Decrypts version `version` of note_id (0 = the current one). G_ERR_DENIED
 * when nothing is sealed for the session (journaled `note-read-denied`),
 * G_ERR_CRYPTO when the stored note was altered (journaled
 * `note-read-failed`), G_ERR_NOTFOUND when the note or version does not
 * exist. On success journaled `note-read` before the text is handed out;
 * *out is the caller's: note_text_free. */
g_status note_read(g_db *db, const g_session *s, int64_t note_id, int version, note_text **out,
                   g_error *err);
void note_text_free(note_text *t);

/* Replaces the text of note_id with a new version, sealed for the same
 * readers as the current one (for each user's current key pair). The
 * session must be able to read the current version. expected_version is the
 * version the editor started from: G_ERR_CONFLICT when someone saved in the
 * meantime. *version_out (may be NULL) is the new version. Journaled
 * `note-update`. */
g_status note_update(g_db *db, const g_session *s, int64_t note_id, int expected_version,
                     const char *text, int *version_out, g_error *err);

/* Gives user_id access to every version of note_id the session can open.
 * The session must be able to read the current version. G_ERR_EXISTS when
 * user_id already reads it. Journaled `note-share`. */
g_status note_share(g_db *db, const g_session *s, int64_t note_id, int64_t user_id, g_error *err);

/* Deletes note_id: every version's ciphertext and every sealed key copy are
 * deleted (secure_delete overwrites them in the file; the write-ahead log is
 * checkpointed). Allowed to the author, and to a responsable who can read
 * it. Journaled `note-delete`. */
g_status note_delete(g_db *db, const g_session *s, int64_t note_id, g_error *err);

/* One version in a note's history (no content). */
typedef struct note_version_info {
    int version;                         /* 1, 2, … */
    int64_t author_id;                   /* who wrote it */
    char author_name[USER_NAME_MAX + 1]; /* their display name */
    int64_t created_at;                  /* UTC */
    int readable;                        /* 1 when the session can open it */
} note_version_info;

/* The versions of note_id, oldest first. G_ERR_DENIED when the session can
 * read none of them. *out malloc'd (free() it). */
g_status note_history(g_db *db, const g_session *s, int64_t note_id, note_version_info **out,
                      size_t *count, g_error *err);

/* Who can read the current version of note_id. */
typedef struct note_reader {
    int is_team;                          /* 1 = the team (every member holding the team key) */
    int64_t user_id;                      /* 0 for the team */
    char display_name[USER_NAME_MAX + 1]; /* "" for the team */
    int stale;                            /* 1 = sealed for a key pair replaced by a reset */
} note_reader;

/* The readers of the current version of note_id (the session must be one).
 * *out malloc'd (free() it). */
g_status note_readers(g_db *db, const g_session *s, int64_t note_id, note_reader **out,
                      size_t *count, g_error *err);

/* The demo database's notes (called by demo_create, after the demo visitors):
 * creates the team key, then a few fictional notes on the first visitors,
 * if any — a private one, a team one, one reception wrote for an advisor. */
g_status note_demo(g_db *db, const g_config *cfg, g_error *err);

/* While the desk is locked, a note being typed must not stay in clear:
 * note_draft_seal seals text (len bytes) for the session's own public key into
 * a malloc'd *out (ciphertext, nothing secret; free() it); note_draft_open,
 * once the password has brought the secret key back, opens it into buf
 * (cap bytes, locked memory of the caller's, NUL-terminated) and sets *len.
 * G_ERR_CRYPTO when it does not open or does not fit. */
g_status note_draft_seal(const g_session *s, const char *text, size_t len, unsigned char **out,
                         size_t *out_len, g_error *err);
g_status note_draft_open(const g_session *s, const unsigned char *sealed, size_t sealed_len,
                         char *buf, size_t cap, size_t *len, g_error *err);

#endif
