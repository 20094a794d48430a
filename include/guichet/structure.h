/* structure.h — the structures that offer the directory's services, as
 * data·inclusion publishes them (v1 `structures` file: id, source, nom,
 * siret, address, contact, opening hours…). A service names its structure by
 * (source, structure_id); importing the structures (import.h) gives those
 * services the structure's real name. */
#ifndef GUICHET_STRUCTURE_H
#define GUICHET_STRUCTURE_H

#include <stdint.h>

#include "guichet/db.h"
#include "guichet/directory.h"
#include "guichet/error.h"

typedef struct g_structure {
    int64_t id;                                 /* 0 = not saved yet */
    char source[64];                            /* the producer, as for services */
    char source_id[256];                        /* the v1 `id` */
    char name[SERVICE_BUF(SERVICE_NAME_CHARS)]; /* required */
    char siret[16];                             /* 14 digits or "" */
    char address[SERVICE_BUF(SERVICE_NAME_CHARS)];
    char postal_code[8];
    char commune[SERVICE_BUF(127)];
    char insee[8];
    char phone[64];
    char email[256];
    char web[SERVICE_BUF(SERVICE_NAME_CHARS)];
    char description[SERVICE_BUF(SERVICE_DESCRIPTION_CHARS)];
    char hours[SERVICE_BUF(SERVICE_HOURS_CHARS)]; /* kept as written */
    int has_position;
    double latitude, longitude;
    char source_updated[11]; /* date_maj, YYYY-MM-DD or "" */
} g_structure;

/* Checks a structure as the import does: source, id and name present,
 * valid UTF-8 within the limits (characters), postal code, INSEE code,
 * SIRET (14 digits), date. */
g_status structure_validate(const g_structure *s, g_error *err);

/* Inserts or updates by (source, source_id), without a transaction or a
 * journal entry of its own (the import holds both), then gives the services
 * of that structure its name. *created is 1 for a new row, 0 for an update
 * (-1 when nothing changed); *renamed (may be NULL) gets how many services
 * got the name. */
g_status structure_store(g_db *db, g_structure *s, int *created, int *renamed, g_error *err);

/* The name of structure (source, source_id) into name; G_ERR_NOTFOUND when
 * it has not been imported. */
g_status structure_name(g_db *db, const char *source, const char *source_id, char *name,
                        size_t size, g_error *err);

#endif
