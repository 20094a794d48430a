/* actor.h — who runs a site manager's command (rgpd, referents).
 *
 * The trust model of the command line today (docs/securite.md): whoever can
 * write the database file acts as the site, journaled as user 0, like
 * `guichet user`. A manager may also name themselves with --as LOGIN: the
 * password is asked (or read with --password-stdin) and checked, and the
 * core functions then check the account's role (a responsable) and journal
 * the action under that account. When the faults work lands its rule for
 * account commands (--as / --local-admin), cli_actor_resolve is the one
 * call to switch over. */
#ifndef GUICHET_CLI_ACTOR_H
#define GUICHET_CLI_ACTOR_H

#include <stdint.h>
#include "cli/cli.h"

typedef struct cli_actor_opts {
    const char *as; /* --as LOGIN, NULL = the command line */
    int from_stdin; /* --password-stdin */
} cli_actor_opts;

/* Recognises --as LOGIN / --password-stdin at argv[*i] (advancing *i past
 * the value). Returns 1 when consumed, 0 when argv[*i] is not one of them,
 * or -1 after printing a usage error for command cmd. */
int cli_actor_option(const char *cmd, int argc, char **argv, int *i, cli_actor_opts *o);

/* The user id the core functions get: 0 without --as; with --as, the id of
 * the account once its password is checked (auth_login, journaled like any
 * login). Returns 0, or an exit status after reporting (wrong password: 5). */
int cli_actor_resolve(cli_ctx *ctx, g_db *db, const cli_actor_opts *o, int64_t *actor_id);

#endif
