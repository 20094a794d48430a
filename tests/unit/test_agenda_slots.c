/* test_agenda_slots.c — the agenda's interval arithmetic as data: free
 * slots in an opening, the booking rule, free stretches. No database: the
 * openings and appointments are written here by hand, in minutes of one
 * day (the functions only see UTC seconds). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/agenda_slots.h"
#include "testutil.h"

#define H(h, m) ((int64_t)(h)*3600 + (int64_t)(m)*60)

static const agenda_motif dossier = {.id = 7, .duration_min = 30, .capacity = 1};
static const agenda_motif atelier = {.id = 9, .duration_min = 120, .capacity = 3};

static agenda_opening opening(int64_t resource, int64_t start, int64_t end)
{
    agenda_opening o = {.resource_id = resource, .availability_id = 1, .date = "2026-04-07"};
    o.start_at = start;
    o.end_at = end;
    return o;
}

static agenda_busy busy(int64_t id, int64_t resource, int64_t motif, int64_t visitor, int64_t start,
                        int64_t end)
{
    return (agenda_busy){id, resource, motif, visitor, start, end};
}

/* the starts of v, as "HH:MM HH:MM …" */
static const char *starts(const agenda_slot *v, size_t n)
{
    static char buf[256];
    buf[0] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof buf - len, "%s%02d:%02d", i ? " " : "",
                 (int)(v[i].start_at / 3600), (int)(v[i].start_at % 3600 / 60));
    }
    return buf;
}

static void test_an_empty_opening_is_cut_by_the_duration(void **state)
{
    (void)state;
    agenda_opening o = opening(1, H(9, 0), H(12, 0));
    agenda_slot *v = NULL;
    size_t cap = 0, n = 0;
    assert_int_equal(agenda_slots_in_opening(&dossier, &o, NULL, 0, &v, &cap, &n), 0);
    assert_string_equal(starts(v, n), "09:00 09:30 10:00 10:30 11:00 11:30");
    assert_int_equal(v[0].end_at, H(9, 30));
    assert_int_equal(v[0].resource_id, 1);
    assert_int_equal(v[0].motif_id, 7);
    assert_int_equal(v[0].places_left, 1);
    free(v);
}

static void test_slots_start_again_after_each_appointment(void **state)
{
    (void)state;
    agenda_opening o = opening(1, H(9, 0), H(12, 0));
    /* one that started before the opening, two inside it */
    agenda_busy b[] = {busy(1, 1, 7, 0, H(8, 30), H(9, 15)), busy(2, 1, 7, 0, H(9, 45), H(10, 15)),
                       busy(3, 1, 7, 0, H(10, 30), H(11, 0))};
    agenda_slot *v = NULL;
    size_t cap = 0, n = 0;
    assert_int_equal(agenda_slots_in_opening(&dossier, &o, b, 3, &v, &cap, &n), 0);
    /* 09:15-09:45 fits, 10:15-10:30 is too short, 11:00 … 12:00 */
    assert_string_equal(starts(v, n), "09:15 11:00 11:30");
    free(v);
}

static void test_a_workshop_session_with_places_left_is_offered(void **state)
{
    (void)state;
    agenda_opening o = opening(3, H(14, 0), H(16, 0));
    agenda_busy two[] = {busy(1, 3, 9, 101, H(14, 0), H(16, 0)),
                         busy(2, 3, 9, 102, H(14, 0), H(16, 0))};
    agenda_slot *v = NULL;
    size_t cap = 0, n = 0;
    assert_int_equal(agenda_slots_in_opening(&atelier, &o, two, 2, &v, &cap, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].start_at, H(14, 0));
    assert_int_equal(v[0].places_left, 1);

    agenda_busy full[] = {two[0], two[1], busy(3, 3, 9, 103, H(14, 0), H(16, 0))};
    n = 0;
    assert_int_equal(agenda_slots_in_opening(&atelier, &o, full, 3, &v, &cap, &n), 0);
    assert_int_equal(n, 0);
    free(v);
}

static void test_repeated_slots_are_dropped_and_sorted(void **state)
{
    (void)state;
    agenda_slot v[] = {{2, 7, H(10, 0), H(10, 30), 1},
                       {1, 7, H(10, 0), H(10, 30), 1},
                       {1, 7, H(9, 0), H(9, 30), 1},
                       {1, 7, H(10, 0), H(10, 30), 1}};
    size_t n = 4;
    agenda_slots_sort_unique(v, &n);
    assert_int_equal(n, 3);
    assert_string_equal(starts(v, n), "09:00 10:00 10:00");
    assert_int_equal(v[1].resource_id, 1);
    assert_int_equal(v[2].resource_id, 2);
}

static void test_the_booking_rule(void **state)
{
    (void)state;
    agenda_opening o[] = {opening(1, H(9, 0), H(12, 0))};
    agenda_busy b[] = {busy(1, 1, 7, 101, H(9, 30), H(10, 0))};
    size_t culprit = 99;
    assert_int_equal(agenda_slot_fit(&dossier, H(9, 0), H(9, 30), 0, o, 1, b, 1, &culprit),
                     AGENDA_FIT_OK); /* ends where the other begins */
    assert_int_equal(agenda_slot_fit(&dossier, H(9, 15), H(9, 45), 0, o, 1, b, 1, &culprit),
                     AGENDA_FIT_TAKEN);
    assert_int_equal(culprit, 0);
    assert_int_equal(agenda_slot_fit(&dossier, H(11, 45), H(12, 15), 0, o, 1, b, 1, NULL),
                     AGENDA_FIT_OUTSIDE);
    assert_int_equal(agenda_slot_fit(&dossier, H(9, 0), H(9, 30), 0, NULL, 0, NULL, 0, NULL),
                     AGENDA_FIT_OUTSIDE); /* no opening that day */

    agenda_opening so[] = {opening(3, H(14, 0), H(16, 0))};
    agenda_busy s[] = {busy(1, 3, 9, 101, H(14, 0), H(16, 0)),
                       busy(2, 3, 9, 102, H(14, 0), H(16, 0))};
    assert_int_equal(agenda_slot_fit(&atelier, H(14, 0), H(16, 0), 103, so, 1, s, 2, NULL),
                     AGENDA_FIT_OK);
    assert_int_equal(agenda_slot_fit(&atelier, H(14, 0), H(16, 0), 102, so, 1, s, 2, NULL),
                     AGENDA_FIT_ALREADY);
    agenda_busy full[] = {s[0], s[1], busy(3, 3, 9, 103, H(14, 0), H(16, 0))};
    assert_int_equal(agenda_slot_fit(&atelier, H(14, 0), H(16, 0), 104, so, 1, full, 3, NULL),
                     AGENDA_FIT_FULL);
    /* another motif in the room is in the way of a workshop */
    agenda_busy other[] = {busy(4, 3, 7, 105, H(15, 0), H(15, 30))};
    assert_int_equal(agenda_slot_fit(&atelier, H(14, 0), H(16, 0), 104, so, 1, other, 1, &culprit),
                     AGENDA_FIT_TAKEN);
}

static void test_free_stretches_of_the_day(void **state)
{
    (void)state;
    agenda_opening o[] = {opening(2, H(9, 0), H(12, 0)), opening(1, H(9, 0), H(12, 0)),
                          opening(1, H(14, 0), H(16, 0))};
    agenda_busy b[] = {busy(1, 1, 7, 0, H(9, 0), H(9, 30)), busy(2, 2, 7, 0, H(10, 0), H(11, 0)),
                       busy(3, 1, 7, 0, H(14, 0), H(16, 0))};
    agenda_gap *g;
    size_t n;
    assert_int_equal(agenda_gaps(o, 3, b, 3, &g, &n), 0);
    /* resource 1: 09:30-12:00, none in the afternoon; resource 2: 09:00-10:00, 11:00-12:00 */
    assert_int_equal(n, 3);
    assert_int_equal(g[0].resource_id, 2);
    assert_int_equal(g[0].start_at, H(9, 0));
    assert_int_equal(g[0].end_at, H(10, 0));
    assert_int_equal(g[1].resource_id, 1);
    assert_int_equal(g[1].start_at, H(9, 30));
    assert_int_equal(g[1].end_at, H(12, 0));
    assert_int_equal(g[2].resource_id, 2);
    assert_int_equal(g[2].start_at, H(11, 0));
    free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_empty_opening_is_cut_by_the_duration),
        cmocka_unit_test(test_slots_start_again_after_each_appointment),
        cmocka_unit_test(test_a_workshop_session_with_places_left_is_offered),
        cmocka_unit_test(test_repeated_slots_are_dropped_and_sorted),
        cmocka_unit_test(test_the_booking_rule),
        cmocka_unit_test(test_free_stretches_of_the_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
