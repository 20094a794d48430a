"""The screens on a full disk name the cause (issue 12, item 1).

Starting guichet on a database whose disk is full used to print "not a
guichet database" and exit 4; the login screen must also say "disque plein"
when the disk fills while it is shown, and work again once space is freed."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "cli"))
import fsfaults  # noqa: E402
import tmuxdrv  # noqa: E402


class DiskFullTest(tmuxdrv.TermCase):
    def setUp(self):
        self.mount = fsfaults.Mount(self, 4096)
        self.db = os.path.join(self.mount.path, "guichet.db")

    def init_db(self, t):
        t.run_cli(["--db", self.db, "init", "--matricule", "FS-58-0042", "--site-name",
                   "France Services de Clamecy", "--admin", "sophie", "--admin-name",
                   "Sophie Lefèvre", "--commune", "58079", "--password-stdin"],
                  input="mot-de-passe-sophie\n")

    def test_start_on_a_full_disk_says_so(self):
        t = self.term(["--db", self.db], start=False)
        self.init_db(t)
        self.mount.fill()
        t.start()
        t.wait_for("Le disque est plein")
        t.assert_not_on_screen("pas une base")
        self.assertEqual(t.wait_exit(), 8)

    def test_login_screen_names_a_full_disk_then_works_again(self):
        t = self.term(["--db", self.db], start=False)
        self.init_db(t)
        t.start()
        t.wait_for("Mot de passe")
        self.mount.fill()
        t.login("sophie", "mot-de-passe-sophie", expect="Le disque est plein")
        t.assert_on_screen("Non connecté")
        self.mount.unfill()
        t.type_text("mot-de-passe-sophie")
        t.send_keys("Enter")
        t.wait_for("Bonjour")


if __name__ == "__main__":
    tmuxdrv.main()
