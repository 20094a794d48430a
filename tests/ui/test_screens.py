"""Every screen, walked headless at 80x24 (issue 13):

- draw only draws: the driver fails a frame that runs SQL while drawing
  (checked on every screen read; the check itself is tested here);
- every hint, label and message fits or wraps: no key hint of the status
  bar or of a screen's legend is left out, and no text drawn as a hint, a
  label, a heading, an error or a confirmation ends with a « … » that cuts
  a word (data cells, such as a long name in a list, may be cut);
- the message of an action is shown on whichever screen is on top, until
  the next key (Échap hands it to the screen below), never taken away by
  time."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402

NO_LOCK = "[security]\nidle_lock_minutes = 0\n"
SITE = "France Services de Saint-Amand (démo)"

# Roles (uidrv.c role_letter) of text that must never be cut: hints (m),
# keys (h), errors (e), confirmations (o), labels (l), headings (H), the
# status bar's keys (k) and text (s).
NEVER_CUT = "mheolHks"

# (name, keys, text the screen then shows); "t:…" types text.
ACCUEIL = [
    ("home", [], "Par partenaire"),
    ("help", ["F1"], "Touches de guichet"), ("", ["Escape"], "Par partenaire"),
    ("quick information", ["i"], "Information rapide"), ("", ["Escape"], "Par partenaire"),
    ("home, entries", ["Tab"], "ouvrir l'espace choisi"), ("", ["Tab"], "prendre/clore"),
    ("visitor search", ["r"], "Rechercher un visiteur"), ("", ["t:kowa"], "Kowalczyk"),
    ("visitor file", ["Enter"], "Fiche visiteur"),
    ("request form", ["d"], "Nouvelle demande de"), ("", ["Escape"], "Fiche visiteur"),
    ("visitor form", ["m"], "Fiche de"), ("", ["Escape"], "Fiche visiteur"),
    ("visitor's orientations", ["o"], "Orientations du visiteur"),
    ("", ["Escape"], "Fiche visiteur"),
    ("visitor's appointments", ["r"], "Rendez-vous de"), ("", ["Escape"], "Fiche visiteur"),
    ("visitor's files handed over", ["s"], "Dossiers transmis du visiteur"),
    ("", ["Escape"], "Fiche visiteur"),
    ("hand over to a referent", ["t"], "Transmettre le dossier"),
    ("referent choice", ["Enter"], "À quel référent"), ("", ["Escape"], "Transmettre le dossier"),
    ("", ["Escape"], "Fiche visiteur"),
    ("", ["Escape"], "Par partenaire"),
    ("arrival", ["a"], "Qui arrive ?"), ("anonymous arrival", ["x"], "Tranche d'âge"),
    ("", ["Escape"], "Qui arrive ?"), ("new visitor", ["n"], "Nouveau visiteur"),
    ("", ["Escape"], "Qui arrive ?"), ("", ["Escape"], "Par partenaire"),
    ("directory", ["o"], "Annuaire des services"), ("service", ["Enter"], "Horaires"),
    ("", ["Escape"], "Annuaire"), ("partner filter", ["F2"], "Filtrer par partenaire"),
    ("", ["Escape"], "Annuaire"), ("follow-up", ["F6"], "Orientations à suivre"),
    ("orientation history", ["h"], "Historique"), ("orientation slip", ["f"], "Aperçu"),
    ("slip, agent's copy", ["a"], "exemplaire de l'agent"),
    ("", ["Escape"], "Historique"), ("", ["Escape"], "Orientations à suivre"),
    ("follow-up date", ["d"], "Date de suivi"), ("", ["Escape"], "Orientations à suivre"),
    ("refusal reason", ["r"], "Motif du refus"), ("", ["Escape"], "Orientations à suivre"),
    ("", ["Escape"], "Annuaire"),
    ("files to follow up", ["F7"], "à relancer aujourd'hui"),
    ("file handed over, history", ["h"], "Historique"), ("", ["Escape"], "à relancer"),
    ("referent's answer", ["a"], "Réponse (facultatif)"), ("", ["Escape"], "à relancer"),
    ("follow-up date", ["d"], "Date de relance"), ("", ["Escape"], "à relancer"),
    ("", ["Escape"], "Annuaire"), ("", ["Escape"], "Par partenaire"),
    ("agenda", ["g"], "Heure"), ("booking", ["p"], "Motif du rendez-vous"),
    ("", ["Escape"], "Heure"), ("week", ["s"], "Semaine du"), ("", ["Escape"], "Heure"),
    ("date prompt", ["j"], "Aller à une date"), ("", ["Escape"], "Heure"),
    ("to fill", ["r"], "à renseigner"), ("", ["Escape"], "Heure"),
    ("reminder calls", ["c"], "Appels de rappel"), ("", ["Escape"], "Heure"),
    ("day sheet", ["i"], "FEUILLE DU JOUR"), ("", ["Escape"], "Heure"),
    ("", ["Escape"], "Par partenaire"),
    ("notes, visitor", ["n"], "de quel visiteur"), ("", ["Escape"], "Par partenaire"),
    ("statistics", ["s"], "Par partenaire et type d'aide"),
    ("statistics period", ["p"], "Choisir une période"),
    ("", ["Escape"], "Par partenaire et type"),
    ("statistics, month", ["m"], "ce mois-ci"),
    ("heatmap", ["Tab"], "Arrivées par jour et par heure"),
    ("charts", ["Tab"], "Contacts en dehors"), ("", ["Tab"], "démarche ou thématique"),
    ("", ["Tab"], "Demandes par commune"), ("", ["Tab"], "tranche d'âge"),
    ("", ["Tab"], "Attente avant"), ("", ["Tab"], "Autonomie"), ("", ["Tab"], "Par canal"),
    ("", ["Tab"], "Orientations créées"), ("", ["Tab"], "Rendez-vous :"),
    ("no-shows", ["Tab"], "Absences aux rendez-vous"), ("answers", ["End"], "satisfaction"),
    ("", ["Escape"], "Bonjour"),
    ("administration", ["d"], "Administration du site"), ("refusal", ["c"], "réservée"),
    ("", ["Enter"], "Administration du site"), ("own password", ["m"], "Mot de passe actuel"),
    ("", ["Escape"], "Administration du site"), ("", ["Escape"], "Bonjour"),
    ("", ["Enter"], "pris en charge"), ("close", ["Enter"], "Clore la demande"),
    ("", ["t:c"], "CAF"), ("visitor's answer", ["F2"], "Avis de"),
    ("", ["Escape"], "Clore la demande"), ("", ["Escape"], "Abandonner"), ("", ["o"], "Bonjour"),
    ("lock", ["F9"], "Poste verrouillé"),
]
RESPONSABLE = [
    ("administration", ["d"], "Administration du site"),
    ("accounts", ["c"], "Dernière connexion"),
    ("new account", ["n"], "Nouveau compte du personnel"), ("", ["Escape"], "Dernière connexion"),
    ("password reset", ["Down", "r"], "Réinitialiser le mot de passe"),
    ("", ["Escape"], "Dernière connexion"), ("", ["Escape"], "Administration du site"),
    ("team key", ["e"], "clé d'équipe"), ("", ["Escape"], "Administration du site"),
    ("export", ["x"], "Dossier de dépôt"), ("", ["Escape"], "Administration du site"),
    ("journal", ["j"], "Connexion"), ("", ["Escape"], "Administration du site"),
    ("agenda setup", ["a"], "Plages d'ouverture ("),
    ("opening form", ["Enter"], "Plage d'ouverture n° 1"),
    ("opening motifs", ["BTab", "BTab", "Enter"], "Motifs qu'on peut réserver"),
    ("", ["Escape"], "Plage d'ouverture n° 1"), ("", ["Escape"], "Plages d'ouverture ("),
    ("agenda resources", ["r"], "Ressources ("),
    ("resource form", ["F3"], "Nouvelle ressource"), ("", ["Escape"], "Ressources ("),
    ("agenda motifs", ["m"], "Motifs de rendez-vous ("),
    ("motif form", ["Enter"], "Motif n°"), ("", ["Escape"], "Motifs de rendez-vous ("),
    ("", ["Escape"], "Administration du site"),
    ("data protection", ["p"], "Ce que la purge"),
    ("purge question", ["p"], "Faire la purge maintenant"), ("", ["n"], "Ce que la purge"),
    ("", ["Escape"], "Administration du site"),
    ("referents", ["r"], "référents en poste"), ("referents' history", ["h"], "anciens et"),
    ("", ["h"], "en poste aujourd'hui"),
    ("referent's partner", ["n"], "Référent de quel partenaire"),
    ("new referent", ["Enter"], "Nouveau référent"), ("", ["Escape"], "en poste aujourd'hui"),
    ("correct a referent", ["m"], "Corriger un référent"), ("", ["Escape"], "en poste"),
    ("replace a referent", ["r"], "Remplacer un référent"), ("", ["Escape"], "en poste"),
    ("end of post", ["f"], "Dernier jour"), ("", ["Escape"], "en poste"),
    ("", ["Escape"], "Administration du site"),
    ("synchronisation", ["s"], "Conflits à revoir"),
    ("sync pack", ["p"], "Préparer un paquet de"), ("", ["Escape"], "Conflits à revoir"),
    ("sync import", ["i"], "Importer un paquet de"), ("", ["Escape"], "Conflits à revoir"),
    ("sync, settled too", ["t"], "seulement à revoir"),
    ("", ["Escape"], "Administration du site"), ("", ["Escape"], "Bonjour"),
    ("", ["r"], "Rechercher un visiteur"), ("", ["t:kowa"], "Kowalczyk"),
    ("visitor file, manager", ["Enter"], "droit d'accès"),
    ("access question", ["x"], "Écrire le document"), ("", ["n"], "Fiche visiteur"),
    ("erasure question", ["z"], "Effacer définitivement"), ("", ["n"], "Fiche visiteur"),
]
CONSEILLER = [
    ("notes, visitor", ["n"], "de quel visiteur"), ("", ["t:Masson"], "Masson"),
    ("notes", ["Enter"], "Notes confidentielles sur"), ("note editor", ["n"], "Nouvelle note"),
    ("readers", ["F4"], "Collègues qui pourront lire"), ("", ["Escape"], "Nouvelle note"),
    ("", ["t:Texte"], "Texte"), ("notes, saved", ["F2"], "enregistrée"),
    ("note", ["Enter"], "version 1 sur 1"), ("note history", ["h"], "Historique de la note"),
    ("", ["Escape"], "version 1"), ("share", ["p"], "Partager la note"),
]


def cut_words(screen, roles):
    """(row, text) of each « … » drawn in a role that must never be cut."""
    bad = []
    for y, line in enumerate(screen.split("\n")[:-1]):
        for i, c in enumerate(line):
            if c == "…" and i < len(roles[y]) and roles[y][i] in NEVER_CUT:
                bad.append((y, line))
    return bad


class WalkTest(uidrv.ScreenCase):
    def walk(self, login, steps):
        t = self.demo_term(config=NO_LOCK)
        t.login(login, login + "-demo")
        for name, keys, expect in steps:
            for k in keys:
                if k.startswith("t:"):
                    t.type_text(k[2:])
                else:
                    t.send_keys(k)
            s = t.wait_for(expect)  # (and no SQL ran while drawing it)
            if not name:
                continue
            with self.subTest(screen=name):
                self.assertEqual(t.hints_cut, 0, "status bar hints left out on %s" % name)
                self.assertEqual(t.legend_cut, 0, "legend keys left out on %s" % name)
                lines = s.split("\n")
                hints = lines[-2]
                self.assertNotIn("…", hints)
                for y, line in cut_words(s, t.roles()):
                    if y == len(lines) - 3:
                        # the status bar: only the site's name may be shortened
                        # (test_widgets.c), never the person's name or role
                        shown = line.split(" · ")[-1].split("…")[0].strip()
                        self.assertTrue(SITE.startswith(shown) and len(line.split(" · ")) == 3,
                                        "%s: %r" % (name, line))
                    else:
                        self.fail("%s, row %d cut: %r" % (name, y, line))

    def test_every_screen_of_the_reception_desk(self):
        self.walk("accueil", ACCUEIL)

    def test_the_managers_screens(self):
        self.walk("responsable", RESPONSABLE)

    def test_the_advisors_notes_screens(self):
        self.walk("conseiller", CONSEILLER)


class DrawCheckTest(uidrv.ScreenCase):
    def test_a_draw_that_reads_the_database_fails(self):
        t = self.demo_term()
        t.wait_for("Mot de passe")
        t._ask("selftest-draw-sql")
        with self.assertRaises(uidrv.DrawTouchedTheDatabase) as e:
            t.screen()
        self.assertIn("SELECT", str(e.exception))


class MessageTest(uidrv.ScreenCase):
    def test_a_message_stays_until_the_next_key_whatever_the_time(self):
        t = self.demo_term(config=NO_LOCK)
        t.login("accueil", "accueil-demo")
        t.wait_for("Par partenaire")
        t.send_keys("i", "1")
        t.wait_for("Information CAF enregistrée.")
        # minutes pass, nothing is pressed: it stays (no ageing by time)
        t.advance_clock(600)
        t.tick(uidrv.MAX_TICKS)
        t.assert_on_screen("Information CAF enregistrée.")
        # the next key (here ↓ in the queue) takes it away
        t.send_keys("Down")
        t.assert_not_on_screen("Information CAF enregistrée.")

    def test_a_message_shows_in_the_status_row_of_the_screen_on_top(self):
        t = self.demo_term(config=NO_LOCK)
        t.login("accueil", "accueil-demo")
        t.wait_for("Par partenaire")
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.type_text("kowa")
        t.wait_for("Kowalczyk")
        t.send_keys("Enter")
        t.wait_for("Fiche visiteur")
        t.send_keys("a")  # her arrival: the file closes, home says so
        s = t.wait_for("enregistrée : dans la file d'attente.")
        self.assertIn("Bonjour", s)
        line = t.lines()[-3]  # the same place on every screen: the status row
        self.assertIn("Arrivée de Kowalczyk Hélène enregistrée", line)


if __name__ == "__main__":
    uidrv.main()
