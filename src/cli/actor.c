/* actor.c — who runs a site manager's command (see actor.h). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/actor.h"
#include "guichet/auth.h"
#include "guichet/i18n.h"
#include "guichet/user.h"

int cli_actor_option(const char *cmd, int argc, char **argv, int *i, cli_actor_opts *o)
{
    const char *a = argv[*i];
    if (strcmp(a, "--password-stdin") == 0) {
        o->from_stdin = 1;
        return 1;
    }
    if (strcmp(a, "--as") == 0) {
        if (*i + 1 >= argc || !argv[*i + 1][0]) {
            cli_usage(cmd, "%s", _("--as attend l'identifiant d'un responsable."));
            return -1;
        }
        o->as = argv[++*i];
        return 1;
    }
    return 0;
}

int cli_actor_resolve(cli_ctx *ctx, g_db *db, const cli_actor_opts *o, int64_t *actor_id)
{
    *actor_id = 0;
    if (!o->as)
        return 0;
    char pw[USER_PASSWORD_MAX + 2], prompt[128];
    snprintf(prompt, sizeof prompt, _("Mot de passe de « %s » : "), o->as);
    int rc = cli_read_password(prompt, o->from_stdin, pw, sizeof pw);
    g_session *s = NULL;
    g_error err = {0};
    if (rc == 0 && auth_login(db, &ctx->cfg, o->as, pw, &s, &err) != G_OK)
        rc = cli_report(&err);
    sodium_memzero(pw, sizeof pw);
    if (rc == 0) {
        *actor_id = s->user_id;
        /* only the identity was needed: the session's keys go at once; a
         * logout the journal missed stops the command */
        if (auth_logout(db, s, &err) != G_OK)
            rc = cli_report(&err);
    }
    return rc;
}
