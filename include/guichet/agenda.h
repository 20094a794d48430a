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
 * No double booking, ever: agenda_book and agenda_reschedule check and write
 * inside one BEGIN IMMEDIATE transaction (so two desks on one file are
 * serialised), and triggers of the schema refuse an overlapping row whoever
 * writes it. Cancelled appointments (`excuse`, `annule-service`) free their
 * slot.
 *
 * Instants are UTC seconds; days are local "YYYY-MM-DD" in the site's zone
 * (clock.h). Every change is journaled (audit.h) in its transaction, with the
 * appointment's uuid and never a visitor's name. actor_id = the user acting
 * (0 = command line / system). Lists are malloc'd arrays the caller frees
 * with free() (or agenda_view_free for views). */
#ifndef GUICHET_AGENDA_H
#define GUICHET_AGENDA_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/db.h"
#include "guichet/error.h"
#include "guichet/recurrence.h"

#define AGENDA_UUID_LEN     36
#define AGENDA_NAME_MAX     120 /* bytes of a resource or motif name */
#define AGENDA_COMMENT_MAX  200 /* bytes of an appointment comment */
#define AGENDA_MOTIFS_MAX   16  /* motifs allowed in one availability */
#define AGENDA_MAX_DURATION 480 /* minutes: no appointment lasts longer */
#define AGENDA_SEARCH_DAYS  90  /* how far agenda_next_free_slots looks ahead */

/* --- resources ------------------------------------------------------------ */

typedef struct agenda_resource {
    int64_t id;
    char uuid[AGENDA_UUID_LEN + 1];
    char kind[16];                  /* "agent", "permanence", "salle" */
    char name[AGENDA_NAME_MAX + 1]; /* unique: "CAF — permanence", "Mme Martin" */
    char operator_code[32];         /* partner operator (ref.h), "" for none */
    int64_t user_id;                /* the agent's account, 0 for none */
    char place[81];                 /* room shown on slips ("Bureau 2"), may be "" */
    int active;                     /* 0 = archived: no new booking */
} agenda_resource;

/* Adds a resource (id and uuid of *r are ignored; *id_out may be NULL).
 * G_ERR_INVALID naming the field ("kind", "name", "operator"), G_ERR_EXISTS
 * when the name is taken. */
g_status agenda_resource_add(g_db *db, int64_t actor_id, const agenda_resource *r, int64_t *id_out,
                             g_error *err);

/* Updates name, kind, operator, user, place and active of resource r->id. */
g_status agenda_resource_update(g_db *db, int64_t actor_id, const agenda_resource *r, g_error *err);

g_status agenda_resource_get(g_db *db, int64_t id, agenda_resource *out, g_error *err);

/* Finds a resource by id ("12") or exact name (command line). */
g_status agenda_resource_find(g_db *db, const char *id_or_name, agenda_resource *out, g_error *err);

/* Resources ordered by name; active_only = 1 skips archived ones. */
g_status agenda_resource_list(g_db *db, int active_only, agenda_resource **out, size_t *count,
                              g_error *err);

/* --- motifs ------------------------------------------------------------------ */

typedef struct agenda_motif {
    int64_t id;
    char uuid[AGENDA_UUID_LEN + 1];
    char name[AGENDA_NAME_MAX + 1]; /* "Ouverture de droits RSA" */
    char operator_code[32];         /* partner operator, "" for the site's own */
    int duration_min;               /* 5 … 480 */
    char place[16];                 /* "sur-place", "telephone", "domicile", "visio" */
    int capacity;                   /* 1 = individual, > 1 = workshop */
    char to_bring[256];             /* printed on the slip, may be "" */
    int active;
} agenda_motif;

g_status agenda_motif_add(g_db *db, int64_t actor_id, const agenda_motif *m, int64_t *id_out,
                          g_error *err);
g_status agenda_motif_update(g_db *db, int64_t actor_id, const agenda_motif *m, g_error *err);
g_status agenda_motif_get(g_db *db, int64_t id, agenda_motif *out, g_error *err);

/* Motifs ordered by operator then name; operator_code NULL = all. */
g_status agenda_motif_list(g_db *db, int active_only, const char *operator_code, agenda_motif **out,
                           size_t *count, g_error *err);

/* Translated label of a place code ("Sur place", "Par téléphone" …). */
const char *agenda_place_label(const char *place);

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

/* The availabilities of a resource (0 = all), by resource then DTSTART. */
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

/* --- openings and free slots ------------------------------------------------- */

typedef struct agenda_opening {
    int64_t resource_id;
    int64_t availability_id;
    char date[11];    /* local date */
    int64_t start_at; /* UTC */
    int64_t end_at;
} agenda_opening;

/* The occurrences of the availabilities of a resource (0 = all active
 * resources) between two local dates (inclusive), minus exceptions,
 * ordered by start. */
g_status agenda_openings(g_db *db, int64_t resource_id, const char *from, const char *to,
                         agenda_opening **out, size_t *count, g_error *err);

typedef struct agenda_slot {
    int64_t resource_id;
    int64_t motif_id;
    int64_t start_at; /* UTC */
    int64_t end_at;   /* start_at + motif duration */
    int places_left;  /* 1 for an individual motif; capacity − booked for a workshop */
} agenda_slot;

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

/* --- appointments -------------------------------------------------------------- */

typedef struct agenda_booking {
    int64_t resource_id;
    int64_t motif_id;
    int64_t visitor_id;  /* 0 = no registered visitor */
    int64_t start_at;    /* UTC; the end is start + the motif's duration */
    const char *origin;  /* "guichet" (NULL), "telephone", "partenaire" */
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

/* Cancels a live appointment: status "excuse" (the visitor excused
 * themselves) or "annule-service" (the service cancelled, reason required).
 * The slot becomes free. G_ERR_CONFLICT when it is no longer `a-venir` or
 * the visitor is already marked arrived. */
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

/* Qualifies an appointment once its start time has passed: "honore" or
 * "absent" (a-venir → honore | absent; honore ↔ absent to correct a
 * mistake; a cancelled one cannot be qualified; a visitor marked arrived
 * cannot be "absent"). */
g_status agenda_set_status(g_db *db, int64_t actor_id, int64_t id, const char *status,
                           g_error *err);

/* Reminder call outcome: "appele", "message-laisse", "injoignable". */
g_status agenda_set_call_status(g_db *db, int64_t actor_id, int64_t id, const char *call_status,
                                g_error *err);

/* Translated label of a status code ("À venir", "Rendez-vous honoré" …);
 * to_fill = 1 gives « À renseigner » for a past `a-venir`. */
const char *agenda_status_label(const char *status, int to_fill);

/* --- reading: items, days, weeks ------------------------------------------------ */

typedef struct agenda_item {
    int64_t id;
    char uuid[AGENDA_UUID_LEN + 1];
    int64_t resource_id;
    char resource_name[AGENDA_NAME_MAX + 1];
    char resource_place[81];
    char operator_code[32]; /* the motif's operator, else the resource's */
    int64_t motif_id;
    char motif_name[AGENDA_NAME_MAX + 1];
    char place[16]; /* the motif's place code */
    int capacity;   /* the motif's capacity (> 1 = workshop) */
    char to_bring[256];
    int64_t visitor_id;     /* 0 = none */
    char visitor_name[160]; /* "Lefèvre Élodie", "" when none */
    char visitor_phone[32]; /* E.164 or "" */
    int64_t start_at;       /* UTC */
    int64_t end_at;
    char status[16];
    int to_fill; /* 1: past and still a-venir (« À renseigner ») */
    char cancel_reason[201];
    int64_t arrived_at; /* 0 = not arrived */
    char origin[16];
    char comment[AGENDA_COMMENT_MAX + 1];
    char call_status[16]; /* "" = not called yet */
    int64_t called_at;
    int sequence; /* iCalendar SEQUENCE */
    int64_t created_at;
    int64_t updated_at;
} agenda_item;

/* One appointment. */
g_status agenda_get(g_db *db, int64_t id, agenda_item *out, g_error *err);

/* Appointments of a resource (0 = all) starting in [from_at, to_at), by
 * start then resource name; cancelled ones only with include_cancelled.
 * Served by the (resource_id, start_at) and (start_at) indexes. */
g_status agenda_range(g_db *db, int64_t resource_id, int64_t from_at, int64_t to_at,
                      int include_cancelled, agenda_item **out, size_t *count, g_error *err);

/* Every appointment of one visitor, past and future, cancelled included,
 * newest first (the visitor's file). *out is malloc'd: free(). */
g_status agenda_visitor_list(g_db *db, int64_t visitor_id, agenda_item **out, size_t *count,
                             g_error *err);

/* What the visitor's file says in one line. */
typedef struct agenda_visitor_counts {
    size_t upcoming;  /* live appointments starting now or later */
    int64_t next_id;  /* the first of them, 0 when none */
    size_t past;      /* live (not cancelled) appointments that started before now */
    size_t cancelled; /* cancelled ones, past or future */
} agenda_visitor_counts;

/* Counts a visitor's appointments (one indexed query, no journal). */
g_status agenda_visitor_summary(g_db *db, int64_t visitor_id, agenda_visitor_counts *out,
                                g_error *err);

/* Free time of a resource: an opening minus the live appointments in it. */
typedef struct agenda_gap {
    int64_t resource_id;
    int64_t start_at;
    int64_t end_at;
} agenda_gap;

typedef struct agenda_view {
    char from[11];      /* first local day */
    char to[11];        /* last local day (inclusive) */
    agenda_item *items; /* appointments, chronological (cancelled included) */
    size_t nitems;
    agenda_gap *gaps; /* free stretches of the openings, chronological */
    size_t ngaps;
    agenda_resource *resources; /* the resources shown (those with an opening or an item) */
    size_t nresources;
} agenda_view;

void agenda_view_free(agenda_view *v);

/* The site's day: every resource, chronological, free stretches included. */
g_status agenda_day(g_db *db, const char *day, agenda_view *out, g_error *err);

/* One resource's week from `monday` (any day: the week containing it). */
g_status agenda_week(g_db *db, int64_t resource_id, const char *monday, agenda_view *out,
                     g_error *err);

/* Past appointments still `a-venir` (« à renseigner »), oldest first, that
 * started before `before` (UTC) — at most `limit` (0 = 500). */
g_status agenda_to_fill(g_db *db, int64_t before, size_t limit, agenda_item **out, size_t *count,
                        g_error *err);

/* Reminder calls: the live appointments of the next opening day after
 * `today` (the first later day, within 14, that has an opening or an
 * appointment), chronological, with each visitor's phone. day_out gets that
 * date ("" when none). */
g_status agenda_reminders(g_db *db, const char *today, char day_out[11], agenda_item **out,
                          size_t *count, g_error *err);

/* Local day ("YYYY-MM-DD") of an instant, and [start, end) of a local day
 * in UTC (DST days last 23 or 25 hours). */
void agenda_day_of(int64_t t, char out[11]);
g_status agenda_day_bounds(const char *day, int64_t *start_at, int64_t *end_at, g_error *err);

#endif
