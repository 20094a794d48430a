/* agenda_book.h — booking an appointment and every later change to it.
 *
 * No double booking, ever: agenda_book and agenda_reschedule check and write
 * inside one BEGIN IMMEDIATE transaction (so two desks on one file are
 * serialised), and triggers of the schema refuse an overlapping row whoever
 * writes it. A check that cannot be made (a failing query) refuses the
 * action. Cancelled appointments (`excuse`, `annule-service`) free their
 * slot. Every change is journaled in its transaction with the appointment's
 * uuid and never a visitor's name. Part of the agenda (agenda.h). */
#ifndef GUICHET_AGENDA_BOOK_H
#define GUICHET_AGENDA_BOOK_H

#include <stdint.h>
#include "guichet/agenda_free.h"
#include "guichet/status.h"

#define AGENDA_COMMENT_MAX 200 /* bytes of an appointment comment */

/* Origins of a booking (appointment.origin). */
#define AGENDA_ORIGIN_DESK    "guichet"
#define AGENDA_ORIGIN_PHONE   "telephone"
#define AGENDA_ORIGIN_PARTNER "partenaire"

/* The codes of appointment.status (APPT_…, status.h) and of
 * appointment.origin, NULL-terminated, in the order the export and the
 * statistics list them. */
extern const char *const agenda_statuses[];
extern const char *const agenda_origins[];

typedef struct agenda_booking {
    int64_t resource_id;
    int64_t motif_id;
    int64_t visitor_id;  /* 0 = no registered visitor */
    int64_t start_at;    /* UTC; the end is start + the motif's duration */
    const char *origin;  /* AGENDA_ORIGIN_… (NULL = guichet) */
    const char *comment; /* short, non-confidential, may be NULL */
} agenda_booking;

typedef struct agenda_book_result {
    int64_t id; /* the new appointment */
    char uuid[AGENDA_UUID_LEN + 1];
    int visitor_overlap; /* 1: the visitor has another appointment then */
    int64_t overlap_id;  /* that other appointment */
} agenda_book_result;

/* Books a slot, in one BEGIN IMMEDIATE transaction: the resource and motif
 * must be active, the slot must lie inside an opening of the resource that
 * allows the motif (no exception that day), start in the future, and no
 * live appointment of the resource may overlap it (workshop: same session
 * with a place left). A refusal is G_ERR_CONFLICT « Ce créneau vient d'être
 * pris : … » (or « L'atelier est complet … »); G_ERR_EXISTS when the visitor
 * is already in that workshop session. A visitor already booked at an
 * overlapping time elsewhere is not refused: res->visitor_overlap says so. */
g_status agenda_book(g_db *db, int64_t actor_id, const agenda_booking *b, agenda_book_result *res,
                     g_error *err);

/* Moves a live (`a-venir`) appointment to new_start on new_resource_id
 * (0 = same resource), with the same checks as agenda_book. */
g_status agenda_reschedule(g_db *db, int64_t actor_id, int64_t id, int64_t new_resource_id,
                           int64_t new_start, g_error *err);

/* Cancels a live appointment: status APPT_EXCUSED (the visitor excused
 * themselves) or APPT_CANCELLED_BY_SERVICE (the service cancelled, reason
 * required). The slot becomes free. G_ERR_CONFLICT when it is no longer `a-venir` or the
 * visitor is already marked arrived. */
g_status agenda_cancel(g_db *db, int64_t actor_id, int64_t id, const char *status,
                       const char *reason, g_error *err);

/* Whether appointment id may still be cancelled, with agenda_cancel's
 * reasons when not: G_ERR_CONFLICT « Ce rendez-vous n'est plus à venir … »
 * or « La personne est déjà arrivée : à HH:MM … » (a visitor marked
 * arrived is never cancelled). Reads only; the screens ask it before
 * opening the cancel form. */
g_status agenda_cancel_check(g_db *db, int64_t id, g_error *err);

/* Marks the visitor arrived now (even before the start; only on the day of
 * the appointment). When the intake module is present, the arrival also
 * enters the day's queue (channel accueil-sur-rdv) in the same transaction. */
g_status agenda_mark_arrived(g_db *db, int64_t actor_id, int64_t id, g_error *err);

/* Qualifies an appointment once its start time has passed: APPT_HONORED or
 * APPT_ABSENT (a-venir → honore | absent; honore ↔ absent to correct a
 * mistake; a cancelled one cannot be qualified; a visitor marked arrived
 * cannot be absent). */
g_status agenda_set_status(g_db *db, int64_t actor_id, int64_t id, const char *status,
                           g_error *err);

/* Reminder call outcome: APPT_CALL_… (status.h). */
g_status agenda_set_call_status(g_db *db, int64_t actor_id, int64_t id, const char *call_status,
                                g_error *err);

/* Translated label of a status code ("À venir", "Rendez-vous honoré" …);
 * to_fill = 1 gives « À renseigner » for a past `a-venir`. */
const char *agenda_status_label(const char *status, int to_fill);

#endif
