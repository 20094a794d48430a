/* csvout.h — CSV files for spreadsheets and partners' databases, written
 * atomically, streamed, hashed while written, safe against formula injection.
 *
 * A file is first written to a hidden temporary name in the same directory
 * (".guichet-<name>.<random>.tmp", created with O_EXCL and mode 0640: never
 * world-readable), then csvout_commit() flushes it with fsync, renames it to
 * its final name and syncs the directory: a reader sees the previous complete
 * file or the new complete file, never half a file. A run killed before the
 * rename leaves only a temporary file, which csvout_clean_temps() removes.
 *
 * Cells are typed. Text cells go through the formula-injection rule (OWASP,
 * "CSV Injection"): a text value starting with '=', '+', '-', '@' (also
 * behind spaces, controls or invisible characters, and in their full-width
 * and small forms: csvout_is_dangerous), a tab, a carriage return or a line
 * feed is prefixed with an apostrophe ' and quoted, so a
 * spreadsheet shows it as text and never evaluates it. Integer and date cells
 * are written as they are ("-5" stays "-5"). Quoting and quote doubling are
 * done by libcsv (csv_write2), only for cells that need it (separator, quote,
 * CR or LF inside, or a neutralised value).
 *
 * Memory does not grow with the number of rows: a fixed 64 KiB buffer is
 * written out as it fills, and the SHA-256 is updated with every byte written
 * (libsodium's streaming crypto_hash_sha256). */
#ifndef GUICHET_CSVOUT_H
#define GUICHET_CSVOUT_H

#include <stdint.h>
#include "guichet/error.h"

/* Bytes of the file: separator, byte-order mark, line ending. */
typedef struct csvout_format {
    char separator; /* ';' (French spreadsheets), ',' or '\t' */
    int bom;        /* 1 = start with the UTF-8 byte-order mark EF BB BF */
    int crlf;       /* 1 = CRLF line endings, 0 = LF */
} csvout_format;

/* What a committed file is. */
typedef struct csvout_info {
    int64_t rows;    /* data rows, the header row excluded */
    int64_t bytes;   /* size of the file */
    char sha256[65]; /* lowercase hex SHA-256 of every byte of the file */
} csvout_info;

typedef struct csvout csvout;

/* Prefix and suffix of the temporary files (for csvout_clean_temps and the
 * documentation). */
#define CSVOUT_TMP_PREFIX ".guichet-"
#define CSVOUT_TMP_SUFFIX ".tmp"

/* Starts the file dir/name: creates its temporary file (mode 0640 minus the
 * umask) and writes the byte-order mark when asked. *out is malloc'd; finish
 * it with csvout_commit or csvout_abort. Fails with G_ERR_IO (a French message
 * naming the directory) when the directory is missing or not writable. */
g_status csvout_open(const char *dir, const char *name, const csvout_format *fmt, csvout **out,
                     g_error *err);

/* Appends cells to the current row. Errors are sticky (like stdio's ferror):
 * the first write error is kept and returned by csvout_commit, so rows can be
 * written without checking each cell. */

/* A text cell (UTF-8), neutralised when it starts with = + - @ TAB or CR.
 * NULL is an empty cell. */
void csvout_text(csvout *w, const char *s);
/* An integer cell, written in decimal, never altered. */
void csvout_int(csvout *w, int64_t v);
/* A typed non-text cell (a date "2026-03-28", a code the caller has checked,
 * a hash): written as it is, never neutralised; quoted only if it contains the
 * separator, a quote or a line break. NULL is an empty cell. */
void csvout_raw(csvout *w, const char *s);
/* An empty cell. */
void csvout_empty(csvout *w);
/* Ends the current row (CRLF or LF). */
void csvout_end_row(csvout *w);
/* A header row: count text cells, then the end of the row. Not counted in
 * csvout_info.rows. Call it first. */
void csvout_header(csvout *w, const char *const *names, int count);

/* Bytes written as they are, outside any cell or row (a binary signature
 * file opened without byte-order mark). */
void csvout_bytes(csvout *w, const void *p, size_t n);

/* The temporary file's path: a finished file (csvout_finish) can be read
 * back there until it is published or aborted. */
const char *csvout_temp_path(const csvout *w);

/* The status of the file so far (G_OK or the first write error). */
g_status csvout_status(const csvout *w, g_error *err);

/* Flushes, fsyncs, renames the temporary file to dir/name (replacing an older
 * file), fsyncs the directory and frees w. info (may be NULL) receives the row
 * count, size and SHA-256. On any error the temporary file is removed, the
 * previous file under the final name is left as it was, and w is freed. */
g_status csvout_commit(csvout *w, csvout_info *info, g_error *err);

/* The same commit in steps, so that a batch of files pays the directory sync
 * once:
 *   csvout_finish   flushes the buffered bytes, fills info (may be NULL) with
 *                   the row count, size and SHA-256, frees the 64 KiB buffer,
 *                   starts writing the file out and closes it (the file stays
 *                   under its temporary name, w stays alive, without a file
 *                   descriptor). May be called again: it then only gives info
 *                   back.
 *   csvout_publish  fsyncs the temporary file and renames it to its final
 *                   name, frees w. Atomic for a reader, but the rename is
 *                   durable only after csvout_sync_dir on the directory.
 * On error both return the first error; finish leaves w alive (abort it),
 * publish removes the temporary file and frees w. */
g_status csvout_finish(csvout *w, csvout_info *info, g_error *err);
g_status csvout_publish(csvout *w, g_error *err);

/* Durability for a whole batch of finished files of one directory, instead
 * of an fsync each (see publish_batch in export.c for the crash argument):
 *   csvout_sync_batch      makes the n finished files durable: one syncfs(2)
 *                          of dir's file system where it exists (dirfd: the
 *                          directory, opened before the files were written,
 *                          so that syncfs reports their write-back errors),
 *                          else an fsync of each file;
 *   csvout_publish_synced  renames a file so synced to its final name and
 *                          frees w, without an fsync of its own; durable
 *                          after csvout_sync_dir.
 * On error, sync_batch leaves the files alive (abort them); publish_synced
 * removes the temporary file and frees w. */
g_status csvout_sync_batch(int dirfd, const char *dir, csvout *const *files, int n, g_error *err);
g_status csvout_publish_synced(csvout *w, g_error *err);

/* fsync of a directory: makes the renames and removals done in it durable.
 * File systems that refuse it (vfat, some network mounts) are not an error. */
g_status csvout_sync_dir(const char *dir, g_error *err);

/* Removes the temporary file and frees w (NULL is allowed). */
void csvout_abort(csvout *w);

/* Removes the temporary files left in dir by a killed run (names starting with
 * CSVOUT_TMP_PREFIX and ending with CSVOUT_TMP_SUFFIX). Call it only while
 * holding the lock that serialises writers of that directory. *removed (may be
 * NULL) receives how many were removed. */
g_status csvout_clean_temps(const char *dir, int *removed, g_error *err);

/* 1 when a text value would be neutralised: it starts with a tab, a carriage
 * return or a line feed, or its first character after any spaces (every
 * Unicode space separator), controls and invisible format characters
 * (zero-width spaces, BOM, bidi marks…) is = + - @ or one of their
 * full-width or small forms (＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫). */
int csvout_is_dangerous(const char *s);

/* Removes dir/name (if present) and syncs the directory. */
g_status csvout_remove(const char *dir, const char *name, g_error *err);

#endif
