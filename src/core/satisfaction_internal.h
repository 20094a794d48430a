/* satisfaction_internal.h — private to the core: the demo stores answers of
 * past requests, which satisfaction_record (same day only) refuses. */
#ifndef GUICHET_SATISFACTION_INTERNAL_H
#define GUICHET_SATISFACTION_INTERNAL_H

#include <stdint.h>
#include "guichet/satisfaction.h"

/* Inside a transaction: stores the answer of closed request visit_id (any
 * day) and marks it surveyed; no role, day or journal. */
g_status satisfaction_store(g_db *db, int64_t visit_id, const satisfaction_answer *a, g_error *err);

#endif
