"""guichet backup: journal first, temporary file, fsync, rename (issue 12, item 6).

A backup is journaled before the copy (so it can never leave an unjournaled
copy of everything, and a busy base stops it before any copying), written to
a hidden temporary file beside the destination, fsync'd, then renamed: a
run killed at any moment leaves no partial file under the final name. A full
disk is named."""
import csv
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import time

import clitest
import fsfaults


class BackupTest(clitest.CliTestCase):
    def journal(self, db):
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        try:
            return con.execute("SELECT action, detail FROM audit ORDER BY id").fetchall()
        finally:
            con.close()

    def grow(self, db, megabytes):
        """Adds bulk to the base (a table of its own) so that a copy takes time."""
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE IF NOT EXISTS lest (b BLOB)")
        con.executemany("INSERT INTO lest VALUES (randomblob(16384))",
                        [()] * (megabytes * 64))
        con.commit()
        con.close()

    def test_the_copy_holds_its_own_journal_entry(self):
        db = self.init_db()
        dest = self.path("copie.db")
        self.assert_status(self.run_guichet("--db", db, "backup", dest), 0)
        self.assertEqual(sorted(os.listdir(self.tmp)),
                         ["copie.db", "copie.db.manifeste.csv", "guichet.db", "home"])
        # its manifest: size, SHA-256 and the journal head (the backup entry)
        with open(dest, "rb") as f:
            data = f.read()
        with open(dest + ".manifeste.csv", encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f, delimiter=";"))
        self.assertEqual(rows[0], ["fichier", "octets", "sha256", "journal_tete",
                                   "journal_sha256"])
        con = sqlite3.connect("file:%s?mode=ro" % dest, uri=True)
        head = con.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        con.close()
        self.assertEqual(rows[1], ["copie.db", str(len(data)), hashlib.sha256(data).hexdigest(),
                                   str(head[0]), head[1]])
        # journaled before the copy: the copy ends with its own entry
        self.assertEqual(self.journal(dest)[-1], ("backup", dest))
        self.assertEqual(self.journal(db)[-1], ("backup", dest))

    def test_a_folder_or_a_control_character_as_destination_is_said_and_refused(self):
        db = self.init_db()
        os.mkdir(self.path("sauvegardes"))
        r = self.run_guichet("--db", db, "backup", self.path("sauvegardes"))
        self.assertNotEqual(r.status, 0)
        self.assertIn("est un dossier : donnez le nom du fichier de sauvegarde", r.stderr)
        self.assertEqual(os.listdir(self.path("sauvegardes")), [])
        bad = self.path("b\x1b[2J.db")
        r = self.run_guichet("--db", db, "backup", bad)
        self.assert_status(r, 3)
        self.assertIn("caractère de contrôle interdit (U+001B, échappement)", r.stderr)
        self.assertNotIn("\x1b", r.stderr)
        self.assertFalse(os.path.exists(bad))
        self.assertNotIn(("backup", bad), self.journal(db))

    def test_busy_base_stops_before_copying(self):
        db = self.init_db()
        con = sqlite3.connect(db, isolation_level=None, timeout=0)
        self.addCleanup(con.close)
        con.execute("BEGIN IMMEDIATE")  # another desk writing for longer than busy_timeout
        dest = self.path("copie.db")
        r = self.run_guichet("--db", db, "backup", dest)
        con.execute("ROLLBACK")
        self.assert_status(r, 6)
        self.assertIn("occupée", r.stderr)
        self.assertFalse(os.path.exists(dest))
        self.assertEqual([n for n in os.listdir(self.tmp) if "tmp" in n], [])

    def test_full_disk_names_the_cause_and_leaves_nothing(self):
        db = self.init_db()
        self.grow(db, 2)
        m = fsfaults.Mount(self, 1024)  # smaller than the base
        dest = os.path.join(m.path, "copie.db")
        r = self.run_guichet("--db", db, "backup", dest)
        self.assert_status(r, 8)
        self.assertIn("disque", r.stderr)
        self.assertIn("plein", r.stderr)
        self.assertEqual(os.listdir(m.path), [])
        actions = [a for a, _ in self.journal(db)]
        self.assertEqual(actions[-2:], ["backup", "backup-failed"])
        self.assertIn("plein", self.journal(db)[-1][1])
        self.assert_status(self.run_guichet("--db", db, "check"), 0)

    def test_sigkill_never_leaves_a_partial_file_under_the_final_name(self):
        db = self.init_db()
        self.grow(db, 24)
        out = self.path("sauvegardes")
        os.makedirs(out)
        rng = random.Random(12)
        # how long a whole backup takes here, to spread the kills over it
        t0 = time.monotonic()
        self.assert_status(self.run_guichet("--db", db, "backup", os.path.join(out, "ref.db")), 0)
        span = time.monotonic() - t0
        kills = int(os.environ.get("GUICHET_BACKUP_KILLS", "25"))
        complete = midway = 0
        for i in range(kills):
            dest = os.path.join(out, "copie-%d.db" % i)
            p = subprocess.Popen([clitest.BIN, "--db", db, "backup", dest], env=self.env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0, span * 1.2))
            p.send_signal(signal.SIGKILL)
            p.wait()
            midway += any(".copie-%d.db.guichet-tmp-" % i in n for n in os.listdir(out))
            if os.path.exists(dest):  # finished before the kill: must be whole
                complete += 1
                r = self.run_guichet("--db", dest, "check")
                self.assert_status(r, 0)
        # what is left besides complete copies: only hidden temporary files,
        # which the next backup into the folder removes
        left = [n for n in os.listdir(out) if not n.endswith((".db", ".manifeste.csv"))]
        self.assertTrue(all(n.startswith(".") and ".guichet-tmp-" in n for n in left), left)
        self.assert_status(self.run_guichet("--db", db, "backup", os.path.join(out, "fin.db")), 0)
        self.assertEqual([n for n in os.listdir(out)
                          if not n.endswith((".db", ".manifeste.csv"))], [])
        self.assert_status(self.run_guichet("--db", db, "check"), 0)
        print("backup SIGKILLs: %d (%d during the copy, %d after it ended), partial files "
              "under a final name: 0" % (kills, midway, complete))


if __name__ == "__main__":
    clitest.main()
