/* visitor.h — the people who come to the desk: their file, search as you
 * type, duplicates and merging.
 *
 * Only the last name is required. Every text field has a maximum, in
 * characters (not bytes), exposed below so that forms can show "(max 80)";
 * the buffers of struct visitor hold a few characters more so that an
 * over-long entry is still seen as over-long and refused with the maximum in
 * the message. Validation never changes what was typed; visitor_save stores
 * canonical forms (E.164 phone, ISO dates, upper-case 2A/2B) and writes them
 * back into the struct.
 *
 * Search (visitor_search) is built for a screen that asks again at every
 * keystroke: it answers from the FTS5 index or an indexed column, never a
 * scan of the table, into a caller-provided array (no allocation). */
#ifndef GUICHET_VISITOR_H
#define GUICHET_VISITOR_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/db.h"
#include "guichet/error.h"
#include "guichet/user.h"

/* Maxima in characters, shown by forms. */
#define VISITOR_NAME_MAX     80 /* last_name, birth_name, first_names */
#define VISITOR_DATE_MAX     10 /* birth_date, consent_date: JJ/MM/AAAA */
#define VISITOR_INSEE_MAX    5
#define VISITOR_POSTAL_MAX   5
#define VISITOR_PHONE_MAX    25 /* as typed, separators included */
#define VISITOR_EMAIL_MAX    254
#define VISITOR_LANGUAGE_MAX 40

/* Buffer size for a field of m characters: up to 4 bytes each, plus room for
 * a few characters more so that over-long input stays detectable. */
#define VISITOR_BUF(m) ((m)*4 + 16)

/* The form's fields, in form order; g_error.field names one of these. */
#define VISITOR_FIELD_LIST                                                                         \
    "last_name", "birth_name", "first_names", "birth_date", "sex", "commune", "postal_code",       \
        "phone", "email", "preferred_contact", "language", "consent_date", "consent_kind"

typedef struct visitor {
    int64_t id;                                      /* 0 = not saved yet */
    char uuid[37];                                   /* set at creation */
    char last_name[VISITOR_BUF(VISITOR_NAME_MAX)];   /* nom d'usage, required */
    char birth_name[VISITOR_BUF(VISITOR_NAME_MAX)];  /* nom de naissance */
    char first_names[VISITOR_BUF(VISITOR_NAME_MAX)]; /* prénoms, space separated */
    char birth_date[VISITOR_BUF(VISITOR_DATE_MAX)]; /* typed JJ/MM/AAAA or AAAA-MM-JJ; stored ISO */
    char sex[16];                                   /* "F", "M", "non-communique"; "" = n.c. */
    char commune[VISITOR_BUF(VISITOR_INSEE_MAX)];   /* INSEE code, "2A004" */
    char postal_code[VISITOR_BUF(VISITOR_POSTAL_MAX)];
    char phone[VISITOR_BUF(VISITOR_PHONE_MAX)]; /* any French format; stored E.164 */
    char email[VISITOR_BUF(VISITOR_EMAIL_MAX)];
    char preferred_contact[16];                       /* "", telephone, sms, courriel, courrier */
    char language[VISITOR_BUF(VISITOR_LANGUAGE_MAX)]; /* language spoken, free text */
    int needs_digital_help;                           /* 0/1: help with digital tools */
    int reading_difficulty;                           /* 0/1: reading or writing difficulty */
    int no_french;                                    /* 0/1: does not speak French */
    int disability;                                   /* 0/1 */
    char consent_date[VISITOR_BUF(VISITOR_DATE_MAX)]; /* consent to keep the file; "" = none */
    char consent_kind[8];                             /* "", "oral", "ecrit" */
    int64_t created_at;                               /* UTC; set by visitor_save */
    int64_t updated_at;                               /* UTC; the version loaded (stale check) */
    int64_t last_visit_at;                            /* arrival of the latest request, 0 = none */
    int64_t merged_into;                              /* survivor's id when merged away, else 0 */
    int64_t anonymised_at;                            /* 0 = not anonymised */
} visitor;

/* Empties v (a new file: sex "non-communique", everything else blank). */
void visitor_init(visitor *v);

/* The maximum in characters of a field named as in VISITOR_FIELD_LIST, 0
 * for fields that are a choice (sex, preferred_contact, consent_kind) or
 * unknown. */
int visitor_field_max(const char *field);

/* Checks one field (named as in VISITOR_FIELD_LIST) of v. G_OK, or
 * G_ERR_INVALID with err->field = field and a French message naming the
 * field: too long (with the maximum), impossible or future date, malformed
 * INSEE code, postal code, phone or e-mail, unknown choice. Uses clock_now()
 * for "future". */
g_status visitor_validate_field(const visitor *v, const char *field, g_error *err);

/* Checks every field in form order and reports the first at fault, plus the
 * rules across fields (a consent kind needs a date and the other way round). */
g_status visitor_validate(const visitor *v, g_error *err);

/* Creates (v->id == 0) or updates the file, in one transaction journaled as
 * "visitor-create" / "visitor-update" (object "visitor:<uuid>", detail = the
 * names of the fields changed, never their values). actor_id: the user.
 * On success v holds what was stored (id, uuid, timestamps, canonical
 * phone/dates/INSEE). An update whose v->updated_at is not the stored one
 * (another desk saved in between) is refused with G_ERR_CONFLICT; set
 * updated_at to 0 to overwrite anyway. A merged or anonymised file cannot be
 * updated (G_ERR_CONFLICT). Does NOT check duplicates: call
 * visitor_find_duplicates first and show the candidates. */
g_status visitor_save(g_db *db, int64_t actor_id, visitor *v, g_error *err);

/* Loads a file by id (also a merged one: see merged_into). G_ERR_NOTFOUND. */
g_status visitor_get(g_db *db, int64_t id, visitor *out, g_error *err);

/* One line of a result list. */
typedef struct visitor_row {
    int64_t id;
    char last_name[VISITOR_NAME_MAX * 4 + 1];
    char first_names[VISITOR_NAME_MAX * 4 + 1];
    char birth_name[VISITOR_NAME_MAX * 4 + 1];
    char birth_date[11]; /* "YYYY-MM-DD" or "" */
    int birth_year;      /* 0 = unknown */
    char commune[6];     /* INSEE code or "" */
    char postal_code[6];
    char phone[20];        /* E.164 or "" */
    int64_t last_visit_at; /* UTC, 0 = never came */
    int match;             /* visitor_find_duplicates: VISITOR_DUP_* bits */
} visitor_row;

#define VISITOR_DUP_NAME  1 /* same normalised name (or birth name) and birth date */
#define VISITOR_DUP_PHONE 2 /* same phone number */

/* "Lefèvre Élodie" (last name, then first names) into out; a name longer
 * than out is cut on a character boundary. */
void visitor_row_name(const visitor_row *r, char *out, size_t size);

/* The same for a visitor's file. */
void visitor_name(const visitor *v, char *out, size_t size);

/* Finds active files that may be the same person as v: the same birth date
 * and the same normalised last name (or birth name) and first given name
 * ("Jean-Pierre" = "jean pierre", accents and case ignored), or the same
 * phone (any format typed). v itself (v->id) is excluded. Fills rows[0 ..
 * *count-1] (at most max), most recently seen first, each with its match
 * bits. v's fields need not be valid: what cannot be normalised is ignored. */
g_status visitor_find_duplicates(g_db *db, const visitor *v, visitor_row *rows, int max, int *count,
                                 g_error *err);

/* A manager (role responsable, checked) merges the file merged_id into
 * survivor_id, in one transaction: every row of every table that references
 * visitor(id) — requests (visit), appointments, confidential notes,
 * orientations… found from the schema's foreign keys, so later tables follow
 * without a change here — moves to the survivor; the survivor's blank fields
 * are filled from the other file and the flags are OR-ed; the merged file is
 * kept, marked merged_into = survivor and removed from search. Journaled
 * "visitor-merge" (object the merged file, detail the survivor and the rows
 * moved per table). G_ERR_DENIED for another role, G_ERR_INVALID for a file
 * merged into itself, G_ERR_CONFLICT when either file is already merged or
 * anonymised, G_ERR_NOTFOUND. */
g_status visitor_merge(g_db *db, int64_t actor_id, int64_t survivor_id, int64_t merged_id,
                       g_error *err);

/* Search as you type. query is what is in the search box:
 * - a date (12/03/1961, 1961-03-12) → the files born that day;
 * - only digits and phone separators with at least 4 digits ("0612",
 *   "06 12 34", "+33 6 12", "612 34") → phone numbers starting so (national
 *   form; a number typed without its leading 0 is also tried);
 * - anything else → words, each a prefix of a word of the last, birth or
 *   first names, all required ("elod" → Élodie, "lefevre" → Lefèvre, "ngugi"
 *   → Ngũgĩ, "n'diaye"/"ndiaye"/"diaye" → N'Diaye, "jean pier" → Jean-Pierre).
 * An incomplete date or fewer than 4 digits gives no rows (G_OK).
 * Results: rows[0 .. *count-1], at most max; *more (may be NULL) = 1 when
 * there were more matches than shown. Merged and anonymised files are never
 * found. A keystroke never reads nor sorts all the matches:
 * - names: most recently seen first (then newest file), among the newest
 *   matching files only — VISITOR_SEARCH_SCREENS times max of them, at least
 *   VISITOR_SEARCH_RANKED — so for a very broad query ("m", "jean") an old
 *   file seen recently may rank after newer files; the next letters narrow
 *   the matches until they all fit in that window and the order is exact;
 * - phone: by number (national form), then oldest file first, read in the
 *   order of the phone index up to max + 1;
 * - birth date: most recently seen first (few files share a birth date). */
#define VISITOR_SEARCH_SCREENS 3
#define VISITOR_SEARCH_RANKED  60
g_status visitor_search(g_db *db, const char *query, visitor_row *rows, int max, int *count,
                        int *more, g_error *err);

/* Makes the first keystrokes of a session as quick as the next ones: runs
 * one name search and one phone search (their statements prepared, the
 * search indexes' first pages read), then, once per connection, fills the
 * connection's page cache with the newest files' pages (bounded by the
 * cache's size, not the base's, and by 50 ms a call, the next one going
 * on: 9 to 20 ms the first time on the bench's virtual machine, well under
 * one the next). The screens call
 * it when a search screen opens, before the first keystroke. */
g_status visitor_search_warm(g_db *db, g_error *err);

/* One past request of a visitor (their file's history). */
typedef struct visitor_request {
    int64_t visit_id;
    int64_t arrived_at; /* UTC */
    char state[12];     /* attente, en-cours, termine, parti */
    char channel[24];
    char help_type[24]; /* "" until closed */
    char outcome[16];   /* "" until closed */
    char operators[96]; /* operator codes of its topics, "caf,cpam" */
    int duration_min;   /* -1 until closed */
    char agent_name[USER_NAME_MAX + 1];
    char comment[256 * 4];
} visitor_request;

/* The visitor's requests, newest first; *out is malloc'd (free() it), NULL
 * when *count is 0. */
g_status visitor_history(g_db *db, int64_t visitor_id, visitor_request **out, size_t *count,
                         g_error *err);

/* Rebuilds the name-search index from the visitor table (after a bulk load or
 * if `guichet check` finds it out of step). */
g_status visitor_reindex(g_db *db, g_error *err);

/* Merges the name-search index back into one segment (FTS5 'merge' of
 * VISITOR_INDEX_MERGE_PAGES pages at a time, each its own short write
 * transaction, so that other desks wait at most one step). Every saved
 * file adds a small segment and a keystroke opens each of them (see
 * docs/performance.md, "Recherche"); the daily purge calls this. Nothing to
 * do on an index already in one segment. *steps (may be NULL) = the number
 * of steps that merged something. */
#define VISITOR_INDEX_MERGE_PAGES 256
g_status visitor_index_compact(g_db *db, int *steps, g_error *err);

/* Checks that the name-search index matches the table (FTS5 integrity-check
 * against its content). G_OK or G_ERR_CONFLICT. */
g_status visitor_index_check(g_db *db, g_error *err);

#endif
