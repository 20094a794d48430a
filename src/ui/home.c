/* home.c — the home screen of the desk: today's queue (waiting with how
 * long, updated live; being helped and by whom; done; left), today's
 * counters by type of help and by partner, the intake keys, and the
 * entries to the other spaces, each opened by its letter (or digit).
 * Screens of later versions plug in through the entry table.
 *
 * Intake keys (letters, read as characters: they are not actions):
 *   i  quick information: a partner's key logs an anonymous information
 *   r  search a visitor (also /)      a  arrival (entry table)
 *   Entrée  take the chosen waiting person in charge, or close the request
 *   x  left without being seen        c  correct a request closed today
 *   v  open the chosen person's file
 * Tab moves between the queue and the entries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "guichet/clock.h"
#include "guichet/draft.h"
#include "guichet/i18n.h"
#include "guichet/ref.h"
#include "guichet/visit.h"
#include "guichet/status.h"
#include "guichet/strbuf.h"
#include "ui/dialog.h"
#include "ui/intake_ui.h"
#include "ui/list.h"
#include "ui/orient.h"
#include "ui/request_form.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/visitor_form.h"
#include "ui/visitor_pick.h"

typedef struct home_entry {
    char key;                 /* the letter that opens it (also its digit 1..9) */
    const char *label;        /* N_() */
    const char *desc;         /* N_() one line */
    const screen_ops *screen; /* NULL until the screen exists: « arrive bientôt » */
} home_entry;

/* To plug a new screen: replace NULL by &screen_<name> (declared in screens.h). */
static const home_entry entries[] = {
    {'a', N_("Arrivée"), N_("Enregistrer l'arrivée d'un visiteur dans la file"),
     &screen_intake_arrival},
    {'o', N_("Orientation"), N_("Orienter vers un partenaire et suivre la suite"),
     &screen_directory},
    {'g', N_("Agenda"), N_("Rendez-vous et permanences des partenaires"), &screen_agenda},
    {'n', N_("Notes"), N_("Notes confidentielles de suivi"), &screen_notes},
    {'s', N_("Statistiques"), N_("Activité du site : jour, semaine, mois, période"), &screen_stats},
    {'d', N_("Administration"), N_("Comptes, mots de passe, clé d'équipe, export, journal"),
     &screen_admin},
};
#define N_ENTRIES (sizeof entries / sizeof *entries)

/* The letters of the intake keys, which no entry may take. */
#define INTAKE_KEYS "ircvx/"

enum { ZONE_QUEUE, ZONE_ENTRIES };

typedef struct home_state {
    ui_list queue;
    visit_queue_row *rows;
    size_t count;
    visit_counters counters;
    int followup; /* orientations to follow up today or overdue, -1 unknown */
    char error[512];
    int zone;          /* ZONE_*: what ↑↓ and Entrée act on */
    size_t entry;      /* selected entry */
    int queue_rows;    /* visible rows at the last draw */
    int draft_checked; /* the draft offer was made (once per login) */
    int flash_ticks;   /* ticks the current flash has been shown */
    char flash_seen[512];
    int64_t pending_id; /* the row a confirmation is about */
} home_state;

/* --- data ----------------------------------------------------------------- */
static void home_reload(home_state *st, ui_app *app)
{
    int64_t keep = st->count ? st->rows[st->queue.selected].id : 0;
    free(st->rows);
    st->rows = NULL;
    st->count = 0;
    st->error[0] = 0;
    g_error err = {0};
    if (visit_queue_today(app->db, &st->rows, &st->count, &err) != G_OK)
        snprintf(st->error, sizeof st->error, "%s", err.msg);
    if (visit_counters_today(app->db, &st->counters, &err) != G_OK)
        snprintf(st->error, sizeof st->error, "%s", err.msg);
    st->followup = orient_followup_count(app);
    list_set_count(&st->queue, st->count);
    for (size_t i = 0; keep && i < st->count; i++)
        if (st->rows[i].id == keep)
            st->queue.selected = i;
}

static const ui_column queue_cols[] = {
    {N_("Arrivée"), 7, 0}, {N_("Visiteur"), 0, 0}, {N_("État"), 11, 0},
    {N_("Depuis"), 8, 1},  {N_("Agent"), 18, 0},
};
#define N_QCOLS (sizeof queue_cols / sizeof *queue_cols)
static ui_column queue_shown[N_QCOLS];

static const char *queue_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    home_state *st = ctx;
    const visit_queue_row *r = &st->rows[row];
    buf[0] = 0;
    switch (col) {
    case 0:
        intake_time(r->arrived_at, buf, size);
        break;
    case 1:
        snprintf(buf, size, "%s", r->name);
        break;
    case 2: {
        int i = ref_index(visit_states, r->state);
        snprintf(buf, size, "%s", i >= 0 ? _(visit_state_labels[i]) : r->state);
        break;
    }
    case 3:
        if (r->minutes >= 60)
            snprintf(buf, size, _("%d h %02d"), r->minutes / 60, r->minutes % 60);
        else
            snprintf(buf, size, _("%d min"), r->minutes);
        break;
    case 4:
        snprintf(buf, size, "%s", r->agent_name);
        break;
    }
    return buf;
}

/* --- open / close ------------------------------------------------------- */
static int home_open(ui_app *app, void *arg, void **state)
{
    home_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    for (size_t i = 0; i < N_QCOLS; i++) {
        queue_shown[i] = queue_cols[i];
        queue_shown[i].title = _(queue_cols[i].title);
    }
    list_init(&st->queue, queue_shown, N_QCOLS, queue_cell, st);
    orient_followup_due(app); /* expires what waited too long, once per opening */
    home_reload(st, app);
    intake_flash_clear();
    *state = st;
    return 0;
}

static void home_close(void *state, ui_app *app)
{
    home_state *st = state;
    free(st->rows);
    free(st);
}

/* --- drawing ------------------------------------------------------------- */
/* "Aujourd'hui : 12 demandes — Information 5 · Accompagnement 6 …" */
static void counters_lines(const visit_counters *c, char *l1, size_t s1, char *l2, size_t s2)
{
    strbuf b1, b2;
    strbuf_init(&b1, l1, s1);
    strbuf_printf(&b1, P_("Aujourd'hui : %d demande", "Aujourd'hui : %d demandes", c->requests),
                  c->requests);
    for (int i = 0; ref_help_types[i] && i < 3; i++)
        strbuf_printf(&b1, " · %s %d", _(ref_help_type_labels[i]), c->by_help[i]);
    strbuf_init(&b2, l2, s2);
    strbuf_puts(&b2, _("Par partenaire :"));
    int any = 0;
    for (int i = 0; ref_operators[i].code && i < VISIT_OPERATORS_MAX; i++)
        if (c->by_operator[i]) {
            strbuf_printf(&b2, "%s%s %d", any ? " · " : " ", ref_operators[i].name,
                          c->by_operator[i]);
            any = 1;
        }
    if (c->no_operator) {
        strbuf_printf(&b2, "%s%s %d", any ? " · " : " ", _("autres"), c->no_operator);
        any = 1;
    }
    if (!any)
        strbuf_printf(&b2, " %s", _("aucune demande encore"));
}

static void home_draw(void *state, ui_app *app, const ui_rect *b)
{
    home_state *st = state;
    home_reload(st, app);
    int x = b->x + 2, w = b->w - 4, y = b->y;
    char hello[256];
    snprintf(hello, sizeof hello, _("Bonjour %s."), app->session ? app->session->display_name : "");
    text_put(stdscr, y, x, w, hello, theme_attr(TH_HEADING));
    char q[256];
    snprintf(q, sizeof q, _("File : %d en attente · %d en cours · %d parti(s)"),
             st->counters.waiting, st->counters.in_progress, st->counters.left);
    if (text_width(hello) + text_width(q) + 2 <= w)
        text_put_right(stdscr, y, x, w, q, theme_attr(TH_NORMAL));
    char l1[512], l2[1024];
    counters_lines(&st->counters, l1, sizeof l1, l2, sizeof l2);
    text_put(stdscr, y + 1, x, w, l1, theme_attr(TH_NORMAL));
    /* orientations to follow up, right of the partners' counts (« o » opens
     * the directory, whose F6 lists them) */
    char due[128] = "";
    if (st->followup > 0)
        snprintf(due, sizeof due,
                 P_("%d orientation à suivre", "%d orientations à suivre", st->followup),
                 st->followup);
    int dw = due[0] ? text_width(due) + 2 : 0;
    text_put(stdscr, y + 2, x, w - dw, l2, theme_attr(TH_NORMAL));
    if (due[0])
        text_put_right(stdscr, y + 2, x, w, due, theme_attr(TH_HOTKEY) | A_BOLD);
    theme_hline(stdscr, y + 3, x, w, theme_attr(TH_BORDER));

    /* the queue */
    int qy = y + 4, bottom = b->y + b->h; /* rows qy .. bottom-4 */
    int qh = bottom - 4 - qy;
    st->queue_rows = qh - 1;
    if (st->error[0])
        text_put(stdscr, qy, x, w, st->error, theme_attr(TH_ERROR));
    else if (st->count)
        list_draw(&st->queue, stdscr, qy, x, qh, w, st->zone == ZONE_QUEUE);
    else
        text_put(stdscr, qy, x, w, _("Personne dans la file aujourd'hui."), theme_attr(TH_MUTED));

    /* the flash line, the intake keys, the entries */
    int err = 0;
    const char *flash = intake_flash_get(&err);
    if (flash[0])
        text_put(stdscr, bottom - 3, x, w, flash, theme_attr(err ? TH_ERROR : TH_OK) | A_BOLD);
    text_put(stdscr, bottom - 2, x, w,
             _("i info rapide  r recherche  Entrée prendre/clore  x parti  c corriger  v fiche"),
             theme_attr(TH_MUTED));
    int ex = x;
    for (size_t i = 0; i < N_ENTRIES && ex < x + w; i++) {
        char item[128];
        snprintf(item, sizeof item, "%c %s", entries[i].key, _(entries[i].label));
        attr_t a = st->zone == ZONE_ENTRIES && i == st->entry ? theme_attr(TH_SELECT)
                                                              : theme_attr(TH_HOTKEY);
        ex += text_put(stdscr, bottom - 1, ex, x + w - ex, item, a) + 1;
    }
}

/* --- quick information: the partner picker overlay ---------------------- */
static const char quick_keys[] = "123456789abcdefgh";

static int quick_open(ui_app *app, void *arg, void **state)
{
    *state = NULL;
    return 0;
}

static void quick_draw(void *state, ui_app *app, const ui_rect *b)
{
    int n = ref_operator_count();
    if (n > (int)sizeof quick_keys - 1)
        n = (int)sizeof quick_keys - 1;
    int cols = 2, rows = (n + 1) / 2;
    int w = b->w - 8 > 70 ? 70 : b->w - 8, h = rows + 5;
    int x = b->x + (b->w - w) / 2, y = b->y + (b->h - h) / 2;
    attr_t in = theme_attr(TH_DIALOG);
    for (int i = 0; i < h; i++)
        text_fill(stdscr, y + i, x, w, in);
    theme_box(stdscr, y, x, h, w, in | A_BOLD);
    char t[128];
    snprintf(t, sizeof t, " %s ", _("Information rapide"));
    text_put(stdscr, y, x + 2, w - 4, t, in | A_BOLD);
    text_put(stdscr, y + 1, x + 2, w - 4,
             _("Une touche : information anonyme à l'accueil sur ce partenaire."), in);
    int cw = (w - 4) / cols;
    for (int i = 0; i < n; i++) {
        int cx = x + 2 + (i / rows) * cw, cy = y + 3 + i % rows;
        char item[128];
        snprintf(item, sizeof item, "%c  %s", quick_keys[i], ref_operators[i].name);
        text_put(stdscr, cy, cx, cw - 1, item, in);
        text_put(stdscr, cy, cx, 1, (char[]){quick_keys[i], 0}, theme_attr(TH_HOTKEY) | A_BOLD);
    }
    text_put_center(stdscr, y + h - 1, x + 1, w - 2, _(" Échap : annuler "), in);
}

static ui_reaction quick_key(void *state, ui_app *app, const ui_key *k)
{
    if (k->action == ACT_BACK)
        return ui_pop();
    if (k->action == ACT_LOCK || k->action == ACT_HELP || k->action == ACT_REDRAW)
        return ui_pass();
    if (k->fn)
        return ui_none();
    int n = ref_operator_count();
    const char *p = k->ch < 0x80 ? strchr(quick_keys, (int)towlower(k->ch)) : NULL;
    if (!p || !k->ch || p - quick_keys >= n) {
        beep();
        return ui_none();
    }
    const ref_operator *op = &ref_operators[p - quick_keys];
    g_error err = {0};
    char msg[512];
    if (visit_quick_info(app->db, app->session->user_id, op->code, NULL, &err) != G_OK) {
        intake_flash_set(err.msg, 1);
    } else {
        snprintf(msg, sizeof msg, _("Information %s enregistrée."), op->name);
        intake_flash_set(msg, 0);
    }
    return ui_pop();
}

static const ui_action quick_hints[] = {ACT_BACK, ACT_NONE};

const screen_ops screen_intake_quick = {
    .name = "intake_quick",
    .title = NULL,
    .overlay = 1,
    .hints = quick_hints,
    .open = quick_open,
    .draw = quick_draw,
    .key = quick_key,
};

/* --- keys ----------------------------------------------------------------- */
static ui_reaction open_entry(size_t i)
{
    if (entries[i].screen)
        return ui_push(entries[i].screen, NULL);
    return ui_push(&screen_soon, (void *)entries[i].label);
}

static ui_reaction search_done(void *ctx, ui_app *app, int64_t visitor_id)
{
    if (!visitor_id)
        return ui_redraw();
    return ui_push(&screen_visitor_file, (void *)(intptr_t)visitor_id);
}

static ui_reaction left_answer(void *ctx, ui_app *app, int yes)
{
    home_state *st = ctx;
    if (!yes)
        return ui_redraw();
    g_error err = {0};
    if (visit_left(app->db, app->session->user_id, st->pending_id, &err) != G_OK)
        intake_flash_set(err.msg, 1);
    else
        intake_flash_set(_("Noté : parti sans être reçu."), 0);
    return ui_redraw();
}

static ui_reaction open_request(request_mode mode, int64_t visit_id)
{
    request_form_arg *a = calloc(1, sizeof *a);
    if (!a)
        return ui_none();
    a->mode = mode;
    a->visit_id = visit_id;
    return ui_push(&screen_request_form, a);
}

static ui_reaction close_answer(void *ctx, ui_app *app, int yes)
{
    home_state *st = ctx;
    return yes ? open_request(REQUEST_CLOSE, st->pending_id) : ui_redraw();
}

/* Entrée on a queue row: take a waiting person in charge, close a request
 * being helped, open the file of someone done. */
static ui_reaction queue_select(home_state *st, ui_app *app)
{
    if (!st->count)
        return ui_none();
    const visit_queue_row *r = &st->rows[st->queue.selected];
    g_error err = {0};
    char msg[1024];
    if (strcmp(r->state, VISIT_WAITING) == 0) {
        if (visit_take(app->db, app->session->user_id, r->id, &err) != G_OK) {
            intake_flash_set(err.msg, 1);
        } else {
            snprintf(msg, sizeof msg,
                     _("%s : pris en charge. Entrée à nouveau pour clore la demande."), r->name);
            intake_flash_set(msg, 0);
        }
        return ui_redraw();
    }
    if (strcmp(r->state, VISIT_IN_PROGRESS) == 0) {
        /* a colleague's request: closing it is asked first */
        visit_info vi;
        if (visit_get(app->db, r->id, &vi, &err) == G_OK && vi.agent_id &&
            vi.agent_id != app->session->user_id) {
            char q[1024];
            st->pending_id = r->id;
            snprintf(q, sizeof q, _("Cette demande est suivie par %s. La clore vous-même ? (o/n)"),
                     vi.agent_name[0] ? vi.agent_name : _("un collègue"));
            return dialog_confirm(q, close_answer, st);
        }
        return open_request(REQUEST_CLOSE, r->id);
    }
    if (r->visitor_id)
        return ui_push(&screen_visitor_file, (void *)(intptr_t)r->visitor_id);
    return ui_none();
}

static ui_reaction home_key(void *state, ui_app *app, const ui_key *k)
{
    home_state *st = state;
    intake_flash_clear();
    st->flash_ticks = 0;
    if (k->action == ACT_NEXT_FIELD || k->action == ACT_PREV_FIELD) {
        st->zone = st->zone == ZONE_QUEUE ? ZONE_ENTRIES : ZONE_QUEUE;
        return ui_redraw();
    }
    if (st->zone == ZONE_ENTRIES) {
        if (k->action == ACT_UP || (k->fn && k->ch == KEY_LEFT)) {
            st->entry = st->entry ? st->entry - 1 : N_ENTRIES - 1;
            return ui_redraw();
        }
        if (k->action == ACT_DOWN || (k->fn && k->ch == KEY_RIGHT)) {
            st->entry = (st->entry + 1) % N_ENTRIES;
            return ui_redraw();
        }
        if (k->action == ACT_SELECT)
            return open_entry(st->entry);
    } else {
        if (list_key(&st->queue, k, st->queue_rows > 0 ? st->queue_rows : 1))
            return ui_redraw();
        if (k->action == ACT_SELECT)
            return queue_select(st, app);
    }
    if (k->fn)
        return ui_pass();
    wint_t c = towlower(k->ch);
    const visit_queue_row *r = st->count ? &st->rows[st->queue.selected] : NULL;
    switch (c) {
    case 'i':
        return ui_push(&screen_intake_quick, NULL);
    case 'r':
    case '/': {
        visitor_pick_arg *pa = calloc(1, sizeof *pa);
        if (!pa)
            return ui_none();
        pa->allow_new = 1;
        pa->done = search_done;
        pa->ctx = st;
        st->zone = ZONE_QUEUE;
        return ui_push(&screen_visitor_pick, pa);
    }
    case 'x':
        if (!r || strcmp(r->state, VISIT_WAITING) != 0) {
            intake_flash_set(_("Choisissez une personne en attente."), 1);
            return ui_redraw();
        }
        st->pending_id = r->id;
        {
            char q[1024];
            snprintf(q, sizeof q, _("%s est parti(e) sans être reçu(e) ? (o/n)"), r->name);
            return dialog_confirm(q, left_answer, st);
        }
    case 'c':
        if (!r || strcmp(r->state, VISIT_DONE) != 0) {
            intake_flash_set(_("Choisissez une demande terminée aujourd'hui pour la corriger."), 1);
            return ui_redraw();
        }
        return open_request(REQUEST_CORRECT, r->id);
    case 'v':
        if (!r || !r->visitor_id) {
            intake_flash_set(_("Pas de fiche : demande anonyme."), 1);
            return ui_redraw();
        }
        return ui_push(&screen_visitor_file, (void *)(intptr_t)r->visitor_id);
    default:
        break;
    }
    for (size_t i = 0; i < N_ENTRIES; i++)
        if (c == (wint_t)entries[i].key || c == (wint_t)('1' + i)) {
            st->entry = i;
            st->zone = ZONE_ENTRIES;
            return open_entry(i);
        }
    return ui_pass();
}

/* Once after login: a form cut by a dropped connection is offered back. */
static ui_reaction draft_answer(void *ctx, ui_app *app, int yes)
{
    char *payload = NULL;
    g_error err = {0};
    if (draft_load(app->db, app->session->user_id, VISITOR_FORM_DRAFT, &payload, NULL, &err) !=
        G_OK)
        return ui_redraw();
    if (yes)
        return visitor_form_resume(payload);
    free(payload);
    draft_delete(app->db, app->session->user_id, VISITOR_FORM_DRAFT, &err);
    return ui_redraw();
}

static ui_reaction home_tick(void *state, ui_app *app)
{
    home_state *st = state;
    int top = app->depth > 0 && app->stack[app->depth - 1].state == state;
    if (top && !st->draft_checked && app->session) {
        st->draft_checked = 1;
        char *payload = NULL;
        int64_t at = 0;
        g_error err = {0};
        if (draft_load(app->db, app->session->user_id, VISITOR_FORM_DRAFT, &payload, &at, &err) ==
            G_OK) {
            free(payload);
            char when[32], q[512];
            clock_format(at, "%d/%m/%Y %H:%M", when, sizeof when);
            snprintf(q, sizeof q,
                     _("Une fiche visiteur en cours de saisie a été interrompue (%s). La "
                       "reprendre ? (o/n)"),
                     when);
            return dialog_confirm(q, draft_answer, st);
        }
    }
    /* the flash goes after a few seconds */
    const char *flash = intake_flash_get(NULL);
    if (flash[0] && ++st->flash_ticks >= 6) {
        intake_flash_clear();
        st->flash_ticks = 0;
        return ui_redraw();
    }
    /* waiting times move, colleagues change the queue: draw again when
     * what would be shown changed */
    size_t old_count = st->count;
    visit_queue_row *old = NULL;
    if (old_count) {
        old = malloc(old_count * sizeof *old);
        if (old)
            memcpy(old, st->rows, old_count * sizeof *old);
    }
    visit_counters oc = st->counters;
    home_reload(st, app);
    int changed = old_count != st->count || memcmp(&oc, &st->counters, sizeof oc) != 0 ||
                  (old && memcmp(old, st->rows, old_count * sizeof *old) != 0);
    free(old);
    return changed ? ui_redraw() : ui_none();
}

static const ui_action home_hints[] = {ACT_HELP,   ACT_SELECT, ACT_LOCK,
                                       ACT_LOGOUT, ACT_QUIT,   ACT_NONE};

const screen_ops screen_home = {
    .name = "home",
    .title = N_("Accueil"),
    .hints = home_hints,
    .open = home_open,
    .close = home_close,
    .draw = home_draw,
    .key = home_key,
    .tick = home_tick,
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
