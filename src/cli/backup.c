/* backup.c — `guichet backup DEST`: a consistent copy of the live database
 * (SQLite online backup; desks may keep working meanwhile). DEST must not
 * exist: a backup never overwrites a file. Journaled as `backup` before the
 * copy (core: db_backup in src/core/db_backup.c). */
#include <stdio.h>

#include "cli/cli.h"
#include "guichet/i18n.h"

int cli_backup(cli_ctx *ctx, int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-')
        return cli_usage("backup", "%s",
                         argc < 2 ? _("indiquez le fichier de destination : guichet backup "
                                      "FICHIER.")
                                  : _("un seul argument attendu : guichet backup FICHIER."));
    const char *dest = argv[1];
    g_error err = {0};
    g_db *db = NULL;
    int rc = cli_open_db(ctx, &db);
    if (rc != 0)
        return rc;
    db_backup_info info;
    g_status s = db_backup(db, dest, 0, &info, &err);
    db_close(db);
    if (s != G_OK)
        return cli_report(&err);
    printf(_("Copie enregistrée : %s (%lld octets).\n"), dest, (long long)info.bytes);
    printf(_("Manifeste : %s%s (tête du journal : entrée %lld).\n"), dest,
           DB_BACKUP_MANIFEST_SUFFIX, (long long)info.journal_id);
    return 0;
}
