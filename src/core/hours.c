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

static const char *const month_codes[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* A month code at p: 1..12, else 0. */
static int month_at(const char *p)
{
    for (int i = 0; i < 12; i++)
        if (strncmp(p, month_codes[i], 3) == 0 && is_word_end(p[3]))
            return i + 1;
    return 0;
}

/* n digits at p, not followed by another digit or ':' (which would make a
 * time): their value, else -1. */
static int number_at(const char *p, int min_digits, int max_digits, int *len)
{
    int n = 0, v = 0;
    while (n < max_digits && is_digit(p[n]))
        v = v * 10 + (p[n++] - '0');
    if (n < min_digits || is_digit(p[n]) || p[n] == ':')
        return -1;
    *len = n;
    return v;
}

/* What a rule selects: dates, weeks, weekdays. */
typedef struct selector {
    int y1, y2;         /* 0 = any year */
    int m1, d1, m2, d2; /* months and days, 0 = none */
    int w1, w2, wstep;  /* ISO weeks, 0 = none */
    int days[7];
    int any_day; /* some weekday named */
    int ph;
} selector;

/* The weekday part: Mo-Fr,Su,PH. Returns G_OK with nothing read when there
 * is no weekday at p. */
static g_status read_weekdays(reader *r, selector *sel)
{
    if (day_at(r->p) < 0 && !ph_at(r->p))
        return G_OK;
    for (;;) {
        int d = day_at(r->p);
        if (d >= 0) {
            r->p += 2;
            int last = d;
            if (*r->p == '-') {
                r->p++;
                last = day_at(r->p);
                if (last < 0)
                    return expected(r, _("un jour (Mo, Tu, We, Th, Fr, Sa, Su) était attendu"));
                r->p += 2;
            }
            /* Fr-Mo wraps around the week, as in OSM */
            for (int i = d;; i = (i + 1) % 7) {
                sel->days[i] = 1;
                if (i == last)
                    break;
            }
            sel->any_day = 1;
        } else if (ph_at(r->p)) {
            r->p += 2;
            sel->ph = 1;
        } else {
            return expected(r, _("un jour (Mo, Tu, We, Th, Fr, Sa, Su) ou PH était attendu"));
        }
        if (*r->p != ',')
            break;
        r->p++;
    }
    return G_OK;
}

/* year, dates and weeks before the weekdays: `2026 Aug`, `Dec 24-26`,
 * `week 1-53/2`. */
static g_status read_dates(reader *r, selector *sel)
{
    int len;
    int y = number_at(r->p, 4, 4, &len);
    if (y >= 1900) {
        sel->y1 = sel->y2 = y;
        r->p += len;
        if (*r->p == '-') {
            int y2 = number_at(r->p + 1, 4, 4, &len);
            if (y2 < y)
                return expected(r, _("une année de fin (AAAA, pas avant le début) était attendue"));
            sel->y2 = y2;
            r->p += 1 + len;
        }
        skip_ws(r);
    }
    int m = month_at(r->p);
    if (m) {
        sel->m1 = sel->m2 = m;
        r->p += 3;
        skip_ws(r);
        int d = number_at(r->p, 1, 2, &len);
        if (d > 0) {
            if (d > 31)
                return expected(r, _("un jour du mois (1 à 31) était attendu"));
            sel->d1 = sel->d2 = d;
            r->p += len;
        }
        if (*r->p == '-') {
            r->p++;
            int m2 = month_at(r->p);
            if (m2) {
                sel->m2 = m2;
                r->p += 3;
                skip_ws(r);
                int d2 = number_at(r->p, 1, 2, &len);
                if (sel->d1 && d2 <= 0)
                    return expected(r, _("un jour du mois (1 à 31) était attendu"));
                if (d2 > 0) {
                    sel->d2 = d2;
                    r->p += len;
                }
            } else {
                int d2 = number_at(r->p, 1, 2, &len);
                if (!sel->d1 || d2 <= 0 || d2 > 31 || d2 < sel->d1)
                    return expected(r, _("un mois (Jan … Dec) ou un jour du mois était attendu"));
                sel->d2 = d2;
                r->p += len;
            }
        }
        skip_ws(r);
    }
    if (word_at(r->p, "week")) {
        r->p += 4;
        skip_ws(r);
        int w = number_at(r->p, 1, 2, &len);
        if (w < 1 || w > 53)
            return expected(r, _("un numéro de semaine (1 à 53) était attendu"));
        sel->w1 = sel->w2 = w;
        sel->wstep = 1;
        r->p += len;
        if (*r->p == '-') {
            int w2 = number_at(r->p + 1, 1, 2, &len);
            if (w2 < w || w2 > 53)
                return expected(r, _("un numéro de semaine (1 à 53) était attendu"));
            sel->w2 = w2;
            r->p += 1 + len;
        }
        if (*r->p == '/') {
            int step = number_at(r->p + 1, 1, 2, &len);
            if (step < 1)
                return expected(r, _("un pas de semaines (/2 : une sur deux) était attendu"));
            sel->wstep = step;
            r->p += 1 + len;
        }
        skip_ws(r);
    }
    return G_OK;
}

/* "comment": copied (cut to the buffer) into out. */
static g_status read_comment(reader *r, char *out, size_t size)
{
    const char *start = ++r->p;
    while (*r->p && *r->p != '"')
        r->p++;
    if (*r->p != '"') {
        r->p = start - 1; /* point at the quote that opened it */
        return expected(r, _("le commentaire n'est pas refermé par « \" »"));
    }
    size_t n = (size_t)(r->p - start);
    if (n >= size) {
        n = size - 1;
        while (n && ((unsigned char)start[n] & 0xC0) == 0x80)
            n--; /* never cut a character */
    }
    memcpy(out, start, n);
    out[n] = 0;
    r->p++;
    return G_OK;
}

static g_status read_rule(reader *r, int index, int fallback, g_hours *h)
{
    selector sel = {0};
    hours_day spans = {0};
    g_status s;

    if (strncmp(r->p, "24/7", 4) == 0) {
        r->p += 4;
        for (int i = 0; i < 7; i++)
            sel.days[i] = 1;
        sel.any_day = 1;
        spans.nspan = 1;
        spans.span[0].from = 0;
        spans.span[0].to = 1440;
        skip_ws(r);
        goto comment;
    }
    if ((s = read_dates(r, &sel)) != G_OK || (s = read_weekdays(r, &sel)) != G_OK)
        return s;
    int has_selector = sel.y1 || sel.m1 || sel.w1 || sel.any_day || sel.ph;
    if (has_selector && (sel.any_day || sel.ph)) {
        if (*r->p != ' ' && *r->p != '\t')
            return expected(r, *r->p ? _("une espace était attendue après les jours")
                                     : _("des heures HH:MM-HH:MM ou « off » étaient attendues"));
        skip_ws(r);
    }
    if (!has_selector && !is_digit(*r->p) && !word_at(r->p, "off") && !word_at(r->p, "closed") &&
        *r->p != '"')
        return expected(r, _("un jour (Mo, Tu, We, Th, Fr, Sa, Su), PH ou une heure HH:MM était "
                             "attendu"));

    if (word_at(r->p, "off")) {
        r->p += 3;
    } else if (word_at(r->p, "closed")) {
        r->p += 6;
    } else if (is_digit(*r->p)) {
        if ((s = read_spans(r, &spans)) != G_OK)
            return s;
    } else if (*r->p != '"') {
        return expected(r, _("des heures HH:MM-HH:MM ou « off » étaient attendues"));
    }
    skip_ws(r);
comment:
    if (*r->p == '"' && (s = read_comment(r, spans.comment, sizeof spans.comment)) != G_OK)
        return s;

    spans.rule = index;
    if (sel.y1 || sel.m1 || sel.w1) {
        /* a rule for some dates */
        if (h->nexception == HOURS_MAX_EXCEPTIONS)
            return expected(r, _("trop de règles datées (12 au plus)"));
        hours_exception *e = &h->exception[h->nexception++];
        e->year_from = (short)sel.y1;
        e->year_to = (short)sel.y2;
        e->month_from = (char)sel.m1;
        e->day_from = (char)sel.d1;
        e->month_to = (char)sel.m2;
        e->day_to = (char)sel.d2;
        e->week_from = (char)sel.w1;
        e->week_to = (char)sel.w2;
        e->week_step = (char)sel.wstep;
        for (int i = 0; i < 7; i++)
            if (sel.days[i])
                e->weekdays |= (unsigned char)(1u << i);
        e->hours = spans;
        return G_OK;
    }
    if (!sel.any_day && !sel.ph)
        for (int i = 0; i < 7; i++)
            sel.days[i] = 1;
    for (int i = 0; i < 7; i++)
        if (sel.days[i] && (!fallback || h->day[i].rule == 0))
            h->day[i] = spans;
    if (sel.ph && (!fallback || h->ph.rule == 0))
        h->ph = spans;
    return G_OK;
}

g_status hours_parse(const char *text, g_hours *out, g_error *err)
{
    memset(out, 0, sizeof *out);
    reader r = {text ? text : "", text ? text : "", err};
    int index = 0, fallback = 0;
    for (;;) {
        skip_ws(&r);
        if (*r.p == ';') { /* empty rule, e.g. a trailing ';' */
            r.p++;
            continue;
        }
        if (!*r.p)
            break;
        g_status s = read_rule(&r, ++index, fallback, out);
        if (s != G_OK)
            return s;
        skip_ws(&r);
        fallback = 0;
        if (*r.p == ';') {
            r.p++;
            continue;
        }
        if (r.p[0] == '|' && r.p[1] == '|') { /* the next rule only fills the gaps */
            r.p += 2;
            fallback = 1;
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

/* ISO 8601 week number of a date (days since the epoch). */
static int iso_week(int64_t days)
{
    int wd = weekday_of_days(days); /* 0 = Monday */
    int64_t thursday = days - wd + 3;
    int y, m, d;
    clock_civil_from_days(thursday, &y, &m, &d);
    return (int)((thursday - clock_days_from_civil(y, 1, 1)) / 7) + 1;
}

static int exception_covers(const hours_exception *e, int64_t days)
{
    int y, m, d;
    clock_civil_from_days(days, &y, &m, &d);
    if (e->year_from && (y < e->year_from || y > e->year_to))
        return 0;
    if (e->month_from) {
        int from = e->month_from * 100 + (e->day_from ? e->day_from : 1);
        int to = e->month_to * 100 + (e->day_to ? e->day_to : 31);
        int here = m * 100 + d;
        int in = from <= to ? (here >= from && here <= to) : (here >= from || here <= to);
        if (!in)
            return 0;
    }
    if (e->week_from) {
        int w = iso_week(days);
        if (w < e->week_from || w > e->week_to || (w - e->week_from) % e->week_step != 0)
            return 0;
    }
    if (e->weekdays && !(e->weekdays & (1u << weekday_of_days(days))))
        return 0;
    return 1;
}

/* The hours that apply on a local date given as days since the epoch: the
 * latest rule that covers it. */
static const hours_day *day_rules(const g_hours *h, int64_t days)
{
    int y, m, d;
    clock_civil_from_days(days, &y, &m, &d);
    const hours_day *best = &h->day[weekday_of_days(days)];
    if (h->ph.rule > best->rule && hours_public_holiday(y, m, d))
        best = &h->ph;
    for (int i = 0; i < h->nexception; i++)
        if (h->exception[i].hours.rule > best->rule && exception_covers(&h->exception[i], days))
            best = &h->exception[i].hours;
    return best;
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
    if (a->nspan != b->nspan || strcmp(a->comment, b->comment) != 0)
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
    if (d->comment[0])
        strbuf_printf(b, d->nspan ? " (%s)" : "%s", d->comment);
}

static const char *const month_names[12] = {
    N_("janvier"), N_("février"), N_("mars"),      N_("avril"),   N_("mai"),      N_("juin"),
    N_("juillet"), N_("août"),    N_("septembre"), N_("octobre"), N_("novembre"), N_("décembre")};

/* « le 25 décembre », « du 24 au 26 décembre », « en août 2026 »,
 * « semaines impaires, mercredi » … */
static void describe_exception(const hours_exception *e, char *out, size_t size)
{
    char when[160] = "", year[24] = "";
    if (e->year_from && e->year_to != e->year_from)
        snprintf(year, sizeof year, " %d-%d", e->year_from, e->year_to);
    else if (e->year_from)
        snprintf(year, sizeof year, " %d", e->year_from);
    const char *m1 = e->month_from ? _(month_names[e->month_from - 1]) : "";
    const char *m2 = e->month_to ? _(month_names[e->month_to - 1]) : "";
    if (e->month_from && e->day_from) {
        if (e->month_from == e->month_to && e->day_from == e->day_to)
            snprintf(when, sizeof when, _("le %d %s%s"), e->day_from, m1, year);
        else if (e->month_from == e->month_to)
            snprintf(when, sizeof when, _("du %d au %d %s%s"), e->day_from, e->day_to, m1, year);
        else
            snprintf(when, sizeof when, _("du %d %s au %d %s%s"), e->day_from, m1, e->day_to, m2,
                     year);
    } else if (e->month_from) {
        if (e->month_from == e->month_to)
            snprintf(when, sizeof when, _("en %s%s"), m1, year);
        else
            snprintf(when, sizeof when, _("de %s à %s%s"), m1, m2, year);
    } else if (e->year_from) {
        snprintf(when, sizeof when, _("en%s"), year);
    }
    if (e->week_from) {
        char weeks[96];
        if (e->week_step == 2 && e->week_from == 1 && e->week_to >= 52)
            snprintf(weeks, sizeof weeks, "%s", _("semaines impaires"));
        else if (e->week_step == 2 && e->week_from == 2 && e->week_to >= 52)
            snprintf(weeks, sizeof weeks, "%s", _("semaines paires"));
        else if (e->week_step > 1)
            snprintf(weeks, sizeof weeks, _("semaines %d à %d, une sur %d"), e->week_from,
                     e->week_to, e->week_step);
        else if (e->week_from == e->week_to)
            snprintf(weeks, sizeof weeks, _("semaine %d"), e->week_from);
        else
            snprintf(weeks, sizeof weeks, _("semaines %d à %d"), e->week_from, e->week_to);
        size_t n = strlen(when);
        snprintf(when + n, sizeof when - n, "%s%s", n ? ", " : "", weeks);
    }
    for (int i = 0; i < 7; i++) {
        if (!(e->weekdays & (1u << i)))
            continue;
        size_t n = strlen(when);
        snprintf(when + n, sizeof when - n, "%s%s", n ? ", " : "", hours_weekday_name(i));
    }
    snprintf(out, size, "%s : ", when);
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
            if (h->day[i].nspan == 0 && !h->day[i].comment[0]) {
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
        if (!b.len && !h->nexception)
            strbuf_puts(&b, _("fermé"));
    }
    if (h->ph.rule) {
        if (b.len)
            strbuf_puts(&b, "\n");
        if (h->ph.nspan == 0 && !h->ph.comment[0]) {
            strbuf_puts(&b, _("fermé les jours fériés"));
        } else {
            strbuf_puts(&b, _("jours fériés : "));
            append_spans(&b, &h->ph);
        }
    }
    for (int i = 0; i < h->nexception; i++) {
        const hours_exception *e = &h->exception[i];
        char head[200];
        describe_exception(e, head, sizeof head);
        if (b.len)
            strbuf_puts(&b, "\n");
        strbuf_puts(&b, head);
        if (e->hours.nspan == 0 && !e->hours.comment[0])
            strbuf_puts(&b, _("fermé"));
        else
            append_spans(&b, &e->hours);
    }
}
