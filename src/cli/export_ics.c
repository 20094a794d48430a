/* export_ics.c — `guichet export ics`: a resource's appointments as an
 * iCalendar file for a partner (core: src/core/ics.c).
 *
 *   guichet export ics --resource R --from AAAA-MM-JJ --to AAAA-MM-JJ [--out FICHIER]
 *
 * R is the resource's number or exact name. Without --out the calendar goes
 * to standard output; with --out it is written atomically (temporary file,
 * fsync, rename; mode 0600). Called by cli_export (export.c) with argv[0] =
 * "ics". Exit status: 0 done, 2 usage, 3 bad date, 4 no such resource or
 * database, 8 file error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "guichet/agenda.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/site.h"
#include "guichet/ics.h"
#include "guichet/printout.h"

int cli_export_ics(cli_ctx *ctx, int argc, char **argv);

static int ics_usage(void)
{
    return cli_usage("export ics", "%s",
                     _("usage : guichet export ics --resource RESSOURCE --from AAAA-MM-JJ --to "
                       "AAAA-MM-JJ [--out FICHIER]"));
}

int cli_export_ics(cli_ctx *ctx, int argc, char **argv)
{
    const char *resource = NULL, *from = NULL, *to = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = strcmp(a, "--resource") == 0 ? &resource
                            : strcmp(a, "--from") == 0   ? &from
                            : strcmp(a, "--to") == 0     ? &to
                            : strcmp(a, "--out") == 0    ? &out
                                                         : NULL;
        if (!slot || i + 1 >= argc) {
            if (slot)
                return cli_usage("export ics", _("%s attend une valeur."), a);
            cli_usage("export ics", _("option inconnue : « %s »."), a);
            return ics_usage();
        }
        *slot = argv[++i];
    }
    if (!resource || !from || !to)
        return ics_usage();
    g_db *db = NULL;
    int rc = cli_open_db(ctx, &db);
    if (rc)
        return rc;
    g_error err = {0};
    if (site_apply_zone(db, &err) != G_OK) {
        db_close(db);
        return cli_report(&err);
    }
    agenda_resource r;
    char *text = NULL;
    size_t events = 0;
    g_status s = agenda_resource_find(db, resource, &r, &err);
    if (s == G_OK)
        s = ics_resource(db, r.id, from, to, &text, &events, &err);
    db_close(db);
    if (s != G_OK)
        return cli_report(&err);
    if (out) {
        s = printout_save(out, text, &err);
        free(text);
        if (s != G_OK)
            return cli_report(&err);
        printf(P_("export ics : %zu événement écrit dans %s.\n",
                  "export ics : %zu événements écrits dans %s.\n", events),
               events, out);
        return 0;
    }
    /* the file as it is (its CRLF line ends) on file descriptor 1, past
     * the commands' control-character guard (visible.c): ics_escape has
     * already replaced every control character of the stored texts */
    size_t len = strlen(text);
    int bad = fflush(stdout) != 0 || cli_write_raw(1, text, len) != 0;
    free(text);
    if (bad) {
        fprintf(stderr, "%s\n", _("guichet : écriture impossible sur la sortie standard."));
        return 8;
    }
    return 0;
}
