/* referent.h — the partners' back-office referents (docs/referents.md).
 *
 * The charter asks the houses to keep "constant contact with the partners'
 * back offices": each partner operator (CAF, Assurance maladie…) or local
 * service of the directory gives the site one or more named contacts — a
 * name, a role, a phone, an e-mail, a dedicated channel (« portail
 * partenaire », « adresse fonctionnelle »…) and the days and hours they
 * answer (the OpenStreetMap opening_hours syntax of hours.h). A referent
 * belongs to an operator OR to a service.
 *
 * When a referent changes, the old one is ended on the day before and the
 * new one starts that day, naming the one they replace: the history stays
 * and the files already handed to the old referent keep pointing at them.
 * A referent is "current" on a day when valid_from <= day <= valid_to (or
 * valid_to is open).
 *
 * Changes (add, update, replace, end, import) are the site manager's:
 * actor_id is an enabled responsable, or 0 for the command line. Each is one
 * transaction journaled "referent-…" (object "referent:<uuid>", never a
 * phone or e-mail in the detail). */
#ifndef GUICHET_REFERENT_H
#define GUICHET_REFERENT_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"

/* Maxima, in characters. */
#define REFERENT_NAME_MAX    80
#define REFERENT_ROLE_MAX    120
#define REFERENT_EMAIL_MAX   254
#define REFERENT_CHANNEL_MAX 120
#define REFERENT_DAYS_MAX    200 /* opening_hours text */
#define REFERENT_BUF(m)      ((m)*4 + 16)

typedef struct referent {
    int64_t id; /* 0 = not saved yet */
    char uuid[37];
    char operator_code[32]; /* ref_operators code, "" when attached to a service */
    int64_t service_id;     /* directory service, 0 when attached to an operator */
    char service_key[200];  /* the service's "source:source_id" (CSV, export), "" */
    char service_name[256]; /* joined, for lists; "" for an operator */
    char name[REFERENT_BUF(REFERENT_NAME_MAX)];
    char role[REFERENT_BUF(REFERENT_ROLE_MAX)];
    char phone[32]; /* as typed; stored E.164 ("" = none) */
    char email[REFERENT_BUF(REFERENT_EMAIL_MAX)];
    char channel[REFERENT_BUF(REFERENT_CHANNEL_MAX)];
    char days[REFERENT_BUF(REFERENT_DAYS_MAX)]; /* "Mo,Th 09:00-12:00", "" = not said */
    char valid_from[11];                        /* YYYY-MM-DD; "" = today when added */
    char valid_to[11];                          /* YYYY-MM-DD last day, "" = still in post */
    int64_t replaces_id;                        /* the referent this one replaced, 0 = none */
    int64_t replaced_by_id;                     /* joined: who replaced this one, 0 = nobody */
    int64_t created_at;
    int64_t updated_at;
} referent;

/* Empties r (valid_from "" = today). */
void referent_init(referent *r);

/* Checks r as a form or an import line would: an operator OR a service
 * (not both, not neither; the operator known), a name, lengths (in
 * characters), no control characters, the phone (normalize_phone), the
 * e-mail, the days (hours_parse; its message names the position), the
 * dates. G_ERR_INVALID with err->field one of "operator", "service",
 * "name", "role", "phone", "email", "channel", "days", "valid_from",
 * "valid_to" and a French message. Does not look at the database. */
g_status referent_validate(const referent *r, g_error *err);

/* Adds a referent (r->id must be 0); on success r holds what was stored
 * (id, uuid, canonical phone, valid_from). The service must exist
 * (G_ERR_NOTFOUND). Journaled "referent-add". */
g_status referent_add(g_db *db, int64_t actor_id, referent *r, g_error *err);

/* Corrects a referent's details (a new phone, a typo): every field but the
 * attachment (operator/service), valid_from and the replacement links.
 * Journaled "referent-update" with the names of the fields changed. */
g_status referent_update(g_db *db, int64_t actor_id, referent *r, g_error *err);

/* A referent changes: old_id ends on the day before `from` (YYYY-MM-DD,
 * "" = today) and `r` (same operator or service as old_id, whatever r
 * says) starts on `from`, naming old_id. G_ERR_CONFLICT when old_id has
 * already ended before `from`, was already replaced, or `from` is not after
 * its start. Journaled "referent-replace". r holds what was stored. */
g_status referent_replace(g_db *db, int64_t actor_id, int64_t old_id, const char *from, referent *r,
                          g_error *err);

/* Ends a referent without successor: last day `last` (YYYY-MM-DD, "" =
 * today). Journaled "referent-end". */
g_status referent_end(g_db *db, int64_t actor_id, int64_t id, const char *last, g_error *err);

g_status referent_get(g_db *db, int64_t id, referent *out, g_error *err);

/* Which referents a list shows. */
typedef struct referent_filter {
    const char *operator_code; /* NULL/"" = any */
    int64_t service_id;        /* 0 = any */
    const char *day;           /* current on that day (YYYY-MM-DD); NULL = today */
    int history;               /* 1 = every referent, past and future too (day ignored) */
} referent_filter;

/* Referents ordered by operator (ref_operators order), then service name,
 * then valid_from. *out malloc'd (free it), NULL when *count is 0. */
g_status referent_list(g_db *db, const referent_filter *f, referent **out, size_t *count,
                       g_error *err);

/* The referents to show on the orientation screen and the slip's agent
 * copy for a service: those of the service itself, then those of its
 * operator (a CAF service shows the CAF's referents), current on `day`
 * (NULL = today). *out malloc'd, NULL when none. */
g_status referent_for_service(g_db *db, int64_t service_id, const char *day, referent **out,
                              size_t *count, g_error *err);

/* The current referents of an operator on `day` (NULL = today). */
g_status referent_for_operator(g_db *db, const char *operator_code, const char *day, referent **out,
                               size_t *count, g_error *err);

/* The chain of a referent: who they replaced, who replaced them, oldest
 * first (r itself included). *out malloc'd. */
g_status referent_history(g_db *db, int64_t id, referent **out, size_t *count, g_error *err);

/* A referent as the lines of a slip's agent copy or a detail panel, at most
 * `width` columns each, lines ending in '\n': « Mme X — Référente CAF »,
 * « Tél. 03 86 … · courriel … », « Canal : portail partenaire », « Répond :
 * le mardi et le jeudi : 09:00–12:00 » and, when now is given (> 0),
 * whether they answer now (hours_status); « En fonction jusqu'au … » for a
 * referent who left, unless now < 0 (the caller writes the whole period).
 * Always NUL-terminated. */
void referent_describe(const referent *r, int64_t now, int width, char *buf, size_t size);

/* What an import did (or would do). */
typedef struct referent_import_problem {
    int line;      /* physical line where the record starts (1 = header) */
    char msg[400]; /* French, without the line number */
} referent_import_problem;

typedef struct referent_import_result {
    int lines;                         /* data records read */
    int created;                       /* new referents */
    int updated;                       /* referents whose details changed */
    int replaced;                      /* replacements (a line naming the referent it replaces) */
    int unchanged;                     /* already identical */
    referent_import_problem *problems; /* malloc'd; free with referent_import_result_free */
    size_t nproblem;
} referent_import_result;

/* The CSV columns, in the order `export` writes them (docs/referents.md):
 * uuid;operateur;service;nom;fonction;telephone;courriel;canal;jours;debut;
 * fin;remplace. Separator ';' or ',' (from the header), BOM and CRLF
 * accepted, libcsv. A line with a known uuid updates that referent; a line
 * without uuid adds one, or, with `remplace` = the uuid of a current
 * referent, replaces them from `debut`. All or nothing: every line is
 * checked first, every bad line is reported (number and reason) and
 * nothing is written; then one transaction, journaled "referents-import".
 * dry_run: check and count only. res is always initialised. */
g_status referent_import(g_db *db, int64_t actor_id, const char *path, int dry_run,
                         referent_import_result *res, g_error *err);
void referent_import_result_free(referent_import_result *res);

/* Writes every referent (history included) to path as CSV in the columns
 * above, atomically (csvout: temporary file, fsync, rename), with the
 * [export] separator, BOM and line ends of cfg (defaults when NULL).
 * *rows (may be NULL) gets the number of referents written. */
g_status referent_export(g_db *db, const g_config *cfg, const char *path, int64_t *rows,
                         g_error *err);

#endif
