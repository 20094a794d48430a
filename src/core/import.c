/* import.c — the services CSV import (see import.h).
 *
 * The file is read twice with libcsv, line by line so that every record is
 * known by the physical line it starts on: a first pass checks everything and
 * collects every bad line; only a clean file gets the second pass, which
 * upserts inside one transaction. Memory stays flat whatever the file size:
 * one record at a time, plus the (source, id) keys to spot duplicates. */
#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/directory.h"
#include "guichet/fieldtext.h"
#include "guichet/i18n.h"
#include "guichet/import.h"
#include "guichet/utf8.h"

enum col {
    C_ID,
    C_SOURCE,
    C_NOM,
    C_STRUCTURE,
    C_STRUCTURE_ID,
    C_DESCRIPTION,
    C_THEMATIQUES,
    C_ADRESSE,
    C_CODE_POSTAL,
    C_COMMUNE,
    C_CODE_INSEE,
    C_TELEPHONE,
    C_COURRIEL,
    C_LIEN_SOURCE,
    C_HORAIRES,
    C_MODES,
    C_FRAIS,
    C_OPERATEUR,
    C_A_APPORTER,
    C_JUSTIFICATIFS,
    C_COUNT
};

static const struct column {
    const char *name;
    size_t offset; /* in g_service; (size_t)-1 for the special ones */
    size_t size;
} columns[C_COUNT] = {
#define F(n, field)                                                                                \
    {                                                                                              \
        n, offsetof(g_service, field), sizeof(((g_service *)0)->field)                             \
    }
    [C_ID] = F("id", source_id),
    [C_SOURCE] = F("source", source),
    [C_NOM] = F("nom", name),
    [C_STRUCTURE] = F("structure", structure),
    [C_STRUCTURE_ID] = F("structure_id", structure),
    [C_DESCRIPTION] = F("description", description),
    [C_THEMATIQUES] = {"thematiques", (size_t)-1, 0},
    [C_ADRESSE] = F("adresse", address),
    [C_CODE_POSTAL] = F("code_postal", postal_code),
    [C_COMMUNE] = F("commune", commune),
    [C_CODE_INSEE] = F("code_insee", insee),
    [C_TELEPHONE] = F("telephone", phone),
    [C_COURRIEL] = F("courriel", email),
    [C_LIEN_SOURCE] = F("lien_source", web),
    [C_HORAIRES] = F("horaires_accueil", hours),
    [C_MODES] = F("modes_accueil", modes),
    [C_FRAIS] = F("frais", fees),
    [C_OPERATEUR] = F("operateur", operator_code),
    [C_A_APPORTER] = F("a_apporter", to_bring),
    [C_JUSTIFICATIFS] = F("justificatifs", to_bring),
#undef F
};

typedef struct key_line {
    char *key; /* source "\x1f" id */
    int line;
} key_line;

typedef struct reader {
    /* set once */
    g_db *db;
    int apply;   /* second pass: write (or count, in a dry run) */
    int dry_run; /* with apply: count only */
    import_result *res;
    g_error *err;
    g_status fatal; /* a database or memory failure stops everything */
    /* the header */
    int header_done;
    int header_bad; /* the header had problems: the lines cannot be read */
    int ncol;
    int where[C_COUNT]; /* index of each known column in the file, -1 if absent */
    /* the record being read */
    char **fields;
    size_t *lens;
    int nfield, cap;
    int line;     /* physical line being fed */
    int rec_line; /* line where the current record started */
    int too_wide; /* more fields than we keep */
    /* duplicate detection (first pass) */
    key_line *keys;
    size_t nkeys, capkeys;
} reader;

static void problem(reader *r, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(reader *r, int line, const char *fmt, ...)
{
    import_result *res = r->res;
    if (res->nproblem % 64 == 0) {
        import_problem *grown =
            realloc(res->problems, (res->nproblem + 64) * sizeof *res->problems);
        if (!grown) {
            r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
            return;
        }
        res->problems = grown;
    }
    import_problem *p = &res->problems[res->nproblem++];
    p->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
}

static void clear_record(reader *r)
{
    for (int i = 0; i < r->nfield; i++)
        free(r->fields[i]);
    r->nfield = 0;
    r->too_wide = 0;
}

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->nfield == 4096) { /* a runaway line: keep counting, stop storing */
        r->too_wide++;
        return;
    }
    if (r->nfield == r->cap) {
        int ncap = r->cap ? r->cap * 2 : 32;
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

/* trims spaces in place */
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
        char *name = trim(r->fields[i]);
        for (int c = 0; c < C_COUNT; c++) {
            if (strcasecmp(name, columns[c].name) != 0)
                continue;
            if (r->where[c] >= 0)
                problem(r, r->rec_line, _("colonne « %s » en double dans l'en-tête"),
                        columns[c].name);
            r->where[c] = i;
        }
    }
    static const int required[] = {C_ID, C_SOURCE, C_NOM};
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (r->where[required[i]] < 0)
            problem(r, r->rec_line, _("colonne « %s » absente de l'en-tête"),
                    columns[required[i]].name);
}

/* Copies the record's columns into s (only the columns the file has).
 * Returns 0, or reports the problem and returns -1. */
static int fill(reader *r, g_service *s)
{
    for (int c = 0; c < C_COUNT; c++) {
        int i = r->where[c];
        if (i < 0)
            continue;
        /* structure wins over structure_id, a_apporter over justificatifs */
        if ((c == C_STRUCTURE_ID && r->where[C_STRUCTURE] >= 0) ||
            (c == C_JUSTIFICATIFS && r->where[C_A_APPORTER] >= 0))
            continue;
        if (!utf8_valid(r->fields[i], r->lens[i]) || strlen(r->fields[i]) != r->lens[i]) {
            problem(r, r->rec_line,
                    _("texte illisible dans la colonne « %s » (ce n'est pas de l'UTF-8)"),
                    columns[c].name);
            return -1;
        }
        /* the rule of every stored text (fieldtext.h); a description may
         * hold line breaks */
        char label[64];
        snprintf(label, sizeof label, _("colonne « %s »"), columns[c].name);
        g_error ferr = {0};
        if (fieldtext_check(r->fields[i], c == C_DESCRIPTION ? FIELDTEXT_MULTILINE : FIELDTEXT_LINE,
                            columns[c].name, label, &ferr) != G_OK) {
            problem(r, r->rec_line, "%s", ferr.msg);
            return -1;
        }
        char *v = trim(r->fields[i]);
        if (c == C_THEMATIQUES) {
            s->ntheme = 0;
            for (char *save = NULL, *t = strtok_r(v, ",", &save); t;
                 t = strtok_r(NULL, ",", &save)) {
                t = trim(t);
                if (!*t)
                    continue;
                if (s->ntheme == SERVICE_MAX_THEMES) {
                    problem(r, r->rec_line, _("trop de thématiques (%d au plus)"),
                            SERVICE_MAX_THEMES);
                    return -1;
                }
                if (strlen(t) >= sizeof s->themes[0]) {
                    problem(r, r->rec_line, _("thématique « %.60s… » inconnue"), t);
                    return -1;
                }
                snprintf(s->themes[s->ntheme++], sizeof s->themes[0], "%s", t);
            }
            continue;
        }
        size_t n = strlen(v);
        if (n >= columns[c].size) {
            problem(r, r->rec_line, _("colonne « %s » trop longue (%zu caractères au plus)"),
                    columns[c].name, columns[c].size - 1);
            return -1;
        }
        char *dst = (char *)s + columns[c].offset;
        memcpy(dst, v, n + 1);
    }
    return 0;
}

static int key_cmp(const void *a, const void *b)
{
    const key_line *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : x->line - y->line;
}

static void remember_key(reader *r, const g_service *s)
{
    if (r->nkeys == r->capkeys) {
        size_t ncap = r->capkeys ? r->capkeys * 2 : 256;
        key_line *k = realloc(r->keys, ncap * sizeof *k);
        if (!k) {
            r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
            return;
        }
        r->keys = k;
        r->capkeys = ncap;
    }
    size_t n = strlen(s->source) + strlen(s->source_id) + 2;
    char *key = malloc(n);
    if (!key) {
        r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
        return;
    }
    snprintf(key, n, "%s\x1f%s", s->source, s->source_id);
    r->keys[r->nkeys].key = key;
    r->keys[r->nkeys].line = r->rec_line;
    r->nkeys++;
}

static void check_record(reader *r)
{
    r->res->lines++;
    if (r->nfield + r->too_wide != r->ncol) {
        problem(r, r->rec_line, _("%d colonnes au lieu de %d"), r->nfield + r->too_wide, r->ncol);
        return;
    }
    g_service *s = calloc(1, sizeof *s);
    if (!s) {
        r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
        return;
    }
    if (fill(r, s) == 0) {
        g_error verr = {0};
        if (directory_validate(s, &verr) != G_OK)
            problem(r, r->rec_line, "%s", verr.msg);
        else
            remember_key(r, s);
    }
    free(s);
}

static void apply_record(reader *r)
{
    g_service *svc = calloc(1, sizeof *svc);
    g_service *old = calloc(1, sizeof *old);
    if (!svc || !old) {
        r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
        goto out;
    }
    const char *source = trim(r->fields[r->where[C_SOURCE]]);
    const char *source_id = trim(r->fields[r->where[C_ID]]);
    g_error gerr = {0};
    g_status st = directory_get_by_source(r->db, source, source_id, old, &gerr);
    if (st == G_OK) {
        *svc = *old; /* the columns the file has replace the old values; the others stay */
    } else if (st != G_ERR_NOTFOUND) {
        *r->err = gerr;
        r->fatal = st;
        goto out;
    }
    if (fill(r, svc) != 0) { /* cannot happen after a clean first pass */
        r->fatal = g_err(r->err, G_ERR_INVALID, _("ligne %d : %s"), r->rec_line,
                         r->res->problems[r->res->nproblem - 1].msg);
        goto out;
    }
    if (st == G_OK && directory_same(svc, old)) {
        r->res->unchanged++;
        goto out;
    }
    if (st == G_OK)
        r->res->updated++;
    else
        r->res->created++;
    if (!r->dry_run && (st = directory_store(r->db, svc, r->err)) != G_OK)
        r->fatal = st;
out:
    free(svc);
    free(old);
}

static void on_record(int c, void *data)
{
    (void)c;
    reader *r = data;
    if (r->fatal)
        goto done;
    if (!r->header_done) {
        size_t before = r->res->nproblem;
        read_header(r);
        r->header_bad = r->res->nproblem > before;
    } else if (r->header_bad) {
        r->res->lines++;
    } else if (r->apply) {
        r->res->lines++;
        apply_record(r);
    } else
        check_record(r);
done:
    clear_record(r);
}

/* ';' or ',' — whichever the header line has more of, outside quotes */
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

/* One pass over the file. */
static void run_pass(reader *r, FILE *f)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    r->line = 0;
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
        if (p.pstate == 0) /* no record begun: the next one starts on this line */
            r->rec_line = r->line;
        if (csv_parse(&p, s, (size_t)n, on_field, on_record, r) != (size_t)n) {
            r->fatal = g_err(r->err, G_ERR_INVALID, _("ligne %d : %s"), r->line,
                             csv_strerror(csv_error(&p)));
            break;
        }
    }
    if (!r->fatal)
        csv_fini(&p, on_field, on_record, r);
    clear_record(r);
    free(line);
    csv_free(&p);
}

static void free_keys(reader *r)
{
    for (size_t i = 0; i < r->nkeys; i++)
        free(r->keys[i].key);
    free(r->keys);
    r->keys = NULL;
    r->nkeys = r->capkeys = 0;
}

static int problem_cmp(const void *a, const void *b)
{
    return ((const import_problem *)a)->line - ((const import_problem *)b)->line;
}

void import_result_free(import_result *res)
{
    free(res->problems);
    memset(res, 0, sizeof *res);
}

static g_status import_stream(g_db *db, FILE *f, const char *name, int dry_run, int64_t user_id,
                              import_result *res, g_error *err)
{
    reader r = {.db = db, .res = res, .err = err, .dry_run = dry_run};
    run_pass(&r, f);
    if (r.fatal)
        goto out;
    if (!r.header_done) {
        r.fatal = g_err(err, G_ERR_INVALID, "%s", _("Le fichier est vide (pas même un en-tête)."));
        goto out;
    }
    /* the same (source, id) twice in the file */
    if (r.nkeys)
        qsort(r.keys, r.nkeys, sizeof *r.keys, key_cmp);
    for (size_t i = 1; i < r.nkeys; i++)
        if (strcmp(r.keys[i].key, r.keys[i - 1].key) == 0) {
            size_t first = i - 1;
            while (first > 0 && strcmp(r.keys[first - 1].key, r.keys[i].key) == 0)
                first--;
            problem(&r, r.keys[i].line, _("identifiant « %s » déjà présent ligne %d"),
                    strchr(r.keys[i].key, '\x1f') + 1, r.keys[first].line);
        }
    free_keys(&r);
    if (res->nproblem) {
        qsort(res->problems, res->nproblem, sizeof *res->problems, problem_cmp);
        r.fatal = g_err(err, G_ERR_INVALID,
                        P_("%zu ligne incorrecte : rien n'a été importé.",
                           "%zu lignes incorrectes : rien n'a été importé.", res->nproblem),
                        res->nproblem);
        goto out;
    }

    /* second pass: the upserts, all in one transaction */
    rewind(f);
    res->lines = 0;
    r.header_done = 0;
    r.apply = 1;
    g_status s;
    if (!dry_run && (s = db_begin(db, err)) != G_OK) {
        r.fatal = s;
        goto out;
    }
    run_pass(&r, f);
    if (!r.fatal && !dry_run) {
        char detail[160];
        snprintf(detail, sizeof detail, "%d créés, %d mis à jour, %d inchangés", res->created,
                 res->updated, res->unchanged);
        char object[300];
        snprintf(object, sizeof object, "fichier:%s", name);
        if ((s = audit_log(db, user_id, "services-import", object, detail, err)) != G_OK)
            r.fatal = s;
    }
    if (!dry_run) {
        if (!r.fatal && (s = db_commit(db, err)) != G_OK)
            r.fatal = s;
        if (r.fatal)
            db_rollback(db);
    }
    if (r.fatal)
        res->created = res->updated = res->unchanged = 0;
out:
    free_keys(&r);
    free(r.fields);
    free(r.lens);
    return r.fatal;
}

g_status import_services(g_db *db, const char *path, int dry_run, int64_t user_id,
                         import_result *res, g_error *err)
{
    memset(res, 0, sizeof *res);
    FILE *f = fopen(path, "rb");
    if (!f)
        return g_err(err, G_ERR_IO, _("Impossible d'ouvrir « %s » : %s."), path, strerror(errno));
    const char *base = strrchr(path, '/');
    g_status s = import_stream(db, f, base ? base + 1 : path, dry_run, user_id, res, err);
    fclose(f);
    return s;
}

g_status import_services_mem(g_db *db, const char *data, size_t len, const char *name, int dry_run,
                             int64_t user_id, import_result *res, g_error *err)
{
    memset(res, 0, sizeof *res);
    if (!len)
        return g_err(err, G_ERR_INVALID, "%s", _("Le fichier est vide (pas même un en-tête)."));
    FILE *f = fmemopen((void *)data, len, "rb");
    if (!f)
        return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    g_status s = import_stream(db, f, name, dry_run, user_id, res, err);
    fclose(f);
    return s;
}
