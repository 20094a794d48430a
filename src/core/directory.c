/* directory.c — the directory of partner services (see directory.h). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/uuid.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/directory.h"
#include "guichet/fieldtext.h"
#include "guichet/hours.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/ref.h"
#include "guichet/utf8.h"

const char *const directory_modes[] = {"en-presentiel", "a-distance", NULL};
const char *const directory_mode_labels[] = {N_("sur place"), N_("à distance"), NULL};
const char *const directory_fees[] = {
    "gratuit", "gratuit-sous-conditions", "payant", "adhesion", "pass-numerique", "autre", NULL};
const char *const directory_fee_labels[] = {N_("gratuit"),
                                            N_("gratuit sous conditions"),
                                            N_("payant"),
                                            N_("adhésion"),
                                            N_("pass numérique"),
                                            N_("autre"),
                                            NULL};

/* ---- validation ----------------------------------------------------------- */

static int valid_phone(const char *s)
{
    int digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!strchr(" +.()-", *p))
            return 0;
    }
    return digits >= 3;
}

/* A comma list whose items are all in codes; *bad gets the first unknown. */
static int valid_list(const char *s, const char *const *codes, char *bad, size_t bad_size)
{
    const char *p = s;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && *e != ',')
            e++;
        const char *end = e;
        while (end > p && end[-1] == ' ')
            end--;
        char item[64];
        snprintf(item, sizeof item, "%.*s", (int)(end - p), p);
        if (ref_index(codes, item) < 0) {
            snprintf(bad, bad_size, "%s", item);
            return 0;
        }
        p = e;
    }
    return 1;
}

/* A text field, its form name, its label and its limit in characters. */
typedef struct text_field {
    const char *value;
    const char *field;
    const char *label; /* N_() */
    size_t limit;
} text_field;

/* A source's update day: the one date parser (clock.c), from 1900 on. */
static int valid_day(const char *d)
{
    int64_t day;
    return clock_date_parse(d, &day) == 0 && day >= clock_days_from_civil(1900, 1, 1);
}

g_status directory_validate(const g_service *s, g_error *err)
{
    const text_field texts[] = {
        {s->name, "name", N_("Nom"), SERVICE_NAME_CHARS},
        {s->structure, "structure", N_("Structure"), SERVICE_NAME_CHARS},
        {s->description, "description", N_("Description"), SERVICE_DESCRIPTION_CHARS},
        {s->to_bring, "to_bring", N_("À apporter"), SERVICE_LONG_CHARS},
        {s->conditions, "conditions", N_("Conditions d'accès"), SERVICE_LONG_CHARS},
        {s->address, "address", N_("Adresse"), SERVICE_NAME_CHARS},
        {s->commune, "commune", N_("Commune"), 127},
        {s->phone, "phone", N_("Téléphone"), 63},
        {s->email, "email", N_("Courriel"), 255},
        {s->web, "web", N_("Site web"), SERVICE_NAME_CHARS},
        {s->hours, "hours", N_("Horaires"), SERVICE_HOURS_CHARS},
        {s->publics, "publics", N_("Publics"), 1023},
        {s->mobilisation, "mobilisation", N_("Modes de mobilisation"), 127},
        {s->mobilisable_by, "mobilisable_by", N_("Mobilisable par"), 31},
        {s->mobilisation_link, "mobilisation_link", N_("Lien de mobilisation"), 255},
        {s->eligibility, "eligibility", N_("Zone d'éligibilité"), 2047},
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        const text_field *t = &texts[i];
        /* the rule of every stored text (fieldtext.h): valid UTF-8, no
         * control character; a description may hold line breaks */
        g_status fs = fieldtext_check(
            t->value, t->value == s->description ? FIELDTEXT_MULTILINE : FIELDTEXT_LINE, t->field,
            _(t->label), err);
        if (fs != G_OK)
            return fs;
        size_t n = utf8_chars(t->value);
        if (n > t->limit)
            return g_err_field(err, G_ERR_INVALID, t->field,
                               _("texte trop long : %zu caractères, %zu au plus"), n, t->limit);
    }
    if (!s->source[0])
        return g_err_field(err, G_ERR_INVALID, "source", _("la source est obligatoire"));
    if (!s->source_id[0])
        return g_err_field(err, G_ERR_INVALID, "source_id",
                           _("l'identifiant du service est obligatoire"));
    if (!s->name[0])
        return g_err_field(err, G_ERR_INVALID, "name", _("le nom du service est obligatoire"));
    if (s->operator_code[0] && !ref_operator_find(s->operator_code))
        return g_err_field(err, G_ERR_INVALID, "operator", _("opérateur « %s » inconnu"),
                           s->operator_code);
    for (int i = 0; i < s->ntheme; i++)
        if (!ref_theme_find(s->themes[i]))
            return g_err_field(err, G_ERR_INVALID, "themes", _("thématique « %s » inconnue"),
                               s->themes[i]);
    if (s->postal_code[0] && !normalize_postal_valid(s->postal_code))
        return g_err_field(err, G_ERR_INVALID, "postal_code",
                           _("code postal « %s » invalide (5 chiffres attendus)"), s->postal_code);
    if (s->insee[0] && !normalize_insee_valid(s->insee))
        return g_err_field(err, G_ERR_INVALID, "insee",
                           _("code INSEE « %s » invalide (5 caractères attendus, 2A ou 2B pour "
                             "la Corse)"),
                           s->insee);
    if (s->phone[0] && !valid_phone(s->phone))
        return g_err_field(err, G_ERR_INVALID, "phone", _("numéro de téléphone « %s » invalide"),
                           s->phone);
    if (s->email[0] && !normalize_email_valid(s->email))
        return g_err_field(err, G_ERR_INVALID, "email", _("adresse électronique « %s » invalide"),
                           s->email);
    if (s->web[0] && strncmp(s->web, "https://", 8) != 0 && strncmp(s->web, "http://", 7) != 0)
        return g_err_field(err, G_ERR_INVALID, "web",
                           _("adresse web « %s » invalide (https://… attendu)"), s->web);
    if (s->mobilisation_link[0] && strncmp(s->mobilisation_link, "https://", 8) != 0 &&
        strncmp(s->mobilisation_link, "http://", 7) != 0)
        return g_err_field(err, G_ERR_INVALID, "mobilisation_link",
                           _("adresse web « %s » invalide (https://… attendu)"),
                           s->mobilisation_link);
    if (s->source_updated[0] && !valid_day(s->source_updated))
        return g_err_field(err, G_ERR_INVALID, "source_updated",
                           _("date de mise à jour « %s » impossible (AAAA-MM-JJ attendu)"),
                           s->source_updated);
    if (s->has_position &&
        (s->latitude < -90 || s->latitude > 90 || s->longitude < -180 || s->longitude > 180))
        return g_err_field(err, G_ERR_INVALID, "latitude",
                           _("position impossible (latitude %g, longitude %g)"), s->latitude,
                           s->longitude);
    char bad[64];
    if (!valid_list(s->modes, directory_modes, bad, sizeof bad))
        return g_err_field(err, G_ERR_INVALID, "modes",
                           _("mode d'accueil « %s » inconnu (en-presentiel ou a-distance)"), bad);
    if (!valid_list(s->fees, directory_fees, bad, sizeof bad))
        return g_err_field(err, G_ERR_INVALID, "fees", _("frais « %s » inconnus"), bad);
    return G_OK;
}

int directory_hours_warning(const g_service *s, char *msg, size_t size)
{
    if (!s->hours[0])
        return 0;
    g_hours h;
    g_error herr = {0};
    if (hours_parse(s->hours, &h, &herr) == G_OK)
        return 0;
    snprintf(msg, size, _("horaires « %s » gardés tels quels (guichet ne sait pas les lire : %s)"),
             s->hours, herr.msg);
    return 1;
}

/* ---- reading ---------------------------------------------------------------- */

#define SERVICE_COLUMNS                                                                            \
    "id, uuid, source, source_id, name, structure, ifnull(operator, ''), description, to_bring, "  \
    "address, postal_code, commune, insee, phone, email, web, hours, modes, fees, created_at, "    \
    "updated_at, structure_id, publics, conditions, mobilisation, mobilisable_by, "                \
    "mobilisation_link, eligibility, latitude, longitude, source_updated"

static void read_row(sqlite3_stmt *st, g_service *s)
{
    memset(s, 0, sizeof *s);
    s->id = sqlite3_column_int64(st, 0);
    db_column_text(st, 1, s->uuid, sizeof s->uuid);
    db_column_text(st, 2, s->source, sizeof s->source);
    db_column_text(st, 3, s->source_id, sizeof s->source_id);
    db_column_text(st, 4, s->name, sizeof s->name);
    db_column_text(st, 5, s->structure, sizeof s->structure);
    db_column_text(st, 6, s->operator_code, sizeof s->operator_code);
    db_column_text(st, 7, s->description, sizeof s->description);
    db_column_text(st, 8, s->to_bring, sizeof s->to_bring);
    db_column_text(st, 9, s->address, sizeof s->address);
    db_column_text(st, 10, s->postal_code, sizeof s->postal_code);
    db_column_text(st, 11, s->commune, sizeof s->commune);
    db_column_text(st, 12, s->insee, sizeof s->insee);
    db_column_text(st, 13, s->phone, sizeof s->phone);
    db_column_text(st, 14, s->email, sizeof s->email);
    db_column_text(st, 15, s->web, sizeof s->web);
    db_column_text(st, 16, s->hours, sizeof s->hours);
    db_column_text(st, 17, s->modes, sizeof s->modes);
    db_column_text(st, 18, s->fees, sizeof s->fees);
    s->created_at = sqlite3_column_int64(st, 19);
    s->updated_at = sqlite3_column_int64(st, 20);
    db_column_text(st, 21, s->structure_id, sizeof s->structure_id);
    db_column_text(st, 22, s->publics, sizeof s->publics);
    db_column_text(st, 23, s->conditions, sizeof s->conditions);
    db_column_text(st, 24, s->mobilisation, sizeof s->mobilisation);
    db_column_text(st, 25, s->mobilisable_by, sizeof s->mobilisable_by);
    db_column_text(st, 26, s->mobilisation_link, sizeof s->mobilisation_link);
    db_column_text(st, 27, s->eligibility, sizeof s->eligibility);
    s->has_position =
        sqlite3_column_type(st, 28) != SQLITE_NULL && sqlite3_column_type(st, 29) != SQLITE_NULL;
    s->latitude = sqlite3_column_double(st, 28);
    s->longitude = sqlite3_column_double(st, 29);
    db_column_text(st, 30, s->source_updated, sizeof s->source_updated);
}

static g_status read_themes(g_db *db, g_service *s, g_error *err)
{
    sqlite3_stmt *st;
    g_status rc = db_prepare(
        db, "SELECT theme FROM service_theme WHERE service_id = ?1 ORDER BY theme", &st, err);
    if (rc != G_OK)
        return rc;
    sqlite3_bind_int64(st, 1, s->id);
    s->ntheme = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        if (s->ntheme < SERVICE_MAX_THEMES)
            db_column_text(st, 0, s->themes[s->ntheme++], sizeof s->themes[0]);
    sqlite3_finalize(st);
    if (step != SQLITE_DONE)
        return db_fail(db, err, _("lecture des thématiques"));
    return G_OK;
}

static g_status get_where(g_db *db, const char *where, int64_t id, const char *a, const char *b,
                          g_service *out, g_error *err)
{
    char sql[768];
    snprintf(sql, sizeof sql, "SELECT " SERVICE_COLUMNS " FROM service WHERE %s", where);
    sqlite3_stmt *st;
    g_status rc = db_prepare(db, sql, &st, err);
    if (rc != G_OK)
        return rc;
    if (a) {
        db_bind_text(st, 1, a);
        db_bind_text(st, 2, b);
    } else {
        sqlite3_bind_int64(st, 1, id);
    }
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        read_row(st, out);
    sqlite3_finalize(st);
    if (step == SQLITE_DONE)
        return g_err(err, G_ERR_NOTFOUND, "%s", _("Ce service n'existe pas dans l'annuaire."));
    if (step != SQLITE_ROW)
        return db_fail(db, err, _("lecture d'un service"));
    return read_themes(db, out, err);
}

g_status directory_get(g_db *db, int64_t id, g_service *out, g_error *err)
{
    return get_where(db, "id = ?1", id, NULL, NULL, out, err);
}

g_status directory_get_by_source(g_db *db, const char *source, const char *source_id,
                                 g_service *out, g_error *err)
{
    return get_where(db, "source = ?1 AND source_id = ?2", 0, source, source_id, out, err);
}

int directory_same(const g_service *a, const g_service *b)
{
    const char *fa[] = {a->source,
                        a->source_id,
                        a->name,
                        a->structure,
                        a->operator_code,
                        a->description,
                        a->to_bring,
                        a->address,
                        a->postal_code,
                        a->commune,
                        a->insee,
                        a->phone,
                        a->email,
                        a->web,
                        a->hours,
                        a->modes,
                        a->fees,
                        a->structure_id,
                        a->publics,
                        a->conditions,
                        a->mobilisation,
                        a->mobilisable_by,
                        a->eligibility,
                        a->source_updated,
                        a->mobilisation_link};
    const char *fb[] = {b->source,
                        b->source_id,
                        b->name,
                        b->structure,
                        b->operator_code,
                        b->description,
                        b->to_bring,
                        b->address,
                        b->postal_code,
                        b->commune,
                        b->insee,
                        b->phone,
                        b->email,
                        b->web,
                        b->hours,
                        b->modes,
                        b->fees,
                        b->structure_id,
                        b->publics,
                        b->conditions,
                        b->mobilisation,
                        b->mobilisable_by,
                        b->eligibility,
                        b->source_updated,
                        b->mobilisation_link};
    for (size_t i = 0; i < sizeof fa / sizeof *fa; i++)
        if (strcmp(fa[i], fb[i]) != 0)
            return 0;
    if (a->has_position != b->has_position ||
        (a->has_position && (a->latitude != b->latitude || a->longitude != b->longitude)))
        return 0;
    if (a->ntheme != b->ntheme)
        return 0;
    /* themes as sets */
    for (int i = 0; i < a->ntheme; i++) {
        int found = 0;
        for (int j = 0; j < b->ntheme && !found; j++)
            found = strcmp(a->themes[i], b->themes[j]) == 0;
        if (!found)
            return 0;
    }
    return 1;
}

/* ---- writing ---------------------------------------------------------------- */

/* The search index is kept in step by hand (no triggers, see 003): the old
 * values leave the index before the row changes, the new ones enter after. */
static g_status fts_step(g_db *db, const char *sql, int64_t id, g_error *err)
{
    sqlite3_stmt *st;
    g_status rc = db_prepare(db, sql, &st, err);
    if (rc != G_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    return step == SQLITE_DONE ? G_OK : db_fail(db, err, _("index de recherche de l'annuaire"));
}

static g_status fts_remove(g_db *db, int64_t id, g_error *err)
{
    return fts_step(db,
                    "INSERT INTO service_fts (service_fts, rowid, name, description, structure) "
                    "SELECT 'delete', id, name, description, structure FROM service WHERE id = ?1",
                    id, err);
}

static g_status fts_add(g_db *db, int64_t id, g_error *err)
{
    return fts_step(db,
                    "INSERT INTO service_fts (rowid, name, description, structure) SELECT id, "
                    "name, description, structure FROM service WHERE id = ?1",
                    id, err);
}

g_status directory_store(g_db *db, g_service *s, g_error *err)
{
    int64_t now = clock_now();
    int insert = s->id == 0;
    sqlite3_stmt *st;
    g_status rc;
    if (!insert && (rc = fts_remove(db, s->id, err)) != G_OK)
        return rc;
    if (insert) {
        uuid_new(s->uuid);
        s->created_at = now;
        rc = db_prepare(db,
                        "INSERT INTO service (uuid, source, source_id, name, structure, operator, "
                        "description, to_bring, address, postal_code, commune, insee, phone, "
                        "email, web, hours, modes, fees, created_at, updated_at, structure_id, "
                        "publics, conditions, mobilisation, mobilisable_by, mobilisation_link, "
                        "eligibility, latitude, longitude, source_updated) VALUES (?1, ?2, "
                        "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
                        "?19, ?19, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)",
                        &st, err);
    } else {
        rc = db_prepare(db,
                        "UPDATE service SET source = ?2, source_id = ?3, name = ?4, structure = "
                        "?5, operator = ?6, description = ?7, to_bring = ?8, address = ?9, "
                        "postal_code = ?10, commune = ?11, insee = ?12, phone = ?13, email = ?14, "
                        "web = ?15, hours = ?16, modes = ?17, fees = ?18, updated_at = ?19, "
                        "structure_id = ?21, publics = ?22, conditions = ?23, mobilisation = ?24, "
                        "mobilisable_by = ?25, mobilisation_link = ?26, eligibility = ?27, "
                        "latitude = ?28, longitude = ?29, source_updated = ?30 WHERE id = ?20",
                        &st, err);
    }
    if (rc != G_OK)
        return rc;
    db_bind_text(st, 1, s->uuid);
    db_bind_text(st, 2, s->source);
    db_bind_text(st, 3, s->source_id);
    db_bind_text(st, 4, s->name);
    db_bind_text(st, 5, s->structure);
    db_bind_text(st, 6, s->operator_code[0] ? s->operator_code : NULL);
    db_bind_text(st, 7, s->description);
    db_bind_text(st, 8, s->to_bring);
    db_bind_text(st, 9, s->address);
    db_bind_text(st, 10, s->postal_code);
    db_bind_text(st, 11, s->commune);
    db_bind_text(st, 12, s->insee);
    db_bind_text(st, 13, s->phone);
    db_bind_text(st, 14, s->email);
    db_bind_text(st, 15, s->web);
    db_bind_text(st, 16, s->hours);
    db_bind_text(st, 17, s->modes);
    db_bind_text(st, 18, s->fees);
    sqlite3_bind_int64(st, 19, now);
    if (!insert)
        sqlite3_bind_int64(st, 20, s->id);
    db_bind_text(st, 21, s->structure_id);
    db_bind_text(st, 22, s->publics);
    db_bind_text(st, 23, s->conditions);
    db_bind_text(st, 24, s->mobilisation);
    db_bind_text(st, 25, s->mobilisable_by);
    db_bind_text(st, 26, s->mobilisation_link);
    db_bind_text(st, 27, s->eligibility);
    if (s->has_position) {
        sqlite3_bind_double(st, 28, s->latitude);
        sqlite3_bind_double(st, 29, s->longitude);
    } else {
        sqlite3_bind_null(st, 28);
        sqlite3_bind_null(st, 29);
    }
    db_bind_text(st, 30, s->source_updated);
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    if ((step & 0xff) == SQLITE_CONSTRAINT)
        return g_err_field(err, G_ERR_EXISTS, "source_id",
                           _("Un service de la source « %s » porte déjà l'identifiant « %s »."),
                           s->source, s->source_id);
    if (step != SQLITE_DONE)
        return db_fail(db, err, _("enregistrement d'un service"));
    if (insert)
        s->id = sqlite3_last_insert_rowid(db_sql(db));
    else if (sqlite3_changes(db_sql(db)) == 0)
        return g_err(err, G_ERR_NOTFOUND, "%s", _("Ce service n'existe plus dans l'annuaire."));
    s->updated_at = now;
    if ((rc = fts_add(db, s->id, err)) != G_OK)
        return rc;

    if ((rc = db_prepare(db, "DELETE FROM service_theme WHERE service_id = ?1", &st, err)) != G_OK)
        return rc;
    sqlite3_bind_int64(st, 1, s->id);
    step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step != SQLITE_DONE)
        return db_fail(db, err, _("enregistrement des thématiques"));
    if ((rc = db_prepare(db,
                         "INSERT OR IGNORE INTO service_theme (service_id, theme) VALUES (?1, ?2)",
                         &st, err)) != G_OK)
        return rc;
    for (int i = 0; i < s->ntheme; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, s->id);
        db_bind_text(st, 2, s->themes[i]);
        if (sqlite3_step(st) != SQLITE_DONE) {
            sqlite3_finalize(st);
            return db_fail(db, err, _("enregistrement des thématiques"));
        }
    }
    sqlite3_finalize(st);
    return G_OK;
}

g_status directory_set_structure_name(g_db *db, const char *source, const char *structure_id,
                                      const char *name, int *changed, g_error *err)
{
    if (changed)
        *changed = 0;
    sqlite3_stmt *st;
    g_status rc = db_prepare(db,
                             "SELECT id FROM service WHERE source = ?1 AND structure_id = ?2 AND "
                             "structure <> ?3 ORDER BY id",
                             &st, err);
    if (rc != G_OK)
        return rc;
    db_bind_text(st, 1, source);
    db_bind_text(st, 2, structure_id);
    db_bind_text(st, 3, name);
    int64_t ids[256];
    int n = 0, step;
    /* batches of 256, so memory stays flat whatever the structure offers */
    for (;;) {
        n = 0;
        while (n < 256 && (step = sqlite3_step(st)) == SQLITE_ROW)
            ids[n++] = sqlite3_column_int64(st, 0);
        if (n == 0)
            break;
        for (int i = 0; i < n; i++) {
            sqlite3_stmt *up;
            if ((rc = fts_remove(db, ids[i], err)) != G_OK)
                goto out;
            if ((rc = db_prepare(db,
                                 "UPDATE service SET structure = ?1, updated_at = ?2 WHERE id = ?3",
                                 &up, err)) != G_OK)
                goto out;
            db_bind_text(up, 1, name);
            sqlite3_bind_int64(up, 2, clock_now());
            sqlite3_bind_int64(up, 3, ids[i]);
            int ustep = sqlite3_step(up);
            sqlite3_finalize(up);
            if (ustep != SQLITE_DONE) {
                rc = db_fail(db, err, _("enregistrement d'un service"));
                goto out;
            }
            if ((rc = fts_add(db, ids[i], err)) != G_OK)
                goto out;
            if (changed)
                (*changed)++;
        }
        /* the rows just changed no longer match: start the query again */
        sqlite3_reset(st);
    }
    if (step != SQLITE_DONE && step != SQLITE_ROW)
        rc = db_fail(db, err, _("lecture des services d'une structure"));
out:
    sqlite3_finalize(st);
    return rc;
}

g_status directory_save(g_db *db, int64_t user_id, g_service *s, g_error *err)
{
    g_status rc = directory_validate(s, err);
    if (rc != G_OK)
        return rc;
    int insert = s->id == 0;
    g_service saved = *s;
    if ((rc = db_begin(db, err)) != G_OK)
        return rc;
    if ((rc = directory_store(db, s, err)) != G_OK)
        goto fail;
    char object[64];
    snprintf(object, sizeof object, "service:%s", s->uuid);
    if ((rc = audit_log(db, user_id, insert ? "service-add" : "service-edit", object, s->name,
                        err)) != G_OK)
        goto fail;
    if ((rc = db_commit(db, err)) != G_OK)
        goto fail;
    return G_OK;
fail:
    db_rollback(db);
    *s = saved; /* an insert that failed leaves no id behind */
    return rc;
}

/* ---- search ------------------------------------------------------------------- */

g_status directory_search(g_db *db, const directory_filter *f, int limit, directory_hit **out,
                          size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    char query[1024];
    int has_text = f && f->text && normalize_fts_query(f->text, query, sizeof query);
    const char *op = f && f->operator_code && f->operator_code[0] ? f->operator_code : NULL;
    const char *cat = f && f->category && f->category[0] ? f->category : NULL;
    const char *commune = f && f->commune && f->commune[0] ? f->commune : NULL;
    if (limit <= 0)
        limit = 50;

    static const char filters[] =
        " (?2 IS NULL OR (?2 = '" DIRECTORY_LOCAL "' AND s.operator IS NULL) OR s.operator = ?2)"
        " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM service_theme t WHERE t.service_id = s.id"
        " AND (t.theme = ?3 OR substr(t.theme, 1, length(?3) + 2) = ?3 || '--')))"
        " AND (?4 IS NULL OR s.commune = ?4 COLLATE NOCASE OR s.insee = ?4)";
    char sql[1536];
    if (has_text)
        snprintf(sql, sizeof sql,
                 "SELECT s.id, s.name, s.structure, ifnull(s.operator, ''), s.commune, s.phone, "
                 "s.hours FROM service_fts JOIN service s ON s.id = service_fts.rowid WHERE "
                 "service_fts MATCH ?1 AND%s ORDER BY bm25(service_fts, 10.0, 1.0, 3.0), s.name "
                 "LIMIT ?5",
                 filters);
    else
        snprintf(sql, sizeof sql,
                 "SELECT s.id, s.name, s.structure, ifnull(s.operator, ''), s.commune, s.phone, "
                 "s.hours FROM service s WHERE ?1 IS NULL AND%s ORDER BY s.name COLLATE NOCASE "
                 "LIMIT ?5",
                 filters);
    sqlite3_stmt *st;
    g_status rc = db_prepare(db, sql, &st, err);
    if (rc != G_OK)
        return rc;
    db_bind_text(st, 1, has_text ? query : NULL);
    db_bind_text(st, 2, op);
    db_bind_text(st, 3, cat);
    db_bind_text(st, 4, commune);
    sqlite3_bind_int(st, 5, limit);
    directory_hit *hits = calloc((size_t)limit, sizeof *hits);
    if (!hits) {
        sqlite3_finalize(st);
        return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    }
    size_t n = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW && n < (size_t)limit) {
        directory_hit *h = &hits[n++];
        h->id = sqlite3_column_int64(st, 0);
        db_column_text(st, 1, h->name, sizeof h->name);
        db_column_text(st, 2, h->structure, sizeof h->structure);
        db_column_text(st, 3, h->operator_code, sizeof h->operator_code);
        db_column_text(st, 4, h->commune, sizeof h->commune);
        db_column_text(st, 5, h->phone, sizeof h->phone);
        db_column_text(st, 6, h->hours, sizeof h->hours);
    }
    sqlite3_finalize(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        free(hits);
        return db_fail(db, err, _("recherche dans l'annuaire"));
    }
    if (n == 0) {
        free(hits);
        hits = NULL;
    }
    *out = hits;
    *count = n;
    return G_OK;
}

void directory_free_list(char **list, size_t count)
{
    for (size_t i = 0; list && i < count; i++)
        free(list[i]);
    free(list);
}

g_status directory_communes(g_db *db, char ***out, size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status rc = db_prepare(db,
                             "SELECT DISTINCT commune FROM service WHERE commune <> '' ORDER BY "
                             "commune COLLATE NOCASE",
                             &st, err);
    if (rc != G_OK)
        return rc;
    char **list = NULL;
    size_t n = 0, cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **grown = realloc(list, ncap * sizeof *grown);
            if (!grown)
                goto nomem;
            list = grown;
            cap = ncap;
        }
        const char *c = (const char *)sqlite3_column_text(st, 0);
        if (!(list[n] = strdup(c ? c : "")))
            goto nomem;
        n++;
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
        directory_free_list(list, n);
        return db_fail(db, err, _("lecture des communes"));
    }
    *out = list;
    *count = n;
    return G_OK;
nomem:
    sqlite3_finalize(st);
    directory_free_list(list, n);
    return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
}

g_status directory_count(g_db *db, int *count, g_error *err)
{
    sqlite3_stmt *st;
    g_status rc = db_prepare(db, "SELECT count(*) FROM service", &st, err);
    if (rc != G_OK)
        return rc;
    int step = sqlite3_step(st);
    *count = step == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return step == SQLITE_ROW ? G_OK : db_fail(db, err, _("comptage des services"));
}
