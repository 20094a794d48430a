/* agenda_internal.h — what the agenda's source files share, and what other
 * core modules (demo, export) use of the agenda beyond its public headers. */
#ifndef GUICHET_AGENDA_INTERNAL_H
#define GUICHET_AGENDA_INTERNAL_H

#include "db_internal.h"
#include "guichet/agenda.h"
#include "guichet/uuid.h"
#include "guichet/status.h"

/* An appointment that still holds its slot (not cancelled), as SQL. */
#define AGENDA_LIVE_SQL "status NOT IN ('" APPT_EXCUSED "', '" APPT_CANCELLED_BY_SERVICE "')"

/* --- small helpers (agenda_store.c) ----------------------------------------- */

/* Makes room for element n of a growable array (*cap elements of elem
 * bytes allocated): 0, or -1 when memory runs out (*p untouched). */
int agenda_grow(void **p, size_t *cap, size_t n, size_t elem);

g_status agenda_nomem(g_error *err);

/* 1 when s is one of the NULL-terminated list. */
int agenda_in_list(const char *s, const char *const *list);

/* The journal entry of an agenda change: object "<kind>:<uuid>". */
g_status agenda_journal(g_db *db, int64_t actor, const char *action, const char *kind,
                        const char *uuid, const char *detail, g_error *err);

/* « « day » n'est pas une date valide (AAAA-MM-JJ). », field "date". */
g_status agenda_bad_date(g_error *err, const char *day);

/* "HH:MM" and "JJ/MM/AAAA" of an instant in the site's zone, and its UTC
 * "YYYY-MM-DDTHH:MM:SSZ" for the journal. */
void agenda_fmt_time(int64_t t, char out[6]);
void agenda_fmt_date_fr(int64_t t, char out[11]);
void agenda_iso_utc(int64_t t, char out[21]);

/* --- the generic CRUD (agenda_store.c) --------------------------------------- */

/* One agenda table as the generic reading and writing see it. */
typedef struct agenda_table {
    const char *name;    /* SQL table; also the journal's object kind and action prefix */
    const char *get_sql; /* SELECT <the columns read reads> … WHERE <id> = ?1 */
    size_t row_size;     /* bytes of one C row */
    void (*read)(sqlite3_stmt *st, void *row); /* the selected columns into a C row */
    const char *field;     /* the form field a not-found error names ("" for none) */
    const char *not_found; /* msgid, one %" PRId64 " for the id */
    const char *reading;   /* msgid: what db_fail says was being read */
    /* writing (NULL when the table is written by its own code) */
    const char *insert_sql; /* ?1 = the new uuid, then what bind binds */
    const char *update_sql; /* ?1 = the id, then what bind binds */
    void (*bind)(sqlite3_stmt *st, const void *row, int64_t now); /* ?2 … */
    const char *name_taken; /* msgid « … s'appelle déjà « %s ». »; NULL: names may repeat */
    const char *adding;     /* msgid for db_fail */
    const char *updating;
} agenda_table;

/* One row by id into out: G_ERR_NOTFOUND (t->not_found) when none, the
 * database's error otherwise. */
g_status agenda_row_get(g_db *db, const agenda_table *t, int64_t id, void *out, g_error *err);

/* The first row of a prepared and bound statement (the columns of
 * t->read) into out; finalizes st. G_ERR_NOTFOUND without a message when
 * there is none (the caller says what is missing). */
g_status agenda_row_first(g_db *db, const agenda_table *t, sqlite3_stmt *st, void *out,
                          g_error *err);

/* Every row of a prepared and bound statement into a malloc'd array of
 * t->row_size elements (NULL when *count is 0 or on failure); finalizes
 * st. A failure mid-way is an error, never a shorter list. */
g_status agenda_row_list(g_db *db, const agenda_table *t, sqlite3_stmt *st, void **out,
                         size_t *count, g_error *err);

/* Adds (id 0) or updates row id of t in one transaction with its journal
 * entry "<table>-add" / "<table>-update" (detail as given): checks that
 * name is not another row's when t->name_taken is set, binds the row with
 * t->bind. *id_out (may be NULL) gets the new id. */
g_status agenda_row_save(g_db *db, int64_t actor_id, const agenda_table *t, int64_t id,
                         const void *row, const char *name, const char *detail, int64_t *id_out,
                         g_error *err);

/* --- openings and busy times (agenda_opening.c) ----------------------------- */

/* The availabilities (of every active resource when resource_id is 0)
 * allowing motif_id (0 = any), with their motifs. */
g_status agenda_load_availabilities(g_db *db, int64_t resource_id, int64_t motif_id,
                                    agenda_availability **out, size_t *count, g_error *err);

/* The openings of a resource (0 = every active one) between two local
 * dates that allow motif_id (0 = any), minus their exceptions, by start. */
g_status agenda_openings_for(g_db *db, int64_t resource_id, int64_t motif_id, const char *from,
                             const char *to, agenda_opening **out, size_t *count, g_error *err);

/* --- busy times (agenda_free.c) ------------------------------------------------- */

/* The live appointments of a resource overlapping [from, to), by start,
 * except_id left out (the one being moved; 0 = none). */
g_status agenda_load_busy(g_db *db, int64_t resource_id, int64_t from, int64_t to,
                          int64_t except_id, agenda_busy **out, size_t *count, g_error *err);

/* --- booking (agenda_book.c) -------------------------------------------------- */

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
