/* draft.h — a half-typed form kept when the terminal goes away.
 *
 * On SIGHUP/SIGTERM (or on demand) a screen saves the form it was showing as
 * one text payload (its own format, e.g. "field=value" lines); at the next
 * login the same user gets it back. One draft per user and kind. NEVER used
 * for confidential notes: their text must not be stored in clear. */
#ifndef GUICHET_DRAFT_H
#define GUICHET_DRAFT_H

#include <stdint.h>
#include "guichet/db.h"
#include "guichet/error.h"

#define DRAFT_KIND_MAX    32          /* bytes: "visitor", "visit-close" … */
#define DRAFT_PAYLOAD_MAX (64 * 1024) /* bytes */

/* Saves (replacing) the user's draft of this kind, with saved_at = now.
 * G_ERR_INVALID for an empty or over-long kind or payload, or a kind that
 * names confidential notes ("note…"). */
g_status draft_save(g_db *db, int64_t user_id, const char *kind, const char *payload, g_error *err);

/* The user's draft of this kind: *payload is malloc'd (free() it),
 * *saved_at (may be NULL) is when it was saved. G_ERR_NOTFOUND when none. */
g_status draft_load(g_db *db, int64_t user_id, const char *kind, char **payload, int64_t *saved_at,
                    g_error *err);

/* Forgets the draft (after the form was saved or abandoned); no draft is fine. */
g_status draft_delete(g_db *db, int64_t user_id, const char *kind, g_error *err);

#endif
