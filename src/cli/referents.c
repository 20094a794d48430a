/* referents.c — `guichet referents`: the partners' back-office referents
 * (core: src/core/referent.c, docs/referents.md).
 *
 *   guichet referents list [--operateur CODE | --service CLÉ] [--date AAAA-MM-JJ]
 *                          [--historique]
 *   guichet referents export --out FICHIER.csv
 *   guichet referents import FICHIER.csv [--dry-run]
 *   (import also takes --as IDENTIFIANT [--password-stdin] or --local-admin, see cli/actor.h)
 *
 * CLÉ is the service's "source:identifiant" as in the directory's import
 * and the export. The CSV columns are documented in docs/referents.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/actor.h"
#include "cli/cli.h"
#include "guichet/clock.h"
#include "guichet/directory.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/ref.h"
#include "guichet/referent.h"
#include "guichet/site.h"

#define CMD "referents"

static int usage(const char *fmt, const char *arg)
{
    cli_usage(CMD, fmt, arg);
    fprintf(stderr, "%s",
            _("Usage : guichet referents list [--operateur CODE | --service CLÉ] [--date "
              "AAAA-MM-JJ] [--historique]\n"
              "        guichet referents export --out FICHIER.csv\n"
              "        guichet referents import FICHIER.csv [--dry-run]\n"
              "               (--as IDENTIFIANT [--password-stdin] | --local-admin)\n"));
    return CLI_EXIT_USAGE;
}

static void heading_of(const referent *r, char *buf, size_t size)
{
    const ref_operator *o = r->operator_code[0] ? ref_operator_find(r->operator_code) : NULL;
    if (o)
        snprintf(buf, size, "%s — %s", o->name, o->label);
    else
        snprintf(buf, size, _("%s (service local %s)"), r->service_name, r->service_key);
}

static int cmd_list(g_db *db, const char *op, const char *service, const char *day, int history)
{
    g_error err = {0};
    referent_filter f = {.operator_code = op, .day = day, .history = history};
    char iso[11] = "";
    if (day) {
        int rc = cli_date(day, iso);
        if (rc != 0)
            return rc;
        f.day = iso;
    }
    if (op && !ref_operator_find(op)) {
        g_err(&err, G_ERR_INVALID, _("Opérateur « %s » inconnu (codes : caf, cpam, …)."), op);
        return cli_report(&err);
    }
    if (service) {
        const char *colon = strchr(service, ':');
        g_service *s = calloc(1, sizeof *s);
        char source[64];
        if (!s) {
            g_err(&err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
            return cli_report(&err);
        }
        if (!colon || (size_t)(colon - service) >= sizeof source) {
            free(s);
            g_err(
                &err, G_ERR_INVALID,
                _("Service « %s » : la clé s'écrit source:identifiant (ex. local:mission-locale)."),
                service);
            return cli_report(&err);
        }
        snprintf(source, sizeof source, "%.*s", (int)(colon - service), service);
        g_status st = directory_get_by_source(db, source, colon + 1, s, &err);
        f.service_id = s->id;
        free(s);
        if (st != G_OK)
            return cli_report(&err);
    }
    referent *v = NULL;
    size_t n = 0;
    if (referent_list(db, &f, &v, &n, &err) != G_OK)
        return cli_report(&err);
    if (n == 0)
        printf("%s\n", history ? _("Aucun référent enregistré.")
                               : _("Aucun référent en fonction (« --historique » montre aussi les "
                                   "anciens)."));
    char last[600] = "";
    for (size_t i = 0; i < n; i++) {
        char head[600];
        heading_of(&v[i], head, sizeof head);
        if (strcmp(head, last) != 0) {
            printf("%s%s\n", i ? "\n" : "", head);
            snprintf(last, sizeof last, "%s", head);
        }
        char card[2048], from[11], to[11];
        referent_describe(&v[i], -1, 76, card, sizeof card); /* the period: below */
        normalize_date_display(v[i].valid_from, from);
        normalize_date_display(v[i].valid_to, to);
        /* the card's lines, indented under the heading */
        for (char *p = card, *nl; *p; p = nl + 1) {
            nl = strchr(p, '\n');
            if (!nl)
                break;
            printf("  %.*s\n", (int)(nl - p), p);
        }
        if (v[i].valid_to[0])
            printf(_("    En fonction du %s au %s"), from, to);
        else
            printf(_("    En fonction depuis le %s"), from);
        if (v[i].replaces_id) {
            for (size_t j = 0; j < n; j++)
                if (v[j].id == v[i].replaces_id)
                    printf(_(", remplace %s"), v[j].name);
        }
        printf("\n    %s\n", v[i].uuid);
    }
    free(v);
    return 0;
}

static int cmd_export(cli_ctx *ctx, g_db *db, const char *out)
{
    int64_t rows = 0;
    g_error err = {0};
    if (referent_export(db, &ctx->cfg, out, &rows, &err) != G_OK)
        return cli_report(&err);
    printf(P_("%lld référent écrit dans %s.\n", "%lld référents écrits dans %s.\n",
              (unsigned long)rows),
           (long long)rows, out);
    return 0;
}

static int cmd_import(g_db *db, int64_t actor, const char *path, int dry_run)
{
    referent_import_result res;
    g_error err = {0};
    g_status s = referent_import(db, actor, path, dry_run, &res, &err);
    if (s != G_OK) {
        for (size_t i = 0; i < res.nproblem; i++)
            fprintf(stderr, _("ligne %d : %s\n"), res.problems[i].line, res.problems[i].msg);
        referent_import_result_free(&res);
        return cli_report(&err);
    }
    printf(dry_run ? _("Vérification réussie : %d créé(s), %d remplacé(s), %d mis à jour, %d "
                       "inchangé(s). Rien n'a été écrit.\n")
                   : _("Référents importés : %d créé(s), %d remplacé(s), %d mis à jour, %d "
                       "inchangé(s).\n"),
           res.created, res.replaced, res.updated, res.unchanged);
    referent_import_result_free(&res);
    return 0;
}

int cli_referents(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2)
        return usage("%s", _("sous-commande manquante."));
    const char *sub = argv[1];
    const char *op = NULL, *service = NULL, *day = NULL, *out = NULL, *path = NULL;
    int history = 0, dry_run = 0;
    cli_actor_opts actor = {0};
    int is_list = strcmp(sub, "list") == 0, is_export = strcmp(sub, "export") == 0,
        is_import = strcmp(sub, "import") == 0;
    if (!is_list && !is_export && !is_import)
        return usage(_("sous-commande inconnue « %s »."), sub);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc && argv[i + 1][0];
        if (is_import) {
            int r = cli_actor_option(CMD, argc, argv, &i, &actor);
            if (r < 0)
                return CLI_EXIT_USAGE;
            if (r > 0)
                continue;
        }
        if (is_list && strcmp(a, "--operateur") == 0 && has)
            op = argv[++i];
        else if (is_list && strcmp(a, "--service") == 0 && has)
            service = argv[++i];
        else if (is_list && strcmp(a, "--date") == 0 && has)
            day = argv[++i];
        else if (is_list && strcmp(a, "--historique") == 0)
            history = 1;
        else if (is_export && strcmp(a, "--out") == 0 && has)
            out = argv[++i];
        else if (is_import && strcmp(a, "--dry-run") == 0)
            dry_run = 1;
        else if (is_import && a[0] != '-' && !path)
            path = a;
        else
            return usage(_("argument inattendu ou incomplet « %s »."), a);
    }
    if (op && service)
        return usage("%s", _("--operateur ou --service, pas les deux."));
    if (is_export && !out)
        return usage("%s", _("export : --out FICHIER.csv est obligatoire."));
    if (is_import && !path)
        return usage("%s", _("import : indiquez le fichier CSV."));
    g_db *db = NULL;
    int rc = cli_open_db(ctx, &db);
    if (rc != 0)
        return rc;
    g_error err = {0};
    if (site_apply_zone(db, &err) != G_OK) {
        rc = cli_report(&err);
    } else if (is_list) {
        rc = cmd_list(db, op, service, day, history);
    } else if (is_export) {
        rc = cmd_export(ctx, db, out);
    } else {
        int64_t id = 0;
        if ((rc = cli_actor_resolve(ctx, db, &actor, "referents import", &id)) == 0)
            rc = cmd_import(db, id, path, dry_run);
    }
    db_close(db);
    return rc;
}
