"""Confidential notes in the real binary: a conseiller writes a private note,
reception sees only that a note exists, the author reads it again after a new
login; the note's text is nowhere in clear on disk; the idle lock wipes what
the notes screens show; edit (history), share, delete."""
import os
import secrets
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402

SLOW = uidrv.DEFAULT_TIMEOUT * 2


def lonely_visitor(db_path):
    """A demo visitor whose last name is unique (and plain ASCII, easy to
    type), past the first three that carry the demo notes."""
    db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    try:
        row = db.execute(
            "SELECT last_name, first_names FROM visitor WHERE id > 3 AND merged_into IS NULL "
            "AND last_name NOT GLOB '*[^A-Za-z]*' GROUP BY last_name HAVING count(*) = 1 "
            "ORDER BY min(id) LIMIT 1").fetchone()
    finally:
        db.close()
    if not row:
        raise AssertionError("no demo visitor with a unique name")
    return row


class NotesTest(uidrv.ScreenCase):
    def start(self):
        t = self.demo_term()
        t.wait_for("Comptes de démonstration")
        self.last, self.first = lonely_visitor(t.path("demo.db"))
        return t

    def open_notes(self, t):
        """From the home screen: n, the visitor picker, the visitor's notes."""
        t.send_keys("n")
        t.wait_for("de quel visiteur")
        t.type_text(self.last)
        t.wait_for("%s %s" % (self.last, self.first))
        t.send_keys("Enter")
        return t.wait_for("Notes confidentielles sur %s" % self.last)

    def write_note(self, t, text, level_team=False):
        t.send_keys("n")
        t.wait_for("Nouvelle note confidentielle")
        # the level is shown before anything is typed: private by default
        self.assertIn("PRIVÉE", t.line_with("Niveau :"))
        t.assert_on_screen("Ce texte n'est pas enregistré en brouillon")
        if level_team:
            t.send_keys("F3")
            t.wait_for("ÉQUIPE")
        lines = text.split("\n")
        for i, line in enumerate(lines):
            t.type_text(line)
            if i + 1 < len(lines):
                t.send_keys("Enter")
        t.wait_for(lines[-1])
        t.wait_for("%d / 8" % len(text.encode("utf-8")))
        t.send_keys("F2")
        t.wait_for("enregistrée, chiffrée")

    def logout_login(self, t, login):
        t.send_keys("F8")
        t.wait_for("Identifiez-vous")
        t.login(login, login + "-demo")

    def test_private_note_hidden_from_reception_and_never_on_disk_in_clear(self):
        t = self.start()
        marker = "Marqueur-%s" % secrets.token_hex(8)
        t.login("conseiller", "conseiller-demo")
        self.open_notes(t)
        t.wait_for("Aucune note que vous puissiez lire")
        self.write_note(t, "%s : dossier CAF à relancer\nRappeler jeudi, élément sensible." % marker)
        # the list shows it: date, author, level, first line
        row = t.line_with(marker)
        self.assertIsNotNone(row)
        self.assertIn("Karim Benali", row)
        self.assertIn("Privée", row)
        t.send_keys("Enter")
        t.wait_for("Rappeler jeudi, élément sensible.")
        t.assert_on_screen("version 1 sur 1")
        t.send_keys("Escape")
        t.wait_for("Notes confidentielles sur")

        # reception: the note exists, its content does not show
        self.logout_login(t, "accueil")
        self.open_notes(t)
        t.wait_for("1 note confidentielle, non accessible")
        t.assert_not_on_screen(marker)
        t.assert_not_on_screen("Karim Benali       Privée")
        t.send_keys("Enter")  # nothing to open
        t.assert_not_on_screen(marker)

        # the author, after logging in again, reads it
        self.logout_login(t, "conseiller")
        self.open_notes(t)
        t.wait_for(marker)
        t.assert_not_on_screen("non accessible")
        t.send_keys("Enter")
        t.wait_for("Rappeler jeudi, élément sensible.")

        t.send_keys("F10")
        t.wait_for("Quitter guichet ?")
        t.send_keys("o")
        self.assertEqual(t.wait_exit(SLOW), 0)

        # the marker is nowhere in clear: database, its WAL, anything written
        # under the test's HOME and temp dir during the session
        needle = marker.encode("utf-8")
        checked = []
        for root, _dirs, files in os.walk(t.tmp):
            for name in files:
                path = os.path.join(root, name)
                if not os.path.isfile(path) or os.path.islink(path):
                    continue
                with open(path, "rb") as f:
                    data = f.read()
                checked.append(os.path.relpath(path, t.tmp))
                self.assertNotIn(needle, data, "note text in clear in %s" % path)
        self.assertIn("demo.db", checked)
        for extra in ("demo.db-wal", "demo.db-journal"):
            p = t.path(extra)
            if os.path.exists(p):
                with open(p, "rb") as f:
                    self.assertNotIn(needle, f.read())

    def test_lock_wipes_the_reader_and_keeps_the_text_being_typed(self):
        t = self.start()
        marker = "Verrou-%s" % secrets.token_hex(6)
        t.login("conseiller", "conseiller-demo")
        self.open_notes(t)
        self.write_note(t, "%s lu avant le verrouillage" % marker)
        t.send_keys("Enter")
        t.wait_for("lu avant le verrouillage")
        t.send_keys("F9")
        t.wait_for("Poste verrouillé")
        t.assert_not_on_screen(marker)
        t.type_text("conseiller-demo")
        t.send_keys("Enter")
        # the decrypted view was closed: nothing shown until asked again
        t.wait_for("Note refermée au verrouillage du poste.")
        t.assert_not_on_screen(marker)
        t.send_keys("Enter")
        t.wait_for("lu avant le verrouillage")
        t.send_keys("Escape")
        t.wait_for("Notes confidentielles sur")

        # a note being typed survives the lock (sealed for its author meanwhile)
        t.send_keys("n")
        t.wait_for("Nouvelle note confidentielle")
        t.type_text("Texte en cours de saisie")
        t.wait_for("Texte en cours de saisie")
        t.send_keys("F9")
        t.wait_for("Poste verrouillé")
        t.assert_not_on_screen("Texte en cours")
        t.type_text("conseiller-demo")
        t.send_keys("Enter")
        t.wait_for("Texte en cours de saisie")
        t.wait_for("24 / 8")
        # cancelling asks first, then the text is gone
        t.send_keys("Escape")
        t.wait_for("Abandonner ce texte ?")
        t.send_keys("o")
        t.wait_for("Notes confidentielles sur")
        t.assert_not_on_screen("Texte en cours")

    def test_edit_history_share_delete(self):
        t = self.start()
        marker = "Suivi-%s" % secrets.token_hex(6)
        t.login("conseiller", "conseiller-demo")
        self.open_notes(t)
        self.write_note(t, "%s première version" % marker)
        # edit: a new version, the old one stays readable in the history
        t.send_keys("m")
        t.wait_for("version 1 → 2")
        t.wait_for("première version")
        # typed at the start of the text, so that the list's first-line
        # column (32 columns at 80x24) shows it with the marker (the tmux
        # version of this test sent End, which never reached guichet through
        # tmux: the text went to the start there too)
        t.send_keys("Home")
        t.type_text("puis corrigée")
        t.send_keys("F2")
        t.wait_for("Nouvelle version enregistrée (version 2).")
        t.wait_for("puis corrigée")
        t.send_keys("h")
        t.wait_for("Historique de la note : 2 versions")
        t.send_keys("Down", "Enter")  # newest first: Down = version 1
        t.wait_for("version 1 sur 2")
        t.wait_for("%s première version" % marker)
        t.assert_not_on_screen("puis corrigée")
        t.send_keys("Escape")
        t.wait_for("Historique de la note")
        t.send_keys("Escape")
        t.wait_for("Notes confidentielles sur")

        # share with reception's Agathe Martin, who then reads it
        t.send_keys("p")
        t.wait_for("Partager la note avec un collègue de plus")
        t.type_text("agathe")
        t.wait_for("Agathe Martin")
        t.send_keys("Enter")
        t.wait_for("Note partagée avec Agathe Martin.")
        self.logout_login(t, "accueil")
        self.open_notes(t)
        t.wait_for(marker)
        t.assert_not_on_screen("non accessible")
        t.send_keys("Enter")
        t.wait_for("puis corrigée")
        t.send_keys("Escape")
        t.wait_for("Notes confidentielles sur")

        # the author deletes it, after a confirmation that says what it does
        self.logout_login(t, "conseiller")
        self.open_notes(t)
        t.wait_for(marker)
        t.send_keys("s")
        t.wait_for("Supprimer cette note ?")
        t.assert_on_screen("détruits")
        t.send_keys("o")
        t.wait_for("Note supprimée")
        t.assert_not_on_screen(marker)
        t.wait_for("Aucune note que vous puissiez lire")


if __name__ == "__main__":
    uidrv.main()
