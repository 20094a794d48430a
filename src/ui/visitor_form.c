/* visitor_form.c — registering or editing a visitor (visitor_form.h).
 *
 * Text fields carry the core's maxima ("(max 80)"); characters typed past
 * a maximum are refused and the field says so with the maximum; the save is
 * then refused until the field is looked at again. Choices (sex, preferred
 * contact, the four flags, consent kind) are ui_choice fields. Leaving a
 * field checks it (visitor_validate_field); F2 checks everything
 * (visitor_validate), lists possible duplicates of a new file, then saves.
 * The form survives a resize (nothing is recomputed from the terminal but
 * the layout) and, on SIGHUP/SIGTERM, is kept as a draft (kind "visitor"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guichet/clock.h"
#include "guichet/draft.h"
#include "guichet/i18n.h"
#include "guichet/normalize.h"
#include "guichet/visit.h"
#include "guichet/visitor.h"
#include "guichet/strbuf.h"
#include "ui/dialog.h"
#include "ui/intake_ui.h"
#include "ui/list.h"
#include "ui/screens.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/visitor_form.h"

enum {
    VF_LAST,
    VF_BIRTH_NAME,
    VF_FIRST,
    VF_BIRTH_DATE,
    VF_SEX,
    VF_COMMUNE,
    VF_POSTAL,
    VF_PHONE,
    VF_EMAIL,
    VF_CONTACT,
    VF_LANGUAGE,
    VF_DIGITAL,
    VF_READING,
    VF_NO_FRENCH,
    VF_DISABILITY,
    VF_CONSENT_DATE,
    VF_CONSENT_KIND,
    VF_COUNT
};

/* name (as in VISITOR_FIELD_LIST or a flag), label (the core's), max */
static const struct {
    const char *name;
    const char *label;
    int max; /* 0 = a choice */
} vf_defs[VF_COUNT] = {
    {"last_name", N_("Nom"), VISITOR_NAME_MAX},
    {"birth_name", N_("Nom de naissance"), VISITOR_NAME_MAX},
    {"first_names", N_("Prénoms"), VISITOR_NAME_MAX},
    {"birth_date", N_("Date de naissance"), VISITOR_DATE_MAX},
    {"sex", N_("Sexe"), 0},
    {"commune", N_("Commune"), COMMUNE_FIELD_MAX},
    {"postal_code", N_("Code postal"), VISITOR_POSTAL_MAX},
    {"phone", N_("Téléphone"), VISITOR_PHONE_MAX},
    {"email", N_("Courriel"), VISITOR_EMAIL_MAX},
    {"preferred_contact", N_("Contact préféré"), 0},
    {"language", N_("Langue parlée"), VISITOR_LANGUAGE_MAX},
    {"needs_digital_help", N_("Aide au numérique"), 0},
    {"reading_difficulty", N_("Difficulté à lire, écrire"), 0},
    {"no_french", N_("Ne parle pas français"), 0},
    {"disability", N_("Handicap"), 0},
    {"consent_date", N_("Date du consentement"), VISITOR_DATE_MAX},
    {"consent_kind", N_("Forme du consentement"), 0},
};

static const char *const contact_codes[] = {"telephone", "sms", "courriel", "courrier", NULL};
static const char *const contact_labels[] = {N_("Téléphone"), N_("SMS"), N_("Courriel"),
                                             N_("Courrier"), NULL};
static const char *const kind_codes[] = {"oral", "ecrit", NULL};
static const char *const kind_labels[] = {N_("Oral"), N_("Écrit"), NULL};
static const char *const yes_codes[] = {"1", NULL};
static const char *const yes_labels[] = {N_("Oui"), NULL};

#define DUPS_MAX 20

typedef struct vf_state {
    visitor_form_arg arg;
    visitor v; /* the loaded file (edit) or a blank one */
    ui_field fields[VF_COUNT];
    ui_choice choices[VF_COUNT]; /* n == 0 for text fields */
    ui_form form;
    /* duplicates shown before saving a new file */
    int dups_mode;
    visitor_row dups[DUPS_MAX];
    int ndups;
    ui_list dup_list;
    char dup_error[512]; /* why the chosen file's arrival failed, "" = none */
    char *initial;       /* malloc'd payload as the form opened (Échap asks when it differs) */
    char date_hint[256]; /* the hint line while the birth date has the focus */
    ui_commune commune;  /* the code the commune field stands for, its suggestions */
} vf_state;

static int is_choice(const vf_state *st, int i)
{
    return st->choices[i].n > 0;
}

/* The struct visitor from what is typed (values copied as they are). */
static void vf_collect(vf_state *st, visitor *v)
{
    *v = st->v;
#define CP(dst, i) snprintf(v->dst, sizeof v->dst, "%s", st->fields[i].value)
    CP(last_name, VF_LAST);
    CP(birth_name, VF_BIRTH_NAME);
    CP(first_names, VF_FIRST);
    CP(birth_date, VF_BIRTH_DATE);
    snprintf(v->commune, sizeof v->commune, "%s", st->commune.code);
    CP(postal_code, VF_POSTAL);
    CP(phone, VF_PHONE);
    CP(email, VF_EMAIL);
    CP(language, VF_LANGUAGE);
    CP(consent_date, VF_CONSENT_DATE);
#undef CP
    snprintf(v->sex, sizeof v->sex, "%s", choice_code(&st->choices[VF_SEX]));
    snprintf(v->preferred_contact, sizeof v->preferred_contact, "%s",
             choice_code(&st->choices[VF_CONTACT]));
    snprintf(v->consent_kind, sizeof v->consent_kind, "%s",
             choice_code(&st->choices[VF_CONSENT_KIND]));
    v->needs_digital_help = choice_code(&st->choices[VF_DIGITAL])[0] == '1';
    v->reading_difficulty = choice_code(&st->choices[VF_READING])[0] == '1';
    v->no_french = choice_code(&st->choices[VF_NO_FRENCH])[0] == '1';
    v->disability = choice_code(&st->choices[VF_DISABILITY])[0] == '1';
}

static void vf_show(vf_state *st, const visitor *v)
{
    char buf[64];
    field_set(&st->fields[VF_LAST], v->last_name);
    field_set(&st->fields[VF_BIRTH_NAME], v->birth_name);
    field_set(&st->fields[VF_FIRST], v->first_names);
    normalize_date_display(v->birth_date, buf);
    field_set(&st->fields[VF_BIRTH_DATE], buf[0] ? buf : v->birth_date);
    field_set(&st->fields[VF_COMMUNE], v->commune);
    field_set(&st->fields[VF_POSTAL], v->postal_code);
    char phone[64];
    normalize_phone_display(v->phone, phone, sizeof phone);
    field_set(&st->fields[VF_PHONE], phone);
    field_set(&st->fields[VF_EMAIL], v->email);
    field_set(&st->fields[VF_LANGUAGE], v->language);
    normalize_date_display(v->consent_date, buf);
    field_set(&st->fields[VF_CONSENT_DATE], buf[0] ? buf : v->consent_date);
    choice_set(&st->choices[VF_SEX], &st->fields[VF_SEX], v->sex[0] ? v->sex : "non-communique");
    choice_set(&st->choices[VF_CONTACT], &st->fields[VF_CONTACT], v->preferred_contact);
    choice_set(&st->choices[VF_CONSENT_KIND], &st->fields[VF_CONSENT_KIND], v->consent_kind);
    choice_set(&st->choices[VF_DIGITAL], &st->fields[VF_DIGITAL], v->needs_digital_help ? "1" : "");
    choice_set(&st->choices[VF_READING], &st->fields[VF_READING], v->reading_difficulty ? "1" : "");
    choice_set(&st->choices[VF_NO_FRENCH], &st->fields[VF_NO_FRENCH], v->no_french ? "1" : "");
    choice_set(&st->choices[VF_DISABILITY], &st->fields[VF_DISABILITY], v->disability ? "1" : "");
    for (int i = 0; i < VF_COUNT; i++)
        st->fields[i].cursor = is_choice(st, i) ? 0 : strlen(st->fields[i].value);
}

/* The search box's text goes where it belongs: a date, a phone, a name. */
static void vf_prefill(vf_state *st, const char *q)
{
    char digits[32];
    if (!q || !*q)
        return;
    if (normalize_date_like(q)) {
        field_set(&st->fields[VF_BIRTH_DATE], q);
        return;
    }
    size_t nd = normalize_digits(q, digits, sizeof digits);
    if (nd >= 4 && strspn(q, "0123456789 .-/+()") == strlen(q)) {
        field_set(&st->fields[VF_PHONE], q);
        return;
    }
    field_set(&st->fields[VF_LAST], q);
}

/* --- drafts ---------------------------------------------------------------- */
static char *vf_draft_payload(vf_state *st)
{
    strbuf b;
    strbuf_init_grow(&b);
    strbuf_printf(&b, "id=%lld\narrive=%d\n", (long long)st->arg.visitor_id, st->arg.arrive);
    for (int i = 0; i < VF_COUNT; i++) {
        const char *val = is_choice(st, i) ? choice_code(&st->choices[i]) : st->fields[i].value;
        strbuf_printf(&b, "%s=%s\n", vf_defs[i].name, val);
    }
    return strbuf_take(&b); /* NULL when memory ran out */
}

static void vf_restore(vf_state *st, const char *payload)
{
    const char *s = payload;
    while (s && *s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        char line[1200];
        if (len >= sizeof line)
            len = sizeof line - 1;
        memcpy(line, s, len);
        line[len] = 0;
        char *eq = strchr(line, '=');
        if (eq) {
            *eq = 0;
            for (int i = 0; i < VF_COUNT; i++)
                if (strcmp(line, vf_defs[i].name) == 0) {
                    if (is_choice(st, i))
                        choice_set(&st->choices[i], &st->fields[i], eq + 1);
                    else
                        field_set(&st->fields[i], eq + 1);
                }
        }
        s = nl ? nl + 1 : NULL;
    }
}

static void vf_save_draft(void *state, ui_app *app)
{
    vf_state *st = state;
    if (!app->session)
        return;
    char *p = vf_draft_payload(st);
    if (!p)
        return;
    g_error err = {0};
    draft_save(app->db, app->session->user_id, VISITOR_FORM_DRAFT, p, &err);
    free(p);
}

/* Reads "id=" and "arrive=" of a draft, for home.c's offer. */
static void vf_draft_header(const char *payload, int64_t *id, int *arrive)
{
    long long i = 0;
    int a = 0;
    const char *p = strstr(payload, "id=");
    if (p)
        sscanf(p, "id=%lld", &i);
    p = strstr(payload, "arrive=");
    if (p)
        sscanf(p, "arrive=%d", &a);
    *id = i;
    *arrive = a;
}

/* --- open / close ------------------------------------------------------- */
static void vf_free(vf_state *st)
{
    for (int i = 0; i < VF_COUNT; i++) {
        field_free(&st->fields[i]);
        choice_free(&st->choices[i]);
    }
    free(st->arg.draft);
    free(st->initial);
    free(st);
}

static int vf_open(ui_app *app, void *arg, void **state)
{
    visitor_form_arg *a = arg;
    if (!a)
        return -1;
    vf_state *st = calloc(1, sizeof *st);
    if (!st) {
        free(a->draft);
        free(a);
        return -1;
    }
    st->arg = *a;
    free(a);
    if (st->arg.draft) {
        int64_t id;
        int arrive;
        vf_draft_header(st->arg.draft, &id, &arrive);
        st->arg.visitor_id = id;
        st->arg.arrive = arrive;
    }
    char today[11], century[64];
    clock_today(today);
    normalize_century_hint(NORMALIZE_CENTURY_PAST, atoi(today), century, sizeof century);
    snprintf(st->date_hint, sizeof st->date_hint, _("Date : 12/03/1961, 1/3/61 ou 12031961 (%s)."),
             century);
    int fail = 0;
    for (int i = 0; i < VF_COUNT; i++) {
        int max = vf_defs[i].max;
        fail |= field_init(&st->fields[i], vf_defs[i].name, _(vf_defs[i].label),
                           max ? (size_t)max : 40, max ? 0 : FIELD_HIDE_MAX) != 0;
    }
    fail |= choice_init_codes(&st->choices[VF_SEX], NULL, ref_sexes, ref_sex_labels);
    fail |= choice_init_codes(&st->choices[VF_CONTACT], _("Aucun"), contact_codes, contact_labels);
    fail |= choice_init_codes(&st->choices[VF_CONSENT_KIND], _("Pas de consentement"), kind_codes,
                              kind_labels);
    for (int i = VF_DIGITAL; i <= VF_DISABILITY; i++)
        fail |= choice_init_codes(&st->choices[i], _("Non"), yes_codes, yes_labels);
    if (fail) {
        vf_free(st);
        return -1;
    }
    visitor_init(&st->v);
    if (st->arg.visitor_id) {
        g_error err = {0};
        if (visitor_get(app->db, st->arg.visitor_id, &st->v, &err) != G_OK) {
            vf_free(st);
            return -1;
        }
    }
    vf_show(st, &st->v);
    commune_field_show(app, &st->fields[VF_COMMUNE], &st->commune, st->v.commune);
    if (st->arg.draft)
        vf_restore(st, st->arg.draft);
    else if (!st->arg.visitor_id)
        vf_prefill(st, st->arg.prefill);
    form_init(&st->form, st->fields, VF_COUNT);
    st->form.label_width = 24;
    st->initial = vf_draft_payload(st);
    *state = st;
    return 0;
}

static void vf_close(void *state, ui_app *app)
{
    vf_free(state);
}

/* --- drawing ------------------------------------------------------------- */
static const ui_column dup_cols[] = {
    {NULL, 0, 0},
    {NULL, 10, 0},
    {NULL, 14, 0},
    {NULL, 22, 0},
};

static const char *dup_cell(void *ctx, size_t row, size_t col, char *buf, size_t size)
{
    vf_state *st = ctx;
    const visitor_row *r = &st->dups[row];
    buf[0] = 0;
    if (col == 0) {
        visitor_row_name(r, buf, size);
    } else if (col == 1) {
        normalize_date_display(r->birth_date, buf);
    } else if (col == 2) {
        normalize_phone_display(r->phone, buf, size);
    } else {
        snprintf(buf, size, "%s",
                 (r->match & VISITOR_DUP_NAME) && (r->match & VISITOR_DUP_PHONE)
                     ? _("même nom, date, tél.")
                 : (r->match & VISITOR_DUP_PHONE) ? _("même téléphone")
                                                  : _("même nom et date"));
    }
    return buf;
}

static void vf_draw(void *state, ui_app *app, const ui_rect *b)
{
    vf_state *st = state;
    int x = b->x + 2, w = b->w - 4, y = b->y;
    char title[256];
    if (st->arg.visitor_id)
        snprintf(title, sizeof title, _("Fiche de %s %s"), st->v.last_name, st->v.first_names);
    else
        snprintf(title, sizeof title, "%s",
                 st->arg.arrive ? _("Nouveau visiteur (son arrivée sera enregistrée)")
                                : _("Nouveau visiteur"));
    text_put(stdscr, y, x, w, title, theme_attr(TH_HEADING));
    if (st->dups_mode) {
        char how[512];
        keys_sentence(how, sizeof how,
                      st->arg.arrive
                          ? _("Cette personne a peut-être déjà une fiche. %s : enregistrer "
                              "l'arrivée sur la fiche choisie ; %s : créer la fiche quand "
                              "même ; %s : revenir au formulaire.")
                          : _("Cette personne a peut-être déjà une fiche. %s : ouvrir la "
                              "fiche choisie ; %s : enregistrer quand même ; %s : revenir "
                              "au formulaire."),
                      ACT_SELECT, ACT_SAVE, ACT_BACK, ACT_NONE);
        text_put_wrapped(stdscr, y + 2, x, w, 3, how, theme_attr(TH_ERROR));
        if (st->dup_error[0])
            text_put(stdscr, y + 5, x, w, st->dup_error, theme_attr(TH_ERROR) | A_BOLD);
        list_draw(&st->dup_list, stdscr, y + 6, x, b->h - 7, w, 1);
        return;
    }
    /* the form-level message takes the hint's line: always visible, even
     * when the form scrolls */
    char msg[sizeof st->form.message];
    snprintf(msg, sizeof msg, "%s", st->form.message);
    st->form.message[0] = 0;
    if (msg[0])
        text_put(stdscr, y + 1, x, w, msg,
                 theme_attr(st->form.message_error ? TH_ERROR : TH_OK) | A_BOLD);
    else if (st->form.focus == VF_BIRTH_DATE)
        text_put(stdscr, y + 1, x, w, st->date_hint, theme_attr(TH_MUTED));
    else if (st->form.focus == VF_COMMUNE)
        text_put(stdscr, y + 1, x, w, commune_field_hint(&st->commune), theme_attr(TH_MUTED));
    else
        text_put(stdscr, y + 1, x, w,
                 _("Seul le nom est obligatoire. Listes : ← → ou premières lettres."),
                 theme_attr(TH_MUTED));
    int cy, cx;
    form_draw(&st->form, stdscr, y + 2, x, b->h - 2, w, &cy, &cx);
    snprintf(st->form.message, sizeof st->form.message, "%s", msg);
    if (cy >= 0)
        app_set_cursor(app, cy, is_choice(st, (int)st->form.focus) ? -1 : cx);
    if (cy >= 0 && is_choice(st, (int)st->form.focus))
        app_set_cursor(app, -1, -1);
}

static void vf_resize(void *state, ui_app *app, const ui_rect *body)
{
    /* nothing to recompute: the fields keep their text, the layout is
     * computed at each draw */
    (void)state;
}

/* --- keys ----------------------------------------------------------------- */
static void vf_check_field(vf_state *st, int i)
{
    if (st->fields[i].over)
        return; /* the "maximum" message stays */
    visitor v;
    vf_collect(st, &v);
    g_error err = {0};
    if (i < VF_DIGITAL || i > VF_DISABILITY) {
        if (visitor_validate_field(&v, vf_defs[i].name, &err) != G_OK)
            field_set_error(&st->fields[i], err.msg);
        else
            st->fields[i].error[0] = 0;
    }
}

static ui_reaction vf_finish(vf_state *st, ui_app *app, int64_t id)
{
    if (app->session) {
        g_error e = {0};
        draft_delete(app->db, app->session->user_id, VISITOR_FORM_DRAFT, &e);
    }
    if (st->arg.done) {
        ui_reaction r = st->arg.done(st->arg.ctx, app, id);
        r.pop++;
        if (r.kind == UI_NONE || r.kind == UI_PASS)
            r.kind = UI_REDRAW;
        return r;
    }
    if (!st->arg.visitor_id)
        return ui_replace(&screen_visitor_file, (void *)(intptr_t)id);
    return ui_pop();
}

static ui_reaction vf_store(vf_state *st, ui_app *app)
{
    visitor v;
    vf_collect(st, &v);
    g_error err = {0};
    g_status rc;
    int64_t uid = app->session ? app->session->user_id : 0;
    if (!v.id && st->arg.arrive)
        rc = visit_arrive_new(app->db, uid, &v, NULL, &err);
    else
        rc = visitor_save(app->db, uid, &v, &err);
    if (rc != G_OK) {
        st->dups_mode = 0;
        form_apply_error(&st->form, &err);
        return ui_redraw();
    }
    char msg[512];
    snprintf(msg, sizeof msg,
             st->arg.arrive       ? _("%s %s : fiche créée, arrivée enregistrée.")
             : st->arg.visitor_id ? _("%s %s : fiche enregistrée.")
                                  : _("%s %s : fiche créée."),
             v.last_name, v.first_names);
    app_message(app, 0, msg);
    app_data_changed(app);
    return vf_finish(st, app, v.id);
}

static ui_reaction vf_submit(vf_state *st, ui_app *app)
{
    form_clear_errors(&st->form);
    for (int i = 0; i < VF_COUNT; i++)
        if (st->fields[i].over) {
            field_say_over(&st->fields[i]);
            st->form.focus = (size_t)i;
            form_set_message(&st->form, 1,
                             _("Rien n'est enregistré : raccourcissez le texte trop long."));
            return ui_redraw();
        }
    visitor v;
    vf_collect(st, &v);
    g_error err = {0};
    if (visitor_validate(&v, &err) != G_OK) {
        form_apply_error(&st->form, &err);
        return ui_redraw();
    }
    /* the commune as typed now (a name or a code), after the fields above
     * it: the first error shown is the first field's */
    if (commune_field_resolve(app, &st->fields[VF_COMMUNE], &st->commune) != 0) {
        st->form.focus = VF_COMMUNE;
        return ui_redraw();
    }
    vf_collect(st, &v);
    if (!v.id) {
        st->ndups = 0;
        if (visitor_find_duplicates(app->db, &v, st->dups, DUPS_MAX, &st->ndups, &err) != G_OK) {
            form_apply_error(&st->form, &err);
            return ui_redraw();
        }
        if (st->ndups > 0) {
            st->dups_mode = 1;
            st->dup_error[0] = 0;
            list_init(&st->dup_list, dup_cols, 4, dup_cell, st);
            list_set_count(&st->dup_list, (size_t)st->ndups);
            return ui_redraw();
        }
    }
    return vf_store(st, app);
}

static ui_reaction vf_dups_key(vf_state *st, ui_app *app, const ui_key *k)
{
    if (k->action == ACT_SAVE)
        return vf_store(st, app);
    if (k->action == ACT_BACK) {
        st->dups_mode = 0;
        st->dup_error[0] = 0;
        return ui_redraw();
    }
    if (k->action == ACT_SELECT) {
        /* the existing file replaces the new one: what the receptionist was
         * doing (an arrival) goes on with it, and the screen says so */
        const visitor_row *r = &st->dups[st->dup_list.selected];
        char name[VISITOR_NAME_MAX * 8 + 2], msg[1024];
        visitor_row_name(r, name, sizeof name);
        if (st->arg.arrive) {
            g_error err = {0};
            int64_t uid = app->session ? app->session->user_id : 0;
            if (visit_arrive(app->db, uid, r->id, NULL, NULL, NULL, &err) != G_OK) {
                snprintf(st->dup_error, sizeof st->dup_error, "%s", err.msg);
                return ui_redraw();
            }
            snprintf(msg, sizeof msg, _("Fiche existante de %s : arrivée enregistrée."), name);
            app_data_changed(app);
        } else {
            snprintf(msg, sizeof msg,
                     st->arg.done ? _("Fiche existante de %s choisie : aucune fiche créée.")
                                  : _("Fiche existante de %s ouverte : aucune fiche créée."),
                     name);
        }
        app_message(app, 0, msg);
        return vf_finish(st, app, r->id);
    }
    if (list_key(&st->dup_list, k, 10))
        return ui_redraw();
    return ui_pass();
}

/* « Abandonner la saisie ? » answered: o leaves (the draft, if any, goes
 * too), n stays with everything kept. */
static ui_reaction vf_abandon(void *ctx, ui_app *app, int yes)
{
    (void)ctx;
    if (!yes)
        return ui_redraw();
    if (app->session) {
        g_error e = {0};
        draft_delete(app->db, app->session->user_id, VISITOR_FORM_DRAFT, &e);
    }
    return ui_pop();
}

/* 1 when something was typed or chosen since the form opened. */
static int vf_changed(vf_state *st)
{
    char *now = vf_draft_payload(st);
    int changed = !now || !st->initial || strcmp(now, st->initial) != 0;
    free(now);
    return changed;
}

static ui_reaction vf_key(void *state, ui_app *app, const ui_key *k)
{
    vf_state *st = state;
    if (st->dups_mode)
        return vf_dups_key(st, app, k);
    if (k->action == ACT_SAVE)
        return vf_submit(st, app);
    if (k->action == ACT_BACK) {
        if (!vf_changed(st))
            return ui_pop();
        return dialog_confirm(_("Abandonner la saisie ? (o/n)"), vf_abandon, st);
    }
    int i = (int)st->form.focus;
    if (k->action == ACT_NEXT_FIELD || k->action == ACT_PREV_FIELD || k->action == ACT_UP ||
        k->action == ACT_DOWN || k->action == ACT_SELECT) {
        if (i == VF_COMMUNE && !st->fields[i].over)
            commune_field_resolve(app, &st->fields[i], &st->commune);
        else
            vf_check_field(st, i);
        if (k->action == ACT_SELECT && i + 1 == VF_COUNT)
            return vf_submit(st, app);
        form_key(&st->form, k);
        return ui_redraw();
    }
    if (is_choice(st, i)) {
        if (choice_key(&st->choices[i], &st->fields[i], k)) {
            st->fields[i].error[0] = 0;
            return ui_redraw();
        }
    } else {
        char before[VISITOR_BUF(VISITOR_EMAIL_MAX)];
        snprintf(before, sizeof before, "%s", st->fields[i].value);
        form_result fr = form_key(&st->form, k);
        if (fr == FORM_HANDLED) {
            if (strcmp(before, st->fields[i].value) != 0) {
                if (i == VF_COMMUNE)
                    commune_field_suggest(app, &st->fields[i], &st->commune, COLS - 6);
            }
            return ui_redraw();
        }
        if (fr == FORM_SUBMIT)
            return vf_submit(st, app);
    }
    return ui_pass();
}

static const ui_action vf_hints[] = {ACT_SAVE, ACT_NEXT_FIELD, ACT_BACK, ACT_HELP, ACT_NONE};

const screen_ops screen_visitor_form = {
    .name = "visitor_form",
    .title = N_("Fiche visiteur"),
    .hints = vf_hints,
    .keymap = KM_FORM,
    .open = vf_open,
    .close = vf_close,
    .draw = vf_draw,
    .key = vf_key,
    .resize = vf_resize,
    .save_draft = vf_save_draft,
};

/* Offers a saved draft (home.c, after login): the payload is handed to a
 * new form (ownership passes). */
ui_reaction visitor_form_resume(char *payload)
{
    visitor_form_arg *a = calloc(1, sizeof *a);
    if (!a) {
        free(payload);
        return ui_none();
    }
    a->draft = payload;
    return ui_push(&screen_visitor_form, a);
}
