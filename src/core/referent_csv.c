/* referent_csv.c — importing and exporting the referents as CSV (see
 * guichet/referent.h, docs/referents.md).
 *
 * A site has tens of referents, not thousands: the file is read whole into
 * rows (at most REFERENT_IMPORT_MAX), each checked against the model and the
 * database; only a clean file is applied, in one transaction. libcsv parses,
 * fed line by line so that every record is known by the line it starts on. */
#include <csv.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_internal.h"
#include "referent_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/csvout.h"
#include "guichet/directory.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/referent.h"
#include "guichet/utf8.h"

#define REFERENT_IMPORT_MAX 5000 /* rows: far beyond a site's referents */

enum col {
    C_UUID,
    C_OPERATEUR,
    C_SERVICE,
    C_NOM,
    C_FONCTION,
    C_TELEPHONE,
    C_COURRIEL,
    C_CANAL,
    C_JOURS,
    C_DEBUT,
    C_FIN,
    C_REMPLACE,
    C_COUNT
};

static const char *const col_names[C_COUNT] = {
    "uuid",     "operateur", "service", "nom",   "fonction", "telephone",
    "courriel", "canal",     "jours",   "debut", "fin",      "remplace",
};

typedef struct row {
    int line;
    referent r;
    char uuid[48];     /* the referent this line updates, "" = a new one */
    char replaces[48]; /* the referent this new one replaces, "" = none */
    /* set by the checks */
    int64_t existing_id; /* uuid found */
    int64_t old_id;      /* replaces found */
} row;

typedef struct reader {
    g_db *db;
    referent_import_result *res;
    g_error *err;
    g_status fatal;
    int header_done, header_bad, ncol;
    int where[C_COUNT];
    char **fields;
    size_t *lens;
    int nfield, cap, too_wide;
    int line, rec_line;
    row *rows;
    size_t nrows;
} reader;

static void problem(reader *r, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(reader *r, int line, const char *fmt, ...)
{
    referent_import_result *res = r->res;
    if (res->nproblem % 32 == 0) {
        referent_import_problem *g =
            realloc(res->problems, (res->nproblem + 32) * sizeof *res->problems);
        if (!g) {
            r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
            return;
        }
        res->problems = g;
    }
    referent_import_problem *p = &res->problems[res->nproblem++];
    p->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
}

void referent_import_result_free(referent_import_result *res)
{
    free(res->problems);
    memset(res, 0, sizeof *res);
}

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->nfield >= 64) { /* a runaway line: count, do not keep */
        r->too_wide++;
        return;
    }
    if (r->nfield == r->cap) {
        int ncap = r->cap ? r->cap * 2 : 16;
        char **f = realloc(r->fields, (size_t)ncap * sizeof *f);
        if (f)
            r->fields = f;
        size_t *l = realloc(r->lens, (size_t)ncap * sizeof *l);
        if (l)
            r->lens = l;
        if (!f || !l) {
            r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
            return;
        }
        r->cap = ncap;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
        return;
    }
    if (len)
        memcpy(copy, s, len);
    copy[len] = 0;
    r->fields[r->nfield] = copy;
    r->lens[r->nfield] = len;
    r->nfield++;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = 0;
    return s;
}

static void read_header(reader *r)
{
    r->header_done = 1;
    r->ncol = r->nfield;
    for (int c = 0; c < C_COUNT; c++)
        r->where[c] = -1;
    for (int i = 0; i < r->nfield; i++) {
        const char *name = trim(r->fields[i]);
        for (int c = 0; c < C_COUNT; c++) {
            if (strcasecmp(name, col_names[c]) != 0)
                continue;
            if (r->where[c] >= 0)
                problem(r, r->rec_line, _("colonne « %s » en double dans l'en-tête"), col_names[c]);
            r->where[c] = i;
        }
    }
    if (r->where[C_NOM] < 0)
        problem(r, r->rec_line, _("colonne « %s » absente de l'en-tête"), "nom");
    if (r->where[C_OPERATEUR] < 0 && r->where[C_SERVICE] < 0)
        problem(r, r->rec_line, "%s",
                _("il faut une colonne « operateur » ou « service » dans l'en-tête"));
}

/* The cell of column c (trimmed; a spreadsheet's neutralising apostrophe
 * before = + - @ removed), or "" when the file has no such column. NULL
 * after reporting a problem. */
static const char *cell(reader *r, int c)
{
    int i = r->where[c];
    if (i < 0)
        return "";
    if (!utf8_valid(r->fields[i], r->lens[i]) || strlen(r->fields[i]) != r->lens[i]) {
        problem(r, r->rec_line,
                _("texte illisible dans la colonne « %s » (ce n'est pas de "
                  "l'UTF-8)"),
                col_names[c]);
        return NULL;
    }
    char *v = trim(r->fields[i]);
    if (v[0] == '\'' && strchr("=+-@", v[1]) && v[1])
        v++;
    return v;
}

static int put(reader *r, int c, char *dst, size_t size)
{
    const char *v = cell(r, c);
    if (!v)
        return -1;
    if (strlen(v) >= size) {
        problem(r, r->rec_line, _("colonne « %s » trop longue"), col_names[c]);
        return -1;
    }
    memcpy(dst, v, strlen(v) + 1);
    return 0;
}

/* The service of a "source:source_id" key; 0 after reporting a problem. */
static int64_t find_service(reader *r, const char *key)
{
    const char *colon = strchr(key, ':');
    if (!colon || colon == key || !colon[1]) {
        problem(r, r->rec_line,
                _("service « %s » : la clé s'écrit source:identifiant (ex. local:mission-locale), "
                  "comme dans l'export de l'annuaire"),
                key);
        return 0;
    }
    char source[64];
    size_t n = (size_t)(colon - key);
    if (n >= sizeof source) {
        problem(r, r->rec_line, _("service « %s » absent de l'annuaire"), key);
        return 0;
    }
    memcpy(source, key, n);
    source[n] = 0;
    g_service *s = calloc(1, sizeof *s);
    if (!s) {
        r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
        return 0;
    }
    g_error e = {0};
    int64_t id = 0;
    g_status st = directory_get_by_source(r->db, source, colon + 1, s, &e);
    if (st == G_OK)
        id = s->id;
    else if (st == G_ERR_NOTFOUND)
        problem(r, r->rec_line, _("service « %s » absent de l'annuaire"), key);
    else {
        *r->err = e;
        r->fatal = st;
    }
    free(s);
    return id;
}

/* Checks one record against the model and the database; keeps it. */
static void check_record(reader *r)
{
    r->res->lines++;
    if (r->nfield + r->too_wide != r->ncol) {
        problem(r, r->rec_line, _("%d colonnes au lieu de %d"), r->nfield + r->too_wide, r->ncol);
        return;
    }
    if (r->nrows >= REFERENT_IMPORT_MAX) {
        problem(r, r->rec_line, _("plus de %d lignes : découpez le fichier"), REFERENT_IMPORT_MAX);
        return;
    }
    row w;
    memset(&w, 0, sizeof w);
    w.line = r->rec_line;
    referent *x = &w.r;
    char service[200] = "";
    if (put(r, C_UUID, w.uuid, sizeof w.uuid) ||
        put(r, C_REMPLACE, w.replaces, sizeof w.replaces) ||
        put(r, C_OPERATEUR, x->operator_code, sizeof x->operator_code) ||
        put(r, C_SERVICE, service, sizeof service) || put(r, C_NOM, x->name, sizeof x->name) ||
        put(r, C_FONCTION, x->role, sizeof x->role) ||
        put(r, C_TELEPHONE, x->phone, sizeof x->phone) ||
        put(r, C_COURRIEL, x->email, sizeof x->email) ||
        put(r, C_CANAL, x->channel, sizeof x->channel) ||
        put(r, C_JOURS, x->days, sizeof x->days) ||
        put(r, C_DEBUT, x->valid_from, sizeof x->valid_from) ||
        put(r, C_FIN, x->valid_to, sizeof x->valid_to))
        return;
    snprintf(x->service_key, sizeof x->service_key, "%s", service);
    g_error verr = {0};
    if (referent_validate(x, &verr) != G_OK) {
        problem(r, r->rec_line, "%s", verr.msg);
        return;
    }
    if (service[0] && !(x->service_id = find_service(r, service)))
        return;
    if (w.uuid[0] && w.replaces[0]) {
        /* the export's own line for a replacement already made (its
         * remplace names whom it replaced): an update, as its uuid says */
        referent cur, prev;
        g_error e2 = {0};
        g_status fc = referent_find_uuid(r->db, w.uuid, &cur, &e2);
        g_status fp = fc == G_OK ? referent_find_uuid(r->db, w.replaces, &prev, &e2) : fc;
        if (fp != G_OK && fp != G_ERR_NOTFOUND) { /* the database, not the line */
            *r->err = e2;
            r->fatal = fp;
            return;
        }
        if (fp == G_OK && prev.replaced_by_id == cur.id)
            w.replaces[0] = 0;
        else {
            problem(r, r->rec_line, "%s",
                    _("une ligne met à jour un référent (uuid) ou en remplace un (remplace), pas "
                      "les deux"));
            return;
        }
    }
    referent_canonical(x);
    g_error e = {0};
    referent old;
    if (w.uuid[0] || w.replaces[0]) {
        const char *key = w.uuid[0] ? w.uuid : w.replaces;
        g_status st = referent_find_uuid(r->db, key, &old, &e);
        if (st == G_ERR_NOTFOUND) {
            problem(r, r->rec_line,
                    w.uuid[0] ? _("référent « %s » inconnu : laissez la colonne uuid vide pour "
                                  "ajouter un référent")
                              : _("le référent remplacé « %s » est inconnu"),
                    key);
            return;
        }
        if (st != G_OK) {
            *r->err = e;
            r->fatal = st;
            return;
        }
        if (strcmp(old.operator_code, x->operator_code) != 0 || old.service_id != x->service_id) {
            problem(r, r->rec_line, "%s",
                    w.uuid[0] ? _("un référent ne change pas d'opérateur ni de service : "
                                  "remplacez-le par un nouveau")
                              : _("le remplaçant doit être du même opérateur ou service que le "
                                  "référent remplacé"));
            return;
        }
        if (w.uuid[0]) {
            if (strcmp(old.valid_from, x->valid_from) != 0 && r->where[C_DEBUT] >= 0) {
                problem(r, r->rec_line,
                        _("le début d'un référent (%s) ne change pas : corrigez la fin ou "
                          "remplacez-le"),
                        old.valid_from);
                return;
            }
            w.existing_id = old.id;
            /* a column the file does not have leaves the field as it was */
            struct {
                int col;
                char *dst;
                const char *src;
                size_t size;
            } keep[] = {
                {C_FONCTION, x->role, old.role, sizeof x->role},
                {C_TELEPHONE, x->phone, old.phone, sizeof x->phone},
                {C_COURRIEL, x->email, old.email, sizeof x->email},
                {C_CANAL, x->channel, old.channel, sizeof x->channel},
                {C_JOURS, x->days, old.days, sizeof x->days},
                {C_FIN, x->valid_to, old.valid_to, sizeof x->valid_to},
            };
            for (size_t k = 0; k < sizeof keep / sizeof *keep; k++)
                if (r->where[keep[k].col] < 0)
                    snprintf(keep[k].dst, keep[k].size, "%s", keep[k].src);
        } else {
            char last[11];
            int y = atoi(x->valid_from), m = atoi(x->valid_from + 5), d = atoi(x->valid_from + 8);
            int64_t z = clock_days_from_civil(y, m, d) - 1;
            clock_civil_from_days(z, &y, &m, &d);
            snprintf(last, sizeof last, "%04d-%02d-%02d", y, m, d);
            if (old.replaced_by_id)
                problem(r, r->rec_line, _("%s a déjà été remplacé(e)"), old.name);
            else if (strcmp(x->valid_from, old.valid_from) <= 0)
                problem(r, r->rec_line, _("le remplaçant doit commencer après le début de %s (%s)"),
                        old.name, old.valid_from);
            else if (old.valid_to[0] && strcmp(old.valid_to, last) < 0)
                problem(r, r->rec_line, _("%s a quitté ses fonctions le %s"), old.name,
                        old.valid_to);
            else
                w.old_id = old.id;
            if (!w.old_id)
                return;
        }
    }
    /* the same referent twice in the file */
    for (size_t i = 0; i < r->nrows; i++) {
        const row *o = &r->rows[i];
        if ((w.uuid[0] && strcasecmp(o->uuid, w.uuid) == 0) ||
            (w.replaces[0] && strcasecmp(o->replaces, w.replaces) == 0)) {
            problem(r, r->rec_line, _("référent « %s » déjà présent ligne %d"),
                    w.uuid[0] ? w.uuid : w.replaces, o->line);
            return;
        }
    }
    row *g = realloc(r->rows, (r->nrows + 1) * sizeof *g);
    if (!g) {
        r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
        return;
    }
    r->rows = g;
    r->rows[r->nrows++] = w;
}

static void clear_record(reader *r)
{
    for (int i = 0; i < r->nfield; i++)
        free(r->fields[i]);
    r->nfield = 0;
    r->too_wide = 0;
}

static void on_record(int c, void *data)
{
    (void)c;
    reader *r = data;
    if (!r->fatal) {
        if (!r->header_done) {
            size_t before = r->res->nproblem;
            read_header(r);
            r->header_bad = r->res->nproblem > before;
        } else if (r->header_bad) {
            r->res->lines++;
        } else {
            check_record(r);
        }
    }
    clear_record(r);
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

static void parse_file(reader *r, FILE *f)
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
    if (!r->fatal && ferror(f))
        r->fatal =
            g_err(r->err, G_ERR_IO, _("Lecture du fichier impossible : %s."), strerror(errno));
    if (!r->fatal && csv_fini(&p, on_field, on_record, r) != 0)
        r->fatal =
            g_err(r->err, G_ERR_INVALID, _("ligne %d : %s"), r->line, csv_strerror(csv_error(&p)));
    clear_record(r);
    free(line);
    csv_free(&p);
}

static int problem_order(const void *a, const void *b)
{
    return ((const referent_import_problem *)a)->line - ((const referent_import_problem *)b)->line;
}

/* Applies the checked rows (counting only in a dry run). */
static g_status apply(reader *r, int dry_run, g_error *err)
{
    referent_import_result *res = r->res;
    for (size_t i = 0; i < r->nrows; i++) {
        row *w = &r->rows[i];
        g_status s = G_OK;
        if (w->existing_id) {
            referent old;
            if ((s = referent_get(r->db, w->existing_id, &old, err)) != G_OK)
                return s;
            w->r.id = old.id;
            snprintf(w->r.uuid, sizeof w->r.uuid, "%s", old.uuid);
            char changed[128];
            referent_changed_fields(&old, &w->r, changed, sizeof changed);
            if (!changed[0]) {
                res->unchanged++;
                continue;
            }
            res->updated++;
            if (!dry_run)
                s = referent_write(r->db, &w->r, err);
        } else if (w->old_id) {
            res->replaced++;
            if (!dry_run) {
                referent old;
                if ((s = referent_get(r->db, w->old_id, &old, err)) == G_OK)
                    s = referent_do_replace(r->db, &old, &w->r, err);
            }
        } else {
            res->created++;
            if (!dry_run)
                s = referent_insert(r->db, &w->r, err);
        }
        if (s != G_OK)
            return s;
    }
    return G_OK;
}

g_status referent_import(g_db *db, int64_t actor_id, const char *path, int dry_run,
                         referent_import_result *res, g_error *err)
{
    memset(res, 0, sizeof *res);
    g_status s = referent_check_actor(db, actor_id, err);
    if (s != G_OK)
        return s;
    FILE *f = fopen(path, "rb");
    if (!f)
        return g_err(err, G_ERR_IO, _("Impossible d'ouvrir « %s » : %s."), path, strerror(errno));
    reader r = {.db = db, .res = res, .err = err};
    parse_file(&r, f);
    fclose(f);
    if (!r.fatal && !r.header_done)
        r.fatal = g_err(err, G_ERR_INVALID, "%s", _("Le fichier est vide (pas même un en-tête)."));
    if (!r.fatal && res->nproblem) {
        qsort(res->problems, res->nproblem, sizeof *res->problems, problem_order);
        r.fatal = g_err(err, G_ERR_INVALID,
                        P_("%zu ligne incorrecte : rien n'a été importé.",
                           "%zu lignes incorrectes : rien n'a été importé.", res->nproblem),
                        res->nproblem);
    }
    if (!r.fatal) {
        if ((s = db_begin(db, err)) != G_OK) {
            r.fatal = s;
        } else {
            s = apply(&r, dry_run, err);
            if (s == G_OK && !dry_run) {
                const char *base = strrchr(path, '/');
                char object[300], detail[160];
                snprintf(object, sizeof object, "fichier:%s", base ? base + 1 : path);
                snprintf(detail, sizeof detail,
                         "%d créés, %d remplacés, %d mis à jour, %d inchangés", res->created,
                         res->replaced, res->updated, res->unchanged);
                s = audit_log(db, actor_id, "referents-import", object, detail, err);
            }
            if (s == G_OK && !dry_run)
                s = db_commit(db, err);
            else
                db_rollback(db); /* a dry run writes nothing */
            r.fatal = s;
        }
    }
    if (r.fatal)
        res->created = res->updated = res->replaced = res->unchanged = 0;
    for (int i = 0; i < r.nfield; i++)
        free(r.fields[i]);
    free(r.fields);
    free(r.lens);
    free(r.rows);
    return r.fatal;
}

/* ---- export ------------------------------------------------------------------- */

g_status referent_export(g_db *db, const g_config *cfg, const char *path, int64_t *rows,
                         g_error *err)
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
    referent_filter f = {.history = 1};
    referent *v = NULL;
    size_t n = 0;
    g_status s = referent_list(db, &f, &v, &n, err);
    if (s != G_OK)
        return s;
    csvout_format fmt = {';', 1, 1};
    if (cfg)
        fmt = (csvout_format){cfg->export.separator, cfg->export.bom, cfg->export.crlf};
    csvout *w = NULL;
    if ((s = csvout_open(dir, name, &fmt, &w, err)) != G_OK) {
        free(v);
        return s;
    }
    csvout_header(w, col_names, C_COUNT);
    for (size_t i = 0; i < n; i++) {
        const referent *x = &v[i];
        char phone[40] = "";
        if (x->phone[0])
            normalize_phone_display(x->phone, phone, sizeof phone);
        const char *replaces = "";
        for (size_t j = 0; x->replaces_id && j < n; j++)
            if (v[j].id == x->replaces_id)
                replaces = v[j].uuid;
        csvout_raw(w, x->uuid);
        csvout_raw(w, x->operator_code);
        csvout_text(w, x->service_key);
        csvout_text(w, x->name);
        csvout_text(w, x->role);
        csvout_text(w, phone);
        csvout_text(w, x->email);
        csvout_text(w, x->channel);
        csvout_text(w, x->days);
        csvout_raw(w, x->valid_from);
        csvout_raw(w, x->valid_to);
        csvout_raw(w, replaces);
        csvout_end_row(w);
    }
    free(v);
    csvout_info info;
    if ((s = csvout_status(w, err)) != G_OK) {
        csvout_abort(w);
        return s;
    }
    if ((s = csvout_commit(w, &info, err)) != G_OK)
        return s;
    if (rows)
        *rows = info.rows;
    return G_OK;
}
