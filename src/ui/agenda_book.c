/* agenda_book.c — booking an appointment, and moving one.
 *
 * Booking is four steps on one screen:
 *   1. the motif (or every motif of a partner), found by typing a few letters;
 *   2. the next free slots for it (agenda_next_free_slots), one to pick;
 *   3. the visitor, with the shared picker (search as you type, or register);
 *   4. confirmation: origin (desk, phone, partner) and a short comment; then
 *      the booking, whose refusal (the slot was just taken by another desk)
 *      shows the core's French message and the slots again; a visitor already
 *      booked at that time gets a warning; the slip is offered.
 * Moving (move_id) starts at step 2 with the appointment's motif and asks
 * to confirm the new slot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/agenda.h"
#include "guichet/clock.h"
#include "guichet/daysheet.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/ref.h"
#include "guichet/visitor.h"
#include "ui/agenda.h"
#include "ui/dialog.h"
#include "ui/field.h"
#include "ui/list.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/visitor_pick.h"

#define SLOTS_SHOWN 60

enum { STEP_MOTIF, STEP_SLOT, STEP_CONFIRM, STEP_DONE };

typedef struct motif_row {
    int group;    /* 1: "every motif of operator op" */
    char op[32];  /* operator code */
    size_t motif; /* index in motifs (group = 0) */
} motif_row;

static const char *const origins[] = {AGENDA_ORIGIN_DESK, AGENDA_ORIGIN_PHONE,
                                      AGENDA_ORIGIN_PARTNER};
static const char *const origin_labels[] = {N_("au guichet"), N_("par téléphone"),
                                            N_("par un partenaire")};
#define N_ORIGINS 3

typedef struct book_state {
    agenda_book_arg arg;
    agenda_item moving; /* the appointment being moved (arg.move_id) */
    int step;
    /* step 1 */
    agenda_motif *motifs;
    size_t nmotifs;
    motif_row *rows; /* all rows */
    size_t nrows;
    size_t *shown; /* indexes of rows matching the filter */
    size_t nshown;
    ui_list mlist;
    ui_field filter;
    /* step 2 */
    int64_t motif_id; /* 0 with op = a partner's motifs */
    char op[32];
    char choice[300]; /* what was chosen, for the headings */
    agenda_resource *resources;
    size_t nresources;
    agenda_slot *slots;
    size_t nslots;
    ui_list slist;
    /* step 3, 4 */
    agenda_slot slot;
    int64_t visitor_id;
    char visitor_name[400];
    char visitor_phone[40]; /* for print, "" when none */
    int origin;             /* index in origins */
    int focus;              /* 0 origin, 1 comment */
    ui_field comment;
    /* done */
    agenda_book_result res;
    char overlap[600];
    char msg[1024];
    int msg_error;
} book_state;

static const char *op_name(const char *code)
{
    const ref_operator *o = code && *code ? ref_operator_find(code) : NULL;
    return o ? o->name : code && *code ? code : _("France services");
}

static const agenda_motif *motif_of(const book_state *st, int64_t id)
{
    for (size_t i = 0; i < st->nmotifs; i++)
        if (st->motifs[i].id == id)
            return &st->motifs[i];
    return NULL;
}

static const char *resource_of(const book_state *st, int64_t id)
{
    for (size_t i = 0; i < st->nresources; i++)
        if (st->resources[i].id == id)
            return st->resources[i].name;
    return "";
}

static void set_msg(book_state *st, int error, const char *msg)
{
    snprintf(st->msg, sizeof st->msg, "%s", msg ? msg : "");
    st->msg_error = error;
}

static void row_text(const book_state *st, const motif_row *r, char *buf, size_t size)
{
    if (r->group) {
        snprintf(buf, size, _("%s : tous ses motifs (le premier créneau libre)"), op_name(r->op));
        return;
    }
    const agenda_motif *m = &st->motifs[r->motif];
    char place[64] = "";
    if (strcmp(m->place, AGENDA_PLACE_ON_SITE) != 0)
        snprintf(place, sizeof place, " · %s", agenda_place_label(m->place));
    char cap[64] = "";
    if (m->capacity > 1)
        snprintf(cap, sizeof cap, _(" · atelier de %d places"), m->capacity);
    snprintf(buf, size, "  %s — %s (%d min%s%s)", op_name(m->operator_code), m->name,
             m->duration_min, place, cap);
}

static void apply_filter(book_state *st)
{
    char q[256], t[1024];
    normalize_fold(st->filter.value, q, sizeof q);
    st->nshown = 0;
    for (size_t i = 0; i < st->nrows; i++) {
        char text[600];
        row_text(st, &st->rows[i], text, sizeof text);
        normalize_fold(text, t, sizeof t);
        if (!q[0] || strstr(t, q))
            st->shown[st->nshown++] = i;
    }
    st->mlist.selected = 0;
    st->mlist.top = 0;
    list_set_count(&st->mlist, st->nshown);
}

static int load_motifs(book_state *st, ui_app *app, g_error *err)
{
    if (agenda_motif_list(app->db, 1, NULL, &st->motifs, &st->nmotifs, err) != G_OK)
        return -1;
    st->rows = calloc(st->nmotifs * 2 + 1, sizeof *st->rows);
    st->shown = calloc(st->nmotifs * 2 + 1, sizeof *st->shown);
    if (!st->rows || !st->shown)
        return -1;
    for (size_t i = 0; i < st->nmotifs; i++) {
        const char *op = st->motifs[i].operator_code;
        int first = i == 0 || strcmp(st->motifs[i - 1].operator_code, op) != 0;
        size_t same = 0;
        for (size_t j = i; j < st->nmotifs && strcmp(st->motifs[j].operator_code, op) == 0; j++)
            same++;
        if (first && op[0] && same > 1) {
            motif_row g = {1, "", 0};
            snprintf(g.op, sizeof g.op, "%s", op);
            st->rows[st->nrows++] = g;
        }
        motif_row r = {0, "", i};
        snprintf(r.op, sizeof r.op, "%s", op);
        st->rows[st->nrows++] = r;
    }
    apply_filter(st);
    return 0;
}

static int64_t search_from(const book_state *st)
{
    int64_t now = clock_now();
    return st->arg.after > now ? st->arg.after : now;
}

static void load_slots(book_state *st, ui_app *app)
{
    free(st->slots);
    st->slots = NULL;
    st->nslots = 0;
    g_error err = {0};
    if (agenda_next_free_slots(app->db, st->motif_id, st->motif_id ? NULL : st->op, search_from(st),
                               SLOTS_SHOWN, &st->slots, &st->nslots, &err) != G_OK)
        set_msg(st, 1, err.msg);
    else if (!st->nslots)
        set_msg(st, 1, _("Aucun créneau libre dans les 90 prochains jours pour ce choix."));
    /* a moved appointment stays on its own motif: drop slots of other motifs */
    st->slist.selected = 0;
    st->slist.top = 0;
    list_set_count(&st->slist, st->nslots);
}

static void start_slots(book_state *st, ui_app *app)
{
    st->step = STEP_SLOT;
    set_msg(st, 0, "");
    load_slots(st, app);
}

static int book_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    book_state *st = calloc(1, sizeof *st);
    if (!st) {
        free(arg);
        return -1;
    }
    st->arg = *(agenda_book_arg *)arg;
    free(arg);
    g_error err = {0};
    list_init(&st->mlist, NULL, 0, NULL, NULL);
    list_init(&st->slist, NULL, 0, NULL, NULL);
    if (field_init(&st->filter, "filter", _("Chercher"), 40, FIELD_HIDE_MAX) != 0 ||
        field_init(&st->comment, "comment", _("Commentaire"), 100, 0) != 0 ||
        load_motifs(st, app, &err) != 0 ||
        agenda_resource_list(app->db, 0, &st->resources, &st->nresources, &err) != G_OK) {
        agenda_ui_changed(err.msg[0] ? err.msg : _("L'agenda n'a pas pu être lu."), 1);
        goto fail;
    }
    if (st->arg.move_id) {
        if (agenda_get(app->db, st->arg.move_id, &st->moving, &err) != G_OK) {
            agenda_ui_changed(err.msg, 1);
            goto fail;
        }
        st->motif_id = st->moving.motif_id;
        snprintf(st->choice, sizeof st->choice, "%s — %s", op_name(st->moving.operator_code),
                 st->moving.motif_name);
        start_slots(st, app);
    }
    *state = st;
    return 0;
fail:
    field_free(&st->filter);
    field_free(&st->comment);
    free(st->motifs);
    free(st->rows);
    free(st->shown);
    free(st->resources);
    free(st);
    return -1;
}

static void book_close(void *state, ui_app *app)
{
    book_state *st = state;
    field_free(&st->filter);
    field_free(&st->comment);
    free(st->motifs);
    free(st->rows);
    free(st->shown);
    free(st->resources);
    free(st->slots);
    free(st);
}

static int body_rows(void)
{
    int h = LINES - 3 - 7;
    return h < 1 ? 1 : h;
}

static void draw_rows(ui_list *l, int y, int x, int w, int rows, book_state *st,
                      void (*text)(book_state *, size_t, char *, size_t))
{
    list_scroll(l, rows);
    for (int r = 0; r < rows && l->top + (size_t)r < l->count; r++) {
        size_t i = l->top + (size_t)r;
        char buf[700];
        text(st, i, buf, sizeof buf);
        attr_t a = i == l->selected ? theme_attr(TH_SELECT) : theme_attr(TH_NORMAL);
        text_put_pad(stdscr, y + r, x, w, buf, a);
    }
    if (l->top > 0)
        text_put(stdscr, y, x + w, 1, "↑", theme_attr(TH_MUTED));
    if (l->top + (size_t)rows < l->count)
        text_put(stdscr, y + rows - 1, x + w, 1, "↓", theme_attr(TH_MUTED));
}

static void motif_line(book_state *st, size_t i, char *buf, size_t size)
{
    row_text(st, &st->rows[st->shown[i]], buf, size);
}

static void slot_line(book_state *st, size_t i, char *buf, size_t size)
{
    const agenda_slot *s = &st->slots[i];
    char when[64], end[8];
    agenda_short_when(s->start_at, when, sizeof when);
    clock_format(s->end_at, "%H:%M", end, sizeof end);
    const agenda_motif *m = motif_of(st, s->motif_id);
    char places[64] = "";
    if (m && m->capacity > 1)
        snprintf(places, sizeof places,
                 P_(" · %d place libre", " · %d places libres", s->places_left), s->places_left);
    /* the motif's name only when several motifs are offered */
    snprintf(buf, size, "%s–%s  %s%s%s%s", when, end, resource_of(st, s->resource_id),
             st->motif_id || !m ? "" : " · ", st->motif_id || !m ? "" : m->name, places);
}

static void draw_summary(book_state *st, int y, int x, int w)
{
    char line[800], when[64], h[32];
    const agenda_motif *m = motif_of(st, st->slot.motif_id);
    daysheet_long_date(st->slot.start_at, when, sizeof when);
    snprintf(line, sizeof line, _("Le %s, %s"), when,
             agenda_hours(st->slot.start_at, st->slot.end_at, h, sizeof h));
    text_put(stdscr, y, x, w, line, theme_attr(TH_LABEL));
    snprintf(line, sizeof line, "%s — %s", m ? m->name : "", resource_of(st, st->slot.resource_id));
    text_put(stdscr, y + 1, x, w, line, theme_attr(TH_NORMAL));
    snprintf(line, sizeof line, _("Visiteur : %s%s%s"), st->visitor_name,
             st->visitor_phone[0] ? _(", tél. ") : "", st->visitor_phone);
    text_put(stdscr, y + 2, x, w, line, theme_attr(TH_NORMAL));
    if (m && m->to_bring[0]) {
        snprintf(line, sizeof line, _("À apporter : %s"), m->to_bring);
        text_put(stdscr, y + 3, x, w, line, theme_attr(TH_MUTED));
    }
}

static void book_draw(void *state, ui_app *app, const ui_rect *b)
{
    book_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y;
    int rows = body_rows();
    char head[512];
    switch (st->step) {
    case STEP_MOTIF: {
        text_put(stdscr, y, x, w, _("1. Motif du rendez-vous (ou un partenaire)"),
                 theme_attr(TH_HEADING));
        text_put(stdscr, y + 1, x, 12, _("Chercher :"), theme_attr(TH_LABEL));
        int cx;
        field_draw_box(&st->filter, stdscr, y + 1, x + 12, 30, 1, &cx);
        app_set_cursor(app, y + 1, cx);
        text_put(stdscr, y + 1, x + 44, w - 44, _("(tapez quelques lettres)"),
                 theme_attr(TH_MUTED));
        if (!st->nshown)
            text_put(stdscr, y + 3, x, w, _("Aucun motif ne correspond."), theme_attr(TH_MUTED));
        draw_rows(&st->mlist, y + 3, x, w - 1, rows, st, motif_line);
        if (st->nshown) {
            const motif_row *r = &st->rows[st->shown[st->mlist.selected]];
            if (!r->group && st->motifs[r->motif].to_bring[0]) {
                snprintf(head, sizeof head, _("À apporter : %s"), st->motifs[r->motif].to_bring);
                text_put(stdscr, y + 4 + rows, x, w, head, theme_attr(TH_MUTED));
            }
        }
        break;
    }
    case STEP_SLOT:
        snprintf(head, sizeof head,
                 st->arg.move_id ? _("Déplacer le rendez-vous de %s : nouveau créneau")
                                 : _("2. Créneaux libres : %s"),
                 st->arg.move_id ? st->moving.visitor_name : st->choice);
        text_put(stdscr, y, x, w, head, theme_attr(TH_HEADING));
        if (st->arg.move_id) {
            char h[32], when[64];
            agenda_short_when(st->moving.start_at, when, sizeof when);
            snprintf(head, sizeof head, _("Actuellement : %s (%s) · %s"), when,
                     agenda_hours(st->moving.start_at, st->moving.end_at, h, sizeof h),
                     st->moving.resource_name);
            text_put(stdscr, y + 1, x, w, head, theme_attr(TH_MUTED));
        }
        draw_rows(&st->slist, y + 3, x, w - 1, rows, st, slot_line);
        break;
    case STEP_CONFIRM: {
        text_put(stdscr, y, x, w, _("4. Vérifiez puis confirmez"), theme_attr(TH_HEADING));
        draw_summary(st, y + 2, x, w);
        int fy = y + 7;
        text_put(stdscr, fy, x, 14, _("Pris"), theme_attr(st->focus == 0 ? TH_LABEL : TH_NORMAL));
        char o[128];
        snprintf(o, sizeof o, "< %s >", _(origin_labels[st->origin]));
        text_put(stdscr, fy, x + 14, w - 14, o,
                 theme_attr(st->focus == 0 ? TH_FIELD_FOCUS : TH_NORMAL));
        text_put(stdscr, fy, x + 14 + text_width(o) + 2, w - 30, _("(←/→ pour changer)"),
                 theme_attr(TH_MUTED));
        text_put(stdscr, fy + 1, x, 14, _("Commentaire"),
                 theme_attr(st->focus == 1 ? TH_LABEL : TH_NORMAL));
        int cx;
        field_draw_box(&st->comment, stdscr, fy + 1, x + 14, w - 26, st->focus == 1, &cx);
        char max[32];
        text_put(stdscr, fy + 1, x + w - 11, 11, field_max_text(&st->comment, max, sizeof max),
                 theme_attr(TH_MUTED));
        if (st->focus == 1)
            app_set_cursor(app, fy + 1, cx);
        text_put(stdscr, fy + 2, x + 14, w - 14,
                 _("Court et non confidentiel (visible sur la feuille du jour)."),
                 theme_attr(TH_MUTED));
        char key[32];
        snprintf(head, sizeof head, _("%s : enregistrer le rendez-vous    Tab : champ suivant"),
                 keys_action_key(ACT_SELECT, key, sizeof key));
        text_put(stdscr, fy + 4, x, w, head, theme_attr(TH_OK));
        break;
    }
    case STEP_DONE: {
        text_put(stdscr, y, x, w, _("Rendez-vous enregistré"), theme_attr(TH_OK));
        draw_summary(st, y + 2, x, w);
        if (st->overlap[0])
            text_put_wrapped(stdscr, y + 7, x, w, 3, st->overlap, theme_attr(TH_ERROR));
        char k1[32], k2[32];
        snprintf(head, sizeof head, _("%s : fiche de rendez-vous (aperçu, fichier, impression)"),
                 keys_action_key(ACT_AG_SLIP, k1, sizeof k1));
        text_put(stdscr, y + 11, x, w, head, theme_attr(TH_NORMAL));
        snprintf(head, sizeof head, _("%s : retour à l'agenda"),
                 keys_action_key(ACT_BACK, k2, sizeof k2));
        text_put(stdscr, y + 12, x, w, head, theme_attr(TH_NORMAL));
        break;
    }
    }
    if (st->msg[0])
        text_put_wrapped(stdscr, b->y + b->h - 3, x, w, 3, st->msg,
                         theme_attr(st->msg_error ? TH_ERROR : TH_OK));
}

/* --- actions ------------------------------------------------------------- */

static ui_reaction on_visitor(void *ctx, ui_app *app, int64_t visitor_id)
{
    book_state *st = ctx;
    if (!visitor_id)
        return ui_redraw(); /* back to the slots */
    visitor v;
    g_error err = {0};
    if (visitor_get(app->db, visitor_id, &v, &err) != G_OK) {
        set_msg(st, 1, err.msg);
        return ui_redraw();
    }
    st->visitor_id = visitor_id;
    visitor_name(&v, st->visitor_name, sizeof st->visitor_name);
    st->visitor_phone[0] = 0;
    if (v.phone[0])
        daysheet_phone(v.phone, st->visitor_phone, sizeof st->visitor_phone);
    st->step = STEP_CONFIRM;
    st->focus = st->origin = 0;
    set_msg(st, 0, "");
    return ui_redraw();
}

static ui_reaction pick_visitor(book_state *st)
{
    visitor_pick_arg *a = calloc(1, sizeof *a);
    if (!a)
        return ui_none();
    a->title = _("3. Pour qui ? Cherchez la personne ou inscrivez-la");
    a->allow_new = 1;
    a->done = on_visitor;
    a->ctx = st;
    return ui_push(&screen_visitor_pick, a);
}

/* A refusal from the core: the message, and the slots as they are now. */
static ui_reaction refused(book_state *st, ui_app *app, const g_error *err)
{
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", err->msg);
    if (err->code == G_ERR_CONFLICT) {
        st->step = STEP_SLOT;
        load_slots(st, app);
    }
    set_msg(st, 1, msg);
    return dialog_message(_("Rendez-vous non enregistré"), msg, 1);
}

static ui_reaction do_book(book_state *st, ui_app *app)
{
    agenda_booking b = {st->slot.resource_id, st->slot.motif_id,   st->visitor_id,
                        st->slot.start_at,    origins[st->origin], st->comment.value};
    g_error err = {0};
    int64_t actor = app->session ? app->session->user_id : 0;
    memset(&st->res, 0, sizeof st->res);
    if (agenda_book(app->db, actor, &b, &st->res, &err) != G_OK)
        return refused(st, app, &err);
    st->step = STEP_DONE;
    st->overlap[0] = 0;
    char msg[600], h[32];
    snprintf(msg, sizeof msg, _("Rendez-vous enregistré pour %s à %s."), st->visitor_name,
             agenda_hours(st->slot.start_at, st->slot.end_at, h, sizeof h));
    agenda_ui_changed(msg, 0);
    agenda_ui_focus(st->res.id);
    set_msg(st, 0, "");
    if (st->res.visitor_overlap) {
        agenda_item o;
        char when[64];
        if (agenda_get(app->db, st->res.overlap_id, &o, &err) == G_OK) {
            agenda_short_when(o.start_at, when, sizeof when);
            snprintf(st->overlap, sizeof st->overlap,
                     _("Attention : cette personne a déjà un rendez-vous au même moment (%s, "
                       "%s, %s). Vérifiez avec elle et annulez celui qui n'a plus lieu d'être."),
                     when, o.motif_name, o.resource_name);
        } else {
            snprintf(st->overlap, sizeof st->overlap, "%s",
                     _("Attention : cette personne a déjà un rendez-vous au même moment."));
        }
        return dialog_message(_("Deux rendez-vous en même temps"), st->overlap, 1);
    }
    return ui_redraw();
}

static ui_reaction move_answer(void *ctx, ui_app *app, int yes)
{
    book_state *st = ctx;
    if (!yes)
        return ui_redraw();
    g_error err = {0};
    int64_t actor = app->session ? app->session->user_id : 0;
    if (agenda_reschedule(app->db, actor, st->arg.move_id, st->slot.resource_id, st->slot.start_at,
                          &err) != G_OK)
        return refused(st, app, &err);
    char msg[600], when[64];
    agenda_short_when(st->slot.start_at, when, sizeof when);
    snprintf(msg, sizeof msg, _("Rendez-vous de %s déplacé au %s."), st->moving.visitor_name, when);
    agenda_ui_changed(msg, 0);
    agenda_ui_focus(st->arg.move_id);
    return ui_pop();
}

static ui_reaction choose_slot(book_state *st, ui_app *app)
{
    if (!st->nslots)
        return ui_none();
    st->slot = st->slots[st->slist.selected];
    if (st->arg.move_id) {
        char q[600], when[64];
        agenda_short_when(st->slot.start_at, when, sizeof when);
        snprintf(q, sizeof q, _("Déplacer le rendez-vous au %s, %s ? (o/n)"), when,
                 resource_of(st, st->slot.resource_id));
        return dialog_confirm(q, move_answer, st);
    }
    if (st->visitor_id) { /* back from the confirmation: keep the visitor */
        st->step = STEP_CONFIRM;
        return ui_redraw();
    }
    return pick_visitor(st);
}

static ui_reaction slip(book_state *st, ui_app *app)
{
    char *text = NULL;
    g_error err = {0};
    if (daysheet_slip(app->db, st->res.id, &text, &err) != G_OK) {
        set_msg(st, 1, err.msg);
        return ui_redraw();
    }
    char title[500], file[96], day[11];
    snprintf(title, sizeof title, _("Fiche de rendez-vous de %s"), st->visitor_name);
    agenda_day_of(st->slot.start_at, day);
    snprintf(file, sizeof file, "rendez-vous-%s-%.8s.txt", day, st->res.uuid);
    return agenda_preview(title, file, text);
}

static int passes_through(const ui_key *k)
{
    /* function keys bound to actions (F1, F9…) stay the app's */
    return (k->fn && k->action != ACT_NONE && k->action != ACT_FIRST && k->action != ACT_LAST) ||
           (!k->fn && k->ch < 0x20 && k->action != ACT_NONE && k->action != ACT_SELECT &&
            k->action != ACT_NEXT_FIELD);
}

static ui_reaction book_key(void *state, ui_app *app, const ui_key *k)
{
    book_state *st = state;
    int rows = body_rows();
    switch (st->step) {
    case STEP_MOTIF:
        if (k->action == ACT_BACK)
            return ui_pop();
        if (list_key(&st->mlist, k, rows))
            return ui_redraw();
        if (k->action == ACT_SELECT) {
            if (!st->nshown)
                return ui_none();
            const motif_row *r = &st->rows[st->shown[st->mlist.selected]];
            st->motif_id = r->group ? 0 : st->motifs[r->motif].id;
            snprintf(st->op, sizeof st->op, "%s", r->op);
            row_text(st, r, st->choice, sizeof st->choice);
            /* the heading reads better without the leading spaces */
            memmove(st->choice, st->choice + strspn(st->choice, " "),
                    strlen(st->choice + strspn(st->choice, " ")) + 1);
            start_slots(st, app);
            return ui_redraw();
        }
        if (passes_through(k))
            return ui_pass();
        if (field_key(&st->filter, k)) {
            apply_filter(st);
            return ui_redraw();
        }
        return ui_pass();
    case STEP_SLOT:
        if (k->action == ACT_BACK) {
            set_msg(st, 0, "");
            if (st->arg.move_id)
                return ui_pop();
            st->step = STEP_MOTIF;
            return ui_redraw();
        }
        if (list_key(&st->slist, k, rows))
            return ui_redraw();
        if (k->action == ACT_SELECT)
            return choose_slot(st, app);
        return ui_pass();
    case STEP_CONFIRM:
        if (k->action == ACT_BACK) {
            st->step = STEP_SLOT;
            return ui_redraw();
        }
        if (k->action == ACT_SELECT)
            return do_book(st, app);
        if (k->action == ACT_NEXT_FIELD || k->action == ACT_PREV_FIELD || k->action == ACT_UP ||
            k->action == ACT_DOWN) {
            st->focus = !st->focus;
            return ui_redraw();
        }
        if (st->focus == 0) {
            if (k->fn && (k->ch == KEY_LEFT || k->ch == KEY_RIGHT)) {
                st->origin = (st->origin + (k->ch == KEY_LEFT ? N_ORIGINS - 1 : 1)) % N_ORIGINS;
                return ui_redraw();
            }
            if (!k->fn && k->ch == ' ') {
                st->origin = (st->origin + 1) % N_ORIGINS;
                return ui_redraw();
            }
            return ui_pass();
        }
        if (passes_through(k))
            return ui_pass();
        if (field_key(&st->comment, k))
            return ui_redraw();
        return ui_pass();
    case STEP_DONE:
        if (agenda_key_is(k, ACT_AG_SLIP))
            return slip(st, app);
        if (k->action == ACT_SELECT)
            return ui_pop();
        return ui_pass();
    }
    return ui_pass();
}

static const char *book_title(void *state)
{
    book_state *st = state;
    return st && st->arg.move_id ? _("Agenda · déplacer un rendez-vous")
                                 : _("Agenda · prendre rendez-vous");
}

static const ui_action book_hints[] = {ACT_HELP, ACT_SELECT, ACT_UP, ACT_DOWN, ACT_BACK, ACT_NONE};

const screen_ops screen_agenda_book = {
    .name = "agenda-book",
    .title = N_("Agenda · prendre rendez-vous"),
    .hints = book_hints,
    .open = book_open,
    .close = book_close,
    .draw = book_draw,
    .key = book_key,
    .title_of = book_title,
};
