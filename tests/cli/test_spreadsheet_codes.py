"""The funders' codes stay text in LibreOffice (issue 11): the age band of
people aged 70 and over leaves the site as `70-et-plus` (the stored `70+`
ends with a sign some spreadsheets read as a number or a formula), and a
commune with a leading zero (01001) keeps it when the column is imported as
text, as docs/export-format.md tells analysts to do.

One LibreOffice headless run converts the real export of the fixture day
(with one more request from commune 01001, a person of 70 or more) to flat
ODS with the most permissive import (special numbers detected), the
`commune` column declared as text; the cells are read back from the XML."""
import html
import os
import re
import shutil
import subprocess

import clitest
import test_export

DAY = test_export.DAY


def cells(fods, row_text):
    """The (value-type, text) cells of the first table row containing row_text."""
    for row in re.findall(r"<table:table-row[^>]*>(.*?)</table:table-row>", fods, re.S):
        if row_text in row:
            out = []
            for attrs, body in re.findall(
                    r"<table:(?:covered-)?table-cell((?:[^>/]|/(?!>))*)(?:/>|>(.*?)"
                    r"</table:(?:covered-)?table-cell>)", row, re.S):
                vt = re.search(r'office:value-type="([^"]+)"', attrs)
                rep = re.search(r'table:number-columns-repeated="(\d+)"', attrs)
                text = html.unescape(re.sub(r"<[^>]+>", "", body)).strip()
                out += [(vt.group(1) if vt else "", text)] * (int(rep.group(1)) if rep else 1)
            return out
    return None


class SpreadsheetCodesTest(clitest.CliTestCase):
    def test_age_band_and_commune_stay_text(self):
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            self.skipTest("LibreOffice is not installed (tools/setup.sh installs "
                          "libreoffice-calc-nogui for ./tools/test)")
        db = self.init_db()
        with open(test_export.FIXTURE, encoding="utf-8") as f:
            script = f.read()
        script += ("INSERT INTO visit (id, uuid, visitor_id, sex, age_band, commune, arrived_at,"
                   " ended_at, state, channel, help_type, autonomy, duration_min, outcome,"
                   " created_at, updated_at) VALUES (9, 'v0000009', NULL, 'F', '70+', '01001',"
                   " unixepoch('2026-03-28 15:10:00'), unixepoch('2026-03-28 15:20:00'),"
                   " 'termine', 'accueil-spontane', 'information', 'autonome', 10, 'resolu',"
                   " 0, 0);\n")
        p = subprocess.run(["sqlite3", db], input=script, capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        out = self.path("out")
        clock = self.write_file("clock", "2026-03-30T10:00:00Z\n")
        r = self.run_guichet("--db", db, "export", "--date", DAY, "--out", out,
                             env={"GUICHET_CLOCK_FILE": clock})
        self.assert_status(r, 0)
        path = os.path.join(out, test_export.file_name("activite", DAY))
        with open(path, encoding="utf-8-sig") as f:
            header = f.readline().rstrip("\r\n").split(";")
            body = f.read()
        self.assertIn(";70-et-plus;F;01001;", body)
        self.assertNotIn("70+", body)
        commune = header.index("commune") + 1  # LibreOffice counts columns from 1
        # ';' UTF-8, from line 1, the commune column as text (2), French,
        # special numbers detected, spaces trimmed, formulas evaluated
        infilter = "CSV:59,34,76,1,%d/2,1036,false,true,false,false,true,-1,true" % commune
        conv = self.path("lo")
        os.makedirs(conv)
        r = subprocess.run([soffice, "--headless", "--norestore",
                            "-env:UserInstallation=file://%s" % self.path("lo-profil"),
                            "--infilter=" + infilter, "--convert-to", "fods", "--outdir", conv,
                            path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr.decode(errors="replace"))
        with open(os.path.join(conv, os.path.basename(path)[:-4] + ".fods"),
                  encoding="utf-8") as f:
            fods = f.read()
        row = cells(fods, "01001")
        self.assertIsNotNone(row, "the row of the person of 70 or more")
        band = row[header.index("tranche_age")]
        self.assertEqual(band, ("string", "70-et-plus"))
        self.assertEqual(row[header.index("commune")], ("string", "01001"))
        self.assertEqual(row[header.index("matricule")], ("string", test_export.MATRICULE))


if __name__ == "__main__":
    clitest.main()
