/* sync_import.c — applying a sync pack (docs/synchronisation.md
 * « L'import »): one transaction, all or nothing; a row already known is
 * left alone (idempotence); the newest stamp wins (ties: the larger instance
 * id), so two bases converge whatever the order of the packs; every value
 * overwritten by a concurrent change is kept in sync_conflict; two
 * appointments booked offline on one slot are both kept and the clash
 * listed. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <sodium.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "intake_internal.h"
#include "mem_huge.h"
#include "sync_internal.h"

/* ---- reading a CSV of the pack ------------------------------------------ */

typedef struct csvtab {
    int ncols;    /* fields of the header */
    size_t nrows; /* data rows */
    char *arena;  /* every field, NUL-terminated */
    size_t len, cap;
    /* (nrows + 1) * ncols offsets into arena: 32 bits, half of what size_t
     * took (visit.csv of the bench's ten years: 268 MB of offsets for 395
     * MB of cells); a table's cells stay under 4 GiB (too_big) */
    uint32_t *off;
    size_t noff, capoff;
    int bad;     /* a row with another number of fields, or memory */
    int too_big; /* the cells would pass 4 GiB */
    int cur;     /* fields in the current row */
} csvtab;

static void on_field(void *s, size_t n, void *data)
{
    csvtab *t = data;
    if (t->bad)
        return;
    if (t->noff == t->capoff) {
        size_t cap = t->capoff ? t->capoff * 2 : 256;
        uint32_t *g = realloc(t->off, cap * sizeof *g);
        if (!g) {
            t->bad = 1;
            return;
        }
        t->off = g;
        t->capoff = cap;
    }
    if (t->len + n + 1 > UINT32_MAX) {
        t->bad = t->too_big = 1;
        return;
    }
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *g = realloc(t->arena, cap);
        if (!g) {
            t->bad = 1;
            return;
        }
        t->arena = g;
        t->cap = cap;
    }
    t->off[t->noff++] = (uint32_t)t->len;
    if (n)
        memcpy(t->arena + t->len, s, n);
    t->len += n;
    t->arena[t->len++] = 0;
    t->cur++;
}

static void on_record(int c, void *data)
{
    (void)c;
    csvtab *t = data;
    if (t->ncols == 0)
        t->ncols = t->cur;
    else if (t->cur != t->ncols)
        t->bad = 1;
    else
        t->nrows++;
    t->cur = 0;
}

static void csvtab_free(csvtab *t)
{
    free(t->off);
    free(t->arena);
    memset(t, 0, sizeof *t);
}

static g_status csvtab_read(const sync_file *f, csvtab *t, g_error *err)
{
    memset(t, 0, sizeof *t);
    /* The cells take at most the file's bytes and one: quotes only shrink a
     * field, and each field's NUL stands where its separator or line end
     * was (the last field may have none). Allocated at once, so that the
     * buffer can be backed by huge pages (mem_huge.h): grown by doubling,
     * it was moved at each growth (mremap), which splits them. on_field
     * still grows it, should the bound be wrong. */
    if (f->len + 2 <= UINT32_MAX && (t->arena = malloc(f->len + 2)) != NULL) {
        t->cap = f->len + 2;
        mem_huge_hint(t->arena, t->cap);
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        csvtab_free(t);
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    }
    csv_set_delim(&p, ';');
    int ok = csv_parse(&p, f->data, f->len, on_field, on_record, t) == f->len &&
             csv_fini(&p, on_field, on_record, t) == 0;
    csv_free(&p);
    if (t->too_big) {
        csvtab_free(t);
        return g_err(err, G_ERR_INVALID,
                     _("Paquet refusé : le fichier « %s » est trop grand (plus de 4 Gio de "
                       "données pour une seule table)."),
                     f->name);
    }
    if (!ok || t->bad || t->ncols == 0) {
        csvtab_free(t);
        return g_err(err, G_ERR_INVALID, _("Paquet refusé : le fichier « %s » est mal formé."),
                     f->name);
    }
    return G_OK;
}

static const char *cell(const csvtab *t, size_t row, int col)
{
    return t->arena + t->off[(row + 1) * (size_t)t->ncols + (size_t)col];
}

static const char *head(const csvtab *t, int col)
{
    return t->arena + t->off[col];
}

static const sync_file *file_find(const sync_archive *a, const char *name)
{
    for (size_t i = 0; i < a->count; i++)
        if (strcmp(a->files[i].name, name) == 0)
            return &a->files[i];
    return NULL;
}

/* ---- the apply state ---------------------------------------------------- */

#define PUT_BATCH 128 /* sync_row rows written by one statement */

typedef struct applier {
    g_db *gdb;
    sqlite3 *db;
    /* the archive again, when the caller gives it up (sync_import): each
     * file's bytes are freed once the reader has parsed them, so that a
     * big pack is not held twice, as bytes and as cells; NULL: the
     * archive stays as it was given */
    sync_archive *spend;
    sync_import_info *info;
    char self[40];
    int64_t now;
    sqlite3_stmt *find; /* sync_row by identity */
    sqlite3_stmt *put;  /* sync_row upsert */
    sqlite3_stmt *putn; /* the same, PUT_BATCH rows at once */
    /* sync_row writes not yet made (put_row, put_flush) */
    struct pending {
        const char *tbl;              /* static */
        size_t uuid, origin, fstamps; /* offsets into their text */
        int64_t local_id, hlc, base, dirty;
        int deleted;
    } pend[PUT_BATCH];
    int npend;
    struct text {
        char *v;
        size_t len, cap;
    } pend_text;
    /* sync_row rows of new identities, written at the end of the rows in
     * the order of sync_row's key (late_flush) */
    struct pending *late;
    size_t nlate, caplate;
    struct text late_text;
    sqlite3_stmt *conflict;    /* sync_conflict insert */
    sqlite3_stmt *seen;        /* the same conflict already kept */
    sqlite3_stmt *fts[2][2];   /* [visitor|service][add|delete], prepared once */
    sqlite3_stmt *raise_seen;  /* raise_last_visit, prepared at its first use */
    sync_stamps lst, rst, mst; /* field stamps: local, received, merged */
    int64_t hlc;               /* the clock: stamps given by this import */
    /* identity → local rowid of the live rows this import has applied so
     * far (ids_put), so that a reference to them needs no sync_row lookup;
     * the keys are copied into keys (blocks that never move): each table's
     * CSV is freed once its rows are applied */
    struct idslot {
        const char *tbl, *uuid; /* uuid NULL: free */
        int64_t id;
        size_t hash; /* ids_hash(tbl, uuid): a probe reads the strings only when it matches */
    } * ids;
    size_t nids, capids;
    struct keyblock {
        struct keyblock *next;
        size_t used, cap;
        char data[];
    } * keys;
    g_error *err;
    /* appointments written by this import, for the clash check */
    int64_t *appts;
    size_t nappts, capappts;
} applier;

static g_status sqlfail(applier *ap, const char *what)
{
    return g_err(ap->err, G_ERR_DB, _("Import du paquet impossible (%s) : %s."), what,
                 sqlite3_errmsg(ap->db));
}

static sqlite3_stmt *prep(applier *ap, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ap->db, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

static int64_t parse_i64(const char *s)
{
    return strtoll(s, NULL, 10);
}

static size_t ids_hash(const char *tbl, const char *uuid)
{
    uint64_t h = 1469598103934665603u;
    for (const char *p = tbl; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    for (const char *p = uuid; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    return (size_t)(h ^ h >> 29);
}

static struct idslot *ids_slot(struct idslot *v, size_t cap, size_t h, const char *tbl,
                               const char *uuid)
{
    size_t i = h & (cap - 1);
    while (v[i].uuid &&
           (v[i].hash != h || strcmp(v[i].uuid, uuid) != 0 || strcmp(v[i].tbl, tbl) != 0))
        i = (i + 1) & (cap - 1);
    return &v[i];
}

/* A copy of the identity uuid that lives as long as the map (ids_clear);
 * NULL when out of memory. */
static const char *key_copy(applier *ap, const char *uuid)
{
    size_t n = strlen(uuid) + 1;
    struct keyblock *b = ap->keys;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        if (!(b = malloc(sizeof *b + cap)))
            return NULL;
        b->next = ap->keys;
        b->used = 0;
        b->cap = cap;
        ap->keys = b;
    }
    char *k = b->data + b->used;
    memcpy(k, uuid, n);
    b->used += n;
    return k;
}

/* Notes that the row uuid of tbl (a static name) is alive under rowid id
 * once this import is applied; the map keeps its own copy of uuid. */
static g_status ids_put(applier *ap, const char *tbl, const char *uuid, int64_t id)
{
    if ((ap->nids + 1) * 2 > ap->capids) {
        size_t cap = ap->capids ? ap->capids * 2 : 1024;
        struct idslot *v = calloc(cap, sizeof *v);
        if (!v)
            return g_err(ap->err, G_ERR_NOMEM, _("Mémoire insuffisante."));
        for (size_t i = 0; i < ap->capids; i++)
            if (ap->ids[i].uuid)
                *ids_slot(v, cap, ap->ids[i].hash, ap->ids[i].tbl, ap->ids[i].uuid) = ap->ids[i];
        free(ap->ids);
        ap->ids = v;
        ap->capids = cap;
    }
    size_t h = ids_hash(tbl, uuid);
    struct idslot *e = ids_slot(ap->ids, ap->capids, h, tbl, uuid);
    if (!e->uuid) {
        const char *key = key_copy(ap, uuid);
        if (!key)
            return g_err(ap->err, G_ERR_NOMEM, _("Mémoire insuffisante."));
        *e = (struct idslot){tbl, key, id, h};
        ap->nids++;
    } else
        e->id = id;
    return G_OK;
}

static void ids_clear(applier *ap)
{
    free(ap->ids);
    ap->ids = NULL;
    ap->nids = ap->capids = 0;
    while (ap->keys) {
        struct keyblock *next = ap->keys->next;
        free(ap->keys);
        ap->keys = next;
    }
}

/* Local rowid of a live synced row, 0 when unknown or deleted. */
static int64_t local_of(applier *ap, const char *tbl, const char *uuid)
{
    if (ap->nids) {
        struct idslot *e = ids_slot(ap->ids, ap->capids, ids_hash(tbl, uuid), tbl, uuid);
        if (e->uuid)
            return e->id;
    }
    sqlite3_reset(ap->find);
    sqlite3_bind_text(ap->find, 1, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_text(ap->find, 2, uuid, -1, SQLITE_STATIC);
    int64_t id = 0;
    if (sqlite3_step(ap->find) == SQLITE_ROW && sqlite3_column_type(ap->find, 0) != SQLITE_NULL)
        id = sqlite3_column_int64(ap->find, 0);
    sqlite3_reset(ap->find);
    return id;
}

typedef struct deferred {
    int64_t id;
    int col;
    const char *uuid;
    char *own; /* uuid's copy, when it is not in the pack's CSV (freed) */
} deferred;

/* Binds one travelled cell to parameter idx. fk: the column's identity
 * rule; kind: note_key's reader_kind cell (for poly). Returns 0, 1 when a
 * same-table identity is not there yet (bound NULL: fixed after the
 * table), -1 on an identity that no row has (err set). */
static int bind_cell(applier *ap, sqlite3_stmt *st, int idx, const char *v, const sync_fk *fk,
                     const char *kind, const char *self_table)
{
    if (strcmp(v, "\\N") == 0) {
        sqlite3_bind_null(st, idx);
        return 0;
    }
    if (fk) {
        if (v[0] == '#') {
            sqlite3_bind_int64(st, idx, parse_i64(v + 1));
            return 0;
        }
        const char *tbl = fk->table;
        if (!tbl)
            tbl = kind && strcmp(kind, "user") == 0 ? "app_user" : "team_key";
        int64_t id = local_of(ap, tbl, v);
        if (id) {
            sqlite3_bind_int64(st, idx, id);
            return 0;
        }
        if (self_table && strcmp(tbl, self_table) == 0) {
            sqlite3_bind_null(st, idx);
            return 1;
        }
        g_err(ap->err, G_ERR_INVALID,
              _("Paquet refusé : une ligne renvoie à « %s » (%s), absente de cette base et du "
                "paquet. Importez d'abord les paquets précédents de cet envoyeur, ou un paquet "
                "complet. Rien n'a été importé."),
              v, tbl);
        return -1;
    }
    if (v[0] == '\\' && v[1] == 'x') {
        size_t n = strlen(v + 2) / 2, got = 0;
        unsigned char *b = malloc(n + 1);
        if (!b || sodium_hex2bin(b, n + 1, v + 2, strlen(v + 2), NULL, &got, NULL) != 0) {
            free(b);
            g_err(ap->err, G_ERR_INVALID, _("Paquet refusé : une valeur binaire est illisible."));
            return -1;
        }
        sqlite3_bind_blob(st, idx, b, (int)got, free);
        return 0;
    }
    if (v[0] == '\\')
        v++;
    /* v lies in the CSV's arena, freed only after the statements that
     * bind it are finalized (tab_close): no copy of each cell */
    sqlite3_bind_text(st, idx, v, -1, SQLITE_STATIC);
    return 0;
}

static void bind_put(sqlite3_stmt *st, int base, const char *text, const struct pending *p)
{
    sqlite3_bind_text(st, base + 1, p->tbl, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, base + 2, text + p->uuid, -1, SQLITE_STATIC);
    if (p->local_id)
        sqlite3_bind_int64(st, base + 3, p->local_id);
    else
        sqlite3_bind_null(st, base + 3);
    sqlite3_bind_text(st, base + 4, text + p->origin, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, base + 5, p->hlc);
    sqlite3_bind_int64(st, base + 6, p->base);
    sqlite3_bind_int(st, base + 7, p->deleted);
    sqlite3_bind_int64(st, base + 8, p->dirty);
    sqlite3_bind_text(st, base + 9, text + p->fstamps, -1, SQLITE_STATIC);
}

#define PUT_COLS 9 /* parameters of one sync_row row (bind_put) */
#define PUT_SQL_UPSERT                                                                             \
    " ON CONFLICT (tbl, uuid) DO UPDATE SET local_id = excluded.local_id, origin = "               \
    "excluded.origin, hlc = excluded.hlc, base = excluded.base, deleted = excluded.deleted, "      \
    "dirty = excluded.dirty, fstamps = excluded.fstamps"

/* Writes n sync_row rows (v[i], their text in text): PUT_BATCH in one
 * statement (a statement per row cost a full pack 300,000 statements), a
 * shorter batch one by one. */
static g_status put_write(applier *ap, const struct pending *const *v, int n, const char *text)
{
    int done = 0;
    if (n == PUT_BATCH) {
        if (!ap->putn) {
            strbuf b;
            strbuf_init_grow(&b);
            strbuf_puts(&b, "INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, "
                            "deleted, dirty, fstamps) VALUES ");
            for (int i = 0; i < PUT_BATCH; i++) {
                strbuf_puts(&b, i ? ", (" : "(");
                for (int k = 1; k <= PUT_COLS; k++)
                    strbuf_printf(&b, "%s?%d", k > 1 ? ", " : "", i * PUT_COLS + k);
                strbuf_puts(&b, ")");
            }
            strbuf_puts(&b, PUT_SQL_UPSERT);
            ap->putn = prep(ap, strbuf_str(&b));
            strbuf_free(&b);
            if (!ap->putn)
                return sqlfail(ap, "sync_row");
        }
        sqlite3_reset(ap->putn);
        for (int i = 0; i < PUT_BATCH; i++)
            bind_put(ap->putn, i * PUT_COLS, text, v[i]);
        int rc = sqlite3_step(ap->putn);
        sqlite3_reset(ap->putn);
        if (rc != SQLITE_DONE)
            return sqlfail(ap, "sync_row");
        done = PUT_BATCH;
    }
    for (int i = done; i < n; i++) {
        sqlite3_reset(ap->put);
        bind_put(ap->put, 0, text, v[i]);
        int rc = sqlite3_step(ap->put);
        sqlite3_reset(ap->put);
        if (rc != SQLITE_DONE)
            return sqlfail(ap, v[i]->tbl);
    }
    return G_OK;
}

/* Writes the sync_row rows put so far. Called before anything reads
 * sync_row for rows of the table being applied (the end of a table). */
static g_status put_flush(applier *ap)
{
    const struct pending *v[PUT_BATCH];
    for (int i = 0; i < ap->npend; i++)
        v[i] = &ap->pend[i];
    g_status s = put_write(ap, v, ap->npend, ap->pend_text.v);
    ap->npend = 0;
    ap->pend_text.len = 0;
    return s;
}

static int text_add(struct text *t, const char *v, size_t *off)
{
    size_t n = strlen(v) + 1;
    if (t->len + n > t->cap) {
        size_t cap = t->cap ? t->cap : 16384;
        while (cap < t->len + n)
            cap *= 2;
        char *g = realloc(t->v, cap);
        if (!g)
            return -1;
        t->v = g;
        t->cap = cap;
    }
    memcpy(t->v + t->len, v, n);
    *off = t->len;
    t->len += n;
    return 0;
}

/* The sync_row rows of identities new to this base (rows and tombstones
 * it did not know, the journal's entries) are written together after the
 * journal (late_flush), sorted by sync_row's key (tbl, uuid): a WITHOUT
 * ROWID table filled in its key's order grows at its end, where the rows
 * of each table in turn, the tables in the pack's order, and the journal's
 * "origin:id" in numeric order went into the middle of the B-tree (sync_row
 * cost 30 % less to write, measured on a full pack). Nothing reads these
 * rows before: a table is applied once and its identities are unique in
 * the pack; references to its live rows go through ids_put; a deleted row
 * is not looked up (local_of: deleted = 0); the journal's entries are found
 * by sync_audit's own key. Rows already known are written with their table
 * (put_flush), as before. */
static const struct pending *sort_late;
static const char *sort_late_text;
static int by_key(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    const struct pending *p = &sort_late[x], *q = &sort_late[y];
    int c = strcmp(p->tbl, q->tbl);
    if (!c)
        c = strcmp(sort_late_text + p->uuid, sort_late_text + q->uuid);
    return c ? c : (x > y) - (x < y);
}

static g_status late_flush(applier *ap)
{
    size_t n = ap->nlate;
    if (!n)
        return G_OK;
    size_t *order = malloc(n * sizeof *order);
    if (!order)
        return g_err(ap->err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    sort_late = ap->late;
    sort_late_text = ap->late_text.v;
    qsort(order, n, sizeof *order, by_key);
    g_status s = G_OK;
    for (size_t i = 0; s == G_OK && i < n; i += PUT_BATCH) {
        const struct pending *v[PUT_BATCH];
        int k = 0;
        for (; k < PUT_BATCH && i + (size_t)k < n; k++)
            v[k] = &ap->late[order[i + (size_t)k]];
        s = put_write(ap, v, k, ap->late_text.v);
    }
    free(order);
    ap->nlate = 0;
    ap->late_text.len = 0;
    return s;
}

/* The row's identity, stamp, local rowid and field stamps, written at the
 * next put_flush (tbl: a static string). base: the stamp of the version
 * received; dirty: fields changed here since (sync_stamps.c). */
static g_status put_row_fields(applier *ap, int late, const char *tbl, const char *uuid,
                               int64_t local_id, const char *origin, int64_t hlc, int deleted,
                               int64_t base, int64_t dirty, const char *fstamps)
{
    struct text *t = late ? &ap->late_text : &ap->pend_text;
    if (late && ap->nlate == ap->caplate) {
        size_t cap = ap->caplate ? ap->caplate * 2 : 1024;
        struct pending *g = realloc(ap->late, cap * sizeof *g);
        if (!g)
            return g_err(ap->err, G_ERR_NOMEM, _("Mémoire insuffisante."));
        ap->late = g;
        ap->caplate = cap;
    }
    struct pending *p = late ? &ap->late[ap->nlate] : &ap->pend[ap->npend];
    if (text_add(t, uuid, &p->uuid) != 0 || text_add(t, origin, &p->origin) != 0 ||
        text_add(t, fstamps, &p->fstamps) != 0)
        return g_err(ap->err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    p->tbl = tbl;
    p->local_id = local_id;
    p->hlc = hlc;
    p->base = base;
    p->dirty = dirty;
    p->deleted = deleted;
    if (late) {
        ap->nlate++;
        return G_OK;
    }
    if (++ap->npend == PUT_BATCH)
        return put_flush(ap);
    return G_OK;
}

/* A row received as it is (a journal entry, a tombstone). late: an
 * identity new here (late_flush). */
static g_status put_row(applier *ap, int late, const char *tbl, const char *uuid, int64_t local_id,
                        const char *origin, int64_t hlc, int deleted)
{
    return put_row_fields(ap, late, tbl, uuid, local_id, origin, hlc, deleted, hlc, 0, "");
}

static g_status add_conflict(applier *ap, const char *kind, const char *tbl, const char *uuid,
                             const char *field, const char *kept, const char *lost,
                             int64_t kept_hlc, const char *kept_origin, int64_t lost_hlc,
                             const char *lost_origin)
{
    /* the same conflict seen again (a pack imported twice) is kept once */
    sqlite3_stmt *st = ap->seen;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, uuid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, field, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, kept_hlc);
    sqlite3_bind_int64(st, 6, lost_hlc);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return G_OK;
    st = ap->conflict;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, uuid, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, field, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, kept, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, lost, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 7, kept_hlc);
    sqlite3_bind_text(st, 8, kept_origin, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 9, lost_hlc);
    sqlite3_bind_text(st, 10, lost_origin, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 11, ap->now);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sqlfail(ap, "sync_conflict");
    ap->info->conflicts++;
    return G_OK;
}

/* The search indexes (FTS5) follow the rows at the end of the import, one
 * statement per index (fts_flush): FTS5 writes a new segment at every
 * statement that touches it, and a full pack's 75,000 one-row statements
 * cost seconds of segment merging where one statement costs a fraction of
 * a second. temp.sync_fts lists the rows whose entry is rewritten then,
 * with the values indexed before the import's first change of the row
 * (old = 1), or none (old = 0: a row this import created). A row already
 * listed keeps its first values: the index still holds those. */
static const char *const fts_sql[2][3] = {
    {"INSERT OR IGNORE INTO temp.sync_fts (kind, id, old, c1) SELECT 0, id, 1, search_names "
     "FROM visitor WHERE id = ?1",
     "INSERT INTO visitor_fts (visitor_fts, rowid, search_names) SELECT 'delete', id, c1 FROM "
     "temp.sync_fts WHERE kind = 0 AND old = 1 ORDER BY id",
     "INSERT INTO visitor_fts (rowid, search_names) SELECT v.id, v.search_names FROM "
     "temp.sync_fts f JOIN visitor v ON v.id = f.id WHERE f.kind = 0 ORDER BY v.id"},
    {"INSERT OR IGNORE INTO temp.sync_fts (kind, id, old, c1, c2, c3) SELECT 1, id, 1, name, "
     "description, structure FROM service WHERE id = ?1",
     "INSERT INTO service_fts (service_fts, rowid, name, description, structure) SELECT "
     "'delete', id, c1, c2, c3 FROM temp.sync_fts WHERE kind = 1 AND old = 1 ORDER BY id",
     "INSERT INTO service_fts (rowid, name, description, structure) SELECT s.id, s.name, "
     "s.description, s.structure FROM temp.sync_fts f JOIN service s ON s.id = f.id WHERE "
     "f.kind = 1 ORDER BY s.id"},
};

/* Notes that row id of t is about to change or go (before = 1, called
 * before the change) or was just created (before = 0). */
static g_status fts(applier *ap, const sync_table *t, int64_t id, int before)
{
    if (!t->fts)
        return G_OK;
    int k = strcmp(t->fts, "visitor") != 0;
    sqlite3_stmt **slot = &ap->fts[k][before != 0];
    if (!*slot && !(*slot = prep(ap, before ? fts_sql[k][0]
                                            : "INSERT OR IGNORE INTO temp.sync_fts (kind, id, "
                                              "old) VALUES (?2, ?1, 0)")))
        return sqlfail(ap, t->fts);
    sqlite3_stmt *st = *slot;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, id);
    if (!before)
        sqlite3_bind_int(st, 2, k);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? G_OK : sqlfail(ap, t->fts);
}

/* Rewrites the index entries of the rows listed: the old entries out, then
 * the rows as they are now (a row gone since is skipped by the join). */
static g_status fts_flush(applier *ap)
{
    static const char *const name[2] = {"visitor_fts", "service_fts"};
    for (int k = 0; k < 2; k++)
        for (int q = 1; q < 3; q++)
            if (sqlite3_exec(ap->db, fts_sql[k][q], NULL, NULL, NULL) != SQLITE_OK)
                return sqlfail(ap, name[k]);
    if (sqlite3_exec(ap->db, "DELETE FROM temp.sync_fts", NULL, NULL, NULL) != SQLITE_OK)
        return sqlfail(ap, "sync_fts");
    return G_OK;
}

/* ---- one table ---------------------------------------------------------- */

typedef struct tabctx {
    const sync_table *t;
    sync_cols c;
    csvtab csv;
    int map[SYNC_MAX_COLS];    /* local column i → csv column */
    int meta;                  /* leading columns: 1 (child), 5 (format 1), 6 */
    int from[SYNC_STAMP_BITS]; /* field stamp bit i here ← bit from[i] in the pack */
    int same_order;            /* the pack's columns in this base's order */
    int kindcol;               /* csv column of note_key.reader_kind, -1 */
    int newest;                /* local column that keeps its newest value, -1 */
    /* children of an entity: tables whose rows follow it */
    struct tabctx *kids[4];
    int nkids;
    size_t *order;                   /* child: rows sorted by parent identity */
    sqlite3_stmt *kid_del, *kid_ins; /* child: prepared once */
    sqlite3_stmt *cells;             /* local_cells: prepared once */
} tabctx;

static const csvtab *sort_csv;
static int by_parent(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(cell(sort_csv, x, 0), cell(sort_csv, y, 0));
    return c ? c : (x > y) - (x < y);
}

/* The table's file read and its rows put in order: what needs no SQLite,
 * done by the reading thread (reader) while earlier tables are applied. */
static g_status tab_parse(const sync_archive *a, const sync_table *t, tabctx *x, g_error *err)
{
    char name[64];
    snprintf(name, sizeof name, "%s.csv", t->name);
    const sync_file *f = file_find(a, name);
    if (!f)
        return g_err(err, G_ERR_INVALID, _("Paquet refusé : il ne contient pas le fichier « %s »."),
                     name);
    g_status s = csvtab_read(f, &x->csv, err);
    if (s != G_OK)
        return s;
    if (x->csv.ncols < 1)
        return g_err(err, G_ERR_INVALID, _("Paquet refusé : le fichier « %s » est mal formé."),
                     name);
    /* a child: its rows sorted by parent; an entity: by identity, which
     * must be unique (its sync_row is written later, put_row: a second row
     * of one identity would not find the first) */
    x->order = malloc((x->csv.nrows + 1) * sizeof *x->order);
    if (!x->order)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    for (size_t r = 0; r < x->csv.nrows; r++)
        x->order[r] = r;
    /* guichet writes every file in that order already: sorted only when
     * it is not (a sort of sorted rows still compared them n log n times) */
    sort_csv = &x->csv;
    int sorted = 1;
    for (size_t r = 1; sorted && r < x->csv.nrows; r++)
        sorted = by_parent(&x->order[r - 1], &x->order[r]) < 0;
    if (!sorted)
        qsort(x->order, x->csv.nrows, sizeof *x->order, by_parent);
    for (size_t r = 1; !t->parent && r < x->csv.nrows; r++)
        if (strcmp(cell(&x->csv, x->order[r - 1], 0), cell(&x->csv, x->order[r], 0)) == 0)
            return g_err(err, G_ERR_INVALID, _("Paquet refusé : le fichier « %s » est mal formé."),
                         name);
    return G_OK;
}

/* The rest, once the reader has parsed the table: its columns here and
 * in the pack. */
static g_status tab_open(applier *ap, const sync_table *t, tabctx *x)
{
    x->t = t;
    x->kindcol = -1;
    x->newest = -1;
    g_status s = sync_cols_load(ap->db, t, &x->c, ap->err);
    if (s != G_OK)
        return s;
    for (int i = 0; i < x->c.n; i++)
        if (sync_col_keeps_newest(t->name, x->c.name[i]))
            x->newest = i;
    char name[64];
    snprintf(name, sizeof name, "%s.csv", t->name);
    int meta = t->parent ? 1 : SYNC_PACK_META_V1;
    if (!t->parent && x->csv.ncols > SYNC_PACK_META_V1 && strcmp(head(&x->csv, 5), "_champs") == 0)
        meta = SYNC_PACK_META;
    x->meta = meta;
    if (x->csv.ncols < meta)
        return g_err(ap->err, G_ERR_INVALID, _("Paquet refusé : le fichier « %s » est mal formé."),
                     name);
    for (int i = 0; i < x->c.n; i++)
        x->map[i] = -1;
    for (int j = meta; j < x->csv.ncols; j++) {
        int i = sync_cols_find(&x->c, head(&x->csv, j));
        if (i < 0)
            return g_err(ap->err, G_ERR_INVALID,
                         _("Paquet refusé : la colonne « %s » de « %s » est inconnue de cette "
                           "version de guichet (mettez guichet à jour)."),
                         head(&x->csv, j), name);
        x->map[i] = j;
        if (strcmp(x->c.name[i], "reader_kind") == 0)
            x->kindcol = j;
    }
    for (int i = 0; i < x->c.n; i++)
        if (x->map[i] < 0)
            return g_err(ap->err, G_ERR_INVALID,
                         _("Paquet refusé : la colonne « %s » manque dans « %s » (paquet d'une "
                           "autre version de guichet)."),
                         x->c.name[i], name);
    if (x->c.n > SYNC_KIDS_BIT)
        return g_err(ap->err, G_ERR_INVALID, _("Paquet refusé : le fichier « %s » est mal formé."),
                     name);
    x->same_order = 1;
    for (int i = 0; i < SYNC_STAMP_BITS; i++)
        x->from[i] = i < x->c.n ? x->map[i] - meta : -1;
    x->from[SYNC_KIDS_BIT] = SYNC_KIDS_BIT;
    for (int i = 0; i < x->c.n; i++)
        if (x->from[i] != i)
            x->same_order = 0;
    return G_OK;
}

/* Frees a table's rows and statements; again on a closed table: nothing. */
static void tab_close(tabctx *x)
{
    sqlite3_finalize(x->kid_del);
    sqlite3_finalize(x->kid_ins);
    sqlite3_finalize(x->cells);
    x->kid_del = x->kid_ins = x->cells = NULL;
    sync_cols_free(&x->c);
    csvtab_free(&x->csv);
    free(x->order);
    x->order = NULL;
}

/* The local row's cells, as they travel, into vals[i] (malloc'ed). The
 * statement is the table's, prepared at its first row: prepared per row,
 * its identity subqueries cost a week's pack 14 % of its import. */
static g_status local_cells(applier *ap, tabctx *x, int64_t id, char **vals)
{
    if (!x->cells) {
        char *sql =
            sqlite3_mprintf("SELECT %s FROM \"%w\" t WHERE t.id = ?1", x->c.exprs, x->t->name);
        x->cells = sql ? prep(ap, sql) : NULL;
        sqlite3_free(sql);
        if (!x->cells)
            return sqlfail(ap, x->t->name);
    }
    sqlite3_stmt *st = x->cells;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, id);
    g_status s = G_OK;
    if (sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < x->c.n; i++) {
            strbuf b;
            strbuf_init_grow(&b);
            sync_cell(st, i, x->c.fk[i] != NULL, &b);
            vals[i] = strbuf_take(&b);
        }
    } else
        s = sqlfail(ap, x->t->name);
    sqlite3_reset(st);
    return s;
}

static void free_cells(char **vals, int n)
{
    for (int i = 0; i < n; i++)
        free(vals[i]), vals[i] = NULL;
}

/* Replaces the children of the parent (local id pid, identity puuid). fresh:
 * the parent was inserted by this import, under a rowid no row had (or
 * whose children went with it: foreign keys), so it has none to delete. */
/* Deletes the rows of child table k under the parent pid (a parent
 * updated or gone). */
static g_status drop_children(applier *ap, tabctx *k, int64_t pid)
{
    if (!k->kid_del) {
        char *sql =
            sqlite3_mprintf("DELETE FROM \"%w\" WHERE \"%w\" = ?1", k->t->name, k->t->parent_col);
        k->kid_del = prep(ap, sql);
        sqlite3_free(sql);
        if (!k->kid_del)
            return sqlfail(ap, k->t->name);
    }
    sqlite3_stmt *st = k->kid_del;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, pid);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? G_OK : sqlfail(ap, k->t->name);
}

static g_status put_children(applier *ap, tabctx *k, int64_t pid, const char *puuid, int fresh)
{
    if (!fresh) {
        g_status s = drop_children(ap, k, pid);
        if (s != G_OK)
            return s;
    }
    /* rows of this parent: a range of the sorted order */
    size_t lo = 0, hi = k->csv.nrows;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(cell(&k->csv, k->order[mid], 0), puuid) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == k->csv.nrows || strcmp(cell(&k->csv, k->order[lo], 0), puuid) != 0)
        return G_OK;
    if (!k->kid_ins) {
        strbuf b;
        strbuf_init_grow(&b);
        strbuf_printf(&b, "INSERT INTO \"%s\" (\"%s\"", k->t->name, k->t->parent_col);
        for (int i = 0; i < k->c.n; i++)
            strbuf_printf(&b, ", \"%s\"", k->c.name[i]);
        strbuf_puts(&b, ") VALUES (?1");
        for (int i = 0; i < k->c.n; i++)
            strbuf_printf(&b, ", ?%d", i + 2);
        strbuf_puts(&b, ")");
        k->kid_ins = prep(ap, strbuf_str(&b));
        strbuf_free(&b);
        if (!k->kid_ins)
            return sqlfail(ap, k->t->name);
    }
    sqlite3_stmt *st = k->kid_ins;
    g_status s = G_OK;
    for (size_t r = lo; r < k->csv.nrows && s == G_OK; r++) {
        size_t row = k->order[r];
        if (strcmp(cell(&k->csv, row, 0), puuid) != 0)
            break;
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        sqlite3_bind_int64(st, 1, pid);
        const char *kind = k->kindcol >= 0 ? cell(&k->csv, row, k->kindcol) : NULL;
        for (int i = 0; i < k->c.n && s == G_OK; i++)
            if (bind_cell(ap, st, i + 2, cell(&k->csv, row, k->map[i]), k->c.fk[i], kind, NULL) !=
                0)
                s = ap->err->code ? ap->err->code : G_ERR_INVALID;
        if (s == G_OK && sqlite3_step(st) != SQLITE_DONE)
            s = sqlfail(ap, k->t->name);
    }
    sqlite3_reset(st);
    return s;
}

/* INSERT of rows rows of x's table: per row its columns then id (the
 * UPDATE's layout). sqlite3_free. */
static char *insert_sql(const tabctx *x, int rows)
{
    int n = x->c.n;
    strbuf b;
    strbuf_init_grow(&b);
    strbuf_printf(&b, "INSERT INTO \"%s\" (", x->t->name);
    for (int i = 0; i < n; i++)
        strbuf_printf(&b, "\"%s\", ", x->c.name[i]);
    strbuf_puts(&b, "id) VALUES ");
    for (int j = 0; j < rows; j++) {
        strbuf_puts(&b, j ? ", (" : "(");
        for (int i = 0; i <= n; i++)
            strbuf_printf(&b, "%s?%d", i ? ", " : "", j * (n + 1) + i + 1);
        strbuf_puts(&b, ")");
    }
    char *sql = sqlite3_mprintf("%s", strbuf_str(&b));
    strbuf_free(&b);
    return sql;
}

#define FRESH_BATCH 32 /* new rows inserted by one statement */

typedef struct fresh_row {
    size_t row; /* in the CSV */
    int64_t id; /* its rowid here */
} fresh_row;

static g_status add_deferred(applier *ap, deferred **dfr, size_t *ndfr, deferred d)
{
    deferred *g = realloc(*dfr, (*ndfr + 1) * sizeof *g);
    if (!g)
        return g_err(ap->err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    *dfr = g;
    (*dfr)[(*ndfr)++] = d;
    return G_OK;
}

/* Inserts the new rows waiting in f, then their children. A full batch
 * goes in one statement (*insn, prepared at the first): SQLite sets up
 * some checks once per statement (a CHECK … IN list builds its table each
 * time), and a full pack inserts 200,000 rows. The rest one by one (ins). */
static g_status fresh_flush(applier *ap, tabctx *x, sqlite3_stmt **insn, int batch,
                            sqlite3_stmt *ins, const fresh_row *f, int nf, deferred **dfr,
                            size_t *ndfr)
{
    int n = x->c.n;
    int many = batch > 1 && nf == batch;
    if (many && !*insn) {
        char *sql = insert_sql(x, batch);
        *insn = sql ? prep(ap, sql) : NULL;
        sqlite3_free(sql);
        if (!*insn)
            return sqlfail(ap, x->t->name);
    }
    g_status s = G_OK;
    for (int j = 0; j < nf && s == G_OK; j++) {
        sqlite3_stmt *st = many ? *insn : ins;
        int base = many ? j * (n + 1) : 0;
        for (int i = 0; i < n && s == G_OK; i++) {
            const char *v = cell(&x->csv, f[j].row, x->map[i]);
            int rc = bind_cell(ap, st, base + i + 1, v, x->c.fk[i], NULL, x->t->name);
            if (rc < 0)
                s = ap->err->code ? ap->err->code : G_ERR_INVALID;
            else if (rc > 0)
                s = add_deferred(ap, dfr, ndfr, (deferred){f[j].id, i, v, NULL});
        }
        sqlite3_bind_int64(st, base + n + 1, f[j].id);
        if (s == G_OK && (!many || j == nf - 1)) {
            int rc = sqlite3_step(st);
            sqlite3_reset(st);
            if (rc != SQLITE_DONE)
                s = sqlfail(ap, x->t->name);
        }
    }
    for (int j = 0; j < nf && s == G_OK; j++)
        for (int k = 0; k < x->nkids && s == G_OK; k++)
            s = put_children(ap, x->kids[k], f[j].id, cell(&x->csv, f[j].row, 0), 1);
    return s;
}

static g_status note_appointment(applier *ap, int64_t id)
{
    if (ap->nappts == ap->capappts) {
        size_t cap = ap->capappts ? ap->capappts * 2 : 64;
        int64_t *g = realloc(ap->appts, cap * sizeof *g);
        if (!g)
            return g_err(ap->err, G_ERR_NOMEM, _("Mémoire insuffisante."));
        ap->appts = g;
        ap->capappts = cap;
    }
    ap->appts[ap->nappts++] = id;
    return G_OK;
}

static int wins(int64_t h1, const char *o1, int64_t h2, const char *o2)
{
    return h1 > h2 || (h1 == h2 && strcmp(o1, o2) > 0);
}

/* The last visit of the people of requests first..last (rowids), raised to
 * the latest of them: a saved request raises it without stamping its
 * visitor (migration 070), so the request is what tells the other bases.
 * The requests are read by their rowids: grouped by the bare column,
 * SQLite walked the whole visit_visitor index instead, 0.1 s a call on a
 * base of ten years (a week's pack took 12 s instead of 0.4). */
static g_status raise_last_visit(applier *ap, int64_t first, int64_t last)
{
    if (!ap->raise_seen)
        ap->raise_seen =
            prep(ap, "UPDATE visitor SET last_visit_at = x.at FROM (SELECT +visitor_id AS vid, "
                     "max(arrived_at) AS at FROM visit WHERE id BETWEEN ?1 AND ?2 AND "
                     "visitor_id IS NOT NULL GROUP BY 1) AS x WHERE visitor.id = x.vid AND "
                     "visitor.last_visit_at < x.at");
    sqlite3_stmt *st = ap->raise_seen;
    if (!st)
        return sqlfail(ap, "visitor");
    sqlite3_bind_int64(st, 1, first);
    sqlite3_bind_int64(st, 2, last);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? G_OK : sqlfail(ap, "visitor");
}

/* A row alive on both sides, changed on at least one: each field keeps the
 * value of its newest stamp (a tie, which only a foreign or damaged base
 * makes, by the greater value: the same on both sides), the rows of its
 * child tables likewise as one field. A value that loses and had been
 * changed by its side since that side last received the row is kept in
 * sync_conflict. The row's stamp names its content everywhere (an import
 * skips a version whose stamp it has): the received stamp when the result
 * is the received version, a new stamp of this base when it mixes both or
 * keeps this base's values against a newer version (so that they travel
 * back), this base's stamp otherwise. A column derived from rows that
 * travel themselves keeps its newest value (sync_col_keeps_newest). */
static g_status merge_fields(applier *ap, tabctx *x, size_t r, int64_t lid, const char *uuid,
                             const char *lorigin, int64_t lhlc, int64_t lbase, int64_t ldirty,
                             const char *lfst, char **loc, sqlite3_stmt *upd, deferred **dfr,
                             size_t *ndfr)
{
    const sync_table *t = x->t;
    int n = x->c.n;
    const char *origin = cell(&x->csv, r, 1);
    int64_t hlc = parse_i64(cell(&x->csv, r, 2)), rbase = parse_i64(cell(&x->csv, r, 3));
    const char *sender = ap->info->sender_instance;
    sync_stamps *L = &ap->lst, *R = &ap->rst, *M = &ap->mst;
    if (sync_stamps_read(lfst, ldirty, lhlc, lorigin, L) != 0)
        return g_err(ap->err, G_ERR_DB, _("Import du paquet impossible (%s) : %s."), "sync_row",
                     lfst);
    int take[SYNC_MAX_COLS] = {0};
    int any_remote = 0, any_local = 0;
    g_status s = G_OK;
    for (int i = 0; i < n && s == G_OK; i++) {
        const char *rv = cell(&x->csv, r, x->map[i]);
        int c = sync_stamp_cmp(&R->f[i], &L->f[i]);
        int differ = strcmp(loc[i], rv) != 0;
        if (!differ) {
            M->f[i] = c > 0 ? R->f[i] : L->f[i];
            continue;
        }
        if (i == x->newest) {
            /* derived from rows that travel themselves (a file's last
             * visit, from the requests): the newest value, whatever the
             * stamps, and never a conflict; a value kept here is not a
             * version of this base's own */
            take[i] = parse_i64(rv) > parse_i64(loc[i]);
            M->f[i] = take[i] ? R->f[i] : L->f[i];
            any_remote |= take[i];
            continue;
        }
        take[i] = c > 0 || (c == 0 && strcmp(rv, loc[i]) > 0);
        M->f[i] = take[i] ? R->f[i] : L->f[i];
        if (take[i])
            any_remote = 1;
        else
            any_local = 1;
        /* updated_at moves with every change: not a conflict of its own */
        if (strcmp(x->c.name[i], "updated_at") == 0)
            continue;
        /* the losing value was a change (not the row's creation) that the
         * winning side had not received: neither its author, nor any
         * version as recent reached it (base: the newest version it got) */
        if (take[i] && L->f[i].hlc && L->f[i].hlc > rbase && strcmp(L->f[i].origin, sender) != 0)
            s = add_conflict(ap, "champ", t->name, uuid, x->c.name[i], rv, loc[i], R->f[i].hlc,
                             R->f[i].origin, L->f[i].hlc, L->f[i].origin);
        else if (!take[i] && R->f[i].hlc && R->f[i].hlc > lbase &&
                 strcmp(R->f[i].origin, ap->self) != 0)
            s = add_conflict(ap, "champ", t->name, uuid, x->c.name[i], loc[i], rv, L->f[i].hlc,
                             L->f[i].origin, R->f[i].hlc, R->f[i].origin);
    }
    if (s != G_OK)
        return s;
    int kc = sync_stamp_cmp(&R->f[SYNC_KIDS_BIT], &L->f[SYNC_KIDS_BIT]);
    int take_kids = x->nkids > 0 && kc > 0;
    M->f[SYNC_KIDS_BIT] = kc > 0 ? R->f[SYNC_KIDS_BIT] : L->f[SYNC_KIDS_BIT];
    if (take_kids)
        any_remote = 1;
    else if (x->nkids > 0 && kc < 0)
        any_local = 1;
    for (int i = n; i < SYNC_KIDS_BIT; i++)
        memset(&M->f[i], 0, sizeof M->f[i]);

    /* the row's stamp afterwards */
    const char *sorigin = lorigin;
    int64_t shlc = lhlc;
    int rewrite = 1;
    int newer = wins(hlc, origin, lhlc, lorigin);
    if (!any_local && newer) {
        sorigin = origin; /* the received version (or the same content) */
        shlc = hlc;
    } else if (any_remote || (any_local && newer)) {
        sorigin = ap->self; /* a version of its own: it travels on */
        shlc = ++ap->hlc;
    } else if (any_local)
        rewrite = 0; /* this base's version, newer: it travels as it is */

    if (any_remote) {
        for (int i = 0; i < n && s == G_OK; i++) {
            const char *v = take[i] ? cell(&x->csv, r, x->map[i]) : loc[i];
            int rc = bind_cell(ap, upd, i + 1, v, x->c.fk[i], NULL, t->name);
            if (rc < 0)
                s = ap->err->code ? ap->err->code : G_ERR_INVALID;
            else if (rc > 0 && take[i])
                s = add_deferred(ap, dfr, ndfr, (deferred){lid, i, v, NULL});
            else if (rc > 0) {
                /* this base's value, whose row this import has not written yet */
                char *own = strdup(v);
                s = own ? add_deferred(ap, dfr, ndfr, (deferred){lid, i, own, own})
                        : g_err(ap->err, G_ERR_NOMEM, _("Mémoire insuffisante."));
                if (s != G_OK)
                    free(own);
            }
        }
        if (s != G_OK)
            return s;
        sqlite3_bind_int64(upd, n + 1, lid);
        if ((s = fts(ap, t, lid, 1)) != G_OK)
            return s;
        int rc = sqlite3_step(upd);
        sqlite3_reset(upd);
        sqlite3_clear_bindings(upd);
        if (rc != SQLITE_DONE)
            return sqlfail(ap, t->name);
        /* columns derived from others (a file's search words from its
         * names) follow the merged values, the same on every base */
        if (any_local && strcmp(t->name, "visitor") == 0 &&
            (s = visitor_rederive(ap->gdb, lid, ap->err)) != G_OK)
            return s;
        if ((s = fts(ap, t, lid, 0)) != G_OK)
            return s;
        for (int k = 0; take_kids && k < x->nkids && s == G_OK; k++)
            s = put_children(ap, x->kids[k], lid, uuid, 0);
        if (s == G_OK && strcmp(t->name, "appointment") == 0)
            s = note_appointment(ap, lid);
        if (s == G_OK && strcmp(t->name, "visit") == 0)
            s = raise_last_visit(ap, lid, lid);
        if (s != G_OK)
            return s;
        ap->info->updated++;
        if (any_local)
            ap->info->merged++;
    } else
        ap->info->unchanged++;
    if (!rewrite)
        return G_OK;
    strbuf fs;
    strbuf_init_grow(&fs);
    sync_stamps_write(M, &fs);
    s = fs.truncated
            ? g_err(ap->err, G_ERR_NOMEM, _("Mémoire insuffisante."))
            : put_row_fields(ap, 0, t->name, uuid, lid, sorigin, shlc, 0, hlc, 0, strbuf_str(&fs));
    strbuf_free(&fs);
    return s;
}

static g_status apply_entity(applier *ap, tabctx *x)
{
    const sync_table *t = x->t;
    int n = x->c.n;
    char *isql = insert_sql(x, 1);
    sqlite3_stmt *ins = isql ? prep(ap, isql) : NULL;
    sqlite3_free(isql);
    strbuf b;
    strbuf_init_grow(&b);
    strbuf_printf(&b, "UPDATE \"%s\" SET ", t->name);
    for (int i = 0; i < n; i++)
        strbuf_printf(&b, "%s\"%s\" = ?%d", i ? ", " : "", x->c.name[i], i + 1);
    strbuf_printf(&b, " WHERE id = ?%d", n + 1);
    sqlite3_stmt *upd = prep(ap, strbuf_str(&b));
    strbuf_free(&b);
    char *dsql = sqlite3_mprintf("DELETE FROM \"%w\" WHERE id = ?1", t->name);
    sqlite3_stmt *del = prep(ap, dsql);
    sqlite3_free(dsql);
    sqlite3_stmt *row = prep(ap, "SELECT local_id, origin, hlc, base, deleted, dirty, fstamps "
                                 "FROM sync_row WHERE tbl = ?1 AND uuid = ?2");
    /* a table of which this base has no row yet (a new base's first full
     * pack): no row of the pack is known, none is looked up (only this
     * loop writes sync_row rows of this table, one per identity) */
    int none = 0;
    if (row) {
        sqlite3_stmt *any = prep(ap, "SELECT 1 FROM sync_row WHERE tbl = ?1 LIMIT 1");
        if (any) {
            sqlite3_bind_text(any, 1, t->name, -1, SQLITE_STATIC);
            none = sqlite3_step(any) == SQLITE_DONE;
        }
        sqlite3_finalize(any);
    }
    strbuf lfst, rfst; /* the local row's field stamps; a new row's */
    strbuf_init_grow(&lfst);
    strbuf_init_grow(&rfst);
    /* new rows take the rowids after the table's last, known before they
     * are inserted (in batches: fresh_flush) */
    char *msql = sqlite3_mprintf("SELECT ifnull(max(id), 0) FROM \"%w\"", t->name);
    sqlite3_stmt *mx = msql ? prep(ap, msql) : NULL;
    sqlite3_free(msql);
    int64_t nextid = mx && sqlite3_step(mx) == SQLITE_ROW ? sqlite3_column_int64(mx, 0) : -1;
    sqlite3_finalize(mx);
    const int64_t first_new = nextid + 1;
    int batch = sqlite3_limit(ap->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1) / (n + 1);
    if (batch > FRESH_BATCH)
        batch = FRESH_BATCH;
    sqlite3_stmt *insn = NULL;
    fresh_row fresh[FRESH_BATCH];
    int nfresh = 0;
    g_status s = G_OK;
    deferred *dfr = NULL;
    size_t ndfr = 0;
    char **loc = calloc((size_t)n, sizeof *loc);
    if (!ins || !upd || !del || !row || !loc || nextid < 0)
        s = loc ? sqlfail(ap, t->name) : g_err(ap->err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    for (size_t r = 0; s == G_OK && r < x->csv.nrows; r++) {
        const char *uuid = cell(&x->csv, r, 0), *origin = cell(&x->csv, r, 1);
        int64_t hlc = parse_i64(cell(&x->csv, r, 2)), rbase = parse_i64(cell(&x->csv, r, 3));
        int rdead = strcmp(cell(&x->csv, r, 4), "1") == 0;
        sqlite3_reset(row);
        sqlite3_bind_text(row, 1, t->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(row, 2, uuid, -1, SQLITE_STATIC);
        int known = !none && sqlite3_step(row) == SQLITE_ROW;
        int64_t lid = 0, lhlc = 0, lbase = 0, ldirty = 0;
        int ldead = 0;
        char lorigin[64] = "";
        if (known) {
            lid = sqlite3_column_int64(row, 0);
            snprintf(lorigin, sizeof lorigin, "%s", (const char *)sqlite3_column_text(row, 1));
            lhlc = sqlite3_column_int64(row, 2);
            lbase = sqlite3_column_int64(row, 3);
            ldead = sqlite3_column_int(row, 4);
            ldirty = sqlite3_column_int64(row, 5);
            sync_cell_reset(&lfst);
            strbuf_puts(&lfst, (const char *)sqlite3_column_text(row, 6));
        }
        sqlite3_reset(row);
        if (known && lhlc == hlc && strcmp(lorigin, origin) == 0) {
            ap->info->unchanged++;
            continue;
        }
        int remote_wins = !known || wins(hlc, origin, lhlc, lorigin);
        /* concurrent: neither side had seen the other's version */
        int concurrent = known && strcmp(lorigin, origin) != 0 && rbase != lhlc && lbase != hlc;
        /* the stamp of each field of the version received, in this base's
         * column order (a pack of format 1: every field at the row's stamp) */
        const char *rchamps = x->meta == SYNC_PACK_META ? cell(&x->csv, r, 5) : "*";
        if (sync_stamps_read(rchamps, 0, hlc, origin, &ap->rst) != 0) {
            char name[64];
            snprintf(name, sizeof name, "%s.csv", t->name);
            s = g_err(ap->err, G_ERR_INVALID, _("Paquet refusé : le fichier « %s » est mal formé."),
                      name);
            break;
        }
        if (!x->same_order)
            sync_stamps_remap(&ap->rst, x->from);
        /* what a row new here keeps as its field stamps */
        sync_cell_reset(&rfst);
        if (strcmp(rchamps, "*") == 0 || x->same_order)
            strbuf_puts(&rfst, rchamps);
        else
            sync_stamps_write(&ap->rst, &rfst);
        if (!known && rdead) {
            s = put_row(ap, 1, t->name, uuid, 0, origin, hlc, 1);
            ap->info->deleted++;
            continue;
        }
        int live = known && !ldead && lid;
        if (live && (s = local_cells(ap, x, lid, loc)) != G_OK)
            break;
        if (live && !rdead) {
            /* both alive: field by field (merge_fields) */
            if ((s = ids_put(ap, t->name, uuid, lid)) != G_OK)
                break;
            s = merge_fields(ap, x, r, lid, uuid, lorigin, lhlc, lbase, ldirty, strbuf_str(&lfst),
                             loc, upd, &dfr, &ndfr);
            free_cells(loc, n);
            continue;
        }
        /* one side deleted the row: the newest version of the row wins */
        if (concurrent && (live != !rdead))
            s = add_conflict(
                ap, "champ", t->name, uuid, "(suppression)",
                remote_wins ? (rdead ? "supprimée" : "gardée") : (ldead ? "supprimée" : "gardée"),
                remote_wins ? (ldead ? "supprimée" : "gardée") : (rdead ? "supprimée" : "gardée"),
                remote_wins ? hlc : lhlc, remote_wins ? origin : lorigin, remote_wins ? lhlc : hlc,
                remote_wins ? lorigin : origin);
        if (s != G_OK)
            break;
        if (!remote_wins) {
            free_cells(loc, n);
            ap->info->unchanged++;
            continue;
        }
        int64_t newid = 0;
        if (rdead) {
            if (live) {
                if ((s = fts(ap, t, lid, 1)) != G_OK)
                    break;
                for (int k = 0; k < x->nkids && s == G_OK; k++)
                    s = drop_children(ap, x->kids[k], lid);
                sqlite3_reset(del);
                sqlite3_bind_int64(del, 1, lid);
                if (s == G_OK && sqlite3_step(del) != SQLITE_DONE)
                    s = sqlfail(ap, t->name);
                sqlite3_reset(del);
                ap->info->deleted++;
            } else
                ap->info->unchanged++;
        } else {
            /* a new row (or one deleted here that the newer version keeps):
             * inserted with the next ones (fresh_flush) */
            newid = ++nextid;
            fresh[nfresh++] = (fresh_row){r, newid};
            if ((s = ids_put(ap, t->name, uuid, newid)) != G_OK)
                break;
            if ((s = fts(ap, t, newid, 0)) != G_OK)
                break;
            ap->info->inserted++;
            if (strcmp(t->name, "appointment") == 0 && (s = note_appointment(ap, newid)) != G_OK)
                break;
            if (nfresh == batch || nfresh == FRESH_BATCH) {
                s = fresh_flush(ap, x, &insn, batch, ins, fresh, nfresh, &dfr, &ndfr);
                nfresh = 0;
            }
        }
        free_cells(loc, n);
        if (s == G_OK)
            s = put_row_fields(ap, !known, t->name, uuid, newid, origin, hlc, rdead, hlc, 0,
                               rdead ? "" : strbuf_str(&rfst));
    }
    if (s == G_OK && nfresh)
        s = fresh_flush(ap, x, &insn, batch, ins, fresh, nfresh, &dfr, &ndfr);
    if (s == G_OK)
        s = put_flush(ap);
    /* identities of the same table that came later in the file */
    for (size_t d = 0; s == G_OK && d < ndfr; d++) {
        int64_t target = local_of(ap, t->name, dfr[d].uuid);
        if (!target) {
            s = g_err(ap->err, G_ERR_INVALID,
                      _("Paquet refusé : une ligne renvoie à « %s » (%s), absente de cette base "
                        "et du paquet. Rien n'a été importé."),
                      dfr[d].uuid, t->name);
            break;
        }
        char *q = sqlite3_mprintf("UPDATE \"%w\" SET \"%w\" = ?1 WHERE id = ?2", t->name,
                                  x->c.name[dfr[d].col]);
        sqlite3_stmt *st = prep(ap, q);
        sqlite3_free(q);
        if (!st) {
            s = sqlfail(ap, t->name);
            break;
        }
        sqlite3_bind_int64(st, 1, target);
        sqlite3_bind_int64(st, 2, dfr[d].id);
        if (sqlite3_step(st) != SQLITE_DONE)
            s = sqlfail(ap, t->name);
        sqlite3_finalize(st);
    }
    /* the requests new here: their people's last visit */
    if (s == G_OK && nextid >= first_new && strcmp(t->name, "visit") == 0)
        s = raise_last_visit(ap, first_new, nextid);
    if (loc)
        free_cells(loc, n);
    free(loc);
    for (size_t d = 0; d < ndfr; d++)
        free(dfr[d].own);
    free(dfr);
    strbuf_free(&lfst);
    strbuf_free(&rfst);
    sqlite3_finalize(ins);
    sqlite3_finalize(insn);
    sqlite3_finalize(upd);
    sqlite3_finalize(del);
    sqlite3_finalize(row);
    return s;
}

/* The pack's file name read into t, which must have ncols columns; when
 * the pack has no such file: refused if required, else t stays empty
 * (t->ncols 0). */
static g_status named_csv(applier *ap, const sync_archive *a, const char *name, int ncols,
                          int required, csvtab *t)
{
    memset(t, 0, sizeof *t);
    const sync_file *f = file_find(a, name);
    if (!f)
        return required ? g_err(ap->err, G_ERR_INVALID,
                                _("Paquet refusé : il ne contient pas le fichier « %s »."), name)
                        : G_OK;
    g_status s = csvtab_read(f, t, ap->err);
    if (s == G_OK && t->ncols != ncols) {
        csvtab_free(t);
        s = g_err(ap->err, G_ERR_INVALID, _("Paquet refusé : le fichier « %s » est mal formé."),
                  name);
    }
    return s;
}

/* ---- the journals of the other instances -------------------------------- */

/* The journal's entries (j: journal.csv, read by the reader; freed here). */
static g_status apply_journal(applier *ap, csvtab *j_)
{
    csvtab j = *j_;
    memset(j_, 0, sizeof *j_);
    g_status s = G_OK;
    if (j.ncols != 10) {
        csvtab_free(&j);
        return g_err(ap->err, G_ERR_INVALID, _("Paquet refusé : le fichier « %s » est mal formé."),
                     "journal.csv");
    }
    sqlite3_stmt *ins = prep(ap, "INSERT OR IGNORE INTO sync_audit (origin, id, at, user_id, "
                                 "action, object, detail, prev_hash, hash) VALUES (?1, ?2, ?3, "
                                 "?4, ?5, ?6, ?7, ?8, ?9)");
    if (!ins)
        s = sqlfail(ap, "sync_audit");
    for (size_t r = 0; s == G_OK && r < j.nrows; r++) {
        const char *origin = cell(&j, r, 0);
        if (strcmp(origin, ap->self) == 0)
            continue; /* our own chain, already here */
        sqlite3_reset(ins);
        for (int c = 0; c < 9; c++) {
            const char *v = cell(&j, r, c);
            if (v[0] == '\\' && v[1] != 'N')
                v++;
            sqlite3_bind_text(ins, c + 1, v, -1, SQLITE_STATIC);
        }
        if (sqlite3_step(ins) != SQLITE_DONE) {
            s = sqlfail(ap, "sync_audit");
            break;
        }
        if (sqlite3_changes(ap->db) == 0)
            continue;
        char id[128];
        snprintf(id, sizeof id, "%s:%s", origin, cell(&j, r, 1));
        s = put_row(ap, 1, "sync_audit", id, 0, origin, parse_i64(cell(&j, r, 9)), 0);
        ap->info->journal++;
    }
    sqlite3_finalize(ins);
    if (s == G_OK)
        s = put_flush(ap);
    csvtab_free(&j);
    return s;
}

/* ---- conflicts settled on the other base ---------------------------------- */

/* The sender's settled conflicts settle the same ones here (a pack of
 * format 1 has none): a field conflict is the same when it names the same
 * field of the same row and the same two stamps, a double booking when it
 * names the same two appointments. */
static g_status apply_settled(applier *ap, const sync_archive *a)
{
    csvtab c;
    g_status s = named_csv(ap, a, "conflits.csv", 8, 0, &c);
    if (s != G_OK || !c.ncols)
        return s;
    sqlite3_stmt *st = prep(
        ap, "UPDATE sync_conflict SET resolved = 1, resolved_at = ?7, resolved_hlc = ?8, "
            "resolved_by = ifnull((SELECT id FROM app_user WHERE login = ?9), 0) WHERE resolved = "
            "0 AND kind = ?1 AND tbl = ?2 AND ((kind = 'champ' AND uuid = ?3 AND field = ?4 AND "
            "kept_hlc = ?5 AND lost_hlc = ?6) OR (kind = 'creneau' AND ((uuid = ?3 AND field = "
            "?4) OR (uuid = ?4 AND field = ?3))))");
    if (!st)
        s = sqlfail(ap, "sync_conflict");
    int64_t hlc = ap->hlc;
    for (size_t r = 0; s == G_OK && r < c.nrows; r++) {
        sqlite3_reset(st);
        for (int k = 0; k < 4; k++)
            sqlite3_bind_text(st, k + 1, cell(&c, r, k), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, parse_i64(cell(&c, r, 4)));
        sqlite3_bind_int64(st, 6, parse_i64(cell(&c, r, 5)));
        sqlite3_bind_int64(st, 7, parse_i64(cell(&c, r, 6)));
        sqlite3_bind_int64(st, 8, ++hlc);
        sqlite3_bind_text(st, 9, cell(&c, r, 7), -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            s = sqlfail(ap, "sync_conflict");
        else
            ap->info->settled += sqlite3_changes(ap->db);
    }
    sqlite3_finalize(st);
    csvtab_free(&c);
    if (s == G_OK && hlc > ap->hlc) {
        ap->hlc = hlc;
        char sql[96];
        snprintf(sql, sizeof sql, "UPDATE sync_clock SET hlc = max(hlc, %lld) WHERE id = 1",
                 (long long)hlc);
        if (sqlite3_exec(ap->db, sql, NULL, NULL, NULL) != SQLITE_OK)
            s = sqlfail(ap, "sync_clock");
    }
    return s;
}

/* ---- after the rows: merges and double bookings ------------------------- */

/* Rows created offline on this side for a file merged away on the other
 * follow the merge: pointed at the file kept (these updates are this base's
 * own changes, stamped, and travel back). */
static g_status follow_merges(applier *ap)
{
    static const char *const sql[] = {
        "UPDATE visit SET visitor_id = (SELECT merged_into FROM visitor WHERE id = "
        "visit.visitor_id) WHERE visitor_id IN (SELECT id FROM visitor WHERE merged_into IS NOT "
        "NULL)",
        "UPDATE orientation SET visitor_id = (SELECT merged_into FROM visitor WHERE id = "
        "orientation.visitor_id) WHERE visitor_id IN (SELECT id FROM visitor WHERE merged_into IS "
        "NOT NULL)",
        "UPDATE appointment SET visitor_id = (SELECT merged_into FROM visitor WHERE id = "
        "appointment.visitor_id) WHERE visitor_id IN (SELECT id FROM visitor WHERE merged_into "
        "IS NOT NULL)",
        "UPDATE note SET visitor_id = (SELECT merged_into FROM visitor WHERE id = "
        "note.visitor_id) WHERE visitor_id IN (SELECT id FROM visitor WHERE merged_into IS NOT "
        "NULL)",
    };
    /* the requests of a merged file are its survivor's visits: its last
     * visit follows them (sync_col_keeps_newest), as visitor_merge does */
    static const char raise[] =
        "UPDATE visitor SET last_visit_at = x.at FROM (SELECT m.merged_into AS id, "
        "max(v.arrived_at) AS at FROM visit v JOIN visitor m ON m.id = v.visitor_id WHERE "
        "m.merged_into IS NOT NULL GROUP BY m.merged_into) AS x WHERE visitor.id = x.id AND "
        "visitor.last_visit_at < x.at";
    /* a chain of merges (A into B, B into C) takes a pass per link */
    for (int pass = 0; pass < 8; pass++) {
        if (sqlite3_exec(ap->db, raise, NULL, NULL, NULL) != SQLITE_OK)
            return sqlfail(ap, "fusion");
        int changed = 0;
        for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
            if (sqlite3_exec(ap->db, sql[i], NULL, NULL, NULL) != SQLITE_OK)
                return sqlfail(ap, "fusion");
            changed += sqlite3_changes(ap->db);
        }
        ap->info->updated += changed;
        if (!changed)
            break;
    }
    return G_OK;
}

static g_status find_clashes(applier *ap)
{
    if (!ap->nappts)
        return G_OK;
    /* no appointment lasts longer than the longest one: an appointment
     * overlapping n starts at most that long before n, so the index on
     * (resource_id, start_at) reads a short range rather than every
     * earlier appointment of the resource (20,000 appointments on 9
     * resources: 17 s → a fraction of a second) */
    sqlite3_stmt *st = prep(ap, "SELECT max(0, ifnull(max(end_at - start_at), 0)) FROM "
                                "appointment");
    if (!st || sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return sqlfail(ap, "rendez-vous");
    }
    int64_t longest = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = prep(
        ap, "SELECT n.uuid, o.uuid, n.start_at, r.name, ifnull(sn.origin, ''), sn.hlc, "
            "ifnull(so.origin, ''), so.hlc FROM appointment n JOIN appointment o ON o.resource_id "
            "= n.resource_id AND o.id <> n.id AND o.start_at < n.end_at AND o.end_at > n.start_at "
            "AND o.start_at >= n.start_at - ?2 AND o.status NOT IN ('excuse', 'annule-service') "
            "JOIN resource r ON r.id = n.resource_id LEFT JOIN sync_row sn ON sn.tbl = "
            "'appointment' AND sn.local_id = n.id LEFT JOIN sync_row so ON so.tbl = 'appointment' "
            "AND so.local_id = o.id WHERE n.id = ?1 AND n.status NOT IN ('excuse', "
            "'annule-service') AND NOT (o.motif_id = n.motif_id AND o.start_at = n.start_at AND "
            "o.end_at = n.end_at AND (SELECT capacity FROM motif WHERE id = n.motif_id) > 1) AND "
            "NOT EXISTS (SELECT 1 FROM sync_conflict c WHERE c.kind = 'creneau' AND ((c.uuid = "
            "n.uuid AND c.field = o.uuid) OR (c.uuid = o.uuid AND c.field = n.uuid)))");
    if (!st)
        return sqlfail(ap, "rendez-vous");
    g_status s = G_OK;
    for (size_t i = 0; i < ap->nappts && s == G_OK; i++) {
        if (!ap->appts[i])
            continue;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, ap->appts[i]);
        sqlite3_bind_int64(st, 2, longest);
        while (s == G_OK && sqlite3_step(st) == SQLITE_ROW) {
            char what[160];
            snprintf(what, sizeof what, "%s @%lld", (const char *)sqlite3_column_text(st, 3),
                     (long long)sqlite3_column_int64(st, 2));
            s = add_conflict(ap, "creneau", "appointment", (const char *)sqlite3_column_text(st, 0),
                             (const char *)sqlite3_column_text(st, 1), what, what,
                             sqlite3_column_int64(st, 5), (const char *)sqlite3_column_text(st, 4),
                             sqlite3_column_int64(st, 7), (const char *)sqlite3_column_text(st, 6));
            if (s == G_OK)
                ap->info->slots++;
        }
    }
    sqlite3_finalize(st);
    return s;
}

/* ---- the manifest -------------------------------------------------------- */

static g_status check_manifest(applier *ap, const sync_archive *a, int64_t *clock)
{
    const sync_file *m = a->count ? &a->files[0] : NULL;
    if (!m || strcmp(m->name, "manifeste.csv") != 0)
        return g_err(ap->err, G_ERR_INVALID, _("Paquet refusé : son manifeste manque."));
    csvtab t;
    g_status s = csvtab_read(m, &t, ap->err);
    if (s != G_OK)
        return s;
    size_t files = 0;
    if (t.ncols != 4)
        s = g_err(ap->err, G_ERR_INVALID, _("Paquet refusé : le fichier « %s » est mal formé."),
                  m->name);
    for (size_t r = 0; s == G_OK && r < t.nrows; r++) {
        const char *k = cell(&t, r, 0), *v = cell(&t, r, 1);
        if (strcmp(k, "format") == 0 && parse_i64(v) != SYNC_CONTENT_FORMAT && parse_i64(v) != 1)
            s = g_err(ap->err, G_ERR_INVALID,
                      _("Paquet refusé : format %s inconnu de cette version de guichet."), v);
        else if (strcmp(k, "matricule") == 0)
            snprintf(ap->info->sender, sizeof ap->info->sender, "%s", v);
        else if (strcmp(k, "instance") == 0)
            snprintf(ap->info->sender_instance, sizeof ap->info->sender_instance, "%s", v);
        else if (strcmp(k, "horloge") == 0)
            *clock = parse_i64(v);
        else if (strcmp(k, "fichier") == 0) {
            const sync_file *f = file_find(a, v);
            unsigned char d[crypto_hash_sha256_BYTES];
            char hex[65] = "";
            /* a sealed pack's files are authenticated byte for byte: their
             * hashes were computed by the sender over these very bytes (a
             * full pack's 132 MB cost ~7 billion instructions to hash) */
            if (f && a->sealed)
                snprintf(hex, sizeof hex, "%s", cell(&t, r, 3));
            else if (f) {
                crypto_hash_sha256(d, (const unsigned char *)f->data, f->len);
                sodium_bin2hex(hex, sizeof hex, d, sizeof d);
            }
            if (!f || strcmp(hex, cell(&t, r, 3)) != 0)
                s = g_err(ap->err, G_ERR_INVALID,
                          _("Paquet refusé : le fichier « %s » ne correspond pas au manifeste."),
                          v);
            files++;
        }
    }
    if (s == G_OK && files + 1 != a->count)
        s = g_err(ap->err, G_ERR_INVALID, _("Paquet refusé : des fichiers manquent au manifeste."));
    csvtab_free(&t);
    return s;
}

/* ---- the whole pack ------------------------------------------------------ */

static g_status set_applying(applier *ap, int on)
{
    char sql[80];
    snprintf(sql, sizeof sql, "UPDATE sync_clock SET applying = %d WHERE id = 1", on);
    return sqlite3_exec(ap->db, sql, NULL, NULL, NULL) == SQLITE_OK ? G_OK
                                                                    : sqlfail(ap, "sync_clock");
}

/* Triggers on or off for this connection. While a pack is applied every
 * trigger on a synced table is quiet (sync_clock.applying: the importer
 * writes sync_row itself, and the double-booking net of 004 is not applied
 * to an import), yet each still ran for every row written, two trigger
 * programs per row. Off from set_applying(1) to set_applying(0); on again
 * before anything that must stamp (follow_merges) or chain the journal
 * (audit_log). tests/unit/test_sync.c checks that every trigger on a synced
 * table is one of those quiet ones. */
static void triggers_on(applier *ap, int on)
{
    int was = 0;
    sqlite3_db_config(ap->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, on, &was);
}

static g_status apply_rows(applier *ap, const sync_archive *a);

/* ---- the reader: the pack's files parsed beside the writing ------------- */

/* Reading the pack's CSV (libcsv) is a fifth of a full import, and needs
 * no SQLite: a second thread parses the tables' files in the order they
 * are applied, then journal.csv, while this one writes the rows of the
 * tables already read. The writer waits for a table (reader_wait) before
 * it touches it; the reader touches only the tables not yet handed over
 * (x[i].csv and x[i].order, i >= done). An error of the reader is the
 * import's when the writer reaches that file; stop: the writer gave up.
 *
 * The reader stays at most READ_AHEAD files ahead of what the writer has
 * asked for, and the writer frees each table's rows once applied: the
 * rows of a whole pack are never held at once. Unbounded, the reader
 * (faster than the writer) had parsed every table long before the writer
 * reached it: at the bench's scale (835 MB pack) a full import peaked at
 * 1.65 GB, the cells of every table (docs/performance.md). */
#define READ_AHEAD 2
typedef struct reader {
    const sync_archive *a;
    sync_archive *spend; /* the same, whose parsed files may be freed */
    const sync_table *t;
    size_t n;       /* tables; file n is journal.csv */
    tabctx *x;      /* x[i].csv, x[i].order: table i's rows */
    csvtab journal; /* file n */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t done;    /* files read (or failed: failed) */
    size_t allowed; /* files the reader may read before it waits (reader_wait) */
    int failed, stop;
    g_status status; /* failed: the error */
    g_error err;
} reader;

/* Frees the bytes of table's file (NULL: journal.csv), now parsed. Only
 * the reader touches a file's data from the time it starts; the writer
 * reads the archive's names and conflits.csv, which stays. */
static void spend_file(sync_archive *a, const char *table)
{
    char name[64];
    snprintf(name, sizeof name, "%s.csv", table ? table : "journal");
    const sync_file *f = file_find(a, name);
    if (f) {
        sync_file *mine = &a->files[f - a->files];
        free(mine->data);
        mine->data = NULL;
        mine->len = 0;
    }
}

static void *reader_run(void *arg)
{
    reader *r = arg;
    for (size_t i = 0; i <= r->n; i++) {
        pthread_mutex_lock(&r->mu);
        while (i >= r->allowed && !r->stop)
            pthread_cond_wait(&r->cv, &r->mu);
        int stop = r->stop;
        pthread_mutex_unlock(&r->mu);
        if (stop)
            break;
        g_error err;
        g_err_clear(&err);
        g_status s;
        if (i < r->n)
            s = tab_parse(r->a, &r->t[i], &r->x[i], &err);
        else {
            const sync_file *f = file_find(r->a, "journal.csv");
            s = f ? csvtab_read(f, &r->journal, &err)
                  : g_err(&err, G_ERR_INVALID,
                          _("Paquet refusé : il ne contient pas le fichier « %s »."),
                          "journal.csv");
        }
        if (s == G_OK && r->spend)
            spend_file(r->spend, i < r->n ? r->t[i].name : NULL);
        pthread_mutex_lock(&r->mu);
        if (s != G_OK) {
            r->failed = 1;
            r->status = s;
            r->err = err;
        } else
            r->done = i + 1;
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
        if (s != G_OK)
            break;
    }
    return NULL;
}

/* Waits until files 0 … k - 1 are read; G_OK, or the reader's error. The
 * reader may then go on to file k + READ_AHEAD - 1. */
static g_status reader_wait(applier *ap, reader *r, size_t k)
{
    pthread_mutex_lock(&r->mu);
    if (r->allowed < k + READ_AHEAD) {
        r->allowed = k + READ_AHEAD;
        pthread_cond_broadcast(&r->cv);
    }
    while (r->done < k && !r->failed)
        pthread_cond_wait(&r->cv, &r->mu);
    g_status s = r->done >= k ? G_OK : r->status;
    if (s != G_OK && ap->err)
        *ap->err = r->err;
    pthread_mutex_unlock(&r->mu);
    return s;
}

static g_status apply_all(applier *ap, const sync_archive *a)
{
    g_status s = apply_rows(ap, a);
    triggers_on(ap, 1);
    if (s == G_OK)
        s = set_applying(ap, 0);
    if (s == G_OK)
        s = follow_merges(ap);
    if (s == G_OK)
        s = find_clashes(ap);
    if (s == G_OK)
        s = apply_settled(ap, a);
    return s;
}

static g_status apply_rows(applier *ap, const sync_archive *a)
{
    int64_t clock = 0;
    g_status s = check_manifest(ap, a, &clock);
    if (s != G_OK)
        return s;
    if (sqlite3_exec(ap->db, "PRAGMA defer_foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
        return sqlfail(ap, "pragma");
    if ((s = set_applying(ap, 1)) != G_OK)
        return s;
    triggers_on(ap, 0);
    /* the receiving rule of the hybrid clock: never behind what we saw */
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE sync_clock SET hlc = max(hlc, %lld) WHERE id = 1",
             (long long)clock);
    if (sqlite3_exec(ap->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
        (s = sync_clock_read(ap->db, &ap->hlc, ap->self, ap->err)) != G_OK)
        return s ? s : sqlfail(ap, "sync_clock");
    size_t n;
    const sync_table *t = sync_tables(&n);
    tabctx *x = calloc(n, sizeof *x);
    if (!x)
        return g_err(ap->err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    reader rd = {.a = a, .spend = ap->spend, .t = t, .n = n, .x = x, .allowed = READ_AHEAD};
    pthread_mutex_init(&rd.mu, NULL);
    pthread_cond_init(&rd.cv, NULL);
    pthread_t th;
    int threaded = pthread_create(&th, NULL, reader_run, &rd) == 0;
    if (!threaded) {
        rd.allowed = n + 1;
        reader_run(&rd); /* no thread: everything read first */
    }
    for (size_t i = 0; s == G_OK && i < n; i++)
        if (t[i].parent)
            for (size_t p = 0; p < n; p++)
                if (!t[p].parent && strcmp(t[p].name, t[i].parent) == 0 && x[p].nkids < 4)
                    x[p].kids[x[p].nkids++] = &x[i];
    for (size_t i = 0; s == G_OK && i < n; i++) {
        if (t[i].parent)
            continue;
        /* the entity and its children, read and opened */
        size_t last = i;
        for (int k = 0; k < x[i].nkids; k++)
            last = (size_t)(x[i].kids[k] - x) > last ? (size_t)(x[i].kids[k] - x) : last;
        s = reader_wait(ap, &rd, last + 1);
        if (s == G_OK)
            s = tab_open(ap, &t[i], &x[i]);
        for (int k = 0; s == G_OK && k < x[i].nkids; k++)
            s = tab_open(ap, &t[x[i].kids[k] - x], x[i].kids[k]);
        if (s == G_OK)
            s = apply_entity(ap, &x[i]);
        /* applied: its rows are no longer needed (ids_put kept the keys) */
        for (int k = 0; k < x[i].nkids; k++)
            tab_close(x[i].kids[k]);
        tab_close(&x[i]);
    }
    if (s == G_OK)
        s = reader_wait(ap, &rd, n + 1);
    pthread_mutex_lock(&rd.mu);
    rd.stop = 1;
    pthread_cond_broadcast(&rd.cv);
    pthread_mutex_unlock(&rd.mu);
    if (threaded)
        pthread_join(th, NULL);
    pthread_mutex_destroy(&rd.mu);
    pthread_cond_destroy(&rd.cv);
    /* the stamps given to merged rows (merge_fields) */
    snprintf(sql, sizeof sql, "UPDATE sync_clock SET hlc = max(hlc, %lld) WHERE id = 1",
             (long long)ap->hlc);
    if (s == G_OK && sqlite3_exec(ap->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        s = sqlfail(ap, "sync_clock");
    ids_clear(ap);
    for (size_t i = 0; i < n; i++)
        tab_close(&x[i]);
    free(x);
    if (s == G_OK)
        s = fts_flush(ap);
    if (s == G_OK)
        s = apply_journal(ap, &rd.journal);
    csvtab_free(&rd.journal);
    if (s == G_OK)
        s = late_flush(ap);
    return s;
}

static g_status sync_apply_tx(applier *ap_, g_db *gdb, const sync_archive *a, int dry_run,
                              int64_t actor_id, const char *file_label, sync_import_info *info,
                              g_error *err);

static int pragma_int(sqlite3 *db, const char *sql, int dflt)
{
    sqlite3_stmt *st = NULL;
    int v = dflt;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static g_status apply_archive(g_db *gdb, const sync_archive *a, sync_archive *spend, int dry_run,
                              int64_t actor_id, const char *file_label, sync_import_info *info,
                              g_error *err)
{
    memset(info, 0, sizeof *info);
    applier ap = {.gdb = gdb,
                  .db = db_sql(gdb),
                  .spend = spend,
                  .info = info,
                  .err = err,
                  .now = clock_now()};
    g_error scratch;
    if (!err)
        ap.err = &scratch;
    g_err_clear(ap.err);
    /* a big pack is one transaction: a larger page cache keeps SQLite from
     * spilling and re-reading its pages; and the statement journal (every
     * INSERT on a table with triggers has one) kept in memory: once past
     * 64 KiB it would go to a temporary file for the rest of the
     * transaction, and a full pack's 300,000 statements wrote it two
     * million times (2 s of system time). Both restored after (temp_store
     * cannot change inside a transaction: then it stays as it is). */
    int old_cache = pragma_int(ap.db, "PRAGMA cache_size", -2000);
    int old_temp = pragma_int(ap.db, "PRAGMA temp_store", 0);
    sqlite3_exec(ap.db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
    sqlite3_exec(ap.db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
    int old_trig = 1;
    sqlite3_db_config(ap.db, SQLITE_DBCONFIG_ENABLE_TRIGGER, -1, &old_trig);
    g_status s = sync_apply_tx(&ap, gdb, a, dry_run, actor_id, file_label, info, err);
    triggers_on(&ap, old_trig);
    char restore[64];
    snprintf(restore, sizeof restore, "PRAGMA cache_size = %d", old_cache);
    sqlite3_exec(ap.db, restore, NULL, NULL, NULL);
    snprintf(restore, sizeof restore, "PRAGMA temp_store = %d", old_temp);
    sqlite3_exec(ap.db, restore, NULL, NULL, NULL);
    return s;
}

g_status sync_apply(g_db *gdb, const sync_archive *a, int dry_run, int64_t actor_id,
                    const char *file_label, sync_import_info *info, g_error *err)
{
    return apply_archive(gdb, a, NULL, dry_run, actor_id, file_label, info, err);
}

static g_status sync_apply_tx(applier *ap_, g_db *gdb, const sync_archive *a, int dry_run,
                              int64_t actor_id, const char *file_label, sync_import_info *info,
                              g_error *err)
{
    applier ap = *ap_;
    g_status s = db_begin(gdb, err);
    if (s != G_OK)
        return s;
    s = sync_clock_read(ap.db, NULL, ap.self, err);
    /* the rows whose search entries are rewritten at the end (fts) */
    if (s == G_OK &&
        (sqlite3_exec(ap.db,
                      "CREATE TEMP TABLE IF NOT EXISTS sync_fts (kind INTEGER NOT NULL, id "
                      "INTEGER NOT NULL, old INTEGER NOT NULL, c1, c2, c3, PRIMARY KEY (kind, id)) "
                      "WITHOUT ROWID",
                      NULL, NULL, NULL) != SQLITE_OK ||
         sqlite3_exec(ap.db, "DELETE FROM temp.sync_fts", NULL, NULL, NULL) != SQLITE_OK))
        s = sqlfail(&ap, "sync_fts");
    ap.find = prep(&ap, "SELECT local_id FROM sync_row WHERE tbl = ?1 AND uuid = ?2 AND deleted "
                        "= 0");
    ap.put =
        prep(&ap, "INSERT INTO sync_row (tbl, uuid, local_id, origin, hlc, base, deleted, "
                  "dirty, fstamps) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)" PUT_SQL_UPSERT);
    ap.conflict = prep(&ap, "INSERT INTO sync_conflict (kind, tbl, uuid, field, kept, lost, "
                            "kept_hlc, kept_origin, lost_hlc, lost_origin, at) VALUES (?1, ?2, "
                            "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    ap.seen = prep(&ap, "SELECT 1 FROM sync_conflict WHERE kind = ?1 AND tbl = ?2 AND uuid = ?3 "
                        "AND field = ?4 AND kept_hlc = ?5 AND lost_hlc = ?6");
    if (s == G_OK && (!ap.find || !ap.put || !ap.conflict || !ap.seen))
        s = sqlfail(&ap, "sync_row");
    if (s == G_OK)
        s = apply_all(&ap, a);
    sqlite3_finalize(ap.find);
    sqlite3_finalize(ap.put);
    sqlite3_finalize(ap.putn);
    free(ap.pend_text.v);
    free(ap.late);
    free(ap.late_text.v);
    sqlite3_finalize(ap.conflict);
    sqlite3_finalize(ap.seen);
    sqlite3_finalize(ap.raise_seen);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            sqlite3_finalize(ap.fts[i][j]);
    free(ap.appts);
    int64_t rows = info->inserted + info->updated + info->deleted + info->conflicts + info->settled;
    int64_t changes = rows + info->journal;
    if (s == G_OK && !dry_run && changes > 0) {
        sqlite3_stmt *st = prep(&ap, "UPDATE sync_clock SET last_recv_at = ?1, last_recv_from = "
                                     "?2, last_recv_file = ?3 WHERE id = 1");
        if (st) {
            char from[128];
            snprintf(from, sizeof from, "%s %s", info->sender, info->sender_instance);
            sqlite3_bind_int64(st, 1, ap.now);
            sqlite3_bind_text(st, 2, from, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 3, file_label ? file_label : "", -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) != SQLITE_DONE)
                s = sqlfail(&ap, "sync_clock");
            sqlite3_finalize(st);
        } else
            s = sqlfail(&ap, "sync_clock");
        char detail[256];
        snprintf(detail, sizeof detail,
                 "de %s (%s) : %" PRId64 " ajoutées, %" PRId64 " modifiées, %" PRId64
                 " supprimées, %" PRId64 " conflits, %" PRId64 " réglés là-bas",
                 info->sender, info->sender_instance, info->inserted, info->updated, info->deleted,
                 info->conflicts, info->settled);
        /* journal entries alone are not journaled here: two bases would
         * otherwise send each other a new entry forever */
        if (s == G_OK && rows)
            s = audit_log(gdb, actor_id, "sync-import", "sync", detail, err);
    }
    if (s != G_OK || dry_run || changes == 0) {
        db_rollback(gdb);
        return s;
    }
    return db_commit(gdb, err);
}

g_status sync_import(g_db *db, const char *path, const sync_secret *sec, int dry_run,
                     int64_t actor_id, sync_import_info *info, g_error *err)
{
    memset(info, 0, sizeof *info);
    sync_archive a;
    g_status s = sync_pack_read(path, sec, &a, err);
    if (s != G_OK)
        return s;
    s = apply_archive(db, &a, &a, dry_run, actor_id, path, info, err);
    sync_archive_free(&a);
    return s;
}
