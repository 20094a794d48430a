/* user.c — `guichet user`: staff accounts from the command line.
 *
 *   guichet user add IDENTIFIANT --role RÔLE [--name NOM] QUI [--password-stdin]
 *   guichet user list
 *   guichet user disable IDENTIFIANT QUI [--password-stdin]
 *   guichet user enable IDENTIFIANT QUI [--password-stdin]
 *   guichet user passwd IDENTIFIANT [--password-stdin]   (old, then new)
 *   guichet user reset IDENTIFIANT QUI [--password-stdin] (manager's reset)
 *
 *   QUI = --as RESPONSABLE (their password is read first) | --local-admin
 *
 * Who may manage accounts from the command line (cli_admin_actor,
 * docs/securite.md): a responsable proving their password (the changes are
 * journaled as them), or the owner of the database file with an explicit
 * --local-admin (journaled "local-admin" with the system account, the
 * changes as user 0). `passwd` proves the old password and is journaled as
 * the user themselves. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/passwords.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/user.h"
#include "guichet/utf8.h"

static int user_usage(const char *fmt, const char *arg)
{
    cli_usage("user", fmt, arg);
    fprintf(stderr, "%s",
            _("Usage : guichet user add IDENTIFIANT --role accueil|conseiller|responsable "
              "[--name NOM] QUI [--password-stdin]\n"
              "        guichet user list\n"
              "        guichet user disable IDENTIFIANT QUI [--password-stdin]\n"
              "        guichet user enable IDENTIFIANT QUI [--password-stdin]\n"
              "        guichet user passwd IDENTIFIANT [--password-stdin]\n"
              "        guichet user reset IDENTIFIANT QUI [--password-stdin]\n"
              "QUI : --as RESPONSABLE (son mot de passe est demandé en premier) ou "
              "--local-admin\n"
              "      (propriétaire du fichier de la base seulement)\n"));
    return CLI_EXIT_USAGE;
}

/* Parsed arguments of a subcommand. */
struct user_args {
    const char *login; /* the one positional argument */
    const char *role;  /* --role */
    const char *name;  /* --name */
    int from_stdin;    /* --password-stdin */
    cli_admin admin;   /* --as / --local-admin */
};

/* Parses argv[2..]; allowed says which options the subcommand takes
 * ("r" role, "n" name, "p" password-stdin, "a" --as/--local-admin).
 * want_login: 1 = one login. */
static int parse_args(int argc, char **argv, const char *allowed, int want_login,
                      struct user_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        int took = strchr(allowed, 'a') ? cli_admin_option("user", argc, argv, &i, &a->admin) : 0;
        if (took < 0)
            return CLI_EXIT_USAGE;
        if (took)
            continue;
        if (strcmp(s, "--password-stdin") == 0 && strchr(allowed, 'p')) {
            a->from_stdin = 1;
        } else if (strcmp(s, "--role") == 0 && strchr(allowed, 'r')) {
            if (i + 1 >= argc)
                return user_usage(_("l'option %s attend une valeur."), s);
            a->role = argv[++i];
        } else if (strcmp(s, "--name") == 0 && strchr(allowed, 'n')) {
            if (i + 1 >= argc)
                return user_usage(_("l'option %s attend une valeur."), s);
            a->name = argv[++i];
        } else if (s[0] == '-' || !want_login || a->login) {
            return user_usage(_("argument inattendu « %s »."), s);
        } else {
            a->login = s;
        }
    }
    if (want_login && !a->login)
        return user_usage(_("%s : l'identifiant du compte manque."), argv[1]);
    return 0;
}

static int cmd_add(cli_ctx *ctx, g_db *db, const struct user_args *a)
{
    user_role role;
    if (!a->role)
        return user_usage(_("%s est obligatoire."), "--role");
    if (user_role_parse(a->role, &role) != 0)
        return user_usage(_("rôle inconnu « %s » : accueil, conseiller ou responsable."), a->role);
    g_error err = {0};
    if (user_check_login(a->login, &err) != G_OK)
        return cli_report(&err);
    user_info u;
    if (user_get(db, a->login, &u, NULL) == G_OK) {
        g_err(&err, G_ERR_EXISTS, _("L'identifiant « %s » est déjà pris."), u.login);
        return cli_report(&err);
    }
    int64_t actor;
    char what[160];
    snprintf(what, sizeof what, "user add %s --role %s", a->login, user_role_code(role));
    int rc = cli_admin_actor(ctx, db, &a->admin, a->from_stdin, what, &actor);
    if (rc != 0)
        return rc;
    char pw[USER_PASSWORD_MAX + 2], prompt[128];
    snprintf(prompt, sizeof prompt, _("Mot de passe de « %s » : "), a->login);
    rc = cli_read_new_password(prompt, a->from_stdin, pw, sizeof pw);
    if (rc == 0 && user_add(db, &ctx->cfg, actor, a->login, a->name, role, pw, NULL, &err) != G_OK)
        rc = cli_report(&err);
    sodium_memzero(pw, sizeof pw);
    if (rc == 0 && user_get(db, a->login, &u, &err) == G_OK)
        printf(_("Compte créé : %s (%s), rôle %s.\n"), u.login, u.display_name,
               user_role_label(u.role));
    return rc;
}

/* Prints s padded with spaces to cols terminal columns. */
static void print_cell(const char *s, int cols)
{
    fputs(s, stdout);
    for (int w = utf8_width(s); w < cols; w++)
        putchar(' ');
}

static void state_of(const user_info *u, char *buf, size_t size)
{
    if (u->disabled) {
        snprintf(buf, size, "%s", _("désactivé"));
    } else if (u->locked_until > clock_now()) {
        char when[32];
        clock_format(u->locked_until, "%d/%m %H:%M", when, sizeof when);
        snprintf(buf, size, _("verrouillé jusqu'au %s"), when);
    } else {
        snprintf(buf, size, "%s", _("actif"));
    }
}

static int cmd_list(g_db *db)
{
    user_info *v = NULL;
    size_t n = 0;
    g_error err = {0};
    if (user_list(db, &v, &n, &err) != G_OK)
        return cli_report(&err);
    const char *h_login = _("IDENTIFIANT"), *h_name = _("NOM"), *h_role = _("RÔLE");
    int w_login = utf8_width(h_login), w_name = utf8_width(h_name), w_role = utf8_width(h_role);
    for (size_t i = 0; i < n; i++) {
        int w;
        if ((w = utf8_width(v[i].login)) > w_login)
            w_login = w;
        if ((w = utf8_width(cli_text(v[i].display_name))) > w_name)
            w_name = w;
        if ((w = utf8_width(user_role_label(v[i].role))) > w_role)
            w_role = w;
    }
    print_cell(h_login, w_login + 2);
    print_cell(h_name, w_name + 2);
    print_cell(h_role, w_role + 2);
    printf("%s\n", _("ÉTAT"));
    for (size_t i = 0; i < n; i++) {
        char state[96];
        state_of(&v[i], state, sizeof state);
        print_cell(v[i].login, w_login + 2);
        print_cell(cli_text(v[i].display_name), w_name + 2);
        print_cell(user_role_label(v[i].role), w_role + 2);
        printf("%s\n", state);
    }
    free(v);
    return 0;
}

static int cmd_set_disabled(cli_ctx *ctx, g_db *db, const struct user_args *a, int disabled)
{
    g_error err = {0};
    user_info u;
    const char *login = a->login;
    if (user_get(db, login, &u, &err) != G_OK)
        return cli_report(&err);
    int64_t actor;
    char what[160];
    snprintf(what, sizeof what, "user %s %s", disabled ? "disable" : "enable", u.login);
    int rc = cli_admin_actor(ctx, db, &a->admin, a->from_stdin, what, &actor);
    if (rc != 0)
        return rc;
    if (u.disabled == disabled) {
        printf(disabled ? _("Le compte %s était déjà désactivé.\n")
                        : _("Le compte %s était déjà actif.\n"),
               u.login);
        return 0;
    }
    if (user_set_disabled(db, actor, login, disabled, &err) != G_OK)
        return cli_report(&err);
    printf(disabled ? _("Compte désactivé : %s. Il ne peut plus se connecter.\n")
                    : _("Compte réactivé : %s.\n"),
           u.login);
    return 0;
}

static int cmd_passwd(cli_ctx *ctx, g_db *db, const struct user_args *a)
{
    g_error err = {0};
    user_info u;
    if (user_get(db, a->login, &u, &err) != G_OK)
        return cli_report(&err);
    char old[USER_PASSWORD_MAX + 2], pw[USER_PASSWORD_MAX + 2], prompt[128];
    snprintf(prompt, sizeof prompt, _("Mot de passe actuel de « %s » : "), u.login);
    int rc = cli_read_password(prompt, a->from_stdin, old, sizeof old);
    if (rc == 0)
        rc = cli_read_new_password(_("Nouveau mot de passe : "), a->from_stdin, pw, sizeof pw);
    if (rc == 0 && user_change_password(db, &ctx->cfg, a->login, old, pw, &err) != G_OK)
        rc = cli_report(&err);
    sodium_memzero(old, sizeof old);
    sodium_memzero(pw, sizeof pw);
    if (rc == 0)
        printf(_("Mot de passe du compte %s changé. Ses notes confidentielles restent lisibles.\n"),
               u.login);
    return rc;
}

static int cmd_reset(cli_ctx *ctx, g_db *db, const struct user_args *a)
{
    g_error err = {0};
    user_info u;
    if (user_get(db, a->login, &u, &err) != G_OK)
        return cli_report(&err);
    int64_t actor;
    char what[160];
    snprintf(what, sizeof what, "user reset %s", u.login);
    int rc = cli_admin_actor(ctx, db, &a->admin, a->from_stdin, what, &actor);
    if (rc != 0)
        return rc;
    char pw[USER_PASSWORD_MAX + 2], prompt[128];
    snprintf(prompt, sizeof prompt, _("Nouveau mot de passe de « %s » : "), u.login);
    rc = cli_read_new_password(prompt, a->from_stdin, pw, sizeof pw);
    if (rc == 0 && user_reset_password(db, &ctx->cfg, actor, a->login, pw, &err) != G_OK)
        rc = cli_report(&err);
    sodium_memzero(pw, sizeof pw);
    if (rc == 0)
        printf(_("Mot de passe du compte %s réinitialisé, verrouillage levé.\n"
                 "Attention : une nouvelle clé personnelle a été créée. Les notes "
                 "confidentielles\n"
                 "privées du compte %s lui sont désormais illisibles, et son accès aux notes de "
                 "l'équipe\n"
                 "doit être accordé à nouveau par un collègue de l'équipe.\n"),
               u.login, u.login);
    return rc;
}

int cli_user(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2)
        return user_usage(_("%s"), _("sous-commande manquante."));
    const char *sub = argv[1];
    struct user_args a;
    int rc;
    if (strcmp(sub, "add") == 0)
        rc = parse_args(argc, argv, "rnpa", 1, &a);
    else if (strcmp(sub, "list") == 0)
        rc = parse_args(argc, argv, "", 0, &a);
    else if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0 || strcmp(sub, "reset") == 0)
        rc = parse_args(argc, argv, "pa", 1, &a);
    else if (strcmp(sub, "passwd") == 0)
        rc = parse_args(argc, argv, "p", 1, &a);
    else
        return user_usage(_("sous-commande inconnue « %s »."), sub);
    if (rc != 0)
        return rc;

    g_db *db = NULL;
    if ((rc = cli_open_db(ctx, &db)) != 0)
        return rc;
    if (strcmp(sub, "add") == 0)
        rc = cmd_add(ctx, db, &a);
    else if (strcmp(sub, "list") == 0)
        rc = cmd_list(db);
    else if (strcmp(sub, "disable") == 0)
        rc = cmd_set_disabled(ctx, db, &a, 1);
    else if (strcmp(sub, "enable") == 0)
        rc = cmd_set_disabled(ctx, db, &a, 0);
    else if (strcmp(sub, "passwd") == 0)
        rc = cmd_passwd(ctx, db, &a);
    else
        rc = cmd_reset(ctx, db, &a);
    db_close(db);
    return rc;
}
