/* stats.c — see stats.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_internal.h"
#include "guichet/activity.h"
#include "guichet/agenda.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/orientation.h"
#include "guichet/ref.h"
#include "guichet/stats.h"
#include "guichet/status.h"
#include "guichet/visit.h"

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

static g_status tally_request(void *ctx, const activity_request *r, g_error *err)
{
    (void)err;
    activity_count(ctx, r);
    return G_OK;
}

/* The report's request counts from the rule's tally. */
static void from_tally(stats_report *out, const activity_tally *t)
{
    for (int i = 0; i < ACTIVITY_STATES && visit_states[i]; i++) {
        const char *state = visit_states[i];
        if (strcmp(state, VISIT_DONE) == 0) {
            out->requests += (int)t->by_state[i].n;
            out->minutes += t->by_state[i].minutes;
        } else if (strcmp(state, VISIT_LEFT) == 0) {
            out->left += (int)t->by_state[i].n;
        } else {
            out->pending += (int)t->by_state[i].n;
        }
    }
    for (int h = 0; h < STATS_HELP && h < ACTIVITY_HELP; h++)
        out->by_help[h] = (int)t->by_help[h].n;
    for (int c = 0; c < STATS_CHANNELS && c < ACTIVITY_CHANNELS; c++)
        out->by_channel[c] = (int)t->by_channel[c].n;
    for (int o = 0; o <= out->n_operators; o++)
        for (int h = 0; h < STATS_HELP && h < ACTIVITY_HELP; h++)
            out->by_operator[o][h] = (int)t->by_operator[o][h].n;
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

g_status stats_period_bounds(const char *from, const char *to, char from_out[11], char to_out[11],
                             int *days, int64_t *start, int64_t *end, g_error *err)
{
    g_error derr = {0};
    if (!from || !from[0])
        return g_err_field(err, G_ERR_INVALID, "from",
                           _("Date de début : tapez une date JJ/MM/AAAA."));
    if (normalize_date(from, from_out, &derr) != G_OK)
        return g_err_field(err, G_ERR_INVALID, "from", _("Date de début : %s"), derr.msg);
    if (!to || !to[0])
        return g_err_field(err, G_ERR_INVALID, "to", _("Date de fin : tapez une date JJ/MM/AAAA."));
    if (normalize_date(to, to_out, &derr) != G_OK)
        return g_err_field(err, G_ERR_INVALID, "to", _("Date de fin : %s"), derr.msg);
    int64_t first = day_serial(from_out), last = day_serial(to_out);
    if (last < first)
        return g_err_field(err, G_ERR_INVALID, "to",
                           _("La date de fin est avant la date de début."));
    /* as guichet stats and enquete (period_parse): nothing is counted past
     * today, and a period still to come is refused */
    char today[11];
    clock_today(today);
    if (strcmp(from_out, today) > 0) {
        char a[11];
        normalize_date_display(from_out, a);
        return g_err_field(err, G_ERR_INVALID, "from",
                           _("La période commence le %s : elle n'a pas encore commencé."), a);
    }
    if (strcmp(to_out, today) > 0) {
        snprintf(to_out, 11, "%s", today);
        last = day_serial(to_out);
    }
    *days = (int)(last - first + 1);
    int64_t ignored;
    if (clock_day_bounds(from_out, start, &ignored) != 0 ||
        clock_day_bounds(to_out, &ignored, end) != 0)
        return g_err_field(err, G_ERR_INVALID, "from", _("Période invalide."));
    return G_OK;
}

g_status stats_compute(g_db *db, const char *from, const char *to, stats_report *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    int64_t start, end;
    g_status ps = stats_period_bounds(from, to, out->from, out->to, &out->days, &start, &end, err);
    if (ps != G_OK)
        return ps;
    out->n_operators = ref_operator_count();
    if (out->n_operators > STATS_OPERATORS_MAX)
        return g_err(err, G_ERR_INVALID, "STATS_OPERATORS_MAX < %d", out->n_operators);

    /* the requests: the counting rule shared with the export (activity.h) */
    activity_tally *t = malloc(sizeof *t);
    if (!t)
        return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    g_status s = activity_tally_init(t, err);
    if (s == G_OK)
        s = activity_scan(db, start, end, tally_request, t, err);
    if (s == G_OK)
        from_tally(out, t);
    free(t);
    if (s == G_OK)
        s = run_counts(db,
                       "SELECT status, count(*) FROM orientation"
                       " WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 1",
                       start, end, orientation_row, out, err);
    if (s == G_OK)
        s = run_counts(db,
                       "SELECT " AGENDA_STATUS_COUNTED_SQL ", count(*) FROM appointment"
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
