/* common.c — what every command shares: reporting, opening, passwords. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "guichet/i18n.h"

int cli_report(const g_error *err)
{
    fprintf(stderr, "guichet : %s\n", err->msg[0] ? err->msg : g_status_label(err->code));
    return g_status_exit_code(err->code);
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
