/* sync_internal.h — what sync_export.c, sync_import.c and sync_status.c
 * share: the columns of a synced table and the encoding of its cells. */
#ifndef GUICHET_SYNC_INTERNAL_H
#define GUICHET_SYNC_INTERNAL_H

#include <sqlite3.h>

#include "guichet/strbuf.h"
#include "guichet/sync.h"

#define SYNC_MAX_COLS 64

/* The columns of a table that travel, and their SQL to read one row with
 * rowids turned into identities. */
typedef struct sync_cols {
    const sync_table *t;
    int n;
    char *name[SYNC_MAX_COLS];
    const sync_fk *fk[SYNC_MAX_COLS]; /* NULL: a plain column */
    char *exprs;                      /* "expr, expr, …" over alias t */
} sync_cols;

g_status sync_cols_load(sqlite3 *db, const sync_table *t, sync_cols *c, g_error *err);
void sync_cols_free(sync_cols *c);
int sync_cols_find(const sync_cols *c, const char *name);

/* One cell as it travels: NULL "\N", blob "\x" + hex, text starting with a
 * backslash gets one more, numbers in decimal; an identity column (fk) as
 * the identity or "#n" for a rowid no synced row has. */
void sync_cell(sqlite3_stmt *st, int col, int fk, strbuf *out);

/* Empties a growing buffer, keeping its memory. */
void sync_cell_reset(strbuf *b);

/* The SELECT of a table's rows: for a pack, with their stamps, the rows
 * stamped after ?1, read in sync_row's key order (SYNC_SELECT_PACK: most
 * of the base) or found through the stamp's index (SYNC_SELECT_CHANGES: a
 * few changes); or every row for the content hash (SYNC_SELECT_HASH).
 * sqlite3_free. */
typedef enum sync_select { SYNC_SELECT_PACK, SYNC_SELECT_HASH, SYNC_SELECT_CHANGES } sync_select;
char *sync_select_sql(const sync_cols *c, sync_select mode);

/* The leading columns of an entity's file in a pack: _uuid, _origin, _hlc,
 * _base, _deleted and _champs (the stamp of each field, sync_stamps.c). A
 * pack of content format 1 has only the first five. */
#define SYNC_PACK_META      6
#define SYNC_PACK_META_V1   5
#define SYNC_CONTENT_FORMAT 2 /* the manifest's format: 1 still read */

/* The clock's current stamp and this base's instance id. */
g_status sync_clock_read(sqlite3 *db, int64_t *hlc, char instance[40], g_error *err);

/* ---- field stamps (sync_stamps.c, migration 061) ----------------------- */

#define SYNC_STAMP_BITS 64 /* bit i: the i-th synced column; bit 63: */
#define SYNC_KIDS_BIT   63 /* the rows of the table's child tables */

typedef struct sync_stamp {
    int64_t hlc; /* 0: never changed since the row was created */
    char origin[40];
} sync_stamp;

typedef struct sync_stamps {
    sync_stamp f[SYNC_STAMP_BITS];
} sync_stamps;

/* The stamp of each field of a row: text as in sync_row.fstamps (or a
 * pack's _champs), then the dirty fields at the row's stamp (hlc, origin).
 * Returns -1 on malformed text. */
int sync_stamps_read(const char *text, int64_t dirty, int64_t hlc, const char *origin,
                     sync_stamps *out);

/* -1, 0, 1: a older than, the same as, newer than b (hlc, then origin). */
int sync_stamp_cmp(const sync_stamp *a, const sync_stamp *b);

/* Field i takes the stamp of field from[i] (-1: none): a pack's column
 * order to this base's. */
void sync_stamps_remap(sync_stamps *s, const int *from);

/* Appends the text form of s (fields of stamp 0 left out). */
void sync_stamps_write(const sync_stamps *s, strbuf *out);

#endif
