"""Administration screen: staff accounts (a new account can log in; policy and
mismatch errors in French; the last manager cannot be disabled; a reset warns
about notes and needs the team key again), role rules (an accueil user is
refused in French, but changes their own password), « Exporter maintenant »
(the files land in the configured outbox and the screen shows the counts)."""
import csv
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402

DEMO_MATRICULE = "FS-DEMO-0001"


class AdminTest(uidrv.ScreenCase):
    def open_admin(self, t):
        t.send_keys("d")
        t.wait_for("Administration du site")

    def back_to(self, t, text):
        t.send_keys("Escape")
        t.wait_for(text)

    def open_accounts(self, t):
        self.open_admin(t)
        t.send_keys("c")
        t.wait_for("Dernière connexion")

    def fill(self, t, *values):
        """Types each value in a field, Tab between them (not after the last)."""
        for i, v in enumerate(values):
            if i:
                t.send_keys("Tab")
            if v:
                t.type_text(v)

    def test_manager_adds_a_user_who_can_then_log_in(self):
        t = self.demo_term()
        t.login("responsable", "responsable-demo")
        self.open_accounts(t)
        t.assert_not_on_screen("lucie")
        t.send_keys("n")
        t.wait_for("Nouveau compte du personnel")
        # a role that does not exist, then passwords that differ
        self.fill(t, "lucie", "Lucie Bernard")
        t.send_keys("Tab", "C-u")  # the role field starts with « accueil »
        self.fill(t, "stagiaire", "une phrase assez longue", "une autre phrase")
        t.send_keys("Enter")
        t.wait_for("Tapez accueil, conseiller ou responsable.")
        t.send_keys("C-u")
        t.type_text("conseiller")
        t.send_keys("Tab", "Tab", "Enter")
        t.wait_for("Les deux mots de passe ne sont pas identiques")
        # too short for the policy: the core's message, under the field
        t.send_keys("Up", "C-u")
        self.fill(t, "court", "court")
        t.send_keys("Enter")
        t.wait_for("Le mot de passe doit compter au moins 12 caractères.")
        t.send_keys("C-u")  # the focus is back on the password
        self.fill(t, "une phrase assez longue", "une phrase assez longue")
        t.send_keys("Enter")
        # a conseiller is offered the team key at once
        t.wait_for("Lui donner la clé d'équipe")
        t.send_keys("o")
        t.wait_for("Lucie Bernard a maintenant la clé d'équipe.")
        row = t.line_with("lucie")
        self.assertIn("Lucie Bernard", row)
        self.assertIn("Conseiller", row)
        self.assertIn("Actif", row)
        self.assertIn("jamais", row)
        t.send_keys("F8")
        t.wait_for("Identifiez-vous")
        t.login("lucie", "une phrase assez longue")
        t.assert_on_screen("Lucie Bernard")
        # her first login now shows in the list
        t.send_keys("F8")
        t.wait_for("Identifiez-vous")
        t.login("responsable", "responsable-demo")
        self.open_accounts(t)
        self.assertIn("30/03/2026 10:00", t.line_with("lucie"))
        # and the journal has the account's creation
        self.back_to(t, "Administration du site")
        t.send_keys("j")
        t.wait_for("Compte créé")
        t.assert_not_on_screen("user-add")  # labels, not codes

    def test_a_long_error_is_shown_whole_at_80x24(self):
        """The core's reason for refusing an accented login is longer than
        the line under the field: it is wrapped, not cut, and the other
        fields stay on screen."""
        t = self.demo_term()
        t.login("responsable", "responsable-demo")
        self.open_accounts(t)
        t.send_keys("n")
        t.wait_for("Nouveau compte du personnel")
        self.fill(t, "elodie.bé", "Élodie Bernard")
        t.send_keys("Tab", "C-u")
        self.fill(t, "accueil", "une phrase assez longue", "une phrase assez longue")
        t.send_keys("Enter")
        t.wait_for("tiret et souligné")
        text = " ".join(" ".join(t.lines()).split())
        self.assertIn("L'identifiant « elodie.bé » contient un caractère interdit : "
                      "lettres sans accent, chiffres, point, tiret et souligné "
                      "seulement.", text)
        self.assertNotIn("…", t.line_with("tiret et souligné"))
        for label in ("Identifiant", "Nom affiché", "Rôle", "Mot de passe"):
            t.assert_on_screen(label)

    def test_accueil_is_refused_admin_actions_in_french(self):
        t = self.demo_term()
        t.login("accueil", "accueil-demo")
        self.open_admin(t)
        t.assert_on_screen("réservé au responsable")
        for key in ("c", "e", "x", "j"):
            t.send_keys(key)
            t.wait_for("Cette action est réservée au responsable du site")
            t.send_keys("Enter")
            t.wait_gone("Cette action est réservée")
        t.assert_not_on_screen("Dernière connexion")
        t.assert_not_on_screen("Dossier de dépôt")
        # changing one's own password is open to everyone
        t.send_keys("m")
        t.wait_for("Changer le mot de passe de Agathe Martin")

    def test_change_own_password_then_log_in_with_it(self):
        t = self.demo_term()
        t.login("conseiller", "conseiller-demo")
        self.open_admin(t)
        t.send_keys("m")
        t.wait_for("Mot de passe actuel")
        t.assert_on_screen("vos notes restent lisibles")
        self.fill(t, "pas-le-bon", "mon nouveau secret", "mon nouveau secret")
        t.send_keys("Enter")
        t.wait_for("L'ancien mot de passe est incorrect.")
        t.type_text("conseiller-demo")
        t.send_keys("Tab", "Tab", "C-u")
        t.type_text("mon nouveau secreT")
        t.send_keys("Enter")
        t.wait_for("Les deux mots de passe ne sont pas identiques")
        t.type_text("mon nouveau secret")
        t.send_keys("Enter")
        t.wait_for("Mot de passe changé")
        t.assert_on_screen("restent lisibles")
        t.send_keys("Enter")
        t.wait_for("Administration du site")
        t.send_keys("F8")
        t.wait_for("Identifiez-vous")
        t.login("conseiller", "conseiller-demo", expect=None)
        t.wait_for("Identifiant ou mot de passe incorrect.")
        t.type_text("mon nouveau secret")  # the login stays, the password has the focus
        t.send_keys("Enter")
        t.wait_for("Bonjour Karim Benali")

    def test_reset_warns_then_team_key_is_given_again(self):
        t = self.demo_term()
        t.login("responsable", "responsable-demo")
        self.open_accounts(t)
        t.send_keys("Down")  # conseiller
        t.send_keys("r")
        t.wait_for("Réinitialiser le mot de passe de Karim Benali (conseiller)")
        t.wait_for("NOUVELLE")
        t.assert_on_screen("illisibles")
        self.fill(t, "remis a zero demain", "remis a zero demain")
        t.send_keys("Enter")
        t.wait_for("(o/n)")
        t.assert_on_screen("« conseiller »")
        t.send_keys("n")  # changed my mind: nothing happens
        t.wait_gone("(o/n)")
        t.assert_on_screen("NOUVELLE")
        t.send_keys("Enter")
        t.wait_for("(o/n)")
        t.send_keys("o")
        t.wait_for("Mot de passe de « conseiller » réinitialisé.")
        self.back_to(t, "Administration du site")
        t.send_keys("e")
        t.wait_for("1 personne n'a pas la clé d'équipe : Karim Benali (conseiller)")
        row = [line for line in t.lines() if line.strip().startswith("conseiller ")]
        self.assertEqual(len(row), 1)
        self.assertIn("NON (à redonner)", row[0])
        t.send_keys("d")  # « donner »
        t.wait_for("Donner la clé d'équipe à Karim Benali")
        t.send_keys("o")
        t.wait_for("Karim Benali a maintenant la clé d'équipe.")
        t.wait_for("Tous les conseillers et responsables actifs ont la clé d'équipe.")
        t.send_keys("F8")
        t.wait_for("Identifiez-vous")
        t.login("conseiller", "remis a zero demain")

    def test_last_manager_cannot_be_disabled_but_others_can(self):
        t = self.demo_term()
        t.login("responsable", "responsable-demo")
        self.open_accounts(t)
        t.send_keys("Down", "Down")  # responsable: myself, the only manager
        t.send_keys("d")
        t.wait_for("Désactiver VOTRE propre compte")
        t.send_keys("o")
        t.wait_for("est le dernier responsable actif")
        self.assertIn("Actif", t.line_with("Sophie Lefèvre"))
        t.send_keys("Up", "Up", "d")  # accueil
        t.wait_for("Désactiver le compte « accueil »")
        t.send_keys("o")
        t.wait_for("Le compte « accueil » est désactivé")
        self.assertIn("Désactivé", t.line_with("Agathe Martin"))
        t.send_keys("F8")
        t.wait_for("Identifiez-vous")
        t.login("accueil", "accueil-demo", expect="Le compte « accueil » est désactivé.")

    def test_export_now_writes_the_pending_day_into_the_outbox(self):
        outbox_rel = "outbox"
        t = self.term(["--demo", "--db", "{tmp}/demo.db"], start=False)
        outbox = t.path(outbox_rel)
        with open(t.path("guichet.ini"), "w", encoding="utf-8") as f:
            f.write("[export]\ndir = %s\n" % outbox)
        t.args = ["--config", t.path("guichet.ini")] + t.args
        t.start()
        t.wait_for("Identifiez-vous")  # the demo is created today (30 March)
        t.set_clock("2026-03-31T07:00:00Z")  # the next morning
        t.login("responsable", "responsable-demo")
        self.open_admin(t)
        t.send_keys("x")
        # the demo site has been open since its first request, weeks ago:
        # every day since then is pending, up to yesterday (30 March)
        s = t.wait_for(r"(\d+) jours à exporter, dernier : aucun", regex=True)
        pending = int(re.search(r"(\d+) jours à exporter", s).group(1))
        self.assertGreater(pending, 20)
        t.assert_on_screen("Dossier de dépôt : %s" % outbox)
        self.assertFalse(os.path.exists(outbox))
        t.send_keys("x")  # the same letter as in the menu
        s = t.wait_for("Export terminé")
        line = t.line_with("Export terminé")
        self.assertIn("%d jours (" % pending, line)
        self.assertIn("au 30/03/2026), %d fichiers" % (6 * pending), line)
        t.assert_on_screen("Fichiers écrits dans %s" % outbox)
        t.wait_for(r"0 jours? à exporter, dernier : 30/03/2026", regex=True)
        # (the hidden lock file of the export stays in the outbox)
        files = sorted(f for f in os.listdir(outbox) if not f.startswith("."))
        self.assertEqual(len(files), 6 * pending)
        kinds = ("activite", "orientations", "rendez-vous", "synthese", "manifeste")
        for kind in kinds:
            self.assertIn("%s-%s-2026-03-30.csv" % (kind, DEMO_MATRICULE), files)
        # the rows the screen counts are the data rows of the files, as
        # read back by Python's csv module
        rows = 0
        for name in files:
            if name.startswith("manifeste-"):
                continue
            with open(os.path.join(outbox, name), encoding="utf-8-sig", newline="") as f:
                rows += len(list(csv.reader(f, delimiter=";"))) - 1
        self.assertGreater(rows, 0)
        self.assertIn("%d lignes" % rows, s.replace("\n", " "))
        # pressing again (Entrée works too): nothing left to do
        t.send_keys("Enter")
        t.wait_for("Rien à exporter : tout est déjà à jour.")
        self.back_to(t, "Administration du site")
        t.send_keys("j")
        t.wait_for("Export de nuit")


if __name__ == "__main__":
    uidrv.main()
