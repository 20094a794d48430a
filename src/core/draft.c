/* draft.c — see guichet/draft.h. */
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/draft.h"
#include "guichet/i18n.h"

static g_status check_kind(const char *kind, g_error *err)
{
    size_t n = kind ? strlen(kind) : 0;
    if (n == 0 || n > DRAFT_KIND_MAX)
        return g_err(err, G_ERR_INVALID, _("Brouillon : type de formulaire invalide."));
    if (strncmp(kind, "note", 4) == 0)
        return g_err(err, G_ERR_INVALID,
                     _("Les notes confidentielles ne sont jamais gardées en brouillon."));
    return G_OK;
}

g_status draft_save(g_db *db, int64_t user_id, const char *kind, const char *payload, g_error *err)
{
    g_status s = check_kind(kind, err);
    if (s != G_OK)
        return s;
    if (!payload || !*payload || strlen(payload) > DRAFT_PAYLOAD_MAX)
        return g_err(err, G_ERR_INVALID, _("Brouillon vide ou trop long."));
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "INSERT INTO draft (user_id, kind, payload, saved_at) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (user_id, kind) DO UPDATE SET payload = excluded.payload, "
                        "saved_at = excluded.saved_at",
                        &st, err)) == G_OK) {
        sqlite3_bind_int64(st, 1, user_id);
        db_bind_text(st, 2, kind);
        db_bind_text(st, 3, payload);
        sqlite3_bind_int64(st, 4, clock_now());
        if (sqlite3_step(st) != SQLITE_DONE)
            s = db_fail(db, err, _("enregistrement d'un brouillon"));
        sqlite3_finalize(st);
    }
    if (s != G_OK) {
        db_rollback(db);
        return s;
    }
    return db_commit(db, err);
}

g_status draft_load(g_db *db, int64_t user_id, const char *kind, char **payload, int64_t *saved_at,
                    g_error *err)
{
    *payload = NULL;
    g_status s = check_kind(kind, err);
    if (s != G_OK)
        return s;
    sqlite3_stmt *st;
    if ((s = db_prepare(db, "SELECT payload, saved_at FROM draft WHERE user_id = ? AND kind = ?",
                        &st, err)) != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, kind);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(st, 0);
        *payload = strdup(p ? p : "");
        if (!*payload)
            s = g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
        if (saved_at)
            *saved_at = sqlite3_column_int64(st, 1);
    } else if (rc == SQLITE_DONE) {
        s = g_err(err, G_ERR_NOTFOUND, _("Aucun brouillon."));
    } else {
        s = db_fail(db, err, _("lecture d'un brouillon"));
    }
    sqlite3_finalize(st);
    return s;
}

g_status draft_delete(g_db *db, int64_t user_id, const char *kind, g_error *err)
{
    g_status s = check_kind(kind, err);
    if (s != G_OK)
        return s;
    sqlite3_stmt *st;
    if ((s = db_prepare(db, "DELETE FROM draft WHERE user_id = ? AND kind = ?", &st, err)) != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, kind);
    if (sqlite3_step(st) != SQLITE_DONE)
        s = db_fail(db, err, _("suppression d'un brouillon"));
    sqlite3_finalize(st);
    return s;
}
