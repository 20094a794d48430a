/* test_escalation.c — files handed to a partner's referent: checks, the
 * status machine, follow-up and expiry, lists and history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/escalation.h"
#include "testutil.h"

static g_db *db;
static g_config cfg;
static int64_t agathe, visitor_id, caf, gone, later;

static int64_t scalar(const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s", sqlite3_errmsg(db_sql(db)));
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static int64_t exec_id(const char *sql)
{
    g_error err = {0};
    if (db_exec(db, sql, &err) != G_OK)
        fail_msg("%s: %s", sql, err.msg);
    return sqlite3_last_insert_rowid(db_sql(db));
}

static int setup(void **state)
{
    (void)state;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    tu_clock("2026-03-30T08:00:00Z");
    db = tu_db_new();
    tu_config(&cfg);
    agathe = exec_id("INSERT INTO app_user (login, display_name, role, password_hash, public_key, "
                     "sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, kdf_memlimit, "
                     "created_at, updated_at) VALUES ('agathe', 'Agathe Martin', 'accueil', 'x', "
                     "zeroblob(32), x'00', x'00', x'00', 1, 1, 0, 0)");
    visitor_id = exec_id("INSERT INTO visitor (uuid, last_name, first_names, created_at, "
                         "updated_at) VALUES ('v1', 'Ngũgĩ', 'Wanjiru', 0, 0)");
    caf = exec_id("INSERT INTO referent (uuid, operator, name, role, valid_from, created_at, "
                  "updated_at) VALUES ('r1', 'caf', 'Claire Dubois', 'Référente', '2025-01-01', 0, "
                  "0)");
    gone = exec_id("INSERT INTO referent (uuid, operator, name, valid_from, valid_to, "
                   "created_at, updated_at) VALUES ('r2', 'cpam', 'Paul Parti', '2024-01-01', "
                   "'2025-12-31', 0, 0)");
    later = exec_id("INSERT INTO referent (uuid, operator, name, valid_from, created_at, "
                    "updated_at) VALUES ('r3', 'cpam', 'Nadia Bientôt', '2026-05-01', 0, 0)");
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

static void test_handing_over_is_checked(void **state)
{
    (void)state;
    g_error err = {0};
    int64_t id = 0;
    escalation_new in = {.visitor_id = visitor_id, .referent_id = caf, .subject = "  "};
    assert_int_equal(escalation_create(db, &cfg, agathe, &in, &id, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "subject");
    in.subject = "Ligne\nsuivante";
    assert_int_equal(escalation_create(db, &cfg, agathe, &in, &id, &err), G_ERR_INVALID);
    in.subject = "Prime d'activité suspendue";
    in.referent_id = gone;
    assert_int_equal(escalation_create(db, &cfg, agathe, &in, &id, &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "plus en fonction depuis le 31/12/2025"));
    in.referent_id = later;
    assert_int_equal(escalation_create(db, &cfg, agathe, &in, &id, &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "à partir du 01/05/2026"));
    in.referent_id = caf;
    in.visitor_id = 999;
    assert_int_equal(escalation_create(db, &cfg, agathe, &in, &id, &err), G_ERR_NOTFOUND);
    in.visitor_id = visitor_id;
    in.followup_on = "31/02/2026";
    assert_int_equal(escalation_create(db, &cfg, agathe, &in, &id, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "followup_on");
    assert_int_equal(scalar("SELECT count(*) FROM escalation"), 0);
    in.followup_on = NULL;
    assert_int_equal(escalation_create(db, &cfg, agathe, &in, &id, &err), G_OK);
    escalation e;
    assert_int_equal(escalation_get(db, id, &e, &err), G_OK);
    assert_string_equal(e.status, "ouverte");
    assert_string_equal(e.followup_on, "2026-04-09"); /* + followup_days */
    assert_string_equal(e.referent_name, "Claire Dubois (Référente)");
    assert_string_equal(e.partner, "CAF");
    assert_string_equal(e.visitor_name, "Ngũgĩ Wanjiru"); /* NOM Prénom, as the orientations */
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'escalation-add'"), 1);
}

static void test_status_machine_history_and_lists(void **state)
{
    (void)state;
    g_error err = {0};
    int64_t id = 0, other = 0;
    escalation_new in = {.visitor_id = visitor_id, .referent_id = caf, .subject = "Dossier RSA"};
    assert_int_equal(escalation_create(db, &cfg, agathe, &in, &id, &err), G_OK);
    assert_int_equal(escalation_create(db, &cfg, agathe, &in, &other, &err), G_OK);
    assert_int_equal(escalation_set_status(db, agathe, id, "ouverte", "", &err), G_ERR_INVALID);
    assert_int_equal(escalation_set_status(db, agathe, id, "refusee", " ", &err), G_ERR_INVALID);
    assert_string_equal(err.field, "answer");
    assert_int_equal(escalation_set_status(db, agathe, id, "repondue", "Pièces demandées", &err),
                     G_OK);
    assert_int_equal(escalation_set_status(db, agathe, id, "repondue", "Encore", &err),
                     G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "Réponse déjà reçue"));
    assert_int_equal(escalation_set_status(db, agathe, id, "expiree", "", &err), G_ERR_CONFLICT);
    assert_int_equal(escalation_set_followup(db, agathe, id, "15/04/2026", &err), G_OK);
    assert_int_equal(escalation_set_status(db, agathe, id, "resolue", "", &err), G_OK);
    assert_int_equal(escalation_set_status(db, agathe, id, "refusee", "Trop tard", &err),
                     G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "déjà clos"));
    assert_int_equal(escalation_set_followup(db, agathe, id, "2026-04-20", &err), G_ERR_CONFLICT);
    escalation e;
    assert_int_equal(escalation_get(db, id, &e, &err), G_OK);
    assert_string_equal(e.status, "resolue");
    assert_string_equal(e.answer, "Pièces demandées"); /* kept when none is given */
    assert_string_equal(e.followup_on, "2026-04-15");
    escalation_event *h = NULL;
    size_t n = 0;
    assert_int_equal(escalation_history(db, id, &h, &n, &err), G_OK);
    assert_int_equal(n, 3);
    assert_string_equal(h[0].to_status, "ouverte");
    assert_string_equal(h[1].from_status, "ouverte");
    assert_string_equal(h[1].to_status, "repondue");
    assert_string_equal(h[1].login, "agathe");
    assert_string_equal(h[2].to_status, "resolue");
    free(h);
    escalation *v = NULL;
    assert_int_equal(escalation_list_visitor(db, visitor_id, &v, &n, &err), G_OK);
    assert_int_equal(n, 2);
    free(v);
    assert_int_equal(escalation_list_followup(db, "2026-04-09", &v, &n, &err), G_OK);
    assert_int_equal(n, 1); /* the other one; the first is closed */
    int counted = -1;       /* the home screen's count: the same files, not read */
    assert_int_equal(escalation_count_followup(db, "2026-04-09", &counted, &err), G_OK);
    assert_int_equal(counted, 1);
    assert_int_equal(v[0].id, other);
    free(v);
    assert_int_equal(escalation_list_followup(db, "2026-04-08", &v, &n, &err), G_OK);
    assert_int_equal(n, 0);
    assert_int_equal(escalation_count_followup(db, "2026-04-08", &counted, &err), G_OK);
    assert_int_equal(counted, 0);
    /* expiry: 30 days after handing over */
    tu_clock("2026-04-30T08:00:00Z");
    int expired = -1;
    assert_int_equal(escalation_expire_due(db, &cfg, &expired, &err), G_OK);
    assert_int_equal(expired, 1);
    assert_int_equal(escalation_get(db, other, &e, &err), G_OK);
    assert_string_equal(e.status, "expiree");
    assert_true(escalation_is_closed("expiree"));
    assert_false(escalation_is_closed("repondue"));
    assert_string_equal(escalation_status_label("repondue"), "Réponse reçue");
}

/* The machine as the screens ask it before offering a key: an answer once,
 * then solved or refused; nothing once closed. */
static void test_moves_offered_by_status(void **state)
{
    (void)state;
    static const char *const all[] = {"ouverte", "repondue", "resolue", "refusee", "expiree"};
    assert_false(escalation_can_become("ouverte", "ouverte"));
    assert_true(escalation_can_become("ouverte", "repondue"));
    assert_true(escalation_can_become("ouverte", "resolue"));
    assert_true(escalation_can_become("ouverte", "refusee"));
    assert_true(escalation_can_become("ouverte", "expiree"));
    assert_false(escalation_can_become("repondue", "repondue")); /* the answer is there */
    assert_false(escalation_can_become("repondue", "ouverte"));
    assert_false(escalation_can_become("repondue", "expiree"));
    assert_true(escalation_can_become("repondue", "resolue"));
    assert_true(escalation_can_become("repondue", "refusee"));
    for (size_t i = 2; i < 5; i++)
        for (size_t j = 0; j < 5; j++)
            assert_false(escalation_can_become(all[i], all[j]));
    assert_false(escalation_can_become("inconnu", "resolue"));
    assert_false(escalation_can_become(NULL, "resolue"));
    assert_false(escalation_can_become("ouverte", NULL));
    /* the reason, the one escalation_set_status gives */
    g_error err = {0};
    assert_int_equal(escalation_check_move("ouverte", "repondue", &err), G_OK);
    assert_int_equal(escalation_check_move("repondue", "repondue", &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "Réponse déjà reçue"));
    assert_non_null(strstr(err.msg, "« Résolu » ou « Refusé »"));
    assert_int_equal(escalation_check_move("resolue", "refusee", &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "déjà clos (Résolu)"));
    assert_int_equal(escalation_check_move("repondue", "expiree", NULL), G_ERR_CONFLICT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_handing_over_is_checked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_status_machine_history_and_lists, setup, teardown),
        cmocka_unit_test(test_moves_offered_by_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
