/* test_normalize.c — folding names, phones, INSEE and postal codes, e-mail,
 * dates. */
#include <string.h>

#include "guichet/error.h"
#include "guichet/normalize.h"
#include "testutil.h"

static const char *fold(const char *s)
{
    static char buf[256];
    normalize_fold(s, buf, sizeof buf);
    return buf;
}

static void test_fold_accents_case_and_ligatures(void **state)
{
    (void)state;
    assert_string_equal(fold("Élodie"), "elodie");
    assert_string_equal(fold("LEFÈVRE"), "lefevre");
    assert_string_equal(fold("François Çà"), "francois ca");
    assert_string_equal(fold("Œuvre Cœur"), "oeuvre coeur");
    assert_string_equal(fold("Straße"), "strasse");
    assert_string_equal(fold("Ngũgĩ"), "ngugi");
    assert_string_equal(fold("Łukasz Wałęsa"), "lukasz walesa");
    assert_string_equal(fold("Nguyễn Thị Ánh"), "nguyen thi anh");
    assert_string_equal(fold("Ægir Øster Ðuro Þór"), "aegir oster duro thor");
    assert_string_equal(fold("Ștefan Țurcanu"), "stefan turcanu");
    assert_string_equal(fold("İlhan ılık"), "ilhan ilik");
    /* decomposed input (e + combining acute) folds the same */
    assert_string_equal(fold("E\xcc\x81lodie"), "elodie");
    /* other scripts are left to the FTS tokenizer */
    assert_string_equal(fold("王芳"), "王芳");
    /* Greek too: lower case without accents */
    assert_string_equal(fold("ΑΘΑΝΑΣΊΑ Αθανασία Παπαδόπουλος"), "αθανασια αθανασια παπαδοπουλοσ");
    /* typographic apostrophes and dashes */
    assert_string_equal(fold("N’Diaye Jean‐Marc"), "n'diaye jean-marc");
    /* never cuts a character: 3 bytes of room for "é…" keeps only "e" + "l" */
    char small[3];
    normalize_fold("élan", small, sizeof small);
    assert_string_equal(small, "el");
    /* invalid UTF-8 is dropped, not copied */
    assert_string_equal(fold("a\xff"
                             "b"),
                        "ab");
}

static const char *words(const char *s)
{
    static char buf[512];
    normalize_search_words(s, buf, sizeof buf);
    return buf;
}

static void test_search_words_split_and_join_hyphens_apostrophes(void **state)
{
    (void)state;
    assert_string_equal(words("Jean-Pierre"), "jean pierre jeanpierre");
    assert_string_equal(words("N'Diaye"), "n diaye ndiaye");
    assert_string_equal(words("Jeanne d’Arc"), "jeanne d arc darc");
    assert_string_equal(words("  LE GOFF,  Marie-Hélène "), "le goff marie helene mariehelene");
    assert_string_equal(words("O'Brien-Smith"), "o brien smith obriensmith");
    assert_string_equal(words("--"), "");
}

static void test_name_key_ignores_punctuation(void **state)
{
    (void)state;
    char a[64], b[64];
    normalize_name_key("Le Fèvre-d'Arc", a, sizeof a);
    assert_string_equal(a, "lefevredarc");
    normalize_name_key("LEFEVRE D ARC", b, sizeof b);
    assert_string_equal(b, "lefevredarc");
}

static const char *phone(const char *in)
{
    static char out[NORMALIZE_PHONE_SIZE];
    g_error err = {0};
    if (normalize_phone(in, out, &err) != G_OK)
        return "INVALID";
    return out;
}

static void test_phone_french_formats(void **state)
{
    (void)state;
    assert_string_equal(phone("06 12 34 56 78"), "+33612345678");
    assert_string_equal(phone("06.12.34.56.78"), "+33612345678");
    assert_string_equal(phone("06-12-34-56-78"), "+33612345678");
    assert_string_equal(phone("0612345678"), "+33612345678");
    assert_string_equal(phone("+33 6 12 34 56 78"), "+33612345678");
    assert_string_equal(phone("+33 (0)6 12 34 56 78"), "+33612345678");
    assert_string_equal(phone("0033612345678"), "+33612345678");
    assert_string_equal(phone("03 86 12 34 56"), "+33386123456");
    assert_string_equal(phone("+32 2 123 45 67"), "+3221234567");
}

static void test_phone_overseas(void **state)
{
    (void)state;
    assert_string_equal(phone("0690 12 34 56"), "+590690123456"); /* Guadeloupe mobile */
    assert_string_equal(phone("0590 12 34 56"), "+590590123456"); /* Guadeloupe */
    assert_string_equal(phone("0696 12 34 56"), "+596696123456"); /* Martinique */
    assert_string_equal(phone("0594 12 34 56"), "+594594123456"); /* Guyane */
    assert_string_equal(phone("0692 12 34 56"), "+262692123456"); /* La Réunion */
    assert_string_equal(phone("0639 12 34 56"), "+262639123456"); /* Mayotte */
    assert_string_equal(phone("+262 262 12 34 56"), "+262262123456");
    char nat[NORMALIZE_PHONE_SIZE];
    normalize_phone_national("+590690123456", nat);
    assert_string_equal(nat, "0690123456");
    normalize_phone_national("+33612345678", nat);
    assert_string_equal(nat, "0612345678");
    char shown[32];
    normalize_phone_display("+262692123456", shown, sizeof shown);
    assert_string_equal(shown, "06 92 12 34 56");
}

static void test_phone_refused(void **state)
{
    (void)state;
    assert_string_equal(phone("06 12 34 56"), "INVALID");      /* 8 digits */
    assert_string_equal(phone("612345678"), "INVALID");        /* no leading 0 */
    assert_string_equal(phone("06 12 34 56 78 9"), "INVALID"); /* 11 digits */
    assert_string_equal(phone("06 12 AB 56 78"), "INVALID");
    assert_string_equal(phone("+33 6 12 34"), "INVALID");
    assert_string_equal(phone("+0612345678"), "INVALID");
    assert_string_equal(phone(""), "INVALID");
    g_error err = {0};
    char out[NORMALIZE_PHONE_SIZE];
    assert_int_equal(normalize_phone("06 12", out, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "phone");
    assert_non_null(strstr(err.msg, "10 chiffres"));
}

static void test_insee_codes(void **state)
{
    (void)state;
    assert_true(normalize_insee_valid("58194")); /* Nevers */
    assert_true(normalize_insee_valid("2A004")); /* Ajaccio */
    assert_true(normalize_insee_valid("2B033")); /* Bastia */
    assert_true(normalize_insee_valid("2a004"));
    assert_true(normalize_insee_valid("97411"));  /* Saint-Denis (La Réunion) */
    assert_true(normalize_insee_valid("97611"));  /* Mamoudzou */
    assert_true(normalize_insee_valid("98818"));  /* Nouméa */
    assert_false(normalize_insee_valid("20004")); /* Corsica is 2A/2B */
    assert_false(normalize_insee_valid("2C004"));
    assert_false(normalize_insee_valid("58000")); /* a postal code, not a commune */
    assert_false(normalize_insee_valid("5819"));
    assert_false(normalize_insee_valid("581944"));
    assert_false(normalize_insee_valid("00123"));
    assert_false(normalize_insee_valid("96123"));
    assert_false(normalize_insee_valid("97911"));
    assert_false(normalize_insee_valid("5819A"));
    char out[6];
    assert_int_equal(normalize_insee("2b033", out), 0);
    assert_string_equal(out, "2B033");
    assert_int_equal(normalize_insee("2x033", out), -1);
    assert_string_equal(out, "");
}

static void test_postal_and_email(void **state)
{
    (void)state;
    assert_true(normalize_postal_valid("58000"));
    assert_true(normalize_postal_valid("20000"));
    assert_true(normalize_postal_valid("97400"));
    assert_false(normalize_postal_valid("5800"));
    assert_false(normalize_postal_valid("00100"));
    assert_false(normalize_postal_valid("58 00"));
    assert_true(normalize_email_valid("prenom.nom@exemple.fr"));
    assert_true(normalize_email_valid("a+b@sous.domaine-x.org"));
    assert_true(normalize_email_valid("élodie@exemple.fr"));
    assert_false(normalize_email_valid("prenom.nom@exemple"));
    assert_false(normalize_email_valid("prenom nom@exemple.fr"));
    assert_false(normalize_email_valid("@exemple.fr"));
    assert_false(normalize_email_valid("a@@exemple.fr"));
    assert_false(normalize_email_valid("a@b@exemple.fr"));
    assert_false(normalize_email_valid("a..b@exemple.fr"));
    assert_false(normalize_email_valid("a@-exemple.fr"));
    assert_false(normalize_email_valid("a@exemple-.fr"));
    assert_false(normalize_email_valid("a@exemple.fr."));
}

static const char *date(const char *in)
{
    static char iso[11];
    if (normalize_date(in, iso, NULL) != G_OK)
        return "INVALID";
    return iso;
}

static void test_dates(void **state)
{
    (void)state;
    assert_string_equal(date("12/03/1961"), "1961-03-12");
    assert_string_equal(date("1961-03-12"), "1961-03-12");
    assert_string_equal(date("1/3/1961"), "1961-03-01");
    assert_string_equal(date(" 12.03.1961 "), "1961-03-12");
    assert_string_equal(date("29/02/2024"), "2024-02-29");
    assert_string_equal(date("31/02/2000"), "INVALID");
    assert_string_equal(date("29/02/2023"), "INVALID");
    assert_string_equal(date("00/01/2000"), "INVALID");
    assert_string_equal(date("12/13/2000"), "INVALID");
    assert_string_equal(date("12/03/61"), "2061-03-12"); /* not a birth date: 20AA */
    assert_string_equal(date("12/03/1"), "INVALID");
    assert_string_equal(date("12/03/196"), "INVALID");
    assert_string_equal(date("12/03"), "INVALID");
    assert_string_equal(date("12/03/1961x"), "INVALID");
    assert_string_equal(date("12/03-1961"), "INVALID");
    assert_string_equal(date(""), "INVALID");
    g_error err = {0};
    char iso[11];
    assert_int_equal(normalize_date("31/02/2000", iso, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "31/02/2000 n'existe pas"));
    char shown[11];
    normalize_date_display("1961-03-12", shown);
    assert_string_equal(shown, "12/03/1961");
}

static const char *birth(const char *in, int this_year)
{
    static char iso[11];
    if (normalize_date_rule(in, NORMALIZE_CENTURY_PAST, this_year, iso, NULL) != G_OK)
        return "INVALID";
    return iso;
}

/* Issue 13 defect 7: 01021980, 1/3/1961 and 1/3/61 were refused. */
static void test_dates_typed_short(void **state)
{
    (void)state;
    /* digits only, as on a numeric keypad */
    assert_string_equal(date("01021980"), "1980-02-01");
    assert_string_equal(date(" 29022024 "), "2024-02-29");
    assert_string_equal(date("29022023"), "INVALID");
    assert_string_equal(date("010226"), "2026-02-01");
    assert_string_equal(date("0102198"), "INVALID");
    assert_string_equal(date("010219800"), "INVALID");
    assert_string_equal(date("1/3/1961"), "1961-03-01");
    /* a birth date: this century up to this year, else the last one */
    assert_string_equal(birth("1/3/61", 2026), "1961-03-01");
    assert_string_equal(birth("1/3/25", 2026), "2025-03-01");
    assert_string_equal(birth("1/3/26", 2026), "2026-03-01");
    assert_string_equal(birth("1/3/27", 2026), "1927-03-01");
    assert_string_equal(birth("010361", 2026), "1961-03-01");
    assert_string_equal(birth("01031961", 2026), "1961-03-01");
    assert_string_equal(birth("29/02/00", 2026), "2000-02-29");
    assert_string_equal(birth("29/02/01", 2026), "INVALID"); /* 2001 is not a leap year */
    assert_string_equal(birth("1961-03-01", 2026), "1961-03-01");
    /* everything else: 20AA */
    assert_string_equal(date("1/3/61"), "2061-03-01");
    assert_string_equal(date("15.04.26"), "2026-04-15");
    /* the rule as the screens state it */
    char hint[64];
    normalize_century_hint(NORMALIZE_CENTURY_PAST, 2026, hint, sizeof hint);
    assert_string_equal(hint, "26 = 2026 ; 27 = 1927");
    normalize_century_hint(NORMALIZE_CENTURY_NEXT, 2026, hint, sizeof hint);
    assert_string_equal(hint, "26 = 2026");
    /* in a search box, digits are a phone number being typed */
    assert_true(normalize_date_like("12/03"));
    assert_true(normalize_date_like("1961-03"));
    assert_false(normalize_date_like("01021980"));
    assert_false(normalize_date_like("06.12.34"));
    assert_false(normalize_date_like("06-12-34"));
    assert_false(normalize_date_like("Dupont"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold_accents_case_and_ligatures),
        cmocka_unit_test(test_search_words_split_and_join_hyphens_apostrophes),
        cmocka_unit_test(test_name_key_ignores_punctuation),
        cmocka_unit_test(test_phone_french_formats),
        cmocka_unit_test(test_phone_overseas),
        cmocka_unit_test(test_phone_refused),
        cmocka_unit_test(test_insee_codes),
        cmocka_unit_test(test_postal_and_email),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_dates_typed_short),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
