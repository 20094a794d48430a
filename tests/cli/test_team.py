"""guichet team / recovery: the team key of confidential notes and the site
recovery key printed once by `guichet init`."""
import re
import sqlite3

import clitest

KEY_RX = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){13}\b")
INIT = ["init", "--matricule", "FS-58-0042", "--site-name", "France Services de Clamecy",
        "--admin", "sophie", "--admin-name", "Sophie Lefèvre", "--password-stdin"]


class TeamTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        self.db = self.path("guichet.db")
        r = self.run_guichet("--db", self.db, *INIT, stdin="mot-de-passe-sophie\n")
        self.assert_status(r, 0)
        keys = KEY_RX.findall(r.stdout)
        self.assertEqual(len(keys), 1, r.stdout)
        self.key = keys[0]
        self.assertIn("Notez cette clé de secours sur papier", r.stdout)
        self.assertIn("Elle ne sera plus jamais affichée.", r.stdout)

    def g(self, *args, stdin=""):
        return self.run_guichet("--db", self.db, *args, stdin=stdin)

    def add(self, login, role):
        r = self.g("user", "add", login, "--role", role, "--local-admin", "--password-stdin",
                   stdin="mot-de-passe-%s\n" % login)
        self.assert_status(r, 0)

    def test_recovery_key_is_never_stored(self):
        raw = b""
        for suffix in ("", "-wal", "-shm"):
            try:
                with open(self.db + suffix, "rb") as f:
                    raw += f.read()
            except FileNotFoundError:
                pass
        for form in (self.key, self.key.replace("-", "")):
            self.assertNotIn(form.encode(), raw)
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            texts = " ".join(str(v) for row in con.execute("SELECT * FROM audit") for v in row)
        finally:
            con.close()
        self.assertNotIn(self.key[:9], texts)

    def test_grant_reset_and_recovery(self):
        self.add("karim", "conseiller")
        self.add("agathe", "accueil")
        r = self.g("team", "list")
        self.assert_status(r, 0)
        self.assertRegex(r.stdout, r"karim .*Conseiller +non accordée")
        self.assertRegex(r.stdout, r"sophie .*Responsable +oui")
        self.assertNotIn("agathe", r.stdout)
        # a wrong password of the granting member: refused, nothing granted
        r = self.g("team", "grant", "karim", "--by", "sophie", "--password-stdin",
                   stdin="pas-le-bon-mot-de-passe\n")
        self.assert_status(r, 5)
        # reception cannot hold the team key
        r = self.g("team", "grant", "agathe", "--by", "sophie", "--password-stdin",
                   stdin="mot-de-passe-sophie\n")
        self.assert_status(r, 5)
        self.assertIn("accueil", r.stderr)
        r = self.g("team", "grant", "karim", "--by", "sophie", "--password-stdin",
                   stdin="mot-de-passe-sophie\n")
        self.assert_status(r, 0)
        self.assertRegex(self.g("team", "list").stdout, r"karim .*Conseiller +oui")
        # both members reset: the team is locked out
        for login in ("sophie", "karim"):
            r = self.g("user", "reset", login, "--local-admin", "--password-stdin",
                       stdin="remis-a-zero-%s\n" % login)
            self.assert_status(r, 0)
        r = self.g("team", "list")
        self.assertEqual(r.stdout.count("à redonner"), 2, r.stdout)
        r = self.g("team", "grant", "karim", "--by", "sophie", "--password-stdin",
                   stdin="remis-a-zero-sophie\n")
        self.assert_status(r, 5)
        # a miscopied key is refused with a French message
        bad = ("B" if self.key[0] != "B" else "C") + self.key[1:]
        r = self.g("recovery", "restore", "sophie", stdin=bad + "\n")
        self.assert_status(r, 3)
        self.assertIn("mal recopiée", r.stderr)
        # typed in lower case with spaces: accepted
        typed = self.key.lower().replace("-", " ")
        r = self.g("recovery", "restore", "sophie", stdin=typed + "\n")
        self.assert_status(r, 0)
        self.assertIn("notes privées restent illisibles", r.stdout)
        r = self.g("team", "grant", "karim", "--by", "sophie", "--password-stdin",
                   stdin="remis-a-zero-sophie\n")
        self.assert_status(r, 0)
        r = self.g("team", "list")
        self.assertEqual(r.stdout.count(" oui"), 2, r.stdout)
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            actions = [a for (a,) in con.execute("SELECT action FROM audit ORDER BY id")]
        finally:
            con.close()
        self.assertEqual(actions.count("team-grant"), 2)
        # a responsable takes it back
        r = self.g("team", "revoke", "karim", "--by", "sophie", "--password-stdin",
                   stdin="remis-a-zero-sophie\n")
        self.assert_status(r, 0)
        self.assertRegex(self.g("team", "list").stdout, r"karim .*Conseiller +non accordée")
        self.assertEqual(actions.count("recovery-restore"), 1)
        self.assert_status(self.g("check"), 0)

    def test_new_recovery_key_replaces_the_old_one(self):
        r = self.g("recovery", "new", "--by", "sophie", "--password-stdin",
                   stdin="mot-de-passe-sophie\n")
        self.assert_status(r, 0)
        keys = KEY_RX.findall(r.stdout)
        self.assertEqual(len(keys), 1)
        self.assertNotEqual(keys[0], self.key)
        r = self.g("recovery", "restore", "sophie", stdin=self.key + "\n")
        self.assert_status(r, 5)
        r = self.g("recovery", "restore", "sophie", stdin=keys[0] + "\n")
        self.assert_status(r, 0)

    def test_usage(self):
        self.assert_status(self.g("team"), 2)
        self.assert_status(self.g("team", "grant", "karim"), 2)
        self.assert_status(self.g("team", "promote"), 2)
        self.assert_status(self.g("recovery", "restore"), 2)
        r = self.g("team", "grant", "personne", "--by", "sophie", "--password-stdin",
                   stdin="mot-de-passe-sophie\n")
        self.assert_status(r, 4)


if __name__ == "__main__":
    clitest.main()
