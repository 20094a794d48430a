"""clitest — shared harness for guichet's command-line golden tests.

Standard library only. A test file looks like:

    import clitest

    class InitTest(clitest.CliTestCase):
        def test_init_ok(self):
            r = self.run_guichet("--db", self.path("g.db"), "init", ..., stdin="secret\\n")
            self.assert_golden("init/ok", r)

    if __name__ == "__main__":
        clitest.main()

Each test gets an isolated temporary directory (self.tmp) used as HOME and
XDG_{CONFIG,DATA,STATE,CACHE}_HOME, removed afterwards. The binary is
$GUICHET_BIN (set by ctest), else build/guichet under the source tree.

Golden files live in tests/cli/golden/<name>/{stdout,stderr,status}. Run with
GUICHET_UPDATE_GOLDEN=1 to (re)write them from the current output, then
review the diff in git. Outputs are masked before comparison: the temporary
directory becomes <TMP>, plus any (regex, replacement) given as masks, e.g.
clitest.MASK_TIME turns 10:42 into HH:MM.
"""
import difflib
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
import tempfile
import unittest

SOURCE_DIR = os.environ.get("GUICHET_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
GOLDEN_DIR = os.path.join(SOURCE_DIR, "tests", "cli", "golden")
BIN = os.path.abspath(os.environ.get("GUICHET_BIN") or
                      os.path.join(SOURCE_DIR, "build", "guichet-test"))
RELEASE_BIN = os.path.abspath(os.environ.get("GUICHET_RELEASE_BIN") or
                              os.path.join(SOURCE_DIR, "build", "guichet"))
UPDATE = os.environ.get("GUICHET_UPDATE_GOLDEN") == "1"

# Common masks: (compiled regex, replacement)
MASK_TIME = (re.compile(r"\b\d{2}:\d{2}(:\d{2})?\b"), "HH:MM")
MASK_DATE = (re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{2}/\d{2}(/\d{4})?\b"), "DATE")
MASK_BYTES = (re.compile(r"\(\d+ octets\)"), "(N octets)")


class Result:
    """What one run of the binary gave."""

    def __init__(self, args, status, stdout, stderr):
        self.args = args
        self.status = status
        self.stdout = stdout
        self.stderr = stderr

    def __repr__(self):
        return "Result(args=%r, status=%r,\n--- stdout ---\n%s--- stderr ---\n%s)" % (
            self.args, self.status, self.stdout, self.stderr)


class CliTestCase(unittest.TestCase):
    """A test case with an isolated home and helpers to run guichet."""

    maxDiff = None

    def setUp(self):
        self.tmp = os.path.realpath(tempfile.mkdtemp(prefix="guichet-cli-"))
        self.home = os.path.join(self.tmp, "home")
        for d in ("home", "home/.config", "home/.local/share", "home/.local/state",
                  "home/.cache"):
            os.makedirs(os.path.join(self.tmp, d), exist_ok=True)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "XDG_DATA_HOME": os.path.join(self.home, ".local/share"),
            "XDG_STATE_HOME": os.path.join(self.home, ".local/state"),
            "XDG_CACHE_HOME": os.path.join(self.home, ".cache"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TERM": "dumb",
        }
        for keep in ("GUICHET_LOCALEDIR", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if keep in os.environ:
                self.env[keep] = os.environ[keep]

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, *parts):
        """A path inside this test's temporary directory."""
        return os.path.join(self.tmp, *parts)

    def write_file(self, name, text, mode="w"):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, mode) as f:
            f.write(text)
        return p

    def run_guichet(self, *args, stdin="", env=None, timeout=60, binary=None, prefix=(),
                    tty=False):
        """Runs $GUICHET_BIN (or binary) with args; stdin is text; env adds
        variables (a value of None removes one); prefix is put before the
        binary (e.g. setpriv …). tty: standard input and output are a
        terminal (the screens), stdin is then typed into it; stderr is still
        read apart, and the Result's stdout is what the terminal showed.
        Returns a Result."""
        e = dict(self.env)
        for k, v in (env or {}).items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        if tty:
            return self._run_in_terminal(list(prefix) + [binary or BIN] + [str(a) for a in args],
                                         stdin, e, timeout)
        try:
            p = subprocess.run(list(prefix) + [binary or BIN] + [str(a) for a in args], input=stdin.encode(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e,
                               cwd=self.tmp, timeout=timeout)
        except subprocess.TimeoutExpired as ex:
            self.fail("guichet %s did not finish within %d s\nstdout: %s\nstderr: %s" % (
                " ".join(map(str, args)), timeout, ex.stdout, ex.stderr))
        return Result(list(args), p.returncode, p.stdout.decode("utf-8", "replace"),
                      p.stderr.decode("utf-8", "replace"))

    def _run_in_terminal(self, argv, stdin, env, timeout):
        master, slave = pty.openpty()
        env = dict(env, TERM=env.get("TERM", "xterm"))
        p = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=subprocess.PIPE, env=env,
                             cwd=self.tmp, start_new_session=True)
        os.close(slave)
        if stdin:
            os.write(master, stdin.encode())
        shown, err = bytearray(), bytearray()
        end = time.monotonic() + timeout
        fds = [master, p.stderr.fileno()]
        while fds:  # the screen and stderr drained until both are closed
            if time.monotonic() > end:
                p.kill()
                p.wait()
                os.close(master)
                self.fail("guichet %s did not finish within %d s\nscreen: %s\nstderr: %s" % (
                    " ".join(argv[1:]), timeout, bytes(shown), bytes(err)))
            ready, _, _ = select.select(fds, [], [], 0.2)
            for fd in ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # the terminal's side closed with the program
                    chunk = b""
                if chunk:
                    (shown if fd == master else err).extend(chunk)
                else:
                    fds.remove(fd)
            if master in fds and p.poll() is not None and not ready:
                fds.remove(master)
        p.wait()
        os.close(master)
        return Result(argv[1:], p.returncode, shown.decode("utf-8", "replace"),
                      err.decode("utf-8", "replace"))

    def mask(self, text, masks=()):
        text = text.replace(self.tmp, "<TMP>")
        for rx, repl in masks:
            text = rx.sub(repl, text)
        return text

    def assert_golden(self, name, result, masks=()):
        """Compares result's stdout, stderr and exit status, masked, with
        tests/cli/golden/<name>/. With GUICHET_UPDATE_GOLDEN=1, rewrites them."""
        d = os.path.join(GOLDEN_DIR, name)
        got = {
            "stdout": self.mask(result.stdout, masks),
            "stderr": self.mask(result.stderr, masks),
            "status": "%d\n" % result.status,
        }
        if UPDATE:
            os.makedirs(d, exist_ok=True)
            for k, v in got.items():
                with open(os.path.join(d, k), "w", encoding="utf-8") as f:
                    f.write(v)
            return
        problems = []
        for k, v in got.items():
            p = os.path.join(d, k)
            if not os.path.exists(p):
                problems.append("missing golden file %s (run with GUICHET_UPDATE_GOLDEN=1)" % p)
                continue
            with open(p, encoding="utf-8") as f:
                want = f.read()
            if want != v:
                diff = difflib.unified_diff(want.splitlines(True), v.splitlines(True),
                                            "golden/%s/%s" % (name, k), "actual %s" % k)
                problems.append("".join(diff))
        if problems:
            self.fail("golden %s differs for guichet %s:\n%s" % (
                name, " ".join(map(str, result.args)), "\n".join(problems)))

    def assert_status(self, result, status):
        if result.status != status:
            self.fail("expected exit status %d, got %r" % (status, result))

    # ---- helpers most tests need -------------------------------------------
    def init_db(self, name="guichet.db", admin="sophie", password="mot-de-passe-sophie"):
        """Creates a database with a site and a first responsable; returns its path."""
        db = self.path(name)
        r = self.run_guichet("--db", db, "init", "--matricule", "FS-58-0042", "--site-name",
                             "France Services de Clamecy", "--admin", admin, "--admin-name",
                             "Sophie Lefèvre", "--commune", "58079", "--password-stdin",
                             stdin=password + "\n")
        self.assert_status(r, 0)
        return db


def main():
    if not os.path.exists(BIN):
        print("guichet binary not found: %s (set GUICHET_BIN)" % BIN, file=sys.stderr)
        sys.exit(1)
    unittest.main(verbosity=2)
