"""guichet user: add, list, disable, enable, passwd, reset.

Account commands act as a responsable who proves their password (--as) or
as the database file's owner (--local-admin): see test_trust_boundary.py."""
import sqlite3

import clitest

SOPHIE = "mot-de-passe-sophie\n"  # the first line of stdin: the responsable's password


class UserTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        self.db = self.init_db()

    def user(self, *args, stdin=""):
        return self.run_guichet("--db", self.db, "user", *args, stdin=stdin)

    def manage(self, *args, stdin=""):
        """An account command run as the responsable sophie (--as)."""
        return self.user(*args, "--as", "sophie", "--password-stdin", stdin=SOPHIE + stdin)

    def journal(self):
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            return con.execute("SELECT user_id, action FROM audit ORDER BY id").fetchall()
        finally:
            con.close()

    def test_add_and_list(self):
        r = self.manage("add", "agathe", "--role", "accueil", "--name", "Agathe Martin",
                        stdin="mot-de-passe-agathe\n")
        self.assert_golden("user/add", r)
        r = self.manage("add", "Karim", "--role", "conseiller", "--name", "Karim Benali",
                        stdin="mot-de-passe-karim\n")
        self.assert_status(r, 0)
        r = self.user("list")
        self.assert_golden("user/list", r)
        # journaled as sophie (user 1), who proved her password each time
        self.assertEqual(self.journal(), [(0, "site-init"), (0, "user-add"),
                                          (0, "recovery-create"), (0, "team-init"),
                                          (1, "cli-auth"), (1, "user-add"),
                                          (1, "cli-auth"), (1, "user-add")])

    def test_add_refusals(self):
        r = self.manage("add", "agathe", "--role", "chef", stdin="x\n")
        self.assert_golden("user/wrong-role", r)
        r = self.manage("add", "agathe", "--role", "accueil", stdin="court\n")
        self.assert_golden("user/short-password", r)
        r = self.manage("add", "Sophie", "--role", "accueil", stdin="mot-de-passe-long\n")
        self.assert_golden("user/duplicate", r)
        r = self.manage("add", "hélène", "--role", "accueil", stdin="mot-de-passe-long\n")
        self.assert_golden("user/bad-login", r)
        r = self.manage("add", "agathe", stdin="mot-de-passe-long\n")
        self.assert_golden("user/missing-role", r)
        # init: site, user, recovery and team keys; then only the password
        # check of the refused short password (the others stop before it)
        self.assertEqual([a for (_, a) in self.journal()][4:], ["cli-auth"])

    def test_usage_errors(self):
        self.assert_golden("user/no-subcommand", self.user())
        self.assert_golden("user/unknown-subcommand", self.user("supprimer", "sophie"))
        self.assert_status(self.user("disable"), 2)
        self.assert_status(self.user("disable", "sophie", "--as"), 2)
        self.assert_status(self.user("list", "en-trop"), 2)
        self.assert_status(self.user("passwd", "sophie", "--role", "accueil"), 2)

    def test_disable_enable(self):
        r = self.manage("disable", "sophie")
        self.assert_golden("user/disable-last-manager", r)
        self.manage("add", "agathe", "--role", "accueil", stdin="mot-de-passe-agathe\n")
        r = self.manage("disable", "agathe")
        self.assert_golden("user/disable", r)
        self.assert_status(self.manage("disable", "agathe"), 0)
        r = self.user("list")
        self.assertIn("désactivé", r.stdout)
        r = self.manage("enable", "agathe")
        self.assert_golden("user/enable", r)
        r = self.manage("disable", "personne")
        self.assert_golden("user/not-found", r)
        # the second disable changed nothing but was authenticated all the same
        self.assertEqual([a for (_, a) in self.journal()][-4:],
                         ["user-disable", "cli-auth", "cli-auth", "user-enable"])

    def test_passwd(self):
        r = self.user("passwd", "sophie", "--password-stdin",
                      stdin="pas-le-bon-mot\nnouveau-mot-sophie\n")
        self.assert_golden("user/passwd-wrong-old", r)
        r = self.user("passwd", "sophie", "--password-stdin",
                      stdin="mot-de-passe-sophie\ncourt\n")
        self.assert_status(r, 3)
        r = self.user("passwd", "sophie", "--password-stdin",
                      stdin="mot-de-passe-sophie\nnouveau-mot-sophie\n")
        self.assert_golden("user/passwd", r)
        # the new password is now the one to prove
        r = self.user("passwd", "sophie", "--password-stdin",
                      stdin="mot-de-passe-sophie\nencore-un-autre-mot\n")
        self.assert_status(r, 5)
        # the change is journaled, and so is each wrong old password (it
        # counts towards the lockout like a failed login)
        actions = [a for (_, a) in self.journal()]
        self.assertEqual(actions[-2:], ["user-passwd", "passwd-failed"])
        self.assertEqual(actions.count("passwd-failed"), 2)

    def test_reset_warns_about_confidential_notes(self):
        self.manage("add", "karim", "--role", "conseiller", stdin="mot-de-passe-karim\n")
        r = self.manage("reset", "karim", stdin="remis-a-zero-karim\n")
        self.assert_golden("user/reset", r)
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            gen = con.execute("SELECT key_generation FROM app_user WHERE login='karim'")
            self.assertEqual(gen.fetchone()[0], 2)
        finally:
            con.close()
        self.assertEqual(self.journal()[-1], (1, "user-reset"))


if __name__ == "__main__":
    clitest.main()
