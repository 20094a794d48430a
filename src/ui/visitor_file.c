/* visitor_file.c — a visitor's file: identity, flags, consent, the
 * sections other spaces add (orientations, appointments, confidential
 * notes), and the history of requests (visitor_history).
 *
 * Keys: d new request logged now, a arrival in the queue, m edit the file,
 * c correct the chosen request (same day, author or manager), f merge a
 * duplicate into this file (manager), plus one key per section. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/note.h"
#include "guichet/normalize.h"
#include "guichet/ref.h"
#include "guichet/strbuf.h"
#include "guichet/visit.h"
#include "guichet/visitor.h"
#include "guichet/status.h"
#include "ui/agenda.h"
#include "ui/dialog.h"
#include "ui/intake_ui.h"
#include "ui/list.h"
#include "ui/request_form.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/visitor_form.h"
#include "ui/visitor_pick.h"

/* A section another space adds to the file: one line of summary, and the
 * key that opens its screen with arg (void *)(intptr_t)visitor_id.
 * To plug one in: fill summary and/or screen on its line (NULL = « — »). */
typedef struct file_section {
    char key;          /* lower-case letter, not one of d a m c f */
    const char *title; /* N_() */
    void (*summary)(ui_app *app, int64_t visitor_id, char *buf, size_t size); /* may be NULL */
    const screen_ops *screen;                                                 /* may be NULL */
} file_section;

/* « 2 lisibles · 1 non lisible par vous »: counts only (note_count decrypts
 * nothing and journals nothing; the list itself is journaled when opened). */
static void notes_summary(ui_app *app, int64_t visitor_id, char *buf, size_t size)
{
    size_t readable = 0, hidden = 0;
    g_error err = {0};
    if (!app->session ||
        note_count(app->db, app->session, visitor_id, &readable, &hidden, &err) != G_OK) {
        snprintf(buf, size, "%s", err.msg[0] ? err.msg : "—");
        return;
    }
    if (!readable && !hidden) {
        snprintf(buf, size, "%s", _("aucune"));
        return;
    }
    strbuf sb;
    strbuf_init(&sb, buf, size);
    if (readable)
        strbuf_printf(&sb, P_("%zu lisible", "%zu lisibles", readable), readable);
    if (hidden)
        strbuf_printf(&sb, P_("%s%zu non lisible par vous", "%s%zu non lisibles par vous", hidden),
                      sb.len ? " · " : "", hidden);
}

static const file_section sections[] = {
    {'o', N_("Orientations"), orient_visitor_summary,
     &screen_orient_visitor}, /* orient_list.c (w2) */
    {'r', N_("Rendez-vous"), agenda_visitor_summary_line,
     &screen_agenda_visitor},                                         /* agenda_visitor.c */
    {'n', N_("Notes confidentielles"), notes_summary, &screen_notes}, /* notes.c (w4) */
};
#define N_SECTIONS (sizeof sections / sizeof *sections)

typedef struct file_state {
    int64_t id;
    visitor v;
    visitor_request *hist;
    size_t nhist;
    ui_list list;
    int64_t opened_at; /* the agent started with this person */
    int64_t merge_id;  /* the file chosen to merge into this one */
    char merge_name[VISITOR_NAME_MAX * 8 + 2];
    char msg[512];
    int msg_error;
    int list_rows;
} file_state;

static const ui_column hist_cols[] = {
    {N_("Date"), 11, 0}, {N_("État"), 11, 0}, {N_("Partenaires"), 0, 0},
    {N_("Aide"), 14, 0}, {N_("Durée"), 7, 1}, {N_("Agent"), 16, 0},
};
#define N_HIST_COLS (sizeof hist_cols / sizeof *hist_cols)
static ui_column hist_shown[N_HIST_COLS];

static const char *label_of(const char *const *codes, const char *const *labels, const char *code)
{
    int i = ref_index(codes, code);
    return i >= 0 ? _(labels[i]) : code;
}

static const char *hist_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    file_state *st = ctx;
    const visitor_request *r = &st->hist[row];
    buf[0] = 0;
    switch (col) {
    case 0:
        intake_date(r->arrived_at, buf, size);
        break;
    case 1:
        snprintf(buf, size, "%s", label_of(visit_states, visit_state_labels, r->state));
        break;
    case 2: {
        /* operator codes "caf,cpam" → short names */
        char codes[sizeof r->operators];
        snprintf(codes, sizeof codes, "%s", r->operators);
        strbuf sb;
        strbuf_init(&sb, buf, size);
        for (char *t = strtok(codes, ","); t; t = strtok(NULL, ",")) {
            const ref_operator *op = ref_operator_find(t);
            strbuf_join(&sb, ", ", op ? op->name : t);
        }
        if (!sb.len && r->comment[0])
            snprintf(buf, size, "%s", r->comment);
        break;
    }
    case 3:
        if (r->help_type[0])
            snprintf(buf, size, "%s", label_of(ref_help_types, ref_help_type_labels, r->help_type));
        break;
    case 4:
        if (r->duration_min >= 0)
            snprintf(buf, size, _("%d min"), r->duration_min);
        break;
    case 5:
        snprintf(buf, size, "%s", r->agent_name);
        break;
    }
    return buf;
}

static void file_reload(file_state *st, ui_app *app)
{
    g_error err = {0};
    if (visitor_get(app->db, st->id, &st->v, &err) != G_OK) {
        snprintf(st->msg, sizeof st->msg, "%s", err.msg);
        st->msg_error = 1;
    }
    free(st->hist);
    st->hist = NULL;
    st->nhist = 0;
    if (visitor_history(app->db, st->id, &st->hist, &st->nhist, &err) != G_OK) {
        snprintf(st->msg, sizeof st->msg, "%s", err.msg);
        st->msg_error = 1;
    }
    list_set_count(&st->list, st->nhist);
}

static int file_open(ui_app *app, void *arg, void **state)
{
    int64_t id = (int64_t)(intptr_t)arg;
    if (id <= 0)
        return -1;
    file_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    st->id = id;
    st->opened_at = clock_now();
    for (size_t i = 0; i < N_HIST_COLS; i++) {
        hist_shown[i] = hist_cols[i];
        hist_shown[i].title = _(hist_cols[i].title);
    }
    list_init(&st->list, hist_shown, N_HIST_COLS, hist_cell, st);
    g_error err = {0};
    if (visitor_get(app->db, id, &st->v, &err) != G_OK) {
        free(st);
        return -1;
    }
    if (st->v.merged_into) /* a merged file: show the survivor */
        st->id = st->v.merged_into;
    file_reload(st, app);
    *state = st;
    return 0;
}

static void file_close(void *state, ui_app *app)
{
    file_state *st = state;
    free(st->hist);
    free(st);
}

static const char *file_title(void *state)
{
    return _("Fiche visiteur");
}

static void file_draw(void *state, ui_app *app, const ui_rect *b)
{
    file_state *st = state;
    file_reload(st, app);
    int x = b->x + 2, w = b->w - 4, y = b->y;
    char line[1024], tmp[128];
    strbuf sb;
    strbuf_init(&sb, line, sizeof line);
    strbuf_printf(&sb, "%s %s", st->v.last_name, st->v.first_names);
    if (st->v.birth_name[0] && strcmp(st->v.birth_name, st->v.last_name) != 0)
        strbuf_printf(&sb, _(" (née %s)"), st->v.birth_name);
    text_put(stdscr, y, x, w, line, theme_attr(TH_HEADING));
    y++;
    /* identity on one line */
    strbuf_init(&sb, line, sizeof line);
    if (st->v.birth_date[0]) {
        char d[11];
        normalize_date_display(st->v.birth_date, d);
        strbuf_printf(&sb, _("Naissance %s"), d);
    }
    if (st->v.sex[0] && strcmp(st->v.sex, "non-communique") != 0)
        strbuf_join(&sb, " · ", label_of(ref_sexes, ref_sex_labels, st->v.sex));
    if (st->v.commune[0] || st->v.postal_code[0])
        strbuf_printf(&sb, _("%sCommune %s %s"), sb.len ? " · " : "", st->v.commune,
                      st->v.postal_code);
    if (st->v.phone[0]) {
        normalize_phone_display(st->v.phone, tmp, sizeof tmp);
        strbuf_printf(&sb, _("%sTél. %s"), sb.len ? " · " : "", tmp);
    }
    strbuf_join(&sb, " · ", st->v.email);
    if (st->v.language[0])
        strbuf_printf(&sb, _("%sLangue : %s"), sb.len ? " · " : "", st->v.language);
    text_put(stdscr, y++, x, w, sb.len ? line : _("Aucune coordonnée."), theme_attr(TH_NORMAL));
    /* flags */
    strbuf_init(&sb, line, sizeof line);
    if (st->v.needs_digital_help)
        strbuf_join(&sb, ", ", _("aide au numérique"));
    if (st->v.reading_difficulty)
        strbuf_join(&sb, ", ", _("difficulté à lire ou écrire"));
    if (st->v.no_french)
        strbuf_join(&sb, ", ", _("ne parle pas français"));
    if (st->v.disability)
        strbuf_join(&sb, ", ", _("handicap"));
    char flags[1200];
    strbuf fb;
    strbuf_init(&fb, flags, sizeof flags);
    strbuf_printf(&fb, _("Besoins : %s"), sb.len ? line : _("aucun signalé"));
    if (st->v.consent_date[0]) {
        char d[11];
        normalize_date_display(st->v.consent_date, d);
        strbuf_printf(&fb, _(" · Consentement %s le %s"),
                      strcmp(st->v.consent_kind, "ecrit") == 0 ? _("écrit") : _("oral"), d);
    } else {
        strbuf_puts(&fb, _(" · Pas de consentement enregistré"));
    }
    text_put(stdscr, y++, x, w, flags, theme_attr(TH_NORMAL));
    /* the sections of the other spaces, one line each with its key */
    for (size_t i = 0; i < N_SECTIONS; i++) {
        char sum[256] = "—";
        if (sections[i].summary)
            sections[i].summary(app, st->id, sum, sizeof sum);
        snprintf(line, sizeof line, "%s : %s", _(sections[i].title), sum);
        if (sections[i].screen) {
            char key[8];
            snprintf(key, sizeof key, "%c ", sections[i].key);
            text_put(stdscr, y, x, 2, key, theme_attr(TH_HOTKEY));
        }
        text_put(stdscr, y++, x + 2, w - 2, line, theme_attr(TH_NORMAL));
    }
    theme_hline(stdscr, y++, x, w, theme_attr(TH_BORDER));
    snprintf(line, sizeof line, P_("%zu demande", "%zu demandes", st->nhist), st->nhist);
    text_put(stdscr, y++, x, w, line, theme_attr(TH_HEADING));
    int lh = b->y + b->h - 2 - y;
    st->list_rows = lh - 1;
    if (st->nhist)
        list_draw(&st->list, stdscr, y, x, lh, w, 1);
    else
        text_put(stdscr, y, x, w, _("Aucune demande pour l'instant."), theme_attr(TH_MUTED));
    int fy = b->y + b->h - 2;
    int ferr = 0;
    const char *flash = intake_flash_get(&ferr);
    if (st->msg[0])
        text_put(stdscr, fy, x, w, st->msg, theme_attr(st->msg_error ? TH_ERROR : TH_OK));
    else if (flash[0])
        text_put(stdscr, fy, x, w, flash, theme_attr(ferr ? TH_ERROR : TH_OK) | A_BOLD);
    strbuf_init(&sb, line, sizeof line);
    strbuf_puts(&sb, _("d nouvelle demande · a arrivée · m modifier · c corriger"));
    if (app->session && app->session->role == ROLE_RESPONSABLE)
        strbuf_puts(&sb, _(" · f fusionner"));
    for (size_t i = 0; i < N_SECTIONS; i++)
        if (sections[i].screen)
            strbuf_printf(&sb, " · %c %s", sections[i].key, _(sections[i].title));
    text_put(stdscr, fy + 1, x, w, line, theme_attr(TH_HOTKEY));
}

static ui_reaction merge_answer(void *ctx, ui_app *app, int yes)
{
    file_state *st = ctx;
    if (!yes)
        return ui_redraw();
    g_error err = {0};
    if (visitor_merge(app->db, app->session->user_id, st->id, st->merge_id, &err) != G_OK) {
        snprintf(st->msg, sizeof st->msg, "%s", err.msg);
        st->msg_error = 1;
        return ui_redraw();
    }
    snprintf(st->msg, sizeof st->msg, _("Fiche de %s fusionnée dans celle-ci."), st->merge_name);
    st->msg_error = 0;
    return ui_redraw();
}

static ui_reaction merge_picked(void *ctx, ui_app *app, int64_t visitor_id)
{
    file_state *st = ctx;
    if (!visitor_id)
        return ui_redraw();
    visitor other;
    g_error err = {0};
    if (visitor_id == st->id || visitor_get(app->db, visitor_id, &other, &err) != G_OK) {
        snprintf(st->msg, sizeof st->msg, "%s",
                 visitor_id == st->id ? _("Une fiche ne peut pas être fusionnée avec elle-même.")
                                      : err.msg);
        st->msg_error = 1;
        return ui_redraw();
    }
    st->merge_id = visitor_id;
    visitor_name(&other, st->merge_name, sizeof st->merge_name);
    char q[1024];
    snprintf(q, sizeof q,
             _("Fusionner la fiche de %s dans celle de %s %s ? Ses demandes, rendez-vous, "
               "orientations et notes passent sur cette fiche ; l'autre disparaît de la "
               "recherche. (o/n)"),
             st->merge_name, st->v.last_name, st->v.first_names);
    return dialog_confirm(q, merge_answer, st);
}

static ui_reaction open_request(request_mode mode, int64_t visit_id, int64_t visitor_id,
                                int64_t since)
{
    request_form_arg *a = calloc(1, sizeof *a);
    if (!a)
        return ui_none();
    a->mode = mode;
    a->visit_id = visit_id;
    a->visitor_id = visitor_id;
    a->since = since;
    return ui_push(&screen_request_form, a);
}

static ui_reaction file_key(void *state, ui_app *app, const ui_key *k)
{
    file_state *st = state;
    intake_flash_clear();
    if (list_key(&st->list, k, st->list_rows > 0 ? st->list_rows : 1))
        return ui_redraw();
    if (k->fn || k->ch < 0x20 || k->ch > 0x7e)
        return ui_pass();
    st->msg[0] = 0;
    switch (k->ch) {
    case 'd':
        return open_request(REQUEST_RECORD, 0, st->id, st->opened_at);
    case 'a': {
        g_error err = {0};
        if (visit_arrive(app->db, app->session->user_id, st->id, NULL, NULL, NULL, &err) != G_OK) {
            snprintf(st->msg, sizeof st->msg, "%s", err.msg);
            st->msg_error = 1;
            return ui_redraw();
        }
        char m[512];
        snprintf(m, sizeof m, _("Arrivée de %s %s enregistrée : dans la file d'attente."),
                 st->v.last_name, st->v.first_names);
        intake_flash_set(m, 0);
        return ui_pop();
    }
    case 'm': {
        visitor_form_arg *a = calloc(1, sizeof *a);
        if (!a)
            return ui_none();
        a->visitor_id = st->id;
        return ui_push(&screen_visitor_form, a);
    }
    case 'c':
        if (!st->nhist)
            return ui_none();
        if (strcmp(st->hist[st->list.selected].state, VISIT_DONE) != 0) {
            snprintf(st->msg, sizeof st->msg, "%s",
                     _("Seule une demande terminée peut être corrigée."));
            st->msg_error = 1;
            return ui_redraw();
        }
        return open_request(REQUEST_CORRECT, st->hist[st->list.selected].visit_id, 0, 0);
    case 'f': {
        if (app->session->role != ROLE_RESPONSABLE) {
            snprintf(st->msg, sizeof st->msg, "%s",
                     _("Seul le responsable du site peut fusionner deux fiches."));
            st->msg_error = 1;
            return ui_redraw();
        }
        visitor_pick_arg *pa = calloc(1, sizeof *pa);
        if (!pa)
            return ui_none();
        pa->title = _("Fusion : chercher la fiche en double, qui sera rattachée à celle-ci");
        pa->done = merge_picked;
        pa->ctx = st;
        return ui_push(&screen_visitor_pick, pa);
    }
    default:
        break;
    }
    for (size_t i = 0; i < N_SECTIONS; i++)
        if (sections[i].screen && (wint_t)sections[i].key == k->ch)
            return ui_push(sections[i].screen, (void *)(intptr_t)st->id);
    return ui_pass();
}

static const ui_action file_hints[] = {ACT_HELP, ACT_BACK, ACT_LOCK, ACT_NONE};

const screen_ops screen_visitor_file = {
    .name = "visitor_file",
    .title = N_("Fiche visiteur"),
    .hints = file_hints,
    .open = file_open,
    .close = file_close,
    .draw = file_draw,
    .key = file_key,
    .title_of = file_title,
};
