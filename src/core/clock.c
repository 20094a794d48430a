/* clock.c — injectable now, and the site's zone.
 *
 * The zone is applied through TZ + tzset so that localtime_r/mktime use the
 * system's zoneinfo (DST rules included); guichet is single-threaded. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clock_hook.h"
#include "guichet/clock.h"

static int64_t frozen;
static char zone[64] = "Europe/Paris";

int64_t clock_monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void clock_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

int64_t clock_now(void)
{
    if (frozen)
        return frozen;
    int64_t t = clock_hook_now();
    return t > 0 ? t : (int64_t)time(NULL);
}

void clock_set(int64_t t)
{
    frozen = t;
}

int64_t clock_frozen(void)
{
    return frozen;
}

int clock_set_zone(const char *tz)
{
    if (!tz || !*tz)
        tz = "Europe/Paris";
    /* refuse names that are not plain zoneinfo paths */
    if (strstr(tz, "..") || tz[0] == '/' || strlen(tz) >= sizeof zone)
        return -1;
    char path[128];
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
    struct stat st;
    if (strcmp(tz, "UTC") != 0 && (stat(path, &st) != 0 || !S_ISREG(st.st_mode)))
        return -1;
    snprintf(zone, sizeof zone, "%s", tz);
    setenv("TZ", zone, 1);
    tzset();
    return 0;
}

const char *clock_zone(void)
{
    return zone;
}

void clock_local(int64_t t, struct tm *out)
{
    time_t tt = (time_t)t;
    localtime_r(&tt, out);
}

int clock_from_local(int year, int mon, int mday, int hour, int min, int64_t *out)
{
    /* Ask mktime twice, with DST off then on, and keep the answers that map
     * back to the same wall time: none = the time falls in the spring gap,
     * two = the autumn repeat, where the earlier instant is taken. */
    int64_t best = 0;
    int found = 0;
    for (int dst = 1; dst >= 0; dst--) {
        struct tm tm = {.tm_year = year - 1900,
                        .tm_mon = mon - 1,
                        .tm_mday = mday,
                        .tm_hour = hour,
                        .tm_min = min,
                        .tm_isdst = dst};
        time_t t = mktime(&tm);
        if (t == (time_t)-1)
            continue;
        struct tm back;
        localtime_r(&t, &back);
        if (back.tm_year == year - 1900 && back.tm_mon == mon - 1 && back.tm_mday == mday &&
            back.tm_hour == hour && back.tm_min == min) {
            if (!found || (int64_t)t < best)
                best = (int64_t)t;
            found = 1;
        }
    }
    if (!found)
        return -1;
    *out = best;
    return 0;
}

size_t clock_format(int64_t t, const char *fmt, char *buf, size_t size)
{
    struct tm tm;
    clock_local(t, &tm);
    size_t n = strftime(buf, size, fmt, &tm);
    if (n == 0 && size)
        buf[0] = 0;
    return n;
}

static int day_first_instant(int y, int m, int d, int64_t *out)
{
    for (int h = 0; h < 4; h++)
        if (clock_from_local(y, m, d, h, 0, out) == 0)
            return 0;
    return -1;
}

int clock_day_bounds(const char *day, int64_t *start, int64_t *end)
{
    int64_t n;
    if (clock_date_parse(day, &n) != 0)
        return -1;
    int y, m, d, ny, nm, nd;
    clock_civil_from_days(n, &y, &m, &d);
    clock_civil_from_days(n + 1, &ny, &nm, &nd);
    if (day_first_instant(y, m, d, start) != 0 || day_first_instant(ny, nm, nd, end) != 0)
        return -1;
    return 0;
}

void clock_today(char out[11])
{
    clock_format(clock_now(), "%Y-%m-%d", out, 11);
}

int64_t clock_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void clock_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)((int64_t)yoe + era * 400 + (*m <= 2));
}

int clock_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int clock_days_in_month(int year, int mon)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mon < 1 || mon > 12)
        return 0;
    return days[mon - 1] + (mon == 2 && clock_leap_year(year));
}

int clock_valid_date(int year, int mon, int mday)
{
    return year >= 1800 && year <= 9999 && mday >= 1 && mday <= clock_days_in_month(year, mon);
}

int clock_date_parse(const char *s, int64_t *day)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    int v[3] = {0, 0, 0}; /* year, month, day */
    for (int i = 0, k = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            k++;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v[k] = v[k] * 10 + (s[i] - '0');
    }
    if (!clock_valid_date(v[0], v[1], v[2]))
        return -1;
    *day = clock_days_from_civil(v[0], v[1], v[2]);
    return 0;
}

void clock_date_format(int64_t day, char out[11])
{
    int y, m, d;
    clock_civil_from_days(day, &y, &m, &d);
    /* the modulos bound each field for the compiler; valid dates fit as is */
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
}
