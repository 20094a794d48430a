/* hours.h — opening hours in the OpenStreetMap `opening_hours` syntax.
 *
 * The subset the sites need: rules separated by `;`, each an optional day
 * selector (`Mo-Fr`, `Tu,Th`, `Mo-We,Fr`, `PH`, `24/7`) followed by time
 * ranges (`08:30-12:00,13:30-17:00`) or `off` / `closed`. As in OSM, a later
 * rule replaces the earlier ones for the days it names, so
 * `Mo-Fr 09:00-17:00; We off; PH off` closes Wednesdays and French public
 * holidays. A rule with no day selector applies to every day.
 *
 * Times are wall-clock times in the site's zone (clock.h); instants are UTC
 * epochs. Used for the services of the directory and for the site's own hours
 * ([site] hours in the INI). */
#ifndef GUICHET_HOURS_H
#define GUICHET_HOURS_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/error.h"

#define HOURS_MAX_SPANS 8

typedef struct hours_span {
    short from; /* minutes since midnight, 0..1439 */
    short to;   /* minutes since midnight, from < to <= 1440 (24:00) */
} hours_span;

typedef struct hours_day {
    int nspan;                        /* 0 = closed */
    hours_span span[HOURS_MAX_SPANS]; /* sorted by start */
    int rule;                         /* index (1-based) of the rule that set it, 0 = none */
} hours_day;

typedef struct g_hours {
    hours_day day[7]; /* 0 = Monday … 6 = Sunday */
    hours_day ph;     /* public holidays; ph.rule == 0 when no PH rule */
} g_hours;

/* Parses text into *out. An empty text is an error (the caller decides
 * whether "no hours" is allowed). On a syntax error, err->msg says where
 * (1-based character column) and what was expected, in French:
 * « position 7 : une heure HH:MM était attendue ». */
g_status hours_parse(const char *text, g_hours *out, g_error *err);

/* 1 when open at instant t (site's zone), public holidays included. */
int hours_is_open(const g_hours *h, int64_t t);

/* The first opening (start of a time range) at or after instant `after`,
 * looking up to a year ahead, week boundaries and holidays included. Returns
 * 0 and sets *out, or -1 when it never opens. */
int hours_next_opening(const g_hours *h, int64_t after, int64_t *out);

/* The end of the time range open at t; -1 when closed at t. */
int hours_closing_at(const g_hours *h, int64_t t, int64_t *out);

/* The status line shown in the directory at instant now, translated:
 * « ouvert », « fermé — ouvre aujourd'hui à 13:30 », « fermé — ouvre demain à
 * 08:30 », « fermé — ouvre mardi à 08:30 », « fermé — ouvre le 02/05 à 08:30 »,
 * or « fermé » when it never opens. */
void hours_status(const g_hours *h, int64_t now, char *buf, size_t size);

/* The hours in words, one line per group of days, lines separated by '\n':
 * « du lundi au vendredi : 08:30–12:00, 13:30–17:00 », « samedi : 09:00–12:00 »,
 * « fermé les jours fériés ». Always NUL-terminated (truncated if size is too
 * small). */
void hours_describe(const g_hours *h, char *buf, size_t size);

/* 1 when year-mon-mday is a French public holiday (1 January, Easter Monday,
 * 1 and 8 May, Ascension, Whit Monday, 14 July, 15 August, 1 and 11 November,
 * 25 December). */
int hours_public_holiday(int year, int mon, int mday);

/* Easter Sunday of year (Gregorian, anonymous algorithm). */
void hours_easter(int year, int *mon, int *mday);

/* French name of a weekday, 0 = Monday (translated). */
const char *hours_weekday_name(int wd);

#endif
