/* admin_users.c — staff accounts for the responsable: the list (login, name,
 * role, state, last login), a new account, disable/enable, a password reset
 * (which makes a new key pair: said on screen before confirming). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/team.h"
#include "guichet/user.h"
#include "ui/admin.h"
#include "ui/dialog.h"
#include "ui/form.h"
#include "ui/list.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"

/* ========================================================================= */
/* the list                                                                  */
/* ========================================================================= */

typedef struct users_state {
    user_info *users;
    size_t count;
    ui_list list;
    char msg[768]; /* the outcome of the last action, "" = none */
    int msg_error;
    int64_t grant_id; /* the account just created, offered the team key */
    char grant_name[USER_NAME_MAX + 1];
} users_state;

static const ui_column user_cols[] = {
    {N_("Identifiant"), 13, 0},        {N_("Nom"), 0, 0}, {N_("Rôle"), 11, 0}, {N_("État"), 11, 0},
    {N_("Dernière connexion"), 18, 0},
};
#define N_USER_COLS (sizeof user_cols / sizeof *user_cols)

static ui_column shown_cols[N_USER_COLS]; /* translated titles */

static void set_msg(users_state *st, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_msg(users_state *st, int error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->msg, sizeof st->msg, fmt, ap);
    va_end(ap);
    st->msg_error = error;
}

static const char *user_state_text(const user_info *u, char *buf, size_t size)
{
    if (u->disabled) {
        snprintf(buf, size, "%s", _("Désactivé"));
    } else if (u->locked_until > clock_now()) {
        char at[16];
        clock_format(u->locked_until, "%H:%M", at, sizeof at);
        snprintf(buf, size, _("Bloqué (%s)"), at);
    } else {
        snprintf(buf, size, "%s", _("Actif"));
    }
    return buf;
}

static const char *user_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    users_state *st = ctx;
    const user_info *u = &st->users[row];
    switch (col) {
    case 0:
        snprintf(buf, size, "%s", u->login);
        break;
    case 1:
        snprintf(buf, size, "%s", u->display_name);
        break;
    case 2:
        snprintf(buf, size, "%s", user_role_label(u->role));
        break;
    case 3:
        user_state_text(u, buf, size);
        break;
    default:
        admin_when(u->last_login_at, buf, size);
        break;
    }
    return buf;
}

static void users_reload(users_state *st, ui_app *app)
{
    g_error err = {0};
    user_info *users = NULL;
    size_t n = 0;
    if (user_list(app->db, &users, &n, &err) != G_OK) {
        set_msg(st, 1, "%s", err.msg);
        return;
    }
    free(st->users);
    st->users = users;
    st->count = n;
    list_set_count(&st->list, n);
}

static const user_info *selected_user(users_state *st)
{
    return st->count ? &st->users[st->list.selected] : NULL;
}

static int users_open(ui_app *app, void *arg, void **state)
{
    if (!admin_is_manager(app))
        return -1;
    users_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    for (size_t i = 0; i < N_USER_COLS; i++) {
        shown_cols[i] = user_cols[i];
        shown_cols[i].title = _(user_cols[i].title);
    }
    list_init(&st->list, shown_cols, N_USER_COLS, user_cell, st);
    st->list.header = 1;
    st->list.empty = _("Aucun compte.");
    users_reload(st, app);
    *state = st;
    return 0;
}

static void users_close(void *state, ui_app *app)
{
    users_state *st = state;
    free(st->users);
    free(st);
}

static int list_rows(const ui_rect *b)
{
    return b->h - 6;
}

/* Rows of the list in the current terminal (for PgUp/PgDn in a key handler). */
static int list_rows_now(void)
{
    ui_rect b = app_body_rect(LINES, COLS);
    return list_rows(&b) > 1 ? list_rows(&b) : 1;
}

static void users_draw(void *state, ui_app *app, const ui_rect *b)
{
    users_state *st = state;
    int x = b->x + 1, w = b->w - 2, y = b->y + 1;
    char line[256];
    snprintf(line, sizeof line, P_("%zu compte", "%zu comptes", st->count), st->count);
    text_put(stdscr, y, x, w, line, theme_attr(TH_HEADING));
    list_draw(&st->list, stdscr, y + 1, x, list_rows(b) + 1, w, 1);
    if (st->msg[0])
        text_put_wrapped(stdscr, b->y + b->h - 3, x, w, 3, st->msg,
                         theme_attr(st->msg_error ? TH_ERROR : TH_OK));
}

/* --- disable / enable ----------------------------------------------------- */
static ui_reaction toggle_answer(void *ctx, ui_app *app, int yes)
{
    users_state *st = ctx;
    const user_info *u = selected_user(st);
    if (!yes || !u)
        return ui_redraw();
    char login[USER_LOGIN_MAX + 1];
    snprintf(login, sizeof login, "%s", u->login);
    int disable = !u->disabled, self = u->id == app->session->user_id;
    g_error err = {0};
    if (user_set_disabled(app->db, app->session->user_id, login, disable, &err) != G_OK)
        set_msg(st, 1, "%s", err.msg);
    else if (disable && self)
        return ui_logout(); /* the account is closed: so is the session */
    else if (disable)
        set_msg(st, 0, _("Le compte « %s » est désactivé : il ne peut plus se connecter."), login);
    else
        set_msg(st, 0, _("Le compte « %s » est réactivé."), login);
    users_reload(st, app);
    return ui_redraw();
}

static ui_reaction toggle(users_state *st, ui_app *app)
{
    const user_info *u = selected_user(st);
    if (!u)
        return ui_none();
    char q[512];
    if (u->id == app->session->user_id && !u->disabled)
        snprintf(q, sizeof q,
                 _("Désactiver VOTRE propre compte « %s » ? Votre session sera fermée et vous ne "
                   "pourrez plus vous connecter. (o/n)"),
                 u->login);
    else if (u->disabled)
        snprintf(q, sizeof q, _("Réactiver le compte « %s » (%s) ? (o/n)"), u->login,
                 u->display_name);
    else
        snprintf(q, sizeof q,
                 _("Désactiver le compte « %s » (%s) ? Il ne pourra plus se connecter. (o/n)"),
                 u->login, u->display_name);
    return dialog_confirm(q, toggle_answer, st);
}

/* --- the team key for a new account -------------------------------------- */
static ui_reaction grant_answer(void *ctx, ui_app *app, int yes)
{
    users_state *st = ctx;
    if (!yes) {
        set_msg(st, 0,
                _("Compte créé. La clé d'équipe pourra être donnée plus tard (Administration, "
                  "Clé d'équipe)."));
        return ui_redraw();
    }
    g_error err = {0};
    if (team_grant(app->db, app->session, st->grant_id, &err) != G_OK)
        set_msg(st, 1, _("Compte créé, mais la clé d'équipe n'a pas pu être donnée : %s"), err.msg);
    else
        set_msg(st, 0, _("Compte créé ; %s a maintenant la clé d'équipe."), st->grant_name);
    return ui_redraw();
}

/* ========================================================================= */
/* a new account                                                             */
/* ========================================================================= */

enum { N_LOGIN, N_NAME, N_ROLE, N_PASS, N_PASS2, N_COUNT };

typedef struct new_state {
    users_state *users; /* the list below (not owned) */
    ui_field fields[N_COUNT];
    ui_form form;
} new_state;

static int fields_init(ui_field *f, const char *const names[], const char *const labels[],
                       const size_t *max, const int *flags, int n)
{
    for (int i = 0; i < n; i++)
        if (field_init(&f[i], names[i], _(labels[i]), max[i], flags[i]) != 0) {
            while (i-- > 0)
                field_free(&f[i]);
            return -1;
        }
    return 0;
}

static int new_open(ui_app *app, void *arg, void **state)
{
    if (!admin_is_manager(app) || !arg)
        return -1;
    new_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    static const char *const names[N_COUNT] = {"login", "display_name", "role", "password",
                                               "password2"};
    static const char *const labels[N_COUNT] = {N_("Identifiant"), N_("Nom affiché"), N_("Rôle"),
                                                N_("Mot de passe"), N_("Confirmation")};
    const size_t max[N_COUNT] = {USER_LOGIN_MAX, USER_NAME_MAX, 12, USER_PASSWORD_MAX,
                                 USER_PASSWORD_MAX};
    const int flags[N_COUNT] = {0, 0, 0, FIELD_PASSWORD, FIELD_PASSWORD};
    if (fields_init(st->fields, names, labels, max, flags, N_COUNT) != 0) {
        free(st);
        return -1;
    }
    field_set(&st->fields[N_ROLE], user_role_code(ROLE_ACCUEIL));
    form_init(&st->form, st->fields, N_COUNT);
    st->users = arg;
    *state = st;
    return 0;
}

static void new_close(void *state, ui_app *app)
{
    new_state *st = state;
    for (int i = 0; i < N_COUNT; i++)
        field_free(&st->fields[i]);
    free(st);
}

static void new_draw(void *state, ui_app *app, const ui_rect *b)
{
    new_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y + 1;
    text_put(stdscr, y, x, w, _("Nouveau compte du personnel"), theme_attr(TH_HEADING));
    char line[512];
    snprintf(line, sizeof line,
             _("Rôle : accueil, conseiller ou responsable. Mot de passe : %d caractères au "
               "moins, à transmettre de vive voix."),
             app->cfg->security.min_password_length);
    int used = text_put_wrapped(stdscr, y + 1, x, w, 2, line, theme_attr(TH_MUTED));
    int cy, cx;
    form_draw(&st->form, stdscr, y + 2 + used, x, b->h - 3 - used, w, &cy, &cx);
    if (cy >= 0)
        app_set_cursor(app, cy, cx);
}

/* "accueil", "Conseiller", "r"… -> role; -1 when not a role. */
static int parse_role(const char *typed, user_role *out)
{
    char t[16];
    size_t n = 0;
    while (*typed == ' ')
        typed++;
    for (; typed[n] && typed[n] != ' ' && n < sizeof t - 1; n++)
        t[n] = typed[n];
    t[n] = 0;
    if (!n)
        return -1;
    static const user_role roles[] = {ROLE_ACCUEIL, ROLE_CONSEILLER, ROLE_RESPONSABLE};
    for (size_t i = 0; i < 3; i++) {
        const char *code = user_role_code(roles[i]);
        if (strncasecmp(code, t, n) == 0 || strcasecmp(user_role_label(roles[i]), t) == 0) {
            *out = roles[i];
            return 0;
        }
    }
    return -1;
}

static ui_reaction new_submit(new_state *st, ui_app *app)
{
    form_clear_errors(&st->form);
    user_role role;
    if (parse_role(form_value(&st->form, "role"), &role) != 0) {
        field_set_error(&st->fields[N_ROLE], _("Tapez accueil, conseiller ou responsable."));
        form_focus(&st->form, "role");
        return ui_redraw();
    }
    field_set(&st->fields[N_ROLE], user_role_code(role));
    if (strcmp(st->fields[N_PASS].value, st->fields[N_PASS2].value) != 0) {
        field_clear(&st->fields[N_PASS2]);
        field_set_error(&st->fields[N_PASS2],
                        _("Les deux mots de passe ne sont pas identiques : retapez-le."));
        form_focus(&st->form, "password2");
        return ui_redraw();
    }
    app_busy(app, _(" Création du compte…"));
    g_error err = {0};
    int64_t id = 0;
    g_status rc =
        user_add(app->db, app->cfg, app->session->user_id, form_value(&st->form, "login"),
                 form_value(&st->form, "display_name"), role, st->fields[N_PASS].value, &id, &err);
    if (rc != G_OK) {
        if (strcmp(err.field, "password") == 0)
            field_clear(&st->fields[N_PASS2]);
        form_apply_error(&st->form, &err);
        return ui_redraw();
    }
    users_state *users = st->users;
    user_info u;
    snprintf(users->msg, sizeof users->msg, _("Compte « %s » créé (%s)."),
             form_value(&st->form, "login"), user_role_label(role));
    users->msg_error = 0;
    users_reload(users, app);
    /* select the new account */
    for (size_t i = 0; i < users->count; i++)
        if (users->users[i].id == id)
            users->list.selected = i;
    int team = 0;
    if (role != ROLE_ACCUEIL && (team_exists(app->db, &team, &err) != G_OK ||
                                 (team && user_get_by_id(app->db, id, &u, &err) != G_OK))) {
        /* the account is created; say why the grant is not offered */
        snprintf(users->msg, sizeof users->msg, "%s", err.msg);
        users->msg_error = 1;
        return ui_pop();
    }
    if (role != ROLE_ACCUEIL && team) {
        users->grant_id = id;
        snprintf(users->grant_name, sizeof users->grant_name, "%s", u.display_name);
        char q[512];
        snprintf(q, sizeof q,
                 _("Compte « %s » créé. Lui donner la clé d'équipe maintenant (lecture des "
                   "notes d'équipe) ? (o/n)"),
                 u.login);
        ui_reaction r = dialog_confirm(q, grant_answer, users);
        r.pop = 1;
        return r;
    }
    return ui_pop();
}

static ui_reaction new_key(void *state, ui_app *app, const ui_key *k)
{
    new_state *st = state;
    switch (form_key(&st->form, k)) {
    case FORM_SUBMIT:
        return new_submit(st, app);
    case FORM_HANDLED:
        return ui_redraw();
    case FORM_IGNORED:
        break;
    }
    return ui_pass();
}

static const ui_action form_hints[] = {ACT_HELP, ACT_SELECT, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE};

static const screen_ops screen_admin_user_new = {
    .name = "admin-user-new",
    .title = N_("Nouveau compte"),
    .hints = form_hints,
    .open = new_open,
    .close = new_close,
    .draw = new_draw,
    .key = new_key,
};

/* ========================================================================= */
/* a password reset                                                          */
/* ========================================================================= */

enum { R_PASS, R_PASS2, R_COUNT };

typedef struct reset_state {
    users_state *users; /* the list below (not owned) */
    user_info target;
    ui_field fields[R_COUNT];
    ui_form form;
} reset_state;

static int reset_open(ui_app *app, void *arg, void **state)
{
    users_state *users = arg;
    const user_info *u = users ? selected_user(users) : NULL;
    if (!admin_is_manager(app) || !u)
        return -1;
    reset_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    static const char *const names[R_COUNT] = {"password", "password2"};
    static const char *const labels[R_COUNT] = {N_("Nouveau mot de passe"), N_("Confirmation")};
    const size_t max[R_COUNT] = {USER_PASSWORD_MAX, USER_PASSWORD_MAX};
    const int flags[R_COUNT] = {FIELD_PASSWORD, FIELD_PASSWORD};
    if (fields_init(st->fields, names, labels, max, flags, R_COUNT) != 0) {
        free(st);
        return -1;
    }
    form_init(&st->form, st->fields, R_COUNT);
    st->users = users;
    st->target = *u;
    *state = st;
    return 0;
}

static void reset_close(void *state, ui_app *app)
{
    reset_state *st = state;
    for (int i = 0; i < R_COUNT; i++)
        field_free(&st->fields[i]);
    free(st);
}

static void reset_draw(void *state, ui_app *app, const ui_rect *b)
{
    reset_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y + 1;
    char line[1024];
    snprintf(line, sizeof line, _("Réinitialiser le mot de passe de %s (%s)"),
             st->target.display_name, st->target.login);
    text_put(stdscr, y, x, w, line, theme_attr(TH_HEADING));
    snprintf(line, sizeof line,
             _("Attention : une réinitialisation crée une NOUVELLE clé personnelle pour %s. "
               "Ses notes privées deviendront illisibles pour elle ou lui, définitivement. "
               "Son accès aux notes d'équipe devra lui être redonné (Clé d'équipe). "
               "Si la personne connaît son mot de passe, qu'elle le change elle-même "
               "(Mon mot de passe) : ses notes restent alors lisibles."),
             st->target.display_name);
    int used = text_put_wrapped(stdscr, y + 2, x, w, 6, line, theme_attr(TH_ERROR));
    int cy, cx;
    form_draw(&st->form, stdscr, y + 3 + used, x, b->h - 4 - used, w, &cy, &cx);
    if (cy >= 0)
        app_set_cursor(app, cy, cx);
}

static ui_reaction reset_answer(void *ctx, ui_app *app, int yes)
{
    reset_state *st = ctx;
    if (!yes)
        return ui_redraw();
    app_busy(app, _(" Réinitialisation du mot de passe…"));
    g_error err = {0};
    if (user_reset_password(app->db, app->cfg, app->session->user_id, st->target.login,
                            st->fields[R_PASS].value, &err) != G_OK) {
        field_clear(&st->fields[R_PASS2]);
        if (!err.field[0])
            snprintf(err.field, sizeof err.field, "password");
        form_apply_error(&st->form, &err);
        return ui_redraw();
    }
    users_state *users = st->users;
    set_msg(users, 0,
            _("Mot de passe de « %s » réinitialisé. Ses anciennes notes privées ne lui sont plus "
              "lisibles ; redonnez-lui la clé d'équipe si besoin (Administration, Clé d'équipe)."),
            st->target.login);
    users_reload(users, app);
    return ui_pop(); /* the dialog adds its own pop: back to the list */
}

static ui_reaction reset_key(void *state, ui_app *app, const ui_key *k)
{
    reset_state *st = state;
    switch (form_key(&st->form, k)) {
    case FORM_SUBMIT:
        form_clear_errors(&st->form);
        if (strcmp(st->fields[R_PASS].value, st->fields[R_PASS2].value) != 0) {
            field_clear(&st->fields[R_PASS2]);
            field_set_error(&st->fields[R_PASS2],
                            _("Les deux mots de passe ne sont pas identiques : retapez-le."));
            form_focus(&st->form, "password2");
            return ui_redraw();
        }
        {
            g_error err = {0};
            if (user_check_password(app->cfg, st->fields[R_PASS].value, &err) != G_OK) {
                field_clear(&st->fields[R_PASS2]);
                form_apply_error(&st->form, &err);
                return ui_redraw();
            }
        }
        {
            char q[512];
            snprintf(q, sizeof q,
                     _("Réinitialiser le mot de passe de « %s » ? Ses notes privées lui "
                       "deviendront illisibles. (o/n)"),
                     st->target.login);
            return dialog_confirm(q, reset_answer, st);
        }
    case FORM_HANDLED:
        return ui_redraw();
    case FORM_IGNORED:
        break;
    }
    return ui_pass();
}

static const screen_ops screen_admin_reset = {
    .name = "admin-reset",
    .title = N_("Réinitialiser un mot de passe"),
    .hints = form_hints,
    .open = reset_open,
    .close = reset_close,
    .draw = reset_draw,
    .key = reset_key,
};

/* ========================================================================= */

static ui_reaction users_key(void *state, ui_app *app, const ui_key *k)
{
    users_state *st = state;
    if (list_key(&st->list, k, list_rows_now()))
        return ui_redraw();
    if (keys_is(k, ACT_ADM_NEW)) {
        st->msg[0] = 0;
        return ui_push(&screen_admin_user_new, st);
    }
    if (keys_is(k, ACT_ADM_TOGGLE)) {
        st->msg[0] = 0;
        return toggle(st, app);
    }
    if (keys_is(k, ACT_ADM_RESET)) {
        const user_info *u = selected_user(st);
        st->msg[0] = 0;
        if (!u)
            return ui_none();
        if (u->id == app->session->user_id) {
            set_msg(st, 1, "%s",
                    _("Pour votre propre compte, utilisez « Mon mot de passe » "
                      "(Administration, m) : vos notes restent lisibles."));
            return ui_redraw();
        }
        return ui_push(&screen_admin_reset, st);
    }
    return ui_pass();
}

static void users_resize(void *state, ui_app *app, const ui_rect *b)
{
    users_state *st = state;
    list_scroll(&st->list, list_rows(b));
}

static const ui_action users_hints[] = {ACT_ADM_NEW, ACT_ADM_TOGGLE, ACT_ADM_RESET,
                                        ACT_BACK,    ACT_HELP,       ACT_NONE};

const screen_ops screen_admin_users = {
    .name = "admin-users",
    .title = N_("Comptes du personnel"),
    .hints = users_hints,
    .open = users_open,
    .close = users_close,
    .draw = users_draw,
    .key = users_key,
    .resize = users_resize,
};
