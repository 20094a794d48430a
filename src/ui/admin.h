/* admin.h — the Administration screens (shared between src/ui/admin*.c).
 *
 * screen_admin (screens.h) is a menu; each entry opens one screen below.
 * Role rules: staff accounts, the team key, the export, the journal, data
 * protection, the referents and the synchronisation are for the `responsable` only (the menu shows
 * others a French refusal, and each of these screens refuses to open for them); changing one's own
 * password is for everyone. Nothing here writes SQL: every change goes through user.h, team.h,
 * export.h, rgpd.h, referent.h (each one transaction, journaled). */
#ifndef GUICHET_UI_ADMIN_H
#define GUICHET_UI_ADMIN_H

#include "ui/app.h"

/* Staff accounts: list, new account, disable/enable, password reset.
 * arg: NULL. */
extern const screen_ops screen_admin_users;

/* The logged-in user changes their own password (notes stay readable).
 * arg: NULL. */
extern const screen_ops screen_admin_passwd;

/* Who holds the team key; give it to a conseiller/responsable who lacks it.
 * arg: NULL. */
extern const screen_ops screen_admin_team;

/* « Exporter maintenant »: export_status, then export_pending. arg: NULL. */
extern const screen_ops screen_admin_export;

/* The last entries of the journal. arg: NULL. */
extern const screen_ops screen_admin_journal;

/* The agenda's setup: resources, motifs and openings (admin_agenda.c,
 * admin_opening.c). arg: NULL. */
extern const screen_ops screen_admin_agenda;
/* Protection des données: retention settings, the purge's dry run, the
 * purge after confirmation (admin_rgpd.c). arg: NULL. */
extern const screen_ops screen_admin_rgpd;

/* The partners' referents: list, add, correct, replace, end (referents.c).
 * arg: NULL. */
extern const screen_ops screen_admin_referents;

/* Synchronisation: the last packs sent and received, the conflicts to
 * review (mark one settled), prepare or import a pack (admin_sync.c).
 * arg: NULL. */
extern const screen_ops screen_admin_sync;

/* 1 when the session is a responsable's. */
int admin_is_manager(const ui_app *app);

/* The message box refusing a manager-only action to someone else. */
ui_reaction admin_refusal(void);

/* "30/03/2026 10:05" of an instant in the site's zone, "jamais" for 0. */
const char *admin_when(int64_t t, char *buf, size_t size);

#endif
