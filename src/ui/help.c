/* help.c — the help screen, generated from actions.def, plus the editing
 * keys of text fields (field.c). */
#include <stdio.h>
#include <stdlib.h>

#include "guichet/i18n.h"
#include "ui/list.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"

/* Keys of text fields: not actions (they cannot be rebound). */
static const struct {
    const char *keys, *label, *help;
} field_keys[] = {
    {"←, →", N_("Curseur"), N_("Déplace le curseur dans le champ")},
    {N_("Début, Fin, ^A, ^E"), N_("Début, fin"), N_("Va au début ou à la fin du champ")},
    {N_("Retour arr., Suppr"), N_("Effacer"), N_("Efface avant ou sous le curseur")},
    {"^U, ^K", N_("Vider"), N_("Vide avant ou après le curseur")},
};
#define N_FIELD_KEYS (sizeof field_keys / sizeof *field_keys)
#define N_ACTIONS    ((size_t)ACT__COUNT - 1)

typedef struct help_state {
    ui_list list;
} help_state;

static const ui_column cols[] = {
    {N_("Touches"), 18, 0},
    {N_("Action"), 15, 0},
    {N_("Effet"), 0, 0},
};

static const char *help_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    if (row < N_ACTIONS) {
        ui_action a = (ui_action)(row + 1);
        if (col == 0)
            return keys_action_keys(a, buf, size);
        snprintf(buf, size, "%s", col == 1 ? keys_label(a) : keys_help(a));
        return buf;
    }
    row -= N_ACTIONS;
    if (row == 0) {
        snprintf(buf, size, "%s", col == 0 ? _("Dans un champ de saisie") : "");
        return buf;
    }
    row--;
    snprintf(buf, size, "%s",
             _(col == 0   ? field_keys[row].keys
               : col == 1 ? field_keys[row].label
                          : field_keys[row].help));
    return buf;
}

static ui_column tcols[3];

static int help_open(ui_app *app, void *arg, void **state)
{
    help_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    for (int i = 0; i < 3; i++) {
        tcols[i] = cols[i];
        tcols[i].title = _(cols[i].title);
    }
    list_init(&st->list, tcols, 3, help_cell, NULL);
    list_set_count(&st->list, N_ACTIONS + 1 + N_FIELD_KEYS);
    *state = st;
    return 0;
}

static void help_close(void *state, ui_app *app)
{
    free(state);
}

static void help_draw(void *state, ui_app *app, const ui_rect *b)
{
    help_state *st = state;
    text_put(stdscr, b->y + 1, b->x + 2, b->w - 4, _("Touches de guichet"), theme_attr(TH_HEADING));
    text_put(stdscr, b->y + 2, b->x + 2, b->w - 4,
             _("Dans un champ de saisie, les lettres s'écrivent : « ? » et « q » aussi."),
             theme_attr(TH_MUTED));
    list_draw(&st->list, stdscr, b->y + 4, b->x + 1, b->h - 5, b->w - 2, 1);
}

static ui_reaction help_key(void *state, ui_app *app, const ui_key *k)
{
    help_state *st = state;
    ui_rect b = app_body_rect(LINES, COLS);
    if (list_key(&st->list, k, b.h - 6))
        return ui_redraw();
    if (k->action == ACT_HELP || k->action == ACT_SELECT || (!k->fn && k->ch == 'q'))
        return ui_pop();
    return ui_pass();
}

static const ui_action help_hints[] = {ACT_BACK, ACT_UP, ACT_DOWN, ACT_PAGE_DOWN, ACT_NONE};

const screen_ops screen_help = {
    .name = "help",
    .title = N_("Aide"),
    .hints = help_hints,
    .open = help_open,
    .close = help_close,
    .draw = help_draw,
    .key = help_key,
};
