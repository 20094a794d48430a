/* agenda_internal.h — what other core modules (demo, export) use of the
 * agenda beyond its public header. */
#ifndef GUICHET_AGENDA_INTERNAL_H
#define GUICHET_AGENDA_INTERNAL_H

#include "guichet/agenda.h"

#include "guichet/uuid.h"

/* agenda_book, but allow_past = 1 accepts a slot that already started (the
 * demo fills the past weeks). Same checks and journal otherwise. */
g_status agenda_book_internal(g_db *db, int64_t actor_id, const agenda_booking *b, int allow_past,
                              agenda_book_result *res, g_error *err);

/* Called by agenda_mark_arrived inside its transaction, after arrived_at is
 * written: enters the arrival in the day's queue of the intake module
 * (src/core/agenda_arrival.c). */
g_status agenda_arrival_hook(g_db *db, int64_t actor_id, const agenda_item *it, int64_t now,
                             g_error *err);

#endif
