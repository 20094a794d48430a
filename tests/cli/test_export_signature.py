"""The manifest of each exported day is signed (issue 11): beside
manifeste-<matricule>-<date>.csv, a .sig file holds its Ed25519 signature,
which the funder checks with the site's published key, printed by
`guichet export cle-publique` as PEM, with the real openssl binary, exactly
as docs/export-format.md tells them to:

    openssl pkeyutl -verify -pubin -inkey FS-58-0042.pem -rawin \\
        -in manifeste-….csv -sigfile manifeste-….csv.sig

A good manifest verifies; one changed byte, another day's signature or
another site's key does not."""
import os
import shutil
import sqlite3
import subprocess

import clitest
import test_export

DAY = test_export.DAY
MATRICULE = test_export.MATRICULE


class ExportSignatureTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        self.env["GUICHET_CLOCK_FILE"] = self.write_file("clock", "2026-03-30T10:00:00Z\n")
        self.openssl = shutil.which("openssl")
        if not self.openssl:
            self.fail("openssl absent : installez le paquet openssl (tools/setup.sh)")

    def fixture_db(self, name="guichet.db"):
        db = self.init_db(name)
        with open(test_export.FIXTURE, encoding="utf-8") as f:
            p = subprocess.run(["sqlite3", db], input=f.read(), capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        return db

    def public_key(self, db, name):
        r = self.run_guichet("--db", db, "export", "cle-publique")
        self.assert_status(r, 0)
        return self.write_file(name, r.stdout)

    def verify(self, pem, data, sig):
        return subprocess.run([self.openssl, "pkeyutl", "-verify", "-pubin", "-inkey", pem,
                               "-rawin", "-in", data, "-sigfile", sig],
                              capture_output=True, timeout=60)

    def test_openssl_verifies_the_manifest_and_nothing_else(self):
        db = self.fixture_db()
        out = self.path("out")
        r = self.run_guichet("--db", db, "export", "--from", "2026-03-27", "--to", DAY,
                             "--out", out)
        self.assert_status(r, 0)
        pem = self.public_key(db, "site.pem")
        with open(pem, encoding="ascii") as f:
            text = f.read()
        self.assertTrue(text.startswith("-----BEGIN PUBLIC KEY-----\n"), text)
        # openssl reads it as an Ed25519 key
        p = subprocess.run([self.openssl, "pkey", "-pubin", "-in", pem, "-noout", "-text"],
                           capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertIn("ED25519", p.stdout.decode().upper())

        manifest = os.path.join(out, test_export.file_name("manifeste", DAY))
        sig = manifest + ".sig"
        self.assertEqual(os.path.getsize(sig), 64)
        self.assertEqual(os.stat(sig).st_mode & 0o007, 0)
        p = self.verify(pem, manifest, sig)
        self.assertEqual(p.returncode, 0, p.stderr.decode() + p.stdout.decode())
        self.assertIn("Signature Verified Successfully", p.stdout.decode())

        # one byte changed anywhere in the manifest: refused
        with open(manifest, "rb") as f:
            good = f.read()
        for pos in (0, len(good) // 2, len(good) - 3):
            bad = bytearray(good)
            bad[pos] ^= 0x01
            forged = self.write_file("forged-%d.csv" % pos, "")
            with open(forged, "wb") as f:
                f.write(bad)
            p = self.verify(pem, forged, sig)
            self.assertNotEqual(p.returncode, 0, "changed byte %d verified" % pos)
        # another day's signature does not fit this manifest
        other = os.path.join(out, test_export.file_name("manifeste", "2026-03-27")) + ".sig"
        self.assertNotEqual(self.verify(pem, manifest, other).returncode, 0)

        # the key stays the same (derived from the site's key, nothing to back
        # up); another site (another database) has another key
        self.assertEqual(open(self.public_key(db, "again.pem")).read(), text)
        other_db = self.init_db("autre.db")  # its own random key
        other_pem = self.public_key(other_db, "autre.pem")
        self.assertNotEqual(open(other_pem).read(), text)
        self.assertNotEqual(self.verify(other_pem, manifest, sig).returncode, 0)

        # a re-export (another run) is signed again and verifies
        r = self.run_guichet("--db", db, "export", "--date", DAY, "--out", out)
        self.assert_status(r, 0)
        with open(manifest, "rb") as f:
            self.assertNotEqual(f.read(), good, "the manifest names its run")
        self.assertEqual(self.verify(pem, manifest, sig).returncode, 0)

    def test_without_a_site(self):
        db = self.path("vide.db")
        con = sqlite3.connect(db)
        con.close()
        r = self.run_guichet("--db", db, "export", "cle-publique")
        self.assertNotEqual(r.status, 0)


if __name__ == "__main__":
    clitest.main()
