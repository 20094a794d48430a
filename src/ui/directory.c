/* directory.c — the directory of partner services: search as you type, the
 * filters (partner, thématique category, commune), the details pane, the
 * full service sheet, and the start of an orientation (see orient.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/directory.h"
#include "guichet/hours.h"
#include "guichet/i18n.h"
#include "guichet/ref.h"
#include "guichet/strbuf.h"
#include "ui/dialog.h"
#include "ui/escalation.h"
#include "ui/field.h"
#include "ui/list.h"
#include "ui/orient.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/visitor_pick.h"

#define SEARCH_LIMIT 200

/* --- the details, shared by the pane and the full sheet ------------------ */

typedef struct det_out {
    int y, x, h, w; /* the area */
    int skip;       /* lines scrolled away */
    int line;       /* logical line being written (all lines counted) */
    int label_w;    /* label column */
} det_out;

/* Writes one wrapped text starting at column `col` (relative), with `first`
 * drawn in the label column of its first line. */
static void det_text(det_out *o, const char *first, const char *text, attr_t attr)
{
    int col = first ? o->label_w + 1 : 0;
    int width = o->w - col;
    if (width < 8)
        width = 8;
    const char *s = text;
    int first_line = 1;
    char buf[TEXT_MAX];
    do {
        /* one paragraph at a time: text_wrap stops at '\n' */
        size_t next, len = text_wrap(s, width, &next);
        int row = o->line - o->skip;
        if (row >= 0 && row < o->h) {
            if (first && first_line)
                text_put(stdscr, o->y + row, o->x, o->label_w, first, theme_attr(TH_LABEL));
            if (len >= sizeof buf)
                len = sizeof buf - 1;
            memcpy(buf, s, len);
            buf[len] = 0;
            text_put(stdscr, o->y + row, o->x + col, width, buf, attr);
        }
        o->line++;
        first_line = 0;
        if (!next)
            break;
        s += next;
    } while (*s);
}

static void det_pair(det_out *o, const char *label, const char *value)
{
    if (!value || !value[0])
        return;
    det_text(o, label, value, theme_attr(TH_NORMAL));
}

/* "a, b" from a comma list of codes and their labels. */
static void code_labels(const char *list, const char *const *codes, const char *const *labels,
                        char *out, size_t size)
{
    out[0] = 0;
    char copy[512];
    snprintf(copy, sizeof copy, "%s", list);
    char *save = NULL;
    strbuf sb;
    strbuf_init(&sb, out, size);
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        int i = ref_index(codes, tok);
        strbuf_join(&sb, ", ", i >= 0 ? _(labels[i]) : tok);
    }
}

/* "a-b,c-d" (data·inclusion codes) as "a b, c d" for reading. */
static void codes_as_words(const char *list, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = list; *p && n + 3 < size; p++) {
        if (*p == ',') {
            out[n++] = ',';
            out[n++] = ' ';
        } else {
            out[n++] = *p == '-' ? ' ' : *p;
        }
    }
    out[n] = 0;
}

int directory_draw_details(const g_service *s, int64_t now, int y, int x, int h, int w, int skip)
{
    det_out o = {y, x, h, w, skip, 0, 11};
    char buf[2048];
    det_text(&o, NULL, s->name, theme_attr(TH_HEADING));
    if (s->structure[0] && strcmp(s->structure, s->name) != 0)
        det_text(&o, NULL, s->structure, theme_attr(TH_MUTED));
    const ref_operator *op = s->operator_code[0] ? ref_operator_find(s->operator_code) : NULL;
    det_pair(&o, _("Partenaire"), op ? op->label : _("structure locale"));
    buf[0] = 0;
    if (s->address[0] || s->postal_code[0] || s->commune[0])
        snprintf(buf, sizeof buf, "%s%s%s%s%s", s->address, s->address[0] ? ", " : "",
                 s->postal_code, s->postal_code[0] ? " " : "", s->commune);
    det_pair(&o, _("Adresse"), buf);
    det_pair(&o, _("Téléphone"), s->phone[0] ? s->phone : _("non renseigné"));
    det_pair(&o, _("Courriel"), s->email);
    det_pair(&o, _("Site web"), s->web);
    /* the hours: the live status, then the week in words */
    g_hours hours;
    g_error err = {0};
    if (!s->hours[0]) {
        det_pair(&o, _("Horaires"), _("non renseignés"));
    } else if (hours_parse(s->hours, &hours, &err) != G_OK) {
        /* kept as the source wrote them: shown as they are */
        det_pair(&o, _("Horaires"), s->hours);
        det_text(&o, "", _("(tels que la source les écrit : guichet ne sait pas les lire)"),
                 theme_attr(TH_MUTED));
    } else {
        char status[128];
        hours_status(&hours, now, status, sizeof status);
        det_text(&o, _("Horaires"), status,
                 theme_attr(hours_is_open(&hours, now) ? TH_OK : TH_ERROR) | A_BOLD);
        hours_describe(&hours, buf, sizeof buf);
        det_text(&o, "", buf, theme_attr(TH_NORMAL));
    }
    det_pair(&o, _("À apporter"), s->to_bring);
    code_labels(s->modes, directory_modes, directory_mode_labels, buf, sizeof buf);
    det_pair(&o, _("Accueil"), buf);
    code_labels(s->fees, directory_fees, directory_fee_labels, buf, sizeof buf);
    det_pair(&o, _("Frais"), buf);
    strbuf sb;
    strbuf_init(&sb, buf, sizeof buf);
    for (int i = 0; i < s->ntheme; i++) {
        const ref_code *t = ref_theme_find(s->themes[i]);
        strbuf_join(&sb, ", ", t ? t->label : s->themes[i]);
    }
    det_pair(&o, _("Thématiques"), buf);
    codes_as_words(s->publics, buf, sizeof buf);
    det_pair(&o, _("Publics"), buf);
    det_pair(&o, _("Conditions"), s->conditions);
    codes_as_words(s->mobilisation, buf, sizeof buf);
    det_pair(&o, _("Mobiliser"), buf);
    det_pair(&o, _("Lien"), s->mobilisation_link);
    codes_as_words(s->eligibility, buf, sizeof buf);
    det_pair(&o, _("Zone"), buf);
    det_pair(&o, _("Description"), s->description);
    if (s->source_updated[0]) {
        /* YYYY-MM-DD → « mis à jour le DD/MM/YYYY » */
        char when[64];
        snprintf(when, sizeof when, _("mis à jour le %.2s/%.2s/%.4s"), s->source_updated + 8,
                 s->source_updated + 5, s->source_updated);
        det_text(&o, "", when, theme_attr(TH_MUTED));
    }
    return o.line;
}

/* "ouvert" / "fermé" for a result line, "" when the hours are unknown. */
static const char *short_status(const char *text, int64_t now)
{
    g_hours h;
    if (!text[0] || hours_parse(text, &h, NULL) != G_OK)
        return "";
    return hours_is_open(&h, now) ? _("ouvert") : _("fermé");
}

/* --- starting an orientation from a service ------------------------------ */

typedef struct orient_pending {
    int64_t service_id;
    char title[320]; /* the picker's title: it must outlive the picker */
} orient_pending;

static ui_reaction visitor_picked(void *ctx, ui_app *app, int64_t visitor_id)
{
    orient_pending *p = ctx;
    if (visitor_id <= 0)
        return ui_redraw();
    orient_new_arg *a = calloc(1, sizeof *a);
    if (!a)
        return ui_redraw();
    a->visitor_id = visitor_id;
    a->service_id = p->service_id;
    return ui_push(&screen_orient_new, a);
}

static ui_reaction start_orient(orient_pending *p, int64_t service_id, const char *name)
{
    if (service_id <= 0) {
        beep();
        return ui_none();
    }
    p->service_id = service_id;
    snprintf(p->title, sizeof p->title, _("Orienter vers %s : quel visiteur ?"), name);
    visitor_pick_arg *a = calloc(1, sizeof *a);
    if (!a)
        return ui_none();
    a->title = p->title;
    a->allow_new = 1;
    a->done = visitor_picked;
    a->ctx = p;
    return ui_push(&screen_visitor_pick, a);
}

/* --- the directory screen ------------------------------------------------ */

typedef struct dir_state {
    orient_pending pending; /* first: the picker's context */
    directory_arg arg;      /* pick mode when arg.pick */
    ui_field search;
    ui_list list;
    directory_hit *hits;
    size_t nhits;
    char op[32];       /* "" any, DIRECTORY_LOCAL, or an operator code */
    char category[96]; /* "" any, or a category code */
    char commune[128]; /* "" any, or a commune label */
    char **communes;   /* for the commune filter */
    size_t ncommunes;
    g_service cur;     /* details of the selected service */
    int64_t cur_id;    /* 0 = none loaded */
    int list_rows;     /* rows of the result list at the last draw */
    int due;           /* orientations to follow up, -1 unknown */
    int edue;          /* files handed to a referent to follow up, -1 unknown */
    char message[512]; /* error line, "" = none */
} dir_state;

static const char *dir_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    dir_state *st = ctx;
    const directory_hit *h = &st->hits[row];
    if (col == 0)
        snprintf(buf, size, "%s", h->name);
    else
        snprintf(buf, size, "%s", short_status(h->hours, clock_now()));
    return buf;
}

static const ui_column dir_cols[] = {{NULL, 0, 0}, {NULL, 7, 0}};

static void load_current(dir_state *st, ui_app *app)
{
    int64_t id = st->nhits ? st->hits[st->list.selected].id : 0;
    if (id == st->cur_id)
        return;
    st->cur_id = 0;
    if (!id)
        return;
    g_error err = {0};
    if (directory_get(app->db, id, &st->cur, &err) == G_OK)
        st->cur_id = id;
    else
        snprintf(st->message, sizeof st->message, "%s", err.msg);
}

static void dir_refresh(dir_state *st, ui_app *app)
{
    directory_filter f = {st->search.value, st->op, st->category, st->commune};
    directory_hit *hits = NULL;
    size_t n = 0;
    g_error err = {0};
    st->message[0] = 0;
    if (directory_search(app->db, &f, SEARCH_LIMIT, &hits, &n, &err) != G_OK) {
        snprintf(st->message, sizeof st->message, "%s", err.msg);
        free(hits);
        hits = NULL;
        n = 0;
    }
    free(st->hits);
    st->hits = hits;
    st->nhits = n;
    st->list.selected = 0;
    st->list.top = 0;
    list_set_count(&st->list, n);
    st->cur_id = -1; /* force a reload */
    load_current(st, app);
}

static int dir_open(ui_app *app, void *arg, void **state)
{
    dir_state *st = calloc(1, sizeof *st);
    if (!st) {
        free(arg);
        return -1;
    }
    if (arg) {
        st->arg = *(directory_arg *)arg;
        free(arg);
    }
    if (field_init(&st->search, "search", _("Rechercher"), 60, FIELD_HIDE_MAX) != 0) {
        free(st);
        return -1;
    }
    list_init(&st->list, dir_cols, 2, dir_cell, st);
    st->list.empty = _("Aucun service ne correspond.");
    g_error err = {0};
    if (directory_communes(app->db, &st->communes, &st->ncommunes, &err) != G_OK) {
        st->communes = NULL;
        st->ncommunes = 0;
    }
    st->due = st->arg.pick ? -1 : orient_followup_due(app);
    st->edue = st->arg.pick ? -1 : escalation_followup_due(app);
    dir_refresh(st, app);
    *state = st;
    return 0;
}

static void dir_close(void *state, ui_app *app)
{
    dir_state *st = state;
    field_free(&st->search);
    free(st->hits);
    directory_free_list(st->communes, st->ncommunes);
    free(st);
}

static const char *operator_text(const char *code)
{
    if (!code[0])
        return _("tous");
    if (strcmp(code, DIRECTORY_LOCAL) == 0)
        return _("structures locales");
    const ref_operator *op = ref_operator_find(code);
    return op ? op->name : code;
}

static const char *category_text(const char *code)
{
    if (!code[0])
        return _("toutes");
    const ref_code *c = ref_theme_find(code);
    return c ? c->label : code;
}

static void dir_draw(void *state, ui_app *app, const ui_rect *b)
{
    dir_state *st = state;
    int x = b->x + 1, w = b->w - 2;
    /* the search box and the count */
    char count[64];
    if (st->nhits >= SEARCH_LIMIT)
        snprintf(count, sizeof count, P_("%zu service et plus", "%zu services et plus", st->nhits),
                 st->nhits);
    else
        snprintf(count, sizeof count, P_("%zu service", "%zu services", st->nhits), st->nhits);
    int cw = text_width(count);
    int lw = text_put(stdscr, b->y, x, w, _("Rechercher :"), theme_attr(TH_LABEL)) + 1;
    int cx;
    field_draw_box(&st->search, stdscr, b->y, x + lw, w - lw - cw - 2, 1, &cx);
    app_set_cursor(app, b->y, cx);
    text_put_right(stdscr, b->y, x, w, count, theme_attr(TH_MUTED));

    /* the filters, each with its key */
    const struct {
        ui_action act;
        const char *label, *value;
    } filters[] = {
        {ACT_DIR_OPERATOR, _("Partenaire"), operator_text(st->op)},
        {ACT_DIR_THEME, _("Thématique"), category_text(st->category)},
        {ACT_DIR_COMMUNE, _("Commune"), st->commune[0] ? st->commune : _("toutes")},
    };
    char keys[3][24], lines[3][400];
    int need[3];
    for (int i = 0; i < 3; i++) {
        keys_action_key(filters[i].act, keys[i], sizeof keys[i]);
        int any = i == 0 ? !st->op[0] : i == 1 ? !st->category[0] : !st->commune[0];
        /* a filter not in use shows only its key and name */
        if (any)
            snprintf(lines[i], sizeof lines[i], "%s", filters[i].label);
        else
            snprintf(lines[i], sizeof lines[i], "%s : %s", filters[i].label, filters[i].value);
        need[i] = text_width(keys[i]) + 1 + text_width(lines[i]) + 3;
    }
    /* at most a third each, then what is left to those cut short */
    int alloc[3], rest = w;
    for (int i = 0; i < 3; i++) {
        alloc[i] = need[i] < w / 3 ? need[i] : w / 3;
        rest -= alloc[i];
    }
    for (int i = 0; i < 3 && rest > 0; i++) {
        int more = need[i] - alloc[i] < rest ? need[i] - alloc[i] : rest;
        alloc[i] += more;
        rest -= more;
    }
    int fx = x;
    for (int i = 0; i < 3; i++) {
        int fw = alloc[i];
        int kw = text_put(stdscr, b->y + 1, fx, fw, keys[i], theme_attr(TH_HOTKEY)) + 1;
        int any = i == 0 ? !st->op[0] : i == 1 ? !st->category[0] : !st->commune[0];
        text_put(stdscr, b->y + 1, fx + kw, fw - kw - 1, lines[i],
                 theme_attr(any ? TH_MUTED : TH_NORMAL) | (any ? 0 : A_BOLD));
        fx += fw;
    }
    theme_hline(stdscr, b->y + 2, x, w, theme_attr(TH_BORDER));

    /* results on the left, the service on the right */
    int top = b->y + 3, h = b->h - 4;
    int left = w * 2 / 5;
    st->list_rows = h;
    list_draw(&st->list, stdscr, top, x, h, left, 1);
    int px = x + left + 1, pw = w - left - 1;
    theme_box(stdscr, top, px, h, pw, theme_attr(TH_BORDER));
    if (st->cur_id > 0)
        directory_draw_details(&st->cur, clock_now(), top + 1, px + 2, h - 2, pw - 4, 0);

    /* the bottom line: an error, or the follow-ups waiting */
    char line[512];
    line[0] = 0;
    attr_t a = theme_attr(TH_MUTED);
    if (st->message[0]) {
        snprintf(line, sizeof line, "%s", st->message);
        a = theme_attr(TH_ERROR);
    } else if (st->arg.pick) {
        keys_sentence(line, sizeof line, _("Choisissez le service avec ↑↓ puis %s (%s : annuler)."),
                      ACT_SELECT, ACT_BACK, ACT_NONE);
    } else if (st->due > 0 || st->edue > 0) {
        char key[24];
        strbuf sb;
        strbuf_init(&sb, line, sizeof line);
        /* the long wording alone, the short one beside the files handed
         * to a referent */
        if (st->due > 0 && st->edue <= 0) {
            keys_action_key(ACT_OR_FOLLOWUP, key, sizeof key);
            strbuf_printf(&sb,
                          P_("%d orientation à suivre aujourd'hui ou en retard (%s)",
                             "%d orientations à suivre aujourd'hui ou en retard (%s)", st->due),
                          st->due, key);
        } else if (st->due > 0) {
            keys_action_key(ACT_OR_FOLLOWUP, key, sizeof key);
            strbuf_printf(
                &sb, P_("%d orientation à suivre (%s)", "%d orientations à suivre (%s)", st->due),
                st->due, key);
        }
        if (st->edue > 0) {
            keys_action_key(ACT_OR_ESCALATIONS, key, sizeof key);
            strbuf_printf(
                &sb, P_("%s%d transmis à relancer (%s)", "%s%d transmis à relancer (%s)", st->edue),
                sb.len ? " · " : "", st->edue, key);
        }
        a = theme_attr(TH_HEADING);
    } else {
        keys_sentence(line, sizeof line, _("%s : fiche complète · %s : orienter un visiteur"),
                      ACT_SELECT, ACT_OR_ORIENT, ACT_NONE);
    }
    text_put(stdscr, b->y + b->h - 1, x, w, line, a);
}

/* --- filter choices ------------------------------------------------------ */

static ui_reaction operator_chosen(void *ctx, ui_app *app, size_t i)
{
    dir_state *st = ctx;
    if (i == 0)
        st->op[0] = 0;
    else if (i == 1)
        snprintf(st->op, sizeof st->op, "%s", DIRECTORY_LOCAL);
    else
        snprintf(st->op, sizeof st->op, "%s", ref_operators[i - 2].code);
    dir_refresh(st, app);
    return ui_redraw();
}

static ui_reaction choose_operator(dir_state *st)
{
    int n = ref_operator_count();
    const char **labels = calloc((size_t)n + 2, sizeof *labels);
    if (!labels)
        return ui_none();
    labels[0] = _("Tous les partenaires");
    labels[1] = _("Structures locales (sans partenaire national)");
    size_t sel = 0;
    if (strcmp(st->op, DIRECTORY_LOCAL) == 0)
        sel = 1;
    for (int i = 0; i < n; i++) {
        labels[i + 2] = ref_operators[i].name;
        if (strcmp(st->op, ref_operators[i].code) == 0)
            sel = (size_t)i + 2;
    }
    ui_reaction r =
        orient_choice(_("Filtrer par partenaire"), labels, (size_t)n + 2, sel, operator_chosen, st);
    free(labels);
    return r;
}

/* Categories are the thématiques without a parent. */
static size_t category_codes(const char **codes, const char **labels, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; ref_themes[i].code && n < max; i++)
        if (!ref_themes[i].category) {
            if (codes)
                codes[n] = ref_themes[i].code;
            if (labels)
                labels[n] = ref_themes[i].label;
            n++;
        }
    return n;
}

static ui_reaction category_chosen(void *ctx, ui_app *app, size_t i)
{
    dir_state *st = ctx;
    const char *codes[128];
    size_t n = category_codes(codes, NULL, 128);
    if (i == 0 || i > n)
        st->category[0] = 0;
    else
        snprintf(st->category, sizeof st->category, "%s", codes[i - 1]);
    dir_refresh(st, app);
    return ui_redraw();
}

static ui_reaction choose_category(dir_state *st)
{
    const char *codes[128], *labels[129];
    labels[0] = _("Toutes les thématiques");
    size_t n = category_codes(codes, labels + 1, 128), sel = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(codes[i], st->category) == 0)
            sel = i + 1;
    return orient_choice(_("Filtrer par thématique"), labels, n + 1, sel, category_chosen, st);
}

static ui_reaction commune_chosen(void *ctx, ui_app *app, size_t i)
{
    dir_state *st = ctx;
    if (i == 0 || i > st->ncommunes)
        st->commune[0] = 0;
    else
        snprintf(st->commune, sizeof st->commune, "%s", st->communes[i - 1]);
    dir_refresh(st, app);
    return ui_redraw();
}

static ui_reaction choose_commune(dir_state *st)
{
    const char **labels = calloc(st->ncommunes + 1, sizeof *labels);
    if (!labels)
        return ui_none();
    labels[0] = _("Toutes les communes");
    size_t sel = 0;
    for (size_t i = 0; i < st->ncommunes; i++) {
        labels[i + 1] = st->communes[i];
        if (strcmp(st->communes[i], st->commune) == 0)
            sel = i + 1;
    }
    ui_reaction r =
        orient_choice(_("Filtrer par commune"), labels, st->ncommunes + 1, sel, commune_chosen, st);
    free(labels);
    return r;
}

/* --- keys ---------------------------------------------------------------- */

static ui_reaction pick_current(dir_state *st, ui_app *app)
{
    if (!st->nhits) {
        beep();
        return ui_none();
    }
    ui_reaction r = st->arg.pick(st->arg.ctx, app, st->hits[st->list.selected].id);
    if (r.kind == UI_NONE || r.kind == UI_PASS)
        r.kind = UI_REDRAW;
    r.pop++;
    return r;
}

static ui_reaction dir_key(void *state, ui_app *app, const ui_key *k)
{
    dir_state *st = state;
    if (k->action == ACT_SELECT) {
        if (st->arg.pick)
            return pick_current(st, app);
        if (!st->nhits) {
            beep();
            return ui_none();
        }
        int64_t *id = malloc(sizeof *id);
        if (!id)
            return ui_none();
        *id = st->hits[st->list.selected].id;
        return ui_push(&screen_directory_detail, id);
    }
    if (k->action == ACT_DIR_OPERATOR)
        return choose_operator(st);
    if (k->action == ACT_DIR_THEME)
        return choose_category(st);
    if (k->action == ACT_DIR_COMMUNE)
        return choose_commune(st);
    if (k->action == ACT_OR_ORIENT) {
        if (st->arg.pick)
            return pick_current(st, app);
        if (!st->nhits) {
            beep();
            return ui_none();
        }
        return start_orient(&st->pending, st->hits[st->list.selected].id,
                            st->hits[st->list.selected].name);
    }
    if (k->action == ACT_OR_FOLLOWUP && !st->arg.pick)
        return ui_push(&screen_orient_list, NULL);
    if (k->action == ACT_OR_ESCALATIONS && !st->arg.pick)
        return ui_push(&screen_escalation_list, NULL);
    /* ↑↓ PgUp PgDn move in the results; Home/End stay the search box's */
    if (k->action != ACT_FIRST && k->action != ACT_LAST && list_key(&st->list, k, st->list_rows)) {
        load_current(st, app);
        return ui_redraw();
    }
    if (k->fn && k->action != ACT_NONE && k->action != ACT_FIRST && k->action != ACT_LAST)
        return ui_pass();
    if (!k->fn && k->ch < 0x20 && k->action != ACT_NONE)
        return ui_pass(); /* Esc, ^L */
    /* every printable key is typed, even a letter another screen binds */
    char before[256];
    snprintf(before, sizeof before, "%s", st->search.value);
    if (field_key(&st->search, k)) {
        if (strcmp(before, st->search.value) != 0)
            dir_refresh(st, app);
        return ui_redraw();
    }
    return ui_pass();
}

/* The follow-ups waiting, again: after a change (an orientation followed
 * up), and now and then for the other desks'. */
static void dir_reload(void *state, ui_app *app)
{
    dir_state *st = state;
    if (!st->arg.pick) {
        st->due = orient_followup_count(app);
        st->edue = escalation_followup_count(app);
    }
}

static const char *dir_title(void *state)
{
    dir_state *st = state;
    return st && st->arg.pick ? _("Orientation · choisir le service dans l'annuaire")
                              : _("Orientation · Annuaire des services");
}

/* (all fit at 80 columns; Échap, like everywhere, goes back) */
static const ui_action dir_hints[] = {ACT_OR_ORIENT,   ACT_DIR_OPERATOR, ACT_DIR_THEME,
                                      ACT_DIR_COMMUNE, ACT_OR_FOLLOWUP,  ACT_OR_ESCALATIONS,
                                      ACT_NONE};

const screen_ops screen_directory = {
    .name = "directory",
    .title = N_("Orientation · Annuaire des services"),
    .hints = dir_hints,
    .open = dir_open,
    .close = dir_close,
    .draw = dir_draw,
    .key = dir_key,
    .reload = dir_reload,
    .keymap = KM_DIRECTORY,
    .title_of = dir_title,
};

/* --- the full sheet of one service --------------------------------------- */

typedef struct detail_state {
    orient_pending pending;
    g_service s;
    int top;   /* first line shown */
    int total; /* lines at the last draw */
    int rows;  /* rows shown at the last draw */
} detail_state;

static int detail_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    int64_t id = *(int64_t *)arg;
    free(arg);
    detail_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    g_error err = {0};
    if (directory_get(app->db, id, &st->s, &err) != G_OK) {
        free(st);
        return -1;
    }
    *state = st;
    return 0;
}

static void detail_close(void *state, ui_app *app)
{
    free(state);
}

static void detail_draw(void *state, ui_app *app, const ui_rect *b)
{
    detail_state *st = state;
    int x = b->x + 2, w = b->w - 4, h = b->h - 1;
    st->rows = h;
    st->total = directory_draw_details(&st->s, clock_now(), b->y, x, h, w, st->top);
    if (st->total > h) {
        char more[64];
        snprintf(more, sizeof more, _("lignes %d à %d sur %d (↑↓)"), st->top + 1,
                 st->top + h < st->total ? st->top + h : st->total, st->total);
        text_put_right(stdscr, b->y + b->h - 1, x, w, more, theme_attr(TH_MUTED));
    }
}

static ui_reaction detail_key(void *state, ui_app *app, const ui_key *k)
{
    detail_state *st = state;
    if (text_scroll_key(k, st->total, st->rows, &st->top))
        return ui_redraw();
    if (k->action == ACT_OR_ORIENT)
        return start_orient(&st->pending, st->s.id, st->s.name);
    return ui_pass();
}

static const char *detail_title(void *state)
{
    detail_state *st = state;
    return st ? st->s.name : _("Service");
}

static const ui_action detail_hints[] = {ACT_OR_ORIENT, ACT_DOWN, ACT_UP,
                                         ACT_HELP,      ACT_BACK, ACT_NONE};

const screen_ops screen_directory_detail = {
    .name = "directory-detail",
    .title = N_("Service"),
    .hints = detail_hints,
    .keymap = KM_ORIENT,
    .open = detail_open,
    .close = detail_close,
    .draw = detail_draw,
    .key = detail_key,
    .title_of = detail_title,
};
