/* orientation.h — a visitor oriented to a partner service, and its follow-up.
 *
 * Status machine (codes in status.h): ORIENT_OPEN → ORIENT_ACCEPTED |
 * ORIENT_REFUSED (with a refusal reason code) | ORIENT_EXPIRED
 * (automatically, expiry_days after creation without an answer).
 * Nothing else: a closed orientation stays closed (orient again instead).
 * Every change is one transaction with a row in orientation_history (who,
 * when, from, to) and an entry in the journal. */
#ifndef GUICHET_ORIENTATION_H
#define GUICHET_ORIENTATION_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"
#include "guichet/status.h"

/* Statuses, refusal reasons and contact preferences: NULL-terminated code
 * arrays with parallel French labels (N_(): translate with _() to show). */
extern const char *const orientation_statuses[]; /* ORIENT_OPEN … ORIENT_EXPIRED */
extern const char *const orientation_status_labels[];
extern const char *const orientation_refusals[]; /* injoignable, …, autre */
extern const char *const orientation_refusal_labels[];
extern const char *const orientation_contacts[]; /* telephone, courriel, par-l-agent, autre */
extern const char *const orientation_contact_labels[];

/* Translated label of a code of one of the arrays above ("" if unknown). */
const char *orientation_label(const char *const *codes, const char *const *labels,
                              const char *code);

/* 1 when the status is final (validee, refusee, expiree): neither its status
 * nor its follow-up date changes any more. 0 for ouverte or an unknown code. */
int orientation_is_closed(const char *status);

/* 1 when an orientation in status `from` may move to `to` by the machine
 * above (ouverte → validee | refusee | expiree), 0 otherwise (a closed one,
 * the same status, an unknown code). No database: the screens ask it before
 * offering a key. */
int orientation_can_become(const char *from, const char *to);

/* The same as a status: G_OK when the move is allowed, else G_ERR_CONFLICT
 * with the French reason in err (err may be NULL), the one
 * orientation_set_status gives: the orientation is closed, or the move is
 * not in the machine (field "status"). No database. */
g_status orientation_check_move(const char *from, const char *to, g_error *err);

/* G_OK when an orientation in `status` may get a new follow-up date (it is
 * open), else G_ERR_CONFLICT with the reason orientation_set_followup gives
 * (err may be NULL). No database. */
g_status orientation_check_followup(const char *status, g_error *err);

typedef struct orientation_new {
    int64_t visitor_id;      /* required */
    int64_t visit_id;        /* the request it comes from, 0 = none */
    int64_t service_id;      /* required */
    const char *theme;       /* thématique code, NULL/"" = none */
    const char *reason;      /* short plain words, printed on the slip (300 bytes at most) */
    const char *contact;     /* orientation_contacts code; NULL = "telephone" */
    const char *followup_on; /* YYYY-MM-DD; NULL/"" = today + cfg->orientation.followup_days */
} orientation_new;

typedef struct g_orientation {
    int64_t id;
    char uuid[37];
    int64_t visitor_id;
    int64_t visit_id; /* 0 = none */
    int64_t service_id;
    char theme[96];
    char reason[320];
    char contact[16];
    char status[12];
    char refusal_reason[32]; /* "" unless refusee */
    char followup_on[11];    /* YYYY-MM-DD */
    int64_t created_by;
    int64_t created_at;
    int64_t updated_at;
    /* joined for lists and the slip */
    char service_name[256];
    char service_phone[64];
    char visitor_name[160]; /* « Lefèvre Élodie » (last name first); "" for an anonymised file */
} g_orientation;

typedef struct orientation_event {
    int64_t at;
    int64_t user_id;      /* 0 = system (expiry) */
    char login[33];       /* "" for the system */
    char from_status[12]; /* "" at creation */
    char to_status[12];
    char detail[96]; /* refusal reason code, … */
} orientation_event;

/* The follow-up date an orientation gets when none is typed: today (site's
 * zone) + cfg->orientation.followup_days (10 when cfg is NULL), as
 * "YYYY-MM-DD" in out. The form shows it; orientation_create uses it. */
void orientation_default_followup(const g_config *cfg, char out[11]);

/* Creates an open orientation; *id_out gets its id (may be NULL). Checks the
 * visitor and service exist, the theme and contact codes, the date. Journaled
 * as "orientation-add". */
g_status orientation_create(g_db *db, const g_config *cfg, int64_t user_id,
                            const orientation_new *in, int64_t *id_out, g_error *err);

/* Moves an open orientation to validee, refusee (refusal = an
 * orientation_refusals code, required) or expiree. Any other move, or a move
 * from a closed status, is G_ERR_CONFLICT with the message of
 * orientation_check_move. Journaled as "orientation-status". */
g_status orientation_set_status(g_db *db, int64_t user_id, int64_t id, const char *status,
                                const char *refusal, g_error *err);

/* Changes the follow-up date of an open orientation (YYYY-MM-DD). A closed
 * one is G_ERR_CONFLICT with the message of orientation_check_followup, an
 * unknown id G_ERR_NOTFOUND. */
g_status orientation_set_followup(g_db *db, int64_t user_id, int64_t id, const char *date,
                                  g_error *err);

/* Expires every open orientation created more than cfg->orientation.expiry_days
 * days ago (clock_now()). *count (may be NULL) gets how many. One transaction;
 * each expiry has its history row (user 0) and journal entry. Called by the
 * screens at the start of the day and by the export. */
g_status orientation_expire_due(g_db *db, const g_config *cfg, int *count, g_error *err);

g_status orientation_get(g_db *db, int64_t id, g_orientation *out, g_error *err);

/* Open orientations to follow up on `day` (YYYY-MM-DD) or overdue, oldest
 * follow-up first — the home screen's list. *out malloc'd (free it). */
g_status orientation_list_followup(g_db *db, const char *day, g_orientation **out, size_t *count,
                                   g_error *err);

/* How many orientation_list_followup would list, without reading them: the
 * home screen and the directory count them again every few seconds. */
g_status orientation_count_followup(g_db *db, const char *day, int *count, g_error *err);

/* A visitor's orientations, newest first. *out malloc'd. */
g_status orientation_list_visitor(g_db *db, int64_t visitor_id, g_orientation **out, size_t *count,
                                  g_error *err);

/* The history of one orientation, oldest first. *out malloc'd. */
g_status orientation_history(g_db *db, int64_t id, orientation_event **out, size_t *count,
                             g_error *err);

#endif
