/* error.h — errors are values.
 *
 * Every core function that can fail returns a g_status and, when given a
 * non-NULL g_error, fills it with a message fit for the user (French, through
 * gettext). The caller decides where it goes: src/ui/ shows it in a dialog or
 * a form, src/cli/ prints it on stderr (see err_report in cli). */
#ifndef GUICHET_ERROR_H
#define GUICHET_ERROR_H

#include <stddef.h>

typedef enum g_status {
    G_OK = 0,
    G_ERR_INVALID,  /* bad input: a field, an argument, a file's content */
    G_ERR_NOTFOUND, /* no such row, user, file */
    G_ERR_EXISTS,   /* already there (a login, a unique key) */
    G_ERR_DENIED,   /* not allowed: wrong password, role, disabled account */
    G_ERR_LOCKED,   /* account locked out after failed logins */
    G_ERR_BUSY,     /* the database stayed locked past busy_timeout */
    G_ERR_CONFLICT, /* a rule refused it: double booking, stale edit */
    G_ERR_FOREIGN,  /* not a guichet database */
    G_ERR_NEWER,    /* a database written by a newer guichet */
    G_ERR_DB,       /* any other SQLite failure */
    G_ERR_IO,       /* file system */
    G_ERR_CRYPTO,   /* decryption failed, key missing */
    G_ERR_NOMEM,
} g_status;

typedef struct g_error {
    g_status code;  /* G_OK when nothing happened */
    char field[48]; /* the form field at fault, "" if none (ui uses it) */
    char msg[512];  /* one or two sentences for the user, already translated */
} g_error;

/* Fills err (when not NULL) and returns code, so callers can write
 * `return g_err(err, G_ERR_INVALID, _("…%s…"), x);`. */
g_status g_err(g_error *err, g_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Same, naming the form field at fault. */
g_status g_err_field(g_error *err, g_status code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

void g_err_clear(g_error *err);

/* Short generic label of a status ("base de données occupée"…), translated. */
const char *g_status_label(g_status st);

/* The exit status a command-line command returns for a status; documented in
 * docs/commandes.md. 0 ok, 2 usage, 3 invalid input, 4 not found, 5 denied,
 * 6 busy, 7 refused database, 8 i/o, 9 internal. */
int g_status_exit_code(g_status st);

#endif
