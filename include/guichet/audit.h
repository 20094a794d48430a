/* audit.h — the journal: append-only and hash-chained.
 *
 * Each entry stores the SHA-256 (hex) of the previous entry's hash and its
 * own fields, so altering or removing a row behind guichet's back breaks the
 * chain, which `guichet check` reports. Triggers refuse UPDATE and DELETE.
 * The chain has no secret: someone holding the file can rewrite the whole
 * tail consistently; off-site backups are the answer (docs/securite.md). */
#ifndef GUICHET_AUDIT_H
#define GUICHET_AUDIT_H

#include <stdint.h>
#include "guichet/db.h"
#include "guichet/error.h"

/* Appends one entry. Call inside the transaction of the action it records,
 * or alone (it then commits by itself). user_id 0 = system / command line.
 * action: a stable code ("login", "login-failed", "user-add", "note-read"…);
 * object: what it concerns ("user:3", "visitor:<uuid>"); detail: free, no
 * confidential content ever. */
g_status audit_log(g_db *db, int64_t user_id, const char *action, const char *object,
                   const char *detail, g_error *err);

/* After a refusal (a wrong password, a note that may not be read) whose
 * message is already in err with status refusal: journal is the status of
 * writing its journal entry and why that write's error. When the entry
 * could not be written, err says so after the refusal (which stands) and
 * the journal's status is returned, so that a refusal is never silently
 * missing from the journal; otherwise refusal is returned unchanged. */
g_status audit_refusal_status(g_status refusal, g_status journal, const g_error *why, g_error *err);

/* The chained hash of one entry (64 hex digits), as audit_log computes it:
 * for the journals of other instances kept by the synchronisation. */
void audit_entry_hash(const char *prev_hash, int64_t id, int64_t at, int64_t user_id,
                      const char *action, const char *object, const char *detail, char out[65]);

/* Verifies the whole chain. On a break, *bad_id is the first broken entry and
 * err says what is wrong; returns G_ERR_CONFLICT. */
g_status audit_verify(g_db *db, int64_t *bad_id, g_error *err);

/* The retention purge of the journal (`guichet rgpd purge`): removes the
 * oldest entries written before `before` (UTC), as a prefix in id order —
 * it stops at the first entry written at or after `before` — and never the
 * newest entry. The id and hash of the last entry removed are kept
 * (table audit_anchor), so audit_verify and `guichet check` still verify
 * the rest of the chain. One transaction (or the caller's). dry_run: only
 * counts. *removed = the entries removed (or that would be). */
g_status audit_trim(g_db *db, int64_t before, int dry_run, int64_t *removed, g_error *err);

/* audit_trim in two steps, for a purge that goes in slices: the bound
 * (*from: the last entry already removed, the anchor; *upto: the last entry
 * the rule removes now, 0 for none; *count: the entries between), read
 * once, then removals up to ids at most that bound, as many as wanted, each
 * one transaction (or the caller's). audit_trim_to never removes the newest
 * entry. */
g_status audit_trim_bound(g_db *db, int64_t before, int64_t *from, int64_t *upto, int64_t *count,
                          g_error *err);
g_status audit_trim_to(g_db *db, int64_t upto, int64_t *removed, g_error *err);

/* Compares the journal's last entry with its head (table audit_head, moved
 * forward by every entry in the same transaction): a journal emptied or cut
 * short behind guichet's back says how many entries were lost; a tail
 * rewritten or appended to without the head says so. G_ERR_CONFLICT with
 * the French sentence for `guichet check`, or a db error. */
g_status audit_verify_head(g_db *db, g_error *err);

/* The journal's head as it stood before the instant `before` (the entry
 * with the latest `at` below it; before = 0: the last entry now): *id (0
 * for none) and its chained hash (65 bytes, "" for none). For the
 * manifests of exports (the end of the exported day: the same on every
 * re-run) and backups. */
g_status audit_head_before(g_db *db, int64_t before, int64_t *id, char hash[65], g_error *err);

/* A copy of the journal's head kept outside the base: the columns
 * journal_tete and journal_sha256 of a backup's or export day's manifest. */
typedef struct audit_anchor {
    int64_t id;        /* the entry's id, 0 = the journal was empty */
    char hash[65];     /* its chained hash, hex */
    char source[4096]; /* the manifest's path, for messages */
} audit_anchor;

/* Reads a manifest (CSV, ';' ',' or TAB, with or without BOM).
 * G_ERR_INVALID when it has no such columns, G_ERR_IO when unreadable. */
g_status audit_anchor_read(const char *path, audit_anchor *out, g_error *err);

/* Checks that the journal still holds the anchor's entry with its hash:
 * G_ERR_CONFLICT saying how many entries were lost since (journal cut
 * short), or that it was rewritten. */
g_status audit_anchor_check(g_db *db, const audit_anchor *a, g_error *err);

/* The newest file of dir named prefix…<AAAA-MM-JJ>.csv (by that date) into
 * path, "" when there is none or dir does not exist. */
g_status audit_anchor_newest(const char *dir, const char *prefix, char *path, size_t size,
                             g_error *err);

/* Number of entries in the journal. */
g_status audit_count(g_db *db, int64_t *count, g_error *err);

/* A short French label for an action code, for people reading the journal
 * ("visitor-create" -> "Fiche visiteur créée"); static or translated storage,
 * never freed. An unknown code is returned as it is; NULL gives "". */
const char *audit_action_label(const char *action);

typedef struct audit_entry {
    int64_t id;
    int64_t at;
    int64_t user_id;
    char login[33];
    char action[48];
    char object[96];
    char detail[256];
} audit_entry;

/* The last `limit` entries, newest first; *out malloc'd. Reading the journal
 * is the manager's: reader_id must be an enabled responsable (0 = the
 * command line), else G_ERR_DENIED. */
g_status audit_recent(g_db *db, int64_t reader_id, int limit, audit_entry **out, size_t *count,
                      g_error *err);

#endif
