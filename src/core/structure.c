/* structure.c — the structures of the directory (see structure.h). */
#include <stdio.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/structure.h"
#include "guichet/utf8.h"

g_status structure_validate(const g_structure *s, g_error *err)
{
    const struct {
        const char *value, *field;
        size_t limit;
    } texts[] = {
        {s->name, "name", SERVICE_NAME_CHARS},
        {s->address, "address", SERVICE_NAME_CHARS},
        {s->commune, "commune", 127},
        {s->phone, "phone", 63},
        {s->email, "email", 255},
        {s->web, "web", SERVICE_NAME_CHARS},
        {s->description, "description", SERVICE_DESCRIPTION_CHARS},
        {s->hours, "hours", SERVICE_HOURS_CHARS},
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        if (!utf8_valid(texts[i].value, strlen(texts[i].value)))
            return g_err_field(err, G_ERR_INVALID, texts[i].field,
                               _("texte illisible (ce n'est pas de l'UTF-8)"));
        size_t n = utf8_chars(texts[i].value);
        if (n > texts[i].limit)
            return g_err_field(err, G_ERR_INVALID, texts[i].field,
                               _("texte trop long : %zu caractères, %zu au plus"), n,
                               texts[i].limit);
    }
    if (!s->source[0])
        return g_err_field(err, G_ERR_INVALID, "source", _("la source est obligatoire"));
    if (!s->source_id[0])
        return g_err_field(err, G_ERR_INVALID, "source_id",
                           _("l'identifiant de la structure est obligatoire"));
    if (!s->name[0])
        return g_err_field(err, G_ERR_INVALID, "name", _("le nom de la structure est obligatoire"));
    if (s->siret[0]) {
        int ok = strlen(s->siret) == 14;
        for (const char *p = s->siret; ok && *p; p++)
            ok = *p >= '0' && *p <= '9';
        if (!ok)
            return g_err_field(err, G_ERR_INVALID, "siret",
                               _("SIRET « %s » invalide (14 chiffres attendus)"), s->siret);
    }
    if (s->postal_code[0] && !normalize_postal_valid(s->postal_code))
        return g_err_field(err, G_ERR_INVALID, "postal_code",
                           _("code postal « %s » invalide (5 chiffres attendus)"), s->postal_code);
    if (s->insee[0] && !normalize_insee_valid(s->insee))
        return g_err_field(err, G_ERR_INVALID, "insee",
                           _("code INSEE « %s » invalide (5 caractères attendus, 2A ou 2B pour "
                             "la Corse)"),
                           s->insee);
    return G_OK;
}

static int same(const g_structure *a, sqlite3_stmt *st)
{
    const char *cols[] = {a->name,  a->siret, a->address,       a->postal_code, a->commune,
                          a->insee, a->phone, a->email,         a->web,         a->description,
                          a->hours, NULL,     a->source_updated};
    for (int i = 0; i < 13; i++) {
        if (!cols[i])
            continue;
        const char *v = (const char *)sqlite3_column_text(st, i + 1);
        if (strcmp(cols[i], v ? v : "") != 0)
            return 0;
    }
    int had = sqlite3_column_type(st, 12) != SQLITE_NULL;
    if (had != a->has_position)
        return 0;
    return !had || (sqlite3_column_double(st, 12) == a->latitude &&
                    sqlite3_column_double(st, 14) == a->longitude);
}

g_status structure_store(g_db *db, g_structure *s, int *created, int *renamed, g_error *err)
{
    if (renamed)
        *renamed = 0;
    sqlite3_stmt *st;
    g_status rc = db_prepare(db,
                             "SELECT id, name, siret, address, postal_code, commune, insee, "
                             "phone, email, web, description, hours, latitude, source_updated, "
                             "longitude FROM structure WHERE source = ?1 AND source_id = ?2",
                             &st, err);
    if (rc != G_OK)
        return rc;
    db_bind_text(st, 1, s->source);
    db_bind_text(st, 2, s->source_id);
    int step = sqlite3_step(st);
    int exists = step == SQLITE_ROW;
    int unchanged = exists && same(s, st);
    s->id = exists ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return db_fail(db, err, _("lecture d'une structure"));
    *created = exists ? (unchanged ? -1 : 0) : 1;
    if (!unchanged) {
        rc = db_prepare(db,
                        exists ? "UPDATE structure SET name = ?3, siret = ?4, address = ?5, "
                                 "postal_code = ?6, commune = ?7, insee = ?8, phone = ?9, email = "
                                 "?10, web = ?11, description = ?12, hours = ?13, latitude = ?14, "
                                 "longitude = ?15, source_updated = ?16, updated_at = ?17 WHERE "
                                 "source = ?1 AND source_id = ?2"
                               : "INSERT INTO structure (source, source_id, name, siret, address, "
                                 "postal_code, commune, insee, phone, email, web, description, "
                                 "hours, latitude, longitude, source_updated, created_at, "
                                 "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                                 "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)",
                        &st, err);
        if (rc != G_OK)
            return rc;
        const char *texts[] = {s->source,      s->source_id,   s->name,  s->siret, s->address,
                               s->postal_code, s->commune,     s->insee, s->phone, s->email,
                               s->web,         s->description, s->hours};
        for (int i = 0; i < 13; i++)
            db_bind_text(st, i + 1, texts[i]);
        if (s->has_position) {
            sqlite3_bind_double(st, 14, s->latitude);
            sqlite3_bind_double(st, 15, s->longitude);
        }
        db_bind_text(st, 16, s->source_updated);
        sqlite3_bind_int64(st, 17, clock_now());
        step = sqlite3_step(st);
        sqlite3_finalize(st);
        if (step != SQLITE_DONE)
            return db_fail(db, err, _("enregistrement d'une structure"));
        if (!exists)
            s->id = sqlite3_last_insert_rowid(db_sql(db));
    }
    return directory_set_structure_name(db, s->source, s->source_id, s->name, renamed, err);
}

g_status structure_name(g_db *db, const char *source, const char *source_id, char *name,
                        size_t size, g_error *err)
{
    sqlite3_stmt *st;
    g_status rc =
        db_prepare(db, "SELECT name FROM structure WHERE source = ?1 AND source_id = ?2", &st, err);
    if (rc != G_OK)
        return rc;
    db_bind_text(st, 1, source);
    db_bind_text(st, 2, source_id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        db_column_text(st, 0, name, size);
    sqlite3_finalize(st);
    if (step == SQLITE_DONE)
        return g_err(err, G_ERR_NOTFOUND, _("Structure « %s » inconnue."), source_id);
    return step == SQLITE_ROW ? G_OK : db_fail(db, err, _("lecture d'une structure"));
}
