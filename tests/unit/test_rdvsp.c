/* test_rdvsp.c — RDV Service Public's appointment export, as a site saves
 * it to CSV (tests/fixtures/rdv-service-public), lands in
 * external_appointment and is counted by the statistics; nothing personal is
 * kept; importing again never counts twice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/rdvsp.h"
#include "guichet/stats.h"
#include "testutil.h"

static const char *fixture(void)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s", __FILE__);
    char *cut = strstr(path, "tests/unit/");
    assert_non_null(cut);
    snprintf(cut, sizeof path - (size_t)(cut - path),
             "tests/fixtures/rdv-service-public/export-rdv.csv");
    return path;
}

static int count(g_db *db, const char *sql)
{
    sqlite3_stmt *st;
    g_error err = {0};
    assert_int_equal(db_prepare(db, sql, &st, &err), G_OK);
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

static void import_ok(g_db *db, const char *path, rdvsp_result *res)
{
    g_error err = {0};
    g_status s = rdvsp_import(db, path, 0, 0, res, &err);
    if (s != G_OK) {
        for (size_t i = 0; i < res->rows.nproblem; i++)
            fprintf(stderr, "ligne %d : %s\n", res->rows.problems[i].line,
                    res->rows.problems[i].msg);
        fail_msg("%s", err.msg);
    }
}

static void test_export_counts_in_the_statistics(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    rdvsp_result res;
    import_ok(db, fixture(), &res);
    assert_int_equal(res.rows.created, 12);
    assert_string_equal(res.first_day, "2026-03-02");
    assert_string_equal(res.last_day, "2026-03-06");
    assert_int_equal(res.with_operator, 10);
    assert_int_equal(res.nunmapped, 1);
    assert_string_equal(res.unmapped[0].service, "Accompagnement numérique");
    assert_int_equal(res.unmapped[0].count, 2);
    import_result_free(&res.rows);

    stats_report r;
    g_error err = {0};
    assert_int_equal(stats_compute(db, "02/03/2026", "06/03/2026", &r, &err), G_OK);
    assert_int_equal(r.appointments, 12);
    assert_int_equal(r.appointments_rdvsp, 12);
    /* a-venir, honore, excuse, annule-service, absent */
    assert_int_equal(r.appt_by_status[0], 5);
    assert_int_equal(r.appt_by_status[1], 4);
    assert_int_equal(r.appt_by_status[2], 1);
    assert_int_equal(r.appt_by_status[3], 1);
    assert_int_equal(r.appt_by_status[4], 1);
    /* the day in the site's zone: Monday 2 March 09:00 in Paris */
    assert_int_equal(stats_compute(db, "02/03/2026", "02/03/2026", &r, &err), G_OK);
    assert_int_equal(r.appointments_rdvsp, 3);
    assert_int_equal(count(db, "SELECT count(*) FROM external_appointment WHERE operator = 'caf' "
                               "AND place = 'sur-place'"),
                     2);
    assert_int_equal(count(db, "SELECT count(*) FROM external_appointment WHERE operator = "
                               "'retraite' AND motif = 'Dossier retraite Carsat'"),
                     1);
    assert_int_equal(count(db, "SELECT count(*) FROM external_appointment WHERE place = 'visio'"),
                     1);
    /* nothing personal: no visitor's or agent's name, no birth date */
    assert_int_equal(count(db, "SELECT count(*) FROM external_appointment WHERE source_key || "
                               "service || motif || origin LIKE '%DURAND%' OR source_key || "
                               "service || motif LIKE '%MARTIN%' OR motif LIKE '%1970%'"),
                     0);

    /* the same export again: nothing counted twice */
    import_ok(db, fixture(), &res);
    assert_int_equal(res.rows.unchanged, 12);
    import_result_free(&res.rows);
    assert_int_equal(count(db, "SELECT count(*) FROM external_appointment"), 12);
    assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE action = 'rdvsp-import'"), 2);
    db_close(db);
}

/* A later export: statuses filled in since, the two twin rows stay two. */
static void test_later_export_updates_statuses(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    rdvsp_result res;
    import_ok(db, fixture(), &res);
    import_result_free(&res.rows);
    FILE *in = fopen(fixture(), "rb");
    assert_non_null(in);
    static char text[20000];
    size_t n = fread(text, 1, sizeof text - 1, in);
    fclose(in);
    text[n] = 0;
    char *p = strstr(text, "Déclaration micro-entrepreneur,,À renseigner");
    assert_non_null(p);
    const char *seen = "Déclaration micro-entrepreneur,,Rendez-vous honoré";
    char *out = malloc(n + 64);
    assert_non_null(out);
    size_t head = (size_t)(p - text);
    memcpy(out, text, head);
    strcpy(out + head, seen);
    strcat(out, p + strlen("Déclaration micro-entrepreneur,,À renseigner"));
    const char *later = tu_path("export-later.csv");
    FILE *f = fopen(later, "wb");
    assert_non_null(f);
    fputs(out, f);
    fclose(f);
    free(out);
    import_ok(db, later, &res);
    assert_int_equal(res.rows.updated, 1);
    assert_int_equal(res.rows.unchanged, 11);
    import_result_free(&res.rows);
    assert_int_equal(count(db, "SELECT count(*) FROM external_appointment"), 12);
    assert_int_equal(count(db, "SELECT count(*) FROM external_appointment WHERE operator = "
                               "'urssaf' AND status = 'honore'"),
                     1);
    db_close(db);
}

/* Excel's « CSV (séparateur : point-virgule) »: Windows-1252, ';'. */
static void test_excel_csv_and_bad_rows(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    const char *p = tu_path("excel.csv");
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs("date rdv;heure rdv;service;motif;statut;lieu\r\n"
          "02/03/2026;10h00;Imp\xF4ts;D\xE9"
          "claration;Rendez-vous honor\xE9;Par t\xE9l\xE9phone\r\n",
          f);
    fclose(f);
    rdvsp_result res;
    import_ok(db, p, &res);
    assert_int_equal(res.rows.created, 1);
    import_result_free(&res.rows);
    assert_int_equal(count(db, "SELECT count(*) FROM external_appointment WHERE service = 'Impôts' "
                               "AND operator = 'dgfip' AND status = 'honore' AND place = "
                               "'telephone'"),
                     1);

    p = tu_path("bad.csv");
    f = fopen(p, "wb");
    assert_non_null(f);
    fputs("date rdv,heure rdv,service,statut\n"
          "31/02/2026,10h00,CAF,Rendez-vous honoré\n"
          "02/03/2026,25h00,CAF,Rendez-vous honoré\n"
          "02/03/2026,10h00,CAF,Reporté\n",
          f);
    fclose(f);
    g_error err = {0};
    assert_int_equal(rdvsp_import(db, p, 0, 0, &res, &err), G_ERR_INVALID);
    assert_int_equal(res.rows.nproblem, 3);
    assert_string_equal(res.rows.problems[0].msg,
                        "date du rendez-vous « 31/02/2026 » illisible (JJ/MM/AAAA attendu)");
    assert_string_equal(res.rows.problems[2].msg, "statut « Reporté » inconnu");
    import_result_free(&res.rows);
    assert_int_equal(count(db, "SELECT count(*) FROM external_appointment"), 1);

    p = tu_path("other.csv");
    f = fopen(p, "wb");
    fputs("id;source;nom\n", f);
    fclose(f);
    assert_int_equal(rdvsp_import(db, p, 0, 0, &res, &err), G_ERR_INVALID);
    assert_non_null(strstr(res.rows.problems[0].msg, "colonne « date rdv » absente"));
    import_result_free(&res.rows);
    db_close(db);
}

static void test_service_names_to_operators(void **state)
{
    (void)state;
    assert_string_equal(rdvsp_operator_of("CAF"), "caf");
    assert_string_equal(rdvsp_operator_of("Caisse d’allocations familiales"), "caf");
    assert_string_equal(rdvsp_operator_of("impots"), "dgfip");
    assert_string_equal(rdvsp_operator_of("Permanence URSSAF"), "urssaf");
    assert_string_equal(rdvsp_operator_of("Point-justice de Clamecy"), "justice");
    assert_string_equal(rdvsp_operator_of("Dossier retraite Carsat"), "retraite");
    assert_string_equal(rdvsp_operator_of("Accompagnement numérique"), "");
    assert_string_equal(rdvsp_operator_of("Cafétéria"), ""); /* whole words only */
}

int main(void)
{
    clock_set_zone("Europe/Paris");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export_counts_in_the_statistics),
        cmocka_unit_test(test_later_export_updates_statuses),
        cmocka_unit_test(test_excel_csv_and_bad_rows),
        cmocka_unit_test(test_service_names_to_operators),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
