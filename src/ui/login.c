/* login.c — the login screen: site name, login, password, French errors;
 * in demo mode, a box with the demo accounts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/auth.h"
#include "guichet/clock.h"
#include "guichet/demo.h"
#include "guichet/i18n.h"
#include "guichet/user.h"
#include "ui/form.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"

enum { F_LOGIN, F_PASSWORD, F_COUNT };

typedef struct login_state {
    ui_field fields[F_COUNT];
    ui_form form;
} login_state;

static int login_open(ui_app *app, void *arg, void **state)
{
    login_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    if (field_init(&st->fields[F_LOGIN], "login", _("Identifiant"), USER_LOGIN_MAX, 0) != 0 ||
        field_init(&st->fields[F_PASSWORD], "password", _("Mot de passe"), USER_PASSWORD_MAX,
                   FIELD_PASSWORD) != 0) {
        field_free(&st->fields[F_LOGIN]);
        free(st);
        return -1;
    }
    form_init(&st->form, st->fields, F_COUNT);
    *state = st;
    return 0;
}

static void login_close(void *state, ui_app *app)
{
    login_state *st = state;
    for (int i = 0; i < F_COUNT; i++)
        field_free(&st->fields[i]);
    free(st);
}

static int demo_count(void)
{
    int n = 0;
    while (demo_accounts[n].login)
        n++;
    return n;
}

static void login_draw(void *state, ui_app *app, const ui_rect *b)
{
    login_state *st = state;
    int w = 64, x = b->x + (b->w - w) / 2;
    int demo_rows = app->demo ? demo_count() + 3 : 0;
    int h = 11;
    int y = b->y + (b->h - h - demo_rows) / 2;
    if (y < b->y)
        y = b->y;

    theme_box(stdscr, y, x, h, w, theme_attr(TH_BORDER));
    text_put_center(stdscr, y + 1, x + 1, w - 2, app->site.name[0] ? app->site.name : "guichet",
                    theme_attr(TH_HEADING));
    text_put_center(stdscr, y + 2, x + 1, w - 2, _("Identifiez-vous pour ouvrir votre session."),
                    theme_attr(TH_MUTED));
    int cy, cx;
    form_draw(&st->form, stdscr, y + 4, x + 3, h - 5, w - 6, &cy, &cx);
    if (cy >= 0)
        app_set_cursor(app, cy, cx);

    if (app->demo) {
        int dy = y + h, n = demo_count();
        theme_box(stdscr, dy, x, n + 3, w, theme_attr(TH_BORDER));
        char title[128];
        snprintf(title, sizeof title, " %s ", _("Comptes de démonstration"));
        text_put(stdscr, dy, x + 2, w - 4, title, theme_attr(TH_HEADING));
        text_put(stdscr, dy + 1, x + 2, 14, _("Identifiant"), theme_attr(TH_MUTED));
        text_put(stdscr, dy + 1, x + 17, 20, _("Mot de passe"), theme_attr(TH_MUTED));
        text_put(stdscr, dy + 1, x + 39, w - 41, _("Rôle"), theme_attr(TH_MUTED));
        for (int i = 0; i < n; i++) {
            const demo_account *a = &demo_accounts[i];
            user_role role;
            const char *label =
                user_role_parse(a->role, &role) == 0 ? user_role_label(role) : a->role;
            text_put(stdscr, dy + 2 + i, x + 2, 14, a->login, theme_attr(TH_NORMAL));
            text_put(stdscr, dy + 2 + i, x + 17, 20, a->password, theme_attr(TH_NORMAL));
            text_put(stdscr, dy + 2 + i, x + 39, w - 41, label, theme_attr(TH_NORMAL));
        }
    }
}

static ui_reaction submit(login_state *st, ui_app *app)
{
    form_clear_errors(&st->form);
    const char *login = form_value(&st->form, "login");
    if (!login[0]) {
        field_set_error(&st->fields[F_LOGIN], _("Saisissez votre identifiant."));
        form_focus(&st->form, "login");
        return ui_redraw();
    }
    app_busy(app, _(" Vérification du mot de passe…"));
    g_error err = {0};
    g_session *s = NULL;
    g_status rc = auth_login(app->db, app->cfg, login, form_value(&st->form, "password"), &s, &err);
    field_clear(&st->fields[F_PASSWORD]);
    if (rc != G_OK) {
        form_focus(&st->form, "password");
        form_apply_error(&st->form, &err);
        return ui_redraw();
    }
    app->session = s;
    app->locked = 0;
    app->last_input = clock_now();
    return ui_replace(&screen_home, NULL);
}

static ui_reaction login_key(void *state, ui_app *app, const ui_key *k)
{
    login_state *st = state;
    switch (form_key(&st->form, k)) {
    case FORM_SUBMIT:
        return submit(st, app);
    case FORM_HANDLED:
        return ui_redraw();
    case FORM_IGNORED:
        break;
    }
    return ui_pass();
}

static const ui_action login_hints[] = {ACT_HELP, ACT_SELECT, ACT_NEXT_FIELD, ACT_QUIT, ACT_NONE};

const screen_ops screen_login = {
    .name = "login",
    .title = N_("Connexion"),
    .hints = login_hints,
    .open = login_open,
    .close = login_close,
    .draw = login_draw,
    .key = login_key,
};
