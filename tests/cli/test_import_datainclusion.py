"""guichet import services|structures with the files data·inclusion publishes
(tests/fixtures/datainclusion, written by make_fixtures.py in the published
format: v1 marts' columns, ',' separator, Python-list cells, or the JSON
array of records): every one of the 22 services and 8 structures imports,
structures give the services their names, hours outside guichet's subset
are kept with a warning, and --skip-bad-rows writes the refused rows beside
the file, read back here with Python's csv module."""
import csv
import importlib.util
import os
import shutil
import subprocess

import clitest

FIXTURES = os.path.join(clitest.SOURCE_DIR, "tests", "fixtures", "datainclusion")


def fixture(name):
    return os.path.join(FIXTURES, name)


class DataInclusionImportTest(clitest.CliTestCase):
    def sql(self, db, query):
        p = subprocess.run(["sqlite3", db, query], check=True, capture_output=True, text=True)
        return p.stdout.strip()

    def test_fixtures_are_what_the_generator_writes(self):
        spec = importlib.util.spec_from_file_location("mk", fixture("make_fixtures.py"))
        mk = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mk)
        for name, text in mk.files().items():
            with open(fixture(name), encoding="utf-8", newline="") as f:
                self.assertEqual(f.read(), text, name)
        with open(fixture("services.csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        self.assertEqual(rows[0][:4], ["id", "structure_id", "source", "nom"])
        self.assertEqual(len(rows) - 1, 22)
        self.assertIn("['famille--garde-denfants']", rows[1])

    def test_csv_then_json_import_everything(self):
        db = self.init_db()
        r = self.run_guichet("--db", db, "import", "structures", fixture("structures.csv"))
        self.assert_status(r, 0)
        self.assertIn("8 structures importées (8 créées, 0 mises à jour, 0 inchangées)", r.stdout)
        r = self.run_guichet("--db", db, "import", "services", fixture("services.csv"))
        self.assert_status(r, 0)
        self.assertEqual(r.stdout, "22 services importés (22 créés, 0 mis à jour, 0 inchangés).\n")
        self.assertIn("8 colonnes ignorées : type, frais_precisions, publics_precisions, "
                      "contact_nom_prenom, mobilisation_precisions, volume_horaire_hebdomadaire, "
                      "nombre_semaines, score_qualite.\n", r.stderr)
        self.assertEqual(self.sql(db, "SELECT count(*) FROM service"), "22")
        self.assertEqual(self.sql(db, "SELECT structure FROM service WHERE source_id = "
                                      "'dora--cs-clamecy--garde'"), "Centre social de Clamecy")
        self.assertEqual(self.sql(db, "SELECT hours FROM service WHERE source_id = "
                                      "'mes-aides--garage-solidaire-58--reparation'"),
                         "week 1-53/2 We 14:00-16:00")
        r = self.run_guichet("--db", db, "import", "services", fixture("services.json"))
        self.assert_status(r, 0)
        self.assertEqual(r.stdout, "22 services importés (0 créés, 0 mis à jour, 22 inchangés).\n")

    def test_services_then_structures(self):
        db = self.init_db()
        r = self.run_guichet("--db", db, "import", "services", fixture("services.json"))
        self.assert_status(r, 0)
        self.assertEqual(self.sql(db, "SELECT count(*) FROM service WHERE structure = ''"), "22")
        r = self.run_guichet("--db", db, "import", "structures", fixture("structures.json"))
        self.assert_status(r, 0)
        self.assertIn("22 services portent désormais le nom de leur structure", r.stdout)
        self.assertEqual(self.sql(db, "SELECT count(*) FROM service WHERE structure = ''"), "0")

    def spoiled_copy(self):
        with open(fixture("services.csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        header = rows[0]
        cp, th = header.index("code_postal"), header.index("thematiques")
        rows[3][cp] = "5850"                       # line 4
        rows[7][th] = "['famille--inexistant']"     # line 8
        path = self.path("services-inclusion-2026-03-02.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
        return path, header, rows

    def test_skip_bad_rows_writes_them_beside_the_file(self):
        db = self.init_db()
        path, header, rows = self.spoiled_copy()
        r = self.run_guichet("--db", db, "import", "services", path)
        self.assert_status(r, 3)
        self.assertIn("guichet : 2 lignes incorrectes : rien n'a été importé.", r.stderr)
        self.assertEqual(self.sql(db, "SELECT count(*) FROM service"), "0")

        rejects = self.path("services-inclusion-2026-03-02-rejets.csv")
        r = self.run_guichet("--db", db, "import", "services", path, "--skip-bad-rows",
                             "--dry-run")
        self.assert_status(r, 0)
        self.assertFalse(os.path.exists(rejects))

        r = self.run_guichet("--db", db, "import", "services", path, "--skip-bad-rows")
        self.assert_status(r, 0)
        self.assertIn("20 services importés (20 créés", r.stdout)
        self.assertIn("ligne 4 : code postal « 5850 » invalide (5 chiffres attendus)", r.stderr)
        self.assertIn("2 lignes refusées, écrites avec leur raison dans %s." % rejects, r.stderr)
        self.assertEqual(self.sql(db, "SELECT count(*) FROM service"), "20")
        with open(rejects, encoding="utf-8-sig", newline="") as f:
            got = list(csv.reader(f))
        self.assertEqual(got[0], ["ligne", "raison"] + header)
        self.assertEqual([g[0] for g in got[1:]], ["4", "8"])
        self.assertEqual(got[1][1], "code postal « 5850 » invalide (5 chiffres attendus)")
        self.assertEqual(got[2][1], "thématique « famille--inexistant » inconnue")
        # the row as it was, to fix and import again
        self.assertEqual(got[1][2:], rows[3])
        self.assertEqual(got[2][2:], rows[7])

    def test_json_element_numbers_and_missing_file(self):
        db = self.init_db()
        p = self.write_file("bad.json", '[{"id":"a","source":"s","nom":"A","code_postal":"1"}]')
        r = self.run_guichet("--db", db, "import", "services", p)
        self.assert_status(r, 3)
        self.assertIn("objet n° 1 : code postal « 1 » invalide", r.stderr)
        self.assertIn("1 objet incorrect : rien n'a été importé.", r.stderr)
        p = self.write_file("cut.json", '[{"id":"a","source":"s","nom":"A"}')
        r = self.run_guichet("--db", db, "import", "services", p)
        self.assert_status(r, 3)
        self.assertIn("le tableau n'est pas refermé", r.stderr)


if __name__ == "__main__":
    clitest.main()
