/* test_mem_huge.c — the huge-page hint reaches the kernel for the large
 * buffers of a sync pack's import, and only for them (mem_huge.h). What
 * the kernel does with it is its own: these tests read the flag it keeps
 * on the mapping (THPeligible, /proc/self/smaps), and are skipped on a
 * system without transparent huge pages. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem_huge.h"
#include "testutil.h"

/* The system's mode: 'a' always, 'm' madvise, 0 none or unknown. */
static char thp_mode(void)
{
    char line[128] = "";
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (!f)
        return 0;
    if (!fgets(line, sizeof line, f))
        line[0] = 0;
    fclose(f);
    return strstr(line, "[always]") ? 'a' : strstr(line, "[madvise]") ? 'm' : 0;
}

/* THPeligible of the mapping holding p: 0 or 1, -1 when not found. */
static int eligible(const void *p)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    assert_non_null(f);
    char line[512];
    int inside = 0, v = -1;
    uintptr_t a = (uintptr_t)p;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
            inside = a >= lo && a < hi;
        else if (inside && sscanf(line, "THPeligible: %d", &v) == 1)
            break;
    }
    fclose(f);
    return v;
}

static void test_large_buffer_hinted(void **state)
{
    (void)state;
    if (!thp_mode())
        skip();
    size_t n = 3 * MEM_HUGE_MIN;
    unsigned char *p = malloc(n);
    assert_non_null(p);
    memset(p, 0x5a, n);
    mem_huge_hint(p, n);
    assert_int_equal(eligible(p + n / 2), 1);
    /* only a hint: the bytes are as they were, and free() is free() */
    for (size_t i = 0; i < n; i += 4093)
        assert_int_equal(p[i], 0x5a);
    free(p);
}

static void test_small_buffer_left_alone(void **state)
{
    (void)state;
    if (thp_mode() != 'm')
        skip(); /* "always": every mapping is eligible anyway */
    size_t n = MEM_HUGE_MIN - 4096;
    unsigned char *p = malloc(n); /* its own mapping (past malloc's threshold) */
    assert_non_null(p);
    mem_huge_hint(p, n);
    assert_int_equal(eligible(p + n / 2), 0);
    mem_huge_hint(NULL, 3 * MEM_HUGE_MIN); /* nothing to hint */
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_large_buffer_hinted),
        cmocka_unit_test(test_small_buffer_left_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
