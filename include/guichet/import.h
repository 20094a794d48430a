/* import.h — importing the directory of services from a CSV file.
 *
 * Columns are found by their header name, following the data·inclusion v1
 * service fields: id, source, nom, structure (or structure_id), description,
 * thematiques (comma-separated codes), adresse, code_postal, commune,
 * code_insee, telephone, courriel, lien_source, horaires_accueil (OSM
 * opening_hours), modes_accueil, frais, plus guichet's operateur and
 * a_apporter (else justificatifs). Other columns are ignored; a column absent
 * from the file leaves that field of an existing service as it was.
 * Separator `;` or `,` (detected from the header), with or without a UTF-8
 * BOM, CRLF or LF line ends; parsed with libcsv.
 *
 * All or nothing: every line is checked first; if any is bad, nothing is
 * imported and every bad line is listed with its number and the reason.
 * Otherwise services are upserted by (source, id) in one transaction, so
 * re-importing an updated file updates and never duplicates. */
#ifndef GUICHET_IMPORT_H
#define GUICHET_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/db.h"
#include "guichet/error.h"

typedef struct import_problem {
    int line;      /* physical line of the file where the record starts (1 = header) */
    char msg[480]; /* the reason, French, without the line number */
} import_problem;

typedef struct import_result {
    int lines;                /* data records read */
    int created;              /* new services (would be, in a dry run) */
    int updated;              /* services whose content changed */
    int unchanged;            /* services already identical */
    import_problem *problems; /* malloc'd, nproblem entries; free with import_result_free */
    size_t nproblem;
} import_result;

/* Imports the services CSV at path. dry_run only checks (and counts what
 * would be created or updated). user_id is journaled with the action
 * "services-import" (0 = command line). Returns G_OK, G_ERR_INVALID when the
 * file has bad lines (res->problems lists them all, nothing was written), or
 * G_ERR_IO / G_ERR_DB / … with err filled. res is always initialised; free it
 * with import_result_free. */
g_status import_services(g_db *db, const char *path, int dry_run, int64_t user_id,
                         import_result *res, g_error *err);

/* Same, from a buffer of len bytes; name is what the journal records. */
g_status import_services_mem(g_db *db, const char *data, size_t len, const char *name, int dry_run,
                             int64_t user_id, import_result *res, g_error *err);

void import_result_free(import_result *res);

#endif
