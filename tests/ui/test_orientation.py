"""Orientation: the directory (search without accents, filters, details read
out on the phone), orienting a visitor with the slip saved and printed, and
the follow-up list (validate, refuse, new date, history, automatic expiry),
on a demo database at Monday 30 March 2026, 10:00 in Saint-Amand.

On that base read independently with Python's sqlite3 (Rousseau Michel's
orientation validated, André Patrick's and Œhmichen Anne-Sophie's open and
due): the status keys, offered in the status bar only when the selected
orientation's status allows the move, and a refused key saying why at once
in the status row, without opening a window; the visitor file's line of the
person's orientations, in words that agree in number, in French and in
English (« 2 ouvertes · 3 validées », « 2 open · 3 accepted »); the
directory's and the follow-up list's counts through the English catalog's
plural entries (« 1 referral to follow up… », « 19 services »)."""
import glob
import os
import re
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402

# No idle lock: some tests move the clock by weeks.
NO_LOCK = "[security]\nidle_lock_minutes = 0\n"


class OrientationTest(uidrv.ScreenCase):
    def start(self, config=NO_LOCK, tmpdir=None):
        if tmpdir is None:
            t = self.term(["--demo", "--db", "{tmp}/demo.db"], config=config)
        else:
            t = self.term(["--demo", "--db", "{tmp}/demo.db"], config=config, tmpdir=tmpdir)
        t.login("accueil", "accueil-demo")
        t.send_keys("o")
        t.wait_for("Annuaire des services")
        t.wait_for("Rechercher :")
        return t

    def search(self, t, text, expect_count):
        t.type_text(text)
        t.wait_for(expect_count)

    def orient_epicerie(self, t, followup=None):
        """From the directory: the grocery, Martin Chloé, a reason; returns on
        the slip preview."""
        self.search(t, "epicerie", "1 service")
        t.send_keys("F5")
        t.wait_for("quel visiteur ?")
        t.type_text("martin chlo")
        t.wait_for("Martin Chloé")
        t.send_keys("Enter")
        t.wait_for("Orienter un visiteur vers un service partenaire")
        self.assertIn("Martin Chloé", t.line_with("Visiteur :"))
        self.assertIn("Épicerie solidaire", t.line_with("Service :"))
        t.type_text("Aide alimentaire pour la fin du mois")
        if followup:
            t.send_keys("Tab", "Tab")  # Motif -> Contact -> À suivre le
            t.send_keys("C-u")
            t.type_text(followup)
            t.wait_for(followup)
        t.send_keys("F5")
        t.wait_for("Orienter Martin Chloé vers Épicerie solidaire")
        t.send_keys("o")
        t.wait_for("Aperçu de la fiche à remettre au visiteur")

    # --- the directory ---------------------------------------------------
    def test_search_without_accents_shows_what_to_read_out(self):
        t = self.start()
        self.search(t, "epicerie", "1 service")
        screen = t.screen()
        self.assertIn("Épicerie solidaire", screen)
        self.assertIn("01 99 00 10 03", screen)
        self.assertIn("12 rue des Potiers", screen)
        # Monday 10:00: closed, opens on Wednesday; the week in words
        self.assertIn("fermé — ouvre mercredi", screen)
        self.assertIn("mercredi : 14:00–18:00", screen)
        self.assertIn("La fiche d'orientation.", screen)  # what to bring
        # the full sheet (Entrée) has room for everything on one line each
        t.send_keys("Enter")
        t.wait_for("guichet · Épicerie solidaire")
        self.assertIn("fermé — ouvre mercredi à 14:00", t.line_with("Horaires"))
        self.assertIn("01 99 00 10 03", t.line_with("Téléphone"))
        self.assertIn("payant", t.line_with("Frais"))
        self.assertIn("sur place", t.line_with("Accueil"))
        t.assert_on_screen("Produits alimentaires et d'hygiène à petit prix")
        t.send_keys("Escape")
        t.wait_for("Rechercher : epicerie")
        # another search, refreshed at each key: an open service
        t.send_keys("C-u")
        t.wait_gone("Épicerie solidaire")
        self.search(t, "medico", "1 service")
        t.wait_for("Centre médico-social")
        t.assert_on_screen("ouvert jusqu'à 12:00")
        t.assert_on_screen("01 99 00 10 07")
        # a word of the description finds it too, every word a prefix
        t.send_keys("C-u")
        self.search(t, "scoot", "1 service")
        t.assert_on_screen("Garage solidaire")

    def test_filters_by_partner_theme_and_commune(self):
        t = self.start()
        total = int(re.search(r"(\d+) services", t.screen()).group(1))
        t.send_keys("F2")
        t.wait_for("Filtrer par partenaire")
        t.type_text("caf")
        t.send_keys("Enter")
        t.wait_for("Partenaire : CAF")
        t.wait_for("2 services")
        t.assert_on_screen("Permanence CAF")
        # back to all partners, then a thématique category
        t.send_keys("F2")
        t.wait_for("Filtrer par partenaire")
        t.type_text("tous")
        t.send_keys("Enter")
        t.wait_gone("Partenaire : CAF")
        t.wait_for("%d services" % total)
        t.send_keys("F3")
        t.wait_for("Filtrer par thématique")
        t.type_text("mobilit")
        t.send_keys("Enter")
        t.wait_for("Thématique : Mobilité")
        t.wait_for("1 service")
        t.assert_on_screen("Garage solidaire")
        # a commune: the national operators (no commune) go away
        t.send_keys("F3")
        t.wait_for("Filtrer par thématique")
        t.type_text("toutes")
        t.send_keys("Enter")
        t.wait_gone("Thématique : Mobilité")
        t.wait_for("%d services" % total)
        t.send_keys("F4")
        t.wait_for("Filtrer par commune")
        t.type_text("saint-amand")
        t.send_keys("Enter")
        t.wait_for("Commune : Saint-Amand-en-Puisaye")
        t.wait_gone("Assurance maladie")
        t.assert_on_screen("CCAS de Saint-Amand")

    # --- orienting, the slip ---------------------------------------------
    def test_orient_a_visitor_then_slip_file_and_followup_list(self):
        t = self.start()
        self.orient_epicerie(t, followup="30/03/2026")
        t.assert_on_screen("Pour : Martin Chloé")
        t.assert_on_screen("aucune imprimante réglée")
        t.send_keys("e")
        t.wait_for("Fiche enregistrée dans")
        files = glob.glob(os.path.join(
            t.tmp, "home/.local/share/guichet/impressions/orientation-20260330-*.txt"))
        self.assertEqual(len(files), 1, files)
        # the screen says where (the path may wrap over two lines)
        flat = "".join(line.strip() for line in t.lines())
        self.assertIn(files[0], flat)
        with open(files[0], encoding="utf-8") as f:
            slip = f.read()
        self.assertIn("01 99 00 10 03", slip)  # the service's phone
        self.assertIn("mercredi : 14:00–18:00", slip)  # its hours in words
        self.assertIn("samedi : 09:00–12:00", slip)
        self.assertIn("Aide alimentaire pour la fin du mois", slip)
        for line in slip.split("\n"):
            self.assertLessEqual(len(line), 80, line)
        # back in the directory, the follow-up list has it (due today)
        t.send_keys("Escape")
        t.wait_for("Rechercher :")
        t.send_keys("F6")
        t.wait_for("Orientations à suivre")
        t.wait_for("Martin Chloé")
        row = t.line_with("Martin Chloé")
        self.assertIn("30/03/2026", row)
        self.assertIn("aujourd'hui", row)
        self.assertIn("Épicerie solidaire", row)
        t.wait_for("3 orientations à suivre aujourd'hui ou en retard")

    def test_default_followup_date_and_missing_choices(self):
        t = self.start()
        self.search(t, "epicerie", "1 service")
        t.send_keys("F5")
        t.wait_for("quel visiteur ?")
        t.type_text("martin chlo")
        t.wait_for("Martin Chloé")
        t.send_keys("Enter")
        t.wait_for("À suivre le :")
        # 10 days by default ([orientation] followup_days)
        self.assertIn("09/04/2026", t.line_with("À suivre le :"))
        # a date in the past is refused, what was typed stays
        t.send_keys("Tab", "Tab", "C-u")
        t.type_text("01/03/2026")
        t.send_keys("Enter")
        t.wait_for("La date de suivi est passée")
        self.assertIn("01/03/2026", t.line_with("À suivre le :"))
        t.send_keys("C-u")
        t.type_text("31/02/2026")
        t.send_keys("F5")
        t.wait_for("31/02/2026")
        t.assert_not_on_screen("(o/n)")

    def test_print_failure_is_shown_and_print_success_too(self):
        tmp = tempfile.mkdtemp(prefix="guichet-e2e-")
        self.addCleanup(shutil.rmtree, tmp, True)
        printed = os.path.join(tmp, "printed.txt")
        t = self.start(config=NO_LOCK + "[print]\ncommand = false\n", tmpdir=tmp)
        self.orient_epicerie(t)
        t.send_keys("i")
        t.wait_for("Impression impossible")
        t.close()
        # the same with a printer that works (the text arrives on its stdin)
        t = self.start(config=NO_LOCK + "[print]\ncommand = cat > %s\n" % printed, tmpdir=tmp)
        self.orient_epicerie(t)
        t.send_keys("i")
        t.wait_for("Fiche envoyée à l'imprimante")
        with open(printed, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("01 99 00 10 03", text)
        self.assertIn("Épicerie solidaire", text)

    def test_orient_from_the_visitor_file(self):
        t = self.term(["--demo", "--db", "{tmp}/demo.db"], config=NO_LOCK)
        t.login("accueil", "accueil-demo")
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.type_text("martin chlo")
        t.wait_for("Martin Chloé")
        t.send_keys("Enter")
        t.wait_for("Fiche visiteur")
        t.wait_for("Orientations")
        t.send_keys("o")
        t.wait_for("Orientations du visiteur")
        t.assert_not_on_screen("Vestiaire solidaire")
        # F5: the form knows the visitor and starts with the directory
        t.send_keys("F5")
        t.wait_for("choisir le service dans l'annuaire")
        t.type_text("vestiaire")
        t.wait_for("1 service")
        t.send_keys("Enter")
        t.wait_for("Orienter un visiteur vers un service partenaire")
        self.assertIn("Martin Chloé", t.line_with("Visiteur :"))
        self.assertIn("Vestiaire solidaire", t.line_with("Service :"))
        # the service is chosen: what is typed is the reason
        self.assertIn("09/04/2026", t.line_with("À suivre le :"))  # today + 10 days
        t.type_text("Vêtements chauds pour l'hiver")
        t.wait_for("Vêtements chauds pour l'hiver")
        self.assertIn("Vêtements chauds pour l'hiver", t.line_with("Motif :"))
        # Échap on a form with something typed asks before dropping it
        t.send_keys("Escape")
        t.wait_for("Abandonner la saisie ? (o/n)")
        t.send_keys("n")
        t.wait_gone("Abandonner la saisie")
        self.assertIn("Vêtements chauds pour l'hiver", t.line_with("Motif :"))
        # letters typed on a chosen line (here Service) go to the reason too
        t.send_keys("Up", "Up")
        t.type_text("!")
        t.wait_for("l'hiver!")
        self.assertIn("Vêtements chauds pour l'hiver!", t.line_with("Motif :"))
        t.send_keys("BSpace")
        t.wait_gone("l'hiver!")
        t.send_keys("F5")
        t.wait_for("(o/n)")
        t.send_keys("o")
        t.wait_for("Aperçu de la fiche à remettre au visiteur")
        # back to the visitor's orientations: the new one is there
        t.send_keys("Escape")
        t.wait_for("Orientations du visiteur")
        t.wait_for("Vestiaire solidaire")
        self.assertIn("à venir", t.line_with("Vestiaire solidaire"))
        t.send_keys("Escape")
        t.wait_for("Fiche visiteur")
        self.assertIn("ouverte", t.line_with("Orientations"))

    def test_escape_on_an_untouched_form_leaves_at_once_else_asks(self):
        t = self.start()
        self.search(t, "epicerie", "1 service")
        t.send_keys("F5")
        t.wait_for("quel visiteur ?")
        t.type_text("martin chlo")
        t.wait_for("Martin Chloé")
        t.send_keys("Enter")
        t.wait_for("Orienter un visiteur vers un service partenaire")
        t.send_keys("Escape")  # nothing typed: no question
        t.wait_gone("Orienter un visiteur vers un service partenaire")
        t.assert_not_on_screen("Abandonner la saisie")
        t.wait_for("Annuaire des services")
        t.send_keys("F5")
        t.wait_for("quel visiteur ?")
        t.type_text("martin chlo")
        t.wait_for("Martin Chloé")
        t.send_keys("Enter")
        t.wait_for("Orienter un visiteur vers un service partenaire")
        t.type_text("Colis")
        t.wait_for("Colis")
        self.assertIn("Colis", t.line_with("Motif :"))  # the cursor starts on the reason
        t.send_keys("Escape")
        t.wait_for("Abandonner la saisie ? (o/n)")
        t.send_keys("o")
        t.wait_gone("Orienter un visiteur vers un service partenaire")
        t.wait_for("Annuaire des services")

    # --- follow-up ---------------------------------------------------------
    def open_followups(self, t):
        t.send_keys("F6")
        t.wait_for("Orientations à suivre")
        t.wait_for("2 orientations à suivre aujourd'hui ou en retard")

    def test_followup_validate_refuse_and_new_date(self):
        t = self.start()
        self.open_followups(t)
        # overdue first
        lines = [l for l in t.lines() if "en retard" in l or "aujourd'hui" in l]
        self.assertTrue(lines[1].lstrip().startswith("28/03/2026"), lines)
        self.assertIn("en retard", lines[1])
        # history of the first one
        t.send_keys("h")
        t.wait_for("Historique")
        t.wait_for("créée (Ouverte)")
        t.send_keys("Escape")
        t.wait_for("2 orientations à suivre")
        # a new follow-up date takes it out of today's list
        t.send_keys("d")
        t.wait_for("Date de suivi")
        t.send_keys("C-u")
        t.type_text("15/04/2026")
        t.send_keys("Enter")
        t.wait_for("Suivi reporté au 15/04/2026.")
        t.wait_for("1 orientation à suivre aujourd'hui ou en retard")
        # refuse the other one with a reason from the list
        t.send_keys("r")
        t.wait_for("Motif du refus")
        t.type_text("injoign")
        t.send_keys("Enter")
        t.wait_for("refusée : Injoignable.")
        t.wait_for("Aucune orientation à suivre aujourd'hui.")
        t.wait_for("0 orientations à suivre")
        # the directory's count follows
        t.send_keys("Escape")
        t.wait_for("Rechercher :")
        t.wait_gone("à suivre aujourd'hui ou en retard", timeout=uidrv.DEFAULT_TIMEOUT + 10)
        # and so does the home screen's
        t.send_keys("Escape")
        t.wait_for("Bonjour")
        t.assert_not_on_screen("orientations à suivre")

    def test_home_screen_counts_orientations_to_follow_up(self):
        t = self.term(["--demo", "--db", "{tmp}/demo.db"], config=NO_LOCK)
        t.login("accueil", "accueil-demo")
        t.wait_for("2 orientations à suivre")
        t.send_keys("o")
        t.wait_for("Rechercher :")
        t.send_keys("F6")
        t.wait_for("2 orientations à suivre aujourd'hui ou en retard")

    def test_validate_asks_then_closes(self):
        t = self.start()
        self.open_followups(t)
        t.send_keys("v")
        t.wait_for("(o/n)")
        t.assert_on_screen("orientation validée")
        t.send_keys("n")
        t.wait_gone("(o/n)")
        t.assert_on_screen("2 orientations à suivre")
        t.send_keys("v")
        t.wait_for("(o/n)")
        t.send_keys("o")
        t.wait_for("validée.")
        t.wait_for("1 orientation à suivre aujourd'hui ou en retard")

    def test_expired_automatically_when_the_list_opens(self):
        t = self.start()
        # five weeks later: every open orientation is past [orientation]
        # expiry_days (30) without an answer
        t.set_clock("2026-05-04T08:00:00Z")
        t.send_keys("F6")
        t.wait_for("Orientations à suivre")
        t.wait_for(r"\d+ orientations sans réponse depuis 30 jours viennent d'expirer\.",
                   regex=True)
        t.assert_on_screen("Aucune orientation à suivre aujourd'hui.")


class FilledCase(uidrv.ScreenCase):
    def start(self, prepare=None, english=False):
        """guichet on a copy of the demo base, logged in as accueil (in
        English with [ui] language = en); prepare(connection) may change the
        base first."""
        config = NO_LOCK + ("[ui]\nlanguage = en\n" if english else "")
        t = self.term(["--demo", "--db", "{tmp}/demo.db"], config=config, start=False)
        uidrv.demo_fixture(t.path("demo.db"), t.now)
        if prepare:
            c = sqlite3.connect(t.path("demo.db"))
            with c:
                prepare(c)
            c.close()
        t.start()
        if not english:
            t.login("accueil", "accueil-demo")
            return t
        t.wait_for("Log in to open your session.")
        t.type_text("accueil")
        t.send_keys("Tab")
        t.type_text("accueil-demo")
        t.send_keys("Enter")
        t.wait_for("Hello")
        return t

    def row(self, t, last_name):
        """The orientation of the visitor of that last name, as stored, and
        the number of its history rows."""
        c = self.db(t)
        o = c.execute("SELECT o.id, o.status, o.followup_on, o.updated_at FROM orientation o "
                      "JOIN visitor v ON v.id = o.visitor_id WHERE v.last_name = ?",
                      (last_name,)).fetchone()
        n = c.execute("SELECT count(*) FROM orientation_history WHERE orientation_id = ?",
                      (o[0],)).fetchone()[0]
        return o, n

    def open_file(self, t, typed, shown, search="Rechercher un visiteur",
                  heading="Fiche visiteur"):
        t.send_keys("r")
        t.wait_for(search)
        t.type_text(typed)
        t.wait_for(shown)
        t.send_keys("Enter")
        return t.wait_for(heading)

    def hints(self, t):
        return t.lines()[-2]  # the key hints row

    def status_row(self, t):
        return t.lines()[-3]


STATUS_HINTS = ("v Validée", "r Refusée", "d Date")
CLOSED = "Cette orientation est close (Validée) : orientez à nouveau si besoin."


class StatusKeysTest(FilledCase):
    def test_a_closed_orientation_offers_no_status_key(self):
        t = self.start()
        self.open_file(t, "rousseau mic", "Rousseau Michel")
        t.send_keys("o")
        t.wait_for("Orientations du visiteur")
        t.wait_for("Conseiller numérique France Services")
        self.assertIn("Validée", t.line_with("Conseiller numérique France Services"))
        hints = self.hints(t)
        for gone in STATUS_HINTS:
            self.assertNotIn(gone, hints)
        for kept in ("F5 Orienter", "h Historique", "f Fiche"):
            self.assertIn(kept, hints)
        before = self.row(t, "Rousseau")
        self.assertEqual(before[0][1], "validee")
        # pressed all the same: the reason at once, no window
        for key in ("v", "r", "d"):
            t.send_keys(key)
            s = t.screen()
            self.assertIn(CLOSED, self.status_row(t), key)
            self.assertNotIn("(o/n)", s)
            self.assertNotIn("Motif du refus", s)
            self.assertNotIn("Date de suivi", s)
        self.assertEqual(self.row(t, "Rousseau"), before)

    def test_the_followup_line_of_a_closed_orientation_names_no_date_to_come(self):
        t = self.start()
        self.open_file(t, "rousseau mic", "Rousseau Michel")
        t.send_keys("o")
        t.wait_for("Orientations du visiteur")
        t.wait_for("orientée le")
        line = t.line_with("orientée le")
        self.assertIn("Validée", line)
        self.assertNotIn("à suivre le", line)
        t.send_keys("Escape")
        t.wait_for("Rousseau Michel")
        t.send_keys("Escape")
        t.wait_for("Bonjour")
        self.open_file(t, "andre pat", "André Patrick")
        t.send_keys("o")
        t.wait_for("Orientations du visiteur")
        t.wait_for("Mission locale")
        self.assertIn("à suivre le", t.line_with("orientée le"))

    def test_validated_from_the_visitors_list_its_keys_go(self):
        t = self.start()
        self.open_file(t, "andre pat", "André Patrick")
        t.send_keys("o")
        t.wait_for("Orientations du visiteur")
        t.wait_for("Mission locale")
        hints = self.hints(t)
        for offered in STATUS_HINTS:
            self.assertIn(offered, hints)
        t.send_keys("v")
        t.wait_for("(o/n)")
        t.send_keys("o")
        t.wait_for("Orientation de André Patrick validée.")
        (oid, status, followup, updated), history = self.row(t, "André")
        self.assertEqual(status, "validee")
        hints = self.hints(t)
        for gone in STATUS_HINTS:
            self.assertNotIn(gone, hints)
        t.send_keys("d")
        s = t.screen()
        self.assertIn(CLOSED, self.status_row(t))
        self.assertNotIn("Date de suivi", s)
        self.assertEqual(self.row(t, "André"), ((oid, status, followup, updated), history))

    def test_the_followup_list_offers_them_while_it_has_a_row(self):
        t = self.start()
        t.send_keys("o")
        t.wait_for("Annuaire des services")
        t.send_keys("F6")
        t.wait_for("2 orientations à suivre aujourd'hui ou en retard")
        hints = self.hints(t)
        for offered in STATUS_HINTS:
            self.assertIn(offered, hints)
        t.send_keys("v")
        t.wait_for("(o/n)")
        t.send_keys("o")
        t.wait_for("1 orientation à suivre aujourd'hui ou en retard")
        hints = self.hints(t)
        for offered in STATUS_HINTS:
            self.assertIn(offered, hints)
        t.send_keys("r")
        t.wait_for("Motif du refus")
        t.type_text("injoign")
        t.send_keys("Enter")
        t.wait_for("Aucune orientation à suivre aujourd'hui.")
        hints = self.hints(t)
        for gone in STATUS_HINTS:
            self.assertNotIn(gone, hints)
        self.assertIn("Échap Retour", hints)


class SummaryTest(FilledCase):
    @staticmethod
    def fill(c):
        """André Patrick: 2 open (the demo's and one more), 3 validated,
        2 refused, 2 expired."""
        now = c.execute("SELECT max(created_at) FROM orientation").fetchone()[0]
        vid, sid = c.execute("SELECT visitor_id, service_id FROM orientation o JOIN visitor v "
                             "ON v.id = o.visitor_id WHERE v.last_name = 'André'").fetchone()
        rows = ([("ouverte", None)] + [("validee", None)] * 3 +
                [("refusee", "injoignable")] * 2 + [("expiree", None)] * 2)
        for i, (status, refusal) in enumerate(rows):
            c.execute("INSERT INTO orientation (uuid, visitor_id, service_id, reason, status, "
                      "refusal_reason, followup_on, created_at, updated_at) VALUES (?, ?, ?, "
                      "'Orientation ancienne', ?, ?, '2026-04-20', ?, ?)",
                      ("00000000-0000-4000-8000-%012d" % i, vid, sid, status, refusal,
                       now - 3600 * (i + 1), now - 3600 * (i + 1)))

    def test_the_orientations_line_agrees_in_number(self):
        t = self.start(self.fill)
        s = self.open_file(t, "andre pat", "André Patrick")
        self.assertIn("Orientations : 2 ouvertes · 3 validées · 2 refusées · 2 expirées", s)
        t.send_keys("Escape")
        t.wait_for("Bonjour")
        s = self.open_file(t, "rousseau mic", "Rousseau Michel")
        self.assertIn("Orientations : 1 validée", s)

    def test_in_english_too(self):
        t = self.start(self.fill, english=True)
        s = self.open_file(t, "andre pat", "André Patrick", search="Search",
                           heading="Visitor file")
        self.assertIn("2 open · 3 accepted · 2 refused · 2 expired", t.line_with("Referrals"))
        t.send_keys("Escape")
        t.wait_for("Hello")
        self.open_file(t, "rousseau mic", "Rousseau Michel", search="Search",
                       heading="Visitor file")
        self.assertRegex(t.line_with("Referrals"), r": 1 accepted$")


class CountsTest(FilledCase):
    @staticmethod
    def one_due(c):
        """One orientation to follow up (Œhmichen Anne-Sophie's), no file
        handed over to follow up: the directory's long wording."""
        c.execute("UPDATE orientation SET followup_on = '2026-04-20' WHERE visitor_id = "
                  "(SELECT id FROM visitor WHERE last_name = 'André')")
        c.execute("UPDATE escalation SET followup_on = '2026-04-20'")

    def test_the_counts_through_the_english_plural_entries(self):
        t = self.start(self.one_due, english=True)
        t.send_keys("o")
        t.wait_for("1 referral to follow up today or overdue (F6)")
        t.type_text("epicerie")
        t.wait_for("1 service")
        self.assertNotIn("1 services", t.screen())
        t.send_keys("F6")
        t.wait_for("1 referral to follow up today or overdue")
        t.send_keys("Escape")
        t.send_keys("C-u")
        t.type_text("a")
        t.wait_for(r"\d+ services", regex=True)


if __name__ == "__main__":
    uidrv.main()
