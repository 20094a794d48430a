"""Every SQLite failure is reported as what it is (issue 12, item 1).

A full disk, a read-only folder, a database locked by another program and a
damaged file used to be read as "not a guichet database" (exit 7) because
`PRAGMA application_id` failed: a manager told that their base is foreign
may restore over good data. Each must now say its cause: a full disk or an
unwritable folder exit 8 with the operating system's reason, a busy base
exit 6, a damaged one its own message; on every command and on the screens'
start."""
import os
import shutil
import sqlite3

import clitest
import fsfaults

FOREIGN = "n'est pas une base"


class DbErrorsTest(clitest.CliTestCase):
    def commands(self, db, scratch):
        """(args, stdin) of one run of every kind of command, and the screens."""
        csv = self.write_file("services.csv", "nom;commune\nCAF;58079\n")
        return [
            (["check"], ""),
            (["user", "list"], ""),
            (["user", "add", "agathe", "--role", "accueil", "--local-admin", "--password-stdin"],
             "mot-de-passe-agathe\n"),
            (["backup", os.path.join(scratch, "copie.db")], ""),
            (["export", "--date", "2026-03-02", "--out", os.path.join(scratch, "out")], ""),
            (["export", "ics", "--resource", "Salle 1", "--from", "2026-03-02", "--to",
              "2026-03-03", "--out", os.path.join(scratch, "agenda.ics")], ""),
            (["import", "services", csv], ""),
            (["team", "list"], ""),
            (["agenda", "ressource", "list"], ""),
            (["agenda", "ressource", "add", "Salle 2", "--type", "salle"], ""),
            # no command: the screens, in a terminal (the login screen is
            # drawn, then the base opened: the failure still comes back to
            # the shell with its cause and its status)
            ([], ""),
        ]

    def assert_reported(self, db, scratch, status, words, prefix=()):
        for args, stdin in self.commands(db, scratch):
            r = self.run_guichet("--db", db, *args, stdin=stdin, prefix=prefix, tty=not args)
            with self.subTest(command=" ".join(args) or "(screens)"):
                self.assertNotIn(FOREIGN, r.stderr, r)
                self.assertEqual(r.status, status, r)
                self.assertTrue(any(w in r.stderr for w in words), r)

    def test_full_disk_is_named_and_loses_nothing(self):
        m = fsfaults.Mount(self, 4096)
        db = self.init_db(os.path.join(m.path, "guichet.db"))
        scratch = self.path("ailleurs")
        os.makedirs(scratch)
        m.fill()
        self.assert_reported(db, scratch, 8, ["Le disque est plein"])
        m.unfill()
        r = self.run_guichet("--db", db, "check")
        self.assert_status(r, 0)

    def test_read_only_folder_is_named(self):
        folder = self.path("lecture-seule")
        os.makedirs(folder)
        db = self.init_db(os.path.join(folder, "guichet.db"))
        scratch = self.path("ailleurs")
        os.makedirs(scratch, mode=0o777)
        os.chmod(scratch, 0o777)
        prefix = fsfaults.read_only_folder(self, folder)
        self.assert_reported(db, scratch, 8, ["lecture seulement", "Permission non accordée",
                                              "Read-only", "Permission denied"], prefix=prefix)

    def test_locked_by_another_program_is_busy(self):
        db = self.init_db()
        con = sqlite3.connect(db, isolation_level=None)
        self.addCleanup(con.close)
        con.execute("PRAGMA locking_mode = EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("UPDATE site SET name = name")
        r = self.run_guichet("--db", db, "check")
        self.assertNotIn(FOREIGN, r.stderr, r)
        self.assert_status(r, 6)
        self.assertIn("occupée", r.stderr)

    def test_damaged_file_says_damaged(self):
        db = self.init_db()
        self.assert_status(self.run_guichet("--db", db, "check"), 0)
        with open(db, "r+b") as f:  # magic and application_id intact, page size broken
            f.seek(16)
            f.write(b"\x00\x03")
        r = self.run_guichet("--db", db, "check")
        self.assertNotIn(FOREIGN, r.stderr, r)
        self.assertIn("endommagée", r.stderr)
        self.assertNotEqual(r.status, 0)


if __name__ == "__main__":
    clitest.main()
