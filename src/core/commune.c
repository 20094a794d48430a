/* commune.c — the official list of communes (see guichet/commune.h). */
#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/commune.h"
#include "guichet/fieldtext.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/strbuf.h"
#include "guichet/utf8.h"

/* The columns of INSEE's file that guichet reads. */
enum { C_TYPECOM, C_COM, C_DEP, C_NCCENR, C_LIBELLE, C_COMPARENT, C_COUNT };
static const char *const col_names[C_COUNT] = {"TYPECOM", "COM",     "DEP",
                                               "NCCENR",  "LIBELLE", "COMPARENT"};

#define FIELDS_MAX 32

typedef struct reader {
    g_error *err;
    g_status fatal;     /* G_OK while reading goes on */
    int line, rec_line; /* the physical line, and the one the record started on */
    int header_done;
    int col[C_COUNT]; /* index of each column, -1 = missing */
    char *fields[FIELDS_MAX];
    size_t nfield;
    commune_row *rows;
    size_t nrows, cap;
} reader;

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->nfield >= FIELDS_MAX) {
        r->nfield++;
        return;
    }
    char *f = malloc(len + 1);
    if (!f) {
        if (!r->fatal)
            r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
        r->nfield++;
        return;
    }
    memcpy(f, s, len);
    f[len] = 0;
    r->fields[r->nfield++] = f;
}

static const char *field(const reader *r, int c)
{
    int i = r->col[c];
    return i >= 0 && (size_t)i < r->nfield && i < FIELDS_MAX && r->fields[i] ? r->fields[i] : "";
}

static g_status bad_row(reader *r, const char *why, const char *value)
{
    return g_err(r->err, G_ERR_INVALID, _("ligne %d : %s « %s »."), r->rec_line, why, value);
}

static void read_row(reader *r)
{
    commune_row w;
    memset(&w, 0, sizeof w);
    const char *kind = field(r, C_TYPECOM);
    if (strcmp(kind, "COM") && strcmp(kind, "ARM") && strcmp(kind, "COMD") &&
        strcmp(kind, "COMA")) {
        r->fatal =
            bad_row(r, _("type de commune inconnu (COM, ARM, COMD ou COMA attendu) :"), kind);
        return;
    }
    snprintf(w.kind, sizeof w.kind, "%s", kind);
    if (normalize_insee(field(r, C_COM), w.code) != 0) {
        r->fatal = bad_row(r, _("code de commune mal formé :"), field(r, C_COM));
        return;
    }
    const char *name = field(r, C_LIBELLE), *dep = field(r, C_DEP);
    g_error e = {0};
    if (!name[0] || strlen(name) >= sizeof w.name ||
        fieldtext_check(name, FIELDTEXT_LINE, "name", _("Nom"), &e) != G_OK) {
        r->fatal = bad_row(r, _("nom de commune vide ou illisible :"), name);
        return;
    }
    if (!dep[0] || strlen(dep) >= sizeof w.dep) {
        r->fatal = bad_row(r, _("département mal formé :"), dep);
        return;
    }
    snprintf(w.name, sizeof w.name, "%s", name);
    const char *shortn = field(r, C_NCCENR);
    snprintf(w.short_name, sizeof w.short_name, "%s", shortn[0] ? shortn : name);
    snprintf(w.dep, sizeof w.dep, "%s", dep);
    if (w.kind[0] == 'C' && w.kind[3]) { /* COMD, COMA: an alias of today's commune */
        if (normalize_insee(field(r, C_COMPARENT), w.parent) != 0) {
            r->fatal = bad_row(r, _("commune de rattachement (COMPARENT) absente ou mal formée :"),
                               field(r, C_COMPARENT));
            return;
        }
    }
    if (r->nrows == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 1024;
        commune_row *g = realloc(r->rows, ncap * sizeof *g);
        if (!g) {
            r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
            return;
        }
        r->rows = g;
        r->cap = ncap;
    }
    r->rows[r->nrows++] = w;
}

static void on_record(int c, void *data)
{
    (void)c;
    reader *r = data;
    if (!r->fatal && !r->header_done) {
        for (int k = 0; k < C_COUNT && !r->fatal; k++) {
            r->col[k] = -1;
            for (size_t i = 0; i < r->nfield && i < FIELDS_MAX; i++)
                if (r->fields[i] && strcmp(r->fields[i], col_names[k]) == 0)
                    r->col[k] = (int)i;
            if (r->col[k] < 0)
                r->fatal = g_err(
                    r->err, G_ERR_INVALID,
                    _("Ce n'est pas le fichier des communes de l'INSEE (v_commune_AAAA.csv) : "
                      "la colonne %s manque à la ligne 1."),
                    col_names[k]);
        }
        r->header_done = 1;
    } else if (!r->fatal && r->nfield > 1) {
        read_row(r);
    }
    for (size_t i = 0; i < r->nfield && i < FIELDS_MAX; i++) {
        free(r->fields[i]);
        r->fields[i] = NULL;
    }
    r->nfield = 0;
}

static void read_file(reader *r, FILE *f)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        r->fatal = g_err(r->err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
        return;
    }
    csv_set_delim(&p, ',');
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while (!r->fatal && (n = getline(&line, &cap, f)) > 0) {
        r->line++;
        const char *s = line;
        if (r->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            n -= 3;
        }
        if (!utf8_valid(s, (size_t)n)) {
            r->fatal = g_err(r->err, G_ERR_INVALID,
                             _("ligne %d : texte qui n'est pas en UTF-8 (le fichier de l'INSEE "
                               "l'est)."),
                             r->line);
            break;
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
    for (size_t i = 0; i < r->nfield && i < FIELDS_MAX; i++)
        free(r->fields[i]);
    free(line);
    csv_free(&p);
}

/* The key of a name: its letters and digits, folded. */
static void name_key(const char *name, char *out, size_t size)
{
    normalize_name_key(name, out, size);
}

static g_status store(g_db *db, const commune_row *rows, size_t n, int64_t user_id,
                      commune_import_result *res, g_error *err)
{
    commune_import_result counts = {0};
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    sqlite3_stmt *st = NULL;
    if ((s = db_exec(db, "DELETE FROM commune", err)) != G_OK ||
        (s = db_prepare(db,
                        "INSERT OR REPLACE INTO commune (code, kind, name, dep, parent, name_key, "
                        "short_key) VALUES (?1, ?2, ?3, ?4, nullif(?5, ''), ?6, ?7)",
                        &st, err)) != G_OK)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        const commune_row *w = &rows[i];
        char k1[COMMUNE_NAME_MAX], k2[COMMUNE_NAME_MAX];
        name_key(w->name, k1, sizeof k1);
        name_key(w->short_name[0] ? w->short_name : w->name, k2, sizeof k2);
        sqlite3_reset(st);
        db_bind_text(st, 1, w->code);
        db_bind_text(st, 2, w->kind);
        db_bind_text(st, 3, w->name);
        db_bind_text(st, 4, w->dep);
        db_bind_text(st, 5, w->parent);
        db_bind_text(st, 6, k1);
        db_bind_text(st, 7, k2);
        if (sqlite3_step(st) != SQLITE_DONE) {
            s = db_fail(db, err, _("enregistrement de la liste des communes"));
            goto fail;
        }
        if (strcmp(w->kind, "COM") == 0)
            counts.communes++;
        else if (strcmp(w->kind, "ARM") == 0)
            counts.arrondissements++;
        else
            counts.aliases++;
    }
    sqlite3_finalize(st);
    st = NULL;
    char detail[128];
    snprintf(detail, sizeof detail, "COM %d ARM %d COMD/COMA %d", counts.communes,
             counts.arrondissements, counts.aliases);
    if ((s = audit_log(db, user_id, "communes-import", "commune", detail, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK)
        goto fail;
    if (res)
        *res = counts;
    return G_OK;
fail:
    if (st)
        sqlite3_finalize(st);
    db_rollback(db);
    return s;
}

g_status commune_load(g_db *db, const commune_row *rows, size_t n, int64_t user_id, g_error *err)
{
    return store(db, rows, n, user_id, NULL, err);
}

g_status commune_import(g_db *db, const char *path, int64_t user_id, commune_import_result *res,
                        g_error *err)
{
    if (res)
        memset(res, 0, sizeof *res);
    FILE *f = fopen(path, "rb");
    if (!f)
        return g_err(err, G_ERR_IO, _("Lecture de « %s » impossible : %s."), path, strerror(errno));
    reader r;
    memset(&r, 0, sizeof r);
    r.err = err;
    read_file(&r, f);
    int read_failed = ferror(f);
    fclose(f);
    g_status s = r.fatal;
    if (s == G_OK && read_failed)
        s = g_err(err, G_ERR_IO, _("Lecture de « %s » interrompue."), path);
    if (s == G_OK && !r.nrows)
        s = g_err(err, G_ERR_INVALID, _("« %s » ne contient aucune commune."), path);
    if (s == G_OK)
        s = store(db, r.rows, r.nrows, user_id, res, err);
    free(r.rows);
    return s;
}

g_status commune_count(g_db *db, int64_t *count, g_error *err)
{
    *count = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "SELECT count(*) FROM commune", &st, err);
    if (s != G_OK)
        return s;
    if ((s = db_step_row(db, st, _("lecture de la liste des communes"), err)) == G_OK)
        *count = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return s;
}

/* --- reading ---------------------------------------------------------------- */

#define ROW_COLS "code, kind, name, dep, coalesce(parent, '')"

static void read_commune(sqlite3_stmt *st, commune_row *w)
{
    memset(w, 0, sizeof *w);
    db_column_text(st, 0, w->code, sizeof w->code);
    db_column_text(st, 1, w->kind, sizeof w->kind);
    db_column_text(st, 2, w->name, sizeof w->name);
    db_column_text(st, 3, w->dep, sizeof w->dep);
    db_column_text(st, 4, w->parent, sizeof w->parent);
}

g_status commune_get(g_db *db, const char *code, commune_row *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    char c[6];
    if (normalize_insee(code ? code : "", c) != 0)
        return g_err_field(err, G_ERR_NOTFOUND, "commune", _("Commune inconnue : « %s »."),
                           code ? code : "");
    sqlite3_stmt *st;
    /* the commune itself, else the commune an alias now belongs to. From
     * the connection's statement cache: the search screen asks for the
     * commune of every visitor it lists, at each keystroke, and preparing
     * this statement each time was 58 % of that screen's work on a base
     * of ten years (docs/performance.md, « les écrans »). */
    g_status s = db_stmt(
        db,
        "SELECT " ROW_COLS " FROM commune WHERE code = ?1 AND kind IN ('COM', 'ARM') UNION ALL "
        "SELECT c.code, c.kind, c.name, c.dep, '' FROM commune a JOIN commune c ON c.code = "
        "a.parent AND c.kind IN ('COM', 'ARM') WHERE a.code = ?1 AND a.kind IN ('COMD', 'COMA') "
        "LIMIT 1",
        &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, c);
    s = db_step_row(db, st, _("lecture de la liste des communes"), err);
    if (s == G_OK)
        read_commune(st, out);
    db_stmt_done(db, st);
    if (s == G_ERR_NOTFOUND)
        return g_err_field(err, G_ERR_NOTFOUND, "commune", _("Commune inconnue : « %s »."), c);
    return s;
}

/* A département code at the end of typed (« (62) », « 62 », « 2A », « 971 »)
 * into dep, cut from typed (which is modified). */
static void split_dep(char *typed, char dep[4])
{
    dep[0] = 0;
    size_t n = strlen(typed);
    while (n && (typed[n - 1] == ' ' || typed[n - 1] == ')'))
        n--;
    size_t e = n;
    while (n && typed[n - 1] != ' ' && typed[n - 1] != '(')
        n--;
    size_t len = e - n;
    const char *d = typed + n;
    int ok = (len == 2 && isdigit((unsigned char)d[0]) &&
              (isdigit((unsigned char)d[1]) || ((d[0] == '2') && strchr("aAbB", d[1])))) ||
             (len == 3 && d[0] == '9' && d[1] == '7' && isdigit((unsigned char)d[2]));
    if (!ok || n == 0)
        return;
    for (size_t i = 0; i < len; i++)
        dep[i] = (char)toupper((unsigned char)d[i]);
    dep[len] = 0;
    while (n && (typed[n - 1] == ' ' || typed[n - 1] == '('))
        n--;
    typed[n] = 0;
}

/* The end of a prefix range: the key with its last byte raised. */
static void range_end(const char *key, char *out, size_t size)
{
    snprintf(out, size, "%s", key);
    size_t n = strlen(out);
    if (n)
        out[n - 1]++;
}

/* The rows of statement st (columns ROW_COLS) into rows. */
static g_status fetch(g_db *db, sqlite3_stmt *st, commune_row *rows, int max, int *count,
                      g_error *err)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *count < max)
        read_commune(st, &rows[(*count)++]);
    return rc == SQLITE_ROW ? G_OK : db_rows_end(db, rc, _("recherche d'une commune"), err);
}

/* Names equal to key (exact = 1) or starting with it, in dep ("" = any). */
static g_status by_name(g_db *db, const char *key, const char *dep, int exact, commune_row *rows,
                        int max, int *count, g_error *err)
{
    char end[COMMUNE_NAME_MAX + 1];
    range_end(key, end, sizeof end);
    sqlite3_stmt *st;
    g_status s = db_prepare(
        db,
        exact ? "SELECT " ROW_COLS " FROM commune WHERE (name_key = ?1 OR short_key = ?1) AND "
                "(?3 = '' OR dep = ?3) ORDER BY kind IN ('COMD', 'COMA'), dep, name LIMIT ?4"
              : "SELECT " ROW_COLS " FROM commune WHERE ((name_key >= ?1 AND name_key < ?2) OR "
                "(short_key >= ?1 AND short_key < ?2)) AND (?3 = '' OR dep = ?3) ORDER BY kind "
                "IN ('COMD', 'COMA'), length(name), name LIMIT ?4",
        &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, end);
    db_bind_text(st, 3, dep);
    sqlite3_bind_int(st, 4, max);
    s = fetch(db, st, rows, max, count, err);
    sqlite3_finalize(st);
    return s;
}

g_status commune_search(g_db *db, const char *typed, commune_row *rows, int max, int *count,
                        g_error *err)
{
    *count = 0;
    if (!typed || max <= 0)
        return G_OK;
    char t[COMMUNE_NAME_MAX], dep[4], key[COMMUNE_NAME_MAX];
    snprintf(t, sizeof t, "%s", typed);
    size_t digits = strspn(t, "0123456789");
    if (digits && !t[digits]) { /* the first digits of a code */
        char end[COMMUNE_NAME_MAX];
        range_end(t, end, sizeof end);
        sqlite3_stmt *st;
        g_status s = db_prepare(db,
                                "SELECT " ROW_COLS " FROM commune WHERE code >= ?1 AND code < ?2 "
                                "ORDER BY kind IN ('COMD', 'COMA'), code LIMIT ?3",
                                &st, err);
        if (s != G_OK)
            return s;
        db_bind_text(st, 1, t);
        db_bind_text(st, 2, end);
        sqlite3_bind_int(st, 3, max);
        s = fetch(db, st, rows, max, count, err);
        sqlite3_finalize(st);
        return s;
    }
    split_dep(t, dep);
    name_key(t, key, sizeof key);
    if (!key[0])
        return G_OK;
    return by_name(db, key, dep, 0, rows, max, count, err);
}

/* --- checking ---------------------------------------------------------------- */

g_status commune_check_code(const char *code, g_error *err)
{
    char t[16];
    size_t n = 0;
    for (const char *p = code ? code : ""; *p && n < sizeof t - 1; p++)
        if (*p != ' ')
            t[n++] = *p;
    t[n] = 0;
    if (!t[0])
        return G_OK;
    if (t[0] == '9' && t[1] == '9')
        return g_err_field(err, G_ERR_INVALID, "commune",
                           _("Commune : %s n'est pas une commune française (les codes 99… de "
                             "l'INSEE désignent un pays étranger) ; pour une personne qui vit "
                             "à l'étranger, laissez la commune vide."),
                           t);
    if (!normalize_insee_valid(t))
        return g_err_field(err, G_ERR_INVALID, "commune",
                           _("Commune : le code INSEE a 5 caractères (58194 ; 2A004 ou 2B033 en "
                             "Corse ; 97411 outre-mer) ; ce n'est pas le code postal."));
    return G_OK;
}

g_status commune_check(g_db *db, const char *code, char canon[6], g_error *err)
{
    canon[0] = 0;
    g_status s = commune_check_code(code, err);
    if (s != G_OK || !code || strspn(code, " ") == strlen(code))
        return s;
    char t[8];
    size_t n = 0;
    for (const char *p = code; *p && n < sizeof t - 1; p++)
        if (*p != ' ')
            t[n++] = *p;
    t[n] = 0;
    normalize_insee(t, canon);
    int64_t rows;
    if ((s = commune_count(db, &rows, err)) != G_OK || rows == 0)
        return s; /* without the list, the form of the code is all we know */
    commune_row c;
    g_error why = {0};
    s = commune_get(db, canon, &c, &why);
    if (s == G_OK) {
        snprintf(canon, 6, "%s", c.code);
        return G_OK;
    }
    if (s != G_ERR_NOTFOUND) {
        if (err)
            *err = why;
        return s;
    }
    return g_err_field(err, G_ERR_INVALID, "commune",
                       _("Commune : %s n'est pas une commune de la liste de l'INSEE ; vérifiez "
                         "le code, ou tapez le nom de la commune."),
                       canon);
}

static void label_of(const commune_row *c, char *out, size_t size)
{
    snprintf(out, size, "%s (%s)", c->name, c->dep);
}

g_status commune_label(g_db *db, const char *code, char *out, size_t size, g_error *err)
{
    snprintf(out, size, "%s", code ? code : "");
    if (!code || !code[0])
        return G_OK;
    commune_row c;
    g_error why = {0};
    g_status s = commune_get(db, code, &c, &why);
    if (s == G_ERR_NOTFOUND)
        return G_OK;
    if (s != G_OK) {
        if (err)
            *err = why;
        return s;
    }
    label_of(&c, out, size);
    return G_OK;
}

g_status commune_labels(g_db *db, const char *const *codes, int n, char *out, size_t size,
                        g_error *err)
{
    for (int i = 0; i < n; i++)
        snprintf(out + (size_t)i * size, size, "%s", codes[i] ? codes[i] : "");
    /* one read transaction: each statement on its own took and released
     * the base's read lock (two fcntl, the WAL's read mark), a tenth of
     * the search screen's work at a hundred visitors per keystroke */
    sqlite3 *sql = db_sql(db);
    int own_tx = sqlite3_get_autocommit(sql);
    if (own_tx && sqlite3_exec(sql, "BEGIN DEFERRED", NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(db, err, _("lecture de la liste des communes"));
    g_status s = G_OK;
    for (int i = 0; i < n && s == G_OK; i++) {
        int seen = -1;
        for (int k = 0; k < i && seen < 0; k++)
            if (codes[k] && codes[i] && strcmp(codes[k], codes[i]) == 0)
                seen = k;
        if (seen >= 0)
            memcpy(out + (size_t)i * size, out + (size_t)seen * size, size);
        else
            s = commune_label(db, codes[i], out + (size_t)i * size, size, err);
    }
    if (own_tx)
        sqlite3_exec(sql, "COMMIT", NULL, NULL, NULL);
    return s;
}

/* The communes of today among rows (an alias counts as its parent),
 * without repeats, into out; returns how many. */
static int today_of(g_db *db, const commune_row *rows, int n, commune_row *out, g_error *err,
                    g_status *s)
{
    int k = 0;
    *s = G_OK;
    for (int i = 0; i < n && *s == G_OK; i++) {
        commune_row c = rows[i];
        if (rows[i].parent[0] && (*s = commune_get(db, rows[i].parent, &c, err)) != G_OK)
            break;
        int seen = 0;
        for (int j = 0; j < k; j++)
            seen |= strcmp(out[j].code, c.code) == 0;
        if (!seen)
            out[k++] = c;
    }
    return k;
}

#define RESOLVE_MAX 6

static g_status several(const char *typed, const commune_row *c, int n, g_error *err)
{
    char list[1024];
    strbuf b;
    strbuf_init(&b, list, sizeof list);
    for (int i = 0; i < n && i < RESOLVE_MAX - 1; i++) {
        char l[COMMUNE_LABEL_MAX];
        label_of(&c[i], l, sizeof l);
        strbuf_join(&b, ", ", l);
    }
    if (n >= RESOLVE_MAX)
        strbuf_puts(&b, ", …");
    return g_err_field(err, G_ERR_INVALID, "commune",
                       _("Commune : plusieurs communes pour « %s » : %s ; ajoutez le "
                         "département, par exemple « %s (%s) », ou tapez le code INSEE."),
                       typed, list, c[0].name, c[0].dep);
}

g_status commune_resolve(g_db *db, const char *typed, char code[6], char *label, size_t lsize,
                         g_error *err)
{
    code[0] = 0;
    if (label && lsize)
        label[0] = 0;
    char t[COMMUNE_NAME_MAX];
    const char *p = typed ? typed : "";
    while (*p == ' ')
        p++;
    snprintf(t, sizeof t, "%s", p);
    size_t n = strlen(t);
    while (n && t[n - 1] == ' ')
        t[--n] = 0;
    if (!t[0])
        return G_OK;
    g_status s;
    /* a code (a name never has digits in its third to fifth place), or
     * digits only: a code mistyped (a postal code, a phone) */
    if ((n == 5 && (isdigit((unsigned char)t[2]) || t[0] == '9')) || strspn(t, "0123456789") == n) {
        if ((s = commune_check(db, t, code, err)) != G_OK)
            return s;
        return label ? commune_label(db, code, label, lsize, err) : G_OK;
    }
    int64_t rows;
    if ((s = commune_count(db, &rows, err)) != G_OK)
        return s;
    if (rows == 0)
        return g_err_field(err, G_ERR_INVALID, "commune",
                           _("Commune : tapez le code INSEE (5 caractères, 58194) ; pour taper "
                             "le nom, le responsable importe la liste des communes (guichet "
                             "import communes)."));
    char d[4], key[COMMUNE_NAME_MAX], name[COMMUNE_NAME_MAX];
    snprintf(name, sizeof name, "%s", t);
    split_dep(name, d);
    name_key(name, key, sizeof key);
    commune_row found[RESOLVE_MAX], today[RESOLVE_MAX];
    int nf = 0, nt = 0;
    /* the name itself first; else the names that start with it */
    for (int exact = 1; exact >= 0 && nt == 0 && key[0]; exact--) {
        nf = 0;
        if ((s = by_name(db, key, d, exact, found, RESOLVE_MAX, &nf, err)) != G_OK)
            return s;
        nt = today_of(db, found, nf, today, err, &s);
        if (s != G_OK)
            return s;
    }
    if (nt == 0)
        return g_err_field(err, G_ERR_INVALID, "commune",
                           _("Commune : aucune commune « %s » dans la liste de l'INSEE."), t);
    if (nt > 1)
        return several(t, today, nt, err);
    snprintf(code, 6, "%s", today[0].code);
    if (label)
        label_of(&today[0], label, lsize);
    return G_OK;
}
