"""Intake in a real terminal: what needs one (a resize while a form is
being typed, the hang-up that keeps it as a draft). The other intake flows
run headless: tests/ui/test_intake.py.

"""
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmuxdrv  # noqa: E402


def field_line(t, label):
    line = t.line_with(label)
    if line is None:
        t.dump("no field %r" % label)
        raise AssertionError("no field %r" % label)
    return line


class IntakeTest(tmuxdrv.TermCase):
    def home(self, t, who="accueil"):
        t.login(who, who + "-demo")
        return t.wait_for("Par partenaire")

    def test_resize_in_the_middle_of_the_form_keeps_what_was_typed(self):
        t = self.demo_term()
        self.home(t)
        t.send_keys("a")
        t.wait_for("Qui arrive ?")
        t.send_keys("n")
        t.wait_for("Nouveau visiteur")
        t.type_text("Nguyễn")
        t.send_keys("Tab", "Tab")
        t.type_text("Thị Ánh")
        t.send_keys("Tab", "Tab", "Tab", "Tab", "Tab")
        t.type_text("06 39 98 12")
        t.resize(120, 40)
        t.wait_for("06 39 98 12")
        t.resize(60, 20)
        t.wait_for("Terminal trop petit")
        t.resize(80, 24)
        t.wait_for("06 39 98 12")
        t.type_text(" 34")  # the cursor stayed in the phone field
        t.wait_for("06 39 98 12 34")
        self.assertIn("Nguyễn", field_line(t, "Nom  "))
        self.assertIn("Thị Ánh", field_line(t, "Prénoms"))

    def test_hangup_keeps_the_form_as_a_draft_offered_at_next_login(self):
        t = self.demo_term()
        self.home(t)
        t.send_keys("a")
        t.wait_for("Qui arrive ?")
        t.send_keys("n")
        t.wait_for("Nouveau visiteur")
        t.type_text("Lœillet")
        t.send_keys("Tab", "Tab")
        t.type_text("Anaïs")
        t.wait_for("Anaïs")
        os.kill(t.guichet_pid(), signal.SIGHUP)
        self.assertEqual(t.wait_exit(), 128 + signal.SIGHUP)
        t2 = self.term(["--demo", "--db", os.path.join(t.tmp, "demo.db")])
        t2.login("accueil", "accueil-demo")
        t2.wait_for("La reprendre ? (o/n)")
        t2.send_keys("o")
        t2.wait_for("Anaïs")
        self.assertIn("Lœillet", field_line(t2, "Nom  "))
        t2.send_keys("F2")  # saved with its arrival: the draft is gone
        t2.wait_for("fiche créée, arrivée enregistrée.")
        t2.wait_for("Lœillet Anaïs")



if __name__ == "__main__":
    tmuxdrv.main()
