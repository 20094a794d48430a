"""guichet agenda: a site manager sets up a permanence (resource, motif,
recurring opening), closes and reopens a day; the rows the core wrote and the
command's own listing agree; every bad input is refused in French with the
documented exit status and writes nothing."""
import sqlite3

import clitest

CAF = "CAF — permanence"
MOTIF = "Dossier CAF (RSA, prime d'activité)"
# Tuesday 1 December 2026, 09:00 in Paris
NOW = "2026-12-01T08:00:00Z"


class AgendaSetupTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        self.env["GUICHET_CLOCK_FILE"] = self.write_file("clock", NOW + "\n")
        self.db = self.init_db()

    def agenda(self, *args):
        return self.run_guichet("--db", self.db, "agenda", *args)

    def ok(self, *args):
        r = self.agenda(*args)
        self.assert_status(r, 0)
        self.assertEqual(r.stderr, "")
        return r

    def rows(self, sql, *params):
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def setup_caf(self):
        self.ok("ressource", "add", CAF, "--type", "permanence", "--operateur", "caf", "--lieu",
                "Bureau 2")
        self.ok("motif", "add", MOTIF, "--duree", "30", "--operateur", "caf", "--apporter",
                "Numéro d'allocataire")
        return self.ok("ouverture", "add", CAF, "--motifs", "1", "--debut", "2026-12-01", "--de",
                       "09:00", "--a", "12:00", "--mensuel", "--jours", "2MA,4MA")

    def test_second_and_fourth_tuesday_permanence_closed_then_reopened(self):
        r = self.agenda("ressource", "add", CAF, "--type", "permanence", "--operateur", "caf",
                        "--lieu", "Bureau 2")
        self.assert_golden("agenda/ressource-add", r)
        r = self.agenda("motif", "add", MOTIF, "--duree", "30", "--operateur", "caf",
                        "--apporter", "Numéro d'allocataire")
        self.assert_golden("agenda/motif-add", r)
        r = self.agenda("ouverture", "add", CAF, "--motifs", "1", "--debut", "2026-12-01", "--de",
                        "09:00", "--a", "12:00", "--mensuel", "--jours", "2MA,4MA")
        self.assert_golden("agenda/ouverture-add", r)
        self.assert_golden("agenda/ressource-list", self.agenda("ressource", "list"))
        self.assert_golden("agenda/motif-list", self.agenda("motif", "list"))

        # what the core stored: the RFC 5545 rule with the English BYDAY codes
        self.assertEqual(
            self.rows("SELECT r.kind, r.name, r.operator, r.place, a.dtstart, a.start_time, "
                      "a.end_time, a.freq, a.interval, a.byday, a.until FROM availability a "
                      "JOIN resource r ON r.id = a.resource_id"),
            [("permanence", CAF, "caf", "Bureau 2", "2026-12-01", "09:00", "12:00", "MONTHLY", 1,
              "2TU,4TU", None)])
        self.assertEqual(self.rows("SELECT m.name, m.duration_min FROM availability_motif am "
                                   "JOIN motif m ON m.id = am.motif_id"), [(MOTIF, 30)])

        r = self.agenda("ouverture", "list")
        self.assert_golden("agenda/ouverture-list", r)
        self.assertIn("le 2e mardi et 4e mardi de chaque mois, 09:00–12:00", r.stdout)
        self.assertIn("prochaines dates : 2026-12-08, 2026-12-22, 2027-01-12", r.stdout)
        self.assertNotIn("fermé", r.stdout)

        # a public holiday on the second Tuesday of December
        r = self.agenda("ferme", CAF, "2026-12-08", "--raison", "ferie", "--motif", "Pont")
        self.assert_golden("agenda/ferme", r)
        self.assertEqual(self.rows("SELECT date, reason, comment FROM availability_exception"),
                         [("2026-12-08", "ferie", "Pont")])
        r = self.agenda("ouverture", "list", CAF)
        self.assert_golden("agenda/ouverture-list-ferme", r)
        self.assertIn("2026-12-08 (fermé), 2026-12-22, 2027-01-12", r.stdout)

        # closing it again changes nothing
        r = self.ok("ferme", CAF, "2026-12-08")
        self.assertEqual(r.stdout, "« CAF — permanence » : le 2026-12-08 était déjà fermé.\n")
        self.assertEqual(self.rows("SELECT count(*) FROM availability_exception"), [(1,)])

        r = self.agenda("rouvre", "1", "2026-12-08")
        self.assert_golden("agenda/rouvre", r)
        self.assertEqual(self.rows("SELECT count(*) FROM availability_exception"), [(0,)])
        self.assertNotIn("fermé", self.ok("ouverture", "list", "1").stdout)

        # every change journaled by the core, as the command line (user 0)
        self.assertEqual(
            self.rows("SELECT action, user_id FROM audit WHERE action LIKE 'resource%' OR "
                      "action LIKE 'motif%' OR action LIKE 'availability%' ORDER BY id"),
            [("resource-add", 0), ("motif-add", 0), ("availability-add", 0),
             ("availability-exception", 0), ("availability-exception-remove", 0)])

    def test_closing_a_day_with_an_appointment_says_so_and_keeps_it(self):
        self.setup_caf()
        # no booking command exists: the appointment is written as the
        # screens would (Tuesday 22 December 2026, 09:30 Paris = 08:30 UTC)
        con = sqlite3.connect(self.db)
        try:
            start = 1797928200
            con.execute("INSERT INTO appointment (uuid, resource_id, motif_id, start_at, end_at, "
                        "status, created_at, updated_at) VALUES ('a-1', 1, 1, ?, ?, 'a-venir', "
                        "?, ?)", (start, start + 1800, start - 86400 * 5, start - 86400 * 5))
            con.commit()
        finally:
            con.close()
        r = self.agenda("ferme", CAF, "2026-12-22", "--raison", "absence")
        self.assert_golden("agenda/ferme-rendez-vous", r)
        self.assertIn("1 rendez-vous est déjà pris", r.stdout)
        self.assertEqual(self.rows("SELECT status FROM appointment"), [("a-venir",)])
        self.assertEqual(self.rows("SELECT date, reason FROM availability_exception"),
                         [("2026-12-22", "absence")])

    def test_agent_every_two_weeks_with_french_days_then_ended(self):
        self.ok("ressource", "add", "Conseiller France services", "--type", "agent", "--login",
                "sophie", "--lieu", "Bureau 1")
        self.ok("motif", "add", "Démarches en ligne", "--duree", "45")
        self.ok("motif", "add", "Atelier numérique", "--duree", "120", "--places", "8",
                "--lieu", "sur-place")
        r = self.ok("ouverture", "add", "Conseiller France services", "--motifs", "1,2",
                    "--debut", "2026-12-01", "--de", "14:00", "--a", "17:00", "--chaque-semaine",
                    "--toutes", "2", "--jours", "lu,JE", "--jusqu-au", "2027-06-30")
        self.assertIn("toutes les 2 semaines le lundi et jeudi, 14:00–17:00", r.stdout)
        self.assertEqual(
            self.rows("SELECT freq, interval, byday, until FROM availability"),
            [("WEEKLY", 2, "MO,TH", "2027-06-30")])
        self.assertEqual(self.rows("SELECT r.user_id = u.id FROM resource r, app_user u WHERE "
                                   "u.login = 'sophie'"), [(1,)])
        self.assertEqual(self.rows("SELECT capacity FROM motif ORDER BY id"), [(1,), (8,)])
        listing = self.ok("ouverture", "list").stdout
        # week of 1 December counts: Thursday 3, then Monday 14 and Thursday 17 …
        self.assertIn("prochaines dates : 2026-12-03, 2026-12-14, 2026-12-17, 2026-12-28",
                      listing)
        self.assertIn("motifs : 1 « Démarches en ligne », 2 « Atelier numérique »", listing)

        r = self.ok("ouverture", "fin", "1", "--le", "2026-12-15")
        self.assertEqual(self.rows("SELECT until FROM availability"), [("2026-12-15",)])
        self.assertIn("prochaines dates : 2026-12-03, 2026-12-14\n",
                      self.ok("ouverture", "list").stdout)

        r = self.ok("ressource", "desactiver", "Conseiller France services")
        self.assertEqual(self.rows("SELECT active FROM resource"), [(0,)])
        self.assertIn("compte sophie · désactivée", self.ok("ressource", "list").stdout)

    def test_listings_say_what_they_could_not_read(self):
        """A linked account or an allowed motif that cannot be read was left out of
        the listing in silence (exit 0): the listing now fails and says why."""
        self.ok("ressource", "add", "Conseiller France services", "--type", "agent", "--login",
                "sophie")
        self.ok("motif", "add", "Démarches en ligne", "--duree", "45")
        self.ok("ouverture", "add", "Conseiller France services", "--motifs", "1", "--debut",
                "2026-12-01", "--de", "14:00", "--a", "17:00", "--chaque-semaine", "--jours",
                "lu")
        con = sqlite3.connect(self.db)
        try:  # behind guichet's back, as a damaged or foreign edit would
            con.execute("ALTER TABLE app_user RENAME TO app_user_gone")
            con.commit()
        finally:
            con.close()
        r = self.agenda("ressource", "list")
        self.assertNotEqual(r.status, 0)
        self.assertIn("app_user", r.stderr)
        self.assertNotIn("compte sophie", r.stdout)
        con = sqlite3.connect(self.db)
        try:
            con.execute("ALTER TABLE app_user_gone RENAME TO app_user")
            con.execute("ALTER TABLE motif RENAME TO motif_gone")
            con.commit()
        finally:
            con.close()
        r = self.agenda("ouverture", "list")
        self.assertNotEqual(r.status, 0)
        self.assertIn("motif", r.stderr)

    def test_bad_input_is_refused_in_french_and_writes_nothing(self):
        self.setup_caf()
        base = ["ouverture", "add", CAF, "--motifs", "1", "--debut", "2026-12-01", "--de",
                "09:00", "--a", "12:00"]

        def opening(*changes, freq=("--chaque-semaine",)):
            args = list(base)
            for k, v in changes:
                args[args.index(k) + 1] = v
            return args + list(freq)

        cases = [
            (["ressource", "add", "Salle 3"], 2, "indiquez le type"),
            (["ressource", "add", "Salle 3", "--type", "bureau"], 3,
             "Type de ressource inconnu : « bureau »"),
            (["ressource", "add", "France Travail", "--type", "permanence", "--operateur",
              "pole-emploi"], 3, "Opérateur partenaire inconnu : « pole-emploi »"),
            (["ressource", "add", CAF, "--type", "permanence"], 3,
             "Une ressource s'appelle déjà « CAF — permanence »"),
            (["ressource", "add", "Mme Martin", "--type", "agent", "--login", "personne"], 4,
             "personne"),
            (["ressource", "desactiver", "Inconnue"], 4, "Aucune ressource « Inconnue »"),
            (["motif", "add", "Court"], 2, "--duree"),
            (["motif", "add", "Court", "--duree", "vingt"], 3,
             "La durée « vingt » n'est pas un nombre de minutes"),
            (["motif", "add", "Court", "--duree", "2"], 3, "entre 5 et 480 minutes"),
            (["motif", "add", "Court", "--duree", "20", "--lieu", "cafe"], 3,
             "Lieu inconnu : « cafe »"),
            (["motif", "add", "Court", "--duree", "20", "--operateur", "xyz"], 3,
             "Opérateur partenaire inconnu : « xyz »"),
            (opening(("--de", "25:00")), 3, "« 25:00 » n'est pas une heure valide"),
            (opening(("--de", "12:00"), ("--a", "09:00")), 3,
             "La fin (09:00) doit être après le début (12:00)"),
            (opening(("--debut", "2026-02-30")), 3,
             "« 2026-02-30 » n'est pas une date valide"),
            (opening(("--motifs", "9")), 4, "Motif de rendez-vous introuvable (n° 9)"),
            (opening(("--motifs", "un,deux")), 3, "Liste de motifs illisible"),
            (opening(freq=("--chaque-semaine", "--jours", "LU,XY")), 3, "Jour inconnu « XY »"),
            (opening(freq=("--chaque-semaine", "--jours", "2MA")), 3,
             "ne s'emploie qu'avec --mensuel"),
            (opening(freq=("--mensuel", "--jours", "6MA")), 3, "le rang du jour va de 1 à 5"),
            (opening(freq=("--chaque-semaine", "--jusqu-au", "2026-11-30")), 3,
             "La date de fin précède la date de début"),
            (opening(freq=()), 2, "--chaque-semaine ou --mensuel"),
            (opening(freq=("--chaque-semaine", "--mensuel")), 2, "--chaque-semaine ou --mensuel"),
            (opening(("--motifs", "1"), freq=("--chaque-semaine",))[:3] + ["--chaque-semaine"], 2,
             "guichet agenda ouverture add RESSOURCE"),
            (["ouverture", "add", "Inconnue"] + base[3:] + ["--chaque-semaine"], 4,
             "Aucune ressource « Inconnue »"),
            (["ouverture", "fin", "42", "--le", "2027-01-01"], 4,
             "Plage d'ouverture introuvable (n° 42)"),
            (["ouverture", "fin", "1", "--le", "2027-13-01"], 3,
             "« 2027-13-01 » n'est pas une date valide"),
            (["ferme", CAF, "2026-12-09"], 4, "aucune plage d'ouverture le 2026-12-09"),
            (["ferme", CAF, "2026-12-32"], 3, "« 2026-12-32 » n'est pas une date valide"),
            (["ferme", CAF, "2026-12-08", "--raison", "vacances"], 3, "Raison inconnue"),
            (["ferme", "Inconnue", "2026-12-08"], 4, "Aucune ressource « Inconnue »"),
            (["rouvre", CAF, "2026-12-22"], 4, "n'est pas fermé, rien à rouvrir"),
            (["ressource", "effacer", "1"], 2, "guichet agenda ressource list"),
            (["planning"], 2, "ressource, motif, ouverture, ferme ou rouvre"),
            ([], 2, "ressource, motif, ouverture, ferme ou rouvre"),
        ]
        before = self.rows("SELECT (SELECT count(*) FROM resource), (SELECT count(*) FROM motif), "
                           "(SELECT count(*) FROM availability), (SELECT group_concat(until) "
                           "FROM availability), (SELECT count(*) FROM availability_exception), "
                           "(SELECT count(*) FROM audit)")
        for args, status, words in cases:
            with self.subTest(args=args):
                r = self.agenda(*args)
                self.assertEqual(r.status, status, r)
                self.assertEqual(r.stdout, "", r)
                self.assertTrue(r.stderr.startswith("guichet"), r)
                self.assertIn(words, r.stderr, r)
                self.assertEqual(r.stderr.count("\n"), 1, r)
        after = self.rows("SELECT (SELECT count(*) FROM resource), (SELECT count(*) FROM motif), "
                          "(SELECT count(*) FROM availability), (SELECT group_concat(until) "
                          "FROM availability), (SELECT count(*) FROM availability_exception), "
                          "(SELECT count(*) FROM audit)")
        self.assertEqual(after, before)
        self.assert_golden("agenda/erreur-heure", self.agenda(*opening(("--a", "24:30"))))


if __name__ == "__main__":
    clitest.main()
