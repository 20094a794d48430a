/* test_fieldtext.c — the one rule for stored text (no control character),
 * its French messages, and the validators that use it at the core
 * boundary (issue 12, item 2). */
#include <stdio.h>
#include <string.h>

#include "guichet/agenda.h"
#include "guichet/directory.h"
#include "guichet/fieldtext.h"
#include "guichet/note.h"
#include "guichet/visitor.h"
#include "testutil.h"

/* The hostile name of the issue, and the other controls. */
#define HOSTILE "Salle\x1b[2J\x1b]52;c;ZXZpbA==\x07"
static const char *const bad[] = {
    HOSTILE,
    "a\tb",
    "a\nb",
    "a\rb",
    "a\x7f",
    "a\x01",
    "\x1b",
    "a\xc2\x85",
    "a\xc2\x9b"
    "2J",
    "caf\xc3",
    "Salle\xe2\x80\xae"
    "A", /* U+202E: the rest drawn right to left */
    "a\xe2\x81\xa6"
    "b", /* U+2066, an isolate */
};

static void test_rule_and_message(void **state)
{
    (void)state;
    g_error err = {0};
    assert_int_equal(
        fieldtext_check("Salle 1 — « Élodie » 王芳", FIELDTEXT_LINE, "name", "Nom", &err), G_OK);
    assert_int_equal(fieldtext_check(NULL, FIELDTEXT_LINE, "name", "Nom", &err), G_OK);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        g_err_clear(&err);
        if (fieldtext_check(bad[i], FIELDTEXT_LINE, "name", "Nom", &err) != G_ERR_INVALID)
            fail_msg("accepted: bad[%zu]", i);
        assert_string_equal(err.field, "name");
        assert_true(strncmp(err.msg, "Nom : ", 6) == 0);
    }
    assert_int_equal(fieldtext_check(HOSTILE, FIELDTEXT_LINE, "name", "Nom", &err), G_ERR_INVALID);
    assert_string_equal(err.msg, "Nom : caractère de contrôle interdit (U+001B, échappement) en "
                                 "position 6 ; tabulations, retours à la ligne et codes de "
                                 "terminal ne sont pas admis.");
    assert_int_equal(fieldtext_check("Salle\xe2\x80\xae"
                                     "A",
                                     FIELDTEXT_LINE, "name", "Nom", &err),
                     G_ERR_INVALID);
    assert_string_equal(err.msg, "Nom : caractère de contrôle interdit (U+202E, inversion du sens "
                                 "d'écriture) en position 6 ; tabulations, retours à la ligne et "
                                 "codes de terminal ne sont pas admis.");
    /* right-to-left text itself is welcome */
    assert_int_equal(fieldtext_check("مريم العلي", FIELDTEXT_LINE, "name", "Nom", &err), G_OK);
    /* multi-line: LF only */
    assert_int_equal(fieldtext_check("a\nb", FIELDTEXT_MULTILINE, "text", "Note", &err), G_OK);
    assert_int_equal(fieldtext_check("a\r\nb", FIELDTEXT_MULTILINE, "text", "Note", &err),
                     G_ERR_INVALID);
    assert_int_equal(fieldtext_check("a\tb", FIELDTEXT_MULTILINE, "text", "Note", &err),
                     G_ERR_INVALID);
}

static void test_visible_placeholder(void **state)
{
    (void)state;
    char out[128];
    assert_string_equal(fieldtext_visible(HOSTILE, 0, out, sizeof out),
                        "Salle\xEF\xBF\xBD[2J\xEF\xBF\xBD]52;c;ZXZpbA==\xEF\xBF\xBD");
    assert_string_equal(fieldtext_visible("a\nb\xc2\x9b\xff", 1, out, sizeof out),
                        "a\nb\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_null(strchr(fieldtext_visible("x\x1by", 0, out, sizeof out), 0x1b));
    /* never cut a character */
    char small[6];
    assert_string_equal(fieldtext_visible("\x1b\x1b", 0, small, sizeof small), "\xEF\xBF\xBD");
}

/* Each validator of the core refuses the hostile text in each of its fields. */
static void test_validators_use_the_rule(void **state)
{
    (void)state;
    g_db *db = tu_db_new();
    g_error err = {0};
    agenda_resource r = {.kind = "salle"};
    snprintf(r.name, sizeof r.name, "%s", HOSTILE);
    assert_int_equal(agenda_resource_add(db, 0, &r, NULL, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "name");
    snprintf(r.name, sizeof r.name, "Salle 1");
    snprintf(r.place, sizeof r.place, "Bureau\t2");
    assert_int_equal(agenda_resource_add(db, 0, &r, NULL, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "place");
    agenda_motif m = {.duration_min = 30, .capacity = 1, .place = "sur-place"};
    snprintf(m.name, sizeof m.name, "Dossier\nretraite");
    assert_int_equal(agenda_motif_add(db, 0, &m, NULL, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "name");
    snprintf(m.name, sizeof m.name, "Dossier retraite");
    snprintf(m.to_bring, sizeof m.to_bring, "Avis\x07");
    assert_int_equal(agenda_motif_add(db, 0, &m, NULL, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "to_bring");

    g_service s = {.source = "local", .source_id = "x", .name = "CAF"};
    assert_int_equal(directory_validate(&s, &err), G_OK);
    snprintf(s.description, sizeof s.description, "Deux\nlignes"); /* multi-line: fine */
    assert_int_equal(directory_validate(&s, &err), G_OK);
    snprintf(s.address, sizeof s.address, "1 rue\x1b[2J");
    assert_int_equal(directory_validate(&s, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "address");
    assert_non_null(strstr(err.msg, "Adresse : caractère de contrôle interdit"));

    visitor v = {0};
    snprintf(v.last_name, sizeof v.last_name, "Dupont\x1b");
    assert_int_equal(visitor_validate_field(&v, "last_name", &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "caractère de contrôle interdit (U+001B"));

    assert_int_equal(note_check_text("Ligne 1\nLigne 2", &err), G_OK);
    assert_int_equal(note_check_text("Ligne 1\x1b[2J", &err), G_ERR_INVALID);
    db_close(db);
    tu_cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_and_message),
        cmocka_unit_test(test_visible_placeholder),
        cmocka_unit_test(test_validators_use_the_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
