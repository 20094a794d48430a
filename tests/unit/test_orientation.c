/* test_orientation.c — orientations: creation, status machine, expiry, lists, history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/directory.h"
#include "guichet/orientation.h"
#include "testutil.h"

typedef struct fixture {
    g_db *db;
    g_config cfg;
    int64_t visitor, other_visitor, service;
} fixture;

static int64_t add_visitor(g_db *db, const char *last, const char *first)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO visitor (uuid, last_name, first_names, created_at, updated_at) VALUES "
             "(lower(hex(randomblob(16))), '%s', '%s', 0, 0)",
             last, first);
    g_error err = {0};
    assert_int_equal(db_exec(db, sql, &err), G_OK);
    return sqlite3_last_insert_rowid(db_sql(db));
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    tu_clock("2026-03-30T08:00:00Z"); /* Monday 30 March 2026, 10:00 in Paris */
    f->db = tu_db_new();
    tu_config(&f->cfg);
    f->visitor = add_visitor(f->db, "Ngũgĩ", "Élodie");
    f->other_visitor = add_visitor(f->db, "Martin", "Paul");
    g_service s;
    memset(&s, 0, sizeof s);
    snprintf(s.source, sizeof s.source, "local");
    snprintf(s.source_id, sizeof s.source_id, "ml");
    snprintf(s.name, sizeof s.name, "Mission locale");
    snprintf(s.phone, sizeof s.phone, "03 86 00 00 00");
    g_error err = {0};
    assert_int_equal(directory_save(f->db, 0, &s, &err), G_OK);
    f->service = s.id;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    db_close(f->db);
    free(f);
    clock_set(0);
    return 0;
}

static int64_t orient(fixture *f, int64_t visitor, const char *followup)
{
    orientation_new in = {.visitor_id = visitor,
                          .service_id = f->service,
                          .theme = "choisir-un-metier",
                          .reason = "Trouver une formation",
                          .contact = "courriel",
                          .followup_on = followup};
    int64_t id = 0;
    g_error err = {0};
    if (orientation_create(f->db, &f->cfg, 3, &in, &id, &err) != G_OK)
        fail_msg("%s", err.msg);
    return id;
}

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

static void test_create_defaults_and_history(void **state)
{
    fixture *f = *state;
    int64_t id = orient(f, f->visitor, NULL);
    g_orientation o;
    g_error err = {0};
    assert_int_equal(orientation_get(f->db, id, &o, &err), G_OK);
    assert_string_equal(o.status, "ouverte");
    assert_string_equal(o.followup_on, "2026-04-09"); /* today + 10 days */
    assert_string_equal(o.contact, "courriel");
    assert_string_equal(o.service_name, "Mission locale");
    assert_string_equal(o.visitor_name, "Ngũgĩ Élodie"); /* NOM Prénom, as everywhere */
    assert_int_equal(o.created_by, 3);
    assert_int_equal(o.visit_id, 0);
    /* the follow-up delay comes from the settings */
    f->cfg.orientation.followup_days = 3;
    id = orient(f, f->visitor, NULL);
    assert_int_equal(orientation_get(f->db, id, &o, &err), G_OK);
    assert_string_equal(o.followup_on, "2026-04-02");
    /* the date the form proposes is the one the core would choose */
    char proposed[11];
    orientation_default_followup(&f->cfg, proposed);
    assert_string_equal(proposed, "2026-04-02");
    f->cfg.orientation.followup_days = 40; /* across months and the DST change */
    orientation_default_followup(&f->cfg, proposed);
    assert_string_equal(proposed, "2026-05-09");
    orientation_default_followup(NULL, proposed);
    assert_string_equal(proposed, "2026-04-09");
    f->cfg.orientation.followup_days = 3;

    orientation_event *ev = NULL;
    size_t n = 0;
    assert_int_equal(orientation_history(f->db, id, &ev, &n, &err), G_OK);
    assert_int_equal(n, 1);
    assert_string_equal(ev[0].from_status, "");
    assert_string_equal(ev[0].to_status, "ouverte");
    assert_int_equal(ev[0].user_id, 3);
    free(ev);
    assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit WHERE action = "
                                      "'orientation-add' AND user_id = 3"),
                     2);
}

static void test_create_refuses_bad_input(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    orientation_new in = {.visitor_id = 999, .service_id = f->service};
    assert_int_equal(orientation_create(f->db, &f->cfg, 3, &in, NULL, &err), G_ERR_NOTFOUND);
    assert_string_equal(err.field, "visitor");
    in.visitor_id = f->visitor;
    in.service_id = 999;
    assert_int_equal(orientation_create(f->db, &f->cfg, 3, &in, NULL, &err), G_ERR_NOTFOUND);
    assert_string_equal(err.field, "service");
    in.service_id = f->service;
    in.theme = "pas-un-theme";
    assert_int_equal(orientation_create(f->db, &f->cfg, 3, &in, NULL, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "theme");
    in.theme = NULL;
    in.contact = "pigeon";
    assert_int_equal(orientation_create(f->db, &f->cfg, 3, &in, NULL, &err), G_ERR_INVALID);
    in.contact = NULL;
    in.followup_on = "2026-02-30";
    assert_int_equal(orientation_create(f->db, &f->cfg, 3, &in, NULL, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "followup_on");
    in.followup_on = NULL;
    in.visit_id = 4242;
    assert_int_equal(orientation_create(f->db, &f->cfg, 3, &in, NULL, &err), G_ERR_NOTFOUND);
    assert_int_equal(count_sql(f->db, "SELECT count(*) FROM orientation"), 0);
    assert_int_equal(count_sql(f->db, "SELECT count(*) FROM orientation_history"), 0);
}

static void test_status_machine(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    int64_t a = orient(f, f->visitor, NULL);
    /* only validee, refusee, expiree from ouverte */
    assert_int_equal(orientation_set_status(f->db, 3, a, "ouverte", NULL, &err), G_ERR_CONFLICT);
    assert_int_equal(orientation_set_status(f->db, 3, a, "acceptee", NULL, &err), G_ERR_CONFLICT);
    assert_int_equal(orientation_set_status(f->db, 3, a, "validee", NULL, &err), G_OK);
    /* a closed orientation stays closed */
    assert_int_equal(orientation_set_status(f->db, 3, a, "refusee", "injoignable", &err),
                     G_ERR_CONFLICT);
    /* the reason the screens give too (orientation_check_move) */
    assert_string_equal(err.msg, "Cette orientation est close (Validée) : orientez à nouveau si "
                                 "besoin.");
    assert_int_equal(orientation_set_status(f->db, 3, a, "expiree", NULL, &err), G_ERR_CONFLICT);
    assert_int_equal(orientation_set_status(f->db, 3, a, "validee", NULL, &err), G_ERR_CONFLICT);

    /* a refusal needs a known reason */
    int64_t b = orient(f, f->visitor, NULL);
    assert_int_equal(orientation_set_status(f->db, 3, b, "refusee", NULL, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "refusal_reason");
    assert_int_equal(orientation_set_status(f->db, 3, b, "refusee", "", &err), G_ERR_INVALID);
    assert_int_equal(orientation_set_status(f->db, 3, b, "refusee", "flemme", &err), G_ERR_INVALID);
    assert_int_equal(orientation_set_status(f->db, 5, b, "refusee", "non-mobile", &err), G_OK);
    g_orientation o;
    assert_int_equal(orientation_get(f->db, b, &o, &err), G_OK);
    assert_string_equal(o.status, "refusee");
    assert_string_equal(o.refusal_reason, "non-mobile");
    assert_string_equal(
        orientation_label(orientation_refusals, orientation_refusal_labels, o.refusal_reason),
        "Non mobile");

    /* a validation carries no refusal reason */
    int64_t c = orient(f, f->visitor, NULL);
    assert_int_equal(orientation_set_status(f->db, 3, c, "validee", "injoignable", &err), G_OK);
    assert_int_equal(orientation_get(f->db, c, &o, &err), G_OK);
    assert_string_equal(o.refusal_reason, "");

    assert_int_equal(orientation_set_status(f->db, 3, 999, "validee", NULL, &err), G_ERR_NOTFOUND);

    /* history: creation then the change, with who */
    orientation_event *ev = NULL;
    size_t n = 0;
    assert_int_equal(orientation_history(f->db, b, &ev, &n, &err), G_OK);
    assert_int_equal(n, 2);
    assert_string_equal(ev[1].from_status, "ouverte");
    assert_string_equal(ev[1].to_status, "refusee");
    assert_string_equal(ev[1].detail, "non-mobile");
    assert_int_equal(ev[1].user_id, 5);
    free(ev);
    assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit WHERE action = "
                                      "'orientation-status'"),
                     3);
    assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit WHERE action = "
                                      "'orientation-status' AND detail = 'ouverte -> refusee "
                                      "non-mobile' AND user_id = 5"),
                     1);
}

static void test_expiry_with_injected_clock(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    f->cfg.orientation.expiry_days = 30;
    int64_t old = orient(f, f->visitor, NULL);
    int64_t answered = orient(f, f->visitor, NULL);
    assert_int_equal(orientation_set_status(f->db, 3, answered, "validee", NULL, &err), G_OK);
    tu_clock("2026-04-10T08:00:00Z");
    int64_t young = orient(f, f->other_visitor, NULL);

    int n = -1;
    tu_clock("2026-04-29T07:59:59Z"); /* 30 days minus one second */
    assert_int_equal(orientation_expire_due(f->db, &f->cfg, &n, &err), G_OK);
    assert_int_equal(n, 0);
    tu_clock("2026-04-29T08:00:00Z");
    assert_int_equal(orientation_expire_due(f->db, &f->cfg, &n, &err), G_OK);
    assert_int_equal(n, 1);
    g_orientation o;
    assert_int_equal(orientation_get(f->db, old, &o, &err), G_OK);
    assert_string_equal(o.status, "expiree");
    assert_int_equal(orientation_get(f->db, answered, &o, &err), G_OK);
    assert_string_equal(o.status, "validee");
    assert_int_equal(orientation_get(f->db, young, &o, &err), G_OK);
    assert_string_equal(o.status, "ouverte");
    /* the system did it */
    orientation_event *ev = NULL;
    size_t ne = 0;
    assert_int_equal(orientation_history(f->db, old, &ev, &ne, &err), G_OK);
    assert_int_equal(ne, 2);
    assert_int_equal(ev[1].user_id, 0);
    assert_string_equal(ev[1].to_status, "expiree");
    free(ev);
    /* running it again changes nothing */
    assert_int_equal(orientation_expire_due(f->db, &f->cfg, &n, &err), G_OK);
    assert_int_equal(n, 0);
    /* a shorter setting expires the young one too */
    f->cfg.orientation.expiry_days = 10;
    assert_int_equal(orientation_expire_due(f->db, &f->cfg, &n, &err), G_OK);
    assert_int_equal(n, 1);
}

static void test_followup_and_visitor_lists(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    int64_t overdue = orient(f, f->visitor, "2026-03-25");
    int64_t today = orient(f, f->other_visitor, "2026-03-30");
    orient(f, f->visitor, "2026-03-31"); /* tomorrow: not yet */
    int64_t closed = orient(f, f->visitor, "2026-03-20");
    assert_int_equal(orientation_set_status(f->db, 3, closed, "validee", NULL, &err), G_OK);

    g_orientation *list = NULL;
    size_t n = 0;
    assert_int_equal(orientation_list_followup(f->db, "2026-03-30", &list, &n, &err), G_OK);
    assert_int_equal(n, 2);
    int counted = -1; /* the home screen's count: the same rows, not read */
    assert_int_equal(orientation_count_followup(f->db, "2026-03-30", &counted, &err), G_OK);
    assert_int_equal(counted, 2);
    assert_int_equal(list[0].id, overdue);
    assert_int_equal(list[1].id, today);
    assert_string_equal(list[1].visitor_name, "Martin Paul");
    assert_string_equal(list[1].service_phone, "03 86 00 00 00");
    free(list);

    /* moving the follow-up date takes it off today's list */
    assert_int_equal(orientation_set_followup(f->db, 3, today, "2026-04-03", &err), G_OK);
    assert_int_equal(orientation_list_followup(f->db, "2026-03-30", &list, &n, &err), G_OK);
    assert_int_equal(n, 1);
    assert_int_equal(orientation_count_followup(f->db, "2026-03-30", &counted, &err), G_OK);
    assert_int_equal(counted, 1);
    free(list);
    assert_int_equal(orientation_set_followup(f->db, 3, closed, "2026-04-03", &err),
                     G_ERR_CONFLICT);
    /* the reason the screens give too (orientation_check_followup) */
    assert_string_equal(err.msg, "Cette orientation est close (Validée) : orientez à nouveau si "
                                 "besoin.");
    assert_int_equal(orientation_set_followup(f->db, 3, 999, "2026-04-03", &err), G_ERR_NOTFOUND);
    assert_int_equal(orientation_set_followup(f->db, 3, today, "03/04/2026", &err), G_ERR_INVALID);

    assert_int_equal(orientation_list_visitor(f->db, f->visitor, &list, &n, &err), G_OK);
    assert_int_equal(n, 3);
    assert_int_equal(list[0].id, closed); /* newest first */
    free(list);
    assert_int_equal(orientation_list_visitor(f->db, 999, &list, &n, &err), G_OK);
    assert_int_equal(n, 0);
    assert_null(list);
}

/* The machine as the screens ask it before offering a key: an open
 * orientation becomes validated, refused or expired; nothing once closed. */
static void test_moves_offered_by_status(void **state)
{
    (void)state;
    static const char *const all[] = {"ouverte", "validee", "refusee", "expiree"};
    assert_false(orientation_can_become("ouverte", "ouverte"));
    assert_true(orientation_can_become("ouverte", "validee"));
    assert_true(orientation_can_become("ouverte", "refusee"));
    assert_true(orientation_can_become("ouverte", "expiree"));
    assert_false(orientation_can_become("ouverte", "acceptee"));
    for (size_t i = 1; i < 4; i++) {
        assert_true(orientation_is_closed(all[i]));
        for (size_t j = 0; j < 4; j++)
            assert_false(orientation_can_become(all[i], all[j]));
    }
    assert_false(orientation_is_closed("ouverte"));
    assert_false(orientation_is_closed("inconnu"));
    assert_false(orientation_can_become("inconnu", "validee"));
    assert_false(orientation_can_become(NULL, "validee"));
    assert_false(orientation_can_become("ouverte", NULL));

    /* the reasons, the ones orientation_set_status and _set_followup give */
    g_error err = {0};
    assert_int_equal(orientation_check_move("ouverte", "refusee", &err), G_OK);
    assert_int_equal(orientation_check_move("refusee", "validee", &err), G_ERR_CONFLICT);
    assert_string_equal(err.msg, "Cette orientation est close (Refusée) : orientez à nouveau si "
                                 "besoin.");
    assert_int_equal(orientation_check_move("ouverte", "ouverte", &err), G_ERR_CONFLICT);
    assert_string_equal(err.field, "status");
    assert_non_null(strstr(err.msg, "ne peut devenir que validée, refusée ou expirée"));
    assert_int_equal(orientation_check_move("inconnu", "validee", &err), G_ERR_CONFLICT);
    assert_int_equal(orientation_check_move("expiree", "validee", NULL), G_ERR_CONFLICT);
    assert_int_equal(orientation_check_followup("ouverte", &err), G_OK);
    assert_int_equal(orientation_check_followup("expiree", &err), G_ERR_CONFLICT);
    assert_string_equal(err.msg, "Cette orientation est close (Expirée) : orientez à nouveau si "
                                 "besoin.");
    assert_int_equal(orientation_check_followup(NULL, NULL), G_ERR_CONFLICT);
}

int main(void)
{
    clock_set_zone("Europe/Paris");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_defaults_and_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_refuses_bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_status_machine, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expiry_with_injected_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_followup_and_visitor_lists, setup, teardown),
        cmocka_unit_test(test_moves_offered_by_status),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
