"""Administration, « Agenda du site » (issue 13 defect 10): the site manager
creates a resource, a motif and a plage d'ouverture without the command
line; an overlap with another opening of the resource is said and saved
only when confirmed; an opening is edited and deleted; a change that would
leave appointments to come outside every opening is refused with their
number. What the screens did is read back from the database with Python's
sqlite3 module."""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402

NO_LOCK = "[security]\nidle_lock_minutes = 0\n"


class AdminAgendaTest(uidrv.ScreenCase):
    def rows(self, t, sql, *params):
        db = sqlite3.connect("file:%s?mode=ro" % t.path("demo.db"), uri=True)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()

    def open_setup(self, t):
        t.login("responsable", "responsable-demo")
        t.send_keys("d")
        t.wait_for("Administration du site")
        t.send_keys("a")
        return t.wait_for("Plages d'ouverture (")

    def test_only_the_manager_opens_it(self):
        t = self.demo_term(config=NO_LOCK)
        t.login("accueil", "accueil-demo")
        t.send_keys("d")
        t.wait_for("Administration du site")
        t.send_keys("a")
        t.wait_for("réservée au responsable")

    def test_resource_motif_and_opening_without_the_command_line(self):
        t = self.demo_term(config=NO_LOCK)
        self.open_setup(t)
        # a resource
        t.send_keys("r")
        t.wait_for("Ressources (")
        t.send_keys("F3")
        t.wait_for("Nouvelle ressource")
        t.type_text("Mission locale — permanence")
        t.send_keys("Tab")  # type: a partner's permanence (the first choice)
        t.send_keys("Tab")
        t.type_text("mission")  # the partner, by its first letters
        t.send_keys("Tab")
        t.type_text("Bureau 3")
        t.send_keys("F2")
        t.wait_for("Ressource « Mission locale — permanence » créée.")
        t.wait_for("Ressources (6)")
        self.assertEqual(self.rows(t, "SELECT kind, place, active FROM resource WHERE name = ?",
                                   "Mission locale — permanence"),
                         [("permanence", "Bureau 3", 1)])
        # a motif
        t.send_keys("m")
        t.wait_for("Motifs de rendez-vous (")
        t.send_keys("F3")
        t.wait_for("Nouveau motif de rendez-vous")
        t.type_text("Premier accueil jeunes")
        t.send_keys("Tab", "Tab")
        t.send_keys("C-u")
        t.type_text("40")
        t.send_keys("F2")
        t.wait_for("Motif « Premier accueil jeunes » créé.")
        self.assertEqual(self.rows(t, "SELECT duration_min, place, capacity FROM motif WHERE "
                                   "name = ?", "Premier accueil jeunes"),
                         [(40, "sur-place", 1)])
        # the 1st and 3rd Thursdays, 14:00-17:00, from 2 April 2026 to the summer
        t.send_keys("o")
        t.wait_for("Plages d'ouverture (")
        t.send_keys("F3")
        t.wait_for("Nouvelle plage d'ouverture")
        t.type_text("mission")
        t.wait_for("Mission locale — permanence")
        t.send_keys("Tab")
        t.type_text("mois")  # the n-th weekday of the month
        t.wait_for("chaque mois, le n-ième jour")
        t.send_keys("Tab", "Tab")
        t.wait_for("2MA,4MA = 2e et 4e mardis")  # what the days field expects
        t.type_text("1je,3je")
        t.send_keys("Tab")
        t.type_text("14:00")
        t.send_keys("Tab")
        t.type_text("17:00")
        t.send_keys("Tab", "C-u")
        t.type_text("2/4/26")
        t.send_keys("Tab")
        t.type_text("30062026")
        t.send_keys("F2")  # no motif yet: the core says so
        t.wait_for("Choisissez au moins un motif")
        t.wait_for("Entrée : choisir les motifs")  # the error took the focus there
        t.send_keys("Enter")
        t.wait_for("Motifs qu'on peut réserver dans cette plage")
        line = t.line_with("Premier accueil jeunes")
        rows = [l for l in t.lines() if "[ ]" in l or "[x]" in l]
        t.send_keys(*(["Down"] * rows.index(line)))
        t.send_keys("Space")
        t.wait_for("[x]  Premier accueil jeunes")
        t.send_keys("Escape")
        t.wait_for("Motifs permis           Premier accueil jeunes")
        t.send_keys("F2")
        t.wait_for(r"Plage d'ouverture n° \d+ enregistrée\.", regex=True)
        opening = self.rows(
            t, "SELECT a.id, a.dtstart, a.start_time, a.end_time, a.freq, a.interval, a.byday, "
            "a.until, m.name FROM availability a JOIN resource r ON r.id = a.resource_id "
            "JOIN availability_motif am ON am.availability_id = a.id JOIN motif m ON m.id = "
            "am.motif_id WHERE r.name = ?", "Mission locale — permanence")
        self.assertEqual([o[1:] for o in opening],
                         [("2026-04-02", "14:00", "17:00", "MONTHLY", 1, "1TH,3TH", "2026-06-30",
                           "Premier accueil jeunes")])
        first = opening[0][0]
        t.wait_for("le 1er jeudi et 3e jeudi")

        # every Thursday 16:00-18:00 overlaps it: said, kept only when confirmed
        t.send_keys("F3")
        t.wait_for("Nouvelle plage d'ouverture")
        t.send_keys("Tab", "Tab", "Tab")
        t.type_text("je")
        t.send_keys("Tab")
        t.type_text("16:00")
        t.send_keys("Tab")
        t.type_text("18:00")
        t.send_keys("Tab", "C-u")
        t.type_text("02/04/2026")
        t.send_keys("Tab", "Tab", "Enter")
        t.wait_for("Motifs qu'on peut réserver")
        rows = [l for l in t.lines() if "[ ]" in l or "[x]" in l]
        t.send_keys(*(["Down"] * rows.index(t.line_with("Premier accueil jeunes"))))
        t.send_keys("Space", "Escape")
        t.wait_for("Motifs permis           Premier accueil jeunes")
        t.send_keys("F2")
        t.wait_for("Cette plage chevauche la plage n° %d" % first)
        t.wait_for("Enregistrer quand même ? (o/n)")
        t.send_keys("n")
        t.wait_gone("Enregistrer quand même")
        t.assert_on_screen("Nouvelle plage d'ouverture")  # nothing saved, nothing lost
        self.assertEqual(len(self.rows(t, "SELECT 1 FROM availability a JOIN resource r ON "
                                          "r.id = a.resource_id WHERE r.name = ?",
                                       "Mission locale — permanence")), 1)
        t.send_keys("F2")
        t.wait_for("Enregistrer quand même ? (o/n)")
        t.send_keys("o")
        t.wait_for("enregistrée ; elle chevauche")
        self.assertIn("elle chevauche la plage n° %d (dès le 02/04/2026) : l'agenda montre ce "
                      "temps une seule fois." % first, " ".join(l.strip() for l in t.lines()))
        forced = self.rows(t, "SELECT max(id) FROM availability")[0][0]
        self.assertIn("overlap:%d" % first, self.rows(
            t, "SELECT detail FROM audit WHERE action = 'availability-add' ORDER BY id DESC "
            "LIMIT 1")[0][0])

        # deleted from the list (s), after a question
        rows = [l for l in t.lines() if l.strip()[:1].isdigit()]
        forced_line = next(l for l in rows if l.split()[0] == str(forced))
        t.send_keys("Home")
        t.send_keys(*(["Down"] * rows.index(forced_line)))
        t.send_keys("s")
        t.wait_for("Supprimer la plage n° %d" % forced)
        t.send_keys("o")
        t.wait_for("Plage d'ouverture n° %d supprimée." % forced)
        self.assertEqual(self.rows(t, "SELECT count(*) FROM availability WHERE id = ?", forced),
                         [(0,)])

        # edited: the end moves to 16:30
        rows = [l for l in t.lines() if l.strip()[:1].isdigit()]
        line = next(l for l in rows if l.split()[0] == str(first))
        t.send_keys("Home")
        t.send_keys(*(["Down"] * rows.index(line)))
        t.send_keys("Enter")
        t.wait_for("Plage d'ouverture n° %d" % first)
        t.send_keys("BTab")
        t.wait_for("La ressource d'une plage ne change pas")
        t.type_text("caf")  # refused: it stays with its resource
        self.assertIn("Mission locale — permanence", t.line_with("Ressource  "))
        t.send_keys("Tab", "Tab", "Tab", "Tab", "Tab", "C-u")
        t.type_text("16:30")
        t.send_keys("F2")
        t.wait_for("Plage d'ouverture n° %d enregistrée." % first)
        self.assertEqual(self.rows(t, "SELECT end_time FROM availability WHERE id = ?", first),
                         [("16:30",)])

    def test_a_change_that_leaves_appointments_outside_is_refused(self):
        t = self.demo_term(config=NO_LOCK)
        self.open_setup(t)
        # the CAF's permanence (n° 1) holds appointments to come in the demo
        booked = self.rows(t, "SELECT count(*) FROM appointment WHERE resource_id = 1 AND "
                              "status = 'a-venir' AND start_at >= ?", t.now)[0][0]
        self.assertGreater(booked, 0)
        t.send_keys("Home", "s")
        t.wait_for("Supprimer la plage n° 1")
        t.send_keys("o")
        t.wait_for("Supprimer cette plage laisserait %d rendez-vous à venir" % booked)
        t.assert_on_screen("(le premier le 14/04/2026 à 09:00)")
        self.assertEqual(self.rows(t, "SELECT count(*) FROM availability WHERE id = 1"), [(1,)])


if __name__ == "__main__":
    uidrv.main()
