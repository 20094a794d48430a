"""tmuxdrv — drive the real guichet binary in a private tmux server.

Each Term starts its own tmux server (`tmux -L <unique socket>`) with one
detached 80x24 session running guichet inside a small shell wrapper, in an
isolated HOME / XDG directories / database, with TERM=xterm-256color and
LANG=C.UTF-8 unless told otherwise, and GUICHET_CLOCK_FILE pointing at a file
the test rewrites to move time (see clock.h).

Waiting is always "until this text shows, or the deadline": never fixed
sleeps. When a wait fails, the screen is dumped to stderr. The tmux server is
killed on close() and at interpreter exit.

    from tmuxdrv import Term, guichet_env
    with Term(["--demo", "--db", "{tmp}/demo.db"]) as t:
        t.wait_for("Identifiant")
        t.type_text("accueil")
        t.send_keys("Tab")
        ...

After guichet exits, the wrapper prints "guichet-exit=<status>" and the
terminal settings (`stty -a`), so that a test can check both the exit status
and that the terminal was restored.

A "--demo --db FILE" session starts on a copy of the demo database built
once per test run at the session's clock (the ctest fixture demo_db, see
tests/ui/uidrv.py), rather than building its own.

Most flows run headless (tests/ui/, uidrv.py: the same methods); this tmux
layer keeps what needs a real terminal: resize, signals, TERM=linux, LANG=C,
the real binary's start-up and exit restoring the terminal.

Environment read: GUICHET_BIN (the binary under test; default build/guichet-test,
the program built with the test clock),
GUICHET_LOCALEDIR, GUICHET_FIXTURES, GUICHET_E2E_TIMEOUT (seconds multiplier
for slow builds, e.g. under sanitizers; default 1).
"""

import atexit
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ui"))
import uidrv  # noqa: E402  (the demo database fixture)

TMUX = shutil.which("tmux") or "/usr/bin/tmux"
# generous: on a loaded 2-core machine a frame may take seconds; the waits
# end as soon as the screen shows what they wait for
DEFAULT_TIMEOUT = 60.0 * float(os.environ.get("GUICHET_E2E_TIMEOUT", "1") or 1)
_live = []


def guichet_bin():
    """The binary under test."""
    b = os.environ.get("GUICHET_BIN")
    if b:
        return b
    src = os.environ.get("GUICHET_SOURCE_DIR") or os.path.join(
        os.path.dirname(__file__), "..", "..")
    return os.path.join(src, "build", "guichet-test")


def iso(epoch):
    """UTC ISO form accepted by GUICHET_CLOCK_FILE."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def parse_iso(text):
    import calendar
    return calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))


class ScreenTimeout(AssertionError):
    pass


class Term:
    """One guichet process in its own tmux server.

    args: guichet's arguments; "{tmp}" in them is replaced by the temp dir.
    width, height: the terminal size. term, lang: TERM and LANG/LC_ALL.
    clock: initial clock ("2026-03-30T08:00:00Z" or epoch), None = real time.
    config: INI text written to {tmp}/guichet.ini and passed as --config.
    env: extra environment variables.
    """

    def __init__(self, args=(), width=80, height=24, term="xterm-256color",
                 lang="C.UTF-8", clock="2026-03-30T08:00:00Z", config=None,
                 env=None, tmpdir=None, start=True, after=None):
        self.tmp = tmpdir or tempfile.mkdtemp(prefix="guichet-e2e-")
        self._own_tmp = tmpdir is None
        self.socket = "guichet-e2e-%d-%x" % (os.getpid(), id(self))
        self.width, self.height = width, height
        self.clock_file = os.path.join(self.tmp, "clock")
        self.now = None
        if clock is not None:
            self.set_clock(clock)
        home = os.path.join(self.tmp, "home")
        for d in ("home", "home/.config", "home/.local/share", "home/.cache", "run"):
            os.makedirs(os.path.join(self.tmp, d), exist_ok=True)
        os.chmod(os.path.join(self.tmp, "run"), 0o700)
        args = [a.replace("{tmp}", self.tmp) for a in args]
        if config is not None:
            path = os.path.join(self.tmp, "guichet.ini")
            with open(path, "w", encoding="utf-8") as f:
                f.write(config)
            args = ["--config", path] + list(args)
        e = {
            "HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_DATA_HOME": os.path.join(home, ".local/share"),
            "XDG_CACHE_HOME": os.path.join(home, ".cache"),
            "XDG_RUNTIME_DIR": os.path.join(self.tmp, "run"),
            "TERM": term,
            "LANG": lang,
            "LC_ALL": lang,
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "GUICHET_CLOCK_FILE": self.clock_file if clock is not None else "",
        }
        for k in ("GUICHET_LOCALEDIR", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if os.environ.get(k):
                e[k] = os.environ[k]
        e.update(env or {})
        self.env = e
        self.bin = guichet_bin()
        self.args = list(args)
        # the shell's commands once guichet has ended (after its exit status)
        self.after = after or "stty -a; exec sleep 3600"
        self.started = False
        _live.append(self)
        if start:
            self.start()

    def start(self):
        """Starts guichet in the tmux server (done by the constructor unless
        start=False, which leaves time for run_cli() to prepare a database)."""
        if "--demo" in self.args and "--db" in self.args and self.now is not None:
            db = self.args[self.args.index("--db") + 1]
            if not os.path.exists(db):
                uidrv.demo_fixture(db, self.now)
        cmd = " ".join(shlex.quote(x) for x in [self.bin] + self.args)
        envs = " ".join("%s=%s" % (k, shlex.quote(v)) for k, v in self.env.items())
        # The wrapper keeps the pane alive after guichet exits so the test can
        # read the exit status and the restored terminal settings.
        wrapper = ("env -i %s sh -c %s" % (envs, shlex.quote(
            "%s; echo guichet-exit=$?; %s" % (cmd, self.after))))
        self._tmux("-f", "/dev/null", "new-session", "-d", "-x", str(self.width), "-y",
                   str(self.height), "-s", "e2e", wrapper)
        self._tmux("set-option", "-g", "status", "off")
        self.started = True

    def path(self, name):
        """A path inside the test's temp dir."""
        return os.path.join(self.tmp, name)

    def run_cli(self, args, input=None, check=True):
        """Runs a guichet command (not in tmux) with the same isolated
        environment; "{tmp}" in args is replaced. Returns CompletedProcess."""
        args = [a.replace("{tmp}", self.tmp) for a in args]
        r = subprocess.run([self.bin] + args, input=input, capture_output=True, text=True,
                           env=dict(self.env))
        if check and r.returncode != 0:
            raise AssertionError("guichet %s failed (%d): %s"
                                 % (" ".join(args), r.returncode, r.stderr))
        return r

    # --- tmux plumbing --------------------------------------------------
    def _tmux(self, *args, check=True):
        r = subprocess.run([TMUX, "-L", self.socket] + list(args), capture_output=True,
                           text=True, encoding="utf-8", errors="replace",
                           env={"PATH": "/usr/bin:/bin", "TMUX_TMPDIR": self.tmp,
                                "HOME": self.tmp, "LANG": "C.UTF-8"})
        if check and r.returncode != 0:
            raise RuntimeError("tmux %s: %s" % (" ".join(args), r.stderr.strip()))
        return r.stdout

    def close(self):
        """Kills the tmux server (and guichet with it); removes the temp dir."""
        if self in _live:
            _live.remove(self)
        self._tmux("kill-server", check=False)
        if self._own_tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if exc[0] is not None:
            self.dump("at %s" % exc[0].__name__)
        self.close()

    # --- the screen -----------------------------------------------------
    def screen(self):
        """The visible text, one string, lines joined by '\\n'."""
        if not self.started:
            return ""
        return self._tmux("capture-pane", "-p", "-t", "e2e")

    def lines(self):
        return self.screen().split("\n")

    def dump(self, why=""):
        sys.stderr.write("\n----- screen %s (%dx%d) -----\n%s\n----- end of screen -----\n"
                         % (why, self.width, self.height, self.screen()))

    def wait_for(self, text, timeout=None, regex=False):
        """Waits until text (or a regex) is on the screen and the screen is
        settled (two captures in a row alike, so that a half-written frame is
        never taken for the result); returns the screen. On timeout, dumps the
        screen and raises ScreenTimeout."""
        deadline = time.monotonic() + (timeout or DEFAULT_TIMEOUT)
        pat = re.compile(text) if regex else None
        delay = 0.02
        prev = None
        while True:
            s = self.screen()
            if (pat.search(s) if pat else text in s) and s == prev:
                return s
            prev = s
            if time.monotonic() > deadline:
                self.dump("waiting for %r" % text)
                raise ScreenTimeout("not on screen after %.0f s: %r"
                                    % (timeout or DEFAULT_TIMEOUT, text))
            time.sleep(delay)
            delay = min(delay * 2, 0.2)

    def wait_gone(self, text, timeout=None):
        """Waits until text is no longer on the screen."""
        deadline = time.monotonic() + (timeout or DEFAULT_TIMEOUT)
        while text in self.screen():
            if time.monotonic() > deadline:
                self.dump("waiting for %r to go" % text)
                raise ScreenTimeout("still on screen: %r" % text)
            time.sleep(0.05)

    def assert_on_screen(self, text):
        s = self.screen()
        if text not in s:
            self.dump("expecting %r" % text)
            raise AssertionError("not on screen: %r" % text)

    def assert_not_on_screen(self, text):
        s = self.screen()
        if text in s:
            self.dump("not expecting %r" % text)
            raise AssertionError("unexpectedly on screen: %r" % text)

    def line_with(self, text):
        """The first screen line containing text (or None)."""
        for line in self.lines():
            if text in line:
                return line
        return None

    def cursor(self):
        """(x, y) of the terminal cursor."""
        out = self._tmux("display-message", "-p", "-t", "e2e", "#{cursor_x} #{cursor_y}")
        x, y = out.split()
        return int(x), int(y)

    # --- input ----------------------------------------------------------
    def send_keys(self, *keys):
        """tmux key names: "Enter", "Tab", "BTab", "Escape", "F1", "C-u",
        "Up", "BSpace", "DC"…; each is one key press."""
        for k in keys:
            self._tmux("send-keys", "-t", "e2e", k)

    def type_text(self, text):
        """Types text literally (UTF-8 included)."""
        self._tmux("send-keys", "-t", "e2e", "-l", text)

    def resize(self, width, height):
        """Resizes the terminal (guichet gets SIGWINCH / KEY_RESIZE)."""
        self._tmux("resize-window", "-t", "e2e", "-x", str(width), "-y", str(height))
        self.width, self.height = width, height

    # --- time -----------------------------------------------------------
    def set_clock(self, when):
        """Sets guichet's clock (epoch or ISO UTC)."""
        epoch = parse_iso(when) if isinstance(when, str) else int(when)
        tmp = self.clock_file + ".new"
        with open(tmp, "w") as f:
            f.write("%d\n" % epoch)
        os.replace(tmp, self.clock_file)
        self.now = epoch

    def advance_clock(self, seconds):
        self.set_clock(self.now + seconds)

    # --- process --------------------------------------------------------
    def guichet_pid(self):
        """pid of the running guichet (child of the wrapper shell), or None."""
        shell = self._tmux("display-message", "-p", "-t", "e2e", "#{pane_pid}").strip()
        r = subprocess.run(["ps", "-o", "pid=,comm=", "--ppid", shell], capture_output=True,
                           text=True)
        for line in r.stdout.split("\n"):
            parts = line.split()
            if len(parts) == 2 and parts[1].startswith("guichet"):
                return int(parts[0])
        return None

    def wait_exit(self, timeout=None):
        """Waits for guichet to end; returns its exit status (from the wrapper)."""
        s = self.wait_for(r"guichet-exit=(\d+)", timeout, regex=True)
        return int(re.search(r"guichet-exit=(\d+)", s).group(1))

    # --- guichet shortcuts ----------------------------------------------
    def login(self, login, password, expect="Bonjour"):
        """Fills the login screen and waits for expect (the home screen)."""
        self.wait_for("Mot de passe")
        self.type_text(login)
        self.send_keys("Tab")
        self.type_text(password)
        self.send_keys("Enter")
        if expect:
            return self.wait_for(expect, timeout=DEFAULT_TIMEOUT * 2)
        return self.screen()


@atexit.register
def _kill_all():
    for t in list(_live):
        t.close()


class TermCase(unittest.TestCase):
    """unittest base: self.term(...) starts a Term closed at the end of the test."""

    def term(self, *args, **kw):
        t = Term(*args, **kw)
        self.addCleanup(t.close)
        return t

    def demo_term(self, **kw):
        """guichet --demo on a fresh demo database in the test's temp dir."""
        return self.term(["--demo", "--db", "{tmp}/demo.db"], **kw)


def main():
    """Runs the calling module's tests; exits non-zero on failure."""
    if not os.path.exists(guichet_bin()):
        sys.stderr.write("tmuxdrv: no binary at %s (set GUICHET_BIN)\n" % guichet_bin())
        sys.exit(1)
    unittest.main(module="__main__", verbosity=2)
