/* testutil.c — see testutil.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "testutil.h"

static char dir[256];

const char *tu_tmpdir(void)
{
    if (!dir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/guichet-test-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            abort();
        }
    }
    return dir;
}

const char *tu_path(const char *name)
{
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof bufs[0], "%s/%s", tu_tmpdir(), name);
    return b;
}

g_db *tu_db_new(void)
{
    static int n;
    char name[64];
    snprintf(name, sizeof name, "test-%d.db", ++n);
    g_db *db = NULL;
    g_error err = {0};
    if (db_open(tu_path(name), DB_OPEN_CREATE, &db, &err) != G_OK) {
        fprintf(stderr, "tu_db_new: %s\n", err.msg);
        abort();
    }
    if (db_exec(db,
                "INSERT INTO site (id, matricule, name, commune, timezone, pseudonym_key, "
                "created_at) VALUES (1, 'FS-TEST-0001', 'Site de test', '58001', 'Europe/Paris', "
                "randomblob(32), 0)",
                &err) != G_OK) {
        fprintf(stderr, "tu_db_new: %s\n", err.msg);
        abort();
    }
    return db;
}

void tu_config(g_config *cfg)
{
    config_defaults(cfg);
    cfg->security.min_password_length = 12;
}

void tu_cleanup(void)
{
    if (dir[0]) {
        tu_sh("rm -rf '%s'", dir);
        dir[0] = 0;
    }
}

void tu_clock(const char *iso)
{
    int y, mo, d, h, mi, s;
    if (sscanf(iso, "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &h, &mi, &s) != 6)
        abort();
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = mo - 1,
                    .tm_mday = d,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_sec = s};
    clock_set((int64_t)timegm(&tm));
}

int tu_sh(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static char fail_needle[256];
static int fail_from, fail_runs; /* fail the fail_from-th run of the needle and later ones */
#define DOOMED_MAX 16
static sqlite3_stmt *doomed[DOOMED_MAX]; /* statements whose current run must fail */
static int ndoomed;

/* SQLite tells each statement's start (SQLITE_TRACE_STMT): count the runs
 * of the statement to fail, and doom it from the chosen run on. */
static int fail_trace(unsigned type, void *ctx, void *p, void *x)
{
    (void)ctx;
    sqlite3_stmt *st = p;
    const char *text = x;
    if (type != SQLITE_TRACE_STMT || (text && text[0] == '-' && text[1] == '-'))
        return 0; /* not a start (a trigger's subprogram) */
    const char *sql = sqlite3_sql(st);
    if (!sql || !strstr(sql, fail_needle) || ++fail_runs < fail_from)
        return 0;
    for (int i = 0; i < ndoomed; i++)
        if (doomed[i] == st)
            return 0;
    if (ndoomed < DOOMED_MAX)
        doomed[ndoomed++] = st;
    return 0;
}

/* Called by SQLite every virtual-machine instruction: interrupts a doomed
 * statement while it runs. */
static int fail_progress(void *arg)
{
    sqlite3 *sql = arg;
    /* (FTS5 reads its index through blob handles, whose statements have no
     * SQL text: sqlite3_sql gives NULL) */
    for (sqlite3_stmt *st = sqlite3_next_stmt(sql, NULL); st; st = sqlite3_next_stmt(sql, st)) {
        const char *text = sqlite3_sql(st);
        if (!sqlite3_stmt_busy(st) || !text || !strstr(text, fail_needle))
            continue; /* (a finalized doomed statement's address may be reused) */
        for (int i = 0; i < ndoomed; i++)
            if (doomed[i] == st)
                return 1;
    }
    return 0;
}

void tu_fail_sql_from(g_db *db, const char *needle, int nth)
{
    ndoomed = 0;
    fail_runs = 0;
    if (!needle) {
        sqlite3_progress_handler(db_sql(db), 0, NULL, NULL);
        sqlite3_trace_v2(db_sql(db), 0, NULL, NULL);
        fail_needle[0] = 0;
        return;
    }
    snprintf(fail_needle, sizeof fail_needle, "%s", needle);
    fail_from = nth < 1 ? 1 : nth;
    sqlite3_trace_v2(db_sql(db), SQLITE_TRACE_STMT, fail_trace, NULL);
    sqlite3_progress_handler(db_sql(db), 1, fail_progress, db_sql(db));
}

void tu_fail_sql(g_db *db, const char *needle)
{
    tu_fail_sql_from(db, needle, 1);
}

struct sqlite3 *tu_second_connection(g_db *db)
{
    sqlite3 *other = NULL;
    if (sqlite3_open_v2(db_path(db), &other, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        fprintf(stderr, "tu_second_connection: %s\n", other ? sqlite3_errmsg(other) : "?");
        abort();
    }
    sqlite3_busy_timeout(other, 0);
    return other;
}

void tu_journal_down(g_db *db, int down)
{
    sqlite3 *other = tu_second_connection(db);
    const char *sql = down ? "CREATE TRIGGER tu_audit_down BEFORE INSERT ON audit BEGIN SELECT "
                             "RAISE(ABORT, 'journal indisponible'); END"
                           : "DROP TRIGGER tu_audit_down";
    if (sqlite3_exec(other, sql, NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "tu_journal_down: %s\n", sqlite3_errmsg(other));
        abort();
    }
    sqlite3_close(other);
}

int tu_pages_fetched(g_db *db)
{
    int hit = 0, miss = 0, hi = 0;
    sqlite3_db_status(db_sql(db), SQLITE_DBSTATUS_CACHE_HIT, &hit, &hi, 1);
    sqlite3_db_status(db_sql(db), SQLITE_DBSTATUS_CACHE_MISS, &miss, &hi, 1);
    return hit + miss;
}
