/* test_satisfaction.c — the visitor's answer at closing: checked, stored in
 * the same transaction as the close but with no link to the request, asked
 * once, counted like the statistics, exported as counts only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/satisfaction.h"
#include "guichet/stats.h"
#include "guichet/visit.h"
#include "testutil.h"

static g_db *db;
static int64_t agathe;

static int64_t scalar(const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) != SQLITE_OK)
        return -2;
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static int setup(void **state)
{
    (void)state;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    tu_clock("2026-03-30T08:00:00Z");
    db = tu_db_new();
    g_error err = {0};
    assert_int_equal(db_exec(db,
                             "INSERT INTO app_user (login, display_name, role, password_hash, "
                             "public_key, sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, "
                             "kdf_memlimit, created_at, updated_at) VALUES ('agathe', 'Agathe "
                             "Martin', 'accueil', 'x', zeroblob(32), x'00', x'00', x'00', 1, 1, 0, "
                             "0)",
                             &err),
                     G_OK);
    agathe = sqlite3_last_insert_rowid(db_sql(db));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    tu_cleanup();
    clock_set(0);
    return 0;
}

static void log_for(visit_log *l, const char *op1, const char *op2, const char *help)
{
    visit_log_init(l);
    l->n_topics = op2 ? 2 : 1;
    snprintf(l->topics[0].operator_code, sizeof l->topics[0].operator_code, "%s", op1);
    snprintf(l->topics[0].family, sizeof l->topics[0].family, "social");
    if (op2) {
        snprintf(l->topics[1].operator_code, sizeof l->topics[1].operator_code, "%s", op2);
        snprintf(l->topics[1].family, sizeof l->topics[1].family, "social");
    }
    snprintf(l->help_type, sizeof l->help_type, "%s", help);
    snprintf(l->autonomy, sizeof l->autonomy, "autonome");
    snprintf(l->outcome, sizeof l->outcome, "resolu");
    l->duration_min = 10;
}

static int64_t arrive(void)
{
    int64_t id = 0;
    g_error err = {0};
    assert_int_equal(visit_arrive(db, agathe, 0, NULL, NULL, &id, &err), G_OK);
    return id;
}

static void test_answers_are_checked(void **state)
{
    (void)state;
    g_error err = {0};
    satisfaction_answer a = {"", 0};
    assert_int_equal(satisfaction_validate(&a, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "Aucune réponse"));
    a = (satisfaction_answer){"peut-etre", 0};
    assert_int_equal(satisfaction_validate(&a, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "solved");
    a = (satisfaction_answer){"", 5};
    assert_int_equal(satisfaction_validate(&a, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "satisfied");
    a = (satisfaction_answer){"en-partie", 0};
    assert_int_equal(satisfaction_validate(&a, &err), G_OK);
    a = (satisfaction_answer){"", 4};
    assert_int_equal(satisfaction_validate(&a, &err), G_OK);
}

static void test_close_and_answer_in_one_transaction_with_no_link(void **state)
{
    (void)state;
    g_error err = {0};
    visit_log l;
    log_for(&l, "caf", "cpam", "accompagnement");
    /* a bad answer: the request is not closed either */
    int64_t v1 = arrive();
    satisfaction_answer bad = {"", 9};
    assert_int_equal(satisfaction_close_visit(db, agathe, v1, &l, &bad, &err), G_ERR_INVALID);
    assert_int_equal(scalar("SELECT count(*) FROM visit WHERE state = 'termine'"), 0);
    /* the answer cannot be stored: the close is undone with it */
    assert_int_equal(db_exec(db, "ALTER TABLE satisfaction_answer RENAME TO cache", &err), G_OK);
    satisfaction_answer good = {"oui", 4};
    assert_int_not_equal(satisfaction_close_visit(db, agathe, v1, &l, &good, &err), G_OK);
    assert_int_equal(scalar("SELECT count(*) FROM visit WHERE state = 'termine'"), 0);
    assert_int_equal(db_exec(db, "ALTER TABLE cache RENAME TO satisfaction_answer", &err), G_OK);
    /* both */
    assert_int_equal(satisfaction_close_visit(db, agathe, v1, &l, &good, &err), G_OK);
    assert_int_equal(scalar("SELECT count(*) FROM visit WHERE state = 'termine' AND surveyed = 1"),
                     1);
    assert_int_equal(scalar("SELECT count(*) FROM satisfaction_answer WHERE day = '2026-03-30' AND "
                            "channel = 'accueil-spontane' AND help_type = 'accompagnement' AND "
                            "operators = ',caf,cpam,' AND solved = 'oui' AND satisfied = 4 AND "
                            "length(id) = 16"),
                     1);
    /* nothing in the answer's row points at the request or the person */
    assert_int_equal(scalar("SELECT count(*) FROM pragma_table_info('satisfaction_answer') WHERE "
                            "name LIKE '%visit%' OR name LIKE '%_at'"),
                     0);
    assert_int_equal(scalar("SELECT rowid FROM satisfaction_answer"), -2); /* no rowid order */
    /* the journal says an answer was taken, never what nor for which request */
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'satisfaction' AND detail "
                            "= '' AND object = ''"),
                     1);
    /* asked once */
    assert_int_equal(satisfaction_record(db, agathe, v1, &good, &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "déjà été recueilli"));
    /* not asked: closed, not surveyed; answered a bit later the same day */
    int64_t v2 = arrive();
    log_for(&l, "dgfip", NULL, "information");
    assert_int_equal(satisfaction_close_visit(db, agathe, v2, &l, NULL, &err), G_OK);
    assert_int_equal(scalar("SELECT count(*) FROM visit WHERE surveyed = 1"), 1);
    satisfaction_answer later = {"non", 0};
    assert_int_equal(satisfaction_record(db, agathe, v2, &later, &err), G_OK);
    /* a request still waiting, or closed on an earlier day */
    int64_t v3 = arrive();
    assert_int_equal(satisfaction_record(db, agathe, v3, &later, &err), G_ERR_CONFLICT);
    log_for(&l, "caf", NULL, "information");
    assert_int_equal(visit_close(db, agathe, v3, &l, &err), G_OK);
    tu_clock("2026-03-31T08:00:00Z");
    assert_int_equal(satisfaction_record(db, agathe, v3, &later, &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "le jour même"));
    assert_int_equal(satisfaction_record(db, 0, v3, &later, &err), G_ERR_DENIED);

    /* counts: the statistics' closed requests, the answers by axis */
    satisfaction_report r;
    assert_int_equal(satisfaction_compute(db, "2026-03-30", "31/03/2026", &r, &err), G_OK);
    stats_report s;
    assert_int_equal(stats_compute(db, "2026-03-30", "2026-03-31", &s, &err), G_OK);
    assert_int_equal(r.total.closed, s.requests);
    assert_int_equal(r.total.closed, 3);
    assert_int_equal(r.total.answers, 2);
    assert_int_equal(r.total.solved[0], 1);
    assert_int_equal(r.total.solved[2], 1);
    assert_int_equal(r.total.satisfied[3], 1);
    assert_int_equal(r.by_help[1].answers, 1);    /* accompagnement */
    assert_int_equal(r.by_operator[0].closed, 2); /* caf */
    assert_int_equal(r.by_operator[0].answers, 1);
    assert_int_equal(r.by_operator[1].answers, 1); /* cpam, the same answer */
    assert_int_equal(r.by_operator[5].answers, 1); /* dgfip */
    satisfaction_report day;
    assert_int_equal(satisfaction_day(db, "2026-03-31", &day, &err), G_OK);
    assert_int_equal(day.total.answers, 0);
    /* the nightly export's day: the same answers as the period's, read
     * without counting the day's requests again (the export counts them) */
    assert_int_equal(satisfaction_day(db, "2026-03-30", &day, &err), G_OK);
    assert_string_equal(day.from, "2026-03-30");
    assert_int_equal(day.total.answers, 2);
    assert_int_equal(day.total.solved[0], 1);
    assert_int_equal(day.total.solved[2], 1);
    assert_int_equal(day.total.satisfied[3], 1);
    assert_int_equal(day.by_operator[1].answers, 1);
    assert_int_equal(day.total.closed, 0);
    assert_int_equal(satisfaction_day(db, "2026-02-30", &day, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "2026-02-30"));

    /* the survey file: counts only */
    const char *path = tu_path("enquete.csv");
    int64_t rows = 0;
    assert_int_equal(
        satisfaction_export(db, NULL, 0, "2026-03-01", "2026-03-31", path, &rows, &err), G_OK);
    assert_int_equal(rows, 1 + 3 + 7 + r.n_operators + 1);
    FILE *f = fopen(path, "rb");
    static char text[16384];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    assert_non_null(strstr(text, "periode_debut;periode_fin;axe;code;demandes_closes;reponses;"));
    assert_non_null(strstr(text, "2026-03-01;2026-03-31;total;;3;2;1;0;1;0;0;0;1\r\n"));
    assert_non_null(strstr(text, "2026-03-01;2026-03-31;operateur;caf;2;1;1;0;0;0;0;0;1\r\n"));
    assert_null(strstr(text, "agathe"));
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'survey-export' AND "
                            "detail = '2026-03-01..2026-03-31'"),
                     1);
}

/* A request handled on the spot and its answer: both, or neither. */
static void test_record_and_answer_in_one_transaction(void **state)
{
    (void)state;
    g_error err = {0};
    visit_log l;
    log_for(&l, "caf", NULL, "information");
    satisfaction_answer bad = {"", 9};
    int64_t id = 0;
    assert_int_equal(satisfaction_record_visit(db, agathe, 0, NULL, &l, &bad, &id, &err),
                     G_ERR_INVALID);
    assert_int_equal(scalar("SELECT count(*) FROM visit"), 0);
    /* the answer cannot be stored: the request is not recorded either */
    assert_int_equal(db_exec(db, "ALTER TABLE satisfaction_answer RENAME TO cache", &err), G_OK);
    satisfaction_answer good = {"en-partie", 3};
    assert_int_not_equal(satisfaction_record_visit(db, agathe, 0, NULL, &l, &good, &id, &err),
                         G_OK);
    assert_int_equal(scalar("SELECT count(*) FROM visit"), 0);
    assert_int_equal(db_exec(db, "ALTER TABLE cache RENAME TO satisfaction_answer", &err), G_OK);
    assert_int_equal(satisfaction_record_visit(db, agathe, 0, NULL, &l, &good, &id, &err), G_OK);
    assert_true(id > 0);
    assert_int_equal(scalar("SELECT count(*) FROM visit WHERE state = 'termine' AND surveyed = 1"),
                     1);
    assert_int_equal(scalar("SELECT count(*) FROM satisfaction_answer WHERE solved = 'en-partie' "
                            "AND satisfied = 3"),
                     1);
    /* not asked */
    assert_int_equal(satisfaction_record_visit(db, agathe, 0, NULL, &l, NULL, &id, &err), G_OK);
    assert_int_equal(scalar("SELECT count(*) FROM visit WHERE surveyed = 0"), 1);
    assert_int_equal(scalar("SELECT count(*) FROM satisfaction_answer"), 1);
    /* a bad log: refused, nothing written */
    l.help_type[0] = 0;
    assert_int_equal(satisfaction_record_visit(db, agathe, 0, NULL, &l, &good, &id, &err),
                     G_ERR_INVALID);
    assert_int_equal(scalar("SELECT count(*) FROM visit"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_answers_are_checked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_close_and_answer_in_one_transaction_with_no_link,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_and_answer_in_one_transaction, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
