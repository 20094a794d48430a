/* test_hours.c — the opening_hours parser, "open now", next opening, words. */
#include <string.h>

#include "guichet/clock.h"
#include "guichet/hours.h"
#include "testutil.h"

#define SITE "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00; PH off"

static int64_t utc(const char *iso)
{
    tu_clock(iso);
    int64_t t = clock_now();
    clock_set(0);
    return t;
}

static g_hours parse_ok(const char *text)
{
    g_hours h;
    g_error err = {0};
    if (hours_parse(text, &h, &err) != G_OK)
        fail_msg("« %s » refusé : %s", text, err.msg);
    return h;
}

static void assert_parse_error(const char *text, const char *msg)
{
    g_hours h;
    g_error err = {0};
    assert_int_equal(hours_parse(text, &h, &err), G_ERR_INVALID);
    if (strcmp(err.msg, msg) != 0)
        fail_msg("« %s » : attendu « %s », reçu « %s »", text, msg, err.msg);
    assert_string_equal(err.field, "hours");
}

static void test_valid_strings(void **state)
{
    (void)state;
    g_hours h = parse_ok(SITE);
    assert_int_equal(h.day[0].nspan, 2);
    assert_int_equal(h.day[0].span[0].from, 8 * 60 + 30);
    assert_int_equal(h.day[0].span[1].to, 17 * 60);
    assert_int_equal(h.day[5].nspan, 1);
    assert_int_equal(h.day[6].nspan, 0);
    assert_true(h.ph.rule > 0);
    assert_int_equal(h.ph.nspan, 0);

    h = parse_ok("Tu,Th 14:00-16:00");
    assert_int_equal(h.day[0].nspan, 0);
    assert_int_equal(h.day[1].nspan, 1);
    assert_int_equal(h.day[2].nspan, 0);
    assert_int_equal(h.day[3].nspan, 1);

    h = parse_ok("Mo-We,Fr 09:00-12:00 ;");
    assert_int_equal(h.day[2].nspan, 1);
    assert_int_equal(h.day[3].nspan, 0);
    assert_int_equal(h.day[4].nspan, 1);

    /* a later rule replaces the earlier one for its days */
    h = parse_ok("Mo-Fr 09:00-17:00; We off");
    assert_int_equal(h.day[1].nspan, 1);
    assert_int_equal(h.day[2].nspan, 0);

    h = parse_ok("10:00-18:00; Su closed");
    assert_int_equal(h.day[5].nspan, 1);
    assert_int_equal(h.day[6].nspan, 0);

    h = parse_ok("24/7");
    assert_int_equal(h.day[6].span[0].to, 1440);
    h = parse_ok("Sa 20:00-24:00");
    assert_int_equal(h.day[5].span[0].to, 1440);
}

static void test_invalid_strings_name_the_position(void **state)
{
    (void)state;
    assert_parse_error("Mo-Fr 8:30-12:00", "position 7 : une heure HH:MM était attendue");
    assert_parse_error("Mo-Fx 08:30-12:00",
                       "position 4 : un jour (Mo, Tu, We, Th, Fr, Sa, Su) était attendu");
    assert_parse_error("Mo-Fr 12:00-08:00",
                       "position 13 : l'heure de fin doit être après l'heure de début");
    assert_parse_error("Mo-Fr 08:30-25:00",
                       "position 13 : heure impossible (de 00:00 à 23:59, ou 24:00 en fin de "
                       "plage)");
    assert_parse_error("Mo-Fr 08:30 12:00",
                       "position 12 : « - » était attendu entre les deux heures");
    assert_parse_error("Mo-Fr 08:30-12:00 Sa 09:00-12:00",
                       "position 19 : « ; » ou la fin des horaires était attendu");
    assert_parse_error("Mo-Fr 08:30-12:00,", "position 19 : une heure HH:MM était attendue");
    assert_parse_error("lundi 08:30-12:00",
                       "position 1 : un jour (Mo, Tu, We, Th, Fr, Sa, Su), PH ou une heure "
                       "HH:MM était attendu");
    assert_parse_error("Mo-Fr", "position 6 : des heures HH:MM-HH:MM ou « off » étaient attendues");
    assert_parse_error("Mo-Fr 08:30-12:00; Sa 09:00-12:00; é",
                       "position 36 : un jour (Mo, Tu, We, Th, Fr, Sa, Su), PH ou une heure "
                       "HH:MM était attendu");
    assert_parse_error("", "Les horaires sont vides.");
    assert_parse_error(" ; ", "Les horaires sont vides.");
}

static void test_open_now_and_next_opening_across_week_end(void **state)
{
    (void)state;
    g_hours h = parse_ok("Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00");
    /* Thursday 2 April 2026, 10:00 in Paris (CEST, UTC+2) */
    assert_true(hours_is_open(&h, utc("2026-04-02T08:00:00Z")));
    /* 12:30: lunch break */
    assert_false(hours_is_open(&h, utc("2026-04-02T10:30:00Z")));
    char buf[128];
    hours_status(&h, utc("2026-04-02T10:30:00Z"), buf, sizeof buf);
    assert_string_equal(buf, "fermé — ouvre aujourd'hui à 13:30");
    hours_status(&h, utc("2026-04-02T08:00:00Z"), buf, sizeof buf);
    assert_string_equal(buf, "ouvert jusqu'à 12:00");
    /* Thursday evening: tomorrow */
    hours_status(&h, utc("2026-04-02T18:00:00Z"), buf, sizeof buf);
    assert_string_equal(buf, "fermé — ouvre demain à 08:30");

    /* Saturday 4 April 2026 at 13:00: next opening is Monday 08:30 */
    int64_t next = 0;
    assert_int_equal(hours_next_opening(&h, utc("2026-04-04T11:00:00Z"), &next), 0);
    assert_int_equal(next, utc("2026-04-06T06:30:00Z"));
    hours_status(&h, utc("2026-04-04T11:00:00Z"), buf, sizeof buf);
    assert_string_equal(buf, "fermé — ouvre lundi à 08:30");
}

static void test_public_holiday_rule(void **state)
{
    (void)state;
    g_hours h = parse_ok(SITE);
    /* Easter Monday 2026 is 6 April: from Saturday the next opening is Tuesday */
    int64_t next = 0;
    assert_int_equal(hours_next_opening(&h, utc("2026-04-04T11:00:00Z"), &next), 0);
    assert_int_equal(next, utc("2026-04-07T06:30:00Z"));
    char buf[128];
    hours_status(&h, utc("2026-04-04T11:00:00Z"), buf, sizeof buf);
    assert_string_equal(buf, "fermé — ouvre mardi à 08:30");
    assert_false(hours_is_open(&h, utc("2026-04-06T08:00:00Z")));

    /* 14 July 2026 is a Tuesday: closed; Monday 13 open */
    assert_false(hours_is_open(&h, utc("2026-07-14T08:00:00Z")));
    assert_true(hours_is_open(&h, utc("2026-07-13T08:00:00Z")));

    /* a weekday rule written after "PH off" wins over it, as in OSM */
    g_hours late = parse_ok("PH off; Mo-Fr 08:30-12:00");
    assert_true(hours_is_open(&late, utc("2026-07-14T08:00:00Z")));

    /* holidays with their own hours */
    g_hours ph = parse_ok("Mo-Sa 09:00-19:00; PH 10:00-12:00");
    assert_false(hours_is_open(&ph, utc("2026-07-14T07:30:00Z")));
    assert_true(hours_is_open(&ph, utc("2026-07-14T08:30:00Z")));
}

static void test_french_public_holidays(void **state)
{
    (void)state;
    int m, d;
    hours_easter(2024, &m, &d);
    assert_true(m == 3 && d == 31);
    hours_easter(2025, &m, &d);
    assert_true(m == 4 && d == 20);
    hours_easter(2026, &m, &d);
    assert_true(m == 4 && d == 5);
    assert_true(hours_public_holiday(2026, 4, 6));  /* Easter Monday */
    assert_true(hours_public_holiday(2026, 5, 14)); /* Ascension */
    assert_true(hours_public_holiday(2026, 5, 25)); /* Whit Monday */
    assert_true(hours_public_holiday(2026, 11, 11));
    assert_true(hours_public_holiday(2025, 6, 9));  /* Whit Monday 2025 */
    assert_false(hours_public_holiday(2026, 4, 5)); /* Easter Sunday is a Sunday anyway */
    assert_false(hours_public_holiday(2026, 5, 15));
    assert_false(hours_public_holiday(2026, 7, 13));
}

static void test_dst_day(void **state)
{
    (void)state;
    /* Sunday 29 March 2026: clocks go from 02:00 CET to 03:00 CEST */
    g_hours h = parse_ok("Su 08:00-12:00");
    /* 06:30 UTC is 08:30 CEST (it would be 07:30 with the winter offset) */
    assert_true(hours_is_open(&h, utc("2026-03-29T06:30:00Z")));
    assert_false(hours_is_open(&h, utc("2026-03-29T05:30:00Z")));
    int64_t next = 0;
    assert_int_equal(hours_next_opening(&h, utc("2026-03-28T12:00:00Z"), &next), 0);
    assert_int_equal(next, utc("2026-03-29T06:00:00Z"));
    /* a range starting inside the missing hour opens when the hour exists */
    g_hours gap = parse_ok("Su 02:30-05:00");
    assert_int_equal(hours_next_opening(&gap, utc("2026-03-28T12:00:00Z"), &next), 0);
    assert_int_equal(next, utc("2026-03-29T01:00:00Z"));
    assert_true(hours_is_open(&gap, utc("2026-03-29T01:30:00Z")));
    /* autumn: Sunday 25 October 2026, 08:00 CET = 07:00 UTC */
    assert_int_equal(hours_next_opening(&h, utc("2026-10-24T12:00:00Z"), &next), 0);
    assert_int_equal(next, utc("2026-10-25T07:00:00Z"));
}

static void test_never_open(void **state)
{
    (void)state;
    g_hours h = parse_ok("off");
    int64_t next;
    assert_int_equal(hours_next_opening(&h, utc("2026-04-02T08:00:00Z"), &next), -1);
    char buf[64];
    hours_status(&h, utc("2026-04-02T08:00:00Z"), buf, sizeof buf);
    assert_string_equal(buf, "fermé");
    /* open only on holidays: from 20 April the next is Friday 1 May, the date is given */
    g_hours far = parse_ok("Mo-Su off; PH 10:00-12:00");
    hours_status(&far, utc("2026-04-20T08:00:00Z"), buf, sizeof buf);
    assert_string_equal(buf, "fermé — ouvre le 01/05 à 10:00");
}

static void test_in_words(void **state)
{
    (void)state;
    char buf[512];
    g_hours h = parse_ok(SITE);
    hours_describe(&h, buf, sizeof buf);
    assert_string_equal(buf, "du lundi au vendredi : 08:30–12:00, 13:30–17:00\n"
                             "samedi : 09:00–12:00\n"
                             "fermé les jours fériés");
    h = parse_ok("Tu,Th 14:00-16:00");
    hours_describe(&h, buf, sizeof buf);
    assert_string_equal(buf, "mardi : 14:00–16:00\njeudi : 14:00–16:00");
    h = parse_ok("Mo-Fr 09:00-17:00; We off; Sa,Su 10:00-12:00");
    hours_describe(&h, buf, sizeof buf);
    assert_string_equal(buf, "lundi et mardi : 09:00–17:00\n"
                             "jeudi et vendredi : 09:00–17:00\n"
                             "samedi et dimanche : 10:00–12:00");
    h = parse_ok("24/7");
    hours_describe(&h, buf, sizeof buf);
    assert_string_equal(buf, "tous les jours : 00:00–24:00");
    /* a small buffer is cut, never overrun */
    char small[12];
    h = parse_ok(SITE);
    hours_describe(&h, small, sizeof small);
    assert_int_equal(strlen(small), sizeof small - 1);
}

/* Strings as data·inclusion's files carry them (services and structures). */
static void test_real_world_strings(void **state)
{
    (void)state;
    char buf[512];
    /* a comment after the hours */
    g_hours h = parse_ok("Tu 14:00-17:00 \"sur rendez-vous\"");
    assert_true(hours_is_open(&h, utc("2026-04-07T13:30:00Z"))); /* Tuesday 15:30 */
    hours_describe(&h, buf, sizeof buf);
    assert_string_equal(buf, "mardi : 14:00–17:00 (sur rendez-vous)");

    /* a date closed: Friday 25 December 2026 */
    h = parse_ok("Mo-Fr 09:00-12:00; Dec 25 off");
    assert_true(hours_is_open(&h, utc("2026-12-24T09:00:00Z")));
    assert_false(hours_is_open(&h, utc("2026-12-25T09:00:00Z")));
    hours_status(&h, utc("2026-12-24T12:00:00Z"), buf, sizeof buf);
    assert_string_equal(buf, "fermé — ouvre lundi à 09:00");
    hours_describe(&h, buf, sizeof buf);
    assert_string_equal(buf, "du lundi au vendredi : 09:00–12:00\nle 25 décembre : fermé");

    /* every other week: ISO week 15 (8 April 2026) is odd, week 14 is not */
    h = parse_ok("week 1-53/2 We 14:00-16:00");
    assert_true(hours_is_open(&h, utc("2026-04-08T12:30:00Z")));
    assert_false(hours_is_open(&h, utc("2026-04-01T12:30:00Z")));
    hours_describe(&h, buf, sizeof buf);
    assert_string_equal(buf, "semaines impaires, mercredi : 14:00–16:00");

    /* a fallback rule fills only the days the first one left */
    h = parse_ok("Mo-Fr 08:30-12:00 || \"sur rendez-vous\"");
    assert_true(hours_is_open(&h, utc("2026-04-07T08:00:00Z")));
    assert_false(hours_is_open(&h, utc("2026-04-04T08:00:00Z")));
    hours_describe(&h, buf, sizeof buf);
    assert_string_equal(buf, "du lundi au vendredi : 08:30–12:00\n"
                             "samedi et dimanche : sur rendez-vous");

    /* a month of one year closed */
    h = parse_ok("Mo-Fr 07:30-18:30; 2026 Aug off; PH off");
    assert_false(hours_is_open(&h, utc("2026-08-03T08:00:00Z")));
    assert_true(hours_is_open(&h, utc("2025-08-04T08:00:00Z")));
    assert_true(hours_is_open(&h, utc("2026-09-01T08:00:00Z")));
    hours_describe(&h, buf, sizeof buf);
    assert_string_equal(buf, "du lundi au vendredi : 07:30–18:30\nfermé les jours fériés\n"
                             "en août 2026 : fermé");

    /* date ranges across the new year, a later weekly rule wins over a date */
    h = parse_ok("Mo-Fr 09:00-12:00; Dec 24-Jan 2 off");
    assert_false(hours_is_open(&h, utc("2026-12-31T09:00:00Z")));
    assert_false(hours_is_open(&h, utc("2027-01-01T09:00:00Z")));
    assert_true(hours_is_open(&h, utc("2027-01-04T09:00:00Z")));
    h = parse_ok("Jul-Aug off; Tu 10:00-12:00");
    assert_true(hours_is_open(&h, utc("2026-07-07T08:30:00Z")));

    assert_parse_error("week 0 We 14:00-16:00",
                       "position 6 : un numéro de semaine (1 à 53) était attendu");
    assert_parse_error("Mo-Fr 09:00-12:00 \"sur rendez-vous",
                       "position 19 : le commentaire n'est pas refermé par « \" »");
    assert_parse_error("Dec 24-Feb off", "position 12 : un jour du mois (1 à 31) était attendu");
}

int main(void)
{
    clock_set_zone("Europe/Paris");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_strings),
        cmocka_unit_test(test_invalid_strings_name_the_position),
        cmocka_unit_test(test_open_now_and_next_opening_across_week_end),
        cmocka_unit_test(test_public_holiday_rule),
        cmocka_unit_test(test_french_public_holidays),
        cmocka_unit_test(test_dst_day),
        cmocka_unit_test(test_never_open),
        cmocka_unit_test(test_in_words),
        cmocka_unit_test(test_real_world_strings),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
