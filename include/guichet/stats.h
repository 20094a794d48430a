/* stats.h — the site's activity over a period, for the Statistiques screen.
 *
 * A period is a run of whole days in the site's zone, both ends included
 * (today, this week from Monday, this month from the 1st, or a range the
 * manager types). The counts follow the nightly export's synthese file
 * (docs/export-format.md), so that the screen and the files the funders
 * receive agree: a request is counted on the day it arrived; the counts by
 * channel, type of help and partner operator are of closed requests (state
 * termine); a request about two operators counts once for each, two topics
 * of the same operator count once, and a request with no national operator
 * counts under « aucun ». Appointments are those of guichet's agenda plus
 * those imported from RDV Service Public (external_appointment), each
 * counted once on the day it starts, by status. Read-only: nothing is
 * written, nothing journaled. */
#ifndef GUICHET_STATS_H
#define GUICHET_STATS_H

#include <stdint.h>

#include "guichet/agenda_book.h"
#include "guichet/db.h"
#include "guichet/error.h"

#define STATS_HELP          3  /* entries of ref_help_types */
#define STATS_CHANNELS      7  /* entries of ref_channels */
#define STATS_OPERATORS_MAX 40 /* room for ref_operators (checked at run time) */
#define STATS_ORIENT        4  /* entries of orientation_statuses */
#define STATS_APPT          5  /* entries of agenda_statuses (agenda_book.h) */

/* The predefined periods, each ending today (clock_today()). */
typedef enum stats_span {
    STATS_TODAY = 0, /* today only */
    STATS_WEEK,      /* Monday of this week .. today */
    STATS_MONTH,     /* the 1st of this month .. today */
} stats_span;

/* The French labels (N_()) of the appointment statuses, parallel to
 * agenda_statuses (agenda_book.h) and stats_report.appt_by_status;
 * NULL-terminated. */
extern const char *const stats_appointment_status_labels[];

typedef struct stats_report {
    char from[11];                  /* first day, YYYY-MM-DD (site's zone) */
    char to[11];                    /* last day, included */
    int days;                       /* days in the period */
    int requests;                   /* closed requests (termine) that arrived in the period */
    int left;                       /* people gone before being seen (parti) */
    int pending;                    /* still waiting or being helped (attente, en-cours) */
    int64_t minutes;                /* total duration of the closed requests */
    int by_help[STATS_HELP];        /* closed requests, parallel to ref_help_types */
    int by_channel[STATS_CHANNELS]; /* closed requests, parallel to ref_channels */
    int n_operators;                /* ref_operator_count(): rows used in by_operator */
    /* closed requests by partner operator (ref_operators order; row
     * n_operators = none of the national partners) × type of help */
    int by_operator[STATS_OPERATORS_MAX + 1][STATS_HELP];
    int orientations;                   /* orientations created in the period */
    int orient_by_status[STATS_ORIENT]; /* their status now, parallel to orientation_statuses */
    int appointments;                   /* appointments starting in the period, guichet's own and
                                           those imported from RDV Service Public */
    int appt_by_status[STATS_APPT];     /* parallel to agenda_statuses */
    int appointments_rdvsp;             /* of which imported from RDV Service Public (rdvsp.h) */
} stats_report;

/* The first and last day (YYYY-MM-DD) of a predefined period, as of
 * clock_now() in the site's zone. */
void stats_span_days(stats_span span, char from[11], char to[11]);

/* Counts the activity from `from` to `to` inclusive. Both dates may be typed
 * JJ/MM/AAAA or AAAA-MM-JJ. G_ERR_INVALID with err->field "from" or "to" and
 * a French message for an impossible date or an end before the start;
 * G_ERR_DB for the database. *out is filled (zeroed first). */
g_status stats_compute(g_db *db, const char *from, const char *to, stats_report *out, g_error *err);

/* The same for a predefined period. */
g_status stats_compute_span(g_db *db, stats_span span, stats_report *out, g_error *err);

#endif
