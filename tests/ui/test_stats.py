"""Statistiques screen on the demo database: today, this month and a typed
period, each checked against the database read independently with Python's
sqlite3 module; French errors for an impossible date and a reversed period."""
import calendar
import os
import re
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402

# Paris is UTC+1 until 29 March 2026 at 02:00, UTC+2 after.
def utc(text):
    return calendar.timegm(time.strptime(text, "%Y-%m-%d %H:%M"))


TODAY = (utc("2026-03-29 22:00"), utc("2026-03-30 22:00"))
MONTH = (utc("2026-02-28 23:00"), utc("2026-03-30 22:00"))
WEEK_BEFORE = (utc("2026-03-22 23:00"), utc("2026-03-29 22:00"))  # 23 to 29 March


class StatsTest(uidrv.ScreenCase):
    def db(self, t):
        c = sqlite3.connect("file:%s?mode=ro" % t.path("demo.db"), uri=True)
        self.addCleanup(c.close)
        return c

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

        # the lower part scrolls into view: channels, orientations, appointments
        seen = {}
        for _ in range(3):
            for line in t.lines():
                if line.startswith("  Téléphone "):
                    seen["phone"] = [int(n) for n in line.split()[1:] if n.isdigit()]
            if "Rendez-vous : " in t.screen():
                break
            before = t.screen()
            t.send_keys("NPage")
            t.wait_for(r"(?s)^(?!%s$)" % re.escape(before), regex=True)
        t.wait_for("Rendez-vous : ")
        phone = self.db(t).execute(
            "SELECT count(*) FROM visit WHERE state = 'termine' AND channel = 'telephone' AND "
            "arrived_at >= ? AND arrived_at < ?", WEEK_BEFORE).fetchone()[0]
        self.assertEqual(seen.get("phone"), [phone])
        appts = self.db(t).execute(
            "SELECT count(*) FROM appointment WHERE start_at >= ? AND start_at < ?",
            WEEK_BEFORE).fetchone()[0]
        t.assert_on_screen("Rendez-vous : %d" % appts)

        t.send_keys("t")
        t.wait_for("Le 30/03/2026 (aujourd'hui)")


if __name__ == "__main__":
    uidrv.main()
