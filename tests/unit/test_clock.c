/* test_clock.c — the site's days in UTC, across daylight-saving changes;
 * the calendar rules (leap years, the stored date form) every module uses. */
#include <stdio.h>
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

static void test_one_leap_year_rule(void **state)
{
    (void)state;
    assert_true(clock_leap_year(2024));
    assert_true(clock_leap_year(2000));
    assert_false(clock_leap_year(1900));
    assert_false(clock_leap_year(2100));
    assert_false(clock_leap_year(2026));
    assert_int_equal(clock_days_in_month(2024, 2), 29);
    assert_int_equal(clock_days_in_month(1900, 2), 28);
    assert_int_equal(clock_days_in_month(2026, 4), 30);
    assert_int_equal(clock_days_in_month(2026, 12), 31);
    assert_int_equal(clock_days_in_month(2026, 13), 0);
    assert_int_equal(clock_days_in_month(2026, 0), 0);
    assert_true(clock_valid_date(2000, 2, 29));
    assert_false(clock_valid_date(1900, 2, 29));
}

/* Four parsers of "YYYY-MM-DD" disagreed: the day bounds (so the agenda's
 * day and week views) took "2026-3-29" and " 2026-03-29" that the export,
 * the orientation and the recurrences refused. One parser now, one answer. */
static void test_one_stored_date_form(void **state)
{
    (void)state;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    static const char *const refused[] = {
        "2026-3-29",  " 2026-03-29", "2026-03-29 ", "2026-03-9",  "26-03-29",   "2026/03/29",
        "29/03/2026", "2026-02-29",  "2026-04-31",  "2026-13-01", "2026-00-10", "2026-03-00",
        "1799-12-31", "2026-03-29x", "+026-03-29",  "2026-0x-29", "",           NULL};
    for (size_t i = 0; refused[i]; i++) {
        int64_t day = 12345, s, e;
        assert_int_equal(clock_date_parse(refused[i], &day), -1);
        assert_int_equal(day, 12345);
        if (clock_day_bounds(refused[i], &s, &e) != -1)
            fail_msg("clock_day_bounds accepted « %s »", refused[i]);
    }
    int64_t day;
    assert_int_equal(clock_date_parse(NULL, &day), -1);
    assert_int_equal(clock_date_parse("1970-01-01", &day), 0);
    assert_int_equal(day, 0);
    assert_int_equal(clock_date_parse("2024-02-29", &day), 0);
    assert_int_equal(day, clock_days_from_civil(2024, 2, 29));
    char out[11];
    clock_date_format(day, out);
    assert_string_equal(out, "2024-02-29");
    clock_date_format(day + 1, out);
    assert_string_equal(out, "2024-03-01");
    assert_int_equal(clock_date_parse("1800-01-01", &day), 0);
    assert_int_equal(clock_date_parse("9999-12-31", &day), 0);
    clock_date_format(day, out);
    assert_string_equal(out, "9999-12-31");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_bounds_follow_daylight_saving),
        cmocka_unit_test(test_day_bounds_refuse_impossible_dates),
        cmocka_unit_test(test_wall_time_in_the_spring_gap_does_not_exist),
        cmocka_unit_test(test_one_leap_year_rule),
        cmocka_unit_test(test_one_stored_date_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
