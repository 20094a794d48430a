/* demo.h — the demo database behind `guichet --demo`.
 *
 * One account per role with the passwords below (shown on the login screen in
 * demo mode only), then, as the features exist, fictional visitors, requests,
 * services and appointments, so a newcomer sees a living desk. */
#ifndef GUICHET_DEMO_H
#define GUICHET_DEMO_H

#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"

#define DEMO_MATRICULE "FS-DEMO-0001"
#define DEMO_SITE_NAME "France Services de Saint-Amand (démo)"

typedef struct demo_account {
    const char *login;
    const char *password;
    const char *display_name;
    const char *role; /* accueil, conseiller, responsable */
} demo_account;

/* The demo accounts, terminated by a zeroed entry. */
extern const demo_account demo_accounts[];

/* Fills a freshly created (empty) database: site, accounts, then the demo
 * content of each feature. One transaction per step; relative to clock_now(). */
g_status demo_create(g_db *db, const g_config *cfg, g_error *err);

/* The reception's demo content (src/core/demo_visitors.c): about 200
 * visitors and 450 requests over the past six weeks, and today's queue. */
g_status demo_visitors(g_db *db, const g_config *cfg, g_error *err);

/* The agenda's demo content (src/core/demo_agenda.c): partners'
 * permanences, the advisor's agenda, a workshop, appointments over the past
 * and coming three weeks for the demo visitors already created. */
g_status demo_agenda(g_db *db, const g_config *cfg, g_error *err);

/* The directory's demo content (src/core/demo_services.c): the national
 * operators of data/services-national.csv, fictional local services and
 * permanences, and orientations for the first demo visitors (if any: run
 * after the visitors' step). */
g_status demo_services(g_db *db, const g_config *cfg, g_error *err);

/* The charter's demo content (src/core/demo_charter.c): partners'
 * referents (one replaced), files handed to them, satisfaction answers of
 * past requests. After the visitors and the directory. */
g_status demo_charter(g_db *db, const g_config *cfg, g_error *err);

/* An older past (src/core/demo_charter.c): files of people not seen for
 * more than two years, older comments, an appointment, an orientation and a
 * note past their retention, so that a purge dry run has something to show.
 * Run after the site's start date is set: these predate it, as files kept
 * from the site's previous software would, and the nightly export leaves
 * them alone. */
g_status demo_rgpd_history(g_db *db, const g_config *cfg, g_error *err);

/* 1 when the open database is a demo one (matricule DEMO_MATRICULE). */
int demo_is_demo(g_db *db);

#endif
