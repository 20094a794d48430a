/* rdvsp.c — RDV Service Public's appointment export into the agenda
 * statistics (see rdvsp.h).
 *
 * The file is read once with libcsv into a small array of rows (only what is
 * kept, plus a fingerprint), checked whole, then written in one
 * transaction: an export is a few thousand rows at most. */
#include <csv.h>
#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_internal.h"
#include "guichet/agenda_resource.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/rdvsp.h"
#include "guichet/ref.h"
#include "guichet/status.h"
#include "guichet/utf8.h"

enum col {
    C_DATE,      /* date rdv */
    C_TIME,      /* heure rdv */
    C_BOOK_DATE, /* date prise rdv */
    C_BOOK_TIME, /* heure prise rdv */
    C_ORIGIN,    /* origine */
    C_SERVICE,   /* service */
    C_MOTIF,     /* motif */
    C_STATUS,    /* statut */
    C_PLACE,     /* lieu */
    C_AGENTS,    /* professionnel.le(s): fingerprint only */
    C_USERS,     /* usager(s): fingerprint only */
    C_COUNT
};

static const char *const col_names[C_COUNT] = {
    "date rdv", "heure rdv", "date prise rdv", "heure prise rdv",     "origine",  "service",
    "motif",    "statut",    "lieu",           "professionnel.le(s)", "usager(s)"};

/* the ones a row cannot do without */
static const int required[] = {C_DATE, C_TIME, C_SERVICE, C_STATUS};

/* RDV Service Public's status labels (rdv.fr.yml), folded */
static const struct {
    const char *label, *status;
} statuses[] = {
    {"rendez-vous honore", APPT_HONORED},
    {"effectue", APPT_HONORED},
    {"annule (excuse)", APPT_EXCUSED},
    {"annule (par le service)", APPT_CANCELLED_BY_SERVICE},
    {"annule (lieu/service)", APPT_CANCELLED_BY_SERVICE},
    {"annule", APPT_CANCELLED_BY_SERVICE},
    {"absence non excusee", APPT_ABSENT},
    {"a renseigner", APPT_TO_COME},
    {"rendez-vous a venir", APPT_TO_COME},
    {"rendez-vous aujourd'hui", APPT_TO_COME},
    {"etat indetermine", APPT_TO_COME},
    {"a venir", APPT_TO_COME},
};

typedef struct row {
    int line;
    int64_t start, booked; /* booked: -1 = unknown */
    char key[65];          /* hex fingerprint + occurrence */
    char service[128];
    char operator_code[32];
    char motif[128];
    char place[16];
    char status[16];
    char origin[16];
} row;

typedef struct reader {
    rdvsp_result *res;
    g_error *err;
    g_status fatal;
    int header_done, ncol;
    int where[C_COUNT];
    char **fields;
    size_t nfield, cap;
    int line, rec_line;
    row *rows;
    size_t nrows, caprows;
} reader;

static void problem(reader *r, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(reader *r, int line, const char *fmt, ...)
{
    import_result *res = &r->res->rows;
    if (res->nproblem % 64 == 0) {
        import_problem *g = realloc(res->problems, (res->nproblem + 64) * sizeof *g);
        if (!g) {
            r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
            return;
        }
        res->problems = g;
    }
    import_problem *p = &res->problems[res->nproblem++];
    p->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
}

/* Windows-1252 (Excel's « CSV ») to UTF-8, for a cell that is not UTF-8. */
static char *from_cp1252(const char *s, size_t len)
{
    static const unsigned short high[32] = {
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
    char *out = malloc(len * 3 + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned c = (unsigned char)s[i];
        if (c >= 0x80 && c < 0xA0)
            c = high[c - 0x80];
        if (c < 0x80) {
            *o++ = (char)c;
        } else if (c < 0x800) {
            *o++ = (char)(0xC0 | (c >> 6));
            *o++ = (char)(0x80 | (c & 0x3F));
        } else {
            *o++ = (char)(0xE0 | (c >> 12));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *o = 0;
    return out;
}

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->nfield == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 32;
        char **g = realloc(r->fields, ncap * sizeof *g);
        if (!g) {
            r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
            return;
        }
        r->fields = g;
        r->cap = ncap;
    }
    char *v = utf8_valid(s, len) && !memchr(s, 0, len) ? strndup(s, len) : from_cp1252(s, len);
    if (!v) {
        r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
        return;
    }
    /* trim */
    char *b = v;
    while (*b == ' ' || *b == '\t')
        b++;
    size_t n = strlen(b);
    while (n && strchr(" \t\r\n", b[n - 1]))
        b[--n] = 0;
    memmove(v, b, n + 1);
    r->fields[r->nfield++] = v;
}

static const char *field(const reader *r, int c)
{
    int i = r->where[c];
    return i >= 0 && (size_t)i < r->nfield ? r->fields[i] : "";
}

static void fold(const char *s, char *out, size_t size)
{
    normalize_fold(s, out, size);
}

/* "07/04/2023" → y m d; "2023-04-07" too. */
static int read_day(const char *s, int *y, int *m, int *d)
{
    char tail;
    if (sscanf(s, "%2d/%2d/%4d%c", d, m, y, &tail) == 3 ||
        sscanf(s, "%4d-%2d-%2d%c", y, m, d, &tail) == 3)
        return clock_valid_date(*y, *m, *d) ? 0 : -1;
    return -1;
}

/* "14h30", "14:30", "14h" → hour minute. */
static int read_time(const char *s, int *h, int *mi)
{
    char sep, tail;
    *mi = 0;
    int n = sscanf(s, "%2d%c%2d%c", h, &sep, mi, &tail);
    if (n < 2 || (sep != 'h' && sep != 'H' && sep != ':') || (n == 4) || *h > 23 || *mi > 59 ||
        *h < 0 || *mi < 0)
        return -1;
    return 0;
}

const char *rdvsp_operator_of(const char *name)
{
    char words[512], padded[520], syn[256], synp[264];
    normalize_search_words(name, words, sizeof words);
    snprintf(padded, sizeof padded, " %s ", words);
    /* the longest match wins: « Caisse d'allocations familiales » over « familiales » */
    const char *best = "";
    size_t best_len = 0;
    for (const ref_code *c = ref_rdvsp_services; c->code; c++) {
        normalize_search_words(c->code, syn, sizeof syn);
        snprintf(synp, sizeof synp, " %s ", syn);
        size_t l = strlen(syn);
        if (l > best_len && strstr(padded, synp)) {
            best = c->label;
            best_len = l;
        }
    }
    return best;
}

static void note_unmapped(rdvsp_result *res, const char *service)
{
    for (int i = 0; i < res->nunmapped; i++)
        if (strcmp(res->unmapped[i].service, service) == 0) {
            res->unmapped[i].count++;
            return;
        }
    if (res->nunmapped == RDVSP_UNMAPPED_MAX)
        return;
    snprintf(res->unmapped[res->nunmapped].service, sizeof res->unmapped[0].service, "%s", service);
    res->unmapped[res->nunmapped++].count = 1;
}

static void read_header(reader *r)
{
    r->header_done = 1;
    r->ncol = (int)r->nfield;
    for (int c = 0; c < C_COUNT; c++)
        r->where[c] = -1;
    char folded[128], want[64];
    for (size_t i = 0; i < r->nfield; i++) {
        fold(r->fields[i], folded, sizeof folded);
        for (int c = 0; c < C_COUNT; c++) {
            fold(col_names[c], want, sizeof want);
            if (strcmp(folded, want) == 0 && r->where[c] < 0) {
                r->where[c] = (int)i;
                break;
            }
        }
    }
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (r->where[required[i]] < 0)
            problem(r, r->rec_line,
                    _("colonne « %s » absente de l'en-tête (est-ce bien l'export des rendez-vous "
                      "de RDV Service Public ?)"),
                    col_names[required[i]]);
}

static void on_record(int c, void *data)
{
    (void)c;
    reader *r = data;
    if (r->fatal)
        goto done;
    if (!r->header_done) {
        read_header(r);
        goto done;
    }
    if (r->nfield == 1 && !r->fields[0][0])
        goto done; /* a blank line at the end of a spreadsheet's CSV */
    r->res->rows.lines++;
    row w = {.line = r->rec_line, .booked = -1};
    int y, m, d, h, mi;
    if (read_day(field(r, C_DATE), &y, &m, &d) != 0) {
        problem(r, r->rec_line, _("date du rendez-vous « %s » illisible (JJ/MM/AAAA attendu)"),
                field(r, C_DATE));
        goto done;
    }
    if (read_time(field(r, C_TIME), &h, &mi) != 0) {
        problem(r, r->rec_line, _("heure du rendez-vous « %s » illisible (14h30 attendu)"),
                field(r, C_TIME));
        goto done;
    }
    if (clock_from_local(y, m, d, h, mi, &w.start) != 0) {
        problem(r, r->rec_line, _("heure du rendez-vous « %s » impossible ce jour-là"),
                field(r, C_TIME));
        goto done;
    }
    char day[11];
    snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
    if (!r->res->first_day[0] || strcmp(day, r->res->first_day) < 0)
        snprintf(r->res->first_day, sizeof r->res->first_day, "%s", day);
    if (strcmp(day, r->res->last_day) > 0)
        snprintf(r->res->last_day, sizeof r->res->last_day, "%s", day);
    if (field(r, C_BOOK_DATE)[0] && read_day(field(r, C_BOOK_DATE), &y, &m, &d) == 0) {
        if (read_time(field(r, C_BOOK_TIME), &h, &mi) != 0)
            h = mi = 0;
        if (clock_from_local(y, m, d, h, mi, &w.booked) != 0)
            w.booked = -1;
    }
    char folded[256];
    fold(field(r, C_STATUS), folded, sizeof folded);
    const char *status = NULL;
    for (size_t i = 0; i < sizeof statuses / sizeof *statuses && !status; i++)
        if (strcmp(folded, statuses[i].label) == 0)
            status = statuses[i].status;
    if (!status) {
        problem(r, r->rec_line, _("statut « %s » inconnu"), field(r, C_STATUS));
        goto done;
    }
    snprintf(w.status, sizeof w.status, "%s", status);
    fold(field(r, C_PLACE), folded, sizeof folded);
    snprintf(w.place, sizeof w.place, "%s",
             strstr(folded, "telephone")  ? AGENDA_PLACE_PHONE
             : strstr(folded, "domicile") ? AGENDA_PLACE_HOME
             : strstr(folded, "visio")    ? AGENDA_PLACE_VIDEO
                                          : AGENDA_PLACE_ON_SITE);
    fold(field(r, C_ORIGIN), folded, sizeof folded);
    snprintf(w.origin, sizeof w.origin, "%s",
             strstr(folded, "agent")          ? "agent"
             : strstr(folded, "internet")     ? "internet"
             : strstr(folded, "attente")      ? "file-attente"
             : strstr(folded, "prescripteur") ? "prescripteur"
                                              : "");
    snprintf(w.service, sizeof w.service, "%s", field(r, C_SERVICE));
    snprintf(w.motif, sizeof w.motif, "%s", field(r, C_MOTIF));
    const char *op = rdvsp_operator_of(w.service);
    if (!op[0])
        op = rdvsp_operator_of(w.motif);
    snprintf(w.operator_code, sizeof w.operator_code, "%s", op);
    /* the fingerprint: what identifies the appointment, status excluded (it
     * changes from one export to the next); names only ever pass through it */
    crypto_generichash_state hs;
    crypto_generichash_init(&hs, NULL, 0, 24);
    const int keyed[] = {C_DATE,  C_TIME,  C_BOOK_DATE, C_BOOK_TIME, C_SERVICE,
                         C_MOTIF, C_PLACE, C_AGENTS,    C_USERS};
    for (size_t i = 0; i < sizeof keyed / sizeof *keyed; i++) {
        const char *v = field(r, keyed[i]);
        crypto_generichash_update(&hs, (const unsigned char *)v, strlen(v) + 1);
    }
    unsigned char hash[24];
    crypto_generichash_final(&hs, hash, sizeof hash);
    sodium_bin2hex(w.key, 49, hash, sizeof hash);
    if (r->nrows == r->caprows) {
        size_t ncap = r->caprows ? r->caprows * 2 : 256;
        row *g = realloc(r->rows, ncap * sizeof *g);
        if (!g) {
            r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
            goto done;
        }
        r->rows = g;
        r->caprows = ncap;
    }
    r->rows[r->nrows++] = w;
done:
    for (size_t i = 0; i < r->nfield; i++)
        free(r->fields[i]);
    r->nfield = 0;
}

static unsigned char detect_separator(const char *line)
{
    int semi = 0, comma = 0, quoted = 0;
    for (const char *p = line; *p && *p != '\n'; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == ';')
            semi++;
        else if (!quoted && *p == ',')
            comma++;
    }
    return semi >= comma && semi > 0 ? ';' : ',';
}

static void read_file(reader *r, FILE *f)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while (!r->fatal && (n = getline(&line, &cap, f)) > 0) {
        r->line++;
        const char *s = line;
        if (r->line == 1) {
            if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
                s += 3;
                n -= 3;
            }
            csv_set_delim(&p, detect_separator(s));
        }
        if (p.pstate == 0)
            r->rec_line = r->line;
        if (csv_parse(&p, s, (size_t)n, on_field, on_record, r) != (size_t)n) {
            r->fatal = g_err(r->err, G_ERR_INVALID, _("ligne %d : %s"), r->line,
                             csv_strerror(csv_error(&p)));
            break;
        }
    }
    if (!r->fatal)
        csv_fini(&p, on_field, on_record, r);
    for (size_t i = 0; i < r->nfield; i++)
        free(r->fields[i]);
    free(line);
    csv_free(&p);
}

static int row_cmp(const void *a, const void *b)
{
    const row *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : x->line - y->line;
}

/* Two identical rows (same slot, service, motif, place, people) are two
 * appointments: the n-th of them gets "-n" after its fingerprint, the same
 * n in every export. */
static void number_twins(row *rows, size_t n)
{
    qsort(rows, n, sizeof *rows, row_cmp);
    int twin = 0;
    for (size_t i = 0; i < n; i++) {
        twin = i && strncmp(rows[i].key, rows[i - 1].key, 48) == 0 ? twin + 1 : 0;
        snprintf(rows[i].key + 48, sizeof rows[i].key - 48, "-%d", twin);
    }
}

static g_status store(g_db *db, const row *w, int dry_run, rdvsp_result *res, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT status, operator IS ?2, service = ?3 AND motif = ?4 AND "
                            "place = ?5 AND start_at = ?6 FROM external_appointment WHERE "
                            "source = 'rdv-service-public' AND source_key = ?1",
                            &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, w->key);
    db_bind_text(st, 2, w->operator_code[0] ? w->operator_code : NULL);
    db_bind_text(st, 3, w->service);
    db_bind_text(st, 4, w->motif);
    db_bind_text(st, 5, w->place);
    sqlite3_bind_int64(st, 6, w->start);
    int step = sqlite3_step(st);
    int exists = step == SQLITE_ROW;
    int same = exists && strcmp((const char *)sqlite3_column_text(st, 0), w->status) == 0 &&
               sqlite3_column_int(st, 1) && sqlite3_column_int(st, 2);
    sqlite3_finalize(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return db_fail(db, err, _("lecture des rendez-vous importés"));
    if (same) {
        res->rows.unchanged++;
        return G_OK;
    }
    if (exists)
        res->rows.updated++;
    else
        res->rows.created++;
    if (dry_run)
        return G_OK;
    s = db_prepare(db,
                   "INSERT INTO external_appointment (source, source_key, start_at, booked_at, "
                   "service, operator, motif, place, status, origin, imported_at, updated_at) "
                   "VALUES ('rdv-service-public', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) "
                   "ON CONFLICT (source, source_key) DO UPDATE SET start_at = ?2, booked_at = ?3, "
                   "service = ?4, operator = ?5, motif = ?6, place = ?7, status = ?8, origin = "
                   "?9, updated_at = ?10",
                   &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, w->key);
    sqlite3_bind_int64(st, 2, w->start);
    if (w->booked >= 0)
        sqlite3_bind_int64(st, 3, w->booked);
    db_bind_text(st, 4, w->service);
    db_bind_text(st, 5, w->operator_code[0] ? w->operator_code : NULL);
    db_bind_text(st, 6, w->motif);
    db_bind_text(st, 7, w->place);
    db_bind_text(st, 8, w->status);
    db_bind_text(st, 9, w->origin);
    sqlite3_bind_int64(st, 10, clock_now());
    step = sqlite3_step(st);
    sqlite3_finalize(st);
    return step == SQLITE_DONE ? G_OK
                               : db_fail(db, err, _("enregistrement des rendez-vous importés"));
}

g_status rdvsp_import(g_db *db, const char *path, int dry_run, int64_t user_id, rdvsp_result *res,
                      g_error *err)
{
    memset(res, 0, sizeof *res);
    FILE *f = fopen(path, "rb");
    if (!f)
        return g_err(err, G_ERR_IO, _("Impossible d'ouvrir « %s » : %s."), path, strerror(errno));
    reader r = {.res = res, .err = err};
    read_file(&r, f);
    fclose(f);
    g_status s = r.fatal;
    if (s)
        goto out;
    if (!r.header_done) {
        s = g_err(err, G_ERR_INVALID, "%s", _("Le fichier est vide (pas même un en-tête)."));
        goto out;
    }
    if (res->rows.nproblem) {
        s = g_err(err, G_ERR_INVALID,
                  P_("%zu ligne incorrecte : rien n'a été importé.",
                     "%zu lignes incorrectes : rien n'a été importé.", res->rows.nproblem),
                  res->rows.nproblem);
        goto out;
    }
    number_twins(r.rows, r.nrows);
    for (size_t i = 0; i < r.nrows; i++) {
        if (r.rows[i].operator_code[0])
            res->with_operator++;
        else
            note_unmapped(res, r.rows[i].service);
    }
    if (!dry_run && (s = db_begin(db, err)) != G_OK)
        goto out;
    for (size_t i = 0; i < r.nrows && s == G_OK; i++)
        s = store(db, &r.rows[i], dry_run, res, err);
    if (s == G_OK && !dry_run) {
        char detail[200], object[300];
        snprintf(detail, sizeof detail, "%d créés, %d mis à jour, %d inchangés, du %s au %s",
                 res->rows.created, res->rows.updated, res->rows.unchanged, res->first_day,
                 res->last_day);
        const char *base = strrchr(path, '/');
        snprintf(object, sizeof object, "fichier:%s", base ? base + 1 : path);
        s = audit_log(db, user_id, "rdvsp-import", object, detail, err);
    }
    if (!dry_run) {
        if (s == G_OK)
            s = db_commit(db, err);
        if (s != G_OK)
            db_rollback(db);
    }
    if (s != G_OK)
        res->rows.created = res->rows.updated = res->rows.unchanged = 0;
out:
    free(r.rows);
    free(r.fields);
    return s;
}
