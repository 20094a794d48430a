"""The home screen's focus (issue 13, desk defect 3): coming back from
another space puts the focus on the queue again, where Entrée takes in
charge as the hint says; the focus is always visible, also in monochrome
(reverse video and a mark, not a colour)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402

MONO = "[ui]\ntheme = monochrome\n[security]\nidle_lock_minutes = 0\n"


class FocusTest(uidrv.ScreenCase):
    def test_back_home_entree_acts_on_the_queue(self):
        t = self.demo_term(config=MONO)
        t.login("accueil", "accueil-demo")
        t.wait_for("Par partenaire")
        t.send_keys("g")
        t.wait_for("guichet · Agenda")
        t.send_keys("Escape")
        s = t.wait_for("Bonjour")
        self.assertIn("Entrée prendre/clore", s)
        self.assertNotIn("[g Agenda]", s)  # the spaces do not have the focus
        # the same when the space was opened from the spaces' row itself
        t.send_keys("Tab")
        t.wait_for("[g Agenda]")  # they kept their choice
        t.send_keys("Enter")
        t.wait_for("guichet · Agenda")
        t.send_keys("Escape")
        s = t.wait_for("Bonjour")
        self.assertIn("Entrée prendre/clore", s)
        self.assertNotIn("[g Agenda]", s)
        # Entrée takes the first waiting person in charge, as the hint says
        t.send_keys("Enter")
        t.wait_for("Moreau Sylvie : pris en charge.")
        t.assert_not_on_screen("guichet · Agenda")

    def test_the_focus_shows_without_colours(self):
        t = self.demo_term(config=MONO)
        t.login("accueil", "accueil-demo")
        s = t.wait_for("Par partenaire")
        lines = s.split("\n")
        y = next(i for i, l in enumerate(lines) if "Moreau Sylvie" in l)
        # the queue has the focus: its chosen row is marked and in reverse video
        self.assertTrue(lines[y].startswith("▸"), lines[y])
        x = lines[y].index("Moreau")
        self.assertIn("reverse", t.attr(y, x))
        # Tab: the spaces have it, the chosen one between brackets, in reverse
        t.send_keys("Tab")
        s = t.wait_for("[a Arrivée]")
        self.assertIn("ouvrir l'espace choisi", s)
        lines = s.split("\n")
        self.assertFalse(any(l.startswith("▸") for l in lines))
        y = next(i for i, l in enumerate(lines) if "[a Arrivée]" in l)
        self.assertIn("reverse", t.attr(y, lines[y].index("Arrivée")))
        self.assertNotIn("reverse", t.attr(y, lines[y].index("Orientation")))
        # ← → move it; Entrée opens the chosen space
        t.send_keys("Right")
        t.wait_for("[o Orientation]")
        t.send_keys("Enter")
        t.wait_for("Annuaire des services")


if __name__ == "__main__":
    uidrv.main()
