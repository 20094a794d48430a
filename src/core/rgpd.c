/* rgpd.c — retention purge and erasure (see guichet/rgpd.h, docs/rgpd.md).
 *
 * Erasing a person is one routine, erase_files(), used by `guichet rgpd
 * effacer` and by the purge of files without contact. It works on the file
 * and every file merged into it (a recursive CTE, FILES below): what the
 * export counts is detached, what only describes the person is deleted. Any
 * other table that still points at the person (one a later version adds)
 * makes it refuse, loudly, before anything is deleted.
 *
 * A dry run of the purge does the whole purge and rolls it back, slice by
 * slice: the plan it shows is, by construction, what a real run would do.
 * The files an earlier slice would have erased are kept in a temporary
 * table (temp.rgpd_doomed, private to the connection, which a rollback of
 * the main base does not touch once written outside the slice), and every
 * later step leaves them out, as a real run finds them gone. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "rgpd_internal.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/export.h"
#include "guichet/i18n.h"
#include "guichet/ref.h"
#include "guichet/rgpd.h"
#include "guichet/user.h"
#include "guichet/uuid.h"
#include "guichet/status.h"

/* The file ?1 and every file merged into it, at any depth. */
#define FILES                                                                                      \
    "WITH RECURSIVE files(id) AS (SELECT ?1 UNION SELECT v.id FROM visitor v JOIN files f "        \
    "ON v.merged_into = f.id) "

/* Leaves out the files a dry run's earlier slices would have erased (the
 * table is empty in a real run: those files are gone). */
#define KEPT(col) " AND ifnull(" col ", 0) NOT IN temp.rgpd_doomed"

/* The tables erase_files() knows how to clear of a person; any other table
 * with a foreign key to visitor(id) stops an erasure. */
static const char *const handled_tables[] = {"visit",      "appointment", "orientation", "note",
                                             "escalation", "visitor",     "rgpd_state",  NULL};

/* ---- small helpers ------------------------------------------------------- */

g_status rgpd_require_manager(g_db *db, int64_t actor_id, g_error *err)
{
    if (actor_id == 0)
        return G_OK;
    user_info u;
    g_error e = {0};
    if (user_get_by_id(db, actor_id, &u, &e) != G_OK || u.disabled || u.role != ROLE_RESPONSABLE)
        return g_err(err, G_ERR_DENIED, "%s",
                     _("Seul un responsable du site peut exercer les droits des personnes et "
                       "purger les données (RGPD)."));
    return G_OK;
}

g_status rgpd_check_manager(g_db *db, int64_t actor_id, g_error *err)
{
    return rgpd_require_manager(db, actor_id, err);
}

g_status rgpd_site_key(g_db *db, unsigned char key[32], g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_stmt(db, "SELECT pseudonym_key FROM site WHERE id = 1", &st, err);
    if (s != G_OK)
        return s;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 32)
        memcpy(key, sqlite3_column_blob(st, 0), 32);
    else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        s = g_err(err, G_ERR_NOTFOUND, "%s",
                  _("Le site n'est pas encore configuré : lancez « guichet init »."));
    else
        s = db_fail(db, err, _("lecture du site"));
    db_stmt_done(db, st);
    return s;
}

/* Binds ?1 to ?4 from v, as many as the statement has. */
/* Binds ?1 to ?nv from v (those the statement has). */
static void bind_n(sqlite3_stmt *st, const int64_t *v, int nv)
{
    int n = sqlite3_bind_parameter_count(st);
    for (int i = 0; i < n && i < nv; i++)
        sqlite3_bind_int64(st, i + 1, v[i]);
}

static void bind_params(sqlite3_stmt *st, const int64_t v[4])
{
    bind_n(st, v, 4);
}

/* Runs sql with ?1 to ?4 from v; *changes (may be NULL) gets the rows
 * changed. The statements come from the connection's cache: a purge runs
 * each of them once per file, and preparing them each time was a sixth of
 * a purge of 17,000 files (docs/performance.md). */
static g_status run_n(g_db *db, const char *sql, const int64_t *v, int nv, int64_t *changes,
                      const char *what, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_stmt(db, sql, &st, err);
    if (s != G_OK)
        return s;
    bind_n(st, v, nv);
    s = db_stmt_step_done(db, st, what, err);
    if (s == G_OK && changes)
        *changes = sqlite3_changes(db_sql(db));
    return s;
}

static g_status run_v(g_db *db, const char *sql, const int64_t v[4], int64_t *changes,
                      const char *what, g_error *err)
{
    return run_n(db, sql, v, 4, changes, what, err);
}

/* The same with ?1 = a and ?2 = b. */
static g_status run(g_db *db, const char *sql, int64_t a, int64_t b, int64_t *changes,
                    const char *what, g_error *err)
{
    const int64_t v[4] = {a, b, 0, 0};
    return run_v(db, sql, v, changes, what, err);
}

/* One integer from sql (?1 to ?4 from v); 0 for no row. */
static g_status one_int_v(g_db *db, const char *sql, const int64_t v[4], int64_t *out, g_error *err)
{
    *out = 0;
    sqlite3_stmt *st;
    g_status s = db_stmt(db, sql, &st, err);
    if (s != G_OK)
        return s;
    bind_params(st, v);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        s = db_fail(db, err, _("lecture des données personnelles"));
    db_stmt_done(db, st);
    return s;
}

static g_status one_int(g_db *db, const char *sql, int64_t a, int64_t b, int64_t *out, g_error *err)
{
    const int64_t v[4] = {a, b, 0, 0};
    return one_int_v(db, sql, v, out, err);
}

static int64_t day_start_of(const char *day)
{
    int64_t start = 0, end = 0;
    if (clock_day_bounds(day, &start, &end) != 0)
        return 0;
    return start;
}

void rgpd_cutoff_day(int months, char out[11])
{
    char today[11];
    clock_today(today);
    int64_t day = 0;
    clock_date_parse(today, &day);
    int y, m, d;
    clock_civil_from_days(day, &y, &m, &d);
    int total = y * 12 + (m - 1) - (months > 0 ? months : 0);
    y = total / 12;
    m = total % 12 + 1;
    if (d > clock_days_in_month(y, m))
        d = clock_days_in_month(y, m);
    clock_date_format(clock_days_from_civil(y, m, d), out);
}

g_status rgpd_live_file(g_db *db, int64_t visitor_id, char uuid[37], g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT uuid, merged_into IS NOT NULL, anonymised_at IS NOT NULL "
                            "FROM visitor WHERE id = ?1",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visitor_id);
    int rc = sqlite3_step(st);
    int merged = 0, anonymised = 0;
    if (rc == SQLITE_ROW) {
        db_column_text(st, 0, uuid, 37);
        merged = sqlite3_column_int(st, 1);
        anonymised = sqlite3_column_int(st, 2);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return g_err(err, G_ERR_NOTFOUND, _("Aucun usager n'a le numéro %lld."),
                     (long long)visitor_id);
    if (rc != SQLITE_ROW)
        return db_fail(db, err, _("lecture d'une fiche"));
    if (merged)
        return g_err(err, G_ERR_CONFLICT, "%s",
                     _("Cette fiche a été fusionnée dans une autre : désignez la fiche qui "
                       "reste."));
    if (anonymised)
        return g_err(err, G_ERR_CONFLICT, "%s",
                     _("Cette fiche est déjà anonymisée : guichet ne détient plus rien qui "
                       "nomme cette personne."));
    return G_OK;
}

/* The site's anonymous file, created the first time it is needed. */
static g_status anon_file(g_db *db, int64_t *id, g_error *err)
{
    g_status s = one_int(db, "SELECT ifnull(anon_visitor_id, 0) FROM rgpd_state WHERE id = ?1", 1,
                         0, id, err);
    if (s != G_OK || *id)
        return s;
    char uuid[UUID_TEXT_SIZE];
    uuid_new(uuid);
    int64_t now = clock_now();
    sqlite3_stmt *st;
    if ((s = db_prepare(db,
                        "INSERT INTO visitor (uuid, last_name, search_names, created_at, "
                        "updated_at, anonymised_at) VALUES (?1, '-', '', ?2, ?2, ?2)",
                        &st, err)) != G_OK)
        return s;
    db_bind_text(st, 1, uuid);
    sqlite3_bind_int64(st, 2, now);
    if ((s = db_step_done(db, st, _("fiche anonyme du site"), err)) != G_OK)
        return s;
    *id = sqlite3_last_insert_rowid(db_sql(db));
    /* the name index has a (blank) row for every file, as visitor.c keeps it */
    if ((s = run(db, "INSERT INTO visitor_fts (rowid, search_names) VALUES (?1, '')", *id, 0, NULL,
                 _("fiche anonyme du site"), err)) != G_OK)
        return s;
    return run(db, "UPDATE rgpd_state SET anon_visitor_id = ?1 WHERE id = 1", *id, 0, NULL,
               _("fiche anonyme du site"), err);
}

/* ---- the people a purge concerns ------------------------------------------ */

typedef struct person_acc {
    int64_t id;
    char uuid[37];
    unsigned kinds;
} person_acc;

typedef struct people {
    person_acc *v;
    size_t n, cap;
    int oom;
} people;

static void people_add(people *p, int64_t id, const char *uuid, unsigned kind)
{
    if (p->n == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 64;
        person_acc *g = realloc(p->v, ncap * sizeof *g);
        if (!g) {
            p->oom = 1;
            return;
        }
        p->v = g;
        p->cap = ncap;
    }
    person_acc *a = &p->v[p->n++];
    a->id = id;
    snprintf(a->uuid, sizeof a->uuid, "%s", uuid ? uuid : "");
    a->kinds = kind;
}

/* Adds the visitors sql returns (id, uuid; ?1 to ?4 from v) with kind. */
static g_status collect(g_db *db, people *p, const char *sql, const int64_t v[4], unsigned kind,
                        g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_stmt(db, sql, &st, err);
    if (s != G_OK)
        return s;
    bind_params(st, v);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        people_add(p, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1), kind);
    if (rc != SQLITE_DONE)
        s = db_fail(db, err, _("recherche des données à purger"));
    db_stmt_done(db, st);
    if (s == G_OK && p->oom)
        s = g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    return s;
}

static int by_id(const void *a, const void *b)
{
    const person_acc *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int by_pseudonym(const void *a, const void *b)
{
    return strcmp(((const rgpd_person *)a)->pseudonym, ((const rgpd_person *)b)->pseudonym);
}

/* Merges the entries of one visitor and turns them into pseudonyms. */
static g_status people_finish(g_db *db, people *p, rgpd_plan *out, g_error *err)
{
    if (p->n == 0)
        return G_OK;
    unsigned char key[32];
    g_status s = rgpd_site_key(db, key, err);
    if (s != G_OK)
        return s;
    qsort(p->v, p->n, sizeof *p->v, by_id);
    out->people = calloc(p->n, sizeof *out->people);
    if (!out->people)
        return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    size_t k = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (k > 0 && p->v[i].id == p->v[i - 1].id) {
            out->people[k - 1].kinds |= p->v[i].kinds;
            continue;
        }
        export_pseudonym(key, p->v[i].uuid, out->people[k].pseudonym);
        out->people[k].kinds = p->v[i].kinds;
        k++;
    }
    out->npeople = k;
    qsort(out->people, k, sizeof *out->people, by_pseudonym);
    return G_OK;
}

/* ---- detaching what the export counts --------------------------------------- */

/* ?1 to ?4 from v, then ?5 = now and ?6 = the actor: the statements of
 * expire_orientations and expire_escalations keep one text per caller, so
 * that each purge range takes them from the connection's cache. */
static void with_now_actor(const int64_t v[4], int64_t actor_id, int64_t out[6])
{
    memcpy(out, v, 4 * sizeof *out);
    out[4] = (int64_t)clock_now();
    out[5] = actor_id;
}

/* Closes the open orientations (sql selects their ids with ?1 to ?4 from
 * v) as expired, with their history: nobody will follow them up any more. */
static g_status expire_orientations(g_db *db, int64_t actor_id, const char *sql, const int64_t v[4],
                                    g_error *err)
{
    int64_t p[6];
    with_now_actor(v, actor_id, p);
    char *q1 = sqlite3_mprintf("INSERT INTO orientation_history (orientation_id, at, user_id, "
                               "from_status, to_status, detail) SELECT id, ?5, ?6, '" ORIENT_OPEN
                               "', '" ORIENT_EXPIRED "', 'rgpd' FROM orientation WHERE id IN (%s)",
                               sql);
    char *q2 = sqlite3_mprintf("UPDATE orientation SET status = '" ORIENT_EXPIRED
                               "', updated_at = ?5 WHERE status = '" ORIENT_OPEN "' AND id IN (%s)",
                               sql);
    g_status s = !q1 || !q2 ? g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM)) : G_OK;
    if (s == G_OK)
        s = run_n(db, q1, p, 6, NULL, _("clôture des orientations"), err);
    if (s == G_OK)
        s = run_n(db, q2, p, 6, NULL, _("clôture des orientations"), err);
    sqlite3_free(q1);
    sqlite3_free(q2);
    return s;
}

/* The same for the files handed to a referent still waiting for an end. */
static g_status expire_escalations(g_db *db, int64_t actor_id, const char *sql, const int64_t v[4],
                                   g_error *err)
{
    int64_t p[6];
    with_now_actor(v, actor_id, p);
    char *q1 = sqlite3_mprintf("INSERT INTO escalation_history (escalation_id, at, user_id, "
                               "from_status, to_status, detail) SELECT id, ?5, ?6, status, "
                               "'" ESCAL_EXPIRED
                               "', 'rgpd' FROM escalation WHERE status IN ('" ESCAL_OPEN "', "
                               "'" ESCAL_ANSWERED "') AND id IN (%s)",
                               sql);
    char *q2 =
        sqlite3_mprintf("UPDATE escalation SET status = '" ESCAL_EXPIRED "', updated_at = ?5 "
                        "WHERE status IN ('" ESCAL_OPEN "', '" ESCAL_ANSWERED "') AND id IN (%s)",
                        sql);
    g_status s = !q1 || !q2 ? g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM)) : G_OK;
    if (s == G_OK)
        s = run_n(db, q1, p, 6, NULL, _("clôture des transmissions"), err);
    if (s == G_OK)
        s = run_n(db, q2, p, 6, NULL, _("clôture des transmissions"), err);
    sqlite3_free(q1);
    sqlite3_free(q2);
    return s;
}

/* Fills the age band of the requests of files (?1) that have none from the
 * birth date, on the request's day, before the link to the file goes: the
 * export keeps its tranche_age. */
static g_status keep_age_bands(g_db *db, int64_t visitor_id, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            FILES "SELECT x.id, x.arrived_at, v.birth_date FROM visit x "
                                  "JOIN visitor v ON v.id = x.visitor_id WHERE x.visitor_id IN "
                                  "files AND x.age_band = 'non-communique' AND v.birth_date <> ''",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visitor_id);
    int64_t *ids = NULL;
    const char **bands = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            int64_t *gi = realloc(ids, cap * sizeof *gi);
            if (gi)
                ids = gi;
            const char **gb = realloc(bands, cap * sizeof *gb);
            if (gb)
                bands = gb;
            if (!gi || !gb) {
                rc = SQLITE_NOMEM;
                break;
            }
        }
        char day[11];
        clock_format(sqlite3_column_int64(st, 1), "%Y-%m-%d", day, sizeof day);
        ids[n] = sqlite3_column_int64(st, 0);
        bands[n] = ref_age_band((const char *)sqlite3_column_text(st, 2), day);
        n++;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_NOMEM)
        s = g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    else if (rc != SQLITE_DONE)
        s = db_fail(db, err, _("lecture des demandes"));
    for (size_t i = 0; s == G_OK && i < n; i++) {
        if (!bands[i] || ref_index(ref_age_bands, bands[i]) < 0)
            continue;
        if ((s = db_prepare(db, "UPDATE visit SET age_band = ?2 WHERE id = ?1", &st, err)) != G_OK)
            break;
        sqlite3_bind_int64(st, 1, ids[i]);
        db_bind_text(st, 2, bands[i]);
        s = db_step_done(db, st, _("profil anonyme des demandes"), err);
    }
    free(ids);
    free(bands);
    return s;
}

/* Refuses when a table guichet does not know how to clear still points at
 * the files (?1 and the merged ones). */
static g_status check_unhandled(g_db *db, int64_t visitor_id, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT m.name, p.\"from\" FROM sqlite_schema m, "
                            "pragma_foreign_key_list(m.name) p WHERE m.type = 'table' AND "
                            "p.\"table\" = 'visitor' ORDER BY m.name",
                            &st, err);
    if (s != G_OK)
        return s;
    int rc;
    while (s == G_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *table = (const char *)sqlite3_column_text(st, 0);
        const char *column = (const char *)sqlite3_column_text(st, 1);
        if (ref_index(handled_tables, table) >= 0)
            continue;
        char *sql = sqlite3_mprintf(FILES "SELECT count(*) FROM \"%w\" WHERE \"%w\" IN files",
                                    table, column);
        int64_t n = 0;
        if (!sql)
            s = g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
        else if ((s = one_int(db, sql, visitor_id, 0, &n, err)) == G_OK && n > 0)
            s = g_err(err, G_ERR_CONFLICT,
                      _("La table « %s » désigne encore cette personne et guichet ne sait pas "
                        "l'effacer : rien n'a été effacé. Prévenez le support de guichet."),
                      table);
        sqlite3_free(sql);
    }
    if (s == G_OK && rc != SQLITE_DONE)
        s = db_fail(db, err, _("lecture du schéma"));
    sqlite3_finalize(st);
    return s;
}

/* Inside a transaction: erases the file visitor_id and the files merged into
 * it (see the module comment), adding to *c. */
static g_status erase_files(g_db *db, int64_t actor_id, int64_t visitor_id, rgpd_counts *c,
                            g_error *err)
{
    int64_t n = 0, now = clock_now(), anon = 0;
    g_status s = check_unhandled(db, visitor_id, err);
    if (s == G_OK)
        s = keep_age_bands(db, visitor_id, err);
    if (s == G_OK)
        s = run(db,
                FILES "UPDATE visit SET visitor_id = NULL, comment = '', updated_at = ?2 "
                      "WHERE visitor_id IN files",
                visitor_id, now, &n, _("demandes de la personne"), err);
    c->requests += n;
    if (s == G_OK)
        s = run(db,
                FILES "UPDATE appointment SET visitor_id = NULL, comment = '', updated_at = ?2, "
                      "sequence = sequence + 1 WHERE visitor_id IN files",
                visitor_id, now, &n, _("rendez-vous de la personne"), err);
    c->appointments += n;
    if (s == G_OK)
        s = one_int(db, FILES "SELECT count(*) FROM orientation WHERE visitor_id IN files",
                    visitor_id, 0, &n, err);
    if (s == G_OK && n > 0) {
        c->orientations += n;
        s = expire_orientations(db, actor_id,
                                FILES "SELECT id FROM orientation WHERE status = '" ORIENT_OPEN
                                      "' AND "
                                      "visitor_id IN files",
                                (const int64_t[4]){visitor_id, 0, 0, 0}, err);
        if (s == G_OK)
            s = anon_file(db, &anon, err);
        if (s == G_OK)
            s = run(db,
                    FILES "UPDATE orientation SET visitor_id = ?2, reason = '' WHERE visitor_id "
                          "IN files",
                    visitor_id, anon, NULL, _("orientations de la personne"), err);
    }
    if (s == G_OK)
        s = expire_escalations(db, actor_id,
                               FILES "SELECT id FROM escalation WHERE visitor_id IN files",
                               (const int64_t[4]){visitor_id, 0, 0, 0}, err);
    if (s == G_OK)
        s = run(db,
                FILES "UPDATE escalation SET visitor_id = NULL, subject = '', answer = '', "
                      "updated_at = ?2 WHERE visitor_id IN files",
                visitor_id, now, &n, _("transmissions de la personne"), err);
    c->escalations += n;
    if (s == G_OK)
        s = one_int(db, FILES "SELECT count(*) FROM note WHERE visitor_id IN files", visitor_id, 0,
                    &n, err);
    if (s == G_OK && n > 0) {
        c->notes += n;
        static const char *const del[] = {
            FILES "DELETE FROM note_key WHERE note_id IN (SELECT id FROM note WHERE visitor_id "
                  "IN files)",
            FILES "DELETE FROM note_version WHERE note_id IN (SELECT id FROM note WHERE "
                  "visitor_id IN files)",
            FILES "DELETE FROM note WHERE visitor_id IN files",
        };
        for (size_t i = 0; s == G_OK && i < 3; i++)
            s = run(db, del[i], visitor_id, 0, NULL, _("notes de la personne"), err);
    }
    /* the files themselves: out of the name index, then deleted in one
     * statement (the merged ones point at the survivor: the foreign key is
     * checked at the end of the statement, when both are gone) */
    if (s == G_OK)
        s = run(db,
                FILES "INSERT INTO visitor_fts (visitor_fts, rowid, search_names) SELECT "
                      "'delete', id, search_names FROM visitor WHERE id IN files",
                visitor_id, 0, NULL, _("index de recherche des usagers"), err);
    if (s == G_OK)
        s = run(db, FILES "DELETE FROM visitor WHERE id IN files", visitor_id, 0, &n,
                _("effacement de la fiche"), err);
    if (s == G_OK)
        c->files++;
    return s;
}

/* ---- erasure ------------------------------------------------------------------ */

g_status rgpd_erase(g_db *db, int64_t actor_id, int64_t visitor_id, int force,
                    rgpd_erase_result *res, g_error *err)
{
    rgpd_erase_result local;
    if (!res)
        res = &local;
    memset(res, 0, sizeof *res);
    g_status s = rgpd_require_manager(db, actor_id, err);
    if (s != G_OK || (s = db_begin(db, err)) != G_OK)
        return s;
    if ((s = rgpd_live_file(db, visitor_id, res->uuid, err)) != G_OK)
        goto fail;
    int64_t now = clock_now(), upcoming = 0, first = 0;
    if ((s = one_int(db,
                     FILES "SELECT count(*) FROM appointment WHERE visitor_id IN files AND "
                           "status = '" APPT_TO_COME "' AND start_at >= ?2",
                     visitor_id, now, &upcoming, err)) != G_OK)
        goto fail;
    if (upcoming > 0 && !force) {
        if ((s = one_int(db,
                         FILES "SELECT min(start_at) FROM appointment WHERE visitor_id IN files "
                               "AND status = '" APPT_TO_COME "' AND start_at >= ?2",
                         visitor_id, now, &first, err)) != G_OK)
            goto fail;
        char when[32];
        clock_format(first, "%d/%m/%Y %H:%M", when, sizeof when);
        s = g_err_field(
            err, G_ERR_CONFLICT, "appointments",
            P_("Cette personne a %lld rendez-vous à venir (le %s) : rien n'a été effacé. "
               "Annulez-le d'abord, ou confirmez un effacement forcé, qui l'annulera.",
               "Cette personne a %lld rendez-vous à venir (le premier le %s) : rien n'a "
               "été effacé. Annulez-les d'abord, ou confirmez un effacement forcé, qui "
               "les annulera.",
               (unsigned long)upcoming),
            (long long)upcoming, when);
        goto fail;
    }
    if (upcoming > 0 &&
        (s = run(db,
                 FILES "UPDATE appointment SET status = '" APPT_EXCUSED
                       "', updated_at = ?2, sequence = "
                       "sequence + 1 WHERE visitor_id IN files AND status = '" APPT_TO_COME "' AND "
                       "start_at >= ?2",
                 visitor_id, now, &res->counts.cancelled, _("annulation des rendez-vous"), err)) !=
            G_OK)
        goto fail;
    unsigned char key[32];
    if ((s = rgpd_site_key(db, key, err)) != G_OK)
        goto fail;
    export_pseudonym(key, res->uuid, res->pseudonym);
    if ((s = erase_files(db, actor_id, visitor_id, &res->counts, err)) != G_OK)
        goto fail;
    char object[64], detail[256];
    snprintf(object, sizeof object, "visitor:%s", res->uuid);
    const rgpd_counts *c = &res->counts;
    snprintf(detail, sizeof detail,
             "demandes=%" PRId64 " rdv=%" PRId64 " rdv_annules=%" PRId64 " orientations=%" PRId64
             " transmissions=%" PRId64 " notes=%" PRId64,
             c->requests, c->appointments, c->cancelled, c->orientations, c->escalations, c->notes);
    if ((s = audit_log(db, actor_id, "rgpd-erase", object, detail, err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK)
        goto fail;
    /* secure_delete zeroed the freed pages in the file; their old images stay
     * in the write-ahead log until a checkpoint (best effort: other desks may
     * be reading it) */
    sqlite3_wal_checkpoint_v2(db_sql(db), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    return G_OK;
fail:
    db_rollback(db);
    return s;
}

/* ---- finding a visitor ---------------------------------------------------------- */

g_status rgpd_find_visitor(g_db *db, const char *text, int64_t *visitor_id, int64_t *merged_from,
                           g_error *err)
{
    *visitor_id = 0;
    if (merged_from)
        *merged_from = 0;
    size_t n = text ? strlen(text) : 0;
    int digits = n > 0 && n < 19, hexish = n >= 32 && n <= 36;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)text[i]))
            digits = 0;
        if (!isxdigit((unsigned char)text[i]) && text[i] != '-')
            hexish = 0;
    }
    if (!digits && !hexish)
        return g_err(err, G_ERR_INVALID,
                     _("« %s » n'est ni un numéro de fiche ni un identifiant de fiche (uuid). "
                       "Cherchez la personne avec « guichet rgpd cherche NOM »."),
                     text ? text : "");
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            digits ? "SELECT id, merged_into, anonymised_at IS NOT NULL FROM "
                                     "visitor WHERE id = ?1"
                                   : "SELECT id, merged_into, anonymised_at IS NOT NULL FROM "
                                     "visitor WHERE uuid = ?1 OR uuid = lower(?1)",
                            &st, err);
    if (s != G_OK)
        return s;
    if (digits)
        sqlite3_bind_int64(st, 1, strtoll(text, NULL, 10));
    else
        db_bind_text(st, 1, text);
    int rc = sqlite3_step(st);
    int64_t id = 0, into = 0;
    int anonymised = 0;
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        into = sqlite3_column_int64(st, 1);
        anonymised = sqlite3_column_int(st, 2);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return g_err(err, G_ERR_NOTFOUND,
                     _("Aucun usager n'a l'identifiant « %s » (sa fiche a peut-être déjà été "
                       "effacée)."),
                     text);
    if (rc != SQLITE_ROW)
        return db_fail(db, err, _("recherche d'une fiche"));
    /* a file merged away: the person's data are on the surviving file */
    for (int hop = 0; into && hop < 32; hop++) {
        if (merged_from && !*merged_from)
            *merged_from = id;
        id = into;
        int64_t next = 0;
        if ((s = one_int(db, "SELECT ifnull(merged_into, 0) FROM visitor WHERE id = ?1", id, 0,
                         &next, err)) != G_OK)
            return s;
        into = next;
        if ((s = one_int(db, "SELECT anonymised_at IS NOT NULL FROM visitor WHERE id = ?1", id, 0,
                         &next, err)) != G_OK)
            return s;
        anonymised = (int)next;
    }
    if (anonymised)
        return g_err(err, G_ERR_CONFLICT, "%s",
                     _("Cette fiche est déjà anonymisée : guichet ne détient plus rien qui "
                       "nomme cette personne."));
    *visitor_id = id;
    return G_OK;
}

/* ---- the purge ------------------------------------------------------------------ */

#define INACTIVE_WHERE                                                                             \
    " WHERE v.merged_into IS NULL AND v.anonymised_at IS NULL"                                     \
    "   AND v.created_at < ?1 AND v.updated_at < ?1 AND v.last_visit_at < ?1"                      \
    "   AND NOT EXISTS (SELECT 1 FROM visit x WHERE x.visitor_id = v.id AND x.arrived_at >= ?1)"   \
    "   AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.visitor_id = v.id"                     \
    "                   AND a.start_at >= ?1)"                                                     \
    "   AND NOT EXISTS (SELECT 1 FROM orientation o WHERE o.visitor_id = v.id"                     \
    "                   AND o.updated_at >= ?1)"                                                   \
    "   AND NOT EXISTS (SELECT 1 FROM escalation e WHERE e.visitor_id = v.id"                      \
    "                   AND e.updated_at >= ?1)"                                                   \
    "   AND NOT EXISTS (SELECT 1 FROM note n WHERE n.visitor_id = v.id AND n.updated_at >= ?1)"    \
    "   AND NOT EXISTS (SELECT 1 FROM visitor m WHERE m.merged_into = v.id"                        \
    "                   AND m.updated_at >= ?1)"

static const char inactive_sql[] = "SELECT v.id FROM visitor v" INACTIVE_WHERE " ORDER BY v.id";

/* Inside a slice: is the file ?2 still without contact (and live)? A desk
 * may have received the person since the list was read. *uuid is "" when
 * not. */
static g_status still_inactive(g_db *db, int64_t before, int64_t id, char uuid[37], g_error *err)
{
    uuid[0] = 0;
    sqlite3_stmt *st;
    g_status s =
        db_stmt(db, "SELECT v.uuid FROM visitor v" INACTIVE_WHERE " AND v.id = ?2", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, before);
    sqlite3_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        db_column_text(st, 0, uuid, 37);
    else if (rc != SQLITE_DONE)
        s = db_fail(db, err, _("recherche des fiches sans contact"));
    db_stmt_done(db, st);
    return s;
}

static g_status inactive_files(g_db *db, int64_t before, int64_t **ids, size_t *n, g_error *err)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, inactive_sql, &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, before);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            int64_t *g = realloc(*ids, cap * sizeof *g);
            if (!g) {
                rc = SQLITE_NOMEM;
                break;
            }
            *ids = g;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_NOMEM)
        s = g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    else if (rc != SQLITE_DONE)
        s = db_fail(db, err, _("recherche des fiches sans contact"));
    return s;
}

void rgpd_plan_free(rgpd_plan *plan)
{
    if (!plan)
        return;
    free(plan->people);
    plan->people = NULL;
    plan->npeople = 0;
}

/* ---- the steps after the files -------------------------------------------------
 *
 * Each step goes over its table by ranges of ids (?3 <= id < ?4), so that a
 * slice can stop between two ranges: emptying the comments of ten years of
 * requests held the lock for five seconds in one statement. ?1 is the
 * step's cut-off; the ranges are disjoint, so a dry run's slices, each
 * rolled back, add up to what one real run does. */

#define RANGE_IDS     2048
#define IN_RANGE(col) " AND " col " >= ?3 AND " col " < ?4"

typedef struct step_ctx {
    g_db *db;
    int64_t actor_id;
    people *who;
    rgpd_counts *c;
    int64_t now;
} step_ctx;

/* comments of old requests */
static g_status step_comments(const step_ctx *x, int64_t cut, int64_t lo, int64_t hi, g_error *err)
{
    const int64_t v[4] = {cut, x->now, lo, hi};
    int64_t n = 0;
    g_status s =
        collect(x->db, x->who,
                "SELECT DISTINCT x.visitor_id, v.uuid FROM visit x JOIN visitor v ON "
                "v.id = x.visitor_id WHERE x.comment <> '' AND x.arrived_at < ?1" KEPT("v.id")
                    IN_RANGE("x.id"),
                v, RGPD_KIND_COMMENT, err);
    if (s == G_OK)
        s = run_v(x->db,
                  "UPDATE visit SET comment = '', updated_at = ?2 WHERE comment <> '' AND "
                  "arrived_at < ?1" KEPT("visitor_id") IN_RANGE("id"),
                  v, &n, _("commentaires des demandes"), err);
    x->c->comments += n;
    return s;
}

/* The rows of a step's range that go, in temp.rgpd_step: closing an open
 * orientation or referent file dates it today (updated_at), so the rows
 * are chosen once, before, and closed then detached by id. Choosing them
 * again after the closing left the old open ones on the person, reason
 * and subject included. */
static g_status step_rows(const step_ctx *x, const char *select, const int64_t v[4], g_error *err)
{
    g_status s = run(x->db, "DELETE FROM temp.rgpd_step", 0, 0, NULL, _("purge"), err);
    if (s == G_OK)
        s = run_v(x->db, select, v, NULL, _("purge"), err);
    return s;
}

/* old orientations: closed if still open, moved to the anonymous file */
static g_status step_orientations(const step_ctx *x, int64_t cut, int64_t lo, int64_t hi,
                                  g_error *err)
{
    int64_t anon = 0, n = 0;
    g_status s = anon_file(x->db, &anon, err);
    const int64_t v[4] = {cut, anon, lo, hi};
    if (s == G_OK)
        s = step_rows(x,
                      "INSERT INTO temp.rgpd_step (id) SELECT id FROM orientation WHERE "
                      "visitor_id <> ?2 AND updated_at < ?1" KEPT("visitor_id") IN_RANGE("id"),
                      v, err);
    if (s == G_OK)
        s = collect(x->db, x->who,
                    "SELECT DISTINCT o.visitor_id, v.uuid FROM orientation o JOIN visitor v ON "
                    "v.id = o.visitor_id WHERE o.id IN temp.rgpd_step",
                    v, RGPD_KIND_ORIENTATION, err);
    if (s == G_OK)
        s = expire_orientations(x->db, x->actor_id,
                                "SELECT id FROM orientation WHERE status = '" ORIENT_OPEN
                                "' AND id IN temp.rgpd_step",
                                v, err);
    if (s == G_OK)
        s = run_v(x->db,
                  "UPDATE orientation SET visitor_id = ?2, reason = '' WHERE id IN "
                  "temp.rgpd_step",
                  v, &n, _("orientations anciennes"), err);
    x->c->orientations += n;
    return s;
}

/* old files handed to a referent */
static g_status step_escalations(const step_ctx *x, int64_t cut, int64_t lo, int64_t hi,
                                 g_error *err)
{
    const int64_t v[4] = {cut, x->now, lo, hi};
    int64_t n = 0;
    g_status s =
        step_rows(x,
                  "INSERT INTO temp.rgpd_step (id) SELECT id FROM escalation WHERE "
                  "visitor_id IS NOT NULL AND updated_at < ?1" KEPT("visitor_id") IN_RANGE("id"),
                  v, err);
    if (s == G_OK)
        s = collect(x->db, x->who,
                    "SELECT DISTINCT e.visitor_id, v.uuid FROM escalation e JOIN visitor v ON "
                    "v.id = e.visitor_id WHERE e.id IN temp.rgpd_step",
                    v, RGPD_KIND_ORIENTATION, err);
    if (s == G_OK)
        s = expire_escalations(x->db, x->actor_id,
                               "SELECT id FROM escalation WHERE id IN temp.rgpd_step", v, err);
    if (s == G_OK)
        s = run_v(x->db,
                  "UPDATE escalation SET visitor_id = NULL, subject = '', answer = '', updated_at "
                  "= ?2 WHERE id IN temp.rgpd_step",
                  v, &n, _("transmissions anciennes"), err);
    x->c->escalations += n;
    return s;
}

/* old appointments */
static g_status step_appointments(const step_ctx *x, int64_t cut, int64_t lo, int64_t hi,
                                  g_error *err)
{
    const int64_t v[4] = {cut, x->now, lo, hi};
    int64_t n = 0;
    g_status s =
        collect(x->db, x->who,
                "SELECT DISTINCT a.visitor_id, v.uuid FROM appointment a JOIN visitor v "
                "ON v.id = a.visitor_id WHERE a.start_at < ?1" KEPT("v.id") IN_RANGE("a.id"),
                v, RGPD_KIND_APPOINTMENT, err);
    if (s == G_OK)
        s = run_v(x->db,
                  "UPDATE appointment SET visitor_id = NULL, comment = '', updated_at = ?2, "
                  "sequence = sequence + 1 WHERE visitor_id IS NOT NULL AND start_at < ?1" KEPT(
                      "visitor_id") IN_RANGE("id"),
                  v, &n, _("rendez-vous anciens"), err);
    x->c->appointments += n;
    return s;
}

/* old confidential notes */
static g_status step_notes(const step_ctx *x, int64_t cut, int64_t lo, int64_t hi, g_error *err)
{
    const int64_t v[4] = {cut, 0, lo, hi};
    int64_t notes = 0;
    g_status s = collect(x->db, x->who,
                         "SELECT DISTINCT n.visitor_id, v.uuid FROM note n JOIN visitor v ON v.id "
                         "= n.visitor_id WHERE n.updated_at < ?1" KEPT("v.id") IN_RANGE("n.id"),
                         v, RGPD_KIND_NOTE, err);
    if (s == G_OK)
        s = one_int_v(x->db,
                      "SELECT count(*) FROM note WHERE updated_at < ?1" KEPT("visitor_id")
                          IN_RANGE("id"),
                      v, &notes, err);
    x->c->notes += notes;
    static const char *const del_notes[] = {
        "DELETE FROM note_key WHERE note_id IN (SELECT id FROM note WHERE updated_at < ?1" KEPT(
            "visitor_id") IN_RANGE("id") ")",
        "DELETE FROM note_version WHERE note_id IN (SELECT id FROM note WHERE updated_at < ?1" KEPT(
            "visitor_id") IN_RANGE("id") ")",
        "DELETE FROM note WHERE updated_at < ?1" KEPT("visitor_id") IN_RANGE("id"),
    };
    for (size_t i = 0; s == G_OK && notes > 0 && i < 3; i++)
        s = run_v(x->db, del_notes[i], v, NULL, _("notes anciennes"), err);
    return s;
}

typedef g_status (*step_fn)(const step_ctx *x, int64_t cut, int64_t lo, int64_t hi, g_error *err);

/* In order; the journal's oldest entries last, in one statement (a prefix
 * of the chain, audit_trim). */
static const struct step {
    const char *table;
    step_fn fn;
} steps[] = {
    {"visit", step_comments},
    {"orientation", step_orientations},
    {"escalation", step_escalations},
    {"appointment", step_appointments},
    {"note", step_notes},
};
enum { NSTEPS = sizeof steps / sizeof *steps };

/* The cut-off of step k. */
static int64_t step_cut(const rgpd_plan *p, int k)
{
    const char *day = k == 0   ? p->comment_before
                      : k <= 2 ? p->orientation_before
                      : k == 3 ? p->appointment_before
                               : p->note_before;
    return day_start_of(day);
}

/* Where a purge is: the next file, else the next range of a step, else the
 * journal. The steps' ends (each table's max id + 1) are read when the
 * purge starts: what other desks add meanwhile is recent, not due. */
typedef struct purge_cursor {
    size_t file;
    int step; /* NSTEPS: the journal is next */
    int64_t lo;
    int64_t end[NSTEPS];
    /* the journal's entries the purge removes, (jlo, jupto], read when it
     * starts: later entries (the other desks', this purge's own) are not
     * its business, and a dry run counts what the real run removes */
    int64_t jlo, jupto;
} purge_cursor;

#define JOURNAL_IDS 8192

static g_status cursor_start(g_db *db, const rgpd_plan *p, purge_cursor *k, g_error *err)
{
    memset(k, 0, sizeof *k);
    for (int i = 0; i < NSTEPS; i++) {
        char sql[80];
        snprintf(sql, sizeof sql, "SELECT ifnull(max(id), 0) + 1 FROM %s", steps[i].table);
        g_status s = one_int(db, sql, 0, 0, &k->end[i], err);
        if (s != G_OK)
            return s;
    }
    int64_t count;
    return audit_trim_bound(db, day_start_of(p->journal_before), &k->jlo, &k->jupto, &count, err);
}

/* The units of work of a purge (a file, a range of a table or of the
 * journal), to say how far it is. */
static int64_t cursor_units(const purge_cursor *k, size_t nfiles)
{
    int64_t n = (int64_t)nfiles + 1;
    for (int i = 0; i < NSTEPS; i++)
        n += (k->end[i] + RANGE_IDS - 1) / RANGE_IDS;
    if (k->jupto > k->jlo)
        n += (k->jupto - k->jlo + JOURNAL_IDS - 1) / JOURNAL_IDS - 1;
    return n;
}

/* Does one range of the current step or of the journal, moving the
 * cursor; *done counts the units. *finished = 1 when the journal is done.
 * The journal's prefix goes by ranges too: a journal never trimmed holds
 * hundreds of thousands of entries. */
static g_status step_next(const step_ctx *x, const rgpd_plan *p, int dry_run, purge_cursor *k,
                          int64_t *done, int *finished, g_error *err)
{
    *finished = 0;
    if (k->step == NSTEPS) {
        int64_t n = 0, hi = k->jlo + JOURNAL_IDS < k->jupto ? k->jlo + JOURNAL_IDS : k->jupto;
        g_status s = G_OK;
        if (hi > k->jlo)
            s = dry_run ? one_int(x->db, "SELECT count(*) FROM audit WHERE id > ?1 AND id <= ?2",
                                  k->jlo, hi, &n, err)
                        : audit_trim_to(x->db, hi, &n, err);
        if (s != G_OK)
            return s;
        x->c->journal += n;
        k->jlo = hi;
        *finished = k->jlo >= k->jupto;
        ++*done;
        return G_OK;
    }
    int64_t hi = k->lo + RANGE_IDS;
    g_status s = steps[k->step].fn(x, step_cut(p, k->step), k->lo, hi, err);
    if (s != G_OK)
        return s;
    ++*done;
    k->lo = hi;
    if (k->lo >= k->end[k->step]) {
        k->step++;
        k->lo = 0;
    }
    return G_OK;
}

/* A slice of a purge: at most SLICE_UNITS units of work (a file, a range
 * of a table, the journal), and no more than SLICE_MS once it has done
 * SLICE_MIN (so that a small site's purge is one transaction, however
 * slow the machine is at that moment),
 * under the write lock; then the other desks get it before the next slice.
 * A desk waiting for the lock tries again at least every 100 ms (SQLite's
 * busy handler), and SQLite's locks serve nobody in turn: taking the lock
 * again at once starved every other desk for the whole purge. So the lock
 * stays free a little longer than one such wait between two slices. */
#define SLICE_UNITS    256
#define SLICE_MIN      16
#define SLICE_MS       200
#define SLICE_PAUSE_MS 110

/* The ids of the files id and those merged into it, which a dry run's
 * slice would erase: kept in memory until the slice is rolled back. */
typedef struct id_list {
    int64_t *v;
    size_t n, cap;
} id_list;

static g_status doomed_collect(g_db *db, int64_t id, id_list *l, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_stmt(db, FILES "SELECT id FROM files", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (l->n == l->cap) {
            size_t ncap = l->cap ? l->cap * 2 : 256;
            int64_t *g = realloc(l->v, ncap * sizeof *g);
            if (!g) {
                s = g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
                break;
            }
            l->v = g;
            l->cap = ncap;
        }
        l->v[l->n++] = sqlite3_column_int64(st, 0);
    }
    if (s == G_OK && rc != SQLITE_DONE)
        s = db_fail(db, err, _("recherche des fiches sans contact"));
    db_stmt_done(db, st);
    return s;
}

/* After the slice's rollback: writes its files into temp.rgpd_doomed. The
 * temporary base is the connection's own; writing it takes no lock on the
 * shared file. */
static g_status doomed_keep(g_db *db, const id_list *l, g_error *err)
{
    g_status s = G_OK;
    for (size_t i = 0; s == G_OK && i < l->n; i++)
        s = run(db, "INSERT OR IGNORE INTO temp.rgpd_doomed (id) VALUES (?1)", l->v[i], 0, NULL,
                _("simulation de la purge"), err);
    return s;
}

static void counts_add(rgpd_counts *to, const rgpd_counts *c)
{
    to->files += c->files;
    to->requests += c->requests;
    to->comments += c->comments;
    to->orientations += c->orientations;
    to->escalations += c->escalations;
    to->appointments += c->appointments;
    to->cancelled += c->cancelled;
    to->notes += c->notes;
    to->journal += c->journal;
}

/* The counts as the journal's entry says them (and purge_pending keeps
 * them). */
static void counts_text(const rgpd_counts *c, char *buf, size_t size)
{
    snprintf(buf, size,
             "fiches=%" PRId64 " demandes=%" PRId64 " commentaires=%" PRId64
             " orientations=%" PRId64 " transmissions=%" PRId64 " rdv=%" PRId64 " notes=%" PRId64
             " journal=%" PRId64,
             c->files, c->requests, c->comments, c->orientations, c->escalations, c->appointments,
             c->notes, c->journal);
}

/* What an interrupted purge did and did not journal (rgpd_state). */
static g_status pending_read(g_db *db, rgpd_counts *c, g_error *err)
{
    memset(c, 0, sizeof *c);
    sqlite3_stmt *st;
    g_status s = db_stmt(db, "SELECT purge_pending FROM rgpd_state WHERE id = 1", &st, err);
    if (s != G_OK)
        return s;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        long long v[8] = {0};
        if (t && t[0] &&
            sscanf(t,
                   "fiches=%lld demandes=%lld commentaires=%lld orientations=%lld "
                   "transmissions=%lld rdv=%lld notes=%lld journal=%lld",
                   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) == 8) {
            c->files = v[0];
            c->requests = v[1];
            c->comments = v[2];
            c->orientations = v[3];
            c->escalations = v[4];
            c->appointments = v[5];
            c->notes = v[6];
            c->journal = v[7];
        }
    } else if (rc != SQLITE_DONE) {
        s = db_fail(db, err, _("lecture de l'état de la purge"));
    }
    db_stmt_done(db, st);
    return s;
}

/* Runs sql with ?1 = text, ?2 = a, ?3 = b. */
static g_status run_text(g_db *db, const char *sql, const char *text, int64_t a, int64_t b,
                         g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_stmt(db, sql, &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, text);
    sqlite3_bind_int64(st, 2, a);
    sqlite3_bind_int64(st, 3, b);
    return db_stmt_step_done(db, st, _("date de la purge"), err);
}

static g_status purge_slices(g_db *db, const g_config *cfg, int64_t actor_id, int dry_run,
                             rgpd_progress_fn progress, void *ctx, rgpd_plan *out, g_error *err);

/* A purge's slices are as big as their files: with SQLite's default page
 * cache a slice's changes spilled into the -wal and were read back, two
 * fifths of a purge's time. A larger cache while it runs, restored after. */
g_status rgpd_purge(g_db *db, const g_config *cfg, int64_t actor_id, int dry_run,
                    rgpd_progress_fn progress, void *ctx, rgpd_plan *out, g_error *err)
{
    int was = 0, during = 0, set = db_cache_size(db, -65536, &was);
    g_status s = purge_slices(db, cfg, actor_id, dry_run, progress, ctx, out, err);
    if (set)
        db_cache_size(db, was, &during);
    /* the ids of a dry run leave no trace in the connection */
    sqlite3_exec(db_sql(db), "DELETE FROM temp.rgpd_doomed; DELETE FROM temp.rgpd_step", NULL, NULL,
                 NULL);
    return s;
}

static g_status purge_slices(g_db *db, const g_config *cfg, int64_t actor_id, int dry_run,
                             rgpd_progress_fn progress, void *ctx, rgpd_plan *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    out->dry_run = dry_run;
    g_config defaults;
    if (!cfg) {
        config_defaults(&defaults);
        cfg = &defaults;
    }
    rgpd_cutoff_day(cfg->rgpd.visitor_months, out->visitor_before);
    rgpd_cutoff_day(cfg->rgpd.comment_months, out->comment_before);
    rgpd_cutoff_day(cfg->rgpd.orientation_months, out->orientation_before);
    rgpd_cutoff_day(cfg->rgpd.appointment_months, out->appointment_before);
    rgpd_cutoff_day(cfg->rgpd.note_months, out->note_before);
    rgpd_cutoff_day(cfg->rgpd.journal_months, out->journal_before);
    int64_t before = day_start_of(out->visitor_before);

    g_status s = rgpd_require_manager(db, actor_id, err);
    if (s != G_OK)
        return s;
    if (sqlite3_exec(db_sql(db),
                     "CREATE TEMP TABLE IF NOT EXISTS rgpd_doomed (id INTEGER PRIMARY KEY); "
                     "CREATE TEMP TABLE IF NOT EXISTS rgpd_step (id INTEGER PRIMARY KEY); "
                     "DELETE FROM temp.rgpd_doomed; DELETE FROM temp.rgpd_step",
                     NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(db, err, _("simulation de la purge"));
    people who = {0};
    id_list doomed = {0};
    int64_t *ids = NULL;
    size_t nids = 0;
    int committed = 0;   /* a real run's slices already saved */
    rgpd_counts pending; /* what an interrupted purge did, not yet journaled */
    rgpd_counts total;
    memset(&total, 0, sizeof total);
    purge_cursor k;
    int64_t done = 0, units = 0;

    /* the files without contact, and the tables' ends, read without the
     * write lock */
    if ((s = pending_read(db, &pending, err)) != G_OK ||
        (s = inactive_files(db, before, &ids, &nids, err)) != G_OK ||
        (s = cursor_start(db, out, &k, err)) != G_OK)
        goto out;
    units = cursor_units(&k, nids);
    for (int finished = 0, slice = 0; !finished; slice++) {
        rgpd_counts c;
        memset(&c, 0, sizeof c);
        step_ctx x = {db, actor_id, &who, &c, clock_now()};
        doomed.n = 0;
        if (slice > 0)
            clock_sleep_ms(SLICE_PAUSE_MS);
        if ((s = db_begin(db, err)) != G_OK)
            goto out;
        int64_t start = clock_monotonic_ms();
        for (size_t n = 0; s == G_OK && !finished && n < SLICE_UNITS &&
                           (n < SLICE_MIN || clock_monotonic_ms() - start < SLICE_MS);
             n++) {
            if (k.file == nids) {
                /* a request detached with its file keeps no comment:
                 * counted there */
                s = step_next(&x, out, dry_run, &k, &done, &finished, err);
                continue;
            }
            int64_t id = ids[k.file++];
            done++;
            char uuid[37];
            if ((s = still_inactive(db, before, id, uuid, err)) != G_OK || !uuid[0])
                continue;
            people_add(&who, id, uuid, RGPD_KIND_FILE);
            if (who.oom)
                s = g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
            else if (!dry_run || (s = doomed_collect(db, id, &doomed, err)) == G_OK)
                s = erase_files(db, actor_id, id, &c, err);
        }
        if (s != G_OK) {
            db_rollback(db);
            goto out;
        }
        if (dry_run) {
            db_rollback(db);
            if ((s = doomed_keep(db, &doomed, err)) != G_OK)
                goto out;
        } else {
            /* the journal keeps one entry per purge, written by its last
             * slice; the slices before it leave their counts in
             * rgpd_state.purge_pending (with what an interrupted purge
             * had left there), for that entry */
            rgpd_counts so_far = pending;
            counts_add(&so_far, &total);
            counts_add(&so_far, &c);
            char detail[256];
            counts_text(&so_far, detail, sizeof detail);
            int nothing = memcmp(&c, &(rgpd_counts){0}, sizeof c) == 0;
            if ((finished &&
                 (s = audit_log(db, actor_id, "rgpd-purge", "", detail, err)) != G_OK) ||
                ((finished || !nothing) &&
                 (s = run_text(db,
                               "UPDATE rgpd_state SET purge_pending = ?1, last_purge_at = CASE "
                               "WHEN ?2 THEN ?3 ELSE last_purge_at END WHERE id = 1",
                               finished ? "" : detail, finished, clock_now(), err)) != G_OK) ||
                (s = db_commit(db, err)) != G_OK) {
                db_rollback(db);
                goto out;
            }
            committed = 1;
        }
        counts_add(&total, &c);
        if (progress && !finished)
            progress(ctx, done, units);
    }
    out->counts = total;
    s = people_finish(db, &who, out, err);
out:
    free(ids);
    free(who.v);
    free(doomed.v);
    /* secure_delete zeroed the freed pages in the file; their old images
     * stay in the write-ahead log until a checkpoint (best effort: other
     * desks may be reading it) */
    if (committed)
        sqlite3_wal_checkpoint_v2(db_sql(db), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    if (s != G_OK) {
        if (committed && err) {
            /* the slices saved stay saved: say so, and how to finish */
            char said[300];
            snprintf(said, sizeof said,
                     P_(" La purge s'est arrêtée en route : ce qu'elle avait déjà fait (%lld "
                        "fiche effacée, …) reste fait ; la prochaine purge l'inscrira au journal "
                        "avec ce qu'elle fera. Relancez-la pour finir.",
                        " La purge s'est arrêtée en route : ce qu'elle avait déjà fait (%lld "
                        "fiches effacées, …) reste fait ; la prochaine purge l'inscrira au "
                        "journal avec ce qu'elle fera. Relancez-la pour finir.",
                        (unsigned long)total.files),
                     (long long)total.files);
            size_t len = strlen(err->msg);
            snprintf(err->msg + len, sizeof err->msg - len, "%s", said);
        }
        rgpd_plan_free(out);
        memset(&out->counts, 0, sizeof out->counts);
    }
    return s;
}

g_status rgpd_last_purge(g_db *db, int64_t *at, g_error *err)
{
    return one_int(db, "SELECT last_purge_at FROM rgpd_state WHERE id = ?1", 1, 0, at, err);
}

g_status rgpd_file_opened(g_db *db, int64_t actor_id, int64_t visitor_id, g_error *err)
{
    user_info u;
    g_error e = {0};
    if (actor_id <= 0 || user_get_by_id(db, actor_id, &u, &e) != G_OK || u.disabled)
        return g_err(err, G_ERR_DENIED, "%s",
                     _("Action réservée à un compte actif : reconnectez-vous et réessayez."));
    char uuid[37] = "";
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "SELECT uuid FROM visitor WHERE id = ?1", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visitor_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        db_column_text(st, 0, uuid, sizeof uuid);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return g_err(err, G_ERR_NOTFOUND, _("Aucun usager n'a le numéro %lld."),
                     (long long)visitor_id);
    if (rc != SQLITE_ROW)
        return db_fail(db, err, _("lecture d'une fiche"));
    char object[64];
    snprintf(object, sizeof object, "visitor:%s", uuid);
    return audit_log(db, actor_id, "visitor-read", object, "", err);
}
