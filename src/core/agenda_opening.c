/* agenda_opening.c — recurring openings and the days taken out of them
 * (see agenda_opening.h): their rows, and their occurrences over a period.
 * The free slots they leave are searched in agenda_free.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda_internal.h"
#include "guichet/clock.h"
#include "guichet/fieldtext.h"
#include "guichet/i18n.h"
#include "guichet/recurrence.h"

static const char *const exc_reasons[] = {AGENDA_EXC_CANCELLED, AGENDA_EXC_HOLIDAY,
                                          AGENDA_EXC_ABSENCE, NULL};

void agenda_day_of(int64_t t, char out[11])
{
    clock_format(t, "%Y-%m-%d", out, 11);
}

g_status agenda_day_bounds(const char *day, int64_t *start_at, int64_t *end_at, g_error *err)
{
    if (clock_day_bounds(day, start_at, end_at) != 0)
        return agenda_bad_date(err, day);
    return G_OK;
}

/* --- availability ------------------------------------------------------------ */

#define AVAILABILITY_COLS                                                                          \
    "av.id, av.uuid, av.resource_id, av.dtstart, av.start_time, av.end_time, av.freq, "            \
    "av.interval, av.byday, COALESCE(av.until, '') "

/* One availability row, without its motifs (read separately). */
static void availability_read(sqlite3_stmt *st, void *row)
{
    agenda_availability *a = row;
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    db_column_text(st, 1, a->uuid, sizeof a->uuid);
    a->resource_id = sqlite3_column_int64(st, 2);
    recur_rule *r = &a->rule;
    char t[8];
    db_column_text(st, 3, r->dtstart, sizeof r->dtstart);
    db_column_text(st, 4, t, sizeof t);
    r->start_min = recur_time_parse(t);
    db_column_text(st, 5, t, sizeof t);
    r->end_min = recur_time_parse(t);
    db_column_text(st, 6, t, sizeof t);
    r->freq = strcmp(t, "MONTHLY") == 0 ? RECUR_MONTHLY : RECUR_WEEKLY;
    r->interval = sqlite3_column_int(st, 7);
    db_column_text(st, 8, r->byday, sizeof r->byday);
    db_column_text(st, 9, r->until, sizeof r->until);
}

static const agenda_table availabilities = {
    .name = "availability",
    .get_sql = "SELECT " AVAILABILITY_COLS "FROM availability av WHERE av.id = ?1",
    .row_size = sizeof(agenda_availability),
    .read = availability_read,
    .field = "",
    .not_found = N_("Plage d'ouverture introuvable (n° %" PRId64 ")."),
    .reading = N_("lecture des plages d'ouverture"),
};

/* The motifs allowed in each of the n availabilities of av. An opening
 * whose motifs were not read would refuse every motif: a failure is an
 * error. */
static g_status load_motifs(g_db *db, agenda_availability *av, size_t n, g_error *err)
{
    if (n == 0)
        return G_OK;
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT motif_id FROM availability_motif WHERE availability_id = ?1 "
                            "ORDER BY motif_id",
                            &st, err);
    for (size_t i = 0; s == G_OK && i < n; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, av[i].id);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && av[i].nmotifs < AGENDA_MOTIFS_MAX)
            av[i].motifs[av[i].nmotifs++] = sqlite3_column_int64(st, 0);
        s = db_rows_end(db, rc, _(availabilities.reading), err);
    }
    if (st)
        sqlite3_finalize(st);
    return s;
}

g_status agenda_load_availabilities(g_db *db, int64_t resource_id, int64_t motif_id,
                                    agenda_availability **out, size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(
        db,
        "SELECT " AVAILABILITY_COLS "FROM availability av JOIN resource r ON r.id = "
        "av.resource_id WHERE (?1 = 0 AND r.active = 1 OR av.resource_id = ?1) AND (?2 = 0 OR "
        "EXISTS (SELECT 1 FROM availability_motif am WHERE am.availability_id = av.id AND "
        "am.motif_id = ?2)) ORDER BY av.resource_id, av.dtstart, av.id",
        &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, resource_id);
    sqlite3_bind_int64(st, 2, motif_id);
    if ((s = agenda_row_list(db, &availabilities, st, (void **)out, count, err)) != G_OK)
        return s;
    if ((s = load_motifs(db, *out, *count, err)) != G_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
    }
    return s;
}

g_status agenda_availability_list(g_db *db, int64_t resource_id, agenda_availability **out,
                                  size_t *count, g_error *err)
{
    return agenda_load_availabilities(db, resource_id, 0, out, count, err);
}

/* The body of agenda_availability_add, inside its transaction. */
static g_status availability_insert(g_db *db, int64_t actor_id, const agenda_availability *a,
                                    int64_t *id_out, g_error *err)
{
    agenda_resource r;
    g_status s = agenda_resource_get(db, a->resource_id, &r, err);
    for (size_t i = 0; s == G_OK && i < a->nmotifs; i++) {
        agenda_motif m;
        s = agenda_motif_get(db, a->motifs[i], &m, err);
    }
    if (s != G_OK)
        return s;
    char uuid[AGENDA_UUID_LEN + 1], hs[6], he[6];
    uuid_new(uuid);
    recur_time_format(a->rule.start_min, hs);
    recur_time_format(a->rule.end_min, he);
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "INSERT INTO availability (uuid, resource_id, dtstart, start_time, "
                        "end_time, freq, interval, byday, until, created_at, updated_at) VALUES "
                        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULLIF(?9, ''), ?10, ?10)",
                        &st, err)) != G_OK)
        return s;
    db_bind_text(st, 1, uuid);
    sqlite3_bind_int64(st, 2, a->resource_id);
    db_bind_text(st, 3, a->rule.dtstart);
    db_bind_text(st, 4, hs);
    db_bind_text(st, 5, he);
    db_bind_text(st, 6, a->rule.freq == RECUR_MONTHLY ? "MONTHLY" : "WEEKLY");
    sqlite3_bind_int(st, 7, a->rule.interval);
    db_bind_text(st, 8, a->rule.byday);
    db_bind_text(st, 9, a->rule.until);
    sqlite3_bind_int64(st, 10, clock_now());
    if ((s = db_step_done(db, st, _("création de la plage d'ouverture"), err)) != G_OK)
        return s;
    int64_t id = sqlite3_last_insert_rowid(db_sql(db));
    for (size_t i = 0; i < a->nmotifs; i++) {
        if ((s = db_prepare(db,
                            "INSERT OR IGNORE INTO availability_motif (availability_id, "
                            "motif_id) VALUES (?1, ?2)",
                            &st, err)) != G_OK)
            return s;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, a->motifs[i]);
        if ((s = db_step_done(db, st, _("création de la plage d'ouverture"), err)) != G_OK)
            return s;
    }
    char rrule[128], detail[200];
    recur_rrule(&a->rule, rrule, sizeof rrule);
    snprintf(detail, sizeof detail, "resource:%s %s %s-%s %s", r.uuid, a->rule.dtstart, hs, he,
             rrule);
    if ((s = agenda_journal(db, actor_id, "availability-add", "availability", uuid, detail, err)) !=
        G_OK)
        return s;
    *id_out = id;
    return G_OK;
}

g_status agenda_availability_add(g_db *db, int64_t actor_id, const agenda_availability *a,
                                 int64_t *id_out, g_error *err)
{
    g_status s = recur_validate(&a->rule, err);
    if (s != G_OK)
        return s;
    if (a->nmotifs == 0 || a->nmotifs > AGENDA_MOTIFS_MAX)
        return g_err_field(err, G_ERR_INVALID, "motifs",
                           _("Choisissez au moins un motif de rendez-vous pour cette plage."));
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    int64_t id = 0;
    if ((s = availability_insert(db, actor_id, a, &id, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    if (id_out)
        *id_out = id;
    return G_OK;
}

g_status agenda_availability_end(g_db *db, int64_t actor_id, int64_t id, const char *until,
                                 g_error *err)
{
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    agenda_availability a;
    sqlite3_stmt *st;
    if ((s = agenda_row_get(db, &availabilities, id, &a, err)) != G_OK)
        goto fail;
    snprintf(a.rule.until, sizeof a.rule.until, "%s", until ? until : "");
    if ((s = recur_validate(&a.rule, err)) != G_OK ||
        (s = db_prepare(db,
                        "UPDATE availability SET until = NULLIF(?2, ''), updated_at = ?3 WHERE "
                        "id = ?1",
                        &st, err)) != G_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, a.rule.until);
    sqlite3_bind_int64(st, 3, clock_now());
    if ((s = db_step_done(db, st, _("fin de la plage d'ouverture"), err)) != G_OK ||
        (s = agenda_journal(db, actor_id, "availability-end", "availability", a.uuid, a.rule.until,
                            err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK)
        goto fail;
    return G_OK;
fail:
    db_rollback(db);
    return s;
}

/* --- closed days (exceptions) ------------------------------------------------ */

/* Adds to *n the live appointments of a resource in [from, to). */
static g_status count_live(g_db *db, int64_t resource_id, int64_t from, int64_t to, int *n,
                           g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT count(*) FROM appointment WHERE resource_id = ?1 AND start_at "
                            "> ?2 - 28800 AND start_at < ?3 AND end_at > ?2 AND " AGENDA_LIVE_SQL,
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, resource_id);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, to);
    s = db_step_row(db, st, _("comptage des rendez-vous"), err);
    if (s == G_OK)
        *n += sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return s == G_ERR_NOTFOUND ? G_OK : s;
}

/* Inserts one exception; the caller holds the transaction. */
static g_status exception_insert(g_db *db, int64_t actor_id, const agenda_availability *a,
                                 const char *date, const char *reason, const char *comment,
                                 int *affected, g_error *err)
{
    int64_t day;
    if (clock_date_parse(date, &day) != 0)
        return agenda_bad_date(err, date);
    if (!agenda_in_list(reason, exc_reasons))
        return g_err_field(err, G_ERR_INVALID, "reason", _("Motif d'exception inconnu : « %s »."),
                           reason ? reason : "");
    g_status cs = fieldtext_check(comment, FIELDTEXT_LINE, "comment", _("Motif"), err);
    if (cs != G_OK)
        return cs;
    if (!recur_occurs_on(&a->rule, day))
        return g_err_field(err, G_ERR_INVALID, "date",
                           _("Le %s n'est pas un jour de cette plage d'ouverture."), date);
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "INSERT INTO availability_exception (availability_id, date, reason, "
                            "comment, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, a->id);
    db_bind_text(st, 2, date);
    db_bind_text(st, 3, reason);
    db_bind_text(st, 4, comment ? comment : "");
    sqlite3_bind_int64(st, 5, clock_now());
    if (sqlite3_step(st) != SQLITE_DONE) {
        int rc = sqlite3_extended_errcode(db_sql(db));
        s = rc == SQLITE_CONSTRAINT_PRIMARYKEY
                ? g_err_field(err, G_ERR_EXISTS, "date",
                              _("Le %s est déjà retiré de cette plage d'ouverture."), date)
                : db_fail(db, err, _("ajout d'une exception"));
        sqlite3_finalize(st);
        return s;
    }
    sqlite3_finalize(st);
    /* an occurrence whose wall times do not exist that day (spring-forward
     * gap) holds no appointment: nothing to count */
    int64_t s_at, e_at;
    if (affected &&
        recur_slot_utc(date, a->rule.start_min, a->rule.end_min, &s_at, &e_at, NULL) == G_OK &&
        (s = count_live(db, a->resource_id, s_at, e_at, affected, err)) != G_OK)
        return s;
    char detail[160];
    snprintf(detail, sizeof detail, "%s %s", date, reason);
    return agenda_journal(db, actor_id, "availability-exception", "availability", a->uuid, detail,
                          err);
}

g_status agenda_exception_add(g_db *db, int64_t actor_id, int64_t availability_id, const char *date,
                              const char *reason, const char *comment, int *affected, g_error *err)
{
    if (affected)
        *affected = 0;
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    agenda_availability a;
    if ((s = agenda_row_get(db, &availabilities, availability_id, &a, err)) != G_OK ||
        (s = exception_insert(db, actor_id, &a, date, reason, comment, affected, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        if (affected)
            *affected = 0;
        return s;
    }
    return G_OK;
}

g_status agenda_exception_remove(g_db *db, int64_t actor_id, int64_t availability_id,
                                 const char *date, g_error *err)
{
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    agenda_availability a;
    sqlite3_stmt *st;
    if ((s = agenda_row_get(db, &availabilities, availability_id, &a, err)) != G_OK ||
        (s = db_prepare(db,
                        "DELETE FROM availability_exception WHERE availability_id = ?1 AND date "
                        "= ?2",
                        &st, err)) != G_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, availability_id);
    db_bind_text(st, 2, date);
    if ((s = db_step_done(db, st, _("retrait d'une exception"), err)) != G_OK)
        goto fail;
    if (sqlite3_changes(db_sql(db)) == 0) {
        s = g_err(err, G_ERR_NOTFOUND, _("Aucune exception le %s pour cette plage."), date);
        goto fail;
    }
    if ((s = agenda_journal(db, actor_id, "availability-exception-remove", "availability", a.uuid,
                            date, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK)
        goto fail;
    return G_OK;
fail:
    db_rollback(db);
    return s;
}

g_status agenda_resource_day_off(g_db *db, int64_t actor_id, int64_t resource_id, const char *date,
                                 const char *reason, const char *comment, int *affected,
                                 g_error *err)
{
    if (affected)
        *affected = 0;
    int64_t day;
    if (clock_date_parse(date, &day) != 0)
        return agenda_bad_date(err, date);
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    agenda_availability *av;
    size_t n;
    if ((s = agenda_load_availabilities(db, resource_id, 0, &av, &n, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    int done = 0;
    for (size_t i = 0; i < n && s == G_OK; i++) {
        if (!recur_occurs_on(&av[i].rule, day))
            continue;
        s = exception_insert(db, actor_id, &av[i], date, reason, comment, affected, err);
        if (s == G_ERR_EXISTS) {
            g_err_clear(err);
            s = G_OK;
        }
        done++;
    }
    free(av);
    if (s == G_OK && !done)
        s = g_err_field(err, G_ERR_NOTFOUND, "date",
                        _("Cette ressource n'a aucune plage d'ouverture le %s."), date);
    if (s != G_OK || (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        if (affected)
            *affected = 0;
        return s;
    }
    return G_OK;
}

/* --- openings ------------------------------------------------------------------ */

static int cmp_opening(const void *a, const void *b)
{
    const agenda_opening *x = a, *y = b;
    if (x->start_at != y->start_at)
        return x->start_at < y->start_at ? -1 : 1;
    if (x->resource_id != y->resource_id)
        return x->resource_id < y->resource_id ? -1 : 1;
    return 0;
}

/* The exception dates of availability id in [from, to] into a malloc'd
 * array of 11-byte dates. An unread exception would open a closed day: a
 * failure is an error. */
static g_status load_exceptions(g_db *db, sqlite3_stmt *st, int64_t id, const char *from,
                                const char *to, char (**out)[11], size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    size_t cap = 0;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (agenda_grow((void **)out, &cap, *count, sizeof **out) != 0) {
            free(*out);
            *out = NULL;
            *count = 0;
            return agenda_nomem(err);
        }
        db_column_text(st, 0, (*out)[(*count)++], sizeof **out);
    }
    g_status s = db_rows_end(db, rc, _("lecture des jours fermés"), err);
    if (s != G_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
    }
    return s;
}

/* Appends the occurrences of availability a in [from, to], minus exdates,
 * to the growable *out. A rule stored invalid behind guichet's back is
 * reported, not skipped. */
static g_status expand_one(const agenda_availability *a, const char *from, const char *to,
                           char (*exdates)[11], size_t nex, agenda_opening **out, size_t *cap,
                           size_t *count, g_error *err)
{
    const char **ex = NULL;
    if (nex && !(ex = malloc(nex * sizeof *ex)))
        return agenda_nomem(err);
    for (size_t k = 0; k < nex; k++)
        ex[k] = exdates[k];
    recur_occurrence *occ = NULL;
    size_t nocc = 0;
    g_status s = recur_expand(&a->rule, from, to, ex, nex, &occ, &nocc, NULL, err);
    free(ex);
    if (s != G_OK)
        return s;
    for (size_t k = 0; k < nocc; k++) {
        if (agenda_grow((void **)out, cap, *count, sizeof **out) != 0) {
            s = agenda_nomem(err);
            break;
        }
        agenda_opening *o = &(*out)[(*count)++];
        o->resource_id = a->resource_id;
        o->availability_id = a->id;
        snprintf(o->date, sizeof o->date, "%s", occ[k].date);
        o->start_at = occ[k].start_at;
        o->end_at = occ[k].end_at;
    }
    free(occ);
    return s;
}

/* Occurrences of the given availabilities between two dates, minus their
 * exceptions, by start. */
static g_status expand_all(g_db *db, const agenda_availability *av, size_t nav, const char *from,
                           const char *to, agenda_opening **out, size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    size_t cap = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT date FROM availability_exception WHERE availability_id = ?1 "
                            "AND date BETWEEN ?2 AND ?3",
                            &st, err);
    for (size_t i = 0; s == G_OK && i < nav; i++) {
        char(*ex)[11];
        size_t nex;
        if ((s = load_exceptions(db, st, av[i].id, from, to, &ex, &nex, err)) != G_OK)
            break;
        s = expand_one(&av[i], from, to, ex, nex, out, &cap, count, err);
        free(ex);
    }
    if (st)
        sqlite3_finalize(st);
    if (s != G_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
        return s;
    }
    if (*count > 1)
        qsort(*out, *count, sizeof **out, cmp_opening);
    return G_OK;
}

g_status agenda_openings_for(g_db *db, int64_t resource_id, int64_t motif_id, const char *from,
                             const char *to, agenda_opening **out, size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    agenda_availability *av;
    size_t nav;
    g_status s = agenda_load_availabilities(db, resource_id, motif_id, &av, &nav, err);
    if (s != G_OK)
        return s;
    s = expand_all(db, av, nav, from, to, out, count, err);
    free(av);
    return s;
}

g_status agenda_openings(g_db *db, int64_t resource_id, const char *from, const char *to,
                         agenda_opening **out, size_t *count, g_error *err)
{
    return agenda_openings_for(db, resource_id, 0, from, to, out, count, err);
}
