"""guichet stats: the charts of the Statistiques screen over a period, as one
CSV file read back with Python's csv module and checked against the
database's own rows (arrivals by weekday × hour counted here in Paris time,
the site's default opening hours, the no-show rate), and as text; a bad
period, a missing option and a folder that does not exist are refused in
French and leave no file."""
import csv
import datetime
import os
import sqlite3
from zoneinfo import ZoneInfo

import clitest

NOW = "2026-03-30T08:00:00Z"
FIXTURE = os.path.join(clitest.SOURCE_DIR, "tests", "cli", "fixtures", "charter.sql")
PARIS = ZoneInfo("Europe/Paris")
# [site] hours by default (data/guichet.ini.example): Mo-Fr 08:30-12:00,13:30-17:00
OPEN = [(8 * 60 + 30, 12 * 60), (13 * 60 + 30, 17 * 60)]

MORE = """
-- a phone call at lunch (12:30 in Paris), one on a Saturday, an appointment
-- missed and one honoured in March
INSERT INTO visit (id, uuid, visitor_id, sex, age_band, commune, arrived_at, started_at,
                   ended_at, state, channel, help_type, autonomy, duration_min, outcome,
                   comment, created_at, updated_at) VALUES
  (7, 'v7', NULL, 'F', '70+', '58227', unixepoch('2026-03-12 11:30:00'),
   unixepoch('2026-03-12 11:30:00'), unixepoch('2026-03-12 11:35:00'), 'termine', 'telephone',
   'information', 'autonome', 5, 'resolu', '', 0, 0),
  (8, 'v8', NULL, 'M', '18-24', '58227', unixepoch('2026-03-14 09:00:00'),
   unixepoch('2026-03-14 09:25:00'), unixepoch('2026-03-14 09:40:00'), 'termine',
   'accueil-spontane', 'accompagnement', 'entierement-accompagne', 15, 'resolu', '', 0, 0);
INSERT INTO visit_topic (visit_id, position, operator, family) VALUES
  (7, 0, 'dgfip', 'argent'), (8, 0, 'france-titres', 'papiers');
INSERT INTO appointment (id, uuid, resource_id, motif_id, visitor_id, start_at, end_at, status,
                         comment, created_at, updated_at) VALUES
  (10, 'a10', 1, 1, 2, unixepoch('2026-03-16 08:00:00'), unixepoch('2026-03-16 08:30:00'),
   'absent', '', 0, 0),
  (11, 'a11', 1, 1, 2, unixepoch('2026-03-17 08:00:00'), unixepoch('2026-03-17 08:30:00'),
   'honore', '', 0, 0),
  (12, 'a12', 1, 1, 2, unixepoch('2026-03-18 08:00:00'), unixepoch('2026-03-18 08:30:00'),
   'excuse', '', 0, 0);
"""


def is_open(local):
    if local.weekday() >= 5:
        return False
    m = local.hour * 60 + local.minute
    return any(a <= m < b for a, b in OPEN)


class StatsTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        self.env["GUICHET_CLOCK_FILE"] = self.write_file("clock", NOW + "\n")
        self.db = self.init_db()
        con = sqlite3.connect(self.db)
        with open(FIXTURE, encoding="utf-8") as f:
            con.executescript(f.read())
        con.executescript(MORE)
        con.commit()
        con.close()

    def stats(self, *args):
        return self.run_guichet("--db", self.db, "stats", *args)

    def arrivals(self):
        """(weekday, hour) -> arrivals of March 1-30, and how many came while
        closed (by channel), counted here from the rows."""
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        rows = con.execute("SELECT arrived_at, channel FROM visit WHERE arrived_at >= "
                           "unixepoch('2026-02-28 23:00') AND arrived_at < "
                           "unixepoch('2026-03-30 22:00')").fetchall()
        con.close()
        cells, closed = {}, {}
        for at, channel in rows:
            local = datetime.datetime.fromtimestamp(at, PARIS)
            key = (local.isoweekday(), local.hour)
            cells[key] = cells.get(key, 0) + 1
            if not is_open(local):
                closed[channel] = closed.get(channel, 0) + 1
        return cells, closed

    def test_csv_of_a_month(self):
        out = self.path("stats-2026-03.csv")
        r = self.stats("--periode", "2026-03", "--out", out)
        self.assert_golden("stats/csv", r)
        self.assertEqual(os.stat(out).st_size > 0, True)
        with open(out, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f, delimiter=";"))
        self.assertEqual(list(rows[0].keys()),
                         ["periode_debut", "periode_fin", "graphique", "code", "sous_code",
                          "libelle", "valeur", "reference"])
        # the month is cut at today: 1 to 30 March
        self.assertTrue(all(x["periode_debut"] == "2026-03-01" and
                            x["periode_fin"] == "2026-03-30" for x in rows))
        # the heatmap: 7 × 24 rows, each cell as counted here, the reference
        # the minutes the site is open in that hour
        heat = [x for x in rows if x["graphique"] == "arrivees"]
        self.assertEqual(len(heat), 7 * 24)
        cells, closed = self.arrivals()
        for x in heat:
            key = (int(x["code"]), int(x["sous_code"]))
            self.assertEqual(int(x["valeur"]), cells.get(key, 0), key)
        ref = {(x["code"], x["sous_code"]): int(x["reference"]) for x in heat}
        self.assertEqual(ref[("1", "09")], 60)
        self.assertEqual(ref[("1", "08")], 30)
        self.assertEqual(ref[("1", "12")], 0)
        self.assertEqual(ref[("6", "10")], 0)  # Saturday
        self.assertEqual(sum(ref.values()), 5 * 7 * 60)
        # while closed: the lunch call and the Saturday visit
        off = {x["code"]: int(x["valeur"]) for x in rows if x["graphique"] == "hors_horaires"}
        self.assertEqual({k: v for k, v in off.items() if v}, closed)
        self.assertEqual(off.get("telephone"), 1)
        # the closed requests by partner, as `guichet enquete` counts them
        by = {(x["graphique"], x["code"]): x for x in rows}
        self.assertEqual(by[("partenaire", "caf")]["valeur"], "2")  # v4, v5
        self.assertEqual(by[("partenaire", "aucun")]["valeur"], "1")  # v6
        self.assertEqual(by[("commune", "58227")]["valeur"], "2")
        self.assertEqual(by[("tranche_age", "70-et-plus")]["valeur"], "1")
        # waits at the desk: 25 minutes for the Saturday visit only
        self.assertEqual(by[("attente", "20-30")]["valeur"], "1")
        self.assertEqual(sum(int(x["valeur"]) for x in rows if x["graphique"] == "attente"), 1)
        # no-shows of Dossier CAF in March: 1 missed of 2 due (the excused one was not due)
        noshow = by[("rdv_absences", "m1")]
        self.assertEqual((noshow["libelle"], noshow["valeur"], noshow["reference"]),
                         ("Dossier CAF", "1", "2"))
        self.assertEqual(by[("avis_probleme", "oui")]["valeur"], "1")
        self.assertEqual(by[("avis_satisfaction", "4")]["valeur"], "1")
        # counts only, never a person
        for x in rows:
            self.assertTrue(x["valeur"].isdigit(), x)
            self.assertTrue(x["reference"] == "" or x["reference"].isdigit(), x)
        with open(out, encoding="utf-8-sig") as f:
            text = f.read()
        for secret in ("Quetzalcoatlos", "Zorglubovitch", "Commentaire", "0639980002"):
            self.assertNotIn(secret, text)
        # journaled, the period only
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        detail = con.execute("SELECT detail FROM audit WHERE action = 'stats-export'").fetchall()
        con.close()
        self.assertEqual(detail, [("2026-03-01..2026-03-30",)])

    def test_communes_by_name_once_the_list_is_imported(self):
        def commune_rows():
            out = self.path("communes.csv")
            r = self.stats("--periode", "2026-03", "--out", out)
            self.assert_status(r, 0)
            with open(out, encoding="utf-8-sig", newline="") as f:
                return {x["code"]: x["libelle"] for x in csv.DictReader(f, delimiter=";")
                        if x["graphique"] == "commune"}
        self.assertEqual(commune_rows()["58227"], "58227")  # no list: the code
        communes = os.path.join(clitest.SOURCE_DIR, "tests", "fixtures", "communes",
                                "v_commune_2025.csv")
        self.assert_status(self.run_guichet("--db", self.db, "import", "communes", communes), 0)
        self.assertEqual(commune_rows()["58227"], "Saint-Amand-en-Puisaye (58)")
        self.assertIn("Saint-Amand-en-Puisaye (58)",
                      self.stats("--periode", "2026-03-01..2026-03-30").stdout)

    def test_text(self):
        r = self.stats("--periode", "2026-03-01..2026-03-30")
        self.assert_golden("stats/texte", r)
        self.assert_status(r, 0)

    def test_errors(self):
        r = self.stats("--periode", "mars", "--out", self.path("x.csv"))
        self.assert_golden("stats/periode-illisible", r)
        self.assert_status(r, 3)
        r = self.stats("--out", self.path("x.csv"))
        self.assert_golden("stats/sans-periode", r)
        self.assert_status(r, 2)
        r = self.stats("--periode", "2026-03", "--out", self.path("nulle-part", "x.csv"))
        self.assertNotEqual(r.status, 0)
        self.assertIn("nulle-part", r.stderr)
        self.assertFalse(os.path.exists(self.path("x.csv")))


if __name__ == "__main__":
    clitest.main()
