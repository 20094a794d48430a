/* test_commune.c — INSEE's list of communes (issue 13 defect 8): the real
 * file's format read back (tests/fixtures/communes/v_commune_2025.csv),
 * names found accent- and case-insensitively with or without their
 * article, namesakes told apart by their département, old names
 * (communes déléguées) leading to today's commune, codes checked against
 * the list once it is there and only for their form before. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/commune.h"
#include "guichet/visit.h"
#include "guichet/visitor.h"
#include "testutil.h"

static g_db *db;

static const char *fixture(void)
{
    static char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", __FILE__);
    char *slash = strrchr(path, '/');
    snprintf(slash, sizeof path - (size_t)(slash - path),
             "/../fixtures/communes/v_commune_2025.csv");
    return path;
}

static int setup(void **state)
{
    (void)state;
    db = tu_db_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    tu_cleanup();
    return 0;
}

static void import_fixture(void)
{
    commune_import_result r;
    g_error err = {0};
    if (commune_import(db, fixture(), 0, &r, &err) != G_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(r.communes, 20);
    assert_int_equal(r.arrondissements, 4);
    assert_int_equal(r.aliases, 4);
}

static const char *resolved(const char *typed)
{
    static char out[1024];
    char code[6], label[COMMUNE_LABEL_MAX];
    g_error err = {0};
    if (commune_resolve(db, typed, code, label, sizeof label, &err) != G_OK)
        snprintf(out, sizeof out, "ERR %s", err.msg);
    else
        snprintf(out, sizeof out, "%s %s", code, label);
    return out;
}

static void test_without_the_list_codes_are_checked_for_their_form(void **state)
{
    (void)state;
    char canon[6];
    g_error err = {0};
    int64_t n;
    assert_int_equal(commune_count(db, &n, &err), G_OK);
    assert_int_equal(n, 0);
    assert_int_equal(commune_check(db, "58999", canon, &err), G_OK); /* as before */
    assert_string_equal(canon, "58999");
    assert_int_equal(commune_check(db, "2a004", canon, &err), G_OK);
    assert_string_equal(canon, "2A004");
    assert_int_equal(commune_check(db, "99999", canon, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "commune");
    assert_non_null(strstr(err.msg, "99999 n'est pas une commune française"));
    assert_non_null(strstr(err.msg, "pays étranger"));
    assert_int_equal(commune_check(db, "58310", canon, &err), G_OK); /* a form only */
    assert_int_equal(commune_check(db, "5831", canon, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "ce n'est pas le code postal"));
    /* a name needs the list */
    assert_non_null(strstr(resolved("Clamecy"), "guichet import communes"));
    assert_string_equal(resolved("58079"), "58079 58079");
}

static void test_import_then_names_codes_and_aliases(void **state)
{
    (void)state;
    import_fixture();
    g_error err = {0};
    char canon[6];
    /* codes: on the list, or refused */
    assert_int_equal(commune_check(db, "58079", canon, &err), G_OK);
    assert_int_equal(commune_check(db, "58999", canon, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "58999 n'est pas une commune de la liste de l'INSEE"));
    assert_int_equal(commune_check(db, "99999", canon, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "pays étranger"));
    assert_int_equal(commune_check(db, "74011", canon, &err), G_OK); /* Annecy-le-Vieux */
    assert_string_equal(canon, "74010");                             /* is Annecy now */
    assert_int_equal(commune_check(db, "75101", canon, &err), G_OK); /* an arrondissement */
    /* names: accents, case, hyphens, the article */
    assert_string_equal(resolved("clamecy"), "58079 Clamecy (58)");
    assert_string_equal(resolved("LA CHARITE SUR LOIRE"), "58059 La Charité-sur-Loire (58)");
    assert_string_equal(resolved("charité"), "58059 La Charité-sur-Loire (58)");
    assert_string_equal(resolved("saint verain"), "58270 Saint-Vérain (58)");
    assert_string_equal(resolved("abymes"), "97101 Les Abymes (971)");
    assert_string_equal(resolved("2a004"), "2A004 Ajaccio (2A)");
    /* completion: the one commune whose name starts so */
    assert_string_equal(resolved("cosne"), "58086 Cosne-Cours-sur-Loire (58)");
    /* an old name finds today's commune */
    assert_string_equal(resolved("Seynod"), "74010 Annecy (74)");
    assert_string_equal(resolved("annecy-le-vieux"), "74010 Annecy (74)");
    assert_string_equal(resolved("annecy"), "74010 Annecy (74)");
    /* namesakes: the département tells them apart */
    const char *two = resolved("saint denis");
    assert_non_null(strstr(two, "plusieurs communes pour « saint denis »"));
    assert_non_null(strstr(two, "Saint-Denis (93)"));
    assert_non_null(strstr(two, "Saint-Denis (974)"));
    assert_string_equal(resolved("Saint-Denis (974)"), "97411 Saint-Denis (974)");
    assert_string_equal(resolved("saint denis 93"), "93066 Saint-Denis (93)");
    /* the form shows what it stored: reading it back gives the same */
    assert_string_equal(resolved("Clamecy (58)"), "58079 Clamecy (58)");
    assert_non_null(strstr(resolved("Clamecy (21)"), "aucune commune"));
    assert_non_null(strstr(resolved("Xyzville"), "aucune commune « Xyzville »"));
    assert_non_null(strstr(resolved("58999"), "n'est pas une commune de la liste"));
    assert_string_equal(resolved("  "), " ");
    /* labels for the screens */
    char label[COMMUNE_LABEL_MAX];
    assert_int_equal(commune_label(db, "75120", label, sizeof label, &err), G_OK);
    assert_string_equal(label, "Paris 20e Arrondissement (75)");
    assert_int_equal(commune_label(db, "58999", label, sizeof label, &err), G_OK);
    assert_string_equal(label, "58999"); /* not on the list: the code as it is */
    /* completion lists: communes first, shortest names first */
    commune_row rows[8];
    int n;
    assert_int_equal(commune_search(db, "saint", rows, 8, &n, &err), G_OK);
    assert_int_equal(n, 4);
    assert_string_equal(rows[0].name, "Saint-Denis");
    assert_string_equal(rows[3].name, "Saint-Amand-en-Puisaye");
    assert_int_equal(commune_search(db, "annecy", rows, 8, &n, &err), G_OK);
    assert_int_equal(n, 3);
    assert_string_equal(rows[0].kind, "COM");
    assert_string_equal(rows[1].kind, "COMD");
    assert_string_equal(rows[2].parent, "74010");
    assert_int_equal(commune_search(db, "751", rows, 8, &n, &err), G_OK);
    assert_int_equal(n, 2); /* codes: 75101, 75120 */
    assert_int_equal(commune_search(db, "paris 75", rows, 2, &n, &err), G_OK);
    assert_int_equal(n, 2); /* at most max */
    /* journaled */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db),
                                        "SELECT detail FROM audit WHERE action = "
                                        "'communes-import'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "COM 20 ARM 4 COMD/COMA 4");
    sqlite3_finalize(st);
}

/* The search screen asks for the label of each visitor's commune at every
 * keystroke: one statement kept by the connection serves them all (it was
 * prepared and finalized per label: 58 % of that screen's work). */
static void test_labels_reuse_one_statement(void **state)
{
    (void)state;
    import_fixture();
    g_error err = {0};
    char label[COMMUNE_LABEL_MAX];
    sqlite3_stmt *first = NULL;
    static const char *const codes[] = {"58079", "74011", "58999", "75120"};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(commune_label(db, codes[i], label, sizeof label, &err), G_OK);
        int kept = 0;
        for (sqlite3_stmt *st = sqlite3_next_stmt(db_sql(db), NULL); st;
             st = sqlite3_next_stmt(db_sql(db), st))
            if (strstr(sqlite3_sql(st), "FROM commune WHERE code = ?1")) {
                kept++;
                assert_false(sqlite3_stmt_busy(st)); /* reset: no read snapshot held */
                if (!first)
                    first = st;
                assert_ptr_equal(st, first);
            }
        assert_int_equal(kept, 1);
    }
    assert_string_equal(label, "Paris 20e Arrondissement (75)");
    assert_int_equal(commune_label(db, "74011", label, sizeof label, &err), G_OK);
    assert_string_equal(label, "Annecy (74)"); /* an alias: today's commune */
}

/* The search screen's list: every row's label in one call, in order,
 * repeats and unknown codes included, inside a transaction or not. */
static void test_labels_of_a_list(void **state)
{
    (void)state;
    import_fixture();
    g_error err = {0};
    const char *codes[] = {"58079", "", "58999", "58079", "74011", NULL, "58079"};
    char out[7][COMMUNE_LABEL_MAX];
    assert_int_equal(commune_labels(db, codes, 7, out[0], sizeof out[0], &err), G_OK);
    assert_string_equal(out[0], "Clamecy (58)");
    assert_string_equal(out[1], "");
    assert_string_equal(out[2], "58999");
    assert_string_equal(out[3], "Clamecy (58)");
    assert_string_equal(out[4], "Annecy (74)");
    assert_string_equal(out[5], "");
    assert_string_equal(out[6], "Clamecy (58)");
    assert_true(sqlite3_get_autocommit(db_sql(db))); /* its read is over */
    assert_int_equal(db_exec(db, "BEGIN", &err), G_OK);
    assert_int_equal(commune_labels(db, codes + 4, 1, out[0], sizeof out[0], &err), G_OK);
    assert_string_equal(out[0], "Annecy (74)");
    assert_false(sqlite3_get_autocommit(db_sql(db))); /* the caller's transaction goes on */
    assert_int_equal(db_exec(db, "COMMIT", &err), G_OK);
}

static void write(const char *name, const char *text)
{
    FILE *f = fopen(tu_path(name), "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_a_bad_file_changes_nothing(void **state)
{
    (void)state;
    import_fixture();
    g_error err = {0};
    commune_import_result r;
    write("no-column.csv", "COM,LIBELLE\n58079,Clamecy\n");
    assert_int_equal(commune_import(db, tu_path("no-column.csv"), 0, &r, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "la colonne TYPECOM manque"));
    write("bad-type.csv", "TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT\n"
                          "COM,58079,27,58,58D,582,0,CLAMECY,Clamecy,Clamecy,5804,\n"
                          "XYZ,58080,27,58,58D,582,0,A,A,A,5804,\n");
    assert_int_equal(commune_import(db, tu_path("bad-type.csv"), 0, &r, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "ligne 3 : type de commune inconnu"));
    write("orphan.csv", "TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT\n"
                        "COMD,74011,84,74,74D,741,1,ANNECY LE VIEUX,Annecy-le-Vieux,Annecy-le-"
                        "Vieux,7401,\n");
    assert_int_equal(commune_import(db, tu_path("orphan.csv"), 0, &r, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "ligne 2 : commune de rattachement"));
    assert_int_equal(commune_import(db, tu_path("absent.csv"), 0, &r, &err), G_ERR_IO);
    int64_t n;
    assert_int_equal(commune_count(db, &n, &err), G_OK);
    assert_int_equal(n, 28); /* the list as it was */
}

/* What is stored: the visitor's file and an anonymous request. */
static void test_files_and_requests_keep_communes_of_the_list(void **state)
{
    (void)state;
    import_fixture();
    g_error err = {0};
    assert_int_equal(db_exec(db,
                             "INSERT INTO app_user (id, login, display_name, role, "
                             "password_hash, public_key, sealed_secret_key, seal_nonce, "
                             "kdf_salt, kdf_opslimit, kdf_memlimit, created_at, updated_at) "
                             "VALUES (1, 'agathe', 'Agathe', 'accueil', 'x', zeroblob(32), "
                             "x'00', x'00', x'00', 1, 1, 0, 0)",
                             &err),
                     G_OK);
    visitor v;
    visitor_init(&v);
    snprintf(v.last_name, sizeof v.last_name, "Martin");
    snprintf(v.commune, sizeof v.commune, "58999");
    assert_int_equal(visitor_save(db, 1, &v, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "commune");
    assert_non_null(strstr(err.msg, "58999 n'est pas une commune de la liste"));
    snprintf(v.commune, sizeof v.commune, "74011"); /* Annecy-le-Vieux, now Annecy */
    assert_int_equal(visitor_save(db, 1, &v, &err), G_OK);
    assert_string_equal(v.commune, "74010");
    visit_anon anon = {.sex = "F", .age_band = "40-59", .commune = "58999"};
    assert_int_equal(visit_arrive(db, 1, 0, &anon, NULL, NULL, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "commune");
    snprintf(anon.commune, sizeof anon.commune, "99999");
    assert_int_equal(visit_arrive(db, 1, 0, &anon, NULL, NULL, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "pays étranger"));
    snprintf(anon.commune, sizeof anon.commune, "2b033");
    int64_t id;
    assert_int_equal(visit_arrive(db, 1, 0, &anon, NULL, &id, &err), G_OK);
    visit_info info;
    assert_int_equal(visit_get(db, id, &info, &err), G_OK);
    assert_string_equal(info.commune, "2B033");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_without_the_list_codes_are_checked_for_their_form,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_then_names_codes_and_aliases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_bad_file_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_labels_reuse_one_statement, setup, teardown),
        cmocka_unit_test_setup_teardown(test_labels_of_a_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_files_and_requests_keep_communes_of_the_list, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
