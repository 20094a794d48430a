/* test_strbuf.c — the shared string builder: appending into a caller's
 * buffer cuts once, on a character boundary, and says so; a growing one
 * takes any length. */
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/hours.h"
#include "guichet/recurrence.h"
#include "guichet/strbuf.h"
#include "guichet/utf8.h"
#include "testutil.h"

static void test_appends_and_joins(void **state)
{
    (void)state;
    char buf[64];
    strbuf b;
    strbuf_init(&b, buf, sizeof buf);
    assert_string_equal(strbuf_str(&b), "");
    assert_int_equal(strbuf_join(&b, " · ", "Naissance 12/03/1961"), 0);
    assert_int_equal(strbuf_join(&b, " · ", ""), 0); /* a missing item: no separator */
    assert_int_equal(strbuf_join(&b, " · ", NULL), 0);
    assert_int_equal(strbuf_printf(&b, " · Tél. %s", "06 12"), 0);
    assert_string_equal(buf, "Naissance 12/03/1961 · Tél. 06 12");
    assert_int_equal(b.len, strlen(buf));
    assert_false(b.truncated);
}

static void test_cuts_once_on_a_character(void **state)
{
    (void)state;
    char buf[12];
    strbuf b;
    strbuf_init(&b, buf, sizeof buf);
    /* "Élodie Ngũgĩ": É is 2 bytes, ũ and ĩ 2 each; 11 bytes fit */
    assert_int_equal(strbuf_puts(&b, "Élodie Ngũgĩ"), -1);
    assert_true(b.truncated);
    assert_true(utf8_valid(buf, strlen(buf)));
    assert_string_equal(buf, "Élodie Ng"); /* ũ would straddle the end: left out */
    /* nothing more is appended after the cut, even what would fit */
    assert_int_equal(strbuf_puts(&b, "x"), -1);
    assert_int_equal(strbuf_printf(&b, "%d", 1), -1);
    assert_string_equal(buf, "Élodie Ng");
    /* a printf that does not fit is cut too */
    strbuf_init(&b, buf, sizeof buf);
    assert_int_equal(strbuf_printf(&b, "%s %d", "王芳王芳", 2026), -1);
    assert_string_equal(buf, "王芳王"); /* 9 bytes; the 4th 王 would need 12 */
    char one[1];
    strbuf_init(&b, one, 1);
    assert_int_equal(strbuf_puts(&b, "a"), -1);
    assert_string_equal(one, "");
}

static void test_grows_to_any_length(void **state)
{
    (void)state;
    strbuf b;
    strbuf_init_grow(&b);
    assert_string_equal(strbuf_str(&b), "");
    for (int i = 0; i < 1000; i++)
        assert_int_equal(strbuf_printf(&b, "%04d;", i), 0);
    char long_text[1000];
    memset(long_text, 'e', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = 0;
    assert_int_equal(strbuf_printf(&b, "[%s]", long_text), 0); /* longer than the 256 scratch */
    assert_int_equal(b.len, 5000 + 1001);
    char *text = strbuf_take(&b);
    assert_non_null(text);
    assert_memory_equal(text, "0000;0001;", 10);
    assert_int_equal(strlen(text), 6001);
    assert_int_equal(text[6000], ']');
    free(text);
    assert_string_equal(strbuf_str(&b), ""); /* empty again */
    strbuf_free(&b);
    char *none = strbuf_take(&b);
    assert_string_equal(none, "");
    free(none);
}

/* The descriptions of a recurring opening and of opening hours, asked into
 * a buffer too short, were cut by bytes: in the middle of « – » or « é »,
 * which a screen or a slip then showed as garbage. */
static void test_descriptions_are_cut_on_a_character(void **state)
{
    (void)state;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    recur_rule r = {.dtstart = "2026-03-03",
                    .start_min = 9 * 60,
                    .end_min = 12 * 60,
                    .freq = RECUR_MONTHLY,
                    .interval = 2,
                    .byday = "2TU,-1FR",
                    .until = "2026-12-31"};
    g_hours h;
    g_error err = {0};
    assert_int_equal(hours_parse("Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00; PH off", &h, &err),
                     G_OK);
    char full[512], cut[512];
    recur_describe(&r, full, sizeof full);
    size_t rlen = strlen(full);
    hours_describe(&h, full, sizeof full);
    size_t hlen = strlen(full);
    for (size_t size = 1; size <= rlen + 1 || size <= hlen + 1; size++) {
        recur_describe(&r, cut, size);
        if (!utf8_valid(cut, strlen(cut)))
            fail_msg("recur_describe in %zu bytes: « %s » is cut inside a character", size, cut);
        hours_describe(&h, cut, size);
        if (!utf8_valid(cut, strlen(cut)))
            fail_msg("hours_describe in %zu bytes: « %s » is cut inside a character", size, cut);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_appends_and_joins),
        cmocka_unit_test(test_cuts_once_on_a_character),
        cmocka_unit_test(test_grows_to_any_length),
        cmocka_unit_test(test_descriptions_are_cut_on_a_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
