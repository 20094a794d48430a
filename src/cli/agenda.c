/* agenda.c — `guichet agenda …`: the site manager sets up the agenda from
 * the command line: resources (agents, partners' permanences, rooms),
 * appointment types (motifs), recurring openings and their closed days.
 *
 *   guichet agenda ressource list | add NOM --type … | desactiver ID|NOM
 *   guichet agenda motif list | add NOM --duree MIN …
 *   guichet agenda ouverture list [RESSOURCE] | add RESSOURCE … | fin ID --le DATE
 *   guichet agenda ferme RESSOURCE DATE [--raison …] [--motif TEXTE]
 *   guichet agenda rouvre RESSOURCE DATE
 *
 * Only the core API (agenda.h, recurrence.h) is used: every change is one
 * transaction journaled by the core with user 0. Errors go to stderr with
 * the exit statuses of g_status_exit_code (2 for a malformed command line). */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "guichet/agenda.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/recurrence.h"
#include "guichet/strbuf.h"
#include "guichet/ref.h"
#include "guichet/user.h"

#define CMD           "agenda"
#define UPCOMING_DAYS 120 /* how far `ouverture list` looks for the next dates */
#define UPCOMING_MAX  6   /* next dates shown per opening */

/* Reports an invalid value (exit 3) with a formatted French message. */
static int invalid(const char *fmt, const char *value)
{
    g_error err = {0};
    g_err(&err, G_ERR_INVALID, fmt, value);
    return cli_report(&err);
}

/* The value of option argv[*i] (advancing *i), or NULL after a usage error. */
static const char *opt_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        cli_usage(CMD, _("l'option « %s » attend une valeur."), argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

/* Strict positive integer parse; -1 when text is not one. */
static long parse_count(const char *s)
{
    if (!s || !*s)
        return -1;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 0 || v > 100000)
        return -1;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p))
            return -1;
    return v;
}

static int check_date(const char *s)
{
    int64_t day;
    if (clock_date_parse(s, &day) != 0)
        return invalid(_("« %s » n'est pas une date valide (AAAA-MM-JJ)."), s);
    return 0;
}

static void today_local(char out[11])
{
    agenda_day_of(clock_now(), out);
}

/* --- ressource -------------------------------------------------------------- */

static const char *kind_label(const char *kind)
{
    if (strcmp(kind, AGENDA_KIND_AGENT) == 0)
        return _("agent");
    if (strcmp(kind, AGENDA_KIND_PERMANENCE) == 0)
        return _("permanence");
    if (strcmp(kind, AGENDA_KIND_ROOM) == 0)
        return _("salle");
    return kind;
}

static int resource_list(g_db *db)
{
    agenda_resource *r;
    size_t n;
    g_error err = {0};
    if (agenda_resource_list(db, 0, &r, &n, &err) != G_OK)
        return cli_report(&err);
    if (n == 0)
        printf("%s\n", _("Aucune ressource : créez-en une avec « guichet agenda ressource add »."));
    for (size_t i = 0; i < n; i++) {
        printf("%4" PRId64 "  %-10s  %s", r[i].id, kind_label(r[i].kind), cli_text(r[i].name));
        if (r[i].operator_code[0])
            printf(_(" · opérateur %s"), r[i].operator_code);
        if (r[i].place[0])
            printf(" · %s", cli_text(r[i].place));
        if (r[i].user_id) {
            user_info u;
            g_status us = user_get_by_id(db, r[i].user_id, &u, &err);
            if (us == G_OK) {
                printf(_(" · compte %s"), u.login);
            } else if (us != G_ERR_NOTFOUND) {
                putchar('\n');
                free(r);
                return cli_report(&err);
            }
        }
        if (!r[i].active)
            printf(" · %s", _("désactivée"));
        putchar('\n');
    }
    free(r);
    return 0;
}

static int resource_add(g_db *db, int argc, char **argv)
{
    agenda_resource r = {0};
    const char *name = NULL, *kind = NULL, *op = NULL, *place = NULL, *login = NULL;
    for (int i = 0; i < argc; i++) {
        const char **slot = strcmp(argv[i], "--type") == 0        ? &kind
                            : strcmp(argv[i], "--operateur") == 0 ? &op
                            : strcmp(argv[i], "--lieu") == 0      ? &place
                            : strcmp(argv[i], "--login") == 0     ? &login
                                                                  : NULL;
        if (slot) {
            if (!(*slot = opt_value(argc, argv, &i)))
                return CLI_EXIT_USAGE;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage(CMD, _("option inconnue « %s »."), argv[i]);
        } else if (!name) {
            name = argv[i];
        } else {
            return cli_usage(CMD,
                             _("un seul nom attendu (mettez-le entre guillemets) : « %s » "
                               "en trop."),
                             argv[i]);
        }
    }
    if (!name)
        return cli_usage(CMD, "%s",
                         _("indiquez le nom : guichet agenda ressource add NOM --type "
                           "agent|permanence|salle [--operateur CODE] [--lieu TEXTE] [--login "
                           "LOGIN]."));
    if (!kind)
        return cli_usage(CMD, "%s", _("indiquez le type : --type agent, permanence ou salle."));
    if (strlen(name) > AGENDA_NAME_MAX || strlen(kind) >= sizeof r.kind ||
        (op && strlen(op) >= sizeof r.operator_code) || (place && strlen(place) >= sizeof r.place))
        return invalid(_("Valeur trop longue pour « %s »."), name);
    snprintf(r.name, sizeof r.name, "%s", name);
    snprintf(r.kind, sizeof r.kind, "%s", kind);
    snprintf(r.operator_code, sizeof r.operator_code, "%s", op ? op : "");
    snprintf(r.place, sizeof r.place, "%s", place ? place : "");
    r.active = 1;
    g_error err = {0};
    if (login) {
        user_info u;
        if (user_get(db, login, &u, &err) != G_OK)
            return cli_report(&err);
        r.user_id = u.id;
    }
    int64_t id;
    if (agenda_resource_add(db, 0, &r, &id, &err) != G_OK)
        return cli_report(&err);
    printf(_("Ressource n° %" PRId64 " créée : « %s » (%s).\n"), id, cli_text(r.name),
           kind_label(r.kind));
    return 0;
}

static int resource_disable(g_db *db, const char *which)
{
    agenda_resource r;
    g_error err = {0};
    if (agenda_resource_find(db, which, &r, &err) != G_OK)
        return cli_report(&err);
    if (!r.active) {
        printf(_("La ressource « %s » était déjà désactivée.\n"), cli_text(r.name));
        return 0;
    }
    r.active = 0;
    if (agenda_resource_update(db, 0, &r, &err) != G_OK)
        return cli_report(&err);
    printf(_("Ressource « %s » désactivée : plus aucune réservation n'y est possible (les "
             "rendez-vous déjà pris restent).\n"),
           cli_text(r.name));
    return 0;
}

static int cmd_resource(g_db *db, int argc, char **argv)
{
    const char *sub = argc > 0 ? argv[0] : "";
    if (strcmp(sub, "list") == 0 && argc == 1)
        return resource_list(db);
    if (strcmp(sub, "add") == 0)
        return resource_add(db, argc - 1, argv + 1);
    if (strcmp(sub, "desactiver") == 0 && argc == 2)
        return resource_disable(db, argv[1]);
    return cli_usage(CMD, "%s",
                     _("guichet agenda ressource list | add NOM --type agent|permanence|salle "
                       "[--operateur CODE] [--lieu TEXTE] [--login LOGIN] | desactiver ID|NOM."));
}

/* --- motif ------------------------------------------------------------------- */

static int motif_list(g_db *db)
{
    agenda_motif *m;
    size_t n;
    g_error err = {0};
    if (agenda_motif_list(db, 0, NULL, &m, &n, &err) != G_OK)
        return cli_report(&err);
    if (n == 0)
        printf("%s\n", _("Aucun motif : créez-en un avec « guichet agenda motif add »."));
    for (size_t i = 0; i < n; i++) {
        printf(_("%4" PRId64 "  %s · %d min · %s"), m[i].id, cli_text(m[i].name), m[i].duration_min,
               agenda_place_label(m[i].place));
        if (m[i].operator_code[0])
            printf(_(" · opérateur %s"), m[i].operator_code);
        if (m[i].capacity > 1)
            printf(_(" · atelier de %d places"), m[i].capacity);
        if (m[i].to_bring[0])
            printf(_(" · à apporter : %s"), cli_text(m[i].to_bring));
        if (!m[i].active)
            printf(" · %s", _("désactivé"));
        putchar('\n');
    }
    free(m);
    return 0;
}

static int motif_add(g_db *db, int argc, char **argv)
{
    const char *name = NULL, *dur = NULL, *op = NULL, *place = NULL, *seats = NULL, *bring = NULL;
    for (int i = 0; i < argc; i++) {
        const char **slot = strcmp(argv[i], "--duree") == 0       ? &dur
                            : strcmp(argv[i], "--operateur") == 0 ? &op
                            : strcmp(argv[i], "--lieu") == 0      ? &place
                            : strcmp(argv[i], "--places") == 0    ? &seats
                            : strcmp(argv[i], "--apporter") == 0  ? &bring
                                                                  : NULL;
        if (slot) {
            if (!(*slot = opt_value(argc, argv, &i)))
                return CLI_EXIT_USAGE;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage(CMD, _("option inconnue « %s »."), argv[i]);
        } else if (!name) {
            name = argv[i];
        } else {
            return cli_usage(CMD,
                             _("un seul nom attendu (mettez-le entre guillemets) : « %s » "
                               "en trop."),
                             argv[i]);
        }
    }
    if (!name)
        return cli_usage(CMD, "%s",
                         _("indiquez le nom : guichet agenda motif add NOM --duree MIN "
                           "[--operateur CODE] [--lieu sur-place|telephone|domicile|visio] "
                           "[--places N] [--apporter TEXTE]."));
    if (!dur)
        return cli_usage(CMD, "%s", _("indiquez la durée en minutes : --duree MIN."));
    agenda_motif m = {0};
    long v = parse_count(dur);
    if (v < 0)
        return invalid(_("La durée « %s » n'est pas un nombre de minutes."), dur);
    m.duration_min = (int)v;
    m.capacity = 1;
    if (seats) {
        if ((v = parse_count(seats)) < 0)
            return invalid(_("Le nombre de places « %s » n'est pas un nombre."), seats);
        m.capacity = (int)v;
    }
    if (strlen(name) > AGENDA_NAME_MAX || (op && strlen(op) >= sizeof m.operator_code) ||
        (place && strlen(place) >= sizeof m.place) || (bring && strlen(bring) >= sizeof m.to_bring))
        return invalid(_("Valeur trop longue pour « %s »."), name);
    snprintf(m.name, sizeof m.name, "%s", name);
    snprintf(m.operator_code, sizeof m.operator_code, "%s", op ? op : "");
    snprintf(m.place, sizeof m.place, "%s", place ? place : AGENDA_PLACE_ON_SITE);
    snprintf(m.to_bring, sizeof m.to_bring, "%s", bring ? bring : "");
    m.active = 1;
    int64_t id;
    g_error err = {0};
    if (agenda_motif_add(db, 0, &m, &id, &err) != G_OK)
        return cli_report(&err);
    printf(_("Motif n° %" PRId64 " créé : « %s » (%d min).\n"), id, m.name, m.duration_min);
    return 0;
}

static int cmd_motif(g_db *db, int argc, char **argv)
{
    const char *sub = argc > 0 ? argv[0] : "";
    if (strcmp(sub, "list") == 0 && argc == 1)
        return motif_list(db);
    if (strcmp(sub, "add") == 0)
        return motif_add(db, argc - 1, argv + 1);
    return cli_usage(CMD, "%s",
                     _("guichet agenda motif list | add NOM --duree MIN [--operateur CODE] "
                       "[--lieu sur-place|telephone|domicile|visio] [--places N] [--apporter "
                       "TEXTE]."));
}

/* --- ouverture ---------------------------------------------------------------- */

/* French day abbreviations -> RFC 5545 BYDAY codes. */
static const char *const fr_days[] = {"LU", "MA", "ME", "JE", "VE", "SA", "DI", NULL};
static const char *const en_days[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU", NULL};

/* Translates "2MA,4MA" into "2TU,4TU" (ordinals only when monthly). Returns
 * 0, or an exit status after reporting. */
static int translate_days(const char *in, int monthly, char *out, size_t size)
{
    strbuf sb;
    strbuf_init(&sb, out, size);
    const char *p = in;
    if (!*p)
        return invalid(_("Indiquez au moins un jour après --jours (%s)."), "LU, MA, ME, JE, VE, "
                                                                           "SA, DI");
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char item[16];
        if (n == 0 || n >= sizeof item)
            return invalid(_("Jour inconnu « %s » : LU, MA, ME, JE, VE, SA ou DI (avec le rang "
                             "pour --mensuel : 2MA, -1VE)."),
                           n == 0 ? "" : p);
        memcpy(item, p, n);
        item[n] = 0;
        size_t k = 0;
        if (item[k] == '-' || item[k] == '+')
            k++;
        while (isdigit((unsigned char)item[k]))
            k++;
        int has_ordinal = k > 0;
        char code[3] = {0};
        int found = -1;
        if (strlen(item + k) == 2) {
            code[0] = (char)toupper((unsigned char)item[k]);
            code[1] = (char)toupper((unsigned char)item[k + 1]);
            for (int d = 0; fr_days[d]; d++)
                if (strcmp(code, fr_days[d]) == 0)
                    found = d;
        }
        if (found < 0)
            return invalid(_("Jour inconnu « %s » : LU, MA, ME, JE, VE, SA ou DI (avec le rang "
                             "pour --mensuel : 2MA, -1VE)."),
                           item);
        if (has_ordinal) {
            int ord = atoi(item);
            if (ord == 0 || ord < -5 || ord > 5 || (item[0] == '-' && k == 1) ||
                (item[0] == '+' && k == 1))
                return invalid(_("« %s » : le rang du jour va de 1 à 5, ou de -1 (le dernier) à "
                                 "-5."),
                               item);
        }
        if (has_ordinal && !monthly)
            return invalid(_("« %s » : le rang du jour (2MA, -1VE) ne s'emploie qu'avec "
                             "--mensuel."),
                           item);
        if (strbuf_printf(&sb, "%s%.*s%s", sb.len ? "," : "", (int)k, item, en_days[found]) != 0)
            return invalid(_("Trop de jours dans « %s »."), in);
        p = comma ? comma + 1 : p + n;
    }
    return 0;
}

/* Parses "3,5" into motif ids, each checked to exist. */
static int parse_motifs(g_db *db, const char *in, agenda_availability *a)
{
    const char *p = in;
    a->nmotifs = 0;
    while (1) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char item[24];
        if (n == 0 || n >= sizeof item)
            return invalid(_("Liste de motifs illisible « %s » : des numéros séparés par des "
                             "virgules (voir « guichet agenda motif list »)."),
                           in);
        memcpy(item, p, n);
        item[n] = 0;
        long id = parse_count(item);
        if (id <= 0)
            return invalid(_("Liste de motifs illisible « %s » : des numéros séparés par des "
                             "virgules (voir « guichet agenda motif list »)."),
                           in);
        if (a->nmotifs >= AGENDA_MOTIFS_MAX)
            return invalid(_("Trop de motifs dans « %s »."), in);
        agenda_motif m;
        g_error err = {0};
        if (agenda_motif_get(db, id, &m, &err) != G_OK)
            return cli_report(&err);
        a->motifs[a->nmotifs++] = id;
        if (!comma)
            break;
        p = comma + 1;
    }
    return 0;
}

static int opening_add(g_db *db, int argc, char **argv)
{
    const char *res = NULL, *motifs = NULL, *start = NULL, *from = NULL, *to = NULL, *every = NULL,
               *days = NULL, *until = NULL;
    int weekly = 0, monthly = 0;
    for (int i = 0; i < argc; i++) {
        const char **slot = strcmp(argv[i], "--motifs") == 0     ? &motifs
                            : strcmp(argv[i], "--debut") == 0    ? &start
                            : strcmp(argv[i], "--de") == 0       ? &from
                            : strcmp(argv[i], "--a") == 0        ? &to
                            : strcmp(argv[i], "--toutes") == 0   ? &every
                            : strcmp(argv[i], "--jours") == 0    ? &days
                            : strcmp(argv[i], "--jusqu-au") == 0 ? &until
                                                                 : NULL;
        if (slot) {
            if (!(*slot = opt_value(argc, argv, &i)))
                return CLI_EXIT_USAGE;
        } else if (strcmp(argv[i], "--chaque-semaine") == 0) {
            weekly = 1;
        } else if (strcmp(argv[i], "--mensuel") == 0) {
            monthly = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage(CMD, _("option inconnue « %s »."), argv[i]);
        } else if (!res) {
            res = argv[i];
        } else {
            return cli_usage(CMD, _("une seule ressource attendue : « %s » en trop."), argv[i]);
        }
    }
    if (!res || !motifs || !start || !from || !to)
        return cli_usage(CMD, "%s",
                         _("guichet agenda ouverture add RESSOURCE --motifs ID,ID --debut "
                           "AAAA-MM-JJ --de HH:MM --a HH:MM (--chaque-semaine [--toutes N] "
                           "[--jours LU,MA…] | --mensuel --jours 2MA,4MA) [--jusqu-au "
                           "AAAA-MM-JJ]."));
    if (weekly == monthly)
        return cli_usage(CMD, "%s", _("choisissez --chaque-semaine ou --mensuel (l'un des deux)."));
    agenda_availability a = {0};
    agenda_resource r;
    g_error err = {0};
    int rc;
    if (agenda_resource_find(db, res, &r, &err) != G_OK)
        return cli_report(&err);
    a.resource_id = r.id;
    if ((rc = parse_motifs(db, motifs, &a)) != 0)
        return rc;
    if ((rc = check_date(start)) != 0 || (until && (rc = check_date(until)) != 0))
        return rc;
    snprintf(a.rule.dtstart, sizeof a.rule.dtstart, "%s", start);
    snprintf(a.rule.until, sizeof a.rule.until, "%s", until ? until : "");
    if ((a.rule.start_min = recur_time_parse(from)) < 0)
        return invalid(_("« %s » n'est pas une heure valide (HH:MM, de 00:00 à 24:00)."), from);
    if ((a.rule.end_min = recur_time_parse(to)) < 0)
        return invalid(_("« %s » n'est pas une heure valide (HH:MM, de 00:00 à 24:00)."), to);
    a.rule.freq = monthly ? RECUR_MONTHLY : RECUR_WEEKLY;
    a.rule.interval = 1;
    if (every) {
        long v = parse_count(every);
        if (v < 1 || v > 52)
            return invalid(_("« %s » : --toutes attend un nombre de semaines ou de mois (1 à "
                             "52)."),
                           every);
        a.rule.interval = (int)v;
    }
    if (days && (rc = translate_days(days, monthly, a.rule.byday, sizeof a.rule.byday)) != 0)
        return rc;
    if (a.rule.end_min <= a.rule.start_min) {
        g_err_field(&err, G_ERR_INVALID, "end",
                    _("La fin (%s) doit être après le début (%s), le même jour."), to, from);
        return cli_report(&err);
    }
    int64_t id;
    if (agenda_availability_add(db, 0, &a, &id, &err) != G_OK)
        return cli_report(&err);
    char desc[256];
    recur_describe(&a.rule, desc, sizeof desc);
    printf(_("Plage d'ouverture n° %" PRId64 " créée pour « %s » à partir du %s : %s.\n"), id,
           cli_text(r.name), a.rule.dtstart, desc);
    return 0;
}

/* Prints the next dates of availability a: open, or closed by an exception. */
static int print_next_dates(g_db *db, const agenda_availability *a)
{
    char from[11], to[11];
    today_local(from);
    if (strcmp(a->rule.dtstart, from) > 0)
        snprintf(from, sizeof from, "%s", a->rule.dtstart);
    int64_t d;
    clock_date_parse(from, &d);
    clock_date_format(d + UPCOMING_DAYS, to);
    if (a->rule.until[0] && strcmp(a->rule.until, to) < 0)
        snprintf(to, sizeof to, "%s", a->rule.until);
    recur_occurrence *occ = NULL;
    size_t nocc = 0;
    agenda_opening *op = NULL;
    size_t nop = 0;
    g_error err = {0};
    if (strcmp(from, to) > 0) {
        printf("      %s\n", _("plus aucune date à venir"));
        return 0;
    }
    if (recur_expand(&a->rule, from, to, NULL, 0, &occ, &nocc, NULL, &err) != G_OK ||
        agenda_openings(db, a->resource_id, from, to, &op, &nop, &err) != G_OK) {
        free(occ);
        return cli_report(&err);
    }
    printf("      %s", nocc ? _("prochaines dates :") : _("plus aucune date à venir"));
    for (size_t i = 0; i < nocc && i < UPCOMING_MAX; i++) {
        int open = 0;
        for (size_t k = 0; k < nop; k++)
            if (op[k].availability_id == a->id && strcmp(op[k].date, occ[i].date) == 0)
                open = 1;
        printf("%s %s%s", i ? "," : "", occ[i].date, open ? "" : _(" (fermé)"));
    }
    putchar('\n');
    free(occ);
    free(op);
    return 0;
}

static int opening_list(g_db *db, const char *which)
{
    agenda_resource r = {0};
    g_error err = {0};
    if (which && agenda_resource_find(db, which, &r, &err) != G_OK)
        return cli_report(&err);
    agenda_availability *a;
    size_t n;
    if (agenda_availability_list(db, which ? r.id : 0, &a, &n, &err) != G_OK)
        return cli_report(&err);
    if (n == 0)
        printf("%s\n", _("Aucune plage d'ouverture : créez-en une avec « guichet agenda "
                         "ouverture add »."));
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        agenda_resource ri;
        if (agenda_resource_get(db, a[i].resource_id, &ri, &err) != G_OK) {
            rc = cli_report(&err);
            break;
        }
        char desc[256], rrule[160];
        recur_describe(&a[i].rule, desc, sizeof desc);
        recur_rrule(&a[i].rule, rrule, sizeof rrule);
        printf(_("%4" PRId64 "  %s : %s\n"), a[i].id, cli_text(ri.name), desc);
        printf(_("      à partir du %s · RRULE %s\n"), a[i].rule.dtstart, rrule);
        printf("      %s", _("motifs :"));
        for (size_t k = 0; k < a[i].nmotifs && rc == 0; k++) {
            agenda_motif m;
            g_status ms = agenda_motif_get(db, a[i].motifs[k], &m, &err);
            if (ms == G_OK)
                printf(_("%s %" PRId64 " « %s »"), k ? "," : "", m.id, cli_text(m.name));
            else if (ms != G_ERR_NOTFOUND)
                rc = cli_report(&err);
        }
        putchar('\n');
        if (rc != 0)
            break;
        rc = print_next_dates(db, &a[i]);
    }
    free(a);
    return rc;
}

static int opening_end(g_db *db, int argc, char **argv)
{
    const char *id_s = NULL, *date = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--le") == 0) {
            if (!(date = opt_value(argc, argv, &i)))
                return CLI_EXIT_USAGE;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage(CMD, _("option inconnue « %s »."), argv[i]);
        } else if (!id_s) {
            id_s = argv[i];
        } else {
            return cli_usage(CMD, _("un seul numéro de plage attendu : « %s » en trop."), argv[i]);
        }
    }
    if (!id_s || !date)
        return cli_usage(CMD, "%s", _("guichet agenda ouverture fin ID --le AAAA-MM-JJ."));
    long id = parse_count(id_s);
    if (id <= 0)
        return invalid(_("« %s » n'est pas un numéro de plage (voir « guichet agenda ouverture "
                         "list »)."),
                       id_s);
    int rc = check_date(date);
    if (rc != 0)
        return rc;
    g_error err = {0};
    if (agenda_availability_end(db, 0, id, date, &err) != G_OK)
        return cli_report(&err);
    printf(_("Plage d'ouverture n° %ld : dernière date le %s.\n"), id, date);
    return 0;
}

static int cmd_opening(g_db *db, int argc, char **argv)
{
    const char *sub = argc > 0 ? argv[0] : "";
    if (strcmp(sub, "list") == 0 && argc <= 2)
        return opening_list(db, argc == 2 ? argv[1] : NULL);
    if (strcmp(sub, "add") == 0)
        return opening_add(db, argc - 1, argv + 1);
    if (strcmp(sub, "fin") == 0)
        return opening_end(db, argc - 1, argv + 1);
    return cli_usage(CMD, "%s",
                     _("guichet agenda ouverture list [RESSOURCE] | add RESSOURCE … | fin ID "
                       "--le AAAA-MM-JJ."));
}

/* --- ferme / rouvre --------------------------------------------------------------- */

static int cmd_close(g_db *db, int argc, char **argv)
{
    const char *res = NULL, *date = NULL, *reason = NULL, *comment = NULL;
    for (int i = 0; i < argc; i++) {
        const char **slot = strcmp(argv[i], "--motif") == 0    ? &comment
                            : strcmp(argv[i], "--raison") == 0 ? &reason
                                                               : NULL;
        if (slot) {
            if (!(*slot = opt_value(argc, argv, &i)))
                return CLI_EXIT_USAGE;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage(CMD, _("option inconnue « %s »."), argv[i]);
        } else if (!res) {
            res = argv[i];
        } else if (!date) {
            date = argv[i];
        } else {
            return cli_usage(CMD, _("argument en trop « %s »."), argv[i]);
        }
    }
    if (!res || !date)
        return cli_usage(CMD, "%s",
                         _("guichet agenda ferme RESSOURCE AAAA-MM-JJ [--raison "
                           "annule|ferie|absence] [--motif TEXTE]."));
    if (reason && strcmp(reason, AGENDA_EXC_CANCELLED) != 0 &&
        strcmp(reason, AGENDA_EXC_HOLIDAY) != 0 && strcmp(reason, AGENDA_EXC_ABSENCE) != 0)
        return invalid(_("Raison inconnue « %s » : annule, ferie ou absence."), reason);
    agenda_resource r;
    g_error err = {0};
    if (agenda_resource_find(db, res, &r, &err) != G_OK)
        return cli_report(&err);
    int rc = check_date(date);
    if (rc != 0)
        return rc;
    agenda_opening *op = NULL;
    size_t nop = 0;
    if (agenda_openings(db, r.id, date, date, &op, &nop, &err) != G_OK)
        return cli_report(&err);
    free(op);
    int affected = 0;
    if (agenda_resource_day_off(db, 0, r.id, date, reason ? reason : AGENDA_EXC_CANCELLED, comment,
                                &affected, &err) != G_OK)
        return cli_report(&err);
    if (nop == 0) { /* every opening of that day was already closed */
        printf(_("« %s » : le %s était déjà fermé.\n"), cli_text(r.name), date);
        return 0;
    }
    printf(_("« %s » : le %s est fermé.\n"), cli_text(r.name), date);
    if (affected == 0)
        printf("%s\n", _("Aucun rendez-vous n'était pris ce jour-là."));
    else
        printf(P_("Attention : %d rendez-vous est déjà pris ce jour-là ; il n'est pas annulé : "
                  "déplacez-le ou annulez-le depuis l'agenda.\n",
                  "Attention : %d rendez-vous sont déjà pris ce jour-là ; ils ne sont pas annulés "
                  ": déplacez-les ou annulez-les depuis l'agenda.\n",
                  affected),
               affected);
    return 0;
}

static int cmd_reopen(g_db *db, int argc, char **argv)
{
    if (argc != 2 || argv[0][0] == '-' || argv[1][0] == '-')
        return cli_usage(CMD, "%s", _("guichet agenda rouvre RESSOURCE AAAA-MM-JJ."));
    const char *date = argv[1];
    agenda_resource r;
    g_error err = {0};
    if (agenda_resource_find(db, argv[0], &r, &err) != G_OK)
        return cli_report(&err);
    int rc = check_date(date);
    if (rc != 0)
        return rc;
    int64_t day;
    clock_date_parse(date, &day);
    agenda_availability *a = NULL;
    size_t n = 0;
    agenda_opening *op = NULL;
    size_t nop = 0;
    if (db_begin(db, &err) != G_OK)
        return cli_report(&err);
    g_status s = agenda_availability_list(db, r.id, &a, &n, &err);
    if (s == G_OK)
        s = agenda_openings(db, r.id, date, date, &op, &nop, &err);
    int reopened = 0;
    for (size_t i = 0; i < n && s == G_OK; i++) {
        if (!recur_occurs_on(&a[i].rule, day))
            continue;
        int open = 0;
        for (size_t k = 0; k < nop; k++)
            if (op[k].availability_id == a[i].id)
                open = 1;
        if (open)
            continue;
        if ((s = agenda_exception_remove(db, 0, a[i].id, date, &err)) == G_OK)
            reopened++;
    }
    free(a);
    free(op);
    if (s == G_OK && reopened == 0)
        s = g_err(&err, G_ERR_NOTFOUND, _("« %s » : le %s n'est pas fermé, rien à rouvrir."),
                  cli_text(r.name), date);
    if (s != G_OK || (s = db_commit(db, &err)) != G_OK) {
        db_rollback(db);
        return cli_report(&err);
    }
    printf(_("« %s » : le %s est de nouveau ouvert.\n"), cli_text(r.name), date);
    return 0;
}

/* --- entry --------------------------------------------------------------------- */

static int agenda_usage(void)
{
    return cli_usage(CMD, "%s",
                     _("indiquez quoi faire : ressource, motif, ouverture, ferme ou rouvre "
                       "(voir docs/commandes.md)."));
}

int cli_agenda(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2)
        return agenda_usage();
    const char *what = argv[1];
    int (*fn)(g_db *, int, char **) = strcmp(what, "ressource") == 0   ? cmd_resource
                                      : strcmp(what, "motif") == 0     ? cmd_motif
                                      : strcmp(what, "ouverture") == 0 ? cmd_opening
                                      : strcmp(what, "ferme") == 0     ? cmd_close
                                      : strcmp(what, "rouvre") == 0    ? cmd_reopen
                                                                       : NULL;
    if (!fn)
        return agenda_usage();
    g_db *db = NULL;
    int rc = cli_open_db(ctx, &db);
    if (rc != 0)
        return rc;
    rc = fn(db, argc - 2, argv + 2);
    db_close(db);
    return rc;
}
