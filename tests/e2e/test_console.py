"""A bare Linux console: TERM=linux and LANG=C (no UTF-8). Lines are drawn
in ASCII, French text stays readable (accents transliterated), the
monochrome theme keeps fields visible."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmuxdrv  # noqa: E402


class ConsoleTest(tmuxdrv.TermCase):
    def console(self, **kw):
        return self.demo_term(term="linux", lang="C", **kw)

    def test_login_screen_in_ascii(self):
        t = self.console()
        s = t.wait_for("Identifiez-vous pour ouvrir votre session.")
        t.assert_on_screen("Mot de passe")
        t.assert_on_screen("Comptes de demonstration")  # « démonstration » in ASCII
        t.assert_on_screen("Saint-Amand (demo)")
        # ASCII borders, no line-drawing or escaped bytes
        self.assertRegex(s, r"\+-{20,}\+")
        self.assertRegex(s, r"\|\s+Mot de passe")
        for junk in ("M-", "~C", "\u2500", "\u250c", "lqqq", "\ufffd"):
            self.assertNotIn(junk, s)
        self.assertTrue(all(ord(c) < 128 for c in s), "non-ASCII on a C-locale screen")

    def test_login_and_error_in_ascii(self):
        t = self.console()
        t.wait_for("Mot de passe")
        t.type_text("accueil")
        t.send_keys("Tab")
        t.type_text("faux")
        t.send_keys("Enter")
        t.wait_for("Identifiant ou mot de passe incorrect.")
        t.type_text("accueil-demo")
        t.send_keys("Enter")
        t.wait_for("Bonjour")
        t.assert_on_screen("Accueil - France Services")  # the status bar separator
        # (tmux speaks xterm, so its F-keys are not the Linux console's:
        # use the printable binding of help)
        t.send_keys("?")
        t.wait_for("Touches de guichet")
        t.assert_on_screen("Echap")

    def test_monochrome_theme_shows_fields(self):
        t = self.console(config="[ui]\ntheme = monochrome\n")
        t.wait_for("Mot de passe")
        # without colours the empty field is drawn with underscores
        self.assertRegex(t.line_with("Identifiant"), r"Identifiant\s+_{20,}")
        t.type_text("abc")
        t.wait_for("abc_")


if __name__ == "__main__":
    tmuxdrv.main()
