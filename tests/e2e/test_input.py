"""Keystrokes under any locale (issue 13, desk defect 2): with LANG=C in a
UTF-8 terminal, an accented letter is one key (shown transliterated, kept
as typed) and no key after it is lost, Échap and letters included."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmuxdrv  # noqa: E402


class LocaleInputTest(tmuxdrv.TermCase):
    def test_accented_letters_under_lang_c_lose_no_keystroke(self):
        t = self.demo_term(lang="C")  # the terminal (tmux) still sends UTF-8
        t.wait_for("Mot de passe")
        t.type_text("é")
        t.type_text("bcdefghij")
        # the é became one character, shown « e », and every key after it came
        t.wait_for(r"Identifiant +ebcdefghij ", regex=True)
        t.send_keys("C-u")
        t.wait_gone("ebcdefghij")
        t.type_text("accueil")
        t.send_keys("Tab")
        t.type_text("accueil-demo")
        t.send_keys("Enter")
        t.wait_for("Bonjour")
        # accents in a search: found without losing the letters typed after
        t.send_keys("r")
        t.wait_for("Rechercher un visiteur")
        t.type_text("Kowalczyk Hélène")
        t.wait_for("1 visiteur trouve.")
        t.wait_for("Kowalczyk Helene")
        # Échap and g right after accented letters: both act
        t.send_keys("C-u")
        t.type_text("éàü")
        t.wait_for(r"Rechercher +: eau", regex=True)
        t.send_keys("Escape")
        t.type_text("g")
        t.wait_for("Aujourd'hui  d Deplacer")  # the agenda, in ASCII


if __name__ == "__main__":
    tmuxdrv.main()
