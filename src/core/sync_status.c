/* sync_status.c — what `guichet sync status` and the Administration screen
 * show: the bookkeeping, the content hash of the synced rows, the conflicts
 * to review; and the check of the other instances' journals. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "sync_internal.h"

g_status sync_content_hash(g_db *gdb, char hex[65], g_error *err)
{
    sqlite3 *db = db_sql(gdb);
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    size_t n;
    const sync_table *t = sync_tables(&n);
    strbuf cell;
    strbuf_init_grow(&cell);
    g_status s = db_exec(gdb, "BEGIN", err);
    if (s != G_OK)
        return s;
    for (size_t i = 0; s == G_OK && i < n; i++) {
        sync_cols c;
        if ((s = sync_cols_load(db, &t[i], &c, err)) != G_OK)
            break;
        char *sql = sync_select_sql(&c, SYNC_SELECT_HASH);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
            s = g_err(err, G_ERR_DB, "%s", sqlite3_errmsg(db));
        sqlite3_free(sql);
        crypto_hash_sha256_update(&h, (const unsigned char *)t[i].name, strlen(t[i].name) + 1);
        sqlite3_bind_int64(st, 1, -1);
        int meta = t[i].parent ? 1 : 5;
        while (s == G_OK && sqlite3_step(st) == SQLITE_ROW) {
            sync_cell_reset(&cell);
            /* identity (and for an entity: deleted), then the values */
            sync_cell(st, 0, 1, &cell);
            strbuf_putn(&cell, "\x1f", 1);
            if (!t[i].parent) {
                sync_cell(st, 4, 1, &cell);
                strbuf_putn(&cell, "\x1f", 1);
            }
            int dead = !t[i].parent && sqlite3_column_int(st, 4);
            for (int k = 0; !dead && k < c.n; k++) {
                sync_cell(st, meta + k, c.fk[k] != NULL, &cell);
                strbuf_putn(&cell, "\x1f", 1);
            }
            strbuf_putn(&cell, "\x1e", 1);
            crypto_hash_sha256_update(&h, (const unsigned char *)cell.buf, cell.len);
        }
        sqlite3_finalize(st);
        sync_cols_free(&c);
    }
    db_exec(gdb, "COMMIT", NULL);
    int oom = cell.truncated;
    strbuf_free(&cell);
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, d);
    if (s == G_OK && oom)
        s = g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    sodium_bin2hex(hex, 65, d, sizeof d);
    return s;
}

g_status sync_status(g_db *gdb, sync_state *out, g_error *err)
{
    sqlite3 *db = db_sql(gdb);
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT instance, hlc, last_sent_hlc, last_sent_at, last_sent_file, "
                           "last_recv_at, last_recv_from, last_recv_file, (SELECT count(*) FROM "
                           "sync_conflict WHERE resolved = 0) FROM sync_clock WHERE id = 1",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return g_err(err, G_ERR_DB, _("État de la synchronisation illisible : %s."),
                     sqlite3_errmsg(db));
    }
    snprintf(out->instance, sizeof out->instance, "%s", (const char *)sqlite3_column_text(st, 0));
    out->clock = sqlite3_column_int64(st, 1);
    out->last_sent_hlc = sqlite3_column_int64(st, 2);
    out->last_sent_at = sqlite3_column_int64(st, 3);
    snprintf(out->last_sent_file, sizeof out->last_sent_file, "%s",
             (const char *)sqlite3_column_text(st, 4));
    out->last_recv_at = sqlite3_column_int64(st, 5);
    snprintf(out->last_recv_from, sizeof out->last_recv_from, "%s",
             (const char *)sqlite3_column_text(st, 6));
    snprintf(out->last_recv_file, sizeof out->last_recv_file, "%s",
             (const char *)sqlite3_column_text(st, 7));
    out->pending = sqlite3_column_int64(st, 8);
    sqlite3_finalize(st);
    return G_OK;
}

/* Whom or what a conflict is about, as a manager knows it: the person
 * (NOM Prénoms, as in the queue) for a visitor and for the rows that belong
 * to one, else the name of the resource, motif, service, structure or
 * account; "" when the row is gone or has no name. */
/* clang-format off */
#define VISITOR_OF(t)                                                         \
    "(SELECT upper(v.last_name) || ' ' || v.first_names FROM " t " x "        \
    "JOIN visitor v ON v.id = x.visitor_id WHERE x.id = r.local_id)"
#define CONFLICT_WHO                                                          \
    "ifnull((SELECT CASE c.tbl "                                              \
    "WHEN 'visitor' THEN (SELECT upper(v.last_name) || ' ' || v.first_names " \
    "  FROM visitor v WHERE v.id = r.local_id) "                              \
    "WHEN 'visit' THEN " VISITOR_OF("visit") " "                              \
    "WHEN 'appointment' THEN " VISITOR_OF("appointment") " "                  \
    "WHEN 'orientation' THEN " VISITOR_OF("orientation") " "                  \
    "WHEN 'note' THEN " VISITOR_OF("note") " "                                \
    "WHEN 'resource' THEN (SELECT name FROM resource WHERE id = r.local_id) " \
    "WHEN 'motif' THEN (SELECT name FROM motif WHERE id = r.local_id) "       \
    "WHEN 'service' THEN (SELECT name FROM service WHERE id = r.local_id) "   \
    "WHEN 'structure' THEN (SELECT name FROM structure WHERE id = r.local_id) " \
    "WHEN 'app_user' THEN (SELECT display_name FROM app_user WHERE id = r.local_id) " \
    "END FROM sync_row r WHERE r.tbl = c.tbl AND r.uuid = c.uuid), '')"
/* clang-format on */

g_status sync_conflicts(g_db *gdb, int all, sync_conflict_row **out, size_t *count, g_error *err)
{
    sqlite3 *db = db_sql(gdb);
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(
            db,
            "SELECT id, kind, tbl, uuid, field, ifnull(kept, ''), ifnull(lost, ''), "
            "kept_hlc, kept_origin, lost_hlc, lost_origin, at, resolved, " CONFLICT_WHO
            " FROM sync_conflict c "
            "WHERE resolved = 0 OR ?1 ORDER BY resolved, id DESC",
            -1, &st, NULL) != SQLITE_OK)
        return g_err(err, G_ERR_DB, "%s", sqlite3_errmsg(db));
    sqlite3_bind_int(st, 1, all);
    size_t cap = 0;
    g_status s = G_OK;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (*count == cap) {
            cap = cap ? cap * 2 : 16;
            sync_conflict_row *g = realloc(*out, cap * sizeof *g);
            if (!g) {
                s = g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
                break;
            }
            *out = g;
        }
        sync_conflict_row *r = &(*out)[(*count)++];
        memset(r, 0, sizeof *r);
        r->id = sqlite3_column_int64(st, 0);
#define TXT(f, i) snprintf(r->f, sizeof r->f, "%s", (const char *)sqlite3_column_text(st, i))
        TXT(kind, 1);
        TXT(tbl, 2);
        TXT(uuid, 3);
        TXT(field, 4);
        TXT(kept, 5);
        TXT(lost, 6);
        TXT(kept_origin, 8);
        TXT(lost_origin, 10);
        TXT(who, 13);
#undef TXT
        r->kept_hlc = sqlite3_column_int64(st, 7);
        r->lost_hlc = sqlite3_column_int64(st, 9);
        r->at = sqlite3_column_int64(st, 11);
        r->resolved = sqlite3_column_int(st, 12);
    }
    sqlite3_finalize(st);
    if (s != G_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
    }
    return s;
}

g_status sync_conflict_resolve(g_db *gdb, int64_t id, int64_t actor_id, g_error *err)
{
    sqlite3 *db = db_sql(gdb);
    g_status s = db_begin(gdb, err);
    if (s != G_OK)
        return s;
    sqlite3_stmt *st = NULL;
    /* the clock ticks: the settlement travels with the next pack */
    if (sqlite3_exec(db,
                     "UPDATE sync_clock SET hlc = max(hlc + 1, CAST((julianday('now') - "
                     "2440587.5) * 86400000.0 AS INTEGER) * 65536) WHERE id = 1",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "UPDATE sync_conflict SET resolved = 1, resolved_by = ?2, resolved_at "
                           "= ?3, resolved_hlc = (SELECT hlc FROM sync_clock WHERE id = 1) WHERE "
                           "id = ?1 AND resolved = 0",
                           -1, &st, NULL) != SQLITE_OK) {
        db_rollback(gdb);
        return g_err(err, G_ERR_DB, "%s", sqlite3_errmsg(db));
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, actor_id);
    sqlite3_bind_int64(st, 3, clock_now());
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        s = g_err(err, G_ERR_DB, "%s", sqlite3_errmsg(db));
        db_rollback(gdb);
        return s;
    }
    if (sqlite3_changes(db) == 0) {
        db_rollback(gdb);
        return g_err(err, G_ERR_NOTFOUND, _("Aucun conflit à résoudre sous le numéro %" PRId64 "."),
                     id);
    }
    char object[48];
    snprintf(object, sizeof object, "sync_conflict:%" PRId64, id);
    if ((s = audit_log(gdb, actor_id, "sync-conflict-resolve", object, "", err)) != G_OK) {
        db_rollback(gdb);
        return s;
    }
    return db_commit(gdb, err);
}

g_status sync_audit_verify(g_db *gdb, int64_t *chains, int64_t *entries, g_error *err)
{
    sqlite3 *db = db_sql(gdb);
    *chains = *entries = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT origin, id, at, user_id, action, object, detail, prev_hash, "
                           "hash FROM sync_audit ORDER BY origin, id",
                           -1, &st, NULL) != SQLITE_OK)
        return g_err(err, G_ERR_DB, "%s", sqlite3_errmsg(db));
    char origin[64] = "", prev[65] = "";
    int64_t last = -1;
    g_status s = G_OK;
    while (s == G_OK && sqlite3_step(st) == SQLITE_ROW) {
        const char *o = (const char *)sqlite3_column_text(st, 0);
        int64_t id = sqlite3_column_int64(st, 1);
        char hash[65];
        audit_entry_hash((const char *)sqlite3_column_text(st, 7), id, sqlite3_column_int64(st, 2),
                         sqlite3_column_int64(st, 3), (const char *)sqlite3_column_text(st, 4),
                         (const char *)sqlite3_column_text(st, 5),
                         (const char *)sqlite3_column_text(st, 6), hash);
        if (strcmp(o, origin) != 0) {
            snprintf(origin, sizeof origin, "%s", o);
            (*chains)++;
            last = -1;
        }
        (*entries)++;
        if (strcmp(hash, (const char *)sqlite3_column_text(st, 8)) != 0)
            s = g_err(err, G_ERR_CONFLICT,
                      _("Journal de l'instance %s : l'entrée %" PRId64 " a été modifiée."), o, id);
        else if (last >= 0 && id == last + 1 &&
                 strcmp(prev, (const char *)sqlite3_column_text(st, 7)) != 0)
            s = g_err(
                err, G_ERR_CONFLICT,
                _("Journal de l'instance %s : l'entrée %" PRId64 " ne suit pas la précédente."), o,
                id);
        snprintf(prev, sizeof prev, "%s", hash);
        last = id;
    }
    sqlite3_finalize(st);
    return s;
}
