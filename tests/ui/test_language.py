"""The interface language: French by default whatever the environment says,
English with [ui] language = en (the fallback catalog data/po/en.po), even on
a machine that only has the C / C.UTF-8 locales."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402

ENGLISH = "[ui]\nlanguage = en\n"


class LanguageTest(uidrv.ScreenCase):
    def test_french_by_default_even_with_an_english_environment(self):
        t = self.demo_term(env={"LANGUAGE": "en"})
        t.wait_for("Identifiez-vous pour ouvrir votre session.")
        t.login("accueil", "accueil-demo")
        t.assert_on_screen("File :")

    def test_english_catalog_from_the_settings(self):
        t = self.demo_term(config=ENGLISH)
        t.wait_for("Log in to open your session.")
        t.type_text("accueil")
        t.send_keys("Tab")
        t.type_text("wrong-password")
        t.send_keys("Enter")
        t.wait_for("Incorrect login or password.")
        # the login stays typed, the cursor waits in the emptied password field
        t.send_keys("C-u")
        t.type_text("accueil-demo")
        t.send_keys("Enter")
        t.wait_for("Hello Agathe Martin.")
        t.assert_on_screen("Queue:")
        t.send_keys("F1")
        t.wait_for("Shows this help")

    def test_english_messages_on_the_command_line(self):
        with uidrv.Screen(["--version"], config=ENGLISH, start=False) as t:
            r = t.run_cli(["--config", t.path("guichet.ini"), "--db", t.path("absent.db"),
                           "check"], check=False)
            self.assertEqual(r.returncode, 4)
            self.assertIn("does not exist", r.stderr)
            self.assertIn("guichet init", r.stderr)


if __name__ == "__main__":
    uidrv.main()
