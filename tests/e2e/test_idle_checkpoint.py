"""Checkpoints off the saves (issue 12 item 8, issue 14 item 2).

Checkpoints used to run inside whichever desk's commit crossed SQLite's
threshold (the slowest saves); then at every idle moment, so that each save
was followed, three seconds later, by the checkpoint's own flush. guichet
now leaves a small -wal alone when a desk is idle (db_idle copies it only
past 4 MiB of pages, tests/unit/test_db.c) and copies it when the desk
closes the base. The -shm index says how many -wal pages exist (mxFrame)
and how many were copied into the base (nBackfill).

An idle desk also extends the -wal to its whole size (16 MiB bound and one
4 MiB extension), so that no save pays for writing the zeros ahead of its
frames (issue 14 item 2, the p99 of a save)."""
import os
import sqlite3
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmuxdrv  # noqa: E402


def wal_index(db):
    """(pages in the -wal, pages copied into the base) from the -shm header,
    (0, 0) once the -shm is gone (the last connection closed and copied)."""
    try:
        with open(db + "-shm", "rb") as f:
            h = f.read(136)
    except FileNotFoundError:
        return 0, 0
    if len(h) < 136:
        return 0, 0
    return struct.unpack_from("=I", h, 16)[0], struct.unpack_from("=I", h, 96)[0]


WAL_WHOLE = 20 * 1024 * 1024


def wal_size(db):
    try:
        return os.stat(db + "-wal").st_size
    except FileNotFoundError:
        return -1


class IdleCheckpointTest(tmuxdrv.TermCase):
    def test_an_idle_desk_extends_the_wal_then_saves_into_it(self):
        t = self.demo_term()
        db = t.path("demo.db")
        t.login("accueil", "accueil-demo")
        # no key: the desk's idle moment comes (db_idle), the -wal grows to
        # its whole size; waited for as the screen is, never timed
        deadline = time.monotonic() + tmuxdrv.DEFAULT_TIMEOUT
        while wal_size(db) < WAL_WHOLE and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertEqual(wal_size(db), WAL_WHOLE)
        # a visitor's arrival saved after it goes into the -wal, which keeps
        # its size; the base is sound once the desk closes it
        t.wait_for("Par partenaire")
        t.send_keys("a")
        t.wait_for("Qui arrive ?")
        t.send_keys("n")
        t.wait_for("Nouveau visiteur")
        t.type_text("Quénardel")
        t.send_keys("Tab", "Tab")
        t.type_text("Maëlys")
        t.wait_for("Maëlys")
        t.send_keys("F2")
        t.wait_for("fiche créée, arrivée enregistrée.")
        self.assertEqual(wal_size(db), WAL_WHOLE)
        t.send_keys("F10")
        t.wait_for("Quitter guichet ? (o/n)")
        t.send_keys("o")
        self.assertEqual(t.wait_exit(), 0)
        out = t.run_cli(["--db", db, "check"], check=False)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        with sqlite3.connect(db) as c:
            n = c.execute("SELECT count(*) FROM visitor WHERE last_name = ?",
                          ("Quénardel",)).fetchone()[0]
        self.assertEqual(n, 1)

    def test_saves_stay_in_the_wal_until_the_desk_closes_the_base(self):
        t = self.demo_term()
        db = t.path("demo.db")
        t.login("accueil", "accueil-demo")  # the login's own writes go to the -wal
        frames, copied = wal_index(db)
        self.assertGreater(frames, 0)
        self.assertLess(copied, frames)  # not copied inside the login's commit
        t.send_keys("F10")
        t.wait_for("Quitter guichet ? (o/n)")
        t.send_keys("o")
        self.assertEqual(t.wait_exit(), 0)
        frames, copied = wal_index(db)
        self.assertEqual(copied, frames)  # in the base file now
        out = t.run_cli(["--db", db, "check"], check=False)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)


if __name__ == "__main__":
    tmuxdrv.main()
