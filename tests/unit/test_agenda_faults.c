/* test_agenda_faults.c — a failing query is an error, never an answer.
 *
 * Each test makes one query of the agenda fail while it runs (tu_fail_sql:
 * SQLite interrupts it mid-step, as a disk error or a lock would) and
 * checks that the agenda says so instead of reading the failure as "no
 * appointment" (a free slot: a double booking), "no closed day" (a booking
 * on a cancelled day), "not found" or "empty". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_internal.h"
#include "guichet/agenda.h"
#include "guichet/clock.h"
#include "testutil.h"

typedef struct fixture {
    g_db *db;
    int64_t caf;     /* permanence CAF, Tuesdays 09:00-12:00 */
    int64_t dossier; /* 30 min */
    int64_t avail;
    int64_t visitor;
} fixture;

static int64_t utc(const char *iso)
{
    int y, mo, d, h, mi;
    sscanf(iso, "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi);
    struct tm tm = {
        .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi};
    return (int64_t)timegm(&tm);
}

static int64_t count_rows(g_db *db, const char *sql)
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
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    tu_clock("2026-04-06T06:00:00Z"); /* Monday 6 April 2026, 08:00 in Paris */
    fixture *f = calloc(1, sizeof *f);
    f->db = tu_db_new();
    g_error err = {0};
    assert_int_equal(db_exec(f->db,
                             "INSERT INTO visitor (uuid, last_name, first_names, created_at, "
                             "updated_at) VALUES ('v1', 'Martin', 'Élodie', 0, 0)",
                             &err),
                     G_OK);
    f->visitor = sqlite3_last_insert_rowid(db_sql(f->db));
    agenda_resource r = {.kind = "permanence", .name = "CAF", .operator_code = "caf", .active = 1};
    assert_int_equal(agenda_resource_add(f->db, 0, &r, &f->caf, &err), G_OK);
    agenda_motif m = {.name = "Dossier CAF",
                      .operator_code = "caf",
                      .duration_min = 30,
                      .place = "sur-place",
                      .capacity = 1,
                      .active = 1};
    assert_int_equal(agenda_motif_add(f->db, 0, &m, &f->dossier, &err), G_OK);
    agenda_availability a = {.resource_id = f->caf, .nmotifs = 1};
    a.motifs[0] = f->dossier;
    snprintf(a.rule.dtstart, sizeof a.rule.dtstart, "2026-03-01");
    a.rule.start_min = 9 * 60;
    a.rule.end_min = 12 * 60;
    a.rule.freq = RECUR_WEEKLY;
    a.rule.interval = 1;
    snprintf(a.rule.byday, sizeof a.rule.byday, "TU");
    assert_int_equal(agenda_availability_add(f->db, 0, &a, &f->avail, &err), G_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    tu_fail_sql(f->db, NULL);
    db_close(f->db);
    free(f);
    clock_set(0);
    return 0;
}

static g_status book(fixture *f, int64_t visitor, const char *iso, g_error *err)
{
    agenda_booking b = {f->caf, f->dossier, visitor, utc(iso), "guichet", NULL};
    agenda_book_result res;
    return agenda_book(f->db, 0, &b, &res, err);
}

/* the query that reads a resource's live appointments (the conflict check) */
#define BUSY_SQL "end_at FROM appointment WHERE resource_id = ?1"

static void test_failed_conflict_check_refuses_the_booking(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    assert_int_equal(book(f, 0, "2026-04-07T07:00", &err), G_OK); /* 09:00 taken */

    tu_fail_sql(f->db, BUSY_SQL);
    g_err_clear(&err);
    g_status s = book(f, f->visitor, "2026-04-07T08:00", &err); /* 10:00, free */
    assert_int_equal(s, G_ERR_DB);
    assert_non_null(strstr(err.msg, "lecture des rendez-vous"));
    /* and the free slots are not "everything" when the bookings were not read */
    agenda_slot *slots = NULL;
    size_t n = 99;
    g_err_clear(&err);
    assert_int_equal(agenda_free_slots(f->db, f->caf, f->dossier, "2026-04-07", &slots, &n, &err),
                     G_ERR_DB);
    assert_null(slots);
    assert_int_equal(n, 0);
    tu_fail_sql(f->db, NULL);

    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM appointment"), 1);
    assert_int_equal(agenda_free_slots(f->db, f->caf, f->dossier, "2026-04-07", &slots, &n, &err),
                     G_OK);
    assert_int_equal(n, 5); /* 6 half hours, 09:00 taken */
    free(slots);
}

static void test_failed_closed_days_read_keeps_the_day_closed(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    assert_int_equal(
        agenda_exception_add(f->db, 0, f->avail, "2026-04-07", AGENDA_EXC_HOLIDAY, "", NULL, &err),
        G_OK);
    tu_fail_sql(f->db, "SELECT date FROM availability_exception");
    assert_int_equal(book(f, 0, "2026-04-07T07:00", &err), G_ERR_DB);
    agenda_slot *slots = NULL;
    size_t n = 0;
    g_err_clear(&err);
    assert_int_equal(agenda_free_slots(f->db, 0, f->dossier, "2026-04-07", &slots, &n, &err),
                     G_ERR_DB);
    assert_int_equal(n, 0);
    agenda_view v;
    assert_int_equal(agenda_day(f->db, "2026-04-07", &v, &err), G_ERR_DB);
    tu_fail_sql(f->db, NULL);
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM appointment"), 0);
}

static void test_failed_lookup_is_not_not_found(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    agenda_resource r;
    tu_fail_sql(f->db, "FROM resource WHERE id = ?1");
    assert_int_equal(agenda_resource_get(f->db, f->caf, &r, &err), G_ERR_DB);
    tu_fail_sql(f->db, "FROM resource WHERE name = ?1");
    assert_int_equal(agenda_resource_find(f->db, "CAF", &r, &err), G_ERR_DB);
    agenda_motif m;
    tu_fail_sql(f->db, "FROM motif WHERE id = ?1");
    assert_int_equal(agenda_motif_get(f->db, f->dossier, &m, &err), G_ERR_DB);
    int affected = 0;
    tu_fail_sql(f->db, "FROM availability av WHERE av.id = ?1");
    assert_int_equal(agenda_exception_add(f->db, 0, f->avail, "2026-04-07", AGENDA_EXC_HOLIDAY, "",
                                          &affected, &err),
                     G_ERR_DB);
    tu_fail_sql(f->db, NULL);
    assert_int_equal(book(f, 0, "2026-04-07T07:00", &err), G_OK);
    int64_t id = count_rows(f->db, "SELECT max(id) FROM appointment");
    agenda_item it;
    tu_fail_sql(f->db, "WHERE a.id = ?1");
    assert_int_equal(agenda_get(f->db, id, &it, &err), G_ERR_DB);
    /* the changes that load the appointment first say the same */
    assert_int_equal(agenda_cancel(f->db, 0, id, "excuse", NULL, &err), G_ERR_DB);
    tu_fail_sql(f->db, NULL);
    assert_int_equal(agenda_get(f->db, id, &it, &err), G_OK);
    assert_string_equal(it.status, "a-venir");
}

static void test_failed_list_is_not_empty(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    agenda_resource *r = NULL;
    agenda_motif *m = NULL;
    agenda_availability *a = NULL;
    agenda_opening *o = NULL;
    size_t n = 0;
    tu_fail_sql(f->db, "FROM resource WHERE (?1 = 0 OR active = 1)");
    assert_int_equal(agenda_resource_list(f->db, 0, &r, &n, &err), G_ERR_DB);
    assert_null(r);
    tu_fail_sql(f->db, "FROM motif WHERE (?1 = 0 OR active = 1)");
    assert_int_equal(agenda_motif_list(f->db, 0, NULL, &m, &n, &err), G_ERR_DB);
    assert_null(m);
    tu_fail_sql(f->db, "FROM availability av JOIN resource r");
    assert_int_equal(agenda_availability_list(f->db, 0, &a, &n, &err), G_ERR_DB);
    assert_null(a);
    assert_int_equal(agenda_openings(f->db, 0, "2026-04-07", "2026-04-07", &o, &n, &err), G_ERR_DB);
    assert_null(o);
    /* an opening whose allowed motifs were not read would refuse every motif */
    tu_fail_sql(f->db, "SELECT motif_id FROM availability_motif");
    assert_int_equal(agenda_availability_list(f->db, 0, &a, &n, &err), G_ERR_DB);
    assert_null(a);
    assert_int_equal(n, 0);
    tu_fail_sql(f->db, NULL);
    assert_int_equal(agenda_availability_list(f->db, 0, &a, &n, &err), G_OK);
    assert_int_equal(n, 1);
    assert_int_equal(a[0].nmotifs, 1);
    free(a);
}

static void test_failed_name_check_refuses_the_resource(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    agenda_resource r = {.kind = "salle", .name = "Salle 2", .active = 1};
    tu_fail_sql(f->db, "SELECT 1 FROM resource WHERE name = ?1");
    assert_int_equal(agenda_resource_add(f->db, 0, &r, NULL, &err), G_ERR_DB);
    tu_fail_sql(f->db, NULL);
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM resource"), 1);
}

static void test_failed_count_of_booked_visitors_keeps_the_day_open(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    assert_int_equal(book(f, f->visitor, "2026-04-07T07:00", &err), G_OK);
    int affected = -1;
    tu_fail_sql(f->db, "SELECT count(*) FROM appointment");
    /* "0 appointment to move" would be a lie: the screen would not ask */
    assert_int_equal(agenda_exception_add(f->db, 0, f->avail, "2026-04-07", AGENDA_EXC_ABSENCE, "",
                                          &affected, &err),
                     G_ERR_DB);
    tu_fail_sql(f->db, NULL);
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM availability_exception"), 0);
    assert_int_equal(agenda_exception_add(f->db, 0, f->avail, "2026-04-07", AGENDA_EXC_ABSENCE, "",
                                          &affected, &err),
                     G_OK);
    assert_int_equal(affected, 1);
}

static void test_failed_visitor_overlap_check_refuses_the_booking(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    tu_fail_sql(f->db, "SELECT id FROM appointment WHERE visitor_id = ?1");
    assert_int_equal(book(f, f->visitor, "2026-04-07T07:00", &err), G_ERR_DB);
    tu_fail_sql(f->db, NULL);
    assert_int_equal(count_rows(f->db, "SELECT count(*) FROM appointment"), 0);
}

/* Closed days were read 64 at most per opening: over a long period the
 * 65th closed Tuesday and the next ones came back open. */
static void test_every_closed_day_of_a_long_period_stays_closed(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    int64_t d0;
    assert_int_equal(clock_date_parse("2026-04-07", &d0), 0);
    char last[11] = "";
    for (int w = 0; w < 70; w++) {
        clock_date_format(d0 + 7 * w, last);
        assert_int_equal(
            agenda_exception_add(f->db, 0, f->avail, last, AGENDA_EXC_CANCELLED, "", NULL, &err),
            G_OK);
    }
    agenda_opening *o = NULL;
    size_t n = 99;
    assert_int_equal(agenda_openings(f->db, f->caf, "2026-04-07", last, &o, &n, &err), G_OK);
    assert_int_equal(n, 0);
    free(o);
}

/* A rule changed behind guichet's back into one it cannot read was
 * skipped: the opening vanished from every view without a word. */
static void test_an_unreadable_stored_rule_is_reported(void **state)
{
    fixture *f = *state;
    g_error err = {0};
    assert_int_equal(db_exec(f->db, "UPDATE availability SET byday = 'XX'", &err), G_OK);
    agenda_opening *o = NULL;
    size_t n = 99;
    assert_int_equal(agenda_openings(f->db, f->caf, "2026-04-07", "2026-04-07", &o, &n, &err),
                     G_ERR_INVALID);
    assert_null(o);
    assert_int_equal(n, 0);
    assert_string_equal(err.field, "byday");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_failed_conflict_check_refuses_the_booking),
        T(test_failed_closed_days_read_keeps_the_day_closed),
        T(test_failed_lookup_is_not_not_found),
        T(test_failed_list_is_not_empty),
        T(test_failed_name_check_refuses_the_resource),
        T(test_failed_count_of_booked_visitors_keeps_the_day_open),
        T(test_failed_visitor_overlap_check_refuses_the_booking),
        T(test_every_closed_day_of_a_long_period_stays_closed),
        T(test_an_unreadable_stored_rule_is_reported),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
