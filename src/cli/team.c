/* team.c — `guichet team` and `guichet recovery`: the team key of the
 * confidential notes and the site recovery key, from the command line.
 *
 *   guichet team list
 *   guichet team grant IDENTIFIANT --by IDENTIFIANT [--password-stdin]
 *   guichet team revoke IDENTIFIANT --by IDENTIFIANT [--password-stdin]
 *   guichet recovery restore IDENTIFIANT         (the key is read on stdin)
 *   guichet recovery new --by IDENTIFIANT [--password-stdin]
 *
 * A grant needs the unlocked secret key of a member who holds the team key:
 * the password of --by. The recovery key is typed back from paper; it is
 * read without echo on a terminal. See docs/notes-confidentielles.md. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/team.h"
#include "guichet/auth.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/team.h"
#include "guichet/user.h"
#include "guichet/utf8.h"

void cli_print_recovery_key(char key[RECOVERY_TEXT_SIZE])
{
    printf("\n%s\n\n    %s\n\n%s\n", _("Clé de secours du site (notes confidentielles d'équipe) :"),
           key,
           _("Notez cette clé de secours sur papier et rangez-la au coffre : elle seule permet "
             "de\n"
             "redonner l'accès aux notes d'équipe si tous les membres de l'équipe ont perdu leur\n"
             "mot de passe (guichet recovery restore). Elle n'ouvre aucune note privée.\n"
             "Elle ne sera plus jamais affichée."));
    fflush(stdout);
    sodium_memzero(key, RECOVERY_TEXT_SIZE);
}

static int team_usage(const char *cmd, const char *fmt, const char *arg)
{
    cli_usage(cmd, fmt, arg);
    fprintf(stderr, "%s",
            _("Usage : guichet team list\n"
              "        guichet team grant IDENTIFIANT --by IDENTIFIANT [--password-stdin]\n"
              "        guichet team revoke IDENTIFIANT --by IDENTIFIANT [--password-stdin]\n"
              "        guichet recovery restore IDENTIFIANT   (clé de secours sur l'entrée)\n"
              "        guichet recovery new --by IDENTIFIANT [--password-stdin]\n"));
    return CLI_EXIT_USAGE;
}

struct team_args {
    const char *login; /* the positional argument */
    const char *by;    /* --by */
    int from_stdin;    /* --password-stdin */
};

static int parse(const char *cmd, int argc, char **argv, int want_login, int want_by,
                 struct team_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        if (want_by && strcmp(s, "--password-stdin") == 0) {
            a->from_stdin = 1;
        } else if (want_by && strcmp(s, "--by") == 0) {
            if (i + 1 >= argc)
                return team_usage(cmd, _("l'option %s attend une valeur."), s);
            a->by = argv[++i];
        } else if (s[0] == '-' || !want_login || a->login) {
            return team_usage(cmd, _("argument inattendu « %s »."), s);
        } else {
            a->login = s;
        }
    }
    if (want_login && !a->login)
        return team_usage(cmd, _("%s"), _("identifiant manquant."));
    if (want_by && !a->by)
        return team_usage(cmd, _("%s est obligatoire."), "--by");
    return 0;
}

/* Logs in as `by` with their password (stdin or terminal). */
static int login_member(cli_ctx *ctx, g_db *db, const struct team_args *a, g_session **s)
{
    char pw[USER_PASSWORD_MAX + 2], prompt[128];
    snprintf(prompt, sizeof prompt, _("Mot de passe de « %s » : "), a->by);
    int rc = cli_read_password(prompt, a->from_stdin, pw, sizeof pw);
    g_error err = {0};
    if (rc == 0 && auth_login(db, &ctx->cfg, a->by, pw, s, &err) != G_OK)
        rc = cli_report(&err);
    sodium_memzero(pw, sizeof pw);
    return rc;
}

/* Ends the session opened by login_member; a logout that cannot be
 * journaled is reported, and fails the command if nothing else did. */
static int logout_member(g_db *db, g_session *s, int rc)
{
    g_error err = {0};
    if (auth_logout(db, s, &err) != G_OK) {
        int lrc = cli_report(&err);
        if (rc == 0)
            rc = lrc;
    }
    return rc;
}

static void print_cell(const char *s, int width)
{
    printf("%s", s);
    for (int w = utf8_width(s); w < width; w++)
        putchar(' ');
}

static int cmd_list(g_db *db)
{
    team_member *m = NULL;
    size_t n = 0;
    g_error err = {0};
    int exists = 0;
    if (team_exists(db, &exists, &err) != G_OK)
        return cli_report(&err);
    if (!exists) {
        g_err(&err, G_ERR_NOTFOUND, "%s", _("La clé de l'équipe n'existe pas sur ce site."));
        return cli_report(&err);
    }
    if (team_members(db, &m, &n, &err) != G_OK)
        return cli_report(&err);
    const char *h_login = _("IDENTIFIANT"), *h_name = _("NOM"), *h_role = _("RÔLE");
    int w_login = utf8_width(h_login), w_name = utf8_width(h_name), w_role = utf8_width(h_role);
    for (size_t i = 0; i < n; i++) {
        int w;
        if ((w = utf8_width(m[i].login)) > w_login)
            w_login = w;
        if ((w = utf8_width(m[i].display_name)) > w_name)
            w_name = w;
        if ((w = utf8_width(user_role_label(m[i].role))) > w_role)
            w_role = w;
    }
    print_cell(h_login, w_login + 2);
    print_cell(h_name, w_name + 2);
    print_cell(h_role, w_role + 2);
    printf("%s\n", _("CLÉ DE L'ÉQUIPE"));
    for (size_t i = 0; i < n; i++) {
        print_cell(m[i].login, w_login + 2);
        print_cell(m[i].display_name, w_name + 2);
        print_cell(user_role_label(m[i].role), w_role + 2);
        const char *state = m[i].has_access ? _("oui")
                            : m[i].stale    ? _("à redonner (mot de passe réinitialisé)")
                                            : _("non accordée");
        printf("%s%s\n", state, m[i].disabled ? _(" — compte désactivé") : "");
    }
    free(m);
    return 0;
}

static int cmd_grant(cli_ctx *ctx, g_db *db, const struct team_args *a)
{
    g_error err = {0};
    user_info u;
    if (user_get(db, a->login, &u, &err) != G_OK)
        return cli_report(&err);
    g_session *s = NULL;
    int rc = login_member(ctx, db, a, &s);
    if (rc != 0)
        return rc;
    if (team_grant(db, s, u.id, &err) != G_OK)
        rc = cli_report(&err);
    else
        printf(_("Clé de l'équipe accordée à %s (%s) : les notes d'équipe lui sont lisibles.\n"),
               u.login, u.display_name);
    return logout_member(db, s, rc);
}

static int cmd_revoke(cli_ctx *ctx, g_db *db, const struct team_args *a)
{
    g_error err = {0};
    user_info u;
    if (user_get(db, a->login, &u, &err) != G_OK)
        return cli_report(&err);
    g_session *s = NULL;
    int rc = login_member(ctx, db, a, &s);
    if (rc != 0)
        return rc;
    if (team_revoke(db, s, u.id, &err) != G_OK)
        rc = cli_report(&err);
    else
        printf(_("Clé de l'équipe retirée à %s (%s) : guichet ne lui ouvre plus les notes "
                 "d'équipe.\n"),
               u.login, u.display_name);
    return logout_member(db, s, rc);
}

static int cmd_restore(g_db *db, const struct team_args *a)
{
    g_error err = {0};
    user_info u;
    if (user_get(db, a->login, &u, &err) != G_OK)
        return cli_report(&err);
    char key[256];
    int rc = cli_read_password(_("Clé de secours (telle qu'écrite sur le papier) : "),
                               !isatty(STDIN_FILENO), key, sizeof key);
    if (rc == 0 && recovery_restore_team(db, 0, key, u.id, &err) != G_OK)
        rc = cli_report(&err);
    sodium_memzero(key, sizeof key);
    if (rc == 0)
        printf(_("Clé de l'équipe rendue à %s (%s). Il ou elle peut maintenant la redonner à "
                 "ses collègues\n"
                 "(guichet team grant). Les notes privées restent illisibles.\n"),
               u.login, u.display_name);
    return rc;
}

static int cmd_new_recovery(cli_ctx *ctx, g_db *db, const struct team_args *a)
{
    g_session *s = NULL;
    int rc = login_member(ctx, db, a, &s);
    if (rc != 0)
        return rc;
    char key[RECOVERY_TEXT_SIZE];
    g_error err = {0};
    if (recovery_create(db, s, key, &err) != G_OK) {
        rc = cli_report(&err);
    } else {
        printf("%s\n", _("Nouvelle clé de secours créée : l'ancienne ne fonctionne plus."));
        cli_print_recovery_key(key);
    }
    sodium_memzero(key, sizeof key);
    return logout_member(db, s, rc);
}

int cli_team(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2)
        return team_usage("team", _("%s"), _("sous-commande manquante."));
    struct team_args a;
    int rc;
    const char *sub = argv[1];
    if (strcmp(sub, "list") == 0)
        rc = parse("team", argc, argv, 0, 0, &a);
    else if (strcmp(sub, "grant") == 0 || strcmp(sub, "revoke") == 0)
        rc = parse("team", argc, argv, 1, 1, &a);
    else
        return team_usage("team", _("sous-commande inconnue « %s »."), sub);
    if (rc != 0)
        return rc;
    g_db *db = NULL;
    if ((rc = cli_open_db(ctx, &db)) != 0)
        return rc;
    if (strcmp(sub, "list") == 0)
        rc = cmd_list(db);
    else if (strcmp(sub, "grant") == 0)
        rc = cmd_grant(ctx, db, &a);
    else
        rc = cmd_revoke(ctx, db, &a);
    db_close(db);
    return rc;
}

int cli_recovery(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2)
        return team_usage("recovery", _("%s"), _("sous-commande manquante."));
    struct team_args a;
    int rc;
    const char *sub = argv[1];
    if (strcmp(sub, "restore") == 0)
        rc = parse("recovery", argc, argv, 1, 0, &a);
    else if (strcmp(sub, "new") == 0)
        rc = parse("recovery", argc, argv, 0, 1, &a);
    else
        return team_usage("recovery", _("sous-commande inconnue « %s »."), sub);
    if (rc != 0)
        return rc;
    g_db *db = NULL;
    if ((rc = cli_open_db(ctx, &db)) != 0)
        return rc;
    rc = strcmp(sub, "restore") == 0 ? cmd_restore(db, &a) : cmd_new_recovery(ctx, db, &a);
    db_close(db);
    return rc;
}
