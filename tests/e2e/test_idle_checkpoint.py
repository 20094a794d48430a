"""Checkpoints off the saves (issue 12 item 8, issue 14 item 2).

Checkpoints used to run inside whichever desk's commit crossed SQLite's
threshold (the slowest saves); then at every idle moment, so that each save
was followed, three seconds later, by the checkpoint's own flush. guichet
now leaves a small -wal alone when a desk is idle (db_idle copies it only
past 4 MiB of pages, tests/unit/test_db.c) and copies it when the desk
closes the base. The -shm index says how many -wal pages exist (mxFrame)
and how many were copied into the base (nBackfill)."""
import os
import struct
import sys

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


class IdleCheckpointTest(tmuxdrv.TermCase):
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
