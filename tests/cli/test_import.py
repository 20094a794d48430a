"""guichet import services: messages, exit codes, all or nothing, idempotence."""
import os
import subprocess

import clitest

HEADER = ("id;source;nom;structure;description;thematiques;adresse;code_postal;commune;"
          "code_insee;telephone;courriel;lien_source;horaires_accueil;modes_accueil;frais;"
          "operateur")

GOOD = (
    HEADER + "\n"
    "ccas;local;CCAS de Clamecy;Ville de Clamecy;Aides facultatives;"
    "difficultes-financieres;1 place du Général Sarrail;58500;Clamecy;58079;"
    "03 86 27 00 00;ccas@clamecy.example;https://clamecy.example;"
    "\"Mo-Fr 08:30-12:00,13:30-17:00; PH off\";en-presentiel;gratuit;\n"
    "ml;local;Mission locale;;Jeunes de 16 à 25 ans;trouver-un-emploi;;58500;Clamecy;;;;;"
    "Tu,Th 09:00-12:00;en-presentiel;gratuit;\n")

# ';' separated, with a BOM and CRLF line ends; lines 3, 4, 5, 6 and 7 are bad
BAD = (
    "\ufeff" + HEADER + "\r\n"
    "ok;local;Bon service;;;famille;;58500;;;;;;;;;\r\n"
    "b;local;Mauvais thème;;;famille--inconnu;;;;;;;;;;;\r\n"
    "c;local;Mauvais code postal;;;;;5850;;;;;;;;;\r\n"
    "d;local;Mauvais horaires;;;;;;;;;;;Lu-Ve 9h-12h;;;\r\n"
    "e;local;Trop court;;\r\n"
    "f;local;Mauvais opérateur;;;;;;;;;;;;;;pole-emploi\r\n")


class ImportTest(clitest.CliTestCase):
    def count(self, db, sql):
        p = subprocess.run(["sqlite3", db, sql], check=True, capture_output=True, text=True)
        return int(p.stdout.strip())

    def test_national_file_imports_then_reimports_unchanged(self):
        db = self.init_db()
        national = os.path.join(clitest.SOURCE_DIR, "data", "services-national.csv")
        r = self.run_guichet("--db", db, "import", "services", national)
        self.assert_golden("import/national", r)
        n = self.count(db, "SELECT count(*) FROM service")
        self.assertEqual(n, 12)
        r = self.run_guichet("--db", db, "import", "services", national)
        self.assert_golden("import/national-again", r)
        self.assertEqual(self.count(db, "SELECT count(*) FROM service"), n)
        self.assertEqual(
            self.count(db, "SELECT count(*) FROM audit WHERE action = 'services-import'"), 2)

    def test_update_counts(self):
        db = self.init_db()
        p = self.write_file("services.csv", GOOD)
        self.assert_status(self.run_guichet("--db", db, "import", "services", p), 0)
        changed = GOOD.replace("03 86 27 00 00", "03 86 27 11 11") + \
            "ep;local;Épicerie solidaire;;;;;;;;;;;;;;\n"
        p = self.write_file("services2.csv", changed)
        r = self.run_guichet("--db", db, "import", "services", p)
        self.assert_golden("import/update", r)
        self.assertEqual(self.count(db, "SELECT count(*) FROM service"), 3)
        self.assertEqual(self.count(db, "SELECT count(*) FROM service WHERE phone = "
                                        "'03 86 27 11 11'"), 1)

    def test_bad_lines_are_all_listed_and_nothing_is_imported(self):
        db = self.init_db()
        p = self.write_file("bad.csv", BAD, mode="w")
        r = self.run_guichet("--db", db, "import", "services", p)
        self.assert_golden("import/bad-lines", r)
        self.assertEqual(r.status, 3)
        self.assertEqual(self.count(db, "SELECT count(*) FROM service"), 0)
        self.assertEqual(
            self.count(db, "SELECT count(*) FROM audit WHERE action = 'services-import'"), 0)
        # a dry run reports the same lines
        r2 = self.run_guichet("--db", db, "import", "services", p, "--dry-run")
        self.assertEqual(r2.status, 3)
        self.assertEqual(r2.stderr, r.stderr)

    def test_invalid_utf8_and_comma_separator(self):
        db = self.init_db()
        p = self.write_file("latin1.csv",
                            b"id,source,nom\n1,local,Caf\xe9 social\n2,local,Bon\n", mode="wb")
        r = self.run_guichet("--db", db, "import", "services", p)
        self.assert_golden("import/latin1", r)
        p = self.write_file("comma.csv",
                            "id,source,nom,thematiques\n"
                            "1,local,\"Conciliateur, permanence\",\"famille,sante\"\n")
        r = self.run_guichet("--db", db, "import", "services", p)
        self.assert_golden("import/comma", r)

    def test_encodings_and_an_unclosed_quote_are_named(self):
        db = self.init_db()
        # saved by a spreadsheet in Windows-1252: every accented line refused,
        # then one sentence for the whole file
        p = self.write_file("cp1252.csv", "id,source,nom\n1,local,Café social\n"
                            "2,local,Épicerie solidaire\n3,local,Bon\n".encode("cp1252"),
                            mode="wb")
        r = self.run_guichet("--db", db, "import", "services", p)
        self.assert_status(r, 3)
        self.assertIn("2 lignes ne sont pas en UTF-8", r.stderr)
        self.assertIn("Enregistrez-le en « CSV UTF-8 »", r.stderr)
        # UTF-16 (Excel's « Texte Unicode »)
        p = self.write_file("utf16.csv", "id,source,nom\n1,local,Bon\n".encode("utf-16"),
                            mode="wb")
        r = self.run_guichet("--db", db, "import", "services", p)
        self.assert_status(r, 3)
        self.assertIn("Le fichier est en UTF-16", r.stderr)
        # a quote opened on the last line and never closed
        p = self.write_file("quote.csv", "id,source,nom\n1,local,Bon\n\"2,local,Mal\n")
        r = self.run_guichet("--db", db, "import", "services", p)
        self.assert_status(r, 3)
        self.assertIn("ligne 3 : guillemet ouvert jamais refermé", r.stderr)
        self.assertNotIn("colonnes au lieu", r.stderr)
        self.assertEqual(self.count(db, "SELECT count(*) FROM service"), 0)
        r = self.run_guichet("--db", db, "import", "services", p, "--skip-bad-rows")
        self.assert_status(r, 0)
        self.assertEqual(self.count(db, "SELECT count(*) FROM service"), 1)

    def test_a_folder_is_said_to_be_a_folder(self):
        db = self.init_db()
        r = self.run_guichet("--db", db, "import", "services", self.tmp)
        self.assert_status(r, 8)
        self.assertIn("est un dossier : donnez le fichier à importer", r.stderr)
        self.assertNotIn("vide", r.stderr)

    def test_dry_run_writes_nothing(self):
        db = self.init_db()
        p = self.write_file("services.csv", GOOD)
        r = self.run_guichet("--db", db, "import", "services", p, "--dry-run")
        self.assert_golden("import/dry-run", r)
        self.assertEqual(self.count(db, "SELECT count(*) FROM service"), 0)

    def test_usage_and_file_errors(self):
        db = self.init_db()
        self.assert_golden("import/no-kind", self.run_guichet("--db", db, "import"))
        self.assert_golden("import/unknown-kind",
                           self.run_guichet("--db", db, "import", "visiteurs", "x.csv"))
        self.assert_golden("import/no-file", self.run_guichet("--db", db, "import", "services"))
        self.assert_golden("import/unknown-option",
                           self.run_guichet("--db", db, "import", "services", "x.csv", "--force"))
        self.assert_golden("import/missing-file",
                           self.run_guichet("--db", db, "import", "services", "absent.csv"))
        self.assert_golden("import/empty-file",
                           self.run_guichet("--db", db, "import", "services",
                                            self.write_file("vide.csv", "")))


if __name__ == "__main__":
    clitest.main()
