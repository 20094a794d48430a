"""The translations are in step with the sources: tools/update-po --check
regenerates the template into a temporary file and fails when
data/po/guichet.pot is stale (dates aside) or when data/po/en.po misses a
message, leaves one untranslated or fuzzy."""
import os
import subprocess

import clitest


class PoTest(clitest.CliTestCase):
    def test_pot_is_current_and_english_complete(self):
        script = os.path.join(clitest.SOURCE_DIR, "tools", "update-po")
        before = open(os.path.join(clitest.SOURCE_DIR, "data/po/guichet.pot"), "rb").read()
        p = subprocess.run(["sh", script, "--check"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=300)
        self.assertEqual(p.returncode, 0, p.stdout.decode() + p.stderr.decode())
        self.assertIn("translated messages", p.stdout.decode())
        self.assertNotIn("untranslated", p.stdout.decode())
        # --check changes nothing
        after = open(os.path.join(clitest.SOURCE_DIR, "data/po/guichet.pot"), "rb").read()
        self.assertEqual(before, after)


if __name__ == "__main__":
    clitest.main()
