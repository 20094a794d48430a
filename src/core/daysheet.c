/* daysheet.c — the day sheet and the appointment slip as text (daysheet.h).
 *
 * Built with open_memstream; columns are measured in terminal cells
 * (utf8.h) so that "Ngũgĩ" or "王芳" keep the page aligned. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/agenda.h"
#include "guichet/clock.h"
#include "guichet/daysheet.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/printout.h"
#include "guichet/ref.h"
#include "guichet/site.h"
#include "guichet/status.h"
#include "guichet/utf8.h"

void daysheet_count(const agenda_item *items, size_t n, daysheet_counts *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        if (status_appointment_cancelled(items[i].status)) {
            out->cancelled++;
            continue;
        }
        out->live++;
        if (strcmp(agenda_status_counted(items[i].status, items[i].arrived_at), APPT_HONORED) == 0)
            out->came++;
    }
}

void daysheet_phone(const char *e164, char *out, size_t size)
{
    normalize_phone_display(e164 ? e164 : "", out, size);
}

void daysheet_long_date(int64_t t, char *out, size_t size)
{
    static const char *const days[] = {N_("dimanche"), N_("lundi"),    N_("mardi"), N_("mercredi"),
                                       N_("jeudi"),    N_("vendredi"), N_("samedi")};
    static const char *const months[] = {N_("janvier"), N_("février"),  N_("mars"),
                                         N_("avril"),   N_("mai"),      N_("juin"),
                                         N_("juillet"), N_("août"),     N_("septembre"),
                                         N_("octobre"), N_("novembre"), N_("décembre")};
    struct tm tm;
    clock_local(t, &tm);
    snprintf(out, size, "%s %d%s %s %d", _(days[tm.tm_wday % 7]), tm.tm_mday,
             tm.tm_mday == 1 ? _("er") : "", _(months[tm.tm_mon % 12]), tm.tm_year + 1900);
}

/* Writes s fitted into cols cells, padded with spaces to exactly cols. */
static void cell(FILE *f, const char *s, int cols)
{
    char buf[512];
    int used = utf8_fit(s ? s : "", cols, 1, buf, sizeof buf);
    fputs(buf, f);
    for (; used < cols; used++)
        fputc(' ', f);
}

static void rule_line(FILE *f, char c)
{
    for (int i = 0; i < DAYSHEET_WIDTH; i++)
        fputc(c, f);
    fputc('\n', f);
}

/* Writes "label" then text wrapped on words at DAYSHEET_WIDTH, continuation
 * lines indented under the text. */
static void wrapped(FILE *f, const char *label, const char *text)
{
    int indent = utf8_width(label);
    fputs(label, f);
    int col = indent;
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t wl = strcspn(p, " ");
        char word[256];
        snprintf(word, sizeof word, "%.*s", (int)(wl < 255 ? wl : 255), p);
        int ww = utf8_width(word);
        if (col > indent && col + 1 + ww > DAYSHEET_WIDTH) {
            fputc('\n', f);
            for (col = 0; col < indent; col++)
                fputc(' ', f);
        } else if (col > indent) {
            fputc(' ', f);
            col++;
        }
        fputs(word, f);
        col += ww;
        p += wl;
    }
    fputc('\n', f);
}

static g_status finish(FILE *f, char **buf, char **out, g_error *err)
{
    if (fclose(f) != 0) {
        free(*buf);
        *out = NULL;
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    }
    /* no trailing spaces: padding of the last column is not part of the page */
    char *r = *buf, *w = *buf;
    while (*r) {
        if (*r == ' ') {
            size_t sp = strspn(r, " ");
            if (r[sp] == '\n' || r[sp] == 0) {
                r += sp;
                continue;
            }
            memmove(w, r, sp);
            w += sp;
            r += sp;
            continue;
        }
        *w++ = *r++;
    }
    *w = 0;
    *out = *buf;
    return G_OK;
}

/* The letterhead (printout.h) written to f. */
static g_status letterhead(FILE *f, g_db *db, const g_config *cfg, g_error *err)
{
    strbuf b;
    strbuf_init_grow(&b);
    g_status s = printout_letterhead(db, cfg, DAYSHEET_WIDTH, &b, err);
    char *text = strbuf_take(&b);
    if (s == G_OK && !text)
        s = g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    if (s == G_OK)
        fputs(text, f);
    free(text);
    return s;
}

g_status daysheet_day(g_db *db, const g_config *cfg, const char *day, char **out, g_error *err)
{
    *out = NULL;
    int64_t start, end;
    g_status s = agenda_day_bounds(day, &start, &end, err);
    if (s != G_OK)
        return s;
    agenda_item *it;
    size_t n;
    if ((s = agenda_range(db, 0, start, end, 1, &it, &n, err)) != G_OK)
        return s;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        free(it);
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    }
    daysheet_counts k;
    daysheet_count(it, n, &k);
    char date[64], now[32];
    daysheet_long_date(start + 12 * 3600, date, sizeof date);
    clock_format(clock_now(), _("%d/%m/%Y à %H:%M"), now, sizeof now);
    fprintf(f, "%s\n", _("FEUILLE DU JOUR"));
    if ((s = letterhead(f, db, cfg, err)) != G_OK) {
        fclose(f);
        free(buf);
        free(it);
        return s;
    }
    fprintf(f, _("Rendez-vous du %s\n"), date);
    char line[160];
    snprintf(line, sizeof line,
             P_("Imprimée le %s — %zu rendez-vous", "Imprimée le %s — %zu rendez-vous", k.live),
             now, k.live);
    fprintf(f, "%s\n", line);
    rule_line(f, '=');
    cell(f, _("Heure"), 13);
    cell(f, _("Usager"), 34);
    cell(f, _("Téléphone"), 17);
    fprintf(f, "%s\n", _("Arrivée"));
    rule_line(f, '-');
    if (k.live == 0)
        fprintf(f, "%s\n", _("Aucun rendez-vous ce jour."));
    for (size_t i = 0; i < n; i++) {
        const agenda_item *a = &it[i];
        if (status_appointment_cancelled(a->status))
            continue;
        char hs[6], he[6], times[16], who[200], phone[32], arrived[16] = "";
        clock_format(a->start_at, "%H:%M", hs, sizeof hs);
        clock_format(a->end_at, "%H:%M", he, sizeof he);
        snprintf(times, sizeof times, "%s-%s", hs, he);
        int by_phone = strcmp(a->place, AGENDA_PLACE_PHONE) == 0;
        snprintf(who, sizeof who, "%s%s", by_phone ? _("[TÉL] ") : "",
                 a->visitor_name[0] ? a->visitor_name : _("(sans usager inscrit)"));
        daysheet_phone(a->visitor_phone, phone, sizeof phone);
        if (a->arrived_at)
            clock_format(a->arrived_at, "%H:%M", arrived, sizeof arrived);
        else if (strcmp(a->status, APPT_HONORED) == 0)
            snprintf(arrived, sizeof arrived, "%s", _("venu"));
        else if (strcmp(a->status, APPT_ABSENT) == 0)
            snprintf(arrived, sizeof arrived, "%s", _("absent"));
        cell(f, times, 13);
        cell(f, who, 34);
        cell(f, phone, 17);
        fprintf(f, "%s\n", arrived);
        /* "motif · resource (room) — place": the resource and its room are
         * always shown; the motif is cut first, and when even a short motif
         * leaves no room for them, they go on a line of their own */
        char where[300];
        snprintf(where, sizeof where, "%s%s%s%s%s", a->resource_name,
                 a->resource_place[0] ? " (" : "", a->resource_place,
                 a->resource_place[0] ? ")" : "",
                 by_phone                                    ? _(" — rendez-vous par téléphone")
                 : strcmp(a->place, AGENDA_PLACE_VIDEO) == 0 ? _(" — en visioconférence")
                 : strcmp(a->place, AGENDA_PLACE_HOME) == 0  ? _(" — à domicile")
                                                             : "");
        const int avail = DAYSHEET_WIDTH - 13;
        int motif_cols = avail - 3 - utf8_width(where);
        if (utf8_width(a->motif_name) <= motif_cols || motif_cols >= 24) {
            char motif[400], what[800];
            utf8_fit(a->motif_name, motif_cols, 1, motif, sizeof motif);
            snprintf(what, sizeof what, "%s · %s", motif, where);
            fputs("             ", f);
            cell(f, what, avail);
            fputc('\n', f);
        } else {
            fputs("             ", f);
            cell(f, a->motif_name, avail);
            fputc('\n', f);
            fputs("             ", f);
            cell(f, where, avail);
            fputc('\n', f);
        }
        if (a->capacity > 1) {
            fputs("             ", f);
            fprintf(f, _("atelier collectif (%d places)\n"), a->capacity);
        }
        if (a->comment[0]) {
            fputs("             ", f);
            char c[300];
            snprintf(c, sizeof c, _("Note : %s"), a->comment);
            cell(f, c, DAYSHEET_WIDTH - 13);
            fputc('\n', f);
        }
    }
    rule_line(f, '-');
    if (k.cancelled)
        fprintf(f,
                P_("%zu rendez-vous annulé ne figure pas sur cette feuille.\n",
                   "%zu rendez-vous annulés ne figurent pas sur cette feuille.\n", k.cancelled),
                k.cancelled);
    free(it);
    if ((s = finish(f, &buf, out, err)) != G_OK)
        return s;
    return printout_finish(cfg, out, err);
}

g_status daysheet_slip(g_db *db, const g_config *cfg, int64_t appointment_id, char **out,
                       g_error *err)
{
    *out = NULL;
    agenda_item a;
    g_status s = agenda_get(db, appointment_id, &a, err);
    g_site site;
    if (s != G_OK || (s = site_name(db, site.name, sizeof site.name, err)) != G_OK)
        return s;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return g_err(err, G_ERR_NOMEM, _("Mémoire insuffisante."));
    char date[64], hs[6], line[512], phone[32];
    daysheet_long_date(a.start_at, date, sizeof date);
    clock_format(a.start_at, "%H:%M", hs, sizeof hs);
    daysheet_phone(a.visitor_phone, phone, sizeof phone);
    if ((s = letterhead(f, db, cfg, err)) != G_OK) {
        fclose(f);
        free(buf);
        return s;
    }
    fprintf(f, "%s\n", _("VOTRE RENDEZ-VOUS"));
    rule_line(f, '-');
    snprintf(line, sizeof line, _("%s à %s (%d min)"), date, hs,
             (int)((a.end_at - a.start_at) / 60));
    wrapped(f, _("Le         : "), line);
    if (a.visitor_name[0])
        wrapped(f, _("Pour       : "), a.visitor_name);
    const ref_operator *op = a.operator_code[0] ? ref_operator_find(a.operator_code) : NULL;
    if (op)
        snprintf(line, sizeof line, "%s — %s", a.resource_name, op->label);
    else
        snprintf(line, sizeof line, "%s", a.resource_name);
    wrapped(f, _("Avec       : "), line);
    wrapped(f, _("Motif      : "), a.motif_name);
    if (strcmp(a.place, AGENDA_PLACE_PHONE) == 0) {
        if (phone[0])
            snprintf(line, sizeof line, _("Par téléphone : nous vous appellerons au %s."), phone);
        else
            snprintf(line, sizeof line, "%s",
                     _("Par téléphone : nous vous appellerons au numéro que vous nous avez "
                       "donné."));
    } else if (strcmp(a.place, AGENDA_PLACE_VIDEO) == 0) {
        snprintf(line, sizeof line, "%s",
                 _("En visioconférence : le lien de connexion vous sera communiqué."));
    } else if (strcmp(a.place, AGENDA_PLACE_HOME) == 0) {
        snprintf(line, sizeof line, "%s", _("À votre domicile."));
    } else if (a.resource_place[0]) {
        snprintf(line, sizeof line, "%s — %s", site.name, a.resource_place);
    } else {
        snprintf(line, sizeof line, "%s", site.name);
    }
    wrapped(f, _("Lieu       : "), line);
    if (a.to_bring[0])
        wrapped(f, _("À apporter : "), a.to_bring);
    if (a.capacity > 1)
        wrapped(f, _("           : "),
                _("Atelier collectif : merci d'arriver quelques "
                  "minutes en avance."));
    snprintf(line, sizeof line, "%.8s", a.uuid);
    wrapped(f, _("Référence  : "), line);
    rule_line(f, '-');
    wrapped(f, "",
            _("Vous ne pouvez pas venir ? Prévenez-nous au plus tôt : le créneau "
              "pourra servir à quelqu'un d'autre."));
    if ((s = finish(f, &buf, out, err)) != G_OK)
        return s;
    return printout_finish(cfg, out, err);
}
