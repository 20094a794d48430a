/* stats.c — `guichet stats`: the charts of the Statistiques screen over a
 * period, as one CSV file or as text (core: src/core/observe.c,
 * docs/statistiques.md).
 *
 *   guichet stats --periode PÉRIODE [--out FICHIER.csv]
 *
 * PÉRIODE as `guichet enquete` (period.h). With --out, every chart is
 * written to one CSV file (a `graphique` column names the chart); without,
 * the charts are printed as text. Counts only: no row is ever one person. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "guichet/i18n.h"
#include "guichet/observe.h"
#include "guichet/period.h"
#include "guichet/site.h"
#include "guichet/utf8.h"

#define CMD "stats"

static int usage(const char *fmt, const char *arg)
{
    cli_usage(CMD, fmt, arg);
    fprintf(stderr, "%s",
            _("Usage : guichet stats --periode PÉRIODE [--out FICHIER.csv]\n"
              "PÉRIODE : 2026-03 (un mois), 2026-T1 (un trimestre), 2026 (une année), "
              "2026-03-05 (un jour)\n"
              "          ou 2026-01-01..2026-03-31.\n"));
    return CLI_EXIT_USAGE;
}

static const char *label_of(const observe_row *row)
{
    return row->translate ? _(row->label) : row->label;
}

/* label cut or padded to 40 terminal columns (accents and wide characters
 * measured, not bytes) */
static const char *padded(const char *label, char *buf, size_t size)
{
    char fit[256];
    int w = utf8_fit(cli_text(label), 40, 1, fit, sizeof fit);
    snprintf(buf, size, "%s%*s", fit, 40 - w, "");
    return buf;
}

/* value / total as a rounded whole percentage (0 when total is 0), as the
 * screen shows it */
static int64_t percent(int64_t value, int64_t total)
{
    return total > 0 ? (value * 200 + total) / (2 * total) : 0;
}

/* The charts as text: one block per chart, a line per bar with its count
 * and share (or rate). */
static void print_report(const observe_report *r)
{
    char words[64];
    period_describe(r->from, r->to, words, sizeof words);
    printf(_("Observation du territoire %s\n"), words);
    printf(_("Arrivées : %d, dont %d en dehors des heures d'ouverture.\n"), r->arrivals_total,
           r->closed_total);
    if (r->hours_error[0])
        printf("%s\n", r->hours_error);
    printf(_("Demandes closes : %d.\n"), r->requests);
    if (r->wait_median >= 0)
        printf(P_("Attente médiane avant d'être reçu : %d min (%d personne reçue au guichet).\n",
                  "Attente médiane avant d'être reçu : %d min (%d personnes reçues au guichet).\n",
                  r->waited),
               r->wait_median, r->waited);
    for (int i = 0; i < OBS_CHARTS; i++) {
        const observe_chart *c = &r->chart[i];
        printf("\n%s\n", _(c->title));
        for (size_t k = 0; k < c->n; k++) {
            const observe_row *row = &c->rows[k];
            char pad[300];
            if (c->kind == OBSERVE_RATE) {
                printf("  %s %6lld / %-6lld %3lld %%\n", padded(label_of(row), pad, sizeof pad),
                       (long long)row->value, (long long)row->ref,
                       (long long)percent(row->value, row->ref));
            } else {
                if (!row->value)
                    continue;
                printf("  %s %6lld %3lld %%\n", padded(label_of(row), pad, sizeof pad),
                       (long long)row->value, (long long)percent(row->value, c->total));
            }
        }
    }
}

int cli_stats(cli_ctx *ctx, int argc, char **argv)
{
    const char *period = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
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
    g_db *db = NULL;
    int rc = cli_open_db(ctx, &db);
    if (rc != 0)
        return rc;
    g_error err = {0};
    char from[11], to[11];
    int64_t rows = 0;
    observe_report r;
    memset(&r, 0, sizeof r);
    if (site_apply_zone(db, &err) != G_OK || period_parse(period, from, to, &err) != G_OK ||
        observe_compute(db, &ctx->cfg, from, to, &r, &err) != G_OK ||
        (out && observe_write_csv(db, &ctx->cfg, 0, &r, out, &rows, &err) != G_OK)) {
        observe_free(&r);
        db_close(db);
        return cli_report(&err);
    }
    db_close(db);
    if (out) {
        char words[64];
        period_describe(from, to, words, sizeof words);
        printf(_("Statistiques %s : %d arrivées, %d demandes closes ; %lld lignes (des nombres "
                 "seulement) écrites dans %s.\n"),
               words, r.arrivals_total, r.requests, (long long)rows, out);
    } else {
        print_report(&r);
    }
    observe_free(&r);
    return 0;
}
