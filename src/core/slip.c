/* slip.c — the orientation slip (see slip.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guichet/clock.h"
#include "guichet/directory.h"
#include "guichet/hours.h"
#include "guichet/i18n.h"
#include "guichet/orientation.h"
#include "guichet/ref.h"
#include "guichet/printout.h"
#include "guichet/slip.h"
#include "guichet/strbuf.h"
#include "guichet/utf8.h"

/* ---- the slip's text: a growing strbuf ---------------------------------------------- */

static void sb_rule(strbuf *b, const char *c)
{
    for (int i = 0; i < SLIP_WIDTH; i++)
        strbuf_puts(b, c);
    strbuf_puts(b, "\n");
}

/* Appends text word-wrapped at SLIP_WIDTH columns. The first line starts with
 * lead (e.g. "Téléphone : "), the following ones with indent spaces; '\n' in
 * text starts a new line. A word wider than a line is cut between characters. */
static void sb_wrap(strbuf *b, const char *lead, int indent, const char *text)
{
    char pad[SLIP_WIDTH + 1];
    memset(pad, ' ', (size_t)indent);
    pad[indent] = 0;
    strbuf_puts(b, lead);
    int col = utf8_width(lead);
    int at_start = 1; /* nothing written on this line after the lead/indent */
    const char *p = text;
    while (*p) {
        if (*p == '\n') {
            strbuf_puts(b, "\n");
            strbuf_puts(b, pad);
            col = indent;
            at_start = 1;
            p++;
            continue;
        }
        if (*p == ' ' || *p == '\t' || *p == '\r') {
            p++;
            continue;
        }
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r')
            e++;
        char word[1024];
        size_t n = (size_t)(e - p) < sizeof word - 1 ? (size_t)(e - p) : sizeof word - 1;
        memcpy(word, p, n);
        word[n] = 0;
        p = e;
        int w = utf8_width(word);
        /* a word that does not fit goes to the next line, unless it would not
         * fit there either (then it is cut where it stands) */
        if ((!at_start && col + 1 + w > SLIP_WIDTH) ||
            (at_start && col > indent && col + w > SLIP_WIDTH && indent + w <= SLIP_WIDTH)) {
            strbuf_puts(b, "\n");
            strbuf_puts(b, pad);
            col = indent;
            at_start = 1;
        }
        if (!at_start) {
            strbuf_puts(b, " ");
            col++;
        }
        /* a word longer than the room left: cut it */
        const char *rest = word;
        while (col + utf8_width(rest) > SLIP_WIDTH) {
            char piece[1024];
            int room = SLIP_WIDTH - col;
            utf8_fit(rest, room, 0, piece, sizeof piece);
            size_t pn = strlen(piece);
            if (pn == 0) /* a double-width character at the last column */
                break;
            strbuf_puts(b, piece);
            strbuf_puts(b, "\n");
            strbuf_puts(b, pad);
            col = indent;
            rest += pn;
        }
        strbuf_puts(b, rest);
        col += utf8_width(rest);
        at_start = 0;
    }
    strbuf_puts(b, "\n");
}

/* ---- the slip ---------------------------------------------------------------------- */

g_status slip_render(g_db *db, const g_config *cfg, int64_t orientation_id, char **out,
                     g_error *err)
{
    *out = NULL;
    g_orientation o;
    g_status rc = orientation_get(db, orientation_id, &o, err);
    if (rc != G_OK)
        return rc;
    g_service *s = malloc(sizeof *s);
    if (!s)
        return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    if ((rc = directory_get(db, o.service_id, s, err)) != G_OK) {
        free(s);
        return rc;
    }
    g_site site;
    g_error serr = {0};
    g_status ss = db_site_get(db, &site, &serr);
    if (ss != G_OK && ss != G_ERR_NOTFOUND) { /* unread, not absent: no default name */
        free(s);
        if (err)
            *err = serr;
        return ss;
    }
    if (ss != G_OK || !site.name[0])
        snprintf(site.name, sizeof site.name, "%s", cfg ? cfg->site.name : "");

    strbuf b;
    strbuf_init_grow(&b);
    char date[32];
    clock_format(clock_now(), "%d/%m/%Y", date, sizeof date);

    sb_rule(&b, "=");
    sb_wrap(&b, "", 0, site.name[0] ? site.name : _("France Services"));
    char title[128];
    snprintf(title, sizeof title, _("Fiche d'orientation du %s"), date);
    sb_wrap(&b, "", 0, title);
    sb_rule(&b, "=");
    strbuf_puts(&b, "\n");
    if (o.visitor_name[0]) {
        sb_wrap(&b, _("Pour : "), 7, o.visitor_name);
        strbuf_puts(&b, "\n");
    }
    sb_wrap(&b, "", 0, _("Vous êtes orienté(e) vers :"));
    sb_wrap(&b, "  ", 2, s->name);
    if (s->structure[0] && strcmp(s->structure, s->name) != 0)
        sb_wrap(&b, "  ", 2, s->structure);
    strbuf_puts(&b, "\n");

    char address[sizeof s->address + sizeof s->postal_code + sizeof s->commune + 4] = "";
    if (s->address[0] || s->postal_code[0] || s->commune[0])
        snprintf(address, sizeof address, "%s%s%s%s%s", s->address,
                 s->address[0] && (s->postal_code[0] || s->commune[0]) ? ", " : "", s->postal_code,
                 s->postal_code[0] && s->commune[0] ? " " : "", s->commune);
    const struct {
        const char *label;
        const char *value;
    } contact[] = {
        {N_("Adresse : "), address},
        {N_("Téléphone : "), s->phone},
        {N_("Courriel : "), s->email},
        {N_("Site web : "), s->web},
    };
    int any = 0;
    for (size_t i = 0; i < sizeof contact / sizeof *contact; i++) {
        if (!contact[i].value[0])
            continue;
        char lead[64];
        snprintf(lead, sizeof lead, "  %s", _(contact[i].label));
        sb_wrap(&b, lead, 4, contact[i].value);
        any = 1;
    }
    if (any)
        strbuf_puts(&b, "\n");

    if (s->hours[0]) {
        g_hours h;
        g_error herr = {0};
        if (hours_parse(s->hours, &h, &herr) == G_OK) {
            char words[1024];
            hours_describe(&h, words, sizeof words);
            sb_wrap(&b, "", 0, _("Horaires d'ouverture :"));
            for (char *save = NULL, *line = strtok_r(words, "\n", &save); line;
                 line = strtok_r(NULL, "\n", &save))
                sb_wrap(&b, "  ", 4, line);
            strbuf_puts(&b, "\n");
        }
    }
    if (s->to_bring[0]) {
        sb_wrap(&b, "", 0, _("À apporter :"));
        sb_wrap(&b, "  ", 2, s->to_bring);
        strbuf_puts(&b, "\n");
    }
    const ref_code *theme = o.theme[0] ? ref_theme_find(o.theme) : NULL;
    if (o.reason[0] || theme) {
        sb_wrap(&b, "", 0, _("Pourquoi :"));
        if (o.reason[0])
            sb_wrap(&b, "  ", 2, o.reason);
        if (theme)
            sb_wrap(&b, "  ", 2, theme->label);
        strbuf_puts(&b, "\n");
    }
    sb_rule(&b, "-");
    sb_wrap(&b, "", 0,
            _("Gardez cette fiche et présentez-la au service. En cas de difficulté, revenez nous "
              "voir : nous sommes là pour vous aider."));
    free(s);
    if (!(*out = strbuf_take(&b)))
        return g_err(err, G_ERR_NOMEM, "%s", g_status_label(G_ERR_NOMEM));
    return G_OK;
}

/* ---- saving and printing: the shared printout module ------------------------------- */

g_status slip_save(const char *text, const char *path, g_error *err)
{
    return printout_save(path, text, err);
}

g_status slip_print(const g_config *cfg, const char *text, g_error *err)
{
    return printout_print(cfg ? cfg->print.command : "", text, err);
}
