/* sync.h — synchronisation between guichet bases by encrypted packs
 * (docs/synchronisation.md).
 *
 * Every synced row has a stable identity (sync_row.uuid), the instance that
 * wrote its current version and that version's stamp (a hybrid logical
 * clock: milliseconds << 16 | counter), kept by the triggers of migration
 * 041. A pack is one file: a header (magic, format, key derivation, network)
 * then a libsodium secretstream of a manifest CSV and one CSV per table.
 * Importing applies it in one transaction: newest stamp wins (ties: the
 * larger instance id), every overwritten different value is kept in
 * sync_conflict. */
#ifndef GUICHET_SYNC_H
#define GUICHET_SYNC_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"

#define SYNC_KEY_BYTES 32
/* Longest network passphrase, in bytes, on the screen as on the command
 * line (whose buffer holds it with its newline). */
#define SYNC_PASSPHRASE_MAX 1000
#define SYNC_FORMAT         1

/* ---- the registry (sync_registry.c) ---------------------------------- */

typedef struct sync_fk {
    const char *col;   /* a column holding a local rowid */
    const char *table; /* the synced table it points at; NULL: chosen by poly */
    const char *poly;  /* note_key.reader_kind: 'user' → app_user, 'team' → team_key */
} sync_fk;

typedef struct sync_table {
    const char *name;       /* SQL table, also the CSV's name in a pack */
    const char *parent;     /* a child: its rows travel with this entity; NULL: an entity */
    const char *parent_col; /* a child: the column holding the parent's rowid */
    const char *local_only; /* space-separated columns that never travel */
    const sync_fk *fks;     /* terminated by {NULL} */
    const char *fts;        /* "visitor" or "service": the search index to keep */
} sync_table;

/* The synced tables, parents before the rows that point at them. */
const sync_table *sync_tables(size_t *count);
const sync_table *sync_table_find(const char *name);
/* A column derived from rows that travel themselves (visitor.last_visit_at,
 * from the requests): a save does not stamp it (migration 070), and an
 * import keeps the newest of its two values instead of the newest stamp's. */
int sync_col_keeps_newest(const char *table, const char *col);

/* ---- keys and packs (sync_pack.c) ------------------------------------ */

/* How the pack key is obtained: a passphrase (Argon2id, salt in the
 * header) or a 32-byte key file. */
typedef struct sync_secret {
    const char *passphrase;            /* or NULL */
    unsigned char key[SYNC_KEY_BYTES]; /* used when has_key */
    int has_key;
    const char *network; /* [sync] network; NULL = "guichet" */
} sync_secret;

/* Reads a key file: exactly 32 bytes, or 64 hex digits (a final newline
 * allowed). */
g_status sync_key_file(const char *path, unsigned char key[SYNC_KEY_BYTES], g_error *err);

/* 1 when the settings name no key file ([sync] key_file): the network's
 * passphrase must then be asked. */
int sync_secret_needs_passphrase(const g_config *cfg);

/* The key as the settings say, for `guichet sync` and the Synchronisation
 * screen alike: the network from [sync] network; passphrase when not NULL
 * (it is not copied: keep it until the secret is used, then wipe both),
 * else the key file [sync] key_file (G_ERR_INVALID when none is set, or an
 * empty passphrase). Wipe *sec with sodium_memzero after use. */
g_status sync_secret_from_config(const g_config *cfg, const char *passphrase, sync_secret *sec,
                                 g_error *err);

/* One file of a pack. */
typedef struct sync_file {
    char name[64];
    char *data;
    size_t len;
} sync_file;

typedef struct sync_archive {
    sync_file *files;
    size_t count;
    /* 1: opened by sync_pack_open, whose authentication tag covers every
     * byte of every file, the very bytes the sender hashed into the
     * manifest: sync_apply then checks the manifest's names and count but
     * not each file's SHA-256 again (0: an archive built otherwise, e.g.
     * the fuzz target: every hash is checked) */
    int sealed;
} sync_archive;

void sync_archive_free(sync_archive *a);

/* Writes the files as one encrypted pack at path: temporary file in the
 * same folder, fsync, rename, fsync of the folder. */
g_status sync_pack_write(const char *path, const sync_archive *a, const sync_secret *sec,
                         g_error *err);

/* Opens a pack from memory. A wrong passphrase, a changed byte, a cut file,
 * a pack of another network: G_ERR_CRYPTO with a French message. */
g_status sync_pack_open(const unsigned char *buf, size_t len, const sync_secret *sec,
                        sync_archive *out, g_error *err);

/* The same from the pack's file, read a message at a time (the file is
 * not held in memory beside its files). Also G_ERR_NOTFOUND (cannot be
 * opened) and G_ERR_IO (cannot be read), with the file's name. */
g_status sync_pack_read(const char *path, const sync_secret *sec, sync_archive *out, g_error *err);

/* ---- export, import, status (sync_export.c, sync_import.c) ----------- */

typedef struct sync_export_info {
    int64_t stamp; /* the clock when the pack was taken: --since for the next one */
    int64_t rows;  /* rows in all tables */
    size_t bytes;  /* size of the pack file */
} sync_export_info;

/* Builds the pack's files: every row stamped after since (0 = everything). */
g_status sync_build(g_db *db, int64_t since, const char *guichet_version, sync_archive *out,
                    int64_t *stamp, int64_t *rows, g_error *err);

/* sync_build + sync_pack_write + the bookkeeping (last pack sent) and a
 * journal entry. since < 0: since the last pack sent. */
g_status sync_export(g_db *db, const char *path, int64_t since, const sync_secret *sec,
                     const char *guichet_version, int64_t actor_id, sync_export_info *info,
                     g_error *err);

typedef struct sync_import_info {
    int64_t inserted, updated, deleted; /* rows that changed here */
    int64_t merged;                     /* of the updated: fields from both sides */
    int64_t unchanged;                  /* already known (idempotence) */
    int64_t conflicts;                  /* conflict rows added (fields and slots) */
    int64_t slots;                      /* of which double bookings */
    int64_t settled;                    /* conflicts here settled by the sender */
    int64_t journal;                    /* journal entries of other instances added */
    char sender[64];                    /* the sender's matricule */
    char sender_instance[40];
} sync_import_info;

/* Applies an opened pack: one transaction, all or nothing. dry_run: counts
 * what would change and rolls back. */
g_status sync_apply(g_db *db, const sync_archive *a, int dry_run, int64_t actor_id,
                    const char *file_label, sync_import_info *info, g_error *err);

/* Reads, opens and applies the pack at path. */
g_status sync_import(g_db *db, const char *path, const sync_secret *sec, int dry_run,
                     int64_t actor_id, sync_import_info *info, g_error *err);

typedef struct sync_state {
    char instance[40];
    int64_t clock;
    int64_t last_sent_hlc, last_sent_at;
    char last_sent_file[512];
    int64_t last_recv_at;
    char last_recv_from[80];
    char last_recv_file[512];
    int64_t pending;       /* unresolved conflicts */
    char content_hash[65]; /* "" from sync_status; sync_content_hash fills it */
} sync_state;

/* The bookkeeping: one row read, cheap enough for a screen's periodic
 * reread. */
g_status sync_status(g_db *db, sync_state *out, g_error *err);

/* A SHA-256 over the synced content (identities and values, not stamps nor
 * local ids): equal on two converged bases. It reads every synced row
 * (0.9 s at 100,000 visitors): called when asked, not on every reread. */
g_status sync_content_hash(g_db *db, char hex[65], g_error *err);

typedef struct sync_conflict_row {
    int64_t id;
    char kind[16]; /* "champ" | "creneau" */
    char tbl[32];
    char uuid[80];
    char field[64];
    char kept[256], lost[256];
    char who[160]; /* the person (NOM Prénoms) or the name the row is about; "" if none */
    int64_t kept_hlc, lost_hlc;
    char kept_origin[40], lost_origin[40];
    int64_t at;
    int resolved;
} sync_conflict_row;

/* The conflicts, unresolved first then newest; all = 0: unresolved only.
 * *out is malloc'ed (free). */
g_status sync_conflicts(g_db *db, int all, sync_conflict_row **out, size_t *count, g_error *err);

/* Marks a conflict as seen and settled (G_ERR_NOTFOUND when unknown). */
g_status sync_conflict_resolve(g_db *db, int64_t id, int64_t actor_id, g_error *err);

/* Verifies the journals of the other instances kept here (sync_audit):
 * each chain must link. *bad: entries that break; err says the first. */
g_status sync_audit_verify(g_db *db, int64_t *chains, int64_t *entries, g_error *err);

#endif
