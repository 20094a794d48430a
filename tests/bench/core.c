/* core.c — the benchmark's measurements at the core's level (bench_core),
 * where a Python driver's own overhead would distort microsecond figures.
 * tests/bench/run calls it and reads one JSON object per line on stdout.
 *
 *   bench_core search  DB [--runs N] [--max ROWS] [--pause-ms MS]
 *   bench_core agenda  DB --now EPOCH [--runs N]
 *   bench_core save    DB [--count N]     (writes: give it a copy)
 *   bench_core login   DB [--runs N]
 *   bench_core session DB --now EPOCH
 *   bench_core apts    DB OUT [--last N]  (calcurse's apts file)
 *   bench_core open    DB                 (migrates it to this guichet's schema)
 *
 * Times are wall-clock (CLOCK_MONOTONIC) in microseconds; the search also
 * gives each keystroke's processor time (CLOCK_THREAD_CPUTIME_ID), which a
 * busy machine's scheduler does not inflate. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_internal.h"
#include "guichet/agenda.h"
#include "guichet/auth.h"
#include "guichet/clock.h"
#include "guichet/config.h"
#include "guichet/note.h"
#include "guichet/visit.h"
#include "guichet/visitor.h"

#define BENCH_PASSWORD "banc-d-essai-2026"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static double cpu_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void die(const char *what, const g_error *err)
{
    fprintf(stderr, "bench_core: %s: %s\n", what, err ? err->msg : "");
    exit(1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* {"name": …, "n": …, "median_us": …, "p99_us": …, "max_us": …} */
static void report(const char *name, double *v, size_t n, const char *extra)
{
    if (n == 0)
        return;
    qsort(v, n, sizeof *v, cmp_double);
    size_t i99 = (size_t)((double)(n - 1) * 0.99 + 0.5);
    double med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    printf(
        "{\"name\": \"%s\", \"n\": %zu, \"median_us\": %.1f, \"p99_us\": %.1f, \"max_us\": %.1f, "
        "\"min_us\": %.1f%s%s}\n",
        name, n, med, v[i99], v[n - 1], v[0], extra ? ", " : "", extra ? extra : "");
    fflush(stdout);
}

static long rss_kb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t n = strlen(field);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':')
            v = atol(line + n + 1);
    if (f)
        fclose(f);
    return v;
}

static g_db *open_db(const char *path)
{
    g_db *db = NULL;
    g_error err = {0};
    if (db_open(path, DB_OPEN_EXISTING, &db, &err) != G_OK)
        die("db_open", &err);
    g_site site;
    if (db_site_get(db, &site, &err) == G_OK && site.timezone[0])
        clock_set_zone(site.timezone);
    return db;
}

/* ---- search as you type ----------------------------------------------------- */

/* What is typed, keystroke by keystroke: common surnames, accented first
 * names and the same without accents, upper case, an apostrophe and a
 * hyphen, two words, phone digits. */
static const char *const typed[] = {
    "dupont",  "martin",      "élise",       "elise",  "bernard", "lefèvre",
    "lefevre", "LEFÈVRE",     "MOREAU",      "moreau", "nguyen",  "le goff",
    "n'diaye", "jean pierre", "jean-pierre", "durand", "0612345", "0386",
};

/* The latencies of one kind of keystroke: wall and processor time. */
typedef struct series {
    double *wall, *cpu;
    size_t n, cap;
    double worst;
    char worst_q[64];
} series;

static void series_add(series *v, double wall, double cpu, const char *q)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 1024;
        v->wall = realloc(v->wall, v->cap * sizeof *v->wall);
        v->cpu = realloc(v->cpu, v->cap * sizeof *v->cpu);
        if (!v->wall || !v->cpu)
            die("realloc", NULL);
    }
    v->wall[v->n] = wall;
    v->cpu[v->n++] = cpu;
    if (wall > v->worst) {
        v->worst = wall;
        snprintf(v->worst_q, sizeof v->worst_q, "%s", q);
    }
}

static void series_report(const char *name, series *v, const char *more)
{
    char extra[256], cname[64];
    snprintf(extra, sizeof extra, "\"worst_query\": \"%s\"%s%s", v->worst_q, more ? ", " : "",
             more ? more : "");
    report(name, v->wall, v->n, extra);
    snprintf(cname, sizeof cname, "%s_cpu", name);
    report(cname, v->cpu, v->n, NULL);
    free(v->wall);
    free(v->cpu);
}

/* pause_ms: the time between two keystrokes. Someone typing leaves
 * 100 ms or more between keys, and the desk waits for the next one asleep;
 * a loop typing without a pause is a program that never sleeps, which a
 * busy machine's scheduler treats differently (it uses up its share and is
 * preempted mid-keystroke). */
static void bench_search(const char *path, int runs, int max, int pause_ms)
{
    g_db *db = open_db(path);
    visitor_row *rows = calloc((size_t)max, sizeof *rows);
    series all = {0}, names = {0}, phone = {0};
    g_error err = {0};
    /* what the desk does when a search screen opens (ui/visitor_pick.c),
     * before the first keystroke; timed apart */
    double w0 = now_us(), wc0 = cpu_us();
    if (visitor_search_warm(db, &err) != G_OK)
        die("visitor_search_warm", &err);
    double warm = now_us() - w0, warm_cpu = cpu_us() - wc0;
    double first = -1, first_cpu = -1;
    for (int r = 0; r < runs; r++)
        for (size_t w = 0; w < sizeof typed / sizeof *typed; w++) {
            const char *word = typed[w];
            size_t len = strlen(word);
            for (size_t k = 1; k <= len; k++) {
                if (k < len && (word[k] & 0xC0) == 0x80) /* inside a UTF-8 character */
                    continue;
                char q[64];
                snprintf(q, sizeof q, "%.*s", (int)k, word);
                int count = 0, more = 0;
                if (pause_ms > 0) {
                    struct timespec ts = {pause_ms / 1000, (long)(pause_ms % 1000) * 1000000L};
                    nanosleep(&ts, NULL);
                }
                double t0 = now_us(), c0 = cpu_us();
                if (visitor_search(db, q, rows, max, &count, &more, &err) != G_OK)
                    die("visitor_search", &err);
                double dt = now_us() - t0, dc = cpu_us() - c0;
                if (first < 0) {
                    first = dt;
                    first_cpu = dc;
                }
                series_add(&all, dt, dc, q);
                series_add(word[0] >= '0' && word[0] <= '9' ? &phone : &names, dt, dc, q);
            }
        }
    char extra[200];
    snprintf(extra, sizeof extra,
             "\"first_us\": %.1f, \"first_cpu_us\": %.1f, \"warm_us\": %.1f, \"warm_cpu_us\": "
             "%.1f, \"rows\": %d, \"pause_ms\": %d",
             first, first_cpu, warm, warm_cpu, max, pause_ms);
    series_report("search", &all, extra);
    series_report("search_names", &names, NULL);
    series_report("search_phone", &phone, NULL);
    /* each whole word, one figure each (over the runs) */
    for (size_t w = 0; w < sizeof typed / sizeof *typed; w++) {
        double v[64];
        size_t m = 0;
        for (int r = 0; r < runs && m < 64; r++) {
            int count = 0, more = 0;
            double t0 = now_us();
            visitor_search(db, typed[w], rows, max, &count, &more, &err);
            v[m++] = now_us() - t0;
        }
        char name[64];
        snprintf(name, sizeof name, "search:%s", typed[w]);
        report(name, v, m, NULL);
    }
    free(rows);
    db_close(db);
}

/* ---- agenda -------------------------------------------------------------------- */

static int64_t find_id(g_db *db, const char *sql)
{
    sqlite3_stmt *st;
    int64_t id = 0;
    if (sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            id = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return id;
}

static void bench_agenda(const char *path, int64_t now, int runs)
{
    g_db *db = open_db(path);
    clock_set(now);
    char day[11];
    agenda_day_of(now, day);
    g_error err = {0};
    int64_t res = find_id(db, "SELECT resource_id FROM appointment GROUP BY resource_id "
                              "ORDER BY count(*) DESC LIMIT 1");
    int64_t motif_agent =
        find_id(db, "SELECT id FROM motif WHERE name LIKE 'Accompagnement aux d%' LIMIT 1");
    int64_t motif_caf = find_id(db, "SELECT id FROM motif WHERE name LIKE 'Dossier CAF%' LIMIT 1");
    double *dv = malloc((size_t)runs * sizeof *dv), *wv = malloc((size_t)runs * sizeof *wv);
    double *n1 = malloc((size_t)runs * sizeof *n1), *n2 = malloc((size_t)runs * sizeof *n2);
    size_t items_day = 0, items_week = 0;
    char slot1[32] = "", slot2[32] = "";
    for (int r = 0; r < runs; r++) {
        agenda_view v;
        double t0 = now_us();
        if (agenda_day(db, day, &v, &err) != G_OK)
            die("agenda_day", &err);
        dv[r] = now_us() - t0;
        items_day = v.nitems;
        agenda_view_free(&v);
        t0 = now_us();
        if (agenda_week(db, res, day, &v, &err) != G_OK)
            die("agenda_week", &err);
        wv[r] = now_us() - t0;
        items_week = v.nitems;
        agenda_view_free(&v);
        agenda_slot s;
        t0 = now_us();
        g_status st = agenda_next_free_slot(db, motif_agent, NULL, now, &s, &err);
        n1[r] = now_us() - t0;
        if (st == G_OK)
            clock_format(s.start_at, "%Y-%m-%d %H:%M", slot1, sizeof slot1);
        t0 = now_us();
        st = agenda_next_free_slot(db, motif_caf, NULL, now, &s, &err);
        n2[r] = now_us() - t0;
        if (st == G_OK)
            clock_format(s.start_at, "%Y-%m-%d %H:%M", slot2, sizeof slot2);
    }
    char extra[160];
    snprintf(extra, sizeof extra, "\"day\": \"%s\", \"items\": %zu", day, items_day);
    report("agenda_day", dv, (size_t)runs, extra);
    snprintf(extra, sizeof extra, "\"resource\": %" PRId64 ", \"items\": %zu", res, items_week);
    report("agenda_week", wv, (size_t)runs, extra);
    snprintf(extra, sizeof extra, "\"slot\": \"%s\"", slot1);
    report("next_free_slot_agent", n1, (size_t)runs, extra);
    snprintf(extra, sizeof extra, "\"slot\": \"%s\"", slot2);
    report("next_free_slot_caf", n2, (size_t)runs, extra);
    free(dv), free(wv), free(n1), free(n2);
    db_close(db);
}

/* ---- one saved action ---------------------------------------------------------- */

/* The request a desk saves: a known visitor, two topics. */
static void save_one(g_db *db, int64_t agent, int64_t vid)
{
    g_error err = {0};
    visit_log log;
    visit_log_init(&log);
    snprintf(log.channel, sizeof log.channel, "accueil-spontane");
    snprintf(log.help_type, sizeof log.help_type, "accompagnement");
    snprintf(log.autonomy, sizeof log.autonomy, "partiellement-autonome");
    snprintf(log.outcome, sizeof log.outcome, "resolu");
    log.duration_min = 15;
    log.n_topics = 2;
    snprintf(log.topics[0].operator_code, sizeof log.topics[0].operator_code, "caf");
    snprintf(log.topics[0].family, sizeof log.topics[0].family, "social");
    snprintf(log.topics[1].operator_code, sizeof log.topics[1].operator_code, "dgfip");
    snprintf(log.topics[1].family, sizeof log.topics[1].family, "argent");
    if (visit_record(db, agent, vid, NULL, &log, NULL, &err) != G_OK)
        die("visit_record", &err);
}

/* Pages one saved request adds to the WAL: from an emptied WAL, without
 * checkpoints on this connection (restored afterwards), n requests; the
 * frames the -shm index counts after them (the -wal file's size says
 * nothing: db_vfs.c extends it ahead of its frames). */
static double wal_pages_per_save(g_db *db, const char *path, int64_t agent, int64_t vmax, int n)
{
    sqlite3 *h = db_sql(db);
    int autockpt = 1000;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, "PRAGMA wal_autocheckpoint", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            autockpt = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    if (sqlite3_wal_checkpoint_v2(h, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
        die("checkpoint", NULL);
    db_wal_state before, after;
    g_error err = {0};
    if (db_wal_inspect(path, &before, &err) != G_OK)
        die("db_wal_inspect", &err);
    sqlite3_wal_autocheckpoint(h, 0);
    for (int i = 0; i < n; i++)
        save_one(db, agent, vmax > 0 ? 1 + (i * 104729 + 17) % vmax : 0);
    if (db_wal_inspect(path, &after, &err) != G_OK)
        die("db_wal_inspect", &err);
    sqlite3_wal_autocheckpoint(h, autockpt);
    return (double)(after.frames - before.frames) / n;
}

/* n bytes written at off and flushed: the time it took, in µs. */
static double flush_us(int fd, const void *buf, size_t n, off_t off)
{
    double t0 = now_us();
    if (pwrite(fd, buf, n, off) != (ssize_t)n || fdatasync(fd) != 0)
        die("pwrite/fdatasync", NULL);
    return now_us() - t0;
}

static void bench_save(const char *path, int count)
{
    g_db *db = open_db(path);
    int64_t agent = find_id(db, "SELECT id FROM app_user WHERE login = 'accueil1'");
    int64_t vmax = find_id(db, "SELECT max(id) FROM visitor");
    /* as at a desk: some idle seconds after login before the first save
     * (the screens call db_idle), and the visitor picked on a search screen,
     * whose opening fills the page cache (visitor_search_warm) */
    g_error ierr = {0};
    if (db_idle(db, &ierr) != G_OK)
        die("db_idle", &ierr);
    if (visitor_search_warm(db, &ierr) != G_OK)
        die("visitor_search_warm", &ierr);
    /* how far that one idle moment extended the -wal ahead of the saves
     * (bounded by 50 ms: an old disk gets there over a few) */
    char raw[4096];
    snprintf(raw, sizeof raw, "%s-wal", path);
    struct stat wst;
    long long wal_ahead = stat(raw, &wst) == 0 ? (long long)wst.st_size : -1;
    snprintf(raw, sizeof raw, "%s.fsync-probe", path);
    int fd = open(raw, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        die("open probe", NULL);
    unsigned char block[4096];
    memset(block, 'g', sizeof block);
    double *sv = malloc((size_t)count * sizeof *sv), *fv = malloc((size_t)count * sizeof *fv);
    double *cv = malloc((size_t)count * sizeof *cv);
    for (int i = 0; i < count; i++) {
        int64_t vid = vmax > 0 ? 1 + (i * 7919) % vmax : 0;
        double t0 = now_us(), c0 = cpu_us();
        save_one(db, agent, vid);
        sv[i] = now_us() - t0;
        cv[i] = cpu_us() - c0;
        /* interleaved, so that both see the same disk at the same moment */
        fv[i] = flush_us(fd, block, sizeof block, (off_t)(i % 256) * 4096);
    }
    int npages = count < 200 ? count : 200;
    double pages = wal_pages_per_save(db, path, agent, vmax, npages);
    /* The flush floor of a save: the bytes of one commit's frames (its
     * pages, each with the WAL's 24-byte frame header; the base's own page
     * size) written in one pwrite and flushed, interleaved with the 4 KiB
     * probe: what the disk asks of a commit of that size before SQLite
     * spends any processor time on it. Its ratio to the probe is the part
     * of the target that the format leaves to the rest
     * (docs/performance.md). */
    int64_t page = find_id(db, "PRAGMA page_size");
    size_t commit = (size_t)(pages + 0.5) * (size_t)((page > 0 ? page : 4096) + 24);
    unsigned char *frames = commit ? malloc(commit) : NULL;
    double *kv = malloc((size_t)count * sizeof *kv), *pv = malloc((size_t)count * sizeof *pv);
    if (frames && kv && pv) {
        memset(frames, 'g', commit);
        for (int i = 0; i < count; i++) {
            kv[i] = flush_us(fd, frames, commit, (off_t)(i % 16) * 65536);
            pv[i] = flush_us(fd, block, sizeof block, (off_t)(i % 256) * 4096);
        }
    }
    close(fd);
    unlink(raw);
    char extra[160];
    snprintf(extra, sizeof extra,
             "\"wal_pages_per_save\": %.2f, \"pages_saves\": %d, \"wal_bytes_after_idle\": %lld",
             pages, npages, wal_ahead);
    report("save_request", sv, (size_t)count, extra);
    report("pwrite_fdatasync", fv, (size_t)count, NULL);
    if (frames && kv && pv) {
        snprintf(extra, sizeof extra, "\"bytes\": %zu", commit);
        report("pwrite_fdatasync_commit", kv, (size_t)count, extra);
        report("pwrite_fdatasync_beside_commit", pv, (size_t)count, NULL);
    }
    free(frames), free(kv), free(pv);
    /* the processor time of each save (this thread's, system calls
     * included): what a busy machine's scheduler does not inflate */
    report("save_request_cpu", cv, (size_t)count, NULL);
    free(sv), free(fv), free(cv);
    db_close(db);
}

/* ---- login: Argon2id apart ----------------------------------------------------- */

/* The core's calls to Argon2id land here (this executable's definitions
 * win over libsodium's for the statically linked core) and are timed, so
 * that a login is split exactly into Argon2id and the rest, in the same
 * process and the same run, whatever the machine's noise. */
static double argon_us;
static int argon_calls;

int crypto_pwhash(unsigned char *const out, unsigned long long outlen, const char *const passwd,
                  unsigned long long passwdlen, const unsigned char *const salt,
                  unsigned long long opslimit, size_t memlimit, int alg)
{
    static int (*real)(unsigned char *const, unsigned long long, const char *const,
                       unsigned long long, const unsigned char *const, unsigned long long, size_t,
                       int);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "crypto_pwhash");
    double t0 = now_us();
    int rc = real(out, outlen, passwd, passwdlen, salt, opslimit, memlimit, alg);
    argon_us += now_us() - t0;
    argon_calls++;
    return rc;
}

int crypto_pwhash_str_verify(const char str[crypto_pwhash_STRBYTES], const char *const passwd,
                             unsigned long long passwdlen)
{
    static int (*real)(const char *, const char *const, unsigned long long);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "crypto_pwhash_str_verify");
    double t0 = now_us();
    int rc = real(str, passwd, passwdlen);
    argon_us += now_us() - t0;
    argon_calls++;
    return rc;
}

static void bench_login(const char *path, int runs)
{
    g_db *db = open_db(path);
    g_config cfg;
    config_defaults(&cfg);
    g_error err = {0};
    double *lv = malloc((size_t)runs * sizeof *lv), *av = malloc((size_t)runs * sizeof *av);
    double *dv = malloc((size_t)runs * sizeof *dv);
    int calls = 0;
    /* an account from before migration 018 is re-sealed at its first login
     * (three Argon2id runs, once): that login is not one of the runs */
    g_session *first = NULL;
    if (auth_login(db, &cfg, "accueil1", BENCH_PASSWORD, &first, &err) != G_OK)
        die("auth_login", &err);
    auth_session_free(first);
    for (int r = 0; r < runs; r++) {
        g_session *s = NULL;
        argon_us = 0;
        argon_calls = 0;
        double t0 = now_us();
        if (auth_login(db, &cfg, "accueil1", BENCH_PASSWORD, &s, &err) != G_OK)
            die("auth_login", &err);
        lv[r] = now_us() - t0;
        av[r] = argon_us;
        dv[r] = lv[r] - argon_us;
        calls = argon_calls > calls ? argon_calls : calls;
        auth_session_free(s);
    }
    char extra[160];
    snprintf(extra, sizeof extra,
             "\"memlimit_bytes\": %zu, \"opslimit\": %llu, \"argon2id_calls\": %d",
             auth_pwhash_memlimit(), auth_pwhash_opslimit(), calls);
    report("auth_login", lv, (size_t)runs, extra);
    report("argon2id_in_login", av, (size_t)runs, extra);
    report("auth_login_without_argon2id", dv, (size_t)runs, NULL);
    free(lv), free(av), free(dv);
    db_close(db);
}

/* ---- a session's memory, core only -------------------------------------------------- */

static void bench_session(const char *path, int64_t now)
{
    clock_set(now);
    long start = rss_kb("VmRSS");
    g_db *db = open_db(path);
    long opened = rss_kb("VmRSS");
    g_config cfg;
    config_defaults(&cfg);
    g_error err = {0};
    g_session *s = NULL;
    if (auth_login(db, &cfg, "conseiller1", BENCH_PASSWORD, &s, &err) != G_OK)
        die("auth_login", &err);
    long login_rss = rss_kb("VmRSS"), login_hwm = rss_kb("VmHWM");
    visitor_row rows[20];
    int count = 0, more = 0;
    const char *q[] = {"d", "du", "dup", "dupo", "dupon", "dupont"};
    for (size_t i = 0; i < sizeof q / sizeof *q; i++)
        visitor_search(db, q[i], rows, 20, &count, &more, &err);
    char day[11];
    agenda_day_of(now, day);
    agenda_view v;
    if (agenda_day(db, day, &v, &err) == G_OK)
        agenda_view_free(&v);
    if (count > 0) {
        visitor f;
        visitor_request *h = NULL;
        size_t nh = 0;
        visitor_get(db, rows[0].id, &f, &err);
        if (visitor_history(db, rows[0].id, &h, &nh, &err) == G_OK)
            free(h);
        note_list_result *nl = NULL;
        if (note_list(db, s, rows[0].id, &nl, &err) == G_OK)
            note_list_free(nl);
    }
    long end_rss = rss_kb("VmRSS"), end_hwm = rss_kb("VmHWM");
    printf("{\"name\": \"session_core\", \"start_kb\": %ld, \"opened_kb\": %ld, \"login_rss_kb\": "
           "%ld, \"login_hwm_kb\": %ld, \"end_rss_kb\": %ld, \"end_hwm_kb\": %ld, "
           "\"argon2id_kb\": %zu}\n",
           start, opened, login_rss, login_hwm, end_rss, end_hwm, auth_pwhash_memlimit() / 1024);
    auth_session_free(s);
    db_close(db);
}

/* ---- calcurse's apts file ------------------------------------------------------------- */

/* Every appointment (or the last N before --until) as calcurse stores one:
 *   MM/DD/YYYY @ HH:MM -> MM/DD/YYYY @ HH:MM |message
 * in local time, sorted as calcurse's apoint_cmp orders its list (start,
 * then message by strcmp), the order io_save_apts writes back. */
static void bench_apts(const char *path, const char *out, long last)
{
    g_db *db = open_db(path);
    sqlite3_stmt *st;
    const char *sql =
        "SELECT start_at, end_at, m.name || ' — ' || r.name || COALESCE(' — ' || v.last_name || ' "
        "' || v.first_names, '') AS mesg FROM (SELECT * FROM appointment ORDER BY start_at DESC "
        "LIMIT ?1) a JOIN motif m ON m.id = a.motif_id JOIN resource r ON r.id = a.resource_id "
        "LEFT JOIN visitor v ON v.id = a.visitor_id ORDER BY start_at, mesg";
    if (sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) != SQLITE_OK)
        die(sqlite3_errmsg(db_sql(db)), NULL);
    sqlite3_bind_int64(st, 1, last > 0 ? last : -1);
    FILE *f = fopen(out, "w");
    if (!f)
        die("fopen", NULL);
    long n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char a[32], b[32];
        clock_format(sqlite3_column_int64(st, 0), "%m/%d/%Y @ %H:%M", a, sizeof a);
        clock_format(sqlite3_column_int64(st, 1), "%m/%d/%Y @ %H:%M", b, sizeof b);
        fprintf(f, "%s -> %s |%s\n", a, b, (const char *)sqlite3_column_text(st, 2));
        n++;
    }
    sqlite3_finalize(st);
    fclose(f);
    printf("{\"name\": \"apts\", \"rows\": %ld, \"file\": \"%s\"}\n", n, out);
    db_close(db);
}

static long opt_long(int argc, char **argv, const char *name, long def)
{
    for (int i = 0; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return atol(argv[i + 1]);
    return def;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage : bench_core search|agenda|save|login|session|apts|open BASE …\n");
        return 2;
    }
    if (sodium_init() < 0)
        die("sodium_init", NULL);
    const char *cmd = argv[1], *db = argv[2];
    if (strcmp(cmd, "search") == 0)
        bench_search(db, (int)opt_long(argc, argv, "--runs", 5),
                     (int)opt_long(argc, argv, "--max", 20),
                     (int)opt_long(argc, argv, "--pause-ms", 0));
    else if (strcmp(cmd, "agenda") == 0)
        bench_agenda(db, opt_long(argc, argv, "--now", 0), (int)opt_long(argc, argv, "--runs", 20));
    else if (strcmp(cmd, "save") == 0)
        bench_save(db, (int)opt_long(argc, argv, "--count", 1000));
    else if (strcmp(cmd, "login") == 0)
        bench_login(db, (int)opt_long(argc, argv, "--runs", 5));
    else if (strcmp(cmd, "session") == 0)
        bench_session(db, opt_long(argc, argv, "--now", 0));
    else if (strcmp(cmd, "open") == 0) {
        /* migrates a base made by an older guichet (before any measure) */
        g_db *d = open_db(db);
        printf("{\"name\": \"open\", \"schema\": %d}\n", db_schema_version(d));
        db_close(d);
    } else if (strcmp(cmd, "apts") == 0 && argc >= 4)
        bench_apts(db, argv[3], opt_long(argc, argv, "--last", 0));
    else {
        fprintf(stderr, "bench_core: commande inconnue « %s »\n", cmd);
        return 2;
    }
    return 0;
}
