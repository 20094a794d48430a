/* help.c — the help screen (see help.h), generated from actions.def, plus
 * the editing keys of text fields (field.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/i18n.h"
#include "ui/help.h"
#include "ui/keys.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"

/* Keys of text fields: not actions (they cannot be rebound). */
static const struct {
    const char *keys, *label, *help;
} field_keys[] = {
    {"←, →", N_("Curseur"), N_("Déplace le curseur dans le champ")},
    {N_("Début, ^A"), N_("Début"), N_("Va au début du champ")},
    {N_("Fin, ^E"), N_("Fin"), N_("Va à la fin du champ")},
    {N_("Retour arr."), N_("Effacer avant"), N_("Efface le caractère avant le curseur")},
    {N_("Suppr"), N_("Effacer"), N_("Efface le caractère sous le curseur")},
    {"^U, ^K", N_("Vider"), N_("Vide avant ou après le curseur")},
};
#define N_FIELD_KEYS (sizeof field_keys / sizeof *field_keys)

void help_widths(int width, int *keys_w, int *label_w, int *text_w)
{
    *keys_w = 12;
    *label_w = 20;
    if (width < 70) {
        *keys_w = width / 4;
        *label_w = width / 4;
    }
    *text_w = width - *keys_w - *label_w - 2;
    if (*text_w < 10)
        *text_w = 10;
}

typedef struct builder {
    help_row *rows;
    size_t n, max;
    int text_w;
    unsigned char shown[ACT__COUNT];
} builder;

static help_row *next_row(builder *b, help_row_kind kind, int action)
{
    if (b->n >= b->max)
        return NULL;
    help_row *r = &b->rows[b->n++];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->action = action;
    return r;
}

static void heading(builder *b, const char *title)
{
    if (b->n && b->n < b->max)
        next_row(b, HELP_MORE, 0); /* a blank row between sections */
    help_row *r = next_row(b, HELP_HEADING, 0);
    if (r)
        snprintf(r->text, sizeof r->text, "%s", title);
}

/* keys, label, then the description wrapped on as many rows as it needs */
static void entry(builder *b, int action, const char *keys, const char *label, const char *text)
{
    help_row *r = next_row(b, HELP_KEY, action);
    if (!r)
        return;
    snprintf(r->keys, sizeof r->keys, "%s", keys);
    snprintf(r->label, sizeof r->label, "%s", label);
    int first = 1;
    while (*text) {
        size_t next = 0, len = text_wrap(text, b->text_w, &next);
        if (!first && !(r = next_row(b, HELP_MORE, action)))
            return;
        snprintf(r->text, sizeof r->text, "%.*s", (int)len, text);
        first = 0;
        if (!next)
            break;
        text += next;
    }
}

static void action_entry(builder *b, ui_action a)
{
    if (a <= ACT_NONE || a >= ACT__COUNT || b->shown[a])
        return;
    char keys[64];
    keys_action_keys(a, keys, sizeof keys);
    if (!keys[0])
        return; /* unbound: nothing to press */
    b->shown[a] = 1;
    entry(b, a, keys, keys_label(a), keys_help(a));
}

size_t help_build(const screen_ops *from, int width, help_row *rows, size_t max)
{
    builder b = {.rows = rows, .max = max};
    int kw, lw;
    help_widths(width, &kw, &lw, &b.text_w);
    char title[160];

    /* 1. the screen the help was opened from */
    if (from && from != &screen_help) {
        if (from->title)
            snprintf(title, sizeof title, _("Sur cet écran (%s)"), _(from->title));
        else
            snprintf(title, sizeof title, "%s", _("Sur cet écran"));
        heading(&b, title);
        /* its status-bar hints, then every other action its keymap reads
         * (actions.def): what help lists is what the screen does */
        if (from->hints)
            for (const ui_action *h = from->hints; *h != ACT_NONE; h++)
                action_entry(&b, *h);
        for (const ui_action *a = keys_keymap(from->keymap); *a != ACT_NONE; a++)
            action_entry(&b, *a);
    }
    /* 2. the keys that act everywhere */
    heading(&b, _("Partout"));
    for (int a = ACT_SHARED_FIRST; a <= ACT_SHARED_LAST; a++)
        action_entry(&b, (ui_action)a);
    /* 3. editing keys of the text fields */
    heading(&b, _("Dans un champ de saisie"));
    for (size_t i = 0; i < N_FIELD_KEYS; i++)
        entry(&b, 0, _(field_keys[i].keys), _(field_keys[i].label), _(field_keys[i].help));
    /* 4. the other screens' keys, each with its context */
    heading(&b, _("Sur les autres écrans"));
    for (int a = ACT_SHARED_LAST + 1; a < ACT__COUNT; a++)
        action_entry(&b, (ui_action)a);
    return b.n;
}

/* --- the screen ------------------------------------------------------------ */
#define HELP_MAX_ROWS 600

typedef struct help_state {
    const screen_ops *from; /* the screen below (not owned) */
    help_row *rows;
    size_t count;
    size_t top; /* first row shown */
    int width;  /* width the rows were built for */
} help_state;

static int table_w(const ui_rect *b)
{
    return b->w - 4;
}

static int table_h(const ui_rect *b)
{
    return b->h - 5 > 1 ? b->h - 5 : 1;
}

static void rebuild(help_state *st, int width)
{
    st->width = width;
    st->count = help_build(st->from, width, st->rows, HELP_MAX_ROWS);
    if (st->top >= st->count)
        st->top = st->count ? st->count - 1 : 0;
}

static int help_open(ui_app *app, void *arg, void **state)
{
    help_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    st->rows = calloc(HELP_MAX_ROWS, sizeof *st->rows);
    if (!st->rows) {
        free(st);
        return -1;
    }
    st->from = app->depth > 0 ? app->stack[app->depth - 1].ops : NULL;
    ui_rect b = app_body_rect(LINES, COLS);
    rebuild(st, table_w(&b));
    *state = st;
    return 0;
}

static void help_close(void *state, ui_app *app)
{
    help_state *st = state;
    free(st->rows);
    free(st);
}

static void help_draw(void *state, ui_app *app, const ui_rect *b)
{
    help_state *st = state;
    int x = b->x + 2, w = table_w(b), h = table_h(b);
    if (w != st->width)
        rebuild(st, w);
    text_put(stdscr, b->y + 1, x, w, _("Touches de guichet"), theme_attr(TH_HEADING));
    text_put(stdscr, b->y + 2, x, w,
             _("Dans un champ de saisie, les lettres s'écrivent : « ? » et « q » aussi."),
             theme_attr(TH_MUTED));
    int kw, lw, tw;
    help_widths(w, &kw, &lw, &tw);
    for (int i = 0; i < h && st->top + (size_t)i < st->count; i++) {
        const help_row *r = &st->rows[st->top + (size_t)i];
        int y = b->y + 4 + i;
        if (r->kind == HELP_HEADING) {
            text_put(stdscr, y, x, w, r->text, theme_attr(TH_HEADING) | A_BOLD);
            continue;
        }
        text_put(stdscr, y, x, kw, r->keys, theme_attr(TH_HOTKEY));
        text_put(stdscr, y, x + kw + 1, lw, r->label, theme_attr(TH_LABEL));
        text_put(stdscr, y, x + kw + lw + 2, tw, r->text, theme_attr(TH_NORMAL));
    }
    if (st->top > 0)
        text_put(stdscr, b->y + 4, x + w + 1, 1, "↑", theme_attr(TH_MUTED));
    if (st->top + (size_t)h < st->count)
        text_put(stdscr, b->y + 3 + h, x + w + 1, 1, "↓", theme_attr(TH_MUTED));
}

static ui_reaction help_key(void *state, ui_app *app, const ui_key *k)
{
    help_state *st = state;
    ui_rect b = app_body_rect(LINES, COLS);
    long h = table_h(&b), max = (long)st->count - h, top = (long)st->top;
    switch (k->action) {
    case ACT_UP:
        top--;
        break;
    case ACT_DOWN:
        top++;
        break;
    case ACT_PAGE_UP:
        top -= h - 1;
        break;
    case ACT_PAGE_DOWN:
        top += h - 1;
        break;
    case ACT_FIRST:
        top = 0;
        break;
    case ACT_LAST:
        top = max;
        break;
    default:
        /* the printable quit key (q) closes the help; F10 still quits */
        if (k->action == ACT_HELP || k->action == ACT_SELECT || (k->action == ACT_QUIT && !k->fn))
            return ui_pop();
        return ui_pass();
    }
    if (top > max)
        top = max;
    if (top < 0)
        top = 0;
    st->top = (size_t)top;
    return ui_redraw();
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
