/* init.c — `guichet init`: creates the database, the site and the first
 * responsable account.
 *
 *   guichet [--db FICHIER] init [--db FICHIER] --matricule M --site-name NOM
 *           --admin IDENTIFIANT [--admin-name NOM] [--commune INSEE]
 *           [--password-stdin]
 *
 * Everything is checked before the file is created; a failure after that
 * removes the file it created. An existing non-empty file is never touched. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/passwords.h"
#include "cli/team.h"
#include "guichet/fsutil.h"
#include "guichet/i18n.h"
#include "guichet/site.h"
#include "guichet/user.h"

static void init_usage_text(FILE *out)
{
    fprintf(out, "%s",
            _("Usage : guichet init --db FICHIER --matricule M --site-name NOM --admin "
              "IDENTIFIANT\n"
              "                     [--admin-name NOM] [--commune INSEE] [--password-stdin]\n"));
}

static int init_usage(const char *fmt, const char *arg)
{
    cli_usage("init", fmt, arg);
    init_usage_text(stderr);
    return CLI_EXIT_USAGE;
}

static void remove_db_files(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    char p[PATH_MAX + 16];
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

int cli_init(cli_ctx *ctx, int argc, char **argv)
{
    const char *matricule = ctx->cfg.site.matricule[0] ? ctx->cfg.site.matricule : NULL;
    const char *site_name = ctx->cfg.site.name[0] ? ctx->cfg.site.name : NULL;
    const char *commune = ctx->cfg.site.commune;
    const char *admin = NULL, *admin_name = NULL;
    int from_stdin = 0;
    if (cli_wants_help(argc, argv)) {
        init_usage_text(stdout);
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **target = NULL;
        if (strcmp(a, "--password-stdin") == 0) {
            from_stdin = 1;
            continue;
        } else if (strcmp(a, "--db") == 0) {
            if (i + 1 >= argc)
                return init_usage(_("l'option %s attend une valeur."), a);
            snprintf(ctx->db_path, sizeof ctx->db_path, "%s", argv[++i]);
            ctx->db_given = 1;
            continue;
        } else if (strcmp(a, "--matricule") == 0) {
            target = &matricule;
        } else if (strcmp(a, "--site-name") == 0) {
            target = &site_name;
        } else if (strcmp(a, "--admin") == 0) {
            target = &admin;
        } else if (strcmp(a, "--admin-name") == 0) {
            target = &admin_name;
        } else if (strcmp(a, "--commune") == 0) {
            target = &commune;
        } else {
            return init_usage(_("argument inattendu « %s »."), a);
        }
        if (i + 1 >= argc)
            return init_usage(_("l'option %s attend une valeur."), a);
        *target = argv[++i];
    }
    if (!matricule)
        return init_usage(_("%s est obligatoire (ou [site] matricule dans les réglages)."),
                          "--matricule");
    if (!site_name)
        return init_usage(_("%s est obligatoire (ou [site] name dans les réglages)."),
                          "--site-name");
    if (!admin)
        return init_usage(_("%s est obligatoire."), "--admin");

    /* check everything before creating anything */
    g_error err = {0};
    if (site_check_matricule(matricule, &err) != G_OK ||
        site_check_commune(commune, &err) != G_OK || user_check_login(admin, &err) != G_OK)
        return cli_report(&err);
    const char *path = ctx->db_path;
    struct stat st;
    int existed = stat(path, &st) == 0;
    if (existed && (!S_ISREG(st.st_mode) || st.st_size > 0)) {
        g_err(&err, G_ERR_EXISTS,
              _("« %s » existe déjà : « guichet init » ne remplace jamais une base existante. "
                "Choisissez un autre fichier avec --db."),
              path);
        return cli_report(&err);
    }

    char password[USER_PASSWORD_MAX + 2];
    char prompt[128];
    snprintf(prompt, sizeof prompt, _("Mot de passe du responsable « %s » : "), admin);
    int rc = cli_read_new_password(prompt, from_stdin, password, sizeof password);
    if (rc == 0 && user_check_password(&ctx->cfg, password, &err) != G_OK)
        rc = cli_report(&err);
    if (rc != 0) {
        sodium_memzero(password, sizeof password);
        return rc;
    }

    if (!ctx->db_given && fs_mkdir_parent(path, 0770, &err) != G_OK)
        return cli_report(&err);
    g_db *db = NULL;
    g_status s = db_open(path, DB_OPEN_CREATE, &db, &err);
    if (s == G_OK)
        s = site_init(db, matricule, site_name, commune, ctx->cfg.site.timezone, &err);
    if (s == G_OK)
        s = user_add(db, &ctx->cfg, 0, admin, admin_name, ROLE_RESPONSABLE, password, NULL, &err);
    sodium_memzero(password, sizeof password);
    char recovery[RECOVERY_TEXT_SIZE] = ""; /* notes: the team key and the site recovery key */
    if (s == G_OK)
        s = team_site_init(db, 0, recovery, &err);
    if (s != G_OK) {
        db_close(db);
        if (!existed)
            remove_db_files(path);
        return cli_report(&err);
    }
    g_site site;
    user_info u;
    if (db_site_get(db, &site, &err) != G_OK || user_get(db, admin, &u, &err) != G_OK) {
        db_close(db);
        return cli_report(&err);
    }
    db_close(db);

    printf(_("Base créée : %s\n"), path);
    printf(_("Site : %s (matricule %s, commune %s, fuseau %s)\n"), site.name, site.matricule,
           site.commune[0] ? site.commune : _("non renseignée"), site.timezone);
    printf(_("Premier compte responsable : %s (%s)\n"), u.login, u.display_name);
    printf("%s\n", _("Créez maintenant les comptes de l'équipe avec « guichet user add ».\n"
                     "Vérifiez la base à tout moment avec « guichet check »."));
    cli_print_recovery_key(recovery);
    return 0;
}
