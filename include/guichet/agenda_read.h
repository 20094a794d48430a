/* agenda_read.h — reading the agenda: one appointment, lists, the day and
 * week views, what is left to fill in, the reminder calls.
 *
 * Reads only, no journal. Lists are malloc'd arrays the caller frees with
 * free() (agenda_view_free for views); a failing query is an error, never
 * an empty list. Part of the agenda (agenda.h). */
#ifndef GUICHET_AGENDA_READ_H
#define GUICHET_AGENDA_READ_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/agenda_book.h"

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

/* One appointment. G_ERR_NOTFOUND when there is no such id. */
g_status agenda_get(g_db *db, int64_t id, agenda_item *out, g_error *err);

/* Appointments of a resource (0 = all) starting in [from_at, to_at), by
 * start then resource name; cancelled ones only with include_cancelled.
 * Served by the (resource_id, start_at) and (start_at) indexes. */
g_status agenda_range(g_db *db, int64_t resource_id, int64_t from_at, int64_t to_at,
                      int include_cancelled, agenda_item **out, size_t *count, g_error *err);

/* Every appointment of one visitor, past and future, cancelled included,
 * newest first (the visitor's file). */
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

#endif
