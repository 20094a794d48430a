/* export_visitors.c — what the activity export needs of a visitor, looked
 * up once per visitor and run (see export_internal.h).
 *
 * The activity file has one row per request; a regular visitor has dozens
 * of requests over ten years. Joining the visitor table (and the one a
 * merged file points to) for each row, then hashing the uuid with the
 * site's key, cost a random B-tree descent and a keyed BLAKE2b per row.
 * Here each visitor is read and hashed once and kept in a fixed-size,
 * direct-mapped table: memory does not grow with the number of visitors
 * (a colliding visitor is simply read again). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "export_internal.h"
#include "guichet/export.h"
#include "guichet/i18n.h"

#define SLOTS 65536 /* a power of two: 2 MiB of 32-byte slots */

enum { BIRTH_NULL, BIRTH_EMPTY, BIRTH_DATE };

/* 32 bytes: the pseudonym as raw bytes, the birth date packed. */
typedef struct slot {
    int64_t id;               /* visitor id, 0 = empty */
    unsigned char pseudo[16]; /* keyed BLAKE2b of the uuid, when has_pseudo */
    int32_t birth;            /* YYYYMMDD when birth_kind is BIRTH_DATE */
    unsigned char has_pseudo; /* 0: anonymised file, missing row */
    unsigned char birth_kind; /* BIRTH_NULL: anonymised file, missing row */
} slot;

struct export_visitors {
    unsigned char key[32];
    int64_t data_version; /* of the snapshot the slots were read in; -1 = none */
    char pseudo[33];      /* the last answer, in hex */
    char birth[256];      /*   and its birth date as stored */
    slot slots[SLOTS];
};

g_status export_visitors_new(const unsigned char key[32], export_visitors **out, g_error *err)
{
    export_visitors *c = calloc(1, sizeof *c);
    if (!c)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    memcpy(c->key, key, sizeof c->key);
    c->data_version = -1;
    *out = c;
    return G_OK;
}

void export_visitors_free(export_visitors *c)
{
    if (!c)
        return;
    sodium_memzero(c, sizeof *c);
    free(c);
}

g_status export_visitors_snapshot(export_visitors *c, g_db *db, g_error *err)
{
    /* data_version changes when another connection commits: a desk may have
     * merged or anonymised a file since the slots were filled. Read inside
     * the batch's read transaction, it is the version of its snapshot. */
    sqlite3_stmt *st = NULL;
    g_status s = db_stmt(db, "PRAGMA data_version", &st, err);
    if (s != G_OK)
        return s;
    int64_t v = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    else
        s = db_fail(db, err, _("lecture des données à exporter"));
    db_stmt_done(db, st);
    if (s != G_OK)
        return s;
    if (v != c->data_version) {
        for (int i = 0; i < SLOTS; i++)
            c->slots[i].id = 0;
        c->data_version = v;
    }
    return G_OK;
}

/* A birth date kept in a slot when it is '' or exactly YYYY-MM-DD (what
 * guichet writes): it is given back as the very same text. Anything else
 * (a row edited behind guichet's back) is read again at each request. */
static int pack_birth(const char *b, slot *e)
{
    if (!*b) {
        e->birth_kind = BIRTH_EMPTY;
        return 1;
    }
    if (strlen(b) != 10 || b[4] != '-' || b[7] != '-')
        return 0;
    int32_t v = 0;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7)
            continue;
        if (b[i] < '0' || b[i] > '9')
            return 0;
        v = v * 10 + (b[i] - '0');
    }
    e->birth = v;
    e->birth_kind = BIRTH_DATE;
    return 1;
}

static const char *answer(export_visitors *c, const slot *e, const char **pseudo)
{
    c->pseudo[0] = 0;
    if (e->has_pseudo)
        sodium_bin2hex(c->pseudo, sizeof c->pseudo, e->pseudo, sizeof e->pseudo);
    *pseudo = c->pseudo;
    if (e->birth_kind == BIRTH_NULL)
        return NULL;
    if (e->birth_kind == BIRTH_EMPTY)
        c->birth[0] = 0;
    else { /* back to the very text pack_birth read: YYYY-MM-DD */
        int32_t v = e->birth;
        for (int i = 9; i >= 0; i--) {
            if (i == 4 || i == 7) {
                c->birth[i] = '-';
                continue;
            }
            c->birth[i] = (char)('0' + v % 10);
            v /= 10;
        }
        c->birth[10] = 0;
    }
    return c->birth;
}

/* The same answer as the former per-row join:
 *   usager = NULL when either the file or the one it was merged into is
 *            anonymised, else the uuid of the file kept (merged_into) or its own;
 *   birth  = the file's own birth date unless it is anonymised. */
static g_status load(export_visitors *c, g_db *db, int64_t id, slot *e, const char **pseudo,
                     const char **birth, g_error *err)
{
    sqlite3_stmt *st = NULL;
    g_status s = db_stmt(db,
                         "SELECT p.uuid, p.anonymised_at IS NOT NULL, p.birth_date, m.uuid,"
                         "       m.anonymised_at IS NOT NULL"
                         "  FROM visitor p LEFT JOIN visitor m ON m.id = p.merged_into"
                         " WHERE p.id = ?1",
                         &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    memset(e, 0, sizeof *e);
    e->id = id;
    *pseudo = "";
    *birth = NULL;
    const char *odd = NULL; /* a birth date a slot cannot hold */
    if (rc == SQLITE_ROW) {
        int p_anon = sqlite3_column_int(st, 1), m_anon = sqlite3_column_int(st, 4);
        const char *uuid = (const char *)sqlite3_column_text(st, 3);
        if (!uuid)
            uuid = (const char *)sqlite3_column_text(st, 0);
        if (!p_anon && !m_anon && uuid && *uuid) {
            crypto_generichash(e->pseudo, sizeof e->pseudo, (const unsigned char *)uuid,
                               strlen(uuid), c->key, sizeof c->key);
            e->has_pseudo = 1;
        }
        const char *b = (const char *)sqlite3_column_text(st, 2);
        if (!p_anon && b && !pack_birth(b, e)) {
            snprintf(c->birth, sizeof c->birth, "%s", b);
            odd = c->birth;
        }
    } else if (rc != SQLITE_DONE) {
        s = db_fail(db, err, _("lecture des données à exporter"));
    }
    db_stmt_done(db, st);
    if (s != G_OK || odd) {
        e->id = 0; /* not kept */
        if (s == G_OK) {
            c->pseudo[0] = 0;
            if (e->has_pseudo)
                sodium_bin2hex(c->pseudo, sizeof c->pseudo, e->pseudo, sizeof e->pseudo);
            *pseudo = c->pseudo;
            *birth = odd;
        }
        return s;
    }
    *birth = answer(c, e, pseudo);
    return G_OK;
}

g_status export_visitors_get(export_visitors *c, g_db *db, int64_t id, const char **pseudo,
                             const char **birth, g_error *err)
{
    slot *e = &c->slots[(uint64_t)id & (SLOTS - 1)];
    if (e->id == id && id != 0) {
        *birth = answer(c, e, pseudo);
        return G_OK;
    }
    return load(c, db, id, e, pseudo, birth, err);
}
