/* demo_agenda.c — the agenda of the demo site: partners' permanences, the
 * site advisor's agenda, a workshop room, and appointments over the past
 * three weeks (qualified or still « à renseigner ») and the coming three,
 * for the demo visitors when there are some. One transaction; everything is
 * relative to clock_now(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda_internal.h"
#include "demo_internal.h"
#include "db_internal.h"
#include "guichet/agenda.h"
#include "guichet/clock.h"
#include "guichet/demo.h"
#include "guichet/recurrence.h"
#include "guichet/status.h"

typedef struct demo_motif {
    const char *name;
    const char *op;
    int minutes;
    const char *place;
    int capacity;
    const char *to_bring;
} demo_motif;

typedef struct demo_resource {
    const char *kind;
    const char *name;
    const char *op;
    const char *place;
    const char *login; /* the agent's account, NULL for none */
    recur_freq freq;
    int interval;
    const char *byday;
    const char *start, *end;
    int motifs[3]; /* indexes in motifs[], -1 = none */
} demo_resource;

static const demo_motif motifs[] = {
    {"Dossier CAF (RSA, prime d'activité, APL)", "caf", 30, AGENDA_PLACE_ON_SITE, 1,
     "Numéro d'allocataire, mot de passe CAF, dernier avis d'imposition"},
    {"Rendez-vous téléphonique CAF", "caf", 20, AGENDA_PLACE_PHONE, 1, ""},
    {"Compte ameli et carte Vitale", "cpam", 30, AGENDA_PLACE_ON_SITE, 1,
     "Carte Vitale, pièce d'identité, RIB"},
    {"Conciliation (voisinage, consommation)", "justice", 45, AGENDA_PLACE_ON_SITE, 1,
     "Courriers échangés, contrats, photos utiles au litige"},
    {"Accompagnement aux démarches en ligne", NULL, 45, AGENDA_PLACE_ON_SITE, 1,
     "Identifiants des comptes en ligne, téléphone portable"},
    {"Déclaration de revenus", "dgfip", 45, AGENDA_PLACE_ON_SITE, 1,
     "Numéro fiscal, avis d'imposition de l'an dernier, justificatifs de revenus"},
    {"Atelier numérique : créer son compte ameli", "cpam", 120, AGENDA_PLACE_ON_SITE, 8,
     "Carte Vitale, adresse électronique, téléphone portable"},
};

static const demo_resource resources[] = {
    {AGENDA_KIND_PERMANENCE,
     "CAF — permanence",
     "caf",
     "Bureau 2",
     NULL,
     RECUR_MONTHLY,
     1,
     "2TU,4TU",
     "09:00",
     "12:00",
     {0, 1, -1}},
    {AGENDA_KIND_PERMANENCE,
     "Assurance maladie — permanence",
     "cpam",
     "Bureau 2",
     NULL,
     RECUR_WEEKLY,
     1,
     "TH",
     "14:00",
     "17:00",
     {2, -1, -1}},
    {AGENDA_KIND_PERMANENCE,
     "Conciliateur de justice",
     "justice",
     "Bureau confidentiel",
     NULL,
     RECUR_MONTHLY,
     1,
     "1WE,3WE",
     "09:00",
     "12:00",
     {3, -1, -1}},
    {AGENDA_KIND_AGENT,
     "Conseiller France services",
     NULL,
     "Bureau 1",
     "conseiller",
     RECUR_WEEKLY,
     1,
     "MO,TU,TH,FR",
     "14:00",
     "17:00",
     {4, 5, -1}},
    {AGENDA_KIND_ROOM,
     "Salle numérique",
     NULL,
     "Salle numérique",
     NULL,
     RECUR_WEEKLY,
     2,
     "WE",
     "14:00",
     "16:00",
     {6, -1, -1}},
};

#define NMOTIFS    (sizeof motifs / sizeof *motifs)
#define NRESOURCES (sizeof resources / sizeof *resources)

typedef struct demo_state {
    g_db *db;
    int64_t visitors[40];
    size_t nvisitors;
    size_t next_visitor;
    unsigned counter; /* drives the deterministic variety */
} demo_state;

static int64_t next_visitor(demo_state *ds)
{
    if (!ds->nvisitors)
        return 0;
    return ds->visitors[ds->next_visitor++ % ds->nvisitors];
}

/* Books `want` slots of motif on day (past days allowed), then qualifies
 * the past ones: most honoured, some absent or excused, some left to fill. */
static g_status fill_day(demo_state *ds, int64_t motif_id, int capacity, const char *day, int want,
                         g_error *err)
{
    agenda_slot *slots;
    size_t n;
    g_status s = agenda_free_slots(ds->db, 0, motif_id, day, &slots, &n, err);
    if (s != G_OK)
        return s;
    int64_t now = clock_now();
    static const char *const origins[] = {AGENDA_ORIGIN_DESK, AGENDA_ORIGIN_PHONE,
                                          AGENDA_ORIGIN_DESK, AGENDA_ORIGIN_PARTNER};
    for (size_t i = 0; i < n && want > 0 && s == G_OK; i += 2) {
        int seats = capacity > 1 ? 5 : 1; /* a workshop gets five participants */
        for (int p = 0; p < seats && s == G_OK; p++) {
            agenda_booking b = {slots[i].resource_id,     motif_id,
                                next_visitor(ds),         slots[i].start_at,
                                origins[ds->counter % 4], NULL};
            agenda_book_result r;
            /* booked 1 to 20 days ahead, as at a real desk (the export's
             * booking delay reads created_at) */
            int64_t frozen = clock_frozen();
            clock_set(slots[i].start_at - 86400 * (1 + (int64_t)(ds->counter * 7 % 20)));
            s = agenda_book_internal(ds->db, 0, &b, 1, &r, err);
            clock_set(frozen);
            if (s == G_ERR_EXISTS || s == G_ERR_CONFLICT) { /* same visitor twice: skip */
                g_err_clear(err);
                s = G_OK;
                continue;
            }
            if (s != G_OK)
                break;
            unsigned k = ds->counter++;
            if (slots[i].start_at < now) {
                if (k % 7 == 3)
                    s = agenda_set_status(ds->db, 0, r.id, APPT_ABSENT, err);
                else if (k % 7 == 5)
                    s = agenda_cancel(ds->db, 0, r.id, APPT_EXCUSED,
                                      "Empêchement signalé par téléphone", err);
                else if (k % 5 != 1) /* k % 5 == 1: left « à renseigner » */
                    s = agenda_set_status(ds->db, 0, r.id, APPT_HONORED, err);
            } else if (k % 9 == 4) {
                s = agenda_cancel(ds->db, 0, r.id, APPT_CANCELLED_BY_SERVICE,
                                  "Conseiller absent (formation)", err);
            }
        }
        want--;
    }
    free(slots);
    return s;
}

static g_status demo_agenda_tx(g_db *db, demo_state *ds, g_error *err)
{
    int64_t motif_ids[NMOTIFS];
    g_status s = G_OK;
    for (size_t i = 0; i < NMOTIFS && s == G_OK; i++) {
        agenda_motif m = {0};
        snprintf(m.name, sizeof m.name, "%s", motifs[i].name);
        snprintf(m.operator_code, sizeof m.operator_code, "%s", motifs[i].op ? motifs[i].op : "");
        m.duration_min = motifs[i].minutes;
        snprintf(m.place, sizeof m.place, "%s", motifs[i].place);
        m.capacity = motifs[i].capacity;
        snprintf(m.to_bring, sizeof m.to_bring, "%s", motifs[i].to_bring);
        m.active = 1;
        s = agenda_motif_add(db, 0, &m, &motif_ids[i], err);
    }
    /* rules start two months back, on the first of the month */
    char today[11], dtstart[11];
    agenda_day_of(clock_now(), today);
    int64_t d0;
    clock_date_parse(today, &d0);
    clock_date_format(d0 - 62, dtstart);
    memcpy(dtstart + 8, "01", 2);
    int64_t avail_ids[NRESOURCES];
    for (size_t i = 0; i < NRESOURCES && s == G_OK; i++) {
        const demo_resource *d = &resources[i];
        agenda_resource r = {0};
        snprintf(r.kind, sizeof r.kind, "%s", d->kind);
        snprintf(r.name, sizeof r.name, "%s", d->name);
        snprintf(r.operator_code, sizeof r.operator_code, "%s", d->op ? d->op : "");
        snprintf(r.place, sizeof r.place, "%s", d->place);
        r.active = 1;
        int64_t rid;
        if ((s = demo_user_id(db, d->login, &r.user_id, err)) != G_OK ||
            (s = agenda_resource_add(db, 0, &r, &rid, err)) != G_OK)
            break;
        agenda_availability a = {0};
        a.resource_id = rid;
        snprintf(a.rule.dtstart, sizeof a.rule.dtstart, "%s", dtstart);
        a.rule.start_min = recur_time_parse(d->start);
        a.rule.end_min = recur_time_parse(d->end);
        a.rule.freq = d->freq;
        a.rule.interval = d->interval;
        snprintf(a.rule.byday, sizeof a.rule.byday, "%s", d->byday);
        for (int k = 0; k < 3 && d->motifs[k] >= 0; k++)
            a.motifs[a.nmotifs++] = motif_ids[d->motifs[k]];
        s = agenda_availability_add(db, 0, &a, &avail_ids[i], err);
    }
    if (s != G_OK)
        return s;
    /* the health insurance advisor is away one Thursday in a fortnight */
    for (int64_t d = d0 + 7; d < d0 + 14; d++) {
        if (recur_weekday(d) == 4) {
            char day[11];
            clock_date_format(d, day);
            s = agenda_exception_add(db, 0, avail_ids[1], day, AGENDA_EXC_ABSENCE,
                                     "Conseillère en congé", NULL, err);
        }
    }
    /* three weeks back, three weeks ahead */
    for (int64_t d = d0 - 21; d <= d0 + 21 && s == G_OK; d++) {
        char day[11];
        clock_date_format(d, day);
        for (size_t m = 0; m < NMOTIFS && s == G_OK; m++) {
            int want = motifs[m].capacity > 1 ? 1 : (d < d0 ? 3 : (d - d0 < 7 ? 2 : 1));
            s = fill_day(ds, motif_ids[m], motifs[m].capacity, day, want, err);
        }
    }
    return s;
}

g_status demo_agenda(g_db *db, const g_config *cfg, g_error *err)
{
    (void)cfg;
    demo_state ds = {0};
    ds.db = db;
    g_status s = demo_first_visitors(db, ds.visitors, sizeof ds.visitors / sizeof *ds.visitors,
                                     &ds.nvisitors, err);
    if (s != G_OK || (s = db_begin(db, err)) != G_OK)
        return s;
    if ((s = demo_agenda_tx(db, &ds, err)) != G_OK || (s = db_commit(db, err)) != G_OK) {
        db_rollback(db);
        return s;
    }
    return G_OK;
}
