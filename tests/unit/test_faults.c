/* test_faults.c — a failing query is an error, never an answer, in the
 * modules around the agenda: the day's queue (visit), the site's first
 * setup (site), the export's status (export), the demo.
 *
 * Each test makes one query fail while it runs (tu_fail_sql: SQLite
 * interrupts it mid-step) and checks that the function says so instead of
 * reading the failure as "not in the queue" (a second entry), "no topic",
 * "nothing today", "no site yet", "never exported" or "no visitor". The
 * agenda's and the notes' own cases are in test_agenda_faults.c and
 * test_note.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/agenda.h"
#include "guichet/clock.h"
#include "guichet/daysheet.h"
#include "guichet/demo.h"
#include "guichet/export.h"
#include "guichet/ics.h"
#include "guichet/site.h"
#include "guichet/visit.h"
#include "testutil.h"

static g_db *db;
static int64_t agent;

static int64_t count_rows(const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
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
                             "Martin', 'accueil', 'x', zeroblob(32), x'00', x'00', x'00', 1, 1, "
                             "0, 0)",
                             &err),
                     G_OK);
    agent = sqlite3_last_insert_rowid(db_sql(db));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_fail_sql(db, NULL);
    db_close(db);
    clock_set(0);
    return 0;
}

static int64_t new_visitor(const char *last)
{
    visitor v;
    visitor_init(&v);
    snprintf(v.last_name, sizeof v.last_name, "%s", last);
    snprintf(v.first_names, sizeof v.first_names, "Camille");
    snprintf(v.birth_date, sizeof v.birth_date, "12/03/1961");
    g_error err = {0};
    assert_int_equal(visitor_save(db, agent, &v, &err), G_OK);
    return v.id;
}

static void log_of(visit_log *l)
{
    visit_log_init(l);
    l->n_topics = 1;
    snprintf(l->topics[0].operator_code, sizeof l->topics[0].operator_code, "caf");
    snprintf(l->help_type, sizeof l->help_type, "information");
    snprintf(l->autonomy, sizeof l->autonomy, "autonome");
    snprintf(l->outcome, sizeof l->outcome, "resolu");
}

/* "Is she already in the queue?" failing was "no": she was queued twice. */
static void test_failed_queue_check_does_not_queue_twice(void **state)
{
    (void)state;
    int64_t v = new_visitor("Martin");
    g_error err = {0};
    int64_t id = 0;
    assert_int_equal(visit_arrive(db, agent, v, NULL, NULL, &id, &err), G_OK);
    tu_fail_sql(db, "SELECT 1 FROM visit WHERE visitor_id = ?");
    assert_int_equal(visit_arrive(db, agent, v, NULL, NULL, &id, &err), G_ERR_DB);
    tu_fail_sql(db, NULL);
    assert_int_equal(count_rows("SELECT count(*) FROM visit"), 1);
}

/* Closing a request re-reads the visitor's profile for the funders' row;
 * a failure there left the profile of the arrival without a word. */
static void test_failed_profile_read_does_not_close_the_request(void **state)
{
    (void)state;
    int64_t v = new_visitor("Durand");
    g_error err = {0};
    int64_t id = 0;
    assert_int_equal(visit_arrive(db, agent, v, NULL, NULL, &id, &err), G_OK);
    visit_log l;
    log_of(&l);
    tu_fail_sql(db, "SELECT coalesce(visitor_id, 0) FROM visit WHERE id = ?");
    assert_int_equal(visit_close(db, agent, id, &l, &err), G_ERR_DB);
    tu_fail_sql(db, NULL);
    visit_info info;
    assert_int_equal(visit_get(db, id, &info, &err), G_OK);
    assert_string_equal(info.state, VISIT_WAITING);
    assert_int_equal(visit_close(db, agent, id, &l, &err), G_OK);
}

/* A request's topics and the day's counters that could not be read came
 * back empty: "no topic", "nobody today". */
static void test_failed_topics_and_counters_are_not_empty(void **state)
{
    (void)state;
    g_error err = {0};
    int64_t id = 0;
    assert_int_equal(visit_arrive(db, agent, 0, NULL, NULL, &id, &err), G_OK);
    visit_log l;
    log_of(&l);
    assert_int_equal(visit_close(db, agent, id, &l, &err), G_OK);
    visit_info info;
    tu_fail_sql(db, "FROM visit_topic WHERE visit_id = ?");
    assert_int_equal(visit_get(db, id, &info, &err), G_ERR_DB);
    visit_counters c;
    tu_fail_sql(db, "SELECT state, coalesce(help_type, ''), count(*) FROM visit");
    assert_int_equal(visit_counters_today(db, &c, &err), G_ERR_DB);
    tu_fail_sql(db, "count(DISTINCT v.id) FROM visit v");
    assert_int_equal(visit_counters_today(db, &c, &err), G_ERR_DB);
    tu_fail_sql(db, NULL);
    assert_int_equal(visit_get(db, id, &info, &err), G_OK);
    assert_int_equal(info.log.n_topics, 1);
    assert_int_equal(visit_counters_today(db, &c, &err), G_OK);
    assert_int_equal(c.done, 1);
}

/* "Has this base a site already?" failing was "no". */
static void test_failed_site_check_does_not_init(void **state)
{
    (void)state;
    g_db *fresh = NULL;
    g_error err = {0};
    assert_int_equal(db_open(tu_path("fresh.db"), DB_OPEN_CREATE, &fresh, &err), G_OK);
    tu_fail_sql(fresh, "SELECT count(*) FROM site");
    assert_int_equal(site_init(fresh, "FS-TEST-0002", "Site", "58001", "Europe/Paris", &err),
                     G_ERR_DB);
    tu_fail_sql(fresh, NULL);
    g_site site;
    assert_int_equal(db_site_get(fresh, &site, &err), G_ERR_NOTFOUND);
    db_close(fresh);
}

/* The last exported day that could not be read showed as "never". */
static void test_failed_export_status_is_not_never(void **state)
{
    (void)state;
    int pending = 0;
    char last[11] = "x";
    g_error err = {0};
    assert_int_equal(export_status(db, &pending, last, &err), G_OK);
    tu_fail_sql(db, "SELECT max(day) FROM export_run");
    assert_int_equal(export_status(db, &pending, last, &err), G_ERR_DB);
}

/* The demo's agenda step found "no visitor" when the query failed and
 * booked nobody, in silence. */
static void test_failed_demo_visitor_list_is_an_error(void **state)
{
    (void)state;
    new_visitor("Démo");
    g_config cfg;
    tu_config(&cfg);
    g_error err = {0};
    tu_fail_sql(db, "SELECT id FROM visitor WHERE merged_into IS NULL");
    assert_int_equal(demo_agenda(db, &cfg, &err), G_ERR_DB);
    tu_fail_sql(db, NULL);
    assert_int_equal(count_rows("SELECT count(*) FROM resource"), 0);
}

/* The printouts took any failure to read the site for "no site yet" and
 * printed the default name. */
static void test_failed_site_read_is_not_the_default_name(void **state)
{
    (void)state;
    char *text = NULL;
    g_error err = {0};
    assert_int_equal(daysheet_day(db, "2026-03-30", &text, &err), G_OK);
    free(text);
    text = NULL;
    agenda_resource r = {.kind = AGENDA_KIND_ROOM, .name = "Salle", .active = 1};
    int64_t rid = 0;
    assert_int_equal(agenda_resource_add(db, 0, &r, &rid, &err), G_OK);
    tu_fail_sql(db, "FROM site WHERE id = 1");
    assert_int_equal(daysheet_day(db, "2026-03-30", &text, &err), G_ERR_DB);
    assert_null(text);
    assert_int_equal(ics_resource(db, rid, "2026-03-30", "2026-03-30", &text, NULL, &err),
                     G_ERR_DB);
    assert_null(text);
}

/* The commands and the screens set the site's zone before anything: a
 * failure to read it kept the default zone in silence (hours then shown
 * and exported in the wrong zone). */
static void test_failed_site_read_is_not_the_default_zone(void **state)
{
    (void)state;
    g_error err = {0};
    assert_int_equal(site_apply_zone(db, &err), G_OK);
    tu_fail_sql(db, "FROM site WHERE id = 1");
    assert_int_equal(site_apply_zone(db, &err), G_ERR_DB);
    tu_fail_sql(db, NULL);
    assert_int_equal(db_exec(db, "UPDATE site SET timezone = 'Mars/Olympus'", &err), G_OK);
    assert_int_equal(site_apply_zone(db, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "Mars/Olympus"));
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_failed_queue_check_does_not_queue_twice),
        T(test_failed_profile_read_does_not_close_the_request),
        T(test_failed_topics_and_counters_are_not_empty),
        T(test_failed_site_check_does_not_init),
        T(test_failed_export_status_is_not_never),
        T(test_failed_demo_visitor_list_is_an_error),
        T(test_failed_site_read_is_not_the_default_name),
        T(test_failed_site_read_is_not_the_default_zone),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
