/* test_observe.c — observation of the territory (observe.h): arrivals by
 * weekday × hour against the site's hours, contacts while closed (a phone
 * call at lunch, a public holiday), closed requests by operator, theme,
 * commune and age band, the waiting-time histogram and its median, the
 * autonomy, orientations by status, the no-show rate by motif (RDV Service
 * Public's too), the answers; the CSV file read back; errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/observe.h"
#include "guichet/stats.h"
#include "testutil.h"

/* Paris: UTC+1 until Sunday 29 March 2026, UTC+2 after. Week of Monday 23. */
static const char fixture_sql[] =
    "INSERT INTO visit (id, uuid, commune, age_band, arrived_at, started_at, ended_at, state,"
    " channel, help_type, autonomy, duration_min, outcome, created_at, updated_at) VALUES"
    /* Monday 23, 09:10 local: waited 12 min */
    " (1, 'v1', '58227', '25-39', unixepoch('2026-03-23 08:10:00'),"
    "  unixepoch('2026-03-23 08:22:00'), unixepoch('2026-03-23 08:40:00'), 'termine',"
    "  'accueil-spontane', 'accompagnement', 'entierement-accompagne', 18, 'resolu', 0, 0),"
    /* Monday 23, 09:40: waited 3 min */
    " (2, 'v2', '58227', '70+', unixepoch('2026-03-23 08:40:00'),"
    "  unixepoch('2026-03-23 08:43:00'), unixepoch('2026-03-23 08:50:00'), 'termine',"
    "  'accueil-sur-rdv', 'information', 'autonome', 7, 'resolu', 0, 0),"
    /* Tuesday 24, 12:30 local: a phone call at lunch (closed), no wait counted */
    " (3, 'v3', '', 'non-communique', unixepoch('2026-03-24 11:30:00'),"
    "  unixepoch('2026-03-24 11:30:00'), unixepoch('2026-03-24 11:35:00'), 'termine',"
    "  'telephone', 'information', 'autonome', 5, 'resolu', 0, 0),"
    /* Wednesday 25, 10:05: waited 65 min */
    " (4, 'v4', '58086', '40-59', unixepoch('2026-03-25 09:05:00'),"
    "  unixepoch('2026-03-25 10:10:00'), unixepoch('2026-03-25 10:30:00'), 'termine',"
    "  'accueil-spontane', 'orientation', 'partiellement-autonome', 20, 'oriente', 0, 0),"
    /* Wednesday 25, 10:30: left before being seen */
    " (5, 'v5', '', 'non-communique', unixepoch('2026-03-25 09:30:00'), NULL,"
    "  unixepoch('2026-03-25 10:00:00'), 'parti', 'accueil-spontane', NULL, NULL, NULL, NULL,"
    "  0, 0),"
    /* Saturday 28, 10:00: the site is closed on Saturdays */
    " (6, 'v6', '58086', '18-24', unixepoch('2026-03-28 09:00:00'),"
    "  unixepoch('2026-03-28 09:20:00'), unixepoch('2026-03-28 09:40:00'), 'termine',"
    "  'accueil-spontane', 'information', 'autonome', 20, 'resolu', 0, 0);"
    "INSERT INTO visit_topic (visit_id, position, operator, family, theme) VALUES"
    " (1, 0, 'caf', 'famille', NULL), (1, 1, 'cpam', 'social', NULL),"
    " (2, 0, 'caf', 'famille', NULL),"
    " (3, 0, 'dgfip', NULL, 'famille--garde-denfants'),"
    " (4, 0, NULL, 'social', NULL), (4, 1, 'cpam', 'social', NULL);"
    "INSERT INTO visitor (id, uuid, last_name, created_at, updated_at) VALUES"
    " (1, 'u1', 'Lefèvre', 0, 0);"
    "INSERT INTO service (id, uuid, source, source_id, name, operator, created_at, updated_at)"
    " VALUES (1, 's1', 'local', 'epicerie', 'Épicerie solidaire', NULL, 0, 0);"
    "INSERT INTO orientation (id, uuid, visitor_id, visit_id, service_id, status, refusal_reason,"
    " followup_on, created_at, updated_at) VALUES"
    " (1, 'o1', 1, 4, 1, 'validee', NULL, '2026-04-04', unixepoch('2026-03-25 10:20:00'), 0),"
    " (2, 'o2', 1, NULL, 1, 'ouverte', NULL, '2026-04-07', unixepoch('2026-03-26 10:00:00'), 0);"
    "INSERT INTO resource (id, uuid, kind, name, operator, created_at, updated_at) VALUES"
    " (1, 'r1', 'permanence', 'Permanence CAF', 'caf', 0, 0);"
    "INSERT INTO motif (id, uuid, name, operator, duration_min, place, capacity, created_at,"
    " updated_at) VALUES (1, 'm1', 'Dossier CAF', 'caf', 30, 'sur-place', 1, 0, 0),"
    " (2, 'm2', 'Atelier numérique', NULL, 60, 'sur-place', 1, 0, 0);"
    "INSERT INTO appointment (id, uuid, resource_id, motif_id, start_at, end_at, status,"
    " created_at, updated_at) VALUES"
    " (1, 'a1', 1, 1, unixepoch('2026-03-23 08:00:00'), unixepoch('2026-03-23 08:30:00'),"
    "  'honore', 0, 0),"
    " (2, 'a2', 1, 1, unixepoch('2026-03-24 09:00:00'), unixepoch('2026-03-24 09:30:00'),"
    "  'absent', 0, 0),"
    " (3, 'a3', 1, 1, unixepoch('2026-03-24 10:00:00'), unixepoch('2026-03-24 10:30:00'),"
    "  'honore', 0, 0),"
    /* cancelled: not due; to come: not known yet */
    " (4, 'a4', 1, 1, unixepoch('2026-03-25 08:00:00'), unixepoch('2026-03-25 08:30:00'),"
    "  'excuse', 0, 0),"
    " (5, 'a5', 1, 2, unixepoch('2026-03-27 13:00:00'), unixepoch('2026-03-27 14:00:00'),"
    "  'absent', 0, 0);"
    "INSERT INTO external_appointment (id, source, source_key, start_at, service, operator,"
    " motif, place, status, imported_at, updated_at) VALUES"
    " (1, 'rdv-service-public', 'k1', unixepoch('2026-03-26 08:00:00'), 'CAF', 'caf',"
    "  'Rendez-vous CAF', 'sur-place', 'absent', 0, 0),"
    " (2, 'rdv-service-public', 'k2', unixepoch('2026-03-26 09:00:00'), 'CAF', 'caf',"
    "  'Rendez-vous CAF', 'sur-place', 'honore', 0, 0);";

static g_db *db;
static g_config cfg;

static int setup(void **state)
{
    (void)state;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    tu_clock("2026-03-30T10:00:00Z");
    db = tu_db_new();
    g_error err = {0};
    if (db_exec(db, fixture_sql, &err) != G_OK)
        fail_msg("fixture: %s", err.msg);
    tu_config(&cfg);
    snprintf(cfg.site.hours, sizeof cfg.site.hours, "Mo-Fr 08:30-12:00,13:30-17:00; PH off");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    tu_cleanup();
    return 0;
}

static const observe_row *row(const observe_report *r, observe_chart_id c, const char *code)
{
    for (size_t i = 0; i < r->chart[c].n; i++)
        if (strcmp(r->chart[c].rows[i].code, code) == 0)
            return &r->chart[c].rows[i];
    fail_msg("no row %s in %s", code, r->chart[c].id);
    return NULL;
}

static void test_arrivals_against_the_hours(void **state)
{
    (void)state;
    observe_report r;
    g_error err = {0};
    assert_int_equal(observe_compute(db, &cfg, "23/03/2026", "2026-03-29", &r, &err), G_OK);
    assert_int_equal(r.days, 7);
    assert_int_equal(r.arrivals_total, 6);
    assert_int_equal(r.arrivals[0][9], 2); /* Monday 09 h */
    assert_int_equal(r.arrivals[1][12], 1);
    assert_int_equal(r.arrivals[2][10], 2);
    assert_int_equal(r.arrivals[5][10], 1); /* Saturday */
    assert_int_equal(r.arrivals_max, 2);
    assert_true(r.hours_set);
    assert_int_equal(r.open_minutes[0][8], 30); /* from 08:30 */
    assert_int_equal(r.open_minutes[0][9], 60);
    assert_int_equal(r.open_minutes[0][12], 0);  /* lunch */
    assert_int_equal(r.open_minutes[0][13], 30); /* from 13:30 */
    assert_int_equal(r.open_minutes[5][10], 0);  /* Saturday */
    /* the phone call at lunch and the Saturday visit came while closed */
    assert_int_equal(r.closed_total, 2);
    assert_int_equal(row(&r, OBS_CLOSED_HOURS, "telephone")->value, 1);
    assert_int_equal(row(&r, OBS_CLOSED_HOURS, "accueil-spontane")->value, 1);
    observe_free(&r);

    /* no hours set: the arrivals stay, nothing is « closed » */
    g_config none = cfg;
    none.site.hours[0] = 0;
    assert_int_equal(observe_compute(db, &none, "23/03/2026", "2026-03-29", &r, &err), G_OK);
    assert_false(r.hours_set);
    assert_int_equal(r.closed_total, 0);
    assert_int_equal(r.arrivals_total, 6);
    observe_free(&r);
    /* unreadable hours: said, not an error */
    snprintf(none.site.hours, sizeof none.site.hours, "Mo-Fr 8h");
    assert_int_equal(observe_compute(db, &none, "23/03/2026", "2026-03-29", &r, &err), G_OK);
    assert_false(r.hours_set);
    assert_non_null(strstr(r.hours_error, "[site] hours"));
    observe_free(&r);
}

static void test_public_holiday_is_closed(void **state)
{
    (void)state;
    /* Easter Monday 2026 is 6 April: a visit at 10:00 came while closed */
    g_error err = {0};
    assert_int_equal(
        db_exec(db,
                "INSERT INTO visit (id, uuid, arrived_at, started_at, ended_at, state, channel,"
                " help_type, autonomy, duration_min, outcome, created_at, updated_at) VALUES"
                " (50, 'v50', unixepoch('2026-04-06 08:00:00'), unixepoch('2026-04-06 08:05:00'),"
                " unixepoch('2026-04-06 08:15:00'), 'termine', 'accueil-spontane', 'information',"
                " 'autonome', 10, 'resolu', 0, 0)",
                &err),
        G_OK);
    tu_clock("2026-04-07T10:00:00Z");
    observe_report r;
    assert_int_equal(observe_compute(db, &cfg, "2026-04-06", "2026-04-06", &r, &err), G_OK);
    assert_int_equal(r.arrivals_total, 1);
    assert_int_equal(r.open_minutes[0][10], 60); /* a Monday of the regular week */
    assert_int_equal(r.closed_total, 1);
    observe_free(&r);
    assert_int_equal(db_exec(db, "DELETE FROM visit WHERE id = 50", &err), G_OK);
    tu_clock("2026-03-30T10:00:00Z");
}

static void test_requests_waits_and_outcomes(void **state)
{
    (void)state;
    observe_report r;
    g_error err = {0};
    assert_int_equal(observe_compute(db, &cfg, "2026-03-23", "2026-03-29", &r, &err), G_OK);
    assert_int_equal(r.requests, 5);
    /* by operator: shares of the requests (v1 counts for CAF and CPAM) */
    assert_int_equal(row(&r, OBS_OPERATOR, "caf")->value, 2);
    assert_int_equal(row(&r, OBS_OPERATOR, "cpam")->value, 2);
    assert_int_equal(row(&r, OBS_OPERATOR, "dgfip")->value, 1);
    assert_int_equal(row(&r, OBS_OPERATOR, "aucun")->value, 2); /* v4's topic, v6 */
    assert_int_equal(r.chart[OBS_OPERATOR].total, 5);
    /* themes: the family, else the thématique; v4's two « social » once */
    assert_int_equal(row(&r, OBS_THEME, "famille")->value, 2);
    assert_int_equal(row(&r, OBS_THEME, "social")->value, 2);
    assert_int_equal(row(&r, OBS_THEME, "famille--garde-denfants")->value, 1);
    assert_string_equal(row(&r, OBS_THEME, "famille--garde-denfants")->sub, "thematique");
    assert_int_equal(row(&r, OBS_THEME, "")->value, 1); /* v6: no topic */
    /* communes, largest first, « non communiquée » for none */
    assert_string_equal(r.chart[OBS_COMMUNE].rows[0].code, "58086");
    assert_int_equal(row(&r, OBS_COMMUNE, "58227")->value, 2);
    assert_int_equal(row(&r, OBS_COMMUNE, "58086")->value, 2);
    assert_int_equal(row(&r, OBS_COMMUNE, "")->value, 1);
    assert_int_equal(row(&r, OBS_AGE, "70+")->value, 1);
    assert_int_equal(row(&r, OBS_AGE, "non-communique")->value, 1);
    /* waits at the desk: 12, 3, 65, 20 minutes (the phone call is not a wait) */
    assert_int_equal(r.waited, 4);
    assert_int_equal(row(&r, OBS_WAIT, "0-5")->value, 1);
    assert_int_equal(row(&r, OBS_WAIT, "10-15")->value, 1);
    assert_int_equal(row(&r, OBS_WAIT, "20-30")->value, 1);
    assert_int_equal(row(&r, OBS_WAIT, "60+")->value, 1);
    assert_int_equal(row(&r, OBS_WAIT, "parti")->value, 1);
    assert_int_equal(r.wait_median, 20);
    assert_int_equal(row(&r, OBS_AUTONOMY, "entierement-accompagne")->value, 1);
    assert_int_equal(row(&r, OBS_AUTONOMY, "autonome")->value, 3);
    assert_int_equal(row(&r, OBS_ORIENTATION, "validee")->value, 1);
    assert_int_equal(row(&r, OBS_ORIENTATION, "ouverte")->value, 1);
    /* no-shows: 1 of 3 due for Dossier CAF (the excused one was not due),
     * 1 of 1 for the workshop, 1 of 2 at RDV Service Public */
    assert_int_equal(row(&r, OBS_NOSHOW, "m1")->value, 1);
    assert_int_equal(row(&r, OBS_NOSHOW, "m1")->ref, 3);
    assert_int_equal(row(&r, OBS_NOSHOW, "m2")->ref, 1);
    const observe_row *ext = row(&r, OBS_NOSHOW, "");
    assert_string_equal(ext->sub, "rdv-service-public");
    assert_string_equal(ext->label, "Rendez-vous CAF");
    assert_int_equal(ext->value, 1);
    assert_int_equal(ext->ref, 2);
    assert_int_equal(r.chart[OBS_NOSHOW].total, 6);
    observe_free(&r);
}

/* The observation reads the period's requests once for its charts, and
 * the survey's answers apart: its survey charts went through
 * satisfaction_compute, which read every request of the period again for
 * closed-request counts the charts do not show (a ten-year period took
 * 9.9 s on the screen, three reads of a million requests). Counted in
 * pages against one stats_compute over the same period; the answers still
 * counted. */
static void test_requests_read_once_and_answers_counted(void **state)
{
    (void)state;
    g_error err = {0};
    assert_int_equal(
        db_exec(db,
                "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 4000) "
                "INSERT INTO visit (uuid, commune, arrived_at, started_at, ended_at, state, "
                "channel, help_type, autonomy, duration_min, outcome, comment, created_at, "
                "updated_at) SELECT 'lot-' || i, '58086', unixepoch('2025-02-03 08:00:00') + i * "
                "600, unixepoch('2025-02-03 08:05:00') + i * 600, unixepoch('2025-02-03 08:20:00') "
                "+ i * 600, 'termine', 'accueil-spontane', 'information', 'autonome', 15, "
                "'resolu', 'une demande du lot de février, assez longue pour remplir des pages', "
                "0, 0 FROM k;"
                "INSERT INTO satisfaction_answer (id, day, channel, help_type, operators, solved, "
                "satisfied) VALUES (randomblob(16), '2025-02-10', 'accueil-spontane', "
                "'information', '', 'oui', 4), (randomblob(16), '2025-02-11', "
                "'accueil-spontane', 'information', '', 'non', 2)",
                &err),
        G_OK);
    stats_report *rep = malloc(sizeof *rep);
    assert_non_null(rep);
    tu_pages_fetched(db);
    assert_int_equal(stats_compute(db, "2025-02-01", "2025-03-31", rep, &err), G_OK);
    int one_read = tu_pages_fetched(db);
    assert_int_equal(rep->requests, 4000);
    free(rep);
    observe_report r;
    assert_int_equal(observe_compute(db, &cfg, "2025-02-01", "2025-03-31", &r, &err), G_OK);
    int observed = tu_pages_fetched(db);
    assert_int_equal(r.requests, 4000);
    assert_int_equal(r.chart[OBS_SOLVED].rows[0].value, 1); /* oui */
    assert_int_equal(r.chart[OBS_SOLVED].rows[2].value, 1); /* non */
    observe_free(&r);
    if (observed > one_read * 3 / 2)
        fail_msg("the observation fetched %d pages, one read of the requests %d", observed,
                 one_read);
    assert_int_equal(db_exec(db,
                             "DELETE FROM visit WHERE uuid GLOB 'lot-*'; DELETE FROM "
                             "satisfaction_answer WHERE day GLOB '2025-02-*'",
                             &err),
                     G_OK);
}

static void test_csv_file(void **state)
{
    (void)state;
    observe_report r;
    g_error err = {0};
    assert_int_equal(observe_compute(db, &cfg, "2026-03-23", "2026-03-29", &r, &err), G_OK);
    const char *path = tu_path("stats.csv");
    int64_t rows = 0;
    assert_int_equal(observe_write_csv(db, &cfg, 0, &r, path, &rows, &err), G_OK);
    size_t bars = 0;
    for (int i = 0; i < OBS_CHARTS; i++)
        bars += r.chart[i].n;
    assert_int_equal(rows, 7 * 24 + (int64_t)bars);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "\xEF\xBB\xBF"
                              "periode_debut;periode_fin;graphique;code;sous_code;libelle;valeur;"
                              "reference\r\n");
    int monday9 = 0, m1 = 0;
    while (fgets(line, sizeof line, f)) {
        if (strcmp(line, "2026-03-23;2026-03-29;arrivees;1;09;lundi 09 h;2;60\r\n") == 0)
            monday9 = 1;
        if (strcmp(line, "2026-03-23;2026-03-29;rdv_absences;m1;guichet;Dossier CAF;1;3\r\n") == 0)
            m1 = 1;
    }
    fclose(f);
    assert_true(monday9);
    assert_true(m1);
    observe_free(&r);
    /* a folder that does not exist: an error, said */
    assert_int_equal(observe_compute(db, &cfg, "2026-03-23", "2026-03-29", &r, &err), G_OK);
    assert_int_not_equal(observe_write_csv(db, &cfg, 0, &r, tu_path("nope/stats.csv"), NULL, &err),
                         G_OK);
    assert_true(err.msg[0] != 0);
    observe_free(&r);
}

static void test_errors(void **state)
{
    (void)state;
    observe_report r;
    g_error err = {0};
    assert_int_equal(observe_compute(db, &cfg, "31/02/2026", "2026-03-29", &r, &err),
                     G_ERR_INVALID);
    assert_string_equal(err.field, "from");
    observe_free(&r);
    assert_int_equal(observe_compute(db, &cfg, "2026-03-29", "2026-03-23", &r, &err),
                     G_ERR_INVALID);
    assert_string_equal(err.field, "to");
    observe_free(&r);
    tu_fail_sql(db, "FROM external_appointment");
    assert_int_equal(observe_compute(db, &cfg, "2026-03-23", "2026-03-29", &r, &err), G_ERR_DB);
    tu_fail_sql(db, NULL);
    observe_free(&r);
    tu_fail_sql(db, "FROM orientation");
    assert_int_equal(observe_compute(db, &cfg, "2026-03-23", "2026-03-29", &r, &err), G_ERR_DB);
    tu_fail_sql(db, NULL);
    observe_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arrivals_against_the_hours),
        cmocka_unit_test(test_public_holiday_is_closed),
        cmocka_unit_test(test_requests_waits_and_outcomes),
        cmocka_unit_test(test_requests_read_once_and_answers_counted),
        cmocka_unit_test(test_csv_file),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
