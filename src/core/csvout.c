/* csvout.c — atomic, streamed, hashed CSV writer (see guichet/csvout.h). */
#define _GNU_SOURCE 1 /* syncfs (Linux) */
#include <csv.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guichet/csvout.h"
#include "guichet/fieldtext.h"
#include "guichet/fsutil.h"
#include "guichet/i18n.h"
#include "guichet/utf8.h"

#define CSVOUT_BUF 65536

struct csvout {
    int fd;                       /* the temporary file, -1 once closed (csvout_finish) */
    char *dir;                    /* the directory of both names (in one malloc'd block */
    char *tmp;                    /*   with tmp and final: a batch keeps hundreds of */
    char *final;                  /*   finished files, PATH_MAX each would weigh) */
    csvout_format fmt;            /* separator, BOM, line ending */
    crypto_hash_sha256_state sha; /* over every byte given to the file */
    unsigned char *buf;           /* CSVOUT_BUF pending bytes, hashed and written when
                                     full; NULL once the file is finished */
    size_t len;                   /* bytes pending in buf */
    int64_t bytes;                /* bytes given to the file so far */
    int finished;                 /* csvout_finish done: info below is final */
    csvout_info info;             /* rows, size and SHA-256 once finished */
    int64_t rows;                 /* rows ended (the header included) */
    int header_rows;              /* rows that were header rows */
    int cells;                    /* cells in the current row */
    char *quoted;                 /* scratch for csv_write2, grows with the longest cell */
    size_t quoted_cap;
    g_error err; /* the first error (sticky) */
};

static void fail_errno(csvout *w, const char *what, const char *path)
{
    if (w->err.code != G_OK)
        return;
    int e = errno;
    if (e == ENOSPC || e == EDQUOT)
        g_err(&w->err, G_ERR_IO, _("Disque plein : impossible d'écrire « %s » (%s)."), path, what);
    else
        g_err(&w->err, G_ERR_IO, _("Impossible d'écrire « %s » (%s) : %s."), path, what,
              strerror(e));
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static void flush_buf(csvout *w)
{
    if (w->len == 0 || w->err.code != G_OK)
        return;
    crypto_hash_sha256_update(&w->sha, w->buf, w->len);
    if (write_all(w->fd, w->buf, w->len) != 0)
        fail_errno(w, "write", w->tmp);
    w->len = 0;
}

static void put_slow(csvout *w, const unsigned char *p, size_t n)
{
    while (n) {
        size_t room = CSVOUT_BUF - w->len;
        size_t k = n < room ? n : room;
        memcpy(w->buf + w->len, p, k);
        w->len += k;
        p += k;
        n -= k;
        if (w->len == CSVOUT_BUF)
            flush_buf(w);
    }
}

/* The hot path: a cell's bytes are copied into the buffer; hashing and
 * writing happen once per CSVOUT_BUF bytes (flush_buf). */
static inline void put(csvout *w, const void *data, size_t n)
{
    if (w->err.code != G_OK)
        return;
    w->bytes += (int64_t)n;
    if (n < CSVOUT_BUF - w->len) {
        memcpy(w->buf + w->len, data, n);
        w->len += n;
        return;
    }
    put_slow(w, data, n);
}

static inline void put_byte(csvout *w, char c)
{
    if (w->err.code != G_OK)
        return;
    w->bytes++;
    w->buf[w->len++] = (unsigned char)c;
    if (w->len == CSVOUT_BUF)
        flush_buf(w);
}

static inline void put_sep(csvout *w)
{
    if (w->cells++ > 0)
        put_byte(w, w->fmt.separator);
}

/* Writes s (n bytes) quoted by libcsv: surrounded by '"', inner quotes
 * doubled. */
static void put_quoted(csvout *w, const char *s, size_t n)
{
    size_t need = csv_write2(NULL, 0, s, n, CSV_QUOTE);
    if (need > w->quoted_cap) {
        char *q = realloc(w->quoted, need);
        if (!q) {
            if (w->err.code == G_OK)
                g_err(&w->err, G_ERR_NOMEM, _("Mémoire insuffisante pour écrire « %s »."),
                      w->final);
            return;
        }
        w->quoted = q;
        w->quoted_cap = need;
    }
    size_t got = csv_write2(w->quoted, w->quoted_cap, s, n, CSV_QUOTE);
    put(w, w->quoted, got);
}

static inline int needs_quotes(const csvout *w, const char *s, size_t n)
{
    const char sep = w->fmt.separator;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == sep || c == '"' || c == '\r' || c == '\n')
            return 1;
    }
    return 0;
}

/* What a spreadsheet may skip, or not show, before it reads a formula: C0
 * controls and the space, DEL and the C1 controls, every Unicode space
 * separator (Zs: no-break, ogham, en/em…hair, narrow no-break, medium
 * mathematical, ideographic U+3000), the line and paragraph separators,
 * and the invisible format characters (soft hyphen, zero-width spaces and
 * joiners, LRM/RLM and the other bidi marks, embeddings and isolates, word
 * joiner, invisible operators, BOM / zero-width no-break space). */
static int skipped_before_formula(uint32_t c)
{
    if (c <= 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD)
        return 1;
    if ((c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) ||
        (c >= 0x205F && c <= 0x206F))
        return 1;
    return c == 0x061C || c == 0x1680 || c == 0x180E || c == 0x3000 || c == 0xFEFF;
}

/* The signs that start a formula, and the look-alikes some spreadsheets
 * read as them: full-width ＝ ＋ － ＠ (U+FF1D U+FF0B U+FF0D U+FF20) and
 * small ﹦ ﹢ ﹣ ﹫ (U+FE66 U+FE62 U+FE63 U+FE6B). */
static int formula_sign(uint32_t c)
{
    switch (c) {
    case '=':
    case '+':
    case '-':
    case '@':
    case 0xFF1D:
    case 0xFF0B:
    case 0xFF0D:
    case 0xFF20:
    case 0xFE66:
    case 0xFE62:
    case 0xFE63:
    case 0xFE6B:
        return 1;
    default:
        return 0;
    }
}

int csvout_is_dangerous(const char *s)
{
    if (!s || !*s)
        return 0;
    unsigned char first = (unsigned char)s[0];
    /* the hot path: a letter or a digit first is never a formula */
    if ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') ||
        (first >= '0' && first <= '9'))
        return 0;
    /* OWASP: a tab, a carriage return (or a line feed) first, whatever follows */
    if (first == '\t' || first == '\r' || first == '\n')
        return 1;
    while (*s) {
        uint32_t c;
        int n = utf8_decode(s, &c);
        if (formula_sign(c))
            return 1;
        if (!skipped_before_formula(c))
            return 0;
        s += n;
    }
    return 0;
}

void csvout_text(csvout *w, const char *s)
{
    put_sep(w);
    if (!s || !*s)
        return;
    size_t n = strlen(s);
    int dangerous = csvout_is_dangerous(s);
    /* a text stored before the input rule (fieldtext.h) or behind guichet's
     * back may hold control characters: never written as they are (a TAB, an
     * LF or an ESC in a motif would reach the funders' files byte for byte) */
    int control = fieldtext_find_control(s, FIELDTEXT_LINE, NULL) >= 0;
    if (!dangerous && !control) {
        if (needs_quotes(w, s, n))
            put_quoted(w, s, n);
        else
            put(w, s, n);
        return;
    }
    /* OWASP: prefix an apostrophe and quote the cell. Each control character
     * becomes U+FFFD: 3 bytes for at most 1. */
    size_t cap = 3 * n + 2;
    char small[512];
    char *p = cap <= sizeof small ? small : malloc(cap);
    if (!p) {
        if (w->err.code == G_OK)
            g_err(&w->err, G_ERR_NOMEM, _("Mémoire insuffisante pour écrire « %s »."), w->final);
        return;
    }
    size_t off = dangerous ? 1 : 0;
    p[0] = '\'';
    if (control)
        fieldtext_visible(s, 0, p + off, cap - off);
    else
        memcpy(p + off, s, n + 1);
    size_t len = strlen(p);
    if (dangerous || needs_quotes(w, p, len))
        put_quoted(w, p, len);
    else
        put(w, p, len);
    if (p != small)
        free(p);
}

void csvout_int(csvout *w, int64_t v)
{
    /* decimal digits from the end, without snprintf (the hot path) */
    char buf[24];
    char *e = buf + sizeof buf, *p = e;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    put_sep(w);
    put(w, p, (size_t)(e - p));
}

void csvout_raw(csvout *w, const char *s)
{
    put_sep(w);
    if (!s || !*s)
        return;
    size_t n = strlen(s);
    if (needs_quotes(w, s, n))
        put_quoted(w, s, n);
    else
        put(w, s, n);
}

void csvout_empty(csvout *w)
{
    put_sep(w);
}

void csvout_end_row(csvout *w)
{
    if (w->fmt.crlf)
        put_byte(w, '\r');
    put_byte(w, '\n');
    w->cells = 0;
    w->rows++;
}

void csvout_header(csvout *w, const char *const *names, int count)
{
    for (int i = 0; i < count; i++)
        csvout_text(w, names[i]);
    csvout_end_row(w);
    w->header_rows++;
}

void csvout_bytes(csvout *w, const void *p, size_t n)
{
    if (!w->finished)
        put(w, p, n);
}

const char *csvout_temp_path(const csvout *w)
{
    return w->tmp;
}

g_status csvout_status(const csvout *w, g_error *err)
{
    if (w->err.code != G_OK && err)
        *err = w->err;
    return w->err.code;
}

g_status csvout_sync_dir(const char *dir, g_error *err)
{
    return fs_sync_dir(dir, err);
}

g_status csvout_open(const char *dir, const char *name, const csvout_format *fmt, csvout **out,
                     g_error *err)
{
    *out = NULL;
    if (sodium_init() < 0)
        return g_err(err, G_ERR_CRYPTO, _("La bibliothèque de chiffrement n'a pas pu démarrer."));
    if (!name || !*name || strchr(name, '/'))
        return g_err(err, G_ERR_INVALID, _("Nom de fichier d'export invalide « %s »."),
                     name ? name : "");
    csvout *w = calloc(1, sizeof *w);
    if (w && !(w->buf = malloc(CSVOUT_BUF))) {
        free(w->buf);
        free(w);
        w = NULL;
    }
    if (!w)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    w->fd = -1;
    w->fmt = *fmt;
    if (w->fmt.separator == 0)
        w->fmt.separator = ';';
    size_t dlen = strlen(dir), flen = dlen + 1 + strlen(name),
           tlen = flen + strlen(CSVOUT_TMP_PREFIX) + 13 + strlen(CSVOUT_TMP_SUFFIX);
    if (tlen >= PATH_MAX) {
        free(w->buf);
        free(w);
        return g_err(err, G_ERR_INVALID, _("Chemin d'export trop long : « %s »."), dir);
    }
    if (!(w->dir = malloc(dlen + 1 + flen + 1 + tlen + 1))) {
        free(w->buf);
        free(w);
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    }
    w->final = w->dir + dlen + 1;
    w->tmp = w->final + flen + 1;
    memcpy(w->dir, dir, dlen + 1);
    snprintf(w->final, flen + 1, "%s/%s", dir, name);
    for (int attempt = 0; attempt < 16 && w->fd < 0; attempt++) {
        unsigned char rnd[6];
        char hex[13];
        randombytes_buf(rnd, sizeof rnd);
        sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
        snprintf(w->tmp, tlen + 1, "%s/" CSVOUT_TMP_PREFIX "%s.%s" CSVOUT_TMP_SUFFIX, dir, name,
                 hex);
        w->fd = open(w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0640);
        if (w->fd < 0 && errno != EEXIST) {
            g_status st = g_err(err, G_ERR_IO,
                                _("Impossible de créer un fichier dans le dossier d'export « %s » "
                                  ": %s."),
                                dir, strerror(errno));
            free(w->dir);
            free(w->buf);
            free(w);
            return st;
        }
    }
    if (w->fd < 0) {
        free(w->dir);
        free(w->buf);
        free(w);
        return g_err(err, G_ERR_IO, _("Impossible de créer un fichier temporaire dans « %s »."),
                     dir);
    }
    crypto_hash_sha256_init(&w->sha);
    if (w->fmt.bom)
        put(w, "\xEF\xBB\xBF", 3);
    *out = w;
    return G_OK;
}

static void csvout_free(csvout *w)
{
    if (w->fd >= 0)
        close(w->fd);
    free(w->dir);
    free(w->quoted);
    if (w->buf) {
        sodium_memzero(w->buf, CSVOUT_BUF);
        free(w->buf);
    }
    free(w);
}

void csvout_abort(csvout *w)
{
    if (!w)
        return;
    if (w->fd >= 0) {
        close(w->fd);
        w->fd = -1;
    }
    unlink(w->tmp);
    csvout_free(w);
}

g_status csvout_finish(csvout *w, csvout_info *info, g_error *err)
{
    if (!w->finished) {
        flush_buf(w);
        w->finished = 1;
        if (w->err.code == G_OK) {
            unsigned char digest[crypto_hash_sha256_BYTES];
            crypto_hash_sha256_final(&w->sha, digest);
            sodium_bin2hex(w->info.sha256, sizeof w->info.sha256, digest, sizeof digest);
            w->info.rows = w->rows - w->header_rows;
            w->info.bytes = w->bytes;
        }
        if (w->buf) {
            sodium_memzero(w->buf, CSVOUT_BUF);
            free(w->buf);
            w->buf = NULL;
        }
        /* closed now: a batch keeps hundreds of finished files and needs
         * no descriptor for them (the sync reopens them only where syncfs
         * does not exist) */
        if (w->fd >= 0) {
            int rc = close(w->fd);
            w->fd = -1;
            if (rc != 0)
                fail_errno(w, "close", w->tmp);
        }
    }
    if (w->err.code != G_OK) {
        if (err)
            *err = w->err;
        return w->err.code;
    }
    if (info)
        *info = w->info;
    return G_OK;
}

/* fsync of a finished (closed) file through a new descriptor: since Linux
 * 4.13 a write-back error not yet reported to anyone is reported to it. */
static void fsync_finished(csvout *w)
{
    if (w->err.code != G_OK)
        return;
    int fd = open(w->tmp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        fail_errno(w, "open", w->tmp);
        return;
    }
    if (fsync(fd) != 0)
        fail_errno(w, "fsync", w->tmp);
    close(fd);
}

g_status csvout_publish(csvout *w, g_error *err)
{
    csvout_finish(w, NULL, NULL);
    fsync_finished(w);
    if (w->err.code == G_OK && rename(w->tmp, w->final) != 0)
        fail_errno(w, "rename", w->final);
    if (w->err.code != G_OK) {
        if (err)
            *err = w->err;
        g_status st = w->err.code;
        csvout_abort(w);
        return st;
    }
    csvout_free(w);
    return G_OK;
}

g_status csvout_sync_batch(int dirfd, const char *dir, csvout *const *files, int n, g_error *err)
{
#ifdef __linux__
    /* One write-back of the whole file system and one journal commit for
     * the batch, instead of one of each per file. Since Linux 5.8, syncfs
     * reports the write-back errors met since dirfd was opened. */
    if (syncfs(dirfd) == 0)
        return G_OK;
    if (errno != ENOSYS)
        return g_err(err, G_ERR_IO,
                     _("Impossible d'écrire sur le disque les fichiers de « %s » : %s."), dir,
                     strerror(errno));
#else
    (void)dirfd;
    (void)dir;
#endif
    for (int i = 0; i < n; i++) {
        csvout *w = files[i];
        fsync_finished(w);
        if (w->err.code != G_OK) {
            if (err)
                *err = w->err;
            return w->err.code;
        }
    }
    return G_OK;
}

g_status csvout_publish_synced(csvout *w, g_error *err)
{
    csvout_finish(w, NULL, NULL);
    if (w->err.code == G_OK && rename(w->tmp, w->final) != 0)
        fail_errno(w, "rename", w->final);
    if (w->err.code != G_OK) {
        if (err)
            *err = w->err;
        g_status st = w->err.code;
        csvout_abort(w);
        return st;
    }
    csvout_free(w);
    return G_OK;
}

g_status csvout_commit(csvout *w, csvout_info *info, g_error *err)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", w->dir);
    g_status st = csvout_finish(w, info, err);
    if (st != G_OK) {
        csvout_abort(w);
        return st;
    }
    st = csvout_publish(w, err);
    if (st != G_OK)
        return st;
    return csvout_sync_dir(dir, err);
}

g_status csvout_clean_temps(const char *dir, int *removed, g_error *err)
{
    if (removed)
        *removed = 0;
    DIR *d = opendir(dir);
    if (!d)
        return g_err(err, G_ERR_IO, _("Impossible de lire le dossier « %s » : %s."), dir,
                     strerror(errno));
    size_t plen = strlen(CSVOUT_TMP_PREFIX), slen = strlen(CSVOUT_TMP_SUFFIX);
    int n = 0;
    g_status st = G_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= plen + slen || strncmp(e->d_name, CSVOUT_TMP_PREFIX, plen) != 0 ||
            strcmp(e->d_name + len - slen, CSVOUT_TMP_SUFFIX) != 0)
            continue;
        if (unlinkat(dirfd(d), e->d_name, 0) == 0)
            n++;
        else if (errno != ENOENT && st == G_OK)
            st = g_err(err, G_ERR_IO,
                       _("Impossible d'effacer le fichier temporaire « %s/%s » : %s."), dir,
                       e->d_name, strerror(errno));
    }
    closedir(d);
    if (removed)
        *removed = n;
    if (st == G_OK && n > 0)
        st = csvout_sync_dir(dir, err);
    return st;
}

g_status csvout_remove(const char *dir, const char *name, g_error *err)
{
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return g_err(err, G_ERR_INVALID, _("Chemin d'export trop long : « %s »."), dir);
    if (unlink(path) != 0) {
        if (errno == ENOENT)
            return G_OK;
        return g_err(err, G_ERR_IO, _("Impossible d'effacer « %s » : %s."), path, strerror(errno));
    }
    return csvout_sync_dir(dir, err);
}
