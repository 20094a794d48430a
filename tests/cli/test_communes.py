"""guichet import communes (issue 13 defect 8): INSEE's list of communes
(tests/fixtures/communes/v_commune_2025.csv, the official format) replaces
the site's list; a file that is not the list, or a bad row, imports nothing
and says which line; the table is read back with Python's sqlite3."""
import os
import sqlite3

import clitest

FIXTURE = os.path.join(clitest.SOURCE_DIR, "tests", "fixtures", "communes", "v_commune_2025.csv")


class CommunesImportTest(clitest.CliTestCase):
    def rows(self, db, sql):
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    def test_the_official_file_then_a_bad_one(self):
        db = self.init_db()
        r = self.run_guichet("--db", db, "import", "communes", FIXTURE)
        self.assert_status(r, 0)
        self.assertEqual(r.stdout, "Liste des communes importée : 20 communes, 4 arrondissements "
                         "municipaux, 4 anciens noms (communes déléguées ou associées).\n")
        self.assertEqual(self.rows(db, "SELECT kind, count(*) FROM commune GROUP BY 1 ORDER BY 1"),
                         [("ARM", 4), ("COM", 20), ("COMD", 4)])
        self.assertEqual(self.rows(db, "SELECT name, dep, parent FROM commune WHERE code = "
                                   "'74011'"), [("Annecy-le-Vieux", "74", "74010")])
        self.assertEqual(self.rows(db, "SELECT name FROM commune WHERE code = '2A004'"),
                         [("Ajaccio",)])
        self.assertEqual(self.rows(db, "SELECT count(*) FROM audit WHERE action = "
                                   "'communes-import'"), [(1,)])
        bad = self.write_file("bad.csv", "TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,"
                              "CAN,COMPARENT\nCOM,58079,27,58,58D,582,0,CLAMECY,Clamecy,Clamecy,"
                              "5804,\nCOM,5807,27,58,58D,582,0,X,X,X,5804,\n")
        r = self.run_guichet("--db", db, "import", "communes", bad)
        self.assert_status(r, 3)
        self.assertIn("ligne 3 : code de commune mal formé : « 5807 ».", r.stderr)
        self.assertIn("la liste des communes reste celle d'avant", r.stderr)
        self.assertEqual(self.rows(db, "SELECT count(*) FROM commune"), [(28,)])
        notlist = self.write_file("services.csv", "nom;commune\nCCAS;58079\n")
        r = self.run_guichet("--db", db, "import", "communes", notlist)
        self.assert_status(r, 3)
        self.assertIn("Ce n'est pas le fichier des communes de l'INSEE", r.stderr)
        r = self.run_guichet("--db", db, "import", "communes", FIXTURE, "--dry-run")
        self.assert_status(r, 2)


if __name__ == "__main__":
    clitest.main()
