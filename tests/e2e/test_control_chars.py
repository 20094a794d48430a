"""Control characters never reach the terminal from the screens (issue 12, item 2).

A site name stored behind guichet's back with ESC sequences (clear the
screen, retitle the window, colour) and BEL is drawn with « � » in their
place on the login screen and the status bar; a control character typed or
pasted into a form field is not taken."""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmuxdrv  # noqa: E402

HOSTILE = "Site\x1b]2;PWNED\x07\x1b[2J\x1b[31mRouge\u009b2J"


class ControlCharsScreenTest(tmuxdrv.TermCase):
    def test_stored_control_characters_are_drawn_as_placeholders(self):
        t = self.term(["--db", "{tmp}/site.db"], start=False)
        t.run_cli(["--db", "{tmp}/site.db", "init", "--matricule", "FS-58-0042", "--site-name",
                   "France Services", "--admin", "sophie", "--admin-name", "Sophie Lefèvre",
                   "--commune", "58079", "--password-stdin"], input="mot-de-passe-sophie\n")
        con = sqlite3.connect(t.path("site.db"))
        con.execute("UPDATE site SET name = ?", (HOSTILE,))
        con.commit()
        con.close()
        t.start()
        s = t.wait_for("Mot de passe")
        self.assertIn("Site\ufffd]2;PWNED\ufffd\ufffd[2J\ufffd[31mRouge\ufffd2J", s)
        t.assert_not_on_screen("^[")  # not even ncurses' own rendering of ESC
        # the window title was not rewritten, the screen not cleared
        title = t._tmux("display-message", "-p", "-t", "e2e", "#{pane_title}")
        self.assertNotIn("PWNED", title)
        # a control character pasted into a field (U+009B, CSI in 8 bits) is not taken
        t.type_text("soph\u009bie")
        t.send_keys("Tab")
        t.type_text("mot-de-passe-sophie")
        t.send_keys("Enter")
        t.wait_for("Bonjour")


if __name__ == "__main__":
    tmuxdrv.main()
