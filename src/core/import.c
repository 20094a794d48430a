/* import.c — the directory import: services and structures, CSV or JSON
 * (see import.h).
 *
 * A file is read twice, one record at a time, so that memory stays flat
 * whatever its size: the first pass checks every record and collects every
 * bad one (and the (source, id) keys, to spot duplicates); the second pass
 * upserts inside one transaction, leaving out the bad records when
 * skip_bad_rows is on (they go to the rejects file) — without it, a file
 * with any bad record gets no second pass at all.
 *
 * Both formats become the same record: a list of (column name, value)
 * pairs. CSV records come from libcsv, each known by the physical line it
 * starts on; JSON elements are cut out of the top-level array by a small
 * scanner that only tracks strings and nesting, and each element is parsed
 * by json-c. */
#include <csv.h>
#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/csvout.h"
#include "guichet/directory.h"
#include "guichet/hours.h"
#include "guichet/fieldtext.h"
#include "guichet/i18n.h"
#include "guichet/import.h"
#include "guichet/structure.h"
#include "guichet/utf8.h"

/* ---- the columns ------------------------------------------------------------ */

typedef enum ftype {
    F_TEXT,   /* text, trimmed */
    F_ADDR2,  /* complement_adresse: appended to the address */
    F_LIST,   /* a list cell, stored "a,b" */
    F_THEMES, /* thématiques: a list into g_service.themes */
    F_DATE,   /* date_maj: YYYY-MM-DD (or epoch milliseconds from pandas' JSON) */
    F_LAT,    /* latitude */
    F_LON,    /* longitude */
} ftype;

typedef struct column {
    const char *name;      /* header name (case ignored) */
    ftype type;            /* how the value is read */
    size_t offset, size;   /* where it goes in the row (F_TEXT, F_LIST, F_DATE, F_ADDR2) */
    size_t chars;          /* limit in characters (F_TEXT) */
    const char *yields_to; /* another column that wins when both are present */
} column;

#define SV(n, t, field, chars)                                                                     \
    {                                                                                              \
        n, t, offsetof(g_service, field), sizeof(((g_service *)0)->field), chars, NULL             \
    }
#define ST(n, t, field, chars)                                                                     \
    {                                                                                              \
        n, t, offsetof(g_structure, field), sizeof(((g_structure *)0)->field), chars, NULL         \
    }

static const column service_columns[] = {
    SV("id", F_TEXT, source_id, 255),
    SV("source", F_TEXT, source, 63),
    SV("nom", F_TEXT, name, SERVICE_NAME_CHARS),
    SV("structure", F_TEXT, structure, SERVICE_NAME_CHARS),
    SV("structure_id", F_TEXT, structure_id, 255),
    SV("description", F_TEXT, description, SERVICE_DESCRIPTION_CHARS),
    {"thematiques", F_THEMES, 0, 0, 0, NULL},
    SV("adresse", F_TEXT, address, SERVICE_NAME_CHARS),
    SV("complement_adresse", F_ADDR2, address, SERVICE_NAME_CHARS),
    SV("code_postal", F_TEXT, postal_code, 7),
    SV("commune", F_TEXT, commune, 127),
    SV("code_insee", F_TEXT, insee, 7),
    SV("telephone", F_TEXT, phone, 63),
    SV("courriel", F_TEXT, email, 255),
    SV("lien_source", F_TEXT, web, SERVICE_NAME_CHARS),
    SV("horaires_accueil", F_TEXT, hours, SERVICE_HOURS_CHARS),
    SV("modes_accueil", F_LIST, modes, 63),
    SV("frais", F_LIST, fees, 127),
    SV("operateur", F_TEXT, operator_code, 31),
    SV("a_apporter", F_TEXT, to_bring, SERVICE_LONG_CHARS),
    {"justificatifs", F_LIST, offsetof(g_service, to_bring), sizeof(((g_service *)0)->to_bring),
     SERVICE_LONG_CHARS, "a_apporter"},
    SV("publics", F_LIST, publics, 1023),
    SV("conditions_acces", F_TEXT, conditions, SERVICE_LONG_CHARS),
    SV("modes_mobilisation", F_LIST, mobilisation, 127),
    SV("mobilisable_par", F_LIST, mobilisable_by, 31),
    SV("lien_mobilisation", F_TEXT, mobilisation_link, 255),
    SV("zone_eligibilite", F_LIST, eligibility, 2047),
    {"latitude", F_LAT, 0, 0, 0, NULL},
    {"longitude", F_LON, 0, 0, 0, NULL},
    SV("date_maj", F_DATE, source_updated, 10),
};

static const column structure_columns[] = {
    ST("id", F_TEXT, source_id, 255),
    ST("source", F_TEXT, source, 63),
    ST("nom", F_TEXT, name, SERVICE_NAME_CHARS),
    ST("siret", F_TEXT, siret, 15),
    ST("adresse", F_TEXT, address, SERVICE_NAME_CHARS),
    ST("complement_adresse", F_ADDR2, address, SERVICE_NAME_CHARS),
    ST("code_postal", F_TEXT, postal_code, 7),
    ST("commune", F_TEXT, commune, 127),
    ST("code_insee", F_TEXT, insee, 7),
    ST("telephone", F_TEXT, phone, 63),
    ST("courriel", F_TEXT, email, 255),
    ST("site_web", F_TEXT, web, SERVICE_NAME_CHARS),
    ST("description", F_TEXT, description, SERVICE_DESCRIPTION_CHARS),
    ST("horaires_accueil", F_TEXT, hours, SERVICE_HOURS_CHARS),
    {"latitude", F_LAT, 0, 0, 0, NULL},
    {"longitude", F_LON, 0, 0, 0, NULL},
    ST("date_maj", F_DATE, source_updated, 10),
};
#undef SV
#undef ST

#define MAX_COLS 40

typedef struct kind_desc {
    const column *cols;
    int ncols;
    size_t obj_size;
    size_t off_source, off_source_id, off_structure_id; /* structure_id: (size_t)-1 if none */
    size_t off_has_pos, off_lat, off_lon;
    const char *action; /* audit action */
} kind_desc;

static const kind_desc kinds[] = {
    [IMPORT_SERVICES] = {service_columns, sizeof service_columns / sizeof *service_columns,
                         sizeof(g_service), offsetof(g_service, source),
                         offsetof(g_service, source_id), offsetof(g_service, structure_id),
                         offsetof(g_service, has_position), offsetof(g_service, latitude),
                         offsetof(g_service, longitude), "services-import"},
    [IMPORT_STRUCTURES] = {structure_columns, sizeof structure_columns / sizeof *structure_columns,
                           sizeof(g_structure), offsetof(g_structure, source),
                           offsetof(g_structure, source_id), (size_t)-1,
                           offsetof(g_structure, has_position), offsetof(g_structure, latitude),
                           offsetof(g_structure, longitude), "structures-import"},
};

/* the columns every record needs: id, source, nom (the first three) */
#define NREQUIRED 3

/* ---- the reader ----------------------------------------------------------------- */

typedef struct key_line {
    char *key; /* source "\x1f" id */
    int line;
} key_line;

/* One record, whatever the format: n (name, value) pairs. */
typedef struct record {
    int n;
    const char **names;
    char **values;
    size_t *lens;    /* byte lengths (CSV: a NUL inside a cell is a problem) */
    int number;      /* CSV line / JSON element */
    const char *raw; /* JSON: the element's text, for the rejects file */
} record;

typedef struct reader {
    /* set once */
    g_db *db;
    const kind_desc *kd;
    import_kind kind;
    import_options opt;
    int apply; /* second pass */
    import_result *res;
    g_error *err;
    g_status fatal; /* a database or memory failure, or an unreadable file, stops everything */
    int json;
    unsigned char sep; /* CSV: the file's separator (the rejects file uses it too) */
    /* CSV: the header */
    int header_done;
    int header_bad;
    int ncol;
    char **header;       /* the header's names (for the record and the rejects file) */
    int where[MAX_COLS]; /* CSV: index of each known column in the file, -1 if absent */
    /* CSV: the record being read */
    char **fields;
    size_t *lens;
    int nfield, cap;
    int line;     /* physical line being fed */
    int rec_line; /* line where the current record started */
    int too_wide; /* more fields than we keep */
    /* duplicate detection (first pass) */
    key_line *keys;
    size_t nkeys, capkeys;
    /* ignored column names (first pass), distinct */
    char *ignored[64];
    int nignored;
    /* second pass: the rejects file */
    csvout *rejects;
    char rejects_dir[PATH_MAX], rejects_name[256];
} reader;

static void problem(reader *r, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static g_status nomem(reader *r)
{
    return r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
}

static void add_entry(reader *r, import_problem **list, size_t *n, int line, const char *fmt,
                      va_list ap)
{
    if (*n % 64 == 0) {
        import_problem *grown = realloc(*list, (*n + 64) * sizeof **list);
        if (!grown) {
            nomem(r);
            return;
        }
        *list = grown;
    }
    import_problem *p = &(*list)[(*n)++];
    p->line = line;
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
}

static void problem(reader *r, int line, const char *fmt, ...)
{
    if (r->apply)
        return; /* the second pass meets the same records: they were counted */
    va_list ap;
    va_start(ap, fmt);
    add_entry(r, &r->res->problems, &r->res->nproblem, line, fmt, ap);
    va_end(ap);
}

static void warning(reader *r, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void warning(reader *r, int line, const char *fmt, ...)
{
    if (r->apply)
        return;
    r->res->warnings_total++;
    if (r->res->nwarning >= IMPORT_WARNINGS_KEPT)
        return;
    va_list ap;
    va_start(ap, fmt);
    add_entry(r, &r->res->warnings, &r->res->nwarning, line, fmt, ap);
    va_end(ap);
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

static int column_index(const kind_desc *kd, const char *name)
{
    for (int c = 0; c < kd->ncols; c++)
        if (strcasecmp(name, kd->cols[c].name) == 0)
            return c;
    return -1;
}

static void note_ignored(reader *r, const char *name)
{
    if (r->apply || !*name)
        return;
    for (int i = 0; i < r->nignored; i++)
        if (strcmp(r->ignored[i], name) == 0)
            return;
    if (r->nignored == (int)(sizeof r->ignored / sizeof *r->ignored))
        return;
    if (!(r->ignored[r->nignored] = strdup(name))) {
        nomem(r);
        return;
    }
    r->nignored++;
}

/* ---- values ---------------------------------------------------------------------- */

/* Reads one quoted item of a Python list literal at *p (quote ' or "),
 * unescaping \\ \' \" \n \t \r. Returns 0, or -1 when unterminated. */
static int python_item(const char **p, char *out, size_t size, size_t *len)
{
    char q = **p;
    const char *s = *p + 1;
    while (*s && *s != q) {
        char c = *s++;
        if (c == '\\' && *s) {
            char e = *s++;
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
        }
        if (*len + 1 < size)
            out[(*len)++] = c;
        else
            return -2;
    }
    if (*s != q)
        return -1;
    *p = s + 1;
    return 0;
}

int import_parse_list(const char *cell, char *out, size_t size, char *why, size_t whysize)
{
    size_t len = 0;
    if (!size)
        return -1;
    out[0] = 0;
    while (*cell == ' ' || *cell == '\t' || *cell == '\n' || *cell == '\r')
        cell++;
    size_t n = strlen(cell);
    while (n && strchr(" \t\r\n", cell[n - 1]))
        n--;
    char open = n >= 2 ? cell[0] : 0, close = n >= 2 ? cell[n - 1] : 0;
    int python = open == '[' && close == ']';
    int postgres = open == '{' && close == '}';
    if (n && (cell[0] == '[' || cell[0] == '{') && !python && !postgres) {
        snprintf(why, whysize, "%s", _("liste non refermée (« ] » ou « } » manquant)"));
        return -1;
    }
    const char *p = cell + (python || postgres);
    const char *end = cell + n - (python || postgres);
    while (p < end) {
        while (p < end && (*p == ' ' || *p == ',' || *p == '\t' || *p == '\n' || *p == '\r'))
            p++;
        if (p >= end)
            break;
        size_t start = len;
        if (len && len + 1 < size)
            out[len++] = ',';
        size_t item_start = len;
        if ((python && (*p == '\'' || *p == '"')) || (postgres && *p == '"')) {
            int rc = python_item(&p, out, size, &len);
            if (rc == -1) {
                snprintf(why, whysize, "%s", _("guillemet non refermé dans la liste"));
                return -1;
            }
            if (rc == -2)
                goto too_long;
            while (p < end && (*p == ' ' || *p == '\t'))
                p++;
            if (p < end && *p != ',') {
                snprintf(why, whysize, "%s", _("« , » attendue entre deux éléments de la liste"));
                return -1;
            }
        } else {
            const char *e = p;
            while (e < end && *e != ',')
                e++;
            const char *last = e;
            while (last > p && (last[-1] == ' ' || last[-1] == '\t'))
                last--;
            if (len + (size_t)(last - p) + 1 > size)
                goto too_long;
            memcpy(out + len, p, (size_t)(last - p));
            len += (size_t)(last - p);
            p = e;
        }
        out[len] = 0;
        /* Python's None and empty items carry nothing */
        if (len == item_start || (python && strcmp(out + item_start, "None") == 0))
            len = start;
        out[len] = 0;
    }
    out[len] = 0;
    return 0;
too_long:
    out[0] = 0;
    snprintf(why, whysize, "%s", _("liste trop longue"));
    return -1;
}

/* date_maj: YYYY-MM-DD (a time after it is ignored), or a JSON number of
 * milliseconds since 1970 (pandas writes dates so). Returns 0 or -1. */
static int read_date(const char *v, char out[11])
{
    int y, m, d;
    size_t n = strlen(v);
    int digits = n > 0;
    for (size_t i = 0; i < n && digits; i++)
        digits = (v[i] >= '0' && v[i] <= '9') || (i == 0 && v[i] == '-');
    if (digits && n >= 9) {
        long long ms = strtoll(v, NULL, 10);
        int64_t days = (int64_t)(ms / 86400000LL) - (ms < 0 && ms % 86400000LL ? 1 : 0);
        clock_civil_from_days(days, &y, &m, &d);
    } else {
        char tail = 0;
        if (n < 10 || sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) < 3 ||
            (n > 10 && tail != 'T' && tail != ' '))
            return -1;
    }
    int yy, mm, dd;
    clock_civil_from_days(clock_days_from_civil(y, m, d), &yy, &mm, &dd);
    if (y < 1900 || y > 9999 || yy != y || mm != m || dd != d)
        return -1;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return 0;
}

static int read_double(const char *v, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (end == v || *end || errno || !isfinite(d))
        return -1;
    *out = d;
    return 0;
}

/* ---- one record into a row ------------------------------------------------------ */

/* Turns every CRLF of s into LF, in place. */
static void crlf_to_lf(char *s)
{
    char *w = s;
    for (const char *p = s; *p; p++)
        if (!(p[0] == '\r' && p[1] == '\n'))
            *w++ = *p;
    *w = 0;
}

/* Fills obj (a g_service or a g_structure) from the record's known columns.
 * Returns 0, or reports the first problem and returns -1. */
static int fill(reader *r, const record *rec, const int *map, void *obj)
{
    const kind_desc *kd = r->kd;
    int present[MAX_COLS] = {0};
    for (int i = 0; i < rec->n; i++)
        if (map[i] >= 0)
            present[map[i]] = 1;
    double lat = 0, lon = 0;
    int has_lat = -1, has_lon = -1; /* -1 = column absent */
    char addr2[SERVICE_BUF(SERVICE_NAME_CHARS)] = "";
    int have_addr2 = 0;
    int addr_col = column_index(kd, "adresse");
    g_service *svc = r->kind == IMPORT_SERVICES ? obj : NULL;
    for (int i = 0; i < rec->n; i++) {
        int c = map[i];
        if (c < 0)
            continue;
        const column *col = &kd->cols[c];
        if (col->yields_to) {
            int other = column_index(kd, col->yields_to);
            if (other >= 0 && present[other])
                continue;
        }
        if (!utf8_valid(rec->values[i], rec->lens[i]) || strlen(rec->values[i]) != rec->lens[i]) {
            if (!r->apply)
                r->res->not_utf8++;
            problem(r, rec->number,
                    _("texte illisible dans la colonne « %s » (ce n'est pas de l'UTF-8)"),
                    col->name);
            return -1;
        }
        /* the rule of every stored text (fieldtext.h); a description may
         * hold line breaks (a CRLF from a spreadsheet becomes LF) */
        int multiline = strcmp(col->name, "description") == 0;
        if (multiline)
            crlf_to_lf(rec->values[i]);
        char label[96];
        snprintf(label, sizeof label, _("colonne « %.60s »"), col->name);
        g_error ferr = {0};
        if (fieldtext_check(rec->values[i], multiline ? FIELDTEXT_MULTILINE : FIELDTEXT_LINE,
                            col->name, label, &ferr) != G_OK) {
            problem(r, rec->number, "%s", ferr.msg);
            return -1;
        }
        char *v = trim(rec->values[i]);
        char buf[SERVICE_BUF(2047) + 64], why[160];
        switch (col->type) {
        case F_THEMES: {
            if (import_parse_list(v, buf, sizeof buf, why, sizeof why) != 0) {
                problem(r, rec->number, _("colonne « %s » : %s"), col->name, why);
                return -1;
            }
            svc->ntheme = 0;
            int dropped = 0;
            for (char *save = NULL, *t = strtok_r(buf, ",", &save); t;
                 t = strtok_r(NULL, ",", &save)) {
                if (strlen(t) >= sizeof svc->themes[0]) {
                    problem(r, rec->number, _("thématique « %.60s… » inconnue"), t);
                    return -1;
                }
                int dup = 0;
                for (int k = 0; k < svc->ntheme && !dup; k++)
                    dup = strcmp(svc->themes[k], t) == 0;
                if (dup)
                    continue;
                if (svc->ntheme == SERVICE_MAX_THEMES) {
                    dropped++;
                    continue;
                }
                snprintf(svc->themes[svc->ntheme++], sizeof svc->themes[0], "%s", t);
            }
            if (dropped)
                warning(r, rec->number, _("%d thématiques de trop ignorées (%d au plus)"), dropped,
                        SERVICE_MAX_THEMES);
            continue;
        }
        case F_LAT:
        case F_LON: {
            double d;
            int ok = !*v ? 0 : read_double(v, &d) == 0;
            if (*v && !ok)
                warning(r, rec->number, _("colonne « %s » : « %.40s » n'est pas un nombre, ignoré"),
                        col->name, v);
            if (col->type == F_LAT) {
                has_lat = ok;
                lat = ok ? d : 0;
            } else {
                has_lon = ok;
                lon = ok ? d : 0;
            }
            continue;
        }
        case F_DATE: {
            char *dst = (char *)obj + col->offset;
            dst[0] = 0;
            if (*v && read_date(v, dst) != 0)
                warning(r, rec->number,
                        _("colonne « %s » : date « %.40s » illisible (AAAA-MM-JJ attendu), "
                          "ignorée"),
                        col->name, v);
            continue;
        }
        case F_LIST:
            if (import_parse_list(v, buf, sizeof buf, why, sizeof why) != 0) {
                problem(r, rec->number, _("colonne « %s » : %s"), col->name, why);
                return -1;
            }
            v = buf;
            break;
        case F_ADDR2:
            snprintf(addr2, sizeof addr2, "%s", v);
            have_addr2 = 1;
            continue;
        case F_TEXT:
            break;
        }
        size_t n = strlen(v), chars = utf8_chars(v);
        if (chars > col->chars || n >= col->size) {
            problem(r, rec->number, _("colonne « %s » trop longue : %zu caractères, %zu au plus"),
                    col->name, chars, col->chars);
            return -1;
        }
        memcpy((char *)obj + col->offset, v, n + 1);
    }
    /* only with the address itself, or a re-import would append it again */
    if (have_addr2 && addr2[0] && present[addr_col]) {
        /* « 3 rue X » + « bâtiment B » → « 3 rue X, bâtiment B » */
        int c = column_index(kd, "adresse");
        char *addr = (char *)obj + kd->cols[c].offset;
        size_t size = kd->cols[c].size;
        char joined[sizeof addr2 * 2 + 4];
        snprintf(joined, sizeof joined, "%s%s%s", addr, addr[0] ? ", " : "", addr2);
        if (utf8_chars(joined) > kd->cols[c].chars || strlen(joined) >= size) {
            problem(r, rec->number,
                    _("colonnes « adresse » et « complement_adresse » trop longues ensemble "
                      "(%zu caractères au plus)"),
                    kd->cols[c].chars);
            return -1;
        }
        memcpy(addr, joined, strlen(joined) + 1);
    }
    if (has_lat >= 0 || has_lon >= 0) {
        int *has = (int *)((char *)obj + kd->off_has_pos);
        *has = has_lat == 1 && has_lon == 1;
        if (*has && (lat < -90 || lat > 90 || lon < -180 || lon > 180)) {
            warning(r, rec->number, _("position impossible (latitude %g, longitude %g), ignorée"),
                    lat, lon);
            *has = 0;
        }
        *(double *)((char *)obj + kd->off_lat) = *has ? lat : 0;
        *(double *)((char *)obj + kd->off_lon) = *has ? lon : 0;
    }
    return 0;
}

static int validate(reader *r, const record *rec, void *obj)
{
    g_error verr = {0};
    g_status s = r->kind == IMPORT_SERVICES ? directory_validate(obj, &verr)
                                            : structure_validate(obj, &verr);
    if (s != G_OK) {
        problem(r, rec->number, "%s", verr.msg);
        return -1;
    }
    return 0;
}

static void hours_warning(reader *r, const record *rec, const void *obj)
{
    const char *hours = r->kind == IMPORT_SERVICES ? ((const g_service *)obj)->hours
                                                   : ((const g_structure *)obj)->hours;
    if (!hours[0])
        return;
    g_hours h;
    g_error herr = {0};
    if (hours_parse(hours, &h, &herr) != G_OK)
        warning(r, rec->number,
                _("horaires « %s » gardés tels quels (guichet ne sait pas les lire : %s)"), hours,
                herr.msg);
}

/* ---- duplicates and keys -------------------------------------------------------- */

static int key_cmp(const void *a, const void *b)
{
    const key_line *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : x->line - y->line;
}

static void remember_key(reader *r, const void *obj, int line)
{
    if (r->nkeys == r->capkeys) {
        size_t ncap = r->capkeys ? r->capkeys * 2 : 256;
        key_line *k = realloc(r->keys, ncap * sizeof *k);
        if (!k) {
            nomem(r);
            return;
        }
        r->keys = k;
        r->capkeys = ncap;
    }
    const char *source = (const char *)obj + r->kd->off_source;
    const char *id = (const char *)obj + r->kd->off_source_id;
    size_t n = strlen(source) + strlen(id) + 2;
    char *key = malloc(n);
    if (!key) {
        nomem(r);
        return;
    }
    snprintf(key, n, "%s\x1f%s", source, id);
    r->keys[r->nkeys].key = key;
    r->keys[r->nkeys].line = line;
    r->nkeys++;
}

static void free_keys(reader *r)
{
    for (size_t i = 0; i < r->nkeys; i++)
        free(r->keys[i].key);
    free(r->keys);
    r->keys = NULL;
    r->nkeys = r->capkeys = 0;
}

/* ---- the two passes over one record ---------------------------------------------- */

static void check_record(reader *r, const record *rec, const int *map)
{
    void *obj = calloc(1, r->kd->obj_size);
    if (!obj) {
        nomem(r);
        return;
    }
    if (fill(r, rec, map, obj) == 0 && validate(r, rec, obj) == 0) {
        hours_warning(r, rec, obj);
        remember_key(r, obj, rec->number);
    }
    free(obj);
}

/* The reason a record was refused (first pass), NULL if it was not. */
static const char *refused(reader *r, int number)
{
    size_t lo = 0, hi = r->res->nproblem;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->res->problems[mid].line < number)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->res->nproblem && r->res->problems[lo].line == number ? r->res->problems[lo].msg
                                                                        : NULL;
}

static void write_reject(reader *r, const record *rec, const char *why)
{
    r->res->rejected++;
    if (!r->rejects)
        return;
    csvout_int(r->rejects, rec->number);
    csvout_text(r->rejects, why);
    if (r->json) {
        csvout_text(r->rejects, rec->raw);
    } else {
        for (int i = 0; i < r->ncol; i++)
            csvout_text(r->rejects, i < rec->n ? rec->values[i] : NULL);
    }
    csvout_end_row(r->rejects);
}

static void apply_service(reader *r, const record *rec, const int *map, int has_structure_column)
{
    g_service *svc = calloc(1, sizeof *svc);
    g_service *old = calloc(1, sizeof *old);
    if (!svc || !old) {
        nomem(r);
        goto out;
    }
    /* the key first, to find the row to update */
    if (fill(r, rec, map, svc) != 0) {
        r->fatal = g_err(r->err, G_ERR_INVALID, _("ligne %d : relue différemment"), rec->number);
        goto out;
    }
    g_error gerr = {0};
    g_status st = directory_get_by_source(r->db, svc->source, svc->source_id, old, &gerr);
    if (st == G_OK) {
        *svc = *old; /* the columns the file has replace the old values; the others stay */
        fill(r, rec, map, svc);
    } else if (st != G_ERR_NOTFOUND) {
        *r->err = gerr;
        r->fatal = st;
        goto out;
    }
    /* the structure's real name, when the file names it only by its id */
    if (!has_structure_column && svc->structure_id[0] &&
        (st != G_OK || strcmp(old->structure_id, svc->structure_id) != 0 || !svc->structure[0])) {
        char name[sizeof svc->structure];
        g_status ns =
            structure_name(r->db, svc->source, svc->structure_id, name, sizeof name, &gerr);
        if (ns == G_OK)
            snprintf(svc->structure, sizeof svc->structure, "%s", name);
        else if (ns == G_ERR_NOTFOUND)
            svc->structure[0] = 0; /* shown once the structures are imported */
        else {
            *r->err = gerr;
            r->fatal = ns;
            goto out;
        }
    }
    if (st == G_OK && directory_same(svc, old)) {
        r->res->unchanged++;
        goto out;
    }
    if (st == G_OK)
        r->res->updated++;
    else
        r->res->created++;
    if (!r->opt.dry_run && (st = directory_store(r->db, svc, r->err)) != G_OK)
        r->fatal = st;
out:
    free(svc);
    free(old);
}

static void apply_structure(reader *r, const record *rec, const int *map)
{
    g_structure *s = calloc(1, sizeof *s);
    if (!s) {
        nomem(r);
        return;
    }
    if (fill(r, rec, map, s) != 0) {
        r->fatal = g_err(r->err, G_ERR_INVALID, _("ligne %d : relue différemment"), rec->number);
        free(s);
        return;
    }
    if (r->opt.dry_run) {
        /* count without writing: is it there, and would it change? */
        char name[sizeof s->name];
        g_error gerr = {0};
        g_status st = structure_name(r->db, s->source, s->source_id, name, sizeof name, &gerr);
        if (st == G_ERR_NOTFOUND)
            r->res->created++;
        else if (st == G_OK)
            r->res->updated++;
        else {
            *r->err = gerr;
            r->fatal = st;
        }
        free(s);
        return;
    }
    int created = 0, renamed = 0;
    g_status st = structure_store(r->db, s, &created, &renamed, r->err);
    if (st != G_OK)
        r->fatal = st;
    else if (created > 0)
        r->res->created++;
    else if (created == 0)
        r->res->updated++;
    else
        r->res->unchanged++;
    r->res->renamed += renamed;
    free(s);
}

static void on_record(reader *r, record *rec, const int *map, int has_structure_column)
{
    if (r->fatal)
        return;
    r->res->lines++;
    /* a JSON record must carry id, source and nom itself */
    if (r->json && !r->apply) {
        for (int c = 0; c < NREQUIRED; c++) {
            int found = 0;
            for (int i = 0; i < rec->n && !found; i++)
                found = map[i] == c;
            if (!found) {
                problem(r, rec->number, _("champ « %s » absent"), r->kd->cols[c].name);
                return;
            }
        }
    }
    if (!r->apply) {
        check_record(r, rec, map);
        return;
    }
    const char *why = refused(r, rec->number);
    if (why) {
        write_reject(r, rec, why);
        return;
    }
    if (r->kind == IMPORT_SERVICES)
        apply_service(r, rec, map, has_structure_column);
    else
        apply_structure(r, rec, map);
}

/* ---- CSV -------------------------------------------------------------------------- */

static void clear_fields(reader *r)
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
            nomem(r);
            return;
        }
        r->cap = ncap;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        nomem(r);
        return;
    }
    if (len)
        memcpy(copy, s, len);
    copy[len] = 0;
    r->fields[r->nfield] = copy;
    r->lens[r->nfield] = len;
    r->nfield++;
}

static void free_header(reader *r)
{
    for (int i = 0; r->header && i < r->ncol; i++)
        free(r->header[i]);
    free(r->header);
    r->header = NULL;
}

static void read_header(reader *r)
{
    r->header_done = 1;
    r->ncol = r->nfield;
    size_t before = r->res->nproblem;
    free_header(r);
    r->header = calloc((size_t)(r->ncol ? r->ncol : 1), sizeof *r->header);
    if (!r->header) {
        nomem(r);
        return;
    }
    for (int c = 0; c < MAX_COLS; c++)
        r->where[c] = -1;
    for (int i = 0; i < r->nfield; i++) {
        char *name = trim(r->fields[i]);
        if (!(r->header[i] = strdup(name))) {
            nomem(r);
            return;
        }
        int c = column_index(r->kd, name);
        if (c < 0) {
            note_ignored(r, name);
            continue;
        }
        if (r->where[c] >= 0)
            problem(r, r->rec_line, _("colonne « %s » en double dans l'en-tête"),
                    r->kd->cols[c].name);
        r->where[c] = i;
    }
    for (int c = 0; c < NREQUIRED; c++)
        if (r->where[c] < 0)
            problem(r, r->rec_line, _("colonne « %s » absente de l'en-tête"), r->kd->cols[c].name);
    r->header_bad = r->res->nproblem > before;
}

static void on_csv_record(int c, void *data)
{
    (void)c;
    reader *r = data;
    if (r->fatal)
        goto done;
    if (!r->header_done) {
        read_header(r);
        goto done;
    }
    if (r->header_bad) {
        r->res->lines++;
        goto done;
    }
    if (!r->apply && r->nfield + r->too_wide != r->ncol) {
        r->res->lines++;
        problem(r, r->rec_line,
                P_("%d colonne au lieu de %d", "%d colonnes au lieu de %d",
                   (unsigned long)(r->nfield + r->too_wide)),
                r->nfield + r->too_wide, r->ncol);
        goto done;
    }
    int map[4096];
    const char *names[4096];
    for (int i = 0; i < r->nfield; i++) {
        map[i] = -1;
        names[i] = i < r->ncol ? r->header[i] : "";
    }
    for (int k = 0; k < r->kd->ncols; k++)
        if (r->where[k] >= 0 && r->where[k] < r->nfield)
            map[r->where[k]] = k;
    record rec = {r->nfield, names, r->fields, r->lens, r->rec_line, NULL};
    int sc = column_index(r->kd, "structure");
    on_record(r, &rec, map, sc >= 0 && r->where[sc] >= 0);
done:
    clear_fields(r);
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

static void run_csv(reader *r, FILE *f)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        nomem(r);
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    r->line = 0;
    r->header_done = 0;
    while (!r->fatal && (n = getline(&line, &cap, f)) > 0) {
        r->line++;
        const char *s = line;
        if (r->line == 1) {
            if (n >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0)) {
                r->fatal = g_err(r->err, G_ERR_INVALID, "%s",
                                 _("Le fichier est en UTF-16 : enregistrez-le en « CSV UTF-8 » "
                                   "depuis le tableur, puis recommencez."));
                break;
            }
            if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
                s += 3;
                n -= 3;
            }
            r->sep = detect_separator(s);
            csv_set_delim(&p, r->sep);
        }
        if (p.pstate == 0) /* no record begun: the next one starts on this line */
            r->rec_line = r->line;
        if (csv_parse(&p, s, (size_t)n, on_field, on_csv_record, r) != (size_t)n) {
            r->fatal = g_err(r->err, G_ERR_INVALID, _("ligne %d : %s"), r->line,
                             csv_strerror(csv_error(&p)));
            break;
        }
    }
    /* the file ends inside a quoted field: libcsv would make one field of
     * everything from the quote on */
    if (!r->fatal && p.pstate == 2 /* FIELD_BEGUN */ && p.quoted)
        problem(r, r->rec_line, "%s",
                _("guillemet ouvert jamais refermé : du guillemet à la fin du fichier, tout "
                  "ferait un seul champ"));
    else if (!r->fatal)
        csv_fini(&p, on_field, on_csv_record, r);
    clear_fields(r);
    free(line);
    csv_free(&p);
    if (!r->fatal && !r->header_done)
        r->fatal =
            g_err(r->err, G_ERR_INVALID, "%s", _("Le fichier est vide (pas même un en-tête)."));
}

/* ---- JSON ------------------------------------------------------------------------- */

/* A JSON value as a cell: strings as they are, arrays as "a,b", numbers and
 * booleans as JSON writes them, null as "", objects as JSON text. */
static char *json_cell(json_object *v)
{
    switch (json_object_get_type(v)) {
    case json_type_null:
        return strdup("");
    case json_type_string:
        return strndup(json_object_get_string(v), (size_t)json_object_get_string_len(v));
    case json_type_array: {
        size_t n = json_object_array_length(v), len = 0, cap = 64;
        char *out = malloc(cap);
        if (!out)
            return NULL;
        out[0] = 0;
        for (size_t i = 0; i < n; i++) {
            json_object *item = json_object_array_get_idx(v, i);
            if (json_object_get_type(item) == json_type_null)
                continue;
            char *cell = json_cell(item);
            if (!cell) {
                free(out);
                return NULL;
            }
            size_t cl = strlen(cell);
            if (len + cl + 2 > cap) {
                while (len + cl + 2 > cap)
                    cap *= 2;
                char *g = realloc(out, cap);
                if (!g) {
                    free(cell);
                    free(out);
                    return NULL;
                }
                out = g;
            }
            if (len)
                out[len++] = ',';
            memcpy(out + len, cell, cl + 1);
            len += cl;
            free(cell);
        }
        return out;
    }
    default:
        return strdup(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
    }
}

static void json_element(reader *r, const char *text, size_t len, int number)
{
    json_tokener *tok = json_tokener_new();
    if (!tok) {
        nomem(r);
        return;
    }
    json_object *obj = json_tokener_parse_ex(tok, text, (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    json_tokener_free(tok);
    if (!obj || jerr != json_tokener_success || !json_object_is_type(obj, json_type_object)) {
        r->res->lines++;
        if (!obj || jerr != json_tokener_success)
            problem(r, number, _("objet JSON illisible : %s"), json_tokener_error_desc(jerr));
        else
            problem(r, number, "%s", _("un objet { … } était attendu"));
        json_object_put(obj);
        if (r->apply) { /* the second pass: it goes to the rejects */
            char *raw = strndup(text, len);
            record rec = {0, NULL, NULL, NULL, number, raw ? raw : ""};
            const char *why = refused(r, number);
            write_reject(r, &rec, why ? why : "");
            free(raw);
        }
        return;
    }
    int n = json_object_object_length(obj);
    const char **names = calloc((size_t)n + 1, sizeof *names);
    char **values = calloc((size_t)n + 1, sizeof *values);
    size_t *lens = calloc((size_t)n + 1, sizeof *lens);
    int *map = calloc((size_t)n + 1, sizeof *map);
    int i = 0, ok = names && values && lens && map, has_structure = 0;
    if (ok) {
        json_object_object_foreach(obj, key, val)
        {
            names[i] = key;
            values[i] = json_cell(val);
            if (!values[i]) {
                ok = 0;
                break;
            }
            lens[i] = strlen(values[i]);
            map[i] = column_index(r->kd, key);
            if (map[i] < 0)
                note_ignored(r, key);
            else if (strcmp(r->kd->cols[map[i]].name, "structure") == 0)
                has_structure = 1;
            i++;
        }
    }
    if (!ok) {
        nomem(r);
    } else {
        /* the element's own text, NUL-terminated, for the rejects file */
        char *raw = strndup(text, len);
        record rec = {i, names, values, lens, number, raw ? raw : ""};
        on_record(r, &rec, map, has_structure);
        free(raw);
    }
    for (int k = 0; k < i; k++)
        free(values[k]);
    free(names);
    free(values);
    free(lens);
    free(map);
    json_object_put(obj);
}

/* Cuts the top-level array into elements: only strings and nesting are
 * tracked here; json-c parses each element. */
static void run_json(reader *r, FILE *f)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int state = 0; /* 0 before '[', 1 between elements, 2 in an element, 3 after ']' */
    int depth = 0, in_string = 0, escape = 0, number = 0, first = 1;
    int c;
    while (!r->fatal && (c = getc(f)) != EOF) {
        if (first) {
            first = 0;
            if (c == 0xEF && getc(f) == 0xBB && getc(f) == 0xBF)
                continue;
        }
        if (state == 0) {
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
                continue;
            if (c != '[') {
                r->fatal = g_err(r->err, G_ERR_INVALID, "%s",
                                 _("Le fichier JSON doit contenir un tableau d'objets "
                                   "[ { … }, { … } ] (le format publié par data·inclusion)."));
                break;
            }
            state = 1;
            continue;
        }
        if (state == 3) {
            if (!(c == ' ' || c == '\t' || c == '\r' || c == '\n'))
                r->fatal =
                    g_err(r->err, G_ERR_INVALID, "%s", _("Texte après la fin du tableau JSON."));
            continue;
        }
        if (state == 1) {
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',')
                continue;
            if (c == ']') {
                state = 3;
                continue;
            }
            state = 2;
            len = 0;
            depth = 0;
            in_string = escape = 0;
            number++;
        }
        /* state 2: inside an element */
        if (len + 2 > cap) {
            size_t ncap = cap ? cap * 2 : 4096;
            char *g = realloc(buf, ncap);
            if (!g) {
                nomem(r);
                break;
            }
            buf = g;
            cap = ncap;
        }
        if (depth == 0 && !in_string && (c == ',' || c == ']')) {
            /* end of a scalar element */
            json_element(r, buf, len, number);
            state = c == ']' ? 3 : 1;
            continue;
        }
        buf[len++] = (char)c;
        if (in_string) {
            if (escape)
                escape = 0;
            else if (c == '\\')
                escape = 1;
            else if (c == '"')
                in_string = 0;
            continue;
        }
        if (c == '"')
            in_string = 1;
        else if (c == '{' || c == '[')
            depth++;
        else if (c == '}' || c == ']') {
            depth--;
            if (depth == 0) {
                json_element(r, buf, len, number);
                state = 1;
            }
        }
    }
    if (!r->fatal && state != 3)
        r->fatal = g_err(r->err, G_ERR_INVALID, "%s",
                         state == 0 ? _("Le fichier est vide.")
                                    : _("Le fichier JSON s'arrête au milieu : le tableau n'est "
                                        "pas refermé par « ] »."));
    free(buf);
}

/* ---- the whole import ------------------------------------------------------------- */

static int problem_cmp(const void *a, const void *b)
{
    return ((const import_problem *)a)->line - ((const import_problem *)b)->line;
}

void import_result_free(import_result *res)
{
    free(res->problems);
    free(res->warnings);
    free(res->ignored);
    memset(res, 0, sizeof *res);
}

static void run_pass(reader *r, FILE *f)
{
    if (r->json)
        run_json(r, f);
    else
        run_csv(r, f);
}

static g_status open_rejects(reader *r, const char *path)
{
    /* services.csv → services-rejets.csv, beside it */
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (slash)
        snprintf(r->rejects_dir, sizeof r->rejects_dir, "%.*s", (int)(slash - path), path);
    else
        snprintf(r->rejects_dir, sizeof r->rejects_dir, ".");
    if (!r->rejects_dir[0])
        snprintf(r->rejects_dir, sizeof r->rejects_dir, "/");
    const char *dot = strrchr(base, '.');
    int stem = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    snprintf(r->rejects_name, sizeof r->rejects_name, "%.*s-rejets.csv", stem > 200 ? 200 : stem,
             base);
    csvout_format fmt = {r->json ? ';' : (char)r->sep, 1, 0};
    g_status s = csvout_open(r->rejects_dir, r->rejects_name, &fmt, &r->rejects, r->err);
    if (s != G_OK)
        return s;
    const char *head_json[] = {_("element"), _("raison"), _("objet")};
    if (r->json) {
        csvout_header(r->rejects, head_json, 3);
    } else {
        const char **head = calloc((size_t)r->ncol + 2, sizeof *head);
        if (!head)
            return nomem(r);
        head[0] = _("ligne");
        head[1] = _("raison");
        for (int i = 0; i < r->ncol; i++)
            head[i + 2] = r->header[i];
        csvout_header(r->rejects, head, r->ncol + 2);
        free(head);
    }
    return G_OK;
}

static void list_ignored(reader *r)
{
    import_result *res = r->res;
    res->nignored = r->nignored;
    if (!r->nignored)
        return;
    size_t n = 1;
    for (int i = 0; i < r->nignored; i++)
        n += strlen(r->ignored[i]) + 2;
    if (!(res->ignored = malloc(n))) {
        nomem(r);
        return;
    }
    res->ignored[0] = 0;
    for (int i = 0; i < r->nignored; i++) {
        if (i)
            strcat(res->ignored, ", ");
        strcat(res->ignored, r->ignored[i]);
    }
}

static g_status import_stream(g_db *db, import_kind kind, FILE *f, const char *path,
                              const char *name, const import_options *opt, int64_t user_id,
                              import_result *res, g_error *err)
{
    reader r = {.db = db, .kd = &kinds[kind], .kind = kind, .res = res, .err = err};
    if (opt)
        r.opt = *opt;
    /* JSON when the first character (after a BOM and spaces) is '[' or '{' */
    int c;
    while ((c = getc(f)) == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB ||
           c == 0xBF)
        ;
    r.json = c == '[' || c == '{';
    res->json = r.json;
    rewind(f);

    run_pass(&r, f);
    if (r.fatal)
        goto out;
    list_ignored(&r);
    if (r.header_bad) {
        qsort(res->problems, res->nproblem, sizeof *res->problems, problem_cmp);
        r.fatal = g_err(err, G_ERR_INVALID, "%s",
                        _("L'en-tête du fichier ne convient pas : rien n'a été importé."));
        goto out;
    }
    /* the same (source, id) twice in the file: the first one counts */
    if (r.nkeys)
        qsort(r.keys, r.nkeys, sizeof *r.keys, key_cmp);
    for (size_t i = 1; i < r.nkeys; i++)
        if (strcmp(r.keys[i].key, r.keys[i - 1].key) == 0) {
            size_t first = i - 1;
            while (first > 0 && strcmp(r.keys[first - 1].key, r.keys[i].key) == 0)
                first--;
            problem(&r, r.keys[i].line,
                    res->json ? _("identifiant « %s » déjà présent (objet n° %d)")
                              : _("identifiant « %s » déjà présent ligne %d"),
                    strchr(r.keys[i].key, '\x1f') + 1, r.keys[first].line);
        }
    free_keys(&r);
    if (r.fatal)
        goto out;
    if (res->nproblem)
        qsort(res->problems, res->nproblem, sizeof *res->problems, problem_cmp);
    if (res->nproblem && !r.opt.skip_bad_rows) {
        r.fatal =
            g_err(err, G_ERR_INVALID,
                  res->json ? P_("%zu objet incorrect : rien n'a été importé.",
                                 "%zu objets incorrects : rien n'a été importé.", res->nproblem)
                            : P_("%zu ligne incorrecte : rien n'a été importé.",
                                 "%zu lignes incorrectes : rien n'a été importé.", res->nproblem),
                  res->nproblem);
        goto out;
    }

    /* second pass: the upserts, all in one transaction */
    rewind(f);
    res->lines = 0;
    r.apply = 1;
    g_status s;
    if (res->nproblem && !r.opt.dry_run && path && (s = open_rejects(&r, path)) != G_OK) {
        r.fatal = s;
        goto out;
    }
    if (!r.opt.dry_run && (s = db_begin(db, err)) != G_OK) {
        r.fatal = s;
        goto out;
    }
    run_pass(&r, f);
    if (!r.fatal && !r.opt.dry_run) {
        char detail[200];
        snprintf(detail, sizeof detail, "%d créés, %d mis à jour, %d inchangés, %d refusés",
                 res->created, res->updated, res->unchanged, res->rejected);
        char object[300];
        snprintf(object, sizeof object, "fichier:%s", name);
        if ((s = audit_log(db, user_id, r.kd->action, object, detail, err)) != G_OK)
            r.fatal = s;
    }
    if (!r.opt.dry_run) {
        if (!r.fatal && (s = db_commit(db, err)) != G_OK)
            r.fatal = s;
        if (r.fatal)
            db_rollback(db);
    }
    if (r.rejects) {
        g_error cerr = {0};
        if (r.fatal) {
            csvout_abort(r.rejects);
        } else if (csvout_commit(r.rejects, NULL, &cerr) != G_OK) {
            /* the import is done; say that the list of rejects is not */
            *err = cerr;
            r.fatal = cerr.code;
        } else {
            int n =
                snprintf(res->rejects, sizeof res->rejects, "%s/%s", r.rejects_dir, r.rejects_name);
            if (n < 0 || (size_t)n >= sizeof res->rejects)
                res->rejects[0] = 0; /* written, but too long a path to show */
        }
        r.rejects = NULL;
    }
    if (r.fatal && r.fatal != G_ERR_IO)
        res->created = res->updated = res->unchanged = res->rejected = res->renamed = 0;
out:
    free_keys(&r);
    free_header(&r);
    for (int i = 0; i < r.nignored; i++)
        free(r.ignored[i]);
    free(r.fields);
    free(r.lens);
    return r.fatal;
}

g_status import_file(g_db *db, import_kind kind, const char *path, const import_options *opt,
                     int64_t user_id, import_result *res, g_error *err)
{
    memset(res, 0, sizeof *res);
    FILE *f = fopen(path, "rb");
    if (!f)
        return g_err(err, G_ERR_IO, _("Impossible d'ouvrir « %s » : %s."), path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return g_err(err, G_ERR_IO, _("« %s » est un dossier : donnez le fichier à importer."),
                     path);
    }
    const char *base = strrchr(path, '/');
    g_status s = import_stream(db, kind, f, path, base ? base + 1 : path, opt, user_id, res, err);
    fclose(f);
    return s;
}

g_status import_services(g_db *db, const char *path, int dry_run, int64_t user_id,
                         import_result *res, g_error *err)
{
    import_options opt = {.dry_run = dry_run};
    return import_file(db, IMPORT_SERVICES, path, &opt, user_id, res, err);
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
    import_options opt = {.dry_run = dry_run};
    g_status s = import_stream(db, IMPORT_SERVICES, f, NULL, name, &opt, user_id, res, err);
    fclose(f);
    return s;
}
