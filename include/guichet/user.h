/* user.h — staff accounts: roles, Argon2id passwords, X25519 key pairs.
 *
 * A user's secret key is stored sealed (XChaCha20-Poly1305) under a key
 * derived from their password (crypto_pwhash, Argon2id); see docs/securite.md
 * for the parameters. Every change is journaled (audit.h) in the same
 * transaction. actor_id is the user doing it (0 = the command line/system). */
#ifndef GUICHET_USER_H
#define GUICHET_USER_H

#include <stdint.h>
#include "guichet/config.h"
#include "guichet/db.h"
#include "guichet/error.h"

typedef enum user_role {
    ROLE_ACCUEIL = 0,     /* reception agent */
    ROLE_CONSEILLER = 1,  /* partner advisor, social worker */
    ROLE_RESPONSABLE = 2, /* site manager */
} user_role;

#define USER_LOGIN_MAX    32 /* bytes, letters digits . _ - */
#define USER_NAME_MAX     80 /* bytes of the display name */
#define USER_PASSWORD_MAX 256

typedef struct user_info {
    int64_t id;
    char login[USER_LOGIN_MAX + 1];
    char display_name[USER_NAME_MAX + 1];
    user_role role;
    int disabled;
    int failed_attempts;
    int64_t locked_until; /* UTC, 0 = not locked */
    int64_t created_at;
    int64_t last_login_at; /* 0 = never */
} user_info;

const char *user_role_code(user_role role);            /* "accueil" … */
const char *user_role_label(user_role role);           /* translated, "Accueil" … */
int user_role_parse(const char *code, user_role *out); /* 0 ok, -1 unknown */

/* Checks a login's form and a password against the policy (length from
 * cfg->security.min_password_length). */
g_status user_check_login(const char *login, g_error *err);
g_status user_check_password(const g_config *cfg, const char *password, g_error *err);

g_status user_add(g_db *db, const g_config *cfg, int64_t actor_id, const char *login,
                  const char *display_name, user_role role, const char *password, int64_t *id_out,
                  g_error *err);

/* All users ordered by login; *out is malloc'd, free() it. */
g_status user_list(g_db *db, user_info **out, size_t *count, g_error *err);

g_status user_get(g_db *db, const char *login, user_info *out, g_error *err);
g_status user_get_by_id(g_db *db, int64_t id, user_info *out, g_error *err);

/* Disables (1) or re-enables (0) an account. The last enabled responsable
 * cannot be disabled. */
g_status user_set_disabled(g_db *db, int64_t actor_id, const char *login, int disabled,
                           g_error *err);

/* The user changes their own password: checks the old one, re-seals the same
 * secret key under the new one (notes stay readable). */
g_status user_change_password(g_db *db, const g_config *cfg, const char *login,
                              const char *old_password, const char *new_password, g_error *err);

/* A manager resets a password: a NEW key pair is generated, so notes wrapped
 * only for the old key become unreadable to that user. Also clears a lockout. */
g_status user_reset_password(g_db *db, const g_config *cfg, int64_t actor_id, const char *login,
                             const char *new_password, g_error *err);

/* Number of users (0 on a fresh database). */
g_status user_count(g_db *db, int *count, g_error *err);

#endif
