"""Administration › Synchronisation (issue 11, docs/synchronisation.md
« L'écran »): the empty state; « Préparer un paquet » with the network's
passphrase in a hidden field (never on screen), the pack then imported into
a fresh base by the real `guichet sync import`; a conflict made by two
bases editing the same visitor (and a slot booked on both), listed on the
screen, marked settled there, and `guichet sync conflits` agrees; a pack imported from the screen after
its dry run; a key file in the settings (no passphrase asked); an agent
cannot reach the screen; an unwritable path or a full disk gives a French
message, leaves no file, and the screen stays usable."""
import glob
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import uidrv  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
import fsfaults  # noqa: E402

PASS = "le bus passe le mardi a Clamecy"
MATRICULE = "FS-DEMO-0001"
# 2026-03-30T08:00:00Z is 10:00 in Paris (the demo site's zone)
DEFAULT_NAME = "guichet-sync-%s-20260330-100000.pack" % MATRICULE
SECOND_NAME = "guichet-sync-%s-20260330-100000-2.pack" % MATRICULE


class AdminSyncTest(uidrv.ScreenCase):
    def open_sync(self, t):
        t.send_keys("d")
        t.wait_for("Administration du site")
        t.send_keys("s")
        t.wait_for("Synchronisation entre bases guichet")

    def flat(self, t):
        """The screen's text as one line (wrapped messages joined)."""
        return " ".join(" ".join(t.lines()).split())

    def folder(self, t):
        return os.path.join(t.tmp, "home", ".local", "share", "guichet", "synchro")

    def sql(self, db, q):
        r = subprocess.run(["sqlite3", db, q], check=True, capture_output=True, text=True)
        return r.stdout.strip()

    def cli_sync(self, t, db, *args, passphrase=True):
        extra = ["--passphrase-stdin"] if passphrase else []
        r = t.run_cli(["--db", db, "sync"] + list(args) + ["--local-admin"] + extra,
                      input=PASS + "\n" if passphrase else None)
        return r.stdout

    def fresh_base(self, t, name):
        db = t.path(name)
        t.run_cli(["--db", db, "init", "--matricule", "FS-58-0042", "--site-name",
                   "Bus France Services", "--admin", "bus-installation", "--admin-name",
                   "Installation du bus", "--commune", "58079", "--password-stdin"],
                  input="mot-de-passe-du-bus\n")
        return db

    def no_secret_on_screen(self, t):
        s = t.screen()
        self.assertNotIn(PASS, s)
        self.assertNotIn("le bus passe", s)

    def prepare_pack(self, t, path=None):
        """« Préparer un paquet » on the open screen: the path (the default
        when None), the passphrase; returns the screen after the result."""
        t.send_keys("p")
        t.wait_for("Préparer un paquet de synchronisation")
        if path is not None:
            t.send_keys("C-u")
            t.type_text(path)
        t.send_keys("Tab")
        t.type_text(PASS)
        self.no_secret_on_screen(t)
        t.assert_on_screen("*" * 10)
        t.send_keys("Enter")

    def test_the_content_hash_is_computed_when_asked(self):
        """The content hash reads every synced row: 7.6 to 10.9 s on the
        bench's base of ten years, which every opening of this screen paid
        (and every change, every pack). It is now computed when asked (e),
        the same as `guichet sync status` prints, and dropped when the
        content may have changed."""
        t = self.demo_term()
        t.login("responsable", "responsable-demo")
        self.open_sync(t)
        t.assert_on_screen("Empreinte du contenu : e pour la calculer")
        t.assert_on_screen("e empreinte")  # in the screen's legend
        t.send_keys("e")
        m = re.search(r"Empreinte du contenu : ([0-9a-f]{16})…",
                      t.wait_for("Empreinte du contenu : [0-9a-f]", regex=True))
        self.assertIsNotNone(m, t.screen())
        out = t.run_cli(["--db", t.path("demo.db"), "sync", "status"]).stdout
        self.assertIn("Empreinte du contenu synchronisé : " + m.group(1), out)
        # a pack sent: the content is another base's business now, the hash
        # is dropped until asked again
        self.prepare_pack(t)
        t.wait_for("Paquet écrit")
        t.wait_for("Dernier paquet envoyé : 30/03/2026")
        t.wait_for("Empreinte du contenu : e pour la calculer")

    def test_empty_state_then_a_pack_imported_elsewhere(self):
        t = self.demo_term()
        t.login("responsable", "responsable-demo")
        self.open_sync(t)
        instance = self.sql(t.path("demo.db"), "SELECT instance FROM sync_clock")
        self.assertTrue(instance)
        t.assert_on_screen("Cette instance : %s" % instance)
        t.assert_on_screen("Dernier paquet envoyé : jamais")
        t.assert_on_screen("Dernier paquet reçu : jamais")
        t.assert_on_screen("Conflits à revoir : 0")
        t.assert_on_screen("Aucun conflit : cette base n'a encore échangé aucun paquet.")
        t.assert_on_screen("Empreinte du contenu : ")
        # every key of the screen is in its key bar, import included
        self.assertIn("i Importer", t.lines()[-2])
        # the first pack holds everything; the default file is in the [sync] folder
        t.send_keys("p")
        t.wait_for("Préparer un paquet de synchronisation")
        t.assert_on_screen("toutes les données")
        t.assert_on_screen("Phrase de passe du réseau")
        t.send_keys("Escape")
        t.wait_for("Synchronisation entre bases guichet")
        self.prepare_pack(t)
        s = t.wait_for("Paquet écrit")
        self.no_secret_on_screen(t)
        pack = os.path.join(self.folder(t), DEFAULT_NAME)
        self.assertTrue(os.path.isfile(pack), s)
        self.assertEqual(glob.glob(os.path.join(self.folder(t), "*.tmp-*")), [])
        t.wait_for("Dernier paquet envoyé : 30/03/2026 10:00")
        flat = " ".join(" ".join(t.lines()).split())
        self.assertIn(DEFAULT_NAME, flat.replace(" ", ""))
        # the journal has it
        t.send_keys("Escape")
        t.wait_for("Administration du site")
        t.send_keys("j")
        t.wait_for("Journal")
        # the real command line imports it into a fresh base with the same passphrase
        b = self.fresh_base(t, "bus.db")
        out = self.cli_sync(t, b, "import", pack)
        self.assertIn("importé", out)
        out = t.run_cli(["--db", b, "sync", "status"]).stdout
        self.assertIn("Dernier paquet reçu : 30/03/2026", out)
        self.assertIn(MATRICULE, out)
        # a wrong passphrase is refused (the pack really is encrypted)
        r = t.run_cli(["--db", b, "sync", "import", pack, "--local-admin",
                       "--passphrase-stdin"], input="pas la bonne\n", check=False)
        self.assertEqual(r.returncode, 10, r.stderr)

    def test_a_conflict_is_listed_settled_on_screen_and_the_cli_agrees(self):
        t = self.demo_term()
        t.login("responsable", "responsable-demo")
        self.open_sync(t)
        self.prepare_pack(t)
        t.wait_for("Paquet écrit")
        a = t.path("demo.db")
        b = self.fresh_base(t, "bus.db")
        self.cli_sync(t, b, "import", os.path.join(self.folder(t), DEFAULT_NAME))
        # both bases change the same visitor without seeing the other's change
        uuid = self.sql(a, "SELECT uuid FROM visitor WHERE merged_into IS NULL AND "
                           "anonymised_at IS NULL ORDER BY id LIMIT 1")
        self.sql(a, "UPDATE visitor SET language = 'anglais' WHERE uuid = '%s'" % uuid)
        self.sql(b, "UPDATE visitor SET language = 'portugais' WHERE uuid = '%s'" % uuid)
        # and both book the same slot offline (15/06/2026 10:00 in Paris), on
        # the same resource and motif: known by identity (the local numbers
        # of the bus's copy need not be the house's)
        start = uidrv.parse_iso("2026-06-15T08:00:00Z")
        res_uuid = self.sql(a, "SELECT uuid FROM resource ORDER BY id LIMIT 1")
        motif_uuid = self.sql(a, "SELECT uuid FROM motif WHERE capacity = 1 ORDER BY id LIMIT 1")
        for side, db in (("a", a), ("b", b)):
            self.sql(db, "INSERT INTO appointment (uuid, resource_id, motif_id, start_at, "
                         "end_at, created_at, updated_at) SELECT '%s-rdv', r.id, m.id, %d, %d, "
                         "0, 0 FROM resource r, motif m WHERE r.uuid = '%s' AND m.uuid = '%s'"
                         % (side, start, start + 1800, res_uuid, motif_uuid))
            self.assertEqual(self.sql(db, "SELECT count(*) FROM appointment WHERE uuid = "
                                          "'%s-rdv'" % side), "1")
        resource = self.sql(a, "SELECT name FROM resource ORDER BY id LIMIT 1")
        back = t.path("retour.pack")
        self.cli_sync(t, b, "export", "--out", back)
        out = self.cli_sync(t, a, "import", back)
        self.assertIn("conflits à revoir", out)
        # the screen shows it (it rereads on its own)
        s = t.wait_for(r"Conflits à revoir : [1-9]", regex=True)
        pending = int(re.search(r"Conflits à revoir : (\d+)", s).group(1))
        t.wait_for("Dernier paquet reçu : 30/03/2026")
        t.assert_on_screen("FS-58-0042")
        # the person the conflict is about, in words (NOM Prénoms, as in the queue)
        who = self.sql(a, "SELECT upper(last_name) || ' ' || first_names FROM visitor "
                          "WHERE uuid = '%s'" % uuid)
        row = t.line_with("Usager %s" % who[:12])
        self.assertIsNotNone(row, s)
        self.assertNotIn("visitor", row)
        self.assertIn("portugais", row)  # the later change wins
        self.assertIn("anglais", row)
        self.assertIn("champ", row)
        # the double booking: both kept, the slot in words
        row = t.line_with("(les deux")
        self.assertIsNotNone(row, s)
        self.assertIn("créneau", row)
        self.assertIn("Rendez-vous", row)
        self.assertIn(resource[:8], row)
        # select it and read its detail (a key first: the message of the pack goes)
        t.send_keys("Home")
        for _ in range(pending):
            flat = self.flat(t)
            if "deux rendez-vous pris hors ligne" in flat:
                break
            t.send_keys("Down")
        self.assertIn("sur le même créneau (%s 15/06/2026 10:00)" % resource, flat)
        self.assertIn("à régler à l'agenda", flat)
        t.send_keys("Home")
        for _ in range(pending):
            flat = " ".join(" ".join(t.lines()).split())
            if "Usager %s (identité %s), langue" % (who, uuid) in flat:
                break
            t.send_keys("Down")
        self.assertIn("Gardé « portugais »", flat)
        self.assertIn("remplacé « anglais »", flat)
        cid = re.search(r"Conflit (\d+) : Usager", flat).group(1)
        # settle it on the screen: asked first, « n » changes nothing
        t.send_keys("r")
        t.wait_for("Marquer le conflit %s comme réglé ?" % cid)
        t.send_keys("n")
        t.wait_for("Rien n'a été marqué.")
        t.assert_on_screen("Conflits à revoir : %d" % pending)
        t.send_keys("r")
        t.wait_for("Marquer le conflit %s comme réglé ?" % cid)
        t.send_keys("o")
        t.wait_for("Conflit %s marqué comme réglé (inscrit au journal)" % cid)
        t.wait_for("Conflits à revoir : %d" % (pending - 1))
        self.assertIsNone(t.line_with("Usager %s" % who[:12]))
        # shown again with the settled ones
        t.send_keys("t")
        t.wait_for("seulement à revoir")
        row = t.line_with("Usager %s" % who[:12])
        self.assertIsNotNone(row)
        self.assertIn("réglé", row)
        t.send_keys("t")
        t.wait_for("voir aussi les réglés")
        # the command line agrees
        out = self.cli_sync(t, a, "conflits", passphrase=False)
        self.assertNotIn("language", out)
        out = self.cli_sync(t, a, "conflits", "--tous", passphrase=False)
        line = [l for l in out.splitlines() if "language" in l][0]
        self.assertTrue(line.startswith("%s (résolu)" % cid), out)
        st = t.run_cli(["--db", a, "sync", "status"]).stdout
        self.assertIn("Conflits à revoir : %d" % (pending - 1), st)

    def test_import_from_the_screen_after_its_dry_run(self):
        t = self.demo_term()
        t.login("responsable", "responsable-demo")
        self.open_sync(t)
        b = self.fresh_base(t, "bus.db")
        self.sql(b, "INSERT INTO motif (uuid, name, duration_min, created_at, updated_at) "
                    "VALUES ('m-bus', 'Aide du bus', 30, 0, 0)")
        pack = t.path("bus.pack")
        self.cli_sync(t, b, "export", "--out", pack)
        t.send_keys("i")
        t.wait_for("Importer un paquet de synchronisation")
        t.send_keys("C-u")
        t.type_text(pack)
        t.send_keys("Tab")
        t.type_text("pas la bonne phrase")
        t.send_keys("Enter")
        t.wait_for("Paquet refusé")
        self.assertEqual(self.sql(t.path("demo.db"),
                                  "SELECT count(*) FROM motif WHERE uuid = 'm-bus'"), "0")
        t.send_keys("C-u")  # the field is empty again, the focus on it
        t.type_text(PASS)
        t.send_keys("Enter")
        s = t.wait_for("Importer maintenant ?")
        self.no_secret_on_screen(t)
        flat = self.flat(t)
        # what it brings, the journal entries counted too
        self.assertRegex(flat, r"Il apporterait : \d+ lignes? ajoutées?, ")
        self.assertRegex(flat, r"\d+ entrées? de journal")
        # « n »: said, nothing changed
        t.send_keys("n")
        t.wait_for("Import abandonné : rien n'a changé.")
        self.assertEqual(self.sql(t.path("demo.db"),
                                  "SELECT count(*) FROM motif WHERE uuid = 'm-bus'"), "0")
        # the passphrase was wiped; the focus is still on it
        t.type_text(PASS)
        t.send_keys("Enter")
        t.wait_for("Importer maintenant ?")
        self.assertEqual(self.sql(t.path("demo.db"),
                                  "SELECT count(*) FROM motif WHERE uuid = 'm-bus'"), "0")
        t.send_keys("o")
        t.wait_for("Paquet de FS-58-0042 importé")
        t.wait_for("Dernier paquet reçu : 30/03/2026 10:00 de FS-58-0042")
        self.assertEqual(self.sql(t.path("demo.db"),
                                  "SELECT count(*) FROM motif WHERE uuid = 'm-bus'"), "1")
        # again: nothing new, said on the form
        t.send_keys("i")
        t.wait_for("Importer un paquet de synchronisation")
        t.send_keys("C-u")
        t.type_text(pack)
        t.send_keys("Tab")
        t.type_text(PASS)
        t.send_keys("Enter")
        t.wait_for("Rien de nouveau dans ce paquet")
        # a folder instead of a pack, then this base's own pack: said as such
        t.send_keys("BTab")
        t.send_keys("C-u")
        t.type_text(t.tmp)
        t.send_keys("Tab")
        t.type_text(PASS)
        t.send_keys("Enter")
        t.wait_for("C'est un dossier")
        own = t.path("mien.pack")
        self.cli_sync(t, t.path("demo.db"), "export", "--out", own)
        t.send_keys("C-u")  # the focus went back to the file
        t.type_text(own)
        t.send_keys("Tab")
        t.type_text(PASS)
        t.send_keys("Enter")
        t.wait_for("Ce paquet a été préparé par cette base-ci")

    def test_a_long_passphrase_is_the_same_on_the_screen_and_the_command_line(self):
        """300 characters typed on the screen open the pack on the command
        line, and the reverse; past the limit, both refuse with the same
        message instead of cutting the phrase."""
        t = self.demo_term()
        t.login("responsable", "responsable-demo")
        self.open_sync(t)
        long_pass = ("le bus de la Nièvre passe le mardi " * 9)[:300]
        self.assertEqual(len(long_pass), 300)
        pack = t.path("long.pack")
        t.send_keys("p")
        t.wait_for("Préparer un paquet de synchronisation")
        t.send_keys("C-u")
        t.type_text(pack)
        t.send_keys("Tab")
        t.type_text(long_pass)
        t.send_keys("Enter")
        t.wait_for("Paquet écrit")
        b = self.fresh_base(t, "bus.db")
        r = t.run_cli(["--db", b, "sync", "import", pack, "--local-admin", "--passphrase-stdin"],
                      input=long_pass + "\n")
        self.assertIn("importé", r.stdout)
        # cut to 256 characters it is another phrase
        r = t.run_cli(["--db", b, "sync", "import", pack, "--local-admin", "--passphrase-stdin",
                       "--dry-run"], input=long_pass[:256] + "\n", check=False)
        self.assertEqual(r.returncode, 10, r.stderr)
        # the command line's pack opens on the screen with the same 300 characters
        back = t.path("retour.pack")
        t.run_cli(["--db", b, "sync", "export", "--out", back, "--local-admin",
                   "--passphrase-stdin"], input=long_pass + "\n")
        t.send_keys("i")
        t.wait_for("Importer un paquet de synchronisation")
        t.send_keys("C-u")
        t.type_text(back)
        t.send_keys("Tab")
        t.type_text(long_pass)
        t.send_keys("Enter")
        s = t.wait_for(r"Importer maintenant \?|Rien de nouveau", regex=True)
        self.assertNotIn("phrase de passe incorrecte", s)
        # past the limit: refused in words, on the command line too
        r = t.run_cli(["--db", b, "sync", "export", "--out", t.path("trop.pack"), "--local-admin",
                       "--passphrase-stdin"], input="x" * 1001 + "\n", check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("trop longue (1000 caractères au plus)", r.stderr)
        self.assertFalse(os.path.exists(t.path("trop.pack")))

    def test_a_key_file_in_the_settings_asks_no_passphrase(self):
        t = self.term(["--demo", "--db", "{tmp}/demo.db"], start=False)
        key = t.path("reseau.cle")
        t.run_cli(["sync", "cle", key])
        with open(t.path("guichet.ini"), "w", encoding="utf-8") as f:
            f.write("[sync]\nkey_file = %s\nfolder = %s\n" % (key, t.path("paquets")))
        t.args = ["--config", t.path("guichet.ini")] + t.args
        t.start()
        t.login("responsable", "responsable-demo")
        self.open_sync(t)
        t.send_keys("p")
        t.wait_for("Préparer un paquet de synchronisation")
        self.assertIn("La clé du réseau est lue dans %s ([sync] key_file)." % key,
                      " ".join(" ".join(t.lines()).split()).replace("/ ", "/"))
        t.assert_not_on_screen("Phrase de passe du réseau")
        t.send_keys("Enter")
        t.wait_for("Paquet écrit")
        pack = os.path.join(t.path("paquets"), DEFAULT_NAME)
        self.assertTrue(os.path.isfile(pack))
        # the command line with the same settings reads it
        b = self.fresh_base(t, "bus.db")
        r = t.run_cli(["--config", t.path("guichet.ini"), "--db", b, "sync", "import", pack,
                       "--local-admin"])
        self.assertIn("importé", r.stdout)

    def test_an_agent_cannot_reach_the_screen(self):
        for login in ("accueil", "conseiller"):
            with self.subTest(login=login):
                t = self.demo_term()
                t.login(login, "%s-demo" % login)
                t.send_keys("d")
                t.wait_for("Administration du site")
                self.assertIn("réservé au responsable", t.line_with("Synchronisation"))
                t.send_keys("s")
                t.wait_for("Cette action est réservée au responsable du site")
                t.send_keys("Enter")
                t.wait_gone("Cette action est réservée")
                t.assert_not_on_screen("Synchronisation entre bases guichet")
                t.assert_not_on_screen("Conflits à revoir")
                t.close()

    def test_an_unwritable_path_says_why_and_the_screen_stays_usable(self):
        t = self.demo_term()
        t.login("responsable", "responsable-demo")
        self.open_sync(t)
        # a relative path, then a folder that cannot hold files (even for root)
        t.send_keys("p")
        t.wait_for("Préparer un paquet de synchronisation")
        t.send_keys("C-u")
        t.type_text("paquet.pack")
        t.send_keys("Enter")
        t.wait_for("Donnez le chemin complet du fichier")
        t.send_keys("C-u")
        t.type_text("/proc/guichet/paquet.pack")
        t.send_keys("Tab")
        t.type_text(PASS)
        t.send_keys("Enter")
        t.wait_for("Impossible d'écrire le paquet")
        self.assertIn("Impossible d'écrire le paquet « /proc/guichet/paquet.pack » :",
                      self.flat(t))
        self.no_secret_on_screen(t)
        t.send_keys("Escape")
        t.wait_for("Dernier paquet envoyé : jamais")
        # the screen still works: a good path writes the pack
        self.prepare_pack(t, t.path("bon.pack"))
        t.wait_for("Paquet écrit")
        self.assertTrue(os.path.isfile(t.path("bon.pack")))

    def test_a_full_disk_leaves_nothing_half_written(self):
        t = self.demo_term()
        t.login("responsable", "responsable-demo")
        self.open_sync(t)
        m = fsfaults.Mount(self, 1024)  # the demo pack is about 460 kB
        m.fill()
        target = os.path.join(m.path, "paquet.pack")
        self.prepare_pack(t, target)
        t.wait_for("Impossible d'écrire le paquet")
        self.assertEqual(sorted(os.listdir(m.path)), ["remplissage"])
        t.send_keys("Escape")
        t.wait_for("Dernier paquet envoyé : jamais")
        # once there is room again, the same screen writes it
        m.unfill()
        self.prepare_pack(t, target)
        t.wait_for("Paquet écrit")
        self.assertIn("Paquet écrit : %s" % target, self.flat(t).replace("/ ", "/"))
        self.assertEqual(sorted(os.listdir(m.path)), ["paquet.pack"])
        t.wait_for("Dernier paquet envoyé : 30/03/2026 10:00")
        # an existing file is never overwritten
        self.prepare_pack(t, target)
        t.wait_for("Ce fichier existe déjà")


if __name__ == "__main__":
    uidrv.main()
