/* import.c — `guichet import services FICHIER.csv [--dry-run]`: loads the
 * directory of services from a data·inclusion-style CSV (see
 * include/guichet/import.h). All or nothing: a file with any bad line imports
 * nothing, every bad line is listed on stderr and the exit status is 3.
 * Journaled as `services-import`. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "guichet/i18n.h"
#include "guichet/import.h"

static int import_services_cmd(cli_ctx *ctx, const char *path, int dry_run)
{
    g_db *db = NULL;
    int rc = cli_open_db(ctx, &db);
    if (rc != 0)
        return rc;
    import_result res;
    g_error err = {0};
    g_status s = import_services(db, path, dry_run, 0, &res, &err);
    db_close(db);
    if (s != G_OK) {
        for (size_t i = 0; i < res.nproblem; i++)
            fprintf(stderr, _("ligne %d : %s\n"), res.problems[i].line, res.problems[i].msg);
        import_result_free(&res);
        return cli_report(&err);
    }
    int total = res.created + res.updated + res.unchanged;
    char created[64], unchanged[64], counts[256];
    snprintf(created, sizeof created, P_("%d créé", "%d créés", res.created), res.created);
    snprintf(unchanged, sizeof unchanged, P_("%d inchangé", "%d inchangés", res.unchanged),
             res.unchanged);
    snprintf(counts, sizeof counts, _("%s, %d mis à jour, %s"), created, res.updated, unchanged);
    if (dry_run)
        printf(P_("Vérification réussie : %d service serait importé (%s). Rien n'a été écrit.\n",
                  "Vérification réussie : %d services seraient importés (%s). Rien n'a été "
                  "écrit.\n",
                  total),
               total, counts);
    else
        printf(P_("%d service importé (%s).\n", "%d services importés (%s).\n", total), total,
               counts);
    import_result_free(&res);
    return 0;
}

int cli_import(cli_ctx *ctx, int argc, char **argv)
{
    const char *kind = NULL, *path = NULL;
    int dry_run = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dry-run") == 0)
            dry_run = 1;
        else if (argv[i][0] == '-' && argv[i][1])
            return cli_usage("import", _("option inconnue « %s »."), argv[i]);
        else if (!kind)
            kind = argv[i];
        else if (!path)
            path = argv[i];
        else
            return cli_usage("import", "%s",
                             _("un seul fichier attendu : guichet import services FICHIER.csv "
                               "[--dry-run]."));
    }
    if (!kind || strcmp(kind, "services") != 0)
        return cli_usage("import", "%s",
                         kind ? _("seul « services » peut être importé : guichet import services "
                                  "FICHIER.csv [--dry-run].")
                              : _("indiquez ce qu'il faut importer : guichet import services "
                                  "FICHIER.csv [--dry-run]."));
    if (!path)
        return cli_usage("import", "%s",
                         _("indiquez le fichier : guichet import services FICHIER.csv "
                           "[--dry-run]."));
    return import_services_cmd(ctx, path, dry_run);
}
