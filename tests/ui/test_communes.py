"""Communes typed and shown by their name (issue 13 defect 8), on the demo
database, which loads the communes of its area: the visitor form and the
anonymous arrival take a name with its completion, the file and the search
show names, a code that is not on the list is refused, a 99… code is said to
be a foreign country; and with INSEE's whole list imported (a generated file
of the official format, tens of thousands of rows), completion still gives
the shortest names first and namesakes are told apart by their
département."""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402

NO_LOCK = "[security]\nidle_lock_minutes = 0\n"
HEADER = ["TYPECOM", "COM", "REG", "DEP", "CTCD", "ARR", "TNCC", "NCC", "NCCENR", "LIBELLE", "CAN",
          "COMPARENT"]


def field_line(t, label):
    line = t.line_with(label)
    if line is None:
        t.dump("no field %r" % label)
        raise AssertionError("no field %r" % label)
    return line


def wait_joined(t, text):
    """Waits for text on the screen, read as one line (a message wraps)."""
    for _ in range(uidrv.MAX_TICKS + 1):
        if text in " ".join(l.strip() for l in t.lines()):
            return
        t.tick()
    t.dump("waiting for %r" % text)
    raise uidrv.ScreenTimeout("not on screen: %r" % text)


class CommunesTest(uidrv.ScreenCase):
    def new_visitor(self, t, name):
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.send_keys("F3")
        t.wait_for("Nouveau visiteur")
        t.type_text(name)
        t.send_keys("Tab", "Tab", "Tab", "Tab", "Tab")  # to the commune
        t.wait_for("Commune : son nom")

    def test_a_commune_by_its_name_in_the_form_the_file_and_the_search(self):
        t = self.demo_term(config=NO_LOCK)
        t.login("accueil", "accueil-demo")
        self.new_visitor(t, "Pelletier")
        t.type_text("charite")
        t.wait_for("Communes : La Charité-sur-Loire (58)")  # completion as it is typed
        t.send_keys("Tab")  # the one commune that starts so
        t.wait_for("La Charité-sur-Loire (58)")
        self.assertIn("La Charité-sur-Loire (58)", field_line(t, "Commune  "))
        t.send_keys("F2")
        t.wait_for("Fiche visiteur")
        t.wait_for("Commune La Charité-sur-Loire (58)")
        self.assertEqual(self.db(t).execute(
            "SELECT commune FROM visitor WHERE last_name = 'Pelletier'").fetchone(), ("58059",))
        # the form shows it by its name again, and the search lists names
        t.send_keys("m")
        t.wait_for("Fiche de Pelletier")
        self.assertIn("La Charité-sur-Loire (58)", field_line(t, "Commune  "))
        t.send_keys("Escape")
        t.wait_for("Fiche visiteur")
        t.send_keys("Escape")
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.type_text("pelletier")
        t.wait_for("1 visiteur trouvé.")
        self.assertIn("La Charité-sur", t.line_with("Pelletier"))

    def test_unknown_and_foreign_codes_are_refused(self):
        t = self.demo_term(config=NO_LOCK)
        t.login("accueil", "accueil-demo")
        self.new_visitor(t, "Garnier")
        t.type_text("58999")
        t.send_keys("Tab")
        wait_joined(t, "58999 n'est pas une commune de la liste de l'INSEE")
        t.send_keys("BTab", "C-u")
        t.type_text("99999")
        t.send_keys("Tab")
        wait_joined(t, "99999 n'est pas une commune française")
        wait_joined(t, "pays étranger")
        t.send_keys("BTab", "C-u")
        t.type_text("58079")  # a code on the list: shown by its name
        t.send_keys("Tab")
        t.wait_for("Clamecy (58)")
        t.send_keys("F2")
        t.wait_for("Commune Clamecy (58)")

    def whole_list(self, path, n):
        """INSEE's format with n communes: real rows of the fixture, then
        generated ones (Saint-Martin-du-Test-1 …, two Saint-Martin-du-Test-7
        in two départements) and an old name."""
        src = os.path.join(uidrv.source_dir(), "tests", "fixtures", "communes",
                           "v_commune_2025.csv")
        with open(src, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))[1:]
        deps = ["01", "02", "03", "21", "39", "45", "71", "89"]
        for i in range(n):
            dep = deps[i % len(deps)]
            code = "%s%03d" % (dep, 100 + i // len(deps))
            name = "Saint-Martin-du-Test-%d" % (i // len(deps)) if i % 3 == 0 else \
                "Village %s-%d" % (dep, i)
            rows.append(["COM", code, "27", dep, dep + "D", dep + "1", "0", name.upper(), name,
                         name, dep + "01", ""])
        rows.append(["COMA", "89999", "27", "89", "89D", "891", "0", "VIEUX BOURG",
                     "Vieux-Bourg", "Vieux-Bourg", "8901", "89100"])
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(HEADER)
            w.writerows(rows)

    def test_completion_on_the_whole_list(self):
        t = self.term(["--demo", "--db", "{tmp}/demo.db"], config=NO_LOCK, start=False)
        uidrv.demo_fixture(t.path("demo.db"), t.now)
        big = t.path("v_commune_2025.csv")
        self.whole_list(big, 7000)
        r = t.run_cli(["--db", t.path("demo.db"), "import", "communes", big])
        self.assertIn("communes", r.stdout)
        self.assertGreater(self.db(t).execute("SELECT count(*) FROM commune").fetchone()[0],
                           7000)
        namesakes = self.db(t).execute("SELECT code, dep FROM commune WHERE name = "
                                       "'Saint-Martin-du-Test-8' ORDER BY dep").fetchall()
        self.assertEqual(len(namesakes), 2)
        code, dep = namesakes[1]
        t.start()
        t.login("accueil", "accueil-demo")
        self.new_visitor(t, "Roux")
        t.type_text("saint-martin-du-test-8")
        # the shortest first: the two namesakes, then longer names (…-80 …)
        s = t.wait_for("Communes : Saint-Martin-du-Test-8 (")
        self.assertIn("Saint-Martin-du-Test-8 (%s)" % namesakes[0][1], s)
        hint = next(l for l in s.split("\n") if "Communes :" in l)
        self.assertNotIn("…", hint.replace(" …", ""))  # only whole names, then a mark
        t.send_keys("Tab")
        wait_joined(t, "plusieurs communes pour « saint-martin-du-test-8 »")
        t.send_keys("BTab", "C-u")
        t.type_text("Saint-Martin-du-Test-8 (%s)" % dep)
        t.send_keys("Tab")
        t.wait_gone("plusieurs communes")
        # an old name (commune associée) gives today's commune
        t.send_keys("BTab", "C-u")
        t.type_text("vieux bourg")
        t.send_keys("Tab")
        t.wait_for("Village 89-7 (89)")  # its commune of today
        t.send_keys("BTab", "C-u")
        t.type_text("saint martin du test 8 %s" % dep)
        t.send_keys("F2")
        t.wait_for("Commune Saint-Martin-du-Test-8 (%s)" % dep)
        self.assertEqual(self.db(t).execute("SELECT commune FROM visitor WHERE last_name = "
                                            "'Roux'").fetchone(), (code,))


if __name__ == "__main__":
    uidrv.main()
