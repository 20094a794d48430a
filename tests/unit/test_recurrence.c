/* test_recurrence.c — RFC 5545 subset: intervals, n-th weekdays, exceptions,
 * end dates, daylight-saving days in Europe/Paris, refused slots. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/recurrence.h"
#include "testutil.h"

static recur_rule rule(const char *dtstart, const char *start, const char *end, recur_freq f,
                       int interval, const char *byday, const char *until)
{
    recur_rule r;
    memset(&r, 0, sizeof r);
    snprintf(r.dtstart, sizeof r.dtstart, "%s", dtstart);
    r.start_min = recur_time_parse(start);
    r.end_min = recur_time_parse(end);
    r.freq = f;
    r.interval = interval;
    snprintf(r.byday, sizeof r.byday, "%s", byday);
    snprintf(r.until, sizeof r.until, "%s", until ? until : "");
    return r;
}

/* Expands and joins the dates with spaces, for readable assertions. */
static void dates_of(const recur_rule *r, const char *from, const char *to, const char *const *ex,
                     size_t nex, char *buf, size_t size)
{
    recur_occurrence *occ;
    size_t n;
    g_error err = {0};
    assert_int_equal(recur_expand(r, from, to, ex, nex, &occ, &n, NULL, &err), G_OK);
    buf[0] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", i ? " " : "", occ[i].date);
    }
    free(occ);
}

static int64_t utc(const char *iso)
{
    int y, mo, d, h, mi;
    sscanf(iso, "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi);
    struct tm tm = {
        .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi};
    return (int64_t)timegm(&tm);
}

static void test_every_two_weeks_counts_from_dtstart_week(void **state)
{
    (void)state;
    char buf[256];
    recur_rule r = rule("2026-01-06", "09:00", "12:00", RECUR_WEEKLY, 2, "TU", NULL);
    dates_of(&r, "2026-01-01", "2026-02-28", NULL, 0, buf, sizeof buf);
    assert_string_equal(buf, "2026-01-06 2026-01-20 2026-02-03 2026-02-17");

    /* DTSTART on a Thursday: its week (from Monday 5 January) is week 0, but
     * Tuesday 6 January precedes DTSTART, so the first is the 20th */
    r = rule("2026-01-08", "09:00", "12:00", RECUR_WEEKLY, 2, "TU,TH", NULL);
    dates_of(&r, "2026-01-01", "2026-01-31", NULL, 0, buf, sizeof buf);
    assert_string_equal(buf, "2026-01-08 2026-01-20 2026-01-22");
}

static void test_empty_byday_weekly_uses_dtstart_weekday(void **state)
{
    (void)state;
    char buf[256];
    recur_rule r = rule("2026-01-07", "14:00", "16:00", RECUR_WEEKLY, 1, "", NULL);
    dates_of(&r, "2026-01-01", "2026-01-31", NULL, 0, buf, sizeof buf);
    assert_string_equal(buf, "2026-01-07 2026-01-14 2026-01-21 2026-01-28");
}

static void test_second_and_fourth_tuesday(void **state)
{
    (void)state;
    char buf[256];
    recur_rule r = rule("2026-01-01", "09:00", "12:00", RECUR_MONTHLY, 1, "2TU,4TU", NULL);
    dates_of(&r, "2026-01-01", "2026-03-31", NULL, 0, buf, sizeof buf);
    assert_string_equal(buf, "2026-01-13 2026-01-27 2026-02-10 2026-02-24 2026-03-10 2026-03-24");
}

static void test_last_friday_and_interval_of_months(void **state)
{
    (void)state;
    char buf[256];
    recur_rule r = rule("2026-01-01", "14:00", "17:00", RECUR_MONTHLY, 1, "-1FR", NULL);
    dates_of(&r, "2026-01-01", "2026-03-31", NULL, 0, buf, sizeof buf);
    assert_string_equal(buf, "2026-01-30 2026-02-27 2026-03-27");

    /* every second month, first Monday: January, March, May */
    r = rule("2026-01-01", "14:00", "17:00", RECUR_MONTHLY, 2, "1MO", NULL);
    dates_of(&r, "2026-01-01", "2026-05-31", NULL, 0, buf, sizeof buf);
    assert_string_equal(buf, "2026-01-05 2026-03-02 2026-05-04");
}

static void test_exceptions_and_until(void **state)
{
    (void)state;
    char buf[256];
    recur_rule r = rule("2026-01-01", "09:00", "12:00", RECUR_WEEKLY, 1, "TH", "2026-01-29");
    const char *ex[] = {"2026-01-15"};
    dates_of(&r, "2025-12-01", "2026-03-31", ex, 1, buf, sizeof buf);
    /* UNTIL is inclusive; the 15th is an exception; nothing before DTSTART */
    assert_string_equal(buf, "2026-01-01 2026-01-08 2026-01-22 2026-01-29");
    assert_true(recur_occurs_on(&r, 0) == 0);
}

static void test_daylight_saving_days_keep_wall_time(void **state)
{
    (void)state;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    recur_occurrence *occ;
    size_t n, gaps;
    g_error err = {0};
    /* Sundays around the last Sunday of March (29 March 2026) */
    recur_rule r = rule("2026-03-01", "09:00", "12:00", RECUR_WEEKLY, 1, "SU", NULL);
    assert_int_equal(recur_expand(&r, "2026-03-22", "2026-04-05", NULL, 0, &occ, &n, &gaps, &err),
                     G_OK);
    assert_int_equal(n, 3);
    assert_int_equal(gaps, 0);
    assert_true(occ[0].start_at == utc("2026-03-22T08:00")); /* UTC+1 */
    assert_true(occ[1].start_at == utc("2026-03-29T07:00")); /* UTC+2 from that day */
    assert_true(occ[1].end_at == utc("2026-03-29T10:00"));
    assert_true(occ[2].start_at == utc("2026-04-05T07:00"));
    free(occ);

    /* and the last Sunday of October (25 October 2026) */
    assert_int_equal(recur_expand(&r, "2026-10-18", "2026-11-01", NULL, 0, &occ, &n, &gaps, &err),
                     G_OK);
    assert_int_equal(n, 3);
    assert_true(occ[0].start_at == utc("2026-10-18T07:00"));
    assert_true(occ[1].start_at == utc("2026-10-25T08:00"));
    assert_true(occ[2].start_at == utc("2026-11-01T08:00"));
    char local[32];
    for (size_t i = 0; i < n; i++) {
        clock_format(occ[i].start_at, "%H:%M", local, sizeof local);
        assert_string_equal(local, "09:00");
    }
    free(occ);
}

static void test_slot_in_spring_gap_is_skipped_and_refused(void **state)
{
    (void)state;
    assert_int_equal(clock_set_zone("Europe/Paris"), 0);
    recur_occurrence *occ;
    size_t n, gaps;
    g_error err = {0};
    recur_rule r = rule("2026-03-01", "02:15", "03:30", RECUR_WEEKLY, 1, "SU", NULL);
    assert_int_equal(recur_expand(&r, "2026-03-22", "2026-04-05", NULL, 0, &occ, &n, &gaps, &err),
                     G_OK);
    assert_int_equal(n, 2);
    assert_int_equal(gaps, 1);
    assert_string_equal(occ[0].date, "2026-03-22");
    assert_string_equal(occ[1].date, "2026-04-05");
    free(occ);

    int64_t s, e;
    assert_int_equal(recur_slot_utc("2026-03-29", 2 * 60 + 15, 3 * 60 + 30, &s, &e, &err),
                     G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "heure d'été"));
    assert_string_equal(err.field, "start");
}

static void test_slot_across_midnight_is_refused(void **state)
{
    (void)state;
    g_error err = {0};
    recur_rule r = rule("2026-01-01", "22:00", "01:00", RECUR_WEEKLY, 1, "FR", NULL);
    assert_int_equal(recur_validate(&r, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "end");
    assert_non_null(strstr(err.msg, "minuit"));

    int64_t s, e;
    g_err_clear(&err);
    assert_int_equal(recur_slot_utc("2026-01-02", 22 * 60, 60, &s, &e, &err), G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "minuit"));
    /* ending exactly at midnight is fine */
    assert_int_equal(recur_slot_utc("2026-01-02", 22 * 60, 24 * 60, &s, &e, &err), G_OK);
    assert_true(e - s == 2 * 3600);
}

/* Issue 13 defect 10: two openings of one resource that overlap. */
static void test_overlap_rule(void **state)
{
    (void)state;
    char first[11];
    /* every Tuesday morning and the 2nd Tuesday's 10:00–11:00 */
    recur_rule weekly = rule("2026-12-01", "09:00", "12:00", RECUR_WEEKLY, 1, "TU", NULL);
    recur_rule second = rule("2026-12-01", "10:00", "11:00", RECUR_MONTHLY, 1, "2TU", NULL);
    assert_int_equal(recur_overlap(&weekly, &second, "", first), 1);
    assert_string_equal(first, "2026-12-08");
    assert_int_equal(recur_overlap(&second, &weekly, "", first), 1); /* symmetric */
    assert_string_equal(first, "2026-12-08");
    /* from: the first one after that day */
    assert_int_equal(recur_overlap(&weekly, &second, "2026-12-09", first), 1);
    assert_string_equal(first, "2027-01-12");
    /* the afternoon that starts when the morning ends does not overlap */
    recur_rule after = rule("2026-12-01", "12:00", "14:00", RECUR_WEEKLY, 1, "TU", NULL);
    assert_int_equal(recur_overlap(&weekly, &after, "", first), 0);
    assert_string_equal(first, "");
    /* other days: never */
    recur_rule thursday = rule("2026-12-01", "09:00", "12:00", RECUR_WEEKLY, 1, "TH", NULL);
    assert_int_equal(recur_overlap(&weekly, &thursday, "", NULL), 0);
    /* every other week, one week apart: never; every 2 and every 3 weeks:
     * the week both land on */
    recur_rule even = rule("2026-12-01", "09:00", "12:00", RECUR_WEEKLY, 2, "TU", NULL);
    recur_rule odd = rule("2026-12-08", "09:00", "12:00", RECUR_WEEKLY, 2, "TU", NULL);
    assert_int_equal(recur_overlap(&even, &odd, "", NULL), 0);
    recur_rule third = rule("2026-12-08", "11:00", "12:30", RECUR_WEEKLY, 3, "TU", NULL);
    assert_int_equal(recur_overlap(&even, &third, "", first), 1);
    assert_string_equal(first, "2026-12-29"); /* week 4 from 1 December */
    /* a long cycle is followed to its end: every 52 and every 51 weeks */
    recur_rule yearly = rule("2026-12-01", "09:00", "12:00", RECUR_WEEKLY, 52, "TU", NULL);
    recur_rule other = rule("2027-11-23", "09:00", "12:00", RECUR_WEEKLY, 51, "TU", NULL);
    assert_int_equal(recur_overlap(&yearly, &other, "", first), 1);
    char want[11];
    int64_t d;
    assert_int_equal(clock_date_parse("2026-12-01", &d), 0);
    clock_date_format(d + 7 * 52 * 51, want); /* week 2652 = 52 × 51 = 51 + 51 × 51 */
    assert_string_equal(first, want);
    /* one ended before the other begins */
    recur_rule ended = rule("2026-01-06", "09:00", "12:00", RECUR_WEEKLY, 1, "TU", "2026-11-30");
    assert_int_equal(recur_overlap(&ended, &weekly, "", NULL), 0);
    /* 2nd and 4th Tuesdays against the last Friday: never; last Friday against
     * every Friday: yes */
    recur_rule fourth = rule("2026-12-01", "09:00", "12:00", RECUR_MONTHLY, 1, "4TU", NULL);
    assert_int_equal(recur_overlap(&second, &fourth, "", NULL), 0);
    recur_rule last_friday = rule("2026-12-01", "14:00", "17:00", RECUR_MONTHLY, 1, "-1FR", NULL);
    recur_rule friday = rule("2026-12-01", "16:00", "18:00", RECUR_WEEKLY, 1, "FR", NULL);
    assert_int_equal(recur_overlap(&last_friday, &friday, "", first), 1);
    assert_string_equal(first, "2026-12-25");
}

/* The days as the screens and the commands take them. */
static void test_days_in_french(void **state)
{
    (void)state;
    char out[64];
    g_error err = {0};
    assert_int_equal(recur_byday_from_french("lu, Je", RECUR_WEEKLY, out, sizeof out, &err), G_OK);
    assert_string_equal(out, "MO,TH");
    assert_int_equal(recur_byday_from_french("2MA,4ma,-1VE", RECUR_MONTHLY, out, sizeof out, &err),
                     G_OK);
    assert_string_equal(out, "2TU,4TU,-1FR");
    char fr[64];
    recur_byday_to_french(out, fr, sizeof fr);
    assert_string_equal(fr, "2MA,4MA,-1VE");
    assert_int_equal(recur_byday_from_french("2MA", RECUR_WEEKLY, out, sizeof out, &err),
                     G_ERR_INVALID);
    assert_string_equal(err.field, "byday");
    assert_non_null(strstr(err.msg, "répétition mensuelle"));
    assert_int_equal(recur_byday_from_french("MA,XY", RECUR_WEEKLY, out, sizeof out, &err),
                     G_ERR_INVALID);
    assert_non_null(strstr(err.msg, "Jour inconnu « XY »"));
    assert_int_equal(recur_byday_from_french("6MA", RECUR_MONTHLY, out, sizeof out, &err),
                     G_ERR_INVALID);
    assert_int_equal(recur_byday_from_french("-MA", RECUR_MONTHLY, out, sizeof out, &err),
                     G_ERR_INVALID);
    assert_int_equal(recur_byday_from_french(" ", RECUR_WEEKLY, out, sizeof out, &err),
                     G_ERR_INVALID);
}

static void test_bad_rules_are_refused_naming_the_field(void **state)
{
    (void)state;
    g_error err = {0};
    recur_rule r = rule("2026-01-01", "09:00", "12:00", RECUR_WEEKLY, 1, "2TU", NULL);
    assert_int_equal(recur_validate(&r, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "byday");
    r = rule("2026-01-01", "09:00", "12:00", RECUR_MONTHLY, 1, "6TU", NULL);
    assert_int_equal(recur_validate(&r, &err), G_ERR_INVALID);
    r = rule("2026-01-01", "09:00", "12:00", RECUR_MONTHLY, 1, "2TU,", NULL);
    assert_int_equal(recur_validate(&r, &err), G_ERR_INVALID);
    r = rule("2026-01-01", "09:00", "12:00", RECUR_MONTHLY, 1, "-XX", NULL);
    assert_int_equal(recur_validate(&r, &err), G_ERR_INVALID);
    r = rule("2026-02-30", "09:00", "12:00", RECUR_WEEKLY, 1, "TU", NULL);
    assert_int_equal(recur_validate(&r, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "dtstart");
    r = rule("2026-02-01", "09:00", "12:00", RECUR_WEEKLY, 0, "TU", NULL);
    assert_int_equal(recur_validate(&r, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "interval");
    r = rule("2026-02-01", "09:00", "12:00", RECUR_WEEKLY, 1, "TU", "2026-01-01");
    assert_int_equal(recur_validate(&r, &err), G_ERR_INVALID);
    assert_string_equal(err.field, "until");
    assert_int_equal(recur_time_parse("24:30"), -1);
    assert_int_equal(recur_time_parse("9:00"), -1);
}

static void test_rrule_text(void **state)
{
    (void)state;
    char buf[128];
    recur_rule r = rule("2026-01-01", "09:00", "12:00", RECUR_MONTHLY, 1, "2TU,4TU", "2026-12-31");
    recur_rrule(&r, buf, sizeof buf);
    assert_string_equal(buf, "FREQ=MONTHLY;BYDAY=2TU,4TU;UNTIL=20261231");
    r = rule("2026-01-01", "09:00", "12:00", RECUR_WEEKLY, 2, "TH", NULL);
    recur_rrule(&r, buf, sizeof buf);
    assert_string_equal(buf, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH");
    recur_describe(&r, buf, sizeof buf);
    assert_non_null(strstr(buf, "2 semaines"));
    assert_non_null(strstr(buf, "jeudi"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_two_weeks_counts_from_dtstart_week),
        cmocka_unit_test(test_empty_byday_weekly_uses_dtstart_weekday),
        cmocka_unit_test(test_second_and_fourth_tuesday),
        cmocka_unit_test(test_last_friday_and_interval_of_months),
        cmocka_unit_test(test_exceptions_and_until),
        cmocka_unit_test(test_daylight_saving_days_keep_wall_time),
        cmocka_unit_test(test_slot_in_spring_gap_is_skipped_and_refused),
        cmocka_unit_test(test_slot_across_midnight_is_refused),
        cmocka_unit_test(test_overlap_rule),
        cmocka_unit_test(test_days_in_french),
        cmocka_unit_test(test_bad_rules_are_refused_naming_the_field),
        cmocka_unit_test(test_rrule_text),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
