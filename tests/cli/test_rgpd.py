"""guichet rgpd: the purge's dry run lists what would go (pseudonyms checked
against Python's own keyed BLAKE2b) and changes nothing; the real purge does
exactly that and journals counts only; the subject-access document is
written 0600 in plain French, without the notes' content; erasure is refused
while an appointment is to come, then forced; an unknown visitor, a name
instead of an identifier and a reception account are refused with the
documented exit statuses."""
import hashlib
import os
import re
import sqlite3
import stat

import clitest

NOW = "2026-03-30T08:00:00Z"  # Monday, 10:00 in Paris
FIXTURE = os.path.join(clitest.SOURCE_DIR, "tests", "cli", "fixtures", "charter.sql")
KEY = bytes(range(32))
A = "c0ffee00-0000-4000-8000-0000000000a1"
B = "c0ffee00-0000-4000-8000-0000000000b2"
MASKS = [clitest.MASK_TIME]


def pseudonym(uuid):
    """export_pseudonym, computed independently: keyed BLAKE2b, 16 bytes."""
    return hashlib.blake2b(uuid.encode(), key=KEY, digest_size=16).hexdigest()


class RgpdTest(clitest.CliTestCase):
    def setUp(self):
        super().setUp()
        self.env["GUICHET_CLOCK_FILE"] = self.write_file("clock", NOW + "\n")
        self.db = self.init_db()
        with open(FIXTURE, encoding="utf-8") as f:
            self.sql(f.read())

    def sql(self, script):
        con = sqlite3.connect(self.db)
        try:
            con.executescript(script)
            con.commit()
        finally:
            con.close()

    def rows(self, query, *params):
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        try:
            return con.execute(query, params).fetchall()
        finally:
            con.close()

    def rgpd(self, *args, stdin=""):
        # who acts: the file's owner (this test's account) unless a
        # responsable is named with --as
        who = () if "--as" in args or "--no-actor" in args else ("--local-admin",)
        args = tuple(a for a in args if a != "--no-actor")
        return self.run_guichet("--db", self.db, "rgpd", *args, *who, stdin=stdin)

    def snapshot(self):
        # the journal without the entries that say who ran a command
        # (local-admin, cli-auth): those are written by every run
        return [self.rows("SELECT count(*) FROM %s" % t)[0][0]
                for t in ("visitor", "visit", "note", "note_version", "appointment",
                          "audit WHERE action NOT IN ('local-admin', 'cli-auth')")] + [
            self.rows("SELECT count(*) FROM visit WHERE comment <> ''")[0][0]]

    def test_dry_run_then_purge(self):
        before = self.snapshot()
        r = self.rgpd("purge", "--dry-run")
        self.assert_status(r, 0)
        self.assert_golden("rgpd/purge-dry-run", r, MASKS)
        # the people concerned, by the pseudonym of the funders' files
        self.assertIn("  %s  fiche effacée\n" % pseudonym(A), r.stdout)
        self.assertIn("  %s  commentaires, rendez-vous, notes\n" % pseudonym(B), r.stdout)
        for secret in ("Zorglubovitch", "Quetzalcoatlos", A, B):
            self.assertNotIn(secret, r.stdout)
        self.assertEqual(self.snapshot(), before)  # nothing moved, nothing journaled
        self.assertIn(("rgpd purge",), [(d.split(" : ", 1)[1],) for (d,) in self.rows(
            "SELECT detail FROM audit WHERE action = 'local-admin'")])  # but who looked

        r = self.rgpd("purge")
        self.assert_status(r, 0)
        self.assert_golden("rgpd/purge", r, MASKS)
        self.assertEqual(self.rows("SELECT id FROM visitor WHERE anonymised_at IS NULL"),
                         [(2,), (3,)])
        self.assertEqual(self.rows("SELECT count(*) FROM visit WHERE comment <> ''"), [(0,)])
        self.assertEqual(self.rows("SELECT id, visitor_id FROM appointment ORDER BY id"),
                         [(1, None), (2, None), (3, 2)])
        self.assertEqual(self.rows("SELECT id FROM note"), [(2,)])
        # the name-search index merged back into one segment (the purge
        # rewrote the purged file's entry into a segment of its own)
        self.assertEqual(self.rows("SELECT count(DISTINCT segid) FROM visitor_fts_idx"), [(1,)])
        (action, obj, detail), = self.rows(
            "SELECT action, object, detail FROM audit ORDER BY id DESC LIMIT 1")
        self.assertEqual((action, obj), ("rgpd-purge", ""))
        self.assertEqual(detail, "fiches=1 demandes=2 commentaires=1 orientations=1 "
                                 "transmissions=0 rdv=2 notes=1 journal=0")
        with open(self.db, "rb") as f:
            self.assertNotIn(b"NOTE-VIEILLE-SECRETE", f.read())
        self.assert_status(self.run_guichet("--db", self.db, "check"), 0)
        # the hourly cron job: once a day at most, and quiet
        journal = self.rows("SELECT count(*) FROM audit")
        r = self.rgpd("purge", "--quotidien")
        self.assert_golden("rgpd/purge-deja-faite", r, MASKS)
        r = self.rgpd("purge", "--quotidien", "--quiet")
        self.assertEqual((r.status, r.stdout, r.stderr), (0, "", ""))
        self.assertEqual(self.rows("SELECT count(*) FROM audit"), journal)
        self.write_file("clock", "2026-03-31T06:00:00Z\n")  # the next morning
        r = self.rgpd("purge", "--quotidien", "--quiet")
        self.assertEqual((r.status, r.stdout, r.stderr), (0, "", ""))
        self.assertEqual(self.rows("SELECT count(*) FROM audit WHERE action = 'rgpd-purge'"),
                         [(2,)])

    def test_subject_access_document(self):
        out = self.path("acces.txt")
        r = self.rgpd("acces", B, "--out", out)
        self.assert_golden("rgpd/acces", r, MASKS)
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)
        with open(out, encoding="utf-8") as f:
            doc = f.read()
        flat = re.sub(r"\n +", " ", doc)
        for want in ("Nom d'usage : Quetzalcoatlos", "Date de naissance : 02/01/1990",
                     "2. Vos demandes (2)", "Commentaire : « Commentaire-de-B »",
                     "vers « Mission locale » : Ouverte", "4. Vos rendez-vous (2)",
                     "ont écrit 2 notes confidentielles", "la loi permet au professionnel",
                     "Votre avis a été demandé à la fin de 1 demande", "saisir la CNIL"):
            self.assertIn(want, flat)
        self.assertNotIn("SECRETE", doc)
        self.assertTrue(all(len(line) <= 80 for line in doc.splitlines()))
        self.assertEqual(self.rows("SELECT action, object FROM audit ORDER BY id DESC LIMIT 1"),
                         [("rgpd-access", "visitor:" + B)])
        # by the file's number too; nothing left beside the document
        r = self.rgpd("acces", "2", "--out", self.path("acces2.txt"))
        self.assert_status(r, 0)
        self.assertEqual(sorted(f for f in os.listdir(self.tmp) if f.startswith("acces")),
                         ["acces.txt", "acces2.txt"])

    def test_errors(self):
        r = self.rgpd("acces", "c0ffee00-0000-4000-8000-000000000999", "--out",
                      self.path("x.txt"))
        self.assert_golden("rgpd/acces-inconnu", r)
        self.assert_status(r, 4)
        r = self.rgpd("effacer", "Dupont")
        self.assert_golden("rgpd/effacer-nom", r)
        self.assert_status(r, 3)
        r = self.rgpd("acces", B)
        self.assert_golden("rgpd/acces-sans-out", r)
        self.assert_status(r, 2)
        self.assertFalse(os.path.exists(self.path("x.txt")))

    def test_erasure_refused_with_an_appointment_to_come_then_forced(self):
        before = self.snapshot()
        r = self.rgpd("effacer", B)
        self.assert_golden("rgpd/effacer-rdv-a-venir", r)
        self.assert_status(r, 3)
        self.assertEqual(self.snapshot(), before)
        r = self.rgpd("effacer", B, "--force")
        self.assert_golden("rgpd/effacer-force", r)
        self.assert_status(r, 0)
        self.assertIn(pseudonym(B), r.stdout)
        self.assertEqual(self.rows("SELECT count(*) FROM visitor WHERE uuid = ?", B), [(0,)])
        self.assertEqual(self.rows("SELECT count(*) FROM note"), [(0,)])
        self.assertEqual(self.rows("SELECT status, visitor_id FROM appointment WHERE id = 3"),
                         [("excuse", None)])
        self.assertEqual(self.rows("SELECT count(*) FROM visit WHERE visitor_id IS NULL"),
                         [(4,)])  # the requests stay, for the counts
        (detail,), = self.rows("SELECT detail FROM audit WHERE action = 'rgpd-erase'")
        self.assertEqual(detail, "demandes=2 rdv=2 rdv_annules=1 orientations=1 "
                                 "transmissions=0 notes=2")
        with open(self.db, "rb") as f:
            data = f.read()
        self.assertNotIn(b"NOTE-RECENTE-SECRETE", data)
        self.assertNotIn("Quetzalcoatlos".encode(), data)
        r = self.rgpd("acces", B, "--out", self.path("acces.txt"))
        self.assert_status(r, 4)
        self.assert_status(self.run_guichet("--db", self.db, "check"), 0)

    def test_reception_account_is_refused(self):
        r = self.run_guichet("--db", self.db, "user", "add", "agathe", "--role", "accueil", "--local-admin",
                             "--name", "Agathe Martin", "--password-stdin",
                             stdin="mot-de-passe-agathe\n")
        self.assert_status(r, 0)
        before = self.snapshot()
        for args in (("purge", "--dry-run"), ("effacer", B, "--force"),
                     ("acces", B, "--out", self.path("x.txt")), ("cherche", "quetz")):
            r = self.rgpd(*args, "--as", "agathe", "--password-stdin",
                          stdin="mot-de-passe-agathe\n")
            self.assert_golden("rgpd/role-refuse", r)
            self.assert_status(r, 5)
        self.assertFalse(os.path.exists(self.path("x.txt")))
        # nobody named (neither --as nor --local-admin): refused, nothing done
        for args in (("purge",), ("effacer", B, "--force")):
            r = self.rgpd(*args, "--no-actor")
            self.assert_status(r, 5)
            self.assertIn("--local-admin", r.stderr)
        # only the logins and logouts of the refused attempts were journaled
        after = self.snapshot()
        self.assertEqual(after[:5], before[:5])
        # a responsable named with --as: the purge is journaled as her
        r = self.rgpd("purge", "--as", "sophie", "--password-stdin",
                      stdin="mot-de-passe-sophie\n")
        self.assert_status(r, 0)
        self.assertEqual(self.rows("SELECT u.login FROM audit a JOIN app_user u ON u.id = "
                                   "a.user_id WHERE a.action = 'rgpd-purge'"), [("sophie",)])
        r = self.rgpd("purge", "--as", "sophie", "--password-stdin", stdin="mauvais\n")
        self.assert_status(r, 5)

    def test_cherche(self):
        r = self.rgpd("cherche", "quetz")
        self.assert_golden("rgpd/cherche", r)
        self.assertIn(B, r.stdout)
        r = self.rgpd("cherche", "personne")
        self.assert_golden("rgpd/cherche-rien", r)


if __name__ == "__main__":
    clitest.main()
