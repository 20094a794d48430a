"""The help screen, made from the action table (headless: tests/ui/uidrv.py)."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402


class HelpTest(uidrv.ScreenCase):
    def test_help_lists_the_bindings(self):
        t = self.demo_term()
        t.login("accueil", "accueil-demo")
        t.send_keys("F1")
        t.wait_for("Touches de guichet")
        # one line per action of actions.def: keys, label, help text; the
        # keys that act everywhere come after the screen's own
        while "Quitte guichet (après confirmation)" not in t.screen() or \
                "Déconnexion" not in t.screen():
            before = t.screen()
            t.send_keys("NPage")
            t.wait_for(r"(?s)^(?!%s$)" % re.escape(before), regex=True)
        for keys, label in (("F1, ?", "Aide"), ("F9", "Verrouiller"), ("F8", "Déconnexion"),
                            ("F10, q", "Quitter"), ("Échap", "Retour")):
            line = t.line_with(label + " ")
            self.assertIsNotNone(line, label)
            self.assertTrue(line.strip().startswith(keys), line)
        t.assert_on_screen("Quitte guichet (après confirmation)")
        t.send_keys("Escape")
        t.wait_for("Bonjour")

    def test_help_shows_the_keys_of_the_screen_first(self):
        t = self.demo_term()
        t.login("responsable", "responsable-demo")
        t.send_keys("F1")
        t.wait_for("Sur cet écran (Accueil)")
        lines = t.lines()
        start = next(i for i, line in enumerate(lines) if "Sur cet écran" in line)
        # the home letters come right under the title, before any global key
        for line in lines[:-3]:
            self.assertNotIn("…", line)  # wrapped, not cut (status bars apart)
        # page down to « Partout »: what comes before is the screen's own
        seen = lines[start + 1:-3]
        while not any("Partout" in line for line in seen):
            before = t.screen()
            t.send_keys("NPage")
            t.wait_for(r"(?s)^(?!%s$)" % re.escape(before), regex=True)
            seen += t.lines()[4:-3]
        own = seen[:next(i for i, line in enumerate(seen) if "Partout" in line)]
        keys = {line.split()[0]: line for line in own if line[2:3].strip()}
        self.assertIn("F1,", keys)  # its status-bar keys
        for key, label in (("a", "Arrivée"), ("i", "Info rapide"), ("r,", "Rechercher"),
                           ("x", "Parti"), ("c", "Corriger"), ("v", "Fiche")):
            self.assertIn(key, keys)
            self.assertIn(label, keys[key])
        t.send_keys("Escape")
        t.wait_for("Bonjour")
        # the administration menu: what help says is what the menu does
        t.send_keys("d")
        t.wait_for("Administration du site")
        self.assertIn("Exporter maintenant", t.line_with(" x "))
        self.assertIn("Clé d'équipe", t.line_with(" e "))
        t.send_keys("F1")
        t.wait_for("Sur cet écran (Administration)")
        for key, label in (("c", "Comptes"), ("m", "Mon mot de passe"), ("e", "Clé d'équipe"),
                           ("x", "Exporter maintenant"), ("j", "Journal")):
            line = t.line_with("  %s  " % key)
            self.assertIsNotNone(line, key)
            self.assertIn(label, line)
        t.send_keys("Escape")
        t.wait_for("Administration du site")

    def test_help_from_the_login_screen_keeps_the_typing(self):
        t = self.demo_term()
        t.wait_for("Mot de passe")
        t.type_text("accue")
        t.send_keys("F1")
        t.wait_for("Touches de guichet")
        t.send_keys("Escape")
        t.wait_for("Identifiant")
        self.assertIn("accue", t.line_with("Identifiant"))
        # '?' typed in a field is a character, not the help key
        t.type_text("?")
        t.wait_for("accue?")
        t.assert_not_on_screen("Touches de guichet")


if __name__ == "__main__":
    uidrv.main()
