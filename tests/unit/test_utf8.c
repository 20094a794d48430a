/* test_utf8.c — validity, width and truncation of UTF-8 text. */
#include <locale.h>
#include <string.h>

#include "guichet/utf8.h"
#include "testutil.h"

static void test_valid_and_invalid_sequences(void **state)
{
    (void)state;
    const char *ok = "Élodie Ngũgĩ 王芳 \xEF\xBF\xBD";
    assert_true(utf8_valid(ok, strlen(ok)));
    assert_false(utf8_valid("caf\xE9", 4));          /* Latin-1 é */
    assert_false(utf8_valid("\xC3", 1));             /* truncated */
    assert_false(utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
    assert_false(utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
    assert_false(utf8_valid("\xF4\x90\x80\x80", 4)); /* beyond U+10FFFF */
}

static void test_width_counts_columns(void **state)
{
    (void)state;
    assert_int_equal(utf8_width("Élodie"), 6);
    assert_int_equal(utf8_width("王芳"), 4);
    assert_int_equal(utf8_chars("Ngũgĩ"), 5);
    assert_int_equal(utf8_width("e\xCC\x81"), 1); /* e + combining acute */
}

static void test_fit_never_cuts_a_character(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(utf8_fit("Élodie Ngũgĩ", 8, 1, out, sizeof out), 8);
    assert_string_equal(out, "Élodie …");
    /* a double-width character that does not fit is left out whole */
    assert_int_equal(utf8_fit("王芳王", 5, 0, out, sizeof out), 4);
    assert_string_equal(out, "王芳");
    assert_int_equal(utf8_fit("court", 10, 1, out, sizeof out), 5);
    assert_string_equal(out, "court");
    /* a tiny buffer truncates on a character boundary */
    char tiny[6];
    utf8_fit("ééééé", 10, 0, tiny, sizeof tiny);
    assert_true(utf8_valid(tiny, strlen(tiny)));
}

static void test_prev_next_step_over_characters(void **state)
{
    (void)state;
    const char *s = "aé王";
    assert_int_equal(utf8_next(s, 0), 1);
    assert_int_equal(utf8_next(s, 1), 3);
    assert_int_equal(utf8_next(s, 3), 6);
    assert_int_equal(utf8_prev(s, 6), 3);
    assert_int_equal(utf8_prev(s, 3), 1);
    assert_int_equal(utf8_prev(s, 1), 0);
}

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_and_invalid_sequences),
        cmocka_unit_test(test_width_counts_columns),
        cmocka_unit_test(test_fit_never_cuts_a_character),
        cmocka_unit_test(test_prev_next_step_over_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
