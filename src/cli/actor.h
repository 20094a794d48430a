/* actor.h — who runs a site manager's command (rgpd, referents, sync).
 *
 * The same rule as the account commands (cli_admin in cli.h,
 * docs/securite.md « Qui peut gérer les comptes ») for every command that
 * only a responsable may run: --as LOGIN (a responsable, whose password is
 * asked, or read with --password-stdin, and checked) or --local-admin (the
 * database file's owner, journaled). Neither: refused, nothing done. This
 * wraps cli_admin with the --password-stdin option that these commands
 * share. */
#ifndef GUICHET_CLI_ACTOR_H
#define GUICHET_CLI_ACTOR_H

#include <stdint.h>
#include "cli/cli.h"

typedef struct cli_actor_opts {
    cli_admin admin; /* --as LOGIN / --local-admin */
    int from_stdin;  /* --password-stdin */
} cli_actor_opts;

/* Recognises --as LOGIN, --local-admin and --password-stdin at argv[*i]
 * (advancing *i past a value). Returns 1 when consumed, 0 when argv[*i] is
 * not one of them, or -1 after printing a usage error for command cmd. */
int cli_actor_option(const char *cmd, int argc, char **argv, int *i, cli_actor_opts *o);

/* The user id the core functions get: the responsable's id once the
 * password is checked (--as), or 0 for the file's owner (--local-admin,
 * journaled with what). Returns 0, or an exit status after reporting
 * (neither option, a wrong password or not the owner: 5). */
int cli_actor_resolve(cli_ctx *ctx, g_db *db, const cli_actor_opts *o, const char *what,
                      int64_t *actor_id);

#endif
