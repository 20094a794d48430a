/* visitor_rgpd.h — the data-protection duties from a visitor's file, for
 * the responsable (rgpd.h, docs/rgpd.md):
 *   - « Droit d'accès »: the subject-access document written atomically
 *     (mode 0600) in the printed pages' folder, journaled, its path said,
 *     then its preview, from which it prints like any page;
 *   - « Effacer la personne »: erasure after a confirmation; while an
 *     appointment is to come it is refused with the reason, and a second
 *     confirmation erases anyway (the appointments are cancelled, excused).
 * Other roles are told the action is the responsable's. */
#ifndef GUICHET_UI_VISITOR_RGPD_H
#define GUICHET_UI_VISITOR_RGPD_H

#include <stdint.h>

#include "ui/app.h"

/* What the flows need of the file they start from; the file screen keeps
 * it in its state (dialogs call back with a pointer to it). */
typedef struct visitor_rgpd_ctx {
    int64_t visitor_id;
    char name[400];   /* « NOM Prénom », for the questions and messages */
    char reason[600]; /* why a first erasure was refused (appointments to come) */
} visitor_rgpd_ctx;

/* Writes the access document and opens its preview. */
ui_reaction visitor_rgpd_access(visitor_rgpd_ctx *c, ui_app *app);

/* Asks, then erases; on success the file screen under the dialogs closes
 * (the person no longer exists). */
ui_reaction visitor_rgpd_erase(visitor_rgpd_ctx *c, ui_app *app);

/* Where the access document of visitor id goes: the printed pages' folder
 * + droit-acces-<AAAAMMJJ>-<id>.txt. 0, or -1 with a French message. */
int visitor_rgpd_access_path(const g_config *cfg, int64_t id, const char *day, char *buf,
                             size_t size, char *msg, size_t msgsize);

#endif
