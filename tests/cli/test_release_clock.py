"""The program a site runs (build/guichet) ignores GUICHET_CLOCK_FILE.

Only guichet-test, built for the test suite with GUICHET_TEST_HOOKS=ON, lets
that variable set the time. Whoever can set an environment variable must not
be able to shorten a lockout or backdate the journal with the site's binary
(issue 12, item 4)."""
import os
import sqlite3
import time

import clitest


class ReleaseClockTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        if not os.access(clitest.RELEASE_BIN, os.X_OK):
            self.fail("no release binary at %s (set GUICHET_RELEASE_BIN)" % clitest.RELEASE_BIN)
        self.db = self.init_db()

    def release(self, *args, stdin="", clock=None):
        env = {"GUICHET_CLOCK_FILE": clock} if clock else None
        return self.run_guichet("--db", self.db, *args, stdin=stdin, env=env,
                                binary=clitest.RELEASE_BIN)

    def journal_times(self, action):
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            return [at for (at,) in con.execute("SELECT at FROM audit WHERE action = ? ORDER BY id",
                                                (action,))]
        finally:
            con.close()

    def test_journal_dates_are_real_time(self):
        past = self.write_file("clock-past", "2001-02-03T04:05:06Z\n")
        before = int(time.time())
        r = self.release("user", "add", "agathe", "--role", "accueil", "--local-admin",
                         "--password-stdin",
                         stdin="mot-de-passe-agathe\n", clock=past)
        after = int(time.time())
        self.assert_status(r, 0)
        (at,) = self.journal_times("user-add")[1:]
        self.assertGreaterEqual(at, before, "the journal was backdated by GUICHET_CLOCK_FILE")
        self.assertLessEqual(at, after + 1)

    def test_lockout_is_not_shortened(self):
        wrong = "pas-le-bon-mot-de-passe\nnouveau-mot-de-passe\nnouveau-mot-de-passe\n"
        for _ in range(5):  # [security] failed_login_limit = 5 by default
            r = self.release("user", "passwd", "sophie", "--password-stdin", stdin=wrong)
            self.assertNotEqual(r.status, 0, r)
        good = "mot-de-passe-sophie\nnouveau-mot-de-passe\nnouveau-mot-de-passe\n"
        # a day later according to the clock file: the lock (15 min) would be over
        future = self.write_file("clock-future", time.strftime(
            "%Y-%m-%dT%H:%M:%SZ\n", time.gmtime(time.time() + 86400)))
        r = self.release("user", "passwd", "sophie", "--password-stdin", stdin=good,
                         clock=future)
        self.assert_status(r, 5)
        self.assertIn("verrouillé", r.stderr)
        # the test binary does obey the file (this test is meaningful)
        r = self.run_guichet("--db", self.db, "user", "passwd", "sophie", "--password-stdin",
                             stdin=good, env={"GUICHET_CLOCK_FILE": future})
        self.assert_status(r, 0)


if __name__ == "__main__":
    clitest.main()
