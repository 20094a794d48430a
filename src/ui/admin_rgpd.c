/* admin_rgpd.c — Administration › Protection des données, for the
 * responsable: the retention settings ([rgpd], with the day before which
 * each applies), the last purge, and what a purge would remove or detach
 * from people now — the dry run of rgpd_purge, counts and pseudonyms,
 * never a name — then the purge itself after a confirmation. The same core
 * call as `guichet rgpd purge` and the nightly timer (docs/rgpd.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/rgpd.h"
#include "guichet/strbuf.h"
#include "ui/admin.h"
#include "ui/dialog.h"
#include "ui/text.h"
#include "ui/theme.h"

/* One line of the scrolling page. */
typedef struct rgpd_line {
    th_role role;
    char text[200];
} rgpd_line;

typedef struct rgpd_state {
    rgpd_plan plan; /* the dry run */
    int64_t last;   /* the last real purge, 0 = never */
    char error[600];
    rgpd_line *lines;
    size_t nlines, cap;
    int top, rows;
} rgpd_state;

static void add(rgpd_state *st, th_role role, const char *text)
{
    if (st->nlines == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 64;
        rgpd_line *l = realloc(st->lines, cap * sizeof *l);
        if (!l)
            return;
        st->lines = l;
        st->cap = cap;
    }
    rgpd_line *l = &st->lines[st->nlines++];
    l->role = role;
    strbuf sb;
    strbuf_init(&sb, l->text, sizeof l->text);
    strbuf_puts(&sb, text);
}

/* A text wrapped into lines of 72 columns (every terminal guichet accepts). */
static void add_wrapped(rgpd_state *st, th_role role, const char *text)
{
    char buf[200];
    while (*text) {
        size_t next = 0, len = text_wrap(text, 72, &next);
        snprintf(buf, sizeof buf, "%.*s", (int)len, text);
        add(st, role, buf);
        if (!next)
            break;
        text += next;
    }
}

static void retention(rgpd_state *st, const char *label, int months, const char *before)
{
    char line[200], d[11];
    normalize_date_display(before, d);
    strbuf sb;
    strbuf_init(&sb, line, sizeof line);
    strbuf_printf(&sb, _("  %s : %d mois (avant le %s)"), label, months, d);
    add(st, TH_NORMAL, line);
}

static void counted(rgpd_state *st, const char *label, int64_t n)
{
    char line[200];
    int pad = 40 - text_width(label); /* columns, not bytes: the labels have accents */
    snprintf(line, sizeof line, "  %s%*s %6lld", label, pad > 0 ? pad : 0, "", (long long)n);
    add(st, n ? TH_NORMAL : TH_MUTED, line);
}

static void kinds_text(unsigned k, char *buf, size_t size)
{
    static const struct {
        unsigned bit;
        const char *label;
    } names[] = {
        {RGPD_KIND_FILE, N_("fiche effacée")},
        {RGPD_KIND_COMMENT, N_("commentaires")},
        {RGPD_KIND_ORIENTATION, N_("orientations")},
        {RGPD_KIND_APPOINTMENT, N_("rendez-vous")},
        {RGPD_KIND_NOTE, N_("notes")},
    };
    strbuf sb;
    strbuf_init(&sb, buf, size);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (k & names[i].bit)
            strbuf_join(&sb, ", ", _(names[i].label));
}

static void build(rgpd_state *st, ui_app *app)
{
    const g_config *c = app->cfg;
    const rgpd_plan *p = &st->plan;
    char line[300], when[32];
    st->nlines = 0;
    admin_when(st->last, when, sizeof when);
    snprintf(line, sizeof line, _("Dernière purge : %s"), when);
    add(st, TH_NORMAL, line);
    add(st, TH_NORMAL, "");
    add(st, TH_HEADING, _("Durées de conservation (réglages [rgpd])"));
    retention(st, _("fiches sans contact"), c->rgpd.visitor_months, p->visitor_before);
    retention(st, _("commentaires des demandes"), c->rgpd.comment_months, p->comment_before);
    retention(st, _("orientations, transmissions"), c->rgpd.orientation_months,
              p->orientation_before);
    retention(st, _("rendez-vous"), c->rgpd.appointment_months, p->appointment_before);
    retention(st, _("notes confidentielles"), c->rgpd.note_months, p->note_before);
    retention(st, _("journal"), c->rgpd.journal_months, p->journal_before);
    add(st, TH_NORMAL, "");
    add(st, TH_HEADING, _("Ce que la purge enlèverait maintenant (simulation)"));
    const rgpd_counts *n = &p->counts;
    counted(st, _("fiches effacées"), n->files);
    counted(st, _("demandes détachées de ces fiches"), n->requests);
    counted(st, _("commentaires de demandes vidés"), n->comments);
    counted(st, _("orientations détachées"), n->orientations);
    counted(st, _("dossiers transmis détachés"), n->escalations);
    counted(st, _("rendez-vous détachés"), n->appointments);
    counted(st, _("notes confidentielles effacées"), n->notes);
    counted(st, _("entrées du journal effacées"), n->journal);
    add(st, TH_NORMAL, "");
    snprintf(line, sizeof line,
             P_("%zu personne concernée, par pseudonyme (colonne « usager » des fichiers des "
                "financeurs) :",
                "%zu personnes concernées, par pseudonyme (colonne « usager » des fichiers des "
                "financeurs) :",
                p->npeople),
             p->npeople);
    add_wrapped(st, TH_HEADING, line);
    for (size_t i = 0; i < p->npeople; i++) {
        char k[160];
        kinds_text(p->people[i].kinds, k, sizeof k);
        snprintf(line, sizeof line, "  %s  %s", p->people[i].pseudonym, k);
        add(st, TH_NORMAL, line);
    }
    if (!p->npeople)
        add(st, TH_MUTED, _("  personne"));
    add(st, TH_NORMAL, "");
    add_wrapped(st, TH_MUTED,
                _("Les chiffres déjà envoyés aux financeurs restent justes : ce qu'ils comptent "
                  "est détaché de la personne, jamais effacé."));
}

/* A first purge of an old base runs for a minute: the status line says
 * how far it is between two slices (the other desks save meanwhile). */
static void progress_line(ui_app *app, const char *what, int64_t done, int64_t total)
{
    char line[160];
    snprintf(line, sizeof line, _(" %s : %d %%…"), what, total > 0 ? (int)(done * 100 / total) : 0);
    app_busy(app, line);
}

static void dry_run_progress(void *ctx, int64_t done, int64_t total)
{
    progress_line(ctx, _("Simulation de la purge"), done, total);
}

static void purge_progress(void *ctx, int64_t done, int64_t total)
{
    progress_line(ctx, _("Purge en cours"), done, total);
}

static void rgpd_reload(void *state, ui_app *app)
{
    rgpd_state *st = state;
    g_error err = {0};
    st->error[0] = 0;
    rgpd_plan_free(&st->plan);
    memset(&st->plan, 0, sizeof st->plan);
    int64_t uid = app->session ? app->session->user_id : 0;
    app_busy(app, _(" Simulation de la purge…"));
    if (rgpd_last_purge(app->db, &st->last, &err) != G_OK ||
        rgpd_purge(app->db, app->cfg, uid, 1, dry_run_progress, app, &st->plan, &err) != G_OK) {
        snprintf(st->error, sizeof st->error, "%s", err.msg);
        st->nlines = 0;
        return;
    }
    build(st, app);
}

static int rgpd_open(ui_app *app, void *arg, void **state)
{
    if (!admin_is_manager(app))
        return -1;
    rgpd_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    rgpd_reload(st, app);
    *state = st;
    return 0;
}

static void rgpd_close(void *state, ui_app *app)
{
    rgpd_state *st = state;
    rgpd_plan_free(&st->plan);
    free(st->lines);
    free(st);
}

static void rgpd_draw(void *state, ui_app *app, const ui_rect *b)
{
    rgpd_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y;
    text_put(stdscr, y++, x, w, _("Protection des données (RGPD)"), theme_attr(TH_HEADING));
    if (st->error[0]) {
        text_put_wrapped(stdscr, y + 1, x, w, b->h - 2, st->error, theme_attr(TH_ERROR));
        return;
    }
    char how[300];
    keys_sentence(how, sizeof how,
                  _("%s : faire la purge de ce qui est montré (après confirmation) ; elle se "
                    "fait aussi chaque nuit."),
                  ACT_ADM_PURGE, ACT_NONE);
    int hl = text_wrap_count(how, w);
    text_put_wrapped(stdscr, b->y + b->h - hl, x, w, hl, how, theme_attr(TH_MUTED));
    st->rows = b->h - 1 - hl;
    int max_top = (int)st->nlines > st->rows ? (int)st->nlines - st->rows : 0;
    if (st->top > max_top)
        st->top = max_top;
    for (int i = 0; i < st->rows && st->top + i < (int)st->nlines; i++) {
        const rgpd_line *l = &st->lines[st->top + i];
        text_put(stdscr, y + i, x, w, l->text, theme_attr(l->role));
    }
    if ((int)st->nlines > st->rows) {
        if (st->top > 0)
            text_put(stdscr, y, x + w + 1, 1, "↑", theme_attr(TH_MUTED));
        if (st->top < max_top)
            text_put(stdscr, y + st->rows - 1, x + w + 1, 1, "↓", theme_attr(TH_MUTED));
    }
}

static ui_reaction purge_answer(void *ctx, ui_app *app, int yes)
{
    rgpd_state *st = ctx;
    if (!yes)
        return ui_redraw();
    app_busy(app, _(" Purge en cours…"));
    rgpd_plan done;
    g_error err = {0};
    if (rgpd_purge(app->db, app->cfg, app->session ? app->session->user_id : 0, 0, purge_progress,
                   app, &done, &err) != G_OK) {
        app_message(app, 1, err.msg);
        /* its first slices may be saved: the page shows what is left */
        app_data_changed(app);
        return ui_redraw();
    }
    const rgpd_counts *n = &done.counts;
    char msg[600];
    snprintf(msg, sizeof msg,
             _("Purge faite : %lld fiches effacées, %lld commentaires vidés, %lld orientations, "
               "%lld dossiers transmis et %lld rendez-vous détachés, %lld notes et %lld entrées "
               "du journal effacées. Inscrite au journal (les nombres seulement)."),
             (long long)n->files, (long long)n->comments, (long long)n->orientations,
             (long long)n->escalations, (long long)n->appointments, (long long)n->notes,
             (long long)n->journal);
    rgpd_plan_free(&done);
    app_message(app, 0, msg);
    app_data_changed(app);
    (void)st;
    return ui_redraw();
}

static ui_reaction rgpd_key(void *state, ui_app *app, const ui_key *k)
{
    rgpd_state *st = state;
    if (text_scroll_key(k, (int)st->nlines, st->rows > 0 ? st->rows : 1, &st->top))
        return ui_redraw();
    if (k->action != ACT_ADM_PURGE)
        return ui_pass();
    if (st->error[0]) {
        app_message(app, 1, st->error);
        return ui_redraw();
    }
    const rgpd_counts *n = &st->plan.counts;
    char q[600], files[80], notes[80], comments[80];
    snprintf(files, sizeof files,
             P_("%lld fiche sera effacée", "%lld fiches seront effacées", (unsigned long)n->files),
             (long long)n->files);
    snprintf(notes, sizeof notes,
             P_("%lld note détruite", "%lld notes détruites", (unsigned long)n->notes),
             (long long)n->notes);
    snprintf(comments, sizeof comments,
             P_("%lld commentaire vidé", "%lld commentaires vidés", (unsigned long)n->comments),
             (long long)n->comments);
    snprintf(q, sizeof q,
             _("Faire la purge maintenant ? %s, %s, %s ; orientations, transmissions et "
               "rendez-vous anciens seront détachés des personnes. C'est définitif. (o/n)"),
             files, notes, comments);
    return dialog_confirm(q, purge_answer, st);
}

static const ui_action rgpd_hints[] = {ACT_ADM_PURGE, ACT_HELP, ACT_BACK, ACT_NONE};

const screen_ops screen_admin_rgpd = {
    .name = "admin-rgpd",
    .title = N_("Protection des données"),
    .hints = rgpd_hints,
    .keymap = KM_ADMIN_RGPD,
    .open = rgpd_open,
    .close = rgpd_close,
    .draw = rgpd_draw,
    .key = rgpd_key,
    .reload = rgpd_reload,
    .reload_on_change_only = 1,
};
