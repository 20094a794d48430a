/* test_note.c — confidential notes: round trips, who reads what, tampering
 * (every bit of nonce, ciphertext and tag; rows swapped between notes and
 * versions), edits and history, sharing, deletion, the journal, validation,
 * and no plaintext anywhere on disk. */
#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/auth.h"
#include "guichet/clock.h"
#include "guichet/demo.h"
#include "guichet/note.h"
#include "guichet/team.h"
#include "guichet/user.h"
#include "guichet/visitor.h"
#include "testutil.h"

#define PW "mot-de-passe-de-test"

/* One database and four colleagues shared by the tests of the main group
 * (Argon2id makes accounts slow to create). */
static g_config cfg;
static g_db *db;
static g_session *alice; /* conseillère, team member */
static g_session *bruno; /* conseiller, team member */
static g_session *chloe; /* accueil */
static g_session *marc;  /* responsable, team member */

static g_session *login(g_db *d, const char *who)
{
    g_session *s = NULL;
    g_error err = {0};
    if (auth_login(d, &cfg, who, PW, &s, &err) != G_OK) {
        fprintf(stderr, "login %s: %s\n", who, err.msg);
        abort();
    }
    return s;
}

static void add_user(g_db *d, const char *login_, const char *name, user_role role)
{
    g_error err = {0};
    if (user_add(d, &cfg, 0, login_, name, role, PW, NULL, &err) != G_OK) {
        fprintf(stderr, "user_add %s: %s\n", login_, err.msg);
        abort();
    }
}

static int64_t new_visitor(g_db *d, const char *last_name)
{
    visitor v;
    visitor_init(&v);
    snprintf(v.last_name, sizeof v.last_name, "%s", last_name);
    snprintf(v.first_names, sizeof v.first_names, "Camille");
    g_error err = {0};
    if (visitor_save(d, 0, &v, &err) != G_OK) {
        fprintf(stderr, "visitor_save: %s\n", err.msg);
        abort();
    }
    return v.id;
}

static int group_setup(void **state)
{
    (void)state;
    tu_config(&cfg);
    tu_clock("2026-03-30T08:00:00Z");
    db = tu_db_new();
    add_user(db, "alice", "Alice Conseil", ROLE_CONSEILLER);
    add_user(db, "bruno", "Bruno Conseil", ROLE_CONSEILLER);
    add_user(db, "chloe", "Chloé Accueil", ROLE_ACCUEIL);
    add_user(db, "marc", "Marc Responsable", ROLE_RESPONSABLE);
    g_error err = {0};
    if (team_init(db, 0, &err) != G_OK) {
        fprintf(stderr, "team_init: %s\n", err.msg);
        abort();
    }
    alice = login(db, "alice");
    bruno = login(db, "bruno");
    chloe = login(db, "chloe");
    marc = login(db, "marc");
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    g_error err = {0};
    int ok = audit_verify(db, NULL, &err) == G_OK;
    auth_session_free(alice);
    auth_session_free(bruno);
    auth_session_free(chloe);
    auth_session_free(marc);
    db_close(db);
    clock_set(0);
    tu_cleanup();
    return ok ? 0 : -1;
}

static int64_t create(g_session *s, int64_t vis, note_level level, const char *text,
                      const int64_t *readers, size_t n)
{
    int64_t id = 0;
    g_error err = {0};
    g_status st = note_create(db, s, vis, level, text, readers, n, &id, &err);
    if (st != G_OK)
        fprintf(stderr, "note_create: %s\n", err.msg);
    assert_int_equal(st, G_OK);
    assert_true(id > 0);
    return id;
}

/* Reads note id as s and checks the text; returns the status. */
static g_status read_as(g_session *s, int64_t id, int version, const char *expect)
{
    note_text *t = NULL;
    g_error err = {0};
    g_status st = note_read(db, s, id, version, &t, &err);
    if (st == G_OK) {
        assert_non_null(t);
        if (expect) {
            assert_string_equal(t->text, expect);
            assert_int_equal(t->len, strlen(expect));
        }
        note_text_free(t);
    } else {
        assert_null(t);
        assert_true(err.msg[0] != 0); /* a message for the user, not a crash */
    }
    return st;
}

static int64_t count_sql(const char *sql, const char *text, int64_t num)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL), SQLITE_OK);
    int i = 1;
    if (text)
        sqlite3_bind_text(st, i++, text, -1, SQLITE_TRANSIENT);
    if (num)
        sqlite3_bind_int64(st, i, num);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void uuid_of(int64_t id, char out[NOTE_UUID_SIZE])
{
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db_sql(db), "SELECT uuid FROM note WHERE id = ?", -1, &st, NULL),
        SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    db_column_text(st, 0, out, NOTE_UUID_SIZE);
    sqlite3_finalize(st);
}

/* --- round trips and who reads what ------------------------------------------- */

static void test_private_note_round_trip_and_others_denied(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Dupont");
    const char *text = "Situation difficile.\nDeuxième ligne : « élève » 王芳 🙂\n    fin";
    int64_t id = create(alice, v, NOTE_PRIVEE, text, NULL, 0);
    note_text *t = NULL;
    g_error err = {0};
    assert_int_equal(note_read(db, alice, id, 0, &t, &err), G_OK);
    assert_string_equal(t->text, text);
    assert_int_equal(t->level, NOTE_PRIVEE);
    assert_int_equal(t->version, 1);
    assert_int_equal(t->current_version, 1);
    assert_int_equal(t->visitor_id, v);
    assert_int_equal(t->author_id, alice->user_id);
    assert_string_equal(t->author_name, "Alice Conseil");
    note_text_free(t);
    /* a colleague, the manager and reception cannot read it */
    assert_int_equal(read_as(bruno, id, 0, NULL), G_ERR_DENIED);
    assert_int_equal(read_as(marc, id, 0, NULL), G_ERR_DENIED);
    assert_int_equal(read_as(chloe, id, 0, NULL), G_ERR_DENIED);
    t = NULL;
    assert_int_equal(note_read(db, chloe, id, 0, &t, &err), G_ERR_DENIED);
    assert_non_null(strstr(err.msg, "pas accessible"));
    /* versions that do not exist */
    assert_int_equal(read_as(alice, id, 2, NULL), G_ERR_NOTFOUND);
    assert_int_equal(read_as(alice, id + 1000, 0, NULL), G_ERR_NOTFOUND);
}

static void test_private_note_for_named_colleagues(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Durand");
    int64_t readers[] = {bruno->user_id, chloe->user_id, bruno->user_id /* twice: once */};
    int64_t id = create(alice, v, NOTE_PRIVEE, "Pour Bruno et Chloé", readers, 3);
    assert_int_equal(read_as(alice, id, 0, "Pour Bruno et Chloé"), G_OK);
    assert_int_equal(read_as(bruno, id, 0, "Pour Bruno et Chloé"), G_OK);
    assert_int_equal(read_as(chloe, id, 0, "Pour Bruno et Chloé"), G_OK);
    assert_int_equal(read_as(marc, id, 0, NULL), G_ERR_DENIED);
    assert_int_equal(count_sql("SELECT count(*) FROM note_key WHERE note_id = ?", NULL, id), 3);
}

static void test_team_note_read_by_team_not_by_accueil(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Petit");
    int64_t id = create(bruno, v, NOTE_EQUIPE, "Note d'équipe", NULL, 0);
    assert_int_equal(read_as(alice, id, 0, "Note d'équipe"), G_OK);
    assert_int_equal(read_as(bruno, id, 0, "Note d'équipe"), G_OK);
    assert_int_equal(read_as(marc, id, 0, "Note d'équipe"), G_OK);
    assert_int_equal(read_as(chloe, id, 0, NULL), G_ERR_DENIED);
    /* sealed for the team key and the author only: nothing for alice herself */
    assert_int_equal(count_sql("SELECT count(*) FROM note_key WHERE note_id = ? AND "
                               "reader_kind = 'user'",
                               NULL, id),
                     1);
}

static void test_accueil_writes_for_readers_it_chooses(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Moreau");
    int64_t readers[] = {bruno->user_id};
    int64_t p = create(chloe, v, NOTE_PRIVEE, "Vu à l'accueil, pour Bruno", readers, 1);
    assert_int_equal(read_as(chloe, p, 0, "Vu à l'accueil, pour Bruno"), G_OK);
    assert_int_equal(read_as(bruno, p, 0, "Vu à l'accueil, pour Bruno"), G_OK);
    assert_int_equal(read_as(alice, p, 0, NULL), G_ERR_DENIED);
    /* a note written by reception for the team: the team and its author */
    int64_t e = create(chloe, v, NOTE_EQUIPE, "Pour l'équipe", NULL, 0);
    assert_int_equal(read_as(alice, e, 0, "Pour l'équipe"), G_OK);
    assert_int_equal(read_as(chloe, e, 0, "Pour l'équipe"), G_OK);
}

static void test_list_shows_readable_and_counts_others(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Lambert");
    tu_clock("2026-03-30T09:00:00Z");
    create(alice, v, NOTE_PRIVEE, "\n\n  Première ligne privée  \nsuite secrète", NULL, 0);
    tu_clock("2026-03-30T09:10:00Z");
    create(alice, v, NOTE_EQUIPE, "Ligne d'équipe\nsuite", NULL, 0);
    tu_clock("2026-03-30T09:20:00Z");
    int64_t readers[] = {chloe->user_id};
    create(bruno, v, NOTE_PRIVEE, "Pour Chloé aussi", readers, 1);
    tu_clock("2026-03-30T08:00:00Z");

    note_list_result *l = NULL;
    g_error err = {0};
    /* reception: only the note written for it, two others hidden */
    assert_int_equal(note_list(db, chloe, v, &l, &err), G_OK);
    assert_int_equal(l->count, 1);
    assert_int_equal(l->hidden, 2);
    assert_string_equal(l->items[0].first_line, "Pour Chloé aussi");
    assert_string_equal(l->items[0].author_name, "Bruno Conseil");
    note_list_free(l);
    /* alice: her two notes, newest first; bruno's private note hidden */
    assert_int_equal(note_list(db, alice, v, &l, &err), G_OK);
    assert_int_equal(l->count, 2);
    assert_int_equal(l->hidden, 1);
    assert_string_equal(l->items[0].first_line, "Ligne d'équipe");
    assert_int_equal(l->items[0].level, NOTE_EQUIPE);
    assert_string_equal(l->items[1].first_line, "Première ligne privée");
    assert_int_equal(l->items[1].level, NOTE_PRIVEE);
    assert_true(l->items[0].created_at > l->items[1].created_at);
    assert_int_equal(l->items[0].damaged, 0);
    note_list_free(l);
    /* marc (team member): the team note only */
    assert_int_equal(note_list(db, marc, v, &l, &err), G_OK);
    assert_int_equal(l->count, 1);
    assert_int_equal(l->hidden, 2);
    note_list_free(l);
    /* the counts alone, for the visitor's file: the same split, no journal */
    int journal = count_sql("SELECT count(*) FROM audit", NULL, 0);
    size_t readable = 9, hidden = 9;
    assert_int_equal(note_count(db, chloe, v, &readable, &hidden, &err), G_OK);
    assert_int_equal(readable, 1);
    assert_int_equal(hidden, 2);
    assert_int_equal(note_count(db, alice, v, &readable, &hidden, &err), G_OK);
    assert_int_equal(readable, 2);
    assert_int_equal(hidden, 1);
    assert_int_equal(note_count(db, marc, v, &readable, &hidden, &err), G_OK);
    assert_int_equal(readable, 1);
    assert_int_equal(hidden, 2);
    assert_int_equal(count_sql("SELECT count(*) FROM audit", NULL, 0), journal);
    /* a visitor without notes */
    assert_int_equal(note_count(db, alice, new_visitor(db, "Rien"), &readable, &hidden, &err),
                     G_OK);
    assert_int_equal(readable + hidden, 0);
    assert_int_equal(note_list(db, alice, new_visitor(db, "Sansnote"), &l, &err), G_OK);
    assert_int_equal(l->count, 0);
    assert_int_equal(l->hidden, 0);
    note_list_free(l);
}

static void test_first_line_is_cut_on_a_character(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Long");
    char text[600] = "";
    for (int i = 0; i < 100; i++)
        strcat(text, "é"); /* 2 bytes each: 200 bytes on one line */
    create(alice, v, NOTE_PRIVEE, text, NULL, 0);
    note_list_result *l = NULL;
    g_error err = {0};
    assert_int_equal(note_list(db, alice, v, &l, &err), G_OK);
    assert_int_equal(l->count, 1);
    size_t n = strlen(l->items[0].first_line);
    assert_true(n < NOTE_FIRST_LINE_MAX);
    assert_int_equal(n % 2, 0);
    assert_true(n >= NOTE_FIRST_LINE_MAX - 3);
    note_list_free(l);
}

/* --- tampering ------------------------------------------------------------------- */

static void get_blob(const char *sql, int64_t id, unsigned char **out, int *len)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    *len = sqlite3_column_bytes(st, 0);
    *out = malloc((size_t)*len);
    memcpy(*out, sqlite3_column_blob(st, 0), (size_t)*len);
    sqlite3_finalize(st);
}

static void set_blob(const char *sql, int64_t id, const unsigned char *b, int len)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_blob(st, 1, b, len, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, id);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    assert_int_equal(sqlite3_changes(db_sql(db)), 1);
    sqlite3_finalize(st);
}

/* Flips every bit of one blob column of a note, one at a time: every
 * altered copy must be refused with G_ERR_CRYPTO. */
static void flip_every_bit(int64_t id, const char *col_get, const char *col_set, g_session *reader,
                           const char *text)
{
    unsigned char *b;
    int len;
    get_blob(col_get, id, &b, &len);
    assert_true(len > 0);
    for (int bit = 0; bit < len * 8; bit++) {
        b[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        set_blob(col_set, id, b, len);
        note_text *t = NULL;
        g_error err = {0};
        g_status st = note_read(db, reader, id, 1, &t, &err);
        if (st != G_ERR_CRYPTO)
            fail_msg("bit %d of %s accepted (status %d)", bit, col_get, st);
        assert_null(t);
        b[bit / 8] ^= (unsigned char)(1u << (bit % 8));
    }
    set_blob(col_set, id, b, len);
    free(b);
    assert_int_equal(read_as(reader, id, 1, text), G_OK);
}

static void test_every_bit_flip_is_rejected(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Bitflip");
    const char *text = "Texte court à protéger";
    int64_t id = create(alice, v, NOTE_PRIVEE, text, NULL, 0);
    flip_every_bit(id, "SELECT nonce FROM note_version WHERE note_id = ? AND version = 1",
                   "UPDATE note_version SET nonce = ? WHERE note_id = ? AND version = 1", alice,
                   text);
    /* ciphertext including its 16-byte tag */
    flip_every_bit(id, "SELECT ciphertext FROM note_version WHERE note_id = ? AND version = 1",
                   "UPDATE note_version SET ciphertext = ? WHERE note_id = ? AND version = 1",
                   alice, text);
    /* the sealed copy of the key */
    flip_every_bit(id,
                   "SELECT wrapped_key FROM note_key WHERE note_id = ? AND version = 1 AND "
                   "reader_kind = 'user'",
                   "UPDATE note_key SET wrapped_key = ? WHERE note_id = ? AND version = 1 AND "
                   "reader_kind = 'user'",
                   alice, text);
    /* truncated or extended ciphertext */
    unsigned char *b;
    int len;
    get_blob("SELECT ciphertext FROM note_version WHERE note_id = ?", id, &b, &len);
    set_blob("UPDATE note_version SET ciphertext = ? WHERE note_id = ?", id, b, len - 1);
    assert_int_equal(read_as(alice, id, 0, NULL), G_ERR_CRYPTO);
    set_blob("UPDATE note_version SET ciphertext = ? WHERE note_id = ?", id, b, 10);
    assert_int_equal(read_as(alice, id, 0, NULL), G_ERR_CRYPTO);
    set_blob("UPDATE note_version SET ciphertext = ? WHERE note_id = ?", id, b, len);
    free(b);
    assert_int_equal(read_as(alice, id, 0, text), G_OK);
    /* a team note's team copy too (a few bits, the path differs) */
    int64_t e = create(alice, v, NOTE_EQUIPE, text, NULL, 0);
    get_blob("SELECT wrapped_key FROM note_key WHERE note_id = ? AND reader_kind = 'team'", e, &b,
             &len);
    b[len / 2] ^= 1;
    set_blob("UPDATE note_key SET wrapped_key = ? WHERE note_id = ? AND reader_kind = 'team'", e, b,
             len);
    assert_int_equal(read_as(bruno, e, 0, NULL), G_ERR_CRYPTO);
    b[len / 2] ^= 1;
    set_blob("UPDATE note_key SET wrapped_key = ? WHERE note_id = ? AND reader_kind = 'team'", e, b,
             len);
    free(b);
    assert_int_equal(read_as(bruno, e, 0, text), G_OK);
    /* the failures were journaled */
    assert_true(count_sql("SELECT count(*) FROM audit WHERE action = 'note-read-failed'", NULL, 0) >
                100);
}

/* Copies version src_v of note src (nonce, ciphertext and the reader's key
 * copy) over version dst_v of note dst. */
static void copy_version(int64_t src, int src_v, int64_t dst, int dst_v)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE note_version SET (nonce, ciphertext) = (SELECT nonce, ciphertext FROM "
             "note_version WHERE note_id = %lld AND version = %d) WHERE note_id = %lld AND "
             "version = %d",
             (long long)src, src_v, (long long)dst, dst_v);
    g_error err = {0};
    assert_int_equal(db_exec(db, sql, &err), G_OK);
    snprintf(sql, sizeof sql,
             "UPDATE note_key SET (key_generation, wrapped_key) = (SELECT k.key_generation, "
             "k.wrapped_key FROM note_key k WHERE k.note_id = %lld AND k.version = %d AND "
             "k.reader_kind = note_key.reader_kind AND k.reader_id = note_key.reader_id) "
             "WHERE note_id = %lld AND version = %d",
             (long long)src, src_v, (long long)dst, dst_v);
    assert_int_equal(db_exec(db, sql, &err), G_OK);
}

static void test_rows_swapped_between_notes_or_versions_are_rejected(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Echange");
    int64_t a = create(alice, v, NOTE_PRIVEE, "Note A", NULL, 0);
    int64_t b = create(alice, v, NOTE_PRIVEE, "Note B", NULL, 0);
    g_error err = {0};
    int ver = 0;
    assert_int_equal(note_update(db, alice, a, 1, "Note A, version 2", &ver, &err), G_OK);
    assert_int_equal(ver, 2);
    /* B's ciphertext and its key copy moved into A's row: refused (uuid in AD) */
    copy_version(b, 1, a, 1);
    assert_int_equal(read_as(alice, a, 1, NULL), G_ERR_CRYPTO);
    /* A's version 2 moved into A's version 1: refused (version in AD) */
    copy_version(a, 2, a, 1);
    assert_int_equal(read_as(alice, a, 1, NULL), G_ERR_CRYPTO);
    assert_int_equal(read_as(alice, a, 2, "Note A, version 2"), G_OK);
    /* only the ciphertext moved, the key copy left: refused too */
    int64_t c = create(alice, v, NOTE_PRIVEE, "Note C", NULL, 0);
    int64_t d = create(alice, v, NOTE_PRIVEE, "Note D", NULL, 0);
    char sql[256];
    snprintf(sql, sizeof sql,
             "UPDATE note_version SET (nonce, ciphertext) = (SELECT nonce, ciphertext FROM "
             "note_version WHERE note_id = %lld) WHERE note_id = %lld",
             (long long)d, (long long)c);
    assert_int_equal(db_exec(db, sql, &err), G_OK);
    assert_int_equal(read_as(alice, c, 0, NULL), G_ERR_CRYPTO);
    assert_int_equal(read_as(alice, d, 0, "Note D"), G_OK);
    /* a list with a damaged note still lists it, marked, without a crash */
    note_list_result *l = NULL;
    assert_int_equal(note_list(db, alice, v, &l, &err), G_OK);
    int damaged = 0;
    for (size_t i = 0; i < l->count; i++)
        damaged += l->items[i].damaged;
    assert_int_equal(damaged, 1); /* c; a's current version 2 is intact */
    note_list_free(l);
}

/* --- edits, history, sharing, deletion ------------------------------------------------ */

static void test_update_keeps_history_for_same_readers(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Version");
    int64_t readers[] = {chloe->user_id};
    int64_t id = create(alice, v, NOTE_PRIVEE, "v1", readers, 1);
    g_error err = {0};
    int ver = 0;
    tu_clock("2026-03-30T10:00:00Z");
    /* chloe (a reader) edits */
    assert_int_equal(note_update(db, chloe, id, 1, "v2 par Chloé", &ver, &err), G_OK);
    assert_int_equal(ver, 2);
    /* a stale edit (started from version 1) is refused */
    assert_int_equal(note_update(db, alice, id, 1, "v2 concurrente", &ver, &err), G_ERR_CONFLICT);
    assert_int_equal(note_update(db, alice, id, 2, "v3", &ver, &err), G_OK);
    tu_clock("2026-03-30T08:00:00Z");
    for (int r = 0; r < 2; r++) {
        g_session *s = r ? chloe : alice;
        assert_int_equal(read_as(s, id, 1, "v1"), G_OK);
        assert_int_equal(read_as(s, id, 2, "v2 par Chloé"), G_OK);
        assert_int_equal(read_as(s, id, 3, "v3"), G_OK);
        assert_int_equal(read_as(s, id, 0, "v3"), G_OK);
    }
    /* a non-reader can neither read nor edit any version */
    assert_int_equal(read_as(bruno, id, 2, NULL), G_ERR_DENIED);
    assert_int_equal(note_update(db, bruno, id, 3, "intrusion", &ver, &err), G_ERR_DENIED);
    /* each version has its own key */
    assert_int_equal(
        count_sql("SELECT count(DISTINCT nonce) FROM note_version WHERE note_id = ?", NULL, id), 3);
    note_version_info *h = NULL;
    size_t n = 0;
    assert_int_equal(note_history(db, chloe, id, &h, &n, &err), G_OK);
    assert_int_equal(n, 3);
    assert_int_equal(h[0].version, 1);
    assert_int_equal(h[1].author_id, chloe->user_id);
    assert_string_equal(h[1].author_name, "Chloé Accueil");
    assert_true(h[0].readable && h[1].readable && h[2].readable);
    free(h);
    assert_int_equal(note_history(db, bruno, id, &h, &n, &err), G_ERR_DENIED);
    /* the read shows who wrote the version */
    note_text *t = NULL;
    assert_int_equal(note_read(db, alice, id, 2, &t, &err), G_OK);
    assert_int_equal(t->author_id, chloe->user_id);
    assert_int_equal(t->note_author_id, alice->user_id);
    assert_int_equal(t->current_version, 3);
    note_text_free(t);
    /* invalid text on update */
    assert_int_equal(note_update(db, alice, id, 3, "  \n ", &ver, &err), G_ERR_INVALID);
}

static void test_share_gives_every_version(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Partage");
    int64_t id = create(alice, v, NOTE_PRIVEE, "première", NULL, 0);
    g_error err = {0};
    int ver;
    assert_int_equal(note_update(db, alice, id, 1, "seconde", &ver, &err), G_OK);
    assert_int_equal(read_as(bruno, id, 0, NULL), G_ERR_DENIED);
    /* a non-reader cannot share it, not even with themselves */
    assert_int_equal(note_share(db, bruno, id, bruno->user_id, &err), G_ERR_DENIED);
    assert_int_equal(note_share(db, marc, id, chloe->user_id, &err), G_ERR_DENIED);
    assert_int_equal(note_share(db, alice, id, bruno->user_id, &err), G_OK);
    assert_int_equal(read_as(bruno, id, 1, "première"), G_OK);
    assert_int_equal(read_as(bruno, id, 2, "seconde"), G_OK);
    assert_int_equal(note_share(db, alice, id, bruno->user_id, &err), G_ERR_EXISTS);
    /* bruno, now a reader, shares with chloe */
    assert_int_equal(note_share(db, bruno, id, chloe->user_id, &err), G_OK);
    assert_int_equal(read_as(chloe, id, 1, "première"), G_OK);
    assert_int_equal(read_as(marc, id, 0, NULL), G_ERR_DENIED);
    /* a later edit stays readable by everyone it was shared with */
    assert_int_equal(note_update(db, chloe, id, 2, "troisième", &ver, &err), G_OK);
    assert_int_equal(read_as(alice, id, 3, "troisième"), G_OK);
    assert_int_equal(read_as(bruno, id, 3, "troisième"), G_OK);
    note_reader *r = NULL;
    size_t n = 0;
    assert_int_equal(note_readers(db, alice, id, &r, &n, &err), G_OK);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++)
        assert_false(r[i].is_team);
    free(r);
    assert_int_equal(note_readers(db, marc, id, &r, &n, &err), G_ERR_DENIED);
    assert_int_equal(count_sql("SELECT count(*) FROM audit WHERE action = 'note-share' AND "
                               "object = 'note:' || (SELECT uuid FROM note WHERE id = ?)",
                               NULL, id),
                     2);
    /* a team note is never shared note by note: reception would read it */
    int64_t team = create(alice, v, NOTE_EQUIPE, "pour l'équipe", NULL, 0);
    assert_int_equal(note_share(db, alice, team, chloe->user_id, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "clé d'équipe"));
    assert_int_equal(read_as(chloe, team, 0, NULL), G_ERR_DENIED);
}

static void test_delete_destroys_versions_and_keys(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Effacement");
    int64_t readers[] = {bruno->user_id};
    int64_t id = create(alice, v, NOTE_PRIVEE, "à effacer", readers, 1);
    g_error err = {0};
    int ver;
    assert_int_equal(note_update(db, alice, id, 1, "à effacer aussi", &ver, &err), G_OK);
    char uuid[NOTE_UUID_SIZE];
    uuid_of(id, uuid);
    /* a reader who is not the author, a non-reader responsable: refused */
    assert_int_equal(note_delete(db, bruno, id, &err), G_ERR_DENIED);
    assert_int_equal(note_delete(db, marc, id, &err), G_ERR_DENIED);
    assert_int_equal(note_delete(db, chloe, id, &err), G_ERR_DENIED);
    assert_int_equal(note_delete(db, alice, id, &err), G_OK);
    assert_int_equal(count_sql("SELECT count(*) FROM note WHERE id = ?", NULL, id), 0);
    assert_int_equal(count_sql("SELECT count(*) FROM note_version WHERE note_id = ?", NULL, id), 0);
    assert_int_equal(count_sql("SELECT count(*) FROM note_key WHERE note_id = ?", NULL, id), 0);
    assert_int_equal(read_as(alice, id, 0, NULL), G_ERR_NOTFOUND);
    char obj[64];
    snprintf(obj, sizeof obj, "note:%s", uuid);
    assert_int_equal(
        count_sql("SELECT count(*) FROM audit WHERE action = 'note-delete' AND object = ? AND "
                  "user_id = ?",
                  obj, alice->user_id),
        1);
    /* a responsable who can read a team note may delete it */
    int64_t e = create(bruno, v, NOTE_EQUIPE, "équipe à effacer", NULL, 0);
    assert_int_equal(note_delete(db, alice, e, &err), G_ERR_DENIED);
    assert_int_equal(note_delete(db, marc, e, &err), G_OK);
    assert_int_equal(note_delete(db, marc, e, &err), G_ERR_NOTFOUND);
}

/* --- the journal ---------------------------------------------------------------------- */

static void test_reads_writes_and_refusals_are_journaled(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Journal");
    const char *secret = "contenu à ne jamais journaliser";
    int64_t id = create(alice, v, NOTE_PRIVEE, secret, NULL, 0);
    char uuid[NOTE_UUID_SIZE], obj[64];
    uuid_of(id, uuid);
    snprintf(obj, sizeof obj, "note:%s", uuid);
    const char *q = "SELECT count(*) FROM audit WHERE action = 'note-read' AND object = ? AND "
                    "user_id = ?";
    assert_int_equal(count_sql(q, obj, alice->user_id), 0);
    assert_int_equal(read_as(alice, id, 0, secret), G_OK);
    assert_int_equal(read_as(alice, id, 1, secret), G_OK);
    assert_int_equal(count_sql(q, obj, alice->user_id), 2);
    assert_int_equal(read_as(chloe, id, 0, NULL), G_ERR_DENIED);
    assert_int_equal(count_sql(q, obj, chloe->user_id), 0);
    assert_int_equal(count_sql("SELECT count(*) FROM audit WHERE action = 'note-read-denied' "
                               "AND object = ? AND user_id = ?",
                               obj, chloe->user_id),
                     1);
    assert_int_equal(count_sql("SELECT count(*) FROM audit WHERE action = 'note-create' AND "
                               "object = ? AND user_id = ?",
                               obj, alice->user_id),
                     1);
    note_list_result *l = NULL;
    g_error err = {0};
    assert_int_equal(note_list(db, chloe, v, &l, &err), G_OK);
    note_list_free(l);
    char vobj[48];
    snprintf(vobj, sizeof vobj, "visitor:%lld", (long long)v);
    assert_int_equal(count_sql("SELECT count(*) FROM audit WHERE action = 'note-list' AND "
                               "object = ? AND detail = 'readable=0 hidden=1'",
                               vobj, 0),
                     1);
    /* never any content */
    assert_int_equal(count_sql("SELECT count(*) FROM audit WHERE instr(detail, ?) OR "
                               "instr(object, ?)",
                               "jamais journaliser", 0),
                     0);
}

/* --- validation and sessions --------------------------------------------------------- */

static void test_text_validation(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Validation");
    g_error err = {0};
    int64_t id;
    char *big = malloc(NOTE_MAX_BYTES + 2);
    memset(big, 'a', NOTE_MAX_BYTES + 1);
    big[NOTE_MAX_BYTES + 1] = 0;
    assert_int_equal(note_create(db, alice, v, NOTE_PRIVEE, big, NULL, 0, &id, &err),
                     G_ERR_INVALID);
    assert_string_equal(err.field, "text");
    assert_non_null(strstr(err.msg, "trop longue"));
    big[NOTE_MAX_BYTES] = 0; /* exactly the maximum is fine */
    assert_int_equal(note_create(db, alice, v, NOTE_PRIVEE, big, NULL, 0, &id, &err), G_OK);
    assert_int_equal(read_as(alice, id, 0, big), G_OK);
    free(big);
    assert_int_equal(note_create(db, alice, v, NOTE_PRIVEE, " \n  ", NULL, 0, &id, &err),
                     G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "vide"));
    assert_int_equal(note_create(db, alice, v, NOTE_PRIVEE, "caf\xc3", NULL, 0, &id, &err),
                     G_ERR_INVALID);
    assert_int_equal(note_create(db, alice, v, NOTE_PRIVEE, "bip\x1b[2J", NULL, 0, &id, &err),
                     G_ERR_INVALID);
    /* multi-line: LF only; a tab or a C1 control is refused, naming the field */
    assert_int_equal(note_create(db, alice, v, NOTE_PRIVEE, "a\tb", NULL, 0, &id, &err),
                     G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "Note : caractère de contrôle interdit (U+0009"));
    assert_int_equal(note_create(db, alice, v, NOTE_PRIVEE,
                                 "a\xc2\x9b"
                                 "2J",
                                 NULL, 0, &id, &err),
                     G_ERR_INVALID);
    assert_int_equal(note_create(db, alice, v, NOTE_PRIVEE, NULL, NULL, 0, &id, &err),
                     G_ERR_INVALID);
    assert_int_equal(note_create(db, alice, v, (note_level)7, "x", NULL, 0, &id, &err),
                     G_ERR_INVALID);
    assert_string_equal(err.field, "level");
    /* unknown visitor, unknown reader */
    assert_int_equal(note_create(db, alice, 999999, NOTE_PRIVEE, "x", NULL, 0, &id, &err),
                     G_ERR_NOTFOUND);
    int64_t nobody[] = {424242};
    assert_int_equal(note_create(db, alice, v, NOTE_PRIVEE, "x", nobody, 1, &id, &err),
                     G_ERR_NOTFOUND);
    /* nothing was written by the refusals */
    assert_int_equal(count_sql("SELECT count(*) FROM note WHERE visitor_id = ?", NULL, v), 1);
    note_level lv;
    assert_int_equal(note_level_parse("equipe", &lv), 0);
    assert_int_equal(lv, NOTE_EQUIPE);
    assert_int_equal(note_level_parse("publique", &lv), -1);
}

static void test_locked_session_cannot_read_or_write(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Verrou");
    int64_t id = create(bruno, v, NOTE_PRIVEE, "avant verrouillage", NULL, 0);
    auth_lock(db, bruno, NULL);
    assert_null(bruno->secret_key);
    g_error err = {0};
    note_text *t = NULL;
    assert_int_equal(note_read(db, bruno, id, 0, &t, &err), G_ERR_LOCKED);
    assert_null(t);
    int64_t nid;
    assert_int_equal(note_create(db, bruno, v, NOTE_PRIVEE, "x", NULL, 0, &nid, &err),
                     G_ERR_LOCKED);
    note_list_result *l = NULL;
    assert_int_equal(note_list(db, bruno, v, &l, &err), G_ERR_LOCKED);
    assert_null(l);
    assert_int_equal(auth_unlock(db, &cfg, bruno, PW, &err), G_OK);
    assert_int_equal(read_as(bruno, id, 0, "avant verrouillage"), G_OK);
}

/* --- no plaintext on disk --------------------------------------------------------------- */

/* 1 when the file at path contains needle (raw bytes). */
static int file_contains(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t nl = strlen(needle), cap = 1 << 16, have = 0;
    char *buf = malloc(cap + nl);
    int found = 0;
    size_t got;
    while (!found && (got = fread(buf + have, 1, cap, f)) > 0) {
        size_t total = have + got;
        for (size_t i = 0; i + nl <= total && !found; i++)
            found = memcmp(buf + i, needle, nl) == 0;
        have = total < nl - 1 ? total : nl - 1; /* keep a tail for matches across reads */
        memmove(buf, buf + total - have, have);
    }
    free(buf);
    fclose(f);
    return found;
}

/* Searches every regular file under dir (recursing `depth` levels) for needle;
 * returns how many contain it and counts the files scanned. */
static int scan_dir(const char *dir, const char *needle, int depth, int *scanned)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int hits = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) != 0)
            continue;
        if (S_ISREG(st.st_mode) && st.st_size < 64 * 1024 * 1024) {
            (*scanned)++;
            if (file_contains(p, needle)) {
                fprintf(stderr, "marker found in %s\n", p);
                hits++;
            }
        } else if (S_ISDIR(st.st_mode) && depth > 0) {
            hits += scan_dir(p, needle, depth - 1, scanned);
        }
    }
    closedir(d);
    return hits;
}

static void test_no_plaintext_in_any_file(void **state)
{
    (void)state;
    /* a database of its own, closed before the search */
    g_db *d = tu_db_new();
    char path[512];
    snprintf(path, sizeof path, "%s", db_path(d));
    add_user(d, "zoe", "Zoé Conseil", ROLE_CONSEILLER);
    add_user(d, "yann", "Yann Accueil", ROLE_ACCUEIL);
    g_error err = {0};
    assert_int_equal(team_init(d, 0, &err), G_OK);
    g_session *zoe = login(d, "zoe");
    g_session *yann = login(d, "yann");
    unsigned char rnd[12];
    randombytes_buf(rnd, sizeof rnd);
    char marker[64], text[256];
    snprintf(marker, sizeof marker, "MARQUEUR-");
    for (size_t i = 0; i < sizeof rnd; i++)
        snprintf(marker + strlen(marker), 3, "%02x", rnd[i]);
    visitor vis;
    visitor_init(&vis);
    snprintf(vis.last_name, sizeof vis.last_name, "Secret");
    assert_int_equal(visitor_save(d, 0, &vis, &err), G_OK);
    int64_t ids[3];
    snprintf(text, sizeof text, "%s en première ligne\nsuite %s", marker, marker);
    assert_int_equal(note_create(d, zoe, vis.id, NOTE_PRIVEE, text, NULL, 0, &ids[0], &err), G_OK);
    assert_int_equal(note_create(d, zoe, vis.id, NOTE_EQUIPE, text, NULL, 0, &ids[1], &err), G_OK);
    int64_t readers[] = {zoe->user_id};
    assert_int_equal(note_create(d, yann, vis.id, NOTE_PRIVEE, text, readers, 1, &ids[2], &err),
                     G_OK);
    int ver;
    snprintf(text, sizeof text, "Modifiée : %s", marker);
    assert_int_equal(note_update(d, zoe, ids[0], 1, text, &ver, &err), G_OK);
    assert_int_equal(note_share(d, zoe, ids[0], yann->user_id, &err), G_OK);
    note_list_result *l = NULL;
    assert_int_equal(note_list(d, zoe, vis.id, &l, &err), G_OK);
    assert_int_equal(l->count, 3);
    assert_non_null(strstr(l->items[0].first_line, marker)); /* the test can fail */
    note_list_free(l);
    for (int i = 0; i < 3; i++) {
        note_text *t = NULL;
        assert_int_equal(note_read(d, zoe, ids[i], 0, &t, &err), G_OK);
        assert_non_null(strstr(t->text, marker));
        note_text_free(t);
    }
    assert_int_equal(note_delete(d, zoe, ids[1], &err), G_OK);
    /* while open: the database, its write-ahead log and shared memory */
    int scanned = 0;
    char wal[600], shm[600];
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(shm, sizeof shm, "%s-shm", path);
    assert_false(file_contains(path, marker));
    assert_false(file_contains(wal, marker));
    assert_false(file_contains(shm, marker));
    auth_logout(d, zoe, NULL);
    auth_logout(d, yann, NULL);
    db_close(d);
    /* closed: every file of the test's directory and of the temp dir */
    assert_int_equal(scan_dir(tu_tmpdir(), marker, 3, &scanned), 0);
    const char *tmp = getenv("TMPDIR");
    assert_int_equal(scan_dir(tmp && *tmp ? tmp : "/tmp", marker, 0, &scanned), 0);
    assert_true(scanned >= 1);
    /* a control: the same search finds the marker in a file that has it */
    const char *ctl = tu_path("control.txt");
    FILE *f = fopen(ctl, "w");
    fprintf(f, "xx%syy", marker);
    fclose(f);
    scanned = 0;
    assert_int_equal(scan_dir(tu_tmpdir(), marker, 3, &scanned), 1);
    unlink(ctl);
}

static void test_demo_notes(void **state)
{
    (void)state;
    g_db *d = tu_db_new();
    g_error err = {0};
    for (const demo_account *a = demo_accounts; a->login; a++) {
        user_role role;
        assert_int_equal(user_role_parse(a->role, &role), 0);
        assert_int_equal(
            user_add(d, &cfg, 0, a->login, a->display_name, role, a->password, NULL, &err), G_OK);
    }
    /* no visitors: only the team key */
    assert_int_equal(note_demo(d, &cfg, &err), G_OK);
    int team = 0;
    assert_int_equal(team_exists(d, &team, &err), G_OK);
    assert_true(team);
    int64_t v[3];
    for (int i = 0; i < 3; i++) {
        visitor vis;
        visitor_init(&vis);
        snprintf(vis.last_name, sizeof vis.last_name, "Démo%d", i);
        assert_int_equal(visitor_save(d, 0, &vis, &err), G_OK);
        v[i] = vis.id;
    }
    assert_int_equal(note_demo(d, &cfg, &err), G_OK);
    g_session *cons = NULL, *acc = NULL, *resp = NULL;
    assert_int_equal(auth_login(d, &cfg, "conseiller", "conseiller-demo", &cons, &err), G_OK);
    assert_int_equal(auth_login(d, &cfg, "accueil", "accueil-demo", &acc, &err), G_OK);
    assert_int_equal(auth_login(d, &cfg, "responsable", "responsable-demo", &resp, &err), G_OK);
    size_t readable[3] = {0}, hidden[3] = {0};
    g_session *who[3] = {cons, acc, resp};
    for (int w = 0; w < 3; w++)
        for (int i = 0; i < 3; i++) {
            note_list_result *l = NULL;
            assert_int_equal(note_list(d, who[w], v[i], &l, &err), G_OK);
            for (size_t k = 0; k < l->count; k++)
                assert_int_equal(l->items[k].damaged, 0);
            readable[w] += l->count;
            hidden[w] += l->hidden;
            note_list_free(l);
        }
    assert_int_equal(readable[0], 3); /* his private note, the team note, reception's for him */
    assert_int_equal(readable[1], 1); /* reception: the note it wrote */
    assert_int_equal(hidden[1], 2);
    assert_int_equal(readable[2], 1); /* the manager: the team note */
    assert_int_equal(hidden[2], 2);
    auth_session_free(cons);
    auth_session_free(acc);
    auth_session_free(resp);
    db_close(d);
}

/* --- failures are errors, never "no note" or "not yours" ---------------------- */

static void test_failed_reads_are_not_refusals_or_empty_lists(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Panne");
    int64_t id = create(alice, v, NOTE_PRIVEE, "Dossier suivi.", NULL, 0);
    g_error err = {0};
    note_list_result *l = NULL;
    /* the count of the visitor's notes fails: not "no note" */
    tu_fail_sql(db, "SELECT count(*) FROM note WHERE visitor_id");
    assert_int_equal(note_list(db, alice, v, &l, &err), G_ERR_DB);
    assert_null(l);
    /* the keys of the note cannot be read: not "this note is not yours" */
    int64_t denied =
        count_sql("SELECT count(*) FROM audit WHERE action = 'note-read-denied'", NULL, 0);
    tu_fail_sql(db, "FROM note_key WHERE note_id = ? AND version = ? AND");
    assert_int_equal(read_as(alice, id, 0, NULL), G_ERR_DB);
    /* nor a refusal for the manager deleting it */
    assert_int_equal(note_delete(db, marc, id, &err), G_ERR_DB);
    tu_fail_sql(db, NULL);
    assert_int_equal(
        count_sql("SELECT count(*) FROM audit WHERE action = 'note-read-denied'", NULL, 0), denied);
    assert_int_equal(read_as(alice, id, 0, "Dossier suivi."), G_OK);
    assert_int_equal(note_list(db, alice, v, &l, &err), G_OK);
    assert_int_equal(l->count, 1);
    note_list_free(l);
}

/* A reader whose account could not be read while a new version was sealed
 * was left out of it: the edit succeeded and they lost the note. */
static void test_failed_reader_lookup_does_not_drop_a_reader(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Relecture");
    int64_t readers[] = {bruno->user_id};
    int64_t id = create(alice, v, NOTE_PRIVEE, "v1", readers, 1);
    g_error err = {0};
    int ver = 0;
    /* 1st run: alice's session check; 2nd and later: the readers, alice then bruno */
    tu_fail_sql_from(db, "public_key FROM app_user WHERE id = ?", 3);
    assert_int_equal(note_update(db, alice, id, 1, "v2", &ver, &err), G_ERR_DB);
    tu_fail_sql(db, NULL);
    assert_int_equal(read_as(bruno, id, 0, "v1"), G_OK);
    assert_int_equal(note_update(db, alice, id, 1, "v2", &ver, &err), G_OK);
    assert_int_equal(read_as(bruno, id, 0, "v2"), G_OK);
}

/* A refused read whose journal entry cannot be written says so. */
static void test_refused_read_that_cannot_be_journaled_says_so(void **state)
{
    (void)state;
    int64_t v = new_visitor(db, "Journal");
    int64_t id = create(alice, v, NOTE_PRIVEE, "Secret.", NULL, 0);
    note_text *t = NULL;
    g_error err = {0};
    tu_journal_down(db, 1);
    g_status st = note_read(db, chloe, id, 0, &t, &err);
    tu_journal_down(db, 0);
    assert_null(t);
    assert_int_not_equal(st, G_OK);
    assert_int_not_equal(st, G_ERR_DENIED);
    assert_non_null(strstr(err.msg, "pas accessible"));
    assert_non_null(strstr(err.msg, "n'a pas pu être inscrite au journal"));
}

int main(void)
{
    const struct CMUnitTest main_group[] = {
        cmocka_unit_test(test_private_note_round_trip_and_others_denied),
        cmocka_unit_test(test_private_note_for_named_colleagues),
        cmocka_unit_test(test_team_note_read_by_team_not_by_accueil),
        cmocka_unit_test(test_accueil_writes_for_readers_it_chooses),
        cmocka_unit_test(test_list_shows_readable_and_counts_others),
        cmocka_unit_test(test_first_line_is_cut_on_a_character),
        cmocka_unit_test(test_every_bit_flip_is_rejected),
        cmocka_unit_test(test_rows_swapped_between_notes_or_versions_are_rejected),
        cmocka_unit_test(test_update_keeps_history_for_same_readers),
        cmocka_unit_test(test_share_gives_every_version),
        cmocka_unit_test(test_delete_destroys_versions_and_keys),
        cmocka_unit_test(test_reads_writes_and_refusals_are_journaled),
        cmocka_unit_test(test_text_validation),
        cmocka_unit_test(test_locked_session_cannot_read_or_write),
        cmocka_unit_test(test_no_plaintext_in_any_file),
        cmocka_unit_test(test_failed_reads_are_not_refusals_or_empty_lists),
        cmocka_unit_test(test_failed_reader_lookup_does_not_drop_a_reader),
        cmocka_unit_test(test_refused_read_that_cannot_be_journaled_says_so),
        cmocka_unit_test(test_demo_notes),
    };
    return cmocka_run_group_tests(main_group, group_setup, group_teardown);
}
