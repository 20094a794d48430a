/* fuzz_config.c — libFuzzer target for the settings reader.
 *
 * Each input is written to a temporary file and loaded with config_load, the
 * way guichet reads --config FILE. Beyond "no crash, no sanitizer report",
 * it checks that an accepted file never yields a value outside its range.
 *
 * Build (clang only): cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang
 *   -DGUICHET_FUZZ=ON && cmake --build build-fuzz --target fuzz_config
 * Run: build-fuzz/fuzz_config -max_len=4096 corpus/ data/guichet.ini.example */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guichet/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[512];

static void remove_file(void)
{
    if (path[0])
        unlink(path);
}

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_config: accepted file gave a bad %s\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/guichet-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        int fd = mkstemp(path);
        if (fd < 0) {
            perror("mkstemp");
            abort();
        }
        close(fd);
        atexit(remove_file);
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);

    g_config cfg;
    g_error err = {0};
    char warnings[512];
    g_status st = config_load(path, &cfg, warnings, sizeof warnings, &err);
    check(strlen(warnings) < sizeof warnings, "warnings buffer");
    if (st != G_OK) {
        check(err.code == st && err.msg[0] != 0, "error message");
        return 0;
    }
    check(cfg.security.idle_lock_minutes >= 0 && cfg.security.idle_lock_minutes <= 1440,
          "idle_lock_minutes");
    check(cfg.security.failed_login_limit >= 1 && cfg.security.failed_login_limit <= 100,
          "failed_login_limit");
    check(cfg.security.lockout_minutes >= 1 && cfg.security.lockout_minutes <= 1440,
          "lockout_minutes");
    check(cfg.security.min_password_length >= 8 && cfg.security.min_password_length <= 256,
          "min_password_length");
    check(cfg.orientation.followup_days >= 1 && cfg.orientation.followup_days <= 365,
          "followup_days");
    check(cfg.orientation.expiry_days >= 1 && cfg.orientation.expiry_days <= 3650, "expiry_days");
    check(cfg.export.separator == ';' || cfg.export.separator == ',' ||
              cfg.export.separator == '\t',
          "separator");
    check(cfg.export.bom == 0 || cfg.export.bom == 1, "bom");
    check(strcmp(cfg.ui.language, "fr") == 0 || strcmp(cfg.ui.language, "en") == 0, "language");
    check(strlen(cfg.site.commune) == 0 || strlen(cfg.site.commune) == 5, "commune");
    check(cfg.site.timezone[0] != 0, "timezone");
    char db[4096];
    config_db_path(&cfg, db, sizeof db);
    check(db[0] != 0, "database path");
    return 0;
}
