"""The command line's trust boundary for accounts (issue 12, item 7).

Anyone who can write the database file used to be able to run `guichet user
add --role responsable`, `reset` or `disable`. Account commands now act as a
responsable who proves their password (--as LOGIN), or as the owner of the
database file with an explicit --local-admin, journaled. docs/securite.md
explains the model."""
import os
import shutil
import sqlite3

import clitest

SOPHIE = "mot-de-passe-sophie\n"
INTRUS = ["user", "add", "intrus", "--role", "responsable"]


class TrustBoundaryTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        self.db = self.init_db()

    def g(self, *args, stdin="", prefix=()):
        return self.run_guichet("--db", self.db, *args, stdin=stdin, prefix=prefix)

    def journal(self):
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            return con.execute("SELECT user_id, action, detail FROM audit ORDER BY id").fetchall()
        finally:
            con.close()

    def logins(self):
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            return [l for (l,) in con.execute("SELECT login FROM app_user ORDER BY login")]
        finally:
            con.close()

    def test_account_commands_without_identity_are_refused(self):
        self.g("user", "add", "agathe", "--role", "accueil", "--local-admin", "--password-stdin",
               stdin="mot-de-passe-agathe\n")
        before = self.journal()
        for args, stdin in ((INTRUS + ["--password-stdin"], "mot-de-passe-intrus\n"),
                            (["user", "reset", "sophie", "--password-stdin"], "pris-en-main-1\n"),
                            (["user", "disable", "agathe"], ""),
                            (["user", "enable", "agathe"], "")):
            r = self.g(*args, stdin=stdin)
            with self.subTest(command=" ".join(args)):
                self.assert_status(r, 5)
                self.assertIn("--as IDENTIFIANT", r.stderr)
                self.assertIn("--local-admin", r.stderr)
        self.assertEqual(self.logins(), ["agathe", "sophie"])
        self.assertEqual(self.journal(), before)
        # sophie's password still opens her account: nothing was reset
        r = self.g("user", "passwd", "sophie", "--password-stdin",
                   stdin=SOPHIE + "nouveau-mot-sophie\n")
        self.assert_status(r, 0)

    def test_as_a_responsable_with_the_password(self):
        r = self.g(*INTRUS, "--as", "sophie", "--password-stdin",
                   stdin=SOPHIE + "mot-de-passe-nouveau\n")
        self.assert_status(r, 0)
        self.assertIn("intrus", self.logins())
        (uid, action, _), (uid2, action2, detail) = self.journal()[-2:]
        self.assertEqual((uid, action, uid2, action2), (1, "cli-auth", 1, "user-add"))
        self.assertIn("role=responsable", detail)

    def test_wrong_password_is_refused_counted_and_locks(self):
        for i in range(5):  # [security] failed_login_limit = 5
            r = self.g(*INTRUS, "--as", "sophie", "--password-stdin",
                       stdin="devine-%d\nmot-de-passe-nouveau\n" % i)
            self.assert_status(r, 5)
        self.assertNotIn("intrus", self.logins())
        self.assertEqual([a for (_, a, _) in self.journal()].count("cli-auth-failed"), 5)
        r = self.g(*INTRUS, "--as", "sophie", "--password-stdin",
                   stdin=SOPHIE + "mot-de-passe-nouveau\n")
        self.assert_status(r, 5)
        self.assertIn("verrouillé", r.stderr)
        self.assertNotIn("intrus", self.logins())

    def test_as_someone_who_is_not_a_responsable(self):
        self.g("user", "add", "agathe", "--role", "accueil", "--local-admin", "--password-stdin",
               stdin="mot-de-passe-agathe\n")
        r = self.g(*INTRUS, "--as", "agathe", "--password-stdin",
                   stdin="mot-de-passe-agathe\nmot-de-passe-nouveau\n")
        self.assert_status(r, 5)
        self.assertIn("n'est pas responsable", r.stderr)
        self.assertNotIn("intrus", self.logins())

    def test_local_admin_is_the_files_owner_and_is_journaled(self):
        r = self.g(*INTRUS, "--local-admin", "--password-stdin", stdin="mot-de-passe-nouveau\n")
        self.assert_status(r, 0)
        (uid, action, detail), (uid2, action2, _) = self.journal()[-2:]
        self.assertEqual((uid, action, uid2, action2), (0, "local-admin", 0, "user-add"))
        self.assertIn("uid %d" % os.geteuid(), detail)
        self.assertIn("user add intrus --role responsable", detail)

    def test_local_admin_refused_to_another_account_that_can_write_the_file(self):
        setpriv = shutil.which("setpriv")
        if os.geteuid() != 0 or not setpriv:
            self.skipTest("needs root and setpriv to run guichet as another account")
        # a desk account that can write the base (group/world write), not its owner
        for d in (self.tmp, self.home, os.path.join(self.home, ".config")):
            os.chmod(d, 0o777)
        os.chmod(self.db, 0o666)
        nobody = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        r = self.g(*INTRUS, "--local-admin", "--password-stdin", stdin="mot-de-passe-nouveau\n",
                   prefix=nobody)
        self.assert_status(r, 5)
        self.assertIn("propriétaire du fichier", r.stderr)
        self.assertNotIn("intrus", self.logins())
        # the same account with a responsable's password may
        r = self.g(*INTRUS, "--as", "sophie", "--password-stdin",
                   stdin=SOPHIE + "mot-de-passe-nouveau\n", prefix=nobody)
        self.assert_status(r, 0)
        self.assertIn("intrus", self.logins())


if __name__ == "__main__":
    clitest.main()
