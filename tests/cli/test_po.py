"""The translations are in step with the sources: tools/update-po --check
regenerates the template into a temporary file and fails when
data/po/guichet.pot is stale (dates aside) or when data/po/en.po misses a
message, leaves one untranslated or fuzzy. And a count's words come from one
plural entry (P_()), which a translator can give every form its language
needs, never from a choice between two _() strings nor an « s » added by
hand."""
import glob
import os
import re
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

    # `n == 1 ? _("%d orientation …") : _("%d orientations …")`, and
    # `n > 1 ? "s" : ""`: the plural rule of French (and English) written
    # in the code, where a catalog cannot change it
    HAND_PLURAL = re.compile(r'(?:[=!]=|[<>]=?)\s*1\s*\?\s*_\("[^"]*%z?[ud]'
                             r'|\?\s*"s"\s*:\s*""|\?\s*""\s*:\s*"s"')

    def test_counts_agree_through_ngettext(self):
        found = []
        for path in sorted(glob.glob(os.path.join(clitest.SOURCE_DIR, "src", "**", "*.[ch]"),
                                     recursive=True)):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for m in self.HAND_PLURAL.finditer(text):
                found.append("%s:%d: %s" % (os.path.relpath(path, clitest.SOURCE_DIR),
                                            text.count("\n", 0, m.start()) + 1,
                                            " ".join(m.group().split())))
        self.assertEqual(found, [], "a plural chosen by hand: use P_()")


if __name__ == "__main__":
    clitest.main()
