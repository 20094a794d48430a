"""The terminal disappears without SIGHUP: the pty's other side is closed
(a terminal emulator or tmux pane killed, guichet not the session's
controlling process), so the reads only return end of input or EIO.
guichet must end as on a hang-up — the form being typed kept as a draft,
exit code 128 + SIGHUP — instead of spinning on reads that return at once
(issue 14 follow-up: ~28 % CPU until killed).

guichet runs here in a pseudo-terminal of Python's own (pty), in a new
session without a controlling terminal: closing the master sends no signal.
"""
import os
import re
import select
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmuxdrv  # noqa: E402
import uidrv  # noqa: E402  (tmuxdrv put tests/ui on the path)


# what a terminal does not show: escape sequences (attributes, moves)
ESCAPES = re.compile(rb"\x1b(\[[0-9;?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>])")


class Pty:
    """guichet in a pty we hold the master side of."""

    def __init__(self, term):
        import fcntl
        import struct
        import termios
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        argv = [term.bin] + term.args
        self.pid = os.posix_spawn(argv[0], argv, term.env,
                                  file_actions=[(os.POSIX_SPAWN_DUP2, slave, 0),
                                                (os.POSIX_SPAWN_DUP2, slave, 1),
                                                (os.POSIX_SPAWN_DUP2, slave, 2),
                                                (os.POSIX_SPAWN_CLOSE, self.master)],
                                  setsid=True)
        os.close(slave)
        self.out = b""
        self.status = None

    def wait_for(self, text, timeout=tmuxdrv.DEFAULT_TIMEOUT):
        """Reads what guichet draws until text shows in its characters (the
        escape sequences between them taken out)."""
        want = text.encode("utf-8")
        deadline = time.monotonic() + timeout
        while want not in ESCAPES.sub(b"", self.out):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("never drawn: %r; last output %r" % (text, self.out[-400:]))
            r, _, _ = select.select([self.master], [], [], left)
            if r:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError("the pty closed before %r" % text)
                self.out += chunk
        self.out = b""

    def send(self, data):
        os.write(self.master, data.encode("utf-8"))

    def close_master(self):
        os.close(self.master)
        self.master = None

    def wait_exit(self, timeout=tmuxdrv.DEFAULT_TIMEOUT):
        """The exit status, or None if guichet is still running at the
        deadline (polls the process itself: waitpid, not a fixed sleep)."""
        deadline = time.monotonic() + timeout
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
                return os.waitstatus_to_exitcode(status)
            if time.monotonic() > deadline:
                return None
            time.sleep(0.05)

    def kill(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        if self.master is not None:
            os.close(self.master)
            self.master = None


class TerminalGoneTest(tmuxdrv.TermCase):
    def test_closed_pty_ends_like_a_hangup_and_keeps_the_draft(self):
        setup = self.term(["--demo", "--db", "{tmp}/demo.db"], start=False)
        db = os.path.join(setup.tmp, "demo.db")
        uidrv.demo_fixture(db, setup.now)
        p = Pty(setup)
        self.addCleanup(p.kill)
        p.wait_for("Mot de passe")
        p.send("accueil\taccueil-demo\r")
        p.wait_for("Bonjour")
        p.send("a")
        p.wait_for("Qui arrive")
        p.send("n")
        p.wait_for("Nouveau visiteur")
        p.send("Loeillet\t\tAnais")
        p.wait_for("Anais")
        p.close_master()  # the terminal is gone; no signal is sent
        code = p.wait_exit()
        self.assertIsNotNone(code, "guichet still running after its terminal went away")
        self.assertEqual(code, 128 + signal.SIGHUP)
        t2 = self.term(["--demo", "--db", db], tmpdir=setup.tmp)
        t2.login("accueil", "accueil-demo")
        t2.wait_for("La reprendre ? (o/n)")
        t2.send_keys("o")
        t2.wait_for("Anais")
        self.assertIn("Loeillet", t2.line_with("Nom  "))


if __name__ == "__main__":
    tmuxdrv.main()
