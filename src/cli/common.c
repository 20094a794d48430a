/* common.c — what every command shares: reporting, opening, passwords. */
#include <errno.h>
#include <pwd.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "guichet/audit.h"
#include "guichet/auth.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/user.h"

int cli_report(const g_error *err)
{
    fprintf(stderr, "guichet : %s\n", err->msg[0] ? err->msg : g_status_label(err->code));
    return g_status_exit_code(err->code);
}

int cli_date(const char *in, char iso[11])
{
    g_error why = {0}, err = {0};
    if (normalize_date(in, iso, &why) == G_OK)
        return 0;
    g_err(&err, G_ERR_INVALID, _("« %s » n'est pas une date valide : %s."), in ? in : "", why.msg);
    return cli_report(&err);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "guichet %s : ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CLI_EXIT_USAGE;
}

int cli_open_db(cli_ctx *ctx, g_db **db)
{
    g_error err = {0};
    if (db_open(ctx->db_path, DB_OPEN_EXISTING, db, &err) != G_OK)
        return cli_report(&err);
    return 0;
}

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
    return 0;
}

int cli_read_password(const char *prompt, int from_stdin, char *buf, size_t size)
{
    if (!from_stdin && !isatty(STDIN_FILENO)) {
        fprintf(stderr, "%s\n",
                _("guichet : pas de terminal pour saisir le mot de passe ; utilisez "
                  "--password-stdin."));
        return CLI_EXIT_USAGE;
    }
    struct termios old, noecho;
    int hidden = 0;
    if (!from_stdin) {
        fprintf(stderr, "%s", prompt);
        fflush(stderr);
        if (tcgetattr(STDIN_FILENO, &old) == 0) {
            noecho = old;
            noecho.c_lflag &= ~(tcflag_t)ECHO;
            hidden = tcsetattr(STDIN_FILENO, TCSAFLUSH, &noecho) == 0;
        }
    }
    char *got = fgets(buf, (int)size, stdin);
    if (hidden) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!got) {
        fprintf(stderr, "%s\n", _("guichet : aucun mot de passe lu."));
        return CLI_EXIT_USAGE;
    }
    size_t n = strlen(buf);
    if (n && buf[n - 1] != '\n' && !feof(stdin)) {
        fprintf(stderr, "%s\n", _("guichet : mot de passe trop long."));
        return 3;
    }
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = 0;
    return 0;
}

int cli_admin_option(const char *cmd, int argc, char **argv, int *i, cli_admin *a)
{
    if (strcmp(argv[*i], "--local-admin") == 0) {
        a->local = 1;
        return 1;
    }
    if (strcmp(argv[*i], "--as") != 0)
        return 0;
    if (*i + 1 >= argc || argv[*i + 1][0] == '-') {
        cli_usage(cmd, _("l'option %s attend l'identifiant d'un responsable."), "--as");
        return -1;
    }
    a->as = argv[++*i];
    return 1;
}

/* "martin (uid 1000)" for the journal. */
static void system_account(uid_t uid, char *buf, size_t size)
{
    struct passwd *pw = getpwuid(uid);
    if (pw)
        snprintf(buf, size, "%s (uid %lu)", pw->pw_name, (unsigned long)uid);
    else
        snprintf(buf, size, "uid %lu", (unsigned long)uid);
}

int cli_admin_actor(cli_ctx *ctx, g_db *db, const cli_admin *a, int from_stdin, const char *what,
                    int64_t *actor)
{
    *actor = 0;
    g_error err = {0};
    if (a->as && a->local)
        return cli_usage("user", "%s", _("--as et --local-admin s'excluent : choisissez l'un."));
    if (a->as) {
        char pw[USER_PASSWORD_MAX + 2], prompt[160];
        snprintf(prompt, sizeof prompt, _("Mot de passe du responsable « %s » : "), a->as);
        int rc = cli_read_password(prompt, from_stdin, pw, sizeof pw);
        if (rc == 0 && auth_check_manager(db, &ctx->cfg, a->as, pw, actor, &err) != G_OK)
            rc = cli_report(&err);
        sodium_memzero(pw, sizeof pw);
        return rc;
    }
    if (!a->local) {
        g_err(&err, G_ERR_DENIED,
              _("Cette commande de responsable demande d'être identifié : --as IDENTIFIANT (un "
                "responsable ; son mot de passe est demandé) ou --local-admin (le propriétaire du "
                "fichier de la base seulement). Voir docs/securite.md."));
        return cli_report(&err);
    }
    struct stat st;
    if (stat(ctx->db_path, &st) != 0) {
        g_err(&err, G_ERR_IO, _("Impossible de lire « %s » : %s."), ctx->db_path, strerror(errno));
        return cli_report(&err);
    }
    char me[160], owner[160];
    system_account(geteuid(), me, sizeof me);
    if (st.st_uid != geteuid()) {
        system_account(st.st_uid, owner, sizeof owner);
        g_err(&err, G_ERR_DENIED,
              _("--local-admin n'est permis qu'au propriétaire du fichier de la base (%s) ; vous "
                "êtes %s. Utilisez --as IDENTIFIANT d'un responsable."),
              owner, me);
        return cli_report(&err);
    }
    char detail[400];
    snprintf(detail, sizeof detail, "%s : %s", me, what);
    if (audit_log(db, 0, "local-admin", "", detail, &err) != G_OK)
        return cli_report(&err);
    return 0;
}
