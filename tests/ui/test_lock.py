"""Idle lock ([security] idle_lock_minutes) under an injected clock, and the
lock key: the password brings back exactly the screen that was left."""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402

ONE_MINUTE = "[security]\nidle_lock_minutes = 1\n"


def journal(t):
    con = sqlite3.connect(t.path("demo.db"))
    rows = [r[0] for r in con.execute("SELECT action FROM audit ORDER BY id")]
    con.close()
    return rows


class IdleLockTest(uidrv.ScreenCase):
    def test_idle_lock_after_one_minute_then_unlock_to_same_screen(self):
        # 09:59:30 in Paris
        t = self.demo_term(config=ONE_MINUTE, clock="2026-03-30T07:59:30Z")
        t.login("accueil", "accueil-demo")
        t.send_keys("s")
        t.wait_for("Par partenaire et type d'aide")
        t.assert_on_screen("Statistiques")
        # 59 s later (10:00:29) the clock has moved but the session is open
        t.advance_clock(59)
        t.wait_for("30/03/2026 10:00")
        t.assert_not_on_screen("Poste verrouillé")
        # 61 s without a key: locked
        t.advance_clock(2)
        t.wait_for("Poste verrouillé")
        t.assert_on_screen("session verrouillée à 10:00")
        t.assert_not_on_screen("Statistiques")
        self.assertIn("idle-lock", journal(t))
        # a wrong password is refused in French, the lock stays
        t.type_text("pas-le-bon")
        t.send_keys("Enter")
        t.wait_for("Mot de passe incorrect.")
        t.assert_not_on_screen("Identifiant ou mot de passe")  # only the password was asked
        t.assert_on_screen("Poste verrouillé")
        # help opens above the lock and Esc closes only the help
        t.send_keys("F1")
        t.wait_for("Touches de guichet")
        t.send_keys("Escape")
        t.wait_gone("Touches de guichet")
        t.wait_for("Poste verrouillé")
        t.type_text("accueil-demo")
        t.send_keys("Enter")
        t.wait_for("Par partenaire et type d'aide")
        t.assert_on_screen("Statistiques")
        t.assert_not_on_screen("Poste verrouillé")
        # back where it was: Esc returns to the home screen as before
        t.send_keys("Escape")
        t.wait_for("Bonjour")

    def test_typing_keeps_the_session_open(self):
        t = self.demo_term(config=ONE_MINUTE)
        t.login("accueil", "accueil-demo")
        t.advance_clock(50)
        t.send_keys("F1")  # a key press resets the idle time
        t.wait_for("Touches de guichet")
        t.advance_clock(50)
        t.wait_for("10:01")
        t.assert_not_on_screen("Poste verrouillé")
        t.advance_clock(15)
        t.wait_for("Poste verrouillé")
        t.type_text("accueil-demo")
        t.send_keys("Enter")
        t.wait_for("Touches de guichet")

    def test_no_lock_before_login(self):
        t = self.demo_term(config=ONE_MINUTE)
        t.wait_for("Mot de passe")
        t.type_text("acc")
        t.advance_clock(3600)
        t.wait_for("11:00")
        t.assert_not_on_screen("Poste verrouillé")
        self.assertIn("acc", t.line_with("Identifiant"))

    def test_lock_key_and_logout_from_lock(self):
        t = self.demo_term()
        t.login("conseiller", "conseiller-demo")
        t.send_keys("F9")
        t.wait_for("Poste verrouillé")
        t.send_keys("F8")  # another agent takes the desk
        t.wait_for("Identifiez-vous")
        t.assert_on_screen("Non connecté")
        # F9 is a lock on purpose, journaled apart from the idle lock
        self.assertEqual(journal(t)[-2:], ["lock", "logout"])


if __name__ == "__main__":
    uidrv.main()
