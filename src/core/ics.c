/* ics.c — iCalendar export of a resource's appointments (see ics.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guichet/agenda.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/ics.h"
#include "guichet/site.h"
#include "guichet/status.h"
#include "guichet/utf8.h"

#define ICS_FOLD 75 /* octets per line, CRLF excluded (RFC 5545 §3.1) */

void ics_escape(const char *in, char *out, size_t size)
{
    size_t w = 0;
    if (!size)
        return;
    for (const char *p = in ? in : ""; *p;) {
        uint32_t c;
        int n = utf8_decode(p, &c);
        char enc[4];
        size_t len = 0;
        if (c == '\\' || c == ';' || c == ',') {
            enc[0] = '\\';
            enc[1] = (char)c;
            len = 2;
        } else if (c == '\n') {
            enc[0] = '\\';
            enc[1] = 'n';
            len = 2;
        } else if (c == '\r') {
            len = 0; /* CRLF in a stored text: the LF says it */
        } else if ((c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F) || c == 0xFFFD) {
            /* a control character (RFC 5545 allows none in TEXT but HTAB)
             * or an invalid byte of a row stored behind guichet's back:
             * U+FFFD, the replacement character, keeps the file valid */
            memcpy(enc, "\xEF\xBF\xBD", 3);
            len = 3;
        } else {
            memcpy(enc, p, (size_t)n);
            len = (size_t)n;
        }
        if (w + len >= size)
            break; /* cut between characters, never inside one */
        memcpy(out + w, enc, len);
        w += len;
        p += n;
    }
    out[w] = 0;
}

void ics_line(FILE *f, const char *name, const char *value)
{
    char line[4096];
    snprintf(line, sizeof line, "%s:%s", name, value ? value : "");
    const char *p = line;
    size_t left = strlen(line);
    size_t room = ICS_FOLD;
    for (;;) {
        if (left <= room) {
            fwrite(p, 1, left, f);
            fputs("\r\n", f);
            return;
        }
        size_t cut = room;
        /* never split a UTF-8 character: back off continuation bytes */
        while (cut > 0 && ((unsigned char)p[cut] & 0xC0) == 0x80)
            cut--;
        if (cut == 0) /* not UTF-8 at all (callers escape their values) */
            cut = room;
        fwrite(p, 1, cut, f);
        fputs("\r\n ", f);
        p += cut;
        left -= cut;
        room = ICS_FOLD - 1; /* the leading space counts */
    }
}

static void utc_stamp(int64_t t, char out[17])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm);
}

static int cancelled(const agenda_item *a)
{
    return status_appointment_cancelled(a->status);
}

/* One VEVENT for items it[0..n) (one appointment, or a workshop session). */
static void vevent(FILE *f, const char *site_name, const agenda_item *it, size_t n)
{
    const agenda_item *a = &it[0];
    char uid[200], stamp[17], start[17], end[17], buf[1024], text[1024];
    int64_t updated = 0;
    int sequence = 0;
    size_t live = 0;
    for (size_t i = 0; i < n; i++) {
        if (it[i].updated_at > updated)
            updated = it[i].updated_at;
        if (it[i].sequence > sequence)
            sequence = it[i].sequence;
        live += !cancelled(&it[i]);
    }
    utc_stamp(a->start_at, start);
    utc_stamp(a->end_at, end);
    utc_stamp(updated, stamp);
    if (a->capacity > 1) {
        snprintf(uid, sizeof uid, "atelier-%lld-%lld-%s@guichet", (long long)a->resource_id,
                 (long long)a->motif_id, start);
    } else {
        snprintf(uid, sizeof uid, "%s@guichet", a->uuid);
    }
    fputs("BEGIN:VEVENT\r\n", f);
    ics_escape(uid, text, sizeof text);
    ics_line(f, "UID", text);
    ics_line(f, "DTSTAMP", stamp);
    snprintf(buf, sizeof buf, "%d", sequence);
    ics_line(f, "SEQUENCE", buf);
    ics_line(f, "DTSTART", start);
    ics_line(f, "DTEND", end);
    if (a->capacity > 1)
        snprintf(buf, sizeof buf,
                 P_("%s (%zu inscrit sur %d places)", "%s (%zu inscrits sur %d places)", live),
                 a->motif_name, live, a->capacity);
    else
        snprintf(buf, sizeof buf, "%s", a->motif_name);
    ics_escape(buf, text, sizeof text);
    ics_line(f, "SUMMARY", text);
    if (strcmp(a->place, AGENDA_PLACE_ON_SITE) == 0)
        snprintf(buf, sizeof buf, "%s%s%s", site_name, a->resource_place[0] ? " — " : "",
                 a->resource_place);
    else
        snprintf(buf, sizeof buf, "%s", agenda_place_label(a->place));
    ics_escape(buf, text, sizeof text);
    ics_line(f, "LOCATION", text);
    if (a->capacity > 1)
        snprintf(buf, sizeof buf, _("%s — %s. Atelier collectif."), a->resource_name,
                 agenda_place_label(a->place));
    else
        snprintf(buf, sizeof buf, _("%s — %s. Référence guichet : %.8s."), a->resource_name,
                 agenda_place_label(a->place), a->uuid);
    ics_escape(buf, text, sizeof text);
    ics_line(f, "DESCRIPTION", text);
    if (a->operator_code[0]) {
        ics_escape(a->operator_code, text, sizeof text);
        ics_line(f, "CATEGORIES", text);
    }
    ics_line(f, "STATUS", live ? "CONFIRMED" : "CANCELLED");
    ics_line(f, "TRANSP", "OPAQUE");
    fputs("END:VEVENT\r\n", f);
}

g_status ics_resource(g_db *db, int64_t resource_id, const char *from, const char *to, char **out,
                      size_t *events, g_error *err)
{
    *out = NULL;
    if (events)
        *events = 0;
    int64_t start, end, dummy;
    g_status s = agenda_day_bounds(from, &start, &dummy, err);
    if (s == G_OK)
        s = agenda_day_bounds(to, &dummy, &end, err);
    if (s != G_OK)
        return s;
    if (end <= start)
        return g_err_field(err, G_ERR_INVALID, "to",
                           _("La date de fin (%s) précède la date de début (%s)."), to, from);
    agenda_resource r;
    if ((s = agenda_resource_get(db, resource_id, &r, err)) != G_OK)
        return s;
    agenda_item *it;
    size_t n;
    if ((s = agenda_range(db, resource_id, start, end, 1, &it, &n, err)) != G_OK)
        return s;
    g_site site;
    if ((s = site_name(db, site.name, sizeof site.name, err)) != G_OK) {
        free(it);
        return s;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        free(it);
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    }
    char text[512], name[512];
    fputs("BEGIN:VCALENDAR\r\n", f);
    ics_line(f, "VERSION", "2.0");
    ics_line(f, "PRODID", "-//France Services//guichet " GUICHET_VERSION "//FR");
    ics_line(f, "CALSCALE", "GREGORIAN");
    ics_line(f, "METHOD", "PUBLISH");
    snprintf(name, sizeof name, "%s — %s", r.name, site.name);
    ics_escape(name, text, sizeof text);
    ics_line(f, "X-WR-CALNAME", text);
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        size_t k = i + 1;
        if (it[i].capacity > 1) /* the participants of one session */
            while (k < n && it[k].motif_id == it[i].motif_id && it[k].start_at == it[i].start_at &&
                   it[k].end_at == it[i].end_at)
                k++;
        vevent(f, site.name, &it[i], k - i);
        count++;
        i = k;
    }
    fputs("END:VCALENDAR\r\n", f);
    free(it);
    if (fclose(f) != 0) {
        free(buf);
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    }
    *out = buf;
    if (events)
        *events = count;
    return G_OK;
}
