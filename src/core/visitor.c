/* visitor.c — visitors' files, search as you type, duplicates and merging
 * (see guichet/visitor.h). */
#include <inttypes.h>
#include <sodium.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "intake_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/commune.h"
#include "guichet/i18n.h"
#include "guichet/fieldtext.h"
#include "guichet/normalize.h"
#include "guichet/ref.h"
#include "guichet/utf8.h"
#include "guichet/uuid.h"
#include "guichet/visitor.h"
#include "guichet/strbuf.h"

g_status intake_actor_role(g_db *db, int64_t actor_id, user_role *role, g_error *err)
{
    /* at every save: the two columns it needs, not the whole account */
    sqlite3_stmt *st = NULL;
    int ok = 0;
    if (actor_id > 0 &&
        db_stmt(db, "SELECT role, disabled FROM app_user WHERE id = ?", &st, NULL) == G_OK) {
        sqlite3_bind_int64(st, 1, actor_id);
        if (sqlite3_step(st) == SQLITE_ROW && !sqlite3_column_int(st, 1)) {
            char code[16];
            db_column_text(st, 0, code, sizeof code);
            if (user_role_parse(code, role) != 0)
                *role = ROLE_ACCUEIL;
            ok = 1;
        }
        db_stmt_done(db, st);
    }
    if (!ok)
        return g_err(err, G_ERR_DENIED,
                     _("Action réservée à un compte actif : reconnectez-vous et réessayez."));
    return G_OK;
}

long intake_text_chars(const char *s)
{
    /* the rule of every stored text (fieldtext.h): C0, DEL, C1, bad UTF-8 */
    if (fieldtext_find_control(s, FIELDTEXT_LINE, NULL) >= 0)
        return -1;
    return (long)utf8_chars(s);
}

/* ---- fields ----------------------------------------------------------- */

typedef enum { F_TEXT, F_DATE, F_CHOICE } field_kind;

typedef struct field_desc {
    const char *name;  /* struct member = column = g_error.field */
    const char *label; /* French, through _() */
    size_t offset;
    size_t size;
    int max; /* characters; 0 for choices */
    field_kind kind;
} field_desc;

#define FIELD(n, l, m, k)                                                                          \
    {                                                                                              \
#n, l, offsetof(visitor, n), sizeof(((visitor *)0)->n), m, k                               \
    }
static const field_desc fields[] = {
    FIELD(last_name, N_("Nom"), VISITOR_NAME_MAX, F_TEXT),
    FIELD(birth_name, N_("Nom de naissance"), VISITOR_NAME_MAX, F_TEXT),
    FIELD(first_names, N_("Prénoms"), VISITOR_NAME_MAX, F_TEXT),
    FIELD(birth_date, N_("Date de naissance"), VISITOR_DATE_MAX, F_DATE),
    FIELD(sex, N_("Sexe"), 0, F_CHOICE),
    FIELD(commune, N_("Commune (code INSEE)"), VISITOR_INSEE_MAX, F_TEXT),
    FIELD(postal_code, N_("Code postal"), VISITOR_POSTAL_MAX, F_TEXT),
    FIELD(phone, N_("Téléphone"), VISITOR_PHONE_MAX, F_TEXT),
    FIELD(email, N_("Courriel"), VISITOR_EMAIL_MAX, F_TEXT),
    FIELD(preferred_contact, N_("Contact préféré"), 0, F_CHOICE),
    FIELD(language, N_("Langue parlée"), VISITOR_LANGUAGE_MAX, F_TEXT),
    FIELD(consent_date, N_("Date du consentement"), VISITOR_DATE_MAX, F_DATE),
    FIELD(consent_kind, N_("Forme du consentement"), 0, F_CHOICE),
};
#undef FIELD
#define NFIELDS (sizeof fields / sizeof fields[0])

static const char *const contacts[] = {"", "telephone", "sms", "courriel", "courrier", NULL};
static const char *const consent_kinds[] = {"", "oral", "ecrit", NULL};

static const field_desc *field_find(const char *name)
{
    for (size_t i = 0; name && i < NFIELDS; i++)
        if (strcmp(fields[i].name, name) == 0)
            return &fields[i];
    return NULL;
}

static char *fld(visitor *v, const field_desc *f)
{
    return (char *)v + f->offset;
}

static const char *cfld(const visitor *v, const field_desc *f)
{
    return (const char *)v + f->offset;
}

void visitor_init(visitor *v)
{
    memset(v, 0, sizeof *v);
    snprintf(v->sex, sizeof v->sex, "non-communique");
}

int visitor_field_max(const char *field)
{
    const field_desc *f = field_find(field);
    return f ? f->max : 0;
}

/* Copies s without leading/trailing spaces and with inner runs of spaces
 * made one. */
static void squeeze(const char *s, char *out, size_t size)
{
    size_t o = 0;
    int space = 0;
    while (*s == ' ' || *s == '\t')
        s++;
    for (; *s && o + 1 < size; s++) {
        if (*s == ' ' || *s == '\t') {
            space = 1;
            continue;
        }
        if (space && o + 2 < size)
            out[o++] = ' ';
        space = 0;
        out[o++] = *s;
    }
    out[o] = 0;
}

static int blank(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == 0;
}

/* A date of the person's past (birth, consent) as typed: a two-digit year
 * is of this century up to this year, else of the last one
 * (NORMALIZE_CENTURY_PAST). */
static g_status past_date(const char *typed, char iso[11], g_error *err)
{
    char today[11];
    clock_today(today);
    return normalize_date_rule(typed, NORMALIZE_CENTURY_PAST, atoi(today), iso, err);
}

/* Checks a date field; iso receives the canonical form ("" when blank). */
static g_status check_date(const field_desc *f, const char *typed, char iso[11], g_error *err)
{
    iso[0] = 0;
    if (blank(typed))
        return G_OK;
    g_error e = {0};
    if (past_date(typed, iso, &e) != G_OK)
        return g_err_field(err, G_ERR_INVALID, f->name, _("%s : %s."), _(f->label), e.msg);
    char today[11];
    clock_today(today);
    if (strcmp(iso, today) > 0)
        return g_err_field(err, G_ERR_INVALID, f->name, _("%s : le %s est dans le futur."),
                           _(f->label), typed);
    if (strcmp(f->name, "birth_date") == 0 && strcmp(iso, "1900-01-01") < 0)
        return g_err_field(err, G_ERR_INVALID, f->name, _("%s : avant 1900, vérifiez l'année."),
                           _(f->label));
    return G_OK;
}

g_status visitor_validate_field(const visitor *v, const char *name, g_error *err)
{
    const field_desc *f = field_find(name);
    if (!f)
        return g_err(err, G_ERR_INVALID, _("Champ inconnu : %s."), name ? name : "?");
    const char *s = cfld(v, f);
    if (f->kind != F_CHOICE) {
        long n = intake_text_chars(s);
        if (n < 0)
            return fieldtext_check(s, FIELDTEXT_LINE, f->name, _(f->label), err);
        if (n > f->max)
            return g_err_field(err, G_ERR_INVALID, f->name,
                               _("%s : %d caractères au maximum (%ld tapés)."), _(f->label), f->max,
                               n);
    }
    char iso[11], buf[NORMALIZE_PHONE_SIZE];
    if (f->kind == F_DATE)
        return check_date(f, s, iso, err);
    if (strcmp(name, "last_name") == 0 && blank(s))
        return g_err_field(err, G_ERR_INVALID, f->name, _("Nom : obligatoire."));
    if (blank(s))
        return G_OK;
    if (strcmp(name, "sex") == 0 && ref_index(ref_sexes, s) < 0)
        return g_err_field(err, G_ERR_INVALID, f->name,
                           _("Sexe : choisissez Femme, Homme ou Non communiqué."));
    if (strcmp(name, "preferred_contact") == 0 && ref_index(contacts, s) < 0)
        return g_err_field(err, G_ERR_INVALID, f->name,
                           _("Contact préféré : choisissez téléphone, SMS, courriel ou "
                             "courrier."));
    if (strcmp(name, "consent_kind") == 0 && ref_index(consent_kinds, s) < 0)
        return g_err_field(err, G_ERR_INVALID, f->name,
                           _("Forme du consentement : choisissez oral ou écrit."));
    if (strcmp(name, "commune") == 0)
        return commune_check_code(s, err); /* names the field itself */
    if (strcmp(name, "postal_code") == 0) {
        char t[VISITOR_BUF(VISITOR_POSTAL_MAX)];
        squeeze(s, t, sizeof t);
        if (!normalize_postal_valid(t))
            return g_err_field(err, G_ERR_INVALID, f->name,
                               _("Code postal : 5 chiffres, par exemple 58000."));
    }
    if (strcmp(name, "phone") == 0)
        return normalize_phone(s, buf, err); /* names the field itself */
    if (strcmp(name, "email") == 0) {
        char t[VISITOR_BUF(VISITOR_EMAIL_MAX)];
        squeeze(s, t, sizeof t);
        if (!normalize_email_valid(t))
            return g_err_field(err, G_ERR_INVALID, f->name,
                               _("Courriel : adresse mal formée (exemple : "
                                 "prenom.nom@exemple.fr)."));
    }
    return G_OK;
}

g_status visitor_validate(const visitor *v, g_error *err)
{
    for (size_t i = 0; i < NFIELDS; i++) {
        g_status s = visitor_validate_field(v, fields[i].name, err);
        if (s != G_OK)
            return s;
    }
    if (strcmp(v->preferred_contact, "courriel") == 0 && blank(v->email))
        return g_err_field(err, G_ERR_INVALID, "email",
                           _("Courriel : à remplir, puisque c'est le contact préféré."));
    if ((strcmp(v->preferred_contact, "telephone") == 0 ||
         strcmp(v->preferred_contact, "sms") == 0) &&
        blank(v->phone))
        return g_err_field(err, G_ERR_INVALID, "phone",
                           _("Téléphone : à remplir, puisque c'est le contact préféré."));
    if (!blank(v->consent_date) && blank(v->consent_kind))
        return g_err_field(err, G_ERR_INVALID, "consent_kind",
                           _("Forme du consentement : précisez oral ou écrit."));
    return G_OK;
}

/* ---- derived columns -------------------------------------------------- */

typedef struct derived {
    char search_names[3 * 3 * VISITOR_BUF(VISITOR_NAME_MAX)];
    char phone_national[NORMALIZE_PHONE_SIZE];
} derived;

/* The key of the first given name: its first word, up to a space, comma,
 * hyphen or apostrophe ("Jean-Pierre" and "Jean Pierre" both give "jean"). */
static void given_key(const char *first_names, char *out, size_t size)
{
    char f[VISITOR_BUF(VISITOR_NAME_MAX)];
    normalize_fold(first_names, f, sizeof f);
    const char *p = f + strspn(f, " ,-'");
    char word[VISITOR_BUF(VISITOR_NAME_MAX)];
    snprintf(word, sizeof word, "%.*s", (int)strcspn(p, " ,-'"), p);
    normalize_name_key(word, out, size);
}

/* 1 when a and b may be the same person by their names: a last or birth name
 * of one equals a last or birth name of the other (accents, case and
 * punctuation ignored), and their first given names are equal or one of them
 * has none. */
static int same_names(const char *last_a, const char *birth_a, const char *first_a,
                      const char *last_b, const char *birth_b, const char *first_b)
{
    char ka[2][VISITOR_BUF(VISITOR_NAME_MAX)], kb[2][VISITOR_BUF(VISITOR_NAME_MAX)];
    normalize_name_key(last_a, ka[0], sizeof ka[0]);
    normalize_name_key(birth_a, ka[1], sizeof ka[1]);
    normalize_name_key(last_b, kb[0], sizeof kb[0]);
    normalize_name_key(birth_b, kb[1], sizeof kb[1]);
    int found = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            if (ka[i][0] && strcmp(ka[i], kb[j]) == 0)
                found = 1;
    if (!found)
        return 0;
    char ga[VISITOR_BUF(VISITOR_NAME_MAX)], gb[VISITOR_BUF(VISITOR_NAME_MAX)];
    given_key(first_a, ga, sizeof ga);
    given_key(first_b, gb, sizeof gb);
    return !ga[0] || !gb[0] || strcmp(ga, gb) == 0;
}

/* Fills the derived columns of a canonical visitor c. Merged and anonymised
 * files get no search words. */
static void derive(const visitor *c, derived *d)
{
    memset(d, 0, sizeof *d);
    if (!c->merged_into && !c->anonymised_at) {
        char all[3 * VISITOR_BUF(VISITOR_NAME_MAX) + 4];
        snprintf(all, sizeof all, "%s %s %s", c->last_name, c->birth_name, c->first_names);
        normalize_search_words(all, d->search_names, sizeof d->search_names);
    }
    normalize_phone_national(c->phone, d->phone_national);
}

/* The canonical form of a validated v into c. */
static void canonical(const visitor *v, visitor *c)
{
    *c = *v;
    for (size_t i = 0; i < NFIELDS; i++)
        if (fields[i].kind == F_TEXT)
            squeeze(cfld(v, &fields[i]), fld(c, &fields[i]), fields[i].size);
    char iso[11];
    past_date(c->birth_date, iso, NULL);
    snprintf(c->birth_date, sizeof c->birth_date, "%s", iso);
    past_date(c->consent_date, iso, NULL);
    snprintf(c->consent_date, sizeof c->consent_date, "%s", iso);
    if (!blank(c->consent_kind) && !c->consent_date[0])
        clock_today(c->consent_date);
    char code[6];
    if (normalize_insee(c->commune, code) == 0)
        snprintf(c->commune, sizeof c->commune, "%s", code);
    char e164[NORMALIZE_PHONE_SIZE] = "";
    if (c->phone[0])
        normalize_phone(c->phone, e164, NULL);
    snprintf(c->phone, sizeof c->phone, "%s", e164);
    if (!c->sex[0])
        snprintf(c->sex, sizeof c->sex, "non-communique");
    c->needs_digital_help = !!c->needs_digital_help;
    c->reading_difficulty = !!c->reading_difficulty;
    c->no_french = !!c->no_french;
    c->disability = !!c->disability;
}

/* ---- the FTS index ---------------------------------------------------- */

static g_status fts_write(g_db *db, int del, int64_t id, const char *words, g_error *err)
{
    sqlite3_stmt *st;
    const char *sql = del ? "INSERT INTO visitor_fts (visitor_fts, rowid, search_names) VALUES "
                            "('delete', ?1, ?2)"
                          : "INSERT INTO visitor_fts (rowid, search_names) VALUES (?1, ?2)";
    g_status s = db_prepare(db, sql, &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, words);
    if (sqlite3_step(st) != SQLITE_DONE)
        s = db_fail(db, err, _("index de recherche des usagers"));
    sqlite3_finalize(st);
    return s;
}

/* Re-indexes row id from its old words to new ones (same transaction). */
static g_status fts_replace(g_db *db, int64_t id, const char *old, const char *words, g_error *err)
{
    if (old && strcmp(old, words) == 0)
        return G_OK;
    g_status s = G_OK;
    if (old)
        s = fts_write(db, 1, id, old, err);
    if (s == G_OK)
        s = fts_write(db, 0, id, words, err);
    return s;
}

g_status visitor_reindex(g_db *db, g_error *err)
{
    /* 'rebuild' leaves a dozen segments; a keystroke opens each of them
     * (migration 064): merged into one */
    g_status s = db_exec(db, "INSERT INTO visitor_fts (visitor_fts) VALUES ('rebuild')", err);
    if (s == G_OK)
        s = db_exec(db, "INSERT INTO visitor_fts (visitor_fts) VALUES ('optimize')", err);
    return s;
}

g_status visitor_index_compact(g_db *db, int *steps, g_error *err)
{
    if (steps)
        *steps = 0;
    char sql[96];
    snprintf(sql, sizeof sql, "INSERT INTO visitor_fts (visitor_fts, rank) VALUES ('merge', %d)",
             -VISITOR_INDEX_MERGE_PAGES);
    /* a negative 'merge' puts every segment on one level and merges them,
     * a bounded number of pages per call; a call with nothing left to merge
     * writes nothing (sqlite3_total_changes: at most its own row) */
    for (int i = 0; i < 100000; i++) {
        int before = sqlite3_total_changes(db_sql(db));
        g_status s = db_begin(db, err);
        if (s != G_OK)
            return s;
        if ((s = db_exec(db, sql, err)) == G_OK)
            s = db_commit(db, err);
        if (s != G_OK) {
            db_rollback(db);
            return s;
        }
        if (sqlite3_total_changes(db_sql(db)) - before < 2)
            break;
        if (steps)
            (*steps)++;
    }
    return G_OK;
}

g_status visitor_index_check(g_db *db, g_error *err)
{
    if (sqlite3_exec(db_sql(db),
                     "INSERT INTO visitor_fts (visitor_fts, rank) VALUES ('integrity-check', 1)",
                     NULL, NULL, NULL) != SQLITE_OK)
        return g_err(err, G_ERR_CONFLICT,
                     _("L'index de recherche des usagers ne correspond plus aux fiches : "
                       "il sera reconstruit (%s)."),
                     sqlite3_errmsg(db_sql(db)));
    return G_OK;
}

/* ---- load and save ---------------------------------------------------- */

#define VISITOR_COLUMNS                                                                            \
    "id, uuid, last_name, birth_name, first_names, birth_date, sex, commune, postal_code, "        \
    "phone, email, preferred_contact, language, consent_date, consent_kind, needs_digital_help, "  \
    "reading_difficulty, no_french, disability, created_at, updated_at, last_visit_at, "           \
    "coalesce(merged_into, 0), coalesce(anonymised_at, 0), search_names"

static void read_visitor(sqlite3_stmt *st, visitor *v)
{
    visitor_init(v);
    v->id = sqlite3_column_int64(st, 0);
    db_column_text(st, 1, v->uuid, sizeof v->uuid);
    for (size_t i = 0; i < NFIELDS; i++)
        db_column_text(st, (int)(2 + i), fld(v, &fields[i]), fields[i].size);
    v->needs_digital_help = sqlite3_column_int(st, 15);
    v->reading_difficulty = sqlite3_column_int(st, 16);
    v->no_french = sqlite3_column_int(st, 17);
    v->disability = sqlite3_column_int(st, 18);
    v->created_at = sqlite3_column_int64(st, 19);
    v->updated_at = sqlite3_column_int64(st, 20);
    v->last_visit_at = sqlite3_column_int64(st, 21);
    v->merged_into = sqlite3_column_int64(st, 22);
    v->anonymised_at = sqlite3_column_int64(st, 23);
}

/* Loads id with its indexed words (old_words may be NULL). */
static g_status load(g_db *db, int64_t id, visitor *out, char *old_words, size_t wsize,
                     g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_stmt(db, "SELECT " VISITOR_COLUMNS " FROM visitor WHERE id = ?", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_visitor(st, out);
        if (old_words)
            db_column_text(st, 24, old_words, wsize);
    } else if (rc == SQLITE_DONE) {
        s = g_err(err, G_ERR_NOTFOUND, _("Fiche usager introuvable (n° %" PRId64 ")."), id);
    } else {
        s = db_fail(db, err, _("lecture d'une fiche usager"));
    }
    db_stmt_done(db, st);
    return s;
}

g_status visitor_get(g_db *db, int64_t id, visitor *out, g_error *err)
{
    return load(db, id, out, NULL, 0, err);
}

g_status visitor_rederive(g_db *db, int64_t id, g_error *err)
{
    visitor v;
    derived d;
    g_status s = load(db, id, &v, NULL, 0, err);
    if (s != G_OK)
        return s;
    derive(&v, &d);
    sqlite3_stmt *st;
    if ((s = db_stmt(db, "UPDATE visitor SET search_names = ?1, phone_national = ?2 WHERE id = ?3",
                     &st, err)) != G_OK)
        return s;
    db_bind_text(st, 1, d.search_names);
    db_bind_text(st, 2, d.phone_national);
    sqlite3_bind_int64(st, 3, id);
    if (sqlite3_step(st) != SQLITE_DONE)
        s = db_fail(db, err, _("index de recherche des usagers"));
    db_stmt_done(db, st);
    return s;
}

static void bind_fields(sqlite3_stmt *st, const visitor *c, const derived *d)
{
    /* ?1..?13 the fields in fields[] order, then the flags and derived */
    for (size_t i = 0; i < NFIELDS; i++)
        db_bind_text(st, (int)(1 + i), cfld(c, &fields[i]));
    sqlite3_bind_int(st, 14, c->needs_digital_help);
    sqlite3_bind_int(st, 15, c->reading_difficulty);
    sqlite3_bind_int(st, 16, c->no_french);
    sqlite3_bind_int(st, 17, c->disability);
    db_bind_text(st, 18, d->search_names);
    db_bind_text(st, 19, d->phone_national);
}

static g_status insert_visitor(g_db *db, visitor *c, const derived *d, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(
        db,
        "INSERT INTO visitor (last_name, birth_name, first_names, birth_date, sex, commune, "
        "postal_code, phone, email, preferred_contact, language, consent_date, consent_kind, "
        "needs_digital_help, reading_difficulty, no_french, disability, search_names, "
        "phone_national, uuid, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21)",
        &st, err);
    if (s != G_OK)
        return s;
    bind_fields(st, c, d);
    db_bind_text(st, 20, c->uuid);
    sqlite3_bind_int64(st, 21, c->created_at);
    if ((s = db_step_done(db, st, _("création d'une fiche usager"), err)) != G_OK)
        return s;
    c->id = sqlite3_last_insert_rowid(db_sql(db));
    return fts_replace(db, c->id, NULL, d->search_names, err);
}

static g_status update_visitor(g_db *db, const visitor *c, const derived *d, const char *old_words,
                               g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(
        db,
        "UPDATE visitor SET last_name = ?1, birth_name = ?2, first_names = ?3, birth_date = ?4, "
        "sex = ?5, commune = ?6, postal_code = ?7, phone = ?8, email = ?9, "
        "preferred_contact = ?10, language = ?11, consent_date = ?12, consent_kind = ?13, "
        "needs_digital_help = ?14, reading_difficulty = ?15, no_french = ?16, disability = ?17, "
        "search_names = ?18, phone_national = ?19, updated_at = ?20, last_visit_at = ?21, "
        "merged_into = nullif(?22, 0) WHERE id = ?23",
        &st, err);
    if (s != G_OK)
        return s;
    bind_fields(st, c, d);
    sqlite3_bind_int64(st, 20, c->updated_at);
    sqlite3_bind_int64(st, 21, c->last_visit_at);
    sqlite3_bind_int64(st, 22, c->merged_into);
    sqlite3_bind_int64(st, 23, c->id);
    if ((s = db_step_done(db, st, _("mise à jour d'une fiche usager"), err)) != G_OK)
        return s;
    return fts_replace(db, c->id, old_words, d->search_names, err);
}

/* Appends the names of the fields that differ between a and b to out. */
static void changed_fields(const visitor *a, const visitor *b, char *out, size_t size)
{
    strbuf sb;
    strbuf_init(&sb, out, size);
    for (size_t i = 0; i < NFIELDS; i++)
        if (strcmp(cfld(a, &fields[i]), cfld(b, &fields[i])) != 0)
            strbuf_join(&sb, ",", fields[i].name);
    if (a->needs_digital_help != b->needs_digital_help)
        strbuf_join(&sb, ",", "needs_digital_help");
    if (a->reading_difficulty != b->reading_difficulty)
        strbuf_join(&sb, ",", "reading_difficulty");
    if (a->no_french != b->no_french)
        strbuf_join(&sb, ",", "no_french");
    if (a->disability != b->disability)
        strbuf_join(&sb, ",", "disability");
}

/* The commune must be on INSEE's list once it is imported; an old code
 * (commune déléguée) becomes today's (commune.h). */
static g_status on_the_list(g_db *db, visitor *c, g_error *err)
{
    char canon[6];
    g_status s = commune_check(db, c->commune, canon, err);
    if (s == G_OK)
        snprintf(c->commune, sizeof c->commune, "%s", canon);
    return s;
}

g_status visitor_save(g_db *db, int64_t actor_id, visitor *v, g_error *err)
{
    g_status s = visitor_validate(v, err);
    if (s != G_OK)
        return s;
    visitor *c = malloc(sizeof *c);
    visitor *old = malloc(sizeof *old);
    derived *d = malloc(sizeof *d);
    char *old_words = malloc(sizeof d->search_names);
    if (!c || !old || !d || !old_words) {
        free(c), free(old), free(d), free(old_words);
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    }
    canonical(v, c);
    int64_t now = clock_now();
    char object[64], detail[512] = "";
    if ((s = db_begin(db, err)) != G_OK)
        goto out;
    if (c->id == 0) {
        uuid_new(c->uuid);
        c->created_at = c->updated_at = now;
        c->merged_into = c->anonymised_at = c->last_visit_at = 0;
        s = on_the_list(db, c, err);
        derive(c, d);
        if (s == G_OK)
            s = insert_visitor(db, c, d, err);
        snprintf(object, sizeof object, "visitor:%s", c->uuid);
        if (s == G_OK)
            s = audit_log(db, actor_id, "visitor-create", object, "", err);
    } else {
        s = load(db, c->id, old, old_words, sizeof d->search_names, err);
        if (s == G_OK && (old->merged_into || old->anonymised_at))
            s = g_err(err, G_ERR_CONFLICT,
                      old->merged_into
                          ? _("Cette fiche a été fusionnée avec une autre : ouvrez la fiche "
                              "conservée.")
                          : _("Cette fiche a été anonymisée et ne peut plus être modifiée."));
        else if (s == G_OK && c->updated_at && c->updated_at != old->updated_at)
            s = g_err(err, G_ERR_CONFLICT,
                      _("Cette fiche a été modifiée entre-temps sur un autre poste : "
                        "rouvrez-la pour voir les changements, puis recommencez."));
        /* a commune kept as it was is not checked again (a file from before
         * the list was imported can still be corrected) */
        if (s == G_OK && strcmp(c->commune, old->commune) != 0)
            s = on_the_list(db, c, err);
        if (s == G_OK) {
            memcpy(c->uuid, old->uuid, sizeof c->uuid);
            c->created_at = old->created_at;
            c->last_visit_at = old->last_visit_at;
            c->merged_into = 0;
            c->anonymised_at = 0;
            c->updated_at = now;
            derive(c, d);
            changed_fields(old, c, detail, sizeof detail);
            s = update_visitor(db, c, d, old_words, err);
        }
        snprintf(object, sizeof object, "visitor:%s", old->uuid);
        if (s == G_OK)
            s = audit_log(db, actor_id, "visitor-update", object, detail, err);
    }
    if (s == G_OK)
        s = db_commit(db, err);
    else
        db_rollback(db);
    if (s == G_OK)
        *v = *c;
out:
    free(c), free(old), free(d), free(old_words);
    return s;
}

/* ---- result rows ------------------------------------------------------ */

#define ROW_COLUMNS                                                                                \
    "v.id, v.last_name, v.first_names, v.birth_name, v.birth_date, v.commune, v.postal_code, "     \
    "v.phone, v.last_visit_at"

static void read_row(sqlite3_stmt *st, visitor_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    db_column_text(st, 1, r->last_name, sizeof r->last_name);
    db_column_text(st, 2, r->first_names, sizeof r->first_names);
    db_column_text(st, 3, r->birth_name, sizeof r->birth_name);
    db_column_text(st, 4, r->birth_date, sizeof r->birth_date);
    r->birth_year = r->birth_date[0] ? atoi(r->birth_date) : 0;
    db_column_text(st, 5, r->commune, sizeof r->commune);
    db_column_text(st, 6, r->postal_code, sizeof r->postal_code);
    db_column_text(st, 7, r->phone, sizeof r->phone);
    r->last_visit_at = sqlite3_column_int64(st, 8);
}

/* "last first", or "last" alone, cut on a character when out is short */
static void full_name(const char *last, const char *first, char *out, size_t size)
{
    strbuf b;
    strbuf_init(&b, out, size);
    strbuf_puts(&b, last);
    strbuf_join(&b, " ", first);
}

void visitor_row_name(const visitor_row *r, char *out, size_t size)
{
    full_name(r->last_name, r->first_names, out, size);
}

void visitor_name(const visitor *v, char *out, size_t size)
{
    full_name(v->last_name, v->first_names, out, size);
}

/* Steps st (from db_stmt) into rows (at most max) and gives it back; *more
 * when a row beyond max exists. */
static g_status fill_rows(g_db *db, sqlite3_stmt *st, visitor_row *rows, int max, int *count,
                          int *more, g_error *err)
{
    int rc;
    *count = 0;
    if (more)
        *more = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*count >= max) {
            if (more)
                *more = 1;
            break;
        }
        read_row(st, &rows[(*count)++]);
    }
    g_status s = G_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        s = db_fail(db, err, _("recherche d'usagers"));
    db_stmt_done(db, st);
    return s;
}

/* ---- duplicates ------------------------------------------------------- */

g_status visitor_find_duplicates(g_db *db, const visitor *v, visitor_row *rows, int max, int *count,
                                 g_error *err)
{
    *count = 0;
    char birth[11] = "", e164[NORMALIZE_PHONE_SIZE] = "";
    if (!blank(v->birth_date))
        past_date(v->birth_date, birth, NULL);
    if (!blank(v->phone))
        normalize_phone(v->phone, e164, NULL);
    if (!birth[0] && !e164[0])
        return G_OK;
    /* candidates from the birth-date and phone indexes (a handful even on a
     * large site), then the names compared here */
    sqlite3_stmt *st;
    g_status s = db_prepare(
        db,
        "SELECT " ROW_COLUMNS ", v.phone = ?2 FROM visitor v WHERE ((v.birth_date = ?1 AND "
        "v.birth_date <> '') OR (v.phone = ?2 AND v.phone <> '')) AND v.merged_into IS NULL "
        "AND v.anonymised_at IS NULL AND v.id <> ?3 ORDER BY v.last_visit_at DESC, v.id DESC "
        "LIMIT 200",
        &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, birth[0] ? birth : NULL);
    db_bind_text(st, 2, e164[0] ? e164 : NULL);
    sqlite3_bind_int64(st, 3, v->id);
    int rc = SQLITE_DONE;
    visitor_row r;
    while (*count < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_row(st, &r);
        r.match = sqlite3_column_int(st, 9) ? VISITOR_DUP_PHONE : 0;
        if (birth[0] && strcmp(r.birth_date, birth) == 0 &&
            same_names(v->last_name, v->birth_name, v->first_names, r.last_name, r.birth_name,
                       r.first_names))
            r.match |= VISITOR_DUP_NAME;
        if (r.match)
            rows[(*count)++] = r;
    }
    if (*count < max && rc != SQLITE_DONE)
        s = db_fail(db, err, _("recherche de doublons"));
    sqlite3_finalize(st);
    return s;
}

/* ---- merge ------------------------------------------------------------ */

/* Fills survivor's blank fields from other; OR-s the flags. */
static void absorb(visitor *survivor, const visitor *other)
{
    for (size_t i = 0; i < NFIELDS; i++) {
        const field_desc *f = &fields[i];
        if (strcmp(f->name, "consent_date") == 0 || strcmp(f->name, "consent_kind") == 0)
            continue;
        char *dst = fld(survivor, f);
        const char *src = cfld(other, f);
        int empty = !dst[0] || (strcmp(f->name, "sex") == 0 && strcmp(dst, "non-communique") == 0);
        if (empty && src[0])
            snprintf(dst, f->size, "%s", src);
    }
    if (!survivor->consent_date[0] && other->consent_date[0]) {
        memcpy(survivor->consent_date, other->consent_date, sizeof survivor->consent_date);
        memcpy(survivor->consent_kind, other->consent_kind, sizeof survivor->consent_kind);
    }
    survivor->needs_digital_help |= other->needs_digital_help;
    survivor->reading_difficulty |= other->reading_difficulty;
    survivor->no_french |= other->no_french;
    survivor->disability |= other->disability;
    if (other->last_visit_at > survivor->last_visit_at)
        survivor->last_visit_at = other->last_visit_at;
}

/* Moves every row referencing visitor merged_id to survivor_id, in every
 * table with a foreign key to visitor(id); appends "table.column: n" to
 * detail. */
static g_status move_references(g_db *db, int64_t survivor_id, int64_t merged_id, char *detail,
                                size_t size, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT m.name, p.\"from\" FROM sqlite_schema m, "
                            "pragma_foreign_key_list(m.name) p WHERE m.type = 'table' AND "
                            "p.\"table\" = 'visitor' AND m.name <> 'visitor' ORDER BY m.name",
                            &st, err);
    if (s != G_OK)
        return s;
    int rc;
    strbuf b;
    strbuf_attach(&b, detail, size);
    while (s == G_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *table = (const char *)sqlite3_column_text(st, 0);
        const char *column = (const char *)sqlite3_column_text(st, 1);
        char *sql = sqlite3_mprintf("UPDATE OR IGNORE \"%w\" SET \"%w\" = ?1 WHERE \"%w\" = ?2",
                                    table, column, column);
        sqlite3_stmt *up;
        if (!sql)
            s = g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
        else if ((s = db_prepare(db, sql, &up, err)) == G_OK) {
            sqlite3_bind_int64(up, 1, survivor_id);
            sqlite3_bind_int64(up, 2, merged_id);
            if (sqlite3_step(up) != SQLITE_DONE)
                s = db_fail(db, err, _("fusion de fiches"));
            else if (sqlite3_changes(db_sql(db)) > 0)
                strbuf_printf(&b, "; %s.%s: %d", table, column, sqlite3_changes(db_sql(db)));
            sqlite3_finalize(up);
        }
        sqlite3_free(sql);
    }
    if (s == G_OK && rc != SQLITE_DONE)
        s = db_fail(db, err, _("fusion de fiches"));
    sqlite3_finalize(st);
    return s;
}

g_status visitor_merge(g_db *db, int64_t actor_id, int64_t survivor_id, int64_t merged_id,
                       g_error *err)
{
    user_role role;
    g_status s = intake_actor_role(db, actor_id, &role, err);
    if (s != G_OK)
        return s;
    if (role != ROLE_RESPONSABLE)
        return g_err(err, G_ERR_DENIED,
                     _("Seul le responsable du site peut fusionner deux fiches."));
    if (survivor_id == merged_id)
        return g_err(err, G_ERR_INVALID, _("Une fiche ne peut pas être fusionnée avec elle-même."));
    visitor *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    derived *d = malloc(sizeof *d);
    char *wa = malloc(sizeof d->search_names), *wb = malloc(sizeof d->search_names);
    if (!a || !b || !d || !wa || !wb) {
        free(a), free(b), free(d), free(wa), free(wb);
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    }
    char object[64], detail[512];
    if ((s = db_begin(db, err)) != G_OK)
        goto out;
    if ((s = load(db, survivor_id, a, wa, sizeof d->search_names, err)) != G_OK ||
        (s = load(db, merged_id, b, wb, sizeof d->search_names, err)) != G_OK)
        goto fail;
    if (a->merged_into || b->merged_into || a->anonymised_at || b->anonymised_at) {
        s = g_err(err, G_ERR_CONFLICT,
                  _("L'une des deux fiches est déjà fusionnée ou anonymisée : fusion "
                    "impossible."));
        goto fail;
    }
    snprintf(detail, sizeof detail, "fusionnée dans visitor:%s", a->uuid);
    if ((s = move_references(db, survivor_id, merged_id, detail, sizeof detail, err)) != G_OK)
        goto fail;
    int64_t now = clock_now();
    absorb(a, b);
    a->updated_at = now;
    derive(a, d);
    if ((s = update_visitor(db, a, d, wa, err)) != G_OK)
        goto fail;
    b->merged_into = survivor_id;
    b->updated_at = now;
    derive(b, d);
    if ((s = update_visitor(db, b, d, wb, err)) != G_OK)
        goto fail;
    snprintf(object, sizeof object, "visitor:%s", b->uuid);
    if ((s = audit_log(db, actor_id, "visitor-merge", object, detail, err)) != G_OK)
        goto fail;
    s = db_commit(db, err);
    goto out;
fail:
    db_rollback(db);
out:
    free(a), free(b), free(d), free(wa), free(wb);
    return s;
}

/* ---- search ----------------------------------------------------------- */

static int is_phone_query(const char *q, size_t *digits)
{
    *digits = 0;
    for (const char *p = q; *p; p++) {
        if (*p >= '0' && *p <= '9')
            (*digits)++;
        else if (!strchr(" +.-()", *p))
            return 0;
    }
    return *digits > 0;
}

static int is_date_query(const char *q)
{
    return normalize_date_like(q);
}

/* The FTS5 query over the folded names the index holds (see derive):
 * folded q, each word a required prefix. Returns the number of words. */
static int fts_query(const char *q, char *out, size_t size)
{
    size_t n = strlen(q);
    char *f = malloc(n + 1);
    if (!f)
        return 0;
    normalize_fold(q, f, n + 1);
    int words = normalize_fts_query(f, out, size);
    free(f);
    return words;
}

static g_status search_names(g_db *db, const char *q, visitor_row *rows, int max, int *count,
                             int *more, g_error *err)
{
    char match[1024];
    if (fts_query(q, match, sizeof match) == 0)
        return G_OK;
    sqlite3_stmt *st;
    g_status s = db_stmt(
        db,
        "SELECT " ROW_COLUMNS " FROM (SELECT rowid AS id FROM visitor_fts WHERE visitor_fts "
        "MATCH ?1 ORDER BY rowid DESC LIMIT ?2) f CROSS JOIN visitor v ON v.id = f.id WHERE "
        "v.merged_into IS NULL AND v.anonymised_at IS NULL "
        "ORDER BY v.last_visit_at DESC, v.id DESC LIMIT ?3",
        &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, match);
    /* The window: FTS5 hands out the newest matching files in rowid order
     * and stops there (no sort of the matches); only this window is read
     * and ranked by last visit. CROSS JOIN: the window is read as a
     * co-routine, row by row, instead of being first copied into a
     * temporary table (SQLite does so for a subquery joined by a plain
     * JOIN): 60,000 instructions less per keystroke, same rows. */
    int window = max > VISITOR_SEARCH_RANKED / VISITOR_SEARCH_SCREENS ? max * VISITOR_SEARCH_SCREENS
                                                                      : VISITOR_SEARCH_RANKED;
    sqlite3_bind_int(st, 2, window);
    sqlite3_bind_int(st, 3, max + 1);
    return fill_rows(db, st, rows, max, count, more, err);
}

static g_status search_phone(g_db *db, const char *q, visitor_row *rows, int max, int *count,
                             int *more, g_error *err)
{
    char d[40];
    normalize_digits(q, d, sizeof d);
    const char *digits = d;
    int intl = strchr(q, '+') != NULL;
    if (!intl && d[0] == '0' && d[1] == '0') {
        intl = 1;
        digits += 2;
    }
    char p1[48], p2[48] = "";
    snprintf(p1, sizeof p1, "%s", digits);
    if (intl) {
        static const char *cc[] = {"33", "262", "590", "594", "596"};
        for (size_t i = 0; i < sizeof cc / sizeof cc[0]; i++)
            if (strncmp(digits, cc[i], strlen(cc[i])) == 0) {
                const char *rest = digits + strlen(cc[i]);
                if (*rest == '0')
                    rest++;
                snprintf(p1, sizeof p1, "0%s", rest);
                break;
            }
    } else if (digits[0] != '0') {
        snprintf(p2, sizeof p2, "0%s", digits);
    }
    char p1_end[56], p2_end[56];
    snprintf(p1_end, sizeof p1_end, "%s:", p1);
    snprintf(p2_end, sizeof p2_end, "%s:", p2);
    /* Two disjoint ranges of the phone_national index, each read in index
     * order and merged (MERGE (UNION ALL)): the statement stops at a
     * screenful plus one, whatever the number of matches; nothing is sorted
     * (column 10, phone_national, is the merge key; read_row ignores it). */
    sqlite3_stmt *st;
    g_status s = db_stmt(
        db,
        "SELECT " ROW_COLUMNS ", v.phone_national FROM visitor v WHERE v.phone_national >= ?1 "
        "AND v.phone_national < ?2 AND v.phone_national <> '' AND v.merged_into IS NULL AND "
        "v.anonymised_at IS NULL UNION ALL SELECT " ROW_COLUMNS ", v.phone_national FROM "
        "visitor v WHERE v.phone_national >= ?3 AND v.phone_national < ?4 AND v.phone_national "
        "<> '' AND v.merged_into IS NULL AND v.anonymised_at IS NULL ORDER BY 10, 1 LIMIT ?5",
        &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, p1);
    db_bind_text(st, 2, p1_end);
    db_bind_text(st, 3, p2[0] ? p2 : NULL);
    db_bind_text(st, 4, p2[0] ? p2_end : NULL);
    sqlite3_bind_int(st, 5, max + 1);
    return fill_rows(db, st, rows, max, count, more, err);
}

static g_status search_birth(g_db *db, const char *iso, visitor_row *rows, int max, int *count,
                             int *more, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_stmt(db,
                         "SELECT " ROW_COLUMNS " FROM visitor v WHERE v.birth_date = ?1 AND "
                         "v.birth_date <> '' AND v.merged_into IS NULL AND v.anonymised_at "
                         "IS NULL ORDER BY v.last_visit_at DESC, v.id DESC LIMIT ?2",
                         &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, iso);
    sqlite3_bind_int(st, 2, max + 1);
    return fill_rows(db, st, rows, max, count, more, err);
}

g_status visitor_search(g_db *db, const char *query, visitor_row *rows, int max, int *count,
                        int *more, g_error *err)
{
    *count = 0;
    if (more)
        *more = 0;
    if (!query || max <= 0)
        return G_OK;
    char q[512];
    squeeze(query, q, sizeof q);
    if (!q[0])
        return G_OK;
    size_t digits;
    if (is_date_query(q)) {
        char iso[11];
        if (past_date(q, iso, NULL) != G_OK)
            return G_OK; /* still being typed */
        return search_birth(db, iso, rows, max, count, more, err);
    }
    if (is_phone_query(q, &digits))
        return digits >= 4 ? search_phone(db, q, rows, max, count, more, err) : G_OK;
    return search_names(db, q, rows, max, count, more, err);
}

/* The connection's page cache filled with the pages of the newest files
 * (db_cache_fill). A keystroke whose pages are not in the cache reads each
 * one into a new slot of the cache while it grows: 30 to 60 in each of a
 * session's first searches, each a page fault of 10 to 15 us on the
 * bench's virtual machine; those keystrokes took 0.8 to 1.7 ms where the
 * same ones take 0.2 to 0.6 ms once the cache is full (bench_core search,
 * docs/performance.md). The newest files: the search window is the newest
 * files that match (search_names), so theirs are the pages the most
 * keystrokes read. Bounded by the cache's size, not the base's (the same
 * few milliseconds at a million files), and by 50 ms: on an old hard disk
 * whose cache the morning's boot left empty, each of those pages may be a
 * seek; the keystrokes then read what they need, as they did before, and
 * the next opening of a search screen goes on. */
static g_status warm_cache(g_db *db, g_error *err)
{
    return db_cache_fill(db, "SELECT last_visit_at FROM visitor ORDER BY id DESC", 50,
                         _("lecture des fiches usagers"), err);
}

g_status visitor_search_warm(g_db *db, g_error *err)
{
    /* one keystroke of each kind: the statements prepared into the cache,
     * the FTS5 index's structure and the first pages of the indexes read */
    visitor_row row;
    int count = 0, more = 0;
    g_status s = search_names(db, "a", &row, 1, &count, &more, err);
    if (s == G_OK)
        s = search_phone(db, "0600", &row, 1, &count, &more, err);
    if (s == G_OK)
        s = warm_cache(db, err);
    return s;
}

/* ---- history ---------------------------------------------------------- */

g_status visitor_history(g_db *db, int64_t visitor_id, visitor_request **out, size_t *count,
                         g_error *err)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(
        db,
        "SELECT v.id, v.arrived_at, v.state, v.channel, coalesce(v.help_type, ''), "
        "coalesce(v.outcome, ''), coalesce((SELECT group_concat(op, ',') FROM (SELECT "
        "coalesce(t.operator, '-') AS op FROM visit_topic t WHERE t.visit_id = v.id ORDER BY "
        "t.position)), ''), coalesce(v.duration_min, -1), coalesce(u.display_name, ''), "
        "v.comment FROM visit v LEFT JOIN app_user u ON u.id = v.agent_id "
        "WHERE v.visitor_id = ?1 ORDER BY v.arrived_at DESC, v.id DESC",
        &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visitor_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*count == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            visitor_request *n = realloc(*out, ncap * sizeof *n);
            if (!n) {
                s = g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
                break;
            }
            *out = n;
            cap = ncap;
        }
        visitor_request *r = &(*out)[(*count)++];
        memset(r, 0, sizeof *r);
        r->visit_id = sqlite3_column_int64(st, 0);
        r->arrived_at = sqlite3_column_int64(st, 1);
        db_column_text(st, 2, r->state, sizeof r->state);
        db_column_text(st, 3, r->channel, sizeof r->channel);
        db_column_text(st, 4, r->help_type, sizeof r->help_type);
        db_column_text(st, 5, r->outcome, sizeof r->outcome);
        db_column_text(st, 6, r->operators, sizeof r->operators);
        r->duration_min = sqlite3_column_int(st, 7);
        db_column_text(st, 8, r->agent_name, sizeof r->agent_name);
        db_column_text(st, 9, r->comment, sizeof r->comment);
    }
    if (s == G_OK && rc != SQLITE_DONE)
        s = db_fail(db, err, _("historique des demandes"));
    sqlite3_finalize(st);
    if (s != G_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
    }
    return s;
}
