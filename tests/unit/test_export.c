/* test_export.c — the nightly export: rows of a fixture day, local-day
 * boundaries across the spring DST change, pseudonyms, switches, no personal
 * data in any byte, catch-up, determinism, lock, leftovers, journal.
 *
 * The fixture is raw SQL into the real schema (migrations 002, 003, 004): the
 * model's intake API (visit.h) was not there when this was written. */
#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/export.h"
#include "guichet/ref.h"
#include "guichet/stats.h"
#include "testutil.h"

/* Saturday 2026-03-28 (UTC+1) and Sunday 2026-03-29, the day Paris moves to
 * UTC+2 at 02:00 (a 23-hour day). "Today" is Monday 2026-03-30. */
static const char fixture_sql[] =
    "UPDATE site SET created_at = unixepoch('2026-03-20 09:00:00');"
    "INSERT INTO visitor (id, uuid, last_name, first_names, birth_name, birth_date, sex, commune,"
    " postal_code, phone, email, language, created_at, updated_at) VALUES"
    " (1, 'c0ffee00-0000-4000-8000-000000000001', 'Zorglubovitch', 'Hermenegilde', 'Bidulesco',"
    "  '1980-06-15', 'F', '58079', '58500', '+33612345678', 'hermenegilde.z@example.org',"
    "  'tagalog-rare', 0, 0),"
    " (2, 'c0ffee00-0000-4000-8000-000000000002', 'Quetzalcoatlos', 'Brunehilde', '',"
    "  '2010-01-02', 'M', '2A004', '20000', '+33798765432', 'brune.q@example.net', '', 0, 0);"
    "INSERT INTO resource (id, uuid, kind, name, operator, created_at, updated_at) VALUES"
    " (1, 'r1', 'permanence', 'Permanence de Mme Castafiore', 'caf', 0, 0);"
    "INSERT INTO motif (id, uuid, name, operator, duration_min, place, capacity, created_at,"
    " updated_at) VALUES"
    " (1, 'm1', '=HYPERLINK(\"http://x\";\"clic\")', 'caf', 30, 'sur-place', 1, 0, 0),"
    " (2, 'm2', 'Atelier numérique', NULL, 60, 'sur-place', 8, 0, 0);"
    "INSERT INTO appointment (id, uuid, resource_id, motif_id, visitor_id, start_at, end_at,"
    " status, origin, comment, created_at, updated_at) VALUES"
    " (1, 'a1', 1, 1, 2, unixepoch('2026-03-28 09:00:00'), unixepoch('2026-03-28 09:30:00'),"
    "  'honore', 'telephone', 'Rdv-commentaire-secret', unixepoch('2026-03-29 08:00:00'), 0),"
    " (2, 'a2', 1, 2, 1, unixepoch('2026-03-28 13:00:00'), unixepoch('2026-03-28 14:00:00'),"
    "  'absent', 'guichet', '', unixepoch('2026-03-21 10:00:00'), 0);"
    "INSERT INTO visit (id, uuid, visitor_id, sex, age_band, commune, arrived_at, started_at,"
    " ended_at, state, channel, help_type, autonomy, duration_min, outcome, comment,"
    " appointment_id, created_at, updated_at) VALUES"
    " (1, 'v0000001', 1, 'F', '40-59', '58079', unixepoch('2026-03-28 08:15:00'), NULL,"
    "  unixepoch('2026-03-28 08:40:00'), 'termine', 'accueil-spontane', 'accompagnement',"
    "  'partiellement-autonome', 25, 'resolu', 'Commentaire-tres-secret', NULL, 0, 0),"
    " (2, 'v0000002', NULL, 'M', '70+', '58086', unixepoch('2026-03-28 13:40:00'), NULL,"
    "  unixepoch('2026-03-28 13:45:00'), 'termine', 'telephone', 'information', 'autonome', 5,"
    "  'resolu', '', NULL, 0, 0),"
    " (3, 'v0000003', 2, 'M', 'non-communique', '2A004', unixepoch('2026-03-28 22:30:00'), NULL,"
    "  NULL, 'parti', 'accueil-sur-rdv', NULL, NULL, NULL, NULL, '', 1, 0, 0),"
    " (4, 'v0000004', 1, 'F', '40-59', '58079', unixepoch('2026-03-28 23:30:00'), NULL,"
    "  unixepoch('2026-03-28 23:50:00'), 'termine', 'visio', 'orientation', 'autonome', 20,"
    "  'oriente', '', NULL, 0, 0),"
    " (5, 'v0000005', 2, 'M', '<18', '2A004', unixepoch('2026-03-27 10:00:00'), NULL,"
    "  unixepoch('2026-03-27 10:10:00'), 'termine', 'accueil-spontane', 'information',"
    "  'autonome', 10, 'resolu', '', NULL, 0, 0);"
    "INSERT INTO visit_topic (visit_id, position, operator, family, theme) VALUES"
    " (1, 0, 'caf', 'famille', 'famille--garde-denfants'),"
    " (1, 1, 'cpam', 'social', 'sante--acces-aux-soins'),"
    " (2, 0, 'france-titres', 'papiers', 'difficultes-administratives-ou-juridiques'),"
    " (4, 0, 'operateur-inconnu', NULL, NULL),"
    " (5, 0, 'caf', NULL, NULL);"
    "INSERT INTO service (id, uuid, source, source_id, name, operator, address, phone, email,"
    " created_at, updated_at) VALUES"
    " (1, 's1', 'guichet-national', 'caf-58', 'CAF de la Nièvre', 'caf', '', '', '', 0, 0),"
    " (2, 's2', 'local', 'epicerie', '@Épicerie solidaire', NULL,"
    "  '12 rue des Secrets-Bien-Gardes', '+33386000000', 'epicerie@exemple.fr', 0, 0);"
    "INSERT INTO orientation (id, uuid, visitor_id, visit_id, service_id, theme, reason, status,"
    " refusal_reason, followup_on, created_at, updated_at) VALUES"
    " (1, 'o1', 1, 1, 1, 'famille--garde-denfants', 'Raison-confidentielle-xyz', 'validee', NULL,"
    "  '2026-04-04', unixepoch('2026-03-25 09:00:00'), unixepoch('2026-03-28 10:00:00')),"
    " (2, 'o2', 2, NULL, 2, 'equipement-et-alimentation', '', 'refusee', 'non-mobile', "
    "'2026-04-07',"
    "  unixepoch('2026-03-28 14:00:00'), unixepoch('2026-03-29 09:00:00'));"
    "INSERT INTO orientation_history (orientation_id, at, from_status, to_status, detail) VALUES"
    " (1, unixepoch('2026-03-25 09:00:00'), NULL, 'ouverte', ''),"
    " (1, unixepoch('2026-03-28 10:00:00'), 'ouverte', 'validee', ''),"
    " (2, unixepoch('2026-03-28 14:00:00'), NULL, 'ouverte', ''),"
    " (2, unixepoch('2026-03-29 09:00:00'), 'ouverte', 'refusee', 'non-mobile');";

/* Strings of the fixture that must never leave the site. */
static const char *const secrets[] = {"Zorglubovitch",
                                      "Hermenegilde",
                                      "Bidulesco",
                                      "1980-06-15",
                                      "33612345678",
                                      "0612345678",
                                      "hermenegilde.z@example.org",
                                      "example",
                                      "tagalog-rare",
                                      "58500",
                                      "Quetzalcoatlos",
                                      "Brunehilde",
                                      "2010-01-02",
                                      "33798765432",
                                      "brune.q",
                                      "Commentaire-tres-secret",
                                      "Rdv-commentaire-secret",
                                      "Castafiore",
                                      "c0ffee00",
                                      "v000000"};

static g_db *fixture(g_config *cfg)
{
    tu_clock("2026-03-30T10:00:00Z");
    clock_set_zone("Europe/Paris");
    g_db *db = tu_db_new();
    g_error err = {0};
    if (db_exec(db, fixture_sql, &err) != G_OK)
        fail_msg("fixture: %s", err.msg);
    tu_config(cfg);
    return db;
}

static const char *outdir(const char *name)
{
    const char *d = tu_path(name);
    tu_sh("rm -rf '%s'", d);
    return d;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = 0;
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

static char *day_file(const char *dir, const char *kind, const char *day)
{
    char name[128], path[1024];
    export_file_name(kind, "FS-TEST-0001", day, name, sizeof name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return slurp(path, NULL);
}

static void pseudo_of(g_db *db, const char *uuid, char out[33])
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(
        sqlite3_prepare_v2(db_sql(db), "SELECT pseudonym_key FROM site", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_bytes(st, 0), 32);
    export_pseudonym(sqlite3_column_blob(st, 0), uuid, out);
    sqlite3_finalize(st);
}

static int64_t count_rows(g_db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_activity_rows(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    const char *dir = outdir("act");
    export_opts o = {.outdir = dir};
    export_result res;
    g_error err = {0};
    assert_int_equal(export_day(db, &cfg, "2026-03-28", &o, &res, &err), G_OK);
    assert_int_equal(res.days, 1);
    assert_int_equal(res.files, 6);

    char p1[33], p2[33], want[2048];
    pseudo_of(db, "c0ffee00-0000-4000-8000-000000000001", p1);
    pseudo_of(db, "c0ffee00-0000-4000-8000-000000000002", p2);
    snprintf(
        want, sizeof want,
        "\xEF\xBB\xBF"
        "matricule;date;tranche_horaire;etat;canal;operateur;famille;thematique_categorie;"
        "thematique;"
        "nb_sujets;type_aide;autonomie;duree_min;issue;suite_rdv;tranche_age;sexe;commune;"
        "usager\r\n"
        "FS-TEST-0001;2026-03-28;08-10;termine;accueil-spontane;caf;famille;famille;"
        "famille--garde-denfants;2;accompagnement;partiellement-autonome;25;resolu;0;40-59;F;"
        "58079;%s\r\n"
        /* a category alone never lands in `thematique` (v1: cat--sub only) */
        "FS-TEST-0001;2026-03-28;14-16;termine;telephone;france-titres;papiers;"
        "difficultes-administratives-ou-juridiques;;1;information;autonome;5;resolu;0;70-et-plus;M;"
        "58086;\r\n"
        "FS-TEST-0001;2026-03-28;apres-18;parti;accueil-sur-rdv;;;;;0;;;;;1;<18;M;2A004;%s\r\n",
        p1, p2);
    char *got = day_file(dir, "activite", "2026-03-28");
    assert_string_equal(got, want);
    free(got);

    /* 00:30 on Sunday (23:30 UTC on Saturday) belongs to Sunday; an unknown
     * operator code never leaves the site */
    assert_int_equal(export_day(db, &cfg, "2026-03-29", &o, &res, &err), G_OK);
    got = day_file(dir, "activite", "2026-03-29");
    snprintf(want, sizeof want,
             "FS-TEST-0001;2026-03-29;avant-08;termine;visio;;;;;1;orientation;autonome;20;oriente;"
             "0;40-59;F;"
             "58079;%s\r\n",
             p1);
    assert_non_null(strstr(got, want));
    assert_null(strstr(got, "operateur-inconnu"));
    free(got);
    db_close(db);
}

static void test_synthese_and_appointments(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    const char *dir = outdir("syn");
    export_opts o = {.outdir = dir};
    g_error err = {0};
    assert_int_equal(export_day(db, &cfg, "2026-03-28", &o, NULL, &err), G_OK);
    char *s = day_file(dir, "synthese", "2026-03-28");
    static const char *const lines[] = {
        "\r\nFS-TEST-0001;2026-03-28;total;;;2;30\r\n",
        "\r\nFS-TEST-0001;2026-03-28;etat;termine;;2;30\r\n",
        "\r\nFS-TEST-0001;2026-03-28;etat;parti;;1;0\r\n",
        "\r\nFS-TEST-0001;2026-03-28;canal;accueil-spontane;;1;25\r\n",
        "\r\nFS-TEST-0001;2026-03-28;canal;telephone;;1;5\r\n",
        "\r\nFS-TEST-0001;2026-03-28;canal;visio;;0;0\r\n",
        "\r\nFS-TEST-0001;2026-03-28;type_aide;information;;1;5\r\n",
        "\r\nFS-TEST-0001;2026-03-28;operateur;caf;accompagnement;1;25\r\n",
        "\r\nFS-TEST-0001;2026-03-28;operateur;cpam;accompagnement;1;25\r\n",
        "\r\nFS-TEST-0001;2026-03-28;operateur;france-titres;information;1;5\r\n",
        "\r\nFS-TEST-0001;2026-03-28;operateur;caf;information;0;0\r\n",
        "\r\nFS-TEST-0001;2026-03-28;operateur;aucun;orientation;0;0\r\n",
    };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
        if (!strstr(s, lines[i]))
            fail_msg("synthese lacks %s", lines[i] + 2);
    free(s);

    /* the motif name starts with '=': neutralised; the booking made the day
     * after (a late entry) gives a negative delay, left as it is */
    char *r = day_file(dir, "rendez-vous", "2026-03-28");
    assert_string_equal(
        r, "\xEF\xBB\xBF"
           "matricule;date;tranche_horaire;operateur;motif;lieu;statut;origine;atelier;"
           "duree_min;delai_jours\r\n"
           "FS-TEST-0001;2026-03-28;10-12;caf;\"'=HYPERLINK(\"\"http://x\"\";\"\"clic\"\")\";"
           "sur-place;honore;telephone;0;30;-1\r\n"
           "FS-TEST-0001;2026-03-28;14-16;caf;Atelier numérique;sur-place;absent;guichet;1;60;"
           "7\r\n");
    free(r);
    db_close(db);
}

/* Orientations created or changed that day, with their status as it stood
 * at the end of the day: re-exporting Saturday after Sunday's refusal gives
 * the same bytes. */
static void test_orientations(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    const char *dir = outdir("ori");
    export_opts o = {.outdir = dir};
    g_error err = {0};
    /* the run reads with a smaller page cache, and hands the connection
     * back as it was: the screens' "Exporter maintenant" keeps using it */
    assert_int_equal(sqlite3_exec(db_sql(db), "PRAGMA cache_size = -3000", NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(export_range(db, &cfg, "2026-03-27", "2026-03-29", &o, NULL, &err), G_OK);
    assert_int_equal(count_rows(db, "PRAGMA cache_size"), -3000);
    static const char head[] = "\xEF\xBB\xBF"
                               "matricule;date;operateur;service;service_code;thematique_categorie;"
                               "thematique;statut;motif_refus;jours_ouverte;creee_le\r\n";
    char *got = day_file(dir, "orientations", "2026-03-27");
    assert_string_equal(got, head);
    free(got);
    got = day_file(dir, "orientations", "2026-03-28");
    char want[1024];
    snprintf(want, sizeof want,
             "%sFS-TEST-0001;2026-03-28;caf;CAF de la Nièvre;guichet-national:caf-58;famille;"
             "famille--garde-denfants;validee;;3;2026-03-25\r\n"
             "FS-TEST-0001;2026-03-28;;\"'@Épicerie "
             "solidaire\";local:epicerie;equipement-et-alimentation;;"
             "ouverte;;0;2026-03-28\r\n",
             head);
    assert_string_equal(got, want);
    free(got);
    got = day_file(dir, "orientations", "2026-03-29");
    snprintf(want, sizeof want,
             "%sFS-TEST-0001;2026-03-29;;\"'@Épicerie "
             "solidaire\";local:epicerie;equipement-et-alimentation;;"
             "refusee;non-mobile;1;2026-03-28\r\n",
             head);
    assert_string_equal(got, want);
    free(got);
    db_close(db);
}

/* The pages SQLite reads to export 28 March and to count its figures. */
static int pages_for_the_day(g_db *db, const g_config *cfg, const char *dir)
{
    export_opts o = {.outdir = dir};
    g_error err = {0};
    stats_report r;
    tu_pages_fetched(db);
    assert_int_equal(export_range(db, cfg, "2026-03-28", "2026-03-28", &o, NULL, &err), G_OK);
    assert_int_equal(stats_compute(db, "2026-03-28", "2026-03-28", &r, &err), G_OK);
    assert_int_equal(r.orientations, 1); /* o2, made that day */
    return tu_pages_fetched(db);
}

/* The day's orientations were found by walking every orientation the site
 * ever made (and probing each one's history), for the export and for the
 * statistics: on a ten-year base, a month's export 2.4 s instead of 0.2 s,
 * the statistics screen over 150 ms a key. 6,000 orientations of 2020 now
 * cost the day next to nothing. */
static void test_the_days_orientations_are_found_by_date(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    const char *dir = outdir("ori-date");
    pages_for_the_day(db, &cfg, dir); /* the cache warm */
    int before = pages_for_the_day(db, &cfg, dir);
    g_error err = {0};
    assert_int_equal(
        db_exec(db,
                "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 6000) "
                "INSERT INTO orientation (uuid, visitor_id, service_id, theme, status, "
                "followup_on, created_at, updated_at) SELECT 'old-' || i, 1, 1, "
                "'famille--garde-denfants', 'validee', '2020-01-10', unixepoch('2020-01-01') + i "
                "* 600, unixepoch('2020-01-01') + i * 600 FROM k;"
                "INSERT INTO orientation_history (orientation_id, at, from_status, to_status, "
                "detail) SELECT id, created_at, NULL, 'ouverte', '' FROM orientation WHERE uuid "
                "LIKE 'old-%';"
                "INSERT INTO orientation_history (orientation_id, at, from_status, to_status, "
                "detail) SELECT id, created_at + 3600, 'ouverte', 'validee', '' FROM orientation "
                "WHERE uuid LIKE 'old-%'",
                &err),
        G_OK);
    pages_for_the_day(db, &cfg, dir);
    int after = pages_for_the_day(db, &cfg, dir);
    print_message("pages: %d before, %d with 6,000 orientations of 2020\n", before, after);
    assert_true(after - before < 100); /* 30,343 more before */
    db_close(db);
}

/* Every file of every day, every byte: no fixture secret. */
static void test_no_personal_data(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    const char *dir = outdir("priv");
    export_opts o = {.outdir = dir};
    g_error err = {0};
    export_result res;
    assert_int_equal(export_range(db, &cfg, "2026-03-27", "2026-03-29", &o, &res, &err), G_OK);
    assert_int_equal(res.days, 3);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *bytes = slurp(path, NULL);
        for (size_t i = 0; i < sizeof secrets / sizeof *secrets; i++)
            if (strstr(bytes, secrets[i]))
                fail_msg("%s contains « %s »", e->d_name, secrets[i]);
        free(bytes);
        files++;
    }
    closedir(d);
    assert_int_equal(files, 18); /* 5 files and a signature a day */
    db_close(db);
}

static void test_dimensions_off(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    cfg.export.with_commune = 0;
    cfg.export.with_age_band = 0;
    cfg.export.with_sex = 0;
    cfg.export.with_pseudonym = 0;
    const char *dir = outdir("off");
    export_opts o = {.outdir = dir};
    g_error err = {0};
    assert_int_equal(export_day(db, &cfg, "2026-03-28", &o, NULL, &err), G_OK);
    char *got = day_file(dir, "activite", "2026-03-28");
    /* same columns, cells empty */
    assert_non_null(strstr(got, "tranche_age;sexe;commune;usager\r\n"));
    assert_non_null(strstr(got,
                           "\r\nFS-TEST-0001;2026-03-28;08-10;termine;accueil-spontane;caf;famille;"
                           "famille;famille--garde-denfants;2;accompagnement;"
                           "partiellement-autonome;25;resolu;0;;;;\r\n"));
    assert_null(strstr(got, "58079"));
    assert_null(strstr(got, "40-59"));
    free(got);
    db_close(db);
}

static void test_catch_up(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    g_error err = {0};
    /* exported every day up to Thursday 26th but Sunday 22nd, which failed;
     * the PC stayed off since */
    assert_int_equal(db_exec(db,
                             "WITH RECURSIVE d(x) AS (SELECT '2026-03-20' UNION ALL SELECT "
                             "date(x, '+1 day') FROM d WHERE x < '2026-03-26')"
                             " INSERT INTO export_run (day, outdir, started_at, at, status)"
                             " SELECT x, '/ailleurs', 0, 0, CASE x WHEN '2026-03-22' THEN"
                             " 'echec' ELSE 'ok' END FROM d",
                             &err),
                     G_OK);
    int pending = -1;
    char last[11];
    assert_int_equal(export_status(db, &pending, last, &err), G_OK);
    assert_int_equal(pending, 4);
    assert_string_equal(last, "2026-03-26");

    /* the gap is filled by the next run, in date order */
    const char *dir = outdir("catch");
    snprintf(cfg.export.dir, sizeof cfg.export.dir, "%s", dir); /* the outbox */
    export_opts o = {0};
    export_result res;
    assert_int_equal(export_pending(db, &cfg, &o, &res, &err), G_OK);
    assert_int_equal(res.days, 4);
    assert_string_equal(res.first_day, "2026-03-22");
    assert_string_equal(res.last_day, "2026-03-29");
    static const char *const days[] = {"2026-03-22", "2026-03-27", "2026-03-28", "2026-03-29"};
    for (int i = 0; i < 4; i++)
        free(day_file(dir, "manifeste", days[i]));
    assert_int_equal(count_rows(db, "SELECT count(*) FROM export_run WHERE kind = 'rattrapage'"),
                     3);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM export_run WHERE kind = 'quotidien'"
                                    " AND day = '2026-03-29'"),
                     1);
    /* nothing left to do: a second run writes nothing */
    assert_int_equal(export_pending(db, &cfg, &o, &res, &err), G_OK);
    assert_int_equal(res.days, 0);
    assert_int_equal(export_status(db, &pending, last, &err), G_OK);
    assert_int_equal(pending, 0);
    assert_string_equal(last, "2026-03-29");
    db_close(db);
}

typedef struct told {
    int calls, last_done, total;
} told;

static void tell(void *ctx, int done, int total)
{
    told *t = ctx;
    assert_true(done > t->last_done);
    assert_true(done < total);
    assert_true(t->total == 0 || t->total == total);
    t->calls++;
    t->last_done = done;
    t->total = total;
}

/* A catch-up of years (3,711 days on the bench's base: 5.8 s) said nothing
 * until it was over: the screen now says how many days of how many are
 * written, after each batch. */
static void test_a_long_catch_up_says_how_far_it_is(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    g_error err = {0};
    /* created on 1 September 2025, never exported: 210 days to write */
    assert_int_equal(
        db_exec(db, "UPDATE site SET created_at = unixepoch('2025-09-01 08:00:00')", &err), G_OK);
    const char *dir = outdir("long");
    snprintf(cfg.export.dir, sizeof cfg.export.dir, "%s", dir); /* the outbox */
    told t = {0};
    export_opts o = {.progress = tell, .progress_ctx = &t};
    export_result res;
    assert_int_equal(export_pending(db, &cfg, &o, &res, &err), G_OK);
    assert_int_equal(res.days, 210);
    assert_int_equal(t.total, 210);
    assert_true(t.calls >= 3);
    /* the same for a period asked for (export --du … --au …) */
    told r = {0};
    o.progress_ctx = &r;
    assert_int_equal(export_range(db, &cfg, "2025-10-01", "2026-03-29", &o, &res, &err), G_OK);
    assert_int_equal(res.days, 180);
    assert_int_equal(r.total, 180);
    assert_true(r.calls >= 2);
    db_close(db);
}

/* The hourly run with nothing to do does not read the outbox (five files a
 * day, 18,000 after ten years): what a killed run left there waits for the
 * next run that writes, which removes it. */
static void test_nothing_to_do_leaves_the_outbox_alone(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    g_error err = {0};
    const char *dir = outdir("hourly");
    snprintf(cfg.export.dir, sizeof cfg.export.dir, "%s", dir); /* the outbox */
    export_opts o = {0};
    export_result res;
    assert_int_equal(export_pending(db, &cfg, &o, &res, &err), G_OK);
    assert_true(res.days > 0);
    char left[1024];
    snprintf(left, sizeof left, "%s/.guichet-activite-FS-TEST-0001-2026-03-30.csv.0123456789ab.tmp",
             dir);
    FILE *f = fopen(left, "w");
    assert_non_null(f);
    fputs("matricule;date;tranche", f); /* half a file from a killed run */
    fclose(f);
    for (int hour = 0; hour < 3; hour++) {
        assert_int_equal(export_pending(db, &cfg, &o, &res, &err), G_OK);
        assert_int_equal(res.days, 0);
        assert_int_equal(res.temps_removed, 0);
        assert_int_equal(access(left, F_OK), 0);
    }
    /* the next night: Monday 30th is written, the leftover removed */
    tu_clock("2026-03-31T03:00:00Z");
    assert_int_equal(export_pending(db, &cfg, &o, &res, &err), G_OK);
    assert_int_equal(res.days, 1);
    assert_string_equal(res.first_day, "2026-03-30");
    assert_int_equal(res.temps_removed, 1);
    assert_int_equal(access(left, F_OK), -1);
    db_close(db);
}

static void test_brand_new_site_starts_at_creation(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    g_error err = {0};
    /* created on Saturday 28th at 09:00 local: Saturday and Sunday */
    assert_int_equal(
        db_exec(db, "UPDATE site SET created_at = unixepoch('2026-03-28 08:00:00')", &err), G_OK);
    const char *dir = outdir("new");
    snprintf(cfg.export.dir, sizeof cfg.export.dir, "%s", dir); /* the outbox */
    export_opts o = {0};
    export_result res;
    assert_int_equal(export_pending(db, &cfg, &o, &res, &err), G_OK);
    assert_int_equal(res.days, 2);
    assert_string_equal(res.first_day, "2026-03-28");
    db_close(db);
}

/* Issue 11: a trial export to another folder (--out) marked its days as
 * exported, and the nightly run then never sent them to the outbox. */
static void test_trial_export_does_not_count(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    g_error err = {0};
    assert_int_equal(
        db_exec(db, "UPDATE site SET created_at = unixepoch('2026-03-28 08:00:00')", &err), G_OK);
    const char *box = outdir("box"), *trial = outdir("trial");
    snprintf(cfg.export.dir, sizeof cfg.export.dir, "%s", box);
    export_opts o = {.outdir = trial};
    export_result res;
    /* a trial of the nightly run, then of one day: both written, neither counts */
    assert_int_equal(export_pending(db, &cfg, &o, &res, &err), G_OK);
    assert_int_equal(res.days, 2);
    assert_int_equal(res.outbox, 0);
    assert_int_equal(export_day(db, &cfg, "2026-03-28", &o, &res, &err), G_OK);
    free(day_file(trial, "manifeste", "2026-03-28"));
    int pending = -1;
    char last[11];
    assert_int_equal(export_status(db, &pending, last, &err), G_OK);
    assert_int_equal(pending, 2);
    assert_string_equal(last, "");
    assert_int_equal(count_rows(db, "SELECT count(*) FROM export_run WHERE outbox = 0"), 3);
    /* the nightly run still writes both days to the outbox */
    export_opts nightly = {0};
    assert_int_equal(export_pending(db, &cfg, &nightly, &res, &err), G_OK);
    assert_int_equal(res.days, 2);
    assert_int_equal(res.outbox, 1);
    free(day_file(box, "manifeste", "2026-03-29"));
    assert_int_equal(export_status(db, &pending, last, &err), G_OK);
    assert_int_equal(pending, 0);
    assert_string_equal(last, "2026-03-29");
    /* --out naming the outbox itself is the outbox */
    export_opts same = {.outdir = box};
    assert_int_equal(export_day(db, &cfg, "2026-03-28", &same, &res, &err), G_OK);
    assert_int_equal(res.outbox, 1);
    db_close(db);
}

static int same_files(const char *a, const char *b)
{
    DIR *d = opendir(a);
    assert_non_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL) {
        /* the data files; a manifest names its run (export_run), so differs */
        if (e->d_name[0] == '.' || strncmp(e->d_name, "manifeste-", 10) == 0)
            continue;
        char pa[1024], pb[1024];
        snprintf(pa, sizeof pa, "%s/%s", a, e->d_name);
        snprintf(pb, sizeof pb, "%s/%s", b, e->d_name);
        size_t la, lb;
        char *x = slurp(pa, &la), *y = slurp(pb, &lb);
        if (la != lb || memcmp(x, y, la) != 0)
            fail_msg("%s differs", e->d_name);
        free(x);
        free(y);
        n++;
    }
    closedir(d);
    return n;
}

static void test_deterministic(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    const char *a = outdir("det-a"), *b = outdir("det-b");
    g_error err = {0};
    export_opts oa = {.outdir = a}, ob = {.outdir = b};
    assert_int_equal(export_range(db, &cfg, "2026-03-27", "2026-03-29", &oa, NULL, &err), G_OK);
    char *before = day_file(a, "activite", "2026-03-28");
    /* later, another clock, another directory: the same bytes */
    tu_clock("2026-04-02T18:00:00Z");
    assert_int_equal(export_range(db, &cfg, "2026-03-27", "2026-03-29", &ob, NULL, &err), G_OK);
    assert_int_equal(same_files(a, b), 12);
    /* and re-exporting into the same directory replaces with the same bytes */
    assert_int_equal(export_day(db, &cfg, "2026-03-28", &oa, NULL, &err), G_OK);
    char *after = day_file(a, "activite", "2026-03-28");
    assert_string_equal(before, after);
    free(before);
    free(after);
    db_close(db);
}

static void test_manifest_and_journal(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    const char *dir = outdir("man");
    export_opts o = {.outdir = dir, .user_id = 0};
    g_error err = {0};
    assert_int_equal(export_day(db, &cfg, "2026-03-28", &o, NULL, &err), G_OK);
    char *m = day_file(dir, "manifeste", "2026-03-28");
    /* each data file's line: name;rows;bytes;sha256 matching the file, then
     * the journal's head at the end of the day (local midnight) */
    int64_t end;
    assert_int_equal(clock_from_local(2026, 3, 29, 0, 0, &end), 0);
    char head[160], sql[200];
    snprintf(sql, sizeof sql,
             "SELECT id || ';' || hash FROM audit WHERE at < %lld ORDER BY at DESC, id DESC "
             "LIMIT 1",
             (long long)end);
    sqlite3_stmt *hst;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), sql, -1, &hst, NULL), SQLITE_OK);
    int hrc = sqlite3_step(hst);
    assert_true(hrc == SQLITE_ROW || hrc == SQLITE_DONE);
    snprintf(head, sizeof head, "%s",
             hrc == SQLITE_ROW ? (const char *)sqlite3_column_text(hst, 0) : "0;");
    sqlite3_finalize(hst);
    static const char *const kinds[] = {"activite", "orientations", "rendez-vous", "synthese"};
    for (int i = 0; i < 4; i++) {
        char name[128], path[1024], line[512];
        export_file_name(kinds[i], "FS-TEST-0001", "2026-03-28", name, sizeof name);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        size_t len;
        char *bytes = slurp(path, &len);
        unsigned char dg[32];
        char hex[65];
        crypto_hash_sha256(dg, (unsigned char *)bytes, len);
        sodium_bin2hex(hex, sizeof hex, dg, sizeof dg);
        int rows = 0;
        for (size_t k = 0; k < len; k++)
            rows += bytes[k] == '\n';
        snprintf(line, sizeof line, ";2026-03-28;%s;%d;%zu;%s;%s\r\n", name, rows - 1, len, hex,
                 head);
        if (!strstr(m, line))
            fail_msg("manifest lacks %s", line + 1);
        free(bytes);
    }
    free(m);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM export_run WHERE day = '2026-03-28'"
                                    " AND status = 'ok' AND kind = 'manuel' AND rows = 3 + 2 + 2 + "
                                    "(SELECT sum(rows) FROM export_file WHERE kind = 'synthese')"),
                     1);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM export_file"), 4);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM audit WHERE action = 'export-run'"
                                    " AND object = 'export:2026-03-28'"),
                     1);
    db_close(db);
}

static void test_invalid_dates(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    export_opts o = {.outdir = outdir("bad")};
    g_error err = {0};
    static const char *const bad[] = {"2026-02-29", "2026-13-01", "2026-04-31",
                                      "hier",       "2026-3-28",  "28/03/2026",
                                      "",           "2026-03-30", "2027-01-01"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        g_err_clear(&err);
        assert_int_equal(export_day(db, &cfg, bad[i], &o, NULL, &err), G_ERR_INVALID);
        assert_true(err.msg[0] != 0);
    }
    assert_int_equal(export_day(db, &cfg, "2024-02-29", &o, NULL, &err), G_OK); /* leap day */
    assert_int_equal(export_range(db, &cfg, "2026-03-28", "2026-03-27", &o, NULL, &err),
                     G_ERR_INVALID);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM export_run"), 1);
    db_close(db);
}

static void test_lock_refuses_second_export(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    const char *dir = outdir("lock");
    export_opts o = {.outdir = dir};
    g_error err = {0};
    assert_int_equal(export_day(db, &cfg, "2026-03-27", &o, NULL, &err), G_OK);
    char lock[1024];
    snprintf(lock, sizeof lock, "%s/.guichet-export.lock", dir);
    int fd = open(lock, O_RDWR);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0); /* another export is running */
    assert_int_equal(export_day(db, &cfg, "2026-03-28", &o, NULL, &err), G_ERR_BUSY);
    assert_non_null(strstr(err.msg, "autre export"));
    close(fd);
    assert_int_equal(export_day(db, &cfg, "2026-03-28", &o, NULL, &err), G_OK);
    db_close(db);
}

static void test_leftovers_removed_and_outbox_checks(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    const char *dir = outdir("left");
    assert_int_equal(tu_sh("mkdir -p '%s' && cd '%s' && echo moitie > "
                           "'.guichet-activite-FS-TEST-0001-2026-03-28.csv.0a1b2c3d4e5f.tmp'",
                           dir, dir),
                     0);
    export_opts o = {.outdir = dir};
    export_result res;
    g_error err = {0};
    assert_int_equal(export_day(db, &cfg, "2026-03-28", &o, &res, &err), G_OK);
    assert_int_equal(res.temps_removed, 1);
    assert_int_equal(tu_sh("ls -A '%s' | grep -q '\\.tmp$'", dir), 1);
    /* files carry no permission for others */
    char name[128], path[1024];
    export_file_name("activite", "FS-TEST-0001", "2026-03-28", name, sizeof name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0007, 0);

    /* an outbox that is a file: a clear I/O error */
    const char *f = tu_path("un-fichier");
    assert_int_equal(tu_sh("echo x > '%s'", f), 0);
    o.outdir = f;
    assert_int_equal(export_day(db, &cfg, "2026-03-28", &o, NULL, &err), G_ERR_IO);
    assert_non_null(strstr(err.msg, "un-fichier"));
    /* the outbox is created when missing */
    o.outdir = tu_path("neuf/sous/dossier");
    assert_int_equal(export_day(db, &cfg, "2026-03-28", &o, NULL, &err), G_OK);
    db_close(db);
}

static void test_pseudonym_stable_and_keyed(void **state)
{
    (void)state;
    unsigned char k1[32], k2[32];
    memset(k1, 1, sizeof k1);
    memset(k2, 2, sizeof k2);
    char a[33], b[33], c[33];
    export_pseudonym(k1, "c0ffee00-0000-4000-8000-000000000001", a);
    export_pseudonym(k1, "c0ffee00-0000-4000-8000-000000000001", b);
    export_pseudonym(k2, "c0ffee00-0000-4000-8000-000000000001", c);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c); /* another site's secret: another key */
    assert_int_equal(strlen(a), 32);
    unsigned char h[16];
    char want[33];
    crypto_generichash(h, sizeof h, (const unsigned char *)"c0ffee00-0000-4000-8000-000000000001",
                       36, k1, 32);
    sodium_bin2hex(want, sizeof want, h, sizeof h);
    assert_string_equal(a, want);
}

/* The activity and synthesis rows of files merged or anonymised, of a
 * request without topic, of two topics of one operator and of operator codes
 * written behind guichet's back (the export reads each visitor once per run
 * and the topics of a request in the same pass: the rows must stay those of
 * a per-row join). */
static void test_merged_anonymised_and_odd_topics(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    g_error err = {0};
    static const char more[] =
        "INSERT INTO visitor (id, uuid, last_name, birth_date, anonymised_at, merged_into,"
        " created_at, updated_at) VALUES"
        " (4, 'c0ffee00-0000-4000-8000-000000000004', 'Gardee', '', NULL, NULL, 0, 0),"
        " (3, 'c0ffee00-0000-4000-8000-000000000003', 'Fusionnee', '1990-05-05', NULL, 4, 0, 0),"
        " (5, 'c0ffee00-0000-4000-8000-000000000005', 'Effacee', '1950-01-01', 1, NULL, 0, 0),"
        " (6, 'c0ffee00-0000-4000-8000-000000000006', 'VersEffacee', '1951-01-01', NULL, 5, 0,"
        "  0),"
        " (7, 'c0ffee00-0000-4000-8000-000000000007', 'Retouchee', ' 1970-01-01', NULL, NULL, 0,"
        "  0);"
        "INSERT INTO visit (id, uuid, visitor_id, sex, age_band, commune, arrived_at, ended_at,"
        " state, channel, help_type, autonomy, duration_min, outcome, created_at, updated_at)"
        " VALUES"
        " (10, 'v0000010', 3, 'F', 'non-communique', '58079', unixepoch('2026-03-28 09:00:00'),"
        "  unixepoch('2026-03-28 09:10:00'), 'termine', 'accueil-spontane', 'accompagnement',"
        "  'autonome', 10, 'resolu', 0, 0),"
        " (11, 'v0000011', 5, 'M', 'non-communique', '', unixepoch('2026-03-28 10:00:00'),"
        "  unixepoch('2026-03-28 10:07:00'), 'termine', 'accueil-spontane', 'information',"
        "  'autonome', 7, 'resolu', 0, 0),"
        " (12, 'v0000012', 6, 'M', '60-69', '', unixepoch('2026-03-28 11:00:00'),"
        "  unixepoch('2026-03-28 11:03:00'), 'termine', 'telephone', 'orientation', 'autonome', 3,"
        "  'oriente', 0, 0),"
        " (13, 'v0000013', 3, 'F', 'non-communique', '58079', unixepoch('2026-03-28 15:00:00'),"
        "  unixepoch('2026-03-28 15:05:00'), 'parti', 'accueil-spontane', NULL, NULL, NULL, NULL,"
        "  0, 0),"
        " (14, 'v0000014', 7, 'F', 'non-communique', '58079', unixepoch('2026-03-28 15:10:00'),"
        "  unixepoch('2026-03-28 15:15:00'), 'parti', 'accueil-spontane', NULL, NULL, NULL, NULL,"
        "  0, 0),"
        " (15, 'v0000015', 7, 'F', 'non-communique', '58079', unixepoch('2026-03-28 15:20:00'),"
        "  unixepoch('2026-03-28 15:25:00'), 'parti', 'accueil-spontane', NULL, NULL, NULL, NULL,"
        "  0, 0);"
        "INSERT INTO visit_topic (visit_id, position, operator, family, theme) VALUES"
        " (10, 0, 'caf', NULL, 'famille--garde-denfants'), (10, 1, 'caf', 'social', NULL),"
        " (10, 2, NULL, 'argent', NULL),"
        " (12, 0, 'zz-inconnu', 'argent', NULL), (12, 1, 'yy-inconnu', 'argent', NULL),"
        " (12, 2, 'zz-inconnu', 'social', NULL), (12, 3, NULL, 'social', NULL);";
    if (db_exec(db, more, &err) != G_OK)
        fail_msg("fixture: %s", err.msg);
    const char *dir = outdir("odd");
    export_opts o = {.outdir = dir};
    assert_int_equal(export_day(db, &cfg, "2026-03-28", &o, NULL, &err), G_OK);

    char kept[33], want[1024];
    pseudo_of(db, "c0ffee00-0000-4000-8000-000000000004", kept);
    char *got = day_file(dir, "activite", "2026-03-28");
    /* merged: the kept file's pseudonym, the age band from the merged
     * file's own birth date (35 on that day) */
    snprintf(want, sizeof want,
             "\r\nFS-TEST-0001;2026-03-28;10-12;termine;accueil-spontane;caf;;famille;famille--"
             "garde-denfants;3;"
             "accompagnement;autonome;10;resolu;0;25-39;F;58079;%s\r\n",
             kept);
    if (!strstr(got, want))
        fail_msg("activite lacks the merged file's row:\n%s", got);
    /* anonymised: no pseudonym, no age band from the birth date; no topic */
    assert_non_null(
        strstr(got, "\r\nFS-TEST-0001;2026-03-28;10-12;termine;accueil-spontane;;;;;0;information;"
                    "autonome;7;resolu;0;non-communique;M;;\r\n"));
    /* merged into an anonymised file: no pseudonym either; unknown codes
     * never leave the site */
    assert_non_null(
        strstr(got, "\r\nFS-TEST-0001;2026-03-28;12-14;termine;telephone;;argent;;;4;orientation;"
                    "autonome;3;oriente;0;60-69;M;;\r\n"));
    assert_null(strstr(got, "inconnu"));
    /* the merged file's second request of the day: the same answers */
    snprintf(
        want, sizeof want,
        "\r\nFS-TEST-0001;2026-03-28;16-18;parti;accueil-spontane;;;;;0;;;;;0;25-39;F;58079;%s\r\n",
        kept);
    if (!strstr(got, want))
        fail_msg("activite lacks the merged file's second row:\n%s", got);
    /* a birth date retouched behind guichet's back (a leading space): read
     * as ref_age_band reads the stored text, twice */
    char own[33];
    pseudo_of(db, "c0ffee00-0000-4000-8000-000000000007", own);
    snprintf(
        want, sizeof want,
        "\r\nFS-TEST-0001;2026-03-28;16-18;parti;accueil-spontane;;;;;0;;;;;0;%s;F;58079;%s\r\n",
        ref_age_band(" 1970-01-01", "2026-03-28"), own);
    char *second = strstr(got, want);
    if (!second || !strstr(second + 1, want))
        fail_msg("activite lacks the retouched file's two rows:\n%s", got);
    free(got);

    char *s = day_file(dir, "synthese", "2026-03-28");
    static const char *const lines[] = {
        "\r\nFS-TEST-0001;2026-03-28;total;;;5;50\r\n",
        /* two topics of the CAF: one request for the CAF */
        "\r\nFS-TEST-0001;2026-03-28;operateur;caf;accompagnement;2;35\r\n",
        /* a topic without operator */
        "\r\nFS-TEST-0001;2026-03-28;operateur;aucun;accompagnement;1;10\r\n",
        /* no topic at all */
        "\r\nFS-TEST-0001;2026-03-28;operateur;aucun;information;1;7\r\n",
        /* two distinct unknown codes and a topic without operator */
        "\r\nFS-TEST-0001;2026-03-28;operateur;aucun;orientation;3;9\r\n",
    };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
        if (!strstr(s, lines[i]))
            fail_msg("synthese lacks %s in:\n%s", lines[i] + 2, s);
    free(s);
    db_close(db);
}

/* Statements that read the journal during an export (its head goes into
 * each day's manifest): traced, then their plans checked. */
static char journal_sql[8][512];
static int njournal;

static int journal_trace(unsigned type, void *ctx, void *p, void *x)
{
    (void)ctx;
    (void)x;
    const char *sql = type == SQLITE_TRACE_STMT ? sqlite3_sql((sqlite3_stmt *)p) : NULL;
    if (sql && strstr(sql, "FROM audit ") && njournal < 8)
        snprintf(journal_sql[njournal++], sizeof journal_sql[0], "%s", sql);
    return 0;
}

/* Each exported day's manifest carries the journal's head at the end of the
 * day: found through an index, never by reading the whole journal (half a
 * million entries after ten years, once per day exported: a ten-year
 * re-export took 7 minutes instead of 10 seconds). */
static void test_journal_head_is_found_through_an_index(void **state)
{
    (void)state;
    g_config cfg;
    g_db *db = fixture(&cfg);
    const char *dir = outdir("head");
    export_opts o = {.outdir = dir};
    g_error err = {0};
    njournal = 0;
    sqlite3_trace_v2(db_sql(db), SQLITE_TRACE_STMT, journal_trace, NULL);
    assert_int_equal(export_day(db, &cfg, "2026-03-28", &o, NULL, &err), G_OK);
    sqlite3_trace_v2(db_sql(db), 0, NULL, NULL);
    int checked = 0;
    for (int i = 0; i < njournal; i++) {
        if (!strstr(journal_sql[i], "WHERE at <"))
            continue;
        char *eqp = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", journal_sql[i]);
        sqlite3_stmt *st = NULL;
        assert_int_equal(sqlite3_prepare_v2(db_sql(db), eqp, -1, &st, NULL), SQLITE_OK);
        sqlite3_free(eqp);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *d = (const char *)sqlite3_column_text(st, 3);
            if (strncmp(d, "SCAN audit", 10) == 0)
                fail_msg("the journal is read whole (« %s ») by: %s", d, journal_sql[i]);
        }
        sqlite3_finalize(st);
        checked++;
    }
    assert_true(checked > 0);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_activity_rows),
        cmocka_unit_test(test_synthese_and_appointments),
        cmocka_unit_test(test_merged_anonymised_and_odd_topics),
        cmocka_unit_test(test_orientations),
        cmocka_unit_test(test_the_days_orientations_are_found_by_date),
        cmocka_unit_test(test_no_personal_data),
        cmocka_unit_test(test_dimensions_off),
        cmocka_unit_test(test_catch_up),
        cmocka_unit_test(test_a_long_catch_up_says_how_far_it_is),
        cmocka_unit_test(test_journal_head_is_found_through_an_index),
        cmocka_unit_test(test_nothing_to_do_leaves_the_outbox_alone),
        cmocka_unit_test(test_brand_new_site_starts_at_creation),
        cmocka_unit_test(test_trial_export_does_not_count),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_manifest_and_journal),
        cmocka_unit_test(test_invalid_dates),
        cmocka_unit_test(test_lock_refuses_second_export),
        cmocka_unit_test(test_leftovers_removed_and_outbox_checks),
        cmocka_unit_test(test_pseudonym_stable_and_keyed),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
