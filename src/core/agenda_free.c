/* agenda_free.c — the free slots the openings leave (see agenda_free.h):
 * loads the openings (agenda_opening.c) and the appointments already in
 * them, and lets agenda_slots.c do the arithmetic. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda_internal.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/recurrence.h"

/* --- busy times ---------------------------------------------------------------- */

static void busy_read(sqlite3_stmt *st, void *row)
{
    agenda_busy *b = row;
    b->id = sqlite3_column_int64(st, 0);
    b->resource_id = sqlite3_column_int64(st, 1);
    b->motif_id = sqlite3_column_int64(st, 2);
    b->visitor_id = sqlite3_column_int64(st, 3);
    b->start_at = sqlite3_column_int64(st, 4);
    b->end_at = sqlite3_column_int64(st, 5);
}

/* An unread appointment would be a free slot, then a double booking. */
static const agenda_table busy_times = {
    .name = "appointment",
    .row_size = sizeof(agenda_busy),
    .read = busy_read,
    .reading = N_("lecture des rendez-vous"),
};

g_status agenda_load_busy(g_db *db, int64_t resource_id, int64_t from, int64_t to,
                          int64_t except_id, agenda_busy **out, size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    /* start_at > from − 8 h lets the (resource_id, start_at) index bound the
     * scan: no appointment lasts longer than AGENDA_MAX_DURATION */
    g_status s =
        db_prepare(db,
                   "SELECT id, resource_id, motif_id, COALESCE(visitor_id, 0), start_at, "
                   "end_at FROM appointment WHERE resource_id = ?1 AND start_at > ?2 - "
                   "28800 AND start_at < ?3 AND end_at > ?2 AND id <> ?4 AND " AGENDA_LIVE_SQL
                   " ORDER BY start_at, id",
                   &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, resource_id);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, to);
    sqlite3_bind_int64(st, 4, except_id);
    return agenda_row_list(db, &busy_times, st, (void **)out, count, err);
}

/* --- free slots ------------------------------------------------------------------ */

/* Appends the free slots of motif m on day for one resource (0 = all). */
static g_status free_slots_motif(g_db *db, int64_t resource_id, const agenda_motif *m,
                                 const char *day, agenda_slot **v, size_t *cap, size_t *n,
                                 g_error *err)
{
    agenda_opening *o;
    size_t no;
    g_status s = agenda_openings_for(db, resource_id, m->id, day, day, &o, &no, err);
    for (size_t i = 0; i < no && s == G_OK; i++) {
        agenda_busy *b;
        size_t nb;
        if ((s = agenda_load_busy(db, o[i].resource_id, o[i].start_at, o[i].end_at, 0, &b, &nb,
                                  err)) != G_OK)
            break;
        if (agenda_slots_in_opening(m, &o[i], b, nb, v, cap, n) != 0)
            s = agenda_nomem(err);
        free(b);
    }
    free(o);
    return s;
}

g_status agenda_free_slots(g_db *db, int64_t resource_id, int64_t motif_id, const char *day,
                           agenda_slot **out, size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    int64_t d;
    if (clock_date_parse(day, &d) != 0)
        return agenda_bad_date(err, day);
    agenda_motif m;
    g_status s = agenda_motif_get(db, motif_id, &m, err);
    if (s != G_OK)
        return s;
    size_t cap = 0;
    s = free_slots_motif(db, resource_id, &m, day, out, &cap, count, err);
    if (s != G_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
        return s;
    }
    agenda_slots_sort_unique(*out, count);
    return G_OK;
}

g_status agenda_next_free_slots(g_db *db, int64_t motif_id, const char *operator_code,
                                int64_t after, size_t max, agenda_slot **out, size_t *count,
                                g_error *err)
{
    *out = NULL;
    *count = 0;
    agenda_motif *motifs = NULL;
    size_t nm = 0;
    g_status s;
    if (motif_id) {
        motifs = malloc(sizeof *motifs);
        if (!motifs)
            return agenda_nomem(err);
        if ((s = agenda_motif_get(db, motif_id, motifs, err)) != G_OK) {
            free(motifs);
            return s;
        }
        nm = 1;
    } else {
        if (!operator_code || !*operator_code)
            return g_err_field(err, G_ERR_INVALID, "motif",
                               _("Choisissez un motif ou un opérateur partenaire."));
        if ((s = agenda_motif_list(db, 1, operator_code, &motifs, &nm, err)) != G_OK)
            return s;
    }
    if (max == 0)
        max = 1;
    char first[11];
    agenda_day_of(after, first);
    int64_t d0;
    if (clock_date_parse(first, &d0) != 0) {
        free(motifs);
        return agenda_bad_date(err, first);
    }
    agenda_slot *v = NULL;
    size_t cap = 0, n = 0;
    for (int64_t d = d0; d < d0 + AGENDA_SEARCH_DAYS && n < max && s == G_OK; d++) {
        char day[11];
        clock_date_format(d, day);
        agenda_slot *dv = NULL;
        size_t dcap = 0, dn = 0;
        for (size_t i = 0; i < nm && s == G_OK; i++)
            if (motifs[i].active)
                s = free_slots_motif(db, 0, &motifs[i], day, &dv, &dcap, &dn, err);
        agenda_slots_sort_unique(dv, &dn);
        for (size_t i = 0; i < dn && n < max && s == G_OK; i++) {
            if (dv[i].start_at < after)
                continue;
            if (agenda_grow((void **)&v, &cap, n, sizeof *v) != 0)
                s = agenda_nomem(err);
            else
                v[n++] = dv[i];
        }
        free(dv);
    }
    free(motifs);
    if (s != G_OK) {
        free(v);
        return s;
    }
    *out = v;
    *count = n;
    return G_OK;
}

g_status agenda_next_free_slot(g_db *db, int64_t motif_id, const char *operator_code, int64_t after,
                               agenda_slot *out, g_error *err)
{
    agenda_slot *v;
    size_t n;
    g_status s = agenda_next_free_slots(db, motif_id, operator_code, after, 1, &v, &n, err);
    if (s != G_OK)
        return s;
    if (n == 0) {
        free(v);
        return g_err(err, G_ERR_NOTFOUND,
                     _("Aucun créneau libre dans les %d prochains jours pour ce motif."),
                     AGENDA_SEARCH_DAYS);
    }
    *out = v[0];
    free(v);
    return G_OK;
}
