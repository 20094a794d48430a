"""Agenda screens, end to end on a demo database.

The clock is fixed on Tuesday 24 March 2026, 08:30 in Paris: the demo's CAF
permanence (2nd and 4th Tuesdays, 09:00–12:00) is open that morning and
already holds a few appointments. Two desks (two guichet processes on one
database file) race for the same free slot: the second one is refused with
the core's French message and sees the slots again. Then the visitor's
arrival is marked and the day sheet saved to a file that lists them.
"""
import glob
import os
import re
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402

CLOCK = "2026-03-24T07:30:00Z"  # Tuesday 24/03/2026 08:30 Europe/Paris (CET)
SLOT_RE = re.compile(r"(mar\. 24/03 \d\d:\d\d–\d\d:\d\d)  CAF — permanence")
IMPRESSIONS = os.path.join("home", ".local", "share", "guichet", "impressions")


def saved_day_sheet(t, day):
    """Saves the day sheet previewed on screen (e) and reads the file back."""
    t.send_keys("e")
    t.wait_for("Enregistré dans")
    with open(os.path.join(t.tmp, IMPRESSIONS, "feuille-du-jour-%s.txt" % day),
              encoding="utf-8") as f:
        return f.read()


def open_agenda(t, login="accueil"):
    t.login(login, login + "-demo")
    t.send_keys("g")
    t.wait_for("Mardi 24 mars 2026 (aujourd'hui)")
    t.wait_for("Heure")


def free_caf_slots(t):
    """From the day view: book, motif « Dossier CAF », the slots list.
    Returns the first free slot shown (today's CAF permanence)."""
    t.send_keys("p")
    t.wait_for("1. Motif du rendez-vous")
    t.type_text("dossier caf")
    t.wait_gone("Conciliation")  # the list is filtered as one types
    t.send_keys("Enter")
    t.wait_for("2. Créneaux libres")
    m = SLOT_RE.search(t.wait_for(SLOT_RE.pattern, regex=True))
    return m.group(1)


def pick_visitor(t, query, name):
    """In the visitor picker: search as you type, then Entrée on the first."""
    t.wait_for("Rechercher")
    t.type_text(query)
    t.wait_for(name)
    t.wait_for("1 visiteur trouvé.")  # the one asked for is the first line
    t.send_keys("Enter")
    t.wait_for("4. Vérifiez puis confirmez")
    t.assert_on_screen(name)


class AgendaTest(uidrv.ScreenCase):
    def test_two_desks_book_the_same_slot_then_arrival_and_day_sheet(self):
        a = self.demo_term(clock=CLOCK)
        a.login("accueil", "accueil-demo")
        a.assert_not_on_screen("Œhmichen Anne-Sophie")  # not in today's queue yet
        a.send_keys("g")
        a.wait_for("Mardi 24 mars 2026 (aujourd'hui)")
        a.wait_for("Heure")
        # the day view: the CAF permanence with its appointments and free time
        a.assert_on_screen("CAF — permanence")
        a.assert_on_screen("· libre ·")
        a.assert_on_screen("[TÉL]")  # phone appointments are flagged

        # a second desk on the same database file
        b = self.term(["--demo", "--db", a.path("demo.db")], clock=CLOCK, tmpdir=a.tmp)
        open_agenda(b, "conseiller")
        slot_b = free_caf_slots(b)  # desk B looks at the free slots first…

        slot_a = free_caf_slots(a)
        self.assertEqual(slot_a, slot_b)
        a.send_keys("Enter")  # …desk A takes the first one
        pick_visitor(a, "Œhmichen Anne", "Œhmichen Anne-Sophie")
        a.send_keys("Enter")
        a.wait_for("Rendez-vous enregistré")

        # desk B picks the same slot from its (now stale) list
        b.send_keys("Enter")
        pick_visitor(b, "Haddad Anaïs", "Haddad Anaïs")
        b.send_keys("Enter")
        s = b.wait_for("Ce créneau vient d'être pris")
        self.assertIn("Rendez-vous non enregistré", s)
        self.assertIn("Choisissez un autre créneau", s.replace("\n", " "))
        b.send_keys("Enter")  # closes the message: the slots as they are now
        b.wait_gone("Rendez-vous non enregistré")
        first = SLOT_RE.search(b.screen())
        self.assertTrue(first is None or first.group(1) != slot_a,
                        "the taken slot is still offered first")

        # desk A: back to the day, the new appointment is there and selected
        a.send_keys("Escape")
        s = a.wait_for("Œhmichen Anne-Sophie · À venir")  # the detail line
        start = slot_a.split()[2].split("–")[0]
        self.assertIn("Œhmichen", a.line_with(start + "–"))
        a.send_keys("a")  # arrived (before the start time)
        if int(start[:2]) * 60 + int(start[3:]) > 9 * 60 + 30:  # more than 1 h ahead
            a.wait_for("Noter l'arrivée maintenant ?")
            a.send_keys("o")
        a.wait_for("est arrivé(e)")
        self.assertIn("Arrivé 08:30", a.line_with(start + "–"))

        # the day sheet, previewed then saved where the screen says
        a.send_keys("i")
        a.wait_for("Feuille du jour du mardi 24 mars 2026")
        a.wait_for("FEUILLE DU JOUR")
        a.send_keys("e")
        s = a.wait_for("Enregistré dans")
        path = os.path.join(a.tmp, IMPRESSIONS, "feuille-du-jour-2026-03-24.txt")
        self.assertIn("feuille-du-jour-2026-03-24.txt", s.replace("\n ", ""))
        with open(path, encoding="utf-8") as f:
            sheet = f.read()
        line = [l for l in sheet.split("\n") if "Œhmichen Anne-Sophie" in l]
        self.assertEqual(len(line), 1, sheet)
        self.assertIn(start, line[0])
        self.assertIn("08:30", line[0][len(start) + 6:])  # the arrival column
        # one appointment only in that slot: desk B's booking never happened
        self.assertEqual(len([l for l in sheet.split("\n") if l.startswith(start + "-")]), 1,
                         sheet)
        # the arrival entered the day's queue of the intake screen
        a.send_keys("Escape")
        a.wait_for("Agenda · journée du site")
        a.send_keys("Escape")
        a.wait_gone("Agenda · journée du site")
        a.wait_for("Œhmichen Anne-Sophie")  # the home screen shows the day's queue

    def test_dates_week_and_impossible_date(self):
        t = self.demo_term(clock=CLOCK)
        open_agenda(t)
        t.send_keys("j")
        t.wait_for("Aller à une date")
        t.type_text("31/02/2026")
        t.send_keys("Enter")
        t.wait_for("Le 31/02/2026 n'existe pas")
        t.send_keys("C-u")
        t.type_text("demain")
        t.send_keys("Enter")
        t.wait_for("mal écrite : tapez JJ/MM/AAAA")
        t.send_keys("C-u")
        t.type_text("07/04/2026")
        t.send_keys("Enter")
        t.wait_for("Mardi 7 avril 2026")
        t.assert_not_on_screen("aujourd'hui")
        t.send_keys("Right")
        t.wait_for("Mercredi 8 avril 2026")
        t.send_keys("Left", "Left")
        t.wait_for("Lundi 6 avril 2026")
        # the week of the selected resource, moved by a week with ←/→
        t.send_keys("s")
        t.wait_for("Semaine du lundi 6 avril 2026")
        t.send_keys("Right")
        t.wait_for("Semaine du lundi 13 avril 2026")
        t.send_keys("Escape")  # back to the site's day
        t.wait_for("Agenda · journée du site")
        t.send_keys("t")
        t.wait_for("Mardi 24 mars 2026 (aujourd'hui)")

    def test_a_week_with_nothing_says_so_and_the_desk_goes_on(self):
        """A week where the resource has neither an opening nor an
        appointment (the demo's CAF permanence is on the 2nd and 4th
        Tuesdays): →/← onto it hung the desk for good, at full processor
        and deaf to SIGTERM (the selection walked the week's seven day
        titles back and forth, found on the ten-year bench base)."""
        t = self.demo_term(clock=CLOCK)
        open_agenda(t)
        t.send_keys("s")
        t.wait_for("Semaine du lundi 23 mars 2026 · CAF — permanence")
        t.send_keys("Right")
        t.wait_for("Semaine du lundi 30 mars 2026 · CAF — permanence")
        t.wait_for("Aucune ouverture ni aucun rendez-vous cette semaine.")
        t.assert_not_on_screen("mardi 31 mars 2026")  # no empty day titles
        t.send_keys("Right")
        t.wait_for("Semaine du lundi 6 avril 2026 · CAF — permanence")
        t.send_keys("Right")
        t.wait_for("Semaine du lundi 13 avril 2026 · CAF — permanence")
        t.wait_for("mardi 14 avril 2026")
        t.wait_gone("Aucune ouverture ni aucun rendez-vous cette semaine.")
        t.send_keys("Left", "Left", "Left")
        t.wait_for("Semaine du lundi 23 mars 2026 · CAF — permanence")
        t.send_keys("Escape")
        t.wait_for("Agenda · journée du site")

    def test_the_day_view_counts_what_the_day_sheet_counts(self):
        """The day view's header and the printed day sheet gave two counts
        of the same day (85 and 86 on the ten-year bench base): the screen
        left out the person marked absent, whom the sheet lists, and its
        « arrivés » left out those marked honoured afterwards, whom the
        sheet says « venu »."""
        t = self.demo_term(clock=CLOCK)
        open_agenda(t)
        t.send_keys("Left")
        s = t.wait_for("Lundi 23 mars 2026")
        shown = re.search(r"(\d+) rendez-vous · arrivés : (\d+)", s)
        self.assertIsNotNone(shown, s)
        t.send_keys("i")
        t.wait_for("Feuille du jour du lundi 23 mars 2026")
        sheet = saved_day_sheet(t, "2026-03-23")
        live = int(re.search(r"— (\d+) rendez-vous", sheet).group(1))
        rows = [l.rstrip() for l in sheet.split("\n") if re.match(r"\d\d:\d\d-\d\d:\d\d ", l)]
        self.assertEqual(len(rows), live, sheet)
        # the case at stake: the demo's Monday has someone marked absent
        self.assertTrue(any(l.endswith("absent") for l in rows), sheet)
        came = [l for l in rows if re.search(r"(venu|\d\d:\d\d)$", l)]
        self.assertEqual((int(shown.group(1)), int(shown.group(2))), (live, len(came)), sheet)

    def test_go_to_a_date_typed_short(self):
        # issue 13 defect 7: 1/4/26 and 01042026 were refused
        t = self.demo_term(clock=CLOCK)
        open_agenda(t)
        t.send_keys("j")
        t.wait_for("Aller à une date")
        t.assert_on_screen("Aussi 1/3/26 ou 01032026 (26 = 2026).")
        t.type_text("9/4/26")
        t.send_keys("Enter")
        t.wait_for("Jeudi 9 avril 2026")
        t.send_keys("j")
        t.wait_for("Aller à une date")
        t.type_text("01042026")
        t.send_keys("Enter")
        t.wait_for("Mercredi 1er avril 2026")

    def test_week_day_titles_are_not_lines_and_past_free_time_is_not_offered(self):
        """Issue 13, desk defect 4: in the week the cursor never stops on a
        day's title (where letters acted on nothing the user could see);
        a free stretch that is over offers no booking."""
        t = self.demo_term(clock=CLOCK)
        open_agenda(t)
        t.send_keys("s")
        t.wait_for("Semaine du lundi 23 mars 2026")
        titles = [l.strip() for l in t.lines() if re.match(r" ?\w+ \d+ mars 2026$", l)]
        self.assertEqual(len(titles), 7, t.screen())
        for key in ["Up"] * 3 + ["Down"] * 12 + ["Up"] * 12 + ["PPage", "NPage", "Home", "End"]:
            t.send_keys(key)
            lines, roles = t.lines(), t.roles()
            for y, line in enumerate(lines[:-1]):
                if line.strip() in titles:
                    self.assertNotIn("S", roles[y], "%s selected after %s" % (line, key))
            rule = next(i for i, l in enumerate(lines) if l.strip().startswith("────"))
            self.assertTrue(lines[rule + 1].strip(), "no line chosen after %s" % key)
        # the day before today: its free time is over
        t.send_keys("Escape")
        t.wait_for("Agenda · journée du site")
        t.send_keys("Left")
        t.wait_for("Lundi 23 mars 2026")
        for _ in range(10):
            if "créneau passé" in t.screen():
                break
            t.send_keys("Down")
        t.assert_on_screen("Libre 16:15–17:00 · créneau passé : plus de rendez-vous possible")
        self.assertIn("· passé ·", t.line_with("16:15–17:00 "))
        t.assert_not_on_screen("prendre un rendez-vous")
        t.send_keys("Enter")
        t.wait_for("Ce créneau est passé : on ne peut plus y prendre de rendez-vous.")
        t.assert_not_on_screen("1. Motif du rendez-vous")

    def test_to_fill_and_reminder_calls(self):
        t = self.demo_term(clock=CLOCK)
        open_agenda(t)
        t.send_keys("r")
        s = t.wait_for(r"(\d+) rendez-vous passés? à renseigner", regex=True)
        n = int(re.search(r"(\d+) rendez-vous passés? à renseigner", s).group(1))
        self.assertGreater(n, 0)  # the demo leaves some past ones unqualified
        t.send_keys("h")
        t.wait_for("Rendez-vous honoré.")
        t.wait_for("%d rendez-vous pass" % (n - 1))
        t.send_keys("Escape")
        t.wait_for("Agenda · journée du site")
        # tomorrow's (next opening day's) calls, with the phones
        t.send_keys("c")
        s = t.wait_for("Appels de rappel pour le")
        self.assertIn("À appeler", s)
        t.send_keys("1")
        t.wait_for(": Appelé.")
        t.send_keys("Up", "3")
        t.wait_for(": Injoignable.")

    def test_early_arrival_is_confirmed_and_arrived_cannot_be_cancelled(self):
        t = self.demo_term(clock=CLOCK)
        open_agenda(t)
        t.send_keys(*["Down"] * 7)  # the 14:00 appointment of the Conseiller
        t.wait_for("Charpentier")
        t.wait_for(r"Charpentier \S+ · À venir", regex=True)
        self.assertIn("14:00–", t.line_with("Charpentier"))
        # 08:30 for a 14:00 appointment: the desk is asked first
        t.send_keys("a")
        t.wait_for("Le rendez-vous est à 14:00. Noter l'arrivée maintenant ?")
        t.send_keys("n")
        t.wait_gone("Noter l'arrivée maintenant")
        self.assertNotIn("Arrivé", t.line_with("14:00–"))
        t.send_keys("a")
        t.wait_for("Noter l'arrivée maintenant")
        t.send_keys("o")
        t.wait_for("est arrivé(e)")
        self.assertIn("Arrivé 08:30", t.line_with("14:00–"))
        # someone who is here cannot be cancelled: the core's reason is shown
        t.send_keys("u")
        t.wait_for("La personne est déjà arrivée : à 08:30")
        t.assert_not_on_screen("Annuler un rendez-vous")
        # a 09:00 appointment at 08:30: no question
        t.send_keys(*["Up"] * 7)
        t.wait_for(r"Rémy \S+ \S+ · À venir", regex=True)
        t.send_keys("a")
        t.wait_for("Rémy Thị Lan est arrivé(e)")
        self.assertIn("Arrivé 08:30", t.line_with("09:00–"))

    def test_day_sheet_keeps_the_room_and_phones_are_readable(self):
        t = self.demo_term(clock=CLOCK)
        open_agenda(t)
        t.assert_not_on_screen("+33")
        t.send_keys("i")
        t.wait_for("FEUILLE DU JOUR")
        sheet = saved_day_sheet(t, "2026-03-24")
        rooms = [l for l in sheet.split("\n")
                 if "Accompagnement aux" in l and "Conseiller France services (Bureau 1)" in l]
        self.assertEqual(len(rooms), 2, sheet)  # each of the Conseiller's appointments
        self.assertNotIn("+33", sheet)
        self.assertNotIn("+262", sheet)
        self.assertRegex(sheet, r"0\d \d\d \d\d \d\d \d\d")

    def test_day_sheet_carries_the_site_saved_in_the_print_folder_in_ascii(self):
        # issue 13 defect 9: the site's name only, a fixed folder, UTF-8 only
        tmp = tempfile.mkdtemp(prefix="guichet-ui-")
        folder = os.path.join(tmp, "fiches", "accueil")
        t = self.demo_term(clock=CLOCK, tmpdir=tmp, config=(
            "[site]\naddress = 1 place de l'Église, 58310 Saint-Amand-en-Puisaye\n"
            "phone = 03 86 39 63 00\nhours = \"Mo-Fr 08:30-12:00,13:30-17:00; PH off\"\n"
            "[print]\nfolder = %s\nascii = oui\n" % folder))
        self.addCleanup(shutil.rmtree, tmp, True)
        open_agenda(t)
        t.send_keys("i")
        t.wait_for("FEUILLE DU JOUR")
        t.assert_on_screen("1 place de l'Eglise, 58310 Saint-Amand-en-Puisaye")  # as printed
        t.assert_on_screen("Tel. 03 86 39 63 00")
        t.assert_on_screen("Horaires : du lundi au vendredi : 08:30-12:00, 13:30-17:00")
        t.send_keys("e")
        t.wait_for("Enregistré dans")
        path = os.path.join(folder, "feuille-du-jour-2026-03-24.txt")
        with open(path, "rb") as f:
            sheet = f.read()
        self.assertTrue(all(b < 0x80 for b in sheet))
        self.assertIn(b"\n1 place de l'Eglise, 58310 Saint-Amand-en-Puisaye\n", sheet)
        self.assertIn(b"\nTel. 03 86 39 63 00\n", sheet)
        self.assertFalse(os.path.exists(os.path.join(tmp, IMPRESSIONS)))

    def open_file(self, t, last, first):
        """From the home screen: r, the visitor picker, the visitor's file."""
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.type_text("%s %s" % (last, first))
        t.wait_for("%s %s" % (last, first))
        t.wait_for("1 visiteur trouvé.")
        t.send_keys("Enter")
        t.wait_for("Fiche visiteur")
        return t.wait_for("Rendez-vous :")

    def test_visitor_file_shows_appointments_and_note_counts(self):
        t = self.demo_term(clock=CLOCK)
        t.wait_for("Comptes de démonstration")
        db = sqlite3.connect("file:%s?mode=ro" % t.path("demo.db"), uri=True)
        try:
            # the demo's conseiller wrote a private note on the first visitor
            noted = db.execute("SELECT last_name, first_names FROM visitor WHERE merged_into IS "
                               "NULL AND anonymised_at IS NULL ORDER BY id LIMIT 1").fetchone()
        finally:
            db.close()
        t.login("conseiller", "conseiller-demo")
        # Charpentier Karim: today 14:00 and 10/04, one honoured on 10/03
        self.open_file(t, "Charpentier", "Karim")
        line = t.line_with("Rendez-vous :")
        self.assertIn("2 à venir : mar. 24/03 14:00 Conseiller", line)
        self.assertIn("1 passé", line)
        t.send_keys("r")
        t.wait_for("Rendez-vous de Charpentier Karim")
        self.assertIn("Rendez-vous honoré", t.line_with("10/03/2026 15:30"))
        self.assertIn("Déclaration de revenus", t.line_with("10/04/2026 14:45"))
        # the next one is selected; Entrée opens the agenda on its day
        t.send_keys("Enter")
        t.wait_for("Agenda · journée du site")
        t.wait_for("Charpentier Karim · À venir")  # the detail line of the selection
        t.send_keys("Escape")
        t.wait_for("Rendez-vous de Charpentier Karim")
        t.send_keys("Escape")
        t.wait_for("Fiche visiteur")
        t.send_keys("Escape")
        t.wait_gone("Fiche visiteur")
        # notes: the author sees she can read it; reception that it exists
        self.open_file(t, *noted)
        self.assertIn("1 lisible", t.line_with("Notes confidentielles :"))
        t.send_keys("F8")
        t.wait_for("Identifiez-vous")
        t.login("accueil", "accueil-demo")
        self.open_file(t, *noted)
        line = t.line_with("Notes confidentielles :")
        self.assertIn("1 non lisible par vous", line)
        self.assertNotIn("1 lisible", line)

    def test_slip_preview_says_where_it_will_be_saved(self):
        t = self.demo_term(clock=CLOCK)
        open_agenda(t)
        t.wait_for(r"Rémy \S+ \S+ · À venir", regex=True)  # 09:00, selected
        t.send_keys("f")
        s = t.wait_for("VOTRE RENDEZ-VOUS")
        impressions = os.path.join(t.tmp, IMPRESSIONS)
        # before `e`: the folder only, the file does not exist yet
        s = t.wait_for("Sera enregistrée dans :")
        self.assertNotIn("rendez-vous-2026", s)
        self.assertNotIn("Fichier :", s)
        self.assertEqual(glob.glob(os.path.join(impressions, "rendez-vous-*")), [])
        lines = s.split("\n")
        i = [n for n, l in enumerate(lines) if "Sera enregistrée dans :" in l][0]
        shown = (lines[i].split("Sera enregistrée dans :")[1] + lines[i + 1]).strip()
        # the folder whole, or its end after « … », never cut inside a name
        if shown.startswith("…"):
            self.assertTrue(shown.startswith("…/") and impressions.endswith(shown[1:]), shown)
        else:
            self.assertEqual(shown, impressions)
        t.send_keys("e")
        s = t.wait_for("Enregistré dans :")
        saved = glob.glob(os.path.join(impressions, "rendez-vous-2026-03-24-*.txt"))
        self.assertEqual(len(saved), 1)
        name = os.path.basename(saved[0])
        line = t.line_with(name).strip()  # the file name whole, on one line
        self.assertTrue(line.endswith(name), line)
        self.assertTrue(saved[0].endswith(line.lstrip("…")), line)
        self.assertTrue(line.startswith("…/") or line.startswith("/"), line)
        self.assertNotIn("Sera enregistrée", s)

    def test_print_failure_is_shown(self):
        t = self.term(["--demo", "--db", "{tmp}/demo.db"], clock=CLOCK,
                      config="[print]\ncommand = cat >/dev/null && echo plus de papier >&2 && false\n")
        open_agenda(t)
        t.send_keys("i")
        t.wait_for("FEUILLE DU JOUR")
        t.send_keys("i")
        s = t.wait_for("L'impression a échoué")
        flat = s.replace("\n ", " ")
        self.assertIn("code 1", flat)
        self.assertIn("plus de papier", flat)


if __name__ == "__main__":
    uidrv.main()
