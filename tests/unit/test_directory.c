/* test_directory.c — services: validation, save, accent-insensitive prefix search, filters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/directory.h"
#include "testutil.h"

static g_service make(const char *id, const char *name, const char *op, const char *commune,
                      const char *theme)
{
    g_service s;
    memset(&s, 0, sizeof s);
    snprintf(s.source, sizeof s.source, "local");
    snprintf(s.source_id, sizeof s.source_id, "%s", id);
    snprintf(s.name, sizeof s.name, "%s", name);
    snprintf(s.operator_code, sizeof s.operator_code, "%s", op);
    snprintf(s.commune, sizeof s.commune, "%s", commune);
    if (theme) {
        snprintf(s.themes[0], sizeof s.themes[0], "%s", theme);
        s.ntheme = 1;
    }
    return s;
}

static void add(g_db *db, g_service s)
{
    g_error err = {0};
    if (directory_save(db, 0, &s, &err) != G_OK)
        fail_msg("%s : %s", s.name, err.msg);
}

static g_db *seeded(void)
{
    g_db *db = tu_db_new();
    g_service s = make("1", "Épicerie solidaire du Morvan", "", "Château-Chinon (Ville)",
                       "equipement-et-alimentation--alimentation");
    snprintf(s.description, sizeof s.description, "Colis alimentaires et produits d'hygiène.");
    add(db, s);
    add(db, make("2", "CCAS de Saint-Amand", "", "Saint-Amand-en-Puisaye",
                 "difficultes-financieres--ameliorer-sa-gestion-budgetaire"));
    s = make("3", "Caisse d'allocations familiales", "caf", "Nevers", "famille--garde-denfants");
    snprintf(s.description, sizeof s.description, "Prestations familiales, aide au logement.");
    add(db, s);
    add(db, make("4", "Point justice : permanence d'un conciliateur", "justice",
                 "Saint-Amand-en-Puisaye",
                 "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-"
                 "judiciaire"));
    add(db, make("5", "Épicerie sociale de Nevers", "", "Nevers",
                 "equipement-et-alimentation--alimentation"));
    return db;
}

static size_t search(g_db *db, directory_filter f, directory_hit **hits)
{
    size_t n = 0;
    g_error err = {0};
    if (directory_search(db, &f, 20, hits, &n, &err) != G_OK)
        fail_msg("recherche : %s", err.msg);
    return n;
}

static void test_prefix_search_ignores_accents_and_case(void **state)
{
    (void)state;
    g_db *db = seeded();
    directory_hit *hits = NULL;
    size_t n = search(db, (directory_filter){.text = "epi"}, &hits);
    assert_int_equal(n, 2);
    free(hits);
    n = search(db, (directory_filter){.text = "EPIC sol"}, &hits);
    assert_int_equal(n, 1);
    assert_string_equal(hits[0].name, "Épicerie solidaire du Morvan");
    free(hits);
    /* a word of the description */
    n = search(db, (directory_filter){.text = "hygie"}, &hits);
    assert_int_equal(n, 1);
    assert_string_equal(hits[0].name, "Épicerie solidaire du Morvan");
    free(hits);
    /* accents typed where the text has none still match */
    n = search(db, (directory_filter){.text = "allocatiôns"}, &hits);
    assert_int_equal(n, 1);
    assert_string_equal(hits[0].operator_code, "caf");
    free(hits);
    /* punctuation and quotes are only separators */
    n = search(db, (directory_filter){.text = "conciliateur\" OR \"x"}, &hits);
    assert_int_equal(n, 0);
    n = search(db, (directory_filter){.text = "\"conciliat\""}, &hits);
    assert_int_equal(n, 1);
    free(hits);
    /* a word in the middle of another does not match */
    n = search(db, (directory_filter){.text = "picerie"}, &hits);
    assert_int_equal(n, 0);
    /* nothing typed lists everything */
    n = search(db, (directory_filter){.text = " - "}, &hits);
    assert_int_equal(n, 5);
    free(hits);
    db_close(db);
}

static void test_name_matches_rank_first(void **state)
{
    (void)state;
    g_db *db = seeded();
    g_service s = make("6", "Relais des familles", "", "Nevers", NULL);
    snprintf(s.description, sizeof s.description, "Aide aux démarches, pas de colis.");
    add(db, s);
    s = make("7", "Mission locale", "", "Nevers", NULL);
    snprintf(s.description, sizeof s.description, "Jeunes de 16 à 25 ans et leurs familles.");
    add(db, s);
    directory_hit *hits = NULL;
    size_t n = search(db, (directory_filter){.text = "colis"}, &hits);
    assert_int_equal(n, 2);
    free(hits);
    /* found in the name beats found only in the description */
    n = search(db, (directory_filter){.text = "famil"}, &hits);
    assert_int_equal(n, 3);
    assert_string_equal(hits[2].name, "Mission locale");
    free(hits);
    db_close(db);
}

static void test_filters(void **state)
{
    (void)state;
    g_db *db = seeded();
    directory_hit *hits = NULL;
    size_t n = search(db, (directory_filter){.operator_code = "caf"}, &hits);
    assert_int_equal(n, 1);
    free(hits);
    n = search(db, (directory_filter){.operator_code = DIRECTORY_LOCAL}, &hits);
    assert_int_equal(n, 3);
    free(hits);
    /* a category matches its themes */
    n = search(db, (directory_filter){.category = "equipement-et-alimentation"}, &hits);
    assert_int_equal(n, 2);
    free(hits);
    n = search(db, (directory_filter){.text = "epi", .commune = "nevers"}, &hits);
    assert_int_equal(n, 1);
    assert_string_equal(hits[0].name, "Épicerie sociale de Nevers");
    free(hits);
    n = search(db, (directory_filter){.text = "epi", .category = "famille"}, &hits);
    assert_int_equal(n, 0);
    /* a category is not matched by another that merely starts like it */
    n = search(db, (directory_filter){.category = "equipement"}, &hits);
    assert_int_equal(n, 0);

    char **communes = NULL;
    size_t nc = 0;
    g_error err = {0};
    assert_int_equal(directory_communes(db, &communes, &nc, &err), G_OK);
    assert_int_equal(nc, 3);
    assert_string_equal(communes[0], "Château-Chinon (Ville)");
    assert_string_equal(communes[1], "Nevers");
    directory_free_list(communes, nc);
    db_close(db);
}

static void test_validation_names_the_field(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    g_error err = {0};
    g_service s = make("9", "", "", "", NULL);
    assert_int_equal(directory_save(db, 0, &s, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "name");
    s = make("9", "Maison du droit", "impots", "", NULL);
    assert_int_equal(directory_save(db, 0, &s, &err), G_ERR_INVALID);
    assert_string_equal(err.msg, "opérateur « impots » inconnu");
    s = make("9", "Maison du droit", "", "", "famille--inexistant");
    assert_int_equal(directory_save(db, 0, &s, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "themes");
    s = make("9", "Maison du droit", "", "", NULL);
    snprintf(s.postal_code, sizeof s.postal_code, "5800");
    assert_int_equal(directory_save(db, 0, &s, &err), G_ERR_INVALID);
    assert_string_equal(err.msg, "code postal « 5800 » invalide (5 chiffres attendus)");
    s.postal_code[0] = 0;
    snprintf(s.email, sizeof s.email, "accueil@mairie");
    assert_int_equal(directory_save(db, 0, &s, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "email");
    s.email[0] = 0;
    /* hours guichet cannot read are kept as written, with a warning */
    snprintf(s.hours, sizeof s.hours, "Mo-Fr 9h-12h");
    assert_int_equal(directory_validate(&s, &err), G_OK);
    char warn[600];
    assert_int_equal(directory_hours_warning(&s, warn, sizeof warn), 1);
    assert_string_equal(warn, "horaires « Mo-Fr 9h-12h » gardés tels quels (guichet ne sait pas "
                              "les lire : position 7 : une heure HH:MM était attendue)");
    snprintf(s.hours, sizeof s.hours, "Mo-Fr 09:00-12:00");
    assert_int_equal(directory_hours_warning(&s, warn, sizeof warn), 0);
    s.hours[0] = 0;
    /* limits are characters, not bytes: 255 accented letters fit */
    char name[SERVICE_BUF(SERVICE_NAME_CHARS)] = "";
    for (int i = 0; i < SERVICE_NAME_CHARS; i++)
        strcat(name, "é");
    snprintf(s.name, sizeof s.name, "%s", name);
    assert_int_equal(directory_validate(&s, &err), G_OK);
    snprintf(s.name, sizeof s.name, "Maison du droit");
    /* the source's update day ("mis à jour le"): the one date parser */
    const char *bad_days[] = {"2026-02-29", "2100-02-29", "1899-12-31", "2026-2-03", "03/02/2026"};
    for (size_t i = 0; i < sizeof bad_days / sizeof *bad_days; i++) {
        snprintf(s.source_updated, sizeof s.source_updated, "%s", bad_days[i]);
        assert_int_equal(directory_validate(&s, &err), G_ERR_INVALID);
        assert_string_equal(err.field, "source_updated");
    }
    snprintf(s.source_updated, sizeof s.source_updated, "2024-02-29");
    assert_int_equal(directory_validate(&s, &err), G_OK);
    s.source_updated[0] = 0;
    snprintf(s.modes, sizeof s.modes, "en-presentiel, visio");
    assert_int_equal(directory_save(db, 0, &s, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "modes");
    snprintf(s.modes, sizeof s.modes, "en-presentiel,a-distance");
    snprintf(s.insee, sizeof s.insee, "2A004");
    snprintf(s.phone, sizeof s.phone, "03 86 00 00 00");
    assert_int_equal(directory_save(db, 0, &s, &err), G_OK);
    int count = 0;
    assert_int_equal(directory_count(db, &count, &err), G_OK);
    assert_int_equal(count, 1);
    db_close(db);
}

static void test_save_get_update_and_journal(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    g_error err = {0};
    g_service s = make("42", "Mission locale", "", "Nevers", "choisir-un-metier");
    snprintf(s.themes[1], sizeof s.themes[1], "famille");
    s.ntheme = 2;
    assert_int_equal(directory_save(db, 7, &s, &err), G_OK);
    assert_true(s.id > 0);
    assert_int_equal(strlen(s.uuid), 36);
    g_service got;
    assert_int_equal(directory_get(db, s.id, &got, &err), G_OK);
    assert_true(directory_same(&s, &got));
    assert_int_equal(got.ntheme, 2);
    /* same (source, id) again is refused */
    g_service dup = make("42", "Autre", "", "", NULL);
    assert_int_equal(directory_save(db, 7, &dup, &err), G_ERR_EXISTS);
    assert_int_equal(dup.id, 0);
    /* an update keeps the id and replaces the themes */
    got.ntheme = 1;
    snprintf(got.themes[0], sizeof got.themes[0], "famille");
    snprintf(got.name, sizeof got.name, "Mission locale du Nivernais");
    assert_int_equal(directory_save(db, 7, &got, &err), G_OK);
    g_service again;
    assert_int_equal(directory_get_by_source(db, "local", "42", &again, &err), G_OK);
    assert_int_equal(again.id, s.id);
    assert_int_equal(again.ntheme, 1);
    assert_string_equal(again.name, "Mission locale du Nivernais");
    /* the search index follows the update */
    directory_hit *hits = NULL;
    size_t n = 0;
    directory_filter f = {.text = "nivern"};
    assert_int_equal(directory_search(db, &f, 10, &hits, &n, &err), G_OK);
    assert_int_equal(n, 1);
    free(hits);
    assert_int_equal(directory_get(db, 999, &again, &err), G_ERR_NOTFOUND);
    /* journal: one add, one edit */
    sqlite3_stmt *st;
    assert_int_equal(db_prepare(db,
                                "SELECT group_concat(action, ',') FROM (SELECT action FROM audit "
                                "WHERE user_id = 7 ORDER BY id)",
                                &st, &err),
                     G_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "service-add,service-edit");
    sqlite3_finalize(st);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefix_search_ignores_accents_and_case),
        cmocka_unit_test(test_name_matches_rank_first),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_validation_names_the_field),
        cmocka_unit_test(test_save_get_update_and_journal),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
