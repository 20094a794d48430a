/* export.h — the nightly CSV export to the funding partners.
 *
 * For each day, five files in the outbox (docs/export-format.md describes
 * every column):
 *   activite-<matricule>-<date>.csv      one row per request (demande)
 *   orientations-<matricule>-<date>.csv  orientations created or changed that day
 *   rendez-vous-<matricule>-<date>.csv   appointments of the day
 *   synthese-<matricule>-<date>.csv      counts by operator × type of help, by channel
 *   manifeste-<matricule>-<date>.csv     each file with its rows, size and SHA-256,
 *                                        the format version, the run and its period
 *   manifeste-<matricule>-<date>.csv.sig its Ed25519 signature (export_public_key)
 * Every row of every file starts with the site's matricule.
 * No names, birth dates, phones, e-mails, addresses, comments or notes ever;
 * codes from the official vocabularies; a pseudonymous visitor key (keyed
 * BLAKE2b of the visitor's uuid with the site's secret). Each identifying
 * dimension ([export] commune, age_band, sex, pseudonym) can be switched off:
 * the column stays, its cells are empty.
 *
 * Files are written atomically (csvout.h) and deterministically: re-exporting
 * an unchanged day gives byte-identical files. The manifest is removed first
 * and written last: a day whose manifest is present is complete and matches
 * it. Writers of one outbox are serialised by flock() on
 * <outbox>/.guichet-export.lock. Each day written is recorded in export_run
 * and journaled (audit action "export-run"). */
#ifndef GUICHET_EXPORT_H
#define GUICHET_EXPORT_H

#include <limits.h>
#include <stdint.h>
#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"

/* The version of the files' format (docs/export-format.md), written in the
 * format_version column of every manifest row. 2: a matricule column first
 * in every file, the run and its period in the manifest, a signature
 * beside it, the age band 70-et-plus. */
#define EXPORT_FORMAT_VERSION 2

/* How to run an export. A zeroed struct is the nightly default. */
typedef struct export_opts {
    const char *outdir; /* NULL or "" = [export] dir of the settings */
    int64_t user_id;    /* who asked: 0 = command line / cron, else app_user.id */
    int wait_seconds;   /* how long to wait for another export of the same
                           outbox before refusing (G_ERR_BUSY); 0 = refuse at once */
    /* told after each batch of days written: `done` of `total` days (a
     * catch-up of years takes seconds; the screen says how far it is).
     * NULL: nobody asks. */
    void (*progress)(void *ctx, int done, int total);
    void *progress_ctx;
} export_opts;

/* What a run did (for the command's --verbose line and the admin screen). */
typedef struct export_result {
    int days;              /* days written */
    int64_t rows;          /* data rows over all files written */
    int files;             /* files written, manifests included */
    int temps_removed;     /* temporary files of an earlier killed run removed */
    char first_day[11];    /* first day written, "" if none */
    char last_day[11];     /* last day written, "" if none */
    char failed_day[11];   /* the day that failed, "" if none */
    char outdir[PATH_MAX]; /* the folder written to */
    int outbox;            /* 1 when that folder is the outbox ([export] dir); 0 for a
                              trial (--out elsewhere): its days stay to export */
} export_result;

/* (Re-)exports one day (YYYY-MM-DD, before today in the site's zone): takes
 * the outbox lock, removes leftover temporary files, writes the day's five
 * files, records the run. Creates the outbox (mode 0750) when missing.
 * Errors: G_ERR_INVALID for an impossible date or a day not yet over,
 * G_ERR_BUSY when another export holds the outbox, G_ERR_IO for the file
 * system (disk full…), G_ERR_DB. res may be NULL. */
g_status export_day(g_db *db, const g_config *cfg, const char *day, const export_opts *opts,
                    export_result *res, g_error *err);

/* (Re-)exports every day from `from` to `to` (NULL = yesterday) inclusive, in
 * date order, under one lock. Stops at the first failure (res->failed_day says which; the days
 * before it stay written and recorded). */
g_status export_range(g_db *db, const g_config *cfg, const char *from, const char *to,
                      const export_opts *opts, export_result *res, g_error *err);

/* The nightly run: exports, in date order, every day not yet exported to the
 * outbox (no export_run row with status 'ok' and outbox = 1: a trial export to
 * another folder, opts->outdir, is recorded with outbox = 0 and does not
 * count) from the start day up to yesterday.
 * Start day: the local date of the site's creation (`guichet init`); older
 * days (history imported later) are exported only on demand (export_range).
 * Nothing to do is a success with res->days = 0, and costs the same whatever
 * the years: one row (export_progress) is read, the outbox is not listed
 * (leftover temporary files wait for the next run that writes). */
g_status export_pending(g_db *db, const g_config *cfg, const export_opts *opts, export_result *res,
                        g_error *err);

/* How many days export_pending would write now, and the last day exported
 * successfully (YYYY-MM-DD, "" if never). For the administration screen. */
g_status export_status(g_db *db, int *pending, char last_day[11], g_error *err);

/* The file name of one of the day's files: kind is "activite",
 * "orientations", "rendez-vous", "synthese" or "manifeste". */
void export_file_name(const char *kind, const char *matricule, const char *day, char *buf,
                      size_t size);

/* The pseudonymous key of a visitor: hex of the 16-byte keyed BLAKE2b
 * (crypto_generichash) of their uuid under the site's 32-byte key. */
void export_pseudonym(const unsigned char key[32], const char *uuid, char out[33]);

/* The site's public key for the manifests' signatures (Ed25519, 32 bytes):
 * every manifest-<matricule>-<date>.csv has beside it a .sig file, the 64
 * bytes of its Ed25519 signature. The key pair is derived (crypto_kdf) from
 * the site's pseudonym key: nothing new to back up. G_ERR_NOTFOUND without
 * a site. */
g_status export_public_key(g_db *db, unsigned char pk[32], g_error *err);

/* pk as PEM (SubjectPublicKeyInfo, "-----BEGIN PUBLIC KEY-----"), the form
 * `openssl pkeyutl -verify -pubin -inkey KEY.pem -rawin` reads; size >= 128. */
void export_public_key_pem(const unsigned char pk[32], char *buf, size_t size);

#endif
