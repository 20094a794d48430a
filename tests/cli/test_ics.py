"""guichet export ics: a resource's appointments as RFC 5545 iCalendar,
checked with an independent parser (Debian's python3-icalendar)."""
import datetime
import os
import sqlite3
import stat

import clitest

try:
    import icalendar
except ImportError:  # pragma: no cover - the CI image has python3-icalendar
    icalendar = None

UTC = datetime.timezone.utc
LONG_MOTIF = ("Dossier RSA, prime d'activité; révision \\ intitulé long pour plier "
              "la ligne à 75 octets — Ngũgĩ")


def ts(y, mo, d, h, mi):
    return int(datetime.datetime(y, mo, d, h, mi, tzinfo=UTC).timestamp())


class IcsTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        self.db = self.init_db()
        con = sqlite3.connect(self.db)
        try:
            cur = con.cursor()
            now = ts(2026, 4, 1, 8, 0)
            cur.execute("INSERT INTO visitor (uuid, last_name, first_names, phone, created_at, "
                        "updated_at) VALUES ('v-1', 'Lefèvre', 'Élodie', '+33612345678', 0, 0)")
            visitor = cur.lastrowid
            cur.execute("INSERT INTO visitor (uuid, last_name, created_at, updated_at) VALUES "
                        "('v-2', 'Wang', 0, 0)")
            visitor2 = cur.lastrowid
            res = {}
            for name, op in (("CAF — permanence", "caf"), ("CPAM", "cpam")):
                cur.execute("INSERT INTO resource (uuid, kind, name, operator, place, created_at, "
                            "updated_at) VALUES (?, 'permanence', ?, ?, 'Bureau 2', ?, ?)",
                            ("r-" + op, name, op, now, now))
                res[op] = cur.lastrowid
            mot = {}
            for key, name, dur, cap in (("dossier", LONG_MOTIF, 30, 1),
                                        ("atelier", "Atelier numérique", 120, 8)):
                cur.execute("INSERT INTO motif (uuid, name, operator, duration_min, capacity, "
                            "created_at, updated_at) VALUES (?, ?, 'caf', ?, ?, ?, ?)",
                            ("m-" + key, name, dur, cap, now, now))
                mot[key] = cur.lastrowid

            def appt(uuid, r, m, v, start, minutes, status="a-venir", seq=0, updated=now):
                cur.execute("INSERT INTO appointment (uuid, resource_id, motif_id, visitor_id, "
                            "start_at, end_at, status, sequence, comment, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'rappeler la veille', ?, ?)",
                            (uuid, r, m, v, start, start + minutes * 60, status, seq, now,
                             updated))

            # Tuesday 7 April 2026, 09:00 Paris = 07:00 UTC
            appt("a-0001", res["caf"], mot["dossier"], visitor, ts(2026, 4, 7, 7, 0), 30,
                 updated=ts(2026, 4, 2, 10, 0))
            appt("a-0002", res["caf"], mot["dossier"], visitor2, ts(2026, 4, 7, 7, 30), 30,
                 status="excuse", seq=1)
            # a workshop session with two participants = one event
            appt("a-0003", res["caf"], mot["atelier"], visitor, ts(2026, 4, 9, 12, 0), 120)
            appt("a-0004", res["caf"], mot["atelier"], visitor2, ts(2026, 4, 9, 12, 0), 120)
            # outside the period, and on another resource
            appt("a-0005", res["caf"], mot["dossier"], visitor, ts(2026, 4, 20, 7, 0), 30)
            appt("a-0006", res["cpam"], mot["dossier"], visitor, ts(2026, 4, 7, 7, 0), 30)
            # Sunday 29 March 2026 (DST change) 10:00 Paris = 08:00 UTC
            appt("a-0007", res["caf"], mot["dossier"], None, ts(2026, 3, 29, 8, 0), 30)
            con.commit()
        finally:
            con.close()

    def export(self, *extra):
        return self.run_guichet("--db", self.db, "export", "ics", "--resource",
                                "CAF — permanence", "--from", "2026-03-29", "--to",
                                "2026-04-12", *extra)

    def test_calendar_parses_with_an_independent_parser(self):
        if icalendar is None:
            self.skipTest("python3-icalendar is not installed")
        r = self.export()
        self.assert_status(r, 0)
        cal = icalendar.Calendar.from_ical(r.stdout.encode("utf-8"))
        self.assertEqual(str(cal["VERSION"]), "2.0")
        events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
        self.assertEqual(len(events), 4, sorted(events))
        one = events["a-0001@guichet"]
        self.assertEqual(one.decoded("DTSTART"), datetime.datetime(2026, 4, 7, 7, 0, tzinfo=UTC))
        self.assertEqual(one.decoded("DTEND"), datetime.datetime(2026, 4, 7, 7, 30, tzinfo=UTC))
        self.assertEqual(one.decoded("DTSTAMP"),
                         datetime.datetime(2026, 4, 2, 10, 0, tzinfo=UTC))
        self.assertEqual(str(one["SUMMARY"]), LONG_MOTIF)  # escaping and folding undone
        self.assertEqual(str(one["STATUS"]), "CONFIRMED")
        self.assertIn("Bureau 2", str(one["LOCATION"]))
        self.assertEqual(str(events["a-0002@guichet"]["STATUS"]), "CANCELLED")
        self.assertEqual(int(events["a-0002@guichet"]["SEQUENCE"]), 1)
        dst = events["a-0007@guichet"]
        self.assertEqual(dst.decoded("DTSTART"), datetime.datetime(2026, 3, 29, 8, 0, tzinfo=UTC))
        workshops = [e for uid, e in events.items() if uid.startswith("atelier-")]
        self.assertEqual(len(workshops), 1)
        self.assertIn("2 inscrits sur 8 places", str(workshops[0]["SUMMARY"]))
        self.assertNotIn("a-0005@guichet", events)
        self.assertNotIn("a-0006@guichet", events)

    def test_raw_format_crlf_folding_and_no_personal_data(self):
        r = self.run_guichet("--db", self.db, "export", "ics", "--resource", "CAF — permanence",
                             "--from", "2026-03-29", "--to", "2026-04-12", "--out",
                             self.path("caf.ics"))
        self.assert_status(r, 0)
        with open(self.path("caf.ics"), "rb") as f:
            raw = f.read()
        self.assertEqual(stat.S_IMODE(os.stat(self.path("caf.ics")).st_mode), 0o600)
        self.assertTrue(raw.startswith(b"BEGIN:VCALENDAR\r\n"))
        self.assertTrue(raw.endswith(b"END:VCALENDAR\r\n"))
        lines = raw.split(b"\r\n")[:-1]
        self.assertNotIn(b"\n", b"".join(lines))  # every line ends with CRLF
        self.assertTrue(any(line.startswith(b" ") for line in lines), "nothing was folded")
        for line in lines:
            self.assertLessEqual(len(line), 75, line)
            line.decode("utf-8")  # no UTF-8 character cut by the folding
        self.assertIn(b"\\,", raw)
        self.assertIn(b"\\;", raw)
        # confidentiality: no visitor name, phone or comment leaves the site
        for secret in ("Lefèvre", "Élodie", "Wang", "612345678", "rappeler"):
            self.assertNotIn(secret.encode("utf-8"), raw)
        # stable: the same data gives the same file
        r2 = self.export()
        self.assertEqual(r2.stdout.encode("utf-8"), raw)

    def test_resource_by_number_and_errors(self):
        r = self.run_guichet("--db", self.db, "export", "ics", "--resource", "2", "--from",
                             "2026-04-01", "--to", "2026-04-30")
        self.assert_status(r, 0)
        self.assertIn("UID:a-0006@guichet", r.stdout)
        self.assertNotIn("a-0001", r.stdout)
        r = self.run_guichet("--db", self.db, "export", "ics", "--resource", "Nulle part",
                             "--from", "2026-04-01", "--to", "2026-04-30")
        self.assert_status(r, 4)
        self.assertIn("Aucune ressource « Nulle part »", r.stderr)
        r = self.run_guichet("--db", self.db, "export", "ics", "--resource", "CPAM")
        self.assert_status(r, 2)
        self.assertIn("usage : guichet export ics", r.stderr)
        r = self.run_guichet("--db", self.db, "export", "ics", "--resource", "CPAM", "--from",
                             "2026-02-30", "--to", "2026-04-30")
        self.assert_status(r, 3)
        r = self.run_guichet("--db", self.db, "export", "ics", "--resource", "CPAM", "--from",
                             "2026-04-30", "--to", "2026-04-01")
        self.assert_status(r, 3)


if __name__ == "__main__":
    clitest.main()
