"""The screen shell in a real terminal: a terminal too small and back
(SIGWINCH), quit, SIGTERM and SIGHUP, each restoring the terminal. The help
screen runs headless: tests/ui/test_help.py."""
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
