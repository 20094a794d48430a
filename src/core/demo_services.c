/* demo_services.c — the directory's demo content (see demo.h).
 *
 * The national operators exactly as data/services-national.csv ships them
 * (the text below is that file; tests/unit/test_demo_services.c checks they
 * stay identical), fictional local services and permanences of the demo
 * site's commune (phone numbers in the 01 99 00 range ARCEP keeps for
 * fiction, addresses on example.org), and a few orientations for the demo
 * visitors when the visitors' demo step has run before. */
#include <stdio.h>
#include <string.h>

#include "db_internal.h"
#include "demo_internal.h"
#include "guichet/clock.h"
#include "guichet/demo.h"
#include "guichet/directory.h"
#include "guichet/i18n.h"
#include "guichet/import.h"
#include "guichet/orientation.h"
#include "guichet/status.h"

/* data/services-national.csv, byte for byte */
static const char national_csv[] =
    "id;source;nom;structure;operateur;thematiques;description;telephone;courriel;lien_source"
    ";adresse;code_postal;commune;code_insee;horaires_accueil;modes_accueil;frais;a_apporter\n"
    "caf;guichet-national;CAF — Caisse d'allocations familiales;Caisse d'allocations familial"
    "es (branche Famille);caf;famille,logement-hebergement,difficultes-financieres,difficulte"
    "s-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits;Prestations famil"
    "iales, aides au logement, RSA et prime d'activité.;3230;;https://www.caf.fr;;;;;;a-dista"
    "nce;;\n"
    "cpam;guichet-national;Assurance maladie;Caisse primaire d'assurance maladie;cpam;sante--"
    "acces-aux-soins,difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-au"
    "x-droits;Remboursement des soins, carte Vitale, arrêts de travail, complémentaire santé "
    "solidaire.;3646;;https://www.ameli.fr;;;;;;a-distance;;\n"
    "retraite;guichet-national;Assurance retraite;Assurance retraite (CNAV / Carsat);retraite"
    ";difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"
    ",difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits;Retrai"
    "te de base des salariés du régime général : relevé de carrière, demande de retraite.;396"
    "0;;https://www.lassuranceretraite.fr;;;;;;a-distance;;\n"
    "msa;guichet-national;MSA — Mutualité sociale agricole;Mutualité sociale agricole;msa;san"
    "te--acces-aux-soins,famille,difficultes-administratives-ou-juridiques--accompagnement-po"
    "ur-lacces-aux-droits;Protection sociale des exploitants et salariés agricoles : santé, f"
    "amille, retraite.;;;https://www.msa.fr;;;;;;a-distance;;\n"
    "france-travail;guichet-national;France Travail;France Travail (ex-Pôle emploi);france-tr"
    "avail;trouver-un-emploi,preparer-sa-candidature,se-former,choisir-un-metier;Inscription "
    "comme demandeur d'emploi, indemnisation, offres d'emploi, formation.;3949;;https://www.f"
    "rancetravail.fr;;;;;;a-distance;;\n"
    "dgfip;guichet-national;Finances publiques (impôts);Direction générale des finances publi"
    "ques;dgfip;difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-admin"
    "istratives;Impôt sur le revenu, prélèvement à la source, taxe foncière, avis d'impositio"
    "n.;0 809 401 401;;https://www.impots.gouv.fr;;;;;;a-distance;;\n"
    "france-titres;guichet-national;France Titres (ANTS);France Titres / ANTS, ministère de l"
    "'Intérieur;france-titres;difficultes-administratives-ou-juridiques--accompagnement-aux-d"
    "emarches-administratives,numerique--acceder-a-des-services-en-ligne;Carte nationale d'id"
    "entité, passeport, permis de conduire, certificat d'immatriculation (carte grise) : dema"
    "ndes en ligne.;;;https://ants.gouv.fr;;;;;;a-distance;;\n"
    "justice;guichet-national;Justice — accès au droit;Ministère de la Justice;justice;diffic"
    "ultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire,diff"
    "icultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits;Information"
    " juridique, points-justice, conciliation, aide juridictionnelle.;;;https://www.justice.f"
    "r;;;;;;a-distance;;\n"
    "la-poste;guichet-national;La Poste;La Poste;la-poste;difficultes-administratives-ou-juri"
    "diques--accompagnement-aux-demarches-administratives;Services postaux et bancaires.;;;ht"
    "tps://www.laposte.fr;;;;;;a-distance;;\n"
    "agirc-arrco;guichet-national;Agirc-Arrco;Retraite complémentaire Agirc-Arrco;agirc-arrco"
    ";difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"
    ",difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits;Retrai"
    "te complémentaire des salariés du secteur privé.;0 820 200 189;;https://www.agirc-arrco."
    "fr;;;;;;a-distance;;\n"
    "france-renov;guichet-national;France Rénov';France Rénov' (rénovation de l'habitat);fran"
    "ce-renov;logement-hebergement--se-maintenir-dans-le-logement;Conseil et aides pour la ré"
    "novation énergétique du logement (MaPrimeRénov').;0 808 800 700;;https://france-renov.go"
    "uv.fr;;;;;;a-distance;;\n"
    "cheque-energie;guichet-national;Chèque énergie;Chèque énergie;cheque-energie;difficultes"
    "-financieres--prevenir-une-degradation-de-la-situation-financiere;Aide au paiement des f"
    "actures d'énergie des ménages aux revenus modestes.;0 805 204 805;;https://chequeenergie"
    ".gouv.fr;;;;;;a-distance;;\n";

/* Fictional local services of Saint-Amand-en-Puisaye (the demo site). */
static const char local_csv[] =
    "id;source;nom;structure;operateur;thematiques;description;a_apporter;adresse;code_postal;"
    "commune;code_insee;telephone;courriel;lien_source;horaires_accueil;modes_accueil;frais\n"
    "ccas;demo-local;CCAS de Saint-Amand-en-Puisaye;Centre communal d'action sociale;;"
    "difficultes-financieres,equipement-et-alimentation--alimentation,difficultes-"
    "administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits;Aides facultatives, "
    "domiciliation, aide alimentaire d'urgence, instruction des demandes d'aide sociale.;"
    "Pièce d'identité, justificatif de domicile, dernier avis d'imposition, justificatifs de "
    "ressources des trois derniers mois.;2 place de la Mairie;58310;Saint-Amand-en-Puisaye;58227;"
    "01 99 00 10 01;ccas@example.org;https://www.example.org/ccas;"
    "\"Mo-Fr 09:00-12:00,14:00-17:00; PH off\";en-presentiel;gratuit\n"
    "mission-locale;demo-local;Mission locale — permanence de Saint-Amand;Mission locale du "
    "Nivernais (fictive);;trouver-un-emploi,se-former,choisir-un-metier,preparer-sa-candidature;"
    "Accompagnement des jeunes de 16 à 25 ans : emploi, formation, logement, santé.;"
    "CV si vous en avez un, pièce d'identité.;France Services, 1 rue du Château;58310;"
    "Saint-Amand-en-Puisaye;58227;01 99 00 10 02;contact@mission-locale.example.org;;"
    "\"Tu,Th 09:00-12:00,13:30-17:00; PH off\";en-presentiel,a-distance;gratuit\n"
    "epicerie;demo-local;Épicerie solidaire « Le Panier de Puisaye »;Association Le Panier de "
    "Puisaye (fictive);;equipement-et-alimentation--alimentation,difficultes-financieres--"
    "acquerir-une-autonomie-budgetaire;Produits alimentaires et d'hygiène à petit prix, sur "
    "orientation du CCAS ou d'un travailleur social.;La fiche d'orientation.;12 rue des Potiers;"
    "58310;Saint-Amand-en-Puisaye;58227;01 99 00 10 03;;;\"We 14:00-18:00; Sa 09:00-12:00; PH "
    "off\";en-presentiel;payant\n"
    "point-justice;demo-local;Point-justice — permanence du conciliateur de justice;Conseil "
    "départemental de l'accès au droit (fictif);justice;difficultes-administratives-ou-"
    "juridiques--prendre-en-compte-une-problematique-judiciaire;Litiges du quotidien (voisinage, "
    "consommation, location) : le conciliateur aide à trouver un accord à l'amiable.;Les "
    "courriers, contrats et factures liés au litige.;France Services, 1 rue du Château;58310;"
    "Saint-Amand-en-Puisaye;58227;01 99 00 10 04;;;\"Mo 14:00-17:00; PH off\";en-presentiel;"
    "gratuit\n"
    "conseiller-numerique;demo-local;Conseiller numérique France Services;France Services de "
    "Saint-Amand (démo);;numerique--maitriser-les-fondamentaux-du-numerique,numerique--acceder-"
    "a-des-services-en-ligne,numerique--acquerir-un-equipement;Ateliers et rendez-vous pour "
    "apprendre à utiliser un ordinateur, un smartphone, une messagerie et les sites des "
    "administrations.;Votre téléphone ou votre ordinateur portable, et vos identifiants si vous "
    "en avez.;France Services, 1 rue du Château;58310;Saint-Amand-en-Puisaye;58227;"
    "01 99 00 10 05;numerique@example.org;;\"Mo-Fr 09:00-12:00; PH off\";en-presentiel;gratuit\n"
    "caf-permanence;demo-local;Permanence CAF sur rendez-vous;CAF de la Nièvre (fictive);caf;"
    "famille,logement-hebergement--louer-un-logement,difficultes-financieres;Un conseiller de la "
    "CAF reçoit sur rendez-vous pour les dossiers complexes.;Numéro d'allocataire, pièce "
    "d'identité, derniers justificatifs de ressources.;France Services, 1 rue du Château;58310;"
    "Saint-Amand-en-Puisaye;58227;;;;\"Tu 09:00-12:00; PH off\";en-presentiel;gratuit\n"
    "centre-medico-social;demo-local;Centre médico-social;Département (fictif);;sante--acces-aux-"
    "soins,famille--soutien-a-la-parentalite-et-a-leducation,famille--garde-denfants;"
    "Assistante sociale de secteur, protection maternelle et infantile (PMI).;Carnet de santé "
    "de l'enfant, carte Vitale.;5 avenue de la Gare;58310;Saint-Amand-en-Puisaye;58227;"
    "01 99 00 10 07;cms@example.org;;\"Mo-Fr 08:30-12:00,13:30-17:00; PH off\";en-presentiel;"
    "gratuit\n"
    "france-renov-permanence;demo-local;Espace conseil France Rénov' — permanence;Agence locale "
    "de l'énergie (fictive);france-renov;logement-hebergement--se-maintenir-dans-le-logement;"
    "Conseils gratuits et neutres pour rénover son logement et monter un dossier d'aide.;"
    "Dernier avis d'imposition, factures d'énergie, devis si vous en avez.;France Services, 1 rue "
    "du Château;58310;Saint-Amand-en-Puisaye;58227;01 99 00 10 08;;;\"Th 14:00-17:00; PH off\";"
    "en-presentiel,a-distance;gratuit\n"
    "vestiaire;demo-local;Vestiaire solidaire de la Croix-Verte;Association La Croix-Verte "
    "(fictive);;equipement-et-alimentation--habillement;Vêtements pour enfants et adultes à "
    "petit prix.;;8 rue de la Croix-Verte;58310;Saint-Amand-en-Puisaye;58227;01 99 00 10 09;;;"
    "\"Sa 09:00-12:00; PH off\";en-presentiel;payant\n"
    "garage-solidaire;demo-local;Garage solidaire « Roue libre »;Association Roue libre "
    "(fictive);;mobilite--entretenir-reparer-son-vehicule,mobilite--acceder-a-un-vehicule,"
    "mobilite--preparer-un-permis;Réparations à prix réduit, location de voitures et de "
    "scooters pour aller travailler, aide au permis.;Carte grise et permis de conduire, "
    "attestation de France Travail ou de la Mission locale.;ZA des Bruyères;58310;"
    "Saint-Amand-en-Puisaye;58227;01 99 00 10 10;roue-libre@example.org;;"
    "\"Mo-Fr 09:00-12:00,14:00-18:00; PH off\";en-presentiel;payant\n";

static g_status import_text(g_db *db, const char *text, const char *name, g_error *err)
{
    import_result res;
    g_status s = import_services_mem(db, text, strlen(text), name, 0, 0, &res, err);
    if (s == G_ERR_INVALID && res.nproblem)
        g_err(err, s, "demo: %s ligne %d : %s", name, res.problems[0].line, res.problems[0].msg);
    import_result_free(&res);
    return s;
}

static g_status one_int64(g_db *db, const char *sql, const char *arg, int64_t *out, g_error *err)
{
    sqlite3_stmt *st;
    g_status s = db_prepare(db, sql, &st, err);
    if (s != G_OK)
        return s;
    if (arg)
        db_bind_text(st, 1, arg);
    int step = sqlite3_step(st);
    *out = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return step == SQLITE_ROW || step == SQLITE_DONE ? G_OK : db_fail(db, err, "demo");
}

/* A few orientations of the first demo visitors: some to follow up today or
 * overdue, one accepted, one refused. */
static g_status demo_orientations(g_db *db, const g_config *cfg, g_error *err)
{
    int64_t visitors[5] = {0};
    size_t n = 0;
    g_status s = demo_first_visitors(db, visitors, 5, &n, err);
    if (s != G_OK || n == 0)
        return s;
    int64_t agent = 0;
    if ((s = demo_user_id(db, "accueil", &agent, err)) != G_OK)
        return s;

    static const struct {
        const char *service;
        const char *theme;
        const char *reason;
        const char *contact;
        int followup_in; /* days from today (negative: overdue) */
        int age_days;    /* created that many days ago */
        const char *status;
        const char *refusal;
    } plan[] = {
        {"epicerie", "equipement-et-alimentation--alimentation",
         "Fin de mois difficile : accès à l'épicerie solidaire.", "telephone", 0, 10, NULL, NULL},
        {"mission-locale", "trouver-un-emploi", "Recherche d'un premier emploi ou d'une formation.",
         "courriel", -2, 12, NULL, NULL},
        {"point-justice",
         "difficultes-administratives-ou-juridiques--prendre-en-compte-une-"
         "problematique-judiciaire",
         "Litige avec le propriétaire au sujet du dépôt de garantie.", "par-l-agent", 5, 5, NULL,
         NULL},
        {"conseiller-numerique", "numerique--maitriser-les-fondamentaux-du-numerique",
         "Apprendre à utiliser sa messagerie et l'espace en ligne des impôts.", "telephone", 0, 20,
         ORIENT_ACCEPTED, NULL},
        {"garage-solidaire", "mobilite--acceder-a-un-vehicule",
         "Louer un scooter pour se rendre à un nouvel emploi.", "telephone", -6, 16, ORIENT_REFUSED,
         "injoignable"},
    };
    int64_t now = clock_now();
    for (size_t i = 0; i < sizeof plan / sizeof *plan; i++) {
        int64_t service = 0;
        if ((s = one_int64(db,
                           "SELECT id FROM service WHERE source = 'demo-local' AND source_id = ?1",
                           plan[i].service, &service, err)) != G_OK)
            return s;
        char followup[16];
        clock_format(now + (int64_t)plan[i].followup_in * 86400, "%Y-%m-%d", followup,
                     sizeof followup);
        orientation_new in = {.visitor_id = visitors[i % n],
                              .service_id = service,
                              .theme = plan[i].theme,
                              .reason = plan[i].reason,
                              .contact = plan[i].contact,
                              .followup_on = followup};
        int64_t id = 0;
        if ((s = orientation_create(db, cfg, agent, &in, &id, err)) != G_OK)
            return s;
        /* dated in the past, as if made on an earlier day */
        char sql[256];
        snprintf(sql, sizeof sql,
                 "UPDATE orientation SET created_at = created_at - %d, updated_at = updated_at - "
                 "%d WHERE id = %lld; UPDATE orientation_history SET at = at - %d WHERE "
                 "orientation_id = %lld",
                 plan[i].age_days * 86400, plan[i].age_days * 86400, (long long)id,
                 plan[i].age_days * 86400, (long long)id);
        if ((s = db_exec(db, sql, err)) != G_OK)
            return s;
        if (plan[i].status && (s = orientation_set_status(db, agent, id, plan[i].status,
                                                          plan[i].refusal, err)) != G_OK)
            return s;
    }
    return G_OK;
}

g_status demo_services(g_db *db, const g_config *cfg, g_error *err)
{
    g_status s = import_text(db, national_csv, "services-national.csv", err);
    if (s == G_OK)
        s = import_text(db, local_csv, "services-demo.csv", err);
    if (s == G_OK)
        s = demo_orientations(db, cfg, err);
    return s;
}
