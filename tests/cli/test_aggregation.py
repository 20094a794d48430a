"""The aggregator's loader (issue 11): data/aggregation/charger.sh streams
a folder of many sites' files through `COPY … FROM STDIN` into a real
PostgreSQL (a throw-away cluster, as test_postgres_copy.py starts it) with
data/aggregation/charger.sql, exactly as docs/export-format.md tells the
funders to.

Fifty sites are made from the export fixture: each a copy of the database
with its own matricule, pseudonym key and a different number of requests
(some from commune 01001), half with the spreadsheet settings (BOM, CRLF),
half with LF and no BOM; each exports three days with the real binary into
one shared folder. The totals by matricule in PostgreSQL must equal
guichet's own counts in each site's database; loading the folder again
(a re-delivery) changes nothing; a file cut short is refused. DuckDB has no
Debian package: its query (in the docs) is run only where a duckdb binary
exists, else skipped with a message."""
import os
import random
import shutil
import sqlite3
import subprocess

import clitest
import test_export
import test_postgres_copy

DAYS = ("2026-03-27", "2026-03-28", "2026-03-29")
LOADER = os.path.join(clitest.SOURCE_DIR, "data", "aggregation", "charger.sh")
SITES = 50
# the three local days in UTC (Europe/Paris, summer time from the 29th at 02:00)
BOUNDS = "arrived_at >= unixepoch('2026-03-26 23:00:00') AND arrived_at < unixepoch('2026-03-29 22:00:00')"


class AggregationTest(test_postgres_copy.PostgresCopyTest):
    test_header_match_needs_the_database_setting = None  # the parent's test, not run here

    def make_sites(self):
        base = self.fixture_db()
        out = self.path("depot")
        rng = random.Random(11)
        expected = {}
        for i in range(SITES):
            matricule = "FS-%02d-%04d" % (1 + i % 95, i)
            db = self.path("site-%02d.db" % i)
            src, dst = sqlite3.connect(base), sqlite3.connect(db)
            src.backup(dst)
            src.close()
            extra = rng.randrange(0, 40)
            dst.executescript(
                "UPDATE site SET matricule = '%s', pseudonym_key = randomblob(32);"
                "DELETE FROM visit WHERE id = %d;"
                "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < %d)"
                " INSERT INTO visit (uuid, sex, age_band, commune, arrived_at, ended_at, state,"
                " channel, help_type, autonomy, duration_min, outcome, created_at, updated_at)"
                " SELECT printf('x%%04d', k), 'F', '70+', CASE k %% 2 WHEN 0 THEN '01001'"
                " ELSE '58079' END, unixepoch('2026-03-27 07:00:00') + k * 5400,"
                " unixepoch('2026-03-27 07:20:00') + k * 5400,"
                " CASE k %% 5 WHEN 0 THEN 'parti' ELSE 'termine' END, 'accueil-spontane',"
                " CASE k %% 5 WHEN 0 THEN NULL ELSE 'information' END, 'autonome', 15,"
                " 'resolu', 0, 0 FROM n;" % (matricule, 1 + i % 4, extra))
            dst.commit()
            # guichet's own counts, from the site's database
            requests = dst.execute("SELECT count(*) FROM visit WHERE " + BOUNDS).fetchone()[0]
            done = dst.execute("SELECT count(*) FROM visit WHERE state = 'termine' AND "
                               + BOUNDS).fetchone()[0]
            zero = dst.execute("SELECT count(*) FROM visit WHERE commune = '01001' AND "
                               + BOUNDS).fetchone()[0]
            dst.close()
            expected[matricule] = (requests, done, zero)
            ini = self.write_file("site-%02d.ini" % i, "[export]\nbom = %s\ncrlf = %s\n" % (
                ("oui", "oui") if i % 2 else ("non", "non")))
            r = self.run_guichet("--config", ini, "--db", db, "export", "--from", DAYS[0],
                                 "--to", DAYS[-1], "--out", os.path.join(out, "site-%02d" % i))
            self.assert_status(r, 0)
        return out, expected

    def load(self, *folders):
        gen = subprocess.run(["sh", LOADER, *folders], capture_output=True, timeout=300)
        self.assertEqual(gen.returncode, 0, gen.stderr.decode())
        return subprocess.run([self.psql, "-h", self.pg, "-U", "postgres", "-d", "postgres",
                               "-X", "-q", "-v", "ON_ERROR_STOP=1"], input=gen.stdout,
                              capture_output=True, timeout=300)

    def query(self, sql):
        p = subprocess.run([self.psql, "-h", self.pg, "-U", "postgres", "-d", "postgres", "-X",
                            "-At", "-F", "|", "-c", sql], capture_output=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        return [line.split("|") for line in p.stdout.decode().splitlines()]

    def test_fifty_sites_load_with_guichet_totals(self):
        out, expected = self.make_sites()
        p = self.load(out)
        self.assertEqual(p.returncode, 0, p.stderr.decode())

        # the tables are those of docs/export-format.md, columns in order
        for kind, cols in self.fmt.items():
            got = self.query("SELECT column_name FROM information_schema.columns WHERE "
                             "table_name = '%s' ORDER BY ordinal_position" % kind.replace("-", "_"))
            self.assertEqual([g[0] for g in got], [c[0] for c in cols], kind)

        def totals():
            rows = self.query(
                "SELECT a.matricule, a.n, s.done, a.zero FROM"
                " (SELECT matricule, count(*) n, count(*) FILTER (WHERE commune = '01001') zero"
                "    FROM activite GROUP BY matricule) a"
                " JOIN (SELECT matricule, sum(demandes) done FROM synthese WHERE axe = 'total'"
                "    GROUP BY matricule) s USING (matricule) ORDER BY 1")
            return {r[0]: (int(r[1]), int(r[2]), int(r[3])) for r in rows}

        got = totals()
        self.assertEqual(len(got), SITES)
        self.assertEqual(got, expected)
        self.assertGreater(sum(v[2] for v in got.values()), 0, "communes 01001 were loaded")
        days = self.query("SELECT count(DISTINCT (matricule, date)), count(DISTINCT export_run),"
                          " min(format_version), max(format_version) FROM manifeste")
        self.assertEqual(days, [[str(SITES * 3), str(SITES), "2", "2"]])
        band = self.query("SELECT DISTINCT tranche_age FROM activite WHERE commune = '01001'")
        self.assertEqual(band, [["70-et-plus"]])

        # delivered again (a re-export of one site, then the whole folder): the same totals
        p = self.load(out)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        p = self.load(os.path.join(out, "site-07"))
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertEqual(totals(), expected)

        # a file cut short (its manifest announces more rows): refused, nothing changed
        cut = self.path("coupe")
        shutil.copytree(os.path.join(out, "site-03"), cut)
        name = [n for n in os.listdir(cut) if n.startswith("activite-") and DAYS[0] in n][0]
        with open(os.path.join(cut, name), "rb") as f:
            lines = f.read().splitlines(keepends=True)
        self.assertGreater(len(lines), 2)
        with open(os.path.join(cut, name), "wb") as f:
            f.writelines(lines[:-1])
        p = self.load(cut)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("lignes annoncées", p.stderr.decode())
        self.assertEqual(totals(), expected)

    def test_duckdb_query(self):
        if not shutil.which("duckdb"):
            self.skipTest("DuckDB absent : pas de paquet Debian (apt-cache policy duckdb) ; "
                          "la requête DuckDB de docs/export-format.md n'est pas testée ici")
        out, expected = self.make_sites()
        q = ("SELECT matricule, count(*) FROM read_csv('%s/*/activite-*.csv', delim=';',"
             " header=true, all_varchar=true) GROUP BY matricule ORDER BY 1" % out)
        p = subprocess.run(["duckdb", "-csv", "-noheader", "-c", q], capture_output=True,
                           timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        got = dict(line.split(",") for line in p.stdout.decode().split())
        self.assertEqual({k: int(v) for k, v in got.items()},
                         {k: v[0] for k, v in expected.items()})


if __name__ == "__main__":
    clitest.main()
