/* visit.c — the day's queue and the requests (see guichet/visit.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_internal.h"
#include "intake_internal.h"
#include "guichet/uuid.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/commune.h"
#include "guichet/i18n.h"
#include "guichet/fieldtext.h"
#include "guichet/normalize.h"
#include "guichet/ref.h"
#include "guichet/visit.h"
#include "guichet/status.h"
#include "guichet/strbuf.h"

const char *const visit_outcomes[] = {"resolu", "a-suivre", "oriente", "rdv-pris", NULL};
const char *const visit_outcome_labels[] = {N_("Résolu"), N_("À suivre"), N_("Orienté"),
                                            N_("Rendez-vous pris"), NULL};
const char *const visit_states[] = {VISIT_WAITING, VISIT_IN_PROGRESS, VISIT_DONE, VISIT_LEFT, NULL};
const char *const visit_state_labels[] = {N_("En attente"), N_("En cours"), N_("Terminé"),
                                          N_("Parti sans être reçu"), NULL};

void visit_log_init(visit_log *log)
{
    memset(log, 0, sizeof *log);
    snprintf(log->channel, sizeof log->channel, "accueil-spontane");
    log->duration_min = -1;
}

/* ---- validation ------------------------------------------------------- */

g_status visit_log_validate(const visit_log *log, g_error *err)
{
    if (ref_index(ref_channels, log->channel) < 0)
        return g_err_field(err, G_ERR_INVALID, "channel",
                           _("Canal : choisissez accueil spontané, sur rendez-vous, téléphone, "
                             "courriel, itinérance, visio ou à domicile."));
    if (log->n_topics < 1 || log->n_topics > VISIT_TOPICS_MAX)
        return g_err_field(err, G_ERR_INVALID, "topics",
                           _("Objet : indiquez de 1 à %d partenaires ou thèmes."),
                           VISIT_TOPICS_MAX);
    if (ref_index(ref_help_types, log->help_type) < 0)
        return g_err_field(err, G_ERR_INVALID, "help_type",
                           _("Type d'aide : choisissez information, accompagnement ou "
                             "orientation."));
    int info = strcmp(log->help_type, "information") == 0;
    for (int i = 0; i < log->n_topics; i++) {
        const visit_topic *t = &log->topics[i];
        if (t->operator_code[0] && !ref_operator_find(t->operator_code))
            return g_err_field(err, G_ERR_INVALID, "topics",
                               _("Objet n° %d : partenaire inconnu « %s »."), i + 1,
                               t->operator_code);
        if (t->family[0] && !ref_family_find(t->family))
            return g_err_field(err, G_ERR_INVALID, "topics",
                               _("Objet n° %d : famille de démarches inconnue « %s »."), i + 1,
                               t->family);
        if (t->theme[0] && !ref_theme_find(t->theme))
            return g_err_field(err, G_ERR_INVALID, "topics",
                               _("Objet n° %d : thématique inconnue « %s »."), i + 1, t->theme);
        if (!t->family[0] && !t->theme[0] && (!info || !t->operator_code[0]))
            return g_err_field(err, G_ERR_INVALID, "topics",
                               info ? _("Objet n° %d : indiquez un partenaire ou un thème.")
                                    : _("Objet n° %d : précisez la famille de démarches ou la "
                                        "thématique."),
                               i + 1);
    }
    if (ref_index(ref_autonomies, log->autonomy) < 0)
        return g_err_field(err, G_ERR_INVALID, "autonomy",
                           _("Autonomie : choisissez entièrement accompagné, partiellement "
                             "autonome ou autonome."));
    if (log->duration_min < -1 || log->duration_min > VISIT_DURATION_MAX)
        return g_err_field(err, G_ERR_INVALID, "duration_min", _("Durée : de 0 à %d minutes."),
                           VISIT_DURATION_MAX);
    if (ref_index(visit_outcomes, log->outcome) < 0)
        return g_err_field(err, G_ERR_INVALID, "outcome",
                           _("Suite donnée : choisissez résolu, à suivre, orienté ou "
                             "rendez-vous pris."));
    long n = intake_text_chars(log->comment);
    if (n < 0)
        return fieldtext_check(log->comment, FIELDTEXT_LINE, "comment", _("Commentaire"), err);
    if (n > VISIT_COMMENT_MAX)
        return g_err_field(err, G_ERR_INVALID, "comment",
                           _("Commentaire : %d caractères au maximum (%ld tapés). Rien de "
                             "confidentiel ici : les notes confidentielles sont à part."),
                           VISIT_COMMENT_MAX, n);
    return G_OK;
}

static g_status anon_validate(const visit_anon *a, g_error *err)
{
    if (a->sex[0] && ref_index(ref_sexes, a->sex) < 0)
        return g_err_field(err, G_ERR_INVALID, "sex",
                           _("Sexe : choisissez Femme, Homme ou Non communiqué."));
    if (a->age_band[0] && ref_index(ref_age_bands, a->age_band) < 0)
        return g_err_field(err, G_ERR_INVALID, "age_band",
                           _("Tranche d'âge : choisissez dans la liste ou Non communiqué."));
    return commune_check_code(a->commune, err);
}

/* ---- helpers ---------------------------------------------------------- */

/* [start, end) of the site's current day, in UTC. */
static void today_bounds(int64_t *start, int64_t *end)
{
    char today[11];
    clock_today(today);
    if (clock_day_bounds(today, start, end) != 0)
        *start = *end = 0; /* cannot happen for a date clock_today wrote */
}

static g_status finish(g_db *db, g_status s, g_error *err)
{
    if (s == G_OK)
        return db_commit(db, err);
    db_rollback(db);
    return s;
}

/* The profile snapshot of a known visitor (sex, age band today, commune).
 * G_ERR_CONFLICT for a merged or anonymised file. Reads the five columns it
 * needs, not the whole file (visitor_get): it runs at every save. */
static g_status visitor_profile(g_db *db, int64_t visitor_id, visit_anon *p, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_stmt(db,
                         "SELECT sex, birth_date, commune, merged_into IS NOT NULL AND "
                         "merged_into <> 0, coalesce(anonymised_at, 0) <> 0 FROM visitor "
                         "WHERE id = ?",
                         &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visitor_id);
    char birth[64] = "";
    int merged = 0, anonymised = 0;
    s = db_step_row(db, st, _("lecture d'une fiche usager"), err);
    if (s == G_OK) {
        db_column_text(st, 0, p->sex, sizeof p->sex);
        db_column_text(st, 1, birth, sizeof birth);
        char commune[64];
        db_column_text(st, 2, commune, sizeof commune);
        snprintf(p->commune, sizeof p->commune, "%.5s", commune);
        merged = sqlite3_column_int(st, 3);
        anonymised = sqlite3_column_int(st, 4);
    }
    db_stmt_done(db, st);
    if (s == G_ERR_NOTFOUND)
        return g_err(err, G_ERR_NOTFOUND, _("Fiche usager introuvable (n° %" PRId64 ")."),
                     visitor_id);
    if (s != G_OK)
        return s;
    if (merged)
        return g_err(err, G_ERR_CONFLICT,
                     _("Cette fiche a été fusionnée avec une autre : ouvrez la fiche "
                       "conservée."));
    if (anonymised)
        return g_err(err, G_ERR_CONFLICT, _("Cette fiche a été anonymisée."));
    char today[11];
    clock_today(today);
    snprintf(p->age_band, sizeof p->age_band, "%s", ref_age_band(birth[0] ? birth : NULL, today));
    return G_OK;
}

/* The topics of a request; fresh = a request inserted in this transaction,
 * which has none yet. */
static g_status insert_topics(g_db *db, int64_t visit_id, const visit_log *log, int fresh,
                              g_error *err)
{
    sqlite3_stmt *st;
    g_status s = G_OK;
    if (!fresh) {
        if ((s = db_stmt(db, "DELETE FROM visit_topic WHERE visit_id = ?", &st, err)) != G_OK)
            return s;
        sqlite3_bind_int64(st, 1, visit_id);
        s = db_stmt_step_done(db, st, _("enregistrement des objets de la demande"), err);
    }
    for (int i = 0; i < log->n_topics && s == G_OK; i++) {
        const visit_topic *t = &log->topics[i];
        s = db_stmt(db,
                    "INSERT INTO visit_topic (visit_id, position, operator, family, theme) "
                    "VALUES (?, ?, nullif(?, ''), nullif(?, ''), nullif(?, ''))",
                    &st, err);
        if (s != G_OK)
            return s;
        sqlite3_bind_int64(st, 1, visit_id);
        sqlite3_bind_int(st, 2, i);
        db_bind_text(st, 3, t->operator_code);
        db_bind_text(st, 4, t->family);
        db_bind_text(st, 5, t->theme);
        s = db_stmt_step_done(db, st, _("enregistrement des objets de la demande"), err);
    }
    return s;
}

/* last_visit_at of a known visitor (search ranks by it). */
static g_status touch_visitor(g_db *db, int64_t visitor_id, int64_t arrived, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_stmt(
        db, "UPDATE visitor SET last_visit_at = max(last_visit_at, ?) WHERE id = ?", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, arrived);
    sqlite3_bind_int64(st, 2, visitor_id);
    return db_stmt_step_done(db, st, _("enregistrement d'une arrivée"), err);
}

/* Inserts a request row; returns its id in *id. */
static g_status insert_visit(g_db *db, int64_t actor_id, int64_t visitor_id, const visit_anon *p,
                             const char *channel, int64_t arrived, int64_t *id, g_error *err)
{
    char uuid[37];
    uuid_new(uuid);
    sqlite3_stmt *st;
    g_status s = db_stmt(db,
                         "INSERT INTO visit (uuid, visitor_id, sex, age_band, commune, "
                         "arrived_at, state, created_by, channel, created_at, updated_at) "
                         "VALUES (?, nullif(?, 0), ?, ?, ?, ?, '" VISIT_WAITING "', ?, ?, ?, ?)",
                         &st, err);
    if (s != G_OK)
        return s;
    int64_t now = clock_now();
    db_bind_text(st, 1, uuid);
    sqlite3_bind_int64(st, 2, visitor_id);
    db_bind_text(st, 3, p->sex[0] ? p->sex : "non-communique");
    db_bind_text(st, 4, p->age_band[0] ? p->age_band : "non-communique");
    char commune[6] = "";
    if (p->commune[0])
        normalize_insee(p->commune, commune);
    db_bind_text(st, 5, commune);
    sqlite3_bind_int64(st, 6, arrived);
    sqlite3_bind_int64(st, 7, actor_id);
    db_bind_text(st, 8, channel);
    sqlite3_bind_int64(st, 9, now);
    sqlite3_bind_int64(st, 10, now);
    if ((s = db_stmt_step_done(db, st, _("enregistrement d'une arrivée"), err)) != G_OK)
        return s;
    *id = sqlite3_last_insert_rowid(db_sql(db));
    if (visitor_id > 0)
        s = touch_visitor(db, visitor_id, arrived, err);
    return s;
}

/* Writes the log of request id and marks it termine. started/ended are the
 * instants to store; duration already resolved. */
static g_status write_log(g_db *db, int64_t id, int64_t agent_id, const visit_log *log,
                          int duration, int64_t started, int64_t ended, const visit_anon *p,
                          g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_stmt(
        db,
        "UPDATE visit SET state = '" VISIT_DONE
        "', agent_id = coalesce(agent_id, ?2), started_at = ?3, "
        "ended_at = ?4, channel = ?5, help_type = ?6, autonomy = ?7, duration_min = ?8, "
        "outcome = ?9, comment = ?10, updated_at = ?11, sex = coalesce(?12, sex), "
        "age_band = coalesce(?13, age_band), commune = coalesce(?14, commune) WHERE id = ?1",
        &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, agent_id);
    sqlite3_bind_int64(st, 3, started);
    sqlite3_bind_int64(st, 4, ended);
    db_bind_text(st, 5, log->channel);
    db_bind_text(st, 6, log->help_type);
    db_bind_text(st, 7, log->autonomy);
    sqlite3_bind_int(st, 8, duration);
    db_bind_text(st, 9, log->outcome);
    db_bind_text(st, 10, log->comment);
    sqlite3_bind_int64(st, 11, clock_now());
    db_bind_text(st, 12, p ? p->sex : NULL);
    db_bind_text(st, 13, p ? p->age_band : NULL);
    db_bind_text(st, 14, p ? p->commune : NULL);
    if ((s = db_stmt_step_done(db, st, _("enregistrement de la demande"), err)) != G_OK)
        return s;
    return insert_topics(db, id, log, 0, err);
}

/* A request logged after the fact (visit_record): inserted once, already
 * finished. Not through insert_visit + write_log: an insert as 'attente'
 * then an update to 'termine' in the same transaction wrote the row twice
 * and went in and out of the visit_waiting index (more pages in the WAL for
 * the same request). *id = the new row. */
static g_status insert_finished(g_db *db, int64_t agent_id, int64_t visitor_id, const visit_anon *p,
                                const visit_log *log, int64_t started, int64_t ended, int64_t *id,
                                g_error *err)
{
    char uuid[37];
    uuid_new(uuid);
    sqlite3_stmt *st;
    g_status s =
        db_stmt(db,
                "INSERT INTO visit (uuid, visitor_id, sex, age_band, commune, arrived_at, "
                "started_at, ended_at, state, agent_id, created_by, channel, help_type, "
                "autonomy, duration_min, outcome, comment, created_at, updated_at) "
                "VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6, ?6, ?7, '" VISIT_DONE "', ?8, ?8, "
                "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
                &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, uuid);
    sqlite3_bind_int64(st, 2, visitor_id);
    db_bind_text(st, 3, p->sex[0] ? p->sex : "non-communique");
    db_bind_text(st, 4, p->age_band[0] ? p->age_band : "non-communique");
    char commune[6] = "";
    if (p->commune[0])
        normalize_insee(p->commune, commune);
    db_bind_text(st, 5, commune);
    sqlite3_bind_int64(st, 6, started);
    sqlite3_bind_int64(st, 7, ended);
    sqlite3_bind_int64(st, 8, agent_id);
    db_bind_text(st, 9, log->channel);
    db_bind_text(st, 10, log->help_type);
    db_bind_text(st, 11, log->autonomy);
    sqlite3_bind_int(st, 12, log->duration_min);
    db_bind_text(st, 13, log->outcome);
    db_bind_text(st, 14, log->comment);
    sqlite3_bind_int64(st, 15, clock_now());
    if ((s = db_stmt_step_done(db, st, _("enregistrement de la demande"), err)) != G_OK)
        return s;
    *id = sqlite3_last_insert_rowid(db_sql(db));
    if (visitor_id > 0 && (s = touch_visitor(db, visitor_id, started, err)) != G_OK)
        return s;
    return insert_topics(db, *id, log, 1, err);
}

/* ---- the queue -------------------------------------------------------- */

static g_status arrive_in_tx(g_db *db, int64_t actor_id, int64_t visitor_id, const visit_anon *anon,
                             const char *channel, int64_t *visit_id, g_error *err)
{
    visit_anon p;
    memset(&p, 0, sizeof p);
    g_status s;
    if (visitor_id > 0) {
        if ((s = visitor_profile(db, visitor_id, &p, err)) != G_OK)
            return s;
        sqlite3_stmt *st;
        if ((s = db_stmt(db,
                         "SELECT 1 FROM visit WHERE visitor_id = ? AND state IN ('" VISIT_WAITING
                         "', "
                         "'" VISIT_IN_PROGRESS "')",
                         &st, err)) != G_OK)
            return s;
        sqlite3_bind_int64(st, 1, visitor_id);
        /* a check that fails is not "not in the queue": no second entry */
        s = db_step_row(db, st, _("lecture de la file d'attente"), err);
        db_stmt_done(db, st);
        if (s != G_OK && s != G_ERR_NOTFOUND)
            return s;
        if (s == G_OK)
            return g_err(err, G_ERR_EXISTS,
                         _("Cette personne est déjà dans la file d'attente ou en cours "
                           "d'accueil."));
    } else if (anon) {
        if ((s = anon_validate(anon, err)) != G_OK)
            return s;
        p = *anon;
        char canon[6];
        if ((s = commune_check(db, p.commune, canon, err)) != G_OK)
            return s;
        snprintf(p.commune, sizeof p.commune, "%s", canon);
    }
    int64_t id;
    if ((s = insert_visit(db, actor_id, visitor_id, &p, channel, clock_now(), &id, err)) != G_OK)
        return s;
    if (visit_id)
        *visit_id = id;
    return G_OK;
}

g_status visit_arrive(g_db *db, int64_t actor_id, int64_t visitor_id, const visit_anon *anon,
                      const char *channel, int64_t *visit_id, g_error *err)
{
    user_role role;
    g_status s = intake_actor_role(db, actor_id, &role, err);
    if (s != G_OK)
        return s;
    if (!channel)
        channel = "accueil-spontane";
    if (ref_index(ref_channels, channel) < 0)
        return g_err_field(err, G_ERR_INVALID, "channel", _("Canal inconnu : « %s »."), channel);
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    return finish(db, arrive_in_tx(db, actor_id, visitor_id, anon, channel, visit_id, err), err);
}

g_status visit_arrive_new(g_db *db, int64_t actor_id, visitor *v, int64_t *visit_id, g_error *err)
{
    user_role role;
    g_status s = intake_actor_role(db, actor_id, &role, err);
    if (s != G_OK)
        return s;
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    visitor saved = *v;
    saved.id = 0;
    s = visitor_save(db, actor_id, &saved, err);
    if (s == G_OK)
        s = arrive_in_tx(db, actor_id, saved.id, NULL, "accueil-spontane", visit_id, err);
    s = finish(db, s, err);
    if (s == G_OK)
        *v = saved;
    return s;
}

/* Loads state, agent and started_at of a request. */
static g_status visit_state(g_db *db, int64_t id, char state[12], int64_t *agent, char *agent_name,
                            size_t nsize, int64_t *started, int64_t *arrived, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_stmt(db,
                         "SELECT v.state, coalesce(v.agent_id, 0), coalesce(u.display_name, "
                         "''), coalesce(v.started_at, 0), v.arrived_at FROM visit v LEFT "
                         "JOIN app_user u ON u.id = v.agent_id WHERE v.id = ?",
                         &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        db_column_text(st, 0, state, 12);
        *agent = sqlite3_column_int64(st, 1);
        db_column_text(st, 2, agent_name, nsize);
        *started = sqlite3_column_int64(st, 3);
        *arrived = sqlite3_column_int64(st, 4);
    } else if (rc == SQLITE_DONE) {
        s = g_err(err, G_ERR_NOTFOUND, _("Demande introuvable (n° %" PRId64 ")."), id);
    } else {
        s = db_fail(db, err, _("lecture d'une demande"));
    }
    db_stmt_done(db, st);
    return s;
}

static g_status not_in_state(g_error *err, const char *state, const char *agent_name)
{
    if (strcmp(state, VISIT_IN_PROGRESS) == 0)
        return g_err(err, G_ERR_CONFLICT, _("Déjà pris en charge par %s."),
                     agent_name[0] ? agent_name : _("un collègue"));
    if (strcmp(state, VISIT_DONE) == 0)
        return g_err(err, G_ERR_CONFLICT, _("Cette demande est déjà terminée."));
    if (strcmp(state, VISIT_LEFT) == 0)
        return g_err(err, G_ERR_CONFLICT, _("Cette personne est partie sans être reçue."));
    return g_err(err, G_ERR_CONFLICT, _("Cette personne attend encore d'être prise en charge."));
}

g_status visit_take(g_db *db, int64_t agent_id, int64_t visit_id, g_error *err)
{
    user_role role;
    g_status s = intake_actor_role(db, agent_id, &role, err);
    if (s != G_OK || (s = db_begin(db, err)) != G_OK)
        return s;
    char state[12], name[USER_NAME_MAX + 1];
    int64_t agent, started, arrived;
    s = visit_state(db, visit_id, state, &agent, name, sizeof name, &started, &arrived, err);
    if (s == G_OK && strcmp(state, VISIT_WAITING) != 0)
        s = not_in_state(err, state, name);
    sqlite3_stmt *st;
    if (s == G_OK &&
        (s = db_stmt(db,
                     "UPDATE visit SET state = '" VISIT_IN_PROGRESS "', started_at = ?, "
                     "agent_id = ?, updated_at = ? WHERE id = ?",
                     &st, err)) == G_OK) {
        int64_t now = clock_now();
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_int64(st, 2, agent_id);
        sqlite3_bind_int64(st, 3, now);
        sqlite3_bind_int64(st, 4, visit_id);
        s = db_stmt_step_done(db, st, _("prise en charge"), err);
    }
    return finish(db, s, err);
}

static int default_duration(int64_t started, int64_t now)
{
    int64_t m = (now - started + 59) / 60;
    if (m < 1)
        m = 1;
    if (m > VISIT_DURATION_MAX)
        m = VISIT_DURATION_MAX;
    return (int)m;
}

/* *visitor_id = the visitor of a request (0 = anonymous). */
static g_status visitor_of(g_db *db, int64_t visit_id, int64_t *visitor_id, g_error *err)
{
    *visitor_id = 0;
    sqlite3_stmt *st;
    g_status s = db_stmt(db, "SELECT coalesce(visitor_id, 0) FROM visit WHERE id = ?", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visit_id);
    if ((s = db_step_row(db, st, _("lecture d'une demande"), err)) == G_OK)
        *visitor_id = sqlite3_column_int64(st, 0);
    db_stmt_done(db, st);
    return s == G_ERR_NOTFOUND ? G_OK : s;
}

g_status visit_close(g_db *db, int64_t agent_id, int64_t visit_id, const visit_log *log,
                     g_error *err)
{
    user_role role;
    g_status s = intake_actor_role(db, agent_id, &role, err);
    if (s != G_OK || (s = visit_log_validate(log, err)) != G_OK || (s = db_begin(db, err)) != G_OK)
        return s;
    char state[12], name[USER_NAME_MAX + 1];
    int64_t agent, started, arrived, now = clock_now();
    s = visit_state(db, visit_id, state, &agent, name, sizeof name, &started, &arrived, err);
    if (s == G_OK && !status_visit_in_queue(state))
        s = not_in_state(err, state, name);
    if (s != G_OK)
        return finish(db, s, err);
    if (strcmp(state, VISIT_WAITING) == 0)
        started = now;
    int duration = log->duration_min >= 0 ? log->duration_min : default_duration(started, now);
    visit_anon p, *pp = NULL;
    memset(&p, 0, sizeof p);
    int64_t vid = 0;
    if ((s = visitor_of(db, visit_id, &vid, err)) != G_OK)
        return finish(db, s, err);
    if (vid > 0) {
        /* the file may have been completed during the visit; a file merged
         * or anonymised meanwhile keeps the profile taken at arrival, a
         * file that cannot be read is an error */
        g_error why = {0};
        g_status ps = visitor_profile(db, vid, &p, &why);
        if (ps == G_OK)
            pp = &p;
        else if (ps != G_ERR_CONFLICT && ps != G_ERR_NOTFOUND) {
            if (err)
                *err = why;
            return finish(db, ps, err);
        }
    }
    s = write_log(db, visit_id, agent_id, log, duration, started, now, pp, err);
    return finish(db, s, err);
}

g_status visit_left(g_db *db, int64_t actor_id, int64_t visit_id, g_error *err)
{
    user_role role;
    g_status s = intake_actor_role(db, actor_id, &role, err);
    if (s != G_OK || (s = db_begin(db, err)) != G_OK)
        return s;
    char state[12], name[USER_NAME_MAX + 1];
    int64_t agent, started, arrived;
    s = visit_state(db, visit_id, state, &agent, name, sizeof name, &started, &arrived, err);
    if (s == G_OK && strcmp(state, VISIT_WAITING) != 0)
        s = not_in_state(err, state, name);
    sqlite3_stmt *st;
    if (s == G_OK && (s = db_stmt(db,
                                  "UPDATE visit SET state = '" VISIT_LEFT "', ended_at = ?, "
                                  "updated_at = ? WHERE id = ?",
                                  &st, err)) == G_OK) {
        int64_t now = clock_now();
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_int64(st, 2, now);
        sqlite3_bind_int64(st, 3, visit_id);
        s = db_stmt_step_done(db, st, _("départ sans être reçu"), err);
    }
    return finish(db, s, err);
}

/* The queue entry (waiting or in progress) of a known visitor: *id and
 * its state, start and arrival; G_ERR_NOTFOUND when she is not queued. */
static g_status queue_entry(g_db *db, int64_t visitor_id, int64_t *id, char state[12],
                            int64_t *started, int64_t *arrived, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_stmt(db,
                         "SELECT id, state, coalesce(started_at, 0), arrived_at FROM visit "
                         "WHERE visitor_id = ? AND state IN ('" VISIT_WAITING
                         "', '" VISIT_IN_PROGRESS "') ORDER BY arrived_at, id LIMIT 1",
                         &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visitor_id);
    /* a lookup that fails is not "not in the queue": no second entry */
    if ((s = db_step_row(db, st, _("lecture de la file d'attente"), err)) == G_OK) {
        *id = sqlite3_column_int64(st, 0);
        db_column_text(st, 1, state, 12);
        *started = sqlite3_column_int64(st, 2);
        *arrived = sqlite3_column_int64(st, 3);
    }
    db_stmt_done(db, st);
    return s;
}

g_status visit_queue_entry(g_db *db, int64_t visitor_id, int64_t *visit_id, g_error *err)
{
    *visit_id = 0;
    char state[12];
    int64_t started, arrived;
    if (visitor_id <= 0)
        return g_err(err, G_ERR_NOTFOUND, _("Une personne anonyme n'a pas de fiche."));
    g_status s = queue_entry(db, visitor_id, visit_id, state, &started, &arrived, err);
    if (s == G_ERR_NOTFOUND)
        g_err(err, G_ERR_NOTFOUND, _("Cette personne n'est pas dans la file d'attente."));
    return s;
}

g_status visit_record(g_db *db, int64_t agent_id, int64_t visitor_id, const visit_anon *anon,
                      const visit_log *log, int64_t *visit_id, g_error *err)
{
    /* What is read from the base (the agent's account, the visitor's file,
     * the commune, the queue) is read inside the write transaction: one
     * transaction per save instead of three (each read outside took and gave
     * back its own WAL read lock), and what is checked is what is written
     * against. The checks come in the same order as before. */
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    user_role role;
    visit_anon p;
    memset(&p, 0, sizeof p);
    if ((s = intake_actor_role(db, agent_id, &role, err)) != G_OK ||
        (s = visit_log_validate(log, err)) != G_OK)
        return finish(db, s, err);
    if (log->duration_min < 0)
        return finish(db,
                      g_err_field(err, G_ERR_INVALID, "duration_min",
                                  _("Durée : indiquez le nombre de minutes.")),
                      err);
    if (visitor_id > 0) {
        s = visitor_profile(db, visitor_id, &p, err);
    } else if (anon && (s = anon_validate(anon, err)) == G_OK) {
        p = *anon;
        char canon[6];
        if ((s = commune_check(db, p.commune, canon, err)) == G_OK)
            snprintf(p.commune, sizeof p.commune, "%s", canon);
    }
    int64_t now = clock_now(), start = now - 60 * (int64_t)log->duration_min, id = 0;
    /* a person in the queue: this request is her visit, closed now (she is
     * counted once, and leaves the queue) */
    char state[12] = "";
    int64_t started = 0, arrived = 0;
    int queued = 0;
    if (s == G_OK && visitor_id > 0) {
        s = queue_entry(db, visitor_id, &id, state, &started, &arrived, err);
        queued = s == G_OK;
        if (s == G_ERR_NOTFOUND)
            s = G_OK;
    }
    if (s == G_OK && queued) {
        /* waiting: taken in charge when the agent started, never before she came */
        if (strcmp(state, VISIT_WAITING) == 0)
            started = start > arrived ? start : arrived;
        s = write_log(db, id, agent_id, log, log->duration_min, started, now, &p, err);
    } else if (s == G_OK) {
        /* the usual case: one insert, already finished (the hot path of a
         * desk's save) */
        s = insert_finished(db, agent_id, visitor_id, &p, log, start, now, &id, err);
    }
    s = finish(db, s, err);
    if (s == G_OK && visit_id)
        *visit_id = id;
    return s;
}

g_status visit_quick_info(g_db *db, int64_t agent_id, const char *operator_code, int64_t *visit_id,
                          g_error *err)
{
    if (!operator_code || !ref_operator_find(operator_code))
        return g_err_field(err, G_ERR_INVALID, "topics", _("Partenaire inconnu : « %s »."),
                           operator_code ? operator_code : "");
    visit_log log;
    visit_log_init(&log);
    log.n_topics = 1;
    snprintf(log.topics[0].operator_code, sizeof log.topics[0].operator_code, "%s", operator_code);
    snprintf(log.help_type, sizeof log.help_type, "information");
    snprintf(log.autonomy, sizeof log.autonomy, "autonome");
    snprintf(log.outcome, sizeof log.outcome, "resolu");
    log.duration_min = VISIT_QUICK_INFO_MINUTES;
    return visit_record(db, agent_id, 0, NULL, &log, visit_id, err);
}

/* ---- reading ---------------------------------------------------------- */

static void anonymous_name(char *out, size_t size)
{
    snprintf(out, size, "%s", _("Anonyme"));
}

static g_status read_topics(g_db *db, int64_t id, visit_log *log, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT coalesce(operator, ''), coalesce(family, ''), "
                            "coalesce(theme, '') FROM visit_topic WHERE visit_id = ? ORDER BY "
                            "position",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    log->n_topics = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && log->n_topics < VISIT_TOPICS_MAX) {
        visit_topic *t = &log->topics[log->n_topics++];
        db_column_text(st, 0, t->operator_code, sizeof t->operator_code);
        db_column_text(st, 1, t->family, sizeof t->family);
        db_column_text(st, 2, t->theme, sizeof t->theme);
    }
    s = db_rows_end(db, rc, _("lecture des objets de la demande"), err);
    sqlite3_finalize(st);
    return s;
}

g_status visit_get(g_db *db, int64_t visit_id, visit_info *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    g_status s = db_prepare(
        db,
        "SELECT v.id, v.uuid, coalesce(v.visitor_id, 0), coalesce(p.last_name || "
        "CASE WHEN p.first_names <> '' THEN ' ' || p.first_names ELSE '' END, ''), v.state, "
        "v.arrived_at, coalesce(v.started_at, 0), coalesce(v.ended_at, 0), "
        "coalesce(v.agent_id, 0), coalesce(u.display_name, ''), v.sex, v.age_band, v.commune, "
        "v.channel, coalesce(v.help_type, ''), coalesce(v.autonomy, ''), "
        "coalesce(v.duration_min, -1), coalesce(v.outcome, ''), v.comment FROM visit v "
        "LEFT JOIN visitor p ON p.id = v.visitor_id LEFT JOIN app_user u ON u.id = v.agent_id "
        "WHERE v.id = ?",
        &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visit_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        db_column_text(st, 1, out->uuid, sizeof out->uuid);
        out->visitor_id = sqlite3_column_int64(st, 2);
        db_column_text(st, 3, out->name, sizeof out->name);
        if (!out->visitor_id)
            anonymous_name(out->name, sizeof out->name);
        db_column_text(st, 4, out->state, sizeof out->state);
        out->arrived_at = sqlite3_column_int64(st, 5);
        out->started_at = sqlite3_column_int64(st, 6);
        out->ended_at = sqlite3_column_int64(st, 7);
        out->agent_id = sqlite3_column_int64(st, 8);
        db_column_text(st, 9, out->agent_name, sizeof out->agent_name);
        db_column_text(st, 10, out->sex, sizeof out->sex);
        db_column_text(st, 11, out->age_band, sizeof out->age_band);
        db_column_text(st, 12, out->commune, sizeof out->commune);
        visit_log *l = &out->log;
        db_column_text(st, 13, l->channel, sizeof l->channel);
        db_column_text(st, 14, l->help_type, sizeof l->help_type);
        db_column_text(st, 15, l->autonomy, sizeof l->autonomy);
        l->duration_min = sqlite3_column_int(st, 16);
        db_column_text(st, 17, l->outcome, sizeof l->outcome);
        db_column_text(st, 18, l->comment, sizeof l->comment);
    } else if (rc == SQLITE_DONE) {
        s = g_err(err, G_ERR_NOTFOUND, _("Demande introuvable (n° %" PRId64 ")."), visit_id);
    } else {
        s = db_fail(db, err, _("lecture d'une demande"));
    }
    sqlite3_finalize(st);
    if (s == G_OK)
        s = read_topics(db, visit_id, &out->log, err);
    return s;
}

/* ---- correction ------------------------------------------------------- */

static void topics_text(const visit_log *l, char *out, size_t size)
{
    strbuf b;
    strbuf_init(&b, out, size);
    for (int i = 0; i < l->n_topics; i++) {
        const visit_topic *t = &l->topics[i];
        strbuf_printf(&b, "%s%s/%s", i ? "+" : "", t->operator_code[0] ? t->operator_code : "-",
                      t->theme[0] ? t->theme : (t->family[0] ? t->family : "-"));
    }
}

/* Appends "what: old→new" to detail when a and b differ. */
static void diff(char *detail, size_t size, const char *what, const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return;
    strbuf sb;
    strbuf_attach(&sb, detail, size);
    strbuf_printf(&sb, "%s%s: %s→%s", sb.len ? "; " : "", what, a, b);
}

g_status visit_correct(g_db *db, int64_t actor_id, int64_t visit_id, const visit_log *log,
                       g_error *err)
{
    user_role role;
    g_status s = intake_actor_role(db, actor_id, &role, err);
    if (s != G_OK || (s = visit_log_validate(log, err)) != G_OK)
        return s;
    visit_info *old = malloc(sizeof *old);
    if (!old)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    if ((s = db_begin(db, err)) != G_OK) {
        free(old);
        return s;
    }
    s = visit_get(db, visit_id, old, err);
    int64_t start, end;
    today_bounds(&start, &end);
    if (s == G_OK && strcmp(old->state, VISIT_DONE) != 0)
        s = g_err(err, G_ERR_CONFLICT, _("Seule une demande terminée peut être corrigée."));
    else if (s == G_OK && (old->arrived_at < start || old->arrived_at >= end))
        s = g_err(err, G_ERR_DENIED,
                  _("Une demande ne peut être corrigée que le jour même ; demandez au "
                    "responsable pour une correction plus ancienne."));
    else if (s == G_OK && old->agent_id != actor_id && role != ROLE_RESPONSABLE)
        s = g_err(err, G_ERR_DENIED,
                  _("Seul l'agent qui a enregistré la demande, ou le responsable, peut la "
                    "corriger."));
    char detail[1024] = "";
    if (s == G_OK) {
        int duration = log->duration_min >= 0 ? log->duration_min : old->log.duration_min;
        char a[512], b[512];
        diff(detail, sizeof detail, "channel", old->log.channel, log->channel);
        topics_text(&old->log, a, sizeof a);
        topics_text(log, b, sizeof b);
        diff(detail, sizeof detail, "topics", a, b);
        diff(detail, sizeof detail, "help_type", old->log.help_type, log->help_type);
        diff(detail, sizeof detail, "autonomy", old->log.autonomy, log->autonomy);
        snprintf(a, sizeof a, "%d", old->log.duration_min);
        snprintf(b, sizeof b, "%d", duration);
        diff(detail, sizeof detail, "duration_min", a, b);
        diff(detail, sizeof detail, "outcome", old->log.outcome, log->outcome);
        if (strcmp(old->log.comment, log->comment) != 0) { /* never the text in the journal */
            strbuf sb;
            strbuf_attach(&sb, detail, sizeof detail);
            strbuf_printf(&sb, "%scomment: modifié", sb.len ? "; " : "");
        }
        if (detail[0]) {
            s = write_log(db, visit_id, old->agent_id, log, duration, old->started_at,
                          old->ended_at, NULL, err);
            char object[64];
            snprintf(object, sizeof object, "visit:%s", old->uuid);
            if (s == G_OK)
                s = audit_log(db, actor_id, "visit-correct", object, detail, err);
        }
    }
    free(old);
    return finish(db, s, err);
}

/* ---- today ------------------------------------------------------------ */

g_status visit_queue_today(g_db *db, visit_queue_row **rows, size_t *count, g_error *err)
{
    *rows = NULL;
    *count = 0;
    int64_t start, end, now = clock_now();
    today_bounds(&start, &end);
    sqlite3_stmt *st;
    g_status s = db_prepare(
        db,
        "SELECT v.id, coalesce(v.visitor_id, 0), coalesce(p.last_name || CASE WHEN "
        "p.first_names <> '' THEN ' ' || p.first_names ELSE '' END, ''), v.state, "
        "v.arrived_at, coalesce(v.started_at, 0), coalesce(v.ended_at, 0), "
        "coalesce(v.duration_min, 0), coalesce(u.display_name, ''), v.channel, "
        "coalesce(v.help_type, '') FROM (SELECT id FROM visit WHERE arrived_at >= ?1 AND "
        "arrived_at < ?2 UNION SELECT id FROM visit WHERE state IN ('" VISIT_WAITING
        "', '" VISIT_IN_PROGRESS "')) q "
        "JOIN visit v ON v.id = q.id LEFT JOIN visitor p ON p.id = v.visitor_id "
        "LEFT JOIN app_user u ON u.id = v.agent_id "
        "ORDER BY CASE v.state WHEN '" VISIT_WAITING "' THEN 0 WHEN '" VISIT_IN_PROGRESS
        "' THEN 1 ELSE 2 END, "
        "CASE WHEN v.state = '" VISIT_WAITING
        "' THEN v.arrived_at WHEN v.state = '" VISIT_IN_PROGRESS "' THEN "
        "v.started_at ELSE -v.ended_at END, v.id",
        &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, start);
    sqlite3_bind_int64(st, 2, end);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*count == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            visit_queue_row *n = realloc(*rows, ncap * sizeof *n);
            if (!n) {
                s = g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
                break;
            }
            *rows = n;
            cap = ncap;
        }
        visit_queue_row *r = &(*rows)[(*count)++];
        memset(r, 0, sizeof *r);
        r->id = sqlite3_column_int64(st, 0);
        r->visitor_id = sqlite3_column_int64(st, 1);
        db_column_text(st, 2, r->name, sizeof r->name);
        if (!r->visitor_id)
            anonymous_name(r->name, sizeof r->name);
        db_column_text(st, 3, r->state, sizeof r->state);
        r->arrived_at = sqlite3_column_int64(st, 4);
        r->started_at = sqlite3_column_int64(st, 5);
        r->ended_at = sqlite3_column_int64(st, 6);
        db_column_text(st, 8, r->agent_name, sizeof r->agent_name);
        db_column_text(st, 9, r->channel, sizeof r->channel);
        db_column_text(st, 10, r->help_type, sizeof r->help_type);
        int64_t secs = 0;
        if (strcmp(r->state, VISIT_WAITING) == 0)
            secs = now - r->arrived_at;
        else if (strcmp(r->state, VISIT_IN_PROGRESS) == 0)
            secs = now - r->started_at;
        else if (strcmp(r->state, VISIT_LEFT) == 0)
            secs = r->ended_at - r->arrived_at;
        else
            secs = 60 * (int64_t)sqlite3_column_int(st, 7);
        r->minutes = secs > 0 ? (int)(secs / 60) : 0;
    }
    if (s == G_OK && rc != SQLITE_DONE)
        s = db_fail(db, err, _("file d'attente du jour"));
    sqlite3_finalize(st);
    if (s != G_OK) {
        free(*rows);
        *rows = NULL;
        *count = 0;
    }
    return s;
}

g_status visit_counters_today(g_db *db, visit_counters *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    if (ref_operator_count() > VISIT_OPERATORS_MAX)
        return g_err(err, G_ERR_INVALID, "VISIT_OPERATORS_MAX < %d", ref_operator_count());
    int64_t start, end;
    today_bounds(&start, &end);
    sqlite3_stmt *st;
    /* who waits or is being helped is counted whatever the day they came
     * (visit_queue_today lists them: the header and the list agree); what
     * was done or given up, from today's arrivals, as the list shows it and
     * as the day's statistics count requests: someone who came on an
     * earlier day and is seen to the end today leaves both the queue and
     * these counts */
    g_status s = db_prepare(
        db,
        "SELECT state, coalesce(help_type, ''), count(*) FROM visit WHERE arrived_at >= ?1 AND "
        "arrived_at < ?2 AND state NOT IN ('" VISIT_WAITING "', '" VISIT_IN_PROGRESS
        "') GROUP BY 1, 2 UNION ALL SELECT state, '', count(*) FROM visit WHERE state IN "
        "('" VISIT_WAITING "', '" VISIT_IN_PROGRESS "') GROUP BY 1",
        &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, start);
    sqlite3_bind_int64(st, 2, end);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *state = (const char *)sqlite3_column_text(st, 0);
        const char *help = (const char *)sqlite3_column_text(st, 1);
        int n = sqlite3_column_int(st, 2);
        if (strcmp(state, VISIT_WAITING) == 0)
            out->waiting += n;
        else if (strcmp(state, VISIT_IN_PROGRESS) == 0)
            out->in_progress += n;
        else if (strcmp(state, VISIT_LEFT) == 0)
            out->left += n;
        else {
            out->done += n;
            out->requests += n;
            int h = ref_index(ref_help_types, help);
            if (h >= 0 && h < 3)
                out->by_help[h] += n;
        }
    }
    s = db_rows_end(db, rc, _("comptage des demandes du jour"), err);
    sqlite3_finalize(st);
    if (s != G_OK ||
        (s = db_prepare(db,
                        "SELECT coalesce(t.operator, ''), count(DISTINCT v.id) FROM visit v "
                        "JOIN visit_topic t ON t.visit_id = v.id WHERE v.arrived_at >= ?1 AND "
                        "v.arrived_at < ?2 AND v.state = '" VISIT_DONE "' GROUP BY 1",
                        &st, err)) != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, start);
    sqlite3_bind_int64(st, 2, end);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *op = (const char *)sqlite3_column_text(st, 0);
        int n = sqlite3_column_int(st, 1);
        const ref_operator *o = op[0] ? ref_operator_find(op) : NULL;
        if (o)
            out->by_operator[o - ref_operators] += n;
        else
            out->no_operator += n;
    }
    s = db_rows_end(db, rc, _("comptage des demandes du jour"), err);
    sqlite3_finalize(st);
    if (s != G_OK)
        memset(out, 0, sizeof *out);
    return s;
}
