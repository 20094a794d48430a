/* test_db.c — opening, pragmas, migrations, refusal of foreign and newer files. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db_internal.h"
#include "guichet/audit.h"
#include "testutil.h"

static int file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static void test_new_database_has_guichet_pragmas(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), "PRAGMA application_id", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), GUICHET_APPLICATION_ID);
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), "PRAGMA journal_mode", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), "PRAGMA foreign_keys", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    assert_int_equal(db_schema_version(db), db_schema_latest());
    assert_true(db_schema_latest() >= 1);
    db_close(db);
}

static void test_missing_file_without_create_is_not_found(void **state)
{
    (void)state;
    g_db *db = NULL;
    g_error err = {0};
    assert_int_equal(db_open(tu_path("absent.db"), DB_OPEN_EXISTING, &db, &err), G_ERR_NOTFOUND);
    assert_null(db);
    assert_non_null(strstr(err.msg, "guichet init"));
    assert_false(file_exists(tu_path("absent.db")));
}

static void test_text_file_is_refused_untouched(void **state)
{
    (void)state;
    const char *p = tu_path("notes.txt");
    FILE *f = fopen(p, "w");
    fputs("ceci n'est pas une base\n", f);
    fclose(f);
    g_db *db = NULL;
    g_error err = {0};
    assert_int_equal(db_open(p, DB_OPEN_CREATE, &db, &err), G_ERR_FOREIGN);
    assert_non_null(strstr(err.msg, "n'est pas une base"));
    assert_int_equal(tu_sh("grep -qx \"ceci n'est pas une base\" '%s'", p), 0);
    assert_false(file_exists(tu_path("notes.txt-wal")));
}

static void test_other_sqlite_file_is_refused_untouched(void **state)
{
    (void)state;
    const char *p = tu_path("other.sqlite");
    assert_int_equal(tu_sh("sqlite3 '%s' 'CREATE TABLE t(x); INSERT INTO t VALUES (1)'", p), 0);
    assert_int_equal(tu_sh("sha256sum '%s' > '%s.sum'", p, p), 0);
    g_db *db = NULL;
    g_error err = {0};
    assert_int_equal(db_open(p, DB_OPEN_EXISTING, &db, &err), G_ERR_FOREIGN);
    assert_non_null(strstr(err.msg, "autre logiciel"));
    assert_int_equal(tu_sh("sha256sum -c --quiet '%s.sum'", p), 0);
    assert_false(file_exists(tu_path("other.sqlite-wal")));
    assert_false(file_exists(tu_path("other.sqlite-shm")));
}

static void test_newer_schema_is_refused_untouched(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    char path[512];
    snprintf(path, sizeof path, "%s", db_path(db));
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", db_schema_latest() + 1);
    assert_int_equal(db_exec(db, sql, NULL), G_OK);
    db_close(db);
    assert_int_equal(tu_sh("sha256sum '%s' > '%s.sum'", path, path), 0);
    g_error err = {0};
    assert_int_equal(db_open(path, DB_OPEN_EXISTING, &db, &err), G_ERR_NEWER);
    assert_null(db);
    assert_non_null(strstr(err.msg, "plus récente"));
    assert_int_equal(tu_sh("sha256sum -c --quiet '%s.sum'", path), 0);
}

static void test_reopen_keeps_data_and_version(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    char path[512];
    snprintf(path, sizeof path, "%s", db_path(db));
    db_close(db);
    g_error err = {0};
    assert_int_equal(db_open(path, DB_OPEN_EXISTING, &db, &err), G_OK);
    g_site site;
    assert_int_equal(db_site_get(db, &site, &err), G_OK);
    assert_string_equal(site.matricule, "FS-TEST-0001");
    assert_int_equal(db_schema_version(db), db_schema_latest());
    db_close(db);
}

static void test_nested_transactions_commit_once(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    g_error err = {0};
    assert_int_equal(db_begin(db, &err), G_OK);
    assert_int_equal(db_begin(db, &err), G_OK);
    assert_int_equal(db_exec(db, "UPDATE site SET name = 'Renommé'", &err), G_OK);
    assert_int_equal(db_commit(db, &err), G_OK);
    db_rollback(db);
    g_site site;
    assert_int_equal(db_site_get(db, &site, &err), G_OK);
    assert_string_equal(site.name, "Site de test");
    /* a commit after the rollback says nothing was saved */
    assert_int_equal(db_commit(db, &err), G_ERR_DB);
    db_close(db);
}

static void test_second_writer_waits_then_reports_busy(void **state)
{
    (void)state;
    g_db *a = tu_db_new();
    g_db *b = NULL;
    g_error err = {0};
    assert_int_equal(db_open(db_path(a), DB_OPEN_EXISTING, &b, &err), G_OK);
    sqlite3_busy_timeout(db_sql(b), 50); /* keep the test short */
    assert_int_equal(db_begin(a, &err), G_OK);
    assert_int_equal(db_begin(b, &err), G_ERR_BUSY);
    assert_non_null(strstr(err.msg, "occupée"));
    db_rollback(a);
    db_close(b);
    db_close(a);
}

/* The -wal's state as the -shm index shows it. */
static db_wal_state wal_of(g_db *db)
{
    db_wal_state w;
    g_error err = {0};
    assert_int_equal(db_wal_inspect(db_path(db), &w, &err), G_OK);
    return w;
}

/* A save of ~10 pages: a journal entry with a long detail. */
static void save_something(g_db *db, char *big)
{
    g_error err = {0};
    assert_int_equal(audit_log(db, 0, "test", "", big, &err), G_OK);
}

static void test_commits_do_not_checkpoint_until_idle(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    static char big[40000];
    memset(big, 'x', sizeof big - 1);
    /* past SQLite's automatic checkpoint (1000 pages), under guichet's bound */
    unsigned last = 0;
    for (int i = 0; i < 150; i++) {
        save_something(db, big);
        db_wal_state w = wal_of(db);
        assert_int_equal(w.copied, 0); /* no checkpoint inside a commit */
        assert_true(w.frames > last);  /* the -wal only grows */
        last = w.frames;
    }
    assert_true(last * (24 + 4096) > 4 * 1024 * 1024); /* past the idle threshold */
    g_error err = {0};
    assert_int_equal(db_idle(db, &err), G_OK);
    db_wal_state w = wal_of(db);
    assert_int_equal(w.frames, last);
    assert_int_equal(w.copied, last); /* all of it is in the base file now */
    db_close(db);
}

/* A few saves then an idle desk: the -wal keeps them (a checkpoint now
 * would follow each save with its own flush); db_close copies them. */
static void test_idle_leaves_a_small_wal(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    static char big[40000];
    memset(big, 'x', sizeof big - 1);
    for (int i = 0; i < 5; i++)
        save_something(db, big);
    g_error err = {0};
    assert_int_equal(db_idle(db, &err), G_OK);
    db_wal_state w = wal_of(db);
    assert_true(w.frames > 0);
    assert_int_equal(w.copied, 0);
    assert_int_equal(db_checkpoint(db, &err), G_OK);
    w = wal_of(db);
    assert_int_equal(w.copied, w.frames);
    db_close(db);
}

static void test_wal_stays_bounded(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    db_wal_bound_set(db, 200);
    static char big[40000];
    memset(big, 'x', sizeof big - 1);
    unsigned most = 0, checkpoints = 0, prev_copied = 0;
    for (int i = 0; i < 120; i++) {
        save_something(db, big);
        db_wal_state w = wal_of(db);
        if (w.frames > most)
            most = w.frames;
        if (w.copied > prev_copied)
            checkpoints++;
        prev_copied = w.copied;
    }
    assert_true(checkpoints >= 3);
    assert_true(most < 200 + 40); /* the bound plus one save's pages */
    db_close(db);
}

static int64_t count_of(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* PRAGMA integrity_check on h says "ok". */
static void assert_integrity_ok(sqlite3 *h)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
}

/* guichet's connections write the -wal through db_vfs.c, which gathers the
 * writes of a commit into one: each commit is at once in the file for
 * another connection (SQLite's plain layer, as another program or desk),
 * and both see what the other writes. */
static void test_wal_writes_gathered_are_seen_by_others(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    sqlite3_vfs *vfs = NULL;
    assert_int_equal(sqlite3_file_control(db_sql(db), "main", SQLITE_FCNTL_VFS_POINTER, &vfs),
                     SQLITE_OK);
    assert_non_null(vfs);
    assert_string_equal(vfs->zName, DB_VFS_NAME);
    sqlite3 *other = NULL;
    assert_int_equal(sqlite3_open_v2(db_path(db), &other, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(other, 5000);
    g_error err = {0};
    assert_int_equal(db_exec(db, "CREATE TABLE t (x)", &err), G_OK);
    static char big[20000];
    memset(big, 'x', sizeof big - 1);
    for (int i = 1; i <= 30; i++) {
        save_something(db, big); /* several pages: several frames gathered */
        assert_int_equal(db_exec(db, "INSERT INTO t VALUES (randomblob(5000))", &err), G_OK);
        assert_int_equal(count_of(other, "SELECT count(*) FROM t"), i);
        assert_int_equal(
            sqlite3_exec(other, "INSERT INTO t VALUES (randomblob(3000))", NULL, NULL, NULL),
            SQLITE_OK);
        assert_int_equal(count_of(db_sql(db), "SELECT count(*) FROM t"), i + 1);
        assert_int_equal(
            db_exec(db, "DELETE FROM t WHERE rowid = (SELECT max(rowid) FROM t)", &err), G_OK);
    }
    assert_int_equal(count_of(other, "SELECT count(*) FROM t"), 30);
    /* a transaction bigger than the page cache spills frames into the -wal
     * before its commit and reads them back: rolled back, then committed */
    assert_int_equal(db_exec(db, "PRAGMA cache_size = 5", &err), G_OK);
    for (int commit = 0; commit < 2; commit++) {
        assert_int_equal(db_begin(db, &err), G_OK);
        assert_int_equal(
            db_exec(db,
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                    "WHERE i < 400) INSERT INTO t SELECT hex(zeroblob(1500)) || i FROM n",
                    &err),
            G_OK);
        assert_int_equal(count_of(db_sql(db), "SELECT count(*) FROM t WHERE typeof(x) = 'text'"),
                         400);
        assert_int_equal(count_of(db_sql(db), "SELECT sum(CAST(substr(x, 3001) AS INTEGER)) "
                                              "FROM t WHERE typeof(x) = 'text'"),
                         400 * 401 / 2);
        if (commit)
            assert_int_equal(db_commit(db, &err), G_OK);
        else
            db_rollback(db);
        assert_int_equal(count_of(other, "SELECT count(*) FROM t"), 30 + 400 * commit);
        assert_int_equal(count_of(db_sql(db), "SELECT count(*) FROM t"), 30 + 400 * commit);
    }
    assert_integrity_ok(other);
    sqlite3_close(other);
    db_close(db);
}

/* A child process with its own connection to a new base holding the table
 * of create (*path: the base's file): returns 0 in the child, with *c open
 * and fds[1] to acknowledge each commit; the child's pid in the parent,
 * which reads the acknowledgements on fds[0] (writer_kill). */
static pid_t writer_start(const char *create, char path[512], int fds[2], g_db **c)
{
    g_db *db = tu_db_new();
    snprintf(path, 512, "%s", db_path(db));
    g_error err = {0};
    assert_int_equal(db_exec(db, create, &err), G_OK);
    db_close(db);
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        g_error cerr = {0};
        if (db_open(path, DB_OPEN_EXISTING, c, &cerr) != G_OK)
            _exit(2);
        return 0;
    }
    close(fds[1]);
    return pid;
}

/* Waits for want acknowledgements, then SIGKILLs the child: the number
 * acknowledged. */
static int writer_kill(pid_t pid, int fds[2], int want)
{
    int acked = 0;
    unsigned char b;
    while (acked < want && read(fds[0], &b, 1) == 1)
        acked++;
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    close(fds[0]);
    assert_true(WIFSIGNALED(status));
    return acked;
}

/* Nothing of an acknowledged commit stays gathered in memory: a process
 * killed right after its commits returned (no close, no checkpoint) lost
 * none of them. */
static void test_acknowledged_commits_survive_a_kill(void **state)
{
    (void)state;
    char path[512];
    int fds[2];
    g_db *c = NULL;
    pid_t pid = writer_start("CREATE TABLE t (x)", path, fds, &c);
    if (pid == 0) {
        g_error cerr = {0};
        for (int i = 0; i < 50; i++) {
            if (db_exec(c, "INSERT INTO t VALUES (randomblob(6000))", &cerr) != G_OK)
                _exit(3);
            unsigned char one = 1;
            if (write(fds[1], &one, 1) != 1)
                _exit(4);
        }
        pause(); /* killed here, its base still open */
        _exit(0);
    }
    assert_int_equal(writer_kill(pid, fds, 50), 50);
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(count_of(h, "SELECT count(*) FROM t"), 50);
    sqlite3_close(h);
}

/* db_vfs.c extends the -wal ahead of its frames with zeros, so that most
 * commits overwrite allocated bytes. A process killed with such a -wal
 * (frames of the current cycle, then frames of an older cycle left behind
 * a checkpoint's restart, then the frames of a transaction rolled back,
 * then zeros) comes back with every acknowledged commit and nothing more. */
static void test_extended_wal_reopens_with_its_commits_only(void **state)
{
    (void)state;
    char path[512];
    int fds[2];
    g_db *c = NULL;
    pid_t pid = writer_start("CREATE TABLE t (x, big)", path, fds, &c);
    if (pid == 0) {
        g_error cerr = {0};
        unsigned char one = 1;
        /* ~2.5 MiB of frames: the -wal extended ahead of them */
        for (int i = 0; i < 200; i++) {
            if (db_exec(c, "INSERT INTO t VALUES ('a', randomblob(9000))", &cerr) != G_OK)
                _exit(3);
            if (write(fds[1], &one, 1) != 1)
                _exit(4);
        }
        /* everything copied: the next commit restarts the -wal at its start */
        if (db_checkpoint(c, &cerr) != G_OK)
            _exit(5);
        for (int i = 0; i < 20; i++) {
            if (db_exec(c, "INSERT INTO t VALUES ('b', randomblob(100))", &cerr) != G_OK)
                _exit(6);
            if (write(fds[1], &one, 1) != 1)
                _exit(7);
        }
        /* frames written, then rolled back: past the last commit */
        if (db_exec(c, "PRAGMA cache_size = 5", &cerr) != G_OK || db_begin(c, &cerr) != G_OK ||
            db_exec(c,
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                    "WHERE i < 300) INSERT INTO t SELECT 'r', randomblob(3000) FROM n",
                    &cerr) != G_OK)
            _exit(8);
        db_rollback(c);
        for (int i = 0; i < 5; i++) {
            if (db_exec(c, "INSERT INTO t VALUES ('c', 1)", &cerr) != G_OK)
                _exit(9);
            if (write(fds[1], &one, 1) != 1)
                _exit(10);
        }
        pause(); /* killed here, its base still open */
        _exit(0);
    }
    assert_int_equal(writer_kill(pid, fds, 225), 225);
    g_error err = {0};
    /* the -wal holds more than its frames: zeros up to a whole extension */
    db_wal_state w;
    assert_int_equal(db_wal_inspect(path, &w, &err), G_OK);
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", path);
    struct stat st;
    assert_int_equal(stat(wal, &st), 0);
    assert_true(w.frames > 0);
    assert_true((uint64_t)st.st_size > 32 + (uint64_t)w.frames * (24 + 4096));
    assert_int_equal(st.st_size % DB_WAL_EXTEND_BYTES, 0);
    /* SQLite's plain layer, then guichet, find exactly what was acknowledged */
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(count_of(h, "SELECT count(*) FROM t WHERE x = 'a'"), 200);
    assert_int_equal(count_of(h, "SELECT count(*) FROM t WHERE x = 'b'"), 20);
    assert_int_equal(count_of(h, "SELECT count(*) FROM t WHERE x = 'c'"), 5);
    assert_int_equal(count_of(h, "SELECT count(*) FROM t"), 225);
    assert_integrity_ok(h);
    sqlite3_close(h);
    g_db *again = NULL;
    assert_int_equal(db_open(path, DB_OPEN_EXISTING, &again, &err), G_OK);
    assert_int_equal(count_of(db_sql(again), "SELECT count(*) FROM t"), 225);
    assert_int_equal(db_exec(again, "INSERT INTO t VALUES ('d', 2)", &err), G_OK);
    db_close(again);
    assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(count_of(h, "SELECT count(*) FROM t"), 226);
    sqlite3_close(h);
}

/* The -wal file's size in bytes, -1 when there is none. */
static int64_t wal_bytes(const char *path)
{
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", path);
    struct stat st;
    return stat(wal, &st) == 0 ? (int64_t)st.st_size : -1;
}

/* db_idle until the -wal has its whole size, or a call makes no progress:
 * each call extends it by one step at least, and goes on while it has
 * time (db.c). */
static void idle_until_whole(g_db *db)
{
    const int64_t whole = DB_WAL_BOUND_BYTES + DB_WAL_EXTEND_BYTES;
    g_error err = {0};
    int64_t size = wal_bytes(db_path(db)), before;
    do {
        before = size;
        assert_int_equal(db_idle(db, &err), G_OK);
        size = wal_bytes(db_path(db));
    } while (size < whole && size > before);
}

/* An idle desk extends the -wal to its whole size, so that no save pays
 * for an extension; while another desk holds the write lock, the extension
 * waits for the next idle moment. */
static void test_idle_extends_the_wal_ahead(void **state)
{
    (void)state;
    const int64_t whole = DB_WAL_BOUND_BYTES + DB_WAL_EXTEND_BYTES;
    g_db *db = tu_db_new();
    g_error err = {0};
    assert_int_equal(db_exec(db, "CREATE TABLE t (x)", &err), G_OK);
    assert_true(wal_bytes(db_path(db)) <= DB_WAL_EXTEND_BYTES);
    sqlite3 *other = NULL;
    assert_int_equal(sqlite3_open_v2(db_path(db), &other, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(other, "BEGIN IMMEDIATE; INSERT INTO t VALUES (1)", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_equal(db_idle(db, &err), G_OK);
    assert_true(wal_bytes(db_path(db)) <= DB_WAL_EXTEND_BYTES);
    assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    idle_until_whole(db);
    assert_int_equal(wal_bytes(db_path(db)), whole);
    /* the saves after it overwrite the zeros; both connections see them */
    for (int i = 0; i < 20; i++)
        assert_int_equal(db_exec(db, "INSERT INTO t VALUES (randomblob(5000))", &err), G_OK);
    assert_int_equal(sqlite3_exec(other, "INSERT INTO t VALUES (2)", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(wal_bytes(db_path(db)), whole);
    assert_int_equal(count_of(other, "SELECT count(*) FROM t"), 22);
    assert_int_equal(count_of(db_sql(db), "SELECT count(*) FROM t"), 22);
    /* an emptied -wal (a TRUNCATE checkpoint): its header too is zeros
     * until the next save writes it */
    assert_int_equal(sqlite3_wal_checkpoint_v2(other, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(wal_bytes(db_path(db)), 0);
    idle_until_whole(db);
    assert_int_equal(wal_bytes(db_path(db)), whole);
    assert_int_equal(db_exec(db, "INSERT INTO t VALUES (3)", &err), G_OK);
    assert_int_equal(count_of(other, "SELECT count(*) FROM t"), 23);
    sqlite3_close(other);
    char path[512];
    snprintf(path, sizeof path, "%s", db_path(db));
    db_close(db);
    assert_int_equal(sqlite3_open_v2(path, &other, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(count_of(other, "SELECT count(*) FROM t"), 23);
    sqlite3_close(other);
}

/* A process killed after saves on a -wal extended ahead at an idle moment
 * comes back with every acknowledged save, and the file is sound. */
static void test_wal_extended_at_idle_keeps_acknowledged_saves(void **state)
{
    (void)state;
    char path[512];
    int fds[2];
    g_db *c = NULL;
    pid_t pid = writer_start("CREATE TABLE t (x, big)", path, fds, &c);
    if (pid == 0) {
        g_error cerr = {0};
        unsigned char one = 1;
        for (int i = 0; i < 110; i++) {
            /* the -wal emptied first: the idle zeros cover its header too */
            if (i == 10 && (sqlite3_wal_checkpoint_v2(db_sql(c), NULL, SQLITE_CHECKPOINT_TRUNCATE,
                                                      NULL, NULL) != SQLITE_OK ||
                            wal_bytes(path) != 0))
                _exit(5);
            if (i == 10)
                idle_until_whole(c);
            if (db_exec(c, "INSERT INTO t VALUES (1, randomblob(9000))", &cerr) != G_OK)
                _exit(3);
            if (write(fds[1], &one, 1) != 1)
                _exit(4);
        }
        pause(); /* killed here, its base still open */
        _exit(0);
    }
    assert_int_equal(writer_kill(pid, fds, 110), 110);
    assert_int_equal(wal_bytes(path), DB_WAL_BOUND_BYTES + DB_WAL_EXTEND_BYTES);
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(count_of(h, "SELECT count(*) FROM t"), 110);
    assert_integrity_ok(h);
    sqlite3_close(h);
}

/* A base SQLite could open only for reading (its file not writable) takes
 * BEGIN IMMEDIATE as a read, without the write lock: an idle desk there
 * must not write into the -wal, where another desk may be committing. */
static void test_idle_on_a_read_only_base_writes_nothing(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    g_error err = {0};
    assert_int_equal(db_exec(db, "CREATE TABLE t (x)", &err), G_OK);
    char path[512];
    snprintf(path, sizeof path, "%s", db_path(db));
    int64_t size = wal_bytes(path);
    assert_true(size > 0 && size < DB_WAL_BOUND_BYTES + DB_WAL_EXTEND_BYTES);
    sqlite3 *ro = NULL;
    assert_int_equal(sqlite3_open_v2(path, &ro, SQLITE_OPEN_READONLY, db_vfs_name()), SQLITE_OK);
    assert_int_equal(count_of(ro, "SELECT count(*) FROM t"), 0); /* its -wal is open */
    /* the idle moment of a connection that is read-only: db.c's own path */
    g_db fake = {.sql = ro, .path = path, .page_size = 4096, .wal_bound = 1 << 20};
    assert_int_equal(db_idle(&fake, &err), G_OK);
    assert_int_equal(wal_bytes(path), size);
    sqlite3_close(ro);
    db_close(db);
}

/* The -wal's last change of size or content (its ctime: a write or a
 * truncation, even to the same size, moves it). */
static struct timespec wal_changed(const char *path)
{
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", path);
    struct stat st;
    assert_int_equal(stat(wal, &st), 0);
    return st.st_ctim;
}

static int same_time(struct timespec a, struct timespec b)
{
    return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

/* The small file system of a test, unmounted by its teardown even when
 * the test fails; and the file size limit it lowered, restored. */
static char small_dir[400];
static struct rlimit fsize_limit;
static int fsize_lowered;

static int small_fs_teardown(void **state)
{
    (void)state;
    if (small_dir[0]) {
        umount2(small_dir, MNT_DETACH);
        rmdir(small_dir);
        small_dir[0] = 0;
    }
    if (fsize_lowered) {
        setrlimit(RLIMIT_FSIZE, &fsize_limit);
        signal(SIGXFSZ, SIG_DFL);
        fsize_lowered = 0;
    }
    return 0;
}

static int64_t free_bytes(const char *dir)
{
    struct statvfs v;
    assert_int_equal(statvfs(dir, &v), 0);
    return (int64_t)v.f_bavail * (int64_t)v.f_frsize;
}

/* The zeros that keep the -wal ahead of its frames are an optimisation:
 * they must never take a disk's last free bytes, which a save, the night's
 * export or another program may need. On a small file system (a real
 * tmpfs, as the command-line tests' full disk; root only, else skipped)
 * neither an idle desk nor a save extends the -wal; before, each idle
 * moment wrote zeros up to the full disk and cut them back, every three
 * seconds. */
static void test_wal_not_extended_on_a_nearly_full_disk(void **state)
{
    (void)state;
    char dir[400];
    snprintf(dir, sizeof dir, "%s", tu_path("petit-disque-XXXXXX"));
    assert_non_null(mkdtemp(dir));
    if (mount("tmpfs", dir, "tmpfs", 0, "size=12m,mode=0700") != 0) {
        rmdir(dir);
        skip(); /* not root, or no mount here */
    }
    snprintf(small_dir, sizeof small_dir, "%s", dir);
    char path[512];
    snprintf(path, sizeof path, "%s/base.db", dir);
    g_db *db = NULL;
    g_error err = {0};
    assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, &err), G_OK);
    assert_int_equal(db_exec(db, "CREATE TABLE t (x)", &err), G_OK);
    int64_t size = wal_bytes(path);
    struct timespec changed = wal_changed(path);
    for (int i = 0; i < 3; i++)
        assert_int_equal(db_idle(db, &err), G_OK);
    assert_int_equal(wal_bytes(path), size);
    assert_true(same_time(wal_changed(path), changed));
    /* saves past the -wal's end: it grows by their frames only */
    int64_t room = free_bytes(dir);
    for (int i = 0; i < 60; i++)
        assert_int_equal(db_exec(db, "INSERT INTO t VALUES (randomblob(5000))", &err), G_OK);
    assert_true(wal_bytes(path) > size);
    assert_true(room - free_bytes(dir) < 1024 * 1024);
    db_close(db);
}

/* An extension that failed for another cause than the room statvfs shows
 * (a quota, a file size limit, an I/O error) is not tried again at the
 * next idle moment: each try wrote zeros until the failure, then cut the
 * file back. A file size limit (RLIMIT_FSIZE, its signal ignored) stands
 * for such a cause. */
static void test_failed_extension_not_retried_at_once(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    g_error err = {0};
    char path[512];
    snprintf(path, sizeof path, "%s", db_path(db));
    assert_int_equal(db_exec(db, "CREATE TABLE t (x)", &err), G_OK);
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &fsize_limit), 0);
    struct rlimit lim = fsize_limit;
    lim.rlim_cur = 2 * DB_WAL_EXTEND_BYTES + 1024 * 1024;
    signal(SIGXFSZ, SIG_IGN);
    fsize_lowered = 1;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    assert_int_equal(db_idle(db, &err), G_OK);
    int64_t size = wal_bytes(path);
    assert_true(size <= 2 * DB_WAL_EXTEND_BYTES); /* cut back from the limit */
    struct timespec changed = wal_changed(path);
    assert_int_equal(db_idle(db, &err), G_OK);
    assert_int_equal(wal_bytes(path), size);
    assert_true(same_time(wal_changed(path), changed));
    small_fs_teardown(NULL);
    /* the saves go on, into the file as it is */
    for (int i = 0; i < 20; i++)
        assert_int_equal(db_exec(db, "INSERT INTO t VALUES (randomblob(5000))", &err), G_OK);
    assert_int_equal(count_of(db_sql(db), "SELECT count(*) FROM t"), 20);
    db_close(db);
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(count_of(h, "SELECT count(*) FROM t"), 20);
    assert_integrity_ok(h);
    sqlite3_close(h);
}

/* Frames of a transaction that spilled into the -wal and was rolled back
 * are never written after the write lock is given up: another connection
 * (another desk) that commits next writes its frames at the same place,
 * and they must stay its own. */
static void test_rolled_back_spill_does_not_overwrite_another_commit(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    g_error err = {0};
    assert_int_equal(db_exec(db, "CREATE TABLE t (x, big)", &err), G_OK);
    sqlite3 *other = NULL;
    assert_int_equal(sqlite3_open_v2(db_path(db), &other, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(other, 5000);
    /* all copied: the -wal restarts at its start, nothing to read in it */
    assert_int_equal(db_checkpoint(db, &err), G_OK);
    assert_int_equal(db_exec(db, "PRAGMA cache_size = 5", &err), G_OK);
    assert_int_equal(db_begin(db, &err), G_OK);
    assert_int_equal(db_exec(db,
                             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                             "WHERE i < 200) INSERT INTO t SELECT 'r', randomblob(3000) FROM n",
                             &err),
                     G_OK);
    db_rollback(db);
    /* the other connection commits where the spilled frames were */
    assert_int_equal(sqlite3_exec(other,
                                  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                                  "FROM n WHERE i < 300) INSERT INTO t SELECT 'o', i || ':' || "
                                  "hex(randomblob(1500)) FROM n",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    /* guichet's connection reads those frames, then closes */
    assert_int_equal(count_of(db_sql(db), "SELECT count(*) FROM t"), 300);
    char path[512];
    snprintf(path, sizeof path, "%s", db_path(db));
    db_close(db);
    sqlite3_close(other); /* the last connection: its checkpoint copies the -wal */
    /* a new connection reads the file, not a page cache */
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_integrity_ok(h);
    assert_int_equal(count_of(h, "SELECT count(*) FROM t WHERE x = 'o'"), 300);
    assert_int_equal(count_of(h, "SELECT sum(CAST(big AS INTEGER)) FROM t"), 300 * 301 / 2);
    sqlite3_close(h);
}

/* SQLite's memory statistics are off (db_open, sqlite_setup): they cost
 * 15 % of the schema's parse at every open and guichet never reads them. */
static void test_sqlite_memory_statistics_are_off(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    assert_int_equal(db_schema_version(db), db_schema_latest()); /* schema read */
    assert_true(sqlite3_memory_used() == 0);
    int cur = -1, hi = -1;
    assert_int_equal(sqlite3_status(SQLITE_STATUS_MALLOC_COUNT, &cur, &hi, 0), SQLITE_OK);
    assert_int_equal(cur, 0);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_database_has_guichet_pragmas),
        cmocka_unit_test(test_missing_file_without_create_is_not_found),
        cmocka_unit_test(test_text_file_is_refused_untouched),
        cmocka_unit_test(test_other_sqlite_file_is_refused_untouched),
        cmocka_unit_test(test_newer_schema_is_refused_untouched),
        cmocka_unit_test(test_reopen_keeps_data_and_version),
        cmocka_unit_test(test_nested_transactions_commit_once),
        cmocka_unit_test(test_second_writer_waits_then_reports_busy),
        cmocka_unit_test(test_commits_do_not_checkpoint_until_idle),
        cmocka_unit_test(test_idle_leaves_a_small_wal),
        cmocka_unit_test(test_wal_stays_bounded),
        cmocka_unit_test(test_wal_writes_gathered_are_seen_by_others),
        cmocka_unit_test(test_acknowledged_commits_survive_a_kill),
        cmocka_unit_test(test_extended_wal_reopens_with_its_commits_only),
        cmocka_unit_test(test_idle_extends_the_wal_ahead),
        cmocka_unit_test(test_wal_extended_at_idle_keeps_acknowledged_saves),
        cmocka_unit_test(test_idle_on_a_read_only_base_writes_nothing),
        cmocka_unit_test_teardown(test_wal_not_extended_on_a_nearly_full_disk, small_fs_teardown),
        cmocka_unit_test_teardown(test_failed_extension_not_retried_at_once, small_fs_teardown),
        cmocka_unit_test(test_rolled_back_spill_does_not_overwrite_another_commit),
        cmocka_unit_test(test_sqlite_memory_statistics_are_off),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
