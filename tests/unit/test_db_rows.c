/* test_db_rows.c — the end of a row loop says whether the rows ran out or
 * the query failed (db_rows_end, db_step_row), and `guichet check` never
 * reports "all is well" from a check that could not run to its end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "testutil.h"

static void test_rows_end_and_one_row(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    g_error err = {0};
    sqlite3_stmt *st;
    assert_int_equal(db_prepare(db, "SELECT id FROM site WHERE id = ?1", &st, &err), G_OK);
    sqlite3_bind_int(st, 1, 1);
    assert_int_equal(db_step_row(db, st, "lecture", &err), G_OK);
    sqlite3_reset(st);
    sqlite3_bind_int(st, 1, 2);
    assert_int_equal(db_step_row(db, st, "lecture", &err), G_ERR_NOTFOUND);
    assert_string_equal(err.msg, ""); /* the caller says what is missing */
    sqlite3_reset(st);
    sqlite3_bind_int(st, 1, 1);
    tu_fail_sql(db, "FROM site WHERE id = ?1");
    assert_int_equal(db_step_row(db, st, "lecture du site", &err), G_ERR_DB);
    assert_non_null(strstr(err.msg, "lecture du site"));
    sqlite3_reset(st);
    int rc = sqlite3_step(st);
    assert_int_equal(rc, SQLITE_INTERRUPT);
    assert_int_equal(db_rows_end(db, rc, "lecture du site", &err), G_ERR_DB);
    tu_fail_sql(db, NULL);
    sqlite3_finalize(st);
    assert_int_equal(db_rows_end(db, SQLITE_DONE, "x", &err), G_OK);
    assert_int_equal(db_rows_end(db, SQLITE_ROW, "x", &err), G_OK); /* stopped early */
    db_close(db);
}

static void test_check_that_cannot_run_is_not_all_well(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    char report[1024];
    g_error err = {0};
    assert_int_equal(db_check(db, report, sizeof report, &err), G_OK);
    tu_fail_sql(db, "PRAGMA integrity_check");
    assert_int_equal(db_check(db, report, sizeof report, &err), G_ERR_DB);
    assert_non_null(strstr(err.msg, "intégrité"));
    tu_fail_sql(db, "PRAGMA foreign_key_check");
    g_err_clear(&err);
    assert_int_equal(db_check(db, report, sizeof report, &err), G_ERR_DB);
    assert_non_null(strstr(err.msg, "clés étrangères"));
    tu_fail_sql(db, NULL);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_end_and_one_row),
        cmocka_unit_test(test_check_that_cannot_run_is_not_all_well),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
