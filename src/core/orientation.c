/* orientation.c — orientations and their follow-up (see orientation.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_internal.h"
#include "intake_internal.h"
#include "guichet/uuid.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/directory.h"
#include "guichet/i18n.h"
#include "guichet/fieldtext.h"
#include "guichet/orientation.h"
#include "guichet/ref.h"
#include "guichet/status.h"
#include "guichet/utf8.h"

const char *const orientation_statuses[] = {ORIENT_OPEN, ORIENT_ACCEPTED, ORIENT_REFUSED,
                                            ORIENT_EXPIRED, NULL};
const char *const orientation_status_labels[] = {N_("Ouverte"), N_("Validée"), N_("Refusée"),
                                                 N_("Expirée"), NULL};
const char *const orientation_refusals[] = {"injoignable",
                                            "ne-s-est-pas-presente",
                                            "indisponible-emploi",
                                            "indisponible-formation",
                                            "non-eligible",
                                            "non-mobile",
                                            "pas-interesse",
                                            "autres-freins",
                                            "session-complete",
                                            "orientation-en-double",
                                            "autre",
                                            NULL};
const char *const orientation_refusal_labels[] = {N_("Injoignable"),
                                                  N_("Ne s'est pas présenté(e)"),
                                                  N_("Indisponible (en emploi)"),
                                                  N_("Indisponible (en formation)"),
                                                  N_("Non éligible"),
                                                  N_("Non mobile"),
                                                  N_("Pas intéressé(e)"),
                                                  N_("Autres freins"),
                                                  N_("Session complète"),
                                                  N_("Orientation en double"),
                                                  N_("Autre motif"),
                                                  NULL};
const char *const orientation_contacts[] = {"telephone", "courriel", "par-l-agent", "autre", NULL};
const char *const orientation_contact_labels[] = {N_("Par téléphone"), N_("Par courriel"),
                                                  N_("Par l'intermédiaire de l'agent"), N_("Autre"),
                                                  NULL};

const char *orientation_label(const char *const *codes, const char *const *labels, const char *code)
{
    int i = code ? ref_index(codes, code) : -1;
    return i < 0 ? "" : _(labels[i]);
}

/* ---- the status machine (no database) -------------------------------------------- */

int orientation_is_closed(const char *status)
{
    return status && (strcmp(status, ORIENT_ACCEPTED) == 0 || strcmp(status, ORIENT_REFUSED) == 0 ||
                      strcmp(status, ORIENT_EXPIRED) == 0);
}

int orientation_can_become(const char *from, const char *to)
{
    if (!from || !to || strcmp(from, ORIENT_OPEN) != 0)
        return 0;
    return orientation_is_closed(to);
}

/* A closed orientation: why nothing changes it any more. */
static g_status closed_error(const char *status, g_error *err)
{
    return g_err(err, G_ERR_CONFLICT,
                 _("Cette orientation est close (%s) : orientez à nouveau si besoin."),
                 orientation_label(orientation_statuses, orientation_status_labels, status));
}

g_status orientation_check_move(const char *from, const char *to, g_error *err)
{
    if (orientation_can_become(from, to))
        return G_OK;
    if (orientation_is_closed(from))
        return closed_error(from, err);
    if (from && strcmp(from, ORIENT_OPEN) == 0)
        return g_err_field(err, G_ERR_CONFLICT, "status",
                           _("Une orientation ouverte ne peut devenir que validée, refusée ou "
                             "expirée (pas « %s »)."),
                           to ? to : "");
    return g_err_field(err, G_ERR_CONFLICT, "status",
                       _("Une orientation « %s » ne peut pas devenir « %s »."), from ? from : "",
                       to ? to : "");
}

g_status orientation_check_followup(const char *status, g_error *err)
{
    if (status && strcmp(status, ORIENT_OPEN) == 0)
        return G_OK;
    if (orientation_is_closed(status))
        return closed_error(status, err);
    return g_err(err, G_ERR_CONFLICT, "%s",
                 _("Seule une orientation ouverte a une date de suivi."));
}

/* ---- dates ------------------------------------------------------------------ */

/* today (site's zone) + days, as YYYY-MM-DD */
static void today_plus(int days, char out[11])
{
    char today[11];
    clock_today(today);
    int64_t n;
    if (clock_date_parse(today, &n) != 0) {
        snprintf(out, 11, "%s", today);
        return;
    }
    clock_date_format(n + days, out);
}

void orientation_default_followup(const g_config *cfg, char out[11])
{
    today_plus(cfg ? cfg->orientation.followup_days : 10, out);
}

/* ---- reading ------------------------------------------------------------------- */

#define ORIENTATION_SELECT                                                                         \
    "SELECT o.id, o.uuid, o.visitor_id, ifnull(o.visit_id, 0), o.service_id, o.theme, o.reason, "  \
    "o.contact, o.status, ifnull(o.refusal_reason, ''), o.followup_on, o.created_by, "             \
    "o.created_at, o.updated_at, s.name, s.phone, " VISITOR_LIST_NAME_SQL " "                      \
    "FROM orientation o JOIN service s ON s.id = o.service_id "                                    \
    "LEFT JOIN visitor v ON v.id = o.visitor_id "

static void read_row(sqlite3_stmt *st, g_orientation *o)
{
    memset(o, 0, sizeof *o);
    o->id = sqlite3_column_int64(st, 0);
    db_column_text(st, 1, o->uuid, sizeof o->uuid);
    o->visitor_id = sqlite3_column_int64(st, 2);
    o->visit_id = sqlite3_column_int64(st, 3);
    o->service_id = sqlite3_column_int64(st, 4);
    db_column_text(st, 5, o->theme, sizeof o->theme);
    db_column_text(st, 6, o->reason, sizeof o->reason);
    db_column_text(st, 7, o->contact, sizeof o->contact);
    db_column_text(st, 8, o->status, sizeof o->status);
    db_column_text(st, 9, o->refusal_reason, sizeof o->refusal_reason);
    db_column_text(st, 10, o->followup_on, sizeof o->followup_on);
    o->created_by = sqlite3_column_int64(st, 11);
    o->created_at = sqlite3_column_int64(st, 12);
    o->updated_at = sqlite3_column_int64(st, 13);
    db_column_text(st, 14, o->service_name, sizeof o->service_name);
    db_column_text(st, 15, o->service_phone, sizeof o->service_phone);
    db_column_text(st, 16, o->visitor_name, sizeof o->visitor_name);
}

g_status orientation_get(g_db *db, int64_t id, g_orientation *out, g_error *err)
{
    sqlite3_stmt *st;
    g_status rc = db_prepare(db, ORIENTATION_SELECT "WHERE o.id = ?1", &st, err);
    if (rc != G_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        read_row(st, out);
    sqlite3_finalize(st);
    if (step == SQLITE_DONE)
        return g_err(err, G_ERR_NOTFOUND, "%s", _("Cette orientation n'existe pas."));
    return step == SQLITE_ROW ? G_OK : db_fail(db, err, _("lecture d'une orientation"));
}

static g_status list(g_db *db, const char *sql, int64_t id, const char *text, g_orientation **out,
                     size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status rc = db_prepare(db, sql, &st, err);
    if (rc != G_OK)
        return rc;
    if (text)
        db_bind_text(st, 1, text);
    else
        sqlite3_bind_int64(st, 1, id);
    g_orientation *rows = NULL;
    size_t n = 0, cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            g_orientation *grown = realloc(rows, ncap * sizeof *grown);
            if (!grown) {
                sqlite3_finalize(st);
                free(rows);
                return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
            }
            rows = grown;
            cap = ncap;
        }
        read_row(st, &rows[n++]);
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
        free(rows);
        return db_fail(db, err, _("lecture des orientations"));
    }
    *out = rows;
    *count = n;
    return G_OK;
}

/* The open orientations to follow up on ?1 or before: the list's and the
 * count's. */
#define FOLLOWUP_WHERE "WHERE o.status = '" ORIENT_OPEN "' AND o.followup_on <= ?1"

g_status orientation_list_followup(g_db *db, const char *day, g_orientation **out, size_t *count,
                                   g_error *err)
{
    return list(db, ORIENTATION_SELECT FOLLOWUP_WHERE " ORDER BY o.followup_on, o.id", 0, day, out,
                count, err);
}

g_status orientation_count_followup(g_db *db, const char *day, int *count, g_error *err)
{
    return db_count_text(db, "SELECT count(*) FROM orientation o " FOLLOWUP_WHERE, day, count,
                         _("lecture des orientations à suivre"), err);
}

g_status orientation_list_visitor(g_db *db, int64_t visitor_id, g_orientation **out, size_t *count,
                                  g_error *err)
{
    return list(db,
                ORIENTATION_SELECT "WHERE o.visitor_id = ?1 ORDER BY o.created_at DESC, o.id DESC",
                visitor_id, NULL, out, count, err);
}

g_status orientation_history(g_db *db, int64_t id, orientation_event **out, size_t *count,
                             g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status rc = db_prepare(db,
                             "SELECT h.at, h.user_id, ifnull(u.login, ''), ifnull(h.from_status, "
                             "''), h.to_status, h.detail FROM orientation_history h LEFT JOIN "
                             "app_user u ON u.id = h.user_id WHERE h.orientation_id = ?1 ORDER "
                             "BY h.id",
                             &st, err);
    if (rc != G_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    orientation_event *rows = NULL;
    size_t n = 0, cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            orientation_event *grown = realloc(rows, ncap * sizeof *grown);
            if (!grown) {
                sqlite3_finalize(st);
                free(rows);
                return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
            }
            rows = grown;
            cap = ncap;
        }
        orientation_event *e = &rows[n++];
        memset(e, 0, sizeof *e);
        e->at = sqlite3_column_int64(st, 0);
        e->user_id = sqlite3_column_int64(st, 1);
        db_column_text(st, 2, e->login, sizeof e->login);
        db_column_text(st, 3, e->from_status, sizeof e->from_status);
        db_column_text(st, 4, e->to_status, sizeof e->to_status);
        db_column_text(st, 5, e->detail, sizeof e->detail);
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
        free(rows);
        return db_fail(db, err, _("lecture de l'historique"));
    }
    *out = rows;
    *count = n;
    return G_OK;
}

/* ---- writing --------------------------------------------------------------------- */

static g_status exists(g_db *db, const char *sql, int64_t id, int *found, g_error *err)
{
    sqlite3_stmt *st;
    g_status rc = db_prepare(db, sql, &st, err);
    if (rc != G_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return db_fail(db, err, _("vérification"));
    *found = step == SQLITE_ROW;
    return G_OK;
}

static g_status add_history(g_db *db, int64_t id, int64_t user_id, const char *from, const char *to,
                            const char *detail, g_error *err)
{
    sqlite3_stmt *st;
    g_status rc = db_prepare(db,
                             "INSERT INTO orientation_history (orientation_id, at, user_id, "
                             "from_status, to_status, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                             &st, err);
    if (rc != G_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, clock_now());
    sqlite3_bind_int64(st, 3, user_id);
    db_bind_text(st, 4, from);
    db_bind_text(st, 5, to);
    db_bind_text(st, 6, detail ? detail : "");
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    return step == SQLITE_DONE ? G_OK : db_fail(db, err, _("historique de l'orientation"));
}

g_status orientation_create(g_db *db, const g_config *cfg, int64_t user_id,
                            const orientation_new *in, int64_t *id_out, g_error *err)
{
    const char *theme = in->theme ? in->theme : "";
    const char *reason = in->reason ? in->reason : "";
    const char *contact = in->contact && in->contact[0] ? in->contact : "telephone";
    char followup[11];
    if (theme[0] && !ref_theme_find(theme))
        return g_err_field(err, G_ERR_INVALID, "theme", _("Thématique « %s » inconnue."), theme);
    g_status rs =
        fieldtext_check(reason, FIELDTEXT_LINE, "reason", _("Motif de l'orientation"), err);
    if (rs != G_OK)
        return rs;
    if (strlen(reason) > 300)
        return g_err_field(err, G_ERR_INVALID, "reason", "%s",
                           _("Le motif est trop long : quelques mots suffisent (300 caractères "
                             "au plus)."));
    if (ref_index(orientation_contacts, contact) < 0)
        return g_err_field(err, G_ERR_INVALID, "contact",
                           _("Préférence de contact « %s » "
                             "inconnue."),
                           contact);
    if (in->followup_on && in->followup_on[0]) {
        int64_t day;
        if (clock_date_parse(in->followup_on, &day) != 0)
            return g_err_field(err, G_ERR_INVALID, "followup_on",
                               _("Date de suivi « %s » invalide (AAAA-MM-JJ attendu)."),
                               in->followup_on);
        snprintf(followup, sizeof followup, "%s", in->followup_on);
    } else {
        orientation_default_followup(cfg, followup);
    }

    g_status rc = db_begin(db, err);
    if (rc != G_OK)
        return rc;
    int found = 0;
    if ((rc = exists(db, "SELECT 1 FROM visitor WHERE id = ?1 AND anonymised_at IS NULL",
                     in->visitor_id, &found, err)) != G_OK)
        goto fail;
    if (!found) {
        rc = g_err_field(err, G_ERR_NOTFOUND, "visitor", "%s",
                         _("Ce visiteur n'existe pas (ou sa fiche a été anonymisée)."));
        goto fail;
    }
    if ((rc = exists(db, "SELECT 1 FROM service WHERE id = ?1", in->service_id, &found, err)) !=
        G_OK)
        goto fail;
    if (!found) {
        rc = g_err_field(err, G_ERR_NOTFOUND, "service", "%s",
                         _("Ce service n'existe pas dans l'annuaire."));
        goto fail;
    }
    char uuid[37];
    uuid_new(uuid);
    int64_t now = clock_now();
    sqlite3_stmt *st;
    if ((rc = db_prepare(db,
                         "INSERT INTO orientation (uuid, visitor_id, visit_id, service_id, theme, "
                         "reason, contact, status, followup_on, created_by, created_at, "
                         "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '" ORIENT_OPEN
                         "', ?8, ?9, ?10, "
                         "?10)",
                         &st, err)) != G_OK)
        goto fail;
    db_bind_text(st, 1, uuid);
    sqlite3_bind_int64(st, 2, in->visitor_id);
    if (in->visit_id)
        sqlite3_bind_int64(st, 3, in->visit_id);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_int64(st, 4, in->service_id);
    db_bind_text(st, 5, theme);
    db_bind_text(st, 6, reason);
    db_bind_text(st, 7, contact);
    db_bind_text(st, 8, followup);
    sqlite3_bind_int64(st, 9, user_id);
    sqlite3_bind_int64(st, 10, now);
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
        rc = (step & 0xff) == SQLITE_CONSTRAINT
                 ? g_err_field(err, G_ERR_NOTFOUND, "visit", "%s",
                               _("La demande indiquée n'existe pas."))
                 : db_fail(db, err, _("enregistrement de l'orientation"));
        goto fail;
    }
    int64_t id = sqlite3_last_insert_rowid(db_sql(db));
    if ((rc = add_history(db, id, user_id, NULL, ORIENT_OPEN, "", err)) != G_OK)
        goto fail;
    char object[64], detail[64];
    snprintf(object, sizeof object, "orientation:%s", uuid);
    snprintf(detail, sizeof detail, "service:%lld suivi:%s", (long long)in->service_id, followup);
    if ((rc = audit_log(db, user_id, "orientation-add", object, detail, err)) != G_OK)
        goto fail;
    if ((rc = db_commit(db, err)) != G_OK)
        goto fail;
    if (id_out)
        *id_out = id;
    return G_OK;
fail:
    db_rollback(db);
    return rc;
}

/* Inside a transaction: moves one orientation, with history and journal. */
static g_status change_status(g_db *db, int64_t user_id, int64_t id, const char *status,
                              const char *refusal, g_error *err)
{
    sqlite3_stmt *st;
    g_status rc = db_prepare(db, "SELECT status, uuid FROM orientation WHERE id = ?1", &st, err);
    if (rc != G_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    char from[12] = "", uuid[37] = "";
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        db_column_text(st, 0, from, sizeof from);
        db_column_text(st, 1, uuid, sizeof uuid);
    }
    sqlite3_finalize(st);
    if (step == SQLITE_DONE)
        return g_err(err, G_ERR_NOTFOUND, "%s", _("Cette orientation n'existe pas."));
    if (step != SQLITE_ROW)
        return db_fail(db, err, _("lecture d'une orientation"));
    if ((rc = orientation_check_move(from, status, err)) != G_OK)
        return rc;
    if ((rc = db_prepare(db,
                         "UPDATE orientation SET status = ?2, refusal_reason = ?3, updated_at = "
                         "?4 WHERE id = ?1 AND status = '" ORIENT_OPEN "'",
                         &st, err)) != G_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, status);
    db_bind_text(st, 3, refusal);
    sqlite3_bind_int64(st, 4, clock_now());
    step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step != SQLITE_DONE)
        return db_fail(db, err, _("changement de statut"));
    if ((rc = add_history(db, id, user_id, from, status, refusal, err)) != G_OK)
        return rc;
    char object[64], detail[96];
    snprintf(object, sizeof object, "orientation:%s", uuid);
    snprintf(detail, sizeof detail, "%s -> %s%s%s", from, status, refusal ? " " : "",
             refusal ? refusal : "");
    return audit_log(db, user_id, "orientation-status", object, detail, err);
}

g_status orientation_set_status(g_db *db, int64_t user_id, int64_t id, const char *status,
                                const char *refusal, g_error *err)
{
    /* a status outside the machine is refused before reading the base */
    if (!orientation_can_become(ORIENT_OPEN, status))
        return orientation_check_move(ORIENT_OPEN, status, err);
    if (refusal && !refusal[0])
        refusal = NULL;
    if (strcmp(status, ORIENT_REFUSED) == 0) {
        if (!refusal)
            return g_err_field(err, G_ERR_INVALID, "refusal_reason", "%s",
                               _("Indiquez le motif du refus."));
        if (ref_index(orientation_refusals, refusal) < 0)
            return g_err_field(err, G_ERR_INVALID, "refusal_reason",
                               _("Motif de refus « %s » inconnu."), refusal);
    } else {
        refusal = NULL; /* only a refusal has a reason */
    }
    g_status rc = db_begin(db, err);
    if (rc != G_OK)
        return rc;
    if ((rc = change_status(db, user_id, id, status, refusal, err)) != G_OK ||
        (rc = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        return rc;
    }
    return G_OK;
}

g_status orientation_set_followup(g_db *db, int64_t user_id, int64_t id, const char *date,
                                  g_error *err)
{
    int64_t day;
    if (clock_date_parse(date, &day) != 0)
        return g_err_field(err, G_ERR_INVALID, "followup_on",
                           _("Date de suivi « %s » invalide (AAAA-MM-JJ attendu)."),
                           date ? date : "");
    g_status rc = db_begin(db, err);
    if (rc != G_OK)
        return rc;
    g_orientation o; /* read inside the write: nobody closes it meanwhile */
    if ((rc = orientation_get(db, id, &o, err)) != G_OK ||
        (rc = orientation_check_followup(o.status, err)) != G_OK)
        goto fail;
    sqlite3_stmt *st;
    if ((rc = db_prepare(db,
                         "UPDATE orientation SET followup_on = ?2, updated_at = ?3 WHERE id = ?1",
                         &st, err)) != G_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, date);
    sqlite3_bind_int64(st, 3, clock_now());
    if ((rc = db_step_done(db, st, _("changement de la date de suivi"), err)) != G_OK)
        goto fail;
    char object[64], detail[40];
    snprintf(object, sizeof object, "orientation:%s", o.uuid);
    snprintf(detail, sizeof detail, "suivi:%s", date);
    if ((rc = audit_log(db, user_id, "orientation-followup", object, detail, err)) != G_OK ||
        (rc = db_commit(db, err)) != G_OK)
        goto fail;
    return G_OK;
fail:
    db_rollback(db);
    return rc;
}

g_status orientation_expire_due(g_db *db, const g_config *cfg, int *count, g_error *err)
{
    int days = cfg ? cfg->orientation.expiry_days : 30;
    int64_t limit = clock_now() - (int64_t)days * 86400;
    if (count)
        *count = 0;
    g_status rc = db_begin(db, err);
    if (rc != G_OK)
        return rc;
    sqlite3_stmt *st;
    if ((rc = db_prepare(db,
                         "SELECT id FROM orientation WHERE status = '" ORIENT_OPEN
                         "' AND created_at <= "
                         "?1 ORDER BY id",
                         &st, err)) != G_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, limit);
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            int64_t *grown = realloc(ids, ncap * sizeof *grown);
            if (!grown) {
                step = SQLITE_NOMEM;
                break;
            }
            ids = grown;
            cap = ncap;
        }
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
        free(ids);
        rc = step == SQLITE_NOMEM ? g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM))
                                  : db_fail(db, err, _("recherche des orientations échues"));
        goto fail;
    }
    for (size_t i = 0; i < n; i++)
        if ((rc = change_status(db, 0, ids[i], ORIENT_EXPIRED, NULL, err)) != G_OK) {
            free(ids);
            goto fail;
        }
    free(ids);
    if ((rc = db_commit(db, err)) != G_OK)
        goto fail;
    if (count)
        *count = (int)n;
    return G_OK;
fail:
    db_rollback(db);
    return rc;
}
