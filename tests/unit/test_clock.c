/* test_clock.c — the site's days in UTC, across daylight-saving changes. */
#include <string.h>

#include "guichet/clock.h"
#include "testutil.h"

static void test_day_bounds_follow_daylight_saving(void **state)
{
    (void)state;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    int64_t s, e;
    /* an ordinary winter day: 24 h from 23:00 UTC the day before */
    assert_int_equal(clock_day_bounds("2026-01-15", &s, &e), 0);
    assert_int_equal(e - s, 24 * 3600);
    char buf[32];
    clock_format(s, "%Y-%m-%d %H:%M", buf, sizeof buf);
    assert_string_equal(buf, "2026-01-15 00:00");
    /* last Sunday of March: 23 h; of October: 25 h */
    assert_int_equal(clock_day_bounds("2026-03-29", &s, &e), 0);
    assert_int_equal(e - s, 23 * 3600);
    assert_int_equal(clock_day_bounds("2026-10-25", &s, &e), 0);
    assert_int_equal(e - s, 25 * 3600);
    /* the end of one day is the start of the next, across a month */
    int64_t s2, e2;
    assert_int_equal(clock_day_bounds("2026-03-31", &s, &e), 0);
    assert_int_equal(clock_day_bounds("2026-04-01", &s2, &e2), 0);
    assert_int_equal(e, s2);
}

static void test_day_bounds_refuse_impossible_dates(void **state)
{
    (void)state;
    int64_t s, e;
    assert_int_equal(clock_day_bounds("2026-02-29", &s, &e), -1);
    assert_int_equal(clock_day_bounds("2026-13-01", &s, &e), -1);
    assert_int_equal(clock_day_bounds("29/03/2026", &s, &e), -1);
    assert_int_equal(clock_day_bounds("2026-03-29x", &s, &e), -1);
    assert_int_equal(clock_day_bounds(NULL, &s, &e), -1);
    assert_int_equal(clock_day_bounds("2028-02-29", &s, &e), 0);
}

static void test_wall_time_in_the_spring_gap_does_not_exist(void **state)
{
    (void)state;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    int64_t t;
    assert_int_equal(clock_from_local(2026, 3, 29, 2, 30, &t), -1);
    assert_int_equal(clock_from_local(2026, 3, 29, 3, 30, &t), 0);
    /* the autumn repeat takes the first 02:30 (summer time, UTC+2) */
    assert_int_equal(clock_from_local(2026, 10, 25, 2, 30, &t), 0);
    char buf[32];
    clock_format(t, "%H:%M %z", buf, sizeof buf);
    assert_string_equal(buf, "02:30 +0200");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_bounds_follow_daylight_saving),
        cmocka_unit_test(test_day_bounds_refuse_impossible_dates),
        cmocka_unit_test(test_wall_time_in_the_spring_gap_does_not_exist),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
