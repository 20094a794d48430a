/* demo_charter.c — the charter's duties in the demo database (see demo.h):
 * partners' referents (one replaced last year), files handed to them,
 * visitors' answers to the satisfaction question, and an older past — files
 * of people not seen for more than two years, comments, an appointment, an
 * orientation and a note past their retention — so that `guichet rgpd purge
 * --dry-run` on the demo has something to show. Fixed seed, dated relative
 * to clock_now(). */
#include <stdio.h>
#include <string.h>

#include "db_internal.h"
#include "satisfaction_internal.h"
#include "guichet/clock.h"
#include "guichet/demo.h"
#include "guichet/escalation.h"
#include "guichet/i18n.h"
#include "guichet/referent.h"
#include "guichet/satisfaction.h"
#include "guichet/uuid.h"
#include "guichet/visitor.h"
#include "guichet/status.h"

static uint32_t seed_state;

static int below(int n)
{
    uint32_t x = seed_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    seed_state = x;
    return (int)(x % (uint32_t)n);
}

/* today (site's zone) plus days, YYYY-MM-DD */
static void day_plus(int days, char out[11])
{
    clock_format(clock_now() + (int64_t)days * 86400, "%Y-%m-%d", out, 11);
}

static g_status one_id(g_db *db, const char *sql, const char *arg, int64_t *out, g_error *err)
{
    *out = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, sql, &st, err);
    if (s != G_OK)
        return s;
    if (arg)
        db_bind_text(st, 1, arg);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? G_OK : db_fail(db, err, "demo");
}

/* ---- referents ------------------------------------------------------------- */

typedef struct demo_referent {
    const char *op;      /* operator code, or NULL */
    const char *service; /* demo-local source_id, or NULL */
    const char *name, *role, *phone, *email, *channel, *days;
    int from_days; /* started that many days ago */
} demo_referent;

static const demo_referent referents[] = {
    {"caf", NULL, "Paul Renaud", "Référent partenaires France Services, CAF de la Nièvre",
     "01 99 00 20 01", "partenaires@caf.example.org", "portail partenaire CAF",
     "Tu,Th 09:00-12:00; PH off", 1100},
    {"cpam", NULL, "Nadia Belkacem", "Correspondante France Services, CPAM de la Nièvre",
     "01 99 00 20 02", "france-services@cpam.example.org", "adresse fonctionnelle dédiée",
     "Mo-Fr 09:00-12:00; PH off", 700},
    {"dgfip", NULL, "Marc Vernier", "Référent du service des impôts des particuliers",
     "01 99 00 20 03", "sip.partenaires@dgfip.example.org", "messagerie partenaires",
     "Mo,We,Fr 14:00-16:30; PH off", 400},
    {"france-titres", NULL, "Sandrine Colas", "Point de contact France Titres (préfecture)", "",
     "titres.partenaires@example.org", "formulaire partenaire en ligne",
     "Mo-Fr 09:00-17:00; PH off", 500},
    {NULL, "mission-locale", "Julien Morvan", "Conseiller référent des jeunes suivis",
     "01 99 00 10 12", "j.morvan@mission-locale.example.org", "", "Tu,Th 09:00-12:00", 300},
};

static g_status demo_referents(g_db *db, int64_t *caf_now, g_error *err)
{
    g_status s = G_OK;
    for (size_t i = 0; i < sizeof referents / sizeof *referents && s == G_OK; i++) {
        const demo_referent *d = &referents[i];
        referent r;
        referent_init(&r);
        if (d->op)
            snprintf(r.operator_code, sizeof r.operator_code, "%s", d->op);
        else if ((s = one_id(db,
                             "SELECT id FROM service WHERE source = 'demo-local' AND source_id = "
                             "?1",
                             d->service, &r.service_id, err)) != G_OK ||
                 !r.service_id)
            continue; /* no demo directory (tests): no local referent */
        snprintf(r.name, sizeof r.name, "%s", d->name);
        snprintf(r.role, sizeof r.role, "%s", d->role);
        snprintf(r.phone, sizeof r.phone, "%s", d->phone);
        snprintf(r.email, sizeof r.email, "%s", d->email);
        snprintf(r.channel, sizeof r.channel, "%s", d->channel);
        snprintf(r.days, sizeof r.days, "%s", d->days);
        day_plus(-d->from_days, r.valid_from);
        s = referent_add(db, 0, &r, err);
        if (s == G_OK && d->op && strcmp(d->op, "caf") == 0) {
            /* the CAF's referent changed eight months ago */
            referent n;
            referent_init(&n);
            snprintf(n.name, sizeof n.name, "Claire Dubois");
            snprintf(n.role, sizeof n.role,
                     "Référente partenaires France Services, CAF de la "
                     "Nièvre");
            snprintf(n.phone, sizeof n.phone, "01 99 00 20 11");
            snprintf(n.email, sizeof n.email, "partenaires@caf.example.org");
            snprintf(n.channel, sizeof n.channel, "portail partenaire CAF");
            snprintf(n.days, sizeof n.days, "Tu,Th 09:00-12:00; PH off");
            char from[11];
            day_plus(-240, from);
            s = referent_replace(db, 0, r.id, from, &n, err);
            *caf_now = n.id;
        }
    }
    return s;
}

/* Two files handed to the CAF's referent: one waiting, one answered. */
static g_status demo_escalations(g_db *db, const g_config *cfg, int64_t referent_id, g_error *err)
{
    int64_t agent = 0, v1 = 0, v2 = 0;
    g_status s;
    if ((s = one_id(db, "SELECT id FROM app_user WHERE login = 'accueil'", NULL, &agent, err)) !=
            G_OK ||
        (s = one_id(db,
                    "SELECT id FROM visitor WHERE anonymised_at IS NULL AND merged_into IS NULL "
                    "ORDER BY id LIMIT 1 OFFSET 5",
                    NULL, &v1, err)) != G_OK ||
        (s = one_id(db,
                    "SELECT id FROM visitor WHERE anonymised_at IS NULL AND merged_into IS NULL "
                    "ORDER BY id LIMIT 1 OFFSET 6",
                    NULL, &v2, err)) != G_OK)
        return s;
    if (!v1 || !v2 || !referent_id)
        return G_OK;
    char followup[11];
    day_plus(2, followup);
    escalation_new a = {.visitor_id = v1,
                        .referent_id = referent_id,
                        .subject = "Prime d'activité suspendue depuis deux mois sans "
                                   "explication : dossier transmis pour examen.",
                        .followup_on = followup};
    int64_t id = 0;
    if ((s = escalation_create(db, cfg, agent, &a, &id, err)) != G_OK)
        return s;
    escalation_new b = {.visitor_id = v2,
                        .referent_id = referent_id,
                        .subject = "Changement de situation familiale non pris en compte."};
    if ((s = escalation_create(db, cfg, agent, &b, &id, err)) != G_OK)
        return s;
    return escalation_set_status(db, agent, id, "repondue",
                                 "Dossier régularisé, courrier envoyé à l'allocataire.", err);
}

/* About a third of the closed requests of the past weeks got an answer. */
static g_status demo_answers(g_db *db, g_error *err)
{
    sqlite3_stmt *st;
    g_status s =
        db_prepare(db, "SELECT id FROM visit WHERE state = '" VISIT_DONE "' ORDER BY id", &st, err);
    if (s != G_OK)
        return s;
    int64_t ids[2048];
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < sizeof ids / sizeof *ids)
        ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_fail(db, err, "demo");
    static const char *const solved[] = {"oui", "oui", "oui", "en-partie", "non", ""};
    static const int levels[] = {4, 4, 3, 3, 4, 2, 1, 0};
    for (size_t i = 0; i < n && s == G_OK; i++) {
        if (below(3) != 0)
            continue;
        satisfaction_answer a = {{0}, levels[below(8)]};
        snprintf(a.solved, sizeof a.solved, "%s", solved[below(6)]);
        if (!a.solved[0] && !a.satisfied)
            a.satisfied = 3;
        s = satisfaction_store(db, ids[i], &a, err);
    }
    return s;
}

g_status demo_charter(g_db *db, const g_config *cfg, g_error *err)
{
    seed_state = 0xc4a27e15u;
    int64_t caf = 0;
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    if ((s = demo_referents(db, &caf, err)) == G_OK &&
        (s = demo_escalations(db, cfg, caf, err)) == G_OK)
        s = demo_answers(db, err);
    if (s != G_OK) {
        db_rollback(db);
        return s;
    }
    return db_commit(db, err);
}

/* ---- the older past ------------------------------------------------------------ */

static const struct {
    const char *last, *first, *birth, *sex, *phone;
    int months_ago; /* last came that many months ago */
} old_people[] = {
    {"Hébrard", "Josiane", "1948-05-14", "F", "+33639981901", 31},
    {"Quérel", "Gérard", "1952-11-02", "M", "+33639981902", 28},
    {"Lestrade-Bonnaud", "Émilienne", "1961-02-23", "F", "", 34},
    {"Pontécoulant", "Rémi", "1990-07-30", "M", "+33639981904", 26},
};

static g_status insert_old_visit(g_db *db, int64_t visitor_id, int64_t at, const char *comment,
                                 const char *op, g_error *err)
{
    char uuid[UUID_TEXT_SIZE];
    uuid_new(uuid);
    sqlite3_stmt *st;
    g_status s = db_prepare(
        db,
        "INSERT INTO visit (uuid, visitor_id, sex, age_band, commune, arrived_at, started_at, "
        "ended_at, state, channel, help_type, autonomy, duration_min, outcome, comment, "
        "created_at, updated_at) SELECT ?1, nullif(?2, 0), coalesce(v.sex, 'non-communique'), "
        "'non-communique', coalesce(v.commune, ''), ?3, ?3 + 300, ?3 + 1500, '" VISIT_DONE "', "
        "'accueil-spontane', 'accompagnement', 'partiellement-autonome', 20, 'resolu', ?4, ?3, "
        "?3 + 1500 FROM (SELECT 1) LEFT JOIN visitor v ON v.id = ?2",
        &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, uuid);
    sqlite3_bind_int64(st, 2, visitor_id);
    sqlite3_bind_int64(st, 3, at);
    db_bind_text(st, 4, comment);
    if ((s = db_step_done(db, st, "demo", err)) != G_OK)
        return s;
    int64_t id = sqlite3_last_insert_rowid(db_sql(db));
    if ((s = db_prepare(db,
                        "INSERT INTO visit_topic (visit_id, position, operator, family) VALUES "
                        "(?1, 0, ?2, NULL)",
                        &st, err)) != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, op);
    if ((s = db_step_done(db, st, "demo", err)) != G_OK)
        return s;
    if (!visitor_id)
        return G_OK;
    if ((s = db_prepare(db,
                        "UPDATE visitor SET last_visit_at = max(last_visit_at, ?2) WHERE id = ?1",
                        &st, err)) != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, visitor_id);
    sqlite3_bind_int64(st, 2, at);
    return db_step_done(db, st, "demo", err);
}

g_status demo_rgpd_history(g_db *db, const g_config *cfg, g_error *err)
{
    (void)cfg;
    seed_state = 0x01d7a5e5u;
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    int64_t now = clock_now(), first_old = 0, agent = 0;
    if ((s = one_id(db,
                    "SELECT coalesce((SELECT id FROM app_user WHERE login = 'accueil'), "
                    "(SELECT min(id) FROM app_user), 0)",
                    NULL, &agent, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    static const char *const ops[] = {"caf", "retraite", "dgfip", "cpam"};
    /* people not seen for more than two years (their files were made long
     * ago, under the previous software, and kept) */
    for (size_t i = 0; i < sizeof old_people / sizeof *old_people && s == G_OK; i++) {
        int64_t last = now - (int64_t)old_people[i].months_ago * 30 * 86400;
        int64_t made = last - (int64_t)(60 + below(200)) * 86400;
        visitor v;
        visitor_init(&v);
        snprintf(v.last_name, sizeof v.last_name, "%s", old_people[i].last);
        snprintf(v.first_names, sizeof v.first_names, "%s", old_people[i].first);
        snprintf(v.birth_date, sizeof v.birth_date, "%s", old_people[i].birth);
        snprintf(v.sex, sizeof v.sex, "%s", old_people[i].sex);
        snprintf(v.commune, sizeof v.commune, "58227");
        snprintf(v.postal_code, sizeof v.postal_code, "58310");
        snprintf(v.phone, sizeof v.phone, "%s", old_people[i].phone);
        if ((s = visitor_save(db, agent, &v, err)) != G_OK)
            break;
        int64_t id = v.id;
        if (!first_old)
            first_old = id;
        /* the file was made long ago and never changed since */
        sqlite3_stmt *st;
        if ((s = db_prepare(db, "UPDATE visitor SET created_at = ?2, updated_at = ?2 WHERE id = ?1",
                            &st, err)) != G_OK)
            break;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, made);
        if ((s = db_step_done(db, st, "demo", err)) != G_OK)
            break;
        for (int k = 0; k < 2 && s == G_OK; k++)
            s = insert_old_visit(db, id, last - (int64_t)k * 45 * 86400,
                                 k ? "Dossier de retraite complété" : "Attestation imprimée",
                                 ops[(i + (size_t)k) % 4], err);
    }
    /* an orientation and an appointment of one of them, more than two years
     * old */
    int64_t service = 0, resource = 0, motif = 0;
    if (s == G_OK && first_old &&
        (s = one_id(db, "SELECT id FROM service WHERE source = 'demo-local' AND source_id = 'ccas'",
                    NULL, &service, err)) == G_OK &&
        service) {
        char uuid[UUID_TEXT_SIZE];
        uuid_new(uuid);
        int64_t at = now - (int64_t)31 * 30 * 86400;
        char sql[512];
        snprintf(sql, sizeof sql,
                 "INSERT INTO orientation (uuid, visitor_id, service_id, reason, status, "
                 "followup_on, created_at, updated_at) VALUES ('%s', %lld, %lld, 'Aide "
                 "alimentaire d''urgence.', '" ORIENT_ACCEPTED
                 "', date(%lld, 'unixepoch'), %lld, %lld)",
                 uuid, (long long)first_old, (long long)service, (long long)at, (long long)at,
                 (long long)(at + 5 * 86400));
        s = db_exec(db, sql, err);
    }
    if (s == G_OK)
        s = one_id(db, "SELECT id FROM resource ORDER BY id LIMIT 1", NULL, &resource, err);
    if (s == G_OK)
        s = one_id(db, "SELECT id FROM motif WHERE capacity = 1 ORDER BY id LIMIT 1", NULL, &motif,
                   err);
    if (s == G_OK && first_old && resource && motif) {
        char uuid[UUID_TEXT_SIZE], sql[512];
        uuid_new(uuid);
        int64_t at = now - (int64_t)32 * 30 * 86400;
        snprintf(sql, sizeof sql,
                 "INSERT INTO appointment (uuid, resource_id, motif_id, visitor_id, start_at, "
                 "end_at, status, comment, created_at, updated_at) VALUES ('%s', %lld, %lld, "
                 "%lld, %lld, %lld, '" APPT_HONORED
                 "', 'Apporter l''avis d''imposition', %lld, %lld)",
                 uuid, (long long)resource, (long long)motif, (long long)(first_old + 1),
                 (long long)at, (long long)(at + 1800), (long long)(at - 7 * 86400), (long long)at);
        s = db_exec(db, sql, err);
    }
    /* comments of requests of current visitors, from fourteen to twenty
     * months ago */
    for (int k = 0; k < 12 && s == G_OK; k++) {
        int64_t who = 0;
        char sql[160];
        snprintf(sql, sizeof sql,
                 "SELECT id FROM visitor WHERE anonymised_at IS NULL AND merged_into IS NULL AND "
                 "id < %lld ORDER BY id LIMIT 1 OFFSET %d",
                 (long long)(first_old ? first_old : 1000000), 10 + 7 * k);
        if ((s = one_id(db, sql, NULL, &who, err)) != G_OK || !who)
            break;
        s = insert_old_visit(db, who, now - (int64_t)(14 * 30 + below(180)) * 86400,
                             k % 2 ? "Revient avec les justificatifs" : "Simulation de retraite",
                             ops[k % 4], err);
    }
    /* a confidential note nobody has touched for twenty-six months */
    if (s == G_OK) {
        int64_t back = (int64_t)26 * 30 * 86400;
        char sql[256];
        snprintf(sql, sizeof sql,
                 "UPDATE note SET created_at = created_at - %lld, updated_at = updated_at - %lld "
                 "WHERE id = (SELECT max(id) FROM note); UPDATE note_version SET created_at = "
                 "created_at - %lld WHERE note_id = (SELECT max(id) FROM note)",
                 (long long)back, (long long)back, (long long)back);
        s = db_exec(db, sql, err);
    }
    if (s != G_OK) {
        db_rollback(db);
        return s;
    }
    return db_commit(db, err);
}
