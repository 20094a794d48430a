/* demo_internal.h — what the demo's steps (demo_*.c, note_demo.c) share. */
#ifndef GUICHET_DEMO_INTERNAL_H
#define GUICHET_DEMO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/db.h"
#include "guichet/error.h"

/* The ids of the first (oldest) live visitor files, at most max of them:
 * *n may be less, 0 when the visitors' step has not run. A failing query
 * is an error, never "no visitor". */
g_status demo_first_visitors(g_db *db, int64_t *ids, size_t max, size_t *n, g_error *err);

/* *id = the account called login, 0 when there is none (a test database
 * without the demo accounts). */
g_status demo_user_id(g_db *db, const char *login, int64_t *id, g_error *err);

#endif
