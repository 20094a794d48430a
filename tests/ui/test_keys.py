"""The keys come from one table (src/ui/actions.def): a [keys] rebinding
acts on every screen (here the home screen and a visitor's file), the old
key no longer does, and the status bar, the screens' legends and the help
all show the new key; two actions of one screen on one key stop guichet at
start-up with a French message naming both INI keys; and the documentation
(docs/reglages.md, data/guichet.ini.example, the screens' guides) gives the
keys the table gives."""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402

REBIND = "[keys]\nhome-quick-info = y\nfile-request = e\nhelp = F12, ?\n"


def actions():
    """(ini name, default keys, label, screens) of every action."""
    out = subprocess.run([uidrv.uidrv_bin(), "--list-actions"], capture_output=True, text=True,
                         check=True, env=dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8"))
    return [tuple(line.split("\t")) for line in out.stdout.splitlines()]


def read(path):
    with open(os.path.join(uidrv.source_dir(), path), encoding="utf-8") as f:
        return f.read()


class RebindTest(uidrv.ScreenCase):
    def test_a_rebound_home_key_and_file_key_act_and_show_everywhere(self):
        t = self.demo_term(config=REBIND)
        t.login("accueil", "accueil-demo")
        s = t.wait_for("Par partenaire")
        # the home screen's legend and the status bar give the new keys
        self.assertIn("y info rapide", s)
        self.assertNotIn("i info rapide", s)
        self.assertIn("F12 Aide", t.lines()[-2])
        self.assertNotIn("F1 Aide", t.lines()[-2])
        # the old key does nothing, the new one acts
        t.send_keys("i")
        t.assert_not_on_screen("Information rapide")
        t.send_keys("y")
        t.wait_for("Information rapide")
        t.send_keys("Escape")
        t.wait_gone("Information rapide")
        # the help: F1 no longer opens it, F12 does, and it says y
        t.send_keys("F1")
        t.assert_not_on_screen("Touches de guichet")
        t.send_keys("F12")
        t.wait_for("Sur cet écran (Accueil)")
        self.assertTrue(t.line_with("Info rapide").strip().startswith("y "),
                        t.line_with("Info rapide"))
        self.assertTrue(t.line_with("Affiche cette aide").strip().startswith("F12, ?"))
        t.send_keys("Escape")
        t.wait_for("Par partenaire")
        # the visitor's file: e records a request, d no longer does
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.type_text("kowa")
        t.wait_for("Kowalczyk")
        t.send_keys("Enter")
        s = t.wait_for("Fiche visiteur")
        self.assertIn("e nouvelle demande", s)
        self.assertNotIn("d nouvelle demande", s)
        t.send_keys("d")
        t.assert_not_on_screen("Nouvelle demande de")
        t.send_keys("e")
        t.wait_for("Nouvelle demande de Kowalczyk")
        t.send_keys("Escape")  # nothing typed: leaves at once
        t.wait_for("e nouvelle demande")
        t.send_keys("F12")
        t.wait_for("Sur cet écran (Fiche visiteur)")
        self.assertTrue(t.line_with("Fiche visiteur : enregistrer une demande").strip()
                        .startswith("e "))

    def test_two_actions_of_one_screen_on_one_key_stop_guichet(self):
        with tempfile.TemporaryDirectory() as tmp:
            ini = os.path.join(tmp, "guichet.ini")
            with open(ini, "w", encoding="utf-8") as f:
                f.write("[keys]\nhome-search = x\n")
            env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", HOME=tmp)
            r = subprocess.run([uidrv.guichet_bin(), "--config", ini, "--db",
                                os.path.join(tmp, "absent.db")],
                               capture_output=True, text=True, env=env)
            self.assertEqual(r.returncode, 3, r.stderr)
            for words in ("La touche « x »", "keys:home-search", "keys:home-left",
                          "« Accueil »", ini):
                self.assertIn(words, r.stderr)
            # the same key on two different screens is fine: d is both the
            # home screen's Administration and the file's Demande
            with open(ini, "w", encoding="utf-8") as f:
                f.write("[keys]\nhome-admin = w\nfile-request = w\n")
            r = subprocess.run([uidrv.uidrv_bin(), "--config", ini, "--db",
                                os.path.join(tmp, "demo.db"), "--demo"],
                               input="quit\n", capture_output=True, text=True, env=env)
            self.assertEqual(r.returncode, 0, r.stderr)


class DocumentationTest(uidrv.ScreenCase):
    def test_every_action_is_documented_with_its_default_keys(self):
        doc = read("docs/reglages.md")
        example = read("data/guichet.ini.example")
        keys_part = example[example.index("[keys]"):]
        for ini, spec, label, screens in actions():
            keys = ", ".join("`%s`" % k for k in spec.split(", ")) if spec else "(aucune)"
            row = re.search(r"^\| `%s` \| ([^|]*) \|" % re.escape(ini), doc, re.M)
            self.assertIsNotNone(row, "docs/reglages.md: no row for %s" % ini)
            self.assertEqual(row.group(1).strip(), keys, ini)
            self.assertRegex(keys_part, r"(?m)^# %s = %s$" % (re.escape(ini), re.escape(spec)))

    def test_the_screens_guides_give_the_keys_of_the_table(self):
        by_label = {}
        for ini, spec, label, screens in actions():
            by_label.setdefault(label.lower(), []).append(spec.split(", "))
        admin = read("docs/ecrans-administration.md")
        seen = 0
        for key, label in re.findall(r"\*\*`([^`]+)` ([^*]+)\*\*", admin):
            specs = [s for l, ss in by_label.items() if label.lower().startswith(l) for s in ss]
            self.assertTrue(specs, "no action for « %s »" % label)
            self.assertTrue(any(key in s for s in specs), "« %s » is not on %s" % (label, key))
            seen += 1
        self.assertGreater(seen, 10)
        # the export screen's own key (issue 13: the guide said e, the screen x)
        export = dict((a[0], a[1]) for a in actions())["admin-export-now"]
        m = re.search(r"Dans cet écran, la touche `([^`]+)`", admin)
        self.assertIsNotNone(m)
        self.assertEqual(m.group(1), export)


if __name__ == "__main__":
    uidrv.main()
