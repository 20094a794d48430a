/* agenda_arrival.c — an appointment's arrival feeds the day's queue.
 *
 * The queue is the intake module's table `visit` (visit.h): a visitor
 * arriving for an appointment becomes a request in state `attente`, channel
 * `accueil-sur-rdv`, linked to the appointment (visit.appointment_id, the
 * column 002_intake.sql reserves for the agenda). It runs inside
 * agenda_mark_arrived's transaction (db_begin nests), so the arrival and
 * the queue entry are saved together or not at all. A visitor already in
 * the queue (came in earlier without saying) is not queued twice. */
#include "agenda_internal.h"
#include "db_internal.h"
#include "guichet/i18n.h"
#include "guichet/visit.h"

g_status agenda_arrival_hook(g_db *db, int64_t actor_id, const agenda_item *it, int64_t now,
                             g_error *err)
{
    (void)now;
    int64_t visit_id = 0;
    g_status s =
        visit_arrive(db, actor_id, it->visitor_id, NULL, "accueil-sur-rdv", &visit_id, err);
    if (s == G_ERR_EXISTS) { /* already waiting or being helped */
        g_err_clear(err);
        return G_OK;
    }
    if (s != G_OK)
        return s;
    sqlite3_stmt *st;
    if ((s = db_prepare(db, "UPDATE visit SET appointment_id = ?2 WHERE id = ?1", &st, err)) !=
        G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visit_id);
    sqlite3_bind_int64(st, 2, it->id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, err, _("arrivée dans la file d'attente"));
    return G_OK;
}
