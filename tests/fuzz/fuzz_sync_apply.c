/* fuzz_sync_apply.c — libFuzzer target for what a sync pack holds once it
 * has been decrypted and authenticated: the manifest and the tables' CSV,
 * read and applied by sync_apply (src/core/sync_import.c) to a scratch base
 * as a dry run (rolled back).
 *
 * fuzz_sync_pack mutates whole packs, and nearly every mutation is refused
 * by the authentication before any CSV is read; a pack written by a member
 * of the network (a stolen bus laptop, a buggy instance) reaches this code
 * with any content. The input is the pack's files as sections separated by
 * a NUL byte, each "name\ncontent" (the seeds are the files of
 * corpus/sync_pack/full.pack and since.pack). So that mutated tables reach
 * the CSV reader rather than the manifest's SHA-256 check, the harness
 * rewrites the manifest's "fichier" lines from the files it got (the other
 * lines, format, clock, sender, are fuzzed as they come).
 *
 * Beyond "no crash, no sanitizer report": a refusal has a French message.
 *
 * Build: cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DGUICHET_FUZZ=ON
 *        && cmake --build build-fuzz --target fuzz_sync_apply
 * Run:   build-fuzz/fuzz_sync_apply -max_len=65536 tests/fuzz/corpus/sync_apply */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "guichet/db.h"
#include "guichet/sync.h"
#include "fuzz_scratch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One section "name\ncontent" as a file of the archive; 0 when it has no
 * name line. */
static int add_file(sync_archive *a, const uint8_t *p, size_t n)
{
    const uint8_t *nl = memchr(p, '\n', n);
    if (!nl || nl == p || (size_t)(nl - p) >= sizeof a->files[0].name)
        return 0;
    sync_file *f = &a->files[a->count];
    memcpy(f->name, p, (size_t)(nl - p));
    f->name[nl - p] = 0;
    f->len = n - (size_t)(nl - p) - 1;
    f->data = malloc(f->len + 1);
    if (!f->data)
        abort();
    memcpy(f->data, nl + 1, f->len);
    f->data[f->len] = 0;
    a->count++;
    return 1;
}

/* The manifest (the first file, when it is one) without its "fichier"
 * lines, then one such line per other file with its true SHA-256. */
static void fix_manifest(sync_archive *a)
{
    if (!a->count || strcmp(a->files[0].name, "manifeste.csv") != 0)
        return;
    sync_file *m = &a->files[0];
    size_t cap = m->len + 1 + (a->count * 200);
    char *out = malloc(cap), *o = out;
    if (!out)
        abort();
    for (size_t i = 0; i < m->len;) {
        const char *line = m->data + i;
        const char *nl = memchr(line, '\n', m->len - i);
        size_t n = nl ? (size_t)(nl - line) + 1 : m->len - i;
        if (strncmp(line, "\"fichier\"", n < 9 ? n : 9) != 0 || n < 9) {
            memcpy(o, line, n);
            o += n;
        }
        i += n;
    }
    for (size_t f = 1; f < a->count; f++) {
        unsigned char d[crypto_hash_sha256_BYTES];
        char hex[65];
        crypto_hash_sha256(d, (const unsigned char *)a->files[f].data, a->files[f].len);
        sodium_bin2hex(hex, sizeof hex, d, sizeof d);
        o += snprintf(o, 200, "\"fichier\";\"%s\";\"0\";\"%s\"\n", a->files[f].name, hex);
    }
    *o = 0;
    free(m->data);
    m->data = out;
    m->len = (size_t)(o - out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t sections = 1;
    for (size_t i = 0; i < size; i++)
        sections += data[i] == 0;
    sync_archive a = {calloc(sections, sizeof(sync_file)), 0, 0};
    if (!a.files)
        abort();
    size_t start = 0;
    for (size_t i = 0; i <= size; i++) {
        if (i == size || data[i] == 0) {
            add_file(&a, data + start, i - start);
            start = i + 1;
        }
    }
    fix_manifest(&a);
    sync_import_info info;
    g_error err = {0};
    g_db *db = fuzz_scratch("fuzz_sync_apply");
    if (sync_apply(db, &a, 1, 0, "fuzz", &info, &err) != G_OK && !err.msg[0])
        abort();
    sync_archive_free(&a);
    return 0;
}
