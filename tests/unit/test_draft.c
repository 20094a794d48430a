/* test_draft.c — half-typed forms kept per user and kind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/draft.h"
#include "testutil.h"

static int64_t add_user(g_db *db, const char *login)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO app_user (login, display_name, role, password_hash, public_key, "
             "sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, kdf_memlimit, created_at, "
             "updated_at) VALUES ('%s', '%s', 'accueil', 'x', zeroblob(32), x'00', x'00', x'00', "
             "1, 1, 0, 0)",
             login, login);
    g_error err = {0};
    assert_int_equal(db_exec(db, sql, &err), G_OK);
    return sqlite3_last_insert_rowid(db_sql(db));
}

static void test_draft_round_trip_per_user_and_kind(void **state)
{
    (void)state;
    tu_clock("2026-03-30T08:00:00Z");
    g_db *db = tu_db_new();
    int64_t a = add_user(db, "agathe"), b = add_user(db, "karim");
    g_error err = {0};
    char *p = NULL;
    int64_t at = 0;
    assert_int_equal(draft_load(db, a, "visitor", &p, &at, &err), G_ERR_NOTFOUND);
    assert_int_equal(draft_save(db, a, "visitor", "last_name=Lefèvre\nfirst_names=Élo", &err),
                     G_OK);
    tu_clock("2026-03-30T08:01:00Z");
    assert_int_equal(draft_save(db, a, "visitor", "last_name=Lefèvre\nfirst_names=Élodie", &err),
                     G_OK);
    assert_int_equal(draft_load(db, a, "visitor", &p, &at, &err), G_OK);
    assert_string_equal(p, "last_name=Lefèvre\nfirst_names=Élodie");
    assert_int_equal(at, clock_now());
    free(p);
    /* another user or another form has none */
    assert_int_equal(draft_load(db, b, "visitor", &p, NULL, &err), G_ERR_NOTFOUND);
    assert_int_equal(draft_load(db, a, "visit-close", &p, NULL, &err), G_ERR_NOTFOUND);
    /* never for confidential notes */
    assert_int_equal(draft_save(db, a, "note", "secret", &err), G_ERR_INVALID);
    assert_int_equal(draft_save(db, a, "", "x", &err), G_ERR_INVALID);
    assert_int_equal(draft_delete(db, a, "visitor", &err), G_OK);
    assert_int_equal(draft_load(db, a, "visitor", &p, NULL, &err), G_ERR_NOTFOUND);
    assert_int_equal(draft_delete(db, a, "visitor", &err), G_OK);
    db_close(db);
    tu_cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_draft_round_trip_per_user_and_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
