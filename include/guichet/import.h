/* import.h — importing the directory: services and their structures, from
 * the files data·inclusion publishes (CSV or JSON) or guichet's own CSV.
 *
 * Services: columns are found by their header name, following the
 * data·inclusion v1 `services` file: id, source, nom, structure_id,
 * description, thematiques, adresse, complement_adresse, code_postal,
 * commune, code_insee, telephone, courriel, lien_source, horaires_accueil
 * (OSM opening_hours), modes_accueil, frais, publics, conditions_acces,
 * modes_mobilisation, mobilisable_par, lien_mobilisation, zone_eligibilite,
 * latitude, longitude, date_maj; plus guichet's structure (a name),
 * operateur and a_apporter (else justificatifs). Structures: id, source,
 * nom, siret, adresse, complement_adresse, code_postal, commune, code_insee,
 * telephone, courriel, site_web, description, horaires_accueil, latitude,
 * longitude, date_maj. Other columns are ignored and listed once in the
 * result; a column absent from the file leaves that field of an existing row
 * as it was.
 *
 * CSV: separator `;` or `,` (detected from the header), with or without a
 * UTF-8 BOM, CRLF or LF line ends; parsed with libcsv. A list cell is read
 * in every form the publishers write: `a,b`, the Python list that pandas
 * writes (`['a', 'b']`) and the PostgreSQL array (`{a,b}`).
 * JSON: an array of objects (pandas' orient=records, what data·inclusion
 * publishes): lists as JSON arrays, null for empty; read one element at a
 * time with json-c, so memory does not grow with the file.
 *
 * Limits are counted in characters (directory.h). Opening hours guichet
 * cannot read are kept as written with a warning, never a reason to refuse
 * a row; so are an impossible date_maj or position (dropped, with a
 * warning).
 *
 * All or nothing by default: every row is checked first; if any is bad,
 * nothing is imported and every bad row is listed with its line (CSV) or
 * element number (JSON) and the reason. With skip_bad_rows the good rows are
 * imported and the bad ones are written, with their reason, to
 * <file without extension>-rejets.csv beside the input. Rows are upserted
 * by (source, id) in one transaction, so re-importing an updated file
 * updates and never duplicates. */
#ifndef GUICHET_IMPORT_H
#define GUICHET_IMPORT_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "guichet/db.h"
#include "guichet/error.h"

typedef enum import_kind {
    IMPORT_SERVICES = 0, /* journaled as services-import */
    IMPORT_STRUCTURES,   /* journaled as structures-import */
} import_kind;

typedef struct import_options {
    int dry_run;       /* check and count only; nothing is written (no rejects file either) */
    int skip_bad_rows; /* import the good rows, write the bad ones beside the input */
} import_options;

typedef struct import_problem {
    int line;      /* CSV: physical line where the record starts (1 = header); JSON: element */
    char msg[480]; /* the reason, French, without the line number */
} import_problem;

#define IMPORT_WARNINGS_KEPT 200 /* warnings kept with their text; the rest are counted */

typedef struct import_result {
    int json;                 /* 1 when the file was JSON: numbers are elements, not lines */
    int lines;                /* data records read */
    int created;              /* new rows (would be, in a dry run) */
    int updated;              /* rows whose content changed */
    int unchanged;            /* rows already identical */
    int rejected;             /* bad rows left out (skip_bad_rows) */
    int renamed;              /* structures: services that got their structure's name */
    int not_utf8;             /* rows refused for text that is not UTF-8 (a file saved in
                                 another encoding shows as many) */
    import_problem *problems; /* malloc'd, nproblem entries; free with import_result_free */
    size_t nproblem;
    import_problem *warnings; /* malloc'd, the first IMPORT_WARNINGS_KEPT warnings */
    size_t nwarning;          /* entries in warnings */
    int warnings_total;       /* every warning, kept or not */
    char *ignored;            /* "type, frais_precisions, …": columns not used; NULL if none */
    int nignored;             /* how many */
    char rejects[PATH_MAX];   /* the file of rejected rows written, "" if none */
} import_result;

/* Imports the file at path (CSV or JSON, told by its first character) as
 * kind. user_id is journaled (0 = command line). Returns G_OK; G_ERR_INVALID
 * when the file has bad rows and skip_bad_rows is off (res->problems lists
 * them all, nothing was written) or when the file cannot be read at all
 * (missing required column, not a JSON array…); G_ERR_IO / G_ERR_DB / …
 * with err filled. res is always initialised; free it with
 * import_result_free. */
g_status import_file(g_db *db, import_kind kind, const char *path, const import_options *opt,
                     int64_t user_id, import_result *res, g_error *err);

/* import_file of services, all or nothing (dry_run as in import_options). */
g_status import_services(g_db *db, const char *path, int dry_run, int64_t user_id,
                         import_result *res, g_error *err);

/* Same, from a buffer of len bytes; name is what the journal records. */
g_status import_services_mem(g_db *db, const char *data, size_t len, const char *name, int dry_run,
                             int64_t user_id, import_result *res, g_error *err);

/* Parses a list cell (`a,b`, `['a', 'b']`, `{a,b}`) into "a,b" (items
 * trimmed, empty ones and Python's None dropped). Returns 0, or -1 with a
 * French reason in why when the cell is not a readable list or out is too
 * small. */
int import_parse_list(const char *cell, char *out, size_t size, char *why, size_t whysize);

void import_result_free(import_result *res);

#endif
