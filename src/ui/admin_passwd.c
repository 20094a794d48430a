/* admin_passwd.c — the logged-in user changes their own password: the old
 * one, the new one twice. The same secret key is sealed again under the new
 * password (user_change_password), so notes stay readable. For every role. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/i18n.h"
#include "guichet/user.h"
#include "ui/admin.h"
#include "ui/dialog.h"
#include "ui/form.h"
#include "ui/text.h"
#include "ui/theme.h"

enum { P_OLD, P_NEW, P_NEW2, P_COUNT };

typedef struct passwd_state {
    ui_field fields[P_COUNT];
    ui_form form;
} passwd_state;

static int passwd_open(ui_app *app, void *arg, void **state)
{
    if (!app->session)
        return -1;
    passwd_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    if (field_init(&st->fields[P_OLD], "old_password", _("Mot de passe actuel"), USER_PASSWORD_MAX,
                   FIELD_PASSWORD) != 0 ||
        field_init(&st->fields[P_NEW], "password", _("Nouveau mot de passe"), USER_PASSWORD_MAX,
                   FIELD_PASSWORD) != 0 ||
        field_init(&st->fields[P_NEW2], "password2", _("Confirmation"), USER_PASSWORD_MAX,
                   FIELD_PASSWORD) != 0) {
        for (int i = 0; i < P_COUNT; i++)
            field_free(&st->fields[i]);
        free(st);
        return -1;
    }
    form_init(&st->form, st->fields, P_COUNT);
    *state = st;
    return 0;
}

static void passwd_close(void *state, ui_app *app)
{
    passwd_state *st = state;
    for (int i = 0; i < P_COUNT; i++)
        field_free(&st->fields[i]);
    free(st);
}

static void passwd_draw(void *state, ui_app *app, const ui_rect *b)
{
    passwd_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y + 1;
    char line[512];
    snprintf(line, sizeof line, _("Changer le mot de passe de %s (%s)"), app->session->display_name,
             app->session->login);
    text_put(stdscr, y, x, w, line, theme_attr(TH_HEADING));
    snprintf(line, sizeof line,
             _("Votre clé personnelle est simplement protégée par le nouveau mot de passe : vos "
               "notes restent lisibles. Au moins %d caractères ; une phrase facile à retenir "
               "convient très bien."),
             app->cfg->security.min_password_length);
    int used = text_put_wrapped(stdscr, y + 1, x, w, 3, line, theme_attr(TH_MUTED));
    int cy, cx;
    form_draw(&st->form, stdscr, y + 2 + used, x, b->h - 3 - used, w, &cy, &cx);
    if (cy >= 0)
        app_set_cursor(app, cy, cx);
}

static ui_reaction passwd_submit(passwd_state *st, ui_app *app)
{
    form_clear_errors(&st->form);
    if (!st->fields[P_OLD].value[0]) {
        field_set_error(&st->fields[P_OLD], _("Saisissez votre mot de passe actuel."));
        form_focus(&st->form, "old_password");
        return ui_redraw();
    }
    if (strcmp(st->fields[P_NEW].value, st->fields[P_NEW2].value) != 0) {
        field_clear(&st->fields[P_NEW2]);
        field_set_error(&st->fields[P_NEW2],
                        _("Les deux mots de passe ne sont pas identiques : retapez-le."));
        form_focus(&st->form, "password2");
        return ui_redraw();
    }
    app_busy(app, _(" Changement du mot de passe…"));
    g_error err = {0};
    g_status rc = user_change_password(app->db, app->cfg, app->session->login,
                                       st->fields[P_OLD].value, st->fields[P_NEW].value, &err);
    if (rc != G_OK) {
        if (strcmp(err.field, "old_password") == 0)
            field_clear(&st->fields[P_OLD]);
        else
            field_clear(&st->fields[P_NEW2]);
        form_apply_error(&st->form, &err);
        return ui_redraw();
    }
    ui_reaction r = dialog_message(_("Mot de passe changé"),
                                   _("Votre nouveau mot de passe est enregistré. Vos notes "
                                     "restent lisibles."),
                                   0);
    r.pop = 1;
    return r;
}

static ui_reaction passwd_key(void *state, ui_app *app, const ui_key *k)
{
    passwd_state *st = state;
    switch (form_key(&st->form, k)) {
    case FORM_SUBMIT:
        return passwd_submit(st, app);
    case FORM_HANDLED:
        return ui_redraw();
    case FORM_IGNORED:
        break;
    }
    return ui_pass();
}

static const ui_action passwd_hints[] = {ACT_HELP, ACT_SELECT, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE};

const screen_ops screen_admin_passwd = {
    .name = "admin-passwd",
    .title = N_("Mon mot de passe"),
    .hints = passwd_hints,
    .open = passwd_open,
    .close = passwd_close,
    .draw = passwd_draw,
    .key = passwd_key,
};
