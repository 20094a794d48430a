/* request_form.c — the request log (request_form.h).
 *
 * Field order puts what changes most first: partner 1 (its first letters
 * choose it), procedure family, thématique, type of help, autonomy,
 * outcome, duration, channel, then the partners added with F3, and last
 * the non-confidential comment. Choices start on the most frequent answer
 * (information, autonome, résolu, the visit's channel), so closing an
 * information request is: a letter for the partner, then F2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/ref.h"
#include "guichet/satisfaction.h"
#include "guichet/visit.h"
#include "guichet/visitor.h"
#include "guichet/strbuf.h"
#include "ui/dialog.h"
#include "ui/intake_ui.h"
#include "ui/request_form.h"
#include "ui/satisfaction_ask.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"

/* fixed fields after the first topic */
enum { RF_OP1, RF_FAM1, RF_THEME1, RF_HELP, RF_AUTONOMY, RF_OUTCOME, RF_DURATION, RF_CHANNEL };
#define RF_FIXED   8
#define RF_MAX     (RF_FIXED + 3 * (VISIT_TOPICS_MAX - 1) + 1)
#define TOPIC_NAME 24 /* "theme" + an int + NUL */

typedef struct rf_state {
    request_form_arg arg;
    visit_info info; /* CLOSE, CORRECT */
    char who[VISITOR_NAME_MAX * 8 + 2];
    ui_field fields[RF_MAX];
    ui_choice choices[RF_MAX];
    char names[RF_MAX][TOPIC_NAME];
    char labels[RF_MAX][64];
    size_t count; /* fields in use */
    int n_topics; /* 1 .. VISIT_TOPICS_MAX */
    ui_form form;
    char *initial; /* malloc'd values as the form opened (Échap asks when they differ) */
    int queued;    /* RECORD for a person in the queue: info is her visit, closed on F2 */
    visit_log log; /* checked by rf_submit, saved once the visitor's answer is in */
} rf_state;

static const char *const operator_labels_none = N_("Aucun partenaire national");

static int add_choice_field(rf_state *st, size_t i, const char *name, const char *label)
{
    snprintf(st->names[i], TOPIC_NAME, "%s", name);
    snprintf(st->labels[i], sizeof st->labels[i], "%s", label);
    return field_init(&st->fields[i], st->names[i], st->labels[i], 60, FIELD_HIDE_MAX);
}

/* The comment is always the last field. */
static ui_field *comment_field(rf_state *st)
{
    return &st->fields[st->count - 1];
}

/* Adds topic number t (0-based) at index at. */
static int init_topic(rf_state *st, size_t at, int t)
{
    char name[TOPIC_NAME], label[64];
    int fail = 0;
    snprintf(name, sizeof name, t ? "op%d" : "topics", t + 1);
    if (t)
        snprintf(label, sizeof label, _("Partenaire %d"), t + 1);
    else
        snprintf(label, sizeof label, "%s", _("Partenaire"));
    fail |= add_choice_field(st, at, name, label);
    fail |= choice_init_operators(&st->choices[at], _(operator_labels_none));
    snprintf(name, sizeof name, "fam%d", t + 1);
    fail |= add_choice_field(st, at + 1, name, _("  Démarche"));
    fail |= choice_init_ref(&st->choices[at + 1], "—", ref_families);
    snprintf(name, sizeof name, "theme%d", t + 1);
    fail |= add_choice_field(st, at + 2, name, _("  ou thématique"));
    fail |= choice_init_ref(&st->choices[at + 2], "—", ref_themes);
    for (size_t i = at; i < at + 3; i++)
        choice_set(&st->choices[i], &st->fields[i], "");
    return fail ? -1 : 0;
}

static void rf_free(rf_state *st)
{
    for (size_t i = 0; i < RF_MAX; i++) {
        field_free(&st->fields[i]);
        choice_free(&st->choices[i]);
    }
    free(st->initial);
    free(st);
}

/* Every value in use, one a line (malloc'd; NULL when out of memory). */
static char *rf_snapshot(const rf_state *st)
{
    strbuf b;
    strbuf_init_grow(&b);
    strbuf_printf(&b, "%zu\n", st->count);
    for (size_t i = 0; i < st->count; i++)
        strbuf_printf(&b, "%s\n", st->fields[i].value);
    return strbuf_take(&b); /* NULL when memory ran out */
}

static int is_choice(const rf_state *st, size_t i)
{
    return st->choices[i].n > 0;
}

/* F3: one more partner, inserted before the comment. */
static int rf_add_topic(rf_state *st)
{
    if (st->n_topics >= VISIT_TOPICS_MAX)
        return -1;
    size_t at = st->count - 1; /* where the comment is */
    ui_field comment = st->fields[at];
    char cname[TOPIC_NAME], clabel[64];
    memcpy(cname, st->names[at], sizeof cname);
    memcpy(clabel, st->labels[at], sizeof clabel);
    memset(&st->fields[at], 0, sizeof st->fields[at]);
    if (init_topic(st, at, st->n_topics) != 0)
        return -1;
    size_t c = at + 3;
    st->fields[c] = comment;
    memcpy(st->names[c], cname, sizeof cname);
    memcpy(st->labels[c], clabel, sizeof clabel);
    st->fields[c].name = st->names[c];
    st->fields[c].label = st->labels[c];
    st->count += 3;
    st->n_topics++;
    st->form.count = st->count;
    st->form.focus = at;
    return 0;
}

static int minutes_since(int64_t t)
{
    int64_t m = (clock_now() - t + 59) / 60;
    if (m < 1)
        m = 1;
    if (m > VISIT_DURATION_MAX)
        m = VISIT_DURATION_MAX;
    return (int)m;
}

static int rf_open(ui_app *app, void *arg, void **state)
{
    request_form_arg *a = arg;
    if (!a)
        return -1;
    rf_state *st = calloc(1, sizeof *st);
    if (!st) {
        free(a);
        return -1;
    }
    st->arg = *a;
    free(a);
    g_error err = {0};
    if (st->arg.mode != REQUEST_RECORD) {
        if (visit_get(app->db, st->arg.visit_id, &st->info, &err) != G_OK) {
            free(st);
            return -1;
        }
        snprintf(st->who, sizeof st->who, "%s", st->info.name);
    } else if (st->arg.visitor_id) {
        visitor v;
        if (visitor_get(app->db, st->arg.visitor_id, &v, &err) != G_OK) {
            app_message(app, 1, err.msg);
            free(st);
            return -1;
        }
        visitor_name(&v, st->who, sizeof st->who);
        /* in the queue: this request closes her visit (visit_record) */
        int64_t qid = 0;
        g_status q = visit_queue_entry(app->db, st->arg.visitor_id, &qid, &err);
        if (q == G_OK)
            q = visit_get(app->db, qid, &st->info, &err);
        if (q != G_OK && q != G_ERR_NOTFOUND) {
            app_message(app, 1, err.msg);
            free(st);
            return -1;
        }
        st->queued = q == G_OK;
    } else {
        snprintf(st->who, sizeof st->who, "%s", _("Anonyme"));
    }
    int fail = init_topic(st, RF_OP1, 0);
    fail |= add_choice_field(st, RF_HELP, "help_type", _("Type d'aide"));
    fail |= choice_init_codes(&st->choices[RF_HELP], NULL, ref_help_types, ref_help_type_labels);
    fail |= add_choice_field(st, RF_AUTONOMY, "autonomy", _("Autonomie"));
    fail |= choice_init_codes(&st->choices[RF_AUTONOMY], NULL, ref_autonomies, ref_autonomy_labels);
    fail |= add_choice_field(st, RF_OUTCOME, "outcome", _("Résultat"));
    fail |= choice_init_codes(&st->choices[RF_OUTCOME], NULL, visit_outcomes, visit_outcome_labels);
    snprintf(st->names[RF_DURATION], TOPIC_NAME, "duration_min");
    snprintf(st->labels[RF_DURATION], 64, "%s", _("Durée (minutes)"));
    fail |=
        field_init(&st->fields[RF_DURATION], st->names[RF_DURATION], st->labels[RF_DURATION], 3, 0);
    fail |= add_choice_field(st, RF_CHANNEL, "channel", _("Canal"));
    fail |= choice_init_codes(&st->choices[RF_CHANNEL], NULL, ref_channels, ref_channel_labels);
    snprintf(st->names[RF_FIXED], TOPIC_NAME, "comment");
    snprintf(st->labels[RF_FIXED], 64, "%s", _("Commentaire"));
    fail |= field_init(&st->fields[RF_FIXED], st->names[RF_FIXED], st->labels[RF_FIXED],
                       VISIT_COMMENT_MAX, 0);
    if (fail) {
        rf_free(st);
        return -1;
    }
    st->count = RF_FIXED + 1;
    st->n_topics = 1;
    form_init(&st->form, st->fields, st->count);
    st->form.label_width = 20;

    /* prefill */
    choice_set(&st->choices[RF_HELP], &st->fields[RF_HELP], "information");
    choice_set(&st->choices[RF_AUTONOMY], &st->fields[RF_AUTONOMY], "autonome");
    choice_set(&st->choices[RF_OUTCOME], &st->fields[RF_OUTCOME], "resolu");
    const char *channel = "accueil-spontane";
    int minutes = 1;
    if (st->arg.mode == REQUEST_CLOSE) {
        int64_t from = st->info.started_at ? st->info.started_at : st->info.arrived_at;
        minutes = minutes_since(from);
        /* the queue row keeps its channel (accueil-sur-rdv …) */
        if (st->info.log.channel[0])
            channel = st->info.log.channel;
    } else if (st->arg.mode == REQUEST_RECORD) {
        int64_t since = st->arg.since ? st->arg.since : clock_now();
        if (st->queued) {
            /* helped since she was taken in charge, or since her file was
             * opened; never since before she came */
            if (st->info.started_at && st->info.started_at < since)
                since = st->info.started_at;
            if (since < st->info.arrived_at)
                since = st->info.arrived_at;
            if (st->info.log.channel[0])
                channel = st->info.log.channel;
        }
        minutes = minutes_since(since);
    } else {
        const visit_log *l = &st->info.log;
        channel = l->channel;
        minutes = l->duration_min;
        choice_set(&st->choices[RF_HELP], &st->fields[RF_HELP], l->help_type);
        choice_set(&st->choices[RF_AUTONOMY], &st->fields[RF_AUTONOMY], l->autonomy);
        choice_set(&st->choices[RF_OUTCOME], &st->fields[RF_OUTCOME], l->outcome);
        field_set(&st->fields[RF_FIXED], l->comment);
        for (int t = 0; t < l->n_topics; t++) {
            if (t && rf_add_topic(st) != 0)
                break;
            size_t at = t ? st->count - 4 : RF_OP1;
            choice_set(&st->choices[at], &st->fields[at], l->topics[t].operator_code);
            choice_set(&st->choices[at + 1], &st->fields[at + 1], l->topics[t].family);
            choice_set(&st->choices[at + 2], &st->fields[at + 2], l->topics[t].theme);
        }
        st->form.focus = 0;
    }
    choice_set(&st->choices[RF_CHANNEL], &st->fields[RF_CHANNEL], channel);
    char d[16];
    snprintf(d, sizeof d, "%d", minutes);
    field_set(&st->fields[RF_DURATION], d);
    st->initial = rf_snapshot(st);
    *state = st;
    return 0;
}

static void rf_close(void *state, ui_app *app)
{
    rf_free(state);
}

static void rf_draw(void *state, ui_app *app, const ui_rect *b)
{
    rf_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y;
    char title[1024];
    const char *what = st->arg.mode == REQUEST_CLOSE || st->queued ? _("Clore la demande de %s")
                       : st->arg.mode == REQUEST_CORRECT           ? _("Corriger la demande de %s")
                                                                   : _("Nouvelle demande de %s");
    snprintf(title, sizeof title, what, st->who);
    text_put(stdscr, y, x, w, title, theme_attr(TH_HEADING));
    char legend[256];
    int used = text_put_wrapped(stdscr, y + 1, x, w, 2,
                                keys_sentence(legend, sizeof legend,
                                              _("Listes : premières lettres ou ← →. %s : un "
                                                "partenaire de plus. %s : enregistrer."),
                                              ACT_NEW, ACT_SAVE, ACT_NONE),
                                theme_attr(TH_MUTED));
    y += used > 1 ? used - 1 : 0; /* the form under the hint, however long */
    /* the warning about the comment stays visible */
    int wy = b->y + b->h - 2;
    int wl = text_put_wrapped(
        stdscr, wy - 1, x, w, 2,
        _("Commentaire non confidentiel — pas d'information sensible ici ; les notes "
          "confidentielles sont à part."),
        theme_attr(TH_ERROR));
    (void)wl;
    int cy, cx;
    form_draw(&st->form, stdscr, y + 2, x, wy - 1 - (y + 2) - 1, w, &cy, &cx);
    if (cy >= 0 && !is_choice(st, st->form.focus))
        app_set_cursor(app, cy, cx);
}

/* The duration typed, or -1 when it is not a number of minutes in range. */
static long rf_duration(const rf_state *st)
{
    const char *d = st->fields[RF_DURATION].value;
    char *end = NULL;
    long m = strtol(d, &end, 10);
    if (!*d || *end || m < 0 || m > VISIT_DURATION_MAX)
        return -1;
    return m;
}

static const char *duration_error(char *buf, size_t size)
{
    snprintf(buf, size, _("Durée : un nombre de minutes entre 0 et %d."), VISIT_DURATION_MAX);
    return buf;
}

/* Leaving the duration checks it (the message stays until it is edited). */
static void rf_check_duration(rf_state *st)
{
    char msg[256];
    if (rf_duration(st) < 0)
        field_set_error(&st->fields[RF_DURATION], duration_error(msg, sizeof msg));
    else
        st->fields[RF_DURATION].error[0] = 0;
}

/* Index of the first field (partner) of the screen's topic t. */
static size_t topic_at(int t)
{
    return t ? RF_FIXED + 3 * (size_t)(t - 1) : RF_OP1;
}

/* Fills log from the fields; map[j] = the screen topic of log->topics[j]
 * (empty added lines are skipped). A bad duration sets *bad and err. */
static void rf_collect(rf_state *st, visit_log *log, int map[VISIT_TOPICS_MAX], g_error *err,
                       int *bad)
{
    visit_log_init(log);
    *bad = 0;
    snprintf(log->channel, sizeof log->channel, "%s", choice_code(&st->choices[RF_CHANNEL]));
    snprintf(log->help_type, sizeof log->help_type, "%s", choice_code(&st->choices[RF_HELP]));
    snprintf(log->autonomy, sizeof log->autonomy, "%s", choice_code(&st->choices[RF_AUTONOMY]));
    snprintf(log->outcome, sizeof log->outcome, "%s", choice_code(&st->choices[RF_OUTCOME]));
    snprintf(log->comment, sizeof log->comment, "%s", st->fields[st->count - 1].value);
    long m = rf_duration(st);
    if (m < 0) {
        char msg[256];
        g_err_field(err, G_ERR_INVALID, "duration_min", "%s", duration_error(msg, sizeof msg));
        *bad = 1;
        return;
    }
    log->duration_min = (int)m;
    log->n_topics = 0;
    for (int t = 0; t < st->n_topics; t++) {
        size_t at = topic_at(t);
        const char *op = choice_code(&st->choices[at]);
        const char *fam = choice_code(&st->choices[at + 1]);
        const char *th = choice_code(&st->choices[at + 2]);
        if (!op[0] && !fam[0] && !th[0] && (t > 0 || st->n_topics > 1))
            continue; /* an empty added line */
        map[log->n_topics] = t;
        visit_topic *tp = &log->topics[log->n_topics++];
        snprintf(tp->operator_code, sizeof tp->operator_code, "%s", op);
        snprintf(tp->family, sizeof tp->family, "%s", fam);
        snprintf(tp->theme, sizeof tp->theme, "%s", th);
    }
}

/* A "topics" error of visit_log_validate goes under the partner it is
 * about: the core reports the first topic that fails, which is the first
 * one failing on its own (the check of a topic depends only on it and on
 * the type of help). Its démarche field when a partner is chosen (the
 * missing family or thématique), else its partner field. 1 when placed. */
static int rf_topic_error(rf_state *st, const visit_log *log, const int *map, const g_error *err)
{
    for (int j = 0; j < log->n_topics; j++) {
        visit_log one = *log;
        one.n_topics = 1;
        one.topics[0] = log->topics[j];
        g_error e = {0};
        if (visit_log_validate(&one, &e) == G_OK || strcmp(e.field, "topics") != 0)
            continue;
        size_t at = topic_at(map[j]);
        size_t i = log->topics[j].operator_code[0] ? at + 1 : at;
        field_set_error(&st->fields[i], err->msg);
        st->form.focus = i;
        return 1;
    }
    return 0;
}

/* One core call: close, record or correct st->log, with the answer. */
static g_status rf_save_once(rf_state *st, ui_app *app, const satisfaction_answer *answer,
                             g_error *err)
{
    int64_t uid = app->session->user_id;
    if (st->arg.mode == REQUEST_CLOSE)
        return satisfaction_close_visit(app->db, uid, st->arg.visit_id, &st->log, answer, err);
    if (st->arg.mode == REQUEST_CORRECT)
        return visit_correct(app->db, uid, st->arg.visit_id, &st->log, err);
    return satisfaction_record_visit(app->db, uid, st->arg.visitor_id, NULL, &st->log, answer, NULL,
                                     err);
}

/* Saves the request checked by rf_submit (st->log) with the visitor's
 * answer (NULL = none). When the answer is what fails, the request is
 * saved without it (the close never waits on the survey) and the message
 * says so; when the request itself fails, back to the form with what was
 * typed. */
static ui_reaction rf_save(rf_state *st, ui_app *app, const satisfaction_answer *answer)
{
    g_error err = {0};
    g_status rc = rf_save_once(st, app, answer, &err);
    if (rc != G_OK && answer) {
        g_error alone = {0};
        if (rf_save_once(st, app, NULL, &alone) == G_OK) {
            char msg[1024];
            snprintf(msg, sizeof msg, _("Demande de %s enregistrée, sans l'avis : %s"), st->who,
                     err.msg);
            app_message(app, 1, msg);
            app_data_changed(app);
            return ui_pop();
        }
        err = alone;
    }
    if (rc != G_OK) {
        if (strcmp(err.field, "comment") == 0)
            st->form.focus = st->count - 1;
        form_apply_error(&st->form, &err);
        return ui_redraw();
    }
    char msg[1024];
    snprintf(msg, sizeof msg,
             st->arg.mode == REQUEST_CORRECT ? _("Demande de %s corrigée.")
             : answer                        ? _("Demande de %s enregistrée, avec l'avis.")
                                             : _("Demande de %s enregistrée."),
             st->who);
    app_message(app, 0, msg);
    app_data_changed(app);
    return ui_pop();
}

/* The question of the visitor's answer closed: save (the question is
 * already gone; the reaction then applies to the form). */
static ui_reaction rf_answered(void *ctx, ui_app *app, const satisfaction_answer *answer)
{
    return rf_save(ctx, app, answer);
}

static ui_reaction rf_submit(rf_state *st, ui_app *app)
{
    form_clear_errors(&st->form);
    ui_field *c = comment_field(st);
    int ci = (int)(c - st->fields);
    if (c->over) {
        field_say_over(c);
        st->form.focus = (size_t)ci;
        return ui_redraw();
    }
    visit_log log;
    g_error err = {0};
    int bad, map[VISIT_TOPICS_MAX] = {0};
    rf_collect(st, &log, map, &err, &bad);
    if (!bad && visit_log_validate(&log, &err) != G_OK) {
        if (strcmp(err.field, "topics") == 0 && rf_topic_error(st, &log, map, &err))
            return ui_redraw();
        bad = 1;
    }
    if (bad) {
        /* "topics" is the first partner's field; a comment error names the comment */
        if (strcmp(err.field, "comment") == 0)
            st->form.focus = (size_t)ci;
        form_apply_error(&st->form, &err);
        return ui_redraw();
    }
    st->log = log;
    /* closing: the visitor's own answer first, then one transaction */
    if (st->arg.mode == REQUEST_CORRECT)
        return rf_save(st, app, NULL);
    return satisfaction_ask(app, st->who, rf_answered, st);
}

/* « Abandonner la saisie ? » answered: o leaves, n stays with everything kept. */
static ui_reaction rf_abandon(void *ctx, ui_app *app, int yes)
{
    (void)ctx;
    return yes ? ui_pop() : ui_redraw();
}

static ui_reaction rf_key(void *state, ui_app *app, const ui_key *k)
{
    rf_state *st = state;
    if (k->action == ACT_SAVE)
        return rf_submit(st, app);
    if (k->action == ACT_BACK) {
        char *now = rf_snapshot(st);
        int changed = !now || !st->initial || strcmp(now, st->initial) != 0;
        free(now);
        if (!changed)
            return ui_pop();
        return dialog_confirm(_("Abandonner la saisie ? (o/n)"), rf_abandon, st);
    }
    if (k->action == ACT_NEW) {
        if (rf_add_topic(st) != 0)
            beep();
        return ui_redraw();
    }
    size_t i = st->form.focus;
    int nav = k->action == ACT_NEXT_FIELD || k->action == ACT_PREV_FIELD || k->action == ACT_UP ||
              k->action == ACT_DOWN || k->action == ACT_SELECT;
    if (nav && i == RF_DURATION) {
        st->fields[i].over = 0; /* refused digits leave a value checked like any other */
        rf_check_duration(st);
    }
    if (k->action == ACT_SELECT && i + 1 == st->count)
        return rf_submit(st, app);
    if (is_choice(st, i) && k->action != ACT_NEXT_FIELD && k->action != ACT_PREV_FIELD &&
        k->action != ACT_UP && k->action != ACT_DOWN && k->action != ACT_SELECT) {
        if (choice_key(&st->choices[i], &st->fields[i], k)) {
            st->fields[i].error[0] = 0;
            return ui_redraw();
        }
        return ui_pass();
    }
    if (i == RF_DURATION && !k->fn && k->ch >= 0x20 && k->ch != 0x7F &&
        (k->ch < '0' || k->ch > '9')) {
        /* minutes: digits only, said at once rather than on F2 */
        char msg[256];
        snprintf(msg, sizeof msg, _("Durée : des chiffres seulement, en minutes (0 à %d)."),
                 VISIT_DURATION_MAX);
        field_set_error(&st->fields[i], msg);
        beep();
        return ui_redraw();
    }
    switch (form_key(&st->form, k)) {
    case FORM_HANDLED:
        return ui_redraw();
    case FORM_SUBMIT:
        return rf_submit(st, app);
    case FORM_IGNORED:
        break;
    }
    return ui_pass();
}

static const ui_action rf_hints[] = {ACT_SAVE, ACT_NEW, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE};

const screen_ops screen_request_form = {
    .name = "request_form",
    .title = N_("Demande"),
    .hints = rf_hints,
    .keymap = KM_FORM,
    .open = rf_open,
    .close = rf_close,
    .draw = rf_draw,
    .key = rf_key,
};
