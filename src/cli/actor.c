/* actor.c — who runs a site manager's command (see actor.h). */
#include <string.h>

#include "cli/actor.h"

int cli_actor_option(const char *cmd, int argc, char **argv, int *i, cli_actor_opts *o)
{
    if (strcmp(argv[*i], "--password-stdin") == 0) {
        o->from_stdin = 1;
        return 1;
    }
    return cli_admin_option(cmd, argc, argv, i, &o->admin);
}

int cli_actor_resolve(cli_ctx *ctx, g_db *db, const cli_actor_opts *o, const char *what,
                      int64_t *actor_id)
{
    return cli_admin_actor(ctx, db, &o->admin, o->from_stdin, what, actor_id);
}
