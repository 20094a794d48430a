/* rgpd_access.c — the subject-access document (see guichet/rgpd.h).
 *
 * Plain French a person can read at the desk, 80 columns, every section
 * present even when empty (« aucune ») so that the person sees what is NOT
 * held too. Everything comes from the model's own readers (visitor.h,
 * orientation.h, agenda.h, escalation.h) so that the document shows what
 * the screens show; the journal part reads the entries that name the
 * person's file or one of their rows. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_internal.h"
#include "rgpd_internal.h"
#include "guichet/agenda.h"
#include "guichet/audit.h"
#include "guichet/clock.h"
#include "guichet/commune.h"
#include "guichet/escalation.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/orientation.h"
#include "guichet/printout.h"
#include "guichet/ref.h"
#include "guichet/rgpd.h"
#include "guichet/user.h"
#include "guichet/visit.h"
#include "guichet/visitor.h"
#include "guichet/strbuf.h"
#include "guichet/status.h"

#define WIDTH 78

static const char *label_of(const char *const *codes, const char *const *labels, const char *code)
{
    int i = code && code[0] ? ref_index(codes, code) : -1;
    return i < 0 ? (code && code[0] ? code : "—") : _(labels[i]);
}

static const char *or_dash(const char *s)
{
    return s && s[0] ? s : "—";
}

static const char *yes_no(int v)
{
    return v ? _("oui") : _("non");
}

static void when(int64_t t, char *out, size_t size)
{
    if (t <= 0)
        snprintf(out, size, "—");
    else
        clock_format(t, "%d/%m/%Y %H:%M", out, size);
}

static void day_of(int64_t t, char out[11])
{
    clock_format(t, "%d/%m/%Y", out, 11);
}

static void field(strbuf *b, const char *label, const char *value)
{
    char line[1200];
    snprintf(line, sizeof line, "%s : %s", label, or_dash(value));
    strbuf_wrap(b, "  ", 4, WIDTH, line);
}

static void heading(strbuf *b, int n, const char *title, size_t count, int with_count)
{
    if (with_count)
        strbuf_printf(b, "\n%d. %s (%zu)\n", n, title, count);
    else
        strbuf_printf(b, "\n%d. %s\n", n, title);
}

/* ---- sections ------------------------------------------------------------------ */

static g_status section_identity(g_db *db, strbuf *b, const visitor *v, g_error *err)
{
    heading(b, 1, _("Votre dossier"), 0, 0);
    char buf[64];
    field(b, _("Nom d'usage"), v->last_name);
    field(b, _("Nom de naissance"), v->birth_name);
    field(b, _("Prénoms"), v->first_names);
    normalize_date_display(v->birth_date, buf);
    field(b, _("Date de naissance"), buf);
    field(b, _("Sexe"), label_of(ref_sexes, ref_sex_labels, v->sex));
    char commune[COMMUNE_LABEL_MAX + 24] = "", label[COMMUNE_LABEL_MAX];
    g_status cs = commune_label(db, v->commune, label, sizeof label, err);
    if (cs != G_OK)
        return cs;
    if (v->commune[0] && strcmp(label, v->commune) != 0)
        snprintf(commune, sizeof commune, _("%s, code INSEE %s"), label, v->commune);
    else
        snprintf(commune, sizeof commune, "%s", v->commune);
    field(b, _("Commune"), commune);
    field(b, _("Code postal"), v->postal_code);
    char phone[40] = "";
    if (v->phone[0])
        normalize_phone_display(v->phone, phone, sizeof phone);
    field(b, _("Téléphone"), phone);
    field(b, _("Courriel"), v->email);
    static const char *const contacts[] = {"telephone", "sms", "courriel", "courrier", NULL};
    static const char *const contact_labels[] = {N_("téléphone"), N_("SMS"), N_("courriel"),
                                                 N_("courrier"), NULL};
    field(b, _("Moyen de contact préféré"),
          label_of(contacts, contact_labels, v->preferred_contact));
    field(b, _("Langue parlée"), v->language);
    field(b, _("Besoin d'aide avec le numérique"), yes_no(v->needs_digital_help));
    field(b, _("Difficulté pour lire ou écrire"), yes_no(v->reading_difficulty));
    field(b, _("Ne parle pas français"), yes_no(v->no_french));
    field(b, _("Situation de handicap"), yes_no(v->disability));
    if (v->consent_date[0]) {
        char d[11], line[160];
        normalize_date_display(v->consent_date, d);
        snprintf(line, sizeof line, _("%s, le %s"),
                 strcmp(v->consent_kind, "ecrit") == 0 ? _("par écrit") : _("à l'oral"), d);
        field(b, _("Accord pour conserver le dossier"), line);
    } else {
        field(b, _("Accord pour conserver le dossier"), _("non recueilli"));
    }
    char created[24], updated[24], last[24];
    when(v->created_at, created, sizeof created);
    when(v->updated_at, updated, sizeof updated);
    when(v->last_visit_at, last, sizeof last);
    field(b, _("Dossier créé le"), created);
    field(b, _("Dernière modification le"), updated);
    field(b, _("Dernière venue le"), last);
    field(b, _("Identifiant du dossier"), v->uuid);
    int64_t merged = 0;
    sqlite3_stmt *st;
    g_status s = db_prepare(db, "SELECT count(*) FROM visitor WHERE merged_into = ?1", &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, v->id);
    /* the files merged into this one are part of the answer: unread is an error */
    if ((s = db_step_row(db, st, _("lecture des dossiers réunis"), err)) == G_OK)
        merged = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (s != G_OK && s != G_ERR_NOTFOUND)
        return s;
    if (merged > 0) {
        char line[200];
        snprintf(line, sizeof line,
                 P_("%lld dossier en double a été réuni avec celui-ci ; tout ce qu'il contenait "
                    "figure ci-dessus et ci-dessous.",
                    "%lld dossiers en double ont été réunis avec celui-ci ; tout ce qu'ils "
                    "contenaient figure ci-dessus et ci-dessous.",
                    (unsigned long)merged),
                 (long long)merged);
        strbuf_wrap(b, "  ", 2, WIDTH, line);
    }
    return G_OK;
}

/* Wraps a line built piece by piece into the document, whole (a growing
 * strbuf: this document is the law's answer, nothing in it is cut), and
 * empties it. A line memory could not hold fails the document. */
static void put_line(strbuf *b, const char *first, int indent, strbuf *line)
{
    if (line->truncated)
        b->truncated = 1;
    else
        strbuf_wrap(b, first, indent, WIDTH, strbuf_str(line));
    strbuf_free(line);
}

static g_status section_requests(g_db *db, strbuf *b, int64_t id, int *surveyed, g_error *err)
{
    visitor_request *r = NULL;
    size_t n = 0;
    g_status s = visitor_history(db, id, &r, &n, err);
    if (s != G_OK)
        return s;
    heading(b, 2, _("Vos demandes"), n, 1);
    if (!n)
        strbuf_wrap(b, "  ", 2, WIDTH, _("aucune"));
    for (size_t i = 0; i < n; i++) {
        const visitor_request *q = &r[i];
        char at[24];
        when(q->arrived_at, at, sizeof at);
        strbuf line;
        strbuf_init_grow(&line);
        strbuf_printf(&line, "%s, %s", at, label_of(ref_channels, ref_channel_labels, q->channel));
        if (q->help_type[0])
            strbuf_printf(&line, " : %s",
                          label_of(ref_help_types, ref_help_type_labels, q->help_type));
        /* "caf,cpam" → "CAF, Assurance maladie" */
        char codes[96];
        snprintf(codes, sizeof codes, "%s", q->operators);
        char *save = NULL;
        for (char *t = strtok_r(codes, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            const ref_operator *o = ref_operator_find(t);
            strbuf_printf(&line, ", %s", o ? o->name : t);
        }
        if (q->outcome[0])
            strbuf_printf(&line, _(" ; résultat : %s"),
                          label_of(visit_outcomes, visit_outcome_labels, q->outcome));
        else
            strbuf_printf(&line, " ; %s", label_of(visit_states, visit_state_labels, q->state));
        if (q->duration_min >= 0)
            strbuf_printf(&line, _(" ; %d min"), q->duration_min);
        if (q->agent_name[0])
            strbuf_printf(&line, _(" ; reçu(e) par %s"), q->agent_name);
        put_line(b, "  - ", 4, &line);
        if (q->comment[0]) {
            strbuf_init_grow(&line);
            strbuf_printf(&line, _("Commentaire : « %s »"), q->comment);
            put_line(b, "    ", 4, &line);
        }
    }
    free(r);
    int64_t asked = 0;
    sqlite3_stmt *st;
    if ((s = db_prepare(db, "SELECT count(*) FROM visit WHERE visitor_id = ?1 AND surveyed = 1",
                        &st, err)) != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW)
        asked = sqlite3_column_int64(st, 0);
    else
        s = db_fail(db, err, _("lecture des demandes"));
    sqlite3_finalize(st);
    *surveyed = (int)asked;
    return s;
}

static g_status section_orientations(g_db *db, strbuf *b, int64_t id, g_error *err)
{
    g_orientation *o = NULL;
    size_t n = 0;
    g_status s = orientation_list_visitor(db, id, &o, &n, err);
    if (s != G_OK)
        return s;
    heading(b, 3, _("Vos orientations vers un partenaire"), n, 1);
    if (!n)
        strbuf_wrap(b, "  ", 2, WIDTH, _("aucune"));
    for (size_t i = 0; i < n && s == G_OK; i++) {
        char d[11], f[11];
        day_of(o[i].created_at, d);
        normalize_date_display(o[i].followup_on, f);
        strbuf line;
        strbuf_init_grow(&line);
        strbuf_printf(
            &line, _("%s, vers « %s » : %s"), d, o[i].service_name,
            orientation_label(orientation_statuses, orientation_status_labels, o[i].status));
        if (o[i].refusal_reason[0])
            strbuf_printf(&line, " (%s)",
                          orientation_label(orientation_refusals, orientation_refusal_labels,
                                            o[i].refusal_reason));
        if (strcmp(o[i].status, ORIENT_OPEN) == 0)
            strbuf_printf(&line, _(" ; suivi prévu le %s"), f);
        put_line(b, "  - ", 4, &line);
        if (o[i].reason[0]) {
            strbuf_init_grow(&line);
            strbuf_printf(&line, _("Motif : « %s »"), o[i].reason);
            put_line(b, "    ", 4, &line);
        }
    }
    free(o);
    return s;
}

static g_status section_appointments(g_db *db, strbuf *b, int64_t id, g_error *err)
{
    agenda_item *a = NULL;
    size_t n = 0;
    g_status s = agenda_visitor_list(db, id, &a, &n, err);
    if (s != G_OK)
        return s;
    heading(b, 4, _("Vos rendez-vous"), n, 1);
    if (!n)
        strbuf_wrap(b, "  ", 2, WIDTH, _("aucun"));
    for (size_t i = 0; i < n; i++) {
        char at[24], end[8];
        when(a[i].start_at, at, sizeof at);
        clock_format(a[i].end_at, "%H:%M", end, sizeof end);
        strbuf line;
        strbuf_init_grow(&line);
        strbuf_printf(&line, _("%s–%s, %s (%s) : %s"), at, end, a[i].motif_name, a[i].resource_name,
                      agenda_status_label(a[i].status, a[i].to_fill));
        if (a[i].comment[0])
            strbuf_printf(&line, _(" ; commentaire : « %s »"), a[i].comment);
        put_line(b, "  - ", 4, &line);
    }
    free(a);
    return G_OK;
}

static g_status section_escalations(g_db *db, strbuf *b, int64_t id, g_error *err)
{
    escalation *e = NULL;
    size_t n = 0;
    g_status s = escalation_list_visitor(db, id, &e, &n, err);
    if (s != G_OK)
        return s;
    heading(b, 5, _("Vos dossiers transmis au référent d'un partenaire"), n, 1);
    if (!n)
        strbuf_wrap(b, "  ", 2, WIDTH, _("aucun"));
    for (size_t i = 0; i < n; i++) {
        char d[11];
        day_of(e[i].created_at, d);
        strbuf line;
        strbuf_init_grow(&line);
        strbuf_printf(&line, _("%s, à %s (%s) : « %s » ; %s"), d, e[i].referent_name, e[i].partner,
                      e[i].subject, escalation_status_label(e[i].status));
        if (e[i].answer[0])
            strbuf_printf(&line, _(" ; réponse : « %s »"), e[i].answer);
        put_line(b, "  - ", 4, &line);
    }
    free(e);
    return G_OK;
}

static g_status section_notes(g_db *db, strbuf *b, int64_t id, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db,
                            "SELECT count(*), ifnull(min(created_at), 0) FROM note WHERE "
                            "visitor_id = ?1",
                            &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, id);
    int64_t n = 0, first = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        n = sqlite3_column_int64(st, 0);
        first = sqlite3_column_int64(st, 1);
    } else {
        s = db_fail(db, err, _("lecture des notes"));
    }
    sqlite3_finalize(st);
    if (s != G_OK)
        return s;
    heading(b, 7, _("Notes confidentielles"), 0, 0);
    char line[600];
    if (n == 0) {
        strbuf_wrap(b, "  ", 2, WIDTH,
                    _("Aucune note confidentielle n'a été écrite à votre sujet."));
        return G_OK;
    }
    char d[11];
    day_of(first, d);
    snprintf(line, sizeof line,
             P_("Les professionnels qui vous accompagnent ont écrit %lld note confidentielle à "
                "votre sujet (le %s).",
                "Les professionnels qui vous accompagnent ont écrit %lld notes confidentielles à "
                "votre sujet (la première le %s).",
                (unsigned long)n),
             (long long)n, d);
    strbuf_wrap(b, "  ", 2, WIDTH, line);
    strbuf_wrap(
        b, "  ", 2, WIDTH,
        _("Leur contenu n'est pas reproduit dans ce document : la loi permet au "
          "professionnel de ne pas communiquer ses notes lorsqu'elles relèvent du secret "
          "professionnel ou qu'elles porteraient atteinte aux droits d'autres personnes "
          "(article 15, paragraphe 4, du RGPD). Vous pouvez en parler avec le professionnel "
          "qui vous suit ou avec le responsable de la maison France Services."));
    return G_OK;
}

static g_status section_journal(g_db *db, const g_config *cfg, strbuf *b, const visitor *v,
                                g_error *err)
{
    sqlite3_stmt *st;
    g_status s =
        db_prepare(db,
                   "SELECT a.at, ifnull(u.display_name, ''), u.role, a.action FROM audit a "
                   "LEFT JOIN app_user u ON u.id = a.user_id WHERE a.object IN ("
                   " SELECT 'visitor:' || ?2 UNION ALL SELECT 'visitor:' || ?1"
                   " UNION ALL SELECT 'visitor:' || uuid FROM visitor WHERE merged_into = ?1"
                   " UNION ALL SELECT 'note:' || uuid FROM note WHERE visitor_id = ?1"
                   " UNION ALL SELECT 'orientation:' || uuid FROM orientation WHERE visitor_id = ?1"
                   " UNION ALL SELECT 'appointment:' || uuid FROM appointment WHERE visitor_id = ?1"
                   " UNION ALL SELECT 'escalation:' || uuid FROM escalation WHERE visitor_id = ?1"
                   " UNION ALL SELECT 'visit:' || uuid FROM visit WHERE visitor_id = ?1)"
                   /* a file number may have served another person before this file was made */
                   " AND (a.object <> 'visitor:' || ?1 OR a.at >= ?3)"
                   " ORDER BY a.at, a.id", /* in date order, as the person reads it */
                   &st, err);
    if (s != G_OK)
        return s;
    sqlite3_bind_int64(st, 1, v->id);
    db_bind_text(st, 2, v->uuid);
    sqlite3_bind_int64(st, 3, v->created_at);
    heading(b, 8, _("Qui a consulté ou modifié votre dossier"), 0, 0);
    char line[600];
    snprintf(line, sizeof line,
             _("Le journal de guichet garde la trace de chaque consultation et de chaque "
               "modification pendant %d mois ; voici celles qui concernent votre dossier."),
             cfg ? cfg->rgpd.journal_months : 12);
    strbuf_wrap(b, "  ", 2, WIDTH, line);
    int rc, rows = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char at[24], who[160];
        when(sqlite3_column_int64(st, 0), at, sizeof at);
        const char *name = (const char *)sqlite3_column_text(st, 1);
        const char *role = (const char *)sqlite3_column_text(st, 2);
        user_role r;
        if (name && name[0] && role && user_role_parse(role, &r) == 0)
            snprintf(who, sizeof who, "%s (%s)", name, user_role_label(r));
        else
            snprintf(who, sizeof who, "%s",
                     _("guichet (commande du responsable ou tâche automatique)"));
        snprintf(line, sizeof line, "%s, %s : %s", at, who,
                 audit_action_label((const char *)sqlite3_column_text(st, 3)));
        strbuf_wrap(b, "  - ", 4, WIDTH, line);
        rows++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, err, _("lecture du journal"));
    if (!rows)
        strbuf_wrap(b, "  ", 2, WIDTH, _("aucune entrée"));
    return G_OK;
}

static void section_recipients(const g_config *cfg, strbuf *b)
{
    heading(b, 9, _("À qui vos données sont transmises"), 0, 0);
    strbuf_wrap(b, "  - ", 4, WIDTH,
                _("Aux financeurs de la maison France Services (l'État et son agence ANCT, les "
                  "collectivités, les organismes partenaires) : chaque nuit, des chiffres "
                  "d'activité sans votre nom, ni vos coordonnées, ni vos commentaires, ni vos "
                  "notes."));
    if (!cfg || cfg->export.with_pseudonym)
        strbuf_wrap(b, "    ", 4, WIDTH,
                    _("Chaque demande y porte un pseudonyme : une suite de chiffres et de lettres "
                      "qui ne permet pas de retrouver votre nom."));
    strbuf_wrap(b, "  - ", 4, WIDTH,
                _("Au partenaire vers qui vous êtes orienté(e), ou au référent à qui votre dossier "
                  "est transmis : ce qui est nécessaire pour traiter votre demande."));
    strbuf_wrap(b, "  - ", 4, WIDTH,
                _("À personne d'autre : vos données ne sont ni vendues ni utilisées à d'autres "
                  "fins."));
}

static void section_durations(const g_config *cfg, strbuf *b)
{
    g_config d;
    if (!cfg) {
        config_defaults(&d);
        cfg = &d;
    }
    heading(b, 10, _("Combien de temps vos données sont gardées"), 0, 0);
    char line[400];
    snprintf(line, sizeof line,
             _("Votre dossier et vos notes sont effacés %d mois après votre dernier contact avec "
               "la maison France Services."),
             cfg->rgpd.visitor_months);
    strbuf_wrap(b, "  - ", 4, WIDTH, line);
    snprintf(line, sizeof line,
             _("Les commentaires de vos demandes sont effacés après %d mois ; vos rendez-vous "
               "après %d mois et vos orientations après %d mois ne portent plus votre nom : "
               "ils ne restent que comme des chiffres."),
             cfg->rgpd.comment_months, cfg->rgpd.appointment_months, cfg->rgpd.orientation_months);
    strbuf_wrap(b, "  - ", 4, WIDTH, line);
    snprintf(line, sizeof line,
             _("Les notes confidentielles qui n'ont pas été modifiées depuis %d mois sont "
               "effacées ; le journal des consultations est gardé %d mois."),
             cfg->rgpd.note_months, cfg->rgpd.journal_months);
    strbuf_wrap(b, "  - ", 4, WIDTH, line);
}

static void section_rights(strbuf *b)
{
    heading(b, 11, _("Vos droits"), 0, 0);
    strbuf_wrap(
        b, "  ", 2, WIDTH,
        _("Vous pouvez demander que vos données soient corrigées (rectification) ou "
          "effacées, vous opposer à leur utilisation ou en demander la limitation. "
          "Adressez-vous au responsable de la maison France Services. Si la réponse ne vous "
          "convient pas, vous pouvez saisir la CNIL (www.cnil.fr, 3 place de Fontenoy, TSA "
          "80715, 75334 Paris Cedex 07)."));
}

/* ---- the document --------------------------------------------------------------- */

g_status rgpd_access_render(g_db *db, const g_config *cfg, int64_t actor_id, int64_t visitor_id,
                            char **out, g_error *err)
{
    *out = NULL;
    g_status s = rgpd_require_manager(db, actor_id, err);
    if (s != G_OK)
        return s;
    char uuid[37];
    if ((s = rgpd_live_file(db, visitor_id, uuid, err)) != G_OK)
        return s;
    visitor *v = malloc(sizeof *v);
    if (!v)
        return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    if ((s = visitor_get(db, visitor_id, v, err)) != G_OK) {
        free(v);
        return s;
    }
    g_site site;
    g_error why = {0};
    if ((s = db_site_get(db, &site, &why)) == G_ERR_NOTFOUND) {
        memset(&site, 0, sizeof site); /* a base not set up yet: no header line */
        s = G_OK;
    } else if (s != G_OK) {
        if (err)
            *err = why; /* unread, not absent */
        free(v);
        return s;
    }
    strbuf b;
    strbuf_init_grow(&b);
    char now[24];
    when(clock_now(), now, sizeof now);
    strbuf_puts(&b, _("DROIT D'ACCÈS À VOS DONNÉES PERSONNELLES"));
    strbuf_puts(&b, "\n");
    if (site.name[0])
        strbuf_printf(&b, "%s (%s)\n", site.name, site.matricule);
    strbuf_printf(&b, _("Document établi le %s.\n\n"), now);
    strbuf_wrap(&b, "", 0, WIDTH,
                _("Ce document rassemble tout ce que la maison France Services conserve sur vous "
                  "dans son logiciel d'accueil, comme le prévoit l'article 15 du règlement général "
                  "sur la protection des données (RGPD)."));
    int surveyed = 0;
    if ((s = section_identity(db, &b, v, err)) == G_OK &&
        (s = section_requests(db, &b, visitor_id, &surveyed, err)) == G_OK &&
        (s = section_orientations(db, &b, visitor_id, err)) == G_OK &&
        (s = section_appointments(db, &b, visitor_id, err)) == G_OK)
        s = section_escalations(db, &b, visitor_id, err);
    if (s == G_OK) {
        heading(&b, 6, _("Vos avis sur l'accueil"), 0, 0);
        char line[400];
        if (surveyed)
            snprintf(line, sizeof line,
                     P_("Votre avis a été demandé à la fin de %d demande. Il est enregistré "
                        "sans lien avec votre dossier : guichet ne peut pas le retrouver ni "
                        "vous le montrer.",
                        "Votre avis a été demandé à la fin de %d demandes. Il est enregistré "
                        "sans lien avec votre dossier : guichet ne peut pas le retrouver ni "
                        "vous le montrer.",
                        (unsigned long)surveyed),
                     surveyed);
        else
            snprintf(line, sizeof line, "%s", _("Votre avis n'a pas été recueilli."));
        strbuf_wrap(&b, "  ", 2, WIDTH, line);
        s = section_notes(db, &b, visitor_id, err);
    }
    if (s == G_OK)
        s = section_journal(db, cfg, &b, v, err);
    if (s == G_OK) {
        section_recipients(cfg, &b);
        section_durations(cfg, &b);
        section_rights(&b);
    }
    free(v);
    if (s != G_OK) {
        strbuf_free(&b);
        return s;
    }
    *out = strbuf_take(&b);
    if (!*out)
        return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    return G_OK;
}

g_status rgpd_access_write(g_db *db, const g_config *cfg, int64_t actor_id, int64_t visitor_id,
                           const char *path, g_error *err)
{
    if (!path || !*path)
        return g_err_field(err, G_ERR_INVALID, "file", "%s", _("Indiquez le nom du fichier."));
    char *text = NULL;
    /* one snapshot for the whole document, and the journal entry with it */
    g_status s = db_begin(db, err);
    if (s != G_OK)
        return s;
    if ((s = rgpd_access_render(db, cfg, actor_id, visitor_id, &text, err)) != G_OK)
        goto fail;
    if ((s = printout_save(path, text, err)) != G_OK)
        goto fail;
    char uuid[37], object[64];
    if ((s = rgpd_live_file(db, visitor_id, uuid, err)) != G_OK)
        goto written;
    snprintf(object, sizeof object, "visitor:%s", uuid);
    if ((s = audit_log(db, actor_id, "rgpd-access", object, "", err)) != G_OK ||
        (s = db_commit(db, err)) != G_OK)
        goto written;
    free(text);
    return G_OK;
written:
    /* a document handed out must be in the journal: no journal, no document */
    unlink(path);
fail:
    free(text);
    db_rollback(db);
    return s;
}
