/* rgpd.c — `guichet rgpd`: the site manager's data-protection duties
 * (core: src/core/rgpd.c, docs/rgpd.md).
 *
 *   guichet rgpd purge [--dry-run] [--quiet] [--quotidien]
 *   guichet rgpd acces VISITEUR --out FICHIER
 *   guichet rgpd effacer VISITEUR [--force]
 *   guichet rgpd cherche TEXTE
 *   (each also takes --as IDENTIFIANT [--password-stdin] or --local-admin, see cli/actor.h)
 *
 * VISITEUR is the file's uuid (as in the journal and the subject-access
 * document) or its number; `cherche` finds both from a name, a phone or a
 * birth date. Exit statuses: g_status_exit_code (3 refused — an appointment
 * to come without --force —, 4 unknown visitor, 5 not a responsable). */
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "cli/actor.h"
#include "cli/cli.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/rgpd.h"
#include "guichet/runlog.h"
#include "guichet/utf8.h"
#include "guichet/site.h"
#include "guichet/strbuf.h"
#include "guichet/visitor.h"

#define CMD "rgpd"

static int usage(const char *fmt, const char *arg)
{
    cli_usage(CMD, fmt, arg);
    fprintf(stderr, "%s",
            _("Usage : guichet rgpd purge [--dry-run] [--quiet] [--quotidien]\n"
              "        guichet rgpd acces VISITEUR --out FICHIER\n"
              "        guichet rgpd effacer VISITEUR [--force]\n"
              "        guichet rgpd cherche TEXTE\n"
              "VISITEUR : l'identifiant (uuid) ou le numéro de la fiche, que donne « cherche ».\n"
              "Options communes, l'une des deux : --as IDENTIFIANT [--password-stdin] (un\n"
              "responsable) ou --local-admin (le propriétaire du fichier de la base).\n"));
    return CLI_EXIT_USAGE;
}

typedef struct args {
    const char *target; /* VISITEUR / TEXTE */
    const char *out;    /* --out */
    int dry_run, quiet, force, daily;
    cli_actor_opts actor;
} args;

/* allowed: "d" dry-run, "q" quiet, "f" force, "o" out; want: 1 = one
 * positional argument. */
static int parse(int argc, char **argv, const char *allowed, int want, args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        int r = cli_actor_option(CMD, argc, argv, &i, &a->actor);
        if (r < 0)
            return CLI_EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(s, "--dry-run") == 0 && strchr(allowed, 'd'))
            a->dry_run = 1;
        else if (strcmp(s, "--quiet") == 0 && strchr(allowed, 'q'))
            a->quiet = 1;
        else if (strcmp(s, "--quotidien") == 0 && strchr(allowed, 'q'))
            a->daily = 1;
        else if (strcmp(s, "--force") == 0 && strchr(allowed, 'f'))
            a->force = 1;
        else if (strcmp(s, "--out") == 0 && strchr(allowed, 'o')) {
            if (i + 1 >= argc || !argv[i + 1][0])
                return usage(_("l'option %s attend un nom de fichier."), s);
            a->out = argv[++i];
        } else if (s[0] == '-' || !want || a->target)
            return usage(_("argument inattendu « %s »."), s);
        else
            a->target = s;
    }
    if (want && !a->target)
        return usage(_("%s : la personne (VISITEUR) manque."), argv[1]);
    if (strchr(allowed, 'o') && !a->out)
        return usage(_("%s : --out FICHIER est obligatoire."), argv[1]);
    return 0;
}

/* "label ..... value" with the dots measured in columns. */
static void line(const char *label, int width, const char *value)
{
    printf("  %s ", label);
    for (int w = utf8_width(label) + 1; w < width; w++)
        putchar('.');
    printf(" %s\n", value);
}

static void retention(const char *label, int months, const char *before)
{
    char d[11], v[64];
    normalize_date_display(before, d);
    snprintf(v, sizeof v, _("%d mois (avant le %s)"), months, d);
    line(label, 32, v);
}

static void count(const char *label, int64_t n)
{
    char v[24];
    snprintf(v, sizeof v, "%lld", (long long)n);
    line(label, 40, v);
}

static void kinds_text(unsigned k, char *buf, size_t size)
{
    static const struct {
        unsigned bit;
        const char *label;
    } names[] = {
        {RGPD_KIND_FILE, N_("fiche effacée")},
        {RGPD_KIND_COMMENT, N_("commentaires")},
        {RGPD_KIND_ORIENTATION, N_("orientations")},
        {RGPD_KIND_APPOINTMENT, N_("rendez-vous")},
        {RGPD_KIND_NOTE, N_("notes")},
    };
    strbuf sb;
    strbuf_init(&sb, buf, size);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (k & names[i].bit)
            strbuf_join(&sb, ", ", _(names[i].label));
}

/* The hourly cron job (purge --quotidien): the first run of the day
 * purges, the others have nothing to do. Checked before anyone is asked to
 * say who acts, so that they journal nothing at all. *done = 1 when today's
 * purge is already made (said unless --quiet). Returns 0 or an exit status. */
static int daily_purge_done(g_db *db, const args *a, int *done)
{
    *done = 0;
    g_error err = {0};
    int64_t last = 0;
    if (rgpd_last_purge(db, &last, &err) != G_OK)
        return cli_report(&err);
    char today[11], day[11];
    clock_today(today);
    clock_format(last, "%Y-%m-%d", day, sizeof day);
    if (last > 0 && strcmp(day, today) == 0) {
        *done = 1;
        if (!a->quiet) {
            char at[8];
            clock_format(last, "%H:%M", at, sizeof at);
            printf(_("La purge a déjà été faite aujourd'hui à %s : rien à faire.\n"), at);
        }
    }
    return 0;
}

/* On a terminal, where a first purge of an old base is (one line, written
 * over); nothing for the nightly job. */
typedef struct shown_progress {
    int dry_run, shown;
} shown_progress;

static void show_progress(void *ctx, int64_t done, int64_t total)
{
    shown_progress *p = ctx;
    fputc('\r', stderr);
    fprintf(stderr, _(" %s : %d %%…"),
            p->dry_run ? _("Simulation de la purge") : _("Purge en cours"),
            total > 0 ? (int)(done * 100 / total) : 0);
    fflush(stderr);
    p->shown = 1;
}

static int cmd_purge(cli_ctx *ctx, g_db *db, const args *a, int64_t actor)
{
    rgpd_plan plan;
    g_error err = {0};
    shown_progress p = {a->dry_run, 0};
    g_status s =
        rgpd_purge(db, &ctx->cfg, actor, a->dry_run,
                   !a->quiet && isatty(STDERR_FILENO) ? show_progress : NULL, &p, &plan, &err);
    if (p.shown)
        fputc('\n', stderr);
    if (s != G_OK)
        return cli_report(&err);
    /* the daily job also merges the name-search index back into one
     * segment: each saved file adds one, and a keystroke opens them all */
    if (!a->dry_run && visitor_index_compact(db, NULL, &err) != G_OK) {
        rgpd_plan_free(&plan);
        return cli_report(&err);
    }
    const g_config *c = &ctx->cfg;
    if (!a->dry_run) {
        /* the nightly run's one line in the system journal, even --quiet */
        const rgpd_counts *k = &plan.counts;
        runlog_write(0, 0,
                     _("purge : %lld fiches, %lld demandes, %lld commentaires, %lld orientations, "
                       "%lld dossiers transmis, %lld rendez-vous, %lld notes, %lld entrées du "
                       "journal"),
                     (long long)k->files, (long long)k->requests, (long long)k->comments,
                     (long long)k->orientations, (long long)k->escalations,
                     (long long)k->appointments, (long long)k->notes, (long long)k->journal);
    }
    if (a->quiet && !a->dry_run) {
        rgpd_plan_free(&plan);
        return 0;
    }
    printf("%s\n", a->dry_run ? _("Simulation de la purge : rien n'a été effacé ni modifié.")
                              : _("Purge des données anciennes faite."));
    printf("%s\n", _("Durées de conservation (réglages [rgpd]) :"));
    retention(_("fiches sans contact"), c->rgpd.visitor_months, plan.visitor_before);
    retention(_("commentaires des demandes"), c->rgpd.comment_months, plan.comment_before);
    retention(_("orientations, transmissions"), c->rgpd.orientation_months,
              plan.orientation_before);
    retention(_("rendez-vous"), c->rgpd.appointment_months, plan.appointment_before);
    retention(_("notes confidentielles"), c->rgpd.note_months, plan.note_before);
    retention(_("journal"), c->rgpd.journal_months, plan.journal_before);
    printf("%s\n", a->dry_run ? _("Seraient effacés, ou détachés de la personne :")
                              : _("Effacés, ou détachés de la personne :"));
    const rgpd_counts *n = &plan.counts;
    count(_("fiches effacées"), n->files);
    count(_("demandes détachées de ces fiches"), n->requests);
    count(_("commentaires de demandes vidés"), n->comments);
    count(_("orientations détachées"), n->orientations);
    count(_("dossiers transmis détachés"), n->escalations);
    count(_("rendez-vous détachés"), n->appointments);
    count(_("notes confidentielles effacées"), n->notes);
    count(_("entrées du journal effacées"), n->journal);
    if (a->dry_run) {
        printf(_("Personnes concernées, par pseudonyme (colonne « usager » des fichiers des "
                 "financeurs) : %zu\n"),
               plan.npeople);
        for (size_t i = 0; i < plan.npeople; i++) {
            char k[160];
            kinds_text(plan.people[i].kinds, k, sizeof k);
            printf("  %s  %s\n", plan.people[i].pseudonym, k);
        }
    } else {
        printf("%s\n", _("Les chiffres déjà envoyés aux financeurs restent justes. La purge est "
                         "inscrite au journal (les nombres seulement)."));
    }
    rgpd_plan_free(&plan);
    return 0;
}

/* The file named on the command line; says so when it was merged away. */
static int find(g_db *db, const char *text, int64_t *id)
{
    int64_t merged_from = 0;
    g_error err = {0};
    if (rgpd_find_visitor(db, text, id, &merged_from, &err) != G_OK)
        return cli_report(&err);
    if (merged_from)
        printf(_("La fiche n° %lld a été fusionnée dans la fiche n° %lld : c'est elle qui "
                 "est traitée.\n"),
               (long long)merged_from, (long long)*id);
    return 0;
}

static int cmd_acces(cli_ctx *ctx, g_db *db, const args *a, int64_t actor)
{
    int64_t id;
    int rc = find(db, a->target, &id);
    if (rc != 0)
        return rc;
    g_error err = {0};
    if (rgpd_access_write(db, &ctx->cfg, actor, id, a->out, &err) != G_OK)
        return cli_report(&err);
    printf(_("Document d'accès écrit dans %s (lisible par vous seul : mode 0600).\n"
             "Remettez-le à la personne ; la remise est inscrite au journal.\n"),
           a->out);
    return 0;
}

static int cmd_effacer(g_db *db, const args *a, int64_t actor)
{
    int64_t id;
    int rc = find(db, a->target, &id);
    if (rc != 0)
        return rc;
    rgpd_erase_result res;
    g_error err = {0};
    g_status s = rgpd_erase(db, actor, id, a->force, &res, &err);
    if (s != G_OK) {
        rc = cli_report(&err);
        if (s == G_ERR_CONFLICT && strcmp(err.field, "appointments") == 0)
            fprintf(stderr, _("Pour effacer quand même : guichet rgpd effacer %s --force\n"),
                    cli_text(a->target));
        return rc;
    }
    const rgpd_counts *c = &res.counts;
    printf(_("Fiche %s effacée, avec ses %lld note(s) confidentielle(s).\n"), res.uuid,
           (long long)c->notes);
    printf(_("Détachés de la personne et gardés pour les chiffres : %lld demande(s), %lld "
             "rendez-vous, %lld orientation(s), %lld dossier(s) transmis.\n"),
           (long long)c->requests, (long long)c->appointments, (long long)c->orientations,
           (long long)c->escalations);
    if (c->cancelled)
        printf(_("Rendez-vous à venir annulés : %lld.\n"), (long long)c->cancelled);
    printf(_("Son pseudonyme dans les fichiers des financeurs était %s.\n"), res.pseudonym);
    return 0;
}

static int cmd_cherche(g_db *db, const args *a, int64_t actor)
{
    g_error err = {0};
    visitor_row rows[20];
    int n = 0, more = 0;
    if (visitor_search(db, a->target, rows, 20, &n, &more, &err) != G_OK)
        return cli_report(&err);
    if (n == 0) {
        printf(_("Aucune fiche ne correspond à « %s ».\n"), a->target);
        return 0;
    }
    for (int i = 0; i < n; i++) {
        visitor *v = malloc(sizeof *v);
        if (!v || visitor_get(db, rows[i].id, v, &err) != G_OK) {
            free(v);
            if (!err.code)
                g_err(&err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
            return cli_report(&err);
        }
        char name[700], born[11] = "", seen[24] = "";
        visitor_row_name(&rows[i], name, sizeof name);
        normalize_date_display(rows[i].birth_date, born);
        if (rows[i].last_visit_at)
            clock_format(rows[i].last_visit_at, "%d/%m/%Y", seen, sizeof seen);
        printf("%6lld  %s  %s", (long long)rows[i].id, v->uuid, name);
        if (born[0])
            printf(_(", né(e) le %s"), born);
        if (seen[0])
            printf(_(", venu(e) le %s"), seen);
        putchar('\n');
        free(v);
    }
    if (more)
        printf("%s\n", _("(d'autres fiches correspondent : précisez la recherche)"));
    return 0;
}

/* A purge that failed says so in the system journal too (the nightly run's
 * one line; its success line is written by cmd_purge). Returns rc. */
static int logged(const char *sub, const args *a, int rc)
{
    if (rc != 0 && strcmp(sub, "purge") == 0 && !a->dry_run)
        runlog_write(1, 0, _("purge : échec (code %d)"), rc);
    return rc;
}

int cli_rgpd(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2)
        return usage("%s", _("sous-commande manquante."));
    const char *sub = argv[1];
    args a;
    int rc;
    if (strcmp(sub, "purge") == 0)
        rc = parse(argc, argv, "dq", 0, &a);
    else if (strcmp(sub, "acces") == 0 || strcmp(sub, "accès") == 0)
        rc = parse(argc, argv, "o", 1, &a);
    else if (strcmp(sub, "effacer") == 0)
        rc = parse(argc, argv, "f", 1, &a);
    else if (strcmp(sub, "cherche") == 0)
        rc = parse(argc, argv, "", 1, &a);
    else
        return usage(_("sous-commande inconnue « %s »."), sub);
    if (rc != 0)
        return rc;
    g_db *db = NULL;
    if ((rc = cli_open_db(ctx, &db)) != 0)
        return logged(sub, &a, rc);
    g_error err = {0};
    int64_t actor = 0;
    char what[64];
    snprintf(what, sizeof what, "rgpd %s", sub);
    int done = 0;
    if (site_apply_zone(db, &err) != G_OK)
        rc = cli_report(&err);
    else if (strcmp(sub, "purge") == 0 && a.daily && !a.dry_run &&
             ((rc = daily_purge_done(db, &a, &done)) != 0 || done))
        ; /* today's purge is made (or its date could not be read) */
    else if ((rc = cli_actor_resolve(ctx, db, &a.actor, what, &actor)) == 0 &&
             rgpd_check_manager(db, actor, &err) != G_OK)
        rc = cli_report(&err); /* before anything is looked up */
    if (done)
        runlog_write(0, 0, "%s", _("purge : déjà faite aujourd'hui, rien à faire"));
    if (rc == 0 && !done) {
        if (strcmp(sub, "purge") == 0)
            rc = cmd_purge(ctx, db, &a, actor);
        else if (strcmp(sub, "effacer") == 0)
            rc = cmd_effacer(db, &a, actor);
        else if (strcmp(sub, "cherche") == 0)
            rc = cmd_cherche(db, &a, actor);
        else
            rc = cmd_acces(ctx, db, &a, actor);
    }
    db_close(db);
    return logged(sub, &a, rc);
}
