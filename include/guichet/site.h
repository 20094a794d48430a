/* site.h — the France Services site a database belongs to (table site).
 *
 * A database holds exactly one site, created once by `guichet init` (or the
 * demo), with a random secret used to pseudonymise visitors in the exports.
 * Reading it back is db_site_get (db.h). */
#ifndef GUICHET_SITE_H
#define GUICHET_SITE_H

#include <stddef.h>
#include "guichet/db.h"
#include "guichet/error.h"

/* Checks a France Services matricule: 1 to 31 characters among letters,
 * digits and "-" (e.g. "FS-58-0042"). Field "matricule". */
g_status site_check_matricule(const char *matricule, g_error *err);

/* Checks a commune INSEE code: empty, or 5 characters, digits except "2A"/"2B"
 * for Corsica (e.g. "58227", "2A004"). Field "commune". */
g_status site_check_commune(const char *commune, g_error *err);

/* Creates the site row (matricule, name, commune INSEE code or "" , zone
 * Europe/Paris when tz is NULL or "") with a fresh random 32-byte
 * pseudonym key, and journals `site-init` (user 0). Refuses with
 * G_ERR_EXISTS when the database already has a site. One transaction. */
g_status site_init(g_db *db, const char *matricule, const char *name, const char *commune,
                   const char *tz, g_error *err);

/* The site's name into out (size bytes), « France Services » while the
 * site is not set up yet; for printouts. A failure to read it is an error,
 * never the default name. */
g_status site_name(g_db *db, char *out, size_t size, g_error *err);

/* Sets the clock's zone (clock_set_zone) to the site's; keeps the default
 * while the site is not set up. G_ERR_INVALID (field "timezone") for a
 * zone this system does not know; a failure to read the site is an error,
 * never the default zone. */
g_status site_apply_zone(g_db *db, g_error *err);

#endif
