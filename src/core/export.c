/* export.c — the nightly CSV export to the funding partners (see
 * guichet/export.h and docs/export-format.md).
 *
 * Days are written in batches of consecutive days (see "a batch" below): one
 * read snapshot of the database per batch (a deferred transaction: the desks
 * keep writing meanwhile), each query run once over the batch and its rows
 * cut into days as they stream through csvout, the data files published,
 * then the manifests, then one short write transaction recording the days
 * (export_run, export_file) and journaling them. The outbox is locked with
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
#include "export_internal.h"
#include "guichet/agenda.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/csvout.h"
#include "guichet/export.h"
#include "guichet/satisfaction.h"
#include "guichet/fsutil.h"
#include "guichet/i18n.h"
#include "guichet/orientation.h"
#include "guichet/ref.h"
#include "guichet/status.h"
#include "guichet/uuid.h"
#include "guichet/visit.h"

#define EXPORT_LOCK_NAME  ".guichet-export.lock"
#define EXPORT_MAX_DAYS   3660 /* a range longer than ten years is a typing mistake */
#define EXPORT_DATA_FILES 4

/* ---- dates ------------------------------------------------------------- */

static int64_t today_serial(void)
{
    char today[11];
    int64_t t;
    clock_today(today);
    return clock_date_parse(today, &t) == 0 ? t : 0;
}

static int64_t local_serial(int64_t instant)
{
    struct tm tm;
    clock_local(instant, &tm);
    return clock_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* First UTC instant of a local day (midnight, or the first hour that exists
 * in zones whose DST change happens at midnight). */
static int64_t day_start(int64_t serial)
{
    char d[11];
    clock_date_format(serial, d);
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

/* the codes each column may hold: the tables of the modules that own them
 * (visit.h, agenda.h, orientation.h), never copies */
static const char *const *const appt_statuses = agenda_statuses;
static const char *const *const appt_origins = agenda_origins;
static const char *const *const motif_places = agenda_places;
static const char *const *const orient_statuses = orientation_statuses;

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

/* The data·inclusion v1 thématique (always `categorie--sous-thematique`):
 * a category alone is not one, it goes to the category column only. */
static const char *theme_code(const char *s)
{
    const ref_code *t = s ? ref_theme_find(s) : NULL;
    return t && t->category ? s : NULL;
}

/* The thématique's category: the code itself for a category alone, else its
 * parent. */
static const char *theme_category(const char *s)
{
    const ref_code *t = s ? ref_theme_find(s) : NULL;
    return !t ? NULL : t->category ? t->category : t->code;
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

static g_status step_fail(g_db *db, int rc, g_error *err)
{
    (void)rc;
    return db_fail(db, err, _("lecture des données à exporter"));
}

/* ---- a batch of consecutive days ------------------------------------------ */

/* Up to EXPORT_BATCH_DAYS consecutive days are written together: one read
 * snapshot and one pass of each query over the whole batch (the rows come
 * ordered by time and are cut into days as they stream by), every file of
 * every day (data files, then the day's manifest) written under a temporary
 * name, then made durable and published together (publish_batch), and one
 * write transaction recording the days. A run killed in the middle leaves
 * complete files under final names (or the previous ones) and temporary
 * files that the next run removes; a day whose files are written but not
 * yet recorded is simply written again by the next run, with the same
 * bytes. Memory is bounded by the batch (open files, a few statements, the
 * fixed-size visitor cache), never by the number of rows. */
#define EXPORT_BATCH_DAYS 64

typedef struct day_file {
    char name[96];
    const char *kind;
    csvout *w; /* finished, not yet published; NULL once published or aborted */
    csvout_info info;
} day_file;

typedef struct day_job {
    char day[11];
    int64_t serial;
    int64_t t0, t1; /* [t0, t1) UTC bounds of the local day */
    int plain;      /* 1 when the day lasts 24 h: local hour = (t - t0) / 3600 */
    const char *kind;
    int64_t started;
    day_file files[EXPORT_DATA_FILES + 2]; /* the four data files, the manifest's
                                              signature, then the manifest */
    int nfiles;
} day_job;

/* Counts of one grouping: a row per vocabulary code. */
typedef struct tally {
    int64_t n;
    int64_t minutes;
} tally;

/* A statement streaming the rows of the batch, its first column the instant
 * that places the row in a day. */
typedef struct cursor {
    sqlite3_stmt *st;
    int rc; /* result of the last step: SQLITE_ROW = a row is waiting */
} cursor;

typedef struct batch {
    g_db *db;
    const g_config *cfg;
    const char *dir;
    const char *matricule;
    int matricule_raw;       /* the matricule needs no neutralisation (csvout_raw) */
    const char *run_uuid;    /* the run, named in every manifest */
    const char *period_from; /* the first and last day the run writes */
    const char *period_to;
    const unsigned char *sign_sk; /* Ed25519 secret key signing the manifests */
    export_visitors *visitors;    /* pseudonyms and birth dates, once per visitor */
    csvout_format fmt;
    day_job *jobs;
    int n;
    int nstates, nchan, nhelp, nops;
    tally *states, *chan, *help, *ops; /* the synthesis of the day being written */
    cursor act, rdv;
    struct request_group *group; /* the requests of one second (write_activite) */
} batch;

static g_status cursor_open(batch *b, const char *sql, cursor *c, g_error *err)
{
    c->rc = SQLITE_DONE;
    g_status s = db_stmt(b->db, sql, &c->st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(c->st, 1, b->jobs[0].t0);
    sqlite3_bind_int64(c->st, 2, b->jobs[b->n - 1].t1);
    c->rc = sqlite3_step(c->st);
    return G_OK;
}

/* 1 when the waiting row belongs to a day ending at t1 (the days before were
 * consumed already). */
static int cursor_in_day(const cursor *c, int64_t t1)
{
    return c->rc == SQLITE_ROW && sqlite3_column_int64(c->st, 0) < t1;
}

static void cursor_next(cursor *c)
{
    c->rc = sqlite3_step(c->st);
}

static g_status cursor_status(batch *b, const cursor *c, g_error *err)
{
    if (c->rc == SQLITE_ROW || c->rc == SQLITE_DONE)
        return G_OK;
    return db_fail(b->db, err, _("lecture des données à exporter"));
}

static void cursor_close(batch *b, cursor *c)
{
    db_stmt_done(b->db, c->st);
    c->st = NULL;
}

/* The first cell of every row of every file: the site's matricule, so that
 * an aggregator's table of thousands of sites keeps each row's origin. */
static void put_matricule(const batch *b, csvout *w)
{
    if (b->matricule_raw)
        csvout_raw(w, b->matricule);
    else
        csvout_text(w, b->matricule);
}

static const char *time_band_in(const day_job *j, int64_t instant)
{
    static const char *const bands[] = {"avant-08", "08-10", "10-12",   "12-14",
                                        "14-16",    "16-18", "apres-18"};
    if (!j->plain || instant < j->t0 || instant >= j->t1)
        return time_band(instant);
    int hour = (int)((instant - j->t0) / 3600);
    if (hour < 8)
        return bands[0];
    if (hour >= 18)
        return bands[6];
    return bands[1 + (hour - 8) / 2];
}

static g_status open_file(batch *b, day_job *j, const char *kind, const char *const *head,
                          int ncols, csvout **w, g_error *err)
{
    day_file *f = &j->files[j->nfiles];
    export_file_name(kind, b->matricule, j->day, f->name, sizeof f->name);
    g_status s = csvout_open(b->dir, f->name, &b->fmt, w, err);
    if (s != G_OK)
        return s;
    csvout_header(*w, head, ncols);
    f->kind = kind;
    f->w = NULL;
    return G_OK;
}

/* Finishes the file (flushed, hashed, still under its temporary name) and
 * keeps it for publish_batch. */
static g_status close_file(day_job *j, csvout *w, g_status s, g_error *err)
{
    if (s == G_OK)
        s = csvout_finish(w, &j->files[j->nfiles].info, err);
    if (s != G_OK) {
        csvout_abort(w);
        return s;
    }
    j->files[j->nfiles++].w = w;
    return G_OK;
}

static void abort_day(day_job *j)
{
    for (int i = 0; i < j->nfiles; i++) {
        csvout_abort(j->files[i].w);
        j->files[i].w = NULL;
    }
}

static const char *const activite_cols[] = {
    "matricule",  "date",      "tranche_horaire", "etat",
    "canal",      "operateur", "famille",         "thematique_categorie",
    "thematique", "nb_sujets", "type_aide",       "autonomie",
    "duree_min",  "issue",     "suite_rdv",       "tranche_age",
    "sexe",       "commune",   "usager"};

/* One row per topic of each request (one row with NULL topic columns for a
 * request without topic), the topics of a request consecutive and in
 * position order: the count of topics, the first topic and the operators
 * of the synthesis are all read from these rows, without probing
 * visit_topic again. The visitor's part comes from export_visitors. The
 * order is the index's (arrival, then id): the files order requests of the
 * same second by uuid, which write_activite does itself for those few (a
 * sorter in the statement would copy every row through it). */
static const char activite_sql[] =
    "SELECT v.arrived_at, v.id, v.state, v.channel, v.help_type, v.autonomy, v.duration_min,"
    "       v.outcome, v.appointment_id IS NOT NULL, v.age_band, v.sex, v.commune,"
    "       v.visitor_id, v.uuid, t.position, t.operator, t.family, t.theme"
    "  FROM visit v"
    "  LEFT JOIN visit_topic t ON t.visit_id = v.id"
    " WHERE v.arrived_at >= ?1 AND v.arrived_at < ?2"
    " ORDER BY v.arrived_at, v.id, t.position";

enum {
    ACT_ARRIVED,
    ACT_ID,
    ACT_STATE,
    ACT_CHANNEL,
    ACT_HELP,
    ACT_AUTONOMY,
    ACT_DURATION,
    ACT_OUTCOME,
    ACT_APPOINTMENT,
    ACT_AGE_BAND,
    ACT_SEX,
    ACT_COMMUNE,
    ACT_VISITOR,
    ACT_UUID,
    ACT_POSITION,
    ACT_OPERATOR,
    ACT_FAMILY,
    ACT_THEME
};

/* The code as the static vocabulary string (never SQLite's buffer, which the
 * next step frees), or NULL when s is not one of codes. */
static const char *code_of(const char *const *codes, const char *s)
{
    int i = s ? ref_index(codes, s) : -1;
    return i >= 0 ? codes[i] : NULL;
}

static int idx_operator(const char *s)
{
    int i = 0;
    for (const ref_operator *o = ref_operators; s && o->code; o++, i++)
        if (strcmp(o->code, s) == 0)
            return i;
    return -1;
}

static void tally_add(tally *t, int i, int n, int64_t minutes)
{
    if (i >= 0 && i < n) {
        t[i].n++;
        t[i].minutes += minutes;
    }
}

/* One request read from the activity cursor: what its row of the file
 * needs, copied (as vocabulary codes), since reading its topics moves the
 * cursor on. */
typedef struct request {
    int64_t arrived;
    int has_visitor; /* visitor_id not NULL */
    int64_t visitor_id;
    const char *state, *channel, *help, *autonomy, *outcome, *age_band, *sex;
    char commune[6]; /* a valid INSEE code, or "" */
    int has_duration;
    int64_t minutes; /* NULL counts 0, as SQL's total() */
    int appointment;
    int topics;
    const char *op, *family, *theme_category, *theme; /* of the first topic */
    char uuid[40];   /* the order among requests of the same second */
    char *long_uuid; /* malloc'd when the uuid does not fit (a hand-made row) */
} request;

static const char *request_uuid(const request *r)
{
    return r->long_uuid ? r->long_uuid : r->uuid;
}

static int request_cmp(const void *a, const void *b)
{
    return strcmp(request_uuid(a), request_uuid(b));
}

/* The operators of a finished request for the synthesis: each distinct
 * operator value once (a request about two operators counts once for each,
 * two topics of one operator once); a request without topic, a topic
 * without operator and each distinct unknown value (written behind
 * guichet's back) count for "aucun". */
typedef struct request_ops {
    uint64_t known; /* bit i: ref_operators[i] */
    int none;       /* NULL operator, or no topic at all */
    char **unknown; /* the distinct unknown values (malloc'd) */
    int nunknown, cap;
} request_ops;

/* The requests of one second, put in uuid order before they are written:
 * grows with the largest such group (usually one request). */
typedef struct request_group {
    request *r;
    int n, cap;
    request_ops ops;
} request_group;

static void group_clear(request_group *g)
{
    for (int i = 0; i < g->n; i++) {
        free(g->r[i].long_uuid);
        g->r[i].long_uuid = NULL;
    }
    g->n = 0;
}

static void group_free(request_group *g)
{
    group_clear(g);
    free(g->r);
    for (int k = 0; k < g->ops.nunknown; k++)
        free(g->ops.unknown[k]);
    free(g->ops.unknown);
    memset(g, 0, sizeof *g);
}

static void ops_reset(request_ops *o)
{
    for (int k = 0; k < o->nunknown; k++)
        free(o->unknown[k]);
    o->known = 0;
    o->none = 0;
    o->nunknown = 0;
}

static g_status ops_add(request_ops *o, const char *op, g_error *err)
{
    if (!op) {
        o->none = 1;
        return G_OK;
    }
    int i = idx_operator(op);
    if (i >= 0 && i < 64) {
        o->known |= (uint64_t)1 << i;
        return G_OK;
    }
    for (int k = 0; k < o->nunknown; k++)
        if (strcmp(o->unknown[k], op) == 0)
            return G_OK;
    if (o->nunknown == o->cap) {
        int cap = o->cap ? o->cap * 2 : 4;
        char **n = realloc(o->unknown, (size_t)cap * sizeof *n);
        if (!n)
            return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
        o->unknown = n;
        o->cap = cap;
    }
    if (!(o->unknown[o->nunknown] = strdup(op)))
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    o->nunknown++;
    return G_OK;
}

/* The synthesis's counts of one request (by state; and by channel, type of
 * help and operator when it is finished). */
static void count_request(batch *b, const request *r, const request_ops *ops)
{
    tally_add(b->states, r->state ? ref_index(visit_states, r->state) : -1, b->nstates, r->minutes);
    if (!r->state || strcmp(r->state, VISIT_DONE) != 0)
        return;
    tally_add(b->chan, r->channel ? ref_index(ref_channels, r->channel) : -1, b->nchan, r->minutes);
    int h = r->help ? ref_index(ref_help_types, r->help) : -1;
    if (h < 0 || h >= b->nhelp)
        return;
    tally_add(b->help, h, b->nhelp, r->minutes);
    int64_t none = ops->none + ops->nunknown;
    for (int i = 0; i < b->nops - 1 && i < 64; i++)
        if (ops->known & ((uint64_t)1 << i)) {
            b->ops[i * b->nhelp + h].n++;
            b->ops[i * b->nhelp + h].minutes += r->minutes;
        }
    tally *aucun = &b->ops[(b->nops - 1) * b->nhelp + h];
    aucun->n += none;
    aucun->minutes += none * r->minutes;
}

/* Reads the request at the cursor and its topic rows into a new entry of
 * g, counts it for the synthesis, and leaves the cursor on the next
 * request's first row. */
static g_status read_request(batch *b, cursor *cur, request_group *g, g_error *err)
{
    if (g->n == g->cap) {
        int cap = g->cap ? g->cap * 2 : 8;
        request *n = realloc(g->r, (size_t)cap * sizeof *n);
        if (!n)
            return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
        g->r = n;
        g->cap = cap;
    }
    request *r = &g->r[g->n++];
    request_ops *ops = &g->ops;
    sqlite3_stmt *st = cur->st;
    int64_t id = sqlite3_column_int64(st, ACT_ID);
    r->arrived = sqlite3_column_int64(st, ACT_ARRIVED);
    r->state = code_of(visit_states, col_text(st, ACT_STATE));
    r->channel = code_of(ref_channels, col_text(st, ACT_CHANNEL));
    r->help = code_of(ref_help_types, col_text(st, ACT_HELP));
    r->autonomy = code_of(ref_autonomies, col_text(st, ACT_AUTONOMY));
    r->has_duration = sqlite3_column_type(st, ACT_DURATION) != SQLITE_NULL;
    r->minutes = sqlite3_column_int64(st, ACT_DURATION);
    r->outcome = code_of(visit_outcomes, col_text(st, ACT_OUTCOME));
    r->appointment = sqlite3_column_int(st, ACT_APPOINTMENT);
    r->age_band = code_of(ref_age_bands, col_text(st, ACT_AGE_BAND));
    r->sex = code_of(ref_sexes, col_text(st, ACT_SEX));
    const char *commune = insee_code(col_text(st, ACT_COMMUNE));
    if (commune)
        memcpy(r->commune, commune, sizeof r->commune); /* 5 characters and the NUL */
    else
        r->commune[0] = 0;
    r->has_visitor = sqlite3_column_type(st, ACT_VISITOR) != SQLITE_NULL;
    r->visitor_id = sqlite3_column_int64(st, ACT_VISITOR);
    const char *uuid = col_text(st, ACT_UUID);
    size_t ulen = uuid ? strlen(uuid) : 0;
    r->long_uuid = NULL;
    if (ulen < sizeof r->uuid) {
        memcpy(r->uuid, uuid ? uuid : "", ulen + 1);
    } else if (!(r->long_uuid = strdup(uuid))) {
        g->n--;
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    }
    r->topics = 0;
    r->op = r->family = r->theme_category = r->theme = NULL;
    ops_reset(ops);
    int termine = r->state && strcmp(r->state, VISIT_DONE) == 0;
    g_status s = G_OK;
    if (sqlite3_column_type(st, ACT_POSITION) == SQLITE_NULL) { /* no topic */
        ops->none = 1;
        cursor_next(cur);
    } else {
        const ref_operator *o = ref_operator_find(col_text(st, ACT_OPERATOR));
        const ref_code *f = ref_family_find(col_text(st, ACT_FAMILY));
        const ref_code *t = ref_theme_find(col_text(st, ACT_THEME));
        r->op = o ? o->code : NULL;
        r->family = f ? f->code : NULL;
        /* as theme_category and theme_code say, from the reference table */
        r->theme_category = !t ? NULL : t->category ? t->category : t->code;
        r->theme = t && t->category ? t->code : NULL;
        do {
            r->topics++;
            if (termine && s == G_OK)
                s = ops_add(ops, col_text(st, ACT_OPERATOR), err);
            cursor_next(cur);
        } while (cur->rc == SQLITE_ROW && sqlite3_column_int64(st, ACT_ID) == id);
    }
    if (s == G_OK)
        count_request(b, r, ops);
    return s;
}

/* Writes the row of one request. */
static g_status write_request(batch *b, day_job *j, csvout *w, const request *r, g_error *err)
{
    const g_config *c = b->cfg;
    const char *pseudo = NULL, *birth = NULL;
    if (r->has_visitor) {
        g_status s = export_visitors_get(b->visitors, b->db, r->visitor_id, &pseudo, &birth, err);
        if (s != G_OK)
            return s;
    }
    put_matricule(b, w);
    csvout_raw(w, j->day);
    csvout_text(w, time_band_in(j, r->arrived));
    csvout_text(w, r->state);
    csvout_text(w, r->channel);
    csvout_text(w, r->op);
    csvout_text(w, r->family);
    csvout_text(w, r->theme_category);
    csvout_text(w, r->theme);
    csvout_int(w, r->topics);
    csvout_text(w, r->help);
    csvout_text(w, r->autonomy);
    if (r->has_duration)
        csvout_int(w, r->minutes);
    else
        csvout_empty(w);
    csvout_text(w, r->outcome);
    csvout_int(w, r->appointment);
    /* age band: the snapshot taken at the request, else computed on the
     * request's day from the visitor's birth date (which itself never
     * leaves this function) */
    const char *band = r->age_band;
    if ((!band || strcmp(band, "non-communique") == 0) && birth)
        band = ref_age_band(birth, j->day);
    csvout_text(w, c->export.with_age_band ? ref_public_code(band) : NULL);
    csvout_text(w, c->export.with_sex ? r->sex : NULL);
    csvout_text(w, c->export.with_commune && r->commune[0] ? r->commune : NULL);
    if (c->export.with_pseudonym && pseudo && *pseudo)
        csvout_raw(w, pseudo);
    else
        csvout_empty(w);
    csvout_end_row(w);
    return G_OK;
}

/* The day's requests, and the synthesis's counts (by state, channel, type
 * of help, operator) over the same rows. */
static g_status write_activite(batch *b, day_job *j, g_error *err)
{
    csvout *w = NULL;
    g_status s = open_file(b, j, "activite", activite_cols,
                           (int)(sizeof activite_cols / sizeof *activite_cols), &w, err);
    if (s != G_OK)
        return s;
    cursor *cur = &b->act;
    request_group *g = b->group;
    while (s == G_OK && cursor_in_day(cur, j->t1)) {
        /* the requests of one second */
        int64_t at = sqlite3_column_int64(cur->st, ACT_ARRIVED);
        group_clear(g);
        do
            s = read_request(b, cur, g, err);
        while (s == G_OK && cur->rc == SQLITE_ROW &&
               sqlite3_column_int64(cur->st, ACT_ARRIVED) == at);
        if (g->n > 1)
            qsort(g->r, (size_t)g->n, sizeof *g->r, request_cmp);
        for (int i = 0; s == G_OK && i < g->n; i++)
            s = write_request(b, j, w, &g->r[i], err);
    }
    group_clear(g);
    if (s == G_OK)
        s = cursor_status(b, cur, err);
    if (s == G_OK)
        s = csvout_status(w, err);
    return close_file(j, w, s, err);
}

static const char *const orientation_cols[] = {
    "matricule",  "date",   "operateur",   "service",       "service_code", "thematique_categorie",
    "thematique", "statut", "motif_refus", "jours_ouverte", "creee_le"};

static g_status write_orientations(batch *b, day_job *j, g_error *err)
{
    csvout *w = NULL;
    g_status s = open_file(b, j, "orientations", orientation_cols,
                           (int)(sizeof orientation_cols / sizeof *orientation_cols), &w, err);
    if (s != G_OK)
        return s;
    /* The status and refusal reason as they stood at the end of the day
     * (orientation_history), so that re-exporting an old day gives the same
     * bytes after later changes. One query per day (an orientation appears
     * on every day it changed), prepared once (db_stmt). */
    static const char sql[] =
        "SELECT o.created_at, s.operator, s.name, s.source || ':' || s.source_id, o.theme,"
        "       COALESCE(h.to_status, o.status),"
        "       CASE WHEN h.id IS NULL THEN o.refusal_reason"
        "            WHEN h.to_status = '" ORIENT_REFUSED "' THEN COALESCE(NULLIF(h.detail, ''),"
        "                                                       o.refusal_reason) END,"
        "       (SELECT min(x.at) FROM orientation_history x WHERE x.orientation_id = o.id"
        "           AND x.to_status <> '" ORIENT_OPEN "' AND x.at < ?2)"
        "  FROM orientation o"
        "  JOIN service s ON s.id = o.service_id"
        "  LEFT JOIN orientation_history h ON h.id ="
        "       (SELECT y.id FROM orientation_history y WHERE y.orientation_id = o.id"
        "           AND y.at < ?2 ORDER BY y.at DESC, y.id DESC LIMIT 1)"
        /* made or changed that day, each found by its date (migration
         * 069): not every orientation of the site's life probed */
        " WHERE o.id IN (SELECT id FROM orientation WHERE created_at >= ?1 AND created_at < ?2"
        "                UNION SELECT orientation_id FROM orientation_history"
        "                 WHERE at >= ?1 AND at < ?2)"
        " ORDER BY o.created_at, o.uuid";
    sqlite3_stmt *st = NULL;
    s = db_stmt(b->db, sql, &st, err);
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
            clock_date_format(created, created_day);
            put_matricule(b, w);
            csvout_raw(w, j->day);
            csvout_text(w, op_code(col_text(st, 1)));
            csvout_text(w, col_text(st, 2));
            csvout_text(w, col_text(st, 3));
            csvout_text(w, theme_category(col_text(st, 4)));
            csvout_text(w, theme_code(col_text(st, 4)));
            csvout_text(w, status);
            csvout_text(w, vocab(orientation_refusals, col_text(st, 6)));
            csvout_int(w, end - created);
            csvout_raw(w, created_day);
            csvout_end_row(w);
        }
        if (rc != SQLITE_DONE)
            s = step_fail(b->db, rc, err);
        db_stmt_done(b->db, st);
    }
    if (s == G_OK)
        s = csvout_status(w, err);
    return close_file(j, w, s, err);
}

static const char *const rdv_cols[] = {"matricule", "date",      "tranche_horaire", "operateur",
                                       "motif",     "lieu",      "statut",          "origine",
                                       "atelier",   "duree_min", "delai_jours"};

static const char rdv_sql[] =
    "SELECT a.start_at, a.end_at, COALESCE(mo.operator, r.operator), mo.name, mo.place,"
    "       a.status, a.origin, mo.capacity > 1, a.created_at"
    "  FROM appointment a"
    "  JOIN motif mo ON mo.id = a.motif_id"
    "  JOIN resource r ON r.id = a.resource_id"
    " WHERE a.start_at >= ?1 AND a.start_at < ?2"
    " ORDER BY a.start_at, a.uuid";

static g_status write_rendez_vous(batch *b, day_job *j, g_error *err)
{
    csvout *w = NULL;
    g_status s = open_file(b, j, "rendez-vous", rdv_cols, (int)(sizeof rdv_cols / sizeof *rdv_cols),
                           &w, err);
    if (s != G_OK)
        return s;
    cursor *cur = &b->rdv;
    sqlite3_stmt *st = cur->st;
    for (; cursor_in_day(cur, j->t1); cursor_next(cur)) {
        int64_t start = sqlite3_column_int64(st, 0);
        int64_t end = sqlite3_column_int64(st, 1);
        put_matricule(b, w);
        csvout_raw(w, j->day);
        csvout_text(w, time_band_in(j, start));
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
    s = cursor_status(b, cur, err);
    if (s == G_OK)
        s = csvout_status(w, err);
    return close_file(j, w, s, err);
}

static void synth_row(const batch *b, csvout *w, const char *day, const char *axis,
                      const char *code, const char *help, const tally *t)
{
    put_matricule(b, w);
    csvout_raw(w, day);
    csvout_text(w, axis);
    csvout_text(w, code);
    csvout_text(w, help);
    csvout_int(w, t->n);
    csvout_int(w, t->minutes);
    csvout_end_row(w);
}

/* The visitors' answers at closing (satisfaction.h), counts only: one
 * `avis` row for the answers, then one per answer. With fewer than
 * EXPORT_ANSWERS_SHOWN answers in the day, the answers' rows are written
 * empty (masked): on a quiet day a count could be matched with the one
 * request of the activity file that got it, and the answer is anonymous.
 * The period's full counts go out with `guichet enquete export`. */
#define EXPORT_ANSWERS_SHOWN 5

static void synth_answer(const batch *b, csvout *w, const char *day, const char *code, int n,
                         int shown)
{
    put_matricule(b, w);
    csvout_raw(w, day);
    csvout_text(w, "avis");
    csvout_text(w, code);
    csvout_text(w, NULL);
    if (shown)
        csvout_int(w, n);
    else
        csvout_text(w, NULL);
    csvout_int(w, 0);
    csvout_end_row(w);
}

static g_status write_answers(const batch *b, csvout *w, const char *day, g_error *err)
{
    satisfaction_report rep;
    g_status s = satisfaction_day(b->db, day, &rep, err);
    if (s != G_OK)
        return s;
    const satisfaction_tally *t = &rep.total;
    int shown = t->answers >= EXPORT_ANSWERS_SHOWN;
    synth_answer(b, w, day, "reponses", t->answers, 1);
    char code[32];
    for (int i = 0; i < SATISFACTION_SOLVED; i++) {
        snprintf(code, sizeof code, "probleme-%s", satisfaction_solved[i]);
        synth_answer(b, w, day, code, t->solved[i], shown);
    }
    for (int i = 0; i < SATISFACTION_LEVELS; i++) {
        snprintf(code, sizeof code, "satisfaction-%d", i + 1);
        synth_answer(b, w, day, code, t->satisfied[i], shown);
    }
    return G_OK;
}

static const char *const synthese_cols[] = {
    "matricule", "date", "axe", "code", "type_aide", "demandes", "duree_totale_min"};

/* After write_activite, which counted the day's requests. */
static g_status write_synthese(batch *b, day_job *j, g_error *err)
{
    const int nhelp = b->nhelp, nops = b->nops;
    csvout *w = NULL;
    g_status s = open_file(b, j, "synthese", synthese_cols,
                           (int)(sizeof synthese_cols / sizeof *synthese_cols), &w, err);
    if (s != G_OK)
        return s;
    tally total = {0, 0};
    for (int i = 0; i < nhelp; i++) {
        total.n += b->help[i].n;
        total.minutes += b->help[i].minutes;
    }
    synth_row(b, w, j->day, "total", NULL, NULL, &total);
    for (int i = 0; i < b->nstates; i++)
        synth_row(b, w, j->day, "etat", visit_states[i], NULL, &b->states[i]);
    for (int i = 0; i < b->nchan; i++)
        synth_row(b, w, j->day, "canal", ref_channels[i], NULL, &b->chan[i]);
    for (int i = 0; i < nhelp; i++)
        synth_row(b, w, j->day, "type_aide", ref_help_types[i], NULL, &b->help[i]);
    for (int o = 0; o < nops; o++)
        for (int h = 0; h < nhelp; h++)
            synth_row(b, w, j->day, "operateur", o < nops - 1 ? ref_operators[o].code : "aucun",
                      ref_help_types[h], &b->ops[o * nhelp + h]);
    s = write_answers(b, w, j->day, err);
    return close_file(j, w, s != G_OK ? s : csvout_status(w, err), err);
}

/* journal_tete, journal_sha256: the journal's head at the end of the day, a
 * copy outside the base that `guichet check` compares the journal with
 * (audit_anchor.c); the same on every re-run of the day. */
static const char *const manifest_cols[] = {
    "matricule",   "format_version", "guichet_version", "export_run", "periode_debut",
    "periode_fin", "date",           "fichier",         "lignes",     "octets",
    "sha256",      "journal_tete",   "journal_sha256"};

static g_status write_manifest(batch *b, day_job *j, g_error *err)
{
    csvout *w = NULL;
    int ndata = j->nfiles;
    int64_t head = 0;
    char head_hash[65];
    g_status s = audit_head_before(b->db, j->t1, &head, head_hash, err);
    if (s == G_OK)
        s = open_file(b, j, "manifeste", manifest_cols,
                      (int)(sizeof manifest_cols / sizeof *manifest_cols), &w, err);
    if (s != G_OK)
        return s;
    for (int i = 0; i < ndata; i++) {
        put_matricule(b, w);
        csvout_int(w, EXPORT_FORMAT_VERSION);
        csvout_raw(w, GUICHET_VERSION);
        csvout_raw(w, b->run_uuid);
        csvout_raw(w, b->period_from);
        csvout_raw(w, b->period_to);
        csvout_raw(w, j->day);
        csvout_text(w, j->files[i].name);
        csvout_int(w, j->files[i].info.rows);
        csvout_int(w, j->files[i].info.bytes);
        csvout_raw(w, j->files[i].info.sha256);
        csvout_int(w, head);
        csvout_raw(w, head_hash);
        csvout_end_row(w);
    }
    return close_file(j, w, csvout_status(w, err), err);
}

/* ---- the manifest's signature ------------------------------------------------ */

/* The key pair signing the manifests, derived from the site's pseudonym key
 * (crypto_kdf, its own context and id): nothing new to back up, the same
 * key pair for as long as the site keeps its database, and the signing key
 * tells nothing of the pseudonym key. */
#define EXPORT_SIGN_CONTEXT "gmanifst"
#define EXPORT_SIGN_SUBKEY  1

static void sign_keypair(const unsigned char site_key[32], unsigned char pk[32],
                         unsigned char sk[64])
{
    unsigned char seed[crypto_sign_SEEDBYTES];
    crypto_kdf_derive_from_key(seed, sizeof seed, EXPORT_SIGN_SUBKEY, EXPORT_SIGN_CONTEXT,
                               site_key);
    crypto_sign_seed_keypair(pk, sk, seed);
    sodium_memzero(seed, sizeof seed);
}

#define MANIFEST_MAX (256 * 1024) /* four lines: far less */

/* Signs the day's manifest (the last file, finished under its temporary
 * name): <manifest>.sig holds the 64 bytes of its Ed25519 signature (pure
 * Ed25519 over the file's bytes, as `openssl pkeyutl -verify -rawin`
 * checks it). The signature goes before the manifest in j->files, so that
 * publish_batch renames it with the data files, before the manifest. */
static g_status sign_manifest(batch *b, day_job *j, g_error *err)
{
    day_file *m = &j->files[j->nfiles - 1];
    const char *tmp = csvout_temp_path(m->w);
    unsigned char *bytes = malloc(MANIFEST_MAX);
    if (!bytes)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    FILE *f = fopen(tmp, "rb");
    size_t n = f ? fread(bytes, 1, MANIFEST_MAX, f) : 0;
    int bad = !f || ferror(f) || (int64_t)n != m->info.bytes;
    if (f)
        fclose(f);
    if (bad) {
        free(bytes);
        return g_err(err, G_ERR_IO, _("Impossible de relire le manifeste « %s » pour le signer."),
                     tmp);
    }
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, bytes, n, b->sign_sk);
    free(bytes);

    day_file *sf = &j->files[j->nfiles];
    char mname[sizeof m->name];
    memcpy(mname, m->name, sizeof mname);
    if ((size_t)snprintf(sf->name, sizeof sf->name, "%s.sig", mname) >= sizeof sf->name)
        return g_err(err, G_ERR_INVALID, _("Nom de fichier trop long : « %s.sig »."), mname);
    csvout_format raw = {.separator = ';', .bom = 0, .crlf = 0};
    csvout *w = NULL;
    g_status s = csvout_open(b->dir, sf->name, &raw, &w, err);
    if (s != G_OK)
        return s;
    csvout_bytes(w, sig, sizeof sig);
    s = csvout_finish(w, &sf->info, err);
    if (s != G_OK) {
        csvout_abort(w);
        return s;
    }
    sf->kind = "signature";
    sf->w = w;
    /* the signature, then the manifest: the manifest stays the day's last file */
    day_file t = *m;
    *m = *sf;
    *sf = t;
    j->nfiles++;
    return G_OK;
}

static int count_codes(const char *const *codes)
{
    int n = 0;
    while (codes[n])
        n++;
    return n;
}

/* The day's four data files and its manifest, finished under temporary
 * names (the cursors stand on the day's first rows). The day's old manifest
 * is removed first: a day without manifest is incomplete. */
static g_status write_day(batch *b, day_job *j, g_error *err)
{
    char mname[96], path[PATH_MAX];
    export_file_name("manifeste", b->matricule, j->day, mname, sizeof mname);
    if ((size_t)snprintf(path, sizeof path, "%s/%s", b->dir, mname) >= sizeof path)
        return g_err(err, G_ERR_INVALID, _("Chemin d'export trop long : « %s »."), b->dir);
    if (unlink(path) != 0 && errno != ENOENT)
        return g_err(err, G_ERR_IO, _("Impossible d'effacer « %s » : %s."), path, strerror(errno));
    memset(b->states, 0, sizeof *b->states * (size_t)b->nstates);
    memset(b->chan, 0, sizeof *b->chan * (size_t)b->nchan);
    memset(b->help, 0, sizeof *b->help * (size_t)b->nhelp);
    memset(b->ops, 0, sizeof *b->ops * (size_t)(b->nops * b->nhelp));
    g_status s = write_activite(b, j, err);
    if (s == G_OK)
        s = write_orientations(b, j, err);
    if (s == G_OK)
        s = write_rendez_vous(b, j, err);
    if (s == G_OK)
        s = write_synthese(b, j, err);
    if (s == G_OK)
        s = write_manifest(b, j, err);
    if (s == G_OK)
        s = sign_manifest(b, j, err);
    if (s != G_OK)
        abort_day(j);
    return s;
}

/* Publishes days [0, n) of b, whose files are all finished under temporary
 * names; returns how many days are published (their final names durable).
 * The days from that one on are aborted (temporary files removed).
 *
 * Why a power cut or a SIGKILL never leaves a truncated file under a final
 * name, with one sync for the whole batch instead of an fsync per file:
 *   1. every file of the batch is complete under its temporary name, and
 *      the days' old manifests are unlinked (write_day);
 *   2. csvout_sync_batch: one syncfs(2) of the outbox's file system writes
 *      out every dirty page and inode and commits the journal, so the
 *      temporary files' bytes and the unlinks are on stable storage (where
 *      syncfs does not exist, an fsync per file does the same);
 *   3. only then the data files are renamed to their final names, and the
 *      directory is synced: a final name points to the old complete file
 *      or to the new complete one, whose bytes were durable before the
 *      rename was even asked for;
 *   4. then the manifests, and the directory synced again: a manifest never
 *      reaches the disk before the data files it lists.
 * A SIGKILL leaves the page cache intact: whatever was renamed is complete;
 * the temporary files left are removed by the next run (csvout_clean_temps). */
static int publish_batch(batch *b, int dirfd, int n, g_status *s, g_error *err)
{
    csvout *files[EXPORT_BATCH_DAYS * (EXPORT_DATA_FILES + 2)];
    int nf = 0;
    for (int i = 0; i < n; i++)
        for (int f = 0; f < b->jobs[i].nfiles; f++)
            files[nf++] = b->jobs[i].files[f].w;
    g_status st = nf ? csvout_sync_batch(dirfd, b->dir, files, nf, err) : G_OK;
    if (st != G_OK) {
        *s = st;
        n = 0;
    }
    /* data files (all but the manifest, the day's last file) */
    for (int i = 0; i < b->n; i++) {
        day_job *j = &b->jobs[i];
        for (int f = 0; i < n && f < j->nfiles - 1; f++) {
            csvout *w = j->files[f].w;
            j->files[f].w = NULL;
            if ((st = csvout_publish_synced(w, err)) != G_OK) {
                *s = st;
                n = i;
            }
        }
        if (i >= n)
            abort_day(j);
    }
    if (n > 0 && (st = csvout_sync_dir(b->dir, err)) != G_OK) {
        *s = st;
        n = 0;
    }
    /* then the manifests */
    for (int i = 0; i < b->n; i++) {
        day_job *j = &b->jobs[i];
        if (i < n) {
            csvout *w = j->files[j->nfiles - 1].w;
            j->files[j->nfiles - 1].w = NULL;
            if ((st = csvout_publish_synced(w, err)) != G_OK) {
                *s = st;
                n = i;
            }
        }
        if (i >= n)
            abort_day(j);
    }
    if (n > 0 && (st = csvout_sync_dir(b->dir, err)) != G_OK) {
        *s = st;
        n = 0;
    }
    return n;
}

/* Writes the days of b (consecutive, in order). Returns how many days are
 * complete (files published, directory synced) in *done; on failure, the
 * error is for day jobs[*done], whose temporary files are removed, and the
 * days after it are left untouched. */
static g_status write_batch(batch *b, int *done, g_error *err)
{
    *done = 0;
    /* opened before any file is written: syncfs reports the write-back
     * errors of the file system since this descriptor was opened */
    int dirfd = open(b->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0)
        return g_err(err, G_ERR_IO, _("Impossible d'ouvrir le dossier « %s » : %s."), b->dir,
                     strerror(errno));
    g_status s = G_OK;
    int n = 0;
    /* one snapshot for the whole batch, without blocking the desks (WAL) */
    sqlite3 *sql = db_sql(b->db);
    int own_tx = sqlite3_get_autocommit(sql);
    if (own_tx && sqlite3_exec(sql, "BEGIN DEFERRED", NULL, NULL, NULL) != SQLITE_OK) {
        close(dirfd);
        return db_fail(b->db, err, _("lecture des données à exporter"));
    }
    s = cursor_open(b, activite_sql, &b->act, err);
    if (s == G_OK)
        s = cursor_open(b, rdv_sql, &b->rdv, err);
    if (s == G_OK) /* after the first reads: the snapshot is taken */
        s = export_visitors_snapshot(b->visitors, b->db, err);
    while (s == G_OK && n < b->n) {
        s = write_day(b, &b->jobs[n], err);
        if (s == G_OK)
            n++;
    }
    cursor_close(b, &b->act);
    cursor_close(b, &b->rdv);
    if (own_tx)
        sqlite3_exec(sql, "COMMIT", NULL, NULL, NULL);
    g_status failed = s;
    s = G_OK;
    n = publish_batch(b, dirfd, n, &s, err);
    close(dirfd);
    *done = n;
    if (s == G_OK)
        s = failed;
    return s;
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

/* Records one day's run (ok or failed) and journals it, inside the caller's
 * transaction. */
static g_status record_day(g_db *db, const char *dir, int outbox, const char *run_uuid,
                           const day_job *j, const export_opts *o, const g_error *failure,
                           g_error *err)
{
    int ok = failure == NULL;
    int64_t rows = 0;
    for (int i = 0; ok && i < EXPORT_DATA_FILES; i++)
        rows += j->files[i].info.rows;
    const char *mname = ok ? j->files[j->nfiles - 1].name : "";
    const char *msha = ok ? j->files[j->nfiles - 1].info.sha256 : "";
    sqlite3_stmt *st = NULL;
    g_status s = db_stmt(db,
                         "INSERT INTO export_run (day, kind, outdir, file, rows, sha256, "
                         "started_at, at, user_id, status, error, outbox, run_uuid)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                         &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_text(st, 1, j->day, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, j->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, dir, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, mname, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, rows);
    sqlite3_bind_text(st, 6, msha, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, j->started);
    sqlite3_bind_int64(st, 8, clock_now());
    sqlite3_bind_int64(st, 9, o->user_id);
    sqlite3_bind_text(st, 10, ok ? "ok" : "echec", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, ok ? "" : failure->msg, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 12, outbox);
    sqlite3_bind_text(st, 13, run_uuid, -1, SQLITE_STATIC);
    s = db_stmt_step_done(db, st, _("enregistrement de l'export"), err);
    int64_t run_id = sqlite3_last_insert_rowid(db_sql(db));
    for (int i = 0; s == G_OK && ok && i < EXPORT_DATA_FILES; i++) {
        s = db_stmt(db,
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
        s = db_stmt_step_done(db, st, _("enregistrement de l'export"), err);
    }
    if (s == G_OK) {
        char object[48], detail[256];
        snprintf(object, sizeof object, "export:%s", j->day);
        if (ok)
            snprintf(detail, sizeof detail, "%s, %d fichiers, %" PRId64 " lignes, manifeste %.16s",
                     j->kind, j->nfiles, rows, msha);
        else
            snprintf(detail, sizeof detail, "%s, échec : %.200s", j->kind, failure->msg);
        s = audit_log(db, o->user_id, "export-run", object, detail, err);
    }
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
    export_visitors *visitors; /* the run's pseudonyms, computed once per visitor */
    int64_t site_created;
    int outbox;               /* 1 when dir is the outbox ([export] dir): only such runs count */
    int cache_set, cache_was; /* the connection's page cache before the run */
    unsigned char sign_pk[crypto_sign_PUBLICKEYBYTES], sign_sk[crypto_sign_SECRETKEYBYTES];
    char uuid[UUID_TEXT_SIZE];           /* the run, in each manifest and export_run row */
    char period_from[11], period_to[11]; /* the first and last day it writes */
    export_result *res;                  /* the caller's, or own */
    export_result own;
} run;

static g_status mkdir_p(const char *path, g_error *err)
{
    g_status s = fs_mkdirs(path, 0770, err);
    if (s != G_OK)
        return s;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return g_err(err, G_ERR_IO, _("Le dossier d'export « %s » n'est pas un dossier."), path);
    return G_OK;
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
    uuid_new(r->uuid);
    const char *dir = r->opts.outdir && *r->opts.outdir ? r->opts.outdir : cfg->export.dir;
    if (!dir || !*dir)
        return g_err(err, G_ERR_INVALID,
                     _("Aucun dossier d'export : réglez [export] dir ou passez --out."));
    snprintf(r->dir, sizeof r->dir, "%s", dir);
    snprintf(r->res->outdir, sizeof r->res->outdir, "%s", dir);
    g_status s = load_site(db, r->matricule, r->key, &r->site_created, err);
    if (s == G_OK) {
        /* The scans read each page once, and the visitors come from their
         * own cache (export_visitors.c): 1 MiB of SQLite's pages instead of
         * its default 2 keeps the run under its 10 MB (docs/performance.md),
         * at the same processor time. Handed back in run_end. */
        r->cache_set = db_cache_size(db, -1024, &r->cache_was);
        sign_keypair(r->key, r->sign_pk, r->sign_sk);
        s = export_visitors_new(r->key, &r->visitors, err);
    }
    if (s != G_OK)
        return s;
    if ((s = mkdir_p(r->dir, err)) != G_OK)
        return s;
    char real[PATH_MAX];
    if (realpath(r->dir, real)) { /* export_run keeps where the files went */
        snprintf(r->dir, sizeof r->dir, "%s", real);
        snprintf(r->res->outdir, sizeof r->res->outdir, "%s", real);
    }
    /* the outbox: no --out, or --out naming the outbox itself */
    char box[PATH_MAX];
    r->outbox = !(r->opts.outdir && *r->opts.outdir) ||
                (*cfg->export.dir && realpath(cfg->export.dir, box) && strcmp(box, r->dir) == 0);
    r->res->outbox = r->outbox;

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
        clock_sleep_ms(100);
    }
    return G_OK;
}

/* Removes what a killed run left in the outbox: before writing, never when
 * there is nothing to write (the outbox holds five files a day: listing it
 * every hour would grow with the years). */
static g_status run_clean(run *r, g_error *err)
{
    return csvout_clean_temps(r->dir, &r->res->temps_removed, err);
}

static void run_end(run *r)
{
    if (r->lock_fd >= 0)
        close(r->lock_fd); /* releases the flock */
    r->lock_fd = -1;
    sodium_memzero(r->key, sizeof r->key);
    sodium_memzero(r->sign_sk, sizeof r->sign_sk);
    export_visitors_free(r->visitors);
    r->visitors = NULL;
    int during;
    if (r->cache_set)
        db_cache_size(r->db, r->cache_was, &during);
    r->cache_set = 0;
}

/* ---- how far the nightly export is complete (export_progress) -------------- */

/* The first day export_pending writes: the local day of the site's creation
 * (at most 100,000 days back). */
static int64_t pending_start(int64_t site_created, int64_t yesterday)
{
    int64_t start = site_created > 0 ? local_serial(site_created) : yesterday;
    if (yesterday - start >= 100000)
        start = yesterday - 99999;
    return start;
}

/* *through = the last day of the unbroken run of exported days from start
 * that export_progress vouches for (start - 1 when it says nothing for this
 * start). */
static g_status progress_read(g_db *db, int64_t start, int64_t *through, g_error *err)
{
    *through = start - 1;
    sqlite3_stmt *st = NULL;
    g_status s = db_stmt(db, "SELECT since, through FROM export_progress WHERE id = 1", &st, err);
    if (s != G_OK)
        return s;
    int rc = sqlite3_step(st);
    int64_t since, t;
    if (rc == SQLITE_ROW && clock_date_parse(col_text(st, 0), &since) == 0 && since == start &&
        clock_date_parse(col_text(st, 1), &t) == 0 && t >= start - 1)
        *through = t;
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        s = db_fail(db, err, _("lecture des exports passés"));
    db_stmt_done(db, st);
    return s;
}

/* Inside the transaction that recorded days: moves export_progress on past
 * every day now exported (one index probe per day moved over). */
static g_status progress_advance(g_db *db, int64_t site_created, g_error *err)
{
    int64_t yesterday = today_serial() - 1, start = pending_start(site_created, yesterday), t;
    g_status s = progress_read(db, start, &t, err);
    if (s != G_OK)
        return s;
    int64_t was = t;
    sqlite3_stmt *st = NULL;
    if ((s = db_stmt(db, "SELECT 1 FROM export_run WHERE day = ?1 AND status = 'ok' AND outbox = 1",
                     &st, err)) != G_OK)
        return s;
    while (s == G_OK && t < yesterday) {
        char day[11];
        clock_date_format(t + 1, day);
        sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_ROW)
            t++;
        else if (rc == SQLITE_DONE)
            break;
        else
            s = db_fail(db, err, _("enregistrement de l'export"));
    }
    db_stmt_done(db, st);
    if (s != G_OK || t == was)
        return s;
    char since[11], through[11];
    clock_date_format(start, since);
    clock_date_format(t, through);
    if ((s = db_stmt(db,
                     "INSERT INTO export_progress (id, since, through) VALUES (1, ?1, ?2)"
                     " ON CONFLICT (id) DO UPDATE SET since = excluded.since,"
                     " through = excluded.through",
                     &st, err)) != G_OK)
        return s;
    sqlite3_bind_text(st, 1, since, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, through, -1, SQLITE_TRANSIENT);
    return db_stmt_step_done(db, st, _("enregistrement de l'export"), err);
}

/* Writes and records `count` consecutive days from `first` (at most
 * EXPORT_BATCH_DAYS). kind NULL = the nightly kinds ("quotidien" for
 * yesterday, else "rattrapage"). */
static g_status run_batch(run *r, int64_t first, int count, const char *kind, g_error *err)
{
    batch b = {0};
    b.db = r->db;
    b.cfg = r->cfg;
    b.dir = r->dir;
    b.matricule = r->matricule;
    b.matricule_raw = !csvout_is_dangerous(r->matricule);
    b.run_uuid = r->uuid;
    b.period_from = r->period_from;
    b.period_to = r->period_to;
    b.sign_sk = r->sign_sk;
    b.visitors = r->visitors;
    b.fmt.separator = r->cfg->export.separator ? r->cfg->export.separator : ';';
    b.fmt.bom = r->cfg->export.bom;
    b.fmt.crlf = r->cfg->export.crlf;
    b.n = count;
    b.nstates = count_codes(visit_states);
    b.nchan = count_codes(ref_channels);
    b.nhelp = count_codes(ref_help_types);
    b.nops = ref_operator_count() + 1;
    b.jobs = calloc((size_t)count, sizeof *b.jobs);
    b.states = calloc((size_t)b.nstates, sizeof *b.states);
    b.chan = calloc((size_t)b.nchan, sizeof *b.chan);
    b.help = calloc((size_t)b.nhelp, sizeof *b.help);
    b.ops = calloc((size_t)(b.nops * b.nhelp), sizeof *b.ops);
    b.group = calloc(1, sizeof *b.group);
    g_status s = G_OK;
    if (!b.jobs || !b.states || !b.chan || !b.help || !b.ops || !b.group)
        s = g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    int64_t yesterday = today_serial() - 1, started = clock_now();
    int64_t t = day_start(first);
    for (int i = 0; s == G_OK && i < count; i++) {
        day_job *j = &b.jobs[i];
        j->serial = first + i;
        clock_date_format(j->serial, j->day);
        j->t0 = t;
        j->t1 = t = day_start(j->serial + 1);
        j->plain = j->t1 - j->t0 == 86400;
        j->kind = kind ? kind : j->serial == yesterday ? "quotidien" : "rattrapage";
        j->started = started;
    }
    int done = 0;
    if (s == G_OK)
        s = write_batch(&b, &done, err);
    /* the days written, recorded in one transaction */
    g_status rs = G_OK;
    g_error rec_err = {0};
    if (done > 0) {
        rs = db_begin(r->db, &rec_err);
        if (rs == G_OK) {
            for (int i = 0; rs == G_OK && i < done; i++)
                rs = record_day(r->db, r->dir, r->outbox, r->uuid, &b.jobs[i], &r->opts, NULL,
                                &rec_err);
            if (rs == G_OK)
                rs = progress_advance(r->db, r->site_created, &rec_err);
            if (rs == G_OK)
                rs = db_commit(r->db, &rec_err);
            else
                db_rollback(r->db);
        }
    }
    export_result *res = r->res;
    if (rs == G_OK) {
        for (int i = 0; i < done; i++) {
            day_job *j = &b.jobs[i];
            if (!res->first_day[0])
                snprintf(res->first_day, sizeof res->first_day, "%s", j->day);
            snprintf(res->last_day, sizeof res->last_day, "%s", j->day);
            res->days++;
            res->files += j->nfiles;
            for (int f = 0; f < EXPORT_DATA_FILES; f++)
                res->rows += j->files[f].info.rows;
        }
    }
    if (s != G_OK && b.jobs && done < count) {
        day_job *j = &b.jobs[done];
        g_error ignored = {0};
        if (db_begin(r->db, &ignored) == G_OK) { /* best effort */
            if (record_day(r->db, r->dir, r->outbox, r->uuid, j, &r->opts, err, &ignored) == G_OK)
                db_commit(r->db, &ignored);
            else
                db_rollback(r->db);
        }
        snprintf(res->failed_day, sizeof res->failed_day, "%s", j->day);
    } else if (s == G_OK && rs != G_OK) {
        s = rs;
        if (err)
            *err = rec_err;
        snprintf(res->failed_day, sizeof res->failed_day, "%s", b.jobs[0].day);
    }
    free(b.jobs);
    free(b.states);
    free(b.chan);
    free(b.help);
    free(b.ops);
    if (b.group)
        group_free(b.group);
    free(b.group);
    return s;
}

static g_status check_day(const char *day, int64_t *serial, g_error *err)
{
    /* the funders' files start in the 20th century at the earliest */
    if (clock_date_parse(day, serial) != 0 || *serial < clock_days_from_civil(1900, 1, 1))
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
    clock_date_format(a, r.period_from);
    clock_date_format(b, r.period_to);
    if (s == G_OK)
        s = run_clean(&r, err);
    for (int64_t d = a; s == G_OK && d <= b; d += EXPORT_BATCH_DAYS) {
        s = run_batch(&r, d, (int)(b - d + 1 < EXPORT_BATCH_DAYS ? b - d + 1 : EXPORT_BATCH_DAYS),
                      "manuel", err);
        if (s == G_OK && d + EXPORT_BATCH_DAYS <= b && opts && opts->progress)
            opts->progress(opts->progress_ctx, (int)(d + EXPORT_BATCH_DAYS - a), (int)(b - a + 1));
    }
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
    int64_t yesterday = today_serial() - 1, start = pending_start(site_created, yesterday), through;
    /* the days export_progress vouches for are not walked again: up to date
     * (the hourly case) costs one row, whatever the years */
    g_status s = progress_read(db, start, &through, err);
    if (s != G_OK)
        return s;
    if (through >= start)
        start = through + 1;
    if (start > yesterday)
        return G_OK;
    int64_t *list = malloc(sizeof *list * (size_t)(yesterday - start + 1));
    if (!list)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    char first[11];
    clock_date_format(start, first);
    sqlite3_stmt *st = NULL;
    s = db_prepare(
        db,
        "SELECT DISTINCT day FROM export_run WHERE status = 'ok' AND outbox = 1 AND day >= ?1"
        " ORDER BY day",
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
            else if (clock_date_parse(col_text(st, 0), &v) == 0)
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
    if (s == G_OK && n > 0) {
        clock_date_format(days[0], r.period_from);
        clock_date_format(days[n - 1], r.period_to);
        s = run_clean(&r, err);
    }
    /* consecutive days go together, EXPORT_BATCH_DAYS at most */
    for (int i = 0; s == G_OK && i < n;) {
        int k = 1;
        while (i + k < n && k < EXPORT_BATCH_DAYS && days[i + k] == days[i] + k)
            k++;
        s = run_batch(&r, days[i], k, NULL, err);
        i += k;
        if (s == G_OK && i < n && opts && opts->progress)
            opts->progress(opts->progress_ctx, i, n);
    }
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
    s = db_prepare(db, "SELECT max(day) FROM export_run WHERE status = 'ok' AND outbox = 1", &st,
                   err);
    if (s != G_OK)
        return s;
    /* unread, the last exported day would show as "never" */
    if ((s = db_step_row(db, st, _("lecture des exports passés"), err)) == G_OK)
        db_column_text(st, 0, last_day, 11);
    sqlite3_finalize(st);
    return s == G_ERR_NOTFOUND ? G_OK : s;
}

g_status export_public_key(g_db *db, unsigned char pk[32], g_error *err)
{
    char matricule[32];
    unsigned char key[32], sk[crypto_sign_SECRETKEYBYTES];
    if (sodium_init() < 0)
        return g_err(err, G_ERR_CRYPTO, _("La bibliothèque de chiffrement n'a pas pu démarrer."));
    g_status s = load_site(db, matricule, key, NULL, err);
    if (s == G_OK)
        sign_keypair(key, pk, sk);
    sodium_memzero(key, sizeof key);
    sodium_memzero(sk, sizeof sk);
    return s;
}

void export_public_key_pem(const unsigned char pk[32], char *buf, size_t size)
{
    /* SubjectPublicKeyInfo (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 },
     * BIT STRING { the 32 bytes } } */
    static const unsigned char prefix[12] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
                                             0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    unsigned char der[44];
    memcpy(der, prefix, sizeof prefix);
    memcpy(der + sizeof prefix, pk, 32);
    char b64[sodium_base64_ENCODED_LEN(44, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, der, sizeof der, sodium_base64_VARIANT_ORIGINAL);
    snprintf(buf, size, "-----BEGIN PUBLIC KEY-----\n%s\n-----END PUBLIC KEY-----\n", b64);
}
