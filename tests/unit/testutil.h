/* testutil.h — shared helpers for the cmocka unit tests.
 *
 * Each test gets a real SQLite file in a fresh temporary directory, removed
 * at the end (tu_cleanup). */
#ifndef GUICHET_TESTUTIL_H
#define GUICHET_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "guichet/config.h"
#include "guichet/db.h"

/* A fresh temporary directory (static buffer, valid until tu_cleanup). */
const char *tu_tmpdir(void);

/* path of name inside tu_tmpdir() (static rotating buffers, 8 deep). */
const char *tu_path(const char *name);

/* Creates and opens a new empty guichet database in the temp dir, with the
 * site row filled (matricule FS-TEST-0001, Europe/Paris). */
g_db *tu_db_new(void);

/* Default settings with a small password policy suitable for tests. */
void tu_config(g_config *cfg);

/* Removes the temporary directory and everything in it. */
void tu_cleanup(void);

/* Freezes the clock at the given UTC date-time ("2026-03-29T08:00:00Z"). */
void tu_clock(const char *iso);

/* Runs a command through the shell and returns its exit status. */
int tu_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Fault injection, SQLite's own: from now on every statement of db whose
 * SQL text contains needle fails while it runs (SQLite's progress handler
 * interrupts it: sqlite3_step returns SQLITE_INTERRUPT), as a disk error or
 * a lock would in the middle of a query. Preparing still works, so the
 * failure lands on a step, where a careless loop reads it as "no rows".
 * tu_fail_sql(db, NULL) stops it. One needle at a time. */
void tu_fail_sql(g_db *db, const char *needle);

/* The same, sparing the first nth − 1 runs of that statement (the ones a
 * function makes before the one under test). */
void tu_fail_sql_from(g_db *db, const char *needle, int nth);

/* A second connection to the file of db (busy_timeout 0), as another
 * process would hold it: to change the schema behind db's back, lock it or
 * add a failing trigger. Close it with sqlite3_close. */
struct sqlite3 *tu_second_connection(g_db *db);

/* Another connection makes every journal insert of db's file fail (a
 * trigger RAISE(ABORT, 'journal indisponible') added behind guichet's
 * back), or (down = 0) lifts it. */
void tu_journal_down(g_db *db, int down);

/* Pages SQLite fetched for db (from its cache or the file) since the last
 * call: what a query reads, counted without timing it. */
int tu_pages_fetched(g_db *db);

#endif
