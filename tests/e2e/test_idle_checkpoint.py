"""An idle desk copies the -wal into the base; a save does not (issue 12, item 8).

Checkpoints used to run inside whichever desk's commit crossed SQLite's
threshold (the slowest saves). guichet turns that off and checkpoints when
a desk has been idle a few seconds (the screens call db_idle). The -shm
index says how many -wal pages exist (mxFrame) and how many were copied
into the base (nBackfill)."""
import os
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmuxdrv  # noqa: E402


def wal_index(db):
    """(pages in the -wal, pages copied into the base) from the -shm header."""
    with open(db + "-shm", "rb") as f:
        h = f.read(136)
    return struct.unpack_from("=I", h, 16)[0], struct.unpack_from("=I", h, 96)[0]


class IdleCheckpointTest(tmuxdrv.TermCase):
    def test_idle_desk_copies_the_wal_into_the_base(self):
        t = self.demo_term()
        db = t.path("demo.db")
        t.login("accueil", "accueil-demo")  # the login's own writes go to the -wal
        frames, copied = wal_index(db)
        self.assertGreater(frames, 0)
        # no key for a few seconds: the desk checkpoints (deadline, no fixed sleep)
        deadline = time.monotonic() + tmuxdrv.DEFAULT_TIMEOUT
        while True:
            frames, copied = wal_index(db)
            if frames > 0 and copied == frames:
                break
            if time.monotonic() > deadline:
                t.dump("waiting for the idle checkpoint")
                self.fail("the -wal was not copied while the desk was idle: %d of %d pages"
                          % (copied, frames))
            time.sleep(0.2)


if __name__ == "__main__":
    tmuxdrv.main()
