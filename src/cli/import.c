/* import.c — `guichet import services|structures FICHIER [--dry-run]
 * [--skip-bad-rows]`: loads the directory from the files data·inclusion
 * publishes (CSV or JSON) or guichet's own CSV (include/guichet/import.h),
 * and `guichet import rdv-service-public FICHIER.csv`: the appointments of
 * RDV Service Public into the agenda statistics (rdvsp.h), and `guichet
 * import communes v_commune_AAAA.csv`: INSEE's list of communes (commune.h).
 *
 * All or nothing by default: a file with any bad row imports nothing, every
 * bad row is listed on stderr and the exit status is 3. With --skip-bad-rows
 * the good rows are imported and the bad ones written beside the file.
 * Columns guichet does not use are named once; opening hours it cannot read
 * are kept with a warning. Journaled as services-import / structures-import. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "guichet/commune.h"
#include "guichet/i18n.h"
#include "guichet/import.h"
#include "guichet/normalize.h"
#include "guichet/rdvsp.h"

#define USAGE                                                                                      \
    N_("guichet import services|structures FICHIER.csv|FICHIER.json [--dry-run] "                  \
       "[--skip-bad-rows], guichet import rdv-service-public FICHIER.csv [--dry-run], ou "         \
       "guichet import communes v_commune_AAAA.csv")

#define WARNINGS_SHOWN 20

static void print_lines(const import_result *res, const import_problem *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, res->json ? _("objet n° %d : %s\n") : _("ligne %d : %s\n"), list[i].line,
                list[i].msg);
}

/* The ignored columns, then the bad rows (when with_problems) and the
 * warnings, in the file's order. */
static void print_notes(const import_result *res, int with_problems)
{
    if (res->nignored)
        fprintf(stderr,
                P_("%d colonne ignorée : %s.\n", "%d colonnes ignorées : %s.\n", res->nignored),
                res->nignored, res->ignored);
    size_t shown = res->nwarning < WARNINGS_SHOWN ? res->nwarning : WARNINGS_SHOWN;
    size_t np = with_problems ? res->nproblem : 0, i = 0, j = 0;
    while (i < np || j < shown) {
        if (j >= shown || (i < np && res->problems[i].line <= res->warnings[j].line))
            print_lines(res, &res->problems[i++], 1);
        else
            print_lines(res, &res->warnings[j++], 1);
    }
    if (with_problems && res->not_utf8 > 1)
        fprintf(stderr,
                _("%d lignes ne sont pas en UTF-8 : le fichier a sans doute été enregistré dans "
                  "un autre codage (Windows-1252…). Enregistrez-le en « CSV UTF-8 » depuis le "
                  "tableur, puis recommencez.\n"),
                res->not_utf8);
    if (res->warnings_total > (int)shown)
        fprintf(stderr,
                P_("… et %d autre avertissement.\n", "… et %d autres avertissements.\n",
                   res->warnings_total - (int)shown),
                res->warnings_total - (int)shown);
}

static int import_directory_cmd(cli_ctx *ctx, import_kind kind, const char *path,
                                const import_options *opt)
{
    g_db *db = NULL;
    int rc = cli_open_db(ctx, &db);
    if (rc != 0)
        return rc;
    import_result res;
    g_error err = {0};
    g_status s = import_file(db, kind, path, opt, 0, &res, &err);
    db_close(db);
    print_notes(&res, 1);
    if (s != G_OK) {
        import_result_free(&res);
        return cli_report(&err);
    }
    if (res.nproblem) {
        /* --skip-bad-rows: where the rows left out went */
        if (res.rejects[0])
            fprintf(stderr,
                    P_("%d ligne refusée, écrite avec sa raison dans %s.\n",
                       "%d lignes refusées, écrites avec leur raison dans %s.\n", res.rejected),
                    res.rejected, res.rejects);
        else
            fprintf(stderr,
                    P_("%d ligne serait refusée.\n", "%d lignes seraient refusées.\n",
                       (int)res.nproblem),
                    (int)res.nproblem);
    }
    int total = res.created + res.updated + res.unchanged;
    char created[64], unchanged[64], counts[256];
    if (kind == IMPORT_STRUCTURES) { /* une structure : feminine */
        snprintf(created, sizeof created, P_("%d créée", "%d créées", res.created), res.created);
        snprintf(unchanged, sizeof unchanged, P_("%d inchangée", "%d inchangées", res.unchanged),
                 res.unchanged);
        snprintf(counts, sizeof counts,
                 P_("%s, %d mise à jour, %s", "%s, %d mises à jour, %s", res.updated), created,
                 res.updated, unchanged);
    } else {
        snprintf(created, sizeof created, P_("%d créé", "%d créés", res.created), res.created);
        snprintf(unchanged, sizeof unchanged, P_("%d inchangé", "%d inchangés", res.unchanged),
                 res.unchanged);
        snprintf(counts, sizeof counts, _("%s, %d mis à jour, %s"), created, res.updated,
                 unchanged);
    }
    if (kind == IMPORT_STRUCTURES) {
        if (opt->dry_run)
            printf(P_("Vérification réussie : %d structure serait importée (%s). Rien n'a été "
                      "écrit.\n",
                      "Vérification réussie : %d structures seraient importées (%s). Rien n'a "
                      "été écrit.\n",
                      total),
                   total, counts);
        else {
            char renamed[160];
            snprintf(renamed, sizeof renamed,
                     P_("%d service porte désormais le nom de sa structure",
                        "%d services portent désormais le nom de leur structure", res.renamed),
                     res.renamed);
            printf(P_("%d structure importée (%s) ; %s.\n", "%d structures importées (%s) ; %s.\n",
                      total),
                   total, counts, renamed);
        }
    } else if (opt->dry_run) {
        printf(P_("Vérification réussie : %d service serait importé (%s). Rien n'a été écrit.\n",
                  "Vérification réussie : %d services seraient importés (%s). Rien n'a été "
                  "écrit.\n",
                  total),
               total, counts);
    } else {
        printf(P_("%d service importé (%s).\n", "%d services importés (%s).\n", total), total,
               counts);
    }
    import_result_free(&res);
    return 0;
}

static int import_rdvsp_cmd(cli_ctx *ctx, const char *path, int dry_run)
{
    g_db *db = NULL;
    int rc = cli_open_db(ctx, &db);
    if (rc != 0)
        return rc;
    rdvsp_result res;
    g_error err = {0};
    g_status s = rdvsp_import(db, path, dry_run, 0, &res, &err);
    db_close(db);
    if (s != G_OK) {
        print_lines(&res.rows, res.rows.problems, res.rows.nproblem);
        import_result_free(&res.rows);
        return cli_report(&err);
    }
    const import_result *r = &res.rows;
    int total = r->created + r->updated + r->unchanged;
    char first[11], last[11];
    normalize_date_display(res.first_day, first);
    normalize_date_display(res.last_day, last);
    if (dry_run)
        printf(P_("Vérification réussie : %d rendez-vous serait importé (%d nouveau, %d mis à "
                  "jour, %d inchangé). Rien n'a été écrit.\n",
                  "Vérification réussie : %d rendez-vous seraient importés (%d nouveaux, %d mis à "
                  "jour, %d inchangés). Rien n'a été écrit.\n",
                  total),
               total, r->created, r->updated, r->unchanged);
    else
        printf(P_("%d rendez-vous de RDV Service Public importé (%d nouveau, %d mis à jour, %d "
                  "inchangé), du %s au %s.\n",
                  "%d rendez-vous de RDV Service Public importés (%d nouveaux, %d mis à jour, %d "
                  "inchangés), du %s au %s.\n",
                  total),
               total, r->created, r->updated, r->unchanged, first, last);
    if (res.nunmapped) {
        fprintf(stderr, "%s\n",
                _("Services sans partenaire national reconnu (voir "
                  "data/reference/services-rdv-service-public.csv) :"));
        for (int i = 0; i < res.nunmapped; i++)
            fprintf(stderr,
                    P_("  %s : %d rendez-vous\n", "  %s : %d rendez-vous\n", res.unmapped[i].count),
                    res.unmapped[i].service, res.unmapped[i].count);
    }
    import_result_free(&res.rows);
    return 0;
}

static int import_communes_cmd(cli_ctx *ctx, const char *path)
{
    g_db *db = NULL;
    int rc = cli_open_db(ctx, &db);
    if (rc != 0)
        return rc;
    commune_import_result res;
    g_error err = {0};
    g_status s = commune_import(db, path, 0, &res, &err);
    db_close(db);
    if (s != G_OK) {
        fprintf(stderr, "%s\n",
                _("Rien n'a été importé : la liste des communes reste celle d'avant."));
        return cli_report(&err);
    }
    printf(_("Liste des communes importée : %d communes, %d arrondissements municipaux, %d "
             "anciens noms (communes déléguées ou associées).\n"),
           res.communes, res.arrondissements, res.aliases);
    return 0;
}

int cli_import(cli_ctx *ctx, int argc, char **argv)
{
    const char *kind = NULL, *path = NULL;
    import_options opt = {0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dry-run") == 0)
            opt.dry_run = 1;
        else if (strcmp(argv[i], "--skip-bad-rows") == 0)
            opt.skip_bad_rows = 1;
        else if (argv[i][0] == '-' && argv[i][1])
            return cli_usage("import", _("option inconnue « %s »."), argv[i]);
        else if (!kind)
            kind = argv[i];
        else if (!path)
            path = argv[i];
        else
            return cli_usage("import", _("un seul fichier attendu : %s."), _(USAGE));
    }
    if (!kind)
        return cli_usage("import", _("indiquez ce qu'il faut importer : %s."), _(USAGE));
    int services = strcmp(kind, "services") == 0, structures = strcmp(kind, "structures") == 0;
    int rdv = strcmp(kind, "rdv-service-public") == 0, communes = strcmp(kind, "communes") == 0;
    if (!services && !structures && !rdv && !communes)
        return cli_usage("import", _("« %s » ne peut pas être importé : %s."), kind, _(USAGE));
    if (!path)
        return cli_usage("import", _("indiquez le fichier : %s."), _(USAGE));
    if (communes) {
        if (opt.skip_bad_rows || opt.dry_run)
            return cli_usage("import", "%s",
                             _("la liste des communes s'importe entière : ni --dry-run ni "
                               "--skip-bad-rows."));
        return import_communes_cmd(ctx, path);
    }
    if (rdv) {
        if (opt.skip_bad_rows)
            return cli_usage("import", "%s",
                             _("--skip-bad-rows ne vaut que pour services et structures."));
        return import_rdvsp_cmd(ctx, path, opt.dry_run);
    }
    return import_directory_cmd(ctx, services ? IMPORT_SERVICES : IMPORT_STRUCTURES, path, &opt);
}
