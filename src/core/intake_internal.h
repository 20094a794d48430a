/* intake_internal.h — shared by visitor.c and visit.c, and by the modules
 * that list visitors by name (private to the core). */
#ifndef GUICHET_INTAKE_INTERNAL_H
#define GUICHET_INTAKE_INTERNAL_H

#include <stdint.h>
#include "guichet/db.h"
#include "guichet/error.h"
#include "guichet/user.h"

/* The visitor's name as the lists show it, « Lefèvre Élodie »: last name,
 * then first names (the order of visitor_name(), the queue and the search),
 * "" once the file is anonymised. The query joins the visitor table as `v`. */
#define VISITOR_LIST_NAME_SQL                                                                      \
    "CASE WHEN v.anonymised_at IS NULL THEN trim(ifnull(v.last_name, '') || ' ' || "               \
    "ifnull(v.first_names, '')) ELSE '' END"

/* The acting user's role; G_ERR_DENIED (French message) when the account
 * does not exist or is disabled. */
g_status intake_actor_role(g_db *db, int64_t actor_id, user_role *role, g_error *err);

/* Number of characters of s when it is valid UTF-8 without control
 * characters; -1 otherwise. */
long intake_text_chars(const char *s);

/* Recomputes the derived columns of visitor id (its search words, its
 * national phone number) from the row as it is: a file whose names were
 * merged field by field by a sync import (sync_import.c). */
g_status visitor_rederive(g_db *db, int64_t id, g_error *err);

#endif
