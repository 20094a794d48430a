/* test_referent.c — partners' referents: checks, replacement history, the
 * referents an orientation screen shows for a service, the agent's card,
 * the CSV import (all or nothing, every bad line) and export. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/directory.h"
#include "guichet/referent.h"
#include "testutil.h"

static g_db *db;
static int64_t agathe, sophie, caf_service, ml_service;

static int64_t scalar(const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s", sqlite3_errmsg(db_sql(db)));
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static int64_t add_user(const char *login, const char *role)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO app_user (login, display_name, role, password_hash, public_key, "
             "sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, kdf_memlimit, created_at, "
             "updated_at) VALUES ('%s', '%s', '%s', 'x', zeroblob(32), x'00', x'00', x'00', 1, 1, "
             "0, 0)",
             login, login, role);
    g_error err = {0};
    assert_int_equal(db_exec(db, sql, &err), G_OK);
    return sqlite3_last_insert_rowid(db_sql(db));
}

static int64_t add_service(const char *id, const char *name, const char *op)
{
    g_service s;
    memset(&s, 0, sizeof s);
    snprintf(s.source, sizeof s.source, "local");
    snprintf(s.source_id, sizeof s.source_id, "%s", id);
    snprintf(s.name, sizeof s.name, "%s", name);
    snprintf(s.operator_code, sizeof s.operator_code, "%s", op);
    g_error err = {0};
    assert_int_equal(directory_save(db, 0, &s, &err), G_OK);
    return s.id;
}

static int setup(void **state)
{
    (void)state;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    tu_clock("2026-03-31T07:00:00Z"); /* Tuesday 31 March 2026, 09:00 in Paris */
    db = tu_db_new();
    agathe = add_user("agathe", "accueil");
    sophie = add_user("sophie", "responsable");
    caf_service = add_service("caf-permanence", "Permanence CAF", "caf");
    ml_service = add_service("mission-locale", "Mission locale", "");
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

static void fill(referent *r, const char *op, int64_t service, const char *name)
{
    referent_init(r);
    snprintf(r->operator_code, sizeof r->operator_code, "%s", op ? op : "");
    r->service_id = service;
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->role, sizeof r->role, "Référente partenaires");
    snprintf(r->phone, sizeof r->phone, "03 86 00 00 01");
    snprintf(r->email, sizeof r->email, "partenaires@caf.example.org");
    snprintf(r->channel, sizeof r->channel, "portail partenaire");
    snprintf(r->days, sizeof r->days, "Tu,Th 09:00-12:00; PH off");
    snprintf(r->valid_from, sizeof r->valid_from, "01/01/2025");
}

static void expect_invalid(referent *r, const char *field, const char *fragment)
{
    g_error err = {0};
    assert_int_equal(referent_validate(r, &err), G_ERR_INVALID);
    assert_string_equal(err.field, field);
    if (!strstr(err.msg, fragment))
        fail_msg("« %s » not in « %s »", fragment, err.msg);
}

static void test_checks(void **state)
{
    (void)state;
    referent r;
    fill(&r, "caf", 0, "Claire Dubois");
    g_error err = {0};
    assert_int_equal(referent_validate(&r, &err), G_OK);
    fill(&r, "caf", caf_service, "X");
    expect_invalid(&r, "operator", "pas des deux");
    fill(&r, NULL, 0, "X");
    expect_invalid(&r, "operator", "Indiquez l'opérateur");
    fill(&r, "cafe", 0, "X");
    expect_invalid(&r, "operator", "« cafe » inconnu");
    fill(&r, "caf", 0, "   ");
    expect_invalid(&r, "name", "nom du référent manque");
    fill(&r, "caf", 0, "Claire\033[2JDubois");
    expect_invalid(&r, "name", "contrôle");
    fill(&r, "caf", 0, "Claire");
    snprintf(r.phone, sizeof r.phone, "12 34");
    expect_invalid(&r, "phone", "Téléphone");
    fill(&r, "caf", 0, "Claire");
    snprintf(r.email, sizeof r.email, "pas-une-adresse");
    expect_invalid(&r, "email", "mal formé");
    fill(&r, "caf", 0, "Claire");
    snprintf(r.days, sizeof r.days, "Tu 9h-12h");
    expect_invalid(&r, "days", "position");
    fill(&r, "caf", 0, "Claire");
    snprintf(r.valid_to, sizeof r.valid_to, "2024-12-31");
    expect_invalid(&r, "valid_to", "précède");
    /* only a manager changes them */
    fill(&r, "caf", 0, "Claire Dubois");
    assert_int_equal(referent_add(db, agathe, &r, &err), G_ERR_DENIED);
    assert_int_equal(scalar("SELECT count(*) FROM referent"), 0);
}

static void test_replacement_history_and_what_the_orientation_screen_shows(void **state)
{
    (void)state;
    g_error err = {0};
    referent paul, claire, ml;
    fill(&paul, "caf", 0, "Paul Renaud");
    assert_int_equal(referent_add(db, sophie, &paul, &err), G_OK);
    assert_string_equal(paul.phone, "+33386000001"); /* stored E.164 */
    assert_string_equal(paul.valid_from, "2025-01-01");
    fill(&claire, NULL, 0, "Claire Dubois");
    /* the start date given as the new referent's own field, as a form fills it */
    snprintf(claire.valid_from, sizeof claire.valid_from, "2026-03-01");
    assert_int_equal(referent_replace(db, sophie, paul.id, claire.valid_from, &claire, &err), G_OK);
    assert_string_equal(claire.valid_from, "2026-03-01");
    assert_string_equal(claire.operator_code, "caf"); /* where Paul was */
    fill(&ml, NULL, ml_service, "Julien Morvan");
    assert_int_equal(referent_add(db, 0, &ml, &err), G_OK);

    referent got;
    assert_int_equal(referent_get(db, paul.id, &got, &err), G_OK);
    assert_string_equal(got.valid_to, "2026-02-28");
    assert_int_equal(got.replaced_by_id, claire.id);
    /* replacing twice, or from before the start, is refused */
    referent again;
    fill(&again, NULL, 0, "Autre");
    assert_int_equal(referent_replace(db, sophie, paul.id, "2026-03-15", &again, &err),
                     G_ERR_CONFLICT);
    assert_int_equal(referent_replace(db, sophie, claire.id, "2026-02-01", &again, &err),
                     G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "commencer après"));

    /* the CAF's service shows Claire today, Paul in February */
    referent *v = NULL;
    size_t n = 0;
    assert_int_equal(referent_for_service(db, caf_service, NULL, &v, &n, &err), G_OK);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].name, "Claire Dubois");
    free(v);
    assert_int_equal(referent_for_service(db, caf_service, "2026-02-15", &v, &n, &err), G_OK);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].name, "Paul Renaud");
    free(v);
    assert_int_equal(referent_for_service(db, ml_service, NULL, &v, &n, &err), G_OK);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].name, "Julien Morvan");
    assert_string_equal(v[0].service_key, "local:mission-locale");
    free(v);
    assert_int_equal(referent_for_service(db, 9999, NULL, &v, &n, &err), G_ERR_NOTFOUND);
    /* the history: Paul, then Claire */
    assert_int_equal(referent_history(db, claire.id, &v, &n, &err), G_OK);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].name, "Paul Renaud");
    assert_string_equal(v[1].name, "Claire Dubois");
    free(v);
    referent_filter all = {.history = 1};
    assert_int_equal(referent_list(db, &all, &v, &n, &err), G_OK);
    assert_int_equal(n, 3);
    assert_string_equal(v[2].name, "Julien Morvan"); /* local services after the operators */
    free(v);

    /* a correction keeps the history; an end closes */
    snprintf(claire.phone, sizeof claire.phone, "03 86 00 00 99");
    assert_int_equal(referent_update(db, sophie, &claire, &err), G_OK);
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'referent-update' AND "
                            "detail = 'telephone'"),
                     1);
    assert_int_equal(referent_end(db, sophie, ml.id, "2026-03-30", &err), G_OK);
    assert_int_equal(referent_for_service(db, ml_service, NULL, &v, &n, &err), G_OK);
    assert_int_equal(n, 0);
    assert_int_equal(referent_end(db, sophie, ml.id, "2026-04-30", &err), G_ERR_CONFLICT);
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action LIKE 'referent-%'"), 5);
}

static void test_card_for_the_agents_copy(void **state)
{
    (void)state;
    referent r;
    fill(&r, "caf", 0, "Claire Dubois");
    g_error err = {0};
    assert_int_equal(referent_add(db, 0, &r, &err), G_OK);
    char card[1024];
    referent_describe(&r, clock_now(), 60, card, sizeof card);
    assert_non_null(strstr(card, "Claire Dubois — Référente partenaires\n"));
    assert_non_null(strstr(card, "Tél. 03 86 00 00 01 · partenaires@caf.example.org"));
    assert_non_null(strstr(card, "Canal dédié : portail partenaire"));
    assert_non_null(strstr(card, "Répond : mardi"));
    assert_non_null(strstr(card, "En ce moment : ouvert")); /* Tuesday 09:00 */
    for (char *p = card, *nl; (nl = strchr(p, '\n')); p = nl + 1)
        assert_true(nl - p <= 60 * 4);
}

static const char *write(const char *name, const char *text)
{
    const char *p = tu_path(name);
    FILE *f = fopen(p, "wb");
    fputs(text, f);
    fclose(f);
    return p;
}

static void test_import_is_all_or_nothing_and_reports_every_bad_line(void **state)
{
    (void)state;
    const char *bad =
        write("bad.csv",
              "\xEF\xBB\xBFnom;operateur;service;telephone;courriel;jours;debut\r\n"
              "Claire Dubois;caf;;03 86 00 00 01;c@caf.example.org;Tu 09:00-12:00;2025-01-01\r\n"
              "Sans opérateur;;;;;;\r\n"
              "Mauvais courriel;cpam;;;pas-une-adresse;;\r\n"
              "Service inconnu;;local:nulle-part;;;;\r\n"
              "\"Guillemet;cpam;;;;;\r\n");
    referent_import_result res;
    g_error err = {0};
    assert_int_equal(referent_import(db, sophie, bad, 0, &res, &err), G_ERR_INVALID);
    assert_true(res.nproblem >= 3);
    assert_int_equal(res.problems[0].line, 3);
    assert_non_null(strstr(res.problems[0].msg, "Indiquez l'opérateur"));
    assert_int_equal(res.problems[1].line, 4);
    assert_non_null(strstr(res.problems[1].msg, "mal formé"));
    assert_int_equal(res.problems[2].line, 5);
    assert_non_null(strstr(res.problems[2].msg, "« local:nulle-part » absent"));
    assert_non_null(strstr(err.msg, "rien n'a été importé"));
    referent_import_result_free(&res);
    assert_int_equal(scalar("SELECT count(*) FROM referent"), 0);

    /* a good file, dry run then real */
    const char *good =
        write("good.csv", "nom;fonction;operateur;service;telephone;jours;debut\n"
                          "Claire Dubois;Référente;caf;;03 86 00 00 01;Tu 09:00-12:00;01/01/2025\n"
                          "Julien Morvan;Conseiller;;local:mission-locale;;;2025-06-01\n");
    assert_int_equal(referent_import(db, sophie, good, 1, &res, &err), G_OK);
    assert_int_equal(res.created, 2);
    referent_import_result_free(&res);
    assert_int_equal(scalar("SELECT count(*) FROM referent"), 0);
    assert_int_equal(referent_import(db, agathe, good, 0, &res, &err), G_ERR_DENIED);
    referent_import_result_free(&res);
    assert_int_equal(referent_import(db, sophie, good, 0, &res, &err), G_OK);
    assert_int_equal(res.created, 2);
    referent_import_result_free(&res);
    assert_int_equal(scalar("SELECT count(*) FROM referent"), 2);
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'referents-import'"), 1);

    /* export, then the same file back: nothing changes; an edited phone
     * updates; a line replacing Claire replaces her */
    const char *out = tu_path("referents.csv");
    int64_t rows = 0;
    assert_int_equal(referent_export(db, NULL, out, &rows, &err), G_OK);
    assert_int_equal(rows, 2);
    assert_int_equal(referent_import(db, sophie, out, 0, &res, &err), G_OK);
    assert_int_equal(res.unchanged, 2);
    assert_int_equal(res.created + res.updated + res.replaced, 0);
    referent_import_result_free(&res);

    char uuid[40] = "";
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db),
                                        "SELECT uuid FROM referent WHERE name = 'Claire Dubois'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(uuid, sizeof uuid, "%s", sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    char text[600];
    /* a line updates (uuid) or replaces (remplace), not both */
    snprintf(text, sizeof text, "uuid;nom;operateur;remplace\n%s;Claire Dubois;caf;%s\n", uuid,
             uuid);
    assert_int_equal(referent_import(db, sophie, write("bad2.csv", text), 0, &res, &err),
                     G_ERR_INVALID);
    assert_int_equal(res.nproblem, 1);
    assert_non_null(strstr(res.problems[0].msg, "pas les deux"));
    referent_import_result_free(&res);
    /* a file without an operateur or service column cannot be read */
    assert_int_equal(
        referent_import(db, sophie, write("bad3.csv", "uuid;nom\n;X\n"), 0, &res, &err),
        G_ERR_INVALID);
    assert_int_equal(res.problems[0].line, 1);
    referent_import_result_free(&res);
    snprintf(text, sizeof text,
             "uuid;nom;operateur;telephone;remplace;debut\n"
             ";Nadia Belkacem;caf;03 86 00 00 02;%s;2026-03-01\n",
             uuid);
    assert_int_equal(referent_import(db, sophie, write("repl.csv", text), 0, &res, &err), G_OK);
    assert_int_equal(res.replaced, 1);
    referent_import_result_free(&res);
    referent *v = NULL;
    size_t n = 0;
    assert_int_equal(referent_for_operator(db, "caf", NULL, &v, &n, &err), G_OK);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].name, "Nadia Belkacem");
    free(v);
    /* a column the file lacks leaves the field as it was */
    snprintf(text, sizeof text,
             "uuid;operateur;nom;courriel\n%s;caf;Claire Dubois;c@caf.example.org\n", uuid);
    assert_int_equal(referent_import(db, sophie, write("upd.csv", text), 0, &res, &err), G_OK);
    assert_int_equal(res.updated, 1);
    referent_import_result_free(&res);
    assert_int_equal(scalar("SELECT count(*) FROM referent WHERE name = 'Claire Dubois' AND "
                            "phone = '+33386000001' AND email = 'c@caf.example.org' AND "
                            "valid_to = '2026-02-28'"),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_replacement_history_and_what_the_orientation_screen_shows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_card_for_the_agents_copy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_is_all_or_nothing_and_reports_every_bad_line,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
