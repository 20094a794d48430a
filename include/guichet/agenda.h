/* agenda.h — resources, appointment types, availability, appointments.
 *
 * The model (migration 004_agenda.sql):
 * - a resource is an agent's agenda, a partner's permanence or a room;
 * - a motif is an appointment type: duration, place, capacity (1 =
 *   individual, > 1 = collective workshop), what to bring;
 * - an availability is a recurring opening of a resource (recurrence.h) with
 *   the motifs allowed in it and its exceptions (EXDATE);
 * - an appointment holds one visitor (or none) on one resource. A workshop
 *   session is several appointments with the same resource, motif, start and
 *   end, one per participant, at most `capacity` of them alive; each
 *   participant has their own status, arrival and reminder call.
 *
 * The agenda is several modules, one header each, all included here:
 *   agenda_resource.h  resources and motifs
 *   agenda_opening.h   recurring openings and closed days
 *   agenda_free.h      the free slots they leave
 *   agenda_slots.h     the interval arithmetic (free slots, the booking
 *                      rule, free stretches) as pure functions on data
 *   agenda_book.h      booking and every change to an appointment
 *   agenda_read.h      one appointment, lists, day and week views
 *
 * Instants are UTC seconds; days are local "YYYY-MM-DD" in the site's zone
 * (clock.h). Every change is journaled (audit.h) in its transaction, with the
 * appointment's uuid and never a visitor's name. actor_id = the user acting
 * (0 = command line / system). Lists are malloc'd arrays the caller frees
 * with free() (or agenda_view_free for views). */
#ifndef GUICHET_AGENDA_H
#define GUICHET_AGENDA_H

#include "guichet/agenda_resource.h"
#include "guichet/agenda_slots.h"
#include "guichet/agenda_opening.h"
#include "guichet/agenda_free.h"
#include "guichet/agenda_book.h"
#include "guichet/agenda_read.h"

#endif
