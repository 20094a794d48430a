/* test_period.c — the periods typed for the survey (and the statistics):
 * month, quarter, year, day, range; cut at today; French errors. */
#include <string.h>

#include "guichet/clock.h"
#include "guichet/period.h"
#include "testutil.h"

static void ok(const char *text, const char *from, const char *to)
{
    char f[11], t[11];
    g_error err = {0};
    if (period_parse(text, f, t, &err) != G_OK)
        fail_msg("%s: %s", text, err.msg);
    assert_string_equal(f, from);
    assert_string_equal(t, to);
}

static void bad(const char *text, const char *fragment)
{
    char f[11], t[11];
    g_error err = {0};
    assert_int_equal(period_parse(text, f, t, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "periode");
    if (!strstr(err.msg, fragment))
        fail_msg("« %s » not in « %s »", fragment, err.msg);
    assert_string_equal(f, "");
}

static void test_forms(void **state)
{
    (void)state;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    tu_clock("2026-05-10T10:00:00Z");
    ok("2026-02", "2026-02-01", "2026-02-28");
    ok("2024-02", "2024-02-01", "2024-02-29");
    ok("2026-T1", "2026-01-01", "2026-03-31");
    ok("2025-q4", "2025-10-01", "2025-12-31");
    ok("2025", "2025-01-01", "2025-12-31");
    ok(" 2026-03-05 ", "2026-03-05", "2026-03-05");
    ok("05/03/2026", "2026-03-05", "2026-03-05");
    ok("2026-01-15..15/02/2026", "2026-01-15", "2026-02-15");
    /* cut at today */
    ok("2026-T2", "2026-04-01", "2026-05-10");
    ok("2026", "2026-01-01", "2026-05-10");
    bad("", "illisible");
    bad("mars", "illisible");
    bad("2026-13", "illisible");
    bad("2026-T5", "illisible");
    bad("2026-02-30", "illisible");
    bad("2026-03-10..2026-03-01", "finit (01/03/2026) avant de commencer (10/03/2026)");
    bad("2026-06", "n'a pas encore commencé");
    char words[64];
    period_describe("2026-01-01", "2026-03-31", words, sizeof words);
    assert_string_equal(words, "du 01/01/2026 au 31/03/2026");
    period_describe("2026-03-05", "2026-03-05", words, sizeof words);
    assert_string_equal(words, "le 05/03/2026");
    clock_set(0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_forms)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
