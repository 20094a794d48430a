/* stats.c — see stats.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_internal.h"
#include "guichet/agenda.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/orientation.h"
#include "guichet/ref.h"
#include "guichet/stats.h"
#include "guichet/status.h"

const char *const stats_appointment_status_labels[] = {
    N_("À venir"), N_("Honoré"), N_("Excusé"), N_("Annulé par le service"), N_("Absent"), NULL};

/* ---- days ---------------------------------------------------------------- */

/* Days since 1970-01-01 of an ISO date already checked (normalize_date,
 * clock_today). */
static int64_t day_serial(const char *iso)
{
    int64_t day = 0;
    clock_date_parse(iso, &day);
    return day;
}

void stats_span_days(stats_span span, char from[11], char to[11])
{
    char today[11];
    clock_today(today);
    int64_t s = day_serial(today);
    snprintf(to, 11, "%s", today);
    switch (span) {
    case STATS_WEEK: {
        /* 1970-01-01 was a Thursday: serial 0 is weekday 3 counting Monday as 0 */
        int64_t wd = ((s % 7) + 7 + 3) % 7;
        clock_date_format(s - wd, from);
        break;
    }
    case STATS_MONTH:
        snprintf(from, 11, "%.8s01", today);
        break;
    case STATS_TODAY:
    default:
        snprintf(from, 11, "%s", today);
        break;
    }
}

/* ---- counting ------------------------------------------------------------ */

static g_status run_counts(g_db *db, const char *sql, int64_t start, int64_t end,
                           void (*row)(stats_report *, sqlite3_stmt *), stats_report *out,
                           g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db, sql, &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, start);
    sqlite3_bind_int64(st, 2, end);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        row(out, st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, err, _("calcul des statistiques"));
    return G_OK;
}

static const char *col(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

static void visit_row(stats_report *r, sqlite3_stmt *st)
{
    const char *state = col(st, 0);
    int n = sqlite3_column_int(st, 3);
    if (strcmp(state, VISIT_LEFT) == 0) {
        r->left += n;
        return;
    }
    if (strcmp(state, VISIT_DONE) != 0) {
        r->pending += n;
        return;
    }
    r->requests += n;
    r->minutes += sqlite3_column_int64(st, 4);
    int h = ref_index(ref_help_types, col(st, 1));
    if (h >= 0 && h < STATS_HELP)
        r->by_help[h] += n;
    int c = ref_index(ref_channels, col(st, 2));
    if (c >= 0 && c < STATS_CHANNELS)
        r->by_channel[c] += n;
}

static void operator_row(stats_report *r, sqlite3_stmt *st)
{
    const char *op = col(st, 0);
    int h = ref_index(ref_help_types, col(st, 1));
    if (h < 0 || h >= STATS_HELP)
        return;
    const ref_operator *o = op[0] ? ref_operator_find(op) : NULL;
    int i = o ? (int)(o - ref_operators) : r->n_operators;
    r->by_operator[i][h] += sqlite3_column_int(st, 2);
}

static void orientation_row(stats_report *r, sqlite3_stmt *st)
{
    int n = sqlite3_column_int(st, 1);
    r->orientations += n;
    int i = ref_index(orientation_statuses, col(st, 0));
    if (i >= 0 && i < STATS_ORIENT)
        r->orient_by_status[i] += n;
}

static void external_row(stats_report *r, sqlite3_stmt *st)
{
    r->appointments_rdvsp += sqlite3_column_int(st, 1);
}

static void appointment_row(stats_report *r, sqlite3_stmt *st)
{
    int n = sqlite3_column_int(st, 1);
    r->appointments += n;
    int i = ref_index(agenda_statuses, col(st, 0));
    if (i >= 0 && i < STATS_APPT)
        r->appt_by_status[i] += n;
}

g_status stats_compute(g_db *db, const char *from, const char *to, stats_report *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    g_error derr = {0};
    if (!from || !from[0])
        return g_err_field(err, G_ERR_INVALID, "from",
                           _("Date de début : tapez une date JJ/MM/AAAA."));
    if (normalize_date(from, out->from, &derr) != G_OK)
        return g_err_field(err, G_ERR_INVALID, "from", _("Date de début : %s"), derr.msg);
    if (!to || !to[0])
        return g_err_field(err, G_ERR_INVALID, "to", _("Date de fin : tapez une date JJ/MM/AAAA."));
    if (normalize_date(to, out->to, &derr) != G_OK)
        return g_err_field(err, G_ERR_INVALID, "to", _("Date de fin : %s"), derr.msg);
    int64_t first = day_serial(out->from), last = day_serial(out->to);
    if (last < first)
        return g_err_field(err, G_ERR_INVALID, "to",
                           _("La date de fin est avant la date de début."));
    out->days = (int)(last - first + 1);
    out->n_operators = ref_operator_count();
    if (out->n_operators > STATS_OPERATORS_MAX)
        return g_err(err, G_ERR_INVALID, "STATS_OPERATORS_MAX < %d", out->n_operators);
    int64_t start, end, ignored;
    if (clock_day_bounds(out->from, &start, &ignored) != 0 ||
        clock_day_bounds(out->to, &ignored, &end) != 0)
        return g_err_field(err, G_ERR_INVALID, "from", _("Période invalide."));

    g_status s = run_counts(db,
                            "SELECT state, help_type, channel, count(*), total(duration_min)"
                            " FROM visit WHERE arrived_at >= ?1 AND arrived_at < ?2"
                            " GROUP BY 1, 2, 3",
                            start, end, visit_row, out, err);
    /* as in the export's synthese: once per (request, operator) */
    if (s == G_OK)
        s = run_counts(db,
                       "SELECT op, help_type, count(*) FROM ("
                       " SELECT DISTINCT v.id, t.operator AS op, v.help_type"
                       " FROM visit v LEFT JOIN visit_topic t ON t.visit_id = v.id"
                       " WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2"
                       "   AND v.state = '" VISIT_DONE "')"
                       " GROUP BY 1, 2",
                       start, end, operator_row, out, err);
    if (s == G_OK)
        s = run_counts(db,
                       "SELECT status, count(*) FROM orientation"
                       " WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 1",
                       start, end, orientation_row, out, err);
    if (s == G_OK)
        s = run_counts(db,
                       "SELECT status, count(*) FROM appointment"
                       " WHERE start_at >= ?1 AND start_at < ?2 GROUP BY 1",
                       start, end, appointment_row, out, err);
    /* RDV Service Public's, imported (rdvsp.h): in the same counts */
    if (s == G_OK)
        s = run_counts(db,
                       "SELECT status, count(*) FROM external_appointment"
                       " WHERE start_at >= ?1 AND start_at < ?2 GROUP BY 1",
                       start, end, appointment_row, out, err);
    if (s == G_OK)
        s = run_counts(db,
                       "SELECT '', count(*) FROM external_appointment"
                       " WHERE start_at >= ?1 AND start_at < ?2",
                       start, end, external_row, out, err);
    return s;
}

g_status stats_compute_span(g_db *db, stats_span span, stats_report *out, g_error *err)
{
    char from[11], to[11];
    stats_span_days(span, from, to);
    return stats_compute(db, from, to, out, err);
}
