/* test_team.c — the team key (init, grant, revoke), passwords changed and
 * reset, and the site recovery key (format, restore of a locked-out team, no
 * access to private notes). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/auth.h"
#include "guichet/clock.h"
#include "guichet/note.h"
#include "guichet/team.h"
#include "guichet/user.h"
#include "guichet/visitor.h"
#include "testutil.h"

#define PW  "mot-de-passe-de-test"
#define PW2 "un-autre-mot-de-passe"
#define PW3 "mot-de-passe-remis-a-zero"

static g_config cfg;

static g_session *login_pw(g_db *db, const char *who, const char *pw)
{
    g_session *s = NULL;
    g_error err = {0};
    if (auth_login(db, &cfg, who, pw, &s, &err) != G_OK) {
        fprintf(stderr, "login %s: %s\n", who, err.msg);
        abort();
    }
    return s;
}

static int64_t add_user(g_db *db, const char *login, user_role role)
{
    g_error err = {0};
    int64_t id = 0;
    if (user_add(db, &cfg, 0, login, login, role, PW, &id, &err) != G_OK) {
        fprintf(stderr, "user_add %s: %s\n", login, err.msg);
        abort();
    }
    return id;
}

static int64_t new_visitor(g_db *db)
{
    visitor v;
    visitor_init(&v);
    snprintf(v.last_name, sizeof v.last_name, "Usager");
    g_error err = {0};
    if (visitor_save(db, 0, &v, &err) != G_OK)
        abort();
    return v.id;
}

static int64_t note(g_db *db, g_session *s, int64_t v, note_level level, const char *text)
{
    int64_t id = 0;
    g_error err = {0};
    g_status st = note_create(db, s, v, level, text, NULL, 0, &id, &err);
    if (st != G_OK)
        fprintf(stderr, "note_create: %s\n", err.msg);
    assert_int_equal(st, G_OK);
    return id;
}

static g_status read_note(g_db *db, g_session *s, int64_t id, const char *expect)
{
    note_text *t = NULL;
    g_error err = {0};
    g_status st = note_read(db, s, id, 0, &t, &err);
    if (st == G_OK) {
        assert_string_equal(t->text, expect);
        note_text_free(t);
    } else {
        assert_true(err.msg[0] != 0);
    }
    return st;
}

static int has_access(g_db *db, g_session *s)
{
    int has = -1;
    g_error err = {0};
    assert_int_equal(team_has_access(db, s, &has, &err), G_OK);
    return has;
}

static int64_t count_sql(g_db *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static int team_key_exists(g_db *db)
{
    int yes = -1;
    g_error err = {0};
    assert_int_equal(team_exists(db, &yes, &err), G_OK);
    return yes;
}

static g_db *setup(void)
{
    tu_config(&cfg);
    tu_clock("2026-03-30T08:00:00Z");
    return tu_db_new();
}

static void teardown(g_db *db)
{
    g_error err = {0};
    assert_int_equal(audit_verify(db, NULL, &err), G_OK);
    db_close(db);
    clock_set(0);
}

/* --- the team key ----------------------------------------------------------------- */

static void test_init_seals_for_existing_team_only(void **state)
{
    (void)state;
    g_db *db = setup();
    int64_t r = add_user(db, "resp", ROLE_RESPONSABLE);
    add_user(db, "cons", ROLE_CONSEILLER);
    add_user(db, "acc", ROLE_ACCUEIL);
    assert_false(team_key_exists(db));
    g_error err = {0};
    assert_int_equal(team_init(db, r, &err), G_OK);
    assert_true(team_key_exists(db));
    assert_int_equal(team_init(db, r, &err), G_ERR_EXISTS);
    assert_int_equal(count_sql(db, "SELECT count(*) FROM team_member_key"), 2);
    assert_int_equal(count_sql(db, "SELECT count(*) FROM team_key"), 1);
    /* no recovery key existed: nothing sealed for one */
    assert_int_equal(
        count_sql(db, "SELECT count(*) FROM team_key WHERE recovery_sealed_secret IS NULL"), 1);
    g_session *resp = login_pw(db, "resp", PW);
    g_session *cons = login_pw(db, "cons", PW);
    g_session *acc = login_pw(db, "acc", PW);
    assert_int_equal(has_access(db, resp), 1);
    assert_int_equal(has_access(db, cons), 1);
    assert_int_equal(has_access(db, acc), 0);
    team_member *m = NULL;
    size_t n = 0;
    assert_int_equal(team_members(db, &m, &n, &err), G_OK);
    assert_int_equal(n, 2); /* accueil is not listed */
    assert_string_equal(m[0].login, "cons");
    assert_int_equal(m[0].has_access, 1);
    assert_int_equal(m[1].role, ROLE_RESPONSABLE);
    free(m);
    assert_int_equal(count_sql(db, "SELECT count(*) FROM audit WHERE action = 'team-init'"), 1);
    auth_session_free(resp);
    auth_session_free(cons);
    auth_session_free(acc);
    teardown(db);
}

static void test_new_conseiller_needs_a_grant(void **state)
{
    (void)state;
    g_db *db = setup();
    add_user(db, "resp", ROLE_RESPONSABLE);
    g_error err = {0};
    assert_int_equal(team_init(db, 0, &err), G_OK);
    int64_t newbie_id = add_user(db, "nouveau", ROLE_CONSEILLER);
    int64_t other_id = add_user(db, "autre", ROLE_CONSEILLER);
    int64_t acc_id = add_user(db, "acc", ROLE_ACCUEIL);
    g_session *resp = login_pw(db, "resp", PW);
    g_session *newbie = login_pw(db, "nouveau", PW);
    int64_t v = new_visitor(db);
    int64_t team_note = note(db, resp, v, NOTE_EQUIPE, "écrite avant l'arrivée");
    /* added after init: no team key yet */
    assert_int_equal(has_access(db, newbie), 0);
    assert_int_equal(read_note(db, newbie, team_note, NULL), G_ERR_DENIED);
    /* a non-member cannot grant, not even to someone else */
    assert_int_equal(team_grant(db, newbie, other_id, &err), G_ERR_DENIED);
    assert_non_null(strstr(err.msg, "membre"));
    /* accueil cannot receive it */
    assert_int_equal(team_grant(db, resp, acc_id, &err), G_ERR_DENIED);
    assert_int_equal(team_grant(db, resp, newbie_id, &err), G_OK);
    assert_int_equal(has_access(db, newbie), 1);
    assert_int_equal(read_note(db, newbie, team_note, "écrite avant l'arrivée"), G_OK);
    /* the new member may now grant in turn */
    assert_int_equal(team_grant(db, newbie, other_id, &err), G_OK);
    assert_int_equal(count_sql(db, "SELECT count(*) FROM audit WHERE action = 'team-grant'"), 2);
    /* revoke: only a responsable (or oneself) */
    assert_int_equal(team_revoke(db, newbie, other_id, &err), G_ERR_DENIED);
    assert_int_equal(team_revoke(db, resp, newbie_id, &err), G_OK);
    assert_int_equal(has_access(db, newbie), 0);
    assert_int_equal(read_note(db, newbie, team_note, NULL), G_ERR_DENIED);
    assert_int_equal(team_revoke(db, resp, newbie_id, &err), G_ERR_NOTFOUND);
    auth_session_free(resp);
    auth_session_free(newbie);
    teardown(db);
}

/* --- passwords ------------------------------------------------------------------------ */

/* A digest of every stored ciphertext and sealed key. */
static void blobs_digest(g_db *db, unsigned char out[32])
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    const char *sql[] = {
        "SELECT nonce || ciphertext FROM note_version ORDER BY note_id, version",
        "SELECT wrapped_key FROM note_key ORDER BY note_id, version, reader_kind, reader_id",
        "SELECT wrapped_secret FROM team_member_key ORDER BY user_id",
    };
    for (size_t i = 0; i < 3; i++) {
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db_sql(db), sql[i], -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW)
            crypto_generichash_update(&h, sqlite3_column_blob(st, 0),
                                      (size_t)sqlite3_column_bytes(st, 0));
        sqlite3_finalize(st);
    }
    crypto_generichash_final(&h, out, 32);
}

static void test_password_change_keeps_access_and_ciphertexts(void **state)
{
    (void)state;
    g_db *db = setup();
    add_user(db, "cons", ROLE_CONSEILLER);
    g_error err = {0};
    assert_int_equal(team_init(db, 0, &err), G_OK);
    g_session *s = login_pw(db, "cons", PW);
    int64_t v = new_visitor(db);
    int64_t p = note(db, s, v, NOTE_PRIVEE, "privée");
    int64_t e = note(db, s, v, NOTE_EQUIPE, "équipe");
    auth_logout(db, s, NULL);
    unsigned char before[32], after[32];
    blobs_digest(db, before);
    assert_int_equal(user_change_password(db, &cfg, "cons", PW, PW2, &err), G_OK);
    blobs_digest(db, after);
    assert_memory_equal(before, after, 32);
    s = login_pw(db, "cons", PW2);
    assert_int_equal(read_note(db, s, p, "privée"), G_OK);
    assert_int_equal(read_note(db, s, e, "équipe"), G_OK);
    auth_session_free(s);
    teardown(db);
}

static void test_reset_loses_private_notes_regains_team_after_grant(void **state)
{
    (void)state;
    g_db *db = setup();
    add_user(db, "resp", ROLE_RESPONSABLE);
    int64_t dora_id = add_user(db, "dora", ROLE_CONSEILLER);
    g_error err = {0};
    assert_int_equal(team_init(db, 0, &err), G_OK);
    g_session *resp = login_pw(db, "resp", PW);
    g_session *dora = login_pw(db, "dora", PW);
    int64_t v = new_visitor(db);
    int64_t p = note(db, dora, v, NOTE_PRIVEE, "privée de Dora");
    int64_t e = note(db, dora, v, NOTE_EQUIPE, "équipe de Dora");
    int64_t shared[] = {dora_id};
    int64_t q = 0;
    assert_int_equal(note_create(db, resp, v, NOTE_PRIVEE, "partagée", shared, 1, &q, &err), G_OK);
    assert_int_equal(user_reset_password(db, &cfg, resp->user_id, "dora", PW3, &err), G_OK);
    /* the session opened before the reset holds the old key: refused */
    note_text *t = NULL;
    assert_int_equal(note_read(db, dora, p, 0, &t, &err), G_ERR_DENIED);
    assert_non_null(strstr(err.msg, "reconnectez-vous"));
    auth_session_free(dora);
    dora = login_pw(db, "dora", PW3);
    /* private notes (hers and shared with her) are lost; team access too */
    assert_int_equal(read_note(db, dora, p, NULL), G_ERR_DENIED);
    assert_int_equal(read_note(db, dora, q, NULL), G_ERR_DENIED);
    assert_int_equal(read_note(db, dora, e, NULL), G_ERR_DENIED);
    assert_int_equal(has_access(db, dora), 0);
    note_list_result *l = NULL;
    assert_int_equal(note_list(db, dora, v, &l, &err), G_OK);
    assert_int_equal(l->count, 0);
    assert_int_equal(l->hidden, 3);
    note_list_free(l);
    team_member *m = NULL;
    size_t n = 0;
    assert_int_equal(team_members(db, &m, &n, &err), G_OK);
    assert_string_equal(m[0].login, "dora");
    assert_int_equal(m[0].has_access, 0);
    assert_int_equal(m[0].stale, 1);
    free(m);
    /* a colleague grants the team key again: team notes come back */
    assert_int_equal(team_grant(db, resp, dora_id, &err), G_OK);
    assert_int_equal(read_note(db, dora, e, "équipe de Dora"), G_OK);
    assert_int_equal(read_note(db, dora, p, NULL), G_ERR_DENIED);
    /* a current reader can share a private note with her new key */
    assert_int_equal(note_share(db, resp, q, dora_id, &err), G_OK);
    assert_int_equal(read_note(db, dora, q, "partagée"), G_OK);
    /* the author can still delete her own unreadable note */
    assert_int_equal(note_delete(db, dora, p, &err), G_OK);
    auth_session_free(resp);
    auth_session_free(dora);
    teardown(db);
}

/* --- the recovery key -------------------------------------------------------------------- */

/* An independent decoder of the paper format (Crockford base32, 56 symbols:
 * 32 key bytes then 3 checksum bytes). */
static int decode_recovery(const char *text, unsigned char sk[32])
{
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    unsigned char raw[35] = {0};
    int n = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '-')
            continue;
        const char *c = strchr(alphabet, *p);
        if (!c || n >= 56)
            return -1;
        for (int b = 0; b < 5; b++) {
            int bit = n * 5 + b;
            if (((c - alphabet) >> (4 - b)) & 1)
                raw[bit / 8] |= (unsigned char)(1u << (7 - bit % 8));
        }
        n++;
    }
    if (n != 56)
        return -1;
    memcpy(sk, raw, 32);
    return 0;
}

static void test_recovery_key_format_and_checks(void **state)
{
    (void)state;
    g_db *db = setup();
    char key[RECOVERY_TEXT_SIZE];
    g_error err = {0};
    int exists = -1;
    assert_int_equal(recovery_exists(db, &exists, &err), G_OK);
    assert_false(exists);
    assert_int_equal(recovery_create(db, NULL, key, &err), G_OK);
    assert_int_equal(recovery_exists(db, &exists, &err), G_OK);
    assert_true(exists);
    /* 14 groups of 4 symbols */
    assert_int_equal(strlen(key), 14 * 4 + 13);
    for (int i = 0; i < 14 * 5 - 1; i++)
        assert_true(i % 5 == 4 ? key[i] == '-'
                               : strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", key[i]) != NULL);
    /* the public key stored matches the secret on paper; the secret is not stored */
    unsigned char sk[32], pk[32];
    assert_int_equal(decode_recovery(key, sk), 0);
    crypto_scalarmult_base(pk, sk);
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db_sql(db), "SELECT public_key FROM site_recovery", -1, &st, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_memory_equal(sqlite3_column_blob(st, 0), pk, 32);
    sqlite3_finalize(st);
    assert_int_equal(recovery_check_text(key, &err), G_OK);
    /* typed back in lower case, with spaces, O for 0 and l for 1: accepted */
    char typed[128];
    size_t o = 0;
    for (const char *p = key; *p; p++) {
        char c = *p;
        if (c == '-')
            c = ' ';
        else if (c == '0')
            c = 'O';
        else if (c == '1')
            c = 'l';
        else if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        typed[o++] = c;
    }
    typed[o] = 0;
    assert_int_equal(recovery_check_text(typed, &err), G_OK);
    /* one symbol miscopied: the checksum says so */
    char bad[RECOVERY_TEXT_SIZE];
    memcpy(bad, key, sizeof bad);
    bad[7] = bad[7] == 'A' ? 'B' : 'A';
    assert_int_equal(recovery_check_text(bad, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "mal recopiée"));
    /* a group missing */
    assert_int_equal(recovery_check_text(key + 5, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "56"));
    assert_int_equal(recovery_check_text("ZZZZ-UUUU", &err), G_ERR_INVALID);
    /* journaled, without the key */
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit WHERE action = 'recovery-create' AND "
             "instr(detail || object, '%.4s') = 0",
             key);
    assert_int_equal(count_sql(db, sql), 1);
    sodium_memzero(key, sizeof key);
    teardown(db);
}

static void test_recovery_restores_locked_out_team_not_private_notes(void **state)
{
    (void)state;
    g_db *db = setup();
    int64_t r_id = add_user(db, "resp", ROLE_RESPONSABLE);
    int64_t c_id = add_user(db, "cons", ROLE_CONSEILLER);
    int64_t a_id = add_user(db, "acc", ROLE_ACCUEIL);
    char key[RECOVERY_TEXT_SIZE];
    g_error err = {0};
    /* as `guichet init` does: the recovery key first, then the team key */
    assert_int_equal(recovery_create(db, NULL, key, &err), G_OK);
    assert_int_equal(team_init(db, 0, &err), G_OK);
    g_session *resp = login_pw(db, "resp", PW);
    int64_t v = new_visitor(db);
    int64_t e = note(db, resp, v, NOTE_EQUIPE, "note d'équipe");
    int64_t p = note(db, resp, v, NOTE_PRIVEE, "note privée du responsable");
    auth_session_free(resp);
    /* the whole team is locked out: both members reset */
    assert_int_equal(user_reset_password(db, &cfg, 0, "resp", PW3, &err), G_OK);
    assert_int_equal(user_reset_password(db, &cfg, 0, "cons", PW3, &err), G_OK);
    resp = login_pw(db, "resp", PW3);
    g_session *cons = login_pw(db, "cons", PW3);
    assert_int_equal(has_access(db, resp), 0);
    assert_int_equal(team_grant(db, resp, c_id, &err), G_ERR_DENIED);
    /* a wrong key, a key of another site, an accueil target: refused */
    char bad[RECOVERY_TEXT_SIZE];
    memcpy(bad, key, sizeof bad);
    bad[0] = bad[0] == 'A' ? 'B' : 'A';
    assert_int_equal(recovery_restore_team(db, 0, bad, r_id, &err), G_ERR_INVALID);
    g_db *other = tu_db_new();
    char other_key[RECOVERY_TEXT_SIZE];
    assert_int_equal(recovery_create(other, NULL, other_key, &err), G_OK);
    db_close(other);
    assert_int_equal(recovery_restore_team(db, 0, other_key, r_id, &err), G_ERR_DENIED);
    assert_int_equal(recovery_restore_team(db, 0, key, a_id, &err), G_ERR_DENIED);
    assert_int_equal(has_access(db, resp), 0);
    /* the right key restores the team key for the manager… */
    assert_int_equal(recovery_restore_team(db, 0, key, r_id, &err), G_OK);
    assert_int_equal(has_access(db, resp), 1);
    assert_int_equal(read_note(db, resp, e, "note d'équipe"), G_OK);
    /* …who grants the colleague in turn */
    assert_int_equal(team_grant(db, resp, c_id, &err), G_OK);
    assert_int_equal(read_note(db, cons, e, "note d'équipe"), G_OK);
    /* the private note stays closed */
    assert_int_equal(read_note(db, resp, p, NULL), G_ERR_DENIED);
    assert_int_equal(count_sql(db, "SELECT count(*) FROM audit WHERE action = 'recovery-restore'"),
                     1);
    /* with the recovery secret itself, no note key opens at all; the team
     * secret does (the check can fail) */
    unsigned char sk[32], pk[32], out[32];
    assert_int_equal(decode_recovery(key, sk), 0);
    crypto_scalarmult_base(pk, sk);
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db_sql(db), "SELECT wrapped_key FROM note_key", -1, &st, NULL),
        SQLITE_OK);
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        rows++;
        assert_int_not_equal(crypto_box_seal_open(out, sqlite3_column_blob(st, 0),
                                                  (unsigned long long)sqlite3_column_bytes(st, 0),
                                                  pk, sk),
                             0);
    }
    sqlite3_finalize(st);
    assert_true(rows >= 3);
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), "SELECT recovery_sealed_secret FROM team_key",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(crypto_box_seal_open(out, sqlite3_column_blob(st, 0),
                                          (unsigned long long)sqlite3_column_bytes(st, 0), pk, sk),
                     0);
    sqlite3_finalize(st);
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(out, sizeof out);
    sodium_memzero(key, sizeof key);
    auth_session_free(resp);
    auth_session_free(cons);
    teardown(db);
}

static void test_new_recovery_key_replaces_old_one(void **state)
{
    (void)state;
    g_db *db = setup();
    int64_t r_id = add_user(db, "resp", ROLE_RESPONSABLE);
    add_user(db, "acc", ROLE_ACCUEIL);
    g_error err = {0};
    char first[RECOVERY_TEXT_SIZE], second[RECOVERY_TEXT_SIZE];
    assert_int_equal(team_init(db, 0, &err), G_OK);
    /* a team key exists: only a member may make a recovery key */
    assert_int_equal(recovery_create(db, NULL, first, &err), G_ERR_DENIED);
    g_session *acc = login_pw(db, "acc", PW);
    assert_int_equal(recovery_create(db, acc, first, &err), G_ERR_DENIED);
    g_session *resp = login_pw(db, "resp", PW);
    assert_int_equal(recovery_create(db, resp, first, &err), G_OK);
    assert_int_equal(recovery_create(db, resp, second, &err), G_OK);
    assert_string_not_equal(first, second);
    assert_int_equal(recovery_restore_team(db, 0, first, r_id, &err), G_ERR_DENIED);
    assert_int_equal(recovery_restore_team(db, 0, second, r_id, &err), G_OK);
    auth_session_free(acc);
    auth_session_free(resp);
    teardown(db);
}

/* "Is there a team key?" asked of a failing query was "no": team_init made
 * a second team key, and a new recovery key was made without the team's
 * secret (so it could never restore the team). */
static void test_failed_team_key_check_changes_nothing(void **state)
{
    (void)state;
    g_db *db = setup();
    add_user(db, "resp", ROLE_RESPONSABLE);
    g_error err = {0};
    assert_int_equal(team_init(db, 0, &err), G_OK);
    g_session *resp = login_pw(db, "resp", PW);
    char key[RECOVERY_TEXT_SIZE];
    tu_fail_sql(db, "SELECT 1 FROM team_key LIMIT 1");
    assert_int_equal(team_init(db, 0, &err), G_ERR_DB);
    assert_int_equal(recovery_create(db, resp, key, &err), G_ERR_DB);
    int exists = -1;
    assert_int_equal(team_exists(db, &exists, &err), G_ERR_DB);
    tu_fail_sql(db, "SELECT 1 FROM site_recovery LIMIT 1");
    assert_int_equal(recovery_exists(db, &exists, &err), G_ERR_DB);
    tu_fail_sql(db, NULL);
    assert_int_equal(count_sql(db, "SELECT count(*) FROM team_key"), 1);
    assert_int_equal(count_sql(db, "SELECT count(*) FROM site_recovery"), 0);
    auth_session_free(resp);
    teardown(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_seals_for_existing_team_only),
        cmocka_unit_test(test_new_conseiller_needs_a_grant),
        cmocka_unit_test(test_password_change_keeps_access_and_ciphertexts),
        cmocka_unit_test(test_reset_loses_private_notes_regains_team_after_grant),
        cmocka_unit_test(test_recovery_key_format_and_checks),
        cmocka_unit_test(test_recovery_restores_locked_out_team_not_private_notes),
        cmocka_unit_test(test_new_recovery_key_replaces_old_one),
        cmocka_unit_test(test_failed_team_key_check_changes_nothing),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
