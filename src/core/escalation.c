/* escalation.c — files handed to a partner's referent (see
 * guichet/escalation.h). Built like orientation.c: a status machine, a
 * history row and a journal entry per change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "intake_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/escalation.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/ref.h"
#include "guichet/user.h"
#include "guichet/uuid.h"
#include "guichet/status.h"

const char *const escalation_statuses[] = {ESCAL_OPEN,    ESCAL_ANSWERED, ESCAL_RESOLVED,
                                           ESCAL_REFUSED, ESCAL_EXPIRED,  NULL};
const char *const escalation_status_labels[] = {N_("Transmis, en attente"),
                                                N_("Réponse reçue"),
                                                N_("Résolu"),
                                                N_("Refusé"),
                                                N_("Expiré"),
                                                NULL};

const char *escalation_status_label(const char *code)
{
    int i = code ? ref_index(escalation_statuses, code) : -1;
    return i < 0 ? "" : _(escalation_status_labels[i]);
}

int escalation_is_closed(const char *status)
{
    return status && (strcmp(status, ESCAL_RESOLVED) == 0 || strcmp(status, ESCAL_REFUSED) == 0 ||
                      strcmp(status, ESCAL_EXPIRED) == 0);
}

int escalation_can_become(const char *from, const char *to)
{
    if (!from || !to)
        return 0;
    if (strcmp(from, ESCAL_OPEN) == 0)
        return strcmp(to, ESCAL_ANSWERED) == 0 || strcmp(to, ESCAL_RESOLVED) == 0 ||
               strcmp(to, ESCAL_REFUSED) == 0 || strcmp(to, ESCAL_EXPIRED) == 0;
    if (strcmp(from, ESCAL_ANSWERED) == 0)
        return strcmp(to, ESCAL_RESOLVED) == 0 || strcmp(to, ESCAL_REFUSED) == 0;
    return 0;
}

g_status escalation_check_move(const char *from, const char *to, g_error *err)
{
    if (escalation_can_become(from, to))
        return G_OK;
    if (escalation_is_closed(from))
        return g_err(err, G_ERR_CONFLICT,
                     _("Ce dossier transmis est déjà clos (%s) : son statut ne change plus. "
                       "Transmettez-le à nouveau si besoin."),
                     escalation_status_label(from));
    if (from && to && strcmp(from, ESCAL_ANSWERED) == 0 && strcmp(to, ESCAL_ANSWERED) == 0)
        return g_err(err, G_ERR_CONFLICT,
                     _("Réponse déjà reçue : le dossier peut devenir « %s » ou « %s »."),
                     escalation_status_label(ESCAL_RESOLVED),
                     escalation_status_label(ESCAL_REFUSED));
    return g_err_field(err, G_ERR_CONFLICT, "status",
                       _("Un dossier « %s » ne peut pas devenir « %s »."),
                       escalation_status_label(from), escalation_status_label(to));
}

static g_status check_actor(g_db *db, int64_t actor_id, g_error *err)
{
    if (actor_id == 0)
        return G_OK;
    user_role role;
    return intake_actor_role(db, actor_id, &role, err);
}

static g_status check_text(const char *field, const char *v, int required, g_error *err)
{
    long n = intake_text_chars(v ? v : "");
    if (n < 0)
        return g_err_field(err, G_ERR_INVALID, field, "%s",
                           _("Caractères illisibles ou de contrôle : écrivez quelques mots sur une "
                             "ligne."));
    if (required && (n == 0 || strspn(v, " ") == strlen(v)))
        return g_err_field(err, G_ERR_INVALID, field, "%s",
                           _("Dites en quelques mots ce qui est transmis."));
    if (n > ESCALATION_TEXT_MAX)
        return g_err_field(err, G_ERR_INVALID, field,
                           _("Trop long : quelques mots suffisent (%d caractères au plus, rien de "
                             "confidentiel)."),
                           ESCALATION_TEXT_MAX);
    return G_OK;
}

static void today_plus(int days, char out[11])
{
    char today[11];
    clock_today(today);
    int y = atoi(today), m = atoi(today + 5), d = atoi(today + 8);
    clock_civil_from_days(clock_days_from_civil(y, m, d) + days, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* ---- reading --------------------------------------------------------------- */

#define ESCALATION_SELECT                                                                          \
    "SELECT e.id, e.uuid, ifnull(e.visitor_id, 0), ifnull(e.visit_id, 0), e.referent_id, "         \
    "e.subject, e.status, e.answer, e.followup_on, e.created_by, e.created_at, e.updated_at, "     \
    "r.name || CASE WHEN r.role <> '' THEN ' (' || r.role || ')' ELSE '' END, "                    \
    "ifnull(r.operator, ''), ifnull(s.name, ''), " VISITOR_LIST_NAME_SQL " "                       \
    "FROM escalation e JOIN referent r ON r.id = e.referent_id "                                   \
    "LEFT JOIN service s ON s.id = r.service_id LEFT JOIN visitor v ON v.id = e.visitor_id "

static void read_row(sqlite3_stmt *st, escalation *e)
{
    memset(e, 0, sizeof *e);
    e->id = sqlite3_column_int64(st, 0);
    db_column_text(st, 1, e->uuid, sizeof e->uuid);
    e->visitor_id = sqlite3_column_int64(st, 2);
    e->visit_id = sqlite3_column_int64(st, 3);
    e->referent_id = sqlite3_column_int64(st, 4);
    db_column_text(st, 5, e->subject, sizeof e->subject);
    db_column_text(st, 6, e->status, sizeof e->status);
    db_column_text(st, 7, e->answer, sizeof e->answer);
    db_column_text(st, 8, e->followup_on, sizeof e->followup_on);
    e->created_by = sqlite3_column_int64(st, 9);
    e->created_at = sqlite3_column_int64(st, 10);
    e->updated_at = sqlite3_column_int64(st, 11);
    db_column_text(st, 12, e->referent_name, sizeof e->referent_name);
    char op[32];
    db_column_text(st, 13, op, sizeof op);
    const ref_operator *o = op[0] ? ref_operator_find(op) : NULL;
    if (o)
        snprintf(e->partner, sizeof e->partner, "%s", o->name);
    else
        db_column_text(st, 14, e->partner, sizeof e->partner);
    db_column_text(st, 15, e->visitor_name, sizeof e->visitor_name);
}

g_status escalation_get(g_db *db, int64_t id, escalation *out, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db, ESCALATION_SELECT "WHERE e.id = ?1", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_row(st, out);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return g_err(err, G_ERR_NOTFOUND, "%s", _("Ce dossier transmis n'existe pas."));
    return rc == SQLITE_ROW ? G_OK : db_fail(db, err, _("lecture d'un dossier transmis"));
}

static g_status list(g_db *db, const char *sql, int64_t id, const char *text, escalation **out,
                     size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, sql, &st, err);
    if (s != G_OK)
        return s;
    if (text)
        db_bind_text(st, 1, text);
    else
        sqlite3_bind_int64(st, 1, id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*count == cap) {
            cap = cap ? cap * 2 : 8;
            escalation *g = realloc(*out, cap * sizeof *g);
            if (!g) {
                s = g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
                break;
            }
            *out = g;
        }
        read_row(st, &(*out)[(*count)++]);
    }
    if (s == G_OK && rc != SQLITE_DONE)
        s = db_fail(db, err, _("lecture des dossiers transmis"));
    sqlite3_finalize(st);
    if (s != G_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
    }
    return s;
}

/* The files to follow up on ?1 or before: the list's and the count's. */
#define FOLLOWUP_WHERE                                                                             \
    "WHERE e.status IN ('" ESCAL_OPEN "', '" ESCAL_ANSWERED "') AND e.followup_on <= ?1"

g_status escalation_list_followup(g_db *db, const char *day, escalation **out, size_t *count,
                                  g_error *err)
{
    return list(db, ESCALATION_SELECT FOLLOWUP_WHERE " ORDER BY e.followup_on, e.id", 0,
                day ? day : "", out, count, err);
}

g_status escalation_count_followup(g_db *db, const char *day, int *count, g_error *err)
{
    return db_count_text(db, "SELECT count(*) FROM escalation e " FOLLOWUP_WHERE, day, count,
                         _("lecture des dossiers transmis à relancer"), err);
}

g_status escalation_list_visitor(g_db *db, int64_t visitor_id, escalation **out, size_t *count,
                                 g_error *err)
{
    return list(db,
                ESCALATION_SELECT "WHERE e.visitor_id = ?1 ORDER BY e.created_at DESC, e.id DESC",
                visitor_id, NULL, out, count, err);
}

g_status escalation_history(g_db *db, int64_t id, escalation_event **out, size_t *count,
                            g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT h.at, h.user_id, ifnull(u.login, ''), ifnull(h.from_status, "
                            "''), h.to_status, h.detail FROM escalation_history h LEFT JOIN "
                            "app_user u ON u.id = h.user_id WHERE h.escalation_id = ?1 ORDER BY "
                            "h.at, h.id",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*count == cap) {
            cap = cap ? cap * 2 : 8;
            escalation_event *g = realloc(*out, cap * sizeof *g);
            if (!g) {
                s = g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
                break;
            }
            *out = g;
        }
        escalation_event *e = &(*out)[(*count)++];
        memset(e, 0, sizeof *e);
        e->at = sqlite3_column_int64(st, 0);
        e->user_id = sqlite3_column_int64(st, 1);
        db_column_text(st, 2, e->login, sizeof e->login);
        db_column_text(st, 3, e->from_status, sizeof e->from_status);
        db_column_text(st, 4, e->to_status, sizeof e->to_status);
        db_column_text(st, 5, e->detail, sizeof e->detail);
    }
    if (s == G_OK && rc != SQLITE_DONE)
        s = db_fail(db, err, _("lecture de l'historique"));
    sqlite3_finalize(st);
    if (s != G_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
    }
    return s;
}

/* ---- writing ------------------------------------------------------------------ */

static g_status add_history(g_db *db, int64_t id, int64_t actor_id, const char *from,
                            const char *to, const char *detail, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "INSERT INTO escalation_history (escalation_id, at, user_id, "
                            "from_status, to_status, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, clock_now());
    sqlite3_bind_int64(st, 3, actor_id);
    db_bind_text(st, 4, from);
    db_bind_text(st, 5, to);
    db_bind_text(st, 6, detail ? detail : "");
    return db_step_done(db, st, _("historique du dossier transmis"), err);
}

static g_status journal(g_db *db, int64_t actor_id, const char *action, const char *uuid,
                        const char *detail, g_error *err)
{
    char object[64];
    snprintf(object, sizeof object, "escalation:%s", uuid);
    return audit_log(db, actor_id, action, object, detail, err);
}

/* An int64 from a one-row query with ?1 = a; *found = row present. */
static g_status probe(g_db *db, const char *sql, int64_t a, int *found, char *text, size_t tsize,
                      g_error *err)
{
    *found = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, sql, &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, a);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *found = 1;
        if (text)
            db_column_text(st, 0, text, tsize);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? G_OK
                                                 : db_fail(db, err, _("lecture des données"));
}

g_status escalation_create(g_db *db, const g_config *cfg, int64_t actor_id,
                           const escalation_new *in, int64_t *id_out, g_error *err)
{
    g_status s = check_actor(db, actor_id, err);
    if (s != G_OK || (s = check_text("subject", in->subject, 1, err)) != G_OK)
        return s;
    char followup[11];
    if (in->followup_on && in->followup_on[0]) {
        g_error e = {0};
        if (normalize_date(in->followup_on, followup, &e) != G_OK)
            return g_err_field(err, G_ERR_INVALID, "followup_on",
                               _("Date de suivi « %s » invalide (AAAA-MM-JJ ou JJ/MM/AAAA)."),
                               in->followup_on);
    } else {
        today_plus(cfg ? cfg->orientation.followup_days : 10, followup);
    }
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    int found;
    char text[128], today[11];
    clock_today(today);
    if ((s = probe(db,
                   "SELECT 1 FROM visitor WHERE id = ?1 AND anonymised_at IS NULL AND "
                   "merged_into IS NULL",
                   in->visitor_id, &found, NULL, 0, err)) != G_OK)
        goto fail;
    if (!found) {
        s = g_err_field(err, G_ERR_NOTFOUND, "visitor", "%s",
                        _("Ce visiteur n'existe pas (ou sa fiche a été fusionnée ou "
                          "anonymisée)."));
        goto fail;
    }
    if (in->visit_id) {
        if ((s = probe(db, "SELECT 1 FROM visit WHERE id = ?1", in->visit_id, &found, NULL, 0,
                       err)) != G_OK)
            goto fail;
        if (!found) {
            s = g_err_field(err, G_ERR_NOTFOUND, "visit", "%s",
                            _("La demande indiquée n'existe pas."));
            goto fail;
        }
    }
    if ((s = probe(db, "SELECT ifnull(valid_to, '') FROM referent WHERE id = ?1", in->referent_id,
                   &found, text, sizeof text, err)) != G_OK)
        goto fail;
    if (!found) {
        s = g_err_field(err, G_ERR_NOTFOUND, "referent", "%s", _("Ce référent n'existe pas."));
        goto fail;
    }
    char from[11] = "";
    if ((s = probe(db, "SELECT valid_from FROM referent WHERE id = ?1", in->referent_id, &found,
                   from, sizeof from, err)) != G_OK)
        goto fail;
    if (strcmp(from, today) > 0 || (text[0] && strcmp(text, today) < 0)) {
        char d[11];
        normalize_date_display(text[0] && strcmp(text, today) < 0 ? text : from, d);
        s = g_err_field(err, G_ERR_CONFLICT, "referent",
                        text[0] && strcmp(text, today) < 0
                            ? _("Ce référent n'est plus en fonction depuis le %s : choisissez "
                                "celui qui le remplace.")
                            : _("Ce référent ne sera en fonction qu'à partir du %s."),
                        d);
        goto fail;
    }
    char uuid[UUID_TEXT_SIZE];
    uuid_new(uuid);
    int64_t now = clock_now();
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "INSERT INTO escalation (uuid, visitor_id, visit_id, referent_id, "
                        "subject, status, followup_on, created_by, created_at, updated_at) VALUES "
                        "(?1, ?2, nullif(?3, 0), ?4, ?5, '" ESCAL_OPEN "', ?6, ?7, ?8, ?8)",
                        &st, err)) != G_OK)
        goto fail;
    db_bind_text(st, 1, uuid);
    sqlite3_bind_int64(st, 2, in->visitor_id);
    sqlite3_bind_int64(st, 3, in->visit_id);
    sqlite3_bind_int64(st, 4, in->referent_id);
    db_bind_text(st, 5, in->subject);
    db_bind_text(st, 6, followup);
    sqlite3_bind_int64(st, 7, actor_id);
    sqlite3_bind_int64(st, 8, now);
    if ((s = db_step_done(db, st, _("enregistrement du dossier transmis"), err)) != G_OK)
        goto fail;
    int64_t id = sqlite3_last_insert_rowid(db_sql(db));
    char detail[64];
    snprintf(detail, sizeof detail, "referent:%lld suivi:%s", (long long)in->referent_id, followup);
    if ((s = add_history(db, id, actor_id, NULL, ESCAL_OPEN, "", err)) != G_OK ||
        (s = journal(db, actor_id, "escalation-add", uuid, detail, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK)
        goto fail;
    if (id_out)
        *id_out = id;
    return G_OK;
fail:
    db_rollback(db);
    return s;
}

/* Inside a transaction: the move itself. */
static g_status change_status(g_db *db, int64_t actor_id, int64_t id, const char *status,
                              const char *answer, g_error *err)
{
    escalation e;
    g_status s = escalation_get(db, id, &e, err);
    if (s != G_OK)
        return s;
    if ((s = escalation_check_move(e.status, status, err)) != G_OK)
        return s;
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "UPDATE escalation SET status = ?2, answer = CASE WHEN ?3 <> '' THEN ?3 "
                        "ELSE answer END, updated_at = ?4 WHERE id = ?1",
                        &st, err)) != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, status);
    db_bind_text(st, 3, answer ? answer : "");
    sqlite3_bind_int64(st, 4, clock_now());
    if ((s = db_step_done(db, st, _("changement de statut"), err)) != G_OK ||
        (s = add_history(db, id, actor_id, e.status, status, answer, err)) != G_OK)
        return s;
    char detail[48];
    snprintf(detail, sizeof detail, "%s -> %s", e.status, status);
    return journal(db, actor_id, "escalation-status", e.uuid, detail, err);
}

g_status escalation_set_status(g_db *db, int64_t actor_id, int64_t id, const char *status,
                               const char *answer, g_error *err)
{
    g_status s = check_actor(db, actor_id, err);
    if (s != G_OK)
        return s;
    if (!status || ref_index(escalation_statuses, status) < 0 || strcmp(status, ESCAL_OPEN) == 0)
        return g_err_field(err, G_ERR_INVALID, "status",
                           _("Statut « %s » inconnu : repondue, resolue, refusee ou expiree."),
                           status ? status : "");
    if (strcmp(status, ESCAL_REFUSED) == 0 && (!answer || strspn(answer, " ") == strlen(answer)))
        return g_err_field(err, G_ERR_INVALID, "answer", "%s",
                           _("Indiquez en quelques mots pourquoi le partenaire refuse."));
    if ((s = check_text("answer", answer, 0, err)) != G_OK)
        return s;
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    if ((s = change_status(db, actor_id, id, status, answer, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    return G_OK;
}

g_status escalation_set_followup(g_db *db, int64_t actor_id, int64_t id, const char *date,
                                 g_error *err)
{
    g_status s = check_actor(db, actor_id, err);
    if (s != G_OK)
        return s;
    char iso[11];
    g_error e = {0};
    if (normalize_date(date ? date : "", iso, &e) != G_OK)
        return g_err_field(err, G_ERR_INVALID, "followup_on",
                           _("Date de suivi « %s » invalide (AAAA-MM-JJ ou JJ/MM/AAAA)."),
                           date ? date : "");
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    escalation x;
    if ((s = escalation_get(db, id, &x, err)) != G_OK)
        goto fail;
    if (escalation_is_closed(x.status)) {
        s = g_err(err, G_ERR_CONFLICT, "%s",
                  _("Seul un dossier transmis qui n'est pas clos a une date de suivi."));
        goto fail;
    }
    sqlite3_stmt *st;
    if ((s = db_prepare(db, "UPDATE escalation SET followup_on = ?2, updated_at = ?3 WHERE id = ?1",
                        &st, err)) != G_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, iso);
    sqlite3_bind_int64(st, 3, clock_now());
    char detail[40];
    snprintf(detail, sizeof detail, "suivi:%s", iso);
    if ((s = db_step_done(db, st, _("changement de la date de suivi"), err)) != G_OK ||
        (s = journal(db, actor_id, "escalation-followup", x.uuid, detail, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK)
        goto fail;
    return G_OK;
fail:
    db_rollback(db);
    return s;
}

g_status escalation_expire_due(g_db *db, const g_config *cfg, int *count, g_error *err)
{
    if (count)
        *count = 0;
    int days = cfg ? cfg->orientation.expiry_days : 30;
    int64_t limit = clock_now() - (int64_t)days * 86400;
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "SELECT id FROM escalation WHERE status = '" ESCAL_OPEN
                        "' AND created_at <= ?1 "
                        "ORDER BY id",
                        &st, err)) != G_OK)
        goto fail;
    sqlite3_bind_int64(st, 1, limit);
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            int64_t *g = realloc(ids, cap * sizeof *g);
            if (!g) {
                rc = SQLITE_NOMEM;
                break;
            }
            ids = g;
        }
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(ids);
        s = rc == SQLITE_NOMEM ? g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM))
                               : db_fail(db, err, _("recherche des dossiers transmis échus"));
        goto fail;
    }
    for (size_t i = 0; i < n && s == G_OK; i++)
        s = change_status(db, 0, ids[i], ESCAL_EXPIRED, "", err);
    free(ids);
    if (s != G_OK || (s = db_commit(db, err)) != G_OK)
        goto fail;
    if (count)
        *count = (int)n;
    return G_OK;
fail:
    db_rollback(db);
    return s;
}
