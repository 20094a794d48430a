/* test_ics.c — the iCalendar writer's escaping and folding on hostile text
 * (what fuzz_ics found: a control character of a stored name reached the
 * file as it was). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/ics.h"
#include "guichet/utf8.h"
#include "testutil.h"

static void test_escape_replaces_controls_and_invalid_bytes(void **state)
{
    (void)state;
    char out[128];
    /* ESC, BEL, DEL, a C1 control, an invalid byte: U+FFFD each */
    ics_escape("Salle\x1b[2J\x07\x7f\xc2\x85\xff!", out, sizeof out);
    assert_string_equal(out, "Salle\xEF\xBF\xBD[2J\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                             "\xEF\xBF\xBD!");
    /* the TEXT escapes, CR dropped, LF as \n, HTAB kept */
    ics_escape("a;b,c\\d\r\ne\tf", out, sizeof out);
    assert_string_equal(out, "a\\;b\\,c\\\\d\\ne\tf");
}

static void test_escape_never_cuts_a_character(void **state)
{
    (void)state;
    char out[8];
    ics_escape("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", out, sizeof out); /* éééé: 8 bytes */
    assert_string_equal(out, "\xC3\xA9\xC3\xA9\xC3\xA9");            /* 3 fit with the NUL */
    assert_true(utf8_valid(out, strlen(out)));
}

static void test_line_folds_even_without_utf8(void **state)
{
    (void)state;
    char value[200];
    memset(value, 0x80, sizeof value - 1); /* continuation bytes only: used to loop forever */
    value[sizeof value - 1] = 0;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    ics_line(f, "SUMMARY", value);
    fclose(f);
    assert_true(len > sizeof value);
    for (char *line = buf; *line;) {
        char *crlf = strstr(line, "\r\n");
        assert_non_null(crlf);
        assert_true(crlf - line <= 75);
        line = crlf + 2;
    }
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_replaces_controls_and_invalid_bytes),
        cmocka_unit_test(test_escape_never_cuts_a_character),
        cmocka_unit_test(test_line_folds_even_without_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
