/* hours.c — the OSM opening_hours subset (see hours.h).
 *
 * The parser is a small recursive-descent reader over the text; every error
 * names the character column (1-based, in characters, not bytes) where the
 * reader stopped and what it expected there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guichet/clock.h"
#include "guichet/hours.h"
#include "guichet/i18n.h"
#include "guichet/strbuf.h"

static const char *const day_codes[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

static const char *const day_names[7] = {N_("lundi"),    N_("mardi"),  N_("mercredi"), N_("jeudi"),
                                         N_("vendredi"), N_("samedi"), N_("dimanche")};

const char *hours_weekday_name(int wd)
{
    if (wd < 0 || wd > 6)
        return "";
    return _(day_names[wd]);
}

/* 0 = Monday */
static int weekday_of_days(int64_t days)
{
    int64_t w = (days + 3) % 7; /* 1970-01-01 was a Thursday */
    return (int)(w < 0 ? w + 7 : w);
}

void hours_easter(int year, int *mon, int *mday)
{
    int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    *mon = (h + l - 7 * m + 114) / 31;
    *mday = (h + l - 7 * m + 114) % 31 + 1;
}

int hours_public_holiday(int year, int mon, int mday)
{
    static const int fixed[][2] = {{1, 1},  {5, 1},  {5, 8},   {7, 14},
                                   {8, 15}, {11, 1}, {11, 11}, {12, 25}};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        if (fixed[i][0] == mon && fixed[i][1] == mday)
            return 1;
    int em, ed;
    hours_easter(year, &em, &ed);
    int64_t easter = clock_days_from_civil(year, em, ed);
    int64_t day = clock_days_from_civil(year, mon, mday);
    /* Easter Monday, Ascension Thursday, Whit Monday */
    return day == easter + 1 || day == easter + 39 || day == easter + 50;
}

/* ---- the parser ----------------------------------------------------------- */

typedef struct reader {
    const char *text;
    const char *p;
    g_error *err;
} reader;

/* 1-based column, in characters, of the reader's position */
static int column(const reader *r)
{
    int col = 1;
    for (const char *q = r->text; q < r->p; q++)
        if (((unsigned char)*q & 0xC0) != 0x80)
            col++;
    return col;
}

static g_status expected(reader *r, const char *what)
{
    return g_err_field(r->err, G_ERR_INVALID, "hours", _("position %d : %s"), column(r), what);
}

static void skip_ws(reader *r)
{
    while (*r->p == ' ' || *r->p == '\t')
        r->p++;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_word_end(char c)
{
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c));
}

/* A weekday code at p: its index, else -1. */
static int day_at(const char *p)
{
    for (int i = 0; i < 7; i++)
        if (p[0] == day_codes[i][0] && p[1] == day_codes[i][1] && is_word_end(p[2]))
            return i;
    return -1;
}

static int ph_at(const char *p)
{
    return p[0] == 'P' && p[1] == 'H' && is_word_end(p[2]);
}

static int word_at(const char *p, const char *w)
{
    size_t n = strlen(w);
    return strncmp(p, w, n) == 0 && is_word_end(p[n]);
}

/* HH:MM; allow_24 admits 24:00 (an end). */
static g_status read_time(reader *r, int allow_24, int *minutes)
{
    const char *p = r->p;
    if (!(is_digit(p[0]) && is_digit(p[1]) && p[2] == ':' && is_digit(p[3]) && is_digit(p[4])))
        return expected(r, _("une heure HH:MM était attendue"));
    int h = (p[0] - '0') * 10 + (p[1] - '0');
    int m = (p[3] - '0') * 10 + (p[4] - '0');
    if (h > 24 || m > 59 || (h == 24 && (m != 0 || !allow_24)))
        return expected(r, _("heure impossible (de 00:00 à 23:59, ou 24:00 en fin de plage)"));
    r->p += 5;
    *minutes = h * 60 + m;
    return G_OK;
}

static int span_cmp(const void *a, const void *b)
{
    return ((const hours_span *)a)->from - ((const hours_span *)b)->from;
}

/* time ranges: HH:MM-HH:MM(,HH:MM-HH:MM)* */
static g_status read_spans(reader *r, hours_day *out)
{
    out->nspan = 0;
    for (;;) {
        int from, to;
        g_status s = read_time(r, 0, &from);
        if (s != G_OK)
            return s;
        if (*r->p != '-')
            return expected(r, _("« - » était attendu entre les deux heures"));
        r->p++;
        const char *end_at = r->p;
        if ((s = read_time(r, 1, &to)) != G_OK)
            return s;
        if (to <= from) {
            r->p = end_at;
            return expected(r, _("l'heure de fin doit être après l'heure de début"));
        }
        if (out->nspan == HOURS_MAX_SPANS)
            return expected(r, _("trop de plages horaires pour un même jour"));
        out->span[out->nspan].from = (short)from;
        out->span[out->nspan].to = (short)to;
        out->nspan++;
        if (*r->p == ',' && is_digit(r->p[1])) {
            r->p++;
            continue;
        }
        if (*r->p == ',') {
            r->p++;
            return expected(r, _("une heure HH:MM était attendue"));
        }
        break;
    }
    qsort(out->span, (size_t)out->nspan, sizeof *out->span, span_cmp);
    return G_OK;
}

static g_status read_rule(reader *r, int index, g_hours *h)
{
    int days[7] = {0};
    int ph = 0, selector = 0;
    hours_day spans = {0};

    if (strncmp(r->p, "24/7", 4) == 0) {
        r->p += 4;
        for (int i = 0; i < 7; i++)
            days[i] = 1;
        spans.nspan = 1;
        spans.span[0].from = 0;
        spans.span[0].to = 1440;
        goto apply;
    }
    if (day_at(r->p) >= 0 || ph_at(r->p)) {
        selector = 1;
        for (;;) {
            int d = day_at(r->p);
            if (d >= 0) {
                r->p += 2;
                int last = d;
                if (*r->p == '-') {
                    r->p++;
                    last = day_at(r->p);
                    if (last < 0)
                        return expected(r, _("un jour (Mo, Tu, We, Th, Fr, Sa, Su) était "
                                             "attendu"));
                    r->p += 2;
                }
                /* Fr-Mo wraps around the week, as in OSM */
                for (int i = d;; i = (i + 1) % 7) {
                    days[i] = 1;
                    if (i == last)
                        break;
                }
            } else if (ph_at(r->p)) {
                r->p += 2;
                ph = 1;
            } else {
                return expected(r, _("un jour (Mo, Tu, We, Th, Fr, Sa, Su) ou PH était attendu"));
            }
            if (*r->p != ',')
                break;
            r->p++;
        }
        if (*r->p != ' ' && *r->p != '\t')
            return expected(r, *r->p ? _("une espace était attendue après les jours")
                                     : _("des heures HH:MM-HH:MM ou « off » étaient attendues"));
        skip_ws(r);
    } else if (!is_digit(*r->p) && !word_at(r->p, "off") && !word_at(r->p, "closed")) {
        return expected(r, _("un jour (Mo, Tu, We, Th, Fr, Sa, Su), PH ou une heure HH:MM était "
                             "attendu"));
    }
    if (!selector)
        for (int i = 0; i < 7; i++)
            days[i] = 1;

    if (word_at(r->p, "off")) {
        r->p += 3;
    } else if (word_at(r->p, "closed")) {
        r->p += 6;
    } else if (is_digit(*r->p)) {
        g_status s = read_spans(r, &spans);
        if (s != G_OK)
            return s;
    } else {
        return expected(r, _("des heures HH:MM-HH:MM ou « off » étaient attendues"));
    }

apply:
    spans.rule = index;
    for (int i = 0; i < 7; i++)
        if (days[i])
            h->day[i] = spans;
    if (ph)
        h->ph = spans;
    return G_OK;
}

g_status hours_parse(const char *text, g_hours *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    reader r = {text ? text : "", text ? text : "", err};
    int index = 0;
    for (;;) {
        skip_ws(&r);
        if (*r.p == ';') { /* empty rule, e.g. a trailing ';' */
            r.p++;
            continue;
        }
        if (!*r.p)
            break;
        g_status s = read_rule(&r, ++index, out);
        if (s != G_OK)
            return s;
        skip_ws(&r);
        if (*r.p == ';') {
            r.p++;
            continue;
        }
        if (*r.p)
            return expected(&r, _("« ; » ou la fin des horaires était attendu"));
        break;
    }
    if (index == 0)
        return g_err_field(err, G_ERR_INVALID, "hours", _("Les horaires sont vides."));
    return G_OK;
}

/* ---- evaluation ----------------------------------------------------------- */

/* The hours that apply on a local date given as days since the epoch. */
static const hours_day *day_rules(const g_hours *h, int64_t days)
{
    int y, m, d;
    clock_civil_from_days(days, &y, &m, &d);
    const hours_day *wd = &h->day[weekday_of_days(days)];
    if (h->ph.rule > wd->rule && hours_public_holiday(y, m, d))
        return &h->ph;
    return wd;
}

static int64_t local_days(int64_t t, int *minute)
{
    struct tm tm;
    clock_local(t, &tm);
    if (minute)
        *minute = tm.tm_hour * 60 + tm.tm_min;
    return clock_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The instant of a local wall time; a time in the spring-forward gap moves to
 * the first instant after the gap. */
static int64_t instant_of(int64_t days, int minute)
{
    int y, m, d;
    clock_civil_from_days(days + minute / 1440, &y, &m, &d);
    minute %= 1440;
    int64_t t;
    for (int shift = 0; shift <= 120; shift += 30) {
        int mm = minute + shift;
        if (mm >= 1440)
            break;
        if (clock_from_local(y, m, d, mm / 60, mm % 60, &t) == 0)
            return t;
    }
    /* not reachable with real zones; fall back to UTC arithmetic */
    return (clock_days_from_civil(y, m, d)) * 86400 + minute * 60;
}

int hours_is_open(const g_hours *h, int64_t t)
{
    int minute;
    const hours_day *dr = day_rules(h, local_days(t, &minute));
    for (int i = 0; i < dr->nspan; i++)
        if (minute >= dr->span[i].from && minute < dr->span[i].to)
            return 1;
    return 0;
}

int hours_closing_at(const g_hours *h, int64_t t, int64_t *out)
{
    int minute;
    int64_t days = local_days(t, &minute);
    const hours_day *dr = day_rules(h, days);
    for (int i = 0; i < dr->nspan; i++)
        if (minute >= dr->span[i].from && minute < dr->span[i].to) {
            *out = instant_of(days, dr->span[i].to);
            return 0;
        }
    return -1;
}

int hours_next_opening(const g_hours *h, int64_t after, int64_t *out)
{
    int64_t first = local_days(after, NULL);
    for (int64_t days = first; days <= first + 370; days++) {
        const hours_day *dr = day_rules(h, days);
        for (int i = 0; i < dr->nspan; i++) {
            int64_t t = instant_of(days, dr->span[i].from);
            if (t >= after) {
                *out = t;
                return 0;
            }
        }
    }
    return -1;
}

static void fmt_minutes(int minutes, char out[8])
{
    unsigned m = (unsigned)minutes % 1441u;
    snprintf(out, 8, "%02u:%02u", m / 60u, m % 60u);
}

void hours_status(const g_hours *h, int64_t now, char *buf, size_t size)
{
    int64_t t;
    char hm[16];
    if (hours_is_open(h, now)) {
        if (hours_closing_at(h, now, &t) == 0 && local_days(t, NULL) == local_days(now, NULL)) {
            clock_format(t, "%H:%M", hm, sizeof hm);
            snprintf(buf, size, _("ouvert jusqu'à %s"), hm);
        } else {
            snprintf(buf, size, "%s", _("ouvert"));
        }
        return;
    }
    if (hours_next_opening(h, now, &t) != 0) {
        snprintf(buf, size, "%s", _("fermé"));
        return;
    }
    clock_format(t, "%H:%M", hm, sizeof hm);
    int64_t diff = local_days(t, NULL) - local_days(now, NULL);
    if (diff == 0) {
        snprintf(buf, size, _("fermé — ouvre aujourd'hui à %s"), hm);
    } else if (diff == 1) {
        snprintf(buf, size, _("fermé — ouvre demain à %s"), hm);
    } else if (diff < 7) {
        snprintf(buf, size, _("fermé — ouvre %s à %s"),
                 hours_weekday_name(weekday_of_days(local_days(t, NULL))), hm);
    } else {
        char date[16];
        clock_format(t, "%d/%m", date, sizeof date);
        snprintf(buf, size, _("fermé — ouvre le %s à %s"), date, hm);
    }
}

/* ---- in words ------------------------------------------------------------- */

static int same_spans(const hours_day *a, const hours_day *b)
{
    if (a->nspan != b->nspan)
        return 0;
    for (int i = 0; i < a->nspan; i++)
        if (a->span[i].from != b->span[i].from || a->span[i].to != b->span[i].to)
            return 0;
    return 1;
}

static void append_spans(strbuf *b, const hours_day *d)
{
    for (int i = 0; i < d->nspan; i++) {
        char from[8], to[8];
        fmt_minutes(d->span[i].from, from);
        fmt_minutes(d->span[i].to, to);
        strbuf_printf(b, "%s%s–%s", i ? ", " : "", from, to);
    }
}

void hours_describe(const g_hours *h, char *buf, size_t size)
{
    if (!size)
        return;
    strbuf b;
    strbuf_init(&b, buf, size);
    int all_same = h->day[0].nspan > 0;
    for (int i = 1; i < 7 && all_same; i++)
        all_same = same_spans(&h->day[0], &h->day[i]);
    if (all_same) {
        strbuf_puts(&b, _("tous les jours : "));
        append_spans(&b, &h->day[0]);
    } else {
        for (int i = 0; i < 7;) {
            if (h->day[i].nspan == 0) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < 7 && same_spans(&h->day[i], &h->day[j + 1]))
                j++;
            if (b.len)
                strbuf_puts(&b, "\n");
            if (j == i)
                strbuf_printf(&b, "%s : ", hours_weekday_name(i));
            else if (j == i + 1)
                strbuf_printf(&b, _("%s et %s : "), hours_weekday_name(i), hours_weekday_name(j));
            else
                strbuf_printf(&b, _("du %s au %s : "), hours_weekday_name(i),
                              hours_weekday_name(j));
            append_spans(&b, &h->day[i]);
            i = j + 1;
        }
        if (!b.len)
            strbuf_puts(&b, _("fermé"));
    }
    if (h->ph.rule) {
        strbuf_puts(&b, "\n");
        if (h->ph.nspan == 0) {
            strbuf_puts(&b, _("fermé les jours fériés"));
        } else {
            strbuf_puts(&b, _("jours fériés : "));
            append_spans(&b, &h->ph);
        }
    }
}
