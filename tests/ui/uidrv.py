"""uidrv — drive guichet's real screens headless (tests/ui/uidrv.c).

The driver program runs the real screens and the real loop's parts
(src/ui/app.c) on an in-memory ncurses screen with the clock frozen
in-process; this module talks to it with the same methods as the tmux
driver (tests/e2e/tmuxdrv.py), so that a flow reads the same in both:

    from uidrv import ScreenCase
    class T(ScreenCase):
        def test_x(self):
            t = self.demo_term()
            t.login("accueil", "accueil-demo")
            t.send_keys("r")
            t.wait_for("Rechercher un visiteur")

Nothing here sleeps: a key is handled and the frame drawn before the driver
answers. wait_for(text) looks at the screen and, while the text is not
there, lets idle ticks pass (each one a second of the real loop without a
key: the idle lock, the periodic reload, the clock), up to MAX_TICKS, then
fails with the screen dumped.

Every screen read also checks that no SQL ran while the screens were
drawing (draw only draws): the driver traces the database.

The demo database is built once per test run (ctest fixture demo_db, one
file per start clock in $GUICHET_FIXTURES) and copied for each test;
demo_fixture() builds a missing one on demand (tests run by hand).

Environment: GUICHET_UIDRV (the driver; default build/guichet-uidrv),
GUICHET_BIN (the real binary, for run_cli), GUICHET_FIXTURES,
GUICHET_LOCALEDIR.
"""

import atexit
import calendar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

MAX_TICKS = 30
HUNG_SECONDS = 60
DEFAULT_TIMEOUT = MAX_TICKS  # kept for tests written for tmuxdrv (a count of ticks here)
_live = []


def source_dir():
    return os.environ.get("GUICHET_SOURCE_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..")


def uidrv_bin():
    return os.environ.get("GUICHET_UIDRV") or os.path.join(source_dir(), "build",
                                                           "guichet-uidrv")


def guichet_bin():
    return os.environ.get("GUICHET_BIN") or os.path.join(source_dir(), "build", "guichet")


def fixtures_dir():
    return os.environ.get("GUICHET_FIXTURES") or os.path.join(source_dir(), "build",
                                                              "test-fixtures")


def parse_iso(text):
    return calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))


def epoch_of(when):
    return parse_iso(when) if isinstance(when, str) else int(when)


def demo_fixture(dest, when):
    """Copies the demo database built at clock `when` to dest (builds it
    first when the fixture is missing)."""
    epoch = epoch_of(when)
    src = os.path.join(fixtures_dir(), "demo-%d.db" % epoch)
    if not os.path.exists(src):
        os.makedirs(fixtures_dir(), exist_ok=True)
        env = dict(os.environ)
        r = subprocess.run([uidrv_bin(), "--make-demo", src, "--clock", str(epoch)],
                           capture_output=True, text=True, env=env)
        if r.returncode != 0:
            raise RuntimeError("demo database: %s" % r.stderr)
    shutil.copyfile(src, dest)


class ScreenTimeout(AssertionError):
    pass


class DrawTouchedTheDatabase(AssertionError):
    pass


class Screen:
    """One guichet session on the headless driver.

    args: guichet's arguments (--demo, --db, --config); "{tmp}" is the temp
    dir. width, height: the terminal. term, lang: TERM and LANG/LC_ALL.
    clock: the frozen clock (ISO UTC or epoch). config: INI text written to
    {tmp}/guichet.ini and passed as --config. env: extra variables."""

    def __init__(self, args=(), width=80, height=24, term="xterm-256color", lang="C.UTF-8",
                 clock="2026-03-30T08:00:00Z", config=None, env=None, tmpdir=None,
                 start=True):
        self.tmp = tmpdir or tempfile.mkdtemp(prefix="guichet-ui-")
        self._own_tmp = tmpdir is None
        self.started = False
        self.width, self.height = width, height
        self.term_name = term
        self.clock_file = os.path.join(self.tmp, "clock")
        self.now = None
        self.set_clock(clock if clock is not None else int(time.time()))
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
            "GUICHET_CLOCK_FILE": self.clock_file,
        }
        for k in ("GUICHET_LOCALEDIR", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if os.environ.get(k):
                e[k] = os.environ[k]
        e.update(env or {})
        self.env = e
        self.args = list(args)
        self.proc = None
        self.started = False
        self._last = ""
        self._cursor = (0, 0)
        self._running = True
        self._exit = -1
        _live.append(self)
        if start:
            self.start()

    # --- process -----------------------------------------------------------
    def start(self):
        """Starts the session (done by the constructor unless start=False,
        which leaves time for run_cli() to prepare a database)."""
        if "--demo" in self.args and "--db" in self.args:
            db = self.args[self.args.index("--db") + 1]
            if not os.path.exists(db):
                demo_fixture(db, self.now)
        self.err_path = os.path.join(self.tmp, "uidrv.err")
        self._err = open(self.err_path, "w")
        cmd = [uidrv_bin(), "--clock", str(self.now), "--size",
               "%dx%d" % (self.width, self.height), "--term", self.term_name] + self.args
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._err, env=dict(self.env), cwd=self.tmp,
                                     encoding="utf-8", errors="replace", bufsize=1)
        self.started = True
        self.screen()

    def _ask(self, line, until=None):
        """Sends one command; returns the answer (one line, or the lines up
        to `until`). A screen that never gives the hand back (a loop that
        does not end) would hang the whole run: past HUNG_SECONDS without
        an answer the driver is killed and the test fails, saying so. Not a
        measure of time: no key takes a minute, even on a loaded machine."""
        if self.proc.poll() is not None:
            raise AssertionError("the driver has stopped (%d): %s"
                                 % (self.proc.returncode, self.stderr()))
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        watchdog = threading.Timer(HUNG_SECONDS, self.proc.kill)
        watchdog.start()
        try:
            return self._answer(line, until)
        finally:
            watchdog.cancel()

    def _answer(self, line, until):
        def gone():
            hung = " (killed after %d s without an answer to %r: the screen hung)" % (
                HUNG_SECONDS, line) if self.proc.poll() == -9 else ""
            return AssertionError("no answer from the driver%s: %s" % (hung, self.stderr()))
        if until is None:
            answer = self.proc.stdout.readline()
            if not answer:
                raise gone()
            if answer.startswith("error"):
                raise AssertionError("driver: %s" % answer.strip())
            return answer.rstrip("\n")
        lines = []
        while True:
            l = self.proc.stdout.readline()
            if not l:
                raise gone()
            l = l.rstrip("\n")
            if l == until:
                return lines
            lines.append(l)

    def stderr(self):
        try:
            with open(self.err_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def path(self, name):
        return os.path.join(self.tmp, name)

    def run_cli(self, args, input=None, check=True):
        """Runs a real guichet command with the same environment."""
        args = [a.replace("{tmp}", self.tmp) for a in args]
        r = subprocess.run([guichet_bin()] + args, input=input, capture_output=True, text=True,
                           env=dict(self.env))
        if check and r.returncode != 0:
            raise AssertionError("guichet %s failed (%d): %s"
                                 % (" ".join(args), r.returncode, r.stderr))
        return r

    def close(self):
        if self in _live:
            _live.remove(self)
        if self.proc and self.proc.poll() is None:
            try:
                self.proc.stdin.write("quit\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=60)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.proc.stdin.close()
            self.proc.stdout.close()
            self._err.close()
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
        """The text of the screen, each line ended by '\\n' (as tmux prints it:
        lines()[-2] is the key hints, lines()[-3] the status bar)."""
        if not self.started:
            return ""
        lines = self._ask("screen", "@@end")
        meta = {}
        while lines and lines[-1].startswith("@@"):
            k, _, v = lines.pop()[2:].partition(" ")
            meta[k] = v
        x, y = meta.get("cursor", "0 0").split()
        self._cursor = (int(x), int(y))
        self._running = meta.get("running") == "1"
        self._exit = int(meta.get("exit", "-1"))
        self.hints_cut = int(meta.get("hintscut", "0"))
        self.legend_cut = int(meta.get("legendcut", "0"))
        if int(meta.get("drawsql", "0")):
            raise DrawTouchedTheDatabase("a draw function ran SQL (draw only draws): %s"
                                         % self.stderr())
        self._last = "\n".join(lines) + "\n"  # as tmux capture-pane prints it
        return self._last

    def lines(self):
        return self.screen().split("\n")

    def roles(self):
        """One letter per character of each line: its theme role (uidrv.c)."""
        return self._ask("roles", "@@end")

    def attr(self, y, x):
        """Attributes of a cell: a set among reverse, bold, underline."""
        words = self._ask("attr %d %d" % (y, x)).split()
        return {w for w in words if not w.startswith("pair=")}

    def dump(self, why=""):
        try:
            s = self.screen() if self.proc and self.proc.poll() is None else self._last
        except AssertionError:
            s = self._last
        sys.stderr.write("\n----- screen %s (%dx%d) -----\n%s\n----- end of screen -----\n"
                         % (why, self.width, self.height, s))

    def wait_for(self, text, timeout=None, regex=False):
        """The screen once text (or a regex) is on it, letting idle ticks
        pass while it is not (at most MAX_TICKS); dumps and fails else."""
        pat = re.compile(text) if regex else None
        for _ in range(MAX_TICKS + 1):
            s = self.screen()
            if pat.search(s) if pat else text in s:
                return s
            if not self._running:
                break
            self.tick()
        self.dump("waiting for %r" % text)
        raise ScreenTimeout("not on screen after %d idle seconds: %r" % (MAX_TICKS, text))

    def wait_gone(self, text, timeout=None):
        for _ in range(MAX_TICKS + 1):
            if text not in self.screen():
                return
            self.tick()
        self.dump("waiting for %r to go" % text)
        raise ScreenTimeout("still on screen: %r" % text)

    def assert_on_screen(self, text):
        if text not in self.screen():
            self.dump("expecting %r" % text)
            raise AssertionError("not on screen: %r" % text)

    def assert_not_on_screen(self, text):
        if text in self.screen():
            self.dump("not expecting %r" % text)
            raise AssertionError("unexpectedly on screen: %r" % text)

    def line_with(self, text):
        for line in self.lines():
            if text in line:
                return line
        return None

    def cursor(self):
        """(x, y) of the terminal cursor."""
        self.screen()
        return self._cursor

    # --- input ----------------------------------------------------------
    def send_keys(self, *keys):
        """tmux key names: "Enter", "Tab", "BTab", "Escape", "F1", "C-u",
        "Up", "BSpace", "DC"…; a single character is that key."""
        if keys:
            self._ask("keys " + " ".join(keys))

    def type_text(self, text):
        """Types text, one key per character (UTF-8 included)."""
        if "\n" in text:
            raise ValueError("type_text: one line at a time (send Enter)")
        self._ask("text " + text)

    def tick(self, n=1):
        """n idle seconds (the loop's ticks without a key)."""
        self._ask("tick %d" % n)

    def resize(self, width, height):
        self._ask("resize %d %d" % (width, height))
        self.width, self.height = width, height

    # --- time -----------------------------------------------------------
    def set_clock(self, when):
        epoch = epoch_of(when)
        tmp = self.clock_file + ".new"
        with open(tmp, "w") as f:
            f.write("%d\n" % epoch)
        os.replace(tmp, self.clock_file)
        self.now = epoch
        if self.started:
            self._ask("clock %d" % epoch)

    def advance_clock(self, seconds):
        self.set_clock(self.now + seconds)

    def wait_exit(self, timeout=None):
        """The exit status once the session has ended (quit confirmed)."""
        self.screen()
        if self._running:
            self.dump("waiting for the end")
            raise AssertionError("guichet is still running")
        return self._exit

    # --- guichet shortcuts ----------------------------------------------
    def login(self, login, password, expect="Bonjour"):
        self.wait_for("Mot de passe")
        self.type_text(login)
        self.send_keys("Tab")
        self.type_text(password)
        self.send_keys("Enter")
        if expect:
            return self.wait_for(expect)
        return self.screen()


@atexit.register
def _close_all():
    for t in list(_live):
        t.close()


class ScreenCase(unittest.TestCase):
    """unittest base: self.term(...) starts a Screen closed at the end of the
    test (the same names as tmuxdrv.TermCase)."""

    def term(self, *args, **kw):
        t = Screen(*args, **kw)
        self.addCleanup(t.close)
        return t

    def demo_term(self, **kw):
        """guichet --demo on a copy of the demo database (fixture)."""
        return self.term(["--demo", "--db", "{tmp}/demo.db"], **kw)

    def db(self, t):
        """The screen's demo database, read-only, closed at the end of the
        test: what the screen saved, read by SQLite itself."""
        import sqlite3
        c = sqlite3.connect("file:%s?mode=ro" % t.path("demo.db"), uri=True)
        self.addCleanup(c.close)
        return c

    def one(self, t, sql, args=()):
        """The first column of the first row of sql on db(t)."""
        return self.db(t).execute(sql, args).fetchone()[0]


def main():
    if not os.path.exists(uidrv_bin()):
        sys.stderr.write("uidrv: no driver at %s (set GUICHET_UIDRV)\n" % uidrv_bin())
        sys.exit(1)
    unittest.main(module="__main__", verbosity=2)
