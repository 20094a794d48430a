/* migrate.c — brings a database up to the newest schema.
 *
 * user_version is the number of the last migration applied. All pending
 * migrations run in one BEGIN IMMEDIATE transaction: a crash half-way leaves
 * the previous version intact. */
#include <stdio.h>

#include "db_internal.h"
#include "guichet/i18n.h"
#include "migrate_table.h"

g_status migrate_run(g_db *db, g_error *err)
{
    int current;
    g_status s = db_schema_read(db, &current, err);
    if (s != G_OK || current >= db_schema_latest())
        return s;
    if ((s = db_begin(db, err)) != G_OK)
        return s;
    /* another desk may have migrated while we waited for the lock */
    if ((s = db_schema_read(db, &current, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    for (int i = 0; i < migrations_count; i++) {
        const struct migration *m = &migrations[i];
        if (m->version <= current)
            continue;
        if (sqlite3_exec(db->sql, m->sql, NULL, NULL, NULL) != SQLITE_OK) {
            char what[160];
            snprintf(what, sizeof what, _("mise à jour du schéma, %s"), m->name);
            s = db_fail(db, err, what);
            db_rollback(db);
            return s;
        }
        char sql[96];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", m->version);
        if ((s = db_exec(db, sql, err)) != G_OK) {
            db_rollback(db);
            return s;
        }
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d", GUICHET_APPLICATION_ID);
    if ((s = db_exec(db, sql, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    if ((s = db_commit(db, err)) != G_OK)
        return s;
    /* Write the new header (application_id, user_version) into the main file
     * now, so that another desk checking the raw header recognises it. */
    sqlite3_wal_checkpoint_v2(db->sql, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    return G_OK;
}
