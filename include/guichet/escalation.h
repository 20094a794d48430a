/* escalation.h — a visitor's file handed to a partner's referent
 * (« dossier transmis à un référent ») and its follow-up, like an
 * orientation (orientation.h).
 *
 * When the desk cannot settle a case, the agent hands it to the partner's
 * back-office referent (referent.h) through the dedicated channel, and
 * follows it up: ouverte → repondue (the referent answered, the case goes
 * on) | resolue | refusee | expiree; repondue → resolue | refusee. A closed
 * one stays closed (hand it over again instead). Unanswered ones expire
 * [orientation] expiry_days after they were handed over; the follow-up date
 * defaults to today + [orientation] followup_days.
 *
 * Any enabled account may hand a file over and follow it up (actor_id = the
 * logged-in user; 0 = the command line). Every change is one transaction
 * with a history row and a journal entry ("escalation-…", object
 * "escalation:<uuid>"); the subject and the answer are short, plain and
 * never confidential (confidential things go in notes). */
#ifndef GUICHET_ESCALATION_H
#define GUICHET_ESCALATION_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"

#define ESCALATION_TEXT_MAX 300 /* characters of the subject and of the answer */

/* Statuses: NULL-terminated codes with parallel French labels (N_()). */
extern const char *const escalation_statuses[]; /* ouverte, repondue, resolue, refusee, expiree */
extern const char *const escalation_status_labels[];

/* Translated label of a status code ("" if unknown). */
const char *escalation_status_label(const char *code);

/* 1 when the status is final (resolue, refusee, expiree). */
int escalation_is_closed(const char *status);

/* 1 when a file in status `from` may move to `to` by the machine above
 * (ouverte → repondue | resolue | refusee | expiree; repondue → resolue |
 * refusee), 0 otherwise (a closed one, an answer already received, an
 * unknown code). No database: the screens ask it before offering a key. */
int escalation_can_become(const char *from, const char *to);

/* The same as a status: G_OK when the move is allowed, else G_ERR_CONFLICT
 * with the French reason in err (the one escalation_set_status gives): the
 * file is closed, its answer is already received, or the move is not in
 * the machine. No database. */
g_status escalation_check_move(const char *from, const char *to, g_error *err);

typedef struct escalation_new {
    int64_t visitor_id;      /* required: a live file */
    int64_t visit_id;        /* the request it comes from, 0 = none */
    int64_t referent_id;     /* required: a referent in post today */
    const char *subject;     /* what was handed over, a few plain words (required) */
    const char *followup_on; /* YYYY-MM-DD; NULL/"" = today + followup_days */
} escalation_new;

typedef struct escalation {
    int64_t id;
    char uuid[37];
    int64_t visitor_id; /* 0 once the person's file was erased or purged */
    int64_t visit_id;   /* 0 = none */
    int64_t referent_id;
    char subject[ESCALATION_TEXT_MAX * 4 + 16];
    char status[12];
    char answer[ESCALATION_TEXT_MAX * 4 + 16];
    char followup_on[11];
    int64_t created_by;
    int64_t created_at;
    int64_t updated_at;
    /* joined for lists */
    char referent_name[340]; /* « Mme X (Référente CAF) » */
    char partner[256];       /* the operator's short name or the service's name */
    char visitor_name[160];  /* « Lefèvre Élodie » (last name first, as the orientations
                              * and the queue); "" once erased */
} escalation;

typedef struct escalation_event {
    int64_t at;
    int64_t user_id; /* 0 = system (expiry, purge) */
    char login[33];  /* "" for the system */
    char from_status[12];
    char to_status[12];
    char detail[ESCALATION_TEXT_MAX * 4 + 16];
} escalation_event;

/* Hands a file over; *id_out (may be NULL) gets the new id. G_ERR_INVALID
 * naming the field ("subject", "followup_on"), G_ERR_NOTFOUND for the
 * visitor, request or referent, G_ERR_CONFLICT for a referent not in post
 * today. Journaled "escalation-add". */
g_status escalation_create(g_db *db, const g_config *cfg, int64_t actor_id,
                           const escalation_new *in, int64_t *id_out, g_error *err);

/* Moves a file handed over to `status` (see the machine above), with the
 * referent's answer in a few words (required for refusee, optional
 * otherwise; "" keeps the previous answer). G_ERR_CONFLICT for a move the
 * machine forbids, with a message saying why. Journaled "escalation-status". */
g_status escalation_set_status(g_db *db, int64_t actor_id, int64_t id, const char *status,
                               const char *answer, g_error *err);

/* Changes the follow-up date of one not yet closed. */
g_status escalation_set_followup(g_db *db, int64_t actor_id, int64_t id, const char *date,
                                 g_error *err);

/* Expires every one still `ouverte` handed over more than
 * cfg->orientation.expiry_days days ago. *count (may be NULL) gets how many.
 * Meant to run with orientation_expire_due. */
g_status escalation_expire_due(g_db *db, const g_config *cfg, int *count, g_error *err);

g_status escalation_get(g_db *db, int64_t id, escalation *out, g_error *err);

/* Not closed, to follow up on `day` (YYYY-MM-DD) or overdue, oldest
 * follow-up first (the home screen's list). *out malloc'd. */
g_status escalation_list_followup(g_db *db, const char *day, escalation **out, size_t *count,
                                  g_error *err);

/* How many escalation_list_followup would list, without reading them (the
 * home screen's count, again every few seconds). */
g_status escalation_count_followup(g_db *db, const char *day, int *count, g_error *err);

/* A visitor's, newest first. *out malloc'd. */
g_status escalation_list_visitor(g_db *db, int64_t visitor_id, escalation **out, size_t *count,
                                 g_error *err);

/* The history of one, oldest first. *out malloc'd. */
g_status escalation_history(g_db *db, int64_t id, escalation_event **out, size_t *count,
                            g_error *err);

#endif
