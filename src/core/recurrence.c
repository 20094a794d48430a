/* recurrence.c — RFC 5545 subset on local dates; see recurrence.h.
 *
 * Days are numbered from 1970-01-01 with the civil-calendar algorithms of
 * H. Hinnant ("chrono-compatible low-level date algorithms"); no time zone is
 * involved until recur_slot_utc turns one wall-clock slot into UTC through
 * clock_from_local. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/recurrence.h"
#include "guichet/strbuf.h"

static const char *const wd_codes[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

int recur_weekday(int64_t day)
{
    /* 1970-01-01 was a Thursday (4) */
    int64_t w = (day + 3) % 7;
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

int recur_time_parse(const char *s)
{
    if (!s || strlen(s) != 5 || s[2] != ':')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        return -1;
    return h * 60 + m;
}

void recur_time_format(int min, char out[6])
{
    if (min < 0 || min > 24 * 60)
        min = 0;
    snprintf(out, 6, "%02u:%02u", (unsigned)(min / 60) % 100u, (unsigned)(min % 60));
}

g_status recur_slot_utc(const char *date, int start_min, int end_min, int64_t *start_at,
                        int64_t *end_at, g_error *err)
{
    int64_t day;
    if (clock_date_parse(date, &day) != 0)
        return g_err_field(err, G_ERR_INVALID, "date", _("La date « %s » n'existe pas."),
                           date ? date : "");
    if (start_min < 0 || start_min >= 24 * 60 || end_min <= start_min || end_min > 24 * 60)
        return g_err_field(err, G_ERR_INVALID, "end",
                           _("Un créneau doit finir après son début, le même jour (un créneau "
                             "qui passe minuit n'est pas possible)."));
    int y, m, d;
    clock_civil_from_days(day, &y, &m, &d);
    char hs[6], he[6];
    recur_time_format(start_min, hs);
    recur_time_format(end_min, he);
    if (clock_from_local(y, m, d, start_min / 60, start_min % 60, start_at) != 0)
        return g_err_field(err, G_ERR_INVALID, "start",
                           _("L'heure %s n'existe pas le %s (passage à l'heure d'été)."), hs, date);
    if (end_min == 24 * 60) {
        /* midnight at the end of the day = 00:00 of the next day */
        int ny, nm, nd;
        clock_civil_from_days(day + 1, &ny, &nm, &nd);
        if (clock_from_local(ny, nm, nd, 0, 0, end_at) != 0)
            return g_err_field(err, G_ERR_INVALID, "end",
                               _("L'heure %s n'existe pas le %s (passage à l'heure d'été)."), he,
                               date);
    } else if (clock_from_local(y, m, d, end_min / 60, end_min % 60, end_at) != 0) {
        return g_err_field(err, G_ERR_INVALID, "end",
                           _("L'heure %s n'existe pas le %s (passage à l'heure d'été)."), he, date);
    }
    if (*end_at <= *start_at)
        return g_err_field(err, G_ERR_INVALID, "end",
                           _("Le créneau %s–%s du %s est vide à cause du changement d'heure."), hs,
                           he, date);
    return G_OK;
}

/* --- BYDAY ---------------------------------------------------------------- */

typedef struct byday_entry {
    int n;  /* 0 = every such weekday; 1..5 = n-th; -1..-5 = n-th from the end */
    int wd; /* 1 = Monday … 7 = Sunday */
} byday_entry;

/* Parses a BYDAY list. Returns the number of entries, or -1 on bad syntax.
 * Ordinals are refused for WEEKLY. */
static int byday_parse(const char *s, recur_freq freq, byday_entry *out, int max)
{
    int count = 0;
    const char *p = s;
    while (*p) {
        if (count >= max)
            return -1;
        int sign = 1, n = 0, digits = 0, has_sign = 0;
        if (*p == '+' || *p == '-') {
            sign = *p == '-' ? -1 : 1;
            has_sign = 1;
            p++;
        }
        while (*p >= '0' && *p <= '9') {
            n = n * 10 + (*p - '0');
            p++;
            digits++;
        }
        if (has_sign && !digits)
            return -1;
        if (digits && (n < 1 || n > 5))
            return -1;
        if (digits && freq != RECUR_MONTHLY)
            return -1;
        int wd = 0;
        for (int i = 0; i < 7; i++)
            if (p[0] == wd_codes[i][0] && p[1] == wd_codes[i][1])
                wd = i + 1;
        if (!wd)
            return -1;
        p += 2;
        out[count].n = sign * n;
        out[count].wd = wd;
        count++;
        if (*p == ',') {
            p++;
            if (!*p)
                return -1;
        } else if (*p) {
            return -1;
        }
    }
    return count;
}

g_status recur_validate(const recur_rule *rule, g_error *err)
{
    int64_t start, until;
    if (clock_date_parse(rule->dtstart, &start) != 0)
        return g_err_field(err, G_ERR_INVALID, "dtstart",
                           _("La date de début « %s » n'est pas une date valide (AAAA-MM-JJ)."),
                           rule->dtstart);
    if (rule->start_min < 0 || rule->start_min >= 24 * 60)
        return g_err_field(err, G_ERR_INVALID, "start", _("L'heure de début n'est pas valide."));
    if (rule->end_min <= rule->start_min || rule->end_min > 24 * 60)
        return g_err_field(err, G_ERR_INVALID, "end",
                           _("L'heure de fin doit suivre l'heure de début, le même jour : un "
                             "créneau qui passe minuit n'est pas possible."));
    if (rule->freq != RECUR_WEEKLY && rule->freq != RECUR_MONTHLY)
        return g_err_field(err, G_ERR_INVALID, "freq",
                           _("La fréquence doit être hebdomadaire ou mensuelle."));
    if (rule->interval < 1 || rule->interval > 52)
        return g_err_field(err, G_ERR_INVALID, "interval",
                           _("L'intervalle doit être compris entre 1 et 52."));
    byday_entry e[RECUR_BYDAY_MAX];
    if (byday_parse(rule->byday, rule->freq, e, RECUR_BYDAY_MAX) < 0)
        return g_err_field(
            err, G_ERR_INVALID, "byday",
            rule->freq == RECUR_WEEKLY
                ? _("Jours non reconnus : « %s » (exemple : « TU » ou « MO,TH »).")
                : _("Jours non reconnus : « %s » (exemple : « 2TU,4TU » ou « -1FR »)."),
            rule->byday);
    if (rule->until[0]) {
        if (clock_date_parse(rule->until, &until) != 0)
            return g_err_field(err, G_ERR_INVALID, "until",
                               _("La date de fin « %s » n'est pas une date valide (AAAA-MM-JJ)."),
                               rule->until);
        if (until < start)
            return g_err_field(err, G_ERR_INVALID, "until",
                               _("La date de fin précède la date de début."));
    }
    return G_OK;
}

int recur_occurs_on(const recur_rule *rule, int64_t day)
{
    int64_t start, until;
    if (clock_date_parse(rule->dtstart, &start) != 0 || day < start)
        return 0;
    if (rule->until[0] && (clock_date_parse(rule->until, &until) != 0 || day > until))
        return 0;
    int interval = rule->interval < 1 ? 1 : rule->interval;
    byday_entry e[RECUR_BYDAY_MAX];
    int ne = byday_parse(rule->byday, rule->freq, e, RECUR_BYDAY_MAX);
    if (ne < 0)
        return 0;
    int wd = recur_weekday(day);
    if (rule->freq == RECUR_WEEKLY) {
        int64_t monday = day - (wd - 1);
        int64_t monday0 = start - (recur_weekday(start) - 1);
        if (((monday - monday0) / 7) % interval != 0)
            return 0;
        if (ne == 0)
            return wd == recur_weekday(start);
        for (int i = 0; i < ne; i++)
            if (e[i].wd == wd)
                return 1;
        return 0;
    }
    int y, m, d, y0, m0, d0;
    clock_civil_from_days(day, &y, &m, &d);
    clock_civil_from_days(start, &y0, &m0, &d0);
    int months = (y * 12 + m) - (y0 * 12 + m0);
    if (months % interval != 0)
        return 0;
    if (ne == 0)
        return d == d0;
    int dim = clock_days_in_month(y, m);
    for (int i = 0; i < ne; i++) {
        if (e[i].wd != wd)
            continue;
        if (e[i].n == 0)
            return 1;
        if (e[i].n > 0 && (d - 1) / 7 + 1 == e[i].n)
            return 1;
        if (e[i].n < 0 && (dim - d) / 7 + 1 == -e[i].n)
            return 1;
    }
    return 0;
}

g_status recur_expand(const recur_rule *rule, const char *from, const char *to,
                      const char *const *exdates, size_t nex, recur_occurrence **out, size_t *count,
                      size_t *gaps, g_error *err)
{
    *out = NULL;
    *count = 0;
    if (gaps)
        *gaps = 0;
    g_status s = recur_validate(rule, err);
    if (s != G_OK)
        return s;
    int64_t d1, d2, start;
    if (clock_date_parse(from, &d1) != 0 || clock_date_parse(to, &d2) != 0)
        return g_err(err, G_ERR_INVALID, _("Période non valide : « %s » – « %s »."),
                     from ? from : "", to ? to : "");
    if (d2 < d1)
        return G_OK;
    if (d2 - d1 > 3660)
        return g_err(err, G_ERR_INVALID, _("Période trop longue (dix ans au plus)."));
    clock_date_parse(rule->dtstart, &start);
    if (d1 < start)
        d1 = start;
    if (rule->until[0]) {
        int64_t until;
        clock_date_parse(rule->until, &until);
        if (d2 > until)
            d2 = until;
    }
    size_t cap = 0;
    recur_occurrence *v = NULL;
    for (int64_t day = d1; day <= d2; day++) {
        if (!recur_occurs_on(rule, day))
            continue;
        char date[11];
        clock_date_format(day, date);
        int skip = 0;
        for (size_t i = 0; i < nex && !skip; i++)
            skip = exdates[i] && strcmp(exdates[i], date) == 0;
        if (skip)
            continue;
        recur_occurrence o;
        snprintf(o.date, sizeof o.date, "%s", date);
        if (recur_slot_utc(date, rule->start_min, rule->end_min, &o.start_at, &o.end_at, NULL) !=
            G_OK) {
            if (gaps)
                (*gaps)++;
            continue;
        }
        if (*count == cap) {
            cap = cap ? cap * 2 : 16;
            recur_occurrence *nv = realloc(v, cap * sizeof *v);
            if (!nv) {
                free(v);
                *count = 0;
                return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
            }
            v = nv;
        }
        v[(*count)++] = o;
    }
    *out = v;
    return G_OK;
}

void recur_rrule(const recur_rule *rule, char *buf, size_t size)
{
    strbuf b;
    strbuf_init(&b, buf, size);
    strbuf_printf(&b, "FREQ=%s", rule->freq == RECUR_MONTHLY ? "MONTHLY" : "WEEKLY");
    if (rule->interval > 1)
        strbuf_printf(&b, ";INTERVAL=%d", rule->interval);
    if (rule->byday[0])
        strbuf_printf(&b, ";BYDAY=%s", rule->byday);
    if (rule->until[0])
        strbuf_printf(&b, ";UNTIL=%.4s%.2s%.2s", rule->until, rule->until + 5, rule->until + 8);
}

static const char *weekday_name(int wd)
{
    static const char *const names[] = {N_("lundi"),    N_("mardi"),  N_("mercredi"), N_("jeudi"),
                                        N_("vendredi"), N_("samedi"), N_("dimanche")};
    return _(names[(wd - 1) % 7]);
}

static const char *ordinal_name(int n)
{
    switch (n) {
    case 1:
        return _("1er");
    case 2:
        return _("2e");
    case 3:
        return _("3e");
    case 4:
        return _("4e");
    case 5:
        return _("5e");
    case -1:
        return _("dernier");
    case -2:
        return _("avant-dernier");
    default:
        return "";
    }
}

void recur_describe(const recur_rule *rule, char *buf, size_t size)
{
    byday_entry e[RECUR_BYDAY_MAX];
    int ne = byday_parse(rule->byday, rule->freq, e, RECUR_BYDAY_MAX);
    char days[160] = "";
    strbuf db;
    strbuf_init(&db, days, sizeof days);
    int64_t start = 0;
    clock_date_parse(rule->dtstart, &start);
    for (int i = 0; i < ne; i++) {
        strbuf_puts(&db, i == 0 ? "" : (i == ne - 1 ? _(" et ") : ", "));
        if (e[i].n)
            strbuf_printf(&db, "%s ", ordinal_name(e[i].n));
        strbuf_puts(&db, weekday_name(e[i].wd));
    }
    if (ne <= 0 && rule->freq == RECUR_WEEKLY)
        snprintf(days, sizeof days, "%s", weekday_name(recur_weekday(start)));
    char hs[6], he[6];
    recur_time_format(rule->start_min, hs);
    recur_time_format(rule->end_min, he);
    strbuf b;
    strbuf_init(&b, buf, size);
    if (rule->freq == RECUR_WEEKLY) {
        if (rule->interval > 1)
            strbuf_printf(&b, _("toutes les %d semaines le %s, %s–%s"), rule->interval, days, hs,
                          he);
        else
            strbuf_printf(&b, _("chaque %s, %s–%s"), days, hs, he);
    } else if (ne <= 0) {
        strbuf_printf(&b, _("le %s de chaque mois, %s–%s"), rule->dtstart + 8, hs, he);
    } else if (rule->interval > 1) {
        strbuf_printf(&b, _("le %s, tous les %d mois, %s–%s"), days, rule->interval, hs, he);
    } else {
        strbuf_printf(&b, _("le %s de chaque mois, %s–%s"), days, hs, he);
    }
    if (rule->until[0])
        strbuf_printf(&b, _(", jusqu'au %s"), rule->until);
}
