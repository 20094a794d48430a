/* visitor_rgpd.c — access document and erasure from a visitor's file (see
 * visitor_rgpd.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/rgpd.h"
#include "ui/admin.h"
#include "ui/agenda.h"
#include "ui/dialog.h"
#include "ui/visitor_rgpd.h"

int visitor_rgpd_access_path(const g_config *cfg, int64_t id, const char *day, char *buf,
                             size_t size, char *msg, size_t msgsize)
{
    char dir[4096];
    if (agenda_print_dir(cfg, dir, sizeof dir, msg, msgsize) != 0)
        return -1;
    char compact[9] = "";
    size_t n = 0;
    for (const char *p = day ? day : ""; *p && n < 8; p++)
        if (*p >= '0' && *p <= '9')
            compact[n++] = *p;
    compact[n] = 0;
    int len = snprintf(buf, size, "%s/droit-acces-%s-%lld.txt", dir, compact, (long long)id);
    if (len < 0 || (size_t)len >= size) {
        snprintf(msg, msgsize, "%s", _("Le chemin du dossier des impressions est trop long."));
        return -1;
    }
    return 0;
}

/* The whole file read back, malloc'd (NULL with errno when it cannot be). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 16384;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(f);
                errno = ENOMEM;
                return NULL;
            }
            buf = b;
        }
        size_t n = fread(buf + len, 1, 4096, f);
        len += n;
        if (n < 4096)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        errno = EIO;
        return NULL;
    }
    buf[len] = 0;
    return buf;
}

static int64_t actor(ui_app *app)
{
    return app->session ? app->session->user_id : 0;
}

/* The manager's check, said in a message box when refused. */
static int refused(ui_app *app, ui_reaction *r)
{
    g_error err = {0};
    if (rgpd_check_manager(app->db, actor(app), &err) == G_OK)
        return 0;
    *r = dialog_message(_("Accès réservé"), err.msg, 1);
    return 1;
}

static ui_reaction access_answer(void *ctx, ui_app *app, int yes)
{
    visitor_rgpd_ctx *c = ctx;
    if (!yes)
        return ui_redraw();
    char today[11], path[4300], msg[600];
    clock_today(today);
    if (visitor_rgpd_access_path(app->cfg, c->visitor_id, today, path, sizeof path, msg,
                                 sizeof msg) != 0) {
        app_message(app, 1, msg);
        return ui_redraw();
    }
    g_error err = {0};
    if (rgpd_access_write(app->db, app->cfg, actor(app), c->visitor_id, path, &err) != G_OK) {
        app_message(app, 1, err.msg);
        return ui_redraw();
    }
    char *text = slurp(path);
    snprintf(msg, sizeof msg,
             _("Document du droit d'accès écrit dans %s (lisible par vous seul). La remise est "
               "inscrite au journal."),
             path);
    app_message(app, 0, msg);
    app_data_changed(app);
    if (!text)
        return ui_redraw();
    const char *slash = strrchr(path, '/');
    char title[200];
    snprintf(title, sizeof title, _("Droit d'accès de %s"), c->name);
    return agenda_preview(title, slash ? slash + 1 : path, text);
}

ui_reaction visitor_rgpd_access(visitor_rgpd_ctx *c, ui_app *app)
{
    ui_reaction r;
    if (refused(app, &r))
        return r;
    char q[800];
    snprintf(q, sizeof q,
             _("Écrire le document du droit d'accès de %s : tout ce que guichet garde sur "
               "cette personne, et qui a consulté son dossier ? (o/n)"),
             c->name);
    return dialog_confirm(q, access_answer, c);
}

/* « de » becomes « d' » before a vowel or a mute h: « Dossier d'André ». */
static int elides(const char *name)
{
    const unsigned char *p = (const unsigned char *)name;
    if (strchr("AEIOUYHaeiouyh", p[0]) && p[0])
        return 1;
    /* À Â É È Ê Î Ô Û, lower case too (UTF-8: C3 then 80-9F or A0-BF) */
    static const unsigned char accented[] = {0x80, 0x82, 0x88, 0x89, 0x8A, 0x8E, 0x94, 0x9B,
                                             0xA0, 0xA2, 0xA8, 0xA9, 0xAA, 0xAE, 0xB4, 0xBB};
    return p[0] == 0xC3 && memchr(accented, p[1], sizeof accented) != NULL;
}

static ui_reaction erased(visitor_rgpd_ctx *c, ui_app *app, const rgpd_erase_result *res)
{
    char msg[800], notes[64], detached[300];
    const rgpd_counts *n = &res->counts;
    snprintf(notes, sizeof notes,
             P_("%lld note détruite", "%lld notes détruites", (unsigned long)n->notes),
             (long long)n->notes);
    snprintf(detached, sizeof detached,
             P_("%lld élément (demandes, rendez-vous, orientations, dossiers transmis) détaché "
                "de la personne",
                "%lld éléments (demandes, rendez-vous, orientations, dossiers transmis) détachés "
                "de la personne",
                (unsigned long)(n->requests + n->appointments + n->orientations + n->escalations)),
             (long long)(n->requests + n->appointments + n->orientations + n->escalations));
    snprintf(msg, sizeof msg,
             elides(c->name) ? _("Dossier d'%s effacé : %s ; %s (les chiffres des financeurs "
                                 "restent justes).")
                             : _("Dossier de %s effacé : %s ; %s (les chiffres des financeurs "
                                 "restent justes)."),
             c->name, notes, detached);
    app_message(app, 0, msg);
    app_data_changed(app);
    return ui_pop(); /* the file: the person no longer exists */
}

static ui_reaction force_answer(void *ctx, ui_app *app, int yes)
{
    visitor_rgpd_ctx *c = ctx;
    if (!yes)
        return ui_redraw();
    rgpd_erase_result res;
    g_error err = {0};
    if (rgpd_erase(app->db, actor(app), c->visitor_id, 1, &res, &err) != G_OK) {
        app_message(app, 1, err.msg);
        return ui_redraw();
    }
    return erased(c, app, &res);
}

static ui_reaction erase_answer(void *ctx, ui_app *app, int yes)
{
    visitor_rgpd_ctx *c = ctx;
    if (!yes)
        return ui_redraw();
    rgpd_erase_result res;
    g_error err = {0};
    g_status s = rgpd_erase(app->db, actor(app), c->visitor_id, 0, &res, &err);
    if (s == G_OK)
        return erased(c, app, &res);
    if (s != G_ERR_CONFLICT || strcmp(err.field, "appointments") != 0) {
        app_message(app, 1, err.msg);
        return ui_redraw();
    }
    /* an appointment to come: the reason, and a second question */
    snprintf(c->reason, sizeof c->reason, "%s", err.msg);
    char q[1200];
    snprintf(q, sizeof q,
             _("%s Effacer quand même ? Ses rendez-vous à venir seront annulés (excusé) et "
               "leurs créneaux libérés. (o/n)"),
             c->reason);
    ui_reaction r = dialog_confirm(q, force_answer, c);
    return r;
}

ui_reaction visitor_rgpd_erase(visitor_rgpd_ctx *c, ui_app *app)
{
    ui_reaction r;
    if (refused(app, &r))
        return r;
    char q[800];
    snprintf(q, sizeof q,
             _("Effacer définitivement %s ? Sa fiche et ses notes confidentielles sont détruites ; "
               "ses demandes, rendez-vous et orientations restent pour les chiffres, sans lien "
               "avec la personne. (o/n)"),
             c->name);
    return dialog_confirm(q, erase_answer, c);
}
