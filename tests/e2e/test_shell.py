"""The screen shell: help from the action table, small terminal, quit."""
import os
import re
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmuxdrv  # noqa: E402


def assert_terminal_restored(test, t):
    """After guichet exits, the wrapper prints `stty -a`: canonical mode and
    echo must be back on."""
    words = t.screen().split()
    for flag in ("icanon", "echo", "isig"):
        test.assertIn(flag, words)
        test.assertNotIn("-" + flag, words)


class HelpTest(tmuxdrv.TermCase):
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


class SmallTerminalTest(tmuxdrv.TermCase):
    def test_resize_below_80x24_and_back_keeps_the_state(self):
        t = self.demo_term()
        t.wait_for("Mot de passe")
        t.type_text("conseil")  # a half-typed login
        # (not just "conseil": the demo box shows "conseiller-demo")
        t.wait_for(r"Identifiant +conseil ", regex=True)
        t.resize(60, 20)
        t.wait_for("Terminal trop petit : 80x24 minimum (actuellement 60x20).")
        t.assert_on_screen("Agrandissez la fenêtre.")
        t.assert_not_on_screen("Mot de passe")
        t.resize(100, 30)  # bigger than needed is fine
        t.wait_for("Mot de passe")
        self.assertIn("conseil", t.line_with("Identifiant"))
        t.resize(80, 24)
        # the bars at 30 rows were cut off by the shrink: seeing the clock
        # again means a frame drawn for 80x24
        t.wait_for("30/03/2026 10:00")
        t.assert_not_on_screen("trop petit")
        # and the typing continues where it was
        t.type_text("ler")
        t.send_keys("Tab")
        t.type_text("conseiller-demo")
        t.send_keys("Enter")
        t.wait_for("Bonjour")
        t.wait_for("Conseiller ·")

    def test_too_narrow_only(self):
        t = self.demo_term()
        t.login("accueil", "accueil-demo")
        t.resize(79, 24)
        t.wait_for("actuellement 79x24")
        t.resize(80, 24)
        t.wait_for("Bonjour")


class QuitTest(tmuxdrv.TermCase):
    def test_quit_asks_then_exits_and_restores_the_terminal(self):
        t = self.demo_term()
        t.login("accueil", "accueil-demo")
        t.send_keys("F10")
        t.wait_for("Quitter guichet ? (o/n)")
        t.send_keys("n")
        t.wait_gone("Quitter guichet ?")
        t.assert_on_screen("Bonjour")
        t.send_keys("q")
        t.wait_for("Quitter guichet ? (o/n)")
        t.send_keys("o")
        self.assertEqual(t.wait_exit(), 0)
        assert_terminal_restored(self, t)

    def test_sigterm_ends_cleanly(self):
        t = self.demo_term()
        t.login("accueil", "accueil-demo")
        pid = t.guichet_pid()
        self.assertIsNotNone(pid)
        os.kill(pid, signal.SIGTERM)
        self.assertEqual(t.wait_exit(), 128 + signal.SIGTERM)
        assert_terminal_restored(self, t)
        # the session was closed properly: the journal says so
        r = t.run_cli(["--db", "{tmp}/demo.db", "check"], check=False)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        import sqlite3
        con = sqlite3.connect(t.path("demo.db"))
        last = con.execute("SELECT action FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        con.close()
        self.assertEqual(last[0], "logout")

    def test_sighup_ends_cleanly(self):
        t = self.demo_term()
        t.wait_for("Mot de passe")
        os.kill(t.guichet_pid(), signal.SIGHUP)
        self.assertEqual(t.wait_exit(), 128 + signal.SIGHUP)
        assert_terminal_restored(self, t)


if __name__ == "__main__":
    tmuxdrv.main()
