/* hours.h — opening hours in the OpenStreetMap `opening_hours` syntax.
 *
 * The subset the sites and data·inclusion's files use: rules separated by
 * `;` (or `||` for a fallback rule, which only fills the days no earlier
 * rule named), each made of optional selectors then what applies:
 *   - a year or years: `2026`, `2025-2026`;
 *   - months or dates: `Aug`, `Jul-Aug`, `Dec 25`, `Dec 24-26`, `Dec 24-Jan 2`;
 *   - ISO weeks: `week 1-53/2` (odd weeks), `week 10-20`;
 *   - weekdays and holidays: `Mo-Fr`, `Tu,Th`, `Mo-We,Fr`, `PH`; or `24/7`;
 * then time ranges (`08:30-12:00,13:30-17:00`) or `off` / `closed`, and an
 * optional comment in double quotes (`Tu 14:00-17:00 "sur rendez-vous"`; a
 * rule may be only a comment). As in OSM, a later rule replaces the earlier
 * ones for the days it covers, so `Mo-Fr 09:00-17:00; We off; Dec 25 off;
 * PH off` closes Wednesdays, Christmas and French public holidays. A rule
 * with no selector applies to every day. Text outside this subset is refused
 * with the position; callers that must keep such text (the directory) keep
 * it as written.
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

#define HOURS_MAX_EXCEPTIONS 12

typedef struct hours_day {
    int nspan;                        /* 0 = closed */
    hours_span span[HOURS_MAX_SPANS]; /* sorted by start */
    int rule;                         /* index (1-based) of the rule that set it, 0 = none */
    char comment[64];                 /* the rule's "comment", "" if none */
} hours_day;

/* A rule for some dates (years, months or days of the year, ISO weeks),
 * possibly only on some weekdays. */
typedef struct hours_exception {
    short year_from, year_to;           /* 0 = any year */
    char month_from, day_from;          /* 0 = any date; day 0 = the whole month */
    char month_to, day_to;              /* end of the date range (may wrap over the new year) */
    char week_from, week_to, week_step; /* ISO weeks, 0 = any week */
    unsigned char weekdays;             /* bit 0 = Monday … bit 6 = Sunday; 0 = every day */
    hours_day hours;                    /* what applies (its rule says when it was written) */
} hours_exception;

typedef struct g_hours {
    hours_day day[7]; /* 0 = Monday … 6 = Sunday */
    hours_day ph;     /* public holidays; ph.rule == 0 when no PH rule */
    int nexception;
    hours_exception exception[HOURS_MAX_EXCEPTIONS];
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
 * « mardi : 14:00–17:00 (sur rendez-vous) », « fermé les jours fériés »,
 * « le 25 décembre : fermé », « semaines impaires, mercredi : 14:00–16:00 ».
 * Always NUL-terminated (truncated if size is too small). */
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
