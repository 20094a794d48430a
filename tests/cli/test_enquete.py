"""guichet enquete export: the anonymous survey of a period as counts only,
read back with Python's csv module and checked against the database's own
rows; a bad period and a missing option are refused in French."""
import csv
import os
import sqlite3

import clitest

NOW = "2026-03-30T08:00:00Z"
FIXTURE = os.path.join(clitest.SOURCE_DIR, "tests", "cli", "fixtures", "charter.sql")


class EnqueteTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        self.env["GUICHET_CLOCK_FILE"] = self.write_file("clock", NOW + "\n")
        self.db = self.init_db()
        con = sqlite3.connect(self.db)
        with open(FIXTURE, encoding="utf-8") as f:
            con.executescript(f.read())
        con.commit()
        con.close()

    def enquete(self, *args):
        return self.run_guichet("--db", self.db, "enquete", *args)

    def test_export_of_a_month(self):
        out = self.path("enquete-2026-03.csv")
        r = self.enquete("export", "--periode", "2026-03", "--out", out)
        self.assert_golden("enquete/export", r)
        with open(out, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f, delimiter=";"))
        # the month is cut at today: 1 to 30 March
        self.assertTrue(all(r["periode_debut"] == "2026-03-01" and
                            r["periode_fin"] == "2026-03-30" for r in rows))
        by = {(r["axe"], r["code"]): r for r in rows}
        total = by[("total", "")]
        # closed requests of March in the database, by the statistics' rule
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        closed = con.execute("SELECT count(*) FROM visit WHERE state = 'termine' AND arrived_at "
                             ">= unixepoch('2026-02-28 23:00') AND arrived_at < "
                             "unixepoch('2026-03-30 22:00')").fetchone()[0]
        con.close()
        self.assertEqual(int(total["demandes_closes"]), closed)
        self.assertEqual(int(total["reponses"]), 2)
        self.assertEqual((total["probleme_regle"], total["probleme_en_partie"],
                          total["probleme_non_regle"]), ("1", "1", "0"))
        self.assertEqual(total["satisfaction_4"], "1")
        self.assertEqual(by[("operateur", "caf")]["reponses"], "2")
        self.assertEqual(by[("operateur", "cpam")]["reponses"], "1")
        self.assertEqual(by[("operateur", "aucun")]["demandes_closes"], "1")
        self.assertEqual(by[("canal", "telephone")]["reponses"], "1")
        # counts only: every cell past the first four is a number
        for row in rows:
            for k, v in row.items():
                if k not in ("periode_debut", "periode_fin", "axe", "code"):
                    self.assertTrue(v.isdigit(), (k, v))

    def test_errors(self):
        r = self.enquete("export", "--periode", "mars", "--out", self.path("x.csv"))
        self.assert_golden("enquete/periode-illisible", r)
        self.assert_status(r, 3)
        r = self.enquete("export", "--periode", "2026-06", "--out", self.path("x.csv"))
        self.assert_golden("enquete/periode-future", r)
        self.assert_status(r, 3)
        r = self.enquete("export", "--periode", "2026-T1")
        self.assert_golden("enquete/sans-out", r)
        self.assert_status(r, 2)
        self.assertFalse(os.path.exists(self.path("x.csv")))


if __name__ == "__main__":
    clitest.main()
