/* activity.c — the requests as they are counted (see guichet/activity.h). */
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/activity.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/ref.h"
#include "guichet/status.h"
#include "guichet/visit.h"

/* One row per topic of each request (one row with NULL topic columns for a
 * request without topic), the topics of a request consecutive and in
 * position order, so that a request and its operators are read in one pass. */
static const char scan_sql[] =
    "SELECT v.id, v.arrived_at, v.started_at, v.ended_at, v.state, v.channel, v.help_type,"
    "       v.autonomy, v.outcome, v.sex, v.age_band, v.commune, v.duration_min,"
    "       v.visitor_id, v.appointment_id IS NOT NULL,"
    "       CASE WHEN p.anonymised_at IS NULL THEN p.birth_date END,"
    "       t.visit_id IS NOT NULL, t.operator, t.family, t.theme"
    "  FROM visit v"
    "  LEFT JOIN visitor p ON p.id = v.visitor_id"
    "  LEFT JOIN visit_topic t ON t.visit_id = v.id"
    " WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2"
    " ORDER BY v.arrived_at, v.id, t.position";

enum {
    C_ID,
    C_ARRIVED,
    C_STARTED,
    C_ENDED,
    C_STATE,
    C_CHANNEL,
    C_HELP,
    C_AUTONOMY,
    C_OUTCOME,
    C_SEX,
    C_AGE_BAND,
    C_COMMUNE,
    C_DURATION,
    C_VISITOR,
    C_APPOINTMENT,
    C_BIRTH,
    C_HAS_TOPIC,
    C_OPERATOR,
    C_FAMILY,
    C_THEME
};

static const char *text_of(sqlite3_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st, col);
}

/* The code as the vocabulary's own static string, NULL when s is none. */
static const char *code_of(const char *const *codes, const char *s)
{
    int i = s ? ref_index(codes, s) : -1;
    return i >= 0 ? codes[i] : NULL;
}

/* An INSEE commune code: 5 digits, or 2A/2B and 3 digits (Corsica). */
static int is_insee(const char *s)
{
    if (!s || strlen(s) != 5)
        return 0;
    int corsica = s[0] == '2' && (s[1] == 'A' || s[1] == 'B');
    for (int i = 0; i < 5; i++)
        if (!(s[i] >= '0' && s[i] <= '9') && !(corsica && i == 1))
            return 0;
    return 1;
}

static int operator_index(const char *s)
{
    int i = 0;
    for (const ref_operator *o = ref_operators; s && o->code; o++, i++)
        if (strcmp(o->code, s) == 0)
            return i;
    return -1;
}

/* The distinct operator codes outside the vocabulary met in one request
 * (written behind guichet's back, or by an older version): each counts once
 * under « aucun ». Grows with the largest such set, usually empty. */
typedef struct unknown_ops {
    char **code;
    int n, cap;
} unknown_ops;

static void unknown_clear(unknown_ops *u)
{
    for (int i = 0; i < u->n; i++)
        free(u->code[i]);
    u->n = 0;
}

static g_status unknown_add(unknown_ops *u, const char *op, g_error *err)
{
    for (int i = 0; i < u->n; i++)
        if (strcmp(u->code[i], op) == 0)
            return G_OK;
    if (u->n == u->cap) {
        int cap = u->cap ? u->cap * 2 : 4;
        char **c = realloc(u->code, (size_t)cap * sizeof *c);
        if (!c)
            return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
        u->code = c;
        u->cap = cap;
    }
    if (!(u->code[u->n] = strdup(op)))
        return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    u->n++;
    return G_OK;
}

/* Reads the request's own columns from its first row. */
static void read_request(sqlite3_stmt *st, activity_request *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, C_ID);
    r->arrived_at = sqlite3_column_int64(st, C_ARRIVED);
    r->started_at = sqlite3_column_int64(st, C_STARTED);
    r->ended_at = sqlite3_column_int64(st, C_ENDED);
    r->state = code_of(visit_states, text_of(st, C_STATE));
    r->channel = code_of(ref_channels, text_of(st, C_CHANNEL));
    r->help = code_of(ref_help_types, text_of(st, C_HELP));
    r->autonomy = code_of(ref_autonomies, text_of(st, C_AUTONOMY));
    r->outcome = code_of(visit_outcomes, text_of(st, C_OUTCOME));
    r->sex = code_of(ref_sexes, text_of(st, C_SEX));
    const char *commune = text_of(st, C_COMMUNE);
    if (is_insee(commune))
        memcpy(r->commune, commune, 6);
    r->has_duration = sqlite3_column_type(st, C_DURATION) != SQLITE_NULL;
    r->minutes = sqlite3_column_int64(st, C_DURATION);
    r->visitor_id = sqlite3_column_int64(st, C_VISITOR);
    r->appointment = sqlite3_column_int(st, C_APPOINTMENT);
    /* the age band: the snapshot, else computed on the request's day */
    const char *band = code_of(ref_age_bands, text_of(st, C_AGE_BAND));
    const char *birth = text_of(st, C_BIRTH);
    if ((!band || strcmp(band, "non-communique") == 0) && birth && birth[0]) {
        char day[11];
        clock_format(r->arrived_at, "%Y-%m-%d", day, sizeof day);
        band = ref_age_band(birth, day);
    }
    r->age_band = band ? band : "non-communique";
}

static void copy_code(char *dst, size_t size, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n >= size)
        n = 0; /* longer than any code of the vocabularies: not one */
    memcpy(dst, s ? s : "", n);
    dst[n] = 0;
}

/* Adds the topic of the current row to r; *no_op is set for a request
 * without topic or a topic without operator (they count once together). */
static g_status read_topic(sqlite3_stmt *st, activity_request *r, int *no_op, unknown_ops *u,
                           g_error *err)
{
    if (!sqlite3_column_int(st, C_HAS_TOPIC)) {
        *no_op = 1;
        return G_OK;
    }
    const char *op = text_of(st, C_OPERATOR);
    if (r->ntopics < ACTIVITY_TOPICS) {
        activity_topic *t = &r->topic[r->ntopics];
        copy_code(t->op, sizeof t->op, op);
        copy_code(t->family, sizeof t->family, text_of(st, C_FAMILY));
        copy_code(t->theme, sizeof t->theme, text_of(st, C_THEME));
    }
    r->ntopics++;
    if (!op || !op[0]) {
        *no_op = 1;
        return G_OK;
    }
    int i = operator_index(op);
    if (i >= 0 && i < 64) {
        r->ops_known |= (uint64_t)1 << i;
        return G_OK;
    }
    return unknown_add(u, op, err);
}

g_status activity_scan(g_db *db, int64_t t0, int64_t t1, activity_fn fn, void *ctx, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db, scan_sql, &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, t0);
    sqlite3_bind_int64(st, 2, t1);
    activity_request *r = malloc(sizeof *r);
    unknown_ops u = {0};
    if (!r) {
        sqlite3_finalize(st);
        return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    }
    int have = 0, no_op = 0, rc = SQLITE_DONE;
    while (s == G_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, C_ID);
        if (have && id != r->id) {
            r->ops_none = no_op + u.n;
            s = fn(ctx, r, err);
            have = 0;
        }
        if (s != G_OK)
            break;
        if (!have) {
            read_request(st, r);
            unknown_clear(&u);
            no_op = 0;
            have = 1;
        }
        s = read_topic(st, r, &no_op, &u, err);
    }
    if (s == G_OK)
        s = db_rows_end(db, rc, _("lecture des demandes"), err);
    if (s == G_OK && have) {
        r->ops_none = no_op + u.n;
        s = fn(ctx, r, err);
    }
    sqlite3_finalize(st);
    unknown_clear(&u);
    free(u.code);
    free(r);
    return s;
}

/* ---- the counting rule ---------------------------------------------------- */

g_status activity_tally_init(activity_tally *t, g_error *err)
{
    memset(t, 0, sizeof *t);
    t->n_operators = ref_operator_count();
    if (t->n_operators > ACTIVITY_OPERATORS || t->n_operators > 64)
        return g_err(err, G_ERR_INVALID, "ACTIVITY_OPERATORS < %d", t->n_operators);
    return G_OK;
}

static void cell_add(activity_cell *c, int64_t n, int64_t minutes)
{
    c->n += n;
    c->minutes += minutes * n;
}

int activity_is_closed(const activity_request *r)
{
    return r->state && strcmp(r->state, VISIT_DONE) == 0;
}

void activity_count(activity_tally *t, const activity_request *r)
{
    int64_t m = r->has_duration ? r->minutes : 0;
    int s = r->state ? ref_index(visit_states, r->state) : -1;
    if (s >= 0 && s < ACTIVITY_STATES)
        cell_add(&t->by_state[s], 1, m);
    if (!activity_is_closed(r))
        return;
    int c = r->channel ? ref_index(ref_channels, r->channel) : -1;
    if (c >= 0 && c < ACTIVITY_CHANNELS)
        cell_add(&t->by_channel[c], 1, m);
    int h = r->help ? ref_index(ref_help_types, r->help) : -1;
    if (h < 0 || h >= ACTIVITY_HELP)
        return;
    cell_add(&t->by_help[h], 1, m);
    for (int i = 0; i < t->n_operators; i++)
        if (r->ops_known & ((uint64_t)1 << i))
            cell_add(&t->by_operator[i][h], 1, m);
    if (r->ops_none)
        cell_add(&t->by_operator[t->n_operators][h], r->ops_none, m);
}
