/* test_uuid.c — the ids of new rows: RFC 9562 version 7 text, ordered by the
 * time they were made (so that uuid indexes grow at their end), unique. */
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/uuid.h"
#include "testutil.h"

static int hex_digit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static void test_text_is_version_7(void **state)
{
    (void)state;
    char u[UUID_TEXT_SIZE];
    uuid_new(u);
    assert_int_equal(strlen(u), 36);
    for (int i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23)
            assert_int_equal(u[i], '-');
        else
            assert_true(hex_digit(u[i]));
    }
    assert_int_equal(u[14], '7');           /* version */
    assert_non_null(strchr("89ab", u[19])); /* variant 10xx */
}

static void test_time_part_follows_the_clock(void **state)
{
    (void)state;
    char a[UUID_TEXT_SIZE], b[UUID_TEXT_SIZE], c[UUID_TEXT_SIZE];
    tu_clock("2026-03-28T09:00:00Z");
    uuid_new(a);
    tu_clock("2026-03-28T09:00:02Z");
    uuid_new(b);
    tu_clock("2031-01-01T00:00:00Z");
    uuid_new(c);
    assert_true(strcmp(a, b) < 0);
    assert_true(strcmp(b, c) < 0);
    /* the first 48 bits are the milliseconds: 2026-03-28 09:00:00 UTC */
    char ms[13];
    memcpy(ms, a, 8);
    memcpy(ms + 8, a + 9, 4);
    ms[12] = 0;
    unsigned long long v = strtoull(ms, NULL, 16);
    assert_true(v >= 1774688400000ULL && v < 1774688401000ULL);
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(x, y);
}

static void test_unique_within_one_second(void **state)
{
    (void)state;
    enum { N = 20000 };
    char(*u)[UUID_TEXT_SIZE] = malloc(N * sizeof *u);
    assert_non_null(u);
    tu_clock("2026-03-28T09:00:00Z");
    for (int i = 0; i < N; i++)
        uuid_new(u[i]);
    qsort(u, N, sizeof *u, cmp_str);
    for (int i = 1; i < N; i++)
        assert_true(strcmp(u[i - 1], u[i]) != 0);
    free(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_is_version_7),
        cmocka_unit_test(test_time_part_follows_the_clock),
        cmocka_unit_test(test_unique_within_one_second),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
