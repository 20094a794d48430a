/* test_visitor.c — visitors' files: validation, saving, search as you type,
 * duplicates, merging, history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "guichet/clock.h"
#include "guichet/normalize.h"
#include "guichet/visitor.h"
#include "testutil.h"

/* ---- fixtures ----------------------------------------------------------- */

/* A staff account inserted directly (no Argon2: fast tests). */
static int64_t add_user(g_db *db, const char *login, const char *role)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO app_user (login, display_name, role, password_hash, public_key, "
             "sealed_secret_key, seal_nonce, kdf_salt, kdf_opslimit, kdf_memlimit, created_at, "
             "updated_at) VALUES ('%s', 'Agent %s', '%s', 'x', zeroblob(32), x'00', x'00', "
             "x'00', 1, 1, 0, 0)",
             login, login, role);
    g_error err = {0};
    assert_int_equal(db_exec(db, sql, &err), G_OK);
    return sqlite3_last_insert_rowid(db_sql(db));
}

static g_db *db;
static int64_t agent, manager;

static int setup(void **state)
{
    (void)state;
    tu_clock("2026-03-29T08:00:00Z");
    db = tu_db_new();
    agent = add_user(db, "agathe", "accueil");
    manager = add_user(db, "sophie", "responsable");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    tu_cleanup();
    return 0;
}

static int64_t save(const char *last, const char *first, const char *birth, const char *phone)
{
    visitor v;
    visitor_init(&v);
    snprintf(v.last_name, sizeof v.last_name, "%s", last);
    snprintf(v.first_names, sizeof v.first_names, "%s", first);
    snprintf(v.birth_date, sizeof v.birth_date, "%s", birth);
    snprintf(v.phone, sizeof v.phone, "%s", phone);
    g_error err = {0};
    if (visitor_save(db, agent, &v, &err) != G_OK)
        fail_msg("visitor_save(%s): %s", last, err.msg);
    return v.id;
}

static int64_t scalar(const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL), SQLITE_OK);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

/* Adds a finished request for visitor id at instant t (raw SQL: the visit
 * module has its own tests). */
static void add_visit(int64_t visitor_id, int64_t t)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO visit (uuid, visitor_id, arrived_at, started_at, ended_at, state, "
             "agent_id, help_type, autonomy, duration_min, outcome, created_at, updated_at) "
             "VALUES (lower(hex(randomblob(16))), %lld, %lld, %lld, %lld, 'termine', %lld, "
             "'information', 'autonome', 5, 'resolu', %lld, %lld); "
             "UPDATE visitor SET last_visit_at = max(last_visit_at, %lld) WHERE id = %lld",
             (long long)visitor_id, (long long)t, (long long)t, (long long)t + 300,
             (long long)agent, (long long)t, (long long)t, (long long)t, (long long)visitor_id);
    g_error err = {0};
    assert_int_equal(db_exec(db, sql, &err), G_OK);
}

/* ---- search: same rows as the reference, whatever the index's layout ---- */

/* The name search as it was before migration 064 (a plain JOIN), run as is:
 * the reference the search must still agree with, row for row. */
#define OLD_NAME_SQL                                                                               \
    "SELECT v.id FROM (SELECT rowid AS id FROM visitor_fts WHERE visitor_fts MATCH ?1 ORDER BY "   \
    "rowid DESC LIMIT ?2) f JOIN visitor v ON v.id = f.id WHERE v.merged_into IS NULL AND "        \
    "v.anonymised_at IS NULL ORDER BY v.last_visit_at DESC, v.id DESC LIMIT ?3"

static unsigned lcg_state;
static unsigned lcg(unsigned n)
{
    lcg_state = lcg_state * 1103515245u + 12345u;
    return (lcg_state >> 16) % n;
}

typedef struct ref_person {
    int64_t id, last_visit_at;
    char words[256]; /* search_names */
} ref_person;

/* 1 when each word of the FTS query ("w1"* "w2"*) is the beginning of a
 * word of names, and each exact one ("w") a whole word of names (the
 * generated names are folded to a-z and spaces). */
static int ref_match(const char *match, const char *names)
{
    const char *m = match;
    while ((m = strchr(m, '"')) != NULL) {
        const char *end = strchr(m + 1, '"');
        size_t n = (size_t)(end - m - 1);
        int prefix = end[1] == '*';
        int found = 0;
        for (const char *w = names; *w && !found; w++)
            if ((w == names || w[-1] == ' ') && strncmp(w, m + 1, n) == 0 &&
                (prefix || w[n] == ' ' || w[n] == 0))
                found = 1;
        if (!found)
            return 0;
        m = end + 1 + prefix; /* past " or "* */
    }
    return 1;
}

static int cmp_rank(const void *a, const void *b)
{
    const ref_person *x = *(ref_person *const *)a, *y = *(ref_person *const *)b;
    if (x->last_visit_at != y->last_visit_at)
        return x->last_visit_at < y->last_visit_at ? 1 : -1;
    return x->id < y->id ? 1 : -1;
}

/* The documented answer, by brute force over people (id order): the
 * newest window matching files, by last visit then newest, max + 1. */
static int ref_names(ref_person *people, int n, const char *match, int max, int64_t *ids)
{
    int window = max > VISITOR_SEARCH_RANKED / VISITOR_SEARCH_SCREENS ? max * VISITOR_SEARCH_SCREENS
                                                                      : VISITOR_SEARCH_RANKED;
    ref_person **w = malloc((size_t)window * sizeof *w);
    int k = 0;
    for (int i = n - 1; i >= 0 && k < window; i--)
        if (people[i].words[0] && ref_match(match, people[i].words))
            w[k++] = &people[i];
    qsort(w, (size_t)k, sizeof *w, cmp_rank);
    int m = k < max + 1 ? k : max + 1;
    for (int i = 0; i < m; i++)
        ids[i] = w[i]->id;
    free(w);
    return m;
}

/* Runs sql (?1 = text, ?2 = window or text, ?3 = max + 1) into ids. */
static int ref_sql(const char *sql, const char *p1, const char *p2, int window, int max,
                   int64_t *ids)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, p1, -1, SQLITE_TRANSIENT);
    if (p2)
        sqlite3_bind_text(st, 2, p2, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_int(st, 2, window);
    sqlite3_bind_int(st, 3, max + 1);
    int m = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        ids[m++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return m;
}

static void expect_rows(const char *q, int max, const int64_t *want, int nwant, const char *what)
{
    visitor_row rows[40];
    int count = -1, more = -1;
    g_error err = {0};
    assert_int_equal(visitor_search(db, q, rows, max, &count, &more, &err), G_OK);
    int ok = count == (nwant > max ? max : nwant) && more == (nwant > max);
    for (int i = 0; ok && i < count; i++)
        ok = rows[i].id == want[i];
    if (!ok) {
        char got[400] = "", exp[400] = "";
        for (int i = 0; i < count && strlen(got) < 380; i++)
            snprintf(got + strlen(got), sizeof got - strlen(got), " %lld", (long long)rows[i].id);
        for (int i = 0; i < nwant && strlen(exp) < 380; i++)
            snprintf(exp + strlen(exp), sizeof exp - strlen(exp), " %lld", (long long)want[i]);
        fail_msg("« %s » (max %d): got%s (more %d), %s:%s", q, max, got, more, what, exp);
    }
}

static void check_typed(ref_person *people, int n)
{
    static const char *const typed[] = {
        "dupont",  "martin", "élise",  "elise",       "bernard",     "lefèvre",     "lefevre",
        "LEFÈVRE", "MOREAU", "moreau", "nguyen",      "le goff",     "n'diaye",     "n’diaye",
        "durand",  "Jean P", "ndiaye", "jean-pierre", "jean pierre", "JEAN-PIERRE",
    };
    static const int maxes[] = {20, 5, 25};
    int64_t want[40];
    int checked = 0;
    for (size_t w = 0; w < sizeof typed / sizeof *typed; w++) {
        const char *word = typed[w];
        size_t len = strlen(word);
        for (size_t k = 1; k <= len; k++) {
            if (k < len && (word[k] & 0xC0) == 0x80)
                continue;
            char q[64], folded[64], match[256];
            snprintf(q, sizeof q, "%.*s", (int)k, word);
            normalize_fold(q, folded, sizeof folded);
            if (normalize_fts_query(folded, match, sizeof match) == 0)
                continue;
            for (size_t m = 0; m < sizeof maxes / sizeof *maxes; m++) {
                int max = maxes[m];
                int window = max > VISITOR_SEARCH_RANKED / VISITOR_SEARCH_SCREENS
                                 ? max * VISITOR_SEARCH_SCREENS
                                 : VISITOR_SEARCH_RANKED;
                int nw = ref_names(people, n, match, max, want);
                expect_rows(q, max, want, nw, "brute force");
                nw = ref_sql(OLD_NAME_SQL, match, NULL, window, max, want);
                expect_rows(q, max, want, nw, "the old statement");
                checked++;
            }
        }
    }
    assert_true(checked > 300);
    /* phone numbers (each typed digit from the 4th) and birth dates: every
     * number and file starting so, in number order; a birth date's files
     * by last visit */
    static const struct {
        const char *q, *p1, *p2;
    } phones[] = {
        {"0612", "0612", ""},          {"06123", "06123", ""},   {"061234", "061234", ""},
        {"0612345", "0612345", ""},    {"0386", "0386", ""},     {"038612", "038612", ""},
        {"612 34", "61234", "061234"}, {"+33 6 12", "0612", ""}, {"06 12 34 5", "0612345", ""},
    };
    for (size_t i = 0; i < sizeof phones / sizeof *phones; i++) {
        int nw = ref_sql("SELECT id FROM visitor WHERE merged_into IS NULL AND anonymised_at IS "
                         "NULL AND phone_national <> '' AND (substr(phone_national, 1, "
                         "length(?1)) = ?1 OR (?2 <> '' AND substr(phone_national, 1, "
                         "length(?2)) = ?2)) ORDER BY phone_national, id LIMIT ?3",
                         phones[i].p1, phones[i].p2, 0, 20, want);
        assert_true(nw > 0);
        expect_rows(phones[i].q, 20, want, nw, "every number starting so");
    }
    static const char *const births[][2] = {
        {"12/03/1961", "1961-03-12"}, {"1975-11-02", "1975-11-02"}, {"2/1/1990", "1990-01-02"}};
    for (size_t i = 0; i < sizeof births / sizeof *births; i++) {
        int nw = ref_sql("SELECT id FROM visitor WHERE birth_date = ?1 AND merged_into IS NULL AND "
                         "anonymised_at IS NULL AND ?2 = ?2 ORDER BY last_visit_at DESC, id DESC "
                         "LIMIT ?3",
                         births[i][1], "", 0, 20, want);
        assert_true(nw > 0);
        expect_rows(births[i][0], 20, want, nw, "every file born that day");
    }
}

/* people's words and last visit as stored (ids in creation order) */
static void reload(ref_person *people, int n)
{
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db_sql(db),
                           "SELECT search_names, last_visit_at FROM visitor WHERE id = ?1", -1, &st,
                           NULL),
        SQLITE_OK);
    for (int i = 0; i < n; i++) {
        assert_true(i == 0 || people[i].id > people[i - 1].id);
        sqlite3_bind_int64(st, 1, people[i].id);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        snprintf(people[i].words, sizeof people[i].words, "%s", sqlite3_column_text(st, 0));
        people[i].last_visit_at = sqlite3_column_int64(st, 1);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
}

/* A generated base (the benchmark's typed names among others, saved file by
 * file: the index in several segments), every keystroke of the benchmark's
 * typed set and more: the rows and their order are those of the brute-force
 * reference and of the statement before migration 064, before and after the
 * index is merged into one segment (visitor_reindex), and with files merged
 * away. */
static void test_search_same_rows_as_reference(void **state)
{
    (void)state;
    static const char *const last[] = {
        "Dupont", "Dupond",  "Durand", "Martin",  "Martinez", "Bernard", "Lefèvre", "Lefebvre",
        "Moreau", "Morel",   "Nguyen", "Le Goff", "Le Gall",  "N'Diaye", "Diallo",  "Dubois",
        "Leroy",  "Mercier", "Garcia", "Élie",    "Roux",     "Ndiaye",  "Lemoine", "Gauthier",
    };
    static const char *const first[] = {
        "Élise", "Elisa", "Jean-Pierre", "Jean Pierre", "Jean", "Pierre",  "Marie",
        "Émile", "Nadia", "Jeanne",      "Léa",         "",     "Mamadou", "Éléonore",
    };
    static const char *const births[] = {"12/03/1961", "02/11/1975", "02/01/1990", "", ""};
    enum { N = 900 };
    ref_person *people = calloc(N, sizeof *people);
    lcg_state = 14;
    for (int i = 0; i < N; i++) {
        char phone[32] = "";
        switch (lcg(4)) {
        case 0:
            snprintf(phone, sizeof phone, "06 12 34 %02u %02u", lcg(100), lcg(100));
            break;
        case 1:
            snprintf(phone, sizeof phone, "03 86 %02u %02u %02u", lcg(100), lcg(100), lcg(100));
            break;
        case 2:
            snprintf(phone, sizeof phone, "06 %02u %02u %02u %02u", lcg(100), lcg(100), lcg(100),
                     lcg(100));
            break;
        default:
            break;
        }
        people[i].id =
            save(last[lcg(sizeof last / sizeof *last)], first[lcg(sizeof first / sizeof *first)],
                 births[lcg(sizeof births / sizeof *births)], phone);
    }
    /* last visits: many ties (same day), some never */
    char sql[128];
    g_error err = {0};
    for (int i = 0; i < N; i++) {
        unsigned r = lcg(10);
        people[i].last_visit_at = r == 0 ? 0 : 1700000000 + (int64_t)lcg(40) * 86400;
        snprintf(sql, sizeof sql, "UPDATE visitor SET last_visit_at = %lld WHERE id = %lld",
                 (long long)people[i].last_visit_at, (long long)people[i].id);
        assert_int_equal(db_exec(db, sql, &err), G_OK);
    }
    reload(people, N);
    assert_true(scalar("SELECT count(DISTINCT segid) FROM visitor_fts_idx") > 1);
    check_typed(people, N);
    /* merged into one segment, step by step (the daily purge) or after a
     * rebuild: the same rows */
    int steps = -1;
    assert_int_equal(visitor_index_compact(db, &steps, &err), G_OK);
    assert_true(steps > 0);
    assert_int_equal(scalar("SELECT count(DISTINCT segid) FROM visitor_fts_idx"), 1);
    check_typed(people, N);
    assert_int_equal(visitor_index_compact(db, &steps, &err), G_OK);
    assert_int_equal(steps, 0); /* nothing left to merge: nothing written */
    assert_int_equal(visitor_reindex(db, &err), G_OK);
    assert_int_equal(scalar("SELECT count(DISTINCT segid) FROM visitor_fts_idx"), 1);
    check_typed(people, N);
    /* files merged away are never found */
    for (int i = 10; i < 40; i += 3) {
        assert_int_equal(visitor_merge(db, manager, people[i + 1].id, people[i].id, &err), G_OK);
    }
    reload(people, N);
    assert_true(scalar("SELECT count(DISTINCT segid) FROM visitor_fts_idx") > 1);
    check_typed(people, N);
    assert_int_equal(visitor_index_compact(db, NULL, &err), G_OK);
    assert_int_equal(scalar("SELECT count(DISTINCT segid) FROM visitor_fts_idx"), 1);
    check_typed(people, N);
    assert_int_equal(visitor_index_check(db, &err), G_OK);
    free(people);
}

/* ---- validation --------------------------------------------------------- */

static void expect_invalid(visitor *v, const char *field, const char *fragment)
{
    g_error err = {0};
    assert_int_equal(visitor_validate(v, &err), G_ERR_INVALID);
    if (strcmp(err.field, field) != 0 || !strstr(err.msg, fragment))
        fail_msg("field %s / message « %s »: expected %s / « %s »", err.field, err.msg, field,
                 fragment);
    /* saving is refused too and stores nothing */
    int64_t before = scalar("SELECT count(*) FROM visitor");
    assert_int_equal(visitor_save(db, agent, v, &err), G_ERR_INVALID);
    assert_int_equal(scalar("SELECT count(*) FROM visitor"), before);
}

static void test_only_last_name_is_required(void **state)
{
    (void)state;
    visitor v;
    visitor_init(&v);
    expect_invalid(&v, "last_name", "obligatoire");
    snprintf(v.last_name, sizeof v.last_name, "   ");
    expect_invalid(&v, "last_name", "obligatoire");
    snprintf(v.last_name, sizeof v.last_name, "Martin");
    g_error err = {0};
    assert_int_equal(visitor_validate(&v, &err), G_OK);
}

static void test_each_field_is_checked_in_french(void **state)
{
    (void)state;
    visitor v;
    visitor_init(&v);
    snprintf(v.last_name, sizeof v.last_name, "Martin");

    snprintf(v.birth_date, sizeof v.birth_date, "31/02/1980");
    expect_invalid(&v, "birth_date", "31/02/1980 n'existe pas");
    snprintf(v.birth_date, sizeof v.birth_date, "12/03/2027"); /* the clock is in 2026 */
    expect_invalid(&v, "birth_date", "dans le futur");
    snprintf(v.birth_date, sizeof v.birth_date, "12/03");
    expect_invalid(&v, "birth_date", "JJ/MM/AAAA");
    snprintf(v.birth_date, sizeof v.birth_date, "12/03/1961");

    snprintf(v.commune, sizeof v.commune, "58000");
    expect_invalid(&v, "commune", "code INSEE");
    snprintf(v.commune, sizeof v.commune, "2a004");

    snprintf(v.postal_code, sizeof v.postal_code, "580");
    expect_invalid(&v, "postal_code", "5 chiffres");
    snprintf(v.postal_code, sizeof v.postal_code, "20000");

    snprintf(v.phone, sizeof v.phone, "06 12 34");
    expect_invalid(&v, "phone", "10 chiffres");
    snprintf(v.phone, sizeof v.phone, "06.12.34.56.78");

    snprintf(v.email, sizeof v.email, "martin@exemple");
    expect_invalid(&v, "email", "Courriel");
    v.email[0] = 0;

    snprintf(v.sex, sizeof v.sex, "X");
    expect_invalid(&v, "sex", "Sexe");
    snprintf(v.sex, sizeof v.sex, "F");

    snprintf(v.preferred_contact, sizeof v.preferred_contact, "courriel");
    expect_invalid(&v, "email", "contact préféré");
    snprintf(v.preferred_contact, sizeof v.preferred_contact, "pigeon");
    expect_invalid(&v, "preferred_contact", "Contact préféré");
    snprintf(v.preferred_contact, sizeof v.preferred_contact, "sms");

    snprintf(v.consent_date, sizeof v.consent_date, "01/03/2026");
    expect_invalid(&v, "consent_kind", "oral ou écrit");
    snprintf(v.consent_kind, sizeof v.consent_kind, "oral");

    memset(v.language, 'a', VISITOR_LANGUAGE_MAX + 1);
    expect_invalid(&v, "language", "40 caractères au maximum");
    snprintf(v.language, sizeof v.language, "arabe");

    snprintf(v.first_names, sizeof v.first_names, "Anne\nMarie");
    expect_invalid(&v, "first_names", "caractère de contrôle interdit");
    snprintf(v.first_names, sizeof v.first_names, "Anne-Marie");

    g_error err = {0};
    assert_int_equal(visitor_validate(&v, &err), G_OK);
    /* what was typed is kept: validation does not rewrite the form */
    assert_string_equal(v.phone, "06.12.34.56.78");
    assert_string_equal(v.commune, "2a004");
}

static void test_300_character_name_is_refused_with_the_maximum(void **state)
{
    (void)state;
    assert_int_equal(visitor_field_max("last_name"), 80);
    assert_int_equal(visitor_field_max("email"), 254);
    assert_int_equal(visitor_field_max("sex"), 0);
    visitor v;
    visitor_init(&v);
    memset(v.last_name, 'x', 300 < sizeof v.last_name - 1 ? 300 : sizeof v.last_name - 1);
    expect_invalid(&v, "last_name", "80 caractères au maximum");
    /* counted in characters: 80 accented letters (160 bytes) are fine, 81 are not */
    v.last_name[0] = 0;
    for (int i = 0; i < 80; i++)
        strcat(v.last_name, "é");
    g_error err = {0};
    assert_int_equal(visitor_validate(&v, &err), G_OK);
    strcat(v.last_name, "é");
    expect_invalid(&v, "last_name", "80 caractères au maximum (81 tapés)");
}

/* ---- saving ------------------------------------------------------------- */

static void test_save_stores_canonical_forms_and_journals(void **state)
{
    (void)state;
    visitor v;
    visitor_init(&v);
    snprintf(v.last_name, sizeof v.last_name, "  Lefèvre  ");
    snprintf(v.first_names, sizeof v.first_names, "Élodie");
    snprintf(v.birth_date, sizeof v.birth_date, "12/03/1961");
    snprintf(v.phone, sizeof v.phone, "06 12 34 56 78");
    snprintf(v.commune, sizeof v.commune, "2b033");
    snprintf(v.consent_kind, sizeof v.consent_kind, "oral");
    v.needs_digital_help = 1;
    g_error err = {0};
    assert_int_equal(visitor_save(db, agent, &v, &err), G_OK);
    assert_true(v.id > 0);
    assert_int_equal(strlen(v.uuid), 36);
    assert_string_equal(v.last_name, "Lefèvre");
    assert_string_equal(v.birth_date, "1961-03-12");
    assert_string_equal(v.phone, "+33612345678");
    assert_string_equal(v.commune, "2B033");
    assert_string_equal(v.consent_date, "2026-03-29"); /* consent given today */

    visitor got;
    assert_int_equal(visitor_get(db, v.id, &got, &err), G_OK);
    assert_string_equal(got.first_names, "Élodie");
    assert_string_equal(got.phone, "+33612345678");
    assert_int_equal(got.needs_digital_help, 1);
    assert_int_equal(got.created_at, clock_now());
    assert_int_equal(scalar("SELECT count(*) FROM audit WHERE action = 'visitor-create'"), 1);

    /* an update names the changed fields, never their values */
    tu_clock("2026-03-29T08:05:00Z");
    snprintf(got.email, sizeof got.email, "elodie@exemple.fr");
    got.no_french = 1;
    assert_int_equal(visitor_save(db, agent, &got, &err), G_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db),
                                        "SELECT object, detail FROM audit WHERE action = "
                                        "'visitor-update'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char object[64];
    snprintf(object, sizeof object, "visitor:%s", v.uuid);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), object);
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "email,no_french");
    sqlite3_finalize(st);

    /* another desk saving an older copy is refused */
    v.updated_at = got.updated_at - 300;
    snprintf(v.language, sizeof v.language, "anglais");
    assert_int_equal(visitor_save(db, agent, &v, &err), G_ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "autre poste"));
    assert_int_equal(visitor_get(db, v.id, &got, &err), G_OK);
    assert_string_equal(got.language, "");

    assert_int_equal(visitor_get(db, 9999, &got, &err), G_ERR_NOTFOUND);
}

/* ---- search ------------------------------------------------------------- */

/* Returns the ids found for q, as a "|"-separated list of last names. */
static const char *found(const char *q)
{
    static char out[1024];
    visitor_row rows[20];
    int n = -1, more = -1;
    g_error err = {0};
    assert_int_equal(visitor_search(db, q, rows, 20, &n, &more, &err), G_OK);
    out[0] = 0;
    for (int i = 0; i < n; i++) {
        strcat(out, i ? "|" : "");
        strcat(out, rows[i].last_name);
    }
    return out;
}

static void fill_people(void)
{
    save("Lefèvre", "Élodie", "12/03/1961", "06 12 34 56 78");
    save("Dupont", "Jean-Pierre", "", "");
    save("N'Diaye", "Aminata", "", "07 98 76 54 32");
    save("d'Arc", "Jeanne", "", "");
    save("Ngũgĩ", "Wanjiru", "", "");
    save("Nguyễn", "Thị Ánh", "", "");
    save("王", "芳", "", "");
    save("Παπαδοπούλου", "Αθανασία", "", "");
    save("Martin", "Jean", "12/03/1961", "");
    save("Cœurdevey", "Anne", "", "0690 12 34 56");
    save("Dilou", "Nadia", "", "");
}

static void test_search_names_ignore_accents_case_and_punctuation(void **state)
{
    (void)state;
    fill_people();
    assert_string_equal(found("elod"), "Lefèvre");
    assert_string_equal(found("lefevre"), "Lefèvre");
    assert_string_equal(found("LEFÈ"), "Lefèvre");
    assert_string_equal(found("ngugi"), "Ngũgĩ");
    assert_string_equal(found("nguyen"), "Nguyễn");
    assert_string_equal(found("anh"), "Nguyễn");
    assert_string_equal(found("pierre"), "Dupont");
    assert_string_equal(found("jean-pierre"), "Dupont");
    assert_string_equal(found("jeanpierre"), "Dupont");
    assert_string_equal(found("ndiaye"), "N'Diaye");
    assert_string_equal(found("diaye"), "N'Diaye");
    assert_string_equal(found("N’Diaye"), "N'Diaye");
    assert_string_equal(found("arc"), "d'Arc");
    /* a particle closed by its apostrophe is a whole word: n' is N'Diaye's,
     * not the first letter of Ngũgĩ, Nguyễn or Nadia; a space or a hyphen
     * leaves a word a prefix (initials: "j-p" for Jean-Pierre) */
    assert_string_equal(found("n'"), "N'Diaye");
    assert_string_equal(found("n'd"), "N'Diaye");
    assert_string_equal(found("n’d"), "N'Diaye");
    assert_string_equal(found("n'g"), "");
    assert_string_equal(found("d'"), "d'Arc");
    assert_string_equal(found("n"), "Dilou|Nguyễn|Ngũgĩ|N'Diaye");
    assert_string_equal(found("n d"), "Dilou|N'Diaye");
    assert_string_equal(found("j-p"), "Dupont");
    assert_string_equal(found("coeur"), "Cœurdevey");
    assert_string_equal(found("王"), "王");
    assert_string_equal(found("αθαν"), "Παπαδοπούλου");
    assert_string_equal(found("ΑΘΑΝΑΣΙΑ"), "Παπαδοπούλου");
    /* several words: all required, in any order */
    assert_string_equal(found("jean dup"), "Dupont");
    assert_string_equal(found("dup jean"), "Dupont");
    assert_string_equal(found("jean martin"), "Martin");
    assert_string_equal(found("jean zzz"), "");
    /* nothing for noise; FTS syntax typed by mistake is just text */
    assert_string_equal(found(""), "");
    assert_string_equal(found("  ,; "), "");
    assert_string_equal(found("\"dup* OR"), "");
    assert_string_equal(found("dup*"), "Dupont");
}

/* Readying the search at login: works on an empty base and on a full one,
 * and leaves the searches' answers as they were. */
static void test_search_warm(void **state)
{
    (void)state;
    g_error err = {0};
    assert_int_equal(visitor_search_warm(db, &err), G_OK);
    fill_people();
    assert_int_equal(visitor_search_warm(db, &err), G_OK);
    assert_string_equal(found("lefevre"), "Lefèvre");
    assert_string_equal(found("n'diaye"), "N'Diaye");
}

/* After the warm-up (a search screen opening), the connection's page cache
 * is (nearly) full, with the newest files: the session's first keystrokes
 * find their slots there instead of growing the cache page by page
 * (visitor.c, warm_cache). A base bigger than the cache, a connection
 * opened afresh, a cache of 100 pages: opening reads some 20 (the schema),
 * the warm-up's two searches a dozen more. A failure while reading is
 * reported, not taken for "no more files", and the next warm-up tries
 * again; once filled, the cache is not filled again (its memory stays,
 * even when another desk's write empties it). */
static void test_search_warm_fills_the_page_cache(void **state)
{
    (void)state;
    g_error err = {0};
    assert_int_equal(
        db_exec(db,
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000) "
                "INSERT INTO visitor (uuid, last_name, first_names, search_names, created_at, "
                "updated_at) SELECT printf('w-%05d', i), printf('Nom%05d', i), 'Prénom "
                "Deuxième Troisième', printf('nom%05d prenom', i), i, i FROM n; "
                "INSERT INTO visitor_fts (visitor_fts) VALUES ('rebuild')",
                &err),
        G_OK);
    assert_true(scalar("PRAGMA page_count") > 250);
    char path[4096];
    snprintf(path, sizeof path, "%s", sqlite3_db_filename(db_sql(db), "main"));
    db_close(db);
    db = NULL;
    assert_int_equal(db_open(path, DB_OPEN_EXISTING, &db, &err), G_OK);
    int was;
    assert_true(db_cache_size(db, 100, &was));
    int64_t room = db_cache_capacity(db);
    assert_true(room >= 100 * 4096);
    assert_true(db_cache_used(db) < room / 2);
    tu_fail_sql(db, "ORDER BY id DESC");
    assert_int_not_equal(visitor_search_warm(db, &err), G_OK);
    assert_non_null(strstr(err.msg, "fiches"));
    tu_fail_sql(db, NULL);
    assert_true(db_cache_used(db) < room / 2);
    /* the warm-up stops after 50 ms and the next one goes on: on a busy
     * machine (or under the sanitizers) it may take more than one */
    for (int i = 0; i < 1000 && db_cache_used(db) < room * 9 / 10; i++)
        assert_int_equal(visitor_search_warm(db, &err), G_OK);
    assert_true(db_cache_used(db) >= room * 9 / 10);
    /* the warm-up leaves the searches as they were */
    assert_string_equal(found("nom07999"), "Nom07999");
    /* another desk writes: this connection's cache is emptied at its next
     * read; the warm-up does not read the newest files again */
    sqlite3 *other = tu_second_connection(db);
    assert_int_equal(
        sqlite3_exec(other, "UPDATE visitor SET last_visit_at = 1 WHERE id = 1", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(other);
    assert_int_equal(visitor_search_warm(db, &err), G_OK);
    assert_true(db_cache_used(db) < room / 2);
    assert_string_equal(found("nom00001"), "Nom00001");
}

static void test_search_by_phone_and_birth_date(void **state)
{
    (void)state;
    fill_people();
    assert_string_equal(found("0612"), "Lefèvre");
    assert_string_equal(found("06 12 34"), "Lefèvre");
    assert_string_equal(found("06.12.34.56.78"), "Lefèvre");
    assert_string_equal(found("+33 6 12"), "Lefèvre");
    assert_string_equal(found("0033 6 12"), "Lefèvre");
    assert_string_equal(found("6123 4"), "Lefèvre"); /* typed without the 0 */
    assert_string_equal(found("0798"), "N'Diaye");
    assert_string_equal(found("0690"), "Cœurdevey");
    assert_string_equal(found("+590 690"), "Cœurdevey");
    assert_string_equal(found("061"), ""); /* fewer than 4 digits: wait */
    assert_string_equal(found("0699"), "");
    /* birth date: both people born that day, the most recently seen first */
    const char *two = found("12/03/1961");
    assert_true(strcmp(two, "Martin|Lefèvre") == 0);
    assert_string_equal(found("1961-03-12"), "Martin|Lefèvre");
    assert_string_equal(found("12/03/196"), ""); /* being typed */
    assert_string_equal(found("31/02/1961"), "");
}

static void test_search_orders_by_last_visit_and_stops_at_a_screenful(void **state)
{
    (void)state;
    int64_t ids[30];
    char name[32];
    for (int i = 0; i < 30; i++) {
        snprintf(name, sizeof name, "Bernard%02d", i);
        ids[i] = save(name, "Paul", "", "");
    }
    int64_t now = clock_now();
    add_visit(ids[7], now - 86400 * 30);
    add_visit(ids[3], now - 3600);
    add_visit(ids[12], now - 86400);
    visitor_row rows[5];
    int n, more;
    g_error err = {0};
    assert_int_equal(visitor_search(db, "bern", rows, 5, &n, &more, &err), G_OK);
    assert_int_equal(n, 5);
    assert_int_equal(more, 1);
    assert_int_equal(rows[0].id, ids[3]);
    assert_int_equal(rows[1].id, ids[12]);
    assert_int_equal(rows[2].id, ids[7]);
    assert_int_equal(rows[0].last_visit_at, now - 3600);
    /* then never-seen files, newest first */
    assert_int_equal(rows[3].id, ids[29]);
    assert_int_equal(rows[4].id, ids[28]);
    assert_int_equal(visitor_search(db, "bernard07", rows, 5, &n, &more, &err), G_OK);
    assert_int_equal(n, 1);
    assert_int_equal(more, 0);
    char shown[256];
    visitor_row_name(&rows[0], shown, sizeof shown);
    assert_string_equal(shown, "Bernard07 Paul");
}

/* The statements visitor_search runs, captured through SQLite's trace. */
static char traced[8][2048];
static int ntraced;

static int trace_cb(unsigned type, void *ctx, void *p, void *x)
{
    (void)ctx;
    (void)x;
    if (type == SQLITE_TRACE_STMT && ntraced < 8) {
        const char *sql = sqlite3_sql((sqlite3_stmt *)p);
        if (sql && strncmp(sql, "SELECT v.id", 11) == 0)
            snprintf(traced[ntraced++], sizeof traced[0], "%s", sql);
    }
    return 0;
}

/* Fails when the plan of sql scans a table (a bounded scan of the FTS
 * result "f" and the FTS virtual table itself are what we want). */
static void assert_no_scan(const char *sql)
{
    char eqp[2200];
    snprintf(eqp, sizeof eqp, "EXPLAIN QUERY PLAN %s", sql);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db), eqp, -1, &st, NULL), SQLITE_OK);
    int lines = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *d = (const char *)sqlite3_column_text(st, 3);
        lines++;
        if (strncmp(d, "SCAN ", 5) == 0 && strncmp(d, "SCAN visitor_fts VIRTUAL TABLE", 30) != 0 &&
            strcmp(d, "SCAN f") != 0)
            fail_msg("full scan « %s » in the plan of: %s", d, sql);
    }
    sqlite3_finalize(st);
    assert_true(lines > 0);
}

static void test_search_never_scans_the_table(void **state)
{
    (void)state;
    fill_people();
    g_error err = {0};
    assert_int_equal(db_exec(db, "ANALYZE", &err), G_OK);
    sqlite3_trace_v2(db_sql(db), SQLITE_TRACE_STMT, trace_cb, NULL);
    const char *queries[] = {"elod", "jean dup", "0612", "6123 4", "+33 6 12", "12/03/1961"};
    visitor_row rows[20];
    int n;
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        ntraced = 0;
        assert_int_equal(visitor_search(db, queries[i], rows, 20, &n, NULL, &err), G_OK);
        assert_true(n >= 1);
        assert_int_equal(ntraced, 1);
        assert_no_scan(traced[0]);
    }
    /* duplicates use the birth-date and phone indexes */
    visitor v;
    visitor_init(&v);
    snprintf(v.last_name, sizeof v.last_name, "Lefevre");
    snprintf(v.birth_date, sizeof v.birth_date, "12/03/1961");
    snprintf(v.phone, sizeof v.phone, "0798765432");
    ntraced = 0;
    assert_int_equal(visitor_find_duplicates(db, &v, rows, 20, &n, &err), G_OK);
    assert_int_equal(ntraced, 1);
    assert_no_scan(traced[0]);
    sqlite3_trace_v2(db_sql(db), 0, NULL, NULL);
}

/* A common phone prefix (the local landline area, thousands of files at a
 * busy site) answers a screenful in number order, without sorting every
 * match: the plan has no temporary B-tree, whatever the data. */
static void test_search_phone_walks_the_index_in_number_order(void **state)
{
    (void)state;
    int64_t ids[30];
    char phone[32];
    for (int i = 0; i < 30; i++) { /* saved out of number order */
        int k = (i * 7) % 30;
        snprintf(phone, sizeof phone, "03 86 10 %02d %02d", k, 99 - k);
        ids[k] = save("Perrin", "Luc", "", phone);
    }
    int64_t slovene = save("Novak", "Ana", "", "+386 1 234 5678"); /* 38612345678 */
    add_visit(ids[29], clock_now() - 3600); /* recency does not order phones */
    visitor_row rows[40];
    int n, more;
    g_error err = {0};
    assert_int_equal(visitor_search(db, "03 86 1", rows, 5, &n, &more, &err), G_OK);
    assert_int_equal(n, 5);
    assert_int_equal(more, 1);
    for (int i = 0; i < 5; i++)
        assert_int_equal(rows[i].id, ids[i]);
    /* typed without its 0: the national numbers, then the foreign one */
    assert_int_equal(visitor_search(db, "3861", rows, 40, &n, &more, &err), G_OK);
    assert_int_equal(n, 31);
    assert_int_equal(more, 0);
    for (int i = 0; i < 30; i++)
        assert_int_equal(rows[i].id, ids[i]);
    assert_int_equal(rows[30].id, slovene);
    assert_int_equal(visitor_search(db, "3861", rows, 31, &n, &more, &err), G_OK);
    assert_int_equal(n, 31);
    assert_int_equal(more, 0);
    assert_int_equal(visitor_search(db, "3861", rows, 30, &n, &more, &err), G_OK);
    assert_int_equal(n, 30);
    assert_int_equal(more, 1);

    /* the statement's plan: index ranges read in order, never a sort */
    assert_int_equal(db_exec(db, "ANALYZE", &err), G_OK);
    sqlite3_trace_v2(db_sql(db), SQLITE_TRACE_STMT, trace_cb, NULL);
    const char *queries[] = {"0386", "3861", "+33 3 86", "0033 386"};
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
        ntraced = 0;
        assert_int_equal(visitor_search(db, queries[q], rows, 20, &n, NULL, &err), G_OK);
        assert_int_equal(n, 20);
        assert_int_equal(ntraced, 1);
        assert_no_scan(traced[0]);
        char eqp[2200];
        snprintf(eqp, sizeof eqp, "EXPLAIN QUERY PLAN %s", traced[0]);
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db_sql(db), eqp, -1, &st, NULL), SQLITE_OK);
        int uses_index = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *d = (const char *)sqlite3_column_text(st, 3);
            if (strstr(d, "TEMP B-TREE"))
                fail_msg("« %s » in the plan of: %s", d, traced[0]);
            uses_index += strstr(d, "USING INDEX visitor_phone_national") != NULL;
        }
        sqlite3_finalize(st);
        assert_true(uses_index >= 1);
    }
    sqlite3_trace_v2(db_sql(db), 0, NULL, NULL);
}

/* ---- duplicates --------------------------------------------------------- */

static void test_duplicates_by_name_and_birth_date_or_phone(void **state)
{
    (void)state;
    int64_t jp = save("Lefèvre", "Jean-Pierre Marie", "12/03/1961", "");
    int64_t other = save("Lefèvre", "Paul", "12/03/1961", "");
    int64_t ph = save("Durand", "Lucie", "", "06 11 22 33 44");
    visitor v;
    visitor_init(&v);
    snprintf(v.last_name, sizeof v.last_name, "LEFEVRE");
    snprintf(v.first_names, sizeof v.first_names, "jean pierre");
    snprintf(v.birth_date, sizeof v.birth_date, "1961-03-12");
    visitor_row rows[10];
    int n;
    g_error err = {0};
    assert_int_equal(visitor_find_duplicates(db, &v, rows, 10, &n, &err), G_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, jp);
    assert_int_equal(rows[0].match, VISITOR_DUP_NAME);
    (void)other;

    /* the birth name counts as a name; a different birth date does not match */
    snprintf(v.last_name, sizeof v.last_name, "Martin");
    snprintf(v.birth_name, sizeof v.birth_name, "Lefevre");
    assert_int_equal(visitor_find_duplicates(db, &v, rows, 10, &n, &err), G_OK);
    assert_int_equal(n, 1);
    snprintf(v.birth_date, sizeof v.birth_date, "13/03/1961");
    assert_int_equal(visitor_find_duplicates(db, &v, rows, 10, &n, &err), G_OK);
    assert_int_equal(n, 0);

    /* same phone in another format */
    visitor_init(&v);
    snprintf(v.last_name, sizeof v.last_name, "Inconnu");
    snprintf(v.phone, sizeof v.phone, "+33 6 11 22 33 44");
    assert_int_equal(visitor_find_duplicates(db, &v, rows, 10, &n, &err), G_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, ph);
    assert_int_equal(rows[0].match, VISITOR_DUP_PHONE);

    /* a file is not its own duplicate */
    assert_int_equal(visitor_get(db, ph, &v, &err), G_OK);
    assert_int_equal(visitor_find_duplicates(db, &v, rows, 10, &n, &err), G_OK);
    assert_int_equal(n, 0);
}

/* ---- merge -------------------------------------------------------------- */

static void test_merge_moves_history_and_is_journaled(void **state)
{
    (void)state;
    g_error err = {0};
    /* a later feature's table referencing visitors follows automatically */
    assert_int_equal(db_exec(db,
                             "CREATE TABLE later_feature (id INTEGER PRIMARY KEY, visitor_id "
                             "INTEGER REFERENCES visitor(id))",
                             &err),
                     G_OK);
    int64_t keep = save("Lefèvre", "Élodie", "12/03/1961", "");
    int64_t dup = save("Lefevre", "Elodie", "12/03/1961", "06 12 34 56 78");
    int64_t now = clock_now();
    add_visit(keep, now - 86400 * 10);
    add_visit(dup, now - 86400 * 2);
    add_visit(dup, now - 86400);
    char sql[128];
    snprintf(sql, sizeof sql, "INSERT INTO later_feature (visitor_id) VALUES (%lld)",
             (long long)dup);
    assert_int_equal(db_exec(db, sql, &err), G_OK);

    /* reception agents cannot merge */
    assert_int_equal(visitor_merge(db, agent, keep, dup, &err), G_ERR_DENIED);
    assert_non_null(strstr(err.msg, "responsable"));
    assert_int_equal(visitor_merge(db, manager, keep, keep, &err), G_ERR_INVALID);

    assert_int_equal(visitor_merge(db, manager, keep, dup, &err), G_OK);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM visit WHERE visitor_id = %lld",
             (long long)keep);
    assert_int_equal(scalar(sql), 3);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM later_feature WHERE visitor_id = %lld",
             (long long)keep);
    assert_int_equal(scalar(sql), 1);

    visitor k, d;
    assert_int_equal(visitor_get(db, keep, &k, &err), G_OK);
    assert_int_equal(visitor_get(db, dup, &d, &err), G_OK);
    assert_int_equal(d.merged_into, keep);
    assert_int_equal(k.merged_into, 0);
    assert_string_equal(k.phone, "+33612345678"); /* blank field filled */
    assert_string_equal(k.first_names, "Élodie"); /* kept */
    assert_int_equal(k.last_visit_at, now - 86400);

    /* only the survivor is found, by name and by the phone it took over */
    visitor_row rows[5];
    int n;
    assert_int_equal(visitor_search(db, "elodie", rows, 5, &n, NULL, &err), G_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, keep);
    assert_int_equal(visitor_search(db, "0612", rows, 5, &n, NULL, &err), G_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, keep);

    /* journaled with the rows moved */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db_sql(db),
                                        "SELECT user_id, detail FROM audit WHERE action = "
                                        "'visitor-merge'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(st, 0), manager);
    const char *detail = (const char *)sqlite3_column_text(st, 1);
    assert_non_null(strstr(detail, k.uuid));
    assert_non_null(strstr(detail, "visit.visitor_id: 2"));
    assert_non_null(strstr(detail, "later_feature.visitor_id: 1"));
    sqlite3_finalize(st);

    /* a merged file can neither be merged again nor edited */
    assert_int_equal(visitor_merge(db, manager, keep, dup, &err), G_ERR_CONFLICT);
    snprintf(d.language, sizeof d.language, "turc");
    assert_int_equal(visitor_save(db, agent, &d, &err), G_ERR_CONFLICT);
    assert_int_equal(visitor_index_check(db, &err), G_OK);
}

/* ---- history and index -------------------------------------------------- */

static void test_history_newest_first_and_index_rebuild(void **state)
{
    (void)state;
    int64_t id = save("Roux", "Marcel", "", "");
    int64_t now = clock_now();
    add_visit(id, now - 86400 * 20);
    add_visit(id, now - 3600);
    visitor_request *h;
    size_t n;
    g_error err = {0};
    assert_int_equal(visitor_history(db, id, &h, &n, &err), G_OK);
    assert_int_equal(n, 2);
    assert_int_equal(h[0].arrived_at, now - 3600);
    assert_int_equal(h[1].arrived_at, now - 86400 * 20);
    assert_string_equal(h[0].state, "termine");
    assert_string_equal(h[0].agent_name, "Agent agathe");
    free(h);
    assert_int_equal(visitor_reindex(db, &err), G_OK);
    assert_int_equal(visitor_index_check(db, &err), G_OK);
    assert_string_equal(found("marc"), "Roux");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_only_last_name_is_required, setup, teardown),
        cmocka_unit_test_setup_teardown(test_each_field_is_checked_in_french, setup, teardown),
        cmocka_unit_test_setup_teardown(test_300_character_name_is_refused_with_the_maximum, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_save_stores_canonical_forms_and_journals, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_search_warm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_warm_fills_the_page_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_names_ignore_accents_case_and_punctuation,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_by_phone_and_birth_date, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_orders_by_last_visit_and_stops_at_a_screenful,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_never_scans_the_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_same_rows_as_reference, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_phone_walks_the_index_in_number_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_duplicates_by_name_and_birth_date_or_phone, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_merge_moves_history_and_is_journaled, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_newest_first_and_index_rebuild, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
