/* period.h — a period of whole days typed on the command line or in a form.
 *
 * Accepted forms (the site's zone gives "today"):
 *   2026-03                  a month
 *   2026-T1 … 2026-T4        a quarter (also 2026-Q1)
 *   2026                     a year
 *   2026-03-05               one day (also 05/03/2026)
 *   2026-01-01..2026-03-31   a range, both ends included (each end as a day)
 * A period that runs past today is cut at today (the survey of the current
 * month counts the days lived so far); a period entirely in the future is
 * refused. Used by `guichet enquete export --periode` and meant for the
 * statistics' `--periode`. */
#ifndef GUICHET_PERIOD_H
#define GUICHET_PERIOD_H

#include "guichet/error.h"

/* Parses text into its first and last day ("YYYY-MM-DD", both included).
 * G_ERR_INVALID with a French message saying the forms accepted, for an
 * unreadable text, an impossible date, an end before its start or a period
 * that has not begun. */
g_status period_parse(const char *text, char from[11], char to[11], g_error *err);

/* The period in words for a document: « du 01/01/2026 au 31/03/2026 » or
 * « le 05/03/2026 » (translated). */
void period_describe(const char *from, const char *to, char *buf, size_t size);

#endif
