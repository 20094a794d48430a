"""Control characters: refused at the core boundary, never printed raw,
never written byte for byte to the funders' CSV (issue 12, item 2).

`guichet agenda ressource add "$(printf 'Salle\\033[2J\\033]52;c;ZXZpbA==\\007')"`
used to be accepted, and ESC/BEL went to the terminal on echo and list."""
import csv
import os
import sqlite3

import clitest

HOSTILE = "Salle\x1b[2J\x1b]52;c;ZXZpbA==\x07"
CONTROLS = [HOSTILE, "Bureau\t2", "Deux\nlignes", "Retour\rchariot", "Suppr\x7f", "C1\x9b2J"]
NOW = "2026-11-30T09:00:00Z"


def raw_controls(text):
    """Control characters in text, LF aside (the line ends of the output)."""
    return [c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) <= 0x9f]


class ControlCharsTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        self.db = self.init_db()
        self.env["GUICHET_CLOCK_FILE"] = self.write_file("clock", NOW + "\n")

    def g(self, *args, stdin=""):
        r = self.run_guichet("--db", self.db, *args, stdin=stdin)
        self.assertEqual(raw_controls(r.stdout + r.stderr), [], r)
        return r

    def count(self, sql):
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()

    def sql(self, sql, *params):
        con = sqlite3.connect(self.db)
        con.execute(sql, params)
        con.commit()
        con.close()

    def refused(self, r, label):
        self.assert_status(r, 3)
        self.assertIn("%s : caractère de contrôle interdit (U+" % label, r.stderr)

    def test_the_issues_resource_name_is_refused(self):
        r = self.g("agenda", "ressource", "add", HOSTILE, "--type", "salle")
        self.refused(r, "Nom")
        self.assertIn("U+001B, échappement", r.stderr)
        self.assertEqual(self.count("SELECT count(*) FROM resource"), 0)

    def test_every_text_field_of_the_commands(self):
        journal = self.count("SELECT count(*) FROM audit")
        for bad in CONTROLS:
            with self.subTest(value=repr(bad)):
                self.refused(self.g("agenda", "ressource", "add", bad, "--type", "salle"), "Nom")
                self.refused(self.g("agenda", "ressource", "add", "Salle", "--type", "salle",
                                    "--lieu", bad), "Bureau ou salle")
                self.refused(self.g("agenda", "motif", "add", bad, "--duree", "30"), "Nom")
                self.refused(self.g("agenda", "motif", "add", "Retraite", "--duree", "30",
                                    "--apporter", bad), "À apporter")
                self.refused(self.g("user", "add", "agathe", "--role", "accueil", "--name", bad,
                                    "--local-admin", "--password-stdin",
                                    stdin="mot-de-passe-agathe\n"), "Nom affiché")
        self.assertEqual(self.count("SELECT count(*) FROM resource"), 0)
        self.assertEqual(self.count("SELECT count(*) FROM motif"), 0)
        self.assertEqual(self.count("SELECT count(*) FROM app_user"), 1)
        # only the owner's local-admin entries: nothing else was journaled
        self.assertEqual(self.count("SELECT count(*) FROM audit WHERE action <> 'local-admin'"),
                         journal)
        # the closing of a day: its free text
        self.g("agenda", "ressource", "add", "CAF", "--type", "permanence")
        self.g("agenda", "motif", "add", "Retraite", "--duree", "30")
        self.assert_status(self.g("agenda", "ouverture", "add", "CAF", "--motifs", "1", "--debut",
                                  "2026-12-01", "--de", "09:00", "--a", "12:00",
                                  "--chaque-semaine", "--jours", "MA"), 0)
        r = self.g("agenda", "ferme", "CAF", "2026-12-08", "--raison", "ferie", "--motif", HOSTILE)
        self.refused(r, "Motif")
        self.assertEqual(self.count("SELECT count(*) FROM availability_exception"), 0)
        # init: the site's and the first manager's names
        for flag, label in (("--site-name", "Nom du site"), ("--admin-name", "Nom affiché")):
            args = {"--site-name": "France Services", "--admin-name": "Sophie"}
            args[flag] = HOSTILE
            db = self.path("neuve-%s.db" % flag[2:])
            r = self.run_guichet("--db", db, "init", "--matricule", "FS-58-0042", "--site-name",
                                 args["--site-name"], "--admin", "sophie", "--admin-name",
                                 args["--admin-name"], "--commune", "58079", "--password-stdin",
                                 stdin="mot-de-passe-sophie\n")
            self.refused(r, label)
            self.assertEqual(raw_controls(r.stdout + r.stderr), [])
            self.assertFalse(os.path.exists(db))

    def test_import_reports_the_line(self):
        csv_path = self.write_file("services.csv",
                                   "id;source;nom\n"
                                   "a;local;CAF de la Nièvre\n"
                                   "b;local;\"" + HOSTILE + "\"\n"
                                   "c;local;Mairie\tannexe\n")
        r = self.g("import", "services", csv_path)
        self.assert_status(r, 3)
        self.assertIn("ligne 3", r.stderr + r.stdout)
        self.assertIn("ligne 4", r.stderr + r.stdout)
        self.assertIn("colonne « nom » : caractère de contrôle interdit (U+001B", r.stderr + r.stdout)
        self.assertNotIn("ligne 2", r.stderr + r.stdout)
        self.assertEqual(self.count("SELECT count(*) FROM service"), 0)

    def test_rows_stored_before_the_rule_are_shown_with_a_placeholder(self):
        self.sql("INSERT INTO resource (uuid, kind, name, place, created_at, updated_at) "
                 "VALUES ('r1', 'salle', ?, ?, 0, 0)", HOSTILE + "\nX", "Bureau\t2")
        self.sql("INSERT INTO motif (uuid, name, duration_min, to_bring, created_at, updated_at) "
                 "VALUES ('m1', ?, 30, ?, 0, 0)", "Motif\x1b[5m", "Avis\x07")
        self.sql("UPDATE app_user SET display_name = ? WHERE login = 'sophie'", "Sophie\x1b]0;X\x07")
        for args in (("agenda", "ressource", "list"), ("agenda", "motif", "list"),
                     ("user", "list")):
            r = self.g(*args)  # g() asserts no control character reached the output
            self.assert_status(r, 0)
            self.assertIn("\ufffd", r.stdout)
        r = self.g("agenda", "ressource", "list")
        self.assertIn("Salle\ufffd[2J\ufffd]52;c;ZXZpbA==\ufffd\ufffdX", r.stdout)

    def test_export_never_writes_a_stored_control_character(self):
        # a motif with ESC, LF and TAB stored before the rule, booked on 2 March
        self.sql("UPDATE site SET created_at = unixepoch('2026-03-01 08:00:00')")
        self.sql("INSERT INTO resource (id, uuid, kind, name, created_at, updated_at) "
                 "VALUES (1, 'r1', 'salle', 'Salle 1', 0, 0)")
        motif = "Dossier\x1b[31m\nretraite\tRSA"
        self.sql("INSERT INTO motif (id, uuid, name, duration_min, created_at, updated_at) "
                 "VALUES (1, 'm1', ?, 30, 0, 0)", motif)
        self.sql("INSERT INTO appointment (uuid, resource_id, motif_id, start_at, end_at, status, "
                 "created_at, updated_at) VALUES ('a1', 1, 1, unixepoch('2026-03-02 09:00:00'), "
                 "unixepoch('2026-03-02 09:30:00'), 'honore', 0, 0)")
        self.write_file("clock", "2026-03-03T10:00:00Z\n")
        out = self.path("out")
        self.assert_status(self.g("export", "--date", "2026-03-02", "--out", out), 0)
        path = os.path.join(out, "rendez-vous-FS-58-0042-2026-03-02.csv")
        with open(path, "rb") as f:
            raw = f.read()
        for b in (b"\x1b", b"\t", b"Dossier\x1b", b"retraite\tRSA", b"\x1b[31m\nretraite"):
            self.assertNotIn(b, raw)
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f, delimiter=";"))
        self.assertEqual(len(rows), 2)  # the header and the one appointment: no broken row
        self.assertIn("Dossier\ufffd[31m\ufffdretraite\ufffdRSA", rows[1])


if __name__ == "__main__":
    clitest.main()
