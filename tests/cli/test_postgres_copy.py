"""The funders' files load into a real PostgreSQL with the command their
analysts use, COPY … WITH (FORMAT csv, HEADER MATCH, DELIMITER ';'), once
the export is set for databases ([export] bom = non, docs/export-format.md):
HEADER MATCH compares the first header cell with the column name, and the
UTF-8 byte-order mark spreadsheets need would make it "\\ufeffdate". This
test shows both: refused with the BOM, loaded row for row without it.

A throw-away cluster (initdb, pg_ctl) runs in a temporary folder, listening
on a Unix socket only, as `nobody` when the test runs as root (PostgreSQL
refuses root)."""
import csv
import glob
import os
import shutil
import subprocess
import tempfile

import clitest
import test_export

DAY = test_export.DAY


def pg_bin(name):
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/" + name))
    return found[-1] if found else shutil.which(name)


class PostgresCopyTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        # the export test's fixture day and clock
        self.env["GUICHET_CLOCK_FILE"] = self.write_file("clock", "2026-03-30T10:00:00Z\n")
        self.fmt = test_export.documented_format()
        self.initdb, self.pg_ctl, self.psql = pg_bin("initdb"), pg_bin("pg_ctl"), pg_bin("psql")
        if not (self.initdb and self.pg_ctl and self.psql):
            self.fail("PostgreSQL absent : installez le paquet postgresql (tools/setup.sh)")
        # the cluster lives outside self.tmp (0700, root's) so that nobody can reach it
        self.pg = tempfile.mkdtemp(prefix="guichet-pg-")
        os.chmod(self.pg, 0o755)
        self.as_user = []
        if os.geteuid() == 0:
            os.chown(self.pg, 65534, 65534)
            self.as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        data = os.path.join(self.pg, "data")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
               "HOME": self.pg}
        p = subprocess.run(self.as_user + [self.initdb, "-D", data, "-U", "postgres",
                                           "--auth=trust", "-E", "UTF8", "--no-sync"],
                           capture_output=True, env=env, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        p = subprocess.run(self.as_user + [self.pg_ctl, "-D", data, "-w", "-l",
                                           os.path.join(self.pg, "log"), "-o",
                                           "-k %s -c listen_addresses='' -c fsync=off" % self.pg,
                                           "start"],
                           capture_output=True, env=env, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr.decode() + p.stdout.decode())
        self.data, self.pg_env = data, env

    def tearDown(self):
        if getattr(self, "data", None):
            subprocess.run(self.as_user + [self.pg_ctl, "-D", self.data, "-m", "immediate",
                                           "stop"], capture_output=True, env=self.pg_env,
                           timeout=300)
        if getattr(self, "pg", None):
            shutil.rmtree(self.pg, ignore_errors=True)
        super().tearDown()

    def fixture_db(self):
        db = self.init_db()
        with open(test_export.FIXTURE, encoding="utf-8") as f:
            p = subprocess.run(["sqlite3", db], input=f.read(), capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        return db

    def export(self, db, *args):
        return self.run_guichet("--db", db, "export", *args)

    def psql_run(self, script):
        return subprocess.run([self.psql, "-h", self.pg, "-U", "postgres", "-d", "postgres",
                               "-v", "ON_ERROR_STOP=1", "-X", "-q"], input=script.encode(),
                              capture_output=True, timeout=120)

    def tables(self):
        """CREATE TABLE for each file, columns named as docs/export-format.md says."""
        sql = []
        for kind, cols in self.fmt.items():
            name = kind.replace("-", "_")
            sql.append("DROP TABLE IF EXISTS %s; CREATE TABLE %s (%s);" % (
                name, name, ", ".join('"%s" text' % c[0] for c in cols)))
        return "\n".join(sql)

    def copy_all(self, out):
        script = [self.tables()]
        for kind in test_export.KINDS + ("manifeste",):
            path = os.path.join(out, test_export.file_name(kind, DAY))
            script.append("\\copy %s FROM '%s' WITH (FORMAT csv, HEADER MATCH, DELIMITER ';')"
                          % (kind.replace("-", "_"), path))
        return self.psql_run("\n".join(script) + "\n")

    def test_header_match_needs_the_database_setting(self):
        db = self.fixture_db()
        # the default (spreadsheets): a BOM, refused by HEADER MATCH
        out = self.path("tableur")
        r = self.export(db, "--date", DAY, "--out", out)
        self.assert_status(r, 0)
        p = self.copy_all(out)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn('column name mismatch in header line field 1', p.stderr.decode())

        # [export] bom = non: every file loads, every row
        ini = self.write_file("base.ini", "[export]\nbom = non\n")
        out = self.path("base")
        r = self.run_guichet("--config", ini, "--db", db, "export", "--date", DAY, "--out", out)
        self.assert_status(r, 0)
        p = self.copy_all(out)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        for kind in test_export.KINDS:
            with open(os.path.join(out, test_export.file_name(kind, DAY)), newline="",
                      encoding="utf-8") as f:
                rows = list(csv.reader(f, delimiter=";"))
            got = subprocess.run([self.psql, "-h", self.pg, "-U", "postgres", "-At", "-c",
                                  "SELECT count(*) FROM %s" % kind.replace("-", "_")],
                                 capture_output=True, timeout=60)
            self.assertEqual(int(got.stdout.decode().strip()), len(rows) - 1, kind)
        # the accents and the neutralised cell arrive as the file has them
        got = subprocess.run([self.psql, "-h", self.pg, "-U", "postgres", "-At", "-c",
                              "SELECT service FROM orientations ORDER BY service"],
                             capture_output=True, timeout=60)
        self.assertIn("CAF de la Nièvre", got.stdout.decode())


if __name__ == "__main__":
    clitest.main()
