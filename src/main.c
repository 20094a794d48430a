/* main.c — argument parsing and dispatch.
 *
 *   guichet [--config FILE] [--db FILE] [--demo]          the screens
 *   guichet [--config FILE] [--db FILE] COMMAND [ARGS…]   a command (cli/)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "guichet/clock.h"
#include "guichet/demo.h"
#include "guichet/fsutil.h"
#include "guichet/i18n.h"
#include "guichet/paths.h"
#include "guichet/site.h"
#include "guichet/user.h"
#include "ui/keys.h"
#include "ui/ui.h"

struct command {
    const char *name;
    cli_fn fn;
    const char *help;
};

static const struct command commands[] = {
#define CLI_COMMAND(name, fn, help) {name, fn, help},
#include "cli/commands.def"
#undef CLI_COMMAND
};

static void usage(FILE *out)
{
    fprintf(out, "%s",
            _("Usage : guichet [--config FICHIER] [--db FICHIER] [--demo]\n"
              "        guichet [--config FICHIER] [--db FICHIER] COMMANDE [ARGUMENTS]\n\n"
              "Sans commande, guichet ouvre l'interface du guichet d'accueil.\n\n"
              "Options :\n"
              "  --config FICHIER  fichier de réglages (défaut : ~/.config/guichet/guichet.ini,\n"
              "                    ou /etc/guichet/guichet.ini sur un serveur à plusieurs postes)\n"
              "  --db FICHIER      base de données (défaut : réglage [database] path)\n"
              "  --demo            ouvre la base de démonstration (la crée au besoin)\n"
              "  --version         affiche la version\n"
              "  --help            affiche cette aide\n\n"
              "Commandes :\n"));
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].help));
    fprintf(out, "%s",
            _("\nCodes de sortie : 0 succès, 2 usage, 3 donnée invalide, "
              "4 introuvable, 5 accès refusé,\n6 base occupée, 7 base refusée, "
              "8 erreur de fichier, 9 erreur interne,\n10 paquet de synchronisation "
              "refusé.\n"));
}

/* Secrets (users' keys, notes) live in this process's memory: no core file. */
static void harden_process(void)
{
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    /* Nothing guichet creates (database, WAL, backups, exports, printouts)
     * is for other accounts: owner and group only (desks sharing one
     * database under several accounts share a group; docs/securite.md). */
    umask(007);
#if !defined(__SANITIZE_ADDRESS__)
    /* (LeakSanitizer must be able to inspect the process in test builds) */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

/* The demonstration database sits beside the real one, in the data folder
 * of the layout in use (paths.h). */
static g_status demo_db_path(const cli_ctx *ctx, char *buf, size_t size, g_error *err)
{
    if (!ctx->cfg.data_dir[0])
        return g_err(err, G_ERR_NOTFOUND, "%s",
                     _("Aucun dossier de données pour la démonstration : indiquez --db FICHIER."));
    return paths_join(ctx->cfg.data_dir, "demo.db", buf, size, err);
}

/* Opens the base once the login screen is drawn (ui_run): the demo base is
 * created at its first opening. */
static g_status open_for_screens(void *arg, g_db **db, int *demo, g_error *err)
{
    cli_ctx *ctx = arg;
    int flags = ctx->demo ? DB_OPEN_CREATE : DB_OPEN_EXISTING;
    g_status s = db_open(ctx->db_path, flags, db, err);
    if (s != G_OK)
        return s;
    if (ctx->demo) {
        int users = 0;
        if ((s = user_count(*db, &users, err)) != G_OK ||
            (users == 0 && (s = demo_create(*db, &ctx->cfg, err)) != G_OK))
            return s;
    }
    if ((s = site_apply_zone(*db, err)) != G_OK)
        return s;
    *demo = ctx->demo || demo_is_demo(*db);
    return G_OK;
}

static int run_interactive(cli_ctx *ctx)
{
    g_error err = {0};
    if (keys_apply_config(&ctx->cfg, &err) != G_OK)
        return cli_report(&err);
    if (ctx->demo) {
        if (!ctx->db_given && demo_db_path(ctx, ctx->db_path, sizeof ctx->db_path, &err) != G_OK)
            return cli_report(&err);
        if (fs_mkdir_parent(ctx->db_path, 0770, &err) != G_OK)
            return cli_report(&err);
    }
    /* what can be told without SQLite is told before the terminal is taken */
    if (db_open_check(ctx->db_path, ctx->demo ? DB_OPEN_CREATE : DB_OPEN_EXISTING, &err) != G_OK)
        return cli_report(&err);
    g_db *db = NULL;
    int rc = ui_run(&ctx->cfg, ctx->demo, open_for_screens, ctx, &db, &err);
    db_close(db);
    return rc == UI_OPEN_FAILED ? cli_report(&err) : rc;
}

int main(int argc, char **argv)
{
    harden_process();
    i18n_init(NULL);

    static cli_ctx ctx;
    config_defaults(&ctx.cfg);
    const char *config_path = NULL;
    int help = 0;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--version") == 0) {
            printf("guichet %s\n", GUICHET_VERSION);
            return 0;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            help = 1; /* after the settings: [ui] language chooses its language */
        } else if (strcmp(a, "--demo") == 0) {
            ctx.demo = 1;
        } else if ((strcmp(a, "--config") == 0 || strcmp(a, "--db") == 0) && i + 1 < argc) {
            if (strcmp(a, "--config") == 0) {
                config_path = argv[++i];
            } else {
                snprintf(ctx.db_path, sizeof ctx.db_path, "%s", argv[++i]);
                ctx.db_given = 1;
            }
        } else {
            fprintf(stderr, _("guichet : option inconnue ou incomplète « %s ».\n"), a);
            usage(stderr);
            return CLI_EXIT_USAGE;
        }
    }

    char warnings[2048] = "";
    g_error err = {0};
    if (config_load(config_path, &ctx.cfg, warnings, sizeof warnings, &err) != G_OK) {
        if (help) { /* the help is still useful with broken settings */
            usage(stdout);
            return 0;
        }
        return cli_report(&err);
    }
    if (warnings[0])
        fprintf(stderr, "%s", warnings);
    i18n_init(ctx.cfg.ui.language);
    if (help) {
        usage(stdout);
        return 0;
    }
    if (clock_set_zone(ctx.cfg.site.timezone) != 0) {
        fprintf(stderr, _("guichet : fuseau horaire inconnu « %s » ([site] timezone).\n"),
                ctx.cfg.site.timezone);
        return g_status_exit_code(G_ERR_INVALID);
    }
    if (!ctx.db_given)
        config_db_path(&ctx.cfg, ctx.db_path, sizeof ctx.db_path);

    if (i >= argc)
        return run_interactive(&ctx);
    for (size_t c = 0; c < sizeof commands / sizeof *commands; c++)
        if (strcmp(argv[i], commands[c].name) == 0) {
            cli_guard_output(); /* stored text never drives the terminal */
            return commands[c].fn(&ctx, argc - i, argv + i);
        }
    fprintf(stderr, _("guichet : commande inconnue « %s ».\n"), argv[i]);
    usage(stderr);
    return CLI_EXIT_USAGE;
}
