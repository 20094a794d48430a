/* test_import.c — services CSV import: upsert, all or nothing, formats. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/directory.h"
#include "guichet/import.h"
#include "guichet/utf8.h"
#include "testutil.h"

#define HEADER_SEMI                                                                                \
    "id;source;nom;structure;description;thematiques;adresse;code_postal;commune;code_insee;"      \
    "telephone;courriel;lien_source;horaires_accueil;modes_accueil;frais;operateur"

static const char *write_file(const char *name, const char *content)
{
    const char *p = tu_path(name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fwrite(content, 1, strlen(content), f);
    fclose(f);
    return p;
}

/* import_services expecting G_OK, showing what went wrong otherwise */
static void import_ok(g_db *db, const char *path, int dry_run, import_result *res)
{
    g_error err = {0};
    g_status st = import_services(db, path, dry_run, 0, res, &err);
    if (st != G_OK) {
        for (size_t i = 0; i < res->nproblem; i++)
            fprintf(stderr, "ligne %d : %s\n", res->problems[i].line, res->problems[i].msg);
        fail_msg("%s", err.msg);
    }
}

static int count_services(g_db *db)
{
    int n = -1;
    g_error err = {0};
    assert_int_equal(directory_count(db, &n, &err), G_OK);
    return n;
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

static const char good_semi[] =
    "\xEF\xBB\xBF" HEADER_SEMI "\r\n"
    "ccas-1;test;CCAS de Nevers;Ville de Nevers;Aide sociale légale et facultative;"
    "difficultes-financieres--ameliorer-sa-gestion-budgetaire;1 place de l'Hôtel de ville;58000;"
    "Nevers;58194;03 86 68 46 00;ccas@ville-nevers.fr;https://www.nevers.fr;"
    "\"Mo-Fr 08:30-12:00,13:30-17:00; PH off\";en-presentiel;gratuit;\r\n"
    "ml-1;test;Mission locale;;Emploi et formation des 16-25 ans;"
    "\"choisir-un-metier,trouver-un-emploi\";;;;;;;;Mo-Th 09:00-17:00;"
    "en-presentiel,a-distance;gratuit;\r\n"
    "caf-1;test;CAF de la Nièvre;;;famille;;;;;3230;;;;a-distance;;caf\r\n";

static void test_import_then_reimport_is_idempotent(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    import_result res;
    g_error err = {0};
    const char *p = write_file("s.csv", good_semi);
    import_ok(db, p, 0, &res);
    assert_int_equal(res.lines, 3);
    assert_int_equal(res.created, 3);
    assert_int_equal(res.updated, 0);
    assert_int_equal(res.nproblem, 0);
    import_result_free(&res);
    assert_int_equal(count_services(db), 3);

    g_service s;
    assert_int_equal(directory_get_by_source(db, "test", "ml-1", &s, &err), G_OK);
    assert_int_equal(s.ntheme, 2);
    assert_string_equal(s.modes, "en-presentiel,a-distance");
    assert_int_equal(directory_get_by_source(db, "test", "ccas-1", &s, &err), G_OK);
    assert_string_equal(s.hours, "Mo-Fr 08:30-12:00,13:30-17:00; PH off");
    assert_string_equal(s.address, "1 place de l'Hôtel de ville");
    assert_string_equal(s.operator_code, "");
    assert_int_equal(directory_get_by_source(db, "test", "caf-1", &s, &err), G_OK);
    assert_string_equal(s.operator_code, "caf");
    int64_t caf_id = s.id;

    /* the same file again: nothing changes */
    import_ok(db, p, 0, &res);
    assert_int_equal(res.created, 0);
    assert_int_equal(res.updated, 0);
    assert_int_equal(res.unchanged, 3);
    import_result_free(&res);
    assert_int_equal(count_services(db), 3);

    /* an updated file: one changed, one new, one gone from the file (kept) */
    p = write_file("s2.csv",
                   HEADER_SEMI "\n"
                               "caf-1;test;CAF de la Nièvre;;;famille;;;;;3230;;;Mo-Fr "
                               "09:00-16:00;a-distance;;caf\n"
                               "ml-1;test;Mission locale;;Emploi et formation des 16-25 ans;"
                               "\"choisir-un-metier,trouver-un-emploi\";;;;;;;;Mo-Th 09:00-17:00;"
                               "en-presentiel,a-distance;gratuit;\n"
                               "ep-1;test;Épicerie solidaire;;;;;;;;;;;;;;\n");
    import_ok(db, p, 0, &res);
    assert_int_equal(res.created, 1);
    assert_int_equal(res.updated, 1);
    assert_int_equal(res.unchanged, 1);
    import_result_free(&res);
    assert_int_equal(count_services(db), 4);
    assert_int_equal(directory_get_by_source(db, "test", "caf-1", &s, &err), G_OK);
    assert_int_equal(s.id, caf_id);
    assert_string_equal(s.hours, "Mo-Fr 09:00-16:00");
    /* the search index followed */
    directory_hit *hits = NULL;
    size_t n = 0;
    directory_filter f = {.text = "epicerie"};
    assert_int_equal(directory_search(db, &f, 10, &hits, &n, &err), G_OK);
    assert_int_equal(n, 1);
    free(hits);
    /* each real import is journaled */
    assert_int_equal(count_sql(db, "SELECT count(*) FROM audit WHERE action = 'services-import'"),
                     3);
    db_close(db);
}

static void test_bad_lines_are_all_listed_and_nothing_imported(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    const char *p =
        write_file("bad.csv", HEADER_SEMI
                   "\n"
                   "a;test;Bon service;;;famille;;58000;;;;;;;;;\n"              /* 2 ok */
                   "b;test;Thème faux;;;famille--nimporte-quoi;;;;;;;;;;;\n"     /* 3 */
                   "c;test;CP faux;;;;;5800;;;;;;;;;\n"                          /* 4 */
                   "d;test;Horaires faux;;;;;;;;;;;Mo-Fr 8:30-12:00;;;\n"        /* 5 */
                   "e;test;Trop court;;;;;\n"                                    /* 6 */
                   "f;test;Latin-1 \xE9t\xE9;;;;;;;;;;;;;;\n"                    /* 7 */
                   "g;test;Opérateur faux;;;;;;;;;;;;;;impots\n"                 /* 8 */
                   ";test;Sans id;;;;;;;;;;;;;;\n"                               /* 9 */
                   "h;test;Courriel faux;;;;;;;;;jean.dupont@;;;;;\n"            /* 10 */
                   "a;test;Doublon;;;;;;;;;;;;;;\n"                              /* 11 */
                   "i;test;Deux lignes;;\"Description\nsur deux\";;;;;;;;;;;;\n" /* 12-13 */
                   "j;test;Après;;;;;75O01;;;;;;;;;\n");                         /* 14 */
    import_result res;
    g_error err = {0};
    assert_int_equal(import_services(db, p, 0, 0, &res, &err), G_ERR_INVALID);
    assert_string_equal(err.msg, "9 lignes incorrectes : rien n'a été importé.");
    static const struct {
        int line;
        const char *msg;
    } want[] = {
        {3, "thématique « famille--nimporte-quoi » inconnue"},
        {4, "code postal « 5800 » invalide (5 chiffres attendus)"},
        {6, "8 colonnes au lieu de 17"},
        {7, "texte illisible dans la colonne « nom » (ce n'est pas de l'UTF-8)"},
        {8, "opérateur « impots » inconnu"},
        {9, "l'identifiant du service est obligatoire"},
        {10, "adresse électronique « jean.dupont@ » invalide"},
        {11, "identifiant « a » déjà présent ligne 2"},
        {14, "code postal « 75O01 » invalide (5 chiffres attendus)"},
    };
    assert_int_equal(res.nproblem, sizeof want / sizeof *want);
    for (size_t i = 0; i < res.nproblem; i++) {
        assert_int_equal(res.problems[i].line, want[i].line);
        assert_string_equal(res.problems[i].msg, want[i].msg);
    }
    assert_int_equal(res.created, 0);
    /* hours guichet cannot read never make a line bad: a warning */
    assert_int_equal(res.warnings_total, 1);
    assert_int_equal(res.warnings[0].line, 5);
    assert_string_equal(res.warnings[0].msg,
                        "horaires « Mo-Fr 8:30-12:00 » gardés tels quels (guichet ne sait pas les "
                        "lire : position 7 : une heure HH:MM était attendue)");
    import_result_free(&res);
    assert_int_equal(count_services(db), 0);
    assert_int_equal(count_sql(db, "SELECT count(*) FROM audit WHERE action = 'services-import'"),
                     0);
    db_close(db);
}

static void test_comma_separator_lf_and_quotes(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    const char *p = write_file(
        "comma.csv",
        "source,id,nom,thematiques,description,telephone,horaires_accueil,frais\n"
        "di,42,\"Conciliateur de justice, permanence\","
        "\"difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-"
        "judiciaire, famille\",\"Il dit : \"\"venez tôt\"\"\",03 86 00 00 00,"
        "\"Tu,Th 09:00-12:00\",gratuit\n"
        "di,43,Autre,,,,,payant\n");
    import_result res;
    g_error err = {0};
    import_ok(db, p, 0, &res);
    assert_int_equal(res.created, 2);
    import_result_free(&res);
    g_service s;
    assert_int_equal(directory_get_by_source(db, "di", "42", &s, &err), G_OK);
    assert_string_equal(s.name, "Conciliateur de justice, permanence");
    assert_string_equal(s.description, "Il dit : \"venez tôt\"");
    assert_string_equal(s.hours, "Tu,Th 09:00-12:00");
    assert_int_equal(s.ntheme, 2);
    db_close(db);
}

static void test_dry_run_counts_but_writes_nothing(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    const char *p = write_file("s.csv", good_semi);
    import_result res;
    g_error err = {0};
    import_ok(db, p, 1, &res);
    assert_int_equal(res.created, 3);
    import_result_free(&res);
    assert_int_equal(count_services(db), 0);
    assert_int_equal(count_sql(db, "SELECT count(*) FROM audit"), 0);
    /* a bad file in a dry run lists its lines too */
    p = write_file("bad.csv", HEADER_SEMI "\nx;test;;;;;;;;;;;;;;;\n");
    assert_int_equal(import_services(db, p, 1, 0, &res, &err), G_ERR_INVALID);
    assert_int_equal(res.nproblem, 1);
    assert_int_equal(res.problems[0].line, 2);
    assert_string_equal(res.problems[0].msg, "le nom du service est obligatoire");
    import_result_free(&res);
    db_close(db);
}

static void test_header_problems(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    import_result res;
    g_error err = {0};
    const char *p = write_file("h.csv", "identifiant;source;nom\n1;a;b\n");
    assert_int_equal(import_services(db, p, 0, 0, &res, &err), G_ERR_INVALID);
    assert_int_equal(res.nproblem, 1);
    assert_int_equal(res.problems[0].line, 1);
    assert_string_equal(res.problems[0].msg, "colonne « id » absente de l'en-tête");
    import_result_free(&res);
    p = write_file("empty.csv", "");
    assert_int_equal(import_services(db, p, 0, 0, &res, &err), G_ERR_INVALID);
    assert_string_equal(err.msg, "Le fichier est vide (pas même un en-tête).");
    import_result_free(&res);
    assert_int_equal(import_services(db, tu_path("absent.csv"), 0, 0, &res, &err), G_ERR_IO);
    import_result_free(&res);
    db_close(db);
}

static void test_absent_column_keeps_what_was_there(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    import_result res;
    g_error err = {0};
    const char *p = write_file("a.csv", "id;source;nom;a_apporter\n1;loc;CCAS;Avis d'imposition\n");
    import_ok(db, p, 0, &res);
    import_result_free(&res);
    p = write_file("b.csv", "id;source;nom;telephone\n1;loc;CCAS;03 86 00 00 00\n");
    import_ok(db, p, 0, &res);
    assert_int_equal(res.updated, 1);
    import_result_free(&res);
    g_service s;
    assert_int_equal(directory_get_by_source(db, "loc", "1", &s, &err), G_OK);
    assert_string_equal(s.to_bring, "Avis d'imposition");
    assert_string_equal(s.phone, "03 86 00 00 00");
    db_close(db);
}

static void test_from_memory(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    import_result res;
    g_error err = {0};
    assert_int_equal(import_services_mem(db, good_semi, strlen(good_semi), "mem", 0, 0, &res, &err),
                     G_OK);
    assert_int_equal(res.created, 3);
    import_result_free(&res);
    db_close(db);
}

/* ---- data·inclusion, as published ------------------------------------------------- */

static const char *fixture(const char *name)
{
    static char path[8][1024];
    static int next;
    char *out = path[next++ % 8];
    snprintf(out, 1024, "%s", __FILE__);
    char *cut = strstr(out, "tests/unit/");
    assert_non_null(cut);
    snprintf(cut, 1024 - (size_t)(cut - out), "tests/fixtures/datainclusion/%s", name);
    return out;
}

static void import_kind_ok(g_db *db, import_kind kind, const char *path, int skip,
                           import_result *res)
{
    g_error err = {0};
    import_options opt = {.skip_bad_rows = skip};
    g_status st = import_file(db, kind, path, &opt, 0, res, &err);
    if (st != G_OK) {
        for (size_t i = 0; i < res->nproblem; i++)
            fprintf(stderr, "%d : %s\n", res->problems[i].line, res->problems[i].msg);
        fail_msg("%s", err.msg);
    }
}

/* The services and structures files exactly as data·inclusion publishes them
 * (tests/fixtures/datainclusion/make_fixtures.py): every row imports, in CSV
 * and in JSON, to the same content. */
static void test_datainclusion_csv_and_json(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    import_result res;
    import_kind_ok(db, IMPORT_STRUCTURES, fixture("structures.csv"), 0, &res);
    assert_int_equal(res.created, 8);
    assert_int_equal(res.nignored, 3);
    assert_string_equal(res.ignored, "lien_source, accessibilite_lieu, reseaux_porteurs");
    import_result_free(&res);

    import_kind_ok(db, IMPORT_SERVICES, fixture("services.csv"), 0, &res);
    assert_int_equal(res.lines, 22);
    assert_int_equal(res.created, 22);
    assert_int_equal(res.nproblem, 0);
    assert_int_equal(res.nignored, 8);
    assert_string_equal(res.ignored,
                        "type, frais_precisions, publics_precisions, contact_nom_prenom, "
                        "mobilisation_precisions, volume_horaire_hebdomadaire, nombre_semaines, "
                        "score_qualite");
    import_result_free(&res);

    g_service *s = calloc(1, sizeof *s);
    g_error err = {0};
    assert_int_equal(directory_get_by_source(db, "dora", "dora--cs-clamecy--garde", s, &err), G_OK);
    assert_string_equal(s->structure, "Centre social de Clamecy"); /* not dora--cs-clamecy */
    assert_string_equal(s->structure_id, "dora--cs-clamecy");
    assert_string_equal(s->address, "4 rue de la Monnaie, Bâtiment B");
    assert_string_equal(s->hours, "Mo-Fr 08:30-12:00; Dec 25 off");
    assert_int_equal(s->ntheme, 1);
    assert_string_equal(s->themes[0], "famille--garde-denfants");
    assert_string_equal(s->publics, "familles");
    assert_string_equal(s->modes, "en-presentiel");
    assert_string_equal(s->fees, "payant");
    assert_string_equal(s->mobilisation, "telephoner,se-presenter");
    assert_string_equal(s->mobilisable_by, "usagers,professionnels");
    assert_string_equal(s->eligibility, "58079,58");
    assert_string_equal(s->source_updated, "2025-03-04");
    assert_true(s->has_position);
    assert_true(s->latitude > 47.45 && s->latitude < 47.46);
    /* the long description: under 10,000 characters, over 10,000 bytes */
    assert_int_equal(directory_get_by_source(db, "dora", "dora--ccas-nevers--epicerie", s, &err),
                     G_OK);
    assert_int_equal(utf8_chars(s->description), 9811); /* trailing space trimmed */
    assert_true(strlen(s->description) > 10000);
    assert_string_equal(s->conditions,
                        "Orientation par un travailleur social (CCAS, département, CAF).");
    /* hours outside guichet's subset are kept as written */
    assert_int_equal(
        directory_get_by_source(db, "action-logement", "action-logement--bfc--visale", s, &err),
        G_OK);
    assert_string_equal(s->hours, "");
    assert_false(s->has_position);
    assert_string_equal(s->eligibility, "france");

    /* the JSON export of the same services: nothing changes */
    import_kind_ok(db, IMPORT_SERVICES, fixture("services.json"), 0, &res);
    assert_int_equal(res.json, 1);
    assert_int_equal(res.lines, 22);
    assert_int_equal(res.unchanged, 22);
    assert_int_equal(res.nignored, 8);
    import_result_free(&res);
    /* and the structures' JSON */
    import_kind_ok(db, IMPORT_STRUCTURES, fixture("structures.json"), 0, &res);
    assert_int_equal(res.unchanged, 8);
    import_result_free(&res);
    assert_int_equal(count_sql(db, "SELECT count(*) FROM audit WHERE action = 'services-import'"),
                     2);
    assert_int_equal(count_sql(db, "SELECT count(*) FROM audit WHERE action = 'structures-import'"),
                     2);
    free(s);
    db_close(db);
}

/* Services first, structures after: the services get the real name, and
 * search finds them by it. */
static void test_structures_after_services_give_the_names(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    import_result res;
    import_kind_ok(db, IMPORT_SERVICES, fixture("services.json"), 0, &res);
    import_result_free(&res);
    assert_int_equal(count_sql(db, "SELECT count(*) FROM service WHERE structure <> ''"), 0);
    import_kind_ok(db, IMPORT_STRUCTURES, fixture("structures.json"), 0, &res);
    assert_int_equal(res.created, 8);
    assert_int_equal(res.renamed, 22);
    import_result_free(&res);
    directory_filter f = {.text = "jardins morvan"};
    directory_hit *hits = NULL;
    size_t n = 0;
    g_error err = {0};
    assert_int_equal(directory_search(db, &f, 10, &hits, &n, &err), G_OK);
    assert_int_equal(n, 2);
    assert_string_equal(hits[0].structure, "ACI Les Jardins du Morvan");
    free(hits);
    db_close(db);
}

static void test_list_cells_in_every_published_form(void **state)
{
    (void)state;
    char out[256], why[128];
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"a,b", "a,b"},
        {" a , b ,", "a,b"},
        {"['famille--garde-denfants', 'sante--acces-aux-soins']",
         "famille--garde-denfants,sante--acces-aux-soins"},
        {"['l\\'école', \"aujourd'hui\"]", "l'école,aujourd'hui"},
        {"[]", ""},
        {"['a', None, 'b']", "a,b"},
        {"{a,b}", "a,b"},
        {"{\"a b\",c}", "a b,c"},
        {"", ""},
        {"['58']", "58"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        if (import_parse_list(cases[i].in, out, sizeof out, why, sizeof why) != 0)
            fail_msg("« %s » : %s", cases[i].in, why);
        if (strcmp(out, cases[i].out) != 0)
            fail_msg("« %s » : attendu « %s », reçu « %s »", cases[i].in, cases[i].out, out);
    }
    assert_int_equal(import_parse_list("['a', 'b", out, sizeof out, why, sizeof why), -1);
    assert_string_equal(why, "liste non refermée (« ] » ou « } » manquant)");
    assert_int_equal(import_parse_list("['a', 'b]", out, sizeof out, why, sizeof why), -1);
    assert_string_equal(why, "guillemet non refermé dans la liste");
    assert_int_equal(import_parse_list("['a' 'b']", out, sizeof out, why, sizeof why), -1);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[200000];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

/* --skip-bad-rows: the good rows go in, the bad ones go beside the file with
 * their reason; without it, nothing goes in. */
static void test_skip_bad_rows(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    /* three rows of the published file spoiled: a postal code, an unknown
     * thématique, a description over 10,000 characters */
    char *csv = strdup(slurp(fixture("services.csv")));
    assert_non_null(csv);
    char *p = strstr(csv, "58000,58194,1 place de l'Hôtel de Ville,,3.159547");
    assert_non_null(p);
    memcpy(p, "5800X", 5);
    p = strstr(csv, "['famille--soutien-aidants'");
    assert_non_null(p);
    memcpy(p + 2, "famille--soutien-aidantz", 24);
    size_t len = strlen(csv);
    char *big = malloc(len + 40000);
    assert_non_null(big);
    char *nl = strchr(csv, '\n');
    memcpy(big, csv, (size_t)(nl - csv) + 1);
    char *o = big + (nl - csv) + 1;
    o += sprintf(o, "x--trop-long,,x,Trop long,,\"");
    for (int i = 0; i < 10001; i++)
        o += sprintf(o, "é");
    o += sprintf(o, "\",,,,,,,,,,,,,,,,,,,,,,,,,,,,\n");
    strcpy(o, nl + 1);
    const char *path = write_file("services-inclusion.csv", big);
    free(big);
    free(csv);

    import_result res;
    g_error err = {0};
    import_options opt = {0};
    assert_int_equal(import_file(db, IMPORT_SERVICES, path, &opt, 0, &res, &err), G_ERR_INVALID);
    assert_int_equal(res.nproblem, 3);
    assert_int_equal(res.problems[0].line, 2);
    assert_string_equal(res.problems[0].msg,
                        "colonne « description » trop longue : 10001 caractères, 10000 au plus");
    import_result_free(&res);
    assert_int_equal(count_services(db), 0);

    import_kind_ok(db, IMPORT_SERVICES, path, 1, &res);
    assert_int_equal(res.created, 20);
    assert_int_equal(res.rejected, 3);
    char want[1200];
    snprintf(want, sizeof want, "%s", tu_path("services-inclusion-rejets.csv"));
    assert_string_equal(res.rejects, want);
    import_result_free(&res);
    assert_int_equal(count_services(db), 20);
    const char *rej = slurp(want);
    assert_true(strncmp(rej, "\xEF\xBB\xBFligne,raison,id,structure_id,", 32) == 0);
    assert_non_null(strstr(rej, "code postal « 5800X » invalide (5 chiffres attendus)"));
    assert_non_null(strstr(rej, "thématique « famille--soutien-aidantz » inconnue"));
    assert_non_null(strstr(rej, "\n2,\"colonne « description » trop longue"));
    assert_int_equal(count_sql(db, "SELECT count(*) FROM audit WHERE action = 'services-import' "
                                   "AND detail LIKE '%3 refusés'"),
                     1);

    /* JSON: the element's own text is kept */
    const char *json = write_file("s.json", "[{\"id\":\"a\",\"source\":\"s\",\"nom\":\"Bon\"},"
                                            "{\"id\":\"b\",\"source\":\"s\",\"nom\":\"\","
                                            "\"code_postal\":null},"
                                            "{\"id\":\"c\",\"source\":\"s\"},\"pas un objet\"]");
    import_kind_ok(db, IMPORT_SERVICES, json, 1, &res);
    assert_int_equal(res.created, 1);
    assert_int_equal(res.rejected, 3);
    assert_int_equal(res.problems[0].line, 2);
    assert_string_equal(res.problems[0].msg, "le nom du service est obligatoire");
    assert_string_equal(res.problems[1].msg, "champ « nom » absent");
    assert_string_equal(res.problems[2].msg, "un objet { … } était attendu");
    import_result_free(&res);
    rej = slurp(tu_path("s-rejets.csv"));
    assert_non_null(strstr(rej, "element;raison;objet"));
    assert_non_null(strstr(rej, "\"{\"\"id\"\":\"\"b\"\""));
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_then_reimport_is_idempotent),
        cmocka_unit_test(test_bad_lines_are_all_listed_and_nothing_imported),
        cmocka_unit_test(test_comma_separator_lf_and_quotes),
        cmocka_unit_test(test_dry_run_counts_but_writes_nothing),
        cmocka_unit_test(test_header_problems),
        cmocka_unit_test(test_absent_column_keeps_what_was_there),
        cmocka_unit_test(test_from_memory),
        cmocka_unit_test(test_datainclusion_csv_and_json),
        cmocka_unit_test(test_structures_after_services_give_the_names),
        cmocka_unit_test(test_list_cells_in_every_published_form),
        cmocka_unit_test(test_skip_bad_rows),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
