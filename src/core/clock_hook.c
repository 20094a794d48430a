/* clock_hook.c — GUICHET_CLOCK_FILE, compiled in for the test binary only
 * (see clock_hook.h for the two builds of this file). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "clock_hook.h"

#ifdef GUICHET_TEST_HOOKS
static int64_t parse_clock_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char buf[64] = "";
    if (!fgets(buf, sizeof buf, f))
        buf[0] = 0;
    fclose(f);
    int y, mo, d, h, mi, s;
    if (sscanf(buf, "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &h, &mi, &s) == 6) {
        struct tm tm = {.tm_year = y - 1900,
                        .tm_mon = mo - 1,
                        .tm_mday = d,
                        .tm_hour = h,
                        .tm_min = mi,
                        .tm_sec = s};
        return (int64_t)timegm(&tm);
    }
    return strtoll(buf, NULL, 10);
}

int64_t clock_hook_now(void)
{
    const char *file = getenv("GUICHET_CLOCK_FILE");
    return file && *file ? parse_clock_file(file) : 0;
}
#else
int64_t clock_hook_now(void)
{
    return 0;
}
#endif
