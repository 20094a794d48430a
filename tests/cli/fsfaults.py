"""fsfaults — real file-system faults for the command-line tests: a full
disk (a small tmpfs filled to the last byte) and a read-only folder.

Mounting needs root (CI runs as root). When the system refuses, the test is
skipped with the reason, never passed."""
import os
import shutil
import subprocess
import tempfile


def _run(*cmd):
    return subprocess.run(list(cmd), capture_output=True, text=True)


class Mount:
    """A tmpfs of size_kb mounted on a fresh directory; .path, .fill(), .unfill(),
    .close() (umount + rmdir)."""

    def __init__(self, test, size_kb):
        self.path = tempfile.mkdtemp(prefix="guichet-tmpfs-")
        r = _run("mount", "-t", "tmpfs", "-o", "size=%dk,mode=0777" % size_kb, "tmpfs", self.path)
        if r.returncode != 0:
            os.rmdir(self.path)
            test.skipTest("cannot mount a tmpfs here (needs root): %s" % (r.stderr.strip() or r.returncode))
        test.addCleanup(self.close)
        self.filler = os.path.join(self.path, "remplissage")

    def fill(self):
        """Fills the file system to the last byte."""
        with open(self.filler, "ab", buffering=0) as f:
            for size in (1 << 16, 4096, 1):  # down to the last byte
                try:
                    while f.write(b"\0" * size):
                        pass
                except OSError:
                    pass

    def unfill(self):
        if os.path.exists(self.filler):
            os.unlink(self.filler)

    def close(self):
        _run("umount", "-l", self.path)
        shutil.rmtree(self.path, ignore_errors=True)


def read_only_folder(test, folder):
    """Makes folder read-only for guichet and returns (argv prefix, undo):
    a plain chmod for an ordinary user; for root (whom chmod does not stop)
    a read-only bind mount, else the command run as nobody (setpriv) on a
    folder without write permission. Skips the test when none is possible."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        test.addCleanup(os.chmod, folder, 0o755)
        return []
    r = _run("mount", "--bind", folder, folder)
    if r.returncode == 0:
        r = _run("mount", "-o", "remount,ro,bind", folder)
        test.addCleanup(_run, "umount", "-l", folder)
        if r.returncode == 0:
            return []
    setpriv = shutil.which("setpriv")
    if setpriv:
        # nobody must reach the test's home and folder, and write the files
        for d in (test.tmp, test.home, os.path.join(test.home, ".config")):
            os.chmod(d, 0o755)
        for dirpath, dirs, files in os.walk(folder):
            for name in files:
                os.chmod(os.path.join(dirpath, name), 0o666)
        os.chmod(folder, 0o555)
        test.addCleanup(os.chmod, folder, 0o755)
        return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    test.skipTest("cannot make a folder read-only for root here (no bind mount, no setpriv)")
