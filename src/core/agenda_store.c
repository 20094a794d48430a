/* agenda_store.c — the agenda's generic reading and writing of rows, and the
 * small helpers its files share (see agenda_internal.h).
 *
 * Resources, motifs, availabilities and appointments are read the same way
 * (one row by id, a list from a query) and resources and motifs written the
 * same way (validate, begin, name check, insert or update, journal,
 * commit): one copy of each, driven by a table of SQL and row callbacks. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agenda_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"

/* --- small helpers ------------------------------------------------------------ */

int agenda_grow(void **p, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *np = realloc(*p, ncap * elem);
    if (!np)
        return -1;
    *p = np;
    *cap = ncap;
    return 0;
}

g_status agenda_nomem(g_error *err)
{
    return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
}

int agenda_in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (s && strcmp(s, *list) == 0)
            return 1;
    return 0;
}

g_status agenda_journal(g_db *db, int64_t actor, const char *action, const char *kind,
                        const char *uuid, const char *detail, g_error *err)
{
    char object[96];
    snprintf(object, sizeof object, "%s:%s", kind, uuid);
    return audit_log(db, actor, action, object, detail, err);
}

g_status agenda_bad_date(g_error *err, const char *day)
{
    return g_err_field(err, G_ERR_INVALID, "date",
                       _("« %s » n'est pas une date valide (AAAA-MM-JJ)."), day ? day : "");
}

void agenda_fmt_time(int64_t t, char out[6])
{
    clock_format(t, "%H:%M", out, 6);
}

void agenda_fmt_date_fr(int64_t t, char out[11])
{
    clock_format(t, "%d/%m/%Y", out, 11);
}

void agenda_iso_utc(int64_t t, char out[21])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* --- reading ------------------------------------------------------------------- */

g_status agenda_row_first(g_db *db, const agenda_table *t, sqlite3_stmt *st, void *out,
                          g_error *err)
{
    g_status s = db_step_row(db, st, _(t->reading), err);
    if (s == G_OK)
        t->read(st, out);
    sqlite3_finalize(st);
    return s;
}

g_status agenda_row_get(g_db *db, const agenda_table *t, int64_t id, void *out, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db, t->get_sql, &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    s = agenda_row_first(db, t, st, out, err);
    if (s == G_ERR_NOTFOUND)
        return g_err_field(err, G_ERR_NOTFOUND, t->field, _(t->not_found), id);
    return s;
}

g_status agenda_row_list(g_db *db, const agenda_table *t, sqlite3_stmt *st, void **out,
                         size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    size_t cap = 0;
    g_status s = G_OK;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (agenda_grow(out, &cap, *count, t->row_size) != 0) {
            s = agenda_nomem(err);
            break;
        }
        t->read(st, (char *)*out + *count * t->row_size);
        (*count)++;
    }
    if (s == G_OK)
        s = db_rows_end(db, rc, _(t->reading), err);
    sqlite3_finalize(st);
    if (s != G_OK || *count == 0) {
        free(*out);
        *out = NULL;
        *count = 0;
    }
    return s;
}

/* --- writing ------------------------------------------------------------------- */

/* *taken = 1 when another row of t (id <> except) is called name. A check
 * that fails is an error, never "the name is free". */
static g_status name_taken(g_db *db, const agenda_table *t, const char *name, int64_t except,
                           int *taken, g_error *err)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE name = ?1 AND id <> ?2", t->name);
    sqlite3_stmt *st;
    g_status s = db_prepare(db, sql, &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, name);
    sqlite3_bind_int64(st, 2, except);
    s = db_step_row(db, st, _(t->reading), err);
    sqlite3_finalize(st);
    *taken = s == G_OK;
    return s == G_ERR_NOTFOUND ? G_OK : s;
}

/* The uuid of row id (the journal names rows by uuid). */
static g_status row_uuid(g_db *db, const agenda_table *t, int64_t id,
                         char uuid[AGENDA_UUID_LEN + 1], g_error *err)
{
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT uuid FROM %s WHERE id = ?1", t->name);
    sqlite3_stmt *st;
    g_status s = db_prepare(db, sql, &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    if ((s = db_step_row(db, st, _(t->reading), err)) == G_OK)
        db_column_text(st, 0, uuid, AGENDA_UUID_LEN + 1);
    sqlite3_finalize(st);
    if (s == G_ERR_NOTFOUND)
        return g_err_field(err, G_ERR_NOTFOUND, t->field, _(t->not_found), id);
    return s;
}

/* The body of agenda_row_save, inside its transaction. */
static g_status save_in_tx(g_db *db, int64_t actor_id, const agenda_table *t, int64_t id,
                           const void *row, const char *name, const char *detail, int64_t *id_out,
                           g_error *err)
{
    int adding = id == 0;
    char uuid[AGENDA_UUID_LEN + 1];
    g_status s;
    if (adding)
        uuid_new(uuid);
    else if ((s = row_uuid(db, t, id, uuid, err)) != G_OK)
        return s;
    if (t->name_taken) {
        int taken = 0;
        if ((s = name_taken(db, t, name, id, &taken, err)) != G_OK)
            return s;
        if (taken)
            return g_err_field(err, G_ERR_EXISTS, "name", _(t->name_taken), name);
    }
    sqlite3_stmt *st;
    if ((s = db_prepare(db, adding ? t->insert_sql : t->update_sql, &st, err)) != G_OK)
        return s;
    if (adding)
        db_bind_text(st, 1, uuid);
    else
        sqlite3_bind_int64(st, 1, id);
    t->bind(st, row, clock_now());
    if ((s = db_step_done(db, st, _(adding ? t->adding : t->updating), err)) != G_OK)
        return s;
    *id_out = adding ? sqlite3_last_insert_rowid(db_sql(db)) : id;
    char action[48];
    snprintf(action, sizeof action, "%s-%s", t->name, adding ? "add" : "update");
    return agenda_journal(db, actor_id, action, t->name, uuid, detail, err);
}

g_status agenda_row_save(g_db *db, int64_t actor_id, const agenda_table *t, int64_t id,
                         const void *row, const char *name, const char *detail, int64_t *id_out,
                         g_error *err)
{
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    int64_t saved = 0;
    if ((s = save_in_tx(db, actor_id, t, id, row, name, detail, &saved, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    if (id_out)
        *id_out = saved;
    return G_OK;
}
