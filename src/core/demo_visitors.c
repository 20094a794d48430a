/* demo_visitors.c — the demo desk's visitors and requests (see demo.h).
 *
 * About 200 fictional visitors of the Puisaye and Loire valley (Nièvre)
 * with realistic French names (accents, compound names, particles, and a
 * few names from elsewhere: Ngũgĩ, Nguyễn, 王芳, Αθανασία), phones in the
 * range Arcep keeps for fiction (06 39 98 xx xx), e-mails at example.org;
 * then about 450 requests over the past six weeks with the usual mix of
 * partners (CAF, Assurance maladie, France Titres, Finances publiques and
 * retraite first), channels and types of help, and today's queue. Fixed
 * seed: the same content every time, dated relative to clock_now(). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db_internal.h"
#include "demo_internal.h"
#include "intake_internal.h"
#include "guichet/uuid.h"
#include "guichet/clock.h"
#include "guichet/demo.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/ref.h"
#include "guichet/user.h"
#include "guichet/visit.h"
#include "guichet/visitor.h"
#include "guichet/status.h"

/* xorshift32: deterministic, good enough for fiction */
static uint32_t seed_state;

static uint32_t rnd(void)
{
    uint32_t x = seed_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return seed_state = x;
}

static int below(int n)
{
    return (int)(rnd() % (uint32_t)n);
}

typedef struct weighted {
    const char *code;
    int weight;
} weighted;

static const char *pick(const weighted *w)
{
    int total = 0;
    for (const weighted *p = w; p->code; p++)
        total += p->weight;
    int r = below(total);
    for (const weighted *p = w; p->code; p++) {
        if (r < p->weight)
            return p->code;
        r -= p->weight;
    }
    return w[0].code;
}

static const char *const last_names[] = {
    "Martin",        "Bernard",       "Dubois",   "Thomas",    "Robert",         "Richard",
    "Petit",         "Durand",        "Leroy",    "Moreau",    "Simon",          "Laurent",
    "Lefèvre",       "Michel",        "Garcia",   "Bertrand",  "Roux",           "Fournier",
    "Morel",         "Girard",        "André",    "Mercier",   "Dupont",         "Lambert",
    "Bonnet",        "François",      "Legrand",  "Garnier",   "Faure",          "Rousseau",
    "Blanc",         "Guérin",        "Muller",   "Perrin",    "Morin",          "Clément",
    "Gauthier",      "Chevalier",     "Masson",   "Gérard",    "Boyer",          "Lemaire",
    "Noël",          "Ménard",        "Prévost",  "Brunet",    "Rivière",        "Carré",
    "Benoît",        "Rémy",          "Le Goff",  "Le Gall",   "de La Fontaine", "Saint-Jean",
    "Lefèvre-Morin", "Dupuis-Ménard", "d'Arcy",   "N'Diaye",   "Ben Salah",      "Da Silva",
    "Fernández",     "Kowalczyk",     "Çelik",    "Diallo",    "Traoré",         "Haddad",
    "Nguyễn",        "Ngũgĩ",         "Pereira",  "Gonçalves", "Œhmichen",       "Lœillet",
    "Strauß",        "Rodríguez",     "Bouchard", "Vasseur",   "Charpentier",    "Marchand",
    "Desnoyers",     "Aubry",
};
#define NLAST (sizeof last_names / sizeof last_names[0])

static const char *const women[] = {
    "Marie",       "Élodie",    "Nathalie", "Isabelle",   "Sylvie", "Catherine", "Françoise",
    "Monique",     "Chloé",     "Léa",      "Manon",      "Inès",   "Zoé",       "Anaïs",
    "Hélène",      "Céline",    "Aurélie",  "Noémie",     "Maëlle", "Josiane",   "Ginette",
    "Aminata",     "Fatoumata", "Leïla",    "Yasmina",    "Agnès",  "Bérénice",  "Marie-Claire",
    "Anne-Sophie", "Thị Lan",   "Wanjiru",  "Małgorzata", "Gisèle", "Odette",    "Séverine",
};
static const char *const men[] = {
    "Jean",
    "Jean-Pierre",
    "Pierre",
    "Michel",
    "Philippe",
    "Alain",
    "Patrick",
    "Nicolas",
    "Christophe",
    "Éric",
    "Stéphane",
    "Frédéric",
    "Jérôme",
    "Hervé",
    "Gérard",
    "René",
    "Raymond",
    "Lucas",
    "Hugo",
    "Théo",
    "Noé",
    "Loïc",
    "Gaël",
    "Youssef",
    "Mamadou",
    "Karim",
    "Moussa",
    "Jean-Luc",
    "François-Xavier",
    "Benoît",
    "Joël",
    "Cédric",
    "Văn Minh",
    "Kamau",
    "Grégoire",
};
#define NWOMEN (sizeof women / sizeof women[0])
#define NMEN   (sizeof men / sizeof men[0])

/* Communes around the demo site (Saint-Amand-en-Puisaye, 58227). The INSEE
 * codes are those of the official geographic code as we know it; the demo
 * only needs them plausible and consistent. */
static const struct {
    const char *insee, *postal;
    int weight;
} communes[] = {
    {"58227", "58310", 30}, /* Saint-Amand-en-Puisaye */
    {"58086", "58200", 22}, /* Cosne-Cours-sur-Loire */
    {"58012", "58310", 8},  /* Arquian */
    {"58270", "58310", 6},  /* Saint-Vérain */
    {"58102", "58220", 8},  /* Donzy */
    {"58215", "58150", 6},  /* Pouilly-sur-Loire */
    {"58109", "58410", 6},  /* Entrains-sur-Nohain */
    {"58059", "58400", 5},  /* La Charité-sur-Loire */
    {"58079", "58500", 4},  /* Clamecy */
    {"58194", "58000", 5},  /* Nevers */
};
#define NCOMMUNES (sizeof communes / sizeof communes[0])

static int pick_commune(void)
{
    int total = 0;
    for (size_t i = 0; i < NCOMMUNES; i++)
        total += communes[i].weight;
    int r = below(total);
    for (size_t i = 0; i < NCOMMUNES; i++) {
        if (r < communes[i].weight)
            return (int)i;
        r -= communes[i].weight;
    }
    return 0;
}

static const weighted operators[] = {
    {"caf", 22},    {"cpam", 18},        {"france-titres", 16},
    {"dgfip", 14},  {"retraite", 10},    {"france-travail", 6},
    {"msa", 4},     {"agirc-arrco", 3},  {"la-poste", 2},
    {"justice", 2}, {"france-renov", 2}, {"cheque-energie", 1},
    {NULL, 0},
};
static const weighted channels[] = {
    {"accueil-spontane", 60}, {"accueil-sur-rdv", 15}, {"telephone", 15}, {"courriel", 4},
    {"itinerance", 3},        {"domicile", 2},         {"visio", 1},      {NULL, 0},
};
static const weighted helps[] = {
    {"information", 45}, {"accompagnement", 45}, {"orientation", 10}, {NULL, 0}};

/* The procedure family that fits an operator best, and a second one. */
static const char *family_for(const char *op)
{
    static const struct {
        const char *op, *f1, *f2;
    } map[] = {
        {"caf", "social", "famille"},
        {"cpam", "social", "social"},
        {"france-titres", "papiers", "transports"},
        {"dgfip", "argent", "argent"},
        {"retraite", "social", "travail"},
        {"france-travail", "travail", "travail"},
        {"msa", "social", "famille"},
        {"agirc-arrco", "social", "travail"},
        {"la-poste", "argent", "papiers"},
        {"justice", "justice", "famille"},
        {"france-renov", "logement", "logement"},
        {"cheque-energie", "logement", "argent"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].op, op) == 0)
            return below(3) ? map[i].f1 : map[i].f2;
    return "social";
}

static const char *const comments[] = {
    "Attestation imprimée",
    "Création du compte en ligne",
    "Pré-demande de carte d'identité faite",
    "Déclaration de revenus en ligne",
    "Simulation de retraite",
    "Dossier de prime d'activité complété",
    "Changement d'adresse déclaré",
    "Mot de passe réinitialisé",
    "Revient avec les justificatifs",
    "Demande de carte Vitale",
};

static g_status demo_fail(g_db *db, g_error *err)
{
    return db_fail(db, err, _("données de démonstration (usagers)"));
}

/* A plausible e-mail local part: the folded first and last names. */
static void email_for(const char *first, const char *last, char *out, size_t size)
{
    char f[128], l[128];
    normalize_name_key(first, f, sizeof f);
    normalize_name_key(last, l, sizeof l);
    /* keep ASCII only (non-Latin names get no e-mail) */
    for (const char *p = f; *p; p++)
        if ((unsigned char)*p >= 0x80) {
            out[0] = 0;
            return;
        }
    for (const char *p = l; *p; p++)
        if ((unsigned char)*p >= 0x80) {
            out[0] = 0;
            return;
        }
    snprintf(out, size, "%s.%s@example.org", f, l);
}

static g_status make_visitors(g_db *db, int64_t actor, int64_t *ids, int n, g_error *err)
{
    struct tm now;
    clock_local(clock_now(), &now);
    int this_year = now.tm_year + 1900;
    for (int i = 0; i < n; i++) {
        visitor v;
        visitor_init(&v);
        int woman = below(100) < 55;
        const char *first = woman ? women[below(NWOMEN)] : men[below(NMEN)];
        const char *last = last_names[below(NLAST)];
        if (i == 7) { /* a few names from further away, always present */
            last = "王";
            first = "芳";
            woman = 1;
        } else if (i == 8) {
            last = "Παπαδοπούλου";
            first = "Αθανασία";
            woman = 1;
        } else if (i == 9) {
            last = "Ngũgĩ";
            first = "Wanjiru";
            woman = 1;
        } else if (i == 10) {
            last = "Nguyễn";
            first = "Văn Minh";
            woman = 0;
        }
        snprintf(v.last_name, sizeof v.last_name, "%s", last);
        snprintf(v.first_names, sizeof v.first_names, "%s", first);
        if (woman && below(100) < 30)
            snprintf(v.birth_name, sizeof v.birth_name, "%s", last_names[below(NLAST)]);
        snprintf(v.sex, sizeof v.sex, "%s", woman ? "F" : "M");
        if (below(100) < 90) {
            int y = this_year - 18 - below(70), m = 1 + below(12), d = 1 + below(28);
            snprintf(v.birth_date, sizeof v.birth_date, "%02d/%02d/%04d", d, m, y);
        }
        int c = pick_commune();
        snprintf(v.commune, sizeof v.commune, "%s", communes[c].insee);
        snprintf(v.postal_code, sizeof v.postal_code, "%s", communes[c].postal);
        if (below(100) < 75) {
            int k = (i * 37 + 11) % 10000; /* distinct for every visitor */
            snprintf(v.phone, sizeof v.phone, "06 39 98 %02d %02d", k / 100, k % 100);
            snprintf(v.preferred_contact, sizeof v.preferred_contact, "%s",
                     below(3) ? "telephone" : "sms");
        }
        if (below(100) < 25)
            email_for(first, last, v.email, sizeof v.email);
        if (v.email[0] && below(2))
            snprintf(v.preferred_contact, sizeof v.preferred_contact, "courriel");
        v.needs_digital_help = below(100) < 35;
        v.reading_difficulty = below(100) < 8;
        v.disability = below(100) < 5;
        if (below(100) < 5 || i == 9) {
            static const char *const langs[] = {"arabe",     "anglais", "tamoul",
                                                "portugais", "roumain", "swahili"};
            v.no_french = 1;
            snprintf(v.language, sizeof v.language, "%s", i == 9 ? "swahili" : langs[below(6)]);
        }
        if (below(100) < 80)
            snprintf(v.consent_kind, sizeof v.consent_kind, "%s", below(4) ? "oral" : "ecrit");
        g_status s = visitor_save(db, actor, &v, err);
        if (s != G_OK)
            return s;
        ids[i] = v.id;
    }
    return G_OK;
}

/* The id of a demo account, or of any account when it does not exist. */
/* The demo account called login, else (a test database without them) the
 * first account: any will do. */
static g_status demo_agent(g_db *db, const char *login, int64_t *id, g_error *err)
{
    g_status s = demo_user_id(db, login, id, err);
    if (s != G_OK || *id)
        return s;
    sqlite3_stmt *st;
    if ((s = db_prepare(db, "SELECT coalesce(min(id), 0) FROM app_user", &st, err)) != G_OK)
        return s;
    if ((s = db_step_row(db, st, _("lecture d'un compte"), err)) == G_OK)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return s == G_ERR_NOTFOUND ? G_OK : s;
}

/* Inserts one request with its log at the given instants. */
static g_status add_request(g_db *db, int64_t visitor_id, int64_t agent, int64_t arrived,
                            int64_t started, int64_t ended, const char *state, const char *day,
                            g_error *err)
{
    const char *help = pick(helps);
    const char *channel = pick(channels);
    const char *op = pick(operators);
    const char *autonomy = strcmp(help, "information") == 0
                               ? (below(4) ? "autonome" : "partiellement-autonome")
                               : (below(2) ? "entierement-accompagne" : "partiellement-autonome");
    const char *outcome = strcmp(help, "orientation") == 0 ? "oriente"
                          : below(100) < 70                ? "resolu"
                          : below(2)                       ? "a-suivre"
                                                           : "rdv-pris";
    int duration = strcmp(help, "information") == 0      ? 2 + below(9)
                   : strcmp(help, "accompagnement") == 0 ? 10 + below(36)
                                                         : 5 + below(16);
    char sex[16] = "non-communique", band[16] = "non-communique", commune[8] = "";
    if (visitor_id) {
        visitor v;
        g_status s = visitor_get(db, visitor_id, &v, err);
        if (s != G_OK)
            return s;
        snprintf(sex, sizeof sex, "%s", v.sex);
        snprintf(band, sizeof band, "%s", ref_age_band(v.birth_date[0] ? v.birth_date : NULL, day));
        snprintf(commune, sizeof commune, "%.5s", v.commune);
    } else {
        if (below(100) < 85)
            snprintf(sex, sizeof sex, "%s", below(100) < 56 ? "F" : "M");
        if (below(100) < 80)
            snprintf(band, sizeof band, "%s", ref_age_bands[1 + below(5)]);
        if (below(100) < 75)
            snprintf(commune, sizeof commune, "%s", communes[pick_commune()].insee);
    }
    int done = strcmp(state, VISIT_DONE) == 0;
    if (done && ended == 0) {
        ended = arrived + 60 * (int64_t)(5 + below(20) + duration);
        if (ended > clock_now())
            ended = clock_now();
        started = ended - 60 * (int64_t)duration;
        if (started < arrived)
            started = arrived;
    }
    char uuid[37];
    uuid_new(uuid);
    sqlite3_stmt *st;
    g_status s = db_prepare(
        db,
        "INSERT INTO visit (uuid, visitor_id, sex, age_band, commune, arrived_at, started_at, "
        "ended_at, state, agent_id, created_by, channel, help_type, autonomy, duration_min, "
        "outcome, comment, created_at, updated_at) VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6, "
        "nullif(?7, 0), nullif(?8, 0), ?9, nullif(?10, 0), nullif(?10, 0), ?11, ?12, ?13, ?14, "
        "?15, ?16, "
        "?6, coalesce(nullif(?8, 0), ?6))",
        &st, err);
    if (s != G_OK)
        return s;
    db_bind_text(st, 1, uuid);
    sqlite3_bind_int64(st, 2, visitor_id);
    db_bind_text(st, 3, sex);
    db_bind_text(st, 4, band);
    db_bind_text(st, 5, commune);
    sqlite3_bind_int64(st, 6, arrived);
    sqlite3_bind_int64(st, 7, started);
    sqlite3_bind_int64(st, 8, ended);
    db_bind_text(st, 9, state);
    sqlite3_bind_int64(
        st, 10, strcmp(state, VISIT_WAITING) == 0 || strcmp(state, VISIT_LEFT) == 0 ? 0 : agent);
    db_bind_text(st, 11, channel);
    db_bind_text(st, 12, done ? help : NULL);
    db_bind_text(st, 13, done ? autonomy : NULL);
    if (done)
        sqlite3_bind_int(st, 14, duration);
    else
        sqlite3_bind_null(st, 14);
    db_bind_text(st, 15, done ? outcome : NULL);
    db_bind_text(st, 16, done && below(100) < 30 ? comments[below(10)] : "");
    if (sqlite3_step(st) != SQLITE_DONE)
        s = demo_fail(db, err);
    sqlite3_finalize(st);
    if (s != G_OK)
        return s;
    int64_t id = sqlite3_last_insert_rowid(db_sql(db));
    if (visitor_id) {
        if ((s = db_prepare(db,
                            "UPDATE visitor SET last_visit_at = max(last_visit_at, ?) WHERE id = ?",
                            &st, err)) != G_OK)
            return s;
        sqlite3_bind_int64(st, 1, arrived);
        sqlite3_bind_int64(st, 2, visitor_id);
        if (sqlite3_step(st) != SQLITE_DONE)
            s = demo_fail(db, err);
        sqlite3_finalize(st);
    }
    if (!done || s != G_OK)
        return s;
    int ntopics = below(100) < 15 ? 2 : 1;
    for (int t = 0; t < ntopics && s == G_OK; t++) {
        const char *o = t == 0 ? op : pick(operators);
        if (t == 1 && strcmp(o, op) == 0)
            break;
        int with_family = strcmp(help, "information") != 0 || below(2);
        if ((s = db_prepare(db,
                            "INSERT INTO visit_topic (visit_id, position, operator, family) "
                            "VALUES (?, ?, ?, ?)",
                            &st, err)) != G_OK)
            return s;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, t);
        db_bind_text(st, 3, o);
        db_bind_text(st, 4, with_family ? family_for(o) : NULL);
        if (sqlite3_step(st) != SQLITE_DONE)
            s = demo_fail(db, err);
        sqlite3_finalize(st);
    }
    return s;
}

#define DEMO_VISITORS 200

g_status demo_visitors(g_db *db, const g_config *cfg, g_error *err)
{
    (void)cfg;
    seed_state = 0x5eed2026u;
    int64_t agents[3] = {0, 0, 0};
    g_status s = demo_agent(db, "accueil", &agents[0], err);
    if (s == G_OK)
        s = demo_agent(db, "conseiller", &agents[2], err);
    if (s != G_OK || (s = db_begin(db, err)) != G_OK)
        return s;
    agents[1] = agents[0];
    int64_t actor = agents[0];
    static int64_t ids[DEMO_VISITORS];
    if ((s = make_visitors(db, actor, ids, DEMO_VISITORS, err)) != G_OK)
        goto fail;

    /* the past six weeks, opening days Monday to Friday and Saturday morning */
    int64_t now = clock_now();
    for (int back = 42; back >= 1 && s == G_OK; back--) {
        struct tm day;
        clock_local(now - (int64_t)back * 86400, &day);
        if (day.tm_wday == 0)
            continue;
        int saturday = day.tm_wday == 6;
        int count = saturday ? 3 + below(4) : 8 + below(8);
        char iso[40];
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", day.tm_year + 1900, day.tm_mon + 1,
                 day.tm_mday);
        for (int k = 0; k < count && s == G_OK; k++) {
            int64_t at;
            int hour = saturday ? 9 + below(3) : (below(2) ? 9 + below(3) : 14 + below(3));
            if (clock_from_local(day.tm_year + 1900, day.tm_mon + 1, day.tm_mday, hour, below(60),
                                 &at) != 0)
                continue;
            int64_t who = below(100) < 55 ? ids[below(DEMO_VISITORS)] : 0;
            const char *state = below(100) < 4 ? VISIT_LEFT : VISIT_DONE;
            int64_t ended = strcmp(state, VISIT_LEFT) == 0 ? at + 60 * (15 + below(30)) : 0;
            s = add_request(db, who, agents[below(3)], at, 0, ended, state, iso, err);
        }
    }

    /* today: a few done this morning, one being helped, two waiting */
    char today[11];
    clock_today(today);
    for (int k = 0; k < 4 && s == G_OK; k++)
        s = add_request(db, k % 2 ? ids[below(DEMO_VISITORS)] : 0, agents[k % 3],
                        now - 60 * (150 - 30 * k), 0, 0, VISIT_DONE, today, err);
    if (s == G_OK && agents[2])
        s = add_request(db, ids[3], agents[2], now - 25 * 60, now - 12 * 60, 0, VISIT_IN_PROGRESS,
                        today, err);
    if (s == G_OK)
        s = add_request(db, ids[12], 0, now - 9 * 60, 0, 0, VISIT_WAITING, today, err);
    if (s == G_OK)
        s = add_request(db, 0, 0, now - 4 * 60, 0, 0, VISIT_WAITING, today, err);
    if (s != G_OK)
        goto fail;
    return db_commit(db, err);
fail:
    db_rollback(db);
    return s;
}
