/* rgpd.h — the site's data-protection duties (RGPD): retention purge,
 * subject access, erasure (docs/rgpd.md).
 *
 * One rule keeps the funders' figures right: what the nightly export counts
 * (requests, appointments, orientations, files handed to a referent) is
 * never deleted. It is detached from the person instead: a request keeps its
 * anonymous profile (sex, age band, commune — the age band is computed from
 * the birth date first when the request had none) and loses its visitor and
 * its comment; an appointment loses its visitor and its comment; an
 * orientation is moved to the site's one anonymous file (an orientation must
 * point at a file) and loses its reason; a file handed to a referent loses
 * its visitor, subject and answer. Re-exporting a day already sent gives the
 * same rows; only the pseudonym column (`usager`) is empty for the people
 * erased. What only describes the person is deleted: the file itself, the
 * files merged into it, the confidential notes (secure_delete overwrites
 * them; the write-ahead log is checkpointed after the commit).
 *
 * Only a site manager may do these: actor_id is an enabled responsable, or
 * 0 for the command line (the file's owner; see docs/securite.md). Another
 * role gets G_ERR_DENIED. Every function is one transaction with its
 * journal entry, which holds counts only, never a name; the purge is one
 * per slice (rgpd_purge). */
#ifndef GUICHET_RGPD_H
#define GUICHET_RGPD_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"

/* What a purge or an erasure removed or detached from people. */
typedef struct rgpd_counts {
    int64_t files;        /* visitors' files erased (the file merged into them too) */
    int64_t requests;     /* requests detached from an erased file */
    int64_t comments;     /* comments of requests emptied (purge: older than the retention) */
    int64_t orientations; /* orientations detached from the person */
    int64_t escalations;  /* files handed to a referent, detached from the person */
    int64_t appointments; /* appointments detached from the person */
    int64_t cancelled;    /* upcoming appointments cancelled by a forced erasure */
    int64_t notes;        /* confidential notes deleted */
    int64_t journal;      /* journal entries deleted (purge only) */
} rgpd_counts;

/* What goes for one person in a purge (bits of rgpd_person.kinds). */
enum {
    RGPD_KIND_FILE = 1,        /* the whole file: no contact for [rgpd] visitor_months */
    RGPD_KIND_COMMENT = 2,     /* comments of old requests */
    RGPD_KIND_ORIENTATION = 4, /* old orientations (and files handed to a referent) */
    RGPD_KIND_APPOINTMENT = 8, /* old appointments */
    RGPD_KIND_NOTE = 16,       /* old confidential notes */
};

/* One person concerned by a purge, never named: their pseudonym is the one
 * of the funders' files (export_pseudonym of the file's uuid with the site's
 * key), so the manager can check a case without a name on the screen. */
typedef struct rgpd_person {
    char pseudonym[33];
    unsigned kinds; /* RGPD_KIND_* */
} rgpd_person;

/* What a purge did, or would do (dry run). */
typedef struct rgpd_plan {
    int dry_run;
    /* the cut-off days (site's zone): what is older than the start of that
     * day goes, one per retention setting */
    char visitor_before[11];
    char comment_before[11];
    char orientation_before[11];
    char appointment_before[11];
    char note_before[11];
    char journal_before[11];
    rgpd_counts counts;
    rgpd_person *people; /* malloc'd, sorted by pseudonym; free with rgpd_plan_free */
    size_t npeople;
} rgpd_plan;

/* The cut-off day of a retention of `months` months: today (site's zone)
 * minus that many calendar months (the 31st becomes the month's last day). */
void rgpd_cutoff_day(int months, char out[11]);

/* Told between two slices of a purge: `done` of its `total` units of work
 * (a file without contact, a range of a table, the journal) are done. A
 * screen says how far it is; NULL when nobody asks. */
typedef void (*rgpd_progress_fn)(void *ctx, int64_t done, int64_t total);

/* `guichet rgpd purge` and the nightly timer: applies the retention
 * settings of cfg ([rgpd], defaults when NULL). In order: files without
 * contact since the visitor cut-off (no request, appointment — even a future
 * one counts —, orientation, referent file, note or change of the file
 * after it) are erased as by rgpd_erase; then comments of older requests
 * are emptied; older orientations, referent files and appointments are
 * detached from the person; notes whose last version is older are deleted;
 * older journal entries are removed (audit_trim).
 *
 * It goes in slices, each its own transaction, with a pause between two,
 * so the other desks can save meanwhile: a first purge of a base never
 * purged holds thousands of files and takes a minute. A slice does at most
 * 256 units (a file, a range of 2,048 rows of a table or 8,192 entries of
 * the journal), and stops after 200 ms of work once it has done 16 (its
 * commit comes on top). Each file is checked again for contact in its
 * slice (a desk may have received the person meanwhile). The journal's
 * bound is read when the purge starts. The purge is journaled once,
 * "rgpd-purge", by its last slice, with the counts of the whole purge; the
 * slices before it keep theirs in rgpd_state.purge_pending, so a purge
 * stopped half-way is counted in the next one's entry.
 *
 * dry_run: each slice is rolled back, and what later slices and the rest
 * count leaves out the files an earlier slice would have erased, so the
 * plan is what a real run would do (changes other desks save meanwhile
 * aside); nothing is journaled. progress (may be NULL) is called after each
 * slice but the last. *out is filled (free with rgpd_plan_free). Not to be
 * called inside a caller's transaction. */
g_status rgpd_purge(g_db *db, const g_config *cfg, int64_t actor_id, int dry_run,
                    rgpd_progress_fn progress, void *ctx, rgpd_plan *out, g_error *err);
void rgpd_plan_free(rgpd_plan *plan);

/* Finds the visitor named on the command line: their uuid (as in the
 * journal and the subject-access document, any case) or their number (the
 * file's id). A file merged into another leads to the surviving file
 * (*merged_from, may be NULL, gets the id typed, else 0). G_ERR_NOTFOUND
 * « Aucun usager … » when nothing matches (an erased person included),
 * G_ERR_CONFLICT for a file already anonymised, G_ERR_INVALID for text that
 * is neither. */
g_status rgpd_find_visitor(g_db *db, const char *text, int64_t *visitor_id, int64_t *merged_from,
                           g_error *err);

/* What rgpd_erase did. */
typedef struct rgpd_erase_result {
    char uuid[37];      /* the erased file's uuid (as journaled) */
    char pseudonym[33]; /* its pseudonym in the funders' files */
    rgpd_counts counts;
} rgpd_erase_result;

/* `guichet rgpd effacer`: erases visitor_id and the files merged into it;
 * detaches their requests, appointments, orientations and referent files
 * (module comment); deletes their notes. Refused with G_ERR_CONFLICT while
 * an appointment is to come (err->field "appointments"; the message gives
 * the first and the count) unless force, which cancels them as « annulé
 * (excusé) » first. Journaled
 * "rgpd-erase" (object the file's uuid, detail the counts). res may be
 * NULL. */
g_status rgpd_erase(g_db *db, int64_t actor_id, int64_t visitor_id, int force,
                    rgpd_erase_result *res, g_error *err);

/* The subject-access document (article 15): everything held on the person
 * in plain French — identity and contact details, requests, orientations,
 * appointments, files handed to a referent, the number of confidential
 * notes (never their content, with the sentence saying the law lets the
 * professional withhold them), who read or changed the file and when (from
 * the journal), recipients, durations and rights. Text of at most 80
 * columns, lines ending in '\n'. *out malloc'd (free it). Reads only;
 * rgpd_access_write journals. */
g_status rgpd_access_render(g_db *db, const g_config *cfg, int64_t actor_id, int64_t visitor_id,
                            char **out, g_error *err);

/* Renders the document and writes it to path atomically (temporary file in
 * the same folder, mode 0600, fsync, rename), then journals "rgpd-access"
 * (object the file's uuid). On a journal failure the file is removed. */
g_status rgpd_access_write(g_db *db, const g_config *cfg, int64_t actor_id, int64_t visitor_id,
                           const char *path, g_error *err);

/* The visitor file screen calls this when a user opens a file: journaled
 * "visitor-read" (object the file's uuid), so the subject-access document
 * can say who read the file and when. Any enabled account. */
g_status rgpd_file_opened(g_db *db, int64_t actor_id, int64_t visitor_id, g_error *err);

/* G_OK when actor_id may do the duties of this module (0 = the command
 * line, or an enabled responsable), else G_ERR_DENIED with the message the
 * other functions give. For a command that only looks a person up. */
g_status rgpd_check_manager(g_db *db, int64_t actor_id, g_error *err);

/* The date of the last real purge (UTC, 0 = never), for the
 * administration screen. */
g_status rgpd_last_purge(g_db *db, int64_t *at, g_error *err);

#endif
