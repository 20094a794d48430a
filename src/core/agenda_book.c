/* agenda_book.c — booking an appointment and every later change to it (see
 * agenda_book.h).
 *
 * The no-double-booking rule (agenda_slot_fit) is checked here inside one
 * BEGIN IMMEDIATE transaction (db_begin), which serialises every writer on
 * the file, and a second time by the triggers of 004_agenda.sql. A check
 * that cannot be made refuses the action. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda_internal.h"
#include "guichet/clock.h"
#include "guichet/status.h"
#include "guichet/fieldtext.h"
#include "guichet/i18n.h"

static const char *const call_statuses[] = {APPT_CALL_DONE, APPT_CALL_MESSAGE, APPT_CALL_NOREPLY,
                                            NULL};

const char *const agenda_statuses[] = {
    APPT_TO_COME, APPT_HONORED, APPT_EXCUSED, APPT_CANCELLED_BY_SERVICE, APPT_ABSENT, NULL};
const char *const agenda_origins[] = {AGENDA_ORIGIN_DESK, AGENDA_ORIGIN_PHONE,
                                      AGENDA_ORIGIN_PARTNER, NULL};

/* Checks that [start, end) of motif m may be held on resource r (inside a
 * transaction), with agenda_slot_fit on the openings and appointments read
 * now. visitor_id, when given, must not already be in that workshop
 * session. except_id = the appointment being moved (0 for a new one). */
static g_status check_slot(g_db *db, const agenda_resource *r, const agenda_motif *m, int64_t start,
                           int64_t end, int64_t visitor_id, int64_t except_id, g_error *err)
{
    char day[11], hs[6], he[6], date[11];
    agenda_day_of(start, day);
    agenda_fmt_time(start, hs);
    agenda_fmt_time(end, he);
    agenda_fmt_date_fr(start, date);
    agenda_opening *o = NULL;
    agenda_busy *b = NULL;
    size_t no = 0, nb = 0, culprit = 0;
    g_status s = agenda_openings_for(db, r->id, m->id, day, day, &o, &no, err);
    if (s == G_OK)
        s = agenda_load_busy(db, r->id, start, end, except_id, &b, &nb, err);
    if (s != G_OK) {
        free(o);
        return s;
    }
    agenda_fit fit = agenda_slot_fit(m, start, end, visitor_id, o, no, b, nb, &culprit);
    char bs[6] = "", be[6] = "";
    if (fit == AGENDA_FIT_TAKEN) {
        agenda_fmt_time(b[culprit].start_at, bs);
        agenda_fmt_time(b[culprit].end_at, be);
    }
    free(o);
    free(b);
    switch (fit) {
    case AGENDA_FIT_OUTSIDE:
        return g_err_field(err, G_ERR_INVALID, "start",
                           _("%s n'accueille pas « %s » le %s de %s à %s : choisissez un "
                             "créneau dans ses heures d'ouverture pour ce motif."),
                           r->name, m->name, date, hs, he);
    case AGENDA_FIT_TAKEN:
        return g_err_field(err, G_ERR_CONFLICT, "start",
                           _("Ce créneau vient d'être pris : %s a déjà un rendez-vous de %s à %s "
                             "le %s. Choisissez un autre créneau."),
                           r->name, bs, be, date);
    case AGENDA_FIT_ALREADY:
        return g_err_field(err, G_ERR_EXISTS, "visitor",
                           _("Cette personne est déjà inscrite à « %s » le %s à %s."), m->name,
                           date, hs);
    case AGENDA_FIT_FULL:
        return g_err_field(err, G_ERR_CONFLICT, "start",
                           _("Ce créneau vient d'être pris : l'atelier « %s » du %s à %s est "
                             "complet (%d places)."),
                           m->name, date, hs, m->capacity);
    case AGENDA_FIT_OK:
        break;
    }
    return G_OK;
}

/* *id = another live appointment of the visitor overlapping [start, end),
 * 0 when none. */
static g_status visitor_overlap(g_db *db, int64_t visitor_id, int64_t start, int64_t end,
                                int64_t except_id, int64_t *id, g_error *err)
{
    *id = 0;
    if (!visitor_id)
        return G_OK;
    sqlite3_stmt *st;
    g_status s =
        db_prepare(db,
                   "SELECT id FROM appointment WHERE visitor_id = ?1 AND start_at > ?2 - "
                   "28800 AND start_at < ?3 AND end_at > ?2 AND id <> ?4 AND " AGENDA_LIVE_SQL
                   " ORDER BY start_at LIMIT 1",
                   &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visitor_id);
    sqlite3_bind_int64(st, 2, start);
    sqlite3_bind_int64(st, 3, end);
    sqlite3_bind_int64(st, 4, except_id);
    s = db_step_row(db, st, _("lecture des rendez-vous de la personne"), err);
    if (s == G_OK)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return s == G_ERR_NOTFOUND ? G_OK : s;
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

/* The body of agenda_book_internal, inside its transaction. */
static g_status book_in_tx(g_db *db, int64_t actor_id, const agenda_booking *b, const char *origin,
                           agenda_book_result *res, g_error *err)
{
    agenda_resource r;
    agenda_motif m;
    g_status s;
    if ((s = agenda_resource_get(db, b->resource_id, &r, err)) != G_OK ||
        (s = agenda_motif_get(db, b->motif_id, &m, err)) != G_OK)
        return s;
    if (!r.active || !m.active)
        return g_err_field(err, G_ERR_INVALID, r.active ? "motif" : "resource",
                           _("« %s » est archivé : on ne peut plus y prendre rendez-vous."),
                           r.active ? m.name : r.name);
    int64_t end = b->start_at + (int64_t)m.duration_min * 60;
    if ((s = check_slot(db, &r, &m, b->start_at, end, b->visitor_id, 0, err)) != G_OK ||
        (s = visitor_overlap(db, b->visitor_id, b->start_at, end, 0, &res->overlap_id, err)) !=
            G_OK)
        return s;
    res->visitor_overlap = res->overlap_id != 0;
    uuid_new(res->uuid);
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "INSERT INTO appointment (uuid, resource_id, motif_id, visitor_id, "
                        "start_at, end_at, origin, comment, created_by, created_at, updated_at) "
                        "VALUES (?1, ?2, ?3, NULLIF(?4, 0), ?5, ?6, ?7, ?8, NULLIF(?9, 0), ?10, "
                        "?10)",
                        &st, err)) != G_OK)
        return s;
    db_bind_text(st, 1, res->uuid);
    sqlite3_bind_int64(st, 2, r.id);
    sqlite3_bind_int64(st, 3, m.id);
    sqlite3_bind_int64(st, 4, b->visitor_id);
    sqlite3_bind_int64(st, 5, b->start_at);
    sqlite3_bind_int64(st, 6, end);
    db_bind_text(st, 7, origin);
    db_bind_text(st, 8, b->comment ? b->comment : "");
    sqlite3_bind_int64(st, 9, actor_id);
    sqlite3_bind_int64(st, 10, clock_now());
    if (sqlite3_step(st) != SQLITE_DONE) {
        s = insert_failed(db, err);
        sqlite3_finalize(st);
        return s;
    }
    sqlite3_finalize(st);
    res->id = sqlite3_last_insert_rowid(db_sql(db));
    char iso[21], detail[200];
    agenda_iso_utc(b->start_at, iso);
    snprintf(detail, sizeof detail, "resource:%s motif:%s %s %s%s", r.uuid, m.uuid, iso, origin,
             res->visitor_overlap ? " chevauchement-usager" : "");
    return agenda_journal(db, actor_id, "appointment-book", "appointment", res->uuid, detail, err);
}

g_status agenda_book_internal(g_db *db, int64_t actor_id, const agenda_booking *b, int allow_past,
                              agenda_book_result *res, g_error *err)
{
    agenda_book_result local;
    if (!res)
        res = &local;
    memset(res, 0, sizeof *res);
    const char *origin = b->origin && *b->origin ? b->origin : AGENDA_ORIGIN_DESK;
    if (!agenda_in_list(origin, agenda_origins))
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
    if ((s = book_in_tx(db, actor_id, b, origin, res, err)) != G_OK ||
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

/* Runs the prepared change st, journals it and commits, or rolls back. */
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
    if ((s = agenda_journal(db, actor_id, action, "appointment", it->uuid, detail, err)) != G_OK ||
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
    if (strcmp(it.status, APPT_TO_COME) != 0)
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
    agenda_iso_utc(it.start_at, from);
    agenda_iso_utc(new_start, to);
    snprintf(detail, sizeof detail, "%s -> %s resource:%s", from, to, r.uuid);
    return finish(db, st, actor_id, "appointment-move", &it, detail, err);
}

/* Why appointment it cannot be cancelled (G_ERR_CONFLICT), or G_OK. */
static g_status cancel_refusal(const agenda_item *it, g_error *err)
{
    if (strcmp(it->status, APPT_TO_COME) != 0)
        return g_err_field(err, G_ERR_CONFLICT, "status",
                           _("Ce rendez-vous n'est plus à venir : il ne peut pas être annulé."));
    if (it->arrived_at) {
        char t[6];
        agenda_fmt_time(it->arrived_at, t);
        return g_err_field(err, G_ERR_CONFLICT, "arrived",
                           _("La personne est déjà arrivée : à %s. Le rendez-vous ne peut plus "
                             "être annulé."),
                           t);
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
    if (!status || !status_appointment_cancelled(status))
        return g_err_field(err, G_ERR_INVALID, "status",
                           _("Annulation : choisissez « excusé » ou « annulé par le service »."));
    if (strcmp(status, APPT_CANCELLED_BY_SERVICE) == 0 && (!reason || !*reason))
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
    if (status_appointment_cancelled(it.status))
        return refuse(db, err, G_ERR_CONFLICT, "status",
                      _("Ce rendez-vous est annulé : rouvrez-en un nouveau pour cette personne."));
    if (it.arrived_at) {
        char t[6];
        agenda_fmt_time(it.arrived_at, t);
        db_rollback(db);
        return g_err_field(err, G_ERR_EXISTS, "arrived",
                           _("Cette personne est déjà signalée arrivée (à %s)."), t);
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
    char iso[21];
    agenda_iso_utc(now, iso);
    if ((s = db_step_done(db, st, _("arrivée"), err)) != G_OK ||
        (s = agenda_arrival_hook(db, actor_id, &it, now, err)) != G_OK ||
        (s = agenda_journal(db, actor_id, "appointment-arrived", "appointment", it.uuid, iso,
                            err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    return G_OK;
}

g_status agenda_set_status(g_db *db, int64_t actor_id, int64_t id, const char *status, g_error *err)
{
    if (!status || (strcmp(status, APPT_HONORED) != 0 && strcmp(status, APPT_ABSENT) != 0))
        return g_err_field(err, G_ERR_INVALID, "status",
                           _("Statut inconnu : choisissez « honoré » ou « absent »."));
    agenda_item it;
    g_status s = begin_on(db, id, &it, err);
    if (s != G_OK)
        return s;
    if (status_appointment_cancelled(it.status))
        return refuse(db, err, G_ERR_CONFLICT, "status",
                      _("Ce rendez-vous a été annulé : il ne peut pas être qualifié."));
    if (clock_now() < it.start_at)
        return refuse(db, err, G_ERR_CONFLICT, "status",
                      _("Le rendez-vous n'a pas encore commencé : notez l'arrivée, puis "
                        "« honoré » ou « absent » après l'heure du rendez-vous."));
    if (strcmp(status, APPT_ABSENT) == 0 && it.arrived_at)
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
    if (!agenda_in_list(call_status, call_statuses))
        return g_err_field(err, G_ERR_INVALID, "call",
                           _("Résultat d'appel inconnu : appelé, message laissé ou injoignable."));
    agenda_item it;
    g_status s = begin_on(db, id, &it, err);
    if (s != G_OK)
        return s;
    if (strcmp(it.status, APPT_TO_COME) != 0)
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
    if (strcmp(status, APPT_TO_COME) == 0)
        return to_fill ? _("À renseigner") : _("À venir");
    if (strcmp(status, APPT_HONORED) == 0)
        return _("Rendez-vous honoré");
    if (strcmp(status, APPT_EXCUSED) == 0)
        return _("Annulé (excusé)");
    if (strcmp(status, APPT_CANCELLED_BY_SERVICE) == 0)
        return _("Annulé par le service");
    if (strcmp(status, APPT_ABSENT) == 0)
        return _("Absence non excusée");
    return status;
}
