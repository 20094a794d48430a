/* enquete.c — `guichet enquete export`: the periodic anonymous survey of
 * usefulness and satisfaction, counts only (core: src/core/satisfaction.c,
 * docs/enquete.md).
 *
 *   guichet enquete export --periode PÉRIODE --out FICHIER.csv
 *
 * PÉRIODE: 2026-03, 2026-T1, 2026, 2026-03-05 or 2026-01-01..2026-03-31
 * (period.h). The file holds counts only: no row is ever one person. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/period.h"
#include "guichet/satisfaction.h"
#include "guichet/site.h"

#define CMD "enquete"

static int usage(const char *fmt, const char *arg)
{
    cli_usage(CMD, fmt, arg);
    fprintf(stderr, "%s",
            _("Usage : guichet enquete export --periode PÉRIODE --out FICHIER.csv\n"
              "PÉRIODE : 2026-03 (un mois), 2026-T1 (un trimestre), 2026 (une année), "
              "2026-03-05 (un jour)\n"
              "          ou 2026-01-01..2026-03-31.\n"));
    return CLI_EXIT_USAGE;
}

int cli_enquete(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2)
        return usage("%s", _("sous-commande manquante."));
    if (strcmp(argv[1], "export") != 0)
        return usage(_("sous-commande inconnue « %s »."), argv[1]);
    const char *period = NULL, *out = NULL;
    for (int i = 2; i < argc; i++) {
        int has = i + 1 < argc && argv[i + 1][0];
        if (strcmp(argv[i], "--periode") == 0 && has)
            period = argv[++i];
        else if (strcmp(argv[i], "--out") == 0 && has)
            out = argv[++i];
        else
            return usage(_("argument inattendu ou incomplet « %s »."), argv[i]);
    }
    if (!period)
        return usage("%s", _("--periode est obligatoire."));
    if (!out)
        return usage("%s", _("--out FICHIER.csv est obligatoire."));
    g_db *db = NULL;
    int rc = cli_open_db(ctx, &db);
    if (rc != 0)
        return rc;
    g_error err = {0};
    char from[11], to[11];
    int64_t rows = 0;
    satisfaction_report r;
    if (site_apply_zone(db, &err) != G_OK || period_parse(period, from, to, &err) != G_OK ||
        satisfaction_export(db, &ctx->cfg, 0, from, to, out, &rows, &err) != G_OK ||
        satisfaction_compute(db, from, to, &r, &err) != G_OK) {
        db_close(db);
        return cli_report(&err);
    }
    db_close(db);
    char words[64];
    period_describe(from, to, words, sizeof words);
    printf(_("Enquête %s : %d demandes closes, %d avis recueillis ; %lld lignes (des nombres "
             "seulement) écrites dans %s.\n"),
           words, r.total.closed, r.total.answers, (long long)rows, out);
    return 0;
}
