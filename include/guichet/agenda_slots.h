/* agenda_slots.h — the agenda's arithmetic on time intervals, as data.
 *
 * No database here: given the openings of a resource and the live
 * appointments already in them, these functions say which slots are free,
 * whether a new appointment fits, and which stretches of an opening are
 * free. The queries (agenda_opening.h, agenda_book.h) load the intervals
 * and call them, and the unit tests call them with intervals written by
 * hand. Instants are UTC seconds. Part of the agenda (agenda.h). */
#ifndef GUICHET_AGENDA_SLOTS_H
#define GUICHET_AGENDA_SLOTS_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/agenda_resource.h"

/* One occurrence of a recurring opening of a resource. */
typedef struct agenda_opening {
    int64_t resource_id;
    int64_t availability_id;
    char date[11];    /* local date */
    int64_t start_at; /* UTC */
    int64_t end_at;
} agenda_opening;

typedef struct agenda_slot {
    int64_t resource_id;
    int64_t motif_id;
    int64_t start_at; /* UTC */
    int64_t end_at;   /* start_at + motif duration */
    int places_left;  /* 1 for an individual motif; capacity − booked for a workshop */
} agenda_slot;

/* A live appointment (not cancelled) holding part of a resource's time. */
typedef struct agenda_busy {
    int64_t id;
    int64_t resource_id;
    int64_t motif_id;
    int64_t visitor_id; /* 0 = none */
    int64_t start_at;
    int64_t end_at;
} agenda_busy;

/* Free time of a resource: an opening minus the live appointments in it. */
typedef struct agenda_gap {
    int64_t resource_id;
    int64_t start_at;
    int64_t end_at;
} agenda_gap;

/* Appends to the growable array *v (*n used, *cap allocated) the free slots
 * of motif m in opening o: each free stretch between the appointments of
 * busy (those of o's resource, sorted by start) cut from its start by the
 * motif's duration. For a workshop (capacity > 1), a session of m already
 * booked with places left is offered too, with its remaining places.
 * Returns 0, or -1 when memory runs out (*v keeps what it had). */
int agenda_slots_in_opening(const agenda_motif *m, const agenda_opening *o, const agenda_busy *busy,
                            size_t nbusy, agenda_slot **v, size_t *cap, size_t *n);

/* Sorts slots by start, resource and motif, and drops repeats (two openings
 * of one resource that overlap offer the same slot twice). */
void agenda_slots_sort_unique(agenda_slot *v, size_t *n);

/* Whether [start, end) of motif m can be booked, in order of the checks. */
typedef enum agenda_fit {
    AGENDA_FIT_OK = 0,
    AGENDA_FIT_OUTSIDE, /* not inside one of the openings */
    AGENDA_FIT_TAKEN,   /* overlaps a live appointment (*culprit) */
    AGENDA_FIT_ALREADY, /* the visitor is already in that workshop session */
    AGENDA_FIT_FULL,    /* the workshop session has no place left */
} agenda_fit;

/* The booking rule as data: the slot must lie inside one of openings o
 * (those of the resource allowing m on that day) and overlap none of busy
 * (the resource's live appointments, the one being moved left out), except
 * the participants of its own workshop session while places remain.
 * visitor_id (0 = none) must not be in that session already. *culprit
 * (may be NULL) gets the index in busy of the appointment in the way. */
agenda_fit agenda_slot_fit(const agenda_motif *m, int64_t start, int64_t end, int64_t visitor_id,
                           const agenda_opening *o, size_t no, const agenda_busy *busy,
                           size_t nbusy, size_t *culprit);

/* The free stretches of openings o (any order) once the intervals of busy
 * (any resource, sorted by start) are taken out, chronological then by
 * resource; the stretches of one resource that overlap (two openings that
 * overlap) are given once, as their union. *out is malloc'd (free()), NULL when *count is 0.
 * Returns 0 or -1 when memory runs out (*out NULL, *count 0). */
int agenda_gaps(const agenda_opening *o, size_t no, const agenda_busy *busy, size_t nbusy,
                agenda_gap **out, size_t *count);

#endif
