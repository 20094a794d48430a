/* admin_team.c — the team key for the responsable: every conseiller and
 * responsable with their access to team notes, who lacks it first said in
 * words, and « Donner la clé » (team_grant by the logged-in manager, who must
 * hold the key). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/i18n.h"
#include "guichet/team.h"
#include "guichet/strbuf.h"
#include "ui/admin.h"
#include "ui/dialog.h"
#include "ui/list.h"
#include "ui/text.h"
#include "ui/theme.h"

typedef struct team_state {
    team_member *members;
    size_t count;
    size_t lacking; /* enabled members without access */
    int exists;     /* a team key exists */
    int mine;       /* the session holds it */
    ui_list list;
    char msg[768];
    int msg_error;
} team_state;

static const ui_column team_cols[] = {
    {N_("Identifiant"), 13, 0},
    {N_("Nom"), 0, 0},
    {N_("Rôle"), 11, 0},
    {N_("Clé d'équipe"), 26, 0},
};
#define N_TEAM_COLS (sizeof team_cols / sizeof *team_cols)
static ui_column shown_cols[N_TEAM_COLS];

static const char *access_text(const team_member *m)
{
    if (m->disabled)
        return _("compte désactivé");
    if (m->has_access)
        return _("oui");
    if (m->stale)
        return _("NON (à redonner)");
    return _("NON");
}

static const char *team_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    team_state *st = ctx;
    const team_member *m = &st->members[row];
    const char *s = col == 0   ? m->login
                    : col == 1 ? m->display_name
                    : col == 2 ? user_role_label(m->role)
                               : access_text(m);
    snprintf(buf, size, "%s", s);
    return buf;
}

static void team_reload(team_state *st, ui_app *app)
{
    g_error err = {0};
    team_member *m = NULL;
    size_t n = 0;
    if (team_exists(app->db, &st->exists, &err) != G_OK ||
        team_has_access(app->db, app->session, &st->mine, &err) != G_OK ||
        team_members(app->db, &m, &n, &err) != G_OK) {
        snprintf(st->msg, sizeof st->msg, "%s", err.msg);
        st->msg_error = 1;
        return;
    }
    free(st->members);
    st->members = m;
    st->count = n;
    st->lacking = 0;
    for (size_t i = 0; i < n; i++)
        if (!m[i].disabled && !m[i].has_access)
            st->lacking++;
    list_set_count(&st->list, n);
}

static int team_open(ui_app *app, void *arg, void **state)
{
    if (!admin_is_manager(app))
        return -1;
    team_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    for (size_t i = 0; i < N_TEAM_COLS; i++) {
        shown_cols[i] = team_cols[i];
        shown_cols[i].title = _(team_cols[i].title);
    }
    list_init(&st->list, shown_cols, N_TEAM_COLS, team_cell, st);
    st->list.header = 1;
    st->list.empty = _("Aucun conseiller ni responsable.");
    team_reload(st, app);
    /* start on the first one who lacks the key */
    for (size_t i = 0; i < st->count; i++)
        if (!st->members[i].disabled && !st->members[i].has_access) {
            st->list.selected = i;
            break;
        }
    *state = st;
    return 0;
}

static void team_close(void *state, ui_app *app)
{
    team_state *st = state;
    free(st->members);
    free(st);
}

static int rows_of(const ui_rect *b)
{
    return b->h - 8 > 1 ? b->h - 8 : 1;
}

static void team_draw(void *state, ui_app *app, const ui_rect *b)
{
    team_state *st = state;
    int x = b->x + 1, w = b->w - 2, y = b->y + 1;
    char line[1024];
    if (!st->exists) {
        snprintf(line, sizeof line, "%s",
                 _("Ce site n'a pas de clé d'équipe : elle est créée à l'installation (« guichet "
                   "init »)."));
    } else if (st->lacking == 0) {
        snprintf(line, sizeof line, "%s",
                 _("Tous les conseillers et responsables actifs ont la clé d'équipe."));
    } else {
        strbuf sb;
        strbuf_init(&sb, line, sizeof line);
        strbuf_printf(&sb,
                      P_("%zu personne n'a pas la clé d'équipe :",
                         "%zu personnes n'ont pas la clé d'équipe :", st->lacking),
                      st->lacking);
        for (size_t i = 0; i < st->count; i++)
            if (!st->members[i].disabled && !st->members[i].has_access)
                strbuf_printf(&sb, " %s (%s)", st->members[i].display_name, st->members[i].login);
    }
    int used = text_put_wrapped(stdscr, y, x, w, 2, line,
                                theme_attr(st->lacking ? TH_HEADING : TH_NORMAL));
    text_put(stdscr, y + used, x, w,
             st->mine ? _("La clé d'équipe permet de lire les notes de niveau « équipe ».")
                      : _("Vous n'avez pas vous-même la clé d'équipe : demandez à un collègue "
                          "qui l'a de la donner."),
             theme_attr(st->mine ? TH_MUTED : TH_ERROR));
    list_draw(&st->list, stdscr, y + used + 2, x, rows_of(b) + 1, w, 1);
    if (st->msg[0])
        text_put_wrapped(stdscr, b->y + b->h - 3, x, w, 3, st->msg,
                         theme_attr(st->msg_error ? TH_ERROR : TH_OK));
}

static ui_reaction grant_answer(void *ctx, ui_app *app, int yes)
{
    team_state *st = ctx;
    if (!yes || !st->count)
        return ui_redraw();
    const team_member *m = &st->members[st->list.selected];
    char name[USER_NAME_MAX + 1];
    snprintf(name, sizeof name, "%s", m->display_name);
    g_error err = {0};
    if (team_grant(app->db, app->session, m->user_id, &err) != G_OK) {
        snprintf(st->msg, sizeof st->msg, "%s", err.msg);
        st->msg_error = 1;
    } else {
        snprintf(st->msg, sizeof st->msg, _("%s a maintenant la clé d'équipe."), name);
        st->msg_error = 0;
    }
    team_reload(st, app);
    return ui_redraw();
}

static ui_reaction team_key(void *state, ui_app *app, const ui_key *k)
{
    team_state *st = state;
    ui_rect b = app_body_rect(LINES, COLS);
    if (list_key(&st->list, k, rows_of(&b)))
        return ui_redraw();
    if (!keys_is(k, ACT_ADM_GRANT) && k->action != ACT_SELECT)
        return ui_pass();
    if (!st->count)
        return ui_none();
    const team_member *m = &st->members[st->list.selected];
    st->msg_error = 1;
    if (m->disabled) {
        snprintf(st->msg, sizeof st->msg, _("Le compte « %s » est désactivé."), m->login);
        return ui_redraw();
    }
    if (m->has_access) {
        snprintf(st->msg, sizeof st->msg, _("%s a déjà la clé d'équipe."), m->display_name);
        st->msg_error = 0;
        return ui_redraw();
    }
    st->msg[0] = 0;
    char q[512];
    snprintf(q, sizeof q,
             _("Donner la clé d'équipe à %s (%s) ? Cette personne pourra lire les notes "
               "d'équipe. (o/n)"),
             m->display_name, m->login);
    return dialog_confirm(q, grant_answer, st);
}

static void team_resize(void *state, ui_app *app, const ui_rect *b)
{
    team_state *st = state;
    list_scroll(&st->list, rows_of(b));
}

static const ui_action team_hints[] = {ACT_ADM_GRANT, ACT_BACK, ACT_HELP, ACT_LOCK, ACT_NONE};

const screen_ops screen_admin_team = {
    .name = "admin-team",
    .title = N_("Clé d'équipe"),
    .hints = team_hints,
    .open = team_open,
    .close = team_close,
    .draw = team_draw,
    .key = team_key,
    .resize = team_resize,
};
