/* daysheet.h — the agenda's printed pages, as text (printout.h saves or
 * prints them):
 * - the site's day sheet: every live appointment of the day, chronological,
 *   80 columns, with the visitor's name and phone, the motif, the resource,
 *   appointments by phone flagged « [TÉL] » and arrivals noted;
 * - the visitor's appointment slip: date, time, place, partner, what to
 *   bring, a short reference. */
#ifndef GUICHET_DAYSHEET_H
#define GUICHET_DAYSHEET_H

#include <stdint.h>
#include <stddef.h>
#include "guichet/agenda_read.h"
#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"

#define DAYSHEET_WIDTH 80

/* The day sheet of local day `day` ("YYYY-MM-DD"), under the site's
 * letterhead (printout_letterhead: name, address, phone, hours of cfg's
 * [site]; cfg may be NULL), in pure ASCII with [print] ascii. *out is
 * malloc'd text (free() it). Cancelled appointments are left out and
 * counted at the end. */
g_status daysheet_day(g_db *db, const g_config *cfg, const char *day, char **out, g_error *err);

/* The slip of appointment id, for the visitor, under the same letterhead
 * and with the same [print] ascii rule. *out is malloc'd text. */
g_status daysheet_slip(g_db *db, const g_config *cfg, int64_t appointment_id, char **out,
                       g_error *err);

/* The day's figures, the same on the agenda's day view and on the day
 * sheet: the appointments not cancelled (an absent person had one), those
 * of them whose visitor came (marked arrived, or honoured afterwards: the
 * sheet's « venu »), and the cancelled ones. */
typedef struct daysheet_counts {
    size_t live, came, cancelled;
} daysheet_counts;
void daysheet_count(const agenda_item *items, size_t n, daysheet_counts *out);

/* A phone number for print: "+33612345678" -> "06 12 34 56 78"; other
 * numbers are left as they are. */
void daysheet_phone(const char *e164, char *out, size_t size);

/* "mardi 7 avril 2026" for local day of instant t (translated). */
void daysheet_long_date(int64_t t, char *out, size_t size);

#endif
