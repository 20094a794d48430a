/* referent_internal.h — shared by referent.c and referent_csv.c (private to
 * the core). Functions named "inside a transaction" neither begin nor
 * journal. */
#ifndef GUICHET_REFERENT_INTERNAL_H
#define GUICHET_REFERENT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "guichet/referent.h"

/* actor_id 0 (command line) or an enabled responsable; else G_ERR_DENIED. */
g_status referent_check_actor(g_db *db, int64_t actor_id, g_error *err);

/* Loads the referent with that uuid (any case). G_ERR_NOTFOUND. */
g_status referent_find_uuid(g_db *db, const char *uuid, referent *out, g_error *err);

/* Canonical forms of a validated r: E.164 phone, ISO dates (valid_from
 * "" = today). */
void referent_canonical(referent *r);

/* Inside a transaction: inserts r (validated, canonical); sets id, uuid. */
g_status referent_insert(g_db *db, referent *r, g_error *err);

/* Inside a transaction: writes the editable fields of r over row r->id. */
g_status referent_write(g_db *db, const referent *r, g_error *err);

/* Inside a transaction: old ends the day before r->valid_from and r starts
 * then, attached like old and naming it. */
g_status referent_do_replace(g_db *db, const referent *old, referent *r, g_error *err);

/* The names of the editable fields that differ, comma-separated. */
void referent_changed_fields(const referent *a, const referent *b, char *out, size_t size);

#endif
