/* fuzz_scratch.h — the scratch base a fuzz target applies packs to: one
 * per process, created empty (every migration) at the first call, removed
 * at exit (the corpus replays of every ctest run leave nothing in /tmp). */
#ifndef GUICHET_FUZZ_SCRATCH_H
#define GUICHET_FUZZ_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "guichet/db.h"

static char fuzz_scratch_path[96];

/* The scratch base and its -wal and -shm go when the process ends. */
static void fuzz_scratch_remove(void)
{
    char p[128];
    unlink(fuzz_scratch_path);
    snprintf(p, sizeof p, "%s-wal", fuzz_scratch_path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", fuzz_scratch_path);
    unlink(p);
}

static g_db *fuzz_scratch(const char *target)
{
    static g_db *db;
    char *path = fuzz_scratch_path;
    if (db)
        return db;
    snprintf(path, sizeof fuzz_scratch_path, "/tmp/%s-%d.db", target, (int)getpid());
    unlink(path);
    atexit(fuzz_scratch_remove);
    g_error err = {0};
    if (db_open(path, DB_OPEN_CREATE, &db, &err) != G_OK) {
        fprintf(stderr, "%s: %s\n", target, err.msg);
        abort();
    }
    return db;
}

#endif
