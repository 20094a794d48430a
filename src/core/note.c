/* note.c — confidential notes (see guichet/note.h and
 * docs/notes-confidentielles.md).
 *
 * Layout: note (one row per note), note_version (nonce + ciphertext of each
 * version), note_key (each version's key sealed for each reader). Keys and
 * plaintext live only in sodium_malloc'd memory, wiped and freed as soon as
 * they have been used; the journal gets who, which note and when. */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/uuid.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/fieldtext.h"
#include "guichet/note.h"
#include "guichet/utf8.h"
#include "team_internal.h"

#define NOTE_KEY_BYTES   crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define NOTE_NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define NOTE_TAG_BYTES   crypto_aead_xchacha20poly1305_ietf_ABYTES

/* --- levels and validation ------------------------------------------------ */

const char *note_level_code(note_level level)
{
    return level == NOTE_EQUIPE ? "equipe" : "privee";
}

const char *note_level_label(note_level level)
{
    return level == NOTE_EQUIPE ? _("Équipe") : _("Privée");
}

int note_level_parse(const char *code, note_level *out)
{
    if (code && strcmp(code, "privee") == 0)
        *out = NOTE_PRIVEE;
    else if (code && strcmp(code, "equipe") == 0)
        *out = NOTE_EQUIPE;
    else
        return -1;
    return 0;
}

g_status note_check_text(const char *text, g_error *err)
{
    if (!text)
        return g_err_field(err, G_ERR_INVALID, "text", _("La note est vide."));
    size_t len = strlen(text);
    if (len > NOTE_MAX_BYTES)
        return g_err_field(err, G_ERR_INVALID, "text",
                           _("La note est trop longue : %zu octets pour %d au plus. "
                             "Raccourcissez-la."),
                           len, NOTE_MAX_BYTES);
    if (!utf8_valid(text, len))
        return g_err_field(err, G_ERR_INVALID, "text",
                           _("La note contient des caractères mal encodés (UTF-8 invalide)."));
    /* the rule of every stored text (fieldtext.h), multi-line: LF only */
    g_status fs = fieldtext_check(text, FIELDTEXT_MULTILINE, "text", _("Note"), err);
    if (fs != G_OK)
        return fs;
    int blank = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c != ' ' && c != '\n' && c != '\t')
            blank = 0;
    }
    if (blank)
        return g_err_field(err, G_ERR_INVALID, "text", _("La note est vide."));
    return G_OK;
}

/* --- small helpers ---------------------------------------------------------- */

static g_status nomem(g_error *err)
{
    return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
}

/* Associated data of a version: a ciphertext moved to another note or
 * another version does not decrypt. */
static size_t note_ad(const char *uuid, int version, unsigned char *ad, size_t size)
{
    int n = snprintf((char *)ad, size, "guichet-note-v1:%s:%d", uuid, version);
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

typedef struct note_row {
    int64_t id;
    char uuid[NOTE_UUID_SIZE];
    int64_t visitor_id;
    int64_t author_id;
    note_level level;
    int current_version;
    int64_t created_at;
    int64_t updated_at;
} note_row;

static void note_row_read(sqlite3_stmt *st, note_row *n)
{
    memset(n, 0, sizeof *n);
    n->id = sqlite3_column_int64(st, 0);
    db_column_text(st, 1, n->uuid, sizeof n->uuid);
    n->visitor_id = sqlite3_column_int64(st, 2);
    n->author_id = sqlite3_column_int64(st, 3);
    if (note_level_parse((const char *)sqlite3_column_text(st, 4), &n->level) != 0)
        n->level = NOTE_PRIVEE;
    n->current_version = sqlite3_column_int(st, 5);
    n->created_at = sqlite3_column_int64(st, 6);
    n->updated_at = sqlite3_column_int64(st, 7);
}

#define NOTE_COLUMNS                                                                               \
    "id, uuid, visitor_id, author_id, level, current_version, created_at, updated_at"

static g_status note_row_load(g_db *db, int64_t note_id, note_row *out, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "SELECT " NOTE_COLUMNS " FROM note WHERE id = ?", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, note_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        note_row_read(st, out);
    else if (rc == SQLITE_DONE)
        s = g_err(err, G_ERR_NOTFOUND, _("Cette note n'existe pas (ou plus)."));
    else
        s = db_fail(db, err, _("lecture d'une note"));
    sqlite3_finalize(st);
    return s;
}

/* The display name of account id ("" for an account that no longer
 * exists); a failing query is an error. */
static g_status user_name(g_db *db, int64_t id, char *buf, size_t size, g_error *err)
{
    buf[0] = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "SELECT display_name FROM app_user WHERE id = ?", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    if ((s = db_step_row(db, st, _("lecture d'un compte"), err)) == G_OK)
        db_column_text(st, 0, buf, size);
    sqlite3_finalize(st);
    return s == G_ERR_NOTFOUND ? G_OK : s;
}

static void note_object(const note_row *n, char *buf, size_t size)
{
    snprintf(buf, size, "note:%s", n->uuid);
}

/* Journals in its own transaction (or the caller's). */
static g_status journal(g_db *db, int64_t user_id, const char *action, const note_row *n,
                        const char *detail, g_error *err)
{
    char obj[64];
    note_object(n, obj, sizeof obj);
    return audit_log(db, user_id, action, obj, detail, err);
}

/* --- the team secret, opened once per call ----------------------------------- */

typedef struct team_cache {
    int state;                      /* 0 not tried, 1 open, -1 not available */
    int64_t id;                     /* team_key.id when open */
    unsigned char pk[KEY_PK_BYTES]; /* its public key */
    unsigned char *sk;              /* KEY_SK_BYTES, locked; NULL unless open */
} team_cache;

static g_status team_cache_open(g_db *db, const g_session *s, const key_owner *me, team_cache *tc,
                                g_error *err)
{
    if (tc->state)
        return G_OK;
    tc->state = -1;
    if (me->role == ROLE_ACCUEIL)
        return G_OK;
    tc->sk = sodium_malloc(KEY_SK_BYTES);
    if (!tc->sk)
        return nomem(err);
    g_error why = {0};
    g_status st = team_secret_open(db, s, me, &tc->id, tc->sk, &why);
    if (st == G_OK) {
        crypto_scalarmult_base(tc->pk, tc->sk);
        tc->state = 1;
        return G_OK;
    }
    sodium_free(tc->sk);
    tc->sk = NULL;
    if (st == G_ERR_DENIED || st == G_ERR_NOTFOUND || st == G_ERR_CRYPTO)
        return G_OK; /* no team access: team notes stay closed */
    if (err)
        *err = why;
    return st;
}

static void team_cache_free(team_cache *tc)
{
    if (tc->sk)
        sodium_free(tc->sk);
    tc->sk = NULL;
    tc->state = 0;
}

/* Opens the key of (note, version) for the session into key (locked).
 * G_ERR_DENIED when nothing is sealed for the session, G_ERR_CRYPTO when
 * something is but does not open. */
static g_status open_version_key(g_db *db, const g_session *s, const key_owner *me, team_cache *tc,
                                 int64_t note_id, int version, unsigned char *key, g_error *err)
{
    sqlite3_stmt *st;
    g_status r = db_prepare(db,
                            "SELECT reader_kind = 'team', reader_id, key_generation, wrapped_key "
                            "FROM note_key WHERE note_id = ? AND version = ? AND "
                            "((reader_kind = 'user' AND reader_id = ?) OR reader_kind = 'team') "
                            "ORDER BY reader_kind DESC", /* 'user' first */
                            &st, err);
    if (r != G_OK)
        return r;
    sqlite3_bind_int64(st, 1, note_id);
    sqlite3_bind_int(st, 2, version);
    sqlite3_bind_int64(st, 3, me->id);
    int sealed_for_me = 0, rc = SQLITE_DONE;
    r = G_ERR_DENIED;
    while (r != G_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int is_team = sqlite3_column_int(st, 0);
        int64_t reader = sqlite3_column_int64(st, 1);
        const unsigned char *w = sqlite3_column_blob(st, 3);
        size_t wlen = (size_t)sqlite3_column_bytes(st, 3);
        if (!is_team) {
            if (sqlite3_column_int64(st, 2) != me->key_generation)
                continue; /* sealed for a key pair replaced by a reset */
            sealed_for_me = 1;
            if (key_unseal(key, w, wlen, me->public_key, s->secret_key) == 0)
                r = G_OK;
        } else {
            g_status t = team_cache_open(db, s, me, tc, err);
            if (t != G_OK) {
                sqlite3_finalize(st);
                return t;
            }
            if (tc->state != 1 || tc->id != reader)
                continue;
            sealed_for_me = 1;
            if (key_unseal(key, w, wlen, tc->pk, tc->sk) == 0)
                r = G_OK;
        }
    }
    /* a key that could not be read is not "not yours" */
    if (r != G_OK && db_rows_end(db, rc, _("lecture d'une note"), err) != G_OK) {
        sqlite3_finalize(st);
        return err ? err->code : G_ERR_DB;
    }
    sqlite3_finalize(st);
    if (r == G_OK)
        return G_OK;
    if (sealed_for_me)
        return g_err(err, G_ERR_CRYPTO,
                     _("Cette note ne peut pas être déchiffrée : sa clé a été altérée dans la "
                       "base. Prévenez le responsable."));
    return g_err(err, G_ERR_DENIED, _("Cette note confidentielle ne vous est pas accessible."));
}

/* Decrypts (note, version) with key into a new locked NUL-terminated buffer
 * *text (sodium_free it) of *len bytes; fills the version's author and date. */
static g_status decrypt_version(g_db *db, const note_row *n, int version, const unsigned char *key,
                                char **text, size_t *len, int64_t *author_id, int64_t *created_at,
                                g_error *err)
{
    *text = NULL;
    *len = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT nonce, ciphertext, author_id, created_at FROM note_version "
                            "WHERE note_id = ? AND version = ?",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, n->id);
    sqlite3_bind_int(st, 2, version);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_finalize(st);
        return g_err(err, G_ERR_NOTFOUND, _("Cette version de la note n'existe pas."));
    }
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return db_fail(db, err, _("lecture d'une note"));
    }
    const unsigned char *nonce = sqlite3_column_blob(st, 0);
    size_t nlen = (size_t)sqlite3_column_bytes(st, 0);
    const unsigned char *c = sqlite3_column_blob(st, 1);
    size_t clen = (size_t)sqlite3_column_bytes(st, 1);
    if (author_id)
        *author_id = sqlite3_column_int64(st, 2);
    if (created_at)
        *created_at = sqlite3_column_int64(st, 3);
    unsigned char ad[96];
    size_t adlen = note_ad(n->uuid, version, ad, sizeof ad);
    char *p = NULL;
    unsigned long long plen = 0;
    if (!nonce || nlen != NOTE_NONCE_BYTES || !c || clen < NOTE_TAG_BYTES ||
        clen > NOTE_MAX_BYTES + NOTE_TAG_BYTES) {
        s = G_ERR_CRYPTO;
    } else if (!(p = sodium_malloc(clen - NOTE_TAG_BYTES + 1))) {
        s = nomem(err);
    } else if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)p, &plen, NULL, c, clen,
                                                          ad, adlen, nonce, key) != 0) {
        s = G_ERR_CRYPTO;
    } else {
        p[plen] = 0;
        *text = p;
        *len = (size_t)plen;
        p = NULL;
    }
    sqlite3_finalize(st);
    if (p)
        sodium_free(p);
    if (s == G_ERR_CRYPTO)
        s = g_err(err, G_ERR_CRYPTO,
                  _("Cette note ne peut pas être déchiffrée : elle a été altérée ou déplacée "
                    "dans la base. Prévenez le responsable."));
    return s;
}

/* Encrypts text as (note, version) under a new random key left in key
 * (locked, NOTE_KEY_BYTES) and inserts the note_version row. */
static g_status insert_version(g_db *db, const note_row *n, int version, const char *text,
                               int64_t author_id, int64_t now, unsigned char *key, g_error *err)
{
    crypto_aead_xchacha20poly1305_ietf_keygen(key);
    size_t len = strlen(text);
    unsigned char nonce[NOTE_NONCE_BYTES];
    randombytes_buf(nonce, sizeof nonce);
    unsigned char *c = malloc(len + NOTE_TAG_BYTES); /* ciphertext: nothing secret */
    if (!c)
        return nomem(err);
    unsigned char ad[96];
    size_t adlen = note_ad(n->uuid, version, ad, sizeof ad);
    unsigned long long clen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_encrypt(c, &clen, (const unsigned char *)text, len, ad,
                                                   adlen, NULL, nonce, key) != 0) {
        free(c);
        return g_err(err, G_ERR_CRYPTO,
                     _("Le chiffrement de la note a échoué ; rien n'a été enregistré."));
    }
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "INSERT INTO note_version (note_id, version, nonce, ciphertext, "
                            "author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                            &st, err);
    if (s == G_OK) {
        sqlite3_bind_int64(st, 1, n->id);
        sqlite3_bind_int(st, 2, version);
        sqlite3_bind_blob(st, 3, nonce, sizeof nonce, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 4, c, (int)clen, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 5, author_id);
        sqlite3_bind_int64(st, 6, now);
        if (sqlite3_step(st) != SQLITE_DONE)
            s = db_fail(db, err, _("enregistrement d'une note"));
        sqlite3_finalize(st);
    }
    free(c);
    return s;
}

/* Seals key for one reader of (note, version) (replacing an older copy). */
static g_status insert_key(g_db *db, int64_t note_id, int version, int is_team, int64_t reader_id,
                           int64_t generation, const unsigned char *key,
                           const unsigned char pk[KEY_PK_BYTES], g_error *err)
{
    unsigned char sealed[KEY_SEALED_BYTES];
    g_status s = key_seal(sealed, key, pk, err);
    if (s != G_OK)
        return s;
    sqlite3_stmt *st;
    s = db_prepare(db,
                   "INSERT INTO note_key (note_id, version, reader_kind, reader_id, "
                   "key_generation, wrapped_key) VALUES (?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (note_id, version, reader_kind, reader_id) DO UPDATE "
                   "SET key_generation = excluded.key_generation, "
                   "wrapped_key = excluded.wrapped_key",
                   &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, note_id);
    sqlite3_bind_int(st, 2, version);
    db_bind_text(st, 3, is_team ? "team" : "user");
    sqlite3_bind_int64(st, 4, reader_id);
    sqlite3_bind_int64(st, 5, generation);
    sqlite3_bind_blob(st, 6, sealed, sizeof sealed, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        s = db_fail(db, err, _("enregistrement d'une note"));
    sqlite3_finalize(st);
    return s;
}

/* The first non-blank line of text into out (size bytes), cut on a
 * character boundary, trailing blanks removed. */
static void first_line(const char *text, char *out, size_t size)
{
    const char *p = text;
    while (*p == ' ' || *p == '\t' || *p == '\n')
        p++;
    size_t n = strcspn(p, "\n");
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    if (n >= size) {
        n = size - 1;
        while (n && ((unsigned char)p[n] & 0xc0) == 0x80)
            n--; /* do not cut a character */
    }
    memcpy(out, p, n);
    out[n] = 0;
}

/* --- listing ------------------------------------------------------------------ */

void note_list_free(note_list_result *l)
{
    if (!l)
        return;
    if (l->items)
        sodium_free(l->items);
    free(l);
}

g_status note_list(g_db *db, const g_session *s, int64_t visitor_id, note_list_result **out,
                   g_error *err)
{
    *out = NULL;
    key_owner me;
    g_status st = key_session_check(db, s, &me, err);
    if (st != G_OK)
        return st;
    /* one transaction: the count, the list and its journal entry agree */
    if ((st = db_begin(db, err)) != G_OK)
        return st;
    sqlite3_stmt *q;
    size_t total = 0;
    note_list_result *l = calloc(1, sizeof *l);
    unsigned char *key = sodium_malloc(NOTE_KEY_BYTES);
    team_cache tc = {0};
    if (!l || !key) {
        st = nomem(err);
        goto out;
    }
    if ((st = db_prepare(db, "SELECT count(*) FROM note WHERE visitor_id = ?", &q, err)) != G_OK)
        goto out;
    sqlite3_bind_int64(q, 1, visitor_id);
    if ((st = db_step_row(db, q, _("lecture des notes"), err)) == G_OK)
        total = (size_t)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (st != G_OK)
        goto out;
    l->items = sodium_malloc((total ? total : 1) * sizeof *l->items);
    if (!l->items) {
        st = nomem(err);
        goto out;
    }
    if ((st = db_prepare(db,
                         "SELECT n.id, n.uuid, n.visitor_id, n.author_id, n.level, "
                         "n.current_version, n.created_at, n.updated_at, "
                         "coalesce(u.display_name, '') FROM note n "
                         "LEFT JOIN app_user u ON u.id = n.author_id WHERE n.visitor_id = ? "
                         "ORDER BY n.created_at DESC, n.id DESC",
                         &q, err)) != G_OK)
        goto out;
    sqlite3_bind_int64(q, 1, visitor_id);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && l->count < total) {
        note_row n;
        note_row_read(q, &n);
        g_error why = {0};
        g_status k = open_version_key(db, s, &me, &tc, n.id, n.current_version, key, &why);
        if (k == G_ERR_DENIED) {
            l->hidden++;
            continue;
        }
        if (k != G_OK && k != G_ERR_CRYPTO) {
            if (err)
                *err = why;
            st = k;
            break;
        }
        note_summary *it = &l->items[l->count++];
        memset(it, 0, sizeof *it);
        it->id = n.id;
        memcpy(it->uuid, n.uuid, sizeof it->uuid);
        it->author_id = n.author_id;
        db_column_text(q, 8, it->author_name, sizeof it->author_name);
        it->level = n.level;
        it->version = n.current_version;
        it->created_at = n.created_at;
        it->updated_at = n.updated_at;
        char *text = NULL;
        size_t len = 0;
        g_status d = k == G_OK ? decrypt_version(db, &n, n.current_version, key, &text, &len, NULL,
                                                 NULL, &why)
                               : k;
        sodium_memzero(key, NOTE_KEY_BYTES);
        if (d == G_OK) {
            first_line(text, it->first_line, sizeof it->first_line);
            sodium_free(text);
        } else if (d == G_ERR_CRYPTO || d == G_ERR_NOTFOUND) {
            it->damaged = 1; /* altered or missing in the file: shown as such */
        } else {
            if (err)
                *err = why; /* a note that could not be read is not a damaged one */
            st = d;
            break;
        }
    }
    if (st == G_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        st = db_fail(db, err, _("lecture des notes"));
    sqlite3_finalize(q);
    if (st == G_OK) {
        char obj[48], detail[64];
        snprintf(obj, sizeof obj, "visitor:%" PRId64, visitor_id);
        snprintf(detail, sizeof detail, "readable=%zu hidden=%zu", l->count, l->hidden);
        st = audit_log(db, me.id, "note-list", obj, detail, err);
    }
out:
    team_cache_free(&tc);
    if (key)
        sodium_free(key);
    if (st == G_OK)
        st = db_commit(db, err);
    else
        db_rollback(db);
    if (st == G_OK)
        *out = l;
    else
        note_list_free(l);
    return st;
}

g_status note_count(g_db *db, const g_session *s, int64_t visitor_id, size_t *readable,
                    size_t *hidden, g_error *err)
{
    *readable = *hidden = 0;
    key_owner me;
    g_status st = key_session_check(db, s, &me, err);
    if (st != G_OK)
        return st;
    sqlite3_stmt *q;
    if ((st = db_prepare(db, "SELECT id, current_version FROM note WHERE visitor_id = ?", &q,
                         err)) != G_OK)
        return st;
    sqlite3_bind_int64(q, 1, visitor_id);
    unsigned char *key = sodium_malloc(NOTE_KEY_BYTES);
    team_cache tc = {0};
    if (!key) {
        sqlite3_finalize(q);
        return nomem(err);
    }
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        g_error why = {0};
        g_status k = open_version_key(db, s, &me, &tc, sqlite3_column_int64(q, 0),
                                      sqlite3_column_int(q, 1), key, &why);
        sodium_memzero(key, NOTE_KEY_BYTES);
        if (k == G_ERR_DENIED) {
            (*hidden)++;
        } else if (k == G_OK || k == G_ERR_CRYPTO) {
            (*readable)++; /* listed by note_list (a damaged one too) */
        } else {
            if (err)
                *err = why;
            st = k;
            break;
        }
    }
    if (st == G_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        st = db_fail(db, err, _("lecture des notes"));
    sqlite3_finalize(q);
    team_cache_free(&tc);
    sodium_free(key);
    if (st != G_OK)
        *readable = *hidden = 0;
    return st;
}

/* --- reading -------------------------------------------------------------------- */

void note_text_free(note_text *t)
{
    if (t)
        sodium_free(t); /* the text lives in the same allocation; sodium_free wipes it */
}

g_status note_read(g_db *db, const g_session *s, int64_t note_id, int version, note_text **out,
                   g_error *err)
{
    *out = NULL;
    key_owner me;
    g_status st = key_session_check(db, s, &me, err);
    if (st != G_OK)
        return st;
    note_row n;
    if ((st = note_row_load(db, note_id, &n, err)) != G_OK)
        return st;
    if (version == 0)
        version = n.current_version;
    if (version < 1 || version > n.current_version)
        return g_err(err, G_ERR_NOTFOUND, _("Cette version de la note n'existe pas."));
    unsigned char *key = sodium_malloc(NOTE_KEY_BYTES);
    if (!key)
        return nomem(err);
    team_cache tc = {0};
    char detail[48];
    snprintf(detail, sizeof detail, "version=%d", version);
    char *text = NULL;
    size_t len = 0;
    int64_t author = 0, at = 0;
    st = open_version_key(db, s, &me, &tc, n.id, version, key, err);
    team_cache_free(&tc);
    if (st == G_OK)
        st = decrypt_version(db, &n, version, key, &text, &len, &author, &at, err);
    sodium_free(key);
    if (st == G_ERR_DENIED || st == G_ERR_CRYPTO) {
        g_error why = {0};
        g_status j =
            journal(db, me.id, st == G_ERR_DENIED ? "note-read-denied" : "note-read-failed", &n,
                    detail, &why);
        return audit_refusal_status(st, j, &why, err);
    }
    if (st != G_OK)
        return st;
    /* sodium_malloc puts the block against a guard page: a size that is a
     * multiple of 16 keeps the struct aligned */
    note_text *t = sodium_malloc((sizeof *t + len + 1 + 15) & ~(size_t)15);
    if (!t) {
        sodium_free(text);
        return nomem(err);
    }
    memset(t, 0, sizeof *t);
    t->note_id = n.id;
    memcpy(t->uuid, n.uuid, sizeof t->uuid);
    t->visitor_id = n.visitor_id;
    t->level = n.level;
    t->version = version;
    t->current_version = n.current_version;
    t->note_author_id = n.author_id;
    t->author_id = author;
    if ((st = user_name(db, author, t->author_name, sizeof t->author_name, err)) != G_OK) {
        note_text_free(t);
        return st;
    }
    t->created_at = at;
    t->len = len;
    t->text = (char *)(t + 1);
    memcpy(t->text, text, len + 1);
    sodium_free(text);
    /* no read without its journal entry */
    if ((st = journal(db, me.id, "note-read", &n, detail, err)) != G_OK) {
        note_text_free(t);
        return st;
    }
    *out = t;
    return G_OK;
}

/* --- writing ------------------------------------------------------------------- */

g_status note_create(g_db *db, const g_session *s, int64_t visitor_id, note_level level,
                     const char *text, const int64_t *readers, size_t n_readers, int64_t *id_out,
                     g_error *err)
{
    if (id_out)
        *id_out = 0;
    key_owner me;
    g_status st = key_session_check(db, s, &me, err);
    if (st != G_OK || (st = note_check_text(text, err)) != G_OK)
        return st;
    if (level != NOTE_PRIVEE && level != NOTE_EQUIPE)
        return g_err_field(err, G_ERR_INVALID, "level",
                           _("Choisissez le niveau de la note : privée ou équipe."));
    if (n_readers > NOTE_MAX_READERS)
        return g_err_field(err, G_ERR_INVALID, "readers",
                           _("Une note peut être partagée avec %d collègues au plus."),
                           NOTE_MAX_READERS);
    key_owner who[NOTE_MAX_READERS + 1];
    size_t n_who = 0;
    who[n_who++] = me;
    for (size_t i = 0; i < n_readers; i++) {
        int dup = 0;
        for (size_t j = 0; j < n_who; j++)
            dup |= who[j].id == readers[i];
        if (dup)
            continue;
        if ((st = key_owner_load(db, readers[i], &who[n_who], err)) != G_OK)
            return st;
        if (who[n_who].disabled)
            return g_err_field(err, G_ERR_INVALID, "readers",
                               _("Le compte « %s » est désactivé : il ne peut pas lire de note."),
                               who[n_who].login);
        n_who++;
    }
    int64_t team_id = 0;
    unsigned char team_pk[KEY_PK_BYTES];
    if (level == NOTE_EQUIPE && (st = team_public(db, &team_id, team_pk, err)) != G_OK)
        return st;

    sqlite3_stmt *q;
    if ((st = db_prepare(db, "SELECT 1 FROM visitor WHERE id = ?", &q, err)) != G_OK)
        return st;
    sqlite3_bind_int64(q, 1, visitor_id);
    st = db_step_row(db, q, _("lecture d'une fiche usager"), err);
    sqlite3_finalize(q);
    if (st == G_ERR_NOTFOUND)
        return g_err(err, G_ERR_NOTFOUND, _("Cet usager n'existe pas (ou plus)."));
    if (st != G_OK)
        return st;

    unsigned char *key = sodium_malloc(NOTE_KEY_BYTES);
    if (!key)
        return nomem(err);
    note_row n = {0};
    uuid_new(n.uuid);
    n.visitor_id = visitor_id;
    n.author_id = me.id;
    n.level = level;
    n.current_version = 1;
    n.created_at = n.updated_at = clock_now();
    if ((st = db_begin(db, err)) != G_OK)
        goto out;
    if ((st = db_prepare(db,
                         "INSERT INTO note (uuid, visitor_id, author_id, level, current_version, "
                         "created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
                         &q, err)) != G_OK)
        goto fail;
    db_bind_text(q, 1, n.uuid);
    sqlite3_bind_int64(q, 2, visitor_id);
    sqlite3_bind_int64(q, 3, me.id);
    db_bind_text(q, 4, note_level_code(level));
    sqlite3_bind_int64(q, 5, n.created_at);
    sqlite3_bind_int64(q, 6, n.updated_at);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        st = db_fail(db, err, _("enregistrement d'une note"));
        goto fail;
    }
    n.id = sqlite3_last_insert_rowid(db_sql(db));
    if ((st = insert_version(db, &n, 1, text, me.id, n.created_at, key, err)) != G_OK)
        goto fail;
    for (size_t i = 0; i < n_who; i++)
        if ((st = insert_key(db, n.id, 1, 0, who[i].id, who[i].key_generation, key,
                             who[i].public_key, err)) != G_OK)
            goto fail;
    if (level == NOTE_EQUIPE &&
        (st = insert_key(db, n.id, 1, 1, team_id, 0, key, team_pk, err)) != G_OK)
        goto fail;
    char detail[96];
    snprintf(detail, sizeof detail, "visitor=%" PRId64 " level=%s readers=%zu%s", visitor_id,
             note_level_code(level), n_who, level == NOTE_EQUIPE ? "+team" : "");
    if ((st = journal(db, me.id, "note-create", &n, detail, err)) != G_OK)
        goto fail;
    if ((st = db_commit(db, err)) != G_OK)
        goto out;
    if (id_out)
        *id_out = n.id;
    goto out;
fail:
    db_rollback(db);
out:
    sodium_free(key);
    return st;
}

g_status note_update(g_db *db, const g_session *s, int64_t note_id, int expected_version,
                     const char *text, int *version_out, g_error *err)
{
    if (version_out)
        *version_out = 0;
    key_owner me;
    g_status st = key_session_check(db, s, &me, err);
    if (st != G_OK || (st = note_check_text(text, err)) != G_OK)
        return st;
    unsigned char *key = sodium_malloc(NOTE_KEY_BYTES);
    if (!key)
        return nomem(err);
    team_cache tc = {0};
    note_row n;
    struct reader {
        int is_team;
        int64_t id;
    } *rd = NULL;
    size_t n_rd = 0;
    if ((st = db_begin(db, err)) != G_OK)
        goto out;
    if ((st = note_row_load(db, note_id, &n, err)) != G_OK)
        goto fail;
    if (n.current_version != expected_version) {
        st = g_err(err, G_ERR_CONFLICT,
                   _("Cette note a été modifiée entre-temps (version %d) : relisez-la avant de "
                     "l'enregistrer à nouveau."),
                   n.current_version);
        goto fail;
    }
    /* only a current reader edits: the key must open for the session */
    if ((st = open_version_key(db, s, &me, &tc, n.id, n.current_version, key, err)) != G_OK)
        goto fail;
    sodium_memzero(key, NOTE_KEY_BYTES);
    sqlite3_stmt *q;
    if ((st = db_prepare(db,
                         "SELECT reader_kind = 'team', reader_id FROM note_key "
                         "WHERE note_id = ? AND version = ? ORDER BY reader_kind, reader_id",
                         &q, err)) != G_OK)
        goto fail;
    sqlite3_bind_int64(q, 1, n.id);
    sqlite3_bind_int(q, 2, n.current_version);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        void *grown = realloc(rd, (n_rd + 1) * sizeof *rd);
        if (!grown) {
            sqlite3_finalize(q);
            st = nomem(err);
            goto fail;
        }
        rd = grown;
        rd[n_rd].is_team = sqlite3_column_int(q, 0);
        rd[n_rd].id = sqlite3_column_int64(q, 1);
        n_rd++;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        st = db_fail(db, err, _("lecture d'une note"));
        goto fail;
    }
    int v = n.current_version + 1;
    int64_t now = clock_now();
    if ((st = insert_version(db, &n, v, text, me.id, now, key, err)) != G_OK)
        goto fail;
    size_t sealed = 0;
    for (size_t i = 0; i < n_rd; i++) {
        unsigned char pk[KEY_PK_BYTES];
        int64_t gen = 0;
        if (rd[i].is_team) {
            if ((st = db_prepare(db, "SELECT public_key FROM team_key WHERE id = ?", &q, err)) !=
                G_OK)
                goto fail;
            sqlite3_bind_int64(q, 1, rd[i].id);
            /* a team key that could not be read would drop the team from
             * the new version: an error, not a skip */
            st = db_step_row(db, q, _("lecture de la clé de l'équipe"), err);
            int ok = st == G_OK && (size_t)sqlite3_column_bytes(q, 0) == KEY_PK_BYTES;
            if (ok)
                memcpy(pk, sqlite3_column_blob(q, 0), KEY_PK_BYTES);
            sqlite3_finalize(q);
            if (st != G_OK && st != G_ERR_NOTFOUND)
                goto fail;
            st = G_OK;
            if (!ok)
                continue; /* replaced or damaged team key: nothing to seal for */
        } else {
            key_owner u;
            g_error why = {0};
            g_status k = key_owner_load(db, rd[i].id, &u, &why);
            if (k != G_OK && k != G_ERR_NOTFOUND && k != G_ERR_CRYPTO) {
                if (err)
                    *err = why; /* a reader that could not be read would lose the note */
                st = k;
                goto fail;
            }
            if (k != G_OK || u.disabled)
                continue; /* a disabled account gets no copy of new versions */
            memcpy(pk, u.public_key, KEY_PK_BYTES);
            gen = u.key_generation;
        }
        if ((st = insert_key(db, n.id, v, rd[i].is_team, rd[i].id, gen, key, pk, err)) != G_OK)
            goto fail;
        sealed++;
    }
    if ((st = db_prepare(db,
                         "UPDATE note SET current_version = ?, updated_at = ? "
                         "WHERE id = ? AND current_version = ?",
                         &q, err)) != G_OK)
        goto fail;
    sqlite3_bind_int(q, 1, v);
    sqlite3_bind_int64(q, 2, now);
    sqlite3_bind_int64(q, 3, n.id);
    sqlite3_bind_int(q, 4, expected_version);
    rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE || sqlite3_changes(db_sql(db)) != 1) {
        st = rc != SQLITE_DONE ? db_fail(db, err, _("enregistrement d'une note"))
                               : g_err(err, G_ERR_CONFLICT,
                                       _("Cette note a été modifiée entre-temps : relisez-la."));
        goto fail;
    }
    char detail[64];
    snprintf(detail, sizeof detail, "version=%d readers=%zu", v, sealed);
    if ((st = journal(db, me.id, "note-update", &n, detail, err)) != G_OK)
        goto fail;
    if ((st = db_commit(db, err)) != G_OK)
        goto out;
    if (version_out)
        *version_out = v;
    goto out;
fail:
    db_rollback(db);
out:
    free(rd);
    team_cache_free(&tc);
    sodium_free(key);
    return st;
}

g_status note_share(g_db *db, const g_session *s, int64_t note_id, int64_t user_id, g_error *err)
{
    key_owner me, u;
    g_status st = key_session_check(db, s, &me, err);
    if (st != G_OK || (st = key_owner_load(db, user_id, &u, err)) != G_OK)
        return st;
    if (u.disabled)
        return g_err(err, G_ERR_INVALID,
                     _("Le compte « %s » est désactivé : il ne peut pas lire de note."), u.login);
    unsigned char *key = sodium_malloc(NOTE_KEY_BYTES);
    if (!key)
        return nomem(err);
    team_cache tc = {0};
    note_row n;
    if ((st = db_begin(db, err)) != G_OK)
        goto out;
    if ((st = note_row_load(db, note_id, &n, err)) != G_OK)
        goto fail;
    if (n.level == NOTE_EQUIPE) {
        /* a team note belongs to the team key: it reaches a colleague by
         * their joining the team, never note by note (which would let the
         * reception desk read team notes) */
        st = g_err(err, G_ERR_INVALID,
                   _("Une note d'équipe ne se partage pas : elle est lue par les membres de "
                     "l'équipe. Un conseiller ou un responsable y accède quand on lui donne la clé "
                     "d'équipe."));
        goto fail;
    }
    if ((st = open_version_key(db, s, &me, &tc, n.id, n.current_version, key, err)) != G_OK) {
        if (st == G_ERR_DENIED)
            st = g_err(err, G_ERR_DENIED, _("Seul un lecteur de cette note peut la partager."));
        goto fail;
    }
    sodium_memzero(key, NOTE_KEY_BYTES);
    sqlite3_stmt *q;
    if ((st = db_prepare(db,
                         "SELECT 1 FROM note_key WHERE note_id = ? AND version = ? AND "
                         "reader_kind = 'user' AND reader_id = ? AND key_generation = ?",
                         &q, err)) != G_OK)
        goto fail;
    sqlite3_bind_int64(q, 1, n.id);
    sqlite3_bind_int(q, 2, n.current_version);
    sqlite3_bind_int64(q, 3, u.id);
    sqlite3_bind_int64(q, 4, u.key_generation);
    st = db_step_row(db, q, _("lecture d'une note"), err);
    sqlite3_finalize(q);
    if (st != G_OK && st != G_ERR_NOTFOUND)
        goto fail;
    int already = st == G_OK;
    st = G_OK;
    if (already) {
        st = g_err(err, G_ERR_EXISTS, _("%s peut déjà lire cette note."), u.display_name);
        goto fail;
    }
    int shared = 0;
    for (int v = 1; v <= n.current_version; v++) {
        g_error ignored = {0};
        g_status k = open_version_key(db, s, &me, &tc, n.id, v, key, &ignored);
        if (k == G_ERR_DENIED || k == G_ERR_CRYPTO)
            continue; /* a version the session cannot open is not shared */
        if (k != G_OK) {
            if (err)
                *err = ignored;
            st = k;
            goto fail;
        }
        st = insert_key(db, n.id, v, 0, u.id, u.key_generation, key, u.public_key, err);
        sodium_memzero(key, NOTE_KEY_BYTES);
        if (st != G_OK)
            goto fail;
        shared++;
    }
    char detail[64];
    snprintf(detail, sizeof detail, "user=%" PRId64 " versions=%d", u.id, shared);
    if ((st = journal(db, me.id, "note-share", &n, detail, err)) != G_OK)
        goto fail;
    st = db_commit(db, err);
    goto out;
fail:
    db_rollback(db);
out:
    team_cache_free(&tc);
    sodium_free(key);
    return st;
}

static g_status delete_rows(g_db *db, const char *sql, int64_t note_id, g_error *err)
{
    sqlite3_stmt *q;
    g_status st = db_prepare(db, sql, &q, err);
    if (st != G_OK)
        return st;
    sqlite3_bind_int64(q, 1, note_id);
    if (sqlite3_step(q) != SQLITE_DONE)
        st = db_fail(db, err, _("suppression d'une note"));
    sqlite3_finalize(q);
    return st;
}

g_status note_delete(g_db *db, const g_session *s, int64_t note_id, g_error *err)
{
    key_owner me;
    g_status st = key_session_check(db, s, &me, err);
    if (st != G_OK)
        return st;
    unsigned char *key = sodium_malloc(NOTE_KEY_BYTES);
    if (!key)
        return nomem(err);
    team_cache tc = {0};
    note_row n;
    if ((st = db_begin(db, err)) != G_OK)
        goto out;
    if ((st = note_row_load(db, note_id, &n, err)) != G_OK)
        goto fail;
    if (n.author_id != me.id) {
        g_error why = {0};
        g_status k = open_version_key(db, s, &me, &tc, n.id, n.current_version, key, &why);
        sodium_memzero(key, NOTE_KEY_BYTES);
        if (k != G_OK && k != G_ERR_DENIED && k != G_ERR_CRYPTO) {
            if (err)
                *err = why; /* could not tell whether they may: not a refusal */
            st = k;
            goto fail;
        }
        if (me.role != ROLE_RESPONSABLE || k != G_OK) {
            st = g_err(err, G_ERR_DENIED,
                       _("Seul l'auteur de la note (ou un responsable qui peut la lire) peut "
                         "la supprimer."));
            goto fail;
        }
    }
    if ((st = delete_rows(db, "DELETE FROM note_key WHERE note_id = ?", n.id, err)) != G_OK ||
        (st = delete_rows(db, "DELETE FROM note_version WHERE note_id = ?", n.id, err)) != G_OK ||
        (st = delete_rows(db, "DELETE FROM note WHERE id = ?", n.id, err)) != G_OK)
        goto fail;
    char detail[96];
    snprintf(detail, sizeof detail, "visitor=%" PRId64 " versions=%d", n.visitor_id,
             n.current_version);
    if ((st = journal(db, me.id, "note-delete", &n, detail, err)) != G_OK)
        goto fail;
    if ((st = db_commit(db, err)) != G_OK)
        goto out;
    /* the old pages stay in the write-ahead log until a checkpoint; secure_delete
     * zeroes them in the file. Best effort: other desks may hold the log. */
    sqlite3_wal_checkpoint_v2(db_sql(db), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    goto out;
fail:
    db_rollback(db);
out:
    team_cache_free(&tc);
    sodium_free(key);
    return st;
}

/* --- history and readers ---------------------------------------------------------- */

g_status note_history(g_db *db, const g_session *s, int64_t note_id, note_version_info **out,
                      size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    key_owner me;
    g_status st = key_session_check(db, s, &me, err);
    if (st != G_OK)
        return st;
    note_row n;
    if ((st = note_row_load(db, note_id, &n, err)) != G_OK)
        return st;
    note_version_info *v =
        calloc((size_t)(n.current_version > 0 ? n.current_version : 1), sizeof *v);
    unsigned char *key = sodium_malloc(NOTE_KEY_BYTES);
    team_cache tc = {0};
    size_t nv = 0, readable = 0;
    if (!v || !key) {
        st = nomem(err);
        goto out;
    }
    sqlite3_stmt *q;
    if ((st = db_prepare(db,
                         "SELECT v.version, v.author_id, coalesce(u.display_name, ''), "
                         "v.created_at FROM note_version v LEFT JOIN app_user u "
                         "ON u.id = v.author_id WHERE v.note_id = ? ORDER BY v.version",
                         &q, err)) != G_OK)
        goto out;
    sqlite3_bind_int64(q, 1, n.id);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && nv < (size_t)n.current_version) {
        note_version_info *it = &v[nv++];
        it->version = sqlite3_column_int(q, 0);
        it->author_id = sqlite3_column_int64(q, 1);
        db_column_text(q, 2, it->author_name, sizeof it->author_name);
        it->created_at = sqlite3_column_int64(q, 3);
        g_error ignored = {0};
        g_status k = open_version_key(db, s, &me, &tc, n.id, it->version, key, &ignored);
        sodium_memzero(key, NOTE_KEY_BYTES);
        if (k == G_OK) {
            it->readable = 1;
            readable++;
        } else if (k != G_ERR_DENIED && k != G_ERR_CRYPTO) {
            if (err)
                *err = ignored;
            st = k;
            break;
        }
    }
    sqlite3_finalize(q);
    if (st == G_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        st = db_fail(db, err, _("lecture d'une note"));
    if (st == G_OK && readable == 0)
        st = g_err(err, G_ERR_DENIED, _("Cette note confidentielle ne vous est pas accessible."));
out:
    team_cache_free(&tc);
    if (key)
        sodium_free(key);
    if (st != G_OK) {
        free(v);
        return st;
    }
    *out = v;
    *count = nv;
    return G_OK;
}

g_status note_readers(g_db *db, const g_session *s, int64_t note_id, note_reader **out,
                      size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    key_owner me;
    g_status st = key_session_check(db, s, &me, err);
    if (st != G_OK)
        return st;
    note_row n;
    if ((st = note_row_load(db, note_id, &n, err)) != G_OK)
        return st;
    unsigned char *key = sodium_malloc(NOTE_KEY_BYTES);
    if (!key)
        return nomem(err);
    team_cache tc = {0};
    st = open_version_key(db, s, &me, &tc, n.id, n.current_version, key, err);
    team_cache_free(&tc);
    sodium_free(key);
    if (st != G_OK)
        return st;
    sqlite3_stmt *q;
    if ((st = db_prepare(db,
                         "SELECT k.reader_kind = 'team', k.reader_id, "
                         "coalesce(u.display_name, ''), "
                         "k.reader_kind = 'user' AND k.key_generation <> "
                         "coalesce(u.key_generation, 0) "
                         "FROM note_key k LEFT JOIN app_user u ON k.reader_kind = 'user' AND "
                         "u.id = k.reader_id WHERE k.note_id = ? AND k.version = ? "
                         "ORDER BY k.reader_kind DESC, u.display_name",
                         &q, err)) != G_OK)
        return st;
    sqlite3_bind_int64(q, 1, n.id);
    sqlite3_bind_int(q, 2, n.current_version);
    note_reader *r = NULL;
    size_t nr = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        note_reader *grown = realloc(r, (nr + 1) * sizeof *r);
        if (!grown) {
            st = nomem(err);
            break;
        }
        r = grown;
        note_reader *it = &r[nr++];
        memset(it, 0, sizeof *it);
        it->is_team = sqlite3_column_int(q, 0);
        it->user_id = it->is_team ? 0 : sqlite3_column_int64(q, 1);
        if (!it->is_team)
            db_column_text(q, 2, it->display_name, sizeof it->display_name);
        it->stale = sqlite3_column_int(q, 3);
    }
    if (st == G_OK && rc != SQLITE_DONE)
        st = db_fail(db, err, _("lecture d'une note"));
    sqlite3_finalize(q);
    if (st != G_OK) {
        free(r);
        return st;
    }
    *out = r;
    *count = nr;
    return G_OK;
}

g_status note_draft_seal(const g_session *s, const char *text, size_t len, unsigned char **out,
                         size_t *out_len, g_error *err)
{
    *out = NULL;
    *out_len = 0;
    unsigned char *c = malloc(len + crypto_box_SEALBYTES);
    if (!c)
        return nomem(err);
    if (crypto_box_seal(c, (const unsigned char *)text, len, s->public_key) != 0) {
        free(c);
        return g_err(err, G_ERR_CRYPTO, _("Le texte en cours n'a pas pu être protégé."));
    }
    *out = c;
    *out_len = len + crypto_box_SEALBYTES;
    return G_OK;
}

g_status note_draft_open(const g_session *s, const unsigned char *sealed, size_t sealed_len,
                         char *buf, size_t cap, size_t *len, g_error *err)
{
    if (!s->secret_key || sealed_len < crypto_box_SEALBYTES ||
        sealed_len - crypto_box_SEALBYTES >= cap ||
        crypto_box_seal_open((unsigned char *)buf, sealed, sealed_len, s->public_key,
                             s->secret_key) != 0)
        return g_err(err, G_ERR_CRYPTO, _("Le texte en cours n'a pas pu être rouvert."));
    *len = sealed_len - crypto_box_SEALBYTES;
    buf[*len] = 0;
    return G_OK;
}
