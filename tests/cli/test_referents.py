"""guichet referents: import a CSV as a spreadsheet saves it (';', BOM, CRLF),
list the referents in post, export them and read the file back with
Python's csv module, replace a referent through the import and see the
history; a bad line is reported with its number and nothing is written; a
reception account may not import."""
import csv
import os
import re
import sqlite3

import clitest

NOW = "2026-03-31T07:00:00Z"  # Tuesday, 09:00 in Paris
UUID = (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "UUID")

GOOD = ("\ufeffoperateur;service;nom;fonction;telephone;courriel;canal;jours;debut\r\n"
        "caf;;Claire Dubois;Référente partenaires France Services;03 86 00 00 01;"
        "partenaires@caf.example.org;portail partenaire;\"Tu,Th 09:00-12:00; PH off\";01/01/2025\r\n"
        "cpam;;Nadia Belkacem;Correspondante France Services;;fs@cpam.example.org;"
        "adresse fonctionnelle;Mo-Fr 09:00-12:00;2025-06-01\r\n"
        ";local:mission-locale;Julien Morvan;Conseiller référent;03 86 00 10 12;;;;2025-09-01\r\n")

BAD = ("operateur;service;nom;courriel;jours;debut\n"
       "caf;;Claire Dubois;partenaires@caf.example.org;;2025-01-01\n"
       "caf;;Paul Renaud;pas-une-adresse;;2025-01-01\n"
       "cpam;;Nadia Belkacem;;Lundi matin;2025-01-01\n"
       ";local:inconnu;Qui Ça;;;2025-01-01\n"
       "caf;;;;;2025-01-01\n")


class ReferentsTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        self.env["GUICHET_CLOCK_FILE"] = self.write_file("clock", NOW + "\n")
        self.db = self.init_db()
        con = sqlite3.connect(self.db)
        con.execute("INSERT INTO service (uuid, source, source_id, name, created_at, updated_at) "
                    "VALUES ('s1', 'local', 'mission-locale', 'Mission locale', 0, 0)")
        con.commit()
        con.close()

    def ref(self, *args, stdin=""):
        # an import says who acts: the file's owner (this test's account)
        # unless a responsable is named with --as
        who = ("--local-admin",) if args[0] == "import" and "--as" not in args else ()
        return self.run_guichet("--db", self.db, "referents", *args, *who, stdin=stdin)

    def count(self):
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            return con.execute("SELECT count(*) FROM referent").fetchone()[0]
        finally:
            con.close()

    def test_import_list_export_replace(self):
        path = self.write_file("referents.csv", GOOD)
        r = self.ref("import", path, "--dry-run")
        self.assert_golden("referents/import-dry-run", r)
        self.assertEqual(self.count(), 0)
        r = self.ref("import", path)
        self.assert_golden("referents/import", r)
        self.assertEqual(self.count(), 3)
        r = self.ref("list")
        self.assert_status(r, 0)
        self.assert_golden("referents/list", r, [UUID])
        self.assertIn("Claire Dubois — Référente partenaires France Services", r.stdout)
        self.assertIn("Répond : mardi", r.stdout)

        out = self.path("export.csv")
        r = self.ref("export", "--out", out)
        self.assert_golden("referents/export", r)
        with open(out, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f, delimiter=";"))
        self.assertEqual(rows[0], ["uuid", "operateur", "service", "nom", "fonction", "telephone",
                                   "courriel", "canal", "jours", "debut", "fin", "remplace"])
        self.assertEqual(len(rows), 4)
        by_name = {row[3]: row for row in rows[1:]}
        claire = by_name["Claire Dubois"]
        self.assertEqual(claire[1:3], ["caf", ""])
        self.assertEqual(claire[5], "03 86 00 00 01")
        self.assertEqual(claire[8], "Tu,Th 09:00-12:00; PH off")
        self.assertEqual(claire[9:], ["2025-01-01", "", ""])
        self.assertEqual(by_name["Julien Morvan"][2], "local:mission-locale")
        # the exported file imports back unchanged
        r = self.ref("import", out)
        self.assertIn("0 créé(s), 0 remplacé(s), 0 mis à jour, 3 inchangé(s)", r.stdout)

        # Claire leaves on 28 February... as the new referent starts on 1 March
        repl = self.write_file("remplacement.csv",
                               "operateur;nom;telephone;debut;remplace\n"
                               "caf;Paul Renaud;03 86 00 00 09;2026-03-01;%s\n" % claire[0])
        r = self.ref("import", repl)
        self.assertIn("0 créé(s), 1 remplacé(s)", r.stdout)
        r = self.ref("list", "--operateur", "caf")
        self.assertIn("Paul Renaud", r.stdout)
        self.assertNotIn("Claire Dubois", r.stdout)
        r = self.ref("list", "--operateur", "caf", "--historique")
        self.assertIn("En fonction du 01/01/2025 au 28/02/2026", r.stdout)
        self.assertNotIn("En fonction jusqu'au", r.stdout)  # the period once, not twice
        self.assertIn("En fonction depuis le 01/03/2026, remplace Claire Dubois", r.stdout)
        r = self.ref("list", "--service", "local:mission-locale")
        self.assertIn("Julien Morvan", r.stdout)
        self.assertNotIn("Paul Renaud", r.stdout)
        # once a replacement is made, the export (its line names whom Paul
        # replaced) still imports back unchanged
        out2 = self.path("export2.csv")
        self.assert_status(self.ref("export", "--out", out2), 0)
        with open(out2, encoding="utf-8-sig", newline="") as f:
            paul = [row for row in csv.reader(f, delimiter=";") if row[3] == "Paul Renaud"][0]
        self.assertEqual(paul[11], claire[0])
        self.assertTrue(paul[0])
        r = self.ref("import", out2)
        self.assert_status(r, 0)
        self.assertIn("0 créé(s), 0 remplacé(s), 0 mis à jour, 4 inchangé(s)", r.stdout)
        # both columns filled for anything else is still refused
        bad = self.write_file("deux.csv", "uuid;operateur;nom;debut;remplace\n"
                                          "%s;caf;Claire Dubois;2025-01-01;%s\n"
                                          % (claire[0], paul[0]))
        r = self.ref("import", bad)
        self.assert_status(r, 3)
        self.assertIn("pas les deux", r.stderr)

    def test_bad_lines_are_all_reported_and_nothing_is_written(self):
        r = self.ref("import", self.write_file("mauvais.csv", BAD))
        self.assert_golden("referents/import-bad", r)
        self.assert_status(r, 3)
        self.assertEqual(self.count(), 0)
        r = self.ref("list", "--operateur", "nope")
        self.assert_golden("referents/list-bad-operator", r)
        r = self.ref("export")
        self.assert_golden("referents/export-no-out", r)
        self.assert_status(r, 2)

    def test_reception_account_may_not_import(self):
        r = self.run_guichet("--db", self.db, "user", "add", "agathe", "--role", "accueil", "--local-admin",
                             "--password-stdin", stdin="mot-de-passe-agathe\n")
        self.assert_status(r, 0)
        r = self.ref("import", self.write_file("referents.csv", GOOD), "--as", "agathe",
                     "--password-stdin", stdin="mot-de-passe-agathe\n")
        self.assert_golden("referents/import-refused", r)
        self.assert_status(r, 5)
        self.assertEqual(self.count(), 0)


if __name__ == "__main__":
    clitest.main()
