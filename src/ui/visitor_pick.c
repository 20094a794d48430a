/* visitor_pick.c — the search-as-you-type visitor picker (visitor_pick.h).
 *
 * One search box; every keystroke that changes it asks visitor_search again
 * (no debounce, no button: the core answers from its index). The list shows
 * name, birth year, commune and the date of the last visit (and the phone
 * when the search is a phone number, to see which one matched); ↑↓ choose,
 * Entrée picks, Échap cancels, F3 registers a new visitor (when allowed)
 * with what was typed already in its field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/commune.h"
#include "guichet/i18n.h"
#include "guichet/utf8.h"
#include "guichet/normalize.h"
#include "guichet/visitor.h"
#include "guichet/strbuf.h"
#include "ui/intake_ui.h"
#include "ui/list.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/visitor_form.h"
#include "ui/visitor_pick.h"

#define PICK_MAX 100 /* rows asked of visitor_search */

typedef struct pick_state {
    visitor_pick_arg arg;
    ui_field search;
    ui_list list;
    visitor_row rows[PICK_MAX];
    int count, more;
    char error[512];
    int list_rows;              /* rows of the list at the last draw */
    int by_phone;               /* 1: the search is a phone number: its column is shown */
    char commune[PICK_MAX][48]; /* each row's commune by name, read by pick_refresh */
} pick_state;

static const ui_column pick_cols[] = {
    {N_("Nom"), 0, 0},        {N_("Naissance"), 9, 0},
    {N_("Commune"), 16, 0},   {N_("Dernière venue"), 14, 0},
    {N_("Téléphone"), 16, 0}, /* shown when the search is a phone number */
};
#define PICK_NCOLS (sizeof pick_cols / sizeof *pick_cols)

static ui_column shown_cols[PICK_NCOLS]; /* titles translated at open */

static const char *pick_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    pick_state *st = ctx;
    const visitor_row *r = &st->rows[row];
    buf[0] = 0;
    switch (col) {
    case 0:
        visitor_row_name(r, buf, size);
        if (r->birth_name[0] && strcmp(r->birth_name, r->last_name) != 0) {
            strbuf sb;
            strbuf_attach(&sb, buf, size);
            strbuf_printf(&sb, _(" (née %s)"), r->birth_name);
        }
        break;
    case 1:
        if (r->birth_year)
            snprintf(buf, size, "%d", r->birth_year);
        break;
    case 2:
        snprintf(buf, size, "%s", r->commune[0] ? st->commune[row] : r->postal_code);
        break;
    case 3:
        if (r->last_visit_at)
            intake_date(r->last_visit_at, buf, size);
        else
            snprintf(buf, size, "%s", _("jamais"));
        break;
    case 4:
        normalize_phone_display(r->phone, buf, size);
        break;
    }
    return buf;
}

/* 1 when q reads as (part of) a phone number: 4 digits or more and
 * nothing but digits and separators, and not a date. */
static int is_phone_query(const char *q)
{
    char digits[32];
    if (!*q || normalize_date_like(q))
        return 0;
    return normalize_digits(q, digits, sizeof digits) >= 4 &&
           strspn(q, "0123456789 .-+()") == strlen(q);
}

static void pick_refresh(pick_state *st, ui_app *app)
{
    g_error err = {0};
    st->error[0] = 0;
    st->count = st->more = 0;
    if (st->search.value[0] && visitor_search(app->db, st->search.value, st->rows, PICK_MAX,
                                              &st->count, &st->more, &err) != G_OK) {
        snprintf(st->error, sizeof st->error, "%s", err.msg);
        st->count = 0;
    }
    /* the communes by name (the list drawn reads them), read together */
    const char *codes[PICK_MAX];
    char labels[PICK_MAX][COMMUNE_LABEL_MAX];
    for (int i = 0; i < st->count; i++)
        codes[i] = st->rows[i].commune;
    if (st->count &&
        commune_labels(app->db, codes, st->count, labels[0], sizeof labels[0], &err) != G_OK)
        snprintf(st->error, sizeof st->error, "%s", err.msg);
    for (int i = 0; i < st->count; i++)
        utf8_fit(labels[i], 46, 1, st->commune[i], sizeof st->commune[i]);
    st->by_phone = is_phone_query(st->search.value);
    st->list.ncols = st->by_phone ? PICK_NCOLS : PICK_NCOLS - 1;
    st->list.selected = 0;
    st->list.top = 0;
    list_set_count(&st->list, (size_t)st->count);
}

static int pick_open(ui_app *app, void *arg, void **state)
{
    visitor_pick_arg *a = arg;
    if (!a || !a->done)
        return -1;
    pick_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    st->arg = *a;
    free(a);
    if (field_init(&st->search, "search", _("Rechercher"), VISITOR_NAME_MAX, 0) != 0) {
        free(st);
        return -1;
    }
    for (size_t i = 0; i < PICK_NCOLS; i++) {
        shown_cols[i] = pick_cols[i];
        shown_cols[i].title = _(pick_cols[i].title);
    }
    list_init(&st->list, shown_cols, PICK_NCOLS - 1, pick_cell, st);
    st->list.empty = NULL;
    /* the first keystrokes as quick as the next ones: the search statements
     * and index pages readied now, and the first time in a session the page
     * cache filled (some milliseconds, here rather than after the login:
     * the home screen comes as soon as the password is checked, and stays
     * small until a search is made); a failure shows again, with its
     * message, at the first search */
    g_error werr = {0};
    (void)visitor_search_warm(app->db, &werr);
    *state = st;
    return 0;
}

static void pick_close(void *state, ui_app *app)
{
    pick_state *st = state;
    field_free(&st->search);
    free(st);
}

static void pick_draw(void *state, ui_app *app, const ui_rect *b)
{
    pick_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y + 1;
    text_put(stdscr, y, x, w, st->arg.title ? st->arg.title : _("Rechercher un visiteur"),
             theme_attr(TH_HEADING));
    char label[64];
    snprintf(label, sizeof label, "%s :", _("Rechercher"));
    int lw = text_put(stdscr, y + 1, x, w, label, theme_attr(TH_LABEL)) + 1;
    int bw = w - lw > 50 ? 50 : w - lw;
    int cx;
    field_draw_box(&st->search, stdscr, y + 1, x + lw, bw, 1, &cx);
    app_set_cursor(app, y + 1, cx);
    /* the error or the hint, wrapped on two rows at most */
    int used;
    if (st->search.error[0])
        used = text_put_wrapped(stdscr, y + 2, x, w, 2, st->search.error, theme_attr(TH_ERROR));
    else if (st->error[0])
        used = text_put_wrapped(stdscr, y + 2, x, w, 2, st->error, theme_attr(TH_ERROR));
    else
        used = text_put_wrapped(stdscr, y + 2, x, w, 2,
                                _("Début du nom ou du prénom, téléphone (4 chiffres ou plus) ou "
                                  "date de naissance JJ/MM/AAAA."),
                                theme_attr(TH_MUTED));
    if (used < 1)
        used = 1;
    theme_hline(stdscr, y + 2 + used, x, w, theme_attr(TH_BORDER));
    int ly = y + 3 + used, lh = b->y + b->h - 1 - ly;
    st->list_rows = lh - 1;
    if (st->count) {
        list_draw(&st->list, stdscr, ly, x, lh, w, 1);
    } else if (st->search.value[0] && !st->error[0]) {
        text_put(stdscr, ly + 1, x, w, _("Aucun visiteur trouvé."), theme_attr(TH_MUTED));
    }
    char foot[256] = "";
    if (st->more)
        snprintf(foot, sizeof foot, _("Plus de %d résultats : précisez la recherche."), st->count);
    else if (st->count)
        snprintf(foot, sizeof foot, P_("%d visiteur trouvé.", "%d visiteurs trouvés.", st->count),
                 st->count);
    int fy = b->y + b->h - 1;
    text_put(stdscr, fy, x, w, foot, theme_attr(TH_MUTED));
    if (st->arg.allow_new) {
        char k[32], line[128];
        snprintf(line, sizeof line, _("%s : nouveau visiteur"),
                 keys_action_key(ACT_NEW, k, sizeof k));
        text_put_right(stdscr, fy, x, w, line, theme_attr(TH_HOTKEY));
    }
}

/* The new visitor's form saved (or an existing file chosen): pick it. */
static ui_reaction pick_new_done(void *ctx, ui_app *app, int64_t visitor_id)
{
    pick_state *st = ctx;
    ui_reaction r = st->arg.done(st->arg.ctx, app, visitor_id);
    r.pop++; /* the picker goes too */
    return r;
}

static ui_reaction pick_key(void *state, ui_app *app, const ui_key *k)
{
    pick_state *st = state;
    if (k->action == ACT_BACK) {
        ui_reaction r = st->arg.done(st->arg.ctx, app, 0);
        r.pop++;
        if (r.kind == UI_NONE || r.kind == UI_PASS)
            r.kind = UI_REDRAW;
        return r;
    }
    if (k->action == ACT_SELECT) {
        if (!st->count)
            return ui_none();
        ui_reaction r = st->arg.done(st->arg.ctx, app, st->rows[st->list.selected].id);
        r.pop++;
        if (r.kind == UI_NONE || r.kind == UI_PASS)
            r.kind = UI_REDRAW;
        return r;
    }
    if (k->action == ACT_NEW && st->arg.allow_new) {
        visitor_form_arg *fa = calloc(1, sizeof *fa);
        if (!fa)
            return ui_none();
        snprintf(fa->prefill, sizeof fa->prefill, "%s", st->search.value);
        fa->done = pick_new_done;
        fa->ctx = st;
        return ui_push(&screen_visitor_form, fa);
    }
    if (list_key(&st->list, k, st->list_rows > 0 ? st->list_rows : 1))
        return ui_redraw();
    if (k->fn && k->action != ACT_NONE)
        return ui_pass();
    if (!k->fn && k->ch < 0x20 && k->action != ACT_NONE)
        return ui_pass();
    char before[VISITOR_NAME_MAX * 4 + 1];
    snprintf(before, sizeof before, "%s", st->search.value);
    if (!field_key(&st->search, k))
        return ui_pass();
    if (strcmp(before, st->search.value) != 0)
        pick_refresh(st, app);
    return ui_redraw();
}

static const ui_action pick_hints[] = {ACT_HELP, ACT_SELECT, ACT_NEW, ACT_BACK, ACT_NONE};

const screen_ops screen_visitor_pick = {
    .name = "visitor_pick",
    .title = N_("Recherche de visiteur"),
    .hints = pick_hints,
    .keymap = KM_PICK,
    .open = pick_open,
    .close = pick_close,
    .draw = pick_draw,
    .key = pick_key,
};
