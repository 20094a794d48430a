/* satisfaction.h — usefulness and satisfaction: the visitor's own answer at
 * the close of a request, and the periodic anonymous survey (docs/enquete.md).
 *
 * At closing, the agent may ask two questions, each answered with one key:
 * « Votre problème est-il réglé ? » oui / en partie / non, and « Êtes-vous
 * satisfait(e) de l'accueil ? » 1 (pas du tout) to 4 (très). The visitor may
 * answer one, both or none. The answer is stored ANONYMOUSLY: in the same
 * transaction as the close, but with no link to the request or the person —
 * only the request's day, channel, type of help and partner operators
 * (migration 016). The request only remembers that the question was asked,
 * so it is never asked twice. Nothing here reads an answer back one by one:
 * only counts leave this module (the survey file, the nightly files, the
 * statistics). */
#ifndef GUICHET_SATISFACTION_H
#define GUICHET_SATISFACTION_H

#include <stdint.h>
#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"
#include "guichet/stats.h"
#include "guichet/visit.h"

#define SATISFACTION_SOLVED 3 /* entries of satisfaction_solved */
#define SATISFACTION_LEVELS 4 /* 1 .. 4 */

/* « Problème réglé ? » codes and French labels (N_()), NULL-terminated. */
extern const char *const satisfaction_solved[]; /* oui, en-partie, non */
extern const char *const satisfaction_solved_labels[];
/* The four satisfaction levels' labels (N_()), index 0 = level 1. */
extern const char *const satisfaction_level_labels[];

typedef struct satisfaction_answer {
    char solved[12]; /* "" = not answered, else a satisfaction_solved code */
    int satisfied;   /* 0 = not answered, 1 (pas du tout satisfait) .. 4 (très satisfait) */
} satisfaction_answer;

/* Checks an answer: known code, level 0..4, and at least one of the two
 * answered. G_ERR_INVALID with err->field "solved" or "satisfied". */
g_status satisfaction_validate(const satisfaction_answer *a, g_error *err);

/* Records the answer of a request closed today (site's day) and not yet
 * surveyed. G_ERR_CONFLICT when the request is not closed, was closed on an
 * earlier day, or was already surveyed; G_ERR_NOTFOUND. Any enabled
 * account. Journaled "satisfaction" (object the request, no content). */
g_status satisfaction_record(g_db *db, int64_t agent_id, int64_t visit_id,
                             const satisfaction_answer *a, g_error *err);

/* What the request form calls at closing: visit_close (visit.h) and, when
 * answer is not NULL, satisfaction_record, in ONE transaction — both or
 * neither. answer NULL = the visitor was not asked or did not answer. */
g_status satisfaction_close_visit(g_db *db, int64_t agent_id, int64_t visit_id,
                                  const visit_log *log, const satisfaction_answer *answer,
                                  g_error *err);

/* The same for a request handled on the spot (visit_record, visit.h) and
 * closed at once: the request and, when answer is not NULL, the answer, in
 * ONE transaction. *visit_id (may be NULL) gets the request's id. */
g_status satisfaction_record_visit(g_db *db, int64_t agent_id, int64_t visitor_id,
                                   const visit_anon *anon, const visit_log *log,
                                   const satisfaction_answer *answer, int64_t *visit_id,
                                   g_error *err);

/* The counts of one group. */
typedef struct satisfaction_tally {
    int closed;                         /* closed requests (the statistics' rule) */
    int answers;                        /* answers recorded (one or both questions) */
    int solved[SATISFACTION_SOLVED];    /* oui, en-partie, non */
    int satisfied[SATISFACTION_LEVELS]; /* levels 1 .. 4 */
} satisfaction_tally;

/* A period's counts: in total, by type of help, by channel, by partner
 * operator (a request about two operators counts for each; the last row,
 * index n_operators, is « aucun »). Closed requests are counted as in
 * stats.h (a request on the day it arrived), answers on the day of their
 * request. */
typedef struct satisfaction_report {
    char from[11];
    char to[11];
    satisfaction_tally total;
    satisfaction_tally by_help[STATS_HELP];
    satisfaction_tally by_channel[STATS_CHANNELS];
    int n_operators;
    satisfaction_tally by_operator[STATS_OPERATORS_MAX + 1];
} satisfaction_report;

/* Counts from `from` to `to` (YYYY-MM-DD or JJ/MM/AAAA, both included).
 * Read-only. Errors as stats_compute. */
g_status satisfaction_compute(g_db *db, const char *from, const char *to, satisfaction_report *out,
                              g_error *err);

/* One day's answers (YYYY-MM-DD), for the funders' nightly files: the
 * `answers`, `solved` and `satisfied` tallies only; `closed` stays 0 (the
 * export counts the day's closed requests from its own rows). */
g_status satisfaction_day(g_db *db, const char *day, satisfaction_report *out, g_error *err);

/* The same from `from` to `to` (YYYY-MM-DD, both included): the answers'
 * tallies only, `closed` 0 (the observation of the territory, which reads
 * the period's requests itself). */
g_status satisfaction_answers(g_db *db, const char *from, const char *to, satisfaction_report *out,
                              g_error *err);

/* `guichet enquete export`: the period's counts as one CSV file (counts
 * only; columns in docs/enquete.md), written atomically with the [export]
 * separator, BOM and line ends of cfg (defaults when NULL). *rows (may be
 * NULL) gets the data rows. Journaled "survey-export" (the period). */
g_status satisfaction_export(g_db *db, const g_config *cfg, int64_t actor_id, const char *from,
                             const char *to, const char *path, int64_t *rows, g_error *err);

#endif
