/* observe.h — observation of the territory: the charts of the Statistiques
 * screen and of `guichet stats` (docs/statistiques.md).
 *
 * The charter asks the houses to adapt their opening hours to the public
 * and to know it. Over a period of whole days (site's zone), this module
 * computes:
 *   - arrivals by weekday × hour, beside the minutes the site is open in
 *     each hour of its regular week ([site] hours), and the contacts that
 *     came while it was closed (by channel: phone calls logged as requests
 *     show the hours people call);
 *   - closed requests by partner operator, theme (procedure family or
 *     thématique of each topic), commune and age band;
 *   - the waiting time from arrival to being taken in charge, for people
 *     received at the desk, and those who left before;
 *   - the share of people needing full help (autonomy);
 *   - orientations by outcome (their status now);
 *   - the appointments' no-show rate by motif;
 *   - the visitors' own answers (satisfaction.h), counts only.
 * Requests are read and counted by activity.h, the rule the nightly export
 * and stats.h share. Read-only: nothing is written, nothing journaled,
 * except the CSV file of observe_write_csv. */
#ifndef GUICHET_OBSERVE_H
#define GUICHET_OBSERVE_H

#include <stddef.h>
#include <stdint.h>

#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"

/* One bar of a chart. */
typedef struct observe_row {
    char code[64];   /* the vocabulary code ("caf", "58227", "10-15"), "" = not given */
    char sub[32];    /* a second code ("famille", "rdv-service-public"), often "" */
    char label[200]; /* what the screen shows (French label, commune or motif name) */
    int64_t value;   /* the count */
    int64_t ref;     /* OBSERVE_RATE: what value is out of (appointments due); else 0 */
    int translate;   /* 1: label is a French message id (N_()), shown through gettext */
} observe_row;

typedef enum observe_kind {
    OBSERVE_BARS = 0, /* counts, each also shown as a share of the chart's total */
    OBSERVE_RATE,     /* value out of ref, row by row (no-show rate) */
} observe_kind;

/* Which chart (observe_report.chart[]); their order is the screen's. */
typedef enum observe_chart_id {
    OBS_CLOSED_HOURS = 0, /* contacts that came while the site was closed, by channel */
    OBS_OPERATOR,         /* closed requests by partner operator */
    OBS_THEME,            /* topics of closed requests by procedure family or thématique */
    OBS_COMMUNE,          /* closed requests by the visitor's commune */
    OBS_AGE,              /* closed requests by age band */
    OBS_WAIT,             /* waiting time from arrival to being taken in charge */
    OBS_AUTONOMY,         /* closed requests by autonomy */
    OBS_ORIENTATION,      /* orientations created in the period, by status now */
    OBS_NOSHOW,           /* appointments due, absences, by motif */
    OBS_SOLVED,           /* visitors' answers: problem solved? */
    OBS_SATISFIED,        /* visitors' answers: satisfied 1..4 */
    OBS_CHARTS
} observe_chart_id;

typedef struct observe_chart {
    const char *id;    /* the CSV's `graphique` ("partenaire", "attente"…) */
    const char *title; /* N_() French title */
    observe_kind kind;
    int64_t total;     /* what the shares are of: the sum of the bars, or the closed
                          requests for OBS_OPERATOR and OBS_THEME (a request may count in
                          two bars); OBSERVE_RATE: the sum of ref */
    observe_row *rows; /* malloc'd */
    size_t n;
    size_t cap; /* rows allocated */
} observe_chart;

/* Waiting-time buckets, minutes from arrival to being taken in charge:
 * [0,5) [5,10) [10,15) [15,20) [20,30) [30,45) [45,60) [60,∞). */
#define OBSERVE_WAIT_BUCKETS 8
extern const int observe_wait_limits[OBSERVE_WAIT_BUCKETS]; /* lower bounds, minutes */

typedef struct observe_report {
    char from[11]; /* first day, YYYY-MM-DD (site's zone) */
    char to[11];   /* last day, included */
    int days;
    /* arrivals: every request (any state, any channel) by local weekday
     * (0 = Monday) and hour of arrival */
    int arrivals[7][24];
    int arrivals_total;
    int arrivals_max; /* the largest cell, for the heat scale */
    /* minutes the site is open in each hour of its regular week ([site]
     * hours: the weekday rules, not the dated exceptions); all 0 when no
     * hours are set (hours_error says why, "" when simply not set) */
    int open_minutes[7][24];
    int hours_set;
    char hours_error[256];
    int closed_total; /* requests that arrived while the site was closed
                         (public holidays and dated rules included) */
    int requests;     /* closed requests (the rule of activity.h) */
    int waited;       /* requests with a waiting time (OBS_WAIT's total) */
    int wait_median;  /* minutes, -1 when none */
    observe_chart chart[OBS_CHARTS];
} observe_report;

/* Computes the charts from `from` to `to` (YYYY-MM-DD or JJ/MM/AAAA, both
 * included) against cfg's [site] hours (cfg may be NULL: no hours). Errors
 * as stats_compute (G_ERR_INVALID naming "from" or "to", G_ERR_DB); an
 * unreadable [site] hours is not an error: the charts are computed and
 * hours_error says why the hours are missing. *out is filled; free it with
 * observe_free (also after a failure). */
g_status observe_compute(g_db *db, const g_config *cfg, const char *from, const char *to,
                         observe_report *out, g_error *err);

void observe_free(observe_report *r);

/* The charts as one CSV file (docs/statistiques.md): header periode_debut;
 * periode_fin;graphique;code;sous_code;libelle;valeur;reference, the
 * heatmap first (graphique `arrivees`, one row per weekday × hour, its
 * reference the minutes the site is open in that hour), then one row per
 * bar of each chart. Counts only, never a person. Written atomically with
 * the [export] separator, BOM and line ends of cfg (defaults when NULL);
 * *rows (may be NULL) gets the data rows. Journaled "stats-export" (the
 * period) as actor_id (0 = the command line). */
g_status observe_write_csv(g_db *db, const g_config *cfg, int64_t actor_id, const observe_report *r,
                           const char *path, int64_t *rows, g_error *err);

/* French weekday names, Monday first (N_()). */
extern const char *const observe_weekdays[7];

#endif
