/* test_auth.c — logging in: passwords, lockout and its expiry, disabled
 * accounts, the sealed secret key (unsealing, re-sealing, reset, moved rows),
 * idle lock and the journal. */
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
                "UPDATE app_user SET (password_hash, public_key, sealed_secret_key, seal_nonce, "
                "kdf_salt, kdf_opslimit, kdf_memlimit) = (SELECT password_hash, public_key, "
                "sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, kdf_memlimit FROM "
                "app_user WHERE login = 'agathe') WHERE login = 'karim'",
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
        cmocka_unit_test(test_refusal_that_cannot_be_journaled_says_so),
        cmocka_unit_test(test_unreadable_failure_count_does_not_reset_the_lockout),
        cmocka_unit_test(test_lock_and_logout_that_cannot_be_journaled_say_so),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
