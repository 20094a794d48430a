/* test_audit.c — the journal: chain, tamper detection, append-only triggers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/user.h"
#include "testutil.h"

static g_db *db_with_entries(int n)
{
    g_db *db = tu_db_new();
    g_error err = {0};
    for (int i = 1; i <= n; i++) {
        char obj[32], detail[32];
        snprintf(obj, sizeof obj, "user:%d", i);
        snprintf(detail, sizeof detail, "entrée %d", i);
        assert_int_equal(audit_log(db, i % 2, "test-action", obj, detail, &err), G_OK);
    }
    return db;
}

static int sql_ok(g_db *db, const char *sql)
{
    return sqlite3_exec(db_sql(db), sql, NULL, NULL, NULL) == SQLITE_OK;
}

static void drop_triggers(g_db *db)
{
    assert_true(sql_ok(db, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete"));
}

static void test_empty_and_written_chains_verify(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    int64_t bad = -1;
    g_error err = {0};
    assert_int_equal(audit_verify(db, &bad, &err), G_OK);
    assert_int_equal(bad, 0);
    db_close(db);

    db = db_with_entries(5);
    assert_int_equal(audit_verify(db, &bad, &err), G_OK);
    assert_int_equal(bad, 0);
    char report[1024];
    assert_int_equal(db_check(db, report, sizeof report, &err), G_OK);
    assert_string_equal(report, "");
    db_close(db);
}

static void test_first_entry_chains_on_zeros_and_each_on_previous(void **state)
{
    (void)state;
    g_db *db = db_with_entries(3);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), "SELECT prev_hash, hash FROM audit ORDER BY id",
                                        -1, &st, NULL),
                     SQLITE_OK);
    char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        assert_string_equal((const char *)sqlite3_column_text(st, 0), prev);
        const char *h = (const char *)sqlite3_column_text(st, 1);
        assert_int_equal(strlen(h), 64);
        assert_string_not_equal(h, prev);
        snprintf(prev, sizeof prev, "%s", h);
        rows++;
    }
    sqlite3_finalize(st);
    assert_int_equal(rows, 3);
    db_close(db);
}

static void test_triggers_refuse_update_and_delete(void **state)
{
    (void)state;
    g_db *db = db_with_entries(2);
    assert_false(sql_ok(db, "UPDATE audit SET detail = 'autre' WHERE id = 1"));
    assert_non_null(strstr(sqlite3_errmsg(db_sql(db)), "journal"));
    assert_false(sql_ok(db, "DELETE FROM audit WHERE id = 2"));
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db_sql(db), "SELECT count(*), min(detail) FROM audit", -1, &st, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 2);
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "entrée 1");
    sqlite3_finalize(st);
    db_close(db);
}

static void test_altered_row_is_found(void **state)
{
    (void)state;
    g_db *db = db_with_entries(6);
    drop_triggers(db);
    assert_true(sql_ok(db, "UPDATE audit SET detail = 'rien à voir' WHERE id = 4"));
    int64_t bad = 0;
    g_error err = {0};
    assert_int_equal(audit_verify(db, &bad, &err), G_ERR_CONFLICT);
    assert_int_equal(bad, 4);
    assert_non_null(strstr(err.msg, "entrée 4"));
    assert_non_null(strstr(err.msg, "modifié"));

    char report[1024];
    assert_int_equal(db_check(db, report, sizeof report, &err), G_ERR_CONFLICT);
    assert_non_null(strstr(report, "entrée 4"));
    db_close(db);
}

static void test_altered_time_or_user_is_found(void **state)
{
    (void)state;
    g_db *db = db_with_entries(3);
    drop_triggers(db);
    assert_true(sql_ok(db, "UPDATE audit SET user_id = 42 WHERE id = 2"));
    int64_t bad = 0;
    assert_int_equal(audit_verify(db, &bad, NULL), G_ERR_CONFLICT);
    assert_int_equal(bad, 2);
    db_close(db);

    db = db_with_entries(3);
    drop_triggers(db);
    assert_true(sql_ok(db, "UPDATE audit SET at = at + 1 WHERE id = 1"));
    assert_int_equal(audit_verify(db, &bad, NULL), G_ERR_CONFLICT);
    assert_int_equal(bad, 1);
    db_close(db);
}

static void test_moved_field_boundary_is_found(void **state)
{
    (void)state;
    /* "ab" + "c" and "a" + "bc" must not hash alike */
    g_db *db = tu_db_new();
    assert_int_equal(audit_log(db, 0, "act", "ab", "c", NULL), G_OK);
    drop_triggers(db);
    assert_true(sql_ok(db, "UPDATE audit SET object = 'a', detail = 'bc' WHERE id = 1"));
    int64_t bad = 0;
    assert_int_equal(audit_verify(db, &bad, NULL), G_ERR_CONFLICT);
    assert_int_equal(bad, 1);
    db_close(db);
}

static void test_deleted_row_is_found(void **state)
{
    (void)state;
    g_db *db = db_with_entries(5);
    drop_triggers(db);
    assert_true(sql_ok(db, "DELETE FROM audit WHERE id = 3"));
    int64_t bad = 0;
    g_error err = {0};
    assert_int_equal(audit_verify(db, &bad, &err), G_ERR_CONFLICT);
    assert_int_equal(bad, 4);
    assert_non_null(strstr(err.msg, "entrée 4"));
    assert_non_null(strstr(err.msg, "supprimée"));
    db_close(db);

    db = db_with_entries(3);
    drop_triggers(db);
    assert_true(sql_ok(db, "DELETE FROM audit WHERE id = 1"));
    assert_int_equal(audit_verify(db, &bad, &err), G_ERR_CONFLICT);
    assert_int_equal(bad, 2);
    db_close(db);
}

static void test_swapped_rows_are_found(void **state)
{
    (void)state;
    g_db *db = db_with_entries(4);
    drop_triggers(db);
    assert_true(sql_ok(db, "UPDATE audit SET id = 100 WHERE id = 2;"
                           "UPDATE audit SET id = 2 WHERE id = 3;"
                           "UPDATE audit SET id = 3 WHERE id = 100;"));
    int64_t bad = 0;
    assert_int_equal(audit_verify(db, &bad, NULL), G_ERR_CONFLICT);
    assert_int_equal(bad, 2);
    db_close(db);
}

static void test_entry_rolled_back_with_its_action(void **state)
{
    (void)state;
    g_db *db = db_with_entries(1);
    g_error err = {0};
    assert_int_equal(db_begin(db, &err), G_OK);
    assert_int_equal(audit_log(db, 0, "annulee", "", "", &err), G_OK);
    db_rollback(db);
    assert_int_equal(audit_log(db, 0, "gardee", "", "", &err), G_OK);
    audit_entry *v = NULL;
    size_t n = 0;
    assert_int_equal(audit_recent(db, 0, 10, &v, &n, &err), G_OK);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].action, "gardee");
    assert_int_equal(v[0].id, 2);
    assert_string_equal(v[1].action, "test-action");
    free(v);
    assert_int_equal(audit_verify(db, NULL, &err), G_OK);
    db_close(db);
}

static void test_recent_is_newest_first_with_time_and_limit(void **state)
{
    (void)state;
    tu_clock("2026-03-29T08:00:00Z");
    g_db *db = db_with_entries(4);
    audit_entry *v = NULL;
    size_t n = 0;
    g_error err = {0};
    assert_int_equal(audit_recent(db, 0, 2, &v, &n, &err), G_OK);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, 4);
    assert_int_equal(v[1].id, 3);
    assert_string_equal(v[0].object, "user:4");
    assert_string_equal(v[1].detail, "entrée 3");
    assert_int_equal(v[0].at, clock_now());
    free(v);
    clock_set(0);
    db_close(db);
}

static void test_only_a_manager_reads_the_journal(void **state)
{
    (void)state;
    g_db *db = db_with_entries(2);
    g_config cfg;
    tu_config(&cfg);
    g_error err = {0};
    int64_t agathe = 0, sophie = 0;
    assert_int_equal(user_add(db, &cfg, 0, "agathe", "Agathe", ROLE_ACCUEIL, "mot-de-passe-agathe",
                              &agathe, &err),
                     G_OK);
    assert_int_equal(user_add(db, &cfg, 0, "sophie", "Sophie", ROLE_RESPONSABLE,
                              "mot-de-passe-sophie", &sophie, &err),
                     G_OK);
    audit_entry *v = NULL;
    size_t n = 0;
    assert_int_equal(audit_recent(db, agathe, 10, &v, &n, &err), G_ERR_DENIED);
    assert_null(v);
    assert_non_null(strstr(err.msg, "responsable"));
    assert_int_equal(audit_recent(db, sophie, 10, &v, &n, &err), G_OK);
    assert_int_equal(n, 4); /* two entries, two accounts created */
    free(v);
    db_close(db);
}

/* The journal viewer shows people words, not codes; unknown codes as they are. */
static void test_action_labels_are_french_and_unknown_codes_pass(void **state)
{
    (void)state;
    assert_string_equal(audit_action_label("visitor-create"), "Fiche visiteur créée");
    assert_string_equal(audit_action_label("unlock-failed"), "Déverrouillage manqué");
    assert_string_equal(audit_action_label("idle-lock"), "Verrouillage (inactivité)");
    assert_string_equal(audit_action_label("lock"), "Verrouillage");
    assert_string_equal(audit_action_label("export-run"), "Export de nuit");
    assert_string_equal(audit_action_label("team-grant"), "Clé d'équipe donnée");
    assert_string_equal(audit_action_label("user-add"), "Compte créé");
    static const char *const codes[] = {"appointment-arrived",
                                        "appointment-book",
                                        "appointment-call",
                                        "appointment-cancel",
                                        "appointment-move",
                                        "appointment-status",
                                        "availability-add",
                                        "availability-end",
                                        "availability-exception",
                                        "availability-exception-remove",
                                        "backup",
                                        "login",
                                        "login-failed",
                                        "logout",
                                        "motif-add",
                                        "motif-update",
                                        "note-create",
                                        "note-delete",
                                        "note-list",
                                        "note-read",
                                        "note-read-denied",
                                        "note-read-failed",
                                        "note-share",
                                        "note-update",
                                        "orientation-add",
                                        "orientation-followup",
                                        "orientation-status",
                                        "passwd-failed",
                                        "recovery-create",
                                        "recovery-restore",
                                        "resource-add",
                                        "resource-update",
                                        "service-add",
                                        "service-edit",
                                        "services-import",
                                        "site-init",
                                        "team-init",
                                        "team-revoke",
                                        "unlock",
                                        "user-disable",
                                        "user-enable",
                                        "user-passwd",
                                        "user-reset",
                                        "visit-correct",
                                        "visitor-merge",
                                        "visitor-update",
                                        "visitor-read",
                                        "rgpd-purge",
                                        "rgpd-erase",
                                        "rgpd-access",
                                        "referent-add",
                                        "referent-update",
                                        "referent-replace",
                                        "referent-end",
                                        "referents-import",
                                        "escalation-add",
                                        "escalation-status",
                                        "escalation-followup",
                                        "satisfaction",
                                        "survey-export"};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
        const char *l = audit_action_label(codes[i]);
        assert_string_not_equal(l, codes[i]);
        assert_true(l[0] >= 'A' && l[0] <= 'Z'); /* a capitalised French label */
    }
    assert_string_equal(audit_action_label("quelque-chose"), "quelque-chose");
    assert_string_equal(audit_action_label(NULL), "");
}

/* The retention purge removes the oldest entries: the rest still verifies,
 * and what is removed can only be a prefix, recorded in audit_anchor. */
static void test_trim_removes_a_prefix_and_the_chain_still_verifies(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    g_error err = {0};
    static const char *const when[] = {"2024-01-10T09:00:00Z", "2024-06-01T09:00:00Z",
                                       "2025-06-01T09:00:00Z", "2024-02-01T09:00:00Z",
                                       "2026-03-30T08:00:00Z"};
    for (int i = 0; i < 5; i++) {
        tu_clock(when[i]);
        assert_int_equal(audit_log(db, 0, "test-action", "", "", &err), G_OK);
    }
    int64_t before = 0, n = -1;
    tu_clock("2025-03-30T00:00:00Z");
    before = clock_now();
    /* dry run: counts, removes nothing */
    assert_int_equal(audit_trim(db, before, 1, &n, &err), G_OK);
    assert_int_equal(n, 2);
    int64_t count = 0;
    assert_int_equal(audit_count(db, &count, &err), G_OK);
    assert_int_equal(count, 5);
    /* the prefix stops at the first recent entry: entry 4 (older, written
     * after) stays, or the chain would break */
    assert_int_equal(audit_trim(db, before, 0, &n, &err), G_OK);
    assert_int_equal(n, 2);
    assert_int_equal(audit_count(db, &count, &err), G_OK);
    assert_int_equal(count, 3);
    int64_t bad = -1;
    assert_int_equal(audit_verify(db, &bad, &err), G_OK);
    assert_int_equal(bad, 0);
    char report[1024];
    assert_int_equal(db_check(db, report, sizeof report, &err), G_OK);
    /* the chain goes on */
    tu_clock("2026-03-30T09:00:00Z");
    assert_int_equal(audit_log(db, 0, "test-action", "", "après", &err), G_OK);
    assert_int_equal(audit_verify(db, &bad, &err), G_OK);
    /* nothing more to remove; never the newest, even when all are old */
    assert_int_equal(audit_trim(db, before, 0, &n, &err), G_OK);
    assert_int_equal(n, 0);
    tu_clock("2030-01-01T00:00:00Z");
    assert_int_equal(audit_trim(db, clock_now(), 0, &n, &err), G_OK);
    assert_int_equal(n, 3);
    assert_int_equal(audit_count(db, &count, &err), G_OK);
    assert_int_equal(count, 1);
    assert_int_equal(audit_verify(db, &bad, &err), G_OK);
    /* SQLite refuses to delete past the anchor or to move it back */
    assert_false(sql_ok(db, "DELETE FROM audit"));
    assert_false(sql_ok(db, "UPDATE audit_anchor SET last_id = 1"));
    assert_false(sql_ok(db, "DELETE FROM audit_anchor"));
    clock_set(0);
    db_close(db);
}

static void test_deletion_behind_guichets_back_after_a_trim_is_found(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    g_error err = {0};
    tu_clock("2024-01-10T09:00:00Z");
    for (int i = 0; i < 3; i++)
        assert_int_equal(audit_log(db, 0, "test-action", "", "", &err), G_OK);
    tu_clock("2026-03-30T09:00:00Z");
    for (int i = 0; i < 3; i++)
        assert_int_equal(audit_log(db, 0, "test-action", "", "", &err), G_OK);
    int64_t n = 0, bad = 0;
    assert_int_equal(audit_trim(db, clock_now() - 86400, 0, &n, &err), G_OK);
    assert_int_equal(n, 3);
    drop_triggers(db);
    assert_true(sql_ok(db, "DELETE FROM audit WHERE id = 4"));
    assert_int_equal(audit_verify(db, &bad, &err), G_ERR_CONFLICT);
    assert_int_equal(bad, 5);
    assert_non_null(strstr(err.msg, "purge"));
    clock_set(0);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_written_chains_verify),
        cmocka_unit_test(test_first_entry_chains_on_zeros_and_each_on_previous),
        cmocka_unit_test(test_triggers_refuse_update_and_delete),
        cmocka_unit_test(test_altered_row_is_found),
        cmocka_unit_test(test_altered_time_or_user_is_found),
        cmocka_unit_test(test_moved_field_boundary_is_found),
        cmocka_unit_test(test_deleted_row_is_found),
        cmocka_unit_test(test_swapped_rows_are_found),
        cmocka_unit_test(test_entry_rolled_back_with_its_action),
        cmocka_unit_test(test_recent_is_newest_first_with_time_and_limit),
        cmocka_unit_test(test_action_labels_are_french_and_unknown_codes_pass),
        cmocka_unit_test(test_only_a_manager_reads_the_journal),
        cmocka_unit_test(test_trim_removes_a_prefix_and_the_chain_still_verifies),
        cmocka_unit_test(test_deletion_behind_guichets_back_after_a_trim_is_found),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
