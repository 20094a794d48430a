"""The charter's duties on screen (issue 15), on the demo database, each
checked against the database read independently with Python's sqlite3:

- data protection, for the responsable: the purge's dry run in
  Administration (counts and pseudonyms, what `guichet rgpd purge
  --dry-run` says), then the purge after confirmation; every opening of a
  visitor's file journaled; the access document written 0600, its path
  said, printed from its preview; the erasure, refused with the reason while
  an appointment is to come and forced after a second confirmation; other
  roles refused;
- the partners' referents: shown on the orientation form, added, replaced
  (the old one ends the day before) in Administration, with a bad answering
  day refused in French;
- a file handed to a referent from the visitor's file and from the
  orientation form, followed up (answer received, solved), counted on the
  home screen;
- the slip's agent copy with the referents;
- the visitor's answer at the close of a request: kept anonymously with the
  close, skipped with one key, Échap back to the request."""
import glob
import os
import re
import sqlite3
import stat
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402

NO_LOCK = "[security]\nidle_lock_minutes = 0\n"
IMPRESSIONS = os.path.join("home", ".local", "share", "guichet", "impressions")


class CharterCase(uidrv.ScreenCase):
    def start(self, who="responsable", config=NO_LOCK, tmpdir=None, **kw):
        t = self.demo_term(config=config, tmpdir=tmpdir, **kw)
        t.login(who, who + "-demo")
        return t

    def open_file(self, t, name, shown=None):
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.type_text(name)
        t.wait_for(shown or name.capitalize())
        t.send_keys("Enter")
        return t.wait_for("Fiche visiteur")


class DataProtectionTest(CharterCase):
    def test_dry_run_then_purge_in_administration(self):
        t = self.start()
        t.send_keys("d")
        t.wait_for("Administration du site")
        t.send_keys("p")
        s = t.wait_for("Ce que la purge enlèverait maintenant")
        t.assert_on_screen("fiches sans contact : 24 mois (avant le 30/03/2024)")
        t.assert_on_screen("Dernière purge : jamais")
        # the same figures as the command's dry run on the same file
        r = t.run_cli(["--db", t.path("demo.db"), "rgpd", "purge", "--dry-run",
                       "--local-admin"])
        want = dict(re.findall(r"^  (\S[^.]*?) \.+ (\d+)$", r.stdout, re.M))
        self.assertTrue(want, r.stdout)
        shown = dict(re.findall(r"^    (\S.*?\S) +(\d+)\s*[↓↑]?$", s, re.M))
        self.assertEqual(shown["fiches effacées"], want["fiches effacées"])
        self.assertEqual(shown["commentaires de demandes vidés"],
                         want["commentaires de demandes vidés"])
        files = int(want["fiches effacées"])
        self.assertGreater(files, 0)
        # the pseudonyms, never a name
        pseudos = re.findall(r"^  ([0-9a-f]{32})  ", r.stdout, re.M)
        for _ in range(4):
            t.send_keys("NPage")
        s = t.screen()
        self.assertIn(pseudos[-1], s)
        names_before = self.one(t, "SELECT count(*) FROM visitor WHERE anonymised_at IS NULL")
        # the purge, after a confirmation that gives the counts
        t.send_keys("p")
        t.wait_for("Faire la purge maintenant ? %d fiche%s" % (files, "s seront effacées"
                                                                    if files > 1 else
                                                                    " sera effacée"))
        t.send_keys("n")
        t.wait_gone("Faire la purge maintenant")
        self.assertEqual(self.one(t, "SELECT count(*) FROM visitor WHERE anonymised_at IS "
                                     "NULL"), names_before)
        t.send_keys("p")
        t.wait_for("Faire la purge maintenant ?")
        t.send_keys("o")
        t.wait_for("Purge faite : %d fiches effacées" % files)
        self.assertEqual(self.one(t, "SELECT count(*) FROM audit WHERE action = 'rgpd-purge'"), 1)
        # the page reads again: nothing left to purge, and the date is said
        t.send_keys("Home")
        s = t.wait_for(re.compile(r"fiches effacées +0\b").pattern, regex=True)
        self.assertNotIn("Dernière purge : jamais", s)

    def test_other_roles_are_refused(self):
        t = self.start("accueil")
        t.send_keys("d")
        t.wait_for("Administration du site")
        t.send_keys("p")
        t.wait_for("réservée au responsable")
        t.send_keys("Enter")
        t.send_keys("r")
        t.wait_for("réservée au responsable")
        t.send_keys("Enter", "Escape")
        self.open_file(t, "kowa")
        t.assert_not_on_screen("droit d'accès")  # not in the legend
        t.send_keys("x")
        t.wait_for("Accès réservé")
        t.send_keys("Enter")
        t.send_keys("z")
        t.wait_for("Accès réservé")
        t.send_keys("Enter")
        t.wait_for("Fiche visiteur")
        self.assertEqual(self.one(t, "SELECT count(*) FROM audit WHERE action IN "
                                     "('rgpd-erase', 'rgpd-access')"), 0)

    def test_opening_a_file_is_journaled(self):
        t = self.start("accueil")
        before = self.one(t, "SELECT count(*) FROM audit WHERE action = 'visitor-read'")
        self.open_file(t, "kowa")
        uuid = self.one(t, "SELECT uuid FROM visitor WHERE last_name = 'Kowalczyk'")
        rows = self.db(t).execute(
            "SELECT a.object, u.login FROM audit a JOIN app_user u ON u.id = a.user_id WHERE "
            "a.action = 'visitor-read'").fetchall()
        self.assertEqual(len(rows), before + 1)
        self.assertIn(("visitor:" + uuid, "accueil"), rows)

    def test_access_document_written_private_and_printed(self):
        tmp = tempfile.mkdtemp(prefix="guichet-ui-")
        printed = os.path.join(tmp, "printed.txt")
        t = self.start(config=NO_LOCK + "[print]\ncommand = cat > %s\n" % printed, tmpdir=tmp)
        self.open_file(t, "brunet cath", "Brunet Catherine")  # with a confidential note
        t.send_keys("x")
        t.wait_for("Écrire le document du droit d'accès")
        t.assert_on_screen("Brunet Catherine")
        t.send_keys("o")
        t.wait_for("Droit d'accès de Brunet Catherine")
        t.wait_for("Document du droit d'accès écrit dans")
        saved = glob.glob(os.path.join(tmp, IMPRESSIONS, "droit-acces-20260330-*.txt"))
        self.assertEqual(len(saved), 1)
        self.assertEqual(stat.S_IMODE(os.stat(saved[0]).st_mode), 0o600)
        with open(saved[0], encoding="utf-8") as f:
            doc = f.read()
        self.assertIn("Brunet", doc)
        # the note counted, its content withheld, and why
        self.assertIn("article 15, paragraphe 4", doc)
        secret = self.db(t).execute("SELECT count(*) FROM note n JOIN visitor v ON v.id = "
                                    "n.visitor_id WHERE v.last_name = 'Brunet'").fetchone()[0]
        self.assertEqual(secret, 1)
        # who read the file: this very opening, by the responsable
        self.assertIn("Sophie Lefèvre", doc)
        # the remise is journaled
        self.assertEqual(self.one(t, "SELECT count(*) FROM audit WHERE action = 'rgpd-access'"),
                         1)
        # printed from the preview, the same text
        t.send_keys("i")
        t.wait_for("envoyée à l'imprimante")
        with open(printed, encoding="utf-8") as f:
            self.assertEqual(f.read(), doc)

    def test_erasure_refused_while_an_appointment_is_to_come_then_forced(self):
        t = self.start()
        self.open_file(t, "kowa")
        vid = self.one(t, "SELECT id FROM visitor WHERE last_name = 'Kowalczyk'")
        upcoming = self.one(t, "SELECT count(*) FROM appointment WHERE visitor_id = ? AND "
                               "status = 'a-venir' AND start_at > unixepoch('2026-03-30 08:00')",
                            (vid,))
        self.assertGreater(upcoming, 0)
        t.send_keys("z")
        t.wait_for("Effacer définitivement Kowalczyk Hélène ?")
        t.send_keys("o")
        # refused, with the reason; nothing erased yet
        t.wait_for("rendez-vous à venir")
        t.wait_for("quand même ?")
        self.assertEqual(self.one(t, "SELECT count(*) FROM visitor WHERE id = ?", (vid,)), 1)
        t.send_keys("n")
        t.wait_gone("quand même ?")
        t.assert_on_screen("Fiche visiteur")
        self.assertEqual(self.one(t, "SELECT count(*) FROM visitor WHERE id = ?", (vid,)), 1)
        # forced after the second confirmation
        t.send_keys("z")
        t.wait_for("Effacer définitivement")
        t.send_keys("o")
        t.wait_for("quand même ?")
        t.send_keys("o")
        t.wait_for("Dossier de Kowalczyk Hélène effacé")
        t.wait_for("Bonjour")  # the file closed: the person no longer exists
        self.assertEqual(self.one(t, "SELECT count(*) FROM visitor WHERE id = ?", (vid,)), 0)
        self.assertEqual(self.one(t, "SELECT count(*) FROM appointment WHERE visitor_id = ?",
                                  (vid,)), 0)
        self.assertEqual(self.one(t, "SELECT count(*) FROM audit WHERE action = 'rgpd-erase'"),
                         1)
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.type_text("kowalczyk hel")
        t.wait_for("Aucun")
        t.assert_not_on_screen("Kowalczyk Hélène")


class ReferentsTest(CharterCase):
    def test_add_replace_and_history_in_administration(self):
        t = self.start()
        t.send_keys("d")
        t.wait_for("Administration du site")
        t.send_keys("r")
        t.wait_for("référents en poste aujourd'hui")
        t.assert_on_screen("Claire Dubois")
        t.assert_not_on_screen("Paul Renaud")  # replaced last year
        t.send_keys("h")
        t.wait_for("anciens et futurs compris")
        t.assert_on_screen("Paul Renaud")
        t.send_keys("h")
        t.wait_for("en poste aujourd'hui")
        # a new referent for MSA: a bad answering day first
        journaled = self.one(t, "SELECT count(*) FROM audit WHERE action IN ('referent-add', "
                                "'referent-replace')")
        t.send_keys("n")
        t.wait_for("Référent de quel partenaire ?")
        t.type_text("MSA")
        t.send_keys("Enter")
        t.wait_for("Référent de : MSA")
        t.type_text("Odile Marchand")
        t.send_keys("Tab")
        t.type_text("Correspondante MSA")
        t.send_keys("Tab")
        t.type_text("01 99 00 40 40")
        t.send_keys("Tab")
        t.type_text("partenaires@msa.example.org")
        t.send_keys("Tab")
        t.type_text("ligne dédiée")
        t.send_keys("Tab")
        t.type_text("lundi matin")
        t.send_keys("F2")
        t.wait_for("position")  # the answering days as hours: where it went wrong
        self.assertEqual(self.one(t, "SELECT count(*) FROM referent WHERE name = 'Odile "
                                     "Marchand'"), 0)
        t.send_keys("C-u")
        t.type_text("Mo 09:00-12:00")
        t.send_keys("Tab", "C-u")
        t.type_text("02/03/2026")  # in post since the start of the month
        t.send_keys("F2")
        t.wait_for("Référent Odile Marchand ajouté.")
        t.wait_for("Odile Marchand — Correspondante MSA")  # selected, its card shown
        row = self.db(t).execute("SELECT operator, phone, channel, days, valid_to FROM referent "
                                 "WHERE name = 'Odile Marchand'").fetchone()
        self.assertEqual(row, ("msa", "+33199004040", "ligne dédiée", "Mo 09:00-12:00", None))
        self.assertEqual(self.one(t, "SELECT valid_from FROM referent WHERE name = 'Odile "
                                     "Marchand'"), "2026-03-02")
        # she is replaced from today: she ends yesterday
        t.send_keys("r")
        t.wait_for("Remplace Odile Marchand (MSA)")
        t.type_text("Yves Garnier")
        t.send_keys("F2")
        t.wait_for("Yves Garnier remplace désormais Odile Marchand.")
        rows = dict(self.db(t).execute("SELECT name, ifnull(valid_to, '') FROM referent WHERE "
                                       "operator = 'msa'").fetchall())
        self.assertEqual(rows, {"Odile Marchand": "2026-03-29", "Yves Garnier": ""})
        t.assert_not_on_screen("Odile Marchand  ")
        self.assertEqual(self.one(t, "SELECT count(*) FROM audit WHERE action IN "
                                     "('referent-add', 'referent-replace')"), journaled + 2)

    def test_referents_on_the_orientation_form(self):
        t = self.start("accueil")
        self.open_file(t, "kowa")
        t.send_keys("o")
        t.wait_for("Orientations du visiteur")
        t.send_keys("F5")
        t.wait_for("choisir le service")
        t.type_text("caisse d'allocations")
        t.wait_for("CAF")
        t.send_keys("Enter")
        s = t.wait_for("Référent")
        self.assertIn("Claire Dubois", s)
        self.assertIn("01 99 00 20 11", s)
        self.assertIn("portail partenaire CAF", s)
        self.assertIn("Répond :", s)
        self.assertNotIn("Paul Renaud", s)


class EscalationTest(CharterCase):
    def test_hand_over_from_the_file_and_follow_up(self):
        t = self.start("accueil")
        self.open_file(t, "kowa")
        vid = self.one(t, "SELECT id FROM visitor WHERE last_name = 'Kowalczyk'")
        t.send_keys("t")
        t.wait_for("Transmettre le dossier de Kowalczyk Hélène")
        t.send_keys("F2")  # no referent chosen yet
        t.wait_for("Choisissez le référent")
        t.send_keys("Home", "Enter")
        t.wait_for("À quel référent transmettre ?")
        t.type_text("dubois")
        t.send_keys("Enter")
        t.wait_for("Canal dédié : portail partenaire CAF")
        t.send_keys("F2")  # no subject
        t.wait_for("Dites en quelques mots ce qui est transmis.")
        t.type_text("Attestation de paiement introuvable")
        t.send_keys("F2")
        t.wait_for("Dossier transmis à Claire Dubois (par portail partenaire CAF)")
        t.wait_for("Dossiers transmis : 1 transmis en attente")
        row = self.db(t).execute("SELECT e.subject, e.status, r.name FROM escalation e JOIN "
                                 "referent r ON r.id = e.referent_id WHERE e.visitor_id = ?",
                                 (vid,)).fetchone()
        self.assertEqual(row, ("Attestation de paiement introuvable", "ouverte",
                               "Claire Dubois"))
        # follow-up: the answer, then solved
        t.send_keys("s")
        t.wait_for("Dossiers transmis du visiteur")
        t.send_keys("r")  # refused needs the answer
        t.wait_for("Réponse (obligatoire)")
        t.send_keys("Enter")
        t.wait_for("Indiquez en quelques mots pourquoi le partenaire refuse.")
        t.send_keys("Escape")
        t.send_keys("a")
        t.wait_for("Réponse (facultatif)")
        t.type_text("Attestation envoyée par courrier")
        t.send_keys("Enter")
        t.wait_for("Dossier transmis : Réponse reçue.")
        t.send_keys("v", "Enter")
        t.wait_for("Dossier transmis : Résolu.")
        t.send_keys("h")
        s = t.wait_for("Historique")
        self.assertIn("Transmis, en attente → Réponse reçue", s)
        self.assertIn("Réponse reçue → Résolu", s)
        self.assertEqual(self.db(t).execute(
            "SELECT status, answer FROM escalation WHERE visitor_id = ?", (vid,)).fetchone(),
            ("resolue", "Attestation envoyée par courrier"))
        self.assertEqual(self.one(t, "SELECT count(*) FROM escalation_history h JOIN escalation "
                                     "e ON e.id = h.escalation_id WHERE e.visitor_id = ?",
                                  (vid,)), 3)

    def test_to_follow_up_counted_on_home_and_listed(self):
        t = self.start("accueil")
        due = self.one(t, "SELECT count(*) FROM escalation WHERE status IN ('ouverte', "
                          "'repondue') AND followup_on <= '2026-03-30'")
        self.assertGreater(due, 0)
        t.wait_for("%d transmis à relancer" % due)
        t.send_keys("o")
        t.wait_for("%d transmis à relancer (F7)" % due)
        t.send_keys("F7")
        t.wait_for("à relancer aujourd'hui ou en retard")
        t.assert_on_screen("Prime d'activité suspendue")
        t.send_keys("d")
        t.wait_for("Date de relance")
        t.send_keys("C-u")
        t.type_text("01/01/2026")
        t.send_keys("Enter")
        t.wait_for("Cette date est passée.")
        t.send_keys("C-u")
        t.type_text("03/04/2026")
        t.send_keys("Enter")
        t.wait_for("Relance reportée au 03/04/2026.")
        t.wait_for("Aucun dossier transmis à relancer aujourd'hui.")
        t.send_keys("Escape", "Escape")
        t.wait_for("Bonjour")
        t.assert_not_on_screen("transmis à relancer")

    def test_hand_over_from_the_orientation_form(self):
        t = self.start("accueil")
        self.open_file(t, "kowa")
        t.send_keys("o")
        t.wait_for("Orientations du visiteur")
        t.send_keys("F5")
        t.wait_for("choisir le service")
        t.type_text("caisse d'allocations")
        t.wait_for("CAF")
        t.send_keys("Enter")
        t.wait_for("Claire Dubois")
        t.send_keys("F6")
        # the service's referent, already chosen
        t.wait_for("Transmettre le dossier de Kowalczyk Hélène")
        t.assert_on_screen("Claire Dubois — CAF")
        t.type_text("Rappel de droits")
        t.send_keys("F2")
        t.wait_for("Dossier transmis à Claire Dubois")
        self.assertEqual(self.one(t, "SELECT count(*) FROM escalation e JOIN visitor v ON v.id "
                                     "= e.visitor_id WHERE v.last_name = 'Kowalczyk' AND "
                                     "e.subject = 'Rappel de droits'"), 1)


class SlipTest(CharterCase):
    def test_agent_copy_with_the_referents(self):
        t = self.start("accueil")
        t.send_keys("o")
        t.wait_for("Annuaire des services")
        t.send_keys("F6")
        t.wait_for("Orientations à suivre")
        t.send_keys("f")
        t.wait_for("Aperçu de la fiche à remettre au visiteur")
        t.send_keys("End")
        t.assert_not_on_screen("Référents du partenaire")
        t.send_keys("a")
        t.wait_for("Aperçu de l'exemplaire de l'agent")
        t.wait_for("ne pas remettre")
        t.send_keys("End")
        t.wait_for("Référents du partenaire")
        t.send_keys("e")
        t.wait_for("Fiche enregistrée dans")
        saved = glob.glob(os.path.join(t.tmp, IMPRESSIONS, "orientation-*-agent.txt"))
        self.assertEqual(len(saved), 1)
        oid = int(re.search(r"-(\d+)-agent\.txt$", saved[0]).group(1))
        # the service's referents (or its operator's) in post, by name
        names = [r[0] for r in self.db(t).execute(
            "SELECT r.name FROM orientation o JOIN service s ON s.id = o.service_id JOIN "
            "referent r ON r.service_id = s.id OR r.operator = s.operator WHERE o.id = ? AND "
            "r.valid_from <= '2026-03-30' AND (r.valid_to IS NULL OR r.valid_to >= "
            "'2026-03-30')", (oid,))]
        with open(saved[0], encoding="utf-8") as f:
            text = f.read()
        self.assertIn("ne pas remettre", text)
        for n in names:
            self.assertIn(n, text)
        if not names:
            self.assertIn("aucun référent en poste", text)
        # the visitor's copy, saved beside it, names none of them
        t.send_keys("a")
        t.wait_for("Aperçu de la fiche à remettre au visiteur")
        t.send_keys("e")
        t.wait_for("Fiche enregistrée dans")
        visitor = [p for p in glob.glob(os.path.join(t.tmp, IMPRESSIONS, "orientation-*.txt"))
                   if not p.endswith("-agent.txt")]
        self.assertEqual(len(visitor), 1)
        with open(visitor[0], encoding="utf-8") as f:
            text = f.read()
        self.assertNotIn("Référents du partenaire", text)
        for n in names:
            self.assertNotIn(n, text)


class SurveyTest(CharterCase):
    def close_moreau(self, t):
        t.send_keys("Enter")  # Moreau Sylvie, first waiting: take in charge
        t.wait_for("pris en charge")
        t.send_keys("Enter")
        t.wait_for("Clore la demande de Moreau Sylvie")
        t.type_text("c")
        t.wait_for(r"Partenaire +CAF", regex=True)
        t.send_keys("F2")
        return t.wait_for("Avis de Moreau Sylvie")

    def answers(self, t):
        return sorted(self.db(t).execute("SELECT ifnull(solved, ''), ifnull(satisfied, 0) FROM "
                                         "satisfaction_answer WHERE day = '2026-03-30'"))

    def test_answered_in_two_keys_and_kept_with_the_close(self):
        t = self.start("accueil")
        before = self.answers(t)
        self.close_moreau(t)
        t.send_keys("p")
        t.wait_for("[p En partie]")
        self.assertEqual(self.one(t, "SELECT count(*) FROM visit v JOIN visitor p ON p.id = "
                                     "v.visitor_id WHERE p.last_name = 'Moreau' AND v.state = "
                                     "'termine' AND v.arrived_at > unixepoch('2026-03-30')"), 0)
        t.send_keys("3")  # both answered: closes by itself
        t.wait_for("Demande de Moreau Sylvie enregistrée, avec l'avis.")
        self.assertIn("Terminé", t.line_with("Moreau Sylvie"))
        after = self.answers(t)
        self.assertEqual(after, sorted(before + [("en-partie", 3)]))
        self.assertEqual(self.one(t, "SELECT v.surveyed FROM visit v JOIN visitor p ON p.id = "
                                     "v.visitor_id WHERE p.last_name = 'Moreau' AND "
                                     "v.arrived_at > unixepoch('2026-03-30')"), 1)

    def test_skipped_with_one_key_and_escape_goes_back(self):
        t = self.start("accueil")
        before = self.answers(t)
        self.close_moreau(t)
        t.send_keys("Escape")  # back to the request: nothing saved
        t.wait_for("Clore la demande de Moreau Sylvie")
        t.assert_on_screen("CAF")
        self.assertIn("En cours", "".join(
            r[0] for r in self.db(t).execute(
                "SELECT CASE state WHEN 'en-cours' THEN 'En cours' ELSE state END FROM visit v "
                "JOIN visitor p ON p.id = v.visitor_id WHERE p.last_name = 'Moreau' AND "
                "v.arrived_at > unixepoch('2026-03-30')")))
        t.send_keys("F2")
        t.wait_for("Avis de Moreau Sylvie")
        t.send_keys("1")  # one answer only, then Entrée
        t.send_keys("F4")  # … or none: closed without
        t.wait_for("Demande de Moreau Sylvie enregistrée.")
        self.assertEqual(self.answers(t), before)
        self.assertEqual(self.one(t, "SELECT v.surveyed FROM visit v JOIN visitor p ON p.id = "
                                     "v.visitor_id WHERE p.last_name = 'Moreau' AND v.state = "
                                     "'termine' AND v.arrived_at > unixepoch('2026-03-30')"), 0)

    def test_answer_on_a_request_logged_on_the_spot(self):
        t = self.start("accueil")
        before = self.answers(t)
        self.open_file(t, "kowa")
        t.send_keys("d")
        t.wait_for("Nouvelle demande de Kowalczyk")
        t.type_text("c")
        t.wait_for(r"Partenaire +CAF", regex=True)
        t.send_keys("F2")
        t.wait_for("Avis de Kowalczyk Hélène")
        t.send_keys("4", "Enter")
        t.wait_for("enregistrée, avec l'avis.")
        self.assertEqual(self.answers(t), sorted(before + [("", 4)]))


if __name__ == "__main__":
    uidrv.main()
