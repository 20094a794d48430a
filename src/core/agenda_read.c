/* agenda_read.c — one appointment, lists, the day and week views, what is
 * left to fill in and the reminder calls (see agenda_read.h). Reads only. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda_internal.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/recurrence.h"
#include "guichet/status.h"

/* How a visitor is shown: "Lefèvre Élodie", as visitor_row_name (visitor.h). */
#define VISITOR_NAME_SQL  "COALESCE(trim(v.last_name || ' ' || v.first_names), '')"
#define VISITOR_PHONE_SQL "COALESCE(v.phone, '')"

#define ITEM_SELECT                                                                                \
    "SELECT a.id, a.uuid, a.resource_id, r.name, r.place, COALESCE(m.operator, r.operator, ''), "  \
    "a.motif_id, m.name, m.place, m.capacity, m.to_bring, COALESCE(a.visitor_id, "                 \
    "0), " VISITOR_NAME_SQL ", " VISITOR_PHONE_SQL ", a.start_at, a.end_at, a.status, "            \
    "a.cancel_reason, COALESCE(a.arrived_at, 0), a.origin, a.comment, "                            \
    "COALESCE(a.call_status, ''), COALESCE(a.called_at, 0), a.sequence, a.created_at, "            \
    "a.updated_at FROM appointment a JOIN resource r ON r.id = a.resource_id JOIN motif m ON "     \
    "m.id = a.motif_id LEFT JOIN visitor v ON v.id = a.visitor_id "

static void item_read(sqlite3_stmt *st, void *row)
{
    agenda_item *it = row;
    memset(it, 0, sizeof *it);
    it->id = sqlite3_column_int64(st, 0);
    db_column_text(st, 1, it->uuid, sizeof it->uuid);
    it->resource_id = sqlite3_column_int64(st, 2);
    db_column_text(st, 3, it->resource_name, sizeof it->resource_name);
    db_column_text(st, 4, it->resource_place, sizeof it->resource_place);
    db_column_text(st, 5, it->operator_code, sizeof it->operator_code);
    it->motif_id = sqlite3_column_int64(st, 6);
    db_column_text(st, 7, it->motif_name, sizeof it->motif_name);
    db_column_text(st, 8, it->place, sizeof it->place);
    it->capacity = sqlite3_column_int(st, 9);
    db_column_text(st, 10, it->to_bring, sizeof it->to_bring);
    it->visitor_id = sqlite3_column_int64(st, 11);
    db_column_text(st, 12, it->visitor_name, sizeof it->visitor_name);
    db_column_text(st, 13, it->visitor_phone, sizeof it->visitor_phone);
    it->start_at = sqlite3_column_int64(st, 14);
    it->end_at = sqlite3_column_int64(st, 15);
    db_column_text(st, 16, it->status, sizeof it->status);
    db_column_text(st, 17, it->cancel_reason, sizeof it->cancel_reason);
    it->arrived_at = sqlite3_column_int64(st, 18);
    db_column_text(st, 19, it->origin, sizeof it->origin);
    db_column_text(st, 20, it->comment, sizeof it->comment);
    db_column_text(st, 21, it->call_status, sizeof it->call_status);
    it->called_at = sqlite3_column_int64(st, 22);
    it->sequence = sqlite3_column_int(st, 23);
    it->created_at = sqlite3_column_int64(st, 24);
    it->updated_at = sqlite3_column_int64(st, 25);
}

static const agenda_table items = {
    .name = "appointment",
    .get_sql = ITEM_SELECT "WHERE a.id = ?1",
    .row_size = sizeof(agenda_item),
    .read = item_read,
    .field = "",
    .not_found = N_("Rendez-vous introuvable (n° %" PRId64 ")."),
    .reading = N_("lecture des rendez-vous"),
};

/* « À renseigner »: past and still to come, by the clock read once. */
static void mark_to_fill(agenda_item *it, size_t n)
{
    int64_t now = clock_now();
    for (size_t i = 0; i < n; i++)
        it[i].to_fill = strcmp(it[i].status, APPT_TO_COME) == 0 && it[i].start_at < now;
}

/* The items of a prepared and bound statement (finalized). */
static g_status collect_items(g_db *db, sqlite3_stmt *st, agenda_item **out, size_t *count,
                              g_error *err)
{
    g_status s = agenda_row_list(db, &items, st, (void **)out, count, err);
    if (s == G_OK)
        mark_to_fill(*out, *count);
    return s;
}

g_status agenda_get(g_db *db, int64_t id, agenda_item *out, g_error *err)
{
    g_status s = agenda_row_get(db, &items, id, out, err);
    if (s == G_OK)
        mark_to_fill(out, 1);
    return s;
}

g_status agenda_range(g_db *db, int64_t resource_id, int64_t from_at, int64_t to_at,
                      int include_cancelled, agenda_item **out, size_t *count, g_error *err)
{
    /* four texts rather than "?1 = 0 OR …": each one lets SQLite pick the
     * (resource_id, start_at) or the (start_at) index */
    const char *sql =
        resource_id
            ? (include_cancelled ? ITEM_SELECT "WHERE a.resource_id = ?1 AND a.start_at >= ?2 "
                                               "AND a.start_at < ?3 ORDER BY a.start_at, r.name, "
                                               "a.id"
                                 : ITEM_SELECT "WHERE a.resource_id = ?1 AND a.start_at >= ?2 "
                                               "AND a.start_at < ?3 AND a." AGENDA_LIVE_SQL
                                               " ORDER BY a.start_at, r.name, a.id")
            : (include_cancelled ? ITEM_SELECT "WHERE ?1 = 0 AND a.start_at >= ?2 AND "
                                               "a.start_at < ?3 ORDER BY a.start_at, r.name, a.id"
                                 : ITEM_SELECT "WHERE ?1 = 0 AND a.start_at >= ?2 AND "
                                               "a.start_at < ?3 AND a." AGENDA_LIVE_SQL
                                               " ORDER BY a.start_at, r.name, a.id");
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, sql, &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, resource_id);
    sqlite3_bind_int64(st, 2, from_at);
    sqlite3_bind_int64(st, 3, to_at);
    return collect_items(db, st, out, count, err);
}

g_status agenda_visitor_list(g_db *db, int64_t visitor_id, agenda_item **out, size_t *count,
                             g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(
        db, ITEM_SELECT "WHERE a.visitor_id = ?1 ORDER BY a.start_at DESC, a.id DESC", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visitor_id);
    return collect_items(db, st, out, count, err);
}

g_status agenda_visitor_summary(g_db *db, int64_t visitor_id, agenda_visitor_counts *out,
                                g_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT a.id, a.start_at, a.status FROM appointment a "
                            "WHERE a.visitor_id = ?1 ORDER BY a.start_at",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visitor_id);
    int64_t now = clock_now();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t start = sqlite3_column_int64(st, 1);
        const char *status = (const char *)sqlite3_column_text(st, 2);
        if (!status || status_appointment_cancelled(status))
            out->cancelled++;
        else if (start < now)
            out->past++;
        else if (!out->upcoming++)
            out->next_id = sqlite3_column_int64(st, 0);
    }
    s = db_rows_end(db, rc, _("lecture des rendez-vous"), err);
    sqlite3_finalize(st);
    if (s != G_OK)
        memset(out, 0, sizeof *out);
    return s;
}

/* --- views ---------------------------------------------------------------------- */

void agenda_view_free(agenda_view *v)
{
    if (!v)
        return;
    free(v->items);
    free(v->gaps);
    free(v->resources);
    memset(v, 0, sizeof *v);
}

/* The live items of a view as busy intervals (still chronological). */
static agenda_busy *busy_of(const agenda_item *it, size_t n, size_t *nb)
{
    *nb = 0;
    agenda_busy *b = malloc((n ? n : 1) * sizeof *b);
    if (!b)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!status_appointment_cancelled(it[i].status))
            b[(*nb)++] = (agenda_busy){it[i].id,         it[i].resource_id, it[i].motif_id,
                                       it[i].visitor_id, it[i].start_at,    it[i].end_at};
    return b;
}

/* The resources shown: the one asked for, and those with an opening or an
 * appointment in the period. */
static g_status shown_resources(g_db *db, int64_t resource_id, const agenda_opening *o, size_t no,
                                agenda_view *v, g_error *err)
{
    agenda_resource *all = NULL;
    size_t nall = 0;
    g_status s = agenda_resource_list(db, 0, &all, &nall, err);
    if (s != G_OK || nall == 0)
        return s;
    if (!(v->resources = malloc(nall * sizeof *v->resources))) {
        free(all);
        return agenda_nomem(err);
    }
    for (size_t i = 0; i < nall; i++) {
        int shown = resource_id ? all[i].id == resource_id : 0;
        for (size_t k = 0; k < no && !shown; k++)
            shown = o[k].resource_id == all[i].id;
        for (size_t k = 0; k < v->nitems && !shown; k++)
            shown = v->items[k].resource_id == all[i].id;
        if (shown)
            v->resources[v->nresources++] = all[i];
    }
    free(all);
    return G_OK;
}

static g_status build_view(g_db *db, int64_t resource_id, const char *from, const char *to,
                           agenda_view *v, g_error *err)
{
    memset(v, 0, sizeof *v);
    snprintf(v->from, sizeof v->from, "%s", from);
    snprintf(v->to, sizeof v->to, "%s", to);
    int64_t start, end, dummy;
    g_status s = agenda_day_bounds(from, &start, &dummy, err);
    if (s == G_OK)
        s = agenda_day_bounds(to, &dummy, &end, err);
    if (s != G_OK)
        return s;
    if ((s = agenda_range(db, resource_id, start, end, 1, &v->items, &v->nitems, err)) != G_OK)
        return s;
    agenda_opening *o = NULL;
    size_t no = 0, nb = 0;
    agenda_busy *b = NULL;
    if ((s = agenda_openings(db, resource_id, from, to, &o, &no, err)) == G_OK &&
        (!(b = busy_of(v->items, v->nitems, &nb)) ||
         agenda_gaps(o, no, b, nb, &v->gaps, &v->ngaps) != 0))
        s = agenda_nomem(err);
    free(b);
    if (s == G_OK)
        s = shown_resources(db, resource_id, o, no, v, err);
    free(o);
    if (s != G_OK)
        agenda_view_free(v);
    return s;
}

g_status agenda_day(g_db *db, const char *day, agenda_view *out, g_error *err)
{
    return build_view(db, 0, day, day, out, err);
}

g_status agenda_week(g_db *db, int64_t resource_id, const char *monday, agenda_view *out,
                     g_error *err)
{
    int64_t d;
    if (clock_date_parse(monday, &d) != 0)
        return agenda_bad_date(err, monday);
    d -= recur_weekday(d) - 1;
    char from[11], to[11];
    clock_date_format(d, from);
    clock_date_format(d + 6, to);
    agenda_resource r;
    g_status s = agenda_resource_get(db, resource_id, &r, err);
    if (s != G_OK)
        return s;
    return build_view(db, resource_id, from, to, out, err);
}

g_status agenda_to_fill(g_db *db, int64_t before, size_t limit, agenda_item **out, size_t *count,
                        g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            ITEM_SELECT "WHERE a.status = '" APPT_TO_COME "' AND a.start_at < ?1 "
                                        "ORDER BY a.start_at, r.name, a.id LIMIT ?2",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, before);
    sqlite3_bind_int64(st, 2, limit ? (int64_t)limit : 500);
    return collect_items(db, st, out, count, err);
}

g_status agenda_reminders(g_db *db, const char *today, char day_out[11], agenda_item **out,
                          size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    day_out[0] = 0;
    int64_t d0;
    if (clock_date_parse(today, &d0) != 0)
        return agenda_bad_date(err, today);
    for (int64_t d = d0 + 1; d <= d0 + 14; d++) {
        char day[11];
        clock_date_format(d, day);
        int64_t start, end;
        g_status s = agenda_day_bounds(day, &start, &end, err);
        if (s != G_OK)
            return s;
        agenda_opening *o;
        size_t no;
        if ((s = agenda_openings(db, 0, day, day, &o, &no, err)) != G_OK)
            return s;
        free(o);
        agenda_item *it;
        size_t ni;
        if ((s = agenda_range(db, 0, start, end, 0, &it, &ni, err)) != G_OK)
            return s;
        if (no == 0 && ni == 0)
            continue;
        /* keep those still to come */
        size_t w = 0;
        for (size_t i = 0; i < ni; i++)
            if (strcmp(it[i].status, APPT_TO_COME) == 0)
                it[w++] = it[i];
        snprintf(day_out, 11, "%s", day);
        *count = w;
        if (w == 0)
            free(it);
        else
            *out = it;
        return G_OK;
    }
    return G_OK;
}
