/* export.c — `guichet export`: the nightly CSV files for the funding
 * partners (core: src/core/export.c, format: docs/export-format.md,
 * installation: docs/export-installation.md), and `guichet export ics …`
 * (the agenda's iCalendar export, see cli_export_ics), and `guichet export
 * cle-publique` (the public key that checks the manifests' signatures).
 *
 *   guichet export [--date AAAA-MM-JJ | --from AAAA-MM-JJ [--to AAAA-MM-JJ]]
 *                  [--out DOSSIER] [--wait SECONDES] [--verbose]
 *
 * Without a date: every day not yet exported up to yesterday (catch-up).
 * Quiet on success (cron mails nothing); --verbose prints one summary line.
 * Every run writes one line to the system journal (runlog.h): counts and
 * days only.
 * Exit status: 0 done (or nothing to do), 2 usage, 3 impossible date or day
 * not over, 4 no database / no site, 6 another export is running (after
 * --wait seconds, default 120), 7 database refused, 8 file error (outbox not
 * writable, disk full), 9 internal error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "guichet/clock.h"
#include "guichet/export.h"
#include "guichet/i18n.h"
#include "guichet/runlog.h"
#include "guichet/site.h"

#define EXPORT_DEFAULT_WAIT 120

/* `guichet export ics …`: the agenda's iCalendar export, src/cli/export_ics.c. */
int cli_export_ics(cli_ctx *ctx, int argc, char **argv);

/* `guichet export cle-publique`: the site's public key for the manifests'
 * signatures, as PEM, for the funders (docs/export-format.md). */
static int cli_export_public_key(cli_ctx *ctx, int argc, char **argv)
{
    if (argc > 1) {
        if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
            printf("%s\n%s\n", _("usage : guichet export cle-publique"),
                   _("Affiche la clé publique du site (PEM) qui vérifie la signature des "
                     "manifestes d'export.\nVérification : docs/export-format.md."));
            return 0;
        }
        fprintf(stderr, _("guichet export : argument inattendu « %s ».\n"), argv[1]);
        return cli_usage("export", "%s", _("usage : guichet export cle-publique"));
    }
    g_db *db = NULL;
    int rc = cli_open_db(ctx, &db);
    if (rc != 0)
        return rc;
    g_error err = {0};
    unsigned char pk[32];
    g_status s = export_public_key(db, pk, &err);
    db_close(db);
    if (s != G_OK)
        return cli_report(&err);
    char pem[160];
    export_public_key_pem(pk, pem, sizeof pem);
    fputs(pem, stdout);
    return 0;
}

static int usage_line(void)
{
    return cli_usage("export", "%s",
                     _("usage : guichet export [--date DATE | --from DATE [--to DATE]] [--out "
                       "DOSSIER] [--wait SECONDES] [--verbose] (DATE : JJ/MM/AAAA ou AAAA-MM-JJ)"));
}

static void summary(const export_result *res)
{
    if (res->days == 0) {
        printf(_("export : rien à exporter, tout est à jour (%s).\n"), res->outdir);
        return;
    }
    if (res->days == 1)
        printf(_("export : 1 jour (%s), %lld lignes, %d fichiers dans %s"), res->first_day,
               (long long)res->rows, res->files, res->outdir);
    else
        printf(_("export : %d jours (%s au %s), %lld lignes, %d fichiers dans %s"), res->days,
               res->first_day, res->last_day, (long long)res->rows, res->files, res->outdir);
    if (res->temps_removed > 0)
        printf(_(" ; %d fichier(s) temporaire(s) d'un export interrompu effacé(s)"),
               res->temps_removed);
    printf(".\n");
}

int cli_export(cli_ctx *ctx, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "ics") == 0)
        return cli_export_ics(ctx, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "cle-publique") == 0)
        return cli_export_public_key(ctx, argc - 1, argv + 1);

    const char *date = NULL, *from = NULL, *to = NULL, *out = NULL;
    int verbose = 0, wait = EXPORT_DEFAULT_WAIT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
            verbose = 1;
        } else if (strcmp(a, "--date") == 0 && has_value) {
            date = argv[++i];
        } else if (strcmp(a, "--from") == 0 && has_value) {
            from = argv[++i];
        } else if (strcmp(a, "--to") == 0 && has_value) {
            to = argv[++i];
        } else if (strcmp(a, "--out") == 0 && has_value) {
            out = argv[++i];
            if (!*out)
                return cli_usage("export", "%s", _("--out attend un dossier."));
        } else if (strcmp(a, "--wait") == 0 && has_value) {
            char *end = NULL;
            long v = strtol(argv[++i], &end, 10);
            if (!*argv[i] || *end || v < 0 || v > 86400)
                return cli_usage("export",
                                 _("--wait attend un nombre de secondes (0 à 86400), "
                                   "pas « %s »."),
                                 argv[i]);
            wait = (int)v;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            printf("%s\n%s\n",
                   _("usage : guichet export [--date DATE | --from DATE [--to DATE]] [--out "
                     "DOSSIER] [--wait SECONDES] [--verbose] (DATE : JJ/MM/AAAA ou AAAA-MM-JJ)"),
                   _("Sans date : exporte chaque jour pas encore exporté jusqu'à hier.\n"
                     "Format des fichiers : docs/export-format.md."));
            return 0;
        } else if (a[0] == '-') {
            fprintf(stderr, _("guichet export : option inconnue ou incomplète « %s ».\n"), a);
            return usage_line();
        } else {
            fprintf(stderr, _("guichet export : argument inattendu « %s ».\n"), a);
            return usage_line();
        }
    }
    if (date && (from || to))
        return cli_usage("export", "%s",
                         _("--date ne se combine pas avec --from / --to : choisissez un jour ou "
                           "une période."));
    if (to && !from)
        return cli_usage("export", "%s", _("--to demande aussi --from."));

    /* JJ/MM/AAAA as well as AAAA-MM-JJ: the core takes the latter */
    char date_iso[11], from_iso[11], to_iso[11];
    int rc;
    if ((date && (rc = cli_date(date, date_iso)) != 0) ||
        (from && (rc = cli_date(from, from_iso)) != 0) || (to && (rc = cli_date(to, to_iso)) != 0))
        return rc;
    date = date ? date_iso : NULL;
    from = from ? from_iso : NULL;
    to = to ? to_iso : NULL;
    g_db *db = NULL;
    if ((rc = cli_open_db(ctx, &db)) != 0)
        return rc;
    g_error err = {0};
    if (site_apply_zone(db, &err) != G_OK) {
        db_close(db);
        return cli_report(&err);
    }

    export_opts opts = {.outdir = out, .user_id = 0, .wait_seconds = wait};
    export_result res;
    memset(&res, 0, sizeof res);
    g_status s;
    if (date) {
        s = export_day(db, &ctx->cfg, date, &opts, &res, &err);
    } else if (from) {
        s = export_range(db, &ctx->cfg, from, to, &opts, &res, &err);
    } else {
        s = export_pending(db, &ctx->cfg, &opts, &res, &err);
    }
    db_close(db);
    /* the journal's line: numbers and days, never a path or a message */
    if (s != G_OK)
        runlog_write(1, 1, _("export : échec (%s, code %d) après %d jour(s) écrit(s), %lld lignes"),
                     g_status_label(s), g_status_exit_code(s), res.days, (long long)res.rows);
    else if (res.days == 0)
        runlog_write(0, 0, "%s", _("export : rien à exporter, tout est à jour"));
    else
        runlog_write(0, 0, _("export : %d jour(s) (%s au %s), %lld lignes, %d fichiers"), res.days,
                     res.first_day, res.last_day, (long long)res.rows, res.files);
    if (s != G_OK) {
        if (res.days > 0)
            fprintf(stderr, _("guichet : export : %d jour(s) écrit(s) (%s au %s) avant l'échec.\n"),
                    res.days, res.first_day, res.last_day);
        if (res.failed_day[0])
            fprintf(stderr, _("guichet : export du %s impossible.\n"), res.failed_day);
        return cli_report(&err);
    }
    if (verbose)
        summary(&res);
    return 0;
}
