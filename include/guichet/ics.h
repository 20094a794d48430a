/* ics.h — the agenda of one resource as an iCalendar file (RFC 5545), for a
 * partner to load into their own calendar.
 *
 * - One VEVENT per appointment, UID "<appointment uuid>@guichet" (stable
 *   across exports: re-importing updates instead of duplicating); a
 *   workshop session is one VEVENT whose UID is built from the resource,
 *   motif and start ("atelier-…@guichet") with the number registered.
 * - Times in UTC ("…Z"), DTSTAMP = the appointment's last change (the file
 *   is identical when re-run on unchanged data), SEQUENCE increases with
 *   every move or cancellation; cancelled appointments are exported with
 *   STATUS:CANCELLED so that the partner's calendar drops them.
 * - CRLF line ends, lines folded at 75 octets without cutting a UTF-8
 *   character, TEXT values escaped (\\ \; \, \n).
 *
 * Confidentiality: the file leaves the site (e-mail, a partner's calendar
 * server), so it carries NO visitor name, phone or comment: SUMMARY is the
 * motif, DESCRIPTION the place and an 8-character reference that the site
 * can match on its day sheet. A partner's advisor sees who is coming on the
 * printed day sheet, on site. */
#ifndef GUICHET_ICS_H
#define GUICHET_ICS_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include "guichet/db.h"
#include "guichet/error.h"

/* The VCALENDAR of resource_id's appointments starting on local days
 * from … to (inclusive, "YYYY-MM-DD"). *out is malloc'd text (free() it);
 * *events (may be NULL) gets the number of VEVENTs. */
g_status ics_resource(g_db *db, int64_t resource_id, const char *from, const char *to, char **out,
                      size_t *events, g_error *err);

/* Escapes a TEXT value (RFC 5545 §3.3.11) into out (always terminated,
 * cut between characters when too long): \\ \; \, and \n; a CR is
 * dropped; every other control character but HTAB (C0, DEL, C1) and every
 * invalid UTF-8 byte becomes U+FFFD, so that the file stays valid whatever
 * a stored row holds. */
void ics_escape(const char *in, char *out, size_t size);

/* Appends "name:value" to the stream f as a content line, folded at 75
 * octets (continuation lines start with a space), ended by CRLF. value is
 * written as it is (escape it first). */
void ics_line(FILE *f, const char *name, const char *value);

#endif
