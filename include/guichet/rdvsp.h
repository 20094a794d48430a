/* rdvsp.h — the appointments of RDV Service Public in guichet's statistics.
 *
 * Many France Services book some appointments in RDV Service Public, the
 * State's booking tool. Its export (the « Exporter les RDV » spreadsheet,
 * saved as CSV from LibreOffice or Excel) has French headers: année, date
 * prise rdv, heure prise rdv, origine, date rdv, heure rdv, service, motif,
 * contexte, statut, lieu, professionnel.le(s), usager(s), … Columns are found
 * by their header name; dates are JJ/MM/AAAA, times 14h30 (or 14:30);
 * separator `;` or `,`; UTF-8 or Windows-1252 (Excel's "CSV"), with or
 * without BOM.
 *
 * Each row becomes one external appointment (table external_appointment):
 * its start, booking time, service and the partner operator it stands for
 * (ref_rdvsp_services: « CAF » → caf, « Impôts » → dgfip…; else the motif's
 * words; else none), motif, place (sur-place, telephone, domicile, visio),
 * status mapped to guichet's (Rendez-vous honoré → honore, Annulé (excusé) →
 * excuse, Annulé (par le service) → annule-service, Absence non excusée →
 * absent, À renseigner / à venir → a-venir) and origin. Names, birth dates,
 * e-mails, communes of visitors or agents are never stored: they only enter
 * the row's fingerprint, so that importing an export again (or a later one
 * that overlaps) updates the statuses and never counts twice.
 *
 * All or nothing, in one transaction, journaled as rdvsp-import. */
#ifndef GUICHET_RDVSP_H
#define GUICHET_RDVSP_H

#include <stdint.h>

#include "guichet/db.h"
#include "guichet/error.h"
#include "guichet/import.h"

#define RDVSP_UNMAPPED_MAX 16

typedef struct rdvsp_result {
    import_result rows; /* lines, created, updated, unchanged, problems, ignored columns */
    char first_day[11]; /* the period the file covers, YYYY-MM-DD ("" if empty) */
    char last_day[11];
    int with_operator; /* rows whose service is a known partner */
    int nunmapped;     /* distinct services with no partner */
    struct {
        char service[128];
        int count;
    } unmapped[RDVSP_UNMAPPED_MAX];
} rdvsp_result;

/* Imports the export at path. dry_run checks and counts only. Returns G_OK,
 * G_ERR_INVALID with res->rows.problems listing every bad line (nothing
 * written), or G_ERR_IO / G_ERR_DB with err filled. Free with
 * import_result_free(&res->rows). */
g_status rdvsp_import(g_db *db, const char *path, int dry_run, int64_t user_id, rdvsp_result *res,
                      g_error *err);

/* The partner operator code a service (or motif) name stands for, "" when
 * none: whole words of ref_rdvsp_services, accents and case ignored. */
const char *rdvsp_operator_of(const char *name);

#endif
