"""Statistiques screen on the demo database: today, this month and a typed
period, each checked against the database read independently with Python's
sqlite3 module; French errors for an impossible date and a reversed period;
the charts of the observation of the territory (the heatmap of arrivals
against the opening hours in Unicode and in ASCII, the no-show rate)."""
import calendar
import datetime
import os
import re
import sqlite3
import sys
import time
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402

# Paris is UTC+1 until 29 March 2026 at 02:00, UTC+2 after.
def utc(text):
    return calendar.timegm(time.strptime(text, "%Y-%m-%d %H:%M"))


TODAY = (utc("2026-03-29 22:00"), utc("2026-03-30 22:00"))
MONTH = (utc("2026-02-28 23:00"), utc("2026-03-30 22:00"))
WEEK_BEFORE = (utc("2026-03-22 23:00"), utc("2026-03-29 22:00"))  # 23 to 29 March


class StatsTest(uidrv.ScreenCase):
    def requests(self, t, span):
        return self.db(t).execute(
            "SELECT count(*) FROM visit WHERE state = 'termine' AND arrived_at >= ? AND "
            "arrived_at < ?", span).fetchone()[0]

    def operator_row(self, t, span, operator):
        rows = dict(self.db(t).execute(
            "SELECT v.help_type, count(DISTINCT v.id) FROM visit v JOIN visit_topic o ON "
            "o.visit_id = v.id WHERE v.state = 'termine' AND o.operator = ? AND "
            "v.arrived_at >= ? AND v.arrived_at < ? GROUP BY 1", (operator,) + span))
        cells = [rows.get(h, 0) for h in ("information", "accompagnement", "orientation")]
        return cells + [sum(cells)]

    def shown_requests(self, t):
        m = re.search(r"(\d+) demandes? traitées", t.screen())
        self.assertIsNotNone(m, t.screen())
        return int(m.group(1))

    def shown_row(self, t, label):
        line = t.line_with("  %s  " % label)
        self.assertIsNotNone(line, "no row %r" % label)
        return [int(n) for n in line.split(label, 1)[1].split()]

    def test_today_month_and_period_match_the_database(self):
        t = self.demo_term()
        t.login("accueil", "accueil-demo")  # aggregates: every role may see them
        t.send_keys("s")
        t.wait_for("Le 30/03/2026 (aujourd'hui)")
        expected = self.requests(t, TODAY)
        self.assertGreater(expected, 0)
        self.assertEqual(self.shown_requests(t), expected)
        t.assert_on_screen("Par partenaire et type d'aide")

        t.send_keys("m")
        t.wait_for("Du 01/03/2026 au 30/03/2026 (ce mois-ci)")
        self.assertEqual(self.shown_requests(t), self.requests(t, MONTH))
        caf = self.operator_row(t, MONTH, "caf")
        self.assertGreater(caf[3], 0)
        self.assertEqual(self.shown_row(t, "CAF"), caf)
        # under the table, why a column may add up to more than the total
        lines = t.lines()
        total = next(i for i, line in enumerate(lines) if "Total des demandes" in line)
        note = " ".join(" ".join(lines[total + 1:total + 3]).replace("↓", "").split())
        self.assertEqual(note, "Une demande avec plusieurs partenaires compte pour chacun : "
                         "les colonnes peuvent dépasser le total.")

        # a typed period: an impossible date, then a reversed period
        t.send_keys("p")
        t.wait_for("Choisir une période")
        t.send_keys("C-u")
        t.type_text("31/02/2026")
        t.send_keys("Tab", "Enter")
        t.wait_for("Date de début")
        t.send_keys("C-u")  # the focus is back on « Du »
        t.type_text("23/03/2026")
        t.send_keys("Tab", "C-u")
        t.type_text("01/03/2026")
        t.send_keys("Enter")
        t.wait_for("La date de fin est avant la date de début.")
        t.send_keys("C-u")
        t.type_text("29/03/2026")
        t.send_keys("Enter")
        t.wait_for("Du 23/03/2026 au 29/03/2026")
        t.assert_not_on_screen("ce mois-ci")
        self.assertEqual(self.shown_requests(t), self.requests(t, WEEK_BEFORE))
        self.assertEqual(self.shown_row(t, "CAF"), self.operator_row(t, WEEK_BEFORE, "caf"))

        # Tab goes from chart to chart: the channels, orientations, appointments
        for _ in range(20):
            if t.line_with("Par canal"):
                break
            t.send_keys("Tab")
        phone = self.db(t).execute(
            "SELECT count(*) FROM visit WHERE state = 'termine' AND channel = 'telephone' AND "
            "arrived_at >= ? AND arrived_at < ?", WEEK_BEFORE).fetchone()[0]
        lines = t.lines()
        at = next(i for i, line in enumerate(lines) if "Par canal" in line)
        row = next(line for line in lines[at:] if line.startswith("  Téléphone "))
        self.assertEqual([int(n) for n in row.split()[1:]], [phone])
        appts = self.db(t).execute(
            "SELECT count(*) FROM appointment WHERE start_at >= ? AND start_at < ?",
            WEEK_BEFORE).fetchone()[0]
        for _ in range(3):
            if "Rendez-vous : " in t.screen():
                break
            t.send_keys("Tab")
        t.assert_on_screen("Rendez-vous : %d" % appts)

        t.send_keys("t")
        t.wait_for("Le 30/03/2026 (aujourd'hui)")


PARIS = ZoneInfo("Europe/Paris")
OPEN = [(8 * 60 + 30, 12 * 60), (13 * 60 + 30, 17 * 60)]  # [site] hours by default
BLOCKS = "▁▂▃▄▅▆▇█"
ASCII = ":-=+*#%@"


def level(n, top):
    return 0 if n <= 0 else 8 if n >= top else max(1, -(-n * 8 // top))


class ChartsTest(uidrv.ScreenCase):
    """The heatmap of the arrivals against the opening hours, cell by cell,
    in Unicode and in ASCII, against the rows read here in Paris time; the
    contacts while closed; the bars of the no-show rate."""

    def month_cells(self, t):
        c = sqlite3.connect("file:%s?mode=ro" % t.path("demo.db"), uri=True)
        self.addCleanup(c.close)
        cells, closed, phone = {}, 0, 0
        for at, channel in c.execute("SELECT arrived_at, channel FROM visit WHERE arrived_at "
                                     ">= ? AND arrived_at < ?", MONTH):
            local = datetime.datetime.fromtimestamp(at, PARIS)
            key = (local.weekday(), local.hour)
            cells[key] = cells.get(key, 0) + 1
            m = local.hour * 60 + local.minute
            if local.weekday() >= 5 or not any(a <= m < b for a, b in OPEN):
                closed += 1
                phone += channel == "telephone"
        return cells, closed, phone

    def check_heatmap(self, lang, glyphs, dot):
        t = self.demo_term(lang=lang)
        t.login("conseiller", "conseiller-demo")
        t.send_keys("s", "m")
        t.wait_for("ce mois-ci")
        t.send_keys("Tab")
        t.wait_for("Arrivees par jour" if lang == "C" else "Arrivées par jour et par heure")
        cells, closed, phone = self.month_cells(t)
        top = max(cells.values())
        lines = t.lines()
        axis = next(i for i, l in enumerate(lines) if re.match(r"^ +\d\d \d\d \d\d", l))
        hours = [int(h) for h in lines[axis].split()[:-1]]
        start = lines[axis].index("%02d" % hours[0])
        days = ["Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim"]
        for d, name in enumerate(days):
            row = lines[axis + 1 + d]
            self.assertTrue(row.startswith("  " + name), row)
            self.assertEqual(int(row.split()[-1]), sum(n for (wd, h), n in cells.items()
                                                          if wd == d), row)
            for k, h in enumerate(hours):
                cell = row[start + 3 * k:start + 3 * k + 3]
                n = cells.get((d, h), 0)
                opened = d < 5 and any(a < (h + 1) * 60 and b > h * 60 for a, b in OPEN)
                if n == 0:
                    want = (dot * 2 + " ") if opened else "   "
                elif opened:
                    want = glyphs[level(n, top) - 1] * 2 + " "
                else:
                    want = glyphs[level(n, top) - 1] + "! "
                self.assertEqual(cell, want, "%s %02d h: %d arrivées" % (name, h, n))
        # the contacts while closed, phone calls among them
        self.assertGreater(phone, 0)
        t.assert_on_screen(("%d contacts en dehors des heures d'ouverture, dont %d appel%s"
                            % (closed, phone, "s" if phone > 1 else "")))
        return t

    def test_heatmap_in_unicode(self):
        self.check_heatmap("C.UTF-8", BLOCKS, "·")

    def test_heatmap_in_ascii_on_a_bare_console(self):
        t = self.check_heatmap("C", ASCII, ".")
        # nothing but ASCII on the whole page, chart after chart
        for _ in range(20):
            s = t.screen()
            self.assertTrue(all(ord(c) < 128 for c in s), s)
            t.send_keys("Tab")

    def test_no_show_rate_by_motif(self):
        t = self.demo_term()
        t.login("accueil", "accueil-demo")
        t.send_keys("s", "m")
        t.wait_for("ce mois-ci")
        for _ in range(25):
            if t.line_with("Absences aux rendez-vous, par motif"):
                break
            t.send_keys("Tab")
        t.send_keys("Down")  # the note, then the bars
        c = sqlite3.connect("file:%s?mode=ro" % t.path("demo.db"), uri=True)
        self.addCleanup(c.close)
        rows = c.execute(
            "SELECT m.name, sum(a.status = 'absent'), count(*) FROM appointment a JOIN motif m "
            "ON m.id = a.motif_id WHERE a.start_at >= ? AND a.start_at < ? AND a.start_at < ? "
            "AND a.status IN ('honore', 'absent') GROUP BY m.id ORDER BY m.name",
            MONTH + (utc("2026-03-30 08:00"),)).fetchall()
        self.assertTrue(rows)
        shown = 0
        for name, absent, due in rows:
            line = t.line_with(name[:20])
            if line is None:
                continue
            shown += 1
            self.assertIn("%d/%d" % (absent, due), line)
            self.assertIn("%d\u202f%%" % round(100 * absent / due), line)
        self.assertGreater(shown, 0)


if __name__ == "__main__":
    uidrv.main()
