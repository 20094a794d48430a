/* rgpd_internal.h — shared by rgpd.c and rgpd_access.c (private to the core). */
#ifndef GUICHET_RGPD_INTERNAL_H
#define GUICHET_RGPD_INTERNAL_H

#include <stdint.h>
#include "guichet/db.h"
#include "guichet/error.h"

/* G_OK when actor_id may do the site manager's data-protection duties: 0
 * (the command line) or an enabled responsable; else G_ERR_DENIED with a
 * French message. */
g_status rgpd_require_manager(g_db *db, int64_t actor_id, g_error *err);

/* The site's 32-byte pseudonym key (the one of the funders' files). */
g_status rgpd_site_key(g_db *db, unsigned char key[32], g_error *err);

/* Checks visitor_id is a live file (exists, not merged away, not
 * anonymised) and gives its uuid. G_ERR_NOTFOUND / G_ERR_CONFLICT. */
g_status rgpd_live_file(g_db *db, int64_t visitor_id, char uuid[37], g_error *err);

#endif
