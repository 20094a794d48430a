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

/* agenda_availability_save's flags. */
#define AGENDA_SAVE_FORCE 1 /* accept an overlap with another opening of the resource */

/* What agenda_availability_save did. */
typedef struct agenda_save_info {
    int64_t id;            /* the opening saved */
    int64_t overlap_id;    /* with AGENDA_SAVE_FORCE: the opening it overlaps, 0 = none */
    char overlap_date[11]; /* their first common day from today, YYYY-MM-DD */
} agenda_save_info;

/* Adds (a->id == 0) or changes (a->id > 0: its rule and motifs; the
 * resource of an opening never changes) a recurring opening with its
 * allowed motifs (at least one), in one transaction journaled
 * "availability-add" / "availability-update". The rule is validated
 * (recur_validate: a slot across midnight is refused with the field
 * named). Refused with G_ERR_CONFLICT:
 *   - field "overlap" when, from today on, it overlaps another opening of
 *     the same resource (recur_overlap: a common day with hours that
 *     intersect), naming it and the first such day, unless flags has
 *     AGENDA_SAVE_FORCE (the journal then names the other opening);
 *   - field "appointments" when a change would leave appointments to come
 *     outside every opening that allows their motif, saying how many and
 *     the first one's day (move or cancel them first).
 * info (may be NULL) says what was saved. */
g_status agenda_availability_save(g_db *db, int64_t actor_id, const agenda_availability *a,
                                  int flags, agenda_save_info *info, g_error *err);

/* agenda_availability_save of a new opening without AGENDA_SAVE_FORCE (a->id
 * is ignored). */
g_status agenda_availability_add(g_db *db, int64_t actor_id, const agenda_availability *a,
                                 int64_t *id_out, g_error *err);

/* Deletes an opening with its motifs and closed days, journaled
 * "availability-delete". Refused (G_ERR_CONFLICT, field "appointments",
 * with their number and the first one's day) when appointments to come
 * would be left outside every opening allowing their motif: they are moved
 * or cancelled first. G_ERR_NOTFOUND for an unknown id. */
g_status agenda_availability_delete(g_db *db, int64_t actor_id, int64_t id, g_error *err);

/* One opening with its motifs. G_ERR_NOTFOUND when there is no such id. */
g_status agenda_availability_get(g_db *db, int64_t id, agenda_availability *out, g_error *err);

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
