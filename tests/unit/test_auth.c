/* test_auth.c — logging in: passwords, lockout and its expiry, disabled
 * accounts, the sealed secret key (unsealing, re-sealing, reset, moved rows),
 * one Argon2id per login and the re-sealing of accounts from before it,
 * idle lock and the journal. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/auth.h"
#include "guichet/clock.h"
#include "guichet/user.h"
#include "testutil.h"

#define PW_A "mot-de-passe-agathe"
#define PW_K "mot-de-passe-karim"

static g_config cfg;

/* Every Argon2id run of the core lands here (this executable's definitions
 * come before libsodium's) and is counted. */
static int argon2_runs;

int crypto_pwhash(unsigned char *const out, unsigned long long outlen, const char *const passwd,
                  unsigned long long passwdlen, const unsigned char *const salt,
                  unsigned long long opslimit, size_t memlimit, int alg)
{
    static int (*real)(unsigned char *const, unsigned long long, const char *const,
                       unsigned long long, const unsigned char *const, unsigned long long, size_t,
                       int);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "crypto_pwhash");
    argon2_runs++;
    return real(out, outlen, passwd, passwdlen, salt, opslimit, memlimit, alg);
}

int crypto_pwhash_str_verify(const char str[crypto_pwhash_STRBYTES], const char *const passwd,
                             unsigned long long passwdlen)
{
    static int (*real)(const char *, const char *const, unsigned long long);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "crypto_pwhash_str_verify");
    argon2_runs++;
    return real(str, passwd, passwdlen);
}

static g_db *setup_db(void)
{
    tu_config(&cfg);
    cfg.security.failed_login_limit = 3;
    cfg.security.lockout_minutes = 15;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    tu_clock("2026-03-30T08:00:00Z"); /* 10:00 in Paris (summer time) */
    g_db *db = tu_db_new();
    g_error err = {0};
    assert_int_equal(
        user_add(db, &cfg, 0, "agathe", "Agathe Martin", ROLE_ACCUEIL, PW_A, NULL, &err), G_OK);
    assert_int_equal(
        user_add(db, &cfg, 0, "karim", "Karim Benali", ROLE_CONSEILLER, PW_K, NULL, &err), G_OK);
    return db;
}

static void teardown_db(g_db *db)
{
    g_error err = {0};
    assert_int_equal(audit_verify(db, NULL, &err), G_OK);
    db_close(db);
    clock_set(0);
}

static int journal_count(g_db *db, const char *action)
{
    sqlite3_stmt *st;
    int n = -1;
    if (sqlite3_prepare_v2(db_sql(db), "SELECT count(*) FROM audit WHERE action = ?", -1, &st,
                           NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void assert_key_pair_matches(const g_session *s)
{
    assert_non_null(s->secret_key);
    unsigned char pk[32];
    assert_int_equal(crypto_scalarmult_base(pk, s->secret_key), 0);
    assert_memory_equal(pk, s->public_key, 32);
}

static void test_login_unseals_matching_key_and_journals(void **state)
{
    (void)state;
    g_db *db = setup_db();
    g_session *s = NULL;
    g_error err = {0};
    assert_int_equal(auth_login(db, &cfg, "Agathe", PW_A, &s, &err), G_OK);
    assert_non_null(s);
    assert_string_equal(s->login, "agathe");
    assert_string_equal(s->display_name, "Agathe Martin");
    assert_int_equal(s->role, ROLE_ACCUEIL);
    assert_int_equal(s->login_at, clock_now());
    assert_key_pair_matches(s);
    user_info u;
    assert_int_equal(user_get(db, "agathe", &u, &err), G_OK);
    assert_int_equal(u.last_login_at, clock_now());
    assert_int_equal(journal_count(db, "login"), 1);
    auth_logout(db, s, NULL);
    assert_int_equal(journal_count(db, "logout"), 1);
    teardown_db(db);
}

static void test_wrong_password_and_unknown_login_say_the_same(void **state)
{
    (void)state;
    g_db *db = setup_db();
    g_session *s = NULL;
    g_error e1 = {0}, e2 = {0};
    assert_int_equal(auth_login(db, &cfg, "agathe", "pas-le-bon-mot", &s, &e1), G_ERR_DENIED);
    assert_null(s);
    assert_int_equal(auth_login(db, &cfg, "personne", PW_A, &s, &e2), G_ERR_DENIED);
    assert_null(s);
    assert_string_equal(e1.msg, "Identifiant ou mot de passe incorrect.");
    assert_string_equal(e2.msg, e1.msg);
    user_info u;
    assert_int_equal(user_get(db, "agathe", &u, &e1), G_OK);
    assert_int_equal(u.failed_attempts, 1);
    assert_int_equal(journal_count(db, "login-failed"), 2);
    assert_int_equal(journal_count(db, "login"), 0);
    /* a success resets the count */
    assert_int_equal(auth_login(db, &cfg, "agathe", PW_A, &s, &e1), G_OK);
    auth_session_free(s);
    assert_int_equal(user_get(db, "agathe", &u, &e1), G_OK);
    assert_int_equal(u.failed_attempts, 0);
    teardown_db(db);
}

static void test_lockout_then_expiry(void **state)
{
    (void)state;
    g_db *db = setup_db();
    g_session *s = NULL;
    g_error err = {0};
    assert_int_equal(auth_login(db, &cfg, "karim", "faux-1", &s, &err), G_ERR_DENIED);
    assert_int_equal(auth_login(db, &cfg, "karim", "faux-2", &s, &err), G_ERR_DENIED);
    assert_int_equal(auth_login(db, &cfg, "karim", "faux-3", &s, &err), G_ERR_LOCKED);
    assert_non_null(strstr(err.msg, "verrouillé jusqu'à 10:15"));
    /* the right password does not open a locked account */
    assert_int_equal(auth_login(db, &cfg, "karim", PW_K, &s, &err), G_ERR_LOCKED);
    assert_null(s);
    assert_non_null(strstr(err.msg, "10:15"));
    /* others are not affected */
    assert_int_equal(auth_login(db, &cfg, "agathe", PW_A, &s, &err), G_OK);
    auth_session_free(s);
    s = NULL;

    tu_clock("2026-03-30T08:14:59Z");
    assert_int_equal(auth_login(db, &cfg, "karim", PW_K, &s, &err), G_ERR_LOCKED);
    tu_clock("2026-03-30T08:15:00Z");
    assert_int_equal(auth_login(db, &cfg, "karim", PW_K, &s, &err), G_OK);
    assert_key_pair_matches(s);
    auth_session_free(s);
    user_info u;
    assert_int_equal(user_get(db, "karim", &u, &err), G_OK);
    assert_int_equal(u.failed_attempts, 0);
    assert_int_equal(u.locked_until, 0);
    teardown_db(db);
}

static void test_expired_lock_starts_a_fresh_count(void **state)
{
    (void)state;
    g_db *db = setup_db();
    g_session *s = NULL;
    g_error err = {0};
    for (int i = 0; i < 2; i++)
        assert_int_equal(auth_login(db, &cfg, "karim", "faux", &s, &err), G_ERR_DENIED);
    assert_int_equal(auth_login(db, &cfg, "karim", "faux", &s, &err), G_ERR_LOCKED);
    tu_clock("2026-03-30T09:00:00Z");
    /* one failure after the lock expired is the first of a new count */
    assert_int_equal(auth_login(db, &cfg, "karim", "faux", &s, &err), G_ERR_DENIED);
    user_info u;
    assert_int_equal(user_get(db, "karim", &u, &err), G_OK);
    assert_int_equal(u.failed_attempts, 1);
    assert_int_equal(journal_count(db, "login-failed"), 4);
    teardown_db(db);
}

static void test_disabled_account(void **state)
{
    (void)state;
    g_db *db = setup_db();
    g_error err = {0};
    g_session *s = NULL;
    assert_int_equal(user_set_disabled(db, 0, "agathe", 1, &err), G_OK);
    assert_int_equal(auth_login(db, &cfg, "agathe", PW_A, &s, &err), G_ERR_DENIED);
    assert_null(s);
    assert_non_null(strstr(err.msg, "désactivé"));
    /* without the password nothing tells the account exists */
    assert_int_equal(auth_login(db, &cfg, "agathe", "faux-mot", &s, &err), G_ERR_DENIED);
    assert_string_equal(err.msg, "Identifiant ou mot de passe incorrect.");
    teardown_db(db);
}

static void test_change_password_keeps_the_key_pair(void **state)
{
    (void)state;
    g_db *db = setup_db();
    g_error err = {0};
    g_session *s = NULL;
    assert_int_equal(auth_login(db, &cfg, "karim", PW_K, &s, &err), G_OK);
    unsigned char pk[32], sk[32];
    memcpy(pk, s->public_key, 32);
    memcpy(sk, s->secret_key, 32);
    auth_logout(db, s, NULL);

    assert_int_equal(
        user_change_password(db, &cfg, "karim", "pas-l-ancien", "nouveau-mot-karim", &err),
        G_ERR_DENIED);
    assert_string_equal(err.field, "old_password");
    assert_int_equal(user_change_password(db, &cfg, "karim", PW_K, "court", &err), G_ERR_INVALID);
    assert_int_equal(user_change_password(db, &cfg, "karim", PW_K, "nouveau-mot-karim", &err),
                     G_OK);
    assert_int_equal(journal_count(db, "user-passwd"), 1);

    assert_int_equal(auth_login(db, &cfg, "karim", PW_K, &s, &err), G_ERR_DENIED);
    assert_int_equal(auth_login(db, &cfg, "karim", "nouveau-mot-karim", &s, &err), G_OK);
    assert_memory_equal(s->public_key, pk, 32);
    assert_memory_equal(s->secret_key, sk, 32);
    auth_session_free(s);
    teardown_db(db);
}

static void test_change_password_counts_towards_the_lockout(void **state)
{
    (void)state;
    g_db *db = setup_db();
    g_error err = {0};
    /* guessing the old password on "Mon mot de passe" is guessing a login */
    for (int i = 0; i < 2; i++)
        assert_int_equal(
            user_change_password(db, &cfg, "karim", "devine", "nouveau-mot-karim", &err),
            G_ERR_DENIED);
    assert_int_equal(user_change_password(db, &cfg, "karim", "devine", "nouveau-mot-karim", &err),
                     G_ERR_LOCKED);
    assert_int_equal(journal_count(db, "passwd-failed"), 3);
    /* locked: even the right old password waits for the lockout to end */
    assert_int_equal(user_change_password(db, &cfg, "karim", PW_K, "nouveau-mot-karim", &err),
                     G_ERR_LOCKED);
    g_session *s = NULL;
    assert_int_equal(auth_login(db, &cfg, "karim", PW_K, &s, &err), G_ERR_LOCKED);
    assert_null(s);
    teardown_db(db);
}

static void test_reset_gives_a_new_key_pair_and_clears_lockout(void **state)
{
    (void)state;
    g_db *db = setup_db();
    g_error err = {0};
    g_session *s = NULL;
    assert_int_equal(auth_login(db, &cfg, "karim", PW_K, &s, &err), G_OK);
    unsigned char pk[32];
    memcpy(pk, s->public_key, 32);
    auth_session_free(s);
    for (int i = 0; i < 3; i++)
        auth_login(db, &cfg, "karim", "faux", &s, &err);
    assert_int_equal(err.code, G_ERR_LOCKED);

    assert_int_equal(user_reset_password(db, &cfg, 0, "karim", "trop-court", &err), G_ERR_INVALID);
    assert_int_equal(user_reset_password(db, &cfg, 0, "karim", "remis-a-zero-karim", &err), G_OK);
    assert_int_equal(journal_count(db, "user-reset"), 1);
    user_info u;
    assert_int_equal(user_get(db, "karim", &u, &err), G_OK);
    assert_int_equal(u.locked_until, 0);
    assert_int_equal(u.failed_attempts, 0);
    assert_int_equal(auth_login(db, &cfg, "karim", "remis-a-zero-karim", &s, &err), G_OK);
    assert_memory_not_equal(s->public_key, pk, 32);
    assert_key_pair_matches(s);
    auth_session_free(s);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db),
                                        "SELECT key_generation FROM app_user WHERE login='karim'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 2);
    sqlite3_finalize(st);
    teardown_db(db);
}

static void test_sealed_key_moved_to_another_row_does_not_open(void **state)
{
    (void)state;
    g_db *db = setup_db();
    g_error err = {0};
    g_session *s = NULL;
    /* copy agathe's verifier, seal and key derivation onto karim's row: the
     * password is accepted but the seal is bound to agathe's login */
    assert_int_equal(
        db_exec(db,
                "UPDATE app_user SET (password_hash, pw_verifier, public_key, sealed_secret_key, "
                "seal_nonce, kdf_salt, kdf_opslimit, kdf_memlimit) = (SELECT password_hash, "
                "pw_verifier, public_key, sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, "
                "kdf_memlimit FROM app_user WHERE login = 'agathe') WHERE login = 'karim'",
                &err),
        G_OK);
    assert_int_equal(auth_login(db, &cfg, "karim", PW_A, &s, &err), G_ERR_CRYPTO);
    assert_null(s);
    assert_non_null(strstr(err.msg, "clé personnelle"));
    /* and the original still works */
    assert_int_equal(auth_login(db, &cfg, "agathe", PW_A, &s, &err), G_OK);
    auth_session_free(s);
    teardown_db(db);
}

static void test_idle_lock_and_unlock(void **state)
{
    (void)state;
    g_db *db = setup_db();
    g_error err = {0};
    g_session *s = NULL;
    assert_int_equal(auth_login(db, &cfg, "agathe", PW_A, &s, &err), G_OK);
    assert_int_equal(auth_lock(db, s, NULL), G_OK);
    assert_null(s->secret_key);
    assert_int_equal(journal_count(db, "idle-lock"), 1);
    assert_int_equal(journal_count(db, "lock"), 0); /* F9 is journaled apart */
    assert_int_equal(auth_unlock(db, &cfg, s, "pas-le-bon", &err), G_ERR_DENIED);
    assert_null(s->secret_key);
    assert_int_equal(journal_count(db, "unlock-failed"), 1);
    user_info u;
    assert_int_equal(user_get(db, "agathe", &u, &err), G_OK);
    assert_int_equal(u.failed_attempts, 1);
    assert_int_equal(auth_unlock(db, &cfg, s, PW_A, &err), G_OK);
    assert_key_pair_matches(s);
    assert_int_equal(journal_count(db, "unlock"), 1);
    assert_int_equal(user_get(db, "agathe", &u, &err), G_OK);
    assert_int_equal(u.failed_attempts, 0);
    /* locking on purpose (F9) wipes the key too, journaled "lock" */
    assert_int_equal(auth_lock_now(db, s, NULL), G_OK);
    assert_null(s->secret_key);
    assert_int_equal(journal_count(db, "lock"), 1);
    assert_int_equal(journal_count(db, "idle-lock"), 1);
    assert_int_equal(auth_unlock(db, &cfg, s, PW_A, &err), G_OK);
    assert_int_equal(auth_logout(db, s, NULL), G_OK);
    assert_int_equal(journal_count(db, "logout"), 1);
    teardown_db(db);
}

/* One Argon2id run checks the password and opens the key: at login, at a
 * wrong password, for an unknown login (the same effort) and at unlock. */
static void test_one_argon2id_per_login(void **state)
{
    (void)state;
    g_db *db = setup_db();
    g_error err = {0};
    g_session *s = NULL;
    argon2_runs = 0;
    assert_int_equal(auth_login(db, &cfg, "agathe", PW_A, &s, &err), G_OK);
    assert_int_equal(argon2_runs, 1);
    assert_key_pair_matches(s);
    argon2_runs = 0;
    g_session *t = NULL;
    assert_int_equal(auth_login(db, &cfg, "agathe", "pas-le-bon", &t, &err), G_ERR_DENIED);
    assert_int_equal(argon2_runs, 1);
    argon2_runs = 0;
    assert_int_equal(auth_login(db, &cfg, "personne", PW_A, &t, &err), G_ERR_DENIED);
    assert_int_equal(argon2_runs, 1);
    assert_int_equal(auth_lock(db, s, NULL), G_OK);
    argon2_runs = 0;
    assert_int_equal(auth_unlock(db, &cfg, s, PW_A, &err), G_OK);
    assert_int_equal(argon2_runs, 1);
    assert_key_pair_matches(s);
    auth_session_free(s);
    teardown_db(db);
}

/* Karim's row as guichet wrote it before migration 018: a crypto_pwhash_str
 * verifier and his secret key sealed under a separate 32-byte derivation. */
static void make_legacy(g_db *db, const char *login, const char *password, const unsigned char *sk)
{
    const unsigned long long ops = 2;
    const size_t mem = (size_t)32 * 1024 * 1024;
    char hash[crypto_pwhash_STRBYTES];
    unsigned char salt[crypto_pwhash_SALTBYTES], key[32],
        nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES],
        sealed[32 + crypto_aead_xchacha20poly1305_ietf_ABYTES];
    assert_int_equal(crypto_pwhash_str(hash, password, strlen(password), ops, mem), 0);
    randombytes_buf(salt, sizeof salt);
    randombytes_buf(nonce, sizeof nonce);
    assert_int_equal(crypto_pwhash(key, sizeof key, password, strlen(password), salt, ops, mem,
                                   crypto_pwhash_ALG_ARGON2ID13),
                     0);
    char ad[128];
    snprintf(ad, sizeof ad, "guichet-sk-v1:%s:1", login);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(sealed, &clen, sk, 32, (unsigned char *)ad,
                                               strlen(ad), NULL, nonce, key);
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db_sql(db),
                           "UPDATE app_user SET password_hash = ?1, pw_verifier = NULL,"
                           " sealed_secret_key = ?2, seal_nonce = ?3, kdf_salt = ?4,"
                           " kdf_opslimit = ?5, kdf_memlimit = ?6 WHERE login = ?7",
                           -1, &st, NULL),
        SQLITE_OK);
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 2, sealed, sizeof sealed, SQLITE_STATIC);
    sqlite3_bind_blob(st, 3, nonce, sizeof nonce, SQLITE_STATIC);
    sqlite3_bind_blob(st, 4, salt, sizeof salt, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)ops);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)mem);
    sqlite3_bind_text(st, 7, login, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

static int64_t row_int(g_db *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* An account from before migration 018 logs in the old way once (two runs)
 * and is re-sealed the new way (a third run) with the same key pair: notes
 * and team keys sealed to it still open; from then on, one run. A wrong
 * password on it still counts towards the lockout. */
static void test_account_from_before_018_is_resealed_at_its_first_login(void **state)
{
    (void)state;
    g_db *db = setup_db();
    g_error err = {0};
    g_session *s = NULL;
    assert_int_equal(auth_login(db, &cfg, "karim", PW_K, &s, &err), G_OK);
    unsigned char pk[32];
    memcpy(pk, s->public_key, sizeof pk);
    make_legacy(db, "karim", PW_K, s->secret_key);
    auth_session_free(s);
    s = NULL;

    argon2_runs = 0;
    assert_int_equal(auth_login(db, &cfg, "karim", "pas-le-bon", &s, &err), G_ERR_DENIED);
    assert_int_equal(argon2_runs, 1);
    user_info u;
    assert_int_equal(user_get(db, "karim", &u, &err), G_OK);
    assert_int_equal(u.failed_attempts, 1);

    argon2_runs = 0;
    assert_int_equal(auth_login(db, &cfg, "karim", PW_K, &s, &err), G_OK);
    assert_int_equal(argon2_runs, 3); /* check, open, re-seal: once */
    assert_key_pair_matches(s);
    assert_memory_equal(s->public_key, pk, sizeof pk);
    assert_int_equal(row_int(db, "SELECT length(pw_verifier) = 32 AND password_hash = '' AND "
                                 "kdf_memlimit = 64 * 1024 * 1024 FROM app_user WHERE login = "
                                 "'karim'"),
                     1);
    assert_int_equal(row_int(db, "SELECT count(*) FROM audit WHERE action = 'login' AND detail "
                                 "LIKE '%re-scellées%'"),
                     1);
    assert_int_equal(auth_logout(db, s, NULL), G_OK);

    argon2_runs = 0;
    assert_int_equal(auth_login(db, &cfg, "karim", PW_K, &s, &err), G_OK);
    assert_int_equal(argon2_runs, 1);
    assert_key_pair_matches(s);
    assert_memory_equal(s->public_key, pk, sizeof pk);

    /* a password change from the old way gives the new way too */
    make_legacy(db, "karim", PW_K, s->secret_key);
    auth_session_free(s);
    assert_int_equal(user_change_password(db, &cfg, "karim", PW_K, "nouveau-mot-de-passe", &err),
                     G_OK);
    assert_int_equal(row_int(db, "SELECT length(pw_verifier) FROM app_user WHERE login = 'karim'"),
                     32);
    argon2_runs = 0;
    assert_int_equal(auth_login(db, &cfg, "karim", "nouveau-mot-de-passe", &s, &err), G_OK);
    assert_int_equal(argon2_runs, 1);
    assert_memory_equal(s->public_key, pk, sizeof pk);
    auth_session_free(s);
    teardown_db(db);
}

/* A refused login whose journal entry cannot be written is still refused,
 * and says the journal missed it (it used to be refused in silence). */
static void test_refusal_that_cannot_be_journaled_says_so(void **state)
{
    (void)state;
    g_db *db = setup_db();
    g_session *s = NULL;
    g_error err = {0};
    tu_journal_down(db, 1);
    /* wrong password (counted), unknown login, disabled and locked accounts */
    g_status st = auth_login(db, &cfg, "agathe", "pas-le-bon-mot", &s, &err);
    assert_null(s);
    assert_int_not_equal(st, G_OK);
    assert_int_not_equal(st, G_ERR_DENIED);
    assert_non_null(strstr(err.msg, "Identifiant ou mot de passe incorrect."));
    assert_non_null(strstr(err.msg, "n'a pas pu être inscrite au journal"));
    assert_non_null(strstr(err.msg, "journal indisponible"));
    assert_string_equal(err.field, "password");
    g_err_clear(&err);
    st = auth_login(db, &cfg, "personne", PW_A, &s, &err);
    assert_int_not_equal(st, G_ERR_DENIED);
    assert_non_null(strstr(err.msg, "n'a pas pu être inscrite au journal"));
    /* the count of the failure went with its journal entry: nothing half-saved */
    user_info u;
    assert_int_equal(user_get(db, "agathe", &u, &err), G_OK);
    assert_int_equal(u.failed_attempts, 0);
    tu_journal_down(db, 0);
    assert_int_equal(journal_count(db, "login-failed"), 0);
    assert_int_equal(auth_login(db, &cfg, "agathe", "pas-le-bon-mot", &s, &err), G_ERR_DENIED);
    assert_int_equal(journal_count(db, "login-failed"), 1);
    teardown_db(db);
}

/* The failure count that cannot be read was taken as 0: the count started
 * again at 1 and the lockout never came. */
static void test_unreadable_failure_count_does_not_reset_the_lockout(void **state)
{
    (void)state;
    g_db *db = setup_db();
    g_session *s = NULL;
    g_error err = {0};
    assert_int_equal(auth_login(db, &cfg, "karim", "faux-1", &s, &err), G_ERR_DENIED);
    assert_int_equal(auth_login(db, &cfg, "karim", "faux-2", &s, &err), G_ERR_DENIED);
    tu_fail_sql(db, "SELECT failed_attempts, locked_until FROM app_user");
    assert_int_equal(auth_login(db, &cfg, "karim", "faux-3", &s, &err), G_ERR_DB);
    assert_non_null(strstr(err.msg, "Identifiant ou mot de passe incorrect."));
    tu_fail_sql(db, NULL);
    assert_int_equal(auth_login(db, &cfg, "karim", "faux-4", &s, &err), G_ERR_LOCKED);
    teardown_db(db);
}

/* Locking and logging out wipe the key even when the journal cannot be
 * written, and say the journal missed it. */
static void test_lock_and_logout_that_cannot_be_journaled_say_so(void **state)
{
    (void)state;
    g_db *db = setup_db();
    g_session *s = NULL;
    g_error err = {0};
    assert_int_equal(auth_login(db, &cfg, "agathe", PW_A, &s, &err), G_OK);
    tu_journal_down(db, 1);
    assert_int_not_equal(auth_lock(db, s, &err), G_OK);
    assert_null(s->secret_key);
    assert_non_null(strstr(err.msg, "le verrouillage n'a pas pu être inscrit au journal"));
    g_err_clear(&err);
    assert_int_not_equal(auth_lock_now(db, s, &err), G_OK);
    assert_non_null(strstr(err.msg, "journal indisponible"));
    tu_journal_down(db, 0);
    assert_int_equal(auth_unlock(db, &cfg, s, PW_A, &err), G_OK);
    tu_journal_down(db, 1);
    g_err_clear(&err);
    assert_int_not_equal(auth_logout(db, s, &err), G_OK);
    assert_non_null(strstr(err.msg, "sa fermeture n'a pas pu être inscrite au journal"));
    tu_journal_down(db, 0);
    assert_int_equal(journal_count(db, "logout"), 0);
    teardown_db(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_login_unseals_matching_key_and_journals),
        cmocka_unit_test(test_wrong_password_and_unknown_login_say_the_same),
        cmocka_unit_test(test_lockout_then_expiry),
        cmocka_unit_test(test_expired_lock_starts_a_fresh_count),
        cmocka_unit_test(test_disabled_account),
        cmocka_unit_test(test_change_password_keeps_the_key_pair),
        cmocka_unit_test(test_change_password_counts_towards_the_lockout),
        cmocka_unit_test(test_reset_gives_a_new_key_pair_and_clears_lockout),
        cmocka_unit_test(test_sealed_key_moved_to_another_row_does_not_open),
        cmocka_unit_test(test_idle_lock_and_unlock),
        cmocka_unit_test(test_one_argon2id_per_login),
        cmocka_unit_test(test_account_from_before_018_is_resealed_at_its_first_login),
        cmocka_unit_test(test_refusal_that_cannot_be_journaled_says_so),
        cmocka_unit_test(test_unreadable_failure_count_does_not_reset_the_lockout),
        cmocka_unit_test(test_lock_and_logout_that_cannot_be_journaled_say_so),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
