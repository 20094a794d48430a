#!/usr/bin/python3
"""guichet sync: packs between two bases through the command line
(docs/synchronisation.md): round trip, idempotence, wrong passphrase, every
single-byte change of a small pack refused with nothing changed, a cut pack,
another network, SIGKILL during export and import, and the touring bus: a
week of edits on both sides, packs both ways, same content hash, conflicts
listed."""
import os
import re
import signal
import subprocess
import time

import clitest

PASS = "le bus passe le mardi a Clamecy\n"


class SyncTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        self.a = self.init_db("a.db")
        self.b = self.init_db("b.db")

    def sync(self, db, *args, stdin=PASS, config=None):
        pre = ["--config", config] if config else []
        return self.run_guichet(*pre, "--db", db, "sync", *args, "--local-admin",
                                "--passphrase-stdin", stdin=stdin)

    def status(self, db):
        r = self.run_guichet("--db", db, "sync", "status")
        self.assert_status(r, 0)
        return r.stdout

    def content_hash(self, db):
        return re.search(r"Empreinte du contenu synchronisé : ([0-9a-f]{64})",
                         self.status(db)).group(1)

    def sql(self, db, q):
        return subprocess.run(["sqlite3", db, q], check=True, capture_output=True,
                              text=True).stdout.strip()

    def export(self, db, name, *extra, **kw):
        out = self.path(name)
        r = self.sync(db, "export", "--out", out, *extra, **kw)
        self.assert_status(r, 0)
        return out

    def test_round_trip_both_ways(self):
        self.sql(self.a, "INSERT INTO motif (uuid, name, duration_min, created_at, updated_at) "
                         "VALUES ('m-1', 'Aide CAF', 30, 0, 0)")
        p = self.export(self.a, "a1.pack")
        r = self.sync(self.b, "import", p)
        self.assert_status(r, 0)
        self.assertIn("importé", r.stdout)
        q = self.export(self.b, "b1.pack")
        self.assert_status(self.sync(self.a, "import", q), 0)
        self.assertEqual(self.content_hash(self.a), self.content_hash(self.b))
        # the same pack again: nothing new
        r = self.sync(self.b, "import", p)
        self.assert_status(r, 0)
        self.assertIn("Rien de nouveau", r.stdout)
        # a dry run changes nothing
        self.sql(self.a, "UPDATE motif SET duration_min = 45 WHERE uuid = 'm-1'")
        p2 = self.export(self.a, "a2.pack", "--since", "dernier")
        before = self.content_hash(self.b)
        r = self.sync(self.b, "import", p2, "--dry-run")
        self.assert_status(r, 0)
        self.assertIn("rien n'a été modifié", r.stdout)
        self.assertEqual(self.content_hash(self.b), before)
        self.assert_status(self.sync(self.b, "import", p2), 0)
        self.assertEqual(self.content_hash(self.a), self.content_hash(self.b))
        # every journal, ours and the other's, verifies
        r = self.run_guichet("--db", self.b, "check")
        self.assert_status(r, 0)

    def test_needs_a_manager(self):
        r = self.run_guichet("--db", self.a, "sync", "export", "--out", self.path("x.pack"),
                             "--passphrase-stdin", stdin=PASS)
        self.assert_status(r, 5)
        self.assertFalse(os.path.exists(self.path("x.pack")))

    def test_wrong_passphrase_truncated_other_network(self):
        p = self.export(self.a, "a.pack")
        before = self.content_hash(self.b)
        r = self.sync(self.b, "import", p, stdin="une autre phrase\n")
        self.assert_status(r, 10)
        self.assertIn("phrase de passe incorrecte", r.stderr)
        data = open(p, "rb").read()
        for cut in (10, 100, len(data) // 2, len(data) - 1):
            with open(self.path("cut.pack"), "wb") as f:
                f.write(data[:cut])
            r = self.sync(self.b, "import", self.path("cut.pack"))
            self.assert_status(r, 10)
            self.assertIn("Paquet refusé", r.stderr)
        ini = self.write_file("autre.ini", "[sync]\nnetwork = reseau-de-la-nievre\n")
        r = self.sync(self.b, "import", p, config=ini)
        self.assert_status(r, 10)
        self.assertIn("autre réseau", r.stderr)
        self.assertEqual(self.content_hash(self.b), before)

    def test_byte_changes_are_refused(self):
        key = self.path("reseau.cle")
        self.assert_status(self.run_guichet("sync", "cle", key), 0)
        ini = self.write_file("g.ini", "[sync]\nkey_file = %s\n" % key)
        run = lambda db, *a: self.run_guichet("--config", ini, "--db", db, "sync", *a,
                                              "--local-admin")
        self.assert_status(run(self.a, "export", "--out", self.path("first.pack")), 0)
        self.sql(self.a, "INSERT INTO motif (uuid, name, duration_min, created_at, updated_at) "
                         "VALUES ('m-9', 'Impôts', 30, 0, 0)")
        small = self.path("small.pack")
        self.assert_status(run(self.a, "export", "--out", small, "--since", "dernier"), 0)
        data = bytearray(open(small, "rb").read())
        before = self.content_hash(self.b)
        bad = self.path("bad.pack")
        # every byte of the header, the first message's start and the end;
        # one in 23 in between (the unit test test_sync changes every byte
        # of a pack in-process; here each try is a whole process)
        n = len(data)
        for i in [i for i in range(n) if i < 200 or i >= n - 64 or i % 23 == 0]:
            data[i] ^= 0x01
            with open(bad, "wb") as f:
                f.write(data)
            data[i] ^= 0x01
            r = run(self.b, "import", bad)
            if r.status != 10:
                self.fail("byte %d of %d changed: accepted %r" % (i, len(data), r))
        self.assertEqual(self.content_hash(self.b), before)
        with open(bad, "wb") as f:
            f.write(data)
        self.assert_status(run(self.b, "import", bad), 0)

    def kill_during(self, args, stdin, delays):
        """Runs guichet args and SIGKILLs it after each delay (s)."""
        env = dict(self.env)
        for d in delays:
            p = subprocess.Popen([clitest.BIN] + args, stdin=subprocess.PIPE,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                                 cwd=self.tmp)
            p.stdin.write(stdin.encode())
            p.stdin.flush()
            time.sleep(d)
            p.send_signal(signal.SIGKILL)
            p.wait()
            yield

    def test_sigkill_during_export_and_import(self):
        for i in range(300):
            self.sql(self.a, "INSERT INTO motif (uuid, name, duration_min, created_at, "
                             "updated_at) VALUES ('k-%d', 'Motif %d', 30, 0, 0)" % (i, i))
        out = self.path("k.pack")
        for _ in self.kill_during(["--db", self.a, "sync", "export", "--out", out,
                                   "--local-admin", "--passphrase-stdin"], PASS,
                                  [0.01, 0.05, 0.1, 0.2, 0.3]):
            if os.path.exists(out):
                # it finished: the whole pack is there and opens
                r = self.sync(self.b, "import", out, "--dry-run")
                self.assert_status(r, 0)
                os.unlink(out)
        p = self.export(self.a, "full.pack")
        before = self.content_hash(self.b)
        for _ in self.kill_during(["--db", self.b, "sync", "import", p, "--local-admin",
                                   "--passphrase-stdin"], PASS, [0.01, 0.05, 0.1, 0.2]):
            n = int(subprocess.run(["sqlite3", self.b, "SELECT count(*) FROM motif"],
                                   capture_output=True, text=True).stdout)
            self.assertIn(n, (0, 300), "a partial import")
            if n == 300:
                break
            self.assertEqual(self.content_hash(self.b), before)
        r = self.run_guichet("--db", self.b, "check")
        self.assert_status(r, 0)

    def test_touring_bus_week(self):
        """The house (a) sets up the bus (b), each edits for a week offline,
        packs go both ways, the contents converge and the clashes are listed."""
        for i in range(20):
            self.sql(self.a, "INSERT INTO motif (uuid, name, duration_min, created_at, "
                             "updated_at) VALUES ('w-%d', 'Motif %d', 30, 0, 0)" % (i, i))
        self.sql(self.a, "INSERT INTO resource (uuid, kind, name, created_at, updated_at) "
                         "VALUES ('r-bus', 'salle', 'Bus', 0, 0)")
        self.assert_status(self.sync(self.b, "import", self.export(self.a, "setup.pack")), 0)
        clock = self.path("clock")
        for day in range(1, 8):
            with open(clock, "w") as f:
                f.write("2026-03-%02dT09:00:00Z\n" % (day + 1))
            for side, db in (("a", self.a), ("b", self.b)):
                self.sql(db, "UPDATE motif SET to_bring = 'jour %d %s' WHERE uuid = 'w-%d'"
                         % (day, side, day))
                self.sql(db, "INSERT INTO motif (uuid, name, duration_min, created_at, "
                             "updated_at) VALUES ('%s-%d', 'Nouveau %s %d', 20, 0, 0)"
                         % (side, day, side, day))
                # the same row, different fields: both changes stay
                self.sql(db, ("UPDATE motif SET name = 'Renommé %d' WHERE uuid = 'w-1%d'"
                              if side == "a" else
                              "UPDATE motif SET to_bring = 'bus %d' WHERE uuid = 'w-1%d'")
                         % (day, day))
                self.sql(db, "INSERT INTO appointment (uuid, resource_id, motif_id, start_at, "
                             "end_at, created_at, updated_at) SELECT '%s-rdv-%d', r.id, m.id, "
                             "%d, %d, 0, 0 FROM resource r, motif m WHERE r.uuid = 'r-bus' AND "
                             "m.uuid = 'w-0'" % (side, day, 1774000000 + day * 86400,
                                                  1774001800 + day * 86400))
        env = {"GUICHET_CLOCK_FILE": clock}
        ra = self.run_guichet("--db", self.b, "sync", "export", "--out", self.path("bus.pack"),
                              "--local-admin", "--passphrase-stdin", stdin=PASS, env=env)
        self.assert_status(ra, 0)
        r = self.sync(self.a, "import", self.path("bus.pack"))
        self.assert_status(r, 0)
        self.assertIn("dont 7 fusionnées champ par champ", r.stdout)
        self.assert_status(self.sync(self.b, "import", self.export(self.a, "house.pack")), 0)
        self.assertEqual(self.content_hash(self.a), self.content_hash(self.b))
        for db in (self.a, self.b):
            self.assertEqual(self.sql(db, "SELECT count(*) FROM motif WHERE uuid LIKE 'w-1_' AND "
                                          "name = 'Renommé ' || substr(uuid, 4) AND to_bring = "
                                          "'bus ' || substr(uuid, 4)"), "7")
        r = self.run_guichet("--db", self.a, "sync", "conflits", "--local-admin")
        self.assert_status(r, 0)
        self.assertEqual(r.stdout.count("créneau"), 7, r.stdout)
        self.assertGreaterEqual(r.stdout.count("to_bring"), 7, r.stdout)
        pending = lambda db: int(re.search(r"Conflits à revoir : (\d+)",
                                           self.status(db)).group(1))
        before, before_bus = pending(self.a), pending(self.b)
        first = r.stdout.split()[0]
        r = self.run_guichet("--db", self.a, "sync", "conflits", "--resoudre", first,
                             "--local-admin")
        self.assert_status(r, 0)
        self.assertEqual(pending(self.a), before - 1)
        # the bus noted the same conflict: the house's next pack settles it there
        r = self.sync(self.b, "import", self.export(self.a, "settled.pack"))
        self.assert_status(r, 0)
        self.assertIn("1 conflit réglé sur l'autre base, réglé ici aussi", r.stdout)
        self.assertEqual(pending(self.b), before_bus - 1)
        for db in (self.a, self.b):
            self.assert_status(self.run_guichet("--db", db, "check"), 0)


if __name__ == "__main__":
    clitest.main()
