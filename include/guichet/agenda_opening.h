/* agenda_opening.h — when a resource receives: recurring openings and the
 * days taken out of them.
 *
 * An availability is a recurring opening of a resource (recurrence.h) with
 * the motifs allowed in it and its exceptions (EXDATE). Days are local
 * "YYYY-MM-DD" in the site's zone (clock.h), instants UTC seconds. Part of
 * the agenda (agenda.h). */
#ifndef GUICHET_AGENDA_OPENING_H
#define GUICHET_AGENDA_OPENING_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/agenda_resource.h"
#include "guichet/agenda_slots.h"
#include "guichet/recurrence.h"

#define AGENDA_MOTIFS_MAX 16 /* motifs allowed in one availability */

/* --- availability ------------------------------------------------------------ */

typedef struct agenda_availability {
    int64_t id;
    char uuid[AGENDA_UUID_LEN + 1];
    int64_t resource_id;
    recur_rule rule;                   /* DTSTART, times, FREQ, INTERVAL, BYDAY, UNTIL */
    int64_t motifs[AGENDA_MOTIFS_MAX]; /* motifs allowed */
    size_t nmotifs;
} agenda_availability;

/* Adds a recurring opening of a resource with its allowed motifs (at least
 * one). The rule is validated (recur_validate: a slot across midnight is
 * refused with the field named). */
g_status agenda_availability_add(g_db *db, int64_t actor_id, const agenda_availability *a,
                                 int64_t *id_out, g_error *err);

/* Ends a recurring opening: sets UNTIL (inclusive) to until. */
g_status agenda_availability_end(g_db *db, int64_t actor_id, int64_t id, const char *until,
                                 g_error *err);

/* The availabilities of a resource (0 = those of every active resource),
 * by resource then DTSTART, each with its allowed motifs. */
g_status agenda_availability_list(g_db *db, int64_t resource_id, agenda_availability **out,
                                  size_t *count, g_error *err);

/* Exception reasons (availability_exception.reason). */
#define AGENDA_EXC_CANCELLED "annule" /* the day is cancelled */
#define AGENDA_EXC_HOLIDAY   "ferie"  /* public holiday */
#define AGENDA_EXC_ABSENCE   "absence"

/* Deletes one occurrence = adds an exception (EXDATE) on date. The date must
 * be an occurrence of the rule. Live appointments already booked in that
 * occurrence are NOT cancelled: their number is returned in *affected (may
 * be NULL) so the screen can ask to move or cancel them. */
g_status agenda_exception_add(g_db *db, int64_t actor_id, int64_t availability_id, const char *date,
                              const char *reason, const char *comment, int *affected, g_error *err);

/* Removes an exception (the occurrence is open again). */
g_status agenda_exception_remove(g_db *db, int64_t actor_id, int64_t availability_id,
                                 const char *date, g_error *err);

/* A whole day off for a resource: an exception on each of its
 * availabilities that occur that day (G_ERR_NOTFOUND if none does). */
g_status agenda_resource_day_off(g_db *db, int64_t actor_id, int64_t resource_id, const char *date,
                                 const char *reason, const char *comment, int *affected,
                                 g_error *err);

/* --- openings ------------------------------------------------------------------ */

/* The occurrences of the availabilities of a resource (0 = all active
 * resources) between two local dates (inclusive), minus exceptions,
 * ordered by start. */
g_status agenda_openings(g_db *db, int64_t resource_id, const char *from, const char *to,
                         agenda_opening **out, size_t *count, g_error *err);

/* Local day ("YYYY-MM-DD") of an instant, and [start, end) of a local day
 * in UTC (DST days last 23 or 25 hours). */
void agenda_day_of(int64_t t, char out[11]);
g_status agenda_day_bounds(const char *day, int64_t *start_at, int64_t *end_at, g_error *err);

#endif
