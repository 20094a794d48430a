/* test_demo_services.c — the directory's demo content. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/demo.h"
#include "guichet/directory.h"
#include "guichet/hours.h"
#include "guichet/import.h"
#include "guichet/orientation.h"
#include "testutil.h"

static int count_sql(g_db *db, const char *sql)
{
    sqlite3_stmt *st;
    g_error err = {0};
    assert_int_equal(db_prepare(db, sql, &st, &err), G_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* data/services-national.csv in the source tree */
static const char *national_file(void)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s", __FILE__);
    char *cut = strstr(path, "tests/unit/");
    assert_non_null(cut);
    snprintf(cut, sizeof path - (size_t)(cut - path), "data/services-national.csv");
    return path;
}

static void test_national_entries_are_the_shipped_file(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    g_config cfg;
    tu_config(&cfg);
    g_error err = {0};
    if (demo_services(db, &cfg, &err) != G_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(
        count_sql(db, "SELECT count(*) FROM service WHERE source = 'guichet-national'"), 12);
    assert_true(count_sql(db, "SELECT count(*) FROM service WHERE source = 'demo-local'") >= 10);
    /* importing the shipped file over the demo changes nothing */
    import_result res;
    assert_int_equal(import_services(db, national_file(), 0, 0, &res, &err), G_OK);
    assert_int_equal(res.created, 0);
    assert_int_equal(res.updated, 0);
    assert_int_equal(res.unchanged, 12);
    import_result_free(&res);
    /* no visitors yet: no orientations, and no failure */
    assert_int_equal(count_sql(db, "SELECT count(*) FROM orientation"), 0);
    /* every local service has readable hours */
    directory_filter f = {0};
    directory_hit *hits = NULL;
    size_t n = 0;
    int with_hours = 0;
    assert_int_equal(directory_search(db, &f, 50, &hits, &n, &err), G_OK);
    assert_int_equal(n, 22);
    for (size_t i = 0; i < n; i++) {
        g_hours h;
        if (!hits[i].hours[0])
            continue;
        with_hours++;
        assert_int_equal(hours_parse(hits[i].hours, &h, &err), G_OK);
    }
    assert_int_equal(with_hours, 10);
    free(hits);
    db_close(db);
}

static void test_orientations_for_demo_visitors(void **state)
{
    (void)state;
    tu_clock("2026-03-30T08:00:00Z");
    g_db *db = tu_db_new();
    g_config cfg;
    tu_config(&cfg);
    g_error err = {0};
    assert_int_equal(db_exec(db,
                             "INSERT INTO visitor (uuid, last_name, first_names, created_at, "
                             "updated_at) VALUES ('u1', 'Martin', 'Jeanne', 0, 0), ('u2', "
                             "'Diallo', 'Moussa', 0, 0)",
                             &err),
                     G_OK);
    if (demo_services(db, &cfg, &err) != G_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(count_sql(db, "SELECT count(*) FROM orientation"), 5);
    assert_int_equal(count_sql(db, "SELECT count(*) FROM orientation WHERE status = 'refusee' "
                                   "AND refusal_reason = 'injoignable'"),
                     1);
    g_orientation *list = NULL;
    size_t n = 0;
    assert_int_equal(orientation_list_followup(db, "2026-03-30", &list, &n, &err), G_OK);
    assert_int_equal(n, 2); /* one for today, one overdue */
    free(list);
    /* none is old enough to expire with the default 30 days */
    int expired = -1;
    assert_int_equal(orientation_expire_due(db, &cfg, &expired, &err), G_OK);
    assert_int_equal(expired, 0);
    db_close(db);
    clock_set(0);
}

int main(void)
{
    clock_set_zone("Europe/Paris");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_national_entries_are_the_shipped_file),
        cmocka_unit_test(test_orientations_for_demo_visitors),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
