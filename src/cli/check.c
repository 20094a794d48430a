/* check.c — `guichet check`: integrity_check, foreign_key_check, the
 * journal's hash chain and head, the -wal file, and the journal heads
 * recorded outside the base (manifests).
 *
 *   guichet check [--manifeste FICHIER]… [--accepter-perte]
 *
 * Exit 0 when all hold; otherwise each problem is printed on stdout, a
 * summary on stderr, and the exit status is 3 (see docs/commandes.md). A
 * file that is not a guichet database is refused untouched (exit 7).
 *
 * The anchors: every --manifeste FICHIER (a backup's or an export day's
 * manifest), plus the newest export manifest of the outbox ([export] dir)
 * when there is one. A base whose -wal file disappeared with saves in it is
 * checked as its file stands (read-only, nothing touched) and the loss is
 * reported; --accepter-perte journals the loss and goes on from there. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"

#define MAX_MANIFESTS 16

static void add_line(char *report, size_t size, const char *line, int *problems)
{
    size_t len = strlen(report);
    if (len + 1 < size)
        snprintf(report + len, size - len, "%s\n", line);
    (*problems)++;
}

/* Every anchor against the journal of db; a line per problem. */
static void check_anchors(cli_ctx *ctx, g_db *db, const char **manifests, int n, char *report,
                          size_t size, int *problems)
{
    char newest[PATH_MAX] = "";
    g_error err = {0};
    if (audit_anchor_newest(ctx->cfg.export.dir, "manifeste-", newest, sizeof newest, &err) != G_OK)
        add_line(report, size, err.msg, problems);
    for (int i = 0; i <= n; i++) {
        const char *path = i < n ? manifests[i] : newest;
        if (!path[0])
            continue;
        audit_anchor a;
        g_err_clear(&err);
        if (audit_anchor_read(path, &a, &err) != G_OK || audit_anchor_check(db, &a, &err) != G_OK)
            add_line(report, size, err.msg, problems);
    }
}

/* The -wal file is gone with saves in it: what the base file holds, checked
 * read-only, and what was lost. */
static int check_lost_wal(cli_ctx *ctx, const db_wal_state *w, const char **manifests, int n)
{
    g_error err = {0};
    g_db *db = NULL;
    if (db_open(ctx->db_path, DB_OPEN_SNAPSHOT, &db, &err) != G_OK)
        return cli_report(&err);
    char report[8192] = "", line[PATH_MAX + 512], lost[PATH_MAX + 256];
    int problems = 0;
    int64_t last = 0;
    char hash[65];
    if (audit_head_before(db, 0, &last, hash, &err) != G_OK) {
        db_close(db);
        return cli_report(&err);
    }
    snprintf(line, sizeof line,
             _("%s : ils sont perdus. Le journal de la base s'arrête à l'entrée %lld ; tout ce "
               "qui a été enregistré après est perdu."),
             db_wal_loss_text(w, ctx->db_path, lost, sizeof lost), (long long)last);
    add_line(report, sizeof report, line, &problems);
    if (db_check(db, report + strlen(report), sizeof report - strlen(report), &err) != G_OK)
        problems++;
    check_anchors(ctx, db, manifests, n, report, sizeof report, &problems);
    db_close(db);
    fputs(report, stdout);
    fprintf(stderr, "%s\n",
            _("guichet : le fichier -wal de la base est perdu ; rien n'a été modifié. Remettez-le "
              "en place s'il existe encore, sinon « guichet check --accepter-perte » repart de "
              "la base telle qu'elle est (la perte est inscrite au journal)."));
    return 3;
}

int cli_check(cli_ctx *ctx, int argc, char **argv)
{
    const char *manifests[MAX_MANIFESTS];
    int n = 0, accept = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--manifeste") == 0 && i + 1 < argc && n < MAX_MANIFESTS)
            manifests[n++] = argv[++i];
        else if (strcmp(argv[i], "--accepter-perte") == 0)
            accept = 1;
        else
            return cli_usage("check", _("argument inattendu « %s »."), argv[i]);
    }
    g_error err = {0};
    db_wal_state w;
    if (db_wal_inspect(ctx->db_path, &w, &err) != G_OK)
        return cli_report(&err);
    if (w.lost && !accept)
        return check_lost_wal(ctx, &w, manifests, n);

    g_db *db = NULL;
    if (db_open(ctx->db_path, accept ? DB_OPEN_ACCEPT_WAL_LOSS : DB_OPEN_EXISTING, &db, &err) !=
        G_OK)
        return cli_report(&err);
    if (w.lost)
        printf(_("Perte du fichier -wal acceptée et inscrite au journal ; la base repart de son "
                 "contenu actuel.\n"));
    char report[8192] = "";
    g_status s = db_check(db, report, sizeof report, &err);
    if (s != G_OK && err.code != G_ERR_CONFLICT) {
        db_close(db);
        return cli_report(&err);
    }
    int anchor_problems = 0;
    check_anchors(ctx, db, manifests, n, report, sizeof report, &anchor_problems);
    if (s == G_OK && anchor_problems == 0) {
        int64_t count = 0;
        s = audit_count(db, &count, &err);
        if (s == G_OK)
            printf(P_("Base vérifiée : intégrité, clés étrangères et journal (%lld entrée) "
                      "corrects.\n",
                      "Base vérifiée : intégrité, clés étrangères et journal (%lld entrées) "
                      "corrects.\n",
                      (unsigned long)count),
                   (long long)count);
        db_close(db);
        return s == G_OK ? 0 : cli_report(&err);
    }
    db_close(db);
    fputs(report, stdout);
    /* the summary counts the lines of the report: one per problem */
    int total = 0;
    for (const char *p = report; *p; p++)
        total += *p == '\n';
    g_err(&err, G_ERR_CONFLICT,
          P_("%d problème trouvé dans la base.", "%d problèmes trouvés dans la base.", total),
          total);
    return cli_report(&err);
}
