/* sync_stamps.c — the stamp of each field of a synced row (migration 061,
 * docs/synchronisation.md "Conflits"): read from sync_row.fstamps and
 * sync_row.dirty (or a pack's _champs), compared, written
 * back. Text form: "mask@hlc@origin" groups joined by ','; '*' means every
 * field at the row's own stamp (rows of before 061, packs of format 1). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync_internal.h"

static void stamp_set(sync_stamp *s, int64_t hlc, const char *origin)
{
    s->hlc = hlc;
    snprintf(s->origin, sizeof s->origin, "%s", origin);
}

int sync_stamps_read(const char *text, int64_t dirty, int64_t hlc, const char *origin,
                     sync_stamps *out)
{
    memset(out, 0, sizeof *out);
    if (strcmp(text, "*") == 0)
        dirty = -1;
    else
        for (const char *p = text; *p;) {
            char *end;
            uint64_t mask = (uint64_t)strtoll(p, &end, 10);
            if (*end != '@')
                return -1;
            int64_t h = strtoll(end + 1, &end, 10);
            if (*end != '@')
                return -1;
            const char *o = end + 1;
            size_t len = strcspn(o, ",");
            if (len == 0 || len >= sizeof out->f[0].origin)
                return -1;
            for (int i = 0; i < SYNC_STAMP_BITS; i++)
                if (mask >> i & 1) {
                    out->f[i].hlc = h;
                    memcpy(out->f[i].origin, o, len);
                    out->f[i].origin[len] = 0;
                }
            p = o + len;
            if (*p == ',')
                p++;
        }
    for (int i = 0; i < SYNC_STAMP_BITS; i++)
        if ((uint64_t)dirty >> i & 1)
            stamp_set(&out->f[i], hlc, origin);
    return 0;
}

int sync_stamp_cmp(const sync_stamp *a, const sync_stamp *b)
{
    if (a->hlc != b->hlc)
        return a->hlc > b->hlc ? 1 : -1;
    int c = strcmp(a->origin, b->origin);
    return (c > 0) - (c < 0);
}

void sync_stamps_remap(sync_stamps *s, const int *from)
{
    sync_stamps t;
    memset(&t, 0, sizeof t);
    for (int i = 0; i < SYNC_STAMP_BITS; i++)
        if (from[i] >= 0)
            t.f[i] = s->f[from[i]];
    *s = t;
}

void sync_stamps_write(const sync_stamps *s, strbuf *out)
{
    uint64_t done = 0;
    int first = 1;
    for (int i = 0; i < SYNC_STAMP_BITS; i++) {
        if (done >> i & 1 || s->f[i].hlc == 0)
            continue;
        uint64_t mask = 0;
        for (int j = i; j < SYNC_STAMP_BITS; j++)
            if (!(done >> j & 1) && sync_stamp_cmp(&s->f[i], &s->f[j]) == 0)
                mask |= (uint64_t)1 << j;
        done |= mask;
        strbuf_printf(out, "%s%" PRId64 "@%" PRId64 "@%s", first ? "" : ",", (int64_t)mask,
                      s->f[i].hlc, s->f[i].origin);
        first = 0;
    }
}
