/* commune.h — the official list of French communes (INSEE's Code officiel
 * géographique), so that a commune is typed by its name, shown by its name
 * and checked.
 *
 * The list is INSEE's v_commune_AAAA.csv as published (comma-separated,
 * UTF-8, header TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,
 * COMPARENT), imported whole by `guichet import communes` (it replaces the
 * previous one). TYPECOM COM (commune) and ARM (arrondissement of Paris,
 * Lyon, Marseille) are places a person lives in; COMD (commune déléguée)
 * and COMA (commune associée) are kept as aliases of their COMPARENT, so
 * that an old name finds the commune of today and an old code is stored as
 * today's.
 *
 * Without the list (never imported), a well-formed INSEE code is accepted
 * as it always was, and a name cannot be typed. Names are matched on
 * letters and digits only, accents, case, spaces, hyphens and apostrophes
 * ignored, with or without their article (« charite » finds « La
 * Charité-sur-Loire »). */
#ifndef GUICHET_COMMUNE_H
#define GUICHET_COMMUNE_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/db.h"
#include "guichet/error.h"

#define COMMUNE_NAME_MAX  200 /* bytes of a name (the longest is about 45 characters) */
#define COMMUNE_LABEL_MAX (COMMUNE_NAME_MAX + 8)

typedef struct commune_row {
    char code[6];                      /* INSEE code, "58079", "2A004", "97411" */
    char kind[5];                      /* COM, ARM, COMD, COMA */
    char name[COMMUNE_NAME_MAX];       /* « La Charité-sur-Loire » */
    char short_name[COMMUNE_NAME_MAX]; /* the name without its article (NCCENR) */
    char dep[4];                       /* département: 58, 2A, 971 */
    char parent[6];                    /* COMD, COMA: the commune it belongs to now; "" otherwise */
} commune_row;

/* --- the list -------------------------------------------------------------- */

typedef struct commune_import_result {
    int communes;        /* COM rows */
    int arrondissements; /* ARM rows */
    int aliases;         /* COMD and COMA rows */
} commune_import_result;

/* Reads INSEE's file at path and replaces the list with it, in one
 * transaction journaled "communes-import" (user_id; 0 = command line) with
 * the counts. All or nothing: a file that is not the list (a column
 * missing) or a bad row (unknown TYPECOM, malformed code, empty name, an
 * alias without its COMPARENT) is G_ERR_INVALID naming the line, and the
 * list stays as it was. G_ERR_IO when the file cannot be read. */
g_status commune_import(g_db *db, const char *path, int64_t user_id, commune_import_result *res,
                        g_error *err);

/* Replaces the list with n rows (the demo's small list); same transaction
 * and journal as commune_import. */
g_status commune_load(g_db *db, const commune_row *rows, size_t n, int64_t user_id, g_error *err);

/* The number of rows of the list; 0 = not imported. */
g_status commune_count(g_db *db, int64_t *count, g_error *err);

/* --- reading and checking ------------------------------------------------- */

/* The commune of today with that code (COM or ARM first, else the alias's
 * parent). G_ERR_NOTFOUND when the list does not have it. */
g_status commune_get(g_db *db, const char *code, commune_row *out, g_error *err);

/* Completion: the communes whose name (with or without its article)
 * starts with what was typed, or whose code starts with the digits typed;
 * a département may follow the name (« saint amand 62 », « Saint-Amand
 * (62) »). Communes first, aliases after (their parent in .parent),
 * shortest names first. At most max rows into rows; *count of them. */
g_status commune_search(g_db *db, const char *typed, commune_row *rows, int max, int *count,
                        g_error *err);

/* The form of a code alone, no database: "" is fine (not given); a code
 * starting with 99 is a foreign country, not a commune (honest message);
 * else normalize_insee_valid. G_ERR_INVALID, field "commune". */
g_status commune_check_code(const char *code, g_error *err);

/* A code as stored: commune_check_code, then, when the list is imported,
 * it must be on it (« 58999 n'est pas une commune de la liste de l'INSEE »).
 * canon gets the code upper-cased, an alias's replaced by today's commune's.
 * G_ERR_INVALID (field "commune"), G_ERR_DB. */
g_status commune_check(g_db *db, const char *code, char canon[6], g_error *err);

/* What a person typed in a commune field: a code, or a name (with a
 * département to choose among namesakes, « Saint-Amand (62) »), or the
 * unique commune whose name starts with it. code gets the INSEE code to
 * store and label « Clamecy (58) » (label may be NULL). "" gives "".
 * G_ERR_INVALID (field "commune") for a bad code, a name without the list,
 * no such commune, or several (the message names up to five, with their
 * département). */
g_status commune_resolve(g_db *db, const char *typed, char code[6], char *label, size_t lsize,
                         g_error *err);

/* « Clamecy (58) » for a code, the code itself when the list does not have
 * it (or is not imported), "" for "". A failing read is an error. */
g_status commune_label(g_db *db, const char *code, char *out, size_t size, g_error *err);

/* commune_label for n codes at once, into out (n labels of size bytes,
 * in the codes' order): one read of the base for the lot, each code read
 * once however often it comes (a list of visitors shares a few
 * communes). On failure the codes not yet read keep themselves. */
g_status commune_labels(g_db *db, const char *const *codes, int n, char *out, size_t size,
                        g_error *err);

#endif
