"""cmake --install: a staged /usr/local tree (DESTDIR) holds a runnable
guichet that speaks French by default and English with [ui] language = en
from its *installed* catalogs (never the build folder's), its man page
guichet(1) in French, the example settings, the cron line and the systemd
units."""
import os
import re
import shutil
import subprocess

import clitest

BUILD = os.environ.get("GUICHET_BUILD_DIR") or os.path.join(clitest.SOURCE_DIR, "build")
PREFIX = "/usr/local"


class InstallTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        self.stage = self.path("stage")
        env = dict(os.environ, DESTDIR=self.stage)
        p = subprocess.run(["cmake", "--install", BUILD, "--prefix", PREFIX], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        self.assertEqual(p.returncode, 0, p.stdout.decode())
        self.root = self.stage + PREFIX
        self.bin = os.path.join(self.root, "bin", "guichet")

    def installed(self, *args, config=None):
        """Runs the installed binary with a clean environment: no
        GUICHET_LOCALEDIR, nothing pointing at the build folder."""
        env = {k: v for k, v in self.env.items() if k != "GUICHET_LOCALEDIR"}
        pre = ["--config", config] if config else []
        p = subprocess.run([self.bin] + pre + list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env, cwd=self.tmp, timeout=60)
        return p.returncode, p.stdout.decode(), p.stderr.decode()

    def test_files_are_where_a_debian_admin_looks(self):
        for rel in ("bin/guichet", "share/locale/en/LC_MESSAGES/guichet.mo",
                    "share/man/man1/guichet.1",
                    "share/doc/guichet/examples/guichet.ini.example",
                    "share/doc/guichet/examples/guichet-export.crontab",
                    "share/doc/guichet/export-installation.md",
                    "share/doc/guichet/installation.md",
                    "lib/systemd/system/guichet-export.service",
                    "lib/systemd/system/guichet-purge.service",
                    "lib/systemd/system/guichet-export.timer",
                    "share/guichet/services-national.csv"):
            self.assertTrue(os.path.isfile(os.path.join(self.root, rel)), rel)
        self.assertTrue(os.access(self.bin, os.X_OK))

    def test_installed_binary_speaks_french_then_english_from_its_own_catalogs(self):
        status, out, err = self.installed("--help")
        self.assertEqual(status, 0, err)
        self.assertIn("Usage : guichet", out)
        self.assertIn("Commandes :", out)
        status, out, err = self.installed("--db", self.path("absente.db"), "check")
        self.assertEqual(status, 4, out + err)
        self.assertIn("n'existe pas", err)

        en = self.write_file("en.ini", "[ui]\nlanguage = en\n")
        status, out, err = self.installed("--help", config=en)
        self.assertEqual(status, 0, err)
        self.assertIn("Usage: guichet", out)
        self.assertIn("Commands:", out)
        self.assertNotIn("Commandes :", out)
        status, out, err = self.installed("--db", self.path("absente.db"), "check", config=en)
        self.assertEqual(status, 4)
        self.assertIn("does not exist", err)

        # the English comes from the installed catalog: without it, French
        # again, although the build folder still has its own catalog
        mo = os.path.join(self.root, "share/locale/en/LC_MESSAGES/guichet.mo")
        self.assertTrue(os.path.isfile(os.path.join(BUILD, "locale/en/LC_MESSAGES/guichet.mo")))
        os.rename(mo, mo + ".off")
        status, out, err = self.installed("--help", config=en)
        self.assertEqual(status, 0)
        self.assertIn("Usage : guichet", out)

    def test_man_page_in_french(self):
        if not shutil.which("man"):
            self.fail("man absent : installez man-db (tools/setup.sh)")
        page = os.path.join(self.root, "share/man/man1/guichet.1")
        env = dict(self.env, MANWIDTH="80", MANPAGER="cat", PAGER="cat")
        p = subprocess.run(["man", "-P", "cat", "-l", page], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertEqual(p.stderr.decode(), "", "avertissements de troff")
        text = p.stdout.decode()
        for want in ("NOM", "guichet - le guichet d'accueil", "SYNOPSIS", "FICHIERS",
                     "/etc/guichet/guichet.ini", "/var/lib/guichet/", "CODES DE SORTIE",
                     "data·inclusion"):
            self.assertIn(want, text)
        # and `man guichet` finds it in the installed tree
        env["MANPATH"] = os.path.join(self.root, "share/man")
        p = subprocess.run(["man", "-P", "cat", "guichet"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertIn("guichet - le guichet d'accueil", p.stdout.decode())


    def test_units_cron_and_man_name_the_prefix_installed_to(self):
        """--prefix chosen at install time: the units, the cron lines and the
        man page name that prefix's program and documentation (they said
        /usr/local and /usr/share whatever the prefix)."""
        stage = self.path("opt-stage")
        prefix = "/opt/guichet"
        p = subprocess.run(["cmake", "--install", BUILD, "--prefix", prefix],
                           env=dict(os.environ, DESTDIR=stage), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=300)
        self.assertEqual(p.returncode, 0, p.stdout.decode())
        root = stage + prefix

        def read(rel):
            with open(os.path.join(root, rel), encoding="utf-8") as f:
                return f.read()
        for unit, cmd in (("guichet-export.service", "export --wait"),
                          ("guichet-purge.service", "rgpd purge")):
            text = read("lib/systemd/system/" + unit)
            self.assertIn("ExecStart=/opt/guichet/bin/guichet " + cmd, text)
            self.assertIn("file:/opt/guichet/share/doc/guichet/", text)
            self.assertNotIn("/usr/local", text)
        cron = [l for l in read("share/doc/guichet/examples/guichet-export.crontab").splitlines()
                if l and not l.startswith("#")]
        self.assertTrue(cron)
        for line in cron:
            self.assertIn(" /opt/guichet/bin/guichet ", line)
        man = read("share/man/man1/guichet.1")
        self.assertIn("/opt/guichet/share/doc/guichet/commandes.md", man)
        self.assertNotIn("/usr/share/doc/guichet", man)
        # the default prefix keeps what data/ says
        self.assertIn("ExecStart=/usr/local/bin/guichet export",
                      open(os.path.join(self.root, "lib/systemd/system/guichet-export.service"),
                           encoding="utf-8").read())

    def test_systemd_units_verify_and_are_hardened(self):
        """systemd-analyze verify accepts the installed units (ExecStart pointed
        at the staged binary, since /usr/local/bin/guichet is not on this
        machine) and security rates the service's exposure at 4 or less."""
        analyze = shutil.which("systemd-analyze")
        if not analyze:
            self.fail("systemd-analyze absent : installez le paquet systemd (tools/setup.sh)")
        units = os.path.join(self.root, "lib/systemd/system")
        check = self.path("units")
        os.makedirs(check)
        names = ("guichet-export.service", "guichet-export.timer", "guichet-purge.service",
                 "guichet-purge.timer")
        for name in names:
            with open(os.path.join(units, name), encoding="utf-8") as f:
                text = f.read()
            text = text.replace("ExecStart=/usr/local/bin/guichet", "ExecStart=" + self.bin)
            with open(os.path.join(check, name), "w", encoding="utf-8") as f:
                f.write(text)
        files = [os.path.join(check, n) for n in names]
        p = subprocess.run([analyze, "verify", "--man=no"] + files, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=120)
        self.assertEqual(p.returncode, 0, p.stdout.decode())
        self.assertEqual(p.stdout.decode().strip(), "")
        for service in (files[0], files[2]):
            p = subprocess.run([analyze, "security", "--offline=true", service],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
            out = p.stdout.decode()
            m = re.search(r"Overall exposure level for %s: ([0-9.]+)"
                          % re.escape(os.path.basename(service)), out)
            self.assertIsNotNone(m, out)
            self.assertLessEqual(float(m.group(1)), 4.0, out)

if __name__ == "__main__":
    clitest.main()
