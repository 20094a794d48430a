/* check.c — `guichet check`: integrity_check, foreign_key_check and the
 * journal's hash chain. Exit 0 when all hold; otherwise each problem is
 * printed on stdout, a summary on stderr, and the exit status is 3
 * (see docs/commandes.md). A file that is not a guichet database is refused
 * untouched (exit 7). */
#include <inttypes.h>
#include <stdio.h>

#include "cli/cli.h"
#include "guichet/audit.h"
#include "guichet/i18n.h"

int cli_check(cli_ctx *ctx, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage("check", _("argument inattendu « %s »."), argv[1]);
    g_db *db = NULL;
    int rc = cli_open_db(ctx, &db);
    if (rc != 0)
        return rc;
    char report[8192];
    g_error err = {0};
    g_status s = db_check(db, report, sizeof report, &err);
    if (s == G_OK) {
        int64_t n = 0;
        s = audit_count(db, &n, &err);
        if (s == G_OK)
            printf(P_("Base vérifiée : intégrité, clés étrangères et journal (%lld entrée) "
                      "corrects.\n",
                      "Base vérifiée : intégrité, clés étrangères et journal (%lld entrées) "
                      "corrects.\n",
                      (unsigned long)n),
                   (long long)n);
    } else {
        fputs(report, stdout);
    }
    db_close(db);
    return s == G_OK ? 0 : cli_report(&err);
}
