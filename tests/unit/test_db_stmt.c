/* test_db_stmt.c — the prepared-statement cache of the database handle
 * (db_stmt / db_stmt_done / db_stmt_flush in db_internal.h). */
#include <stdio.h>
#include <string.h>

#include "db_internal.h"
#include "testutil.h"

static int count_stmts(g_db *db)
{
    int n = 0;
    for (sqlite3_stmt *s = sqlite3_next_stmt(db_sql(db), NULL); s;
         s = sqlite3_next_stmt(db_sql(db), s))
        n++;
    return n;
}

/* Statements of ours still alive: those FTS5 keeps for its tables (their
 * text names 'main'.…, finalized when the connection closes) do not count. */
static int count_ours(g_db *db)
{
    int n = 0;
    for (sqlite3_stmt *s = sqlite3_next_stmt(db_sql(db), NULL); s;
         s = sqlite3_next_stmt(db_sql(db), s))
        if (!strstr(sqlite3_sql(s), "'main'."))
            n++;
    return n;
}

static void fill_numbers(g_db *db, int n)
{
    g_error err = {0};
    assert_int_equal(db_exec(db, "CREATE TABLE num (n INTEGER)", &err), G_OK);
    for (int i = 1; i <= n; i++) {
        char sql[64];
        snprintf(sql, sizeof sql, "INSERT INTO num VALUES (%d)", i);
        assert_int_equal(db_exec(db, sql, &err), G_OK);
    }
}

static void test_same_statement_handed_out_again_reset_and_unbound(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    fill_numbers(db, 5);
    g_error err = {0};
    static const char sql[] = "SELECT count(*) FROM num WHERE n > ?";
    sqlite3_stmt *a, *b;
    assert_int_equal(db_stmt(db, sql, &a, &err), G_OK);
    sqlite3_bind_int(a, 1, 3);
    assert_int_equal(sqlite3_step(a), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(a, 0), 2);
    db_stmt_done(db, a);

    /* the same text from another buffer finds the same statement */
    char copy[64];
    snprintf(copy, sizeof copy, "%s", sql);
    assert_int_equal(db_stmt(db, copy, &b, &err), G_OK);
    assert_ptr_equal(a, b);
    assert_false(sqlite3_stmt_busy(b));
    /* bindings were cleared: n > NULL matches nothing */
    assert_int_equal(sqlite3_step(b), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(b, 0), 0);
    db_stmt_done(db, b);

    assert_int_equal(db_stmt(db, sql, &b, &err), G_OK);
    sqlite3_bind_int(b, 1, 0);
    assert_int_equal(sqlite3_step(b), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(b, 0), 5);
    db_stmt_done(db, b);
    db_close(db);
}

static void test_nested_use_gets_a_separate_statement(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    fill_numbers(db, 3);
    g_error err = {0};
    static const char sql[] = "SELECT n FROM num WHERE n >= ? ORDER BY n";
    sqlite3_stmt *outer, *inner;
    assert_int_equal(db_stmt(db, sql, &outer, &err), G_OK);
    sqlite3_bind_int(outer, 1, 1);
    int seen = 0, sum_inner = 0;
    while (sqlite3_step(outer) == SQLITE_ROW) {
        int n = sqlite3_column_int(outer, 0);
        assert_int_equal(n, ++seen);
        /* a nested caller asks for the same text while outer is stepping */
        assert_int_equal(db_stmt(db, sql, &inner, &err), G_OK);
        assert_ptr_not_equal(inner, outer);
        sqlite3_bind_int(inner, 1, n);
        while (sqlite3_step(inner) == SQLITE_ROW)
            sum_inner += sqlite3_column_int(inner, 0);
        db_stmt_done(db, inner); /* finalized: it was not cached */
    }
    assert_int_equal(seen, 3);
    assert_int_equal(sum_inner, (1 + 2 + 3) + (2 + 3) + 3);
    db_stmt_done(db, outer);

    /* handed out but not stepped yet: still not shared */
    assert_int_equal(db_stmt(db, sql, &outer, &err), G_OK);
    sqlite3_bind_int(outer, 1, 3);
    assert_int_equal(db_stmt(db, sql, &inner, &err), G_OK);
    assert_ptr_not_equal(inner, outer);
    sqlite3_bind_int(inner, 1, 1);
    db_stmt_done(db, inner);
    assert_int_equal(sqlite3_step(outer), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(outer, 0), 3); /* its binding survived */
    db_stmt_done(db, outer);

    /* only the cached statement is left once both are given back */
    assert_int_equal(db_stmt(db, sql, &inner, &err), G_OK);
    assert_ptr_equal(inner, outer);
    db_stmt_done(db, inner);
    db_close(db);
}

static void test_flush_finalizes_everything_and_cache_is_bounded(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    g_error err = {0};
    assert_true(count_ours(db) > 0); /* opening cached BEGIN and COMMIT */
    db_stmt_flush(db);
    assert_int_equal(count_ours(db), 0);
    int base = count_stmts(db);

    sqlite3_stmt *first, *st;
    assert_int_equal(db_stmt(db, "SELECT 0", &first, &err), G_OK);
    /* first stays handed out: it must survive the eviction below */
    for (int i = 1; i < DB_STMT_CACHE_MAX + 10; i++) {
        char sql[32];
        snprintf(sql, sizeof sql, "SELECT %d", i);
        assert_int_equal(db_stmt(db, sql, &st, &err), G_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(st, 0), i);
        db_stmt_done(db, st);
        assert_true(count_stmts(db) - base <= DB_STMT_CACHE_MAX);
    }
    assert_int_equal(count_stmts(db) - base, DB_STMT_CACHE_MAX);
    assert_int_equal(sqlite3_step(first), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(first, 0), 0);
    db_stmt_done(db, first);
    /* the most recent ones are still cached */
    char last[32];
    snprintf(last, sizeof last, "SELECT %d", DB_STMT_CACHE_MAX + 9);
    sqlite3_stmt *again;
    assert_int_equal(db_stmt(db, last, &again, &err), G_OK);
    assert_int_equal(count_stmts(db) - base, DB_STMT_CACHE_MAX);
    db_stmt_done(db, again);

    db_stmt_flush(db);
    assert_int_equal(count_stmts(db), base);
    assert_int_equal(count_ours(db), 0);
    /* the cache works again after a flush */
    assert_int_equal(db_stmt(db, "SELECT 1", &st, &err), G_OK);
    db_stmt_done(db, st);
    assert_int_equal(count_stmts(db), base + 1);
    db_close(db);
}

/* What db_close does (flush, then close) leaves no statement behind: the
 * strict sqlite3_close, which refuses a connection with an unfinalized
 * statement, succeeds. */
static void test_close_finalizes_every_cached_statement(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    g_error err = {0};
    sqlite3_stmt *st;
    assert_int_equal(db_stmt(db, "SELECT count(*) FROM audit", &st, &err), G_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    db_stmt_done(db, st);
    assert_int_equal(db_begin(db, &err), G_OK);
    assert_int_equal(db_commit(db, &err), G_OK);
    assert_true(count_ours(db) >= 3);
    db_stmt_flush(db);
    assert_int_equal(sqlite3_close(db->sql), SQLITE_OK);
    db->sql = NULL;
    db_close(db);
}

/* A statement given back holds no read snapshot: a change written by
 * another desk is seen by the next use of the same cached statement. */
static void test_given_back_statement_sees_other_desks_writes(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    fill_numbers(db, 2);
    g_error err = {0};
    g_db *other = NULL;
    assert_int_equal(db_open(db_path(db), DB_OPEN_EXISTING, &other, &err), G_OK);
    static const char sql[] = "SELECT count(*) FROM num";
    sqlite3_stmt *st;
    assert_int_equal(db_stmt(db, sql, &st, &err), G_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 2);
    db_stmt_done(db, st);

    assert_int_equal(db_begin(other, &err), G_OK);
    assert_int_equal(db_exec(other, "INSERT INTO num VALUES (3)", &err), G_OK);
    assert_int_equal(db_commit(other, &err), G_OK);

    assert_int_equal(db_stmt(db, sql, &st, &err), G_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 3);
    db_stmt_done(db, st);
    /* and this desk can still write after the other one did */
    assert_int_equal(db_begin(db, &err), G_OK);
    assert_int_equal(db_exec(db, "INSERT INTO num VALUES (4)", &err), G_OK);
    assert_int_equal(db_commit(db, &err), G_OK);
    db_close(other);
    db_close(db);
}

static void test_failed_statement_reports_and_is_not_cached(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    g_error err = {0};
    db_stmt_flush(db);
    int base = count_stmts(db);
    sqlite3_stmt *st = (sqlite3_stmt *)&err; /* must be reset to NULL */
    assert_int_not_equal(db_stmt(db, "SELECT * FROM table_absente", &st, &err), G_OK);
    assert_null(st);
    assert_true(err.msg[0] != 0);
    assert_int_equal(count_stmts(db), base);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_statement_handed_out_again_reset_and_unbound),
        cmocka_unit_test(test_nested_use_gets_a_separate_statement),
        cmocka_unit_test(test_flush_finalizes_everything_and_cache_is_bounded),
        cmocka_unit_test(test_close_finalizes_every_cached_statement),
        cmocka_unit_test(test_given_back_statement_sees_other_desks_writes),
        cmocka_unit_test(test_failed_statement_reports_and_is_not_cached),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
