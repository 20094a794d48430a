/* test_chart.c — the terminal charts without a terminal (ui/chart.h): the
 * heat levels, the glyphs in Unicode and in ASCII, the bars and their
 * eighths, the percentages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guichet/utf8.h"
#include "ui/chart.h"

static void test_levels(void **state)
{
    (void)state;
    assert_int_equal(chart_level(0, 10), 0);
    assert_int_equal(chart_level(1, 100), 1); /* never 0 for someone */
    assert_int_equal(chart_level(10, 10), CHART_LEVELS);
    assert_int_equal(chart_level(5, 10), 4);
    assert_int_equal(chart_level(6, 10), 5);
    assert_int_equal(chart_level(12, 10), CHART_LEVELS);
    assert_int_equal(chart_level(3, 0), 0);
}

static void test_glyphs(void **state)
{
    (void)state;
    assert_string_equal(chart_glyph(0, 0), " ");
    assert_string_equal(chart_glyph(1, 0), "▁");
    assert_string_equal(chart_glyph(8, 0), "█");
    assert_string_equal(chart_glyph(1, 1), ":");
    assert_string_equal(chart_glyph(8, 1), "@");
    /* each level its own glyph, one column, in both sets */
    for (int a = 0; a < 2; a++)
        for (int l = 1; l <= CHART_LEVELS; l++) {
            assert_int_equal(utf8_width(chart_glyph(l, a)), 1);
            for (int m = l + 1; m <= CHART_LEVELS; m++)
                assert_string_not_equal(chart_glyph(l, a), chart_glyph(m, a));
        }
    assert_string_equal(chart_open_dot(0), "·");
    assert_string_equal(chart_open_dot(1), ".");
}

static void test_bars(void **state)
{
    (void)state;
    char b[256];
    assert_int_equal(chart_bar(10, 10, 20, 0, b, sizeof b), 20);
    assert_int_equal(utf8_width(b), 20);
    assert_int_equal(chart_bar(10, 20, 20, 0, b, sizeof b), 10);
    assert_string_equal(b, "██████████");
    /* 3/16 of 4 columns = 6 eighths: one partial block */
    assert_int_equal(chart_bar(3, 16, 4, 0, b, sizeof b), 1);
    assert_string_equal(b, "▊");
    /* the smallest count still shows */
    assert_int_equal(chart_bar(1, 1000, 10, 0, b, sizeof b), 1);
    assert_string_equal(b, "▏");
    assert_int_equal(chart_bar(0, 10, 10, 0, b, sizeof b), 0);
    assert_string_equal(b, "");
    /* ASCII: # per column, = for half a column or more */
    assert_int_equal(chart_bar(5, 10, 5, 1, b, sizeof b), 3);
    assert_string_equal(b, "##=");
    assert_int_equal(chart_bar(1, 1000, 10, 1, b, sizeof b), 1);
    assert_string_equal(b, "=");
    /* never past the width, nor the buffer */
    assert_int_equal(chart_bar(50, 10, 8, 0, b, sizeof b), 8);
    char small[8];
    assert_true(chart_bar(10, 10, 20, 0, small, sizeof small) <= 2);
    assert_true(strlen(small) < sizeof small);
}

static void test_percent(void **state)
{
    (void)state;
    char p[32];
    assert_string_equal(chart_percent(1, 3, p, sizeof p), "33\u202f%");
    assert_string_equal(chart_percent(2, 3, p, sizeof p), "67\u202f%");
    assert_string_equal(chart_percent(0, 5, p, sizeof p), "0\u202f%");
    assert_string_equal(chart_percent(3, 0, p, sizeof p), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_glyphs),
        cmocka_unit_test(test_bars),
        cmocka_unit_test(test_percent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
