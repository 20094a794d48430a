"""`guichet check` says precisely what was lost from the journal (issue 12, item 5).

The journal's head (its last entry) is kept in a row that every entry moves
forward in the same transaction, and copied into each backup's and export's
manifest; the -shm file shows a -wal file that disappeared with saves that
were never copied into the base."""
import os
import signal
import sqlite3
import subprocess
import sys
import time

import clitest


class JournalLossTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        self.db = self.init_db()

    def guichet(self, *args, stdin=""):
        return self.run_guichet("--db", self.db, *args, stdin=stdin)

    def add_resources(self, n, start=1):
        for i in range(start, start + n):
            r = self.guichet("agenda", "ressource", "add", "Salle %d" % i, "--type", "salle")
            self.assert_status(r, 0)

    def sqlite_shell(self, sql):
        subprocess.run(["sqlite3", self.db, sql], check=True, capture_output=True)

    def last_entry(self):
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            return con.execute("SELECT max(id) FROM audit").fetchone()[0]
        finally:
            con.close()

    def test_tail_cut_behind_guichets_back_is_counted(self):
        self.add_resources(5)
        head = self.last_entry()
        self.sqlite_shell("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id > %d;"
                          % (head - 3))
        r = self.guichet("check")
        self.assert_status(r, 3)
        self.assertIn("Le journal s'arrête à l'entrée %d alors que la tête enregistrée est %d : "
                      "3 entrées perdues" % (head - 3, head), r.stdout)

    def test_emptied_journal_is_counted(self):
        self.add_resources(2)
        head = self.last_entry()
        self.sqlite_shell("DROP TRIGGER audit_no_delete; DELETE FROM audit;")
        r = self.guichet("check")
        self.assert_status(r, 3)
        self.assertIn("Le journal s'arrête à l'entrée 0 alors que la tête enregistrée est %d : "
                      "%d entrées perdues" % (head, head), r.stdout)

    def test_rewritten_tail_is_reported(self):
        self.add_resources(1)
        head = self.last_entry()
        # the last entry replaced by a consistent forgery (chain recomputed
        # is beyond a shell user; the head still tells the tail changed)
        self.sqlite_shell("DROP TRIGGER audit_no_update; UPDATE audit SET hash = "
                          "'%s' WHERE id = %d;" % ("0" * 64, head))
        r = self.guichet("check")
        self.assert_status(r, 3)
        self.assertIn("n'est pas celle que la tête a enregistrée", r.stdout)

    def hold_open(self):
        """A process that keeps the base open inside a read transaction (a
        long read, an export) and will be killed (a power cut): no
        checkpoint can copy the saves made meanwhile, which stay in the
        -wal, acknowledged."""
        p = subprocess.Popen([sys.executable, "-c",
                              "import sqlite3, sys, time\n"
                              "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                              "c.execute('BEGIN')\n"
                              "c.execute('SELECT count(*) FROM audit').fetchone()\n"
                              "print('ouverte', flush=True)\n"
                              "time.sleep(600)\n", self.db], stdout=subprocess.PIPE, text=True)
        self.addCleanup(p.stdout.close)
        self.addCleanup(p.kill)
        self.assertEqual(p.stdout.readline().strip(), "ouverte")
        return p

    def backup(self, name):
        dest = self.path(name)
        self.assert_status(self.guichet("backup", dest), 0)
        return dest + ".manifeste.csv"

    def test_deleted_wal_is_reported_refused_then_accepted(self):
        self.add_resources(1)
        before = self.last_entry()  # in the base file after the last checkpoint
        holder = self.hold_open()
        self.add_resources(3, start=2)  # acknowledged saves, in the -wal only
        manifest = self.backup("copie.db")
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        os.unlink(self.db + "-wal")
        # every command refuses rather than going on without the saves
        r = self.guichet("agenda", "ressource", "list")
        self.assert_status(r, 9)
        self.assertIn("a disparu alors qu'il contenait des enregistrements validés", r.stderr)
        # check says what was lost, and leaves everything as it is
        with open(self.db + "-shm", "rb") as f:
            shm = f.read()
        r = self.guichet("check", "--manifeste", manifest)
        self.assert_status(r, 3)
        self.assertIn("-wal » a disparu", r.stdout)
        self.assertIn("Le journal de la base s'arrête à l'entrée %d" % before, r.stdout)
        self.assertIn("Le journal s'arrête à l'entrée %d alors que « %s » enregistrait la tête "
                      "%d : %d entrées perdues depuis." % (before, manifest, before + 4, 4),
                      r.stdout)
        with open(self.db + "-shm", "rb") as f:
            self.assertEqual(f.read(), shm)
        # the manager accepts the loss: it is journaled, the base goes on
        r = self.guichet("check", "--accepter-perte")
        self.assert_status(r, 0)
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        action, detail = con.execute(
            "SELECT action, detail FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        con.close()
        self.assertEqual(action, "wal-lost")
        self.assertIn("le journal reprend après l'entrée %d" % before, detail)
        self.assert_status(self.guichet("agenda", "ressource", "list"), 0)

    def test_wal_and_shm_both_deleted_show_against_a_backup_manifest(self):
        holder = self.hold_open()
        before = self.last_entry()
        self.add_resources(2)
        manifest = self.backup("copie.db")
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        os.unlink(self.db + "-wal")
        os.unlink(self.db + "-shm")
        r = self.guichet("check", "--manifeste", manifest)
        self.assert_status(r, 3)
        self.assertIn("Le journal s'arrête à l'entrée %d alors que « %s » enregistrait la tête "
                      "%d : 3 entrées perdues depuis." % (before, manifest, before + 3), r.stdout)

    def test_forged_head_shows_against_a_backup_manifest(self):
        self.add_resources(3)
        manifest = self.backup("copie.db")
        head = self.last_entry()
        self.sqlite_shell("DROP TRIGGER audit_no_delete; DROP TRIGGER audit_head_no_rewind; "
                          "DELETE FROM audit WHERE id > %d; UPDATE audit_head SET last_id = %d, "
                          "last_hash = (SELECT hash FROM audit WHERE id = %d);"
                          % (head - 2, head - 2, head - 2))
        self.assert_status(self.guichet("check"), 0)  # consistent forgery, seen from inside
        r = self.guichet("check", "--manifeste", manifest)
        self.assert_status(r, 3)
        self.assertIn("2 entrées perdues depuis", r.stdout)

    def test_forged_head_shows_against_the_newest_export_manifest(self):
        # a day of work on 2 March, exported on the 3rd into the default outbox
        clock = self.write_file("clock", "2026-03-02T09:00:00Z\n")
        env = {"GUICHET_CLOCK_FILE": clock}
        db = self.init_db("datee.db")
        for i in range(3):
            r = self.run_guichet("--db", db, "agenda", "ressource", "add", "Salle %d" % i,
                                 "--type", "salle", env=env)
            self.assert_status(r, 0)
        self.write_file("clock", "2026-03-03T01:00:00Z\n")
        r = self.run_guichet("--db", db, "export", "--date", "2026-03-02", env=env)
        self.assert_status(r, 0)
        self.assert_status(self.run_guichet("--db", db, "check", env=env), 0)
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        head = con.execute("SELECT max(id) FROM audit WHERE at < unixepoch('2026-03-02 23:00')"
                           ).fetchone()[0]
        con.close()
        subprocess.run(["sqlite3", db,
                        "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_head_no_rewind; "
                        "DELETE FROM audit WHERE id > %d; UPDATE audit_head SET last_id = %d, "
                        "last_hash = (SELECT hash FROM audit WHERE id = %d);"
                        % (head - 2, head - 2, head - 2)], check=True)
        r = self.run_guichet("--db", db, "check", env=env)
        self.assert_status(r, 3)
        self.assertRegex(r.stdout, r"Le journal s'arrête à l'entrée %d alors que « .*"
                                   r"manifeste-FS-58-0042-2026-03-02\.csv » enregistrait la tête "
                                   r"%d : 2 entrées perdues depuis\." % (head - 2, head))

    def test_head_row_cannot_be_moved_back_or_removed_through_sqlite(self):
        p = subprocess.run(["sqlite3", self.db, "DELETE FROM audit_head;"], capture_output=True,
                           text=True)
        self.assertNotEqual(p.returncode, 0)
        p = subprocess.run(["sqlite3", self.db, "UPDATE audit_head SET last_id = 1;"],
                           capture_output=True, text=True)
        self.assertNotEqual(p.returncode, 0)
        self.assert_status(self.guichet("check"), 0)


if __name__ == "__main__":
    clitest.main()
