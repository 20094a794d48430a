/* migrate_table.h — the embedded migrations (generated migrations.c). */
#ifndef GUICHET_MIGRATE_TABLE_H
#define GUICHET_MIGRATE_TABLE_H

struct migration {
    int version;      /* NNN of src/core/sql/NNN_name.sql */
    const char *name; /* file name without .sql */
    const char *sql;
};

extern const struct migration migrations[];
extern const int migrations_count;

#endif
