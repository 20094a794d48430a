"""guichet export: the nightly CSV files for the funding partners.

Every file is read back with Python's csv module (an independent parser) and
checked column by column against docs/export-format.md, which this test
parses: column names and order, types, allowed codes (listed in the document
or taken from data/reference/*.csv). Golden files of a small fixture day are
compared byte for byte (BOM, ';', CRLF). A run killed with SIGKILL at random
moments never leaves a truncated file under a final name.
"""
import csv
import datetime
import fcntl
import hashlib
import os
import random
import re
import signal
import sqlite3
import subprocess
import threading
import time
import zoneinfo

import clitest

DAY = "2026-03-28"
MATRICULE = "FS-58-0042"
KINDS = ("activite", "orientations", "rendez-vous", "synthese")
FORMAT_VERSION = "2"
FIXTURE = os.path.join(clitest.SOURCE_DIR, "tests", "cli", "fixtures", "export_day.sql")
DOC = os.path.join(clitest.SOURCE_DIR, "docs", "export-format.md")
REFERENCE = os.path.join(clitest.SOURCE_DIR, "data", "reference")
GOLDEN_FILES = os.path.join(clitest.GOLDEN_DIR, "export", "files")

# Fixture strings that must never leave the site.
SECRETS = [
    "Zorglubovitch", "Hermenegilde", "Bidulesco", "1980-06-15", "33612345678", "0612345678",
    "hermenegilde.z@example.org", "example", "tagalog-rare", "Quetzalcoatlos", "Brunehilde",
    "2010-01-02", "33798765432", "brune.q", "Commentaire-tres-secret", "Rdv-commentaire-secret",
    "Castafiore", "c0ffee00", "v000000", "Raison-confidentielle", "Secrets-Bien", "33386000000",
    "exemple.fr",
]

MASKS = [(re.compile(r"\d+ lignes"), "N lignes")]


def file_name(kind, day):
    return "%s-%s-%s.csv" % (kind, MATRICULE, day)


def day_names(day):
    """The files of one day: four data files, the manifest and its signature."""
    return [file_name(k, day) for k in KINDS + ("manifeste",)] + [
        file_name("manifeste", day) + ".sig"]


RUN_RX = re.compile(rb"^([^;\r\n]*;[0-9]+;)[^;\r\n]*;[0-9a-f-]{36};", re.M)


def stable(name, raw):
    """A file's bytes, but for what changes from run to run by design: the
    manifest's guichet_version and export_run columns are masked, and a
    signature (over those bytes) is left out."""
    if name.endswith(".sig"):
        return b""
    if name.startswith("manifeste-"):
        return RUN_RX.sub(rb"\1<version>;<run>;", raw)
    return raw


def load_reference(name):
    with open(os.path.join(REFERENCE, name), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return {r[0] for r in rows[1:] if r}


def documented_format():
    """{kind: [(column, type, nullable, allowed codes or None)]} from the doc."""
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    files = {}
    sections = re.finditer(r"^## `([a-z-]+)-<matricule>-<date>\.csv`\n(.*?)(?=^## |\Z)", text,
                           re.M | re.S)
    for m in sections:
        cols = []
        for line in m.group(2).splitlines():
            if not line.startswith("| `"):
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            name, typ, values = cells[0].strip("`"), cells[1], cells[2]
            nullable = typ.endswith(" ou vide")
            base = typ.replace(" ou vide", "")
            allowed = None
            ref = re.search(r"([a-z0-9-]+\.csv)", values)
            listed = re.findall(r"`([^`]+)`", values)
            if base == "code" and ref:
                allowed = load_reference(ref.group(1))
            elif base in ("code", "entier") and listed:
                allowed = set(listed)
            cols.append((name, base, nullable, allowed))
        files[m.group(1)] = cols
    return files


TYPE_RX = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "entier": re.compile(r"^-?\d+$"),
    "insee": re.compile(r"^(\d{5}|2[AB]\d{3})$"),
    "empreinte": re.compile(r"^[0-9a-f]{32}$"),
    "sha256": re.compile(r"^[0-9a-f]{64}$"),
    "code": re.compile(r"^[A-Za-z0-9_<+-]+$"),
}


class ExportTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        self.clock = self.write_file("clock", "2026-03-30T10:00:00Z\n")
        self.env["GUICHET_CLOCK_FILE"] = self.clock
        self.fmt = documented_format()
        self.assertEqual(sorted(self.fmt), sorted(KINDS + ("manifeste",)),
                         "docs/export-format.md must describe the five files")

    # ---- helpers ------------------------------------------------------------
    def sql(self, db, script):
        p = subprocess.run(["sqlite3", db], input=script, capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def fixture_db(self):
        db = self.init_db()
        with open(FIXTURE, encoding="utf-8") as f:
            self.sql(db, f.read())
        return db

    def export(self, db, *args, **kw):
        self.db_for_heads = db
        return self.run_guichet("--db", db, "export", *args, **kw)

    def read_table(self, path):
        """The rows of a file, parsed by Python's csv module."""
        with open(path, newline="", encoding="utf-8-sig") as f:
            return list(csv.reader(f, delimiter=";"))

    def check_file(self, path, kind, day):
        """Checks a file's bytes and every cell against the documented format;
        returns its rows (header excluded)."""
        with open(path, "rb") as f:
            raw = f.read()
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"), path)
        self.assertTrue(raw.endswith(b"\r\n"), path)
        self.assertEqual(raw.count(b"\n"), raw.count(b"\r\n"), "CRLF only: " + path)
        rows = self.read_table(path)
        cols = self.fmt[kind]
        self.assertEqual(rows[0], [c[0] for c in cols], "header of " + path)
        for n, row in enumerate(rows[1:], 2):
            self.assertEqual(len(row), len(cols), "%s line %d" % (path, n))
            for value, (name, typ, nullable, allowed) in zip(row, cols):
                where = "%s line %d column %s = %r" % (os.path.basename(path), n, name, value)
                if value == "":
                    self.assertTrue(nullable or typ == "texte", "empty " + where)
                    continue
                if typ == "texte":
                    self.assertNotIn(value[0], "=+-@\t\r", "not neutralised: " + where)
                    continue
                self.assertIn(typ, TYPE_RX, where)
                self.assertRegex(value, TYPE_RX[typ], where)
                if allowed is not None:
                    self.assertIn(value, allowed, where)
            names = [c[0] for c in cols]
            self.assertEqual(names[0], "matricule")
            self.assertEqual(row[0], MATRICULE, "every row names the site")
            self.assertEqual(row[names.index("date")], day)
        return rows[1:]

    def check_manifest(self, out, day):
        """When the day's manifest exists, every file it lists matches it."""
        mpath = os.path.join(out, file_name("manifeste", day))
        if not os.path.exists(mpath):
            return False
        rows = self.check_file(mpath, "manifeste", day)
        names = [c[0] for c in self.fmt["manifeste"]]
        rows = [dict(zip(names, r)) for r in rows]
        self.assertEqual([r["fichier"] for r in rows], [file_name(k, day) for k in KINDS])
        # the run: one uuid, its period around the day, this format version
        runs = {(r["format_version"], r["guichet_version"], r["export_run"],
                 r["periode_debut"], r["periode_fin"]) for r in rows}
        self.assertEqual(len(runs), 1)
        version, _guichet, run, first, last = runs.pop()
        self.assertEqual(version, FORMAT_VERSION)
        self.assertRegex(run, r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        self.assertTrue(first <= day <= last, (first, day, last))
        # the journal head at the end of the day, the same on every row
        local = datetime.datetime.strptime(day, "%Y-%m-%d").replace(
            tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
        end = int((local + datetime.timedelta(days=1)).timestamp())
        heads = {(r["journal_tete"], r["journal_sha256"]) for r in rows}
        self.assertEqual(len(heads), 1)
        self.assertEqual(heads.pop(), self.journal_head_before(end))
        for name, lines, size, sha in ((r["fichier"], r["lignes"], r["octets"], r["sha256"])
                                       for r in rows):
            with open(os.path.join(out, name), "rb") as f:
                raw = f.read()
            self.assertEqual(hashlib.sha256(raw).hexdigest(), sha, name)
            self.assertEqual(len(raw), int(size), name)
            self.assertEqual(len(self.read_table(os.path.join(out, name))) - 1, int(lines), name)
        return True

    def journal_head_before(self, end):
        """(id, hash) of the journal entry latest before the local instant end, as text."""
        con = sqlite3.connect("file:%s?mode=ro" % self.db_for_heads, uri=True)
        try:
            row = con.execute("SELECT id, hash FROM audit WHERE at < ? ORDER BY at DESC, id DESC "
                              "LIMIT 1", (end,)).fetchone()
        finally:
            con.close()
        return (str(row[0]), row[1]) if row else ("0", "")

    def final_files(self, out):
        return sorted(n for n in os.listdir(out) if not n.startswith("."))

    def temp_files(self, out):
        return sorted(n for n in os.listdir(out) if n.endswith(".tmp"))

    # ---- tests --------------------------------------------------------------
    def test_golden_day_byte_for_byte(self):
        db = self.fixture_db()
        out = self.path("out")
        r = self.export(db, "--date", DAY, "--out", out)
        self.assert_golden("export/quiet", r)
        self.assertEqual(self.final_files(out), sorted(day_names(DAY)))
        for name in self.final_files(out):
            with open(os.path.join(out, name), "rb") as f:
                got = stable(name, f.read())
            golden = os.path.join(GOLDEN_FILES, name)
            if clitest.UPDATE:
                os.makedirs(GOLDEN_FILES, exist_ok=True)
                with open(golden, "wb") as f:
                    f.write(got)
                continue
            with open(golden, "rb") as f:
                self.assertEqual(got, f.read(), "golden " + name)
        for name in self.final_files(out):
            mode = os.stat(os.path.join(out, name)).st_mode
            self.assertEqual(mode & 0o007, 0, "no permission for others on " + name)

    def test_date_typed_the_french_way_is_the_same_day(self):
        # issue 13 defect 7: --date 28/03/2026 was refused (AAAA-MM-JJ only)
        db = self.fixture_db()
        for i, typed in enumerate(("28/03/2026", "28032026")):
            out = self.path("out-fr-%d" % i)
            self.assert_status(self.export(db, "--date", typed, "--out", out), 0)
            self.assertEqual(self.final_files(out), sorted(day_names(DAY)))
            for name in self.final_files(out):
                with open(os.path.join(out, name), "rb") as f, \
                        open(os.path.join(GOLDEN_FILES, name), "rb") as g:
                    self.assertEqual(stable(name, f.read()), g.read(), "golden " + name)
        out = self.path("out-range")
        r = self.export(db, "--from", "27/03/2026", "--to", "28/03/26", "--out", out)
        self.assert_status(r, 0)
        self.assertIn(file_name("synthese", "2026-03-27"), self.final_files(out))
        self.assertIn(file_name("synthese", DAY), self.final_files(out))

    def test_every_file_matches_the_documented_format(self):
        db = self.fixture_db()
        out = self.path("out")
        self.assert_status(self.export(db, "--from", "2026-03-27", "--to", "2026-03-29",
                                       "--out", out), 0)
        files = self.final_files(out)
        self.assertEqual(len(files), 18)
        for day in ("2026-03-27", DAY, "2026-03-29"):
            for kind in KINDS:
                self.check_file(os.path.join(out, file_name(kind, day)), kind, day)
            self.assertTrue(self.check_manifest(out, day))

        act = self.read_table(os.path.join(out, file_name("activite", DAY)))
        self.assertEqual(len(act) - 1, 3)  # 23:30 UTC on Saturday is Sunday in Paris
        anonymous = [r for r in act[1:] if r[4] == "telephone"][0]
        self.assertEqual(anonymous[-1], "")  # no pseudonym for an anonymous request
        pseudos = {r[-1] for r in act[1:] if r[-1]}
        self.assertEqual(len(pseudos), 2)
        sunday = self.read_table(os.path.join(out, file_name("activite", "2026-03-29")))
        self.assertEqual(len(sunday) - 1, 1)
        self.assertIn(sunday[1][-1], pseudos)  # the same visitor, the same key

        # text cells starting with = + - @ come back as text with a leading '
        rdv = self.read_table(os.path.join(out, file_name("rendez-vous", DAY)))
        self.assertEqual(rdv[1][4], "'=HYPERLINK(\"http://x\";\"clic\")")
        self.assertEqual(rdv[2][4], "Atelier numérique; débutants")
        self.assertEqual(rdv[1][10], "-1")  # a negative number is left alone
        ori = self.read_table(os.path.join(out, file_name("orientations", DAY)))
        self.assertEqual([r[3] for r in ori[1:]],
                         ["CAF de la Nièvre", "'@Épicerie solidaire", "'-Ressourcerie du Morvan"])

        syn = self.read_table(os.path.join(out, file_name("synthese", DAY)))
        counts = {(r[2], r[3], r[4]): int(r[5]) for r in syn[1:] if r[2] != "avis"}
        self.assertEqual(counts[("total", "", "")], 2)
        self.assertEqual(counts[("etat", "parti", "")], 1)
        self.assertEqual(counts[("operateur", "caf", "accompagnement")], 1)
        self.assertEqual(counts[("operateur", "cpam", "accompagnement")], 1)

        for name in (n for n in files if not n.endswith(".sig")):
            with open(os.path.join(out, name), "rb") as f:
                raw = f.read().decode("utf-8")
            for s in SECRETS:
                self.assertNotIn(s, raw, "%s leaks %r" % (name, s))

    def test_answers_are_counts_masked_on_a_quiet_day(self):
        db = self.fixture_db()

        def answers(n, solved, level):
            self.sql(db, "".join(
                "INSERT INTO satisfaction_answer (id, day, channel, help_type, solved, "
                "satisfied) VALUES (randomblob(16), '%s', 'accueil-spontane', 'information', "
                "'%s', %d);" % (DAY, solved, level) for _ in range(n)))

        def avis(out):
            syn = self.check_file(os.path.join(out, file_name("synthese", DAY)), "synthese", DAY)
            return {r[3]: r[5] for r in syn if r[2] == "avis"}

        answers(3, "oui", 4)
        answers(1, "non", 1)
        out = self.path("quiet")
        self.assert_status(self.export(db, "--date", DAY, "--out", out), 0)
        got = avis(out)
        self.assertEqual(got["reponses"], "4")
        # fewer than 5 answers: every answer's row is there, empty (masked)
        self.assertEqual(sorted(got), sorted(["reponses", "probleme-oui", "probleme-en-partie",
                                              "probleme-non"] +
                                             ["satisfaction-%d" % i for i in range(1, 5)]))
        self.assertEqual({k: v for k, v in got.items() if k != "reponses"},
                         {k: "" for k in got if k != "reponses"})
        answers(1, "en-partie", 3)
        out = self.path("busy")
        self.assert_status(self.export(db, "--date", DAY, "--out", out), 0)
        got = avis(out)
        self.assertEqual((got["reponses"], got["probleme-oui"], got["probleme-en-partie"],
                          got["probleme-non"], got["satisfaction-1"], got["satisfaction-3"],
                          got["satisfaction-4"], got["satisfaction-2"]),
                         ("5", "3", "1", "1", "1", "1", "3", "0"))

    def test_switched_off_dimensions_keep_their_columns(self):
        db = self.fixture_db()
        ini = self.write_file("guichet.ini", "[export]\ncommune = non\nage_band = non\n"
                                             "sex = non\npseudonym = non\n")
        out = self.path("out")
        r = self.run_guichet("--config", ini, "--db", db, "export", "--date", DAY, "--out", out)
        self.assert_status(r, 0)
        rows = self.check_file(os.path.join(out, file_name("activite", DAY)), "activite", DAY)
        self.assertEqual(len(rows), 3)
        for row in rows:
            self.assertEqual(row[-4:], ["", "", "", ""])

    def test_rerun_is_byte_identical(self):
        db = self.fixture_db()
        a, b = self.path("a"), self.path("b")
        self.assert_status(self.export(db, "--from", "2026-03-27", "--out", a), 0)
        with open(self.clock, "w") as f:
            f.write("2026-04-02T21:00:00Z\n")  # days later
        self.assert_status(self.export(db, "--from", "2026-03-27", "--to", "2026-03-29",
                                       "--out", b), 0)
        self.assertEqual(self.final_files(a), self.final_files(b))
        for name in self.final_files(a):
            with open(os.path.join(a, name), "rb") as f, open(os.path.join(b, name), "rb") as g:
                self.assertEqual(stable(name, f.read()), stable(name, g.read()), name)

    def test_catch_up_after_three_days_off(self):
        db = self.fixture_db()
        self.sql(db, "UPDATE site SET created_at = unixepoch('2026-03-20 08:00:00');"
                     "WITH RECURSIVE d(x) AS (SELECT '2026-03-20' UNION ALL"
                     " SELECT date(x, '+1 day') FROM d WHERE x < '2026-03-26')"
                     " INSERT INTO export_run (day, outdir, started_at, at, status)"
                     " SELECT x, '/ailleurs', 0, 0, 'ok' FROM d;")
        out = self.path("outbox")
        ini = self.write_file("guichet.ini", "[export]\ndir = %s\n" % out)
        r = self.run_guichet("--config", ini, "--db", db, "export", "--verbose")
        self.assert_golden("export/catch-up", r, masks=MASKS)
        self.assertEqual(self.final_files(out),
                         sorted(n for d in ("2026-03-27", DAY, "2026-03-29")
                                for n in day_names(d)))
        # the next night: nothing to do, quietly
        r = self.run_guichet("--config", ini, "--db", db, "export")
        self.assert_golden("export/quiet", r)
        r = self.run_guichet("--config", ini, "--db", db, "export", "--verbose")
        self.assert_golden("export/up-to-date", r)
        self.assertEqual(self.sql(db, "SELECT count(*) FROM export_run WHERE outdir = '%s';"
                                  % out), "3\n")
        self.assertEqual(self.sql(db, "SELECT count(*) FROM audit WHERE action = 'export-run';"),
                         "3\n")

    def test_trial_export_elsewhere_does_not_count(self):
        # issue 11: `guichet export --out ELSEWHERE` (a trial) marked its days
        # as exported, and the nightly run never sent them to the outbox
        db = self.fixture_db()
        self.sql(db, "UPDATE site SET created_at = unixepoch('2026-03-27 08:00:00');")
        box, trial = self.path("outbox"), self.path("essai")
        ini = self.write_file("guichet.ini", "[export]\ndir = %s\n" % box)
        self.db_for_heads = db
        r = self.run_guichet("--config", ini, "--db", db, "export", "--out", trial)
        self.assert_status(r, 0)
        r = self.run_guichet("--config", ini, "--db", db, "export", "--date", DAY, "--out", trial)
        self.assert_status(r, 0)
        self.assertEqual(len([n for n in self.final_files(trial) if n.endswith(".sig")]), 3)
        r = self.run_guichet("--config", ini, "--db", db, "export")
        self.assert_status(r, 0)
        for day in ("2026-03-27", DAY, "2026-03-29"):
            self.assertTrue(self.check_manifest(box, day), day)
        self.assertEqual(self.sql(db, "SELECT outbox, count(*) FROM export_run GROUP BY outbox"
                                      " ORDER BY outbox;"), "0|4\n1|3\n")

    def test_bad_dates_and_usage(self):
        db = self.fixture_db()
        out = self.path("out")
        self.assert_golden("export/impossible-date", self.export(db, "--date", "2026-02-30",
                                                                 "--out", out))
        self.assert_golden("export/not-a-date", self.export(db, "--date", "hier",
                                                            "--out", out))
        self.assert_golden("export/today", self.export(db, "--date", "2026-03-30", "--out", out))
        self.assert_golden("export/reversed", self.export(db, "--from", "2026-03-29", "--to",
                                                          "2026-03-27", "--out", out))
        self.assert_golden("export/date-and-range", self.export(db, "--date", DAY, "--from", DAY))
        self.assert_golden("export/to-alone", self.export(db, "--to", DAY))
        self.assert_golden("export/unknown-option", self.export(db, "--hier"))
        self.assert_golden("export/bad-wait", self.export(db, "--wait", "bientot"))
        self.assertFalse(os.path.exists(out) and self.final_files(out))
        self.assertEqual(self.sql(db, "SELECT count(*) FROM export_run;"), "0\n")

    def test_outbox_that_cannot_be_written(self):
        db = self.fixture_db()
        blocker = self.write_file("pas-un-dossier", "x\n")
        r = self.export(db, "--date", DAY, "--out", blocker)
        self.assert_golden("export/outbox-is-a-file", r)
        self.assert_status(self.export(self.path("absente.db"), "--date", DAY), 4)

    def test_second_export_waits_or_refuses(self):
        db = self.fixture_db()
        out = self.path("out")
        os.makedirs(out)
        with open(os.path.join(out, ".guichet-export.lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # an export is running
            r = self.export(db, "--date", DAY, "--out", out, "--wait", "0")
            self.assert_golden("export/busy", r)
            self.assertEqual(self.final_files(out), [])
            # with --wait, the second one runs as soon as the first is over
            timer = threading.Timer(0.5, lambda: fcntl.flock(lock, fcntl.LOCK_UN))
            timer.start()
            r = self.export(db, "--date", DAY, "--out", out, "--wait", "60")
            timer.join()
        self.assert_status(r, 0)
        self.assertTrue(self.check_manifest(out, DAY))

    def test_sigkill_never_leaves_a_truncated_file(self):
        db = self.fixture_db()
        # enough rows for a run to take a little while
        self.sql(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                     " WHERE i < 15000)"
                     " INSERT INTO visit (uuid, visitor_id, sex, age_band, commune, arrived_at,"
                     " ended_at, state, channel, help_type, autonomy, duration_min, outcome,"
                     " created_at, updated_at)"
                     " SELECT printf('bulk-%06d', i), CASE WHEN i % 3 = 0 THEN 1 END, 'F',"
                     " '25-39', '58079', unixepoch('2026-03-27 06:00:00') + (i % 3) * 86400"
                     " + (i * 7) % 43200, unixepoch('2026-03-27 06:10:00') + (i % 3) * 86400"
                     " + (i * 7) % 43200, 'termine', 'accueil-spontane', 'information',"
                     " 'autonome', 10, 'resolu', 0, 0 FROM n;")
        days = ("2026-03-27", DAY, "2026-03-29")
        args = ("--from", days[0], "--to", days[-1], "--wait", "0")
        ref = self.path("reference")
        start = time.monotonic()
        self.assert_status(self.export(db, *args, "--out", ref), 0)
        duration = max(time.monotonic() - start, 0.05)
        reference = {}
        for name in self.final_files(ref):
            with open(os.path.join(ref, name), "rb") as f:
                reference[name] = stable(name, f.read())

        out = self.path("out")
        rng = random.Random(20260328)
        for _ in range(30):
            p = subprocess.Popen([clitest.BIN, "--db", db, "export", *args, "--out", out],
                                 env=self.env, cwd=self.tmp, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0, duration * 1.2))
            p.send_signal(signal.SIGKILL)
            p.wait()
            if not os.path.isdir(out):
                continue
            # whatever is under a final name is complete: the very bytes of a
            # full run; a manifest present matches its files
            for name in self.final_files(out):
                with open(os.path.join(out, name), "rb") as f:
                    self.assertEqual(stable(name, f.read()), reference[name],
                                     "truncated or wrong: " + name)
            for day in days:
                self.check_manifest(out, day)
        r = self.export(db, *args, "--out", out, "--verbose")
        self.assert_status(r, 0)
        self.assertEqual(self.temp_files(out), [], "the next run removes leftovers")
        self.assertEqual(self.final_files(out), sorted(reference))
        for day in days:
            self.assertTrue(self.check_manifest(out, day))

    def test_leftover_temp_files_are_removed(self):
        db = self.fixture_db()
        out = self.path("out")
        os.makedirs(out)
        left = os.path.join(out, ".guichet-%s.0123456789ab.tmp" % file_name("activite", DAY))
        with open(left, "w") as f:
            f.write("date;tranche")  # half a file from a killed run
        r = self.export(db, "--date", DAY, "--out", out, "--verbose")
        self.assert_golden("export/leftovers", r, masks=MASKS)
        self.assertFalse(os.path.exists(left))


if __name__ == "__main__":
    clitest.main()
