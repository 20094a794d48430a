/* agenda.c — resources, motifs, availability, appointments (see agenda.h).
 *
 * The no-double-booking rule is checked here inside one BEGIN IMMEDIATE
 * transaction (db_begin), which serialises every writer on the file, and a
 * second time by the triggers of 004_agenda.sql. */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda_internal.h"
#include "db_internal.h"
#include "guichet/agenda.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/fieldtext.h"
#include "guichet/i18n.h"
#include "guichet/recurrence.h"
#include "guichet/ref.h"

#define LIVE_SQL "status NOT IN ('excuse', 'annule-service')"

/* How a visitor is shown: "Lefèvre Élodie", as visitor_row_name (visitor.h). */
#define VISITOR_NAME_SQL  "COALESCE(trim(v.last_name || ' ' || v.first_names), '')"
#define VISITOR_PHONE_SQL "COALESCE(v.phone, '')"

/* --- small helpers --------------------------------------------------------- */

static int grow(void **p, size_t *cap, size_t n, size_t elem)
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

static g_status nomem(g_error *err)
{
    return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
}

void agenda_day_of(int64_t t, char out[11])
{
    clock_format(t, "%Y-%m-%d", out, 11);
}

g_status agenda_day_bounds(const char *day, int64_t *start_at, int64_t *end_at, g_error *err)
{
    if (clock_day_bounds(day, start_at, end_at) != 0)
        return g_err_field(err, G_ERR_INVALID, "date",
                           _("« %s » n'est pas une date valide (AAAA-MM-JJ)."), day ? day : "");
    return G_OK;
}

static void fmt_time(int64_t t, char out[6])
{
    clock_format(t, "%H:%M", out, 6);
}

static void fmt_date_fr(int64_t t, char out[11])
{
    clock_format(t, "%d/%m/%Y", out, 11);
}

static g_status journal(g_db *db, int64_t actor, const char *action, const char *kind,
                        const char *uuid, const char *detail, g_error *err)
{
    char object[96];
    snprintf(object, sizeof object, "%s:%s", kind, uuid);
    return audit_log(db, actor, action, object, detail, err);
}

static int in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (s && strcmp(s, *list) == 0)
            return 1;
    return 0;
}

static const char *const kinds[] = {"agent", "permanence", "salle", NULL};
static const char *const places[] = {"sur-place", "telephone", "domicile", "visio", NULL};
static const char *const origins[] = {"guichet", "telephone", "partenaire", NULL};
static const char *const call_statuses[] = {"appele", "message-laisse", "injoignable", NULL};
static const char *const exc_reasons[] = {"annule", "ferie", "absence", NULL};

static g_status check_operator(const char *code, g_error *err)
{
    if (code && *code && !ref_operator_find(code))
        return g_err_field(err, G_ERR_INVALID, "operator",
                           _("Opérateur partenaire inconnu : « %s »."), code);
    return G_OK;
}

static g_status check_name(const char *name, g_error *err)
{
    size_t n = strlen(name);
    if (n == 0)
        return g_err_field(err, G_ERR_INVALID, "name", _("Le nom est obligatoire."));
    if (n > AGENDA_NAME_MAX)
        return g_err_field(err, G_ERR_INVALID, "name",
                           _("Le nom est trop long (%d caractères au plus)."), AGENDA_NAME_MAX);
    return fieldtext_check(name, FIELDTEXT_LINE, "name", _("Nom"), err);
}

/* --- resources ------------------------------------------------------------ */

static g_status resource_validate(const agenda_resource *r, g_error *err)
{
    if (!in_list(r->kind, kinds))
        return g_err_field(err, G_ERR_INVALID, "kind",
                           _("Type de ressource inconnu : « %s » (agent, permanence ou salle)."),
                           r->kind);
    g_status s = check_name(r->name, err);
    if (s == G_OK)
        s = fieldtext_check(r->place, FIELDTEXT_LINE, "place", _("Bureau ou salle"), err);
    if (s == G_OK)
        s = check_operator(r->operator_code, err);
    return s;
}

static void resource_row(sqlite3_stmt *st, agenda_resource *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    db_column_text(st, 1, r->uuid, sizeof r->uuid);
    db_column_text(st, 2, r->kind, sizeof r->kind);
    db_column_text(st, 3, r->name, sizeof r->name);
    db_column_text(st, 4, r->operator_code, sizeof r->operator_code);
    r->user_id = sqlite3_column_int64(st, 5);
    db_column_text(st, 6, r->place, sizeof r->place);
    r->active = sqlite3_column_int(st, 7);
}

#define RESOURCE_COLS                                                                              \
    "id, uuid, kind, name, COALESCE(operator, ''), COALESCE(user_id, 0), place, active "

static int name_taken(g_db *db, const char *table, const char *name, int64_t except)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE name = ?1 AND id <> ?2", table);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) != SQLITE_OK)
        return 0;
    db_bind_text(st, 1, name);
    sqlite3_bind_int64(st, 2, except);
    int taken = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return taken;
}

g_status agenda_resource_add(g_db *db, int64_t actor_id, const agenda_resource *r, int64_t *id_out,
                             g_error *err)
{
    g_status s = resource_validate(r, err);
    if (s != G_OK)
        return s;
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    if (name_taken(db, "resource", r->name, 0)) {
        db_rollback(db);
        return g_err_field(err, G_ERR_EXISTS, "name", _("Une ressource s'appelle déjà « %s »."),
                           r->name);
    }
    char uuid[AGENDA_UUID_LEN + 1];
    uuid_new(uuid);
    int64_t now = clock_now();
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "INSERT INTO resource (uuid, kind, name, operator, user_id, place, "
                        "active, created_at, updated_at) VALUES (?1, ?2, ?3, NULLIF(?4, ''), "
                        "NULLIF(?5, 0), ?6, ?7, ?8, ?8)",
                        &st, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    db_bind_text(st, 1, uuid);
    db_bind_text(st, 2, r->kind);
    db_bind_text(st, 3, r->name);
    db_bind_text(st, 4, r->operator_code);
    sqlite3_bind_int64(st, 5, r->user_id);
    db_bind_text(st, 6, r->place);
    sqlite3_bind_int(st, 7, r->active ? 1 : 0);
    sqlite3_bind_int64(st, 8, now);
    if ((s = db_step_done(db, st, _("création de la ressource"), err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    int64_t id = sqlite3_last_insert_rowid(db_sql(db));
    char detail[200];
    snprintf(detail, sizeof detail, "%s %s", r->kind, r->name);
    if ((s = journal(db, actor_id, "resource-add", "resource", uuid, detail, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    if (id_out)
        *id_out = id;
    return G_OK;
}

g_status agenda_resource_update(g_db *db, int64_t actor_id, const agenda_resource *r, g_error *err)
{
    g_status s = resource_validate(r, err);
    if (s != G_OK)
        return s;
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    agenda_resource old;
    if ((s = agenda_resource_get(db, r->id, &old, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    if (name_taken(db, "resource", r->name, r->id)) {
        db_rollback(db);
        return g_err_field(err, G_ERR_EXISTS, "name", _("Une ressource s'appelle déjà « %s »."),
                           r->name);
    }
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "UPDATE resource SET kind = ?2, name = ?3, operator = NULLIF(?4, ''), "
                        "user_id = NULLIF(?5, 0), place = ?6, active = ?7, updated_at = ?8 "
                        "WHERE id = ?1",
                        &st, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    sqlite3_bind_int64(st, 1, r->id);
    db_bind_text(st, 2, r->kind);
    db_bind_text(st, 3, r->name);
    db_bind_text(st, 4, r->operator_code);
    sqlite3_bind_int64(st, 5, r->user_id);
    db_bind_text(st, 6, r->place);
    sqlite3_bind_int(st, 7, r->active ? 1 : 0);
    sqlite3_bind_int64(st, 8, clock_now());
    if ((s = db_step_done(db, st, _("modification de la ressource"), err)) != G_OK ||
        (s = journal(db, actor_id, "resource-update", "resource", old.uuid, r->name, err)) !=
            G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    return G_OK;
}

g_status agenda_resource_get(g_db *db, int64_t id, agenda_resource *out, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "SELECT " RESOURCE_COLS "FROM resource WHERE id = ?1", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        resource_row(st, out);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return g_err_field(err, G_ERR_NOTFOUND, "resource",
                           _("Ressource introuvable (n° %" PRId64 ")."), id);
    return G_OK;
}

g_status agenda_resource_find(g_db *db, const char *id_or_name, agenda_resource *out, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT " RESOURCE_COLS "FROM resource WHERE name = ?1 "
                            "OR (CAST(id AS TEXT) = ?1) ORDER BY name = ?1 DESC LIMIT 1",
                            &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, id_or_name);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        resource_row(st, out);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return g_err_field(err, G_ERR_NOTFOUND, "resource",
                           _("Aucune ressource « %s » (indiquez son numéro ou son nom exact)."),
                           id_or_name);
    return G_OK;
}

g_status agenda_resource_list(g_db *db, int active_only, agenda_resource **out, size_t *count,
                              g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT " RESOURCE_COLS "FROM resource WHERE (?1 = 0 OR active = 1) "
                            "ORDER BY name",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int(st, 1, active_only);
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (grow((void **)out, &cap, *count, sizeof **out) != 0) {
            sqlite3_finalize(st);
            free(*out);
            *out = NULL;
            *count = 0;
            return nomem(err);
        }
        resource_row(st, &(*out)[(*count)++]);
    }
    sqlite3_finalize(st);
    return G_OK;
}

/* --- motifs ------------------------------------------------------------------ */

static g_status motif_validate(const agenda_motif *m, g_error *err)
{
    g_status s = check_name(m->name, err);
    if (s == G_OK)
        s = fieldtext_check(m->to_bring, FIELDTEXT_LINE, "to_bring", _("À apporter"), err);
    if (s != G_OK)
        return s;
    if ((s = check_operator(m->operator_code, err)) != G_OK)
        return s;
    if (m->duration_min < 5 || m->duration_min > AGENDA_MAX_DURATION)
        return g_err_field(err, G_ERR_INVALID, "duration",
                           _("La durée doit être comprise entre 5 et %d minutes."),
                           AGENDA_MAX_DURATION);
    if (!in_list(m->place, places))
        return g_err_field(err, G_ERR_INVALID, "place",
                           _("Lieu inconnu : « %s » (sur-place, telephone, domicile ou visio)."),
                           m->place);
    if (m->capacity < 1 || m->capacity > 200)
        return g_err_field(err, G_ERR_INVALID, "capacity",
                           _("La capacité doit être comprise entre 1 et 200 personnes."));
    return G_OK;
}

#define MOTIF_COLS                                                                                 \
    "id, uuid, name, COALESCE(operator, ''), duration_min, place, capacity, to_bring, active "

static void motif_row(sqlite3_stmt *st, agenda_motif *m)
{
    memset(m, 0, sizeof *m);
    m->id = sqlite3_column_int64(st, 0);
    db_column_text(st, 1, m->uuid, sizeof m->uuid);
    db_column_text(st, 2, m->name, sizeof m->name);
    db_column_text(st, 3, m->operator_code, sizeof m->operator_code);
    m->duration_min = sqlite3_column_int(st, 4);
    db_column_text(st, 5, m->place, sizeof m->place);
    m->capacity = sqlite3_column_int(st, 6);
    db_column_text(st, 7, m->to_bring, sizeof m->to_bring);
    m->active = sqlite3_column_int(st, 8);
}

static void motif_bind(sqlite3_stmt *st, const agenda_motif *m)
{
    db_bind_text(st, 2, m->name);
    db_bind_text(st, 3, m->operator_code);
    sqlite3_bind_int(st, 4, m->duration_min);
    db_bind_text(st, 5, m->place);
    sqlite3_bind_int(st, 6, m->capacity);
    db_bind_text(st, 7, m->to_bring);
    sqlite3_bind_int(st, 8, m->active ? 1 : 0);
    sqlite3_bind_int64(st, 9, clock_now());
}

g_status agenda_motif_add(g_db *db, int64_t actor_id, const agenda_motif *m, int64_t *id_out,
                          g_error *err)
{
    g_status s = motif_validate(m, err);
    if (s != G_OK || (s = db_begin(db, err)) != G_OK)
        return s;
    char uuid[AGENDA_UUID_LEN + 1];
    uuid_new(uuid);
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "INSERT INTO motif (uuid, name, operator, duration_min, place, capacity, "
                        "to_bring, active, created_at, updated_at) VALUES (?1, ?2, NULLIF(?3, "
                        "''), ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                        &st, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    db_bind_text(st, 1, uuid);
    motif_bind(st, m);
    if ((s = db_step_done(db, st, _("création du motif"), err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    int64_t id = sqlite3_last_insert_rowid(db_sql(db));
    if ((s = journal(db, actor_id, "motif-add", "motif", uuid, m->name, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    if (id_out)
        *id_out = id;
    return G_OK;
}

g_status agenda_motif_update(g_db *db, int64_t actor_id, const agenda_motif *m, g_error *err)
{
    g_status s = motif_validate(m, err);
    if (s != G_OK || (s = db_begin(db, err)) != G_OK)
        return s;
    agenda_motif old;
    if ((s = agenda_motif_get(db, m->id, &old, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "UPDATE motif SET name = ?2, operator = NULLIF(?3, ''), duration_min = "
                        "?4, place = ?5, capacity = ?6, to_bring = ?7, active = ?8, updated_at = "
                        "?9 WHERE id = ?1",
                        &st, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    sqlite3_bind_int64(st, 1, m->id);
    motif_bind(st, m);
    if ((s = db_step_done(db, st, _("modification du motif"), err)) != G_OK ||
        (s = journal(db, actor_id, "motif-update", "motif", old.uuid, m->name, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    return G_OK;
}

g_status agenda_motif_get(g_db *db, int64_t id, agenda_motif *out, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "SELECT " MOTIF_COLS "FROM motif WHERE id = ?1", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        motif_row(st, out);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return g_err_field(err, G_ERR_NOTFOUND, "motif",
                           _("Motif de rendez-vous introuvable (n° %" PRId64 ")."), id);
    return G_OK;
}

g_status agenda_motif_list(g_db *db, int active_only, const char *operator_code, agenda_motif **out,
                           size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT " MOTIF_COLS "FROM motif WHERE (?1 = 0 OR active = 1) AND "
                            "(?2 IS NULL OR operator = ?2) ORDER BY COALESCE(operator, ''), name",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int(st, 1, active_only);
    db_bind_text(st, 2, operator_code);
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (grow((void **)out, &cap, *count, sizeof **out) != 0) {
            sqlite3_finalize(st);
            free(*out);
            *out = NULL;
            *count = 0;
            return nomem(err);
        }
        motif_row(st, &(*out)[(*count)++]);
    }
    sqlite3_finalize(st);
    return G_OK;
}

const char *agenda_place_label(const char *place)
{
    if (!place)
        return "";
    if (strcmp(place, "sur-place") == 0)
        return _("Sur place");
    if (strcmp(place, "telephone") == 0)
        return _("Par téléphone");
    if (strcmp(place, "domicile") == 0)
        return _("À domicile");
    if (strcmp(place, "visio") == 0)
        return _("En visioconférence");
    return place;
}

/* --- availability ------------------------------------------------------------ */

static void rule_from_row(sqlite3_stmt *st, int col, recur_rule *r)
{
    memset(r, 0, sizeof *r);
    char t[8];
    db_column_text(st, col, r->dtstart, sizeof r->dtstart);
    db_column_text(st, col + 1, t, sizeof t);
    r->start_min = recur_time_parse(t);
    db_column_text(st, col + 2, t, sizeof t);
    r->end_min = recur_time_parse(t);
    db_column_text(st, col + 3, t, sizeof t);
    r->freq = strcmp(t, "MONTHLY") == 0 ? RECUR_MONTHLY : RECUR_WEEKLY;
    r->interval = sqlite3_column_int(st, col + 4);
    db_column_text(st, col + 5, r->byday, sizeof r->byday);
    db_column_text(st, col + 6, r->until, sizeof r->until);
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
    agenda_resource r;
    if ((s = agenda_resource_get(db, a->resource_id, &r, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    for (size_t i = 0; i < a->nmotifs; i++) {
        agenda_motif m;
        if ((s = agenda_motif_get(db, a->motifs[i], &m, err)) != G_OK) {
            db_rollback(db);
            return s;
        }
    }
    char uuid[AGENDA_UUID_LEN + 1], hs[6], he[6];
    uuid_new(uuid);
    recur_time_format(a->rule.start_min, hs);
    recur_time_format(a->rule.end_min, he);
    int64_t now = clock_now();
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "INSERT INTO availability (uuid, resource_id, dtstart, start_time, "
                        "end_time, freq, interval, byday, until, created_at, updated_at) VALUES "
                        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULLIF(?9, ''), ?10, ?10)",
                        &st, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    db_bind_text(st, 1, uuid);
    sqlite3_bind_int64(st, 2, a->resource_id);
    db_bind_text(st, 3, a->rule.dtstart);
    db_bind_text(st, 4, hs);
    db_bind_text(st, 5, he);
    db_bind_text(st, 6, a->rule.freq == RECUR_MONTHLY ? "MONTHLY" : "WEEKLY");
    sqlite3_bind_int(st, 7, a->rule.interval);
    db_bind_text(st, 8, a->rule.byday);
    db_bind_text(st, 9, a->rule.until);
    sqlite3_bind_int64(st, 10, now);
    if ((s = db_step_done(db, st, _("création de la plage d'ouverture"), err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    int64_t id = sqlite3_last_insert_rowid(db_sql(db));
    for (size_t i = 0; i < a->nmotifs; i++) {
        if ((s = db_prepare(db,
                            "INSERT OR IGNORE INTO availability_motif (availability_id, "
                            "motif_id) VALUES (?1, ?2)",
                            &st, err)) != G_OK) {
            db_rollback(db);
            return s;
        }
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, a->motifs[i]);
        if ((s = db_step_done(db, st, _("création de la plage d'ouverture"), err)) != G_OK) {
            db_rollback(db);
            return s;
        }
    }
    char rrule[128], detail[200];
    recur_rrule(&a->rule, rrule, sizeof rrule);
    snprintf(detail, sizeof detail, "resource:%s %s %s-%s %s", r.uuid, a->rule.dtstart, hs, he,
             rrule);
    if ((s = journal(db, actor_id, "availability-add", "availability", uuid, detail, err)) !=
            G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    if (id_out)
        *id_out = id;
    return G_OK;
}

/* Loads availabilities (of active resources unless resource_id is given),
 * optionally only those allowing motif_id (0 = any). */
static g_status load_availabilities(g_db *db, int64_t resource_id, int64_t motif_id,
                                    agenda_availability **out, size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(
        db,
        "SELECT av.id, av.uuid, av.resource_id, av.dtstart, av.start_time, av.end_time, av.freq, "
        "av.interval, av.byday, COALESCE(av.until, '') FROM availability av JOIN resource r ON "
        "r.id = av.resource_id WHERE (?1 = 0 AND r.active = 1 OR av.resource_id = ?1) AND (?2 = "
        "0 OR EXISTS (SELECT 1 FROM availability_motif am WHERE am.availability_id = av.id AND "
        "am.motif_id = ?2)) ORDER BY av.resource_id, av.dtstart, av.id",
        &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, resource_id);
    sqlite3_bind_int64(st, 2, motif_id);
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (grow((void **)out, &cap, *count, sizeof **out) != 0) {
            sqlite3_finalize(st);
            free(*out);
            *out = NULL;
            *count = 0;
            return nomem(err);
        }
        agenda_availability *a = &(*out)[(*count)++];
        memset(a, 0, sizeof *a);
        a->id = sqlite3_column_int64(st, 0);
        db_column_text(st, 1, a->uuid, sizeof a->uuid);
        a->resource_id = sqlite3_column_int64(st, 2);
        rule_from_row(st, 3, &a->rule);
    }
    sqlite3_finalize(st);
    if ((s = db_prepare(db,
                        "SELECT motif_id FROM availability_motif WHERE availability_id = ?1 "
                        "ORDER BY motif_id",
                        &st, err)) != G_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
        return s;
    }
    for (size_t i = 0; i < *count; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, (*out)[i].id);
        while (sqlite3_step(st) == SQLITE_ROW && (*out)[i].nmotifs < AGENDA_MOTIFS_MAX)
            (*out)[i].motifs[(*out)[i].nmotifs++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return G_OK;
}

g_status agenda_availability_list(g_db *db, int64_t resource_id, agenda_availability **out,
                                  size_t *count, g_error *err)
{
    return load_availabilities(db, resource_id, 0, out, count, err);
}

static g_status availability_get(g_db *db, int64_t id, agenda_availability *out, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT id, uuid, resource_id, dtstart, start_time, end_time, freq, "
                            "interval, byday, COALESCE(until, '') FROM availability WHERE id = ?1",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(st, 0);
        db_column_text(st, 1, out->uuid, sizeof out->uuid);
        out->resource_id = sqlite3_column_int64(st, 2);
        rule_from_row(st, 3, &out->rule);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return g_err(err, G_ERR_NOTFOUND, _("Plage d'ouverture introuvable (n° %" PRId64 ")."), id);
    return G_OK;
}

g_status agenda_availability_end(g_db *db, int64_t actor_id, int64_t id, const char *until,
                                 g_error *err)
{
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    agenda_availability a;
    if ((s = availability_get(db, id, &a, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    snprintf(a.rule.until, sizeof a.rule.until, "%s", until ? until : "");
    if ((s = recur_validate(&a.rule, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "UPDATE availability SET until = NULLIF(?2, ''), updated_at = ?3 WHERE "
                        "id = ?1",
                        &st, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, a.rule.until);
    sqlite3_bind_int64(st, 3, clock_now());
    if ((s = db_step_done(db, st, _("fin de la plage d'ouverture"), err)) != G_OK ||
        (s = journal(db, actor_id, "availability-end", "availability", a.uuid, a.rule.until,
                     err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    return G_OK;
}

/* Counts the live appointments of a resource in [from, to). */
static int count_live(g_db *db, int64_t resource_id, int64_t from, int64_t to)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_sql(db),
                           "SELECT count(*) FROM appointment WHERE resource_id = ?1 AND start_at "
                           "> ?2 - 28800 AND start_at < ?3 AND end_at > ?2 AND " LIVE_SQL,
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_int64(st, 1, resource_id);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, to);
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return n;
}

/* Inserts one exception; the caller holds the transaction. */
static g_status exception_insert(g_db *db, int64_t actor_id, const agenda_availability *a,
                                 const char *date, const char *reason, const char *comment,
                                 int *affected, g_error *err)
{
    int64_t day;
    if (recur_date_parse(date, &day) != 0)
        return g_err_field(err, G_ERR_INVALID, "date",
                           _("« %s » n'est pas une date valide (AAAA-MM-JJ)."), date);
    if (!in_list(reason, exc_reasons))
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
        sqlite3_finalize(st);
        if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
            return g_err_field(err, G_ERR_EXISTS, "date",
                               _("Le %s est déjà retiré de cette plage d'ouverture."), date);
        return db_fail(db, err, _("ajout d'une exception"));
    }
    sqlite3_finalize(st);
    int64_t s_at, e_at;
    if (affected &&
        recur_slot_utc(date, a->rule.start_min, a->rule.end_min, &s_at, &e_at, NULL) == G_OK)
        *affected += count_live(db, a->resource_id, s_at, e_at);
    char detail[160];
    snprintf(detail, sizeof detail, "%s %s", date, reason);
    return journal(db, actor_id, "availability-exception", "availability", a->uuid, detail, err);
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
    if ((s = availability_get(db, availability_id, &a, err)) != G_OK ||
        (s = exception_insert(db, actor_id, &a, date, reason, comment, affected, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
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
    if ((s = availability_get(db, availability_id, &a, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "DELETE FROM availability_exception WHERE availability_id = ?1 AND date "
                        "= ?2",
                        &st, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    sqlite3_bind_int64(st, 1, availability_id);
    db_bind_text(st, 2, date);
    if ((s = db_step_done(db, st, _("retrait d'une exception"), err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    if (sqlite3_changes(db_sql(db)) == 0) {
        db_rollback(db);
        return g_err(err, G_ERR_NOTFOUND, _("Aucune exception le %s pour cette plage."), date);
    }
    if ((s = journal(db, actor_id, "availability-exception-remove", "availability", a.uuid, date,
                     err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    return G_OK;
}

g_status agenda_resource_day_off(g_db *db, int64_t actor_id, int64_t resource_id, const char *date,
                                 const char *reason, const char *comment, int *affected,
                                 g_error *err)
{
    if (affected)
        *affected = 0;
    int64_t day;
    if (recur_date_parse(date, &day) != 0)
        return g_err_field(err, G_ERR_INVALID, "date",
                           _("« %s » n'est pas une date valide (AAAA-MM-JJ)."), date);
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    agenda_availability *av;
    size_t n;
    if ((s = load_availabilities(db, resource_id, 0, &av, &n, err)) != G_OK) {
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

/* Occurrences of the given availabilities between two dates, minus their
 * exceptions. */
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
    if (s != G_OK)
        return s;
    for (size_t i = 0; i < nav; i++) {
        char exbuf[64][11];
        const char *ex[64];
        size_t nex = 0;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, av[i].id);
        db_bind_text(st, 2, from);
        db_bind_text(st, 3, to);
        while (sqlite3_step(st) == SQLITE_ROW && nex < 64) {
            db_column_text(st, 0, exbuf[nex], sizeof exbuf[nex]);
            ex[nex] = exbuf[nex];
            nex++;
        }
        recur_occurrence *occ;
        size_t nocc;
        if (recur_expand(&av[i].rule, from, to, ex, nex, &occ, &nocc, NULL, NULL) != G_OK)
            continue; /* a rule stored invalid behind our back: skip it */
        for (size_t k = 0; k < nocc; k++) {
            if (grow((void **)out, &cap, *count, sizeof **out) != 0) {
                free(occ);
                sqlite3_finalize(st);
                free(*out);
                *out = NULL;
                *count = 0;
                return nomem(err);
            }
            agenda_opening *o = &(*out)[(*count)++];
            o->resource_id = av[i].resource_id;
            o->availability_id = av[i].id;
            snprintf(o->date, sizeof o->date, "%s", occ[k].date);
            o->start_at = occ[k].start_at;
            o->end_at = occ[k].end_at;
        }
        free(occ);
    }
    sqlite3_finalize(st);
    if (*count > 1)
        qsort(*out, *count, sizeof **out, cmp_opening);
    return G_OK;
}

static g_status openings_for(g_db *db, int64_t resource_id, int64_t motif_id, const char *from,
                             const char *to, agenda_opening **out, size_t *count, g_error *err)
{
    agenda_availability *av;
    size_t nav;
    g_status s = load_availabilities(db, resource_id, motif_id, &av, &nav, err);
    if (s != G_OK) {
        *out = NULL;
        *count = 0;
        return s;
    }
    s = expand_all(db, av, nav, from, to, out, count, err);
    free(av);
    return s;
}

g_status agenda_openings(g_db *db, int64_t resource_id, const char *from, const char *to,
                         agenda_opening **out, size_t *count, g_error *err)
{
    return openings_for(db, resource_id, 0, from, to, out, count, err);
}

/* --- busy intervals and free slots ------------------------------------------------ */

typedef struct busy {
    int64_t id;
    int64_t motif_id;
    int64_t visitor_id;
    int64_t start_at;
    int64_t end_at;
} busy;

/* Live appointments of a resource overlapping [from, to), by start. */
static g_status load_busy(g_db *db, int64_t resource_id, int64_t from, int64_t to,
                          int64_t except_id, busy **out, size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT id, motif_id, COALESCE(visitor_id, 0), start_at, end_at FROM "
                            "appointment WHERE resource_id = ?1 AND start_at > ?2 - 28800 AND "
                            "start_at < ?3 AND end_at > ?2 AND id <> ?4 AND " LIVE_SQL
                            " ORDER BY start_at, id",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, resource_id);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, to);
    sqlite3_bind_int64(st, 4, except_id);
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (grow((void **)out, &cap, *count, sizeof **out) != 0) {
            sqlite3_finalize(st);
            free(*out);
            *out = NULL;
            *count = 0;
            return nomem(err);
        }
        busy *b = &(*out)[(*count)++];
        b->id = sqlite3_column_int64(st, 0);
        b->motif_id = sqlite3_column_int64(st, 1);
        b->visitor_id = sqlite3_column_int64(st, 2);
        b->start_at = sqlite3_column_int64(st, 3);
        b->end_at = sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    return G_OK;
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

static int push_slot(agenda_slot **v, size_t *cap, size_t *n, const agenda_slot *s)
{
    if (grow((void **)v, cap, *n, sizeof **v) != 0)
        return -1;
    (*v)[(*n)++] = *s;
    return 0;
}

/* Appends the free slots of motif m in one opening to *v. */
static g_status slots_in_opening(g_db *db, const agenda_motif *m, const agenda_opening *o,
                                 agenda_slot **v, size_t *cap, size_t *n, g_error *err)
{
    busy *b;
    size_t nb;
    g_status s = load_busy(db, o->resource_id, o->start_at, o->end_at, 0, &b, &nb, err);
    if (s != G_OK)
        return s;
    int64_t dur = (int64_t)m->duration_min * 60;
    int64_t t = o->start_at;
    for (size_t i = 0; i <= nb; i++) {
        int64_t gap_end = i < nb ? b[i].start_at : o->end_at;
        if (gap_end > o->end_at)
            gap_end = o->end_at;
        for (int64_t x = t; x + dur <= gap_end; x += dur) {
            agenda_slot sl = {o->resource_id, m->id, x, x + dur, m->capacity};
            if (push_slot(v, cap, n, &sl) != 0) {
                free(b);
                return nomem(err);
            }
        }
        if (i < nb && b[i].end_at > t)
            t = b[i].end_at;
    }
    /* workshop sessions of this motif that still have places */
    if (m->capacity > 1) {
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
                if (push_slot(v, cap, n, &sl) != 0) {
                    free(b);
                    return nomem(err);
                }
            }
        }
    }
    free(b);
    return G_OK;
}

static void dedupe_slots(agenda_slot *v, size_t *n)
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

static g_status free_slots_motif(g_db *db, int64_t resource_id, const agenda_motif *m,
                                 const char *day, agenda_slot **v, size_t *cap, size_t *n,
                                 g_error *err)
{
    agenda_opening *o;
    size_t no;
    g_status s = openings_for(db, resource_id, m->id, day, day, &o, &no, err);
    for (size_t i = 0; i < no && s == G_OK; i++)
        s = slots_in_opening(db, m, &o[i], v, cap, n, err);
    free(o);
    return s;
}

g_status agenda_free_slots(g_db *db, int64_t resource_id, int64_t motif_id, const char *day,
                           agenda_slot **out, size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    int64_t d;
    if (recur_date_parse(day, &d) != 0)
        return g_err_field(err, G_ERR_INVALID, "date",
                           _("« %s » n'est pas une date valide (AAAA-MM-JJ)."), day ? day : "");
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
    dedupe_slots(*out, count);
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
            return nomem(err);
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
    recur_date_parse(first, &d0);
    agenda_slot *v = NULL;
    size_t cap = 0, n = 0;
    for (int64_t d = d0; d < d0 + AGENDA_SEARCH_DAYS && n < max && s == G_OK; d++) {
        char day[11];
        recur_date_format(d, day);
        agenda_slot *dv = NULL;
        size_t dcap = 0, dn = 0;
        for (size_t i = 0; i < nm && s == G_OK; i++)
            if (motifs[i].active)
                s = free_slots_motif(db, 0, &motifs[i], day, &dv, &dcap, &dn, err);
        dedupe_slots(dv, &dn);
        for (size_t i = 0; i < dn && n < max && s == G_OK; i++)
            if (dv[i].start_at >= after && push_slot(&v, &cap, &n, &dv[i]) != 0)
                s = nomem(err);
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

/* --- booking ----------------------------------------------------------------------- */

/* Checks that [start, end) of motif m may be held on resource r (inside a
 * transaction): inside an opening allowing the motif, overlapping nothing
 * live but its own workshop session with a place left. visitor_id, when
 * given, must not already be in that session. except_id = the appointment
 * being moved (0 for a new one). */
static g_status check_slot(g_db *db, const agenda_resource *r, const agenda_motif *m, int64_t start,
                           int64_t end, int64_t visitor_id, int64_t except_id, g_error *err)
{
    char day[11], hs[6], he[6], date[11];
    agenda_day_of(start, day);
    fmt_time(start, hs);
    fmt_time(end, he);
    fmt_date_fr(start, date);
    agenda_opening *o;
    size_t no;
    g_status s = openings_for(db, r->id, m->id, day, day, &o, &no, err);
    if (s != G_OK)
        return s;
    int inside = 0;
    for (size_t i = 0; i < no; i++)
        if (o[i].start_at <= start && end <= o[i].end_at)
            inside = 1;
    free(o);
    if (!inside)
        return g_err_field(err, G_ERR_INVALID, "start",
                           _("%s n'accueille pas « %s » le %s de %s à %s : choisissez un "
                             "créneau dans ses heures d'ouverture pour ce motif."),
                           r->name, m->name, date, hs, he);
    busy *b;
    size_t nb;
    if ((s = load_busy(db, r->id, start, end, except_id, &b, &nb, err)) != G_OK)
        return s;
    int session = 0, already = 0;
    for (size_t i = 0; i < nb; i++) {
        if (m->capacity > 1 && b[i].motif_id == m->id && b[i].start_at == start &&
            b[i].end_at == end) {
            session++;
            already |= visitor_id && b[i].visitor_id == visitor_id;
            continue;
        }
        char bs[6], be[6];
        fmt_time(b[i].start_at, bs);
        fmt_time(b[i].end_at, be);
        free(b);
        return g_err_field(err, G_ERR_CONFLICT, "start",
                           _("Ce créneau vient d'être pris : %s a déjà un rendez-vous de %s à %s "
                             "le %s. Choisissez un autre créneau."),
                           r->name, bs, be, date);
    }
    free(b);
    if (already)
        return g_err_field(err, G_ERR_EXISTS, "visitor",
                           _("Cette personne est déjà inscrite à « %s » le %s à %s."), m->name,
                           date, hs);
    if (m->capacity > 1 && session >= m->capacity)
        return g_err_field(err, G_ERR_CONFLICT, "start",
                           _("Ce créneau vient d'être pris : l'atelier « %s » du %s à %s est "
                             "complet (%d places)."),
                           m->name, date, hs, m->capacity);
    return G_OK;
}

/* Another live appointment of the visitor overlapping [start, end). */
static int64_t visitor_overlap(g_db *db, int64_t visitor_id, int64_t start, int64_t end,
                               int64_t except_id)
{
    if (!visitor_id)
        return 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_sql(db),
                           "SELECT id FROM appointment WHERE visitor_id = ?1 AND start_at > ?2 - "
                           "28800 AND start_at < ?3 AND end_at > ?2 AND id <> ?4 AND " LIVE_SQL
                           " ORDER BY start_at LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_int64(st, 1, visitor_id);
    sqlite3_bind_int64(st, 2, start);
    sqlite3_bind_int64(st, 3, end);
    sqlite3_bind_int64(st, 4, except_id);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return id;
}

static void iso_utc(int64_t t, char out[21])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Maps a constraint failure of the overlap triggers to the booking message. */
static g_status insert_failed(g_db *db, g_error *err)
{
    int rc = sqlite3_extended_errcode(db_sql(db)) & 0xff;
    if (rc == SQLITE_CONSTRAINT && (strstr(sqlite3_errmsg(db_sql(db)), "réservation") ||
                                    strstr(sqlite3_errmsg(db_sql(db)), "complet")))
        return g_err_field(err, G_ERR_CONFLICT, "start",
                           _("Ce créneau vient d'être pris : %s. Choisissez un autre créneau."),
                           sqlite3_errmsg(db_sql(db)));
    return db_fail(db, err, _("enregistrement du rendez-vous"));
}

g_status agenda_book_internal(g_db *db, int64_t actor_id, const agenda_booking *b, int allow_past,
                              agenda_book_result *res, g_error *err)
{
    agenda_book_result local;
    if (!res)
        res = &local;
    memset(res, 0, sizeof *res);
    const char *origin = b->origin && *b->origin ? b->origin : "guichet";
    if (!in_list(origin, origins))
        return g_err_field(err, G_ERR_INVALID, "origin",
                           _("Origine inconnue : « %s » (guichet, telephone ou partenaire)."),
                           origin);
    g_status cs = fieldtext_check(b->comment, FIELDTEXT_LINE, "comment", _("Commentaire"), err);
    if (cs != G_OK)
        return cs;
    if (b->comment && strlen(b->comment) > AGENDA_COMMENT_MAX)
        return g_err_field(err, G_ERR_INVALID, "comment",
                           _("Le commentaire est trop long (%d caractères au plus)."),
                           AGENDA_COMMENT_MAX);
    if (!allow_past && b->start_at < clock_now())
        return g_err_field(err, G_ERR_INVALID, "start",
                           _("Ce créneau est déjà passé : choisissez un créneau à venir."));
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    agenda_resource r;
    agenda_motif m;
    if ((s = agenda_resource_get(db, b->resource_id, &r, err)) != G_OK ||
        (s = agenda_motif_get(db, b->motif_id, &m, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    if (!r.active || !m.active) {
        db_rollback(db);
        return g_err_field(err, G_ERR_INVALID, r.active ? "motif" : "resource",
                           _("« %s » est archivé : on ne peut plus y prendre rendez-vous."),
                           r.active ? m.name : r.name);
    }
    int64_t end = b->start_at + (int64_t)m.duration_min * 60;
    if ((s = check_slot(db, &r, &m, b->start_at, end, b->visitor_id, 0, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    res->overlap_id = visitor_overlap(db, b->visitor_id, b->start_at, end, 0);
    res->visitor_overlap = res->overlap_id != 0;
    uuid_new(res->uuid);
    int64_t now = clock_now();
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "INSERT INTO appointment (uuid, resource_id, motif_id, visitor_id, "
                        "start_at, end_at, origin, comment, created_by, created_at, updated_at) "
                        "VALUES (?1, ?2, ?3, NULLIF(?4, 0), ?5, ?6, ?7, ?8, NULLIF(?9, 0), ?10, "
                        "?10)",
                        &st, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    db_bind_text(st, 1, res->uuid);
    sqlite3_bind_int64(st, 2, r.id);
    sqlite3_bind_int64(st, 3, m.id);
    sqlite3_bind_int64(st, 4, b->visitor_id);
    sqlite3_bind_int64(st, 5, b->start_at);
    sqlite3_bind_int64(st, 6, end);
    db_bind_text(st, 7, origin);
    db_bind_text(st, 8, b->comment ? b->comment : "");
    sqlite3_bind_int64(st, 9, actor_id);
    sqlite3_bind_int64(st, 10, now);
    if (sqlite3_step(st) != SQLITE_DONE) {
        s = insert_failed(db, err);
        sqlite3_finalize(st);
        db_rollback(db);
        return s;
    }
    sqlite3_finalize(st);
    res->id = sqlite3_last_insert_rowid(db_sql(db));
    char iso[21], detail[200];
    iso_utc(b->start_at, iso);
    snprintf(detail, sizeof detail, "resource:%s motif:%s %s %s%s", r.uuid, m.uuid, iso, origin,
             res->visitor_overlap ? " chevauchement-usager" : "");
    if ((s = journal(db, actor_id, "appointment-book", "appointment", res->uuid, detail, err)) !=
            G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        memset(res, 0, sizeof *res);
        return s;
    }
    return G_OK;
}

g_status agenda_book(g_db *db, int64_t actor_id, const agenda_booking *b, agenda_book_result *res,
                     g_error *err)
{
    return agenda_book_internal(db, actor_id, b, 0, res, err);
}

/* --- reading ------------------------------------------------------------------------ */

#define ITEM_COLS                                                                                  \
    "a.id, a.uuid, a.resource_id, r.name, r.place, COALESCE(m.operator, r.operator, ''), "         \
    "a.motif_id, m.name, m.place, m.capacity, m.to_bring, COALESCE(a.visitor_id, "                 \
    "0), " VISITOR_NAME_SQL ", " VISITOR_PHONE_SQL ", a.start_at, a.end_at, a.status, "            \
    "a.cancel_reason, COALESCE(a.arrived_at, 0), a.origin, a.comment, "                            \
    "COALESCE(a.call_status, ''), COALESCE(a.called_at, 0), a.sequence, a.created_at, "            \
    "a.updated_at "
#define ITEM_FROM                                                                                  \
    "FROM appointment a JOIN resource r ON r.id = a.resource_id JOIN motif m ON m.id = "           \
    "a.motif_id LEFT JOIN visitor v ON v.id = a.visitor_id "

static void item_row(sqlite3_stmt *st, agenda_item *it, int64_t now)
{
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
    it->to_fill = strcmp(it->status, "a-venir") == 0 && it->start_at < now;
}

static g_status collect_items(g_db *db, sqlite3_stmt *st, agenda_item **out, size_t *count,
                              g_error *err)
{
    *out = NULL;
    *count = 0;
    size_t cap = 0;
    int64_t now = clock_now();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (grow((void **)out, &cap, *count, sizeof **out) != 0) {
            sqlite3_finalize(st);
            free(*out);
            *out = NULL;
            *count = 0;
            return nomem(err);
        }
        item_row(st, &(*out)[(*count)++], now);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *count = 0;
        return db_fail(db, err, _("lecture des rendez-vous"));
    }
    return G_OK;
}

g_status agenda_get(g_db *db, int64_t id, agenda_item *out, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "SELECT " ITEM_COLS ITEM_FROM "WHERE a.id = ?1", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        item_row(st, out, clock_now());
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return g_err(err, G_ERR_NOTFOUND, _("Rendez-vous introuvable (n° %" PRId64 ")."), id);
    return G_OK;
}

g_status agenda_range(g_db *db, int64_t resource_id, int64_t from_at, int64_t to_at,
                      int include_cancelled, agenda_item **out, size_t *count, g_error *err)
{
    const char *sql =
        resource_id
            ? (include_cancelled
                   ? "SELECT " ITEM_COLS ITEM_FROM "WHERE a.resource_id = ?1 AND a.start_at >= ?2 "
                     "AND a.start_at < ?3 ORDER BY a.start_at, r.name, a.id"
                   : "SELECT " ITEM_COLS ITEM_FROM "WHERE a.resource_id = ?1 AND a.start_at >= ?2 "
                     "AND a.start_at < ?3 AND a." LIVE_SQL " ORDER BY a.start_at, r.name, a.id")
            : (include_cancelled
                   ? "SELECT " ITEM_COLS ITEM_FROM "WHERE ?1 = 0 AND a.start_at >= ?2 AND "
                     "a.start_at < ?3 ORDER BY a.start_at, r.name, a.id"
                   : "SELECT " ITEM_COLS ITEM_FROM "WHERE ?1 = 0 AND a.start_at >= ?2 AND "
                     "a.start_at < ?3 AND a." LIVE_SQL " ORDER BY a.start_at, r.name, a.id");
    sqlite3_stmt *st;
    g_status s = db_prepare(db, sql, &st, err);
    if (s != G_OK) {
        *out = NULL;
        *count = 0;
        return s;
    }
    sqlite3_bind_int64(st, 1, resource_id);
    sqlite3_bind_int64(st, 2, from_at);
    sqlite3_bind_int64(st, 3, to_at);
    return collect_items(db, st, out, count, err);
}

g_status agenda_visitor_list(g_db *db, int64_t visitor_id, agenda_item **out, size_t *count,
                             g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT " ITEM_COLS ITEM_FROM "WHERE a.visitor_id = ?1 "
                            "ORDER BY a.start_at DESC, a.id DESC",
                            &st, err);
    if (s != G_OK) {
        *out = NULL;
        *count = 0;
        return s;
    }
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
        int live = status && strcmp(status, "excuse") != 0 && strcmp(status, "annule-service") != 0;
        if (!live)
            out->cancelled++;
        else if (start < now)
            out->past++;
        else if (!out->upcoming++)
            out->next_id = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, err, _("lecture des rendez-vous"));
    return G_OK;
}

void agenda_view_free(agenda_view *v)
{
    if (!v)
        return;
    free(v->items);
    free(v->gaps);
    free(v->resources);
    memset(v, 0, sizeof *v);
}

static int is_live(const agenda_item *it)
{
    return strcmp(it->status, "excuse") != 0 && strcmp(it->status, "annule-service") != 0;
}

/* Openings minus the live items (all chronological) -> gaps. */
static g_status compute_gaps(const agenda_opening *o, size_t no, const agenda_item *it, size_t ni,
                             agenda_gap **out, size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    size_t cap = 0;
    for (size_t i = 0; i < no; i++) {
        int64_t t = o[i].start_at;
        for (size_t k = 0; k <= ni; k++) {
            int last = k == ni;
            if (!last && (it[k].resource_id != o[i].resource_id || !is_live(&it[k]) ||
                          it[k].end_at <= o[i].start_at || it[k].start_at >= o[i].end_at))
                continue;
            int64_t e = last ? o[i].end_at : it[k].start_at;
            if (e > t) {
                if (grow((void **)out, &cap, *count, sizeof **out) != 0) {
                    free(*out);
                    *out = NULL;
                    *count = 0;
                    return nomem(err);
                }
                (*out)[(*count)++] = (agenda_gap){o[i].resource_id, t, e};
            }
            if (!last && it[k].end_at > t)
                t = it[k].end_at;
        }
    }
    return G_OK;
}

static int cmp_gap(const void *a, const void *b)
{
    const agenda_gap *x = a, *y = b;
    if (x->start_at != y->start_at)
        return x->start_at < y->start_at ? -1 : 1;
    return x->resource_id < y->resource_id ? -1 : x->resource_id > y->resource_id;
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
    agenda_opening *o;
    size_t no;
    if ((s = agenda_openings(db, resource_id, from, to, &o, &no, err)) != G_OK) {
        agenda_view_free(v);
        return s;
    }
    s = compute_gaps(o, no, v->items, v->nitems, &v->gaps, &v->ngaps, err);
    if (s == G_OK && v->ngaps > 1)
        qsort(v->gaps, v->ngaps, sizeof *v->gaps, cmp_gap);
    /* the resources shown: with an opening or an appointment in the period */
    agenda_resource *all = NULL;
    size_t nall = 0;
    if (s == G_OK)
        s = agenda_resource_list(db, 0, &all, &nall, err);
    if (s == G_OK && nall) {
        v->resources = malloc(nall * sizeof *v->resources);
        if (!v->resources)
            s = nomem(err);
        for (size_t i = 0; i < nall && s == G_OK; i++) {
            int shown = resource_id ? all[i].id == resource_id : 0;
            for (size_t k = 0; k < no && !shown; k++)
                shown = o[k].resource_id == all[i].id;
            for (size_t k = 0; k < v->nitems && !shown; k++)
                shown = v->items[k].resource_id == all[i].id;
            if (shown)
                v->resources[v->nresources++] = all[i];
        }
    }
    free(all);
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
    if (recur_date_parse(monday, &d) != 0)
        return g_err_field(err, G_ERR_INVALID, "date",
                           _("« %s » n'est pas une date valide (AAAA-MM-JJ)."),
                           monday ? monday : "");
    d -= recur_weekday(d) - 1;
    char from[11], to[11];
    recur_date_format(d, from);
    recur_date_format(d + 6, to);
    agenda_resource r;
    g_status s = agenda_resource_get(db, resource_id, &r, err);
    if (s != G_OK)
        return s;
    return build_view(db, resource_id, from, to, out, err);
}

g_status agenda_to_fill(g_db *db, int64_t before, size_t limit, agenda_item **out, size_t *count,
                        g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT " ITEM_COLS ITEM_FROM "WHERE a.status = 'a-venir' AND "
                            "a.start_at < ?1 ORDER BY a.start_at, r.name, a.id LIMIT ?2",
                            &st, err);
    if (s != G_OK) {
        *out = NULL;
        *count = 0;
        return s;
    }
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
    if (recur_date_parse(today, &d0) != 0)
        return g_err_field(err, G_ERR_INVALID, "date",
                           _("« %s » n'est pas une date valide (AAAA-MM-JJ)."), today ? today : "");
    for (int64_t d = d0 + 1; d <= d0 + 14; d++) {
        char day[11];
        recur_date_format(d, day);
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
        if (no == 0 && ni == 0) {
            free(it);
            continue;
        }
        /* keep those still to come */
        size_t w = 0;
        for (size_t i = 0; i < ni; i++)
            if (strcmp(it[i].status, "a-venir") == 0)
                it[w++] = it[i];
        snprintf(day_out, 11, "%s", day);
        *out = it;
        *count = w;
        if (w == 0) {
            free(it);
            *out = NULL;
        }
        return G_OK;
    }
    return G_OK;
}

/* --- changes to one appointment ---------------------------------------------------------- */

/* Begins a transaction and loads the appointment. */
static g_status begin_on(g_db *db, int64_t id, agenda_item *it, g_error *err)
{
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    if ((s = agenda_get(db, id, it, err)) != G_OK)
        db_rollback(db);
    return s;
}

static g_status finish(g_db *db, sqlite3_stmt *st, int64_t actor_id, const char *action,
                       const agenda_item *it, const char *detail, g_error *err)
{
    g_status s;
    if (sqlite3_step(st) != SQLITE_DONE) {
        s = insert_failed(db, err);
        sqlite3_finalize(st);
        db_rollback(db);
        return s;
    }
    sqlite3_finalize(st);
    if ((s = journal(db, actor_id, action, "appointment", it->uuid, detail, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    return G_OK;
}

static g_status refuse(g_db *db, g_error *err, g_status code, const char *field, const char *msg)
{
    db_rollback(db);
    return g_err_field(err, code, field, "%s", msg);
}

g_status agenda_reschedule(g_db *db, int64_t actor_id, int64_t id, int64_t new_resource_id,
                           int64_t new_start, g_error *err)
{
    agenda_item it;
    g_status s = begin_on(db, id, &it, err);
    if (s != G_OK)
        return s;
    if (strcmp(it.status, "a-venir") != 0)
        return refuse(db, err, G_ERR_CONFLICT, "status",
                      _("Seul un rendez-vous à venir peut être déplacé."));
    if (new_start < clock_now())
        return refuse(db, err, G_ERR_INVALID, "start",
                      _("Ce créneau est déjà passé : choisissez un créneau à venir."));
    agenda_resource r;
    agenda_motif m;
    if ((s = agenda_resource_get(db, new_resource_id ? new_resource_id : it.resource_id, &r,
                                 err)) != G_OK ||
        (s = agenda_motif_get(db, it.motif_id, &m, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    if (!r.active)
        return refuse(db, err, G_ERR_INVALID, "resource",
                      _("Cette ressource est archivée : on ne peut plus y prendre rendez-vous."));
    int64_t end = new_start + (int64_t)m.duration_min * 60;
    if ((s = check_slot(db, &r, &m, new_start, end, it.visitor_id, id, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "UPDATE appointment SET resource_id = ?2, start_at = ?3, end_at = ?4, "
                        "arrived_at = NULL, call_status = NULL, called_at = NULL, sequence = "
                        "sequence + 1, updated_at = ?5 WHERE id = ?1",
                        &st, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, r.id);
    sqlite3_bind_int64(st, 3, new_start);
    sqlite3_bind_int64(st, 4, end);
    sqlite3_bind_int64(st, 5, clock_now());
    char from[21], to[21], detail[200];
    iso_utc(it.start_at, from);
    iso_utc(new_start, to);
    snprintf(detail, sizeof detail, "%s -> %s resource:%s", from, to, r.uuid);
    return finish(db, st, actor_id, "appointment-move", &it, detail, err);
}

/* Why appointment it cannot be cancelled (G_ERR_CONFLICT), or G_OK. */
static g_status cancel_refusal(const agenda_item *it, g_error *err)
{
    if (strcmp(it->status, "a-venir") != 0)
        return g_err_field(err, G_ERR_CONFLICT, "status",
                           _("Ce rendez-vous n'est plus à venir : il ne peut pas être annulé."));
    if (it->arrived_at) {
        char t[6], msg[200];
        fmt_time(it->arrived_at, t);
        snprintf(msg, sizeof msg,
                 _("La personne est déjà arrivée : à %s. Le rendez-vous ne peut plus être "
                   "annulé."),
                 t);
        return g_err_field(err, G_ERR_CONFLICT, "arrived", "%s", msg);
    }
    return G_OK;
}

g_status agenda_cancel_check(g_db *db, int64_t id, g_error *err)
{
    agenda_item it;
    g_status s = agenda_get(db, id, &it, err);
    return s != G_OK ? s : cancel_refusal(&it, err);
}

g_status agenda_cancel(g_db *db, int64_t actor_id, int64_t id, const char *status,
                       const char *reason, g_error *err)
{
    if (!status || (strcmp(status, "excuse") != 0 && strcmp(status, "annule-service") != 0))
        return g_err_field(err, G_ERR_INVALID, "status",
                           _("Annulation : choisissez « excusé » ou « annulé par le service »."));
    if (strcmp(status, "annule-service") == 0 && (!reason || !*reason))
        return g_err_field(err, G_ERR_INVALID, "reason",
                           _("Indiquez la raison de l'annulation par le service."));
    g_status rs = fieldtext_check(reason, FIELDTEXT_LINE, "reason", _("Raison"), err);
    if (rs != G_OK)
        return rs;
    if (reason && strlen(reason) > 200)
        return g_err_field(err, G_ERR_INVALID, "reason",
                           _("La raison est trop longue (200 caractères au plus)."));
    agenda_item it;
    g_status s = begin_on(db, id, &it, err);
    if (s != G_OK)
        return s;
    if ((s = cancel_refusal(&it, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "UPDATE appointment SET status = ?2, cancel_reason = ?3, sequence = "
                        "sequence + 1, updated_at = ?4 WHERE id = ?1",
                        &st, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, status);
    db_bind_text(st, 3, reason ? reason : "");
    sqlite3_bind_int64(st, 4, clock_now());
    return finish(db, st, actor_id, "appointment-cancel", &it, status, err);
}

g_status agenda_mark_arrived(g_db *db, int64_t actor_id, int64_t id, g_error *err)
{
    agenda_item it;
    g_status s = begin_on(db, id, &it, err);
    if (s != G_OK)
        return s;
    if (strcmp(it.status, "excuse") == 0 || strcmp(it.status, "annule-service") == 0)
        return refuse(db, err, G_ERR_CONFLICT, "status",
                      _("Ce rendez-vous est annulé : rouvrez-en un nouveau pour cette personne."));
    if (it.arrived_at) {
        char t[6], msg[160];
        fmt_time(it.arrived_at, t);
        snprintf(msg, sizeof msg, _("Cette personne est déjà signalée arrivée (à %s)."), t);
        return refuse(db, err, G_ERR_EXISTS, "arrived", msg);
    }
    char today[11], day[11];
    int64_t now = clock_now();
    agenda_day_of(now, today);
    agenda_day_of(it.start_at, day);
    if (strcmp(today, day) != 0)
        return refuse(db, err, G_ERR_INVALID, "arrived",
                      _("L'arrivée ne peut être notée que le jour du rendez-vous."));
    sqlite3_stmt *st;
    if ((s = db_prepare(db, "UPDATE appointment SET arrived_at = ?2, updated_at = ?2 WHERE id = ?1",
                        &st, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    if (sqlite3_step(st) != SQLITE_DONE) {
        s = db_fail(db, err, _("arrivée"));
        sqlite3_finalize(st);
        db_rollback(db);
        return s;
    }
    sqlite3_finalize(st);
    if ((s = agenda_arrival_hook(db, actor_id, &it, now, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    char iso[21];
    iso_utc(now, iso);
    if ((s = journal(db, actor_id, "appointment-arrived", "appointment", it.uuid, iso, err)) !=
            G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    return G_OK;
}

g_status agenda_set_status(g_db *db, int64_t actor_id, int64_t id, const char *status, g_error *err)
{
    if (!status || (strcmp(status, "honore") != 0 && strcmp(status, "absent") != 0))
        return g_err_field(err, G_ERR_INVALID, "status",
                           _("Statut inconnu : choisissez « honoré » ou « absent »."));
    agenda_item it;
    g_status s = begin_on(db, id, &it, err);
    if (s != G_OK)
        return s;
    if (strcmp(it.status, "excuse") == 0 || strcmp(it.status, "annule-service") == 0)
        return refuse(db, err, G_ERR_CONFLICT, "status",
                      _("Ce rendez-vous a été annulé : il ne peut pas être qualifié."));
    if (clock_now() < it.start_at)
        return refuse(db, err, G_ERR_CONFLICT, "status",
                      _("Le rendez-vous n'a pas encore commencé : notez l'arrivée, puis "
                        "« honoré » ou « absent » après l'heure du rendez-vous."));
    if (strcmp(status, "absent") == 0 && it.arrived_at)
        return refuse(db, err, G_ERR_CONFLICT, "status",
                      _("Cette personne a été signalée arrivée : elle ne peut pas être notée "
                        "absente."));
    if (strcmp(it.status, status) == 0) {
        db_rollback(db);
        return G_OK;
    }
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "UPDATE appointment SET status = ?2, sequence = sequence + 1, "
                        "updated_at = ?3 WHERE id = ?1",
                        &st, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, status);
    sqlite3_bind_int64(st, 3, clock_now());
    char detail[64];
    snprintf(detail, sizeof detail, "%s -> %s", it.status, status);
    return finish(db, st, actor_id, "appointment-status", &it, detail, err);
}

g_status agenda_set_call_status(g_db *db, int64_t actor_id, int64_t id, const char *call_status,
                                g_error *err)
{
    if (!in_list(call_status, call_statuses))
        return g_err_field(err, G_ERR_INVALID, "call",
                           _("Résultat d'appel inconnu : appelé, message laissé ou injoignable."));
    agenda_item it;
    g_status s = begin_on(db, id, &it, err);
    if (s != G_OK)
        return s;
    if (strcmp(it.status, "a-venir") != 0)
        return refuse(db, err, G_ERR_CONFLICT, "status",
                      _("Ce rendez-vous n'est plus à venir : pas d'appel de rappel."));
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "UPDATE appointment SET call_status = ?2, called_at = ?3, updated_at = "
                        "?3 WHERE id = ?1",
                        &st, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, call_status);
    sqlite3_bind_int64(st, 3, clock_now());
    return finish(db, st, actor_id, "appointment-call", &it, call_status, err);
}

const char *agenda_status_label(const char *status, int to_fill)
{
    if (!status)
        return "";
    if (strcmp(status, "a-venir") == 0)
        return to_fill ? _("À renseigner") : _("À venir");
    if (strcmp(status, "honore") == 0)
        return _("Rendez-vous honoré");
    if (strcmp(status, "excuse") == 0)
        return _("Annulé (excusé)");
    if (strcmp(status, "annule-service") == 0)
        return _("Annulé par le service");
    if (strcmp(status, "absent") == 0)
        return _("Absence non excusée");
    return status;
}
