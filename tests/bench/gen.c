/* gen.c — the benchmark's data generator: a guichet database at the scale
 * of a busy France Services house's ten years (docs/performance.md).
 *
 *   bench_gen --db FILE [--visitors N] [--requests N] [--appointments N]
 *             [--services N] [--seed S] [--today AAAA-MM-JJ] [--years Y]
 *             [--notes PERCENT] [--followups PERCENT] [--quiet]
 *
 * Everything goes through the core's own functions (site_init, user_add,
 * team_site_init, directory_save, visitor_save, visit_record, visit_arrive,
 * visit_left, visit_take, agenda_resource_add, agenda_motif_add,
 * agenda_availability_add, agenda_book_internal, agenda_set_status,
 * agenda_cancel, note_create; the follow-ups' referent_add,
 * referent_replace, orientation_*, escalation_*, satisfaction_record: see
 * make_followups), so every row is what the desk itself would
 * have written: search forms and the FTS index, profile snapshots,
 * last_visit_at, the journal's hash chain, notes really encrypted and
 * sealed. Only the transactions differ: the core's actions nest
 * (db_begin/db_commit), so the generator wraps thousands of them in one
 * outer transaction instead of committing (and flushing) each one, and
 * moves the injectable clock (clock_set) to each action's moment.
 *
 * Deterministic for a given seed: the content comes from a seeded
 * splitmix64, and libsodium's randomness (UUIDs, keys, nonces, salts) is
 * replaced by a seeded ChaCha20 stream (randombytes_set_implementation) —
 * fine for a benchmark file, never for a real site. Two things escape the
 * seed: the milliseconds of the UUIDs (uuid.c takes them from the real
 * clock, and the journal's hashes cover them) and the survey answers' keys
 * (SQLite's randomblob): the same seed gives the same rows apart from
 * those. The accounts' password is BENCH_PASSWORD. */
#include <inttypes.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agenda_internal.h"
#include "db_internal.h"
#include "intake_internal.h"
#include "guichet/agenda.h"
#include "guichet/auth.h"
#include "guichet/clock.h"
#include "guichet/config.h"
#include "guichet/directory.h"
#include "guichet/escalation.h"
#include "guichet/note.h"
#include "guichet/orientation.h"
#include "guichet/ref.h"
#include "guichet/referent.h"
#include "guichet/satisfaction.h"
#include "guichet/site.h"
#include "guichet/status.h"
#include "guichet/team.h"
#include "guichet/user.h"
#include "guichet/visit.h"
#include "guichet/visitor.h"

#define BENCH_PASSWORD "banc-d-essai-2026"
#define BATCH          4000 /* actions per outer transaction */

/* ---- options ------------------------------------------------------------ */

typedef struct gen_opts {
    const char *db;
    long visitors, requests, appointments, services;
    uint64_t seed;
    char today[11];
    int years;
    int notes_pct;
    int followups_pct; /* follow-ups at this percentage of their usual rates, 0 = none */
    int quiet;
} gen_opts;

static gen_opts O = {NULL, 100000, 1000000, 200000, 200, 1, "2026-06-16", 10, 5, 100, 0};

/* ---- deterministic randomness ----------------------------------------- */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd64(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static long below(long n)
{
    return n <= 1 ? 0 : (long)(rnd64() % (uint64_t)n);
}

static double unif(void)
{
    return (double)(rnd64() >> 11) / 9007199254740992.0;
}

static int chance(double p)
{
    return unif() < p;
}

/* libsodium's randomness from a seeded stream */
static unsigned char sodium_seed[randombytes_SEEDBYTES];
static uint64_t sodium_counter;

static void det_buf(void *const buf, const size_t size)
{
    unsigned char seed[randombytes_SEEDBYTES];
    memcpy(seed, sodium_seed, sizeof seed);
    uint64_t c = ++sodium_counter;
    for (int i = 0; i < 8; i++)
        seed[i] ^= (unsigned char)(c >> (8 * i));
    randombytes_buf_deterministic(buf, size, seed);
}

static uint32_t det_random(void)
{
    uint32_t v;
    det_buf(&v, sizeof v);
    return v;
}

static const char *det_name(void)
{
    return "guichet-bench-deterministic";
}

static void det_stir(void)
{
}

static int det_close(void)
{
    return 0;
}

static randombytes_implementation det_impl = {det_name, det_random, det_stir,
                                              NULL,     det_buf,    det_close};

typedef struct weighted {
    const char *code;
    int weight;
} weighted;

static const char *pick(const weighted *w)
{
    int total = 0;
    for (const weighted *p = w; p->code; p++)
        total += p->weight;
    long r = below(total);
    for (const weighted *p = w; p->code; p++) {
        if (r < p->weight)
            return p->code;
        r -= p->weight;
    }
    return w[0].code;
}

#define NELEM(a) (sizeof(a) / sizeof *(a))

/* ---- names, places ------------------------------------------------------- */

/* The most frequent surnames of France, most frequent first (Martin is
 * about 0.4 % of people); a Zipf-like weight picks among them, and half of
 * the files get a long-tail name built below instead. */
static const char *const common_last[] = {
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefèvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Gérard",
    "Nguyen",
    "Boyer",
    "Denis",
    "Lemaire",
    "Duval",
    "Joly",
    "Gautier",
    "Roger",
    "Roche",
    "Roy",
    "Noël",
    "Meyer",
    "Lucas",
    "Meunier",
    "Jean",
    "Pérez",
    "Marchand",
    "Dufour",
    "Blanchard",
    "Marie",
    "Barbier",
    "Brun",
    "Dumas",
    "Brunet",
    "Schmitt",
    "Leroux",
    "Colin",
    "Fernandez",
    "Pierre",
    "Renard",
    "Arnaud",
    "Rolland",
    "Caron",
    "Aubert",
    "Giraud",
    "Leclerc",
    "Vidal",
    "Bourgeois",
    "Renaud",
    "Lemoine",
    "Picard",
    "Gaillard",
    "Philippe",
    "Leclercq",
    "Lacroix",
    "Fabre",
    "Dupuis",
    "Olivier",
    "Rodriguez",
    "Da Silva",
    "Hubert",
    "Louis",
    "Charles",
    "Guillot",
    "Rivière",
    "Le Gall",
    "Guillaume",
    "Adam",
    "Rey",
    "Moulin",
    "Gonzalez",
    "Berger",
    "Lecomte",
    "Ménard",
    "Fleury",
    "Deschamps",
    "Carpentier",
    "Julien",
    "Benoît",
    "Paris",
    "Maillard",
    "Marchal",
    "Aubry",
    "Vasseur",
    "Le Roux",
    "Renault",
    "Jacquet",
    "Collet",
    "Prévost",
    "Poirier",
    "Charpentier",
    "Royer",
    "Huet",
    "Baron",
    "Dupuy",
    "Pons",
    "Paul",
    "Laine",
    "Carré",
    "Breton",
    "Rémy",
    "Schneider",
    "Perrot",
    "Guyot",
    "Barré",
    "Marty",
    "Cousin",
    "Dupré",
    "Dupin",
    "Duplessis",
    "Marion",
    "Martel",
    "Marchais",
    "Diallo",
    "Traoré",
    "N'Diaye",
    "Haddad",
    "Benali",
    "Le Goff",
    "de La Fontaine",
    "Saint-Martin",
    "Lefèvre-Durand",
    "Dubois-Martin",
    "d'Arcy",
    "Nguyễn",
    "Ngũgĩ",
    "Öztürk",
    "Kowalski",
    "Ferreira",
    "dos Santos",
    "Gonçalves",
    "Œhmichen",
    "Strauß",
    "Çelik",
    "Ben Salah",
    "Mendes",
    "Rodrigues",
};

/* long tail: a start and an ending ("Ber" + "thelot" = Berthelot) */
static const char *const tail_a[] = {
    "Ber", "Char", "Chau", "Dela", "Des", "Du",   "Fer", "Gau", "Gil", "Hen", "Jac", "La",   "Lan",
    "Lar", "Le",   "Lo",   "Mai",  "Mal", "Mar",  "Mau", "Mon", "Mor", "Pel", "Per", "Poi",  "Pou",
    "Ri",  "Ro",   "Sau",  "Ta",   "Tes", "Vail", "Val", "Ver", "Vi",  "Bou", "Bri", "Cham", "Cou",
    "Cré", "Dé",   "Ga",   "Gré",  "Lé",  "Mé",   "Pé",  "Thé", "Vé",  "É",   "Bé",
};
static const char *const tail_b[] = {
    "thelot", "rand",  "vin",   "lier",  "tier",  "mont",  "chard", "don",   "geot",  "quet",
    "card",   "mard",  "guin",  "ret",   "rin",   "vert",  "lot",   "zière", "ville", "court",
    "nier",   "doux",  "chet",  "bert",  "gnier", "trand", "vet",   "ssard", "rault", "taud",
    "nard",   "mbert", "ssier", "llard", "rgne",  "stel",  "reau",  "chon",  "det",   "rot",
    "pin",    "quier", "rdet",  "nault", "lleux", "rbier", "nnet",  "mière", "lhet",  "gès",
};

static const char *const women[] = {
    "Marie",        "Élodie",    "Nathalie",  "Isabelle",     "Sylvie",      "Catherine",
    "Françoise",    "Monique",   "Chloé",     "Léa",          "Manon",       "Inès",
    "Zoé",          "Anaïs",     "Hélène",    "Céline",       "Aurélie",     "Noémie",
    "Maëlle",       "Josiane",   "Ginette",   "Aminata",      "Fatoumata",   "Leïla",
    "Yasmina",      "Agnès",     "Bérénice",  "Marie-Claire", "Anne-Sophie", "Marie-Thérèse",
    "Élise",        "Éliane",    "Élisabeth", "Éliette",      "Gisèle",      "Odette",
    "Séverine",     "Valérie",   "Mélanie",   "Amélie",       "Cécile",      "Thérèse",
    "Sandrine",     "Christine", "Martine",   "Nadine",       "Laëtitia",    "Émilie",
    "Camille",      "Julie",     "Sarah",     "Emma",         "Jade",        "Louise",
    "Marie-Hélène", "Anne",      "Jeanne",    "Margaux",      "Océane",      "Maryse",
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
    "Grégoire",
    "Élie",
    "Éliott",
    "Élias",
    "Jean-François",
    "Pierre-Yves",
    "Sébastien",
    "Julien",
    "Thierry",
    "Pascal",
    "Daniel",
    "Bernard",
    "André",
    "Marc",
    "Olivier",
    "Laurent",
    "David",
    "Mathéo",
    "Raphaël",
    "Léo",
    "Gabriel",
    "Arthur",
    "Jean-Claude",
    "Jacques",
    "Rémi",
    "Mickaël",
    "Kévin",
    "Anthony",
};

/* Communes of Puisaye and the Loire valley (Nièvre, Yonne) */
static const struct {
    const char *insee, *postal;
    int weight;
} communes[] = {
    {"58227", "58310", 30}, {"58086", "58200", 24}, {"58012", "58310", 7}, {"58270", "58310", 6},
    {"58102", "58220", 8},  {"58215", "58150", 6},  {"58109", "58410", 6}, {"58059", "58400", 5},
    {"58079", "58500", 4},  {"58194", "58000", 5},  {"89068", "89520", 4}, {"89346", "89520", 3},
    {"89003", "89170", 3},  {"58023", "58200", 3},  {"58273", "58150", 2}, {"58303", "58200", 3},
};

static int pick_commune(void)
{
    int total = 0;
    for (size_t i = 0; i < NELEM(communes); i++)
        total += communes[i].weight;
    long r = below(total);
    for (size_t i = 0; i < NELEM(communes); i++) {
        if (r < communes[i].weight)
            return (int)i;
        r -= communes[i].weight;
    }
    return 0;
}

/* Zipf-like index in [0, n): weight 1 / (i + 2)^s */
static double *zipf_cdf;

static void zipf_init(size_t n, double s)
{
    zipf_cdf = malloc(n * sizeof *zipf_cdf);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        zipf_cdf[i] = (sum += 1.0 / pow((double)i + 2.0, s));
    for (size_t i = 0; i < n; i++)
        zipf_cdf[i] /= sum;
}

static size_t zipf_pick(size_t n)
{
    double u = unif();
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (zipf_cdf[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void last_name(char *out, size_t size)
{
    if (chance(0.5)) {
        snprintf(out, size, "%s", common_last[zipf_pick(NELEM(common_last))]);
        return;
    }
    const char *a = tail_a[below(NELEM(tail_a))], *b = tail_b[below(NELEM(tail_b))];
    if (chance(0.04)) /* a particle */
        snprintf(out, size, "%s %s%s", chance(0.5) ? "Le" : "de", a, b);
    else if (chance(0.03)) /* a double name */
        snprintf(out, size, "%s%s-%s", a, b, common_last[zipf_pick(NELEM(common_last))]);
    else
        snprintf(out, size, "%s%s", a, b);
}

/* ---- vocabularies ------------------------------------------------------------ */

static const weighted operators[] = {
    {"caf", 22},    {"cpam", 18},        {"france-titres", 16},
    {"dgfip", 14},  {"retraite", 10},    {"france-travail", 6},
    {"msa", 4},     {"agirc-arrco", 3},  {"la-poste", 2},
    {"justice", 2}, {"france-renov", 2}, {"cheque-energie", 1},
    {"", 4}, /* none of the national partners */
    {NULL, 0},
};
static const weighted channels[] = {
    {"accueil-spontane", 58}, {"accueil-sur-rdv", 12}, {"telephone", 20}, {"courriel", 5},
    {"itinerance", 3},        {"domicile", 1},         {"visio", 1},      {NULL, 0},
};
static const weighted helps[] = {
    {"information", 48}, {"accompagnement", 44}, {"orientation", 8}, {NULL, 0}};
static const weighted autonomies[] = {
    {"entierement-accompagne", 35}, {"partiellement-autonome", 40}, {"autonome", 25}, {NULL, 0}};

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
        {"", "logement", "etranger"},
    };
    for (size_t i = 0; i < NELEM(map); i++)
        if (strcmp(map[i].op, op) == 0)
            return below(3) ? map[i].f1 : map[i].f2;
    return "social";
}

static const char *const comments[] = {
    "Revient avec l'avis d'imposition",
    "Dossier incomplet : manque le RIB",
    "Rappeler la semaine prochaine",
    "Mot de passe réinitialisé",
    "Compte créé, identifiants notés sur papier",
    "Pièces scannées et envoyées",
    "Demande transmise au partenaire",
    "Aidé pour la prise de rendez-vous en ligne",
};

static const char *const note_texts[] = {
    "Situation de logement fragile : impayés depuis trois mois, propriétaire informé.\n"
    "Orientation vers l'ADIL envisagée.",
    "Personne isolée, difficultés de lecture ; préfère être appelée le matin.",
    "Dossier de surendettement en cours, rendez-vous avec la Banque de France le mois prochain.",
    "Violences conjugales évoquées : numéro 3919 donné, assistante sociale prévenue avec accord.",
    "Titre de séjour expiré, récépissé demandé ; rappeler après le passage en préfecture.",
    "Suivi RSA : contrat d'engagement à renouveler, pièces déjà rassemblées.",
    "Santé : reconnaissance MDPH en cours, dossier à compléter avec le médecin traitant.",
};

/* ---- dates ------------------------------------------------------------------- */

/* the calendar is clock.h's: clock_days_from_civil, clock_civil_from_days,
 * clock_date_format */

static int weekday(int64_t day) /* 0 = Monday */
{
    return (int)(((day % 7) + 7 + 3) % 7);
}

/* UTC instant of a local wall time on a day (minutes after midnight) */
static int64_t at_local(int64_t day, int minutes)
{
    int y, m, d;
    clock_civil_from_days(day, &y, &m, &d);
    int64_t t = 0;
    while (clock_from_local(y, m, d, minutes / 60, minutes % 60, &t) != 0)
        minutes += 60; /* the spring-forward hour does not exist */
    return t;
}

static double day_weight(int64_t day, int64_t first, int64_t last)
{
    int y, m, d, wd = weekday(day);
    clock_civil_from_days(day, &y, &m, &d);
    if (wd == 6)
        return 0;
    static const int holidays[][2] = {{1, 1},  {5, 1},  {5, 8},   {7, 14},
                                      {8, 15}, {11, 1}, {11, 11}, {12, 25}};
    for (size_t i = 0; i < NELEM(holidays); i++)
        if (holidays[i][0] == m && holidays[i][1] == d)
            return 0;
    double w = wd == 5 ? 0.3 : wd == 0 ? 1.25 : 1.0; /* Saturday mornings, busy Mondays */
    if (m == 8)
        w *= 0.55;
    if (m == 4 || m == 5)
        w *= 1.25; /* income tax returns */
    double growth = 0.6 + 0.6 * (double)(day - first) / (double)(last - first + 1);
    return w * growth;
}

/* ---- the run --------------------------------------------------------------------- */

static g_db *db;
static g_config cfg;
static int ops;
static int64_t agent_ids[8];
static int nagents;
static int64_t conseiller_ids[4];
static int nconseillers;
static int64_t responsable_id;

static void die(const char *what, const g_error *err)
{
    fprintf(stderr, "bench_gen: %s: %s\n", what, err ? err->msg : "");
    exit(1);
}

static void check(g_status s, const char *what, const g_error *err)
{
    if (s != G_OK)
        die(what, err);
}

static void tx_begin(void)
{
    g_error err = {0};
    check(db_begin(db, &err), "begin", &err);
    ops = 0;
}

static void tx_commit(void)
{
    g_error err = {0};
    check(db_commit(db, &err), "commit", &err);
}

/* every BATCH actions, commit and start a new outer transaction */
static void tick(void)
{
    if (++ops >= BATCH) {
        tx_commit();
        tx_begin();
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(const char *what, long done, long total, double t0)
{
    if (!O.quiet)
        fprintf(stderr, "\rbench_gen: %-13s %9ld / %-9ld %6.1f s", what, done, total, now_s() - t0);
}

static void progress_end(void)
{
    if (!O.quiet)
        fprintf(stderr, "\n");
}

static void make_users(void)
{
    static const struct {
        const char *login, *name;
        user_role role;
    } users[] = {
        {"responsable", "Sophie Lefèvre", ROLE_RESPONSABLE},
        {"accueil1", "Agathe Martin", ROLE_ACCUEIL},
        {"accueil2", "Noël Dubois-Ménard", ROLE_ACCUEIL},
        {"accueil3", "Inès Haddad", ROLE_ACCUEIL},
        {"conseiller1", "Karim Benali", ROLE_CONSEILLER},
        {"conseiller2", "Élise Moreau", ROLE_CONSEILLER},
        {"conseiller3", "Jean-Pierre N'Diaye", ROLE_CONSEILLER},
    };
    g_error err = {0};
    for (size_t i = 0; i < NELEM(users); i++) {
        int64_t id;
        check(user_add(db, &cfg, 0, users[i].login, users[i].name, users[i].role, BENCH_PASSWORD,
                       &id, &err),
              "user_add", &err);
        if (users[i].role != ROLE_RESPONSABLE)
            agent_ids[nagents++] = id;
        else
            responsable_id = id;
        if (users[i].role == ROLE_CONSEILLER)
            conseiller_ids[nconseillers++] = id;
    }
    char recovery[RECOVERY_TEXT_SIZE];
    check(team_site_init(db, 0, recovery, &err), "team_site_init", &err);
    sodium_memzero(recovery, sizeof recovery);
}

/* the directory's services, in creation order, with their first theme (the
 * orientations' theme) */
static int64_t *service_ids;
static char (*service_theme)[96];
static long nservices_made;

static void make_services(void)
{
    static const char *const kinds[] = {
        "Épicerie solidaire",    "Centre communal d'action sociale",
        "Mission locale",        "Point justice",
        "Espace de vie sociale", "Secours populaire",
        "Restos du cœur",        "Association d'aide à domicile",
        "Conseil départemental", "ADIL",
        "Maison de santé",       "Atelier numérique",
        "Auto-école sociale",    "Banque alimentaire",
        "Chantier d'insertion",
    };
    static const char *const themes[] = {
        "equipement-et-alimentation--alimentation",
        "logement-hebergement--louer-un-logement",
        "numerique--acceder-a-des-services-en-ligne",
        "sante--acces-aux-soins",
        "mobilite--preparer-un-permis",
        "trouver-un-emploi--repondre-a-des-offres-demploi",
        "difficultes-financieres--situation-dendettement-surendettement",
        "famille--soutien-a-la-parentalite-et-a-leducation",
    };
    g_error err = {0};
    double t0 = now_s();
    service_ids = malloc(((size_t)O.services + 1) * sizeof *service_ids);
    service_theme = malloc(((size_t)O.services + 1) * sizeof *service_theme);
    tx_begin();
    for (long i = 0; i < O.services; i++) {
        g_service s;
        memset(&s, 0, sizeof s);
        int c = pick_commune();
        const char *k = kinds[below(NELEM(kinds))];
        snprintf(s.source, sizeof s.source, "local");
        snprintf(s.source_id, sizeof s.source_id, "bench-%ld", i + 1);
        snprintf(s.name, sizeof s.name, "%s de %s%s", k, tail_a[below(NELEM(tail_a))],
                 tail_b[below(NELEM(tail_b))]);
        snprintf(s.structure, sizeof s.structure, "%s", k);
        snprintf(s.description, sizeof s.description,
                 "%s : accueil, information et accompagnement des habitants du secteur, sur "
                 "place ou par téléphone.",
                 k);
        snprintf(s.postal_code, sizeof s.postal_code, "%s", communes[c].postal);
        snprintf(s.insee, sizeof s.insee, "%s", communes[c].insee);
        snprintf(s.commune, sizeof s.commune, "Commune %s", communes[c].insee);
        snprintf(s.address, sizeof s.address, "%ld rue de la Mairie", 1 + below(40));
        snprintf(s.phone, sizeof s.phone, "03 86 %02ld %02ld %02ld", below(100), below(100),
                 below(100));
        snprintf(s.hours, sizeof s.hours, "Mo-Fr 09:00-12:00,14:00-17:00");
        snprintf(s.modes, sizeof s.modes, "en-presentiel");
        snprintf(s.fees, sizeof s.fees, "gratuit");
        s.ntheme = 1 + (int)below(2);
        for (int t = 0; t < s.ntheme; t++)
            snprintf(s.themes[t], sizeof s.themes[t], "%s", themes[(i + (long)t * 3) % 8]);
        check(directory_save(db, 0, &s, &err), "directory_save", &err);
        service_ids[nservices_made] = s.id;
        snprintf(service_theme[nservices_made++], sizeof *service_theme, "%s", s.themes[0]);
        tick();
    }
    tx_commit();
    progress("services", O.services, O.services, t0);
    progress_end();
}

/* ---- visitors and requests ------------------------------------------------------ */

static int64_t *visitor_ids; /* in creation order */
typedef struct profile {
    char sex[16];
    char birth[11];
    char commune[6];
} profile;
static profile *profiles; /* parallel to visitor_ids (for requests written in SQL) */
static long nvisitors_made;
static long *visitors_by_day; /* files existing at the end of each day (index from first) */

static void new_visitor(int64_t day, int64_t when, int64_t actor)
{
    visitor v;
    visitor_init(&v);
    g_error err = {0};
    int female = chance(0.54);
    last_name(v.last_name, sizeof v.last_name);
    const char *const *names = female ? women : men;
    size_t nn = female ? NELEM(women) : NELEM(men);
    if (chance(0.92)) {
        if (chance(0.25))
            snprintf(v.first_names, sizeof v.first_names, "%s %s", names[zipf_pick(nn)],
                     names[below((long)nn)]);
        else
            snprintf(v.first_names, sizeof v.first_names, "%s", names[zipf_pick(nn)]);
    }
    if (female && chance(0.3)) { /* married name in use, birth name kept */
        snprintf(v.birth_name, sizeof v.birth_name, "%s", v.last_name);
        last_name(v.last_name, sizeof v.last_name);
    }
    snprintf(v.sex, sizeof v.sex, "%s", chance(0.97) ? (female ? "F" : "M") : "non-communique");
    if (chance(0.85)) {
        int y, m, d;
        clock_civil_from_days(day, &y, &m, &d);
        int age = 18 + (int)(unif() * unif() * 70.0) + (int)below(8);
        snprintf(v.birth_date, sizeof v.birth_date, "%04d-%02ld-%02ld", y - age, 1 + below(12),
                 1 + below(28));
    }
    if (chance(0.9)) {
        int c = pick_commune();
        snprintf(v.commune, sizeof v.commune, "%s", communes[c].insee);
        snprintf(v.postal_code, sizeof v.postal_code, "%s", communes[c].postal);
    }
    if (chance(0.7)) {
        if (chance(0.8))
            snprintf(v.phone, sizeof v.phone, "0%ld %02ld %02ld %02ld %02ld", 6 + below(2),
                     below(100), below(100), below(100), below(100));
        else
            snprintf(v.phone, sizeof v.phone, "03 86 %02ld %02ld %02ld", below(100), below(100),
                     below(100));
        if (chance(0.4))
            snprintf(v.preferred_contact, sizeof v.preferred_contact, "%s",
                     chance(0.5) ? "telephone" : "sms");
    }
    if (chance(0.25))
        snprintf(v.email, sizeof v.email, "usager%ld@example.org", nvisitors_made + 1);
    v.needs_digital_help = chance(0.35);
    v.reading_difficulty = chance(0.08);
    v.no_french = chance(0.04);
    v.disability = chance(0.05);
    if (v.no_french)
        snprintf(v.language, sizeof v.language, "%s", chance(0.5) ? "arabe" : "anglais");
    if (chance(0.8)) {
        clock_date_format(day, v.consent_date);
        snprintf(v.consent_kind, sizeof v.consent_kind, "%s", chance(0.85) ? "oral" : "ecrit");
    }
    clock_set(when);
    if (visitor_save(db, actor, &v, &err) != G_OK) {
        fprintf(stderr, "\nbench_gen: visitor « %s %s » %s\n", v.last_name, v.first_names, v.phone);
        die("visitor_save", &err);
    }
    profile *pr = &profiles[nvisitors_made];
    snprintf(pr->sex, sizeof pr->sex, "%s", v.sex);
    snprintf(pr->birth, sizeof pr->birth, "%.10s", v.birth_date); /* YYYY-MM-DD or "" */
    snprintf(pr->commune, sizeof pr->commune, "%.5s", v.commune);
    visitor_ids[nvisitors_made++] = v.id;
}

/* index in visitor_ids of someone coming back, -1 when nobody exists yet */
static long returning_index(void)
{
    if (nvisitors_made == 0)
        return -1;
    long n = nvisitors_made;
    if (chance(0.5)) { /* people come back within months */
        long recent = n < 3000 ? n : 3000;
        return n - 1 - below(recent);
    }
    return below(n);
}

static int64_t returning_visitor(void)
{
    long i = returning_index();
    return i < 0 ? 0 : visitor_ids[i];
}

static void fill_log(visit_log *log)
{
    visit_log_init(log);
    snprintf(log->channel, sizeof log->channel, "%s", pick(channels));
    snprintf(log->help_type, sizeof log->help_type, "%s", pick(helps));
    snprintf(log->autonomy, sizeof log->autonomy, "%s", pick(autonomies));
    int info = strcmp(log->help_type, "information") == 0;
    int orient = strcmp(log->help_type, "orientation") == 0;
    log->n_topics = chance(0.75) ? 1 : chance(0.8) ? 2 : 3;
    for (int i = 0; i < log->n_topics; i++) {
        visit_topic *t = &log->topics[i];
        const char *op = pick(operators);
        snprintf(t->operator_code, sizeof t->operator_code, "%s", op);
        if (!info || !*op || chance(0.6))
            snprintf(t->family, sizeof t->family, "%s", family_for(op));
    }
    if (orient)
        snprintf(log->outcome, sizeof log->outcome, "oriente");
    else
        snprintf(log->outcome, sizeof log->outcome, "%s",
                 chance(0.72)  ? "resolu"
                 : chance(0.6) ? "a-suivre"
                               : "rdv-pris");
    log->duration_min = info     ? 2 + (int)below(9)
                        : orient ? 5 + (int)below(16)
                                 : 10 + (int)below(51);
    if (chance(0.1))
        snprintf(log->comment, sizeof log->comment, "%s", comments[below(NELEM(comments))]);
}

static int arrival_minute(void)
{
    /* 08:30–17:30, fewer people at lunch time */
    for (;;) {
        int m = 510 + (int)below(540);
        if (m >= 720 && m < 810 && chance(0.6))
            continue;
        return m;
    }
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* One request of a past day: known or anonymous, closed or left. */
/* Requests written with prepared INSERTs (the default): exactly the rows
 * visit_record and visit_arrive + visit_left write (visit.c: insert_finished
 * or insert_visit, insert_topics, last_visit_at), the log validated by
 * visit_log_validate, the profile snapshot as visitor_profile takes it —
 * without re-preparing six statements per request (the core prepares each
 * statement at each call, which costs ~400 µs a request here: a million of
 * them would take 7 minutes instead of one). --requests-via-core uses
 * visit_record itself. */
static int requests_via_core;
static sqlite3_stmt *st_visit, *st_topic, *st_last;

static void sql_prepare(void)
{
    sqlite3 *h = db_sql(db);
    if (sqlite3_prepare_v2(
            h,
            "INSERT INTO visit (uuid, visitor_id, sex, age_band, commune, arrived_at,"
            " started_at, ended_at, state, agent_id, created_by, channel, help_type,"
            " autonomy, duration_min, outcome, comment, created_at, updated_at)"
            " VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
            " ?13, ?14, ?15, ?16, ?17, ?18, ?18)",
            -1, &st_visit, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h,
                           "INSERT INTO visit_topic (visit_id, position, operator, family, theme)"
                           " VALUES (?1, ?2, nullif(?3, ''), nullif(?4, ''), nullif(?5, ''))",
                           -1, &st_topic, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(
            h, "UPDATE visitor SET last_visit_at = max(last_visit_at, ?1) WHERE id = ?2", -1,
            &st_last, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_gen: %s\n", sqlite3_errmsg(h));
        exit(1);
    }
}

static void sql_step(sqlite3_stmt *st)
{
    if (sqlite3_step(st) != SQLITE_DONE) {
        fprintf(stderr, "bench_gen: %s\n", sqlite3_errmsg(db_sql(db)));
        exit(1);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

static void text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void sql_request(long vindex, const visit_anon *anon, const visit_log *log, int left,
                        int64_t arrived, int64_t ended, int64_t agent)
{
    char uuid[37], day[11];
    uuid_new(uuid);
    int64_t vid = vindex >= 0 ? visitor_ids[vindex] : 0;
    const char *sex = "non-communique", *band = "non-communique", *commune = "";
    if (vindex >= 0) {
        const profile *pr = &profiles[vindex];
        agenda_day_of(arrived, day);
        sex = pr->sex;
        band = ref_age_band(pr->birth[0] ? pr->birth : NULL, day);
        commune = pr->commune;
    } else {
        if (anon->sex[0])
            sex = anon->sex;
        if (anon->age_band[0])
            band = anon->age_band;
        commune = anon->commune;
    }
    sqlite3_stmt *st = st_visit;
    text(st, 1, uuid);
    sqlite3_bind_int64(st, 2, vid);
    text(st, 3, sex);
    text(st, 4, band);
    text(st, 5, commune);
    sqlite3_bind_int64(st, 6, arrived);
    if (left) {
        sqlite3_bind_null(st, 7);
        sqlite3_bind_int64(st, 8, ended);
        text(st, 9, "parti");
        sqlite3_bind_null(st, 10);
        text(st, 12, "accueil-spontane");
        for (int i = 13; i <= 16; i++)
            sqlite3_bind_null(st, i);
        text(st, 17, "");
    } else {
        sqlite3_bind_int64(st, 7, arrived);
        sqlite3_bind_int64(st, 8, ended);
        text(st, 9, "termine");
        sqlite3_bind_int64(st, 10, agent);
        text(st, 12, log->channel);
        text(st, 13, log->help_type);
        text(st, 14, log->autonomy);
        sqlite3_bind_int(st, 15, log->duration_min);
        text(st, 16, log->outcome);
        text(st, 17, log->comment);
    }
    sqlite3_bind_int64(st, 11, agent);
    sqlite3_bind_int64(st, 18, ended);
    sql_step(st);
    int64_t id = sqlite3_last_insert_rowid(db_sql(db));
    for (int i = 0; !left && i < log->n_topics; i++) {
        const visit_topic *t = &log->topics[i];
        sqlite3_bind_int64(st_topic, 1, id);
        sqlite3_bind_int(st_topic, 2, i);
        text(st_topic, 3, t->operator_code);
        text(st_topic, 4, t->family);
        text(st_topic, 5, t->theme);
        sql_step(st_topic);
    }
    if (vid > 0) {
        sqlite3_bind_int64(st_last, 1, arrived);
        sqlite3_bind_int64(st_last, 2, vid);
        sql_step(st_last);
    }
}

/* One request of a past day: known or anonymous, closed or left. */
static void one_request(int64_t day, int minute, long *known_left)
{
    g_error err = {0};
    int64_t arrive = at_local(day, minute) + below(60);
    int64_t agent = agent_ids[below(nagents)];
    long vindex = -1;
    int anonymous = chance(0.25) || O.visitors == 0;
    if (!anonymous) {
        double p_new =
            *known_left > 0 ? (double)(O.visitors - nvisitors_made) / (double)*known_left : 1.0;
        if (nvisitors_made < O.visitors && (nvisitors_made == 0 || chance(p_new))) {
            new_visitor(day, arrive - 30, agent);
            vindex = nvisitors_made - 1;
        } else {
            vindex = returning_index();
        }
        (*known_left)--;
    }
    int64_t vis = vindex >= 0 ? visitor_ids[vindex] : 0;
    visit_anon anon;
    memset(&anon, 0, sizeof anon);
    if (anonymous && chance(0.6)) {
        snprintf(anon.sex, sizeof anon.sex, "%s", chance(0.55) ? "F" : "M");
        snprintf(anon.age_band, sizeof anon.age_band, "%s", ref_age_bands[below(6)]);
        snprintf(anon.commune, sizeof anon.commune, "%s", communes[pick_commune()].insee);
    }
    if (chance(0.03)) { /* left before being seen */
        int64_t id, gone = arrive + 600 + below(1800);
        if (!requests_via_core) {
            sql_request(vindex, &anon, NULL, 1, arrive, gone, agent);
            return;
        }
        clock_set(arrive);
        check(visit_arrive(db, agent, vis, &anon, NULL, &id, &err), "visit_arrive", &err);
        clock_set(gone);
        check(visit_left(db, agent, id, &err), "visit_left", &err);
        return;
    }
    visit_log log;
    fill_log(&log);
    int64_t end = arrive + 60 * log.duration_min + below(300);
    if (!requests_via_core) {
        check(visit_log_validate(&log, &err), "visit_log_validate", &err);
        sql_request(vindex, &anon, &log, 0, end - 60 * log.duration_min, end, agent);
        return;
    }
    clock_set(end);
    if (visit_record(db, agent, vis, anonymous ? &anon : NULL, &log, NULL, &err) != G_OK)
        die("visit_record", &err);
}

static void make_requests(int64_t first, int64_t today)
{
    long ndays = (long)(today - first);
    double *w = malloc((size_t)ndays * sizeof *w), total = 0;
    for (long i = 0; i < ndays; i++)
        total += (w[i] = day_weight(first + i, first, today - 1));
    long today_count = O.requests >= 2000 ? 24 : O.requests / 100;
    long hist = O.requests - today_count;
    long known_left = (long)((double)hist * 0.75); /* estimate, corrected as we go */
    visitors_by_day = calloc((size_t)ndays + 1, sizeof *visitors_by_day);
    visitor_ids = malloc(((size_t)O.visitors + 1) * sizeof *visitor_ids);
    profiles = malloc(((size_t)O.visitors + 1) * sizeof *profiles);
    int *minutes = malloc(4096 * sizeof *minutes);
    sql_prepare();
    double acc = 0;
    long made = 0;
    double t0 = now_s();
    tx_begin();
    for (long i = 0; i < ndays; i++) {
        acc += w[i];
        long upto = (long)llround((double)hist * acc / total);
        int n = (int)(upto - made);
        if (n > 4096)
            n = 4096;
        for (int k = 0; k < n; k++)
            minutes[k] = arrival_minute();
        qsort(minutes, (size_t)n, sizeof *minutes, cmp_int);
        for (int k = 0; k < n; k++) {
            one_request(first + i, minutes[k], &known_left);
            tick();
        }
        made += n;
        visitors_by_day[i] = nvisitors_made;
        if (i % 64 == 0)
            progress("demandes", made, O.requests, t0);
    }
    /* today: a morning's queue at 10:30 */
    g_error err = {0};
    int64_t t_open = at_local(today, 510);
    for (long k = 0; k < today_count; k++) {
        int64_t when = t_open + (int64_t)k * (7200 / (today_count ? today_count : 1));
        int64_t agent = agent_ids[below(nagents)];
        int64_t vis = nvisitors_made && chance(0.7) ? returning_visitor() : 0;
        int64_t id;
        clock_set(when);
        if (visit_arrive(db, agent, vis, NULL, chance(0.2) ? "accueil-sur-rdv" : NULL, &id, &err) !=
            G_OK) {
            g_err_clear(&err);
            continue; /* the same person twice in the queue */
        }
        if (k < today_count - 5) { /* seen and closed */
            visit_log log;
            fill_log(&log);
            log.duration_min = -1;
            snprintf(log.channel, sizeof log.channel, "accueil-spontane");
            clock_set(when + 300);
            check(visit_take(db, agent, id, &err), "visit_take", &err);
            clock_set(when + 900);
            check(visit_close(db, agent, id, &log, &err), "visit_close", &err);
        } else if (k < today_count - 3) { /* being helped */
            clock_set(when + 120);
            check(visit_take(db, agent, id, &err), "visit_take", &err);
        } /* else: waiting */
        made++;
    }
    visitors_by_day[ndays] = nvisitors_made;
    tx_commit();
    sqlite3_finalize(st_visit);
    sqlite3_finalize(st_topic);
    sqlite3_finalize(st_last);
    progress("demandes", made, O.requests, t0);
    progress_end();
    free(w);
    free(minutes);
}

/* ---- agenda ------------------------------------------------------------------------------ */

typedef struct gen_motif {
    const char *name, *op;
    int minutes, capacity;
    int64_t id;
} gen_motif;

static gen_motif motifs[] = {
    {"Dossier CAF (RSA, prime d'activité, APL)", "caf", 30, 1, 0},
    {"Rendez-vous téléphonique CAF", "caf", 20, 1, 0},
    {"Compte ameli et carte Vitale", "cpam", 30, 1, 0},
    {"Conciliation (voisinage, consommation)", "justice", 45, 1, 0},
    {"Accompagnement aux démarches en ligne", NULL, 45, 1, 0},
    {"Déclaration de revenus", "dgfip", 30, 1, 0},
    {"Atelier numérique : créer son compte ameli", "cpam", 120, 8, 0},
    {"Dossier de retraite", "retraite", 60, 1, 0},
    {"Inscription et actualisation France Travail", "france-travail", 30, 1, 0},
    {"Carte grise, permis, titres (ANTS)", "france-titres", 30, 1, 0},
    {"Entretien avec l'assistante sociale", NULL, 45, 1, 0},
};

typedef struct gen_resource {
    const char *kind, *name, *op;
    recur_freq freq;
    int interval;
    const char *byday;
    int am, pm; /* open in the morning (09:00–12:00), afternoon (13:30–17:00) */
    int motifs[3];
} gen_resource;

static const gen_resource permanences[] = {
    {"permanence", "CAF — permanence", "caf", RECUR_MONTHLY, 1, "2TU,4TU", 1, 1, {0, 1, -1}},
    {"permanence",
     "Assurance maladie — permanence",
     "cpam",
     RECUR_WEEKLY,
     1,
     "TH",
     0,
     1,
     {2, -1, -1}},
    {"permanence",
     "Conciliateur de justice",
     "justice",
     RECUR_MONTHLY,
     1,
     "1WE,3WE",
     1,
     0,
     {3, -1, -1}},
    {"permanence",
     "Finances publiques — permanence",
     "dgfip",
     RECUR_WEEKLY,
     1,
     "WE",
     1,
     1,
     {5, -1, -1}},
    {"permanence", "Carsat — retraite", "retraite", RECUR_MONTHLY, 1, "1FR,3FR", 1, 1, {7, -1, -1}},
    {"permanence",
     "France Travail — permanence",
     "france-travail",
     RECUR_WEEKLY,
     1,
     "MO",
     1,
     0,
     {8, -1, -1}},
    {"agent", "Assistante sociale du secteur", NULL, RECUR_WEEKLY, 1, "MO,FR", 0, 1, {10, -1, -1}},
    {"salle", "Salle numérique", NULL, RECUR_WEEKLY, 2, "WE", 0, 1, {6, -1, -1}},
};

typedef struct res_info {
    int64_t id;
    int motifs[3];
    int nmotifs;
} res_info;

static res_info resources[64];
static int nresources;

static int64_t add_availability(int64_t rid, const char *dtstart, recur_freq f, int interval,
                                const char *byday, int start, int end, const int *mot, int nm)
{
    agenda_availability a;
    memset(&a, 0, sizeof a);
    a.resource_id = rid;
    snprintf(a.rule.dtstart, sizeof a.rule.dtstart, "%s", dtstart);
    a.rule.start_min = start;
    a.rule.end_min = end;
    a.rule.freq = f;
    a.rule.interval = interval;
    snprintf(a.rule.byday, sizeof a.rule.byday, "%s", byday);
    for (int i = 0; i < nm; i++)
        a.motifs[a.nmotifs++] = motifs[mot[i]].id;
    int64_t id;
    g_error err = {0};
    check(agenda_availability_add(db, 0, &a, &id, &err), "agenda_availability_add", &err);
    return id;
}

static void add_resource(const char *kind, const char *name, const char *op, int64_t user,
                         recur_freq f, int interval, const char *byday, int am, int pm,
                         const int *mot, const char *dtstart)
{
    agenda_resource r;
    memset(&r, 0, sizeof r);
    snprintf(r.kind, sizeof r.kind, "%s", kind);
    snprintf(r.name, sizeof r.name, "%s", name);
    snprintf(r.operator_code, sizeof r.operator_code, "%s", op ? op : "");
    snprintf(r.place, sizeof r.place, "Bureau %d", 1 + nresources % 4);
    r.user_id = user;
    r.active = 1;
    g_error err = {0};
    res_info *ri = &resources[nresources++];
    check(agenda_resource_add(db, 0, &r, &ri->id, &err), "agenda_resource_add", &err);
    for (int i = 0; i < 3 && mot[i] >= 0; i++)
        ri->motifs[ri->nmotifs++] = mot[i];
    if (am)
        add_availability(ri->id, dtstart, f, interval, byday, 540, 720, ri->motifs, ri->nmotifs);
    if (pm)
        add_availability(ri->id, dtstart, f, interval, byday, 810, 1020, ri->motifs, ri->nmotifs);
}

static int cmp_opening(const void *a, const void *b)
{
    const agenda_opening *x = a, *y = b;
    return (x->start_at > y->start_at) - (x->start_at < y->start_at);
}

static res_info *resource_of(int64_t id)
{
    for (int i = 0; i < nresources; i++)
        if (resources[i].id == id)
            return &resources[i];
    return NULL;
}

static void make_agenda(int64_t first, int64_t today)
{
    g_error err = {0};
    char dtstart[11], from[11], to[11];
    clock_date_format(first, dtstart);
    clock_set(at_local(first, 480) - 86400 * 30);
    tx_begin();
    for (size_t i = 0; i < NELEM(motifs); i++) {
        agenda_motif m;
        memset(&m, 0, sizeof m);
        snprintf(m.name, sizeof m.name, "%s", motifs[i].name);
        snprintf(m.operator_code, sizeof m.operator_code, "%s", motifs[i].op ? motifs[i].op : "");
        m.duration_min = motifs[i].minutes;
        snprintf(m.place, sizeof m.place, "%s",
                 strstr(motifs[i].name, "téléphonique") ? "telephone" : "sur-place");
        m.capacity = motifs[i].capacity;
        m.active = 1;
        check(agenda_motif_add(db, 0, &m, &motifs[i].id, &err), "agenda_motif_add", &err);
    }
    if (O.appointments > 0) {
        for (size_t i = 0; i < NELEM(permanences); i++) {
            const gen_resource *p = &permanences[i];
            add_resource(p->kind, p->name, p->op, 0, p->freq, p->interval, p->byday, p->am, p->pm,
                         p->motifs, dtstart);
        }
    }
    /* the desk's own agents, as many as the volume of appointments needs:
     * each is open Monday to Friday (about 21 slots of 30–45 min a day) */
    long per_agent = (long)((double)(today - first) * 5.0 / 7.0 * 0.75 * 18.0 * 0.7);
    long want_agents =
        O.appointments > 0 ? 1 + O.appointments / (per_agent > 0 ? per_agent : 1) : 0;
    if (want_agents > 24)
        want_agents = 24;
    static const int agent_motifs[] = {4, 9, 5};
    for (long i = 0; i < want_agents; i++) {
        char name[64];
        snprintf(name, sizeof name, "Conseiller France services %ld", i + 1);
        add_resource("agent", name, NULL, agent_ids[i % nagents], RECUR_WEEKLY, 1, "MO,TU,WE,TH,FR",
                     1, 1, agent_motifs, dtstart);
    }
    tx_commit();
    if (O.appointments <= 0)
        return;

    /* every opening of ten years and four weeks ahead, then slots booked at
     * random with the probability that gives the wanted count */
    int64_t horizon = today + 28;
    agenda_opening *op = NULL;
    size_t nop = 0, cap = 0;
    for (int64_t d = first; d <= horizon; d += 365) { /* recur_expand: ten years at most */
        agenda_opening *part;
        size_t npart;
        clock_date_format(d, from);
        clock_date_format(d + 364 < horizon ? d + 364 : horizon, to);
        check(agenda_openings(db, 0, from, to, &part, &npart, &err), "agenda_openings", &err);
        if (nop + npart > cap) {
            cap = (nop + npart) * 2;
            op = realloc(op, cap * sizeof *op);
        }
        if (npart)
            memcpy(op + nop, part, npart * sizeof *part);
        nop += npart;
        free(part);
    }
    qsort(op, nop, sizeof *op, cmp_opening);
    /* each opening's expected bookings if every slot were taken, weighted
     * (the coming weeks fill up as they come closer); booking with
     * probability remaining / (weighted slots left) spreads the wanted count
     * evenly over the ten years and ends on it */
    int64_t now_at = at_local(today, 630);
    double *left = malloc((nop + 1) * sizeof *left), *fac = malloc((nop + 1) * sizeof *fac);
    left[nop] = 0;
    for (size_t i = nop; i-- > 0;) {
        res_info *ri = resource_of(op[i].resource_id);
        double avg = 0;
        for (int k = 0; k < ri->nmotifs; k++)
            avg += motifs[ri->motifs[k]].minutes * (motifs[ri->motifs[k]].capacity > 1 ? 0.2 : 1);
        avg /= ri->nmotifs;
        fac[i] = op[i].start_at > now_at
                     ? 1.1 - (double)(op[i].start_at - now_at) / (28.0 * 86400.0) * 0.8
                     : 1.0;
        left[i] = left[i + 1] + (double)(op[i].end_at - op[i].start_at) / 60.0 / avg * fac[i];
    }
    long booked = 0;
    double t0 = now_s();
    tx_begin();
    static const char *const origins[] = {"guichet", "telephone", "guichet", "partenaire"};
    for (size_t i = 0; i < nop && booked < O.appointments; i++) {
        res_info *ri = resource_of(op[i].resource_id);
        long vday = (long)(op[i].start_at / 86400 - first);
        if (vday < 0)
            vday = 0;
        long nvis = vday <= today - first ? visitors_by_day[vday] : nvisitors_made;
        if (vday > today - first)
            nvis = nvisitors_made;
        double pp = left[i] > 0 ? (double)(O.appointments - booked) / left[i] * fac[i] : 1;
        if (pp > 0.97)
            pp = 0.97;
        for (int64_t t = op[i].start_at; t < op[i].end_at && booked < O.appointments;) {
            const gen_motif *m = &motifs[ri->motifs[below(ri->nmotifs)]];
            int64_t end = t + 60 * m->minutes;
            if (end > op[i].end_at)
                break;
            if (chance(pp)) {
                int seats = m->capacity > 1 ? 3 + (int)below(m->capacity - 2) : 1;
                int64_t seated[8];
                for (int s = 0; s < seats && booked < O.appointments; s++) {
                    agenda_booking b = {ri->id, m->id, 0, t, origins[below(4)], NULL};
                    if (nvis > 0 && chance(0.93))
                        b.visitor_id = visitor_ids[below(nvis)];
                    for (int k = 0; k < s; k++) /* once in a workshop session */
                        if (seated[k] == b.visitor_id)
                            b.visitor_id = 0;
                    seated[s] = b.visitor_id;
                    agenda_book_result r;
                    clock_set(t - 86400 * (1 + below(30)));
                    /* a refusal would roll back the whole outer transaction
                     * (db_rollback aborts every nesting level): none may happen */
                    check(agenda_book_internal(db, 0, &b, 1, &r, &err), "agenda_book", &err);
                    booked++;
                    tick();
                    if (t >= now_at)
                        continue;
                    clock_set(end + 3600);
                    double u = unif();
                    int recent = now_at - t < 14 * 86400;
                    if (u < 0.09)
                        check(agenda_cancel(db, 0, r.id, "excuse", "Empêchement signalé", &err),
                              "agenda_cancel", &err);
                    else if (u < 0.11)
                        check(agenda_cancel(db, 0, r.id, "annule-service",
                                            "Permanence annulée par le partenaire", &err),
                              "agenda_cancel", &err);
                    else if (u < 0.19)
                        check(agenda_set_status(db, 0, r.id, "absent", &err), "agenda_set_status",
                              &err);
                    else if (!recent || u < 0.7)
                        check(agenda_set_status(db, 0, r.id, "honore", &err), "agenda_set_status",
                              &err);
                }
            }
            t = end;
        }
        if (i % 256 == 0)
            progress("rendez-vous", booked, O.appointments, t0);
    }
    tx_commit();
    progress("rendez-vous", booked, O.appointments, t0);
    progress_end();
    free(op);
    free(left);
    free(fac);
}

/* ---- notes ------------------------------------------------------------------------------ */

static void make_notes(int64_t today)
{
    if (O.notes_pct <= 0 || nvisitors_made == 0 || nconseillers == 0)
        return;
    g_error err = {0};
    g_session *sessions[4] = {0};
    for (int i = 0; i < nconseillers; i++) {
        char login[32];
        snprintf(login, sizeof login, "conseiller%d", i + 1);
        check(auth_login(db, &cfg, login, BENCH_PASSWORD, &sessions[i], &err), "auth_login", &err);
    }
    long want = nvisitors_made * O.notes_pct / 100;
    double t0 = now_s();
    int64_t end = at_local(today, 600);
    tx_begin();
    for (long i = 0; i < want; i++) {
        int64_t vid = visitor_ids[below(nvisitors_made)];
        int a = (int)below(nconseillers);
        int64_t readers[1];
        size_t nr = 0;
        note_level level = chance(0.6) ? NOTE_EQUIPE : NOTE_PRIVEE;
        if (level == NOTE_PRIVEE && nconseillers > 1 && chance(0.3))
            readers[nr++] = conseiller_ids[(a + 1) % nconseillers];
        clock_set(end - below(3650) * 86400);
        check(note_create(db, sessions[a], vid, level, note_texts[below(NELEM(note_texts))],
                          readers, nr, NULL, &err),
              "note_create", &err);
        tick();
        if (i % 256 == 0)
            progress("notes", i, want, t0);
    }
    tx_commit();
    progress("notes", want, want, t0);
    progress_end();
    for (int i = 0; i < nconseillers; i++)
        auth_session_free(sessions[i]);
}

/* ---- follow-ups: referents, orientations, files handed over, answers -------------------- */

/* Everything goes through the core (referent_add, referent_replace,
 * orientation_create, orientation_set_status, orientation_set_followup,
 * orientation_expire_due, escalation_create, escalation_set_status,
 * escalation_set_followup, escalation_expire_due, satisfaction_record), in
 * the order of time: the closed requests in the order they arrived, and a
 * queue of what comes later (a partner's answer, an agent moving a
 * follow-up date, a referent replaced), each at its moment on the clock;
 * every day's first action is preceded by the expiries the home screen
 * runs when it opens in the morning. What has not happened by the bench's
 * "today" (10:30) stays open: the follow-up lists are those of a real
 * morning. The rates, at --followups 100 (each is scaled by it, a
 * probability at most 1: above 100, orientations stay at one per oriented
 * request and a second for a quarter of them):
 *  - an orientation for every request of a known visitor oriented
 *    (outcome « orienté »), a second one for a quarter of them (half of
 *    these without request: made from the directory); 55 % validated,
 *    15 % refused, 30 % never answered (they expire after 30 days), the
 *    answer 1 to 25 days later; on the follow-up day, an orientation still
 *    waiting has its date moved a week later one time in two;
 *  - a file handed to the referent of the request's first partner (or of a
 *    local service) for 8.5 % of the known visitors' requests « à suivre »
 *    (about 1 % of all); 10 % never answered (expire), 10 % refused, 45 %
 *    solved, 35 % answered first (a new follow-up date ten days on), most
 *    of these solved or refused later, 14 % of them never closed (the
 *    « Réponse reçue » an agent forgets: they stay in « transmis à
 *    relancer » for years, as on the tester's base);
 *  - the referents of eight partners and three local services, replaced
 *    over the years (a replacement at the Assurance maladie entered ahead,
 *    starting after "today");
 *  - a satisfaction answer for 5 % of the closed requests;
 *  - one person followed for the whole period (the first file with a
 *    phone): 45 orientations and 30 files handed over besides their
 *    requests' (the bench opens that file). */

typedef struct gen_referent {
    const char *op; /* operator code, NULL = a local service */
    int service;    /* index of the service (local referents) */
    const char *name, *role, *phone, *email, *channel, *days;
    double from;  /* start: a fraction of the period (0 = its start), or > 1: days after today */
    int replaces; /* index of the referent replaced, -1 = none */
} gen_referent;

static const gen_referent gen_referents[] = {
    {"caf", 0, "Claire Dubois", "Référente partenaires France Services, CAF", "03 86 00 01 01",
     "partenaires.fs@caf58.example", "portail partenaire", "Tu,Th 09:00-12:00", 0, -1},
    {"caf", 0, "Marc Petit", "Référent partenaires France Services, CAF", "03 86 00 01 02",
     "partenaires.fs@caf58.example", "portail partenaire", "Tu,Th 09:00-12:00", 0.32, 0},
    {"caf", 0, "Nadia Benhamou", "Référente partenaires France Services, CAF", "03 86 00 01 03",
     "partenaires.fs@caf58.example", "portail partenaire", "Mo,Tu,Th 09:00-12:00", 0.66, 1},
    {"cpam", 0, "Jean Moulin", "Correspondant France Services, CPAM", "03 86 00 02 01",
     "fs@cpam58.example", "adresse fonctionnelle", "Mo-Fr 09:00-12:00", 0, -1},
    {"cpam", 0, "Sabrina Lopes", "Correspondante France Services, CPAM", "03 86 00 02 02",
     "fs@cpam58.example", "adresse fonctionnelle", "Mo-Fr 09:00-12:00", 0.26, 3},
    {"cpam", 0, "Hugo Renard", "Correspondant France Services, CPAM", "03 86 00 02 03",
     "fs@cpam58.example", "adresse fonctionnelle", "Mo-Fr 09:00-12:00", 0.61, 4},
    {"cpam", 0, "Léa Fontaine", "Correspondante France Services, CPAM", "03 86 00 02 04",
     "fs@cpam58.example", "adresse fonctionnelle", "Mo-Fr 09:00-12:00", 15, 5},
    {"dgfip", 0, "Paul Garnier", "Référent France Services, SIP", "03 86 00 03 01",
     "sip@dgfip58.example", "ligne dédiée", "Mo,Th 14:00-16:00", 0, -1},
    {"dgfip", 0, "Inès Roux", "Référente France Services, SIP", "03 86 00 03 02",
     "sip@dgfip58.example", "ligne dédiée", "Mo,Th 14:00-16:00", 0.48, 7},
    {"france-titres", 0, "Thomas Lemaire", "Référent ANTS", "03 86 00 04 01", "fs@ants.example",
     "portail partenaire", "Mo-Fr 10:00-12:00", 0, -1},
    {"france-titres", 0, "Chloé Marchand", "Référente ANTS", "03 86 00 04 02", "fs@ants.example",
     "portail partenaire", "Mo-Fr 10:00-12:00", 0.43, 9},
    {"retraite", 0, "Bernard Colin", "Référent France Services, Carsat", "03 86 00 05 01",
     "fs@carsat.example", "adresse fonctionnelle", "Tu 09:00-12:00", 0, -1},
    {"retraite", 0, "Amélie Vidal", "Référente France Services, Carsat", "03 86 00 05 02",
     "fs@carsat.example", "adresse fonctionnelle", "Tu,Fr 09:00-12:00", 0.77, 11},
    {"france-travail", 0, "Karim Aït", "Conseiller référent France Travail", "03 86 00 06 01",
     "fs@francetravail.example", "ligne dédiée", "Mo-Fr 09:00-12:00", 0, -1},
    {"france-travail", 0, "Julie Perrin", "Conseillère référente France Travail", "03 86 00 06 02",
     "fs@francetravail.example", "ligne dédiée", "Mo-Fr 09:00-12:00", 0.76, 13},
    {"msa", 0, "Odile Mercier", "Référente France Services, MSA", "03 85 00 07 01",
     "fs@msa.example", "portail partenaire", "We 09:00-12:00", 0, -1},
    {"agirc-arrco", 0, "Yann Le Gall", "Référent Agirc-Arrco", "03 85 00 08 01",
     "fs@agirc-arrco.example", "adresse fonctionnelle", "Th 14:00-17:00", 0.16, -1},
    {NULL, 0, "Martine Girard", "Travailleuse sociale", "03 86 00 09 01", "ccas@virault.example",
     "ligne dédiée", "Mo-Fr 08:30-12:00", 0, -1},
    {NULL, 1, "Rémi Blanc", "Juriste", "03 86 00 10 01", "contact@adil.example",
     "adresse fonctionnelle", "We 14:00-17:00", 0, -1},
    {NULL, 1, "Sarah Cohen", "Juriste", "03 86 00 10 02", "contact@adil.example",
     "adresse fonctionnelle", "We,Fr 14:00-17:00", 0.63, 18},
    {NULL, 2, "Luc Fabre", "Animateur", "03 86 00 11 01", "evs@pelville.example", "ligne dédiée",
     "Mo-Fr 14:00-18:00", 0.07, -1},
};
#define N_REFERENTS NELEM(gen_referents)

static const char *const orient_reasons[] = {
    "Aide alimentaire d'urgence",
    "Recherche de logement",
    "Dossier de surendettement",
    "Accompagnement vers l'emploi",
    "Aide à domicile",
    "Rendez-vous avec l'assistante sociale",
    "Conseil juridique logement",
    "Atelier numérique",
    "Soutien à la parentalité",
    "Permis de conduire solidaire",
    "Bilan de santé",
    "Litige avec le bailleur",
};
static const weighted orient_contacts[] = {
    {"telephone", 60}, {"courriel", 20}, {"par-l-agent", 10}, {"autre", 10}, {NULL, 0}};
static const char *const escal_subjects[] = {
    "Dossier de prime d'activité bloqué",
    "Remboursement en attente depuis trois mois",
    "Erreur sur l'avis d'imposition",
    "Titre de séjour : rendez-vous introuvable",
    "Carte Vitale non reçue",
    "Pension de retraite : relevé de carrière incomplet",
    "Radiation à revoir",
    "Changement de situation non pris en compte",
    "Aide au logement suspendue",
    "Demande de complémentaire santé solidaire",
};
static const char *const escal_answers[] = {
    "Dossier débloqué, paiement sous 15 jours",
    "Pièce manquante demandée à la personne",
    "Situation régularisée",
    "Rendez-vous fixé avec un conseiller",
    "Demande transmise au service instructeur",
    "Droits recalculés, courrier envoyé",
};
static const char *const escal_refusals[] = {
    "Hors de notre compétence : voir la mairie",
    "Dossier à déposer par la personne elle-même",
    "Délai de recours dépassé",
};

/* the referents' periods (days) and ids once entered */
static struct {
    int64_t from, to; /* to: INT64_MAX while in post */
    int64_t id;
} fu_ref[N_REFERENTS];

typedef struct fu_orient {
    int64_t id, created, answer_at; /* answer_at 0 = never answered */
    int64_t agent;
    int outcome; /* 0 none, 1 validated, 2 refused */
} fu_orient;

/* plans of a file handed over */
enum { ES_NONE, ES_REFUSED, ES_SOLVED, ES_ANSWERED_SOLVED, ES_ANSWERED_REFUSED, ES_ANSWERED };

typedef struct fu_escal {
    int64_t id, created, answer_at; /* the first answer, 0 = never */
    int64_t agent;
    int plan;
} fu_escal;

enum {
    EV_REFERENT,
    EV_OR_ANSWER,
    EV_OR_POSTPONE,
    EV_ES_ANSWER,
    EV_ES_FINAL,
    EV_ES_POSTPONE,
    EV_HEAVY_OR,
    EV_HEAVY_ES
};

typedef struct fu_event {
    int64_t t;
    uint64_t seq;
    int kind;
    long idx;
} fu_event;

static fu_event *heap;
static size_t nheap, capheap;
static uint64_t heap_seq;
static fu_orient *fo;
static size_t nfo, capfo;
static fu_escal *fe;
static size_t nfe, capfe;
static int64_t fu_now;  /* the bench's "today", 10:30: nothing after it happens */
static double fu_scale; /* followups_pct / 100 */
static long fu_count[8];
enum {
    FC_ORIENT,
    FC_ORIENT_MOVES,
    FC_ESCAL,
    FC_ESCAL_MOVES,
    FC_ANSWERS,
    FC_REFERENTS,
    FC_POSTPONE,
    FC_EXPIRED
};

static int ev_before(const fu_event *a, const fu_event *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static void ev_push(int64_t t, int kind, long idx)
{
    if (t > fu_now)
        return; /* after the bench's "today": still to come */
    if (nheap == capheap) {
        capheap = capheap ? capheap * 2 : 1024;
        heap = realloc(heap, capheap * sizeof *heap);
    }
    fu_event e = {t, heap_seq++, kind, idx};
    size_t i = nheap++;
    while (i > 0 && ev_before(&e, &heap[(i - 1) / 2])) {
        heap[i] = heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    heap[i] = e;
}

static fu_event ev_pop(void)
{
    fu_event top = heap[0], last = heap[--nheap];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= nheap)
            break;
        if (c + 1 < nheap && ev_before(&heap[c + 1], &heap[c]))
            c++;
        if (!ev_before(&heap[c], &last))
            break;
        heap[i] = heap[c];
        i = c;
    }
    if (nheap)
        heap[i] = last;
    return top;
}

static int64_t local_day(int64_t t)
{
    char d[11];
    int64_t n = 0;
    agenda_day_of(t, d);
    clock_date_parse(d, &n);
    return n;
}

static int closed_day(int64_t day)
{
    int y, m, d;
    clock_civil_from_days(day, &y, &m, &d);
    static const int holidays[][2] = {{1, 1},  {5, 1},  {5, 8},   {7, 14},
                                      {8, 15}, {11, 1}, {11, 11}, {12, 25}};
    for (size_t i = 0; i < NELEM(holidays); i++)
        if (holidays[i][0] == m && holidays[i][1] == d)
            return 1;
    return weekday(day) == 6;
}

/* a moment of the desk's opening hours on `day` or the next open day */
static int64_t office_time(int64_t day)
{
    while (closed_day(day))
        day++;
    return at_local(day, 540 + (int)below(weekday(day) == 5 ? 180 : 480));
}

static long fu_new_orient(void)
{
    if (nfo == capfo) {
        capfo = capfo ? capfo * 2 : 4096;
        fo = realloc(fo, capfo * sizeof *fo);
    }
    memset(&fo[nfo], 0, sizeof *fo);
    return (long)nfo++;
}

static long fu_new_escal(void)
{
    if (nfe == capfe) {
        capfe = capfe ? capfe * 2 : 1024;
        fe = realloc(fe, capfe * sizeof *fe);
    }
    memset(&fe[nfe], 0, sizeof *fe);
    return (long)nfe++;
}

static double scaled(double p)
{
    p *= fu_scale;
    return p > 1 ? 1 : p;
}

/* An orientation of visitor vid (from request visit_id, 0 = none) at the
 * clock's time, and what will happen to it. */
static void fu_orient_create(int64_t vid, int64_t visit_id, int64_t agent)
{
    g_error err = {0};
    long s = nservices_made > 30 && chance(0.6) ? below(30) : below(nservices_made);
    orientation_new in = {vid,
                          visit_id,
                          service_ids[s],
                          service_theme[s],
                          orient_reasons[below(NELEM(orient_reasons))],
                          pick(orient_contacts),
                          NULL};
    long i = fu_new_orient();
    fu_orient *o = &fo[i];
    o->created = clock_now();
    o->agent = agent;
    check(orientation_create(db, &cfg, agent, &in, &o->id, &err), "orientation_create", &err);
    fu_count[FC_ORIENT]++;
    tick();
    double u = unif();
    o->outcome = u < 0.55 ? 1 : u < 0.70 ? 2 : 0;
    int64_t day = local_day(o->created);
    if (o->outcome) { /* the partner answers within 25 days (before the expiry) */
        o->answer_at = office_time(day + 1 + (int64_t)(unif() * unif() * 25.0));
        ev_push(o->answer_at, EV_OR_ANSWER, i);
    }
    ev_push(office_time(day + cfg.orientation.followup_days), EV_OR_POSTPONE, i);
}

/* the referent in post on `day` for operator op ("" or NULL: a local one) */
static int64_t fu_referent_for(const char *op, int64_t day)
{
    int local[N_REFERENTS], nlocal = 0;
    for (size_t r = 0; r < N_REFERENTS; r++) {
        if (!fu_ref[r].id || fu_ref[r].from > day || fu_ref[r].to < day)
            continue;
        if (op && op[0] && gen_referents[r].op && strcmp(gen_referents[r].op, op) == 0)
            return fu_ref[r].id;
        if (!gen_referents[r].op)
            local[nlocal++] = (int)r;
    }
    return nlocal ? fu_ref[local[below(nlocal)]].id : 0;
}

static void fu_escal_create(int64_t vid, int64_t visit_id, int64_t agent, const char *op)
{
    g_error err = {0};
    int64_t now = clock_now(), day = local_day(now);
    int64_t ref = fu_referent_for(op, day);
    if (!ref)
        return;
    escalation_new in = {vid, visit_id, ref, escal_subjects[below(NELEM(escal_subjects))], NULL};
    long i = fu_new_escal();
    fu_escal *e = &fe[i];
    e->created = now;
    e->agent = agent;
    check(escalation_create(db, &cfg, agent, &in, &e->id, &err), "escalation_create", &err);
    fu_count[FC_ESCAL]++;
    tick();
    double u = unif();
    e->plan = u < 0.10 ? ES_NONE : u < 0.20 ? ES_REFUSED : u < 0.65 ? ES_SOLVED : ES_ANSWERED;
    if (e->plan == ES_ANSWERED) {
        double v = unif();
        e->plan = v < 0.14 ? ES_ANSWERED : v < 0.90 ? ES_ANSWERED_SOLVED : ES_ANSWERED_REFUSED;
    }
    if (e->plan != ES_NONE) {
        e->answer_at = office_time(day + 2 + (int64_t)(unif() * 20.0));
        ev_push(e->answer_at, EV_ES_ANSWER, i);
    }
    ev_push(office_time(day + cfg.orientation.followup_days), EV_ES_POSTPONE, i);
}

static void fu_expire(int64_t day)
{
    g_error err = {0};
    int n = 0, m = 0;
    clock_set(at_local(day, 510)); /* the home screen opened in the morning */
    check(orientation_expire_due(db, &cfg, &n, &err), "orientation_expire_due", &err);
    check(escalation_expire_due(db, &cfg, &m, &err), "escalation_expire_due", &err);
    fu_count[FC_EXPIRED] += n + m;
    tick();
}

static void fu_referent(long r)
{
    const gen_referent *g = &gen_referents[r];
    referent x;
    referent_init(&x);
    g_error err = {0};
    snprintf(x.operator_code, sizeof x.operator_code, "%s", g->op ? g->op : "");
    if (!g->op)
        x.service_id = service_ids[g->service];
    snprintf(x.name, sizeof x.name, "%s", g->name);
    snprintf(x.role, sizeof x.role, "%s", g->role);
    snprintf(x.phone, sizeof x.phone, "%s", g->phone);
    snprintf(x.email, sizeof x.email, "%s", g->email);
    snprintf(x.channel, sizeof x.channel, "%s", g->channel);
    snprintf(x.days, sizeof x.days, "%s", g->days);
    clock_date_format(fu_ref[r].from, x.valid_from);
    if (g->replaces < 0)
        check(referent_add(db, responsable_id, &x, &err), "referent_add", &err);
    else {
        char from[11]; /* (referent_replace copies it into x.valid_from) */
        snprintf(from, sizeof from, "%s", x.valid_from);
        check(referent_replace(db, responsable_id, fu_ref[g->replaces].id, from, &x, &err),
              "referent_replace", &err);
        fu_ref[g->replaces].to = fu_ref[r].from - 1;
    }
    fu_ref[r].id = x.id;
    fu_count[FC_REFERENTS]++;
    tick();
}

static void fu_event_run(const fu_event *ev, int64_t heavy)
{
    g_error err = {0};
    char date[11];
    clock_set(ev->t);
    switch (ev->kind) {
    case EV_REFERENT:
        fu_referent(ev->idx);
        return;
    case EV_HEAVY_OR:
        fu_orient_create(heavy, 0, agent_ids[below(nagents)]);
        return;
    case EV_HEAVY_ES: {
        static const char *const heavy_ops[] = {"caf", "cpam", "dgfip"};
        fu_escal_create(heavy, 0, agent_ids[below(nagents)], heavy_ops[ev->idx % 3]);
        return;
    }
    case EV_OR_ANSWER: {
        fu_orient *o = &fo[ev->idx];
        long nrefusals = 0;
        while (orientation_refusals[nrefusals])
            nrefusals++;
        const char *refusal = o->outcome == 2 ? orientation_refusals[below(nrefusals)] : NULL;
        check(orientation_set_status(db, o->agent, o->id,
                                     o->outcome == 1 ? ORIENT_ACCEPTED : ORIENT_REFUSED, refusal,
                                     &err),
              "orientation_set_status", &err);
        fu_count[FC_ORIENT_MOVES]++;
        break;
    }
    case EV_OR_POSTPONE: { /* the follow-up day: no answer yet; moved a week on, or left */
        fu_orient *o = &fo[ev->idx];
        if ((o->answer_at && o->answer_at <= ev->t) || ev->t > o->created + 24 * 86400 ||
            !chance(0.5))
            return;
        clock_date_format(local_day(ev->t) + 7, date);
        check(orientation_set_followup(db, o->agent, o->id, date, &err), "orientation_set_followup",
              &err);
        fu_count[FC_POSTPONE]++;
        ev_push(office_time(local_day(ev->t) + 7), EV_OR_POSTPONE, ev->idx);
        break;
    }
    case EV_ES_ANSWER: {
        fu_escal *e = &fe[ev->idx];
        const char *answer = escal_answers[below(NELEM(escal_answers))];
        if (e->plan == ES_REFUSED) {
            check(escalation_set_status(db, e->agent, e->id, ESCAL_REFUSED,
                                        escal_refusals[below(NELEM(escal_refusals))], &err),
                  "escalation_set_status", &err);
        } else if (e->plan == ES_SOLVED) {
            check(escalation_set_status(db, e->agent, e->id, ESCAL_RESOLVED, answer, &err),
                  "escalation_set_status", &err);
        } else { /* answered: the case goes on, a new follow-up date */
            check(escalation_set_status(db, e->agent, e->id, ESCAL_ANSWERED, answer, &err),
                  "escalation_set_status", &err);
            tick();
            int64_t day = local_day(ev->t);
            clock_date_format(day + cfg.orientation.followup_days, date);
            check(escalation_set_followup(db, e->agent, e->id, date, &err),
                  "escalation_set_followup", &err);
            if (e->plan != ES_ANSWERED)
                ev_push(office_time(day + 3 + (int64_t)(unif() * 28.0)), EV_ES_FINAL, ev->idx);
        }
        fu_count[FC_ESCAL_MOVES]++;
        break;
    }
    case EV_ES_FINAL: {
        fu_escal *e = &fe[ev->idx];
        if (e->plan == ES_ANSWERED_REFUSED)
            check(escalation_set_status(db, e->agent, e->id, ESCAL_REFUSED,
                                        escal_refusals[below(NELEM(escal_refusals))], &err),
                  "escalation_set_status", &err);
        else
            check(escalation_set_status(db, e->agent, e->id, ESCAL_RESOLVED, "", &err),
                  "escalation_set_status", &err);
        fu_count[FC_ESCAL_MOVES]++;
        break;
    }
    case EV_ES_POSTPONE: { /* the follow-up day, still waiting for the referent */
        fu_escal *e = &fe[ev->idx];
        if ((e->answer_at && e->answer_at <= ev->t) || ev->t > e->created + 24 * 86400 ||
            !chance(0.5))
            return;
        clock_date_format(local_day(ev->t) + 7, date);
        check(escalation_set_followup(db, e->agent, e->id, date, &err), "escalation_set_followup",
              &err);
        fu_count[FC_POSTPONE]++;
        ev_push(office_time(local_day(ev->t) + 7), EV_ES_POSTPONE, ev->idx);
        break;
    }
    }
    tick();
}

/* Runs what the queue holds up to `t`, each day's expiries first. */
static int64_t fu_day_done;

static void fu_until(int64_t t, int64_t heavy)
{
    for (;;) {
        int from_queue = nheap && heap[0].t <= t;
        int64_t next = from_queue ? heap[0].t : t;
        int64_t day = local_day(next);
        if (day > fu_day_done) {
            fu_expire(day);
            fu_day_done = day;
        }
        if (!from_queue)
            return;
        fu_event ev = ev_pop();
        fu_event_run(&ev, heavy);
    }
}

static void make_followups(int64_t first, int64_t today)
{
    if (O.followups_pct <= 0 || nvisitors_made == 0 || nservices_made < 3)
        return;
    g_error err = {0};
    sqlite3 *h = db_sql(db);
    fu_scale = O.followups_pct / 100.0;
    fu_now = at_local(today, 630);
    fu_day_done = first - 1;
    double t0 = now_s();

    /* the referents: the first ones entered before the period, the
     * replacements twenty days before they start */
    int64_t span = today - first;
    for (size_t r = 0; r < N_REFERENTS; r++) {
        const gen_referent *g = &gen_referents[r];
        fu_ref[r].from = g->from > 1 ? today + (int64_t)g->from : first + (int64_t)(g->from * span);
        fu_ref[r].to = INT64_MAX;
        int64_t entered = g->from > 1 ? today - 10 : fu_ref[r].from - 20;
        ev_push(at_local(entered, 570 + (int)r), EV_REFERENT, (long)r);
    }
    /* the person followed for the whole period */
    int64_t heavy = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h,
                           "SELECT id FROM visitor WHERE phone_national <> '' ORDER BY id LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        die("visiteur suivi", NULL);
    if (sqlite3_step(st) == SQLITE_ROW)
        heavy = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    long nheavy_or = heavy ? lround(45 * fu_scale) : 0,
         nheavy_es = heavy ? lround(30 * fu_scale) : 0;
    for (long k = 0; k < nheavy_or; k++)
        ev_push(office_time(first + 30 + (span - 31) * k / (nheavy_or ? nheavy_or : 1)),
                EV_HEAVY_OR, k);
    for (long k = 0; k < nheavy_es; k++)
        ev_push(office_time(first + 45 + (span - 46) * k / (nheavy_es ? nheavy_es : 1)),
                EV_HEAVY_ES, k);

    /* the closed requests, in the order they came */
    typedef struct src {
        int64_t id, visitor, ended, agent;
        char outcome; /* 'o' oriented, 's' à suivre, other */
    } src;
    src *rq = NULL;
    size_t nrq = 0, caprq = 0;
    if (sqlite3_prepare_v2(h,
                           "SELECT id, ifnull(visitor_id, 0), ended_at, ifnull(agent_id, 0), "
                           "ifnull(outcome, '') FROM visit WHERE state = 'termine' "
                           "ORDER BY arrived_at, id",
                           -1, &st, NULL) != SQLITE_OK)
        die(sqlite3_errmsg(h), NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (nrq == caprq) {
            caprq = caprq ? caprq * 2 : 65536;
            rq = realloc(rq, caprq * sizeof *rq);
        }
        const char *oc = (const char *)sqlite3_column_text(st, 4);
        rq[nrq++] = (src){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                          sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
                          strcmp(oc, "oriente") == 0    ? 'o'
                          : strcmp(oc, "a-suivre") == 0 ? 's'
                                                        : '-'};
    }
    sqlite3_finalize(st);
    sqlite3_stmt *st_op;
    if (sqlite3_prepare_v2(h,
                           "SELECT ifnull(operator, '') FROM visit_topic WHERE visit_id = ?1 "
                           "ORDER BY position LIMIT 1",
                           -1, &st_op, NULL) != SQLITE_OK)
        die(sqlite3_errmsg(h), NULL);

    tx_begin();
    for (size_t i = 0; i < nrq; i++) {
        const src *q = &rq[i];
        int64_t agent = q->agent ? q->agent : agent_ids[0];
        int64_t t = q->ended + 10 + below(50);
        fu_until(t, heavy);
        if (chance(scaled(0.05))) { /* the two questions at closing */
            satisfaction_answer a;
            memset(&a, 0, sizeof a);
            double u = unif();
            snprintf(a.solved, sizeof a.solved, "%s",
                     u < 0.60   ? "oui"
                     : u < 0.82 ? "en-partie"
                     : u < 0.92 ? "non"
                                : "");
            u = unif();
            a.satisfied = u < 0.55 ? 4 : u < 0.85 ? 3 : u < 0.93 ? 2 : u < 0.96 ? 1 : 0;
            if (!a.solved[0] && !a.satisfied)
                a.satisfied = 4;
            clock_set(t);
            check(satisfaction_record(db, agent, q->id, &a, &err), "satisfaction_record", &err);
            fu_count[FC_ANSWERS]++;
            tick();
        }
        if (!q->visitor)
            continue;
        if (q->outcome == 'o' && chance(scaled(1.0))) {
            clock_set(t + 30 + below(90));
            fu_orient_create(q->visitor, q->id, agent);
            if (chance(0.25)) { /* a second service, from the directory half of the time */
                clock_set(clock_now() + 120 + below(600));
                fu_orient_create(q->visitor, chance(0.5) ? q->id : 0, agent);
            }
        } else if (q->outcome == 's' && chance(scaled(0.085))) {
            char op[32] = "";
            sqlite3_bind_int64(st_op, 1, q->id);
            if (sqlite3_step(st_op) == SQLITE_ROW)
                snprintf(op, sizeof op, "%s", (const char *)sqlite3_column_text(st_op, 0));
            sqlite3_reset(st_op);
            clock_set(t + 60 + below(240));
            fu_escal_create(q->visitor, q->id, agent, op);
        }
        if (i % 4096 == 0)
            progress("suivis", (long)i, (long)nrq, t0);
    }
    fu_until(fu_now, heavy);
    /* the morning's last expiries, at the bench's 10:30: the bench's first
     * opening of the home screen has nothing left to expire */
    g_error e2 = {0};
    int n = 0, m = 0;
    clock_set(fu_now);
    check(orientation_expire_due(db, &cfg, &n, &e2), "orientation_expire_due", &e2);
    check(escalation_expire_due(db, &cfg, &m, &e2), "escalation_expire_due", &e2);
    fu_count[FC_EXPIRED] += n + m;
    tx_commit();
    sqlite3_finalize(st_op);
    progress("suivis", (long)nrq, (long)nrq, t0);
    progress_end();
    if (!O.quiet)
        fprintf(stderr,
                "bench_gen: suivis : %ld orientations (%ld réponses), %ld référents, %ld "
                "dossiers transmis (%ld réponses), %ld dates de suivi reportées, %ld expirés, "
                "%ld avis, en %.1f s\n",
                fu_count[FC_ORIENT], fu_count[FC_ORIENT_MOVES], fu_count[FC_REFERENTS],
                fu_count[FC_ESCAL], fu_count[FC_ESCAL_MOVES], fu_count[FC_POSTPONE],
                fu_count[FC_EXPIRED], fu_count[FC_ANSWERS], now_s() - t0);
    free(rq);
    free(heap);
    free(fo);
    free(fe);
}

/* ---- main --------------------------------------------------------------------------------- */

static void usage(void)
{
    fprintf(stderr, "usage : bench_gen --db FICHIER [--visitors N] [--requests N] "
                    "[--appointments N] [--services N] [--seed S] [--today AAAA-MM-JJ] "
                    "[--years A] [--notes POURCENT] [--followups POURCENT] [--requests-via-core] "
                    "[--quiet]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--quiet") == 0) {
            O.quiet = 1;
            continue;
        }
        if (strcmp(a, "--requests-via-core") == 0) {
            requests_via_core = 1;
            continue;
        }
        if (!v)
            usage();
        i++;
        if (strcmp(a, "--db") == 0)
            O.db = v;
        else if (strcmp(a, "--visitors") == 0)
            O.visitors = atol(v);
        else if (strcmp(a, "--requests") == 0)
            O.requests = atol(v);
        else if (strcmp(a, "--appointments") == 0)
            O.appointments = atol(v);
        else if (strcmp(a, "--services") == 0)
            O.services = atol(v);
        else if (strcmp(a, "--seed") == 0)
            O.seed = strtoull(v, NULL, 10);
        else if (strcmp(a, "--today") == 0)
            snprintf(O.today, sizeof O.today, "%s", v);
        else if (strcmp(a, "--years") == 0)
            O.years = atoi(v);
        else if (strcmp(a, "--notes") == 0)
            O.notes_pct = atoi(v);
        else if (strcmp(a, "--followups") == 0)
            O.followups_pct = atoi(v);
        else
            usage();
    }
    if (!O.db || O.visitors < 0 || O.requests < 0 || O.appointments < 0 || O.services < 0 ||
        O.years < 1 || O.years > 30 || O.followups_pct < 0)
        usage();
    if (access(O.db, F_OK) == 0) {
        fprintf(stderr, "bench_gen: %s existe déjà ; effacez-le d'abord.\n", O.db);
        return 1;
    }
    int ty, tm, td;
    if (sscanf(O.today, "%4d-%2d-%2d", &ty, &tm, &td) != 3 || !clock_valid_date(ty, tm, td))
        usage();
    rng ^= O.seed * 0xd1b54a32d192ed03ULL;
    for (size_t i = 0; i < randombytes_SEEDBYTES; i++)
        sodium_seed[i] = (unsigned char)rnd64();
    randombytes_set_implementation(&det_impl);
    if (sodium_init() < 0)
        die("sodium_init", NULL);
    zipf_init(NELEM(common_last) > NELEM(women) ? NELEM(common_last) : NELEM(women), 0.9);
    clock_set_zone("Europe/Paris");
    config_defaults(&cfg);
    cfg.security.min_password_length = 8;

    int64_t today = clock_days_from_civil(ty, tm, td);
    /* ten years back to tomorrow ten years ago: one export run covers them */
    int64_t first = clock_days_from_civil(ty - O.years, tm, td) + 1;
    double t0 = now_s();
    g_error err = {0};
    clock_set(at_local(first, 480) - 86400 * 60);
    check(db_open(O.db, DB_OPEN_CREATE, &db, &err), "db_open", &err);
    /* the generator's own connection: a big cache for the bulk load */
    sqlite3_exec(db_sql(db), "PRAGMA cache_size = -262144", NULL, NULL, NULL);
    check(site_init(db, "FS-58-0042", "France Services de Saint-Amand-en-Puisaye", "58227",
                    "Europe/Paris", &err),
          "site_init", &err);
    make_users();
    make_services();
    make_requests(first, today);
    make_agenda(first, today);
    make_notes(today);
    make_followups(first, today);
    clock_set(at_local(today, 630));
    /* a site's base has its name index merged every night by the daily purge
     * (guichet rgpd purge --quotidien, docs/rgpd.md): ten years generated at
     * once would otherwise leave the dozen segments of a single day */
    check(visitor_index_compact(db, NULL, &err), "visitor_index_compact", &err);
    sqlite3_exec(db_sql(db), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    db_close(db);
    if (!O.quiet)
        fprintf(stderr,
                "bench_gen: %s : %ld usagers, %ld demandes, %ld rendez-vous, %ld services "
                "en %.1f s\n",
                O.db, nvisitors_made, O.requests, O.appointments, O.services, now_s() - t0);
    free(visitor_ids);
    free(profiles);
    free(visitors_by_day);
    free(zipf_cdf);
    return 0;
}
