/* satisfaction.c — the visitor's answer at closing, kept anonymous, and the
 * survey's counts (see guichet/satisfaction.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "intake_internal.h"
#include "satisfaction_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/csvout.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/ref.h"
#include "guichet/satisfaction.h"
#include "guichet/status.h"

const char *const satisfaction_solved[] = {"oui", "en-partie", "non", NULL};
const char *const satisfaction_solved_labels[] = {N_("Oui, c'est réglé"), N_("En partie"),
                                                  N_("Non"), NULL};
const char *const satisfaction_level_labels[] = {
    N_("Pas du tout satisfait(e)"), N_("Plutôt pas satisfait(e)"), N_("Plutôt satisfait(e)"),
    N_("Très satisfait(e)"), NULL};

g_status satisfaction_validate(const satisfaction_answer *a, g_error *err)
{
    if (a->solved[0] && ref_index(satisfaction_solved, a->solved) < 0)
        return g_err_field(err, G_ERR_INVALID, "solved",
                           _("Réponse « %s » inconnue : oui, en-partie ou non."), a->solved);
    if (a->satisfied < 0 || a->satisfied > SATISFACTION_LEVELS)
        return g_err_field(err, G_ERR_INVALID, "satisfied",
                           _("Satisfaction %d : de 1 (pas du tout) à 4 (très satisfait)."),
                           a->satisfied);
    if (!a->solved[0] && !a->satisfied)
        return g_err_field(err, G_ERR_INVALID, "solved", "%s",
                           _("Aucune réponse : rien à enregistrer."));
    return G_OK;
}

/* Inside a transaction: writes the answer of request visit_id. */
static g_status record(g_db *db, int64_t agent_id, int64_t visit_id, const satisfaction_answer *a,
                       g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(
        db, "SELECT state, surveyed, ifnull(ended_at, 0) FROM visit WHERE id = ?1", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visit_id);
    int rc = sqlite3_step(st);
    char state[12] = "";
    int surveyed = 0;
    int64_t ended = 0;
    if (rc == SQLITE_ROW) {
        db_column_text(st, 0, state, sizeof state);
        surveyed = sqlite3_column_int(st, 1);
        ended = sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return g_err(err, G_ERR_NOTFOUND, "%s", _("Cette demande n'existe pas."));
    if (rc != SQLITE_ROW)
        return db_fail(db, err, _("lecture de la demande"));
    if (strcmp(state, VISIT_DONE) != 0)
        return g_err(err, G_ERR_CONFLICT, "%s",
                     _("L'avis se recueille à la clôture : cette demande n'est pas close."));
    if (surveyed)
        return g_err(err, G_ERR_CONFLICT, "%s",
                     _("L'avis sur cette demande a déjà été recueilli."));
    char today[11], ended_day[11];
    clock_today(today);
    clock_format(ended, "%Y-%m-%d", ended_day, sizeof ended_day);
    if (strcmp(ended_day, today) != 0)
        return g_err(err, G_ERR_CONFLICT, "%s",
                     _("L'avis se recueille le jour même, à la clôture de la demande."));
    if ((s = satisfaction_store(db, visit_id, a, err)) != G_OK)
        return s;
    /* that an answer was given, never to which request (docs/enquete.md) */
    return audit_log(db, agent_id, "satisfaction", "", "", err);
}

g_status satisfaction_store(g_db *db, int64_t visit_id, const satisfaction_answer *a, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT arrived_at, channel, ifnull(help_type, '') FROM visit WHERE "
                            "id = ?1 AND state = '" VISIT_DONE "'",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visit_id);
    int rc = sqlite3_step(st);
    char channel[24] = "", help[24] = "", day[11];
    int64_t arrived = 0;
    if (rc == SQLITE_ROW) {
        arrived = sqlite3_column_int64(st, 0);
        db_column_text(st, 1, channel, sizeof channel);
        db_column_text(st, 2, help, sizeof help);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return g_err(err, G_ERR_CONFLICT, "%s",
                     _("L'avis se recueille à la clôture : cette demande n'est pas close."));
    if (rc != SQLITE_ROW)
        return db_fail(db, err, _("lecture de la demande"));
    clock_format(arrived, "%Y-%m-%d", day, sizeof day);

    /* the request's operators: ",caf,-," ("-" = a topic without national
     * operator, or no topic), as the statistics count them */
    char ops[256] = ",";
    if ((s = db_prepare(db,
                        "SELECT DISTINCT ifnull(operator, '-') FROM visit_topic WHERE visit_id = "
                        "?1 ORDER BY 1",
                        &st, err)) != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visit_id);
    int any = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *op = (const char *)sqlite3_column_text(st, 0);
        if (op && strlen(ops) + strlen(op) + 2 < sizeof ops) {
            strcat(ops, op);
            strcat(ops, ",");
            any = 1;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, err, _("lecture de la demande"));
    if (!any)
        snprintf(ops, sizeof ops, ",-,");

    if ((s = db_prepare(db,
                        "INSERT INTO satisfaction_answer (id, day, channel, help_type, operators, "
                        "solved, satisfied) VALUES (randomblob(16), ?1, ?2, ?3, ?4, nullif(?5, "
                        "''), nullif(?6, 0))",
                        &st, err)) != G_OK)
        return s;
    db_bind_text(st, 1, day);
    db_bind_text(st, 2, channel);
    db_bind_text(st, 3, help);
    db_bind_text(st, 4, ops);
    db_bind_text(st, 5, a->solved);
    sqlite3_bind_int(st, 6, a->satisfied);
    if ((s = db_step_done(db, st, _("enregistrement de l'avis"), err)) != G_OK)
        return s;
    if ((s = db_prepare(db, "UPDATE visit SET surveyed = 1 WHERE id = ?1", &st, err)) != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visit_id);
    return db_step_done(db, st, _("enregistrement de l'avis"), err);
}

g_status satisfaction_record(g_db *db, int64_t agent_id, int64_t visit_id,
                             const satisfaction_answer *a, g_error *err)
{
    user_role role;
    g_status s = intake_actor_role(db, agent_id, &role, err);
    if (s != G_OK || (s = satisfaction_validate(a, err)) != G_OK || (s = db_begin(db, err)) != G_OK)
        return s;
    if ((s = record(db, agent_id, visit_id, a, err)) != G_OK || (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    return G_OK;
}

g_status satisfaction_close_visit(g_db *db, int64_t agent_id, int64_t visit_id,
                                  const visit_log *log, const satisfaction_answer *answer,
                                  g_error *err)
{
    g_status s;
    if (answer && (s = satisfaction_validate(answer, err)) != G_OK)
        return s;
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    /* visit_close nests in this transaction (and rolls it all back itself
     * when it fails) */
    if ((s = visit_close(db, agent_id, visit_id, log, err)) != G_OK)
        goto fail;
    if (answer && (s = record(db, agent_id, visit_id, answer, err)) != G_OK)
        goto fail;
    if ((s = db_commit(db, err)) != G_OK)
        goto fail;
    return G_OK;
fail:
    db_rollback(db);
    return s;
}

g_status satisfaction_record_visit(g_db *db, int64_t agent_id, int64_t visitor_id,
                                   const visit_anon *anon, const visit_log *log,
                                   const satisfaction_answer *answer, int64_t *visit_id,
                                   g_error *err)
{
    g_status s;
    int64_t id = 0;
    if (answer && (s = satisfaction_validate(answer, err)) != G_OK)
        return s;
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    /* visit_record nests in this transaction (and rolls it all back itself
     * when it fails) */
    if ((s = visit_record(db, agent_id, visitor_id, anon, log, &id, err)) != G_OK)
        goto fail;
    if (answer && (s = record(db, agent_id, id, answer, err)) != G_OK)
        goto fail;
    if ((s = db_commit(db, err)) != G_OK)
        goto fail;
    if (visit_id)
        *visit_id = id;
    return G_OK;
fail:
    db_rollback(db);
    return s;
}

/* ---- counting ----------------------------------------------------------------- */

static void tally_answer(satisfaction_tally *t, const char *solved, int satisfied)
{
    t->answers++;
    int i = solved ? ref_index(satisfaction_solved, solved) : -1;
    if (i >= 0)
        t->solved[i]++;
    if (satisfied >= 1 && satisfied <= SATISFACTION_LEVELS)
        t->satisfied[satisfied - 1]++;
}

/* The answers from out->from to out->to (ISO days), added to out's tallies.
 * The statement is kept (db_stmt): the nightly export asks once per day. */
static g_status tally_answers(g_db *db, satisfaction_report *out, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_stmt(db,
                         "SELECT channel, help_type, operators, solved, ifnull(satisfied, 0) FROM "
                         "satisfaction_answer WHERE day >= ?1 AND day <= ?2",
                         &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, out->from);
    db_bind_text(st, 2, out->to);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *channel = (const char *)sqlite3_column_text(st, 0);
        const char *help = (const char *)sqlite3_column_text(st, 1);
        const char *ops = (const char *)sqlite3_column_text(st, 2);
        const char *solved = (const char *)sqlite3_column_text(st, 3);
        int satisfied = sqlite3_column_int(st, 4);
        tally_answer(&out->total, solved, satisfied);
        int h = help ? ref_index(ref_help_types, help) : -1;
        if (h >= 0 && h < STATS_HELP)
            tally_answer(&out->by_help[h], solved, satisfied);
        int c = channel ? ref_index(ref_channels, channel) : -1;
        if (c >= 0 && c < STATS_CHANNELS)
            tally_answer(&out->by_channel[c], solved, satisfied);
        /* ",caf,-,": once per operator; "-" and unknown codes are « aucun » */
        int none_done = 0;
        char list[256];
        snprintf(list, sizeof list, "%s", ops ? ops : "");
        char *save = NULL;
        for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            const ref_operator *o = ref_operator_find(t);
            if (o) {
                tally_answer(&out->by_operator[o - ref_operators], solved, satisfied);
            } else if (!none_done) {
                tally_answer(&out->by_operator[out->n_operators], solved, satisfied);
                none_done = 1;
            }
        }
    }
    if (rc != SQLITE_DONE)
        s = db_fail(db, err, _("calcul de l'enquête de satisfaction"));
    db_stmt_done(db, st);
    return s;
}

g_status satisfaction_compute(g_db *db, const char *from, const char *to, satisfaction_report *out,
                              g_error *err)
{
    memset(out, 0, sizeof *out);
    /* the closed requests, by the statistics' one rule */
    stats_report *st_r = malloc(sizeof *st_r);
    if (!st_r)
        return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    g_status s = stats_compute(db, from, to, st_r, err);
    if (s != G_OK) {
        free(st_r);
        return s;
    }
    snprintf(out->from, sizeof out->from, "%s", st_r->from);
    snprintf(out->to, sizeof out->to, "%s", st_r->to);
    out->n_operators = st_r->n_operators;
    out->total.closed = st_r->requests;
    for (int h = 0; h < STATS_HELP; h++)
        out->by_help[h].closed = st_r->by_help[h];
    for (int c = 0; c < STATS_CHANNELS; c++)
        out->by_channel[c].closed = st_r->by_channel[c];
    for (int o = 0; o <= st_r->n_operators; o++)
        for (int h = 0; h < STATS_HELP; h++)
            out->by_operator[o].closed += st_r->by_operator[o][h];
    free(st_r);

    return tally_answers(db, out, err);
}

/* The nightly export needs only the day's answers: it counted the day's
 * closed requests itself, from the same rows as its other files. Going
 * through stats_compute here read every request of the day a second time
 * (a third of the export's processor time, docs/performance.md). */
g_status satisfaction_day(g_db *db, const char *day, satisfaction_report *out, g_error *err)
{
    return satisfaction_answers(db, day, day, out, err);
}

/* The observation's charts show the answers only: going through
 * stats_compute read every request of the period again (a ten-year period
 * on the statistics screen: three reads of a million requests). */
g_status satisfaction_answers(g_db *db, const char *from, const char *to, satisfaction_report *out,
                              g_error *err)
{
    memset(out, 0, sizeof *out);
    int64_t a, b;
    if (clock_date_parse(from, &a) != 0)
        return g_err(err, G_ERR_INVALID, _("« %s » n'est pas une date valide (AAAA-MM-JJ)."), from);
    if (clock_date_parse(to, &b) != 0)
        return g_err(err, G_ERR_INVALID, _("« %s » n'est pas une date valide (AAAA-MM-JJ)."), to);
    clock_date_format(a, out->from);
    clock_date_format(b, out->to);
    out->n_operators = ref_operator_count();
    return tally_answers(db, out, err);
}

/* ---- the survey file ------------------------------------------------------------ */

static const char *const survey_cols[] = {
    "periode_debut",  "periode_fin",        "axe",
    "code",           "demandes_closes",    "reponses",
    "probleme_regle", "probleme_en_partie", "probleme_non_regle",
    "satisfaction_1", "satisfaction_2",     "satisfaction_3",
    "satisfaction_4",
};

static void survey_row(csvout *w, const satisfaction_report *r, const char *axis, const char *code,
                       const satisfaction_tally *t)
{
    csvout_raw(w, r->from);
    csvout_raw(w, r->to);
    csvout_raw(w, axis);
    csvout_raw(w, code);
    csvout_int(w, t->closed);
    csvout_int(w, t->answers);
    for (int i = 0; i < SATISFACTION_SOLVED; i++)
        csvout_int(w, t->solved[i]);
    for (int i = 0; i < SATISFACTION_LEVELS; i++)
        csvout_int(w, t->satisfied[i]);
    csvout_end_row(w);
}

g_status satisfaction_export(g_db *db, const g_config *cfg, int64_t actor_id, const char *from,
                             const char *to, const char *path, int64_t *rows, g_error *err)
{
    if (rows)
        *rows = 0;
    if (actor_id) {
        user_role role;
        g_status s = intake_actor_role(db, actor_id, &role, err);
        if (s != G_OK)
            return s;
    }
    if (!path || !*path)
        return g_err_field(err, G_ERR_INVALID, "file", "%s", _("Indiquez le nom du fichier."));
    satisfaction_report *r = malloc(sizeof *r);
    if (!r)
        return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    g_status s = satisfaction_compute(db, from, to, r, err);
    if (s != G_OK) {
        free(r);
        return s;
    }
    char dir[PATH_MAX], name[PATH_MAX];
    const char *slash = strrchr(path, '/');
    if (slash) {
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
        if (!dir[0])
            snprintf(dir, sizeof dir, "/");
        snprintf(name, sizeof name, "%s", slash + 1);
    } else {
        snprintf(dir, sizeof dir, ".");
        snprintf(name, sizeof name, "%s", path);
    }
    csvout_format fmt = {';', 1, 1};
    if (cfg)
        fmt = (csvout_format){cfg->export.separator, cfg->export.bom, cfg->export.crlf};
    csvout *w = NULL;
    if ((s = csvout_open(dir, name, &fmt, &w, err)) != G_OK) {
        free(r);
        return s;
    }
    csvout_header(w, survey_cols, (int)(sizeof survey_cols / sizeof *survey_cols));
    survey_row(w, r, "total", "", &r->total);
    for (int h = 0; h < STATS_HELP; h++)
        survey_row(w, r, "type_aide", ref_help_types[h], &r->by_help[h]);
    for (int c = 0; c < STATS_CHANNELS; c++)
        survey_row(w, r, "canal", ref_channels[c], &r->by_channel[c]);
    for (int o = 0; o <= r->n_operators; o++)
        survey_row(w, r, "operateur", o < r->n_operators ? ref_operators[o].code : "aucun",
                   &r->by_operator[o]);
    char detail[64];
    snprintf(detail, sizeof detail, "%s..%s", r->from, r->to);
    free(r);
    csvout_info info;
    if ((s = csvout_status(w, err)) != G_OK) {
        csvout_abort(w);
        return s;
    }
    if ((s = csvout_commit(w, &info, err)) != G_OK)
        return s;
    if (rows)
        *rows = info.rows;
    return audit_log(db, actor_id, "survey-export", "", detail, err);
}
