/* agenda_free.h — the free slots the openings of a resource leave once the
 * appointments already booked are taken out: for one day, or the next ones
 * from a given instant. Reads only. Part of the agenda (agenda.h). */
#ifndef GUICHET_AGENDA_FREE_H
#define GUICHET_AGENDA_FREE_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/agenda_opening.h"

#define AGENDA_SEARCH_DAYS 90 /* how far agenda_next_free_slots looks ahead */

/* Free slots of motif_id on local day `day` for one resource (0 = every
 * resource offering the motif): availability − exceptions − live
 * appointments, each free stretch cut from its start by the motif's
 * duration. For a workshop, a session already started with places left is
 * listed with its remaining places. Ordered by start, then resource. */
g_status agenda_free_slots(g_db *db, int64_t resource_id, int64_t motif_id, const char *day,
                           agenda_slot **out, size_t *count, g_error *err);

/* The first `max` free slots starting at or after `after` (UTC), searching
 * up to AGENDA_SEARCH_DAYS days ahead, for motif_id, or (motif_id 0) for
 * every active motif of operator_code. *count may be 0 (nothing free). */
g_status agenda_next_free_slots(g_db *db, int64_t motif_id, const char *operator_code,
                                int64_t after, size_t max, agenda_slot **out, size_t *count,
                                g_error *err);

/* The next free slot (one). G_ERR_NOTFOUND with a French message when none
 * within AGENDA_SEARCH_DAYS days. */
g_status agenda_next_free_slot(g_db *db, int64_t motif_id, const char *operator_code, int64_t after,
                               agenda_slot *out, g_error *err);

#endif
