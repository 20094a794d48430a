"""guichet check (and backup): integrity, foreign keys, the journal's chain."""
import os
import subprocess

import clitest


class CheckTest(clitest.CliTestCase):
    def sqlite_shell(self, db, sql):
        subprocess.run(["sqlite3", db, sql], check=True, capture_output=True)

    def test_fresh_database_is_correct(self):
        db = self.init_db()
        r = self.run_guichet("--db", db, "check")
        self.assert_golden("check/ok", r)

    def test_altered_journal_row_is_reported(self):
        db = self.init_db()
        self.sqlite_shell(db, "DROP TRIGGER audit_no_update; "
                              "UPDATE audit SET detail = 'rien' WHERE id = 2;")
        r = self.run_guichet("--db", db, "check")
        self.assert_golden("check/altered", r)
        self.assertNotEqual(r.status, 0)

    def test_deleted_journal_row_is_reported(self):
        db = self.init_db()
        self.run_guichet("--db", db, "user", "add", "agathe", "--role", "accueil", "--local-admin",
                         "--password-stdin", stdin="mot-de-passe-agathe\n")
        self.sqlite_shell(db, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2;")
        r = self.run_guichet("--db", db, "check")
        self.assert_golden("check/deleted", r)

    def test_triggers_refuse_changes_through_sqlite(self):
        db = self.init_db()
        p = subprocess.run(["sqlite3", db, "UPDATE audit SET detail = 'x' WHERE id = 1;"],
                           capture_output=True, text=True)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("journal", p.stderr)
        self.assert_status(self.run_guichet("--db", db, "check"), 0)

    def test_text_file_is_refused_and_left_identical(self):
        p = self.write_file("notes.txt", "ceci n'est pas une base guichet\n")
        with open(p, "rb") as f:
            before = f.read()
        r = self.run_guichet("--db", p, "check")
        self.assert_golden("check/text-file", r)
        with open(p, "rb") as f:
            self.assertEqual(f.read(), before)
        self.assertEqual(sorted(os.listdir(self.tmp)), ["home", "notes.txt"])

    def test_missing_database_and_usage(self):
        r = self.run_guichet("--db", self.path("absente.db"), "check")
        self.assert_golden("check/missing", r)
        self.assertFalse(os.path.exists(self.path("absente.db")))
        db = self.init_db()
        self.assert_golden("check/extra-argument", self.run_guichet("--db", db, "check", "x"))
        # the global usage text grows with each command: check its first line only
        r = self.run_guichet("--db", db, "--vite")
        self.assert_status(r, 2)
        self.assertTrue(r.stderr.startswith("guichet : option inconnue ou incomplète « --vite »."))
        r = self.run_guichet("--db", db, "verifier")
        self.assert_status(r, 2)
        self.assertTrue(r.stderr.startswith("guichet : commande inconnue « verifier »."))

    def test_backup_is_a_checked_copy_and_never_overwrites(self):
        db = self.init_db()
        dest = self.path("copie.db")
        r = self.run_guichet("--db", db, "backup", dest)
        self.assert_golden("backup/ok", r, masks=[clitest.MASK_BYTES])
        self.assert_status(self.run_guichet("--db", dest, "check"), 0)
        r = self.run_guichet("--db", dest, "user", "list")
        self.assertIn("sophie", r.stdout)
        with open(dest, "rb") as f:
            before = f.read()
        r = self.run_guichet("--db", db, "backup", dest)
        self.assert_golden("backup/exists", r)
        with open(dest, "rb") as f:
            self.assertEqual(f.read(), before)
        self.assert_status(self.run_guichet("--db", db, "backup"), 2)


if __name__ == "__main__":
    clitest.main()
