/* export.c — the nightly CSV export to the funding partners (see
 * guichet/export.h and docs/export-format.md).
 *
 * One day = one read snapshot of the database (a deferred transaction: the
 * desks keep writing meanwhile), four data files streamed row by row through
 * csvout, then the manifest, then one short write transaction recording the
 * run (export_run, export_file) and journaling it. The outbox is locked with
 * flock() for the whole run, so the cron job and the "Exporter maintenant"
 * button never write the same files at once. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/csvout.h"
#include "guichet/export.h"
#include "guichet/i18n.h"
#include "guichet/orientation.h"
#include "guichet/ref.h"

#define EXPORT_LOCK_NAME  ".guichet-export.lock"
#define EXPORT_MAX_DAYS   3660 /* a range longer than ten years is a typing mistake */
#define EXPORT_DATA_FILES 4

/* ---- dates ------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, char out[11])
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    y += m <= 2;
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(y % 10000) % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
}

/* Strict YYYY-MM-DD of a real calendar day; *serial = days since the epoch. */
static int parse_day(const char *s, int64_t *serial)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 1900 || !clock_valid_date(y, m, d))
        return 0;
    *serial = days_from_civil(y, m, d);
    return 1;
}

static int64_t today_serial(void)
{
    char today[11];
    int64_t t;
    clock_today(today);
    return parse_day(today, &t) ? t : 0;
}

static int64_t local_serial(int64_t instant)
{
    struct tm tm;
    clock_local(instant, &tm);
    return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* First UTC instant of a local day (midnight, or the first hour that exists
 * in zones whose DST change happens at midnight). */
static int64_t day_start(int64_t serial)
{
    char d[11];
    civil_from_days(serial, d);
    int y = atoi(d), m = atoi(d + 5), dd = atoi(d + 8);
    int64_t t = 0;
    for (int h = 0; h < 4; h++)
        if (clock_from_local(y, m, dd, h, 0, &t) == 0)
            return t;
    return (int64_t)serial * 86400;
}

static const char *time_band(int64_t instant)
{
    static const char *const bands[] = {"avant-08", "08-10", "10-12",   "12-14",
                                        "14-16",    "16-18", "apres-18"};
    struct tm tm;
    clock_local(instant, &tm);
    if (tm.tm_hour < 8)
        return bands[0];
    if (tm.tm_hour >= 18)
        return bands[6];
    return bands[1 + (tm.tm_hour - 8) / 2];
}

/* ---- vocabularies -------------------------------------------------------- */

static const char *const visit_states[] = {"attente", "en-cours", "termine", "parti", NULL};
static const char *const visit_outcomes[] = {"resolu", "a-suivre", "oriente", "rdv-pris", NULL};
static const char *const appt_statuses[] = {"a-venir",        "honore", "excuse",
                                            "annule-service", "absent", NULL};
static const char *const appt_origins[] = {"guichet", "telephone", "partenaire", NULL};
static const char *const motif_places[] = {"sur-place", "telephone", "domicile", "visio", NULL};
static const char *const orient_statuses[] = {"ouverte", "validee", "refusee", "expiree", NULL};

/* s when it is one of codes, else NULL (an empty cell): whatever a script
 * wrote behind the model's back, only vocabulary codes leave the site. */
static const char *vocab(const char *const *codes, const char *s)
{
    return s && ref_index(codes, s) >= 0 ? s : NULL;
}

static const char *col_text(sqlite3_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st, col);
}

static const char *op_code(const char *s)
{
    return ref_operator_find(s) ? s : NULL;
}

static const char *family_code(const char *s)
{
    return ref_family_find(s) ? s : NULL;
}

static const char *theme_code(const char *s)
{
    return ref_theme_find(s) ? s : NULL;
}

/* An INSEE commune code: 5 digits, or 2A/2B and 3 digits (Corsica). */
static const char *insee_code(const char *s)
{
    if (!s || strlen(s) != 5)
        return NULL;
    int corsica = s[0] == '2' && (s[1] == 'A' || s[1] == 'B');
    for (int i = 0; i < 5; i++)
        if (!(s[i] >= '0' && s[i] <= '9') && !(corsica && i == 1))
            return NULL;
    return s;
}

void export_pseudonym(const unsigned char key[32], const char *uuid, char out[33])
{
    unsigned char h[16];
    crypto_generichash(h, sizeof h, (const unsigned char *)uuid, strlen(uuid), key, 32);
    sodium_bin2hex(out, 33, h, sizeof h);
}

void export_file_name(const char *kind, const char *matricule, const char *day, char *buf,
                      size_t size)
{
    char m[32];
    size_t n = 0;
    for (const char *p = matricule; p && *p && n < sizeof m - 1; p++)
        m[n++] = ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                  (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')
                     ? *p
                     : '_';
    m[n] = 0;
    snprintf(buf, size, "%s-%s-%s.csv", kind, n ? m : "site", day);
}

/* ---- one day ------------------------------------------------------------- */

typedef struct day_job {
    g_db *db;
    const g_config *cfg;
    const char *dir;
    char day[11];
    int64_t serial;
    int64_t t0, t1; /* [t0, t1) UTC bounds of the local day */
    char matricule[32];
    unsigned char key[32]; /* the site's pseudonym key */
    csvout_format fmt;
    struct {
        char name[96];
        const char *kind;
        csvout_info info;
    } files[EXPORT_DATA_FILES + 1]; /* the four data files, then the manifest */
    int nfiles;
} day_job;

static g_status open_file(day_job *j, const char *kind, const char *const *head, int ncols,
                          csvout **w, g_error *err)
{
    char name[96];
    export_file_name(kind, j->matricule, j->day, name, sizeof name);
    g_status s = csvout_open(j->dir, name, &j->fmt, w, err);
    if (s != G_OK)
        return s;
    csvout_header(*w, head, ncols);
    snprintf(j->files[j->nfiles].name, sizeof j->files[0].name, "%s", name);
    j->files[j->nfiles].kind = kind;
    return G_OK;
}

static g_status close_file(day_job *j, csvout *w, g_status s, g_error *err)
{
    if (s != G_OK) {
        csvout_abort(w);
        return s;
    }
    s = csvout_commit(w, &j->files[j->nfiles].info, err);
    if (s == G_OK)
        j->nfiles++;
    return s;
}

static g_status step_fail(g_db *db, int rc, g_error *err)
{
    (void)rc;
    return db_fail(db, err, _("lecture des données à exporter"));
}

static const char *const activite_cols[] = {
    "date",       "tranche_horaire", "etat",      "canal",     "operateur", "famille",
    "thematique", "nb_sujets",       "type_aide", "autonomie", "duree_min", "issue",
    "suite_rdv",  "tranche_age",     "sexe",      "commune",   "usager"};

static g_status write_activite(day_job *j, g_error *err)
{
    static const char sql[] =
        "SELECT v.arrived_at, v.state, v.channel, t.operator, t.family, t.theme,"
        "       (SELECT count(*) FROM visit_topic c WHERE c.visit_id = v.id),"
        "       v.help_type, v.autonomy, v.duration_min, v.outcome,"
        "       v.appointment_id IS NOT NULL, v.age_band, v.sex, v.commune,"
        "       CASE WHEN v.visitor_id IS NULL THEN NULL"
        "            WHEN COALESCE(m.anonymised_at, p.anonymised_at) IS NOT NULL THEN NULL"
        "            ELSE COALESCE(m.uuid, p.uuid) END,"
        "       CASE WHEN p.anonymised_at IS NULL THEN p.birth_date END"
        "  FROM visit v"
        "  LEFT JOIN visitor p ON p.id = v.visitor_id"
        "  LEFT JOIN visitor m ON m.id = p.merged_into"
        "  LEFT JOIN visit_topic t ON t.visit_id = v.id AND t.position ="
        "       (SELECT min(position) FROM visit_topic c WHERE c.visit_id = v.id)"
        " WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2"
        " ORDER BY v.arrived_at, v.uuid";
    csvout *w = NULL;
    g_status s = open_file(j, "activite", activite_cols,
                           (int)(sizeof activite_cols / sizeof *activite_cols), &w, err);
    if (s != G_OK)
        return s;
    sqlite3_stmt *st = NULL;
    s = db_prepare(j->db, sql, &st, err);
    if (s == G_OK) {
        sqlite3_bind_int64(st, 1, j->t0);
        sqlite3_bind_int64(st, 2, j->t1);
        const g_config *c = j->cfg;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            csvout_raw(w, j->day);
            csvout_text(w, time_band(sqlite3_column_int64(st, 0)));
            csvout_text(w, vocab(visit_states, col_text(st, 1)));
            csvout_text(w, vocab(ref_channels, col_text(st, 2)));
            csvout_text(w, op_code(col_text(st, 3)));
            csvout_text(w, family_code(col_text(st, 4)));
            csvout_text(w, theme_code(col_text(st, 5)));
            csvout_int(w, sqlite3_column_int64(st, 6));
            csvout_text(w, vocab(ref_help_types, col_text(st, 7)));
            csvout_text(w, vocab(ref_autonomies, col_text(st, 8)));
            if (sqlite3_column_type(st, 9) == SQLITE_NULL)
                csvout_empty(w);
            else
                csvout_int(w, sqlite3_column_int64(st, 9));
            csvout_text(w, vocab(visit_outcomes, col_text(st, 10)));
            csvout_int(w, sqlite3_column_int(st, 11));
            /* age band: the snapshot taken at the request, else computed on
             * the request's day from the visitor's birth date (which itself
             * never leaves this function) */
            const char *band = vocab(ref_age_bands, col_text(st, 12));
            if ((!band || strcmp(band, "non-communique") == 0) && col_text(st, 16))
                band = ref_age_band(col_text(st, 16), j->day);
            csvout_text(w, c->export.with_age_band ? band : NULL);
            csvout_text(w, c->export.with_sex ? vocab(ref_sexes, col_text(st, 13)) : NULL);
            csvout_text(w, c->export.with_commune ? insee_code(col_text(st, 14)) : NULL);
            const char *uuid = col_text(st, 15);
            if (c->export.with_pseudonym && uuid && *uuid) {
                char pseudo[33];
                export_pseudonym(j->key, uuid, pseudo);
                csvout_raw(w, pseudo);
            } else {
                csvout_empty(w);
            }
            csvout_end_row(w);
        }
        if (rc != SQLITE_DONE)
            s = step_fail(j->db, rc, err);
        sqlite3_finalize(st);
    }
    if (s == G_OK)
        s = csvout_status(w, err);
    return close_file(j, w, s, err);
}

static const char *const orientation_cols[] = {"date",         "operateur",     "service",
                                               "service_code", "thematique",    "statut",
                                               "motif_refus",  "jours_ouverte", "creee_le"};

static g_status write_orientations(day_job *j, g_error *err)
{
    csvout *w = NULL;
    g_status s = open_file(j, "orientations", orientation_cols,
                           (int)(sizeof orientation_cols / sizeof *orientation_cols), &w, err);
    if (s != G_OK)
        return s;
    /* The status and refusal reason as they stood at the end of the day
     * (orientation_history), so that re-exporting an old day gives the same
     * bytes after later changes. */
    {
        static const char sql[] =
            "SELECT o.created_at, s.operator, s.name, s.source || ':' || s.source_id, o.theme,"
            "       COALESCE(h.to_status, o.status),"
            "       CASE WHEN h.id IS NULL THEN o.refusal_reason"
            "            WHEN h.to_status = 'refusee' THEN COALESCE(NULLIF(h.detail, ''),"
            "                                                       o.refusal_reason) END,"
            "       (SELECT min(x.at) FROM orientation_history x WHERE x.orientation_id = o.id"
            "           AND x.to_status <> 'ouverte' AND x.at < ?2)"
            "  FROM orientation o"
            "  JOIN service s ON s.id = o.service_id"
            "  LEFT JOIN orientation_history h ON h.id ="
            "       (SELECT y.id FROM orientation_history y WHERE y.orientation_id = o.id"
            "           AND y.at < ?2 ORDER BY y.at DESC, y.id DESC LIMIT 1)"
            " WHERE (o.created_at >= ?1 AND o.created_at < ?2)"
            "    OR EXISTS (SELECT 1 FROM orientation_history z WHERE z.orientation_id = o.id"
            "                  AND z.at >= ?1 AND z.at < ?2)"
            " ORDER BY o.created_at, o.uuid";
        sqlite3_stmt *st = NULL;
        s = db_prepare(j->db, sql, &st, err);
        if (s == G_OK) {
            sqlite3_bind_int64(st, 1, j->t0);
            sqlite3_bind_int64(st, 2, j->t1);
            int rc;
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                int64_t created = local_serial(sqlite3_column_int64(st, 0));
                const char *status = vocab(orient_statuses, col_text(st, 5));
                /* days open: until the decision, or until the exported day */
                int64_t end = sqlite3_column_type(st, 7) == SQLITE_NULL
                                  ? j->serial
                                  : local_serial(sqlite3_column_int64(st, 7));
                char created_day[11];
                civil_from_days(created, created_day);
                csvout_raw(w, j->day);
                csvout_text(w, op_code(col_text(st, 1)));
                csvout_text(w, col_text(st, 2));
                csvout_text(w, col_text(st, 3));
                csvout_text(w, theme_code(col_text(st, 4)));
                csvout_text(w, status);
                csvout_text(w, vocab(orientation_refusals, col_text(st, 6)));
                csvout_int(w, end - created);
                csvout_raw(w, created_day);
                csvout_end_row(w);
            }
            if (rc != SQLITE_DONE)
                s = step_fail(j->db, rc, err);
            sqlite3_finalize(st);
        }
    }
    if (s == G_OK)
        s = csvout_status(w, err);
    return close_file(j, w, s, err);
}

static const char *const rdv_cols[] = {"date",      "tranche_horaire", "operateur", "motif",
                                       "lieu",      "statut",          "origine",   "atelier",
                                       "duree_min", "delai_jours"};

static g_status write_rendez_vous(day_job *j, g_error *err)
{
    csvout *w = NULL;
    g_status s =
        open_file(j, "rendez-vous", rdv_cols, (int)(sizeof rdv_cols / sizeof *rdv_cols), &w, err);
    if (s != G_OK)
        return s;
    {
        static const char sql[] =
            "SELECT a.start_at, a.end_at, COALESCE(mo.operator, r.operator), mo.name, mo.place,"
            "       a.status, a.origin, mo.capacity > 1, a.created_at"
            "  FROM appointment a"
            "  JOIN motif mo ON mo.id = a.motif_id"
            "  JOIN resource r ON r.id = a.resource_id"
            " WHERE a.start_at >= ?1 AND a.start_at < ?2"
            " ORDER BY a.start_at, a.uuid";
        sqlite3_stmt *st = NULL;
        s = db_prepare(j->db, sql, &st, err);
        if (s == G_OK) {
            sqlite3_bind_int64(st, 1, j->t0);
            sqlite3_bind_int64(st, 2, j->t1);
            int rc;
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                int64_t start = sqlite3_column_int64(st, 0);
                int64_t end = sqlite3_column_int64(st, 1);
                csvout_raw(w, j->day);
                csvout_text(w, time_band(start));
                csvout_text(w, op_code(col_text(st, 2)));
                csvout_text(w, col_text(st, 3));
                csvout_text(w, vocab(motif_places, col_text(st, 4)));
                csvout_text(w, vocab(appt_statuses, col_text(st, 5)));
                csvout_text(w, vocab(appt_origins, col_text(st, 6)));
                csvout_int(w, sqlite3_column_int(st, 7));
                csvout_int(w, (end - start) / 60);
                csvout_int(w, j->serial - local_serial(sqlite3_column_int64(st, 8)));
                csvout_end_row(w);
            }
            if (rc != SQLITE_DONE)
                s = step_fail(j->db, rc, err);
            sqlite3_finalize(st);
        }
    }
    if (s == G_OK)
        s = csvout_status(w, err);
    return close_file(j, w, s, err);
}

/* Counts of one grouping: a row per vocabulary code. */
typedef struct tally {
    int64_t n;
    int64_t minutes;
} tally;

/* Runs sql (bound to the day) whose rows are (key1, key2, count, minutes) and
 * adds them into t[i1 * n2 + i2] where i1/i2 come from the lookups; rows whose
 * key does not map (-1) go to the last index of that dimension when
 * fallback1 is set, else are dropped. */
static g_status tally_query(day_job *j, const char *sql, int (*lookup1)(const char *), int n1,
                            int fallback1, const char *const *codes2, int n2, tally *t,
                            g_error *err)
{
    sqlite3_stmt *st = NULL;
    g_status s = db_prepare(j->db, sql, &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, j->t0);
    sqlite3_bind_int64(st, 2, j->t1);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int i1 = lookup1(col_text(st, 0));
        if (i1 < 0 && fallback1)
            i1 = n1 - 1;
        int i2 = codes2 ? ref_index(codes2, col_text(st, 1) ? col_text(st, 1) : "") : 0;
        if (i1 < 0 || i1 >= n1 || i2 < 0 || i2 >= n2)
            continue;
        t[i1 * n2 + i2].n += sqlite3_column_int64(st, 2);
        t[i1 * n2 + i2].minutes += sqlite3_column_int64(st, 3);
    }
    if (rc != SQLITE_DONE)
        s = step_fail(j->db, rc, err);
    sqlite3_finalize(st);
    return s;
}

static int idx_state(const char *s)
{
    return s ? ref_index(visit_states, s) : -1;
}
static int idx_channel(const char *s)
{
    return s ? ref_index(ref_channels, s) : -1;
}
static int idx_help(const char *s)
{
    return s ? ref_index(ref_help_types, s) : -1;
}
static int idx_operator(const char *s)
{
    int i = 0;
    for (const ref_operator *o = ref_operators; s && o->code; o++, i++)
        if (strcmp(o->code, s) == 0)
            return i;
    return -1;
}

static int count_codes(const char *const *codes)
{
    int n = 0;
    while (codes[n])
        n++;
    return n;
}

static void synth_row(csvout *w, const char *day, const char *axis, const char *code,
                      const char *help, const tally *t)
{
    csvout_raw(w, day);
    csvout_text(w, axis);
    csvout_text(w, code);
    csvout_text(w, help);
    csvout_int(w, t->n);
    csvout_int(w, t->minutes);
    csvout_end_row(w);
}

static const char *const synthese_cols[] = {"date",      "axe",      "code",
                                            "type_aide", "demandes", "duree_totale_min"};

static g_status write_synthese(day_job *j, g_error *err)
{
    const int nstates = count_codes(visit_states), nchan = count_codes(ref_channels),
              nhelp = count_codes(ref_help_types), nops = ref_operator_count() + 1;
    tally *states = calloc((size_t)nstates, sizeof *states);
    tally *chan = calloc((size_t)nchan, sizeof *chan);
    tally *help = calloc((size_t)nhelp, sizeof *help);
    tally *ops = calloc((size_t)(nops * nhelp), sizeof *ops);
    csvout *w = NULL;
    g_status s = G_OK;
    if (!states || !chan || !help || !ops)
        s = g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
#define DAY_VISITS " FROM visit v WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2"
    if (s == G_OK)
        s = tally_query(j,
                        "SELECT v.state, NULL, count(*), total(v.duration_min)" DAY_VISITS
                        " GROUP BY v.state",
                        idx_state, nstates, 0, NULL, 1, states, err);
    if (s == G_OK)
        s = tally_query(j,
                        "SELECT v.channel, NULL, count(*), total(v.duration_min)" DAY_VISITS
                        " AND v.state = 'termine' GROUP BY v.channel",
                        idx_channel, nchan, 0, NULL, 1, chan, err);
    if (s == G_OK)
        s = tally_query(j,
                        "SELECT v.help_type, NULL, count(*), total(v.duration_min)" DAY_VISITS
                        " AND v.state = 'termine' GROUP BY v.help_type",
                        idx_help, nhelp, 0, NULL, 1, help, err);
    /* a request concerning two operators counts once for each; two topics of
     * the same operator count once */
    if (s == G_OK)
        s = tally_query(j,
                        "SELECT op, help_type, count(*), total(duration_min) FROM ("
                        " SELECT DISTINCT v.id, t.operator AS op, v.help_type, v.duration_min"
                        " FROM visit v LEFT JOIN visit_topic t ON t.visit_id = v.id"
                        " WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2"
                        "   AND v.state = 'termine')"
                        " GROUP BY op, help_type",
                        idx_operator, nops, 1, ref_help_types, nhelp, ops, err);
#undef DAY_VISITS
    if (s == G_OK)
        s = open_file(j, "synthese", synthese_cols,
                      (int)(sizeof synthese_cols / sizeof *synthese_cols), &w, err);
    if (s == G_OK) {
        tally total = {0, 0};
        for (int i = 0; i < nhelp; i++) {
            total.n += help[i].n;
            total.minutes += help[i].minutes;
        }
        synth_row(w, j->day, "total", NULL, NULL, &total);
        for (int i = 0; i < nstates; i++)
            synth_row(w, j->day, "etat", visit_states[i], NULL, &states[i]);
        for (int i = 0; i < nchan; i++)
            synth_row(w, j->day, "canal", ref_channels[i], NULL, &chan[i]);
        for (int i = 0; i < nhelp; i++)
            synth_row(w, j->day, "type_aide", ref_help_types[i], NULL, &help[i]);
        for (int o = 0; o < nops; o++)
            for (int h = 0; h < nhelp; h++)
                synth_row(w, j->day, "operateur", o < nops - 1 ? ref_operators[o].code : "aucun",
                          ref_help_types[h], &ops[o * nhelp + h]);
        s = close_file(j, w, csvout_status(w, err), err);
    }
    free(states);
    free(chan);
    free(help);
    free(ops);
    return s;
}

static const char *const manifest_cols[] = {"fichier", "lignes", "octets", "sha256"};

static g_status write_manifest(day_job *j, g_error *err)
{
    csvout *w = NULL;
    int ndata = j->nfiles;
    g_status s = open_file(j, "manifeste", manifest_cols,
                           (int)(sizeof manifest_cols / sizeof *manifest_cols), &w, err);
    if (s != G_OK)
        return s;
    for (int i = 0; i < ndata; i++) {
        csvout_text(w, j->files[i].name);
        csvout_int(w, j->files[i].info.rows);
        csvout_int(w, j->files[i].info.bytes);
        csvout_raw(w, j->files[i].info.sha256);
        csvout_end_row(w);
    }
    return close_file(j, w, csvout_status(w, err), err);
}

static g_status load_site(g_db *db, char matricule[32], unsigned char key[32], int64_t *created,
                          g_error *err)
{
    sqlite3_stmt *st = NULL;
    g_status s = db_prepare(
        db, "SELECT matricule, pseudonym_key, created_at FROM site WHERE id = 1", &st, err);
    if (s != G_OK)
        return s;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 1) == 32) {
        db_column_text(st, 0, matricule, 32);
        memcpy(key, sqlite3_column_blob(st, 1), 32);
        if (created)
            *created = sqlite3_column_int64(st, 2);
    } else if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
        s = g_err(err, G_ERR_NOTFOUND,
                  _("Le site n'est pas configuré dans cette base : lancez d'abord « guichet "
                    "init »."));
    } else {
        s = db_fail(db, err, _("lecture du site"));
    }
    sqlite3_finalize(st);
    return s;
}

/* Records one day's run (ok or failed) and journals it, in one transaction. */
static g_status record_run(day_job *j, const char *kind, const export_opts *o, int64_t started,
                           const g_error *failure, g_error *err)
{
    int ok = failure == NULL;
    int64_t rows = 0;
    for (int i = 0; ok && i < j->nfiles - 1; i++)
        rows += j->files[i].info.rows;
    const char *mname = ok ? j->files[j->nfiles - 1].name : "";
    const char *msha = ok ? j->files[j->nfiles - 1].info.sha256 : "";
    g_status s = db_begin(j->db, err);
    if (s != G_OK)
        return s;
    sqlite3_stmt *st = NULL;
    s = db_prepare(j->db,
                   "INSERT INTO export_run (day, kind, outdir, file, rows, sha256, started_at, at,"
                   " user_id, status, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                   &st, err);
    if (s == G_OK) {
        sqlite3_bind_text(st, 1, j->day, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, j->dir, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, mname, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, rows);
        sqlite3_bind_text(st, 6, msha, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 7, started);
        sqlite3_bind_int64(st, 8, clock_now());
        sqlite3_bind_int64(st, 9, o->user_id);
        sqlite3_bind_text(st, 10, ok ? "ok" : "echec", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 11, ok ? "" : failure->msg, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            s = db_fail(j->db, err, _("enregistrement de l'export"));
        sqlite3_finalize(st);
    }
    int64_t run_id = sqlite3_last_insert_rowid(db_sql(j->db));
    for (int i = 0; s == G_OK && ok && i < j->nfiles - 1; i++) {
        s = db_prepare(j->db,
                       "INSERT INTO export_file (run_id, name, kind, rows, bytes, sha256)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                       &st, err);
        if (s != G_OK)
            break;
        sqlite3_bind_int64(st, 1, run_id);
        sqlite3_bind_text(st, 2, j->files[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, j->files[i].kind, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, j->files[i].info.rows);
        sqlite3_bind_int64(st, 5, j->files[i].info.bytes);
        sqlite3_bind_text(st, 6, j->files[i].info.sha256, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            s = db_fail(j->db, err, _("enregistrement de l'export"));
        sqlite3_finalize(st);
    }
    if (s == G_OK) {
        char object[48], detail[256];
        snprintf(object, sizeof object, "export:%s", j->day);
        if (ok)
            snprintf(detail, sizeof detail, "%s, %d fichiers, %" PRId64 " lignes, manifeste %.16s",
                     kind, j->nfiles, rows, msha);
        else
            snprintf(detail, sizeof detail, "%s, échec : %.200s", kind, failure->msg);
        s = audit_log(j->db, o->user_id, "export-run", object, detail, err);
    }
    if (s != G_OK) {
        db_rollback(j->db);
        return s;
    }
    return db_commit(j->db, err);
}

/* Writes the day's files. The manifest goes first (a day without manifest is
 * incomplete) and comes back last. */
static g_status write_day(day_job *j, g_error *err)
{
    char mname[96];
    export_file_name("manifeste", j->matricule, j->day, mname, sizeof mname);
    g_status s = csvout_remove(j->dir, mname, err);
    if (s != G_OK)
        return s;
    /* one snapshot for the four files, without blocking the desks (WAL) */
    sqlite3 *sql = db_sql(j->db);
    int own_tx = sqlite3_get_autocommit(sql);
    if (own_tx && sqlite3_exec(sql, "BEGIN DEFERRED", NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(j->db, err, _("lecture des données à exporter"));
    s = write_activite(j, err);
    if (s == G_OK)
        s = write_orientations(j, err);
    if (s == G_OK)
        s = write_rendez_vous(j, err);
    if (s == G_OK)
        s = write_synthese(j, err);
    if (own_tx)
        sqlite3_exec(sql, "COMMIT", NULL, NULL, NULL);
    if (s == G_OK)
        s = write_manifest(j, err);
    return s;
}

/* ---- the run --------------------------------------------------------------- */

typedef struct run {
    g_db *db;
    const g_config *cfg;
    export_opts opts;
    char dir[PATH_MAX];
    int lock_fd;
    char matricule[32];
    unsigned char key[32];
    int64_t site_created;
    export_result *res; /* the caller's, or own */
    export_result own;
} run;

static g_status mkdir_p(const char *path, g_error *err)
{
    char buf[PATH_MAX];
    if ((size_t)snprintf(buf, sizeof buf, "%s", path) >= sizeof buf)
        return g_err(err, G_ERR_INVALID, _("Chemin d'export trop long : « %s »."), path);
    for (char *p = buf + 1;; p++) {
        if (*p != '/' && *p != 0)
            continue;
        char c = *p;
        *p = 0;
        if (mkdir(buf, 0750) != 0 && errno != EEXIST)
            return g_err(err, G_ERR_IO, _("Impossible de créer le dossier d'export « %s » : %s."),
                         buf, strerror(errno));
        *p = c;
        if (!c)
            break;
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return g_err(err, G_ERR_IO, _("Le dossier d'export « %s » n'est pas un dossier."), path);
    return G_OK;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static double monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static g_status run_start(run *r, g_db *db, const g_config *cfg, const export_opts *opts,
                          export_result *res, g_error *err)
{
    memset(r, 0, sizeof *r);
    r->db = db;
    r->cfg = cfg;
    r->lock_fd = -1;
    if (opts)
        r->opts = *opts;
    r->res = res ? res : &r->own;
    memset(r->res, 0, sizeof *r->res);
    if (sodium_init() < 0)
        return g_err(err, G_ERR_CRYPTO, _("La bibliothèque de chiffrement n'a pas pu démarrer."));
    const char *dir = r->opts.outdir && *r->opts.outdir ? r->opts.outdir : cfg->export.dir;
    if (!dir || !*dir)
        return g_err(err, G_ERR_INVALID,
                     _("Aucun dossier d'export : réglez [export] dir ou passez --out."));
    snprintf(r->dir, sizeof r->dir, "%s", dir);
    snprintf(r->res->outdir, sizeof r->res->outdir, "%s", dir);
    g_status s = load_site(db, r->matricule, r->key, &r->site_created, err);
    if (s != G_OK)
        return s;
    if ((s = mkdir_p(r->dir, err)) != G_OK)
        return s;
    char real[PATH_MAX];
    if (realpath(r->dir, real)) { /* export_run keeps where the files went */
        snprintf(r->dir, sizeof r->dir, "%s", real);
        snprintf(r->res->outdir, sizeof r->res->outdir, "%s", real);
    }

    char lock[PATH_MAX];
    if ((size_t)snprintf(lock, sizeof lock, "%s/" EXPORT_LOCK_NAME, r->dir) >= sizeof lock)
        return g_err(err, G_ERR_INVALID, _("Chemin d'export trop long : « %s »."), r->dir);
    r->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
    if (r->lock_fd < 0)
        return g_err(err, G_ERR_IO, _("Impossible d'ouvrir le verrou d'export « %s » : %s."), lock,
                     strerror(errno));
    double deadline = monotonic_seconds() + (r->opts.wait_seconds > 0 ? r->opts.wait_seconds : 0);
    while (flock(r->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR)
            return g_err(err, G_ERR_IO, _("Impossible de verrouiller « %s » : %s."), lock,
                         strerror(errno));
        if (monotonic_seconds() >= deadline)
            return g_err(err, G_ERR_BUSY,
                         _("Un autre export est déjà en cours dans « %s » ; réessayez quand il "
                           "sera terminé."),
                         r->dir);
        sleep_ms(100);
    }
    return csvout_clean_temps(r->dir, &r->res->temps_removed, err);
}

static void run_end(run *r)
{
    if (r->lock_fd >= 0)
        close(r->lock_fd); /* releases the flock */
    r->lock_fd = -1;
    sodium_memzero(r->key, sizeof r->key);
}

static g_status run_one_day(run *r, int64_t serial, const char *kind, g_error *err)
{
    day_job *j = calloc(1, sizeof *j);
    if (!j)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    j->db = r->db;
    j->cfg = r->cfg;
    j->dir = r->dir;
    j->serial = serial;
    civil_from_days(serial, j->day);
    j->t0 = day_start(serial);
    j->t1 = day_start(serial + 1);
    memcpy(j->matricule, r->matricule, sizeof j->matricule);
    memcpy(j->key, r->key, sizeof j->key);
    j->fmt.separator = r->cfg->export.separator ? r->cfg->export.separator : ';';
    j->fmt.bom = r->cfg->export.bom;
    j->fmt.crlf = r->cfg->export.crlf;
    int64_t started = clock_now();
    g_status s = write_day(j, err);
    if (s == G_OK) {
        s = record_run(j, kind, &r->opts, started, NULL, err);
        if (s == G_OK) {
            export_result *res = r->res;
            if (!res->first_day[0])
                snprintf(res->first_day, sizeof res->first_day, "%s", j->day);
            snprintf(res->last_day, sizeof res->last_day, "%s", j->day);
            res->days++;
            res->files += j->nfiles;
            for (int i = 0; i < j->nfiles - 1; i++)
                res->rows += j->files[i].info.rows;
        }
    } else {
        g_error ignored = {0};
        record_run(j, kind, &r->opts, started, err, &ignored); /* best effort */
    }
    if (s != G_OK)
        snprintf(r->res->failed_day, sizeof r->res->failed_day, "%s", j->day);
    sodium_memzero(j->key, sizeof j->key);
    free(j);
    return s;
}

static g_status check_day(const char *day, int64_t *serial, g_error *err)
{
    if (!parse_day(day, serial))
        return g_err_field(err, G_ERR_INVALID, "date",
                           _("Date impossible « %s » : attendu AAAA-MM-JJ, un jour qui existe "
                             "(par exemple 2026-03-28)."),
                           day ? day : "");
    if (*serial >= today_serial())
        return g_err_field(err, G_ERR_INVALID, "date",
                           _("La journée du %s n'est pas terminée : on n'exporte que les jours "
                             "passés."),
                           day);
    return G_OK;
}

g_status export_range(g_db *db, const g_config *cfg, const char *from, const char *to,
                      const export_opts *opts, export_result *res, g_error *err)
{
    int64_t a, b = today_serial() - 1;
    g_status s = check_day(from, &a, err);
    if (s == G_OK && to)
        s = check_day(to, &b, err);
    if (s != G_OK)
        return s;
    if (b < a)
        return g_err(err, G_ERR_INVALID,
                     _("La période est à l'envers : la fin (%s) est avant le début (%s)."), to,
                     from);
    if (b - a >= EXPORT_MAX_DAYS)
        return g_err(err, G_ERR_INVALID,
                     _("Période trop longue (%" PRId64 " jours) : dix ans au plus par export."),
                     b - a + 1);
    run r;
    s = run_start(&r, db, cfg, opts, res, err);
    for (int64_t d = a; s == G_OK && d <= b; d++)
        s = run_one_day(&r, d, "manuel", err);
    run_end(&r);
    return s;
}

g_status export_day(g_db *db, const g_config *cfg, const char *day, const export_opts *opts,
                    export_result *res, g_error *err)
{
    return export_range(db, cfg, day, day, opts, res, err);
}

/* The days export_pending writes, in order: *days malloc'd serials. */
static g_status pending_days(g_db *db, int64_t site_created, int64_t **days, int *count,
                             g_error *err)
{
    *days = NULL;
    *count = 0;
    int64_t yesterday = today_serial() - 1;
    int64_t start = site_created > 0 ? local_serial(site_created) : yesterday;
    if (start > yesterday)
        return G_OK;
    if (yesterday - start >= 100000)
        start = yesterday - 99999;
    int64_t *list = malloc(sizeof *list * (size_t)(yesterday - start + 1));
    if (!list)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    char first[11];
    civil_from_days(start, first);
    sqlite3_stmt *st = NULL;
    g_status s = db_prepare(
        db, "SELECT DISTINCT day FROM export_run WHERE status = 'ok' AND day >= ?1 ORDER BY day",
        &st, err);
    if (s != G_OK) {
        free(list);
        return s;
    }
    sqlite3_bind_text(st, 1, first, -1, SQLITE_TRANSIENT);
    /* walk the days and the sorted exported days side by side */
    int n = 0, rc = SQLITE_ROW;
    int64_t done = INT64_MIN;
    for (int64_t d = start; d <= yesterday; d++) {
        while (done < d) {
            rc = sqlite3_step(st);
            int64_t v;
            if (rc != SQLITE_ROW)
                done = INT64_MAX;
            else if (parse_day(col_text(st, 0), &v))
                done = v;
        }
        if (done != d)
            list[n++] = d;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        s = db_fail(db, err, _("lecture des exports passés"));
    sqlite3_finalize(st);
    if (s != G_OK) {
        free(list);
        return s;
    }
    *days = list;
    *count = n;
    return G_OK;
}

g_status export_pending(g_db *db, const g_config *cfg, const export_opts *opts, export_result *res,
                        g_error *err)
{
    run r;
    g_status s = run_start(&r, db, cfg, opts, res, err);
    int64_t *days = NULL;
    int n = 0;
    /* computed under the lock: a run that waited for another sees its work */
    if (s == G_OK)
        s = pending_days(db, r.site_created, &days, &n, err);
    int64_t yesterday = today_serial() - 1;
    for (int i = 0; s == G_OK && i < n; i++)
        s = run_one_day(&r, days[i], days[i] == yesterday ? "quotidien" : "rattrapage", err);
    free(days);
    run_end(&r);
    return s;
}

g_status export_status(g_db *db, int *pending, char last_day[11], g_error *err)
{
    char matricule[32];
    unsigned char key[32];
    int64_t created = 0;
    last_day[0] = 0;
    *pending = 0;
    g_status s = load_site(db, matricule, key, &created, err);
    sodium_memzero(key, sizeof key);
    if (s != G_OK)
        return s;
    int64_t *days = NULL;
    s = pending_days(db, created, &days, pending, err);
    free(days);
    if (s != G_OK)
        return s;
    sqlite3_stmt *st = NULL;
    s = db_prepare(db, "SELECT max(day) FROM export_run WHERE status = 'ok'", &st, err);
    if (s != G_OK)
        return s;
    if (sqlite3_step(st) == SQLITE_ROW)
        db_column_text(st, 0, last_day, 11);
    sqlite3_finalize(st);
    return G_OK;
}
