/* test_stats.c — the Statistiques counts: predefined periods (today, the
 * week from Monday, the month), local-day boundaries, counts by type of help,
 * channel and partner operator (a request about two operators counts for
 * each, two topics of one operator once), orientations and appointments by
 * status, typed dates and their errors. The fixture is raw SQL into the real
 * schema, so that each count below can be checked by reading it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/orientation.h"
#include "guichet/ref.h"
#include "guichet/stats.h"
#include "testutil.h"

/* Paris is UTC+1 until Sunday 2026-03-29 02:00, UTC+2 after. */
static const char fixture_sql[] =
    "INSERT INTO visitor (id, uuid, last_name, created_at, updated_at) VALUES"
    " (1, 'u1', 'Lefèvre', 0, 0), (2, 'u2', 'Nguyễn', 0, 0);"
    "INSERT INTO visit (id, uuid, visitor_id, arrived_at, ended_at, state, channel, help_type,"
    " autonomy, duration_min, outcome, created_at, updated_at) VALUES"
    /* Friday 27: one information by telephone, CAF and CPAM */
    " (1, 'v1', 1, unixepoch('2026-03-27 09:00:00'), unixepoch('2026-03-27 09:10:00'),"
    "  'termine', 'telephone', 'information', 'autonome', 10, 'resolu', 0, 0),"
    /* Saturday 28: an accompaniment at the desk, two CAF topics (counts once) */
    " (2, 'v2', 2, unixepoch('2026-03-28 08:00:00'), unixepoch('2026-03-28 08:45:00'),"
    "  'termine', 'accueil-spontane', 'accompagnement', 'entierement-accompagne', 45,"
    "  'a-suivre', 0, 0),"
    /* Saturday 28 23:30 UTC = Sunday 29 00:30 in Paris: an orientation, no operator */
    " (3, 'v3', NULL, unixepoch('2026-03-28 23:30:00'), unixepoch('2026-03-28 23:50:00'),"
    "  'termine', 'visio', 'orientation', 'autonome', 20, 'oriente', 0, 0),"
    /* Sunday 29: someone left before being seen */
    " (4, 'v4', NULL, unixepoch('2026-03-29 09:00:00'), unixepoch('2026-03-29 09:30:00'),"
    "  'parti', 'accueil-spontane', NULL, NULL, NULL, NULL, 0, 0),"
    /* Monday 30: an information on France Titres at the desk, and one still waiting */
    " (5, 'v5', NULL, unixepoch('2026-03-30 07:00:00'), unixepoch('2026-03-30 07:02:00'),"
    "  'termine', 'accueil-spontane', 'information', 'autonome', 2, 'resolu', 0, 0),"
    " (6, 'v6', 1, unixepoch('2026-03-30 09:30:00'), NULL, 'attente', 'accueil-sur-rdv', NULL,"
    "  NULL, NULL, NULL, 0, 0),"
    /* Tuesday 31 March 22:30 UTC = Wednesday 1 April in Paris */
    " (7, 'v7', NULL, unixepoch('2026-03-31 22:30:00'), unixepoch('2026-03-31 22:40:00'),"
    "  'termine', 'courriel', 'information', 'autonome', 10, 'resolu', 0, 0);"
    "INSERT INTO visit_topic (visit_id, position, operator, family, theme) VALUES"
    " (1, 0, 'caf', 'famille', NULL), (1, 1, 'cpam', 'social', NULL),"
    " (2, 0, 'caf', 'famille', NULL), (2, 1, 'caf', 'social', NULL),"
    " (3, 0, NULL, 'social', NULL),"
    " (5, 0, 'france-titres', 'papiers', NULL),"
    " (7, 0, 'caf', NULL, NULL);"
    "INSERT INTO service (id, uuid, source, source_id, name, operator, created_at, updated_at)"
    " VALUES (1, 's1', 'local', 'epicerie', 'Épicerie solidaire', NULL, 0, 0);"
    "INSERT INTO orientation (id, uuid, visitor_id, visit_id, service_id, status, refusal_reason,"
    " followup_on, created_at, updated_at) VALUES"
    " (1, 'o1', 1, 1, 1, 'validee', NULL, '2026-04-04', unixepoch('2026-03-27 09:05:00'), 0),"
    " (2, 'o2', 2, 2, 1, 'ouverte', NULL, '2026-04-07', unixepoch('2026-03-28 08:40:00'), 0),"
    " (3, 'o3', 2, NULL, 1, 'refusee', 'non-mobile', '2026-04-07',"
    "  unixepoch('2026-02-20 10:00:00'), 0);"
    "INSERT INTO resource (id, uuid, kind, name, operator, created_at, updated_at) VALUES"
    " (1, 'r1', 'permanence', 'Permanence CAF', 'caf', 0, 0);"
    "INSERT INTO motif (id, uuid, name, operator, duration_min, place, capacity, created_at,"
    " updated_at) VALUES (1, 'm1', 'Dossier CAF', 'caf', 30, 'sur-place', 1, 0, 0);"
    "INSERT INTO appointment (id, uuid, resource_id, motif_id, visitor_id, start_at, end_at,"
    " status, created_at, updated_at) VALUES"
    " (1, 'a1', 1, 1, 1, unixepoch('2026-03-27 08:00:00'), unixepoch('2026-03-27 08:30:00'),"
    "  'honore', 0, 0),"
    " (2, 'a2', 1, 1, 2, unixepoch('2026-03-27 09:00:00'), unixepoch('2026-03-27 09:30:00'),"
    "  'absent', 0, 0),"
    " (3, 'a3', 1, 1, 2, unixepoch('2026-03-30 14:00:00'), unixepoch('2026-03-30 14:30:00'),"
    "  'a-venir', 0, 0);";

static g_db *db;

static int setup(void **state)
{
    (void)state;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    tu_clock("2026-03-30T10:00:00Z"); /* Monday 30 March 2026, 12:00 in Paris */
    db = tu_db_new();
    g_error err = {0};
    if (db_exec(db, fixture_sql, &err) != G_OK)
        fail_msg("fixture: %s", err.msg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    tu_cleanup();
    return 0;
}

static int op(const char *code)
{
    const ref_operator *o = ref_operator_find(code);
    assert_non_null(o);
    return (int)(o - ref_operators);
}

static int help(const char *code)
{
    return ref_index(ref_help_types, code);
}

static int channel(const char *code)
{
    return ref_index(ref_channels, code);
}

static void test_spans_end_today(void **state)
{
    (void)state;
    char from[11], to[11];
    stats_span_days(STATS_TODAY, from, to);
    assert_string_equal(from, "2026-03-30");
    assert_string_equal(to, "2026-03-30");
    stats_span_days(STATS_WEEK, from, to); /* a Monday: the week starts today */
    assert_string_equal(from, "2026-03-30");
    stats_span_days(STATS_MONTH, from, to);
    assert_string_equal(from, "2026-03-01");
    assert_string_equal(to, "2026-03-30");

    tu_clock("2026-03-29T12:00:00Z"); /* Sunday: back to Monday 23 */
    stats_span_days(STATS_WEEK, from, to);
    assert_string_equal(from, "2026-03-23");
    assert_string_equal(to, "2026-03-29");

    tu_clock("2026-03-31T22:30:00Z"); /* already Wednesday 1 April in Paris */
    stats_span_days(STATS_TODAY, from, to);
    assert_string_equal(from, "2026-04-01");
    stats_span_days(STATS_MONTH, from, to);
    assert_string_equal(from, "2026-04-01");
    assert_string_equal(to, "2026-04-01");
    stats_span_days(STATS_WEEK, from, to);
    assert_string_equal(from, "2026-03-30");
    tu_clock("2026-03-30T10:00:00Z");
}

static void test_month_counts_everything(void **state)
{
    (void)state;
    stats_report r;
    g_error err = {0};
    assert_int_equal(stats_compute_span(db, STATS_MONTH, &r, &err), G_OK);
    assert_int_equal(r.days, 30);
    assert_int_equal(r.requests, 4); /* v1, v2, v3, v5 (v7 is in April) */
    assert_int_equal(r.left, 1);
    assert_int_equal(r.pending, 1);
    assert_int_equal(r.minutes, 10 + 45 + 20 + 2);
    assert_int_equal(r.by_help[help("information")], 2);
    assert_int_equal(r.by_help[help("accompagnement")], 1);
    assert_int_equal(r.by_help[help("orientation")], 1);
    assert_int_equal(r.by_channel[channel("telephone")], 1);
    assert_int_equal(r.by_channel[channel("accueil-spontane")], 2); /* the one who left: no */
    assert_int_equal(r.by_channel[channel("visio")], 1);
    assert_int_equal(r.by_channel[channel("courriel")], 0);
    /* v1 counts for CAF and CPAM; v2's two CAF topics count once */
    assert_int_equal(r.by_operator[op("caf")][help("information")], 1);
    assert_int_equal(r.by_operator[op("caf")][help("accompagnement")], 1);
    assert_int_equal(r.by_operator[op("cpam")][help("information")], 1);
    assert_int_equal(r.by_operator[op("france-titres")][help("information")], 1);
    assert_int_equal(r.by_operator[r.n_operators][help("orientation")], 1);
    int sum = 0;
    for (int o = 0; o <= r.n_operators; o++)
        for (int h = 0; h < STATS_HELP; h++)
            sum += r.by_operator[o][h];
    assert_int_equal(sum, 5);
    /* o3 was created in February */
    assert_int_equal(r.orientations, 2);
    assert_int_equal(r.orient_by_status[ref_index(orientation_statuses, "validee")], 1);
    assert_int_equal(r.orient_by_status[ref_index(orientation_statuses, "ouverte")], 1);
    assert_int_equal(r.orient_by_status[ref_index(orientation_statuses, "refusee")], 0);
    assert_int_equal(r.appointments, 3);
    assert_int_equal(r.appt_by_status[ref_index(agenda_statuses, "honore")], 1);
    assert_int_equal(r.appt_by_status[ref_index(agenda_statuses, "absent")], 1);
    assert_int_equal(r.appt_by_status[ref_index(agenda_statuses, "a-venir")], 1);
}

static void test_local_day_boundaries(void **state)
{
    (void)state;
    stats_report r;
    g_error err = {0};
    /* Saturday 28 holds only v2: v3 arrived after midnight in Paris */
    assert_int_equal(stats_compute(db, "2026-03-28", "2026-03-28", &r, &err), G_OK);
    assert_int_equal(r.requests, 1);
    assert_int_equal(r.by_help[help("accompagnement")], 1);
    assert_int_equal(r.by_help[help("orientation")], 0);
    /* Sunday 29 (23 hours long) holds v3 and the person who left */
    assert_int_equal(stats_compute(db, "29/03/2026", "29/03/2026", &r, &err), G_OK);
    assert_string_equal(r.from, "2026-03-29");
    assert_int_equal(r.requests, 1);
    assert_int_equal(r.by_help[help("orientation")], 1);
    assert_int_equal(r.left, 1);
    assert_int_equal(r.orientations, 0);
    /* a period still to come is refused, one that goes past today stops
     * today (as guichet stats), on the Statistiques screen too */
    assert_int_equal(stats_compute(db, "2026-04-01", "2026-04-01", &r, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "from");
    assert_non_null(strstr(err.msg, "elle n'a pas encore commencé"));
    assert_int_equal(stats_compute(db, "2026-03-28", "2027-12-31", &r, &err), G_OK);
    assert_string_equal(r.to, "2026-03-30");
    assert_int_equal(r.days, 3);
    /* 1 April holds v7 only */
    tu_clock("2026-04-02T10:00:00Z");
    assert_int_equal(stats_compute(db, "2026-04-01", "2026-04-01", &r, &err), G_OK);
    assert_int_equal(r.requests, 1);
    assert_int_equal(r.by_channel[channel("courriel")], 1);
    assert_int_equal(r.by_operator[op("caf")][help("information")], 1);
    assert_int_equal(r.appointments, 0);
}

static void test_today_and_week(void **state)
{
    (void)state;
    stats_report r;
    g_error err = {0};
    assert_int_equal(stats_compute_span(db, STATS_TODAY, &r, &err), G_OK);
    assert_string_equal(r.from, "2026-03-30");
    assert_int_equal(r.days, 1);
    assert_int_equal(r.requests, 1);
    assert_int_equal(r.pending, 1);
    assert_int_equal(r.by_operator[op("france-titres")][help("information")], 1);
    assert_int_equal(r.by_operator[op("caf")][help("information")], 0);
    assert_int_equal(r.appointments, 1); /* this afternoon's, still to come */
    assert_int_equal(r.appt_by_status[ref_index(agenda_statuses, "a-venir")], 1);

    tu_clock("2026-03-29T12:00:00Z"); /* the week of Monday 23 to Sunday 29 */
    assert_int_equal(stats_compute_span(db, STATS_WEEK, &r, &err), G_OK);
    assert_int_equal(r.days, 7);
    assert_int_equal(r.requests, 3);
    assert_int_equal(r.left, 1);
    assert_int_equal(r.pending, 0);
    assert_int_equal(r.orientations, 2);
    assert_int_equal(r.appointments, 2);
    tu_clock("2026-03-30T10:00:00Z");
}

/* Issue 13 defect 5: an appointment whose visitor was marked arrived (an
 * arrival time on an `a-venir` row, agenda_mark_arrived) was counted « À
 * venir ». The person came: it counts as honoured. */
static void test_an_arrived_appointment_counts_as_honoured(void **state)
{
    (void)state;
    g_error err = {0};
    assert_int_equal(db_exec(db,
                             "UPDATE appointment SET arrived_at = unixepoch('2026-03-30 13:50:00')"
                             " WHERE id = 3",
                             &err),
                     G_OK);
    stats_report r;
    assert_int_equal(stats_compute_span(db, STATS_TODAY, &r, &err), G_OK);
    assert_int_equal(r.appointments, 1);
    assert_int_equal(r.appt_by_status[ref_index(agenda_statuses, "a-venir")], 0);
    assert_int_equal(r.appt_by_status[ref_index(agenda_statuses, "honore")], 1);
    /* the rule itself, as the export and the screens read it */
    assert_string_equal(agenda_status_counted(APPT_TO_COME, 1774878600), APPT_HONORED);
    assert_string_equal(agenda_status_counted(APPT_TO_COME, 0), APPT_TO_COME);
    assert_string_equal(agenda_status_counted(APPT_HONORED, 1774878600), APPT_HONORED);
    assert_string_equal(agenda_status_counted(APPT_ABSENT, 0), APPT_ABSENT);
}

static void test_empty_period_is_zero(void **state)
{
    (void)state;
    stats_report r;
    g_error err = {0};
    assert_int_equal(stats_compute(db, "2025-01-01", "2025-12-31", &r, &err), G_OK);
    assert_int_equal(r.days, 365);
    assert_int_equal(r.requests + r.left + r.pending + r.orientations + r.appointments, 0);
    assert_int_equal(r.minutes, 0);
}

static void test_typed_dates_and_errors(void **state)
{
    (void)state;
    stats_report r;
    g_error err = {0};
    assert_int_equal(stats_compute(db, "31/02/2026", "2026-03-30", &r, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "from");
    assert_non_null(strstr(err.msg, "Date de début"));
    g_err_clear(&err);
    assert_int_equal(stats_compute(db, "01/03/2026", "mars", &r, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "to");
    g_err_clear(&err);
    assert_int_equal(stats_compute(db, "30/03/2026", "01/03/2026", &r, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "to");
    assert_non_null(strstr(err.msg, "avant la date de début"));
    g_err_clear(&err);
    assert_int_equal(stats_compute(db, "", "01/03/2026", &r, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "from");
    /* J/M/AAAA is fine */
    assert_int_equal(stats_compute(db, "1/3/2026", "30/3/2026", &r, &err), G_OK);
    assert_int_equal(r.requests, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_spans_end_today, setup, teardown),
        cmocka_unit_test_setup_teardown(test_month_counts_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(test_local_day_boundaries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_today_and_week, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_arrived_appointment_counts_as_honoured, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_empty_period_is_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(test_typed_dates_and_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
