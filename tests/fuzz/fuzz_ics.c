/* fuzz_ics.c — libFuzzer target for the iCalendar writer's input: the motif,
 * resource, room and site names and the appointment's day, time, length and
 * status that ics_resource turns into a VCALENDAR (stored rows can hold
 * anything: a database edited behind guichet's back, an older version).
 *
 * Input: up to four fields separated by 0x1F (motif name, resource name,
 * room, site name; each cut to 120 bytes), the first 4 bytes choosing the
 * appointment's minute, length, status and capacity. The rows are written
 * into one database kept across inputs, then the day is exported.
 * The output must be valid folded iCalendar (RFC 5545 §3.1): CRLF line
 * ends and no other CR or LF, lines of at most 75 octets, continuation
 * lines starting with a space, every unfolded line NAME:value, valid UTF-8
 * never cut inside a character, no control character (HTAB aside), and as
 * many BEGIN:VEVENT as END:VEVENT as events reported.
 *
 * Build: cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DGUICHET_FUZZ=ON
 *        && cmake --build build-fuzz --target fuzz_ics
 * Run:   build-fuzz/fuzz_ics -max_len=600 tests/fuzz/corpus/ics */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/ics.h"
#include "guichet/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static g_db *db;
static char dir[512];

static void check(int ok, const char *what, const char *out)
{
    if (!ok) {
        fprintf(stderr, "fuzz_ics: %s\n--- output ---\n%s\n", what, out ? out : "");
        abort();
    }
}

static void cleanup(void)
{
    db_close(db);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz_ics: could not remove %s\n", dir);
}

static void exec(const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db_sql(db), sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "fuzz_ics: %s: %s\n", sql, msg ? msg : "?");
        abort();
    }
}

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/guichet-fuzz-ics-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    check(mkdtemp(dir) != NULL, "mkdtemp", NULL);
    char path[600];
    snprintf(path, sizeof path, "%s/g.db", dir);
    g_error err = {0};
    check(db_open(path, DB_OPEN_CREATE, &db, &err) == G_OK, "db_open", err.msg);
    clock_set_zone("Europe/Paris");
    exec("PRAGMA synchronous = OFF;"
         "INSERT INTO site (id, matricule, name, commune, timezone, pseudonym_key, created_at)"
         " VALUES (1, 'FS-FUZZ', 'Site', '58079', 'Europe/Paris', zeroblob(32), 0);"
         "INSERT INTO resource (id, uuid, kind, name, created_at, updated_at)"
         " VALUES (1, 'r1', 'permanence', 'R', 0, 0);"
         "INSERT INTO motif (id, uuid, name, duration_min, created_at, updated_at)"
         " VALUES (1, 'm1', 'M', 30, 0, 0);"
         "INSERT INTO appointment (id, uuid, resource_id, motif_id, start_at, end_at,"
         " created_at, updated_at) VALUES (1, 'a1', 1, 1, 1772442000, 1772443800, 0, 0);");
    atexit(cleanup);
}

/* Binds field i of the input (0x1F-separated, at most 120 bytes, "x" when
 * empty: the columns refuse an empty name). */
static void bind_field(sqlite3_stmt *st, int col, const uint8_t *data, size_t size, int i)
{
    size_t start = 0;
    for (int k = 0; k < i && start <= size; k++) {
        const uint8_t *sep = start < size ? memchr(data + start, 0x1F, size - start) : NULL;
        start = sep ? (size_t)(sep - data) + 1 : size + 1;
    }
    if (start >= size) {
        sqlite3_bind_text(st, col, "x", 1, SQLITE_STATIC);
        return;
    }
    const uint8_t *sep = memchr(data + start, 0x1F, size - start);
    size_t len = (sep ? (size_t)(sep - data) : size) - start;
    if (len > 120)
        len = 120;
    if (len == 0)
        sqlite3_bind_text(st, col, "x", 1, SQLITE_STATIC);
    else
        sqlite3_bind_text(st, col, (const char *)data + start, (int)len, SQLITE_TRANSIENT);
}

static void run(const char *sql, const uint8_t *data, size_t size, int field, int64_t a, int64_t b)
{
    sqlite3_stmt *st;
    check(sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) == SQLITE_OK, sql, NULL);
    if (field >= 0)
        bind_field(st, 1, data, size, field);
    sqlite3_bind_int64(st, 2, a);
    sqlite3_bind_int64(st, 3, b);
    /* a row refused by a CHECK (a name too long in characters…) is fine */
    sqlite3_step(st);
    sqlite3_finalize(st);
}

static void check_ics(const char *out, size_t events)
{
    size_t len = strlen(out);
    check(utf8_valid(out, len), "invalid UTF-8", out);
    size_t begins = 0, ends = 0;
    const char *line = out;
    int first = 1;
    while (*line) {
        const char *crlf = strstr(line, "\r\n");
        check(crlf != NULL, "a line without CRLF", out);
        size_t n = (size_t)(crlf - line);
        check(n <= 75, "a line longer than 75 octets", out);
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)line[i];
            check(c != '\r' && c != '\n', "a bare CR or LF", out);
            check(c >= 0x20 || c == '\t', "a control character", out);
            check(c != 0x7F, "DEL", out);
        }
        if (line[0] == ' ') {
            check(!first, "the first line is a continuation", out);
        } else {
            const char *colon = memchr(line, ':', n);
            check(colon != NULL && colon > line, "a content line without NAME:", out);
            for (const char *p = line; p < colon; p++)
                check((*p >= 'A' && *p <= 'Z') || *p == '-', "a bad property name", out);
            begins += n == 12 && memcmp(line, "BEGIN:VEVENT", 12) == 0;
            ends += n == 10 && memcmp(line, "END:VEVENT", 10) == 0;
        }
        first = 0;
        line = crlf + 2;
    }
    check(begins == ends && begins == events, "VEVENTs unbalanced", out);
    check(strncmp(out, "BEGIN:VCALENDAR\r\n", 17) == 0, "no VCALENDAR", out);
    check(len >= 15 && strcmp(out + len - 15, "END:VCALENDAR\r\n") == 0, "no END:VCALENDAR", out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db)
        setup();
    uint8_t k[4] = {0};
    for (size_t i = 0; i < 4 && i < size; i++)
        k[i] = data[i];
    const uint8_t *rest = size > 4 ? data + 4 : data + size;
    size_t n = size > 4 ? size - 4 : 0;
    static const char *const statuses[] = {"a-venir", "honore", "excuse", "annule-service",
                                           "absent"};
    /* Monday 2026-03-02 00:00 Paris = 2026-03-01 23:00 UTC */
    int64_t start = 1772406000 + (int64_t)((k[0] | k[1] << 8) % 1440) * 60;
    int64_t length = 5 + (k[2] % 96) * 5;
    exec("BEGIN");
    run("UPDATE motif SET name = ?1, capacity = ?2 WHERE id = 1", rest, n, 0,
        (k[3] & 0x80) ? 2 + (k[3] & 7) : 1, 0);
    run("UPDATE resource SET name = ?1 WHERE id = 1", rest, n, 1, 0, 0);
    run("UPDATE resource SET place = ?1 WHERE id = 1", rest, n, 2, 0, 0);
    run("UPDATE site SET name = ?1 WHERE id = 1", rest, n, 3, 0, 0);
    char sql[200];
    snprintf(sql, sizeof sql,
             "UPDATE appointment SET start_at = ?2, end_at = ?2 + ?3, status = '%s', "
             "sequence = id WHERE id = 1",
             statuses[k[3] % 5]);
    run(sql, rest, n, -1, start, length * 60);
    exec("COMMIT");
    char *out = NULL;
    size_t events = 0;
    g_error err = {0};
    g_status st = ics_resource(db, 1, "2026-03-02", "2026-03-03", &out, &events, &err);
    check(st == G_OK, "ics_resource failed", err.msg);
    check_ics(out, events);
    free(out);
    return 0;
}
