"""Intake (issue 3): quick information, search as you type, registering a
visitor, logging requests, French validation (headless: tests/ui/uidrv.py;
resize and hang-up are in tests/e2e/test_intake.py).

Keystrokes are counted from the home screen by the Keys helper below: one
tmux key name or one typed character is one keystroke."""
import os
import re
import signal
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402


class Keys:
    """Sends keys to a Term and counts them."""

    def __init__(self, term):
        self.t = term
        self.count = 0

    def press(self, *keys):
        self.t.send_keys(*keys)
        self.count += len(keys)

    def type(self, text):
        self.t.type_text(text)
        self.count += len(text)


def counter(screen, label):
    m = re.search(re.escape(label) + r" (\d+)", screen)
    return int(m.group(1)) if m else 0


def field_line(t, label):
    line = t.line_with(label)
    if line is None:
        t.dump("no field %r" % label)
        raise AssertionError("no field %r" % label)
    return line


class IntakeTest(uidrv.ScreenCase):
    def home(self, t, who="accueil"):
        t.login(who, who + "-demo")
        return t.wait_for("Par partenaire")

    def test_quick_information_is_two_keystrokes(self):
        t = self.demo_term()
        s = self.home(t)
        info, caf = counter(s, "Information"), counter(s, "CAF")
        k = Keys(t)
        k.press("i")
        t.wait_for("Information rapide")
        k.press("1")  # 1 = CAF, first of the national partners
        t.wait_for("Information CAF enregistrée.")
        self.assertEqual(k.count, 2)
        s = t.wait_for("CAF %d" % (caf + 1))
        self.assertEqual(counter(s, "Information"), info + 1)
        t.assert_not_on_screen("Information rapide")  # no key needed to close anything
        sys.stderr.write("\nkeystrokes, quick information from the home screen: %d\n" % k.count)

    def test_register_with_accents_find_without_accents_and_log_request(self):
        t = self.demo_term()
        self.home(t)
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.send_keys("F3")
        t.wait_for("Nouveau visiteur")
        t.type_text("Ngũgĩ-Lefèvre")
        t.send_keys("Tab", "Tab")
        t.type_text("Éléonore")
        t.send_keys("Tab")
        t.type_text("12/03/1961")
        t.send_keys("F2")
        t.wait_for("Fiche visiteur")
        t.wait_for("Ngũgĩ-Lefèvre Éléonore")
        t.wait_for("Aucune demande pour l'instant.")
        t.send_keys("Escape")
        t.wait_for("Par partenaire")
        # accent-less prefixes find her, on every keystroke
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        for query in ("eleo", "ngugi", "lefevre", "12/03/1961"):
            t.send_keys("C-u")
            t.type_text(query)
            t.wait_for("Ngũgĩ-Lefèvre Éléonore")
        t.send_keys("C-u")
        t.type_text("ngugi-lefev")
        t.wait_for("1 visiteur trouvé.")
        t.send_keys("Enter")
        t.wait_for("Aucune demande pour l'instant.")
        t.send_keys("d")
        t.wait_for("Nouvelle demande de Ngũgĩ-Lefèvre Éléonore")
        t.assert_on_screen("Commentaire non confidentiel — pas d'information sensible ici")
        t.type_text("caf")
        t.wait_for(r"Partenaire +CAF", regex=True)
        t.send_keys("Tab")
        t.type_text("social")
        t.wait_for("Social - Santé")
        t.send_keys("Tab", "Tab")
        t.type_text("acc")  # type of help: Accompagnement
        t.wait_for("Accompagnement")
        t.send_keys("F2")
        t.wait_for("Avis de")  # the visitor's answer, optional: F4 closes without
        t.send_keys("F4")
        t.wait_for("1 demande")
        line = t.line_with("CAF")
        self.assertIn("Accompagnement", line)
        self.assertIn("Agathe Martin", line)

    def test_full_request_for_known_visitor_from_home_screen(self):
        t = self.demo_term()
        s = self.home(t)
        caf = counter(s, "CAF")
        k = Keys(t)
        k.press("r")
        k.type("kowa")
        t.wait_for("Kowalczyk")
        k.press("Enter")  # the visitor's file
        t.wait_for("d nouvelle demande")
        k.press("d")
        t.wait_for("Nouvelle demande de Kowalczyk")
        k.type("c")  # partner: CAF (information, autonome, résolu are prefilled)
        t.wait_for(r"Partenaire +CAF", regex=True)
        k.press("F2")
        agent = k.count
        # the visitor's own answer is asked at the close: theirs to give, one
        # key to go without (counted apart from the agent's logging)
        t.wait_for("Avis de Kowalczyk")
        k.press("F4")
        t.wait_for(r"Demande de Kowalczyk \S+ enregistrée\.", regex=True)
        t.send_keys("Escape")  # not counted: the request is already saved
        s = t.wait_for("CAF %d" % (caf + 1))
        self.assertLess(agent, 10)
        self.assertEqual(k.count - agent, 1)
        sys.stderr.write("\nkeystrokes, full request for a known visitor from the home "
                         "screen (search included): %d, and %d to go without the visitor's "
                         "answer\n" % (agent, k.count - agent))

    def test_queue_take_in_charge_then_close(self):
        t = self.demo_term()
        s = self.home(t)
        self.assertIn("Moreau Sylvie", s)  # the demo's first waiting person
        caf = counter(s, "CAF")
        k = Keys(t)
        k.press("Enter")  # the first row: take in charge
        t.wait_for("pris en charge")
        self.assertIn("Agathe Martin", t.line_with("Moreau Sylvie"))
        self.assertIn("En cours", t.line_with("Moreau Sylvie"))
        k.press("Enter")  # close it
        t.wait_for("Clore la demande de Moreau Sylvie")
        k.type("c")
        t.wait_for(r"Partenaire +CAF", regex=True)
        k.press("F2")
        t.wait_for("Avis de Moreau Sylvie")
        k.press("F4")
        t.wait_for("Demande de Moreau Sylvie enregistrée.")
        t.wait_for("CAF %d" % (caf + 1))
        self.assertIn("Terminé", t.line_with("Moreau Sylvie"))
        sys.stderr.write("\nkeystrokes, waiting known visitor taken and closed: %d\n" % k.count)

    def queue_lines(self, t, name):
        """The queue's rows of a person (they start with the arrival time)."""
        return [l for l in t.lines() if name in l and re.match(r"^\W*\d\d:\d\d ", l)]

    def test_request_from_the_file_of_a_waiting_person_closes_her_visit(self):
        # issue 13 defect 1: she stayed « En attente » and a second,
        # backdated visit was added (twice in the queue, figures wrong)
        t = self.demo_term()
        self.home(t)
        self.assertIn("En attente", t.line_with("Moreau Sylvie"))
        self.assertEqual(len(self.queue_lines(t, "Moreau Sylvie")), 1)
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.type_text("moreau sylvie")
        t.wait_for("1 visiteur trouvé.")
        t.send_keys("Enter")
        t.wait_for("Fiche visiteur")
        t.send_keys("d")
        t.wait_for("Clore la demande de Moreau Sylvie")
        t.type_text("c")
        t.wait_for(r"Partenaire +CAF", regex=True)
        t.send_keys("F2")
        t.wait_for("Avis de")  # the visitor's answer, optional: F4 closes without
        t.send_keys("F4")
        t.wait_for("Demande de Moreau Sylvie enregistrée.")
        t.send_keys("Escape")
        t.wait_for("Par partenaire")
        rows = self.queue_lines(t, "Moreau Sylvie")
        self.assertEqual(len(rows), 1, rows)  # once in the queue
        self.assertIn("Terminé", rows[0])
        db = sqlite3.connect("file:%s?mode=ro" % t.path("demo.db"), uri=True)
        self.addCleanup(db.close)
        states = [r[0] for r in db.execute(
            "SELECT v.state FROM visit v JOIN visitor p ON p.id = v.visitor_id "
            "WHERE p.last_name = 'Moreau' AND p.first_names = 'Sylvie' AND v.arrived_at >= ?",
            (t.now - 12 * 3600,))]
        self.assertEqual(states, ["termine"])

    def test_request_for_a_person_a_colleague_is_helping_asks_first(self):
        t = self.demo_term()
        s = self.home(t)
        line = next(l for l in s.split("\n") if "En cours" in l and "Karim Benali" in l)
        last, first = line.split("En cours")[0].split()[-2:]
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.type_text("%s %s" % (last, first))
        t.wait_for("1 visiteur trouvé.")
        t.send_keys("Enter")
        t.wait_for("Fiche visiteur")
        t.send_keys("d")
        t.wait_for("Cette demande est suivie par Karim Benali. La clore")
        t.send_keys("n")
        t.wait_gone("Cette demande est suivie par")
        t.assert_not_on_screen("Clore la demande")
        t.send_keys("d")
        t.wait_for("Cette demande est suivie par Karim Benali.")
        t.send_keys("o")
        t.wait_for("Clore la demande de %s %s" % (last, first))

    def test_birth_date_typed_short_with_the_century_rule_on_screen(self):
        # issue 13 defect 7: 1/3/61 and 01031961 were refused
        t = self.demo_term()
        self.home(t)
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.send_keys("F3")
        t.wait_for("Nouveau visiteur")
        t.type_text("Ferrand")
        t.send_keys("Tab", "Tab")
        t.type_text("Odile")
        t.send_keys("Tab")  # the birth date: its hint states the rule
        t.wait_for("Date : 12/03/1961, 1/3/61 ou 12031961 (26 = 2026 ; 27 = 1927).")
        t.type_text("1/3/27")
        t.send_keys("F2")
        t.wait_for("Fiche visiteur")
        t.wait_for("Naissance 01/03/1927")
        t.send_keys("m")
        t.wait_for("Fiche de Ferrand Odile")
        for typed, shown in (("010361", "01/03/1961"), ("01031961", "01/03/1961"),
                             ("1/3/25", "01/03/2025")):
            t.send_keys("Tab", "Tab", "Tab")  # to the birth date
            t.send_keys("C-u")
            t.type_text(typed)
            t.send_keys("F2")
            t.wait_for("Naissance %s" % shown)
            t.send_keys("m")
            t.wait_for("Fiche de Ferrand Odile")

    def test_anonymous_arrival_and_left_without_being_seen(self):
        t = self.demo_term()
        s = self.home(t)
        waiting = len([l for l in s.split("\n") if "En attente" in l])
        t.send_keys("a")
        t.wait_for("Qui arrive ?")
        t.send_keys("x")
        t.wait_for("Tranche d'âge")
        t.send_keys("Tab")
        t.type_text("40")  # age band by its first letters
        t.wait_for("40 à 59 ans")
        t.send_keys("Tab")
        t.type_text("nev")  # the commune by its name (the demo's list)
        t.wait_for("Communes : Nevers (58)")
        t.send_keys("F2")
        t.wait_for("Arrivée anonyme enregistrée.")
        db = sqlite3.connect("file:%s?mode=ro" % t.path("demo.db"), uri=True)
        self.addCleanup(db.close)
        self.assertEqual(db.execute("SELECT commune FROM visit ORDER BY id DESC LIMIT 1")
                         .fetchone(), ("58194",))
        s = t.screen()
        self.assertEqual(len([l for l in s.split("\n") if "En attente" in l]), waiting + 1)
        # the newest waiting row is last among the waiting: go there and mark it left
        rows = [l for l in s.split("\n") if "En attente" in l]
        t.send_keys(*(["Down"] * (len(rows) - 1)))
        t.send_keys("x")
        t.wait_for("sans être reçu(e) ? (o/n)")
        t.send_keys("o")
        t.wait_for("Noté : parti sans être reçu.")
        t.wait_for("Parti")

    def test_new_visitor_shows_duplicates_and_opens_the_existing_file(self):
        t = self.demo_term()
        self.home(t)
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.send_keys("F3")
        t.wait_for("Nouveau visiteur")
        t.type_text("KOWALCZYK")  # the demo's Kowalczyk Hélène, born 24/05/1954
        t.send_keys("Tab", "Tab")
        t.type_text("helene")
        t.send_keys("Tab")
        t.type_text("24/05/1954")
        t.send_keys("F2")
        t.wait_for("Cette personne a peut-être déjà une fiche.")
        t.wait_for("même nom et date")
        t.send_keys("Enter")  # open the existing file instead
        t.wait_for("Naissance 24/05/1954")
        t.assert_on_screen("Kowalczyk Hélène")
        t.assert_not_on_screen("Aucune demande pour l'instant.")  # her history is there
        t.send_keys("Escape")
        t.wait_for("Fiche existante de Kowalczyk Hélène choisie : aucune fiche créée.")

    def test_arrival_of_a_duplicate_registers_the_existing_visitor(self):
        t = self.demo_term()
        s = self.home(t)
        self.assertNotIn("Vasseur", s)  # not in today's queue yet
        t.send_keys("a")
        t.wait_for("Qui arrive ?")
        t.send_keys("n")
        t.wait_for("Nouveau visiteur")
        t.type_text("Vasseur")  # the demo's Vasseur Françoise, born 11/06/1943
        t.send_keys("Tab", "Tab")
        t.type_text("Francoise")
        t.send_keys("Tab")
        t.type_text("11/06/1943")
        t.send_keys("F2")
        t.wait_for("Cette personne a peut-être déjà une fiche.")
        t.wait_for("Entrée : enregistrer l'arrivée")
        t.send_keys("Enter")  # her existing file: the arrival goes on with it
        t.wait_for("Fiche existante de Vasseur Françoise : arrivée enregistrée.")
        t.wait_for("Par partenaire")
        self.assertIn("En attente", t.line_with("Vasseur Françoise"))
        # no second file was created: her birth date finds one file
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.type_text("11/06/1943")
        t.wait_for("1 visiteur trouvé.")

    def test_escape_asks_before_dropping_a_filled_visitor_form(self):
        t = self.demo_term()
        self.home(t)
        t.send_keys("a")
        t.wait_for("Qui arrive ?")
        t.send_keys("n")
        t.wait_for("Nouveau visiteur")
        t.send_keys("Escape")  # nothing typed: leaves at once
        t.wait_for("Qui arrive ?")
        t.assert_not_on_screen("Abandonner la saisie")
        t.send_keys("n")
        t.wait_for("Nouveau visiteur")
        t.type_text("Durand")
        t.send_keys("Tab", "Tab")
        t.type_text("Paul")
        t.wait_for("Paul")
        t.send_keys("Escape")
        t.wait_for("Abandonner la saisie ? (o/n)")
        t.send_keys("n")  # stays, everything kept
        t.wait_gone("Abandonner la saisie")
        self.assertIn("Durand", field_line(t, "Nom  "))
        self.assertIn("Paul", field_line(t, "Prénoms"))
        t.type_text("ine")  # the cursor is still in Prénoms
        t.wait_for("Pauline")
        t.send_keys("Escape")
        t.wait_for("Abandonner la saisie ? (o/n)")
        t.send_keys("o")
        t.wait_for("Qui arrive ?")
        t.assert_not_on_screen("Durand")

    def test_escape_asks_before_dropping_a_changed_correction(self):
        t = self.demo_term()
        self.home(t)
        t.send_keys("Enter")  # Moreau Sylvie, first waiting: take in charge
        t.wait_for("pris en charge")
        t.send_keys("Enter")
        t.wait_for("Clore la demande de Moreau Sylvie")
        t.type_text("c")
        t.wait_for(r"Partenaire +CAF", regex=True)
        t.send_keys("F2", "F4")  # saved, without the visitor's answer
        t.wait_for("Demande de Moreau Sylvie enregistrée.")
        self.assertIn("Terminé", t.line_with("Moreau Sylvie"))
        t.send_keys("c")
        t.wait_for("Corriger la demande de Moreau Sylvie")
        t.send_keys("Escape")  # nothing changed: leaves at once
        t.wait_for("Par partenaire")
        t.assert_not_on_screen("Abandonner la saisie")
        t.send_keys("c")
        t.wait_for("Corriger la demande de Moreau Sylvie")
        t.send_keys(*(["Tab"] * 8))  # the comment, last field
        t.type_text("rappeler lundi")
        t.wait_for("rappeler lundi")
        t.send_keys("Escape")
        t.wait_for("Abandonner la saisie ? (o/n)")
        t.send_keys("n")
        t.wait_gone("Abandonner la saisie")
        t.assert_on_screen("rappeler lundi")
        t.assert_on_screen("Corriger la demande de Moreau Sylvie")
        t.send_keys("Escape")
        t.wait_for("Abandonner la saisie ? (o/n)")
        t.send_keys("o")
        t.wait_for("Par partenaire")
        t.assert_not_on_screen("Corriger la demande")

    def test_second_partner_error_is_under_its_own_demarche(self):
        t = self.demo_term(height=40)
        self.home(t)
        t.send_keys("Enter")  # Moreau Sylvie: take in charge, then close
        t.wait_for("pris en charge")
        t.send_keys("Enter")
        t.wait_for("Clore la demande de Moreau Sylvie")
        t.type_text("c")
        t.wait_for(r"Partenaire +CAF", regex=True)
        t.send_keys("Tab")
        t.type_text("soc")
        t.wait_for("Social - Santé")
        t.send_keys("Tab", "Tab")
        t.type_text("acc")  # an accompaniment: each partner needs a démarche
        t.wait_for("Accompagnement")
        t.send_keys("F3")
        t.wait_for("Partenaire 2")
        t.type_text("ass")
        t.wait_for(r"Partenaire 2 +Assurance maladie", regex=True)
        t.send_keys("F2")
        t.wait_for("Objet n° 2 : précisez la famille de démarches")
        lines = t.lines()
        p2 = next(i for i, l in enumerate(lines) if "Partenaire 2" in l)
        dem = next(i for i in range(p2 + 1, len(lines)) if "Démarche" in lines[i])
        err = next(i for i, l in enumerate(lines) if "Objet n° 2" in l)
        self.assertGreaterEqual(err, dem)  # with partner 2's démarche, not partner 1's
        self.assertLess(err, dem + 2)
        t.type_text("soc")  # the focus is on partner 2's démarche
        t.wait_for(r"Démarche +Social - Santé\n(?:.*\n)*.*Démarche +Social - Santé", regex=True)
        t.send_keys("F2", "F4")  # saved, without the visitor's answer
        t.wait_for("Demande de Moreau Sylvie enregistrée.")

    def test_information_request_may_name_only_the_partners(self):
        t = self.demo_term(height=40)
        self.home(t)
        t.send_keys("Enter")
        t.wait_for("pris en charge")
        t.send_keys("Enter")
        t.wait_for("Clore la demande de Moreau Sylvie")
        t.type_text("c")  # information (prefilled), no démarche
        t.wait_for(r"Partenaire +CAF", regex=True)
        t.send_keys("F3")
        t.wait_for("Partenaire 2")
        t.type_text("ass")  # no démarche for partner 2 either
        t.wait_for(r"Partenaire 2 +Assurance maladie", regex=True)
        t.send_keys("F2", "F4")  # saved, without the visitor's answer
        t.wait_for("Demande de Moreau Sylvie enregistrée.")

    def test_closing_a_colleagues_request_asks_first(self):
        t = self.demo_term()
        s = self.home(t)
        states = ("En attente", "En cours", "Terminé", "Parti")
        rows = [l for l in s.split("\n") if any(x in l for x in states)]
        karim = next(i for i, l in enumerate(rows) if "En cours" in l and "Karim Benali" in l)
        name = rows[karim].split("En cours")[0].split()[-2:]  # the visitor's name
        if karim:
            t.send_keys(*(["Down"] * karim))
        t.send_keys("Enter")
        t.wait_for("Cette demande est suivie par Karim Benali. La clore")
        t.assert_on_screen("vous-même ? (o/n)")
        t.send_keys("n")
        t.wait_gone("Cette demande est suivie par")
        t.assert_not_on_screen("Clore la demande")
        t.send_keys("Enter")
        t.wait_for("Cette demande est suivie par Karim Benali.")
        t.send_keys("o")
        t.wait_for("Clore la demande de")
        t.assert_not_on_screen("Cette demande est suivie par")
        self.assertTrue(all(n in t.screen() for n in name), name)

    def test_duration_and_commune_are_checked_when_left(self):
        t = self.demo_term()
        self.home(t)
        t.send_keys("Enter")
        t.wait_for("pris en charge")
        t.send_keys("Enter")
        t.wait_for("Clore la demande de Moreau Sylvie")
        t.send_keys(*(["Tab"] * 6))  # Durée (minutes)
        t.send_keys("C-u")
        t.type_text("abc")  # letters are refused at once, saying why
        t.wait_for("Durée : des chiffres seulement, en minutes (0 à 480).")
        self.assertNotIn("abc", field_line(t, "Durée (minutes)"))
        t.type_text("999")
        t.wait_for(r"Durée \(minutes\) +999 ", regex=True)
        t.send_keys("Tab")  # leaving the field checks it, before any F2
        t.wait_for("Durée : un nombre de minutes entre 0 et 480.")
        t.assert_on_screen("Clore la demande de Moreau Sylvie")
        t.send_keys("BTab", "C-u")
        t.type_text("25")
        t.send_keys("Tab")
        t.wait_gone("Durée : un nombre de minutes")
        t.send_keys("Escape")
        t.wait_for("Abandonner la saisie ? (o/n)")
        t.send_keys("o")
        t.wait_for("Par partenaire")
        # the anonymous arrival's commune
        t.send_keys("a")
        t.wait_for("Qui arrive ?")
        t.send_keys("x")
        t.wait_for("Tranche d'âge")
        t.send_keys("Tab", "Tab")
        t.type_text("Saint")
        t.send_keys("Tab")  # leaving it: checked at once
        t.wait_for("Commune : plusieurs communes pour « Saint »")
        self.assertIn("Saint", field_line(t, "Commune  "))
        t.assert_not_on_screen("Arrivée anonyme enregistrée.")

    def test_search_by_phone_shows_the_phone_that_matched(self):
        t = self.demo_term()
        self.home(t)
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.type_text("vasseur")  # by name: no phone column
        t.wait_for("Vasseur Françoise")
        t.assert_not_on_screen("Téléphone")
        t.send_keys("C-u")
        t.type_text("0639987226")  # the demo's Vasseur Françoise
        t.wait_for("Vasseur Françoise")
        header = t.line_with("Naissance")
        for col in ("Nom", "Commune", "Dernière venue", "Téléphone"):
            self.assertIn(col, header)
        self.assertIn("06 39 98 72 26", t.line_with("Vasseur Françoise"))
        t.send_keys("C-u")
        t.type_text("06 39")  # a full list (scroll mark): each phone still whole
        t.wait_for("Plus de 100 résultats")
        # the rows: a birth year, then the commune by its name
        rows = [l for l in t.lines() if re.search(r"\b(19|20)\d\d +[A-ZÀ-Ý]", l)]
        self.assertGreater(len(rows), 5)
        for l in rows:
            self.assertRegex(l, r"06 39 \d\d \d\d \d\d")

    def test_validation_error_in_french_keeps_what_was_typed(self):
        t = self.demo_term()
        self.home(t)
        t.send_keys("a")
        t.wait_for("Qui arrive ?")
        t.send_keys("n")
        t.wait_for("Nouveau visiteur")
        t.type_text("Durand-Éluard")
        t.send_keys("Tab", "Tab", "Tab")
        t.type_text("31/02/1990")
        t.send_keys("Tab")  # leaving the field checks it
        t.wait_for("Date de naissance :")
        self.assertIn("31/02/1990", field_line(t, "Date de naissance"))
        t.send_keys("Tab")  # Sexe
        t.type_text("0612")  # not a commune code
        t.send_keys("Tab")
        t.wait_for("Commune : le code INSEE")
        t.send_keys("F2")  # save refused: first error shown, nothing lost
        t.wait_for("Date de naissance :")
        self.assertIn("Durand-Éluard", field_line(t, "Nom  "))
        self.assertIn("31/02/1990", field_line(t, "Date de naissance"))
        t.assert_on_screen("Nouveau visiteur")

    def test_300_character_name_is_refused_with_the_maximum(self):
        t = self.demo_term()
        self.home(t)
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.send_keys("F3")
        t.wait_for("Nouveau visiteur")
        t.assert_on_screen("(max 80)")
        t.type_text("A" * 300)
        t.wait_for("Nom : 80 caractères au maximum (300 tapés).")
        t.send_keys("F2")
        t.wait_for("Rien n'est enregistré : raccourcissez le texte trop long.")
        t.assert_on_screen("Nom : 80 caractères au maximum (300 tapés).")
        t.assert_on_screen("Nouveau visiteur")  # still the form: nothing saved
        t.send_keys("Escape")  # the form is left once confirmed: back to the search
        t.wait_for("Abandonner la saisie ? (o/n)")
        t.send_keys("o")
        t.wait_for("Rechercher un visiteur")
        t.send_keys("Escape")
        t.wait_for("Par partenaire")
        t.send_keys("r")
        t.type_text("aaaa")
        t.wait_for("Aucun visiteur trouvé.")



if __name__ == "__main__":
    uidrv.main()
