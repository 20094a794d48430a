"""Login screen: French errors, demo accounts (demo mode only), home screen
(headless: tests/ui/uidrv.py)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402


class LoginTest(uidrv.ScreenCase):
    def test_wrong_password_shows_french_error_and_keeps_login(self):
        t = self.demo_term()
        t.wait_for("Comptes de démonstration")
        t.type_text("accueil")
        t.send_keys("Tab")
        t.type_text("pas-le-bon")
        t.send_keys("Enter")
        t.wait_for("Identifiant ou mot de passe incorrect.")
        # the login stays, the password is emptied, no session opened
        self.assertIn("accueil", t.line_with("Identifiant"))
        self.assertNotIn("*", t.line_with("Mot de passe"))
        t.assert_on_screen("Non connecté")
        # the next try works from there: only the password is typed again
        t.type_text("accueil-demo")
        t.send_keys("Enter")
        t.wait_for("Bonjour")

    def test_empty_login_is_refused_in_french(self):
        t = self.demo_term()
        t.wait_for("Mot de passe")
        t.send_keys("Tab", "Enter")
        t.wait_for("Saisissez votre identifiant.")

    def test_password_is_not_echoed(self):
        t = self.demo_term()
        t.wait_for("Mot de passe")
        t.type_text("conseiller")
        t.send_keys("Tab")
        t.type_text("secret-é")
        t.wait_for("********")
        t.assert_not_on_screen("secret")

    def test_demo_login_reaches_home_with_name_and_role(self):
        t = self.demo_term()
        t.wait_for("conseiller-demo")  # the demo accounts are listed
        t.login("conseiller", "conseiller-demo")
        status = t.lines()[-3]  # the status bar above the key hints
        self.assertIn("Conseiller", status)
        self.assertIn("France Services de Saint-Amand", status)
        self.assertIn("30/03/2026 10:00", status)  # clock_now in Europe/Paris
        name = t.screen().split("Bonjour ")[1].split(".")[0]
        self.assertIn(name, status)
        for entry in ("Accueil", "Orientation", "Agenda", "Notes", "Statistiques",
                      "Administration"):
            t.assert_on_screen(entry)
        self.assertIn("F9 Verrouiller", t.lines()[-2])

    def test_home_entries_open_by_letter_and_come_back(self):
        t = self.demo_term()
        t.login("accueil", "accueil-demo")
        t.send_keys("g")
        t.wait_for("guichet · Agenda")  # the agenda's own title (its day view)
        t.assert_not_on_screen("Bonjour")
        t.send_keys("Escape")
        t.wait_for("Bonjour")
        # back home, the focus is on the queue again (issue 13, defect 3);
        # the entries kept their selection: Tab, then Up = Orientation
        t.send_keys("Tab", "Up", "Enter")
        t.wait_gone("Bonjour")
        self.assertIn("guichet · Orientation", t.lines()[0])

    def test_logout_returns_to_login(self):
        t = self.demo_term()
        t.login("responsable", "responsable-demo")
        t.assert_on_screen("Responsable")
        t.send_keys("F8")
        t.wait_for("Identifiez-vous")
        t.wait_for("Non connecté")
        t.assert_not_on_screen("Responsable ·")

    def test_demo_accounts_hidden_outside_demo(self):
        t = self.term(["--db", "{tmp}/site.db"], start=False)
        t.run_cli(["--db", "{tmp}/site.db", "init", "--matricule", "FS-TEST-0042",
                   "--site-name", "Maison France Services d'Arzon", "--admin", "marie",
                   "--admin-name", "Marie Lebrun", "--password-stdin"],
                  input="un mot de passe solide\n")
        t.start()
        t.wait_for("Maison France Services d'Arzon")
        t.assert_not_on_screen("démonstration")
        t.assert_not_on_screen("accueil-demo")
        t.login("marie", "un mot de passe solide")
        t.assert_on_screen("Marie Lebrun")
        t.assert_on_screen("Responsable")


if __name__ == "__main__":
    uidrv.main()
