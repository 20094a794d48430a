/* activity.h — the site's requests as they are counted: one definition of a
 * request row (its attributes and its topics, as the funders' files give
 * them) and ONE counting rule, shared by the Statistiques screen (stats.h),
 * the observation of the territory (observe.h) and meant for the nightly
 * export's synthese (export.h), so that the screen, `guichet stats` and the
 * files the funders receive never disagree.
 *
 * The rule (docs/export-format.md, file synthese):
 *   - a request counts on the local day it arrived;
 *   - by state, every request;
 *   - by channel, type of help and partner operator, only closed requests
 *     (state termine);
 *   - a request about two operators counts once for each, two topics of one
 *     operator once; a request without topic, a topic without national
 *     operator, and each distinct operator code outside the vocabulary
 *     count under « aucun »;
 *   - a duration not given counts 0 minutes.
 * A request's age band is the snapshot taken at the request, else the one
 * its visitor's birth date gives on the request's day (the birth date itself
 * never leaves this module); a file erased or anonymised gives none.
 *
 * Read-only: nothing is written, nothing journaled. */
#ifndef GUICHET_ACTIVITY_H
#define GUICHET_ACTIVITY_H

#include <stdint.h>

#include "guichet/db.h"
#include "guichet/error.h"

#define ACTIVITY_STATES    4  /* entries of visit_states */
#define ACTIVITY_CHANNELS  7  /* entries of ref_channels */
#define ACTIVITY_HELP      3  /* entries of ref_help_types */
#define ACTIVITY_OPERATORS 40 /* room for ref_operators (checked at run time) */
#define ACTIVITY_TOPICS    8  /* topics of a request kept for the charts (all are counted) */

/* One topic of a request, codes as stored ("" = not given). */
typedef struct activity_topic {
    char op[32];     /* partner operator code */
    char family[64]; /* procedure family (ref_families) */
    char theme[96];  /* data·inclusion thématique (ref_themes) */
} activity_topic;

/* One request. The vocabulary fields point at the static code strings of
 * the vocabularies (never at SQLite's memory), NULL when the stored value is
 * none of them. */
typedef struct activity_request {
    int64_t id;
    int64_t arrived_at; /* UTC */
    int64_t started_at; /* taken in charge, 0 = never */
    int64_t ended_at;   /* 0 = not ended */
    const char *state;  /* visit_states */
    const char *channel;
    const char *help;
    const char *autonomy;
    const char *outcome;
    const char *sex;
    const char *age_band; /* ref_age_bands; "non-communique" when unknown */
    char commune[6];      /* a valid INSEE code, or "" */
    int has_duration;     /* 0: duration_min is NULL (counts 0 minutes) */
    int64_t minutes;
    int64_t visitor_id;                    /* 0 = anonymous (or the file was erased) */
    int appointment;                       /* 1: a follow-up appointment was taken */
    int ntopics;                           /* all its topics */
    activity_topic topic[ACTIVITY_TOPICS]; /* the first ones, in position order */
    uint64_t ops_known;                    /* bit i: ref_operators[i] is among its topics */
    int ops_none;                          /* how many times it counts under « aucun » */
} activity_request;

/* Calls fn for every request that arrived in [t0, t1) (UTC), in arrival
 * order, its topics read with it (one statement). fn returns G_OK to go on;
 * anything else stops the scan and is returned (err is fn's to fill). A
 * query that fails is an error, never fewer rows. */
typedef g_status (*activity_fn)(void *ctx, const activity_request *r, g_error *err);
g_status activity_scan(g_db *db, int64_t t0, int64_t t1, activity_fn fn, void *ctx, g_error *err);

/* Counts and minutes. */
typedef struct activity_cell {
    int64_t n;
    int64_t minutes;
} activity_cell;

/* What the rule counts, over any set of requests (a day, a period). */
typedef struct activity_tally {
    int n_operators;                             /* ref_operator_count() */
    activity_cell by_state[ACTIVITY_STATES];     /* every request, parallel to visit_states */
    activity_cell by_channel[ACTIVITY_CHANNELS]; /* closed, parallel to ref_channels */
    activity_cell by_help[ACTIVITY_HELP];        /* closed, parallel to ref_help_types */
    /* closed, by operator (ref_operators order; row n_operators = « aucun »)
     * × type of help */
    activity_cell by_operator[ACTIVITY_OPERATORS + 1][ACTIVITY_HELP];
} activity_tally;

/* Empties t. G_ERR_INVALID when the operators' vocabulary outgrew
 * ACTIVITY_OPERATORS (a build to fix, said loudly). */
g_status activity_tally_init(activity_tally *t, g_error *err);

/* Adds one request to t, by the rule above. */
void activity_count(activity_tally *t, const activity_request *r);

/* 1 when the request is closed (the counts by channel, help, operator). */
int activity_is_closed(const activity_request *r);

#endif
