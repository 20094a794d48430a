"""No exported cell is ever a formula, in LibreOffice too (issue 12, item 3).

A generated table of dangerous prefixes (every run of spaces, controls and
invisible characters a spreadsheet may skip, before = + - @ and their
full-width and small forms) is stored as motif and service names, behind
guichet's back as a row written before today's input rules would be. The
real export writes them; Python's csv module reads them back (each must be
the apostrophe-prefixed text), then one LibreOffice headless run converts
every exported file, with the project's format (';', BOM, UTF-8) and the
most permissive import options (formulas evaluated, spaces trimmed), to
flat ODS, where no cell may carry a formula. A control file with a bare
=1+1 proves the conversion would show one."""
import csv
import os
import re
import shutil
import sqlite3
import subprocess

import clitest

PREFIXES = ["", " ", "  ", " \t", "\t", "\n", "\r", "\r\n", "\x0b\x0c", "\x1b", "\x7f",
            "\x85", "\u00a0", "\u00ad", "\u1680", "\u2000", "\u2003", "\u200a", "\u200b",
            "\u200c", "\u200d", "\u200e", "\u2028", "\u2029", "\u202f", "\u205f", "\u2060",
            "\u3000", "\ufeff", " \u200b\u3000\t"]
SIGNS = ["=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66", "\ufe62",
         "\ufe63", "\ufe6b"]
PAYLOAD = 'HYPERLINK("http://x";"clic")'
DAY = "2026-03-28"
# LibreOffice's CSV import options: ';' (59), '"' (34), UTF-8 (76), from line 1,
# default column formats, French (1036), quoted field as text = false, detect
# special numbers = true, (export-only), (export-only), remove spaces = true,
# (export-only), evaluate formulas = true
INFILTER = "CSV:59,34,76,1,,1036,false,true,false,false,true,-1,true"


def table():
    return [p + s + PAYLOAD for p in PREFIXES for s in SIGNS]


def visible(text):
    """What the export writes for a stored text: every control character
    (C0, DEL, C1) replaced by U+FFFD (fieldtext.h)."""
    return "".join("\ufffd" if ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f else c for c in text)


class SpreadsheetFormulaTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        self.db = self.init_db()
        values = table()
        con = sqlite3.connect(self.db)
        con.execute("UPDATE site SET created_at = unixepoch('2026-03-27 08:00:00')")
        con.execute("INSERT INTO resource (id, uuid, kind, name, created_at, updated_at) "
                    "VALUES (1, 'r1', 'salle', 'Salle 1', 0, 0)")
        for i, v in enumerate(values, start=1):
            con.execute("INSERT INTO motif (id, uuid, name, duration_min, created_at, "
                        "updated_at) VALUES (?, ?, ?, 30, 0, 0)", (i, "m%d" % i, v))
            start = "%s %02d:%02d:00" % (DAY, 6 + (2 * i) // 60, (2 * i) % 60)
            con.execute("INSERT INTO appointment (id, uuid, resource_id, motif_id, start_at, "
                        "end_at, status, created_at, updated_at) VALUES (?, ?, 1, ?, "
                        "unixepoch(?), unixepoch(?) + 60, 'honore', 0, 0)",
                        (i, "a%d" % i, i, start, start))
        con.commit()
        con.close()
        self.values = values
        clock = self.write_file("clock", "2026-03-30T10:00:00Z\n")
        self.out = self.path("out")
        r = self.run_guichet("--db", self.db, "export", "--date", DAY, "--out", self.out,
                             env={"GUICHET_CLOCK_FILE": clock})
        self.assert_status(r, 0)
        self.rdv = os.path.join(self.out, "rendez-vous-FS-58-0042-%s.csv" % DAY)

    def test_every_dangerous_prefix_is_neutralised_in_the_file(self):
        with open(self.rdv, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f, delimiter=";"))
        col = rows[0].index("motif")
        got = sorted(r[col] for r in rows[1:])
        self.assertEqual(len(got), len(self.values))
        self.assertEqual(got, sorted("'" + visible(v) for v in self.values))

    def test_libreoffice_reads_no_formula(self):
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            self.skipTest("LibreOffice is not installed (tools/setup.sh installs "
                          "libreoffice-calc-nogui for ./tools/test)")
        conv = self.path("lo")
        os.makedirs(conv)
        files = sorted(os.path.join(self.out, n) for n in os.listdir(self.out)
                       if n.endswith(".csv"))
        control = self.write_file("temoin.csv", "\ufeffa;b\r\nx;=1+1\r\n")
        r = subprocess.run([soffice, "--headless", "--norestore",
                            "-env:UserInstallation=file://%s" % self.path("lo-profil"),
                            "--infilter=" + INFILTER, "--convert-to", "fods", "--outdir", conv,
                            control] + files,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr.decode(errors="replace"))
        formula = re.compile(r'<table:table-cell[^>]*\btable:formula=')
        with open(os.path.join(conv, "temoin.fods"), encoding="utf-8") as f:
            self.assertRegex(f.read(), formula, "the control =1+1 must be a formula")
        for path in files:
            name = os.path.basename(path)[:-4] + ".fods"
            with open(os.path.join(conv, name), encoding="utf-8") as f:
                doc = f.read()
            with self.subTest(file=name):
                self.assertNotRegex(doc, formula)
        with open(os.path.join(conv, os.path.basename(self.rdv)[:-4] + ".fods"),
                  encoding="utf-8") as f:
            doc = f.read()
        # every motif reached the sheet, as text
        self.assertEqual(doc.count("HYPERLINK("), len(self.values))


if __name__ == "__main__":
    clitest.main()
