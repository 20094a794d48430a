/* test_user.c — staff accounts: login and password rules, creation, list,
 * disabling, journal entries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/auth.h"
#include "guichet/user.h"
#include "testutil.h"

static int journal_count(g_db *db, const char *action, int64_t user_id)
{
    sqlite3_stmt *st;
    int n = -1;
    if (sqlite3_prepare_v2(db_sql(db),
                           "SELECT count(*) FROM audit WHERE action = ? AND user_id = ?", -1, &st,
                           NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, user_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_roles(void **state)
{
    (void)state;
    user_role r;
    assert_int_equal(user_role_parse("accueil", &r), 0);
    assert_int_equal(r, ROLE_ACCUEIL);
    assert_int_equal(user_role_parse("conseiller", &r), 0);
    assert_int_equal(r, ROLE_CONSEILLER);
    assert_int_equal(user_role_parse("responsable", &r), 0);
    assert_int_equal(r, ROLE_RESPONSABLE);
    assert_int_equal(user_role_parse("admin", &r), -1);
    assert_int_equal(user_role_parse("Accueil", &r), -1);
    assert_string_equal(user_role_code(ROLE_CONSEILLER), "conseiller");
    assert_string_equal(user_role_label(ROLE_RESPONSABLE), "Responsable");
}

static void test_login_form(void **state)
{
    (void)state;
    g_error err = {0};
    assert_int_equal(user_check_login("agathe.martin", &err), G_OK);
    assert_int_equal(user_check_login("k_benali-2", &err), G_OK);
    assert_int_equal(user_check_login("", &err), G_ERR_INVALID);
    assert_string_equal(err.field, "login");
    assert_int_equal(user_check_login("hélène", &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "interdit"));
    assert_int_equal(user_check_login("jean dupont", &err), G_ERR_INVALID);
    assert_int_equal(user_check_login("-x", &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "commencer"));
    /* an accented first letter is a letter: the message says why it is refused */
    assert_int_equal(user_check_login("Élodie.B", &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "sans accent"));
    assert_int_equal(user_check_login("abcdefghijklmnopqrstuvwxyz012345", &err), G_OK);
    assert_int_equal(user_check_login("abcdefghijklmnopqrstuvwxyz0123456", &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "trop long"));
}

static void test_password_policy(void **state)
{
    (void)state;
    g_config cfg;
    tu_config(&cfg);
    g_error err = {0};
    assert_int_equal(user_check_password(&cfg, "onze-carac.", &err), G_ERR_INVALID);
    assert_string_equal(err.field, "password");
    assert_non_null(strstr(err.msg, "12 caractères"));
    assert_int_equal(user_check_password(&cfg, "douze-caract", &err), G_OK);
    /* characters, not bytes: eleven "é" are 22 bytes but too short */
    assert_int_equal(user_check_password(&cfg, "ééééééééééé", &err), G_ERR_INVALID);
    assert_int_equal(user_check_password(&cfg, "éééééééééééé", &err), G_OK);
    char big[USER_PASSWORD_MAX + 2];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = 0;
    assert_int_equal(user_check_password(&cfg, big, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "trop long"));
    big[USER_PASSWORD_MAX] = 0;
    assert_int_equal(user_check_password(&cfg, big, &err), G_OK);
    assert_int_equal(user_check_password(&cfg, "tabulation\tici", &err), G_ERR_INVALID);
    cfg.security.min_password_length = 20;
    assert_int_equal(user_check_password(&cfg, "douze-caract", &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "20 caractères"));
}

static void test_add_stores_argon2id_and_keys_and_journals(void **state)
{
    (void)state;
    g_config cfg;
    tu_config(&cfg);
    g_db *db = tu_db_new();
    g_error err = {0};
    int64_t id = 0, manager = 0;
    assert_int_equal(user_add(db, &cfg, 0, "sophie", "Sophie", ROLE_RESPONSABLE,
                              "mot-de-passe-sophie", &manager, &err),
                     G_OK);
    assert_int_equal(user_add(db, &cfg, manager, "Agathe.M", "Agathe Martin", ROLE_ACCUEIL,
                              "mot-de-passe-long", &id, &err),
                     G_OK);
    assert_true(id > 0);
    user_info u;
    assert_int_equal(user_get(db, "agathe.m", &u, &err), G_OK);
    assert_int_equal(u.id, id);
    assert_string_equal(u.login, "agathe.m");
    assert_string_equal(u.display_name, "Agathe Martin");
    assert_int_equal(u.role, ROLE_ACCUEIL);
    assert_int_equal(u.disabled, 0);
    /* lookups ignore case */
    assert_int_equal(user_get(db, "AGATHE.M", &u, &err), G_OK);

    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db),
                                        "SELECT password_hash, length(public_key), "
                                        "length(sealed_secret_key), kdf_opslimit, kdf_memlimit, "
                                        "key_generation, instr(password_hash, 'mot-de-passe'), "
                                        "length(pw_verifier) FROM app_user WHERE id = ?",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal(sqlite3_column_text(st, 0), ""); /* one Argon2id: pw_verifier */
    assert_int_equal(sqlite3_column_int(st, 1), 32);
    assert_int_equal(sqlite3_column_int(st, 2), 48);
    assert_int_equal(sqlite3_column_int64(st, 3), (int64_t)auth_pwhash_opslimit());
    assert_int_equal(sqlite3_column_int64(st, 4), (int64_t)auth_pwhash_memlimit());
    assert_int_equal(sqlite3_column_int(st, 5), 1);
    assert_int_equal(sqlite3_column_int(st, 6), 0);
    assert_int_equal(sqlite3_column_int(st, 7), 32);
    sqlite3_finalize(st);

    assert_int_equal(journal_count(db, "user-add", manager), 1);
    assert_int_equal(audit_verify(db, NULL, &err), G_OK);
    db_close(db);
}

static void test_add_refusals_write_nothing(void **state)
{
    (void)state;
    g_config cfg;
    tu_config(&cfg);
    g_db *db = tu_db_new();
    g_error err = {0};
    assert_int_equal(user_add(db, &cfg, 0, "karim", "Karim Benali", ROLE_CONSEILLER,
                              "conseiller-pass", NULL, &err),
                     G_OK);
    assert_int_equal(
        user_add(db, &cfg, 0, "KARIM", "Un autre", ROLE_ACCUEIL, "autre-mot-de-passe", NULL, &err),
        G_ERR_EXISTS);
    assert_string_equal(err.field, "login");
    assert_non_null(strstr(err.msg, "déjà pris"));
    assert_int_equal(
        user_add(db, &cfg, 0, "court", "Court", ROLE_ACCUEIL, "trop-court", NULL, &err),
        G_ERR_INVALID);
    assert_string_equal(err.field, "password");
    assert_int_equal(
        user_add(db, &cfg, 0, "mauvais login", "X", ROLE_ACCUEIL, "mot-de-passe-long", NULL, &err),
        G_ERR_INVALID);
    assert_int_equal(user_add(db, &cfg, 0, "x", "X", (user_role)9, "mot-de-passe-long", NULL, &err),
                     G_ERR_INVALID);
    assert_string_equal(err.field, "role");
    int n = 0;
    assert_int_equal(user_count(db, &n, &err), G_OK);
    assert_int_equal(n, 1);
    assert_int_equal(journal_count(db, "user-add", 0), 1);
    db_close(db);
}

static void test_list_sorted_with_default_name(void **state)
{
    (void)state;
    g_config cfg;
    tu_config(&cfg);
    g_db *db = tu_db_new();
    g_error err = {0};
    assert_int_equal(user_add(db, &cfg, 0, "zoe", "", ROLE_ACCUEIL, "mot-de-passe-zoe", NULL, &err),
                     G_OK);
    assert_int_equal(user_add(db, &cfg, 0, "bruno", "Bruno Ngũgĩ", ROLE_RESPONSABLE,
                              "mot-de-passe-bruno", NULL, &err),
                     G_OK);
    user_info *v = NULL;
    size_t n = 0;
    assert_int_equal(user_list(db, &v, &n, &err), G_OK);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].login, "bruno");
    assert_string_equal(v[0].display_name, "Bruno Ngũgĩ");
    assert_int_equal(v[0].role, ROLE_RESPONSABLE);
    assert_string_equal(v[1].login, "zoe");
    assert_string_equal(v[1].display_name, "zoe");
    free(v);
    user_info u;
    assert_int_equal(user_get(db, "personne", &u, &err), G_ERR_NOTFOUND);
    assert_non_null(strstr(err.msg, "personne"));
    db_close(db);
}

static void test_last_manager_cannot_be_disabled(void **state)
{
    (void)state;
    g_config cfg;
    tu_config(&cfg);
    g_db *db = tu_db_new();
    g_error err = {0};
    assert_int_equal(user_add(db, &cfg, 0, "sophie", "Sophie", ROLE_RESPONSABLE,
                              "mot-de-passe-sophie", NULL, &err),
                     G_OK);
    assert_int_equal(
        user_add(db, &cfg, 0, "agathe", "Agathe", ROLE_ACCUEIL, "mot-de-passe-agathe", NULL, &err),
        G_OK);
    assert_int_equal(user_set_disabled(db, 0, "sophie", 1, &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "dernier responsable"));
    user_info u;
    assert_int_equal(user_get(db, "sophie", &u, &err), G_OK);
    assert_int_equal(u.disabled, 0);

    assert_int_equal(user_set_disabled(db, 1, "agathe", 1, &err), G_OK);
    assert_int_equal(user_get(db, "agathe", &u, &err), G_OK);
    assert_int_equal(u.disabled, 1);
    assert_int_equal(journal_count(db, "user-disable", 1), 1);
    /* a second disable changes nothing and journals nothing */
    assert_int_equal(user_set_disabled(db, 1, "agathe", 1, &err), G_OK);
    assert_int_equal(journal_count(db, "user-disable", 1), 1);
    assert_int_equal(user_set_disabled(db, 1, "agathe", 0, &err), G_OK);
    assert_int_equal(user_get(db, "agathe", &u, &err), G_OK);
    assert_int_equal(u.disabled, 0);
    assert_int_equal(journal_count(db, "user-enable", 1), 1);
    assert_int_equal(user_set_disabled(db, 1, "inconnu", 1, &err), G_ERR_NOTFOUND);
    assert_int_equal(audit_verify(db, NULL, &err), G_OK);
    db_close(db);
}

static void test_only_a_manager_manages_accounts(void **state)
{
    (void)state;
    g_config cfg;
    tu_config(&cfg);
    g_db *db = tu_db_new();
    g_error err = {0};
    int64_t agathe = 0;
    assert_int_equal(user_add(db, &cfg, 0, "sophie", "Sophie", ROLE_RESPONSABLE,
                              "mot-de-passe-sophie", NULL, &err),
                     G_OK);
    assert_int_equal(user_add(db, &cfg, 0, "agathe", "Agathe", ROLE_ACCUEIL, "mot-de-passe-agathe",
                              &agathe, &err),
                     G_OK);
    /* a reception agent can neither add, disable nor reset an account */
    assert_int_equal(user_add(db, &cfg, agathe, "intrus", "Intrus", ROLE_RESPONSABLE,
                              "mot-de-passe-intrus", NULL, &err),
                     G_ERR_DENIED);
    assert_non_null(strstr(err.msg, "responsable"));
    assert_int_equal(user_set_disabled(db, agathe, "sophie", 1, &err), G_ERR_DENIED);
    assert_int_equal(user_reset_password(db, &cfg, agathe, "sophie", "nouveau-mot-de-passe", &err),
                     G_ERR_DENIED);
    user_info u;
    assert_int_equal(user_get(db, "intrus", &u, &err), G_ERR_NOTFOUND);
    assert_int_equal(user_get(db, "sophie", &u, &err), G_OK);
    assert_int_equal(u.disabled, 0);
    int users = 0;
    assert_int_equal(user_count(db, &users, &err), G_OK);
    assert_int_equal(users, 2);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_login_form),
        cmocka_unit_test(test_password_policy),
        cmocka_unit_test(test_add_stores_argon2id_and_keys_and_journals),
        cmocka_unit_test(test_add_refusals_write_nothing),
        cmocka_unit_test(test_list_sorted_with_default_name),
        cmocka_unit_test(test_last_manager_cannot_be_disabled),
        cmocka_unit_test(test_only_a_manager_manages_accounts),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
