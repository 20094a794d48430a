/* cli.h — the non-interactive commands (cron, scripts, the site manager).
 *
 * Each command is one file src/cli/<name>.c with one entry function, listed
 * once in commands.def. Commands use the same core as the screens; they print
 * errors on stderr (cli_report) and return an exit status from
 * g_status_exit_code (documented in docs/commandes.md). */
#ifndef GUICHET_CLI_H
#define GUICHET_CLI_H

#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"

/* What main() parsed before the command name. */
typedef struct cli_ctx {
    g_config cfg;           /* settings loaded from --config or the default file */
    char db_path[PATH_MAX]; /* --db, else [database] path, else the default */
    int db_given;           /* 1 when --db was on the command line */
    int demo;               /* --demo */
} cli_ctx;

typedef int (*cli_fn)(cli_ctx *ctx, int argc, char **argv);

#define CLI_COMMAND(name, fn, help) int fn(cli_ctx *ctx, int argc, char **argv);
#include "cli/commands.def"
#undef CLI_COMMAND

/* Exit statuses beyond g_status_exit_code. */
enum { CLI_EXIT_USAGE = 2 };

/* Prints "guichet: <msg>" on stderr and returns the exit status for err. */
int cli_report(const g_error *err);

/* Prints a usage error on stderr ("guichet <cmd>: …") and returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* 1 when --help or -h is among the command's arguments: its usage then goes
 * to standard output with status 0, not as an error. */
int cli_wants_help(int argc, char **argv);

/* A date given on the command line, JJ/MM/AAAA or AAAA-MM-JJ (and every
 * form normalize_date reads: 1/3/26, 01032026), into iso (AAAA-MM-JJ).
 * Returns 0, or the exit status after reporting « « … » n'est pas une date
 * valide … » on stderr. */
int cli_date(const char *in, char iso[11]);

/* Opens ctx->db_path (must exist). Returns 0 or an exit status after
 * reporting. */
int cli_open_db(cli_ctx *ctx, g_db **db);

/* Reads a password: from stdin (one line) when from_stdin, else from the
 * terminal without echo, with prompt on stderr. Returns 0, or an exit status
 * after reporting. buf is wiped by the caller (sodium_memzero). */
int cli_read_password(const char *prompt, int from_stdin, char *buf, size_t size);

/* Replaces stdout and stderr by streams that show every control character
 * as « � » (src/cli/visible.c): what a command prints never drives the
 * terminal, whatever a stored text holds. Called once before a command
 * runs (never for the screens). */
void cli_guard_output(void);

/* A stored one-line text as a list may print it: every control character,
 * LF included, shown as « � » (fieldtext_visible). Static storage, four
 * calls deep. */
const char *cli_text(const char *s);

/* Writes n bytes to fd as they are (past the guard); 0 or -1 (errno). */
int cli_write_raw(int fd, const char *p, size_t n);

/* How an account command (`user add|disable|enable|reset`) proves who runs
 * it: anyone who can write the database file could otherwise create a
 * responsable (docs/securite.md, "Qui peut gérer les comptes"). */
typedef struct cli_admin {
    const char *as; /* --as LOGIN: a responsable, whose password is asked */
    int local;      /* --local-admin: the database file's owner, journaled */
} cli_admin;

/* Takes --as LOGIN or --local-admin at argv[*i] (advancing *i past a value).
 * Returns 1 when it was one of them, 0 when not, -1 after a usage error
 * (reported). */
int cli_admin_option(const char *cmd, int argc, char **argv, int *i, cli_admin *a);

/* Who acts, before the command's core call: for --as, the responsable's
 * password is read (the first line of stdin with --password-stdin, else
 * without echo on the terminal) and checked (auth_check_manager: counted,
 * journaled); *actor is their id. For --local-admin, the process must run
 * as the owner of the database file; a "local-admin" entry naming the
 * system account and what is done (what) is journaled; *actor is 0.
 * Neither option: refused. Returns 0, or an exit status after reporting. */
int cli_admin_actor(cli_ctx *ctx, g_db *db, const cli_admin *a, int from_stdin, const char *what,
                    int64_t *actor);

#endif
