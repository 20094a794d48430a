/* directory.h — the directory of partner services.
 *
 * A service follows the data·inclusion v1 service fields: national operators
 * (data/services-national.csv) and local structures, with contact details,
 * opening hours (hours.h) and thématiques (ref.h). Services come from a source
 * (`guichet-national`, `local`, a data·inclusion source) and keep that
 * source's id, so that re-importing a file updates rather than duplicates
 * (import.h). Search as you type is accent- and case-insensitive on every
 * word's prefix (an FTS5 index), never a table scan. */
#ifndef GUICHET_DIRECTORY_H
#define GUICHET_DIRECTORY_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/db.h"
#include "guichet/error.h"

#define SERVICE_MAX_THEMES 64

/* Text limits are counted in characters (code points), as the data·inclusion
 * schema counts them, not in bytes: a buffer holds chars × 4 bytes of UTF-8
 * plus the NUL. directory_validate checks the counts. */
#define SERVICE_BUF(chars)        ((chars)*4 + 1)
#define SERVICE_NAME_CHARS        255
#define SERVICE_DESCRIPTION_CHARS 10000 /* the schema's maximum */
#define SERVICE_LONG_CHARS        2000  /* to_bring, conditions */
#define SERVICE_HOURS_CHARS       500

typedef struct g_service {
    int64_t id;          /* 0 = not saved yet */
    char uuid[37];       /* set at creation */
    char source[64];     /* "guichet-national", "local", a data·inclusion source */
    char source_id[256]; /* the id within source */
    char name[SERVICE_BUF(SERVICE_NAME_CHARS)];      /* required */
    char structure[SERVICE_BUF(SERVICE_NAME_CHARS)]; /* the structure's name, shown */
    char structure_id[256]; /* the structure's id in source (structures import) */
    char operator_code[32]; /* ref_operators code, "" = a local structure */
    char description[SERVICE_BUF(SERVICE_DESCRIPTION_CHARS)];
    char to_bring[SERVICE_BUF(SERVICE_LONG_CHARS)];   /* documents and things to bring */
    char conditions[SERVICE_BUF(SERVICE_LONG_CHARS)]; /* conditions d'accès */
    char address[SERVICE_BUF(SERVICE_NAME_CHARS)];    /* street address */
    char postal_code[8];                              /* 5 digits or "" */
    char commune[SERVICE_BUF(127)];                   /* commune label */
    char insee[8]; /* INSEE code (5 characters, 2A/2B for Corsica) or "" */
    char phone[64];
    char email[256];
    char web[SERVICE_BUF(SERVICE_NAME_CHARS)];
    char hours[SERVICE_BUF(SERVICE_HOURS_CHARS)]; /* OSM opening_hours text, "" = unknown; kept
                                                     as written even when guichet cannot read it */
    char modes[64];                               /* comma list of en-presentiel, a-distance */
    char fees[128]; /* comma list of gratuit, gratuit-sous-conditions, payant, … */
    char publics[SERVICE_BUF(1023)];     /* comma list of data·inclusion v1 publics codes */
    char mobilisation[512];              /* modes_mobilisation: comma list of codes */
    char mobilisable_by[128];            /* mobilisable_par: comma list (usagers, professionnels) */
    char mobilisation_link[1024];        /* lien_mobilisation: https://… */
    char eligibility[SERVICE_BUF(2047)]; /* zone_eligibilite: COG codes or "france" */
    int has_position;                    /* 1 when latitude/longitude are known */
    double latitude, longitude;          /* WGS 84 */
    char source_updated[11];             /* date_maj: YYYY-MM-DD ("mis à jour le"), "" = unknown */
    int ntheme;                          /* number of themes */
    char themes[SERVICE_MAX_THEMES][96]; /* thématique codes */
    int64_t created_at;
    int64_t updated_at;
} g_service;

/* The reception modes and fee codes accepted (data·inclusion v1), each a
 * NULL-terminated array with parallel French labels. */
extern const char *const directory_modes[];
extern const char *const directory_mode_labels[];
extern const char *const directory_fees[];
extern const char *const directory_fee_labels[];

/* Checks every field of s as a form or an import line would: name, source and
 * source id present, operator known, thématiques known, postal code (5 digits),
 * INSEE code, e-mail shape, modes and fees known, valid UTF-8 within the
 * character limits. Opening hours are never a reason to refuse a service:
 * hours guichet cannot read are kept as written (directory_hours_warning).
 * Fills err with the first problem, naming the field ("name",
 * "postal_code", …). */
g_status directory_validate(const g_service *s, g_error *err);

/* When s->hours is set but not in the subset of opening_hours guichet reads,
 * writes why into msg (French, « horaires gardés tels quels : … ») and
 * returns 1; else 0. The hours are then shown as written. */
int directory_hours_warning(const g_service *s, char *msg, size_t size);

/* Gives the services of (source, structure_id) the structure name `name`
 * (search index included), without a transaction of its own (the structures
 * import holds one). *changed (may be NULL) gets how many changed. */
g_status directory_set_structure_name(g_db *db, const char *source, const char *structure_id,
                                      const char *name, int *changed, g_error *err);

/* Loads the service with that id. G_ERR_NOTFOUND if none. */
g_status directory_get(g_db *db, int64_t id, g_service *out, g_error *err);

/* Loads by (source, source_id). G_ERR_NOTFOUND if none. */
g_status directory_get_by_source(g_db *db, const char *source, const char *source_id,
                                 g_service *out, g_error *err);

/* Validates and saves s: inserts when s->id is 0 (sets s->id, uuid and
 * timestamps; G_ERR_EXISTS if (source, source_id) is taken) or updates the
 * row s->id, themes included. One transaction, journaled as "service-add" /
 * "service-edit" by user_id (0 = command line). */
g_status directory_save(g_db *db, int64_t user_id, g_service *s, g_error *err);

/* Writes s without validating, journaling or opening a transaction: for the
 * importer, which has validated every line and holds the transaction. Sets
 * s->id, uuid and timestamps when inserting. */
g_status directory_store(g_db *db, g_service *s, g_error *err);

/* 1 when a and b hold the same content (ids and timestamps aside). */
int directory_same(const g_service *a, const g_service *b);

/* What search as you type shows: one line of the result list. */
typedef struct directory_hit {
    int64_t id;
    char name[256];
    char structure[256];
    char operator_code[32]; /* "" = local structure */
    char commune[128];
    char phone[64];
    char hours[512]; /* to compute "ouvert" / "fermé — ouvre …" (hours.h) */
} directory_hit;

typedef struct directory_filter {
    const char *text;          /* what was typed; NULL or "" = everything */
    const char *operator_code; /* NULL/"" = any; DIRECTORY_LOCAL = local structures only */
    const char *category;      /* thématique category code (ref_themes entry whose
                                  category is NULL); its themes match too; NULL/"" = any */
    const char *commune;       /* commune label or INSEE code; NULL/"" = any */
} directory_filter;

#define DIRECTORY_LOCAL "-"

/* Search as you type: every word typed is the prefix of a word of the name,
 * description or structure, accents and case ignored ("epi sol" finds
 * « Épicerie solidaire »). Best matches first (then by name), at most limit
 * rows. *out is malloc'd (free it), NULL when count is 0. */
g_status directory_search(g_db *db, const directory_filter *f, int limit, directory_hit **out,
                          size_t *count, g_error *err);

/* The distinct commune labels of the directory, sorted, for the filter.
 * *out is an array of count malloc'd strings: free with directory_free_list. */
g_status directory_communes(g_db *db, char ***out, size_t *count, g_error *err);
void directory_free_list(char **list, size_t count);

/* Number of services in the directory. */
g_status directory_count(g_db *db, int *count, g_error *err);

#endif
