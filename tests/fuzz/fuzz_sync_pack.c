/* fuzz_sync_pack.c — libFuzzer target for the sync pack reader
 * (src/core/sync_pack.c) and, for a pack that opens, the import
 * (src/core/sync_import.c) into a scratch base, rolled back (dry run).
 *
 * Beyond "no crash, no sanitizer report": a refused pack has a French
 * message and leaves no archive behind. The key is fixed (32 bytes of 7,
 * key-file mode, network "guichet") so that the seeds, written with it,
 * open and mutations explore both the crypto checks and the CSV reader.
 *
 * Build: cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DGUICHET_FUZZ=ON
 *        && cmake --build build-fuzz --target fuzz_sync_pack
 * Run:   build-fuzz/fuzz_sync_pack -max_len=65536 tests/fuzz/corpus/sync_pack */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guichet/db.h"
#include "guichet/sync.h"
#include "fuzz_scratch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sync_secret sec;
    memset(&sec, 0, sizeof sec);
    memset(sec.key, 7, sizeof sec.key);
    sec.has_key = 1;
    sec.network = "guichet";
    sync_archive a;
    g_error err = {0};
    if (sync_pack_open(data, size, &sec, &a, &err) != G_OK) {
        if (!err.msg[0] || a.count || a.files)
            abort();
        return 0;
    }
    sync_import_info info;
    g_error aerr = {0};
    g_db *db = fuzz_scratch("fuzz_sync_pack");
    if (sync_apply(db, &a, 1, 0, "fuzz", &info, &aerr) != G_OK && !aerr.msg[0])
        abort();
    sync_archive_free(&a);
    return 0;
}
