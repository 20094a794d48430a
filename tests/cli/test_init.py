"""guichet init: creates the database, the site and the first responsable."""
import os
import re
import sqlite3

import clitest

INIT = ["init", "--matricule", "FS-58-0042", "--site-name", "France Services de Clamecy",
        "--admin", "sophie", "--admin-name", "Sophie Lefèvre", "--commune", "58079"]
# the site recovery key printed once (random): see tests/cli/test_team.py
MASK_RECOVERY = (re.compile(r"\b[0-9A-Z]{4}(-[0-9A-Z]{4}){13}\b"), "<CLÉ DE SECOURS>")


class InitTest(clitest.CliTestCase):
    def test_creates_database_with_guichet_pragmas(self):
        db = self.path("guichet.db")
        r = self.run_guichet("--db", db, *INIT, "--password-stdin",
                             stdin="mot-de-passe-sophie\n")
        self.assert_golden("init/ok", r, masks=[MASK_RECOVERY])
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        try:
            self.assertEqual(con.execute("PRAGMA application_id").fetchone()[0], 0x47434854)
            self.assertEqual(con.execute("PRAGMA journal_mode").fetchone()[0], "wal")
            self.assertGreaterEqual(con.execute("PRAGMA user_version").fetchone()[0], 1)
            self.assertEqual(con.execute("SELECT matricule, name, commune FROM site").fetchall(),
                             [("FS-58-0042", "France Services de Clamecy", "58079")])
            self.assertEqual(
                con.execute("SELECT login, display_name, role FROM app_user").fetchall(),
                [("sophie", "Sophie Lefèvre", "responsable")])
            self.assertEqual(
                [a for (a,) in con.execute("SELECT action FROM audit ORDER BY id")],
                ["site-init", "user-add", "recovery-create", "team-init"])
        finally:
            con.close()
        r = self.run_guichet("--db", db, "check")
        self.assert_status(r, 0)

    def test_help_after_a_command_is_help_not_an_error(self):
        for cmd, first in (("init", "Usage : guichet init"), ("sync", "Usage : guichet sync export")):
            for flag in ("--help", "-h"):
                r = self.run_guichet("--db", self.path("absente.db"), cmd, flag)
                self.assert_status(r, 0)
                self.assertTrue(r.stdout.startswith(first), r.stdout)
                self.assertEqual(r.stderr, "")
        self.assertFalse(os.path.exists(self.path("absente.db")))

    def test_db_option_after_the_command(self):
        db = self.path("apres.db")
        r = self.run_guichet(*INIT, "--db", db, "--password-stdin",
                             stdin="mot-de-passe-sophie\n")
        self.assert_status(r, 0)
        self.assertTrue(os.path.exists(db))

    def test_refuses_an_existing_database_untouched(self):
        db = self.init_db()
        with open(db, "rb") as f:
            before = f.read()
        r = self.run_guichet("--db", db, *INIT, "--password-stdin",
                             stdin="autre-mot-de-passe\n")
        self.assert_golden("init/exists", r)
        with open(db, "rb") as f:
            self.assertEqual(f.read(), before)

    def test_short_password_creates_nothing(self):
        db = self.path("court.db")
        r = self.run_guichet("--db", db, *INIT, "--password-stdin", stdin="court\n")
        self.assert_golden("init/short-password", r)
        self.assertFalse(os.path.exists(db))

    def test_bad_matricule_and_commune(self):
        db = self.path("x.db")
        args = list(INIT)
        args[args.index("FS-58-0042")] = "FS 58/42"
        r = self.run_guichet("--db", db, *args, "--password-stdin", stdin="mot-de-passe-long\n")
        self.assert_golden("init/bad-matricule", r)
        args = list(INIT)
        args[args.index("58079")] = "5807"
        r = self.run_guichet("--db", db, *args, "--password-stdin", stdin="mot-de-passe-long\n")
        self.assert_golden("init/bad-commune", r)
        self.assertFalse(os.path.exists(db))

    def test_usage_errors(self):
        db = self.path("u.db")
        r = self.run_guichet("--db", db, "init", "--matricule", "FS-1", "--site-name", "S",
                             "--password-stdin")
        self.assert_golden("init/missing-admin", r)
        r = self.run_guichet("--db", db, *INIT, "--vite")
        self.assert_golden("init/unknown-option", r)
        r = self.run_guichet("--db", db, *INIT, "--admin")
        self.assert_status(r, 2)
        self.assertFalse(os.path.exists(db))

    def test_no_terminal_without_password_stdin(self):
        db = self.path("t.db")
        r = self.run_guichet("--db", db, *INIT, stdin="mot-de-passe-sophie\n")
        self.assert_golden("init/no-terminal", r)
        self.assertFalse(os.path.exists(db))


if __name__ == "__main__":
    clitest.main()
