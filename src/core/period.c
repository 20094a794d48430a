/* period.c — periods of whole days (see guichet/period.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/period.h"

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

static void ymd(int y, int m, int d, char out[11])
{
    clock_date_format(clock_days_from_civil(y, m, d), out);
}

static int month_days(int y, int m)
{
    int64_t a = clock_days_from_civil(y, m, 1);
    int64_t b = m == 12 ? clock_days_from_civil(y + 1, 1, 1) : clock_days_from_civil(y, m + 1, 1);
    return (int)(b - a);
}

/* One day typed AAAA-MM-JJ or JJ/MM/AAAA into iso; 0 or -1. */
static int one_day(const char *s, char iso[11])
{
    g_error e = {0};
    return normalize_date(s, iso, &e) == G_OK ? 0 : -1;
}

static g_status bad(const char *text, g_error *err)
{
    return g_err_field(err, G_ERR_INVALID, "periode",
                       _("Période « %s » illisible : écrivez un mois (2026-03), un trimestre "
                         "(2026-T1), une année (2026), un jour (2026-03-05) ou deux jours "
                         "séparés par « .. » (2026-01-01..2026-03-31)."),
                       text);
}

g_status period_parse(const char *text, char from[11], char to[11], g_error *err)
{
    from[0] = to[0] = 0;
    if (!text)
        text = "";
    char t[64];
    size_t n = strlen(text);
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    while (n && isspace((unsigned char)*text)) {
        text++;
        n--;
    }
    if (n == 0 || n >= sizeof t)
        return bad(text, err);
    memcpy(t, text, n);
    t[n] = 0;

    const char *dots = strstr(t, "..");
    if (dots) {
        char a[32], b[32];
        size_t la = (size_t)(dots - t);
        if (la == 0 || la >= sizeof a || strlen(dots + 2) >= sizeof b)
            return bad(t, err);
        memcpy(a, t, la);
        a[la] = 0;
        snprintf(b, sizeof b, "%s", dots + 2);
        if (one_day(a, from) != 0 || one_day(b, to) != 0)
            return bad(t, err);
    } else if (n == 4 && all_digits(t, 4)) {
        int y = atoi(t);
        if (y < 1900)
            return bad(t, err);
        ymd(y, 1, 1, from);
        ymd(y, 12, 31, to);
    } else if (n == 7 && all_digits(t, 4) && t[4] == '-' && all_digits(t + 5, 2)) {
        int y = atoi(t), m = atoi(t + 5);
        if (y < 1900 || m < 1 || m > 12)
            return bad(t, err);
        ymd(y, m, 1, from);
        ymd(y, m, month_days(y, m), to);
    } else if (n == 7 && all_digits(t, 4) && t[4] == '-' &&
               (t[5] == 'T' || t[5] == 't' || t[5] == 'Q' || t[5] == 'q') && t[6] >= '1' &&
               t[6] <= '4') {
        int y = atoi(t), q = t[6] - '0';
        if (y < 1900)
            return bad(t, err);
        ymd(y, 3 * q - 2, 1, from);
        ymd(y, 3 * q, month_days(y, 3 * q), to);
    } else if (one_day(t, from) == 0) {
        snprintf(to, 11, "%s", from);
    } else {
        return bad(t, err);
    }
    if (strcmp(to, from) < 0) {
        char a[11], b[11];
        normalize_date_display(from, a);
        normalize_date_display(to, b);
        from[0] = to[0] = 0;
        return g_err_field(err, G_ERR_INVALID, "periode",
                           _("La période finit (%s) avant de commencer (%s)."), b, a);
    }
    char today[11];
    clock_today(today);
    if (strcmp(from, today) > 0) {
        char a[11];
        normalize_date_display(from, a);
        from[0] = to[0] = 0;
        return g_err_field(err, G_ERR_INVALID, "periode",
                           _("La période commence le %s : elle n'a pas encore commencé."), a);
    }
    if (strcmp(to, today) > 0)
        snprintf(to, 11, "%s", today);
    return G_OK;
}

void period_describe(const char *from, const char *to, char *buf, size_t size)
{
    char a[11], b[11];
    normalize_date_display(from, a);
    normalize_date_display(to, b);
    if (strcmp(from, to) == 0)
        snprintf(buf, size, _("le %s"), a);
    else
        snprintf(buf, size, _("du %s au %s"), a, b);
}
