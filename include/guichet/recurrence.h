/* recurrence.h — recurring openings as a subset of RFC 5545 (iCalendar).
 *
 * A rule is named after the RFC's parts: DTSTART (first date + wall times),
 * FREQ (WEEKLY or MONTHLY), INTERVAL, BYDAY, UNTIL, and EXDATE (the
 * exceptions, given separately). Everything is computed on local calendar
 * dates and wall-clock times of the site's zone (clock.h), then converted to
 * UTC per occurrence, so a 09:00 opening stays at 09:00 on both sides of a
 * daylight-saving change while its UTC instant moves.
 *
 * Supported BYDAY forms:
 *   WEEKLY : "TU", "MO,TH" (no ordinal); empty = DTSTART's weekday.
 *   MONTHLY: "2TU,4TU" (n-th weekday), "-1FR" (last Friday), "TU" (every
 *            Tuesday of the month); empty = DTSTART's day of month.
 * Weeks start on Monday (WKST=MO): "every 2 weeks" counts from the week that
 * contains DTSTART. Dates are "YYYY-MM-DD" strings, times "HH:MM". */
#ifndef GUICHET_RECURRENCE_H
#define GUICHET_RECURRENCE_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/error.h"

typedef enum recur_freq {
    RECUR_WEEKLY = 0,
    RECUR_MONTHLY = 1,
} recur_freq;

#define RECUR_BYDAY_MAX 15 /* entries of a BYDAY list */

typedef struct recur_rule {
    char dtstart[11]; /* first date the rule may occur, YYYY-MM-DD */
    int start_min;    /* wall time of the start, minutes after local midnight */
    int end_min;      /* wall time of the end (same day, > start_min) */
    recur_freq freq;  /* WEEKLY or MONTHLY */
    int interval;     /* every N weeks / months, >= 1 */
    char byday[64];   /* "TU", "2TU,4TU", "-1FR" (see above) */
    char until[11];   /* last date (inclusive), "" = no end */
} recur_rule;

typedef struct recur_occurrence {
    char date[11];    /* local date of the occurrence */
    int64_t start_at; /* UTC instant of the start */
    int64_t end_at;   /* UTC instant of the end */
} recur_occurrence;

/* --- local calendar helpers (no time zone involved) ---------------------- */

/* Dates are parsed and formatted by clock_date_parse / clock_date_format
 * (clock.h): day numbers are days since 1970-01-01. */

/* ISO weekday of a day number: 1 = Monday … 7 = Sunday. */
int recur_weekday(int64_t day);

/* Parses "HH:MM" (00:00 … 24:00) into minutes after midnight; -1 if bad. */
int recur_time_parse(const char *s);

/* Minutes -> "HH:MM". */
void recur_time_format(int min, char out[6]);

/* The UTC instants of a wall-clock slot on a local date. Refuses (with a
 * French message, G_ERR_INVALID) a slot that ends before it starts or
 * crosses midnight, and one whose start or end falls in the spring-forward
 * gap of the site's zone (those wall times do not exist that day). */
g_status recur_slot_utc(const char *date, int start_min, int end_min, int64_t *start_at,
                        int64_t *end_at, g_error *err);

/* --- rules -------------------------------------------------------------- */

/* Checks a rule: dates, times (a slot crossing midnight is refused),
 * interval, BYDAY syntax for the frequency, UNTIL not before DTSTART.
 * G_ERR_INVALID with the field at fault ("dtstart", "start", "end",
 * "interval", "byday", "until"). */
g_status recur_validate(const recur_rule *rule, g_error *err);

/* 1 when the rule occurs on local day `day` (ignoring exceptions). The rule
 * must be valid. */
int recur_occurs_on(const recur_rule *rule, int64_t day);

/* Expands the rule into its occurrences whose date lies in [from, to]
 * (inclusive "YYYY-MM-DD"), chronological, skipping the dates listed in
 * exdates (nex entries, "YYYY-MM-DD", may be NULL when nex is 0). An
 * occurrence whose wall times do not exist that day (spring-forward gap) is
 * skipped and counted in *gaps (may be NULL). *out is malloc'd (free() it;
 * NULL when *count is 0). */
g_status recur_expand(const recur_rule *rule, const char *from, const char *to,
                      const char *const *exdates, size_t nex, recur_occurrence **out, size_t *count,
                      size_t *gaps, g_error *err);

/* The RFC 5545 RRULE value of a rule ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;
 * UNTIL=20261231"), for the iCalendar export and the screens. */
void recur_rrule(const recur_rule *rule, char *buf, size_t size);

/* A short French description ("toutes les 2 semaines le mardi, 09:00–12:00"),
 * translated, for the screens and the printouts. */
void recur_describe(const recur_rule *rule, char *buf, size_t size);

#endif
