/* admin.c — the Administration menu, and the helpers of the admin screens
 * (see admin.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "ui/admin.h"
#include "ui/dialog.h"
#include "ui/list.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"

int admin_is_manager(const ui_app *app)
{
    return app->session && app->session->role == ROLE_RESPONSABLE;
}

ui_reaction admin_refusal(void)
{
    char text[512];
    return dialog_message(_("Accès réservé"),
                          keys_sentence(text, sizeof text,
                                        _("Cette action est réservée au responsable du site "
                                          "(comptes du personnel, clé d'équipe, export, journal, "
                                          "agenda du site, protection des données, référents, "
                                          "synchronisation). "
                                          "Vous pouvez changer votre propre mot de passe avec "
                                          "« %s »."),
                                        ACT_ADM_MENU_PASSWD, ACT_NONE),
                          1);
}

const char *admin_when(int64_t t, char *buf, size_t size)
{
    if (t <= 0)
        snprintf(buf, size, "%s", _("jamais"));
    else
        clock_format(t, "%d/%m/%Y %H:%M", buf, size);
    return buf;
}

/* --- the menu ------------------------------------------------------------- */
typedef struct admin_entry {
    ui_action action;         /* its key (actions.def, rebindable) */
    const char *label;        /* N_() */
    const char *desc;         /* N_() one line */
    int manager_only;         /* 1: responsable only */
    const screen_ops *screen; /* what it opens */
} admin_entry;

static const admin_entry entries[] = {
    {ACT_ADM_MENU_USERS, N_("Comptes du personnel"),
     N_("Créer, désactiver, réinitialiser un compte"), 1, &screen_admin_users},
    {ACT_ADM_MENU_PASSWD, N_("Mon mot de passe"), N_("Le changer ; mes notes restent lisibles"), 0,
     &screen_admin_passwd},
    {ACT_ADM_MENU_TEAM, N_("Clé d'équipe"), N_("Qui lit les notes d'équipe ; la donner"), 1,
     &screen_admin_team},
    {ACT_ADM_MENU_EXPORT, N_("Exporter maintenant"),
     N_("Fichiers CSV des partenaires : état, envoi"), 1, &screen_admin_export},
    {ACT_ADM_MENU_JOURNAL, N_("Journal"), N_("Dernières entrées (connexions, comptes…)"), 1,
     &screen_admin_journal},
    {ACT_ADM_MENU_AGENDA, N_("Agenda du site"), N_("Ressources, motifs, plages d'ouverture"), 1,
     &screen_admin_agenda},
    {ACT_ADM_MENU_RGPD, N_("Protection des données"),
     N_("Durées de conservation, purge (simulation, puis la faire)"), 1, &screen_admin_rgpd},
    {ACT_ADM_MENU_REFERENTS, N_("Référents"),
     N_("Contacts des partenaires : ajouter, corriger, remplacer"), 1, &screen_admin_referents},
    {ACT_ADM_MENU_SYNC, N_("Synchronisation"),
     N_("Paquets envoyés et reçus, conflits ; préparer un paquet"), 1, &screen_admin_sync},
};
#define N_ENTRIES (sizeof entries / sizeof *entries)

typedef struct admin_state {
    ui_list list;
    int manager; /* the session's role when opened */
} admin_state;

static const ui_column cols[] = {
    {NULL, 5, 0},
    {NULL, 24, 0},
    {NULL, 0, 0},
};

static const char *admin_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    const admin_state *st = ctx;
    const admin_entry *e = &entries[row];
    if (col == 0) {
        char key[32];
        snprintf(buf, size, " %s ", keys_action_key(e->action, key, sizeof key));
    } else if (col == 1)
        snprintf(buf, size, "%s", _(e->label));
    else if (e->manager_only && !st->manager)
        snprintf(buf, size, "%s", _("(réservé au responsable)"));
    else
        snprintf(buf, size, "%s", _(e->desc));
    return buf;
}

static int admin_open(ui_app *app, void *arg, void **state)
{
    if (!app->session)
        return -1;
    admin_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    st->manager = admin_is_manager(app);
    list_init(&st->list, cols, 3, admin_cell, st);
    list_set_count(&st->list, N_ENTRIES);
    *state = st;
    return 0;
}

static void admin_close(void *state, ui_app *app)
{
    free(state);
}

static void admin_draw(void *state, ui_app *app, const ui_rect *b)
{
    admin_state *st = state;
    st->manager = admin_is_manager(app);
    int x = b->x + 4, w = b->w - 8, y = b->y + 1;
    text_put(stdscr, y, x, w, _("Administration du site"), theme_attr(TH_HEADING));
    char how[256];
    int used = text_put_wrapped(
        stdscr, y + 1, x, w, 2,
        st->manager ? keys_sentence(how, sizeof how,
                                    _("Choisissez avec la lettre, ou avec les flèches "
                                      "puis %s."),
                                    ACT_SELECT, ACT_NONE)
                    : _("Seul votre mot de passe se gère ici ; le reste est réservé "
                        "au responsable du site."),
        theme_attr(TH_MUTED));
    y += used > 1 ? used - 1 : 0; /* the menu under the hint, however long */
    theme_hline(stdscr, y + 2, x, w, theme_attr(TH_BORDER));
    list_draw(&st->list, stdscr, y + 4, x, (int)N_ENTRIES, w, 1);
    for (size_t i = 0; i < N_ENTRIES; i++) {
        char key[32], k[40];
        snprintf(k, sizeof k, " %s ", keys_action_key(entries[i].action, key, sizeof key));
        attr_t a = i == st->list.selected ? theme_attr(TH_SELECT) | A_BOLD : theme_attr(TH_HOTKEY);
        text_put(stdscr, y + 4 + (int)i, x, 5, k, a);
    }
}

static ui_reaction open_entry(admin_state *st, ui_app *app, size_t i)
{
    st->list.selected = i;
    if (entries[i].manager_only && !admin_is_manager(app))
        return admin_refusal();
    return ui_push(entries[i].screen, NULL);
}

static ui_reaction admin_key(void *state, ui_app *app, const ui_key *k)
{
    admin_state *st = state;
    if (list_key(&st->list, k, (int)N_ENTRIES))
        return ui_redraw();
    if (k->action == ACT_SELECT)
        return open_entry(st, app, st->list.selected);
    for (size_t i = 0; i < N_ENTRIES; i++)
        if (k->action == entries[i].action || (!k->fn && k->ch == (wint_t)('1' + i)))
            return open_entry(st, app, i);
    return ui_pass();
}

static const ui_action admin_hints[] = {ACT_HELP, ACT_SELECT, ACT_BACK,
                                        ACT_LOCK, ACT_QUIT,   ACT_NONE};

const screen_ops screen_admin = {
    .name = "admin",
    .title = N_("Administration"),
    .hints = admin_hints,
    .keymap = KM_ADMIN,
    .open = admin_open,
    .close = admin_close,
    .draw = admin_draw,
    .key = admin_key,
};
