"""guichet export writes one line per run to the system journal (syslog(3)):
numbers only, LOG_INFO when it worked, LOG_ERR (and stderr) when it failed.

The binary runs in a private mount namespace (unshare -m) where /dev/log is a
socket this test listens on: the real syslog(3) path, no hook in guichet.
It needs root (CI runs as root) and unshare; without them the test is
skipped and says why."""
import os
import shutil
import socket
import subprocess
import unittest

import clitest

SCRIPT = r'''
set -e
mkdir -p "$T/devsave"
mount --bind /dev "$T/devsave"
mount -t tmpfs -o mode=755 tmpfs /dev
for n in null zero urandom random tty; do
    if [ -e "$T/devsave/$n" ]; then touch /dev/$n; mount --bind "$T/devsave/$n" /dev/$n; fi
done
touch /dev/log
mount --bind "$T/log.sock" /dev/log
exec "$@"
'''


class RunLogTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        if os.geteuid() != 0:
            self.skipTest("il faut être root pour monter un /dev/log de test (unshare -m)")
        if not shutil.which("unshare"):
            self.skipTest("unshare absent (paquet util-linux)")
        p = subprocess.run(["unshare", "-m", "true"], capture_output=True)
        if p.returncode != 0:
            self.skipTest("unshare -m refusé dans ce conteneur : " + p.stderr.decode().strip())
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path("log.sock"))
        self.sock.settimeout(10)

    def tearDown(self):
        if hasattr(self, "sock"):
            self.sock.close()
        super().tearDown()

    def run_logged(self, *args):
        env = dict(self.env, T=self.tmp)
        p = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", SCRIPT,
                            "sh", clitest.BIN] + [str(a) for a in args],
                           env=env, capture_output=True, timeout=120)
        return p.returncode, p.stdout.decode(), p.stderr.decode()

    def journal(self):
        data = self.sock.recv(4096).decode()
        self.sock.settimeout(0.2)
        try:
            extra = self.sock.recv(4096)
            self.fail("une seule ligne par exécution attendue, reçu aussi %r" % extra)
        except socket.timeout:
            pass
        self.sock.settimeout(10)
        return data

    def test_one_line_per_run_counts_only(self):
        db = self.init_db()
        status, out, err = self.run_logged("--db", db, "export")
        self.assertEqual(status, 0, err)
        self.assertEqual(out + err, "", "l'export réussi reste silencieux pour cron")
        line = self.journal()
        self.assertRegex(line, r"^<14>.* guichet\[\d+\]: export : rien à exporter, tout est à jour$")

        blocker = self.write_file("pas-un-dossier", "x")
        status, out, err = self.run_logged("--db", db, "export", "--out", blocker, "--from",
                                           "2020-01-01", "--to", "2020-01-02")
        self.assertNotEqual(status, 0)
        line = self.journal()
        # LOG_USER | LOG_ERR = 11
        self.assertRegex(line, r"^<11>.* guichet\[\d+\]: export : échec \(.*, code \d\) après "
                               r"0 jour\(s\) écrit\(s\), 0 lignes$")
        self.assertNotIn(self.tmp, line)
        self.assertIn("guichet : export : échec", err)

    def test_nightly_purge_writes_one_line_even_quiet(self):
        db = self.init_db()
        status, out, err = self.run_logged("--db", db, "rgpd", "purge", "--quotidien", "--quiet",
                                           "--local-admin")
        self.assertEqual(status, 0, err)
        self.assertEqual(out + err, "", "la purge de nuit réussie reste silencieuse pour cron")
        line = self.journal()
        self.assertRegex(line, r"^<14>.* guichet\[\d+\]: purge : 0 fiches, 0 demandes, "
                               r"0 commentaires, 0 orientations, 0 dossiers transmis, "
                               r"0 rendez-vous, 0 notes, 0 entrées du journal$")
        # the hourly runs after it: nothing to do, one line each
        status, out, err = self.run_logged("--db", db, "rgpd", "purge", "--quotidien", "--quiet",
                                           "--local-admin")
        self.assertEqual(status, 0, err)
        self.assertRegex(self.journal(), r"^<14>.* guichet\[\d+\]: purge : déjà faite "
                                         r"aujourd'hui, rien à faire$")
        # a dry run is not an unattended run: no line
        status, out, err = self.run_logged("--db", db, "rgpd", "purge", "--dry-run",
                                           "--local-admin")
        self.assertEqual(status, 0, err)
        self.sock.settimeout(0.3)
        with self.assertRaises(socket.timeout):
            self.sock.recv(4096)
        # a failed run: LOG_ERR
        status, out, err = self.run_logged("--db", self.path("absente.db"), "rgpd", "purge",
                                           "--quotidien", "--quiet", "--local-admin")
        self.assertNotEqual(status, 0)
        self.sock.settimeout(10)
        self.assertRegex(self.journal(), r"^<11>.* guichet\[\d+\]: purge : échec \(code \d\)$")


if __name__ == "__main__":
    clitest.main()
