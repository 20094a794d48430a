/* observe.c — observation of the territory (see guichet/observe.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_internal.h"
#include "guichet/activity.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/csvout.h"
#include "guichet/hours.h"
#include "guichet/i18n.h"
#include "guichet/orientation.h"
#include "guichet/commune.h"
#include "guichet/observe.h"
#include "guichet/ref.h"
#include "guichet/satisfaction.h"
#include "guichet/stats.h"
#include "guichet/status.h"

const int observe_wait_limits[OBSERVE_WAIT_BUCKETS] = {0, 5, 10, 15, 20, 30, 45, 60};

const char *const observe_weekdays[7] = {N_("lundi"),    N_("mardi"),  N_("mercredi"), N_("jeudi"),
                                         N_("vendredi"), N_("samedi"), N_("dimanche")};

/* The wait codes of the CSV, parallel to observe_wait_limits. */
static const char *const wait_codes[OBSERVE_WAIT_BUCKETS] = {"0-5",   "5-10",  "10-15", "15-20",
                                                             "20-30", "30-45", "45-60", "60+"};
static const char *const wait_labels[OBSERVE_WAIT_BUCKETS] = {
    N_("moins de 5 min"), N_("5 à 10 min"),  N_("10 à 15 min"),  N_("15 à 20 min"),
    N_("20 à 30 min"),    N_("30 à 45 min"), N_("45 min à 1 h"), N_("1 h et plus")};

/* The channels where people wait in the queue before being received: the
 * waiting time is theirs only (a phone call is taken when it rings). */
static int waits_at_desk(const char *channel)
{
    return channel &&
           (strcmp(channel, "accueil-spontane") == 0 || strcmp(channel, "accueil-sur-rdv") == 0 ||
            strcmp(channel, "itinerance") == 0);
}

static const struct {
    const char *id;
    const char *title;
    observe_kind kind;
} chart_def[OBS_CHARTS] = {
    [OBS_CLOSED_HOURS] = {"hors_horaires", N_("Contacts en dehors des heures d'ouverture"),
                          OBSERVE_BARS},
    [OBS_OPERATOR] = {"partenaire", N_("Demandes par partenaire"), OBSERVE_BARS},
    [OBS_THEME] = {"theme", N_("Demandes par démarche ou thématique"), OBSERVE_BARS},
    [OBS_COMMUNE] = {"commune", N_("Demandes par commune"), OBSERVE_BARS},
    [OBS_AGE] = {"tranche_age", N_("Demandes par tranche d'âge"), OBSERVE_BARS},
    [OBS_WAIT] = {"attente", N_("Attente avant d'être reçu (minutes)"), OBSERVE_BARS},
    [OBS_AUTONOMY] = {"autonomie", N_("Autonomie des personnes aidées"), OBSERVE_BARS},
    [OBS_ORIENTATION] = {"orientations", N_("Orientations par issue"), OBSERVE_BARS},
    [OBS_NOSHOW] = {"rdv_absences", N_("Absences aux rendez-vous, par motif"), OBSERVE_RATE},
    [OBS_SOLVED] = {"avis_probleme", N_("Avis des usagers : problème réglé ?"), OBSERVE_BARS},
    [OBS_SATISFIED] = {"avis_satisfaction", N_("Avis des usagers : satisfaction de l'accueil"),
                       OBSERVE_BARS},
};

/* ---- rows ------------------------------------------------------------------ */

static observe_row *row_add(observe_chart *c, const char *code, const char *sub, const char *label,
                            int translate, g_error *err)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        observe_row *r = realloc(c->rows, cap * sizeof *r);
        if (!r) {
            g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
            return NULL;
        }
        c->rows = r;
        c->cap = cap;
    }
    observe_row *r = &c->rows[c->n++];
    memset(r, 0, sizeof *r);
    snprintf(r->code, sizeof r->code, "%s", code ? code : "");
    snprintf(r->sub, sizeof r->sub, "%s", sub ? sub : "");
    snprintf(r->label, sizeof r->label, "%s", label ? label : "");
    r->translate = translate;
    return r;
}

/* The row of (code, sub), added with label when missing. */
static observe_row *row_find(observe_chart *c, const char *code, const char *sub, const char *label,
                             int translate, g_error *err)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->rows[i].code, code) == 0 && strcmp(c->rows[i].sub, sub) == 0)
            return &c->rows[i];
    return row_add(c, code, sub, label, translate, err);
}

/* Rows of a fixed vocabulary, in its order (labels as given, translated
 * when shown), then one for « not given ». */
static g_status rows_vocabulary(observe_chart *c, const char *const *codes,
                                const char *const *labels, const char *none_label, g_error *err)
{
    for (int i = 0; codes[i]; i++)
        if (!row_add(c, codes[i], "", labels[i], 1, err))
            return G_ERR_NOMEM;
    if (none_label && !row_add(c, "", "", none_label, 1, err))
        return G_ERR_NOMEM;
    return G_OK;
}

static int by_value_desc(const void *a, const void *b)
{
    const observe_row *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? 1 : -1;
    int c = strcmp(x->label, y->label);
    return c ? c : strcmp(x->code, y->code);
}

/* ---- the requests ---------------------------------------------------------- */

typedef struct scan_ctx {
    observe_report *r;
    activity_tally *tally;
    g_hours hours;
    int hours_ok;
    int *waits; /* minutes of each wait, for the median */
    size_t nwaits, capwaits;
} scan_ctx;

/* weekday 0 = Monday, hour of the site's local time */
static void local_slot(int64_t t, int *wd, int *hour)
{
    struct tm tm;
    clock_local(t, &tm);
    *wd = (tm.tm_wday + 6) % 7;
    *hour = tm.tm_hour;
}

static g_status count_theme(observe_report *r, const activity_request *q, g_error *err)
{
    /* each family or thématique once per request */
    char seen[ACTIVITY_TOPICS][96];
    int nseen = 0, any = 0;
    int n = q->ntopics < ACTIVITY_TOPICS ? q->ntopics : ACTIVITY_TOPICS;
    for (int i = 0; i < n; i++) {
        const activity_topic *t = &q->topic[i];
        const char *code = t->family[0] ? t->family : t->theme;
        const char *sub = t->family[0] ? "famille" : t->theme[0] ? "thematique" : "";
        if (!code[0])
            continue;
        int dup = 0;
        for (int k = 0; k < nseen; k++)
            dup |= strcmp(seen[k], code) == 0;
        if (dup)
            continue;
        snprintf(seen[nseen++], sizeof seen[0], "%s", code);
        const ref_code *ref = t->family[0] ? ref_family_find(code) : ref_theme_find(code);
        observe_row *row =
            row_find(&r->chart[OBS_THEME], code, sub, ref ? ref->label : code, 0, err);
        if (!row)
            return G_ERR_NOMEM;
        row->value++;
        any = 1;
    }
    if (!any) {
        observe_row *row = row_find(&r->chart[OBS_THEME], "", "", N_("Non précisé"), 1, err);
        if (!row)
            return G_ERR_NOMEM;
        row->value++;
    }
    return G_OK;
}

static g_status add_wait(scan_ctx *c, int minutes, g_error *err)
{
    if (c->nwaits == c->capwaits) {
        size_t cap = c->capwaits ? c->capwaits * 2 : 256;
        int *w = realloc(c->waits, cap * sizeof *w);
        if (!w)
            return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
        c->waits = w;
        c->capwaits = cap;
    }
    c->waits[c->nwaits++] = minutes;
    int b = OBSERVE_WAIT_BUCKETS - 1;
    while (b > 0 && minutes < observe_wait_limits[b])
        b--;
    c->r->chart[OBS_WAIT].rows[b].value++;
    return G_OK;
}

static g_status scan_request(void *ctx, const activity_request *q, g_error *err)
{
    scan_ctx *c = ctx;
    observe_report *r = c->r;
    int wd, hour;
    local_slot(q->arrived_at, &wd, &hour);
    r->arrivals[wd][hour]++;
    r->arrivals_total++;
    if (c->hours_ok && !hours_is_open(&c->hours, q->arrived_at)) {
        r->closed_total++;
        int ch = q->channel ? ref_index(ref_channels, q->channel) : -1;
        observe_chart *oc = &r->chart[OBS_CLOSED_HOURS];
        oc->rows[ch >= 0 ? (size_t)ch : oc->n - 1].value++;
    }
    activity_count(c->tally, q);
    g_status s = G_OK;
    if (q->state && strcmp(q->state, VISIT_LEFT) == 0)
        r->chart[OBS_WAIT].rows[OBSERVE_WAIT_BUCKETS].value++;
    else if (q->started_at > 0 && q->started_at >= q->arrived_at && waits_at_desk(q->channel))
        s = add_wait(c, (int)((q->started_at - q->arrived_at) / 60), err);
    if (s != G_OK || !activity_is_closed(q))
        return s;
    r->requests++;
    if ((s = count_theme(r, q, err)) != G_OK)
        return s;
    observe_row *row =
        row_find(&r->chart[OBS_COMMUNE], q->commune, "",
                 q->commune[0] ? q->commune : N_("Non communiquée"), !q->commune[0], err);
    if (!row)
        return G_ERR_NOMEM;
    row->value++;
    int a = ref_index(ref_age_bands, q->age_band);
    r->chart[OBS_AGE].rows[a >= 0 ? (size_t)a : r->chart[OBS_AGE].n - 1].value++;
    int au = q->autonomy ? ref_index(ref_autonomies, q->autonomy) : -1;
    r->chart[OBS_AUTONOMY].rows[au >= 0 ? (size_t)au : r->chart[OBS_AUTONOMY].n - 1].value++;
    return G_OK;
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* ---- orientations, appointments, answers ---------------------------------- */

static g_status count_orientations(g_db *db, int64_t start, int64_t end, observe_report *r,
                                   g_error *err)
{
    observe_chart *c = &r->chart[OBS_ORIENTATION];
    g_status s = rows_vocabulary(c, orientation_statuses, orientation_status_labels, NULL, err);
    if (s != G_OK)
        return s;
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "SELECT status, count(*) FROM orientation"
                        " WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 1",
                        &st, err)) != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, start);
    sqlite3_bind_int64(st, 2, end);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int i = ref_index(orientation_statuses, (const char *)sqlite3_column_text(st, 0));
        if (i >= 0 && (size_t)i < c->n)
            c->rows[i].value += sqlite3_column_int64(st, 1);
    }
    s = db_rows_end(db, rc, _("calcul des statistiques"), err);
    sqlite3_finalize(st);
    return s;
}

/* Appointments due in the period (started before now): honoured or absent
 * (the cancelled ones were not due, the ones still « à renseigner » are not
 * known yet). value = absences, ref = honoured + absences. guichet's own
 * by motif, then RDV Service Public's by their motif's name. */
static g_status count_noshow(g_db *db, int64_t start, int64_t end, observe_report *r, g_error *err)
{
    observe_chart *c = &r->chart[OBS_NOSHOW];
    static const char *const sql[2] = {
        "SELECT m.uuid, m.name, 'guichet', sum(a.status = '" APPT_ABSENT "'), count(*)"
        "  FROM appointment a JOIN motif m ON m.id = a.motif_id"
        " WHERE a.start_at >= ?1 AND a.start_at < ?2 AND a.start_at < ?3"
        "   AND a.status IN ('" APPT_HONORED "', '" APPT_ABSENT "')"
        " GROUP BY m.id ORDER BY m.name, m.uuid",
        "SELECT '', motif, 'rdv-service-public', sum(status = '" APPT_ABSENT "'), count(*)"
        "  FROM external_appointment"
        " WHERE start_at >= ?1 AND start_at < ?2 AND start_at < ?3"
        "   AND status IN ('" APPT_HONORED "', '" APPT_ABSENT "')"
        " GROUP BY motif ORDER BY motif"};
    g_status s = G_OK;
    for (int q = 0; q < 2 && s == G_OK; q++) {
        sqlite3_stmt *st;
        if ((s = db_prepare(db, sql[q], &st, err)) != G_OK)
            return s;
        sqlite3_bind_int64(st, 1, start);
        sqlite3_bind_int64(st, 2, end);
        sqlite3_bind_int64(st, 3, clock_now());
        int rc;
        while (s == G_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(st, 1);
            observe_row *row =
                row_add(c, (const char *)sqlite3_column_text(st, 0),
                        (const char *)sqlite3_column_text(st, 2),
                        name && name[0] ? name : N_("(sans motif)"), !(name && name[0]), err);
            if (!row) {
                s = G_ERR_NOMEM;
                break;
            }
            row->value = sqlite3_column_int64(st, 3);
            row->ref = sqlite3_column_int64(st, 4);
            c->total += row->ref;
        }
        if (s == G_OK)
            s = db_rows_end(db, rc, _("calcul des statistiques"), err);
        sqlite3_finalize(st);
    }
    return s;
}

static g_status count_answers(g_db *db, observe_report *r, g_error *err)
{
    satisfaction_report *sr = malloc(sizeof *sr);
    if (!sr)
        return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    g_status s = satisfaction_answers(db, r->from, r->to, sr, err);
    if (s == G_OK)
        s = rows_vocabulary(&r->chart[OBS_SOLVED], satisfaction_solved, satisfaction_solved_labels,
                            NULL, err);
    for (int i = 0; s == G_OK && i < SATISFACTION_SOLVED; i++)
        r->chart[OBS_SOLVED].rows[i].value = sr->total.solved[i];
    for (int i = 0; s == G_OK && i < SATISFACTION_LEVELS; i++) {
        char code[4];
        snprintf(code, sizeof code, "%d", i + 1);
        observe_row *row =
            row_add(&r->chart[OBS_SATISFIED], code, "", satisfaction_level_labels[i], 1, err);
        if (!row)
            s = G_ERR_NOMEM;
        else
            row->value = sr->total.satisfied[i];
    }
    free(sr);
    return s;
}

/* ---- the report ------------------------------------------------------------ */

/* The minutes of [h*60, h*60+60) covered by the day's spans. */
static int minutes_open(const hours_day *d, int hour)
{
    int from = hour * 60, to = from + 60, m = 0;
    for (int i = 0; i < d->nspan; i++) {
        int a = d->span[i].from > from ? d->span[i].from : from;
        int b = d->span[i].to < to ? d->span[i].to : to;
        if (b > a)
            m += b - a;
    }
    return m > 60 ? 60 : m;
}

/* Charts with a row per code of a vocabulary, made before the scan. */
static g_status fixed_rows(observe_report *r, g_error *err)
{
    g_status s = rows_vocabulary(&r->chart[OBS_CLOSED_HOURS], ref_channels, ref_channel_labels,
                                 N_("Canal non renseigné"), err);
    /* (the age bands' vocabulary has its own « non communiquée ») */
    if (s == G_OK)
        s = rows_vocabulary(&r->chart[OBS_AGE], ref_age_bands, ref_age_band_labels, NULL, err);
    if (s == G_OK)
        s = rows_vocabulary(&r->chart[OBS_AUTONOMY], ref_autonomies, ref_autonomy_labels,
                            N_("Non renseignée"), err);
    for (int b = 0; s == G_OK && b < OBSERVE_WAIT_BUCKETS; b++)
        if (!row_add(&r->chart[OBS_WAIT], wait_codes[b], "", wait_labels[b], 1, err))
            s = G_ERR_NOMEM;
    if (s == G_OK &&
        !row_add(&r->chart[OBS_WAIT], "parti", "", N_("Partis sans être reçus"), 1, err))
        s = G_ERR_NOMEM;
    return s;
}

static void site_hours(const g_config *cfg, scan_ctx *c)
{
    observe_report *r = c->r;
    if (!cfg || !cfg->site.hours[0])
        return;
    g_error herr = {0};
    if (hours_parse(cfg->site.hours, &c->hours, &herr) != G_OK) {
        snprintf(r->hours_error, sizeof r->hours_error, _("[site] hours illisible : %s"), herr.msg);
        return;
    }
    c->hours_ok = r->hours_set = 1;
    for (int d = 0; d < 7; d++)
        for (int h = 0; h < 24; h++)
            r->open_minutes[d][h] = minutes_open(&c->hours.day[d], h);
}

g_status observe_compute(g_db *db, const g_config *cfg, const char *from, const char *to,
                         observe_report *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < OBS_CHARTS; i++) {
        out->chart[i].id = chart_def[i].id;
        out->chart[i].title = chart_def[i].title;
        out->chart[i].kind = chart_def[i].kind;
    }
    out->wait_median = -1;
    int64_t start, end;
    g_status s = stats_period_bounds(from, to, out->from, out->to, &out->days, &start, &end, err);
    if (s != G_OK || (s = fixed_rows(out, err)) != G_OK)
        return s;
    scan_ctx *c = calloc(1, sizeof *c);
    activity_tally *t = malloc(sizeof *t);
    if (!c || !t) {
        free(c);
        free(t);
        return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    }
    c->r = out;
    c->tally = t;
    site_hours(cfg, c);
    s = activity_tally_init(t, err);
    if (s == G_OK)
        s = activity_scan(db, start, end, scan_request, c, err);
    /* by operator: the rule's closed requests, over the types of help */
    for (int o = 0; s == G_OK && o <= t->n_operators; o++) {
        int64_t n = 0;
        for (int h = 0; h < ACTIVITY_HELP; h++)
            n += t->by_operator[o][h].n;
        observe_row *row = o < t->n_operators
                               ? row_add(&out->chart[OBS_OPERATOR], ref_operators[o].code, "",
                                         ref_operators[o].name, 0, err)
                               : row_add(&out->chart[OBS_OPERATOR], "aucun", "",
                                         N_("Aucun partenaire national"), 1, err);
        if (!row)
            s = G_ERR_NOMEM;
        else
            row->value = n;
    }
    if (s == G_OK && c->nwaits) {
        qsort(c->waits, c->nwaits, sizeof *c->waits, int_cmp);
        out->wait_median = c->waits[c->nwaits / 2];
    }
    out->waited = (int)c->nwaits;
    free(c->waits);
    free(c);
    free(t);
    if (s == G_OK)
        s = count_orientations(db, start, end, out, err);
    if (s == G_OK)
        s = count_noshow(db, start, end, out, err);
    if (s == G_OK)
        s = count_answers(db, out, err);
    if (s != G_OK)
        return s;
    /* the arrivals' scale, the totals, the open-ended lists by size */
    for (int d = 0; d < 7; d++)
        for (int h = 0; h < 24; h++)
            if (out->arrivals[d][h] > out->arrivals_max)
                out->arrivals_max = out->arrivals[d][h];
    qsort(out->chart[OBS_THEME].rows, out->chart[OBS_THEME].n, sizeof(observe_row), by_value_desc);
    /* communes by name once the INSEE list is imported (« Clamecy (58) »),
     * by code otherwise; the code stays in the row (the CSV's code column) */
    observe_chart *communes = &out->chart[OBS_COMMUNE];
    for (size_t k = 0; k < communes->n; k++)
        if (communes->rows[k].code[0] &&
            commune_label(db, communes->rows[k].code, communes->rows[k].label,
                          sizeof communes->rows[k].label, err) != G_OK)
            return err->code;
    qsort(communes->rows, communes->n, sizeof(observe_row), by_value_desc);
    for (int i = 0; i < OBS_CHARTS; i++) {
        observe_chart *ch = &out->chart[i];
        if (ch->kind == OBSERVE_RATE)
            continue;
        if (i == OBS_OPERATOR || i == OBS_THEME) {
            /* a request about two partners counts in two bars: the shares
             * are of the requests, and may add up to more than 100 % */
            ch->total = out->requests;
            continue;
        }
        ch->total = 0;
        for (size_t k = 0; k < ch->n; k++)
            ch->total += ch->rows[k].value;
    }
    return G_OK;
}

void observe_free(observe_report *r)
{
    for (int i = 0; i < OBS_CHARTS; i++) {
        free(r->chart[i].rows);
        r->chart[i].rows = NULL;
        r->chart[i].n = r->chart[i].cap = 0;
    }
}

/* ---- the CSV file ---------------------------------------------------------- */

static const char *const csv_cols[] = {"periode_debut", "periode_fin", "graphique", "code",
                                       "sous_code",     "libelle",     "valeur",    "reference"};

static void csv_row(csvout *w, const observe_report *r, const char *chart, const char *code,
                    const char *sub, const char *label, int64_t value, int64_t ref, int has_ref)
{
    csvout_raw(w, r->from);
    csvout_raw(w, r->to);
    csvout_raw(w, chart);
    csvout_text(w, code);
    csvout_text(w, sub);
    csvout_text(w, label);
    csvout_int(w, value);
    if (has_ref)
        csvout_int(w, ref);
    else
        csvout_empty(w);
    csvout_end_row(w);
}

g_status observe_write_csv(g_db *db, const g_config *cfg, int64_t actor_id, const observe_report *r,
                           const char *path, int64_t *rows, g_error *err)
{
    if (rows)
        *rows = 0;
    if (!path || !*path)
        return g_err_field(err, G_ERR_INVALID, "file", "%s", _("Indiquez le nom du fichier."));
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
    if (!name[0])
        return g_err_field(err, G_ERR_INVALID, "file", "%s", _("Indiquez le nom du fichier."));
    csvout_format fmt = {';', 1, 1};
    if (cfg)
        fmt = (csvout_format){cfg->export.separator, cfg->export.bom, cfg->export.crlf};
    csvout *w = NULL;
    g_status s = csvout_open(dir, name, &fmt, &w, err);
    if (s != G_OK)
        return s;
    csvout_header(w, csv_cols, (int)(sizeof csv_cols / sizeof *csv_cols));
    for (int d = 0; d < 7; d++)
        for (int h = 0; h < 24; h++) {
            char code[4], sub[4], label[64];
            snprintf(code, sizeof code, "%d", d + 1);
            snprintf(sub, sizeof sub, "%02d", h);
            snprintf(label, sizeof label, "%s %02d h", observe_weekdays[d], h);
            csv_row(w, r, "arrivees", code, sub, label, r->arrivals[d][h], r->open_minutes[d][h],
                    r->hours_set);
        }
    for (int i = 0; i < OBS_CHARTS; i++) {
        const observe_chart *c = &r->chart[i];
        for (size_t k = 0; k < c->n; k++) {
            const observe_row *row = &c->rows[k];
            csv_row(w, r, c->id, ref_public_code(row->code), row->sub, row->label, row->value,
                    row->ref, c->kind == OBSERVE_RATE);
        }
    }
    csvout_info info;
    if ((s = csvout_status(w, err)) != G_OK) {
        csvout_abort(w);
        return s;
    }
    if ((s = csvout_commit(w, &info, err)) != G_OK)
        return s;
    if (rows)
        *rows = info.rows;
    char detail[64];
    snprintf(detail, sizeof detail, "%s..%s", r->from, r->to);
    return audit_log(db, actor_id, "stats-export", "", detail, err);
}
