/* test_status.c — the state codes named in status.h are the ones the
 * schema accepts (its CHECK constraints), no more, no fewer, and the
 * predicates over them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/agenda.h"
#include "guichet/escalation.h"
#include "guichet/orientation.h"
#include "guichet/status.h"
#include "guichet/visit.h"
#include "testutil.h"

/* The codes accepted by the CHECK constraint of column in the stored
 * definition of table, as "a b …": the quoted values of
 * "CHECK (<column> IN ('a', 'b', …))" or, since migration 062, of
 * "CHECK (<column> = 'a' OR <column> = 'b' …)". */
static const char *schema_codes(g_db *db, const char *table, const char *column)
{
    static char out[256];
    out[0] = 0;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db),
                                        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND "
                                        "name = ?1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const char *sql = (const char *)sqlite3_column_text(st, 0);
    char in[64], eq[64];
    snprintf(in, sizeof in, "CHECK (%s IN (", column);
    snprintf(eq, sizeof eq, "CHECK (%s = '", column);
    const char *p = strstr(sql, in);
    if (!p && (p = strstr(sql, eq)) != NULL)
        p += strlen("CHECK (");
    else if (p)
        p += strlen(in);
    assert_non_null(p);
    /* the quoted values up to the parenthesis closing the CHECK */
    for (int depth = 0; *p && depth >= 0; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')')
            depth--;
        else if (*p == '\'') {
            const char *e = strchr(p + 1, '\'');
            assert_non_null(e);
            size_t len = strlen(out);
            snprintf(out + len, sizeof out - len, "%s%.*s", len ? " " : "", (int)(e - p - 1),
                     p + 1);
            p = e;
        }
    }
    sqlite3_finalize(st);
    return out;
}

static const char *joined(const char *const *codes)
{
    static char out[256];
    out[0] = 0;
    for (size_t i = 0; codes[i]; i++) {
        size_t len = strlen(out);
        snprintf(out + len, sizeof out - len, "%s%s", i ? " " : "", codes[i]);
    }
    return out;
}

static void test_codes_are_the_schema_s(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    assert_string_equal(joined(agenda_statuses), schema_codes(db, "appointment", "status"));
    static const char *const calls[] = {APPT_CALL_DONE, APPT_CALL_MESSAGE, APPT_CALL_NOREPLY, NULL};
    assert_string_equal(joined(calls), schema_codes(db, "appointment", "call_status"));
    assert_string_equal(joined(visit_states), schema_codes(db, "visit", "state"));
    assert_string_equal(joined(orientation_statuses), schema_codes(db, "orientation", "status"));
    assert_string_equal(joined(escalation_statuses), schema_codes(db, "escalation", "status"));
    db_close(db);
    tu_cleanup();
}

static void test_predicates(void **state)
{
    (void)state;
    assert_true(status_appointment_cancelled(APPT_EXCUSED));
    assert_true(status_appointment_cancelled(APPT_CANCELLED_BY_SERVICE));
    assert_false(status_appointment_cancelled(APPT_TO_COME));
    assert_false(status_appointment_cancelled(APPT_HONORED));
    assert_false(status_appointment_cancelled(APPT_ABSENT));
    assert_false(status_appointment_cancelled(NULL));
    assert_true(status_visit_in_queue(VISIT_WAITING));
    assert_true(status_visit_in_queue(VISIT_IN_PROGRESS));
    assert_false(status_visit_in_queue(VISIT_DONE));
    assert_false(status_visit_in_queue(VISIT_LEFT));
    assert_false(status_visit_in_queue(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes_are_the_schema_s),
        cmocka_unit_test(test_predicates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
