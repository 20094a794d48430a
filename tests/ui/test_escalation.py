"""Files handed to a partner's referent (« dossiers transmis »), what the
receptionist sees on a filled base (the demo at Monday 30 March 2026, with
Lemaire Hélène's file waiting and Legrand Raymond's answered), each checked
against the database read independently with Python's sqlite3:

- the status keys: a key the selected file's status does not allow is not
  offered in the status bar, and pressing it says why at once in the status
  row, without opening the answer's window;
- the visitor file's line of the person's files, in words that agree in
  number (« 2 réponses reçues · 24 résolus »);
- the person's name, last name first, as the orientations, the queue and
  the search write it."""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402

NO_LOCK = "[security]\nidle_lock_minutes = 0\n"


class EscalationCase(uidrv.ScreenCase):
    def start(self, prepare=None):
        """guichet on a copy of the demo base, logged in as accueil;
        prepare(connection) may change the base first."""
        t = self.term(["--demo", "--db", "{tmp}/demo.db"], config=NO_LOCK, start=False)
        uidrv.demo_fixture(t.path("demo.db"), t.now)
        if prepare:
            c = sqlite3.connect(t.path("demo.db"))
            with c:
                prepare(c)
            c.close()
        t.start()
        t.login("accueil", "accueil-demo")
        return t

    def open_file(self, t, typed, shown):
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.type_text(typed)
        t.wait_for(shown)
        t.send_keys("Enter")
        return t.wait_for("Fiche visiteur")

    def hints(self, t):
        return t.lines()[-2]  # the key hints row

    def status_row(self, t):
        return t.lines()[-3]


class StatusKeysTest(EscalationCase):
    def test_an_open_file_offers_every_status_key(self):
        t = self.start()
        t.send_keys("o")
        t.wait_for("Annuaire des services")
        t.send_keys("F7")
        t.wait_for("à relancer aujourd'hui ou en retard")
        t.wait_for("Prime d'activité suspendue")
        hints = self.hints(t)
        for offered in ("a Réponse reçue", "v Résolu", "r Refusé", "d Date de relance"):
            self.assertIn(offered, hints)

    def test_an_answered_file_offers_no_second_answer(self):
        t = self.start()
        self.open_file(t, "legrand ray", "Legrand Raymond")
        t.send_keys("s")
        t.wait_for("Dossiers transmis du visiteur")
        t.wait_for("Dossier régularisé")  # the answer already received
        hints = self.hints(t)
        self.assertNotIn("Réponse reçue", hints)
        self.assertIn("v Résolu", hints)
        self.assertIn("r Refusé", hints)
        eid = self.one(t, "SELECT e.id FROM escalation e JOIN visitor v ON v.id = e.visitor_id "
                          "WHERE v.last_name = 'Legrand'")
        before = self.db(t).execute("SELECT status, answer, updated_at FROM escalation WHERE "
                                    "id = ?", (eid,)).fetchone()
        history = self.one(t, "SELECT count(*) FROM escalation_history WHERE escalation_id = ?",
                           (eid,))
        self.assertEqual(before[0], "repondue")
        # pressed all the same: the reason at once, no window to type in
        t.send_keys("a")
        s = t.screen()
        self.assertIn("Réponse déjà reçue : le dossier peut devenir « Résolu » ou « Refusé ».",
                      self.status_row(t))
        self.assertNotIn("Réponse (facultatif)", s)
        self.assertNotIn("Réponse (obligatoire)", s)
        self.assertEqual(self.db(t).execute("SELECT status, answer, updated_at FROM escalation "
                                            "WHERE id = ?", (eid,)).fetchone(), before)
        self.assertEqual(self.one(t, "SELECT count(*) FROM escalation_history WHERE "
                                     "escalation_id = ?", (eid,)), history)
        # solved: closed, no status key is offered any more, and each says why
        t.send_keys("v")
        t.wait_for("Réponse (facultatif)")
        t.send_keys("Enter")
        t.wait_for("Dossier transmis : Résolu.")
        self.assertEqual(self.one(t, "SELECT status FROM escalation WHERE id = ?", (eid,)),
                         "resolue")
        hints = self.hints(t)
        for gone in ("Réponse reçue", "Résolu", "Refusé", "Date de relance"):
            self.assertNotIn(gone, hints)
        self.assertIn("t Transmettre", hints)  # hand it over again
        for key in ("a", "v", "r", "d"):
            t.send_keys(key)
            s = t.screen()
            self.assertIn("Ce dossier est clos (Résolu) : transmettez-le à nouveau si besoin.",
                          self.status_row(t), key)
            self.assertNotIn("Réponse (", s)
            self.assertNotIn("À relancer le", s)
        self.assertEqual(self.one(t, "SELECT count(*) FROM escalation_history WHERE "
                                     "escalation_id = ?", (eid,)), history + 1)


class SummaryTest(EscalationCase):
    @staticmethod
    def fill(c):
        """Legrand: 2 answered, 24 solved, 3 refused; Lemaire: 1 waiting
        (the demo's), 2 expired."""
        ref = c.execute("SELECT referent_id FROM escalation LIMIT 1").fetchone()[0]
        now = c.execute("SELECT max(created_at) FROM escalation").fetchone()[0]
        people = dict(c.execute("SELECT last_name, id FROM visitor WHERE last_name IN "
                                "('Legrand', 'Lemaire') AND first_names IN ('Raymond', "
                                "'Hélène')").fetchall())
        rows = ([("Legrand", "repondue")] + [("Legrand", "resolue")] * 24 +
                [("Legrand", "refusee")] * 3 + [("Lemaire", "expiree")] * 2)
        for i, (who, status) in enumerate(rows):
            c.execute("INSERT INTO escalation (uuid, visitor_id, referent_id, subject, status, "
                      "answer, followup_on, created_by, created_at, updated_at) VALUES (?, ?, ?, "
                      "'Dossier ancien', ?, 'Réponse', '2026-03-01', 0, ?, ?)",
                      ("00000000-0000-4000-8000-%012d" % i, people[who], ref, status,
                       now - 86400 * (i + 1), now - 86400 * (i + 1)))

    def test_the_files_line_agrees_in_number(self):
        t = self.start(self.fill)
        s = self.open_file(t, "legrand ray", "Legrand Raymond")
        self.assertIn("Dossiers transmis : 2 réponses reçues · 24 résolus · 3 refusés", s)
        t.send_keys("Escape")
        t.wait_for("Bonjour")
        s = self.open_file(t, "lemaire hel", "Lemaire Hélène")
        self.assertIn("Dossiers transmis : 1 transmis en attente · 2 expirés", s)

    def test_one_of_each_in_the_singular(self):
        t = self.start()
        s = self.open_file(t, "legrand ray", "Legrand Raymond")
        self.assertIn("Dossiers transmis : 1 réponse reçue", s)


class NameOrderTest(EscalationCase):
    def test_last_name_first_as_in_the_orientations(self):
        t = self.start()
        t.send_keys("o")
        t.wait_for("Annuaire des services")
        t.send_keys("F7")
        t.wait_for("à relancer aujourd'hui ou en retard")
        s = t.wait_for("Prime d'activité suspendue")
        self.assertIn("Lemaire Hélène", s)  # the list's row
        self.assertNotIn("Hélène Lemaire", s)
        t.send_keys("d")  # the window names the person too
        s = t.wait_for("Date de relance")
        self.assertIn("Lemaire Hélène → Claire Dubois", s)
        t.send_keys("Escape")
        t.wait_gone("À relancer le")
        t.send_keys("h")  # the history's heading
        s = t.wait_for("Historique")
        self.assertIn("Lemaire Hélène → Claire Dubois", s)
        t.send_keys("Escape", "Escape", "Escape")
        t.wait_for("Bonjour")
        # one visitor's: the heading
        self.open_file(t, "legrand ray", "Legrand Raymond")
        t.send_keys("s")
        s = t.wait_for("Dossiers transmis du visiteur")
        self.assertNotIn("Raymond Legrand", s)
        self.assertIn("Legrand Raymond", t.lines()[1])


if __name__ == "__main__":
    uidrv.main()
