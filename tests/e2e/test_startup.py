"""Start-up in a real terminal: the login screen is drawn before the base is
opened (SQLite's reading of the schema was most of the wait,
docs/performance.md), so a receptionist may type while the base opens.

Held here by another program's lock on the base, the opening waits (up to
the 5-second busy timeout) behind a login screen already on show:
- what was typed meanwhile is kept, and opens the session once the base is
  free;
- if the base stays busy, guichet ends with the busy message and status 6,
  and what was typed (a password) never reaches the shell."""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmuxdrv  # noqa: E402
import uidrv  # noqa: E402

# once guichet has ended: whatever is left in the terminal's input, read for
# one second and shown between brackets
READ_LEFTOVER = ("stty -icanon min 0 time 10; printf 'lu=['; head -c 200 | tr -d '\\r\\n'; "
                 "echo ']'; exec sleep 3600")


class StartupTest(tmuxdrv.TermCase):
    def held_demo_base(self, **kw):
        """A guichet on the demo base while another program holds the base
        exclusively; returns (term, the holding connection)."""
        # (without --demo: that the base is the demo's is read from it)
        t = self.term(["--db", "{tmp}/demo.db"], start=False, **kw)
        db = t.path("demo.db")
        uidrv.demo_fixture(db, t.now)
        con = sqlite3.connect(db, isolation_level=None)
        self.addCleanup(con.close)
        con.execute("PRAGMA locking_mode = EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("UPDATE site SET name = name")
        t.start()
        return t, con

    def test_keys_typed_while_the_base_opens_are_kept(self):
        t, con = self.held_demo_base()
        # the login screen is there although the base cannot be read yet: the
        # settings' name (none here: "guichet"), not yet the demo's accounts
        t.wait_for("Identifiez-vous pour ouvrir votre session.")
        t.assert_not_on_screen("Comptes de démonstration")
        t.type_text("accueil")
        t.send_keys("Tab")
        t.type_text("accueil-demo")
        t.send_keys("Enter")
        con.execute("ROLLBACK")
        con.close()  # the base is free: guichet opens it, then reads the keys
        t.wait_for("Bonjour", timeout=tmuxdrv.DEFAULT_TIMEOUT * 2)
        t.assert_on_screen("France Services de Saint-Amand")  # the base's site, read after

    def test_a_base_that_stays_busy_is_said_and_typing_stays_out_of_the_shell(self):
        t, con = self.held_demo_base(after=READ_LEFTOVER)
        t.wait_for("Identifiez-vous pour ouvrir votre session.")
        t.type_text("accueil")
        t.send_keys("Tab")
        t.type_text("mot-de-passe-secret")
        t.send_keys("Enter")
        self.assertEqual(t.wait_exit(timeout=tmuxdrv.DEFAULT_TIMEOUT * 3), 6)
        s = t.wait_for(r"lu=\[[^\]]*\]", regex=True)
        t.assert_on_screen("occupée")
        self.assertIn("lu=[]", s)
        self.assertNotIn("secret", s)


if __name__ == "__main__":
    tmuxdrv.main()
