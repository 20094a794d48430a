/* audit_anchor.c — copies of the journal's head outside the base file.
 *
 * Every backup's manifest and every export day's manifest carry two columns,
 * journal_tete (an entry's id) and journal_sha256 (that entry's chained
 * hash). They are anchors: the live journal must still hold that entry with
 * that hash. A journal cut short or rewritten, with its head row forged to
 * match, or a base that lost its -wal and -shm files together, leaves the
 * journal behind the newest anchor, and `guichet check` says by how much. */
#include <csv.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "guichet/i18n.h"

#define ANCHOR_FILE_MAX (256 * 1024) /* a manifest is a few lines */

g_status audit_head_before(g_db *db, int64_t before, int64_t *id, char hash[65], g_error *err)
{
    *id = 0;
    hash[0] = 0;
    sqlite3_stmt *st;
    g_status s = db_stmt(db,
                         before > 0 ? "SELECT id, hash FROM audit WHERE at < ?1 "
                                      "ORDER BY at DESC, id DESC LIMIT 1"
                                    : "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
                         &st, err);
    if (s != G_OK)
        return s;
    if (before > 0)
        sqlite3_bind_int64(st, 1, before);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        db_column_text(st, 1, hash, 65);
    } else if (rc != SQLITE_DONE) {
        s = db_fail(db, err, _("lecture du journal"));
    }
    db_stmt_done(db, st);
    return s;
}

/* ---- reading a manifest ---------------------------------------------------- */

typedef struct reader {
    int row, col;
    int col_id, col_hash; /* positions found in the header, -1 = missing */
    char id[32], hash[80];
    int done;
} reader;

static void on_field(void *data, size_t len, void *ctx)
{
    reader *r = ctx;
    const char *s = data ? data : "";
    if (r->row == 0) {
        if (len == strlen("journal_tete") && memcmp(s, "journal_tete", len) == 0)
            r->col_id = r->col;
        else if (len == strlen("journal_sha256") && memcmp(s, "journal_sha256", len) == 0)
            r->col_hash = r->col;
    } else if (r->row == 1) {
        if (r->col == r->col_id)
            snprintf(r->id, sizeof r->id, "%.*s", (int)(len < 31 ? len : 31), s);
        else if (r->col == r->col_hash)
            snprintf(r->hash, sizeof r->hash, "%.*s", (int)(len < 79 ? len : 79), s);
    }
    r->col++;
}

static void on_record(int c, void *ctx)
{
    (void)c;
    reader *r = ctx;
    r->row++;
    r->col = 0;
}

g_status audit_anchor_read(const char *path, audit_anchor *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    snprintf(out->source, sizeof out->source, "%s", path);
    FILE *f = fopen(path, "rb");
    if (!f)
        return g_err(err, G_ERR_IO, _("Impossible de lire le manifeste « %s » : %s."), path,
                     strerror(errno));
    char *buf = malloc(ANCHOR_FILE_MAX);
    size_t n = buf ? fread(buf, 1, ANCHOR_FILE_MAX, f) : 0;
    int bad = ferror(f) || (buf && n == ANCHOR_FILE_MAX);
    fclose(f);
    if (!buf)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    if (bad) {
        free(buf);
        return g_err(err, G_ERR_INVALID, _("« %s » n'est pas un manifeste guichet lisible."), path);
    }
    size_t off = n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    /* the separator is the export's setting: the header row shows it */
    unsigned char delim = ';';
    for (size_t i = off; i < n && buf[i] != '\n'; i++)
        if (buf[i] == ';' || buf[i] == ',' || buf[i] == '\t') {
            delim = (unsigned char)buf[i];
            break;
        }
    struct csv_parser p;
    reader r = {.col_id = -1, .col_hash = -1};
    g_status s = G_OK;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        free(buf);
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    }
    csv_set_delim(&p, delim);
    if (csv_parse(&p, buf + off, n - off, on_field, on_record, &r) != n - off)
        s = G_ERR_INVALID;
    csv_fini(&p, on_field, on_record, &r);
    csv_free(&p);
    free(buf);
    char *end = NULL;
    long long id = strtoll(r.id, &end, 10);
    size_t hl = strlen(r.hash);
    int hex = hl == 64 && strspn(r.hash, "0123456789abcdef") == 64;
    if (s != G_OK || r.col_id < 0 || r.col_hash < 0 || !r.id[0] || *end || id < 0 ||
        (id > 0 && !hex))
        return g_err(err, G_ERR_INVALID,
                     _("« %s » n'est pas un manifeste guichet lisible (colonnes journal_tete et "
                       "journal_sha256)."),
                     path);
    out->id = id;
    /* 64 hex digits, or nothing when the journal was empty (id 0) */
    if (hex)
        memcpy(out->hash, r.hash, sizeof out->hash);
    else
        out->hash[0] = 0;
    return G_OK;
}

g_status audit_anchor_check(g_db *db, const audit_anchor *a, g_error *err)
{
    if (a->id == 0)
        return G_OK; /* the journal was empty then */
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT (SELECT hash FROM audit WHERE id = ?1), "
                            "(SELECT COALESCE(max(id), 0) FROM audit)",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, a->id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        s = db_fail(db, err, _("lecture du journal"));
        sqlite3_finalize(st);
        return s;
    }
    int found = sqlite3_column_type(st, 0) != SQLITE_NULL;
    char hash[80];
    db_column_text(st, 0, hash, sizeof hash);
    int64_t last = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    if (!found && last < a->id)
        return g_err(err, G_ERR_CONFLICT,
                     P_("Le journal s'arrête à l'entrée %lld alors que « %s » enregistrait la "
                        "tête %lld : %lld entrée perdue depuis.",
                        "Le journal s'arrête à l'entrée %lld alors que « %s » enregistrait la "
                        "tête %lld : %lld entrées perdues depuis.",
                        (unsigned long)(a->id - last)),
                     (long long)last, a->source, (long long)a->id, (long long)(a->id - last));
    if (!found || strcmp(hash, a->hash) != 0)
        return g_err(err, G_ERR_CONFLICT,
                     _("L'entrée %lld du journal n'est plus celle que « %s » a enregistrée : le "
                       "journal a été réécrit depuis."),
                     (long long)a->id, a->source);
    return G_OK;
}

g_status audit_anchor_newest(const char *dir, const char *prefix, char *path, size_t size,
                             g_error *err)
{
    path[0] = 0;
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOENT)
            return G_OK;
        return g_err(err, G_ERR_IO, _("Impossible de lire le dossier « %s » : %s."), dir,
                     strerror(errno));
    }
    char best[NAME_MAX + 1] = "";
    struct dirent *e;
    size_t plen = strlen(prefix);
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, prefix, plen) != 0 || len < 4 ||
            strcmp(e->d_name + len - 4, ".csv") != 0)
            continue;
        /* manifeste-<matricule>-<AAAA-MM-JJ>.csv: the date is the last part */
        const char *day = len >= 14 ? e->d_name + len - 14 : e->d_name;
        const char *best_day = best[0] ? best + strlen(best) - 14 : "";
        if (!best[0] || strcmp(day, best_day) > 0)
            snprintf(best, sizeof best, "%s", e->d_name);
    }
    closedir(d);
    if (best[0] && (size_t)snprintf(path, size, "%s/%s", dir, best) >= size)
        return g_err(err, G_ERR_INVALID, _("Chemin trop long : « %s »."), dir);
    return G_OK;
}
