/* agenda_slots.c — free slots, the booking rule and free stretches as
 * arithmetic on intervals (see agenda_slots.h). No database, no clock: the
 * callers load the intervals, the unit tests write them by hand. */
#include <stdlib.h>

#include "agenda_internal.h"

static int push_slot(agenda_slot **v, size_t *cap, size_t *n, const agenda_slot *s)
{
    if (agenda_grow((void **)v, cap, *n, sizeof **v) != 0)
        return -1;
    (*v)[(*n)++] = *s;
    return 0;
}

int agenda_slots_in_opening(const agenda_motif *m, const agenda_opening *o, const agenda_busy *b,
                            size_t nb, agenda_slot **v, size_t *cap, size_t *n)
{
    int64_t dur = (int64_t)m->duration_min * 60;
    if (dur <= 0)
        return 0;
    /* the free stretches between the appointments, cut by the duration */
    int64_t t = o->start_at;
    for (size_t i = 0; i <= nb; i++) {
        int64_t gap_end = i < nb ? b[i].start_at : o->end_at;
        if (gap_end > o->end_at)
            gap_end = o->end_at;
        for (int64_t x = t; x + dur <= gap_end; x += dur) {
            agenda_slot sl = {o->resource_id, m->id, x, x + dur, m->capacity};
            if (push_slot(v, cap, n, &sl) != 0)
                return -1;
        }
        if (i < nb && b[i].end_at > t)
            t = b[i].end_at;
    }
    /* workshop sessions of this motif that still have places */
    if (m->capacity <= 1)
        return 0;
    for (size_t i = 0; i < nb; i++) {
        if (b[i].motif_id != m->id || b[i].end_at - b[i].start_at != dur ||
            b[i].start_at < o->start_at || b[i].end_at > o->end_at)
            continue;
        if (i > 0 && b[i - 1].motif_id == m->id && b[i - 1].start_at == b[i].start_at)
            continue; /* counted with the first participant */
        int booked = 0;
        for (size_t k = i; k < nb && b[k].start_at == b[i].start_at; k++)
            booked += b[k].motif_id == m->id;
        if (booked < m->capacity) {
            agenda_slot sl = {o->resource_id, m->id, b[i].start_at, b[i].end_at,
                              m->capacity - booked};
            if (push_slot(v, cap, n, &sl) != 0)
                return -1;
        }
    }
    return 0;
}

static int cmp_slot(const void *a, const void *b)
{
    const agenda_slot *x = a, *y = b;
    if (x->start_at != y->start_at)
        return x->start_at < y->start_at ? -1 : 1;
    if (x->resource_id != y->resource_id)
        return x->resource_id < y->resource_id ? -1 : 1;
    if (x->motif_id != y->motif_id)
        return x->motif_id < y->motif_id ? -1 : 1;
    return 0;
}

void agenda_slots_sort_unique(agenda_slot *v, size_t *n)
{
    if (*n < 2)
        return;
    qsort(v, *n, sizeof *v, cmp_slot);
    size_t w = 1;
    for (size_t i = 1; i < *n; i++) {
        if (v[i].start_at == v[w - 1].start_at && v[i].resource_id == v[w - 1].resource_id &&
            v[i].motif_id == v[w - 1].motif_id)
            continue;
        v[w++] = v[i];
    }
    *n = w;
}

agenda_fit agenda_slot_fit(const agenda_motif *m, int64_t start, int64_t end, int64_t visitor_id,
                           const agenda_opening *o, size_t no, const agenda_busy *b, size_t nb,
                           size_t *culprit)
{
    int inside = 0;
    for (size_t i = 0; i < no && !inside; i++)
        inside = o[i].start_at <= start && end <= o[i].end_at;
    if (!inside)
        return AGENDA_FIT_OUTSIDE;
    int session = 0, already = 0;
    for (size_t i = 0; i < nb; i++) {
        if (b[i].end_at <= start || b[i].start_at >= end)
            continue; /* not in the way */
        if (m->capacity > 1 && b[i].motif_id == m->id && b[i].start_at == start &&
            b[i].end_at == end) {
            session++;
            already |= visitor_id && b[i].visitor_id == visitor_id;
            continue;
        }
        if (culprit)
            *culprit = i;
        return AGENDA_FIT_TAKEN;
    }
    if (already)
        return AGENDA_FIT_ALREADY;
    if (m->capacity > 1 && session >= m->capacity)
        return AGENDA_FIT_FULL;
    return AGENDA_FIT_OK;
}

static int cmp_gap(const void *a, const void *b)
{
    const agenda_gap *x = a, *y = b;
    if (x->start_at != y->start_at)
        return x->start_at < y->start_at ? -1 : 1;
    return x->resource_id < y->resource_id ? -1 : x->resource_id > y->resource_id;
}

int agenda_gaps(const agenda_opening *o, size_t no, const agenda_busy *b, size_t nb,
                agenda_gap **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    size_t cap = 0;
    for (size_t i = 0; i < no; i++) {
        int64_t t = o[i].start_at;
        for (size_t k = 0; k <= nb; k++) {
            int last = k == nb;
            if (!last && (b[k].resource_id != o[i].resource_id || b[k].end_at <= o[i].start_at ||
                          b[k].start_at >= o[i].end_at))
                continue;
            int64_t e = last ? o[i].end_at : b[k].start_at;
            if (e > t) {
                if (agenda_grow((void **)out, &cap, *count, sizeof **out) != 0) {
                    free(*out);
                    *out = NULL;
                    *count = 0;
                    return -1;
                }
                (*out)[(*count)++] = (agenda_gap){o[i].resource_id, t, e};
            }
            if (!last && b[k].end_at > t)
                t = b[k].end_at;
        }
    }
    if (*count > 1)
        qsort(*out, *count, sizeof **out, cmp_gap);
    return 0;
}
