"""The Debian package (debian/, issue 16): `dpkg-buildpackage -us -uc -b`
on a copy of the sources builds a .deb whose contents are where a Debian
administrator looks (/usr/bin, the man page, the catalogs, the units pointing
at /usr/bin/guichet, never enabled), whose version is the program's, and
whose binary, unpacked, runs in French and in English from its own catalogs.

The package is built once per run, in build/: the sanitizer build skips it
(the package never uses that build). Without dpkg-buildpackage or debhelper
(tools/setup.sh installs them for ./tools/test) the test says so and skips."""
import os
import re
import shutil
import subprocess

import clitest

BUILD = os.environ.get("GUICHET_BUILD_DIR") or os.path.join(clitest.SOURCE_DIR, "build")


def project_version():
    with open(os.path.join(clitest.SOURCE_DIR, "CMakeLists.txt"), encoding="utf-8") as f:
        m = re.search(r"project\(guichet VERSION ([0-9.]+)", f.read())
    return m.group(1)


def source_files():
    """The tracked files (a clean clone's content), or the tree without
    build folders when the sources are not a git checkout."""
    p = subprocess.run(["git", "-C", clitest.SOURCE_DIR, "ls-files", "-z"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if p.returncode == 0 and p.stdout:
        return [f for f in p.stdout.decode().split("\0") if f]
    files = []
    for root, dirs, names in os.walk(clitest.SOURCE_DIR):
        dirs[:] = [d for d in dirs if not d.startswith(("build", ".git", "obj-"))]
        for n in names:
            files.append(os.path.relpath(os.path.join(root, n), clitest.SOURCE_DIR))
    return files


class DebianPackageTest(clitest.CliTestCase):
    @classmethod
    def setUpClass(cls):
        cls.deb = None
        cls.skip = None
        if os.path.basename(os.path.normpath(BUILD)) == "build-asan":
            cls.skip = "paquet Debian construit une seule fois, avec build/"
            return
        for tool in ("dpkg-buildpackage", "dh", "dpkg-deb"):
            if not shutil.which(tool):
                cls.skip = "%s absent : tools/setup.sh l'installe pour ./tools/test" % tool
                return
        import tempfile
        cls.work = os.path.realpath(tempfile.mkdtemp(prefix="guichet-deb-"))
        src = os.path.join(cls.work, "guichet")
        for rel in source_files():
            if not os.path.isfile(os.path.join(clitest.SOURCE_DIR, rel)):
                continue  # deleted in the working tree
            dst = os.path.join(src, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(os.path.join(clitest.SOURCE_DIR, rel), dst)
        env = dict(os.environ, DEB_BUILD_OPTIONS="parallel=%d" % (os.cpu_count() or 1))
        for k in ("GUICHET_LOCALEDIR", "ASAN_OPTIONS", "UBSAN_OPTIONS"):
            env.pop(k, None)
        p = subprocess.run(["dpkg-buildpackage", "-us", "-uc", "-b"], cwd=src, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=800)
        cls.log = p.stdout.decode("utf-8", "replace")
        cls.status = p.returncode
        arch = subprocess.run(["dpkg", "--print-architecture"], stdout=subprocess.PIPE,
                              check=True).stdout.decode().strip()
        cls.deb = os.path.join(cls.work, "guichet_%s_%s.deb" % (project_version(), arch))
        cls.root = os.path.join(cls.work, "root")
        if cls.status == 0 and os.path.isfile(cls.deb):
            subprocess.run(["dpkg-deb", "-x", cls.deb, cls.root], check=True)

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "work", None):
            shutil.rmtree(cls.work, ignore_errors=True)

    def setUp(self):
        if self.skip:
            self.skipTest(self.skip)
        super().setUp()
        self.assertEqual(self.status, 0, self.log[-4000:])
        self.assertTrue(os.path.isfile(self.deb),
                        "%s absent : la version de debian/changelog doit être celle de "
                        "CMakeLists.txt (%s)\n%s" % (self.deb, project_version(), self.log[-2000:]))

    def field(self, name):
        p = subprocess.run(["dpkg-deb", "-f", self.deb, name], stdout=subprocess.PIPE, check=True)
        return p.stdout.decode().strip()

    def test_control_fields_name_the_libraries_and_the_version(self):
        self.assertEqual(self.field("Package"), "guichet")
        self.assertEqual(self.field("Version"), project_version())
        depends = self.field("Depends")
        for lib in ("libsqlite3-0", "libsodium23", "libncursesw6", "libcsv3", "libiniparser1",
                    "libjson-c5", "adduser"):
            self.assertIn(lib, depends)

    def test_files_are_where_a_debian_admin_looks(self):
        for rel in ("usr/bin/guichet", "usr/share/man/man1/guichet.1.gz",
                    "usr/share/locale/en/LC_MESSAGES/guichet.mo",
                    "usr/share/doc/guichet/copyright",
                    "usr/share/doc/guichet/installation.md",
                    "usr/share/doc/guichet/examples/guichet.ini.example",
                    "usr/share/guichet/services-national.csv",
                    "lib/systemd/system/guichet-export.service",
                    "lib/systemd/system/guichet-export.timer",
                    "lib/systemd/system/guichet-purge.service",
                    "lib/systemd/system/guichet-purge.timer"):
            self.assertTrue(os.path.isfile(os.path.join(self.root, rel)), rel)
        self.assertFalse(os.path.exists(os.path.join(self.root, "usr/local")))

    def test_units_run_the_packaged_binary_and_are_not_enabled(self):
        for unit in ("guichet-export.service", "guichet-purge.service"):
            with open(os.path.join(self.root, "lib/systemd/system", unit), encoding="utf-8") as f:
                text = f.read()
            self.assertRegex(text, r"(?m)^ExecStart=/usr/bin/guichet ")
            self.assertNotIn("/usr/local", text)
        postinst = subprocess.run(["dpkg-deb", "-I", self.deb, "postinst"],
                                  stdout=subprocess.PIPE, check=True).stdout.decode()
        self.assertIn("adduser --system --group", postinst)
        self.assertIn("-m 2770 /var/lib/guichet", postinst)
        # dh_installsystemd --no-enable --no-start: never enabled on first
        # installation (debhelper's enable snippet says so), never started
        self.assertNotIn("Enables the unit on first installation", postinst)
        self.assertNotIn("deb-systemd-invoke start", postinst)

    def test_unpacked_binary_speaks_french_then_english(self):
        binary = os.path.join(self.root, "usr/bin/guichet")
        env = {k: v for k, v in self.env.items() if k != "GUICHET_LOCALEDIR"}
        p = subprocess.run([binary, "--help"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=env, cwd=self.tmp, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("Usage : guichet", p.stdout.decode())
        en = self.write_file("en.ini", "[ui]\nlanguage = en\n")
        p = subprocess.run([binary, "--config", en, "--help"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env, cwd=self.tmp, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("Usage: guichet", p.stdout.decode())
        p = subprocess.run([binary, "--version"], stdout=subprocess.PIPE, env=env, timeout=60)
        self.assertIn(project_version(), p.stdout.decode())


if __name__ == "__main__":
    clitest.main()
