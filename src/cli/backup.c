/* backup.c — `guichet backup DEST`: a consistent copy of the live database
 * (SQLite online backup; desks may keep working meanwhile). DEST must not
 * exist: a backup never overwrites a file. Journaled as `backup`. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "guichet/audit.h"
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
    struct stat st;
    /* Create it first, private (the copy holds everything the database
     * holds) and exclusively (never overwrite; no race with another file
     * appearing meanwhile). SQLite then writes into this empty file. */
    int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            g_err(&err, G_ERR_EXISTS,
                  _("« %s » existe déjà : une sauvegarde ne remplace jamais un fichier. Choisissez "
                    "un autre nom."),
                  dest);
        else
            g_err(&err, G_ERR_IO, _("Impossible de créer « %s » : %s."), dest, strerror(errno));
        return cli_report(&err);
    }
    close(fd);
    g_db *db = NULL;
    int rc = cli_open_db(ctx, &db);
    if (rc != 0) {
        remove(dest);
        return rc;
    }
    g_status s = db_backup(db, dest, &err);
    if (s == G_OK)
        s = audit_log(db, 0, "backup", "", dest, &err);
    db_close(db);
    if (s != G_OK) {
        remove(dest); /* created above: nothing half-written stays behind */
        return cli_report(&err);
    }
    if (stat(dest, &st) == 0)
        printf(_("Copie enregistrée : %s (%lld octets).\n"), dest, (long long)st.st_size);
    return 0;
}
