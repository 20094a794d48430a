/* agenda_resource.h — the agenda's resources and appointment types (motifs).
 *
 * A resource is an agent's agenda, a partner's permanence or a room; a
 * motif is an appointment type: duration, place, capacity (1 = individual,
 * > 1 = collective workshop), what to bring. Both are archived (active = 0),
 * never deleted: appointments keep pointing at them. Every change is one
 * transaction with its journal entry; actor_id = the user acting (0 =
 * command line / system). Part of the agenda (agenda.h). */
#ifndef GUICHET_AGENDA_RESOURCE_H
#define GUICHET_AGENDA_RESOURCE_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/db.h"
#include "guichet/error.h"

#define AGENDA_UUID_LEN     36
#define AGENDA_NAME_MAX     120 /* bytes of a resource or motif name */
#define AGENDA_MAX_DURATION 480 /* minutes: no appointment lasts longer */

/* Resource kinds (resource.kind). */
#define AGENDA_KIND_AGENT      "agent"
#define AGENDA_KIND_PERMANENCE "permanence"
#define AGENDA_KIND_ROOM       "salle"

/* Places of a motif (motif.place). */
#define AGENDA_PLACE_ON_SITE "sur-place"
#define AGENDA_PLACE_PHONE   "telephone"
#define AGENDA_PLACE_HOME    "domicile"
#define AGENDA_PLACE_VIDEO   "visio"
extern const char *const agenda_places[]; /* the four above, NULL-terminated */

/* --- resources ------------------------------------------------------------ */

typedef struct agenda_resource {
    int64_t id;
    char uuid[AGENDA_UUID_LEN + 1];
    char kind[16];                  /* AGENDA_KIND_… */
    char name[AGENDA_NAME_MAX + 1]; /* unique: "CAF — permanence", "Mme Martin" */
    char operator_code[32];         /* partner operator (ref.h), "" for none */
    int64_t user_id;                /* the agent's account, 0 for none */
    char place[81];                 /* room shown on slips ("Bureau 2"), may be "" */
    int active;                     /* 0 = archived: no new booking */
} agenda_resource;

/* Adds a resource (id and uuid of *r are ignored; *id_out may be NULL).
 * G_ERR_INVALID naming the field ("kind", "name", "operator"), G_ERR_EXISTS
 * when the name is taken. */
g_status agenda_resource_add(g_db *db, int64_t actor_id, const agenda_resource *r, int64_t *id_out,
                             g_error *err);

/* Updates name, kind, operator, user, place and active of resource r->id. */
g_status agenda_resource_update(g_db *db, int64_t actor_id, const agenda_resource *r, g_error *err);

/* One resource. G_ERR_NOTFOUND (field "resource") when there is no such
 * id; a database failure is reported as such, never as not found. */
g_status agenda_resource_get(g_db *db, int64_t id, agenda_resource *out, g_error *err);

/* Finds a resource by id ("12") or exact name (command line). */
g_status agenda_resource_find(g_db *db, const char *id_or_name, agenda_resource *out, g_error *err);

/* Resources ordered by name; active_only = 1 skips archived ones. *out is
 * malloc'd (free()), NULL when *count is 0 or on failure. */
g_status agenda_resource_list(g_db *db, int active_only, agenda_resource **out, size_t *count,
                              g_error *err);

/* --- motifs ------------------------------------------------------------------ */

typedef struct agenda_motif {
    int64_t id;
    char uuid[AGENDA_UUID_LEN + 1];
    char name[AGENDA_NAME_MAX + 1]; /* "Ouverture de droits RSA" */
    char operator_code[32];         /* partner operator, "" for the site's own */
    int duration_min;               /* 5 … 480 */
    char place[16];                 /* AGENDA_PLACE_… */
    int capacity;                   /* 1 = individual, > 1 = workshop */
    char to_bring[256];             /* printed on the slip, may be "" */
    int active;
} agenda_motif;

/* Adds, updates, reads a motif, as for resources (fields "name",
 * "operator", "duration", "place", "capacity"; G_ERR_NOTFOUND field
 * "motif"). */
g_status agenda_motif_add(g_db *db, int64_t actor_id, const agenda_motif *m, int64_t *id_out,
                          g_error *err);
g_status agenda_motif_update(g_db *db, int64_t actor_id, const agenda_motif *m, g_error *err);
g_status agenda_motif_get(g_db *db, int64_t id, agenda_motif *out, g_error *err);

/* Motifs ordered by operator then name; operator_code NULL = all. */
g_status agenda_motif_list(g_db *db, int active_only, const char *operator_code, agenda_motif **out,
                           size_t *count, g_error *err);

/* Translated label of a place code ("Sur place", "Par téléphone" …). */
const char *agenda_place_label(const char *place);

#endif
