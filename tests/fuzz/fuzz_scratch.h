/* fuzz_scratch.h — the scratch base a fuzz target applies packs to: one
 * per process, created empty (every migration) at the first call. */
#ifndef GUICHET_FUZZ_SCRATCH_H
#define GUICHET_FUZZ_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "guichet/db.h"

static g_db *fuzz_scratch(const char *target)
{
    static g_db *db;
    static char path[96];
    if (db)
        return db;
    snprintf(path, sizeof path, "/tmp/%s-%d.db", target, (int)getpid());
    unlink(path);
    g_error err = {0};
    if (db_open(path, DB_OPEN_CREATE, &db, &err) != G_OK) {
        fprintf(stderr, "%s: %s\n", target, err.msg);
        abort();
    }
    return db;
}

#endif
