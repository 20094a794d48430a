/* agenda_resource.c — resources and motifs (see agenda_resource.h): their
 * rules, and their rows through the generic CRUD of agenda_store.c. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "agenda_internal.h"
#include "guichet/fieldtext.h"
#include "guichet/i18n.h"
#include "guichet/ref.h"

static const char *const kinds[] = {AGENDA_KIND_AGENT, AGENDA_KIND_PERMANENCE, AGENDA_KIND_ROOM,
                                    NULL};
const char *const agenda_places[] = {AGENDA_PLACE_ON_SITE, AGENDA_PLACE_PHONE, AGENDA_PLACE_HOME,
                                     AGENDA_PLACE_VIDEO, NULL};

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
    if (!agenda_in_list(r->kind, kinds))
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

#define RESOURCE_SELECT                                                                            \
    "SELECT id, uuid, kind, name, COALESCE(operator, ''), COALESCE(user_id, 0), place, active "    \
    "FROM resource "

static void resource_read(sqlite3_stmt *st, void *row)
{
    agenda_resource *r = row;
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

static void resource_bind(sqlite3_stmt *st, const void *row, int64_t now)
{
    const agenda_resource *r = row;
    db_bind_text(st, 2, r->kind);
    db_bind_text(st, 3, r->name);
    db_bind_text(st, 4, r->operator_code);
    sqlite3_bind_int64(st, 5, r->user_id);
    db_bind_text(st, 6, r->place);
    sqlite3_bind_int(st, 7, r->active ? 1 : 0);
    sqlite3_bind_int64(st, 8, now);
}

static const agenda_table resources = {
    .name = "resource",
    .get_sql = RESOURCE_SELECT "WHERE id = ?1",
    .row_size = sizeof(agenda_resource),
    .read = resource_read,
    .field = "resource",
    .not_found = N_("Ressource introuvable (n° %" PRId64 ")."),
    .reading = N_("lecture des ressources"),
    .insert_sql = "INSERT INTO resource (uuid, kind, name, operator, user_id, place, active, "
                  "created_at, updated_at) VALUES (?1, ?2, ?3, NULLIF(?4, ''), NULLIF(?5, 0), "
                  "?6, ?7, ?8, ?8)",
    .update_sql = "UPDATE resource SET kind = ?2, name = ?3, operator = NULLIF(?4, ''), "
                  "user_id = NULLIF(?5, 0), place = ?6, active = ?7, updated_at = ?8 WHERE id = ?1",
    .bind = resource_bind,
    .name_taken = N_("Une ressource s'appelle déjà « %s »."),
    .adding = N_("création de la ressource"),
    .updating = N_("modification de la ressource"),
};

g_status agenda_resource_add(g_db *db, int64_t actor_id, const agenda_resource *r, int64_t *id_out,
                             g_error *err)
{
    g_status s = resource_validate(r, err);
    if (s != G_OK)
        return s;
    char detail[200];
    snprintf(detail, sizeof detail, "%s %s", r->kind, r->name);
    return agenda_row_save(db, actor_id, &resources, 0, r, r->name, detail, id_out, err);
}

g_status agenda_resource_update(g_db *db, int64_t actor_id, const agenda_resource *r, g_error *err)
{
    g_status s = resource_validate(r, err);
    if (s != G_OK)
        return s;
    if (r->id <= 0)
        return g_err_field(err, G_ERR_NOTFOUND, "resource",
                           _("Ressource introuvable (n° %" PRId64 ")."), r->id);
    return agenda_row_save(db, actor_id, &resources, r->id, r, r->name, r->name, NULL, err);
}

g_status agenda_resource_get(g_db *db, int64_t id, agenda_resource *out, g_error *err)
{
    return agenda_row_get(db, &resources, id, out, err);
}

g_status agenda_resource_find(g_db *db, const char *id_or_name, agenda_resource *out, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            RESOURCE_SELECT "WHERE name = ?1 OR (CAST(id AS TEXT) = ?1) "
                                            "ORDER BY name = ?1 DESC LIMIT 1",
                            &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, id_or_name);
    s = agenda_row_first(db, &resources, st, out, err);
    if (s == G_ERR_NOTFOUND)
        return g_err_field(err, G_ERR_NOTFOUND, "resource",
                           _("Aucune ressource « %s » (indiquez son numéro ou son nom exact)."),
                           id_or_name);
    return s;
}

g_status agenda_resource_list(g_db *db, int active_only, agenda_resource **out, size_t *count,
                              g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status s =
        db_prepare(db, RESOURCE_SELECT "WHERE (?1 = 0 OR active = 1) ORDER BY name", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int(st, 1, active_only);
    return agenda_row_list(db, &resources, st, (void **)out, count, err);
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
    if (!agenda_in_list(m->place, agenda_places))
        return g_err_field(err, G_ERR_INVALID, "place",
                           _("Lieu inconnu : « %s » (sur-place, telephone, domicile ou visio)."),
                           m->place);
    if (m->capacity < 1 || m->capacity > 200)
        return g_err_field(err, G_ERR_INVALID, "capacity",
                           _("La capacité doit être comprise entre 1 et 200 personnes."));
    return G_OK;
}

#define MOTIF_SELECT                                                                               \
    "SELECT id, uuid, name, COALESCE(operator, ''), duration_min, place, capacity, to_bring, "     \
    "active FROM motif "

static void motif_read(sqlite3_stmt *st, void *row)
{
    agenda_motif *m = row;
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

static void motif_bind(sqlite3_stmt *st, const void *row, int64_t now)
{
    const agenda_motif *m = row;
    db_bind_text(st, 2, m->name);
    db_bind_text(st, 3, m->operator_code);
    sqlite3_bind_int(st, 4, m->duration_min);
    db_bind_text(st, 5, m->place);
    sqlite3_bind_int(st, 6, m->capacity);
    db_bind_text(st, 7, m->to_bring);
    sqlite3_bind_int(st, 8, m->active ? 1 : 0);
    sqlite3_bind_int64(st, 9, now);
}

static const agenda_table motifs = {
    .name = "motif",
    .get_sql = MOTIF_SELECT "WHERE id = ?1",
    .row_size = sizeof(agenda_motif),
    .read = motif_read,
    .field = "motif",
    .not_found = N_("Motif de rendez-vous introuvable (n° %" PRId64 ")."),
    .reading = N_("lecture des motifs"),
    .insert_sql = "INSERT INTO motif (uuid, name, operator, duration_min, place, capacity, "
                  "to_bring, active, created_at, updated_at) VALUES (?1, ?2, NULLIF(?3, ''), ?4, "
                  "?5, ?6, ?7, ?8, ?9, ?9)",
    .update_sql = "UPDATE motif SET name = ?2, operator = NULLIF(?3, ''), duration_min = ?4, "
                  "place = ?5, capacity = ?6, to_bring = ?7, active = ?8, updated_at = ?9 "
                  "WHERE id = ?1",
    .bind = motif_bind,
    .name_taken = NULL, /* two partners may both offer « Premier rendez-vous » */
    .adding = N_("création du motif"),
    .updating = N_("modification du motif"),
};

g_status agenda_motif_add(g_db *db, int64_t actor_id, const agenda_motif *m, int64_t *id_out,
                          g_error *err)
{
    g_status s = motif_validate(m, err);
    if (s != G_OK)
        return s;
    return agenda_row_save(db, actor_id, &motifs, 0, m, m->name, m->name, id_out, err);
}

g_status agenda_motif_update(g_db *db, int64_t actor_id, const agenda_motif *m, g_error *err)
{
    g_status s = motif_validate(m, err);
    if (s != G_OK)
        return s;
    if (m->id <= 0)
        return g_err_field(err, G_ERR_NOTFOUND, "motif",
                           _("Motif de rendez-vous introuvable (n° %" PRId64 ")."), m->id);
    return agenda_row_save(db, actor_id, &motifs, m->id, m, m->name, m->name, NULL, err);
}

g_status agenda_motif_get(g_db *db, int64_t id, agenda_motif *out, g_error *err)
{
    return agenda_row_get(db, &motifs, id, out, err);
}

g_status agenda_motif_list(g_db *db, int active_only, const char *operator_code, agenda_motif **out,
                           size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            MOTIF_SELECT "WHERE (?1 = 0 OR active = 1) AND (?2 IS NULL OR "
                                         "operator = ?2) ORDER BY COALESCE(operator, ''), name",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int(st, 1, active_only);
    db_bind_text(st, 2, operator_code);
    return agenda_row_list(db, &motifs, st, (void **)out, count, err);
}

const char *agenda_place_label(const char *place)
{
    if (!place)
        return "";
    if (strcmp(place, AGENDA_PLACE_ON_SITE) == 0)
        return _("Sur place");
    if (strcmp(place, AGENDA_PLACE_PHONE) == 0)
        return _("Par téléphone");
    if (strcmp(place, AGENDA_PLACE_HOME) == 0)
        return _("À domicile");
    if (strcmp(place, AGENDA_PLACE_VIDEO) == 0)
        return _("En visioconférence");
    return place;
}
