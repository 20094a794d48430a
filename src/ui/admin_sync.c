/* admin_sync.c — Administration › Synchronisation, for the responsable
 * (docs/synchronisation.md « L'écran »).
 *
 * The screen shows sync_status (this instance, the last pack sent and
 * received, the conflicts to review, the content hash) and the conflicts
 * (sync_conflicts) in a list; a key marks the chosen one settled
 * (sync_conflict_resolve, as the logged-in user), another shows the settled
 * ones too. « Préparer un paquet » asks for the file (default: the [sync]
 * folder) and, when no key file is set, the network's passphrase in a
 * hidden field, then runs sync_export since the last pack sent — the very
 * code of `guichet sync export --since dernier`. « Importer un paquet » runs
 * sync_import as a dry run first, shows what it would change, and imports
 * after a yes. The passphrase is wiped from the field and from the secret
 * as soon as it has been used. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "guichet/clock.h"
#include "guichet/i18n.h"
#include "guichet/paths.h"
#include "guichet/sync.h"
#include "ui/admin.h"
#include "ui/dialog.h"
#include "ui/form.h"
#include "ui/legend.h"
#include "ui/list.h"
#include "ui/text.h"
#include "ui/theme.h"

#ifndef GUICHET_VERSION
#define GUICHET_VERSION "dev"
#endif

/* Characters of a typed file path; of a typed passphrase (the core refuses
 * one of more than SYNC_PASSPHRASE_MAX bytes, on the screen as on the
 * command line). */
#define SYNC_PATH_CHARS 1000
#define SYNC_PASS_CHARS SYNC_PASSPHRASE_MAX

/* Rows under the list for the chosen conflict's detail. */
#define DETAIL_ROWS 4

typedef struct sync_screen {
    sync_state state;
    int have_state;
    char error[512]; /* reading the status or the conflicts failed */
    sync_conflict_row *rows;
    size_t count;
    int all; /* 1: the settled conflicts too */
    ui_list list;
    int list_rows; /* rows of the list at the last draw (PgUp/PgDn) */
    /* the content hash reads every synced row: 7.6 to 10.9 s on the
     * bench's base of ten years (3 million rows), which opening the screen,
     * each change made here and each pack sent or received paid. Computed
     * when asked (ACT_ADM_SYNC_HASH), shown until the content may have
     * changed: a change made here, a pack sent or received. */
    char hash[65];
    unsigned hash_gen;
    int64_t hash_sent_at, hash_recv_at;
    int64_t resolving; /* the conflict asked about (the list may be reread meanwhile) */
} sync_screen;

static const ui_column conflict_cols[] = {
    {N_("N°"), 4, 1},          {N_("Date"), 11, 0}, {N_("Type"), 7, 0},
    {N_("Qui / quoi"), 22, 0}, {N_("Gardé"), 0, 0}, {N_("Remplacé"), 0, 0},
};
#define N_COLS (sizeof conflict_cols / sizeof *conflict_cols)
static ui_column conflict_shown[N_COLS];

/* An HLC stamp (milliseconds << 16 | counter) as seconds. */
static int64_t hlc_seconds(int64_t hlc)
{
    return hlc > 0 ? (hlc >> 16) / 1000 : 0;
}

/* "Bus @1774086400" (a slot conflict's value) as "Bus 21/03/2026 10:00". */
static const char *slot_text(const char *v, char *buf, size_t size)
{
    const char *at = strrchr(v, '@');
    char *end = NULL;
    long long t = at ? strtoll(at + 1, &end, 10) : 0;
    if (!at || !end || *end || t <= 0) {
        snprintf(buf, size, "%s", v);
        return buf;
    }
    char when[32];
    int n = (int)(at - v);
    while (n > 0 && v[n - 1] == ' ')
        n--;
    admin_when(t, when, sizeof when);
    snprintf(buf, size, "%.*s %s", n, v, when);
    return buf;
}

static int is_slot(const sync_conflict_row *r)
{
    return strcmp(r->kind, "creneau") == 0;
}

/* The synced tables and their columns as a manager reads them; a column not
 * listed is shown by its name. */
typedef struct label_pair {
    const char *name, *label;
} label_pair;

static const label_pair table_labels[] = {
    {"visitor", N_("Usager")},
    {"visit", N_("Demande")},
    {"appointment", N_("Rendez-vous")},
    {"orientation", N_("Orientation")},
    {"note", N_("Note")},
    {"resource", N_("Ressource")},
    {"motif", N_("Motif")},
    {"service", N_("Service")},
    {"structure", N_("Structure")},
    {"app_user", N_("Compte")},
    {"availability", N_("Plage d'ouverture")},
};

static const label_pair field_labels[] = {
    {"last_name", N_("nom")},
    {"birth_name", N_("nom de naissance")},
    {"first_names", N_("prénoms")},
    {"birth_date", N_("date de naissance")},
    {"sex", N_("sexe")},
    {"commune", N_("commune")},
    {"postal_code", N_("code postal")},
    {"phone", N_("téléphone")},
    {"email", N_("courriel")},
    {"preferred_contact", N_("contact préféré")},
    {"language", N_("langue")},
    {"needs_digital_help", N_("aide numérique")},
    {"consent_date", N_("consentement")},
    {"comment", N_("commentaire")},
    {"status", N_("statut")},
    {"start_at", N_("heure")},
    {"outcome", N_("issue")},
    {"name", N_("nom")},
    {"display_name", N_("nom affiché")},
    {"role", N_("rôle")},
    {"disabled", N_("désactivé")},
    {"state", N_("état")},
};

static const char *label_of(const char *name, int field)
{
    const label_pair *t = field ? field_labels : table_labels;
    size_t n = field ? sizeof field_labels / sizeof *field_labels
                     : sizeof table_labels / sizeof *table_labels;
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].name, name) == 0)
            return _(t[i].label);
    return name;
}

static const char *conflict_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    sync_screen *st = ctx;
    const sync_conflict_row *r = &st->rows[row];
    switch (col) {
    case 0:
        snprintf(buf, size, "%" PRId64, r->id);
        break;
    case 1:
        clock_format(r->at, "%d/%m %H:%M", buf, size);
        break;
    case 2:
        snprintf(buf, size, "%s",
                 r->resolved  ? _("réglé")
                 : is_slot(r) ? _("créneau")
                              : _("champ"));
        break;
    case 3: /* "Usager DUPONT Marie : téléphone" */
        if (is_slot(r))
            snprintf(buf, size, "%s %s", _("Rendez-vous"), r->who);
        else
            snprintf(buf, size, "%s %s%s%s", label_of(r->tbl, 0), r->who, r->who[0] ? " : " : ": ",
                     label_of(r->field, 1));
        break;
    case 4:
        if (is_slot(r))
            return slot_text(r->kept, buf, size);
        snprintf(buf, size, "%s", r->kept);
        break;
    default:
        snprintf(buf, size, "%s", is_slot(r) ? _("(les deux gardés)") : r->lost);
        break;
    }
    return buf;
}

static void sync_reload(void *state, ui_app *app)
{
    sync_screen *st = state;
    g_error err = {0};
    st->error[0] = 0;
    free(st->rows);
    st->rows = NULL;
    st->count = 0;
    st->have_state = sync_status(app->db, &st->state, &err) == G_OK;
    if (st->have_state &&
        (st->hash_gen != app->data_gen || st->hash_sent_at != st->state.last_sent_at ||
         st->hash_recv_at != st->state.last_recv_at))
        st->hash[0] = 0; /* no longer the content's */
    if (!st->have_state || sync_conflicts(app->db, st->all, &st->rows, &st->count, &err) != G_OK)
        snprintf(st->error, sizeof st->error, "%s", err.msg);
    list_set_count(&st->list, st->count);
}

static int sync_open(ui_app *app, void *arg, void **state)
{
    if (!admin_is_manager(app))
        return -1;
    sync_screen *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    for (size_t i = 0; i < N_COLS; i++) {
        conflict_shown[i] = conflict_cols[i];
        conflict_shown[i].title = _(conflict_cols[i].title);
    }
    list_init(&st->list, conflict_shown, N_COLS, conflict_cell, st);
    st->list.header = 1;
    st->list_rows = 1;
    sync_reload(st, app);
    *state = st;
    return 0;
}

static void sync_close(void *state, ui_app *app)
{
    sync_screen *st = state;
    free(st->rows);
    free(st);
}

static int put(int y, int x, int w, int rows, const char *s, th_role role)
{
    return text_put_wrapped(stdscr, y, x, w, rows, s, theme_attr(role));
}

/* path cut from the left at a folder, to fit cols: "…/synchro/x.pack". */
static const char *path_fit(const char *path, int cols, char *buf, size_t size)
{
    if (text_width(path) <= cols) {
        snprintf(buf, size, "%s", path);
        return buf;
    }
    const char *p = path;
    while ((p = strchr(p + 1, '/')) != NULL && text_width(p) + 1 > cols)
        ;
    if (!p) { /* the name alone is too long: its end */
        p = path + strlen(path);
        while (p > path && text_width(p) + 1 < cols)
            do
                p--;
            while (p > path && ((unsigned char)*p & 0xC0) == 0x80);
    }
    snprintf(buf, size, "…%s", p);
    return buf;
}

/* "  fichier : …" under the line of a pack; returns the rows used. */
static int file_line(int y, int x, int w, const char *path)
{
    char label[64], fitted[PATH_MAX + 8];
    snprintf(label, sizeof label, "%s", _("  fichier : "));
    int lw = text_width(label);
    text_put(stdscr, y, x, w, label, theme_attr(TH_MUTED));
    text_put(stdscr, y, x + lw, w - lw, path_fit(path, w - lw, fitted, sizeof fitted),
             theme_attr(TH_NORMAL));
    return 1;
}

/* The chosen conflict in words, whole. */
static void conflict_detail(const sync_conflict_row *r, char *buf, size_t size)
{
    char k1[32], k2[32];
    admin_when(hlc_seconds(r->kept_hlc), k1, sizeof k1);
    admin_when(hlc_seconds(r->lost_hlc), k2, sizeof k2);
    if (is_slot(r)) {
        char slot[200];
        slot_text(r->kept, slot, sizeof slot);
        snprintf(buf, size,
                 _("Conflit %" PRId64 " : deux rendez-vous pris hors ligne sur le même créneau "
                   "(%s), %.8s… (instance %.8s) et %.8s… (instance %.8s), gardés tous les deux : "
                   "à régler à l'agenda, puis à marquer réglé.%s"),
                 r->id, slot, r->uuid, r->kept_origin, r->field, r->lost_origin,
                 r->resolved ? _(" Réglé.") : "");
    } else {
        snprintf(buf, size,
                 _("Conflit %" PRId64 " : %s %s (identité %s), %s. Gardé « %s » (instance %.8s, "
                   "%s) ; remplacé « %s » (instance %.8s, %s).%s"),
                 r->id, label_of(r->tbl, 0), r->who, r->uuid, label_of(r->field, 1), r->kept,
                 r->kept_origin, k1, r->lost, r->lost_origin, k2, r->resolved ? _(" Réglé.") : "");
    }
}

static void sync_draw(void *state, ui_app *app, const ui_rect *b)
{
    sync_screen *st = state;
    int x = b->x + 1, w = b->w - 2, y = b->y;
    char line[1400], when[32];
    text_put(stdscr, y++, x, w, _("Synchronisation entre bases guichet"), theme_attr(TH_HEADING));
    /* the legend at the bottom */
    const ui_legend_item legend[] = {
        {ACT_ADM_SYNC_PACK, N_("préparer un paquet")},
        {ACT_ADM_SYNC_IMPORT, N_("importer un paquet")},
        {ACT_ADM_SYNC_RESOLVE, N_("conflit réglé")},
        {ACT_ADM_SYNC_ALL, st->all ? N_("seulement à revoir") : N_("voir aussi les réglés")},
        {ACT_ADM_SYNC_HASH, N_("empreinte")},
    };
    size_t nl = sizeof legend / sizeof *legend;
    int row_of[5], x_of[5];
    int lrows = legend_layout(legend, nl, w, row_of, x_of);
    if (lrows > 2)
        lrows = 2;
    int bottom = b->y + b->h - lrows;
    legend_draw(bottom, x, w, lrows, legend, nl);
    if (!st->have_state) {
        put(y + 1, x, w, bottom - y - 1, st->error, TH_ERROR);
        return;
    }
    const sync_state *s = &st->state;
    snprintf(line, sizeof line, _("Cette instance : %s"), s->instance);
    y += put(y, x, w, 1, line, TH_NORMAL);
    if (st->hash[0])
        snprintf(line, sizeof line,
                 _("Empreinte du contenu : %.16s… (la même sur deux bases à jour)"), st->hash);
    else
        keys_sentence(line, sizeof line,
                      _("Empreinte du contenu : %s pour la calculer (elle lit toute la base : "
                        "quelques secondes sur une grande base)."),
                      ACT_ADM_SYNC_HASH, ACT_NONE);
    y += put(y, x, w, 1, line, TH_NORMAL);
    if (s->last_sent_at > 0)
        snprintf(line, sizeof line, _("Dernier paquet envoyé : %s"),
                 admin_when(s->last_sent_at, when, sizeof when));
    else
        snprintf(line, sizeof line, "%s", _("Dernier paquet envoyé : jamais"));
    y += put(y, x, w, 1, line, TH_NORMAL);
    if (s->last_sent_at > 0)
        y += file_line(y, x, w, s->last_sent_file);
    if (s->last_recv_at > 0) {
        /* last_recv_from: "matricule instance" */
        char from[80];
        snprintf(from, sizeof from, "%s", s->last_recv_from);
        char *sp = strchr(from, ' ');
        if (sp)
            *sp++ = 0;
        snprintf(line, sizeof line, _("Dernier paquet reçu : %s de %s (instance %.8s…)"),
                 admin_when(s->last_recv_at, when, sizeof when), from, sp ? sp : "");
    } else
        snprintf(line, sizeof line, "%s", _("Dernier paquet reçu : jamais"));
    y += put(y, x, w, 1, line, TH_NORMAL);
    if (s->last_recv_at > 0)
        y += file_line(y, x, w, s->last_recv_file);
    snprintf(line, sizeof line, _("Conflits à revoir : %" PRId64), s->pending);
    y += put(y, x, w, 1, line, s->pending ? TH_ERROR : TH_OK);
    theme_hline(stdscr, y++, x, w, theme_attr(TH_BORDER));
    int list_h = bottom - DETAIL_ROWS - y;
    if (st->error[0]) {
        put(y, x, w, bottom - y, st->error, TH_ERROR);
        return;
    }
    if (!st->count) {
        put(y, x, w, 2,
            !s->last_sent_at && !s->last_recv_at
                ? _("Aucun conflit : cette base n'a encore échangé aucun paquet.")
            : st->all ? _("Aucun conflit, ni à revoir ni réglé.")
                      : _("Aucun conflit à revoir : les bases ont échangé sans désaccord."),
            TH_OK);
        return;
    }
    if (list_h < 2)
        list_h = 2;
    st->list_rows = list_h - 1;
    list_draw(&st->list, stdscr, y, x, list_h, w, 1);
    conflict_detail(&st->rows[st->list.selected], line, sizeof line);
    put(y + list_h, x, w, DETAIL_ROWS, line, TH_MUTED);
}

static ui_reaction resolve_answer(void *ctx, ui_app *app, int yes)
{
    sync_screen *st = ctx;
    if (!yes) {
        app_message(app, 0, _("Rien n'a été marqué."));
        return ui_redraw();
    }
    int64_t id = st->resolving;
    char msg[256];
    g_error err = {0};
    if (sync_conflict_resolve(app->db, id, app->session->user_id, &err) != G_OK) {
        app_message(app, 1, err.msg);
        return ui_redraw();
    }
    snprintf(msg, sizeof msg,
             _("Conflit %" PRId64 " marqué comme réglé (inscrit au journal) ; le prochain "
               "paquet le règle aussi sur l'autre base."),
             id);
    app_message(app, 0, msg);
    app_data_changed(app);
    return ui_redraw();
}

static ui_reaction sync_resolve(sync_screen *st, ui_app *app)
{
    if (!st->count)
        return ui_none();
    const sync_conflict_row *r = &st->rows[st->list.selected];
    char msg[256];
    if (r->resolved) {
        snprintf(msg, sizeof msg, _("Le conflit %" PRId64 " est déjà réglé."), r->id);
        app_message(app, 0, msg);
        return ui_redraw();
    }
    st->resolving = r->id;
    snprintf(msg, sizeof msg,
             _("Marquer le conflit %" PRId64 " comme réglé ? Il ne sera plus listé à revoir, "
               "ici ni sur l'autre base qui l'a noté. (o/n)"),
             r->id);
    return dialog_confirm(msg, resolve_answer, st);
}

/* ========================================================================= */
/* preparing and importing a pack                                            */
/* ========================================================================= */

enum { F_PATH, F_PASS, F_COUNT };

typedef struct pack_state {
    int import;    /* 0: prepare a pack; 1: import one */
    int need_pass; /* no [sync] key_file: the passphrase field is shown */
    ui_field fields[F_COUNT];
    ui_form form;
    char folder[PATH_MAX];    /* the [sync] folder, "" when it could not be made */
    char path[PATH_MAX];      /* the file, once checked */
    int64_t since_at;         /* the last pack sent (for the text), 0 = never */
    sync_import_info preview; /* the dry run's counts (import) */
} pack_state;

/* Wipes the passphrase typed (sodium_memzero, then the field's own wipe). */
static void wipe_pass(pack_state *st)
{
    ui_field *f = &st->fields[F_PASS];
    if (f->value)
        sodium_memzero(f->value, f->size);
    field_clear(f);
}

static int pack_open(ui_app *app, void *arg, void **state)
{
    if (!admin_is_manager(app))
        return -1;
    pack_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    st->import = arg != NULL;
    st->need_pass = sync_secret_needs_passphrase(app->cfg);
    if (field_init(&st->fields[F_PATH], "path",
                   st->import ? _("Paquet à importer") : _("Fichier du paquet"), SYNC_PATH_CHARS,
                   FIELD_HIDE_MAX) != 0 ||
        field_init(&st->fields[F_PASS], "passphrase", _("Phrase de passe du réseau"),
                   SYNC_PASS_CHARS, FIELD_PASSWORD | FIELD_HIDE_MAX) != 0) {
        field_free(&st->fields[F_PATH]);
        free(st);
        return -1;
    }
    form_init(&st->form, st->fields, st->need_pass ? F_COUNT : 1);
    st->form.submit_any = 1; /* Entrée on the file: the passphrase is asked if missing */
    g_error err = {0};
    if (paths_sync_dir(app->cfg->sync.folder, st->folder, sizeof st->folder, &err) != G_OK) {
        st->folder[0] = 0;
        form_set_message(&st->form, 1, err.msg);
    }
    sync_state s;
    if (sync_status(app->db, &s, &err) == G_OK)
        st->since_at = s.last_sent_at;
    if (st->folder[0]) {
        char name[PATH_MAX + 128], stamp[32];
        if (st->import)
            snprintf(name, sizeof name, "%s/", st->folder);
        else {
            clock_format(clock_now(), "%Y%m%d-%H%M%S", stamp, sizeof stamp);
            const char *who = app->site.matricule[0] ? app->site.matricule : "guichet";
            snprintf(name, sizeof name, "%s/guichet-sync-%s-%s.pack", st->folder, who, stamp);
            /* the name offered is never one already taken */
            for (int k = 2; k < 100 && access(name, F_OK) == 0; k++)
                snprintf(name, sizeof name, "%s/guichet-sync-%s-%s-%d.pack", st->folder, who, stamp,
                         k);
        }
        field_set(&st->fields[F_PATH], name);
    }
    *state = st;
    return 0;
}

static void pack_close(void *state, ui_app *app)
{
    pack_state *st = state;
    wipe_pass(st);
    for (int i = 0; i < F_COUNT; i++)
        field_free(&st->fields[i]);
    sodium_memzero(st, sizeof *st);
    free(st);
}

static void pack_draw(void *state, ui_app *app, const ui_rect *b)
{
    pack_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y + 1;
    char line[PATH_MAX + 400], when[32];
    text_put(stdscr, y, x, w,
             st->import ? _("Importer un paquet de synchronisation")
                        : _("Préparer un paquet de synchronisation"),
             theme_attr(TH_HEADING));
    if (st->import)
        snprintf(line, sizeof line, "%s",
                 _("Le paquet est d'abord essayé sans rien changer : guichet dit ce qu'il "
                   "ajouterait ou modifierait, puis importe si vous confirmez."));
    else if (st->since_at > 0)
        snprintf(line, sizeof line,
                 _("Le paquet contiendra les changements faits depuis le dernier paquet envoyé "
                   "(%s)."),
                 admin_when(st->since_at, when, sizeof when));
    else
        snprintf(line, sizeof line, "%s",
                 _("Aucun paquet n'a encore été envoyé : celui-ci contiendra toutes les données "
                   "synchronisées."));
    int used = text_put_wrapped(stdscr, y + 1, x, w, 3, line, theme_attr(TH_MUTED));
    if (st->need_pass)
        snprintf(line, sizeof line, "%s",
                 _("La phrase de passe du réseau est la même sur toutes les bases qui "
                   "s'échangent des paquets ; elle ne s'affiche pas et n'est pas gardée."));
    else
        snprintf(line, sizeof line, _("La clé du réseau est lue dans %s ([sync] key_file)."),
                 app->cfg->sync.key_file);
    used += text_put_wrapped(stdscr, y + 1 + used, x, w, 3, line, theme_attr(TH_MUTED));
    int cy, cx;
    form_draw(&st->form, stdscr, y + 2 + used, x, b->h - 3 - used, w, &cy, &cx);
    if (cy >= 0)
        app_set_cursor(app, cy, cx);
}

/* The typed path: "~/" is the home folder; it must be absolute. */
static int pack_path(pack_state *st)
{
    const char *v = st->fields[F_PATH].value;
    while (*v == ' ')
        v++;
    const char *home = paths_home();
    int n;
    if (v[0] == '~' && v[1] == '/' && home)
        n = snprintf(st->path, sizeof st->path, "%s%s", home, v + 1);
    else
        n = snprintf(st->path, sizeof st->path, "%s", v);
    size_t len = strlen(st->path);
    while (len > 0 && st->path[len - 1] == ' ')
        st->path[--len] = 0;
    if (n < 0 || (size_t)n >= sizeof st->path) {
        field_set_error(&st->fields[F_PATH], _("Ce chemin est trop long."));
        return -1;
    }
    if (!st->path[0] || st->path[0] != '/') {
        field_set_error(&st->fields[F_PATH],
                        _("Donnez le chemin complet du fichier, qui commence par / (ou ~/ pour "
                          "votre dossier personnel)."));
        return -1;
    }
    if (st->path[len - 1] == '/') {
        field_set_error(&st->fields[F_PATH], _("Ajoutez le nom du fichier après le dossier."));
        return -1;
    }
    return 0;
}

/* The secret from the settings and the field; -1 with the error shown. */
static int pack_secret(pack_state *st, ui_app *app, sync_secret *sec)
{
    g_error err = {0};
    const char *pass = st->need_pass ? st->fields[F_PASS].value : NULL;
    if (sync_secret_from_config(app->cfg, pass, sec, &err) != G_OK) {
        form_apply_error(&st->form, &err);
        return -1;
    }
    return 0;
}

/* A core error: under the passphrase when it is the key's fault, else under
 * the file. */
static void pack_error(pack_state *st, const g_error *err)
{
    g_error e = *err;
    if (!e.field[0])
        snprintf(e.field, sizeof e.field, "%s",
                 e.code == G_ERR_CRYPTO && st->need_pass ? "passphrase" : "path");
    form_apply_error(&st->form, &e);
}

static ui_reaction export_submit(pack_state *st, ui_app *app)
{
    if (access(st->path, F_OK) == 0) {
        wipe_pass(st);
        field_set_error(&st->fields[F_PATH],
                        _("Ce fichier existe déjà : choisissez un autre nom."));
        form_focus(&st->form, "path");
        return ui_redraw();
    }
    sync_secret sec;
    if (pack_secret(st, app, &sec) != 0) {
        wipe_pass(st);
        return ui_redraw();
    }
    app_busy(app, _(" Préparation du paquet…"));
    g_error err = {0};
    sync_export_info info;
    g_status rc = sync_export(app->db, st->path, -1, &sec, GUICHET_VERSION, app->session->user_id,
                              &info, &err);
    sodium_memzero(&sec, sizeof sec);
    wipe_pass(st);
    if (rc != G_OK) {
        pack_error(st, &err);
        return ui_redraw();
    }
    char msg[PATH_MAX + 200];
    snprintf(msg, sizeof msg,
             P_("Paquet écrit : %s (%" PRId64 " ligne, %zu octets). Portez-le à l'autre base, "
                "qui l'importera avec la même phrase de passe ou clé.",
                "Paquet écrit : %s (%" PRId64 " lignes, %zu octets). Portez-le à l'autre base, "
                "qui l'importera avec la même phrase de passe ou clé.",
                (unsigned long)info.rows),
             st->path, info.rows, info.bytes);
    app_message(app, 0, msg);
    app_data_changed(app);
    return ui_pop();
}

/* "12 lignes ajoutées, 3 modifiées, 0 supprimée, 40 entrées de journal,
 * 1 conflit à revoir" in fmt's second %s (its first: the sender). */
static void import_counts(const sync_import_info *p, const char *fmt, char *buf, size_t size)
{
    char a[96], b[96], c[96], d[96], e[96], all[640];
    snprintf(
        a, sizeof a,
        P_("%" PRId64 " ligne ajoutée", "%" PRId64 " lignes ajoutées", (unsigned long)p->inserted),
        p->inserted);
    snprintf(b, sizeof b,
             P_("%" PRId64 " modifiée", "%" PRId64 " modifiées", (unsigned long)p->updated),
             p->updated);
    snprintf(c, sizeof c,
             P_("%" PRId64 " supprimée", "%" PRId64 " supprimées", (unsigned long)p->deleted),
             p->deleted);
    snprintf(d, sizeof d,
             P_("%" PRId64 " entrée de journal", "%" PRId64 " entrées de journal",
                (unsigned long)p->journal),
             p->journal);
    snprintf(e, sizeof e,
             P_("%" PRId64 " conflit à revoir", "%" PRId64 " conflits à revoir",
                (unsigned long)p->conflicts),
             p->conflicts);
    snprintf(all, sizeof all, "%s, %s, %s, %s, %s", a, b, c, d, e);
    if (p->settled) {
        char f[120];
        snprintf(f, sizeof f,
                 P_("%" PRId64 " conflit réglé là-bas, réglé ici aussi",
                    "%" PRId64 " conflits réglés là-bas, réglés ici aussi",
                    (unsigned long)p->settled),
                 p->settled);
        size_t len = strlen(all);
        snprintf(all + len, sizeof all - len, ", %s", f);
    }
    snprintf(buf, size, fmt, p->sender, all);
}

static ui_reaction import_answer(void *ctx, ui_app *app, int yes)
{
    pack_state *st = ctx;
    if (!yes) {
        wipe_pass(st);
        form_set_message(&st->form, 0, _("Import abandonné : rien n'a changé."));
        return ui_redraw();
    }
    sync_secret sec;
    if (pack_secret(st, app, &sec) != 0)
        return ui_redraw();
    app_busy(app, _(" Import du paquet…"));
    g_error err = {0};
    sync_import_info info;
    g_status rc = sync_import(app->db, st->path, &sec, 0, app->session->user_id, &info, &err);
    sodium_memzero(&sec, sizeof sec);
    wipe_pass(st);
    if (rc != G_OK) {
        pack_error(st, &err);
        return ui_redraw();
    }
    char msg[800];
    import_counts(&info, _("Paquet de %s importé : %s."), msg, sizeof msg);
    app_message(app, 0, msg);
    app_data_changed(app);
    return ui_pop(); /* the dialog adds its own pop: back to the screen */
}

static ui_reaction import_submit(pack_state *st, ui_app *app)
{
    struct stat sb;
    if (access(st->path, R_OK) != 0 || (stat(st->path, &sb) == 0 && S_ISDIR(sb.st_mode))) {
        char msg[PATH_MAX + 200];
        if (access(st->path, R_OK) != 0)
            snprintf(msg, sizeof msg, _("Impossible de lire ce fichier : %s."), strerror(errno));
        else
            snprintf(msg, sizeof msg, "%s",
                     _("C'est un dossier : ajoutez le nom du fichier du paquet."));
        wipe_pass(st);
        field_set_error(&st->fields[F_PATH], msg);
        form_focus(&st->form, "path");
        return ui_redraw();
    }
    sync_secret sec;
    if (pack_secret(st, app, &sec) != 0)
        return ui_redraw();
    app_busy(app, _(" Essai de l'import…"));
    g_error err = {0};
    g_status rc =
        sync_import(app->db, st->path, &sec, 1, app->session->user_id, &st->preview, &err);
    sodium_memzero(&sec, sizeof sec);
    if (rc != G_OK) {
        wipe_pass(st);
        pack_error(st, &err);
        return ui_redraw();
    }
    const sync_import_info *p = &st->preview;
    sync_state self;
    if (sync_status(app->db, &self, &err) == G_OK &&
        strcmp(self.instance, p->sender_instance) == 0) {
        wipe_pass(st);
        form_set_message(&st->form, 1,
                         _("Ce paquet a été préparé par cette base-ci : il n'y a rien à y "
                           "importer. Importez ici les paquets des autres bases."));
        return ui_redraw();
    }
    if (!(p->inserted + p->updated + p->deleted + p->journal + p->conflicts + p->settled)) {
        wipe_pass(st);
        char msg[300];
        snprintf(msg, sizeof msg,
                 _("Rien de nouveau dans ce paquet de %s : la base le contenait déjà."), p->sender);
        form_set_message(&st->form, 0, msg);
        return ui_redraw();
    }
    char q[900];
    import_counts(p, _("Paquet de %s. Il apporterait : %s. Importer maintenant ? (o/n)"), q,
                  sizeof q);
    return dialog_confirm(q, import_answer, st);
}

static ui_reaction pack_key(void *state, ui_app *app, const ui_key *k)
{
    pack_state *st = state;
    switch (form_key(&st->form, k)) {
    case FORM_SUBMIT:
        form_clear_errors(&st->form);
        if (pack_path(st) != 0) {
            wipe_pass(st);
            form_focus(&st->form, "path");
            return ui_redraw();
        }
        return st->import ? import_submit(st, app) : export_submit(st, app);
    case FORM_HANDLED:
        return ui_redraw();
    case FORM_IGNORED:
        break;
    }
    return ui_pass();
}

/* Locking the session wipes a passphrase half typed. */
static void pack_on_lock(void *state, ui_app *app)
{
    wipe_pass(state);
}

static const ui_action pack_hints[] = {ACT_HELP, ACT_SELECT, ACT_NEXT_FIELD, ACT_BACK, ACT_NONE};

static const screen_ops screen_admin_sync_pack = {
    .name = "admin-sync-pack",
    .title = N_("Paquet de synchronisation"),
    .hints = pack_hints,
    .open = pack_open,
    .close = pack_close,
    .draw = pack_draw,
    .key = pack_key,
    .on_lock = pack_on_lock,
};

/* ========================================================================= */

static int import_mode = 1; /* the pack screen's arg for « Importer un paquet » */

static ui_reaction sync_hash(sync_screen *st, ui_app *app)
{
    if (!st->have_state)
        return ui_redraw();
    app_busy(app, _(" Calcul de l'empreinte…"));
    g_error err = {0};
    if (sync_content_hash(app->db, st->hash, &err) != G_OK) {
        st->hash[0] = 0;
        app_message(app, 1, err.msg);
        return ui_redraw();
    }
    st->hash_gen = app->data_gen;
    st->hash_sent_at = st->state.last_sent_at;
    st->hash_recv_at = st->state.last_recv_at;
    return ui_redraw();
}

static ui_reaction sync_key(void *state, ui_app *app, const ui_key *k)
{
    sync_screen *st = state;
    if (st->count && list_key(&st->list, k, st->list_rows))
        return ui_redraw();
    if (k->action == ACT_ADM_SYNC_PACK)
        return ui_push(&screen_admin_sync_pack, NULL);
    if (k->action == ACT_ADM_SYNC_IMPORT)
        return ui_push(&screen_admin_sync_pack, &import_mode);
    if (k->action == ACT_ADM_SYNC_RESOLVE)
        return sync_resolve(st, app);
    if (k->action == ACT_ADM_SYNC_HASH)
        return sync_hash(st, app);
    if (k->action == ACT_ADM_SYNC_ALL) {
        st->all = !st->all;
        st->list.selected = 0;
        st->list.top = 0;
        sync_reload(st, app);
        return ui_redraw();
    }
    return ui_pass();
}

static const ui_action sync_hints[] = {ACT_ADM_SYNC_PACK,
                                       ACT_ADM_SYNC_IMPORT,
                                       ACT_ADM_SYNC_RESOLVE,
                                       ACT_ADM_SYNC_ALL,
                                       ACT_BACK,
                                       ACT_HELP,
                                       ACT_NONE};

const screen_ops screen_admin_sync = {
    .name = "admin-sync",
    .title = N_("Synchronisation"),
    .hints = sync_hints,
    .keymap = KM_ADMIN_SYNC,
    .open = sync_open,
    .close = sync_close,
    .draw = sync_draw,
    .key = sync_key,
    .reload = sync_reload,
};
