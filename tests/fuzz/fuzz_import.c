/* fuzz_import.c — libFuzzer target for the services CSV importer
 * (import_services_mem: libcsv, header detection, every field's rule, the
 * opening hours, the upsert).
 *
 * The first byte chooses a dry run (even) or a real import (odd) into one
 * database kept across inputs (synchronous off: the fuzzer is not a desk).
 * Beyond "no crash, no sanitizer report": the result is G_OK with
 * created + updated + unchanged = lines, or G_ERR_INVALID with every bad
 * line listed (line >= 2, a French reason), or another error with a
 * message; nothing is half-imported (the count of services moves only on a
 * real, successful import).
 *
 * Build: cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DGUICHET_FUZZ=ON
 *        && cmake --build build-fuzz --target fuzz_import
 * Run:   build-fuzz/fuzz_import -max_len=4096 tests/fuzz/corpus/import */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_internal.h"
#include "guichet/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static g_db *db;
static char dir[512];

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_import: %s\n", what);
        abort();
    }
}

static void cleanup(void)
{
    db_close(db);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz_import: could not remove %s\n", dir);
}

static int64_t services(void)
{
    sqlite3_stmt *st;
    int64_t n = -1;
    if (sqlite3_prepare_v2(db_sql(db), "SELECT count(*) FROM service", -1, &st, NULL) ==
        SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/guichet-fuzz-import-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        check(mkdtemp(dir) != NULL, "mkdtemp");
        char path[600];
        snprintf(path, sizeof path, "%s/g.db", dir);
        g_error err = {0};
        check(db_open(path, DB_OPEN_CREATE, &db, &err) == G_OK, "db_open");
        sqlite3_exec(db_sql(db), "PRAGMA synchronous = OFF", NULL, NULL, NULL);
        atexit(cleanup);
    }
    if (size == 0)
        return 0;
    int dry = !(data[0] & 1);
    int64_t before = services();
    import_result res;
    g_error err = {0};
    g_status st =
        import_services_mem(db, (const char *)data + 1, size - 1, "fuzz.csv", dry, 0, &res, &err);
    int64_t after = services();
    if (st == G_OK) {
        check(res.created + res.updated + res.unchanged == res.lines, "counts");
        check(res.nproblem == 0, "problems on success");
        check(after == before + (dry ? 0 : res.created), "services created");
    } else if (st == G_ERR_INVALID && res.nproblem) {
        for (size_t i = 0; i < res.nproblem; i++)
            check(res.problems[i].line >= 1 && res.problems[i].msg[0], "problem line");
        check(after == before, "half an import");
    } else {
        check(err.code == st && err.msg[0], "error without a message");
        check(after == before, "half an import");
    }
    import_result_free(&res);
    return 0;
}
