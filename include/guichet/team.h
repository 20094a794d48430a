/* team.h — the advisors' team key and the site recovery key.
 *
 * Notes of level `equipe` are sealed for one team key pair (X25519). Its
 * secret key is stored only sealed (crypto_box_seal): once for each member
 * (a conseiller or responsable, for the key pair of their current password
 * generation) and once for the site recovery key, whose secret is printed on
 * paper at `guichet init` and never stored. A new member gets the team key
 * when an existing member grants it; a manager's password reset gives the
 * user a new key pair, so a member must grant again. Every grant, creation
 * and restore is journaled (audit.h); no key material is ever journaled. */
#ifndef GUICHET_TEAM_H
#define GUICHET_TEAM_H

#include <stddef.h>
#include <stdint.h>

#include "guichet/auth.h"
#include "guichet/db.h"
#include "guichet/error.h"
#include "guichet/user.h"

/* Size of the buffer receiving the recovery key text: 56 symbols of
 * Crockford base32 (32 key bytes + 3 checksum bytes) in 14 groups of 4
 * separated by '-', and the NUL. */
#define RECOVERY_TEXT_SIZE 72

/* Creates the team key pair (once per site; G_ERR_EXISTS when it exists) and
 * seals its secret for every enabled conseiller and responsable existing now
 * and, when recovery_create ran before, for the site recovery key. Needs no
 * secret: sealing uses public keys only. actor_id: who (0 = command line).
 * Journaled `team-init`. One transaction. */
g_status team_init(g_db *db, int64_t actor_id, g_error *err);

/* At site creation (`guichet init`, after the first account): creates the
 * site recovery key (its paper text written into recovery_out, shown once by
 * the caller, then wiped) and then the team key, sealed for every conseiller
 * and responsable existing and for the recovery key. Two transactions
 * (recovery_create, team_init). */
g_status team_site_init(g_db *db, int64_t actor_id, char recovery_out[RECOVERY_TEXT_SIZE],
                        g_error *err);

/* *exists = 1 when a team key exists. A failing query is an error, never
 * "no key". */
g_status team_exists(g_db *db, int *exists, g_error *err);

/* A team member (`by`, unlocked session) gives the team key to user_id, an
 * enabled conseiller or responsable: the team secret, unsealed with by's
 * secret key, is sealed for user_id's current public key (replacing an older
 * grant). G_ERR_DENIED when `by` does not hold the team key or user_id is an
 * accueil/disabled account; G_ERR_LOCKED when the session is locked.
 * Journaled `team-grant`. */
g_status team_grant(g_db *db, const g_session *by, int64_t user_id, g_error *err);

/* Takes the team key away from user_id (their row is deleted). The caller
 * must be a responsable or the member themselves. Journaled `team-revoke`.
 * Note: what a member read before stays known to them; revoking stops
 * guichet from opening team notes for them from now on. */
g_status team_revoke(g_db *db, const g_session *by, int64_t user_id, g_error *err);

/* *has = 1 when the session can open the team key now (its sealed copy is
 * for the session's current key pair and opens). The secret is wiped at
 * once. */
g_status team_has_access(g_db *db, const g_session *s, int *has, g_error *err);

/* One conseiller/responsable and their team access, for the manager. */
typedef struct team_member {
    int64_t user_id;                      /* app_user.id */
    char login[USER_LOGIN_MAX + 1];       /* lowercase login */
    char display_name[USER_NAME_MAX + 1]; /* as shown */
    user_role role;                       /* conseiller or responsable */
    int disabled;                         /* 1 = account disabled */
    int has_access;                       /* 1 = a grant for their current key pair */
    int stale;                            /* 1 = a grant exists but for an older key pair */
    int64_t granted_at;                   /* UTC, 0 when none */
    int64_t granted_by;                   /* user id, 0 = init or recovery key */
} team_member;

/* Every conseiller and responsable, ordered by login, with their access.
 * *out is malloc'd (free() it); *count entries. */
g_status team_members(g_db *db, team_member **out, size_t *count, g_error *err);

/* Generates the site recovery key pair: stores the public key, writes the
 * secret key once into out as paper text (see RECOVERY_TEXT_SIZE) and never
 * stores it. When a team key exists, member must be an unlocked session that
 * holds it: the team secret is then sealed for the new recovery key (an older
 * recovery key stops working). When no team key exists member may be NULL.
 * The caller shows out once and wipes it (sodium_memzero). Journaled
 * `recovery-create`. */
g_status recovery_create(g_db *db, const g_session *member, char out[RECOVERY_TEXT_SIZE],
                         g_error *err);

/* *exists = 1 when a site recovery key exists (errors as team_exists). */
g_status recovery_exists(g_db *db, int *exists, g_error *err);

/* Checks the form of a recovery key typed back from paper (dashes, spaces
 * and case are ignored; O reads 0, I and L read 1) and its checksum.
 * G_ERR_INVALID with a French message naming the problem. */
g_status recovery_check_text(const char *text, g_error *err);

/* When the whole team is locked out: with the recovery key typed from paper,
 * unseals the team secret and seals it for user_id (an enabled conseiller or
 * responsable). It opens nothing else: no private note is sealed for the
 * recovery key. G_ERR_INVALID for a mistyped key, G_ERR_DENIED for the key of
 * another site. actor_id: who ran it (0 = command line). Journaled
 * `recovery-restore`. */
g_status recovery_restore_team(g_db *db, int64_t actor_id, const char *recovery_text,
                               int64_t user_id, g_error *err);

#endif
