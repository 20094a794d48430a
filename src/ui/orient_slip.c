/* orient_slip.c — the orientation slip: preview, save to a file (the path is
 * shown), print through [print] command (a failure is shown). See orient.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/slip.h"
#include "ui/agenda.h"
#include "ui/orient.h"
#include "ui/text.h"
#include "ui/theme.h"

int orient_slip_path(const g_config *cfg, int64_t id, const char *day, char *buf, size_t size,
                     char *msg, size_t msgsize)
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
    int len = snprintf(buf, size, "%s/orientation-%s-%lld.txt", dir, compact, (long long)id);
    if (len < 0 || (size_t)len >= size) {
        snprintf(msg, msgsize, "%s", _("Le chemin du dossier des impressions est trop long."));
        return -1;
    }
    return 0;
}

typedef struct slip_state {
    int64_t id;
    char *text;    /* the slip (slip_render) */
    size_t *lines; /* offset of each line in text */
    int nlines;
    int top;        /* first line shown */
    int rows;       /* rows shown at the last draw */
    char msg[1024]; /* the last save or print outcome */
    int msg_error;
    int agent; /* 1: the agent's copy (the partner's referents) is shown */
} slip_state;

/* Renders the copy shown (the visitor's, or the agent's) and indexes its
 * lines. 0, or -1 when out of memory (a core error is shown, not failed). */
static int render(slip_state *st, ui_app *app)
{
    free(st->text);
    free(st->lines);
    st->text = NULL;
    st->lines = NULL;
    st->top = 0;
    g_error err = {0};
    g_status s = st->agent ? slip_render_agent(app->db, app->cfg, st->id, &st->text, &err)
                           : slip_render(app->db, app->cfg, st->id, &st->text, &err);
    if (s != G_OK) {
        /* still open, to say why there is nothing to show */
        snprintf(st->msg, sizeof st->msg, "%s", err.msg);
        st->msg_error = 1;
        st->text = NULL;
    }
    int n = 0;
    for (const char *p = st->text; p && *p; p++)
        if (*p == '\n')
            n++;
    st->lines = calloc((size_t)n + 2, sizeof *st->lines);
    if (!st->lines)
        return -1;
    int i = 0;
    if (st->text && st->text[0]) {
        st->lines[i++] = 0;
        for (const char *p = st->text; *p; p++)
            if (*p == '\n' && p[1])
                st->lines[i++] = (size_t)(p - st->text) + 1;
    }
    st->nlines = i;
    return 0;
}

static int slip_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    int64_t id = *(int64_t *)arg;
    free(arg);
    slip_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    st->id = id;
    if (render(st, app) != 0) {
        free(st->text);
        free(st);
        return -1;
    }
    *state = st;
    return 0;
}

static void slip_close(void *state, ui_app *app)
{
    slip_state *st = state;
    free(st->text);
    free(st->lines);
    free(st);
}

static void slip_draw(void *state, ui_app *app, const ui_rect *b)
{
    slip_state *st = state;
    int x = b->x, w = b->w;
    text_put(stdscr, b->y, x + 1, w - 2,
             st->agent ? _("Aperçu de l'exemplaire de l'agent (à garder)")
                       : _("Aperçu de la fiche à remettre au visiteur"),
             theme_attr(TH_HEADING));
    int rows = b->h - 5;
    st->rows = rows;
    if (st->nlines > rows) {
        char pos[64];
        snprintf(pos, sizeof pos, _("lignes %d à %d sur %d (↑↓)"), st->top + 1,
                 st->top + rows < st->nlines ? st->top + rows : st->nlines, st->nlines);
        text_put_right(stdscr, b->y, x, w - 1, pos, theme_attr(TH_MUTED));
    }
    theme_hline(stdscr, b->y + 1, x, w, theme_attr(TH_BORDER));
    char line[TEXT_MAX];
    for (int r = 0; r < rows && st->top + r < st->nlines; r++) {
        const char *s = st->text + st->lines[st->top + r];
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len >= sizeof line)
            len = sizeof line - 1;
        memcpy(line, s, len);
        line[len] = 0;
        text_put(stdscr, b->y + 2 + r, x, w, line, theme_attr(TH_NORMAL));
    }
    /* the two bottom rows: the outcome of the last action, or what to do */
    int my = b->y + b->h - 3;
    if (st->msg[0]) {
        text_put_wrapped(stdscr, my, x + 1, w - 2, 3, st->msg,
                         theme_attr(st->msg_error ? TH_ERROR : TH_OK) | A_BOLD);
    } else {
        char ks[24], kp[24], help[512];
        keys_action_key(ACT_OR_SAVE, ks, sizeof ks);
        keys_action_key(ACT_OR_PRINT, kp, sizeof kp);
        if (app->cfg->print.command[0])
            snprintf(help, sizeof help, _("%s : enregistrer dans un fichier · %s : imprimer (%s)"),
                     ks, kp, app->cfg->print.command);
        else
            snprintf(help, sizeof help,
                     _("%s : enregistrer dans un fichier · aucune imprimante réglée "
                       "([print] command)"),
                     ks);
        char ka[24], all[700];
        keys_action_key(ACT_OR_AGENT_COPY, ka, sizeof ka);
        snprintf(all, sizeof all, "%s · %s : %s", help, ka,
                 st->agent ? _("fiche du visiteur") : _("exemplaire de l'agent (référents)"));
        text_put_wrapped(stdscr, my, x + 1, w - 2, 3, all, theme_attr(TH_MUTED));
    }
}

static ui_reaction save(slip_state *st, ui_app *app)
{
    char today[11], path[4200];
    clock_today(today);
    g_error err = {0};
    if (orient_slip_path(app->cfg, st->id, today, path, sizeof path, st->msg, sizeof st->msg) !=
        0) {
        st->msg_error = 1;
        return ui_redraw();
    }
    /* the agent's copy beside the visitor's: orientation-…-<id>-agent.txt */
    size_t len = strlen(path);
    if (st->agent && len > 4 && len + 7 <= sizeof path)
        snprintf(path + len - 4, sizeof path - (len - 4), "%s", "-agent.txt");
    if (slip_save(st->text, path, &err) != G_OK) {
        snprintf(st->msg, sizeof st->msg, "%s", err.msg);
        st->msg_error = 1;
    } else {
        snprintf(st->msg, sizeof st->msg, _("Fiche enregistrée dans %s"), path);
        st->msg_error = 0;
    }
    return ui_redraw();
}

static ui_reaction print(slip_state *st, ui_app *app)
{
    g_error err = {0};
    if (slip_print(app->cfg, st->text, &err) != G_OK) {
        snprintf(st->msg, sizeof st->msg, _("Impression impossible : %s"), err.msg);
        st->msg_error = 1;
    } else {
        snprintf(st->msg, sizeof st->msg, _("Fiche envoyée à l'imprimante (%s)."),
                 app->cfg->print.command);
        st->msg_error = 0;
    }
    return ui_redraw();
}

static ui_reaction slip_key(void *state, ui_app *app, const ui_key *k)
{
    slip_state *st = state;
    if (text_scroll_key(k, st->nlines, st->rows, &st->top))
        return ui_redraw();
    if (st->text && k->action == ACT_OR_SAVE)
        return save(st, app);
    if (st->text && k->action == ACT_OR_PRINT)
        return print(st, app);
    if (k->action == ACT_OR_AGENT_COPY) {
        st->agent = !st->agent;
        st->msg[0] = 0;
        st->msg_error = 0;
        if (render(st, app) != 0)
            return ui_pop();
        return ui_redraw();
    }
    return ui_pass();
}

static const ui_action slip_hints[] = {ACT_OR_SAVE, ACT_OR_PRINT, ACT_OR_AGENT_COPY,
                                       ACT_DOWN,    ACT_BACK,     ACT_NONE};

const screen_ops screen_orient_slip = {
    .name = "orient-slip",
    .title = N_("Fiche d'orientation"),
    .hints = slip_hints,
    .keymap = KM_ORIENT_SLIP,
    .open = slip_open,
    .close = slip_close,
    .draw = slip_draw,
    .key = slip_key,
};
