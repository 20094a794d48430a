/* sync_registry.c — which tables travel in a sync pack, how their rows are
 * known everywhere and which columns point at other rows
 * (docs/synchronisation.md). Columns are read from the schema at run time
 * (PRAGMA table_info): a column added by a later migration travels without
 * a change here. The triggers of migrations 041 and 060 (tools/gen-sync-sql.py) list
 * the same tables. */
#include <string.h>

#include "guichet/sync.h"

static const sync_fk no_fk[] = {{NULL, NULL, NULL}};
static const sync_fk team_member_fk[] = {
    {"user_id", "app_user", NULL}, {"granted_by", "app_user", NULL}, {NULL, NULL, NULL}};
static const sync_fk visitor_fk[] = {{"merged_into", "visitor", NULL}, {NULL, NULL, NULL}};
static const sync_fk resource_fk[] = {{"user_id", "app_user", NULL}, {NULL, NULL, NULL}};
static const sync_fk availability_fk[] = {{"resource_id", "resource", NULL}, {NULL, NULL, NULL}};
static const sync_fk avail_motif_fk[] = {{"motif_id", "motif", NULL}, {NULL, NULL, NULL}};
static const sync_fk appointment_fk[] = {{"resource_id", "resource", NULL},
                                         {"motif_id", "motif", NULL},
                                         {"visitor_id", "visitor", NULL},
                                         {"created_by", "app_user", NULL},
                                         {NULL, NULL, NULL}};
static const sync_fk visit_fk[] = {{"visitor_id", "visitor", NULL},
                                   {"agent_id", "app_user", NULL},
                                   {"created_by", "app_user", NULL},
                                   {"appointment_id", "appointment", NULL},
                                   {NULL, NULL, NULL}};
static const sync_fk orientation_fk[] = {{"visitor_id", "visitor", NULL},
                                         {"visit_id", "visit", NULL},
                                         {"service_id", "service", NULL},
                                         {"created_by", "app_user", NULL},
                                         {NULL, NULL, NULL}};
static const sync_fk orientation_history_fk[] = {
    {"orientation_id", "orientation", NULL}, {"user_id", "app_user", NULL}, {NULL, NULL, NULL}};
static const sync_fk note_fk[] = {
    {"visitor_id", "visitor", NULL}, {"author_id", "app_user", NULL}, {NULL, NULL, NULL}};
static const sync_fk note_version_fk[] = {{"author_id", "app_user", NULL}, {NULL, NULL, NULL}};
static const sync_fk note_key_fk[] = {{"reader_id", NULL, "reader_kind"}, {NULL, NULL, NULL}};

/* Order: a row comes after every row it points at (visit points at its
 * appointment); a child right after its parent. */
static const sync_table tables[] = {
    {"app_user", NULL, NULL, "failed_attempts locked_until last_login_at", no_fk, NULL},
    {"team_key", NULL, NULL, "", no_fk, NULL},
    {"team_member_key", "team_key", "team_key_id", "", team_member_fk, NULL},
    {"visitor", NULL, NULL, "", visitor_fk, "visitor"},
    {"resource", NULL, NULL, "", resource_fk, NULL},
    {"motif", NULL, NULL, "", no_fk, NULL},
    {"availability", NULL, NULL, "", availability_fk, NULL},
    {"availability_motif", "availability", "availability_id", "", avail_motif_fk, NULL},
    {"availability_exception", "availability", "availability_id", "", no_fk, NULL},
    {"appointment", NULL, NULL, "", appointment_fk, NULL},
    {"visit", NULL, NULL, "", visit_fk, NULL},
    {"visit_topic", "visit", "visit_id", "", no_fk, NULL},
    {"structure", NULL, NULL, "", no_fk, NULL},
    {"service", NULL, NULL, "", no_fk, "service"},
    {"service_theme", "service", "service_id", "", no_fk, NULL},
    {"orientation", NULL, NULL, "", orientation_fk, NULL},
    {"orientation_history", NULL, NULL, "", orientation_history_fk, NULL},
    {"note", NULL, NULL, "", note_fk, NULL},
    {"note_version", "note", "note_id", "", note_version_fk, NULL},
    {"note_key", "note", "note_id", "", note_key_fk, NULL},
};

const sync_table *sync_tables(size_t *count)
{
    *count = sizeof tables / sizeof tables[0];
    return tables;
}

const sync_table *sync_table_find(const char *name)
{
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        if (strcmp(tables[i].name, name) == 0)
            return &tables[i];
    return NULL;
}

int sync_col_keeps_newest(const char *table, const char *col)
{
    return strcmp(table, "visitor") == 0 && strcmp(col, "last_visit_at") == 0;
}
