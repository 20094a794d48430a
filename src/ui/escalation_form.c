/* escalation_form.c — hand a visitor's file over to a partner's referent:
 * the referent (those of the service or operator first, with their channel,
 * their answering days and whether they answer now), a few plain words,
 * the follow-up date (see escalation.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/escalation.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/ref.h"
#include "guichet/strbuf.h"
#include "guichet/visitor.h"
#include "ui/escalation.h"
#include "ui/field.h"
#include "ui/orient.h"
#include "ui/text.h"
#include "ui/theme.h"

enum { E_REFERENT, E_SUBJECT, E_FOLLOWUP, E_COUNT };

typedef struct eform_state {
    escalation_new_arg arg;
    char visitor_name[VISITOR_NAME_MAX * 8 + 2];
    referent *cands; /* the referents one may choose */
    size_t ncands;
    int chosen;    /* index in cands, -1 = none yet */
    int fell_back; /* 1: the partner has none in post, every referent is offered */
    ui_field subject, followup;
    int focus;                                      /* E_* */
    char error[E_COUNT][sizeof((g_error *)0)->msg]; /* under each row */
    char message[600];                              /* not about a row */
    int64_t now;                                    /* clock_now() at the last read */
    char describe[1200];                            /* the chosen referent's block */
} eform_state;

/* The chosen referent's block, made when it is chosen (draw only draws). */
static void describe_chosen(eform_state *st)
{
    st->describe[0] = 0;
    if (st->chosen >= 0)
        referent_describe(&st->cands[st->chosen], st->now, 58, st->describe, sizeof st->describe);
}

static void load(eform_state *st, ui_app *app)
{
    g_error err = {0};
    visitor *v = calloc(1, sizeof *v);
    if (v && visitor_get(app->db, st->arg.visitor_id, v, &err) == G_OK)
        visitor_name(v, st->visitor_name, sizeof st->visitor_name);
    else
        snprintf(st->message, sizeof st->message, "%s",
                 err.msg[0] ? err.msg : _("Visiteur introuvable."));
    free(v);
    g_status s = G_OK;
    if (st->arg.service_id > 0)
        s = referent_for_service(app->db, st->arg.service_id, NULL, &st->cands, &st->ncands, &err);
    else if (st->arg.operator_code[0])
        s = referent_for_operator(app->db, st->arg.operator_code, NULL, &st->cands, &st->ncands,
                                  &err);
    if (s == G_OK && !st->ncands) {
        st->fell_back = st->arg.service_id > 0 || st->arg.operator_code[0];
        referent_filter f = {0};
        s = referent_list(app->db, &f, &st->cands, &st->ncands, &err);
    }
    if (s != G_OK)
        snprintf(st->error[E_REFERENT], sizeof st->error[E_REFERENT], "%s", err.msg);
    else if (!st->ncands)
        snprintf(st->error[E_REFERENT], sizeof st->error[E_REFERENT], "%s",
                 _("Aucun référent en poste : le responsable les ajoute dans Administration, "
                   "Référents."));
    st->chosen = st->ncands == 1 ? 0 : -1;
    st->now = clock_now();
    describe_chosen(st);
}

static int eform_open(ui_app *app, void *arg, void **state)
{
    if (!arg)
        return -1;
    escalation_new_arg a = *(escalation_new_arg *)arg;
    free(arg);
    if (a.visitor_id <= 0)
        return -1;
    eform_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    st->arg = a;
    if (field_init(&st->subject, "subject", _("Objet"), ESCALATION_TEXT_MAX, 0) != 0 ||
        field_init(&st->followup, "followup_on", _("À relancer le"), 10, FIELD_HIDE_MAX) != 0) {
        field_free(&st->subject);
        free(st);
        return -1;
    }
    char iso[11], shown[11];
    clock_format(clock_now() + (int64_t)app->cfg->orientation.followup_days * 86400, "%Y-%m-%d",
                 iso, sizeof iso);
    normalize_date_display(iso, shown);
    field_set(&st->followup, shown);
    load(st, app);
    st->focus = st->chosen >= 0 ? E_SUBJECT : E_REFERENT;
    *state = st;
    return 0;
}

static void eform_close(void *state, ui_app *app)
{
    eform_state *st = state;
    field_free(&st->subject);
    field_free(&st->followup);
    free(st->cands);
    free(st);
}

static const char *partner_of(const referent *r)
{
    const ref_operator *o = r->operator_code[0] ? ref_operator_find(r->operator_code) : NULL;
    return o ? o->name : r->service_name;
}

static void eform_draw(void *state, ui_app *app, const ui_rect *b)
{
    eform_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y;
    int lw = 15, vx = x + lw + 1, vw = w - lw - 1;
    char line[800];
    snprintf(line, sizeof line, _("Transmettre le dossier de %s au référent d'un partenaire"),
             st->visitor_name);
    text_put(stdscr, y, x, w, line, theme_attr(TH_HEADING));
    y += 2;
    for (int r = 0; r < E_COUNT; r++) {
        int focused = r == st->focus;
        static const char *const labels[E_COUNT] = {N_("Référent"), N_("Objet"),
                                                    N_("À relancer le")};
        snprintf(line, sizeof line, "%s :", _(labels[r]));
        text_put(stdscr, y, x, lw, line, theme_attr(focused ? TH_LABEL : TH_NORMAL));
        int cx;
        if (r == E_REFERENT) {
            attr_t va = theme_attr(focused ? TH_FIELD_FOCUS : TH_FIELD);
            if (st->chosen >= 0) {
                const referent *c = &st->cands[st->chosen];
                snprintf(line, sizeof line, "%s — %s", c->name, partner_of(c));
            } else {
                keys_sentence(line, sizeof line, _("(%s : choisir le référent)"), ACT_SELECT,
                              ACT_NONE);
            }
            text_put_pad(stdscr, y, vx, vw, line, va);
            y++;
            if (st->fell_back)
                y += text_put_wrapped(stdscr, y, vx, vw, 2,
                                      _("Ce partenaire n'a pas de référent en poste : voici tous "
                                        "les référents."),
                                      theme_attr(TH_MUTED));
            /* the referent's block: role, phone, channel, days, now */
            const char *p = st->describe;
            for (int n = 0; *p && n < 5; n++) {
                const char *e = strchr(p, '\n');
                size_t len = e ? (size_t)(e - p) : strlen(p);
                snprintf(line, sizeof line, "%.*s", (int)len, p);
                text_put(stdscr, y++, vx, vw, line, theme_attr(TH_MUTED));
                p = e ? e + 1 : p + len;
            }
        } else if (r == E_SUBJECT) {
            field_draw_box(&st->subject, stdscr, y, vx, vw, focused, &cx);
            if (focused)
                app_set_cursor(app, y, cx);
            y++;
            y += text_put_wrapped(stdscr, y, vx, vw, 2,
                                  _("Quelques mots simples, jamais confidentiels (le "
                                    "confidentiel va dans une note)."),
                                  theme_attr(TH_MUTED));
        } else {
            field_draw_box(&st->followup, stdscr, y, vx, 11, focused, &cx);
            text_put(stdscr, y, vx + 13, vw - 13, _("JJ/MM/AAAA"), theme_attr(TH_MUTED));
            if (focused)
                app_set_cursor(app, y, cx);
            y++;
        }
        if (st->error[r][0])
            y += text_put_wrapped(stdscr, y, vx, vw, 3, st->error[r], theme_attr(TH_ERROR));
        y++;
    }
    if (st->message[0])
        text_put_wrapped(stdscr, y, x, w, 3, st->message, theme_attr(TH_ERROR));
    keys_sentence(line, sizeof line, _("%s : transmettre le dossier · %s : choisir le référent"),
                  ACT_SAVE, ACT_SELECT, ACT_NONE);
    int lines = text_wrap_count(line, w);
    text_put_wrapped(stdscr, b->y + b->h - lines, x, w, lines, line, theme_attr(TH_MUTED));
}

static ui_reaction referent_chosen(void *ctx, ui_app *app, size_t i)
{
    eform_state *st = ctx;
    if (i < st->ncands) {
        st->chosen = (int)i;
        st->error[E_REFERENT][0] = 0;
        st->now = clock_now();
        describe_chosen(st);
        st->focus = E_SUBJECT;
    }
    return ui_redraw();
}

static ui_reaction choose_referent(eform_state *st)
{
    if (!st->ncands) {
        beep();
        return ui_redraw();
    }
    const char **labels = calloc(st->ncands, sizeof *labels);
    char *texts = calloc(st->ncands, 400);
    if (!labels || !texts) {
        free(labels);
        free(texts);
        return ui_none();
    }
    for (size_t i = 0; i < st->ncands; i++) {
        const referent *r = &st->cands[i];
        strbuf sb;
        strbuf_init(&sb, texts + i * 400, 400);
        strbuf_printf(&sb, "%s — %s", r->name, partner_of(r));
        if (r->role[0])
            strbuf_printf(&sb, " (%s)", r->role);
        labels[i] = texts + i * 400;
    }
    ui_reaction re = orient_choice(_("À quel référent transmettre ?"), labels, st->ncands,
                                   st->chosen >= 0 ? (size_t)st->chosen : 0, referent_chosen, st);
    free(labels);
    free(texts);
    return re;
}

static ui_reaction submit(eform_state *st, ui_app *app)
{
    for (int r = 0; r < E_COUNT; r++)
        st->error[r][0] = 0;
    st->message[0] = 0;
    if (st->chosen < 0) {
        keys_sentence(st->error[E_REFERENT], sizeof st->error[E_REFERENT],
                      _("Choisissez le référent (%s)."), ACT_SELECT, ACT_NONE);
        st->focus = E_REFERENT;
        return ui_redraw();
    }
    char iso[11] = "";
    g_error err = {0};
    if (normalize_date(st->followup.value, iso, &err) != G_OK) {
        snprintf(st->error[E_FOLLOWUP], sizeof st->error[E_FOLLOWUP], "%s", err.msg);
        st->focus = E_FOLLOWUP;
        return ui_redraw();
    }
    const referent *r = &st->cands[st->chosen];
    escalation_new in = {.visitor_id = st->arg.visitor_id,
                         .visit_id = st->arg.visit_id,
                         .referent_id = r->id,
                         .subject = st->subject.value,
                         .followup_on = iso};
    int64_t id = 0;
    if (escalation_create(app->db, app->cfg, app->session ? app->session->user_id : 0, &in, &id,
                          &err) != G_OK) {
        int row = strcmp(err.field, "subject") == 0       ? E_SUBJECT
                  : strcmp(err.field, "followup_on") == 0 ? E_FOLLOWUP
                  : strcmp(err.field, "referent") == 0    ? E_REFERENT
                                                          : -1;
        if (row >= 0) {
            snprintf(st->error[row], sizeof st->error[row], "%s", err.msg);
            st->focus = row;
        } else {
            snprintf(st->message, sizeof st->message, "%s", err.msg);
        }
        return ui_redraw();
    }
    char msg[900], shown[11];
    normalize_date_display(iso, shown);
    strbuf sb;
    strbuf_init(&sb, msg, sizeof msg);
    strbuf_printf(&sb, _("Dossier transmis à %s"), r->name);
    if (r->channel[0])
        strbuf_printf(&sb, _(" (par %s)"), r->channel);
    strbuf_printf(&sb, _(". À relancer le %s."), shown);
    app_message(app, 0, msg);
    app_data_changed(app);
    return ui_pop();
}

static ui_reaction eform_key(void *state, ui_app *app, const ui_key *k)
{
    eform_state *st = state;
    if (k->action == ACT_SAVE)
        return submit(st, app);
    switch (k->action) {
    case ACT_NEXT_FIELD:
    case ACT_DOWN:
        st->focus = (st->focus + 1) % E_COUNT;
        return ui_redraw();
    case ACT_PREV_FIELD:
    case ACT_UP:
        st->focus = (st->focus + E_COUNT - 1) % E_COUNT;
        return ui_redraw();
    case ACT_SELECT:
        if (st->focus == E_REFERENT)
            return choose_referent(st);
        if (st->focus == E_FOLLOWUP)
            return submit(st, app);
        st->focus++;
        return ui_redraw();
    default:
        break;
    }
    ui_field *f = st->focus == E_SUBJECT    ? &st->subject
                  : st->focus == E_FOLLOWUP ? &st->followup
                                            : NULL;
    if (k->fn && k->action != ACT_NONE && k->action != ACT_FIRST && k->action != ACT_LAST)
        return ui_pass();
    if (!k->fn && k->ch < 0x20 && k->action != ACT_NONE)
        return ui_pass();
    if (f && field_key(f, k)) {
        st->error[st->focus][0] = 0;
        return ui_redraw();
    }
    if (!f && !k->fn && k->ch == ' ')
        return choose_referent(st);
    return ui_pass();
}

static const ui_action eform_hints[] = {ACT_SAVE, ACT_SELECT, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE};

const screen_ops screen_escalation_new = {
    .name = "escalation-new",
    .title = N_("Transmettre à un référent"),
    .hints = eform_hints,
    .keymap = KM_FORM,
    .open = eform_open,
    .close = eform_close,
    .draw = eform_draw,
    .key = eform_key,
};

/* --- the referents' block of the orientation screen ------------------------ */

int escalation_draw_referents(const referent *r, size_t n, int64_t now, int y, int x, int h, int w)
{
    int used = 0;
    char block[1200], line[400];
    for (size_t i = 0; i < n && used < h; i++) {
        referent_describe(&r[i], now, w, block, sizeof block);
        const char *p = block;
        int first = 1;
        while (*p && used < h) {
            const char *e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            snprintf(line, sizeof line, "%.*s", (int)len, p);
            text_put(stdscr, y + used++, x, w, line,
                     first ? theme_attr(TH_NORMAL) : theme_attr(TH_MUTED));
            first = 0;
            p = e ? e + 1 : p + len;
        }
    }
    return used;
}
