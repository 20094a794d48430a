/* home.c — the home screen: the desk's entries, each opened by its letter
 * (or ↑↓ and Entrée). Screens of later versions plug in through the table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "guichet/i18n.h"
#include "ui/list.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"

typedef struct home_entry {
    char key;                 /* the letter that opens it (also its digit 1..9) */
    const char *label;        /* N_() */
    const char *desc;         /* N_() one line */
    const screen_ops *screen; /* NULL until the screen exists: « arrive bientôt » */
} home_entry;

/* To plug a new screen: replace NULL by &screen_<name> (declared in screens.h). */
static const home_entry entries[] = {
    {'a', N_("Accueil"), N_("Accueillir un visiteur, enregistrer sa demande"), NULL},
    {'o', N_("Orientation"), N_("Orienter vers un partenaire et suivre la suite"), NULL},
    {'g', N_("Agenda"), N_("Rendez-vous et permanences des partenaires"), &screen_agenda},
    {'n', N_("Notes"), N_("Notes confidentielles de suivi"), NULL},
    {'s', N_("Statistiques"), N_("Activité du site et exports"), NULL},
    {'d', N_("Administration"), N_("Comptes, annuaire des services, réglages"), NULL},
};
#define N_ENTRIES (sizeof entries / sizeof *entries)

typedef struct home_state {
    ui_list list;
} home_state;

static const ui_column cols[] = {
    {NULL, 5, 0},
    {NULL, 16, 0},
    {NULL, 0, 0},
};

static const char *home_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    const home_entry *e = &entries[row];
    if (col == 0)
        snprintf(buf, size, " %c ", e->key);
    else if (col == 1)
        snprintf(buf, size, "%s", _(e->label));
    else
        snprintf(buf, size, "%s", _(e->desc));
    return buf;
}

static int home_open(ui_app *app, void *arg, void **state)
{
    home_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    list_init(&st->list, cols, 3, home_cell, NULL);
    list_set_count(&st->list, N_ENTRIES);
    *state = st;
    return 0;
}

static void home_close(void *state, ui_app *app)
{
    free(state);
}

static void home_draw(void *state, ui_app *app, const ui_rect *b)
{
    home_state *st = state;
    int x = b->x + 4, w = b->w - 8, y = b->y + 1;
    char hello[256];
    snprintf(hello, sizeof hello, _("Bonjour %s."), app->session ? app->session->display_name : "");
    text_put(stdscr, y, x, w, hello, theme_attr(TH_HEADING));
    text_put(stdscr, y + 1, x, w,
             _("Choisissez un espace avec sa lettre, ou avec les flèches puis Entrée."),
             theme_attr(TH_MUTED));
    theme_hline(stdscr, y + 2, x, w, theme_attr(TH_BORDER));
    list_draw(&st->list, stdscr, y + 4, x, (int)N_ENTRIES, w, 1);
    /* the letters stand out */
    for (size_t i = 0; i < N_ENTRIES; i++) {
        char k[4] = {' ', entries[i].key, ' ', 0};
        attr_t a = i == st->list.selected ? theme_attr(TH_SELECT) | A_BOLD : theme_attr(TH_HOTKEY);
        text_put(stdscr, y + 4 + (int)i, x, 3, k, a);
    }
}

static ui_reaction open_entry(size_t i)
{
    if (entries[i].screen)
        return ui_push(entries[i].screen, NULL);
    return ui_push(&screen_soon, (void *)entries[i].label);
}

static ui_reaction home_key(void *state, ui_app *app, const ui_key *k)
{
    home_state *st = state;
    if (list_key(&st->list, k, (int)N_ENTRIES))
        return ui_redraw();
    if (k->action == ACT_SELECT)
        return open_entry(st->list.selected);
    if (!k->fn) {
        wint_t c = towlower(k->ch);
        for (size_t i = 0; i < N_ENTRIES; i++)
            if (c == (wint_t)entries[i].key || c == (wint_t)('1' + i)) {
                st->list.selected = i;
                return open_entry(i);
            }
    }
    return ui_pass();
}

static const ui_action home_hints[] = {ACT_HELP,   ACT_SELECT, ACT_LOCK,
                                       ACT_LOGOUT, ACT_QUIT,   ACT_NONE};

const screen_ops screen_home = {
    .name = "home",
    .title = N_("Menu principal"),
    .hints = home_hints,
    .open = home_open,
    .close = home_close,
    .draw = home_draw,
    .key = home_key,
};

/* --- the placeholder of screens still to come ---------------------------- */
static int soon_open(ui_app *app, void *arg, void **state)
{
    *state = arg; /* a static N_() label */
    return 0;
}

static void soon_draw(void *state, ui_app *app, const ui_rect *b)
{
    const char *label = state ? _((const char *)state) : "";
    int y = b->y + b->h / 2 - 2;
    text_put_center(stdscr, y, b->x, b->w, label, theme_attr(TH_HEADING));
    text_put_center(stdscr, y + 2, b->x, b->w, _("Cet écran arrive avec une prochaine version."),
                    theme_attr(TH_NORMAL));
    char back[64], line[160];
    snprintf(line, sizeof line, _("%s : retour à l'accueil"),
             keys_action_key(ACT_BACK, back, sizeof back));
    text_put_center(stdscr, y + 4, b->x, b->w, line, theme_attr(TH_MUTED));
}

static ui_reaction soon_key(void *state, ui_app *app, const ui_key *k)
{
    if (k->action == ACT_SELECT)
        return ui_pop();
    return ui_pass();
}

static const char *soon_title(void *state)
{
    return state ? _((const char *)state) : _("Prochainement");
}

static const ui_action soon_hints[] = {ACT_HELP, ACT_BACK, ACT_LOCK, ACT_QUIT, ACT_NONE};

const screen_ops screen_soon = {
    .name = "soon",
    .title = N_("Prochainement"),
    .hints = soon_hints,
    .open = soon_open,
    .draw = soon_draw,
    .key = soon_key,
    .title_of = soon_title,
};
