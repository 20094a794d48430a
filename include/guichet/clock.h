/* clock.h — the one source of "now", and the site's time zone.
 *
 * Instants are int64 seconds since the Unix epoch, UTC, everywhere in the
 * database. Tests set the time with clock_set(); command-line and end-to-end
 * tests run guichet-test (built with GUICHET_TEST_HOOKS=ON) and point the
 * environment variable GUICHET_CLOCK_FILE at a file holding an epoch (or
 * "YYYY-MM-DDTHH:MM:SSZ") that they rewrite to move time forward. The site's
 * binary, build/guichet, ignores that variable (src/core/clock_hook.h). */
#ifndef GUICHET_CLOCK_H
#define GUICHET_CLOCK_H

#include <stdint.h>
#include <time.h>

int64_t clock_now(void);

/* Milliseconds of the system's monotonic clock, for durations and
 * deadlines only (never frozen, never a date). */
int64_t clock_monotonic_ms(void);

/* Waits ms milliseconds of real time (a signal does not cut it short). */
void clock_sleep_ms(long ms);

/* Freezes the clock at t (tests); clock_set(0) returns to the real clock. */
void clock_set(int64_t t);

/* The frozen time, 0 when the clock is real (to restore it after a
 * clock_set of one's own, as the demo does to date its bookings). */
int64_t clock_frozen(void);

/* The site's zone (an Olson name, "Europe/Paris" by default). Returns -1 if
 * the zone is unknown to this system (no /usr/share/zoneinfo entry). */
int clock_set_zone(const char *tz);
const char *clock_zone(void);

/* UTC instant -> broken-down local time in the site's zone. */
void clock_local(int64_t t, struct tm *out);

/* Local wall-clock time in the site's zone -> UTC instant. Returns -1 when the
 * wall time does not exist (spring-forward gap); an ambiguous time (autumn)
 * takes the first occurrence. */
int clock_from_local(int year, int mon, int mday, int hour, int min, int64_t *out);

/* Formats an instant in the site's zone with strftime's fmt. */
size_t clock_format(int64_t t, const char *fmt, char *buf, size_t size);

/* [*start, *end) in UTC of the local day YYYY-MM-DD in the site's zone: its
 * first instant (midnight, or the first hour that exists where a DST change
 * falls at midnight) and the next day's. -1 for a malformed or impossible
 * date. */
int clock_day_bounds(const char *day, int64_t *start, int64_t *end);

/* Today's date in the site's zone as YYYY-MM-DD. */
void clock_today(char out[11]);

/* --- the calendar, without a zone --------------------------------------------
 * Every date rule of guichet is here once: the leap years, the days of a
 * month, a valid date, the stored form "YYYY-MM-DD". What a person types in
 * a form (12/03/1961 …) is read by normalize_date (normalize.h), which
 * checks the date with these. */

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard
 * Hinnant's algorithms). */
int64_t clock_days_from_civil(int y, int m, int d);
void clock_civil_from_days(int64_t days, int *y, int *m, int *d);

/* 1 for a leap year of the Gregorian calendar (2000 and 2024 are, 1900 and
 * 2100 are not). */
int clock_leap_year(int year);

/* Days in month mon (1 … 12) of year, 0 for a month that does not exist. */
int clock_days_in_month(int year, int mon);

/* 1 for a date that exists, in years 1800 … 9999. */
int clock_valid_date(int year, int mon, int mday);

/* The one parser of the stored date form: "YYYY-MM-DD", exactly ten
 * characters, a date that exists (clock_valid_date). *day gets its day
 * number (days since 1970-01-01). Returns 0, or -1 (and *day untouched).
 * Used for dates read back from the database, the command line's dates and
 * the export's days. */
int clock_date_parse(const char *s, int64_t *day);

/* Day number -> "YYYY-MM-DD". */
void clock_date_format(int64_t day, char out[11]);

#endif
