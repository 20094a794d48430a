/* referent.c — the partners' back-office referents (see guichet/referent.h);
 * the CSV import and export are in referent_csv.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "intake_internal.h"
#include "referent_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/hours.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/ref.h"
#include "guichet/referent.h"
#include "guichet/user.h"
#include "guichet/utf8.h"
#include "guichet/uuid.h"
#include "guichet/strbuf.h"

void referent_init(referent *r)
{
    memset(r, 0, sizeof *r);
}

/* ---- checks -------------------------------------------------------------- */

g_status referent_check_actor(g_db *db, int64_t actor_id, g_error *err)
{
    if (actor_id == 0)
        return G_OK;
    user_info u;
    g_error e = {0};
    if (user_get_by_id(db, actor_id, &u, &e) != G_OK || u.disabled || u.role != ROLE_RESPONSABLE)
        return g_err(err, G_ERR_DENIED, "%s",
                     _("Seul un responsable du site peut modifier les référents des "
                       "partenaires."));
    return G_OK;
}

/* A text field: no control character, at most max characters. */
static g_status check_text(const char *field, const char *label, const char *v, int max,
                           g_error *err)
{
    long n = intake_text_chars(v);
    if (n < 0)
        return g_err_field(err, G_ERR_INVALID, field,
                           _("%s : caractères illisibles ou de contrôle (retour à la ligne, "
                             "tabulation…) ; écrivez sur une ligne."),
                           label);
    if (n > max)
        return g_err_field(err, G_ERR_INVALID, field, _("%s : %ld caractères, %d au plus."), label,
                           n, max);
    return G_OK;
}

static g_status check_day(const char *field, const char *label, const char *v, char iso[11],
                          g_error *err)
{
    g_error e = {0};
    if (normalize_date(v, iso, &e) != G_OK)
        return g_err_field(err, G_ERR_INVALID, field,
                           _("%s : « %s » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)."), label,
                           v);
    return G_OK;
}

g_status referent_validate(const referent *r, g_error *err)
{
    int has_service = r->service_id > 0 || r->service_key[0];
    if (r->operator_code[0] && has_service)
        return g_err_field(err, G_ERR_INVALID, "operator", "%s",
                           _("Un référent est celui d'un opérateur OU d'un service local, pas des "
                             "deux."));
    if (!r->operator_code[0] && !has_service)
        return g_err_field(err, G_ERR_INVALID, "operator", "%s",
                           _("Indiquez l'opérateur partenaire ou le service dont c'est le "
                             "référent."));
    if (r->operator_code[0] && !ref_operator_find(r->operator_code))
        return g_err_field(err, G_ERR_INVALID, "operator",
                           _("Opérateur « %s » inconnu (codes : caf, cpam, france-titres…)."),
                           r->operator_code);
    g_status s;
    if (!r->name[0] || strspn(r->name, " ") == strlen(r->name))
        return g_err_field(err, G_ERR_INVALID, "name", "%s", _("Le nom du référent manque."));
    if ((s = check_text("name", _("Nom"), r->name, REFERENT_NAME_MAX, err)) != G_OK ||
        (s = check_text("role", _("Fonction"), r->role, REFERENT_ROLE_MAX, err)) != G_OK ||
        (s = check_text("email", _("Courriel"), r->email, REFERENT_EMAIL_MAX, err)) != G_OK ||
        (s = check_text("channel", _("Canal"), r->channel, REFERENT_CHANNEL_MAX, err)) != G_OK ||
        (s = check_text("days", _("Jours de réponse"), r->days, REFERENT_DAYS_MAX, err)) != G_OK ||
        (s = check_text("phone", _("Téléphone"), r->phone, 25, err)) != G_OK)
        return s;
    if (r->phone[0]) {
        char e164[NORMALIZE_PHONE_SIZE];
        g_error e = {0};
        if (normalize_phone(r->phone, e164, &e) != G_OK) /* its message names the field */
            return g_err_field(err, G_ERR_INVALID, "phone", "%s", e.msg);
    }
    if (r->email[0] && !normalize_email_valid(r->email))
        return g_err_field(err, G_ERR_INVALID, "email",
                           _("Courriel « %s » mal formé (nom@domaine.fr attendu)."), r->email);
    if (r->days[0]) {
        g_hours h;
        g_error e = {0};
        if (hours_parse(r->days, &h, &e) != G_OK)
            return g_err_field(err, G_ERR_INVALID, "days",
                               _("Jours de réponse « %s » : %s (ex. « Tu,Th 09:00-12:00 »)."),
                               r->days, e.msg);
    }
    char from[11] = "", to[11] = "";
    if (r->valid_from[0] &&
        (s = check_day("valid_from", _("Début"), r->valid_from, from, err)) != G_OK)
        return s;
    if (r->valid_to[0] && (s = check_day("valid_to", _("Fin"), r->valid_to, to, err)) != G_OK)
        return s;
    if (!from[0])
        clock_today(from);
    if (to[0] && strcmp(to, from) < 0)
        return g_err_field(err, G_ERR_INVALID, "valid_to", _("La fin (%s) précède le début (%s)."),
                           to, from);
    return G_OK;
}

void referent_canonical(referent *r)
{
    if (r->phone[0]) {
        char e164[NORMALIZE_PHONE_SIZE];
        if (normalize_phone(r->phone, e164, NULL) == G_OK)
            snprintf(r->phone, sizeof r->phone, "%s", e164);
    }
    char iso[11];
    if (r->valid_from[0] && normalize_date(r->valid_from, iso, NULL) == G_OK)
        snprintf(r->valid_from, sizeof r->valid_from, "%s", iso);
    if (!r->valid_from[0])
        clock_today(r->valid_from);
    if (r->valid_to[0] && normalize_date(r->valid_to, iso, NULL) == G_OK)
        snprintf(r->valid_to, sizeof r->valid_to, "%s", iso);
}

/* ---- reading ------------------------------------------------------------------ */

#define REFERENT_SELECT                                                                            \
    "SELECT r.id, r.uuid, ifnull(r.operator, ''), ifnull(r.service_id, 0), "                       \
    "ifnull(s.source || ':' || s.source_id, ''), ifnull(s.name, ''), r.name, r.role, r.phone, "    \
    "r.email, r.channel, r.days, r.valid_from, ifnull(r.valid_to, ''), "                           \
    "ifnull(r.replaces_id, 0), ifnull((SELECT n.id FROM referent n WHERE n.replaces_id = r.id "    \
    "ORDER BY n.id LIMIT 1), 0), r.created_at, r.updated_at "                                      \
    "FROM referent r LEFT JOIN service s ON s.id = r.service_id "

static void read_row(sqlite3_stmt *st, referent *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    db_column_text(st, 1, r->uuid, sizeof r->uuid);
    db_column_text(st, 2, r->operator_code, sizeof r->operator_code);
    r->service_id = sqlite3_column_int64(st, 3);
    db_column_text(st, 4, r->service_key, sizeof r->service_key);
    db_column_text(st, 5, r->service_name, sizeof r->service_name);
    db_column_text(st, 6, r->name, sizeof r->name);
    db_column_text(st, 7, r->role, sizeof r->role);
    db_column_text(st, 8, r->phone, sizeof r->phone);
    db_column_text(st, 9, r->email, sizeof r->email);
    db_column_text(st, 10, r->channel, sizeof r->channel);
    db_column_text(st, 11, r->days, sizeof r->days);
    db_column_text(st, 12, r->valid_from, sizeof r->valid_from);
    db_column_text(st, 13, r->valid_to, sizeof r->valid_to);
    r->replaces_id = sqlite3_column_int64(st, 14);
    r->replaced_by_id = sqlite3_column_int64(st, 15);
    r->created_at = sqlite3_column_int64(st, 16);
    r->updated_at = sqlite3_column_int64(st, 17);
}

g_status referent_get(g_db *db, int64_t id, referent *out, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db, REFERENT_SELECT "WHERE r.id = ?1", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_row(st, out);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return g_err(err, G_ERR_NOTFOUND, _("Aucun référent n'a le numéro %lld."), (long long)id);
    return rc == SQLITE_ROW ? G_OK : db_fail(db, err, _("lecture d'un référent"));
}

g_status referent_find_uuid(g_db *db, const char *uuid, referent *out, g_error *err)
{
    sqlite3_stmt *st;
    g_status s =
        db_prepare(db, REFERENT_SELECT "WHERE r.uuid = ?1 OR r.uuid = lower(?1)", &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, uuid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_row(st, out);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return g_err(err, G_ERR_NOTFOUND, _("Aucun référent n'a l'identifiant « %s »."), uuid);
    return rc == SQLITE_ROW ? G_OK : db_fail(db, err, _("lecture d'un référent"));
}

static int operator_rank(const char *code)
{
    if (!code[0])
        return 1000; /* local services after the national operators */
    int i = 0;
    for (const ref_operator *o = ref_operators; o->code; o++, i++)
        if (strcmp(o->code, code) == 0)
            return i;
    return 999;
}

static int list_order(const void *a, const void *b)
{
    const referent *x = a, *y = b;
    int c = operator_rank(x->operator_code) - operator_rank(y->operator_code);
    if (!c)
        c = strcmp(x->service_name, y->service_name);
    if (!c)
        c = strcmp(x->valid_from, y->valid_from);
    if (!c)
        c = strcmp(x->name, y->name);
    if (!c)
        c = x->id < y->id ? -1 : x->id > y->id;
    return c;
}

/* Runs a REFERENT_SELECT statement already bound, collecting its rows. */
static g_status collect_rows(g_db *db, sqlite3_stmt *st, referent **out, size_t *count,
                             g_error *err)
{
    *out = NULL;
    *count = 0;
    size_t cap = 0;
    int rc;
    g_status s = G_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*count == cap) {
            cap = cap ? cap * 2 : 16;
            referent *g = realloc(*out, cap * sizeof *g);
            if (!g) {
                s = g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
                break;
            }
            *out = g;
        }
        read_row(st, &(*out)[(*count)++]);
    }
    if (s == G_OK && rc != SQLITE_DONE)
        s = db_fail(db, err, _("lecture des référents"));
    sqlite3_finalize(st);
    if (s != G_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
    }
    return s;
}

g_status referent_list(g_db *db, const referent_filter *f, referent **out, size_t *count,
                       g_error *err)
{
    *out = NULL;
    *count = 0;
    referent_filter none = {0};
    if (!f)
        f = &none;
    char today[11];
    clock_today(today);
    const char *day = f->day && f->day[0] ? f->day : today;
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            REFERENT_SELECT
                            "WHERE (?1 = '' OR r.operator = ?1) AND (?2 = 0 OR r.service_id = ?2) "
                            "AND (?3 OR (r.valid_from <= ?4 AND (r.valid_to IS NULL OR r.valid_to "
                            ">= ?4)))",
                            &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, f->operator_code ? f->operator_code : "");
    sqlite3_bind_int64(st, 2, f->service_id);
    sqlite3_bind_int(st, 3, f->history ? 1 : 0);
    db_bind_text(st, 4, day);
    if ((s = collect_rows(db, st, out, count, err)) == G_OK && *count > 1)
        qsort(*out, *count, sizeof **out, list_order);
    return s;
}

g_status referent_for_operator(g_db *db, const char *operator_code, const char *day, referent **out,
                               size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    if (!operator_code || !operator_code[0])
        return G_OK;
    referent_filter f = {.operator_code = operator_code, .day = day};
    return referent_list(db, &f, out, count, err);
}

g_status referent_for_service(g_db *db, int64_t service_id, const char *day, referent **out,
                              size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    char op[32] = "";
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "SELECT ifnull(operator, '') FROM service WHERE id = ?1", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, service_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        db_column_text(st, 0, op, sizeof op);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return g_err(err, G_ERR_NOTFOUND, "%s", _("Ce service n'existe pas dans l'annuaire."));
    if (rc != SQLITE_ROW)
        return db_fail(db, err, _("lecture d'un service"));
    referent_filter f = {.service_id = service_id, .day = day};
    referent *own = NULL, *theirs = NULL;
    size_t nown = 0, ntheirs = 0;
    if ((s = referent_list(db, &f, &own, &nown, err)) != G_OK)
        return s;
    if ((s = referent_for_operator(db, op, day, &theirs, &ntheirs, err)) != G_OK) {
        free(own);
        return s;
    }
    if (nown + ntheirs == 0)
        return G_OK;
    referent *all = realloc(own, (nown + ntheirs) * sizeof *all);
    if (!all) {
        free(own);
        free(theirs);
        return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    }
    if (ntheirs)
        memcpy(all + nown, theirs, ntheirs * sizeof *all);
    free(theirs);
    *out = all;
    *count = nown + ntheirs;
    return G_OK;
}

g_status referent_history(g_db *db, int64_t id, referent **out, size_t *count, g_error *err)
{
    *out = NULL;
    *count = 0;
    referent r;
    g_status s = referent_get(db, id, &r, err);
    if (s != G_OK)
        return s;
    /* walk back to the first of the chain, then forward */
    int64_t first = r.id;
    for (int hop = 0; r.replaces_id && hop < 1000; hop++) {
        first = r.replaces_id;
        if ((s = referent_get(db, first, &r, err)) != G_OK)
            return s;
    }
    size_t cap = 0;
    for (int64_t cur = first; cur && *count < 1000;) {
        if ((s = referent_get(db, cur, &r, err)) != G_OK)
            break;
        if (*count == cap) {
            cap = cap ? cap * 2 : 8;
            referent *g = realloc(*out, cap * sizeof *g);
            if (!g) {
                s = g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
                break;
            }
            *out = g;
        }
        (*out)[(*count)++] = r;
        cur = r.replaced_by_id;
    }
    if (s != G_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
    }
    return s;
}

/* ---- writing --------------------------------------------------------------------- */

static g_status journal(g_db *db, int64_t actor_id, const char *action, const char *uuid,
                        const char *detail, g_error *err)
{
    char object[64];
    snprintf(object, sizeof object, "referent:%s", uuid);
    return audit_log(db, actor_id, action, object, detail, err);
}

static g_status service_exists(g_db *db, int64_t id, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "SELECT 1 FROM service WHERE id = ?1", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return g_err_field(err, G_ERR_NOTFOUND, "service", "%s",
                           _("Ce service n'existe pas dans l'annuaire."));
    return rc == SQLITE_ROW ? G_OK : db_fail(db, err, _("lecture d'un service"));
}

/* Inserts r (validated, canonical) inside a transaction. */
g_status referent_insert(g_db *db, referent *r, g_error *err)
{
    if (r->service_id && service_exists(db, r->service_id, err) != G_OK)
        return err ? err->code : G_ERR_NOTFOUND;
    uuid_new(r->uuid);
    int64_t now = clock_now();
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "INSERT INTO referent (uuid, operator, service_id, name, role, phone, "
                            "email, channel, days, valid_from, valid_to, replaces_id, created_at, "
                            "updated_at) VALUES (?1, nullif(?2, ''), nullif(?3, 0), ?4, ?5, ?6, "
                            "?7, ?8, ?9, ?10, nullif(?11, ''), nullif(?12, 0), ?13, ?13)",
                            &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, r->uuid);
    db_bind_text(st, 2, r->service_id ? "" : r->operator_code);
    sqlite3_bind_int64(st, 3, r->service_id);
    db_bind_text(st, 4, r->name);
    db_bind_text(st, 5, r->role);
    db_bind_text(st, 6, r->phone);
    db_bind_text(st, 7, r->email);
    db_bind_text(st, 8, r->channel);
    db_bind_text(st, 9, r->days);
    db_bind_text(st, 10, r->valid_from);
    db_bind_text(st, 11, r->valid_to);
    sqlite3_bind_int64(st, 12, r->replaces_id);
    sqlite3_bind_int64(st, 13, now);
    if ((s = db_step_done(db, st, _("enregistrement du référent"), err)) != G_OK)
        return s;
    r->id = sqlite3_last_insert_rowid(db_sql(db));
    r->created_at = r->updated_at = now;
    return G_OK;
}

g_status referent_add(g_db *db, int64_t actor_id, referent *r, g_error *err)
{
    if (r->id)
        return g_err(err, G_ERR_INVALID, "%s", _("Ce référent est déjà enregistré."));
    g_status s = referent_check_actor(db, actor_id, err);
    if (s != G_OK || (s = referent_validate(r, err)) != G_OK)
        return s;
    if (!r->service_id && r->service_key[0])
        return g_err_field(err, G_ERR_INVALID, "service", "%s",
                           _("Le service doit être choisi dans l'annuaire."));
    referent_canonical(r);
    r->replaces_id = 0;
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    if ((s = referent_insert(db, r, err)) != G_OK ||
        (s = journal(db, actor_id, "referent-add", r->uuid,
                     r->operator_code[0] ? r->operator_code : "service", err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        r->id = 0;
        return s;
    }
    return G_OK;
}

/* The names of the fields that differ between a and b, comma-separated. */
void referent_changed_fields(const referent *a, const referent *b, char *out, size_t size)
{
    out[0] = 0;
    struct {
        const char *name, *x, *y;
    } f[] = {
        {"nom", a->name, b->name},         {"fonction", a->role, b->role},
        {"telephone", a->phone, b->phone}, {"courriel", a->email, b->email},
        {"canal", a->channel, b->channel}, {"jours", a->days, b->days},
        {"fin", a->valid_to, b->valid_to},
    };
    strbuf sb;
    strbuf_init(&sb, out, size);
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        if (strcmp(f[i].x, f[i].y) != 0)
            strbuf_join(&sb, ",", f[i].name);
}

/* Inside a transaction: writes the editable fields of r over row r->id. */
g_status referent_write(g_db *db, const referent *r, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "UPDATE referent SET name = ?2, role = ?3, phone = ?4, email = ?5, "
                            "channel = ?6, days = ?7, valid_to = nullif(?8, ''), updated_at = ?9 "
                            "WHERE id = ?1",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, r->id);
    db_bind_text(st, 2, r->name);
    db_bind_text(st, 3, r->role);
    db_bind_text(st, 4, r->phone);
    db_bind_text(st, 5, r->email);
    db_bind_text(st, 6, r->channel);
    db_bind_text(st, 7, r->days);
    db_bind_text(st, 8, r->valid_to);
    sqlite3_bind_int64(st, 9, clock_now());
    return db_step_done(db, st, _("enregistrement du référent"), err);
}

g_status referent_update(g_db *db, int64_t actor_id, referent *r, g_error *err)
{
    g_status s = referent_check_actor(db, actor_id, err);
    if (s != G_OK)
        return s;
    referent old;
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    if ((s = referent_get(db, r->id, &old, err)) != G_OK)
        goto fail;
    /* the attachment, the start and the links are not edited here */
    snprintf(r->uuid, sizeof r->uuid, "%s", old.uuid);
    snprintf(r->operator_code, sizeof r->operator_code, "%s", old.operator_code);
    r->service_id = old.service_id;
    snprintf(r->service_key, sizeof r->service_key, "%s", old.service_key);
    snprintf(r->valid_from, sizeof r->valid_from, "%s", old.valid_from);
    r->replaces_id = old.replaces_id;
    if ((s = referent_validate(r, err)) != G_OK)
        goto fail;
    referent_canonical(r);
    char detail[128];
    referent_changed_fields(&old, r, detail, sizeof detail);
    if (!detail[0]) {
        db_rollback(db);
        return G_OK; /* nothing changed: nothing to journal */
    }
    if ((s = referent_write(db, r, err)) != G_OK ||
        (s = journal(db, actor_id, "referent-update", r->uuid, detail, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK)
        goto fail;
    return G_OK;
fail:
    db_rollback(db);
    return s;
}

/* day - 1 as YYYY-MM-DD */
static void day_before(const char *day, char out[11])
{
    int y = atoi(day), m = atoi(day + 5), d = atoi(day + 8);
    int64_t z = clock_days_from_civil(y, m, d) - 1;
    clock_civil_from_days(z, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* Inside a transaction: old ends the day before r->valid_from, r (attached
 * like old) starts then and names old. r is validated and canonical. */
g_status referent_do_replace(g_db *db, const referent *old, referent *r, g_error *err)
{
    char last[11];
    if (strcmp(r->valid_from, old->valid_from) <= 0)
        return g_err_field(err, G_ERR_CONFLICT, "valid_from",
                           _("Le remplaçant doit commencer après le début de %s (%s)."), old->name,
                           old->valid_from);
    if (old->replaced_by_id)
        return g_err(err, G_ERR_CONFLICT, _("%s a déjà été remplacé(e)."), old->name);
    day_before(r->valid_from, last);
    if (old->valid_to[0] && strcmp(old->valid_to, last) < 0)
        return g_err(err, G_ERR_CONFLICT,
                     _("%s a quitté ses fonctions le %s : ajoutez le nouveau référent sans "
                       "remplacement."),
                     old->name, old->valid_to);
    snprintf(r->operator_code, sizeof r->operator_code, "%s", old->operator_code);
    r->service_id = old->service_id;
    snprintf(r->service_key, sizeof r->service_key, "%s", old->service_key);
    r->replaces_id = old->id;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "UPDATE referent SET valid_to = ?2, updated_at = ?3 WHERE id = ?1",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, old->id);
    db_bind_text(st, 2, last);
    sqlite3_bind_int64(st, 3, clock_now());
    if ((s = db_step_done(db, st, _("fin du référent remplacé"), err)) != G_OK)
        return s;
    return referent_insert(db, r, err);
}

g_status referent_replace(g_db *db, int64_t actor_id, int64_t old_id, const char *from, referent *r,
                          g_error *err)
{
    g_status s = referent_check_actor(db, actor_id, err);
    if (s != G_OK)
        return s;
    referent old;
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    if ((s = referent_get(db, old_id, &old, err)) != G_OK)
        goto fail;
    /* the replacement belongs where the old one did; from may be
     * r->valid_from itself (a form that filled it): copied out first, an
     * snprintf into its own argument being undefined */
    char start[sizeof r->valid_from];
    snprintf(start, sizeof start, "%s", from ? from : "");
    snprintf(r->operator_code, sizeof r->operator_code, "%s", old.operator_code);
    r->service_id = old.service_id;
    snprintf(r->service_key, sizeof r->service_key, "%s", old.service_key);
    memcpy(r->valid_from, start, sizeof start);
    if ((s = referent_validate(r, err)) != G_OK)
        goto fail;
    referent_canonical(r);
    char detail[64];
    snprintf(detail, sizeof detail, "remplace referent:%s", old.uuid);
    if ((s = referent_do_replace(db, &old, r, err)) != G_OK ||
        (s = journal(db, actor_id, "referent-replace", r->uuid, detail, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK)
        goto fail;
    return G_OK;
fail:
    db_rollback(db);
    r->id = 0;
    return s;
}

g_status referent_end(g_db *db, int64_t actor_id, int64_t id, const char *last, g_error *err)
{
    g_status s = referent_check_actor(db, actor_id, err);
    if (s != G_OK)
        return s;
    char day[11];
    if (last && last[0]) {
        if ((s = check_day("valid_to", _("Fin"), last, day, err)) != G_OK)
            return s;
    } else {
        clock_today(day);
    }
    referent r;
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    if ((s = referent_get(db, id, &r, err)) != G_OK)
        goto fail;
    if (strcmp(day, r.valid_from) < 0) {
        s = g_err_field(err, G_ERR_INVALID, "valid_to", _("La fin (%s) précède le début (%s)."),
                        day, r.valid_from);
        goto fail;
    }
    if (r.valid_to[0] && strcmp(r.valid_to, day) <= 0) {
        s = g_err(err, G_ERR_CONFLICT, _("%s a déjà quitté ses fonctions le %s."), r.name,
                  r.valid_to);
        goto fail;
    }
    snprintf(r.valid_to, sizeof r.valid_to, "%s", day);
    if ((s = referent_write(db, &r, err)) != G_OK ||
        (s = journal(db, actor_id, "referent-end", r.uuid, day, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK)
        goto fail;
    return G_OK;
fail:
    db_rollback(db);
    return s;
}

/* ---- a card for the agent's copy ------------------------------------------------- */

void referent_describe(const referent *r, int64_t now, int width, char *buf, size_t size)
{
    if (!size)
        return;
    buf[0] = 0;
    if (width < 20)
        width = 20;
    strbuf b;
    strbuf_init_grow(&b);
    char line[2048]; /* one field and its label, whole: wrapped below */
    if (r->role[0])
        snprintf(line, sizeof line, "%s — %s", r->name, r->role);
    else
        snprintf(line, sizeof line, "%s", r->name);
    strbuf_wrap(&b, "", 2, width, line);
    if (r->phone[0] || r->email[0]) {
        char phone[40] = "";
        if (r->phone[0])
            normalize_phone_display(r->phone, phone, sizeof phone);
        if (phone[0] && r->email[0])
            snprintf(line, sizeof line, _("Tél. %s · %s"), phone, r->email);
        else if (phone[0])
            snprintf(line, sizeof line, _("Tél. %s"), phone);
        else
            snprintf(line, sizeof line, "%s", r->email);
        strbuf_wrap(&b, "  ", 4, width, line);
    }
    if (r->channel[0]) {
        snprintf(line, sizeof line, _("Canal dédié : %s"), r->channel);
        strbuf_wrap(&b, "  ", 4, width, line);
    }
    if (r->days[0]) {
        g_hours h;
        char words[512];
        if (hours_parse(r->days, &h, NULL) == G_OK) {
            hours_describe(&h, words, sizeof words);
            char joined[600];
            size_t o = 0;
            for (const char *p = words; *p && o + 4 < sizeof joined; p++) {
                if (*p == '\n') {
                    joined[o++] = ' ';
                    joined[o++] = ';';
                    joined[o++] = ' ';
                } else {
                    joined[o++] = *p;
                }
            }
            joined[o] = 0;
            snprintf(line, sizeof line, _("Répond : %s"), joined);
            strbuf_wrap(&b, "  ", 4, width, line);
            if (now > 0) {
                char status[128];
                hours_status(&h, now, status, sizeof status);
                snprintf(line, sizeof line, _("En ce moment : %s"), status);
                strbuf_wrap(&b, "  ", 4, width, line);
            }
        }
    }
    if (r->valid_to[0] && now >= 0) { /* now < 0: the caller shows the whole period */
        char d[11];
        normalize_date_display(r->valid_to, d);
        snprintf(line, sizeof line, _("En fonction jusqu'au %s"), d);
        strbuf_wrap(&b, "  ", 4, width, line);
    }
    if (!b.truncated)
        snprintf(buf, size, "%s", strbuf_str(&b));
    strbuf_free(&b);
}
