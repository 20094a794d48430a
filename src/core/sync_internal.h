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

/* The SELECT of a table's rows for a pack (mode 0: stamps, rows stamped
 * after ?1) or for the content hash (mode 1). sqlite3_free. */
char *sync_select_sql(const sync_cols *c, int mode);

/* The clock's current stamp and this base's instance id. */
g_status sync_clock_read(sqlite3 *db, int64_t *hlc, char instance[40], g_error *err);

#endif
