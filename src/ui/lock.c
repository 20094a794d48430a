/* lock.c — the lock screen: the session's secret key is wiped (auth_lock,
 * done by app.c before pushing this screen); the password unlocks and the
 * screen pops, showing again exactly what was under it. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "guichet/auth.h"
#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/user.h"
#include "ui/form.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"

typedef struct lock_state {
    ui_field password;
    ui_form form;
    int64_t since;
} lock_state;

static int lock_open(ui_app *app, void *arg, void **state)
{
    if (!app->session)
        return -1;
    lock_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    if (field_init(&st->password, "password", _("Mot de passe"), USER_PASSWORD_MAX,
                   FIELD_PASSWORD) != 0) {
        free(st);
        return -1;
    }
    form_init(&st->form, &st->password, 1);
    st->since = clock_now();
    *state = st;
    return 0;
}

static void lock_close(void *state, ui_app *app)
{
    lock_state *st = state;
    field_free(&st->password);
    free(st);
}

static void lock_draw(void *state, ui_app *app, const ui_rect *b)
{
    lock_state *st = state;
    int w = 70, h = 11, x = b->x + (b->w - w) / 2, y = b->y + (b->h - h) / 2;
    theme_box(stdscr, y, x, h, w, theme_attr(TH_BORDER));
    text_put_center(stdscr, y + 1, x + 1, w - 2, _("Poste verrouillé"), theme_attr(TH_HEADING));
    char at[16], line[256];
    clock_format(st->since, "%H:%M", at, sizeof at);
    snprintf(line, sizeof line, _("%s (%s) : session verrouillée à %s."),
             app->session->display_name, user_role_label(app->session->role), at);
    text_put_center(stdscr, y + 2, x + 1, w - 2, line, theme_attr(TH_NORMAL));
    text_put_center(stdscr, y + 3, x + 1, w - 2,
                    _("Saisissez votre mot de passe pour reprendre où vous en étiez."),
                    theme_attr(TH_MUTED));
    int cy, cx;
    form_draw(&st->form, stdscr, y + 5, x + 3, h - 6, w - 6, &cy, &cx);
    if (cy >= 0)
        app_set_cursor(app, cy, cx);
}

static ui_reaction lock_key(void *state, ui_app *app, const ui_key *k)
{
    lock_state *st = state;
    switch (form_key(&st->form, k)) {
    case FORM_HANDLED:
        return ui_redraw();
    case FORM_SUBMIT: {
        app_busy(app, _(" Vérification du mot de passe…"));
        g_error err = {0};
        g_status rc = auth_unlock(app->db, app->cfg, app->session, st->password.value, &err);
        field_clear(&st->password);
        if (rc != G_OK) {
            /* the core's login wording names the login too; here only the
             * password was asked */
            if (rc == G_ERR_DENIED && strcmp(err.field, "password") == 0)
                snprintf(err.msg, sizeof err.msg, "%s", _("Mot de passe incorrect."));
            if (!err.field[0])
                snprintf(err.field, sizeof err.field, "password");
            form_apply_error(&st->form, &err);
            return ui_redraw();
        }
        app->locked = 0;
        app->last_input = clock_now();
        return ui_pop();
    }
    case FORM_IGNORED:
        break;
    }
    /* locked: only what reveals nothing passes (help, logout, quit) */
    if (k->action == ACT_HELP || k->action == ACT_LOGOUT || k->action == ACT_QUIT ||
        k->action == ACT_REDRAW)
        return ui_pass();
    return ui_none();
}

static const ui_action lock_hints[] = {ACT_SELECT, ACT_LOGOUT, ACT_QUIT, ACT_NONE};

const screen_ops screen_lock = {
    .name = "lock",
    .title = N_("Poste verrouillé"),
    .hints = lock_hints,
    .open = lock_open,
    .close = lock_close,
    .draw = lock_draw,
    .key = lock_key,
};
